//! The postings of syllable pairs, relative to the records that hold both
//! syllables: bit sets for the common syllables, lists for the others.

use super::analyse::Part;
use super::encode;
use super::numbering::{merged, Grouped};

/// The records of a syllable, for pairs: a bit set when it is common, so
/// that a pair of two common syllables costs a few words, not a search.
#[derive(Clone, Copy)]
pub(super) enum Members<'a> {
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
pub(super) struct Memberships {
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
    pub(super) fn new(
        parts: &[Part],
        maps: &[Vec<u32>],
        count: usize,
        n: usize,
        dense: usize,
    ) -> Self {
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
    pub(super) fn get(&self, id: u32) -> Members<'_> {
        match self.slot[id as usize] {
            u32::MAX => Members::List(self.lists.get(id as usize)),
            s => Members::Bits(&self.bits[s as usize * self.words..][..self.words]),
        }
    }
}

/// Room that [`encode_pair`] reuses from one pair to the next.
#[derive(Default)]
pub(super) struct PairScratch {
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
/// records of the pair as words of a bit set (see [`pair_words`](super::numbering::pair_words)). Appended
/// to `out`.
pub(super) fn encode_pair(
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
pub(super) fn encode_pair_bits(
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
pub(super) unsafe fn encode_pair_bits_popcnt(
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
pub(super) fn pair_bits(
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
pub(super) fn below(bit: u32) -> u64 {
    (1u64 << bit) - 1
}

/// Writes the positions of the records `present` among the records of
/// `a & b`, as gaps: how many letters. `before[w]` counts the bits of
/// `a & b` before word `w`.
#[inline(always)]
pub(super) fn push_inside(
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
pub(super) fn push_positions(
    letters: &mut encode::Letters,
    both: u64,
    base: u32,
    bits: u64,
    prev: &mut i64,
) {
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
pub(super) fn push_outside(
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
