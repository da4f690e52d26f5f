//! Tests of the CSV writer and of the ward CSVs put together from records' lines.

use super::*;

#[test]
fn columns_keep_the_field_order_whatever_the_first_row_lacks() {
    let mut c = Columns::default();
    let row = |names: &[&'static str]| -> Row<'static> {
        names
            .iter()
            .map(|n| (Cow::Borrowed(*n), Cell::Null))
            .collect()
    };
    c.add(&row(&["a", "c"]));
    c.add(&row(&["a", "b", "c", "d"]));
    c.add(&row(&["x", "a"]));
    c.add(&row(&["a", "e", "e.f"]));
    assert_eq!(c.finish(), ["x", "a", "e.f", "b", "c", "d"]);
}

/// What the `csv` crate writes for the same fields.
fn by_the_csv_crate(records: &[Vec<String>]) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for r in records {
        for f in r {
            w.write_field(f).unwrap();
        }
        w.write_record(None::<&[u8]>).unwrap();
    }
    w.into_inner().unwrap()
}

#[test]
fn quotes_are_needed_wherever_the_byte_is() {
    for special in [b',', b'"', b'\n', b'\r'] {
        for len in 1..20 {
            for at in 0..len {
                let mut field = vec![b'a'; len];
                field[at] = special;
                assert!(needs_quotes(&field), "{special} at {at} of {len}");
            }
        }
    }
    for x in 0u8..=255 {
        let field = [b'a', b'b', x, b'c', b'd', b'e', b'f', b'g', b'h'];
        assert_eq!(needs_quotes(&field), b",\"\n\r".contains(&x), "{x}");
    }
    assert!(!needs_quotes("Đồng ý; tab\there".as_bytes()));
}

#[test]
fn csv_bytes_are_those_of_the_csv_crate() {
    let texts = [
        "",
        "a",
        "a,b",
        "say \"hi\"",
        "line\nbreak",
        "cr\rhere",
        "\"",
        ",",
        "Đồng ý",
        "  spaced  ",
        "semi;colon",
        "tab\there",
    ];
    let cells: Vec<Cell> = texts
        .iter()
        .map(|t| Cell::Str(Cow::Borrowed(*t)))
        .chain([
            Cell::Null,
            Cell::Bool(true),
            Cell::Bool(false),
            Cell::Int(0),
            Cell::Int(-42),
            Cell::Int(i64::MIN),
            Cell::Int(i64::MAX),
            Cell::Float(1.5),
            Cell::Float(-0.25),
            Cell::Float(1e21),
        ])
        .collect();
    let text = |c: &Cell| {
        let mut s = String::new();
        c.push_text(&mut s);
        s
    };
    // Every cell alone (a lone empty field is quoted), then in pairs.
    for (i, a) in cells.iter().enumerate() {
        let one = vec!["x".to_string()];
        let row: Row = vec![("x".into(), a.clone())];
        assert_eq!(
            write_plain(&one, std::slice::from_ref(&row)),
            by_the_csv_crate(&[one.clone(), vec![text(a)]]),
            "{a:?}"
        );
        let b = &cells[(i * 7 + 3) % cells.len()];
        let two = vec!["x".to_string(), "y,z".to_string()];
        let row: Row = vec![("x".into(), a.clone()), ("y,z".into(), b.clone())];
        let w = write(&two, &["record_id"], &[(&["r,1"], &row)]);
        let expected = by_the_csv_crate(&[
            vec!["record_id".into(), "x".into(), "y,z".into()],
            vec!["r,1".into(), text(a), text(b)],
        ]);
        assert_eq!(w.bytes, expected, "{a:?} {b:?}");
        assert_eq!(w.sha256, crate::export::sha256_hex(&expected));
    }
    // No columns at all: an empty header and empty records.
    let empty: Row = Vec::new();
    assert_eq!(
        write_plain(&[], &[empty.clone(), empty]),
        by_the_csv_crate(&[vec![], vec![], vec![]])
    );
}

/// The ward's CSV of `tables` (record id, rows) put together from
/// their pieces, against [`write`] of all their rows under the columns
/// of all their rows; each record's own file against [`write_plain`].
fn ward_csv_is_the_csv_of_the_rows(tables: &[(&str, Vec<Row<'static>>)]) {
    let mut ward = WardCsv::new(true);
    for (id, rows) in tables {
        let (file, piece) = record_table(rows, id);
        let mut own = Columns::default();
        rows.iter().for_each(|r| own.add(r));
        assert_eq!(file, write_plain(&own.finish(), rows));
        ward.add(piece);
    }
    let (names, fast) = ward.finish();
    let mut cols = Columns::default();
    tables
        .iter()
        .flat_map(|(_, rows)| rows)
        .for_each(|r| cols.add(r));
    let columns = cols.finish();
    let ids: Vec<[&str; 1]> = tables.iter().map(|(id, _)| [*id]).collect();
    let rows: Vec<(&[&str], &Row)> = tables
        .iter()
        .zip(&ids)
        .flat_map(|((_, rows), id)| rows.iter().map(move |r| (&id[..], r)))
        .collect();
    let slow = write(&columns, &["record_id"], &rows);
    assert_eq!(
        String::from_utf8_lossy(&fast.bytes),
        String::from_utf8_lossy(&slow.bytes)
    );
    assert_eq!(
        (fast.sha256, fast.stats, fast.rows),
        (slow.sha256, slow.stats, slow.rows)
    );
    let lead = std::iter::once("record_id".to_string());
    assert_eq!(
        names,
        lead.chain(columns.iter().cloned()).collect::<Vec<_>>()
    );
    // The same rows as records' own rows (one each, no leading column).
    let mut ward = WardCsv::new(false);
    tables
        .iter()
        .flat_map(|(_, rows)| rows)
        .for_each(|r| ward.add(record_fields(r)));
    let (names, fast) = ward.finish();
    let rows: Vec<(&[&str], &Row)> = rows.iter().map(|(_, r)| (&[][..], *r)).collect();
    let slow = write(&columns, &[], &rows);
    assert_eq!(
        String::from_utf8_lossy(&fast.bytes),
        String::from_utf8_lossy(&slow.bytes)
    );
    assert_eq!(
        (fast.sha256, fast.stats, fast.rows),
        (slow.sha256, slow.stats, slow.rows)
    );
    assert_eq!(names, columns);
}

#[test]
fn ward_csv_from_the_records_lines_is_the_csv_of_their_rows() {
    let row = |cells: Vec<(&'static str, Cell<'static>)>| -> Row<'static> {
        cells
            .into_iter()
            .map(|(n, c)| (Cow::Borrowed(n), c))
            .collect()
    };
    // The same columns in every record: lines copied as they are.
    ward_csv_is_the_csv_of_the_rows(&[
        (
            "r-1",
            vec![
                row(vec![
                    ("row", Cell::Int(1)),
                    ("a", Cell::Str("x, \"y\"\nz".into())),
                ]),
                row(vec![("row", Cell::Int(2)), ("a", Cell::Null)]),
            ],
        ),
        (
            "r,2",
            vec![row(vec![
                ("row", Cell::Int(1)),
                ("a", Cell::Str("2025-01-02".into())),
            ])],
        ),
        (
            "2025-03-04",
            vec![row(vec![("row", Cell::Int(1)), ("a", Cell::Float(1.5))])],
        ),
    ]);
    // Records that lack columns, add others, or have a column's fields
    // where another has the column (`d` beside `d.x`): lines written
    // again under the ward's columns.
    ward_csv_is_the_csv_of_the_rows(&[
        (
            "a",
            vec![
                row(vec![
                    ("row", Cell::Int(1)),
                    ("b", Cell::Str("\"q\",\n".into())),
                ]),
                row(vec![("row", Cell::Int(2)), ("d", Cell::Null)]),
            ],
        ),
        (
            "b,\"",
            vec![row(vec![
                ("x", Cell::Bool(true)),
                ("row", Cell::Int(1)),
                ("d.x", Cell::Str("2025-01-02".into())),
                ("e", Cell::Str("".into())),
            ])],
        ),
        ("c", vec![row(vec![("b", Cell::Null)])]),
        ("", vec![row(vec![("b", Cell::Null)]), row(vec![])]),
        (
            "d",
            vec![row(vec![
                ("row", Cell::Int(1)),
                ("b", Cell::Str("x".into())),
            ])],
        ),
        ("", vec![row(vec![])]),
    ]);
    // Nothing but empty records and empty ids.
    ward_csv_is_the_csv_of_the_rows(&[("", vec![row(vec![])]), ("e", vec![row(vec![])])]);
    ward_csv_is_the_csv_of_the_rows(&[("", vec![row(vec![("a", Cell::Null)])])]);
    // A record of one empty cell is `""` alone, not after its id.
    let empty = [row(vec![("a", Cell::Null)])];
    let (file, piece) = record_table(&empty, "r");
    assert_eq!(file, b"a\n\"\"\n");
    let mut ward = WardCsv::new(true);
    ward.add(piece);
    assert_eq!(ward.finish().1.bytes, b"record_id,a\nr,\n");
}

#[test]
fn csv_quotes_leads_with_the_record_id_and_types_columns() {
    let cols = vec!["a".to_string(), "b".to_string(), "c".to_string()];
    let one: Row = vec![
        ("a".into(), Cell::Int(5)),
        ("b".into(), Cell::Str("x, \"y\"".into())),
        ("c".into(), Cell::Str("2025-01-02".into())),
    ];
    // Out of order and missing a cell: found by name, or empty.
    let two: Row = vec![
        ("b".into(), Cell::Str("z".into())),
        ("a".into(), Cell::Float(1.5)),
    ];
    let w = write(&cols, &["record_id"], &[(&["r1"], &one), (&["r2"], &two)]);
    assert_eq!(
        String::from_utf8(w.bytes).unwrap(),
        "record_id,a,b,c\nr1,5,\"x, \"\"y\"\"\",2025-01-02\nr2,1.5,z,\n"
    );
    let types: Vec<&str> = w.stats.iter().map(ColumnStats::schema_type).collect();
    assert_eq!(types, ["string", "number", "string", "date"]);
    let required: Vec<bool> = w.stats.iter().map(|s| s.required(2)).collect();
    assert_eq!(required, [true, true, true, false]);
    let mut s = ColumnStats::default();
    s.add(&Cell::Str("2025-1-2".into()));
    assert_eq!(s.schema_type(), "string");
    let mut s = ColumnStats::default();
    s.add(&Cell::Bool(true));
    s.add(&Cell::Null);
    assert_eq!((s.schema_type(), s.required(2)), ("boolean", false));
}
