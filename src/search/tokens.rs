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
    /// The number of a syllable the splitter meets in a spelling it has not
    /// met before. The splitter remembers it for that spelling, so a sink
    /// numbers each syllable once, and the same syllable the same each time.
    fn number(&mut self, word: Word<'_>) -> u32;
    /// A syllable, by the number [`Sink::number`] gave it, and how it
    /// follows the one before it.
    fn syllable(&mut self, id: u32, link: Link);
    /// A compound, given when its run of connected syllables ends.
    fn compound(&mut self, text: &str);
}

/// The ASCII characters that are whitespace (as [`char::is_whitespace`]).
const ASCII_SPACE: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = matches!(b, 0x09..=0x0d | 0x20);
        b += 1;
    }
    t
};

/// Characters below this code point keep their entry in [`Splitter`]'s
/// table (Vietnamese letters, general punctuation such as `“` and `–`).
const TABLE_END: usize = 0x3000;
/// An entry: not worked out yet.
const UNKNOWN: u32 = 0;
/// In an entry: the character is part of a syllable (it folds to word
/// characters, or to nothing).
const JOINS: u32 = 1 << 31;
/// In an entry: the character folds to nothing (a combining mark): inside a
/// syllable it is part of it, elsewhere it is passed over.
const MARK: u32 = 1 << 30;
/// In an entry: the character is whitespace.
const SPACE: u32 = 1 << 29;
/// In an entry: the one character it folds to (separators only).
const CHAR: u32 = SPACE - 1;

/// Spellings longer than this, in bytes, are split character by character
/// each time they are met.
const SPELLING_MAX: usize = 16;

/// The bytes a spelling is made of: ASCII letters and digits, and every
/// byte of a character that is not ASCII. Any other byte is a separator.
#[cfg(any(test, not(target_arch = "x86_64")))]
const SPELLING_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b >= 0x80 || (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Per length of a spelling, the masks that keep its bytes of a 16-byte
/// window (low half, high half).
const SPELLING_MASKS: [[u64; 2]; SPELLING_MAX + 1] = {
    let mut t = [[0u64; 2]; SPELLING_MAX + 1];
    let mut len = 0;
    while len <= SPELLING_MAX {
        let low = if len >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * len)) - 1
        };
        let high = if len <= 8 {
            0
        } else if len == 16 {
            u64::MAX
        } else {
            (1u64 << (8 * (len - 8))) - 1
        };
        t[len] = [low, high];
        len += 1;
    }
    t
};

/// What a spelling is: a run of bytes between ASCII separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spelling {
    /// One syllable: the sink's number, and whether it holds an ASCII digit.
    Syllable(u32, bool),
    /// Combining marks only: passed over.
    Nothing,
    /// Characters that are not letters or digits inside (`“Dân`, `1–2`):
    /// split character by character.
    Mixed,
}

/// In a packed [`Spelling`]: the syllable holds a digit.
const PACKED_DIGIT: u32 = 1 << 30;
/// A packed [`Spelling::Nothing`].
const PACKED_NOTHING: u32 = u32::MAX - 1;
/// A packed [`Spelling::Mixed`].
const PACKED_MIXED: u32 = u32::MAX - 2;

impl Spelling {
    /// The spelling as one number, kept as the number of its key in
    /// [`Splitter`]'s tables (none for a syllable numbered from 2³⁰ on,
    /// which is then not remembered).
    fn pack(self) -> Option<u32> {
        match self {
            Spelling::Syllable(id, _) if id >= PACKED_DIGIT => None,
            Spelling::Syllable(id, digit) => Some(id | if digit { PACKED_DIGIT } else { 0 }),
            Spelling::Nothing => Some(PACKED_NOTHING),
            Spelling::Mixed => Some(PACKED_MIXED),
        }
    }

    /// The spelling [`Spelling::pack`] gave as `packed`.
    #[inline(always)]
    fn unpack(packed: u32) -> Spelling {
        match packed {
            PACKED_NOTHING => Spelling::Nothing,
            PACKED_MIXED => Spelling::Mixed,
            _ => Spelling::Syllable(packed & (PACKED_DIGIT - 1), packed & PACKED_DIGIT != 0),
        }
    }
}

/// Folds and splits text in one pass: the syllables (with their links) and
/// compounds of `fold(text)`, the same as [`syllables`] and [`compounds`]
/// give, without building the folded text. Text is cut at ASCII separators
/// into spellings (`Đất`, `59`, `“Dân`); each spelling is worked out the
/// first time it is met and then known by its bytes, so most of the text is
/// only looked at byte by byte to find where spellings end. One splitter
/// serves one sink, for many texts.
pub struct Splitter {
    /// Entry of each character below [`TABLE_END`], filled when met.
    entries: Vec<u32>,
    /// Spellings of up to 8 bytes (most) met so far, by their bytes as one
    /// number (zero bytes after the end), numbered by what they are
    /// ([`Spelling::pack`]): a small table, that stays in the cache.
    short: super::numbers::Numbers,
    /// Spellings of 9 to [`SPELLING_MAX`] bytes, the same way.
    long: super::numbers::Numbers<(), [u64; 2]>,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter {
            entries: vec![UNKNOWN; TABLE_END],
            short: super::numbers::Numbers::default(),
            long: super::numbers::Numbers::default(),
        }
    }
}

/// The code point of the character that starts at byte `i` (not ASCII) of
/// valid UTF-8 `bytes`, and its width in bytes.
#[inline]
fn decode(bytes: &[u8], i: usize) -> (u32, usize) {
    let cont = |k: usize| u32::from(bytes.get(i + k).map_or(0, |b| b & 0x3f));
    let lead = u32::from(bytes[i]);
    if lead < 0xe0 {
        ((lead & 0x1f) << 6 | cont(1), 2)
    } else if lead < 0xf0 {
        ((lead & 0x0f) << 12 | cont(1) << 6 | cont(2), 3)
    } else {
        (
            (lead & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3),
            4,
        )
    }
}

/// The entry of character `c`: what it folds to, as the table keeps it.
fn entry_of(c: char) -> u32 {
    let folded = crate::text::fold(c.encode_utf8(&mut [0; 4]));
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (None, _) => JOINS | MARK,
        (Some(f), None) if !is_word_char(f) => {
            u32::from(f) | if f.is_whitespace() { SPACE } else { 0 }
        }
        // A word character; or several, which are all word characters (the
        // Hangul syllables: `splitter_agrees_on_every_character` checks).
        _ => JOINS,
    }
}

/// Where [`Splitter::split`] is in its text.
#[derive(Default)]
struct State {
    /// A syllable was found in this text.
    seen: bool,
    /// Bytes of folded separator since the last syllable.
    sep_len: usize,
    /// Those bytes are all whitespace.
    sep_space: bool,
    /// Their first byte, when ASCII (else 0).
    sep_first: u8,
    /// Byte where the first syllable of the current run of syllables
    /// joined by connectors starts.
    run_start: usize,
    /// Byte where its last syllable ends.
    run_end: usize,
    /// Syllables in the run.
    run_len: u32,
    /// One of them holds a digit.
    run_digit: bool,
}

impl State {
    /// A separator character, folded to `f` of `len` bytes.
    #[inline(always)]
    fn separator(&mut self, f: u32, len: usize, space: bool) {
        if self.sep_len == 0 {
            self.sep_first = if f < 0x80 { f as u8 } else { 0 };
        }
        self.sep_len += len;
        self.sep_space &= space;
    }

    /// The syllable `text[start..end]`, numbered `id`.
    #[inline(always)]
    fn syllable(
        &mut self,
        text: &str,
        (start, end): (usize, usize),
        (id, digit): (u32, bool),
        sink: &mut impl Sink,
    ) {
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
        if link != Link::Connector {
            self.end_run(text, sink);
            self.run_start = start;
        }
        self.run_end = end;
        self.run_len += 1;
        self.run_digit |= digit;
        sink.syllable(id, link);
        self.sep_len = 0;
        self.sep_space = true;
    }

    /// Ends the run of connected syllables: a compound when it is one.
    #[inline(always)]
    fn end_run(&mut self, text: &str, sink: &mut impl Sink) {
        if self.run_len >= 2 && self.run_digit {
            self.compound(text, sink);
        }
        self.run_len = 0;
        self.run_digit = false;
    }

    /// Gives the run of connected syllables as a compound.
    #[cold]
    #[inline(never)]
    fn compound(&self, text: &str, sink: &mut impl Sink) {
        sink.compound(&crate::text::fold(&text[self.run_start..self.run_end]));
    }
}

impl Splitter {
    /// The entry of the character at code point `u`, working it out when new.
    #[inline]
    fn entry(&mut self, u: u32) -> u32 {
        match self.entries.get(u as usize) {
            Some(&e) if e != UNKNOWN => e,
            _ => self.new_entry(u),
        }
    }

    /// The entry of a character not in the table yet (kept when below
    /// [`TABLE_END`]).
    #[cold]
    fn new_entry(&mut self, u: u32) -> u32 {
        let e = char::from_u32(u).map_or(u32::from('\u{fffd}'), entry_of);
        if let Some(slot) = self.entries.get_mut(u as usize) {
            *slot = e;
        }
        e
    }

    /// Gives `sink` each syllable of `fold(text)` as it ends, and each
    /// compound as its run ends. The first syllable of `text` is a
    /// [`Link::Break`]: nothing joins it to an earlier text.
    pub fn split(&mut self, text: &str, sink: &mut impl Sink) {
        let bytes = text.as_bytes();
        let mut st = State {
            sep_space: true,
            ..State::default()
        };
        // Spelling bytes are found 64 at a time: `bits` has one bit per byte
        // of `bytes[base..base + 64]`, set for a spelling byte.
        let (mut base, mut bits) = (0, spelling_bits(bytes, 0));
        let mut i = 0;
        loop {
            // The separator, up to the next spelling byte.
            let sep = i;
            loop {
                let rest = bits >> (i - base);
                if rest != 0 {
                    i += rest.trailing_zeros() as usize;
                    break;
                }
                base += 64;
                if base >= bytes.len() {
                    st.end_run(text, sink);
                    return;
                }
                (i, bits) = (base, spelling_bits(bytes, base));
            }
            for &b in &bytes[sep..i] {
                st.separator(u32::from(b), 1, ASCII_SPACE[usize::from(b)]);
            }
            // The spelling, up to the next separator (or the end: past it,
            // `bits` holds no spelling byte).
            let start = i;
            loop {
                let rest = !bits >> (i - base);
                if rest != 0 {
                    i += rest.trailing_zeros() as usize;
                    break;
                }
                base += 64;
                (i, bits) = (base, spelling_bits(bytes, base));
            }
            match self.spelling(text, (start, i), sink) {
                Spelling::Syllable(id, digit) => st.syllable(text, (start, i), (id, digit), sink),
                Spelling::Nothing => {}
                Spelling::Mixed => self.split_mixed(text, start, i, &mut st, sink),
            }
        }
    }

    /// What the spelling `text[start..end]` is: known by its bytes, or
    /// worked out (and its syllable numbered by the sink) when new.
    #[inline(always)]
    fn spelling(
        &mut self,
        text: &str,
        (start, end): (usize, usize),
        sink: &mut impl Sink,
    ) -> Spelling {
        let Some(key) = spelling_key(text.as_bytes(), start, end) else {
            return Spelling::Mixed;
        };
        let known = match key {
            [low, 0] => self.short.find(low),
            _ => self.long.find(key),
        };
        match known {
            Some((packed, ())) => Spelling::unpack(packed),
            None => self.new_spelling(&text[start..end], key, sink),
        }
    }

    /// What the spelling `spelling`, of key `key`, met for the first time,
    /// is; remembered.
    #[cold]
    #[inline(never)]
    fn new_spelling(&mut self, spelling: &str, key: [u64; 2], sink: &mut impl Sink) -> Spelling {
        let known = self.work_out(spelling, sink);
        if let Some(packed) = known.pack() {
            match key {
                [low, 0] => self.short.id(low, packed),
                _ => self.long.id(key, packed),
            };
        }
        known
    }

    /// What a spelling met for the first time is.
    #[cold]
    fn work_out(&mut self, spelling: &str, sink: &mut impl Sink) -> Spelling {
        let bytes = spelling.as_bytes();
        let (mut i, mut marks_only) = (0, true);
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                (i, marks_only) = (i + 1, false);
                continue;
            }
            let (u, width) = decode(bytes, i);
            let e = self.entry(u);
            if e & JOINS == 0 {
                return Spelling::Mixed;
            }
            marks_only &= e & MARK != 0;
            i += width;
        }
        if marks_only {
            return Spelling::Nothing;
        }
        let (id, digit) = fold_syllable(spelling, sink);
        Spelling::Syllable(id, digit)
    }

    /// Splits the spelling `text[start..end]` character by character: it
    /// holds separators that are not ASCII, or is long.
    fn split_mixed(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        st: &mut State,
        sink: &mut impl Sink,
    ) {
        let bytes = text.as_bytes();
        let mut i = start;
        while i < end {
            // Separators (no ASCII ones inside a spelling) and marks.
            let (u, width) = if bytes[i] < 0x80 {
                (0, 0)
            } else {
                decode(bytes, i)
            };
            if width > 0 {
                let e = self.entry(u);
                if e & JOINS == 0 {
                    let f = e & CHAR;
                    st.separator(
                        f,
                        char::from_u32(f).map_or(1, char::len_utf8),
                        e & SPACE != 0,
                    );
                    i += width;
                    continue;
                }
                if e & MARK != 0 {
                    i += width;
                    continue;
                }
            }
            // A syllable: up to the next separator.
            let word = i;
            while i < end {
                if bytes[i] < 0x80 {
                    i += 1;
                    continue;
                }
                let (u, width) = decode(bytes, i);
                if self.entry(u) & JOINS == 0 {
                    break;
                }
                i += width;
            }
            let known = match self.spelling(text, (word, i), sink) {
                Spelling::Syllable(id, digit) => (id, digit),
                // Longer than a spelling is remembered.
                _ => fold_syllable(&text[word..i], sink),
            };
            st.syllable(text, (word, i), known, sink);
        }
    }
}

/// One bit per byte of `bytes[base..base + 64]`, the first lowest: set for
/// a spelling byte (an ASCII letter or digit, or any byte of a character
/// that is not ASCII). Bytes past the end are not.
#[inline]
fn spelling_bits(bytes: &[u8], base: usize) -> u64 {
    let mut block = [0u8; 64];
    let block = match bytes.get(base..base + 64) {
        Some(b) => b,
        None => {
            let tail = bytes.get(base..).unwrap_or_default();
            block[..tail.len()].copy_from_slice(tail);
            &block
        }
    };
    block_bits(block)
}

/// [`spelling_bits`] of 64 bytes, 16 at a time: a byte is a spelling byte
/// when its top bit is set (not ASCII), or it is an ASCII digit, or it is
/// an ASCII letter (the byte with bit 5 set is in `a..=z`).
#[cfg(target_arch = "x86_64")]
#[inline]
fn block_bits(block: &[u8]) -> u64 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    debug_assert_eq!(block.len(), 64);
    let mut bits = 0u64;
    for (k, sixteen) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of every x86_64 processor; the load reads
        // the 16 bytes of `sixteen`, unaligned.
        let mask = unsafe {
            let v = _mm_loadu_si128(sixteen.as_ptr().cast());
            let within = |v, low: u8, high: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(low as i8 - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(high as i8 + 1)),
                )
            };
            let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let word = _mm_or_si128(within(v, b'0', b'9'), within(lower, b'a', b'z'));
            _mm_movemask_epi8(_mm_or_si128(word, v)) as u32
        };
        bits |= u64::from(mask & 0xffff) << (16 * k);
    }
    bits
}

/// [`spelling_bits`] of 64 bytes, one at a time.
#[cfg(not(target_arch = "x86_64"))]
fn block_bits(block: &[u8]) -> u64 {
    block_bits_plain(block)
}

/// [`spelling_bits`] of up to 64 bytes, one at a time, from the table.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn block_bits_plain(block: &[u8]) -> u64 {
    (block.iter().enumerate())
        .filter(|(_, b)| SPELLING_BYTE[usize::from(**b)])
        .fold(0, |bits, (k, _)| bits | 1 << k)
}

/// The bytes of spelling `bytes[start..end]` as two numbers (bytes 0–7,
/// 8–15), zero bytes after its end, so the second is zero for a spelling of
/// up to 8 bytes; none when longer than [`SPELLING_MAX`].
#[inline(always)]
fn spelling_key(bytes: &[u8], start: usize, end: usize) -> Option<[u64; 2]> {
    let len = end - start;
    let [low, high] = *SPELLING_MASKS.get(len)?;
    let mut window = [0u8; SPELLING_MAX];
    match bytes.get(start..start + SPELLING_MAX) {
        Some(all) => window.copy_from_slice(all),
        None => window[..len].copy_from_slice(&bytes[start..end]),
    }
    let half = |k: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&window[8 * k..8 * k + 8]);
        u64::from_le_bytes(b)
    };
    Some([half(0) & low, half(1) & high])
}

/// Folds the spelling of one syllable and has the sink number it: its
/// number, and whether it holds an ASCII digit.
fn fold_syllable(spelling: &str, sink: &mut impl Sink) -> (u32, bool) {
    let folded = crate::text::fold(spelling);
    let word = if folded.len() <= 8 {
        Word::Short(folded.bytes().fold(0, |k, b| k << 8 | u64::from(b)))
    } else {
        Word::Long(&folded)
    };
    (
        sink.number(word),
        folded.bytes().any(|b| b.is_ascii_digit()),
    )
}

#[cfg(test)]
mod tests;
