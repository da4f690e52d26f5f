//! Atom feeds (RFC 4287) of a ward, all kinds (`feed.atom`) and per kind
//! (`<kind>/feed.atom`), newest change first. Entry ids are `tag:` URIs made of
//! the ward's code and the record's id, so they survive a move of the site;
//! links are relative to the feed unless `base_url` is set.

use crate::date::Date;
use crate::model::{Kind, Record, Site, Ward};
use crate::render::record_path;
use std::collections::HashMap;

/// Entries in a feed: the newest, as readers poll for what is new (every
/// record stays in the ward's `data/records.json`).
pub const FEED_ENTRIES: usize = 100;

/// The `tag:` authority and date of every id.
pub const TAG_PREFIX: &str = "tag:congkhai,2025:";

/// The feed's stable id.
pub fn feed_id(w: &Ward, kind: Option<Kind>) -> String {
    match kind {
        Some(k) => format!("{TAG_PREFIX}{}/{}", w.profile.code, k.slug()),
        None => format!("{TAG_PREFIX}{}", w.profile.code),
    }
}

/// An entry's stable id.
pub fn entry_id(w: &Ward, record_id: &str) -> String {
    format!("{TAG_PREFIX}{}:{record_id}", w.profile.code)
}

/// Path of a feed inside its ward folder.
pub fn feed_path(kind: Option<Kind>) -> String {
    match kind {
        Some(k) => format!("{}/feed.atom", k.slug()),
        None => "feed.atom".into(),
    }
}

/// A date as an Atom timestamp, at midnight in Vietnam.
pub fn timestamp(d: Date) -> String {
    let mut s = String::with_capacity(25);
    push_timestamp(&mut s, d);
    s
}

/// Appends [`timestamp`]'s text to `out`.
fn push_timestamp(out: &mut String, d: Date) {
    match d.iso_bytes() {
        Some(b) => out.push_str(std::str::from_utf8(&b).unwrap_or_default()),
        None => out.push_str(&d.iso()),
    }
    out.push_str("T00:00:00+07:00");
}

fn esc(s: &str) -> String {
    super::attr(s)
}

/// When an entry last changed: its publication, a later commit that changed
/// its file (a correction shows as an update), or the publication of the
/// record that replaces it. Dates only, from the record and its history,
/// never the clock.
fn entry_updated(site: &Site, r: &Record, replaced_by: Option<&Record>) -> Date {
    let changed = site
        .history
        .of(&r.source.path)
        .iter()
        .filter(|rev| !rev.added)
        .map(|rev| rev.date)
        .max();
    [
        Some(r.common.published),
        changed,
        replaced_by.map(|n| n.common.published),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(r.common.published)
}

/// A ward's records, newest change first, each with when it last changed,
/// and which record replaces which: what all the ward's feeds list, worked
/// out once (a kind's feed keeps their order: the order is total).
pub struct Entries<'w> {
    list: Vec<(&'w Record, Date)>,
    replaced_by: HashMap<&'w str, &'w Record>,
}

/// The [`Entries`] of a ward.
pub fn entries<'w>(site: &Site, w: &'w Ward) -> Entries<'w> {
    let replaced_by = crate::link::replacements(w);
    // Newest change first: a correction or a replacement brings an entry up.
    let mut list: Vec<(&Record, Date)> = super::newest_first(w, None)
        .into_iter()
        .map(|r| {
            (
                r,
                entry_updated(site, r, replaced_by.get(r.id.as_str()).copied()),
            )
        })
        .collect();
    list.sort_by_key(|&(_, changed)| std::cmp::Reverse(changed));
    Entries { list, replaced_by }
}

/// The feed of a ward, of one kind or of all.
pub fn feed(site: &Site, w: &Ward, kind: Option<Kind>) -> Vec<u8> {
    feed_of(site, w, kind, &entries(site, w))
}

/// [`feed`], from the ward's [`entries`].
pub fn feed_of(site: &Site, w: &Ward, kind: Option<Kind>, entries: &Entries) -> Vec<u8> {
    let replaced_by = &entries.replaced_by;
    let records: Vec<(&Record, Date)> = entries
        .list
        .iter()
        .filter(|(r, _)| kind.is_none_or(|k| r.kind == k))
        .take(FEED_ENTRIES)
        .copied()
        .collect();
    // Links from the feed's folder: the ward's, or the kind's.
    let up = if kind.is_some() { "../" } else { "" };
    let link = |path: &str| match site.config.base_url {
        Some(_) => super::href(site, &[w.slug.as_str(), "/", path].concat(), String::new()),
        None => [up, path].concat(),
    };
    let updated = records.first().map_or(site.today, |&(_, d)| d);
    let title = match kind {
        Some(k) => format!("{} – {}", w.profile.name, k.slug()),
        None => w.profile.name.clone(),
    };
    let home = match kind {
        Some(k) => format!("{}/index.html", k.slug()),
        None => "index.html".into(),
    };
    let mut x = String::with_capacity(512 + records.len() * 512);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    // The feed is written piece by piece: no string made for each line.
    let put = |x: &mut String, parts: &[&str]| parts.iter().for_each(|p| x.push_str(p));
    put(
        &mut x,
        &[
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
            &esc(&site.config.language),
            "\">\n<id>",
            &esc(&feed_id(w, kind)),
            "</id>\n<title>",
            &esc(&title),
            "</title>\n<updated>",
        ],
    );
    push_timestamp(&mut x, updated);
    put(
        &mut x,
        &[
            "</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"",
            &esc(&link(&feed_path(kind))),
            "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"",
            &esc(&link(&home)),
            "\"/>\n<author><name>",
            &esc(&w.profile.name),
            "</name></author>\n",
        ],
    );
    for (r, changed) in records {
        put(&mut x, &["<entry>\n<id>", &esc(&entry_id(w, &r.id))]);
        put(
            &mut x,
            &[
                "</id>\n<title>",
                &esc(&r.common.title),
                "</title>\n<published>",
            ],
        );
        push_timestamp(&mut x, r.common.published);
        x.push_str("</published>\n<updated>");
        push_timestamp(&mut x, changed);
        put(
            &mut x,
            &[
                "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"",
                &esc(&link(&record_path(r))),
                "\"/>\n<link rel=\"related\" type=\"application/json\" href=\"",
                &esc(&link(&super::record_json_path(r))),
                "\"/>\n<category term=\"",
                r.kind.slug(),
                "\"/>\n<content type=\"text\">",
            ],
        );
        let summary = r.common.summary.as_deref().unwrap_or(&r.common.title);
        match replaced_by.get(r.id.as_str()) {
            Some(new) => {
                let content = [crate::link::replaced_note(new).as_str(), " ", summary].concat();
                x.push_str(&esc(&content));
            }
            None => x.push_str(&esc(summary)),
        }
        x.push_str("</content>\n</entry>\n");
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

/// The `<link rel="alternate">` of a page to its ward's feed; `ward_root`
/// is the prefix from the page to the ward's folder.
pub fn head_link(w: &Ward, ward_root: &str) -> String {
    format!(
        r#"<link rel="alternate" type="application/atom+xml" href="{}feed.atom" title="{}">"#,
        esc(ward_root),
        esc(&w.profile.name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_feed_holds_the_newest_entries_only() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let today = Date::new(2026, 11, 22).unwrap();
        let mut checked = crate::build::check(root, today, &["ban-co".to_string()]).unwrap();
        let w = &mut checked.site.wards[0];
        let first = w.records[0].clone();
        let start = Date::new(2020, 1, 1).unwrap();
        for i in 0..150 {
            let mut r = (*first).clone();
            r.id = format!("copy-{i:03}");
            r.common.published = start.add_days(i).unwrap();
            w.records.push(Arc::new(r));
        }
        let w = &checked.site.wards[0];
        let xml = String::from_utf8(feed(&checked.site, w, None)).unwrap();
        assert_eq!(xml.matches("<entry>").count(), FEED_ENTRIES);
        let newest = super::super::newest_first(w, None)[0];
        assert!(xml.contains(&entry_id(w, &newest.id)));
        assert!(!xml.contains(":copy-000<"), "the oldest is left out");
    }
}
