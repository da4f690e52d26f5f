//! A repository's theme: its static files are published byte for byte, and
//! its templates run within a budget for the whole build, so that a runaway
//! template stops the build quickly with E0404 naming the template.

mod common;
use common::copy_fixture;
use std::path::Path;

use std::time::{Duration, Instant};

fn build(root: &Path, out: &Path) -> std::process::Output {
    common::run_build(root, out, "2026-11-22", &[])
}

/// Writes `rel` under the repository's theme folder.
fn theme_file(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join("themes/default").join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// The default `base.html` with `extra` just after `<body …>`.
fn base_with(extra: &str) -> String {
    let base = include_str!("../themes/default/templates/base.html");
    let at = base.find("<a class=\"skip\"").expect("skip link");
    format!("{}{extra}\n{}", &base[..at], &base[at..])
}

/// Runs a build that must fail; returns its messages and how long it took.
fn failing_build(root: &Path) -> (String, Duration) {
    let out = root.join("site");
    let start = Instant::now();
    let output = build(root, &out);
    let took = start.elapsed();
    assert!(!output.status.success(), "the build must fail");
    (String::from_utf8_lossy(&output.stderr).into_owned(), took)
}

#[test]
fn an_endless_loop_in_base_html_stops_the_build_quickly() {
    let repo = copy_fixture();
    theme_file(
        repo.path(),
        "templates/base.html",
        base_with(
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        )
        .as_bytes(),
    );
    let (stderr, took) = failing_build(repo.path());
    assert!(stderr.contains("E0404"), "{stderr}");
    assert!(stderr.contains("base.html"), "{stderr}");
    assert!(stderr.contains("fuel"), "{stderr}");
    // One page's fuel, not one page's fuel for every page of the site.
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert_eq!(stderr.matches("E0404").count(), 1, "{stderr}");
}

#[test]
fn string_doublings_in_base_html_stop_at_the_output_limit() {
    let repo = copy_fixture();
    let doublings = "{% set s = s ~ s %}".repeat(28);
    theme_file(
        repo.path(),
        "templates/base.html",
        base_with(&format!("{{% set s = \"x\" %}}{doublings}{{{{ s }}}}")).as_bytes(),
    );
    let (stderr, took) = failing_build(repo.path());
    assert!(stderr.contains("E0404"), "{stderr}");
    assert!(stderr.contains("base.html"), "{stderr}");
    assert!(stderr.contains("MiB"), "{stderr}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn theme_static_files_are_copied_as_bytes() {
    let repo = copy_fixture();
    // Not UTF-8: the start of a PNG file and of a WOFF2 font.
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe\x00\x80";
    let woff2: &[u8] = b"wOF2\0\x01\0\0\xc3\x28\xa0\xa1\xe2\x82";
    theme_file(repo.path(), "static/logo.png", png);
    theme_file(repo.path(), "static/fonts/body.woff2", woff2);
    let out = repo.path().join("site");
    let output = build(repo.path(), &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read(out.join("assets/logo.png")).expect("logo"),
        png
    );
    assert_eq!(
        std::fs::read(out.join("assets/fonts/body.woff2")).expect("font"),
        woff2
    );
    // Each ward folder carries its own copy.
    let ward = std::fs::read_dir(&out)
        .expect("site")
        .filter_map(Result::ok)
        .find(|e| e.path().join("assets/style.css").is_file())
        .expect("a ward folder");
    assert_eq!(
        std::fs::read(ward.path().join("assets/logo.png")).expect("ward logo"),
        png
    );
}
