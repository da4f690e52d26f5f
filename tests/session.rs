//! The incremental build behind `serve`: after every kind of edit, the pages
//! it keeps in memory must be exactly those a full build gives.

mod common;
use common::{copy_dir, copy_fixture};
use congkhai::build::{self, Session};
use congkhai::date::Date;
use congkhai::render::{self, Output, Theme};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn today() -> Date {
    Date::parse("2026-11-22").expect("date")
}

/// What a file of the site holds: bytes, or the file it is copied from.
#[derive(Debug, PartialEq)]
enum Content {
    Bytes(String),
    Copy(PathBuf),
}

fn content(o: &Output) -> Content {
    match o {
        Output::Bytes(_, b) => Content::Bytes(String::from_utf8_lossy(b).into_owned()),
        Output::Copy(_, p) => Content::Copy(p.canonicalize().unwrap_or_else(|_| p.clone())),
    }
}

/// The site as a full build renders it.
fn full(root: &Path) -> BTreeMap<PathBuf, Content> {
    let checked = build::check(root, today(), &[]).expect("check");
    let theme = Theme::load(Some(&root.join("themes/default"))).expect("theme");
    let outputs = render::render(&checked.site, &checked.links, &theme).expect("render");
    let mut all: BTreeMap<PathBuf, Content> = outputs
        .iter()
        .map(|o| (o.path().to_path_buf(), content(o)))
        .collect();
    // The open data files, as `build` writes them.
    let exports = std::sync::Mutex::new(Vec::new());
    let written = congkhai::export::sitemap::Written::default();
    outputs.iter().for_each(|o| written.note(o));
    congkhai::export::write_to(&checked.site, &written.take_all(), &|o: Output| {
        exports.lock().expect("lock").push(o);
        Ok(())
    })
    .expect("export");
    for o in exports.into_inner().expect("lock") {
        all.insert(o.path().to_path_buf(), content(&o));
    }
    all
}

fn served(session: &Session) -> BTreeMap<PathBuf, Content> {
    session
        .outputs()
        .iter()
        .map(|(p, o)| (p.clone(), content(o)))
        .collect()
}

/// Compares file by file, so a failure names the page that differs.
fn assert_same(session: &Session, root: &Path, step: &str) {
    let (got, want) = (served(session), full(root));
    let got_paths: Vec<_> = got.keys().collect();
    let want_paths: Vec<_> = want.keys().collect();
    assert_eq!(got_paths, want_paths, "{step}: the files differ");
    for (path, w) in &want {
        assert!(
            got.get(path) == Some(w),
            "{step}: {} differs from a full build",
            path.display()
        );
    }
}

struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    session: Session,
}

impl Repo {
    fn new() -> Repo {
        Repo::from(copy_fixture())
    }

    /// The fixture with a theme file of its own, written before the first
    /// build.
    fn with_theme_file(rel: &str, text: &str) -> Repo {
        let dir = copy_fixture();
        let path = dir.path().join("themes/default").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        Repo::from(dir)
    }

    fn from(dir: tempfile::TempDir) -> Repo {
        let root = dir.path().canonicalize().expect("canonical");
        let mut session = Session::new(&root, Some(today())).expect("session");
        let first = session.rebuild().expect("first build");
        assert!(first.full);
        assert_same(&session, &root, "first build");
        Repo {
            _dir: dir,
            root,
            session,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn write(&mut self, rel: &str, text: &str) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        self.session.changed(&path);
    }

    fn edit(&mut self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(rel)).expect("read");
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn remove(&mut self, rel: &str) {
        let path = self.path(rel);
        std::fs::remove_file(&path).expect("remove");
        self.session.changed(&path);
    }

    /// Rebuilds, checks the result against a full build, and returns how
    /// many files were rendered and whether it was a full render.
    fn rebuild(&mut self, step: &str) -> build::session::Rebuilt {
        let quick = self.quick(step);
        let mut done = self
            .session
            .rebuild()
            .unwrap_or_else(|d| panic!("{step}: {d:?}"));
        let stale: Vec<String> = self.session.stale_search().iter().cloned().collect();
        assert!(
            !done.full || stale.is_empty(),
            "{step}: a full rebuild includes the index"
        );
        for slug in stale {
            self.session.refresh_search(&slug);
        }
        assert!(self.session.stale_search().is_empty());
        assert_same(&self.session, &self.root, step);
        if let Some(quick) = quick {
            // The full rebuild after a quick one finds nothing left to change.
            assert!(done.changed.is_empty(), "{step}: {:?}", done.changed);
            done.changed = quick.changed;
        }
        done
    }

    /// Tries the quick rebuild; when it applies, its pages must already be
    /// those of a full build.
    fn quick(&mut self, step: &str) -> Option<build::session::Rebuilt> {
        let done = self.session.quick()?;
        assert!(!done.full);
        let stale: Vec<String> = self.session.stale_search().iter().cloned().collect();
        for slug in stale {
            self.session.refresh_search(&slug);
        }
        assert_same(&self.session, &self.root, &format!("{step} (quick)"));
        Some(done)
    }
}

const NEW_DOC: &str = "---
title: Nghị định quy định chi tiết Luật Thực hiện dân chủ ở cơ sở
published: 2026-01-10
posted_until: permanent
disclosure_item: 4
number: \"59/2023/NĐ-CP\"
doc_type: Nghị định
issuer: Chính phủ
issued: 2023-08-17
---
Nội dung.
";

#[test]
fn every_edit_gives_the_pages_of_a_full_build() {
    let mut repo = Repo::new();
    let total = repo.session.outputs().len();

    repo.edit(
        "content/ban-co/fund/hem-45-q3.md",
        "title: Quỹ nâng cấp hẻm 45",
        "title: Quỹ mở rộng hẻm 45",
    );
    let quick = repo
        .quick("title of a fund")
        .expect("a title edit takes the quick path");
    assert!(
        quick.rendered < total / 2,
        "rendered {} of {total}",
        quick.rendered
    );
    let done = repo.rebuild("title of a fund");
    assert!(!done.full, "a title change must not render the whole site");
    assert!(
        done.rendered < total / 2,
        "rendered {} of {total}",
        done.rendered
    );
    let page = quick
        .changed
        .iter()
        .find(|(p, _)| p == Path::new("ban-co/fund/hem-45-q3.html"))
        .expect("the record's page changed");
    assert!(
        matches!(&*page.1, Output::Bytes(_, b) if String::from_utf8_lossy(b).contains("Quỹ mở rộng hẻm 45"))
    );

    // A cited document's page lists the titles of the records citing it.
    repo.edit(
        "content/ban-co/document/qd-125.md",
        "title: Quyết định ban hành",
        "title: Quyết định mới ban hành",
    );
    repo.rebuild("title of a citing document");
    // A land record's page shows the titles of its dialogues.
    repo.edit(
        "content/ban-co/dialogue/doi-thoai-hem-45.md",
        "title: ",
        "title: Hội nghị ",
    );
    repo.rebuild("title of a dialogue");
    // A shared document appears in every ward.
    repo.edit(
        "content/_shared/document/luat-10-2022.md",
        "title: ",
        "title: Văn bản ",
    );
    repo.rebuild("title of a shared document");

    // A new document that a plan cites: the plan's basis becomes a link.
    repo.write("content/ban-co/document/nd-59.md", NEW_DOC);
    assert!(
        repo.session.quick().is_none(),
        "a new file needs the whole pipeline"
    );
    repo.rebuild("new cited document");
    // A record replacing another changes the other's status.
    repo.write(
        "content/ban-co/document/qd-200.md",
        "---\ntitle: Quyết định thay thế\npublished: 2026-06-01\nposted_until: permanent\ndisclosure_item: 4\nsupersedes: qd-125\nnumber: \"200/QĐ-UBND\"\ndoc_type: Quyết định\nissuer: UBND\nissued: 2026-05-30\n---\nThay thế.\n",
    );
    repo.rebuild("new superseding record");
    repo.edit(
        "content/ban-co/document/qd-200.md",
        "title: Quyết định thay thế",
        "title: Quyết định thay thế mới",
    );
    repo.rebuild("title of a superseding record");
    repo.remove("content/ban-co/document/qd-200.md");
    repo.rebuild("superseding record removed");
    // A document's number changes what the citing records link to.
    repo.edit(
        "content/ban-co/document/nd-59.md",
        "59/2023/NĐ-CP",
        "60/2023/NĐ-CP",
    );
    assert!(
        repo.session.quick().is_none(),
        "a new number changes citations"
    );
    repo.rebuild("number of a cited document");
    repo.remove("content/ban-co/document/nd-59.md");
    repo.rebuild("cited document removed");

    // A table beside a record.
    repo.edit(
        "content/ban-co/land/thua.csv",
        "Trần Thị Bình",
        "Lê Văn Cường",
    );
    let done = repo.rebuild("parcel table");
    assert!(done
        .changed
        .iter()
        .any(|(p, _)| p == Path::new("ban-co/land/bt-hem-45.html")));

    // Polling also reports the folder whose contents changed.
    repo.edit(
        "content/ban-co/land/bt-hem-45.md",
        "title: ",
        "title: Bản mới ",
    );
    let folder = repo.path("content/ban-co/land");
    repo.session.changed(&folder);
    repo.rebuild("a record and its folder");
    // A land project renamed: its timeline page moves, the old one goes.
    repo.edit(
        "content/ban-co/land/bt-hem-45.md",
        "project: {name: Mở rộng hẻm 45 Cao Thắng",
        "project: {name: Mở rộng hẻm 45",
    );
    repo.rebuild("land project renamed");
    // A dialogue's date is a step of the project's timeline.
    repo.edit(
        "content/ban-co/dialogue/doi-thoai-hem-45.md",
        "held: 2026-10-16",
        "held: 2026-10-17",
    );
    repo.rebuild("date of a dialogue on a timeline");
    // The earliest record moves to a later year: the register's first
    // quarters and that year's reports are no longer made.
    repo.edit(
        "content/ban-co/procedure/khai-sinh.yaml",
        "published: 2025-07-01",
        "published: 2026-01-05",
    );
    repo.rebuild("earliest disclosure moved to 2026");
    assert!(!repo
        .session
        .outputs()
        .contains_key(Path::new("ban-co/so-cong-khai/2025-q3.html")));
    assert!(repo
        .session
        .outputs()
        .contains_key(Path::new("ban-co/so-cong-khai/2026-q1.csv")));
    repo.edit(
        "content/ban-co/procedure/khai-sinh.yaml",
        "published: 2026-01-05",
        "published: 2025-07-01",
    );
    repo.rebuild("earliest disclosure back in 2025");
    // A whole kind folder that goes away (with it the ward's 2025
    // disclosures: the 2025 quarters and reports go too).
    std::fs::remove_dir_all(repo.path("content/ban-co/procedure")).expect("remove");
    let folder = repo.path("content/ban-co/procedure");
    repo.session.changed(&folder);
    repo.rebuild("kind folder removed");

    // A record moved to another id.
    let text =
        std::fs::read_to_string(repo.path("content/ban-co/fund/hem-45-q3.md")).expect("read");
    repo.remove("content/ban-co/fund/hem-45-q3.md");
    repo.write("content/ban-co/fund/hem-45-quy-3.md", &text);
    repo.rebuild("record renamed");

    // The ward's profile is on every page.
    repo.edit("content/ban-co/ward.yaml", "address: ", "address: Số ");
    repo.rebuild("ward profile");

    // A theme override renders everything again.
    repo.write("themes/default/static/style.css", "body { color: black }\n");
    let done = repo.rebuild("theme override");
    assert!(done.full);
}

#[test]
fn a_broken_file_keeps_the_last_good_site_until_fixed() {
    let mut repo = Repo::new();
    let before = served(&repo.session);
    repo.edit(
        "content/ban-co/fund/hem-45-q3.md",
        "closing_balance: 2300000",
        "closing_balance: [",
    );
    let errors = repo
        .session
        .rebuild()
        .err()
        .expect("a broken file is an error");
    assert!(
        errors
            .iter()
            .any(|d| d.file.ends_with("hem-45-q3.md") && d.line > 1),
        "{errors:?}"
    );
    assert!(served(&repo.session) == before, "the last good pages stay");

    // Another record changes while the first is still broken, then the
    // broken one is fixed: both changes show.
    repo.edit(
        "content/ban-co/document/qd-125.md",
        "title: Quyết định",
        "title: Quyết định số",
    );
    assert!(repo.session.rebuild().is_err());
    repo.edit(
        "content/ban-co/fund/hem-45-q3.md",
        "closing_balance: [",
        "closing_balance: 2300000",
    );
    let done = repo.rebuild("fixed");
    assert!(!done.full);
    assert!(done
        .changed
        .iter()
        .any(|(p, _)| p == Path::new("ban-co/document/qd-125.html")));
}

#[test]
fn a_theme_showing_other_records_data_is_followed() {
    // Every page of the ward shows how many of its records are posted now:
    // what a record page shows then depends on every other record.
    let base = include_str!("../themes/default/templates/base.html");
    let base = base.replace(
        "<main id=\"main\" class=\"wrap\">",
        "<main id=\"main\" class=\"wrap\">{% if ward is defined %}<p class=\"posted\">{{ ward.posted }}</p>{% endif %}",
    );
    assert!(base.contains("class=\"posted\""));
    let mut repo = Repo::with_theme_file("templates/base.html", &base);
    let plan = Path::new("ban-co/plan/ke-hoach-dan-chu-2026.html");
    let before = repo.session.outputs()[plan].clone();
    // A dialogue whose posting had ended is posted again: one more posted.
    repo.edit(
        "content/ban-co/dialogue/doi-thoai-hem-45.md",
        "posted_until: 2026-11-20",
        "posted_until: 2026-12-20",
    );
    let done = repo.rebuild("posting period of a dialogue");
    assert!(!done.full);
    // The plan's page does not show the dialogue, only the count.
    let after = &repo.session.outputs()[plan];
    assert!(
        content(&before) != content(after),
        "the plan's page was not updated"
    );
    // With the default theme the same edit renders far fewer pages.
    let mut plain = Repo::new();
    plain.edit(
        "content/ban-co/dialogue/doi-thoai-hem-45.md",
        "posted_until: 2026-11-20",
        "posted_until: 2026-12-20",
    );
    let fewer = plain.rebuild("posting period of a dialogue, default theme");
    assert!(
        fewer.rendered < done.rendered,
        "{} pages with the count, {} without",
        done.rendered,
        fewer.rendered
    );
}

/// The data files a record page links to (`<p class="data-download">`),
/// as paths of the site.
fn data_links(page_path: &Path, html: &str) -> Vec<PathBuf> {
    let Some(start) = html.find("<p class=\"data-download\">") else {
        return Vec::new();
    };
    let end = html[start..].find("</p>").map_or(html.len(), |e| start + e);
    let dir = page_path
        .parent()
        .expect("record pages are in a kind folder");
    html[start..end]
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|href| dir.join(href))
        .collect()
}

#[test]
fn the_data_files_a_record_page_links_are_served_and_follow_edits() {
    let mut repo = Repo::new();
    let served = |repo: &Repo, path: &Path| -> Option<String> {
        match repo.session.outputs().get(path).map(|o| &**o) {
            Some(Output::Bytes(_, b)) => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        }
    };
    let mut checked = 0;
    for (path, out) in repo.session.outputs() {
        let Output::Bytes(_, bytes) = &**out else {
            continue;
        };
        let html = String::from_utf8_lossy(bytes);
        for link in data_links(path, &html) {
            assert!(
                repo.session.outputs().contains_key(&link),
                "{} links {}, which is not served",
                path.display(),
                link.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 5, "only {checked} data links");

    let json = PathBuf::from("ban-co/fund/hem-45-q3.json");
    assert!(served(&repo, &json).is_some_and(|j| j.contains("Quỹ nâng cấp hẻm 45")));
    repo.edit(
        "content/ban-co/fund/hem-45-q3.md",
        "title: Quỹ nâng cấp hẻm 45",
        "title: Quỹ mở rộng hẻm 45",
    );
    repo.rebuild("title of a fund");
    let after = served(&repo, &json).expect("the record's JSON is still served");
    assert!(after.contains("Quỹ mở rộng hẻm 45"), "{after}");

    // A removed record's data files go with its page.
    repo.remove("content/ban-co/fund/hem-45-q3.md");
    repo.rebuild("a fund removed");
    assert!(served(&repo, &json).is_none());
}

/// A copy of the fixture whose long lists have one row a page.
fn fixture_one_row_a_page() -> tempfile::TempDir {
    let dir = copy_fixture();
    let config = dir.path().join("congkhai.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("\n[pages]\nrows = 1\n");
    std::fs::write(&config, text).expect("write config");
    dir
}

#[test]
fn pages_of_lists_that_shrink_are_gone_after_an_edit() {
    // One row a page: the tracker, the kind lists and the register are split
    // into as many pages as they have rows, so removing a record drops a page.
    let dir = fixture_one_row_a_page();
    let mut repo = Repo::from(dir);
    let before = repo.session.outputs().len();
    let paged = |repo: &Repo, folder: &str| {
        repo.session
            .outputs()
            .keys()
            .filter(|p| p.starts_with(folder))
            .count()
    };
    let lists = paged(&repo, "ban-co/inspection/danh-sach");
    let tracker = paged(&repo, "ban-co/cam-ket");
    assert!(lists > 0 && tracker > 0, "{lists} {tracker}");

    // A kind list of two records loses its second page.
    repo.remove("content/ban-co/inspection/tin-nhiem.md");
    repo.rebuild("an inspection removed");
    assert_eq!(paged(&repo, "ban-co/inspection/danh-sach"), lists - 1);

    // The tracker loses the pages of the dialogue's only commitment.
    repo.edit(
        "content/ban-co/dialogue/doi-thoai-hem-45.md",
        "    commitment: Rà soát lại đơn giá\n    responsible: Phòng Kinh tế\n    deadline: 2026-11-01\n    status: open\n",
        "    status: answered\n",
    );
    repo.rebuild("a commitment taken out");
    assert!(paged(&repo, "ban-co/cam-ket") < tracker);
    assert!(repo.session.outputs().len() < before);
}

#[test]
fn an_attachment_taken_off_a_record_is_gone_after_a_quick_rebuild() {
    let mut repo = Repo::new();
    let record = "content/ban-co/fund/hem-45-q3.md";
    repo.write("content/ban-co/fund/files/bien-ban.txt", "Biên bản họp.\n");
    repo.edit(
        record,
        "source: contribution",
        "attachments:\n  - path: files/bien-ban.txt\n    title: Biên bản họp hộ dân\nsource: contribution",
    );
    repo.rebuild("attachment added");
    let folder = Path::new("ban-co/files/hem-45-q3");
    let attached: Vec<PathBuf> = repo
        .session
        .outputs()
        .keys()
        .filter(|p| p.starts_with(folder))
        .cloned()
        .collect();
    assert_eq!(attached.len(), 1, "{attached:?}");

    // Taken off again: the record alone changed, so the quick path renders
    // its page; the file it no longer makes goes with it (the record's new
    // version no longer names it).
    repo.edit(
        record,
        "attachments:\n  - path: files/bien-ban.txt\n    title: Biên bản họp hộ dân\n",
        "",
    );
    let quick = repo
        .quick("attachment taken off")
        .expect("an attachment taken off takes the quick path");
    assert!(
        attached.iter().all(|p| quick.removed.contains(p)),
        "{:?}",
        quick.removed
    );
    repo.rebuild("attachment taken off");
    assert!(!repo.session.outputs().keys().any(|p| p.starts_with(folder)));
}

#[test]
fn a_partial_render_removes_nothing_of_another_ward_or_record() {
    // Two wards, one row a page: removing a record of one drops pages of
    // its lists, and nothing of the other ward or of the other records.
    let dir = fixture_one_row_a_page();
    let folder = dir.path().join("content");
    copy_dir(&folder.join("ban-co"), &folder.join("phuong-a"));
    let profile = folder.join("phuong-a/ward.yaml");
    let text = std::fs::read_to_string(&profile).expect("profile");
    assert!(text.contains("27154") && text.contains("name: Phường Bàn Cờ"));
    let text = text.replacen("27154", "25747", 1).replacen(
        "name: Phường Bàn Cờ",
        "name: Phường Thủ Dầu Một",
        1,
    );
    std::fs::write(&profile, text).expect("write profile");
    let mut repo = Repo::from(dir);
    let files_of = |repo: &Repo, prefix: &str| -> Vec<(PathBuf, Content)> {
        let mut files: Vec<(PathBuf, Content)> = repo
            .session
            .outputs()
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(p, o)| (p.clone(), content(o)))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    };
    let other = files_of(&repo, "phuong-a");
    let record = |repo: &Repo, id: &str| {
        files_of(repo, "ban-co")
            .into_iter()
            .filter(|(p, _)| p.to_string_lossy().contains(id))
            .collect::<Vec<_>>()
    };
    let kept = record(&repo, "ket-luan");
    assert!(!kept.is_empty());

    repo.remove("content/ban-co/inspection/tin-nhiem.md");
    let done = repo.rebuild("an inspection removed in one ward");
    assert!(!done.full);
    assert!(
        done.removed
            .iter()
            .any(|p| p.starts_with("ban-co/inspection/danh-sach")),
        "{:?}",
        done.removed
    );
    assert!(
        done.removed.iter().all(|p| p.starts_with("ban-co")),
        "{:?}",
        done.removed
    );
    assert!(
        files_of(&repo, "phuong-a") == other,
        "the other ward changed"
    );
    assert!(
        record(&repo, "ket-luan") == kept,
        "the other inspection's files changed"
    );

    // The quick path, in the other ward: the first ward stays as it is.
    let first = files_of(&repo, "ban-co");
    repo.edit(
        "content/phuong-a/fund/hem-45-q3.md",
        "title: Quỹ nâng cấp hẻm 45",
        "title: Quỹ mở rộng hẻm 45",
    );
    let quick = repo
        .quick("title of a fund in the other ward")
        .expect("a title edit takes the quick path");
    assert!(quick.removed.iter().all(|p| p.starts_with("phuong-a")));
    repo.rebuild("title of a fund in the other ward");
    assert!(files_of(&repo, "ban-co") == first, "the first ward changed");
}
