//! Write stage: writes the output tree into a staging folder beside the
//! output, then swaps it in with one atomic rename. A failed or killed build
//! leaves the previous site complete and untouched.

use crate::render::Output;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
    let staging = staging_dir(out);
    if staging.exists() {
        remove_tree(&staging)?;
    }
    std::fs::create_dir_all(&staging)?;
    let dirs: BTreeSet<PathBuf> = outputs
        .iter()
        .filter_map(|o| o.path().parent().map(|p| staging.join(p)))
        .collect();
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    let bytes: std::io::Result<Vec<u64>> = outputs
        .par_iter()
        .map(|o| match o {
            Output::Bytes(p, data) => {
                // One write of the whole page: no buffer to copy through.
                std::fs::write(staging.join(p), data)?;
                Ok(data.len() as u64)
            }
            Output::Copy(p, src) => std::fs::copy(src, staging.join(p)),
        })
        .collect();
    let bytes = bytes?.iter().sum();
    publish(&staging, out)?;
    Ok(WriteStats {
        files: outputs.len(),
        bytes,
    })
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
}
