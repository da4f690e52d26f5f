//! Administrative procedures (Thủ tục hành chính), per Decree 63/2010 Art. 8:
//! steps, dossier, time limit, fees. Posted permanently.

use super::CheckContext;
use crate::money::Money;
use crate::msg;
use serde::{Deserialize, Serialize};

/// Fields of a procedure besides the common ones.
pub const FIELDS: &[&str] = &[
    "code",
    "field",
    "steps",
    "submission",
    "dossier",
    "time_limit",
    "applicants",
    "authority",
    "result",
    "fees",
    "online_url",
];

/// An administrative procedure.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// What it is for.
    pub item: String,
    /// How much.
    pub amount: Money,
}

impl Procedure {
    /// Checks what the fields alone can tell.
    pub fn validate(&mut self, cx: &mut CheckContext) {
        if self.steps.is_empty() {
            cx.error(
                "E0230",
                "steps",
                msg!(
                    "thủ tục chưa có bước thực hiện nào",
                    "the procedure has no steps"
                ),
            )
            .help = Some(Box::new(msg!(
                "Liệt kê các bước dưới `steps:`, mỗi bước một dòng `- …`.",
                "List the steps under `steps:`, one `- …` line each."
            )));
        }
        if !matches!(
            cx.common.posted_until,
            Some(crate::date::PostedUntil::Permanent)
        ) {
            cx.warning(
                "W0231",
                "posted_until",
                msg!(
                    "thủ tục hành chính phải được niêm yết thường xuyên (Điều 13 Luật 10/2022/QH15)",
                    "administrative procedures must be posted permanently (Art. 13 of Law 10/2022/QH15)"
                ),
            )
            .help = Some(Box::new(msg!("Thêm `posted_until: permanent`.", "Add `posted_until: permanent`.")));
        }
    }
}
