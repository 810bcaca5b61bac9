//! A webhook server for the app: it verifies each callback, refuses group messages that mention a
//! banned word, rewrites those that ask for it, and acknowledges everything else.
//!
//! ```sh
//! cargo run -p chat-api-sandbox --example webhook_server
//! ```
//!
//! It serves on 127.0.0.1 and, to show the round trip without an account, points a local sandbox
//! at itself: the sandbox posts signed callbacks as the service would, and applies the answers.

use chat_api::account::AccountImportRequest;
use chat_api::group::{CreateGroupMember, CreateGroupRequest, GroupMsgGetSimpleRequest, SendGroupMsgRequest};
use chat_api::webhook::{Answer, Event, GroupBeforeSendMsgReply, Query, Verifier};
use chat_api::{GroupType, MsgElement, TextElem};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const SDKAPPID: u64 = 1400000000;
const TOKEN: &str = "my-webhook-token";

/// The app's decisions.
async fn on_callback(query: Query, event: Event) -> Answer {
    println!("  <- {} from {}", query.command, query.platform.as_deref().unwrap_or("?"));
    match event {
        Event::GroupBeforeSendMsg(m) => {
            let said = serde_json::to_string(&m.msg_body).unwrap_or_default();
            if said.contains("casino") {
                GroupBeforeSendMsgReply::refuse(10100, "links to gambling are not allowed").into()
            } else if said.contains("shout") {
                let loud = m.msg_body.unwrap_or_default().into_iter().map(|e| match e {
                    MsgElement::Text(TextElem { text, .. }) => MsgElement::text(text.to_uppercase()),
                    other => other,
                });
                GroupBeforeSendMsgReply::allow_with_body(loud.collect()).into()
            } else {
                GroupBeforeSendMsgReply::allow().into()
            }
        }
        // After-callbacks and commands this version does not know are acknowledged.
        other => other.allow(),
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/im-webhook", listener.local_addr()?);
    println!("webhook server on {url}");
    tokio::spawn(chat_api::webhook::server::serve(listener, Verifier::new(SDKAPPID, TOKEN), on_callback));

    let config = chat_api_sandbox::Config::new(SDKAPPID, "administrator", "sandbox-key").webhook(&url, Some(TOKEN));
    let sandbox = chat_api_sandbox::Sandbox::start(config).await?;
    let client = sandbox.client();
    for id in ["alice", "bob"] {
        client.account().account_import(AccountImportRequest::new(id)).await?;
    }
    let group = CreateGroupRequest::new(GroupType::Public, "demo")
        .with_owner_account("alice")
        .with_member_list([CreateGroupMember::new("bob")]);
    let group = client.group().create_group(group).await?.group_id;

    for words in ["hello", "visit my casino", "shout this"] {
        let send = SendGroupMsgRequest::new(&group, [MsgElement::text(words)]).with_from_account("bob");
        match client.group().send_group_msg(send).await {
            Ok(_) => println!("-> {words:?}: sent"),
            Err(e) => println!("-> {words:?}: refused ({e})"),
        }
    }
    let history = client.group().group_msg_get_simple(GroupMsgGetSimpleRequest::new(&group, 10)).await?;
    println!("stored, newest first:");
    for m in history.rsp_msg_list.unwrap_or_default() {
        println!("  {}", serde_json::to_string(&m.msg_body)?);
    }
    Ok(())
}
