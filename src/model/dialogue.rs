//! Dialogues and citizen meetings (Kết quả đối thoại, tiếp xúc): questions,
//! answers and commitments with deadlines; late commitments read as overdue.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// The outcome of a dialogue or meeting.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DialogueType {
    /// Hội nghị đối thoại hằng năm (Art. 32).
    AnnualConference,
    /// Lấy ý kiến Nhân dân trước khi quyết định (Art. 25–26).
    PreDecisionHearing,
    /// Đối thoại, lấy ý kiến công dân là đối tượng thi hành một quyết định
    /// hành chính xác lập nghĩa vụ hoặc hạn chế quyền của họ (Art. 27).
    AffectedCitizensDialogue,
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
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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
    /// Dated changes of its status, oldest first; the last one gives the
    /// status it has now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status_changes: Vec<CommitmentChange>,
    /// Set by validation: past its deadline and not done.
    #[serde(default, skip_deserializing)]
    pub overdue: bool,
}

/// A dated change of a commitment's status.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentChange {
    /// When the status changed.
    pub date: Date,
    /// The status from that day.
    pub status: CommitmentStatus,
    /// What happened, or the document that records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where a commitment stands.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
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
