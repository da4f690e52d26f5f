//! Sharded builds: every ward folder a build writes carries a small summary
//! ([`SUMMARY_FILE`]: its profile, counts and pages), and [`portal`] puts
//! the ward folders of several builds (shards, made on other machines with
//! `build --ward …` or one per province) together under one portal made from
//! those summaries alone: no record is read.

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::model::{Site, Ward, WardProfile};
use crate::render::{Output, Theme, WardCounts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The summary file in each ward folder of a site.
pub const SUMMARY_FILE: &str = "congkhai-summary.json";

/// The format of the summary file.
const FORMAT: u32 = 1;

/// What the portal needs of a ward.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    /// [`FORMAT`].
    congkhai_summary: u32,
    /// The ward's folder.
    slug: String,
    /// Its profile.
    profile: WardProfile,
    /// Its counts, as the portal shows them.
    counts: WardCounts,
    /// Its pages, from its folder (for the sitemap).
    pages: Vec<String>,
}

/// The summary file of `w`, as written in its folder: the counts the build
/// computed for the portal (`WardCounts::of`, once per ward) and the pages
/// the render wrote in the ward's folder.
pub(crate) fn summary_output(w: &Ward, counts: WardCounts, pages: Vec<String>) -> Output {
    let summary = Summary {
        congkhai_summary: FORMAT,
        slug: w.slug.clone(),
        profile: w.profile.clone(),
        counts,
        pages,
    };
    let mut bytes = serde_json::to_vec(&summary).unwrap_or_default();
    bytes.push(b'\n');
    Output::Bytes(PathBuf::from(&w.slug).join(SUMMARY_FILE), bytes)
}

/// The pages of the ward folder `folder` of a site written before, as its
/// summary lists them; `None` when it has no readable summary.
pub(crate) fn pages_in(folder: &Path) -> Option<Vec<String>> {
    let bytes = std::fs::read(folder.join(SUMMARY_FILE)).ok()?;
    let summary: Summary = serde_json::from_slice(&bytes).ok()?;
    (summary.congkhai_summary == FORMAT).then_some(summary.pages)
}

/// Options of [`portal`].
pub struct PortalOptions {
    /// The repository whose `congkhai.toml` and theme the portal uses (its
    /// content is not read).
    pub root: PathBuf,
    /// Sites written by `congkhai build`, whose ward folders are taken.
    pub from: Vec<PathBuf>,
    /// The output folder.
    pub out: PathBuf,
    /// The date the portal shows.
    pub today: Date,
    /// Replace an output folder that holds files but no site written by congkhai.
    pub force: bool,
}

/// What [`portal`] did.
pub struct PortalReport {
    /// Wards taken.
    pub wards: usize,
    /// Files in the site.
    pub files: usize,
    /// Where the site is.
    pub out: PathBuf,
    /// Warnings (a previous site that could not be removed).
    pub diagnostics: Vec<Diagnostic>,
}

fn input_error(path: &Path, vi: String, help: &str) -> Diagnostic {
    Diagnostic::error("E0028", path.to_path_buf(), 0, vi).with_help(help.to_string())
}

/// The summaries of the ward folders of the site `dir`.
fn read_site(dir: &Path) -> Result<Vec<(PathBuf, Summary)>, Diagnostic> {
    let not_site = || {
        input_error(
            dir,
            format!("`{}` không phải trang do congkhai dựng", dir.display()),
            "Chỉ đưa vào `--from` thư mục đầu ra của `congkhai build` (có tệp `.congkhai-site`).",
        )
    };
    if !std::fs::symlink_metadata(dir.join(crate::write::target::MARKER)).is_ok_and(|m| m.is_file())
    {
        return Err(not_site());
    }
    let entries = std::fs::read_dir(dir).map_err(|_| not_site())?;
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| p.join(SUMMARY_FILE).is_file())
        .collect();
    folders.sort();
    let mut out = Vec::new();
    for folder in folders {
        let file = folder.join(SUMMARY_FILE);
        let unreadable = |why: String| {
            input_error(
                &file,
                format!("tệp tóm tắt phường không đọc được: {why}"),
                "Dựng lại thư mục này bằng cùng phiên bản congkhai với lệnh `portal`.",
            )
        };
        let bytes = std::fs::read(&file).map_err(|e| unreadable(e.to_string()))?;
        let summary: Summary =
            serde_json::from_slice(&bytes).map_err(|e| unreadable(e.to_string()))?;
        let name = folder.file_name().map(|n| n.to_string_lossy().into_owned());
        if summary.congkhai_summary != FORMAT || name.as_deref() != Some(summary.slug.as_str()) {
            return Err(unreadable(format!(
                "định dạng {} cho thư mục `{}`",
                summary.congkhai_summary, summary.slug
            )));
        }
        out.push((folder, summary));
    }
    Ok(out)
}

/// Builds the portal (its home with the ward finder, the site-wide assets,
/// the catalogue and, with `base_url`, the sitemap) over the ward folders of
/// the sites `opts.from`, which are hard-linked (copied where the system
/// cannot link) into the output. The output is written like a build's:
/// staged, then swapped in whole.
pub fn portal(opts: &PortalOptions) -> Result<PortalReport, Vec<Diagnostic>> {
    let config = crate::config::Config::load(&opts.root).map_err(|d| vec![d])?;
    let theme =
        Theme::load(Some(&opts.root.join("themes").join("default"))).map_err(|d| vec![d])?;
    // Every ward of every input, each slug and each code once.
    let mut wards: BTreeMap<String, (PathBuf, Summary)> = BTreeMap::new();
    let mut diags = Vec::new();
    for dir in &opts.from {
        let found = match read_site(dir) {
            Ok(found) => found,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        for (folder, summary) in found {
            if let Some((other, _)) = wards.get(&summary.slug) {
                diags.push(
                    Diagnostic::error(
                        "E0029",
                        folder.clone(),
                        0,
                        format!(
                            "phường `{}` có ở hai đầu vào: {} và {}",
                            summary.slug,
                            other.display(),
                            folder.display()
                        ),
                    )
                    .with_help("Mỗi phường chỉ dựng ở một nơi; hai kho khác nhau thì đặt tên thư mục phường khác nhau."),
                );
                continue;
            }
            wards.insert(summary.slug.clone(), (folder, summary));
        }
    }
    let mut codes: BTreeMap<&str, &str> = BTreeMap::new();
    for (slug, (folder, s)) in &wards {
        if let Some(other) = codes.insert(&s.profile.code, slug) {
            diags.push(Diagnostic::error(
                "E0029",
                folder.clone(),
                0,
                format!(
                    "hai phường `{other}` và `{slug}` có cùng mã {}",
                    s.profile.code
                ),
            ));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let content = config.content_dir.clone();
    let sources = crate::write::target::Sources {
        root: &opts.root,
        content: &content,
        from_config: false,
    };
    let target_error = |e: crate::write::target::TargetError| {
        Diagnostic::error(e.code(), e.path().to_path_buf(), 0, e.to_string()).with_help(e.help())
    };
    let target = crate::write::target::open(&opts.out, &sources, opts.force)
        .map_err(|e| vec![target_error(e)])?;
    let write_error = |e: std::io::Error| {
        vec![Diagnostic::error(
            "E0020",
            target.out.clone(),
            0,
            format!("không ghi được trang: {e}"),
        )
        .with_help("Kiểm tra quyền ghi và dung lượng đĩa; trang cũ vẫn được giữ nguyên.")]
    };
    let staging = crate::write::Staging::create(&target).map_err(|e| vec![target_error(e)])?;
    let mut counts = Vec::new();
    let mut ward_pages = Vec::new();
    let mut site_wards = Vec::new();
    for (slug, (folder, s)) in wards {
        staging.carry_from(&folder, &slug).map_err(write_error)?;
        counts.push(s.counts);
        ward_pages.push(s.pages);
        site_wards.push(Ward {
            slug,
            profile: s.profile,
            profile_file: PathBuf::new(),
            records: Vec::new(),
        });
    }
    let site = Site {
        config,
        root: opts.root.clone(),
        today: opts.today,
        wards: site_wards,
        history: Default::default(),
    };
    let written = crate::export::sitemap::Written::default();
    let sink = |o: Output| {
        written.note(&o);
        staging.write(&o).map_err(|e| {
            Diagnostic::error(
                "E0020",
                target.out.clone(),
                0,
                format!("không ghi được trang: {e}"),
            )
        })
    };
    crate::render::render_portal_to(&site, &theme, &counts, &sink)?;
    let pages = crate::export::sitemap::site_pages(
        written.take_all(),
        site.wards
            .iter()
            .zip(&ward_pages)
            .map(|(w, p)| (w.slug.as_str(), p.as_slice())),
    );
    crate::export::write_portal(&site, &pages, &sink)?;
    // A build cache of the output no longer describes it.
    super::cache::forget(&target.out).map_err(write_error)?;
    let published = staging.publish().map_err(|e| vec![target_error(e)])?;
    let diagnostics = published
        .leftover
        .map(|(old, e)| {
            Diagnostic::warning(
                "W0020",
                old.clone(),
                0,
                format!(
                    "trang mới đã được ghi, nhưng không xoá được trang cũ ở {}: {e}",
                    old.display()
                ),
            )
        })
        .into_iter()
        .collect();
    Ok(PortalReport {
        wards: site.wards.len(),
        files: published.stats.files,
        out: target.out.clone(),
        diagnostics,
    })
}
