//! The Markdown body of a record: what the renderer will change in it
//! (unsafe links, raw HTML, undefined footnotes), told at its own lines.

use crate::config::RawHtml;
use crate::diagnostics::Diagnostic;
use crate::markdown::BodyFinding;
use crate::model::Source;
use crate::msg;

/// What the renderer will change in a body, told at the body's own lines.
pub(super) fn check_body(body: &str, source: &Source, raw_html: RawHtml) -> Vec<Diagnostic> {
    if body.is_empty() || source.body_line == 0 {
        return Vec::new();
    }
    let place = |offset: usize| {
        let before = &body[..offset.min(body.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            source.body_line + before.matches('\n').count(),
            before[line_start..].chars().count() + 1,
        )
    };
    let mut diags = Vec::new();
    for finding in crate::markdown::lint(body) {
        match finding {
            BodyFinding::UnsafeLink { offset, url } => {
                let (line, column) = place(offset);
                let shown: String = url.chars().take(60).collect();
                diags.push(
                    Diagnostic::warning(
                        "W0140",
                        source.path.clone(),
                        line,
                        msg!(
                            "liên kết `{shown}` không an toàn và sẽ bị bỏ (chỉ giữ chữ)",
                            "the link `{shown}` is unsafe and is removed (its text is kept)"
                        ),
                    )
                    .at_column(column)
                    .with_help(msg!(
                        "Chỉ dùng liên kết http(s), mailto, tel hoặc đường dẫn tương đối; `javascript:` và `data:` bị từ chối.",
                        "Use http(s), mailto, tel or relative links only; `javascript:` and `data:` are refused."
                    )),
                );
            }
            BodyFinding::RawHtml { offset, count } if raw_html == RawHtml::Escape => {
                let (line, column) = place(offset);
                diags.push(
                    Diagnostic::note(
                        "N0141",
                        source.path.clone(),
                        line,
                        msg!(
                            "nội dung có {count} thẻ HTML; chúng hiện ra dạng chữ, không được thực thi",
                            "the body has {count} pieces of HTML; they are shown as text, never run"
                        ),
                    )
                    .at_column(column)
                    .with_help(msg!(
                        "Dùng Markdown (bảng `|`, `**đậm**`), hoặc đặt `[markdown] raw_html = \"sanitize\"` trong congkhai.toml để giữ HTML an toàn.",
                        "Use Markdown (`|` tables, `**bold**`), or set `[markdown] raw_html = \"sanitize\"` in congkhai.toml to keep safe HTML."
                    )),
                );
            }
            BodyFinding::RawHtml { .. } => {}
            BodyFinding::UndefinedFootnote { offset, label } => {
                let (line, column) = place(offset);
                diags.push(
                    Diagnostic::warning(
                        "W0142",
                        source.path.clone(),
                        line,
                        msg!(
                            "chú thích `[^{label}]` không có nội dung",
                            "footnote `[^{label}]` has no definition"
                        ),
                    )
                    .at_column(column)
                    .with_help(msg!(
                        "Thêm ở cuối bài một dòng `[^{label}]: nội dung chú thích`.",
                        "Add a line `[^{label}]: the note` at the end of the body."
                    )),
                );
            }
        }
    }
    diags
}
