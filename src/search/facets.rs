//! The manifest's facets: kinds and years as runs, Art. 11 item and status
//! as one letter per record.

use super::encode;
use crate::model::{Kind, Record, Status, Ward};

/// The highest Art. 11 item a facet letter can hold (`item × 4 + status` < 90).
pub(super) const MAX_ITEM: u32 = 21;

/// The statuses as the manifest lists them; a record's facet is the position.
pub(super) const STATUSES: [Status; 4] = [
    Status::Posted,
    Status::Published,
    Status::Expired,
    Status::Superseded,
];

/// The slug of a status (`posted`, `expired`…), as in the templates.
pub(super) fn status_slug(s: Status) -> &'static str {
    match s {
        Status::Posted => "posted",
        Status::Published => "published",
        Status::Expired => "expired",
        Status::Superseded => "superseded",
    }
}

/// Runs of equal values, as `[[value, count], …]`: records come sorted by
/// kind, then newest first, so kinds and years take a few runs each.
pub(super) fn runs(values: impl Iterator<Item = usize>) -> Vec<[usize; 2]> {
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
pub(super) fn manifest(ward: &Ward, shards: usize, chunk: usize) -> serde_json::Value {
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
