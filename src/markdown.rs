//! Markdown to HTML, as small adapters over pulldown-cmark's events: raw HTML
//! escaped, unsafe links refused, outside images turned into links, heading
//! ids made unique, footnotes gathered at the bottom with back-links.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet};

/// A body rendered to HTML, with the plain text kept for search and summaries.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// The words of the body, without markup.
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown. `id_prefix` keeps ids unique when several bodies share a page.
pub fn render(md: &str, id_prefix: &str) -> Rendered {
    let events: Vec<Event> = Parser::new_ext(md, options())
        .map(escape_raw_html)
        .collect();
    let events = safe_links(events);
    let events = heading_ids(events, id_prefix);
    let text = plain_text(&events);
    let events = footnotes(events, id_prefix);
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Rendered { html: out, text }
}

/// Renders a short inline Markdown string (a field value) without block tags.
pub fn render_inline(md: &str) -> String {
    let r = render(md, "i");
    let html = r.html.trim();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .filter(|h| !h.contains("<p>"))
        .unwrap_or(html)
        .to_string()
}

/// Raw HTML becomes text: it shows, it never runs.
fn escape_raw_html(e: Event) -> Event {
    match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        other => other,
    }
}

/// True for link targets that may be followed: relative paths, fragments,
/// http(s), mailto and tel. `javascript:`, `data:`, `vbscript:`, `file:`… are not.
pub fn is_safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            // A colon after a slash, ? or # is part of a path, not a scheme.
            if scheme.contains(['/', '?', '#']) {
                return true;
            }
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
    }
}

fn is_external(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

/// Drops unsafe links (keeping their text) and turns images from outside the
/// site into plain links, so a page never loads anything from the internet.
fn safe_links(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut dropped_links = 0usize;
    let mut in_outside_image = 0usize;
    for e in events {
        match e {
            Event::Start(Tag::Link { dest_url, .. }) if !is_safe_url(&dest_url) => {
                dropped_links += 1
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) if !is_safe_url(&dest_url) || is_external(&dest_url) => {
                in_outside_image += 1;
                if is_safe_url(&dest_url) {
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    dropped_links += 1;
                }
                out.push(Event::Text(CowStr::Borrowed("[Hình] ")));
            }
            Event::End(TagEnd::Image) if in_outside_image > 0 => {
                in_outside_image -= 1;
                if dropped_links > 0 {
                    dropped_links -= 1;
                } else {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Gives every heading an id (its text slugged, made unique on the page).
fn heading_ids<'a>(events: Vec<Event<'a>>, prefix: &str) -> Vec<Event<'a>> {
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = id
                .as_ref()
                .map(|s| crate::text::slugify(s))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| {
                    let s = crate::text::slugify(&text);
                    if s.is_empty() {
                        "muc".to_string()
                    } else {
                        s
                    }
                });
            let mut candidate = format!("{prefix}{base}");
            let mut n = 1;
            while !used.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{prefix}{base}-{n}");
            }
            out.push(Event::Start(Tag::Heading {
                level: demote(*level),
                id: Some(CowStr::from(candidate)),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
            i += 1;
            continue;
        }
        if let Event::End(TagEnd::Heading(level)) = &events[i] {
            out.push(Event::End(TagEnd::Heading(demote(*level))));
            i += 1;
            continue;
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

/// The page title is the only `h1`: body headings start at `h2`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Moves footnote definitions to the end, numbered in order of first
/// reference, each with a link back to every place that cites it.
fn footnotes<'a>(events: Vec<Event<'a>>, prefix: &str) -> Vec<Event<'a>> {
    let mut definitions: BTreeMap<String, Vec<Event<'a>>> = BTreeMap::new();
    let mut def_order: Vec<String> = Vec::new();
    let mut body = Vec::with_capacity(events.len());
    let mut current: Option<(String, Vec<Event<'a>>)> = None;
    for e in events {
        match e {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = Some((label.to_string(), Vec::new()))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, evs)) = current.take() {
                    if let std::collections::btree_map::Entry::Vacant(slot) =
                        definitions.entry(label.clone())
                    {
                        def_order.push(label);
                        slot.insert(evs);
                    }
                }
            }
            other => match &mut current {
                Some((_, evs)) => evs.push(other),
                None => body.push(other),
            },
        }
    }
    if definitions.is_empty()
        && !body
            .iter()
            .any(|e| matches!(e, Event::FootnoteReference(_)))
    {
        return body;
    }
    let slug = |label: &str| {
        let s = crate::text::slugify(label);
        if s.is_empty() {
            "x".to_string()
        } else {
            s
        }
    };
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut ref_counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(body.len() + 16);
    for e in body {
        if let Event::FootnoteReference(label) = e {
            let label = label.to_string();
            if !definitions.contains_key(&label) {
                out.push(Event::Text(CowStr::from(format!("[^{label}]"))));
                continue;
            }
            let next = numbers.len() + 1;
            let n = *numbers.entry(label.clone()).or_insert(next);
            let count = ref_counts.entry(label.clone()).or_insert(0);
            *count += 1;
            let s = slug(&label);
            out.push(Event::Html(CowStr::from(format!(
                "<sup class=\"fnref\" id=\"{prefix}fnref-{s}-{count}\"><a href=\"#{prefix}fn-{s}\" aria-describedby=\"{prefix}footnotes-label\">{n}</a></sup>"
            ))));
        } else {
            out.push(e);
        }
    }
    let mut ordered: Vec<&String> = numbers.keys().collect();
    ordered.sort_by_key(|l| numbers[*l]);
    let unreferenced: Vec<&String> = def_order
        .iter()
        .filter(|l| !numbers.contains_key(*l))
        .collect();
    out.push(Event::Html(CowStr::from(format!(
        "<section class=\"footnotes\"><h2 id=\"{prefix}footnotes-label\" class=\"footnotes-title\">Chú thích</h2>\n<ol>\n"
    ))));
    for label in ordered.into_iter().chain(unreferenced) {
        let s = slug(label);
        out.push(Event::Html(CowStr::from(format!(
            "<li id=\"{prefix}fn-{s}\">"
        ))));
        let mut evs = definitions.remove(label.as_str()).unwrap_or_default();
        let backs: String = (1..=ref_counts.get(label.as_str()).copied().unwrap_or(0))
            .map(|i| format!(" <a href=\"#{prefix}fnref-{s}-{i}\" class=\"fnback\" aria-label=\"Quay lại chỗ dẫn\">↩</a>"))
            .collect();
        // Put the back-links inside the last paragraph when there is one.
        let last_p = evs
            .iter()
            .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)));
        match last_p {
            Some(pos) => evs.insert(pos, Event::Html(CowStr::from(backs))),
            None => evs.push(Event::Html(CowStr::from(backs))),
        }
        out.extend(evs);
        out.push(Event::Html(CowStr::Borrowed("</li>\n")));
    }
    out.push(Event::Html(CowStr::Borrowed("</ol>\n</section>\n")));
    out
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => {
                s.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => s.push(' '),
            _ => {}
        }
    }
    crate::text::collapse_whitespace(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let r = render(
            "Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
            "",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn unsafe_links_keep_only_text() {
        let r = render("[bấm](javascript:alert(1)) [b](JaVaScRiPt&#58;x) [d](data:text/html,x) [ok](../x.html)", "");
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
        assert!(!r.html.contains("data:"), "{}", r.html);
        assert!(r.html.contains("href=\"../x.html\""));
        assert!(r.html.contains("bấm"));
    }

    #[test]
    fn outside_images_become_links() {
        let r = render("![bản đồ](https://example.org/map.png)", "");
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("href=\"https://example.org/map.png\""));
    }

    #[test]
    fn headings_get_unique_ids_and_are_demoted() {
        let r = render("# Mục đích\n\n## Mục đích\n", "");
        assert!(r.html.contains("<h2 id=\"muc-dich\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"muc-dich-2\">"), "{}", r.html);
    }

    #[test]
    fn footnotes_go_to_the_bottom_with_backlinks() {
        let md = "Câu một[^a] và hai[^b].\n\n[^b]: Chú thích B.\n[^a]: Chú thích A.\n\nĐoạn cuối.";
        let r = render(md, "p-");
        let bottom = r.html.find("class=\"footnotes\"").unwrap();
        assert!(r.html.find("Đoạn cuối").unwrap() < bottom);
        assert!(r.html.contains("href=\"#p-fn-a\""));
        assert!(r.html.contains("id=\"p-fn-a\""));
        assert!(r.html.contains("href=\"#p-fnref-a-1\""));
        // Numbered by first reference: a is 1, b is 2, and a is listed first.
        assert!(r.html.find("id=\"p-fn-a\"").unwrap() < r.html.find("id=\"p-fn-b\"").unwrap());
    }

    #[test]
    fn tables_render() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n", "");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<th>a</th>"));
    }
}
