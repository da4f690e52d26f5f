//! The one reader of the source lines shown under a finding (by `check`, by
//! `serve` in the terminal and in the browser overlay). A file is normalised
//! as the loader reads it (BOM, CRLF, NFC: [`crate::text::normalize_source`]),
//! so a finding's line and column, counted by the loader, fall on the same
//! characters here.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The lines of files named by findings, each file read once.
#[derive(Default)]
pub struct SourceLines {
    files: HashMap<PathBuf, Option<Vec<String>>>,
}

impl SourceLines {
    /// Most of a file read to show one of its lines.
    const MAX_BYTES: u64 = 16 * 1024 * 1024;

    /// Line `line` (1-based) of `file` (relative to `root`, or absolute) as
    /// the loader saw it; `None` for line 0 (a whole-file finding) or a file
    /// that cannot be read.
    pub fn line(&mut self, root: &Path, file: &Path, line: usize) -> Option<String> {
        if line == 0 {
            return None;
        }
        let lines = self.files.entry(file.to_path_buf()).or_insert_with(|| {
            let path = if file.is_absolute() {
                file.to_path_buf()
            } else {
                root.join(file)
            };
            let mut bytes = Vec::new();
            std::fs::File::open(&path)
                .and_then(|f| f.take(Self::MAX_BYTES).read_to_end(&mut bytes))
                .ok()?;
            let text = crate::text::normalize_source(&String::from_utf8_lossy(&bytes));
            Some(text.lines().map(str::to_string).collect())
        });
        lines.as_ref()?.get(line - 1).cloned()
    }
}

/// [`SourceLines::line`] for a single finding, keeping nothing.
pub fn source_line(root: &Path, file: &Path, line: usize) -> Option<String> {
    SourceLines::default().line(root, file, line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diagnostics::{render, Lang};
    use crate::model::Kind;

    /// A record saved with a BOM, CRLF line ends and decomposed (NFD)
    /// letters: the lines shown are the loader's, and the caret of a
    /// finding falls under the character the loader pointed at.
    #[test]
    fn lines_and_carets_agree_with_the_loader_on_bom_crlf_and_nfd_text() {
        let tmp = tempfile::tempdir().unwrap();
        let rel = Path::new("x.md");
        // "Kế hoạch" with the accents as combining marks, then a field
        // whose value is wrong on a line that also holds NFD letters.
        let text = "\u{feff}---\r\ntitle: Ke\u{0302}\u{0301} hoa\u{0323}ch\r\n\
                    published: 2026-01-05\r\ndisclosure_item: 1\r\n\
                    forms: [nie\u{0302}m-ye\u{0302}\u{0301}t, office_posting, nope]\r\n---\r\nBody\r\n";
        std::fs::write(tmp.path().join(rel), text).unwrap();
        let loaded = crate::load::text_from_bytes(text.as_bytes(), rel).unwrap();
        let mut lines = SourceLines::default();
        for (i, expected) in loaded.lines().enumerate() {
            assert_eq!(
                lines.line(tmp.path(), rel, i + 1).as_deref(),
                Some(expected),
                "line {}",
                i + 1
            );
        }
        assert_eq!(source_line(tmp.path(), rel, 2).unwrap(), "title: Kế hoạch");
        let (_, diags) = crate::load::parse_record(
            &Config::default(),
            tmp.path(),
            Kind::Document,
            rel,
            text.as_bytes(),
        );
        let d = diags
            .iter()
            .find(|d| d.line == 5 && d.column > 1)
            .unwrap_or_else(|| panic!("no finding with a column on line 5: {diags:?}"));
        let line = source_line(tmp.path(), rel, d.line).unwrap();
        let pointed: String = line.chars().skip(d.column - 1).take(4).collect();
        assert_eq!(pointed, "niêm", "{d:?} on {line:?}");
        let shown = render(d, Lang::Vi, Some(&line), false);
        let caret = shown.lines().find(|l| l.contains('^')).unwrap();
        let source = shown.lines().find(|l| l.contains("| forms")).unwrap();
        let chars_before = |l: &str, byte: usize| l[..byte].chars().count();
        let caret_at = caret.chars().position(|c| c == '^').unwrap();
        let word_at = chars_before(source, source.find("niêm").unwrap());
        assert_eq!(caret_at, word_at, "{shown}");
    }
}
