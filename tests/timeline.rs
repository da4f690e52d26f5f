//! A land project's timeline: one page per project chaining its records on a
//! dated line, with the statutory clocks of the law data between the steps
//! marked met, missed or running on the build date.

mod common;

use congkhai::date::Date;
use std::path::Path;

const PAGE: &str = "ban-co/du-an/mo-rong-hem-45-cao-thang.html";

/// The fixture's compensation plan and dialogue for "Mở rộng hẻm 45 Cao
/// Thắng", plus a recovery notice and a recovery decision that comes only
/// 135 days after it (180 are needed for non-agricultural land).
fn project(root: &Path) {
    let land = root.join("content/ban-co/land");
    std::fs::write(
        land.join("tb-thu-hoi-hem-45.md"),
        "---\ntitle: Thông báo thu hồi đất mở rộng hẻm 45\npublished: 2026-03-03\nposted_until: 2026-04-03\n\
         disclosure_item: 3\nforms: [office_posting]\nstage: recovery_notice\ndecided: 2026-03-02\n\
         project: {name: Mở rộng hẻm 45 Cao Thắng}\n---\nThông báo.\n",
    )
    .expect("write");
    std::fs::write(
        land.join("qd-thu-hoi-hem-45.md"),
        "---\ntitle: Quyết định thu hồi đất mở rộng hẻm 45\npublished: 2026-07-16\nposted_until: 2026-08-16\n\
         disclosure_item: 3\nforms: [office_posting]\nstage: recovery_decision\ndecided: 2026-07-15\n\
         project: {name: \"Mở rộng hẻm 45 Cao Thắng\"}\n---\nQuyết định.\n",
    )
    .expect("write");
}

/// The clock rows of the page: (clock, counted from, days, limit, done, status).
fn clocks(html: &str) -> Vec<Vec<String>> {
    let start = html
        .find("<table class=\"data clocks\">")
        .expect("clock table");
    let table = &html[start..];
    let table = &table[..table.find("</table>").expect("end") + "</table>".len()];
    let doc = roxmltree::Document::parse(table).expect("xml");
    doc.descendants()
        .filter(|n| n.has_tag_name("tr") && n.parent().is_some_and(|p| p.has_tag_name("tbody")))
        .map(|tr| {
            tr.children()
                .filter(|n| n.is_element())
                .take(6)
                .map(|c| {
                    c.descendants()
                        .filter(|t| t.is_text())
                        .filter_map(|t| t.text())
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn a_project_page_chains_its_records_and_marks_the_missed_clock() {
    let dir = common::copy_fixture();
    project(dir.path());
    let outputs = common::render_pages(dir.path(), "2026-11-22");
    let html = common::page(&outputs, PAGE);
    // The steps in date order, each linking to its record.
    let steps: Vec<&str> = [
        "../land/tb-thu-hoi-hem-45.html",
        "../land/qd-thu-hoi-hem-45.html",
        "../land/bt-hem-45.html",
        "../dialogue/doi-thoai-hem-45.html",
    ]
    .into_iter()
    .filter(|href| html.contains(&format!("href=\"{href}\"")))
    .collect();
    assert_eq!(steps.len(), 4, "{html}");
    let at = |href: &str| html.find(&format!("href=\"{href}\"")).expect("step");
    assert!(at("../land/tb-thu-hoi-hem-45.html") < at("../land/qd-thu-hoi-hem-45.html"));
    assert!(at("../land/qd-thu-hoi-hem-45.html") < at("../land/bt-hem-45.html"));
    assert!(at("../land/bt-hem-45.html") < at("../dialogue/doi-thoai-hem-45.html"));
    assert!(
        html.contains("đồng ý 18, không đồng ý 2, ý kiến khác 1"),
        "{html}"
    );
    assert_eq!(
        clocks(&html),
        vec![
            // 180 days from 2/3 (the decision day not counted) end on 29/8;
            // the recovery was decided on 15/7.
            row(&[
                "Thông báo trước khi thu hồi đất (đất phi nông nghiệp)",
                "2/3/2026",
                "180",
                "29/8/2026",
                "15/7/2026",
                "Không đúng hạn",
            ]),
            // Posted from 1/10 to 31/10: 30 days.
            row(&[
                "Niêm yết lấy ý kiến",
                "1/10/2026",
                "30",
                "31/10/2026",
                "31/10/2026",
                "Đúng hạn",
            ]),
            // Objections remained; the dialogue of 16/10 is within 60 days
            // of the end of the posting (30/12).
            row(&[
                "Đối thoại khi còn ý kiến không đồng ý",
                "31/10/2026",
                "60",
                "30/12/2026",
                "16/10/2026",
                "Đúng hạn",
            ]),
        ]
    );
    // The drawing is XML, with a title and a description it names, and the
    // missed clock is drawn in the colour of a missed one.
    let svg = &html[html.find("<svg").expect("svg")..];
    let svg = &svg[..svg.find("</svg>").expect("end") + "</svg>".len()];
    let doc = roxmltree::Document::parse(svg).expect("the drawing is XML");
    let root = doc.root_element();
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some("timeline-title timeline-desc")
    );
    let title = root.children().find(|n| n.has_tag_name("title"));
    assert_eq!(
        title.and_then(|t| t.text()),
        Some("Tiến trình dự án: Mở rộng hẻm 45 Cao Thắng")
    );
    let desc = root.children().find(|n| n.has_tag_name("desc"));
    assert!(desc
        .and_then(|t| t.text())
        .is_some_and(|t| t.contains("1 không đúng hạn")));
    assert!(svg.contains("stroke=\"#a4161a\""));
    // Each land record of the project links to the page.
    for id in ["bt-hem-45", "tb-thu-hoi-hem-45", "qd-thu-hoi-hem-45"] {
        let record = common::page(&outputs, &format!("ban-co/land/{id}.html"));
        assert!(
            record.contains("href=\"../du-an/mo-rong-hem-45-cao-thang.html\""),
            "{id}"
        );
    }
}

#[test]
fn clocks_run_until_their_day_and_follow_the_law_data() {
    let dir = common::copy_fixture();
    project(dir.path());
    // On 20/10 the posting still runs and the dialogue limit is not reached.
    let html = common::page(&common::render_pages(dir.path(), "2026-10-20"), PAGE);
    let rows = clocks(&html);
    assert_eq!(rows[1][5], "Đang tính", "{rows:?}");
    // A repository whose law data asks 45 days of posting: the 30 days the
    // plan was posted fall short.
    std::fs::write(
        dir.path().join("law.toml"),
        "[land]\ncompensation_plan = { days = 45, basis = \"Điều 87 (sửa đổi)\" }\n",
    )
    .expect("write");
    let html = common::page(&common::render_pages(dir.path(), "2026-11-22"), PAGE);
    let rows = clocks(&html);
    assert_eq!(rows[1][2], "45");
    assert_eq!(rows[1][3], "15/11/2026");
    assert_eq!(rows[1][5], "Không đúng hạn", "{rows:?}");
    assert!(html.contains("Điều 87 (sửa đổi)"));
}

#[test]
fn a_removed_project_loses_its_page() {
    let dir = common::copy_fixture();
    let outputs = common::render_pages(dir.path(), "2026-11-22");
    assert!(outputs.iter().any(|o| o.path() == Path::new(PAGE)));
    std::fs::remove_file(dir.path().join("content/ban-co/land/bt-hem-45.md")).expect("remove");
    let outputs = common::render_pages(dir.path(), "2026-11-22");
    assert!(!outputs.iter().any(|o| o.path().starts_with("ban-co/du-an")));
}

#[test]
fn check_reports_the_clock_the_page_marks_missed() {
    let dir = common::copy_fixture();
    project(dir.path());
    let c = congkhai::build::check(dir.path(), Date::parse("2026-11-22").expect("date"), &[])
        .map_err(|d| format!("{d:?}"))
        .expect("checks");
    let missed: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "W0254" || d.code == "W0255")
        .map(|d| (d.code, d.file.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        missed,
        vec![(
            "W0254",
            "content/ban-co/land/qd-thu-hoi-hem-45.md".to_string()
        )]
    );
}
