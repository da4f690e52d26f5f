//! The search index of a ward, built with the site and read by
//! `assets/search.js`. Every file is a classic script that calls the global
//! `congkhaiIndex(type, number, data)`, so it loads from `file://` as well as
//! over HTTP, and only when a query needs it:
//!
//! - `search/manifest.js`: counts, the facet values of every record;
//! - `search/terms-N.js`: term shards, a term in shard `fnv1a(term) % shards`
//!   unless the manifest places it (the few large ones);
//! - `search/meta-N.js`: what a result shows (id, title, date, excerpt), for a
//!   run of consecutive records;
//! - `search/words.js`: the syllables made of letters, most frequent first,
//!   loaded only when a query word matches nothing, to find the word one
//!   letter away that was meant.
//!
//! Terms are folded syllables (scored with BM25, title hits flagged),
//! adjacent syllable pairs and identifier compounds (present or not). The
//! index holds only what the linked [`Ward`] holds, so names masked on the
//! pages are masked here too. It does not rank, match or render: that is the
//! browser's part.

mod analyse;
pub mod encode;
mod excerpt;
mod facets;
pub mod fields;
mod numbering;
mod numbers;
mod pairs;
mod postings;
mod scripts;
pub mod tokens;

use analyse::{analyse, Part};
use excerpt::excerpt;
use facets::manifest;
use numbering::{number, number_pairs, occurrences, pair_words, sort_by_name, FastMap, Grouped};
use pairs::{encode_pair, Memberships};
use postings::{bm25_level, codes, encode_scored, encode_terms, push_gaps, COMMON_TF};
use scripts::{iso_date, meta_script, script, terms_script};

use crate::model::Ward;
use rayon::prelude::*;
use std::collections::BTreeMap;

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

/// Builds the index of a ward. `bodies[i]` is the plain text of the body of
/// `ward.records[i]` (missing ones count as empty).
pub fn ward_index(ward: &Ward, bodies: &[String]) -> Vec<IndexFile> {
    build(ward, bodies, LIMITS)
}

fn build(ward: &Ward, bodies: &[String], limits: Limits) -> Vec<IndexFile> {
    let mut indexer = Indexer::with_limits(ward, limits);
    indexer.add(bodies);
    indexer.finish()
}

/// Runs of records a window holds (see [`Indexer::window`]): enough for
/// every thread to analyse a run or two at once.
const WINDOW_RUNS: usize = 4;

/// A ward's index built as its pages are rendered: the plain text of the
/// bodies comes a window of consecutive records at a time, and all the
/// index keeps of a body once given is its terms and its result's excerpt,
/// so a ward's texts are never held all at once. Gives the files
/// [`ward_index`] gives for the same bodies.
pub struct Indexer<'w> {
    /// The ward indexed.
    ward: &'w Ward,
    /// Sizes of files and runs.
    limits: Limits,
    /// The runs analysed so far, in record order.
    parts: Vec<Part>,
    /// For each record given so far, the excerpt its result shows.
    excerpts: Vec<String>,
    /// The record replacing each replaced one, by id.
    replaced_by: std::collections::HashMap<&'w str, &'w crate::model::Record>,
}

impl<'w> Indexer<'w> {
    /// An index of `ward` with nothing given yet.
    pub fn new(ward: &'w Ward) -> Indexer<'w> {
        Indexer::with_limits(ward, LIMITS)
    }

    fn with_limits(ward: &'w Ward, limits: Limits) -> Indexer<'w> {
        Indexer {
            ward,
            limits,
            parts: Vec::new(),
            excerpts: Vec::with_capacity(ward.records.len()),
            replaced_by: crate::link::replacements(ward),
        }
    }

    /// How many records' bodies to give [`Indexer::add`] at a time: a
    /// whole number of runs, so that the runs are those of the whole ward.
    pub fn window(&self) -> usize {
        self.limits.run * WINDOW_RUNS
    }

    /// The plain text of the bodies of the next records, in the ward's
    /// order (those past the ward's last record are ignored). Any number
    /// may be given; the index is the same however they are cut.
    pub fn add<S: AsRef<str> + Sync>(&mut self, bodies: &[S]) {
        let first = self.excerpts.len();
        let end = (first + bodies.len()).min(self.ward.records.len());
        let records = &self.ward.records[first..end];
        let bodies = &bodies[..records.len()];
        let run = self.limits.run.max(1);
        let parts: Vec<Part> = records
            .par_chunks(run)
            .zip(bodies.par_chunks(run))
            .enumerate()
            .map(|(i, (records, bodies))| {
                let bodies: Vec<&str> = bodies.iter().map(AsRef::as_ref).collect();
                analyse((first + i * run) as u32, records, &bodies)
            })
            .collect();
        self.parts.extend(parts);
        let replaced_by = &self.replaced_by;
        let excerpts: Vec<String> = records
            .par_iter()
            .zip(bodies)
            .map(|(r, body)| result_excerpt(r, body.as_ref(), replaced_by))
            .collect();
        self.excerpts.extend(excerpts);
    }

    /// The index files, the records not given counting as empty.
    pub fn finish(mut self) -> Vec<IndexFile> {
        let left = self.ward.records.len() - self.excerpts.len();
        if left > 0 {
            self.add(&vec![""; left]);
        }
        join(self.ward, &self.parts, self.excerpts, self.limits)
    }
}

/// What the result of `r` shows under its title: its summary, else the
/// start of its body, else of its fields; a replaced record's names the
/// record replacing it and its date first, as its page's banner does.
fn result_excerpt(
    r: &crate::model::Record,
    body: &str,
    replaced_by: &std::collections::HashMap<&str, &crate::model::Record>,
) -> String {
    let fields;
    let source = match r.common.summary.as_deref() {
        Some(s) if !s.trim().is_empty() => s,
        _ if !body.trim().is_empty() => body,
        _ => {
            fields = fields::field_text(r);
            &fields
        }
    };
    match replaced_by.get(r.id.as_str()) {
        Some(new) => format!(
            "{} {}",
            crate::link::replaced_note(new),
            excerpt(source, EXCERPT_CHARS)
        ),
        None => excerpt(source, EXCERPT_CHARS),
    }
}

/// The index files of `ward` from the analysis of all its records, in runs
/// (`parts`), and each record's excerpt.
fn join(ward: &Ward, parts: &[Part], excerpts: Vec<String>, limits: Limits) -> Vec<IndexFile> {
    let n = ward.records.len();

    // Terms are numbered across the ward; runs come in record order, so the
    // hits of a term, run after run, are sorted by record.
    let lens: Vec<f32> = parts.iter().flat_map(|p| p.lens.iter().copied()).collect();
    let (syllables, syllable_maps) = number(parts.iter().map(|p| p.syllables.as_slice()));
    let (compounds, compound_maps) = number(parts.iter().map(|p| p.compounds.as_slice()));
    let (pairs, pair_maps) = number_pairs(parts, &syllable_maps);
    let syllable_runs = occurrences(syllables.len(), &syllable_maps);
    let compound_runs = occurrences(compounds.len(), &compound_maps);
    let pair_records = pair_words(pairs.len(), parts, &pair_maps);
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
    let members = Memberships::new(parts, &syllable_maps, syllables.len(), n, (n / 64).max(64));
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

    let metas: Vec<(&str, &str, String, String)> = (ward.records.iter())
        .zip(excerpts)
        .map(|(r, excerpt)| {
            (
                r.id.as_str(),
                r.common.title.as_str(),
                iso_date(r.common.published),
                excerpt,
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

    files.push(words_script(&syllables, |i| {
        (syllable_runs.get(i).iter())
            .map(|&(p, own)| parts[p as usize].syllable_postings[own as usize].len())
            .sum()
    }));

    let mut manifest = manifest(ward, shard_count, chunk);
    manifest["placed"] = serde_json::json!(placed);
    files.push(script("manifest.js".into(), "manifest", 0, &manifest));
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// Syllables shorter than this are not offered as corrections: one letter
/// away from a two-letter syllable is nearly every other one.
const WORD_MIN_CHARS: usize = 3;

/// `search/words.js`: the syllables of letters only (no digit), of at least
/// [`WORD_MIN_CHARS`] characters, separated by spaces, the most frequent
/// (by records holding them) first, then by name. `df(i)` is the number of
/// records holding syllable `i`.
fn words_script(syllables: &[&str], df: impl Fn(usize) -> usize) -> IndexFile {
    let mut words: Vec<(usize, &str)> = (syllables.iter().enumerate())
        .filter(|(_, s)| {
            !s.bytes().any(|b| b.is_ascii_digit())
                && s.chars().all(char::is_alphabetic)
                && s.chars().count() >= WORD_MIN_CHARS
        })
        .map(|(i, s)| (df(i), *s))
        .collect();
    words.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut text = String::with_capacity(words.iter().map(|w| w.1.len() + 1).sum());
    for (i, (_, w)) in words.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(w);
    }
    script("words.js".into(), "words", 0, &text)
}

#[cfg(test)]
mod tests;
