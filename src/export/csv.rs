//! Records as tables, derived from the typed record and not kind by kind
//! (flattened by [`super::record`] in the walk that writes its JSON): the
//! fields of a record flattened to one row (`totals.closing`), every list of
//! objects (receipts, parcels, tasks, a task's milestones…) a table of its
//! own, one row per entry. Money stays integer đồng and dates ISO 8601, as
//! the JSON writes them; columns follow the model's field order. This module
//! holds the tables and writes them as CSV.

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
            Cell::Int(i) => write!(out, "{i}"),
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
    pub fn finish(mut self) -> Vec<String> {
        let all = self.names.clone();
        self.names.retain(|n| {
            !all.iter().any(|m| {
                m.len() > n.len() && m.starts_with(n.as_str()) && m.as_bytes()[n.len()] == b'.'
            })
        });
        self.names
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
        && crate::date::Date::parse(s).is_ok_and(|d| d.iso() == s)
}

/// A CSV written, with what its Table Schema needs.
pub struct Written {
    /// The file.
    pub bytes: Vec<u8>,
    /// Per column (leading columns first), what it held.
    pub stats: Vec<ColumnStats>,
    /// Rows written.
    pub rows: usize,
}

/// Writes a CSV (UTF-8, header, RFC 4180 quoting, `\n` line ends) of `rows`
/// under `columns`, each row led by cells for the `lead` columns (the
/// record id).
pub fn write(columns: &[String], lead: &[&str], rows: &[(&[&str], &Row)]) -> Written {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(64 + rows.len() * 64));
    // Writing to a Vec cannot fail.
    for h in lead
        .iter()
        .copied()
        .chain(columns.iter().map(String::as_str))
    {
        let _ = w.write_field(h);
    }
    let _ = w.write_record(None::<&[u8]>);
    let mut stats = vec![ColumnStats::default(); lead.len() + columns.len()];
    let mut text = String::new();
    for (lead_values, row) in rows {
        for (i, v) in lead_values.iter().enumerate() {
            let cell = Cell::Str(Cow::Borrowed(v));
            stats[i].add(&cell);
            let _ = w.write_field(v);
        }
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
            stats[lead.len() + c].add(cell);
            text.clear();
            cell.push_text(&mut text);
            let _ = w.write_field(&text);
        }
        let _ = w.write_record(None::<&[u8]>);
    }
    Written {
        bytes: w.into_inner().unwrap_or_default(),
        stats,
        rows: rows.len(),
    }
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
