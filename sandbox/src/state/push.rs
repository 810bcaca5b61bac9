//! Push to all users (all_member_push and the TIMPush plugin): attributes, tags, tasks.
//!
//! The two products keep separate stores ([`Audience`]): attribute names, users' attribute values
//! and tags set through one are not seen by the other. Push tasks of both are kept in one map,
//! with where they came from.

use super::RecentCalls;
use std::collections::BTreeMap;

/// Pushes a day an app may make by default (both products' pages: 100).
pub const DEFAULT_DAILY_QUOTA: u64 = 100;
/// Attributes an app may name (numbers 0 to 9).
pub const MAX_ATTRS: u8 = 10;
/// Tags one user may hold (the add-tag page: 100).
pub const MAX_TAGS_PER_USER: usize = 100;
/// How long after its start a plugin task can be revoked, in seconds (24 hours).
pub const REVOKE_WINDOW: u64 = 86_400;

/// Attribute names, user attributes and tags, push tasks.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Push {
    /// The store of `all_member_push`.
    pub legacy: Audience,
    /// The store of the push plugin (`timpush`).
    pub plugin: Audience,
    /// Push tasks of both products, by task ID.
    pub tasks: BTreeMap<String, PushTask>,
    /// Counter behind task IDs.
    pub next_task: u64,
    /// Recent pushes, to answer a repeat with the first reply.
    pub recent: RecentCalls,
    /// When the last plugin revoke happened (Unix seconds).
    pub last_revoke: Option<u64>,
}

/// One product's attributes and tags, and its push counters.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Audience {
    /// Whether the feature is switched on for the app (tests switch it off to see 90045).
    pub enabled: bool,
    /// Attribute names by number (0 to 9).
    pub attr_names: BTreeMap<u8, String>,
    /// Account type of each attribute by number (plugin only: 0 user IDs, 1 registration IDs).
    pub attr_types: BTreeMap<u8, i64>,
    /// Attribute values per user, by attribute name.
    pub user_attrs: BTreeMap<String, BTreeMap<String, String>>,
    /// Tags per user, in the order they were added.
    pub user_tags: BTreeMap<String, Vec<String>>,
    /// Pushes allowed a day.
    pub daily_quota: u64,
    /// The day (Unix seconds / 86,400) `pushes_today` counts.
    pub quota_day: u64,
    /// Pushes made on `quota_day`.
    pub pushes_today: u64,
    /// When the last push was made (Unix seconds).
    pub last_push: Option<u64>,
}

impl Default for Audience {
    fn default() -> Audience {
        Audience {
            enabled: true,
            attr_names: BTreeMap::new(),
            attr_types: BTreeMap::new(),
            user_attrs: BTreeMap::new(),
            user_tags: BTreeMap::new(),
            daily_quota: DEFAULT_DAILY_QUOTA,
            quota_day: 0,
            pushes_today: 0,
            last_push: None,
        }
    }
}

/// Which command made a push task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum PushOrigin {
    /// `all_member_push/im_push`.
    Legacy,
    /// `timpush/push`.
    Plugin,
    /// `timpush/batch`.
    PluginBatch,
}

/// A push task.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct PushTask {
    /// Task ID, as returned.
    pub id: String,
    /// The command that made it.
    pub origin: PushOrigin,
    /// Who is shown as the sender.
    pub sender: String,
    /// The accounts reached, in order.
    pub recipients: Vec<String>,
    /// When it started (Unix seconds).
    pub created: u64,
    /// Whether the pushed message is kept in conversations and history (plugin `OnlineOnlyFlag`
    /// 0); revoking such a task needs an `OfflinePushInfo`.
    pub keeps_messages: bool,
    /// Whether it was revoked.
    pub revoked: bool,
    /// The app's `DataId`, if given.
    pub data_id: Option<String>,
}

/// Why a push is refused by the counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushRefusal {
    /// The day's quota is used up (90047).
    DailyQuota,
    /// The previous push was less than a second ago (90024).
    TooSoon,
}

/// Why naming attributes is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamingRefusal {
    /// A number outside 0-9 (or not a number).
    BadNumber(String),
    /// A name longer than 50 bytes.
    NameTooLong(String),
    /// The name is already used by another number.
    Duplicate(String),
    /// The account type of an existing attribute would change.
    TypeChange(u8),
}

/// Which users a push reaches: tag and attribute conditions as sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct Selector<'a> {
    /// Users with every one of these tags.
    pub tags_and: &'a [String],
    /// Users with at least one of these tags.
    pub tags_or: &'a [String],
    /// Users with every one of these tags are left out (when non-empty).
    pub tags_not: &'a [String],
    /// Users with every one of these attribute values.
    pub attrs_and: Option<&'a BTreeMap<String, String>>,
    /// Users with at least one of these attribute values.
    pub attrs_or: Option<&'a BTreeMap<String, String>>,
}

impl Audience {
    /// Whether `name` is one of the app's attribute names.
    pub fn has_attr(&self, name: &str) -> bool {
        self.attr_names.values().any(|n| n == name)
    }

    /// Tags of `user` (empty when none).
    pub fn tags_of(&self, user: &str) -> &[String] {
        self.user_tags.get(user).map_or(&[], Vec::as_slice)
    }

    /// Names attributes by number and fixes their account types; all or nothing.
    ///
    /// # Errors
    /// The first reason the naming is refused.
    pub fn name_attrs(
        &mut self,
        names: &BTreeMap<String, String>,
        types: &BTreeMap<String, i64>,
    ) -> Result<(), NamingRefusal> {
        let number = |k: &str| k.parse::<u8>().ok().filter(|n| *n < MAX_ATTRS && k == n.to_string());
        let mut next = self.attr_names.clone();
        for (k, name) in names {
            let n = number(k).ok_or_else(|| NamingRefusal::BadNumber(k.clone()))?;
            if name.len() > 50 || name.is_empty() {
                return Err(NamingRefusal::NameTooLong(name.clone()));
            }
            next.insert(n, name.clone());
        }
        let mut seen = std::collections::BTreeSet::new();
        for name in next.values() {
            if !seen.insert(name) {
                return Err(NamingRefusal::Duplicate(name.clone()));
            }
        }
        let mut next_types = self.attr_types.clone();
        for (k, t) in types {
            let n = number(k).ok_or_else(|| NamingRefusal::BadNumber(k.clone()))?;
            if !next.contains_key(&n) {
                return Err(NamingRefusal::BadNumber(k.clone()));
            }
            match self.attr_types.get(&n) {
                Some(old) if old != t => return Err(NamingRefusal::TypeChange(n)),
                _ => {
                    next_types.insert(n, *t);
                }
            }
        }
        self.attr_names = next;
        self.attr_types = next_types;
        Ok(())
    }

    /// Whether `user` meets `selector`.
    pub fn selects(&self, user: &str, selector: &Selector<'_>) -> bool {
        let tags = self.tags_of(user);
        let has = |t: &String| tags.contains(t);
        let attrs = self.user_attrs.get(user);
        let attr_is = |(k, v): (&String, &String)| attrs.and_then(|a| a.get(k)) == Some(v);
        let and_tags = selector.tags_and.iter().all(has);
        let or_tags = selector.tags_or.is_empty() || selector.tags_or.iter().any(has);
        let not_tags = selector.tags_not.is_empty() || !selector.tags_not.iter().all(has);
        let and_attrs = selector.attrs_and.is_none_or(|m| m.iter().all(attr_is));
        let or_attrs = selector.attrs_or.is_none_or(|m| m.is_empty() || m.iter().any(attr_is));
        and_tags && or_tags && not_tags && and_attrs && or_attrs
    }

    /// Counts a push made at `now`: refused when the day's quota is used up, or when the previous
    /// push was made in the same second or later.
    ///
    /// # Errors
    /// The reason the push is refused; nothing is counted then.
    pub fn count_push(&mut self, now: u64) -> Result<(), PushRefusal> {
        let day = now / 86_400;
        if day != self.quota_day {
            self.quota_day = day;
            self.pushes_today = 0;
        }
        if self.pushes_today >= self.daily_quota {
            return Err(PushRefusal::DailyQuota);
        }
        if self.last_push.is_some_and(|last| now <= last) {
            return Err(PushRefusal::TooSoon);
        }
        self.pushes_today += 1;
        self.last_push = Some(now);
        Ok(())
    }
}

impl Push {
    /// A new task ID in the style of `origin`'s samples.
    pub fn new_task_id(&mut self, origin: PushOrigin, sdkappid: u64, now: u64, random: i64) -> String {
        self.next_task += 1;
        let n = self.next_task;
        match origin {
            PushOrigin::Legacy => format!("{sdkappid}_{n}_{now}_{random}"),
            PushOrigin::Plugin => format!("{now:08x}_{sdkappid:08x}_{n:x}_{random:x}"),
            PushOrigin::PluginBatch => format!("batch_{now:08x}_{sdkappid:08x}_{n:x}_{random:x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quota_renews_each_day_and_pushes_need_a_second_between_them() {
        let mut a = Audience { daily_quota: 2, ..Audience::default() };
        let day = 20_000 * 86_400;
        assert_eq!(a.count_push(day + 10), Ok(()));
        assert_eq!(a.count_push(day + 10), Err(PushRefusal::TooSoon));
        assert_eq!(a.count_push(day + 11), Ok(()));
        assert_eq!(a.count_push(day + 12), Err(PushRefusal::DailyQuota));
        assert_eq!(a.count_push(day + 86_400), Ok(()), "a new day");
    }

    #[test]
    fn selectors_combine_tags_and_attributes_as_the_pages_say() {
        let mut a = Audience::default();
        a.user_tags.insert("u".into(), vec!["A".into(), "C".into()]);
        a.user_attrs.insert("u".into(), BTreeMap::from([("city".into(), "SZ".into())]));
        let (a_tag, c_d) = (vec!["A".to_string()], vec!["C".to_string(), "D".to_string()]);
        let sel = Selector { tags_or: &a_tag, tags_not: &c_d, ..Selector::default() };
        assert!(a.selects("u", &sel), "u lacks D, so it is not left out");
        let c = vec!["C".to_string()];
        assert!(!a.selects("u", &Selector { tags_not: &c, ..Selector::default() }));
        let city = BTreeMap::from([("city".to_string(), "BJ".to_string())]);
        assert!(!a.selects("u", &Selector { attrs_and: Some(&city), ..Selector::default() }));
        assert!(a.selects("nobody", &Selector::default()), "no condition selects everyone");
    }
}
