//! `sandbox`: serve the emulator until stopped.
//!
//! `cargo run -p chat-api-sandbox -- --sdkappid 1400000000 --key SECRET [--admin administrator]
//! [--port 0] [--edition pro|premium|enterprise] [--no-rate-limits] [--header-timeout 10]
//! [--body-timeout 10] [--max-connections 512] [--webhook-url URL [--webhook-token TOKEN]]`

use chat_api::runtime::Edition;
use chat_api_sandbox::{Config, Sandbox, ServerOptions};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

const USAGE: &str = "\
usage: sandbox --sdkappid <number> --key <secret> [options]

  --sdkappid <number>   the app's SDKAppID (required)
  --key <secret>        the app's secret key, to verify UserSigs (required)
  --admin <id>          the admin account (default: administrator)
  --port <port>         port on 127.0.0.1 (default: 0, any free port)
  --edition <name>      pro, premium or enterprise (default: premium)
  --no-rate-limits      do not enforce the documented call frequencies
  --header-timeout <s>  seconds to wait for a request's headers, or an idle connection's next (10)
  --body-timeout <s>    seconds to wait for a request's body (10)
  --max-connections <n> connections served at once; more wait to be accepted (512)
  --webhook-url <url>   post callbacks to this http:// URL (the app's webhook server)
  --webhook-token <t>   sign them with this token (Sign, RequestTime)
";

struct Args {
    config: Config,
    port: u16,
    server: ServerOptions,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let (mut sdkappid, mut key, mut admin, mut port, mut edition, mut rate_limits) =
        (None, None, "administrator".to_string(), 0u16, Edition::Premium, true);
    let mut server = ServerOptions::default();
    let (mut webhook_url, mut webhook_token): (Option<String>, Option<String>) = (None, None);
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
    Ok(Args { config, port, server })
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
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("sandbox: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (sdkappid, admin) = (args.config.sdkappid, args.config.admin.clone());
    let sandbox =
        match Sandbox::start_with(args.config, SocketAddr::from(([127, 0, 0, 1], args.port)), args.server).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("sandbox: cannot listen on 127.0.0.1:{}: {e}", args.port);
                return ExitCode::FAILURE;
            }
        };
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
