//! The schedule of fees, charges and other amounts the ward collects itself
//! (Law 10/2022/QH15 Art. 11.12): who pays, how much, on what legal basis,
//! who is exempt, and from when.

use crate::date::Date;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A schedule of the fees and charges the ward collects.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct FeeSchedule {
    /// Who collects, e.g. the public administrative service centre.
    #[serde(default)]
    pub collector: Option<String>,
    /// First day the rates apply.
    pub effective_from: Date,
    /// Last day they apply, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_until: Option<Date>,
    /// The rows of the schedule.
    pub fees: Vec<ScheduledFee>,
}

/// One fee, charge or other amount.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduledFee {
    /// Its name, e.g. "Lệ phí đăng ký khai sinh".
    pub name: String,
    /// Fee, charge or other obligation.
    pub fee_kind: FeeKind,
    /// The document that sets it (identifier), e.g. `85/2019/TT-BTC`.
    #[serde(default)]
    pub legal_basis: String,
    /// What the rate is per, e.g. "lần", "bản".
    pub unit: String,
    /// The rate, in đồng.
    pub rate: Money,
    /// Who pays.
    #[serde(default)]
    pub payers: Option<String>,
    /// Who is exempt.
    #[serde(default)]
    pub exempt: Option<String>,
}

/// What sort of amount a row is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// Lệ phí.
    #[default]
    Charge,
    /// Phí.
    Fee,
    /// Nghĩa vụ tài chính khác.
    Other,
}
