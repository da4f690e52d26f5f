//! The build cache: a ward whose inputs have not changed since the site at
//! the output was written is taken from that site as it is (its files
//! hard-linked into the new one) instead of being rendered again.
//!
//! A ward's *key* is a SHA-256 of everything its pages are made from: the
//! binary (its version and its bytes), `congkhai.toml` and `law.toml`, the
//! theme (the default files and the repository's overrides), the build date
//! (every page shows it), the shared folder (its documents show in every
//! ward), every file under the ward's folder (links followed), and the git
//! history of its records. A ward's *stamp* says which files its folder in
//! the output held when the key was recorded (path, size and modification
//! time of each, see [`crate::write::stamp`]): a ward folder changed since,
//! by hand or by `bundle`, does not match and is rendered again.
//!
//! Both are kept in `.congkhai-cache/<output name>.tsv` beside the output
//! (for the default `public`, in the repository root). The file is removed
//! before a new site is put in place and written after, so a build stopped
//! in between leaves no cache and the next one renders everything.

use crate::date::Date;
use crate::model::{Site, Ward};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of the cache, beside the output.
pub const CACHE_DIR: &str = ".congkhai-cache";

/// The first line of a cache file: its format.
const HEADER: &str = "congkhai-cache 1";

/// What the cache knows of one ward of the site at the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The key of the inputs it was built from.
    pub key: String,
    /// The stamp of its folder in the output.
    pub stamp: String,
}

/// The cache file of the output `out`.
pub(crate) fn file(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = out.parent().unwrap_or(Path::new(""));
    parent.join(CACHE_DIR).join(format!("{name}.tsv"))
}

/// Reads the cache of the output `out`; an absent or unreadable file, or
/// one of another format, is an empty cache.
pub(crate) fn read(out: &Path) -> BTreeMap<String, Entry> {
    let Ok(text) = std::fs::read_to_string(file(out)) else {
        return BTreeMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return BTreeMap::new();
    }
    lines
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let (slug, key, stamp) = (parts.next()?, parts.next()?, parts.next()?);
            Some((
                slug.to_string(),
                Entry {
                    key: key.to_string(),
                    stamp: stamp.to_string(),
                },
            ))
        })
        .collect()
}

/// Removes the cache of the output `out` (absent already, or with no
/// folder to be in, is fine).
pub fn forget(out: &Path) -> std::io::Result<()> {
    let path = file(out);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(());
    }
    std::fs::remove_file(&path)
}

/// Writes the cache of the output `out`: a temporary file renamed over the
/// previous one.
pub(crate) fn write(out: &Path, entries: &BTreeMap<String, Entry>) -> std::io::Result<()> {
    let path = file(out);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = format!("{HEADER}\n");
    for (slug, e) in entries {
        // A slug is a folder name without tabs or line breaks (E0004).
        text.push_str(&format!("{slug}\t{}\t{}\n", e.key, e.stamp));
    }
    let tmp = path.with_extension("tsv.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)
}

/// Hex of a digest.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds a field to a hash so that fields cannot run into each other.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The digest of a file's bytes, or of its absence.
fn file_digest(path: &Path) -> Option<[u8; 32]> {
    match std::fs::read(path) {
        Ok(bytes) => Some(Sha256::digest(&bytes).into()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some([0; 32]),
        Err(_) => None,
    }
}

/// The digest of every file under `dir` (absent: empty), by path relative
/// to it, links followed; `None` when any cannot be read.
fn tree_digest(dir: &Path) -> Option<[u8; 32]> {
    let mut files = Vec::new();
    if dir.exists() {
        for entry in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = entry.ok()?;
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    let digests: Vec<[u8; 32]> = files
        .par_iter()
        .map(|p| std::fs::read(p).ok().map(|b| Sha256::digest(&b).into()))
        .collect::<Option<_>>()?;
    let mut h = Sha256::new();
    for (path, d) in files.iter().zip(digests) {
        let rel = path.strip_prefix(dir).unwrap_or(path);
        field(&mut h, rel.to_string_lossy().as_bytes());
        h.update(d);
    }
    Some(h.finalize().into())
}

/// What the keys of every ward share: the binary, the configuration, the
/// law, the theme, the date and the shared folder.
pub(crate) struct Common {
    digest: [u8; 32],
}

impl Common {
    /// Works out what every ward's key shares; `None` when part of it
    /// cannot be read (then nothing is taken from the cache).
    pub(crate) fn new(site: &Site, theme_digest: [u8; 32], today: Date) -> Option<Common> {
        let root = &site.root;
        let mut h = Sha256::new();
        field(&mut h, HEADER.as_bytes());
        field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
        h.update(binary_digest()?);
        h.update(file_digest(&root.join(crate::config::CONFIG_FILE))?);
        h.update(file_digest(&root.join(crate::law::LAW_FILE))?);
        h.update(theme_digest);
        field(&mut h, today.iso().as_bytes());
        let content = root.join(&site.config.content_dir);
        h.update(tree_digest(&content.join(crate::load::SHARED_DIR))?);
        field(
            &mut h,
            &serde_json::to_vec(&site.history.state).unwrap_or_default(),
        );
        Some(Common {
            digest: h.finalize().into(),
        })
    }

    /// The key of `ward`: the common part, its folder, its records' history.
    pub(crate) fn key(&self, site: &Site, ward: &Ward) -> Option<String> {
        let mut h = Sha256::new();
        h.update(self.digest);
        field(&mut h, ward.slug.as_bytes());
        let dir = site.root.join(&site.config.content_dir).join(&ward.slug);
        h.update(tree_digest(&dir)?);
        for r in &ward.records {
            field(&mut h, r.source.path.to_string_lossy().as_bytes());
            let revisions = site.history.of(&r.source.path);
            field(&mut h, &serde_json::to_vec(revisions).ok()?);
        }
        Some(hex(&h.finalize()))
    }
}

/// The digest of the running program's file, read once per process.
fn binary_digest() -> Option<[u8; 32]> {
    static DIGEST: std::sync::OnceLock<Option<[u8; 32]>> = std::sync::OnceLock::new();
    *DIGEST.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let bytes = std::fs::read(exe).ok()?;
        Some(Sha256::digest(&bytes).into())
    })
}
