//! The sitemap lists every HTML page the site holds and nothing else: pages
//! of every kind (compliance, register, commitments, reports, timelines,
//! recent changes…), whether a ward was rendered now, taken unchanged from
//! the previous site by the cache, or kept from it by a build of other wards.

mod common;
use common::copy_dir;
use std::collections::BTreeSet;
use std::path::Path;

const TODAY: &str = "2026-11-22";
const BASE: &str = "https://congkhai.example.vn/q3";

/// A copy of the sample repository with `base_url` set.
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&src.join("content"), &dir.path().join("content"));
    let toml = std::fs::read_to_string(src.join("congkhai.toml")).unwrap();
    std::fs::write(
        dir.path().join("congkhai.toml"),
        toml.replacen(
            "language = ",
            &format!("base_url = \"{BASE}/\"\nlanguage = "),
            1,
        ),
    )
    .unwrap();
    dir
}

fn build(root: &Path, out: &Path, extra: &[&str]) {
    common::build_ok(root, out, TODAY, &[&["-q"], extra].concat());
}

/// Every HTML file under `site`, from its root.
fn html_files(site: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(site).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

/// The pages the sitemap lists, from the site's root; each listed once.
fn listed(site: &Path) -> BTreeSet<String> {
    let xml = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("sitemap parses");
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    let pages: BTreeSet<String> = locs
        .iter()
        .map(|l| {
            l.strip_prefix(&format!("{BASE}/"))
                .unwrap_or_else(|| panic!("not under base_url: {l}"))
                .to_string()
        })
        .collect();
    assert_eq!(pages.len(), locs.len(), "a page listed twice");
    pages
}

fn assert_lists_every_page(site: &Path) {
    let (files, pages) = (html_files(site), listed(site));
    let missing: Vec<_> = files.difference(&pages).collect();
    let extra: Vec<_> = pages.difference(&files).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not listed: {missing:?}\nlisted but absent: {extra:?}"
    );
}

#[test]
fn the_sitemap_lists_every_html_page_of_the_sample_and_nothing_else() {
    let repo = sample();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(repo.path(), &site, &["--no-cache"]);
    assert_lists_every_page(&site);
    let pages = listed(&site);
    // Pages a hand-made list once missed.
    for page in [
        "ban-co/tuan-thu.html",
        "ban-co/cam-ket.html",
        "ban-co/thay-doi.html",
        "ban-co/so-cong-khai/2026-q3.html",
        "ban-co/bao-cao/2026-nam.html",
        "ban-co/du-an/mo-rong-truong-trung-hoc-co-so-ban-co.html",
        "index.html",
    ] {
        assert!(pages.contains(page), "{page} not in the sitemap");
    }
    assert!(
        !pages.iter().any(|p| p.contains("/files/")),
        "attachments are not pages"
    );

    // Built again with the cache: every ward taken from the previous site.
    build(repo.path(), &site, &[]);
    assert_eq!(listed(&site), pages, "from the cached wards' summaries");

    // A build of one ward keeps the others' pages, and lists them.
    build(repo.path(), &site, &["--ward", "ban-co"]);
    assert_lists_every_page(&site);
    assert_eq!(listed(&site), pages);
}
