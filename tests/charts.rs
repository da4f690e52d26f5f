//! Charts on record pages: each is inline SVG that parses as XML, has a
//! `<title>` and a `<desc>` it names, and the table it is drawn from beside
//! it, with the values of the record.

mod common;

use congkhai::render::Output;

fn pages() -> Vec<Output> {
    common::render_pages(&common::fixture(), "2026-11-22")
}

/// A chart of a page: its SVG (checked as XML, with a title and a
/// description it names) and the rows of its table, cells as text.
struct Drawn {
    title: String,
    svg: String,
    rows: Vec<Vec<String>>,
}

fn chart(html: &str, id: &str) -> Drawn {
    let start = html
        .find(&format!("<figure class=\"chart\" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let figure = &html[start..];
    let figure = &figure[..figure.find("</figure>").expect("figure end")];
    let svg = &figure[figure.find("<svg").expect("svg")..];
    let svg = &svg[..svg.find("</svg>").expect("svg end") + "</svg>".len()];
    let doc = roxmltree::Document::parse(svg).expect("the SVG is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let labelled = root.attribute("aria-labelledby").expect("labelled");
    let named = |tag: &str| {
        root.children()
            .find(|n| n.has_tag_name(tag))
            .unwrap_or_else(|| panic!("{id}: no <{tag}>"))
    };
    let (title, desc) = (named("title"), named("desc"));
    for node in [title, desc] {
        let node_id = node.attribute("id").expect("id");
        assert!(labelled.split(' ').any(|x| x == node_id), "{labelled}");
        assert!(!node.text().unwrap_or("").trim().is_empty());
    }
    // The table follows the SVG in the same figure.
    let table = &figure[figure.find("</svg>").expect("end")..];
    let table = &table[table.find("<table").expect("a table beside the chart")..];
    let table = &table[..table.find("</table>").expect("table end") + "</table>".len()];
    let doc = roxmltree::Document::parse(table).expect("the table is XML");
    let rows = doc
        .descendants()
        .filter(|n| n.has_tag_name("tbody"))
        .flat_map(|b| b.children().filter(|n| n.has_tag_name("tr")))
        .map(|tr| {
            tr.children()
                .filter(|n| n.is_element())
                .map(|c| {
                    c.descendants()
                        .filter(|t| t.is_text())
                        .filter_map(|t| t.text())
                        .collect()
                })
                .collect()
        })
        .collect();
    Drawn {
        title: title.text().unwrap_or("").to_string(),
        svg: svg.to_string(),
        rows,
    }
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn a_funds_balance_and_months_are_drawn_from_its_ledger() {
    let outputs = pages();
    let html = common::page(&outputs, "ban-co/fund/hem-45-q3.html");
    let balance = chart(&html, "chart-balance");
    assert_eq!(balance.title, "Số dư của quỹ qua kỳ báo cáo");
    // Opening 1.000.000; +500.000 on 2/7; +2.000.000 on 3/7; −1.200.000 on
    // 1/8; unchanged to the end of the period.
    assert_eq!(
        balance.rows,
        vec![
            row(&["1/7/2026", "1.000.000 đ"]),
            row(&["2/7/2026", "1.500.000 đ"]),
            row(&["3/7/2026", "3.500.000 đ"]),
            row(&["1/8/2026", "2.300.000 đ"]),
            row(&["30/9/2026", "2.300.000 đ"]),
        ]
    );
    assert!(balance.svg.contains("<path d=\"M"), "{}", balance.svg);
    let months = chart(&html, "chart-monthly");
    assert_eq!(
        months.rows,
        vec![
            row(&["7/2026", "2.500.000 đ", "0 đ"]),
            row(&["8/2026", "0 đ", "1.200.000 đ"]),
            row(&["9/2026", "0 đ", "0 đ"]),
        ]
    );
    // One bar per month and series.
    assert_eq!(
        months.svg.matches("<rect").count(),
        6 + 2,
        "bars and legend"
    );
}

#[test]
fn a_land_records_compensation_split_and_a_plans_progress() {
    let outputs = pages();
    let land = common::page(&outputs, "ban-co/land/bt-hem-45.html");
    let split = chart(&land, "chart-compensation");
    assert_eq!(
        split.rows,
        vec![
            row(&["Bồi thường đất", "2.700.000 đ"]),
            row(&["Bồi thường tài sản", "200.000 đ"]),
            row(&["Hỗ trợ di dời", "100.000 đ"]),
            row(&["Hỗ trợ khác", "50.000 đ"]),
        ],
        "{}",
        land
    );
    // The bars are in the order of the table, the longest for the land.
    assert!(split.svg.contains("width=\"336\""), "{}", split.svg);
    let plan = common::page(&outputs, "ban-co/plan/ke-hoach-dan-chu-2026.html");
    let progress = chart(&plan, "chart-progress");
    assert_eq!(progress.rows[0], row(&["Hoàn thành", "1"]));
    assert_eq!(progress.rows[1], row(&["Đang thực hiện", "1"]));
    assert_eq!(progress.rows[2], row(&["Chưa thực hiện", "0"]));
}

#[test]
fn pages_without_data_to_draw_have_no_chart() {
    let outputs = pages();
    for suffix in [
        "ban-co/document/qd-125.html",
        "ban-co/dialogue/doi-thoai-hem-45.html",
    ] {
        assert!(!common::page(&outputs, suffix).contains("<svg"), "{suffix}");
    }
}

#[test]
fn a_budgets_estimate_and_execution_are_drawn_by_chapter() {
    let outputs = pages();
    let budget = common::page(&outputs, "ban-co/budget/quy-1-2026.html");
    let spending = chart(&budget, "chart-expenditure");
    assert_eq!(
        spending.title,
        "Chi ngân sách theo chương, mục (Dự toán / Ước thực hiện)"
    );
    // One row per top-level row of the table, nested rows not added again.
    assert_eq!(
        spending.rows,
        vec![
            row(&["I. Chi thường xuyên", "950.000 đ", "200.000 đ"]),
            row(&["II. Dự phòng", "50.000 đ", "0 đ"]),
        ]
    );
    let doc = roxmltree::Document::parse(&spending.svg).expect("XML");
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap_or_default();
    assert!(
        desc.contains("cộng dự toán 1.000.000 đ, thực hiện 200.000 đ, đạt 20,0%"),
        "{desc}"
    );
    // The bars carry the same values, estimate then execution.
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .filter(|t| t.ends_with(" đ"))
        .collect();
    assert_eq!(labels, ["950.000 đ", "200.000 đ", "50.000 đ", "0 đ"]);
    // Two series: two bars a row, the longest for the largest value.
    assert_eq!(spending.svg.matches("fill=\"#0b57a4\"").count(), 3);
    assert!(spending.svg.contains("width=\"336\""), "{}", spending.svg);
    let revenue = chart(&budget, "chart-revenue");
    assert_eq!(
        revenue.rows,
        vec![
            row(&["I. Thu phân cấp", "400.000 đ", "100.000 đ"]),
            row(&["II. Bổ sung từ cấp trên", "600.000 đ", "150.000 đ"]),
        ]
    );
}
