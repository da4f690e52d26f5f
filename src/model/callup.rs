//! Military service and People's Public Security call-up (Gọi nhập ngũ,
//! Art. 11.9 of Law 10/2022): the year, the quota, the criteria, the counts
//! of eligible, deferred and exempt citizens, and the list of citizens
//! called with their unit and date. Totals are computed.

use super::support::DecisionRef;
use crate::date::Date;
use serde::{Deserialize, Serialize};

/// A call-up year in the ward.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Callup {
    /// Military service or service in the People's Public Security.
    pub service: CallupService,
    /// The call-up year.
    pub year: i32,
    /// Citizens the ward must provide (chỉ tiêu giao).
    pub quota: u32,
    /// Standards of those called (tiêu chuẩn).
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Citizens found eligible (đủ điều kiện).
    pub eligible: u32,
    /// Citizens whose call-up is deferred (tạm hoãn).
    #[serde(default)]
    pub deferred: u32,
    /// Citizens exempt (miễn gọi).
    #[serde(default)]
    pub exempt: u32,
    /// The call-up decision.
    #[serde(default)]
    pub decision: Option<DecisionRef>,
    /// The citizens called.
    #[serde(default)]
    pub called: Vec<Conscript>,
    /// Computed by validation. A typed `totals` is a known key whose value
    /// is dropped: the kind's rule refuses it with its own diagnostic (E0439).
    #[serde(default, deserialize_with = "super::computed")]
    #[schemars(skip_deserializing)]
    pub totals: CallupTotals,
}

/// Which service citizens are called to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CallupService {
    /// Nghĩa vụ quân sự (Law on Military Service 78/2015/QH13).
    Military,
    /// Nghĩa vụ tham gia Công an nhân dân (Decree 70/2019/NĐ-CP).
    Police,
}

/// One citizen called.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conscript {
    /// Full name; masked unless published.
    pub name: String,
    /// Year of birth.
    pub birth_year: i32,
    /// Residential group (tổ dân phố, khu phố, ấp).
    pub group: String,
    /// The receiving unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// The day of enlistment (ngày giao, nhận quân).
    pub date: Date,
}

/// Computed figures of a call-up.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct CallupTotals {
    /// Citizens called.
    pub called: usize,
    /// Quota minus those called (negative when more were called).
    pub short_of_quota: i64,
}
