//! The git log kept between builds, in the build cache's folder
//! (`history.log`): the text `git log` wrote, under a line naming the
//! commit it was read at (`HEAD`) and the root's place in the work tree.
//! Commits never change, so the next build reads only `git log OLD..HEAD`
//! and puts the kept text after it, which is what reading the whole log
//! gives when the history only grew in one line since `OLD`. When `OLD` is
//! not an ancestor of `HEAD` (a force push, a rebase), a merge came in
//! between, or the clone is shallow, the whole log is read again.

use super::git;
use std::path::{Path, PathBuf};

/// The file's name in the cache folder.
const FILE: &str = "history.log";

/// Its first line starts with this, then the commit and the root's prefix.
/// Another format of the log (its `git log` options) takes another name.
const HEADER: &str = "congkhai-history 1";

/// What a build asks of the kept log.
#[derive(Debug, Clone, Copy)]
pub struct LogCache<'a> {
    /// The build cache's folder (beside the output).
    pub dir: &'a Path,
    /// Whether the kept log may be read (`false` with `--no-cache`: the
    /// whole log is read, and kept for the next build).
    pub reuse: bool,
}

/// The kept log file in `dir`.
fn file(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// The kept log: the commit it was read at, the root's prefix, the text.
fn load(dir: &Path) -> Option<(String, String, Vec<u8>)> {
    let bytes = std::fs::read(file(dir)).ok()?;
    let end = bytes.iter().position(|&b| b == b'\n')?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut parts = head.split('\t');
    if parts.next() != Some(HEADER) {
        return None;
    }
    let commit = parts.next()?.to_string();
    let prefix = parts.next()?.to_string();
    if parts.next().is_some() || commit.is_empty() || !commit.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return None;
    }
    Some((commit, prefix, bytes[end + 1..].to_vec()))
}

/// Keeps `text`, the log at `commit`, for the next build; best effort (a
/// log not kept is read whole next time). Written beside and renamed, so a
/// build stopped midway leaves the old file or the new one.
fn save(dir: &Path, commit: &str, prefix: &str, text: &[u8]) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let mut bytes = format!("{HEADER}\t{commit}\t{prefix}\n").into_bytes();
    bytes.extend_from_slice(text);
    let tmp = dir.join(format!("{FILE}.tmp"));
    if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, file(dir)).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// The text of the whole `git log` of the files under `root` at `HEAD`,
/// taken from the kept log where it can be, the kept log brought up to
/// date. `prefix`: the root's place in the work tree.
pub(crate) fn log_text(
    root: &Path,
    top: bool,
    prefix: &str,
    shallow: bool,
    cache: Option<LogCache>,
) -> Result<Vec<u8>, String> {
    let Some(cache) = cache else {
        return git::log_text(root, top, None);
    };
    // Before the first commit there is nothing to keep.
    let Some(head) = git::head(root) else {
        return git::log_text(root, top, None);
    };
    let kept = match cache.reuse && !shallow {
        true => load(cache.dir).filter(|(_, p, _)| p == prefix),
        false => None,
    };
    if let Some((old, _, text)) = kept {
        if old == head {
            return Ok(text);
        }
        if git::extends_linearly(root, &old, &head) {
            let mut new = git::log_text(root, top, Some(&format!("{old}..{head}")))?;
            new.extend_from_slice(&text);
            save(cache.dir, &head, prefix, &new);
            return Ok(new);
        }
    }
    let text = git::log_text(root, top, Some(&head))?;
    if !shallow {
        save(cache.dir, &head, prefix, &text);
    }
    Ok(text)
}
