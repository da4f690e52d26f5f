//! Numbers the terms of the index as they are met: a hash table from a
//! 64-bit key (a short syllable's bytes, or two syllable numbers; 32 bits
//! when they fit, two 64-bit halves for a word as spelt in the text) to the
//! number the caller gives it, and a small value kept beside it. A lookup is what the analysis does
//! once per syllable and once per pair, so it is made for that: open
//! addressing, linear probing, one multiplication.

/// A key of the table: a number of 32 or 64 bits, or two of 64.
pub trait Key: Copy + Eq + Default {
    /// The key mixed into 64 bits whose top bits pick the slot.
    fn mix(self) -> u64;
}

impl Key for u32 {
    #[inline]
    fn mix(self) -> u64 {
        u64::from(self).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

impl Key for u64 {
    #[inline]
    fn mix(self) -> u64 {
        self.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

impl Key for [u64; 2] {
    #[inline]
    fn mix(self) -> u64 {
        let [low, high] = self;
        (low ^ high.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

/// A slot of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot<K, V> {
    /// The key.
    key: K,
    /// Its number, or [`EMPTY`] in an unused slot.
    id: u32,
    /// What the caller keeps beside it.
    value: V,
}

/// The number of an unused slot.
const EMPTY: u32 = u32::MAX;

/// A table from keys (64-bit unless said) to numbers, and to a value of
/// type `V` that the caller keeps beside each (none by default).
#[derive(Debug, Clone)]
pub struct Numbers<V = (), K = u64> {
    /// Twice as many slots as keys, at least: a lookup seldom probes twice.
    slots: Vec<Slot<K, V>>,
    /// `64 - log2(slots.len())`: the top bits of the mixed key pick the slot.
    shift: u32,
    /// Keys held.
    len: u32,
}

impl<V: Copy + Default, K: Key> Default for Numbers<V, K> {
    fn default() -> Self {
        Numbers::with_slots(1024)
    }
}

impl<V: Copy + Default, K: Key> Numbers<V, K> {
    /// An empty table of `slots` slots (a power of two).
    fn with_slots(slots: usize) -> Self {
        let unused = Slot {
            key: K::default(),
            id: EMPTY,
            value: V::default(),
        };
        Numbers {
            slots: vec![unused; slots],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
        }
    }

    /// The number of `key`, which gets `next` (below `u32::MAX`) if new.
    #[inline]
    pub fn id(&mut self, key: K, next: u32) -> u32 {
        self.entry(key, next).0
    }

    /// The number of `key`, which gets `next` (below `u32::MAX`) and the
    /// default value if new, and its value.
    #[inline]
    pub fn entry(&mut self, key: K, next: u32) -> (u32, &mut V) {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &self.slots[i];
            if s.key == key && s.id != EMPTY {
                break;
            }
            if s.id == EMPTY {
                i = self.insert(key, next);
                break;
            }
            i = (i + 1) & mask;
        }
        let s = &mut self.slots[i];
        (s.id, &mut s.value)
    }

    /// Adds `key`, numbered `next`, growing the table first when full: its slot.
    #[cold]
    fn insert(&mut self, key: K, next: u32) -> usize {
        if 2 * (self.len as usize + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].id != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot {
            key,
            id: next,
            value: V::default(),
        };
        self.len += 1;
        i
    }

    /// The number of `key` and the value kept beside it, if the table
    /// holds it.
    #[inline]
    pub fn find(&self, key: K) -> Option<(u32, V)> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &self.slots[i];
            if s.id == EMPTY {
                return None;
            }
            if s.key == key {
                return Some((s.id, s.value));
            }
            i = (i + 1) & mask;
        }
    }

    /// Where the probe for `key` starts (Fibonacci hashing).
    #[inline]
    fn home(&self, key: K) -> usize {
        (key.mix() >> self.shift) as usize
    }

    /// Doubles the slots.
    #[cold]
    fn grow(&mut self) {
        let old = std::mem::replace(self, Numbers::with_slots(self.slots.len() * 2));
        self.len = old.len;
        let mask = self.slots.len() - 1;
        for s in old.slots.into_iter().filter(|s| s.id != EMPTY) {
            let mut i = self.home(s.key);
            while self.slots[i].id != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Spellings of up to 16 bytes as two 64-bit halves: keys that differ
    /// only in their high half, or only in their low half, stay apart.
    #[test]
    fn numbers_wide_keys() {
        let mut t: Numbers<u32, [u64; 2]> = Numbers::default();
        let keys: Vec<[u64; 2]> = (1..5000u64)
            .flat_map(|i| [[i, 0], [0, i], [7, i << 36], [u64::MAX - i, u64::MAX]])
            .collect();
        for (n, k) in keys.iter().enumerate() {
            let (id, value) = t.entry(*k, n as u32);
            assert_eq!(id, n as u32, "{k:?} is new");
            *value = n as u32 * 3;
        }
        assert_eq!(t.len as usize, keys.len());
        for (n, k) in keys.iter().enumerate() {
            assert_eq!(t.find(*k), Some((n as u32, n as u32 * 3)), "{k:?}");
        }
        assert_eq!(t.find([5000, 0]), None);
        assert_eq!(t.find([0, 0]), None);
    }

    /// The same numbers as a `HashMap` gives, through many doublings and
    /// with keys that share their low or high bits.
    #[test]
    fn numbers_keys_in_order_met() {
        let mut t: Numbers<u64> = Numbers::default();
        let mut want: HashMap<u64, u32> = HashMap::new();
        let mut seen: HashMap<u32, u64> = HashMap::new();
        let keys = (0..20_000u64)
            .map(|i| i << 32)
            .chain((0..20_000).map(|i| i * 7919 % 5000))
            .chain((0..3000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
            .chain([0, u64::MAX, 1 << 63]);
        for k in keys {
            let next = want.len() as u32;
            let id = *want.entry(k).or_insert(next);
            let (got, value) = t.entry(k, next);
            assert_eq!(got, id, "{k:#x}");
            *value += 1;
            *seen.entry(id).or_default() += 1;
        }
        let values: HashMap<u32, u64> = (want.iter())
            .map(|(k, id)| (*id, t.find(*k).map_or(0, |(_, v)| v)))
            .collect();
        assert_eq!(values, seen, "values kept beside the keys");
        assert_eq!(t.len as usize, want.len());
        for (k, id) in want {
            assert_eq!(t.id(k, u32::MAX - 1), id, "{k:#x} kept its number");
        }
        assert_eq!(t.find(12_345_678_901), None, "a key never added");
    }
}
