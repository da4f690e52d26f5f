//! A record's data serialised once: one walk of the typed record through
//! serde writes its JSON file (byte for byte what `serde_json` writes) and,
//! at the same time, flattens it into its tables for the CSVs (see
//! [`super::csv`] for the rules). No JSON is read back. The same walk
//! without the JSON and the cells gives the paths of the record's tables
//! (for the page's data links and JSON-LD) at a fraction of the cost.
//!
//! The flattening rules: the fields of an object go to the row being
//! filled (`totals.closing` for nested objects); a list holding an object
//! is a table of its own (`tasks`, `tasks.milestones`), one row per item,
//! each row led by its parents' positions (`tasks_row`) and its own
//! (`row`), a plain item in it a `value` cell; any other list is one cell,
//! its items joined with `; `; an empty list is neither. The kind-specific
//! part (`data`) is lifted to the top; `attachments` (paths in the
//! repository) is left out of the tables.

use super::csv::{Cell, Flat, Row, Table};
use super::json::RecordJson;
use super::ld;
use crate::model::{Record, Ward};
use serde::ser::{self, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Top-level fields left out of the tables: `attachments` holds paths in
/// the repository; `files` lists the same files as published.
const SKIPPED: &[&str] = &["attachments"];

/// A record's JSON file and its tables, from one walk.
pub struct Data {
    /// The JSON file's bytes.
    pub json: Vec<u8>,
    /// Its fields and tables.
    pub flat: Flat<'static>,
}

/// Serialises `r` of `ward` once: its JSON file and its tables.
pub fn data(ward: &Ward, r: &Record) -> Data {
    walk(&RecordJson::of(ward, r))
}

/// The paths of the tables of `r`, in field order: what [`data`] gives as
/// tables, without writing the JSON or the cells.
pub fn table_paths(ward: &Ward, r: &Record) -> Vec<String> {
    paths(&RecordJson::of(ward, r))
}

/// [`data`] of any value serialised as an object.
fn walk<T: Serialize + ?Sized>(value: &T) -> Data {
    let mut out = Out {
        json: Some(String::with_capacity(4096)),
        cells: true,
        tables: Vec::new(),
    };
    let mut fields = Row::new();
    // Serialising plain data cannot fail; an empty object is the fallback.
    let ok = value
        .serialize(S {
            out: &mut out,
            ctx: Ctx::Top { row: &mut fields },
        })
        .is_ok();
    match (ok, out.json) {
        (true, Some(json)) => Data {
            json: json.into_bytes(),
            flat: Flat {
                fields,
                tables: out.tables,
            },
        },
        _ => Data {
            json: b"{}".to_vec(),
            flat: Flat::default(),
        },
    }
}

/// [`table_paths`] of any value serialised as an object.
fn paths<T: Serialize + ?Sized>(value: &T) -> Vec<String> {
    let mut out = Out {
        json: None,
        cells: false,
        tables: Vec::new(),
    };
    let mut fields = Row::new();
    let _ = value.serialize(S {
        out: &mut out,
        ctx: Ctx::Top { row: &mut fields },
    });
    out.tables.into_iter().map(|t| t.path).collect()
}

/// What the walk writes into.
struct Out {
    /// The JSON being written, unless only the tables' paths are wanted.
    json: Option<String>,
    /// Whether cells and rows are made.
    cells: bool,
    /// The tables found.
    tables: Vec<Table<'static>>,
}

impl Out {
    fn push(&mut self, s: &str) {
        if let Some(j) = &mut self.json {
            j.push_str(s);
        }
    }

    fn string(&mut self, s: &str) {
        if let Some(j) = &mut self.json {
            ld::string(j, s);
        }
    }
}

/// Where a value goes.
enum Ctx<'c> {
    /// The record itself, its fields into `row`.
    Top { row: &'c mut Row<'static> },
    /// A field of an object walked into `row`, under `name`.
    Field {
        name: Cow<'static, str>,
        at: &'c At,
        row: &'c mut Row<'static>,
    },
    /// Item `index` of a list, which may be a table.
    Item {
        index: usize,
        /// The list's table, its parents and this item's position.
        at: &'c At,
        result: &'c mut Option<ItemResult>,
    },
    /// A value taken as one cell (objects in it are empty).
    Cell { cell: &'c mut Cell<'static> },
    /// Written to the JSON only.
    Skip,
}

/// Which table the row being filled belongs to, and its parents' positions.
#[derive(Default)]
struct At {
    table: String,
    parents: Vec<(String, usize)>,
}

/// What an item of a list turned out to be.
enum ItemResult {
    /// An object: its row.
    Row(Row<'static>),
    /// Anything else: its cell.
    Cell(Cell<'static>),
}

/// The serializer.
struct S<'c> {
    out: &'c mut Out,
    ctx: Ctx<'c>,
}

/// The error serialising cannot really give.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Texts put end to end (the walk makes a name or a path for many fields:
/// without the formatting machinery, and with the room known at once).
fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| s.push_str(p));
    s
}

/// The last segment of a dotted path.
fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

impl<'c> S<'c> {
    /// A scalar: its JSON text is written, its cell goes where it belongs.
    fn scalar(self, json: &str, cell: impl FnOnce() -> Cell<'static>) -> Result<(), Error> {
        self.out.push(json);
        if !self.out.cells {
            return Ok(());
        }
        match self.ctx {
            Ctx::Top { .. } | Ctx::Skip => {}
            Ctx::Field { name, row, .. } => row.push((name, cell())),
            Ctx::Item { result, .. } => *result = Some(ItemResult::Cell(cell())),
            Ctx::Cell { cell: c } => *c = cell(),
        }
        Ok(())
    }

    fn string(self, v: &str) -> Result<(), Error> {
        self.out.string(v);
        if !self.out.cells {
            return Ok(());
        }
        let cell = || Cell::Str(Cow::Owned(v.to_string()));
        match self.ctx {
            Ctx::Top { .. } | Ctx::Skip => {}
            Ctx::Field { name, row, .. } => row.push((name, cell())),
            Ctx::Item { result, .. } => *result = Some(ItemResult::Cell(cell())),
            Ctx::Cell { cell: c } => *c = cell(),
        }
        Ok(())
    }

    /// A number as `serde_json` writes it; its cell is the number
    /// `serde_json` reads from that text (the CSVs have always shown that).
    fn float(self, text: &str) -> Result<(), Error> {
        let cell = match serde_json::from_str::<f64>(text) {
            Ok(f) => Cell::Float(f),
            Err(_) => Cell::Null,
        };
        self.scalar(text, || cell)
    }

    fn int(self, v: i64) -> Result<(), Error> {
        self.scalar(super::csv::int_text(v, &mut [0; 20]), || Cell::Int(v))
    }

    /// An object: walked into a row where the context says so.
    fn object(self) -> Obj<'c> {
        self.out.push("{");
        let walk = match self.ctx {
            Ctx::Top { row } => Some(Walk {
                prefix: String::new(),
                top: true,
                at: Cow::Owned(At::default()),
                row: RowRef::Borrowed(row),
                result: None,
            }),
            Ctx::Field { name, at, row } => Some(Walk {
                prefix: if name.is_empty() {
                    String::new()
                } else {
                    cat(&[&name, "."])
                },
                top: false,
                at: Cow::Borrowed(at),
                row: RowRef::Borrowed(row),
                result: None,
            }),
            Ctx::Item { index, at, result } => {
                let mut r: Row<'static> = Vec::new();
                if self.out.cells {
                    // The list's parents, without the item itself.
                    let parents = &at.parents[..at.parents.len().saturating_sub(1)];
                    r.reserve(parents.len() + 16);
                    r.extend(
                        parents
                            .iter()
                            .map(|(p, n)| (Cow::Owned(p.clone()), Cell::Int(*n as i64))),
                    );
                    r.push((Cow::Borrowed("row"), Cell::Int(index as i64 + 1)));
                }
                Some(Walk {
                    prefix: String::new(),
                    top: false,
                    at: Cow::Borrowed(at),
                    row: RowRef::Owned(r),
                    result: Some(result),
                })
            }
            Ctx::Cell { cell } => {
                *cell = Cell::Null;
                None
            }
            Ctx::Skip => None,
        };
        Obj {
            out: self.out,
            first: true,
            key: None,
            walk,
        }
    }

    /// A list: a table when an item is an object, else one cell.
    fn list(self) -> List<'c> {
        self.out.push("[");
        let kind = match self.ctx {
            Ctx::Field { name, at, row } => {
                let path = if at.table.is_empty() {
                    name.to_string()
                } else {
                    cat(&[&at.table, ".", &name])
                };
                // The table comes before those of its items, as it would
                // if it were known to be one now.
                let placed = if self.out.tables.iter().any(|t| t.path == path) {
                    None
                } else {
                    self.out.tables.push(Table {
                        path: path.clone(),
                        rows: Vec::new(),
                    });
                    Some(self.out.tables.len() - 1)
                };
                // Where its items are, made once for all of them (the
                // item's own position set as each is walked).
                let mut parents = Vec::with_capacity(at.parents.len() + 1);
                parents.extend(at.parents.iter().cloned());
                parents.push((cat(&[last(&path), "_row"]), 0));
                let item_at = At {
                    table: path.clone(),
                    parents,
                };
                ListKind::Field {
                    name,
                    path,
                    at,
                    item_at,
                    row,
                    placed,
                    items: Vec::new(),
                }
            }
            Ctx::Item { result, .. } => ListKind::Cell {
                cells: Vec::new(),
                to: CellTo::Item(result),
            },
            Ctx::Cell { cell } => ListKind::Cell {
                cells: Vec::new(),
                to: CellTo::Cell(cell),
            },
            Ctx::Top { .. } | Ctx::Skip => ListKind::Skip,
        };
        List {
            out: self.out,
            first: true,
            kind,
        }
    }
}

/// The row an object is walked into.
enum RowRef<'c> {
    Borrowed(&'c mut Row<'static>),
    Owned(Row<'static>),
}

impl RowRef<'_> {
    fn get(&mut self) -> &mut Row<'static> {
        match self {
            RowRef::Borrowed(r) => r,
            RowRef::Owned(r) => r,
        }
    }
}

/// An object being walked.
struct Walk<'c> {
    prefix: String,
    top: bool,
    at: Cow<'c, At>,
    row: RowRef<'c>,
    /// For an item of a table: where its row goes.
    result: Option<&'c mut Option<ItemResult>>,
}

impl Clone for At {
    fn clone(&self) -> At {
        At {
            table: self.table.clone(),
            parents: self.parents.clone(),
        }
    }
}

/// An object being written.
struct Obj<'c> {
    out: &'c mut Out,
    first: bool,
    /// A map's key, between `serialize_key` and `serialize_value`.
    key: Option<String>,
    /// How its fields are walked; `None`: written only.
    walk: Option<Walk<'c>>,
}

impl Obj<'_> {
    /// Writes the field `key` (a struct's names are borrowed, a map's keys
    /// owned: a column's name is made without a copy when it can be).
    fn field<T: ?Sized + Serialize>(
        &mut self,
        key: Cow<'static, str>,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(if self.first { "" } else { "," });
        self.first = false;
        self.out.string(&key);
        self.out.push(":");
        let Some(walk) = &mut self.walk else {
            return value.serialize(S {
                out: self.out,
                ctx: Ctx::Skip,
            });
        };
        if walk.top && SKIPPED.contains(&key.as_ref()) {
            return value.serialize(S {
                out: self.out,
                ctx: Ctx::Skip,
            });
        }
        let name: Cow<'static, str> = if walk.top && key == "data" {
            Cow::Borrowed("")
        } else if walk.prefix.is_empty() {
            key
        } else {
            Cow::Owned(cat(&[&walk.prefix, &key]))
        };
        value.serialize(S {
            out: self.out,
            ctx: Ctx::Field {
                name,
                at: &walk.at,
                row: walk.row.get(),
            },
        })
    }

    fn finish(self) -> Result<(), Error> {
        self.finish_then("")
    }

    /// Ends the object, then writes `more`.
    fn finish_then(self, more: &str) -> Result<(), Error> {
        self.out.push("}");
        self.out.push(more);
        if let Some(Walk {
            row: RowRef::Owned(r),
            result: Some(result),
            ..
        }) = self.walk
        {
            *result = Some(ItemResult::Row(r));
        }
        Ok(())
    }
}

/// Where a list taken as a cell puts its text.
enum CellTo<'c> {
    Item(&'c mut Option<ItemResult>),
    Cell(&'c mut Cell<'static>),
}

enum ListKind<'c> {
    /// A list in a field: a table or a cell, known at its end.
    Field {
        name: Cow<'static, str>,
        path: String,
        at: &'c At,
        /// Where its items are: the table, its parents and the item.
        item_at: At,
        row: &'c mut Row<'static>,
        /// Where its table was placed, when it was new.
        placed: Option<usize>,
        items: Vec<ItemResult>,
    },
    /// A list taken as one cell.
    Cell {
        cells: Vec<Cell<'static>>,
        to: CellTo<'c>,
    },
    /// Written only.
    Skip,
}

/// A list being written.
struct List<'c> {
    out: &'c mut Out,
    first: bool,
    kind: ListKind<'c>,
}

/// Items' cells joined with `; `.
fn joined(cells: &[Cell]) -> Cell<'static> {
    let mut text = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            text.push_str("; ");
        }
        c.push_text(&mut text);
    }
    Cell::Str(Cow::Owned(text))
}

impl List<'_> {
    fn item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.out.push(if self.first { "" } else { "," });
        self.first = false;
        match &mut self.kind {
            ListKind::Field { item_at, items, .. } => {
                let mut result = None;
                if let Some(own) = item_at.parents.last_mut() {
                    own.1 = items.len() + 1;
                }
                value.serialize(S {
                    out: self.out,
                    ctx: Ctx::Item {
                        index: items.len(),
                        at: item_at,
                        result: &mut result,
                    },
                })?;
                items.push(result.unwrap_or(ItemResult::Cell(Cell::Null)));
                Ok(())
            }
            ListKind::Cell { cells, .. } => {
                let mut cell = Cell::Null;
                value.serialize(S {
                    out: self.out,
                    ctx: Ctx::Cell { cell: &mut cell },
                })?;
                cells.push(cell);
                Ok(())
            }
            ListKind::Skip => value.serialize(S {
                out: self.out,
                ctx: Ctx::Skip,
            }),
        }
    }

    fn finish(self) -> Result<(), Error> {
        self.finish_then("")
    }

    /// Ends the list, then writes `more`.
    fn finish_then(self, more: &str) -> Result<(), Error> {
        self.out.push("]");
        self.out.push(more);
        match self.kind {
            ListKind::Field {
                name,
                path,
                at,
                row,
                placed,
                items,
                ..
            } => {
                let table = items.iter().any(|i| matches!(i, ItemResult::Row(_)));
                if !table {
                    if let Some(i) = placed {
                        // Nothing was placed after it: no item was an object.
                        self.out.tables.remove(i);
                    }
                    if !items.is_empty() && self.out.cells {
                        let cells: Vec<Cell> = items
                            .into_iter()
                            .map(|i| match i {
                                ItemResult::Cell(c) => c,
                                ItemResult::Row(_) => Cell::Null,
                            })
                            .collect();
                        row.push((name, joined(&cells)));
                    }
                    return Ok(());
                }
                if !self.out.cells {
                    return Ok(());
                }
                let rows: Vec<Row<'static>> = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| match item {
                        ItemResult::Row(r) => r,
                        ItemResult::Cell(c) => {
                            let mut r: Row<'static> = at
                                .parents
                                .iter()
                                .map(|(p, n)| (Cow::Owned(p.clone()), Cell::Int(*n as i64)))
                                .collect();
                            r.push((Cow::Borrowed("row"), Cell::Int(i as i64 + 1)));
                            r.push((Cow::Borrowed("value"), c));
                            r
                        }
                    })
                    .collect();
                if let Some(t) = self.out.tables.iter_mut().find(|t| t.path == path) {
                    t.rows.extend(rows);
                }
                Ok(())
            }
            ListKind::Cell { cells, to } => {
                if self.out.cells {
                    let cell = joined(&cells);
                    match to {
                        CellTo::Item(result) => *result = Some(ItemResult::Cell(cell)),
                        CellTo::Cell(c) => *c = cell,
                    }
                }
                Ok(())
            }
            ListKind::Skip => Ok(()),
        }
    }
}

mod serializer;

#[cfg(test)]
mod tests;
