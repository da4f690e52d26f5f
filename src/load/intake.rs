//! Text intake: a file is read within its size limit, checked (UTF-8, NUL,
//! legacy encodings) and normalised (BOM, CRLF, NFC) before anything parses it.

use super::legacy::{self, Encoding as LegacyEncoding};
use super::{scan, Reader};
use crate::diagnostics::Diagnostic;
use crate::msg;
use crate::text::normalize_source;
use std::io::Read;
use std::path::Path;

impl Reader<'_> {
    /// Reads a file as text within the size limit (never more than the
    /// limit is read), checks and normalises it, and hands it to `f`.
    pub(super) fn read_text<R>(
        &self,
        path: &Path,
        f: impl FnOnce(Text<'_>) -> R,
    ) -> Result<R, Diagnostic> {
        let rel = self.rel(path);
        let limit_mb = self.config.limits.record_max_mb;
        let max = limit_mb.saturating_mul(1024 * 1024);
        let file = open_regular(path, &rel)?;
        // Files are read into buffers kept by each thread and grown to the
        // largest file (a record's tables are read while its text is in use),
        // and text that needs no change is lent from there.
        thread_local! {
            static BUFFERS: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut bytes = BUFFERS
            .with(|b| b.borrow_mut().pop())
            .unwrap_or_else(|| Vec::with_capacity(64 * 1024));
        bytes.clear();
        let read = self.read_within(
            path,
            &rel,
            max,
            file.take(max.saturating_add(1)),
            &mut bytes,
        );
        let result = read.and_then(|()| checked_text(&bytes, &rel).map(f));
        BUFFERS.with(|b| b.borrow_mut().push(bytes));
        result
    }

    /// Reads `file` into `bytes`, refusing more than `max` bytes.
    pub(super) fn read_within(
        &self,
        path: &Path,
        rel: &Path,
        max: u64,
        mut file: impl Read,
        bytes: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        let limit_mb = self.config.limits.record_max_mb;
        file.read_to_end(bytes).map_err(|e| {
            Diagnostic::error(
                "E0010",
                rel.to_path_buf(),
                0,
                msg!("không đọc được tệp: {e}", "cannot read the file: {e}"),
            )
        })?;
        if bytes.len() as u64 > max {
            let help = if path.extension().is_some_and(|e| e == "csv") {
                msg!(
                    "Tách bảng thành nhiều kỳ báo cáo, hoặc tăng `limits.record_max_mb` trong congkhai.toml.",
                    "Split the table by reporting period, or raise `limits.record_max_mb` in congkhai.toml."
                )
            } else {
                msg!(
                    "Tách hồ sơ, đưa bảng dài vào tệp CSV, hoặc tăng `limits.record_max_mb` trong congkhai.toml.",
                    "Split the record, move long tables to a CSV file, or raise `limits.record_max_mb` in congkhai.toml."
                )
            };
            return Err(Diagnostic::error(
                "E0011",
                rel.to_path_buf(),
                0,
                msg!(
                    "tệp lớn hơn giới hạn {limit_mb} MiB; không đọc tiếp",
                    "the file is larger than the {limit_mb} MiB limit; not read further"
                ),
            )
            .with_help(help));
        }
        Ok(())
    }
}

/// Opens a file for reading only if it is a regular file. A FIFO, a socket
/// or a device named like a record would block `read` forever (or never
/// end): it is opened without waiting and refused after a look at what was
/// opened (not at the name, which could change in between).
pub(super) fn open_regular(path: &Path, rel: &Path) -> Result<std::fs::File, Diagnostic> {
    use std::os::unix::fs::OpenOptionsExt;
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(
            "E0010",
            rel.to_path_buf(),
            0,
            msg!("không đọc được tệp: {e}", "cannot read the file: {e}"),
        )
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        let what = file_type_name(&meta.file_type());
        let shown = rel.display().to_string();
        return Err(Diagnostic::error(
            "E0016",
            rel.to_path_buf(),
            0,
            msg!(
                "`{shown}` không phải tệp thường mà là {what}; không đọc",
                "`{shown}` is not a regular file; not read"
            ),
        )
        .with_help(msg!(
            "Thay nó bằng một tệp văn bản bình thường (congkhai chỉ đọc tệp thường).",
            "Replace it with an ordinary text file (congkhai reads regular files only)."
        )));
    }
    Ok(file)
}

/// What a file that is not a regular file is, in Vietnamese.
fn file_type_name(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "một thư mục"
    } else if t.is_fifo() {
        "một ống dẫn (FIFO)"
    } else if t.is_socket() {
        "một socket"
    } else if t.is_block_device() || t.is_char_device() {
        "một thiết bị"
    } else {
        "một tệp đặc biệt"
    }
}

/// A legacy-encoding finding as a diagnostic.
pub(super) fn legacy_diagnostic(text: &Text, rel: &Path) -> Option<Diagnostic> {
    if !text.maybe_legacy {
        return None;
    }
    let f = legacy::detect(&text.text)?;
    let (encoding, word, words) = (f.encoding.name(), f.word.clone(), f.words);
    let help = match f.encoding {
        LegacyEncoding::DoubleUtf8 => msg!(
            "Tệp UTF-8 đã bị mở nhầm bảng mã rồi lưu lại. Lấy lại bản gốc, hoặc mở bằng trình soạn thảo hỗ trợ UTF-8 và gõ lại các chữ hỏng.",
            "A UTF-8 file was opened with the wrong encoding and saved again. Recover the original, or retype the broken words in a UTF-8 editor."
        ),
        _ => msg!(
            "Chuyển sang Unicode: chép văn bản, mở Unikey → Công cụ (Ctrl+Shift+F6) → Nguồn: {encoding}, Đích: Unicode → Chuyển mã, rồi dán lại. Không dùng phông .VnTime hay VNI-Times.",
            "Convert to Unicode: copy the text, open Unikey → Tools (Ctrl+Shift+F6) → Source: {encoding}, Destination: Unicode → Convert, and paste it back. Do not use .VnTime or VNI-Times fonts."
        ),
    };
    Some(
        Diagnostic::error(
            "E0014",
            rel.to_path_buf(),
            f.line,
            msg!(
                "chữ `{word}` có vẻ được gõ bằng bảng mã cũ {encoding}, không phải Unicode ({words} từ như vậy trong tệp)",
                "`{word}` looks like Vietnamese in the legacy {encoding} encoding, not Unicode ({words} such words in the file)"
            ),
        )
        .at_column(f.column)
        .with_help(help),
    )
}

/// Checks bytes and turns them into normalised text.
pub fn text_from_bytes(bytes: &[u8], rel: &Path) -> Result<String, Diagnostic> {
    checked_text(bytes, rel).map(|t| t.text.into_owned())
}

/// A file's text, checked and normalised (borrowed from the bytes read when
/// they needed no change), and whether the legacy-encoding detector must read
/// it.
pub(super) struct Text<'a> {
    pub(super) text: std::borrow::Cow<'a, str>,
    pub(super) maybe_legacy: bool,
}

/// [`text_from_bytes`], also telling whether legacy-encoded words may be in
/// the text. Text already normal (nearly all of it) is checked in one pass.
pub(super) fn checked_text<'a>(bytes: &'a [u8], rel: &Path) -> Result<Text<'a>, Diagnostic> {
    // The fast validator only says yes or no; where it says no, the standard
    // one finds the place.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    };
    let text = text.map_err(|e| {
        let offset = e.valid_up_to();
        let (line, column) = position_of(&bytes[..offset]);
        Diagnostic::error(
            "E0012",
            rel.to_path_buf(),
            line,
            msg!(
                "tệp không phải UTF-8 hợp lệ (byte thứ {offset})",
                "the file is not valid UTF-8 (at byte {offset})"
            ),
        )
        .at_column(column)
        .with_help(msg!(
            "Lưu lại tệp với bảng mã UTF-8 (trong Word/Notepad: Save As → Encoding: UTF-8).",
            "Save the file again as UTF-8 (in Word/Notepad: Save As → Encoding: UTF-8)."
        ))
    })?;
    if let Some(pos) = first_control(bytes) {
        let (line, column) = position_of(&bytes[..pos]);
        let c = text[pos..].chars().next().unwrap_or('\u{7f}');
        let code = format!("U+{:04X}", u32::from(c));
        return Err(Diagnostic::error(
            "E0017",
            rel.to_path_buf(),
            line,
            msg!(
                "tệp chứa ký tự điều khiển {code} (không nhìn thấy, không được đưa lên trang)",
                "the file holds the control character {code} (invisible; never put on a page)"
            ),
        )
        .at_column(column)
        .with_help(msg!(
            "Xóa ký tự đó (thường dán từ phần mềm khác); tab và xuống dòng thì được.",
            "Remove it (usually pasted from another program); tabs and line ends are fine."
        )));
    }
    if let Some(maybe_legacy) = scan::scan(text) {
        return Ok(Text {
            text: text.into(),
            maybe_legacy,
        });
    }
    if let Some(pos) = text.find('\0') {
        let (line, column) = position_of(&bytes[..pos]);
        return Err(Diagnostic::error(
            "E0013",
            rel.to_path_buf(),
            line,
            msg!(
                "tệp chứa ký tự NUL (byte thứ {pos})",
                "the file contains a NUL character (at byte {pos})"
            ),
        )
        .at_column(column)
        .with_help(msg!(
            "Tệp có thể là tệp nhị phân hoặc bị hỏng; mở và lưu lại dưới dạng văn bản UTF-8.",
            "The file may be binary or damaged; open it and save it again as UTF-8 text."
        )));
    }
    let text = normalize_source(text);
    let maybe_legacy = legacy::has_candidate(&text);
    Ok(Text {
        text: text.into(),
        maybe_legacy,
    })
}

/// The first control character of valid UTF-8 `bytes` that no page may
/// carry: C0 controls but NUL (E0013's), tab, LF and CR; DEL; C1 controls
/// (`C2 80`–`C2 9F`). Blocks of 64 bytes are flagged without branches, so
/// the pass over clean text costs little; a flagged block is looked at byte
/// by byte.
pub(super) fn first_control(bytes: &[u8]) -> Option<usize> {
    let exact = |at: usize| {
        let b = bytes[at];
        match b {
            0 | b'\t' | b'\n' | b'\r' => false,
            0x01..=0x1f | 0x7f => true,
            0xc2 => bytes.get(at + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
            _ => false,
        }
    };
    let mut start = 0;
    for block in bytes.chunks(64) {
        let flagged = block.iter().fold(false, |acc, &b| {
            acc | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0))
                | (b == 0x7f)
                | (b == 0xc2)
        });
        if flagged {
            if let Some(i) = (start..start + block.len()).find(|&i| exact(i)) {
                return Some(i);
            }
        }
        start += block.len();
    }
    None
}

/// Line and column (1-based, column in characters) just after valid UTF-8 `before`.
fn position_of(before: &[u8]) -> (usize, usize) {
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_reports_offset_line_and_column() {
        let d = text_from_bytes(b"ab\nc\xc3\xa1d\xffcd", Path::new("x.md")).unwrap_err();
        assert_eq!(d.code, "E0012");
        assert_eq!((d.line, d.column), (2, 4));
        assert!(d.message.vi.contains("byte thứ 7"), "{:?}", d.message);
    }

    /// The one-pass checks give what the standard validator, the NUL
    /// search and full normalising give, on valid and broken UTF-8 alike.
    #[test]
    fn checked_text_agrees_with_the_plain_composition() {
        fn reference(bytes: &[u8]) -> Result<String, (usize, usize, usize)> {
            match std::str::from_utf8(bytes) {
                Err(e) => {
                    let (line, column) = position_of(&bytes[..e.valid_up_to()]);
                    Err((12, line, column))
                }
                Ok(t) => match t.find('\0') {
                    Some(pos) => {
                        let (line, column) = position_of(&bytes[..pos]);
                        Err((13, line, column))
                    }
                    None => Ok(normalize_source(t)),
                },
            }
        }
        let pieces: &[&[u8]] = &[
            b"a",
            b"e",
            b" ",
            b"\n",
            b"\r",
            b"\0",
            b"\xef\xbb\xbf",
            "ờ".as_bytes(),
            "Ã".as_bytes(),
            "¶".as_bytes(),
            "ø".as_bytes(),
            "\u{0302}".as_bytes(),
            "🙂".as_bytes(),
            b"\xc0\x80",
            b"\xe0\x80\x80",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b"\xc3",
            b"\xe1\xbb",
            b"\xff",
            b"\x80",
        ];
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1du64);
        for _ in 0..20_000 {
            let mut bytes = Vec::new();
            for _ in 0..next() % 24 {
                bytes.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let ours = checked_text(&bytes, Path::new("x.md"));
            match (ours, reference(&bytes)) {
                (Ok(t), Ok(r)) => {
                    assert_eq!(t.text, r, "{bytes:?}");
                    assert_eq!(t.maybe_legacy, legacy::has_candidate(&r), "{bytes:?}");
                }
                (Err(d), Err((code, line, column))) => {
                    assert_eq!(d.code, format!("E00{code}"), "{bytes:?}");
                    assert_eq!((d.line, d.column), (line, column), "{bytes:?}");
                }
                (ours, r) => panic!("{bytes:?}: {:?} against {r:?}", ours.map(|t| t.text)),
            }
        }
    }

    #[test]
    fn nul_is_refused_with_its_place() {
        let d = text_from_bytes(b"a: 1\nb: \0", Path::new("x.yaml")).unwrap_err();
        assert_eq!((d.code, d.line, d.column), ("E0013", 2, 4));
    }
}
