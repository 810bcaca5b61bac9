//! `Client::from_env` reads the process environment. The environment is process-wide (and changing
//! it is `unsafe`), so the test runs itself again as a child process with the variables set.

use std::process::Command;

const KEY: &str = "from-env-SECRET-7d1c";

#[test]
fn from_env_reads_the_process_environment() {
    if std::env::var_os("CHAT_API_FROM_ENV_CHILD").is_some() {
        match chat_api::Client::from_env() {
            Ok(client) => println!("CLIENT {} {} {client:?}", client.sdkappid(), client.admin()),
            Err(e) => println!("ERROR {e}"),
        }
        return;
    }
    let run = |vars: &[(&str, &str)]| {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args(["--exact", "from_env_reads_the_process_environment", "--nocapture", "--test-threads=1"]);
        for name in ["TIM_SDKAPPID", "TIM_SECRET_KEY", "TIM_ADMIN", "TIM_REGION", "TIM_BASE_URL"] {
            cmd.env_remove(name);
        }
        cmd.env("CHAT_API_FROM_ENV_CHILD", "1").envs(vars.iter().copied());
        let out = cmd.output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let ok = run(&[
        ("TIM_SDKAPPID", "1400000001"),
        ("TIM_SECRET_KEY", KEY),
        ("TIM_ADMIN", "ops"),
        ("TIM_BASE_URL", "http://127.0.0.1:9"),
    ]);
    assert!(ok.contains("CLIENT 1400000001 ops") && ok.contains("http://127.0.0.1:9/v4/"), "{ok}");
    let bad = run(&[("TIM_SDKAPPID", "app"), ("TIM_SECRET_KEY", KEY), ("TIM_REGION", "moon")]);
    assert!(bad.contains("ERROR") && bad.contains("not set: TIM_ADMIN"), "{bad}");
    assert!(bad.contains("TIM_SDKAPPID must be a number") && bad.contains("unknown region `moon`"), "{bad}");
    assert!(!ok.contains(KEY) && !bad.contains(KEY), "the key is never shown: {ok} {bad}");
}
