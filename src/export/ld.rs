//! JSON-LD (and other JSON) written straight from borrowed parts: the one
//! writer of the pages' `<head>` descriptions and of the catalogues. Keys are
//! `&'static str` and texts borrow from the model, so building a value costs
//! a few small vectors instead of a `serde_json::Value` tree of owned keys
//! and strings; objects are written with their keys sorted and strings
//! escaped exactly as `serde_json` writes a `Value`, compact or pretty.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A JSON value built from borrowed parts.
#[derive(Debug, Clone, PartialEq)]
pub enum J<'a> {
    /// A string.
    Str(Cow<'a, str>),
    /// An integer.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// An array.
    Arr(Vec<J<'a>>),
    /// An object; written with its keys sorted (a later duplicate wins).
    Obj(Vec<(&'static str, J<'a>)>),
}

impl<'a> J<'a> {
    /// A borrowed string.
    pub fn s(s: &'a str) -> J<'a> {
        J::Str(Cow::Borrowed(s))
    }

    /// An owned string.
    pub fn owned(s: String) -> J<'a> {
        J::Str(Cow::Owned(s))
    }

    /// An object of `fields`.
    pub fn obj<const N: usize>(fields: [(&'static str, J<'a>); N]) -> J<'a> {
        J::Obj(Vec::from(fields))
    }

    /// Sets `key` in an object (nothing for other values).
    pub fn set(&mut self, key: &'static str, value: J<'a>) {
        if let J::Obj(fields) = self {
            match fields.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => fields.push((key, value)),
            }
        }
    }

    /// Writes the value compactly (as `serde_json::to_vec` writes a `Value`).
    pub fn write(&self, out: &mut String) {
        self.write_with(out, None);
    }

    /// Writes the value pretty-printed with two spaces (as
    /// `serde_json::to_vec_pretty` writes a `Value`).
    pub fn write_pretty(&self, out: &mut String) {
        self.write_with(out, Some(0));
    }

    fn write_with(&self, out: &mut String, indent: Option<usize>) {
        match self {
            J::Str(s) => string(out, s),
            // Writing to a String cannot fail.
            J::Int(i) => {
                let _ = write!(out, "{i}");
            }
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, indent.map(|n| n + 1));
                    item.write_with(out, indent.map(|n| n + 1));
                }
                if !items.is_empty() {
                    newline(out, indent);
                }
                out.push(']');
            }
            J::Obj(fields) => {
                let mut order: Vec<usize> = (0..fields.len()).collect();
                // Sorted by key; of equal keys the last set is kept.
                order.sort_by(|&a, &b| fields[a].0.cmp(fields[b].0).then(b.cmp(&a)));
                order.dedup_by(|a, b| fields[*a].0 == fields[*b].0);
                out.push('{');
                for (n, &i) in order.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    newline(out, indent.map(|n| n + 1));
                    string(out, fields[i].0);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    fields[i].1.write_with(out, indent.map(|n| n + 1));
                }
                if !order.is_empty() {
                    newline(out, indent);
                }
                out.push('}');
            }
        }
    }
}

/// A line break and the indentation of `level`, when pretty.
fn newline(out: &mut String, level: Option<usize>) {
    if let Some(level) = level {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    }
}

/// A JSON string, escaped as `serde_json` escapes it.
pub fn string(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    // Eight bytes at a time up to the first that needs escaping.
    let mut clean = 0;
    while let Some(word) = bytes.get(clean..clean + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        if needs_escape(u64::from_le_bytes(eight)) {
            break;
        }
        clean += 8;
    }
    // The last bytes (fewer than eight) padded with a letter: most texts
    // (and every key) need no escape at all and are copied in one piece.
    if let Some(tail) = bytes.get(clean..).filter(|t| t.len() < 8) {
        let mut eight = [b'a'; 8];
        eight[..tail.len()].copy_from_slice(tail);
        if !needs_escape(u64::from_le_bytes(eight)) {
            out.reserve(s.len() + 2);
            out.push('"');
            out.push_str(s);
            out.push('"');
            return;
        }
    }
    out.push('"');
    let mut start = 0;
    for (i, b) in bytes.iter().copied().enumerate().skip(clean) {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Whether any of eight bytes is a control character, `"` or `\\`: true
/// exactly when one is (the borrows of the subtractions only ever mark a
/// byte above one that is).
fn needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20, or equal to '"' or '\\' (its XOR with them zero).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    (below | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\')))) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_does_whatever_their_alignment() {
        let pieces = [
            "a",
            "Đồng ý",
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "\u{8}",
            "\u{c}",
            "\u{1}",
            "\u{1f}",
            " ",
            "~",
            "\u{7f}",
            "é",
            "ngân sách xã",
        ];
        for (i, a) in pieces.iter().enumerate() {
            for (j, b) in pieces.iter().enumerate() {
                // Placed at every offset in and across eight-byte words.
                for pad in 0..10 {
                    let text = format!("{}{a}{}{b}", "x".repeat(pad), "y".repeat((i + j) % 9));
                    let mut out = String::new();
                    string(&mut out, &text);
                    assert_eq!(out, serde_json::to_string(&text).unwrap(), "{text:?}");
                }
            }
        }
        for x in 0u8..=255 {
            let word = u64::from_le_bytes([b'a', b'b', x, b'c', b'd', b'e', b'f', b'g']);
            assert_eq!(
                needs_escape(word),
                x < 0x20 || x == b'"' || x == b'\\',
                "{x}"
            );
        }
    }
    use serde_json::json;

    fn both(j: &J, v: &serde_json::Value) {
        let mut compact = String::new();
        j.write(&mut compact);
        assert_eq!(compact, serde_json::to_string(v).unwrap());
        let mut pretty = String::new();
        j.write_pretty(&mut pretty);
        assert_eq!(pretty, serde_json::to_string_pretty(v).unwrap());
    }

    #[test]
    fn writes_what_serde_json_writes_of_the_same_value() {
        let text = "a\"b\\c\nd\te\r\u{8}\u{c}\u{1}\u{1f}\u{7f}<é>";
        let mut j = J::obj([
            ("z", J::Int(-5)),
            ("@id", J::s("x")),
            ("a", J::Arr(vec![J::Bool(true), J::s(text), J::Arr(vec![])])),
            ("m", J::Obj(vec![])),
            ("n", J::obj([("b", J::Int(1)), ("a", J::owned("2".into()))])),
        ]);
        j.set("z", J::Int(7));
        j.set("b", J::Bool(false));
        let v = json!({
            "z": 7, "@id": "x", "a": [true, text, []], "m": {},
            "n": {"b": 1, "a": "2"}, "b": false,
        });
        both(&j, &v);
        both(&J::Arr(vec![]), &json!([]));
        both(&J::s(""), &json!(""));
    }
}
