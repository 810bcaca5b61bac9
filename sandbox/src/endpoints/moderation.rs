//! Cloud moderation keyword libraries: `v4/im_msg_audit_mgr/*_cloud_audit_keywords*`.
//!
//! What the sandbox decides where the pages leave it open:
//! - `SdkAppId` must be the app's own (2003 otherwise); an unknown `LibID` is 2003.
//! - Adding a word already in the library keeps its ID (and takes the new category); the limit
//!   behind 2016 is not stated, so the sandbox applies none.
//! - `Content` matches words that contain it or are contained in it; the total then counts the
//!   matches. Words are listed in alphabetical order.
//! - Deleting a word the library lacks answers `Deleted: false` with a reason.
//! - content_moderation (`v4/im_msg_audit`) answers from the keyword libraries: text containing
//!   library words gets the library's suggestion (the strictest, Block over Review, when several
//!   hit; an unknown suggestion counts as Block), score 100, the first hit word's category as `Label` and the words hit; other text
//!   passes with score 0 and label Normal. Images, audio and video pass (the sandbox looks at no
//!   files, and answers at once where the service would call a webhook). Another `ContentType`
//!   is 2003. batch_content_moderation answers each item the same way (2003 for an ID used
//!   twice, or for audio and video, which the page sends elsewhere).

use super::{Route, route};
use crate::emulator::{Ctx, Fail};
use crate::state::{CloudKeyword, KeywordLibrary, State, beijing_time};
use chat_api::content_moderation::{ModerateBatchRequest, ModerateRequest};
use chat_api::moderation::{
    AddCloudKeywordsRequest, DeleteCloudKeywordsRequest, GetCloudKeywordLibrariesRequest, GetCloudKeywordsRequest,
};
use serde_json::{Value, json};

/// The endpoints of this area.
pub(super) fn routes() -> Vec<Route> {
    vec![
        route(get_cloud_keyword_libraries),
        route(get_cloud_keywords),
        route(add_cloud_keywords),
        route(delete_cloud_keywords),
        route(moderate),
        route(moderate_batch),
    ]
}

/// 2003 unless `id` is this app's SDKAppID.
fn check_app(cx: &Ctx<'_>, id: i64) -> Result<(), Fail> {
    if u64::try_from(id).ok() != Some(cx.config.sdkappid) {
        return Err(Fail::new(2003, format!("SdkAppId {id} is not this app's ({})", cx.config.sdkappid)));
    }
    Ok(())
}

fn library<'s>(state: &'s mut State, id: &str) -> Result<&'s mut KeywordLibrary, Fail> {
    state.moderation.libraries.get_mut(id).ok_or_else(|| Fail::new(2003, format!("no keyword library {id}")))
}

/// An offset and limit as positions (2003 for negative ones).
fn window(offset: i64, limit: i64) -> Result<(usize, usize), Fail> {
    let start = usize::try_from(offset).map_err(|_| Fail::new(2003, "Offset must not be negative"))?;
    let size = usize::try_from(limit).map_err(|_| Fail::new(2003, "Limit must not be negative"))?;
    Ok((start, size))
}

fn request_id(cx: &Ctx<'_>) -> String {
    format!("sandbox-{}", cx.now)
}

fn get_cloud_keyword_libraries(
    state: &mut State,
    cx: &Ctx<'_>,
    req: GetCloudKeywordLibrariesRequest,
) -> Result<Value, Fail> {
    check_app(cx, req.sdk_app_id)?;
    let (start, size) = window(req.offset, req.limit)?;
    let all: Vec<Value> = state
        .moderation
        .libraries
        .iter()
        .map(|(id, l)| {
            json!({"ID": id, "LibName": l.name, "Describe": l.describe, "CreateTime": l.create_time, "Suggestion": l.suggestion})
        })
        .collect();
    let items: Vec<&Value> = all.iter().skip(start).take(size).collect();
    Ok(json!({"RequestId": request_id(cx), "TotalCount": all.len(), "Infos": items}))
}

fn get_cloud_keywords(state: &mut State, cx: &Ctx<'_>, req: GetCloudKeywordsRequest) -> Result<Value, Fail> {
    check_app(cx, req.sdk_app_id)?;
    let (start, size) = window(req.offset, req.limit)?;
    let lib = library(state, &req.lib_id)?;
    let wanted = req.content.as_deref().filter(|c| !c.is_empty());
    let matching: Vec<Value> = lib
        .keywords
        .iter()
        .filter(|(word, _)| wanted.is_none_or(|c| word.contains(c) || c.contains(word.as_str())))
        .map(|(word, k)| json!({"ID": k.id, "Content": word, "CreateTime": k.create_time}))
        .collect();
    let items: Vec<&Value> = matching.iter().skip(start).take(size).collect();
    Ok(json!({"RequestId": request_id(cx), "TotalCount": matching.len(), "Infos": items}))
}

fn add_cloud_keywords(state: &mut State, cx: &Ctx<'_>, req: AddCloudKeywordsRequest) -> Result<Value, Fail> {
    check_app(cx, req.sdk_app_id)?;
    library(state, &req.lib_id)?;
    for word in req.user_keywords {
        if word.content.is_empty() {
            return Err(Fail::new(2003, "a keyword's Content is empty"));
        }
        let next = state.moderation.next_keyword + 1;
        let lib = library(state, &req.lib_id)?;
        let created = i64::try_from(cx.now).unwrap_or(i64::MAX);
        let fresh = !lib.keywords.contains_key(&word.content);
        let entry = lib.keywords.entry(word.content).or_insert_with(|| CloudKeyword {
            id: next.to_string(),
            label: None,
            create_time: beijing_time(created),
        });
        entry.label = word.label;
        if fresh {
            state.moderation.next_keyword = next;
        }
    }
    Ok(json!({"RequestId": request_id(cx)}))
}

fn delete_cloud_keywords(state: &mut State, cx: &Ctx<'_>, req: DeleteCloudKeywordsRequest) -> Result<Value, Fail> {
    check_app(cx, req.sdk_app_id)?;
    let lib = library(state, &req.lib_id)?;
    let details: Vec<Value> = req
        .keywords
        .iter()
        .map(|word| match lib.keywords.remove(word) {
            Some(k) => json!({"KeywordID": k.id, "Keyword": word, "Deleted": true, "ErrorInfo": ""}),
            None => json!({"KeywordID": "", "Keyword": word, "Deleted": false, "ErrorInfo": "not in the library"}),
        })
        .collect();
    Ok(json!({"RequestId": request_id(cx), "Details": details, "Count": details.len()}))
}

/// Verdicts from mildest to strictest.
const VERDICTS: [&str; 3] = ["Pass", "Review", "Block"];

fn moderate(state: &mut State, cx: &Ctx<'_>, req: ModerateRequest) -> Result<Value, Fail> {
    verdict(state, cx, &req.content_type, &req.content)
}

fn moderate_batch(state: &mut State, cx: &Ctx<'_>, req: ModerateBatchRequest) -> Result<Value, Fail> {
    let mut ids = std::collections::BTreeSet::new();
    let mut results = Vec::new();
    for item in &req.contents {
        if !ids.insert(item.content_id) {
            return Err(Fail::new(2003, format!("ContentId {} is used twice", item.content_id)));
        }
        if !matches!(item.content_type.as_str(), "Text" | "Image") {
            return Err(Fail::new(2003, format!("ContentType `{}` is not Text or Image", item.content_type)));
        }
        let mut one = verdict(state, cx, &item.content_type, &item.content)?;
        one["ContentId"] = json!(item.content_id);
        one["ErrorCode"] = json!(0);
        results.push(one);
    }
    Ok(json!({"AuditResults": results}))
}

/// The verdict on one piece of content.
fn verdict(state: &State, cx: &Ctx<'_>, content_type: &str, content: &str) -> Result<Value, Fail> {
    match content_type {
        "Text" => {}
        "Image" | "Audio" | "Video" => {
            return Ok(json!({"RequestId": request_id(cx), "Result": "Pass", "Score": 0, "Label": "Normal"}));
        }
        other => return Err(Fail::new(2003, format!("ContentType `{other}` is none of Text, Image, Audio, Video"))),
    }
    let mut verdict = 0;
    let mut label = None;
    let mut hits = Vec::new();
    for lib in state.moderation.libraries.values() {
        for (word, k) in lib.keywords.iter().filter(|(w, _)| content.contains(w.as_str())) {
            verdict = verdict.max(VERDICTS.iter().position(|v| *v == lib.suggestion).unwrap_or(2));
            label = label.or(k.label.clone());
            hits.push(word.clone());
        }
    }
    if hits.is_empty() {
        return Ok(json!({"RequestId": request_id(cx), "Result": "Pass", "Score": 0, "Label": "Normal"}));
    }
    Ok(json!({
        "RequestId": request_id(cx), "Result": VERDICTS[verdict], "Score": 100, "Label": label, "Keywords": hits,
    }))
}
