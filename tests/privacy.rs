//! Personal names by field, as the law data's `[privacy]` declares them:
//! masked by default in every output file of a build (pages, JSON, CSV,
//! search index, feeds, bundles), colliding initials numbered within a
//! table, and a list the law requires posted published in full with its
//! basis shown.

mod common;
use common::{copy_dir, copy_fixture};
use std::collections::BTreeMap;
use std::path::Path;

const TODAY: &str = "2026-11-22";

fn build(root: &Path, out: &Path) {
    common::build_ok(root, out, TODAY, &["--quiet"]);
}

/// Every file of the output, by relative path, as text (binary files
/// lossily: a name in them would still show).
fn tree(dir: &Path) -> BTreeMap<String, String> {
    common::tree(dir)
        .into_iter()
        .map(|(rel, bytes)| (rel, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// Lowercase without tone marks, `đ` as `d`: how the search index may
/// hold a name.
fn folded(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect::<String>()
        .replace(['đ', 'Đ'], "d")
        .to_lowercase()
}

fn assert_absent(files: &BTreeMap<String, String>, names: &[&str]) {
    for (rel, text) in files {
        let lower = text.to_lowercase();
        for name in names {
            assert!(!text.contains(name), "{rel} leaks {name}");
            assert!(!lower.contains(&folded(name)), "{rel} leaks {name} folded");
        }
    }
}

#[test]
fn the_sample_masks_beneficiaries_and_lessees_everywhere_and_numbers_their_initials() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(root, &out);
    let files = tree(&out);
    // Every output file of the build: pages, records.json, CSV tables,
    // search index, feeds, data packages, bundles.
    assert!(files.keys().any(|k| k.contains("search")));
    assert!(files.keys().any(|k| k.ends_with(".atom")));
    assert_absent(
        &files,
        &[
            "Nguyễn Thị Lan",
            "Ngô Thị Loan",
            "Nguyễn Thành Long",
            "Huỳnh Văn Sáu",
            "Trần Văn Hùng",
        ],
    );
    let page = &files["ban-co/support/ho-tro-tet-binh-ngo-2026.html"];
    for n in ["N.T.L. (1)", "N.T.L. (2)", "N.T.L. (3)"] {
        assert!(page.contains(n), "{n} on the page");
    }
    assert!(
        page.contains("T.V.B.</th>"),
        "a name no other shares has no number"
    );
    assert!(page.contains("Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"));
    let csv = &files["ban-co/support/ho-tro-tet-binh-ngo-2026.beneficiaries.csv"];
    assert!(csv.contains("N.T.L. (2)"), "the CSV shows the page's names");
    let asset = &files["xuan-hoa/asset/tai-san-cong-nam-2025.html"];
    assert!(asset.contains("T.V.H."), "an individual lessee is masked");
    assert!(
        asset.contains("Trung tâm Quản lý tài sản công Thành phố"),
        "an organisation is not"
    );
    // Totals are computed: 10 households, 12,000,000 đ.
    assert!(page.contains("12.000.000 đ"));
    // The call-up list is published in full, on the basis of Art. 11.9.
    let callup = &files["nhieu-loc/callup/goi-nhap-ngu-2026.html"];
    assert!(callup.contains("Trần Minh Khang"));
    assert!(callup.contains("Khoản 9 Điều 11 Luật số 10/2022/QH15"));
    assert!(!callup.contains("Họ tên cá nhân trong bảng được viết tắt"));
}

/// A support record with `publish_names`, written into the fixture.
fn support_record(publish: bool) -> String {
    format!(
        "---\ntitle: Hỗ trợ hộ cận nghèo\npublished: 2026-10-05\nposted_until: 2026-11-30\n\
         loudspeaker_until: 2026-10-07\ndisclosure_item: 7\nforms: [office_posting, loudspeaker]\n\
         {}policy: Hỗ trợ hộ cận nghèo\n\
         selection: {{meeting_date: 2026-09-25, proposed: 2, approved: 2}}\n\
         beneficiaries:\n\
         \x20 - {{head: Phan Thị Xuân, group: Khu phố 1, amount: 1000000}}\n\
         \x20 - {{head: Phạm Thanh Xuyến, group: Khu phố 2, amount: 500000}}\n---\nDanh sách.\n",
        if publish {
            "publish_names: [beneficiaries.head]\n"
        } else {
            ""
        }
    )
}

#[test]
fn a_list_the_law_requires_posted_is_published_in_full_with_its_basis() {
    for publish in [false, true] {
        let repo = copy_fixture();
        let dir = repo.path().join("content/ban-co/support");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("ho-tro.md"), support_record(publish)).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        build(repo.path(), &out);
        let files = tree(&out);
        let page = &files["ban-co/support/ho-tro.html"];
        let json = &files["ban-co/support/ho-tro.json"];
        if publish {
            assert!(page.contains("Phan Thị Xuân") && json.contains("Phạm Thanh Xuyến"));
            assert!(page.contains("vì pháp luật yêu cầu công khai danh sách này"));
            assert!(page.contains("Khoản 7 Điều 11 Luật số 10/2022/QH15"));
        } else {
            assert_absent(&files, &["Phan Thị Xuân", "Phạm Thanh Xuyến"]);
            assert!(page.contains("P.T.X. (1)") && page.contains("P.T.X. (2)"));
            assert!(json.contains("P.T.X. (2)"));
        }
    }
}

#[test]
fn a_column_the_law_data_declares_is_masked_with_no_change_to_the_code() {
    // The fixture's fund pays "Cửa hàng VLXD Minh Phát"; a repository that
    // declares payees personal data sees them masked like the payers.
    let repo = tempfile::tempdir().unwrap();
    copy_dir(&common::fixture(), repo.path());
    std::fs::write(
        repo.path().join("law.toml"),
        "[privacy.fields.\"fund.expenses.payee\"]\n",
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(repo.path(), &out);
    let files = tree(&out);
    assert_absent(&files, &["Cửa hàng VLXD Minh Phát", "Nguyễn Văn An"]);
    let page = &files["ban-co/fund/hem-45-q3.html"];
    assert!(page.contains("C.H.V.M.P."), "payee masked");
    assert!(page.contains("N.V.A."), "payers still masked");
}

#[test]
fn the_older_donor_switch_goes_through_the_same_rule_and_shows_its_basis() {
    let repo = copy_fixture();
    let fund = repo.path().join("content/ban-co/fund/hem-45-q3.md");
    let text = std::fs::read_to_string(&fund).unwrap();
    let text = text.replacen(
        "closing_balance:",
        "publish_donors: true\nclosing_balance:",
        1,
    );
    std::fs::write(&fund, text).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(repo.path(), &out);
    let files = tree(&out);
    let page = &files["ban-co/fund/hem-45-q3.html"];
    assert!(page.contains("Nguyễn Văn An"), "published in full");
    assert!(page.contains("Khoản 5, khoản 8 Điều 11 Luật số 10/2022/QH15"));
    assert!(!page.contains("được viết tắt"));
}
