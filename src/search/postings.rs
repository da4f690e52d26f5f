//! The postings of syllables and compounds: terms encoded in parallel, and
//! BM25 term parts quantised to letters.

use super::analyse::Posting;
use super::{encode, K1, LEVELS, TITLE_FLAG};
use rayon::prelude::*;

/// The encodings of `count` terms, made in parallel by `encode(i, out,
/// scratch)` appending term `i`'s to `out` (`scratch` is free room): a few
/// buffers, and where each term ends.
pub(super) fn encode_terms<S: Default>(
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
pub(super) fn codes(buffers: &[(Vec<u8>, Vec<usize>)]) -> impl Iterator<Item = &[u8]> {
    buffers.iter().flat_map(|(out, ends)| {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts.zip(ends).map(|(start, &end)| &out[start..end])
    })
}

/// Appends increasing numbers as gaps (`n - previous - 1`, the first from -1).
pub(super) fn push_gaps(out: &mut Vec<u8>, numbers: impl IntoIterator<Item = u32>) {
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
pub(super) fn encode_scored<'p>(
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
pub(super) const COMMON_TF: usize = 32;

/// `2 × f` when it is a whole number below [`COMMON_TF`]. Frequencies are
/// sums of weights, all multiples of a half, so this is nearly always so.
/// Such a float has at most five significant bits: its top 13 bits tell
/// it, and its low 19 are zero, so a table of the top bits answers.
#[inline]
pub(super) fn common_half(f: f32) -> Option<usize> {
    let bits = f.to_bits();
    match HALVES[(bits >> 19) as usize] {
        half if bits & 0x7_ffff == 0 && usize::from(half) < COMMON_TF => Some(usize::from(half)),
        _ => None,
    }
}

/// For the top 13 bits of a float, `2 × f` when `f` is a multiple of a half
/// below `COMMON_TF / 2` (zero of either sign included), else `u8::MAX`.
pub(super) static HALVES: [u8; 1 << 13] = {
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
pub(super) fn bm25_level(f: f64, norm: f64) -> u32 {
    let part = f * (K1 + 1.0) / (f + norm);
    (round(part / (K1 + 1.0) * f64::from(LEVELS)) as u32).clamp(1, LEVELS)
}

/// `x.round()` (halves away from zero), worked out inline for the values
/// a level takes (0 to 2^31) rather than by a call into the maths library.
pub(super) fn round(x: f64) -> f64 {
    if !(0.0..2_147_483_648.0).contains(&x) {
        return x.round();
    }
    // Truncation and the fraction are exact below 2^31.
    let whole = x as u32;
    f64::from(whole + u32::from(x - f64::from(whole) >= 0.5))
}
