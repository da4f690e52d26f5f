//! What part of the site each file was made for, noted by the code that
//! makes it as it runs: a record's page and attachments for that record, a
//! kind's list and its further pages for that list, every other page of a
//! ward for any part of the ward. `serve` keeps these facts beside the files
//! and, after rendering part of a ward again, drops the files of the parts
//! that render covered and did not make again; no list of folders says
//! which pages are whose.

use super::WardPart;
use crate::model::Kind;
use std::collections::BTreeMap;

/// What part of a ward a file is made for, as the render names it while it
/// runs (borrowed: noting it costs nothing when no one keeps it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum For<'a> {
    /// Any part of the ward: the home, what is posted now, the register,
    /// the reports, the tracker, the compliance page, the changes and search
    /// pages, the land projects' pages.
    Ward,
    /// The ward rendered whole: its assets.
    Whole,
    /// The ward's search index: made with the ward rendered whole, or alone
    /// when a browser asks for it.
    Index,
    /// A kind's list and its further pages.
    List(Kind),
    /// A record's page and attachments, by id.
    Record(&'a str),
}

impl For<'_> {
    /// Whether a render of the ward made with `only` (`None`: the whole
    /// ward) makes the files made for this part: the one rule
    /// [`super::Renderer::ward_part`] renders by.
    pub(super) fn made_by(self, only: Option<&WardPart>) -> bool {
        let Some(p) = only.filter(|p| !p.all) else {
            return true;
        };
        match self {
            For::Ward => true,
            For::Whole | For::Index => false,
            For::List(kind) => p.kinds.contains(&kind),
            For::Record(id) => p.records.contains(id),
        }
    }

    /// The fact kept for a file of the ward `slug`.
    pub(super) fn of(self, slug: &str) -> Made {
        let slug = slug.to_string();
        match self {
            For::Ward => Made::Ward(slug),
            For::Whole => Made::Whole(slug),
            For::Index => Made::Index(slug),
            For::List(kind) => Made::List(slug, kind),
            For::Record(id) => Made::Record(slug, id.to_string()),
        }
    }
}

/// What part of the site a file was made for (see the module's doc).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Made {
    /// The portal and the site-wide assets: every render makes them.
    Site,
    /// A page of a ward made with any part of it.
    Ward(String),
    /// A file of a ward made only when it is rendered whole (its assets).
    Whole(String),
    /// A ward's search index.
    Index(String),
    /// A kind's list and its further pages, by ward.
    List(String, Kind),
    /// A record's page and attachments, by ward and id.
    Record(String, String),
}

impl Made {
    /// The ward the file belongs to and the part of it it was made for;
    /// `None` for the portal's files.
    fn part(&self) -> Option<(&str, For<'_>)> {
        match self {
            Made::Site => None,
            Made::Ward(w) => Some((w, For::Ward)),
            Made::Whole(w) => Some((w, For::Whole)),
            Made::Index(w) => Some((w, For::Index)),
            Made::List(w, kind) => Some((w, For::List(*kind))),
            Made::Record(w, id) => Some((w, For::Record(id))),
        }
    }

    /// Whether a render of the wards in `part` (see
    /// [`super::render_recorded`]) makes the files made for this again:
    /// then a file of the previous site made for it that this render did
    /// not make is gone.
    pub fn made_again(&self, part: &BTreeMap<String, WardPart>) -> bool {
        match self.part() {
            None => true,
            Some((ward, made)) => part.get(ward).is_some_and(|p| made.made_by(Some(p))),
        }
    }

    /// Whether this is the search index of the ward `slug`.
    pub fn is_index_of(&self, slug: &str) -> bool {
        matches!(self, Made::Index(w) if w == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(all: bool, kinds: &[Kind], records: &[&str]) -> WardPart {
        WardPart {
            all,
            kinds: kinds.iter().copied().collect(),
            records: records.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_render_makes_again_only_the_parts_it_covers() {
        let mut parts = BTreeMap::new();
        parts.insert("a".to_string(), part(false, &[Kind::Fund], &["x"]));
        parts.insert("b".to_string(), part(true, &[], &[]));
        let again = |m: Made| m.made_again(&parts);
        assert!(again(Made::Site));
        assert!(again(Made::Ward("a".into())));
        assert!(again(Made::List("a".into(), Kind::Fund)));
        assert!(!again(Made::List("a".into(), Kind::Land)));
        assert!(again(Made::Record("a".into(), "x".into())));
        assert!(!again(Made::Record("a".into(), "y".into())));
        assert!(!again(Made::Whole("a".into())));
        assert!(!again(Made::Index("a".into())));
        // A ward rendered whole makes everything of it again.
        for m in [
            Made::Ward("b".into()),
            Made::Whole("b".into()),
            Made::Index("b".into()),
            Made::List("b".into(), Kind::Land),
            Made::Record("b".into(), "y".into()),
        ] {
            assert!(again(m));
        }
        // A ward outside the render: nothing of it.
        assert!(!again(Made::Ward("c".into())));
        assert!(!again(Made::Record("c".into(), "x".into())));
    }
}
