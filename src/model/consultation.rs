//! Consultations of residents before the ward decides (Law 10/2022/QH15
//! Art. 25–28, disclosed under Art. 11.11): the draft and its plan, who is
//! asked and how (Art. 26), the period, the compiled opinions per topic with
//! what was accepted and why not (Art. 28.3–28.4), and the decision taken.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// A consultation of residents and its results.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct PublicConsultation {
    /// The draft put to residents, e.g. "Dự thảo phương án chỉnh trang hẻm 45".
    pub draft: String,
    /// The clause of Art. 25 the matter falls under (1–9).
    pub matter: u8,
    /// The consultation plan (Art. 28.1), by its number, e.g. `45/KH-UBND`.
    #[serde(default)]
    pub plan: Option<String>,
    /// Who is asked, e.g. "Các hộ gia đình khu phố 3".
    pub asked: String,
    /// How they are asked (Art. 26.1).
    pub methods: Vec<ConsultationMethod>,
    /// The day the draft was made public for opinions.
    pub opened: Date,
    /// The last day opinions were received.
    pub closed: Date,
    /// Opinions (forms, letters, speakers) received in all.
    #[serde(default)]
    pub responses: Option<u32>,
    /// The compiled opinions, one row per topic.
    #[serde(default)]
    pub opinions: Vec<OpinionTopic>,
    /// The decision taken after the consultation.
    #[serde(default)]
    pub decision: Option<ConsultationDecision>,
}

/// The forms of consultation of Art. 26.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationMethod {
    /// a) Hội nghị trao đổi, đối thoại giữa UBND và Nhân dân.
    Conference,
    /// b) Cuộc họp của cộng đồng dân cư.
    CommunityMeeting,
    /// c) Phát phiếu lấy ý kiến hộ gia đình.
    HouseholdForms,
    /// d) Hòm thư góp ý, đường dây nóng.
    MailboxHotline,
    /// đ) Qua Ban công tác Mặt trận và các tổ chức chính trị - xã hội.
    FrontCommittee,
    /// e) Cổng, trang thông tin điện tử.
    Portal,
    /// g) Mạng viễn thông, mạng xã hội.
    SocialNetwork,
    /// h) Đối thoại với công dân là đối tượng thi hành (Art. 25.8, 27).
    AffectedCitizens,
}

/// The opinions on one topic, and what was made of them.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpinionTopic {
    /// The topic or provision of the draft.
    pub topic: String,
    /// Opinions for.
    #[serde(default)]
    pub agree: u32,
    /// Opinions against.
    #[serde(default)]
    pub disagree: u32,
    /// Other opinions.
    #[serde(default)]
    pub other: u32,
    /// Whether the opinions were taken into the decision.
    pub accepted: Acceptance,
    /// What was taken in, or why not (Art. 28.3–28.4).
    #[serde(default)]
    pub explanation: Option<String>,
    /// Computed by validation: agree + disagree + other.
    #[serde(default, skip_deserializing)]
    pub total: u32,
}

/// Whether opinions were taken into the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Acceptance {
    /// Tiếp thu.
    Accepted,
    /// Tiếp thu một phần.
    Partly,
    /// Không tiếp thu (giải trình).
    NotAccepted,
}

/// The decision taken after the consultation.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsultationDecision {
    /// Its number and symbol.
    pub number: String,
    /// Its date.
    pub date: Date,
    /// Who decided.
    #[serde(default)]
    pub issuer: Option<String>,
}

impl PublicConsultation {
    /// Topics, and those not (or partly) taken in.
    pub fn topic_counts(&self) -> (usize, usize) {
        let not = self
            .opinions
            .iter()
            .filter(|o| o.accepted != Acceptance::Accepted)
            .count();
        (self.opinions.len(), not)
    }
}
