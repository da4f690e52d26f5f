//! The rules of a `consultation` record on its own (Art. 25–28, disclosed
//! under Art. 11.11): the matter is one of Art. 25, at least one form of
//! Art. 26 is used, the period lasts at least the minimum of `[consultation]`
//! counted by the law's rule (Civil Code Art. 147 by default), the decision
//! comes after the period, the compiled counts add up and what was not taken
//! in is explained (Art. 28.3–28.4).

use super::common::{counting_note, last_day, last_iso};
use super::CheckContext;
use crate::model::consultation::{Acceptance, PublicConsultation};
use crate::msg;

/// Checks the period, the decision and the compiled opinions; fills in the
/// total of each topic.
pub(super) fn check(x: &mut PublicConsultation, cx: &mut CheckContext) {
    let matter = x.matter;
    if !(1..=9).contains(&matter) {
        cx.error(
            "E0470",
            "matter",
            msg!(
                "`matter: {matter}` phải là số khoản từ 1 đến 9 của Điều 25 Luật số 10/2022/QH15 (nội dung Nhân dân tham gia ý kiến)",
                "`matter: {matter}` must be a clause of Art. 25 of Law 10/2022/QH15, 1 to 9 (matters residents give opinions on)"
            ),
        )
        .help = Some(Box::new(msg!(
            "Ví dụ: 1 kế hoạch phát triển kinh tế - xã hội, 5 quyết định hành chính liên quan lợi ích cộng đồng, 8 quyết định xác lập nghĩa vụ của công dân, 9 nội dung khác.",
            "E.g. 1 socio-economic plan, 5 administrative decisions touching the community, 8 decisions imposing obligations on citizens, 9 other."
        )));
    }
    if x.methods.is_empty() {
        cx.error(
            "E0471",
            "methods",
            msg!(
                "chưa ghi hình thức lấy ý kiến (`methods`, khoản 1 Điều 26 Luật số 10/2022/QH15)",
                "no form of consultation given (`methods`, Art. 26.1 of Law 10/2022/QH15)"
            ),
        )
        .help = Some(Box::new(msg!(
            "Ví dụ: `methods: [community_meeting, household_forms, portal]`.",
            "E.g. `methods: [community_meeting, household_forms, portal]`."
        )));
    }
    if x.plan.as_deref().is_none_or(|p| p.trim().is_empty()) {
        cx.warning(
            "W0478",
            "draft",
            msg!(
                "chưa ghi kế hoạch lấy ý kiến (`plan`): Ủy ban nhân dân cấp xã lập kế hoạch, gửi Hội đồng nhân dân và Ủy ban Mặt trận Tổ quốc cấp xã (khoản 1 Điều 28), và công khai kế hoạch đó (khoản 11 Điều 11 Luật số 10/2022/QH15)",
                "the consultation plan is not given (`plan`): the commune People's Committee draws one up, sends it to the Council and the Fatherland Front (Art. 28.1) and discloses it (Art. 11.11 of Law 10/2022/QH15)"
            ),
        )
        .help = Some(Box::new(msg!(
            "Thêm `plan: \"45/KH-UBND\"` (số, ký hiệu kế hoạch).",
            "Add `plan: \"45/KH-UBND\"` (the plan's number)."
        )));
    }
    check_period(x, cx);
    check_opinions(x, cx);
}

/// The period is long enough, and the decision comes after it.
fn check_period(x: &PublicConsultation, cx: &mut CheckContext) {
    let (opened, closed) = (x.opened, x.closed);
    let (from, until) = (opened.short(), closed.short());
    let law = &cx.config.law;
    if closed < opened {
        cx.error(
            "E0472",
            "closed",
            msg!(
                "ngày kết thúc lấy ý kiến {until} trước ngày bắt đầu {from}",
                "the consultation closes on {until}, before it opens on {from}"
            ),
        );
        return;
    }
    let min = cx.config.durations.consultation_days;
    let days = law.days_counted(opened, closed);
    if days < i64::from(min) {
        let (last, last_iso) = (last_day(law, opened, min), last_iso(law, opened, min));
        let (counting, basis) = (counting_note(law), &law.consultation.basis);
        cx.error(
            "E0473",
            "closed",
            msg!(
                "lấy ý kiến từ {from} đến {until} mới được {days} ngày{counting}; cần ít nhất {min} ngày kể từ ngày công khai nội dung, tức đến hết ngày {last} ({basis})",
                "residents are consulted from {from} to {until}: {days} days{counting}; at least {min} days from the day the draft is made public are needed, that is until the end of {last} ({basis})"
            ),
        )
        .help = Some(Box::new(msg!(
            "Lấy ý kiến ít nhất đến ngày {last} (`closed: {last_iso}`).",
            "Keep the consultation open until at least {last}."
        )));
    }
    if let Some(decision) = &x.decision {
        if decision.date <= closed {
            let (day, number) = (decision.date.short(), &decision.number);
            cx.error(
                "E0474",
                "decision",
                msg!(
                    "quyết định {number} ngày {day} chưa sau ngày kết thúc lấy ý kiến {until}: phải tổng hợp, giải trình, tiếp thu ý kiến rồi mới quyết định (khoản 3 Điều 28 Luật số 10/2022/QH15)",
                    "the decision {number} of {day} is not after the consultation closed on {until}: opinions are compiled and answered before deciding (Art. 28.3 of Law 10/2022/QH15)"
                ),
            );
        }
    }
}

/// Each topic's counts within the opinions received; what was not (or
/// only partly) taken in is explained.
fn check_opinions(x: &mut PublicConsultation, cx: &mut CheckContext) {
    let responses = x.responses;
    for (i, o) in x.opinions.iter_mut().enumerate() {
        let total = u64::from(o.agree) + u64::from(o.disagree) + u64::from(o.other);
        o.total = u32::try_from(total).unwrap_or(u32::MAX);
        if let Some(n) = responses.filter(|n| total > u64::from(*n)) {
            let (topic, agree, disagree, other) = (&o.topic, o.agree, o.disagree, o.other);
            cx.item_error(
                "E0475",
                "opinions",
                i,
                msg!(
                    "“{topic}”: {agree} đồng ý + {disagree} không đồng ý + {other} ý kiến khác = {total}, nhiều hơn tổng số ý kiến nhận được ({n})",
                    "“{topic}”: {agree} for + {disagree} against + {other} other = {total}, more than the {n} opinions received"
                ),
            );
        }
        let explained = o
            .explanation
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty());
        if o.accepted != Acceptance::Accepted && !explained {
            let topic = &o.topic;
            cx.item_error(
                "E0476",
                "opinions",
                i,
                msg!(
                    "“{topic}”: ý kiến không được tiếp thu (hoặc chỉ tiếp thu một phần) phải được giải trình (`explanation`, khoản 3, 4 Điều 28 Luật số 10/2022/QH15)",
                    "“{topic}”: opinions not taken in (or only in part) must be answered with the reasons (`explanation`, Art. 28.3–28.4 of Law 10/2022/QH15)"
                ),
            );
        }
    }
    if x.opinions.is_empty() && x.closed < cx.today {
        let until = x.closed.short();
        cx.warning(
            "W0477",
            "closed",
            msg!(
                "đã hết thời gian lấy ý kiến ({until}) nhưng chưa công khai kết quả tổng hợp ý kiến (`opinions`, khoản 11 Điều 11 Luật số 10/2022/QH15)",
                "the consultation closed on {until} but the compiled opinions are not disclosed (`opinions`, Art. 11.11 of Law 10/2022/QH15)"
            ),
        );
    }
}
