//! Numbering the terms of a ward: the names of every run numbered across
//! the ward, where each number occurs, the records of each pair, and the
//! fast hasher and grouping these use.

use super::analyse::Part;
use super::numbers;
use std::collections::HashMap;

/// A fast hasher for the short keys of the index: FxHash's mixing step, and
/// a final rotation so that the low bits, which pick the bucket, depend on
/// every bit of the key (a pair of syllable numbers differs in its high half).
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

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
pub(super) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Items grouped by number, each group in the order given.
pub(super) struct Grouped<T> {
    /// Where the group of each number starts in `items`, and the end.
    pub(super) starts: Vec<usize>,
    /// The items, group after group.
    pub(super) items: Vec<T>,
}

impl<T> Grouped<T> {
    /// The items of number `id`.
    pub(super) fn get(&self, id: usize) -> &[T] {
        &self.items[self.starts[id]..self.starts[id + 1]]
    }
}

impl<T: Copy + Default> Grouped<T> {
    /// Groups the items that `each` adds to a [`Grouping`], with their
    /// numbers (below `count`), keeping their order within a group. `each`
    /// is called twice: once to count, once to place.
    pub(super) fn new(count: usize, each: impl Fn(&mut Grouping<T>)) -> Self {
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
pub(super) struct Grouping<T> {
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
    pub(super) fn add(&mut self, id: u32, item: T) {
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
pub(super) fn number<'a>(
    parts: impl Iterator<Item = &'a [Box<str>]>,
) -> (Vec<&'a str>, Vec<Vec<u32>>) {
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
pub(super) fn short_key(name: &str) -> Option<u64> {
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
pub(super) fn number_pairs(
    parts: &[Part],
    syllable_maps: &[Vec<u32>],
) -> (Vec<(u32, u32)>, Vec<Vec<u32>>) {
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
pub(super) fn occurrences(count: usize, maps: &[Vec<u32>]) -> Grouped<(u32, u32)> {
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
pub(super) fn pair_words(count: usize, parts: &[Part], maps: &[Vec<u32>]) -> Grouped<(u32, u64)> {
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
pub(super) fn merged(words: &[(u32, u64)]) -> impl Iterator<Item = (usize, u64)> + '_ {
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

/// Sorts terms (given by number) by their names, as bytes compare. Each
/// is sorted as one integer, its name's first 8 bytes (zeros after the end)
/// above its number; only names that share those 8 bytes are compared whole.
pub(super) fn sort_by_name<'a>(terms: &mut [u32], name: impl Fn(u32) -> &'a str) {
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
