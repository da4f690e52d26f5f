//! Reads the records of a CSV table as `csv::Reader` does with a header row
//! and `Trim::All`, the fields trimmed of Unicode whitespace and each record
//! at the line it starts on, but over the whole text at once and with a
//! parser built once per thread and reset for each table: building one costs
//! more than reading a short table.

use csv::{Position, StringRecord};
use csv_core::ReadRecordResult;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// What `csv::Reader` gives for each record after the header, and the
    /// header itself: fields and line, or the line and lengths of an error.
    type Read = (
        Vec<String>,
        Vec<Result<(Vec<String>, u64), (u64, u64, u64)>>,
    );

    fn with_csv(text: &str) -> Read {
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

    fn with_table(text: &str) -> Read {
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
}
