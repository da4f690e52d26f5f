//! The build cache: after each kind of change, a build that takes the
//! unchanged wards from the previous site (without reading them) writes
//! byte for byte the site a clean build writes and reports the same
//! findings, and takes only the wards the change did not touch.

mod common;
use common::{any_page_contains, copy_dir, tree};
use congkhai::build::{build, BuildOptions, BuildReport};
use congkhai::date::Date;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-22";

/// A copy of the sample repository (three wards, shared documents).
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&src.join("content"), &dir.path().join("content"));
    std::fs::copy(src.join("congkhai.toml"), dir.path().join("congkhai.toml")).unwrap();
    dir
}

fn run(root: &Path, out: &Path, today: &str, cache: bool) -> BuildReport {
    build(&BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        wards: Vec::new(),
        today: Date::parse(today).expect("date"),
        deny_warnings: false,
        force: false,
        cache,
    })
    .map_err(|d| format!("{d:?}"))
    .expect("builds")
}

/// Builds `root` with the cache into `out` and without it into a fresh
/// folder; both sites, and the findings both report, must be the same.
/// Returns how many wards the cached build took from the previous site.
fn cached_equals_clean(root: &Path, out: &Path, today: &str) -> usize {
    cached_build_equals_clean(root, out, today).cached
}

/// [`cached_equals_clean`], returning the cached build's report.
fn cached_build_equals_clean(root: &Path, out: &Path, today: &str) -> BuildReport {
    let report = run(root, out, today, true);
    let clean_dir = tempfile::tempdir().unwrap();
    let clean = clean_dir.path().join("site");
    let clean_report = run(root, &clean, today, false);
    assert_eq!(clean_report.unread, 0, "a clean build reads every ward");
    // Whether the cache could be written is the one finding that differs.
    let findings = |r: &BuildReport| {
        r.diagnostics
            .iter()
            .filter(|d| d.code != "W0021")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(
        findings(&report) == findings(&clean_report),
        "the same findings as a clean build:\n{:#?}\n{:#?}",
        report.diagnostics,
        clean_report.diagnostics
    );
    assert_eq!(report.records, clean_report.records);
    assert_eq!(report.wards, clean_report.wards);
    // The files of the wards kept count as written.
    assert_eq!(
        (report.files, report.bytes),
        (clean_report.files, clean_report.bytes)
    );
    let (a, b) = (tree(out), tree(&clean));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs from a clean build");
    }
    report
}

fn edit(path: PathBuf, from: &str, to: &str) {
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn each_change_rebuilds_what_it_touches_and_the_site_is_that_of_a_clean_build() {
    let repo = sample();
    let root = repo.path();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");

    // First build: nothing cached yet; the second takes every ward.
    assert_eq!(cached_equals_clean(root, &out, TODAY), 0);
    assert!(site.path().join(".congkhai-cache/public.tsv").is_file());
    assert_eq!(cached_equals_clean(root, &out, TODAY), 3);

    // The findings of the wards taken from the cache are theirs: the
    // sample's notes are in every ward.
    let report = cached_build_equals_clean(root, &out, TODAY);
    assert_eq!((report.cached, report.unread), (3, 3));
    for ward in ["ban-co", "nhieu-loc", "xuan-hoa"] {
        let folder = Path::new("content").join(ward);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.file.starts_with(&folder)),
            "{ward} has findings"
        );
    }

    // One record of one ward: only that ward is read and rendered again.
    edit(
        root.join("content/ban-co/dialogue/hoi-nghi-doi-thoai-2025.md"),
        "title: \"",
        "title: \"Sửa lại – ",
    );
    let report = cached_build_equals_clean(root, &out, TODAY);
    assert_eq!((report.cached, report.unread), (2, 2));

    // A shared document shows in every ward.
    let shared = root.join("content/_shared/document/luat-dat-dai-2024.md");
    let text = std::fs::read_to_string(&shared).unwrap();
    std::fs::write(&shared, format!("{text}\nMột đoạn mới.\n")).unwrap();
    assert_eq!(cached_equals_clean(root, &out, TODAY), 0);

    // The theme: a template of the repository's own.
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let base = include_str!("../themes/default/templates/base.html");
    std::fs::write(
        templates.join("base.html"),
        base.replacen("<main", "<!-- riêng -->\n<main", 1),
    )
    .unwrap();
    assert_eq!(cached_equals_clean(root, &out, TODAY), 0);
    assert!(std::fs::read_to_string(out.join("ban-co/index.html"))
        .unwrap()
        .contains("<!-- riêng -->"));
    assert_eq!(cached_equals_clean(root, &out, TODAY), 3);

    // The date: every page shows it.
    assert_eq!(cached_equals_clean(root, &out, "2026-11-23"), 0);

    // The configuration.
    edit(root.join("congkhai.toml"), "title = \"", "title = \"Mới: ");
    assert_eq!(cached_equals_clean(root, &out, "2026-11-23"), 0);
    assert_eq!(cached_equals_clean(root, &out, "2026-11-23"), 3);
}

#[test]
fn a_ward_folder_changed_in_the_output_is_rendered_again() {
    let repo = sample();
    let root = repo.path();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    run(root, &out, TODAY, true);
    // A page edited by hand, a file added, a file removed: each in its ward.
    let home = out.join("ban-co/index.html");
    let html = std::fs::read_to_string(&home).unwrap();
    std::fs::write(&home, html.replacen("<main", "<main data-x", 1)).unwrap();
    std::fs::write(out.join("nhieu-loc/la.txt"), "lạ").unwrap();
    std::fs::remove_file(out.join("xuan-hoa/search.html")).unwrap();
    assert_eq!(cached_equals_clean(root, &out, TODAY), 0);
    assert_eq!(cached_equals_clean(root, &out, TODAY), 3);
}

#[test]
fn a_build_killed_while_moving_the_kept_wards_is_undone_by_the_next() {
    let repo = sample();
    let root = repo.path();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    run(root, &out, TODAY, true);
    let whole = tree(&out);
    // What a build killed after its first move leaves: the journal, one
    // ward in the staging folder beside what was written there. (Such a
    // build removed the index before the moves; it is kept here, so that
    // the next build shows it found the ward back in place.)
    let staging = site.path().join(".public.staging");
    std::fs::create_dir(&staging).unwrap();
    std::fs::copy(out.join(".congkhai-site"), staging.join(".congkhai-site")).unwrap();
    std::fs::write(staging.join("index.html"), "half").unwrap();
    std::fs::write(site.path().join(".public.moving"), "ban-co\nnhieu-loc\n").unwrap();
    std::fs::rename(out.join("ban-co"), staging.join("ban-co")).unwrap();
    assert!(!out.join("ban-co").exists());
    // The next build puts the ward back before anything else, takes every
    // ward and writes the site of a clean build.
    assert_eq!(cached_equals_clean(root, &out, TODAY), 3);
    assert!(!staging.exists());
    assert!(!site.path().join(".public.moving").exists());
    assert_eq!(tree(&out), whole);
    // Without the index (as such a build leaves it), every ward is rendered.
    std::fs::remove_file(site.path().join(".congkhai-cache/public.tsv")).unwrap();
    assert_eq!(cached_equals_clean(root, &out, TODAY), 0);
}

#[test]
fn no_cache_renders_every_ward_and_a_lost_cache_file_too() {
    let repo = sample();
    let root = repo.path();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    run(root, &out, TODAY, true);
    assert_eq!(run(root, &out, TODAY, false).cached, 0);
    assert_eq!(run(root, &out, TODAY, true).cached, 3);
    std::fs::remove_dir_all(site.path().join(".congkhai-cache")).unwrap();
    assert_eq!(cached_equals_clean(root, &out, TODAY), 0);
    // A cache file of another format is no cache.
    std::fs::write(site.path().join(".congkhai-cache/public.tsv"), "x\n").unwrap();
    assert_eq!(cached_equals_clean(root, &out, TODAY), 0);
}

#[test]
fn a_cache_that_cannot_be_written_is_a_warning_and_no_cache() {
    let repo = sample();
    let root = repo.path();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    // A file where the cache's folder goes.
    std::fs::write(site.path().join(".congkhai-cache"), "").unwrap();
    let report = run(root, &out, TODAY, true);
    assert!(report.diagnostics.iter().any(|d| d.code == "W0021"));
    assert!(out.join("ban-co/index.html").is_file());
    assert_eq!(cached_equals_clean(root, &out, TODAY), 0);
}

/// Sets the modification time of `path` to `time`.
fn set_mtime(path: &Path, time: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

#[test]
fn a_file_rewritten_with_its_size_and_time_restored_is_seen() {
    let repo = sample();
    let root = repo.path();
    // Old enough for the cache to trust the files' times.
    std::thread::sleep(std::time::Duration::from_secs(
        congkhai::build::cache::RECENT_SECS as u64 + 1,
    ));
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    run(root, &out, TODAY, true);
    assert_eq!(run(root, &out, TODAY, true).unread, 3);
    // The same number of bytes, one letter changed, the time put back.
    let path = root.join("content/nhieu-loc/dialogue/tiep-xuc-cu-tri-thang-11-2026.md");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text.replacen("tiếp xúc cử tri của", "tiếp xúc cử trx của", 1);
    assert_ne!(changed, text);
    assert_eq!(changed.len(), text.len());
    std::fs::write(&path, &changed).unwrap();
    set_mtime(&path, mtime);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), text.len() as u64);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    let report = cached_build_equals_clean(root, &out, TODAY);
    assert_eq!((report.cached, report.unread), (2, 2));
    assert!(
        any_page_contains(&out.join("nhieu-loc"), "tiếp xúc cử trx của"),
        "the new title is on the record's page"
    );
}

/// `git` in `dir`, dated 5 October 2026.
fn git(dir: &Path, args: &[&str]) {
    common::git(dir, args, "2026-10-05T09:00:00+07:00");
}

#[test]
fn a_ward_whose_history_changed_is_rendered_again() {
    let repo = sample();
    let root = repo.path();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Đăng hồ sơ"]);
    let record = root.join("content/xuan-hoa/dialogue");
    let file = std::fs::read_dir(&record)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("a dialogue record");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nMột đoạn mới.\n")).unwrap();
    git(root, &["commit", "-q", "-a", "-m", "Thêm một đoạn"]);
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    cached_equals_clean(root, &out, TODAY);
    assert_eq!(cached_equals_clean(root, &out, TODAY), 3);
    // The same files, another message for the last commit: only the ward
    // it touched shows another history.
    git(root, &["commit", "-q", "--amend", "-m", "Bổ sung biên bản"]);
    assert_eq!(cached_equals_clean(root, &out, TODAY), 2);
    assert!(
        any_page_contains(&out.join("xuan-hoa"), "Bổ sung biên bản"),
        "the new message is on the record's page"
    );
}

#[test]
fn a_page_changed_by_hand_with_its_size_kept_is_rendered_again() {
    let repo = sample();
    let root = repo.path();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    run(root, &out, TODAY, true);
    // One letter changed in place, the size kept, some seconds later.
    let home = out.join("xuan-hoa/index.html");
    let html = std::fs::read_to_string(&home).unwrap();
    let changed = html.replacen("<main", "<MAIN", 1);
    assert_eq!(changed.len(), html.len());
    let time = std::fs::metadata(&home).unwrap().modified().unwrap();
    std::fs::write(&home, changed).unwrap();
    set_mtime(&home, time + std::time::Duration::from_secs(3));
    assert_eq!(cached_equals_clean(root, &out, TODAY), 2);
    assert_eq!(std::fs::read_to_string(&home).unwrap(), html);
}

#[cfg(unix)]
#[test]
fn a_ward_folder_given_a_link_or_an_empty_folder_is_rendered_again() {
    let repo = sample();
    let root = repo.path();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    run(root, &out, TODAY, true);
    std::os::unix::fs::symlink("index.html", out.join("ban-co/lien-ket.html")).unwrap();
    std::fs::create_dir(out.join("nhieu-loc/trong")).unwrap();
    assert_eq!(cached_equals_clean(root, &out, TODAY), 1);
    assert!(std::fs::symlink_metadata(out.join("ban-co/lien-ket.html")).is_err());
    assert!(!out.join("nhieu-loc/trong").exists());
    assert_eq!(cached_equals_clean(root, &out, TODAY), 3);
}
