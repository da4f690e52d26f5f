//! Write stage: writes the output tree into a staging folder beside the
//! output, then swaps it in with one atomic rename. A failed or killed build
//! leaves the previous site complete and untouched.

use crate::render::Output;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// The staging folder a build of `out` writes into.
pub fn staging_dir(out: &Path) -> PathBuf {
    sibling(out, "staging")
}

/// Writes `outputs` and publishes them at `out`.
pub fn write_site(out: &Path, outputs: &[Output]) -> std::io::Result<WriteStats> {
    let staging = Staging::create(out)?;
    outputs.par_iter().try_for_each(|o| staging.write(o))?;
    staging.publish()
}

/// A staging folder beside `out` that pages are written into as they are
/// made, from any thread, and that replaces `out` whole once complete. Dropped
/// unpublished (a failed build), it is removed and `out` stays as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    dirs: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    published: bool,
}

impl Staging {
    /// Starts an empty staging folder for `out`.
    pub fn create(out: &Path) -> std::io::Result<Staging> {
        let dir = staging_dir(out);
        if dir.exists() {
            remove_tree(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            dirs: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            published: false,
        })
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
        let n = match o {
            Output::Bytes(_, data) => {
                // One write of the whole page: no buffer to copy through.
                std::fs::write(&path, data)?;
                data.len() as u64
            }
            Output::Copy(_, src) => std::fs::copy(src, &path)?,
        };
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    /// Puts the staged site in place of `out`.
    pub fn publish(mut self) -> std::io::Result<WriteStats> {
        publish(&self.dir, &self.out)?;
        self.published = true;
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            // Best effort: a leftover staging folder is removed by the next build.
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Moves `staging` to `out`, replacing what was there in one step.
fn publish(staging: &Path, out: &Path) -> std::io::Result<()> {
    if !out.exists() {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        return std::fs::rename(staging, out);
    }
    if exchange(staging, out)? {
        // `staging` now holds the previous site.
        return remove_tree(staging);
    }
    // No atomic exchange on this system: two renames, the old tree kept
    // until the new one is in place.
    let old = sibling(out, "old");
    if old.exists() {
        remove_tree(&old)?;
    }
    std::fs::rename(out, &old)?;
    std::fs::rename(staging, out)?;
    remove_tree(&old)
}

/// Removes a previous site: its top-level folders (one per ward) in
/// parallel, then the rest.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|p| {
        if p.is_dir() && !p.is_symlink() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        }
    })?;
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
mod tests {
    use super::*;

    #[test]
    fn replaces_the_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[
                Output::Bytes("a.html".into(), b"one".to_vec()),
                Output::Bytes("x/b.html".into(), b"b".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"one");
        write_site(&out, &[Output::Bytes("a.html".into(), b"two".to_vec())]).unwrap();
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"two");
        assert!(!out.join("x/b.html").exists(), "stale files are gone");
        assert!(!staging_dir(&out).exists());
    }

    #[test]
    fn an_unpublished_staging_folder_leaves_the_site_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[Output::Bytes("a.html".into(), b"one".to_vec())]).unwrap();
        let staging = Staging::create(&out).unwrap();
        staging
            .write(&Output::Bytes("w/x/b.html".into(), b"b".to_vec()))
            .unwrap();
        assert!(staging_dir(&out).join("w/x/b.html").exists());
        drop(staging);
        assert!(
            !staging_dir(&out).exists(),
            "the half-written site is removed"
        );
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"one");
        let staging = Staging::create(&out).unwrap();
        for o in [
            Output::Bytes("w/b.html".into(), b"bb".to_vec()),
            Output::Bytes("c.html".into(), b"c".to_vec()),
        ] {
            staging.write(&o).unwrap();
        }
        let stats = staging.publish().unwrap();
        assert_eq!((stats.files, stats.bytes), (2, 3));
        assert!(!out.join("a.html").exists());
        assert_eq!(std::fs::read(out.join("w/b.html")).unwrap(), b"bb");
    }
}
