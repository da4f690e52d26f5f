//! Sharded builds: wards built separately, then put together by
//! `congkhai portal` from their summary files, give byte for byte the site
//! of a single build.

mod common;
use common::{copy_dir, tree};
use std::path::Path;
use std::process::{Command, Output};

const TODAY: &str = "2026-11-22";

fn congkhai(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(args)
        .args(["--today", TODAY, "--root"])
        .arg(root)
        .output()
        .expect("run congkhai")
}

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A copy of the sample repository (three wards, shared documents).
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&src.join("content"), &dir.path().join("content"));
    std::fs::copy(src.join("congkhai.toml"), dir.path().join("congkhai.toml")).unwrap();
    dir
}

fn assert_same(a: &Path, b: &Path) {
    let (a, b) = (tree(a), tree(b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs");
    }
}

/// Builds the repository whole and in two shards, merges the shards, and
/// compares.
fn shards_merge_to_the_single_build(root: &Path) {
    let out = tempfile::tempdir().unwrap();
    let o = |name: &str| out.path().join(name).to_string_lossy().into_owned();
    ok(congkhai(&["build", "-q", "--out", &o("full")], root));
    ok(congkhai(
        &["build", "-q", "--ward", "ban-co", "--out", &o("s1")],
        root,
    ));
    ok(congkhai(
        &[
            "build",
            "-q",
            "--ward",
            "nhieu-loc",
            "--ward",
            "xuan-hoa",
            "--out",
            &o("s2"),
        ],
        root,
    ));
    // Each shard holds only its wards (and a portal of its own).
    assert!(!out.path().join("s1/nhieu-loc").exists());
    assert!(out
        .path()
        .join("s2/xuan-hoa/congkhai-summary.json")
        .is_file());
    // The portal reads no record: an empty content folder will do.
    let bare = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("congkhai.toml"),
        bare.path().join("congkhai.toml"),
    )
    .unwrap();
    let merged = ok(congkhai(
        &[
            "portal",
            "--from",
            &o("s1"),
            &o("s2"),
            "--out",
            &o("merged"),
        ],
        bare.path(),
    ));
    assert!(String::from_utf8_lossy(&merged.stderr).contains("3 phường"));
    assert_same(&out.path().join("full"), &out.path().join("merged"));
}

#[test]
fn two_shards_and_the_portal_give_the_single_build() {
    let repo = sample();
    shards_merge_to_the_single_build(repo.path());
}

#[test]
fn with_a_base_url_the_sitemap_lists_every_ward_s_pages() {
    let repo = sample();
    let config = repo.path().join("congkhai.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replacen(
            "language = ",
            "base_url = \"https://congkhai.example.vn\"\nlanguage = ",
            1,
        ),
    )
    .unwrap();
    shards_merge_to_the_single_build(repo.path());
}

#[test]
fn a_ward_in_two_inputs_or_a_folder_not_built_is_refused() {
    let repo = sample();
    let root = repo.path();
    let out = tempfile::tempdir().unwrap();
    let o = |name: &str| out.path().join(name).to_string_lossy().into_owned();
    ok(congkhai(
        &["build", "-q", "--ward", "ban-co", "--out", &o("s1")],
        root,
    ));
    ok(congkhai(&["build", "-q", "--out", &o("s2")], root));
    let twice = congkhai(
        &["portal", "--from", &o("s1"), &o("s2"), "--out", &o("m")],
        root,
    );
    assert!(!twice.status.success());
    let err = String::from_utf8_lossy(&twice.stderr);
    assert!(err.contains("E0029") && err.contains("ban-co"), "{err}");
    assert!(!out.path().join("m").exists(), "nothing written");

    std::fs::create_dir_all(out.path().join("plain/ban-co")).unwrap();
    let foreign = congkhai(&["portal", "--from", &o("plain"), "--out", &o("m")], root);
    assert!(!foreign.status.success());
    assert!(String::from_utf8_lossy(&foreign.stderr).contains("E0028"));

    // A summary of another format.
    std::fs::write(out.path().join("s1/ban-co/congkhai-summary.json"), "{}").unwrap();
    let broken = congkhai(&["portal", "--from", &o("s1"), "--out", &o("m")], root);
    assert!(!broken.status.success());
    assert!(String::from_utf8_lossy(&broken.stderr).contains("E0028"));
}
