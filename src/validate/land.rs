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
        t.area_m2.0 += p.area_m2.0;
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
    land.totals = t;
    let durations = &cx.config.durations;
    let min_days = match land.stage {
        LandStage::CompensationPlan => Some(durations.compensation_plan_days),
        LandStage::LandUsePlan => Some(durations.land_use_plan_consultation_days),
        LandStage::AnnualLandUsePlan => Some(durations.annual_land_use_plan_consultation_days),
        _ => None,
    };
    if let (Some(min), Some(crate::date::PostedUntil::Date(until))) =
        (min_days, cx.common.posted_until)
    {
        let days = cx.common.published.days_until(until) + 1;
        if days < i64::from(min) {
            let last = cx
                .common
                .published
                .add_days(i64::from(min) - 1)
                .map(|d| d.short())
                .unwrap_or_default();
            let stage = land.stage.label();
            cx.error(
                "E0251",
                "posted_until",
                msg!(
                    "niêm yết {days} ngày, ít hơn tối thiểu {min} ngày cho {stage} (Luật Đất đai 31/2024/QH15)",
                    "posted for {days} days, fewer than the minimum of {min} days for this stage ({stage}; Land Law 31/2024/QH15)"
                ),
            )
            .help = Some(Box::new(msg!(
                "Niêm yết ít nhất đến ngày {last} (`posted_until: {last}`).",
                "Keep it posted until at least {last}."
            )));
        }
    }
}
