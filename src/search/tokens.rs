//! Splits folded text into the terms the index stores: syllables, adjacent
//! syllable pairs, and compounds such as `59/2023/nd-cp`. `search.js` has the
//! same rules, line for line; `tests/search-vectors.json` checks both.
//! [`Splitter`] gives the same terms straight from unfolded text, in one pass.

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Link {
    /// The first syllable, or one after punctuation: no pair with the previous.
    #[default]
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

/// A syllable as [`Splitter`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word<'a> {
    /// A syllable of at most 8 bytes (nearly all): its bytes as one number,
    /// the last byte lowest. Syllables hold no zero byte, so the number tells
    /// the bytes back.
    Short(u64),
    /// A longer syllable.
    Long(&'a str),
}

impl Word<'_> {
    /// The syllable's text.
    pub fn text(&self) -> String {
        match self {
            Word::Short(key) => {
                let bytes = key.to_be_bytes();
                let start = bytes.iter().position(|b| *b != 0).unwrap_or(8);
                String::from_utf8_lossy(&bytes[start..]).into_owned()
            }
            Word::Long(text) => text.to_string(),
        }
    }
}

/// What takes the terms [`Splitter`] finds.
pub trait Sink {
    /// A folded syllable and how it follows the one before it.
    fn syllable(&mut self, word: Word<'_>, link: Link);
    /// A compound, given when its run of connected syllables ends.
    fn compound(&mut self, text: &str);
}

/// Each ASCII character folded when it is a word character (a letter or a
/// digit, lowercased), else 0.
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Characters below this code point keep their folding in [`Splitter`]'s
/// table (Vietnamese letters, general punctuation such as `“` and `–`).
const TABLE_END: usize = 0x3000;
/// In the table: not folded yet.
const UNKNOWN: u32 = u32::MAX;
/// In the table: folds to nothing (a combining mark).
const NOTHING: u32 = u32::MAX - 1;
/// In the table: folds to more than one character.
const SEVERAL: u32 = u32::MAX - 2;
/// In the table, beside the folded character: it is a word character.
const WORD: u32 = 1 << 30;
/// In the table, beside the folded character: it is whitespace.
const SPACE: u32 = 1 << 29;
/// The folded character of a table entry.
const CHAR: u32 = SPACE - 1;

/// Folds and splits text in one pass: the syllables (with their links) and
/// compounds of `fold(text)`, the same as [`syllables`] and [`compounds`]
/// give, without building the folded text. It remembers how it folded each
/// character, so one splitter serves many texts.
pub struct Splitter {
    /// Table entry of each character below [`TABLE_END`], filled when met.
    folds: Vec<u32>,
    /// Kept for its capacity.
    state: State,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter {
            folds: vec![UNKNOWN; TABLE_END],
            state: State::default(),
        }
    }
}

impl Splitter {
    /// Gives `emit` each syllable of `fold(text)` as it ends, and each
    /// compound as its run ends. The first syllable of `text` is a
    /// [`Link::Break`]: nothing joins it to an earlier text.
    pub fn split(&mut self, text: &str, emit: &mut impl Sink) {
        let mut st = std::mem::take(&mut self.state);
        st.run.clear();
        st.run_syllables = 0;
        st.in_word = false;
        st.seen = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                match ASCII_FOLD[usize::from(b)] {
                    0 => st.other(b, 1, char::from(b).is_whitespace(), emit),
                    lower => st.ascii_word(lower, emit),
                }
                continue;
            }
            // Two- and three-byte characters (all Vietnamese letters) are
            // looked up by their code point, decoded here (`text` is valid
            // UTF-8); most fold to an ASCII letter.
            let cont = |k: usize| u32::from(bytes.get(i + k).map_or(0, |b| b & 0x3f));
            let lead = u32::from(b);
            let (u, width) = if lead < 0xe0 {
                ((lead & 0x1f) << 6 | cont(1), 2)
            } else if lead < 0xf0 {
                ((lead & 0x0f) << 12 | cont(1) << 6 | cont(2), 3)
            } else {
                (u32::MAX, 4)
            };
            let entry = self.folds.get(u as usize).copied().unwrap_or(UNKNOWN);
            let ascii = entry.wrapping_sub(WORD);
            if ascii < 0x80 {
                i += width;
                st.ascii_word(ascii as u8, emit);
                continue;
            }
            match text[i..].chars().next() {
                Some(c) => {
                    i += c.len_utf8();
                    self.fold_char(c, entry, &mut st, emit);
                }
                None => break,
            }
        }
        if st.in_word {
            st.end_word(emit);
        }
        st.end_run(emit);
        self.state = st;
    }

    /// Feeds a non-ASCII character `c`, of table entry `entry`, that does
    /// not fold to an ASCII letter or digit.
    fn fold_char(&mut self, c: char, entry: u32, st: &mut State, emit: &mut impl Sink) {
        let entry = match entry {
            UNKNOWN => self.entry(c),
            e => e,
        };
        match entry {
            NOTHING => {}
            SEVERAL => {
                for f in crate::text::fold(c.encode_utf8(&mut [0; 4])).chars() {
                    st.char(f, is_word_char(f), f.is_whitespace(), emit);
                }
            }
            _ => {
                let f = char::from_u32(entry & CHAR).unwrap_or(c);
                st.char(f, entry & WORD != 0, entry & SPACE != 0, emit);
            }
        }
    }

    /// The table entry of a non-ASCII character, folding it when new (and
    /// keeping it when below [`TABLE_END`]).
    #[cold]
    fn entry(&mut self, c: char) -> u32 {
        let folded = crate::text::fold(c.encode_utf8(&mut [0; 4]));
        let mut chars = folded.chars();
        let e = match (chars.next(), chars.next()) {
            (None, _) => NOTHING,
            (Some(f), None) => {
                let word = if is_word_char(f) { WORD } else { 0 };
                let space = if f.is_whitespace() { SPACE } else { 0 };
                u32::from(f) | word | space
            }
            _ => SEVERAL,
        };
        match self.folds.get_mut(c as usize) {
            Some(slot) => *slot = e,
            // Not kept: folded again each time it is met.
            None if e != NOTHING => return SEVERAL,
            None => {}
        }
        e
    }
}

/// Where [`Splitter::split`] is in its text.
#[derive(Debug, Default)]
struct State {
    /// The current run of syllables joined by connectors, folded; the
    /// current syllable is its end, from `start`.
    run: String,
    /// Syllables in `run`.
    run_syllables: usize,
    /// Where the current syllable starts in `run`.
    start: usize,
    /// Its bytes as one number (see [`Word::Short`]).
    key: u64,
    /// How it follows the previous one.
    link: Link,
    /// Inside a syllable.
    in_word: bool,
    /// A syllable was found in this text.
    seen: bool,
    /// Bytes of folded text since the last syllable.
    sep_len: usize,
    /// Those bytes are all whitespace.
    sep_space: bool,
    /// Their first byte, when ASCII.
    sep_first: u8,
}

impl State {
    /// A folded word character that is ASCII.
    #[inline]
    fn ascii_word(&mut self, b: u8, emit: &mut impl Sink) {
        if !self.in_word {
            self.begin_word(emit);
        }
        self.key = self.key << 8 | u64::from(b);
        self.run.push(char::from(b));
    }

    /// A folded character that is not ASCII.
    fn char(&mut self, c: char, word: bool, space: bool, emit: &mut impl Sink) {
        if word {
            if !self.in_word {
                self.begin_word(emit);
            }
            for b in c.encode_utf8(&mut [0; 4]).bytes() {
                self.key = self.key << 8 | u64::from(b);
            }
            self.run.push(c);
        } else {
            let first = if c.is_ascii() { c as u8 } else { 0 };
            self.other(first, c.len_utf8(), space, emit);
        }
    }

    /// Starts a syllable: how it follows the previous one, and whether it
    /// continues the run of connected syllables.
    fn begin_word(&mut self, emit: &mut impl Sink) {
        self.in_word = true;
        let link = if !self.seen {
            Link::Break
        } else if self.sep_space {
            Link::Space
        } else if self.sep_len == 1 && CONNECTORS.as_bytes().contains(&self.sep_first) {
            Link::Connector
        } else {
            Link::Break
        };
        self.seen = true;
        if link == Link::Connector {
            self.run.push(char::from(self.sep_first));
        } else {
            self.end_run(emit);
        }
        self.link = link;
        self.start = self.run.len();
        self.key = 0;
        self.run_syllables += 1;
    }

    /// Ends the current syllable.
    fn end_word(&mut self, emit: &mut impl Sink) {
        self.in_word = false;
        let text = &self.run[self.start..];
        let word = if text.len() <= 8 {
            Word::Short(self.key)
        } else {
            Word::Long(text)
        };
        emit.syllable(word, self.link);
        self.sep_len = 0;
        self.sep_space = true;
    }

    /// A folded character that is not a word character: `len` bytes long,
    /// `first` its byte when ASCII (else 0).
    #[inline]
    fn other(&mut self, first: u8, len: usize, space: bool, emit: &mut impl Sink) {
        if self.in_word {
            self.end_word(emit);
        }
        if self.sep_len == 0 {
            self.sep_first = first;
        }
        self.sep_len += len;
        self.sep_space &= space;
    }

    /// Ends the run of connected syllables: a compound when it is one.
    fn end_run(&mut self, emit: &mut impl Sink) {
        if self.run_syllables >= 2 && self.run.bytes().any(|b| b.is_ascii_digit()) {
            emit.compound(&self.run);
        }
        self.run.clear();
        self.run_syllables = 0;
    }
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

    /// What [`Splitter`] gives: syllables with their links, and compounds.
    #[derive(Default)]
    struct Collect(Vec<(String, Link)>, Vec<String>);

    impl Sink for Collect {
        fn syllable(&mut self, word: Word<'_>, link: Link) {
            let text = word.text();
            if let Word::Short(key) = word {
                let want = text.bytes().fold(0, |k, b| k << 8 | u64::from(b));
                assert_eq!((key, text.len() <= 8), (want, true), "key of {text:?}");
            }
            self.0.push((text, link));
        }
        fn compound(&mut self, text: &str) {
            self.1.push(text.to_string());
        }
    }

    fn split(splitter: &mut Splitter, text: &str) -> (Vec<(String, Link)>, Vec<String>) {
        let mut out = Collect::default();
        splitter.split(text, &mut out);
        (out.0, out.1)
    }

    /// The same through the folded text.
    fn reference(text: &str) -> (Vec<(String, Link)>, Vec<String>) {
        let folded = fold(text);
        let syl = syllables(&folded);
        let comp = compounds(&folded, &syl);
        (
            syl.iter().map(|s| (s.text.to_string(), s.link)).collect(),
            comp.iter().map(|c| c.to_string()).collect(),
        )
    }

    fn assert_same(splitter: &mut Splitter, text: &str) {
        assert_eq!(split(splitter, text), reference(text), "{text:?}");
    }

    #[test]
    fn splitter_agrees_on_chosen_texts() {
        let mut s = Splitter::default();
        for text in [
            "",
            " ",
            "a",
            "Căn cứ Nghị định 59/2023/NĐ-CP, ngày 17/8.",
            "Chương trình 08-CTr/QU và NĐ-CP, mã 1.001193.",
            "Xua\u{0302}n Ho\u{0300}a \u{0111}a\u{0302}\u{0301}t To\u{0302}\u{0309} ho\u{031b}\u{0323}p",
            "Ðồng ðất Đường đ",
            "a\u{0301}b \u{0301}x \u{0301} - \u{0301}/y",
            "Hà\u{a0}Nội 中文 x\u{3000}y\u{2028}z\u{0b}w\u{1c}v",
            "İstanbul ﬁ Ǆ ǅ ½ ① ２０２３ ٣ 한국어 が ß Ω",
            "1.500.000 đ – “trích dẫn” … x--y x//1 1/-2 a_1 _1 1_ ..1",
            "1/2/3/4 a/b/c a/1 a /1 a/ 1 a-b-1-c 𝔘𝔫𝔦 😀1/2😀",
            "tờ 12 thửa 45 ; Quý II/2027",
            "x-1\ny-2\r\nz-3\t/\t4",
        ] {
            assert_same(&mut s, text);
        }
    }

    /// Random strings over an alphabet of the characters that matter:
    /// ASCII, connectors, Vietnamese letters composed and decomposed,
    /// combining marks, `đ` and its look-alikes, other scripts, spaces.
    #[test]
    fn splitter_agrees_on_random_texts() {
        let alphabet: Vec<char> = "aAzZ09 /-._,;!?\t\n\u{b}\u{a0}\u{2003}\u{3000}\
            ăâêôơưđĐÐðÀÁẢÃẠằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ\
            \u{300}\u{301}\u{302}\u{303}\u{306}\u{309}\u{31b}\u{323}\u{36f}\
            İıﬁǅ½①２٣中한が–“”…😀𝔘ΩΣσςßẞ\u{fffd}\u{feff}\u{200b}"
            .chars()
            .collect();
        let mut s = Splitter::default();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_same(&mut s, &text);
        }
    }

    /// Every character, alone and between letters.
    #[test]
    fn splitter_agrees_on_every_character() {
        let mut s = Splitter::default();
        let mut all = String::new();
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            assert_same(&mut s, &format!("a{c}b 1{c}2"));
            all.push(c);
            all.push('x');
        }
        assert_same(&mut s, &all);
    }

    /// The project's own Markdown and data files, the sample site's content.
    #[test]
    fn splitter_agrees_on_the_sample_content() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut s = Splitter::default();
        let mut files = 0;
        for dir in ["content", "tests/fixtures", "docs"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    assert_same(&mut s, &text);
                    files += 1;
                }
            }
        }
        assert!(files > 10, "{files} files");
    }
}
