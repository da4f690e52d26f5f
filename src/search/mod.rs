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
const TITLE_WEIGHT: f64 = 3.0;
/// Weight of a syllable in the searchable fields (identifiers, project…).
const FIELD_WEIGHT: f64 = 1.5;
/// Weight of a syllable in the body.
const BODY_WEIGHT: f64 = 1.0;
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

/// What one record contributes to the index.
struct DocTerms {
    /// Folded syllable → weighted frequency and whether it is in the title.
    syllables: Vec<(String, f64, bool)>,
    /// Adjacent pairs, sorted, without repeats.
    pairs: Vec<String>,
    /// Identifier compounds, sorted, without repeats.
    compounds: Vec<String>,
    /// Weighted length.
    len: f64,
}

fn analyse(r: &Record, body: &str) -> DocTerms {
    let texts = [
        (fold(&r.common.title), TITLE_WEIGHT),
        (fold(&fields::field_text(r)), FIELD_WEIGHT),
        (fold(body), BODY_WEIGHT),
    ];
    let mut tf: HashMap<&str, (f64, bool)> = HashMap::new();
    let mut pairs = Vec::new();
    let mut compounds = Vec::new();
    let mut len = 0.0;
    for (i, (text, weight)) in texts.iter().enumerate() {
        let syl = tokens::syllables(text);
        for s in &syl {
            let e = tf.entry(s.text).or_insert((0.0, false));
            e.0 += weight;
            e.1 |= i == 0;
            len += weight;
        }
        pairs.extend(tokens::pairs(&syl));
        compounds.extend(
            tokens::compounds(text, &syl)
                .into_iter()
                .map(str::to_string),
        );
    }
    for v in [&mut pairs, &mut compounds] {
        v.sort_unstable();
        v.dedup();
    }
    DocTerms {
        syllables: tf
            .into_iter()
            .map(|(k, (f, t))| (k.to_string(), f, t))
            .collect(),
        pairs,
        compounds,
        len,
    }
}

/// A syllable's postings: (record, weighted frequency, in title), by record.
type Scored = Vec<(u32, f64, bool)>;

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
fn encode_scored(p: &Scored, docs: &[DocTerms], avg_len: f64) -> String {
    let mut s = String::with_capacity(p.len() * 2);
    let mut prev: i64 = -1;
    for &(id, f, title) in p {
        encode::push_number(&mut s, (i64::from(id) - prev - 1) as u32);
        prev = i64::from(id);
        let norm = K1 * (1.0 - B + B * docs[id as usize].len / avg_len);
        let part = f * (K1 + 1.0) / (f + norm);
        let level = ((part / (K1 + 1.0) * f64::from(LEVELS)).round() as u32).clamp(1, LEVELS);
        s.push(encode::letter(level + if title { TITLE_FLAG } else { 0 }));
    }
    s
}

/// A pair's postings, relative to the records that hold both its syllables
/// (which the browser has decoded anyway): the positions, in that list, of
/// the records that hold the pair, or, after `!`, of those that do not,
/// whichever is shorter. Most common pairs ("uy ban", "dan chu") are then
/// a `!` and a few letters.
fn encode_pair(a: &Scored, b: &Scored, present: &[u32]) -> String {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut with = Vec::new();
    let mut without = Vec::new();
    let mut k = 0u32;
    let mut next = present.iter().peekable();
    for &(d, ..) in small {
        if large.binary_search_by_key(&d, |p| p.0).is_err() {
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
    let docs: Vec<DocTerms> = ward
        .records
        .par_iter()
        .enumerate()
        .map(|(i, r)| analyse(r, bodies.get(i).map_or("", String::as_str)))
        .collect();
    let n = docs.len();
    let avg_len = if n == 0 {
        1.0
    } else {
        (docs.iter().map(|d| d.len).sum::<f64>() / n as f64).max(1.0)
    };

    let mut syllables: HashMap<&str, Scored> = HashMap::new();
    let mut pairs: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut compounds: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        let id = i as u32;
        for (t, f, title) in &d.syllables {
            syllables.entry(t).or_default().push((id, *f, *title));
        }
        for t in &d.pairs {
            pairs.entry(t).or_default().push(id);
        }
        for t in &d.compounds {
            compounds.entry(t).or_default().push(id);
        }
    }

    let empty = Scored::new();
    let mut encoded: Vec<(&str, String)> = syllables
        .par_iter()
        .map(|(t, p)| (*t, encode_scored(p, &docs, avg_len)))
        .collect();
    encoded.par_extend(pairs.par_iter().map(|(t, p)| {
        let (a, b) = t.split_once(' ').unwrap_or((t, t));
        let of = |s: &str| syllables.get(s).unwrap_or(&empty);
        (*t, encode_pair(of(a), of(b), p))
    }));
    encoded.par_extend(compounds.par_iter().map(|(t, p)| {
        let mut s = String::new();
        push_gaps(&mut s, p.iter().copied());
        (*t, s)
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
