//! Records as JSON: the typed [`Record`] as serde writes it (names already
//! masked by the link stage, totals already computed), with `schema_version`
//! first. [`super::record`] writes it, in the walk that also makes the
//! record's tables.

use crate::model::{Record, Ward};
use serde::Serialize;

/// Version of the layout of the JSON and CSV files; raised when a field is
/// renamed or removed (added fields keep it).
pub const SCHEMA_VERSION: u32 = 1;

/// One record as its JSON file holds it.
#[derive(Serialize)]
pub struct RecordJson<'a> {
    /// Layout version, always first.
    pub schema_version: u32,
    /// The ward's official code.
    pub ward: &'a str,
    /// The record, as typed (its Markdown body is the page's text, not
    /// data: the model does not serialise it).
    #[serde(flatten)]
    pub record: &'a Record,
}

impl<'a> RecordJson<'a> {
    /// The JSON view of `r` in `ward`.
    pub fn of(ward: &'a Ward, r: &'a Record) -> RecordJson<'a> {
        RecordJson {
            schema_version: SCHEMA_VERSION,
            ward: &ward.profile.code,
            record: r,
        }
    }
}
