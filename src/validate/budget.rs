//! The rules of a `budget` record on its own: the hierarchy of each table
//! (parents above their children, children adding up to their parents), the
//! balance table agreeing with the revenue and expenditure tables, the forms
//! and the time limits of Circular 343/2016/TT-BTC (from the law data), and
//! the follow-up of State Audit recommendations. Fills in the published
//! rows (level, percentage).

use super::CheckContext;
use crate::comply::rules::BudgetDeadline;
use crate::model::budget::{
    percent_tenths, AuditStatus, Budget, BudgetLine, BudgetRow, BudgetStage, BudgetTable,
    BudgetTableSummary,
};
use crate::money::Money;
use crate::msg;
use std::collections::HashMap;

/// Computes the published rows and checks the record.
pub(super) fn check(b: &mut Budget, cx: &mut CheckContext) {
    check_period(b, cx);
    let mut lines = Vec::new();
    for table in BudgetTable::ALL {
        check_table(b, table, cx, &mut lines);
    }
    b.rows = lines;
    let forms = cx.config.law.budget_forms.get(b.stage.slug());
    b.tables = BudgetTable::ALL
        .into_iter()
        .filter(|t| !b.table(*t).is_empty())
        .map(|table| {
            // The balance's top-level rows are the revenue and the
            // expenditure totals: their sum means nothing.
            let (estimate, execution) = if table == BudgetTable::Balance {
                (None, None)
            } else {
                b.total(table)
            };
            let percent = match (estimate, execution) {
                (Some(e), Some(x)) => percent_tenths(x, e).map(|t| t as f64 / 10.0),
                _ => None,
            };
            BudgetTableSummary {
                table,
                form: forms
                    .and_then(|f| f.form(table.field()))
                    .map(str::to_string),
                rows: b.table(table).len(),
                top_rows: b.table(table).iter().filter(|r| r.parent.is_none()).count(),
                has_execution: b.has_execution(table),
                estimate,
                execution,
                percent,
            }
        })
        .collect();
    check_balance(b, cx);
    check_forms(b, cx);
    check_decision(b, cx);
    check_deadline(b, cx);
    for (i, a) in b.audit.iter().enumerate() {
        let done = a.status == AuditStatus::Done;
        if done && a.action.as_deref().is_none_or(|s| s.trim().is_empty()) {
            cx.item_error(
                "W0418",
                "audit",
                i,
                msg!(
                    "kiến nghị kiểm toán ghi đã thực hiện nhưng chưa nói đã làm gì (`action`)",
                    "the audit recommendation is marked done but does not say what was done (`action`)"
                ),
            )
            .severity = crate::diagnostics::Severity::Warning;
        }
    }
}

/// An execution report names its period; the other stages have none.
fn check_period(b: &Budget, cx: &mut CheckContext) {
    match (b.stage, b.period) {
        (BudgetStage::Execution, None) => {
            cx.error(
                "E0406",
                "stage",
                msg!(
                    "báo cáo tình hình thực hiện ngân sách cần ghi kỳ báo cáo (`period`: q1, q2, q3, q4, half_year hoặc year)",
                    "an execution report needs its period (`period`: q1, q2, q3, q4, half_year or year)"
                ),
            );
        }
        (stage, Some(_)) if stage != BudgetStage::Execution => {
            let stage = stage.label();
            cx.error(
                "E0406",
                "period",
                msg!(
                    "`period` chỉ dùng cho báo cáo thực hiện; {stage} là của cả năm ngân sách",
                    "`period` is only for execution reports; the {stage} covers the whole budget year"
                ),
            );
        }
        _ => {}
    }
}

/// The rows of one table: codes unique, parents above their children,
/// amounts in đồng, children adding up to their parents. Appends the
/// table's published rows to `lines`.
fn check_table(b: &Budget, table: BudgetTable, cx: &mut CheckContext, lines: &mut Vec<BudgetLine>) {
    let rows = b.table(table);
    let field = table.field();
    let label = table.label();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut levels: Vec<u32> = Vec::with_capacity(rows.len());
    // Known parent of each row (`None` for top-level rows and orphans).
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let code = row.code.trim();
        let mut parent_index = None;
        if let Some(p) = row.parent.as_deref().map(str::trim) {
            match index.get(p) {
                Some(&j) => parent_index = Some(j),
                None => {
                    let below = rows[i..].iter().any(|r| r.code.trim() == p);
                    let why = if below {
                        "nằm dưới dòng này; dòng cha phải đứng trước các dòng con"
                    } else {
                        "không có trong bảng"
                    };
                    let why_en = if below {
                        "comes below this row; a parent must come before its children"
                    } else {
                        "is not in the table"
                    };
                    cx.item_error(
                        "E0411",
                        field,
                        i,
                        msg!(
                            "{label}, dòng {code}: dòng cha `{p}` {why}",
                            "{field}, row {code}: the parent row `{p}` {why_en}"
                        ),
                    );
                }
            }
        }
        if index.contains_key(code) {
            cx.item_error(
                "E0412",
                field,
                i,
                msg!(
                    "{label}: mã dòng `{code}` đã dùng cho một dòng phía trên; mỗi dòng một mã riêng",
                    "{field}: the row code `{code}` is already used above; each row needs its own code"
                ),
            );
        } else {
            index.insert(code, i);
        }
        if let Some(unit) = row.unit.as_deref() {
            let folded = crate::text::fold(unit.trim());
            if !matches!(folded.as_str(), "dong" | "d" | "vnd") {
                cx.item_error(
                    "E0415",
                    field,
                    i,
                    msg!(
                        "{label}, dòng {code}: đơn vị `{unit}`; số liệu ngân sách ghi bằng đồng (1 triệu đồng viết 1.000.000)",
                        "{field}, row {code}: unit `{unit}`; budget amounts are written in whole đồng (one million is 1.000.000)"
                    ),
                );
            }
        }
        if row.total_of.is_some() && table != BudgetTable::Balance
            || row.total_of == Some(BudgetTable::Balance)
        {
            cx.item_error(
                "E0417",
                field,
                i,
                msg!(
                    "{label}, dòng {code}: `total_of` chỉ dùng trên bảng cân đối, để chỉ dòng bằng tổng của bảng thu, chi, chi đầu tư hoặc hoạt động tài chính khác",
                    "{field}, row {code}: `total_of` belongs on the balance table, naming the revenue, expenditure, investment or other-activities table the row totals"
                ),
            );
        }
        let level = parent_index.map_or(0, |j| levels[j] + 1);
        levels.push(level);
        parents.push(parent_index);
        let percent = match (row.estimate, row.execution) {
            (Some(e), Some(x)) => percent_tenths(x, e).map(|t| t as f64 / 10.0),
            _ => None,
        };
        lines.push(BudgetLine {
            table,
            code: code.to_string(),
            parent: row.parent.as_deref().map(|p| p.trim().to_string()),
            name: row.name.clone(),
            unit: row.unit.clone().unwrap_or_else(|| "đồng".to_string()),
            level,
            of_which: row.of_which,
            estimate: row.estimate,
            execution: row.execution,
            percent,
        });
    }
    check_sums(rows, &parents, table, cx);
}

/// The amount columns a row may fill, with their Vietnamese names.
const COLUMNS: [(&str, &str); 2] = [("dự toán", "estimate"), ("thực hiện", "execution")];

/// The value of column `c` of a row.
fn column(row: &BudgetRow, c: usize) -> Option<Money> {
    if c == 0 {
        row.estimate
    } else {
        row.execution
    }
}

/// Each parent equals the sum of its children (not counting "trong đó"
/// rows), column by column; a "trong đó" row is never above its parent.
/// Reported at the parent row, with what the children add up to.
fn check_sums(
    rows: &[BudgetRow],
    parents: &[Option<usize>],
    table: BudgetTable,
    cx: &mut CheckContext,
) {
    let field = table.field();
    let label = table.label();
    for (p, parent) in rows.iter().enumerate() {
        let children: Vec<usize> = (0..rows.len()).filter(|&i| parents[i] == Some(p)).collect();
        if children.is_empty() {
            continue;
        }
        let code = parent.code.trim();
        for (c, (col_vi, col_en)) in COLUMNS.iter().enumerate() {
            let Some(written) = column(parent, c) else {
                continue;
            };
            for &i in children.iter().filter(|&&i| rows[i].of_which) {
                if let Some(v) = column(&rows[i], c) {
                    if v > written {
                        let child = rows[i].code.trim();
                        cx.item_error(
                            "E0408",
                            field,
                            i,
                            msg!(
                                "{label}, dòng {child} (trong đó) ghi {col_vi} {v}, lớn hơn dòng {code} chứa nó ({written})",
                                "{field}, row {child} (of which) has {col_en} {v}, more than the row {code} it is part of ({written})"
                            ),
                        );
                    }
                }
            }
            let parts: Vec<(&str, Money)> = children
                .iter()
                .filter(|&&i| !rows[i].of_which)
                .filter_map(|&i| column(&rows[i], c).map(|v| (rows[i].code.trim(), v)))
                .collect();
            if parts.is_empty() {
                continue;
            }
            let Some(sum) = Money::checked_sum(parts.iter().map(|(_, v)| *v)) else {
                cx.item_error(
                    "E0416",
                    field,
                    p,
                    msg!(
                        "{label}, dòng {code}: cộng các dòng con vượt quá giới hạn tính toán; có số tiền bị gõ thừa chữ số",
                        "{field}, row {code}: the children overflow when added; an amount has too many digits"
                    ),
                );
                continue;
            };
            if sum != written {
                let codes: Vec<&str> = parts.iter().map(|(c, _)| *c).collect();
                let codes = codes.join(", ");
                let diff = Money(written.0.saturating_sub(sum.0).saturating_abs());
                cx.item_error(
                    "E0410",
                    field,
                    p,
                    msg!(
                        "{label}, dòng {code}: cột {col_vi} ghi {written} nhưng cộng các dòng con ({codes}) được {sum}; chênh lệch {diff}",
                        "{field}, row {code}: the {col_en} column says {written} but its children ({codes}) add up to {sum}; difference {diff}"
                    ),
                )
                .help = Some(Box::new(msg!(
                    "Sửa số của dòng {code} hoặc của các dòng con; dòng \"trong đó\" không cộng vào thì ghi `of_which: true`.",
                    "Fix row {code} or its children; mark an \"of which\" row that is not one of the parts with `of_which: true`."
                )));
            }
        }
    }
}

/// The balance rows marked `total_of` equal the totals (top-level rows) of
/// the tables they name; a balance table beside a revenue or expenditure
/// table says which of its rows are their totals.
fn check_balance(b: &Budget, cx: &mut CheckContext) {
    if b.balance.is_empty() {
        return;
    }
    for (i, row) in b.balance.iter().enumerate() {
        let Some(target) = row.total_of.filter(|t| *t != BudgetTable::Balance) else {
            continue;
        };
        if b.table(target).is_empty() {
            continue;
        }
        let (estimate, execution) = b.total(target);
        let code = row.code.trim();
        let other = target.label();
        for (c, total) in [estimate, execution].into_iter().enumerate() {
            let (Some(written), Some(total)) = (column(row, c), total) else {
                continue;
            };
            if written != total {
                let (col_vi, col_en) = COLUMNS[c];
                let other_en = target.field();
                let diff = Money(written.0.saturating_sub(total.0).saturating_abs());
                cx.item_error(
                    "E0413",
                    "balance",
                    i,
                    msg!(
                        "bảng cân đối, dòng {code}: cột {col_vi} ghi {written} nhưng tổng {other} là {total}; chênh lệch {diff}",
                        "balance, row {code}: the {col_en} column says {written} but the {other_en} table totals {total}; difference {diff}"
                    ),
                )
                .help = Some(Box::new(msg!(
                    "Tổng của một bảng là tổng các dòng không có dòng cha; sửa dòng {code} hoặc bảng {other}.",
                    "A table's total is the sum of its rows without a parent; fix row {code} or the {other_en} table."
                )));
            }
        }
    }
    for target in [BudgetTable::Revenue, BudgetTable::Expenditure] {
        let marked = b.balance.iter().any(|r| r.total_of == Some(target));
        if !marked && !b.table(target).is_empty() {
            let (other, name) = (target.label(), target.field());
            cx.warning(
                "W0414",
                "balance",
                msg!(
                    "bảng cân đối không có dòng nào ghi `total_of: {name}`, nên không đối chiếu được với {other}",
                    "no balance row says `total_of: {name}`, so the balance cannot be compared with the {name} table"
                ),
            )
            .help = Some(Box::new(msg!(
                "Thêm `total_of: {name}` vào dòng tổng tương ứng của bảng cân đối.",
                "Add `total_of: {name}` to the matching total row of the balance."
            )));
        }
    }
}

/// The first run of digits in a form's name: `Biểu số 110/CK TC-NSNN` → 110.
fn form_number(text: &str) -> Option<&str> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// `form` is one of the stage's forms, and each table has a form at this
/// stage (`[budget_forms]` of the law data).
fn check_forms(b: &Budget, cx: &mut CheckContext) {
    let config = cx.config;
    let Some(rule) = config.law.budget_forms.get(b.stage.slug()) else {
        return;
    };
    let stage = b.stage.label();
    let basis = &rule.basis;
    if let Some(form) = &b.form {
        let known: Vec<&str> = rule.all().filter_map(form_number).collect();
        if !form_number(form).is_some_and(|n| known.contains(&n)) {
            let known = known.join(", ");
            cx.warning(
                "W0409",
                "form",
                msg!(
                    "`form: {form}` không phải biểu mẫu của {stage} (các biểu số {known}; {basis})",
                    "`form: {form}` is not a form of the {stage} (forms {known}; {basis})"
                ),
            );
        }
    }
    for table in BudgetTable::ALL {
        if !b.table(table).is_empty() && rule.form(table.field()).is_none() {
            let (label, field) = (table.label(), table.field());
            cx.warning(
                "W0409",
                field,
                msg!(
                    "{stage} không có biểu mẫu cho {label} ({basis})",
                    "the {stage} has no form for the {field} table ({basis})"
                ),
            );
        }
    }
}

/// The document is dated no later than the disclosure.
fn check_decision(b: &Budget, cx: &mut CheckContext) {
    let Some(d) = &b.decision else {
        return;
    };
    if d.date > cx.common.published {
        let (date, published, number) = (d.date.short(), cx.common.published.short(), &d.number);
        cx.error(
            "E0419",
            "decision",
            msg!(
                "văn bản {number} ngày {date}, sau ngày công khai {published}",
                "the document {number} is dated {date}, after it was published on {published}"
            ),
        );
    }
}

/// Circular 343 Art. 18: the estimate sent to the Council within 5 working
/// days of sending it, the approved estimate and the final accounts within
/// 30 days of the document, quarterly and 6-monthly execution within 15
/// days of the period's end. The limits are `[deadlines]` of the law data,
/// which of them applies `[budget_forms]`.
fn check_deadline(b: &Budget, cx: &mut CheckContext) {
    let law = &cx.config.law;
    let (start, limit) = match crate::comply::rules::budget_deadline(b, law) {
        BudgetDeadline::None => return,
        BudgetDeadline::NeedsDecision => {
            let label = b.stage.label();
            cx.warning(
                "W0407",
                "stage",
                msg!(
                    "{label} cần `decision` (số, ngày văn bản) để tính thời hạn công khai",
                    "the {label} needs `decision` (number and date) to check the time limit for disclosure"
                ),
            )
            .help = Some(Box::new(msg!(
                "Thêm `decision: {{number: \"…\", date: YYYY-MM-DD}}`.",
                "Add `decision: {{number: \"…\", date: YYYY-MM-DD}}`."
            )));
            return;
        }
        BudgetDeadline::Runs { start, limit, .. } => (start, limit),
    };
    let published = cx.common.published;
    let Some(verdict) = crate::comply::rules::budget_timeliness(b, law, published) else {
        return;
    };
    let Some(last) = verdict.last.filter(|_| verdict.late) else {
        return;
    };
    let (from_vi, from_en) = match b.stage {
        BudgetStage::Execution => ("ngày kết thúc kỳ", "the end of the period"),
        BudgetStage::EstimateSubmitted => (
            "ngày gửi đại biểu Hội đồng nhân dân",
            "the day it was sent to the Council delegates",
        ),
        _ => ("ngày ban hành văn bản", "the day the document was issued"),
    };
    let what = match (b.stage, b.period) {
        (BudgetStage::Execution, Some(p)) => {
            format!("{} {} {}", b.stage.label(), p.label(), b.fiscal_year)
        }
        (stage, _) => format!("{} {}", stage.label(), b.fiscal_year),
    };
    let limit_text = match (limit.working_days, limit.days) {
        (Some(n), _) => format!("{n} ngày làm việc"),
        (None, Some(n)) => format!("{n} ngày"),
        (None, None) => String::new(),
    };
    let limit_en = match (limit.working_days, limit.days) {
        (Some(n), _) => format!("{n} working days"),
        (None, Some(n)) => format!("{n} days"),
        (None, None) => String::new(),
    };
    let late = last.days_until(published);
    let (start, last, shown, basis) =
        (start.short(), last.short(), published.short(), &limit.basis);
    cx.warning(
        "W0405",
        "published",
        msg!(
            "{what} phải công khai trong {limit_text} kể từ {from_vi} ({start}), chậm nhất ngày {last}; công khai ngày {shown} là muộn {late} ngày ({basis})",
            "the {what} must be disclosed within {limit_en} of {from_en} ({start}), by {last}; published on {shown} is {late} days late ({basis})"
        ),
    );
}
