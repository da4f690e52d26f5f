//! Results of inspections, of the handling of corruption, misconduct and
//! discipline, and of confidence votes (Law 10/2022/QH15 Art. 11.10): the
//! concluding document, findings, recommendations followed up, amounts to
//! recover, the people disciplined (masked unless published) and, for a
//! confidence vote, the table of office holders with their counts.

use crate::date::Date;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// The result of an inspection, a discipline or corruption case, or a
/// confidence vote.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Inspection {
    /// What kind of result this is.
    pub inspection_type: InspectionType,
    /// What or whom it concerns, e.g. "Việc quản lý quỹ hẻm 45 năm 2025".
    #[serde(default)]
    pub subject: Option<String>,
    /// The body that inspected, handled the case or held the vote.
    #[serde(default)]
    pub conducted_by: Option<String>,
    /// The concluding document (kết luận, quyết định, nghị quyết).
    pub conclusion: Conclusion,
    /// What was found.
    #[serde(default)]
    pub findings: Vec<String>,
    /// What was recommended, and how far it was carried out.
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    /// Amounts to recover, and what was recovered.
    #[serde(default)]
    pub recoveries: Vec<Recovery>,
    /// People disciplined or handled; masked unless published.
    #[serde(default)]
    pub persons: Vec<PersonHandled>,
    /// The confidence vote, for `inspection_type: confidence_vote`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<ConfidenceVote>,
    /// Computed by validation.
    #[serde(default, skip_deserializing)]
    pub totals: RecoveryTotals,
}

/// What kind of result an inspection record holds (Art. 11.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspectionType {
    /// Kết luận thanh tra, kiểm tra.
    Inspection,
    /// Kết quả xử lý kỷ luật cán bộ, công chức.
    Discipline,
    /// Kết quả giải quyết vụ việc tham nhũng, tiêu cực.
    CorruptionCase,
    /// Kết quả lấy phiếu, bỏ phiếu tín nhiệm.
    ConfidenceVote,
}

/// The document that concludes the matter.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conclusion {
    /// Its number and symbol, e.g. `05/KL-UBND`.
    pub number: String,
    /// Its date.
    pub issued: Date,
    /// Who issued it.
    pub issuer: String,
}

/// One recommendation and its follow-up.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// What is recommended.
    pub content: String,
    /// Who must carry it out.
    #[serde(default)]
    pub responsible: Option<String>,
    /// By when.
    #[serde(default)]
    pub deadline: Option<Date>,
    /// Where it stands.
    #[serde(default)]
    pub status: FollowUpStatus,
    /// What was done.
    #[serde(default)]
    pub result: Option<String>,
    /// Set by validation: past its deadline and not done.
    #[serde(default, skip_deserializing)]
    pub overdue: bool,
}

/// Where a recommendation stands.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    /// Not yet acted on.
    #[default]
    Open,
    /// Under way.
    InProgress,
    /// Carried out.
    Done,
}

/// An amount to recover.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// What it is for.
    pub item: String,
    /// The amount the conclusion orders recovered.
    pub due: Money,
    /// The amount recovered so far.
    #[serde(default)]
    pub recovered: Money,
}

/// Totals of the amounts to recover.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct RecoveryTotals {
    /// Sum of the amounts due.
    pub due: Money,
    /// Sum of the amounts recovered.
    pub recovered: Money,
    /// Due − recovered.
    pub outstanding: Money,
}

/// A person disciplined or handled.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonHandled {
    /// Name; masked on the site unless published.
    pub name: String,
    /// Position held at the time.
    #[serde(default)]
    pub position: Option<String>,
    /// The measure taken (khiển trách, cảnh cáo…).
    pub measure: String,
    /// The decision that took it.
    #[serde(default)]
    pub decision: Option<String>,
}

/// A confidence vote of the ward People's Council.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceVote {
    /// Rating (lấy phiếu) or ballot (bỏ phiếu).
    pub method: VoteMethod,
    /// The date of the vote.
    pub held: Date,
    /// Members of the People's Council (the base of the percentages).
    pub members: u32,
    /// Members who voted.
    pub voters: u32,
    /// The office holders and their counts.
    pub holders: Vec<VoteRow>,
}

/// Rating or ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VoteMethod {
    /// Lấy phiếu tín nhiệm: high confidence, confidence, low confidence.
    Rating,
    /// Bỏ phiếu tín nhiệm: confidence or no confidence.
    Ballot,
}

/// One office holder's result. Names are public by the office held.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRow {
    /// Name.
    pub name: String,
    /// Office, e.g. Chủ tịch UBND phường.
    pub title: String,
    /// High confidence (rating only).
    #[serde(default)]
    pub high: u32,
    /// Confidence.
    pub confidence: u32,
    /// Low confidence (rating) or no confidence (ballot).
    pub low: u32,
    /// Computed by validation: the three counts as shares of the members.
    #[serde(default, skip_deserializing)]
    pub per_mille: VoteShares,
}

/// Shares of the members in tenths of a percent (per mille), rounded half
/// up: 667 is 66,7 %. Integers, so that the data files stay exact.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct VoteShares {
    /// High confidence.
    pub high: u32,
    /// Confidence.
    pub confidence: u32,
    /// Low confidence.
    pub low: u32,
}

impl Inspection {
    /// Recommendations made, done and overdue.
    pub fn recommendation_counts(&self) -> (usize, usize, usize) {
        let made = self.recommendations.len();
        let done = self
            .recommendations
            .iter()
            .filter(|r| r.status == FollowUpStatus::Done)
            .count();
        let overdue = self.recommendations.iter().filter(|r| r.overdue).count();
        (made, done, overdue)
    }
}

/// `part` of `whole` in tenths of a percent, rounded half up: 2 of 3 →
/// 667; 0 when `whole` is 0.
pub fn per_mille(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        return 0;
    }
    let tenths = (u64::from(part) * 2000 + u64::from(whole)) / (u64::from(whole) * 2);
    u32::try_from(tenths).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::per_mille;

    #[test]
    fn shares_round_half_up() {
        assert_eq!(per_mille(2, 3), 667);
        assert_eq!(per_mille(1, 3), 333);
        assert_eq!(per_mille(25, 25), 1000);
        assert_eq!(per_mille(1, 8), 125);
        assert_eq!(per_mille(1, 16), 63);
        assert_eq!(per_mille(0, 25), 0);
        assert_eq!(per_mille(3, 0), 0);
        assert_eq!(per_mille(u32::MAX, 1), u32::MAX);
    }
}
