//! Rules shared by the kinds of Art. 11 items 6, 7 and 9 (`asset`,
//! `support`, `callup`): totals are computed, never typed; a sum that
//! overflows; items broadcast on the loudspeaker (Art. 13.3) say so.

use super::CheckContext;
use crate::model::Form;
use crate::msg;

/// A `totals:` written in the front matter: the totals are computed from
/// the tables, so a typed one could only disagree with them.
pub(super) fn refuse_typed_totals(cx: &mut CheckContext) {
    if cx.source.key_position("totals").1 == 0 {
        return;
    }
    cx.error(
        "E0439",
        "totals",
        msg!(
            "`totals` được tính tự động từ các bảng của hồ sơ, không ghi tay",
            "`totals` is computed from the record's tables, not typed"
        ),
    )
    .help = Some(Box::new(msg!(
        "Xóa `totals:` và các dòng dưới nó; trang, JSON và CSV hiện tổng đã tính.",
        "Remove `totals:` and the lines under it; the page, JSON and CSV show the computed totals."
    )));
}

/// The sums of a table overflow (an amount with too many digits).
pub(super) fn overflow(cx: &mut CheckContext, field: &str) {
    cx.error(
        "E0438",
        field,
        msg!(
            "tổng số tiền của bảng `{field}` vượt quá giới hạn tính toán (hơn 9 tỷ tỷ đồng): có số tiền bị gõ thừa chữ số",
            "the sum of the amounts of `{field}` overflows (over 9 quintillion đồng): an amount has too many digits"
        ),
    );
}

/// Art. 13.3: the items the law data marks `loudspeaker` (7–12) are also
/// broadcast on the ward's loudspeaker system, where it has one. The common
/// rules check the days on air once `loudspeaker` is among the forms; this
/// one says when it is not.
pub(super) fn loudspeaker_form(cx: &mut CheckContext) {
    let item = cx.common.disclosure_item;
    let law = &cx.config.law;
    if !law.item(item).is_some_and(|r| r.loudspeaker)
        || cx.common.forms.contains(&Form::Loudspeaker)
    {
        return;
    }
    let (min, basis) = (
        law.posting.loudspeaker.days,
        law.posting.loudspeaker.basis.clone(),
    );
    let last = cx
        .common
        .published
        .add_days(i64::from(min) - 1)
        .unwrap_or(cx.common.published)
        .iso();
    let field = if cx.common.forms.is_empty() {
        "disclosure_item"
    } else {
        "forms"
    };
    cx.warning(
        "W0442",
        field,
        msg!(
            "nội dung khoản {item} Điều 11 được công khai trên hệ thống truyền thanh của phường (nếu có) ít nhất {min} ngày liên tục ({basis}); hồ sơ chưa ghi hình thức `loudspeaker`",
            "Art. 11 item {item} is broadcast on the ward's loudspeaker system (where there is one) for at least {min} consecutive days ({basis}); the record does not list the `loudspeaker` form"
        ),
    )
    .help = Some(Box::new(msg!(
        "Thêm `loudspeaker` vào `forms` và `loudspeaker_until: {last}` (hoặc muộn hơn).",
        "Add `loudspeaker` to `forms` and `loudspeaker_until: {last}` (or later)."
    )));
}
