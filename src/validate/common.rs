//! The rules every record follows whatever its kind: the Art. 11 item, the
//! posting and consultation periods, replacements, and timeliness (Art. 12).

use super::CheckContext;
use crate::comply::rules::{Loudspeaker, OfficePosting};
use crate::config::Config;
use crate::date::{Date, PostedUntil};
use crate::diagnostics::Diagnostic;
use crate::law::{CountingRule, Law};
use crate::model::{Form, Record, RecordData};
use crate::msg;

pub(super) fn check_common(cx: &mut CheckContext) {
    let c = cx.common;
    let item = c.disclosure_item;
    if !(1..=14).contains(&item) {
        cx.error(
            "E0110",
            "disclosure_item",
            msg!(
                "`disclosure_item: {item}` phải là số khoản từ 1 đến 14 của Điều 11",
                "`disclosure_item: {item}` must be an Art. 11 item number from 1 to 14"
            ),
        )
        .help = Some(Box::new(msg!(
            "Ví dụ: 1 kế hoạch kinh tế - xã hội, 3 đất đai, 5 quỹ và đóng góp, 11 kết quả lấy ý kiến, 13 thủ tục hành chính.",
            "E.g. 1 socio-economic plan, 3 land, 5 funds and contributions, 11 consultation results, 13 administrative procedures."
        )));
    }
    let published = c.published.short();
    match c.posted_until {
        Some(PostedUntil::Date(until)) if until < c.published => {
            let until = until.short();
            cx.error(
                "E0111",
                "posted_until",
                msg!(
                    "ngày hết niêm yết {until} trước ngày công khai {published}",
                    "the posting ends on {until}, before it was published on {published}"
                ),
            );
        }
        Some(PostedUntil::Date(until)) if c.forms.contains(&Form::OfficePosting) => {
            let law = &cx.config.law;
            let min = cx.config.durations.posting_days;
            let length = crate::comply::rules::posting_length(law, c.published, until, min);
            if length.short() {
                let days = length.days;
                let last = length.last.map(|d| d.short()).unwrap_or_default();
                let last_iso = length.last.map(|d| d.iso()).unwrap_or_default();
                let (shown, counting) = (until.short(), counting_note(law));
                let basis = &law.posting.office.basis;
                cx.error(
                    "E0112",
                    "posted_until",
                    msg!(
                        "niêm yết tại trụ sở đến {shown} mới được {days} ngày{counting}; cần ít nhất {min} ngày liên tục, tức đến hết ngày {last} ({basis})",
                        "posted at the office until {shown}: {days} days{counting}; at least {min} consecutive days are needed, that is until the end of {last} ({basis})"
                    ),
                )
                .help = Some(Box::new(msg!(
                    "Niêm yết ít nhất đến ngày {last} (`posted_until: {last_iso}`).",
                    "Keep it posted until at least {last}."
                )));
            }
        }
        _ => {}
    }
    if let Some(until) = c.consultation_until {
        let law = &cx.config.law;
        let days = law.days_counted(c.published, until);
        let min = cx.config.durations.consultation_days;
        let shown = until.short();
        if until < c.published {
            cx.error(
                "E0111",
                "consultation_until",
                msg!(
                    "hạn lấy ý kiến {shown} trước ngày công khai {published}",
                    "the consultation ends on {shown}, before it was published on {published}"
                ),
            );
        } else if days < i64::from(min) {
            let last = last_day(law, c.published, min);
            let last_iso = last_iso(law, c.published, min);
            let (counting, basis) = (counting_note(law), &law.consultation.basis);
            cx.error(
                "E0115",
                "consultation_until",
                msg!(
                    "lấy ý kiến Nhân dân đến {shown} mới được {days} ngày{counting}; cần ít nhất {min} ngày, tức đến hết ngày {last} ({basis})",
                    "residents are consulted until {shown}: {days} days{counting}; at least {min} days are needed, that is until the end of {last} ({basis})"
                ),
            )
            .help = Some(Box::new(msg!(
                "Lấy ý kiến ít nhất đến ngày {last} (`consultation_until: {last_iso}`).",
                "Keep the consultation open until at least {last}."
            )));
        }
    }
    let rule = cx.config.law.item(item);
    if rule.is_some_and(|r| r.loudspeaker) && c.forms.contains(&Form::Loudspeaker) {
        check_loudspeaker(cx, item);
    }
    // The compliance page shows the same verdict (`comply::rules`).
    let posting = crate::comply::rules::office_posting(cx.config, c);
    if posting == OfficePosting::NotPermanent {
        let basis = &cx.config.law.posting.permanent_basis;
        cx.warning(
            "W0113",
            "posted_until",
            msg!(
                "nội dung khoản {item} Điều 11 phải được niêm yết thường xuyên và cập nhật khi thay đổi ({basis})",
                "Art. 11 item {item} must be posted permanently and kept up to date ({basis})"
            ),
        )
        .help = Some(Box::new(msg!(
            "Thêm `posted_until: permanent`.",
            "Add `posted_until: permanent`."
        )));
    }
    if let Some(r) = rule.filter(|_| posting == OfficePosting::Undeclared) {
        let posted = c.forms.contains(&Form::OfficePosting);
        let (min, basis) = (cx.config.durations.posting_days, &r.basis);
        let field = match (posted, c.forms.is_empty()) {
            (true, _) => "posted_until",
            (false, false) => "forms",
            (false, true) => "disclosure_item",
        };
        let last = last_iso(&cx.config.law, c.published, min);
        cx.warning(
            "W0117",
            field,
            msg!(
                "nội dung khoản {item} Điều 11 phải được niêm yết tại trụ sở ít nhất {min} ngày liên tục ({basis}); hồ sơ chưa ghi hình thức niêm yết và ngày kết thúc",
                "Art. 11 item {item} must be posted at the office for at least {min} consecutive days ({basis}); the record does not give the posting and its end date"
            ),
        )
        .help = Some(Box::new(msg!(
            "Thêm `office_posting` vào `forms` và `posted_until: {last}` (hoặc muộn hơn).",
            "Add `office_posting` to `forms` and `posted_until: {last}` (or later)."
        )));
    }
    if let Some(s) = &c.supersedes {
        if !crate::text::is_slug(s) {
            cx.error(
                "E0311",
                "supersedes",
                msg!(
                    "`supersedes: {s}` không phải mã hồ sơ",
                    "`supersedes: {s}` is not a record id"
                ),
            )
            .help = Some(Box::new(msg!(
                "Ghi mã (tên tệp không có đuôi) của hồ sơ được thay thế, ví dụ `ke-hoach-72-2025`.",
                "Write the id (file name without extension) of the replaced record, e.g. `ke-hoach-72-2025`."
            )));
        }
    }
}

/// Art. 13.3: items 7–12 broadcast on the loudspeaker are broadcast on at
/// least 3 consecutive days. The days counted are the days of broadcasting,
/// from `published` to `loudspeaker_until`, both included: the clause counts
/// days on air, not a period running from an event.
fn check_loudspeaker(cx: &mut CheckContext, item: u8) {
    let c = cx.common;
    let law = &cx.config.law;
    let (min, basis) = (
        law.posting.loudspeaker.days,
        law.posting.loudspeaker.basis.clone(),
    );
    let last = c
        .published
        .add_days(i64::from(min) - 1)
        .unwrap_or(c.published);
    let (last_short, last_iso) = (last.short(), last.iso());
    match crate::comply::rules::loudspeaker(law, c) {
        Loudspeaker::Undated => {
            cx.warning(
                "W0119",
                "forms",
                msg!(
                    "nội dung khoản {item} Điều 11 phát trên hệ thống truyền thanh cần ghi ngày phát cuối cùng (`loudspeaker_until`), ít nhất {min} ngày liên tục ({basis})",
                    "Art. 11 item {item} broadcast on the loudspeaker needs its last day on air (`loudspeaker_until`), at least {min} consecutive days ({basis})"
                ),
            )
            .help = Some(Box::new(msg!(
                "Thêm `loudspeaker_until: {last_iso}` (hoặc muộn hơn).",
                "Add `loudspeaker_until: {last_iso}` (or later)."
            )));
        }
        Loudspeaker::BeforePublished => {
            let shown = c.loudspeaker_until.map(|d| d.short()).unwrap_or_default();
            let published = c.published.short();
            cx.error(
                "E0111",
                "loudspeaker_until",
                msg!(
                    "ngày phát cuối {shown} trước ngày công khai {published}",
                    "the broadcast ends on {shown}, before it was published on {published}"
                ),
            );
        }
        Loudspeaker::Broadcast { until, days, .. } if days < i64::from(min) => {
            let shown = until.short();
            cx.error(
                "E0118",
                "loudspeaker_until",
                msg!(
                    "phát trên hệ thống truyền thanh {days} ngày (đến {shown}), ít hơn {min} ngày liên tục: cần phát đến hết ngày {last_short} ({basis})",
                    "broadcast on the loudspeaker for {days} days (until {shown}), fewer than {min} consecutive days: it must run until {last_short} ({basis})"
                ),
            )
            .help = Some(Box::new(msg!(
                "Phát ít nhất đến ngày {last_short} (`loudspeaker_until: {last_iso}`).",
                "Broadcast until at least {last_short}."
            )));
        }
        _ => {}
    }
}

/// The last day of a period of `min` days from `start`, counted by the
/// law's rule (Civil Code Art. 147 by default), for messages.
pub(super) fn last_day(law: &Law, start: Date, min: u32) -> String {
    law.period_end(start, min)
        .map(|d| d.short())
        .unwrap_or_default()
}

/// [`last_day`] in the form written in front matter (`2026-09-16`).
pub(super) fn last_iso(law: &Law, start: Date, min: u32) -> String {
    law.period_end(start, min)
        .map(|d| d.iso())
        .unwrap_or_default()
}

/// How the days were counted, for messages: empty when the first day counts.
pub(super) fn counting_note(law: &Law) -> String {
    match law.counting.rule {
        CountingRule::ExcludeFirstDay => {
            format!(" (không tính ngày bắt đầu, {})", law.counting.basis)
        }
        CountingRule::IncludeFirstDay => String::new(),
    }
}

/// Art. 12: disclosure within 5 working days of the decision (a warning).
pub(super) fn check_timeliness(r: &Record, config: &Config) -> Option<Diagnostic> {
    // A budget's own time limit (Circular 343 Art. 18) is W0405.
    if matches!(r.data, crate::model::RecordData::Budget(_)) {
        return None;
    }
    let t = crate::comply::rules::timeliness(r, config).filter(|t| t.late())?;
    let (late, limit) = (t.working_days, t.limit);
    let last = t.last.map(|d| d.short()).unwrap_or_default();
    let basis = &config.law.deadlines.disclosure.basis;
    let (line, column) = r.source.field_position(t.field);
    let decided = t.decided.short();
    Some(
        Diagnostic::warning(
            "W0114",
            r.source.path.clone(),
            line,
            msg!(
                "công khai sau {late} ngày làm việc kể từ {decided}, quá thời hạn {limit} ngày làm việc (hạn cuối: {last}; {basis})",
                "published {late} working days after {decided}, later than the {limit} working days allowed (last day: {last}; {basis})"
            ),
        )
        .at_column(column),
    )
}

/// Whether the record's kind (and, for a dialogue, its type) may carry its
/// Art. 11 item, by `[items]` and `[dialogue_types]` of the law data.
pub(super) fn check_item_kind(r: &Record, config: &Config) -> Option<Diagnostic> {
    let law = &config.law;
    let item = r.common.disclosure_item;
    let rule = law.item(item)?;
    let kind = r.kind.slug();
    let (line, column) = r.source.field_position("disclosure_item");
    let warn = |message| {
        Some(Diagnostic::warning("W0116", r.source.path.clone(), line, message).at_column(column))
    };
    if !rule.kinds.iter().any(|k| k == kind) {
        let allowed: Vec<String> = (1..=14u8)
            .filter(|n| {
                law.item(*n)
                    .is_some_and(|i| i.kinds.iter().any(|k| k == kind))
            })
            .map(|n| n.to_string())
            .collect();
        let (allowed, basis) = (allowed.join(", "), &rule.basis);
        return warn(msg!(
            "hồ sơ loại `{kind}` không mang nội dung khoản {item} Điều 11 ({basis}); loại này dùng cho các khoản {allowed}",
            "a `{kind}` record does not carry Art. 11 item {item} ({basis}); this kind is for items {allowed}"
        ));
    }
    if let RecordData::Dialogue(d) = &r.data {
        let ty = dialogue_type_slug(d.dialogue_type);
        if let Some(t) = law.dialogue_types.get(ty) {
            if !t.items.contains(&item) {
                let allowed: Vec<String> = t.items.iter().map(u8::to_string).collect();
                let (allowed, basis) = (allowed.join(", "), &t.basis);
                return warn(msg!(
                    "kết quả `{ty}` thuộc khoản {allowed} Điều 11, không phải khoản {item} ({basis})",
                    "the results of a `{ty}` belong to Art. 11 item {allowed}, not item {item} ({basis})"
                ));
            }
        }
    }
    None
}

/// The name a dialogue type is written with.
fn dialogue_type_slug(t: crate::model::dialogue::DialogueType) -> &'static str {
    use crate::model::dialogue::DialogueType as T;
    match t {
        T::AnnualConference => "annual_conference",
        T::PreDecisionHearing => "pre_decision_hearing",
        T::AffectedCitizensDialogue => "affected_citizens_dialogue",
        T::CommunityConference => "community_conference",
        T::CitizenReception => "citizen_reception",
        T::LandDialogue => "land_dialogue",
        T::VoterMeeting => "voter_meeting",
    }
}

/// A commitment's or task's dated status changes (item `index` of list
/// `field`): in date order, none after the build date, and the last one
/// giving the status the record declares (W0501). `changes` holds each
/// change's date and status name; `status` the declared one.
pub(super) fn check_status_changes(
    cx: &mut CheckContext,
    field: &str,
    index: usize,
    changes: &[(Date, &str)],
    status: &str,
) {
    let out_of_order = changes.windows(2).find(|w| w[1].0 < w[0].0);
    let problem = if let Some(w) = out_of_order {
        let (a, b) = (w[0].0.short(), w[1].0.short());
        Some(msg!(
            "`status_changes` không theo thứ tự ngày: {b} ghi sau {a}",
            "`status_changes` is not in date order: {b} comes after {a}"
        ))
    } else if let Some((d, _)) = changes.iter().find(|(d, _)| *d > cx.today) {
        let (d, today) = (d.short(), cx.today.short());
        Some(msg!(
            "`status_changes` có ngày {d}, sau ngày lập trang {today}",
            "`status_changes` has a date {d}, after the build date {today}"
        ))
    } else {
        match changes.last() {
            Some((_, last)) if *last != status => Some(msg!(
                "lần đổi tình trạng cuối cùng trong `status_changes` là `{last}`, khác `status: {status}`",
                "the last change in `status_changes` is `{last}`, not `status: {status}`"
            )),
            _ => None,
        }
    };
    if let Some(message) = problem {
        let d = cx.item_error("W0501", field, index, message);
        d.severity = crate::diagnostics::Severity::Warning;
        d.help = Some(Box::new(msg!(
            "Ghi các lần đổi theo thứ tự ngày, cũ trước; lần cuối là tình trạng hiện nay (`status`).",
            "List the changes oldest first; the last one is the current status (`status`)."
        )));
    }
}
