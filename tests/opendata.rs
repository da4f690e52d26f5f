//! Open data of the sample repository: every CSV has the rows its page's
//! table shows, no name masked on the pages appears in any data file, feed,
//! catalogue or bundle, feeds and sitemap are well-formed XML, and two
//! bundles of the same input are byte-identical.

mod common;
use common::copy_dir;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-22";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the sample repository, with `base_url` set.
fn sample_with_base_url() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("content"), &dir.path().join("content"));
    let toml = std::fs::read_to_string(root().join("congkhai.toml")).unwrap();
    std::fs::write(
        dir.path().join("congkhai.toml"),
        format!("base_url = \"https://example.org/cong-khai/\"\n{toml}"),
    )
    .unwrap();
    dir
}

fn run(args: &[&str], repo: &Path) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(args)
        .args(["--today", TODAY, "--root"])
        .arg(repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// The part of `html` inside the element that starts at `open` (its first
/// occurrence), up to the matching closing tag of `tag`.
fn element<'a>(html: &'a str, open: &str, tag: &str) -> Option<&'a str> {
    let (o, c) = (format!("<{tag}"), format!("</{tag}>"));
    let at = html.find(open)?;
    // From the start of the tag that holds `open`.
    let start = html[..at + open.len()].rfind(&o)?;
    let rest = &html[start..];
    let mut depth = 0usize;
    let mut i = 0;
    while i < rest.len() {
        if rest[i..].starts_with(&o) {
            depth += 1;
        } else if rest[i..].starts_with(&c) {
            depth -= 1;
            if depth == 0 {
                return Some(&rest[..i]);
            }
        }
        i += rest[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Rows the page shows for the record table at `path`: the `<tr>`s of the
/// section's `<tbody>`, the items of a list of questions, or (for a table
/// inside a table) the items of its lists.
fn page_rows(html: &str, path: &str) -> Option<usize> {
    match path.split_once('.') {
        None => {
            let section = element(
                html,
                &format!("aria-labelledby=\"{path}-title\""),
                "section",
            )?;
            if element(section, "<tbody", "tbody").is_some() {
                // Every table of the section (a budget's tables share one).
                let mut n = 0;
                let mut rest = section;
                while let Some(body) = element(rest, "<tbody", "tbody") {
                    n += body.matches("<tr").count();
                    let at = rest.find(body).unwrap_or(0) + body.len();
                    rest = &rest[at..];
                }
                Some(n)
            } else {
                Some(section.matches("<li class=\"dialogue-item").count())
            }
        }
        Some((outer, inner)) => {
            let section = element(
                html,
                &format!("aria-labelledby=\"{outer}-title\""),
                "section",
            )?;
            let mut n = 0;
            let mut rest = section;
            while let Some(list) = element(rest, &format!("<ul class=\"{inner}\""), "ul") {
                n += list.matches("<li").count();
                let at = rest.find(list).unwrap_or(0) + list.len();
                rest = &rest[at..];
            }
            // A list inside an object that is not a list (a confidence
            // vote's holders) is the one table of its section.
            if n == 0 {
                if let Some(body) = element(section, "<tbody", "tbody") {
                    return Some(body.matches("<tr").count());
                }
            }
            Some(n)
        }
    }
}

#[test]
fn every_record_csv_has_the_rows_of_its_page_and_the_ward_csv_all_of_them() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    run(
        &["build", "--quiet", "--out", site.to_str().unwrap()],
        &root(),
    );
    let mut checked = BTreeSet::new();
    for ward in ["ban-co", "nhieu-loc", "xuan-hoa"] {
        let mut per_table: std::collections::BTreeMap<String, usize> = Default::default();
        for csv in files(&site.join(ward)) {
            let name = csv.file_name().unwrap().to_string_lossy().into_owned();
            let in_data = csv.parent().unwrap().ends_with("data");
            // The quarterly register and the periodic reports are the
            // ward's own tables, not a record's.
            let supervision = ["so-cong-khai", "bao-cao"]
                .iter()
                .any(|f| csv.parent().unwrap().ends_with(f));
            if !name.ends_with(".csv") || in_data || supervision {
                continue;
            }
            let (id, table) = name.trim_end_matches(".csv").split_once('.').unwrap();
            let page = csv.with_file_name(format!("{id}.html"));
            let html = std::fs::read_to_string(&page).unwrap();
            let mut reader = csv::Reader::from_path(&csv).unwrap();
            let rows = reader.records().count();
            assert_eq!(
                Some(rows),
                page_rows(&html, table),
                "{}: rows against {}",
                csv.display(),
                page.display()
            );
            assert!(
                html.contains(&format!("href=\"{name}\"")),
                "{} links {name}",
                page.display()
            );
            let kind = csv.parent().unwrap().file_name().unwrap().to_string_lossy();
            *per_table.entry(format!("{kind}.{table}")).or_default() += rows;
            checked.insert(table.to_string());
        }
        for (table, rows) in per_table {
            let path = site.join(ward).join("data").join(format!("{table}.csv"));
            let mut reader = csv::Reader::from_path(&path).unwrap();
            assert_eq!(reader.headers().unwrap().get(0), Some("record_id"));
            assert_eq!(reader.records().count(), rows, "{}", path.display());
        }
    }
    for t in [
        "receipts",
        "expenses",
        "parcels",
        "tasks",
        "tasks.milestones",
        "items",
        "fees",
        "files",
        "rows",
        "tables",
        "audit",
    ] {
        assert!(checked.contains(t), "no {t} table checked");
    }
}

/// Every personal name the link stage masks, as it is in the repository.
fn masked_names() -> BTreeSet<String> {
    let root = root();
    let walk = congkhai::load::walk(&root, None).unwrap();
    let reader = walk.reader();
    let today = congkhai::date::Date::parse(TODAY).unwrap();
    let mut names = BTreeSet::new();
    for file in walk.files() {
        // As read, then after phase one (which masks the names).
        let (Some(read), _) = reader.read(file) else {
            continue;
        };
        let (Some(masked), _) = congkhai::build::record_phase(&reader, file, today) else {
            continue;
        };
        let before = serde_json::to_value(&read).unwrap();
        let after = serde_json::to_value(&*masked).unwrap();
        collect_changed(&before, &after, &mut names);
    }
    names
}

fn collect_changed(a: &serde_json::Value, b: &serde_json::Value, out: &mut BTreeSet<String>) {
    use serde_json::Value;
    match (a, b) {
        (Value::String(x), Value::String(y)) if x != y => {
            out.insert(x.clone());
        }
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .zip(y)
            .for_each(|(x, y)| collect_changed(x, y, out)),
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                if k != "status" {
                    if let Some(w) = y.get(k) {
                        collect_changed(v, w, out);
                    }
                }
            }
        }
        _ => {}
    }
}

#[test]
fn masked_names_appear_in_no_data_file_feed_catalogue_or_bundle() {
    let names = masked_names();
    assert!(names.len() >= 10, "the sample masks names: {names:?}");
    assert!(names.iter().any(|n| n.contains("Nguyễn")));
    let repo = sample_with_base_url();
    let site = repo.path().join("public");
    let out = run(&["bundle"], repo.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("portal.zip"));
    let mut seen = 0;
    for f in files(&site) {
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        let texts: Vec<String> = match ext.as_str() {
            "json" | "csv" | "atom" | "jsonld" | "xml" | "html" => {
                vec![std::fs::read_to_string(&f).unwrap()]
            }
            "zip" => {
                let mut zip = zip::ZipArchive::new(std::fs::File::open(&f).unwrap()).unwrap();
                (0..zip.len())
                    .map(|i| {
                        let mut s = Vec::new();
                        zip.by_index(i).unwrap().read_to_end(&mut s).unwrap();
                        String::from_utf8_lossy(&s).into_owned()
                    })
                    .collect()
            }
            _ => continue,
        };
        seen += 1;
        for text in texts {
            for n in &names {
                assert!(!text.contains(n.as_str()), "{} shows `{n}`", f.display());
            }
        }
    }
    assert!(seen > 200);
}

#[test]
fn two_bundles_of_the_same_input_are_byte_identical_and_checkable() {
    let repo = sample_with_base_url();
    let (a, b) = (repo.path().join("a"), repo.path().join("b"));
    run(
        &["bundle", "--ward", "ban-co", "--out", a.to_str().unwrap()],
        repo.path(),
    );
    // Pages written later, with other modification times.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run(
        &["bundle", "--ward", "ban-co", "--out", b.to_str().unwrap()],
        repo.path(),
    );
    let (za, zb) = (
        std::fs::read(a.join("ban-co.zip")).unwrap(),
        std::fs::read(b.join("ban-co.zip")).unwrap(),
    );
    assert_eq!(za, zb, "the two bundles differ");
    assert!(
        !a.join("portal.zip").exists(),
        "--ward bundles only that ward"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(za)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names.last().map(String::as_str), Some("ban-co/SHA256SUMS"));
    sorted.retain(|n| n != "ban-co/SHA256SUMS");
    assert_eq!(&names[..names.len() - 1], &sorted[..]);
    for must in [
        "ban-co/index.html",
        "ban-co/search/manifest.js",
        "ban-co/data/datapackage.json",
        "ban-co/feed.atom",
    ] {
        assert!(names.iter().any(|n| n == must), "{must} missing");
    }
    let mut sums = String::new();
    zip.by_name("ban-co/SHA256SUMS")
        .unwrap()
        .read_to_string(&mut sums)
        .unwrap();
    assert_eq!(sums.lines().count(), names.len() - 1);
    // Each line checks its file, as `sha256sum -c` would.
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").unwrap();
        let mut bytes = Vec::new();
        zip.by_name(&format!("ban-co/{name}"))
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        assert_eq!(hash, congkhai::export::sha256_hex(&bytes), "{name}");
    }
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(f.unix_mode().map(|m| m & 0o777), Some(0o644));
    }
}

#[test]
fn the_ward_home_links_its_bundle_with_size_and_hash() {
    let repo = sample_with_base_url();
    let out = run(&["bundle", "--ward", "xuan-hoa"], repo.path());
    let line = String::from_utf8_lossy(&out.stdout).into_owned();
    let hash = line.split_whitespace().next().unwrap();
    let home = std::fs::read_to_string(repo.path().join("public/xuan-hoa/index.html")).unwrap();
    assert!(home.contains("href=\"../bundles/xuan-hoa.zip\""), "{home}");
    assert!(home.contains(hash));
    assert!(!home.contains(congkhai::export::BUNDLE_MARK));
    // The other wards were not bundled, so their homes link nothing.
    let other = std::fs::read_to_string(repo.path().join("public/ban-co/index.html")).unwrap();
    assert!(!other.contains("bundles/"));
}

#[test]
fn feeds_catalogues_and_sitemap_are_well_formed_and_absolute_with_base_url() {
    let repo = sample_with_base_url();
    let site = repo.path().join("out");
    run(
        &["build", "--quiet", "--out", site.to_str().unwrap()],
        repo.path(),
    );
    let mut feeds = 0;
    for f in files(&site) {
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        if ext != "atom" && ext != "xml" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let doc =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let rootel = doc.root_element();
        if ext == "atom" {
            feeds += 1;
            assert_eq!(
                rootel.tag_name().namespace(),
                Some("http://www.w3.org/2005/Atom")
            );
            let ids: Vec<&str> = rootel
                .descendants()
                .filter(|n| n.has_tag_name("id"))
                .filter_map(|n| n.text())
                .collect();
            assert!(ids.iter().all(|id| id.starts_with("tag:")), "{ids:?}");
            let mut updated: Vec<&str> = rootel
                .children()
                .filter(|n| n.has_tag_name("entry"))
                .flat_map(|e| e.children().filter(|n| n.has_tag_name("updated")))
                .filter_map(|n| n.text())
                .collect();
            let newest_first = updated.windows(2).all(|w| w[0] >= w[1]);
            assert!(newest_first, "{}: {updated:?}", f.display());
            updated.clear();
            for l in rootel.descendants().filter(|n| n.has_tag_name("link")) {
                let href = l.attribute("href").unwrap();
                assert!(href.starts_with("https://example.org/cong-khai/"), "{href}");
            }
        } else {
            let locs: Vec<&str> = rootel
                .descendants()
                .filter(|n| n.has_tag_name("loc"))
                .filter_map(|n| n.text())
                .collect();
            assert!(locs.contains(&"https://example.org/cong-khai/ban-co/index.html"));
            // Each land project's timeline, as the land records link it.
            assert!(locs.contains(
                &"https://example.org/cong-khai/ban-co/du-an/mo-rong-truong-trung-hoc-co-so-ban-co.html"
            ));
            assert!(locs.len() > 50);
        }
    }
    // A feed per ward and per kind of each of the three wards.
    assert_eq!(feeds, 3 * (congkhai::model::Kind::ALL.len() + 1));
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/cong-khai/sitemap.xml"));
    let catalog: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("ban-co/catalog.jsonld")).unwrap())
            .unwrap();
    let first = &catalog["dcat:dataset"][1]["dcat:distribution"][0];
    let url = first["dcat:downloadURL"]["@id"].as_str().unwrap();
    assert!(
        url.starts_with("https://example.org/cong-khai/ban-co/data/"),
        "{url}"
    );
    let file = site.join(url.trim_start_matches("https://example.org/cong-khai/"));
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(first["dcat:byteSize"]["@value"], bytes.len().to_string());
    assert_eq!(
        first["spdx:checksum"]["spdx:checksumValue"]["@value"],
        congkhai::export::sha256_hex(&bytes)
    );
    // Pages do not depend on base_url.
    for f in files(&site)
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(f).unwrap();
        assert!(!html.contains("example.org"), "{}", f.display());
    }
}

#[test]
fn without_base_url_there_is_no_sitemap_and_links_stay_relative() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    run(
        &["build", "--quiet", "--out", site.to_str().unwrap()],
        &root(),
    );
    assert!(!site.join("sitemap.xml").exists() && !site.join("robots.txt").exists());
    let feed = std::fs::read_to_string(site.join("ban-co/fund/feed.atom")).unwrap();
    assert!(!feed.contains("href=\"http"), "{feed}");
    assert!(feed.contains("href=\"../fund/dong-gop-nang-cap-hem-45-cao-thang.html\""));
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("ban-co/data/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(
        package["$schema"],
        congkhai::export::datapackage::PROFILE_V2
    );
    for r in package["resources"].as_array().unwrap() {
        let bytes =
            std::fs::read(site.join("ban-co/data").join(r["path"].as_str().unwrap())).unwrap();
        assert_eq!(r["bytes"], bytes.len());
        assert_eq!(
            r["hash"],
            format!("sha256:{}", congkhai::export::sha256_hex(&bytes))
        );
    }
    let bytes =
        std::fs::read(site.join("ban-co/fund/dong-gop-nang-cap-hem-45-cao-thang.json")).unwrap();
    assert!(bytes.starts_with(b"{\"schema_version\":1,"));
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["data"]["totals"]["receipts"], 155_000_000);
}

#[test]
fn a_bundle_folder_that_cannot_be_written_is_e0027_with_exit_status_2() {
    let repo = sample_with_base_url();
    // `--out` names a regular file: no zip can go inside it.
    let blocked = repo.path().join("blocked");
    std::fs::write(&blocked, "not a folder").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["bundle", "--ward", "ban-co", "--out"])
        .arg(&blocked)
        .args(["--today", TODAY, "--root"])
        .arg(repo.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("E0027"), "{stderr}");
    assert!(!stderr.contains("E0022"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&blocked).unwrap(), "not a folder");
}
