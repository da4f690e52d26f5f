//! The quarterly register (Art. 13.2, last sentence): what the ward
//! disclosed in each quarter, with its Art. 11 item, the forms used and the
//! dates, as a page to print and post and as CSV.

use super::{csv_bytes, own_records, Quarter, RecordRef};
use crate::date::{Date, PostedUntil};
use crate::model::{Form, Ward};
use serde::Serialize;

/// The folder of the register's files inside a ward's folder.
pub const FOLDER: &str = "so-cong-khai";

/// One quarter of the register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterQuarter {
    /// The quarter.
    pub quarter: Quarter,
    /// File name stem (`2026-q3`).
    pub slug: String,
    /// First day, ISO.
    pub start: String,
    /// Last day, ISO.
    pub end: String,
    /// What was disclosed, by date of publication, then item, then id.
    pub rows: Vec<RegisterRow>,
}

/// One content disclosed.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    /// Art. 11 item.
    pub item: u8,
    /// The record.
    pub record: RecordRef,
    /// Art. 12 forms used.
    pub forms: Vec<Form>,
    /// End of posting, ISO, or `permanent`.
    pub posted_until: Option<String>,
    /// Last day on the loudspeaker, ISO.
    pub loudspeaker_until: Option<String>,
}

/// Every quarter from the ward's first disclosure to the quarter of `today`
/// (or of its latest disclosure, when later), oldest first; empty when the
/// ward has disclosed nothing.
pub fn quarters(w: &Ward, today: Date) -> Vec<RegisterQuarter> {
    let mut rows: Vec<(Date, RegisterRow)> = own_records(w)
        .map(|r| {
            let c = &r.common;
            (
                c.published,
                RegisterRow {
                    item: c.disclosure_item,
                    record: RecordRef::of(r),
                    forms: c.forms.clone(),
                    posted_until: c.posted_until.map(|p| match p {
                        PostedUntil::Date(d) => d.iso(),
                        PostedUntil::Permanent => "permanent".into(),
                    }),
                    loudspeaker_until: c.loudspeaker_until.map(Date::iso),
                },
            )
        })
        .collect();
    rows.sort_by(|(a, x), (b, y)| (a, x.item, &x.record.id).cmp(&(b, y.item, &y.record.id)));
    let (Some(first), Some(latest)) = (rows.first(), rows.last()) else {
        return Vec::new();
    };
    let (mut q, last) = (Quarter::of(first.0), Quarter::of(latest.0.max(today)));
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while q <= last {
        let mut of_q = Vec::new();
        while let Some((_, row)) = rows.next_if(|(d, _)| Quarter::of(*d) == q) {
            of_q.push(row);
        }
        out.push(RegisterQuarter {
            quarter: q,
            slug: q.slug(),
            start: q.start().map(Date::iso).unwrap_or_default(),
            end: q.end().map(Date::iso).unwrap_or_default(),
            rows: of_q,
        });
        q = q.next();
    }
    out
}

/// The quarter's register as CSV: one row per content disclosed.
pub fn csv(q: &RegisterQuarter) -> Vec<u8> {
    let rows: Vec<Vec<String>> = q
        .rows
        .iter()
        .map(|r| {
            vec![
                r.item.to_string(),
                r.record.id.clone(),
                r.record.kind.slug().to_string(),
                r.record.title.clone(),
                r.forms
                    .iter()
                    .map(|f| form_slug(*f))
                    .collect::<Vec<_>>()
                    .join("; "),
                r.record.published.clone(),
                r.posted_until.clone().unwrap_or_default(),
                r.loudspeaker_until.clone().unwrap_or_default(),
            ]
        })
        .collect();
    csv_bytes(
        &[
            "disclosure_item",
            "id",
            "kind",
            "title",
            "forms",
            "published",
            "posted_until",
            "loudspeaker_until",
        ],
        &rows,
    )
}

/// A form as written in front matter (`office_posting`).
pub fn form_slug(f: Form) -> &'static str {
    match f {
        Form::OfficePosting => "office_posting",
        Form::Portal => "portal",
        Form::Loudspeaker => "loudspeaker",
        Form::GroupHead => "group_head",
        Form::Letter => "letter",
        Form::Conference => "conference",
        Form::Press => "press",
        Form::MassOrganisation => "mass_organisation",
        Form::SocialNetwork => "social_network",
    }
}
