//! The search index of a ward, built with the site and read by
//! `assets/search.js`. Every file is a classic script that calls the global
//! `congkhaiIndex(type, number, data)`, so it loads from `file://` as well as
//! over HTTP, and only when a query needs it:
//!
//! - `search/manifest.js`: counts, the facet values of every record;
//! - `search/terms-N.js`: term shards, a term in shard `fnv1a(term) % shards`;
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
/// Levels of the quantised BM25 term part (one letter with the title flag).
const LEVELS: u32 = encode::BASE / 2 - 1;
/// Aimed size of a term shard, in bytes.
const SHARD_TARGET: usize = 96 * 1024;
/// Aimed size of a result-metadata chunk, in bytes.
const CHUNK_TARGET: usize = 40 * 1024;
/// Length of the excerpt a result shows, in characters.
const EXCERPT_CHARS: usize = 180;

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
    /// Pairs and compounds, sorted, without repeats.
    phrases: Vec<String>,
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
    let mut phrases = Vec::new();
    let mut len = 0.0;
    for (i, (text, weight)) in texts.iter().enumerate() {
        let syl = tokens::syllables(text);
        for s in &syl {
            let e = tf.entry(s.text).or_insert((0.0, false));
            e.0 += weight;
            e.1 |= i == 0;
            len += weight;
        }
        phrases.extend(tokens::pairs(&syl));
        phrases.extend(
            tokens::compounds(text, &syl)
                .into_iter()
                .map(str::to_string),
        );
    }
    phrases.sort_unstable();
    phrases.dedup();
    DocTerms {
        syllables: tf
            .into_iter()
            .map(|(k, (f, t))| (k.to_string(), f, t))
            .collect(),
        phrases,
        len,
    }
}

/// Postings of one term while the index is built.
enum Postings {
    /// A syllable: (record, weighted frequency, in title).
    Scored(Vec<(u32, f64, bool)>),
    /// A pair or compound: the records that contain it.
    Present(Vec<u32>),
}

/// Builds the index of a ward. `bodies[i]` is the plain text of the body of
/// `ward.records[i]` (missing ones count as empty).
pub fn ward_index(ward: &Ward, bodies: &[String]) -> Vec<IndexFile> {
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

    let mut terms: HashMap<String, Postings> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        let id = i as u32;
        for (t, f, title) in &d.syllables {
            match terms.get_mut(t.as_str()) {
                Some(Postings::Scored(p)) => p.push((id, *f, *title)),
                Some(Postings::Present(_)) => {}
                None => {
                    terms.insert(t.clone(), Postings::Scored(vec![(id, *f, *title)]));
                }
            }
        }
        for t in &d.phrases {
            match terms.get_mut(t.as_str()) {
                Some(Postings::Present(p)) => p.push(id),
                Some(Postings::Scored(_)) => {}
                None => {
                    terms.insert(t.clone(), Postings::Present(vec![id]));
                }
            }
        }
    }

    let encoded: Vec<(String, String)> = terms
        .into_par_iter()
        .map(|(term, postings)| {
            let mut s = String::new();
            let mut prev: i64 = -1;
            let mut delta = |s: &mut String, id: u32| {
                encode::push_number(s, (i64::from(id) - prev - 1) as u32);
                prev = i64::from(id);
            };
            match postings {
                Postings::Scored(p) => {
                    for (id, f, title) in p {
                        delta(&mut s, id);
                        let norm = K1 * (1.0 - B + B * docs[id as usize].len / avg_len);
                        let part = f * (K1 + 1.0) / (f + norm);
                        let level = ((part / (K1 + 1.0) * f64::from(LEVELS)).round() as u32)
                            .clamp(1, LEVELS);
                        s.push(encode::letter(if title {
                            level + encode::BASE / 2
                        } else {
                            level
                        }));
                    }
                }
                Postings::Present(p) => {
                    for id in p {
                        delta(&mut s, id);
                    }
                }
            }
            (term, s)
        })
        .collect();

    let total: usize = encoded.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let shard_count = total.div_ceil(SHARD_TARGET).max(1);
    let mut shards: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shard_count];
    for (t, p) in &encoded {
        shards[encode::hash(t) as usize % shard_count].insert(t, p);
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
    let chunk = n.div_ceil(meta_bytes.div_ceil(CHUNK_TARGET).max(1)).max(1);
    for (i, part) in metas.chunks(chunk).enumerate() {
        files.push(script(format!("meta-{i}.js"), "meta", i, &part));
    }

    let mut years: Vec<i32> = ward.records.iter().map(|r| r.year()).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut facets = String::with_capacity(n * 4);
    for r in &ward.records {
        let kind = Kind::ALL.iter().position(|k| *k == r.kind).unwrap_or(0);
        let year = years.iter().position(|y| *y == r.year()).unwrap_or(0);
        let status = STATUSES.iter().position(|s| *s == r.status).unwrap_or(0);
        for v in [kind, year, usize::from(r.common.disclosure_item), status] {
            facets.push(encode::letter((v as u32).min(encode::BASE - 1)));
        }
    }
    let manifest = serde_json::json!({
        "version": 1,
        "docs": n,
        "shards": shard_count,
        "chunk": chunk,
        "kinds": Kind::ALL.iter().map(|k| k.slug()).collect::<Vec<_>>(),
        "years": years,
        "statuses": STATUSES.iter().map(|s| status_slug(*s)).collect::<Vec<_>>(),
        "facets": facets,
    });
    files.push(script("manifest.js".into(), "manifest", 0, &manifest));
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
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
