//! The rules of an `inspection` record on its own (Art. 11.10): the
//! concluding document before the disclosure, recommendations dated after
//! it, amounts recovered within the amounts due, and a confidence vote's
//! counts within the number of voters and of members.

use super::CheckContext;
use crate::model::inspection::{
    per_mille, FollowUpStatus, Inspection, InspectionType, RecoveryTotals, VoteMethod,
};
use crate::model::Source;
use crate::money::Money;
use crate::msg;

/// Computes totals, percentages and overdue flags, and checks the figures.
pub(super) fn check(x: &mut Inspection, cx: &mut CheckContext) {
    let issued = x.conclusion.issued;
    if issued > cx.common.published {
        let (day, published) = (issued.short(), cx.common.published.short());
        cx.error(
            "E0464",
            "conclusion",
            msg!(
                "văn bản kết luận ngày {day} sau ngày công khai {published}: chỉ công khai kết quả đã có văn bản",
                "the concluding document is dated {day}, after the disclosure on {published}: only a concluded result is disclosed"
            ),
        );
    }
    for (i, r) in x.recommendations.iter_mut().enumerate() {
        if let Some(deadline) = r.deadline {
            if deadline < issued {
                let (d, day) = (deadline.short(), issued.short());
                cx.item_error(
                    "E0465",
                    "recommendations",
                    i,
                    msg!(
                        "thời hạn thực hiện kiến nghị {d} trước ngày văn bản kết luận {day}",
                        "the recommendation's deadline {d} is before the concluding document ({day})"
                    ),
                );
            }
        }
        r.overdue = r.status != FollowUpStatus::Done && r.deadline.is_some_and(|d| d < cx.today);
    }
    check_recoveries(x, cx);
    check_vote(x, cx);
}

/// Amounts recovered stay within the amounts due; totals are computed.
fn check_recoveries(x: &mut Inspection, cx: &mut CheckContext) {
    for (i, r) in x.recoveries.iter().enumerate() {
        if r.recovered > r.due {
            let (recovered, due) = (r.recovered, r.due);
            cx.item_error(
                "E0463",
                "recoveries",
                i,
                msg!(
                    "số đã thu hồi {recovered} lớn hơn số phải thu hồi {due}",
                    "{recovered} recovered, more than the {due} due"
                ),
            )
            .help = Some(Box::new(msg!(
                "Kiểm tra lại hai số tiền `due` (phải thu hồi) và `recovered` (đã thu hồi).",
                "Check the amounts `due` and `recovered`."
            )));
        }
    }
    let due = Money::checked_sum(x.recoveries.iter().map(|r| r.due));
    let recovered = Money::checked_sum(x.recoveries.iter().map(|r| r.recovered));
    match (due, recovered) {
        (Some(due), Some(recovered)) => {
            x.totals = RecoveryTotals {
                due,
                recovered,
                outstanding: Money(due.0.saturating_sub(recovered.0).max(0)),
            };
        }
        _ => {
            cx.error(
                "E0242",
                "recoveries",
                msg!(
                    "tổng số tiền thu hồi vượt quá giới hạn tính toán (hơn 9 tỷ tỷ đồng): có số tiền bị gõ thừa chữ số",
                    "the sums of the amounts to recover overflow (over 9 quintillion đồng): an amount has too many digits"
                ),
            );
        }
    }
}

/// A confidence vote: required for that type, refused for the others; its
/// counts within the voters, the voters within the members; percentages of
/// the members computed.
fn check_vote(x: &mut Inspection, cx: &mut CheckContext) {
    let is_vote = x.inspection_type == InspectionType::ConfidenceVote;
    let Some(vote) = &mut x.vote else {
        if is_vote {
            cx.error(
                "E0460",
                "inspection_type",
                msg!(
                    "kết quả lấy phiếu, bỏ phiếu tín nhiệm cần bảng kết quả (`vote`): số đại biểu, số tham gia và kết quả từng người",
                    "a confidence vote needs its table (`vote`): members, voters and each office holder's counts"
                ),
            )
            .help = Some(Box::new(msg!(
                "Thêm `vote:` với `method`, `held`, `members`, `voters` và `holders`.",
                "Add `vote:` with `method`, `held`, `members`, `voters` and `holders`."
            )));
        }
        return;
    };
    if !is_vote {
        cx.warning(
            "W0467",
            "vote",
            msg!(
                "bảng kết quả tín nhiệm (`vote`) chỉ dùng khi `inspection_type: confidence_vote`",
                "a confidence-vote table (`vote`) belongs to `inspection_type: confidence_vote` only"
            ),
        );
    }
    let (members, voters) = (vote.members, vote.voters);
    if voters > members {
        cx.error(
            "E0462",
            "vote",
            msg!(
                "số đại biểu tham gia ({voters}) lớn hơn tổng số đại biểu Hội đồng nhân dân ({members})",
                "more members voted ({voters}) than the People's Council has ({members})"
            ),
        );
    }
    for (i, row) in vote.holders.iter_mut().enumerate() {
        let line = nested_item_line(cx.source, "vote", "holders", i);
        let counted = u64::from(row.high) + u64::from(row.confidence) + u64::from(row.low);
        let name = row.name.clone();
        if counted > u64::from(voters) {
            let d = cx.error(
                "E0461",
                "vote",
                msg!(
                    "{name}: tổng số phiếu ({counted}) lớn hơn số đại biểu tham gia ({voters})",
                    "{name}: the counts add up to {counted}, more than the {voters} members who voted"
                ),
            );
            (d.line, d.column) = (line, 0);
        }
        if vote.method == VoteMethod::Ballot && row.high > 0 {
            let d = cx.error(
                "E0466",
                "vote",
                msg!(
                    "{name}: bỏ phiếu tín nhiệm chỉ có hai mức (tín nhiệm, không tín nhiệm); `high` chỉ dùng khi lấy phiếu tín nhiệm",
                    "{name}: a confidence ballot has two answers (confidence, no confidence); `high` belongs to a rating"
                ),
            );
            (d.line, d.column) = (line, 0);
        }
        row.per_mille.high = per_mille(row.high, members);
        row.per_mille.confidence = per_mille(row.confidence, members);
        row.per_mille.low = per_mille(row.low, members);
    }
}

/// The line of item `index` of the list `sub` inside the top-level map
/// `key` (`vote:` → `holders:` → `- …`), or the line of `key` when it is
/// not found.
fn nested_item_line(source: &Source, key: &str, sub: &str, index: usize) -> usize {
    let (key_line, _) = source.key_position(key);
    let start = key_line.saturating_sub(source.yaml_line);
    let mut in_sub = false;
    let mut item_indent = None;
    let mut seen = 0;
    for (i, line) in source.yaml.lines().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 {
            break;
        }
        if !in_sub {
            in_sub = trimmed
                .strip_prefix(sub)
                .is_some_and(|rest| rest.trim_start().starts_with(':'));
            continue;
        }
        if trimmed.starts_with('-') && item_indent.is_none_or(|n| n == indent) {
            item_indent = Some(indent);
            if seen == index {
                return source.yaml_line + i;
            }
            seen += 1;
        } else if item_indent.is_some_and(|n| indent < n) {
            break;
        }
    }
    key_line
}

#[cfg(test)]
mod tests {
    use super::nested_item_line;
    use crate::model::Source;

    #[test]
    fn finds_an_item_of_a_list_inside_a_map() {
        let source = Source {
            path: "x.md".into(),
            yaml_line: 2,
            yaml: "title: A\nvote:\n  method: rating\n  holders:\n    - name: A\n      title: B\n    - name: C\nnext: 1\n".into(),
            ..Default::default()
        };
        assert_eq!(nested_item_line(&source, "vote", "holders", 0), 6);
        assert_eq!(nested_item_line(&source, "vote", "holders", 1), 8);
        assert_eq!(nested_item_line(&source, "vote", "holders", 2), 3);
        assert_eq!(nested_item_line(&source, "missing", "holders", 0), 2);
    }
}
