//! Walking a folder at the cost of the system alone: each folder is listed
//! once, each file's metadata is read relative to the open folder (no path
//! looked up again from the root, as a walk by full paths does for every
//! file), and names are compared as bytes. The build cache walks every
//! input file of every ward and every output file of every unchanged ward
//! with it; at 100,000 records that is about 430,000 files per build.

use std::fs::Metadata;
use std::io;
use std::path::Path;

/// What a walk finds at a path.
pub(crate) enum Found {
    /// A regular file (reached through links when they are followed), with
    /// its metadata.
    File(Metadata),
    /// A folder with nothing in it.
    EmptyDir,
    /// Anything else: a link not followed, a socket, a device, a pipe.
    Other,
}

/// Folders deeper than this stop a walk that follows links (a loop the
/// system cannot name otherwise).
const MAX_DEPTH: usize = 256;

/// Calls `each` with the path relative to `dir` (components joined by `/`)
/// of every file, empty folder and other thing under `dir`, depth first,
/// the entries of each folder in the byte order of their names (the order
/// of a sorted `walkdir`). With `follow`, links are followed: a link to
/// nowhere, or one that leads back into a folder being walked, is an error.
pub(crate) fn walk(
    dir: &Path,
    follow: bool,
    each: &mut dyn FnMut(&str, Found) -> io::Result<()>,
) -> io::Result<()> {
    let mut ancestors = Vec::new();
    if follow {
        ancestors.push(identity(&std::fs::metadata(dir)?));
    }
    walk_in(dir, "", follow, &mut ancestors, each)
}

/// One folder of [`walk`]: `prefix` is its path relative to the root.
fn walk_in(
    dir: &Path,
    prefix: &str,
    follow: bool,
    ancestors: &mut Vec<Option<(u64, u64)>>,
    each: &mut dyn FnMut(&str, Found) -> io::Result<()>,
) -> io::Result<()> {
    // The entries keep the folder open: their metadata is read relative to it.
    let mut entries: Vec<(std::ffi::OsString, std::fs::DirEntry)> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| (e.file_name(), e)))
        .collect::<io::Result<_>>()?;
    if entries.is_empty() && !prefix.is_empty() {
        return each(prefix, Found::EmptyDir);
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // One buffer for the paths of the folder's entries.
    let mut rel = String::with_capacity(prefix.len() + 64);
    for (name, entry) in entries {
        rel.clear();
        if !prefix.is_empty() {
            rel.push_str(prefix);
            rel.push('/');
        }
        rel.push_str(&name.to_string_lossy());
        let rel = rel.as_str();
        let mut kind = entry.file_type()?;
        let mut meta = None;
        if kind.is_symlink() {
            if !follow {
                each(rel, Found::Other)?;
                continue;
            }
            let m = std::fs::metadata(entry.path())?;
            kind = m.file_type();
            meta = Some(m);
        }
        if kind.is_dir() {
            let path = entry.path();
            if follow {
                let m = match meta {
                    Some(m) => m,
                    None => entry.metadata()?,
                };
                let id = identity(&m);
                if ancestors.len() > MAX_DEPTH || (id.is_some() && ancestors.contains(&id)) {
                    return Err(io::Error::other(format!(
                        "{} dẫn ngược về thư mục chứa nó",
                        path.display()
                    )));
                }
                ancestors.push(id);
                walk_in(&path, rel, follow, ancestors, each)?;
                ancestors.pop();
            } else {
                walk_in(&path, rel, follow, ancestors, each)?;
            }
        } else if kind.is_file() {
            let m = match meta {
                Some(m) => m,
                None => entry.metadata()?,
            };
            each(rel, Found::File(m))?;
        } else {
            each(rel, Found::Other)?;
        }
    }
    Ok(())
}

/// The device and inode of a folder, which name it whatever the path.
#[cfg(unix)]
fn identity(m: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_: &Metadata) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(dir: &Path, follow: bool) -> io::Result<Vec<String>> {
        let mut seen = Vec::new();
        walk(dir, follow, &mut |rel, f| {
            seen.push(match f {
                Found::File(m) => format!("{rel} {}", m.len()),
                Found::EmptyDir => format!("{rel}/"),
                Found::Other => format!("{rel} ?"),
            });
            Ok(())
        })?;
        Ok(seen)
    }

    #[test]
    fn lists_files_depth_first_in_byte_order_with_empty_folders() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/z")).unwrap();
        std::fs::create_dir_all(d.join("e")).unwrap();
        std::fs::write(d.join("a/z/f"), "xyz").unwrap();
        std::fs::write(d.join("a-b.html"), "12").unwrap();
        std::fs::write(d.join("B"), "").unwrap();
        assert_eq!(
            found(d, false).unwrap(),
            ["B 0", "a/z/f 3", "a-b.html 2", "e/"]
        );
        // The order of a sorted walkdir, which the cache's keys were made in.
        let walked: Vec<String> = walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(d).unwrap();
                format!("{} {}", rel.display(), e.metadata().unwrap().len())
            })
            .collect();
        let ours: Vec<String> = found(d, false)
            .unwrap()
            .into_iter()
            .filter(|s| !s.ends_with('/'))
            .collect();
        assert_eq!(ours, walked);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_things_unless_followed_and_a_loop_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("in")).unwrap();
        std::fs::write(d.join("in/f"), "1").unwrap();
        std::os::unix::fs::symlink(d.join("in"), d.join("via")).unwrap();
        assert_eq!(found(d, false).unwrap(), ["in/f 1", "via ?"]);
        assert_eq!(found(d, true).unwrap(), ["in/f 1", "via/f 1"]);
        std::os::unix::fs::symlink(d, d.join("in/up")).unwrap();
        assert!(found(d, true).is_err(), "a link back to an ancestor");
        std::fs::remove_file(d.join("in/up")).unwrap();
        std::os::unix::fs::symlink(d.join("nowhere"), d.join("broken")).unwrap();
        assert!(found(d, true).is_err(), "a link to nowhere");
        assert_eq!(found(d, false).unwrap(), ["broken ?", "in/f 1", "via ?"]);
    }
}
