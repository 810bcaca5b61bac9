//! Tables, in each layout the vendor's pages come in: markdown pipes, `|`-separated rows, one cell
//! per line (header cells first), and rows of space-separated words.

use super::page::{Layout, Line};
use super::text::clean;
use super::vocab;

/// What a table lists; decides how unmarked rows are cut into cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Field, type, (required,) description.
    Fields,
    /// Query parameter, description.
    Params,
    /// Error code, description.
    Errors,
    /// Group type, whether supported.
    GroupTypes,
}

/// One row: its first line and its cells, cleaned of markup.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A table: the header cells (lower case) and the rows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Index of the first header cell containing one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.iter().any(|n| h.contains(n)))
    }
}

/// Header cells of the vendor's tables.
const HEADER_WORDS: &[&str] = &[
    "field",
    "parameter",
    "type",
    "required",
    "attribute",
    "description",
    "error code",
    "group type id",
    "group type",
    "restful api support",
    "support for this restful api",
    "support this restful api",
    "name",
];

fn is_header_cell(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    HEADER_WORDS.contains(&t.as_str()) || vocab::header_column(&t).is_some()
}

/// A header cell in the English words the readers look columns up by: "字段" -> "field".
fn header_name(s: &str) -> String {
    let t = s.trim().to_lowercase();
    if HEADER_WORDS.contains(&t.as_str()) {
        return t;
    }
    vocab::header_column(&t).map_or(t, str::to_string)
}

/// Type names the vendor writes in the Type column.
pub(crate) fn is_type_word(s: &str) -> bool {
    let first = s.split([' ', '<', '[', '(', '（']).next().unwrap_or_default().to_lowercase();
    vocab::type_word(&first).is_some()
        || matches!(
            first.as_str(),
            "string"
                | "integer"
                | "int"
                | "int32"
                | "int64"
                | "uint32"
                | "uint64"
                | "number"
                | "array"
                | "object"
                | "bool"
                | "boolean"
                | "json"
                | "list"
        )
}

/// A word no field is named: a type word ("Integer"), a required word ("Yes"), a header cell.
pub(crate) fn is_reserved_name(s: &str) -> bool {
    let t = strip_tree_marks(s);
    let lower = t.to_lowercase();
    // "Type" and "Name" head columns but are also real fields (create_group's Type and Name).
    let header = is_header_cell(t) && !matches!(lower.as_str(), "type" | "name");
    (is_type_word(t) && !t.contains(['_', '.'])) || vocab::is_required_word(&lower) || header
}

/// A plausible field name: letters, digits, `_` and `.` (nesting), maybe behind tree marks.
pub(crate) fn is_field_name(s: &str) -> bool {
    let t = strip_tree_marks(s);
    !t.is_empty()
        && t.len() <= 80
        && t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// Removes the marks some pages put before nested field names (`&emsp;`, `└`, `-`).
pub(crate) fn strip_tree_marks(s: &str) -> &str {
    s.trim().trim_start_matches(['└', '├', '─', '-', '·', '>', ' ', '\u{3000}'])
}

/// Every table in `body` with a recognised header.
pub(crate) fn tables(body: &[Line], layout: Layout, shape: Shape) -> Vec<Table> {
    match layout {
        Layout::Markdown | Layout::PipeRows => pipe_tables(body),
        Layout::Cells => cell_tables(body, shape),
        Layout::Words => word_tables(body, shape),
    }
    .into_iter()
    .filter(|t| !t.rows.is_empty())
    .collect()
}

fn split_pipes(text: &str) -> Vec<String> {
    let t = text.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.to_string()).collect()
}

fn is_separator(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.chars().all(|x| matches!(x, '-' | ':' | ' '))
    })
}

/// Markdown and `|`-separated rows: a row is a line with a pipe; a table starts at a row whose
/// cells are header words (a header glued to a sentence, "...this API:Error Code", counts).
fn pipe_tables(body: &[Line]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut in_table = false;
    for l in body {
        if !l.text.contains('|') {
            in_table = false;
            continue;
        }
        let raw = split_pipes(&l.text);
        if is_separator(&raw) {
            continue;
        }
        let cells: Vec<String> = raw.iter().map(|c| clean(c)).collect();
        let header: Vec<String> = cells
            .iter()
            .map(|c| {
                let c = c.to_lowercase();
                // "The following table describes the error codes of this API:Error Code".
                if c.len() > 30 { c.rsplit(':').next().unwrap_or_default().trim().to_string() } else { c }
            })
            .collect();
        let header_row =
            header.iter().filter(|h| !h.is_empty()).all(|h| is_header_cell(h)) && header.iter().any(|h| !h.is_empty());
        if header_row {
            let header = header.iter().map(|h| if h.is_empty() { String::new() } else { header_name(h) }).collect();
            out.push(Table { header, rows: Vec::new() });
            in_table = true;
            continue;
        }
        if let (true, Some(t)) = (in_table, out.last_mut()) {
            let mut cells = cells;
            while cells.len() > t.header.len() && cells.last().is_some_and(|c| c.is_empty()) {
                cells.pop();
            }
            // Two rows run together on one line ("...| desc || Next.Field | String | desc |"):
            // a full row, an empty cell, then one that starts with a field name.
            let n = t.header.len();
            if n > 1 && cells.len() > n + 1 && cells[n].is_empty() && is_field_name(&cells[n + 1]) {
                let second = cells.split_off(n + 1);
                cells.truncate(n);
                t.rows.push(Row { line: l.no, cells });
                t.rows.push(Row { line: l.no, cells: second });
                continue;
            }
            t.rows.push(Row { line: l.no, cells });
        }
    }
    out
}

/// One cell per line: header cells first; then each row starts where the shape says a row starts,
/// and its last cell runs on (notes included) to the next row or blank line.
fn cell_tables(body: &[Line], shape: Shape) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let n = body.get(i..).unwrap_or_default().iter().take_while(|l| is_header_cell(&l.text)).count();
        if n < 2 {
            i += 1;
            continue;
        }
        let header: Vec<String> = body.get(i..i + n).unwrap_or_default().iter().map(|l| header_name(&l.text)).collect();
        i += n;
        let cols = header.len();
        // With a Required column, a row is also known by the required word two cells on.
        let required_col = header.iter().position(|h| h == "required");
        let starts = |j: usize| -> bool { row_starts(body, j, shape, required_col) };
        let mut rows: Vec<Row> = Vec::new();
        while let Some(l) = body.get(i) {
            if l.text.trim().is_empty() {
                break;
            }
            if !starts(i) {
                // Text after the last row before a blank line: a note on that row.
                if let Some(r) = rows.last_mut() {
                    if let Some(last) = r.cells.last_mut() {
                        last.push(' ');
                        last.push_str(&clean(&l.text));
                    }
                } else if is_header_cell(&l.text) {
                    break;
                }
                i += 1;
                continue;
            }
            let fixed = cols.saturating_sub(1).max(1);
            let mut cells: Vec<String> = Vec::new();
            let mut j = i;
            while cells.len() < fixed {
                match body.get(j) {
                    Some(c) if !c.text.trim().is_empty() && (cells.is_empty() || !starts(j)) => {
                        cells.push(clean(&c.text));
                        j += 1;
                    }
                    _ => break,
                }
            }
            let mut last: Vec<String> = Vec::new();
            while let Some(c) = body.get(j) {
                if c.text.trim().is_empty() || starts(j) {
                    break;
                }
                last.push(clean(&c.text));
                j += 1;
            }
            cells.push(last.join(" "));
            rows.push(Row { line: l.no, cells });
            i = j.max(i + 1);
        }
        out.push(Table { header, rows });
    }
    out
}

fn row_starts(body: &[Line], j: usize, shape: Shape, required_col: Option<usize>) -> bool {
    let t = |k: usize| body.get(k).map(|l| l.text.trim()).unwrap_or_default();
    let here = t(j);
    match shape {
        // A name, then a type word (then, with a Required column, a required word). A cell that
        // is itself a type, required or header word is never a name: a description starting with
        // "Integer..." or "Number of..." cannot start a row.
        Shape::Fields => {
            is_field_name(here)
                && !is_reserved_name(here)
                && is_type_word(t(j + 1))
                && required_col.is_none_or(|c| c != 2 || vocab::required(t(j + 2)).is_some())
        }
        Shape::Errors => (4..=6).contains(&here.len()) && here.chars().all(|c| c.is_ascii_digit()),
        Shape::Params => !here.is_empty() && !here.contains([' ', ':']) && here.len() <= 80 && !is_header_cell(here),
        Shape::GroupTypes => {
            let named = (is_field_name(here) && !here.contains('.')) || vocab::group_type(here, &[]).is_some();
            named && vocab::supported(t(j + 1)).is_some()
        }
    }
}

/// Rows of words: a header line of header words, then one row a line until a blank line.
fn word_tables(body: &[Line], shape: Shape) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(l) = body.get(i) {
        i += 1;
        let Some(header) = word_header(&l.text) else { continue };
        let mut rows = Vec::new();
        while let Some(r) = body.get(i) {
            let text = r.text.trim();
            if text.is_empty() {
                break;
            }
            i += 1;
            let words: Vec<&str> = text.split_whitespace().collect();
            let fixed = match shape {
                Shape::Fields => header.len().saturating_sub(1),
                _ => 1,
            };
            let mut cells: Vec<String> = words.iter().take(fixed).map(|w| clean(w)).collect();
            cells.push(clean(&words.get(fixed..).unwrap_or_default().join(" ")));
            rows.push(Row { line: r.no, cells });
        }
        out.push(Table { header, rows });
    }
    out
}

/// "Field Type Attribute Description" -> its cells; None for a line that is not a header.
fn word_header(text: &str) -> Option<Vec<String>> {
    let t = text.trim().to_lowercase();
    let known: &[(&str, &[&str])] = &[
        ("field type attribute description", &["field", "type", "required", "description"]),
        ("field type required description", &["field", "type", "required", "description"]),
        ("field type description", &["field", "type", "description"]),
        ("parameter type required description", &["parameter", "type", "required", "description"]),
        ("parameter description", &["parameter", "description"]),
        ("error code description", &["error code", "description"]),
        ("group type support this restful api", &["group type", "support this restful api"]),
        ("group type id restful api support", &["group type id", "restful api support"]),
    ];
    known.iter().find(|(line, _)| t == *line).map(|(_, cells)| cells.iter().map(|c| c.to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t.to_string() }).collect()
    }

    #[test]
    fn two_rows_run_together_on_one_line_are_two_rows() {
        let body = lines(
            "| Field | Type | Description |\n|---|---|---|\n| A.B | String | The b. || A.C | String | The c. |\n| D | Array | The d. |\n",
        );
        let t = pipe_tables(&body);
        let rows: Vec<Vec<String>> = t[0].rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(rows, [["A.B", "String", "The b."], ["A.C", "String", "The c."], ["D", "Array", "The d."]]);
    }

    #[test]
    fn cells_with_a_note_and_an_empty_description() {
        let body = lines(
            "Field\nType\nRequired\nDescription\nA\nString\nYes\nThe a.\nB\nArray\nNo\nC\nInteger\nYes\nThe c.\nNote:\nAt most 3.\n",
        );
        let t = cell_tables(&body, Shape::Fields);
        let rows: Vec<Vec<String>> = t[0].rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(rows[1], ["B", "Array", "No", ""]);
        assert_eq!(rows[2], ["C", "Integer", "Yes", "The c. Note: At most 3."]);
    }

    #[test]
    fn cells_whose_descriptions_start_with_type_words_do_not_shift() {
        let body = lines(concat!(
            "Field\nType\nRequired\nDescription\n",
            "Count\nInteger\nYes\nNumber of members in the list.\n",
            "Members\nArray\nNo\nArray of member objects.\n",
            "Label\nString\nNo\nInteger\n",
            "Flag\nInteger\nYes\nYes\n",
        ));
        let t = cell_tables(&body, Shape::Fields);
        let rows: Vec<Vec<String>> = t[0].rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[0], ["Count", "Integer", "Yes", "Number of members in the list."]);
        assert_eq!(rows[1], ["Members", "Array", "No", "Array of member objects."]);
        assert_eq!(rows[2], ["Label", "String", "No", "Integer"]);
        assert_eq!(rows[3], ["Flag", "Integer", "Yes", "Yes"]);
    }

    #[test]
    fn cells_in_chinese() {
        let body = lines("字段\n类型\n属性\n说明\nGroupId\nString\n必填\n群组 ID\nName\nString\n选填\n群名称\n");
        let t = cell_tables(&body, Shape::Fields);
        assert_eq!(t[0].header, ["field", "type", "required", "description"]);
        assert_eq!(t[0].rows[1].cells, ["Name", "String", "选填", "群名称"]);
    }

    #[test]
    fn pipes_with_a_glued_header() {
        let body =
            lines("The following table lists the codes of this API:Error Code | Description |\n10 | Bad. |\n11 | |\n");
        let t = pipe_tables(&body);
        assert_eq!(t[0].header, ["error code", "description"]);
        assert_eq!(t[0].rows[1].cells, ["11", ""]);
    }

    #[test]
    fn words() {
        let body = lines("Field Type Attribute Description\nGroupId String Required ID of the group\n\nx");
        let t = word_tables(&body, Shape::Fields);
        assert_eq!(t[0].rows[0].cells, ["GroupId", "String", "Required", "ID of the group"]);
    }
}
