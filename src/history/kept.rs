//! The facts of older versions kept between builds, in the build cache's
//! folder (`history.facts`), by blob id: a blob never changes, so the facts
//! of an older version of a record, once read, need neither `git cat-file`
//! nor reading it as a record again. They also depend on the program, on
//! `congkhai.toml` and `law.toml` (the file's key, as in every ward's key),
//! for plans, dialogues and inspections on the build date (what is
//! overdue), and for funds and land projects on the tables they name as
//! those are on disk now (each entry records their digests).
//!
//! One line per blob, fields between tabs (a tab, a line break or a
//! backslash in a value written `\t`, `\n`, `\\`): the blob, the kind, the
//! file's path, the date its facts were computed for (empty when they do
//! not depend on it), `1` when the version could be read as a record or
//! `0` (then no facts), the number of tables, each table's name and digest,
//! then each fact's label, `1` for an amount or `0`, and value. Read once
//! per build; written whole (beside, then renamed) with only the blobs the
//! log still names. A file of another format or damaged is ignored with a
//! note (N0031); one with another key is silently replaced.

use super::facts::Fact;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file's name in the cache folder.
pub(crate) const FILE: &str = "history.facts";

/// Its first line: this, a tab, then the key.
const HEADER: &str = "congkhai-facts 1";

/// The start of its last line.
const SUM: &str = "sum";

/// The facts of one older version, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    kind: Kind,
    /// The record file's path (as git writes it).
    path: String,
    /// The build date they were computed for, when they depend on it.
    dated: Option<String>,
    /// The tables the version names, with the digest of each.
    tables: Vec<(String, String)>,
    /// Its facts; `None` when it cannot be read as a record.
    facts: Option<Vec<Fact>>,
}

/// The kept facts of a build: those read from the cache folder, those
/// computed now.
pub(crate) struct KeptFacts {
    dir: PathBuf,
    root: PathBuf,
    /// The key of this build's facts; `None`: nothing kept or read.
    key: Option<String>,
    loaded: HashMap<String, Entry>,
    fresh: Mutex<HashMap<String, Entry>>,
    /// The file was there and could not be used.
    damaged: bool,
}

impl KeptFacts {
    /// The facts kept in the cache folder `dir` for the repository at
    /// `root`; with `reuse` false (`--no-cache`) none are read, but those
    /// computed are kept for the next build.
    pub(crate) fn open(dir: &Path, root: &Path, reuse: bool) -> KeptFacts {
        let key = crate::build::cache::facts_key(dir, root);
        let (loaded, damaged) = match (&key, reuse) {
            (Some(key), true) => match std::fs::read(dir.join(FILE)) {
                Ok(bytes) => match parse(&bytes) {
                    Some((k, entries)) if &k == key => (entries, false),
                    Some(_) => (HashMap::new(), false),
                    None => (HashMap::new(), true),
                },
                Err(_) => (HashMap::new(), false),
            },
            _ => (HashMap::new(), false),
        };
        KeptFacts {
            dir: dir.to_path_buf(),
            root: root.to_path_buf(),
            key,
            loaded,
            fresh: Mutex::new(HashMap::new()),
            damaged,
        }
    }

    /// The kept facts of `blob`, a version of the record file `path` of
    /// `kind`, when they still hold on `today` (`Some(None)`: that version
    /// cannot be read as a record).
    pub(crate) fn get(
        &self,
        blob: &str,
        kind: Kind,
        path: &str,
        today: Date,
    ) -> Option<Option<&[Fact]>> {
        let e = self.loaded.get(blob)?;
        if e.kind != kind || e.path != path {
            return None;
        }
        if super::facts::depend_on_today(kind) && e.dated.as_deref() != Some(&today.iso()) {
            return None;
        }
        for (name, digest) in &e.tables {
            if table_digest(&self.root, path, name).as_ref() != Some(digest) {
                return None;
            }
        }
        Some(e.facts.as_deref())
    }

    /// Keeps the facts of `blob` just computed with the tables the
    /// version names (`None`: it cannot be read as a record); not kept
    /// when a table cannot be read.
    pub(crate) fn put(
        &self,
        blob: &str,
        kind: Kind,
        path: &str,
        today: Date,
        read: Option<(&[Fact], &[String])>,
    ) {
        let (facts, tables) = match read {
            Some((facts, tables)) => (Some(facts.to_vec()), tables),
            None => (None, &[][..]),
        };
        let Some(tables) = tables
            .iter()
            .map(|t| Some((t.clone(), table_digest(&self.root, path, t)?)))
            .collect::<Option<Vec<_>>>()
        else {
            return;
        };
        let entry = Entry {
            kind,
            path: path.to_string(),
            dated: super::facts::depend_on_today(kind).then(|| today.iso()),
            tables,
            facts,
        };
        if let Ok(mut fresh) = self.fresh.lock() {
            fresh.insert(blob.to_string(), entry);
        }
    }

    /// Writes the kept facts for the next build: those read and those
    /// computed now, of the blobs in `referenced` only; nothing when that
    /// is what the file holds. Best effort: facts not kept are read again.
    pub(crate) fn save(&self, referenced: &HashSet<&str>) {
        let Some(key) = &self.key else { return };
        let fresh = match self.fresh.lock() {
            Ok(f) => f,
            Err(_) => return,
        };
        let mut all: BTreeMap<&str, &Entry> = self
            .loaded
            .iter()
            .filter(|(b, _)| referenced.contains(b.as_str()))
            .map(|(b, e)| (b.as_str(), e))
            .collect();
        let dropped = all.len() != self.loaded.len();
        let mut added = false;
        for (b, e) in fresh.iter() {
            if referenced.contains(b.as_str()) && all.insert(b.as_str(), e) != Some(e) {
                added = true;
            }
        }
        if !added && !dropped && !self.damaged {
            return;
        }
        let mut text = format!("{HEADER}\t{key}\n");
        for (blob, e) in all {
            write_entry(&mut text, blob, e);
        }
        let sum = hex(&Sha256::digest(text.as_bytes()));
        text.push_str(&format!("{SUM}\t{sum}\n"));
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = self.dir.join(format!("{FILE}.tmp"));
        if std::fs::write(&tmp, text.as_bytes()).is_ok()
            && std::fs::rename(&tmp, self.dir.join(FILE)).is_err()
        {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// The note saying the file could not be used, once.
    pub(crate) fn note(&self) -> Option<Diagnostic> {
        self.damaged.then(|| {
            Diagnostic::note(
                "N0031",
                self.dir.join(FILE),
                0,
                "tệp lưu dữ kiện các phiên bản cũ của hồ sơ bị hỏng hoặc khác định dạng: bỏ qua, đọc lại từ git",
            )
            .with_help("Không cần làm gì: lần dựng này ghi lại tệp. Tệp nằm trong thư mục bộ nhớ đệm, có thể xoá.")
        })
    }
}

/// The hex SHA-256 of the table `name` of the record file `path` (relative
/// to `root`), `None` when it is not a file that can be read.
fn table_digest(root: &Path, path: &str, name: &str) -> Option<String> {
    let dir = Path::new(path).parent().unwrap_or(Path::new(""));
    let file = root.join(dir).join(name);
    if !file.is_file() {
        return None;
    }
    let bytes = std::fs::read(file).ok()?;
    Some(hex(&Sha256::digest(&bytes)))
}

/// Hex of a digest.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The body of a kept file (its header and entries) when its last line
/// is the sum of them.
fn checked(bytes: &[u8]) -> Option<&[u8]> {
    let body = bytes.strip_suffix(b"\n")?;
    let start = body.iter().rposition(|&b| b == b'\n')? + 1;
    let sum = std::str::from_utf8(&body[start..]).ok()?;
    let sum = sum.strip_prefix(SUM)?.strip_prefix('\t')?;
    let body = &bytes[..start];
    (hex(&Sha256::digest(body)) == sum).then_some(body)
}

/// Appends `value` with its tabs, line breaks and backslashes escaped.
fn escape(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// `value` as written by [`escape`]; `None` for an escape it never writes.
fn unescape(value: &str) -> Option<Cow<'_, str>> {
    if !value.contains('\\') {
        return Some(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(Cow::Owned(out))
}

fn write_entry(out: &mut String, blob: &str, e: &Entry) {
    let field = |out: &mut String, v: &str| {
        out.push('\t');
        escape(out, v);
    };
    escape(out, blob);
    field(out, e.kind.slug());
    field(out, &e.path);
    field(out, e.dated.as_deref().unwrap_or(""));
    field(out, if e.facts.is_some() { "1" } else { "0" });
    field(out, &e.tables.len().to_string());
    for (name, digest) in &e.tables {
        field(out, name);
        field(out, digest);
    }
    for f in e.facts.iter().flatten() {
        field(out, &f.label);
        field(out, if f.amount { "1" } else { "0" });
        field(out, &f.value);
    }
    out.push('\n');
}

/// The key and entries of a kept file; `None` when any of it is not as
/// [`KeptFacts::save`] writes it.
fn parse(bytes: &[u8]) -> Option<(String, HashMap<String, Entry>)> {
    let text = std::str::from_utf8(checked(bytes)?).ok()?;
    let mut lines = text.split_terminator('\n');
    let key = lines.next()?.strip_prefix(HEADER)?.strip_prefix('\t')?;
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut entries = HashMap::new();
    for line in lines {
        let mut f = line.split('\t');
        let blob = f.next()?;
        if blob.is_empty() || !blob.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let kind = f.next()?;
        let kind = *Kind::ALL.iter().find(|k| k.slug() == kind)?;
        let path = unescape(f.next()?)?.into_owned();
        let dated = match f.next()? {
            "" => None,
            d => Some(Date::parse(d).ok()?.iso()),
        };
        let read = match f.next()? {
            "1" => true,
            "0" => false,
            _ => return None,
        };
        let count: usize = f.next()?.parse().ok()?;
        let mut tables = Vec::new();
        for _ in 0..count {
            tables.push((unescape(f.next()?)?.into_owned(), f.next()?.to_string()));
        }
        let mut facts = Vec::new();
        while let Some(label) = f.next() {
            let amount = match f.next()? {
                "1" => true,
                "0" => false,
                _ => return None,
            };
            let value = unescape(f.next()?)?.into_owned();
            facts.push(Fact {
                label: Cow::Owned(unescape(label)?.into_owned()),
                value,
                amount,
            });
        }
        if !read && !facts.is_empty() {
            return None;
        }
        let entry = Entry {
            kind,
            path,
            dated,
            tables,
            facts: read.then_some(facts),
        };
        if entries.insert(blob.to_string(), entry).is_some() {
            return None;
        }
    }
    Some((key.to_string(), entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            kind: Kind::Fund,
            path: "content/w/fund/q3.md".into(),
            dated: None,
            tables: vec![("thu.csv".into(), "ab".repeat(32))],
            facts: Some(vec![
                Fact {
                    label: Cow::Borrowed("Tiêu đề"),
                    value: "Quỹ\t\"hẻm\" 45\\n\nhai dòng\r".into(),
                    amount: false,
                },
                Fact {
                    label: Cow::Borrowed("Số dư cuối kỳ"),
                    value: "2.300.000 đ".into(),
                    amount: true,
                },
                Fact {
                    label: Cow::Borrowed("Tóm tắt"),
                    value: String::new(),
                    amount: false,
                },
            ]),
        }
    }

    /// `text` with its sum line.
    fn summed(text: &str) -> Vec<u8> {
        let sum = hex(&Sha256::digest(text.as_bytes()));
        format!("{text}{SUM}\t{sum}\n").into_bytes()
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        let mut text = format!("{HEADER}\tbeef\n");
        let blob = "1".repeat(40);
        write_entry(&mut text, &blob, &entry());
        let (key, entries) = parse(&summed(&text)).expect("parses");
        assert_eq!(key, "beef");
        assert_eq!(entries.get(&blob), Some(&entry()));
        // A version that cannot be read as a record is kept as such.
        let unread = Entry {
            facts: None,
            tables: Vec::new(),
            ..entry()
        };
        let mut text = format!("{HEADER}\tbeef\n");
        write_entry(&mut text, &blob, &unread);
        let (_, entries) = parse(&summed(&text)).expect("parses");
        assert_eq!(entries.get(&blob), Some(&unread));
    }

    #[test]
    fn a_damaged_or_foreign_file_is_refused() {
        let mut text = format!("{HEADER}\tbeef\n");
        write_entry(&mut text, &"1".repeat(40), &entry());
        let good = summed(&text);
        assert!(parse(&good).is_some());
        // Cut short anywhere, or one byte changed, even inside a value.
        for n in [1, 5, 40, good.len() / 2] {
            assert!(parse(&good[..good.len() - n]).is_none(), "cut {n}");
        }
        let mut flipped = good.clone();
        let at = text.find("2.300").expect("a value");
        flipped[at] = b'9';
        assert!(parse(&flipped).is_none(), "a byte changed");
        assert!(
            parse(&summed("congkhai-facts 0\tbeef\n")).is_none(),
            "another format"
        );
        assert!(parse(b"\x00\xff garbage").is_none());
        // Well summed but not as written: an unknown escape, a blob twice.
        assert!(
            parse(&summed(&text.replace("\\t", "\\q"))).is_none(),
            "an unknown escape"
        );
        let line = text.lines().nth(1).unwrap_or("");
        assert!(
            parse(&summed(&format!("{text}{line}\n"))).is_none(),
            "a blob twice"
        );
    }
}
