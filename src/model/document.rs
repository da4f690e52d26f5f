//! Documents (Văn bản): identifier, issuer, date, summary, signer and effect.
//! Documents in the repository's shared folder belong to every ward.

use super::CheckContext;
use crate::date::Date;
use crate::msg;
use serde::{Deserialize, Serialize};

/// Fields of a document besides the common ones.
pub const FIELDS: &[&str] = &[
    "number",
    "doc_type",
    "issuer",
    "issued",
    "signer",
    "signer_title",
    "effective",
    "effect",
    "replaces",
    "amends",
    "source_url",
];

/// An official document.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Document {
    /// Number and symbol (số, ký hiệu), e.g. `59/2023/NĐ-CP`.
    pub number: String,
    /// Type: Luật, Nghị định, Quyết định, Kế hoạch, Chương trình, Công văn…
    pub doc_type: String,
    /// Issuing body.
    pub issuer: String,
    /// Issue date.
    pub issued: Date,
    /// Who signed.
    #[serde(default)]
    pub signer: Option<String>,
    /// Capacity (TM., KT., TL. …).
    #[serde(default)]
    pub signer_title: Option<String>,
    /// Date it takes effect.
    #[serde(default)]
    pub effective: Option<Date>,
    /// Whether it is in force.
    #[serde(default)]
    pub effect: Effect,
    /// Identifiers of documents it replaces.
    #[serde(default)]
    pub replaces: Vec<String>,
    /// Identifiers of documents it amends.
    #[serde(default)]
    pub amends: Vec<String>,
    /// Where the official text is published (shown as text, never loaded).
    #[serde(default)]
    pub source_url: Option<String>,
}

/// Legal effect of a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Còn hiệu lực.
    #[default]
    InForce,
    /// Chưa có hiệu lực.
    NotYet,
    /// Hết hiệu lực một phần.
    PartlyExpired,
    /// Hết hiệu lực.
    Expired,
}

impl Document {
    /// Checks what the fields alone can tell.
    pub fn validate(&mut self, cx: &mut CheckContext) {
        let number = &self.number;
        if crate::identifier::parse(number).is_none() {
            cx.warning(
                "W0220",
                "number",
                msg!(
                    "số ký hiệu `{number}` không theo mẫu thường gặp",
                    "the document number `{number}` does not follow the usual patterns"
                ),
            )
            .help = Some(Box::new(msg!(
                "Mẫu: 59/2023/NĐ-CP, 72/KH-UBND, 08-CTr/QU.",
                "Patterns: 59/2023/NĐ-CP, 72/KH-UBND, 08-CTr/QU."
            )));
        }
        let issued = self.issued.short();
        if let Some(effective) = self.effective {
            if effective < self.issued {
                let effective = effective.short();
                cx.error(
                    "E0221",
                    "effective",
                    msg!(
                        "ngày có hiệu lực {effective} trước ngày ban hành {issued}",
                        "in force from {effective}, before it was issued on {issued}"
                    ),
                );
            }
        }
        if self.issued > cx.common.published {
            let published = cx.common.published.short();
            cx.error(
                "E0210",
                "issued",
                msg!(
                    "ngày ban hành {issued} sau ngày công khai {published}",
                    "issued on {issued}, after it was published on {published}"
                ),
            );
        }
    }
}
