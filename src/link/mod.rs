//! Link stage: works out each record's status on the build date, which
//! records cite or replace which, and assembles the final [`Site`].

mod mask;

use crate::date::{Date, PostedUntil};
use crate::load::Loaded;
use crate::model::{DeclaredStatus, Links, Record, Site, Status, Ward, WardProfile};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Who replaces whom in a ward: a replaced record's id → the record whose
/// `supersedes` names it. Search results and feeds name the new record
/// from this, as the page's banner does from [`Links::superseded_by`].
pub fn replacements(w: &Ward) -> std::collections::HashMap<&str, &Record> {
    w.records
        .iter()
        .filter_map(|r| r.common.supersedes.as_deref().map(|old| (old, &**r)))
        .collect()
}

/// The words that tell a replaced record's reader which record replaces it
/// and since when, in search results and feed entries.
pub fn replaced_note(new: &Record) -> String {
    format!(
        "Đã được thay thế bởi «{}» ({}).",
        new.common.title,
        new.common.published.short()
    )
}

/// The part of linking that concerns one record alone: its status on `today`
/// (being replaced is seen later, by [`assemble`]) and the masking of
/// personal names by the law data's `[privacy]`. Phase one of the pipeline (`build::record_phase`).
pub fn prepare(r: &mut Record, today: Date, law: &crate::law::Law) {
    r.status = status(r, today, false);
    mask::mask_personal_data(r, &law.privacy);
}

/// Assembles the site from records already prepared with [`prepare`]:
/// drops drafts and records not yet published, marks replaced records,
/// works out citations. Wards without a readable profile are left out (the
/// validate stage has reported why).
pub fn assemble(loaded: Loaded, today: Date) -> (Site, Links) {
    let mut links = Links::default();
    let shared: Vec<Arc<Record>> = loaded
        .shared
        .into_iter()
        .filter(|r| visible(r, today))
        .collect();
    let mut wards = Vec::new();
    for w in loaded.wards {
        let Some(profile) = w.profile else { continue };
        let mut records: Vec<Arc<Record>> = shared
            .iter()
            .cloned()
            .chain(w.records.into_iter().filter(|r| visible(r, today)))
            .collect();
        link_ward(&w.slug, &mut records, &mut links);
        wards.push(Ward {
            slug: w.slug,
            profile: profile_clean(profile),
            profile_file: w.profile_file,
            records,
        });
    }
    for v in links.cited_by.values_mut() {
        v.sort();
    }
    (
        Site {
            config: loaded.config,
            root: loaded.root,
            today,
            wards,
            history: Default::default(),
        },
        links,
    )
}

/// The facts across the records of one ward: marks the records another one
/// replaces as superseded, puts the records in page order (kind, newest
/// first, id), and adds the ward's document numbers, citations and
/// replacements to `links`. [`assemble`] runs it for every ward; `serve`
/// runs it again over a ward whose records it swapped, to see whether the
/// swap changed any of these facts.
pub fn link_ward(slug: &str, records: &mut [Arc<Record>], links: &mut Links) {
    let superseded: BTreeMap<String, String> = records
        .iter()
        .filter_map(|r| r.common.supersedes.clone().map(|old| (old, r.id.clone())))
        .collect();
    for r in records.iter_mut() {
        if superseded.contains_key(&r.id) && r.status != Status::Superseded {
            // Copies the record only where it is replaced: a shared
            // document can be replaced in one ward and not another.
            Arc::make_mut(r).status = Status::Superseded;
        }
    }
    records.sort_by(|a, b| {
        (a.kind, std::cmp::Reverse(a.common.published), &a.id).cmp(&(
            b.kind,
            std::cmp::Reverse(b.common.published),
            &b.id,
        ))
    });
    let index = crate::identifier::Index::of_records(records.iter().map(|r| &**r));
    // A record cites the documents it names in its legal bases, its title,
    // summary and body, when exactly one document of the ward fits; an
    // ambiguous reference is no citation (check notes it).
    let mut citing: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in records.iter() {
        for (id, _) in crate::identifier::mentions(r) {
            if let crate::identifier::Resolved::One(target) = index.resolve(&id) {
                if target != r.id {
                    citing.entry(target).or_default().push(&r.id);
                }
            }
        }
    }
    for (target, mut ids) in citing {
        ids.sort_unstable();
        ids.dedup();
        links.cited_by.insert(
            (slug.to_string(), target.to_string()),
            ids.into_iter().map(str::to_string).collect(),
        );
    }
    for (old, new) in superseded {
        links.superseded_by.insert((slug.to_string(), old), new);
    }
    links
        .identifiers
        .insert(slug.to_string(), index.unambiguous());
}

fn profile_clean(mut p: WardProfile) -> WardProfile {
    p.former_units.sort_by_key(|u| natural_key(&u.name));
    // A way left blank (`hotline: ""`, as the scaffold writes them) is no
    // way: the pages then leave it out, and no form posts to an empty address.
    if let Some(f) = p.feedback.as_mut() {
        let blank = |v: &mut Option<String>| {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *v = None;
            }
        };
        blank(&mut f.email);
        blank(&mut f.hotline);
        blank(&mut f.postal_address);
        blank(&mut f.form_endpoint);
        if f.city_system
            .as_ref()
            .is_some_and(|c| c.name.trim().is_empty())
        {
            f.city_system = None;
        }
        if let Some(b) = f.inspection_board.as_mut() {
            blank(&mut b.phone);
            blank(&mut b.email);
        }
        if f.inspection_board
            .as_ref()
            .is_some_and(|b| b.head.trim().is_empty())
        {
            f.inspection_board = None;
        }
    }
    p
}

/// Sorts "Phường 2" before "Phường 10".
fn natural_key(s: &str) -> (String, u64) {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let text: String = s.chars().filter(|c| !c.is_ascii_digit()).collect();
    (text, digits.parse().unwrap_or(0))
}

pub(crate) fn visible(r: &Record, today: Date) -> bool {
    r.common.status != Some(DeclaredStatus::Draft) && r.common.published <= today
}

fn status(r: &Record, today: Date, is_superseded: bool) -> Status {
    if is_superseded || r.common.status == Some(DeclaredStatus::Superseded) {
        return Status::Superseded;
    }
    if r.common.status == Some(DeclaredStatus::Expired) {
        return Status::Expired;
    }
    match r.common.posted_until {
        Some(PostedUntil::Permanent) => Status::Posted,
        Some(PostedUntil::Date(d)) if d >= today => Status::Posted,
        Some(PostedUntil::Date(_)) => Status::Expired,
        None => Status::Published,
    }
}
