//! History from git: for each record file, when it first entered the
//! repository, when it last changed, and its revisions with what changed in
//! its figures ("Số dư cuối kỳ: 2.110.000 đ → 2.310.000 đ"). One `git log`
//! over the whole repository and one `git cat-file --batch` for the old
//! versions of the files that changed (see [`git`]); dates come from the
//! commits, never from the clock. A repository outside git builds without
//! history (one note says so); a shallow clone is reported as a warning.

mod facts;
mod git;
mod kept;
mod store;

use crate::config::Config;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Record, Site};
pub use facts::Change;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
pub use store::LogCache;

/// Whether the repository's history could be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Not read (outside git, or not asked for).
    #[default]
    Off,
    /// The whole history.
    Full,
    /// A shallow clone: the oldest dates are those of the first commit fetched.
    Shallow,
}

/// One commit that changed a record file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// The commit's full hash.
    pub hash: String,
    /// Its first 7 characters.
    pub short: String,
    /// The commit date (in the committer's time zone).
    pub date: Date,
    /// Seconds since 1970, for ordering.
    pub time: i64,
    /// The subject of the commit message.
    pub message: String,
    /// The file entered the repository in this commit.
    pub added: bool,
    /// What changed in the record's fields.
    pub changes: Vec<Change>,
    /// An amount already published was changed: a correction.
    pub correction: bool,
}

/// The history of a repository's record files.
#[derive(Debug, Default)]
pub struct History {
    /// Whether it could be read.
    pub state: State,
    /// Path relative to the repository root → revisions, newest first.
    files: HashMap<PathBuf, Vec<Revision>>,
}

impl History {
    /// The revisions of the record file at `path` (relative to the root),
    /// newest first; empty outside git or for a file never committed.
    pub fn of(&self, path: &Path) -> &[Revision] {
        self.files.get(path).map_or(&[], Vec::as_slice)
    }
}

/// Reads the history of the record files of `site` (its root and records).
/// The diagnostics say when there is none, or only part of it.
pub fn read(site: &Site) -> (History, Vec<Diagnostic>) {
    let log = Log::read(&site.root);
    let (history, diags) = log.history_of(site);
    (history, log.diags.into_iter().chain(diags).collect())
}

/// A path as git writes it: `/` between parts.
fn git_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The repository's git log, read once: the history of any group of its
/// records is worked out from it ([`Log::history_of`]), so that a build
/// that reads its wards a few at a time runs git once.
pub struct Log {
    /// What reading it found (outside git, a shallow clone, git failing).
    pub diags: Vec<Diagnostic>,
    read: Option<LogRead>,
    /// The facts of older versions kept in the build cache's folder.
    kept: Option<kept::KeptFacts>,
}

struct LogRead {
    shallow: bool,
    commits: Vec<git::Commit>,
    dirty: HashSet<String>,
}

impl Log {
    /// Reads the git log of the repository at `root`.
    pub fn read(root: &Path) -> Log {
        Log::read_cached(root, None)
    }

    /// Reads the git log of the repository at `root`, only the commits
    /// since the log kept in `cache` when there is one (see [`LogCache`]).
    /// The same log as [`Log::read`].
    pub fn read_cached(root: &Path, cache: Option<LogCache>) -> Log {
        let mut diags = Vec::new();
        let (shallow, top, prefix) = match git::repo(root) {
            git::Repo::Outside => {
                diags.push(
                    Diagnostic::note(
                        "N0030",
                        root.to_path_buf(),
                        0,
                        "kho không nằm trong git: các trang không có lịch sử thay đổi",
                    )
                    .with_help("Đưa kho vào git (`git init`, `git add`, `git commit`) để mỗi trang ghi ngày đăng, ngày sửa và các lần sửa."),
                );
                return Log {
                    diags,
                    read: None,
                    kept: None,
                };
            }
            git::Repo::Inside {
                shallow,
                top,
                prefix,
            } => (shallow, top, prefix),
        };
        if shallow {
            diags.push(
                Diagnostic::warning(
                    "W0030",
                    root.to_path_buf(),
                    0,
                    "kho git là bản sao nông (shallow): lịch sử thay đổi chỉ tính từ lần commit cũ nhất đã tải, ngày đăng lần đầu có thể sai",
                )
                .with_help("Tải đủ lịch sử: `git fetch --unshallow`; trong GitHub Actions đặt `fetch-depth: 0` cho bước `actions/checkout`."),
            );
        }
        let kept = cache.map(|c| kept::KeptFacts::open(c.dir, root, c.reuse));
        let commits = match store::log_text(root, top, &prefix, shallow, cache) {
            Ok(text) => git::parse_log(&text),
            Err(e) => {
                diags.push(
                    Diagnostic::warning(
                        "W0031",
                        root.to_path_buf(),
                        0,
                        format!("không đọc được lịch sử git: {e}"),
                    )
                    .with_help("Trang vẫn được dựng, không có lịch sử thay đổi. Chạy `git log` trong kho để xem lỗi."),
                );
                return Log {
                    diags,
                    read: None,
                    kept: None,
                };
            }
        };
        // The latest version of a file without uncommitted changes is the
        // record loaded now: its facts come from it, not from git.
        let dirty = git::dirty(root, top);
        Log {
            diags,
            read: Some(LogRead {
                shallow,
                commits,
                dirty,
            }),
            kept,
        }
    }

    /// Keeps the facts of the older versions read by this build for the
    /// next one, only those of blobs the log still names (`history.facts`);
    /// the note saying the kept file could not be used, if it could not.
    pub fn keep_facts(&self) -> Vec<Diagnostic> {
        let (Some(read), Some(kept)) = (&self.read, &self.kept) else {
            return Vec::new();
        };
        let referenced: HashSet<&str> = read
            .commits
            .iter()
            .flat_map(|c| &c.files)
            .flat_map(|f| [f.old_blob.as_str(), f.new_blob.as_str()])
            .collect();
        kept.save(&referenced);
        kept.note().into_iter().collect()
    }

    /// For each folder directly under the content folder `content`
    /// (relative to the root: a ward's, or the shared one), a digest of the
    /// commits that touched a file in it (each commit, how, and the paths):
    /// what the history on its pages is made of. Empty when no history
    /// could be read.
    pub fn folder_digests(&self, content: &Path) -> HashMap<String, [u8; 32]> {
        use sha2::{Digest, Sha256};
        let Some(read) = &self.read else {
            return HashMap::new();
        };
        let prefix = git_path(content);
        let prefix = prefix.trim_start_matches("./").trim_end_matches('/');
        let folder_of = |path: &str| -> Option<String> {
            let rest = match prefix {
                "" | "." => path,
                p => path.strip_prefix(p)?.strip_prefix('/')?,
            };
            Some(rest.split_once('/')?.0.to_string())
        };
        let field = |h: &mut Sha256, b: &[u8]| {
            h.update((b.len() as u64).to_le_bytes());
            h.update(b);
        };
        let mut hashers: HashMap<String, Sha256> = HashMap::new();
        for commit in &read.commits {
            for change in &commit.files {
                let paths: Vec<&str> = change
                    .from
                    .iter()
                    .map(String::as_str)
                    .chain([change.path.as_str()])
                    .collect();
                let mut folders: Vec<String> = paths.iter().filter_map(|p| folder_of(p)).collect();
                folders.dedup();
                for folder in folders {
                    let h = hashers.entry(folder).or_default();
                    field(h, commit.hash.as_bytes());
                    field(h, change.status.to_string().as_bytes());
                    for p in &paths {
                        field(h, p.as_bytes());
                    }
                }
            }
        }
        hashers
            .into_iter()
            .map(|(folder, h)| (folder, h.finalize().into()))
            .collect()
    }

    /// The history of the record files of `site` (its root and records),
    /// and the problems met reading their older versions.
    pub fn history_of(&self, site: &Site) -> (History, Vec<Diagnostic>) {
        let mut records: HashMap<String, &Record> = HashMap::new();
        for w in &site.wards {
            for r in &w.records {
                records.insert(git_path(&r.source.path), r);
            }
        }
        match &self.read {
            Some(read) => read.history(
                &site.root,
                &site.config,
                site.today,
                &records,
                self.kept.as_ref(),
            ),
            None => (History::default(), Vec::new()),
        }
    }
}

impl LogRead {
    /// The history of the record files `kinds` names (path as git writes
    /// it → the record as loaded now).
    fn history(
        &self,
        root: &Path,
        config: &Config,
        today: Date,
        kinds: &HashMap<String, &Record>,
        kept: Option<&kept::KeptFacts>,
    ) -> (History, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let (shallow, commits, dirty) = (self.shallow, &self.commits, &self.dirty);
        // Newest first: a rename seen here means the older entries of the old
        // path belong to the file as it is named now.
        let mut current: HashMap<&str, &str> = HashMap::new();
        struct Entry<'c> {
            commit: &'c git::Commit,
            change: &'c git::FileChange,
        }
        let mut per_file: HashMap<&str, Vec<Entry>> = HashMap::new();
        // The changes kept, in the log's order (newest first).
        let mut kept_changes: Vec<&git::FileChange> = Vec::new();
        // A file deleted in a newer commit and added again: its entries from
        // before the deletion belong to another record.
        let mut ended: HashSet<&str> = HashSet::new();
        for commit in commits {
            for change in &commit.files {
                let name = current
                    .get(change.path.as_str())
                    .copied()
                    .unwrap_or(change.path.as_str());
                if change.status == 'D' {
                    ended.insert(name);
                    continue;
                }
                if ended.contains(name) || !kinds.contains_key(name) {
                    continue;
                }
                if let (Some(from), 'R') = (&change.from, change.status) {
                    current.insert(from.as_str(), name);
                }
                per_file
                    .entry(name)
                    .or_default()
                    .push(Entry { commit, change });
                kept_changes.push(change);
            }
        }
        // The old and new versions of every change to a file already there.
        let zeros = |b: &str| b.bytes().all(|c| c == b'0');
        let mut versions: HashMap<&String, Vec<facts::Fact>> = HashMap::new();
        for (name, entries) in &per_file {
            if let (Some(latest), Some(r)) = (entries.first(), kinds.get(*name)) {
                if !dirty.contains(*name) && entries.len() > 1 {
                    versions.insert(&latest.change.new_blob, facts::of_record(r));
                }
            }
        }
        // The older versions: their facts kept from an earlier build, or
        // read from git. Each blob once, for the first of the files that
        // had it (in the order of their paths).
        let mut names: Vec<&&str> = per_file.keys().collect();
        names.sort_unstable();
        let mut by_blob: Vec<(&String, Kind, &str)> = Vec::new();
        let mut seen = HashSet::new();
        for name in names {
            let Some(kind) = kinds.get(*name).map(|r| r.kind) else {
                continue;
            };
            for e in per_file[*name]
                .iter()
                .filter(|e| !zeros(&e.change.old_blob))
            {
                for b in [&e.change.old_blob, &e.change.new_blob] {
                    if zeros(b) || versions.contains_key(b) || !seen.insert(b) {
                        continue;
                    }
                    match kept.and_then(|k| k.get(b, kind, name, today)) {
                        Some(Some(facts)) => {
                            versions.insert(b, facts.to_vec());
                        }
                        // Known not to read as a record: no diff.
                        Some(None) => {}
                        None => by_blob.push((b, kind, *name)),
                    }
                }
            }
        }
        // Asked of git in the log's order: the versions of one commit lie
        // near each other in its packs, and a version often is the base the
        // next one is stored against, so git rebuilds fewer of them.
        let needed: HashSet<&str> = by_blob.iter().map(|(b, _, _)| b.as_str()).collect();
        let mut asked: HashSet<&str> = HashSet::new();
        let wanted: Vec<String> = kept_changes
            .iter()
            .filter(|c| c.status != 'A' && !zeros(&c.old_blob))
            .flat_map(|c| [&c.old_blob, &c.new_blob])
            .filter(|b| needed.contains(b.as_str()) && asked.insert(b.as_str()))
            .cloned()
            .collect();
        let blobs = match git::blobs(root, &wanted) {
            Ok(b) => b,
            Err(e) => {
                diags.push(
                Diagnostic::warning(
                    "W0031",
                    root.to_path_buf(),
                    0,
                    format!("không đọc được lịch sử git: {e}"),
                )
                .with_help("Trang vẫn được dựng, không có lịch sử thay đổi. Chạy `git cat-file --batch` trong kho để xem lỗi."),
            );
                HashMap::new()
            }
        };
        // Each older version read once, in parallel, by one reader (its
        // cache of folders shared).
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let reader = crate::load::Reader::new(root, &canonical_root, config);
        let older: Vec<(&String, Vec<facts::Fact>)> = by_blob
            .par_iter()
            .filter_map(|&(blob, kind, name)| {
                let bytes = blobs.get(blob)?;
                let read = facts::of_text(&reader, today, kind, name, bytes);
                if let Some(k) = kept {
                    let read = read.as_ref().map(|(f, t)| (f.as_slice(), t.as_slice()));
                    k.put(blob, kind, name, today, read);
                }
                let (facts, _) = read?;
                Some((blob, facts))
            })
            .collect();
        versions.extend(older);
        let mut files = HashMap::with_capacity(per_file.len());
        for (name, entries) in per_file {
            let revisions: Vec<Revision> = entries
                .iter()
                .filter_map(|e| {
                    let date = Date::parse(&e.commit.date).ok()?;
                    let added = zeros(&e.change.old_blob);
                    let changes = if added {
                        Vec::new()
                    } else {
                        match (
                            versions.get(&e.change.old_blob),
                            versions.get(&e.change.new_blob),
                        ) {
                            (Some(old), Some(new)) => facts::diff(old, new),
                            _ => Vec::new(),
                        }
                    };
                    Some(Revision {
                        hash: e.commit.hash.clone(),
                        short: e.commit.hash.chars().take(7).collect(),
                        date,
                        time: e.commit.time,
                        message: e.commit.subject.clone(),
                        added,
                        correction: facts::is_correction(&changes),
                        changes,
                    })
                })
                .collect();
            files.insert(PathBuf::from(name), revisions);
        }
        let state = if shallow { State::Shallow } else { State::Full };
        (History { state, files }, diags)
    }
}

/// A change to a record, as the ward's "Thay đổi gần đây" page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RecentChange<'a> {
    /// The record's id.
    pub id: &'a str,
    /// The record's kind.
    pub kind: Kind,
    /// Its title.
    pub title: &'a str,
    /// The revision.
    pub revision: &'a Revision,
}

/// The latest `n` revisions across `records` (newest first; ties by id).
pub fn recent<'a>(
    history: &'a History,
    records: impl Iterator<Item = &'a crate::model::Record>,
    n: usize,
) -> Vec<RecentChange<'a>> {
    let mut all: Vec<RecentChange> = records
        .flat_map(|r| {
            history
                .of(&r.source.path)
                .iter()
                .map(move |rev| RecentChange {
                    id: &r.id,
                    kind: r.kind,
                    title: &r.common.title,
                    revision: rev,
                })
        })
        .collect();
    all.sort_by(|a, b| {
        (b.revision.time, &a.id, &a.revision.hash).cmp(&(a.revision.time, &b.id, &b.revision.hash))
    });
    all.truncate(n);
    all
}

#[cfg(test)]
mod tests;
