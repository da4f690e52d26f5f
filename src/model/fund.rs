//! Funds and residents' contributions (Quỹ, khoản đóng góp): the community
//! decision, the ledger of receipts and expenses, and balances that must add up.

use super::{CheckContext, RowOrigin, TableRow};
use crate::date::Date;
use crate::money::Money;
use crate::msg;
use serde::{Deserialize, Serialize};

/// Fields of a fund besides the common ones.
pub const FIELDS: &[&str] = &[
    "source",
    "purpose",
    "decision",
    "contribution_per_household",
    "period_start",
    "period_end",
    "opening_balance",
    "receipts",
    "receipts_csv",
    "expenses",
    "expenses_csv",
    "closing_balance",
    "publish_donors",
];

/// A fund's report for one period.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FundTotals {
    /// Sum of receipts.
    pub receipts: Money,
    /// Sum of expenses.
    pub expenses: Money,
    /// Opening + receipts − expenses.
    pub closing: Money,
}

/// Where a fund's money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
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
}

/// One receipt.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    pub organisation: bool,
    /// The CSV row it came from, when it came from a table file.
    #[serde(skip)]
    pub origin: Option<RowOrigin>,
}

/// One expense.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    /// Computes totals and checks that the ledger adds up.
    pub fn validate(&mut self, cx: &mut CheckContext) {
        let (start, end) = (self.period_start.short(), self.period_end.short());
        if self.period_end < self.period_start {
            cx.error(
                "E0240",
                "period_end",
                msg!(
                    "kỳ báo cáo kết thúc ({end}) trước khi bắt đầu ({start})",
                    "the reporting period ends ({end}) before it starts ({start})"
                ),
            );
        }
        let rows = [
            (
                "receipts",
                self.receipts
                    .iter()
                    .map(|r| (r.date, r.origin.clone()))
                    .collect::<Vec<_>>(),
            ),
            (
                "expenses",
                self.expenses
                    .iter()
                    .map(|e| (e.date, e.origin.clone()))
                    .collect(),
            ),
        ];
        for (field, dates) in rows {
            for (i, (d, origin)) in dates.into_iter().enumerate() {
                if d < self.period_start || d > self.period_end {
                    let day = d.short();
                    cx.row_error(
                        "E0241",
                        field,
                        i,
                        origin.as_ref(),
                        msg!(
                            "ngày {day} nằm ngoài kỳ báo cáo {start} – {end}",
                            "the date {day} is outside the reporting period {start} – {end}"
                        ),
                    );
                }
            }
        }
        let receipts = Money::checked_sum(self.receipts.iter().map(|r| r.amount));
        let expenses = Money::checked_sum(self.expenses.iter().map(|e| e.amount));
        let closing = match (receipts, expenses) {
            (Some(r), Some(e)) => self
                .opening_balance
                .checked_add(r)
                .and_then(|x| x.checked_sub(e)),
            _ => None,
        };
        let (Some(receipts), Some(expenses), Some(closing)) = (receipts, expenses, closing) else {
            cx.error(
                "E0242",
                "closing_balance",
                msg!(
                    "tổng thu chi vượt quá giới hạn tính toán (hơn 9 tỷ tỷ đồng): có số tiền bị gõ thừa chữ số",
                    "the sums of receipts and expenses overflow (over 9 quintillion đồng): an amount has too many digits"
                ),
            );
            return;
        };
        self.totals = FundTotals {
            receipts,
            expenses,
            closing,
        };
        let opening = self.opening_balance;
        let balance_known = !self.tables_incomplete;
        if balance_known && closing.0 < 0 {
            let available = Money(opening.0.saturating_add(receipts.0));
            cx.error(
                "E0243",
                "expenses",
                msg!(
                    "tổng chi {expenses} vượt quá số dư đầu kỳ cộng tổng thu ({available})",
                    "total expenses {expenses} exceed the opening balance plus receipts ({available})"
                ),
            );
        }
        if balance_known && closing != self.closing_balance {
            let declared = self.closing_balance;
            let diff = Money(declared.0.saturating_sub(closing.0).saturating_abs());
            cx.error(
                "E0244",
                "closing_balance",
                msg!(
                    "số dư cuối kỳ ghi {declared} nhưng tính được {closing} (đầu kỳ {opening} + thu {receipts} − chi {expenses}); chênh lệch {diff}",
                    "the closing balance says {declared} but the ledger gives {closing} (opening {opening} + receipts {receipts} − expenses {expenses}); difference {diff}"
                ),
            )
            .help = Some(Box::new(msg!(
                "Kiểm tra lại các khoản thu, chi hoặc sửa `closing_balance: {closing}`.",
                "Check the receipts and expenses, or set `closing_balance: {closing}`."
            )));
        }
        if let Some(decision) = &self.decision {
            let (agree, total) = (decision.households_agree, decision.households_total);
            if agree > total {
                cx.error(
                    "E0245",
                    "decision",
                    msg!(
                        "số hộ đồng ý ({agree}) lớn hơn tổng số hộ ({total})",
                        "more households agree ({agree}) than there are households ({total})"
                    ),
                );
            } else if self.source == FundSource::Contribution
                && u64::from(agree) * 3 < u64::from(total) * 2
            {
                let needed = (u64::from(total) * 2).div_ceil(3);
                cx.error(
                    "E0246",
                    "decision",
                    msg!(
                        "khoản đóng góp chỉ được {agree}/{total} hộ đồng ý, chưa đạt 2/3 số hộ (cần ít nhất {needed} hộ; Điều 15, 16 Luật 10/2022/QH15)",
                        "the contribution was agreed by {agree} of {total} households, fewer than two thirds (at least {needed} needed; Art. 15, 16 of Law 10/2022/QH15)"
                    ),
                );
            }
        } else if self.source == FundSource::Contribution {
            cx.error(
                "E0247",
                "source",
                msg!(
                    "khoản đóng góp của Nhân dân cần có quyết định của cộng đồng (`decision`)",
                    "a residents' contribution needs the community's decision (`decision`)"
                ),
            )
            .help = Some(Box::new(msg!(
                "Thêm `decision:` với ngày, tổng số hộ và số hộ đồng ý.",
                "Add `decision:` with the date, the number of households and how many agreed."
            )));
        }
    }

    /// Share of households that agreed, in percent, rounded down.
    pub fn agreement_percent(&self) -> Option<u32> {
        self.decision
            .as_ref()
            .filter(|d| d.households_total > 0)
            .map(|d| (u64::from(d.households_agree) * 100 / u64::from(d.households_total)) as u32)
    }
}
