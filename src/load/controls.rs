//! Control characters (`\0`, `\a`, `\e`… written as YAML escapes, or raw in
//! the text) are refused: they are invisible, and no page may carry them.

use crate::diagnostics::Diagnostic;
use crate::model::Source;
use crate::msg;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::fmt;
use std::path::Path;

/// A character that must not reach a page: C0 controls but tab and line
/// ends, DEL, and C1 controls.
pub(super) fn is_refused(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Reports the control characters written as escapes in a front matter's
/// values (one per top-level field).
pub(super) fn control_characters(source: &Source) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let yaml = &source.yaml;
    // Escapes start with a backslash; most front matter has none.
    // Raw control characters are refused when the file is read (see
    // `intake::first_control`); escapes start with a backslash, which most
    // front matter has none of.
    if yaml.contains('\\') {
        let scanned = serde_saphyr::from_str_with_options::<Scanned>(
            yaml,
            serde_saphyr::options! { with_snippet: false },
        );
        let ok = scanned.is_ok();
        let mut found = scanned.map(|s| s.0).unwrap_or_default();
        if !ok && yaml.contains('\\') {
            // Not readable here (the parser reports why); refuse escapes of
            // control characters seen in the text itself.
            found.extend(escape_in_text(yaml).map(|c| (String::new(), c)));
        }
        found.dedup_by(|a, b| a.0 == b.0);
        for (key, c) in found {
            let line = if key.is_empty() {
                source.yaml_line
            } else {
                source.key_position(&key).0
            };
            diags.push(diagnostic(&source.path, line, c, Some(&key)));
        }
    }
    diags
}

fn diagnostic(rel: &Path, line: usize, c: char, key: Option<&str>) -> Diagnostic {
    let code = format!("U+{:04X}", u32::from(c));
    let (vi, en) = match key.filter(|k| !k.is_empty()) {
        Some(k) => (format!("trường `{k}`"), format!("the field `{k}`")),
        None => ("nội dung".to_string(), "the text".to_string()),
    };
    Diagnostic::error(
        "E0017",
        rel.to_path_buf(),
        line,
        msg!(
            "{vi} chứa ký tự điều khiển {code} (không nhìn thấy, không được đưa lên trang)",
            "{en} holds the control character {code} (invisible; never put on a page)"
        ),
    )
    .with_help(msg!(
        "Xóa ký tự đó (trong YAML thường là `\\0`, `\\a`, `\\e`, `\\x..` trong chuỗi ngoặc kép).",
        "Remove it (in YAML usually `\\0`, `\\a`, `\\e`, `\\x..` in a double-quoted string)."
    ))
}

/// A YAML escape of a control character anywhere in `text`.
fn escape_in_text(text: &str) -> Option<char> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(1)).find_map(|i| {
        if b[i] != b'\\' {
            return None;
        }
        match b[i + 1] {
            b'0' => Some('\0'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b'e' => Some('\u{1b}'),
            b'f' => Some('\u{c}'),
            b'v' => Some('\u{b}'),
            b'N' => Some('\u{85}'),
            b'x' => text
                .get(i + 2..i + 4)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32)
                .filter(|c| is_refused(*c)),
            _ => None,
        }
    })
}

/// Any YAML value, read only to be looked through: the top-level keys whose
/// values hold a control character, and the first such character of each.
struct Scanned(Vec<(String, char)>);

impl<'de> serde::Deserialize<'de> for Scanned {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let found = RefCell::new(Vec::new());
        Scan {
            found: &found,
            key: None,
        }
        .deserialize(d)?;
        Ok(Scanned(found.into_inner()))
    }
}

/// Looks through a value for strings holding control characters, noting the
/// top-level key they are under.
#[derive(Clone, Copy)]
struct Scan<'a> {
    found: &'a RefCell<Vec<(String, char)>>,
    /// The top-level key, once inside one.
    key: Option<&'a str>,
}

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Scan<'_> {
    fn text(&self, s: &str) {
        if let Some(c) = s.chars().find(|c| is_refused(*c)) {
            self.found
                .borrow_mut()
                .push((self.key.unwrap_or("").to_string(), c));
        }
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.text(v);
        Ok(())
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<KeyText>()? {
            self.text(&key.0);
            match self.key {
                Some(_) => map.next_value_seed(self)?,
                None => map.next_value_seed(Scan {
                    found: self.found,
                    key: Some(&key.0),
                })?,
            }
        }
        Ok(())
    }
}

/// A mapping key as text, whatever its type.
struct KeyText(String);

impl<'de> serde::Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(yaml: &str) -> Source {
        Source {
            path: "x.md".into(),
            yaml_line: 2,
            body_line: 10,
            yaml: yaml.into(),
            ..Default::default()
        }
    }

    #[test]
    fn escapes_of_control_characters_are_refused_at_their_field() {
        for esc in ["\\0", "\\a", "\\e", "\\x07", "\\u001b", "\\N"] {
            let yaml = format!("title: A\nsummary: \"x{esc}y\"\n");
            let d = control_characters(&source(&yaml));
            assert_eq!(d.len(), 1, "{esc}: {d:?}");
            assert_eq!((d[0].code, d[0].line), ("E0017", 3), "{esc}");
        }
        let nested = "title: A\nparcels:\n  - {holder: \"a\\eb\"}\n";
        let d = control_characters(&source(nested));
        assert_eq!((d[0].code, d[0].line), ("E0017", 3));
    }

    #[test]
    fn ordinary_text_and_escapes_pass() {
        let yaml = "title: \"Tab\\there, quote \\\" and \\\\ and \\u00e0\"\nsummary: C:\\0 plain\n";
        assert!(control_characters(&source(yaml)).is_empty());
    }

    #[test]
    fn raw_control_characters_are_found_where_they_are() {
        use crate::load::intake::first_control;
        let clean = "Dòng\tmột\r\nhai «x» \u{a0} Â\0\n".repeat(40);
        assert_eq!(first_control(clean.as_bytes()), None);
        for bad in ["\u{7}", "\u{1b}", "\u{7f}", "\u{85}", "\u{9f}", "\u{1}"] {
            for at in [0, 63, 64, 200] {
                let text = format!("{}{bad}tail", "a".repeat(at));
                assert_eq!(first_control(text.as_bytes()), Some(at), "{bad:?} at {at}");
            }
        }
    }
}
