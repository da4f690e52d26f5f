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

mod analyse;
pub mod encode;
pub mod fields;
mod numbers;
pub mod tokens;

use analyse::{analyse, Part, Posting};

use crate::model::{Kind, Record, Status, Ward};
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

/// A fast hasher for the short keys of the index: FxHash's mixing step, and
/// a final rotation so that the low bits, which pick the bucket, depend on
/// every bit of the key (a pair of syllable numbers differs in its high half).
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
        self.0.rotate_left(26)
    }
}

/// A map keyed by the index's terms.
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Items grouped by term number, each group in the order given.
struct Grouped<T> {
    /// Where the group of each number starts in `items`, and the end.
    starts: Vec<usize>,
    /// The items, group after group.
    items: Vec<T>,
}

impl<T> Grouped<T> {
    /// The items of number `id`.
    fn get(&self, id: usize) -> &[T] {
        &self.items[self.starts[id]..self.starts[id + 1]]
    }
}

impl Grouped<u32> {
    /// Groups the records of each part's pairs, given as bit sets and
    /// renumbered by the part's map into numbers below `count`.
    fn from_bits(count: usize, parts: &[Part], maps: &[Vec<u32>]) -> Self {
        let mut starts = vec![0usize; count + 1];
        for (p, map) in parts.iter().zip(maps) {
            for &(id, _, records) in &p.pair_records {
                starts[map[id as usize] as usize + 1] += records.count_ones() as usize;
            }
        }
        for i in 0..count {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; starts[count]];
        for (p, map) in parts.iter().zip(maps) {
            for &(id, block, records) in &p.pair_records {
                let slot = &mut next[map[id as usize] as usize];
                let first = p.first + block * 64;
                let mut rest = records;
                while rest != 0 {
                    items[*slot] = first + rest.trailing_zeros();
                    *slot += 1;
                    rest &= rest - 1;
                }
            }
        }
        Grouped { starts, items }
    }
}

/// Numbers the names of every part across the ward: the ward-wide names, and
/// per part the ward-wide number of each of its own.
fn number<'a>(parts: impl Iterator<Item = &'a [Box<str>]>) -> (Vec<&'a str>, Vec<Vec<u32>>) {
    let mut ids: FastMap<&str, u32> = FastMap::default();
    let mut names: Vec<&str> = Vec::new();
    let maps = parts
        .map(|own| {
            own.iter()
                .map(|name| {
                    *ids.entry(name).or_insert_with(|| {
                        names.push(name);
                        names.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    (names, maps)
}

/// Each part's lists, by ward-wide number (the parts' maps), appended in
/// the parts' order.
fn concatenate<T>(count: usize, parts: Vec<Vec<Vec<T>>>, maps: &[Vec<u32>]) -> Vec<Vec<T>> {
    let mut all: Vec<Vec<T>> = (0..count).map(|_| Vec::new()).collect();
    for (lists, map) in parts.into_iter().zip(maps) {
        for (list, id) in lists.into_iter().zip(map) {
            let to = &mut all[*id as usize];
            if to.is_empty() {
                *to = list;
            } else {
                to.extend(list);
            }
        }
    }
    all
}

/// The encodings of `count` terms, made in parallel by `encode(i, out,
/// scratch)` appending term `i`'s to `out` (`scratch` is free room): a few
/// buffers, and where each term ends.
fn encode_terms(
    count: usize,
    encode: impl Fn(usize, &mut Vec<u8>, &mut Vec<u8>) + Sync,
) -> Vec<(Vec<u8>, Vec<usize>)> {
    const TERMS: usize = 1024;
    (0..count.div_ceil(TERMS))
        .into_par_iter()
        .map(|c| {
            let (mut out, mut ends, mut scratch) = (Vec::new(), Vec::new(), Vec::new());
            for i in c * TERMS..(count.min((c + 1) * TERMS)) {
                encode(i, &mut out, &mut scratch);
                ends.push(out.len());
            }
            (out, ends)
        })
        .collect()
}

/// The encoding of each term, from [`encode_terms`].
fn codes(buffers: &[(Vec<u8>, Vec<usize>)]) -> impl Iterator<Item = &[u8]> {
    buffers.iter().flat_map(|(out, ends)| {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts.zip(ends).map(|(start, &end)| &out[start..end])
    })
}

/// Appends increasing numbers as gaps (`n - previous - 1`, the first from -1).
fn push_gaps(out: &mut Vec<u8>, numbers: impl IntoIterator<Item = u32>) {
    let mut prev: i64 = -1;
    for n in numbers {
        encode::push_number(out, (i64::from(n) - prev - 1) as u32);
        prev = i64::from(n);
    }
}

/// A syllable's postings: per record, its gap and one letter for the BM25
/// term part (1–15, plus 16 when the syllable is in the title).
/// Appended to `s`. `norms[d]` is the BM25 length normalisation of record
/// `d`, `levels[d]` its letter for the frequencies below [`COMMON_TF`].
fn encode_scored(p: &[Posting], norms: &[f64], levels: &[[u8; COMMON_TF]], s: &mut Vec<u8>) {
    let mut prev: i64 = -1;
    for &(id, f, title) in p {
        encode::push_number(s, (i64::from(id) - prev - 1) as u32);
        prev = i64::from(id);
        // Frequencies are sums of weights, all multiples of a half.
        let half = (2.0 * f) as usize;
        let level = match levels[id as usize].get(half) {
            Some(level) if half as f32 == 2.0 * f => u32::from(*level),
            _ => bm25_level(f64::from(f), norms[id as usize]),
        };
        s.push(encode::letter_byte(
            level + if title { TITLE_FLAG } else { 0 },
        ));
    }
}

/// Weighted frequencies, in halves, whose BM25 levels are worked out once
/// per record.
const COMMON_TF: usize = 32;

/// The BM25 term part of weighted frequency `f` in a record of length
/// normalisation `norm`, quantised to 1–15.
fn bm25_level(f: f64, norm: f64) -> u32 {
    let part = f * (K1 + 1.0) / (f + norm);
    ((part / (K1 + 1.0) * f64::from(LEVELS)).round() as u32).clamp(1, LEVELS)
}

/// The records of a syllable, for pairs: a bit set when it is common, so
/// that a pair of two common syllables costs a few words, not a search.
enum Members<'a> {
    /// Sorted postings, searched.
    List(&'a [Posting]),
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
/// a `!` and a few letters. Appended to `out`; `outside` is room to write
/// the second form.
fn encode_pair(
    a: &Members,
    b: &Members,
    present: &[u32],
    out: &mut Vec<u8>,
    outside: &mut Vec<u8>,
) {
    let (small, large) = match (a, b) {
        (Members::Bits(a), Members::Bits(b)) => {
            return encode_pair_bits(a, b, present, out, outside)
        }
        (Members::List(small), large) | (large, Members::List(small)) => (small, large),
    };
    let start = out.len();
    outside.clear();
    outside.push(b'!');
    let (mut with, mut without) = (-1i64, -1i64);
    let mut next = present.iter().peekable();
    for (k, &(d, ..)) in small.iter().filter(|p| large.contains(p.0)).enumerate() {
        let k = k as i64;
        if next.peek() == Some(&&d) {
            next.next();
            encode::push_number(out, (k - with - 1) as u32);
            with = k;
        } else {
            encode::push_number(outside, (k - without - 1) as u32);
            without = k;
        }
    }
    if outside.len() < out.len() - start {
        out.truncate(start);
        out.extend_from_slice(outside);
    }
}

/// [`encode_pair`] for two common syllables: the records holding both are
/// the bits of `a & b`, a record's position among them is a count of bits.
fn encode_pair_bits(
    a: &[u64],
    b: &[u64],
    present: &[u32],
    out: &mut Vec<u8>,
    outside: &mut Vec<u8>,
) {
    let both = |w: usize| a[w] & b[w];
    let below = |bit: u32| (1u64 << bit) - 1;
    let start = out.len();
    let mut prev: i64 = -1;
    let (mut w, mut base) = (0, 0u32);
    for &d in present {
        while w < d as usize / 64 {
            base += both(w).count_ones();
            w += 1;
        }
        let k = base + (both(w) & below(d % 64)).count_ones();
        encode::push_number(out, (i64::from(k) - prev - 1) as u32);
        prev = i64::from(k);
    }
    let inside = out.len() - start;
    let total = base + (w..a.len()).map(|w| both(w).count_ones()).sum::<u32>();
    // The other list costs `!` and at least a letter per record: when that
    // is not shorter, it need not be written.
    let missing = total as usize - present.len();
    if 1 + missing >= inside {
        return;
    }
    outside.clear();
    outside.push(b'!');
    let mut prev: i64 = -1;
    let mut next = present.iter().peekable();
    let mut base = 0u32;
    for w in 0..a.len() {
        let mut held = 0u64;
        while let Some(&&d) = next.peek() {
            if d as usize / 64 != w {
                break;
            }
            held |= 1 << (d % 64);
            next.next();
        }
        let mut rest = both(w) & !held;
        while rest != 0 {
            let k = base + (both(w) & below(rest.trailing_zeros())).count_ones();
            encode::push_number(outside, (i64::from(k) - prev - 1) as u32);
            prev = i64::from(k);
            rest &= rest - 1;
        }
        base += both(w).count_ones();
    }
    if outside.len() < inside {
        out.truncate(start);
        out.extend_from_slice(outside);
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
    let mut parts: Vec<Part> = ward
        .records
        .par_chunks(limits.run)
        .zip(body_texts.par_chunks(limits.run))
        .enumerate()
        .map(|(i, (records, bodies))| analyse((i * limits.run) as u32, records, bodies))
        .collect();

    // Terms are numbered across the ward; runs come in record order, so every
    // group of hits is sorted by record.
    let lens: Vec<f32> = parts.iter().flat_map(|p| p.lens.iter().copied()).collect();
    let (syllable_lists, compound_lists): (Vec<_>, Vec<_>) = (parts.iter_mut())
        .map(|p| {
            let syllables = std::mem::take(&mut p.syllable_postings);
            (syllables, std::mem::take(&mut p.compound_records))
        })
        .unzip();
    let (syllables, syllable_maps) = number(parts.iter().map(|p| p.syllables.as_slice()));
    let (compounds, compound_maps) = number(parts.iter().map(|p| p.compounds.as_slice()));
    let mut pair_ids: FastMap<u64, u32> = FastMap::default();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let pair_maps: Vec<Vec<u32>> = parts
        .iter()
        .zip(&syllable_maps)
        .map(|(p, map)| {
            p.pairs
                .iter()
                .map(|&(a, b)| {
                    let (a, b) = (map[a as usize], map[b as usize]);
                    *pair_ids
                        .entry(u64::from(a) << 32 | u64::from(b))
                        .or_insert_with(|| {
                            pairs.push((a, b));
                            pairs.len() as u32 - 1
                        })
                })
                .collect()
        })
        .collect();
    let syllable_postings = concatenate(syllables.len(), syllable_lists, &syllable_maps);
    let pair_postings = Grouped::from_bits(pairs.len(), &parts, &pair_maps);
    let compound_postings = concatenate(compounds.len(), compound_lists, &compound_maps);
    let avg_len = if n == 0 {
        1.0
    } else {
        (lens.iter().map(|l| f64::from(*l)).sum::<f64>() / n as f64).max(1.0)
    };

    let norms: Vec<f64> = (lens.iter())
        .map(|l| K1 * (1.0 - B + B * f64::from(*l) / avg_len))
        .collect();
    let levels: Vec<[u8; COMMON_TF]> = (norms.iter())
        .map(|norm| std::array::from_fn(|half| bm25_level(half as f64 / 2.0, *norm) as u8))
        .collect();
    let dense = (n / 64).max(64);
    let members: Vec<Members> = (0..syllables.len())
        .into_par_iter()
        .map(|i| {
            let p = &syllable_postings[i];
            if p.len() >= dense {
                let mut bits = vec![0u64; n.div_ceil(64)];
                for (d, ..) in p {
                    bits[*d as usize / 64] |= 1 << (d % 64);
                }
                Members::Bits(bits)
            } else {
                Members::List(p)
            }
        })
        .collect();
    let mut pair_names = String::new();
    let mut pair_ends = Vec::with_capacity(pairs.len());
    for &(a, b) in &pairs {
        pair_names.push_str(syllables[a as usize]);
        pair_names.push(' ');
        pair_names.push_str(syllables[b as usize]);
        pair_ends.push(pair_names.len());
    }
    let pair_name = |i: usize| &pair_names[if i == 0 { 0 } else { pair_ends[i - 1] }..pair_ends[i]];
    let syllable_codes = encode_terms(syllables.len(), |i, out, _| {
        encode_scored(&syllable_postings[i], &norms, &levels, out);
    });
    let pair_codes = encode_terms(pairs.len(), |i, out, outside| {
        let (a, b) = pairs[i];
        let (a, b) = (&members[a as usize], &members[b as usize]);
        encode_pair(a, b, pair_postings.get(i), out, outside);
    });
    let compound_codes = encode_terms(compounds.len(), |i, out, _| {
        push_gaps(out, compound_postings[i].iter().copied());
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
    let size = |t: &str, p: &[u8]| t.len() + p.len() + 6;
    let total: usize = encoded.iter().map(|(t, p)| size(t, p)).sum();
    let shard_count = total.div_ceil(limits.shard).max(1);
    let large = |t: &str, p: &[u8]| shard_count > 1 && size(t, p) > limits.shard / 16;
    let mut shards: Vec<Vec<(&str, &[u8])>> = vec![Vec::new(); shard_count];
    let mut sizes = vec![0usize; shard_count];
    for (t, p) in encoded.iter().filter(|(t, p)| !large(t, p)) {
        let i = encode::hash(t) as usize % shard_count;
        shards[i].push((t, p));
        sizes[i] += size(t, p);
    }
    let mut big: Vec<&(&str, &[u8])> = encoded.iter().filter(|(t, p)| large(t, p)).collect();
    big.sort_by(|a, b| size(b.0, b.1).cmp(&size(a.0, a.1)).then(a.0.cmp(b.0)));
    let mut placed: BTreeMap<&str, usize> = BTreeMap::new();
    for (t, p) in big {
        let i = (0..shard_count).min_by_key(|&i| (sizes[i], i)).unwrap_or(0);
        shards[i].push((t, p));
        sizes[i] += size(t, p);
        placed.insert(t, i);
    }

    let mut files = Vec::with_capacity(shard_count + 8);
    for (i, mut shard) in shards.into_iter().enumerate() {
        shard.sort_unstable_by(|a, b| a.0.cmp(b.0));
        files.push(terms_script(i, &shard));
    }

    let metas: Vec<(&str, &str, String, String)> = ward
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let body = bodies.get(i).map_or("", String::as_str);
            let fields;
            let source = match r.common.summary.as_deref() {
                Some(s) if !s.trim().is_empty() => s,
                _ if !body.trim().is_empty() => body,
                _ => {
                    fields = fields::field_text(r);
                    &fields
                }
            };
            (
                r.id.as_str(),
                r.common.title.as_str(),
                r.common.published.iso(),
                excerpt(source, EXCERPT_CHARS),
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

    let mut manifest = manifest(ward, shard_count, chunk);
    manifest["placed"] = serde_json::json!(placed);
    files.push(script("manifest.js".into(), "manifest", 0, &manifest));
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// A term shard: `{"term":"postings",…}`, terms sorted, as `serde_json`
/// writes a map.
fn terms_script(number: usize, terms: &[(&str, &[u8])]) -> IndexFile {
    let len: usize = terms.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let mut out = Vec::with_capacity(len + 40);
    out.extend_from_slice(format!("congkhaiIndex(\"terms\",{number},{{").as_bytes());
    for (i, (t, p)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_string(&mut out, t);
        out.push(b':');
        // Postings are letters of the alphabet and `!`: nothing to escape.
        out.push(b'"');
        out.extend_from_slice(p);
        out.push(b'"');
    }
    out.extend_from_slice(b"});\n");
    IndexFile {
        name: format!("terms-{number}.js"),
        bytes: out,
    }
}

/// A result-metadata chunk: `[["id","title","date","excerpt"],…]`, as
/// `serde_json` writes it.
fn meta_script(number: usize, metas: &[(&str, &str, String, String)]) -> IndexFile {
    let mut out = format!("congkhaiIndex(\"meta\",{number},[").into_bytes();
    for (i, (id, title, date, excerpt)) in metas.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        for (k, s) in [*id, *title, date, excerpt].into_iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            push_json_string(&mut out, s);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]);\n");
    IndexFile {
        name: format!("meta-{number}.js"),
        bytes: out,
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it.
fn push_json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        // Terms: letters, digits and connectors.
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    for &b in s.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            0..=0x1f => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
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

/// The first `max` characters of `text` with its whitespace collapsed (as
/// [`crate::text::collapse_whitespace`]), cut at a word, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    // Collapse only as far as the cut needs: `max + 1` characters tell.
    let mut collapsed = String::with_capacity(2 * max);
    let (mut chars, mut at_max) = (0, 0);
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !collapsed.is_empty();
            continue;
        }
        let one_space = std::mem::take(&mut space).then_some(' ');
        for c in one_space.into_iter().chain([c]) {
            collapsed.push(c);
            chars += 1;
            if chars == max {
                at_max = collapsed.len();
            }
        }
        if chars > max {
            break;
        }
    }
    if chars <= max {
        return collapsed;
    }
    let cut = &collapsed[..at_max];
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests;
