//! Write stage: writes the output tree into a staging folder beside the
//! output, then swaps it in with one atomic rename. A failed or killed build
//! leaves the previous site complete. [`target`] decides beforehand whether
//! the output may be written at all.
//!
//! Folders of the previous site that the new one keeps as they are (a ward
//! the build cache found unchanged, a ward not built this time) are not
//! copied: they are *kept* ([`Staging::keep_if_unchanged`],
//! [`Staging::carry_over`]) and moved into the staging folder, one rename
//! each, only by [`Staging::publish`], once everything else is written, just
//! before the swap. The names moved are first written to a journal beside
//! the output (`.<out>.moving`): if the swap fails they are moved back, and
//! if the build is killed between the moves and the swap, the next build
//! moves them back (from the leftover staging folder, under the output's
//! lock) before anything else. After the swap the previous site holds only
//! what the new one replaced, so removing it costs as much.

pub mod target;
pub(crate) mod tree;

use crate::render::Output;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use target::{Target, TargetError, MARKER, MARKER_TEXT};

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// A previous site that could not be removed after the swap: where, and why.
type Leftover = Option<(PathBuf, std::io::Error)>;

/// What publishing did besides putting the site in place.
#[derive(Debug, Default)]
pub struct Published {
    /// Files and bytes written.
    pub stats: WriteStats,
    /// The previous site, when it could not be removed after the swap: where
    /// it was left, and why. The new site is in place all the same.
    pub leftover: Option<(PathBuf, std::io::Error)>,
}

pub(crate) fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// The staging folder a build of `out` writes into.
pub fn staging_dir(out: &Path) -> PathBuf {
    sibling(out, "staging")
}

/// Writes `outputs` and publishes them at the target's folder.
pub fn write_site(target: &Target, outputs: &[Output]) -> Result<Published, TargetError> {
    let staging = Staging::create(target)?;
    outputs
        .par_iter()
        .try_for_each(|o| staging.write(o))
        .map_err(|error| TargetError::Io {
            path: staging.dir.clone(),
            error,
        })?;
    staging.publish()
}

/// A staging folder beside the output that pages are written into as they
/// are made, from any thread, and that replaces the output whole once
/// complete. Dropped unpublished (a failed build), it is removed and the
/// output stays as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    inside: Vec<PathBuf>,
    dirs: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    published: bool,
    /// Folders of the site at the output moved in by [`Staging::publish`].
    kept: Mutex<Vec<String>>,
    /// Folders moved in and not moved back: the staging folder must stay
    /// (the next build moves them back, see [`restore`]).
    stranded: bool,
    /// Per folder of the staged site, the [`Tally`] of the files written
    /// into it; `None` for a folder that got files some other way (then its
    /// stamp is found by walking it).
    tallies: Mutex<HashMap<String, Option<Tally>>>,
}

impl Staging {
    /// Starts an empty staging folder for the target, created exclusively: a
    /// leftover of an earlier build (empty, or marked as a congkhai site) is
    /// removed first; anything else there (a link, a file, a folder of other
    /// files) is refused and left alone.
    pub fn create(target: &Target) -> Result<Staging, TargetError> {
        let dir = staging_dir(&target.out);
        let io = |error| TargetError::Io {
            path: dir.clone(),
            error,
        };
        // A build killed between moving kept folders in and the swap: they
        // go back to the output first.
        restore(&dir, &target.out).map_err(io)?;
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {
                if !target::is_site_or_empty(&dir).map_err(io)? {
                    return Err(TargetError::Staging { path: dir });
                }
                // What cannot be removed (reported by the build that left
                // it) is set aside, so that it never stops a build.
                if remove_tree(&dir).is_err() {
                    set_aside(&dir, &target.out).map_err(io)?;
                }
            }
            Ok(_) => return Err(TargetError::Staging { path: dir }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
        std::fs::create_dir(&dir).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => TargetError::Staging { path: dir.clone() },
            _ => io(e),
        })?;
        let staging = Staging {
            dir: dir.clone(),
            out: target.out.clone(),
            inside: target.inside.clone(),
            dirs: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            published: false,
            kept: Mutex::new(Vec::new()),
            stranded: false,
            tallies: Mutex::new(HashMap::new()),
        };
        write_new(&dir.join(MARKER), MARKER_TEXT.as_bytes()).map_err(io)?;
        Ok(staging)
    }

    /// Writes one file of the site.
    pub fn write(&self, o: &Output) -> std::io::Result<()> {
        let path = self.dir.join(o.path());
        if let Some(parent) = path.parent() {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs.contains(parent) {
                std::fs::create_dir_all(parent)?;
                dirs.insert(parent.to_path_buf());
            }
        }
        let (n, written) = match o {
            Output::Bytes(_, data) => {
                use std::io::Write;
                // One write of the whole page: no buffer to copy through.
                let mut file = std::fs::File::create(&path)?;
                file.write_all(data)?;
                (data.len() as u64, file)
            }
            Output::Copy(_, src) => {
                // Only from inside the repository, never through a link out.
                let mut from = target::open_inside(&self.inside, src)?;
                let mut to = std::fs::File::create(&path)?;
                (std::io::copy(&mut from, &mut to)?, to)
            }
        };
        // The folder's stamp, file by file, from the open file's metadata
        // (its time as the disk keeps it): no walk of the folder afterwards.
        if let Some((folder, rel)) = split_folder(o.path()) {
            // Hashed before the lock is taken: the writers run in parallel.
            let mark = FileMark::of(&rel, &written.metadata()?)?;
            let mut tallies = self.tallies.lock().unwrap_or_else(|e| e.into_inner());
            // The folder's name is copied only for its first file.
            let tally = match tallies.get_mut(folder.as_ref()) {
                Some(tally) => tally,
                None => tallies
                    .entry(folder.into_owned())
                    .or_insert_with(|| Some(Tally::default())),
            };
            if let Some(tally) = tally {
                tally.add_one(&mark);
            }
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    /// Whether the output is a folder holding a congkhai site (or nothing).
    fn out_is_site(&self) -> std::io::Result<bool> {
        Ok(
            std::fs::symlink_metadata(&self.out).is_ok_and(|m| m.is_dir())
                && target::is_site_or_empty(&self.out)?,
        )
    }

    /// Keeps the folder `name` of the site at the output for the new one.
    fn keep(&self, name: &str) {
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(name.to_string());
    }

    /// Whether the folder `name` is already kept.
    fn is_kept(&self, name: &str) -> bool {
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|k| k == name)
    }

    /// Keeps the folders `names` of the site at the output, unchanged, where
    /// the staged site has nothing of that name: a build of some wards
    /// keeps the pages of the others. They are moved in by
    /// [`Staging::publish`].
    pub fn carry_over(&self, names: &[String]) -> std::io::Result<()> {
        if !self.out_is_site()? {
            return Ok(());
        }
        for name in names {
            if std::fs::symlink_metadata(self.out.join(name)).is_ok_and(|m| m.is_dir())
                && std::fs::symlink_metadata(self.dir.join(name)).is_err()
                && !self.is_kept(name)
            {
                self.keep(name);
            }
        }
        Ok(())
    }

    /// Keeps the folder `name` of the site at the output for the new site
    /// when its [`stamp`] is still `expected` (nothing in it changed since
    /// it was written) and the staged site has nothing of that name: it is
    /// moved in, whole, by [`Staging::publish`]. `Ok(false)`: not kept; the
    /// caller writes the folder itself.
    pub fn keep_if_unchanged(&self, name: &str, expected: &str) -> std::io::Result<bool> {
        let from = self.out.join(name);
        if !self.out_is_site()?
            || !std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_dir())
            || std::fs::symlink_metadata(self.dir.join(name)).is_ok()
            || self.is_kept(name)
        {
            return Ok(false);
        }
        let Some(tally) = tally_of(&from)? else {
            return Ok(false);
        };
        if tally.stamp() != expected {
            return Ok(false);
        }
        let stats = tally.write_stats();
        self.files.fetch_add(stats.files, Ordering::Relaxed);
        self.bytes.fetch_add(stats.bytes, Ordering::Relaxed);
        self.keep(name);
        Ok(true)
    }

    /// Puts the folder `from` (a ward folder of another site congkhai wrote)
    /// into the staged site as `name`, hard-linked (copied where the system
    /// cannot link); links inside are skipped, never followed.
    pub fn carry_from(&self, from: &Path, name: &str) -> std::io::Result<()> {
        self.tallies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string(), None);
        let to = self.dir.join(name);
        if std::fs::symlink_metadata(&to).is_ok() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("`{name}` đã có trong trang đang dựng"),
            ));
        }
        let carried = link_tree(from, &to)?;
        self.files.fetch_add(carried.files, Ordering::Relaxed);
        self.bytes.fetch_add(carried.bytes, Ordering::Relaxed);
        Ok(())
    }

    /// The [`stamp`] of the staged folder `name`: added up from its files
    /// as they were written when they all were, otherwise found by walking it.
    pub fn stamp(&self, name: &str) -> std::io::Result<String> {
        let written = self
            .tallies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .copied()
            .flatten();
        match written {
            Some(tally) => Ok(tally.stamp()),
            None => stamp(&self.dir.join(name)),
        }
    }

    /// Puts the staged site in place of the output: moves the kept folders
    /// in (see the module's documentation), then swaps. Once the new site
    /// is in place the build has succeeded: a previous site that cannot be
    /// removed is reported in [`Published::leftover`], not as an error. On
    /// an error the kept folders are back in the previous site.
    pub fn publish(self) -> Result<Published, TargetError> {
        self.publish_with(&|staging, out| publish(staging, out, &|p| remove_tree(p)))
    }

    /// [`Staging::publish`] with the swap `swap` (a test makes it fail).
    fn publish_with(
        mut self,
        swap: &dyn Fn(&Path, &Path) -> std::io::Result<Leftover>,
    ) -> Result<Published, TargetError> {
        let kept = std::mem::take(&mut *self.kept.lock().unwrap_or_else(|e| e.into_inner()));
        let error = |path: &Path| {
            let path = path.to_path_buf();
            move |error| TargetError::Io { path, error }
        };
        let journal = journal_file(&self.out);
        if !kept.is_empty() {
            std::fs::write(&journal, journal_text(&kept)).map_err(error(&journal))?;
            if let Err(e) = self.move_in(&kept) {
                self.move_back(&journal);
                return Err(error(&self.dir)(e));
            }
        }
        let leftover = match swap(&self.dir, &self.out) {
            Ok(leftover) => leftover,
            Err(e) => {
                self.move_back(&journal);
                return Err(error(&self.out)(e));
            }
        };
        self.published = true;
        if !kept.is_empty() {
            // Best effort: a journal left behind finds nothing to move back.
            let _ = std::fs::remove_file(&journal);
        }
        Ok(Published {
            stats: WriteStats {
                files: self.files.load(Ordering::Relaxed),
                bytes: self.bytes.load(Ordering::Relaxed),
            },
            leftover,
        })
    }

    /// Moves the kept folders from the output into the staging folder.
    fn move_in(&self, kept: &[String]) -> std::io::Result<()> {
        for name in kept {
            let to = self.dir.join(name);
            // Written since it was kept: the staged one stays.
            if std::fs::symlink_metadata(&to).is_ok() {
                continue;
            }
            std::fs::rename(self.out.join(name), to)?;
        }
        Ok(())
    }

    /// Moves the kept folders back into the output after a failure; what
    /// cannot be moved back stays in the staging folder, which then stays
    /// too, with the journal, for the next build to finish the work.
    fn move_back(&mut self, journal: &Path) {
        if restore(&self.dir, &self.out).is_err() {
            self.stranded = true;
        } else {
            // Already removed by `restore`; absent is fine.
            let _ = std::fs::remove_file(journal);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published && !self.stranded {
            // Best effort: a leftover staging folder is removed by the next build.
            let _ = remove_tree(&self.dir);
        }
    }
}

/// The journal's text: the names of the folders moved, one a line (a
/// folder name holds no line break: the walk refuses them).
fn journal_text(kept: &[String]) -> String {
    kept.iter().map(|n| format!("{n}\n")).collect()
}

/// The journal of the folders a build of `out` moves from it into its
/// staging folder.
fn journal_file(out: &Path) -> PathBuf {
    sibling(out, "moving")
}

/// Moves back into `out` the folders its journal names that are in the
/// staging folder `staging` and missing from `out` (a build stopped between
/// moving them and the swap), then removes the journal. Without a journal,
/// nothing to do.
fn restore(staging: &Path, out: &Path) -> std::io::Result<()> {
    let journal = journal_file(out);
    let names = match std::fs::read_to_string(&journal) {
        Ok(names) => names,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for name in names.lines().filter(|n| !n.is_empty()) {
        // Only a plain folder name, never a path out of either folder.
        if Path::new(name).components().count() != 1 || name == "." || name == ".." {
            continue;
        }
        let (from, to) = (staging.join(name), out.join(name));
        if std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_dir())
            && std::fs::symlink_metadata(&to).is_err()
        {
            std::fs::rename(&from, &to)?;
        }
    }
    std::fs::remove_file(&journal)
}

/// Which files a folder holds, as one SHA-256 over each file's path
/// (relative to the folder), size and modification time (in whole
/// seconds). A rename of the folder, or an archive that keeps times, keeps
/// it; a file written again, added or removed changes it. A folder holding
/// anything else than files and folders with files in them (a link, an
/// empty folder) has no stamp (an error): congkhai never writes those.
pub fn stamp(dir: &Path) -> std::io::Result<String> {
    match tally_of(dir)? {
        Some(t) => Ok(t.stamp()),
        None => Err(not_plain(dir)),
    }
}

/// The error of a folder that holds a link or an empty folder.
fn not_plain(dir: &Path) -> std::io::Error {
    std::io::Error::other(format!(
        "{} có liên kết hoặc thư mục trống, không phải thư mục congkhai ghi",
        dir.display()
    ))
}

/// What a folder's [`stamp`] is made of, added up file by file in any
/// order: the staging writer adds each file as it writes it (the stamp of a
/// ward just written costs no walk), and a check adds the files it finds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    /// Files and bytes.
    stats: (u64, u64),
    /// The SHA-256s of the files' paths, sizes and times, added lane by
    /// lane: the same files give the same sum in any order.
    sum: [u64; 4],
}

impl Tally {
    /// Adds the file `rel` (relative to the folder, `/` between names).
    #[cfg(test)]
    fn add(&mut self, rel: &str, size: u64, mtime: u64) {
        self.add_one(&FileMark::new(rel, size, mtime));
    }

    /// Adds a file with its metadata.
    fn add_file(&mut self, rel: &str, meta: &std::fs::Metadata) -> std::io::Result<()> {
        self.add_one(&FileMark::of(rel, meta)?);
        Ok(())
    }

    /// Adds a file's mark.
    fn add_one(&mut self, mark: &FileMark) {
        for (lane, word) in self.sum.iter_mut().zip(mark.digest) {
            *lane = lane.wrapping_add(word);
        }
        self.stats.0 += 1;
        self.stats.1 += mark.size;
    }

    /// The stamp: the number of files and the sum, hashed.
    fn stamp(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"congkhai-stamp 2");
        h.update(self.stats.0.to_le_bytes());
        for lane in self.sum {
            h.update(lane.to_le_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Files and bytes, as counted by [`Staging`].
    fn write_stats(&self) -> WriteStats {
        WriteStats {
            files: usize::try_from(self.stats.0).unwrap_or(usize::MAX),
            bytes: self.stats.1,
        }
    }
}

/// What one file adds to its folder's [`Tally`]: the SHA-256 of its path,
/// size and time, as four words, and its size.
struct FileMark {
    digest: [u64; 4],
    size: u64,
}

impl FileMark {
    /// The mark of the file `rel` of `size` bytes modified at `mtime`.
    fn new(rel: &str, size: u64, mtime: u64) -> FileMark {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update((rel.len() as u64).to_le_bytes());
        h.update(rel.as_bytes());
        h.update(size.to_le_bytes());
        h.update(mtime.to_le_bytes());
        let bytes = h.finalize();
        let mut digest = [0u64; 4];
        for (word, chunk) in digest.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            *word = u64::from_le_bytes(w);
        }
        FileMark { digest, size }
    }

    /// The mark of the file `rel` with the metadata `meta`.
    fn of(rel: &str, meta: &std::fs::Metadata) -> std::io::Result<FileMark> {
        Ok(FileMark::new(rel, meta.len(), mtime_secs(meta)?))
    }
}

/// A file's modification time in whole seconds since 1970 (an archive, a
/// CI cache, may keep no more).
fn mtime_secs(meta: &std::fs::Metadata) -> std::io::Result<u64> {
    Ok(meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(std::io::Error::other)?
        .as_secs())
}

/// The [`Tally`] of the files under `dir`, walked (each file's metadata
/// read relative to its folder); `None` when it holds anything but files
/// and folders with files in them.
fn tally_of(dir: &Path) -> std::io::Result<Option<Tally>> {
    let mut tally = Tally::default();
    let mut plain = true;
    tree::walk(dir, false, &mut |rel, found| {
        match found {
            tree::Found::File(meta) => tally.add_file(rel, &meta)?,
            tree::Found::EmptyDir | tree::Found::Other => plain = false,
        }
        Ok(())
    })?;
    Ok(plain.then_some(tally))
}

/// The folder an output path is in, and its path inside that folder (`/`
/// between names); `None` for a file at the site's root. A plain path
/// (UTF-8 names between single slashes, as the render makes them) is split
/// in place; any other is taken apart by its components.
fn split_folder(path: &Path) -> Option<(Cow<'_, str>, Cow<'_, str>)> {
    if let Some(text) = path.to_str() {
        let plain = !text.starts_with('/')
            && !text.ends_with('/')
            && text
                .split('/')
                .all(|n| !n.is_empty() && n != "." && n != "..");
        if plain {
            let (folder, rel) = text.split_once('/')?;
            return Some((Cow::Borrowed(folder), Cow::Borrowed(rel)));
        }
    }
    let mut parts = path.components().map(|c| c.as_os_str().to_string_lossy());
    let folder = parts.next()?.into_owned();
    let rest: Vec<_> = parts.collect();
    if rest.is_empty() {
        return None;
    }
    Some((Cow::Owned(folder), Cow::Owned(rest.join("/"))))
}

/// Creates `path`, which must not exist, with `bytes`.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

/// A copy of the tree at `from` made of hard links (copies where linking
/// fails); links inside are skipped, never followed.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<WriteStats> {
    let mut stats = WriteStats::default();
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(from)
            .map_err(std::io::Error::other)?;
        let dest = to.join(rel);
        let kind = entry.file_type();
        if kind.is_dir() {
            std::fs::create_dir(&dest)?;
        } else if kind.is_file() {
            if std::fs::hard_link(entry.path(), &dest).is_err() {
                std::fs::copy(entry.path(), &dest)?;
            }
            stats.files += 1;
            stats.bytes += entry.metadata().map_err(std::io::Error::other)?.len();
        }
    }
    Ok(stats)
}

/// Moves `staging` to `out`, replacing what was there in one step, then
/// removes the previous site with `remove`. `Ok(Some(..))`: the new site is
/// in place but the previous one could not be removed (where it is, why).
fn publish(
    staging: &Path,
    out: &Path,
    remove: &dyn Fn(&Path) -> std::io::Result<()>,
) -> std::io::Result<Option<(PathBuf, std::io::Error)>> {
    if std::fs::symlink_metadata(out).is_err() {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(staging, out)?;
        return Ok(None);
    }
    let old = if exchange(staging, out)? {
        // `staging` now holds the previous site.
        staging.to_path_buf()
    } else {
        // No atomic exchange on this system: two renames, the old tree kept
        // until the new one is in place.
        let old = sibling(out, "old");
        if std::fs::symlink_metadata(&old).is_ok() {
            remove(&old)?;
        }
        std::fs::rename(out, &old)?;
        std::fs::rename(staging, out)?;
        old
    };
    Ok(remove(&old).err().map(|e| match set_aside(&old, out) {
        Ok(aside) => (aside, e),
        Err(_) => (old, e),
    }))
}

/// Renames `path`, a previous site that could not be removed, to a free
/// `.<out>.old-N` beside `out`, and returns the new name.
fn set_aside(path: &Path, out: &Path) -> std::io::Result<PathBuf> {
    for n in 1..1000 {
        let aside = sibling(out, &format!("old-{n}"));
        if std::fs::symlink_metadata(&aside).is_err() {
            std::fs::rename(path, &aside)?;
            return Ok(aside);
        }
    }
    Err(std::io::Error::other("quá nhiều thư mục cũ chưa xoá"))
}

/// Removes a previous site: its top-level folders (one per ward) in
/// parallel, then the rest. Links are removed, never followed; a path that
/// is itself a link or a file is removed as such.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if !std::fs::symlink_metadata(dir)?.is_dir() {
        return std::fs::remove_file(dir);
    }
    let entries: Vec<(PathBuf, bool)> = std::fs::read_dir(dir)?
        .map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?.is_dir()))))
        .collect::<std::io::Result<_>>()?;
    // The marker goes last: a removal cut short (a killed build) leaves a
    // folder the next build still recognises as its own, and removes.
    let marker = dir.join(MARKER);
    entries
        .par_iter()
        .filter(|(p, _)| *p != marker)
        .try_for_each(|(p, is_dir)| {
            if *is_dir {
                std::fs::remove_dir_all(p)
            } else {
                std::fs::remove_file(p)
            }
        })?;
    if entries.iter().any(|(p, _)| *p == marker) {
        std::fs::remove_file(&marker)?;
    }
    std::fs::remove_dir(dir)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EXDEV) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests;
