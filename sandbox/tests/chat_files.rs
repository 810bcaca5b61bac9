//! Rich-media files of chat messages (`v4/im_cos_msg/*`) through the real `chat_api::Client`
//! against the sandbox: bans kept per file, and get_cos_sig answering each file's state with a
//! signed URL.

use chat_api::chat_files::{BanFileError, BanFileRequest, FileToSign, GetFileSignaturesRequest, UnbanFileRequest};
use chat_api::{CommonError, Error};
use std::time::{SystemTime, UNIX_EPOCH};

mod common;
use common::{once, sandbox};

const PHOTO: &str = "https://cos.example.com/1400000000/photo.png";
const VOICE: &str = "https://cos.example.com/1400000000/voice.m4a";
const GONE: &str = "https://cos.example.com/1400000000/expired.mp4";

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// `(ResourceID, Status, PreSigURL)` of each entry of a get_cos_sig reply for the three files.
async fn states(api: &chat_api::Client) -> Vec<(i64, Option<i64>, Option<String>)> {
    let batch = [FileToSign::new(1, PHOTO), FileToSign::new(2, VOICE), FileToSign::new(3, GONE)];
    let reply = api.chat_files().get_file_signatures(GetFileSignaturesRequest::new(batch)).await.unwrap();
    let entries = reply.pre_sig_urls.unwrap();
    assert!(entries.iter().all(|e| e.code == Some(0)), "{entries:?}");
    entries.into_iter().map(|e| (e.resource_id.unwrap(), e.status, e.pre_sig_url)).collect()
}

#[tokio::test]
async fn bans_are_kept_per_file_and_signatures_report_them() {
    let s = sandbox().await;
    s.emulator().edit_state(|st| {
        st.chat_files.upload(PHOTO);
        st.chat_files.upload(VOICE);
    });
    let api = once(&s);
    let files = api.chat_files();

    let before = unix_now();
    let fresh = states(&api).await;
    let after = unix_now();
    let statuses: Vec<(i64, Option<i64>)> = fresh.iter().map(|(id, st, _)| (*id, *st)).collect();
    assert_eq!(statuses, [(1, Some(0)), (2, Some(0)), (3, Some(2))], "available, available, not there");
    assert!(fresh[2].2.is_none(), "no URL for a file that is not there");

    // The signed URL extends the file's own and is valid for the 15 minutes the page states.
    let url = fresh[0].2.as_deref().unwrap();
    let query = url.strip_prefix(&format!("{PHOTO}?sign-time=")).unwrap_or_else(|| panic!("{url}"));
    let (window, sign) = query.split_once("&sign=").unwrap();
    let (start, end) = window.split_once(';').unwrap();
    let (start, end): (u64, u64) = (start.parse().unwrap(), end.parse().unwrap());
    assert!((before..=after).contains(&start), "{start} within {before}..={after}");
    assert_eq!(end - start, 900);
    assert!(sign.len() == 32 && sign.bytes().all(|b| b.is_ascii_hexdigit()), "{sign}");
    let other = fresh[1].2.as_deref().unwrap();
    assert!(!other.ends_with(&format!("&sign={sign}")), "each file is signed for itself");

    files.ban_file(BanFileRequest::new(PHOTO)).await.unwrap();
    files.ban_file(BanFileRequest::new(PHOTO)).await.unwrap();
    assert!(s.emulator().state().chat_files.files[PHOTO].banned);
    let banned = states(&api).await;
    assert_eq!((banned[0].1, banned[1].1), (Some(1), Some(0)), "only the photo is banned");
    assert!(banned[0].2.as_deref().is_some_and(|u| u.starts_with(PHOTO)), "a banned file still has a full-control URL");

    files.unban_file(UnbanFileRequest::new(PHOTO)).await.unwrap();
    let lifted = states(&api).await;
    assert_eq!((lifted[0].1, lifted[1].1), (Some(0), Some(0)), "the ban is lifted");
    assert!(!s.emulator().state().chat_files.files[PHOTO].banned);
}

#[tokio::test]
async fn a_url_that_names_no_file_is_refused() {
    let s = sandbox().await;
    let api = once(&s);
    let refused = api.chat_files().ban_file(BanFileRequest::new(GONE)).await;
    assert!(
        matches!(refused, Err(Error::Service(BanFileError::Common(CommonError::InvalidParameter(_))))),
        "{refused:?}"
    );
    let refused = api.chat_files().unban_file(UnbanFileRequest::new(GONE)).await.unwrap_err();
    assert_eq!(refused.code(), Some(70402));
    assert!(s.emulator().state().chat_files.files.is_empty(), "nothing was recorded");
}
