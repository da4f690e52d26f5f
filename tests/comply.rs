//! The supervisor's pages on a fixture with known answers
//! (`tests/fixtures/comply`): a ward that never disclosed items 6 and 9, one
//! late disclosure (item 3), a fund whose Q3 report came on the 16th day, a
//! posting without its office period (item 10), a broadcast without its last
//! day (item 8), a year without a dialogue conference (2025), commitments
//! and tasks on both sides of `--today`. Each verdict of the compliance page,
//! every row of the register's CSV (against hand-written files), the
//! tracker's counts and order, and the report's numbers are asserted.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-22";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Builds the fixture into a temporary folder; returns it and the output.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    common::build_ok(&root().join("comply"), &out, TODAY, &[]);
    (dir, out)
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of an element from `start` (e.g. `<tr id="khoan-3">`) to the
/// next `end`, tags dropped and whitespace collapsed.
fn part(html: &str, start: &str, end: &str) -> String {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in page"));
    let rest = &html[from..];
    let to = rest.find(end).map_or(rest.len(), |i| i + end.len());
    text(&rest[..to])
}

fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_compliance_page_gives_each_verdict_with_its_rule() {
    let (_dir, out) = built();
    let page = read(&out, "ban-co/tuan-thu.html");
    let row = |n: u8| part(&page, &format!("<tr id=\"khoan-{n}\">"), "</tr>");
    assert!(
        text(&page).contains("12/14 nội dung có công khai, 2 nội dung có công khai trễ hạn"),
        "{}",
        text(&page)
    );
    for n in [6, 9] {
        assert!(
            row(n).contains("Chưa có nội dung nào được công khai"),
            "{}",
            row(n)
        );
    }
    for n in [1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 14] {
        assert!(
            !row(n).contains("Chưa có nội dung nào được công khai"),
            "{}",
            row(n)
        );
    }
    // The late disclosure: 10 working days after the decision of 2/3/2026.
    let r3 = row(3);
    assert!(
        r3.contains("Trễ hạn: 10 ngày làm việc sau 2/3/2026, hạn cuối 9/3/2026"),
        "{r3}"
    );
    assert!(r3.contains("Quyết định thu hồi đất mở rộng hẻm 12"), "{r3}");
    assert!(page.contains("href=\"document/qd-thu-hoi-dat.html\""));
    assert!(
        r3.contains("Niêm yết 45 ngày, đến 30/4/2026: đạt (tối thiểu 30 ngày)"),
        "{r3}"
    );
    // Its rule and basis are on the row.
    assert!(
        r3.contains("Khoản 3 Điều 11; khoản 2 Điều 13 Luật số 10/2022/QH15"),
        "{r3}"
    );
    // The fund's Q3 report, published on the 16th day after the quarter.
    let r5 = row(5);
    assert!(
        r5.contains("Trễ hạn: 12 ngày làm việc sau 30/9/2026, hạn cuối 7/10/2026"),
        "{r5}"
    );
    // Permanent posting, and the item that needs none.
    assert!(row(4).contains("Niêm yết thường xuyên: đạt"), "{}", row(4));
    assert!(
        row(13).contains("Niêm yết thường xuyên: đạt"),
        "{}",
        row(13)
    );
    assert!(
        row(14).contains("Luật không quy định thời gian niêm yết"),
        "{}",
        row(14)
    );
    // Loudspeaker: three days on air; listed without its last day.
    assert!(row(7).contains("Phát thanh 3 ngày: đạt"), "{}", row(7));
    assert!(
        row(8).contains("Có phát thanh, không ghi ngày phát cuối: chưa đạt"),
        "{}",
        row(8)
    );
    // Posted on the portal only: the office posting is missing.
    assert!(
        row(10).contains("Không ghi niêm yết tại trụ sở và ngày kết thúc: chưa đạt"),
        "{}",
        row(10)
    );
    // Posted now on the build date (22/11/2026): the consultation draft.
    assert!(row(11).contains("Có (1)"), "{}", row(11));
    assert!(row(2).contains("Không"), "{}", row(2));
    // Art. 32: 2025 without a conference, 2026 with one.
    let y2025 = part(&page, "<tr id=\"nam-2025\">", "</tr>");
    let y2026 = part(&page, "<tr id=\"nam-2026\">", "</tr>");
    assert!(y2025.contains("Chưa đạt: không có hội nghị"), "{y2025}");
    assert!(y2026.contains("Đạt"), "{y2026}");
    assert!(
        y2026.contains("Kết quả hội nghị đối thoại với Nhân dân năm 2026 (29/5/2026)"),
        "{y2026}"
    );
    assert!(text(&page).contains("Khoản 1 Điều 32 Luật số 10/2022/QH15"));
    // Per fund and period: Q2 on time, Q3 late.
    let funds = part(&page, "id=\"funds-title\"", "</section>");
    let q2 = funds.find("Q2/2026").expect("Q2 row");
    let q3 = funds.find("Q3/2026").expect("Q3 row");
    assert!(
        funds[q2..q3].contains("Đúng hạn (hạn cuối 7/7/2026)"),
        "{funds}"
    );
    assert!(funds[q3..].contains("Trễ hạn: 12 ngày làm việc"), "{funds}");
    // The ward home and the portal carry the summary.
    let home = text(&read(&out, "ban-co/index.html"));
    assert!(
        home.contains("12/14 nội dung có công khai, 2 nội dung có công khai trễ hạn"),
        "{home}"
    );
    let portal = read(&out, "index.html");
    let row = part(
        &portal,
        "<tr><th scope=\"row\"><a href=\"ban-co/tuan-thu.html\">",
        "</tr>",
    );
    // Items disclosed, items late, years without a conference, overdue.
    assert_eq!(row, "Phường Bàn Cờ 12/14 2 1 2");
}

#[test]
fn the_register_lists_each_quarter_as_the_hand_written_csv() {
    let (_dir, out) = built();
    let expected = root().join("comply-expected");
    for q in ["2026-q3", "2026-q4"] {
        let got = read(&out, &format!("ban-co/so-cong-khai/{q}.csv"));
        let want = std::fs::read_to_string(expected.join(format!("so-cong-khai-{q}.csv")))
            .expect("expected file");
        let (got, want): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
        assert_eq!(got.len(), want.len(), "{q}: {got:#?}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{q}");
        }
    }
    // Every quarter from the first disclosure (Q3/2025) to the build date's.
    let mut quarters: Vec<String> = std::fs::read_dir(out.join("ban-co/so-cong-khai"))
        .expect("register folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    quarters.sort();
    assert_eq!(
        quarters,
        ["2025-q3", "2025-q4", "2026-q1", "2026-q2", "2026-q3", "2026-q4"]
            .map(|q| format!("{q}.html"))
    );
    let empty = text(&read(&out, "ban-co/so-cong-khai/2025-q4.html"));
    assert!(empty.contains("Trong quý không có nội dung nào được công khai."));
    // The heading a People's Committee puts on the page it posts.
    let q3 = text(&read(&out, "ban-co/so-cong-khai/2026-q3.html"));
    for line in [
        "ỦY BAN NHÂN DÂN PHƯỜNG BÀN CỜ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "DANH MỤC NỘI DUNG ĐÃ CÔNG KHAI QUÝ 3 NĂM 2026",
        "Từ ngày 1/7/2026 đến ngày 30/9/2026",
    ] {
        assert!(q3.contains(line), "{line}: {q3}");
    }
    let home = read(&out, "ban-co/index.html");
    assert!(home.contains("href=\"so-cong-khai/2026-q3.html\""));
    assert!(text(&home).contains("Quý 3 năm 2026 (2 nội dung)"));
}

#[test]
fn the_tracker_lists_overdue_then_open_then_done_with_counts() {
    let (_dir, out) = built();
    let page = read(&out, "ban-co/cam-ket.html");
    let all = text(&page);
    assert!(
        all.contains("2 quá hạn, 3 chưa xong còn hạn, 2 đã xong"),
        "{all}"
    );
    // The overview lists the overdue; each other status has its own list.
    let lists = [
        (
            page.clone(),
            "id=\"qua-han\"",
            // Overdue, by deadline: 31/7 (a commitment), 30/9 (a task).
            vec!["Sửa đèn chiếu sáng hẻm 12", "Rà soát hộ nghèo, cận nghèo"],
        ),
        (
            read(&out, "ban-co/cam-ket/dang-thuc-hien.html"),
            "id=\"dang-thuc-hien\"",
            // Open: 15/12, then two of 31/12 by record id.
            vec![
                "Niêm yết công khai quyết toán",
                "Trả lời bằng văn bản về lấn chiếm vỉa hè",
                "Bổ sung đèn chiếu sáng hẻm 45",
            ],
        ),
        (
            read(&out, "ban-co/cam-ket/da-xong.html"),
            "id=\"da-xong\"",
            // Done: both due 30/6, by record id.
            vec![
                "Khơi thông cống hẻm 45",
                "Tổ chức hội nghị đối thoại năm 2026",
            ],
        ),
    ];
    for (html, id, order) in &lists {
        let section = part(html, id, "</section>");
        assert!(section.contains(&format!("({})", order.len())), "{section}");
        let positions: Vec<usize> = order
            .iter()
            .map(|p| section.find(p).unwrap_or_else(|| panic!("{p} missing")))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    }
    let overdue = part(&page, "id=\"qua-han\"", "</section>");
    assert!(!overdue.contains("Niêm yết công khai quyết toán"));
    let done = &lists[2].0;
    // The closing document: a link when it is in the repository, text when not.
    assert!(done.contains("<a href=\"../dialogue/hoi-nghi-2026.html\">hoi-nghi-2026</a>"));
    let closed = part(done, "id=\"viec-hoi-nghi-2026-commitment-3\"", "</tr>");
    assert!(closed.contains("999/TB-UBND"), "{closed}");
    assert!(!done.contains(">999/TB-UBND</a>"));
    // The last status change, and the history, from the record's own field.
    assert!(closed.contains("28/6/2026"), "{closed}");
    assert!(closed.contains("10/6/2026: Đang thực hiện"), "{closed}");
    // To whom: the question it answers.
    assert!(closed.contains("Cống hẻm 45 ngập khi mưa."), "{closed}");
    // Filters without JavaScript: links to each status's list and the units.
    for href in [
        "cam-ket.html#qua-han",
        "cam-ket/dang-thuc-hien.html",
        "cam-ket/da-xong.html",
        "cam-ket.html#theo-don-vi",
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}");
    }
    // The whole list stays downloadable as data.
    assert!(page.contains("href=\"data/dialogue.items.csv\""));
    assert!(page.contains("href=\"data/plan.tasks.csv\""));
    assert!(out.join("ban-co/data/dialogue.items.csv").is_file());
    assert!(out.join("ban-co/data/plan.tasks.csv").is_file());
    let units = part(&page, "id=\"theo-don-vi\"", "</ul>");
    assert!(
        units.contains("Phòng Kinh tế (4 việc, 1 quá hạn)"),
        "{units}"
    );
    let home = text(&read(&out, "ban-co/index.html"));
    assert!(
        home.contains("2 quá hạn, 3 chưa xong còn hạn, 2 đã xong"),
        "{home}"
    );
}

#[test]
fn the_reports_count_from_the_records() {
    let (_dir, out) = built();
    let csv = read(&out, "ban-co/bao-cao/2026-6-thang.csv");
    let value = |csv: &str, group: &str, key: &str| -> String {
        csv.lines()
            .find_map(|l| l.strip_prefix(&format!("{group},{key},")))
            .unwrap_or_else(|| panic!("{group},{key}"))
            .to_string()
    };
    for (group, key, want) in [
        ("disclosures", "total", "9"),
        ("disclosure_item", "5", "0"),
        ("disclosure_item", "6", "0"),
        ("disclosure_item", "3", "1"),
        ("form", "office_posting", "8"),
        ("form", "portal", "5"),
        ("form", "loudspeaker", "3"),
        ("consultations", "opened", "0"),
        ("consultations", "meetings", "1"),
        ("dialogues", "held", "2"),
        ("dialogues", "annual_conferences", "1"),
        ("commitments", "made", "4"),
        ("commitments", "done", "1"),
        ("commitments", "overdue", "1"),
        ("tasks", "total", "3"),
        ("tasks", "done", "1"),
        ("tasks", "overdue", "1"),
        ("funds", "receipts", "3000000"),
        ("funds", "expenses", "1000000"),
    ] {
        assert_eq!(value(&csv, group, key), want, "{group},{key}");
    }
    let year = read(&out, "ban-co/bao-cao/2026-nam.csv");
    for (group, key, want) in [
        ("disclosures", "total", "13"),
        ("disclosure_item", "5", "2"),
        ("consultations", "opened", "1"),
        ("funds", "receipts", "5000000"),
        ("funds", "expenses", "3500000"),
        ("fund_closing", "Nâng cấp hẻm 45", "1500000"),
        ("period", "as_of", "2026-11-22"),
    ] {
        assert_eq!(value(&year, group, key), want, "{group},{key}");
    }
    let page = text(&read(&out, "ban-co/bao-cao/2026-6-thang.html"));
    assert!(page.contains("6 THÁNG ĐẦU NĂM 2026"), "{page}");
    assert!(page.contains("Tổng số lần công khai: 9"), "{page}");
    assert!(page.contains("3.000.000 đ"), "{page}");
    // The half-year of a year not begun is not listed; 2025's are.
    assert!(out.join("ban-co/bao-cao/2025-nam.html").exists());
    assert!(!out.join("ban-co/bao-cao/2027-6-thang.html").exists());
}

#[test]
fn feedback_offers_the_ways_the_ward_configures_and_sends_nothing_by_default() {
    let (_dir, out) = built();
    let record = read(&out, "ban-co/document/du-thao-quy-hoach.html");
    let fb = part(&record, "id=\"feedback-title\"", "</section>");
    assert!(
        record.contains("href=\"mailto:gopy.banco@example.vn?subject=G%C3%B3p%20%C3%BD%3A%20"),
        "{fb}"
    );
    // The body names the record's id and page.
    assert!(record
        .contains("du-thao-quy-hoach%0ATrang%3A%20ban-co%2Fdocument%2Fdu-thao-quy-hoach.html"));
    for want in [
        "Đường dây nóng: 0909 000 111",
        "Bộ phận tiếp công dân, 185 Cách Mạng Tháng Tám",
        "Cổng tiếp nhận phản ánh 1022",
        "Ban Thanh tra nhân dân: Bà Lê Thị Hoa, Trưởng ban",
        // Before `consultation_until`: how and by when.
        "Đang lấy ý kiến Nhân dân đến hết ngày 5/12/2026",
    ] {
        assert!(fb.contains(want), "{want}: {fb}");
    }
    // After the consultation closed, or without one: no such line.
    let other = read(&out, "ban-co/document/quy-che-dan-chu.html");
    assert!(!text(&other).contains("Đang lấy ý kiến Nhân dân"));
    // No form unless the ward sets an endpoint.
    for page in [&record, &other, &read(&out, "ban-co/index.html")] {
        assert!(!page.contains("<form class=\"feedback-form\""));
        assert!(!page.contains("method=\"post\""));
    }
    assert!(text(&read(&out, "ban-co/index.html")).contains("Góp ý"));
}

#[test]
fn a_form_endpoint_adds_a_form_that_posts_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    copy(&root().join("comply"), &repo);
    let ward = repo.join("content/ban-co/ward.yaml");
    let text = std::fs::read_to_string(&ward).expect("ward.yaml");
    std::fs::write(
        &ward,
        format!("{text}  form_endpoint: \"https://gopy.example.vn/nhan\"\n"),
    )
    .expect("write");
    let out = dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["build", "-q", "--today", TODAY, "--root"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run");
    assert!(status.success());
    let page = read(&out, "ban-co/fund/hem-45-q3.html");
    assert!(page.contains(
        "<form class=\"feedback-form\" method=\"post\" action=\"https://gopy.example.vn/nhan\">"
    ));
    assert!(page.contains("name=\"record\" value=\"hem-45-q3\""));
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn ways_left_blank_are_left_out_and_a_blank_endpoint_adds_no_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    copy(&root().join("comply"), &repo);
    let ward = repo.join("content/ban-co/ward.yaml");
    let text = std::fs::read_to_string(&ward).expect("ward.yaml");
    let text = text
        .replace("hotline: \"0909 000 111\"", "hotline: \"\"")
        .replace(
            "inspection_board: {head: \"Bà Lê Thị Hoa, Trưởng ban\", phone: \"0909 222 333\"}",
            "inspection_board: {head: \"\"}\n  form_endpoint: \" \"",
        );
    std::fs::write(&ward, text).expect("write");
    let out = dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["build", "-q", "--today", TODAY, "--root"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run");
    assert!(status.success());
    let page = read(&out, "ban-co/document/quy-che-dan-chu.html");
    let fb = part(&page, "id=\"feedback-title\"", "</section>");
    assert!(!fb.contains("Đường dây nóng"), "{fb}");
    assert!(!fb.contains("Ban Thanh tra nhân dân"), "{fb}");
    assert!(fb.contains("Cổng tiếp nhận phản ánh 1022"), "{fb}");
    assert!(!page.contains("<form class=\"feedback-form\""));
}

/// The budget fixture (`tests/fixtures/comply-budget`): a quarter's
/// execution report on the 15th day after the quarter (on time) and the
/// next on the 16th (late). The page and `check` give the same verdicts.
#[test]
fn budget_periods_are_judged_by_circular_343_on_the_page_and_in_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    let fixture = root().join("comply-budget");
    let output = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["build", "--quiet", "--today", TODAY, "--root"])
        .arg(&fixture)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run congkhai");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = read(&out, "ban-co/tuan-thu.html");
    let budgets = part(&page, "id=\"budgets-title\"", "</section>");
    // The approved estimate first (30 days from its resolution of 20/12,
    // the last day 19/1 a Monday), then the quarters in order.
    let estimate = budgets
        .find("Dự toán được Hội đồng nhân dân quyết định")
        .expect("estimate row");
    let q2 = budgets.find("Quý II ").expect("Q2 row");
    let q3 = budgets.find("Quý III").expect("Q3 row");
    assert!(estimate < q2 && q2 < q3, "{budgets}");
    assert!(
        budgets[estimate..q2].contains("5/1/2026 Đúng hạn (hạn cuối 19/1/2026) Khoản 2 Điều 18"),
        "{budgets}"
    );
    assert!(
        budgets[q2..q3].contains("15/7/2026 Đúng hạn (hạn cuối 15/7/2026)"),
        "{budgets}"
    );
    assert!(
        budgets[q3..].contains("16/10/2026 Trễ hạn: 16 ngày sau 30/9/2026, hạn cuối 15/10/2026"),
        "{budgets}"
    );
    assert!(
        budgets.contains("Khoản 3 Điều 18 Thông tư số 343/2016/TT-BTC"),
        "{budgets}"
    );
    assert!(page.contains("href=\"budget/quy-3-2026.html\""));
    // An estimate has nothing executed to draw; a quarter's report has.
    assert!(!read(&out, "ban-co/budget/du-toan-2026.html").contains("<svg"));
    assert!(read(&out, "ban-co/budget/quy-3-2026.html").contains("id=\"chart-expenditure\""));
    // Item 2 counts the late report.
    let home = text(&read(&out, "ban-co/index.html"));
    assert!(home.contains("1 nội dung có công khai trễ hạn"), "{home}");
    // `check` warns on the same report, and only on it.
    let check = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["check", "--today", TODAY, "--root"])
        .arg(&fixture)
        .output()
        .expect("run congkhai");
    let said = String::from_utf8_lossy(&check.stderr).to_string()
        + &String::from_utf8_lossy(&check.stdout);
    assert_eq!(said.matches("[W0405]").count(), 1, "{said}");
    assert!(said.contains("quy-3-2026.md"), "{said}");
    assert!(!said.contains("[W0114]"), "{said}");
}
