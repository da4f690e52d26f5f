//! A build kept in memory between edits, for `serve`. It runs the same two
//! phases as [`super::build`] (`check_with`) and memoises the first:
//! each record file is read, checked on its own and prepared for linking once
//! per version (a `RecordMemo`); phase two, across records, runs again over
//! the memoised records; and only the pages a change affects are rendered
//! again: the render reports what each page read (records, link facts,
//! lists; see [`crate::render::deps`]), the session keeps the reverse index,
//! and a change renders again exactly the pages that read something that
//! changed. The search index of a ward, which
//! covers all its records, is built again only when asked for
//! ([`Session::refresh_search`]). [`Session::quick`] serves the most common
//! edit faster still. It writes nothing: the caller serves
//! [`Session::outputs`].
//!
//! `tests/session.rs` holds it to its promise: after every kind of edit the
//! pages in memory are byte for byte those of a full build.

mod changes;

use super::{check_with, RecordMemo};
use crate::date::{resolve_today, Date};
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{Reader, RecordFile};
use crate::model::{Links, Record, RecordData, Site};
use crate::render::{self, Dep, Made, Output, PageKey, PageReads, Theme, WardPart};
use changes::{affected, gone, same, View};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The site as last built without errors, and what is needed to rebuild it.
pub struct Session {
    root: PathBuf,
    today: Option<Date>,
    /// Record files read, checked and prepared (phase one); `None` until
    /// the first rebuild, and after the configuration or the date changed.
    cache: Option<RecordMemo>,
    theme: Option<Theme>,
    good: Option<(Site, Links)>,
    outputs: HashMap<PathBuf, Arc<Output>>,
    /// What part of the site each rendered file of `outputs` was made for,
    /// as the render noted it (the open data files have none): a partial
    /// render drops the files of the parts it covered that it did not make
    /// again.
    made: HashMap<PathBuf, Made>,
    pending: Pending,
    /// (file a record reads besides its own: a CSV table or an attachment,
    /// the record's file), both absolute.
    reads: Vec<(PathBuf, PathBuf)>,
    /// Wards whose search index is older than their pages.
    stale_search: BTreeSet<String>,
    /// The configuration the cache was made with.
    config: Option<crate::config::Config>,
    /// What each page of the site read when it was last rendered.
    pages: HashMap<PageKey, Vec<Dep>>,
    /// The open data files of the last good site (see [`crate::export`]).
    exported: BTreeSet<PathBuf>,
    /// The same, turned around: what is read → the pages that read it.
    readers: HashMap<Dep, BTreeSet<PageKey>>,
    /// The repository's history from git, read at the first good build
    /// (one `git log`, as `build` does) and kept: commits made while
    /// `serve` runs show after a restart. With the notes it gave.
    history: Option<(Arc<crate::history::History>, Vec<Diagnostic>)>,
}

/// Changes seen since the last build without errors.
#[derive(Default)]
struct Pending {
    /// Render everything (first build, configuration, theme, date).
    full: bool,
    /// Changed paths, absolute: files or folders.
    paths: BTreeSet<PathBuf>,
}

/// What one rebuild changed.
pub struct Rebuilt {
    /// Findings of the whole repository (warnings and notes: a rebuild with
    /// errors is an `Err`).
    pub diagnostics: Vec<Diagnostic>,
    /// Files that are new or whose bytes changed, relative to the site root.
    pub changed: Vec<(PathBuf, Arc<Output>)>,
    /// Files no longer in the site.
    pub removed: Vec<PathBuf>,
    /// Files rendered (changed or not).
    pub rendered: usize,
    /// Whether the whole site was rendered.
    pub full: bool,
    /// Record files changed since the previous good build, relative to the root.
    pub sources: Vec<PathBuf>,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Session {
    /// A session for the repository at `root`; `today` fixes the date of
    /// statuses (otherwise today in Vietnam, at each rebuild). Nothing is
    /// read until the first [`Session::rebuild`].
    pub fn new(root: &Path, today: Option<Date>) -> Result<Session, Vec<Diagnostic>> {
        let root = root.canonicalize().map_err(|e| {
            Diagnostic::error(
                "E0003",
                root.to_path_buf(),
                0,
                format!("không mở được thư mục gốc: {e}"),
            )
            .with_help("Chạy lệnh trong thư mục có `congkhai.toml`, hoặc dùng `--root`.")
        });
        let root = root.map_err(|d| vec![d])?;
        Ok(Session {
            root,
            today,
            cache: None,
            theme: None,
            good: None,
            outputs: HashMap::new(),
            made: HashMap::new(),
            pending: Pending {
                full: true,
                paths: BTreeSet::new(),
            },
            reads: Vec::new(),
            stale_search: BTreeSet::new(),
            config: None,
            pages: HashMap::new(),
            exported: BTreeSet::new(),
            readers: HashMap::new(),
            history: None,
        })
    }

    /// The repository root, absolute.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The files of the last good build, by path relative to the site root.
    pub fn outputs(&self) -> &HashMap<PathBuf, Arc<Output>> {
        &self.outputs
    }

    /// What to watch: the configuration, the content folder and `themes/`.
    pub fn watched(&self) -> Vec<PathBuf> {
        let content = crate::config::Config::load(&self.root)
            .map(|c| c.content_dir)
            .unwrap_or_else(|_| PathBuf::from("content"));
        vec![
            self.root.join(crate::config::CONFIG_FILE),
            self.root.join(crate::law::LAW_FILE),
            self.root.join(content),
            self.root.join("themes"),
        ]
    }

    /// Notes that `path` (absolute; a file or a folder) changed, was created
    /// or was removed. The next [`Session::rebuild`] takes it into account.
    pub fn changed(&mut self, path: &Path) {
        let path = self.absolute(path);
        if path == self.root.join(crate::config::CONFIG_FILE)
            || path == self.root.join(crate::law::LAW_FILE)
            || path == self.root
        {
            // Limits, folders and the law come from the configuration: read
            // all again.
            self.cache = None;
            self.pending.full = true;
            return;
        }
        if path.starts_with(self.root.join("themes")) {
            self.theme = None;
            self.pending.full = true;
            return;
        }
        let Some(cache) = &self.cache else {
            self.pending.paths.insert(path);
            return;
        };
        cache.forget(&path);
        for (read, record) in &self.reads {
            if read.starts_with(&path) {
                cache.forget(record);
                self.pending.paths.insert(record.clone());
            }
        }
        self.pending.paths.insert(path);
    }

    /// Runs the pipeline again for the changes noted. On errors the last good
    /// site stays as it was (and the changes stay noted for the next try).
    pub fn rebuild(&mut self) -> Result<Rebuilt, Vec<Diagnostic>> {
        let mut timings = Vec::new();
        let today = match self.today {
            Some(d) => d,
            None => resolve_today(None)
                .map_err(|e| vec![Diagnostic::error("E0001", PathBuf::new(), 0, e)])?,
        };
        if self
            .good
            .as_ref()
            .is_some_and(|(site, _)| site.today != today)
        {
            // Statuses of every record depend on the date.
            self.cache = None;
            self.pending.full = true;
        }
        let t = Instant::now();
        if self.cache.is_none() {
            let config = crate::config::Config::load(&self.root).map_err(|d| vec![d])?;
            self.cache = Some(RecordMemo::default());
            self.config = Some(config);
            // Read again with the new configuration or date.
            self.history = None;
        }
        let mut checked = check_with(&self.root, today, &[], self.cache.as_ref())?;
        self.reads = reads_of(&self.root, &checked.site);
        timings.push(("load+validate+link", t.elapsed()));
        if checked
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            return Err(checked.diagnostics);
        }
        let t = Instant::now();
        let (history, notes) = self.history.get_or_insert_with(|| {
            let (history, notes) = crate::history::read(&checked.site);
            (Arc::new(history), notes)
        });
        checked.site.history = Arc::clone(history);
        checked.diagnostics.extend(notes.iter().cloned());
        timings.push(("history", t.elapsed()));
        let t = Instant::now();
        if self.theme.is_none() {
            self.theme = Some(
                Theme::load(Some(&self.root.join("themes").join("default")))
                    .map_err(|d| vec![d])?,
            );
        }
        let Some(theme) = &self.theme else {
            return Err(Vec::new());
        };
        let sources = self.changed_sources();
        let part = match &self.good {
            Some((old, old_links)) if !self.pending.full => affected(
                &self.readers,
                View::of(old, old_links),
                View::of(&checked.site, &checked.links),
                &sources,
            ),
            _ => None,
        };
        let full = part.is_none();
        let (rendered, recorded) =
            render::render_recorded(&checked.site, &checked.links, theme, part.as_ref())?;
        self.keep_reads(recorded.reads, part.as_ref());
        timings.push(("render", t.elapsed()));
        let t = Instant::now();
        let count = rendered.len();
        let mut fresh: HashMap<PathBuf, Output> = rendered
            .into_iter()
            .map(|o| (o.path().to_path_buf(), o))
            .collect();
        let kept = part.as_ref().map(|_| &self.outputs);
        let pages = pages_with(&fresh, kept);
        let exports = exports(&checked.site, part.as_ref(), &pages)?;
        let stale = self.exported_since(&exports, part.as_ref());
        fresh.extend(exports);
        let mut removed: Vec<PathBuf> = match &part {
            None => self
                .outputs
                .keys()
                .filter(|p| !fresh.contains_key(*p))
                .cloned()
                .collect(),
            Some(part) => gone(part, &self.made, &fresh),
        };
        for p in stale {
            if !removed.contains(&p) {
                removed.push(p);
            }
        }
        let changed = self.apply(fresh, recorded.made, &mut removed);
        match &part {
            None => self.stale_search.clear(),
            Some(part) => self.stale_search.extend(
                part.iter()
                    .filter(|(_, p)| !p.all)
                    .map(|(slug, _)| slug.clone()),
            ),
        }
        timings.push(("compare", t.elapsed()));
        self.good = Some((checked.site, checked.links));
        self.pending = Pending::default();
        Ok(Rebuilt {
            diagnostics: checked.diagnostics,
            changed,
            removed,
            rendered: count,
            full,
            sources,
            timings,
        })
    }

    /// The common edit made fast: when only record files changed, and none
    /// in what the stages across records read (id, kind, dates that decide
    /// visibility, replacements, citations, numbers, dialogues), the site
    /// is the last one with those records swapped for their new version, so
    /// only their files are read and checked and only their pages rendered.
    /// `None` when that does not hold (or a file has errors): then
    /// [`Session::rebuild`] does the work. After a quick rebuild the changes
    /// stay noted, so that a [`Session::rebuild`] that follows runs the whole
    /// pipeline over them and corrects anything the quick one missed.
    pub fn quick(&mut self) -> Option<Rebuilt> {
        let t = Instant::now();
        if self.pending.full || self.pending.paths.is_empty() {
            return None;
        }
        let today = self.today.or_else(|| resolve_today(None).ok())?;
        let (cache, config, theme) = (
            self.cache.as_ref()?,
            self.config.as_ref()?,
            self.theme.as_ref()?,
        );
        let (site, links) = self.good.as_mut()?;
        if site.today != today {
            return None;
        }
        let sources = self
            .pending
            .paths
            .iter()
            .map(|p| p.strip_prefix(&self.root).map(Path::to_path_buf).ok())
            .collect::<Option<Vec<PathBuf>>>()?;
        let mut diagnostics = Vec::new();
        let mut swaps = Vec::new();
        for (path, rel) in self.pending.paths.iter().zip(&sources) {
            let old = site
                .wards
                .iter()
                .flat_map(|w| w.records.iter())
                .find(|r| r.source.path == *rel)?;
            let file = RecordFile {
                kind: old.kind,
                path: path.clone(),
                shared: old.shared,
            };
            let (new, diags) =
                cache.record(&Reader::new(&self.root, &self.root, config), &file, today);
            let new = new?;
            if diags.iter().any(|d| d.severity == Severity::Error)
                || !crate::link::visible(&new, today)
            {
                return None;
            }
            diagnostics.extend(diags);
            swaps.push((rel, new));
        }
        // The wards with the new versions, linked again: the quick path
        // holds only while no fact across records changes.
        let mut records: Vec<Vec<Arc<Record>>> = Vec::with_capacity(site.wards.len());
        let mut new_links = Links::default();
        for w in &site.wards {
            let mut list = w.records.clone();
            for slot in &mut list {
                if let Some((_, new)) = swaps.iter().find(|(rel, _)| slot.source.path == **rel) {
                    *slot = Arc::clone(new);
                }
            }
            crate::link::link_ward(&w.slug, &mut list, &mut new_links);
            records.push(list);
        }
        if new_links.cited_by != links.cited_by
            || new_links.superseded_by != links.superseded_by
            || new_links.identifiers != links.identifiers
        {
            return None;
        }
        let old_records: Vec<Vec<Arc<Record>>> =
            site.wards.iter().map(|w| w.records.clone()).collect();
        for (w, list) in site.wards.iter_mut().zip(records) {
            w.records = list;
        }
        // Which pages read these records: as for a full rebuild, with the
        // links unchanged.
        let before = View {
            wards: site
                .wards
                .iter()
                .zip(&old_records)
                .map(|(w, records)| (w, records.as_slice()))
                .collect(),
            links,
            language: &site.config.language,
        };
        let part = affected(&self.readers, before, View::of(site, links), &sources)?;
        let mut timings = vec![("read+check", t.elapsed())];
        let t = Instant::now();
        let (rendered, recorded) = render::render_recorded(site, links, theme, Some(&part)).ok()?;
        timings.push(("render", t.elapsed()));
        let count = rendered.len();
        let mut fresh: HashMap<PathBuf, Output> = rendered
            .into_iter()
            .map(|o| (o.path().to_path_buf(), o))
            .collect();
        let gone_files = gone(&part, &self.made, &fresh);
        let pages = pages_with(&fresh, Some(&self.outputs));
        let exports = exports(site, Some(&part), &pages).ok()?;
        let mut removed = self.exported_since(&exports, Some(&part));
        fresh.extend(exports);
        for p in gone_files {
            if !removed.contains(&p) {
                removed.push(p);
            }
        }
        self.keep_reads(recorded.reads, Some(&part));
        let changed = self.apply(fresh, recorded.made, &mut removed);
        self.stale_search.extend(part.keys().cloned());
        crate::diagnostics::sort(&mut diagnostics);
        Some(Rebuilt {
            diagnostics,
            changed,
            removed,
            rendered: count,
            full: false,
            sources,
            timings,
        })
    }

    /// Wards whose search index is older than their pages: a rebuild that
    /// renders only some pages leaves the index out, as it covers the whole
    /// ward. [`Session::refresh_search`] brings it up to date.
    pub fn stale_search(&self) -> &BTreeSet<String> {
        &self.stale_search
    }

    /// Builds the search index of the ward `slug` again when it is stale;
    /// returns the files that changed and the files removed.
    pub fn refresh_search(&mut self, slug: &str) -> (Vec<(PathBuf, Arc<Output>)>, Vec<PathBuf>) {
        if !self.stale_search.remove(slug) {
            return (Vec::new(), Vec::new());
        }
        let Some(ward) = self
            .good
            .as_ref()
            .and_then(|(site, _)| site.wards.iter().find(|w| w.slug == slug))
        else {
            return (Vec::new(), Vec::new());
        };
        let (fresh, made): (HashMap<PathBuf, Output>, Vec<(PathBuf, Made)>) =
            render::search_index(ward)
                .into_iter()
                .map(|(o, m)| {
                    let path = o.path().to_path_buf();
                    ((path.clone(), o), (path, m))
                })
                .unzip();
        let mut removed: Vec<PathBuf> = self
            .made
            .iter()
            .filter(|(p, m)| m.is_index_of(slug) && !fresh.contains_key(*p))
            .map(|(p, _)| p.clone())
            .collect();
        let changed = self.apply(fresh, made, &mut removed);
        (changed, removed)
    }

    /// Notes `exports` as the open data files made again (of the wards in
    /// `part`, or of every ward); returns the files they replace that are
    /// no longer made.
    fn exported_since(
        &mut self,
        exports: &HashMap<PathBuf, Output>,
        part: Option<&BTreeMap<String, WardPart>>,
    ) -> Vec<PathBuf> {
        let (redone, kept): (BTreeSet<PathBuf>, BTreeSet<PathBuf>) =
            std::mem::take(&mut self.exported)
                .into_iter()
                .partition(|p| exported_again(p, part));
        let stale = redone
            .into_iter()
            .filter(|p| !exports.contains_key(p))
            .collect();
        self.exported = kept;
        self.exported.extend(exports.keys().cloned());
        stale
    }

    /// Puts `fresh` into the outputs, with what the rendered ones were
    /// `made` for, and takes `removed` out; returns the files whose bytes
    /// changed, sorted.
    fn apply(
        &mut self,
        fresh: HashMap<PathBuf, Output>,
        made: Vec<(PathBuf, Made)>,
        removed: &mut [PathBuf],
    ) -> Vec<(PathBuf, Arc<Output>)> {
        removed.sort();
        self.made.extend(made);
        let mut changed = Vec::new();
        for (path, out) in fresh {
            if self.outputs.get(&path).is_some_and(|old| same(old, &out)) {
                continue;
            }
            let out = Arc::new(out);
            self.outputs.insert(path.clone(), Arc::clone(&out));
            changed.push((path, out));
        }
        changed.sort_by(|a, b| a.0.cmp(&b.0));
        for p in removed.iter() {
            self.outputs.remove(p);
            self.made.remove(p);
        }
        changed
    }

    /// Keeps what the pages just rendered read. A full render (`part`
    /// `None`) replaces everything kept; a partial one first forgets the
    /// pages that are gone (a removed record's, or any of a ward rendered
    /// whole).
    fn keep_reads(&mut self, reads: PageReads, part: Option<&BTreeMap<String, WardPart>>) {
        match part {
            None => {
                self.pages.clear();
                self.readers.clear();
            }
            Some(part) => {
                let stale: Vec<PageKey> = self
                    .pages
                    .keys()
                    .filter(|k| match k {
                        PageKey::Record(w, id) => {
                            part.get(w).is_some_and(|p| p.all || p.records.contains(id))
                        }
                        PageKey::List(w, _) | PageKey::Home(w) | PageKey::Search(w) => {
                            part.get(w).is_some_and(|p| p.all)
                        }
                        PageKey::Portal => false,
                    })
                    .cloned()
                    .collect();
                for page in stale {
                    self.forget(&page);
                }
            }
        }
        for (page, deps) in reads {
            self.forget(&page);
            for dep in &deps {
                self.readers
                    .entry(dep.clone())
                    .or_default()
                    .insert(page.clone());
            }
            self.pages.insert(page, deps);
        }
    }

    /// Drops a page from what the session keeps of the pages' reads.
    fn forget(&mut self, page: &PageKey) {
        for dep in self.pages.remove(page).unwrap_or_default() {
            if let Some(set) = self.readers.get_mut(&dep) {
                set.remove(page);
                if set.is_empty() {
                    self.readers.remove(&dep);
                }
            }
        }
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }

    /// The pending paths, relative to the root.
    fn changed_sources(&self) -> Vec<PathBuf> {
        self.pending
            .paths
            .iter()
            .map(|p| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf())
            .collect()
    }
}

/// Which files each record reads besides its own: its CSV tables and its
/// attachments, as written (so a missing file that appears is noticed).
fn reads_of(root: &Path, site: &Site) -> Vec<(PathBuf, PathBuf)> {
    let mut reads = Vec::new();
    let mut seen = BTreeSet::new();
    for r in site.wards.iter().flat_map(|w| w.records.iter()) {
        let tables = match &r.data {
            RecordData::Fund(f) => f.receipts_csv.is_some() || f.expenses_csv.is_some(),
            RecordData::Land(l) => l.parcels_csv.is_some(),
            _ => false,
        };
        // Most records read nothing else: skip them before any allocation.
        if (!tables && r.common.attachments.is_empty()) || !seen.insert(&r.source.path) {
            continue;
        }
        let file = root.join(&r.source.path);
        let dir = file.parent().unwrap_or(root).to_path_buf();
        let mut written: Vec<&str> = r
            .common
            .attachments
            .iter()
            .map(|a| a.path.as_str())
            .collect();
        match &r.data {
            RecordData::Fund(f) => written.extend(
                f.receipts_csv
                    .iter()
                    .chain(&f.expenses_csv)
                    .map(String::as_str),
            ),
            RecordData::Land(l) => written.extend(l.parcels_csv.as_deref()),
            _ => {}
        }
        for w in written {
            reads.push((dir.join(w), file.clone()));
        }
        for f in &r.files {
            reads.push((f.source.clone(), file.clone()));
        }
    }
    reads
}

/// The pages of the site once `fresh` is in (for the sitemap): those
/// rendered now and, after a partial render, those `kept` from before.
fn pages_with(
    fresh: &HashMap<PathBuf, Output>,
    kept: Option<&HashMap<PathBuf, Arc<Output>>>,
) -> Vec<String> {
    let written = crate::export::sitemap::Written::default();
    fresh.values().for_each(|o| written.note(o));
    kept.into_iter()
        .flat_map(|k| k.values())
        .for_each(|o| written.note(o));
    written.take_all()
}

/// Whether the export file at `path` is made again when the wards in
/// `part` (all wards without it) are: the portal's files always are.
fn exported_again(path: &Path, part: Option<&BTreeMap<String, WardPart>>) -> bool {
    let Some(part) = part else {
        return true;
    };
    let mut parts = path.components();
    match (parts.next(), parts.next()) {
        (Some(ward), Some(_)) => part.contains_key(&*ward.as_os_str().to_string_lossy()),
        _ => true,
    }
}

/// The open data files (JSON, CSV, feeds, catalogues) of the wards in
/// `part` (every ward without it) and of the portal, made by the code
/// `build` writes them with.
fn exports(
    site: &Site,
    part: Option<&BTreeMap<String, WardPart>>,
    pages: &[String],
) -> Result<HashMap<PathBuf, Output>, Vec<Diagnostic>> {
    let made = std::sync::Mutex::new(HashMap::new());
    let wanted = |slug: &str| part.is_none_or(|p| p.contains_key(slug));
    crate::export::write_some(site, &wanted, pages, &|o: Output| {
        if let Ok(mut made) = made.lock() {
            made.insert(o.path().to_path_buf(), o);
        }
        Ok(())
    })?;
    made.into_inner().map_err(|_| Vec::new())
}
