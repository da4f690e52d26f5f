//! Tests of the index: the shared folding vectors, and the index of the
//! `mini` fixture decoded back.

use super::*;
use crate::text::fold;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const VECTORS: &str = include_str!("../../tests/search-vectors.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).expect("tests/search-vectors.json is JSON")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

#[test]
fn folding_vectors() {
    let v = vectors();
    for case in v["fold"].as_array().expect("fold") {
        let [input, want] = [&case[0], &case[1]].map(|s| s.as_str().expect("string"));
        assert_eq!(fold(input), want, "fold({input:?})");
    }
    for case in v["same"].as_array().expect("same") {
        let [a, b] = [&case[0], &case[1]].map(|s| s.as_str().expect("string"));
        assert_eq!(fold(a), fold(b), "{a:?} and {b:?} fold equal");
    }
}

#[test]
fn tokenising_vectors() {
    for case in vectors()["tokens"].as_array().expect("tokens") {
        let folded = fold(case["text"].as_str().expect("text"));
        let syl = tokens::syllables(&folded);
        let texts: Vec<&str> = syl.iter().map(|s| s.text).collect();
        assert_eq!(texts, strings(&case["syllables"]), "{folded}");
        assert_eq!(tokens::pairs(&syl), strings(&case["pairs"]), "{folded}");
        assert_eq!(
            tokens::compounds(&folded, &syl),
            strings(&case["compounds"]),
            "{folded}"
        );
    }
}

/// A query matches a text when every query syllable is among its syllables
/// (what the index does, without ranking).
#[test]
fn matching_vectors() {
    for case in vectors()["matches"].as_array().expect("matches") {
        let (query, text, want) = (
            case[0].as_str().expect("q"),
            case[1].as_str().expect("t"),
            case[2].as_bool().expect("b"),
        );
        let (fq, ft) = (fold(query), fold(text));
        let have: BTreeSet<&str> = tokens::syllables(&ft).iter().map(|s| s.text).collect();
        let got = tokens::syllables(&fq).iter().all(|s| have.contains(s.text));
        assert_eq!(got, want, "{query:?} in {text:?}");
    }
}

#[test]
fn json_strings_are_escaped_as_serde_json_does() {
    for text in [
        "",
        "dan chu",
        "59/2023/nd-cp",
        "a\"b\\c",
        "tab\there\nnew\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
        "Đất đai “x” 中文 😀",
    ] {
        let mut out = Vec::new();
        push_json_string(&mut out, text);
        let want = serde_json::to_string(text).expect("a string");
        assert_eq!(String::from_utf8(out).expect("utf-8"), want);
    }
}

/// Metadata chunks are written as `serde_json` writes the same rows.
#[test]
fn meta_chunks_are_what_serde_json_writes() {
    let rows = [
        (
            "qd-125",
            "Quyết định \"số\" 125",
            "2026-02-03".to_string(),
            "Trích…\n".to_string(),
        ),
        ("x", "", String::new(), "tab\t\u{1}".to_string()),
    ];
    for n in 0..=rows.len() {
        let want = script(format!("meta-{n}.js"), "meta", n, &&rows[..n]);
        assert_eq!(meta_script(n, &rows[..n]), want);
    }
}

/// Excerpts are the first characters of the text with its whitespace
/// collapsed, cut at a word: the same as cutting the collapsed text.
#[test]
fn excerpts_agree_with_cutting_the_collapsed_text() {
    fn reference(text: &str, max: usize) -> String {
        let text = crate::text::collapse_whitespace(text);
        if text.chars().count() <= max {
            return text;
        }
        let cut: String = text.chars().take(max).collect();
        let cut = match cut.rfind(' ') {
            Some(i) if i > max / 2 => &cut[..i],
            _ => cut.as_str(),
        };
        format!("{}…", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
    }
    let texts = [
        "",
        "   ",
        "một",
        "  Phát  huy\tquyền\n\nlàm chủ  ",
        "Kế hoạch thực hiện dân chủ ở cơ sở năm 2026, phường Bàn Cờ; (trích) – “đủ”.",
        "a\u{a0}b\u{2003}c\u{3000}d e",
        "x".repeat(40).as_str(),
    ]
    .map(String::from);
    for text in &texts {
        for max in 0..48 {
            assert_eq!(excerpt(text, max), reference(text, max), "{text:?} {max}");
        }
    }
}

#[test]
fn excerpts_cut_at_a_word() {
    assert_eq!(excerpt("ngắn", 10), "ngắn");
    assert_eq!(
        excerpt("Phát huy quyền làm chủ của Nhân dân", 20),
        "Phát huy quyền làm…"
    );
}

/// The mini fixture's site, as the render stage receives it.
fn mini() -> crate::model::Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let today = crate::date::Date::parse("2026-11-22").expect("date");
    crate::build::check(&root, today, &[])
        .map_err(|d| format!("{d:?}"))
        .expect("fixture loads")
        .site
}

fn bodies(w: &Ward) -> Vec<String> {
    w.records
        .iter()
        .map(|r| crate::markdown::render(&r.body, "").text)
        .collect()
}

/// Reads a `congkhaiIndex("type",n,DATA);` file back.
fn data(f: &IndexFile) -> Value {
    let s = std::str::from_utf8(&f.bytes).expect("utf-8");
    let start = s.find(",{").or_else(|| s.find(",[")).expect("data") + 1;
    let end = s.rfind(");").expect("end");
    serde_json::from_str(&s[start..end]).expect("JSON data")
}

fn decode_numbers(s: &str, scored: bool) -> Vec<(u32, Option<u32>)> {
    let value = |c: char| {
        let c = c as u32;
        c - 35 - u32::from(c > 92)
    };
    let mut out = Vec::new();
    let mut chars = s.chars();
    let mut prev: i64 = -1;
    while let Some(mut c) = chars.next() {
        let mut v = 0;
        while value(c) < 45 {
            v = v * 45 + value(c);
            c = chars.next().expect("terminal digit");
        }
        v = v * 45 + value(c) - 45;
        let id = (prev + 1 + i64::from(v)) as u32;
        prev = i64::from(id);
        let score = scored.then(|| value(chars.next().expect("score")));
        out.push((id, score));
    }
    out
}

#[test]
fn mini_index_finds_identifiers_and_hides_masked_names() {
    let site = mini();
    let w = &site.wards[0];
    let files = ward_index(w, &bodies(w));
    assert_eq!(files, ward_index(w, &bodies(w)), "deterministic");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["manifest.js", "meta-0.js", "terms-0.js"]);
    for f in &files {
        let s = std::str::from_utf8(&f.bytes).expect("utf-8");
        assert!(
            s.starts_with("congkhaiIndex(\"") && s.ends_with(");\n"),
            "{}",
            f.name
        );
    }
    let manifest = data(&files[0]);
    assert_eq!(manifest["docs"].as_u64(), Some(w.records.len() as u64));
    assert_eq!(
        manifest["item_status"].as_str().map(str::len),
        Some(w.records.len())
    );
    let runs = |key: &str| -> u64 {
        manifest[key]
            .as_array()
            .expect("runs")
            .iter()
            .map(|r| r[1].as_u64().expect("count"))
            .sum()
    };
    assert_eq!(runs("kind_runs"), w.records.len() as u64);
    assert_eq!(runs("year_runs"), w.records.len() as u64);

    let terms = data(&files[2]);
    let terms = terms.as_object().expect("object");
    let doc = |id: &str| w.records.iter().position(|r| r.id == id).expect("record") as u32;
    let raw = |t: &str| terms.get(t).and_then(Value::as_str).unwrap_or("");
    let find = |t: &str, scored: bool| -> Vec<u32> {
        decode_numbers(raw(t), scored)
            .into_iter()
            .map(|(d, _)| d)
            .collect()
    };
    // A pair: positions among the records holding both syllables, or after
    // `!` the positions of those without the pair.
    let pair = |t: &str| -> Vec<u32> {
        let (a, b) = t.split_once(' ').expect("pair");
        let both: Vec<u32> = find(a, true)
            .into_iter()
            .filter(|d| find(b, true).contains(d))
            .collect();
        let s = raw(t);
        match s.strip_prefix('!') {
            Some(rest) => {
                let out: Vec<u32> = decode_numbers(rest, false)
                    .into_iter()
                    .map(|(k, _)| k)
                    .collect();
                both.iter()
                    .enumerate()
                    .filter(|(k, _)| !out.contains(&(*k as u32)))
                    .map(|(_, d)| *d)
                    .collect()
            }
            None => decode_numbers(s, false)
                .into_iter()
                .map(|(k, _)| both[k as usize])
                .collect(),
        }
    };
    // Identifiers, whole and by syllables; a parcel by its number.
    assert_eq!(find("59/2023/nd-cp", false), [doc("ke-hoach-dan-chu-2026")]);
    assert!(pair("nd cp").contains(&doc("ke-hoach-dan-chu-2026")));
    assert_eq!(find("1.001193", false), [doc("khai-sinh")]);
    assert_eq!(pair("thua 46"), [doc("bt-hem-45")]);
    assert_eq!(
        pair("dan chu"),
        find("dan", true)
            .into_iter()
            .filter(|d| find("chu", true).contains(d))
            .collect::<Vec<_>>()
    );
    assert!(pair("chu dan").is_empty());
    assert!(find("hem", true).contains(&doc("bt-hem-45")));
    // Title hits are flagged.
    let dan = decode_numbers(terms["dan"].as_str().expect("dan"), true);
    let plan = dan
        .iter()
        .find(|(d, _)| *d == doc("ke-hoach-dan-chu-2026"))
        .expect("plan has dan");
    assert!(plan.1.expect("score") >= 16, "title flag");
    // Names masked on the pages (holders, donors, who asked) are not indexed.
    for t in ["cuong", "le van", "tran thi", "nguyen van", "van an"] {
        assert!(!terms.contains_key(t), "{t} must not be indexed");
    }
    // Public names are: the signer, and an organisation that donated.
    assert!(terms.contains_key("anh duong"));

    let meta = data(&files[1]);
    let first = &meta[doc("qd-125") as usize];
    assert_eq!(first[0], "qd-125");
    assert_eq!(first[2], "2026-02-03");
}

/// Records analysed in several runs, merged, give the same index as in one.
#[test]
fn runs_merge_into_the_same_index() {
    let site = mini();
    let w = &site.wards[0];
    let whole = ward_index(w, &bodies(w));
    assert!(w.records.len() > 4);
    for run in [1, 2, 3, w.records.len() - 1] {
        assert_eq!(
            build(w, &bodies(w), Limits { run, ..LIMITS }),
            whole,
            "{run}"
        );
    }
}

/// With small files the index spreads over several shards and chunks: every
/// term sits where the browser looks for it, the large ones where the
/// manifest places them, and every record's metadata in its chunk.
#[test]
fn terms_are_where_the_browser_looks() {
    let site = mini();
    let w = &site.wards[0];
    let files = build(
        w,
        &bodies(w),
        Limits {
            shard: 256,
            chunk: 300,
            ..LIMITS
        },
    );
    let get = |name: &str| {
        data(
            files
                .iter()
                .find(|f| f.name == name)
                .unwrap_or_else(|| panic!("{name}")),
        )
    };
    let manifest = get("manifest.js");
    let shards = manifest["shards"].as_u64().expect("shards") as usize;
    let chunk = manifest["chunk"].as_u64().expect("chunk") as usize;
    assert!(shards >= 4, "{shards} shards");
    let placed = manifest["placed"].as_object().expect("placed");
    assert!(!placed.is_empty(), "large terms are placed: {manifest}");
    let mut seen = 0;
    for i in 0..shards {
        for (term, _) in get(&format!("terms-{i}.js")).as_object().expect("shard") {
            let want = placed
                .get(term)
                .and_then(Value::as_u64)
                .map_or(encode::hash(term) as usize % shards, |p| p as usize);
            assert_eq!(want, i, "{term}");
            seen += 1;
        }
    }
    assert!(seen > 100);
    let chunks = w.records.len().div_ceil(chunk);
    assert!(chunks >= 2, "{chunks} chunks");
    for (d, r) in w.records.iter().enumerate() {
        let meta = get(&format!("meta-{}.js", d / chunk));
        assert_eq!(meta[d % chunk][0], r.id.as_str());
    }
    assert_eq!(files.len(), 1 + shards + chunks);
}
