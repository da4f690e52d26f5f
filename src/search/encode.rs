//! Compact encodings of the index files, mirrored in `search.js`: a 90-letter
//! printable alphabet, variable-length numbers, and the hash that picks a
//! term's shard.

/// Number of values one letter of the alphabet carries.
pub const BASE: u32 = 90;

/// Half the alphabet: a letter below it says "more letters follow".
const HALF: u32 = BASE / 2;

/// The letter for `v` (< 90): printable ASCII from `#` on, skipping `\`, so
/// that it never needs escaping inside a JSON string.
pub fn letter(v: u32) -> char {
    debug_assert!(v < BASE);
    let c = 35 + v;
    let c = if c >= 92 { c + 1 } else { c };
    char::from(c as u8)
}

/// The letter for `v` (< 90) as a byte, as [`letter`].
#[inline]
pub fn letter_byte(v: u32) -> u8 {
    LETTERS[v as usize]
}

/// The alphabet, by value: the bytes of [`letter`].
const LETTERS: [u8; BASE as usize] = {
    let mut letters = [0u8; BASE as usize];
    let mut v = 0;
    while v < BASE {
        let c = 35 + v;
        letters[v as usize] = if c >= 92 { c + 1 } else { c } as u8;
        v += 1;
    }
    letters
};

/// Appends `v` as a variable-length number: base-45 digits, the last one
/// marked by the upper half of the alphabet.
#[inline]
pub fn push_number(out: &mut Vec<u8>, v: u32) {
    if v < HALF {
        // Most gaps: one letter.
        out.push(letter_byte(HALF + v));
    } else {
        push_long_number(out, v);
    }
}

/// [`push_number`] for numbers of two letters or more.
#[inline(never)]
fn push_long_number(out: &mut Vec<u8>, mut v: u32) {
    let mut digits = [0u32; 8];
    let mut n = 0;
    loop {
        digits[n] = v % HALF;
        n += 1;
        v /= HALF;
        if v == 0 {
            break;
        }
    }
    for (i, d) in digits[..n].iter().rev().enumerate() {
        out.push(letter_byte(if i + 1 == n { HALF + d } else { *d }));
    }
}

/// FNV-1a over the UTF-16 code units of `term` (as JavaScript sees strings).
pub fn hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for unit in term.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(c: char) -> u32 {
        let c = c as u32;
        c - 35 - u32::from(c > 92)
    }

    fn decode(s: &[u8]) -> Vec<u32> {
        let mut out = Vec::new();
        let mut v = 0;
        for c in s.iter().map(|b| char::from(*b)) {
            let d = value(c);
            if d < HALF {
                v = v * HALF + d;
            } else {
                out.push(v * HALF + d - HALF);
                v = 0;
            }
        }
        out
    }

    #[test]
    fn alphabet_is_printable_and_safe() {
        let all: String = (0..BASE).map(letter).collect();
        assert_eq!(all.len(), 90);
        assert!(!all.contains('\\') && !all.contains('"') && !all.contains(' '));
        assert!(all.chars().all(|c| c.is_ascii_graphic()));
        assert_eq!(
            (0..BASE).map(|v| value(letter(v))).collect::<Vec<_>>(),
            (0..BASE).collect::<Vec<_>>()
        );
        assert!((0..BASE).all(|v| char::from(letter_byte(v)) == letter(v)));
    }

    #[test]
    fn numbers_round_trip() {
        let values = [0, 1, 44, 45, 2024, 2025, 91_124, 91_125, 4_000_000];
        let mut s = Vec::new();
        for v in values {
            push_number(&mut s, v);
        }
        assert_eq!(decode(&s), values);
        let mut one = Vec::new();
        push_number(&mut one, 44);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn hash_is_fnv1a() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
    }
}
