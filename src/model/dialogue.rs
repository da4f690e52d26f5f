//! Dialogues and citizen meetings (Kết quả đối thoại, tiếp xúc): questions,
//! answers and commitments with deadlines; late commitments read as overdue.

use super::CheckContext;
use crate::date::Date;
use crate::msg;
use serde::{Deserialize, Serialize};

/// Fields of a dialogue besides the common ones.
pub const FIELDS: &[&str] = &[
    "dialogue_type",
    "held",
    "time",
    "place",
    "chair",
    "attendance",
    "convened_by",
    "items",
];

/// The outcome of a dialogue or meeting.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Dialogue {
    /// What kind of meeting.
    pub dialogue_type: DialogueType,
    /// Date held.
    pub held: Date,
    /// Time, e.g. `08:00`.
    #[serde(default)]
    pub time: Option<String>,
    /// Place.
    pub place: String,
    /// Who chaired.
    #[serde(default)]
    pub chair: Option<String>,
    /// People attending.
    #[serde(default)]
    pub attendance: Option<u32>,
    /// The notice that convened it (identifier).
    #[serde(default)]
    pub convened_by: Option<String>,
    /// Questions, answers and commitments.
    #[serde(default)]
    pub items: Vec<DialogueItem>,
}

/// Types of meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DialogueType {
    /// Hội nghị đối thoại hằng năm (Art. 32).
    AnnualConference,
    /// Lấy ý kiến Nhân dân trước khi quyết định (Art. 25–26).
    PreDecisionHearing,
    /// Hội nghị cộng đồng dân cư cuối năm (Art. 33).
    CommunityConference,
    /// Tiếp công dân của lãnh đạo.
    CitizenReception,
    /// Đối thoại giải phóng mặt bằng (Land Law Art. 87).
    LandDialogue,
    /// Tiếp xúc cử tri.
    VoterMeeting,
}

/// One question and what was answered and promised.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DialogueItem {
    /// The question or opinion.
    pub question: String,
    /// Who asked; anonymous unless given.
    #[serde(default)]
    pub asked_by: Option<String>,
    /// Residential area (khu phố, tổ dân phố).
    #[serde(default)]
    pub area: Option<String>,
    /// Topic.
    #[serde(default)]
    pub topic: Option<String>,
    /// The answer given.
    #[serde(default)]
    pub answer: Option<String>,
    /// Who answered.
    #[serde(default)]
    pub answered_by: Option<String>,
    /// What was promised.
    #[serde(default)]
    pub commitment: Option<String>,
    /// Who is responsible for it.
    #[serde(default)]
    pub responsible: Option<String>,
    /// By when.
    #[serde(default)]
    pub deadline: Option<Date>,
    /// Where it stands.
    #[serde(default)]
    pub status: CommitmentStatus,
    /// The document that closed it.
    #[serde(default)]
    pub closed_by: Option<String>,
    /// Set by validation: past its deadline and not done.
    #[serde(default, skip_deserializing)]
    pub overdue: bool,
}

/// Where a commitment stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// Not yet acted on.
    #[default]
    Open,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// Answered; nothing to do.
    Answered,
}

impl Dialogue {
    /// Checks dates and marks overdue commitments.
    pub fn validate(&mut self, cx: &mut CheckContext) {
        let held = self.held.short();
        if self.held > cx.common.published {
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
        for (i, item) in self.items.iter_mut().enumerate() {
            if let Some(deadline) = item.deadline {
                if deadline < self.held {
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
            item.overdue = item.commitment.is_some()
                && matches!(
                    item.status,
                    CommitmentStatus::Open | CommitmentStatus::InProgress
                )
                && item.deadline.is_some_and(|d| d < cx.today);
        }
    }

    /// Commitments made, done and overdue.
    pub fn commitment_counts(&self) -> (usize, usize, usize) {
        let made = self.items.iter().filter(|i| i.commitment.is_some()).count();
        let done = self
            .items
            .iter()
            .filter(|i| i.commitment.is_some() && i.status == CommitmentStatus::Done)
            .count();
        let overdue = self.items.iter().filter(|i| i.overdue).count();
        (made, done, overdue)
    }
}
