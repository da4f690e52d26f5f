//! Attachments: the files a record names, checked on disk (contained,
//! within the size limit) and hashed.

use super::Reader;
use crate::diagnostics::Diagnostic;
use crate::model::{Attachment, Common, Source};
use crate::msg;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

impl Reader<'_> {
    pub(super) fn attachments(
        &self,
        common: &Common,
        dir: &Path,
        source: &Source,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Attachment> {
        let mut out: Vec<Attachment> = Vec::new();
        for (i, a) in common.attachments.iter().enumerate() {
            let place = (source.item_line("attachments", i), 0);
            let path = match self.contained(dir, &a.path, source, place, diags) {
                Ok(p) => p,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let written = &a.path;
            if let Some(d) = runs_in_a_browser(&path, written, source, place.0) {
                diags.push(d);
                continue;
            }
            if !path.is_file() {
                diags.push(Diagnostic::error(
                    "E0121",
                    source.path.clone(),
                    place.0,
                    msg!("`{written}` không phải tệp", "`{written}` is not a file"),
                ));
                continue;
            }
            if size > self.config.attachment_max_bytes() {
                let mib = format_mib(size);
                let limit = self.config.limits.attachment_max_mb;
                diags.push(
                    Diagnostic::error(
                        "E0122",
                        source.path.clone(),
                        place.0,
                        msg!(
                            "tệp đính kèm `{written}` nặng {mib} MiB, vượt giới hạn {limit} MiB",
                            "attachment `{written}` is {mib} MiB, over the {limit} MiB limit"
                        ),
                    )
                    .with_help(msg!(
                        "Nén hoặc tách tệp, hoặc tăng `limits.attachment_max_mb` trong congkhai.toml.",
                        "Compress or split the file, or raise `limits.attachment_max_mb` in congkhai.toml."
                    )),
                );
                continue;
            }
            let sha256 = match sha256_file(&path) {
                Ok(h) => h,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        "E0010",
                        source.path.clone(),
                        place.0,
                        msg!(
                            "không đọc được `{written}`: {e}",
                            "cannot read `{written}`: {e}"
                        ),
                    ));
                    continue;
                }
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let mut file_name = crate::text::slugify(
                Path::new(name)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("file"),
            );
            if file_name.is_empty() {
                file_name = "file".into();
            }
            if let Some(ext) = Path::new(name).extension().and_then(|e| e.to_str()) {
                file_name = format!("{file_name}.{}", crate::text::slugify(ext));
            }
            while out.iter().any(|o| o.file_name == file_name) {
                file_name = format!("{}-{file_name}", out.len());
            }
            out.push(Attachment {
                title: a.title.clone().unwrap_or_else(|| name.to_string()),
                file_name,
                source: path,
                size,
                sha256,
            });
        }
        out
    }
}

/// HTML, SVG and XML files can carry scripts that a browser runs with the
/// site's origin when the file is opened from the site: refused, with the
/// advice to attach a PDF.
fn runs_in_a_browser(
    path: &Path,
    written: &str,
    source: &Source,
    line: usize,
) -> Option<Diagnostic> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let scripted = matches!(
        ext.as_str(),
        "html" | "htm" | "xhtml" | "shtml" | "svg" | "svgz" | "xml" | "xht" | "mht" | "mhtml"
    );
    scripted.then(|| {
        Diagnostic::error(
            "E0123",
            source.path.clone(),
            line,
            msg!(
                "tệp đính kèm `{written}` là HTML/SVG: trình duyệt có thể chạy mã trong đó như một phần của trang, nên không đăng",
                "the attachment `{written}` is HTML/SVG: a browser could run code in it as part of the site, so it is not published"
            ),
        )
        .with_help(msg!(
            "Đính kèm bản PDF (in ra PDF từ trình duyệt hay phần mềm soạn thảo), hoặc ảnh PNG/JPEG cho bản vẽ.",
            "Attach a PDF instead (print to PDF from the browser or editor), or a PNG/JPEG image for a drawing."
        ))
    })
}

fn format_mib(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    format!("{},{}", tenths / 10, tenths % 10)
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
