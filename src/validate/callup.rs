//! The rules of a `callup` record on its own (Art. 11.9): the counts agree
//! (no more called than eligible, the quota met), no one is listed twice,
//! enlistment follows the decision in the call-up year, ages within the
//! law's range (`[callup]` of the law data); totals computed.

use super::CheckContext;
use crate::model::callup::{Callup, CallupTotals};
use crate::msg;
use std::collections::BTreeMap;

/// Computes the totals and checks the counts and the list.
pub(super) fn check(callup: &mut Callup, cx: &mut CheckContext) {
    super::kinds::refuse_typed_totals(cx);
    super::kinds::loudspeaker_form(cx);
    let called = callup.called.len();
    let (quota, eligible, year) = (callup.quota, callup.eligible, callup.year);
    if u64::try_from(called).unwrap_or(u64::MAX) > u64::from(eligible) {
        cx.error(
            "E0437",
            "eligible",
            msg!(
                "danh sách gọi nhập ngũ có {called} công dân, nhiều hơn số đủ điều kiện ({eligible})",
                "{called} citizens are called, more than the {eligible} found eligible"
            ),
        );
    }
    if usize::try_from(quota).ok() != Some(called) && !callup.called.is_empty() {
        cx.warning(
            "W0440",
            "quota",
            msg!(
                "chỉ tiêu giao {quota} công dân, danh sách gọi nhập ngũ có {called}",
                "the quota is {quota} citizens; {called} are on the call-up list"
            ),
        )
        .help = Some(Box::new(msg!(
            "Kiểm tra lại danh sách, hoặc ghi lý do chênh lệch trong phần nội dung.",
            "Check the list, or give the reason for the difference in the body."
        )));
    }
    let rule = &cx.config.law.callup;
    let (min_age, max_age, basis) = (rule.min_age, rule.max_age, rule.basis.clone());
    let decided = callup.decision.as_ref().map(|d| (d.date, d.number.clone()));
    let mut seen: BTreeMap<(String, i32, String), usize> = BTreeMap::new();
    for (i, p) in callup.called.iter().enumerate() {
        let day = p.date.short();
        if p.date.year() != year {
            cx.item_error(
                "E0433",
                "called",
                i,
                msg!(
                    "ngày nhập ngũ {day} không thuộc năm gọi nhập ngũ {year}",
                    "the enlistment on {day} is not in the call-up year {year}"
                ),
            );
        } else if let Some((d, number)) = decided.as_ref().filter(|(d, _)| *d > p.date) {
            let decided = d.short();
            cx.item_error(
                "E0433",
                "called",
                i,
                msg!(
                    "ngày nhập ngũ {day} trước quyết định gọi nhập ngũ {number} ngày {decided}",
                    "the enlistment on {day} is before the call-up decision {number} of {decided}"
                ),
            );
        }
        // The age reached in the call-up year: someone who reaches
        // `max_age + 1` that year may still be `max_age` on the day.
        let age = i64::from(year) - i64::from(p.birth_year);
        if age < i64::from(min_age) || age > i64::from(max_age) + 1 {
            let born = p.birth_year;
            cx.item_error(
                "W0443",
                "called",
                i,
                msg!(
                    "sinh năm {born}, năm {year} tròn {age} tuổi: ngoài độ tuổi gọi nhập ngũ từ đủ {min_age} đến hết {max_age} tuổi ({basis})",
                    "born in {born}, {age} in {year}: outside the call-up ages from {min_age} to the end of {max_age} ({basis})"
                ),
            )
            .severity = crate::diagnostics::Severity::Warning;
        }
        let key = (
            crate::text::fold(&p.name.split_whitespace().collect::<Vec<_>>().join(" ")),
            p.birth_year,
            crate::text::fold(p.group.trim()),
        );
        if let Some(first) = seen.insert(key, i) {
            let first = first + 1;
            cx.item_error(
                "E0434",
                "called",
                i,
                msg!(
                    "dòng trùng với dòng {first} của `called` (cùng họ tên, năm sinh, khu dân cư)",
                    "this line repeats line {first} of `called` (same name, birth year and residential group)"
                ),
            );
        }
    }
    callup.totals = CallupTotals {
        called,
        short_of_quota: i64::from(quota) - i64::try_from(called).unwrap_or(i64::MAX),
    };
}
