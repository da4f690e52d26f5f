//! What each page reads, recorded while it is rendered: the records a page
//! shows (through the template objects of [`super::objects`] and the
//! functions that look records up for it), the link facts it shows, and the
//! lists it walks. `serve` keeps these per page, turns them around into an
//! index (what is read → the pages that read it) and renders again exactly
//! the pages that read something that changed.

use crate::model::Kind;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// Something a page reads; when it changes, the page is out of date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dep {
    /// A record of a ward (a shared record, in each ward), by id: any of
    /// its fields, and whether it is in the ward at all.
    Record(String, String),
    /// The link facts of a record of a ward: the records citing it and the
    /// record replacing it.
    Links(String, String),
    /// The record a document number (its identifier key) names in a ward.
    Identifier(String, String),
    /// The records of one kind in a ward, in their order.
    Kind(String, Kind),
    /// Everything in a ward: its profile and every record (a ward's home
    /// counts them all).
    Ward(String),
    /// Every ward (the portal lists them all).
    Site,
}

/// A page of the site, as the render names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKey {
    /// The portal, `index.html`.
    Portal,
    /// A ward's home.
    Home(String),
    /// A ward's search page.
    Search(String),
    /// A ward's list of one kind.
    List(String, Kind),
    /// A record's page, by ward and id.
    Record(String, String),
}

/// The reads of one page, noted from any thread while it renders.
#[derive(Debug, Clone, Default)]
pub struct Reads(Arc<Mutex<BTreeSet<Dep>>>);

impl Reads {
    /// Notes that the page reads `dep`.
    pub fn add(&self, dep: Dep) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(dep);
        }
    }

    /// The reads noted, sorted.
    pub fn take(&self) -> Vec<Dep> {
        self.0
            .lock()
            .map(|mut set| std::mem::take(&mut *set).into_iter().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::model::RecordData;

    #[test]
    fn pages_report_what_they_read() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let today = Date::parse("2026-11-22").expect("date");
        let checked = crate::build::check(&root, today, &[]).expect("check");
        let theme = crate::render::Theme::load(None).expect("theme");
        let (_, recorded) =
            crate::render::render_recorded(&checked.site, &checked.links, &theme, None)
                .expect("render");
        let reads = recorded.reads;
        let of = |page: &PageKey| {
            reads
                .iter()
                .find(|(p, _)| p == page)
                .map(|(_, deps)| deps.clone())
                .unwrap_or_else(|| panic!("no reads for {page:?}"))
        };
        let ward = &checked.site.wards[0];
        let slug = ward.slug.clone();
        for r in ward.records.iter() {
            let deps = of(&PageKey::Record(slug.clone(), r.id.clone()));
            assert!(deps.contains(&Dep::Record(slug.clone(), r.id.clone())));
            assert!(deps.contains(&Dep::Links(slug.clone(), r.id.clone())));
            // A land record's page shows the titles of its dialogues.
            if let RecordData::Land(l) = &r.data {
                assert!(!l.dialogues.is_empty());
                for d in &l.dialogues {
                    assert!(deps.contains(&Dep::Record(slug.clone(), d.clone())), "{d}");
                }
            }
            // The default theme shows no counts of the ward on a record page.
            assert!(!deps.contains(&Dep::Ward(slug.clone())), "{}", r.id);
        }
        let list = of(&PageKey::List(slug.clone(), Kind::Fund));
        assert!(list.contains(&Dep::Kind(slug.clone(), Kind::Fund)));
        assert!(of(&PageKey::Home(slug.clone())).contains(&Dep::Ward(slug.clone())));
        assert_eq!(of(&PageKey::Portal), vec![Dep::Site]);
    }
}
