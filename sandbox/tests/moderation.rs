//! Cloud moderation keyword libraries (`v4/im_msg_audit_mgr/*_cloud_audit_keywords*`) through
//! the real `chat_api::Client` against the sandbox.

use chat_api::Error;
use chat_api::content_moderation::{ModerateBatchRequest, ModerateRequest, ModerationItem};
use chat_api::moderation::{
    AddCloudKeywordsError, AddCloudKeywordsRequest, CloudKeyword, DeleteCloudKeywordsRequest,
    GetCloudKeywordLibrariesRequest, GetCloudKeywordsRequest, NewCloudKeyword,
};
use chat_api_sandbox::state::KeywordLibrary;
use futures_util::TryStreamExt;

mod common;
use common::{config, once, sandbox};

const LIB: &str = "lib-1";

#[tokio::test]
async fn keyword_libraries_take_list_and_drop_words() {
    let s = sandbox().await;
    let app = i64::try_from(config().sdkappid).unwrap();
    s.emulator().edit_state(|st| {
        st.moderation.libraries.insert(LIB.into(), KeywordLibrary::new("main", "Block"));
        st.moderation.libraries.insert("lib-2".into(), KeywordLibrary::new("other", "Review"));
    });
    let api = once(&s);
    let m = api.moderation();

    let libs = m.get_cloud_keyword_libraries(GetCloudKeywordLibrariesRequest::new(app, 0, 1)).await.unwrap();
    assert_eq!(libs.total_count, Some(2));
    let first = libs.infos.unwrap();
    assert_eq!((first.len(), first[0].id.as_str(), first[0].suggestion.as_deref()), (1, LIB, Some("Block")));

    let words = ["spam", "scam", "spammer"].map(|w| NewCloudKeyword::new(w).with_label("Ad"));
    m.add_cloud_keywords(AddCloudKeywordsRequest::new(app, LIB, words)).await.unwrap();
    let all: Vec<CloudKeyword> =
        m.get_cloud_keywords_all(GetCloudKeywordsRequest::new(app, 0, 2, LIB)).try_collect().await.unwrap();
    let listed: Vec<&str> = all.iter().map(|k| k.content.as_str()).collect();
    assert_eq!(listed, ["scam", "spam", "spammer"], "every page, by offset");
    let matched =
        m.get_cloud_keywords(GetCloudKeywordsRequest::new(app, 0, 10, LIB).with_content("spam")).await.unwrap();
    assert_eq!(matched.total_count, Some(2), "spam and spammer match");

    let gone = m.delete_cloud_keywords(DeleteCloudKeywordsRequest::new(app, LIB, ["spam", "ham"])).await.unwrap();
    let deleted: Vec<(String, Option<bool>)> =
        gone.details.unwrap().into_iter().map(|d| (d.keyword, d.deleted)).collect();
    assert_eq!(deleted, [("spam".to_string(), Some(true)), ("ham".to_string(), Some(false))]);
    assert_eq!(gone.count, Some(2));
    assert!(!s.emulator().state().moderation.libraries[LIB].keywords.contains_key("spam"));

    let eleven: Vec<String> = (0..11).map(|i| format!("w{i}")).collect();
    let refused = m.delete_cloud_keywords(DeleteCloudKeywordsRequest::new(app, LIB, eleven)).await;
    assert!(matches!(refused, Err(Error::Refused(_))), "11 is over 10 per call: {refused:?}");
    let other_app = m.add_cloud_keywords(AddCloudKeywordsRequest::new(app + 1, LIB, [NewCloudKeyword::new("x")])).await;
    assert!(matches!(other_app, Err(Error::Service(AddCloudKeywordsError::InvalidParameter(_)))), "{other_app:?}");
    let no_lib = m.get_cloud_keywords(GetCloudKeywordsRequest::new(app, 0, 10, "nope")).await.unwrap_err();
    assert_eq!(no_lib.code(), Some(2003));
}

#[tokio::test]
async fn content_moderation_answers_from_the_keyword_libraries() {
    let s = sandbox().await;
    let app = i64::try_from(config().sdkappid).unwrap();
    s.emulator().edit_state(|st| {
        st.moderation.libraries.insert(LIB.into(), KeywordLibrary::new("main", "Block"));
    });
    let api = once(&s);
    let words = [NewCloudKeyword::new("scam").with_label("Ad")];
    api.moderation().add_cloud_keywords(AddCloudKeywordsRequest::new(app, LIB, words)).await.unwrap();

    let bad = api.content_moderation().moderate(ModerateRequest::new("C2C", "Text", "a scam offer")).await.unwrap();
    assert_eq!((bad.result.as_deref(), bad.label.as_deref(), bad.score), (Some("Block"), Some("Ad"), Some(100)));
    assert_eq!(bad.keywords.unwrap(), ["scam"]);
    let fine = api.content_moderation().moderate(ModerateRequest::new("Group", "Text", "hello")).await.unwrap();
    assert_eq!((fine.result.as_deref(), fine.score), (Some("Pass"), Some(0)));

    // Deleting the word lets the same text pass.
    api.moderation().delete_cloud_keywords(DeleteCloudKeywordsRequest::new(app, LIB, ["scam"])).await.unwrap();
    let now = api.content_moderation().moderate(ModerateRequest::new("C2C", "Text", "a scam offer")).await.unwrap();
    assert_eq!(now.result.as_deref(), Some("Pass"));

    let odd = api.content_moderation().moderate(ModerateRequest::new("C2C", "Pdf", "x")).await.unwrap_err();
    assert_eq!(odd.code(), Some(2003));
    let long = api.content_moderation().moderate(ModerateRequest::new("C2C", "Text", "x".repeat(8193))).await;
    assert!(matches!(long, Err(Error::Refused(_))), "over 8 KB: {long:?}");
}

#[tokio::test]
async fn batch_moderation_answers_each_item_by_its_id() {
    let s = sandbox().await;
    s.emulator().edit_state(|st| {
        let mut lib = KeywordLibrary::new("main", "Review");
        lib.keywords.insert("promo".into(), Default::default());
        st.moderation.libraries.insert(LIB.into(), lib);
    });
    let api = once(&s);
    let items = [ModerationItem::new(7, "Text", "big promo"), ModerationItem::new(9, "Text", "hi")];
    let got = api.content_moderation().moderate_batch(ModerateBatchRequest::new("Group", items)).await.unwrap();
    let verdicts: Vec<(Option<i64>, Option<String>)> =
        got.audit_results.unwrap().into_iter().map(|r| (r.content_id, r.result)).collect();
    assert_eq!(verdicts, [(Some(7), Some("Review".to_string())), (Some(9), Some("Pass".to_string()))]);
    let twice = [ModerationItem::new(1, "Text", "a"), ModerationItem::new(1, "Text", "b")];
    let twice = api.content_moderation().moderate_batch(ModerateBatchRequest::new("Group", twice)).await.unwrap_err();
    assert_eq!(twice.code(), Some(2003), "an ID used twice");
    let many: Vec<ModerationItem> = (0..11).map(|i| ModerationItem::new(i, "Text", "x")).collect();
    let refused = api.content_moderation().moderate_batch(ModerateBatchRequest::new("Group", many)).await;
    assert!(matches!(refused, Err(Error::Refused(_))), "11 is over 10 per call: {refused:?}");
}
