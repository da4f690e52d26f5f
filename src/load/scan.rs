//! One pass over a file's text, valid UTF-8, answering two questions the
//! loader would otherwise ask in several passes: is the text already as
//! [`normalize_source`](crate::text::normalize_source) would leave it, and may
//! legacy-encoded words be in it? Only a clear "yes, it is normal" is acted
//! on; anything else goes through the full normalisation.
//!
//! The text is read eight bytes at a time: NUL and CR are looked for in the
//! whole word at once, and only the first byte of each non-ASCII character
//! is visited. Vietnamese text has one every five or six bytes; its first
//! two bytes nearly always decide it with one table look-up.

use super::legacy;

/// The high bit of each byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// One in each byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Nonzero when some byte of `word` is zero.
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGH
}

/// In [`classes`]: the character is plainly NFC.
const PLAIN: u8 = 1;
/// In [`classes`]: a legacy pattern may start at the character.
const ALWAYS: u8 = 2;
/// In [`classes`]: one may start there after a plain ASCII vowel.
const AFTER_VOWEL: u8 = 4;
/// In [`classes`]: whether one starts there depends on the character after
/// it.
const ASK: u8 = 8;

/// For each code point below the end of [`plain_nfc_table`], and a last
/// entry of 0 for all others: whether it is plainly NFC and, for
/// U+0080–U+00FF, when the legacy detector's prefilter would stop at it.
/// Read from [`plain_nfc_table`] and [`legacy::starts_candidate`] themselves.
///
/// [`plain_nfc_table`]: crate::text::plain_nfc_table
fn classes() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let nfc = crate::text::plain_nfc_table();
        let mut table: Vec<u8> = nfc.iter().map(|&plain| u8::from(plain) * PLAIN).collect();
        table.push(0);
        for (slot, code) in table.iter_mut().zip(0u32..).skip(0x80).take(0x80) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let answers: Vec<bool> = [None, Some('a'), Some('\u{80}'), Some('€')]
                .into_iter()
                .flat_map(|next| [false, true].map(|v| legacy::starts_candidate(c, v, || next)))
                .collect();
            let (without, with) = (answers[0], answers[1]);
            *slot |= if answers.iter().step_by(2).any(|&a| a != without)
                || answers.iter().skip(1).step_by(2).any(|&a| a != with)
            {
                ASK
            } else if without {
                ALWAYS
            } else if with {
                AFTER_VOWEL
            } else {
                0
            };
        }
        table
    })
}

/// For each first two bytes of a non-ASCII character (a lead byte 0xC0–0xFF
/// and a continuation byte), indexed by their low six bits each: [`PLAIN`]
/// when every character starting with those bytes is plainly NFC, and the
/// legacy bits of the character when the two bytes are all of it. Most
/// characters are decided by this one look-up; the rest are decoded whole.
fn pair_classes() -> &'static [u8; 4096] {
    static TABLE: std::sync::OnceLock<Box<[u8; 4096]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let classes = classes();
        let class = |code: u32| classes.get(code as usize).copied().unwrap_or(0);
        let mut table = Box::new([0u8; 4096]);
        for (index, slot) in table.iter_mut().enumerate() {
            let (lead, low) = (0xC0 | (index >> 6) as u32, index as u32 & 0x3F);
            *slot = match lead {
                0xC0..=0xDF => class(((lead & 0x1F) << 6) | low),
                0xE0..=0xEF => {
                    let first = ((lead & 0x0F) << 12) | (low << 6);
                    if (first..first + 64).all(|code| class(code) & PLAIN != 0) {
                        PLAIN
                    } else {
                        0
                    }
                }
                _ => 0,
            };
        }
        table
    })
}

/// [`AFTER_VOWEL`] for the ASCII vowels a VNI mark may follow, else 0.
static VOWELS: [u8; 256] = {
    let mut table = [0u8; 256];
    let vowels = *b"aeiouyAEIOUY";
    let mut i = 0;
    while i < vowels.len() {
        table[vowels[i] as usize] = AFTER_VOWEL;
        i += 1;
    }
    table
};

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
    let pairs = pair_classes();
    let classes = classes();
    let beyond = classes.len() - 1;
    let byte = |at: usize| bytes.get(at).copied().unwrap_or(0);
    let mut candidate = 0u8;
    let mut start = 0;
    while start < bytes.len() {
        let word = match bytes.get(start..start + 8) {
            Some(word) => <[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes),
            None => {
                // The last bytes, padded with spaces: neither NUL, CR nor a lead.
                let mut padded = [b' '; 8];
                for (to, from) in padded.iter_mut().zip(&bytes[start..]) {
                    *to = *from;
                }
                u64::from_le_bytes(padded)
            }
        };
        if zero_bytes(word) | zero_bytes(word ^ (ONES * u64::from(b'\r'))) != 0 {
            return None;
        }
        // Bytes 0xC0 and up (high two bits set) start a non-ASCII character.
        let mut leads = word & (word << 1) & HIGH;
        while leads != 0 {
            let at = start + leads.trailing_zeros() as usize / 8;
            leads &= leads - 1;
            let (lead, b1) = (byte(at), byte(at + 1));
            let mut class = pairs[(usize::from(lead & 0x3F) << 6) | usize::from(b1 & 0x3F)];
            if class & PLAIN == 0 {
                // Not decided by the first two bytes: decode the character.
                let b2 = u32::from(byte(at + 2) & 0x3F);
                let code = match lead {
                    0xF0.. => u32::MAX,
                    0xE0.. => (u32::from(lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | b2,
                    _ => (u32::from(lead & 0x1F) << 6) | u32::from(b1 & 0x3F),
                };
                class = classes[(code as usize).min(beyond)];
                if class & PLAIN == 0 {
                    return None;
                }
            }
            candidate |= class & ALWAYS;
            if class & (AFTER_VOWEL | ASK) != 0 {
                let vowel = VOWELS[usize::from(byte(at.wrapping_sub(1)))];
                candidate |= class & vowel;
                if class & ASK != 0 {
                    let code = (u32::from(lead & 0x1F) << 6) | u32::from(b1 & 0x3F);
                    let next = || text.get(at + 2..).and_then(|rest| rest.chars().next());
                    let c = char::from_u32(code).unwrap_or('\0');
                    candidate |= u8::from(legacy::starts_candidate(c, vowel != 0, next));
                }
            }
        }
        start += 8;
    }
    Some(candidate != 0)
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

    /// What the first two bytes decide holds for every character they start.
    #[test]
    fn pairs_decide_only_what_holds_for_the_whole_character() {
        let (pairs, classes) = (pair_classes(), classes());
        for c in ('\u{80}'..=char::MAX).filter(|c| (*c as u32) < 0x1_0000) {
            let mut utf8 = [0u8; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            let pair = pairs[(usize::from(bytes[0] & 0x3F) << 6) | usize::from(bytes[1] & 0x3F)];
            let class = classes.get(c as usize).copied().unwrap_or(0);
            if pair & PLAIN != 0 {
                assert_ne!(class & PLAIN, 0, "U+{:04X}", c as u32);
            }
            if bytes.len() == 2 {
                assert_eq!(pair, class, "U+{:04X}", c as u32);
            } else {
                assert_eq!(pair & !PLAIN, 0, "U+{:04X}", c as u32);
            }
        }
    }

    /// Characters across the eight-byte words, and at the end of the text.
    #[test]
    fn agrees_at_every_offset() {
        for c in [
            "ờ", "ø", "¶", "Ã€", "Ã", "\u{0302}", "🙂", "\0", "\r", "ă", "\u{2000}", "”",
        ] {
            for before in 0..20 {
                for after in ["", "b", "ab", "aø"] {
                    agrees(&format!(
                        "{}{c}{after}",
                        "ae".repeat(before / 2) + &"x".repeat(before % 2)
                    ));
                    agrees(&format!("{}{c}{after}", "ờ".repeat(before)));
                }
            }
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
