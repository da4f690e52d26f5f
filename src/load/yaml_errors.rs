//! Turns what the YAML parser and serde say into diagnostics an editor can
//! act on: a stable code, the field concerned, the right line and column,
//! and the message in Vietnamese and English. Parsing goes on past a bad
//! field so that one run reports every field that is wrong.

use crate::date::DateError;
use crate::diagnostics::{Diagnostic, Message};
use crate::money::MoneyError;
use crate::msg;
use serde::de::DeserializeOwned;
use std::path::Path;

/// How many bad fields of one file are reported before giving up.
const MAX_ERRORS_PER_FILE: usize = 50;

/// Parser options for typed parsing: a repeated key (reported separately by
/// [`top_level_keys`]) keeps its first value, so one slip does not hide the
/// whole block it sits in.
fn first_wins() -> serde_saphyr::Options {
    serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::FirstWins,
        with_snippet: false,
    }
}

/// Parser options for the key scan, which reports repeated keys.
fn strict() -> serde_saphyr::Options {
    serde_saphyr::options! { with_snippet: false }
}

/// Parses YAML into `T`. On a wrong field, reports it, blanks that top-level
/// field out (keeping line numbers) and parses again, so every wrong field of
/// the file is reported, not only the first. `first_line` is the file line
/// of the YAML's first line; `whole_file_line` is where a missing top-level
/// field is reported (the opening `---`, or line 1).
pub fn parse_all<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
    rel: &Path,
) -> Result<T, Vec<Diagnostic>> {
    let mut text = yaml.to_string();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut blanked: Vec<String> = Vec::new();
    for _ in 0..MAX_ERRORS_PER_FILE {
        let e = match serde_saphyr::from_str_with_options::<T>(&text, first_wins()) {
            Ok(v) if diags.is_empty() => return Ok(v),
            Ok(_) => return Err(diags),
            Err(e) => e,
        };
        let d = yaml_diagnostic(&e, first_line, rel, yaml);
        if d.code == "E0102"
            && blanked
                .iter()
                .any(|k| missing_field(&e).as_deref() == Some(k.as_str()))
        {
            // A field we blanked out after reporting it: nothing new.
            break;
        }
        let retry = matches!(
            d.code,
            "E0103" | "E0104" | "E0107" | "E0108" | "E0109" | "E0110"
        );
        let yaml_line = e.location().map(|l| l.line() as usize);
        diags.push(d);
        let Some(yaml_line) = yaml_line.filter(|_| retry) else {
            break;
        };
        match blank_block(&mut text, yaml_line) {
            Some(key) => blanked.push(key),
            None => break,
        }
    }
    Err(diags)
}

/// Reads the top-level keys of a YAML mapping, reporting every repeated key
/// (at any depth). `None` when the text is not a readable mapping at all.
pub fn top_level_keys(
    yaml: &str,
    first_line: usize,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let mut text = yaml.to_string();
    for _ in 0..MAX_ERRORS_PER_FILE {
        match serde_saphyr::from_str_with_options::<
            std::collections::BTreeMap<String, serde::de::IgnoredAny>,
        >(&text, strict())
        {
            Ok(keys) => return Some(keys.into_keys().collect()),
            Err(e) => {
                let d = yaml_diagnostic(&e, first_line, rel, yaml);
                let dup = d.code == "E0107";
                diags.push(d);
                let line = e.location().map(|l| l.line() as usize)?;
                if !dup || blank_block(&mut text, line).is_none() {
                    return None;
                }
            }
        }
    }
    None
}

/// Blanks the top-level block that contains `line` (1-based within `text`),
/// keeping every newline. Returns the block's key, or `None` when there is
/// nothing to blank.
fn blank_block(text: &mut String, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let idx = line.checked_sub(1)?.min(lines.len().checked_sub(1)?);
    let is_top =
        |l: &str| !l.is_empty() && !l.starts_with([' ', '\t', '#', '-']) && !l.trim().is_empty();
    let start = (0..=idx).rev().find(|&i| is_top(lines[i]))?;
    let end = (start + 1..lines.len())
        .find(|&i| is_top(lines[i]))
        .unwrap_or(lines.len());
    let key = lines[start]
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if lines[start..end].iter().all(|l| l.is_empty()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !(start..end).contains(&i) {
            out.push_str(l);
        }
    }
    *text = out;
    Some(key)
}

fn missing_field(e: &serde_saphyr::Error) -> Option<String> {
    let raw = raw_message(e);
    raw.strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
        .map(str::to_string)
}

fn raw_message(e: &serde_saphyr::Error) -> String {
    let raw = e.without_snippet().to_string();
    raw.split(" at line ")
        .next()
        .unwrap_or(&raw)
        .trim()
        .to_string()
}

/// The diagnostic for a parser error: code, place and bilingual message.
pub fn yaml_diagnostic(
    e: &serde_saphyr::Error,
    first_line: usize,
    rel: &Path,
    yaml: &str,
) -> Diagnostic {
    let raw = raw_message(e);
    let location = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize));
    let field = location.and_then(|(line, col)| field_at(yaml, line, col));
    let (code, message, help) = describe(&raw, field.as_deref());
    let location = match location {
        // The parser notices a tab at the end of the scalar before it: point
        // at the tab itself.
        Some((l, _)) if code == "E0100" && raw.contains("tab") => yaml
            .lines()
            .enumerate()
            .skip(l.saturating_sub(1))
            .find_map(|(i, text)| {
                text.find('\t')
                    .map(|b| (i + 1, text[..b].chars().count() + 1))
            })
            .or(location),
        other => other,
    };
    let (mut line, mut column) = location.map_or((first_line, 0), |(l, c)| (first_line + l - 1, c));
    if code == "E0102" && location.is_none_or(|(_, c)| c <= 1) {
        // A top-level field is missing: point at the start of the file.
        (line, column) = (1, 0);
    }
    let mut d = Diagnostic::error(code, rel.to_path_buf(), line.max(1), message).at_column(column);
    d.help = help.map(Box::new);
    d
}

/// The key whose value sits at (line, column) of `yaml` (both 1-based).
fn field_at(yaml: &str, line: usize, column: usize) -> Option<String> {
    let text = yaml.lines().nth(line.checked_sub(1)?)?;
    let prefix: String = text.chars().take(column.saturating_sub(1)).collect();
    let is_key_char = |c: char| c.is_alphanumeric() || c == '_';
    // The last `key:` before the column.
    let mut best = None;
    for (i, _) in prefix.match_indices(':') {
        let before = &prefix[..i];
        let key: String = before
            .chars()
            .rev()
            .take_while(|c| is_key_char(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !key.is_empty() {
            best = Some(key);
        }
    }
    best.or_else(|| {
        let rest: String = text
            .chars()
            .skip(column.saturating_sub(1))
            .take_while(|c| is_key_char(*c))
            .collect();
        (!rest.is_empty()).then_some(rest)
    })
}

fn tick(raw: &str) -> String {
    raw.split('`').nth(1).unwrap_or("").to_string()
}

/// Code, message and advice for a raw parser or serde message.
pub fn describe(raw: &str, field: Option<&str>) -> (&'static str, Message, Option<Message>) {
    let at = |vi: String, en: String| match field {
        Some(f) => Message::new(format!("trường `{f}`: {vi}"), format!("field `{f}`: {en}")),
        None => Message::new(vi, en),
    };
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            "E0107",
            msg!(
                "khóa `{key}` xuất hiện hai lần",
                "key `{key}` appears twice"
            ),
            Some(msg!(
                "Xóa một trong hai dòng `{key}:`; chỉ giá trị đầu tiên được dùng.",
                "Remove one of the two `{key}:` lines; only the first value is used."
            )),
        );
    }
    if raw.starts_with("missing field") {
        let name = tick(raw);
        return (
            "E0102",
            msg!(
                "thiếu trường bắt buộc `{name}`",
                "missing required field `{name}`"
            ),
            Some(msg!(
                "Thêm một dòng `{name}: …` (xem docs/content.md cho loại hồ sơ này).",
                "Add a `{name}: …` line (see docs/content.md for this kind of record)."
            )),
        );
    }
    if raw.starts_with("unknown field") {
        let name = tick(raw);
        let expected = expected_list(raw);
        let help = crate::diagnostics::suggest(
            &name,
            &expected.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .map(|best| msg!("có phải ý là `{best}`?", "did you mean `{best}`?"))
        .or_else(|| {
            (!expected.is_empty()).then(|| {
                let list = expected.join(", ");
                msg!(
                    "Các trường được dùng ở đây: {list}.",
                    "Fields allowed here: {list}."
                )
            })
        });
        return (
            "E0104",
            msg!(
                "trường `{name}` không được dùng ở đây",
                "field `{name}` is not allowed here"
            ),
            help,
        );
    }
    if raw.starts_with("unknown variant") {
        let value = tick(raw);
        let expected = expected_list(raw);
        let list = expected.join(", ");
        let help = crate::diagnostics::suggest(
            &value,
            &expected.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .map(|best| msg!("có phải ý là `{best}`?", "did you mean `{best}`?"));
        return (
            "E0103",
            at(
                format!("giá trị `{value}` không hợp lệ; dùng một trong: {list}"),
                format!("`{value}` is not a valid value; use one of: {list}"),
            ),
            help,
        );
    }
    if raw.contains("recursion limit exceeded") {
        return (
            "E0015",
            msg!(
                "YAML lồng nhau quá sâu (quá nhiều `[`, `{{` hoặc mức thụt lề) để đọc an toàn",
                "the YAML nests too deeply (too many `[`, `{{` or indentation levels) to read safely"
            ),
            Some(msg!(
                "Một trường chỉ cần một hai mức lồng; viết giá trị văn bản trong ngoặc kép.",
                "A field needs one or two levels at most; quote text values."
            )),
        );
    }
    if raw.starts_with("budget breached") {
        return (
            "E0015",
            msg!(
                "YAML quá lớn hoặc quá nhiều tham chiếu lồng nhau (&neo/*bí danh) để đọc an toàn",
                "the YAML is too large or has too many nested anchors and aliases to read safely"
            ),
            Some(msg!(
                "Viết trực tiếp các giá trị thay vì dùng `&neo` và `*bí danh`; đưa bảng dài vào tệp CSV.",
                "Write values out instead of using `&anchors` and `*aliases`; put long tables in a CSV file."
            )),
        );
    }
    if let Some(found) = custom_value_error(raw) {
        let (code, message) = found;
        let code = if field == Some("disclosure_item") {
            "E0110"
        } else {
            code
        };
        let message = match field {
            Some(f) => Message::new(
                format!("trường `{f}`: {}", message.vi),
                format!("field `{f}`: {}", message.en.clone().unwrap_or_default()),
            ),
            None => message,
        };
        return (code, message, None);
    }
    let type_error = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "));
    if let Some(rest) = type_error {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let (got_vi, got_en) = unexpected(got);
        let (want_vi, want_en) = expecting(want);
        let code = if field == Some("disclosure_item") {
            "E0110"
        } else {
            "E0103"
        };
        return (
            code,
            at(
                format!("sai kiểu dữ liệu: cần {want_vi}, nhưng ghi {got_vi}"),
                format!("wrong type: expected {want_en}, found {got_en}"),
            ),
            quote_help(got),
        );
    }
    if let Some(int) = raw.strip_prefix("invalid ").filter(|t| is_int_type(t)) {
        let range = int_range(int);
        if field == Some("disclosure_item") {
            return (
                "E0110",
                msg!(
                    "`disclosure_item` phải là số khoản từ 1 đến 14 của Điều 11",
                    "`disclosure_item` must be an Art. 11 item number from 1 to 14"
                ),
                None,
            );
        }
        return (
            "E0103",
            at(
                format!("cần một số nguyên {range}"),
                format!("expected a whole number {range}"),
            ),
            None,
        );
    }
    if raw == "invalid boolean" {
        return (
            "E0103",
            at(
                "cần `true` hoặc `false`".into(),
                "expected `true` or `false`".into(),
            ),
            None,
        );
    }
    if raw == "invalid float" || raw == "invalid f64" {
        return (
            "E0103",
            at(
                "cần một số, ví dụ 1234.5".into(),
                "expected a number, e.g. 1234.5".into(),
            ),
            None,
        );
    }
    if raw.contains("found a tab") || raw.contains("tabs") {
        return (
            "E0100",
            msg!(
                "có ký tự Tab dùng để thụt lề; YAML chỉ nhận dấu cách",
                "a tab is used for indentation; YAML accepts spaces only"
            ),
            Some(msg!(
                "Thay Tab bằng dấu cách (trong trình soạn thảo: bật \"chèn dấu cách khi nhấn Tab\").",
                "Replace the tab with spaces (in the editor: turn on \"insert spaces for tabs\")."
            )),
        );
    }
    if raw.starts_with("expected string scalar") {
        return (
            "E0103",
            at(
                "cần một đoạn văn bản, không phải danh sách hay bảng".into(),
                "expected text, not a list or a mapping".into(),
            ),
            Some(msg!(
                "Nếu văn bản có dấu `[`, `{{`, `:` hoặc `#`, đặt cả giá trị trong ngoặc kép.",
                "If the text contains `[`, `{{`, `:` or `#`, put the whole value in double quotes."
            )),
        );
    }
    if raw.starts_with("expected mapping start") || raw.starts_with("expected sequence start") {
        let (vi, en) = if raw.contains("mapping") {
            (
                "cần các dòng `trường: giá trị`",
                "expected `field: value` lines",
            )
        } else {
            (
                "cần một danh sách (các dòng `- …`)",
                "expected a list (`- …` lines)",
            )
        };
        return ("E0103", at(vi.into(), en.into()), None);
    }
    if raw.starts_with("unexpected end of input") {
        return (
            "E0101",
            msg!(
                "phần khai báo trống hoặc bị cắt ngang",
                "the front matter is empty or cut short"
            ),
            Some(msg!(
                "Ghi ít nhất `title`, `published` và `disclosure_item`.",
                "Write at least `title`, `published` and `disclosure_item`."
            )),
        );
    }
    (
        "E0100",
        msg!("lỗi cú pháp YAML: {raw}", "YAML syntax error: {raw}"),
        Some(msg!(
            "Thụt lề bằng dấu cách (không dùng Tab); đặt giá trị có dấu `:` hoặc `#` trong ngoặc kép; mỗi dòng một `trường: giá trị`.",
            "Indent with spaces (not tabs); quote values that contain `:` or `#`; one `field: value` per line."
        )),
    )
}

fn is_int_type(t: &str) -> bool {
    matches!(
        t,
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize"
    )
}

fn int_range(t: &str) -> String {
    match t {
        "u8" => "từ 0 đến 255 / from 0 to 255".into(),
        "u16" => "từ 0 đến 65535 / from 0 to 65535".into(),
        "u32" | "u64" | "usize" => "không âm / not negative".into(),
        _ => String::new(),
    }
}

fn quote_help(got: &str) -> Option<Message> {
    (got.starts_with("sequence") || got.starts_with("map")).then(|| {
        msg!(
            "Nếu giá trị có dấu `[`, `{{` hoặc `:`, đặt cả giá trị trong ngoặc kép.",
            "If the value contains `[`, `{{` or `:`, put the whole value in double quotes."
        )
    })
}

/// The names listed after "expected one of" in a serde message.
fn expected_list(raw: &str) -> Vec<String> {
    let Some(list) = raw.split("expected ").nth(1) else {
        return Vec::new();
    };
    let list = list.strip_prefix("one of ").unwrap_or(list);
    list.split(", ")
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && !s.contains(' '))
        .collect()
}

/// serde's description of what it found.
fn unexpected(got: &str) -> (String, String) {
    let value = got.split('`').nth(1).or_else(|| got.split('"').nth(1));
    let kind = got.split([' ', '`', '"']).next().unwrap_or(got);
    let (vi, en) = match kind {
        "string" => ("chuỗi", "the text"),
        "integer" => ("số nguyên", "the number"),
        "floating" => ("số thập phân", "the decimal number"),
        "boolean" => ("giá trị đúng/sai", "the boolean"),
        "sequence" => ("một danh sách", "a list"),
        "map" => ("một bảng `trường: giá trị`", "a mapping"),
        "unit" => ("giá trị rỗng", "an empty value"),
        _ => ("", ""),
    };
    match (value, vi.is_empty()) {
        (_, true) => (got.to_string(), got.to_string()),
        (Some(v), false) => (format!("{vi} `{v}`"), format!("{en} `{v}`")),
        (None, false) => (vi.to_string(), en.to_string()),
    }
}

/// Our value types' `expecting` texts and serde's, in both languages.
fn expecting(want: &str) -> (String, String) {
    const KNOWN: &[(&str, &str, &str)] = &[
        (
            "một ngày, ví dụ 2024-03-11",
            "một ngày, ví dụ 2024-03-11",
            "a date, e.g. 2024-03-11",
        ),
        (
            "số tiền (ví dụ 1.500.000)",
            "số tiền (ví dụ 1.500.000)",
            "an amount of money, e.g. 1.500.000",
        ),
        (
            "thời hạn: một ngày, một quý hoặc một năm",
            "thời hạn: một ngày, một quý hoặc một năm",
            "a deadline: a date, a quarter or a year",
        ),
        (
            "diện tích m², ví dụ 1234.5",
            "diện tích m², ví dụ 1234.5",
            "an area in m², e.g. 1234.5",
        ),
        (
            "đường dẫn tệp, hoặc { path, title }",
            "đường dẫn tệp, hoặc { path, title }",
            "a file path, or { path, title }",
        ),
        ("a string", "một đoạn văn bản", "text"),
        ("a boolean", "`true` hoặc `false`", "`true` or `false`"),
        (
            "a sequence",
            "một danh sách (các dòng `- …`)",
            "a list (`- …` lines)",
        ),
        (
            "u8",
            "một số nguyên từ 0 đến 255",
            "a whole number from 0 to 255",
        ),
        (
            "u32",
            "một số nguyên không âm",
            "a whole number, not negative",
        ),
        (
            "u64",
            "một số nguyên không âm",
            "a whole number, not negative",
        ),
        ("i64", "một số nguyên", "a whole number"),
    ];
    if let Some((_, vi, en)) = KNOWN.iter().find(|(k, _, _)| *k == want) {
        return (vi.to_string(), en.to_string());
    }
    if want.starts_with("struct ") || want == "a map" {
        return (
            "các dòng `trường: giá trị`".into(),
            "`field: value` lines".into(),
        );
    }
    if want.starts_with("enum ") || want.starts_with("variant ") {
        return (
            "một giá trị trong danh sách cho phép".into(),
            "one of the allowed values".into(),
        );
    }
    (want.to_string(), want.to_string())
}

/// Errors raised by our own value types (money, dates, areas), which speak
/// Vietnamese: recognised here and given a code and an English text.
fn custom_value_error(raw: &str) -> Option<(&'static str, Message)> {
    let value = raw
        .strip_prefix('`')
        .and_then(|r| r.split_once("`: "))
        .map(|(v, _)| v);
    let with_value = |vi: String, en: &str| match value {
        Some(v) => Message::new(format!("`{v}`: {vi}"), format!("`{v}`: {en}")),
        None => Message::new(vi, en.to_string()),
    };
    const MONEY: [(MoneyError, &str); 6] = [
        (MoneyError::Empty, "the amount is empty"),
        (MoneyError::Negative, "an amount of money cannot be negative"),
        (
            MoneyError::Ambiguous,
            "ambiguous amount: write whole đồng, grouping three digits with dots or spaces (1.500.000 or 1500000), never a comma",
        ),
        (MoneyError::NotANumber, "an amount has digits only (e.g. 1.500.000)"),
        (
            MoneyError::Fraction,
            "the amount has a decimal part: money is in whole đồng; if you meant thousands, write 1500000 or quote it as \"1.500\"",
        ),
        (MoneyError::Overflow, "the amount is too large"),
    ];
    for (e, en) in MONEY {
        let vi = e.to_string();
        if raw.ends_with(&vi) {
            return Some(("E0108", with_value(vi, en)));
        }
    }
    const PERMANENT_VI: &str = ", hoặc `permanent` (niêm yết thường xuyên)";
    let (date_part, permanent) = match raw.strip_suffix(PERMANENT_VI) {
        Some(r) => (r, true),
        None => (raw, false),
    };
    const DATES: [(DateError, &str); 2] = [
        (
            DateError::Format,
            "not a date: write YYYY-MM-DD (e.g. 2024-03-11) or 11/3/2024",
        ),
        (
            DateError::DoesNotExist,
            "this day does not exist in the calendar",
        ),
    ];
    for (e, en) in DATES {
        let vi = e.to_string();
        if date_part.ends_with(&vi) {
            let (vi, en) = if permanent {
                (
                    format!("{vi}{PERMANENT_VI}"),
                    format!("{en}, or `permanent` (posted permanently)"),
                )
            } else {
                (vi, en.to_string())
            };
            return Some(("E0109", with_value(vi, &en)));
        }
    }
    if raw.contains("thời hạn viết là") {
        return Some((
            "E0109",
            with_value(
                "thời hạn viết là một ngày (2024-06-30), một quý (Quý II/2024) hoặc một năm (2024)"
                    .into(),
                "a deadline is a date (2024-06-30), a quarter (Quý II/2024) or a year (2024)",
            ),
        ));
    }
    if raw.ends_with(": ghi có/không (true/false)") {
        return Some((
            "E0103",
            with_value(
                "ghi có/không (true/false)".into(),
                "write yes/no (có/không, true/false)",
            ),
        ));
    }
    if raw.contains("diện tích phải là số không âm") {
        return Some((
            "E0103",
            msg!(
                "diện tích phải là số không âm",
                "an area must be a number, not negative"
            ),
        ));
    }
    if let Some(v) = raw.strip_suffix("` không phải diện tích (ví dụ 1234.5 hoặc \"1.234,5\")")
    {
        let v = v.trim_start_matches('`');
        return Some((
            "E0103",
            msg!(
                "`{v}` không phải diện tích (ví dụ 1234.5 hoặc \"1.234,5\")",
                "`{v}` is not an area (e.g. 1234.5 or \"1.234,5\")"
            ),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Common;

    #[test]
    fn reports_every_bad_field_not_only_the_first() {
        let yaml = "title: A\npublished: 2026-02-30\ndisclosure_item: x\nforms: [portl]\n";
        let diags = parse_all::<Common>(yaml, 2, Path::new("a.md")).unwrap_err();
        let got: Vec<(&str, usize)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            [("E0109", 3), ("E0110", 4), ("E0103", 5)],
            "{diags:#?}"
        );
    }

    #[test]
    fn missing_top_level_field_points_at_the_start() {
        let diags = parse_all::<Common>("title: A\npublished: 2026-02-03\n", 2, Path::new("a.md"))
            .unwrap_err();
        assert_eq!(
            (diags[0].code, diags[0].line, diags[0].column),
            ("E0102", 1, 0)
        );
        assert!(diags[0].message.vi.contains("disclosure_item"));
    }

    #[test]
    fn messages_have_both_languages_and_the_field() {
        let yaml = "title: A\npublished: 2026-02-03\ndisclosure_item: 1\nforms: [portl]\n";
        let d = &parse_all::<Common>(yaml, 1, Path::new("a.yaml")).unwrap_err()[0];
        assert_eq!(d.column, 9);
        assert!(d.message.vi.contains("trường `forms`"), "{d:?}");
        assert!(
            d.message
                .en
                .as_deref()
                .unwrap_or("")
                .contains("field `forms`"),
            "{d:?}"
        );
        assert!(d.help.as_ref().unwrap().vi.contains("`portal`"), "{d:?}");
    }

    #[test]
    fn blanking_keeps_line_numbers() {
        let mut t = "a: 1\nb:\n  - x\n  - y\nc: 2\n".to_string();
        assert_eq!(blank_block(&mut t, 3).as_deref(), Some("b"));
        assert_eq!(t, "a: 1\n\n\n\nc: 2\n");
    }

    #[test]
    fn field_names_are_found_in_flow_mappings() {
        assert_eq!(
            field_at("  - {date: 2026-01-02, amount: 1,5}\n", 1, 32).as_deref(),
            Some("amount")
        );
        assert_eq!(
            field_at("disclosure_item: 300\n", 1, 18).as_deref(),
            Some("disclosure_item")
        );
    }
}
