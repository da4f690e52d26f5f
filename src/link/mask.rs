//! Masking of personal names: from the link stage on, no stage (page,
//! search, data files, feeds) sees the full name of a holder, donor,
//! beneficiary or citizen unless the record publishes it. Which columns hold
//! personal names, and which may be published and on what basis, is the
//! law data's `[privacy]` (see `crate::law::Privacy`); where a column is
//! in a record is `crate::model::names`. One path for every kind.

use crate::law::Privacy;
use crate::model::names::{self, NameCell, NameColumn};
use crate::model::Record;
use std::collections::BTreeMap;

/// Replaces personal names by initials unless the record publishes them
/// (`publish_names`, or the kind's own switch) and the law data gives the
/// basis for publishing; notes on the record what was decided per column.
pub(super) fn mask_personal_data(r: &mut Record, privacy: &Privacy) {
    let mut decided = Vec::new();
    for (path, rule) in privacy.columns(r.kind.slug()) {
        let Some((table, name)) = path.split_once('.') else {
            continue;
        };
        let Some(column) = names::column(r.kind, table, name) else {
            continue;
        };
        let asked = r.common.publish_names.iter().any(|p| p == path) || (column.switch)(&r.data);
        let basis = rule.publish_basis.as_ref().filter(|_| asked);
        if basis.is_none() {
            mask_column((column.cells)(&mut r.data));
        }
        decided.push(NameColumn {
            column: path.to_string(),
            published: basis.is_some(),
            basis: basis.unwrap_or(&privacy.basis).clone(),
        });
    }
    r.names = decided;
}

/// Masks the cells of one column (organisations keep their names). Two
/// different names that mask alike get a number in the order they first
/// appear (`N.V.A. (1)`, `N.V.A. (2)`), so a resident still finds their
/// line; the same name twice keeps the same number.
fn mask_column(cells: Vec<NameCell<'_>>) {
    let mut cells: Vec<NameCell<'_>> = cells.into_iter().filter(|c| !c.organisation).collect();
    let masked: Vec<String> = cells.iter().map(|c| mask_name(c.text)).collect();
    // Masked form → the distinct full names behind it, in order of first
    // appearance (compared without case and extra spaces).
    let mut behind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (cell, m) in cells.iter().zip(&masked) {
        let key = same_name_key(cell.text);
        let names = behind.entry(m.as_str()).or_default();
        if !names.contains(&key) {
            names.push(key);
        }
    }
    let numbered: Vec<String> = cells
        .iter()
        .zip(&masked)
        .map(|(cell, m)| match behind.get(m.as_str()) {
            Some(names) if names.len() > 1 => {
                let key = same_name_key(cell.text);
                let n = names.iter().position(|x| *x == key).unwrap_or(0) + 1;
                format!("{m} ({n})")
            }
            _ => m.clone(),
        })
        .collect();
    for (cell, text) in cells.iter_mut().zip(numbered) {
        *cell.text = text;
    }
}

/// A name as compared for numbering: lower case, single spaces.
fn same_name_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Masks a personal name for publication: `Nguyễn Văn An` → `N.V.A.`;
/// a leading household word is kept (`Hộ ông Trần Minh` → `Hộ ông T.M.`).
pub fn mask_name(name: &str) -> String {
    const KEEP: &[&str] = &[
        "hộ", "ông", "bà", "anh", "chị", "cô", "chú", "gia", "đình", "hộ:",
    ];
    let mut kept = Vec::new();
    let mut initials = String::new();
    for word in name.split_whitespace() {
        if initials.is_empty() && KEEP.contains(&word.to_lowercase().as_str()) {
            kept.push(word.to_string());
        } else if let Some(c) = word.chars().next() {
            initials.extend(c.to_uppercase());
            initials.push('.');
        }
    }
    if initials.is_empty() {
        return "***".to_string();
    }
    kept.push(initials);
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::names::NameCell;

    #[test]
    fn masks_names_to_initials() {
        assert_eq!(mask_name("Nguyễn Văn An"), "N.V.A.");
        assert_eq!(mask_name("Hộ ông Trần Minh Đức"), "Hộ ông T.M.Đ.");
        assert_eq!(mask_name("bà Lê Thị Hồng"), "bà L.T.H.");
        assert_eq!(mask_name(""), "***");
    }

    #[test]
    fn initials_that_collide_get_a_number_the_same_name_keeps_its_own() {
        let mut texts = [
            "Nguyễn Văn An".to_string(),
            "Trần Thị Bình".to_string(),
            "Nguyễn Văn Anh".to_string(),
            "nguyễn  văn an".to_string(),
            "Công ty Ánh Dương".to_string(),
        ];
        let cells: Vec<NameCell<'_>> = texts
            .iter_mut()
            .enumerate()
            .map(|(i, text)| NameCell {
                text,
                organisation: i == 4,
            })
            .collect();
        mask_column(cells);
        assert_eq!(
            texts,
            [
                "N.V.A. (1)",
                "T.T.B.",
                "N.V.A. (2)",
                "N.V.A. (1)",
                "Công ty Ánh Dương"
            ]
        );
    }

    /// The people an inspection handled are masked unless the record
    /// publishes them; office holders in a vote never are.
    #[test]
    fn inspection_masks_the_people_handled_not_the_office_holders() {
        let text = |publish: &str| {
            format!(
                "---\ntitle: T\npublished: 2026-06-03\ndisclosure_item: 10\n\
                 inspection_type: confidence_vote\n{publish}\
                 conclusion: {{number: \"1/NQ-HĐND\", issued: 2026-06-01, issuer: HĐND}}\n\
                 persons: [{{name: Đỗ Văn Dũng, measure: Khiển trách}}]\n\
                 vote: {{method: rating, held: 2026-06-01, members: 5, voters: 5,\n\
                 \x20 holders: [{{name: Nguyễn Minh Tâm, title: Chủ tịch, high: 5, confidence: 0, low: 0}}]}}\n---\n"
            )
        };
        let config = crate::config::Config::default();
        let privacy = crate::law::Law::embedded()
            .expect("the embedded law")
            .privacy;
        for (publish, shown) in [
            ("", "Đ.V.D."),
            ("publish_names: [persons.name]\n", "Đỗ Văn Dũng"),
        ] {
            let (record, diags) = crate::load::parse_record(
                &config,
                std::path::Path::new("."),
                crate::model::Kind::Inspection,
                std::path::Path::new("content/w/inspection/x.md"),
                text(publish).as_bytes(),
            );
            let mut r = record.unwrap_or_else(|| panic!("{diags:?}"));
            mask_personal_data(&mut r, &privacy);
            let crate::model::RecordData::Inspection(x) = &r.data else {
                panic!("not an inspection");
            };
            assert_eq!(x.persons[0].name, shown);
            let holders = &x.vote.as_ref().expect("vote").holders;
            assert_eq!(holders[0].name, "Nguyễn Minh Tâm");
        }
    }
}
