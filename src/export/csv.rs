//! Records as tables, derived from their JSON tree and not kind by kind: the
//! fields of a record flattened to one row (`totals.closing`), every list of
//! objects (receipts, parcels, tasks, a task's milestones…) a table of its
//! own, one row per entry. Money stays integer đồng and dates ISO 8601, as
//! the JSON writes them; columns follow the model's field order.

use super::json::Node;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Empty.
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// An integer (money in đồng, counts).
    Int(i64),
    /// A decimal number (areas).
    Float(f64),
    /// Text; lists of texts are joined with `; `.
    Str(String),
}

impl Cell {
    fn of(n: &Node) -> Cell {
        match n {
            Node::Null => Cell::Null,
            Node::Bool(b) => Cell::Bool(*b),
            Node::Int(i) => Cell::Int(*i),
            Node::Float(f) => Cell::Float(*f),
            Node::Str(s) => Cell::Str(s.clone()),
            Node::Seq(items) => Cell::Str(
                items
                    .iter()
                    .map(|i| Cell::of(i).text())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Node::Map(_) => Cell::Null,
        }
    }

    /// The cell as CSV text.
    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Str(s) => s.clone(),
        }
    }
}

/// A row: its cells by column name, in field order.
pub type Row = Vec<(String, Cell)>;

/// A table of one record: a list of objects, at `path` (`receipts`,
/// `tasks.milestones`).
#[derive(Debug, Clone)]
pub struct Table {
    /// Dotted path of the list in the record.
    pub path: String,
    /// Rows; each starts with the 1-based positions of its parents
    /// (`tasks_row`) and its own (`row`).
    pub rows: Vec<Row>,
}

/// A record flattened: its own row and its tables.
#[derive(Debug, Clone, Default)]
pub struct Flat {
    /// The record's fields that are not lists of objects.
    pub fields: Row,
    /// Its tables, in field order; empty lists give no table.
    pub tables: Vec<Table>,
}

/// Top-level fields left out of the tables: `attachments` holds paths in
/// the repository; `files` lists the same files as published.
const SKIPPED: &[&str] = &["attachments"];

/// Flattens a record's JSON tree. The kind-specific part (`data`) is lifted
/// to the top, so its fields are columns without a prefix.
pub fn flatten(record: &Node) -> Flat {
    let mut flat = Flat::default();
    if let Node::Map(m) = record {
        let kept: Vec<(String, Node)> = m
            .iter()
            .filter(|(k, _)| !SKIPPED.contains(&k.as_str()))
            .cloned()
            .collect();
        walk(&kept, "", "", &[], &mut flat.fields, &mut flat.tables);
    }
    flat
}

/// Writes the fields of `map` into `row` and its lists of objects into
/// `tables`. `table` is the path of the table `row` belongs to, `parents`
/// the positions of the rows above it.
fn walk(
    map: &[(String, Node)],
    prefix: &str,
    table: &str,
    parents: &[(String, usize)],
    row: &mut Row,
    tables: &mut Vec<Table>,
) {
    for (k, v) in map {
        let name = if prefix.is_empty() && table.is_empty() && k == "data" {
            String::new()
        } else {
            format!("{prefix}{k}")
        };
        match v {
            Node::Map(inner) => {
                let p = if name.is_empty() {
                    String::new()
                } else {
                    format!("{name}.")
                };
                walk(inner, &p, table, parents, row, tables);
            }
            Node::Seq(items) if items.iter().any(|i| matches!(i, Node::Map(_))) => {
                let path = if table.is_empty() {
                    name.clone()
                } else {
                    format!("{table}.{name}")
                };
                // The lists of every row of a table make one table.
                let index = match tables.iter().position(|t| t.path == path) {
                    Some(i) => i,
                    None => {
                        tables.push(Table {
                            path: path.clone(),
                            rows: Vec::with_capacity(items.len()),
                        });
                        tables.len() - 1
                    }
                };
                for (i, item) in items.iter().enumerate() {
                    let mut r: Row = parents
                        .iter()
                        .map(|(p, n)| (p.clone(), Cell::Int(*n as i64)))
                        .collect();
                    r.push(("row".into(), Cell::Int(i as i64 + 1)));
                    let mut inner_parents = parents.to_vec();
                    inner_parents.push((format!("{}_row", last(&path)), i + 1));
                    match item {
                        Node::Map(m) => walk(m, "", &path, &inner_parents, &mut r, tables),
                        other => r.push(("value".into(), Cell::of(other))),
                    }
                    tables[index].rows.push(r);
                }
            }
            // An empty list could be a table or a list of texts: neither
            // a column nor a table, so records of a kind agree.
            Node::Seq(items) if items.is_empty() => {}
            _ => row.push((name, Cell::of(v))),
        }
    }
}

/// The last segment of a dotted path.
fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
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
            match self.names.iter().position(|n| n == name) {
                Some(i) => after = Some(i),
                None => {
                    let at = after.map_or(0, |i| i + 1);
                    self.names.insert(at, name.clone());
                    after = Some(at);
                }
            }
        }
    }

    /// Drops a column that only ever held `null` where other rows have its
    /// fields (`decision` beside `decision.date`).
    pub fn finish(&mut self) {
        let all = self.names.clone();
        self.names.retain(|n| {
            !all.iter().any(|m| {
                m.len() > n.len() && m.starts_with(n.as_str()) && m.as_bytes()[n.len()] == b'.'
            })
        });
    }
}

/// Writes a CSV (UTF-8, header, RFC 4180 quoting, `\n` line ends) of `rows`
/// under `columns`, each row led by `lead` cells (the record id).
pub fn write(columns: &[String], lead: &[&str], rows: &[(Vec<String>, &Row)]) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header: Vec<&str> = lead
        .iter()
        .copied()
        .chain(columns.iter().map(String::as_str))
        .collect();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for (lead, row) in rows {
        record.clear();
        record.extend(lead.iter().cloned());
        for c in columns {
            record.push(
                row.iter()
                    .find(|(n, _)| n == c)
                    .map_or_else(String::new, |(_, v)| v.text()),
            );
        }
        let _ = w.write_record(&record);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(s: &str) -> Node {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn lists_of_objects_become_tables_with_their_parents_positions() {
        let flat = flatten(&node(
            r#"{"id":"k","data":{"totals":{"sum":5},"tags":["a","b"],"none":[],
                "tasks":[{"t":"x","ms":[{"d":"2025-01-02"}]},{"t":"y"},{"ms":[{"d":"2025-03-04"}]}]}}"#,
        ));
        let names: Vec<&str> = flat.fields.iter().map(|(n, _)| n.as_str()).collect();
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
    fn columns_keep_the_field_order_whatever_the_first_row_lacks() {
        let mut c = Columns::default();
        let row =
            |names: &[&str]| -> Row { names.iter().map(|n| (n.to_string(), Cell::Null)).collect() };
        c.add(&row(&["a", "c"]));
        c.add(&row(&["a", "b", "c", "d"]));
        c.add(&row(&["x", "a"]));
        c.add(&row(&["a", "e", "e.f"]));
        c.finish();
        assert_eq!(c.names, ["x", "a", "e.f", "b", "c", "d"]);
    }

    #[test]
    fn csv_quotes_and_leads_with_the_record_id() {
        let cols = vec!["a".to_string(), "b".to_string()];
        let row: Row = vec![
            ("b".into(), Cell::Str("x, \"y\"".into())),
            ("a".into(), Cell::Int(5)),
        ];
        let bytes = write(&cols, &["record_id"], &[(vec!["r1".into()], &row)]);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "record_id,a,b\nr1,5,\"x, \"\"y\"\"\"\n"
        );
    }
}
