//! What templates receive besides the records themselves: the page, the
//! ward, a record as lists show it, the links of a record page, its history
//! and its attachments. Plain data, serialised once per page.

use super::record_path;
use crate::config::Config;
use crate::date::Date;
use crate::model::{Kind, Record, RecordData, Status, Ward};
use serde::Serialize;

/// What every page template receives as `page`.
#[derive(Serialize)]
pub(super) struct Page<'a> {
    pub(super) lang: &'a str,
    pub(super) site_title: &'a str,
    pub(super) site_description: &'a str,
    /// Prefix from this page to the output root (the portal).
    pub(super) root: String,
    /// Prefix from this page to its ward's folder, when in a ward.
    pub(super) ward_root: Option<String>,
    /// Prefix to the stylesheet and scripts.
    pub(super) assets: String,
    /// Which template: portal, ward, list, record, search.
    pub(super) kind: &'static str,
    /// The build date, ISO.
    pub(super) today: String,
    /// The page's own path inside its ward (or from the root for the portal).
    pub(super) path: String,
    /// Feed link and JSON-LD for the `<head>` (see [`crate::export`]).
    pub(super) head: String,
}

/// A record as lists show it.
#[derive(Serialize, Clone)]
pub struct Summary<'a> {
    pub(super) id: &'a str,
    pub(super) kind: Kind,
    pub(super) title: &'a str,
    pub(super) summary: Option<&'a str>,
    pub(super) published: String,
    pub(super) posted_until: Option<String>,
    pub(super) status: Status,
    pub(super) year: i32,
    pub(super) disclosure_item: u8,
    pub(super) shared: bool,
    /// Path from the ward folder.
    pub(super) href: String,
    /// One-line figures: a fund's closing balance, a plan's progress…
    pub(super) figure: Option<String>,
    /// Commitments or tasks past their deadline and not done.
    pub(super) overdue: usize,
}

/// A ward's line on the portal's comparison of wards: how much of what the
/// law asks it has disclosed, and on time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PortalCompliance {
    /// Items of Art. 11 with at least one disclosure.
    pub items_disclosed: usize,
    /// Items of Art. 11 (14).
    pub items_total: usize,
    /// Items with a late disclosure.
    pub items_late: usize,
    /// Years without the Art. 32 dialogue conference.
    pub years_missing: usize,
    /// Commitments and tasks overdue, as the tracker counts them.
    pub overdue: usize,
}

impl PortalCompliance {
    /// The figures of `w` on `today`.
    pub fn of(w: &Ward, config: &Config, today: Date) -> PortalCompliance {
        PortalCompliance::from_parts(
            &crate::comply::compliance(w, config, today),
            &crate::comply::tracker::tracker(w),
        )
    }

    /// The figures from a ward's compliance and tracker, already computed.
    pub(super) fn from_parts(
        c: &crate::comply::Compliance,
        tracker: &crate::comply::tracker::Tracker,
    ) -> PortalCompliance {
        PortalCompliance {
            items_disclosed: c.items_disclosed,
            items_total: c.items_total,
            items_late: c.items_late,
            years_missing: c.years_missing,
            overdue: tracker.overdue,
        }
    }
}

impl<'a> Summary<'a> {
    pub(super) fn of(r: &'a Record) -> Summary<'a> {
        let (figure, overdue) = match &r.data {
            RecordData::Fund(f) => (Some(format!("{}", f.totals.closing)), 0),
            RecordData::Plan(p) => {
                let (done, overdue, total) = p.counts();
                ((total > 0).then(|| format!("{done}/{total}")), overdue)
            }
            RecordData::Dialogue(d) => {
                let (made, done, overdue) = d.commitment_counts();
                ((made > 0).then(|| format!("{done}/{made}")), overdue)
            }
            RecordData::Land(l) => (
                (l.totals.parcels > 0).then(|| format!("{}", l.totals.total)),
                0,
            ),
            RecordData::Document(d) => (Some(d.number.clone()), 0),
            RecordData::Procedure(p) => (Some(p.time_limit.clone()), 0),
            RecordData::Budget(b) => (b.decision.as_ref().map(|d| d.number.clone()), 0),
            RecordData::Asset(a) => (Some(format!("{}", a.totals.residual_value)), 0),
            RecordData::Support(s) => (Some(format!("{}", s.totals.amount)), 0),
            RecordData::Callup(c) => (Some(format!("{}/{}", c.totals.called, c.quota)), 0),
            RecordData::Inspection(x) => {
                let (made, done, overdue) = x.recommendation_counts();
                ((made > 0).then(|| format!("{done}/{made}")), overdue)
            }
            RecordData::Consultation(x) => (
                Some(format!("{} – {}", x.opened.short(), x.closed.short())),
                0,
            ),
            RecordData::Fee(x) => (Some(x.fees.len().to_string()), 0),
        };
        Summary {
            id: &r.id,
            kind: r.kind,
            title: &r.common.title,
            summary: r.common.summary.as_deref(),
            published: r.common.published.iso(),
            posted_until: r.common.posted_until.map(|p| match p {
                crate::date::PostedUntil::Date(d) => d.iso(),
                crate::date::PostedUntil::Permanent => "permanent".into(),
            }),
            status: r.status,
            year: r.year(),
            disclosure_item: r.common.disclosure_item,
            shared: r.shared,
            href: record_path(r),
            figure,
            overdue,
        }
    }
}

/// A link to another page, from the current one.
#[derive(Serialize)]
pub(super) struct LinkTo {
    pub(super) title: String,
    pub(super) href: Option<String>,
    /// The linked record's publication date, ISO, when it is in the ward.
    pub(super) published: Option<String>,
}

/// What a record's page links to: the documents it rests on, the records
/// citing it, superseding it or superseded by it, and (for land) its dialogues.
pub(super) struct RecordLinks {
    pub(super) legal_basis: Vec<LinkTo>,
    pub(super) cited_by: Vec<LinkTo>,
    pub(super) supersedes: Option<LinkTo>,
    pub(super) superseded_by: Option<LinkTo>,
    pub(super) related: Vec<LinkTo>,
}

/// The ward as templates see it.
#[derive(Serialize)]
pub(super) struct WardInfo<'a> {
    pub(super) slug: &'a str,
    #[serde(flatten)]
    pub(super) profile: &'a crate::model::WardProfile,
    pub(super) records: usize,
    pub(super) posted: usize,
    pub(super) overdue: usize,
    pub(super) compliance: PortalCompliance,
}

/// What the portal shows of a ward besides its profile: its counts. Kept
/// in the ward's summary file, so that `congkhai portal` shows the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct WardCounts {
    /// Records, the shared documents included.
    pub records: usize,
    /// Records posted on the build date.
    pub posted: usize,
    /// Commitments and tasks past their deadline and not done.
    pub overdue: usize,
    /// Its line on the portal's comparison of wards.
    pub compliance: PortalCompliance,
}

impl WardCounts {
    /// The counts of `w`.
    pub fn of(w: &Ward, config: &Config, today: Date) -> WardCounts {
        WardCounts {
            compliance: PortalCompliance::of(w, config, today),
            records: w.records.len(),
            posted: w
                .records
                .iter()
                .filter(|r| r.status == Status::Posted)
                .count(),
            overdue: w.records.iter().map(|r| overdue(r)).sum(),
        }
    }
}

pub(super) fn ward_info<'a>(w: &'a Ward, config: &Config, today: Date) -> WardInfo<'a> {
    ward_info_with(w, WardCounts::of(w, config, today))
}

pub(super) fn ward_info_with(w: &Ward, counts: WardCounts) -> WardInfo<'_> {
    WardInfo {
        slug: &w.slug,
        profile: &w.profile,
        records: counts.records,
        posted: counts.posted,
        overdue: counts.overdue,
        compliance: counts.compliance,
    }
}

/// Commitments or tasks of a record past their deadline and not done (as
/// [`Summary::of`] counts them, without building a summary: the portal
/// counts them for every record of every ward).
fn overdue(r: &Record) -> usize {
    match &r.data {
        RecordData::Plan(p) => p.counts().1,
        RecordData::Dialogue(d) => d.commitment_counts().2,
        RecordData::Inspection(x) => x.recommendation_counts().2,
        _ => 0,
    }
}

/// A record's history as its page shows it (`partials/history.html`).
#[derive(Serialize)]
pub(super) struct HistoryView<'a> {
    /// `off`, `full` or `shallow`.
    pub(super) state: crate::history::State,
    /// The commit that first added the file.
    pub(super) first: Option<&'a crate::history::Revision>,
    /// The latest commit that changed it.
    pub(super) last: Option<&'a crate::history::Revision>,
    /// Newest first.
    pub(super) revisions: &'a [crate::history::Revision],
}

impl<'a> HistoryView<'a> {
    pub(super) fn of(history: &'a crate::history::History, r: &Record) -> HistoryView<'a> {
        let revisions = history.of(&r.source.path);
        HistoryView {
            state: history.state,
            first: revisions.last(),
            last: revisions.first(),
            revisions,
        }
    }
}

/// An attachment as a record page lists it.
#[derive(Serialize)]
pub(super) struct FileLink<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) size: u64,
    pub(super) sha256: &'a str,
}
