//! Tests of the fast path: what it reads, what it leaves to the full
//! parser, and that it agrees with the full parser where it reads.

use super::*;
use crate::model::{Common, Dialogue, Document, Fund, Land, Plan, Procedure};
use serde::de::IgnoredAny;
use std::collections::BTreeMap;

fn node(src: &str) -> Node<'_> {
    parse(src).unwrap_or_else(|| panic!("not in the subset: {src}"))
}

fn plain(s: &str) -> Node<'_> {
    Node::Plain(s)
}

#[test]
fn reads_block_and_flow_structures() {
    let n = node(
        "title: \"Quỹ: hẻm 45\"\nn: 12\nforms: [office_posting, portal]\n\
         decision: {date: 2026-06-20, households_total: 30}\nempty:\n\
         tasks:\n  - content: a\n    support: [x, 'y''s']\n  - content: b\n\
         list:\n- one\n- \"two\"\n# comment\nlast: [ ]\n",
    );
    let Node::Map(m) = n else { panic!() };
    assert_eq!(m[0], ("title", Node::Quoted("Quỹ: hẻm 45".into())));
    assert_eq!(
        m[2].1,
        Node::Seq(vec![plain("office_posting"), plain("portal")])
    );
    assert_eq!(
        m[3].1,
        Node::Map(vec![
            ("date", plain("2026-06-20")),
            ("households_total", plain("30"))
        ])
    );
    assert_eq!(m[4].1, Node::Null);
    assert_eq!(
        m[5].1,
        Node::Seq(vec![
            Node::Map(vec![
                ("content", plain("a")),
                (
                    "support",
                    Node::Seq(vec![plain("x"), Node::Quoted("y's".into())])
                )
            ]),
            Node::Map(vec![("content", plain("b"))]),
        ])
    );
    assert_eq!(
        m[6].1,
        Node::Seq(vec![plain("one"), Node::Quoted("two".into())])
    );
    assert_eq!(m[7].1, Node::Seq(vec![]));
}

#[test]
fn deep_nesting_is_left_to_the_full_parser_not_followed_down_the_stack() {
    for open in ["[", "{a: ", "- "] {
        let src = format!("a: {}\n", open.repeat(100_000));
        assert_eq!(parse(&src), None, "{open}");
    }
    let src = format!("a: {}1{}\n", "[".repeat(33), "]".repeat(33));
    assert_eq!(parse(&src), None);
    let src = format!("a: {}1{}\n", "[".repeat(32), "]".repeat(32));
    assert!(parse(&src).is_some());
}

#[test]
fn long_mappings_are_read_and_repeats_still_found() {
    let n = 40_000;
    let block: String = (0..n).map(|i| format!("k{i}: 1\n")).collect();
    let flow: String = (0..n).map(|i| format!("k{i}: 1, ")).collect();
    let flow = format!("a: {{{}z: 1}}\n", flow);
    assert_eq!(parse(&block).map(|m| m.keys().count()), Some(n));
    assert!(parse(&flow).is_some());
    for repeat in [0, 15, 16, 17, n - 1] {
        assert_eq!(parse(&format!("{block}k{repeat}: 2\n")), None, "{repeat}");
    }
    assert_eq!(parse("a: {x: 1, y: 2, x: 3}\n"), None);
}

#[test]
fn leaves_everything_else_to_the_full_parser() {
    for src in [
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: b # comment\n",
        "a: \"b\" # comment\n",
        "a: first line\n  continued\n",
        "a: [1,\n 2]\n",
        "a: 1\na: 2\n",
        "a: {x: 1, x: 2}\n",
        "a: b: c\n",
        "\ta: 1\n",
        "a: 'unclosed\n",
        "a: \"bad \\x escape\"\n",
        "- just a list\n",
        "---\na: 1\n",
        "  a: 1\n",
        "a: [1, 2,]\n",
    ] {
        assert!(parse(src).is_none(), "should not accept {src:?}");
    }
}

/// The fast reader either declines or agrees exactly with the full parser.
fn agrees<T: DeserializeOwned + std::fmt::Debug>(src: &str) -> bool {
    let slow = serde_saphyr::from_str::<T>(src);
    let Some(fast) = parse(src).and_then(|n| from_node::<T>(&n)) else {
        return false;
    };
    let slow = slow.unwrap_or_else(|e| {
        panic!("fast path accepted what the full parser rejects: {src:?}: {e}")
    });
    assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "in {src:?}");
    true
}

#[test]
fn scalars_resolve_as_the_full_parser_does() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct S {
        s: Option<String>,
    }
    for v in [
        "2026",
        "72/KH-UBND",
        "1.500.000",
        "20.5",
        "Quý II/2026",
        "-3",
        "2026-01-02",
        "\"x\"",
        "'q'",
    ] {
        assert!(agrees::<S>(&format!("s: {v}\n")), "{v}");
    }
    for v in [
        "yes", "0777", "08:00", ".inf", "-.inf", "-.nan", "-.5", "-0", "1e3", "1.", "-2E-3",
        "1_000", "+1", "0x1F",
    ] {
        assert!(
            !agrees::<S>(&format!("s: {v}\n")),
            "{v} must be left to the full parser"
        );
    }
    assert!(agrees::<S>("s:\n"));
    assert!(agrees::<S>("s: null\n"));
    assert!(agrees::<S>("s: ~\n"));
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct N {
        a: u32,
        b: f64,
        c: bool,
        d: crate::money::Money,
        e: crate::money::Money,
        f: crate::date::Deadline,
        g: crate::date::PostedUntil,
    }
    assert!(agrees::<N>(
        "a: 5\nb: 20\nc: true\nd: 1500000\ne: \"1.500.000\"\nf: Quý II/2026\ng: permanent\n"
    ));
    assert!(agrees::<N>(
        "a: 5\nb: 2.5\nc: false\nd: 0\ne: 1 500 000\nf: 2026\ng: 2026-12-31\n"
    ));
    assert!(!agrees::<N>(
        "a: \"5\"\nb: 2.5\nc: false\nd: 0\ne: 1\nf: 2026\ng: permanent\n"
    ));
}

#[test]
fn names_the_keys_that_are_not_fields_sorted() {
    let yaml = "zeta: 1\ntitle: Quyết định\npublished: 2026-02-03\nposted_until: permanent\n\
                disclosure_item: 4\nnumber: \"125/QĐ-UBND\"\ndoc_type: Quyết định\n\
                issuer: Ủy ban nhân dân phường Bàn Cờ\nissued: 2026-02-02\n\
                receipts: []\nalpha: x\n";
    let fast = read_record(crate::model::Kind::Document, yaml).expect("in the subset");
    assert_eq!(fast.unknown, ["alpha", "receipts", "zeta"]);
    let fast = read_record(crate::model::Kind::Fund, "title: Quỹ\n");
    assert!(fast.is_none_or(|f| f.unknown.is_empty()));
}

/// Every record of the test fixture and of the sample content reads the
/// same through both paths, and the fast path takes nearly all of them.
#[test]
fn agrees_with_the_full_parser_on_real_records() {
    let mut taken = 0;
    let mut total = 0;
    for dir in ["tests/fixtures/mini/content", "content"] {
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            let kind = path
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .and_then(crate::model::Kind::from_name);
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let (Some(kind), true) = (kind, matches!(ext, "md" | "yaml" | "yml")) else {
                continue;
            };
            let text = crate::load::text_from_bytes(&std::fs::read(path).unwrap(), path).unwrap();
            let yaml = if ext == "md" {
                match crate::load::split_front_matter(&text) {
                    Some((y, ..)) => y,
                    None => continue,
                }
            } else {
                text
            };
            total += 1;
            let mut ok = agrees::<BTreeMap<String, IgnoredAny>>(&yaml) && agrees::<Common>(&yaml);
            ok &= match kind {
                crate::model::Kind::Plan => agrees::<Plan>(&yaml),
                crate::model::Kind::Land => agrees::<Land>(&yaml),
                crate::model::Kind::Fund => agrees::<Fund>(&yaml),
                crate::model::Kind::Dialogue => agrees::<Dialogue>(&yaml),
                crate::model::Kind::Document => agrees::<Document>(&yaml),
                crate::model::Kind::Procedure => agrees::<Procedure>(&yaml),
                crate::model::Kind::Budget => agrees::<crate::model::Budget>(&yaml),
                crate::model::Kind::Asset => agrees::<crate::model::Asset>(&yaml),
                crate::model::Kind::Support => agrees::<crate::model::Support>(&yaml),
                crate::model::Kind::Callup => agrees::<crate::model::Callup>(&yaml),
                crate::model::Kind::Inspection => agrees::<crate::model::Inspection>(&yaml),
                crate::model::Kind::Consultation => {
                    agrees::<crate::model::PublicConsultation>(&yaml)
                }
                crate::model::Kind::Fee => agrees::<crate::model::FeeSchedule>(&yaml),
            };
            taken += usize::from(ok);
        }
    }
    assert!(total >= 7, "found {total} records");
    assert!(
        taken * 10 >= total * 7,
        "fast path took only {taken} of {total} records"
    );
}

/// A value no field reads is still parsed by the full parser, which refuses
/// `.nan` and `.inf` anywhere: the fast path must not skip over them. Found
/// by `fast_path_reads_made_up_front_matter_as_the_full_parser_does` with
/// `totals` (computed, never read) of a support record set to `[.nan]`.
#[test]
fn values_no_field_reads_are_still_left_to_the_full_parser_when_unsure() {
    let support = "title: Hỗ trợ Tết\npublished: 2026-01-21\nposted_until: 2026-02-27\n\
                   disclosure_item: 7\nforms: [office_posting]\npolicy: Hỗ trợ Tết\n\
                   selection: {meeting_date: 2026-01-12, proposed: 1, approved: 1}\n";
    assert_eq!(
        crate::load::fast_path_agrees(crate::model::Kind::Support, support),
        Ok(true)
    );
    for extra in [
        "totals: [.nan]\n",
        "totals: .inf\n",
        "totals: {amount: -.inf}\n",
        "unknown_field: .nan\n",
    ] {
        let yaml = format!("{support}{extra}");
        assert!(
            read_record(crate::model::Kind::Support, &yaml).is_none(),
            "{extra:?} must be left to the full parser"
        );
        assert_eq!(
            crate::load::fast_path_agrees(crate::model::Kind::Support, &yaml),
            Ok(false)
        );
    }
    assert!(!agrees::<BTreeMap<String, IgnoredAny>>("a: [.nan]\n"));
    assert!(!agrees::<Common>("title: x\nother: .inf\n"));
    // Sure scalars in an ignored value do not send the record away.
    let yaml = format!("{support}totals: [1, x, \"y\", 2026-01-01, ~]\n");
    assert_eq!(
        crate::load::fast_path_agrees(crate::model::Kind::Support, &yaml),
        Ok(true)
    );
}
