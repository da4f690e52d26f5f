//! Render stage: turns the linked [`Site`] into output files: the portal, each
//! ward's home, a list per kind, a page per record, attachments and assets.
//! Every link is relative and names an `.html` file, so the site works from
//! `file://`, from any sub-path, and from a ward folder copied alone.

mod chart;
mod comply;
mod context;
pub mod deps;
mod fragments;
mod made;
pub mod objects;
mod pages;
mod paginate;
mod record;
mod shared;
pub mod theme;
mod timeline;

use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Links, Record, Site, Status, Ward};
use context::{
    ward_info, ward_info_with, FileLink, HistoryView, LinkTo, Page, RecordLinks, WardInfo,
};
pub use context::{Summary, WardCounts};
pub use deps::{Dep, PageKey, Reads};
use made::For;
pub use made::Made;
use minijinja::value::Serde;
use minijinja::{Environment, Value};
use objects::RecordObject;
use rayon::prelude::*;
use serde::Serialize;
use shared::WardShared;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
pub use theme::Theme;

/// One file of the output tree.
#[derive(Debug, Clone)]
pub enum Output {
    /// Bytes generated in memory.
    Bytes(PathBuf, Vec<u8>),
    /// A file copied from the repository (an attachment).
    Copy(PathBuf, PathBuf),
}

impl Output {
    /// Path relative to the output folder.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Output::Bytes(p, _) | Output::Copy(p, _) => p,
        }
    }
}

/// Path of a record's page inside its ward folder.
pub fn record_path(r: &Record) -> String {
    format!("{}/{}.html", r.kind.slug(), r.id)
}

/// Renders the whole site.
pub fn render(site: &Site, links: &Links, theme: &Theme) -> Result<Vec<Output>, Vec<Diagnostic>> {
    render_selected(site, links, theme, None, None, |_| Some(None))
}

/// What each page rendered read (see [`deps`]).
pub type PageReads = Vec<(PageKey, Vec<Dep>)>;

/// What a render noted as it ran, for `serve`.
#[derive(Debug, Default)]
pub struct Recorded {
    /// What each page read (see [`deps`]).
    pub reads: PageReads,
    /// What part of the site each file was made for (see [`Made`]).
    pub made: Vec<(PathBuf, Made)>,
}

/// Renders the whole site (`part` `None`), or the portal, the site-wide
/// assets and, for each ward named in `part`, every page made with any part
/// of the ward (home, supervision, changes, search, projects) plus the
/// chosen lists and record pages (for `serve`, which renders again only what
/// a change affects); reports what each page read and what each file was
/// made for.
pub fn render_recorded(
    site: &Site,
    links: &Links,
    theme: &Theme,
    part: Option<&std::collections::BTreeMap<String, WardPart>>,
) -> Result<(Vec<Output>, Recorded), Vec<Diagnostic>> {
    let recorder = Recorder::default();
    let outputs = match part {
        None => render_selected(site, links, theme, None, Some(&recorder), |_| Some(None))?,
        Some(part) => render_selected(site, links, theme, None, Some(&recorder), |w| {
            part.get(&w.slug).map(|p| Some(p).filter(|p| !p.all))
        })?,
    };
    let mut reads = recorder.reads.into_inner().unwrap_or_default();
    reads.sort();
    let made = recorder.made.into_inner().unwrap_or_default();
    Ok((outputs, Recorded { reads, made }))
}

/// Where [`render_to`] hands each file as soon as it is made, from any thread.
pub type Sink<'s> = dyn Fn(Output) -> Result<(), Diagnostic> + Sync + 's;

/// Renders the whole site like [`render`], handing every file to `sink` as
/// soon as it is made instead of keeping the site in memory (`build` writes
/// them straight into its staging folder).
pub fn render_to(
    site: &Site,
    links: &Links,
    theme: &Theme,
    sink: &Sink,
) -> Result<(), Vec<Diagnostic>> {
    render_selected(site, links, theme, Some(sink), None, |_| Some(None)).map(|_| ())
}

/// [`render_to`] for the wards `wanted` keeps (by slug) alone: no portal,
/// no site-wide assets (see [`render_portal_to`]).
pub fn render_wards_to(
    site: &Site,
    links: &Links,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &Sink,
) -> Result<(), Vec<Diagnostic>> {
    let select = |w: &Ward| wanted(&w.slug).then_some(None);
    render_with(site, links, theme, false, Some(sink), None, select).map(|_| ())
}

/// The portal and the site-wide assets alone, each ward of `site` shown with
/// the counts `counts` gives (in the same order) instead of counting its
/// records: `congkhai portal` makes them from the wards' summaries.
pub fn render_portal_to(
    site: &Site,
    theme: &Theme,
    counts: &[WardCounts],
    sink: &Sink,
) -> Result<(), Vec<Diagnostic>> {
    let prepared = theme.prepared(&site.config.language).map_err(|d| vec![d])?;
    let (strings, env) = (&prepared.strings, &prepared.env);
    let links = Links::default();
    let r = Renderer {
        site,
        links: &links,
        env,
        strings,
        t: &prepared.t,
        theme,
        sink: Some(sink),
        recorder: None,
        budget: theme::Budget::new(1),
    };
    let wards = site
        .wards
        .iter()
        .zip(counts)
        .map(|(w, c)| ward_info_with(w, *c))
        .collect();
    let mut outputs = Vec::new();
    let mut diags = Vec::new();
    match r.portal(wards) {
        Ok(o) => r.emit(|| Made::Site, o, &mut outputs, &mut diags),
        Err(d) => diags.push(d),
    }
    for (name, bytes) in theme.static_files() {
        let o = Output::Bytes(PathBuf::from("assets").join(name), bytes.to_vec());
        r.emit(|| Made::Site, o, &mut outputs, &mut diags);
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// The pages of one ward to render again after a change (see
/// [`render_recorded`]).
#[derive(Debug, Default, Clone)]
pub struct WardPart {
    /// Every page of the ward, assets and attachments included.
    pub all: bool,
    /// Lists to render again, by kind.
    pub kinds: std::collections::BTreeSet<Kind>,
    /// Ids of the records whose pages and attachments to render again.
    pub records: std::collections::BTreeSet<String>,
}

/// The portal, the site-wide assets and the wards `select` picks: `None`
/// skips a ward, `Some(None)` renders all of it, `Some(Some(part))` a part.
fn render_selected<'p>(
    site: &Site,
    links: &Links,
    theme: &Theme,
    sink: Option<&Sink>,
    recorder: Option<&Recorder>,
    select: impl Fn(&Ward) -> Option<Option<&'p WardPart>> + Sync,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    render_with(site, links, theme, true, sink, recorder, select)
}

/// [`render_selected`], the portal and site-wide assets left out unless
/// `portal`.
fn render_with<'p>(
    site: &Site,
    links: &Links,
    theme: &Theme,
    portal: bool,
    sink: Option<&Sink>,
    recorder: Option<&Recorder>,
    select: impl Fn(&Ward) -> Option<Option<&'p WardPart>> + Sync,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let prepared = theme.prepared(&site.config.language).map_err(|d| vec![d])?;
    let (strings, env) = (&prepared.strings, &prepared.env);
    // Every record's page (and at most one project page per land record),
    // the lists, home, search and changes pages, and the portal.
    let pages = site
        .wards
        .iter()
        .map(|w| w.records.len() * 2 + Kind::ALL.len() + 6)
        .sum::<usize>()
        + 1;
    let r = Renderer {
        site,
        links,
        env,
        strings,
        t: &prepared.t,
        theme,
        sink,
        recorder,
        budget: theme::Budget::new(pages),
    };
    let mut outputs = Vec::new();
    let mut diags = Vec::new();
    if portal {
        let info = |w| ward_info(w, &site.config, site.today);
        // Every render makes them.
        match r.portal(site.wards.iter().map(info).collect()) {
            Ok(o) => r.emit(|| Made::Site, o, &mut outputs, &mut diags),
            Err(d) => diags.push(d),
        }
        for (name, bytes) in theme.static_files() {
            let o = Output::Bytes(PathBuf::from("assets").join(name), bytes.to_vec());
            r.emit(|| Made::Site, o, &mut outputs, &mut diags);
        }
    }
    let per_ward: Vec<(Vec<Output>, Vec<Diagnostic>)> = site
        .wards
        .par_iter()
        .filter_map(|w| select(w).map(|part| r.ward_part(w, part)))
        .collect();
    for (o, d) in per_ward {
        outputs.extend(o);
        diags.extend(d);
    }
    if diags.is_empty() {
        outputs.sort_by(|a, b| a.path().cmp(b.path()));
        Ok(outputs)
    } else {
        crate::diagnostics::sort(&mut diags);
        diags.dedup();
        Err(diags)
    }
}

/// The search index of one ward, which a partial render leaves out: `serve`
/// builds it again only when a browser asks for it. Each file with what it
/// is made for.
pub fn search_index(ward: &Ward) -> Vec<(Output, Made)> {
    let bodies: Vec<String> = ward
        .records
        .par_iter()
        .map(|r| crate::markdown::render(&r.body, "").text)
        .collect();
    let base = PathBuf::from(&ward.slug).join("search");
    crate::search::ward_index(ward, &bodies)
        .into_iter()
        .map(|f| {
            let made = For::Index.of(&ward.slug);
            (Output::Bytes(base.join(f.name), f.bytes), made)
        })
        .collect()
}

/// Collects what each page read and what each file was made for, from any
/// thread.
#[derive(Default)]
struct Recorder {
    reads: std::sync::Mutex<PageReads>,
    made: std::sync::Mutex<Vec<(PathBuf, Made)>>,
}

struct Renderer<'a> {
    site: &'a Site,
    links: &'a Links,
    env: &'a Environment<'static>,
    /// The interface strings of the site's language.
    strings: &'a std::collections::BTreeMap<String, String>,
    /// `t()`, the interface strings' function, for the pages' contexts.
    t: &'a Value,
    theme: &'a Theme,
    /// Takes each file as it is made; without it files are collected.
    sink: Option<&'a Sink<'a>>,
    /// Where each page's reads go, when they are wanted.
    recorder: Option<&'a Recorder>,
    /// The fuel and output the templates may still use in this build.
    budget: theme::Budget,
}

impl Renderer<'_> {
    /// Hands a file made for `made` to the sink, or keeps it in `outputs`.
    /// Every file leaves the renderer here or through [`Renderer::stream`]:
    /// both note what it was made for, so none escapes `serve`'s removals.
    fn emit(
        &self,
        made: impl FnOnce() -> Made,
        o: Output,
        outputs: &mut Vec<Output>,
        diags: &mut Vec<Diagnostic>,
    ) {
        self.note_made(o.path(), made);
        match self.sink {
            Some(sink) => {
                if let Err(d) = sink(o) {
                    diags.push(d);
                }
            }
            None => outputs.push(o),
        }
    }

    /// Hands a file of the ward `slug` made for `part` straight to `sink`.
    fn stream(&self, sink: &Sink, slug: &str, part: For, o: Output) -> Result<(), Diagnostic> {
        self.note_made(o.path(), || part.of(slug));
        sink(o)
    }

    /// Notes what the file at `path` was made for, when that is recorded.
    fn note_made(&self, path: &std::path::Path, made: impl FnOnce() -> Made) {
        if let Some(recorder) = self.recorder {
            if let Ok(mut all) = recorder.made.lock() {
                all.push((path.to_path_buf(), made()));
            }
        }
    }

    /// A recorder for one page, when reads are recorded.
    fn reads(&self) -> Option<Reads> {
        self.recorder.map(|_| Reads::default())
    }

    /// Keeps what a page read.
    fn keep(&self, page: PageKey, reads: Option<Reads>) {
        if let (Some(recorder), Some(reads)) = (self.recorder, reads) {
            let deps = reads.take();
            if let Ok(mut all) = recorder.reads.lock() {
                all.push((page, deps));
            }
        }
    }

    fn page(&self, depth: usize, in_ward: bool, kind: &'static str, path: String) -> Page<'_> {
        let up = "../".repeat(depth);
        let (root, ward_root) = if in_ward {
            (format!("{up}../"), Some(up.clone()))
        } else {
            (up.clone(), None)
        };
        Page {
            lang: &self.site.config.language,
            site_title: &self.site.config.title,
            site_description: &self.site.config.description,
            assets: format!("{up}assets/"),
            root,
            ward_root,
            kind,
            today: self.site.today.iso(),
            path,
            head: String::new(),
        }
    }

    fn render(&self, template: &str, ctx: Value) -> Result<Vec<u8>, Diagnostic> {
        self.budget.render(self.env, self.theme, template, ctx)
    }

    fn portal(&self, wards: Vec<WardInfo>) -> Result<Output, Diagnostic> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            page: Page<'a>,
            wards: Vec<WardInfo<'a>>,
        }
        let ctx = Ctx {
            page: self.page(0, false, "portal", "index.html".into()),
            wards,
        };
        let bytes = self.render("portal.html", Value::from(Serde(&ctx)))?;
        // The portal counts every ward's records.
        let reads = self.reads();
        if let Some(reads) = &reads {
            reads.add(Dep::Site);
        }
        self.keep(PageKey::Portal, reads);
        Ok(Output::Bytes("index.html".into(), bytes))
    }

    /// A ward's pages; with `only`, just the pages made with any part of
    /// it and the chosen lists and records. Each file is made for a part of
    /// the ward ([`For`]), which decides whether `only` makes it and, when
    /// recording, is noted for it.
    fn ward_part(&self, w: &Ward, only: Option<&WardPart>) -> (Vec<Output>, Vec<Diagnostic>) {
        let wanted = |r: &Record| For::Record(&r.id).made_by(only);
        let base = PathBuf::from(&w.slug);
        let mut outputs = Vec::new();
        let mut diags = Vec::new();
        let mut push = |part: For, path: PathBuf, res: Result<Vec<u8>, Diagnostic>| match res {
            Ok(bytes) => self.emit(
                || part.of(&w.slug),
                Output::Bytes(path, bytes),
                &mut outputs,
                &mut diags,
            ),
            Err(d) => diags.push(d),
        };
        for (name, bytes) in self
            .theme
            .static_files()
            .filter(|_| For::Whole.made_by(only))
        {
            push(
                For::Whole,
                base.join("assets").join(name),
                Ok(bytes.to_vec()),
            );
        }
        let summaries: Vec<Summary> = w.records.iter().map(|r| Summary::of(r)).collect();
        let views = comply::WardViews::of(self, w);
        let info = WardInfo {
            slug: &w.slug,
            profile: &w.profile,
            records: w.records.len(),
            posted: summaries
                .iter()
                .filter(|s| s.status == Status::Posted)
                .count(),
            overdue: summaries.iter().map(|s| s.overdue).sum(),
            // From the supervisor's views, computed once per ward.
            compliance: views.portal(),
        };
        let shared = WardShared::new(w, &info);
        for (path, res) in self.ward_home(w, &shared, &summaries, &views) {
            push(For::Ward, base.join(path), res);
        }
        // Like the home, they read every record of the ward: always rendered.
        for (path, res) in self.comply_pages(w, &shared, &views) {
            push(For::Ward, path, res);
        }
        push(
            For::Ward,
            base.join("search.html"),
            self.search_page(w, &shared),
        );
        // Like the home, it shows every record's title: always rendered.
        push(
            For::Ward,
            base.join("thay-doi.html"),
            self.changes_page(w, &shared),
        );
        // A land project's page chains records of its kind: like the home,
        // always rendered with the ward.
        for t in timeline::timelines(w, &self.site.config.law, self.site.today) {
            let path = base.join(timeline::FOLDER).join(format!("{}.html", t.slug));
            push(For::Ward, path, self.project_page(&shared, &t));
        }
        for kind in Kind::ALL
            .into_iter()
            .filter(|k| For::List(*k).made_by(only))
        {
            let items: Vec<&Summary> = summaries.iter().filter(|s| s.kind == kind).collect();
            for (path, res) in self.list(w, &shared, kind, &items) {
                push(For::List(kind), base.join(path), res);
            }
        }
        let by_id: HashMap<&str, &Arc<Record>> =
            w.records.iter().map(|r| (r.id.as_str(), r)).collect();
        // Each page returns its body's plain text for the search index,
        // which takes it a window of records at a time: a ward's texts are
        // never all held. A partial render leaves the index out (see
        // [`search_index`]).
        type RecordPage = (Option<(PathBuf, Result<Vec<u8>, Diagnostic>)>, String);
        let mut index = For::Index
            .made_by(only)
            .then(|| crate::search::Indexer::new(w));
        let window = index.as_ref().map_or(w.records.len(), |i| i.window());
        for records in w.records.chunks(window.max(1)) {
            let pages: Vec<RecordPage> = records
                .par_iter()
                .map(|r| {
                    if !wanted(r) {
                        return (None, String::new());
                    }
                    let path = base.join(record_path(r));
                    match (self.record(w, &shared, &by_id, r), self.sink) {
                        // Streamed, a page is written at once and not kept.
                        (Ok((bytes, text)), Some(sink)) => {
                            let o = Output::Bytes(path.clone(), bytes);
                            match self.stream(sink, &w.slug, For::Record(&r.id), o) {
                                Ok(()) => (None, text),
                                Err(d) => (Some((path, Err(d))), text),
                            }
                        }
                        (Ok((bytes, text)), None) => (Some((path, Ok(bytes))), text),
                        (Err(d), _) => (Some((path, Err(d))), String::new()),
                    }
                })
                .collect();
            let mut bodies = Vec::with_capacity(pages.len());
            for (r, (page, text)) in records.iter().zip(pages) {
                if let Some((p, res)) = page {
                    push(For::Record(&r.id), p, res);
                }
                bodies.push(text);
            }
            if let Some(index) = &mut index {
                index.add(&bodies);
            }
        }
        if let Some(index) = index {
            for f in index.finish() {
                push(For::Index, base.join("search").join(f.name), Ok(f.bytes));
            }
        }
        for r in w.records.iter().filter(|r| wanted(r)) {
            for f in &r.files {
                let path = base.join("files").join(&r.id).join(&f.file_name);
                self.emit(
                    || For::Record(&r.id).of(&w.slug),
                    Output::Copy(path, f.source.clone()),
                    &mut outputs,
                    &mut diags,
                );
            }
        }
        (outputs, diags)
    }
}

/// A value converted through serde.
fn ser<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from(Serde(v))
}
