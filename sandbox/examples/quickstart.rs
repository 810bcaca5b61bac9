//! Quickstart: one tour of the crate, against the local sandbox (no account, no network), or
//! against the real service when `TIM_SDKAPPID`, `TIM_SECRET_KEY`, `TIM_ADMIN` and `TIM_REGION` are
//! set.
//!
//! ```sh
//! cargo run --example quickstart
//! TIM_SDKAPPID=1400000000 TIM_SECRET_KEY=... TIM_ADMIN=administrator TIM_REGION=singapore \
//!     cargo run --example quickstart
//! ```
//!
//! It imports two accounts, creates a group, a friend list and a conversation group, deletes them
//! again through the three endpoints the crate started from, and shows a request refused before
//! sending (a documented limit) and an error answered by the service.

use chat_api::account::AccountImportRequest;
use chat_api::group::{CreateGroupMember, CreateGroupRequest, DestroyGroupError, DestroyGroupRequest};
use chat_api::recent_contact::{ContactRef, CreateContactGroupRequest, DelContactGroupRequest, NewContactGroup};
use chat_api::sns::{GroupAddRequest, GroupDeleteRequest};
use chat_api::{Client, ConversationType, Error, GroupType};
use std::error::Error as _;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> Result<()> {
    // Kept alive to the end: dropping the sandbox stops it.
    let (client, _sandbox) = match real_service()? {
        Some(client) => {
            println!("using the real service as {} of app {}", client.admin(), client.sdkappid());
            (client, None)
        }
        None => {
            let config = chat_api_sandbox::Config::new(1400000000, "administrator", "quickstart-secret-key");
            let sandbox = chat_api_sandbox::Sandbox::start(config).await?;
            println!("started the local sandbox at {} (set TIM_* to use the real service)", sandbox.url());
            (sandbox.client(), Some(sandbox))
        }
    };
    // Unique names, so that runs against the real service do not collide.
    let run = std::process::id();
    let (alice, bob) = (format!("qs_alice_{run}"), format!("qs_bob_{run}"));

    step("import two accounts");
    for id in [&alice, &bob] {
        client.account().account_import(AccountImportRequest::new(id.as_str()).with_nick("Quickstart")).await?;
        println!("   imported {id}");
    }

    step("create a group with alice as owner and bob as member");
    let request = CreateGroupRequest::new(GroupType::Public, "Quickstart group")
        .with_owner_account(alice.as_str())
        .with_member_list([CreateGroupMember::new(bob.as_str())]);
    let group_id = client.group().create_group(request).await?.group_id;
    println!("   group {group_id}");

    step("create a friend list `work` for alice, with bob in it");
    let reply =
        client.sns().group_add(GroupAddRequest::new(alice.as_str(), ["work"]).with_to_account([bob.as_str()])).await?;
    println!("   friend lists at sequence {}", reply.current_sequence);

    step("create a conversation group `projects` for alice (Premium edition)");
    let item =
        NewContactGroup::new("projects", [ContactRef::new(ConversationType::OneToOne).with_to_account(bob.as_str())]);
    let reply =
        client.recent_contact().create_contact_group(CreateContactGroupRequest::new(alice.as_str(), [item])).await?;
    println!("   conversation group number {}", reply.group_result_item[0].group_item.group_id);

    step("delete them: destroy_group, sns/group_delete, recentcontact/del_contact_group");
    client.group().destroy_group(DestroyGroupRequest::new(group_id.as_str())).await?;
    println!("   group {group_id} disbanded");
    let reply = client.sns().group_delete(GroupDeleteRequest::new(alice.as_str(), ["work"])).await?;
    println!("   friend list deleted, sequence now {}", reply.current_sequence);
    let reply =
        client.recent_contact().del_contact_group(DelContactGroupRequest::new(alice.as_str(), ["projects"])).await?;
    println!("   conversation group {} deleted", reply.group_item[0].group_name);

    step("a request that breaks a documented limit is refused before sending");
    let too_many = GroupDeleteRequest::new(alice.as_str(), (0..33).map(|i| format!("list{i}")));
    match client.sns().group_delete(too_many).await {
        Err(Error::Refused(violation)) => println!("   refused: {violation}"),
        other => return Err(format!("expected a refusal, got {other:?}").into()),
    }

    step("an error answered by the service: disband the group again");
    match client.group().destroy_group(DestroyGroupRequest::new(group_id.as_str())).await {
        Err(Error::Service(DestroyGroupError::GroupNotFound(detail))) => {
            println!("   error {}: the group is gone (service says: {})", detail.code, detail.info);
        }
        Err(e) => {
            return Err(format!(
                "expected error 10010, got {e}{}",
                e.source().map(|s| format!(": {s}")).unwrap_or_default()
            )
            .into());
        }
        Ok(_) => return Err("expected error 10010, the call succeeded".into()),
    }

    println!("\ndone: {} UserSig signed for all these calls", client.usersig_signatures());
    Ok(())
}

fn step(what: &str) {
    println!("\n-> {what}");
}

/// A client of the real service when `TIM_*` variables are set (see `Client::from_env`); none when
/// none is.
fn real_service() -> Result<Option<Client>> {
    let vars = ["TIM_SDKAPPID", "TIM_SECRET_KEY", "TIM_ADMIN", "TIM_REGION", "TIM_BASE_URL"];
    if vars.iter().all(|v| std::env::var_os(v).is_none()) {
        return Ok(None);
    }
    // Names every variable that is missing or malformed.
    Ok(Some(Client::from_env()?))
}
