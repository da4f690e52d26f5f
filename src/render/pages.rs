//! The pages of a ward besides its records' and the supervisor's: its home,
//! its recent changes, its land projects, its search page and its lists
//! (each kind's, paged with [`super::paginate`]).

use super::paginate::Split;

/// The folder of the further pages of what a ward has posted now.
const POSTED_FOLDER: &str = "niem-yet";

/// The folder, inside a kind's folder, of the further pages of its list.
const LIST_FOLDER: &str = "danh-sach";
use super::{comply, ser, timeline, Dep, Page, PageKey, Renderer, Summary, WardShared};
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Status, Ward};
use minijinja::{context, Value};
use serde::Serialize;

impl Renderer<'_> {
    /// The ward's home, with the first page of what is posted now; the
    /// next pages of it (`niem-yet/trang-<n>.html`) follow. Each with its
    /// path from the ward folder.
    pub(super) fn ward_home(
        &self,
        w: &Ward,
        shared: &WardShared,
        summaries: &[Summary],
        views: &comply::WardViews,
    ) -> Vec<(String, Result<Vec<u8>, Diagnostic>)> {
        #[derive(Serialize)]
        struct Section<'a> {
            kind: Kind,
            count: usize,
            latest: Vec<&'a Summary<'a>>,
        }
        let mut latest: Vec<&Summary> = summaries.iter().filter(|s| !s.shared).collect();
        latest.sort_by(|a, b| (&b.published, a.id).cmp(&(&a.published, b.id)));
        latest.truncate(8);
        let mut posted_now: Vec<&Summary> = summaries
            .iter()
            .filter(|s| {
                s.status == Status::Posted && s.posted_until.as_deref() != Some("permanent")
            })
            .collect();
        posted_now.sort_by(|a, b| (&a.posted_until, a.id).cmp(&(&b.posted_until, b.id)));
        let split = Split::new(
            posted_now.len(),
            self.site.config.pages.rows.get(),
            "index.html",
            &format!("{POSTED_FOLDER}/"),
        );
        let sections: Vec<Section> = Kind::ALL
            .iter()
            .map(|&kind| {
                let of_kind: Vec<&Summary> = summaries.iter().filter(|s| s.kind == kind).collect();
                Section {
                    kind,
                    count: of_kind.len(),
                    latest: of_kind.into_iter().take(5).collect(),
                }
            })
            .collect();
        let reads = self.reads();
        // What it shows depends on every record of the ward.
        if let Some(reads) = &reads {
            reads.add(Dep::Ward(w.slug.clone()));
        }
        let ctx = context! {
            t => self.t.clone(),
            page => ser(&Page {
                head: crate::export::dcat::page_head(w, "", None),
                ..self.page(0, true, "ward", "index.html".into())
            }),
            ward => shared.value(reads.as_ref()),
            posted_now => ser(&posted_now[split.range(1)]),
            posted_pager => ser(&split.pager(1)),
            latest => ser(&latest),
            sections => ser(&sections),
            about_html => w
                .profile
                .about
                .as_deref()
                .map(|a| crate::markdown::render(a, "about-").html)
                .unwrap_or_default(),
            data_html => crate::export::ward_links_html(w),
            supervision => ser(&views.home()),
            // From the portal: pages do not depend on `base_url`.
            page_address => format!("{}/index.html", w.slug),
        };
        let mut out = vec![("index.html".to_string(), self.render("ward.html", ctx))];
        for (n, path, pager) in split.pages().skip(1) {
            let ctx = context! {
                t => self.t.clone(),
                page => ser(&self.page(1, true, "posted", path.clone())),
                ward => shared.value(reads.as_ref()),
                posted_now => ser(&posted_now[split.range(n)]),
                posted_pager => ser(&pager),
            };
            out.push((path, self.render("posted.html", ctx)));
        }
        self.keep(PageKey::Home(w.slug.clone()), reads);
        out
    }

    /// The ward's "Thay đổi gần đây": the latest revisions across its records.
    pub(super) fn changes_page(
        &self,
        w: &Ward,
        shared: &WardShared,
    ) -> Result<Vec<u8>, Diagnostic> {
        let reads = self.reads();
        if let Some(reads) = &reads {
            reads.add(Dep::Ward(w.slug.clone()));
        }
        let history = &self.site.history;
        let changes = crate::history::recent(history, w.records.iter().map(|r| &**r), 100);
        let ctx = context! {
            t => self.t.clone(),
            page => ser(&self.page(0, true, "changes", "thay-doi.html".into())),
            ward => shared.value(reads.as_ref()),
            history_state => ser(&history.state),
            changes => ser(&changes),
        };
        self.render("changes.html", ctx)
    }

    /// A land project's timeline (see [`timeline`]).
    pub(super) fn project_page(
        &self,
        shared: &WardShared,
        t: &timeline::Timeline,
    ) -> Result<Vec<u8>, Diagnostic> {
        let path = format!("{}/{}.html", timeline::FOLDER, t.slug);
        let ctx = context! {
            t => self.t.clone(),
            page => ser(&self.page(1, true, "project", path)),
            ward => shared.value(None),
            timeline => ser(t),
            drawing => Value::from_safe_string(timeline::drawing(t, self.strings, self.site.today)),
        };
        self.render("project.html", ctx)
    }

    pub(super) fn search_page(&self, w: &Ward, shared: &WardShared) -> Result<Vec<u8>, Diagnostic> {
        let reads = self.reads();
        let ctx = context! {
            t => self.t.clone(),
            page => ser(&Page {
                head: crate::export::dcat::page_head(w, "", None),
                ..self.page(0, true, "search", "search.html".into())
            }),
            ward => shared.value(reads.as_ref()),
        };
        let bytes = self.render("search.html", ctx)?;
        self.keep(PageKey::Search(w.slug.clone()), reads);
        Ok(bytes)
    }

    /// The list of one kind, newest year first, split into pages: each
    /// page with its path from the ward folder (`fund/index.html`,
    /// `fund/danh-sach/trang-2.html`, …: in a folder of their own, where no
    /// record's page can take their name).
    pub(super) fn list(
        &self,
        w: &Ward,
        shared: &WardShared,
        kind: Kind,
        items: &[&Summary],
    ) -> Vec<(String, Result<Vec<u8>, Diagnostic>)> {
        #[derive(Serialize)]
        struct Year<'a> {
            year: i32,
            items: Vec<&'a Summary<'a>>,
        }
        // Newest year first; within a year, in the ward's order.
        let mut ordered: Vec<&Summary> = items.to_vec();
        ordered.sort_by_key(|s| std::cmp::Reverse(s.year));
        let reads = self.reads();
        if let Some(reads) = &reads {
            // Which records the list holds, and what it shows of each.
            reads.add(Dep::Kind(w.slug.clone(), kind));
            for s in items {
                reads.add(Dep::Record(w.slug.clone(), s.id.to_string()));
            }
        }
        let slug = kind.slug();
        let split = Split::new(
            ordered.len(),
            self.site.config.pages.rows.get(),
            &format!("{slug}/index.html"),
            &format!("{slug}/{LIST_FOLDER}/"),
        );
        let mut out = Vec::new();
        for (n, path, pager) in split.pages() {
            let depth = path.matches('/').count();
            let mut years: Vec<Year> = Vec::new();
            for s in &ordered[split.range(n)] {
                match years.last_mut() {
                    Some(y) if y.year == s.year => y.items.push(s),
                    _ => years.push(Year {
                        year: s.year,
                        items: vec![s],
                    }),
                }
            }
            let ctx = context! {
                t => self.t.clone(),
                page => ser(&Page {
                    head: crate::export::dcat::page_head(w, &"../".repeat(depth), None),
                    ..self.page(depth, true, "list", path.clone())
                }),
                ward => shared.value(reads.as_ref()),
                list_kind => ser(&kind),
                count => items.len(),
                years => ser(&years),
                pager => ser(&pager),
            };
            out.push((path, self.render("list.html", ctx)));
        }
        // Every page of the list read the same: kept once, for all of them.
        self.keep(PageKey::List(w.slug.clone(), kind), reads);
        out
    }
}
