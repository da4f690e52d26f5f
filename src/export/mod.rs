//! Export stage: the data behind the pages, for people and programs that
//! want the data itself. Beside each record page its JSON and a CSV per
//! table; per ward every record in one JSON, one CSV per kind and per table
//! kind, a Frictionless Data Package, Atom feeds and a DCAT catalogue; for
//! the portal a catalogue, and with `base_url` a sitemap and robots.txt.
//!
//! Everything is derived from the linked model through serde (see [`json`]
//! and [`csv`]), so a new kind or field comes through without code here, and
//! personal names are exactly as masked by the link stage for the pages.

pub mod bundle;
pub mod csv;
pub mod datapackage;
pub mod dcat;
pub mod feed;
pub mod hash;
pub mod json;
pub mod ld;
pub mod record;
pub mod sitemap;

use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Record, Site, Ward};
use crate::render::{Output, Sink};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The folder of a ward's data files.
pub const DATA_DIR: &str = "data";

/// Path of a record's JSON file inside its ward folder.
pub fn record_json_path(r: &Record) -> String {
    cat(&[r.kind.slug(), "/", &r.id, ".json"])
}

/// Path of a record's CSV for the table at `table` inside its ward folder.
pub fn record_csv_path(r: &Record, table: &str) -> String {
    cat(&[r.kind.slug(), "/", &r.id, ".", table, ".csv"])
}

/// Texts put end to end, with the room known at once (paths of files: one
/// or more for every record).
fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| s.push_str(p));
    s
}

/// Name of a ward-wide CSV (and of its resource in the Data Package): the
/// kind for the records themselves, `kind.table` for a table.
pub fn table_name(kind: Kind, table: Option<&str>) -> String {
    match table {
        Some(t) => format!("{}.{t}", kind.slug()),
        None => kind.slug().to_string(),
    }
}

/// The paths of a record's tables, in field order.
pub fn record_tables(ward: &Ward, r: &Record) -> Vec<String> {
    record::table_paths(ward, r)
}

/// The record page's links to its data files (`JSON, CSV (receipts)…`),
/// relative to the page, as HTML; `tables` from [`record_tables`].
pub fn record_links_html(r: &Record, tables: &[String]) -> String {
    let id = attr(&r.id);
    let mut out = format!(r#"<a href="{id}.json" type="application/json">JSON</a>"#);
    for t in tables {
        let t = attr(t);
        out.push_str(&format!(
            r#", <a href="{id}.{t}.csv" type="text/csv">CSV ({t})</a>"#
        ));
    }
    out
}

/// Where the ward home puts the link to the offline bundle
/// ([`bundle::run`] fills it in).
pub const BUNDLE_MARK: &str = "<!--congkhai:bundle-->";

/// The ward home's links to the ward's data, as HTML.
pub fn ward_links_html(_w: &Ward) -> String {
    format!(
        concat!(
            r#"<a href="{d}/records.json" type="application/json">JSON</a>"#,
            r#" · <a href="{d}/datapackage.json" type="application/json">CSV (Data Package)</a>"#,
            r#" · <a href="catalog.jsonld" type="application/ld+json">DCAT</a>"#,
            r#" · <a href="feed.atom" type="application/atom+xml">Atom</a>{m}"#
        ),
        d = DATA_DIR,
        m = BUNDLE_MARK
    )
}

/// Escapes text for an HTML attribute or element.
pub(crate) fn attr(s: &str) -> String {
    if !s
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hash::hex(&Sha256::digest(bytes))
}

/// Where links to `path` (from the output root) point: absolute under
/// `base_url` when it is set, else `relative` (the same path seen from the
/// file that links).
pub fn href(site: &Site, path: &str, relative: String) -> String {
    match site.config.base_url.as_deref() {
        Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
        None => relative,
    }
}

/// A CSV written for a ward, with what its Data Package entry needs.
pub struct WardTable {
    /// Resource name (`fund.receipts`).
    pub name: String,
    /// The kind of the records.
    pub kind: Kind,
    /// The table's path in the record, `None` for the records themselves.
    pub table: Option<String>,
    /// Column names, leading key columns included.
    pub columns: Vec<String>,
    /// Per column, what its cells held.
    pub stats: Vec<csv::ColumnStats>,
    /// Rows.
    pub rows: usize,
    /// The file's size in bytes (the file is written as soon as it is made).
    pub size: u64,
    /// Its SHA-256.
    pub sha256: String,
}

impl WardTable {
    /// File name inside the ward's data folder.
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }
}

/// Writes every export file of the site through `sink`; with `base_url`,
/// the sitemap lists `pages` (from the output root: what the render wrote,
/// see [`sitemap::Written`]).
pub fn write_to(site: &Site, pages: &[String], sink: &Sink) -> Result<(), Vec<Diagnostic>> {
    write_some(site, &|_| true, pages, sink)
}

/// Writes the export files of the wards `wanted` keeps and the portal's
/// through `sink` (`serve` makes again only the wards a change affects);
/// the sitemap lists `pages`.
pub fn write_some(
    site: &Site,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    pages: &[String],
    sink: &Sink,
) -> Result<(), Vec<Diagnostic>> {
    let mut diags = write_wards(site, wanted, sink).err().unwrap_or_default();
    if let Err(d) = write_portal(site, pages, sink) {
        diags.extend(d);
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// Writes the export files of the wards `wanted` keeps through `sink`,
/// and nothing of the portal's.
pub fn write_wards(
    site: &Site,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &Sink,
) -> Result<(), Vec<Diagnostic>> {
    let diags: Vec<Diagnostic> = site
        .wards
        .par_iter()
        .filter(|w| wanted(&w.slug))
        .flat_map(|w| match ward(site, w, sink) {
            Ok(()) => Vec::new(),
            Err(d) => vec![d],
        })
        .collect();
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// Writes the portal's export files through `sink`: its catalogue and, with
/// `base_url`, the sitemap of `pages` (from the output root) and robots.txt.
pub fn write_portal(site: &Site, pages: &[String], sink: &Sink) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut emit = |path: &str, bytes: Vec<u8>| {
        if let Err(d) = sink(Output::Bytes(PathBuf::from(path), bytes)) {
            diags.push(d);
        }
    };
    emit("catalog.jsonld", dcat::portal(site));
    if site.config.base_url.is_some() {
        emit("sitemap.xml", sitemap::sitemap_of(site, pages));
        emit("robots.txt", sitemap::robots(site));
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// Records whose data are made together (in parallel) before they are added
/// to the ward's files in their order: the ward holds their rows, cells and
/// JSON files only for so many records at a time.
const CHUNK: usize = 512;

/// A ward's CSVs being put together: per kind, its records' (`None` until a
/// record of the kind is met) and, per table path in the order first met,
/// its tables'.
type KindCsvs = Vec<Option<(csv::WardCsv, Vec<(String, csv::WardCsv)>)>>;

/// The export files of one ward. The records are gone through in chunks of
/// [`CHUNK`]: each record's data made, its JSON and CSV files written and
/// let go, its JSON copied into `records.json` and its lines into the
/// ward's CSVs; then those are written. What the ward holds at most is its
/// `records.json` and the lines of its CSVs, once each.
fn ward(site: &Site, w: &Ward, sink: &Sink) -> Result<(), Diagnostic> {
    // Each file's path made in one piece, from the ward's folder.
    let emit = |path: &[&str], bytes: Vec<u8>| {
        let mut full =
            String::with_capacity(w.slug.len() + 1 + path.iter().map(|p| p.len()).sum::<usize>());
        full.push_str(&w.slug);
        full.push('/');
        path.iter().for_each(|p| full.push_str(p));
        sink(Output::Bytes(PathBuf::from(full), bytes))
    };
    let mut all = hash::Hashed::with_capacity(1024);
    all.extend(br#"{"schema_version":"#);
    all.extend(json::SCHEMA_VERSION.to_string().as_bytes());
    all.extend(br#","ward":"#);
    all.extend(&serde_json::to_vec(&w.profile).unwrap_or_else(|_| b"null".to_vec()));
    all.extend(br#","records":["#);
    let mut kinds: KindCsvs = Kind::ALL.iter().map(|_| None).collect();
    for (c, chunk) in w.records.chunks(CHUNK).enumerate() {
        // Each record serialised once; its CSV files written at once.
        type Made = (Vec<u8>, (csv::Piece, Vec<(String, csv::Piece)>));
        let (jsons, pieces): (Vec<Vec<u8>>, Vec<_>) = chunk
            .par_iter()
            .map(|r| -> Result<Made, Diagnostic> {
                let d = record::data(w, r);
                let own = csv::record_fields(&d.flat.fields);
                let mut tables = Vec::with_capacity(d.flat.tables.len());
                for t in d.flat.tables {
                    let (file, piece) = csv::record_table(&t.rows, &r.id);
                    emit(&[&record_csv_path(r, &t.path)], file)?;
                    tables.push((t.path, piece));
                }
                Ok((d.json, (own, tables)))
            })
            .collect::<Result<Vec<_>, Diagnostic>>()?
            .into_iter()
            .unzip();
        for (i, bytes) in jsons.iter().enumerate() {
            if c > 0 || i > 0 {
                all.bytes().push(b',');
            }
            all.extend(bytes);
        }
        for (r, (own, tables)) in chunk.iter().zip(pieces) {
            let Some(k) = Kind::ALL.iter().position(|&k| k == r.kind) else {
                continue;
            };
            let (mine, theirs) =
                kinds[k].get_or_insert_with(|| (csv::WardCsv::new(false), Vec::new()));
            mine.add(own);
            for (path, piece) in tables {
                let i = match theirs.iter().position(|(p, _)| *p == path) {
                    Some(i) => i,
                    None => {
                        theirs.push((path, csv::WardCsv::new(true)));
                        theirs.len() - 1
                    }
                };
                theirs[i].1.add(piece);
            }
        }
        if c == 0 && chunk.len() < w.records.len() {
            // Room for the whole ward at the first chunk's rate, so that the
            // buffers are seldom grown (and copied).
            let rest = |n: usize| n / chunk.len() * (w.records.len() - chunk.len()) + 1024;
            let more = rest(all.bytes().len());
            all.bytes().reserve(more);
            for (mine, theirs) in kinds.iter_mut().flatten() {
                mine.reserve(rest(mine.len()));
                theirs
                    .iter_mut()
                    .for_each(|(_, t)| t.reserve(rest(t.len())));
            }
        }
        chunk
            .par_iter()
            .zip(jsons)
            .try_for_each(|(r, bytes)| emit(&[&record_json_path(r)], bytes))?;
    }
    all.extend(b"]}\n");
    let (all, all_hash) = all.finish();
    let all_bytes = all.len() as u64;
    emit(&[DATA_DIR, "/records.json"], all)?;

    let tables = ward_tables(kinds, &emit)?;
    emit(
        &[DATA_DIR, "/datapackage.json"],
        datapackage::package(site, w, &tables),
    )?;
    emit(
        &["catalog.jsonld"],
        dcat::ward(site, w, &tables, (all_bytes, &all_hash)),
    )?;
    let entries = feed::entries(site, w);
    emit(&["feed.atom"], feed::feed_of(site, w, None, &entries))?;
    for kind in Kind::ALL {
        emit(
            &[kind.slug(), "/feed.atom"],
            feed::feed_of(site, w, Some(kind), &entries),
        )?;
    }
    Ok(())
}

/// Writes a file of a ward: its path inside the ward's folder, in pieces.
type Emit<'e> = dyn Fn(&[&str], Vec<u8>) -> Result<(), Diagnostic> + Sync + 'e;

/// Writes the ward's CSVs (per kind one of its records, per table kind one
/// across its records, each row led by the record's id) through `emit`, in
/// parallel, each let go once written; returns what the Data Package and
/// the catalogue say of them, per kind its records' first, then its tables'
/// in the order their paths were first met.
fn ward_tables(kinds: KindCsvs, emit: &Emit) -> Result<Vec<WardTable>, Diagnostic> {
    let mut jobs: Vec<(Kind, Option<String>, csv::WardCsv)> = Vec::new();
    for (kind, found) in Kind::ALL.into_iter().zip(kinds) {
        if let Some((own, tables)) = found {
            jobs.push((kind, None, own));
            jobs.extend(tables.into_iter().map(|(p, t)| (kind, Some(p), t)));
        }
    }
    jobs.into_par_iter()
        .map(|(kind, path, table)| {
            let (columns, written) = table.finish();
            let t = WardTable {
                name: table_name(kind, path.as_deref()),
                kind,
                table: path,
                columns,
                stats: written.stats,
                rows: written.rows,
                size: written.bytes.len() as u64,
                sha256: written.sha256,
            };
            emit(&[DATA_DIR, "/", &t.file_name()], written.bytes)?;
            Ok(t)
        })
        .collect()
}

/// Records of a ward by kind, newest first, as feeds and catalogues list them.
pub fn newest_first(w: &Ward, kind: Option<Kind>) -> Vec<&Record> {
    let mut v: Vec<&Record> = w
        .records
        .iter()
        .map(|r| &**r)
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .collect();
    v.sort_by(|a, b| (b.common.published, &a.id).cmp(&(a.common.published, &b.id)));
    v
}
