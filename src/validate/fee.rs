//! The rules of a `fee` record on its own (Art. 11.12): a schedule with
//! rows, each with a positive rate and its legal basis, no name twice, and
//! dates of effect in order.

use super::CheckContext;
use crate::model::fee::FeeSchedule;
use crate::msg;

/// Checks the rows and the dates of effect.
pub(super) fn check(x: &mut FeeSchedule, cx: &mut CheckContext) {
    if let Some(until) = x.effective_until {
        if until < x.effective_from {
            let (until, from) = (until.short(), x.effective_from.short());
            cx.error(
                "E0484",
                "effective_until",
                msg!(
                    "mức thu hết áp dụng ngày {until}, trước ngày bắt đầu áp dụng {from}",
                    "the rates stop applying on {until}, before they start on {from}"
                ),
            );
        }
    }
    if x.fees.is_empty() {
        cx.error(
            "E0480",
            "fees",
            msg!(
                "biểu phí, lệ phí chưa có dòng nào (`fees`)",
                "the schedule has no rows (`fees`)"
            ),
        )
        .help = Some(Box::new(msg!(
            "Mỗi khoản một dòng `- {{name, fee_kind, legal_basis, unit, rate}}`.",
            "One `- {{name, fee_kind, legal_basis, unit, rate}}` per row."
        )));
        return;
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, f) in x.fees.iter().enumerate() {
        let name = &f.name;
        if f.rate.0 <= 0 {
            cx.item_error(
                "E0481",
                "fees",
                i,
                msg!(
                    "“{name}”: mức thu phải lớn hơn 0; khoản được miễn thì ghi ở `exempt`, khoản không thu thì bỏ dòng",
                    "“{name}”: the rate must be more than 0; write who is exempt in `exempt`, and leave out what is not collected"
                ),
            );
        }
        if f.legal_basis.trim().is_empty() {
            cx.item_error(
                "E0482",
                "fees",
                i,
                msg!(
                    "“{name}”: chưa ghi văn bản quy định mức thu (`legal_basis`, số ký hiệu, ví dụ 85/2019/TT-BTC)",
                    "“{name}”: the document that sets the rate is missing (`legal_basis`, its identifier, e.g. 85/2019/TT-BTC)"
                ),
            );
        }
        let key = crate::text::fold(name.trim());
        match seen.get(&key) {
            Some(&first) => {
                let first_line = cx.source.item_line("fees", first);
                cx.item_error(
                    "E0483",
                    "fees",
                    i,
                    msg!(
                        "“{name}” đã có ở dòng {first_line}: mỗi khoản chỉ ghi một lần; mức khác nhau theo đối tượng thì ghi rõ trong tên",
                        "“{name}” is already on line {first_line}: each amount is listed once; rates that differ by payer say so in the name"
                    ),
                );
            }
            None => {
                seen.insert(key, i);
            }
        }
    }
}
