//! The supervisor's pages of a ward: compliance (`tuan-thu.html`), the
//! quarterly register (`so-cong-khai/<quarter>.html` and `.csv`), the
//! commitments tracker (`cam-ket.html`) and the periodic reports
//! (`bao-cao/<period>.html` and `.csv`). The figures come from
//! [`crate::comply`]; this file only hands them to the templates.

use super::context::PortalCompliance;
use super::{ser, Dep, Renderer, WardShared};
use crate::comply::register::{self, RegisterQuarter};
use crate::comply::report::{self, Report};
use crate::comply::tracker::{self, Tracker};
use crate::comply::{Compliance, COMPLIANCE_PAGE};
use crate::diagnostics::Diagnostic;
use crate::model::Ward;
use minijinja::{context, Value};
use serde::Serialize;
use std::path::PathBuf;

/// What the supervisor's pages of a ward show, computed once per ward and
/// shared with its home page.
pub(super) struct WardViews {
    pub(super) compliance: Compliance,
    pub(super) quarters: Vec<RegisterQuarter>,
    pub(super) tracker: Tracker,
    pub(super) reports: Vec<Report>,
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
        out.push((
            base.join(COMPLIANCE_PAGE),
            page(
                "compliance",
                COMPLIANCE_PAGE.into(),
                0,
                context! { compliance => ser(&views.compliance) },
            ),
        ));
        out.push((
            base.join(tracker::PAGE),
            page(
                "commitments",
                tracker::PAGE.into(),
                0,
                context! { tracker => ser(&views.tracker) },
            ),
        ));
        for q in &views.quarters {
            let name = format!("{}.html", q.slug);
            let path = format!("{}/{name}", register::FOLDER);
            let folder = base.join(register::FOLDER);
            out.push((
                folder.join(&name),
                page("register", path, 1, context! { quarter => ser(q) }),
            ));
            out.push((folder.join(format!("{}.csv", q.slug)), Ok(register::csv(q))));
        }
        for rep in &views.reports {
            let name = format!("{}.html", rep.slug);
            let path = format!("{}/{name}", report::FOLDER);
            let folder = base.join(report::FOLDER);
            out.push((
                folder.join(&name),
                page("report", path, 1, context! { report => ser(rep) }),
            ));
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
