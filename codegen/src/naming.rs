//! Rust names from spec names, decided here and nowhere else. The wire name never depends on the Rust
//! name: the generator keeps it with `#[serde(rename)]`.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves in any edition up to 2024; none may be a field, method or variant name.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super",
    "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Names the generated code writes unqualified, so that a spec type of that name would shadow them
/// and break the crate: the prelude's types, traits and variants, the generic parameters of
/// generated impls (`D`, `S`, `E`, `T`, `Item`), and the crate-root names that shared types sit
/// beside (`pub use generated::*`). Kept sorted.
const SHADOWING: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "BuildError",
    "Client",
    "ClientBuilder",
    "Clone",
    "Copy",
    "D",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "E",
    "Eq",
    "Err",
    "Error",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Hash",
    "Into",
    "IntoIterator",
    "Item",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "RetryPolicy",
    "S",
    "SecretKey",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "T",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Value",
    "Vec",
    "WhenActed",
];

/// Whether a type named `name` would shadow a name the generated code relies on.
pub(crate) fn shadows(name: &str) -> bool {
    SHADOWING.binary_search(&name).is_ok()
}

/// `From_Account` -> `from_account`, `GroupId` -> `group_id`, `AVChatRoom` -> `av_chat_room`.
pub(crate) fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// `group_not_found` -> `GroupNotFound`, `AVChatRoom` -> `AvChatRoom`.
pub(crate) fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// A usable identifier: ASCII letters, digits and `_`, not starting with a digit, not `_` alone.
pub(crate) fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `lower_snake_case`: what method, field and error names are written in.
pub(crate) fn is_snake(name: &str) -> bool {
    is_ident(name) && !name.starts_with('_') && name.chars().all(|c| !c.is_ascii_uppercase()) && snake(name) == name
}

/// `UpperCamelCase`: what type and variant names are written in.
pub(crate) fn is_camel(name: &str) -> bool {
    is_ident(name) && name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_of_vendor_names() {
        assert_eq!(snake("From_Account"), "from_account");
        assert_eq!(snake("GroupId"), "group_id");
        assert_eq!(snake("CurrentSequence"), "current_sequence");
        assert_eq!(snake("Tag_Profile_IM_Nick"), "tag_profile_im_nick");
        assert_eq!(camel("group_not_found"), "GroupNotFound");
        assert_eq!(camel("AVChatRoom"), "AvChatRoom");
    }

    #[test]
    fn classes_of_names() {
        assert!(is_keyword("type") && is_keyword("gen") && !is_keyword("kind"));
        assert!(is_snake("group_delete") && !is_snake("GroupDelete") && !is_snake("2fa"));
        assert!(is_camel("GroupItem") && !is_camel("group_item") && !is_camel("Group_Item"));
        assert!(!is_ident("") && !is_ident("_") && !is_ident("a-b") && is_ident("_x"));
        assert!(SHADOWING.windows(2).all(|w| w[0] < w[1]), "sorted, for the binary search");
        assert!(shadows("Result") && shadows("Client") && shadows("Self") && !shadows("GroupItem"));
    }
}
