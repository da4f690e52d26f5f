//! The checks of the law data once read: every Art. 11 item present, the
//! kinds, dialogue types, budget stages and deadlines it names known, the
//! holidays in their year, the thresholds and months in range.

use super::Law;
use crate::model::budget::BudgetStage;
use crate::model::dialogue::DialogueType;
use crate::model::serde_names::enum_variants;

/// Checks a deserialised law; on error, the message and the key to point at.
pub(super) fn check(law: &Law) -> Result<(), (String, Option<String>)> {
    for n in 1..=14u8 {
        if !law.items.contains_key(&n.to_string()) {
            return Err((format!("thiếu `[items.{n}]` (khoản {n} Điều 11)"), None));
        }
    }
    for (key, item) in &law.items {
        if !key.parse::<u8>().is_ok_and(|n| (1..=14).contains(&n)) {
            let m = format!("`[items.{key}]`: Điều 11 chỉ có các khoản 1 đến 14");
            return Err((m, Some(key.clone())));
        }
        if let Some(k) = item
            .kinds
            .iter()
            .find(|k| crate::model::Kind::from_name(k).is_none_or(|kind| kind.slug() != k.as_str()))
        {
            let m = format!("`[items.{key}]`: không có loại hồ sơ `{k}`");
            return Err((m, Some(k.clone())));
        }
    }
    // The names a law file may use are those of the model's enums.
    let dialogue_types = enum_variants::<DialogueType>().unwrap_or_default();
    for (key, rule) in &law.dialogue_types {
        if !dialogue_types.contains(&key.as_str()) {
            let m = format!("`[dialogue_types.{key}]`: không có loại đối thoại này");
            return Err((m, Some(key.clone())));
        }
        if let Some(n) = rule.items.iter().find(|n| !(1..=14).contains(*n)) {
            let m = format!("`[dialogue_types.{key}]`: khoản {n} không có trong Điều 11");
            return Err((m, Some(key.clone())));
        }
    }
    for key in law.privacy.fields.keys() {
        let mut parts = key.splitn(3, '.');
        let (kind, table, column) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let known = crate::model::Kind::from_name(kind)
            .filter(|k| k.slug() == kind)
            .is_some_and(|k| crate::model::names::is_column(k, table, column));
        if !known {
            let m = format!(
                "`[privacy.fields.\"{key}\"]`: không có cột `{table}.{column}` chứa tên trong loại hồ sơ `{kind}`"
            );
            return Err((m, Some(key.clone())));
        }
    }
    for (key, year) in &law.holidays {
        let y: Option<i32> = key.parse().ok();
        let stray = year
            .days_off
            .iter()
            .chain(&year.working_saturdays)
            .find(|d| Some(d.year()) != y);
        if let Some(d) = stray {
            let m = format!(
                "`[holidays.{key}]`: ngày {} không thuộc năm {key}",
                d.short()
            );
            return Err((m, Some(d.iso())));
        }
        if let Some(d) = year.working_saturdays.iter().find(|d| d.weekday() != 5) {
            let m = format!("`[holidays.{key}]`: {} không phải thứ Bảy", d.short());
            return Err((m, Some(d.iso())));
        }
    }
    for (name, t) in [
        ("contribution_group", &law.thresholds.contribution_group),
        ("contribution_ward", &law.thresholds.contribution_ward),
        ("self_management", &law.thresholds.self_management),
    ] {
        let [num, den] = t.share;
        if den == 0 || num > den {
            let m = format!("`[thresholds.{name}]`: tỷ lệ {num}/{den} không hợp lệ");
            return Err((m, Some(name.to_string())));
        }
    }
    if !(1..=12).contains(&law.dialogue_conference.warn_from_month) {
        let m = "`warn_from_month` phải là tháng từ 1 đến 12".to_string();
        return Err((m, Some("warn_from_month".into())));
    }
    let budget_stages = enum_variants::<BudgetStage>().unwrap_or_default();
    for (stage, forms) in &law.budget_forms {
        if !budget_stages.contains(&stage.as_str()) {
            let m = format!("`[budget_forms.{stage}]`: không có giai đoạn ngân sách này");
            return Err((m, Some(stage.clone())));
        }
        if let Some(d) = &forms.deadline {
            if !law.deadlines.all().iter().any(|(k, _)| k == d) {
                let m = format!(
                    "`[budget_forms.{stage}]`: không có thời hạn `{d}` trong `[deadlines]`"
                );
                return Err((m, Some(d.clone())));
            }
        }
    }
    for (name, t) in law.deadlines.all() {
        if t.days.is_some() == t.working_days.is_some() {
            let m = format!("`{name}`: ghi đúng một trong `days` hoặc `working_days`");
            return Err((m, Some(name.to_string())));
        }
    }
    Ok(())
}
