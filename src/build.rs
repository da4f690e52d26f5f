//! The pipeline, as it runs: load → validate → link → render → write.
//! `check` stops after link; `build` goes on to write. Nothing here prints.

use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::model::{Links, Site};
use crate::render::{self, Theme};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod session;
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
    check_cached(root, today, only_wards, None)
}

/// [`check`], reading record files through `cache` (see [`Session`]).
pub fn check_cached(
    root: &Path,
    today: Date,
    only_wards: &[String],
    cache: Option<&crate::load::RecordCache>,
) -> Result<Checked, Vec<Diagnostic>> {
    let (mut loaded, mut diags) = crate::load::load_cached(root, cache).map_err(|d| vec![d])?;
    if !only_wards.is_empty() {
        for slug in only_wards {
            if !loaded.wards.iter().any(|w| &w.slug == slug) {
                return Err(vec![Diagnostic::error(
                    "E0007",
                    loaded.config.content_dir.join(slug),
                    0,
                    format!("không có phường `{slug}`"),
                )]);
            }
        }
        loaded.wards.retain(|w| only_wards.contains(&w.slug));
    }
    let records = loaded.shared.len() + loaded.wards.iter().map(|w| w.records.len()).sum::<usize>();
    // A preparing cache has run each record's own checks and preparation
    // when it read the file; what is left is the work across records.
    let (site, links) = if cache.is_some_and(|c| c.prepares()) {
        diags.extend(crate::validate::validate_across(&loaded));
        crate::link::assemble(loaded, today)
    } else {
        diags.extend(crate::validate::validate(&mut loaded, today));
        crate::link::link(loaded, today)
    };
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
    /// Records published.
    pub records: usize,
    /// Files written.
    pub files: usize,
    /// Bytes written.
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
}

/// Runs the whole pipeline. On any error nothing is written and the previous
/// site stays as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let checked = check(&opts.root, opts.today, &opts.wards)?;
    timings.push(("load+validate+link", t.elapsed()));
    let failing = checked.diagnostics.iter().any(|d| {
        d.severity == diagnostics::Severity::Error
            || (opts.deny_warnings && d.severity == diagnostics::Severity::Warning)
    });
    if failing {
        return Err(checked.diagnostics);
    }
    let site = &checked.site;
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| opts.root.join(&site.config.output_dir));
    guard_output(&opts.root, site, &out)?;
    let t = Instant::now();
    let theme =
        Theme::load(Some(&opts.root.join("themes").join("default"))).map_err(|d| vec![d])?;
    let write_error = |e: std::io::Error| {
        Diagnostic::error(
            "E0020",
            out.clone(),
            0,
            format!("không ghi được trang: {e}"),
        )
        .with_help("Kiểm tra quyền ghi và dung lượng đĩa; trang cũ vẫn được giữ nguyên.")
    };
    // Pages go to the staging folder as they are made, so the site is never
    // held in memory whole; on any error the staging folder is dropped.
    let staging = crate::write::Staging::create(&out).map_err(|e| vec![write_error(e)])?;
    render::render_to(site, &checked.links, &theme, &|o| {
        staging.write(&o).map_err(write_error)
    })?;
    timings.push(("render+write", t.elapsed()));
    let t = Instant::now();
    crate::export::write_to(site, &|o| staging.write(&o).map_err(write_error))?;
    timings.push(("export", t.elapsed()));
    let t = Instant::now();
    let stats = staging.publish().map_err(|e| vec![write_error(e)])?;
    timings.push(("publish", t.elapsed()));
    let report = BuildReport {
        wards: site.wards.len(),
        records: site
            .wards
            .iter()
            .map(|w| w.records.iter().filter(|r| !r.shared).count())
            .sum(),
        diagnostics: checked.diagnostics,
        files: stats.files,
        bytes: stats.bytes,
        out,
        timings,
    };
    // Freeing the model of a large repository takes a noticeable time that
    // nobody waits for: do it beside the caller (at exit, the system does it).
    let (site, links) = (checked.site, checked.links);
    // Should no thread start, the closure (and the model) is dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop((site, links)));
    Ok(report)
}

/// Refuses an output folder that would replace the repository or its content.
fn guard_output(root: &Path, site: &Site, out: &Path) -> Result<(), Vec<Diagnostic>> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let out_abs = abs(out);
    let root_abs = abs(root);
    let content_abs = abs(&root.join(&site.config.content_dir));
    if root_abs.starts_with(&out_abs)
        || content_abs.starts_with(&out_abs)
        || out_abs.starts_with(&content_abs)
    {
        return Err(vec![Diagnostic::error(
            "E0021",
            out.to_path_buf(),
            0,
            "thư mục đầu ra trùng hoặc chứa thư mục kho/nội dung; từ chối ghi đè",
        )
        .with_help("Chọn `--out` là một thư mục riêng, ví dụ `public`.")]);
    }
    Ok(())
}
