//! `sitemap.xml` and `robots.txt`, written only when `base_url` is set
//! (a sitemap lists absolute URLs).

use crate::model::{Kind, Site, Ward};
use crate::render::record_path;

/// Every page of the site, from the output root.
pub fn pages(site: &Site) -> Vec<String> {
    let mut v = vec!["index.html".to_string()];
    for w in &site.wards {
        v.extend(ward_pages(w).into_iter().map(|p| format!("{}/{p}", w.slug)));
    }
    v
}

/// Every page of a ward, from its folder.
pub fn ward_pages(w: &Ward) -> Vec<String> {
    let mut v = vec!["index.html".to_string(), "search.html".to_string()];
    for k in Kind::ALL {
        v.push(format!("{}/index.html", k.slug()));
    }
    for r in &w.records {
        v.push(record_path(r));
    }
    for project in crate::law::clocks::land_projects(&w.records).keys() {
        v.push(format!("{}/{project}.html", crate::render::PROJECTS_FOLDER));
    }
    v
}

/// The sitemap (sitemaps.org 0.9).
pub fn sitemap(site: &Site) -> Vec<u8> {
    sitemap_of(site, &pages(site))
}

/// The sitemap listing `pages` (from the output root).
pub fn sitemap_of(site: &Site, pages: &[String]) -> Vec<u8> {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        x.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            super::attr(&super::href(site, p, p.clone()))
        ));
    }
    x.push_str("</urlset>\n");
    x.into_bytes()
}

/// `robots.txt`: everything may be read; where the sitemap is.
pub fn robots(site: &Site) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        super::href(site, "sitemap.xml", "sitemap.xml".into())
    )
    .into_bytes()
}
