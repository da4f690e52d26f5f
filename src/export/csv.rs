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

/// A column's name as a record's walk makes it: a field's name is borrowed
/// from the model (copying it costs nothing), a nested one (`totals.closing`)
/// is made once per row.
pub type Name = Cow<'static, str>;

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
    pub names: Vec<Name>,
}

impl Columns {
    /// Adds the names of `row`.
    pub fn add(&mut self, row: &Row) {
        self.add_each(row.iter().map(|(n, _)| n), |n| Cow::Owned(n.to_string()));
    }

    /// Adds the names of a row, given as a list.
    pub fn add_names(&mut self, names: &[Name]) {
        self.add_each(names.iter(), Name::clone);
    }

    /// Adds the names of a row, in its order; `name` makes the column of a
    /// name not there yet.
    fn add_each<N: AsRef<str>>(
        &mut self,
        names: impl Iterator<Item = N>,
        name: impl Fn(N) -> Name,
    ) {
        let mut after: Option<usize> = None;
        for n in names {
            let text = n.as_ref();
            // Rows mostly have the columns in the same order: try the next.
            let next = after.map_or(0, |i| i + 1);
            let found = if self.names.get(next).is_some_and(|c| c == text) {
                Some(next)
            } else {
                self.names.iter().position(|c| c == text)
            };
            match found {
                Some(i) => after = Some(i),
                None => {
                    self.names.insert(next, name(n));
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
        self.kept().map(|n| n.to_string()).collect()
    }

    /// What [`Columns::finish`] gives, as names.
    fn finish_names(self) -> Vec<Name> {
        self.kept().cloned().collect()
    }

    /// The names kept by [`Columns::finish`].
    fn kept(&self) -> impl Iterator<Item = &Name> {
        let all = &self.names;
        all.iter().filter(|n| {
            !all.iter().any(|m| {
                m.len() > n.len() && m.starts_with(n.as_ref()) && m.as_bytes()[n.len()] == b'.'
            })
        })
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

/// What a ward's CSV takes of one record's table (or of its own row): its
/// lines as the ward's CSV writes them when their columns are the ward's
/// (led by the record's id for a table), and what is needed to write them
/// under other columns. The record's rows themselves are not kept.
pub struct Piece {
    /// The names of its rows, each distinct list once, in the order first
    /// met: adding them to a [`Columns`] gives what adding every row would
    /// (a row whose names are all there already adds nothing).
    shapes: Vec<Vec<Name>>,
    /// The columns its lines are written under (after [`Columns::finish`]).
    columns: Vec<Name>,
    /// Per column, what it held.
    stats: Vec<ColumnStats>,
    /// What the leading id column held, over its rows.
    lead: ColumnStats,
    /// Rows.
    rows: usize,
    /// The lines.
    lines: Vec<u8>,
}

/// The distinct name lists of `rows`, in the order first met.
fn shapes_of(rows: &[Row<'static>]) -> Vec<Vec<Name>> {
    let mut shapes: Vec<Vec<Name>> = Vec::new();
    for row in rows {
        let same =
            |s: &Vec<Name>| s.len() == row.len() && s.iter().zip(row).all(|(a, (b, _))| a == b);
        if !shapes.iter().any(same) {
            shapes.push(row.iter().map(|(n, _)| n.clone()).collect());
        }
    }
    shapes
}

/// Writes a record's table (`rows`) under the columns its rows have, as
/// [`write_plain`] does: the file's bytes, and the [`Piece`] the ward's CSV
/// of the table takes, each line led by `id`.
pub fn record_table(rows: &[Row<'static>], id: &str) -> (Vec<u8>, Piece) {
    let mut cols = Columns::default();
    let shapes = shapes_of(rows);
    shapes.iter().for_each(|s| cols.add_names(s));
    let columns = cols.finish_names();
    let mut bytes = Vec::with_capacity(capacity(columns.len(), rows.len()));
    header(&mut bytes, &columns, &[]);
    let mut id_field = Vec::with_capacity(id.len() + 2);
    field(&mut id_field, id);
    let mut lines = Vec::with_capacity(capacity(columns.len(), rows.len()));
    let mut stats = vec![ColumnStats::default(); columns.len()];
    for row in rows {
        let start = bytes.len();
        cells(&mut bytes, &columns, row, false, |c, cell| {
            stats[c].add(cell)
        });
        end_record(&mut bytes, start);
        // The same line led by the id; a line of nothing was written `""`.
        let line = &bytes[start..bytes.len() - 1];
        let begin = lines.len();
        lines.extend_from_slice(&id_field);
        if !columns.is_empty() {
            lines.push(b',');
            if line != b"\"\"" {
                lines.extend_from_slice(line);
            }
        }
        end_record(&mut lines, begin);
    }
    let mut lead = ColumnStats::default();
    let mut one = ColumnStats::default();
    one.add(&Cell::Str(Cow::Borrowed(id)));
    (0..rows.len()).for_each(|_| lead.merge(&one));
    let piece = Piece {
        shapes,
        columns,
        stats,
        lead,
        rows: rows.len(),
        lines,
    };
    (bytes, piece)
}

/// A record's own row as the [`Piece`] of its kind's CSV (no file of its
/// own, no leading column).
pub fn record_fields(row: &Row<'static>) -> Piece {
    let shapes = shapes_of(std::slice::from_ref(row));
    let mut cols = Columns::default();
    shapes.iter().for_each(|s| cols.add_names(s));
    let columns = cols.finish_names();
    let mut lines = Vec::with_capacity(capacity(columns.len(), 1));
    let mut stats = vec![ColumnStats::default(); columns.len()];
    cells(&mut lines, &columns, row, false, |c, cell| {
        stats[c].add(cell)
    });
    end_record(&mut lines, 0);
    Piece {
        shapes,
        columns,
        stats,
        lead: ColumnStats::default(),
        rows: 1,
        lines,
    }
}

/// Columns some records' lines are written under, with what they held.
struct Layout {
    columns: Vec<Name>,
    stats: Vec<ColumnStats>,
    rows: usize,
}

/// A ward's CSV of one table (led by a `record_id` column) or of a kind's
/// records (no leading column), put together from its records'
/// [`Piece`]s in their order, each let go once added: only their lines are
/// kept, in one buffer. Records whose columns are the ward's (nearly all)
/// have their lines copied as they are; the others' lines are written again
/// under the ward's columns, field by field, without their cells. The
/// bytes and statistics are those of [`write`] of all their rows.
pub struct WardCsv {
    lead: bool,
    names: Columns,
    layouts: Vec<Layout>,
    lead_stats: ColumnStats,
    body: Vec<u8>,
    /// Stretches of `body` under one layout: its index, where it ends.
    runs: Vec<(usize, usize)>,
    rows: usize,
}

impl WardCsv {
    /// An empty CSV; `lead`: its rows are led by their record's id.
    pub fn new(lead: bool) -> WardCsv {
        WardCsv {
            lead,
            names: Columns::default(),
            layouts: Vec::new(),
            lead_stats: ColumnStats::default(),
            body: Vec::new(),
            runs: Vec::new(),
            rows: 0,
        }
    }

    /// Bytes of lines so far.
    pub fn len(&self) -> usize {
        self.body.len()
    }

    /// Whether no line is there yet.
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// Room for `more` bytes of lines.
    pub fn reserve(&mut self, more: usize) {
        self.body.reserve(more);
    }

    /// Adds the next record's piece.
    pub fn add(&mut self, piece: Piece) {
        piece.shapes.iter().for_each(|s| self.names.add_names(s));
        let last = self.runs.last().map(|&(l, _)| l);
        let layout = match last.filter(|&l| self.layouts[l].columns == piece.columns) {
            Some(l) => l,
            None => match self.layouts.iter().position(|l| l.columns == piece.columns) {
                Some(l) => l,
                None => {
                    self.layouts.push(Layout {
                        stats: vec![ColumnStats::default(); piece.columns.len()],
                        columns: piece.columns,
                        rows: 0,
                    });
                    self.layouts.len() - 1
                }
            },
        };
        let l = &mut self.layouts[layout];
        l.stats
            .iter_mut()
            .zip(&piece.stats)
            .for_each(|(s, p)| s.merge(p));
        l.rows += piece.rows;
        self.lead_stats.merge(&piece.lead);
        self.rows += piece.rows;
        self.body.extend_from_slice(&piece.lines);
        match self.runs.last_mut() {
            Some((l, end)) if *l == layout => *end = self.body.len(),
            _ => self.runs.push((layout, self.body.len())),
        }
    }

    /// The file: its columns (the leading one first) and the CSV written.
    pub fn finish(self) -> (Vec<String>, Written) {
        let columns = self.names.finish();
        let lead: &[&str] = if self.lead { &["record_id"] } else { &[] };
        // Where each layout's columns are among the ward's.
        let maps: Vec<Vec<Option<usize>>> = self
            .layouts
            .iter()
            .map(|l| {
                columns
                    .iter()
                    .map(|c| l.columns.iter().position(|n| n == c))
                    .collect()
            })
            .collect();
        let mut stats = Vec::with_capacity(lead.len() + columns.len());
        if self.lead {
            stats.push(self.lead_stats);
        }
        for c in 0..columns.len() {
            let mut s = ColumnStats::default();
            for (l, map) in self.layouts.iter().zip(&maps) {
                match map[c] {
                    Some(j) => s.merge(&l.stats[j]),
                    None => s.empty += l.rows,
                }
            }
            stats.push(s);
        }
        let mut out = Hashed::with_capacity(self.body.len() + 64 * (columns.len() + 1));
        header(out.bytes(), &columns, lead);
        let mut start = 0;
        let mut fields = Vec::new();
        for &(l, end) in &self.runs {
            let run = &self.body[start..end];
            start = end;
            if self.layouts[l].columns == columns {
                for piece in run.chunks(64 * 1024) {
                    out.extend(piece);
                }
                continue;
            }
            let width = self.layouts[l].columns.len() + usize::from(self.lead);
            let mut at = 0;
            while at < run.len() {
                at = split_line(run, at, width, &mut fields);
                let bytes = out.bytes();
                let begin = bytes.len();
                if self.lead {
                    bytes.extend_from_slice(fields.first().map_or(&[][..], |f| &run[f.clone()]));
                }
                let cells = &fields[usize::from(self.lead).min(fields.len())..];
                for (c, m) in maps[l].iter().enumerate() {
                    if self.lead || c > 0 {
                        bytes.push(b',');
                    }
                    if let Some(f) = m.and_then(|j| cells.get(j)) {
                        bytes.extend_from_slice(&run[f.clone()]);
                    }
                }
                end_record(bytes, begin);
                out.tick();
            }
        }
        let (bytes, sha256) = out.finish();
        let names = lead.iter().map(|s| s.to_string()).chain(columns).collect();
        (
            names,
            Written {
                bytes,
                sha256,
                stats,
                rows: self.rows,
            },
        )
    }
}

/// Splits the line of `width` fields at `at` in `b` (as this module writes
/// them: a field quoted or free of commas, quotes and line ends) into
/// `fields`, the ranges of the fields as written, an empty field written
/// `""` as an empty range; returns where the next line starts.
fn split_line(
    b: &[u8],
    mut at: usize,
    width: usize,
    fields: &mut Vec<std::ops::Range<usize>>,
) -> usize {
    fields.clear();
    loop {
        let start = at;
        if b.get(at) == Some(&b'"') {
            at += 1;
            while at < b.len() {
                if b[at] == b'"' {
                    if b.get(at + 1) == Some(&b'"') {
                        at += 2;
                        continue;
                    }
                    at += 1;
                    break;
                }
                at += 1;
            }
        }
        while at < b.len() && b[at] != b',' && b[at] != b'\n' {
            at += 1;
        }
        // A line of one empty field is written `""`, never a field.
        let empty = &b[start..at] == b"\"\"";
        fields.push(if empty { start..start } else { start..at });
        match b.get(at) {
            Some(b',') => at += 1,
            _ => {
                // Past the line's end; a line of no field at all is `""` too.
                if width == 0 {
                    fields.clear();
                }
                return at + 1;
            }
        }
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
fn header<C: AsRef<str>>(out: &mut Vec<u8>, columns: &[C], lead: &[&str]) {
    let start = out.len();
    let names = lead.iter().copied().chain(columns.iter().map(C::as_ref));
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
fn cells<C: AsRef<str>>(
    out: &mut Vec<u8>,
    columns: &[C],
    row: &Row,
    after: bool,
    mut seen: impl FnMut(usize, &Cell),
) {
    let mut j = 0;
    for (c, name) in columns.iter().enumerate() {
        let name = name.as_ref();
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
mod tests;
