//! The pipeline, as it runs: load → validate → link → render → write, in two
//! phases (per record, then across records: see `phases`). `check` stops
//! after link; `build` goes on to write. Nothing here prints.

use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::model::{Links, Site};
use crate::render::{self, Theme};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod cache;
mod phases;
pub mod session;
pub(crate) use phases::RecordMemo;
pub use phases::{record_phase, site_phase};
pub use session::Session;

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
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let mut checked = check(&opts.root, opts.today, &[])?;
    timings.push(("load+validate+link", t.elapsed()));
    for slug in &opts.wards {
        if !checked.site.wards.iter().any(|w| &w.slug == slug) {
            return Err(vec![Diagnostic::error(
                "E0007",
                checked.site.config.content_dir.join(slug),
                0,
                format!("không có phường `{slug}`"),
            )]);
        }
    }
    if !opts.wards.is_empty() {
        set_aside_other_wards(&mut checked, opts);
    }
    let failing = checked.diagnostics.iter().any(|d| {
        d.severity == diagnostics::Severity::Error
            || (opts.deny_warnings && d.severity == diagnostics::Severity::Warning)
    });
    if failing {
        return Err(checked.diagnostics);
    }
    // The history from git: one pass over the repository's commits.
    let t = Instant::now();
    let (history, history_diags) = crate::history::read(&checked.site);
    checked.site.history = std::sync::Arc::new(history);
    checked.diagnostics.extend(history_diags);
    timings.push(("history", t.elapsed()));
    let site = &checked.site;
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| opts.root.join(&site.config.output_dir));
    let sources = crate::write::target::Sources {
        root: &opts.root,
        content: &site.config.content_dir,
        from_config: opts.out.is_none(),
    };
    let target_error = |e: crate::write::target::TargetError| {
        Diagnostic::error(e.code(), e.path().to_path_buf(), 0, e.to_string()).with_help(e.help())
    };
    // The lock is held from here until the site is in place.
    let target = crate::write::target::open(&out, &sources, opts.force)
        .map_err(|e| vec![target_error(e)])?;
    let theme =
        Theme::load(Some(&opts.root.join("themes").join("default"))).map_err(|d| vec![d])?;
    let write_error = |e: std::io::Error| {
        Diagnostic::error(
            "E0020",
            target.out.clone(),
            0,
            format!("không ghi được trang: {e}"),
        )
        .with_help("Kiểm tra quyền ghi và dung lượng đĩa; trang cũ vẫn được giữ nguyên.")
    };
    // Pages go to the staging folder as they are made, so the site is never
    // held in memory whole; on any error the staging folder is dropped.
    let staging = crate::write::Staging::create(&target).map_err(|e| vec![target_error(e)])?;
    let chosen = |slug: &str| opts.wards.is_empty() || opts.wards.iter().any(|w| w == slug);
    // The wards not built this time: nothing is written in their folders,
    // which are carried over from the previous site whole.
    let others: Vec<String> = site
        .wards
        .iter()
        .filter(|w| !chosen(&w.slug))
        .map(|w| w.slug.clone())
        .collect();
    // The wards whose inputs did not change: taken from the previous site.
    let t = Instant::now();
    let previous = if opts.cache {
        cache::read(&target.out)
    } else {
        BTreeMap::new()
    };
    let common = cache::Common::new(site, theme.digest(), opts.today);
    let keys: Vec<(String, Option<String>)> = site
        .wards
        .par_iter()
        .filter(|w| chosen(&w.slug))
        .map(|w| (w.slug.clone(), common.as_ref().and_then(|c| c.key(site, w))))
        .collect();
    let mut cached: Vec<String> = Vec::new();
    for (slug, key) in &keys {
        let Some(entry) = previous.get(slug).filter(|e| key.as_ref() == Some(&e.key)) else {
            continue;
        };
        if staging
            .carry_if_unchanged(slug, &entry.stamp)
            .map_err(|e| vec![write_error(e)])?
        {
            cached.push(slug.clone());
        }
    }
    timings.push(("cache", t.elapsed()));
    let t = Instant::now();
    let emit = |o: render::Output| {
        let ward = o.path().components().next().map(|c| c.as_os_str());
        if ward.is_some_and(|w| others.iter().chain(&cached).any(|s| w == s.as_str())) {
            return Ok(());
        }
        staging.write(&o).map_err(write_error)
    };
    let wanted = |slug: &str| chosen(slug) && !cached.iter().any(|c| c == slug);
    render::render_some_to(site, &checked.links, &theme, &wanted, &emit)?;
    staging
        .carry_over(&others)
        .map_err(|e| vec![write_error(e)])?;
    timings.push(("render+write", t.elapsed()));
    let t = Instant::now();
    crate::export::write_some(site, &wanted, &emit)?;
    timings.push(("export", t.elapsed()));
    // What the cache will say of the new site: the wards written now, by
    // their keys and stamps; the others as the previous site had them.
    let mut entries = BTreeMap::new();
    for (slug, key) in &keys {
        if cached.contains(slug) {
            if let Some(e) = previous.get(slug) {
                entries.insert(slug.clone(), e.clone());
            }
        } else if let (Some(key), Ok(stamp)) = (key, staging.stamp(slug)) {
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
    timings.push(("publish", t.elapsed()));
    if let Err(e) = cache::write(&target.out, &entries) {
        checked.diagnostics.push(
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
        checked.diagnostics.push(
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
    let built = |w: &crate::model::Ward| opts.wards.is_empty() || opts.wards.contains(&w.slug);
    let report = BuildReport {
        wards: site.wards.iter().filter(|w| built(w)).count(),
        records: site
            .wards
            .iter()
            .filter(|w| built(w))
            .map(|w| w.records.iter().filter(|r| !r.shared).count())
            .sum(),
        cached: cached.len(),
        diagnostics: checked.diagnostics,
        files: stats.files,
        bytes: stats.bytes,
        out: target.out.clone(),
        timings,
    };
    drop(target);
    // Freeing the model of a large repository takes a noticeable time that
    // nobody waits for: do it beside the caller (at exit, the system does it).
    let (site, links) = (checked.site, checked.links);
    // Should no thread start, the closure (and the model) is dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop((site, links)));
    Ok(report)
}

/// For a build of some wards: findings in the other wards' folders are not
/// this build's (those wards are not written), so they neither stop it nor
/// are listed; one note counts their errors and warnings.
fn set_aside_other_wards(checked: &mut Checked, opts: &BuildOptions) {
    let content = &checked.site.config.content_dir;
    let others: Vec<PathBuf> = checked
        .site
        .wards
        .iter()
        .filter(|w| !opts.wards.contains(&w.slug))
        .map(|w| content.join(&w.slug))
        .collect();
    let root = opts.root.as_path();
    let elsewhere = |d: &Diagnostic| {
        let file = d.file.strip_prefix(root).unwrap_or(&d.file);
        others.iter().any(|w| file.starts_with(w))
    };
    let (mut errors, mut warnings) = (0usize, 0usize);
    checked.diagnostics.retain(|d| {
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
        checked.diagnostics.push(
            Diagnostic::note(
                "N0020",
                content.clone(),
                0,
                format!(
                    "các phường không dựng lần này có {errors} lỗi, {warnings} cảnh báo; trang của chúng trong thư mục đầu ra được giữ nguyên"
                ),
            )
            .with_help("Chạy `congkhai check` để xem chúng."),
        );
    }
}
