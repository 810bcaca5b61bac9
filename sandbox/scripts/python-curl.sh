#!/usr/bin/env bash
# The sandbox from another language, as its README shows: a UserSig signed by the vendor's Python
# library (TLSSigAPIv2, pip package `tls-sig-api-v2`), plain curl for the API and the control routes.
# Needs python3 with pip, curl, and PyPI on the first run. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${CARGO_TARGET_DIR:-target}
pylib="$target/python-tlssig"
[ -f "$pylib/TLSSigAPIv2.py" ] || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target "$pylib" tls-sig-api-v2==1.1
cargo build --quiet -p chat-api-sandbox

work=$(mktemp -d)
"$target/debug/chat-api-sandbox" --sdkappid 1400000000 --key SECRET --log "$work/calls.jsonl" >"$work/banner" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q listening "$work/banner" 2>/dev/null && break; sleep 0.1; done
SANDBOX=$(grep -o 'http://[0-9.:]*' "$work/banner" | head -1)

fail() { echo "python-curl: $*" >&2; exit 1; }
expect() { grep -q -- "$2" <<<"$1" || fail "expected $2 in: $1"; }

# --- the README's commands, from here on ---
USERSIG=$(PYTHONPATH="$pylib" python3 -c '
import TLSSigAPIv2
print(TLSSigAPIv2.TLSSigAPIv2(1400000000, "SECRET").gen_sig("administrator", 86400))')
Q="sdkappid=1400000000&identifier=administrator&usersig=$USERSIG&contenttype=json"

reply=$(curl -s "$SANDBOX/v4/sns/group_add?$Q&random=$RANDOM" -d '{"From_Account": "administrator", "GroupName": ["work"]}')
expect "$reply" '"ActionStatus":"OK"'

curl -s -X POST "$SANDBOX/_sandbox/faults" -d '{"fault": "code", "code": 10002, "endpoint": "sns/group_get"}' >/dev/null
reply=$(curl -s "$SANDBOX/v4/sns/group_get?$Q&random=$RANDOM" -d '{"From_Account": "administrator"}')
expect "$reply" '"ErrorCode":10002'

state=$(curl -s "$SANDBOX/_sandbox/state")
expect "$state" '"work"'
curl -s -X POST "$SANDBOX/_sandbox/reset" >/dev/null
expect "$(curl -s "$SANDBOX/_sandbox/state")" '"friend_lists":{}'
# --- end of the README's commands ---

# A UserSig signed for another key is refused; the log names each call without the UserSig.
BAD=$(PYTHONPATH="$pylib" python3 -c '
import TLSSigAPIv2
print(TLSSigAPIv2.TLSSigAPIv2(1400000000, "OTHER").gen_sig("administrator", 86400))')
reply=$(curl -s "$SANDBOX/v4/sns/group_get?sdkappid=1400000000&identifier=administrator&usersig=$BAD&random=1&contenttype=json" -d '{"From_Account": "administrator"}')
expect "$reply" '"ActionStatus":"FAIL"'
[ "$(grep -c '"path":"/v4/sns/' "$work/calls.jsonl")" = 3 ] || fail "three API calls logged: $(cat "$work/calls.jsonl")"
! grep -q -- "$USERSIG" "$work/calls.jsonl" || fail "the log holds the UserSig"
echo "python-curl: a TLSSigAPIv2 UserSig and curl drove the sandbox"
