//! Text normalisation shared by every stage: NFC, BOM and CRLF, slugs, and the
//! accent folding used by search and the ward finder.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Normalises text read from a file: drops a leading BOM, turns CRLF and lone
/// CR into LF, and composes to NFC.
pub fn normalize_source(raw: &str) -> String {
    let s = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let s = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    };
    nfc(&s)
}

/// Composes text to NFC (cheap when it already is).
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Folds text for matching: decompose, drop combining marks, map `đ`/`Đ` (and
/// the look-alike `Ð`, `ð`) to `d`, lowercase. "Đất Đai" and "dat dai" fold equal.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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

/// Strips Markdown to plain words for summaries and the search index.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
