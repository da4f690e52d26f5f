//! The rules of a `fund` record on its own.

use super::CheckContext;
use crate::model::fund::{CommunityDecision, DecisionScope, Fund, FundSource, FundTotals};
use crate::money::Money;
use crate::msg;

/// Computes totals and checks that the ledger adds up.
pub(super) fn check(fund: &mut Fund, cx: &mut CheckContext) {
    let (start, end) = (fund.period_start.short(), fund.period_end.short());
    if fund.period_end < fund.period_start {
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
            fund.receipts
                .iter()
                .map(|r| (r.date, r.origin.clone()))
                .collect::<Vec<_>>(),
        ),
        (
            "expenses",
            fund.expenses
                .iter()
                .map(|e| (e.date, e.origin.clone()))
                .collect(),
        ),
    ];
    for (field, dates) in rows {
        for (i, (d, origin)) in dates.into_iter().enumerate() {
            if d < fund.period_start || d > fund.period_end {
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
    let receipts = Money::checked_sum(fund.receipts.iter().map(|r| r.amount));
    let expenses = Money::checked_sum(fund.expenses.iter().map(|e| e.amount));
    let closing = match (receipts, expenses) {
        (Some(r), Some(e)) => fund
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
    fund.totals = FundTotals {
        receipts,
        expenses,
        closing,
    };
    let opening = fund.opening_balance;
    let balance_known = !fund.tables_incomplete;
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
    if balance_known && closing != fund.closing_balance {
        let declared = fund.closing_balance;
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
    if balance_known && closing.0 >= 0 {
        check_running_balance(fund, cx);
    }
    check_repeated_payers(fund, cx);
    if let Some(decision) = &fund.decision {
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
        } else if fund.source == FundSource::Contribution {
            check_threshold(decision, cx);
        }
    } else if fund.source == FundSource::Contribution {
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

/// The balance day by day (receipts of a day before its expenses) never
/// goes below zero: money cannot be spent before it is received. Reported
/// once, at the first expense that overdraws.
fn check_running_balance(fund: &Fund, cx: &mut CheckContext) {
    let mut events: Vec<(crate::date::Date, u8, usize)> = fund
        .receipts
        .iter()
        .enumerate()
        .map(|(i, r)| (r.date, 0, i))
        .chain(
            fund.expenses
                .iter()
                .enumerate()
                .map(|(i, e)| (e.date, 1, i)),
        )
        .collect();
    events.sort();
    let mut balance = fund.opening_balance.0;
    for (date, is_expense, i) in events {
        if is_expense == 0 {
            balance = balance.saturating_add(fund.receipts[i].amount.0);
            continue;
        }
        let e = &fund.expenses[i];
        balance = balance.saturating_sub(e.amount.0);
        if balance < 0 {
            let (day, amount, short) = (date.short(), e.amount, Money(balance.saturating_neg()));
            let d = cx.row_error(
                "W0249",
                "expenses",
                i,
                e.origin.as_ref(),
                msg!(
                    "ngày {day} chi {amount} khi quỹ chưa có đủ tiền: số dư xuống dưới 0 (thiếu {short}); kiểm tra ngày của các khoản thu, chi",
                    "on {day} {amount} is spent before the fund holds it: the balance goes below zero (short by {short}); check the dates of receipts and expenses"
                ),
            );
            d.severity = crate::diagnostics::Severity::Warning;
            return;
        }
    }
}

/// The same payer twice in one period is worth a look (a double entry, or
/// two households written alike): a note at the second receipt.
fn check_repeated_payers(fund: &Fund, cx: &mut CheckContext) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, r) in fund.receipts.iter().enumerate() {
        let key = crate::text::fold(r.from.trim());
        if key.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(&key) {
            let first_date = fund.receipts[first].date.short();
            let d = cx.row_error(
                "N0238",
                "receipts",
                i,
                r.origin.as_ref(),
                msg!(
                    "người nộp này đã có một khoản thu ngày {first_date} trong cùng kỳ; kiểm tra có ghi trùng không",
                    "this payer already has a receipt on {first_date} in the same period; check it is not entered twice"
                ),
            );
            d.severity = crate::diagnostics::Severity::Note;
        } else {
            seen.insert(key, i);
        }
    }
}

/// Art. 21.1: a contribution (Art. 15.1–15.2) passes with at least two thirds
/// of the group's household representatives, or, ward-wide, of the
/// residential groups; the shares come from `[thresholds]` of the law data.
fn check_threshold(decision: &CommunityDecision, cx: &mut CheckContext) {
    let thresholds = &cx.config.law.thresholds;
    match decision.scope {
        DecisionScope::Group => {
            let (agree, total) = (decision.households_agree, decision.households_total);
            let t = &thresholds.contribution_group;
            if !t.passes(agree, total) {
                let (needed, share, basis) = (t.needed(total), t.share_text(), &t.basis);
                cx.error(
                    "E0246",
                    "decision",
                    msg!(
                        "khoản đóng góp chỉ được {agree}/{total} đại diện hộ gia đình tán thành, chưa đạt {share} (cần ít nhất {needed} hộ; {basis})",
                        "the contribution was agreed by {agree} of {total} household representatives, short of {share} (at least {needed} needed; {basis})"
                    ),
                );
            }
        }
        DecisionScope::Ward => {
            let (Some(agree), Some(total)) = (decision.groups_agree, decision.groups_total) else {
                cx.error(
                    "E0247",
                    "decision",
                    msg!(
                        "quyết định phạm vi toàn phường cần `groups_total` và `groups_agree` (số tổ dân phố, số tổ tán thành)",
                        "a ward-wide decision needs `groups_total` and `groups_agree` (residential groups, and how many agreed)"
                    ),
                );
                return;
            };
            if agree > total {
                cx.error(
                    "E0245",
                    "decision",
                    msg!(
                        "số tổ dân phố tán thành ({agree}) lớn hơn tổng số tổ ({total})",
                        "more residential groups agree ({agree}) than there are groups ({total})"
                    ),
                );
                return;
            }
            let t = &thresholds.contribution_ward;
            if !t.passes(agree, total) {
                let (needed, share, basis) = (t.needed(total), t.share_text(), &t.basis);
                cx.error(
                    "E0246",
                    "decision",
                    msg!(
                        "khoản đóng góp toàn phường chỉ được {agree}/{total} tổ dân phố tán thành, chưa đạt {share} (cần ít nhất {needed} tổ; {basis})",
                        "the ward-wide contribution was agreed by {agree} of {total} residential groups, short of {share} (at least {needed} needed; {basis})"
                    ),
                );
            }
        }
    }
}
