//! `sitemap.xml` and `robots.txt`, written only when `base_url` is set
//! (a sitemap lists absolute URLs). The sitemap lists the pages the render
//! wrote (every HTML file it made, whatever their kind), noted by
//! [`Written`] as they go to the output, never a list kept by hand.

use crate::model::Site;
use crate::render::Output;
use std::path::Path;
use std::sync::Mutex;

/// Whether an output is a page: an HTML file made by the render (files
/// copied from the repository are attachments, not pages).
pub fn is_page(o: &Output) -> bool {
    matches!(o, Output::Bytes(p, _) if is_html(p))
}

fn is_html(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "html")
}

/// The pages written so far, noted from any thread.
#[derive(Debug, Default)]
pub struct Written(Mutex<Vec<String>>);

impl Written {
    /// Notes `o` when it is a page.
    pub fn note(&self, o: &Output) {
        if is_page(o) {
            let path = o.path().to_string_lossy().replace('\\', "/");
            self.0.lock().unwrap_or_else(|e| e.into_inner()).push(path);
        }
    }

    /// Takes the pages noted under the folder `slug`, from that folder,
    /// sorted.
    pub fn take_ward(&self, slug: &str) -> Vec<String> {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let prefix = format!("{slug}/");
        let mut ward = Vec::new();
        all.retain(|p| match p.strip_prefix(&prefix) {
            Some(rest) => {
                ward.push(rest.to_string());
                false
            }
            None => true,
        });
        ward.sort();
        ward.dedup();
        ward
    }

    /// Takes every page noted, sorted.
    pub fn take_all(&self) -> Vec<String> {
        let mut all = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        all.sort();
        all.dedup();
        all
    }
}

/// Every page of a site, from the output root: the portal's, then each
/// ward's (from its folder) in the order given.
pub fn site_pages<'a>(
    portal: Vec<String>,
    wards: impl IntoIterator<Item = (&'a str, &'a [String])>,
) -> Vec<String> {
    let mut v = portal;
    for (slug, pages) in wards {
        v.extend(pages.iter().map(|p| format!("{slug}/{p}")));
    }
    v
}

/// The sitemap (sitemaps.org 0.9) listing `pages` (from the output root).
pub fn sitemap_of(site: &Site, pages: &[String]) -> Vec<u8> {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        x.push_str("<url><loc>");
        x.push_str(&super::attr(&super::href(site, p, p.clone())));
        x.push_str("</loc></url>\n");
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn only_html_made_by_the_render_is_a_page_and_wards_take_their_own() {
        let w = Written::default();
        let bytes = |p: &str| Output::Bytes(PathBuf::from(p), Vec::new());
        for o in [
            bytes("a/x/z.html"),
            bytes("a/index.html"),
            bytes("a/data/records.json"),
            bytes("index.html"),
            bytes("ab/index.html"),
            Output::Copy(PathBuf::from("a/files/r/doc.html"), PathBuf::from("x")),
        ] {
            w.note(&o);
        }
        assert_eq!(w.take_ward("a"), ["index.html", "x/z.html"]);
        assert_eq!(w.take_ward("a"), Vec::<String>::new());
        assert_eq!(w.take_all(), ["ab/index.html", "index.html"]);
        let pages = site_pages(
            vec!["index.html".into()],
            [("b", &["p.html".to_string()][..])],
        );
        assert_eq!(pages, ["index.html", "b/p.html"]);
    }
}
