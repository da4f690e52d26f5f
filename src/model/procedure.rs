//! Administrative procedures (Thủ tục hành chính), per Decree 63/2010 Art. 8:
//! steps, dossier, time limit, fees. Posted permanently.

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// An administrative procedure.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Procedure {
    /// Code in the national database, e.g. `1.001612`.
    #[serde(default)]
    pub code: Option<String>,
    /// Field (lĩnh vực), e.g. Hộ tịch.
    #[serde(default)]
    pub field: Option<String>,
    /// Steps, in order.
    pub steps: Vec<String>,
    /// How to submit (in person, by post, online).
    #[serde(default)]
    pub submission: Vec<String>,
    /// Dossier items.
    #[serde(default)]
    pub dossier: Vec<String>,
    /// Time limit, e.g. `03 ngày làm việc`.
    pub time_limit: String,
    /// Who may apply.
    #[serde(default)]
    pub applicants: Option<String>,
    /// Competent body.
    #[serde(default)]
    pub authority: Option<String>,
    /// Result.
    #[serde(default)]
    pub result: Option<String>,
    /// Fees and charges; empty means free.
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// The online public service, shown as text.
    #[serde(default)]
    pub online_url: Option<String>,
}

/// One fee or charge.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// What it is for.
    pub item: String,
    /// How much.
    pub amount: Money,
}
