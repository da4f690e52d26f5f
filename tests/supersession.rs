//! Supersession: a record that `supersedes` another links both ways; the old
//! one's page, its search result and its feed entries carry a banner
//! naming the new one and its date.

mod common;

use common::page;
use congkhai::date::Date;
use congkhai::render::Output;

#[test]
fn the_old_record_names_the_new_one_and_its_date_in_its_page_and_search() {
    let dir = common::copy_fixture();
    let root = dir.path();
    std::fs::write(
        root.join("content/ban-co/document/qd-140.md"),
        "---\ntitle: Quyết định sửa quy chế dân chủ\npublished: 2026-09-15\nposted_until: permanent\n\
         disclosure_item: 4\nsupersedes: qd-125\nnumber: \"140/QĐ-UBND\"\ndoc_type: Quyết định\n\
         issuer: Ủy ban nhân dân phường Bàn Cờ\nissued: 2026-09-14\n---\nĐiều 1. Sửa quy chế.\n",
    )
    .expect("write");
    let c = congkhai::build::check(root, Date::parse("2026-11-22").expect("date"), &[])
        .map_err(|d| format!("{d:?}"))
        .expect("checks");
    let theme = congkhai::render::Theme::load(None).expect("theme");
    let outputs = congkhai::render::render(&c.site, &c.links, &theme).expect("renders");
    let old = page(&outputs, "ban-co/document/qd-125.html");
    let banner = &old[old.find("class=\"notice superseded\"").expect("banner")..];
    let banner = &banner[..banner.find("</p>").expect("end")];
    assert!(
        banner.contains("href=\"../document/qd-140.html\""),
        "{banner}"
    );
    assert!(banner.contains("Quyết định sửa quy chế dân chủ"));
    assert!(banner.contains("datetime=\"2026-09-15\""), "{banner}");
    let new = page(&outputs, "ban-co/document/qd-140.html");
    assert!(new.contains("href=\"../document/qd-125.html\""));
    assert!(!new.contains("class=\"notice superseded\""));
    let meta: String = outputs
        .iter()
        .filter_map(|o| match o {
            Output::Bytes(p, b) if p.to_string_lossy().contains("ban-co/search/meta-") => {
                Some(String::from_utf8_lossy(b).into_owned())
            }
            _ => None,
        })
        .collect();
    assert!(
        meta.contains("Đã được thay thế bởi «Quyết định sửa quy chế dân chủ» (15/9/2026)."),
        "{meta}"
    );

    // The feeds: the old entry names the new record and shows as updated
    // on the day it was replaced; the new one has no such words.
    let out = tempfile::tempdir().expect("tempdir");
    common::build_site(root, out.path(), "2026-11-22");
    for feed in ["ban-co/feed.atom", "ban-co/document/feed.atom"] {
        let xml = std::fs::read_to_string(out.path().join(feed)).expect("feed");
        roxmltree::Document::parse(&xml).expect("well-formed feed");
        let entry = |id: &str| {
            let at = xml
                .find(&format!(":{id}</id>"))
                .unwrap_or_else(|| panic!("{id} in {feed}"));
            let start = xml[..at].rfind("<entry>").expect("entry start");
            let end = at + xml[at..].find("</entry>").expect("entry end");
            xml[start..end].to_string()
        };
        let old = entry("qd-125");
        assert!(
            old.contains("Đã được thay thế bởi «Quyết định sửa quy chế dân chủ» (15/9/2026)."),
            "{old}"
        );
        assert!(
            old.contains("<updated>2026-09-15T00:00:00+07:00</updated>"),
            "{old}"
        );
        assert!(!old.contains("<published>2026-09-15"), "{old}");
        let new = entry("qd-140");
        assert!(!new.contains("Đã được thay thế"), "{new}");
    }
}
