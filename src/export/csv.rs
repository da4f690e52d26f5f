//! Records as tables, derived from their JSON tree and not kind by kind: the
//! fields of a record flattened to one row (`totals.closing`), every list of
//! objects (receipts, parcels, tasks, a task's milestones…) a table of its
//! own, one row per entry. Money stays integer đồng and dates ISO 8601, as
//! the JSON writes them; columns follow the model's field order. Cells and
//! names borrow from the tree.

use super::json::Node;
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

impl<'a> Cell<'a> {
    fn of(n: &'a Node<'_>) -> Cell<'a> {
        match n {
            Node::Null | Node::Map(_) => Cell::Null,
            Node::Bool(b) => Cell::Bool(*b),
            Node::Int(i) => Cell::Int(*i),
            Node::Float(f) => Cell::Float(*f),
            Node::Str(s) => Cell::Str(Cow::Borrowed(s)),
            Node::Seq(items) => {
                let mut joined = String::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        joined.push_str("; ");
                    }
                    Cell::of(item).push_text(&mut joined);
                }
                Cell::Str(Cow::Owned(joined))
            }
        }
    }

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

/// Top-level fields left out of the tables: `attachments` holds paths in
/// the repository; `files` lists the same files as published.
const SKIPPED: &[&str] = &["attachments"];

/// Flattens a record's JSON tree. The kind-specific part (`data`) is lifted
/// to the top, so its fields are columns without a prefix.
pub fn flatten<'a>(record: &'a Node<'_>) -> Flat<'a> {
    let mut flat = Flat::default();
    if let Node::Map(m) = record {
        let mut w = Walk {
            tables: &mut flat.tables,
        };
        w.walk(m, "", "", &[], &mut flat.fields, true);
    }
    flat
}

struct Walk<'t, 'a> {
    tables: &'t mut Vec<Table<'a>>,
}

impl<'a> Walk<'_, 'a> {
    /// Writes the fields of `map` into `row` and its lists of objects into
    /// the tables. `table` is the path of the table `row` belongs to,
    /// `parents` the positions of the rows above it.
    fn walk(
        &mut self,
        map: &'a [(Cow<'_, str>, Node<'_>)],
        prefix: &str,
        table: &str,
        parents: &[(String, usize)],
        row: &mut Row<'a>,
        top: bool,
    ) {
        for (k, v) in map {
            let k: &'a str = k;
            if top && SKIPPED.contains(&k) {
                continue;
            }
            let name: Cow<'a, str> = if top && k == "data" {
                Cow::Borrowed("")
            } else if prefix.is_empty() {
                Cow::Borrowed(k)
            } else {
                Cow::Owned(format!("{prefix}{k}"))
            };
            match v {
                Node::Map(inner) => {
                    let p = if name.is_empty() {
                        String::new()
                    } else {
                        format!("{name}.")
                    };
                    self.walk(inner, &p, table, parents, row, false);
                }
                Node::Seq(items) if items.iter().any(|i| matches!(i, Node::Map(_))) => {
                    let path = if table.is_empty() {
                        name.to_string()
                    } else {
                        format!("{table}.{name}")
                    };
                    // The lists of every row of a table make one table.
                    let index = match self.tables.iter().position(|t| t.path == path) {
                        Some(i) => i,
                        None => {
                            self.tables.push(Table {
                                path: path.clone(),
                                rows: Vec::with_capacity(items.len()),
                            });
                            self.tables.len() - 1
                        }
                    };
                    let mut inner_parents = parents.to_vec();
                    inner_parents.push((format!("{}_row", last(&path)), 0));
                    for (i, item) in items.iter().enumerate() {
                        let mut r: Row<'a> = Vec::with_capacity(parents.len() + 16);
                        r.extend(
                            parents
                                .iter()
                                .map(|(p, n)| (Cow::Owned(p.clone()), Cell::Int(*n as i64))),
                        );
                        r.push((Cow::Borrowed("row"), Cell::Int(i as i64 + 1)));
                        if let Some(own) = inner_parents.last_mut() {
                            own.1 = i + 1;
                        }
                        match item {
                            Node::Map(m) => self.walk(m, "", &path, &inner_parents, &mut r, false),
                            other => r.push((Cow::Borrowed("value"), Cell::of(other))),
                        }
                        self.tables[index].rows.push(r);
                    }
                }
                // An empty list could be a table or a list of texts: neither
                // a column nor a table, so records of a kind agree.
                Node::Seq(items) if items.is_empty() => {}
                _ => row.push((name, Cell::of(v))),
            }
        }
    }
}

/// The last segment of a dotted path.
fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// The paths of a record's tables, in field order, read from its JSON
/// without building the tree: what [`flatten`] gives as `tables`, for the
/// record page's links, at a fraction of the cost.
pub fn table_paths(json: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut path = String::new();
    let mut de = serde_json::Deserializer::from_slice(json);
    let seed = Paths {
        path: &mut path,
        top: true,
        out: &mut out,
    };
    // The JSON was just written by serde: it reads back.
    let _ = serde::de::DeserializeSeed::deserialize(seed, &mut de);
    out
}

/// Finds the lists of objects under `path` (see [`table_paths`]); one
/// buffer holds the path as the walk goes down and up.
struct Paths<'p, 'o> {
    path: &'p mut String,
    top: bool,
    out: &'o mut Vec<String>,
}

/// A key, borrowed from the JSON when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Paths<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// Scalars, the same for both walkers: nothing to find.
macro_rules! scalars {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
    };
}

impl<'de> serde::de::Visitor<'de> for Paths<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    scalars!();
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let len = self.path.len();
        while let Some(Key(key)) = map.next_key()? {
            if self.top && SKIPPED.contains(&key.as_ref()) {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            if !(self.top && key == "data") {
                if !self.path.is_empty() {
                    self.path.push('.');
                }
                self.path.push_str(&key);
            }
            map.next_value_seed(Paths {
                path: &mut *self.path,
                top: false,
                out: &mut *self.out,
            })?;
            self.path.truncate(len);
        }
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Item {
                path: &mut *self.path,
                out: &mut *self.out,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// An item of a list: an object makes the list a table.
struct Item<'p, 'o> {
    path: &'p mut String,
    out: &'o mut Vec<String>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Item<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Item<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    scalars!();
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // A list in a list is not walked, as in [`flatten`].
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        if !self.out.iter().any(|p| p == self.path.as_str()) {
            self.out.push(self.path.clone());
        }
        Paths {
            path: self.path,
            top: false,
            out: self.out,
        }
        .visit_map(map)
    }
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

    fn node(s: &str) -> Node<'_> {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn lists_of_objects_become_tables_with_their_parents_positions() {
        let n = node(
            r#"{"id":"k","attachments":[{"path":"x"}],"data":{"totals":{"sum":5},"tags":["a","b"],"none":[],
                "tasks":[{"t":"x","ms":[{"d":"2025-01-02"}]},{"t":"y"},{"ms":[{"d":"2025-03-04"}]}]}}"#,
        );
        let flat = flatten(&n);
        let names: Vec<&str> = flat.fields.iter().map(|(n, _)| n.as_ref()).collect();
        assert_eq!(names, ["id", "totals.sum", "tags"]);
        assert_eq!(flat.fields[2].1, Cell::Str("a; b".into()));
        let paths: Vec<&str> = flat.tables.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["tasks", "tasks.ms"]);
        assert_eq!(flat.tables[0].rows.len(), 3);
        assert_eq!(flat.tables[1].rows.len(), 2, "both tasks' milestones");
        assert_eq!(
            flat.tables[1].rows[1][0],
            ("tasks_row".into(), Cell::Int(3))
        );
        let ms = &flat.tables[1].rows[0];
        assert_eq!(ms[0], ("tasks_row".into(), Cell::Int(1)));
        assert_eq!(ms[1], ("row".into(), Cell::Int(1)));
        assert_eq!(ms[2], ("d".into(), Cell::Str("2025-01-02".into())));
    }

    #[test]
    fn table_paths_agree_with_flatten() {
        let json = r#"{"id":"k","attachments":[{"path":"x"}],"data":{"p":{"inner":[{"a":1}]},
            "tasks":[1,{"t":"x","ms":[{"d":"2025-01-02"}],"deep":[[{"no":1}]]},{"ms":[{"d":"x"}]}],
            "notes":["a"],"none":[]}}"#;
        let from_tree: Vec<String> = flatten(&node(json))
            .tables
            .into_iter()
            .map(|t| t.path)
            .collect();
        assert_eq!(from_tree, ["p.inner", "tasks", "tasks.ms"]);
        assert_eq!(table_paths(json.as_bytes()), from_tree);
    }

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
