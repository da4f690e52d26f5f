//! Text normalisation shared by every stage: NFC, BOM and CRLF, slugs, and the
//! accent folding used by search and the ward finder.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Normalises text read from a file: drops a leading BOM, turns CRLF and lone
/// CR into LF, and composes to NFC.
pub fn normalize_source(raw: &str) -> String {
    let s = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if s.contains('\r') {
        nfc(&s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        nfc(s)
    }
}

/// Composes text to NFC (cheap when it already is).
pub fn nfc(s: &str) -> String {
    if is_plainly_nfc(s)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// True when every character is one that NFC keeps as it is wherever it
/// stands (quick check "yes", combining class 0): then the text is NFC. Checks
/// Vietnamese text with a table instead of the general quick check.
fn is_plainly_nfc(s: &str) -> bool {
    let table = plain_nfc_table();
    s.chars()
        .all(|c| c.is_ascii() || table.get(c as usize).copied().unwrap_or(false))
}

/// For each code point below U+3000 (the letters and punctuation Vietnamese
/// text uses), whether NFC keeps it as it is wherever it stands: quick check
/// "yes" and combining class 0. Code points past the end are not known to be.
pub(crate) fn plain_nfc_table() -> &'static [bool] {
    const END: u32 = 0x3000;
    static TABLE: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..END)
            .map(|u| {
                char::from_u32(u).is_some_and(|c| {
                    unicode_normalization::char::canonical_combining_class(c) == 0
                        && unicode_normalization::is_nfc_quick(std::iter::once(c))
                            == unicode_normalization::IsNormalized::Yes
                })
            })
            .collect()
    })
}

/// Folds text for matching: decompose, drop combining marks, map `đ`/`Đ` (and
/// the look-alike `Ð`, `ð`) to `d`, lowercase. "Đất Đai" and "dat dai" fold equal.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let table = folded_table();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match table.get(c as usize).copied() {
            Some(FOLDS_TO_NOTHING) => {}
            Some(FOLDS_TO_SEVERAL) | None => fold_char(c, &mut out),
            Some(one) => out.push(char::from_u32(one).unwrap_or(c)),
        }
    }
    out
}

/// In [`folded_table`]: the character folds to nothing (a combining mark).
const FOLDS_TO_NOTHING: u32 = u32::MAX;
/// In [`folded_table`]: the character folds to more than one character.
const FOLDS_TO_SEVERAL: u32 = u32::MAX - 1;

/// Folding works character by character (the marks NFD would reorder are
/// all dropped), so the letters Vietnamese uses, below U+2000, are folded
/// once into a table: the one character each folds to, or a marker.
fn folded_table() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0u32..0x2000)
            .map(|u| {
                let mut s = String::new();
                if let Some(c) = char::from_u32(u) {
                    fold_char(c, &mut s);
                }
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => FOLDS_TO_NOTHING,
                    (Some(one), None) => u32::from(one),
                    _ => FOLDS_TO_SEVERAL,
                }
            })
            .collect()
    })
}

/// Folds one character: its canonical decomposition without combining marks,
/// `đ` as `d`, lowercased.
fn fold_char(c: char, out: &mut String) {
    for d in std::iter::once(c).nfd() {
        if is_combining_mark(d) {
            continue;
        }
        match d {
            'đ' | 'Đ' | 'Ð' | 'ð' => out.push('d'),
            _ => out.extend(d.to_lowercase()),
        }
    }
}

/// Makes a URL-safe slug: folded, ASCII letters and digits, words joined by `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// True when `s` is a valid record or ward slug: lowercase ASCII letters,
/// digits and single dashes, not starting or ending with a dash.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The lines of `s`, each with its `\n` (the last may have none), as
/// `s.split_inclusive('\n')` gives them, but looking for the ends of lines
/// eight bytes at a time: front matter lines are short, and a general search
/// costs more to start than such a line takes to read.
pub(crate) fn lines_inclusive(s: &str) -> LinesInclusive<'_> {
    LinesInclusive { rest: s }
}

/// The iterator of [`lines_inclusive`].
pub(crate) struct LinesInclusive<'a> {
    rest: &'a str,
}

impl<'a> Iterator for LinesInclusive<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let end = next_newline(self.rest.as_bytes()).map_or(self.rest.len(), |at| at + 1);
        let (line, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(line)
    }
}

/// The offset of the first `\n` in `bytes`.
fn next_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    for (i, word) in (&mut words).enumerate() {
        let word = <[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes);
        let x = word ^ (ONES * u64::from(b'\n'));
        // The lowest flagged byte is the first zero byte of `x`.
        let found = x.wrapping_sub(ONES) & !x & HIGH;
        if found != 0 {
            return Some(i * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let tail = words.remainder();
    let start = bytes.len() - tail.len();
    tail.iter().position(|&b| b == b'\n').map(|at| start + at)
}

/// Strips Markdown to plain words for summaries and the search index.
#[cfg(test)]
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_nfd_are_normalised() {
        let nfd = "Xua\u{0302}n Ho\u{0300}a";
        let raw = format!("\u{feff}a\r\nb\rc {nfd}");
        assert_eq!(normalize_source(&raw), "a\nb\nc Xuân Hòa");
    }

    #[test]
    fn folding_drops_tones_and_maps_d() {
        assert_eq!(fold("Đất đai"), "dat dai");
        assert_eq!(fold("DÂN CHỦ"), "dan chu");
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("thuỷ"), fold("thủy"));
        assert_eq!(fold("Ðồng"), "dong");
    }

    /// The table and per-character folding give what folding the whole
    /// text through NFD gives, for every character and for mixed text.
    #[test]
    fn fast_folding_equals_folding_through_nfd() {
        fn reference(s: &str) -> String {
            let mut out = String::new();
            for c in s.nfd() {
                if is_combining_mark(c) {
                    continue;
                }
                match c {
                    'đ' | 'Đ' | 'Ð' | 'ð' => out.push('d'),
                    _ => out.extend(c.to_lowercase()),
                }
            }
            out
        }
        let mut all = String::new();
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(fold(&one), reference(&one), "U+{:04X}", c as u32);
            all.push(c);
            all.push('a');
        }
        assert_eq!(fold(&all), reference(&all));
        let mixed = "Quy\u{0301}ÊN đã Ǆ İstanbul a\u{0323}\u{0302} \u{0301}x ﬁ";
        assert_eq!(fold(mixed), reference(mixed));
        assert_eq!(collapse_whitespace("  a \n\t b  c "), "a b c");
        assert_eq!(collapse_whitespace(" \n "), "");
    }

    /// Collapsing agrees with splitting on Unicode whitespace, for every
    /// whitespace character and its neighbours in UTF-8.
    #[test]
    fn collapsing_whitespace_agrees_with_split_whitespace() {
        let reference = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut pieces: Vec<String> = (0u32..0x3100)
            .filter_map(char::from_u32)
            .filter(|c| {
                c.is_whitespace()
                    || matches!(*c as u32, 0x80..=0x100 | 0x1680..=0x1690 | 0x2000..=0x2060 | 0x3000..=0x3010)
            })
            .map(String::from)
            .collect();
        pieces.extend(["Đất", "đai", "a", "ờ", "\u{feff}", "x\u{0301}"].map(String::from));
        for (i, a) in pieces.iter().enumerate() {
            for b in pieces.iter().skip(i % 7).step_by(7) {
                for text in [
                    format!("{a}{b}"),
                    format!(" {a}x{b} "),
                    format!("{b}Đ{a}{a}"),
                ] {
                    assert_eq!(collapse_whitespace(&text), reference(&text), "{text:?}");
                }
            }
        }
    }

    /// The table's verdict is the general quick check's, for every character
    /// it covers, alone and after a letter.
    #[test]
    fn plain_nfc_table_agrees_with_the_quick_check() {
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let mut plain = 0;
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}"), format!("{c}\u{0301}")] {
                if is_plainly_nfc(&text) {
                    plain += 1;
                    assert_eq!(is_nfc_quick(text.chars()), IsNormalized::Yes, "{text:?}");
                    assert_eq!(nfc(&text), text.nfc().collect::<String>());
                }
            }
        }
        assert!(
            plain > 20_000,
            "the table covers the common letters ({plain})"
        );
        assert!(is_plainly_nfc("Phường Bàn Cờ – “Dân biết, dân bàn”"));
        assert!(!is_plainly_nfc("Xua\u{0302}n"));
        assert_eq!(nfc("Xua\u{0302}n"), "Xuân");
    }

    /// Lines found eight bytes at a time are those `split_inclusive` gives.
    #[test]
    fn lines_are_split_as_split_inclusive() {
        let pieces = [
            "\n",
            "a",
            "ờ",
            "Đất đai",
            " ",
            "\n\n",
            "1234567",
            "\r\n",
            "🙂",
        ];
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1du64);
        let mut texts = vec![String::new(), "\n".into(), "x".repeat(17)];
        texts.extend(crate::testing::random_texts(&mut next, &pieces, 5_000, 24));
        for text in &texts {
            let ours: Vec<&str> = lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slugify("Phường Bàn Cờ"), "phuong-ban-co");
        assert_eq!(slugify("  Kế hoạch 72/KH-UBND "), "ke-hoach-72-kh-ubnd");
        assert!(is_slug("ban-co"));
        assert!(!is_slug("Ban-co"));
        assert!(!is_slug("../x"));
        assert!(!is_slug("a--b"));
    }
}
