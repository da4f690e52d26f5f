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
use csv::{Columns, Flat, RecordCsv, Row};
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
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Their SHA-256.
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

/// A record's tables: their rows, and their CSVs as written.
type Tables = (Flat<'static>, Vec<RecordCsv>);

/// The export files of one ward.
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
    // Each record serialised once, its CSVs written at once; its JSON, its
    // tables' rows and their CSVs kept for the ward's files.
    let (jsons, flats): (Vec<Vec<u8>>, Vec<Tables>) = w
        .records
        .par_iter()
        .map(|r| {
            let d = record::data(w, r);
            let mut csvs = Vec::with_capacity(d.flat.tables.len());
            for t in &d.flat.tables {
                let written = csv::record_table(&t.rows);
                emit(&[&record_csv_path(r, &t.path)], written.bytes.clone())?;
                csvs.push(written);
            }
            Ok((d.json, (d.flat, csvs)))
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?
        .into_iter()
        .unzip();
    // All records in one JSON, hashed as it is put together; each record's
    // JSON file written (and let go) once it is copied in, so the ward's
    // JSON is held once, not twice.
    let mut all =
        hash::Hashed::with_capacity(jsons.iter().map(|b| b.len() + 1).sum::<usize>() + 1024);
    all.extend(br#"{"schema_version":"#);
    all.extend(json::SCHEMA_VERSION.to_string().as_bytes());
    all.extend(br#","ward":"#);
    all.extend(&serde_json::to_vec(&w.profile).unwrap_or_else(|_| b"null".to_vec()));
    all.extend(br#","records":["#);
    for (i, (r, bytes)) in w.records.iter().zip(jsons).enumerate() {
        if i > 0 {
            all.bytes().push(b',');
        }
        all.extend(&bytes);
        emit(&[&record_json_path(r)], bytes)?;
    }
    all.extend(b"]}\n");
    let (all, all_hash) = all.finish();
    let all_bytes = all.len() as u64;
    emit(&[DATA_DIR, "/records.json"], all)?;

    let tables = ward_tables(w, &flats);
    drop(flats);
    let package = datapackage::package(site, w, &tables);
    emit(
        &["catalog.jsonld"],
        dcat::ward(site, w, &tables, (all_bytes, &all_hash)),
    )?;
    for t in tables {
        emit(&[DATA_DIR, "/", &t.file_name()], t.bytes)?;
    }
    emit(&[DATA_DIR, "/datapackage.json"], package)?;
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

/// The ward's CSVs: per kind one of its records, per table kind one across
/// its records, each row led by the record's id. The records are gone
/// through once, each row put in the list of its table. A table whose
/// records' CSVs all have the same columns is put together from their
/// lines, without writing its cells again.
fn ward_tables(w: &Ward, flats: &[Tables]) -> Vec<WardTable> {
    /// One CSV's rows, each with its record's id (none for the records').
    type Rows<'r> = Vec<(&'r [&'r str], &'r Row<'r>)>;
    /// A table's records' CSVs, each with its record's id.
    type Parts<'r> = Vec<(&'r str, &'r RecordCsv)>;
    /// A kind's rows: its records', and per table path its tables'.
    type KindRows<'r> = (Rows<'r>, Vec<(&'r str, Rows<'r>, Parts<'r>)>);
    let ids: Vec<[&str; 1]> = w.records.iter().map(|r| [r.id.as_str()]).collect();
    // Per kind: its records' rows, and per table path (in the order the
    // paths first appear) the tables' rows.
    let mut by_kind: Vec<Option<KindRows>> = Kind::ALL.iter().map(|_| None).collect();
    for ((r, (f, csvs)), id) in w.records.iter().zip(flats).zip(&ids) {
        let Some(k) = Kind::ALL.iter().position(|&k| k == r.kind) else {
            continue;
        };
        let (own, tables) = by_kind[k].get_or_insert_with(Default::default);
        own.push((&[][..], &f.fields));
        for (t, written) in f.tables.iter().zip(csvs) {
            let i = match tables.iter().position(|(p, _, _)| *p == t.path) {
                Some(i) => i,
                None => {
                    tables.push((&t.path, Vec::new(), Vec::new()));
                    tables.len() - 1
                }
            };
            tables[i].1.extend(t.rows.iter().map(|row| (&id[..], row)));
            tables[i].2.push((id[0], written));
        }
    }
    let mut jobs: Vec<(Kind, Option<&str>, Rows, Parts)> = Vec::new();
    for (kind, found) in Kind::ALL.into_iter().zip(by_kind) {
        if let Some((own, tables)) = found {
            jobs.push((kind, None, own, Vec::new()));
            jobs.extend(
                tables
                    .into_iter()
                    .map(|(p, rows, parts)| (kind, Some(p), rows, parts)),
            );
        }
    }
    jobs.into_par_iter()
        .map(|(kind, path, rows, parts)| {
            let lead: &[&str] = if path.is_some() { &["record_id"] } else { &[] };
            // The same names in every record's table give the same columns
            // across them (see `Columns::add`).
            let same = parts
                .first()
                .is_some_and(|(_, a)| parts.iter().all(|(_, b)| b.names == a.names));
            let (columns, written) = if path.is_some() && same {
                let columns = parts
                    .first()
                    .map_or_else(Vec::new, |(_, t)| t.columns.clone());
                (columns, csv::write_from_records(&parts))
            } else {
                let mut cols = Columns::default();
                rows.iter().for_each(|(_, row)| cols.add(row));
                let columns = cols.finish();
                let written = csv::write(&columns, lead, &rows);
                (columns, written)
            };
            WardTable {
                name: table_name(kind, path),
                kind,
                table: path.map(str::to_string),
                columns: lead.iter().map(|s| s.to_string()).chain(columns).collect(),
                stats: written.stats,
                rows: written.rows,
                sha256: written.sha256,
                bytes: written.bytes,
            }
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
