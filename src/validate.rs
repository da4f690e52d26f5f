//! Validate stage: each record's own checks (beside its fields, in `model/`),
//! the rules common to all records, and the checks across records and wards.

use crate::date::{Date, PostedUntil};
use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::model::{CheckContext, Form, Kind, Record, RecordData};
use std::collections::{BTreeMap, BTreeSet};

/// Runs every check; fills in computed fields (totals, overdue flags).
pub fn validate(loaded: &mut Loaded, today: Date) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let config = loaded.config.clone();
    let check = |r: &mut Record, diags: &mut Vec<Diagnostic>| {
        let mut cx = CheckContext {
            source: &r.source,
            config: &config,
            common: &r.common,
            today,
            diags: Vec::new(),
        };
        check_common(&mut cx);
        match &mut r.data {
            RecordData::Plan(x) => x.validate(&mut cx),
            RecordData::Land(x) => x.validate(&mut cx),
            RecordData::Fund(x) => x.validate(&mut cx),
            RecordData::Dialogue(x) => x.validate(&mut cx),
            RecordData::Document(x) => x.validate(&mut cx),
            RecordData::Procedure(x) => x.validate(&mut cx),
        }
        check_timeliness(r, &mut cx);
        diags.extend(cx.diags);
    };
    for r in &mut loaded.shared {
        check(r, &mut diags);
    }
    for w in &mut loaded.wards {
        for r in &mut w.records {
            check(r, &mut diags);
        }
    }
    diags.extend(check_wards(loaded));
    for w in &loaded.wards {
        diags.extend(check_references(&w.records, &loaded.shared));
    }
    diags
}

fn check_common(cx: &mut CheckContext) {
    let c = cx.common;
    if !(1..=14).contains(&c.disclosure_item) {
        cx.error("E0110", "disclosure_item", format!("`disclosure_item: {}` phải là số khoản từ 1 đến 14 của Điều 11", c.disclosure_item))
            .help = Some("Ví dụ: 1 kế hoạch kinh tế - xã hội, 3 đất đai, 5 quỹ và đóng góp, 11 kết quả lấy ý kiến, 13 thủ tục hành chính.".into());
    }
    match c.posted_until {
        Some(PostedUntil::Date(until)) if until < c.published => {
            cx.error(
                "E0111",
                "posted_until",
                format!(
                    "ngày hết niêm yết {} trước ngày công khai {}",
                    until.short(),
                    c.published.short()
                ),
            );
        }
        Some(PostedUntil::Date(until)) if c.forms.contains(&Form::OfficePosting) => {
            let days = c.published.days_until(until) + 1;
            let min = i64::from(cx.config.durations.posting_days);
            if days < min {
                cx.error("E0112", "posted_until", format!(
                    "niêm yết tại trụ sở {days} ngày, ít hơn tối thiểu {min} ngày liên tục (Điều 13 Luật 10/2022/QH15)"
                ))
                .help = Some(format!(
                    "Niêm yết ít nhất đến ngày {}.",
                    c.published.add_days(min - 1).map(|d| d.short()).unwrap_or_default()
                ).into());
            }
        }
        _ => {}
    }
    if matches!(c.disclosure_item, 4 | 13)
        && !matches!(c.posted_until, Some(PostedUntil::Permanent))
    {
        cx.warning(
            "W0113",
            "posted_until",
            format!(
                "nội dung khoản {} Điều 11 phải được công khai thường xuyên",
                c.disclosure_item
            ),
        )
        .help = Some("Thêm `posted_until: permanent`.".into());
    }
    if let Some(s) = &c.supersedes {
        if !crate::text::is_slug(s) {
            cx.error(
                "E0311",
                "supersedes",
                format!("`supersedes: {s}` không phải mã hồ sơ"),
            );
        }
    }
}

/// Art. 12: disclosure within 5 working days of the decision (a warning).
fn check_timeliness(r: &Record, cx: &mut CheckContext) {
    let decided = match &r.data {
        RecordData::Plan(p) => p.issued,
        RecordData::Dialogue(d) => Some(d.held),
        _ => None,
    };
    let Some(decided) = decided else { return };
    let limit = i64::from(cx.config.durations.disclosure_working_days);
    let late = decided.working_days_until(r.common.published);
    if late > limit {
        let field = if r.kind == Kind::Dialogue {
            "held"
        } else {
            "issued"
        };
        cx.warning("W0114", field, format!(
            "công khai sau {late} ngày làm việc kể từ {}, quá thời hạn {limit} ngày làm việc (Điều 12 Luật 10/2022/QH15)",
            decided.short()
        ));
    }
}

fn check_wards(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut codes: BTreeMap<&str, &str> = BTreeMap::new();
    for w in &loaded.wards {
        let Some(p) = &w.profile else { continue };
        let line_of = |key: &str| {
            std::fs::read_to_string(loaded.root.join(&w.profile_file))
                .ok()
                .and_then(|t| t.lines().position(|l| l.starts_with(key)).map(|i| i + 1))
                .unwrap_or(1)
        };
        if p.code.len() != 5 || !p.code.bytes().all(|b| b.is_ascii_digit()) {
            diags.push(
                Diagnostic::error("E0301", w.profile_file.clone(), line_of("code"), format!("mã đơn vị hành chính `{}` phải gồm đúng 5 chữ số", p.code))
                    .with_help("Tra mã trong danh mục đơn vị hành chính 2025, ví dụ Bàn Cờ là \"27154\" (đặt trong ngoặc kép để giữ số 0 ở đầu)."),
            );
            continue;
        }
        match crate::units::lookup(&p.code) {
            None => diags.push(Diagnostic::error(
                "E0302",
                w.profile_file.clone(),
                line_of("code"),
                format!(
                    "mã `{}` không có trong danh mục {} đơn vị hành chính cấp xã năm 2025",
                    p.code,
                    crate::units::count()
                ),
            )),
            Some(unit) => {
                if crate::text::fold(unit.name) != crate::text::fold(&p.name) {
                    diags.push(
                        Diagnostic::error(
                            "E0303",
                            w.profile_file.clone(),
                            line_of("name"),
                            format!("mã {} là `{}`, không phải `{}`", p.code, unit.name, p.name),
                        )
                        .with_help(format!("Sửa `name: {}` hoặc kiểm tra lại mã.", unit.name)),
                    );
                }
                if crate::text::fold(unit.province) != crate::text::fold(&p.province) {
                    diags.push(Diagnostic::error(
                        "E0303",
                        w.profile_file.clone(),
                        line_of("province"),
                        format!(
                            "mã {} thuộc `{}`, không phải `{}`",
                            p.code, unit.province, p.province
                        ),
                    ));
                }
            }
        }
        if let Some(other) = codes.insert(&p.code, &w.slug) {
            diags.push(Diagnostic::error(
                "E0304",
                w.profile_file.clone(),
                line_of("code"),
                format!("hai phường `{other}` và `{}` cùng mã {}", w.slug, p.code),
            ));
        }
    }
    diags
}

fn check_references(records: &[Record], shared: &[Record]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: BTreeMap<&str, &Record> = BTreeMap::new();
    for r in shared.iter().chain(records) {
        if let Some(first) = seen.insert(&r.id, r) {
            diags.push(
                Diagnostic::error(
                    "E0310",
                    r.source.path.clone(),
                    r.source.field_line("id"),
                    format!(
                        "mã hồ sơ `{}` trùng với `{}`",
                        r.id,
                        first.source.path.display()
                    ),
                )
                .with_help(
                    "Mỗi hồ sơ trong một phường cần một mã riêng: đổi tên tệp hoặc trường `id`.",
                ),
            );
        }
    }
    let ids: BTreeSet<&str> = seen.keys().copied().collect();
    let identifiers: BTreeSet<String> = shared
        .iter()
        .chain(records)
        .filter_map(|r| match &r.data {
            RecordData::Document(d) => crate::identifier::key(&d.number),
            RecordData::Plan(p) => p.number.as_deref().and_then(crate::identifier::key),
            _ => None,
        })
        .collect();
    for r in records {
        if let Some(s) = &r.common.supersedes {
            if !ids.contains(s.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "E0311",
                        r.source.path.clone(),
                        r.source.field_line("supersedes"),
                        format!("`supersedes: {s}` trỏ tới hồ sơ không tồn tại"),
                    )
                    .with_help("Ghi mã (tên tệp không có đuôi) của hồ sơ được thay thế."),
                );
            } else if s == &r.id {
                diags.push(Diagnostic::error(
                    "E0311",
                    r.source.path.clone(),
                    r.source.field_line("supersedes"),
                    "hồ sơ không thể tự thay thế chính nó",
                ));
            }
        }
        if let RecordData::Land(l) = &r.data {
            for (i, d) in l.dialogues.iter().enumerate() {
                let ok = seen
                    .get(d.as_str())
                    .is_some_and(|t| t.kind == Kind::Dialogue);
                if !ok {
                    diags.push(Diagnostic::error(
                        "E0312",
                        r.source.path.clone(),
                        r.source.item_line("dialogues", i),
                        format!("không có hồ sơ đối thoại `{d}`"),
                    ));
                }
            }
        }
        for (i, basis) in r.common.legal_basis.iter().enumerate() {
            if let Some(key) = crate::identifier::key(basis) {
                if !identifiers.contains(&key) {
                    diags.push(Diagnostic::note(
                        "N0313",
                        r.source.path.clone(),
                        r.source.item_line("legal_basis", i),
                        format!("căn cứ `{basis}` chưa có trong kho; trang sẽ hiện dạng chữ, không có liên kết"),
                    ));
                }
            }
        }
    }
    diags
}
