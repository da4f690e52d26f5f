//! Splits folded text into the terms the index stores: syllables, adjacent
//! syllable pairs, and compounds such as `59/2023/nd-cp`. `search.js` has the
//! same rules, line for line; `tests/search-vectors.json` checks both.

/// Characters that join two syllables into one compound when they stand alone
/// between them (`59/2023`, `nd-cp`, `1.001193`, `pt_01`).
pub const CONNECTORS: &str = "/-._";

/// One syllable of a text and how it is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syllable<'a> {
    /// The folded syllable: a run of letters and digits.
    pub text: &'a str,
    /// Byte offset in the folded text.
    pub start: usize,
    /// How it follows the previous syllable.
    pub link: Link,
}

/// What separates a syllable from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The first syllable, or one after punctuation: no pair with the previous.
    Break,
    /// Whitespace only: the two form a pair.
    Space,
    /// A single connector (`/`, `-`, `.`, `_`): a pair, and part of a compound.
    Connector,
}

/// True for the characters syllables are made of: letters and digits, as
/// JavaScript's `[\p{Alphabetic}\p{N}]`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits already folded text into syllables. Folded text is mostly ASCII,
/// so bytes below 128 are classified directly and only the rest decoded.
pub fn syllables(folded: &str) -> Vec<Syllable<'_>> {
    let bytes = folded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let mut i = 0;
    let mut sep_start = 0;
    while i < bytes.len() {
        let (word, width) = class_at(folded, i);
        if !word {
            i += width;
            continue;
        }
        let start = i;
        while i < bytes.len() {
            let (word, width) = class_at(folded, i);
            if !word {
                break;
            }
            i += width;
        }
        let sep = &folded[sep_start..start];
        let link = if out.is_empty() {
            Link::Break
        } else if sep.bytes().all(|b| b == b' ') || sep.chars().all(char::is_whitespace) {
            Link::Space
        } else if sep.len() == 1 && CONNECTORS.contains(sep) {
            Link::Connector
        } else {
            Link::Break
        };
        out.push(Syllable {
            text: &folded[start..i],
            start,
            link,
        });
        sep_start = i;
    }
    out
}

/// Whether the character at byte `i` is a word character, and its width.
fn class_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    match s[i..].chars().next() {
        Some(c) => (is_word_char(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// The pairs of adjacent syllables, as `"dan chu"`.
pub fn pairs(syl: &[Syllable]) -> Vec<String> {
    syl.windows(2)
        .filter(|w| w[1].link != Link::Break)
        .map(|w| format!("{} {}", w[0].text, w[1].text))
        .collect()
}

/// The compounds: runs of two or more syllables joined by connectors that
/// contain a digit, written as in the folded text (`59/2023/nd-cp`).
pub fn compounds<'a>(folded: &'a str, syl: &[Syllable]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < syl.len() {
        let mut j = i + 1;
        while j < syl.len() && syl[j].link == Link::Connector {
            j += 1;
        }
        if j - i >= 2
            && syl[i..j]
                .iter()
                .any(|s| s.text.bytes().any(|b| b.is_ascii_digit()))
        {
            let end = syl[j - 1].start + syl[j - 1].text.len();
            out.push(&folded[syl[i].start..end]);
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn texts(s: &str) -> Vec<&str> {
        syllables(s).iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_syllables_and_keeps_digits() {
        let f = fold("Căn cứ Nghị định 59/2023/NĐ-CP, ngày 17/8.");
        assert_eq!(
            texts(&f),
            ["can", "cu", "nghi", "dinh", "59", "2023", "nd", "cp", "ngay", "17", "8"]
        );
    }

    #[test]
    fn pairs_stop_at_punctuation() {
        let f = fold("dân chủ. Đất đai, nhà ở");
        let s = syllables(&f);
        assert_eq!(pairs(&s), ["dan chu", "dat dai", "nha o"]);
    }

    #[test]
    fn compounds_need_a_digit() {
        let f = fold("Chương trình 08-CTr/QU và NĐ-CP, mã 1.001193.");
        let s = syllables(&f);
        assert_eq!(compounds(&f, &s), ["08-ctr/qu", "1.001193"]);
    }

    #[test]
    fn other_scripts_and_spaces() {
        let f = fold("Hà\u{a0}Nội 中文 x");
        let s = syllables(&f);
        assert_eq!(
            s.iter().map(|s| s.text).collect::<Vec<_>>(),
            ["ha", "noi", "中文", "x"]
        );
        assert_eq!(pairs(&s), ["ha noi", "noi 中文", "中文 x"]);
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(syllables("").is_empty());
        assert!(syllables(" -- / ").is_empty());
    }
}
