//! Long lists split into pages: the commitments fixture
//! (`tests/fixtures/comply`) built with one or two rows a page
//! (`[pages] rows` in its `congkhai.toml`). Every item is listed once in
//! the lists of each status, every link to an item lands on the page that
//! holds its anchor, previous and next chain every page of a list, the
//! numbers of pages agree with the counts, and a ward without commitments
//! still has its overview. Kind lists, the register's quarters, the funds
//! of the compliance page and what the home shows as posted now are paged
//! the same way.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

const TODAY: &str = "2026-11-22";

/// The comply fixture with `rows` rows a page, with `edit` applied, built
/// into a temporary folder; returns it and the ward's output folder.
fn built(rows: usize, edit: impl Fn(&Path)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("kho");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comply"),
        &root,
    );
    let config = root.join("congkhai.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(&format!("\n[pages]\nrows = {rows}\n"));
    std::fs::write(&config, text).expect("write config");
    edit(&root);
    let out = dir.path().join("site");
    common::build_ok(&root, &out, TODAY, &[]);
    (dir, out.join("ban-co"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.html` file under `dir`, by path from `dir`.
fn pages(dir: &Path) -> BTreeMap<String, String> {
    common::tree(dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).expect("UTF-8 page")))
        .collect()
}

/// The values of `attr="…"` in `html`.
fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let key = format!("{attr}=\"");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest.find('"').map(|j| &rest[..j])
        })
        .collect()
}

/// The page a link from `from` (a path from the ward folder) lands on, and
/// its fragment.
fn resolve(from: &str, href: &str) -> (String, String) {
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let base = Path::new(from).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = Vec::new();
    for c in base.join(path).components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    (parts.join("/"), fragment.to_string())
}

/// The `rel="next"` (or `prev`) link of a page, resolved.
fn rel(pages: &BTreeMap<String, String>, from: &str, rel: &str) -> Option<String> {
    let html = &pages[from];
    let key = format!("\" rel=\"{rel}\"");
    let end = html.find(&key)?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    Some(resolve(from, &html[start..end]).0)
}

/// Follows `next` from `first`; checks `prev` leads back; returns the chain.
fn chain(pages: &BTreeMap<String, String>, first: &str) -> Vec<String> {
    let mut seen = vec![first.to_string()];
    while let Some(next) = rel(pages, seen.last().expect("one"), "next") {
        assert!(pages.contains_key(&next), "{next} missing");
        assert!(!seen.contains(&next), "{next} twice");
        assert_eq!(
            rel(pages, &next, "prev").as_deref(),
            seen.last().map(String::as_str),
            "prev of {next}"
        );
        seen.push(next);
    }
    seen
}

/// The number that opens the first `(…)` after `marker` on a page.
fn count_after(html: &str, marker: &str) -> usize {
    let at = html.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let rest = &html[at..];
    let open = rest.find('(').expect("(") + 1;
    let digits: String = rest[open..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a count")
}

#[test]
fn the_tracker_splits_into_pages_that_hold_each_item_once() {
    let (_dir, ward) = built(1, |_| {});
    let pages = pages(&ward);
    let overview = &pages["cam-ket.html"];
    // The fixture's counts: 2 overdue, 3 open, 2 done, one item a page.
    let lists = [
        ("cam-ket.html", "id=\"qua-han\"", 2),
        ("cam-ket/dang-thuc-hien.html", "id=\"dang-thuc-hien\"", 3),
        ("cam-ket/da-xong.html", "id=\"da-xong\"", 2),
    ];
    let mut anchors: BTreeMap<String, String> = BTreeMap::new();
    for (first, heading, want) in lists {
        let chained = chain(&pages, first);
        assert_eq!(chained.len(), want, "{first}: {chained:?}");
        assert_eq!(count_after(&pages[first], heading), want);
        for (n, page) in chained.iter().enumerate() {
            let html = &pages[page];
            if n > 0 {
                let title = format!("trang {}/{want}", n + 1);
                let t = &html[html.find("<title>").expect("title")..];
                assert!(
                    t[..t.find("</title>").expect("end")].contains(&title),
                    "{page}"
                );
            }
            for id in attrs(html, "id")
                .into_iter()
                .filter(|i| i.starts_with("viec-"))
            {
                let before = anchors.insert(id.to_string(), page.clone());
                assert!(before.is_none(), "{id} listed twice: {before:?} and {page}");
            }
        }
    }
    assert_eq!(anchors.len(), 7);
    assert!(overview.contains("2 quá hạn, 3 chưa xong còn hạn, 2 đã xong"));
    // Every link to an item, on any page of the ward, lands on the page
    // that holds its anchor.
    let mut links = 0;
    for (from, html) in &pages {
        for href in attrs(html, "href")
            .into_iter()
            .filter(|h| h.contains("#viec-"))
        {
            let (page, fragment) = resolve(from, href);
            assert_eq!(anchors.get(&fragment), Some(&page), "{href} from {from}");
            links += 1;
        }
    }
    // Each item from its unit's page (the fixture's items all have one).
    assert!(links >= anchors.len(), "{links}");
    // One page per unit, its items paged too, listed from the overview
    // and the further pages of units.
    let index: Vec<&String> = pages
        .keys()
        .filter(|p| *p == "cam-ket.html" || p.starts_with("cam-ket/don-vi-trang-"))
        .collect();
    assert!(index.len() > 1, "{index:?}");
    let mut units: BTreeMap<String, usize> = BTreeMap::new();
    for page in index {
        let html = &pages[page];
        let section = &html[html.find("id=\"theo-don-vi\"").expect("units")..];
        for href in attrs(section, "href") {
            let (unit, _) = resolve(page, href);
            let name = unit.trim_start_matches("cam-ket/don-vi-");
            if name.trim_end_matches(".html").parse::<usize>().is_ok() {
                units.insert(unit, count_after(section, &format!("href=\"{href}\"")));
            }
        }
    }
    assert!(!units.is_empty());
    for (unit, &count) in &units {
        let chained = chain(&pages, unit);
        assert_eq!(chained.len(), count, "{unit}");
        let items: usize = chained
            .iter()
            .map(|p| {
                attrs(&pages[p], "href")
                    .iter()
                    .filter(|h| h.contains("#viec-"))
                    .count()
            })
            .sum();
        assert_eq!(items, count, "{unit}");
    }
}

#[test]
fn a_kind_list_and_a_register_quarter_are_paged_and_chained() {
    let (_dir, ward) = built(1, |_| {});
    let pages = pages(&ward);
    // A kind list: every record once, the count on the first page.
    let chained = chain(&pages, "dialogue/index.html");
    let titles: Vec<&str> = chained
        .iter()
        .flat_map(|p| attrs(&pages[p], "class=\"record-title\" href"))
        .collect();
    let unique: BTreeSet<&str> = titles.iter().copied().collect();
    assert_eq!(unique.len(), titles.len(), "{titles:?}");
    let count = count_after(&pages["dialogue/index.html"], "<h1>");
    assert_eq!(titles.len(), count);
    assert!(count > 1, "the fixture needs more than one page");
    assert_eq!(chained.len(), count);
    assert!(pages[&chained[1]].contains(&format!("trang 2/{}", chained.len())));
    // Further pages in a folder of their own: no record's page takes their name.
    assert_eq!(chained[1], "dialogue/danh-sach/trang-2.html");
    // A quarter of the register: its numbers run on from page to page.
    let chained = chain(&pages, "so-cong-khai/2026-q3.html");
    let numbers: Vec<String> = chained
        .iter()
        .flat_map(|p| {
            pages[p]
                .match_indices("<td class=\"num\">")
                .map(|(i, m)| {
                    let rest = &pages[p][i + m.len()..];
                    rest[..rest.find('<').expect("<")].to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let want: Vec<String> = (1..=numbers.len()).map(|n| n.to_string()).collect();
    assert_eq!(numbers, want);
    assert!(numbers.len() > 1);
    assert_eq!(chained.len(), numbers.len());
}

#[test]
fn a_ward_without_commitments_still_has_its_overview() {
    let (_dir, ward) = built(1, |root| {
        for kind in ["dialogue", "plan"] {
            let dir = root.join("content/ban-co").join(kind);
            if dir.exists() {
                std::fs::remove_dir_all(&dir).expect("rm");
            }
        }
    });
    let overview = read(&ward.join("cam-ket.html"));
    assert!(overview.contains("0 quá hạn, 0 chưa xong còn hạn, 0 đã xong"));
    assert!(overview.contains("id=\"qua-han\""));
    assert!(!overview.contains("id=\"viec-"));
    assert!(!overview.contains("rel=\"next\""));
    // The other statuses' lists exist, empty, so their links hold.
    for list in ["cam-ket/dang-thuc-hien.html", "cam-ket/da-xong.html"] {
        assert!(ward.join(list).is_file(), "{list}");
        assert!(overview.contains(&format!("href=\"{list}\"")));
    }
}

#[test]
fn the_compliance_funds_and_what_is_posted_now_are_paged() {
    let (_dir, ward) = built(1, |_| {});
    let pages = pages(&ward);
    // The funds' periods: one a page, the first on the compliance page.
    let chained = chain(&pages, "tuan-thu.html");
    assert!(chained.len() > 1, "{chained:?}");
    for (n, p) in chained.iter().enumerate() {
        let html = &pages[p];
        let funds = &html[html.find("id=\"funds-title\"").expect("funds")..];
        let funds = &funds[..funds.find("</section>").expect("end")];
        assert_eq!(funds.matches("<tr><th scope=\"row\">").count(), 1, "{p}");
        if n > 0 {
            assert!(html.contains(&format!("trang {}/{}", n + 1, chained.len())));
            // The rest of the page stays on the first one.
            assert!(!html.contains("id=\"items-title\""), "{p}");
        }
    }
    assert!(pages["tuan-thu.html"].contains("id=\"items-title\""));
    // A report's funds, one a page (the fixture's reports have one fund).
    let chained = chain(&pages, "bao-cao/2026-nam.html");
    for p in &chained {
        let html = &pages[p];
        let funds = &html[html.find("4. ").expect("funds")..];
        assert_eq!(funds.matches("<tr><th scope=\"row\">").count(), 2, "{p}");
    }
    // What is posted now: the first row on the home, the others after it.
    let chained = chain(&pages, "index.html");
    let mut titles = BTreeSet::new();
    for p in &chained {
        let html = &pages[p];
        let posted = &html[html.find("<tbody>").expect("table")..];
        let posted = &posted[..posted.find("</tbody>").expect("end")];
        let links = attrs(posted, "href");
        assert_eq!(links.len(), 1, "{p}");
        let (target, _) = resolve(p, links[0]);
        assert!(pages.contains_key(&target), "{target}");
        assert!(titles.insert(target), "{p}");
    }
    assert!(titles.len() > 1);
}
