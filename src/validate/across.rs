//! The checks across records and wards: ward codes against the national
//! list, duplicate ids, and references (replacements, dialogues, legal
//! bases) that point nowhere.

use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::model::{Kind, Record, RecordData};
use crate::msg;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The checks across records and wards (ids, references, ward codes), for
/// records already checked one by one with [`check_record`].
pub fn validate_across(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    diags.extend(check_wards(loaded));
    let mut missing = Vec::new();
    for w in &loaded.wards {
        let unreadable: BTreeSet<&str> = w
            .unreadable
            .iter()
            .chain(&loaded.unreadable_shared)
            .map(String::as_str)
            .collect();
        diags.extend(check_references(
            &w.records,
            &loaded.shared,
            &unreadable,
            &mut missing,
        ));
    }
    diags.extend(missing_citations(missing));
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
    missing: &mut Vec<Missing>,
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
    let index = crate::identifier::Index::of_records(shared.iter().chain(records).map(|r| &**r));
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
            let known = *known_basis.entry(basis.as_str()).or_insert_with(|| {
                crate::identifier::parse(&crate::identifier::normalize(basis).to_uppercase())
                    .map(|id| index.resolve(&id) != crate::identifier::Resolved::Missing)
            });
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
        for (id, at) in crate::identifier::mentions(r) {
            let line = mention_line(r, at);
            match index.resolve(&id) {
                crate::identifier::Resolved::One(_) => {}
                crate::identifier::Resolved::Ambiguous(ids) => {
                    let (written, ids) = (id.key(), ids.join("`, `"));
                    diags.push(
                        Diagnostic::note(
                            "N0314",
                            r.source.path.clone(),
                            line,
                            msg!(
                                "`{written}` khớp với nhiều văn bản trong kho (`{ids}`): không tạo liên kết",
                                "`{written}` matches several documents in the repository (`{ids}`): no link is made"
                            ),
                        )
                        .with_help(msg!(
                            "Ghi đủ số, năm và ký hiệu (ví dụ `59/2023/NĐ-CP`) để chỉ một văn bản.",
                            "Write the number, year and symbol in full (e.g. `59/2023/NĐ-CP`) to name one document."
                        )),
                    );
                }
                crate::identifier::Resolved::Missing => {
                    missing.push((
                        id.key(),
                        r.source.path.clone(),
                        line,
                        !matches!(at, crate::identifier::Mention::LegalBasis(_)),
                    ));
                }
            }
        }
    }
    diags
}

/// The line of the record's file where it mentions an identifier.
fn mention_line(r: &Record, at: crate::identifier::Mention) -> usize {
    use crate::identifier::Mention;
    match at {
        Mention::LegalBasis(i) => r.source.item_line("legal_basis", i),
        Mention::Field(f) => r.source.field_position(f).0,
        Mention::Body(offset) => {
            let before = r.body.get(..offset).unwrap_or("");
            r.source.body_line + before.matches('\n').count()
        }
    }
}

/// A citation of a document missing from the repository: its key, where,
/// and whether it is in a text (title, summary, body) rather than a legal
/// basis (which N0313 notes on its own).
type Missing = (String, std::path::PathBuf, usize, bool);

/// One note per identifier cited in a text of the repository and missing
/// from it, with how many times it is cited (legal bases included), at its
/// first citation: which texts a ward should add first.
fn missing_citations(mut missing: Vec<Missing>) -> Vec<Diagnostic> {
    missing.sort();
    let mut counts: BTreeMap<&str, (usize, &std::path::PathBuf, usize, bool)> = BTreeMap::new();
    for (key, file, line, in_text) in &missing {
        counts
            .entry(key.as_str())
            .and_modify(|c| {
                c.0 += 1;
                c.3 |= in_text;
            })
            .or_insert((1, file, *line, *in_text));
    }
    counts
        .into_iter()
        .filter(|(_, c)| c.3)
        .map(|(key, (n, file, line, _))| {
            Diagnostic::note(
                "N0315",
                file.clone(),
                line,
                msg!(
                    "văn bản `{key}` được dẫn {n} lần nhưng chưa có trong kho",
                    "the document `{key}` is cited {n} times but is not in the repository"
                ),
            )
            .with_help(msg!(
                "Thêm văn bản vào thư mục `document` của phường hoặc thư mục dùng chung để các trang dẫn tới nó có liên kết.",
                "Add the document to the ward's `document` folder or the shared folder so that the pages citing it link to it."
            ))
        })
        .collect()
}
