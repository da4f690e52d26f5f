//! Offline bundles (`congkhai bundle`): the built site as zip files, one per
//! ward and one for the portal, to carry on a USB stick and open from
//! `file://`. Reproducible: entries sorted by path, every timestamp from
//! `SOURCE_DATE_EPOCH` (else the build date), permissions 0644, deflate; a
//! `SHA256SUMS` as last entry checks with `sha256sum -c`. Files are streamed
//! into the archive, so memory does not grow with the site.

use crate::build::{BuildOptions, BuildReport};
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// What `congkhai bundle` does.
pub struct BundleOptions {
    /// The build (all wards are built).
    pub build: BuildOptions,
    /// Wards to bundle; none means every ward and the portal.
    pub wards: Vec<String>,
    /// Where the zips go; default `bundles/` inside the site.
    pub dest: Option<PathBuf>,
}

/// One zip written.
#[derive(Debug, Clone)]
pub struct BundleInfo {
    /// Where it is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
    /// Files inside (SHA256SUMS included).
    pub files: usize,
}

/// The timestamp of every entry: `SOURCE_DATE_EPOCH` when set (UTC), else
/// the build date at midnight.
pub fn timestamp(today: Date) -> DateTime {
    let from_epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| {
            let day = Date::from_days(secs.div_euclid(86_400))?;
            let t = secs.rem_euclid(86_400);
            Some((day, (t / 3600) as u8, (t / 60 % 60) as u8, (t % 60) as u8))
        });
    let (d, h, m, s) = from_epoch.unwrap_or((today, 0, 0, 0));
    let clamp = |d: Date| {
        DateTime::from_date_and_time(
            d.year().clamp(1980, 2107) as u16,
            d.month(),
            d.day(),
            h,
            m,
            s & !1,
        )
    };
    clamp(d).unwrap_or_default()
}

/// Zips the files under `dir` (sorted, `exclude` left out) as `prefix/…`
/// into `zip_path`, with a `SHA256SUMS` last.
pub fn zip_dir(
    dir: &Path,
    prefix: &str,
    zip_path: &Path,
    exclude: &Path,
    time: DateTime,
) -> std::io::Result<BundleInfo> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.path() != exclude)
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    // Sorted by the names inside the zip, byte for byte.
    let name_of = |p: &Path| -> String {
        let rel = p.strip_prefix(dir).unwrap_or(p);
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    };
    files.sort_by_cached_key(|p| name_of(p));
    if let Some(parent) = zip_path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = zip_path.with_extension("zip.part");
    let mut zw = ZipWriter::new(BufWriter::new(File::create(&tmp)?));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut sums = String::new();
    let mut buf = vec![0u8; 64 * 1024];
    for p in &files {
        let name = name_of(p);
        zw.start_file(format!("{prefix}/{name}"), options)
            .map_err(std::io::Error::other)?;
        let mut hasher = Sha256::new();
        let mut f = File::open(p)?;
        loop {
            let n = f.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            zw.write_all(&buf[..n])?;
        }
        sums.push_str(&hex(&hasher.finalize()));
        sums.push_str("  ");
        sums.push_str(&name);
        sums.push('\n');
    }
    zw.start_file(format!("{prefix}/SHA256SUMS"), options)
        .map_err(std::io::Error::other)?;
    zw.write_all(sums.as_bytes())?;
    let mut out = zw.finish().map_err(std::io::Error::other)?;
    out.flush()?;
    drop(out);
    std::fs::rename(&tmp, zip_path)?;
    let (size, sha256) = hash_file(zip_path)?;
    Ok(BundleInfo {
        path: zip_path.to_path_buf(),
        size,
        sha256,
        files: files.len() + 1,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Size and SHA-256 of a file, read in pieces.
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, hex(&hasher.finalize())))
}

/// Builds the site, then writes the bundles; the ward homes then link
/// theirs (when the zips are inside the site) with size and SHA-256.
pub fn run(opts: &BundleOptions) -> Result<(BuildReport, Vec<BundleInfo>), Vec<Diagnostic>> {
    let report = crate::build::build(&opts.build)?;
    let site = report.out.clone();
    let dest = opts.dest.clone().unwrap_or_else(|| site.join("bundles"));
    let io_error = |path: &Path, e: std::io::Error| {
        vec![Diagnostic::error(
            "E0027",
            path.to_path_buf(),
            0,
            format!("không ghi được gói ngoại tuyến: {e}"),
        )
        .with_help("Kiểm tra quyền ghi và dung lượng đĩa của thư mục `--out`.")]
    };
    let mut slugs: Vec<String> = if opts.wards.is_empty() {
        std::fs::read_dir(&site)
            .map_err(|e| io_error(&site, e))?
            .filter_map(Result::ok)
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    } else {
        opts.wards.clone()
    };
    slugs.sort();
    for slug in &slugs {
        if !site.join(slug).join("index.html").is_file() {
            return Err(vec![Diagnostic::error(
                "E0007",
                site.join(slug),
                0,
                format!("không có phường `{slug}`"),
            )]);
        }
    }
    let time = timestamp(opts.build.today);
    let mut infos = Vec::new();
    for slug in &slugs {
        let zip = dest.join(format!("{slug}.zip"));
        let info =
            zip_dir(&site.join(slug), slug, &zip, &dest, time).map_err(|e| io_error(&zip, e))?;
        infos.push((Some(slug.clone()), info));
    }
    if opts.wards.is_empty() {
        let zip = dest.join("portal.zip");
        let info = zip_dir(&site, "portal", &zip, &dest, time).map_err(|e| io_error(&zip, e))?;
        infos.push((None, info));
    }
    // The homes inside the zips stay without the link (a zip cannot hold its
    // own checksum); the published homes get it.
    if let Ok(rel) = dest.strip_prefix(&site) {
        let label = bundle_label(&opts.build.root);
        for (slug, info) in &infos {
            let Some(slug) = slug else { continue };
            let home = site.join(slug).join("index.html");
            let href = format!("../{}/{slug}.zip", path_text(rel));
            link_home(&home, &href, &label, info).map_err(|e| io_error(&home, e))?;
        }
    }
    Ok((report, infos.into_iter().map(|(_, i)| i).collect()))
}

fn path_text(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The theme's words for the bundle link.
fn bundle_label(root: &Path) -> String {
    crate::render::Theme::load(Some(&root.join("themes").join("default")))
        .ok()
        .and_then(|t| {
            let lang = crate::config::Config::load(root).ok()?.language;
            t.strings(&lang).ok()?.get("ui.bundle").cloned()
        })
        .unwrap_or_else(|| "Tải toàn bộ trang (zip)".into())
}

/// Puts the bundle's link, size and SHA-256 where the ward home marks it.
fn link_home(home: &Path, href: &str, label: &str, info: &BundleInfo) -> std::io::Result<()> {
    let html = std::fs::read_to_string(home)?;
    let link = format!(
        r#" · <a href="{}" download>{}</a>, {}, SHA-256 <code class="hash">{}</code>"#,
        super::attr(href),
        super::attr(label),
        crate::render::theme::filesize(info.size),
        info.sha256
    );
    std::fs::write(home, html.replacen(super::BUNDLE_MARK, &link, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_folder_gives_the_same_zip() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("w/b")).unwrap();
        std::fs::write(site.join("w/b/z.txt"), "z").unwrap();
        std::fs::write(site.join("w/a.txt"), "a").unwrap();
        let time = timestamp(Date::new(2026, 11, 22).unwrap());
        let one = zip_dir(&site, "p", &dir.path().join("1.zip"), &site.join("x"), time).unwrap();
        // A later modification time on disk changes nothing.
        std::fs::write(site.join("w/a.txt"), "a").unwrap();
        let two = zip_dir(&site, "p", &dir.path().join("2.zip"), &site.join("x"), time).unwrap();
        assert_eq!(one.sha256, two.sha256);
        assert_eq!(one.files, 3);
        let bytes = std::fs::read(dir.path().join("1.zip")).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let (a, b) = (
            text.find("p/w/a.txt").unwrap(),
            text.find("p/w/b/z.txt").unwrap(),
        );
        assert!(a < b && text.contains("p/SHA256SUMS"));
    }
}
