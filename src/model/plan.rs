//! Plans and programmes (Kế hoạch, Chương trình): the document's identity and
//! its tasks with lead units, deadlines and progress.

use crate::date::{Date, Deadline};
use serde::{Deserialize, Serialize};

/// A plan or programme.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Plan {
    /// Number and symbol, e.g. `72/KH-UBND`.
    #[serde(default)]
    pub number: Option<String>,
    /// Issuing body.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Issue date.
    #[serde(default)]
    pub issued: Option<Date>,
    /// Who signed.
    #[serde(default)]
    pub signer: Option<String>,
    /// In what capacity (`TM. ỦY BAN NHÂN DÂN – CHỦ TỊCH`).
    #[serde(default)]
    pub signer_title: Option<String>,
    /// Period covered, e.g. `2024` or `2025–2026`.
    #[serde(default)]
    pub period: Option<String>,
    /// Purpose and requirements, short.
    #[serde(default)]
    pub purpose: Option<String>,
    /// The tasks.
    #[serde(default)]
    pub tasks: Vec<Task>,
}

/// One task of a plan.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// What is to be done.
    pub content: String,
    /// Lead unit (Đơn vị chủ trì).
    #[serde(default)]
    pub lead: Option<String>,
    /// Supporting units (Đơn vị phối hợp).
    #[serde(default)]
    pub support: Vec<String>,
    /// Deadline: a date, a quarter or a year.
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// Expected result (Sản phẩm).
    #[serde(default)]
    pub deliverable: Option<String>,
    /// Progress status.
    #[serde(default)]
    pub status: TaskStatus,
    /// Percentage done, 0–100.
    #[serde(default)]
    pub progress: Option<u8>,
    /// Dated milestones.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// The document that closed it (a report, a decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<String>,
    /// Dated changes of its status, oldest first; the last one gives the
    /// status it has now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status_changes: Vec<TaskChange>,
    /// Set by the link stage: past its deadline and not done.
    #[serde(default, skip_deserializing)]
    pub overdue: bool,
}

/// Where a task stands.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Not started.
    #[default]
    NotStarted,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// Dropped.
    Cancelled,
}

/// A dated change of a task's status.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskChange {
    /// When the status changed.
    pub date: Date,
    /// The status from that day.
    pub status: TaskStatus,
    /// What happened, or the document that records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A dated step of a task.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// When.
    pub date: Date,
    /// What happened.
    pub note: String,
}

impl Plan {
    /// Tasks done, in progress, overdue, out of the total.
    pub fn counts(&self) -> (usize, usize, usize) {
        let done = self
            .tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Done)
            .count();
        let overdue = self.tasks.iter().filter(|t| t.overdue).count();
        (done, overdue, self.tasks.len())
    }
}
