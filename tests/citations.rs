//! Citations between documents: identifiers written in a record's fields and
//! body are recognised whatever their spacing, matched on number, symbol,
//! year and issuer, linked when exactly one document fits, noted when
//! several do, and counted by `check` when none is in the repository.

mod common;

use congkhai::build::{check, Checked};
use congkhai::date::Date;
use congkhai::diagnostics::Lang;
use std::path::Path;

fn document(root: &Path, id: &str, number: &str, issuer: &str, issued: &str) {
    let text = format!(
        "---\ntitle: Văn bản {number}\npublished: 2026-02-03\nposted_until: permanent\ndisclosure_item: 4\n\
         number: \"{number}\"\ndoc_type: Văn bản\nissuer: {issuer}\nissued: {issued}\n---\nNội dung.\n"
    );
    std::fs::write(root.join(format!("content/ban-co/document/{id}.md")), text).expect("write");
}

/// The fixture with the same number in two years (59/NĐ-CP), the same
/// number and symbol from two issuers (72/KH-UBND: the ward's plan and the
/// district's), a ministry's letter cited with spaces, a yearless reference
/// that fits one document, and a missing one cited twice.
fn repository() -> (tempfile::TempDir, Checked) {
    let dir = common::copy_fixture();
    let root = dir.path();
    document(
        root,
        "nd-59-2023",
        "59/2023/NĐ-CP",
        "Chính phủ",
        "2023-08-16",
    );
    document(
        root,
        "nd-59-2024",
        "59/2024/NĐ-CP",
        "Chính phủ",
        "2024-06-01",
    );
    document(
        root,
        "kh-72-quan",
        "72/KH-UBND",
        "Ủy ban nhân dân quận 3",
        "2026-01-05",
    );
    document(root, "cv-908", "908/BYT-BH", "Bộ Y tế", "2026-01-10");
    document(
        root,
        "qd-15-2020",
        "15/2020/QĐ-TTg",
        "Thủ tướng Chính phủ",
        "2020-03-24",
    );
    let fund = root.join("content/ban-co/fund/hem-45-q3.md");
    let mut text = std::fs::read_to_string(&fund).expect("fund");
    text.push_str(
        "\nThực hiện Nghị định 59/2023/NĐ-CP, công văn số 908 / BYT - BH và Quyết định 15/QĐ-TTg.\n\
         Xem thêm Nghị định 59/NĐ-CP, Kế hoạch 72/KH-UBND, Thông tư 99/2099/TT-BTC.\n\
         Theo Thông tư 99 / 2099 / TT-BTC, ngày 12/3/2024.\n",
    );
    std::fs::write(&fund, text).expect("write");
    let checked = check(root, Date::parse("2026-11-22").expect("date"), &[])
        .map_err(|d| format!("{d:?}"))
        .expect("checks");
    (dir, checked)
}

fn cited_by(c: &Checked, id: &str) -> Vec<String> {
    c.links
        .cited_by
        .get(&("ban-co".to_string(), id.to_string()))
        .cloned()
        .unwrap_or_default()
}

#[test]
fn identifiers_in_bodies_link_when_one_document_fits() {
    let (_dir, c) = repository();
    assert!(cited_by(&c, "nd-59-2023").contains(&"hem-45-q3".to_string()));
    // Spacing variant.
    assert!(cited_by(&c, "cv-908").contains(&"hem-45-q3".to_string()));
    // Yearless, one document fits.
    assert!(cited_by(&c, "qd-15-2020").contains(&"hem-45-q3".to_string()));
    // The other year is not cited; the ambiguous ones are not guessed.
    assert!(!cited_by(&c, "nd-59-2024").contains(&"hem-45-q3".to_string()));
    assert!(cited_by(&c, "kh-72-quan").is_empty());
    assert!(!cited_by(&c, "ke-hoach-dan-chu-2026").contains(&"hem-45-q3".to_string()));
    // The plan's own legal basis (59/2023/NĐ-CP) links to the document now in the ward.
    assert!(cited_by(&c, "nd-59-2023").contains(&"ke-hoach-dan-chu-2026".to_string()));
}

#[test]
fn ambiguous_references_are_notes_and_missing_ones_are_counted() {
    let (_dir, c) = repository();
    let notes = |code: &str| -> Vec<String> {
        c.diagnostics
            .iter()
            .filter(|d| d.code == code && d.file.ends_with("hem-45-q3.md"))
            .map(|d| d.message_in(Lang::Vi))
            .collect()
    };
    let ambiguous = notes("N0314");
    assert_eq!(ambiguous.len(), 2, "{ambiguous:?}");
    assert!(ambiguous
        .iter()
        .any(|m| m.contains("59/NĐ-CP") && m.contains("nd-59-2023") && m.contains("nd-59-2024")));
    assert!(ambiguous
        .iter()
        .any(|m| m.contains("72/KH-UBND") && m.contains("kh-72-quan")));
    let missing = notes("N0315");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0].contains("99/2099/TT-BTC") && missing[0].contains("2 lần"),
        "{}",
        missing[0]
    );
    // The date is no identifier.
    assert!(!c
        .diagnostics
        .iter()
        .any(|d| d.message_in(Lang::Vi).contains("12/3/2024")));
}

#[test]
fn document_pages_list_what_cites_them() {
    let (dir, c) = repository();
    let theme = congkhai::render::Theme::load(None).expect("theme");
    let outputs = congkhai::render::render(&c.site, &c.links, &theme).expect("renders");
    let page = outputs
        .iter()
        .find_map(|o| match o {
            congkhai::render::Output::Bytes(p, b)
                if p.ends_with("ban-co/document/nd-59-2023.html") =>
            {
                Some(String::from_utf8_lossy(b).into_owned())
            }
            _ => None,
        })
        .expect("document page");
    assert!(page.contains("href=\"../fund/hem-45-q3.html\""), "{page}");
    drop(dir);
}

/// The body of a record page: what lies between the body heading and the
/// end of its section.
fn body_of(c: &Checked, suffix: &str) -> String {
    let theme = congkhai::render::Theme::load(None).expect("theme");
    let outputs = congkhai::render::render(&c.site, &c.links, &theme).expect("renders");
    let page = outputs
        .iter()
        .find_map(|o| match o {
            congkhai::render::Output::Bytes(p, b) if p.ends_with(suffix) => {
                Some(String::from_utf8_lossy(b).into_owned())
            }
            _ => None,
        })
        .expect("record page");
    let start = page.find("id=\"body-title\"").expect("body");
    let body = &page[start..];
    body[..body.find("</section>").expect("end")].to_string()
}

#[test]
fn identifiers_written_in_a_body_link_to_the_one_document_they_name() {
    let (_dir, c) = repository();
    let body = body_of(&c, "ban-co/fund/hem-45-q3.html");
    // The text stays as written; the address is the document's page.
    assert!(
        body.contains("<a href=\"../document/nd-59-2023.html\">59/2023/NĐ-CP</a>"),
        "{body}"
    );
    assert!(body.contains("<a href=\"../document/cv-908.html\">908 / BYT - BH</a>"));
    assert!(body.contains("<a href=\"../document/qd-15-2020.html\">15/QĐ-TTg</a>"));
    // Ambiguous (two years, two issuers) and missing: no link, no guess.
    for text in ["59/NĐ-CP", "72/KH-UBND", "99/2099/TT-BTC"] {
        assert!(body.contains(text), "{text}");
        assert!(!body.contains(&format!(">{text}</a>")), "{text} linked");
    }
    assert_eq!(body.matches("<a href=").count(), 3, "{body}");
}

#[test]
fn code_links_images_and_raw_html_keep_their_identifiers_as_they_are() {
    for policy in ["escape", "sanitize"] {
        let dir = common::copy_fixture();
        let root = dir.path();
        std::fs::write(
            root.join("congkhai.toml"),
            format!("title = \"Kho thử nghiệm\"\n[markdown]\nraw_html = \"{policy}\"\n"),
        )
        .expect("config");
        document(
            root,
            "nd-59-2023",
            "59/2023/NĐ-CP",
            "Chính phủ",
            "2023-08-16",
        );
        let fund = root.join("content/ban-co/fund/hem-45-q3.md");
        let mut text = std::fs::read_to_string(&fund).expect("fund");
        text.push_str(
            "\nTrong mã: `59/2023/NĐ-CP`. Liên kết: [Nghị định 59/2023/NĐ-CP](https://vbpl.vn/59).\n\
             Hình: ![sơ đồ 59/2023/NĐ-CP](files/a.png). Tay: <a href=\"https://x.vn\">59/2023/NĐ-CP</a>.\n\n\
             ```\n59/2023/NĐ-CP\n```\n\nMột lần: Nghị định 59/2023/NĐ-CP.\n",
        );
        std::fs::write(&fund, text).expect("write");
        let c = check(root, Date::parse("2026-11-22").expect("date"), &[])
            .map_err(|d| format!("{d:?}"))
            .expect("checks");
        let body = body_of(&c, "ban-co/fund/hem-45-q3.html");
        assert_eq!(
            body.matches("href=\"../document/nd-59-2023.html\"").count(),
            1,
            "{policy}: {body}"
        );
        assert!(body.contains("<code>59/2023/NĐ-CP</code>"), "{policy}");
        assert!(
            body.contains("<pre><code>59/2023/NĐ-CP\n</code></pre>"),
            "{policy}: {body}"
        );
        assert!(
            !body.contains("<a href=\"https://vbpl.vn/59\">Nghị định <a"),
            "{policy}"
        );
        assert!(
            body.contains("Một lần: Nghị định <a href=\"../document/nd-59-2023.html\""),
            "{policy}: {body}"
        );
    }
}
