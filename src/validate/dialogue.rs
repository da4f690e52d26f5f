//! The rules of a `dialogue` record on its own.

use super::CheckContext;
use crate::model::dialogue::{CommitmentStatus, Dialogue};
use crate::msg;

/// Checks dates and marks overdue commitments.
pub(super) fn check(dialogue: &mut Dialogue, cx: &mut CheckContext) {
    let held = dialogue.held.short();
    if dialogue.held > cx.common.published {
        let published = cx.common.published.short();
        cx.error(
            "E0260",
            "held",
            msg!(
                "ngày tổ chức {held} sau ngày công khai kết quả {published}",
                "held on {held}, after its results were published on {published}"
            ),
        );
    }
    for (i, item) in dialogue.items.iter_mut().enumerate() {
        if let Some(deadline) = item.deadline {
            if deadline < dialogue.held {
                let deadline = deadline.short();
                cx.item_error(
                    "E0261",
                    "items",
                    i,
                    msg!(
                        "hạn thực hiện {deadline} trước ngày đối thoại {held}",
                        "the deadline {deadline} is before the dialogue was held ({held})"
                    ),
                );
            }
            if item.commitment.is_none() {
                cx.item_error(
                    "E0262",
                    "items",
                    i,
                    msg!(
                        "có hạn thực hiện nhưng không ghi nội dung cam kết (`commitment`)",
                        "a deadline is given but no commitment (`commitment`)"
                    ),
                );
            }
        }
        let changes: Vec<(crate::date::Date, &str)> = item
            .status_changes
            .iter()
            .map(|c| (c.date, crate::comply::tracker::commitment_status(c.status)))
            .collect();
        let status = crate::comply::tracker::commitment_status(item.status);
        super::common::check_status_changes(cx, "items", i, &changes, status);
        item.overdue = item.commitment.is_some()
            && matches!(
                item.status,
                CommitmentStatus::Open | CommitmentStatus::InProgress
            )
            && item.deadline.is_some_and(|d| d < cx.today);
    }
}
