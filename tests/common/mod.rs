//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The small fixture repository (one ward, the first six kinds).
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by its path from `dir` (`/` between names).
#[allow(dead_code)]
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

/// A temporary copy of the fixture.
#[allow(dead_code)]
pub fn copy_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture(), dir.path());
    dir
}

/// Every page of the repository at `root` on `today`, rendered in memory
/// with the default theme (the checks must pass).
#[allow(dead_code)]
pub fn render_pages(root: &Path, today: &str) -> Vec<congkhai::render::Output> {
    let today = congkhai::date::Date::parse(today).expect("date");
    let c = congkhai::build::check(root, today, &[])
        .map_err(|d| format!("{d:?}"))
        .expect("checks");
    let theme = congkhai::render::Theme::load(None).expect("theme");
    congkhai::render::render(&c.site, &c.links, &theme).expect("renders")
}

/// The text of the rendered page whose path ends with `suffix`.
#[allow(dead_code)]
pub fn page(outputs: &[congkhai::render::Output], suffix: &str) -> String {
    outputs
        .iter()
        .find_map(|o| match o {
            congkhai::render::Output::Bytes(p, b) if p.to_string_lossy().ends_with(suffix) => {
                Some(String::from_utf8_lossy(b).into_owned())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {suffix}"))
}

/// Builds the repository at `root` into `out` on `today` with the build
/// cache on, as `congkhai build` does; panics when the build fails.
#[allow(dead_code)]
pub fn build_site(root: &Path, out: &Path, today: &str) -> congkhai::build::BuildReport {
    congkhai::build::build(&congkhai::build::BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        wards: Vec::new(),
        today: congkhai::date::Date::parse(today).expect("date"),
        deny_warnings: false,
        force: false,
        cache: true,
    })
    .map_err(|d| format!("{d:?}"))
    .expect("builds")
}

/// `congkhai build --today TODAY --root ROOT --out OUT EXTRA…`, run as a
/// program, whatever its outcome.
#[allow(dead_code)]
pub fn run_build(root: &Path, out: &Path, today: &str, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["build", "--today", today, "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run congkhai")
}

/// [`run_build`], which must succeed (panics with its messages if not).
#[allow(dead_code)]
pub fn build_ok(root: &Path, out: &Path, today: &str, extra: &[&str]) -> std::process::Output {
    let output = run_build(root, out, today, extra);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs `git` in `dir` as a fixed committer, with `date` as the author's
/// and the committer's date and no system configuration; panics when it
/// fails.
#[allow(dead_code)]
pub fn git(dir: &Path, args: &[&str], date: &str) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Cán bộ", "-c", "user.email=cb@example.vn"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text of the page `page` (a path relative to the site) of the site
/// written at `site`; panics when it is missing.
#[allow(dead_code)]
pub fn site_text(site: &Path, page: &str) -> String {
    std::fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// Whether an HTML page under `dir` (a folder of a written site) contains
/// `text`.
#[allow(dead_code)]
pub fn any_page_contains(dir: &Path, text: &str) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk the site").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .any(|p| {
            std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .contains(text)
        })
}
