//! The ward budget (Ngân sách xã, Art. 11 item 2; Circular 343/2016/TT-BTC
//! Art. 15–18): one disclosure of a stage of the budget year (the estimate
//! sent to the People's Council, the estimate it approved, execution per
//! quarter, half-year or year, the final accounts), its tables as rows with
//! an explicit hierarchy, and the follow-up of State Audit recommendations.

use crate::date::Date;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// One budget disclosure.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Budget {
    /// Which stage of the budget year this disclosure is.
    pub stage: BudgetStage,
    /// The budget year.
    pub fiscal_year: i32,
    /// For execution reports: the quarter, the first six months or the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<BudgetPeriod>,
    /// The document the disclosure rests on: the report sent to the Council
    /// delegates, the Council's resolution, or the execution report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<BudgetDecision>,
    /// The Circular 343 form the disclosure follows, e.g. `Biểu số 110/CK TC-NSNN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Balance of the budget (cân đối ngân sách).
    #[serde(default, skip_serializing)]
    pub balance: Vec<BudgetRow>,
    /// Revenue (thu ngân sách).
    #[serde(default, skip_serializing)]
    pub revenue: Vec<BudgetRow>,
    /// Expenditure (chi ngân sách).
    #[serde(default, skip_serializing)]
    pub expenditure: Vec<BudgetRow>,
    /// Development investment (chi đầu tư phát triển).
    #[serde(default, skip_serializing)]
    pub investment: Vec<BudgetRow>,
    /// Other financial activities (các hoạt động tài chính khác).
    #[serde(default, skip_serializing)]
    pub other_activities: Vec<BudgetRow>,
    /// State Audit recommendations and what was done about them.
    #[serde(default)]
    pub audit: Vec<AuditRecommendation>,
    /// Each table present, with its form and totals: computed by validation.
    #[serde(default, skip_deserializing)]
    pub tables: Vec<BudgetTableSummary>,
    /// Every row of every table, with its table, level and percentage:
    /// computed by validation, what the JSON and CSV carry.
    #[serde(default, skip_deserializing)]
    pub rows: Vec<BudgetLine>,
}

/// A table of a budget disclosure as published: its form and its totals
/// (the sum of its top-level rows, so nested rows are never counted twice).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BudgetTableSummary {
    /// Which table.
    pub table: BudgetTable,
    /// Its Circular 343 form at this stage, from the law data.
    pub form: Option<String>,
    /// Rows in it.
    pub rows: usize,
    /// Rows without a parent.
    pub top_rows: usize,
    /// Whether any row has an execution amount.
    pub has_execution: bool,
    /// Total estimate.
    pub estimate: Option<Money>,
    /// Total execution.
    pub execution: Option<Money>,
    /// Total execution as a percentage of the total estimate.
    pub percent: Option<f64>,
}

/// The stages of a budget year that are disclosed (Circular 343 Art. 15).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BudgetStage {
    /// Dự toán trình Hội đồng nhân dân (Art. 15.1).
    EstimateSubmitted,
    /// Dự toán đã được Hội đồng nhân dân quyết định (Art. 15.2).
    EstimateApproved,
    /// Tình hình thực hiện quý, 6 tháng, năm (Art. 15.3).
    Execution,
    /// Quyết toán đã được phê chuẩn (Art. 15.4).
    FinalAccounts,
}

impl BudgetStage {
    /// The name used in `law.toml` (`[budget_forms.<stage>]`).
    pub fn slug(self) -> &'static str {
        match self {
            BudgetStage::EstimateSubmitted => "estimate_submitted",
            BudgetStage::EstimateApproved => "estimate_approved",
            BudgetStage::Execution => "execution",
            BudgetStage::FinalAccounts => "final_accounts",
        }
    }

    /// The stage's Vietnamese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            BudgetStage::EstimateSubmitted => "dự toán trình Hội đồng nhân dân",
            BudgetStage::EstimateApproved => "dự toán đã được Hội đồng nhân dân quyết định",
            BudgetStage::Execution => "báo cáo tình hình thực hiện ngân sách",
            BudgetStage::FinalAccounts => "quyết toán ngân sách",
        }
    }
}

/// The period of an execution report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BudgetPeriod {
    /// Quý I.
    #[serde(alias = "Q1")]
    Q1,
    /// Quý II.
    #[serde(alias = "Q2")]
    Q2,
    /// Quý III.
    #[serde(alias = "Q3")]
    Q3,
    /// Quý IV.
    #[serde(alias = "Q4")]
    Q4,
    /// 06 tháng đầu năm.
    HalfYear,
    /// Cả năm.
    Year,
}

impl BudgetPeriod {
    /// The last day of the period in `year`.
    pub fn end(self, year: i32) -> Option<Date> {
        let (month, day) = match self {
            BudgetPeriod::Q1 => (3, 31),
            BudgetPeriod::Q2 | BudgetPeriod::HalfYear => (6, 30),
            BudgetPeriod::Q3 => (9, 30),
            BudgetPeriod::Q4 | BudgetPeriod::Year => (12, 31),
        };
        Date::new(year, month, day)
    }

    /// The period's Vietnamese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            BudgetPeriod::Q1 => "quý I",
            BudgetPeriod::Q2 => "quý II",
            BudgetPeriod::Q3 => "quý III",
            BudgetPeriod::Q4 => "quý IV",
            BudgetPeriod::HalfYear => "6 tháng đầu năm",
            BudgetPeriod::Year => "cả năm",
        }
    }
}

/// The document a budget disclosure rests on.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetDecision {
    /// Number and symbol, e.g. `12/NQ-HĐND`.
    pub number: String,
    /// Its date: for the estimate sent to the Council, the day it was sent
    /// to the delegates; otherwise the day it was issued.
    pub date: Date,
    /// Who issued it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

/// The tables of a budget disclosure (Circular 343 forms 103–120).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BudgetTable {
    /// Cân đối ngân sách xã.
    Balance,
    /// Thu ngân sách xã.
    Revenue,
    /// Chi ngân sách xã.
    Expenditure,
    /// Chi đầu tư phát triển.
    Investment,
    /// Thu, chi các hoạt động tài chính khác.
    OtherActivities,
}

impl BudgetTable {
    /// The tables in the order of the forms.
    pub const ALL: [BudgetTable; 5] = [
        BudgetTable::Balance,
        BudgetTable::Revenue,
        BudgetTable::Expenditure,
        BudgetTable::Investment,
        BudgetTable::OtherActivities,
    ];

    /// The field the table is written under.
    pub fn field(self) -> &'static str {
        match self {
            BudgetTable::Balance => "balance",
            BudgetTable::Revenue => "revenue",
            BudgetTable::Expenditure => "expenditure",
            BudgetTable::Investment => "investment",
            BudgetTable::OtherActivities => "other_activities",
        }
    }

    /// The table's Vietnamese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            BudgetTable::Balance => "bảng cân đối",
            BudgetTable::Revenue => "bảng thu",
            BudgetTable::Expenditure => "bảng chi",
            BudgetTable::Investment => "bảng chi đầu tư phát triển",
            BudgetTable::OtherActivities => "bảng hoạt động tài chính khác",
        }
    }
}

/// One row of a budget table, as written.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetRow {
    /// Its code in the table (`A`, `I`, `1`, `1.1`), unique in the table.
    pub code: String,
    /// The code of the row it belongs to; none for a top-level row.
    #[serde(default)]
    pub parent: Option<String>,
    /// What it is.
    pub name: String,
    /// Unit; amounts are whole đồng.
    #[serde(default)]
    pub unit: Option<String>,
    /// A "trong đó" row: part of its parent, not one of the parts that add
    /// up to it.
    #[serde(default, deserialize_with = "super::deserialize_flag")]
    #[schemars(schema_with = "crate::schema::flag")]
    pub of_which: bool,
    /// On the balance table: the table whose total this row is.
    #[serde(default)]
    pub total_of: Option<BudgetTable>,
    /// The estimate (dự toán).
    #[serde(default)]
    pub estimate: Option<Money>,
    /// Execution or final accounts (thực hiện, quyết toán).
    #[serde(default)]
    pub execution: Option<Money>,
}

/// A row as published: its table, its depth, its percentage.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BudgetLine {
    /// The table it is in.
    pub table: BudgetTable,
    /// Its code.
    pub code: String,
    /// Its parent's code.
    pub parent: Option<String>,
    /// What it is.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Depth in the hierarchy, 0 for a top-level row.
    pub level: u32,
    /// A "trong đó" row.
    pub of_which: bool,
    /// Estimate, đồng.
    pub estimate: Option<Money>,
    /// Execution or final accounts, đồng.
    pub execution: Option<Money>,
    /// Execution as a percentage of the estimate, to one decimal.
    pub percent: Option<f64>,
}

/// What was done about a State Audit recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    /// Chưa thực hiện.
    NotStarted,
    /// Đang thực hiện.
    InProgress,
    /// Đã thực hiện xong.
    Done,
}

/// A State Audit recommendation and its follow-up.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditRecommendation {
    /// The recommendation.
    pub recommendation: String,
    /// The audit report it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it stands.
    pub status: AuditStatus,
    /// What was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Amount concerned (to recover, to reduce), đồng.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

impl Budget {
    /// The rows of `table`, as written.
    pub fn table(&self, table: BudgetTable) -> &[BudgetRow] {
        match table {
            BudgetTable::Balance => &self.balance,
            BudgetTable::Revenue => &self.revenue,
            BudgetTable::Expenditure => &self.expenditure,
            BudgetTable::Investment => &self.investment,
            BudgetTable::OtherActivities => &self.other_activities,
        }
    }

    /// The last day of the period an execution report covers.
    pub fn period_end(&self) -> Option<Date> {
        self.period?.end(self.fiscal_year)
    }

    /// The total of `table`, estimate and execution: the sum of its
    /// top-level rows only, so nested rows are never counted twice; `None`
    /// for a column no top-level row fills, or on overflow.
    pub fn total(&self, table: BudgetTable) -> (Option<Money>, Option<Money>) {
        let top = || self.table(table).iter().filter(|r| r.parent.is_none());
        let sum = |values: Vec<Money>| {
            if values.is_empty() {
                None
            } else {
                Money::checked_sum(values)
            }
        };
        (
            sum(top().filter_map(|r| r.estimate).collect()),
            sum(top().filter_map(|r| r.execution).collect()),
        )
    }

    /// Whether any row of `table` has an execution amount.
    pub fn has_execution(&self, table: BudgetTable) -> bool {
        self.table(table).iter().any(|r| r.execution.is_some())
    }

    /// The published rows of `table`, in order.
    pub fn lines(&self, table: BudgetTable) -> impl Iterator<Item = &BudgetLine> {
        self.rows.iter().filter(move |l| l.table == table)
    }
}

/// `part` as a percentage of `whole` in tenths, rounded half up; `None`
/// when `whole` is zero.
pub fn percent_tenths(part: Money, whole: Money) -> Option<i64> {
    if whole.0 == 0 {
        return None;
    }
    let scaled = i128::from(part.0) * 1000;
    let whole = i128::from(whole.0);
    let q = (2 * scaled + whole) / (2 * whole);
    i64::try_from(q).ok()
}

/// Tenths of a percent in Vietnamese: `98,5`.
pub fn percent_display(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.abs();
    format!("{sign}{},{}", crate::money::group_thousands(t / 10), t % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up_to_tenths() {
        assert_eq!(percent_tenths(Money(1), Money(3)), Some(333));
        assert_eq!(percent_tenths(Money(2), Money(3)), Some(667));
        assert_eq!(percent_tenths(Money(985), Money(1000)), Some(985));
        assert_eq!(percent_tenths(Money(5), Money(0)), None);
        assert_eq!(percent_display(985), "98,5");
        assert_eq!(percent_display(12345), "1.234,5");
    }

    fn row(code: &str, parent: Option<&str>, estimate: i64) -> BudgetRow {
        BudgetRow {
            code: code.into(),
            parent: parent.map(str::to_string),
            name: code.into(),
            unit: None,
            of_which: false,
            total_of: None,
            estimate: Some(Money(estimate)),
            execution: None,
        }
    }

    #[test]
    fn a_table_total_adds_only_its_top_level_rows() {
        let b = Budget {
            stage: BudgetStage::EstimateApproved,
            fiscal_year: 2026,
            period: None,
            decision: None,
            form: None,
            balance: Vec::new(),
            revenue: vec![
                row("I", None, 400),
                row("I.1", Some("I"), 150),
                row("I.2", Some("I"), 250),
                row("II", None, 600),
            ],
            expenditure: Vec::new(),
            investment: Vec::new(),
            other_activities: Vec::new(),
            audit: Vec::new(),
            tables: Vec::new(),
            rows: Vec::new(),
        };
        assert_eq!(b.total(BudgetTable::Revenue), (Some(Money(1000)), None));
        assert_eq!(b.total(BudgetTable::Expenditure), (None, None));
    }

    #[test]
    fn period_ends() {
        assert_eq!(BudgetPeriod::Q1.end(2026), Date::new(2026, 3, 31));
        assert_eq!(BudgetPeriod::HalfYear.end(2026), Date::new(2026, 6, 30));
        assert_eq!(BudgetPeriod::Q4.end(2026), Date::new(2026, 12, 31));
    }
}
