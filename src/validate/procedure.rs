//! The rules of a `procedure` record on its own.

use super::CheckContext;
use crate::model::Procedure;
use crate::msg;

/// Checks what the fields alone can tell.
pub(super) fn check(procedure: &mut Procedure, cx: &mut CheckContext) {
    if procedure.steps.is_empty() {
        cx.error(
            "E0230",
            "steps",
            msg!(
                "thủ tục chưa có bước thực hiện nào",
                "the procedure has no steps"
            ),
        )
        .help = Some(Box::new(msg!(
            "Liệt kê các bước dưới `steps:`, mỗi bước một dòng `- …`.",
            "List the steps under `steps:`, one `- …` line each."
        )));
    }
    if !matches!(
        cx.common.posted_until,
        Some(crate::date::PostedUntil::Permanent)
    ) {
        cx.warning(
            "W0231",
            "posted_until",
            msg!(
                "thủ tục hành chính phải được niêm yết thường xuyên (Điều 13 Luật 10/2022/QH15)",
                "administrative procedures must be posted permanently (Art. 13 of Law 10/2022/QH15)"
            ),
        )
        .help = Some(Box::new(msg!(
            "Thêm `posted_until: permanent`.",
            "Add `posted_until: permanent`."
        )));
    }
}
