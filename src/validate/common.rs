//! The rules every record follows whatever its kind: the Art. 11 item, the
//! posting and consultation periods, replacements, and timeliness (Art. 12).

use super::CheckContext;
use crate::config::Config;
use crate::date::{Date, PostedUntil};
use crate::diagnostics::Diagnostic;
use crate::model::{Form, Kind, Record, RecordData};
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
            let days = c.published.days_until(until) + 1;
            let min = i64::from(cx.config.durations.posting_days);
            if days < min {
                let last = last_day(c.published, min);
                cx.error(
                    "E0112",
                    "posted_until",
                    msg!(
                        "niêm yết tại trụ sở {days} ngày, ít hơn tối thiểu {min} ngày liên tục (Điều 13 Luật 10/2022/QH15)",
                        "posted at the office for {days} days, fewer than the minimum of {min} consecutive days (Art. 13 of Law 10/2022/QH15)"
                    ),
                )
                .help = Some(Box::new(msg!(
                    "Niêm yết ít nhất đến ngày {last} (`posted_until: {last}`).",
                    "Keep it posted until at least {last}."
                )));
            }
        }
        _ => {}
    }
    if let Some(until) = c.consultation_until {
        let days = c.published.days_until(until) + 1;
        let min = i64::from(cx.config.durations.consultation_days);
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
        } else if days < min {
            let last = last_day(c.published, min);
            cx.error(
                "E0115",
                "consultation_until",
                msg!(
                    "lấy ý kiến Nhân dân {days} ngày, ít hơn tối thiểu {min} ngày (Điều 25–28 Luật 10/2022/QH15)",
                    "residents are consulted for {days} days, fewer than the minimum of {min} days (Art. 25–28 of Law 10/2022/QH15)"
                ),
            )
            .help = Some(Box::new(msg!(
                "Lấy ý kiến ít nhất đến ngày {last} (`consultation_until: {last}`).",
                "Keep the consultation open until at least {last}."
            )));
        }
    }
    if matches!(item, 4 | 13) && !matches!(c.posted_until, Some(PostedUntil::Permanent)) {
        cx.warning(
            "W0113",
            "posted_until",
            msg!(
                "nội dung khoản {item} Điều 11 phải được công khai thường xuyên (Điều 13 Luật 10/2022/QH15)",
                "Art. 11 item {item} must be posted permanently (Art. 13 of Law 10/2022/QH15)"
            ),
        )
        .help = Some(Box::new(msg!(
            "Thêm `posted_until: permanent`.",
            "Add `posted_until: permanent`."
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

/// The date `min` days from `start` counting `start` itself, for advice.
fn last_day(start: Date, min: i64) -> String {
    start
        .add_days(min - 1)
        .map(|d| d.short())
        .unwrap_or_default()
}

/// Art. 12: disclosure within 5 working days of the decision (a warning).
pub(super) fn check_timeliness(r: &Record, config: &Config) -> Option<Diagnostic> {
    let decided = match &r.data {
        RecordData::Plan(p) => p.issued,
        RecordData::Dialogue(d) => Some(d.held),
        _ => None,
    }?;
    let limit = i64::from(config.durations.disclosure_working_days);
    let late = decided.working_days_until(r.common.published);
    if late <= limit {
        return None;
    }
    let field = if r.kind == Kind::Dialogue {
        "held"
    } else {
        "issued"
    };
    let (line, column) = r.source.field_position(field);
    let decided = decided.short();
    Some(
        Diagnostic::warning(
            "W0114",
            r.source.path.clone(),
            line,
            msg!(
                "công khai sau {late} ngày làm việc kể từ {decided}, quá thời hạn {limit} ngày làm việc (Điều 12 Luật 10/2022/QH15)",
                "published {late} working days after {decided}, later than the {limit} working days allowed (Art. 12 of Law 10/2022/QH15)"
            ),
        )
        .at_column(column),
    )
}
