//! `congkhai check` and `build` as an editor meets them: the snippet with a
//! caret, both languages, every problem in one run, exit statuses, text that
//! editors paste (NFD, CRLF, BOM), template errors, and resource limits.

mod common;
use common::copy_dir;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/base")
}

/// A copy of the corpus base repository.
fn repo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    copy_dir(&base(), &repo);
    (dir, repo)
}

fn edit(repo: &Path, file: &str, old: &str, new: &str) {
    let path = repo.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(old).count(), 1, "{file}: {old}");
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
}

fn congkhai(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn check(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--today", "2026-11-22"];
    args.extend(extra);
    congkhai(&args, root)
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const FUND: &str = "content/ban-co/fund/hem-45-q3.md";
const PLAN: &str = "content/ban-co/plan/ke-hoach-dan-chu-2026.md";

#[test]
fn human_output_shows_the_line_with_a_caret_in_vietnamese() {
    let (_d, repo) = repo();
    edit(
        &repo,
        FUND,
        "opening_balance: 1000000",
        "opening_balance: 1,5",
    );
    let out = check(&repo, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("lỗi[E0108]: trường `opening_balance`: `1,5`: số tiền không rõ nghĩa"),
        "{err}"
    );
    assert!(err.contains(&format!("--> {FUND}:13:18")), "{err}");
    let shown = err
        .lines()
        .find(|l| l.contains("13 | opening_balance: 1,5"))
        .expect(&err);
    let caret = err.lines().find(|l| l.contains("^^^")).expect(&err);
    assert_eq!(caret.find('^'), shown.find("1,5"), "{err}");
    assert!(
        err.contains(
            "Đã kiểm tra 1 phường, 16 hồ sơ: 1 lỗi, 0 cảnh báo, 1 ghi chú (xem bằng --notes)."
        ),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "no colours when not on a terminal");
}

#[test]
fn english_with_lang_en() {
    let (_d, repo) = repo();
    edit(&repo, PLAN, "period: \"2026\"", "perod: \"2026\"");
    let out = check(&repo, &["--lang", "en"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[E0104]: field `perod` does not exist in a `plan` record"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `period`?"), "{err}");
    assert!(
        err.contains(
            "Checked 1 wards, 17 records: 1 errors, 0 warnings, 1 notes (see them with --notes)."
        ),
        "{err}"
    );
    let json = json_lines(&check(&repo, &["--lang", "en", "--format", "json"]));
    let d = json.iter().find(|d| d["code"] == "E0104").unwrap();
    assert_eq!(
        d["message"],
        "field `perod` does not exist in a `plan` record"
    );
    assert_eq!(d["help"], "did you mean `period`?");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let (_d, repo) = repo();
    edit(
        &repo,
        FUND,
        "period_end: 2026-09-30",
        "period_end: 2026-09-31",
    );
    edit(
        &repo,
        FUND,
        "opening_balance: 1000000",
        "opening_balance: -1",
    );
    edit(
        &repo,
        FUND,
        "purpose: Nâng cấp hẻm 45",
        "purpse: Nâng cấp hẻm 45",
    );
    edit(&repo, PLAN, "progress: 40", "progress: 400");
    edit(
        &repo,
        "content/ban-co/ward.yaml",
        "code: \"27154\"",
        "code: \"2715\"",
    );
    let out = check(&repo, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let found: Vec<(String, String, u64)> = json_lines(&out)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    for want in [
        ("E0104", FUND, 8),
        ("E0109", FUND, 12),
        ("E0108", FUND, 13),
        ("E0103", PLAN, 18),
        ("E0301", "content/ban-co/ward.yaml", 1),
    ] {
        let want = (want.0.to_string(), want.1.to_string(), want.2);
        assert!(found.contains(&want), "{want:?} not in {found:#?}");
    }
}

#[test]
fn json_objects_have_exactly_the_specified_fields() {
    let (_d, repo) = repo();
    edit(
        &repo,
        FUND,
        "closing_balance: 3300000",
        "closing_balance: 3300001",
    );
    let out = check(&repo, &["--format", "json"]);
    let lines = json_lines(&out);
    let d = lines.iter().find(|d| d["code"] == "E0244").unwrap();
    let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["code", "column", "file", "help", "line", "message", "severity"]
    );
    assert_eq!(d["file"], FUND);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(20), Some(18))
    );
    assert_eq!(d["severity"], "error");
    let message = d["message"].as_str().unwrap();
    for part in ["3.300.001 đ", "3.300.000 đ", "chênh lệch 1 đ"] {
        assert!(message.contains(part), "{message}");
    }
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "JSON mode prints nothing else"
    );
}

#[test]
fn exit_status_two_for_usage_and_io() {
    let (_d, repo) = repo();
    assert_eq!(check(&repo, &[]).status.code(), Some(0));
    let bad_date = congkhai(&["check", "--today", "2026-02-30"], &repo);
    assert_eq!(bad_date.status.code(), Some(2));
    let bad_flag = congkhai(&["check", "--frobnicate"], &repo);
    assert_eq!(bad_flag.status.code(), Some(2));
    let nowhere = congkhai(&["check", "--today", "2026-11-22"], &repo.join("khong-co"));
    assert_eq!(nowhere.status.code(), Some(2));
    let err = String::from_utf8_lossy(&nowhere.stderr);
    assert!(err.contains("E0003"), "{err}");
}

#[test]
fn pasted_text_nfd_crlf_and_bom_is_accepted_silently() {
    let (_d, repo) = repo();
    let path = repo.join(PLAN);
    let text = std::fs::read_to_string(&path).unwrap();
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(text.as_str()).collect();
    let pasted = format!("\u{feff}{}", nfd.replace('\n', "\r\n"));
    std::fs::write(&path, pasted).unwrap();
    let out = check(&repo, &["--format", "json", "--deny-warnings"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Line numbers stay right with CRLF: a defect on line 18.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("progress: 40", "progress: 140")).unwrap();
    let lines = json_lines(&check(&repo, &["--format", "json"]));
    let d = lines.iter().find(|d| d["code"] == "E0211").unwrap();
    assert_eq!(d["line"], 13);
}

#[test]
fn a_broken_theme_template_is_named_with_its_line() {
    let (dir, repo) = repo();
    let template = repo.join("themes/default/templates/record.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(
        &template,
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ record.title }</h1>\n{% endblock %}\n",
    )
    .unwrap();
    let out_dir = dir.path().join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args([
            "build",
            "--today",
            "2026-11-22",
            "--format",
            "json",
            "--root",
        ])
        .arg(&repo)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    let d = lines.iter().find(|d| d["code"] == "E0404").expect("E0404");
    assert_eq!(d["file"], "themes/default/templates/record.html", "{d}");
    assert_eq!(d["line"], 3, "{d}");
    assert!(!out_dir.exists(), "nothing was written");
}

#[test]
fn a_50_mb_record_is_refused_without_reading_it_all() {
    let (_d, repo) = repo();
    let path = repo.join("content/ban-co/document/rat-lon.md");
    let mut text =
        String::from("---\ntitle: Rất lớn\npublished: 2026-02-03\ndisclosure_item: 4\n---\n");
    let line = "Nội dung lặp lại rất nhiều lần để tệp thật lớn. ".repeat(20) + "\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    std::fs::write(&path, &text).unwrap();
    drop(text);
    let out = check(&repo, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    let d = lines.iter().find(|d| d["code"] == "E0011").expect("E0011");
    assert_eq!(d["file"], "content/ban-co/document/rat-lon.md");
    assert!(d["message"].as_str().unwrap().contains("8 MiB"), "{d}");
}

/// A parcel table of one million rows.
fn million_row_csv(path: &Path) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "map_sheet,parcel_no,area_m2,land_type,holder,land,assets,relocation,support,total,resettlement").unwrap();
    for i in 0..1_000_000u32 {
        writeln!(f, "12,{i},18,ODT,Hộ số {i},1200000,0,100000,0,1300000,").unwrap();
    }
    f.flush().unwrap();
}

#[test]
fn a_million_row_csv_is_refused_by_size_or_by_rows() {
    let (_d, repo) = repo();
    million_row_csv(&repo.join("content/ban-co/land/thua.csv"));
    // By default the file is over the size limit.
    let out = check(&repo, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert!(
        lines
            .iter()
            .any(|d| d["code"] == "E0011" && d["file"] == "content/ban-co/land/thua.csv"),
        "{lines:#?}"
    );
    // With a larger size limit, reading stops at the row limit.
    std::fs::write(
        repo.join("congkhai.toml"),
        "title = \"Kho\"\n[limits]\nrecord_max_mb = 100\n",
    )
    .unwrap();
    let out = check(&repo, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    let d = lines.iter().find(|d| d["code"] == "E0131").expect("E0131");
    assert_eq!(d["file"], "content/ban-co/land/thua.csv");
    assert_eq!(d["line"], 50_002);
}
