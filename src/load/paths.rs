//! Paths and containment: a path written in a record is resolved under
//! the record's folder and refused when it leaves the repository.

use super::Reader;
use crate::diagnostics::Diagnostic;
use crate::model::Source;
use crate::msg;
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

impl Reader<'_> {
    /// Resolves a path written in a record, refusing anything that leaves the
    /// repository (`..`, absolute paths, symlinks pointing outside).
    ///
    /// Paths written on Windows are accepted: `files\bien-ban.pdf` is read as
    /// `files/bien-ban.pdf`, and a file whose name is stored on disk in another
    /// Unicode form (NFD from some tools) is found; each rewrite adds a note
    /// to `diags`. Drive letters and network paths are refused like absolute ones.
    pub(super) fn contained(
        &self,
        dir: &Path,
        original: &str,
        source: &Source,
        (line, column): (usize, usize),
        diags: &mut Vec<Diagnostic>,
    ) -> Result<PathBuf, Diagnostic> {
        let slashed = forward_slashes(original);
        let written: &str = &slashed;
        let rel_written = Path::new(written);
        let escapes = rel_written.is_absolute()
            || has_drive_letter(written)
            || rel_written.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if escapes || written.contains('\0') {
            return Err(Diagnostic::error(
                "E0120",
                source.path.clone(),
                line,
                msg!(
                    "đường dẫn `{written}` ra ngoài thư mục hồ sơ",
                    "the path `{written}` leaves the record's folder"
                ),
            )
            .at_column(column)
            .with_help(msg!(
                "Đặt tệp bên cạnh hồ sơ hoặc trong thư mục con (ví dụ `files/`), và ghi đường dẫn tương đối không có `..`.",
                "Put the file beside the record or in a subfolder (e.g. `files/`) and write a relative path without `..`."
            )));
        }
        let full = dir.join(rel_written);
        let mut renamed = None;
        let canonical = self
            .canonicalize_in(dir, written)
            .or_else(|e| {
                let found = other_unicode_form(dir, written).ok_or(e)?;
                let canonical = found.canonicalize()?;
                renamed = Some(found);
                Ok::<_, std::io::Error>(canonical)
            })
            .map_err(|_| {
                let looked = self.rel(&full).display().to_string();
                Diagnostic::error(
                    "E0121",
                    source.path.clone(),
                    line,
                    msg!(
                        "không tìm thấy tệp `{written}`",
                        "file `{written}` not found"
                    ),
                )
                .at_column(column)
                .with_help(msg!(
                    "Tệp được tìm ở `{looked}`; kiểm tra tên (phân biệt chữ hoa, chữ thường).",
                    "It was looked for at `{looked}`; check the name (case matters)."
                ))
            })?;
        if let Some(d) = self.hidden_or_linked_away(&canonical, written, source, (line, column)) {
            return Err(d);
        }
        if !canonical.starts_with(self.canonical_root) {
            return Err(Diagnostic::error(
                "E0120",
                source.path.clone(),
                line,
                msg!(
                    "tệp `{written}` là liên kết trỏ ra ngoài kho",
                    "`{written}` is a link that points outside the repository"
                ),
            )
            .at_column(column)
            .with_help(msg!(
                "Chép tệp vào kho thay vì dùng liên kết (symlink).",
                "Copy the file into the repository instead of linking to it."
            )));
        }
        if let Cow::Owned(read) = &slashed {
            diags.push(
                Diagnostic::note(
                    "N0123",
                    source.path.clone(),
                    line,
                    msg!(
                        "đường dẫn `{original}` được đọc là `{read}`",
                        "the path `{original}` is read as `{read}`"
                    ),
                )
                .at_column(column)
                .with_help(msg!(
                    "Dấu `\\` của Windows được đổi thành `/`; có thể ghi `/` ngay trong hồ sơ.",
                    "Windows' `\\` is read as `/`; the record may say `/` itself."
                )),
            );
        }
        if let Some(found) = renamed {
            let on_disk = self.rel(&found).display().to_string();
            diags.push(
                Diagnostic::note(
                    "N0124",
                    source.path.clone(),
                    line,
                    msg!(
                        "tệp `{written}` có tên trên đĩa ở dạng Unicode khác (`{on_disk}`)",
                        "the file `{written}` is named on disk in another Unicode form (`{on_disk}`)"
                    ),
                )
                .at_column(column)
                .with_help(msg!(
                    "Tên có dấu được lưu theo hai cách (dựng sẵn NFC hoặc tổ hợp NFD); tệp vẫn được dùng. Đổi tên tệp trên máy để hết ghi chú này.",
                    "Accented names can be stored two ways (NFC or NFD); the file is used. Rename it to silence this note."
                )),
            );
        }
        Ok(canonical)
    }

    /// Refuses a file under a hidden folder (`.git/`, `.ssh/`…) of the
    /// repository, and a symbolic link whose target leaves the content folder
    /// (a link to `.git/config` or to `congkhai.toml` is not an attachment).
    fn hidden_or_linked_away(
        &self,
        canonical: &Path,
        written: &str,
        source: &Source,
        (line, column): (usize, usize),
    ) -> Option<Diagnostic> {
        let inside_root = canonical.strip_prefix(self.canonical_root).ok();
        let hidden = inside_root.is_some_and(|rel| {
            rel.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        }) || Path::new(written)
            .components()
            .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
        if hidden {
            return Some(
                Diagnostic::error(
                    "E0120",
                    source.path.clone(),
                    line,
                    msg!(
                        "tệp `{written}` nằm trong thư mục ẩn (như `.git/`); không đăng",
                        "`{written}` is inside a hidden folder (such as `.git/`); not published"
                    ),
                )
                .at_column(column)
                .with_help(msg!(
                    "Đặt tệp đính kèm trong `files/` bên cạnh hồ sơ.",
                    "Put attachments in `files/` beside the record."
                )),
            );
        }
        let content = self.canonical_root.join(&self.config.content_dir);
        let in_content = canonical.starts_with(&content)
            || content
                .canonicalize()
                .is_ok_and(|c| canonical.starts_with(c));
        // Only a link can resolve outside the content folder (`..` is refused).
        if !in_content && inside_root.is_some() {
            return Some(
                Diagnostic::error(
                    "E0120",
                    source.path.clone(),
                    line,
                    msg!(
                        "tệp `{written}` là liên kết trỏ ra ngoài thư mục nội dung",
                        "`{written}` is a link that points outside the content folder"
                    ),
                )
                .at_column(column)
                .with_help(msg!(
                    "Chép tệp vào cạnh hồ sơ thay vì dùng liên kết (symlink).",
                    "Copy the file beside the record instead of linking to it."
                )),
            );
        }
        None
    }

    /// What `dir.join(written).canonicalize()` gives, without resolving
    /// `dir` again for each file: when `written` is plain names, none of them
    /// a symbolic link, it is the folder's canonical form joined with them.
    pub(super) fn canonicalize_in(&self, dir: &Path, written: &str) -> std::io::Result<PathBuf> {
        let base = self.canonical_dirs.lock().ok().and_then(|mut dirs| {
            dirs.entry(dir.to_path_buf())
                .or_insert_with(|| dir.canonicalize().ok())
                .clone()
        });
        // A trailing `/` asks for a folder; leave that, and `.`, to the system.
        if let (Some(mut path), false) = (base, written.ends_with('/')) {
            let plain = Path::new(written).components().all(|c| match c {
                Component::Normal(name) => {
                    path.push(name);
                    std::fs::symlink_metadata(&path).is_ok_and(|m| !m.file_type().is_symlink())
                }
                _ => false,
            });
            if plain {
                return Ok(path);
            }
        }
        dir.join(written).canonicalize()
    }
}

/// `written` with Windows' `\\` separators turned into `/`.
pub(super) fn forward_slashes(written: &str) -> Cow<'_, str> {
    if written.contains('\\') {
        Cow::Owned(written.replace('\\', "/"))
    } else {
        Cow::Borrowed(written)
    }
}

/// Whether `written` starts with a Windows drive (`C:`), which on other
/// systems would read as a relative name.
pub(super) fn has_drive_letter(written: &str) -> bool {
    let b = written.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// The file `written` names under `dir` when its name, or a folder's on the
/// way, is stored on disk in another Unicode normal form (NFD from macOS or
/// some Windows tools) than the NFC the record is read in.
pub(super) fn other_unicode_form(dir: &Path, written: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in Path::new(written).components() {
        let Component::Normal(name) = part else {
            continue;
        };
        let direct = path.join(name);
        if direct.symlink_metadata().is_ok() {
            path = direct;
            continue;
        }
        let wanted = crate::text::nfc(name.to_str()?);
        let found = std::fs::read_dir(&path)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .filter(|n| n.to_str().is_some_and(|n| crate::text::nfc(n) == wanted))
            .min()?;
        path.push(found);
    }
    (path != dir).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// Resolving under a folder resolved once agrees with resolving the
    /// whole path, links and missing files included.
    #[test]
    fn canonical_paths_under_a_known_folder_agree_with_the_system() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = root.join("ward").join("fund");
        std::fs::create_dir_all(dir.join("files")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        std::fs::write(dir.join("a.csv"), "x").unwrap();
        std::fs::write(dir.join("files").join("b.pdf"), "x").unwrap();
        std::fs::write(root.join("outside").join("c.pdf"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("outside"), dir.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("outside").join("c.pdf"), dir.join("c.pdf")).unwrap();
        std::os::unix::fs::symlink(root.join("ward"), root.join("alias")).unwrap();
        let config = Config::default();
        let reader = Reader::new(root, root, &config);
        for dir in [dir.clone(), root.join("alias").join("fund")] {
            for written in [
                "a.csv",
                "files/b.pdf",
                "files//b.pdf",
                "./a.csv",
                "a.csv/",
                "files/",
                "",
                "missing.csv",
                "a.csv/x",
                "linked/c.pdf",
                "c.pdf",
                "files/../a.csv",
            ] {
                let ours = reader.canonicalize_in(&dir, written).ok();
                let system = dir.join(written).canonicalize().ok();
                assert_eq!(ours, system, "{} {written:?}", dir.display());
            }
        }
    }

    #[test]
    fn windows_separators_become_slashes() {
        assert_eq!(forward_slashes(r"files\bien-ban.pdf"), "files/bien-ban.pdf");
        assert_eq!(forward_slashes(r"a\b\c.csv"), "a/b/c.csv");
        assert!(matches!(forward_slashes("files/a.pdf"), Cow::Borrowed(_)));
        // A network path turns into an absolute one, refused as such.
        assert!(Path::new(&*forward_slashes(r"\\may-chu\chung\a.pdf")).is_absolute());
    }

    #[test]
    fn drive_letters_are_recognised() {
        for p in [r"C:\Users\a.pdf", "c:/a.pdf", "D:a.pdf", "a:b"] {
            assert!(has_drive_letter(p), "{p}");
        }
        for p in ["files/a.pdf", "1:a.pdf", "", "C", "ab:c"] {
            assert!(!has_drive_letter(p), "{p}");
        }
    }

    #[test]
    fn names_stored_in_nfd_are_found() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        // "hồ sơ/biển bản.pdf", both names decomposed on disk.
        let folder = "ho\u{302}\u{300} so\u{31b}";
        std::fs::create_dir(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("bie\u{302}\u{309}n.pdf"), "x").unwrap();
        std::fs::write(dir.join("plain.pdf"), "x").unwrap();
        let found = other_unicode_form(dir, "h\u{1ed3} s\u{1a1}/bi\u{1ec3}n.pdf").unwrap();
        assert_eq!(found, dir.join(folder).join("bie\u{302}\u{309}n.pdf"));
        assert_eq!(
            other_unicode_form(dir, "plain.pdf"),
            Some(dir.join("plain.pdf"))
        );
        assert_eq!(
            other_unicode_form(dir, "h\u{1ed3} s\u{1a1}/missing.pdf"),
            None
        );
        assert_eq!(other_unicode_form(dir, "bien.pdf"), None);
    }

    /// A record saved on Windows: BOM, CRLF, a backslash path, and an
    /// attachment whose name is stored decomposed. It reads, with a note
    /// for each rewritten path and no error.
    #[test]
    fn a_record_written_on_windows_reads() {
        use crate::diagnostics::Severity;
        use crate::model::Kind;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = root.join("content/ward/document");
        std::fs::create_dir_all(dir.join("files")).unwrap();
        std::fs::write(dir.join("files/bien-ban.pdf"), "%PDF").unwrap();
        std::fs::write(dir.join("files/bie\u{302}\u{309}n.pdf"), "%PDF").unwrap();
        let text = "\u{feff}---\r\ntitle: Quyết định\r\npublished: 2026-03-01\r\n\
                    disclosure_item: 14\r\nnumber: 01/QĐ-UBND\r\ndoc_type: Quyết định\r\n\
                    issuer: UBND phường\r\nissued: 2026-03-01\r\nattachments:\r\n\
                    \x20 - files\\bien-ban.pdf\r\n  - files/bi\u{1ec3}n.pdf\r\n---\r\nNội dung.\r\n";
        let config = Config::default();
        let (record, diags) = crate::load::parse_record(
            &config,
            root,
            Kind::Document,
            Path::new("content/ward/document/qd.md"),
            text.as_bytes(),
        );
        let record = record.expect("the record reads");
        assert!(
            !diags.iter().any(|d| d.severity == Severity::Error),
            "{diags:?}"
        );
        let codes: Vec<(&str, usize)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert!(codes.contains(&("N0123", 10)), "{codes:?}");
        assert!(codes.contains(&("N0124", 11)), "{codes:?}");
        assert_eq!(record.files.len(), 2);
        assert_eq!(record.files[0].file_name, "bien-ban.pdf");
        assert!(record.body.starts_with("Nội dung."));
        assert!(!record.body.contains('\r'));
    }

    #[test]
    fn drive_and_network_paths_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("w/fund")).unwrap();
        let config = Config::default();
        let reader = Reader::new(root, root, &config);
        let source = Source::default();
        for written in [
            r"C:\Windows\win.ini",
            "C:/Windows/win.ini",
            r"\\may-chu\chung\a.pdf",
        ] {
            let mut notes = Vec::new();
            let err = reader
                .contained(&root.join("w/fund"), written, &source, (3, 0), &mut notes)
                .unwrap_err();
            assert_eq!(err.code, "E0120", "{written}");
            assert!(notes.is_empty());
        }
    }
}
