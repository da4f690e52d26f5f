//! Funds and residents' contributions (Quỹ, khoản đóng góp): the community
//! decision, the ledger of receipts and expenses, and balances that must add up.

use super::{RowOrigin, TableRow};
use crate::date::Date;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A fund's report for one period.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Fund {
    /// Where the money comes from.
    pub source: FundSource,
    /// What it is for, e.g. "Nâng cấp hẻm 45".
    pub purpose: String,
    /// The residents' decision behind a contribution (Art. 15).
    #[serde(default)]
    pub decision: Option<CommunityDecision>,
    /// Level agreed per household.
    #[serde(default)]
    pub contribution_per_household: Option<Money>,
    /// First day of the reporting period.
    pub period_start: Date,
    /// Last day of the reporting period.
    pub period_end: Date,
    /// Balance at the start of the period.
    #[serde(default)]
    pub opening_balance: Money,
    /// Money received.
    #[serde(default)]
    pub receipts: Vec<Receipt>,
    /// A CSV file beside the record with more receipts.
    #[serde(default, skip_serializing)]
    pub receipts_csv: Option<String>,
    /// Money spent.
    #[serde(default)]
    pub expenses: Vec<Expense>,
    /// A CSV file beside the record with more expenses.
    #[serde(default, skip_serializing)]
    pub expenses_csv: Option<String>,
    /// Closing balance as declared by the editor; must equal the computed one.
    pub closing_balance: Money,
    /// Publish donors' names in full (only where the law requires it).
    #[serde(default)]
    pub publish_donors: bool,
    /// Computed by validation.
    #[serde(default, skip_deserializing)]
    pub totals: FundTotals,
    /// Set by the loader when rows of a CSV table could not be read: the
    /// balance is then not checked, as the totals are known to be short.
    #[serde(skip)]
    pub tables_incomplete: bool,
}

/// Computed figures of a fund.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct FundTotals {
    /// Sum of receipts.
    pub receipts: Money,
    /// Sum of expenses.
    pub expenses: Money,
    /// Opening + receipts − expenses.
    pub closing: Money,
}

/// Where a fund's money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FundSource {
    /// Residents' contribution decided under Art. 15.
    Contribution,
    /// Voluntary donations.
    Donation,
    /// Sponsorship by organisations.
    Sponsorship,
}

/// A decision taken by the households of an area.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommunityDecision {
    /// When it was taken.
    pub date: Date,
    /// Households of the area.
    pub households_total: u32,
    /// Households that agreed.
    pub households_agree: u32,
    /// The minutes or document recording it.
    #[serde(default)]
    pub document: Option<String>,
    /// Within one residential group (the default) or across the ward
    /// (Art. 21.1: then counted in residential groups).
    #[serde(default)]
    pub scope: DecisionScope,
    /// Residential groups of the ward, for a ward-wide decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups_total: Option<u32>,
    /// Residential groups that agreed, for a ward-wide decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups_agree: Option<u32>,
}

/// Where a community decision applies (Law 10/2022 Art. 21.1).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DecisionScope {
    /// One residential group (thôn, tổ dân phố): counted in households.
    #[default]
    Group,
    /// The whole ward or commune: counted in residential groups.
    Ward,
}

/// One receipt.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// When.
    pub date: Date,
    /// From whom; masked on the site unless published.
    pub from: String,
    /// How much.
    pub amount: Money,
    /// Voucher number.
    #[serde(default)]
    pub voucher: Option<String>,
    /// An organisation, whose name is not personal data.
    #[serde(default, deserialize_with = "super::deserialize_flag")]
    #[schemars(schema_with = "crate::schema::flag")]
    pub organisation: bool,
    /// The CSV row it came from, when it came from a table file.
    #[serde(skip)]
    pub origin: Option<RowOrigin>,
}

/// One expense.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expense {
    /// When.
    pub date: Date,
    /// What for.
    pub item: String,
    /// How much.
    pub amount: Money,
    /// Paid to.
    #[serde(default)]
    pub payee: Option<String>,
    /// Voucher number.
    #[serde(default)]
    pub voucher: Option<String>,
    /// The CSV row it came from, when it came from a table file.
    #[serde(skip)]
    pub origin: Option<RowOrigin>,
}

impl TableRow for Receipt {
    fn set_origin(&mut self, origin: RowOrigin) {
        self.origin = Some(origin);
    }
}

impl TableRow for Expense {
    fn set_origin(&mut self, origin: RowOrigin) {
        self.origin = Some(origin);
    }
}

impl Fund {
    /// Share of households that agreed, in percent, rounded down.
    pub fn agreement_percent(&self) -> Option<u32> {
        self.decision
            .as_ref()
            .filter(|d| d.households_total > 0)
            .map(|d| (u64::from(d.households_agree) * 100 / u64::from(d.households_total)) as u32)
    }
}
