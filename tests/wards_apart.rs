//! A build reads, checks and writes its wards a few at a time: its findings
//! are those `check` finds over the whole repository at once (the checks
//! across wards included: two wards with one code, documents cited in
//! several wards and missing), whether it succeeds or stops.

mod common;
use common::copy_dir;
use congkhai::build::{build, check, BuildOptions};
use congkhai::date::Date;
use congkhai::diagnostics::Diagnostic;
use std::path::Path;

fn today() -> Date {
    Date::parse("2026-11-22").expect("date")
}

/// The sample repository with two more wards (copies of `ban-co` under
/// other names and real codes, so that the wards come in several groups).
fn five_wards() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&src.join("content"), &dir.path().join("content"));
    std::fs::copy(src.join("congkhai.toml"), dir.path().join("congkhai.toml")).unwrap();
    let content = dir.path().join("content");
    for (slug, code, name) in [
        ("phuong-a", "25747", "Phường Thủ Dầu Một"),
        ("phuong-z", "25750", "Phường Phú Lợi"),
    ] {
        copy_dir(&content.join("ban-co"), &content.join(slug));
        let profile = content.join(slug).join("ward.yaml");
        let text = std::fs::read_to_string(&profile).unwrap();
        let text = text.replacen("27154", code, 1).replacen(
            "name: \"Phường Bàn Cờ\"",
            &format!("name: \"{name}\""),
            1,
        );
        std::fs::write(&profile, text).unwrap();
    }
    dir
}

fn options(root: &Path, out: &Path, wards: &[&str]) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        wards: wards.iter().map(|w| w.to_string()).collect(),
        today: today(),
        deny_warnings: false,
        force: false,
        cache: true,
    }
}

/// The findings of the content, leaving out those about git (a build reads
/// the history, `check` does not).
fn content_findings(diags: &[Diagnostic]) -> Vec<Diagnostic> {
    diags
        .iter()
        .filter(|d| !matches!(d.code, "N0030" | "W0030" | "W0031"))
        .cloned()
        .collect()
}

#[test]
fn a_build_finds_what_check_finds() {
    let repo = five_wards();
    let root = repo.path();
    let out = tempfile::tempdir().unwrap();
    let checked = check(root, today(), &[]).unwrap();
    assert!(
        checked.diagnostics.iter().any(|d| d.code == "N0315"),
        "a document cited in several wards and missing is counted once"
    );
    let report = build(&options(root, &out.path().join("site"), &[]))
        .map_err(|d| format!("{d:?}"))
        .unwrap();
    assert_eq!(content_findings(&report.diagnostics), checked.diagnostics);
    assert_eq!(report.wards, 5);
    let records: usize = checked
        .site
        .wards
        .iter()
        .map(|w| w.records.iter().filter(|r| !r.shared).count())
        .sum();
    assert_eq!(report.records, records);
}

#[test]
fn a_build_stops_on_what_check_finds_in_any_ward() {
    let repo = five_wards();
    let root = repo.path();
    let content = root.join("content");
    // Two wards with one code (the first and the last), and a record that
    // cannot be read in the last ward: each in a group of its own.
    let profile = content.join("phuong-z/ward.yaml");
    let text = std::fs::read_to_string(&profile).unwrap();
    std::fs::write(&profile, text.replacen("25750", "25747", 1)).unwrap();
    std::fs::write(
        content.join("phuong-z/plan/hong.md"),
        "---\ntitle: [x\n---\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let checked = check(root, today(), &[]).unwrap();
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"E0304") && codes.contains(&"E0100"),
        "{codes:?}"
    );
    let Err(found) = build(&options(root, &site, &[])) else {
        panic!("the build stops");
    };
    assert_eq!(found, checked.diagnostics);
    assert!(!site.exists(), "nothing written");

    // Built without the last ward, its findings are set aside and counted.
    let report = build(&options(root, &site, &["ban-co", "phuong-a"]))
        .map_err(|d| format!("{d:?}"))
        .unwrap();
    assert!(report.diagnostics.iter().any(|d| d.code == "N0020"));
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.severity != congkhai::diagnostics::Severity::Error));
    assert!(site.join("phuong-a/index.html").is_file());
    assert!(!site.join("phuong-z").exists());
}
