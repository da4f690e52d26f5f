//! The search index of a ward, built with the site and read by
//! `assets/search.js`. Every file is a classic script that calls the global
//! `congkhaiIndex(type, number, data)`, so it loads from `file://` as well as
//! over HTTP, and only when a query needs it:
//!
//! - `search/manifest.js`: counts, the facet values of every record;
//! - `search/terms-N.js`: term shards, a term in shard `fnv1a(term) % shards`
//!   unless the manifest places it (the few large ones);
//! - `search/meta-N.js`: what a result shows (id, title, date, excerpt), for a
//!   run of consecutive records.
//!
//! Terms are folded syllables (scored with BM25, title hits flagged),
//! adjacent syllable pairs and identifier compounds (present or not). The
//! index holds only what the linked [`Ward`] holds, so names masked on the
//! pages are masked here too. It does not rank, match or render: that is the
//! browser's part.

mod analyse;
pub mod encode;
pub mod fields;
mod numbers;
pub mod tokens;

use analyse::{analyse, Part, Posting};

use crate::model::{Kind, Record, Status, Ward};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// BM25 term-frequency saturation.
const K1: f64 = 1.2;
/// BM25 length normalisation.
const B: f64 = 0.75;
/// Weight of a syllable in the title.
const TITLE_WEIGHT: f32 = 3.0;
/// Weight of a syllable in the searchable fields (identifiers, project…).
const FIELD_WEIGHT: f32 = 1.5;
/// Weight of a syllable in the body.
const BODY_WEIGHT: f32 = 1.0;
/// Levels of the quantised BM25 term part.
const LEVELS: u32 = 15;
/// Added to the level of a syllable that is in the title.
const TITLE_FLAG: u32 = 16;
/// The highest Art. 11 item a facet letter can hold (`item × 4 + status` < 90).
const MAX_ITEM: u32 = 21;
/// Aimed sizes of the index files, in bytes.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// A term shard.
    shard: usize,
    /// A result-metadata chunk.
    chunk: usize,
    /// Records analysed per task: large enough that numbering terms per
    /// run pays, small enough to spread over the cores.
    run: usize,
}

/// The sizes the site uses: at 20,000 records about 150 shards and 120
/// chunks; a query loads a few shards and at most one chunk per result shown.
const LIMITS: Limits = Limits {
    shard: 128 * 1024,
    chunk: 48 * 1024,
    run: 512,
};
/// Length of the excerpt a result shows, in characters.
const EXCERPT_CHARS: usize = 150;

/// One file of the index, named inside the ward's `search/` folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// File name, e.g. `terms-3.js`.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// The statuses as the manifest lists them; a record's facet is the position.
pub const STATUSES: [Status; 4] = [
    Status::Posted,
    Status::Published,
    Status::Expired,
    Status::Superseded,
];

/// The slug of a status (`posted`, `expired`…), as in the templates.
pub fn status_slug(s: Status) -> &'static str {
    match s {
        Status::Posted => "posted",
        Status::Published => "published",
        Status::Expired => "expired",
        Status::Superseded => "superseded",
    }
}

/// A fast hasher for the short keys of the index: FxHash's mixing step, and
/// a final rotation so that the low bits, which pick the bucket, depend on
/// every bit of the key (a pair of syllable numbers differs in its high half).
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// A map keyed by the index's terms.
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Items grouped by number, each group in the order given.
struct Grouped<T> {
    /// Where the group of each number starts in `items`, and the end.
    starts: Vec<usize>,
    /// The items, group after group.
    items: Vec<T>,
}

impl<T> Grouped<T> {
    /// The items of number `id`.
    fn get(&self, id: usize) -> &[T] {
        &self.items[self.starts[id]..self.starts[id + 1]]
    }
}

impl<T: Copy + Default> Grouped<T> {
    /// Groups the items that `each` adds to a [`Grouping`], with their
    /// numbers (below `count`), keeping their order within a group. `each`
    /// is called twice: once to count, once to place.
    fn new(count: usize, each: impl Fn(&mut Grouping<T>)) -> Self {
        let mut grouping = Grouping {
            starts: vec![0usize; count + 1],
            next: Vec::new(),
            items: Vec::new(),
        };
        each(&mut grouping);
        let starts = &mut grouping.starts;
        for i in 0..count {
            starts[i + 1] += starts[i];
        }
        grouping.next = starts[..count].to_vec();
        grouping.items = vec![T::default(); starts[count]];
        each(&mut grouping);
        Grouped {
            starts: grouping.starts,
            items: grouping.items,
        }
    }
}

/// The items of a [`Grouped`] being made: counted, then placed.
struct Grouping<T> {
    /// Items per number (shifted by one) while counting, then where each
    /// group starts.
    starts: Vec<usize>,
    /// Where the next item of each number goes; empty while counting.
    next: Vec<usize>,
    /// The items placed so far.
    items: Vec<T>,
}

impl<T> Grouping<T> {
    /// Adds `item` to the group of number `id`.
    #[inline]
    fn add(&mut self, id: u32, item: T) {
        if self.next.is_empty() {
            self.starts[id as usize + 1] += 1;
        } else {
            let slot = &mut self.next[id as usize];
            self.items[*slot] = item;
            *slot += 1;
        }
    }
}

/// Numbers the names of every part across the ward: the ward-wide names, and
/// per part the ward-wide number of each of its own.
fn number<'a>(parts: impl Iterator<Item = &'a [Box<str>]>) -> (Vec<&'a str>, Vec<Vec<u32>>) {
    // Names of up to 7 bytes (nearly all syllables) by their bytes and
    // length as one number; the others by their text.
    let mut short: numbers::Numbers = numbers::Numbers::default();
    let mut long: FastMap<&str, u32> = FastMap::default();
    let mut names: Vec<&str> = Vec::new();
    let maps = parts
        .map(|own| {
            own.iter()
                .map(|name| {
                    let next = names.len() as u32;
                    let id = match short_key(name) {
                        Some(key) => short.id(key, next),
                        None => *long.entry(name).or_insert(next),
                    };
                    if id == next {
                        names.push(name);
                    }
                    id
                })
                .collect()
        })
        .collect();
    (names, maps)
}

/// A name of up to 7 bytes as one number: its bytes, and its length in the
/// top byte (so that no two names share one).
fn short_key(name: &str) -> Option<u64> {
    let bytes = name.as_bytes();
    (bytes.len() <= 7).then(|| {
        let mut key = [0u8; 8];
        key[..bytes.len()].copy_from_slice(bytes);
        key[7] = bytes.len() as u8;
        u64::from_le_bytes(key)
    })
}

/// Numbers the pairs of every part across the ward, given each part's map
/// of syllable numbers: the ward-wide pairs, as two ward-wide syllable
/// numbers, and per part the ward-wide number of each of its own.
fn number_pairs(parts: &[Part], syllable_maps: &[Vec<u32>]) -> (Vec<(u32, u32)>, Vec<Vec<u32>>) {
    let mut ids: numbers::Numbers = numbers::Numbers::default();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let maps = (parts.iter().zip(syllable_maps))
        .map(|(p, map)| {
            (p.pairs.iter())
                .map(|&(a, b)| {
                    let (a, b) = (map[a as usize], map[b as usize]);
                    let next = pairs.len() as u32;
                    let id = ids.id(u64::from(a) << 32 | u64::from(b), next);
                    if id == next {
                        pairs.push((a, b));
                    }
                    id
                })
                .collect()
        })
        .collect();
    (pairs, maps)
}

/// Where the terms of each ward-wide number are in the parts: (part, number
/// in the part), in the parts' order, hence in record order.
fn occurrences(count: usize, maps: &[Vec<u32>]) -> Grouped<(u32, u32)> {
    Grouped::new(count, |grouping| {
        for (p, map) in maps.iter().enumerate() {
            for (own, &id) in map.iter().enumerate() {
                grouping.add(id, (p as u32, own as u32));
            }
        }
    })
}

/// The records of each ward-wide pair as words of a bit set over the ward's
/// records: (word, bits), words in order; a word may come twice in a row
/// when runs do not start on a multiple of 64 (see [`merged`]).
fn pair_words(count: usize, parts: &[Part], maps: &[Vec<u32>]) -> Grouped<(u32, u64)> {
    Grouped::new(count, |grouping| {
        for (p, map) in parts.iter().zip(maps) {
            let (first, shift) = (p.first / 64, p.first % 64);
            for &(id, block, records) in &p.pair_records {
                let (id, word) = (map[id as usize], first + block);
                if shift == 0 {
                    grouping.add(id, (word, records));
                    continue;
                }
                grouping.add(id, (word, records << shift));
                // The records past the end of the first word.
                if records >> (64 - shift) != 0 {
                    grouping.add(id, (word + 1, records >> (64 - shift)));
                }
            }
        }
    })
}

/// The words of [`pair_words`] with the bits of a word that comes twice
/// joined: (word, bits), each word once, in order.
fn merged(words: &[(u32, u64)]) -> impl Iterator<Item = (usize, u64)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let &(word, mut bits) = words.get(i)?;
        i += 1;
        while let Some(&(next, more)) = words.get(i) {
            if next != word {
                break;
            }
            bits |= more;
            i += 1;
        }
        Some((word as usize, bits))
    })
}

/// The encodings of `count` terms, made in parallel by `encode(i, out,
/// scratch)` appending term `i`'s to `out` (`scratch` is free room): a few
/// buffers, and where each term ends.
fn encode_terms<S: Default>(
    count: usize,
    encode: impl Fn(usize, &mut Vec<u8>, &mut S) + Sync,
) -> Vec<(Vec<u8>, Vec<usize>)> {
    const TERMS: usize = 1024;
    (0..count.div_ceil(TERMS))
        .into_par_iter()
        .map(|c| {
            let (mut out, mut ends, mut scratch) = (Vec::new(), Vec::new(), S::default());
            for i in c * TERMS..(count.min((c + 1) * TERMS)) {
                encode(i, &mut out, &mut scratch);
                ends.push(out.len());
            }
            (out, ends)
        })
        .collect()
}

/// The encoding of each term, from [`encode_terms`].
fn codes(buffers: &[(Vec<u8>, Vec<usize>)]) -> impl Iterator<Item = &[u8]> {
    buffers.iter().flat_map(|(out, ends)| {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts.zip(ends).map(|(start, &end)| &out[start..end])
    })
}

/// Appends increasing numbers as gaps (`n - previous - 1`, the first from -1).
fn push_gaps(out: &mut Vec<u8>, numbers: impl IntoIterator<Item = u32>) {
    let mut prev: i64 = -1;
    for n in numbers {
        encode::push_number(out, (i64::from(n) - prev - 1) as u32);
        prev = i64::from(n);
    }
}

/// A syllable's postings, given as runs in record order: per record, its
/// gap and one letter for the BM25 term part (1–15, plus 16 when the
/// syllable is in the title). Appended to `s`. `norms[d]` is the BM25 length
/// normalisation of record `d`, `letters[d]` its letters for the
/// frequencies below [`COMMON_TF`], then the same in the title.
fn encode_scored<'p>(
    runs: impl Iterator<Item = &'p [Posting]>,
    norms: &[f64],
    letters: &[[u8; 2 * COMMON_TF]],
    s: &mut Vec<u8>,
) {
    let mut buf = [0; encode::LETTERS_BUFFER];
    let mut out = encode::Letters::new(s, &mut buf);
    let mut prev: i64 = -1;
    for run in runs {
        for &(id, f, in_title) in run {
            let gap = (i64::from(id) - prev - 1) as u32;
            prev = i64::from(id);
            let letter = match common_half(f) {
                Some(half) => letters[id as usize][usize::from(in_title) * COMMON_TF + half],
                None => {
                    let level = bm25_level(f64::from(f), norms[id as usize]);
                    encode::letter_byte(level + if in_title { TITLE_FLAG } else { 0 })
                }
            };
            out.push_number_and(gap, letter);
        }
    }
    out.finish();
}

/// Weighted frequencies, in halves, whose BM25 letters are worked out once
/// per record.
const COMMON_TF: usize = 32;

/// `2 × f` when it is a whole number below [`COMMON_TF`]. Frequencies are
/// sums of weights, all multiples of a half, so this is nearly always so.
/// Such a float has at most five significant bits: its top 13 bits tell
/// it, and its low 19 are zero, so a table of the top bits answers.
#[inline]
fn common_half(f: f32) -> Option<usize> {
    let bits = f.to_bits();
    match HALVES[(bits >> 19) as usize] {
        half if bits & 0x7_ffff == 0 && usize::from(half) < COMMON_TF => Some(usize::from(half)),
        _ => None,
    }
}

/// For the top 13 bits of a float, `2 × f` when `f` is a multiple of a half
/// below `COMMON_TF / 2` (zero of either sign included), else `u8::MAX`.
static HALVES: [u8; 1 << 13] = {
    let mut halves = [u8::MAX; 1 << 13];
    let mut half = 0;
    while half < COMMON_TF {
        let f = half as f32 / 2.0;
        halves[(f.to_bits() >> 19) as usize] = half as u8;
        half += 1;
    }
    halves[((-0.0f32).to_bits() >> 19) as usize] = 0;
    halves
};

/// The BM25 term part of weighted frequency `f` in a record of length
/// normalisation `norm`, quantised to 1–15.
fn bm25_level(f: f64, norm: f64) -> u32 {
    let part = f * (K1 + 1.0) / (f + norm);
    (round(part / (K1 + 1.0) * f64::from(LEVELS)) as u32).clamp(1, LEVELS)
}

/// `x.round()` (halves away from zero), worked out inline for the values
/// a level takes (0 to 2^31) rather than by a call into the maths library.
fn round(x: f64) -> f64 {
    if !(0.0..2_147_483_648.0).contains(&x) {
        return x.round();
    }
    // Truncation and the fraction are exact below 2^31.
    let whole = x as u32;
    f64::from(whole + u32::from(x - f64::from(whole) >= 0.5))
}

/// The records of a syllable, for pairs: a bit set when it is common, so
/// that a pair of two common syllables costs a few words, not a search.
#[derive(Clone, Copy)]
enum Members<'a> {
    /// Records, in order; searched.
    List(&'a [u32]),
    /// One bit per record.
    Bits(&'a [u64]),
}

impl Members<'_> {
    /// Whether record `d` holds the syllable.
    fn contains(&self, d: u32) -> bool {
        match self {
            Members::List(p) => p.binary_search(&d).is_ok(),
            Members::Bits(b) => b[d as usize / 64] >> (d % 64) & 1 == 1,
        }
    }
}

/// The records of every syllable, as [`Members`]: bit sets of `words` words
/// for the syllables of at least `dense` records, lists for the others.
struct Memberships {
    /// Words of a bit set: one bit per record of the ward.
    words: usize,
    /// Per syllable, its bit set in `bits`, or `u32::MAX` for a list.
    slot: Vec<u32>,
    /// The bit sets, one after the other.
    bits: Vec<u64>,
    /// The records of the syllables that have no bit set.
    lists: Grouped<u32>,
}

impl Memberships {
    /// Sorts the records of each of `count` syllables into a bit set (of
    /// `n` bits) or a list; `maps` are the parts' maps of syllable numbers.
    fn new(parts: &[Part], maps: &[Vec<u32>], count: usize, n: usize, dense: usize) -> Self {
        let words = n.div_ceil(64);
        let mut starts = vec![0usize; count + 1];
        for (p, map) in parts.iter().zip(maps) {
            for (postings, &id) in p.syllable_postings.iter().zip(map) {
                starts[id as usize + 1] += postings.len();
            }
        }
        let mut slot = vec![u32::MAX; count];
        let mut sets = 0;
        for (s, records) in slot.iter_mut().zip(&mut starts[1..]) {
            if *records >= dense {
                (*s, *records) = (sets, 0);
                sets += 1;
            }
        }
        for i in 0..count {
            starts[i + 1] += starts[i];
        }
        let mut bits = vec![0u64; sets as usize * words];
        let mut items = vec![0u32; starts[count]];
        let mut next = starts[..count].to_vec();
        for (p, map) in parts.iter().zip(maps) {
            for (postings, &id) in p.syllable_postings.iter().zip(map) {
                let id = id as usize;
                if slot[id] == u32::MAX {
                    let to = &mut items[next[id]..][..postings.len()];
                    for (to, from) in to.iter_mut().zip(postings) {
                        *to = from.0;
                    }
                    next[id] += postings.len();
                } else {
                    let set = &mut bits[slot[id] as usize * words..][..words];
                    for &(d, ..) in postings {
                        set[d as usize / 64] |= 1 << (d % 64);
                    }
                }
            }
        }
        Memberships {
            words,
            slot,
            bits,
            lists: Grouped { starts, items },
        }
    }

    /// The records of syllable `id`.
    fn get(&self, id: u32) -> Members<'_> {
        match self.slot[id as usize] {
            u32::MAX => Members::List(self.lists.get(id as usize)),
            s => Members::Bits(&self.bits[s as usize * self.words..][..self.words]),
        }
    }
}

/// Room that [`encode_pair`] reuses from one pair to the next.
#[derive(Default)]
struct PairScratch {
    /// The records of the pair.
    present: Vec<u32>,
    /// Per word of a bit set, how many records hold both syllables before it.
    before: Vec<u32>,
    /// The second form of the postings.
    other: Vec<u8>,
}

/// A pair's postings, relative to the records that hold both its syllables
/// (which the browser has decoded anyway): the positions, in that list, of
/// the records that hold the pair, or, after `!`, of those that do not,
/// whichever is shorter (the first when as long). Most common pairs ("uy
/// ban", "dan chu") are then a `!` and a few letters. `present` are the
/// records of the pair as words of a bit set (see [`pair_words`]). Appended
/// to `out`.
fn encode_pair(
    a: Members,
    b: Members,
    present: &[(u32, u64)],
    out: &mut Vec<u8>,
    scratch: &mut PairScratch,
) {
    let (small, large) = match (a, b) {
        (Members::Bits(a), Members::Bits(b)) => {
            return encode_pair_bits(a, b, present, out, scratch)
        }
        (Members::List(small), large) | (large, Members::List(small)) => (small, large),
    };
    let records = &mut scratch.present;
    records.clear();
    for (w, bits) in merged(present) {
        let mut rest = bits;
        while rest != 0 {
            records.push((w * 64) as u32 + rest.trailing_zeros());
            rest &= rest - 1;
        }
    }
    let start = out.len();
    let outside = &mut scratch.other;
    outside.clear();
    outside.push(b'!');
    let (mut with, mut without) = (-1i64, -1i64);
    let mut next = records.iter().peekable();
    for (k, &d) in small.iter().filter(|d| large.contains(**d)).enumerate() {
        let k = k as i64;
        if next.peek() == Some(&&d) {
            next.next();
            encode::push_number(out, (k - with - 1) as u32);
            with = k;
        } else {
            encode::push_number(outside, (k - without - 1) as u32);
            without = k;
        }
    }
    if outside.len() < out.len() - start {
        out.truncate(start);
        out.extend_from_slice(outside);
    }
}

/// [`encode_pair`] for two common syllables: the records holding both are
/// the bits of `a & b`, a record's position among them is a count of bits.
/// Each form costs at least a letter per position, so the second form is
/// written only when that bound does not already decide.
fn encode_pair_bits(
    a: &[u64],
    b: &[u64],
    present: &[(u32, u64)],
    out: &mut Vec<u8>,
    scratch: &mut PairScratch,
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the processor has the instruction the function is built for.
        return unsafe { encode_pair_bits_popcnt(a, b, present, out, scratch) };
    }
    pair_bits(a, b, present, out, scratch);
}

/// [`pair_bits`] built with the `popcnt` instruction, which counts the bits
/// of a word at once; callers check that the processor has it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
unsafe fn encode_pair_bits_popcnt(
    a: &[u64],
    b: &[u64],
    present: &[(u32, u64)],
    out: &mut Vec<u8>,
    scratch: &mut PairScratch,
) {
    pair_bits(a, b, present, out, scratch);
}

/// The body of [`encode_pair_bits`].
#[inline(always)]
fn pair_bits(
    a: &[u64],
    b: &[u64],
    present: &[(u32, u64)],
    out: &mut Vec<u8>,
    scratch: &mut PairScratch,
) {
    let before = &mut scratch.before;
    before.clear();
    let mut total = 0u32;
    before.extend(a.iter().zip(b).map(|(a, b)| {
        let at = total;
        total += (a & b).count_ones();
        at
    }));
    let held = present.iter().map(|w| w.1.count_ones()).sum::<u32>() as usize;
    let missing = (total as usize).saturating_sub(held);
    let before = &scratch.before[..];
    let start = out.len();
    let other = &mut scratch.other;
    other.clear();
    let mut buf = [0; encode::LETTERS_BUFFER];
    if held <= 1 + missing {
        // The outside form costs at least `1 + missing`.
        let inside_len = push_inside(a, b, before, present, encode::Letters::new(out, &mut buf));
        if inside_len <= 1 + missing {
            return;
        }
        if push_outside(a, b, before, present, encode::Letters::new(other, &mut buf)) < inside_len {
            out.truncate(start);
            out.extend_from_slice(other);
        }
    } else {
        // The inside form costs at least `held`.
        let outside_len = push_outside(a, b, before, present, encode::Letters::new(out, &mut buf));
        if outside_len < held {
            return;
        }
        if outside_len >= push_inside(a, b, before, present, encode::Letters::new(other, &mut buf))
        {
            out.truncate(start);
            out.extend_from_slice(other);
        }
    }
}

/// The bits of a word below bit `bit`.
#[inline(always)]
fn below(bit: u32) -> u64 {
    (1u64 << bit) - 1
}

/// Writes the positions of the records `present` among the records of
/// `a & b`, as gaps: how many letters. `before[w]` counts the bits of
/// `a & b` before word `w`.
#[inline(always)]
fn push_inside(
    a: &[u64],
    b: &[u64],
    before: &[u32],
    present: &[(u32, u64)],
    mut letters: encode::Letters,
) -> usize {
    let mut prev: i64 = -1;
    for (w, bits) in merged(present) {
        push_positions(&mut letters, a[w] & b[w], before[w], bits, &mut prev);
    }
    letters.finish()
}

/// Writes, as gaps after `prev`, the positions among the records of `both`
/// (one word of bits, `base` records of `a & b` before it) of the records
/// in `bits` (a subset of `both`).
#[inline(always)]
fn push_positions(letters: &mut encode::Letters, both: u64, base: u32, bits: u64, prev: &mut i64) {
    let mut rest = bits;
    while rest != 0 {
        let k = base + (both & below(rest.trailing_zeros())).count_ones();
        letters.push_number((i64::from(k) - *prev - 1) as u32);
        *prev = i64::from(k);
        rest &= rest - 1;
    }
}

/// Writes `!` and the positions of the records of `a & b` that are not in
/// `present`, as gaps: how many letters; `before` as in [`push_inside`].
#[inline(always)]
fn push_outside(
    a: &[u64],
    b: &[u64],
    before: &[u32],
    present: &[(u32, u64)],
    mut letters: encode::Letters,
) -> usize {
    letters.push(b'!');
    let mut prev: i64 = -1;
    let mut next = merged(present).peekable();
    for (w, ((a, b), base)) in a.iter().zip(b).zip(before).enumerate() {
        let held = next
            .next_if(|&(word, _)| word == w)
            .map_or(0, |(_, bits)| bits);
        let both = a & b;
        push_positions(&mut letters, both, *base, both & !held, &mut prev);
    }
    letters.finish()
}

/// Sorts terms (given by number) by their names, as bytes compare. Each
/// is sorted as one integer, its name's first 8 bytes (zeros after the end)
/// above its number; only names that share those 8 bytes are compared whole.
fn sort_by_name<'a>(terms: &mut [u32], name: impl Fn(u32) -> &'a str) {
    let mut keyed: Vec<u128> = (terms.iter())
        .map(|&t| {
            let bytes = name(t).as_bytes();
            let mut key = [0u8; 8];
            let n = bytes.len().min(8);
            key[..n].copy_from_slice(&bytes[..n]);
            u128::from(u64::from_be_bytes(key)) << 64 | u128::from(t)
        })
        .collect();
    keyed.sort_unstable();
    for run in keyed.chunk_by_mut(|a, b| a >> 64 == b >> 64) {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| name(*a as u32).cmp(name(*b as u32)));
        }
    }
    for (t, k) in terms.iter_mut().zip(keyed) {
        *t = k as u32;
    }
}

/// [`crate::date::Date::iso`]'s text, `2024-03-11`, written directly for
/// years of four digits.
fn iso_date(date: crate::date::Date) -> String {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let Ok(year @ 1000..=9999) = u32::try_from(year) else {
        return date.iso();
    };
    if month > 99 || day > 99 {
        return date.iso();
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let mut out = String::with_capacity(10);
    for n in [year / 1000, year / 100, year / 10, year] {
        out.push(digit(n));
    }
    for n in [month, day] {
        out.push('-');
        out.push(digit(u32::from(n) / 10));
        out.push(digit(u32::from(n)));
    }
    out
}

/// Builds the index of a ward. `bodies[i]` is the plain text of the body of
/// `ward.records[i]` (missing ones count as empty).
pub fn ward_index(ward: &Ward, bodies: &[String]) -> Vec<IndexFile> {
    build(ward, bodies, LIMITS)
}

fn build(ward: &Ward, bodies: &[String], limits: Limits) -> Vec<IndexFile> {
    let n = ward.records.len();
    let body_texts: Vec<&str> = (0..n)
        .map(|i| bodies.get(i).map_or("", String::as_str))
        .collect();
    let parts: Vec<Part> = ward
        .records
        .par_chunks(limits.run)
        .zip(body_texts.par_chunks(limits.run))
        .enumerate()
        .map(|(i, (records, bodies))| analyse((i * limits.run) as u32, records, bodies))
        .collect();

    // Terms are numbered across the ward; runs come in record order, so the
    // hits of a term, run after run, are sorted by record.
    let lens: Vec<f32> = parts.iter().flat_map(|p| p.lens.iter().copied()).collect();
    let (syllables, syllable_maps) = number(parts.iter().map(|p| p.syllables.as_slice()));
    let (compounds, compound_maps) = number(parts.iter().map(|p| p.compounds.as_slice()));
    let (pairs, pair_maps) = number_pairs(&parts, &syllable_maps);
    let syllable_runs = occurrences(syllables.len(), &syllable_maps);
    let compound_runs = occurrences(compounds.len(), &compound_maps);
    let pair_records = pair_words(pairs.len(), &parts, &pair_maps);
    let avg_len = if n == 0 {
        1.0
    } else {
        (lens.iter().map(|l| f64::from(*l)).sum::<f64>() / n as f64).max(1.0)
    };

    let norms: Vec<f64> = (lens.iter())
        .map(|l| K1 * (1.0 - B + B * f64::from(*l) / avg_len))
        .collect();
    let letters: Vec<[u8; 2 * COMMON_TF]> = (norms.iter())
        .map(|norm| {
            let mut letters = [0u8; 2 * COMMON_TF];
            for half in 0..COMMON_TF {
                let level = bm25_level(half as f64 / 2.0, *norm);
                letters[half] = encode::letter_byte(level);
                letters[COMMON_TF + half] = encode::letter_byte(level + TITLE_FLAG);
            }
            letters
        })
        .collect();
    let members = Memberships::new(&parts, &syllable_maps, syllables.len(), n, (n / 64).max(64));
    let mut pair_names = String::new();
    let mut pair_ends = Vec::with_capacity(pairs.len());
    for &(a, b) in &pairs {
        pair_names.push_str(syllables[a as usize]);
        pair_names.push(' ');
        pair_names.push_str(syllables[b as usize]);
        pair_ends.push(pair_names.len());
    }
    let pair_name = |i: usize| &pair_names[if i == 0 { 0 } else { pair_ends[i - 1] }..pair_ends[i]];
    let syllable_codes = encode_terms(syllables.len(), |i, out, _: &mut ()| {
        let runs = (syllable_runs.get(i).iter())
            .map(|&(p, own)| parts[p as usize].syllable_postings[own as usize].as_slice());
        encode_scored(runs, &norms, &letters, out);
    });
    let pair_codes = encode_terms(pairs.len(), |i, out, scratch| {
        let (a, b) = pairs[i];
        let (a, b) = (members.get(a), members.get(b));
        encode_pair(a, b, pair_records.get(i), out, scratch);
    });
    let compound_codes = encode_terms(compounds.len(), |i, out, _: &mut ()| {
        let runs = (compound_runs.get(i).iter())
            .map(|&(p, own)| &parts[p as usize].compound_records[own as usize]);
        push_gaps(out, runs.flatten().copied());
    });
    let encoded: Vec<(&str, &[u8])> = (syllables.iter().copied())
        .chain((0..pairs.len()).map(pair_name))
        .chain(compounds.iter().copied())
        .zip(
            codes(&syllable_codes)
                .chain(codes(&pair_codes))
                .chain(codes(&compound_codes)),
        )
        .collect();

    // Terms go to shard `hash % count`, except the few large ones, which are
    // packed, largest first, into the smallest shards and listed in the
    // manifest: without that a shard with two or three of them would be
    // several times the aimed size.
    let size = |(t, p): &(&str, &[u8])| t.len() + p.len() + 6;
    let total: usize = encoded.iter().map(size).sum();
    let shard_count = total.div_ceil(limits.shard).max(1);
    let large = |term: &(&str, &[u8])| shard_count > 1 && size(term) > limits.shard / 16;
    let mut shard_of = vec![0u32; encoded.len()];
    let mut sizes = vec![0usize; shard_count];
    let mut big: Vec<usize> = Vec::new();
    for (i, term) in encoded.iter().enumerate() {
        if large(term) {
            big.push(i);
        } else {
            let s = encode::hash(term.0) as usize % shard_count;
            shard_of[i] = s as u32;
            sizes[s] += size(term);
        }
    }
    big.sort_by(|&a, &b| {
        let (a, b) = (&encoded[a], &encoded[b]);
        size(b).cmp(&size(a)).then(a.0.cmp(b.0))
    });
    let mut placed: BTreeMap<&str, usize> = BTreeMap::new();
    for i in big {
        let s = (0..shard_count).min_by_key(|&s| (sizes[s], s)).unwrap_or(0);
        shard_of[i] = s as u32;
        sizes[s] += size(&encoded[i]);
        placed.insert(encoded[i].0, s);
    }
    let shards = Grouped::new(shard_count, |grouping| {
        for (i, &s) in shard_of.iter().enumerate() {
            grouping.add(s, i as u32);
        }
    });
    let mut files: Vec<IndexFile> = (0..shard_count)
        .into_par_iter()
        .map(|s| {
            let mut order = shards.get(s).to_vec();
            sort_by_name(&mut order, |i| encoded[i as usize].0);
            let terms: Vec<(&str, &[u8])> = order.iter().map(|&i| encoded[i as usize]).collect();
            terms_script(s, &terms)
        })
        .collect();

    let metas: Vec<(&str, &str, String, String)> = ward
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let body = bodies.get(i).map_or("", String::as_str);
            let fields;
            let source = match r.common.summary.as_deref() {
                Some(s) if !s.trim().is_empty() => s,
                _ if !body.trim().is_empty() => body,
                _ => {
                    fields = fields::field_text(r);
                    &fields
                }
            };
            (
                r.id.as_str(),
                r.common.title.as_str(),
                iso_date(r.common.published),
                excerpt(source, EXCERPT_CHARS),
            )
        })
        .collect();
    let meta_bytes: usize = metas
        .iter()
        .map(|m| m.0.len() + m.1.len() + m.2.len() + m.3.len() + 4 * 3 + 3)
        .sum();
    let chunk = n.div_ceil(meta_bytes.div_ceil(limits.chunk).max(1)).max(1);
    for (i, part) in metas.chunks(chunk).enumerate() {
        files.push(meta_script(i, part));
    }

    let mut manifest = manifest(ward, shard_count, chunk);
    manifest["placed"] = serde_json::json!(placed);
    files.push(script("manifest.js".into(), "manifest", 0, &manifest));
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// A term shard: `{"term":"postings",…}`, terms sorted, as `serde_json`
/// writes a map.
fn terms_script(number: usize, terms: &[(&str, &[u8])]) -> IndexFile {
    let len: usize = terms.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let mut out = Vec::with_capacity(len + 40);
    out.extend_from_slice(format!("congkhaiIndex(\"terms\",{number},{{").as_bytes());
    for (i, (t, p)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_string(&mut out, t);
        out.push(b':');
        // Postings are letters of the alphabet and `!`: nothing to escape.
        out.push(b'"');
        out.extend_from_slice(p);
        out.push(b'"');
    }
    out.extend_from_slice(b"});\n");
    IndexFile {
        name: format!("terms-{number}.js"),
        bytes: out,
    }
}

/// A result-metadata chunk: `[["id","title","date","excerpt"],…]`, as
/// `serde_json` writes it.
fn meta_script(number: usize, metas: &[(&str, &str, String, String)]) -> IndexFile {
    let mut out = format!("congkhaiIndex(\"meta\",{number},[").into_bytes();
    for (i, (id, title, date, excerpt)) in metas.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        for (k, s) in [*id, *title, date, excerpt].into_iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            push_json_string(&mut out, s);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]);\n");
    IndexFile {
        name: format!("meta-{number}.js"),
        bytes: out,
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it.
fn push_json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let at = from + plain_prefix(&bytes[from..]);
        out.extend_from_slice(&bytes[from..at]);
        let Some(&b) = bytes.get(at) else { break };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
        }
        from = at + 1;
    }
    out.push(b'"');
}

/// How many bytes `bytes` starts with that a JSON string holds as they are:
/// all but control characters, `"` and `\`. Looks at eight bytes at a time.
fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Non-zero when a byte of `x` is less than `n` (at most 128).
    let less = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        if less(w, 0x20) | less(quote, 1) | less(backslash, 1) != 0 {
            break;
        }
        at += 8;
    }
    at + (bytes[at..].iter())
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .unwrap_or(bytes.len() - at)
}

/// Runs of equal values, as `[[value, count], …]`: records come sorted by
/// kind, then newest first, so kinds and years take a few runs each.
fn runs(values: impl Iterator<Item = usize>) -> Vec<[usize; 2]> {
    let mut out: Vec<[usize; 2]> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some(last) if last[0] == v => last[1] += 1,
            _ => out.push([v, 1]),
        }
    }
    out
}

/// The manifest: counts, and the facets of every record (kinds and years as
/// runs, Art. 11 item and status as one letter per record: `item × 4 + status`).
fn manifest(ward: &Ward, shards: usize, chunk: usize) -> serde_json::Value {
    let mut years: Vec<i32> = ward.records.iter().map(|r| r.year()).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let kind_of = |r: &Record| Kind::ALL.iter().position(|k| *k == r.kind).unwrap_or(0);
    let year_of = |r: &Record| years.iter().position(|y| *y == r.year()).unwrap_or(0);
    let items: String = ward
        .records
        .iter()
        .map(|r| {
            let status = STATUSES.iter().position(|s| *s == r.status).unwrap_or(0) as u32;
            let item = u32::from(r.common.disclosure_item).min(MAX_ITEM);
            encode::letter(item * 4 + status)
        })
        .collect();
    serde_json::json!({
        "version": 1,
        "docs": ward.records.len(),
        "shards": shards,
        "chunk": chunk,
        "kinds": Kind::ALL.iter().map(|k| k.slug()).collect::<Vec<_>>(),
        "years": years,
        "statuses": STATUSES.iter().map(|s| status_slug(*s)).collect::<Vec<_>>(),
        "kind_runs": runs(ward.records.iter().map(|r| kind_of(r))),
        "year_runs": runs(ward.records.iter().map(|r| year_of(r))),
        "item_status": items,
    })
}

/// One index file: a call of the global loader with the data.
fn script(name: String, kind: &str, number: usize, data: &impl serde::Serialize) -> IndexFile {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    IndexFile {
        name,
        bytes: format!("congkhaiIndex(\"{kind}\",{number},{json});\n").into_bytes(),
    }
}

/// The first `max` characters of `text` with its whitespace collapsed (as
/// `text::collapse_whitespace`), cut at a word, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    // Collapse only as far as the cut needs: `max + 1` characters tell.
    // The collapsed text is `collapsed` then `text[run..i]`: stretches that
    // need no change (words with one space between them) are copied at once.
    let bytes = text.as_bytes();
    let mut collapsed = String::new();
    // Characters collapsed, and their length in bytes at `max` of them.
    let (mut chars, mut at_max) = (0, 0);
    let mut i = skip_spaces(bytes, 0);
    let mut run = i;
    while i < bytes.len() {
        let b = bytes[i];
        if may_be_space(b) {
            let white = space_len(bytes, i);
            let single = b == b' ' && i + 1 < bytes.len() && space_len(bytes, i + 1) == 0;
            if white > 0 && !single {
                collapsed.push_str(&text[run..i]);
                run = i;
                let next = skip_spaces(bytes, i);
                if next == bytes.len() {
                    break;
                }
                if chars == max {
                    at_max = collapsed.len();
                    chars += 1;
                    break;
                }
                collapsed.push(' ');
                chars += 1;
                (run, i) = (next, next);
                continue;
            }
        }
        if chars == max {
            at_max = collapsed.len() + i - run;
            chars += 1;
            break;
        }
        chars += 1;
        i += utf8_len(b);
    }
    collapsed.push_str(&text[run..i]);
    if chars <= max {
        return collapsed;
    }
    let cut = &collapsed[..at_max];
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut,
    };
    let cut = cut.trim_end_matches(|c: char| !c.is_alphanumeric());
    let mut out = String::with_capacity(cut.len() + '…'.len_utf8());
    out.push_str(cut);
    out.push('…');
    out
}

/// The first byte from `i` on that does not start whitespace.
fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while let w @ 1.. = space_len(bytes, i) {
        i += w;
    }
    i
}

/// The length in bytes of the character that starts with byte `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0xbf => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Whether a character that starts with byte `lead` can be whitespace.
#[inline]
fn may_be_space(lead: u8) -> bool {
    lead <= b' ' || lead == 0xc2 || (0xe1..=0xe3).contains(&lead)
}

/// The length in bytes of the character at `bytes[i]` (a character boundary)
/// when it is whitespace, as [`char::is_whitespace`] says, else 0 (also past
/// the end).
#[inline]
fn space_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b' ' | b'\t'..=b'\r') => 1,
        Some(0xc2 | 0xe1..=0xe3) => wide_space_len(&bytes[i..]),
        _ => 0,
    }
}

/// [`space_len`] beyond ASCII, for the lead bytes of whitespace.
fn wide_space_len(bytes: &[u8]) -> usize {
    match bytes {
        // U+0085, U+00A0.
        [0xc2, 0x85 | 0xa0, ..] => 2,
        // U+1680; U+2000–U+200A, U+2028, U+2029, U+202F; U+205F; U+3000.
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
