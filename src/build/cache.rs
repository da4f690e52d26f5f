//! The build cache: a ward whose inputs have not changed since the site at
//! the output was written is neither read, checked nor rendered: its
//! findings, its summary (what the portal shows, the documents it cites and
//! lacks) come from the cache, and its folder from that site (moved into
//! the new one whole, with one rename, once the new site is otherwise
//! complete: see [`crate::write`]).
//!
//! A ward's *key* is a SHA-256 of everything its pages and findings are made
//! from: the binary (its version and its bytes), `congkhai.toml` and
//! `law.toml`, the theme (the default files and the repository's
//! overrides), the build date (every page shows it, statuses depend on it),
//! the shared folder (its documents show in every ward), every file under
//! the ward's folder (links followed), whether the git history could be read
//! and the commits that touched the ward's folder or the shared folder. A
//! file's content is hashed only when its metadata (size, modification and
//! change times, inode) differs from what the cache recorded: the change
//! time cannot be set back, so a file rewritten with its size and
//! modification time restored is hashed again, and a fresh checkout (every
//! change time new) hashes every file once, finds the same contents and
//! keeps the wards. Times within [`RECENT_SECS`] of the build are not
//! trusted (a file could change again within the same tick).
//!
//! A ward's *stamp* says which files its folder in the output held when the
//! key was recorded (path, size and modification time of each, see
//! [`crate::write::stamp`]): a ward folder changed since, by hand or by
//! `bundle`, does not match and is rendered again. A folder moved keeps its
//! files' sizes and times, so its stamp stays that of the index.
//!
//! Keys and stamps are kept in `.congkhai-cache/<output name>.tsv` beside
//! the output (for the default `public`, in the repository root), and what
//! the build needs of each ward in `.congkhai-cache/<output name>.wards/
//! <ward>.json` ([`WardData`]). The index is removed before a new site is
//! put in place and written after, so a build stopped in between leaves no
//! cache and the next one renders everything; a ward's data counts only
//! when its key is the one in the index.

use crate::config::Config;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Message, Severity};
use crate::model::{Ward, WardProfile};
use crate::render::WardCounts;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The folder of the cache, beside the output.
pub const CACHE_DIR: &str = ".congkhai-cache";

/// The first line of a cache file: its format.
const HEADER: &str = "congkhai-cache 3";

/// The format of a ward's data file.
const DATA_FORMAT: u32 = 1;

/// A file whose modification or change time is less than this many seconds
/// before the build's start is hashed again by the next build (its times
/// could stay the same through a change made within the same tick).
pub const RECENT_SECS: i64 = 2;

/// A document cited and missing: its key, where it is cited, and whether
/// in a text (as `validate` notes it).
pub(crate) type Missing = (String, PathBuf, usize, bool);

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
    let (dir, name) = place(out);
    dir.join(format!("{name}.tsv"))
}

/// The cache folder beside `out`, and the output's name.
fn place(out: &Path) -> (PathBuf, String) {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = out.parent().unwrap_or(Path::new(""));
    (parent.join(CACHE_DIR), name)
}

/// The cache folder of the output `out`.
pub(crate) fn dir(out: &Path) -> PathBuf {
    place(out).0
}

/// The data file of the ward `slug` of the output `out`.
fn data_file(out: &Path, slug: &str) -> PathBuf {
    let (dir, name) = place(out);
    dir.join(format!("{name}.wards"))
        .join(format!("{slug}.json"))
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

/// Writes `bytes` to `path` through a temporary file renamed over it.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Writes the cache of the output `out`: a temporary file renamed over the
/// previous one.
pub(crate) fn write(out: &Path, entries: &BTreeMap<String, Entry>) -> std::io::Result<()> {
    let mut text = format!("{HEADER}\n");
    for (slug, e) in entries {
        // A slug is a folder name without tabs or line breaks (E0004).
        text.push_str(&format!("{slug}\t{}\t{}\n", e.key, e.stamp));
    }
    replace(&file(out), text.as_bytes())
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

/// What the fast path compares of a file: when all of it is as recorded,
/// the file's recorded digest is taken without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct FileStat {
    size: u64,
    mtime: i64,
    mtime_ns: i64,
    ctime: i64,
    ctime_ns: i64,
    ino: u64,
}

/// The fast-path metadata of a file, `None` when its times are too recent
/// to be trusted (at or after `cutoff`, in seconds since 1970) or the
/// system has no change time.
#[cfg(unix)]
fn file_stat(meta: &std::fs::Metadata, cutoff: i64) -> Option<FileStat> {
    use std::os::unix::fs::MetadataExt;
    if meta.mtime() >= cutoff || meta.ctime() >= cutoff {
        return None;
    }
    Some(FileStat {
        size: meta.size(),
        mtime: meta.mtime(),
        mtime_ns: meta.mtime_nsec(),
        ctime: meta.ctime(),
        ctime_ns: meta.ctime_nsec(),
        ino: meta.ino(),
    })
}

#[cfg(not(unix))]
fn file_stat(_meta: &std::fs::Metadata, _cutoff: i64) -> Option<FileStat> {
    None
}

/// One input file of a ward as the cache recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FileEntry {
    /// Path relative to the ward's folder.
    path: String,
    /// Its metadata, when it can be trusted next time.
    stat: Option<FileStat>,
    /// Hex SHA-256 of its bytes.
    digest: String,
}

/// The files under `dir` (absent: none), by path relative to it, links
/// followed, each with its digest: taken from `previous` when the metadata
/// is the one recorded there, otherwise read. `None` when any cannot be read.
fn tree_files(dir: &Path, previous: &[FileEntry], cutoff: i64) -> Option<Vec<FileEntry>> {
    let mut files = Vec::new();
    if dir.exists() {
        // Each file's metadata read relative to its open folder, in the
        // order of a sorted walk.
        crate::write::tree::walk(dir, true, &mut |rel, found| {
            if let crate::write::tree::Found::File(meta) = found {
                files.push((rel.to_string(), file_stat(&meta, cutoff)));
            }
            Ok(())
        })
        .ok()?;
    }
    let known: HashMap<&str, &FileEntry> = previous.iter().map(|e| (e.path.as_str(), e)).collect();
    files
        .into_par_iter()
        .map(|(rel, stat)| {
            let recorded = stat.and_then(|s| {
                known
                    .get(rel.as_str())
                    .filter(|e| e.stat == Some(s))
                    .map(|e| e.digest.clone())
            });
            let digest = match recorded {
                Some(d) => d,
                None => hex(&Sha256::digest(std::fs::read(dir.join(&rel)).ok()?)),
            };
            Some(FileEntry {
                path: rel,
                stat,
                digest,
            })
        })
        .collect()
}

/// The digest of a list of files with their digests.
fn files_digest(files: &[FileEntry]) -> [u8; 32] {
    let mut h = Sha256::new();
    for f in files {
        field(&mut h, f.path.as_bytes());
        field(&mut h, f.digest.as_bytes());
    }
    h.finalize().into()
}

/// What the keys of every ward share: the binary, the configuration, the
/// law, the theme, the date, the shared folder and the state of the git
/// history; and the history digest of each ward's folder.
pub(crate) struct Common {
    digest: [u8; 32],
    /// Per ward folder, its history digest (none outside git).
    history: HashMap<String, [u8; 32]>,
    /// What the cache's recorded metadata is compared against: files
    /// changed after it are hashed by the next build.
    cutoff: i64,
}

impl Common {
    /// Works out what every ward's key shares; `None` when part of it
    /// cannot be read (then nothing is taken from the cache). `log`: the
    /// git log as read for this build (its findings: outside git, shallow,
    /// unreadable; none meaning a readable history).
    pub(crate) fn new(
        cache_dir: &Path,
        root: &Path,
        config: &Config,
        theme_digest: [u8; 32],
        today: Date,
        log: &crate::history::Log,
    ) -> Option<Common> {
        let history: Vec<&str> = log.diags.iter().map(|d| d.code).collect();
        let (mut h, cutoff) = program_key(cache_dir, root)?;
        h.update(theme_digest);
        field(&mut h, today.iso().as_bytes());
        let content = root.join(&config.content_dir);
        let shared = tree_files(&content.join(crate::load::SHARED_DIR), &[], cutoff)?;
        h.update(files_digest(&shared));
        for code in &history {
            field(&mut h, code.as_bytes());
        }
        // Outside git, or with a log that cannot be read, no page shows
        // any history.
        let shown = !history.iter().any(|c| *c == "N0030" || *c == "W0031");
        let history = if shown {
            log.folder_digests(&config.content_dir)
        } else {
            HashMap::new()
        };
        h.update(
            history
                .get(crate::load::SHARED_DIR)
                .copied()
                .unwrap_or_default(),
        );
        Some(Common {
            digest: h.finalize().into(),
            history,
            cutoff,
        })
    }

    /// The key of the ward `slug` whose folder is `dir`, with its files as
    /// recorded now; `previous`: its files as the cache recorded them.
    fn key(
        &self,
        slug: &str,
        dir: &Path,
        previous: &[FileEntry],
    ) -> Option<(String, Vec<FileEntry>)> {
        let files = tree_files(dir, previous, self.cutoff)?;
        let mut h = Sha256::new();
        h.update(self.digest);
        field(&mut h, slug.as_bytes());
        h.update(files_digest(&files));
        h.update(self.history.get(slug).copied().unwrap_or_default());
        Some((hex(&h.finalize()), files))
    }
}

/// The key of the facts of records' older versions kept by the history
/// (see `crate::history`): what they depend on besides their text and the
/// date, as in every ward's key: the program (its version and its bytes),
/// `congkhai.toml` and `law.toml`. `None` when part of it cannot be read.
pub(crate) fn facts_key(cache_dir: &Path, root: &Path) -> Option<String> {
    let (h, _) = program_key(cache_dir, root)?;
    Some(hex(&h.finalize()))
}

/// What every key of the cache starts with: the cache's format, the program
/// (its version and its bytes), `congkhai.toml` and `law.toml`; with the
/// time before which a file counts as settled for this build (see
/// [`RECENT_SECS`]). `None` when part of it cannot be read.
fn program_key(cache_dir: &Path, root: &Path) -> Option<(Sha256, i64)> {
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let cutoff = i64::try_from(started).ok()? - RECENT_SECS;
    let mut h = Sha256::new();
    field(&mut h, HEADER.as_bytes());
    field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
    field(&mut h, binary_digest(cache_dir, cutoff)?.as_bytes());
    h.update(file_digest(&root.join(crate::config::CONFIG_FILE))?);
    h.update(file_digest(&root.join(crate::law::LAW_FILE))?);
    Some((h, cutoff))
}

/// The file beside the cache's index that records the program's digest
/// with the program file's metadata (a program of 80 MB takes longer to
/// hash than a changed ward to build).
const PROGRAM_FILE: &str = "program.json";

/// The program file's digest as recorded in the cache folder.
#[derive(Debug, Serialize, Deserialize)]
struct ProgramDigest {
    path: PathBuf,
    stat: FileStat,
    digest: String,
}

/// The digest of the running program's file, read once per process: taken
/// from the record in `cache_dir` when the file's metadata is the one
/// recorded, otherwise read (and recorded, best effort).
fn binary_digest(cache_dir: &Path, cutoff: i64) -> Option<String> {
    static DIGEST: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    DIGEST
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            let stat = std::fs::metadata(&exe)
                .ok()
                .and_then(|m| file_stat(&m, cutoff));
            let record = cache_dir.join(PROGRAM_FILE);
            let recorded = std::fs::read(&record)
                .ok()
                .and_then(|b| serde_json::from_slice::<ProgramDigest>(&b).ok())
                .filter(|r| r.path == exe && Some(r.stat) == stat);
            if let Some(r) = recorded {
                return Some(r.digest);
            }
            let digest = hex(&Sha256::digest(std::fs::read(&exe).ok()?));
            if let Some(stat) = stat {
                let r = ProgramDigest {
                    path: exe,
                    stat,
                    digest: digest.clone(),
                };
                // Best effort: without the record the program is hashed again.
                if let Ok(bytes) = serde_json::to_vec(&r) {
                    let _ = replace(&record, &bytes);
                }
            }
            Some(digest)
        })
        .clone()
}

/// A finding as the cache keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Finding {
    severity: u8,
    code: String,
    file: PathBuf,
    line: usize,
    column: usize,
    vi: String,
    en: Option<String>,
    help: Option<(String, Option<String>)>,
}

impl Finding {
    fn of(d: &Diagnostic) -> Finding {
        Finding {
            severity: match d.severity {
                Severity::Note => 0,
                Severity::Warning => 1,
                Severity::Error => 2,
            },
            code: d.code.to_string(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            vi: d.message.vi.clone(),
            en: d.message.en.clone(),
            help: d.help.as_ref().map(|m| (m.vi.clone(), m.en.clone())),
        }
    }

    /// The finding again; `None` for a code this binary does not know.
    fn diagnostic(&self) -> Option<Diagnostic> {
        let code = crate::diagnostics::CODES
            .iter()
            .find(|(c, _, _)| *c == self.code)?
            .0;
        Some(Diagnostic {
            severity: match self.severity {
                0 => Severity::Note,
                1 => Severity::Warning,
                2 => Severity::Error,
                _ => return None,
            },
            code,
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            message: Message {
                vi: self.vi.clone(),
                en: self.en.clone(),
            },
            help: self.help.as_ref().map(|(vi, en)| {
                Box::new(Message {
                    vi: vi.clone(),
                    en: en.clone(),
                })
            }),
        })
    }
}

/// What a build needs of a ward it neither reads nor checks: its findings,
/// the documents it cites and lacks, what the portal shows of it, and its
/// input files as last hashed.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct WardData {
    format: u32,
    key: String,
    files: Vec<FileEntry>,
    findings: Vec<Finding>,
    missing: Vec<Missing>,
    profile: WardProfile,
    profile_file: PathBuf,
    counts: WardCounts,
    pages: Vec<String>,
    published: usize,
}

/// What a ward's data gives back to the build.
pub(crate) struct Replay {
    /// Its findings (those of reading and checking its records).
    pub findings: Vec<Diagnostic>,
    /// The documents its records cite and the repository lacks.
    pub missing: Vec<Missing>,
    /// The ward as the portal shows it (no records).
    pub ward: Ward,
    /// Its counts.
    pub counts: WardCounts,
    /// Its pages, for the sitemap.
    pub pages: Vec<String>,
    /// Its own records published.
    pub published: usize,
}

impl WardData {
    /// What the build takes from it; `None` when a finding's code is unknown.
    pub(crate) fn replay(&self, slug: &str) -> Option<Replay> {
        let findings = self
            .findings
            .iter()
            .map(Finding::diagnostic)
            .collect::<Option<Vec<_>>>()?;
        Some(Replay {
            findings,
            missing: self.missing.clone(),
            ward: Ward {
                slug: slug.to_string(),
                profile: self.profile.clone(),
                profile_file: self.profile_file.clone(),
                records: Vec::new(),
            },
            counts: self.counts,
            pages: self.pages.clone(),
            published: self.published,
        })
    }
}

/// A ward's key and inputs, worked out before any of its records is read,
/// and the data the cache has for that key.
#[derive(Default)]
pub(crate) struct Prepared {
    /// Its key; `None` when part of it cannot be read.
    pub key: Option<String>,
    /// Its input files, as hashed now.
    files: Vec<FileEntry>,
    /// The data of the previous build, when its key is this one (and the
    /// index says so too).
    pub data: Option<WardData>,
    /// The data file records other metadata than [`Prepared::files`].
    stale_files: bool,
}

/// The key of each ward of `slugs` (folders under `content`) and, with
/// `use_previous`, the data the cache at `out` has for it (`previous`: the
/// cache's index). Every ward is keyed in parallel.
pub(crate) fn prepare(
    common: &Common,
    content: &Path,
    slugs: &[&str],
    out: &Path,
    previous: &BTreeMap<String, Entry>,
    use_previous: bool,
) -> Vec<Prepared> {
    slugs
        .par_iter()
        .map(|slug| {
            let data: Option<WardData> = if use_previous {
                std::fs::read(data_file(out, slug))
                    .ok()
                    .and_then(|b| serde_json::from_slice::<WardData>(&b).ok())
                    .filter(|d| d.format == DATA_FORMAT)
            } else {
                None
            };
            let recorded = data.as_ref().map_or(&[][..], |d| d.files.as_slice());
            let Some((key, files)) = common.key(slug, &content.join(slug), recorded) else {
                return Prepared::default();
            };
            let stale_files = data.as_ref().is_some_and(|d| d.files != files);
            let data =
                data.filter(|d| d.key == key && previous.get(*slug).is_some_and(|e| e.key == key));
            Prepared {
                key: Some(key),
                files,
                data,
                stale_files,
            }
        })
        .collect()
}

impl Prepared {
    /// Writes the data of a ward just read and checked, for the next build.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn save(
        &mut self,
        out: &Path,
        ward: &Ward,
        findings: &[Diagnostic],
        missing: Vec<Missing>,
        counts: WardCounts,
        pages: Vec<String>,
        published: usize,
    ) -> std::io::Result<()> {
        let Some(key) = self.key.clone() else {
            return Ok(());
        };
        let data = WardData {
            format: DATA_FORMAT,
            key,
            files: std::mem::take(&mut self.files),
            findings: findings.iter().map(Finding::of).collect(),
            missing,
            profile: ward.profile.clone(),
            profile_file: ward.profile_file.clone(),
            counts,
            pages,
            published,
        };
        let bytes = serde_json::to_vec(&data).map_err(std::io::Error::other)?;
        replace(&data_file(out, &ward.slug), &bytes)
    }

    /// Writes the data of a ward taken from the cache again when its files'
    /// metadata changed (a checkout, a file touched), so that the next build
    /// need not read them; `data` is the ward's data as read.
    pub(crate) fn refresh(
        &mut self,
        out: &Path,
        slug: &str,
        data: &mut WardData,
    ) -> std::io::Result<()> {
        if !self.stale_files {
            return Ok(());
        }
        data.files = std::mem::take(&mut self.files);
        let bytes = serde_json::to_vec(&*data).map_err(std::io::Error::other)?;
        replace(&data_file(out, slug), &bytes)
    }
}
