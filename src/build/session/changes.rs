//! What a change changed: which records it touched, which facts that pages
//! read differ between the old and the new site, the pages that read them,
//! and the files of the previous site that are gone. Pure functions over
//! two sites; the session acts on their answers.

use crate::model::{Kind, Links, Record, Site, Ward};
use crate::render::{self, Dep, Output, PageKey, WardPart};
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

/// Files of the previous site that a partial render replaced and that are
/// not in the site any more: pages and attachments of the records it
/// covered, or anything of a ward rendered whole.
pub(super) fn gone(
    old: &Site,
    part: &BTreeMap<String, WardPart>,
    outputs: &HashMap<PathBuf, Arc<Output>>,
    fresh: &HashMap<PathBuf, Output>,
) -> Vec<PathBuf> {
    let mut gone = Vec::new();
    for w in &old.wards {
        let Some(p) = part.get(&w.slug) else { continue };
        let base = Path::new(&w.slug);
        if p.all {
            gone.extend(
                outputs
                    .keys()
                    .filter(|k| k.starts_with(base) && !fresh.contains_key(*k))
                    .cloned(),
            );
            continue;
        }
        for r in w.records.iter().filter(|r| p.records.contains(&r.id)) {
            // The record's page and attachments, named as the render names them.
            let files = base.join("files").join(&r.id);
            let mut paths = vec![base.join(render::record_path(r))];
            paths.extend(r.files.iter().map(|f| files.join(&f.file_name)));
            gone.extend(
                paths
                    .into_iter()
                    .filter(|k| outputs.contains_key(k) && !fresh.contains_key(k)),
            );
        }
        // The register's quarters, the reports' periods and the further
        // pages of the ward's long lists are made again with any part of the
        // ward, a kind list's further pages with the list: those no longer
        // made are gone.
        let ward_wide = [
            crate::comply::register::FOLDER,
            crate::comply::report::FOLDER,
        ]
        .into_iter()
        .chain(render::PAGED_FOLDERS)
        .map(|f| base.join(f));
        let lists = p
            .kinds
            .iter()
            .map(|k| base.join(k.slug()).join(render::LIST_FOLDER));
        for dir in ward_wide.chain(lists) {
            gone.extend(
                outputs
                    .keys()
                    .filter(|k| k.starts_with(&dir) && !fresh.contains_key(*k))
                    .cloned(),
            );
        }
    }
    gone.extend(projects_gone(part, outputs, fresh));
    gone.sort();
    gone.dedup();
    gone
}

/// The land project pages of the wards in `part` that were not rendered
/// again: a project's pages are rendered with its ward, so one missing from
/// `fresh` is gone (its project renamed or its records removed).
pub(super) fn projects_gone(
    part: &BTreeMap<String, WardPart>,
    outputs: &HashMap<PathBuf, Arc<Output>>,
    fresh: &HashMap<PathBuf, Output>,
) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = part
        .keys()
        .map(|slug| Path::new(slug).join(render::PROJECTS_FOLDER))
        .collect();
    let mut gone: Vec<PathBuf> = outputs
        .keys()
        .filter(|k| folders.iter().any(|f| k.starts_with(f)) && !fresh.contains_key(*k))
        .cloned()
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
    use super::under;
    use std::path::Path;

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
