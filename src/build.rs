//! The pipeline, as it runs: load → validate → link → render → write, in two
//! phases (per record, then across records: see `phases`). `check` stops
//! after link; `build` goes on to write. Nothing here prints.

use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::model::{Links, Site, Ward};
use crate::render::{self, Theme};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod cache;
mod groups;
mod phases;

pub mod session;
pub mod shard;

use groups::{forget_bodies, forget_sources, ward_groups, GROUP_RECORDS};
pub(crate) use phases::RecordMemo;
pub use phases::{record_phase, site_phase};
pub use session::Session;
pub use shard::{portal, PortalOptions, PortalReport};

/// The outcome of `check`: the linked model and every finding.
pub struct Checked {
    /// The site as it would be built.
    pub site: Site,
    /// Citations and replacements.
    pub links: Links,
    /// Findings of all severities, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Records loaded (before drafts were set aside).
    pub records: usize,
}

/// Loads, validates and links the repository at `root`. `Err` only when the
/// repository cannot be read at all.
pub fn check(root: &Path, today: Date, only_wards: &[String]) -> Result<Checked, Vec<Diagnostic>> {
    check_with(root, today, only_wards, None)
}

/// [`check`], taking phase one's results from `memo` where it has them and
/// keeping the ones it makes there (see [`Session`]). With `only_wards`,
/// the other wards' records are not read.
pub(crate) fn check_with(
    root: &Path,
    today: Date,
    only_wards: &[String],
    memo: Option<&RecordMemo>,
) -> Result<Checked, Vec<Diagnostic>> {
    let mut walk = crate::load::walk(root, memo.map(RecordMemo::listings)).map_err(|d| vec![d])?;
    for slug in only_wards {
        if !walk.ward_slugs().any(|w| w == slug) {
            return Err(vec![Diagnostic::error(
                "E0007",
                walk.config.content_dir.join(slug),
                0,
                format!("không có phường `{slug}`"),
            )]);
        }
    }
    if !only_wards.is_empty() {
        walk.retain_wards(|slug| only_wards.iter().any(|w| w == slug));
    }
    // Phase one, each record file on its own, in parallel; the results stay
    // in the order of the files.
    let read: Vec<_> = {
        let reader = walk.reader();
        walk.files()
            .par_iter()
            .map(|file| match memo {
                Some(memo) => memo.record(&reader, file, today),
                None => record_phase(&reader, file, today),
            })
            .collect()
    };
    let (loaded, mut diags) = walk.assemble(read);
    let records = loaded.shared.len() + loaded.wards.iter().map(|w| w.records.len()).sum::<usize>();
    // Phase two, across records.
    let (site, links, across) = site_phase(loaded, today);
    diags.extend(across);
    diagnostics::sort(&mut diags);
    diags.dedup();
    Ok(Checked {
        site,
        links,
        diagnostics: diags,
        records,
    })
}

/// What a build did.
pub struct BuildReport {
    /// Findings (warnings and notes only: a build with errors does not write).
    pub diagnostics: Vec<Diagnostic>,
    /// Wards built.
    pub wards: usize,
    /// Of those, the wards taken unchanged from the previous site.
    pub cached: usize,
    /// Wards neither read nor checked: their findings came from the cache
    /// (those taken from the previous site, and those not built this time
    /// whose inputs did not change).
    pub unread: usize,
    /// Records published.
    pub records: usize,
    /// Files written (those of wards taken from the previous site included).
    pub files: usize,
    /// Bytes written (the same).
    pub bytes: u64,
    /// Where the site is.
    pub out: PathBuf,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Options of a build.
pub struct BuildOptions {
    /// Repository root.
    pub root: PathBuf,
    /// Output folder; defaults to the configuration's `output_dir` under the root.
    pub out: Option<PathBuf>,
    /// Build only these wards.
    pub wards: Vec<String>,
    /// Date for statuses.
    pub today: Date,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Replace an output folder that holds files but no site written by congkhai.
    pub force: bool,
    /// Take the wards whose inputs did not change from the previous site
    /// (see [`cache`]); `false` renders every ward.
    pub cache: bool,
}

/// Runs the whole pipeline. On any error nothing is written and the previous
/// site stays as it was. With [`BuildOptions::wards`], the whole repository is
/// checked (the portal lists every ward) but only the portal and those wards
/// are written; the other wards' folders in the output stay as they were.
///
/// Memory is bounded by the largest wards, not by the repository: the
/// shared documents are read once, then the wards are read, checked,
/// linked, rendered and written a few at a time (as many as there are
/// threads, and at most [`GROUP_RECORDS`] records unless one ward alone has
/// more) and dropped before the next ones. What needs every ward (the
/// ward codes, the documents cited and missing, the portal) works from small
/// per-ward parts. The findings and the site are those of [`check`] and a
/// build of the whole model at once.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let today = opts.today;
    let mut walk = crate::load::walk(&opts.root, None).map_err(|d| vec![d])?;
    for slug in &opts.wards {
        if !walk.ward_slugs().any(|w| w == slug) {
            return Err(vec![Diagnostic::error(
                "E0007",
                walk.config.content_dir.join(slug),
                0,
                format!("không có phường `{slug}`"),
            )]);
        }
    }
    let mut diags = walk.take_diagnostics();
    let chosen = |slug: &str| opts.wards.is_empty() || opts.wards.iter().any(|w| w == slug);
    let content = walk.config.content_dir.clone();
    let root = opts.root.as_path();
    // A finding in a ward not built this time does not stop the build.
    let elsewhere = |d: &Diagnostic| {
        let file = d.file.strip_prefix(root).unwrap_or(&d.file);
        file.strip_prefix(&content)
            .ok()
            .and_then(|rest| rest.components().next())
            .is_some_and(|c| {
                let slug = c.as_os_str().to_string_lossy();
                slug != crate::load::SHARED_DIR
                    && walk.ward_slugs().any(|w| w == slug)
                    && !chosen(&slug)
            })
    };
    let severe = |d: &Diagnostic| {
        d.severity == diagnostics::Severity::Error
            || (opts.deny_warnings && d.severity == diagnostics::Severity::Warning)
    };
    // Stops the build for sure: nothing more needs rendering.
    let stops = |d: &Diagnostic| severe(d) && !elsewhere(d);
    diags.extend(crate::validate::validate_ward_codes(&walk.profiles()));
    let reader = walk.reader();
    let shared_read: Vec<_> = walk
        .shared_files()
        .par_iter()
        .map(|f| record_phase(&reader, f, today))
        .collect();
    let (shared, d) = walk.assemble_shared(shared_read);
    diags.extend(d);
    let mut failing = diags.iter().any(stops);
    timings.add("load+validate+link", t.elapsed());

    // Where the site goes; a problem here is reported only when the
    // content has none (as when nothing is written before the content is
    // checked).
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| opts.root.join(&walk.config.output_dir));
    let sources = crate::write::target::Sources {
        root: &opts.root,
        content: &walk.config.content_dir,
        from_config: opts.out.is_none(),
    };
    let target_error = |e: crate::write::target::TargetError| {
        Diagnostic::error(e.code(), e.path().to_path_buf(), 0, e.to_string()).with_help(e.help())
    };
    let write_error = |e: std::io::Error| {
        Diagnostic::error(
            "E0020",
            out.clone(),
            0,
            format!("không ghi được trang: {e}"),
        )
        .with_help("Kiểm tra quyền ghi và dung lượng đĩa; trang cũ vẫn được giữ nguyên.")
    };
    // The lock is held from here until the site is in place.
    let opened = if failing {
        None
    } else {
        Some(
            crate::write::target::open(&out, &sources, opts.force)
                .map_err(|e| vec![target_error(e)])
                .and_then(|target| {
                    let theme = Theme::load(Some(&opts.root.join("themes").join("default")))
                        .map_err(|d| vec![d])?;
                    // Pages go to the staging folder as they are made; on
                    // any error the staging folder is dropped.
                    let staging = crate::write::Staging::create(&target)
                        .map_err(|e| vec![target_error(e)])?;
                    Ok((target, theme, staging))
                }),
        )
    };
    // Why nothing more is written (the output, the theme, a page).
    let mut blocked: Option<Vec<Diagnostic>> = None;
    let writer = match opened {
        Some(Ok(w)) => Some(w),
        Some(Err(d)) => {
            blocked = Some(d);
            None
        }
        None => None,
    };
    let previous = match &writer {
        Some((target, _, _)) if opts.cache => cache::read(&target.out),
        _ => BTreeMap::new(),
    };
    let t = Instant::now();
    // The log kept in the build cache saves reading the commits it holds.
    let log_cache = writer
        .as_ref()
        .map(|(target, _, _)| cache::dir(&target.out));
    let log = crate::history::Log::read_cached(
        &opts.root,
        log_cache.as_deref().map(|dir| crate::history::LogCache {
            dir,
            reuse: opts.cache,
        }),
    );
    timings.add("history", t.elapsed());

    // Each ward's key, from its files' metadata (and the contents of the
    // files that changed), before any of its records is read. A ward whose
    // key is the one the cache holds is neither read nor checked: its
    // findings and what the portal shows of it come from the cache, and,
    // when it is built this time, its folder from the previous site.
    let t = Instant::now();
    // The pages the render wrote, per ward (for the summaries and the sitemap).
    let written = crate::export::sitemap::Written::default();
    let skip_exports = std::env::var_os(BENCH_NO_EXPORTS).is_some();
    let count = walk.ward_count();
    let slugs: Vec<String> = walk.ward_slugs().map(str::to_string).collect();
    let mut prepared: Vec<cache::Prepared> = match &writer {
        Some((target, theme, _)) => {
            match cache::Common::new(
                &cache::dir(&target.out),
                &opts.root,
                &walk.config,
                theme.digest(),
                today,
                &log,
            ) {
                Some(common) => {
                    let refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
                    let content_dir = opts.root.join(&content);
                    cache::prepare(
                        &common,
                        &content_dir,
                        &refs,
                        &target.out,
                        &previous,
                        opts.cache,
                    )
                }
                None => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    prepared.resize_with(count, Default::default);
    // The documents cited and missing, over every ward.
    let mut missing = crate::validate::MissingTally::default();
    let (mut built, mut records) = (0usize, 0usize);
    let mut parts: Vec<Option<WardPart>> = (0..count).map(|_| None).collect();
    // Per ward: taken from the previous site; its data in the cache is
    // that of its key.
    let mut carried = vec![false; count];
    let mut saved = vec![false; count];
    let mut unread = 0usize;
    let mut unsaved: Option<std::io::Error> = None;
    let mut todo = Vec::new();
    let mut replays: Vec<Option<(cache::WardData, cache::Replay)>> = (0..count)
        .map(|i| {
            let data = prepared[i].data.take()?;
            let replay = data.replay(&slugs[i])?;
            Some((data, replay))
        })
        .collect();
    let mut kept = keep_unchanged(
        writer.as_ref().map(|(_, _, staging)| staging),
        &slugs,
        &replays,
        &previous,
        &chosen,
    );
    for i in 0..count {
        let slug = &slugs[i];
        let Some((mut data, replay)) = replays[i].take() else {
            todo.push(i);
            continue;
        };
        if chosen(slug) {
            let Some(check) = kept[i].take() else {
                todo.push(i);
                continue;
            };
            match check {
                Ok(true) => carried[i] = true,
                Ok(false) => {
                    todo.push(i);
                    continue;
                }
                Err(e) => {
                    blocked = Some(vec![write_error(e)]);
                    todo.push(i);
                    continue;
                }
            }
            built += 1;
            records += replay.published;
        }
        if let Some((target, _, _)) = &writer {
            // Best effort: unrecorded metadata only means hashing again.
            let _ = prepared[i].refresh(&target.out, slug, &mut data);
        }
        failing |= replay.findings.iter().any(stops);
        diags.extend(replay.findings);
        missing.extend(replay.missing);
        parts[i] = Some(WardPart {
            ward: replay.ward,
            counts: replay.counts,
            pages: replay.pages,
        });
        saved[i] = true;
        unread += 1;
    }
    timings.add("cache", t.elapsed());

    // The other wards, a few at a time.
    let mut history_diags = Vec::new();
    let per = rayon::current_num_threads().max(1);
    let sizes: Vec<usize> = todo.iter().map(|&i| walk.ward_files(i).1.len()).collect();
    for range in ward_groups(&sizes, per, GROUP_RECORDS) {
        let group = &todo[range];
        let t = Instant::now();
        let files: Vec<&crate::load::RecordFile> =
            group.iter().flat_map(|&i| walk.ward_files(i).1).collect();
        let read: Vec<_> = files
            .par_iter()
            .map(|f| record_phase(&reader, f, today))
            .collect();
        let mut read = read.into_iter();
        // Each ward on its own, so that its findings can be kept.
        let mut loaded: Option<crate::load::Loaded> = None;
        let mut found: Vec<(usize, Vec<Diagnostic>, Vec<cache::Missing>)> = Vec::new();
        for &i in group {
            let n = walk.ward_files(i).1.len();
            let (mut one, mut d) =
                walk.assemble_wards(&shared, i..i + 1, read.by_ref().take(n).collect());
            let mut lacking = Vec::new();
            d.extend(crate::validate::validate_wards(&one, today, &mut lacking));
            failing |= d.iter().any(stops);
            diags.extend(d.iter().cloned());
            missing.extend(lacking.iter().cloned());
            found.push((i, d, lacking));
            forget_sources(&mut one.wards);
            match &mut loaded {
                Some(l) => l.wards.extend(one.wards),
                None => loaded = Some(one),
            }
        }
        let Some(loaded) = loaded else {
            continue;
        };
        let (mut site, links) = crate::link::assemble(loaded, today);
        let mut published = Vec::new();
        for w in &site.wards {
            let Some(i) = group.iter().copied().find(|&i| slugs[i] == w.slug) else {
                continue;
            };
            parts[i] = Some(WardPart {
                ward: Ward {
                    slug: w.slug.clone(),
                    profile: w.profile.clone(),
                    profile_file: w.profile_file.clone(),
                    records: Vec::new(),
                },
                counts: crate::render::WardCounts::of(w, &site.config, site.today),
                // Set once the render has written them.
                pages: Vec::new(),
            });
            let own = w.records.iter().filter(|r| !r.shared).count();
            published.push((i, own));
            if chosen(&w.slug) {
                built += 1;
                records += own;
            }
        }
        timings.add("load+validate+link", t.elapsed());
        let Some((target, theme, staging)) =
            writer.as_ref().filter(|_| !failing && blocked.is_none())
        else {
            continue;
        };
        // The history from git of these wards' records.
        let t = Instant::now();
        let (history, d) = log.history_of(&site);
        site.history = std::sync::Arc::new(history);
        // A ward whose history could not be read is not kept in the cache.
        let history_read = d.is_empty();
        history_diags.extend(d);
        timings.add("history", t.elapsed());
        let t = Instant::now();
        let emit = |o: render::Output| {
            written.note(&o);
            staging.write(&o).map_err(write_error)
        };
        let wanted = |slug: &str| chosen(slug);
        let mut fresh_pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let rendered =
            render::render_wards_to(&site, &links, theme, &wanted, &emit).and_then(|()| {
                site.wards
                    .iter()
                    .filter(|w| wanted(&w.slug))
                    .try_for_each(|w| {
                        // The counts computed above for the portal, not again.
                        let counts = parts
                            .iter()
                            .flatten()
                            .find(|p| p.ward.slug == w.slug)
                            .map(|p| p.counts)
                            .unwrap_or_else(|| {
                                crate::render::WardCounts::of(w, &site.config, site.today)
                            });
                        let pages = written.take_ward(&w.slug);
                        fresh_pages.insert(w.slug.clone(), pages.clone());
                        emit(shard::summary_output(w, counts, pages))
                    })
                    .map_err(|d| vec![d])
            });
        timings.add("render+write", t.elapsed());
        forget_bodies(&mut site);
        let t = Instant::now();
        let exported = rendered.and_then(|()| match skip_exports {
            true => Ok(()),
            false => crate::export::write_wards(&site, &wanted, &emit),
        });
        timings.add("export", t.elapsed());
        if let Err(d) = exported {
            blocked.get_or_insert(d);
            continue;
        }
        // The pages each ward's render wrote: its summary's, the sitemap's
        // and the cache's list.
        for (slug, written_pages) in fresh_pages {
            if let Some(Some(part)) = slugs.iter().position(|s| *s == slug).map(|i| &mut parts[i]) {
                part.pages = written_pages;
            }
        }
        // What the next build takes of the wards written now.
        let t = Instant::now();
        for (i, d, lacking) in found {
            let (Some(part), Some(&(_, own))) =
                (&parts[i], published.iter().find(|(j, _)| *j == i))
            else {
                continue;
            };
            if !history_read || !chosen(&slugs[i]) {
                continue;
            }
            match prepared[i].save(
                &target.out,
                &part.ward,
                &d,
                lacking,
                part.counts,
                part.pages.clone(),
                own,
            ) {
                Ok(()) => saved[i] = true,
                Err(e) => unsaved = Some(e),
            }
        }
        timings.add("cache", t.elapsed());
    }
    // Each ward's pages, as written now or kept with its data in the cache;
    // empty for a ward not built this time.
    let mut ward_pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let portal: Vec<(Ward, crate::render::WardCounts)> = parts
        .into_iter()
        .flatten()
        .map(|p| {
            ward_pages.insert(p.ward.slug.clone(), p.pages);
            (p.ward, p.counts)
        })
        .collect();
    drop(reader);
    let t = Instant::now();
    diags.extend(missing.diagnostics());
    diagnostics::sort(&mut diags);
    diags.dedup();
    timings.add("load+validate+link", t.elapsed());
    let mut checked_diags = diags;
    if !opts.wards.is_empty() {
        set_aside_other_wards(
            &mut checked_diags,
            &content,
            &others_of(&portal, &chosen),
            root,
        );
    }
    // `failing` implies this: what stops is never set aside.
    if checked_diags.iter().any(severe) {
        return Err(checked_diags);
    }
    if let Some(d) = blocked {
        return Err(d);
    }
    let Some((target, theme, staging)) = writer else {
        return Err(checked_diags);
    };
    let mut report_diags = checked_diags;
    // The facts of older versions read now, kept for the next build.
    report_diags.extend(log.keep_facts());
    report_diags.extend(log.diags);
    history_diags.dedup();
    report_diags.extend(history_diags);

    // The portal, from each ward's profile and counts; the other wards.
    let t = Instant::now();
    let others = others_of(&portal, &chosen);
    let (wards, counts): (Vec<Ward>, Vec<crate::render::WardCounts>) = portal.into_iter().unzip();
    let site = Site {
        config: walk.config.clone(),
        root: opts.root.clone(),
        today,
        wards,
        history: Default::default(),
    };
    let portal_written = crate::export::sitemap::Written::default();
    let emit = |o: render::Output| {
        portal_written.note(&o);
        staging.write(&o).map_err(write_error)
    };
    render::render_portal_to(&site, &theme, &counts, &emit)?;
    staging
        .carry_over(&others)
        .map_err(|e| vec![write_error(e)])?;
    timings.add("render+write", t.elapsed());
    // The pages the render wrote now, and those of the wards taken from the
    // previous site, as its summaries list them.
    let pages = match site.config.base_url {
        Some(_) => {
            let kept: Vec<Vec<String>> = site
                .wards
                .iter()
                .map(|w| {
                    ward_pages
                        .remove(&w.slug)
                        .filter(|p| !p.is_empty())
                        .or_else(|| shard::pages_in(&target.out.join(&w.slug)))
                        .unwrap_or_default()
                })
                .collect();
            let wards = site.wards.iter().zip(&kept);
            crate::export::sitemap::site_pages(
                portal_written.take_all(),
                wards.map(|(w, p)| (w.slug.as_str(), p.as_slice())),
            )
        }
        None => Vec::new(),
    };
    let t = Instant::now();
    if !skip_exports {
        crate::export::write_portal(&site, &pages, &emit)?;
    }
    timings.add("export", t.elapsed());
    // What the cache will say of the new site: the wards written now, by
    // their keys and stamps; the others as the previous site had them.
    let mut entries = BTreeMap::new();
    for (i, slug) in slugs.iter().enumerate() {
        if !chosen(slug) || !saved[i] {
            continue;
        }
        if carried[i] {
            if let Some(e) = previous.get(slug) {
                entries.insert(slug.clone(), e.clone());
            }
        } else if let (Some(key), Ok(stamp)) = (&prepared[i].key, staging.stamp(slug)) {
            let key = key.clone();
            entries.insert(slug.clone(), cache::Entry { key, stamp });
        }
    }
    for slug in &others {
        if let Some(e) = previous.get(slug) {
            entries.insert(slug.clone(), e.clone());
        }
    }
    // No cache describes the output while it changes.
    cache::forget(&target.out).map_err(|e| vec![write_error(e)])?;
    let t = Instant::now();
    let published = staging.publish().map_err(|e| vec![target_error(e)])?;
    let stats = published.stats;
    timings.add("publish", t.elapsed());
    let written = cache::write(&target.out, &entries);
    if let Some(e) = unsaved.or(written.err()) {
        report_diags.push(
            Diagnostic::warning(
                "W0021",
                cache::file(&target.out),
                0,
                format!("không ghi được bộ nhớ đệm của lần dựng: {e}"),
            )
            .with_help("Trang đã dựng đầy đủ; lần dựng sau sẽ dựng lại mọi phường."),
        );
    }
    if let Some((old, e)) = published.leftover {
        report_diags.push(
            Diagnostic::warning(
                "W0020",
                old.clone(),
                0,
                format!(
                    "trang mới đã được ghi, nhưng không xoá được trang cũ ở {}: {e}",
                    old.display()
                ),
            )
            .with_help("Xoá thư mục đó bằng tay khi tiện; lần dựng sau vẫn chạy bình thường."),
        );
    }
    Ok(BuildReport {
        wards: built,
        cached: carried.iter().filter(|c| **c).count(),
        unread,
        records,
        diagnostics: report_diags,
        files: stats.files,
        bytes: stats.bytes,
        out: target.out.clone(),
        timings: timings.0,
    })
}

/// Per ward, whether its folder in the previous site is kept for the new one
/// ([`crate::write::Staging::keep_if_unchanged`]): checked for the wards
/// built this time whose data the cache has (`replays`) and whose stamp the
/// index holds, in parallel; `None` for the others.
fn keep_unchanged<T: Sync>(
    staging: Option<&crate::write::Staging>,
    slugs: &[String],
    replays: &[Option<T>],
    previous: &BTreeMap<String, cache::Entry>,
    chosen: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Option<std::io::Result<bool>>> {
    (0..slugs.len())
        .into_par_iter()
        .map(|i| {
            let slug = slugs[i].as_str();
            replays[i].as_ref()?;
            let entry = previous.get(slug).filter(|_| chosen(slug))?;
            Some(staging?.keep_if_unchanged(slug, &entry.stamp))
        })
        .collect()
}

/// What the portal needs of a ward: its profile, counts and pages.
struct WardPart {
    /// The ward, without its records.
    ward: Ward,
    /// Its counts.
    counts: crate::render::WardCounts,
    /// Its pages, for the sitemap.
    pages: Vec<String>,
}

/// For measuring only (`bench/exports.sh`): set, `build` skips the export
/// stage (data files, feeds, catalogues, sitemap), so that the cost of the
/// exports is the difference between two builds. A site built so is not
/// complete: its pages link data files that are missing.
pub const BENCH_NO_EXPORTS: &str = "CONGKHAI_BENCH_NO_EXPORTS";

/// Time per stage, added up over the groups of wards.
#[derive(Default)]
struct Timings(Vec<(&'static str, Duration)>);

impl Timings {
    fn add(&mut self, stage: &'static str, d: Duration) {
        match self.0.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += d,
            None => self.0.push((stage, d)),
        }
    }
}

/// The wards of the site not built this time.
fn others_of<T>(portal: &[(Ward, T)], chosen: &dyn Fn(&str) -> bool) -> Vec<String> {
    portal
        .iter()
        .filter(|(w, _)| !chosen(&w.slug))
        .map(|(w, _)| w.slug.clone())
        .collect()
}

/// For a build of some wards: findings in the other wards' folders are not
/// this build's (those wards are not written), so they neither stop it nor
/// are listed; one note counts their errors and warnings.
fn set_aside_other_wards(
    diagnostics: &mut Vec<Diagnostic>,
    content: &Path,
    other_wards: &[String],
    root: &Path,
) {
    let others: Vec<PathBuf> = other_wards.iter().map(|w| content.join(w)).collect();
    let elsewhere = |d: &Diagnostic| {
        let file = d.file.strip_prefix(root).unwrap_or(&d.file);
        others.iter().any(|w| file.starts_with(w))
    };
    let (mut errors, mut warnings) = (0usize, 0usize);
    diagnostics.retain(|d| {
        if !elsewhere(d) {
            return true;
        }
        match d.severity {
            diagnostics::Severity::Error => errors += 1,
            diagnostics::Severity::Warning => warnings += 1,
            diagnostics::Severity::Note => {}
        }
        false
    });
    if errors + warnings > 0 {
        diagnostics.push(
            Diagnostic::note(
                "N0020",
                content.to_path_buf(),
                0,
                format!(
                    "các phường không dựng lần này có {errors} lỗi, {warnings} cảnh báo; trang của chúng trong thư mục đầu ra được giữ nguyên"
                ),
            )
            .with_help("Chạy `congkhai check` để xem chúng."),
        );
    }
}
