//! The rules of a `fund` record on its own.

use super::CheckContext;
use crate::model::fund::{Fund, FundSource, FundTotals};
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
        } else if fund.source == FundSource::Contribution
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
