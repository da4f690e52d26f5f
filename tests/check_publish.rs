//! Nothing lost, nothing half-published: a build killed with SIGKILL at any
//! moment, or a build that fails on an error, leaves the previous site
//! complete and byte-for-byte untouched; the next build then succeeds.

mod common;
use common::copy_dir;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The corpus base repository plus `n` generated plans with long bodies,
/// so that a build takes long enough to be interrupted.
fn biggish_repo(root: &Path, n: usize, edition: &str) {
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/base"),
        root,
    );
    let dir = root.join("content/ban-co/plan");
    let paragraph = "Ủy ban nhân dân phường tổ chức niêm yết công khai kế hoạch, \
                     lấy ý kiến Nhân dân và báo cáo kết quả thực hiện theo quy định. ";
    for i in 0..n {
        let body = format!(
            "# Mục {i}\n\n{}\n\n| Nội dung | Thời gian |\n|---|---|\n| Việc {i} | Quý II |\n",
            paragraph.repeat(12)
        );
        std::fs::write(
            dir.join(format!("ke-hoach-{i:05}.md")),
            format!(
                "---\ntitle: Kế hoạch số {i} ({edition})\npublished: 2026-03-12\nposted_until: 2026-12-31\n\
                 disclosure_item: 1\nforms: [portal]\nissued: 2026-03-11\ntasks:\n  - content: Việc {i}\n    \
                 deadline: 2026-12-15\n    status: in_progress\n    progress: 40\n---\n{body}"
            ),
        )
        .unwrap();
    }
}

/// Every file of the site with its content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn build_command(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_congkhai"));
    c.args(["build", "--today", "2026-11-22", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn build(root: &Path, out: &Path) -> std::process::Output {
    build_command(root, out).output().unwrap()
}

/// Starts a build and kills it with SIGKILL once `when` says so (or when
/// it ends by itself). Returns whether it was killed before finishing.
fn build_and_kill(root: &Path, out: &Path, when: &mut dyn FnMut(Duration) -> bool) -> bool {
    let mut child = build_command(root, out).spawn().unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if when(start.elapsed()) {
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

fn assert_same(before: &BTreeMap<PathBuf, Vec<u8>>, out: &Path, what: &str) {
    let now = snapshot(out);
    let changed: Vec<&PathBuf> = before
        .keys()
        .chain(now.keys())
        .filter(|k| before.get(*k) != now.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "{what}: the previous site changed ({} files, e.g. {:?})",
        changed.len(),
        changed.first()
    );
}

#[test]
fn a_killed_build_leaves_the_previous_site_intact() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let out = dir.path().join("public");
    biggish_repo(&root, 400, "bản 1");
    let staging = congkhai::write::staging_dir(&out);
    let t = Instant::now();
    let first = build(&root, &out);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let full = t.elapsed();
    eprintln!("a full build takes {full:?}");
    let before = snapshot(&out);
    assert!(before.len() > 400, "{} files", before.len());

    let mut before = before;
    let mut kills = 0;
    let mut swapped = 0;
    let mut edition = 1;
    // Each attempt builds a new edition of every record, so a build that
    // got to publish would change every page.
    let mut attempt = |when: &mut dyn FnMut(Duration) -> bool, what: &str| {
        edition += 1;
        biggish_repo(&root, 400, &format!("bản {edition}"));
        if build_and_kill(&root, &out, when) {
            kills += 1;
            if snapshot(&out) != before {
                // Killed after the swap: then the new site must be there
                // whole, identical to a full build of the same content.
                let reference = root.with_file_name("reference");
                let _ = std::fs::remove_dir_all(&reference);
                assert!(build(&root, &reference).status.success());
                assert_same(&snapshot(&reference), &out, what);
                swapped += 1;
                before = snapshot(&out);
            }
        } else {
            // It finished first: the new site is complete.
            before = snapshot(&out);
        }
    };
    // At fractions of a full build: loading, rendering, writing.
    for tenth in [2u32, 5, 8] {
        let at = full * tenth / 10;
        attempt(
            &mut |e| e >= at,
            &format!("killed at {tenth}/10 of a build"),
        );
    }
    // While the new site is being written beside the old one.
    for files in [1usize, 100, 350] {
        attempt(
            &mut |_| {
                std::fs::read_dir(staging.join("ban-co/plan"))
                    .map(|d| d.count() >= files)
                    .unwrap_or(false)
            },
            &format!("killed with {files} files staged"),
        );
    }
    assert!(
        kills - swapped >= 4,
        "only {kills} builds were interrupted, {swapped} of them after the swap"
    );

    // The next build clears what the killed ones left and publishes.
    let done = build(&root, &out);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(!staging.exists(), "no staging folder is left behind");
    let page = std::fs::read_to_string(out.join("ban-co/plan/ke-hoach-00007.html")).unwrap();
    assert!(
        page.contains(&format!("bản {edition}")),
        "the new site is published"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let out = dir.path().join("public");
    biggish_repo(&root, 20, "bản 1");
    assert!(build(&root, &out).status.success());
    let before = snapshot(&out);

    // A content error.
    let fund = root.join("content/ban-co/fund/hem-45-q3.md");
    let text = std::fs::read_to_string(&fund).unwrap();
    std::fs::write(
        &fund,
        text.replace("closing_balance: 3300000", "closing_balance: 1"),
    )
    .unwrap();
    let failed = build(&root, &out);
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("E0244"));
    assert_same(&before, &out, "a build with a content error");
    std::fs::write(&fund, text).unwrap();

    // A template error, found only while rendering.
    let template = root.join("themes/default/templates/list.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(
        &template,
        "{% extends \"base.html\" %}{% block main %}{{ no_such_thing.x }}{% endblock %}",
    )
    .unwrap();
    let failed = build(&root, &out);
    assert_eq!(
        failed.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&failed.stderr)
    );
    assert_same(&before, &out, "a build with a template error");
    std::fs::remove_file(&template).unwrap();

    // Warnings denied.
    let doc = root.join("content/ban-co/document/qd-125.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(
        &doc,
        text.replace("posted_until: permanent", "posted_until: 2026-12-31"),
    )
    .unwrap();
    let denied = build_command(&root, &out)
        .arg("--deny-warnings")
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(1));
    assert_same(&before, &out, "a build with warnings denied");
}
