//! The record: one record file's text turned into a typed [`Record`] (its
//! id, its kind, its front matter, its tables and its attachments).

use super::front_matter;
use super::intake::{checked_text, legacy_diagnostic, Text};
use super::{FileResult, Reader, RecordFile};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Record, Status};
use crate::msg;
use crate::text::is_slug;
use std::path::{Path, PathBuf};

/// Parses one record file's bytes exactly as [`Reader::read`] does, without walking
/// the repository: `rel` is the file's path under `root` (its folder decides
/// nothing here; `kind` does). Attachments and CSV files are looked up under
/// `root`. For property tests and fuzzing; never panics.
pub fn parse_record(
    config: &Config,
    root: &Path,
    kind: Kind,
    rel: &Path,
    bytes: &[u8],
) -> FileResult {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    Reader::new(root, &canonical_root, config).parse_bytes(kind, rel, bytes)
}

impl Reader<'_> {
    /// Parses the bytes of a record file at `rel` (under the reader's root),
    /// as [`parse_record`] does, with this reader's folder cache: for reading
    /// many versions of files, such as older versions from git.
    pub fn parse_bytes(&self, kind: Kind, rel: &Path, bytes: &[u8]) -> FileResult {
        match checked_text(bytes, rel) {
            Ok(text) => {
                self.parse_text(kind, &self.root.join(rel), rel.to_path_buf(), &text, false)
            }
            Err(d) => (None, vec![d]),
        }
    }

    /// Reads the record file `file`: its text checked, its front matter,
    /// tables and attachments read. Nothing else is done to the record.
    pub fn read(&self, file: &RecordFile) -> FileResult {
        let RecordFile { kind, path, shared } = file;
        let rel = self.rel(path);
        self.read_text(path, |text| {
            self.parse_text(*kind, path, rel, &text, *shared)
        })
        .unwrap_or_else(|d| (None, vec![d]))
    }

    /// Parses a record's text: front matter, fields, tables, attachments.
    fn parse_text(
        &self,
        kind: Kind,
        path: &Path,
        rel: PathBuf,
        text: &Text,
        shared: bool,
    ) -> FileResult {
        let mut diags: Vec<Diagnostic> = legacy_diagnostic(text, &rel).into_iter().collect();
        let text = &*text.text;
        let Some((source, body, common, mut data)) =
            front_matter::read(kind, path, &rel, text, &mut diags)
        else {
            return (None, diags);
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let id = common.id.clone().unwrap_or(stem);
        if !is_slug(&id) {
            let (line, column) = source.field_position("id");
            diags.push(
                Diagnostic::error(
                    "E0105",
                    rel.clone(),
                    line,
                    msg!("mã hồ sơ `{id}` không hợp lệ", "invalid record id `{id}`"),
                )
                .at_column(column)
                .with_help(msg!(
                    "Mã hồ sơ (hoặc tên tệp) dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ `ke-hoach-72-2026`.",
                    "A record id (or file name) uses lowercase letters without accents, digits and dashes, e.g. `ke-hoach-72-2026`."
                )),
            );
            return (None, diags);
        }
        if is_reserved_id(&id) {
            let (line, column) = source.field_position("id");
            diags.push(
                Diagnostic::error(
                    "E0105",
                    rel.clone(),
                    line,
                    msg!(
                        "mã hồ sơ `{id}` trùng tên một trang hay thư mục congkhai tự tạo",
                        "the record id `{id}` is the name of a page or folder congkhai writes"
                    ),
                )
                .at_column(column)
                .with_help(msg!(
                    "Đổi tên tệp (hoặc ghi `id:`) cho rõ hơn, ví dụ `{id}-2026`; các tên `index`, `search`, `assets`, `files` và tên các loại hồ sơ được dành riêng.",
                    "Rename the file (or set `id:`) to something more specific, e.g. `{id}-2026`; `index`, `search`, `assets`, `files` and the kinds' names are reserved."
                )),
            );
            return (None, diags);
        }
        if let Some(declared) = &common.kind {
            if Kind::from_name(declared) != Some(kind) {
                let (line, column) = source.field_position("kind");
                diags.push(
                    Diagnostic::error(
                        "E0106",
                        rel.clone(),
                        line,
                        msg!(
                            "`kind: {declared}` không khớp với thư mục `{kind}` chứa tệp",
                            "`kind: {declared}` does not match the folder `{kind}` the file is in"
                        ),
                    )
                    .at_column(column)
                    .with_help(msg!(
                        "Bỏ dòng `kind:` (loại lấy theo thư mục) hoặc chuyển tệp sang đúng thư mục.",
                        "Remove the `kind:` line (the folder decides) or move the file to the right folder."
                    )),
                );
            }
        }
        let dir = path.parent().unwrap_or(self.root);
        self.load_tables(&mut data, dir, &source, &mut diags);
        let files = self.attachments(&common, dir, &source, &mut diags);
        let record = Record {
            id,
            kind,
            common,
            data,
            body,
            files,
            shared,
            status: Status::Published,
            source,
            names: Vec::new(),
        };
        (Some(record), diags)
    }
}

/// Ids a record cannot take: its page would replace one congkhai writes
/// (`index` is a kind's list) or share a name with a folder of the site.
pub(super) fn is_reserved_id(id: &str) -> bool {
    matches!(id, "index" | "search" | "assets" | "files")
        || Kind::ALL.iter().any(|k| k.slug() == id)
}
