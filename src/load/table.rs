//! CSV tables: the rows of the CSV files a fund or land record names, each
//! bad row a diagnostic at its own line.
//!
//! The reader below reads the records of a CSV table as `csv::Reader` does with a header row
//! and `Trim::All`, the fields trimmed of Unicode whitespace and each record
//! at the line it starts on, but over the whole text at once and with a
//! parser built once per thread and reset for each table: building one costs
//! more than reading a short table.

use super::yaml_errors;
use super::{legacy_diagnostic, Reader};
use crate::diagnostics::{Diagnostic, Message};
use crate::model::{RecordData, RowOrigin, Source, TableRow};
use crate::msg;
use csv::{Position, StringRecord};
use csv_core::ReadRecordResult;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A record whose number of fields differs from the header's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UnequalLengths {
    /// The line the record starts on.
    pub line: u64,
    /// The header's number of fields.
    pub expected_len: u64,
    /// The record's.
    pub len: u64,
}

thread_local! {
    /// The parser the last table on this thread used, ready for the next.
    static PARSER: std::cell::Cell<Option<csv_core::Reader>> = const { std::cell::Cell::new(None) };
}

/// A CSV table being read, record by record.
pub(super) struct Table<'a> {
    core: csv_core::Reader,
    input: &'a [u8],
    /// Bytes of `input` read so far.
    read: usize,
    /// Records read so far, the header included.
    records: u64,
    /// Field bytes and field ends of the record being read.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The header's number of fields, once read.
    expected: Option<u64>,
    done: bool,
}

impl<'a> Table<'a> {
    /// A table over `text`, positioned before its header row.
    pub fn new(text: &'a str) -> Table<'a> {
        // (Cloning a built parser does not copy all of its tables, and a
        // default one has none: build one per thread and reuse it.)
        let mut core = PARSER
            .with(std::cell::Cell::take)
            .unwrap_or_else(|| csv_core::ReaderBuilder::new().build());
        core.reset();
        Table {
            core,
            input: text.as_bytes(),
            read: 0,
            records: 0,
            fields: vec![0; 1024],
            ends: vec![0; 16],
            expected: None,
            done: false,
        }
    }

    /// Reads the next record (the first is the header) into `record`,
    /// trimmed and with its position. `Ok(false)` at the end of the table.
    pub fn read(&mut self, record: &mut StringRecord) -> Result<bool, UnequalLengths> {
        record.clear();
        let mut start = Position::new();
        start
            .set_byte(self.read as u64)
            .set_line(self.core.line())
            .set_record(self.records);
        record.set_position(Some(start.clone()));
        if self.done {
            return Ok(false);
        }
        let (mut out, mut end) = (0, 0);
        loop {
            let input = self.input.get(self.read..).unwrap_or(&[]);
            let (res, nin, nout, nend) = self.core.read_record(
                input,
                self.fields.get_mut(out..).unwrap_or(&mut []),
                self.ends.get_mut(end..).unwrap_or(&mut []),
            );
            self.read += nin;
            out += nout;
            end += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let grown = self.fields.len().max(64) * 2;
                    self.fields.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let grown = self.ends.len().max(8) * 2;
                    self.ends.resize(grown, 0);
                }
                ReadRecordResult::Record => break,
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
        self.records += 1;
        let mut from = 0;
        for &to in self.ends.get(..end).unwrap_or(&[]) {
            let field = self.fields.get(from..to).unwrap_or(&[]);
            // Fields split valid UTF-8 at ASCII bytes, so they are valid.
            record.push_field(String::from_utf8_lossy(field).trim());
            from = to;
        }
        let len = end as u64;
        match self.expected {
            None => self.expected = Some(len),
            Some(expected_len) if expected_len != len => {
                return Err(UnequalLengths {
                    line: start.line(),
                    expected_len,
                    len,
                })
            }
            Some(_) => {}
        }
        Ok(true)
    }
}

impl Drop for Table<'_> {
    fn drop(&mut self) {
        let core = std::mem::take(&mut self.core);
        PARSER.with(|p| p.set(Some(core)));
    }
}

impl Reader<'_> {
    /// Appends rows from the CSV files a fund or land record names; marks a
    /// fund whose tables lost rows, so its balance is not checked against
    /// a short total.
    pub(super) fn load_tables(
        &self,
        data: &mut RecordData,
        dir: &Path,
        source: &Source,
        diags: &mut Vec<Diagnostic>,
    ) {
        let errors = |d: &[Diagnostic]| {
            d.iter()
                .filter(|x| x.severity == crate::diagnostics::Severity::Error)
                .count()
        };
        let errors_before = errors(diags);
        match data {
            RecordData::Fund(f) => {
                if let Some(csv) = f.receipts_csv.clone() {
                    f.receipts
                        .extend(self.csv_rows(dir, &csv, source, "receipts_csv", diags));
                }
                if let Some(csv) = f.expenses_csv.clone() {
                    f.expenses
                        .extend(self.csv_rows(dir, &csv, source, "expenses_csv", diags));
                }
                f.tables_incomplete = errors(diags) > errors_before;
            }
            RecordData::Land(l) => {
                if let Some(csv) = l.parcels_csv.clone() {
                    l.parcels
                        .extend(self.csv_rows(dir, &csv, source, "parcels_csv", diags));
                }
            }
            _ => {}
        }
    }

    /// Reads the rows of a CSV table beside a record. Each bad row is a
    /// diagnostic at its own line; past `limits.table_max_rows` the rest of
    /// the table is refused.
    fn csv_rows<T: DeserializeOwned + TableRow>(
        &self,
        dir: &Path,
        written: &str,
        source: &Source,
        field: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<T> {
        let place = source.field_position(field);
        let path = match self.contained(dir, written, source, place, diags) {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                return Vec::new();
            }
        };
        let rel = self.rel(&path);
        let rel = if rel.is_absolute() {
            source
                .path
                .parent()
                .unwrap_or(Path::new(""))
                .join(&*super::paths::forward_slashes(written))
        } else {
            rel
        };
        let read = self.read_text(&path, |text| {
            diags.extend(legacy_diagnostic(&text, &rel));
            self.table_rows(&text.text, &rel, diags)
        });
        match read {
            Ok(rows) => rows,
            Err(mut d) => {
                d.file = rel;
                diags.push(d);
                Vec::new()
            }
        }
    }

    /// The rows of the CSV table `text` (the file `rel`), each bad row a
    /// diagnostic.
    fn table_rows<T: DeserializeOwned + TableRow>(
        &self,
        text: &str,
        rel: &Path,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<T> {
        let mut table = Table::new(text);
        let mut header = csv::StringRecord::new();
        // The header row; an empty table has none, and then no rows either.
        let _ = table.read(&mut header);
        let headers: Vec<String> = header.iter().map(str::to_string).collect();
        let max_rows = self.config.limits.table_max_rows;
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        for seen in 0usize.. {
            match table.read(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    diags.push(unequal_lengths_diagnostic(&e, rel));
                    continue;
                }
            }
            let line = record.position().map_or(seen + 2, |p| p.line() as usize);
            if seen >= max_rows {
                diags.push(
                    Diagnostic::error(
                        "E0131",
                        rel.to_path_buf(),
                        line,
                        msg!(
                            "bảng có hơn {max_rows} dòng; phần còn lại không được đọc",
                            "the table has more than {max_rows} rows; the rest is not read"
                        ),
                    )
                    .with_help(msg!(
                        "Tách bảng theo kỳ báo cáo, hoặc tăng `limits.table_max_rows` trong congkhai.toml.",
                        "Split the table by reporting period, or raise `limits.table_max_rows` in congkhai.toml."
                    )),
                );
                break;
            }
            match record.deserialize::<T>(Some(&header)) {
                Ok(mut r) => {
                    r.set_origin(RowOrigin {
                        file: rel.to_path_buf(),
                        line,
                    });
                    rows.push(r);
                }
                Err(e) => diags.push(csv_diagnostic(&e, line, rel, text, &headers)),
            }
        }
        rows
    }
}

/// A row whose cells do not read as its fields: its line, the column of the
/// bad cell, and what is wrong.
fn csv_diagnostic(
    e: &csv::Error,
    line: usize,
    rel: &Path,
    text: &str,
    headers: &[String],
) -> Diagnostic {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            let index = err.field().map(|f| f as usize);
            let name = index.and_then(|f| headers.get(f)).cloned();
            let (code, message, help) = yaml_errors::describe(&err.to_string(), name.as_deref());
            let code = if code == "E0108" || code == "E0109" {
                code
            } else {
                "E0130"
            };
            let column = index.map_or(0, |f| csv_cell_column(text, line, f));
            let where_vi = format!("dòng {line}");
            let where_en = format!("row at line {line}");
            let mut d = Diagnostic::error(
                code,
                rel.to_path_buf(),
                line,
                Message::new(
                    format!("{where_vi}: {}", message.vi),
                    format!("{where_en}: {}", message.en.unwrap_or_default()),
                ),
            )
            .at_column(column);
            d.help = help.map(Box::new);
            d
        }
        _ => Diagnostic::error(
            "E0130",
            rel.to_path_buf(),
            line,
            msg!("dòng {line}: {e}", "line {line}: {e}"),
        ),
    }
}

/// A row whose number of cells differs from the header's.
fn unequal_lengths_diagnostic(e: &UnequalLengths, rel: &Path) -> Diagnostic {
    let UnequalLengths {
        line,
        expected_len,
        len,
    } = e;
    Diagnostic::error(
        "E0130",
        rel.to_path_buf(),
        *line as usize,
        msg!(
            "dòng {line} có {len} cột, dòng tiêu đề có {expected_len}",
            "the row at line {line} has {len} columns, the header has {expected_len}"
        ),
    )
    .with_help(msg!(
        "Ô nào có dấu phẩy thì đặt cả ô trong ngoặc kép: \"Nguyễn Văn A, khu phố 3\".",
        "Quote any cell that contains a comma: \"Nguyễn Văn A, khu phố 3\"."
    ))
}

/// The 1-based column where cell `index` of line `line` starts.
fn csv_cell_column(text: &str, line: usize, index: usize) -> usize {
    let Some(row) = text.lines().nth(line.saturating_sub(1)) else {
        return 0;
    };
    let mut cell = 0;
    let mut quoted = false;
    for (col, c) in row.chars().enumerate() {
        if cell == index {
            return col + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => cell += 1,
            _ => {}
        }
    }
    if cell == index {
        row.chars().count() + 1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `csv::Reader` gives for each record after the header, and the
    /// header itself: fields and line, or the line and lengths of an error.
    type Read = (
        Vec<String>,
        Vec<Result<(Vec<String>, u64), (u64, u64, u64)>>,
    );

    pub(super) fn with_csv(text: &str) -> Read {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = reader.headers().cloned().unwrap_or_default();
        let mut out = Vec::new();
        let mut record = StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => out.push(Ok((
                    record.iter().map(str::to_string).collect(),
                    record.position().map_or(0, Position::line),
                ))),
                Err(e) => match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        pos,
                        expected_len,
                        len,
                    } => out.push(Err((
                        pos.as_ref().map_or(0, Position::line),
                        *expected_len,
                        *len,
                    ))),
                    other => panic!("{other:?} in {text:?}"),
                },
            }
        }
        (header.iter().map(str::to_string).collect(), out)
    }

    pub(super) fn with_table(text: &str) -> Read {
        let mut table = Table::new(text);
        let mut header = StringRecord::new();
        let _ = table.read(&mut header);
        let mut out = Vec::new();
        let mut record = StringRecord::new();
        loop {
            match table.read(&mut record) {
                Ok(false) => break,
                Ok(true) => out.push(Ok((
                    record.iter().map(str::to_string).collect(),
                    record.position().map_or(0, Position::line),
                ))),
                Err(e) => out.push(Err((e.line, e.expected_len, e.len))),
            }
        }
        (header.iter().map(str::to_string).collect(), out)
    }

    #[test]
    fn reads_as_the_csv_reader_does() {
        let pieces = [
            "a", "b,", ",", "\n", "\n\n", " ", "\t", "\"", "\"x, y\"", "\"\"", "Đất", "\u{a0}",
            "\u{3000}", "1500000", "\"q\nr\"", "  ,  ", "\u{feff}", "\r\n",
        ];
        let mut texts: Vec<String> = vec![
            String::new(),
            "a,b\n".into(),
            "a,b\n1,2\n3\n4,5,6\n7,8".into(),
            "\n\nname, amount \n\n Lan ,\"1.000\"\n\n".into(),
            "date,from,amount\n2025-01-07,\"Hoàng, Thị\",1000000\n".into(),
            format!("h1,h2\n{}\n", "x,".repeat(3000)),
            format!("h\n\"{}\"\n", "dài ".repeat(2000)),
        ];
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15u64);
        texts.extend(crate::testing::random_texts(&mut next, &pieces, 5_000, 30));
        for text in &texts {
            assert_eq!(with_table(text), with_csv(text), "{text:?}");
        }
    }

    #[test]
    fn csv_cells_are_located() {
        let text = "a,b,c\n1,\"x, y\",3\n";
        assert_eq!(csv_cell_column(text, 2, 0), 1);
        assert_eq!(csv_cell_column(text, 2, 2), 10);
    }
}
