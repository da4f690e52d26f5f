//! The supervisor's pages of a ward: compliance (`tuan-thu.html`), the
//! quarterly register (`so-cong-khai/<quarter>.html` and `.csv`, each
//! quarter paged), the commitments tracker (the overview `cam-ket.html`
//! with the overdue items, and in `cam-ket/` the paged lists of each status
//! and of each responsible unit) and the periodic reports
//! (`bao-cao/<period>.html` and `.csv`). The figures come from
//! [`crate::comply`]; this file splits the long lists into pages (with
//! [`super::paginate`]) and hands them to the templates.

use super::context::PortalCompliance;
use super::paginate::{Pager, Split};
use super::{ser, Dep, Renderer, WardShared};
use crate::comply::register::{self, RegisterQuarter, RegisterRow};
use crate::comply::report::{self, Report};
use crate::comply::tracker::{self, Commitment, Group, Tracker};
use crate::comply::{Compliance, COMPLIANCE_PAGE};
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Ward};
use minijinja::{context, Value};
use serde::Serialize;
use std::path::PathBuf;

/// What the supervisor's pages of a ward show, computed once per ward and
/// shared with its home page.
pub(super) struct WardViews {
    pub(super) compliance: Compliance,
    pub(super) quarters: Vec<RegisterQuarter>,
    pub(super) tracker: Tracker,
    /// How the tracker's lists are split into pages.
    pub(super) pages: TrackerPages,
    pub(super) reports: Vec<Report>,
}

/// The tracker's lists split into pages: each status's items (a range of
/// [`Tracker::items`], which is sorted by status), the units' index and
/// each unit's items.
pub(super) struct TrackerPages {
    /// Per status, in the tracker's order: the group, its pages' name, its
    /// rows in the tracker's items, and its pages.
    groups: Vec<(Group, &'static str, std::ops::Range<usize>, Split)>,
    /// The index of units; its first page is the overview.
    units: Split,
    /// Each unit's items, in the order of [`Tracker::units`].
    unit_pages: Vec<Split>,
}

/// The statuses in the tracker's order, with their pages' names.
const GROUPS: [(Group, &str); 3] = [
    (Group::Overdue, "qua-han"),
    (Group::Open, "dang-thuc-hien"),
    (Group::Done, "da-xong"),
];

impl TrackerPages {
    /// Splits `t`'s lists `rows` to a page and gives each item and each
    /// unit the page it is on (`href`): the only place that decides it.
    fn split(t: &mut Tracker, rows: usize) -> TrackerPages {
        let folder = tracker::FOLDER;
        let mut groups = Vec::new();
        let mut start = 0;
        for (group, name) in GROUPS {
            let len = t.items[start..]
                .iter()
                .take_while(|c| c.group == group)
                .count();
            // The overdue list starts on the overview.
            let first = match group {
                Group::Overdue => tracker::PAGE.to_string(),
                _ => format!("{folder}/{name}.html"),
            };
            let split = Split::new(len, rows, &first, &format!("{folder}/{name}-"));
            for (j, c) in t.items[start..start + len].iter_mut().enumerate() {
                c.href = format!("{}#{}", split.path_of(j), c.anchor);
            }
            groups.push((group, name, start..start + len, split));
            start += len;
        }
        let units = Split::new(
            t.units.len(),
            rows,
            tracker::PAGE,
            &format!("{folder}/don-vi-"),
        );
        let unit_pages = t
            .units
            .iter_mut()
            .map(|u| {
                let split = Split::named(u.items.len(), rows, folder, &u.slug);
                u.href = split.path(1);
                split
            })
            .collect();
        TrackerPages {
            groups,
            units,
            unit_pages,
        }
    }
}

/// A status as the tracker's pages link to it.
#[derive(Serialize)]
struct StatusLink {
    group: Group,
    /// Its pages' name (`qua-han`), also the overview's anchor of its list.
    name: &'static str,
    /// Its first page, from the ward folder.
    href: String,
    count: usize,
}

/// A ward-wide table holding every item of one source.
#[derive(Serialize)]
struct Download {
    /// `commitment` or `task`.
    source: &'static str,
    /// Its path from the ward folder (`data/plan.tasks.csv`).
    href: String,
}

/// A unit as the index of units shows it.
#[derive(Serialize)]
struct UnitRow<'a> {
    name: &'a str,
    href: &'a str,
    count: usize,
    overdue: usize,
}

/// What one page of the tracker shows.
#[derive(Serialize)]
struct TrackerPage<'a> {
    /// `overview` (`cam-ket.html`: the counts, the overdue items' first page
    /// and the units' first page), `status` (a page of one status's list),
    /// `units` (a further page of the units' index) or `unit` (a page of one
    /// unit's items).
    view: &'static str,
    overdue: usize,
    open: usize,
    done: usize,
    /// The lists of each status.
    statuses: &'a [StatusLink],
    /// The status listed (`status`, and the overdue list of `overview`).
    status: Option<&'a StatusLink>,
    /// The items of this page.
    items: Vec<&'a Commitment>,
    /// The pager of `items`.
    pager: Option<Pager>,
    /// The unit listed (`unit`).
    unit: Option<UnitRow<'a>>,
    /// The units of this page (`overview`, `units`).
    units: Vec<UnitRow<'a>>,
    /// How many units in all.
    units_total: usize,
    /// The pager of `units`.
    units_pager: Option<Pager>,
    /// The ward's tables holding every item.
    downloads: &'a [Download],
}

/// What the ward home shows of them.
#[derive(Serialize)]
pub(super) struct HomeSummary<'a> {
    items_disclosed: usize,
    items_total: usize,
    items_late: usize,
    years_missing: usize,
    overdue: usize,
    open: usize,
    done: usize,
    /// Newest first.
    quarters: Vec<&'a RegisterQuarter>,
    /// Newest first.
    reports: &'a [Report],
}

impl WardViews {
    /// The views of `w`, with links to closing documents found in the ward.
    pub(super) fn of(r: &Renderer, w: &Ward) -> WardViews {
        let config = &r.site.config;
        let mut tracker = tracker::tracker(w);
        let pages = TrackerPages::split(&mut tracker, config.pages.rows.get());
        let index = crate::identifier::Index::of_records(w.records.iter().map(|r| &**r));
        let by_id: std::collections::HashMap<&str, &crate::model::Record> =
            w.records.iter().map(|r| (r.id.as_str(), &**r)).collect();
        for c in &mut tracker.items {
            if let Some(doc) = &c.closed_by {
                let found = crate::comply::rules::closing_document(
                    doc,
                    |id| by_id.contains_key(id),
                    &index,
                );
                if let crate::comply::rules::Closing::Record(id) = found {
                    c.closed_href = by_id.get(id.as_str()).map(|x| super::record_path(x));
                }
            }
        }
        WardViews {
            compliance: crate::comply::compliance(w, config, r.site.today),
            quarters: register::quarters(w, r.site.today),
            tracker,
            pages,
            reports: report::reports(w, r.site.today),
        }
    }

    /// The ward's line on the portal's comparison of wards, as
    /// [`PortalCompliance::of`] gives it, from the figures already here.
    pub(super) fn portal(&self) -> PortalCompliance {
        PortalCompliance::from_parts(&self.compliance, &self.tracker)
    }

    /// The summary the ward home shows.
    pub(super) fn home(&self) -> HomeSummary<'_> {
        HomeSummary {
            items_disclosed: self.compliance.items_disclosed,
            items_total: self.compliance.items_total,
            items_late: self.compliance.items_late,
            years_missing: self.compliance.years_missing,
            overdue: self.tracker.overdue,
            open: self.tracker.open,
            done: self.tracker.done,
            quarters: self.quarters.iter().rev().collect(),
            reports: &self.reports,
        }
    }
}

impl Renderer<'_> {
    /// The supervisor's pages of `w`, each with the path it goes to.
    pub(super) fn comply_pages(
        &self,
        w: &Ward,
        shared: &WardShared,
        views: &WardViews,
    ) -> Vec<(PathBuf, Result<Vec<u8>, Diagnostic>)> {
        let base = PathBuf::from(&w.slug);
        let mut out = Vec::new();
        let page = |kind, path: String, depth, extra| {
            self.comply_page(w, shared, kind, path, depth, extra)
        };
        let rows = self.site.config.pages.rows.get();
        for (path, ctx) in compliance_pages(&views.compliance, rows) {
            let depth = path.matches('/').count();
            out.push((base.join(&path), page("compliance", path, depth, ctx)));
        }
        for (path, tp) in tracker_pages(&views.tracker, &views.pages) {
            let depth = path.matches('/').count();
            let ctx = context! { tracker => tp };
            out.push((base.join(&path), page("commitments", path, depth, ctx)));
        }
        for q in &views.quarters {
            let folder = register::FOLDER;
            let split = Split::named(q.rows.len(), rows, folder, &q.slug);
            for (n, path, pager) in split.pages() {
                let shown = QuarterPage {
                    quarter: q.into(),
                    rows: &q.rows[split.range(n)],
                };
                let ctx = context! { quarter => ser(&shown), pager => ser(&pager) };
                out.push((base.join(&path), page("register", path, 1, ctx)));
            }
            out.push((
                base.join(folder).join(format!("{}.csv", q.slug)),
                Ok(register::csv(q)),
            ));
        }
        for rep in &views.reports {
            let folder = base.join(report::FOLDER);
            let split = Split::named(rep.funds.len(), rows, report::FOLDER, &rep.slug);
            // The report but its funds, given once a page with the page's funds.
            let head = ser(&Report {
                funds: Vec::new(),
                ..rep.clone()
            });
            for (n, path, pager) in split.pages() {
                let ctx = context! {
                    report => head.clone(),
                    funds => ser(&rep.funds[split.range(n)]),
                    pager => ser(&pager),
                };
                out.push((base.join(&path), page("report", path, 1, ctx)));
            }
            out.push((
                folder.join(format!("{}.csv", rep.slug)),
                Ok(report::csv(rep)),
            ));
        }
        out
    }

    /// Renders one of the pages: the template named after `kind`, with the
    /// page, the ward and `extra`.
    fn comply_page(
        &self,
        w: &Ward,
        shared: &WardShared,
        kind: &'static str,
        path: String,
        depth: usize,
        extra: Value,
    ) -> Result<Vec<u8>, Diagnostic> {
        let reads = self.reads();
        // Every one of them depends on every record of the ward.
        if let Some(reads) = &reads {
            reads.add(Dep::Ward(w.slug.clone()));
        }
        let ctx = context! {
            t => self.t.clone(),
            page => ser(&self.page(depth, true, kind, path)),
            ward => shared.value(reads.as_ref()),
            ..extra
        };
        self.render(&format!("{kind}.html"), ctx)
    }
}

/// One page of a quarter of the register: the quarter's fields, with the
/// rows of this page alone.
#[derive(Serialize)]
struct QuarterPage<'a> {
    #[serde(flatten)]
    quarter: QuarterHead<'a>,
    rows: &'a [RegisterRow],
}

/// A quarter's fields but its rows.
#[derive(Serialize)]
struct QuarterHead<'a> {
    quarter: &'a crate::comply::Quarter,
    slug: &'a str,
    start: &'a str,
    end: &'a str,
    /// Rows of the whole quarter.
    count: usize,
}

impl<'a> From<&'a RegisterQuarter> for QuarterHead<'a> {
    fn from(q: &'a RegisterQuarter) -> Self {
        QuarterHead {
            quarter: &q.quarter,
            slug: &q.slug,
            start: &q.start,
            end: &q.end,
            count: q.rows.len(),
        }
    }
}

/// Every page of the tracker, with its path from the ward folder and what
/// its template gets as `tracker`.
fn tracker_pages(t: &Tracker, pages: &TrackerPages) -> Vec<(String, Value)> {
    let statuses: Vec<StatusLink> = pages
        .groups
        .iter()
        .map(|(group, name, range, split)| StatusLink {
            group: *group,
            name,
            href: split.path(1),
            count: range.len(),
        })
        .collect();
    // The ward's tables that hold every item, when it has items of them.
    let downloads: Vec<Download> = [
        ("commitment", Kind::Dialogue, "items"),
        ("task", Kind::Plan, "tasks"),
    ]
    .into_iter()
    .filter(|(source, _, _)| t.items.iter().any(|c| c.source == *source))
    .map(|(source, kind, table)| Download {
        source,
        href: format!(
            "{}/{}.csv",
            crate::export::DATA_DIR,
            crate::export::table_name(kind, Some(table))
        ),
    })
    .collect();
    let unit_row = |i: usize| {
        let u = &t.units[i];
        UnitRow {
            name: &u.name,
            href: &u.href,
            count: u.items.len(),
            overdue: u.overdue,
        }
    };
    let blank = |view| TrackerPage {
        view,
        overdue: t.overdue,
        open: t.open,
        done: t.done,
        statuses: &statuses,
        status: None,
        items: Vec::new(),
        pager: None,
        unit: None,
        units: Vec::new(),
        units_total: t.units.len(),
        units_pager: None,
        downloads: &downloads,
    };
    let mut out = Vec::new();
    for (k, (_, _, range, split)) in pages.groups.iter().enumerate() {
        for (n, path, pager) in split.pages() {
            let rows = split.range(n);
            let mut page = blank(if path == tracker::PAGE {
                "overview"
            } else {
                "status"
            });
            page.status = statuses.get(k);
            page.items = t.items[range.start + rows.start..range.start + rows.end]
                .iter()
                .collect();
            page.pager = Some(pager);
            if page.view == "overview" {
                let units = pages.units.range(1);
                page.units = units.map(unit_row).collect();
                page.units_pager = Some(pages.units.pager(1));
            }
            out.push((path, ser(&page)));
        }
    }
    for (n, path, pager) in pages.units.pages().skip(1) {
        let mut page = blank("units");
        page.units = pages.units.range(n).map(unit_row).collect();
        page.units_pager = Some(pager);
        out.push((path, ser(&page)));
    }
    for (i, (u, split)) in t.units.iter().zip(&pages.unit_pages).enumerate() {
        for (n, path, pager) in split.pages() {
            let mut page = blank("unit");
            page.unit = Some(unit_row(i));
            page.items = u.items[split.range(n)]
                .iter()
                .filter_map(|&j| t.items.get(j))
                .collect();
            page.pager = Some(pager);
            out.push((path, ser(&page)));
        }
    }
    out
}

/// The folder of the compliance page's further pages inside a ward's folder.
const COMPLIANCE_FOLDER: &str = "tuan-thu";

/// The periods of one fund shown on a page of the compliance page.
#[derive(Serialize)]
struct FundPage<'a> {
    purpose: &'a str,
    periods: &'a [crate::comply::FundPeriod],
}

/// The compliance page split into pages by the funds' periods (the part
/// that grows with the records): the first page is the whole page with the
/// first periods; the next ones hold the funds' periods alone. Each with
/// its path from the ward folder and its context.
fn compliance_pages(c: &Compliance, rows: usize) -> Vec<(String, Value)> {
    let total: usize = c.funds.iter().map(|f| f.periods.len()).sum();
    let split = Split::new(
        total,
        rows,
        COMPLIANCE_PAGE,
        &format!("{COMPLIANCE_FOLDER}/quy-"),
    );
    let mut out = Vec::new();
    for (n, path, pager) in split.pages() {
        let range = split.range(n);
        let mut funds = Vec::new();
        let mut at = 0;
        for f in &c.funds {
            let len = f.periods.len();
            let (lo, hi) = (range.start.max(at), range.end.min(at + len));
            // A fund without periods is shown on the first page.
            if lo < hi || (len == 0 && n == 1) {
                funds.push(FundPage {
                    purpose: &f.purpose,
                    periods: f.periods.get(lo - at..hi - at).unwrap_or_default(),
                });
            }
            at += len;
        }
        let ctx = if n == 1 {
            // A year's conferences: the first `rows`, and how many more.
            let mut first = Compliance {
                funds: Vec::new(),
                ..c.clone()
            };
            let more: Vec<usize> = first
                .conferences
                .iter_mut()
                .map(|y| {
                    let more = y.records.len().saturating_sub(rows);
                    y.records.truncate(rows);
                    more
                })
                .collect();
            context! {
                compliance => ser(&first),
                conferences_more => more,
                funds => ser(&funds),
                pager => ser(&pager),
            }
        } else {
            context! {
                compliance => context! { rules => ser(&c.rules) },
                funds => ser(&funds),
                pager => ser(&pager),
            }
        };
        out.push((path, ctx));
    }
    out
}
