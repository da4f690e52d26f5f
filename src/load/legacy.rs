//! Vietnamese typed in a legacy 8-bit encoding and then read as Latin-1, as
//! happens when text is copied from a document set in a `.VnTime` (TCVN3,
//! also called ABC) or `VNI-Times` font: `B¶o Th¾ng` for "Bảo Thắng",
//! `Xin chaøo` for "Xin chào". Also catches UTF-8 that was decoded twice
//! (`Thá»§ tá»¥c`). Foreign names (`Müller`, `Peña`) are tolerated: only
//! patterns that never occur in real text count on their own.

/// Which legacy form the text looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// TCVN3 (ABC), one byte per accented letter.
    Tcvn3,
    /// VNI, a base letter followed by a byte for the marks.
    Vni,
    /// UTF-8 bytes shown as Windows-1252 characters.
    DoubleUtf8,
}

impl Encoding {
    /// The name editors know it by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Tcvn3 => "TCVN3 (ABC)",
            Encoding::Vni => "VNI",
            Encoding::DoubleUtf8 => "UTF-8 bị chuyển mã hai lần / double-encoded UTF-8",
        }
    }
}

/// The first suspicious word of a text, and how many there are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The encoding the text looks like.
    pub encoding: Encoding,
    /// 1-based line of the first suspicious word.
    pub line: usize,
    /// 1-based column (in characters) of the first suspicious word.
    pub column: usize,
    /// That word, as written.
    pub word: String,
    /// Suspicious words in the whole text.
    pub words: usize,
}

/// TCVN3 bytes 0xA1–0xBE that land on Latin-1 symbols (ă â ê ô ơ ư đ and the
/// toned a's): never found between two letters of real text.
fn is_tcvn3_symbol(c: char) -> bool {
    matches!(
        c,
        '¡' | '¢'
            | '£'
            | '¤'
            | '¥'
            | '¦'
            | '§'
            | '¨'
            | '©'
            | 'ª'
            | '«'
            | '¬'
            | '\u{ad}'
            | '®'
            | 'µ'
            | '¶'
            | '·'
            | '¸'
            | '¹'
            | '»'
            | '¼'
            | '½'
            | '¾'
    )
}

/// TCVN3 symbols that also end words (`Hµ` for "Hà"): suspicious after a
/// letter even with nothing after them.
fn is_tcvn3_final(c: char) -> bool {
    matches!(c, 'µ' | '¶' | '¸' | '¹' | '¨' | 'ª' | '¬' | '¼' | '½' | '¾')
}

/// Latin-1 letters that Vietnamese never uses, which TCVN3 produces for toned
/// vowels (`ViÖt` for "Việt") and other languages use in names.
fn is_foreign_letter(c: char) -> bool {
    matches!(
        c,
        'Ä' | 'Å'
            | 'Æ'
            | 'Ç'
            | 'Ë'
            | 'Î'
            | 'Ï'
            | 'Ð'
            | 'Ñ'
            | 'Ö'
            | '×'
            | 'Ø'
            | 'Û'
            | 'Ü'
            | 'Þ'
            | 'ß'
            | 'ä'
            | 'å'
            | 'æ'
            | 'ç'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ð'
            | 'ñ'
            | 'ö'
            | '÷'
            | 'ø'
            | 'û'
            | 'ü'
            | 'þ'
            | 'ÿ'
    )
}

/// VNI tone and vowel marks that follow a plain vowel (`chaøo`, `caùc`).
fn is_vni_mark(c: char) -> bool {
    matches!(
        c,
        'ø' | 'ù' | 'û' | 'õ' | 'ï' | 'å' | 'Ø' | 'Ù' | 'Û' | 'Õ' | 'Ï' | 'Å'
    )
}

/// Weaker VNI marks that European names also show after a vowel (`Noël`).
fn is_vni_weak_mark(c: char) -> bool {
    matches!(c, 'ä' | 'ë' | 'ö' | 'ü' | 'Ä' | 'Ë' | 'Ö' | 'Ü')
}

fn is_plain_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Windows-1252 characters that appear when the second byte of a UTF-8
/// sequence is shown on its own.
fn is_cp1252_continuation(c: char) -> bool {
    ('\u{80}'..='\u{bf}').contains(&c)
        || matches!(
            c,
            '€' | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
        )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Strength {
    Strong,
    Weak,
}

/// Judges one character in its neighbourhood.
fn judge(prev: Option<char>, c: char, next: Option<char>) -> Option<(Encoding, Strength)> {
    // Every pattern below starts at a Latin-1 character: skip the rest fast.
    if !('\u{a1}'..='\u{ff}').contains(&c) {
        return None;
    }
    let letter_before = prev.is_some_and(|p| p.is_ascii_alphabetic());
    let letter_after = next.is_some_and(|n| n.is_alphabetic());
    if matches!(c, 'Ã' | 'Ä' | 'Æ' | 'á') && next.is_some_and(is_cp1252_continuation) {
        // `Ã¡` is "á", `Ä‘` is "đ", `á»` starts "ạ".."ỹ" in double-encoded UTF-8.
        if c != 'á' || next == Some('»') {
            return Some((Encoding::DoubleUtf8, Strength::Strong));
        }
    }
    if is_tcvn3_symbol(c) && letter_before && (letter_after || is_tcvn3_final(c)) {
        return Some((Encoding::Tcvn3, Strength::Strong));
    }
    if letter_before && prev.is_some_and(is_plain_vowel) {
        if is_vni_mark(c) {
            return Some((Encoding::Vni, Strength::Strong));
        }
        if is_vni_weak_mark(c) {
            return Some((Encoding::Vni, Strength::Weak));
        }
    }
    if is_foreign_letter(c) && (letter_before || letter_after) {
        return Some((Encoding::Tcvn3, Strength::Weak));
    }
    None
}

/// Whether `text` holds a character some pattern of [`judge`] starts at.
/// They are all in U+00A1–U+00FF, whose UTF-8 starts with 0xC2 or 0xC3, so
/// other bytes are skipped without decoding.
pub(super) fn has_candidate(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut after_vowel = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            after_vowel = is_plain_vowel(char::from(b));
            i += 1;
            continue;
        }
        let len = match b {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
        if let (0xC2 | 0xC3, Some(&next)) = (b, bytes.get(i + 1)) {
            let c = char::from(((b & 0x1F) << 6) | (next & 0x3F));
            if starts_candidate(c, after_vowel, || text[i + 2..].chars().next()) {
                return true;
            }
        }
        after_vowel = false;
        i += len;
    }
    false
}

/// Whether some pattern of [`judge`] may start at `c`, a character of
/// U+0080–U+00FF, given whether a plain ASCII vowel stands just before it and
/// the character after it.
pub(super) fn starts_candidate(
    c: char,
    after_vowel: bool,
    next: impl FnOnce() -> Option<char>,
) -> bool {
    // `Ã` is also a capital Vietnamese letter (`XÃ HỘI`): only its
    // double-encoding form counts.
    let double = c == 'Ã' && next().is_some_and(is_cp1252_continuation);
    ('\u{a1}'..='\u{be}').contains(&c)
        || double
        || matches!(c, 'Ä' | 'Æ')
        || is_foreign_letter(c)
        || is_vni_weak_mark(c)
        || (is_vni_mark(c) && after_vowel)
}

/// Letters only Unicode Vietnamese has: none of them can come out of legacy
/// bytes read as Latin-1 or Windows-1252.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | '\u{1EA0}'
            ..='\u{1EF9}'
    )
}

/// Looks for legacy-encoded Vietnamese in `text`. Reports when one word is
/// unmistakable, or when three words or more are suspicious.
pub fn detect(text: &str) -> Option<Finding> {
    // Real text seldom holds a character any pattern starts at: look for one
    // first, in a pass that allocates nothing.
    if !has_candidate(text) {
        return None;
    }
    let mut first: Option<Finding> = None;
    let mut strong = 0usize;
    let mut weak = 0usize;
    for (line_no, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut word_start = 0usize;
        let mut word_hit: Option<(Encoding, Strength)> = None;
        let mut word_genuine = false;
        for i in 0..=chars.len() {
            let at_end = i == chars.len() || chars[i].is_whitespace();
            if at_end {
                // A word that already holds a Unicode Vietnamese letter is
                // not legacy text: "ủy¹" is a word and a footnote mark.
                let genuine = std::mem::take(&mut word_genuine);
                let hit = word_hit.take().filter(|_| !genuine);
                if let Some((encoding, strength)) = hit {
                    match strength {
                        Strength::Strong => strong += 1,
                        Strength::Weak => weak += 1,
                    }
                    let replace = match &first {
                        None => true,
                        Some(f) => strength == Strength::Strong && f.words == 0,
                    };
                    if replace {
                        first = Some(Finding {
                            encoding,
                            line: line_no + 1,
                            column: word_start + 1,
                            word: chars[word_start..i].iter().collect(),
                            // 0 marks a weak first finding, replaced by the
                            // first strong one.
                            words: usize::from(strength == Strength::Strong),
                        });
                    }
                }
                word_start = i + 1;
                continue;
            }
            word_genuine |= is_unicode_vietnamese(chars[i]);
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            if let Some(hit) = judge(prev, chars[i], next) {
                let better = match word_hit {
                    None => true,
                    Some((_, s)) => s == Strength::Weak && hit.1 == Strength::Strong,
                };
                if better {
                    word_hit = Some(hit);
                }
            }
        }
    }
    let mut found = first?;
    if strong == 0 && weak < 3 {
        return None;
    }
    found.words = strong + weak;
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_marks_after_vietnamese_words_are_not_legacy_text() {
        assert!(detect("Ban Thường vụ Quận ủy¹; Thành ủy² và Đảng ủy³ đã chỉ đạo.").is_none());
        assert!(detect("B¶o Th¾ng, Xin chµo c¸c b¹n, n¨m häc míi").is_some());
    }

    /// The byte-level prefilter answers as a character-level reading of the
    /// same rule does, for every Latin-1 character after a vowel, a consonant
    /// and a Vietnamese letter.
    #[test]
    fn candidate_scan_reads_bytes_as_characters() {
        fn reference(text: &str) -> bool {
            let mut prev: Option<char> = None;
            let mut after = text.chars().skip(1);
            text.chars().any(|c| {
                let next = after.next();
                let double = c == 'Ã' && next.is_some_and(is_cp1252_continuation);
                let hit = ('\u{a1}'..='\u{be}').contains(&c)
                    || double
                    || matches!(c, 'Ä' | 'Æ')
                    || is_foreign_letter(c)
                    || is_vni_weak_mark(c)
                    || (is_vni_mark(c) && prev.is_some_and(is_plain_vowel));
                prev = Some(c);
                hit
            })
        }
        for c in (0x80u32..0x250).filter_map(char::from_u32) {
            for text in [
                format!("a{c}"),
                format!("b{c}"),
                format!("ờ{c}x"),
                format!("Việt {c}"),
                format!("{c}"),
                format!("Ã{c}"),
                format!("XÃ HỘI {c}"),
            ] {
                assert_eq!(has_candidate(&text), reference(&text), "{text:?}");
            }
        }
        assert!(!has_candidate(
            "Thực hiện Quy chế dân chủ ở cơ sở, rõ ràng, cù lao"
        ));
        assert!(has_candidate("Xin chaøo"));
        assert!(!has_candidate("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(has_candidate("Thá»§ tá»¥c"));
    }

    #[test]
    fn finds_tcvn3() {
        let f = detect("title: Phường B¶o Th¾ng\n").unwrap();
        assert_eq!(f.encoding, Encoding::Tcvn3);
        assert_eq!((f.line, f.column), (1, 15));
        assert_eq!(f.word, "B¶o");
        assert_eq!(f.words, 2);
        assert!(detect("UBND ph\u{ad}êng Hµ Néi").is_some());
    }

    #[test]
    fn finds_vni() {
        let f = detect("a\nb: Xin chaøo\n").unwrap();
        assert_eq!(f.encoding, Encoding::Vni);
        assert_eq!((f.line, f.column, f.word.as_str()), (2, 8, "chaøo"));
        assert!(detect("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam").is_some());
    }

    #[test]
    fn finds_double_encoded_utf8() {
        let f = detect("Thá»§ tá»¥c hÃ nh chÃ\u{ad}nh").unwrap();
        assert_eq!(f.encoding, Encoding::DoubleUtf8);
    }

    #[test]
    fn leaves_real_text_alone() {
        for text in [
            "Phường Bàn Cờ, Thành phố Hồ Chí Minh: «Kế hoạch» số 72/KH-UBND",
            "Diện tích 420,5 m², nhiệt độ 30°C, ½ suất, © 2026",
            "Ông Müller (Đức) và bà Peña (Tây Ban Nha) dự hội nghị",
            "Hoà, khoẻ, thuỷ, quý, tiến, muốn, thuở, Huế, xoè",
            "Coca-Cola® tài trợ; mục §3",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
