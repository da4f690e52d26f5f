//! Numbers the terms of the index as they are met: a hash table from a
//! 64-bit key (a short syllable's bytes, or two syllable numbers) to the
//! number the caller gives it. It is
//! what the analysis does once per syllable and once per pair, so it is made
//! for that: open addressing, linear probing, one multiplication per lookup.

/// A slot of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The key.
    pub key: u64,
    /// Its number, or [`EMPTY`] in an unused slot.
    pub id: u32,
}

/// The number of an unused slot.
const EMPTY: u32 = u32::MAX;

/// A table from 64-bit keys to numbers.
#[derive(Debug, Clone)]
pub struct Numbers {
    /// Twice as many slots as keys, at least: a lookup seldom probes twice.
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: the top bits of the mixed key pick the slot.
    shift: u32,
    /// Keys held.
    len: u32,
}

impl Default for Numbers {
    fn default() -> Self {
        Numbers::with_slots(1024)
    }
}

impl Numbers {
    /// An empty table of `slots` slots (a power of two).
    fn with_slots(slots: usize) -> Self {
        let unused = Slot { key: 0, id: EMPTY };
        Numbers {
            slots: vec![unused; slots],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
        }
    }

    /// The slot of `key`, which gets the number `next` (below `u32::MAX`)
    /// if it is new.
    #[inline]
    pub fn slot(&mut self, key: u64, next: u32) -> &mut Slot {
        if 2 * (self.len as usize + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = self.slots[i];
            if s.id == EMPTY {
                self.slots[i] = Slot { key, id: next };
                self.len += 1;
                return &mut self.slots[i];
            }
            if s.key == key {
                return &mut self.slots[i];
            }
            i = (i + 1) & mask;
        }
    }

    /// Where the probe for `key` starts (Fibonacci hashing).
    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
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

    /// The same numbers as a `HashMap` gives, through many doublings and
    /// with keys that share their low or high bits.
    #[test]
    fn numbers_keys_in_order_met() {
        let mut t = Numbers::default();
        let mut want: HashMap<u64, u32> = HashMap::new();
        let keys = (0..20_000u64)
            .map(|i| i << 32)
            .chain((0..20_000).map(|i| i * 7919 % 5000))
            .chain((0..3000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
            .chain([0, u64::MAX, 1 << 63]);
        for k in keys {
            let next = want.len() as u32;
            let id = *want.entry(k).or_insert(next);
            let s = t.slot(k, next);
            assert_eq!((s.key, s.id), (k, id), "{k:#x}");
        }
        assert_eq!(t.len as usize, want.len());
        for (k, id) in want {
            assert_eq!(t.slot(k, u32::MAX - 1).id, id, "{k:#x} kept its number");
        }
    }
}
