//! The budget kind as a citizen and a supervisor meet it: the page nests the
//! rows by their hierarchy, computes the percentages and never adds nested
//! rows twice; the open data carry each row once, with its table, parent and
//! level, out of the same export machinery as every other table.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the check corpus's clean repository into a temporary folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/base");
    let o = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["build", "--quiet", "--today", "2026-11-22", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (out, site)
}

#[test]
fn the_page_nests_rows_computes_percentages_and_adds_only_top_level_rows() {
    let (_d, site) = built();
    let html = std::fs::read_to_string(site.join("ban-co/budget/quy-1-2026.html")).unwrap();
    // Revenue: I (a parent, bold) holds I.1 and I.2, one level in.
    assert!(
        html.contains(r#"<tr class="lvl-0 parent"><td>I</td><th scope="row">Thu phân cấp</th><td>đồng</td><td class="num">400.000</td><td class="num">100.000</td><td class="num">25,0</td></tr>"#),
        "{html}"
    );
    assert!(html.contains(r#"<tr class="lvl-1"><td>I.1</td><th scope="row">Phí và lệ phí</th><td>đồng</td><td class="num">150.000</td><td class="num">40.000</td><td class="num">26,7</td></tr>"#));
    // An "of which" row is two levels in, marked, and not an addend.
    assert!(html.contains(r#"<tr class="lvl-2 of-which"><td>I.1.1</td><th scope="row"><span class="of-which-mark">Trong đó:</span> Quỹ lương</th>"#));
    // The revenue total is I + II (1.000.000), not the sum of every row
    // (1.400.000).
    assert!(html.contains(r#"<tfoot><tr><th scope="row" colspan="3">Tổng cộng</th><td class="num">1.000.000</td><td class="num">250.000</td><td class="num">25,0</td></tr></tfoot>"#));
    assert!(!html.contains("1.400.000"));
    // The balance's rows are not added up: its summary row has no totals.
    assert!(html.contains(r##"<tr><td>Biểu số 113/CK TC-NSNN</td><th scope="row"><a href="#budget-balance">Cân đối ngân sách</a></th><td class="num"></td><td class="num"></td><td class="num"></td></tr>"##));
    // The follow-up of the audit, and the links to the data.
    assert!(html.contains("Thu hồi khoản chi sai"));
    assert!(html.contains(r#"<a href="quy-1-2026.rows.csv" type="text/csv">CSV (rows)</a>"#));
}

#[test]
fn the_rows_csv_holds_every_row_once_with_its_table_and_parent() {
    let (_d, site) = built();
    let text = std::fs::read_to_string(site.join("ban-co/data/budget.rows.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("record_id,row,table,code,parent,name,unit,level,of_which,estimate,execution,percent")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 10, "{text}");
    assert!(rows.contains(&"quy-1-2026,3,revenue,I,,Thu phân cấp,đồng,0,false,400000,100000,25"));
    assert!(rows
        .contains(&"quy-1-2026,9,expenditure,I.1.1,I.1,Quỹ lương,đồng,2,true,700000,150000,21.4"));
    let tables = std::fs::read_to_string(site.join("ban-co/data/budget.tables.csv")).unwrap();
    assert!(
        tables.contains("quy-1-2026,2,revenue,Biểu số 114/CK TC-NSNN,4,2,true,1000000,250000,25\n"),
        "{tables}"
    );
}
