//! The rules of a `plan` record on its own.

use super::CheckContext;
use crate::date::Deadline;
use crate::model::plan::{Plan, TaskStatus};
use crate::msg;

/// Checks what the fields alone can tell, and marks overdue tasks.
pub(super) fn check(plan: &mut Plan, cx: &mut CheckContext) {
    if let (Some(issued), published) = (plan.issued, cx.common.published) {
        if issued > published {
            let (issued, published) = (issued.short(), published.short());
            cx.error(
                "E0210",
                "issued",
                msg!(
                    "ngày ban hành {issued} sau ngày công khai {published}",
                    "issued on {issued}, after it was published on {published}"
                ),
            )
            .help = Some(Box::new(msg!(
                "Kiểm tra lại `issued` và `published`.",
                "Check `issued` and `published`."
            )));
        }
    }
    for (i, task) in plan.tasks.iter_mut().enumerate() {
        if let Some(p) = task.progress {
            if p > 100 {
                cx.item_error(
                    "E0211",
                    "tasks",
                    i,
                    msg!("tiến độ {p}% vượt quá 100%", "progress {p}% is above 100%"),
                );
            }
        }
        if task.status == TaskStatus::Done && task.progress.is_some_and(|p| p < 100) {
            cx.item_error(
                "E0212",
                "tasks",
                i,
                msg!(
                    "nhiệm vụ đã hoàn thành nhưng tiến độ chưa đạt 100%",
                    "the task is done but its progress is below 100%"
                ),
            )
            .help = Some(Box::new(msg!(
                "Sửa `progress: 100` hoặc đổi `status`.",
                "Set `progress: 100` or change `status`."
            )));
        }
        let changes: Vec<(crate::date::Date, &str)> = task
            .status_changes
            .iter()
            .map(|c| (c.date, crate::comply::tracker::task_status(c.status)))
            .collect();
        let status = crate::comply::tracker::task_status(task.status);
        super::common::check_status_changes(cx, "tasks", i, &changes, status);
        let due = task.deadline.and_then(Deadline::last_day);
        task.overdue = matches!(task.status, TaskStatus::NotStarted | TaskStatus::InProgress)
            && due.is_some_and(|d| d < cx.today);
    }
}
