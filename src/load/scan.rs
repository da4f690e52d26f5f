//! One pass over a file's text, valid UTF-8, answering two questions the
//! loader would otherwise ask in several passes: is the text already as
//! [`normalize_source`](crate::text::normalize_source) would leave it, and may
//! legacy-encoded words be in it? Only a clear "yes, it is normal" is acted
//! on; anything else goes through the full normalisation.

use super::legacy;

/// The high bit of each byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// One in each byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Whether some byte of `word` is zero.
fn has_zero_byte(word: u64) -> bool {
    word.wrapping_sub(ONES) & !word & HIGH != 0
}

/// Whether `b` is an ASCII vowel, which a VNI mark may follow.
fn is_plain_vowel(b: u8) -> bool {
    matches!(
        b.to_ascii_lowercase(),
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
    )
}

/// Scans `text`. `None` when it may need normalising: a BOM at the start, a
/// NUL or CR anywhere, or a character not plainly NFC (see
/// [`plain_nfc_table`](crate::text::plain_nfc_table)). Otherwise the text
/// is exactly what normalising it gives, and the answer says whether a
/// legacy-encoding pattern may start in it (what the detector's own
/// prefilter would say).
pub(super) fn scan(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    if text.starts_with('\u{feff}') {
        return None;
    }
    let nfc = crate::text::plain_nfc_table();
    let mut candidate = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            // A run of ASCII, up to eight bytes at a time: how many bytes
            // before the first non-ASCII one, and is NUL or CR among them.
            let Some(word) = bytes
                .get(i..i + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
            else {
                if b == 0 || b == b'\r' {
                    return None;
                }
                i += 1;
                continue;
            };
            let word = u64::from_le_bytes(word);
            let high = word & HIGH;
            let ascii = if high == 0 {
                8
            } else {
                high.trailing_zeros() as usize / 8
            };
            // Bytes past the run become 0xFF, neither NUL nor CR.
            let run = if ascii == 8 {
                word
            } else {
                word | (u64::MAX << (ascii * 8))
            };
            if has_zero_byte(run) || has_zero_byte(run ^ (ONES * u64::from(b'\r'))) {
                return None;
            }
            i += ascii;
            continue;
        }
        // Valid UTF-8: the lead byte gives the length, and the code point
        // needs no further checks.
        let (code, len) = match *bytes.get(i..).unwrap_or(&[]) {
            [lead @ 0xC0..=0xDF, b1, ..] => {
                ((u32::from(lead & 0x1F) << 6) | u32::from(b1 & 0x3F), 2)
            }
            [lead @ 0xE0..=0xEF, b1, b2, ..] => (
                (u32::from(lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F),
                3,
            ),
            _ => return None,
        };
        if nfc.get(code as usize) != Some(&true) {
            return None;
        }
        if !candidate && code < 0x100 {
            // Only an ASCII byte can be a vowel; any other character before
            // this one ends in a byte of 0x80 or more.
            let after_vowel = i > 0 && bytes.get(i - 1).is_some_and(|&p| is_plain_vowel(p));
            candidate = char::from_u32(code).is_some_and(|c| {
                legacy::starts_candidate(c, after_vowel, || {
                    text.get(i + len..).and_then(|rest| rest.chars().next())
                })
            });
        }
        i += len;
    }
    Some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_source;

    /// The slow composition the scan stands for: a text is normal when
    /// normalising it changes nothing; the candidate answer is the
    /// detector's prefilter.
    fn agrees(text: &str) {
        match scan(text) {
            Some(candidate) => {
                assert_eq!(normalize_source(text), text, "{text:?}");
                assert!(!text.contains('\0'), "{text:?}");
                assert_eq!(candidate, legacy::has_candidate(text), "{text:?}");
            }
            None => {
                let plain = !text.starts_with('\u{feff}')
                    && !text.contains(['\0', '\r'])
                    && text.chars().all(|c| {
                        c.is_ascii()
                            || crate::text::plain_nfc_table()
                                .get(c as usize)
                                .copied()
                                .unwrap_or(false)
                    });
                assert!(!plain, "a plain text was sent the slow way: {text:?}");
            }
        }
    }

    #[test]
    fn agrees_with_normalising_and_the_prefilter_on_every_character() {
        for c in (0u32..0x3_1000).filter_map(char::from_u32) {
            for text in [
                c.to_string(),
                format!("a{c}"),
                format!("b{c}x"),
                format!("ờ{c}"),
                format!("{c}\u{0301}"),
                format!("Ã{c}"),
                format!("{c}Ã€"),
                format!("Việt {c} Nam"),
            ] {
                agrees(&text);
            }
        }
    }

    #[test]
    fn agrees_on_odd_texts() {
        for text in [
            "",
            "\u{feff}",
            "\u{feff}a",
            "a\u{feff}",
            "a\r\nb",
            "a\rb",
            "a\0b",
            "Xua\u{0302}n Ho\u{0300}a",
            "Xuân Hòa",
            "Phường Bàn Cờ – “Dân biết, dân bàn”",
            "B¶o Th¾ng, Xin chµo",
            "Xin chaøo",
            "Thá»§ tá»¥c",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Diện tích 420,5 m², 30°C",
            "Ông Müller và bà Peña",
            "emoji 🙂 and 𝔸",
            "Ω K Å \u{2126}\u{212a}\u{212b}",
            "\u{0340}\u{0341}\u{0374}\u{037e}\u{0387}",
            "ﬁ ǅ İ",
            "a\u{0323}\u{0302}",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn reads_real_text_in_one_pass() {
        assert_eq!(scan("Thực hiện Quy chế dân chủ ở cơ sở"), Some(false));
        assert_eq!(scan("Xin chaøo"), Some(true));
        assert_eq!(scan("Xua\u{0302}n"), None);
        assert_eq!(scan("a\r\n"), None);
    }
}
