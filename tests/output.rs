//! `build` never deletes what is not its own: every way an output folder
//! can point at the repository, at a user's files or at another build's
//! work is refused before anything is written, and what it refuses stays
//! byte for byte as it was.

#![cfg(unix)]

mod common;
use common::{copy_dir, fixture};
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-11-22";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_congkhai"))
}

/// `congkhai build --root ROOT [--out OUT] EXTRA…`, whatever its outcome.
fn build(root: &Path, out: Option<&Path>, extra: &[&str]) -> Output {
    let mut c = bin();
    c.args(["build", "--today", TODAY, "--root"]).arg(root);
    if let Some(out) = out {
        c.arg("--out").arg(out);
    }
    c.args(extra).output().expect("run congkhai")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file, folder and link under `dir` (links not followed), with the
/// bytes of files and the targets of links.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("prefix")
            .to_path_buf();
        let kind = entry.file_type();
        let value = if kind.is_symlink() {
            let mut v = b"link:".to_vec();
            v.extend(
                std::fs::read_link(entry.path())
                    .expect("link")
                    .to_string_lossy()
                    .bytes(),
            );
            v
        } else if kind.is_dir() {
            b"dir".to_vec()
        } else {
            std::fs::read(entry.path()).expect("read")
        };
        out.insert(rel, value);
    }
    out
}

/// A temporary folder with a copy of the fixture at `repo`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = tmp.path().canonicalize().expect("canonical");
    let repo = base.join("repo");
    copy_dir(&fixture(), &repo);
    std::fs::create_dir_all(repo.join("themes/mine")).expect("themes");
    std::fs::write(repo.join("themes/mine/base.html"), "{{ x }}").expect("theme");
    std::fs::create_dir_all(repo.join(".git/objects")).expect("git");
    std::fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").expect("git");
    (tmp, base)
}

/// Asserts a build was refused with `code` (exit 2) and `repo` is untouched.
fn assert_refused(o: &Output, code: &str, before: &BTreeMap<PathBuf, Vec<u8>>, dir: &Path) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(stderr(o).contains(code), "no {code} in:\n{}", stderr(o));
    assert_eq!(&snapshot(dir), before, "{} changed", dir.display());
}

#[test]
fn an_output_linked_to_the_repository_is_refused() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    let before = snapshot(&base);
    symlink(&repo, base.join("link")).expect("link");
    let before_with_link = snapshot(&base);
    let o = build(&repo, Some(&base.join("link")), &[]);
    assert_refused(&o, "E0021", &before_with_link, &base);
    std::fs::remove_file(base.join("link")).expect("unlink");
    assert_eq!(snapshot(&base), before);
}

#[test]
fn outputs_that_reach_the_sources_through_dots_or_links_are_refused() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    symlink(&repo, base.join("rlink")).expect("link");
    let before = snapshot(&base);
    for (root, out) in [
        (repo.clone(), base.join("x/../repo")),
        (repo.clone(), repo.join("../repo/content")),
        (repo.clone(), repo.join("content/ban-co/../..")),
        (base.join("rlink"), repo.clone()),
        (base.join("rlink"), repo.join("content")),
        (repo.clone(), base.join("rlink/content/ban-co")),
        (repo.clone(), base.clone()),
        (repo.clone(), PathBuf::from("/")),
        (repo.clone(), repo.join(".git")),
        (repo.clone(), repo.join(".git/site")),
        (repo.clone(), repo.join("themes")),
        (repo.clone(), repo.join("themes/mine")),
    ] {
        let o = build(&root, Some(&out), &[]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "--out {}: {}",
            out.display(),
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("E0021"),
            "--out {}: {}",
            out.display(),
            stderr(&o)
        );
        assert_eq!(
            snapshot(&base),
            before,
            "--out {} changed files",
            out.display()
        );
        // Not even with --force.
        let o = build(&root, Some(&out), &["--force"]);
        assert_eq!(o.status.code(), Some(2), "--force --out {}", out.display());
        assert_eq!(snapshot(&base), before);
    }
}

#[test]
fn relative_outputs_are_resolved_from_the_working_folder() {
    let (_tmp, base) = setup();
    let before = snapshot(&base);
    for out in [
        "./repo/../repo/content",
        "x/../repo",
        "repo/.",
        "repo/content/..",
    ] {
        let o = bin()
            .current_dir(&base)
            .args(["build", "--today", TODAY, "--root", "repo", "--out", out])
            .output()
            .expect("run");
        assert_eq!(o.status.code(), Some(2), "--out {out}: {}", stderr(&o));
        assert!(stderr(&o).contains("E0021"), "--out {out}: {}", stderr(&o));
        assert_eq!(snapshot(&base), before, "--out {out}");
    }
    let o = bin()
        .current_dir(base.join("repo/content"))
        .args([
            "build",
            "--today",
            TODAY,
            "--root",
            "..",
            "--out",
            "../public",
        ])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(base.join("repo/public/ban-co/index.html").is_file());
}

#[test]
fn output_dir_in_the_configuration_stays_inside_the_repository() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    let victim = base.join("victim");
    std::fs::create_dir_all(&victim).expect("victim");
    std::fs::write(victim.join("thesis.odt"), "years of work").expect("victim");
    let config = std::fs::read_to_string(repo.join("congkhai.toml")).expect("config");
    let absolute = victim.display().to_string();
    for dir in ["../victim", absolute.as_str(), "content", ".git", "."] {
        let text = if config.contains("output_dir") {
            panic!("the fixture sets output_dir")
        } else {
            format!("output_dir = \"{dir}\"\n{config}")
        };
        std::fs::write(repo.join("congkhai.toml"), text).expect("config");
        let before = snapshot(&base);
        let o = build(&repo, None, &["--force"]);
        assert_eq!(o.status.code(), Some(2), "output_dir {dir}: {}", stderr(&o));
        let code = if dir.starts_with('/') || dir.starts_with("..") {
            "E0024"
        } else {
            "E0021"
        };
        assert!(
            stderr(&o).contains(code),
            "output_dir {dir}: {}",
            stderr(&o)
        );
        assert_eq!(snapshot(&base), before, "output_dir {dir}");
    }
    // Inside the repository it is fine.
    std::fs::write(
        repo.join("congkhai.toml"),
        format!("output_dir = \"site\"\n{config}"),
    )
    .expect("config");
    let o = build(&repo, None, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(repo.join("site/ban-co/index.html").is_file());
}

#[test]
fn a_folder_of_other_files_is_not_replaced_without_force() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    let home = base.join("home");
    std::fs::create_dir_all(home.join("Documents")).expect("home");
    std::fs::write(home.join("Documents/luan-van.docx"), "years of work").expect("home");
    std::fs::write(home.join(".bashrc"), "alias x=y").expect("home");
    let before = snapshot(&base);
    let o = build(&repo, Some(&home), &[]);
    assert_refused(&o, "E0022", &before, &base);
    let err = stderr(&o);
    assert!(
        err.contains(&home.display().to_string()),
        "names the folder: {err}"
    );
    assert!(err.contains("--force"), "names --force: {err}");
    assert!(err.contains("không phải trang do congkhai dựng"), "{err}");

    // A link to it is the same folder.
    symlink(&home, base.join("home-link")).expect("link");
    let before = snapshot(&base);
    let o = build(&repo, Some(&base.join("home-link")), &[]);
    assert_refused(&o, "E0022", &before, &base);

    // Asked for, it is replaced, and the site is marked as congkhai's.
    let o = build(&repo, Some(&home), &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!home.join("Documents").exists());
    assert!(home.join(".congkhai-site").is_file());
    // From then on it is a site: no --force needed.
    let o = build(&repo, Some(&home), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_link_to_a_site_writes_the_site_where_the_link_points() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    let site = base.join("www/site");
    let o = build(&repo, Some(&site), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    symlink(&site, base.join("public")).expect("link");
    std::fs::write(repo.join("content/ban-co/extra.txt"), "x").ok();
    let o = build(&repo, Some(&base.join("public")), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(base.join("public"))
        .expect("link")
        .file_type()
        .is_symlink());
    assert!(site.join("ban-co/index.html").is_file());
    assert!(site.join(".congkhai-site").is_file());
}

#[test]
fn an_empty_folder_or_a_new_path_is_written() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    std::fs::create_dir_all(base.join("empty")).expect("empty");
    for out in [
        base.join("empty"),
        base.join("new/deep/site"),
        repo.join("public"),
    ] {
        let o = build(&repo, Some(&out), &[]);
        assert!(o.status.success(), "{}: {}", out.display(), stderr(&o));
        assert!(out.join("ban-co/index.html").is_file());
    }
}

#[test]
fn a_regular_file_as_output_is_refused() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    let file = base.join("notes.txt");
    std::fs::write(&file, "keep me").expect("file");
    let before = snapshot(&base);
    let o = build(&repo, Some(&file), &["--force"]);
    assert_refused(&o, "E0023", &before, &base);
    // A link to nowhere too: writing through it would create its target.
    symlink(base.join("nowhere"), base.join("dangling")).expect("link");
    let before = snapshot(&base);
    let o = build(&repo, Some(&base.join("dangling")), &[]);
    assert_refused(&o, "E0023", &before, &base);
}

#[test]
fn a_staging_path_that_is_not_congkhais_is_left_alone() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    let out = base.join("public");
    let o = build(&repo, Some(&out), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let other = base.join("other");
    std::fs::create_dir_all(&other).expect("other");
    std::fs::write(other.join("photo.jpg"), "bytes").expect("other");
    // A link where the staging folder goes.
    symlink(&other, base.join(".public.staging")).expect("link");
    let before = snapshot(&base);
    let o = build(&repo, Some(&out), &[]);
    assert_refused(&o, "E0025", &before, &base);
    // A folder of other files there.
    std::fs::remove_file(base.join(".public.staging")).expect("unlink");
    copy_dir(&other, &base.join(".public.staging"));
    let before = snapshot(&base);
    let o = build(&repo, Some(&out), &[]);
    assert_refused(&o, "E0025", &before, &base);
    // A staging folder a killed build left (marked) is cleared.
    std::fs::remove_dir_all(base.join(".public.staging")).expect("rm");
    std::fs::create_dir_all(base.join(".public.staging/ban-co")).expect("leftover");
    std::fs::write(base.join(".public.staging/.congkhai-site"), "").expect("leftover");
    let o = build(&repo, Some(&out), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!base.join(".public.staging").exists());
}

#[test]
fn a_lock_file_that_is_a_link_is_refused() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    std::fs::write(base.join("precious"), "keep").expect("file");
    symlink(base.join("precious"), base.join(".public.lock")).expect("link");
    let before = snapshot(&base);
    let o = build(&repo, Some(&base.join("public")), &[]);
    assert_refused(&o, "E0025", &before, &base);
}

/// The sample repository: three wards.
fn sample(to: &Path) {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&here.join("content"), &to.join("content"));
    std::fs::copy(here.join("congkhai.toml"), to.join("congkhai.toml")).expect("config");
}

fn retitle(file: &Path, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    let line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("title")
        .to_string();
    std::fs::write(file, text.replacen(&line, &format!("title: {to}"), 1)).expect("write");
}

/// The first record file of `kind` in `ward`.
fn a_record(root: &Path, ward: &str, kind: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content").join(ward).join(kind))
        .expect("kind folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.remove(0)
}

#[test]
fn a_build_of_one_ward_keeps_the_others_and_the_portal_lists_every_ward() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path().join("repo");
    let out = tmp.path().join("public");
    sample(&repo);
    let o = build(&repo, Some(&out), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);
    let wards = ["ban-co", "xuan-hoa", "nhieu-loc"];
    let portal = std::fs::read_to_string(out.join("index.html")).expect("portal");
    for w in wards {
        assert!(portal.contains(&format!("href=\"{w}/index.html\"")), "{w}");
    }
    let ban_co = a_record(&repo, "ban-co", "fund");
    let xuan_hoa = a_record(&repo, "xuan-hoa", "fund");
    retitle(&ban_co, "Quỹ mới của Bàn Cờ");
    retitle(&xuan_hoa, "Quỹ mới của Xuân Hòa");
    let o = build(&repo, Some(&out), &["--ward", "ban-co"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = snapshot(&out);
    let page = |p: &Path, ward: &str| {
        let stem = p.file_stem().expect("stem").to_string_lossy().into_owned();
        PathBuf::from(format!("{ward}/fund/{stem}.html"))
    };
    let text = |p: PathBuf| String::from_utf8_lossy(&after[&p]).into_owned();
    assert!(text(page(&ban_co, "ban-co")).contains("Quỹ mới của Bàn Cờ"));
    for (rel, bytes) in &before {
        if rel.starts_with("xuan-hoa") || rel.starts_with("nhieu-loc") {
            assert_eq!(
                after.get(rel),
                Some(bytes),
                "{} changed or went",
                rel.display()
            );
        }
    }
    for rel in after.keys() {
        if rel.starts_with("xuan-hoa") || rel.starts_with("nhieu-loc") {
            assert!(before.contains_key(rel), "{} appeared", rel.display());
        }
    }
    let portal = std::fs::read_to_string(out.join("index.html")).expect("portal");
    for w in wards {
        assert!(
            portal.contains(&format!("href=\"{w}/index.html\"")),
            "{w} left the portal"
        );
    }
    assert!(stderr(&o).contains("Đã dựng 1 phường"), "{}", stderr(&o));

    // Into a new folder: the portal still lists every ward.
    let fresh = tmp.path().join("fresh");
    let o = build(&repo, Some(&fresh), &["--ward", "xuan-hoa"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let portal = std::fs::read_to_string(fresh.join("index.html")).expect("portal");
    for w in wards {
        assert!(portal.contains(&format!("href=\"{w}/index.html\"")), "{w}");
    }
    assert!(fresh.join("xuan-hoa/index.html").is_file());
    assert!(!fresh.join("ban-co").exists());

    // Every ward named: the same bytes as a full build.
    let full = tmp.path().join("full");
    let all = tmp.path().join("all");
    assert!(build(&repo, Some(&full), &[]).status.success());
    let o = build(
        &repo,
        Some(&all),
        &[
            "--ward",
            "ban-co",
            "--ward",
            "xuan-hoa",
            "--ward",
            "nhieu-loc",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        snapshot(&full) == snapshot(&all),
        "a build of every ward differs from a full build"
    );
    let o = build(&repo, Some(&full), &["--ward", "nhieu-loc"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        snapshot(&full) == snapshot(&all),
        "a build of one ward over a full build changed it"
    );
    // An error in another ward stops a full build, not a build of this one.
    let broken = a_record(&repo, "nhieu-loc", "fund");
    let text = std::fs::read_to_string(&broken).expect("read");
    std::fs::write(&broken, text.replacen("title:", "title: [", 1)).expect("write");
    let o = build(&repo, Some(&full), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = build(&repo, Some(&full), &["--ward", "ban-co", "--notes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("N0020"), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 lỗi"), "{}", stderr(&o));
    let ward = |dir: &Path| snapshot(&dir.join("nhieu-loc"));
    assert!(ward(&full) == ward(&all), "nhieu-loc's pages stay");
    std::fs::write(&broken, text).expect("write");
    let o = build(&repo, Some(&full), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A ward that does not exist is refused and nothing changes.
    let o = build(&repo, Some(&full), &["--ward", "khong-co"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E0007"), "{}", stderr(&o));
    assert!(snapshot(&full) == snapshot(&all));
}

/// The fixture plus `n` generated plans, so that a build takes a while.
fn biggish(root: &Path, n: usize) {
    copy_dir(&fixture(), root);
    let dir = root.join("content/ban-co/plan");
    let paragraph = "Ủy ban nhân dân phường tổ chức niêm yết công khai kế hoạch. ".repeat(12);
    for i in 0..n {
        std::fs::write(
            dir.join(format!("ke-hoach-{i:05}.md")),
            format!(
                "---\ntitle: Kế hoạch số {i}\npublished: 2026-03-12\nposted_until: 2026-12-31\n\
                 disclosure_item: 1\nforms: [portal]\nissued: 2026-03-11\ntasks:\n  - content: Việc {i}\n    \
                 deadline: 2026-12-15\n    status: in_progress\n    progress: 40\n---\n# Mục {i}\n\n{paragraph}\n"
            ),
        )
        .expect("write");
    }
}

/// The files of a site, by path (the marker included).
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(_, v)| v != b"dir")
        .collect()
}

#[test]
fn two_builds_at_once_never_publish_a_partial_site() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path().join("repo");
    biggish(&repo, 300);
    let reference = tmp.path().join("reference");
    let o = build(&repo, Some(&reference), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = files(&reference);
    let out = tmp.path().join("public");
    let mut refused = 0;
    for round in 0..4 {
        let start = |_| {
            let mut c = bin();
            c.args(["build", "--today", TODAY, "--root"])
                .arg(&repo)
                .arg("--out")
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            c.spawn().expect("spawn")
        };
        let children: Vec<_> = (0..2).map(start).collect();
        for child in children {
            let o = child.wait_with_output().expect("wait");
            let err = stderr(&o);
            if o.status.success() {
                let reported = format!("{} tệp", expected.len() - 1);
                assert!(err.contains(&reported), "round {round}: wrong count: {err}");
            } else {
                assert!(err.contains("E0026"), "round {round}: {err}");
                assert!(err.contains("một lần dựng khác đang ghi"), "{err}");
                refused += 1;
            }
        }
        let got = files(&out);
        assert_eq!(got.len(), expected.len(), "round {round}: files");
        assert!(
            got == expected,
            "round {round}: the site differs from a full build"
        );
    }
    eprintln!("{refused} of 8 builds found the output busy");
}

/// Runs `c` as an unprivileged user when the tests run as root, so that
/// permissions apply to it.
fn unprivileged(c: &mut Command) -> &mut Command {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            c.pre_exec(|| {
                if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    c
}

/// Gives `dir` and all it holds to the unprivileged user (when root).
fn give_away(dir: &Path) {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.expect("walk");
        std::os::unix::fs::lchown(entry.path(), Some(65534), Some(65534)).expect("chown");
    }
}

/// Makes `dir` unwritable for the unprivileged user.
fn lock_down(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::lchown(dir, Some(0), Some(0)).expect("chown");
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
}

fn build_as_user(root: &Path, out: &Path) -> Output {
    let mut c = bin();
    c.args(["build", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--out")
        .arg(out);
    unprivileged(&mut c).output().expect("run")
}

#[test]
fn an_old_site_that_cannot_be_removed_is_a_warning_and_later_builds_work() {
    let (tmp, base) = setup();
    let repo = base.join("repo");
    let out = base.join("public");
    std::fs::set_permissions(
        tmp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    give_away(&base);
    let o = build_as_user(&repo, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    // A folder in the old site the build may not empty.
    std::fs::create_dir_all(out.join("ban-co/stuck")).expect("mkdir");
    std::fs::write(out.join("ban-co/stuck/file"), "x").expect("write");
    lock_down(&out.join("ban-co/stuck"));
    let o = build_as_user(&repo, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("W0020"), "{}", stderr(&o));
    assert!(out.join("ban-co/index.html").is_file());
    assert!(
        !out.join("ban-co/stuck").exists(),
        "the new site is in place"
    );
    for _ in 0..2 {
        let o = build_as_user(&repo, &out);
        assert_eq!(
            o.status.code(),
            Some(0),
            "later builds work: {}",
            stderr(&o)
        );
    }
    // Let the temporary folder be removed.
    for entry in walkdir::WalkDir::new(&base)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            let _ = std::fs::set_permissions(
                entry.path(),
                std::os::unix::fs::PermissionsExt::from_mode(0o755),
            );
        }
    }
}

#[test]
fn an_unwritable_output_fails_and_leaves_the_old_site() {
    let (tmp, base) = setup();
    let repo = base.join("repo");
    let parent = base.join("www");
    let out = parent.join("public");
    std::fs::set_permissions(
        tmp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    give_away(&base);
    let o = build_as_user(&repo, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    lock_down(&parent);
    let before = snapshot(&base);
    let o = build_as_user(&repo, &out);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0020"), "{}", stderr(&o));
    assert_eq!(snapshot(&base), before);
    std::fs::set_permissions(&parent, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
}

#[test]
fn a_full_disk_fails_the_build_and_leaves_the_old_site() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    let out = base.join("public");
    let o = build(&repo, Some(&out), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    retitle(
        &repo.join("content/ban-co/fund/hem-45-q3.md"),
        "Quỹ đổi tên",
    );
    let before = snapshot(&base);
    let mut c = bin();
    c.args(["build", "--today", TODAY, "--root"])
        .arg(&repo)
        .arg("--out")
        .arg(&out);
    // A write past 2 KB fails as on a full disk (EFBIG instead of ENOSPC).
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        c.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 2048,
                rlim_max: 2048,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = c.output().expect("run");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0020"), "{}", stderr(&o));
    let mut now = snapshot(&base);
    // Only the record edited above differs from the snapshot taken after it.
    now.retain(|p, _| !p.starts_with("repo"));
    let mut then = before;
    then.retain(|p, _| !p.starts_with("repo"));
    assert_eq!(
        now, then,
        "the old site and its surroundings are as they were"
    );
    assert!(!base.join(".public.staging").exists());
}

#[test]
fn a_mount_point_as_output_fails_cleanly_and_keeps_its_site() {
    // Needs a private mount namespace (root, or a system that allows it).
    if !Command::new("unshare")
        .args(["-m", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: cannot make a mount namespace here");
        return;
    }
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    let site = base.join("site");
    let o = build(&repo, Some(&site), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = base.join("mnt");
    std::fs::create_dir_all(&out).expect("mnt");
    let script = r#"mount -t tmpfs -o size=8m tmpfs "$OUT" || { echo skip > "$BASE/code"; exit 0; }
set -e
cp -a "$SITE/." "$OUT/"
set +e
"$BIN" build --today 2026-11-22 --root "$ROOT" --out "$OUT" 2> "$BASE/err"
echo $? > "$BASE/code"
diff -r "$SITE" "$OUT" > "$BASE/diff"
echo $? >> "$BASE/code"
"#;
    let status = Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c", script])
        .env("OUT", &out)
        .env("SITE", &site)
        .env("ROOT", &repo)
        .env("BASE", &base)
        .env("BIN", env!("CARGO_BIN_EXE_congkhai"))
        .status()
        .expect("unshare");
    assert!(status.success());
    let codes = std::fs::read_to_string(base.join("code")).expect("code");
    if codes == "skip\n" {
        eprintln!("skipped: cannot mount here");
        return;
    }
    let err = std::fs::read_to_string(base.join("err")).expect("err");
    let diff = std::fs::read_to_string(base.join("diff")).expect("diff");
    assert_eq!(codes, "2\n0\n", "{err}\n{diff}");
    assert!(err.contains("E0020"), "{err}");
    assert!(!base.join(".mnt.staging").exists());
}

#[test]
fn an_attachment_linked_out_of_the_repository_is_never_published() {
    let (_tmp, base) = setup();
    let repo = base.join("repo");
    std::fs::write(base.join("passwd"), "root:x:0:0:SECRET-LINE").expect("secret");
    std::fs::write(repo.join(".git/config"), "[remote] SECRET-LINE").expect("secret");
    let record = repo.join("content/ban-co/fund/hem-45-q3.md");
    let text = std::fs::read_to_string(&record).expect("read");
    std::fs::write(
        &record,
        text.replacen(
            "forms: [office_posting]\n",
            "forms: [office_posting]\nattachments: [files/bien-ban.pdf]\n",
            1,
        ),
    )
    .expect("write");
    let folder = repo.join("content/ban-co/fund/files");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for target in [base.join("passwd"), repo.join(".git/config")] {
        let _ = std::fs::remove_file(folder.join("bien-ban.pdf"));
        symlink(&target, folder.join("bien-ban.pdf")).expect("link");
        let out = base.join("public");
        let o = build(&repo, Some(&out), &[]);
        assert!(!o.status.success(), "{}: {}", target.display(), stderr(&o));
        if out.exists() {
            for (rel, bytes) in files(&out) {
                let text = String::from_utf8_lossy(&bytes);
                assert!(!text.contains("SECRET-LINE"), "{} published", rel.display());
            }
        }
    }
}
