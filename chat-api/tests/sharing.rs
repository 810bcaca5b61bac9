//! One `Client` shared by many tasks: one connection pool, one UserSig signed once.

use chat_api::Client;
use chat_api::sns::GroupGetRequest;
use sandbox::{Config, Sandbox};

const KEY: &str = "sharing-test-secret-key";

async fn sandbox() -> Sandbox {
    let s = Sandbox::start(Config::new(1400000000, "administrator", KEY).rate_limits(false)).await.unwrap();
    s.emulator().edit_state(|st| st.add_account("alice"));
    s
}

#[test]
fn client_is_clone_send_sync() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Client>();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_tasks_share_one_signature_and_the_pool() {
    let s = sandbox().await;
    let client = s.client();
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in 0..10 {
                    client.sns().group_get(GroupGetRequest::new("alice")).await.expect("call succeeds");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(client.usersig_signatures(), 1, "320 concurrent calls, one UserSig");
    // Connections are reused: far fewer than calls (exact counts depend on scheduling).
    assert!(s.connections_accepted() < 160, "320 calls opened {} connections", s.connections_accepted());

    let before = s.connections_accepted();
    for _ in 0..50 {
        client.sns().group_get(GroupGetRequest::new("alice")).await.unwrap();
    }
    assert!(s.connections_accepted() - before <= 1, "sequential calls reuse pooled connections");
}
