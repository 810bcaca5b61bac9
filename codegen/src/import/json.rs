//! The vendor's JSON samples, read leniently: `//` and `/* */` comments and trailing commas are
//! allowed, object keys keep their order, and each comment is remembered with the key it follows
//! (comments often state limits: "Up to 300 members can be added at a time").
//!
//! Written by hand rather than cleaning the text for serde_json: the comments are wanted, and
//! serde_json's maps do not keep key order without a feature flag this workspace does not set.

/// A JSON value; numbers keep their text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// A comment and the key path it annotates (empty: before any key).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Comment {
    pub path: Vec<String>,
    pub text: String,
    /// 0-based line within the sample.
    pub line: usize,
}

/// Why a sample is not JSON, even leniently.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct JsonError {
    /// 0-based line within the sample.
    pub line: usize,
    pub message: String,
}

/// Nesting beyond this is refused: the parser recurses once per level.
const MAX_DEPTH: usize = 64;

/// Parses one sample.
pub(crate) fn parse(text: &str) -> Result<(Json, Vec<Comment>), JsonError> {
    let mut p = Parser { chars: text.chars().collect(), i: 0, line: 0, comments: Vec::new(), path: Vec::new() };
    p.skip();
    let value = p.value(0)?;
    p.skip();
    if p.i < p.chars.len() {
        return Err(p.err("text after the end of the sample"));
    }
    Ok((value, p.comments))
}

struct Parser {
    chars: Vec<char>,
    i: usize,
    line: usize,
    comments: Vec<Comment>,
    /// Path of the key whose value is being read or was read last.
    path: Vec<String>,
}

impl Parser {
    fn err(&self, message: &str) -> JsonError {
        JsonError { line: self.line, message: message.to_string() }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    /// Skips whitespace and comments, recording the comments.
    fn skip(&mut self) {
        loop {
            match (self.peek(), self.chars.get(self.i + 1).copied()) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    let line = self.line;
                    self.i += 2;
                    let start = self.i;
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.i += 1;
                    }
                    let mut end = self.i;
                    // A scraper that joins a sample onto one line pulls the closing brackets that
                    // followed the comment into it; on the sample's last line they are given back.
                    let rest_blank = self.chars.get(self.i..).is_none_or(|r| r.iter().all(|c| c.is_whitespace()));
                    if rest_blank {
                        while end > start && self.chars.get(end - 1).is_some_and(|c| matches!(c, '}' | ']' | ' ')) {
                            end -= 1;
                        }
                        if end < self.i {
                            self.i = end;
                        }
                    }
                    let text: String = self.chars.get(start..end).unwrap_or_default().iter().collect();
                    self.comments.push(Comment { path: self.path.clone(), text: text.trim().to_string(), line });
                }
                (Some('/'), Some('*')) => {
                    let line = self.line;
                    self.i += 2;
                    let mut text = String::new();
                    while let Some(c) = self.peek() {
                        if c == '*' && self.chars.get(self.i + 1) == Some(&'/') {
                            self.i += 2;
                            break;
                        }
                        text.push(c);
                        self.bump();
                    }
                    self.comments.push(Comment { path: self.path.clone(), text: text.trim().to_string(), line });
                }
                _ => return,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deep"));
        }
        match self.peek() {
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => self.string().map(Json::String),
            Some(c) if c == '-' || c.is_ascii_digit() => Ok(self.number()),
            Some(c) if c.is_ascii_alphabetic() => {
                let mut word = String::new();
                while let Some(c) = self.peek().filter(char::is_ascii_alphabetic) {
                    word.push(c);
                    self.bump();
                }
                match word.as_str() {
                    "true" => Ok(Json::Bool(true)),
                    "false" => Ok(Json::Bool(false)),
                    "null" => Ok(Json::Null),
                    _ => Err(self.err(&format!("unexpected word `{}`", truncate(&word)))),
                }
            }
            Some(c) => Err(self.err(&format!("unexpected `{c}`"))),
            None => Err(self.err("the sample ends too early")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.bump();
        let mut fields: Vec<(String, Json)> = Vec::new();
        let base = self.path.len();
        loop {
            self.skip();
            match self.peek() {
                Some('}') => {
                    self.bump();
                    self.path.truncate(base);
                    return Ok(Json::Object(fields));
                }
                Some('"') => {}
                Some(c) => return Err(self.err(&format!("expected a key or `}}`, found `{c}`"))),
                None => return Err(self.err("the sample ends inside an object")),
            }
            let key = self.string()?;
            self.path.truncate(base);
            self.path.push(key.clone());
            self.skip();
            if self.bump() != Some(':') {
                return Err(self.err(&format!("expected `:` after \"{}\"", truncate(&key))));
            }
            self.skip();
            let value = self.value(depth + 1)?;
            // Later comments on this line still concern this key.
            self.path.truncate(base);
            self.path.push(key.clone());
            fields.push((key, value));
            self.skip();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {}
                Some(c) => return Err(self.err(&format!("expected `,` or `}}`, found `{c}`"))),
                None => return Err(self.err("the sample ends inside an object")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.bump();
        let mut items = Vec::new();
        let base = self.path.len();
        loop {
            self.skip();
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return Ok(Json::Array(items));
                }
                None => return Err(self.err("the sample ends inside a list")),
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.path.truncate(base);
            self.skip();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {}
                Some(c) => return Err(self.err(&format!("expected `,` or `]`, found `{c}`"))),
                None => return Err(self.err("the sample ends inside a list")),
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump() {
                Some('"') => return Ok(s),
                Some('\\') => match self.bump() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('b') => s.push('\u{8}'),
                    Some('f') => s.push('\u{c}'),
                    Some('u') => {
                        let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                        let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}');
                        s.push(c);
                    }
                    Some(c) => s.push(c),
                    None => return Err(self.err("the sample ends inside a string")),
                },
                Some('\n') => return Err(self.err("a string runs past the end of its line")),
                Some(c) => s.push(c),
                None => return Err(self.err("the sample ends inside a string")),
            }
        }
    }

    fn number(&mut self) -> Json {
        let mut s = String::new();
        while let Some(c) = self.peek().filter(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')) {
            s.push(c);
            self.bump();
        }
        Json::Number(s)
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

impl Json {
    /// Written compactly, with a space after `:` and `,`, as the spec's examples are.
    pub(crate) fn compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(&valid_number(n)),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_string(k, out);
                    out.push_str(": ");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The kind of value, for messages: `string`, `integer`...
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "bool",
            Json::Number(n) if n.contains(['.', 'e', 'E']) => "number",
            Json::Number(_) => "integer",
            Json::String(_) => "string",
            Json::Array(_) => "list",
            Json::Object(_) => "object",
        }
    }
}

/// A number as JSON allows it; anything the lenient reader took that JSON would not becomes 0.
fn valid_number(n: &str) -> String {
    let ok = serde_json::from_str::<serde_json::Number>(n).is_ok();
    if ok { n.to_string() } else { "0".to_string() }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas() {
        let text = "{\n  \"A\": [ // up to 3\n    {\"B\": 1, // the b\n  },],\n  \"C\": \"x\", /* c */\n}";
        let (v, comments) = parse(text).unwrap();
        assert_eq!(v.compact(), r#"{"A": [{"B": 1}], "C": "x"}"#);
        let got: Vec<(Vec<String>, &str)> = comments.iter().map(|c| (c.path.clone(), c.text.as_str())).collect();
        assert_eq!(
            got,
            [(vec!["A".to_string()], "up to 3"), (vec!["A".into(), "B".into()], "the b"), (vec!["C".into()], "c")]
        );
    }

    #[test]
    fn closing_brackets_pulled_into_a_comment_are_given_back() {
        let (v, comments) = parse(r#"{"G":["t"] // only one at a time}"#).unwrap();
        assert_eq!(v.compact(), r#"{"G": ["t"]}"#);
        assert_eq!(comments[0].text, "only one at a time");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("{\n\"A\": 1\n\"B\": 2}").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(parse(&"[".repeat(100)).is_err());
        assert!(parse("{\"a\": tru}").is_err());
    }
}
