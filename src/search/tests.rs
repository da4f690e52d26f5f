//! Tests of the index: the shared folding vectors, and the index of the
//! `mini` fixture decoded back.

use super::excerpt::{may_be_space, space_len};
use super::pairs::{Members, PairScratch};
use super::postings::{common_half, round};
use super::scripts::{plain_prefix, push_json_string};
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
    assert_eq!(
        names,
        ["manifest.js", "meta-0.js", "terms-0.js", "words.js"]
    );
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
    // The same identifier as people also write it, without its year.
    assert_eq!(find("59/nd-cp", false), [doc("ke-hoach-dan-chu-2026")]);
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
    // The fee schedule by the circular its rates rest on; a confidence vote by
    // the office holders, named with their office.
    assert_eq!(find("226/2016/tt-btc", false), [doc("bieu-phi")]);
    assert_eq!(pair("minh tam"), [doc("tin-nhiem")]);
    // Names masked on the pages (holders, donors, who asked, the people an
    // inspection handled) are not indexed.
    for t in [
        "cuong",
        "le van",
        "tran thi",
        "nguyen van",
        "van an",
        "do van",
        "van dung",
    ] {
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

/// Bodies given a window at a time, of any size, cut into runs of any
/// size, or some left out (counting as empty), give the index of the whole
/// ward at once.
#[test]
fn bodies_given_by_windows_give_the_same_index() {
    let site = mini();
    let w = &site.wards[0];
    let texts = bodies(w);
    let n = texts.len();
    assert!(n > 4);
    for run in [1, 2, 3, LIMITS.run] {
        let limits = Limits { run, ..LIMITS };
        let whole = build(w, &texts, limits);
        for window in [1, 2, 5, n - 1, n, n + 3] {
            let mut indexer = Indexer::with_limits(w, limits);
            for part in texts.chunks(window) {
                indexer.add(part);
            }
            assert_eq!(indexer.finish(), whole, "run {run}, window {window}");
        }
    }
    // The last bodies never given count as empty.
    let mut indexer = Indexer::new(w);
    indexer.add(&texts[..2]);
    let mut empty = texts.clone();
    empty[2..].iter_mut().for_each(String::clear);
    assert_eq!(indexer.finish(), ward_index(w, &empty));
    // Given past the last record: the extra bodies are ignored.
    let mut indexer = Indexer::new(w);
    let mut more = texts.clone();
    more.push("thêm một văn bản không có hồ sơ".into());
    indexer.add(&more);
    assert_eq!(indexer.finish(), ward_index(w, &texts));
    assert_eq!(Indexer::new(w).window() % LIMITS.run, 0);
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
    assert_eq!(
        files.len(),
        1 + shards + chunks + 1,
        "manifest, shards, chunks, words"
    );
}

/// Picks from `items` with the generator `next`.
fn pick<'a, T>(next: &mut impl FnMut() -> u64, items: &'a [T]) -> &'a T {
    &items[(next() % items.len() as u64) as usize]
}

/// The same excerpts as cutting the collapsed text, on random texts made of
/// words, every kind of whitespace and characters of one to four bytes.
#[test]
fn excerpts_of_random_texts_agree_with_the_collapsed_text() {
    let pieces = [
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\u{b}",
        "\u{c}",
        "\u{85}",
        "\u{a0}",
        "\u{1680}",
        "\u{2003}",
        "\u{2028}",
        "\u{202f}",
        "\u{205f}",
        "\u{3000}",
        "\u{180e}",
        "\u{200b}",
        "a",
        "Đất",
        "đai",
        "Nghị",
        "e\u{301}",
        "ệ",
        "x-y",
        "“đủ”",
        "–",
        ".",
        "😀",
        "59/2023",
        "\u{1}",
    ];
    let mut next = crate::testing::xorshift(11);
    for _ in 0..3000 {
        let text: String = (0..next() % 40)
            .map(|_| *pick(&mut next, &pieces))
            .collect();
        let max = (next() % 45) as usize;
        let want = crate::text::collapse_whitespace(&text);
        let want = if want.chars().count() <= max {
            want
        } else {
            let cut: String = want.chars().take(max).collect();
            let cut = match cut.rfind(' ') {
                Some(i) if i > max / 2 => &cut[..i],
                _ => cut.as_str(),
            };
            format!("{}…", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
        };
        assert_eq!(excerpt(&text, max), want, "{text:?} {max}");
    }
}

/// `space_len` says what `char::is_whitespace` says, for every character,
/// and `may_be_space` lets every whitespace through.
#[test]
fn space_lengths_agree_with_is_whitespace() {
    for c in (0..=0x10_ffff).filter_map(char::from_u32) {
        let mut bytes = [0u8; 5];
        let len = c.encode_utf8(&mut bytes).len();
        let want = if c.is_whitespace() { len } else { 0 };
        bytes[len] = b'x';
        assert_eq!(space_len(&bytes[..=len], 0), want, "{c:?}");
        assert_eq!(space_len(&bytes[..len], 0), want, "{c:?} at the end");
        assert!(want == 0 || may_be_space(bytes[0]), "{c:?}");
    }
    assert_eq!(space_len(b"", 0), 0);
    assert_eq!(space_len(&[0xe2, 0x80], 0), 0, "cut short");
}

/// JSON strings of random text are what `serde_json` writes.
#[test]
fn random_json_strings_are_escaped_as_serde_json_does() {
    let pieces = [
        "a", "b", "\"", "\\", "\n", "\t", "\u{0}", "\u{1f}", "\u{7f}", "đ", "😀", " ",
    ];
    let mut next = crate::testing::xorshift(5);
    for _ in 0..3000 {
        let text: String = (0..next() % 30)
            .map(|_| *pick(&mut next, &pieces))
            .collect();
        let mut out = vec![b'x'];
        push_json_string(&mut out, &text);
        let want = serde_json::to_string(&text).expect("a string");
        assert_eq!(&out[1..], want.as_bytes(), "{text:?}");
        let plain = (text.bytes())
            .position(|b| b < 0x20 || b == b'"' || b == b'\\')
            .unwrap_or(text.len());
        assert_eq!(plain_prefix(text.as_bytes()), plain, "{text:?}");
    }
}

/// `common_half` tells the same halves as working them out in floats.
#[test]
fn common_halves_agree_with_float_arithmetic() {
    let reference = |f: f32| {
        let half = (2.0 * f) as usize;
        (half < COMMON_TF && half as f32 == 2.0 * f).then_some(half)
    };
    let mut values: Vec<f32> = (-20..200).map(|k| k as f32 / 4.0).collect();
    values.extend([
        -0.0,
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MIN_POSITIVE,
        f32::MIN_POSITIVE / 8.0,
        f32::MAX,
        15.999_999,
        16.0,
        1e-30,
    ]);
    let near: Vec<f32> = (values.iter())
        .flat_map(|v| {
            [
                f32::from_bits(v.to_bits().wrapping_add(1)),
                f32::from_bits(v.to_bits().wrapping_sub(1)),
            ]
        })
        .collect();
    values.extend(near);
    let mut next = crate::testing::xorshift(3);
    values.extend((0..100_000).map(|_| f32::from_bits(next() as u32)));
    for f in values {
        assert_eq!(common_half(f), reference(f), "{f} ({:#x})", f.to_bits());
    }
}

/// `round` rounds as `f64::round` does.
#[test]
fn rounding_agrees_with_f64_round() {
    let mut values: Vec<f64> = (-40..400).map(|k| f64::from(k) / 8.0).collect();
    values.extend([
        0.499_999_999_999_999_94,
        2_147_483_647.5,
        2_147_483_648.0,
        4_294_967_296.5,
        1e300,
        -0.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
    ]);
    let near: Vec<f64> = (values.iter())
        .flat_map(|v| {
            [
                f64::from_bits(v.to_bits().wrapping_add(1)),
                f64::from_bits(v.to_bits().wrapping_sub(1)),
            ]
        })
        .collect();
    values.extend(near);
    let mut next = crate::testing::xorshift(9);
    values.extend((0..100_000).map(|_| (next() % 1_000_000) as f64 / 65536.0));
    for x in values {
        let (got, want) = (round(x), x.round());
        assert!(
            got == want || (got.is_nan() && want.is_nan()),
            "{x:e}: {got} {want}"
        );
    }
}

/// Terms sort as their names' bytes do, names sharing long prefixes too.
#[test]
fn terms_sort_by_name_as_bytes() {
    let pieces = [
        "a", "b", "ab", " ", "-", "/", ".", "_", "9", "đ", "thanh ph", "uy ban ",
    ];
    let mut next = crate::testing::xorshift(13);
    for _ in 0..300 {
        let mut names: Vec<String> = (0..next() % 60)
            .map(|_| (0..next() % 6).map(|_| *pick(&mut next, &pieces)).collect())
            .collect();
        names.sort();
        names.dedup();
        let mut order: Vec<u32> = (0..names.len() as u32).rev().collect();
        sort_by_name(&mut order, |i| names[i as usize].as_str());
        assert_eq!(
            order,
            (0..names.len() as u32).collect::<Vec<_>>(),
            "{names:?}"
        );
    }
}

/// The ISO dates of the metadata are `Date::iso`'s, in and out of the years
/// of four digits.
#[test]
fn iso_dates_agree_with_date_iso() {
    let days = (-800_000..-700_000)
        .step_by(997)
        .chain((-2000..30_000).step_by(7))
        .chain(2_900_000..2_950_000);
    for d in days {
        if let Some(date) = crate::date::Date::from_days(d) {
            assert_eq!(iso_date(date), date.iso(), "{d}");
        }
    }
}

/// Items grouped by number keep their order within a group.
#[test]
fn groups_keep_the_order_given() {
    let items = [
        (2u32, 'a'),
        (0, 'b'),
        (2, 'c'),
        (3, 'd'),
        (0, 'e'),
        (2, 'f'),
    ];
    let grouped = Grouped::new(5, |grouping| {
        for &(id, c) in &items {
            grouping.add(id, c);
        }
    });
    let groups: Vec<String> = (0..5).map(|i| grouped.get(i).iter().collect()).collect();
    assert_eq!(groups, ["be", "", "acf", "d", ""]);
}

/// A pair's postings: positions among the records of both syllables of
/// those that hold the pair, or `!` and those that do not, the shorter.
fn reference_pair(a: &BTreeSet<u32>, b: &BTreeSet<u32>, present: &BTreeSet<u32>) -> Vec<u8> {
    let both: Vec<u32> = a.intersection(b).copied().collect();
    let positions = |held: bool| {
        (both.iter().enumerate())
            .filter(move |(_, d)| present.contains(d) == held)
            .map(|(k, _)| k as u32)
    };
    let mut inside = Vec::new();
    push_gaps(&mut inside, positions(true));
    let mut outside = vec![b'!'];
    push_gaps(&mut outside, positions(false));
    if outside.len() < inside.len() {
        outside
    } else {
        inside
    }
}

/// Pairs are encoded as the reference says, with their syllables' records
/// as bit sets or lists, and their own as words that may come twice.
#[test]
fn pairs_encode_as_the_reference() {
    let mut next = crate::testing::xorshift(17);
    let mut scratch = PairScratch::default();
    for round in 0..1500 {
        let n = 1 + (next() % 700) as u32;
        let mut density = || 1 + next() % 100;
        let (da, db, dp) = (density(), density(), density());
        let a: BTreeSet<u32> = (0..n).filter(|_| next() % 100 < da).collect();
        let b: BTreeSet<u32> = (0..n).filter(|_| next() % 100 < db).collect();
        let present: BTreeSet<u32> = (a.intersection(&b).copied())
            .filter(|_| next() % 100 < dp)
            .collect();
        let words = (n as usize).div_ceil(64);
        let bits = |set: &BTreeSet<u32>| {
            let mut bits = vec![0u64; words];
            for d in set {
                bits[*d as usize / 64] |= 1 << (d % 64);
            }
            bits
        };
        let (a_bits, b_bits, p_bits) = (bits(&a), bits(&b), bits(&present));
        // A word of the pair may come in two parts, as when runs do not
        // start on a multiple of 64.
        let mut p_words = Vec::new();
        for (w, &word) in p_bits.iter().enumerate() {
            let split = next() % 3 == 0;
            let low = if split {
                word & ((1 << (next() % 64)) - 1)
            } else {
                word
            };
            for part in [low, word & !low] {
                if part != 0 {
                    p_words.push((w as u32, part));
                }
            }
        }
        let want = reference_pair(&a, &b, &present);
        let (a_list, b_list): (Vec<u32>, Vec<u32>) =
            (a.iter().copied().collect(), b.iter().copied().collect());
        let forms = [
            (Members::Bits(&a_bits), Members::Bits(&b_bits)),
            (Members::List(&a_list), Members::Bits(&b_bits)),
            (Members::Bits(&a_bits), Members::List(&b_list)),
            (Members::List(&a_list), Members::List(&b_list)),
        ];
        for (k, (ma, mb)) in forms.into_iter().enumerate() {
            let mut out = vec![b'x'];
            encode_pair(ma, mb, &p_words, &mut out, &mut scratch);
            assert_eq!(&out[1..], want, "round {round}, form {k}, n {n}");
        }
    }
}

/// Names are numbered across the parts in the order met, short and long
/// ones alike.
#[test]
fn names_are_numbered_in_the_order_met() {
    let pieces = ["a", "b", "đ", "\u{0}", "7", "-", "nguyen"];
    let mut next = crate::testing::xorshift(19);
    let parts: Vec<Vec<Box<str>>> = (0..20)
        .map(|_| {
            let mut own: Vec<Box<str>> = (0..next() % 200)
                .map(|_| {
                    let name: String = (0..next() % 5).map(|_| *pick(&mut next, &pieces)).collect();
                    name.into()
                })
                .collect();
            own.sort();
            own.dedup();
            own
        })
        .collect();
    let (names, maps) = number(parts.iter().map(Vec::as_slice));
    let mut want: Vec<&str> = Vec::new();
    for (own, map) in parts.iter().zip(&maps) {
        for (name, &id) in own.iter().zip(map) {
            let at = match want.iter().position(|w| *w == &**name) {
                Some(at) => at,
                None => {
                    want.push(name);
                    want.len() - 1
                }
            };
            assert_eq!(id as usize, at, "{name:?}");
        }
    }
    assert_eq!(names, want);
}

/// Identifiers with a year are also indexed without it; nothing else is.
#[test]
fn identifiers_are_also_indexed_without_their_year() {
    use super::analyse::without_year;
    for (compound, short) in [
        ("59/2023/nd-cp", Some("59/nd-cp")),
        ("10/2022/qh15", Some("10/qh15")),
        ("47/2009/ttlt-btc-bldtbxh", Some("47/ttlt-btc-bldtbxh")),
        ("72/kh-ubnd", None),
        ("08-ctr/qu", None),
        ("15/3/2024", None),
        ("3/2024/15", None),
        ("1.001193", None),
        ("59/202/nd-cp", None),
        ("a59/2023/nd-cp", None),
        ("/2023/nd-cp", None),
        ("59/2023/", None),
    ] {
        assert_eq!(without_year(compound).as_deref(), short, "{compound}");
    }
}

/// `words.js` lists the syllables of letters only, of three characters or
/// more, each once, the most frequent (records holding it) first, then by
/// name: what `search.js` offers as corrections, in the order it tries them.
#[test]
fn words_are_the_letter_syllables_most_frequent_first() {
    let site = mini();
    let w = &site.wards[0];
    let files = ward_index(w, &bodies(w));
    let file = |name: &str| files.iter().find(|f| f.name == name).expect(name);
    let script = std::str::from_utf8(&file("words.js").bytes).expect("utf-8");
    let json = (script.strip_prefix("congkhaiIndex(\"words\",0,"))
        .and_then(|s| s.strip_suffix(");\n"))
        .expect("a words script");
    let text: String = serde_json::from_str(json).expect("a JSON string");
    let got: Vec<&str> = text.split(' ').collect();

    let terms = data(file("terms-0.js"));
    let mut want: Vec<(usize, &str)> = (terms.as_object().expect("object").iter())
        .filter(|(t, _)| t.chars().all(char::is_alphabetic) && t.chars().count() >= 3)
        .map(|(t, p)| {
            (
                decode_numbers(p.as_str().expect("postings"), true).len(),
                t.as_str(),
            )
        })
        .collect();
    want.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let want: Vec<&str> = want.into_iter().map(|(_, t)| t).collect();
    assert_eq!(got, want);
    assert!(got.contains(&"dan") && got.contains(&"chu"), "{got:?}");
    assert!(!got
        .iter()
        .any(|t| t.len() < 3 || t.contains(|c: char| c.is_ascii_digit())));
}

/// A record's own number weighs as its title: the plan numbered 72/KH-UBND
/// has `kh` flagged as a title syllable, though its title does not hold it.
#[test]
fn a_records_own_number_counts_as_its_title() {
    let site = mini();
    let w = &site.wards[0];
    let files = ward_index(w, &bodies(w));
    let terms = data(
        files
            .iter()
            .find(|f| f.name == "terms-0.js")
            .expect("terms"),
    );
    let plan = (w.records.iter())
        .position(|r| r.id == "ke-hoach-dan-chu-2026")
        .expect("plan") as u32;
    assert!(!fold(&w.records[plan as usize].common.title).contains("kh"));
    let kh = decode_numbers(terms["kh"].as_str().expect("kh"), true);
    let score = kh.iter().find(|(d, _)| *d == plan).and_then(|(_, s)| *s);
    assert!(score.is_some_and(|s| s >= TITLE_FLAG), "{kh:?}");
    // Records that only cite a number do not get the flag from it.
    let cited = (w.records.iter().enumerate())
        .filter(|(_, r)| fields::own_number(r).is_none() && !fold(&r.common.title).contains("kh"))
        .map(|(i, _)| i as u32)
        .collect::<Vec<_>>();
    for (d, s) in &kh {
        if cited.contains(d) {
            assert!(s.is_some_and(|s| s < TITLE_FLAG), "{d}: {s:?}");
        }
    }
}
