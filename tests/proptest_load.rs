//! No input makes the loader, the checks or the Markdown renderer panic or
//! hang: arbitrary bytes, and the sample records with bytes and lines
//! mutated, go through `load::parse_record`, `validate::check_record` and
//! `markdown::render_with`. Every diagnostic must point inside the file.
//! Case counts are kept small so `cargo test` stays fast.

use congkhai::config::{Config, RawHtml};
use congkhai::date::Date;
use congkhai::model::Kind;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/base")
}

/// The sample records, with their kind and path under the base repository.
fn samples() -> Vec<(Kind, &'static str, Vec<u8>)> {
    [
        (Kind::Plan, "content/ban-co/plan/ke-hoach-dan-chu-2026.md"),
        (Kind::Land, "content/ban-co/land/bt-hem-45.md"),
        (Kind::Fund, "content/ban-co/fund/hem-45-q3.md"),
        (
            Kind::Dialogue,
            "content/ban-co/dialogue/doi-thoai-hem-45.md",
        ),
        (Kind::Document, "content/ban-co/document/qd-125.md"),
        (Kind::Procedure, "content/ban-co/procedure/khai-sinh.yaml"),
    ]
    .into_iter()
    .map(|(k, p)| (k, p, std::fs::read(base().join(p)).unwrap()))
    .collect()
}

/// Runs one file through every stage that reads it; checks the places.
fn run(kind: Kind, rel: &str, bytes: &[u8]) {
    let config = Config::default();
    let today = Date::new(2026, 11, 22).unwrap();
    let (record, mut diags) =
        congkhai::load::parse_record(&config, &base(), kind, Path::new(rel), bytes);
    if let Some(mut r) = record {
        diags.extend(congkhai::validate::check_record(&mut r, &config, today));
        let _ = congkhai::markdown::render_with(&r.body, "", RawHtml::Escape);
        let _ = congkhai::markdown::render_with(&r.body, "", RawHtml::Sanitize);
    }
    let lines = bytes.split(|&b| b == b'\n' || b == b'\r').count().max(1);
    for d in &diags {
        assert!(!d.message.vi.is_empty(), "{d:?}");
        // Findings in the record itself point at one of its lines (CSV and
        // attachments are other files).
        if d.file == Path::new(rel) {
            assert!(d.line <= lines, "line {} of {lines}: {d:?}", d.line);
        }
        let _ = congkhai::diagnostics::render(d, congkhai::diagnostics::Lang::En, Some("x"), false);
    }
}

/// A mutation of a text: replace, insert or delete bytes or whole lines.
#[derive(Debug, Clone)]
enum Mutation {
    SetByte(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    DuplicateLine(usize),
    DropLine(usize),
    SwapLines(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippets = prop::sample::select(vec![
        b": ".to_vec(),
        b"\n  - ".to_vec(),
        b"\t".to_vec(),
        b"{".to_vec(),
        b"]".to_vec(),
        b"&a ".to_vec(),
        b"*a".to_vec(),
        b"\"".to_vec(),
        b"---\n".to_vec(),
        b"-99999999999999999999".to_vec(),
        b"1,5".to_vec(),
        b"2026-02-30".to_vec(),
        b"\xc3".to_vec(),
        b"\0".to_vec(),
        b"B\xc2\xb6o".to_vec(),
        b"<script>".to_vec(),
        b"[^x]".to_vec(),
        b"../".to_vec(),
        b"!!binary ".to_vec(),
        b"<< : *a\n".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        (any::<usize>(), snippets).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<usize>(), 0usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DropLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match m {
        Mutation::SetByte(i, b) => {
            if !bytes.is_empty() {
                bytes[i % len] = *b;
            }
        }
        Mutation::Insert(i, s) => {
            let at = i % (bytes.len() + 1);
            bytes.splice(at..at, s.iter().copied());
        }
        Mutation::Delete(i, n) => {
            let at = i % len;
            let end = (at + n).min(bytes.len());
            bytes.drain(at.min(end)..end);
        }
        Mutation::DuplicateLine(i) | Mutation::DropLine(i) | Mutation::SwapLines(i, _) => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let n = lines.len();
            match m {
                Mutation::DuplicateLine(_) => {
                    let l = lines[i % n].clone();
                    lines.insert(i % n, l);
                }
                Mutation::DropLine(_) => {
                    lines.remove(i % n);
                }
                Mutation::SwapLines(_, j) => lines.swap(i % n, j % n),
                _ => {}
            }
            *bytes = lines.join(&b'\n');
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), kind in 0usize..6) {
        let k = Kind::ALL[kind];
        run(k, "content/ban-co/plan/x.md", &bytes);
        run(k, "content/ban-co/plan/x.yaml", &bytes);
    }

    #[test]
    fn arbitrary_text_in_front_matter_never_panics(text in "\\PC{0,400}", kind in 0usize..6) {
        let k = Kind::ALL[kind];
        run(k, "content/ban-co/plan/x.md", format!("---\n{text}\n---\n{text}").as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_records_never_panic(which in 0usize..6, mutations in prop::collection::vec(mutation(), 1..6)) {
        let (kind, rel, mut bytes) = samples().swap_remove(which);
        for m in &mutations {
            apply(&mut bytes, m);
        }
        run(kind, rel, &bytes);
    }
}

#[test]
fn the_samples_are_valid_before_mutation() {
    for (kind, rel, bytes) in samples() {
        let (record, diags) =
            congkhai::load::parse_record(&Config::default(), &base(), kind, Path::new(rel), &bytes);
        assert!(record.is_some(), "{rel}: {diags:#?}");
        assert!(
            !congkhai::diagnostics::has_errors(&diags),
            "{rel}: {diags:#?}"
        );
    }
}
