//! `chat-api-sandbox`: serve the emulator until stopped. `--help` lists the options and the control
//! routes.

use chat_api::runtime::Edition;
use chat_api_sandbox::{Config, Sandbox, ServerOptions};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: chat-api-sandbox --sdkappid <number> --key <secret> [options]

A local emulator of the Tencent Cloud Chat REST API: POST /v4/<service>/<command> as to the real
service, with a UserSig signed with --key for --admin.

  --sdkappid <number>   the app's SDKAppID (required)
  --key <secret>        the app's secret key, to verify UserSigs (required)
  --admin <id>          the admin account (default: administrator)
  --port <port>         port on 127.0.0.1 (default: 0, any free port)
  --bind <ip[:port]>    address to listen on instead (e.g. 0.0.0.0:8080; port 0 or none: any)
  --log <file>          append a JSON line per call (UserSig redacted); `-` for stderr
  --seed <file>         start from the state in this JSON file (the form GET /_sandbox/state gives)
  --state <file>        the state file: loaded at start if it exists; POST /_sandbox/save writes
                        it, POST /_sandbox/load reads it again
  --edition <name>      pro, premium or enterprise (default: premium)
  --no-rate-limits      do not enforce the documented call frequencies
  --header-timeout <s>  seconds to wait for a request's headers, or an idle connection's next (10)
  --body-timeout <s>    seconds to wait for a request's body (10)
  --max-connections <n> connections served at once; more wait to be accepted (512)
  --webhook-url <url>   post callbacks to this http:// URL (the app's webhook server)
  --webhook-token <t>   sign them with this token (Sign, RequestTime)

control routes (no authentication: keep the sandbox on a trusted address):
{ROUTES}";

struct Args {
    config: Config,
    port: u16,
    server: ServerOptions,
    tools: Tools,
}

/// The options of the control surface and the request log (see `tools`).
#[derive(Default)]
struct Tools {
    bind: Option<SocketAddr>,
    log: Option<String>,
    seed: Option<PathBuf>,
    state: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let (mut sdkappid, mut key, mut admin, mut port, mut edition, mut rate_limits) =
        (None, None, "administrator".to_string(), 0u16, Edition::Premium, true);
    let mut server = ServerOptions::default();
    let (mut webhook_url, mut webhook_token): (Option<String>, Option<String>) = (None, None);
    let mut tools = Tools::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--sdkappid" => {
                let v = value("--sdkappid")?;
                sdkappid = Some(v.parse::<u64>().map_err(|_| format!("--sdkappid must be a number, not `{v}`"))?);
            }
            "--key" => key = Some(value("--key")?),
            "--admin" => admin = value("--admin")?,
            "--port" => {
                let v = value("--port")?;
                port = v.parse().map_err(|_| format!("--port must be a port number (0-65535), not `{v}`"))?;
            }
            "--edition" => {
                edition = match value("--edition")?.as_str() {
                    "pro" => Edition::Pro,
                    "premium" => Edition::Premium,
                    "enterprise" => Edition::Enterprise,
                    other => return Err(format!("--edition must be pro, premium or enterprise, not `{other}`")),
                }
            }
            "--no-rate-limits" => rate_limits = false,
            "--header-timeout" => server.header_timeout = seconds("--header-timeout", &value("--header-timeout")?)?,
            "--body-timeout" => server.body_timeout = seconds("--body-timeout", &value("--body-timeout")?)?,
            "--max-connections" => {
                let v = value("--max-connections")?;
                let n = v.parse::<usize>().ok().filter(|n| *n > 0);
                server =
                    server.max_connections(n.ok_or(format!("--max-connections must be a positive number, not `{v}`"))?);
            }
            "--webhook-url" => webhook_url = Some(value("--webhook-url")?),
            "--webhook-token" => webhook_token = Some(value("--webhook-token")?),
            "--bind" => tools.bind = Some(parse_bind(&value("--bind")?)?),
            "--log" => tools.log = Some(value("--log")?),
            "--seed" => tools.seed = Some(value("--seed")?.into()),
            "--state" => tools.state = Some(value("--state")?.into()),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let sdkappid = sdkappid.ok_or("--sdkappid is required")?;
    let key = key.ok_or("--key is required")?;
    if key.is_empty() {
        return Err("--key must not be empty".into());
    }
    let mut config = Config::new(sdkappid, admin, key).edition(edition).rate_limits(rate_limits);
    match (webhook_url, webhook_token) {
        (Some(url), _) if !url.starts_with("http://") => {
            return Err(format!("--webhook-url must be an http:// URL, not `{url}`"));
        }
        (Some(url), token) => config = config.webhook(url, token.as_deref()),
        (None, Some(_)) => return Err("--webhook-token needs --webhook-url".into()),
        (None, None) => {}
    }
    Ok(Args { config, port, server, tools })
}

/// A positive number of seconds (fractions allowed) for a timeout option.
fn seconds(flag: &str, v: &str) -> Result<std::time::Duration, String> {
    let secs = v.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0 && *s < 1e9);
    secs.map(std::time::Duration::from_secs_f64)
        .ok_or(format!("{flag} must be a positive number of seconds, not `{v}`"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&args) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            print!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("chat-api-sandbox: {e}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let (sdkappid, admin) = (args.config.sdkappid, args.config.admin.clone());
    let addr = args.tools.bind.unwrap_or(SocketAddr::from(([127, 0, 0, 1], args.port)));
    let sandbox = match Sandbox::start_with(args.config, addr, args.server).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("chat-api-sandbox: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = set_up_tools(sandbox.emulator(), &args.tools) {
        eprintln!("chat-api-sandbox: {e}");
        return ExitCode::FAILURE;
    }
    // Written once and unchecked: whoever reads the address may close the pipe afterwards.
    let banner = format!(
        "sandbox listening on {} (sdkappid {sdkappid}, admin {admin}); Ctrl-C stops it\nendpoints: {}\n",
        sandbox.url(),
        sandbox.emulator().endpoints().join(", ")
    );
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
    drop(out);
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

fn usage() -> String {
    USAGE.replace("{ROUTES}", chat_api_sandbox::control::ROUTES)
}

/// `ip` or `ip:port` (IPv6 as `[::1]:8080`).
fn parse_bind(v: &str) -> Result<SocketAddr, String> {
    v.parse::<SocketAddr>()
        .or_else(|_| v.parse::<IpAddr>().map(|ip| SocketAddr::new(ip, 0)))
        .map_err(|_| format!("--bind must be an IP address with an optional port, not `{v}`"))
}

/// The request log, the seed and the state file, in that order (a state file that exists wins over
/// the seed: it is the later state).
fn set_up_tools(emulator: &chat_api_sandbox::Emulator, tools: &Tools) -> Result<(), String> {
    match tools.log.as_deref() {
        Some("-") => emulator.log_requests(std::io::stderr()),
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| format!("--log {path}: {e}"))?;
            emulator.log_requests(file);
        }
        None => {}
    }
    if let Some(seed) = &tools.seed {
        emulator.seed_from_file(seed).map_err(|e| format!("--seed {e}"))?;
    }
    if let Some(state) = &tools.state {
        emulator.set_state_file(state);
        if state.exists() {
            emulator.load_state().map_err(|e| format!("--state {e}"))?;
        }
    }
    Ok(())
}
