//! The rules of a `document` record on its own.

use super::CheckContext;
use crate::model::Document;
use crate::msg;

/// Checks what the fields alone can tell.
pub(super) fn check(document: &mut Document, cx: &mut CheckContext) {
    let number = &document.number;
    if crate::identifier::parse(number).is_none() {
        cx.warning(
            "W0220",
            "number",
            msg!(
                "số ký hiệu `{number}` không theo mẫu thường gặp",
                "the document number `{number}` does not follow the usual patterns"
            ),
        )
        .help = Some(Box::new(msg!(
            "Mẫu: 59/2023/NĐ-CP, 72/KH-UBND, 08-CTr/QU.",
            "Patterns: 59/2023/NĐ-CP, 72/KH-UBND, 08-CTr/QU."
        )));
    }
    let issued = document.issued.short();
    if let Some(effective) = document.effective {
        if effective < document.issued {
            let effective = effective.short();
            cx.error(
                "E0221",
                "effective",
                msg!(
                    "ngày có hiệu lực {effective} trước ngày ban hành {issued}",
                    "in force from {effective}, before it was issued on {issued}"
                ),
            );
        }
    }
    if document.issued > cx.common.published {
        let published = cx.common.published.short();
        cx.error(
            "E0210",
            "issued",
            msg!(
                "ngày ban hành {issued} sau ngày công khai {published}",
                "issued on {issued}, after it was published on {published}"
            ),
        );
    }
}
