//! The corpus of broken repositories (`tests/check/cases.toml`): each case is
//! written out as a real repository, `congkhai check` runs on it, and the
//! diagnostic code, file and line it must produce are asserted, as are the
//! exit status and that `check` wrote nothing.
//!
//! `CONGKHAI_CASE=name` runs one case; `CONGKHAI_KEEP_CASES=DIR` leaves the
//! repositories in DIR to look at.

mod common;
use common::copy_dir;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    edit: Vec<(String, String, String)>,
    #[serde(default)]
    edit_bytes: Vec<(String, String, String)>,
    #[serde(default)]
    write: Vec<(String, String)>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    symlink: Vec<(String, String)>,
    #[serde(default)]
    big: Vec<(String, u64)>,
    #[serde(default)]
    fifo: Vec<String>,
    #[serde(default)]
    repeat: Vec<(String, usize)>,
    /// The diagnostic the defect gives; none for a case at the edge of a
    /// rule that must pass (then nothing but notes may be reported).
    #[serde(default)]
    expect: Option<(String, String, usize)>,
    #[serde(default)]
    also: Vec<String>,
    /// Nothing else but notes is reported: no other error or warning.
    #[serde(default)]
    alone: bool,
    exit: Option<i32>,
    #[serde(default)]
    args: Vec<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check")
}

fn load_cases() -> Vec<Case> {
    let text = std::fs::read_to_string(corpus_dir().join("cases.toml")).expect("cases.toml");
    toml::from_str::<Corpus>(&text)
        .expect("cases.toml parses")
        .case
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Writes the case's repository into `repo`; `outside` is a folder beside it.
fn materialise(case: &Case, repo: &Path, outside: &Path) -> Result<(), String> {
    copy_dir(&corpus_dir().join("base"), repo);
    std::fs::create_dir_all(outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "mật khẩu\n").unwrap();
    std::fs::write(
        outside.join("bang.csv"),
        "map_sheet,parcel_no,area_m2\n12,46,18\n",
    )
    .unwrap();
    for (file, old, new) in &case.edit {
        let path = repo.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
        if text.matches(old.as_str()).count() != 1 {
            return Err(format!("{file}: `{old}` must occur exactly once"));
        }
        std::fs::write(&path, text.replacen(old.as_str(), new, 1)).unwrap();
    }
    for (file, old, bytes) in &case.edit_bytes {
        let path = repo.join(file);
        let text = std::fs::read(&path).unwrap();
        let at = text
            .windows(old.len())
            .position(|w| w == old.as_bytes())
            .ok_or_else(|| format!("{file}: `{old}` not found"))?;
        let mut out = text[..at].to_vec();
        out.extend(hex(bytes));
        out.extend(&text[at + old.len()..]);
        std::fs::write(&path, out).unwrap();
    }
    for (file, content) in &case.write {
        write(&repo.join(file), content.as_bytes());
    }
    for file in &case.remove {
        std::fs::remove_file(repo.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    for (link, target) in &case.symlink {
        let target = target.replace("{outside}", &outside.to_string_lossy());
        let link = repo.join(link);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, link).unwrap();
    }
    for file in &case.fifo {
        let path = repo.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let c = std::ffi::CString::new(path.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only reads it.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "{file}");
    }
    for (file, size) in &case.big {
        let path = repo.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(*size).unwrap();
    }
    for (file, times) in &case.repeat {
        let path = repo.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        let last = text.trim_end().lines().last().unwrap_or("").to_string();
        for _ in 0..*times {
            text.push_str(&last);
            text.push('\n');
        }
        std::fs::write(&path, text).unwrap();
    }
    Ok(())
}

/// Every path under `dir` with its size, to show nothing was written.
fn listing(dir: &Path) -> BTreeSet<(PathBuf, u64)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = std::fs::symlink_metadata(entry.path()).unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            }
            out.insert((entry.path(), meta.len()));
        }
    }
    out
}

#[derive(Debug)]
struct Found {
    code: String,
    file: String,
    line: u64,
    severity: String,
}

/// Runs one case; returns what went wrong, if anything.
fn run_case(case: &Case, dir: &Path) -> Result<(), String> {
    let repo = dir.join("repo");
    materialise(case, &repo, &dir.join("outside"))?;
    let before = listing(dir);
    let out = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args([
            "check",
            "--today",
            "2026-11-22",
            "--format",
            "json",
            "--root",
        ])
        .arg(&repo)
        .args(&case.args)
        .output()
        .map_err(|e| e.to_string())?;
    if listing(dir) != before {
        return Err("`check` wrote to the repository".into());
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut found = Vec::new();
    for line in stdout.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("bad JSON line {line:?}: {e}"))?;
        for key in ["file", "line", "column", "severity", "code", "message"] {
            if v.get(key).is_none() {
                return Err(format!("JSON line lacks `{key}`: {line}"));
            }
        }
        found.push(Found {
            code: v["code"].as_str().unwrap_or("").into(),
            file: v["file"].as_str().unwrap_or("").into(),
            line: v["line"].as_u64().unwrap_or(0),
            severity: v["severity"].as_str().unwrap_or("").into(),
        });
    }
    let Some((code, file, line)) = &case.expect else {
        let reported: Vec<&Found> = found.iter().filter(|f| f.severity != "note").collect();
        if !reported.is_empty() || out.status.code() != Some(case.exit.unwrap_or(0)) {
            return Err(format!(
                "a case at the edge of a rule must pass, got {reported:#?}"
            ));
        }
        return Ok(());
    };
    let hit = found
        .iter()
        .any(|f| &f.code == code && &f.file == file && f.line == *line as u64);
    if !hit {
        return Err(format!(
            "expected {code} at {file}:{line}, got {found:#?}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let allowed: BTreeSet<&str> = std::iter::once(code.as_str())
        .chain(case.also.iter().map(String::as_str))
        .collect();
    let stray: Vec<&Found> = found
        .iter()
        .filter(|f| f.severity == "error" && !allowed.contains(f.code.as_str()))
        .collect();
    if !stray.is_empty() {
        return Err(format!("one defect, but other errors too: {stray:#?}"));
    }
    if case.alone {
        let others: Vec<&Found> = found
            .iter()
            .filter(|f| {
                f.severity != "note"
                    && !(&f.code == code && &f.file == file && f.line == *line as u64)
            })
            .collect();
        if !others.is_empty() {
            return Err(format!("`alone`, but more is reported: {others:#?}"));
        }
    }
    let io = ["E0001", "E0003", "E0007", "E0010", "E0020", "E0021"];
    let exit = case.exit.unwrap_or(if io.contains(&code.as_str()) {
        2
    } else if code.starts_with('E') {
        1
    } else {
        0
    });
    if out.status.code() != Some(exit) {
        return Err(format!(
            "exit status {:?}, expected {exit}",
            out.status.code()
        ));
    }
    Ok(())
}

#[test]
fn the_base_repository_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    copy_dir(&corpus_dir().join("base"), &repo);
    let out = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args([
            "check",
            "--today",
            "2026-11-22",
            "--format",
            "json",
            "--root",
        ])
        .arg(&repo)
        .arg("--deny-warnings")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.lines().all(|l| l.contains("\"severity\":\"note\"")),
        "{stdout}"
    );
}

#[test]
fn every_broken_repository_gives_its_diagnostic_at_its_line() {
    let cases = load_cases();
    let names: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    let only = std::env::var("CONGKHAI_CASE").ok();
    let keep = std::env::var_os("CONGKHAI_KEEP_CASES").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in cases
        .iter()
        .filter(|c| only.as_ref().is_none_or(|o| o == &c.name))
    {
        let dir = match &keep {
            Some(k) => k.join(&case.name),
            None => tmp.path().join(&case.name),
        };
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        if let Err(e) = run_case(case, &dir) {
            failures.push(format!("── {}: {e}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_diagnostic_code_of_check_is_in_the_corpus() {
    let in_corpus: BTreeSet<String> = load_cases()
        .into_iter()
        .filter_map(|c| c.expect.map(|e| e.0))
        .collect();
    // Codes that `check` cannot produce on a repository: unreadable files
    // (tests run as root), output and theme problems (only `build`), and
    // `--ward` (only `build`).
    let elsewhere = [
        "E0001", "E0007", "E0010", "E0020", "E0021", "E0022", "E0023", "E0024", "E0025", "E0026",
        "W0020", "N0020", "E0027", "E0401", "E0402", "E0403", "E0404",
        // The history from git: only `build` reads it (tests/history.rs).
        "N0030", "N0031", "W0030", "W0031",
        // The build cache and `portal` (tests/cache.rs, tests/shard.rs).
        "W0021", "E0028", "E0029",
    ];
    let missing: Vec<&str> = congkhai::diagnostics::CODES
        .iter()
        .map(|(c, _, _)| *c)
        .filter(|c| !in_corpus.contains(*c) && !elsewhere.contains(c))
        .collect();
    assert!(missing.is_empty(), "codes with no corpus case: {missing:?}");
}

#[test]
fn every_code_is_documented_and_every_code_used_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/diagnostics.md")).unwrap();
    let listed: BTreeSet<&str> = congkhai::diagnostics::CODES
        .iter()
        .map(|(c, _, _)| *c)
        .collect();
    for code in &listed {
        assert!(
            docs.contains(&format!("### {code} — ")),
            "{code} is not explained in docs/diagnostics.md"
        );
    }
    let mut used = BTreeSet::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                let b = text.as_bytes();
                for i in 0..b.len().saturating_sub(6) {
                    let is_code = b[i] == b'"'
                        && matches!(b[i + 1], b'E' | b'W' | b'N')
                        && b[i + 2..i + 6].iter().all(u8::is_ascii_digit)
                        && b[i + 6] == b'"';
                    if is_code {
                        used.insert((text[i + 1..i + 6].to_string(), p.clone()));
                    }
                }
            }
        }
    }
    for (code, file) in &used {
        assert!(
            listed.contains(code.as_str()),
            "{code} (used in {}) is not in diagnostics::CODES",
            file.display()
        );
    }
}
