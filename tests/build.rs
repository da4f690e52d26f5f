//! Integration tests: run the binary on the fixture and the sample repository
//! and check the pages that result.

mod common;
use common::{copy_dir, tree};
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-22";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_congkhai"))
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
}

fn build(root: &Path, out: &Path) -> std::process::Output {
    common::build_ok(root, out, TODAY, &[])
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Values of `attr="…"` in an HTML page.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let start = i + needle.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

/// Checks that every internal link and asset of every page resolves to a
/// file, and that nothing is loaded from outside the site.
fn assert_links_resolve(out: &Path) {
    let files = tree(out);
    let mut checked = 0;
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
        for src in attr_values(&html, "src") {
            assert!(!src.contains("//"), "{rel}: outside resource {src}");
        }
        for href in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if href.starts_with('#') || href.starts_with("mailto:") || href.starts_with("tel:") {
                continue;
            }
            assert!(
                !href.starts_with("http") && !href.starts_with("//"),
                "{rel}: outside link {href}"
            );
            let target = href.split(['#', '?']).next().unwrap();
            assert!(
                target.ends_with(".html") || target.contains('.'),
                "{rel}: link {href} does not name a file"
            );
            let mut path = dir.to_path_buf();
            for part in target.split('/') {
                match part {
                    ".." => assert!(path.pop(), "{rel}: {href} leaves the site"),
                    "." | "" => {}
                    p => path.push(p),
                }
            }
            let key = path.to_string_lossy().replace('\\', "/");
            assert!(
                files.contains_key(&key),
                "{rel}: broken link {href} → {key}"
            );
            checked += 1;
        }
        for tag in ["<link ", "<script "] {
            for (i, _) in html.match_indices(tag) {
                let end = html[i..].find('>').unwrap() + i;
                assert!(
                    !html[i..end].contains("http"),
                    "{rel}: outside asset in {}",
                    &html[i..end]
                );
            }
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn fixture_builds_into_portal_and_ward_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&fixture(), &out);
    let portal = page(&out, "index.html");
    assert!(portal.contains("href=\"ban-co/index.html\""));
    assert!(
        portal.contains("Phường 1") && portal.contains("Phường 2"),
        "former units listed"
    );
    assert!(portal.find("Phường 1").unwrap() < portal.find("Phường 2").unwrap());
    let home = page(&out, "ban-co/index.html");
    assert!(home.contains("Đang niêm yết"));
    for kind in ["plan", "land", "fund", "dialogue", "document", "procedure"] {
        assert!(
            home.contains(&format!("href=\"{kind}/index.html\"")),
            "section {kind}"
        );
        assert!(out.join("ban-co").join(kind).join("index.html").is_file());
    }
    assert!(
        out.join("ban-co/assets/style.css").is_file(),
        "ward folder is self-contained"
    );
    assert_links_resolve(&out);
}

#[test]
fn record_pages_show_their_data_as_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&fixture(), &out);

    let fund = page(&out, "ban-co/fund/hem-45-q3.html");
    assert!(fund.contains("1.000.000 đ"), "opening balance");
    assert!(fund.contains("2.500.000 đ"), "total receipts");
    assert!(fund.contains("1.200.000 đ"), "total expenses");
    assert!(fund.contains("2.300.000 đ"), "closing balance");
    assert!(fund.contains("24/30"), "households agreeing");
    assert!(fund.contains("N.V.A."), "donor masked");
    assert!(
        fund.contains("Công ty TNHH Ánh Dương"),
        "organisations are not masked"
    );

    let land = page(&out, "ban-co/land/bt-hem-45.html");
    assert!(land.contains("<th scope=\"col\">Thửa số</th>"));
    assert!(land.contains("1.750.000 đ"), "parcel total");
    assert!(
        land.contains("3.050.000 đ"),
        "sum of totals (YAML + CSV parcels)"
    );
    assert!(land.contains("38,5 m²"), "area total");
    assert!(land.contains("T.T.B."), "CSV holder masked");
    assert!(
        land.contains("href=\"../dialogue/doi-thoai-hem-45.html\""),
        "dialogue linked"
    );
    assert!(
        land.contains("1/10/2026") && land.contains("31/10/2026"),
        "posting period"
    );

    let plan = page(&out, "ban-co/plan/ke-hoach-dan-chu-2026.html");
    assert!(plan.contains("Văn phòng HĐND và UBND"), "lead unit");
    assert!(plan.contains("Quý II/2026"), "quarter deadline");
    assert!(
        plan.contains("class=\"is-overdue\""),
        "task past its quarter is overdue"
    );
    assert!(plan.contains("40%"));
    assert!(
        plan.contains("Hạn góp ý kiến") && plan.contains("10/4/2026"),
        "consultation period"
    );
    assert!(
        plan.contains("href=\"../document/luat-10-2022.html\""),
        "legal basis links to the shared law"
    );
    assert!(plan.contains("class=\"footnotes\""));

    let dialogue = page(&out, "ban-co/dialogue/doi-thoai-hem-45.html");
    assert!(dialogue.contains("Quá hạn"), "commitment past its deadline");
    assert!(dialogue.contains("L.V.C."), "asker masked");
    assert!(dialogue.contains("Ẩn danh"), "anonymous by default");

    let doc = page(&out, "ban-co/document/qd-125.html");
    assert!(
        doc.contains("125/QĐ-UBND") && doc.contains("Trần Văn Bình") && doc.contains("2/2/2026")
    );
    let law = page(&out, "ban-co/document/luat-10-2022.html");
    assert!(law.contains("Được dẫn chiếu bởi"), "backlinks");
    assert!(law.contains("href=\"../document/qd-125.html\""));

    let proc = page(&out, "ban-co/procedure/khai-sinh.html");
    assert!(
        proc.contains("Nộp hồ sơ")
            && proc.contains("Ngay trong ngày")
            && proc.contains("Không thu phí")
    );

    // Full names never leave the model when masked.
    for (rel, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for name in [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "Lê Văn Cường",
            "Đỗ Văn Dũng",
        ] {
            assert!(!text.contains(name), "{rel} leaks {name}");
        }
    }
}

#[test]
fn inspection_consultation_and_fee_pages_show_their_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&fixture(), &out);

    let vote = page(&out, "ban-co/inspection/tin-nhiem.html");
    // 16, 6 and 2 of 25 members; office holders are named with their office.
    for text in [
        "Nguyễn Minh Tâm",
        "Chủ tịch UBND phường",
        "16 (64,0%)",
        "6 (24,0%)",
        "2 (8,0%)",
        "<th scope=\"col\" class=\"num\">Tín nhiệm cao</th>",
        "<caption>",
    ] {
        assert!(vote.contains(text), "vote page lacks {text}");
    }
    let inspection = page(&out, "ban-co/inspection/ket-luan.html");
    assert!(
        inspection.contains("Đ.V.D."),
        "the person handled is masked"
    );
    assert!(inspection.contains("3.000.000 đ"), "recovery total");
    assert!(inspection.contains("Đã thực hiện"), "follow-up status");
    assert!(
        inspection.contains("<tr class=\"is-overdue\">") && inspection.contains("Quá hạn"),
        "a recommendation past its deadline and not done is overdue"
    );
    let list = page(&out, "ban-co/inspection/index.html");
    assert!(list.contains("1/2"), "recommendations done of made");

    let consultation = page(&out, "ban-co/consultation/hem-12.html");
    for text in [
        "Khoản 5 Điều 25",
        "<td class=\"num\">120</td>",
        "Không tiếp thu",
        "301/QĐ-UBND",
    ] {
        assert!(
            consultation.contains(text),
            "consultation page lacks {text}"
        );
    }
    let fee = page(&out, "ban-co/fee/bieu-phi.html");
    for text in ["10.000 đ", "226/2016/TT-BTC", "trường hợp", "Phí"] {
        assert!(fee.contains(text), "fee page lacks {text}");
    }
    // Each kind has its section on the ward's home page and its CSV tables.
    let home = page(&out, "ban-co/index.html");
    for kind in ["inspection", "consultation", "fee"] {
        assert!(
            home.contains(&format!("href=\"{kind}/index.html\"")),
            "{kind}"
        );
    }
    for file in [
        "ban-co/inspection/tin-nhiem.vote.holders.csv",
        "ban-co/consultation/hem-12.opinions.csv",
        "ban-co/fee/bieu-phi.fees.csv",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
}

#[test]
fn builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build(&fixture(), &a);
    build(&fixture(), &b);
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn today_comes_from_source_date_epoch() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    // 2026-06-01T00:00:00Z: the compensation plan is not published yet.
    let status = bin()
        .args(["build", "--root"])
        .arg(fixture())
        .arg("--out")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1780272000")
        .status()
        .unwrap();
    assert!(status.success());
    assert!(!out.join("ban-co/land/bt-hem-45.html").exists());
    assert!(page(&out, "ban-co/index.html").contains("1/6/2026"));
}

#[test]
fn a_ward_copied_alone_needs_nothing_outside_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&fixture(), &out);
    let ward = tree(&out.join("ban-co"));
    for (rel, bytes) in &ward {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let depth = rel.matches('/').count();
        let escape = "../".repeat(depth + 1);
        for attr in ["src", "href"] {
            for v in attr_values(&html, attr) {
                // Only the portal link in the header may leave the ward folder.
                if v.starts_with(&escape) {
                    assert_eq!(v, format!("{escape}index.html"), "{rel}: {v}");
                }
            }
        }
    }
}

#[test]
fn sample_repository_builds_and_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(root, &out);
    let files = tree(&out);
    let records = files
        .keys()
        .filter(|k| {
            k.matches('/').count() == 2 && !k.ends_with("index.html") && k.ends_with(".html")
        })
        .count();
    assert!(records >= 40, "sample has {records} record pages");
    for ward in ["ban-co", "xuan-hoa", "nhieu-loc"] {
        assert!(files.contains_key(&format!("{ward}/index.html")), "{ward}");
    }
    assert_links_resolve(&out);
}

#[test]
fn check_writes_nothing_and_new_writes_a_skeleton() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("repo");
    copy_dir(&fixture(), &root);
    let st = bin()
        .args(["check", "--today", TODAY, "--root"])
        .arg(&root)
        .status()
        .unwrap();
    assert!(st.success());
    assert!(!root.join("public").exists(), "check wrote nothing");
    // 29 May 2026 in Vietnam: the record goes in the folder of its year.
    let new = |kind: &str, title: &str| {
        bin()
            .args(["new", kind, "--ward", "ban-co", "--root"])
            .arg(&root)
            .arg(title)
            .env("SOURCE_DATE_EPOCH", "1780000000")
            .output()
            .unwrap()
    };
    let out = new("fund", "Quỹ vì người nghèo năm 2026");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = root.join("content/ban-co/fund/2026/quy-vi-nguoi-ngheo-nam-2026.md");
    assert_eq!(
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()),
        path
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("# Số dư cuối kỳ"),
        "fields carry Vietnamese comments"
    );
    assert!(text.contains("published: 2026-05-29"), "{text}");
    let again = new("fund", "Quỹ vì người nghèo năm 2026");
    assert!(!again.status.success(), "refuses to overwrite");
    // An id another record of the kind has, in the kind folder itself or
    // another year's, is refused too: it would be the same page.
    let refused = new("fund", "Hẻm 45 Q3");
    assert!(
        !refused.status.success(),
        "the id of ban-co/fund/hem-45-q3.md"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("hem-45-q3.md"));
    // The page's address is the one a record in the kind folder has.
    let site = tmp.path().join("site");
    let built = bin()
        .args(["build", "--today", "2026-12-31", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(site
        .join("ban-co/fund/quy-vi-nguoi-ngheo-nam-2026.html")
        .is_file());
    assert!(!site.join("ban-co/fund/2026").exists());
}

#[test]
fn notes_are_counted_and_shown_on_request() {
    let quiet = bin()
        .args(["check", "--today", TODAY, "--root"])
        .arg(fixture())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&quiet.stderr);
    assert!(quiet.status.success());
    assert!(!text.contains("N0313"), "{text}");
    assert!(text.contains("1 ghi chú (xem bằng --notes)"), "{text}");
    let shown = bin()
        .args(["check", "--notes", "--today", TODAY, "--root"])
        .arg(fixture())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&shown.stderr);
    assert!(
        text.contains("N0313") && text.contains("59/2023/NĐ-CP"),
        "{text}"
    );
}

#[test]
fn new_refuses_a_ward_that_is_not_a_folder_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("repo");
    copy_dir(&fixture(), &root);
    for ward in ["../../x", "../ban-co", "/tmp/x", "ban-co/../../x", "Ban Co"] {
        let out = bin()
            .args(["new", "plan", "--ward", ward, "--root"])
            .arg(&root)
            .arg("Kế hoạch thoát ra ngoài")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--ward {ward}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("không phải tên thư mục phường"), "{err}");
    }
    let written: Vec<_> = walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("ke-hoach-thoat")
        })
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn new_writes_titles_with_quotes_and_backslashes_that_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("repo");
    copy_dir(&fixture(), &root);
    let title = r#"Quỹ "hẻm 45" C:\duong \" cuối \"#;
    let out = bin()
        .args(["new", "fund", "--ward", "ban-co", "--root"])
        .arg(&root)
        .arg(title)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(
        path.starts_with(root.join("content/ban-co/fund")),
        "{path:?}"
    );
    let site = tmp.path().join("site");
    let built = bin()
        .args(["build", "--today", "2026-12-31", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    // The page is in its kind's folder, whatever year folder holds the file.
    let stem = path.file_stem().unwrap().to_string_lossy();
    let page = page(&site, &format!("ban-co/fund/{stem}.html"));
    assert!(
        page.contains(r"<title>Quỹ &quot;hẻm 45&quot; C:\duong \&quot; cuối \ – "),
        "{}",
        page.lines().find(|l| l.contains("<title>")).unwrap_or("")
    );
}
