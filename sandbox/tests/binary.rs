//! The `sandbox` binary: prints its address, serves until stopped, and explains bad flags.

use chat_api::runtime::{Edition, Endpoint};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn it_prints_its_address_and_serves_the_api() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chat-api-sandbox"))
        .args(["--sdkappid", "1400000000", "--key", "bin-key", "--admin", "boss", "--edition", "pro"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")).expect("an address").to_string();
    assert!(first.contains("sdkappid 1400000000") && first.contains("admin boss"), "{first}");

    // An endpoint the spec reserves for Premium: on Pro it gets the spec's edition code.
    // (Conversation groups no longer serve as the probe: the newest pages open them to Pro.)
    type PremiumOnly = chat_api::all_member_push::ImGetAttrNameRequest;
    assert_eq!(<PremiumOnly as Endpoint>::EDITION, Some(Edition::Premium), "the probe needs a Premium-only endpoint");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let code = runtime.block_on(async {
        let client = chat_api::Client::builder(1400000000, "boss", "bin-key", chat_api::Region::China)
            .base_url(&url)
            .build()
            .unwrap();
        client.all_member_push().im_get_attr_name(PremiumOnly::new()).await.unwrap_err().code()
    });
    assert_eq!(code, <PremiumOnly as Endpoint>::EDITION_CODE, "--edition pro was taken: Premium endpoints are refused");
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn bad_flags_get_a_clear_message() {
    let cases: [(&[&str], &str); 5] = [
        (&["--key", "k"], "--sdkappid is required"),
        (&["--sdkappid", "abc", "--key", "k"], "--sdkappid must be a number, not `abc`"),
        (&["--sdkappid", "1"], "--key is required"),
        (&["--sdkappid", "1", "--key", "k", "--edition", "gold"], "--edition must be pro, premium or enterprise"),
        (&["--sdkappid", "1", "--key", "k", "--verbose"], "unknown option `--verbose`"),
    ];
    for (args, message) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_chat-api-sandbox")).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(err.contains(message) && err.contains("usage: chat-api-sandbox"), "{args:?}: {err}");
    }
}
