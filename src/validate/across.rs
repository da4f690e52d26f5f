//! The checks across records and wards: ward codes against the national
//! list, duplicate ids, and references (replacements, dialogues, legal
//! bases) that point nowhere.

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::law::Law;
use crate::load::{Loaded, LoadedWard};
use crate::model::{Kind, Record, RecordData};
use crate::msg;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The checks across records and wards (ids, references, ward codes), for
/// records already checked one by one with [`check_record`].
pub fn validate_across(loaded: &Loaded, today: Date) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    diags.extend(check_wards(loaded));
    let mut missing = Vec::new();
    diags.extend(validate_wards(loaded, today, &mut missing));
    diags.extend(missing_citations(missing));
    diags
}

/// The checks across the ward profiles of `loaded` (codes against the
/// national list, two wards with one code): the part of
/// [`validate_across`] that needs every ward, and no record.
pub fn validate_ward_codes(loaded: &Loaded) -> Vec<Diagnostic> {
    check_wards(loaded)
}

/// The part of [`validate_across`] that looks inside each ward of `loaded`
/// alone (its records and the shared ones); the documents cited and not in
/// the repository are added to `missing`, for [`missing_citations`] once
/// every ward has been checked.
pub fn validate_wards(loaded: &Loaded, today: Date, missing: &mut Vec<Missing>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for w in &loaded.wards {
        diags.extend(check_dialogue_conferences(w, &loaded.config.law, today));
        diags.extend(check_fund_chains(&w.records));
        diags.extend(check_land_clocks(&w.records, &loaded.config.law, today));
    }
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
            missing,
        ));
    }
    diags
}

/// Art. 32.1: the People's Committee holds at least one dialogue conference
/// with residents each year. A year is reported once it is over, or from
/// `warn_from_month` of the year; the years run from the law's first year,
/// the ward's establishment and the year of its first published record to
/// the build date.
fn check_dialogue_conferences(w: &LoadedWard, law: &Law, today: Date) -> Vec<Diagnostic> {
    let Some(profile) = &w.profile else {
        return Vec::new();
    };
    let rule = &law.dialogue_conference;
    let years = crate::comply::rules::conference_years(&w.records, profile.established, law, today);
    let (line, column) = w.profile_source.field_position("name");
    let mut diags = Vec::new();
    for y in years.iter().filter(|y| y.due && !y.met()) {
        let (year, count) = (y.year, y.held.len());
        let (name, per_year, basis) = (&profile.name, rule.per_year, &rule.basis);
        diags.push(
            Diagnostic::warning(
                "W0320",
                w.profile_file.clone(),
                line,
                msg!(
                    "năm {year}, {name} có {count} hội nghị trao đổi, đối thoại với Nhân dân (`dialogue_type: annual_conference`), ít hơn {per_year} lần mỗi năm ({basis})",
                    "in {year}, {name} records {count} dialogue conferences with residents (`dialogue_type: annual_conference`), fewer than {per_year} a year ({basis})"
                ),
            )
            .at_column(column)
            .with_help(msg!(
                "Công khai kết quả hội nghị năm {year} trong thư mục `dialogue/` của phường.",
                "Publish the results of the {year} conference in the ward's `dialogue/` folder."
            )),
        );
    }
    diags
}

/// Consecutive reports of one fund (same source and purpose, one period
/// starting the day after the other ends) chain: the opening balance of a
/// period is the closing balance of the one before.
fn check_fund_chains(records: &[Arc<Record>]) -> Vec<Diagnostic> {
    let mut funds: BTreeMap<(String, String), Vec<&Record>> = BTreeMap::new();
    for r in records {
        if let RecordData::Fund(f) = &r.data {
            let key = (
                format!("{:?}", f.source),
                crate::text::fold(f.purpose.trim()),
            );
            funds.entry(key).or_default().push(r);
        }
    }
    let mut diags = Vec::new();
    for reports in funds.values_mut() {
        reports.sort_by_key(|r| match &r.data {
            RecordData::Fund(f) => f.period_start,
            _ => r.common.published,
        });
        for pair in reports.windows(2) {
            let (RecordData::Fund(prev), RecordData::Fund(next)) = (&pair[0].data, &pair[1].data)
            else {
                continue;
            };
            let follows = prev.period_end.add_days(1) == Some(next.period_start);
            if !follows || next.opening_balance == prev.closing_balance {
                continue;
            }
            let (opening, closing) = (next.opening_balance, prev.closing_balance);
            let (end, other) = (
                prev.period_end.short(),
                pair[0].source.path.display().to_string(),
            );
            let (line, column) = pair[1].source.field_position("opening_balance");
            diags.push(
                Diagnostic::warning(
                    "W0248",
                    pair[1].source.path.clone(),
                    line,
                    msg!(
                        "số dư đầu kỳ {opening} khác số dư cuối kỳ trước ({closing} ngày {end}, `{other}`)",
                        "the opening balance {opening} differs from the previous closing balance ({closing} on {end}, `{other}`)"
                    ),
                )
                .at_column(column),
            );
        }
    }
    diags
}

/// Land Law Art. 85 and 87, through the clocks of each land project
/// ([`crate::law::clocks`], which a project's page draws too):
/// - W0254: the land is recovered at least 90 days (agricultural land) or
///   180 days (other land) after the recovery notice; reported on the
///   recovery decision when the parcels give the land type;
/// - W0255: when opinions against a compensation plan remain, a land
///   dialogue is held within the limit after the posting ends; reported on
///   the plan, against the earliest land dialogue it links, or, with none
///   linked, once the limit is past.
fn check_land_clocks(records: &[Arc<Record>], law: &Law, today: Date) -> Vec<Diagnostic> {
    use crate::law::clocks::{self, ClockStatus};
    let held = clocks::dialogues_held(records);
    let by_id: HashMap<&str, &Record> = records.iter().map(|r| (r.id.as_str(), &**r)).collect();
    let mut diags = Vec::new();
    for project in clocks::land_projects(records).values() {
        for clock in clocks::clocks(project, &held, law, today) {
            let (Some(r), ClockStatus::Missed) = (by_id.get(clock.record.as_str()), clock.status)
            else {
                continue;
            };
            let (days, basis) = (clock.days, &clock.basis);
            let (field, code, message) = match (clock.key, clock.agricultural, clock.done) {
                ("recovery_notice", Some(agricultural), Some(decided)) => {
                    let Some(notice) = by_id.get(clock.from_record.as_str()) else {
                        continue;
                    };
                    let taken = law.days_counted(clock.from, decided);
                    let (noticed, decided) = (clock.from.short(), decided.short());
                    let other = notice.source.path.display().to_string();
                    let land = if agricultural {
                        "đất nông nghiệp"
                    } else {
                        "đất phi nông nghiệp"
                    };
                    (
                        "decided",
                        "W0254",
                        msg!(
                            "quyết định thu hồi ngày {decided} chỉ sau thông báo thu hồi ngày {noticed} {taken} ngày; thu hồi {land} phải thông báo trước ít nhất {days} ngày ({basis}; `{other}`)",
                            "the recovery decision of {decided} comes only {taken} days after the notice of {noticed}; recovering this land ({land}) needs at least {days} days' notice ({basis}; `{other}`)"
                        ),
                    )
                }
                ("dialogue", _, first) => {
                    let disagree = match &r.data {
                        RecordData::Land(l) => l.consultation.as_ref().map_or(0, |c| c.disagree),
                        _ => 0,
                    };
                    let (end_text, last_text) = (clock.from.short(), clock.due.short());
                    match first {
                        Some(h) => {
                            let h = h.short();
                            (
                                "dialogues",
                                "W0255",
                                msg!(
                                    "còn {disagree} ý kiến không đồng ý phương án; đối thoại ngày {h} muộn hơn {days} ngày sau khi hết niêm yết ({end_text}), hạn cuối {last_text} ({basis})",
                                    "{disagree} opinions against the plan remain; the dialogue of {h} is later than {days} days after the posting ended ({end_text}), by {last_text} ({basis})"
                                ),
                            )
                        }
                        None => (
                            "consultation",
                            "W0255",
                            msg!(
                                "còn {disagree} ý kiến không đồng ý phương án nhưng không có hồ sơ đối thoại (`dialogues`) trong {days} ngày sau khi hết niêm yết ({end_text}), hạn cuối {last_text} ({basis})",
                                "{disagree} opinions against the plan remain but no dialogue (`dialogues`) is recorded within {days} days after the posting ended ({end_text}), by {last_text} ({basis})"
                            ),
                        ),
                    }
                }
                // The posting and the publication of a plan are checked on
                // the record alone (E0251, W0252).
                _ => continue,
            };
            let (line, column) = r.source.field_position(field);
            diags.push(
                Diagnostic::warning(code, r.source.path.clone(), line, message).at_column(column),
            );
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
        let closings: Vec<(&str, usize, &str)> = match &r.data {
            RecordData::Dialogue(d) => d
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| it.closed_by.as_deref().map(|c| ("items", i, c)))
                .collect(),
            RecordData::Plan(p) => p
                .tasks
                .iter()
                .enumerate()
                .filter_map(|(i, t)| t.closed_by.as_deref().map(|c| ("tasks", i, c)))
                .collect(),
            _ => Vec::new(),
        };
        for (field, i, doc) in closings {
            let is_record = |id: &str| seen.contains_key(id) || unreadable.contains(id);
            if crate::comply::rules::closing_document(doc, is_record, &index)
                == crate::comply::rules::Closing::Missing
            {
                diags.push(
                    Diagnostic::note(
                        "N0500",
                        r.source.path.clone(),
                        r.source.item_line(field, i),
                        msg!(
                            "văn bản hoàn thành `{doc}` (`closed_by`) không có trong kho: trang theo dõi cam kết chỉ hiện dạng chữ, không có liên kết",
                            "the closing document `{doc}` (`closed_by`) is not in the repository: the commitments page shows it as text, without a link"
                        ),
                    )
                    .with_help(msg!(
                        "Công khai văn bản đó (thư mục `document/` của phường hoặc `content/_shared/document/`), hoặc ghi đúng số, ký hiệu hay mã hồ sơ của nó.",
                        "Publish that document (the ward's `document/` folder or `content/_shared/document/`), or write its number and symbol or record id correctly."
                    )),
                );
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
/// A document cited and not in the repository: its key, where it is cited
/// (file, line), and whether in a text (not only as a legal basis).
pub type Missing = (String, std::path::PathBuf, usize, bool);

/// The citations of documents missing from the repository, kept as
/// [`missing_citations`] needs them: per document, how many times it is
/// cited, its first citation (by file, then line) and whether any citation
/// is in a text. Its size follows the documents missing, not the citations,
/// so a build adds every ward's to it.
#[derive(Debug, Default)]
pub struct MissingTally(BTreeMap<String, Tally>);

/// What [`MissingTally`] keeps of one document.
#[derive(Debug)]
struct Tally {
    /// Citations.
    count: usize,
    /// The first one: file, line, in a text.
    first: (std::path::PathBuf, usize, bool),
    /// Whether any is in a text.
    in_text: bool,
}

impl MissingTally {
    /// Counts one citation.
    pub fn add(&mut self, (key, file, line, in_text): Missing) {
        match self.0.get_mut(&key) {
            Some(t) => {
                t.count += 1;
                t.in_text |= in_text;
                let here = (file, line, in_text);
                if here < t.first {
                    t.first = here;
                }
            }
            None => {
                let first = (file, line, in_text);
                let tally = Tally {
                    count: 1,
                    first,
                    in_text,
                };
                self.0.insert(key, tally);
            }
        }
    }

    /// Counts every citation of `missing`.
    pub fn extend(&mut self, missing: impl IntoIterator<Item = Missing>) {
        missing.into_iter().for_each(|m| self.add(m));
    }

    /// [`missing_citations`] of every citation counted.
    pub fn diagnostics(self) -> Vec<Diagnostic> {
        (self.0.into_iter())
            .filter(|(_, t)| t.in_text)
            .map(|(key, t)| {
                let (n, (file, line, _)) = (t.count, t.first);
                Diagnostic::note(
                    "N0315",
                    file,
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
}

/// One note per identifier cited in a text of the repository and missing
/// from it, with how many times it is cited (legal bases included), at its
/// first citation: which texts a ward should add first.
pub fn missing_citations(missing: Vec<Missing>) -> Vec<Diagnostic> {
    let mut tally = MissingTally::default();
    tally.extend(missing);
    tally.diagnostics()
}

#[cfg(test)]
mod tests {
    use super::{missing_citations, Missing, MissingTally};
    use std::path::PathBuf;

    fn cite(key: &str, file: &str, line: usize, in_text: bool) -> Missing {
        (key.into(), PathBuf::from(file), line, in_text)
    }

    /// Citations counted ward after ward, in any order, give the notes of
    /// all of them at once: one per document cited in a text, with every
    /// citation counted, at the first by file and line.
    #[test]
    fn missing_documents_are_counted_as_they_come() {
        let all = vec![
            cite("10/2022/qh15", "b/x.md", 4, true),
            cite("10/2022/qh15", "a/y.md", 9, false),
            cite("10/2022/qh15", "a/y.md", 3, false),
            cite("5/2024/nd-cp", "a/z.md", 1, false),
            cite("7/2023/tt", "c/w.md", 2, true),
            cite("7/2023/tt", "c/w.md", 2, true),
        ];
        let notes = missing_citations(all.clone());
        let mut tally = MissingTally::default();
        for ward in all.rchunks(2) {
            tally.extend(ward.iter().cloned());
        }
        assert_eq!(tally.diagnostics(), notes);
        // Cited only as a legal basis: no note.
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].file, PathBuf::from("a/y.md"));
        assert_eq!(notes[0].line, 3);
        assert!(
            notes[0].message.vi.contains("3 lần"),
            "{}",
            notes[0].message.vi
        );
        assert!(
            notes[1].message.vi.contains("2 lần"),
            "{}",
            notes[1].message.vi
        );
    }
}
