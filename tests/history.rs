//! History from git: a repository made in a temporary folder with dated
//! commits; the pages show when each record was first published and last
//! changed, and what changed in its figures; a shallow clone warns; a
//! repository outside git builds without history.

mod common;
use common::{git, tree};

use congkhai::build::BuildReport;
use congkhai::date::Date;
use std::path::Path;
use std::process::Command;

fn build_site(root: &Path, out: &Path) -> BuildReport {
    common::build_site(root, out, "2026-11-22")
}

const FUND: &str = "content/ban-co/fund/hem-45-q3.md";

/// The fixture in git: first committed on 5 October, its fund's expense
/// corrected on 20 October.
fn repository() -> tempfile::TempDir {
    let dir = common::copy_fixture();
    let root = dir.path();
    git(root, &["init", "-q"], "2026-10-05T09:00:00+07:00");
    git(root, &["add", "-A"], "2026-10-05T09:00:00+07:00");
    git(
        root,
        &["commit", "-q", "-m", "Đăng hồ sơ quý III"],
        "2026-10-05T09:00:00+07:00",
    );
    let path = root.join(FUND);
    let text = std::fs::read_to_string(&path).expect("fund");
    let text = text
        .replace("amount: 1200000", "amount: 1000000")
        .replace("closing_balance: 2300000", "closing_balance: 2500000");
    std::fs::write(&path, text).expect("write");
    git(root, &["add", "-A"], "2026-10-20T15:30:00+07:00");
    git(
        root,
        &["commit", "-q", "-m", "Sửa số chi mua xi măng"],
        "2026-10-20T15:30:00+07:00",
    );
    dir
}

#[test]
fn record_pages_show_first_published_last_changed_and_field_changes() {
    let repo = repository();
    let out = tempfile::tempdir().expect("tempdir");
    let report = build_site(repo.path(), &out.path().join("site"));
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code.starts_with("N003") || d.code.starts_with("W003")),
        "{:?}",
        report.diagnostics
    );
    let page = common::site_text(&out.path().join("site"), "ban-co/fund/hem-45-q3.html");
    let history = &page[page.find("id=\"history-title\"").expect("history section")..];
    let first = history.find("2026-10-05").expect("first published");
    let last = history.find("2026-10-20").expect("last changed");
    assert!(
        first < last,
        "first published is listed before last changed"
    );
    assert!(
        history.contains("Số dư cuối kỳ: 2.300.000 đ → 2.500.000 đ"),
        "{history}"
    );
    assert!(history.contains("Tổng chi: 1.200.000 đ → 1.000.000 đ"));
    assert!(history.contains("Sửa số chi mua xi măng"));
    assert!(history.contains("Đính chính số tiền"));
    // A record never changed: published and last changed are the same commit.
    let doc = common::site_text(&out.path().join("site"), "ban-co/document/qd-125.html");
    assert!(doc.contains("id=\"history-title\""));
    assert!(!doc.contains("2026-10-20"));
    assert!(!doc.contains("Đính chính số tiền"));
    // The ward's recent changes list the correction first.
    let recent = common::site_text(&out.path().join("site"), "ban-co/thay-doi.html");
    let rows = &recent[recent.find("<tbody>").expect("table")..];
    let fund = rows
        .find("href=\"fund/hem-45-q3.html\"")
        .expect("fund listed");
    let plan = rows.find("href=\"plan/").expect("plan listed");
    assert!(fund < plan, "newest first");
    assert!(recent.contains("Đính chính số tiền"));
    // Dates come from the commits: a second build gives the same bytes.
    let again = tempfile::tempdir().expect("tempdir");
    build_site(repo.path(), &again.path().join("site"));
    let page2 = common::site_text(&again.path().join("site"), "ban-co/fund/hem-45-q3.html");
    assert_eq!(page, page2);
}

#[test]
fn a_shallow_clone_warns_and_says_how_to_fetch_the_history() {
    let repo = repository();
    let clone = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", repo.path().display());
    let target = clone.path().join("kho");
    let target_s = target.to_string_lossy().to_string();
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, &target_s],
        "2026-11-01T00:00:00+07:00",
    );
    let out = tempfile::tempdir().expect("tempdir");
    let report = build_site(&target, &out.path().join("site"));
    let warning = report
        .diagnostics
        .iter()
        .find(|d| d.code == "W0030")
        .expect("shallow clone warned");
    let help = format!("{:?}", warning);
    assert!(help.contains("fetch-depth: 0"), "{help}");
    let page = common::site_text(&out.path().join("site"), "ban-co/fund/hem-45-q3.html");
    assert!(page.contains("2026-10-20"));
}

#[test]
fn outside_git_it_builds_without_history_and_says_so_once() {
    let repo = common::copy_fixture();
    let out = tempfile::tempdir().expect("tempdir");
    let report = build_site(repo.path(), &out.path().join("site"));
    let notes: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "N0030")
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", report.diagnostics);
    let page = common::site_text(&out.path().join("site"), "ban-co/fund/hem-45-q3.html");
    assert!(!page.contains("id=\"history-title\""));
    let recent = common::site_text(&out.path().join("site"), "ban-co/thay-doi.html");
    assert!(recent.contains("không có lịch sử git"));
}

#[test]
fn an_uncommitted_edit_does_not_change_the_last_commits_diff() {
    let repo = repository();
    let path = repo.path().join(FUND);
    let text = std::fs::read_to_string(&path).expect("fund");
    let text = text
        .replace("amount: 1000000", "amount: 800000")
        .replace("closing_balance: 2500000", "closing_balance: 2700000");
    std::fs::write(&path, text).expect("write");
    let out = tempfile::tempdir().expect("tempdir");
    build_site(repo.path(), &out.path().join("site"));
    let page = common::site_text(&out.path().join("site"), "ban-co/fund/hem-45-q3.html");
    assert!(
        page.contains("Số dư cuối kỳ: 2.300.000 đ → 2.500.000 đ"),
        "{page}"
    );
    assert!(!page.contains("→ 2.700.000 đ"));
}

#[test]
fn serve_shows_the_history_a_build_shows_and_keeps_it_after_an_edit() {
    let repo = repository();
    let out = tempfile::tempdir().expect("tempdir");
    build_site(repo.path(), &out.path().join("site"));
    let built = std::fs::read(out.path().join("site/ban-co/fund/hem-45-q3.html")).expect("page");
    let today = Date::parse("2026-11-22").expect("date");
    let mut session = congkhai::build::Session::new(repo.path(), Some(today)).expect("session");
    session
        .rebuild()
        .map_err(|d| format!("{d:?}"))
        .expect("first build");
    let served = |session: &congkhai::build::Session, path: &str| -> String {
        match session.outputs().get(Path::new(path)).map(|o| &**o) {
            Some(congkhai::render::Output::Bytes(_, b)) => String::from_utf8_lossy(b).into_owned(),
            _ => panic!("{path} not served"),
        }
    };
    let page = served(&session, "ban-co/fund/hem-45-q3.html");
    assert_eq!(
        page.as_bytes(),
        &built[..],
        "serve shows the page build writes"
    );
    assert!(page.contains("Số dư cuối kỳ: 2.300.000 đ → 2.500.000 đ"));
    let recent = served(&session, "ban-co/thay-doi.html");
    assert!(recent.contains("Đính chính số tiền"));
    // An edit renders the page again, with its history.
    let path = repo.path().join(FUND);
    let text = std::fs::read_to_string(&path).expect("fund");
    std::fs::write(
        &path,
        text.replace("Báo cáo thu chi.", "Báo cáo thu chi quý III."),
    )
    .expect("write");
    session.changed(&path);
    session
        .rebuild()
        .map_err(|d| format!("{d:?}"))
        .expect("rebuild");
    let page = served(&session, "ban-co/fund/hem-45-q3.html");
    assert!(page.contains("Báo cáo thu chi quý III."));
    assert!(page.contains("Số dư cuối kỳ: 2.300.000 đ → 2.500.000 đ"));
}

#[test]
fn a_corrected_record_shows_as_updated_in_the_feeds() {
    let repo = repository();
    let out = tempfile::tempdir().expect("tempdir");
    build_site(repo.path(), &out.path().join("site"));
    for feed in ["site/ban-co/feed.atom", "site/ban-co/fund/feed.atom"] {
        let xml = std::fs::read_to_string(out.path().join(feed)).expect("feed");
        roxmltree::Document::parse(&xml).expect("well-formed feed");
        let entry = |id: &str| {
            let at = xml.find(&format!(":{id}</id>")).expect("entry");
            let start = xml[..at].rfind("<entry>").expect("entry start");
            xml[start..at + xml[at..].find("</entry>").expect("end")].to_string()
        };
        // Corrected on 20 October: updated then, published unchanged.
        let fund = entry("hem-45-q3");
        assert!(
            fund.contains("<updated>2026-10-20T00:00:00+07:00</updated>"),
            "{fund}"
        );
        assert!(!fund.contains("<published>2026-10-20"), "{fund}");
        if feed == "site/ban-co/feed.atom" {
            // Only added, never changed: updated is its publication.
            let doc = entry("qd-125");
            let published = &doc[doc.find("<published>").expect("published") + 11..];
            let published = &published[..published.find('<').expect("end")];
            assert!(
                doc.contains(&format!("<updated>{published}</updated>")),
                "{doc}"
            );
        }
    }
}

fn build_with(root: &Path, out: &Path, cache: bool) -> BuildReport {
    congkhai::build::build(&congkhai::build::BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        wards: Vec::new(),
        today: Date::parse("2026-11-22").expect("date"),
        deny_warnings: false,
        force: false,
        cache,
    })
    .map_err(|d| format!("{d:?}"))
    .expect("builds")
}

/// The text of the kept log after its first line, and that line.
fn kept_log(out: &Path) -> (String, Vec<u8>) {
    let bytes = std::fs::read(out.join(".congkhai-cache/history.log")).expect("kept log");
    let end = bytes.iter().position(|&b| b == b'\n').expect("header");
    (
        String::from_utf8_lossy(&bytes[..end]).into_owned(),
        bytes[end + 1..].to_vec(),
    )
}

fn head(root: &Path) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .output()
        .expect("git rev-parse");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn edit_fund(root: &Path, from: &str, to: &str) {
    let path = root.join(FUND);
    let text = std::fs::read_to_string(&path).expect("fund");
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replace(from, to)).expect("write");
}

/// Commits a correction of the fund: its closing balance (2,500,000 đ)
/// and the entry of 1,000,000 đ become `(closing, amount)`.
fn correct_fund(root: &Path, (closing, amount): (&str, &str), message: &str, date: &str) {
    edit_fund(
        root,
        "closing_balance: 2500000",
        &format!("closing_balance: {closing}"),
    );
    edit_fund(root, "amount: 1000000", &format!("amount: {amount}"));
    git(root, &["commit", "-q", "-am", message], date);
}

#[test]
fn a_rebuild_reads_only_the_new_commits_and_equals_reading_the_whole_log() {
    let repo = repository();
    let root = repo.path();
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("site");
    build_with(root, &site, true);
    let (line, first) = kept_log(out.path());
    assert!(line.ends_with(&format!("\t{}\t", head(root))), "{line}");
    // Two more commits, in one line after the kept one.
    correct_fund(
        root,
        ("2600000", "900000"),
        "Sửa lần hai",
        "2026-11-02T08:00:00+07:00",
    );
    std::fs::write(root.join("ghi-chu.txt"), "ghi chú\n").expect("write");
    git(root, &["add", "-A"], "2026-11-03T08:00:00+07:00");
    git(
        root,
        &["commit", "-q", "-m", "Thêm ghi chú"],
        "2026-11-03T08:00:00+07:00",
    );
    build_with(root, &site, true);
    let (line, second) = kept_log(out.path());
    assert!(line.ends_with(&format!("\t{}\t", head(root))), "{line}");
    // The kept text is the new commits' log, then the old one.
    assert!(second.ends_with(&first) && second.len() > first.len());
    let page = common::site_text(&site, "ban-co/fund/hem-45-q3.html");
    assert!(page.contains("Sửa lần hai"));
    assert!(
        page.contains("Số dư cuối kỳ: 2.500.000 đ → 2.600.000 đ"),
        "{page}"
    );
    // The same site, and the same log, as a build that reads everything.
    let fresh = tempfile::tempdir().expect("tempdir");
    build_with(root, &fresh.path().join("site"), false);
    assert_eq!(kept_log(fresh.path()).1, second);
    assert!(tree(&site) == tree(&fresh.path().join("site")), "same site");

    // A rewritten history (the last two commits replaced by another): the
    // kept log is not an ancestor's, so the whole log is read again.
    git(
        root,
        &["reset", "-q", "--hard", "HEAD~2"],
        "2026-11-04T08:00:00+07:00",
    );
    correct_fund(
        root,
        ("2700000", "800000"),
        "Sửa lại, thay lần trước",
        "2026-11-04T08:00:00+07:00",
    );
    build_with(root, &site, true);
    let page = common::site_text(&site, "ban-co/fund/hem-45-q3.html");
    assert!(!page.contains("Sửa lần hai"));
    assert!(page.contains("Sửa lại, thay lần trước"));
    assert!(page.contains("Số dư cuối kỳ: 2.500.000 đ → 2.700.000 đ"));
    let again = tempfile::tempdir().expect("tempdir");
    build_with(root, &again.path().join("site"), false);
    assert_eq!(kept_log(again.path()).1, kept_log(out.path()).1);
    assert!(tree(&site) == tree(&again.path().join("site")), "same site");
}

#[test]
fn a_repository_in_a_subfolder_of_the_work_tree_has_its_history() {
    let top = tempfile::tempdir().expect("tempdir");
    let root = top.path().join("cong-khai");
    common::copy_dir(&common::fixture(), &root);
    git(top.path(), &["init", "-q"], "2026-10-05T09:00:00+07:00");
    git(top.path(), &["add", "-A"], "2026-10-05T09:00:00+07:00");
    git(
        top.path(),
        &["commit", "-q", "-m", "Đăng hồ sơ quý III"],
        "2026-10-05T09:00:00+07:00",
    );
    let out = tempfile::tempdir().expect("tempdir");
    build_with(&root, &out.path().join("site"), true);
    let page = std::fs::read_to_string(out.path().join("site/ban-co/fund/hem-45-q3.html"))
        .expect("fund page");
    let history = &page[page.find("id=\"history-title\"").expect("history section")..];
    assert!(history.contains("Đăng hồ sơ quý III"), "{history}");
    assert!(history.contains("2026-10-05"));
}

#[test]
fn a_renamed_record_keeps_the_history_of_its_old_name() {
    let repo = repository();
    let root = repo.path();
    git(
        root,
        &["mv", FUND, "content/ban-co/fund/hem-45-quy-3.md"],
        "2026-11-02T08:00:00+07:00",
    );
    git(
        root,
        &["commit", "-q", "-m", "Đổi tên tệp quỹ hẻm 45"],
        "2026-11-02T08:00:00+07:00",
    );
    let out = tempfile::tempdir().expect("tempdir");
    build_site(root, &out.path().join("site"));
    let page = common::site_text(&out.path().join("site"), "ban-co/fund/hem-45-quy-3.html");
    let history = &page[page.find("id=\"history-title\"").expect("history section")..];
    // The rename, the correction and the first commit, all on the page of
    // the file as it is named now.
    assert!(history.contains("Đổi tên tệp quỹ hẻm 45"), "{history}");
    assert!(history.contains("2026-10-05"), "{history}");
    assert!(history.contains("Sửa số chi mua xi măng"), "{history}");
    assert!(
        history.contains("Số dư cuối kỳ: 2.300.000 đ → 2.500.000 đ"),
        "{history}"
    );
    assert!(!out.path().join("site/ban-co/fund/hem-45-q3.html").exists());
}

/// The facts of older versions kept in the build cache's folder.
fn kept_facts(cache: &Path) -> String {
    std::fs::read_to_string(cache.join(".congkhai-cache/history.facts")).expect("kept facts")
}

/// Changes the kept facts, their sum made again (as if another build had
/// computed them so).
fn forge_kept_facts(cache: &Path, from: &str, to: &str) {
    use sha2::{Digest, Sha256};
    let path = cache.join(".congkhai-cache/history.facts");
    let text = std::fs::read_to_string(&path).expect("kept facts");
    assert!(text.contains(from), "{from} in {text}");
    let body = text.trim_end_matches('\n');
    let body = &body[..body.rfind('\n').expect("a sum line") + 1];
    let body = body.replace(from, to);
    let sum: String = Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(&path, format!("{body}sum\t{sum}\n")).expect("write");
}

const FUND_PAGE: &str = "ban-co/fund/hem-45-q3.html";

#[test]
fn older_facts_are_kept_by_blob_and_a_kept_build_gives_the_pages_of_a_fresh_one() {
    let repo = repository();
    let root = repo.path();
    let out = tempfile::tempdir().expect("tempdir");
    build_with(root, &out.path().join("site"), true);
    // The version before the correction, by its blob id.
    let blob = String::from_utf8(
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", &format!("HEAD~1:{FUND}")])
            .output()
            .expect("git rev-parse")
            .stdout,
    )
    .expect("utf-8");
    let kept = kept_facts(out.path());
    assert!(kept.starts_with("congkhai-facts 1\t"), "{kept}");
    let line = kept
        .lines()
        .find(|l| l.starts_with(blob.trim()))
        .expect("the older version kept");
    assert!(line.contains("Số dư cuối kỳ\t1\t2.300.000 đ"), "{line}");

    // A new commit: the build with the cache (the output folder gone, as in
    // a CI that keeps only `.congkhai-cache/`) gives the pages of a build
    // that reads everything.
    correct_fund(
        root,
        ("2600000", "900000"),
        "Sửa lần hai",
        "2026-11-02T08:00:00+07:00",
    );
    std::fs::remove_dir_all(out.path().join("site")).expect("remove the output");
    build_with(root, &out.path().join("site"), true);
    let page = common::site_text(&out.path().join("site"), FUND_PAGE);
    assert!(
        page.contains("Số dư cuối kỳ: 2.300.000 đ → 2.500.000 đ"),
        "{page}"
    );
    assert!(
        page.contains("Số dư cuối kỳ: 2.500.000 đ → 2.600.000 đ"),
        "{page}"
    );
    let fresh = tempfile::tempdir().expect("tempdir");
    build_with(root, &fresh.path().join("site"), false);
    assert!(
        tree(&out.path().join("site")) == tree(&fresh.path().join("site")),
        "same site"
    );
    // Both builds keep the same facts.
    assert_eq!(kept_facts(out.path()), kept_facts(fresh.path()));

    // The kept facts are what the page shows: a build with the cache takes
    // them (here forged) without reading the version from git…
    forge_kept_facts(out.path(), "2.300.000 đ", "9.999.000 đ");
    build_with(root, &out.path().join("other"), true);
    let page = common::site_text(&out.path().join("other"), FUND_PAGE);
    assert!(page.contains("9.999.000 đ → 2.500.000 đ"), "{page}");
    // …a `--no-cache` build does not trust them, and writes them anew…
    build_with(root, &out.path().join("third"), false);
    let page = common::site_text(&out.path().join("third"), FUND_PAGE);
    assert!(page.contains("2.300.000 đ → 2.500.000 đ"), "{page}");
    assert_eq!(kept_facts(out.path()), kept_facts(fresh.path()));
    // …and a change of the law's configuration makes them read again.
    forge_kept_facts(out.path(), "2.300.000 đ", "9.999.000 đ");
    std::fs::write(root.join("law.toml"), "# Căn cứ pháp lý riêng của phường\n").expect("law");
    build_with(root, &out.path().join("fourth"), true);
    let page = common::site_text(&out.path().join("fourth"), FUND_PAGE);
    assert!(page.contains("2.300.000 đ → 2.500.000 đ"), "{page}");
    assert!(!kept_facts(out.path()).contains("9.999.000 đ"));
}

#[test]
fn a_damaged_file_of_kept_facts_is_ignored_with_a_note_and_gives_the_same_pages() {
    let repo = repository();
    let root = repo.path();
    let out = tempfile::tempdir().expect("tempdir");
    build_with(root, &out.path().join("site"), true);
    let path = out.path().join(".congkhai-cache/history.facts");
    let good = kept_facts(out.path());
    let fresh = tempfile::tempdir().expect("tempdir");
    build_with(root, &fresh.path().join("site"), false);
    let expected = tree(&fresh.path().join("site"));
    let damaged = [
        good.as_bytes()[..good.len() - 9].to_vec(),
        good.replacen("congkhai-facts 1", "congkhai-facts 9", 1)
            .into_bytes(),
        b"\x00\xffkh\xf4ng ph\xe1i".to_vec(),
        good.replace("\t1\t", "\tx\t").into_bytes(),
    ];
    for (i, bytes) in damaged.iter().enumerate() {
        std::fs::write(&path, bytes).expect("write");
        let site = out.path().join(format!("site-{i}"));
        let report = build_with(root, &site, true);
        let got = tree(&site);
        let differ: Vec<_> = got
            .iter()
            .filter(|(p, b)| expected.get(*p) != Some(*b))
            .map(|(p, _)| p.clone())
            .collect();
        assert!(got == expected, "same site with damage {i}: {differ:?}");
        let notes: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "N0031")
            .collect();
        assert_eq!(notes.len(), 1, "one note for damage {i}");
        // The file is written anew: the next build has nothing to say.
        assert_eq!(kept_facts(out.path()), good);
        let report = build_with(root, &out.path().join(format!("again-{i}")), true);
        assert!(report.diagnostics.iter().all(|d| d.code != "N0031"));
    }
}

#[test]
fn kept_facts_of_a_land_project_are_read_again_when_its_table_changes() {
    let repo = repository();
    let root = repo.path();
    let land = root.join("content/ban-co/land/bt-hem-45.md");
    let text = std::fs::read_to_string(&land).expect("land");
    std::fs::write(
        &land,
        text.replace("mở rộng hẻm 45", "mở rộng hẻm 45 (sửa)"),
    )
    .expect("write");
    git(
        root,
        &["commit", "-q", "-am", "Sửa tên phương án"],
        "2026-10-25T08:00:00+07:00",
    );
    let out = tempfile::tempdir().expect("tempdir");
    build_with(root, &out.path().join("site"), true);
    assert!(kept_facts(out.path())
        .contains("\tland\tcontent/ban-co/land/bt-hem-45.md\t\t1\t1\tthua.csv\t"));
    // The table changes (not committed): the older version's totals are
    // computed with it, as a build that reads everything computes them.
    let csv = root.join("content/ban-co/land/thua.csv");
    let table = std::fs::read_to_string(&csv).expect("csv");
    std::fs::write(
        &csv,
        table.replace("1200000,0,100000,0,1300000", "1500000,0,100000,0,1600000"),
    )
    .expect("write");
    build_with(root, &out.path().join("kept"), true);
    let fresh = tempfile::tempdir().expect("tempdir");
    build_with(root, &fresh.path().join("site"), false);
    assert!(
        tree(&out.path().join("kept")) == tree(&fresh.path().join("site")),
        "same site"
    );
}
