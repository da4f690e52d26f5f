//! Tests of the one walk of a record: the same JSON as serde_json, the
//! tables, their paths.

use super::*;
use serde_json::Value;

fn value(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

fn names<'r>(row: &'r Row) -> Vec<&'r str> {
    row.iter().map(|(n, _)| n.as_ref()).collect()
}

#[test]
fn lists_of_objects_become_tables_with_their_parents_positions() {
    // serde_json's `Value` writes keys sorted: the order below is that.
    let v = value(
        r#"{"attachments":[{"path":"x"}],"data":{"none":[],"tags":["a","b"],
            "tasks":[{"ms":[{"d":"2025-01-02"}],"t":"x"},{"t":"y"},{"ms":[{"d":"2025-03-04"}]}],
            "totals":{"sum":5}},"id":"k"}"#,
    );
    let d = walk(&v);
    assert_eq!(d.json, serde_json::to_vec(&v).unwrap(), "the same JSON");
    let flat = &d.flat;
    assert_eq!(names(&flat.fields), ["tags", "totals.sum", "id"]);
    assert_eq!(flat.fields[0].1, Cell::Str("a; b".into()));
    let tables: Vec<&str> = flat.tables.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(tables, ["tasks", "tasks.ms"]);
    assert_eq!(flat.tables[0].rows.len(), 3);
    assert_eq!(names(&flat.tables[0].rows[0]), ["row", "t"]);
    assert_eq!(flat.tables[1].rows.len(), 2, "both tasks' milestones");
    assert_eq!(
        flat.tables[1].rows[1][0],
        ("tasks_row".into(), Cell::Int(3))
    );
    let ms = &flat.tables[1].rows[0];
    assert_eq!(ms[0], ("tasks_row".into(), Cell::Int(1)));
    assert_eq!(ms[1], ("row".into(), Cell::Int(1)));
    assert_eq!(ms[2], ("d".into(), Cell::Str("2025-01-02".into())));
    assert_eq!(paths(&v), tables, "the paths alone agree");
}

#[test]
fn plain_items_lists_in_lists_and_numbers_as_json_reads_them() {
    let v = value(
        r#"{"data":{"notes":["a",null,2,[3,{"x":1}]],"p":{"inner":[{"a":1}]},
            "tasks":[1,{"deep":[[{"no":1}]],"ms":[{"d":"x"}],"t":"x"},{"ms":[{"d":"y"}]}]},
            "area":1529.6000000000001,"big":18446744073709551615,"off":false,"nothing":null}"#,
    );
    let d = walk(&v);
    assert_eq!(d.json, serde_json::to_vec(&v).unwrap());
    let tables: Vec<&str> = d.flat.tables.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(tables, ["p.inner", "tasks", "tasks.ms"]);
    assert_eq!(paths(&v), tables);
    let cell = |name: &str| {
        d.flat
            .fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.clone())
            .unwrap()
    };
    // Items joined; a null is empty, an object in a list in a list too.
    assert_eq!(cell("notes"), Cell::Str("a; ; 2; 3; ".into()));
    // The number a reader of the JSON file gets.
    let read: Value = serde_json::from_slice(&d.json).unwrap();
    let area = read["area"].as_f64().unwrap();
    assert_eq!(cell("area"), Cell::Float(area), "as the JSON reads");
    assert_eq!(cell("big"), Cell::Float(u64::MAX as f64));
    assert_eq!(cell("off"), Cell::Bool(false));
    assert_eq!(cell("nothing"), Cell::Null);
    let tasks = &d.flat.tables[1].rows;
    assert_eq!(
        tasks[0],
        vec![("row".into(), Cell::Int(1)), ("value".into(), Cell::Int(1))]
    );
    assert_eq!(
        names(&tasks[1]),
        ["row", "deep", "t"],
        "a list in a list is a cell"
    );
    assert_eq!(tasks[1][1].1, Cell::Str("".into()));
}

#[test]
fn every_record_of_the_sample_writes_what_serde_json_writes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let today = crate::date::Date::new(2026, 11, 22).unwrap();
    let checked = crate::build::check(root, today, &[]).unwrap();
    let mut tables = 0;
    for w in &checked.site.wards {
        for r in &w.records {
            let d = data(w, r);
            let expected = serde_json::to_vec(&RecordJson::of(w, r)).unwrap();
            assert!(d.json == expected, "{}", r.id);
            let found: Vec<String> = d.flat.tables.iter().map(|t| t.path.clone()).collect();
            assert_eq!(table_paths(w, r), found, "{}", r.id);
            tables += found.len();
        }
    }
    assert!(tables > 20, "the sample has tables: {tables}");
}
