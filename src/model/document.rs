//! Documents (Văn bản): identifier, issuer, date, summary, signer and effect.
//! Documents in the repository's shared folder belong to every ward.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// An official document.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
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
