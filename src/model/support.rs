//! Support and social-security policies (Chính sách hỗ trợ, an sinh xã hội,
//! Art. 11.7 of Law 10/2022): the policy and its legal basis, the criteria,
//! the selection (the review meeting and its counts), the decision and the
//! list of beneficiaries with their support. Totals are computed.

use crate::date::Date;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A support policy carried out in the ward, and who receives it.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Support {
    /// The policy's name, e.g. `Hỗ trợ hộ nghèo mua thẻ bảo hiểm y tế`.
    pub policy: String,
    /// The programme it belongs to (a national target programme…).
    #[serde(default)]
    pub programme: Option<String>,
    /// Who may receive it (tiêu chí, đối tượng).
    #[serde(default)]
    pub criteria: Vec<String>,
    /// How the beneficiaries were chosen (quy trình bình xét).
    pub selection: Selection,
    /// The decision approving the list.
    #[serde(default)]
    pub decision: Option<DecisionRef>,
    /// The beneficiaries.
    #[serde(default)]
    pub beneficiaries: Vec<Beneficiary>,
    /// Computed by validation. A typed `totals` is a known key whose value
    /// is dropped: the kind's rule refuses it with its own diagnostic (E0439).
    #[serde(default, deserialize_with = "super::computed")]
    #[schemars(skip_deserializing)]
    pub totals: SupportTotals,
}

/// The review meeting that chose the beneficiaries.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// The day of the review meeting (họp bình xét).
    pub meeting_date: Date,
    /// Where it was held.
    #[serde(default)]
    pub place: Option<String>,
    /// People attending.
    #[serde(default)]
    pub attendance: Option<u32>,
    /// Households or people proposed for review.
    pub proposed: u32,
    /// Households or people the meeting agreed on.
    pub approved: u32,
}

/// A decision by number and date.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRef {
    /// Number and symbol, e.g. `215/QĐ-UBND`.
    pub number: String,
    /// Date signed.
    pub date: Date,
}

/// One beneficiary.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Beneficiary {
    /// The head of the household (or the person); masked unless published.
    pub head: String,
    /// Residential group (tổ dân phố, khu phố, ấp).
    pub group: String,
    /// Which group of beneficiaries (hộ nghèo, hộ cận nghèo, người cao tuổi…).
    #[serde(default)]
    pub category: Option<String>,
    /// Support in money, đồng.
    #[serde(default)]
    pub amount: Money,
    /// Support in kind or a note (`Thẻ BHYT 12 tháng`).
    #[serde(default)]
    pub support: Option<String>,
    /// Whether it has been received.
    #[serde(default)]
    pub status: BeneficiaryStatus,
}

/// Where a beneficiary's support stands.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BeneficiaryStatus {
    /// Approved, not yet received.
    #[default]
    Approved,
    /// Received.
    Received,
    /// Stopped or withdrawn.
    Withdrawn,
}

/// Computed figures of a support disclosure.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct SupportTotals {
    /// Beneficiaries listed.
    pub beneficiaries: usize,
    /// Sum of the support in money.
    pub amount: Money,
    /// Of which already received.
    pub received: Money,
}
