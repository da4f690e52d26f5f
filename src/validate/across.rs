//! The checks across records and wards: ward codes against the national
//! list, duplicate ids, and references (replacements, dialogues, legal
//! bases) that point nowhere.

use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::model::{Kind, Record, RecordData};
use crate::msg;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

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
