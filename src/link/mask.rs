//! Masking of personal names: from the link stage on, no stage (page,
//! search, data files) sees the full name of a holder, donor or resident
//! unless the record publishes it.

use crate::model::{Record, RecordData};

/// Replaces personal names by initials unless the record publishes them:
/// from here on no stage (page, search, data files) can see the full names.
pub(super) fn mask_personal_data(r: &mut Record) {
    match &mut r.data {
        RecordData::Land(l) if !l.publish_holders => {
            for p in l.parcels.iter_mut().filter(|p| !p.organisation) {
                if let Some(h) = &mut p.holder {
                    *h = mask_name(h);
                }
            }
        }
        RecordData::Fund(f) if !f.publish_donors => {
            for rc in f.receipts.iter_mut().filter(|rc| !rc.organisation) {
                rc.from = mask_name(&rc.from);
            }
        }
        RecordData::Dialogue(d) => {
            for item in &mut d.items {
                if let Some(who) = &mut item.asked_by {
                    *who = mask_name(who);
                }
            }
        }
        // Office holders in a confidence vote are named by their office:
        // only the people handled in a case are masked.
        RecordData::Inspection(x) if !x.publish_names => {
            for p in &mut x.persons {
                p.name = mask_name(&p.name);
            }
        }
        _ => {}
    }
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

    #[test]
    fn masks_names_to_initials() {
        assert_eq!(mask_name("Nguyễn Văn An"), "N.V.A.");
        assert_eq!(mask_name("Hộ ông Trần Minh Đức"), "Hộ ông T.M.Đ.");
        assert_eq!(mask_name("bà Lê Thị Hồng"), "bà L.T.H.");
        assert_eq!(mask_name(""), "***");
    }

    /// The people an inspection handled are masked unless the record
    /// publishes them; office holders in a vote never are.
    #[test]
    fn inspection_masks_the_people_handled_not_the_office_holders() {
        let text = |publish: bool| {
            format!(
                "---\ntitle: T\npublished: 2026-06-03\ndisclosure_item: 10\n\
                 inspection_type: confidence_vote\npublish_names: {publish}\n\
                 conclusion: {{number: \"1/NQ-HĐND\", issued: 2026-06-01, issuer: HĐND}}\n\
                 persons: [{{name: Đỗ Văn Dũng, measure: Khiển trách}}]\n\
                 vote: {{method: rating, held: 2026-06-01, members: 5, voters: 5,\n\
                 \x20 holders: [{{name: Nguyễn Minh Tâm, title: Chủ tịch, high: 5, confidence: 0, low: 0}}]}}\n---\n"
            )
        };
        let config = crate::config::Config::default();
        for (publish, shown) in [(false, "Đ.V.D."), (true, "Đỗ Văn Dũng")] {
            let (record, diags) = crate::load::parse_record(
                &config,
                std::path::Path::new("."),
                crate::model::Kind::Inspection,
                std::path::Path::new("content/w/inspection/x.md"),
                text(publish).as_bytes(),
            );
            let mut r = record.unwrap_or_else(|| panic!("{diags:?}"));
            mask_personal_data(&mut r);
            let RecordData::Inspection(x) = &r.data else {
                panic!("not an inspection");
            };
            assert_eq!(x.persons[0].name, shown);
            let holders = &x.vote.as_ref().expect("vote").holders;
            assert_eq!(holders[0].name, "Nguyễn Minh Tâm");
        }
    }
}
