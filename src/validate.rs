//! Validate stage: each record's own checks (beside its fields, in `model/`),
//! the rules common to all records, the Markdown body, and the checks across
//! records and wards. Every finding names its file and line.

use crate::config::{Config, RawHtml};
use crate::date::{Date, PostedUntil};
use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::markdown::BodyFinding;
use crate::model::{CheckContext, Form, Kind, Record, RecordData, Source};
use crate::msg;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// Runs every check; fills in computed fields (totals, overdue flags).
pub fn validate(loaded: &mut Loaded, today: Date) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let config = loaded.config.clone();
    // Records are checked on their own in parallel; the order of the
    // findings stays the order of the records.
    let check = |r: &mut Arc<Record>| check_record(Arc::make_mut(r), &config, today);
    diags.extend(
        loaded
            .shared
            .par_iter_mut()
            .flat_map_iter(check)
            .collect::<Vec<_>>(),
    );
    for w in &mut loaded.wards {
        diags.extend(
            w.records
                .par_iter_mut()
                .flat_map_iter(check)
                .collect::<Vec<_>>(),
        );
    }
    diags.extend(validate_across(loaded));
    diags
}

/// The checks across records and wards (ids, references, ward codes), for
/// records already checked one by one with [`check_record`].
pub fn validate_across(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    diags.extend(check_wards(loaded));
    for w in &loaded.wards {
        let unreadable: BTreeSet<&str> = w
            .unreadable
            .iter()
            .chain(&loaded.unreadable_shared)
            .map(String::as_str)
            .collect();
        diags.extend(check_references(&w.records, &loaded.shared, &unreadable));
    }
    diags
}

/// The checks of one record on its own: common rules, its kind's rules,
/// timeliness and its body. Fills in computed fields.
pub fn check_record(r: &mut Record, config: &Config, today: Date) -> Vec<Diagnostic> {
    let mut cx = CheckContext {
        source: &r.source,
        config,
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
    let mut diags = cx.diags;
    diags.extend(check_timeliness(r, config));
    diags.extend(check_body(&r.body, &r.source, config.markdown.raw_html));
    diags
}

fn check_common(cx: &mut CheckContext) {
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
            let days = law.days_counted(c.published, until);
            if days < i64::from(min) {
                let last = last_day(law, c.published, min);
                let last_iso = last_iso(law, c.published, min);
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

/// The last day of a period of `min` days from `start`, counted by the
/// law's rule (Civil Code Art. 147 by default), for messages.
pub(crate) fn last_day(law: &crate::law::Law, start: Date, min: u32) -> String {
    law.period_end(start, min)
        .map(|d| d.short())
        .unwrap_or_default()
}

/// [`last_day`] in the form written in front matter (`2026-09-16`).
pub(crate) fn last_iso(law: &crate::law::Law, start: Date, min: u32) -> String {
    law.period_end(start, min)
        .map(|d| d.iso())
        .unwrap_or_default()
}

/// How the days were counted, for messages: empty when the first day counts.
pub(crate) fn counting_note(law: &crate::law::Law) -> String {
    match law.counting.rule {
        crate::law::CountingRule::ExcludeFirstDay => {
            format!(" (không tính ngày bắt đầu, {})", law.counting.basis)
        }
        crate::law::CountingRule::IncludeFirstDay => String::new(),
    }
}

/// Art. 12: disclosure within 5 working days of the decision (a warning).
fn check_timeliness(r: &Record, config: &Config) -> Option<Diagnostic> {
    let decided = match &r.data {
        RecordData::Plan(p) => p.issued,
        RecordData::Dialogue(d) => Some(d.held),
        _ => None,
    }?;
    let law = &config.law;
    let limit = config.durations.disclosure_working_days;
    let late = law.working_days_between(decided, r.common.published);
    if late <= i64::from(limit) {
        return None;
    }
    let last = law
        .add_working_days(decided, limit)
        .map(|d| d.short())
        .unwrap_or_default();
    let basis = &law.deadlines.disclosure.basis;
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
                "công khai sau {late} ngày làm việc kể từ {decided}, quá thời hạn {limit} ngày làm việc (hạn cuối: {last}; {basis})",
                "published {late} working days after {decided}, later than the {limit} working days allowed (last day: {last}; {basis})"
            ),
        )
        .at_column(column),
    )
}

/// What the renderer will change in a body, told at the body's own lines.
fn check_body(body: &str, source: &Source, raw_html: RawHtml) -> Vec<Diagnostic> {
    if body.is_empty() || source.body_line == 0 {
        return Vec::new();
    }
    let place = |offset: usize| {
        let before = &body[..offset.min(body.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            source.body_line + before.matches('\n').count(),
            before[line_start..].chars().count() + 1,
        )
    };
    let mut diags = Vec::new();
    for finding in crate::markdown::lint(body) {
        match finding {
            BodyFinding::UnsafeLink { offset, url } => {
                let (line, column) = place(offset);
                let shown: String = url.chars().take(60).collect();
                diags.push(
                    Diagnostic::warning(
                        "W0140",
                        source.path.clone(),
                        line,
                        msg!(
                            "liên kết `{shown}` không an toàn và sẽ bị bỏ (chỉ giữ chữ)",
                            "the link `{shown}` is unsafe and is removed (its text is kept)"
                        ),
                    )
                    .at_column(column)
                    .with_help(msg!(
                        "Chỉ dùng liên kết http(s), mailto, tel hoặc đường dẫn tương đối; `javascript:` và `data:` bị từ chối.",
                        "Use http(s), mailto, tel or relative links only; `javascript:` and `data:` are refused."
                    )),
                );
            }
            BodyFinding::RawHtml { offset, count } if raw_html == RawHtml::Escape => {
                let (line, column) = place(offset);
                diags.push(
                    Diagnostic::note(
                        "N0141",
                        source.path.clone(),
                        line,
                        msg!(
                            "nội dung có {count} thẻ HTML; chúng hiện ra dạng chữ, không được thực thi",
                            "the body has {count} pieces of HTML; they are shown as text, never run"
                        ),
                    )
                    .at_column(column)
                    .with_help(msg!(
                        "Dùng Markdown (bảng `|`, `**đậm**`), hoặc đặt `[markdown] raw_html = \"sanitize\"` trong congkhai.toml để giữ HTML an toàn.",
                        "Use Markdown (`|` tables, `**bold**`), or set `[markdown] raw_html = \"sanitize\"` in congkhai.toml to keep safe HTML."
                    )),
                );
            }
            BodyFinding::RawHtml { .. } => {}
            BodyFinding::UndefinedFootnote { offset, label } => {
                let (line, column) = place(offset);
                diags.push(
                    Diagnostic::warning(
                        "W0142",
                        source.path.clone(),
                        line,
                        msg!(
                            "chú thích `[^{label}]` không có nội dung",
                            "footnote `[^{label}]` has no definition"
                        ),
                    )
                    .at_column(column)
                    .with_help(msg!(
                        "Thêm ở cuối bài một dòng `[^{label}]: nội dung chú thích`.",
                        "Add a line `[^{label}]: the note` at the end of the body."
                    )),
                );
            }
        }
    }
    diags
}

fn check_wards(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut codes: BTreeMap<&str, &str> = BTreeMap::new();
    for w in &loaded.wards {
        let Some(p) = &w.profile else { continue };
        let at = |key: &str| w.profile_source.field_position(key);
        let file = || w.profile_file.clone();
        let code = &p.code;
        if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
            let (line, column) = at("code");
            diags.push(
                Diagnostic::error(
                    "E0301",
                    file(),
                    line,
                    msg!(
                        "mã đơn vị hành chính `{code}` phải gồm đúng 5 chữ số",
                        "the administrative unit code `{code}` must have exactly 5 digits"
                    ),
                )
                .at_column(column)
                .with_help(msg!(
                    "Tra mã trong danh mục đơn vị hành chính 2025, ví dụ Bàn Cờ là \"27154\" (đặt trong ngoặc kép để giữ số 0 ở đầu).",
                    "Look the code up in the 2025 list of units, e.g. Bàn Cờ is \"27154\" (quote it to keep leading zeros)."
                )),
            );
            continue;
        }
        match crate::units::lookup(code) {
            None => {
                let (line, column) = at("code");
                let count = crate::units::count();
                diags.push(
                    Diagnostic::error(
                        "E0302",
                        file(),
                        line,
                        msg!(
                            "mã `{code}` không có trong danh mục {count} đơn vị hành chính cấp xã năm 2025",
                            "the code `{code}` is not in the 2025 list of {count} commune-level units"
                        ),
                    )
                    .at_column(column),
                );
            }
            Some(unit) => {
                let (official, province) = (unit.name, unit.province);
                if crate::text::fold(official) != crate::text::fold(&p.name) {
                    let (line, column) = at("name");
                    let name = &p.name;
                    diags.push(
                        Diagnostic::error(
                            "E0303",
                            file(),
                            line,
                            msg!(
                                "mã {code} là `{official}`, không phải `{name}`",
                                "the code {code} is `{official}`, not `{name}`"
                            ),
                        )
                        .at_column(column)
                        .with_help(msg!(
                            "Sửa `name: {official}` hoặc kiểm tra lại mã.",
                            "Write `name: {official}` or check the code."
                        )),
                    );
                }
                if crate::text::fold(province) != crate::text::fold(&p.province) {
                    let (line, column) = at("province");
                    let written = &p.province;
                    diags.push(
                        Diagnostic::error(
                            "E0303",
                            file(),
                            line,
                            msg!(
                                "mã {code} thuộc `{province}`, không phải `{written}`",
                                "the code {code} belongs to `{province}`, not `{written}`"
                            ),
                        )
                        .at_column(column),
                    );
                }
            }
        }
        if let Some(other) = codes.insert(code, &w.slug) {
            let (line, column) = at("code");
            let slug = &w.slug;
            diags.push(
                Diagnostic::error(
                    "E0304",
                    file(),
                    line,
                    msg!(
                        "hai phường `{other}` và `{slug}` cùng mã {code}",
                        "two wards, `{other}` and `{slug}`, have the same code {code}"
                    ),
                )
                .at_column(column),
            );
        }
    }
    diags
}

/// Duplicate ids and references that point nowhere. References to a file
/// that exists but could not be read (`unreadable`) were reported with it.
fn check_references(
    records: &[Arc<Record>],
    shared: &[Arc<Record>],
    unreadable: &BTreeSet<&str>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // Hash maps: these run over every record at every rebuild of `serve`.
    let mut seen: HashMap<&str, &Record> = HashMap::new();
    for r in shared.iter().chain(records) {
        if let Some(first) = seen.insert(&r.id, &**r) {
            let (id, other) = (&r.id, first.source.path.display().to_string());
            let (line, column) = r.source.field_position("id");
            diags.push(
                Diagnostic::error(
                    "E0310",
                    r.source.path.clone(),
                    line,
                    msg!(
                        "mã hồ sơ `{id}` trùng với `{other}`",
                        "the record id `{id}` is already used by `{other}`"
                    ),
                )
                .at_column(column)
                .with_help(msg!(
                    "Mỗi hồ sơ trong một phường cần một mã riêng: đổi tên tệp hoặc trường `id`.",
                    "Every record of a ward needs its own id: rename the file or change `id`."
                )),
            );
        }
    }
    let identifiers: HashSet<String> = shared
        .iter()
        .chain(records)
        .filter_map(|r| match &r.data {
            RecordData::Document(d) => crate::identifier::key(&d.number),
            RecordData::Plan(p) => p.number.as_deref().and_then(crate::identifier::key),
            _ => None,
        })
        .collect();
    let mut known_basis: HashMap<&str, Option<bool>> = HashMap::new();
    for r in records {
        if let Some(s) = &r.common.supersedes {
            let (line, column) = r.source.field_position("supersedes");
            if !seen.contains_key(s.as_str()) {
                if crate::text::is_slug(s) && !unreadable.contains(s.as_str()) {
                    diags.push(
                        Diagnostic::error(
                            "E0311",
                            r.source.path.clone(),
                            line,
                            msg!(
                                "`supersedes: {s}` trỏ tới hồ sơ không tồn tại",
                                "`supersedes: {s}` points to a record that does not exist"
                            ),
                        )
                        .at_column(column)
                        .with_help(msg!(
                            "Ghi mã (tên tệp không có đuôi) của hồ sơ được thay thế, trong cùng phường.",
                            "Write the id (file name without extension) of the replaced record, in the same ward."
                        )),
                    );
                }
            } else if s == &r.id {
                diags.push(
                    Diagnostic::error(
                        "E0311",
                        r.source.path.clone(),
                        line,
                        msg!(
                            "hồ sơ không thể tự thay thế chính nó",
                            "a record cannot supersede itself"
                        ),
                    )
                    .at_column(column),
                );
            }
        }
        if let RecordData::Land(l) = &r.data {
            for (i, d) in l.dialogues.iter().enumerate() {
                let ok = unreadable.contains(d.as_str())
                    || seen
                        .get(d.as_str())
                        .is_some_and(|t| t.kind == Kind::Dialogue);
                if !ok {
                    diags.push(Diagnostic::error(
                        "E0312",
                        r.source.path.clone(),
                        r.source.item_line("dialogues", i),
                        msg!(
                            "không có hồ sơ đối thoại `{d}`",
                            "there is no dialogue record `{d}`"
                        ),
                    ));
                }
            }
        }
        for (i, basis) in r.common.legal_basis.iter().enumerate() {
            // `None` for a basis that is not an identifier; parsed once each.
            let known = *known_basis
                .entry(basis.as_str())
                .or_insert_with(|| crate::identifier::key(basis).map(|k| identifiers.contains(&k)));
            if known == Some(false) {
                diags.push(Diagnostic::note(
                    "N0313",
                    r.source.path.clone(),
                    r.source.item_line("legal_basis", i),
                    msg!(
                        "căn cứ `{basis}` chưa có trong kho; trang sẽ hiện dạng chữ, không có liên kết",
                        "the legal basis `{basis}` is not in the repository; the page shows it as text, without a link"
                    ),
                ));
            }
        }
    }
    diags
}
