//! The publication of personal names a record asks for (`publish_names`, or
//! a kind's own switch such as `publish_donors`), against `[privacy]` of the
//! law data: only a column of names of the record's kind, and only where the
//! law requires the list posted with names.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{names, Record};
use crate::msg;

/// Each column `publish_names` lists is a column of names of the kind with
/// a basis to publish; a kind's own switch needs that basis too.
pub(super) fn check_publish_names(r: &Record, config: &Config) -> Vec<Diagnostic> {
    let privacy = &config.law.privacy;
    let kind = r.kind.slug();
    let mut diags = Vec::new();
    for (i, path) in r.common.publish_names.iter().enumerate() {
        let line = r.source.item_line("publish_names", i);
        let rule = privacy
            .columns(kind)
            .find(|(c, _)| c == path)
            .map(|(_, r)| r);
        match rule {
            None => {
                let known: Vec<&str> = privacy.columns(kind).map(|(c, _)| c).collect();
                let known = if known.is_empty() {
                    "không có".to_string()
                } else {
                    known.join(", ")
                };
                diags.push(
                    Diagnostic::error(
                        "E0441",
                        r.source.path.clone(),
                        line,
                        msg!(
                            "`publish_names: {path}`: không phải cột họ tên của hồ sơ loại `{kind}` (các cột họ tên: {known})",
                            "`publish_names: {path}`: not a column of names of a `{kind}` record (its columns of names: {known})"
                        ),
                    )
                    .with_help(msg!(
                        "Ghi `bảng.cột` như trong `[privacy]` của dữ liệu pháp luật, ví dụ `called.name`.",
                        "Write `table.column` as `[privacy]` of the law data names it, e.g. `called.name`."
                    )),
                );
            }
            Some(rule) if rule.publish_basis.is_none() => {
                diags.push(no_basis(r, line, path, &privacy.basis));
            }
            Some(_) => {}
        }
    }
    for (path, rule) in privacy.columns(kind) {
        let Some((table, name)) = path.split_once('.') else {
            continue;
        };
        let Some(column) = names::column(r.kind, table, name) else {
            continue;
        };
        if (column.switch)(&r.data) && rule.publish_basis.is_none() {
            let (line, _) = r.source.field_position(column.switch_field.unwrap_or(""));
            diags.push(no_basis(r, line, path, &privacy.basis));
        }
    }
    diags
}

/// E0444: the law data gives no basis to publish the column in full.
fn no_basis(r: &Record, line: usize, path: &str, basis: &str) -> Diagnostic {
    Diagnostic::error(
        "E0444",
        r.source.path.clone(),
        line,
        msg!(
            "họ tên ở cột `{path}` không được công bố đầy đủ: dữ liệu pháp luật không ghi căn cứ yêu cầu công khai danh sách có họ tên (`publish_basis` trong `[privacy]`); tên vẫn được che ({basis})",
            "the names of `{path}` cannot be published in full: the law data gives no basis requiring the list posted with names (`publish_basis` in `[privacy]`); they stay masked ({basis})"
        ),
    )
    .with_help(msg!(
        "Bỏ yêu cầu công bố họ tên, hoặc thêm `publish_basis` cho cột này trong `law.toml` nếu có văn bản pháp luật yêu cầu.",
        "Drop the request, or add a `publish_basis` for the column in `law.toml` when a law requires it."
    ))
}
