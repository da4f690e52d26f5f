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
        let (digits, n) = long_number(v);
        out.extend_from_slice(&digits[..n]);
    }
}

/// The letters of `v` (of two letters or more) as [`push_number`] writes
/// them: the first `n` of the array.
#[inline(never)]
fn long_number(mut v: u32) -> ([u8; 8], usize) {
    let n = number_len(v);
    let mut letters = [0u8; 8];
    letters[n - 1] = letter_byte(HALF + v % HALF);
    for letter in letters[..n - 1].iter_mut().rev() {
        v /= HALF;
        *letter = letter_byte(v % HALF);
    }
    (letters, n)
}

/// How many letters [`push_number`] writes for `v`; as many as for any
/// smaller number, at least.
pub fn number_len(mut v: u32) -> usize {
    let mut n = 1;
    while v >= HALF {
        v /= HALF;
        n += 1;
    }
    n
}

/// Letters appended to a vector through a small buffer, so that writing
/// one is a store, with no look at the vector's capacity: the buffer goes
/// to the vector when nearly full, and at [`Letters::finish`], which must
/// be called. The buffer is the caller's (on its stack), so that the
/// writer's counts stay in registers.
#[must_use = "letters reach the vector at `finish`"]
pub struct Letters<'a> {
    /// Where the letters go.
    out: &'a mut Vec<u8>,
    /// Letters not yet in `out`: the first `len`.
    buf: &'a mut [u8; LETTERS_BUFFER],
    /// How many of `buf` are written.
    len: usize,
    /// How many letters went to `out` so far.
    flushed: usize,
}

/// The size of the buffer of [`Letters`].
pub const LETTERS_BUFFER: usize = 256;

impl<'a> Letters<'a> {
    /// A writer appending to `out` through `buf`.
    pub fn new(out: &'a mut Vec<u8>, buf: &'a mut [u8; LETTERS_BUFFER]) -> Self {
        Letters {
            out,
            buf,
            len: 0,
            flushed: 0,
        }
    }

    /// Makes room in the buffer for a number and a letter (at most 9).
    #[inline]
    fn room(&mut self) {
        if self.len > self.buf.len() - 9 {
            append(self.out, &self.buf[..self.len]);
            self.flushed += self.len;
            self.len = 0;
        }
    }

    /// Appends one letter (a byte of the alphabet, or `!`).
    #[inline]
    pub fn push(&mut self, letter: u8) {
        self.room();
        self.buf[self.len] = letter;
        self.len += 1;
    }

    /// Appends `v` as [`push_number`] does.
    #[inline]
    pub fn push_number(&mut self, v: u32) {
        self.room();
        self.put_number(v);
    }

    /// Appends `v` as [`push_number`] does, then `letter`.
    #[inline]
    pub fn push_number_and(&mut self, v: u32, letter: u8) {
        self.room();
        self.put_number(v);
        self.buf[self.len] = letter;
        self.len += 1;
    }

    /// Writes `v` into the buffer, which has room for it.
    #[inline]
    fn put_number(&mut self, v: u32) {
        if v < HALF {
            self.buf[self.len] = letter_byte(HALF + v);
            self.len += 1;
        } else if v < HALF * HALF {
            // Most other gaps: two letters.
            self.buf[self.len] = letter_byte(v / HALF);
            self.buf[self.len + 1] = letter_byte(HALF + v % HALF);
            self.len += 2;
        } else {
            let (digits, n) = long_number(v);
            self.buf[self.len..][..8].copy_from_slice(&digits);
            self.len += n;
        }
    }

    /// How many letters are written.
    pub fn len(&self) -> usize {
        self.flushed + self.len
    }

    /// Whether no letter is written.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends the letters still in the buffer: how many letters were written.
    pub fn finish(self) -> usize {
        append(self.out, &self.buf[..self.len]);
        self.flushed + self.len
    }
}

/// Appends `letters` to `out`: the rare step of [`Letters`], kept out of
/// line so that the writer's count stays in a register.
#[inline(never)]
fn append(out: &mut Vec<u8>, letters: &[u8]) {
    out.extend_from_slice(letters);
}

/// FNV-1a over the UTF-16 code units of `term` (as JavaScript sees strings).
pub fn hash(term: &str) -> u32 {
    let step = |h: u32, unit: u16| (h ^ u32::from(unit)).wrapping_mul(0x0100_0193);
    let h: u32 = 0x811c_9dc5;
    if term.is_ascii() {
        // Terms are folded: nearly all ASCII, one code unit a byte.
        term.bytes().fold(h, |h, b| step(h, u16::from(b)))
    } else {
        term.encode_utf16().fold(h, step)
    }
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

    /// Letters written into room write what `push_number` writes, and
    /// `number_len` says how many.
    #[test]
    fn letters_in_room_are_as_pushed() {
        let mut next = crate::testing::xorshift(7);
        let values: Vec<u32> = (0..2000)
            .map(|i| match i % 4 {
                0 => (next() % 45) as u32,
                1 => (next() % 5000) as u32,
                2 => next() as u32,
                _ => u32::MAX - (next() % 3) as u32,
            })
            .chain([0, 44, 45, 2024, 2025, 91_124, 91_125])
            .collect();
        let mut want = vec![7u8];
        for &v in &values {
            let before = want.len();
            push_number(&mut want, v);
            assert_eq!(want.len() - before, number_len(v), "{v}");
            assert!((0..v)
                .step_by(1 + v as usize / 64)
                .all(|u| number_len(u) <= number_len(v)));
        }
        let mut got = vec![7u8];
        let mut buf = [0; LETTERS_BUFFER];
        let mut letters = Letters::new(&mut got, &mut buf);
        assert!(letters.is_empty());
        for &v in &values {
            letters.push_number(v);
        }
        letters.push(b'!');
        letters.push_number_and(2025, b'#');
        want.push(b'!');
        push_number(&mut want, 2025);
        want.push(b'#');
        assert_eq!(letters.len(), want.len() - 1);
        assert_eq!(letters.finish(), want.len() - 1);
        assert_eq!(got, want);
    }

    #[test]
    fn hash_is_fnv1a() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        let reference = |term: &str| {
            let mut h: u32 = 0x811c_9dc5;
            for unit in term.encode_utf16() {
                h ^= u32::from(unit);
                h = h.wrapping_mul(0x0100_0193);
            }
            h
        };
        for term in [
            "dan chu",
            "59/2023/nd-cp",
            "đất đai",
            "😀 x",
            "\u{7f}\u{80}",
        ] {
            assert_eq!(hash(term), reference(term), "{term}");
        }
    }
}
