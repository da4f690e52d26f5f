//! The `git` program, called as a child process: whether the repository is
//! in git and shallow, one `git log` over the whole history, and the blobs
//! that log names, read through one `git cat-file --batch`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// What `git rev-parse` says of the repository root.
pub(crate) enum Repo {
    /// Not in a git work tree, or no `git` program.
    Outside,
    /// In git; `shallow` when the clone lacks part of its history; `top`
    /// when the root is the top folder of the work tree; `prefix`: the
    /// root's path from that top folder (`/` after each part).
    Inside {
        shallow: bool,
        top: bool,
        prefix: String,
    },
}

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(root);
    // The same output whatever the user's settings.
    c.env("GIT_CONFIG_NOSYSTEM", "1").env("LC_ALL", "C").args([
        "-c",
        "core.quotepath=off",
        "-c",
        "log.showSignature=false",
    ]);
    c
}

/// The cache of rebuilt objects that later ones are stored against, for
/// `git log` and `git cat-file`: git's default (96 MB) fills with versions
/// of the ward folders, and touching that much fresh memory costs the
/// system more than rebuilding the few objects a smaller cache misses
/// (at 20,000 records × 20,000 commits: the same instructions, 0.07 s less
/// system time in `git log`; see the bench README).
const SMALL_DELTA_CACHE: &str = "core.deltaBaseCacheLimit=8m";

/// Whether `root` is inside a git work tree, and whether that clone is shallow.
pub(crate) fn repo(root: &Path) -> Repo {
    let out = git(root)
        .args([
            "rev-parse",
            "--is-inside-work-tree",
            "--is-shallow-repository",
            "--show-prefix",
        ])
        .stderr(Stdio::null())
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let mut lines = text.lines();
            if lines.next() != Some("true") {
                return Repo::Outside;
            }
            let shallow = lines.next() == Some("true");
            let prefix = lines.next().unwrap_or("").to_string();
            Repo::Inside {
                shallow,
                top: prefix.is_empty(),
                prefix,
            }
        }
        _ => Repo::Outside,
    }
}

/// One change to one file in a commit, as `git log --raw` lists it.
#[derive(Debug, Clone)]
pub(crate) struct FileChange {
    /// The blob before (all zeros when the file was added).
    pub old_blob: String,
    /// The blob after (all zeros when it was deleted).
    pub new_blob: String,
    /// `A`, `M`, `D`, `R`, `C`, `T`.
    pub status: char,
    /// The path before a rename or copy.
    pub from: Option<String>,
    /// The path, relative to the repository root.
    pub path: String,
}

/// One commit, newest first in [`log`]'s answer.
#[derive(Debug, Clone)]
pub(crate) struct Commit {
    /// Full hash.
    pub hash: String,
    /// Committer time, seconds since 1970.
    pub time: i64,
    /// Committer date in the committer's time zone, `YYYY-MM-DD`.
    pub date: String,
    /// The subject line of the message.
    pub subject: String,
    /// The files it changed under the root.
    pub files: Vec<FileChange>,
}

/// The commit id of `HEAD`; `None` before the first commit.
pub(crate) fn head(root: &Path) -> Option<String> {
    let out = git(root)
        .args(["rev-parse", "-q", "--verify", "HEAD^{commit}"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !id.is_empty()).then_some(id)
}

/// Whether the history from `old` to `head` only adds commits after `old`
/// in one line: `old` is an ancestor of `head` and no commit in between is
/// a merge. Then the log of `head` is the log of `old..head` followed by
/// the log of `old`, in the same order.
pub(crate) fn extends_linearly(root: &Path, old: &str, head: &str) -> bool {
    let ancestor = git(root)
        .args(["merge-base", "--is-ancestor", old, head])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if !ancestor {
        return false;
    }
    git(root)
        .args(["rev-list", "--count", "--min-parents=2"])
        .arg(format!("{old}..{head}"))
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The history of the files under `root`, newest commit first, in one
/// `git log` (renames followed by the caller), as git writes it (see
/// [`parse_log`]): of `range` (`OLD..HEAD`), or of `HEAD` when `None`.
/// `top`: the root is the top of the work tree, so no path limit is needed
/// (it halves the time of the log).
pub(crate) fn log_text(root: &Path, top: bool, range: Option<&str>) -> Result<Vec<u8>, String> {
    let mut cmd = git(root);
    cmd.args([
        "-c",
        SMALL_DELTA_CACHE,
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "-M",
        "--no-color",
        "--date=format:%Y-%m-%d",
        "--format=%x01%H %ct %cd %s",
    ]);
    if let Some(range) = range {
        cmd.arg(range);
    }
    if !top {
        cmd.args(["--relative", "--", "."]);
    }
    let out = cmd
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        // A repository without any commit yet has no history: not a failure.
        if err.contains("does not have any commits") {
            return Ok(Vec::new());
        }
        return Err(err.trim().to_string());
    }
    Ok(out.stdout)
}

/// Parses `git log -z --raw --format=%x01%H %ct %cd %s`.
pub(crate) fn parse_log(bytes: &[u8]) -> Vec<Commit> {
    let mut commits = Vec::new();
    for chunk in bytes.split(|&b| b == 1).filter(|c| !c.is_empty()) {
        let mut parts = chunk.split(|&b| b == 0);
        let Some(header) = parts.next() else { continue };
        let header = String::from_utf8_lossy(header);
        let mut fields = header.splitn(4, ' ');
        let (Some(hash), Some(time), Some(date)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let subject = fields.next().unwrap_or("").trim_end().to_string();
        let mut files = Vec::new();
        while let Some(meta) = parts.next() {
            let meta = String::from_utf8_lossy(meta);
            let meta = meta.trim_start_matches('\n');
            let Some(meta) = meta.strip_prefix(':') else {
                continue;
            };
            // `old_mode new_mode old_blob new_blob status`
            let m: Vec<&str> = meta.split(' ').collect();
            if m.len() < 5 {
                continue;
            }
            let status = m[4].chars().next().unwrap_or('M');
            let first = parts
                .next()
                .map(|p| String::from_utf8_lossy(p).into_owned());
            let (from, path) = if matches!(status, 'R' | 'C') {
                let second = parts
                    .next()
                    .map(|p| String::from_utf8_lossy(p).into_owned());
                (first, second)
            } else {
                (None, first)
            };
            let Some(path) = path else { break };
            files.push(FileChange {
                old_blob: m[2].to_string(),
                new_blob: m[3].to_string(),
                status,
                from,
                path,
            });
        }
        commits.push(Commit {
            hash: hash.to_string(),
            time: time.parse().unwrap_or(0),
            date: date.to_string(),
            subject,
            files,
        });
    }
    commits
}

/// The record files with uncommitted changes (paths as `git log` writes
/// them); empty when git cannot say.
pub(crate) fn dirty(root: &Path, top: bool) -> std::collections::HashSet<String> {
    let mut cmd = git(root);
    cmd.args([
        "status",
        "--porcelain",
        "-z",
        "--untracked-files=no",
        "--no-renames",
    ]);
    if !top {
        cmd.args(["--", "."]);
    }
    let Ok(out) = cmd.stderr(Stdio::null()).output() else {
        return Default::default();
    };
    // Paths from `git status` are from the top of the work tree.
    let prefix = if top {
        String::new()
    } else {
        git(root)
            .args(["rev-parse", "--show-prefix"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    out.stdout
        .split(|&b| b == 0)
        .filter(|e| e.len() > 3)
        .map(|e| String::from_utf8_lossy(&e[3..]).into_owned())
        .map(|p| p.strip_prefix(&prefix).map(str::to_string).unwrap_or(p))
        .collect()
}

/// The contents of the blobs `ids`, through one `git cat-file --batch`
/// (none started when `ids` is empty), asked in the order given. Blobs git
/// cannot give are left out.
pub(crate) fn blobs(root: &Path, ids: &[String]) -> Result<HashMap<String, Vec<u8>>, String> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut child = git(root)
        .args(["-c", SMALL_DELTA_CACHE, "cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    // Written from another thread, so that neither pipe fills up while the
    // other waits.
    let input: Vec<u8> = ids
        .iter()
        .flat_map(|id| format!("{id}\n").into_bytes())
        .collect();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut found = HashMap::with_capacity(ids.len());
    let mut line = String::new();
    for id in ids {
        line.clear();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            break;
        }
        // `<id> blob <size>` or `<id> missing`.
        let mut f = line.split_whitespace();
        let (_, kind, size) = (f.next(), f.next(), f.next());
        let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
            continue;
        };
        let mut content = vec![0; size + 1];
        reader.read_exact(&mut content).map_err(|e| e.to_string())?;
        content.pop();
        if kind == Some("blob") {
            found.insert(id.clone(), content);
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::parse_log;

    #[test]
    fn parses_renames_additions_and_subjects_with_spaces() {
        let zeros = "0".repeat(40);
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let text = format!(
            "\x01{h1} 200 2025-01-03 đổi tên\0\n:100644 100644 {b} {b} R100\0x.md\0z.md\0\
             \x01{h2} 100 2025-01-02 thêm hai tệp\0\n:000000 100644 {zeros} {a} A\0x.md\0:000000 100644 {zeros} {b} A\0y.md\0",
            h1 = "1".repeat(40),
            h2 = "2".repeat(40),
        );
        let c = parse_log(text.as_bytes());
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].subject, "đổi tên");
        assert_eq!(c[0].files[0].status, 'R');
        assert_eq!(c[0].files[0].from.as_deref(), Some("x.md"));
        assert_eq!(c[0].files[0].path, "z.md");
        assert_eq!(c[1].date, "2025-01-02");
        assert_eq!(c[1].files.len(), 2);
        assert_eq!(c[1].files[1].path, "y.md");
        assert_eq!(c[1].files[0].new_blob, a);
    }
}
