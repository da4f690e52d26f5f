//! The staging folder, the swap, and the kept wards' moves, tested on
//! real folders.

use super::*;
use target::Sources;

/// A target `public` beside a repository with a `content` folder.
fn target(dir: &Path) -> Target {
    let root = dir.join("repo");
    std::fs::create_dir_all(root.join("content")).unwrap();
    let sources = Sources {
        root: &root,
        content: Path::new("content"),
        from_config: false,
    };
    target::open(&dir.join("public"), &sources, false).unwrap()
}

#[test]
fn replaces_the_previous_site_whole() {
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    write_site(
        &t,
        &[
            Output::Bytes("a.html".into(), b"one".to_vec()),
            Output::Bytes("x/b.html".into(), b"b".to_vec()),
        ],
    )
    .unwrap();
    assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"one");
    assert!(out.join(MARKER).is_file(), "the site is marked");
    write_site(&t, &[Output::Bytes("a.html".into(), b"two".to_vec())]).unwrap();
    assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"two");
    assert!(!out.join("x/b.html").exists(), "stale files are gone");
    assert!(!staging_dir(&out).exists());
}

#[test]
fn an_unpublished_staging_folder_leaves_the_site_alone() {
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    write_site(&t, &[Output::Bytes("a.html".into(), b"one".to_vec())]).unwrap();
    let staging = Staging::create(&t).unwrap();
    staging
        .write(&Output::Bytes("w/x/b.html".into(), b"b".to_vec()))
        .unwrap();
    assert!(staging_dir(&out).join("w/x/b.html").exists());
    drop(staging);
    assert!(
        !staging_dir(&out).exists(),
        "the half-written site is removed"
    );
    assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"one");
    let staging = Staging::create(&t).unwrap();
    for o in [
        Output::Bytes("w/b.html".into(), b"bb".to_vec()),
        Output::Bytes("c.html".into(), b"c".to_vec()),
    ] {
        staging.write(&o).unwrap();
    }
    let done = staging.publish().unwrap();
    assert_eq!((done.stats.files, done.stats.bytes), (2, 3));
    assert!(!out.join("a.html").exists());
    assert_eq!(std::fs::read(out.join("w/b.html")).unwrap(), b"bb");
}

#[test]
fn an_old_site_that_cannot_be_removed_is_a_leftover_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    write_site(&t, &[Output::Bytes("a.html".into(), b"one".to_vec())]).unwrap();
    let staging = Staging::create(&t).unwrap();
    staging
        .write(&Output::Bytes("a.html".into(), b"two".to_vec()))
        .unwrap();
    let refuse = |_: &Path| Err(std::io::Error::other("refused"));
    let left = publish(&staging.dir, &out, &refuse).unwrap();
    let (old, _) = left.expect("the old site is reported");
    assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"two");
    assert_eq!(std::fs::read(old.join("a.html")).unwrap(), b"one");
    std::mem::forget(staging);
    // The next build clears the leftover (it is marked) and goes on.
    write_site(&t, &[Output::Bytes("a.html".into(), b"three".to_vec())]).unwrap();
    assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"three");
    assert!(!staging_dir(&out).exists());
}

/// A site at `public` with two ward folders and a home page.
fn two_wards(t: &Target) {
    write_site(
        t,
        &[
            Output::Bytes("index.html".into(), b"home".to_vec()),
            Output::Bytes("w1/a.html".into(), b"a1".to_vec()),
            Output::Bytes("w1/x/c.html".into(), b"c1".to_vec()),
            Output::Bytes("w2/b.html".into(), b"b1".to_vec()),
        ],
    )
    .unwrap();
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    all.sort();
    all
}

#[cfg(unix)]
#[test]
fn a_kept_folder_is_moved_in_whole_and_the_rest_is_new() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    two_wards(&t);
    let ino = std::fs::metadata(out.join("w1/a.html")).unwrap().ino();
    let staging = Staging::create(&t).unwrap();
    assert!(!staging.keep_if_unchanged("w1", "not its stamp").unwrap());
    assert!(!staging.keep_if_unchanged("absent", "x").unwrap());
    let w1 = stamp(&out.join("w1")).unwrap();
    assert!(staging.keep_if_unchanged("w1", &w1).unwrap());
    assert!(!staging.keep_if_unchanged("w1", &w1).unwrap(), "kept once");
    // Nothing moves before the site is complete.
    assert!(out.join("w1/a.html").is_file());
    assert!(!staging_dir(&out).join("w1").exists());
    for o in [
        Output::Bytes("index.html".into(), b"home2".to_vec()),
        Output::Bytes("w2/b.html".into(), b"b2".to_vec()),
    ] {
        staging.write(&o).unwrap();
    }
    let done = staging.publish().unwrap();
    // The kept folder's two files count among those of the site.
    assert_eq!((done.stats.files, done.stats.bytes), (4, 11));
    assert_eq!(
        std::fs::metadata(out.join("w1/a.html")).unwrap().ino(),
        ino,
        "moved, not copied"
    );
    assert_eq!(stamp(&out.join("w1")).unwrap(), w1);
    assert_eq!(std::fs::read(out.join("w1/x/c.html")).unwrap(), b"c1");
    assert_eq!(std::fs::read(out.join("w2/b.html")).unwrap(), b"b2");
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"home2");
    assert!(!staging_dir(&out).exists());
    assert!(!journal_file(&out).exists());
}

#[test]
fn a_failed_swap_puts_the_kept_folders_back() {
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    two_wards(&t);
    let before = files(&out);
    let staging = Staging::create(&t).unwrap();
    assert!(staging
        .keep_if_unchanged("w1", &stamp(&out.join("w1")).unwrap())
        .unwrap());
    staging.carry_over(&["w2".to_string()]).unwrap();
    staging
        .write(&Output::Bytes("index.html".into(), b"new".to_vec()))
        .unwrap();
    let fail = |staging: &Path, _: &Path| {
        // The kept folders are in the staging folder when the swap runs.
        assert!(staging.join("w1/a.html").is_file());
        assert!(staging.join("w2/b.html").is_file());
        Err(std::io::Error::other("no swap"))
    };
    assert!(staging.publish_with(&fail).is_err());
    assert_eq!(files(&out), before, "the previous site is whole");
    assert!(!staging_dir(&out).exists());
    assert!(!journal_file(&out).exists());
}

#[test]
fn a_build_killed_after_the_moves_is_undone_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    two_wards(&t);
    let before = files(&out);
    let staging = Staging::create(&t).unwrap();
    let kept = vec!["w1".to_string(), "w2".to_string()];
    for name in &kept {
        let stamped = stamp(&out.join(name)).unwrap();
        assert!(staging.keep_if_unchanged(name, &stamped).unwrap());
    }
    // Killed once the journal is written and one folder is moved.
    std::fs::write(journal_file(&out), journal_text(&kept)).unwrap();
    staging.move_in(&kept[..1]).unwrap();
    std::mem::forget(staging);
    assert!(!out.join("w1").exists());
    // The next build first puts the folder back, then goes on.
    let staging = Staging::create(&t).unwrap();
    assert_eq!(files(&out), before, "the previous site is whole again");
    assert!(!journal_file(&out).exists());
    staging
        .write(&Output::Bytes("index.html".into(), b"new".to_vec()))
        .unwrap();
    staging.carry_over(&kept).unwrap();
    staging.publish().unwrap();
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
    assert_eq!(std::fs::read(out.join("w1/a.html")).unwrap(), b"a1");
    assert_eq!(std::fs::read(out.join("w2/b.html")).unwrap(), b"b1");
}

#[test]
fn a_journal_left_after_the_swap_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    two_wards(&t);
    let before = files(&out);
    // The swap done, the journal not yet removed; the previous site,
    // without the folders moved, left at the staging folder's name.
    std::fs::write(journal_file(&out), "w1\nw2\n../x\n").unwrap();
    std::fs::create_dir_all(staging_dir(&out)).unwrap();
    std::fs::write(staging_dir(&out).join(MARKER), MARKER_TEXT).unwrap();
    std::fs::create_dir_all(staging_dir(&out).join("w1")).unwrap();
    drop(Staging::create(&t).unwrap());
    assert_eq!(files(&out), before);
    assert!(!journal_file(&out).exists());
    assert!(!staging_dir(&out).exists());
}

#[cfg(unix)]
#[test]
fn paths_are_resolved_through_links_and_dots() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(base.join("repo/content")).unwrap();
    std::os::unix::fs::symlink(base.join("repo"), base.join("link")).unwrap();
    let r = |p: &Path| target::resolve(p).unwrap();
    assert_eq!(r(&base.join("x/../repo")), base.join("repo"));
    assert_eq!(r(&base.join("link/content")), base.join("repo/content"));
    assert_eq!(r(&base.join("link/new/../..")), base);
    assert_eq!(r(&base.join("link/./a/b")), base.join("repo/a/b"));
    std::os::unix::fs::symlink(base.join("nowhere"), base.join("dangling")).unwrap();
    assert!(target::resolve(&base.join("dangling")).is_err());
}

#[test]
fn the_stamp_added_up_while_writing_is_that_of_the_folder_walked() {
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    let staging = Staging::create(&t).unwrap();
    let outputs = [
        Output::Bytes("index.html".into(), b"home".to_vec()),
        Output::Bytes("w1/a.html".into(), b"a1".to_vec()),
        Output::Bytes("w1/x/c.html".into(), b"c1".to_vec()),
        Output::Bytes("w1/a-b.html".into(), b"ab".to_vec()),
        Output::Bytes("w2/b.html".into(), b"b1".to_vec()),
    ];
    // In any order, from any thread.
    outputs.par_iter().for_each(|o| staging.write(o).unwrap());
    let written = staging.stamp("w1").unwrap();
    assert_eq!(written, stamp(&staging_dir(&out).join("w1")).unwrap());
    assert_ne!(written, staging.stamp("w2").unwrap());
    staging.publish().unwrap();
    assert_eq!(stamp(&out.join("w1")).unwrap(), written);
    // Kept by the next build: nothing in it changed.
    let staging = Staging::create(&t).unwrap();
    assert!(staging.keep_if_unchanged("w1", &written).unwrap());
}

#[test]
fn a_stamp_changes_with_any_file_and_not_with_the_order() {
    let mut a = Tally::default();
    a.add("x/a.html", 10, 1_000);
    a.add("b.html", 3, 1_000);
    let mut b = Tally::default();
    b.add("b.html", 3, 1_000);
    b.add("x/a.html", 10, 1_000);
    assert_eq!(a.stamp(), b.stamp());
    assert_eq!(a.write_stats().files, 2);
    assert_eq!(a.write_stats().bytes, 13);
    let changed = |f: &dyn Fn(&mut Tally)| {
        let mut t = Tally::default();
        f(&mut t);
        assert_ne!(t.stamp(), a.stamp());
    };
    // Another time, size or name; one more file, one less.
    changed(&|t| {
        t.add("x/a.html", 10, 1_001);
        t.add("b.html", 3, 1_000);
    });
    changed(&|t| {
        t.add("x/a.html", 11, 1_000);
        t.add("b.html", 3, 1_000);
    });
    changed(&|t| {
        t.add("x/c.html", 10, 1_000);
        t.add("b.html", 3, 1_000);
    });
    changed(&|t| {
        t.add("x/a.html", 10, 1_000);
        t.add("b.html", 3, 1_000);
        t.add("c.html", 0, 1_000);
    });
    changed(&|t| t.add("x/a.html", 10, 1_000));
}

#[cfg(unix)]
#[test]
fn a_kept_folder_with_a_file_changed_a_link_or_an_empty_folder_is_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let t = target(dir.path());
    let out = t.out.clone();
    two_wards(&t);
    let w1 = stamp(&out.join("w1")).unwrap();
    // The same size, written later (a letter fixed by hand).
    let page = out.join("w1/a.html");
    std::fs::write(&page, b"a2").unwrap();
    let later =
        std::fs::metadata(&page).unwrap().modified().unwrap() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let staging = Staging::create(&t).unwrap();
    assert!(!staging.keep_if_unchanged("w1", &w1).unwrap());
    drop(staging);
    let w2 = stamp(&out.join("w2")).unwrap();
    std::os::unix::fs::symlink("b.html", out.join("w2/l.html")).unwrap();
    let staging = Staging::create(&t).unwrap();
    assert!(!staging.keep_if_unchanged("w2", &w2).unwrap(), "a link");
    drop(staging);
    std::fs::remove_file(out.join("w2/l.html")).unwrap();
    std::fs::create_dir(out.join("w2/empty")).unwrap();
    let staging = Staging::create(&t).unwrap();
    assert!(
        !staging.keep_if_unchanged("w2", &w2).unwrap(),
        "an empty folder"
    );
    assert!(stamp(&out.join("w2")).is_err());
    std::fs::remove_dir(out.join("w2/empty")).unwrap();
    assert!(staging.keep_if_unchanged("w2", &w2).unwrap(), "as it was");
}

#[test]
fn a_path_splits_into_its_folder_and_the_rest_as_its_components_do() {
    // The components' way, which any path may take.
    let by_components = |p: &str| {
        let mut parts: Vec<String> = Path::new(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.len() < 2 {
            return None;
        }
        let folder = parts.remove(0);
        Some((folder, parts.join("/")))
    };
    for p in [
        "index.html",
        "ban-co/index.html",
        "ban-co/fund/quy-1.json",
        "ban-co/data/fund.receipts.csv",
        "ban-co//fund/quy-1.json",
        "./ban-co/fund/quy-1.json",
        "ban-co/./fund/quy-1.json",
        "ban-co/fund/",
        "ban-co/../x/y",
        "/abs/olute",
        "a/b/c/d/e",
        "",
    ] {
        let split = split_folder(Path::new(p)).map(|(f, r)| (f.into_owned(), r.into_owned()));
        assert_eq!(split, by_components(p), "{p:?}");
    }
}
