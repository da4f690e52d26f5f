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

pub mod encode;
pub mod fields;
pub mod tokens;

use crate::model::{Kind, Record, Status, Ward};
use crate::text::fold;
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
}

/// The sizes the site uses: at 20,000 records about 150 shards and 120
/// chunks; a query loads a few shards and at most one chunk per result shown.
const LIMITS: Limits = Limits {
    shard: 128 * 1024,
    chunk: 48 * 1024,
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

/// A fast hasher for the short keys of the index (FxHash's mixing step).
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
        self.0
    }
}

/// A map keyed by the index's terms.
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A syllable's postings: (record, weighted frequency, in title), by record.
type Scored = Vec<(u32, f32, bool)>;

/// What a run of consecutive records contributes, with owned terms, ready to
/// be appended to the ward's postings.
#[derive(Default)]
struct Part {
    /// Weighted length of each record of the run.
    lens: Vec<f32>,
    /// Syllable → postings.
    syllables: Vec<(String, Scored)>,
    /// `"a b"` → records.
    pairs: Vec<(String, Vec<u32>)>,
    /// Compound → records.
    compounds: Vec<(String, Vec<u32>)>,
}

/// Records analysed per task: large enough that interning pays, small enough
/// to spread over the cores.
const RUN: usize = 512;

/// The folded, searchable text of a record: title, fields and body joined by
/// punctuation (so that no pair spans two of them), and where each ends.
fn folded_text(r: &Record, body: &str) -> (String, usize, usize) {
    let mut text = fold(&r.common.title);
    let title_end = text.len();
    text.push_str(" ; ");
    text.push_str(&fold(&fields::field_text(r)));
    let fields_end = text.len();
    text.push_str(" ; ");
    text.push_str(&fold(body));
    (text, title_end, fields_end)
}

/// The bytes of a syllable of up to 8 bytes as one number (syllables never
/// contain a zero byte, so the padding cannot collide).
fn pack(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    (bytes.len() <= 8).then(|| {
        let mut word = [0u8; 8];
        word[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(word)
    })
}

/// Analyses records `first..` (`records` and `bodies` of the same length):
/// syllables are interned per run, so each record costs one hash lookup per
/// syllable and none per pair.
fn analyse(first: u32, records: &[std::sync::Arc<Record>], bodies: &[&str]) -> Part {
    let texts: Vec<(String, usize, usize)> = records
        .iter()
        .zip(bodies)
        .map(|(r, b)| folded_text(r, b))
        .collect();
    // Syllables of up to 8 bytes (nearly all) are looked up by their bytes
    // as one number; longer ones by their text.
    let mut short: FastMap<u64, u32> = FastMap::default();
    let mut long: FastMap<&str, u32> = FastMap::default();
    let mut names: Vec<&str> = Vec::new();
    let mut postings: Vec<Scored> = Vec::new();
    let mut pairs: FastMap<u64, Vec<u32>> = FastMap::default();
    let mut compounds: FastMap<&str, Vec<u32>> = FastMap::default();
    let mut tf: Vec<(f32, bool)> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    let mut doc_pairs: Vec<u64> = Vec::new();
    let mut lens = Vec::with_capacity(texts.len());
    for (i, (text, title_end, fields_end)) in texts.iter().enumerate() {
        let doc = first + i as u32;
        let syl = tokens::syllables(text);
        let mut len = 0.0f32;
        let mut prev = 0u32;
        doc_pairs.clear();
        for s in &syl {
            let next = names.len() as u32;
            let slot = match pack(s.text) {
                Some(key) => short.entry(key).or_insert(next),
                None => long.entry(s.text).or_insert(next),
            };
            let id = *slot;
            if id == next {
                names.push(s.text);
                postings.push(Vec::new());
                tf.push((0.0, false));
            }
            let weight = if s.start < *title_end {
                TITLE_WEIGHT
            } else if s.start < *fields_end {
                FIELD_WEIGHT
            } else {
                BODY_WEIGHT
            };
            let e = &mut tf[id as usize];
            if e.0 == 0.0 {
                touched.push(id);
            }
            e.0 += weight;
            e.1 |= s.start < *title_end;
            len += weight;
            if s.link != tokens::Link::Break {
                doc_pairs.push(u64::from(prev) << 32 | u64::from(id));
            }
            prev = id;
        }
        for id in touched.drain(..) {
            let (f, title) = std::mem::replace(&mut tf[id as usize], (0.0, false));
            postings[id as usize].push((doc, f, title));
        }
        doc_pairs.sort_unstable();
        doc_pairs.dedup();
        for p in &doc_pairs {
            pairs.entry(*p).or_default().push(doc);
        }
        let mut comps = tokens::compounds(text, &syl);
        comps.sort_unstable();
        comps.dedup();
        for c in comps {
            compounds.entry(c).or_default().push(doc);
        }
        lens.push(len);
    }
    Part {
        lens,
        syllables: names
            .iter()
            .zip(postings)
            .map(|(n, p)| (n.to_string(), p))
            .collect(),
        pairs: pairs
            .into_iter()
            .map(|(k, v)| {
                (
                    format!(
                        "{} {}",
                        names[(k >> 32) as usize],
                        names[(k & 0xffff_ffff) as usize]
                    ),
                    v,
                )
            })
            .collect(),
        compounds: compounds
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    }
}

/// Appends increasing numbers as gaps (`n - previous - 1`, the first from -1).
fn push_gaps(out: &mut String, numbers: impl IntoIterator<Item = u32>) {
    let mut prev: i64 = -1;
    for n in numbers {
        encode::push_number(out, (i64::from(n) - prev - 1) as u32);
        prev = i64::from(n);
    }
}

/// A syllable's postings: per record, its gap and one letter for the BM25
/// term part (1–15, plus 16 when the syllable is in the title).
fn encode_scored(p: &Scored, lens: &[f32], avg_len: f64) -> String {
    let mut s = String::with_capacity(p.len() * 2);
    let mut prev: i64 = -1;
    for &(id, f, title) in p {
        encode::push_number(&mut s, (i64::from(id) - prev - 1) as u32);
        prev = i64::from(id);
        let f = f64::from(f);
        let norm = K1 * (1.0 - B + B * f64::from(lens[id as usize]) / avg_len);
        let part = f * (K1 + 1.0) / (f + norm);
        let level = ((part / (K1 + 1.0) * f64::from(LEVELS)).round() as u32).clamp(1, LEVELS);
        s.push(encode::letter(level + if title { TITLE_FLAG } else { 0 }));
    }
    s
}

/// The records of a syllable, for pairs: a bit set when it is common, so
/// that a pair of two common syllables costs no search.
enum Members<'a> {
    /// Sorted postings, searched.
    List(&'a Scored),
    /// One bit per record.
    Bits(Vec<u64>),
}

impl Members<'_> {
    fn contains(&self, d: u32) -> bool {
        match self {
            Members::List(p) => p.binary_search_by_key(&d, |x| x.0).is_ok(),
            Members::Bits(b) => b[d as usize / 64] >> (d % 64) & 1 == 1,
        }
    }
}

/// A pair's postings, relative to the records that hold both its syllables
/// (which the browser has decoded anyway): the positions, in that list, of
/// the records that hold the pair, or, after `!`, of those that do not,
/// whichever is shorter. Most common pairs ("uy ban", "dan chu") are then
/// a `!` and a few letters.
fn encode_pair(small: &Scored, large: &Members, present: &[u32]) -> String {
    let mut with = Vec::new();
    let mut without = Vec::new();
    let mut k = 0u32;
    let mut next = present.iter().peekable();
    for &(d, ..) in small {
        if !large.contains(d) {
            continue;
        }
        if next.peek() == Some(&&d) {
            next.next();
            with.push(k);
        } else {
            without.push(k);
        }
        k += 1;
    }
    let mut inside = String::new();
    push_gaps(&mut inside, with);
    let mut outside = String::from("!");
    push_gaps(&mut outside, without);
    if outside.len() < inside.len() {
        outside
    } else {
        inside
    }
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
        .par_chunks(RUN)
        .zip(body_texts.par_chunks(RUN))
        .enumerate()
        .map(|(i, (records, bodies))| analyse((i * RUN) as u32, records, bodies))
        .collect();

    // Runs are appended in order, so every posting list stays sorted.
    let mut lens: Vec<f32> = Vec::with_capacity(n);
    let mut syllables: FastMap<String, Scored> = FastMap::default();
    let mut pairs: FastMap<String, Vec<u32>> = FastMap::default();
    let mut compounds: FastMap<String, Vec<u32>> = FastMap::default();
    for part in parts {
        lens.extend(part.lens);
        for (t, p) in part.syllables {
            syllables.entry(t).or_default().extend(p);
        }
        for (t, p) in part.pairs {
            pairs.entry(t).or_default().extend(p);
        }
        for (t, p) in part.compounds {
            compounds.entry(t).or_default().extend(p);
        }
    }
    let avg_len = if n == 0 {
        1.0
    } else {
        (lens.iter().map(|l| f64::from(*l)).sum::<f64>() / n as f64).max(1.0)
    };

    let dense = (n / 64).max(64);
    let members: FastMap<&str, Members> = syllables
        .par_iter()
        .map(|(t, p)| {
            let m = if p.len() >= dense {
                let mut bits = vec![0u64; n.div_ceil(64)];
                for (d, ..) in p {
                    bits[*d as usize / 64] |= 1 << (d % 64);
                }
                Members::Bits(bits)
            } else {
                Members::List(p)
            };
            (t.as_str(), m)
        })
        .collect();
    let empty = Scored::new();
    let mut encoded: Vec<(&str, String)> = syllables
        .par_iter()
        .map(|(t, p)| (t.as_str(), encode_scored(p, &lens, avg_len)))
        .collect();
    encoded.par_extend(pairs.par_iter().map(|(t, p)| {
        let (a, b) = t.split_once(' ').unwrap_or((t, t));
        let (pa, pb) = (
            syllables.get(a).unwrap_or(&empty),
            syllables.get(b).unwrap_or(&empty),
        );
        let (small, large) = if pa.len() <= pb.len() {
            (pa, b)
        } else {
            (pb, a)
        };
        let s = members
            .get(large)
            .map(|m| encode_pair(small, m, p))
            .unwrap_or_default();
        (t.as_str(), s)
    }));
    encoded.par_extend(compounds.par_iter().map(|(t, p)| {
        let mut s = String::new();
        push_gaps(&mut s, p.iter().copied());
        (t.as_str(), s)
    }));

    // Terms go to shard `hash % count`, except the few large ones, which are
    // packed, largest first, into the smallest shards and listed in the
    // manifest: without that a shard with two or three of them would be
    // several times the aimed size.
    let size = |t: &str, p: &str| t.len() + p.len() + 6;
    let total: usize = encoded.iter().map(|(t, p)| size(t, p)).sum();
    let shard_count = total.div_ceil(limits.shard).max(1);
    let large = |t: &str, p: &str| shard_count > 1 && size(t, p) > limits.shard / 16;
    let mut shards: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shard_count];
    let mut sizes = vec![0usize; shard_count];
    for (t, p) in encoded.iter().filter(|(t, p)| !large(t, p)) {
        let i = encode::hash(t) as usize % shard_count;
        shards[i].insert(t, p);
        sizes[i] += size(t, p);
    }
    let mut big: Vec<&(&str, String)> = encoded.iter().filter(|(t, p)| large(t, p)).collect();
    big.sort_by(|a, b| size(b.0, &b.1).cmp(&size(a.0, &a.1)).then(a.0.cmp(b.0)));
    let mut placed: BTreeMap<&str, usize> = BTreeMap::new();
    for (t, p) in big {
        let i = (0..shard_count).min_by_key(|&i| (sizes[i], i)).unwrap_or(0);
        shards[i].insert(t, p);
        sizes[i] += size(t, p);
        placed.insert(t, i);
    }

    let mut files = Vec::with_capacity(shard_count + 8);
    for (i, shard) in shards.iter().enumerate() {
        files.push(script(format!("terms-{i}.js"), "terms", i, &shard));
    }

    let metas: Vec<[String; 4]> = ward
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let body = bodies.get(i).map_or("", String::as_str);
            let source = match r.common.summary.as_deref() {
                Some(s) if !s.trim().is_empty() => s.to_string(),
                _ if !body.trim().is_empty() => body.to_string(),
                _ => fields::field_text(r),
            };
            [
                r.id.clone(),
                r.common.title.clone(),
                r.common.published.iso(),
                excerpt(&source, EXCERPT_CHARS),
            ]
        })
        .collect();
    let meta_bytes: usize = metas
        .iter()
        .map(|m| m.iter().map(|s| s.len() + 3).sum::<usize>() + 3)
        .sum();
    let chunk = n.div_ceil(meta_bytes.div_ceil(limits.chunk).max(1)).max(1);
    for (i, part) in metas.chunks(chunk).enumerate() {
        files.push(script(format!("meta-{i}.js"), "meta", i, &part));
    }

    let mut manifest = manifest(ward, shard_count, chunk);
    manifest["placed"] = serde_json::json!(placed);
    files.push(script("manifest.js".into(), "manifest", 0, &manifest));
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
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

/// The first `max` characters of `text`, cut at a word, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = crate::text::collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests;
