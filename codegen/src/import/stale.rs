//! Provenance of spec files: which page version a file was last imported from, so that
//! `cargo xtask import --stale` can list the files whose page has changed since.

use super::draft::Source;
use super::existing::read_existing;

/// The provenance a spec file records: the `source:` key, or the same text as a `# source:`
/// comment (what drafts carry while the loader does not know the key).
pub fn source_of(text: &str) -> Option<Source> {
    if let Some(s) = read_existing(text).ok().and_then(|d| d.source) {
        return Some(s);
    }
    let line = text.lines().map(str::trim).find_map(|l| l.strip_prefix("# source:"))?;
    let inner = line.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut s = Source::default();
    for part in inner.split(", ") {
        let Some((k, v)) = part.split_once(": ") else { continue };
        let v = v.trim().trim_matches('"').to_string();
        match k.trim() {
            "url" => s.url = Some(v),
            "updated" => s.updated = Some(v),
            _ => {}
        }
    }
    (s.url.is_some() || s.updated.is_some()).then_some(s)
}

/// Whether a page updated on `page` (`YYYY-MM-DD`) is newer than what a file records.
pub fn newer(page: &str, recorded: Option<&str>) -> bool {
    match recorded {
        None => true,
        // ISO dates compare as text.
        Some(r) => page > r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_and_comment_forms() {
        let key = "path: a/b\nsource: {url: https://x/1, updated: 2025-10-23}\n";
        let comment = "# source: {url: https://x/1, updated: 2025-10-23}\npath: a/b\n";
        for text in [key, comment] {
            let s = source_of(text).unwrap();
            assert_eq!((s.url.as_deref(), s.updated.as_deref()), (Some("https://x/1"), Some("2025-10-23")));
        }
        assert!(newer("2025-10-23", Some("2020-03-12")) && !newer("2020-03-12", Some("2020-03-12")));
        assert!(newer("2020-01-01", None));
    }
}
