//! Files written to break congkhai, as an attacker or a careless editor
//! would: whatever the bytes, `check` and `build` end with a diagnostic,
//! never a crash, a hang or a page carrying what the file smuggled in.

mod common;
use common::copy_dir;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DOC: &str = "content/ban-co/document/qd-125.md";

/// A copy of the corpus base repository.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/base"),
        &repo,
    );
    (dir, repo)
}

fn edit(repo: &Path, file: &str, old: &str, new: &str) {
    let path = repo.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(old).count(), 1, "{file}: {old}");
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
}

fn run(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(args)
        .args(["--today", "2026-11-22", "--root"])
        .arg(root)
        .output()
        .unwrap()
}

/// `check --format json`: the exit status and the (code, file, line) found.
fn check(root: &Path) -> (Option<i32>, Vec<(String, String, u64)>) {
    let out = run(&["check", "--format", "json"], root);
    let found = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            (
                v["code"].as_str().unwrap_or("").to_string(),
                v["file"].as_str().unwrap_or("").to_string(),
                v["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (out.status.code(), found)
}

fn has(found: &[(String, String, u64)], code: &str, file: &str) -> bool {
    found.iter().any(|(c, f, _)| c == code && f == file)
}

#[test]
fn deeply_nested_yaml_is_a_diagnostic_not_a_stack_overflow() {
    for (field, open, times) in [
        ("title", "[", 10_000),
        ("summary", "{", 100_000),
        ("ghi_chu", "[", 100_000),
        ("ghi_chu", "{a: ", 10_000),
    ] {
        let (dir, repo) = repo();
        let value = open.repeat(times);
        let old = "title: Quyết định ban hành quy chế dân chủ\n";
        let new = if field == "title" {
            format!("title: {value}\n")
        } else {
            format!("{old}{field}: {value}\n")
        };
        edit(&repo, DOC, old, &new);
        let (status, found) = check(&repo);
        assert_eq!(status, Some(1), "{field} {open}×{times}: {found:?}");
        assert!(
            has(&found, "E0015", DOC),
            "{field} {open}×{times}: {found:?}"
        );
        let out = run(
            &["build", "--out", &dir.path().join("site").to_string_lossy()],
            &repo,
        );
        assert_eq!(out.status.code(), Some(1), "build, {field} {open}×{times}");
    }
}

#[test]
fn an_attachment_saved_decomposed_is_found_by_its_composed_name() {
    let (dir, repo) = repo();
    let fund = "content/ban-co/fund/hem-45-q3.md";
    // "biên-bản" with the accents as combining marks (NFD), as macOS saves it.
    let nfd = "bie\u{302}n-ba\u{309}n.txt";
    std::fs::write(
        repo.join("content/ban-co/fund/files").join(nfd),
        "nội dung\n",
    )
    .unwrap();
    edit(
        &repo,
        fund,
        "path: files/bien-ban.txt",
        "path: files/biên-bản.txt",
    );
    let (status, found) = check(&repo);
    assert_eq!(status, Some(0), "{found:?}");
    assert!(!has(&found, "E0121", fund), "{found:?}");
    let site = dir.path().join("site");
    let out = run(&["build", "--out", &site.to_string_lossy()], &repo);
    assert_eq!(out.status.code(), Some(0));
    let files: Vec<_> = walk(&site.join("ban-co/files"));
    assert!(
        files.iter().any(|p| p.ends_with(".txt")),
        "the attachment is published: {files:?}"
    );
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path().to_string_lossy().into_owned());
        }
    }
    out
}

#[test]
fn a_kind_folder_linked_outside_the_repository_is_refused() {
    let (dir, repo) = repo();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("bi-mat.yaml"),
        "title: Bí mật\npublished: 2026-01-05\n",
    )
    .unwrap();
    let kind = repo.join("content/ban-co/procedure");
    std::fs::remove_dir_all(&kind).unwrap();
    std::os::unix::fs::symlink(&outside, &kind).unwrap();
    let (status, found) = check(&repo);
    assert_eq!(status, Some(1), "{found:?}");
    assert!(
        has(&found, "E0120", "content/ban-co/procedure"),
        "{found:?}"
    );
}

#[test]
fn control_characters_never_reach_a_page() {
    let (dir, repo) = repo();
    edit(
        &repo,
        DOC,
        "title: Quyết định ban hành quy chế dân chủ",
        "title: \"Quyết định\\0 ban\\a hành\\e[2J quy chế\"",
    );
    let site = dir.path().join("site");
    let out = run(&["build", "--out", &site.to_string_lossy()], &repo);
    assert_eq!(out.status.code(), Some(1));
    for f in walk(&site) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes.iter().any(|&b| matches!(b, 0 | 7 | 0x1b)),
            "{f} holds a control character"
        );
    }
}
