//! Paths and containment: a path written in a record is resolved under
//! the record's folder and refused when it leaves the repository.

use super::Reader;
use crate::diagnostics::Diagnostic;
use crate::model::Source;
use crate::msg;
use std::path::{Component, Path, PathBuf};

impl Reader<'_> {
    /// Resolves a path written in a record, refusing anything that leaves the
    /// repository (`..`, absolute paths, symlinks pointing outside).
    pub(super) fn contained(
        &self,
        dir: &Path,
        written: &str,
        source: &Source,
        (line, column): (usize, usize),
    ) -> Result<PathBuf, Diagnostic> {
        let rel_written = Path::new(written);
        let escapes = rel_written.is_absolute()
            || rel_written.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if escapes || written.contains('\\') || written.contains('\0') {
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
        let canonical = self.canonicalize_in(dir, written).map_err(|_| {
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
        Ok(canonical)
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
}
