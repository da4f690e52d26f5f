//! What a change changed: which records it touched, which facts that pages
//! read differ between the old and the new site, the pages that read them,
//! and the files of the previous site that are gone. Pure functions over
//! two sites; the session acts on their answers.

use crate::model::{Kind, Links, Record, Site, Ward};
use crate::render::{Dep, Made, Output, PageKey, WardPart};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether a record came from one of the changed paths.
pub(super) fn touched(r: &Record, sources: &[PathBuf]) -> bool {
    sources.iter().any(|p| under(&r.source.path, p))
}

/// `path.starts_with(prefix)`, comparing bytes: it runs for every record at
/// every rebuild, and comparing path components is much slower.
pub(super) fn under(path: &Path, prefix: &Path) -> bool {
    let (p, q) = (
        path.as_os_str().as_encoded_bytes(),
        prefix.as_os_str().as_encoded_bytes(),
    );
    let separator = |b: u8| std::path::is_separator(char::from(b));
    p.starts_with(q)
        && (p.len() == q.len()
            || q.is_empty()
            || separator(p[q.len()])
            || q.last().is_some_and(|&b| separator(b)))
}

/// A site's wards (with their records) and links, as a change compares them.
pub(super) struct View<'a> {
    pub(super) wards: Vec<(&'a Ward, &'a [Arc<Record>])>,
    pub(super) links: &'a Links,
    pub(super) language: &'a str,
}

impl<'a> View<'a> {
    pub(super) fn of(site: &'a Site, links: &'a Links) -> View<'a> {
        View {
            wards: site
                .wards
                .iter()
                .map(|w| (w, w.records.as_slice()))
                .collect(),
            links,
            language: &site.config.language,
        }
    }
}

/// What a change from `old` to `new` changed of what pages read (see
/// [`render::deps`]), and the records added or removed, ward by ward.
/// `None` when wards came or went, or the language changed: then every
/// page is rendered again.
pub(super) fn changed_reads(
    old: &View,
    new: &View,
    sources: &[PathBuf],
) -> Option<(BTreeSet<Dep>, BTreeMap<String, WardPart>)> {
    let slugs = |v: &View| {
        v.wards
            .iter()
            .map(|(w, _)| w.slug.clone())
            .collect::<Vec<_>>()
    };
    if slugs(old) != slugs(new) || old.language != new.language {
        return None;
    }
    let mut changed = BTreeSet::new();
    let mut part: BTreeMap<String, WardPart> = BTreeMap::new();
    for ((ow, old_records), (nw, new_records)) in old.wards.iter().zip(&new.wards) {
        let slug = &nw.slug;
        let profile = |w: &Ward| serde_json::to_string(&w.profile).unwrap_or_default();
        if profile(ow) != profile(nw) || sources.iter().any(|p| nw.profile_file.starts_with(p)) {
            // The profile is on every page of the ward.
            let all = WardPart {
                all: true,
                ..WardPart::default()
            };
            part.insert(slug.clone(), all);
            changed.insert(Dep::Ward(slug.clone()));
            continue;
        }
        let count = changed.len();
        let (old_ids, new_ids) = (by_id(old_records), by_id(new_records));
        let mut came_or_went = BTreeSet::new();
        for id in old_ids.keys().chain(new_ids.keys()) {
            let differs = match (old_ids.get(id), new_ids.get(id)) {
                (Some(o), Some(n)) => {
                    touched(o, sources)
                        || touched(n, sources)
                        || o.status != n.status
                        || o.kind != n.kind
                }
                _ => {
                    came_or_went.insert(id.to_string());
                    true
                }
            };
            if differs {
                changed.insert(Dep::Record(slug.clone(), id.to_string()));
            }
        }
        for kind in Kind::ALL {
            let ids = |records: &[Arc<Record>]| -> Vec<String> {
                records
                    .iter()
                    .filter(|r| r.kind == kind)
                    .map(|r| r.id.clone())
                    .collect()
            };
            if ids(old_records) != ids(new_records) {
                changed.insert(Dep::Kind(slug.clone(), kind));
            }
        }
        let in_ward = |k: &&(String, String)| &k.0 == slug;
        let (a, b) = (old.links, new.links);
        for key in a.cited_by.keys().chain(b.cited_by.keys()).filter(in_ward) {
            if a.cited_by.get(key) != b.cited_by.get(key) {
                changed.insert(Dep::Links(slug.clone(), key.1.clone()));
            }
        }
        for key in a
            .superseded_by
            .keys()
            .chain(b.superseded_by.keys())
            .filter(in_ward)
        {
            if a.superseded_by.get(key) != b.superseded_by.get(key) {
                changed.insert(Dep::Links(slug.clone(), key.1.clone()));
            }
        }
        let (x, y) = (a.identifiers.get(slug), b.identifiers.get(slug));
        for key in x.iter().chain(y.iter()).flat_map(|m| m.keys()) {
            if x.and_then(|m| m.get(key)) != y.and_then(|m| m.get(key)) {
                changed.insert(Dep::Identifier(slug.clone(), key.clone()));
            }
        }
        if changed.len() > count {
            changed.insert(Dep::Ward(slug.clone()));
            part.entry(slug.clone())
                .or_default()
                .records
                .extend(came_or_went);
        }
    }
    if !changed.is_empty() {
        changed.insert(Dep::Site);
    }
    Some((changed, part))
}

/// A ward's records by id.
fn by_id(records: &[Arc<Record>]) -> HashMap<&str, &Arc<Record>> {
    records.iter().map(|r| (r.id.as_str(), r)).collect()
}

/// The pages a change affects, ward by ward: every page that read
/// something the change changed, by the reads kept in `readers`, and the
/// pages of records added or removed. `None` when every page must be
/// rendered again (see [`changed_reads`]).
pub(super) fn affected(
    readers: &HashMap<Dep, BTreeSet<PageKey>>,
    old: View,
    new: View,
    sources: &[PathBuf],
) -> Option<BTreeMap<String, WardPart>> {
    let (changed, mut part) = changed_reads(&old, &new, sources)?;
    for page in changed.iter().filter_map(|d| readers.get(d)).flatten() {
        match page {
            PageKey::Record(w, id) => {
                part.entry(w.clone())
                    .or_default()
                    .records
                    .insert(id.clone());
            }
            PageKey::List(w, kind) => {
                part.entry(w.clone()).or_default().kinds.insert(*kind);
            }
            // A ward in the part has its home and search page rendered.
            PageKey::Home(w) | PageKey::Search(w) => {
                part.entry(w.clone()).or_default();
            }
            // Rendered with every part.
            PageKey::Portal => {}
        }
    }
    Some(part)
}

/// Files of the previous site that a partial render of the wards in `part`
/// no longer makes: of the files kept with what they were made for
/// (`made`, noted by the render), those made for a part this render covered
/// (a record, a kind's list, any page of the ward made with any part of it,
/// or a whole ward) and not in `fresh`. Files without such a fact (the open
/// data files) are left to their own bookkeeping.
pub(super) fn gone(
    part: &BTreeMap<String, WardPart>,
    made: &HashMap<PathBuf, Made>,
    fresh: &HashMap<PathBuf, Output>,
) -> Vec<PathBuf> {
    let mut gone: Vec<PathBuf> = made
        .iter()
        .filter(|(path, m)| m.made_again(part) && !fresh.contains_key(*path))
        .map(|(path, _)| path.clone())
        .collect();
    gone.sort();
    gone
}

/// Whether two outputs give the same file.
pub(super) fn same(a: &Output, b: &Output) -> bool {
    match (a, b) {
        (Output::Bytes(p, x), Output::Bytes(q, y)) => p == q && x == y,
        (Output::Copy(p, x), Output::Copy(q, y)) => p == q && x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{gone, under};
    use crate::model::Kind;
    use crate::render::{Made, Output, WardPart};
    use std::collections::{BTreeMap, HashMap};
    use std::path::{Path, PathBuf};

    /// The files of two wards `a` and `b`, each with what it was made for.
    fn made() -> HashMap<PathBuf, Made> {
        let mut made = HashMap::new();
        for w in ["a", "b"] {
            let ward = || w.to_string();
            for (path, m) in [
                ("index.html", Made::Ward(ward())),
                ("cam-ket/qua-han-trang-2.html", Made::Ward(ward())),
                // A view no list of folders ever named.
                ("tin-moi/trang-3.html", Made::Ward(ward())),
                ("fund/index.html", Made::List(ward(), Kind::Fund)),
                (
                    "fund/danh-sach/trang-2.html",
                    Made::List(ward(), Kind::Fund),
                ),
                (
                    "land/danh-sach/trang-2.html",
                    Made::List(ward(), Kind::Land),
                ),
                ("fund/x.html", Made::Record(ward(), "x".into())),
                ("files/x/bien-ban.txt", Made::Record(ward(), "x".into())),
                ("fund/y.html", Made::Record(ward(), "y".into())),
                ("files/y/anh.jpg", Made::Record(ward(), "y".into())),
                ("assets/ward.css", Made::Whole(ward())),
                ("search/index.json", Made::Index(ward())),
            ] {
                made.insert(Path::new(w).join(path), m);
            }
        }
        made.insert(PathBuf::from("index.html"), Made::Site);
        made
    }

    fn fresh(paths: &[&str]) -> HashMap<PathBuf, Output> {
        paths
            .iter()
            .map(|p| {
                (
                    PathBuf::from(p),
                    Output::Bytes(PathBuf::from(p), Vec::new()),
                )
            })
            .collect()
    }

    #[test]
    fn a_partial_render_drops_only_what_it_covered_and_did_not_make_again() {
        let mut part = BTreeMap::new();
        part.insert(
            "a".to_string(),
            WardPart {
                all: false,
                kinds: [Kind::Fund].into_iter().collect(),
                records: ["x".to_string()].into_iter().collect(),
            },
        );
        // The render made the ward's home, the fund list's first page and
        // the portal again; nothing else.
        let fresh = fresh(&["a/index.html", "a/fund/index.html", "index.html"]);
        let got = gone(&part, &made(), &fresh);
        let want: Vec<PathBuf> = [
            "a/cam-ket/qua-han-trang-2.html",
            "a/files/x/bien-ban.txt",
            "a/fund/danh-sach/trang-2.html",
            "a/fund/x.html",
            "a/tin-moi/trang-3.html",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        // Never a file of the ward `b`, of the record `y`, of the land list,
        // nor the ward's assets and search index, which this render did not
        // cover.
        assert_eq!(got, want);
    }

    #[test]
    fn a_ward_rendered_whole_drops_any_file_of_it_not_made_again() {
        let mut part = BTreeMap::new();
        let all = WardPart {
            all: true,
            ..WardPart::default()
        };
        part.insert("b".to_string(), all);
        let fresh = fresh(&[
            "b/index.html",
            "b/fund/y.html",
            "b/search/index.json",
            "index.html",
        ]);
        let got = gone(&part, &made(), &fresh);
        assert_eq!(got.len(), 9, "{got:?}");
        assert!(got.iter().all(|p| p.starts_with("b")), "{got:?}");
        assert!(got.contains(&PathBuf::from("b/assets/ward.css")));
    }

    #[test]
    fn under_compares_whole_components() {
        assert!(under(
            Path::new("content/a/fund/x.md"),
            Path::new("content/a")
        ));
        assert!(under(Path::new("content/a"), Path::new("content/a")));
        assert!(under(Path::new("content/a/x.md"), Path::new("content/a/")));
        assert!(!under(Path::new("content/ab/x.md"), Path::new("content/a")));
        assert!(under(Path::new("content/a/x.md"), Path::new("")));
    }
}
