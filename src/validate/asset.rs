//! The rules of an `asset` record on its own (Art. 11.6): codes unique,
//! residual value within the original, every act on a listed asset, after
//! its decision and by the day the figures stand at; totals computed.

use super::CheckContext;
use crate::model::asset::{Asset, AssetTotals};
use crate::money::Money;
use crate::msg;
use std::collections::BTreeMap;

/// Computes the totals and checks the list and the acts.
pub(super) fn check(asset: &mut Asset, cx: &mut CheckContext) {
    super::kinds::refuse_typed_totals(cx);
    if asset.as_of > cx.common.published {
        let (as_of, published) = (asset.as_of.short(), cx.common.published.short());
        cx.error(
            "E0433",
            "as_of",
            msg!(
                "số liệu chốt đến ngày {as_of}, sau ngày công khai {published}",
                "the figures stand at {as_of}, after the disclosure on {published}"
            ),
        );
    }
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, it) in asset.assets.iter().enumerate() {
        let code = it.code.trim();
        if let Some(first) = codes.insert(code, i) {
            let first = first + 1;
            cx.item_error(
                "E0430",
                "assets",
                i,
                msg!(
                    "mã tài sản `{code}` trùng với dòng {first} của danh mục",
                    "the asset code `{code}` repeats line {first} of the list"
                ),
            )
            .help = Some(Box::new(msg!(
                "Mỗi tài sản (hoặc nhóm tài sản giống nhau) một mã riêng; gộp số lượng vào một dòng.",
                "One code per asset (or group of identical assets); put the quantity on one line."
            )));
        }
        if it.residual_value > it.original_value {
            let (residual, original) = (it.residual_value, it.original_value);
            cx.item_error(
                "E0431",
                "assets",
                i,
                msg!(
                    "giá trị còn lại {residual} lớn hơn nguyên giá {original} của tài sản `{code}`",
                    "the residual value {residual} exceeds the original value {original} of asset `{code}`"
                ),
            );
        }
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, act) in asset.actions.iter().enumerate() {
        let code = act.asset.trim();
        if !codes.contains_key(code) {
            cx.item_error(
                "E0432",
                "actions",
                i,
                msg!(
                    "việc xử lý ghi tài sản `{code}`, không có trong danh mục `assets`",
                    "the act names asset `{code}`, which is not on the `assets` list"
                ),
            )
            .help = Some(Box::new(msg!(
                "Ghi đúng mã tài sản của danh mục, hoặc thêm tài sản đó vào `assets` (kể cả tài sản đã thanh lý, với `status: disposed`).",
                "Write the list's asset code, or add the asset to `assets` (disposed ones too, with `status: disposed`)."
            )));
        }
        if act.decision_date > act.date {
            let (decided, done) = (act.decision_date.short(), act.date.short());
            let number = &act.decision;
            cx.item_error(
                "E0433",
                "actions",
                i,
                msg!(
                    "quyết định {number} ngày {decided} sau ngày thực hiện {done}: việc xử lý tài sản phải theo quyết định đã có",
                    "decision {number} of {decided} is after the act on {done}: an act on an asset follows its decision"
                ),
            );
        } else if act.date > asset.as_of {
            let (done, as_of) = (act.date.short(), asset.as_of.short());
            cx.item_error(
                "E0433",
                "actions",
                i,
                msg!(
                    "việc xử lý ngày {done} sau ngày chốt số liệu {as_of} (`as_of`)",
                    "the act on {done} is after the day the figures stand at, {as_of} (`as_of`)"
                ),
            );
        }
        let key = format!(
            "{}|{:?}|{}|{}",
            act.date.iso(),
            act.action,
            crate::text::fold(code),
            crate::text::fold(act.decision.trim())
        );
        if let Some(first) = seen.insert(key, i) {
            let first = first + 1;
            cx.item_error(
                "E0434",
                "actions",
                i,
                msg!(
                    "dòng trùng với dòng {first} của `actions` (cùng ngày, việc, tài sản và quyết định)",
                    "this line repeats line {first} of `actions` (same date, act, asset and decision)"
                ),
            );
        }
    }
    let original = Money::checked_sum(asset.assets.iter().map(|a| a.original_value));
    let residual = Money::checked_sum(asset.assets.iter().map(|a| a.residual_value));
    let amounts = |keep: fn(crate::model::asset::ActionType) -> bool| {
        Money::checked_sum(
            asset
                .actions
                .iter()
                .filter(|a| keep(a.action))
                .filter_map(|a| a.amount),
        )
    };
    let revenue = amounts(|t| t.is_revenue());
    let spending = amounts(|t| t.is_spending());
    let (Some(original_value), Some(residual_value), Some(revenue), Some(spending)) =
        (original, residual, revenue, spending)
    else {
        super::kinds::overflow(cx, "assets");
        return;
    };
    asset.totals = AssetTotals {
        assets: asset.assets.len(),
        original_value,
        residual_value,
        revenue,
        spending,
    };
}
