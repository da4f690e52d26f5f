//! The rules of a `support` record on its own (Art. 11.7): the review
//! meeting's counts agree with the list, no one is listed twice, the dates
//! run in order (meeting, decision, disclosure); totals computed.

use super::CheckContext;
use crate::model::support::{BeneficiaryStatus, Support, SupportTotals};
use crate::money::Money;
use crate::msg;
use std::collections::BTreeMap;

/// Computes the totals and checks the selection and the list.
pub(super) fn check(support: &mut Support, cx: &mut CheckContext) {
    super::kinds::refuse_typed_totals(cx);
    super::kinds::loudspeaker_form(cx);
    let sel = &support.selection;
    let (proposed, approved) = (sel.proposed, sel.approved);
    if approved > proposed {
        cx.error(
            "E0436",
            "selection",
            msg!(
                "số được bình xét ({approved}) lớn hơn số được đề nghị ({proposed})",
                "more approved ({approved}) than proposed ({proposed}) at the review meeting"
            ),
        );
    }
    let listed = support.beneficiaries.len();
    if usize::try_from(approved).ok() != Some(listed) {
        cx.error(
            "E0435",
            "selection",
            msg!(
                "họp bình xét ghi {approved} được bình xét nhưng danh sách `beneficiaries` có {listed} dòng",
                "the review meeting approved {approved} but the `beneficiaries` list has {listed} lines"
            ),
        )
        .help = Some(Box::new(msg!(
            "Số được bình xét phải bằng số dòng của danh sách công khai: sửa `selection.approved` hoặc bổ sung danh sách.",
            "The number approved must equal the lines of the published list: correct `selection.approved` or complete the list."
        )));
    }
    let meeting = sel.meeting_date;
    let published = cx.common.published;
    if let Some(d) = &support.decision {
        if d.date < meeting {
            let (decided, met, number) = (d.date.short(), meeting.short(), &d.number);
            cx.error(
                "E0433",
                "decision",
                msg!(
                    "quyết định {number} ngày {decided} trước ngày họp bình xét {met}: danh sách được phê duyệt sau khi bình xét",
                    "decision {number} of {decided} is before the review meeting on {met}: the list is approved after the review"
                ),
            );
        }
    } else if meeting > published {
        let (met, shown) = (meeting.short(), published.short());
        cx.error(
            "E0433",
            "selection",
            msg!(
                "ngày họp bình xét {met} sau ngày công khai {shown}",
                "the review meeting on {met} is after the disclosure on {shown}"
            ),
        );
    }
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, b) in support.beneficiaries.iter().enumerate() {
        let key = (
            crate::text::fold(&b.head.split_whitespace().collect::<Vec<_>>().join(" ")),
            crate::text::fold(b.group.trim()),
        );
        if let Some(first) = seen.insert(key, i) {
            let (first, group) = (first + 1, &b.group);
            cx.item_error(
                "E0434",
                "beneficiaries",
                i,
                msg!(
                    "dòng trùng với dòng {first} của `beneficiaries` (cùng chủ hộ, cùng {group})",
                    "this line repeats line {first} of `beneficiaries` (same head of household, same {group})"
                ),
            )
            .help = Some(Box::new(msg!(
                "Mỗi hộ một dòng; hỗ trợ nhiều lần thì cộng vào `amount` hoặc ghi ở `support`.",
                "One line per household; support given several times goes into `amount` or `support`."
            )));
        }
    }
    let amount = Money::checked_sum(support.beneficiaries.iter().map(|b| b.amount));
    let received = Money::checked_sum(
        support
            .beneficiaries
            .iter()
            .filter(|b| b.status == BeneficiaryStatus::Received)
            .map(|b| b.amount),
    );
    let (Some(amount), Some(received)) = (amount, received) else {
        super::kinds::overflow(cx, "beneficiaries");
        return;
    };
    support.totals = SupportTotals {
        beneficiaries: listed,
        amount,
        received,
    };
}
