//! The rules of a `land` record on its own.

use super::CheckContext;
use crate::model::land::{Land, LandStage, LandTotals};
use crate::money::Money;
use crate::msg;

/// Computes totals and checks each parcel's total and the posting period.
pub(super) fn check(land: &mut Land, cx: &mut CheckContext) {
    let mut t = LandTotals::default();
    let mut overflow = false;
    for (i, p) in land.parcels.iter().enumerate() {
        let (parcel, sheet) = (&p.parcel_no, &p.map_sheet);
        let Some(sum) = p.computed_total() else {
            cx.row_error(
                "E0242",
                "parcels",
                i,
                p.origin.as_ref(),
                msg!(
                    "thửa {parcel} tờ {sheet}: tổng các khoản bồi thường vượt quá giới hạn tính toán",
                    "parcel {parcel}, sheet {sheet}: the compensation amounts overflow when added"
                ),
            );
            overflow = true;
            continue;
        };
        if let Some(declared) = p.total {
            if declared != sum {
                cx.row_error(
                    "E0250",
                    "parcels",
                    i,
                    p.origin.as_ref(),
                    msg!(
                        "thửa {parcel} tờ {sheet}: tổng ghi {declared} nhưng cộng các khoản được {sum}",
                        "parcel {parcel}, sheet {sheet}: the total says {declared} but the amounts add up to {sum}"
                    ),
                )
                .help = Some(Box::new(msg!(
                    "Tổng = đất + tài sản + di dời + hỗ trợ; sửa `total` hoặc các khoản.",
                    "Total = land + assets + relocation + support; fix `total` or the amounts."
                )));
            }
        }
        t.parcels += 1;
        let add = |a: Money, b: Money, o: &mut bool| {
            a.checked_add(b).unwrap_or_else(|| {
                *o = true;
                a
            })
        };
        t.land = add(t.land, p.land, &mut overflow);
        t.assets = add(t.assets, p.assets, &mut overflow);
        t.relocation = add(t.relocation, p.relocation, &mut overflow);
        t.support = add(t.support, p.support, &mut overflow);
        t.total = add(t.total, sum, &mut overflow);
    }
    if overflow {
        cx.error(
            "E0242",
            "parcels",
            msg!(
                "tổng tiền bồi thường vượt quá giới hạn tính toán: có số tiền bị gõ thừa chữ số",
                "the compensation totals overflow: an amount has too many digits"
            ),
        );
    }
    // Added exactly, so the total does not depend on the parcels' order.
    // (The parcels whose amounts overflow are left out, as from the sums.)
    t.area_m2 = crate::model::land::Area::sum(
        land.parcels
            .iter()
            .filter(|p| p.computed_total().is_some())
            .map(|p| p.area_m2),
    );
    land.totals = t;
    let durations = &cx.config.durations;
    let min_days = match land.stage {
        LandStage::CompensationPlan => Some(durations.compensation_plan_days),
        LandStage::LandUsePlan => Some(durations.land_use_plan_consultation_days),
        LandStage::AnnualLandUsePlan => Some(durations.annual_land_use_plan_consultation_days),
        _ => None,
    };
    if land.is_approved_plan() {
        check_approved_plan(land, cx);
        return;
    }
    if let (Some(min), Some(crate::date::PostedUntil::Date(until))) =
        (min_days, cx.common.posted_until)
    {
        let law = &cx.config.law;
        let days = law.days_counted(cx.common.published, until);
        if days < i64::from(min) {
            let last = super::common::last_day(law, cx.common.published, min);
            let last_iso = super::common::last_iso(law, cx.common.published, min);
            let counting = super::common::counting_note(law);
            let stage = land.stage.label();
            let shown = until.short();
            cx.error(
                "E0251",
                "posted_until",
                msg!(
                    "niêm yết {stage} đến {shown} mới được {days} ngày{counting}; cần ít nhất {min} ngày, tức đến hết ngày {last} (Luật Đất đai 31/2024/QH15)",
                    "the {stage} is posted until {shown}: {days} days{counting}; at least {min} days are needed, that is until the end of {last} (Land Law 31/2024/QH15)"
                ),
            )
            .help = Some(Box::new(msg!(
                "Niêm yết ít nhất đến ngày {last} (`posted_until: {last_iso}`).",
                "Keep it posted until at least {last}."
            )));
        }
    }
}

/// Land Law Art. 75: an approved land-use plan is published within 15 days
/// of its approval and stays public for the whole plan period (the
/// consultation minimum of Art. 70 does not apply to it).
fn check_approved_plan(land: &Land, cx: &mut CheckContext) {
    let Some(approved) = land.decided else {
        return;
    };
    let law = &cx.config.law;
    let rule = &law.land.approved_plan_publication;
    let limit = crate::law::TimeLimit {
        days: Some(rule.days),
        working_days: None,
        basis: rule.basis.clone(),
    };
    let published = cx.common.published;
    if let Some(last) = law.deadline(approved, &limit) {
        if published > last {
            let (days, basis) = (rule.days, &rule.basis);
            let (approved, last, shown) = (approved.short(), last.short(), published.short());
            cx.warning(
                "W0252",
                "published",
                msg!(
                    "quy hoạch, kế hoạch sử dụng đất phê duyệt ngày {approved} phải công bố trong {days} ngày, chậm nhất ngày {last}; công khai ngày {shown} là muộn ({basis})",
                    "a land-use plan approved on {approved} is published within {days} days, by {last}; published on {shown} is late ({basis})"
                ),
            );
        }
    }
    let end = land.plan_period_end();
    let short_posting = match (cx.common.posted_until, end) {
        (Some(crate::date::PostedUntil::Permanent), _) | (None, _) => None,
        (Some(crate::date::PostedUntil::Date(until)), Some(end)) if until >= end => None,
        (Some(crate::date::PostedUntil::Date(until)), end) => Some((until, end)),
    };
    if let Some((until, end)) = short_posting {
        let basis = &rule.basis;
        let until = until.short();
        let end_text = end.map(|e| e.short()).unwrap_or_else(|| "?".into());
        cx.warning(
            "W0253",
            "posted_until",
            msg!(
                "quy hoạch, kế hoạch sử dụng đất đã phê duyệt phải công khai suốt kỳ quy hoạch (đến {end_text}), không chỉ đến {until} ({basis})",
                "an approved land-use plan stays public for the whole plan period (until {end_text}), not only until {until} ({basis})"
            ),
        )
        .help = Some(Box::new(msg!(
            "Ghi `plan_period:` (ví dụ `2027` hoặc `2021–2030`) và `posted_until:` đến hết kỳ, hoặc `posted_until: permanent`.",
            "Give `plan_period:` (e.g. `2027` or `2021–2030`) and `posted_until:` to its end, or `posted_until: permanent`."
        )));
    }
}
