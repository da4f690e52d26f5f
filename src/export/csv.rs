//! Records as tables, derived from the typed record and not kind by kind
//! (flattened by [`super::record`] in the walk that writes its JSON): the
//! fields of a record flattened to one row (`totals.closing`), every list of
//! objects (receipts, parcels, tasks, a task's milestones…) a table of its
//! own, one row per entry. Money stays integer đồng and dates ISO 8601, as
//! the JSON writes them; columns follow the model's field order. This module
//! holds the tables and writes them as CSV.

use super::hash::Hashed;
use std::borrow::Cow;
use std::fmt::Write as _;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Empty.
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// An integer (money in đồng, counts).
    Int(i64),
    /// A decimal number (areas).
    Float(f64),
    /// Text; lists of texts are joined with `; `.
    Str(Cow<'a, str>),
}

impl Cell<'_> {
    /// Appends the cell as CSV text (before quoting).
    pub fn push_text(&self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = match self {
            Cell::Null => Ok(()),
            Cell::Bool(b) => write!(out, "{b}"),
            Cell::Int(i) => {
                out.push_str(int_text(*i, &mut [0; 20]));
                Ok(())
            }
            Cell::Float(f) => write!(out, "{f}"),
            Cell::Str(s) => {
                out.push_str(s);
                Ok(())
            }
        };
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cell::Null) || matches!(self, Cell::Str(s) if s.is_empty())
    }
}

/// A row: its cells by column name, in field order.
pub type Row<'a> = Vec<(Cow<'a, str>, Cell<'a>)>;

/// A table of one record: a list of objects, at `path` (`receipts`,
/// `tasks.milestones`).
#[derive(Debug, Clone)]
pub struct Table<'a> {
    /// Dotted path of the list in the record.
    pub path: String,
    /// Rows; each starts with the 1-based positions of its parents
    /// (`tasks_row`) and its own (`row`).
    pub rows: Vec<Row<'a>>,
}

/// A record flattened: its own row and its tables.
#[derive(Debug, Clone, Default)]
pub struct Flat<'a> {
    /// The record's fields that are not lists of objects.
    pub fields: Row<'a>,
    /// Its tables, in field order; empty lists give no table.
    pub tables: Vec<Table<'a>>,
}

/// Column names that rows of one table use, in field order: a name missing
/// from the rows seen so far is placed after the name that precedes it in
/// its row, so the model's order holds whatever the first row lacked.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// The names.
    pub names: Vec<String>,
}

impl Columns {
    /// Adds the names of `row`.
    pub fn add(&mut self, row: &Row) {
        let mut after: Option<usize> = None;
        for (name, _) in row {
            // Rows mostly have the columns in the same order: try the next.
            let next = after.map_or(0, |i| i + 1);
            let found = if self.names.get(next).is_some_and(|n| n == name) {
                Some(next)
            } else {
                self.names.iter().position(|n| n == name)
            };
            match found {
                Some(i) => after = Some(i),
                None => {
                    self.names.insert(next, name.to_string());
                    after = Some(next);
                }
            }
        }
    }

    /// Drops a column that only ever held `null` where other rows have its
    /// fields (`decision` beside `decision.date`), and finishes the list.
    pub fn finish(self) -> Vec<String> {
        self.finished()
    }

    /// What [`Columns::finish`] gives, the names kept.
    pub fn finished(&self) -> Vec<String> {
        let all = &self.names;
        all.iter()
            .filter(|n| {
                !all.iter().any(|m| {
                    m.len() > n.len() && m.starts_with(n.as_str()) && m.as_bytes()[n.len()] == b'.'
                })
            })
            .cloned()
            .collect()
    }
}

/// What the cells of one column held, for its Table Schema.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnStats {
    /// Empty cells.
    pub empty: usize,
    /// Integers.
    pub ints: usize,
    /// Decimal numbers.
    pub floats: usize,
    /// Booleans.
    pub bools: usize,
    /// ISO dates.
    pub dates: usize,
    /// Other texts.
    pub texts: usize,
}

impl ColumnStats {
    /// Adds what another part of the same column held.
    fn merge(&mut self, o: &ColumnStats) {
        self.empty += o.empty;
        self.ints += o.ints;
        self.floats += o.floats;
        self.bools += o.bools;
        self.dates += o.dates;
        self.texts += o.texts;
    }

    fn add(&mut self, c: &Cell) {
        match c {
            _ if c.is_empty() => self.empty += 1,
            Cell::Int(_) => self.ints += 1,
            Cell::Float(_) => self.floats += 1,
            Cell::Bool(_) => self.bools += 1,
            Cell::Str(s) if is_iso_date(s) => self.dates += 1,
            _ => self.texts += 1,
        }
    }

    /// The narrowest Table Schema type every non-empty cell fits.
    pub fn schema_type(&self) -> &'static str {
        let values = self.ints + self.floats + self.bools + self.dates + self.texts;
        if values == 0 || self.texts > 0 {
            "string"
        } else if self.ints == values {
            "integer"
        } else if self.ints + self.floats == values {
            "number"
        } else if self.bools == values {
            "boolean"
        } else if self.dates == values {
            "date"
        } else {
            "string"
        }
    }

    /// Whether every cell has a value.
    pub fn required(&self, rows: usize) -> bool {
        rows > 0 && self.empty == 0
    }
}

/// `YYYY-MM-DD` and a real date.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && crate::date::Date::parse(s).is_ok_and(|d| d.iso_bytes().is_some_and(|i| i == b))
}

/// A CSV written, with what its Table Schema needs.
pub struct Written {
    /// The file.
    pub bytes: Vec<u8>,
    /// Its SHA-256, lowercase hex (hashed as it was written).
    pub sha256: String,
    /// Per column (leading columns first), what it held.
    pub stats: Vec<ColumnStats>,
    /// Rows written.
    pub rows: usize,
}

/// Writes a CSV (UTF-8, header, RFC 4180 quoting, `\n` line ends) of `rows`
/// under `columns`, each row led by cells for the `lead` columns (the
/// record id), hashing it as it goes and noting what each column held.
pub fn write(columns: &[String], lead: &[&str], rows: &[(&[&str], &Row)]) -> Written {
    let mut out = Hashed::with_capacity(capacity(lead.len() + columns.len(), rows.len()));
    header(out.bytes(), columns, lead);
    let mut stats = vec![ColumnStats::default(); lead.len() + columns.len()];
    for (lead_values, row) in rows {
        let bytes = out.bytes();
        let start = bytes.len();
        for (i, v) in lead_values.iter().enumerate() {
            stats[i].add(&Cell::Str(Cow::Borrowed(v)));
            if i > 0 {
                bytes.push(b',');
            }
            field(bytes, v);
        }
        cells(bytes, columns, row, !lead_values.is_empty(), |c, cell| {
            stats[lead.len() + c].add(cell)
        });
        end_record(bytes, start);
        out.tick();
    }
    let (bytes, sha256) = out.finish();
    Written {
        bytes,
        sha256,
        stats,
        rows: rows.len(),
    }
}

/// A record's table written as its CSV file, with what the ward's CSV of
/// the same table can take from it instead of writing the cells again.
pub struct RecordCsv {
    /// The column names before [`Columns::finish`]: records whose tables
    /// have the same names have the same columns in the ward's CSV too.
    pub names: Vec<String>,
    /// The columns.
    pub columns: Vec<String>,
    /// The file.
    pub bytes: Vec<u8>,
    /// Where each row's line starts in it (after the header).
    pub lines: Vec<usize>,
    /// Per column, what it held.
    pub stats: Vec<ColumnStats>,
}

/// Writes a record's table (`rows`) under the columns its rows have, as
/// [`write_plain`] does, noting where each row's line is and what each
/// column held.
pub fn record_table(rows: &[Row]) -> RecordCsv {
    let mut cols = Columns::default();
    rows.iter().for_each(|row| cols.add(row));
    let columns = cols.finished();
    let mut bytes = Vec::with_capacity(capacity(columns.len(), rows.len()));
    header(&mut bytes, &columns, &[]);
    let mut stats = vec![ColumnStats::default(); columns.len()];
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let start = bytes.len();
        lines.push(start);
        cells(&mut bytes, &columns, row, false, |c, cell| {
            stats[c].add(cell)
        });
        end_record(&mut bytes, start);
    }
    RecordCsv {
        names: cols.names,
        columns,
        bytes,
        lines,
        stats,
    }
}

/// The ward's CSV of one table from its records' CSVs (each with its
/// record's id), which all have the same column names: each record's lines
/// copied, led by its id; the same bytes and statistics as [`write`] of
/// their rows under a `record_id` column.
pub fn write_from_records(parts: &[(&str, &RecordCsv)]) -> Written {
    let columns: &[String] = parts.first().map_or(&[], |(_, t)| &t.columns);
    let size: usize = parts
        .iter()
        .map(|(id, t)| t.bytes.len() + t.lines.len() * (id.len() + 3))
        .sum();
    let mut out = Hashed::with_capacity(size + 64);
    header(out.bytes(), columns, &["record_id"]);
    let mut stats = vec![ColumnStats::default(); 1 + columns.len()];
    let mut rows = 0;
    let mut id_field = Vec::new();
    for (id, t) in parts {
        id_field.clear();
        field(&mut id_field, id);
        let mut id_stats = ColumnStats::default();
        id_stats.add(&Cell::Str(Cow::Borrowed(id)));
        for _ in 0..t.lines.len() {
            stats[0].merge(&id_stats);
        }
        for (s, part) in stats[1..].iter_mut().zip(&t.stats) {
            s.merge(part);
        }
        rows += t.lines.len();
        let bytes = out.bytes();
        for (i, &start) in t.lines.iter().enumerate() {
            let end = t.lines.get(i + 1).copied().unwrap_or(t.bytes.len());
            // The line without its end; a record of nothing was written `""`.
            let line = t.bytes.get(start..end.saturating_sub(1)).unwrap_or(&[]);
            let begin = bytes.len();
            bytes.extend_from_slice(&id_field);
            if !columns.is_empty() {
                bytes.push(b',');
                if line != b"\"\"" {
                    bytes.extend_from_slice(line);
                }
            }
            end_record(bytes, begin);
        }
        out.tick();
    }
    let (bytes, sha256) = out.finish();
    Written {
        bytes,
        sha256,
        stats,
        rows,
    }
}

/// Writes a CSV of `rows` under `columns` as [`write`] does, without
/// leading columns, hash or statistics (a record's own table files).
pub fn write_plain(columns: &[String], rows: &[Row]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(capacity(columns.len(), rows.len()));
    header(&mut bytes, columns, &[]);
    for row in rows {
        let start = bytes.len();
        cells(&mut bytes, columns, row, false, |_, _| {});
        end_record(&mut bytes, start);
    }
    bytes
}

/// Room for a CSV of `rows` rows of `columns` cells: about what the
/// generated and sample repositories' tables take, so that the buffer is
/// seldom grown (and copied).
fn capacity(columns: usize, rows: usize) -> usize {
    (rows + 1) * (columns * 12 + 8)
}

/// The header line.
fn header(out: &mut Vec<u8>, columns: &[String], lead: &[&str]) {
    let start = out.len();
    let names = lead
        .iter()
        .copied()
        .chain(columns.iter().map(String::as_str));
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        field(out, name);
    }
    end_record(out, start);
}

/// The cells of `row` under `columns`, comma-separated (one before the
/// first when `after` a leading cell); `seen` is told each column's cell.
fn cells(
    out: &mut Vec<u8>,
    columns: &[String],
    row: &Row,
    after: bool,
    mut seen: impl FnMut(usize, &Cell),
) {
    let mut j = 0;
    for (c, name) in columns.iter().enumerate() {
        // Cells are in column order: the next one, or none.
        let cell = if row.get(j).is_some_and(|(n, _)| n == name) {
            j += 1;
            Some(&row[j - 1].1)
        } else {
            row.iter().find(|(n, _)| n == name).map(|(_, v)| v)
        };
        let cell = cell.unwrap_or(&Cell::Null);
        seen(c, cell);
        if after || c > 0 {
            out.push(b',');
        }
        match cell {
            Cell::Null => {}
            Cell::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Cell::Int(i) => out.extend_from_slice(int_digits(*i, &mut [0; 20])),
            Cell::Float(f) => {
                let mut text = String::new();
                let _ = write!(text, "{f}");
                field(out, &text);
            }
            Cell::Str(s) => field(out, s),
        }
    }
}

/// A field, quoted when it holds a comma, a quote or a line end (quotes
/// doubled), as the `csv` crate's necessary quoting does.
fn field(out: &mut Vec<u8>, s: &str) {
    if !needs_quotes(s.as_bytes()) {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    // Quotes doubled: the text copied in pieces between them.
    for (i, piece) in s.split('"').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(piece.as_bytes());
    }
    out.push(b'"');
}

/// Whether a field holds a comma, a quote or a line end, eight bytes at a
/// time.
fn needs_quotes(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // True exactly when a byte of `v` is zero (a borrow only ever marks a
    // byte above one that is).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        if zero(x ^ (ONES * u64::from(b',')))
            || zero(x ^ (ONES * u64::from(b'"')))
            || zero(x ^ (ONES * u64::from(b'\n')))
            || zero(x ^ (ONES * u64::from(b'\r')))
        {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// Ends a record begun at `start`: a record with nothing written (a single
/// empty field) is written as `""`, so that it is not read as no record.
fn end_record(out: &mut Vec<u8>, start: usize) {
    if out.len() == start {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}

/// An integer's decimal text, written in `buf`.
pub fn int_text(v: i64, buf: &mut [u8; 20]) -> &str {
    // Only ASCII digits and a sign are written.
    std::str::from_utf8(int_digits(v, buf)).unwrap_or("0")
}

/// An integer's decimal digits (and sign), written in `buf`.
fn int_digits(v: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    let mut n = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn ward_csv_from_the_records_lines_is_the_csv_of_their_rows() {
        let row = |cells: Vec<(&'static str, Cell<'static>)>| -> Row<'static> {
            cells
                .into_iter()
                .map(|(n, c)| (Cow::Borrowed(n), c))
                .collect()
        };
        let tables: Vec<(&str, Vec<Row>)> = vec![
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
        ];
        let csvs: Vec<RecordCsv> = tables.iter().map(|(_, rows)| record_table(rows)).collect();
        for (c, (_, rows)) in csvs.iter().zip(&tables) {
            assert_eq!(c.bytes, write_plain(&c.columns, rows));
        }
        let parts: Vec<(&str, &RecordCsv)> = tables.iter().map(|(id, _)| *id).zip(&csvs).collect();
        let fast = write_from_records(&parts);
        let ids: Vec<[&str; 1]> = tables.iter().map(|(id, _)| [*id]).collect();
        let rows: Vec<(&[&str], &Row)> = tables
            .iter()
            .zip(&ids)
            .flat_map(|((_, rows), id)| rows.iter().map(move |r| (&id[..], r)))
            .collect();
        let slow = write(&csvs[0].columns, &["record_id"], &rows);
        assert_eq!(
            String::from_utf8_lossy(&fast.bytes),
            String::from_utf8_lossy(&slow.bytes)
        );
        assert_eq!(
            (fast.sha256, fast.stats, fast.rows),
            (slow.sha256, slow.stats, slow.rows)
        );
        // A record of one empty cell is `""` alone, not after its id.
        let empty = [row(vec![("a", Cell::Null)])];
        let one = record_table(&empty);
        assert_eq!(one.bytes, b"a\n\"\"\n");
        let fast = write_from_records(&[("r", &one)]);
        let slow = write(&one.columns, &["record_id"], &[(&["r"], &empty[0])]);
        assert_eq!(fast.bytes, slow.bytes);
        assert_eq!(fast.bytes, b"record_id,a\nr,\n");
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
}
