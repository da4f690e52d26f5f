//! Markdown to HTML, as small adapters over pulldown-cmark's events: raw HTML
//! escaped, unsafe links refused, outside images turned into links, heading
//! ids made unique, footnotes gathered at the bottom with back-links.

mod links;

use crate::config::RawHtml;
use links::{IdentifierLinks, IDENTIFIER_LINK};
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A body rendered to HTML, with the plain text kept for search and summaries.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// The words of the body, without markup; whitespace as in the source
    /// (the search index splits on it, excerpts collapse it).
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown with raw HTML escaped. `id_prefix` keeps ids unique when
/// several bodies share a page.
pub fn render(md: &str, id_prefix: &str) -> Rendered {
    render_with(md, id_prefix, RawHtml::Escape)
}

/// Renders Markdown under a raw-HTML policy: escaped (shown as text), or
/// sanitised with ammonia (see [`sanitize`]).
pub fn render_with(md: &str, id_prefix: &str, raw_html: RawHtml) -> Rendered {
    render_linking(md, id_prefix, raw_html, None)
}

/// Where an identifier written in a body links: the page of the one
/// document it names, or `None` (not in the repository, or ambiguous).
pub type IdentifierLink<'r> = &'r dyn Fn(&crate::identifier::Identifier) -> Option<String>;

/// Renders Markdown like [`render_with`]; with `link`, every document
/// identifier written in the text (by [`crate::identifier::find_all`]'s
/// grammar) becomes a link to what `link` gives for it, except in code,
/// images and existing links (see [`IdentifierLinks`]).
pub fn render_linking<'a>(
    md: &'a str,
    id_prefix: &str,
    raw_html: RawHtml,
    link: Option<IdentifierLink>,
) -> Rendered {
    let nonce = match raw_html {
        RawHtml::Escape => String::new(),
        RawHtml::Sanitize => id_nonce(md),
    };
    // Under sanitising, our own ids carry a nonce the author cannot know, so
    // that ids written in raw HTML can be told apart and dropped.
    let prefix = format!("{nonce}{id_prefix}");
    let mut events: Vec<Event> = Vec::with_capacity(md.len() / 8);
    let mut links = LinkFilter::default();
    let mut has_footnotes = false;
    let mut feed = |e: Event<'a>| {
        let e = match raw_html {
            RawHtml::Escape => escape_raw_html(e),
            RawHtml::Sanitize => e,
        };
        has_footnotes |= matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        );
        links.push(e, &mut events);
    };
    match link {
        // With links to make, each event first goes through
        // [`IdentifierLinks`], one at a time (no second list of events).
        Some(link) => {
            let mut identifiers = IdentifierLinks::new(link);
            let mut linked = Vec::new();
            for e in pulldown_cmark::TextMergeStream::new(Parser::new_ext(md, options())) {
                identifiers.push(e, &mut linked);
                for e in linked.drain(..) {
                    feed(e);
                }
            }
        }
        None => Parser::new_ext(md, options()).for_each(feed),
    }
    let text = heading_ids(&mut events, &prefix);
    let events = if has_footnotes {
        footnotes(events, &prefix)
    } else {
        events
    };
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if raw_html == RawHtml::Sanitize {
        out = sanitize(&out, &nonce).replace(&nonce, "");
    }
    Rendered { html: out, text }
}

fn id_nonce(md: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(md.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("ck{hex}-")
}

/// Cleans rendered HTML with ammonia: the default safe tags plus `section`;
/// no `style`, no scripts or event handlers, no SVG or MathML; links only to
/// relative paths, http(s), mailto and tel; images only from the site itself;
/// ids only those starting with `own_id_prefix` (the ones the renderer made).
pub fn sanitize(html: &str, own_id_prefix: &str) -> String {
    let own = own_id_prefix.to_string();
    let mut classes = std::collections::HashMap::new();
    classes.insert("sup", std::collections::HashSet::from(["fnref"]));
    classes.insert("a", std::collections::HashSet::from(["fnback"]));
    classes.insert("section", std::collections::HashSet::from(["footnotes"]));
    classes.insert("h2", std::collections::HashSet::from(["footnotes-title"]));
    ammonia::Builder::default()
        .add_tags(["section"])
        .add_generic_attributes(["id"])
        .add_tag_attributes("a", ["aria-describedby", "aria-label"])
        .allowed_classes(classes)
        .url_schemes(std::collections::HashSet::from([
            "http", "https", "mailto", "tel",
        ]))
        .attribute_filter(
            move |element, attribute, value| match (element, attribute) {
                (_, "id") if !own.is_empty() && !value.starts_with(own.as_str()) => None,
                ("img", "src") if is_external(value) || !is_safe_url(value) => None,
                (_, "href" | "src") if !is_safe_url(value) => None,
                _ => Some(value.into()),
            },
        )
        .clean(html)
        .to_string()
}

/// Something in a Markdown body worth telling the editor, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyFinding {
    /// A link or image to a `javascript:`, `data:`… address, which is dropped.
    UnsafeLink {
        /// Byte offset in the body.
        offset: usize,
        /// The address.
        url: String,
    },
    /// Raw HTML; `count` pieces in the body, this one first.
    RawHtml {
        /// Byte offset in the body.
        offset: usize,
        /// How many pieces of raw HTML the body has.
        count: usize,
    },
    /// A footnote reference `[^label]` with no definition.
    UndefinedFootnote {
        /// Byte offset in the body.
        offset: usize,
        /// The label.
        label: String,
    },
}

/// Finds what a body does that the renderer will change: unsafe links,
/// raw HTML, footnote references without a definition.
pub fn lint(md: &str) -> Vec<BodyFinding> {
    let mut out = Vec::new();
    if !may_need_lint(md) {
        return out;
    }
    let mut html: Option<(usize, usize)> = None;
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(md, options()).into_offset_iter().collect();
    for (i, (e, range)) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if !is_safe_url(dest_url) =>
            {
                out.push(BodyFinding::UnsafeLink {
                    offset: range.start,
                    url: dest_url.to_string(),
                });
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let (_, count) = html.get_or_insert((range.start, 0));
                *count += 1;
            }
            // An undefined `[^x]` comes out as the texts `[`, `^x`, `]`.
            Event::Text(t) if t.as_ref() == "[" => {
                if let (Some((Event::Text(label), _)), Some((Event::Text(close), _))) =
                    (events.get(i + 1), events.get(i + 2))
                {
                    if let Some(label) = label.strip_prefix('^') {
                        if close.as_ref() == "]" && !label.is_empty() && !label.contains(' ') {
                            out.push(BodyFinding::UndefinedFootnote {
                                offset: range.start,
                                label: label.to_string(),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((offset, count)) = html {
        out.push(BodyFinding::RawHtml { offset, count });
    }
    out
}

/// False when a body cannot hold anything [`lint`] reports, which most bodies
/// can't: raw HTML and autolinks need `<`, inline links `](`, reference
/// links a definition `]:`, footnote references `[^`. Saves a second parse
/// of every body (the renderer parses it anyway).
fn may_need_lint(md: &str) -> bool {
    md.contains('<') || md.contains("](") || md.contains("]:") || md.contains("[^")
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
/// Fed one event at a time, as the parser produces them.
#[derive(Default)]
struct LinkFilter {
    /// Unsafe links (and unsafe outside images) open at this point.
    dropped: usize,
    /// Outside images open at this point.
    outside_images: usize,
}

impl LinkFilter {
    fn push<'a>(&mut self, e: Event<'a>, out: &mut Vec<Event<'a>>) {
        match e {
            Event::Start(Tag::Link { dest_url, .. }) if !is_safe_url(&dest_url) => {
                self.dropped += 1
            }
            Event::End(TagEnd::Link) if self.dropped > 0 => self.dropped -= 1,
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) if !is_safe_url(&dest_url) || is_external(&dest_url) => {
                self.outside_images += 1;
                if is_safe_url(&dest_url) {
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    self.dropped += 1;
                }
                out.push(Event::Text(CowStr::Borrowed("[Hình] ")));
            }
            Event::End(TagEnd::Image) if self.outside_images > 0 => {
                self.outside_images -= 1;
                if self.dropped > 0 {
                    self.dropped -= 1;
                } else {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            other => out.push(other),
        }
    }
}

/// Gives every heading an id (its text slugged, made unique on the page) and
/// demotes it, in place; returns the plain text of the events (the words,
/// without markup, a space at every break or end of an element) for search.
fn heading_ids(events: &mut [Event], prefix: &str) -> String {
    let mut ids = UniqueIds::default();
    let mut text = String::with_capacity(events.len() * 8);
    // Whether each link open is an identifier's, which adds no break.
    let mut identifier_links: Vec<bool> = Vec::new();
    for i in 0..events.len() {
        match &events[i] {
            Event::Start(Tag::Link { id, .. }) => identifier_links.push(&**id == IDENTIFIER_LINK),
            Event::End(TagEnd::Link) if identifier_links.pop() == Some(true) => {}
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = *level;
                let base = id
                    .as_ref()
                    .map(|s| crate::text::slugify(s))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| {
                        let mut words = String::new();
                        for e in events[i + 1..]
                            .iter()
                            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                        {
                            if let Event::Text(t) | Event::Code(t) = e {
                                words.push_str(t);
                            }
                        }
                        let s = crate::text::slugify(&words);
                        if s.is_empty() {
                            "muc".to_string()
                        } else {
                            s
                        }
                    });
                let candidate = ids.unique(prefix, base);
                events[i] = Event::Start(Tag::Heading {
                    level: demote(level),
                    id: Some(CowStr::from(candidate)),
                    // Classes and attributes written after a heading (`{.x key=v}`)
                    // are dropped: `{onclick=…}` would otherwise become a handler.
                    classes: Vec::new(),
                    attrs: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(level)) => {
                events[i] = Event::End(TagEnd::Heading(demote(*level)));
                text.push(' ');
            }
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Hands out ids unique on a page: `base`, then `base-2`, `base-3`… for
/// the same base, skipping any id already given (an explicit `{#base-2}`).
/// Remembers where each base's numbering stopped, so that `n` headings with
/// one text cost `n` tries, not `n²/2` (the ids are those a search from
/// 1 every time would give: taken ids stay taken).
#[derive(Default)]
struct UniqueIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
    /// Candidates tried, for the tests.
    tries: usize,
}

impl UniqueIds {
    fn unique(&mut self, prefix: &str, base: String) -> String {
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        loop {
            self.tries += 1;
            let candidate = if n == 1 {
                format!("{prefix}{base}")
            } else {
                format!("{prefix}{base}-{n}")
            };
            if self.used.insert(candidate.clone()) {
                self.next.insert(base, n + 1);
                return candidate;
            }
            n += 1;
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_links_change_no_word_of_the_text() {
        let md =
            "# Căn cứ 59/2023/NĐ-CP\n\nTheo Nghị định 59/2023/NĐ-CP, công văn 908 / BYT - BH.\n";
        let link = |_: &crate::identifier::Identifier| Some("../document/x.html".to_string());
        let linked = render_linking(md, "", RawHtml::Escape, Some(&link));
        let plain = render(md, "");
        assert_eq!(linked.text, plain.text);
        assert_eq!(
            linked
                .html
                .matches("<a href=\"../document/x.html\">")
                .count(),
            3
        );
        assert!(
            linked.html.contains(">908 / BYT - BH</a>."),
            "{}",
            linked.html
        );
        // The heading's id is the same too.
        assert!(
            linked.html.contains("<h2 id=\"can-cu-59-2023-nd-cp\">"),
            "{}",
            linked.html
        );
    }

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

    #[test]
    fn heading_attributes_never_become_handlers() {
        let r = render("# Tiêu đề {onclick=alert(1) .x #y}\n", "");
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("class="), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"y\">"), "{}", r.html);
    }

    #[test]
    fn sanitising_keeps_safe_html_and_removes_the_rest() {
        let md = "# Mục\n\nChữ <b onclick=\"x()\">đậm</b> <span style=\"color:red\">đỏ</span>[^1]\n\n\
                  <div id=\"nav\"><script>alert(1)</script><svg onload=alert(1)></svg>\
                  <img src=\"https://ex.org/a.png\"><img src=\"files/a.png\">\
                  <a href=\"javascript:alert(1)\">x</a><a href=\"../y.html\">y</a></div>\n\n[^1]: Ghi chú.\n";
        let r = render_with(md, "", RawHtml::Sanitize);
        let h = &r.html;
        assert!(h.contains("<b>đậm</b>"), "{h}");
        for bad in [
            "onclick",
            "style=",
            "<script",
            "alert",
            "<svg",
            "onload",
            "ex.org/a.png",
            "javascript",
            "id=\"nav\"",
        ] {
            assert!(!h.contains(bad), "{bad} in {h}");
        }
        assert!(h.contains("src=\"files/a.png\""), "{h}");
        assert!(h.contains("href=\"../y.html\""), "{h}");
        assert!(h.contains("<h2 id=\"muc\">"), "{h}");
        assert!(
            h.contains("id=\"fn-1\"") && h.contains("href=\"#fn-1\""),
            "{h}"
        );
        assert!(h.contains("class=\"footnotes\""), "{h}");
        assert!(
            !h.contains("id=\"ck") && !h.contains("#ck"),
            "the nonce is gone: {h}"
        );
    }

    #[test]
    fn lint_skips_only_bodies_with_nothing_to_find() {
        for md in [
            "<b>x</b>",
            "[a](javascript:x)",
            "[a]\n\n[a]: javascript:x",
            "x[^1]",
            "<javascript:x>",
        ] {
            assert!(may_need_lint(md), "{md}");
            assert!(!lint(md).is_empty(), "{md}");
        }
        assert!(!may_need_lint(
            "Căn cứ: Luật 10/2022/QH15 (điều 11) [ghi chú] ^"
        ));
    }

    #[test]
    fn lint_finds_unsafe_links_html_and_missing_footnotes() {
        let md = "a [x](javascript:alert(1))\n\nb[^nope] <i>c</i>\n";
        let found = lint(md);
        assert!(
            found.contains(&BodyFinding::UnsafeLink {
                offset: 2,
                url: "javascript:alert(1)".into()
            }),
            "{found:?}"
        );
        assert!(
            found.contains(&BodyFinding::UndefinedFootnote {
                offset: 29,
                label: "nope".into()
            }),
            "{found:?}"
        );
        assert!(
            found.contains(&BodyFinding::RawHtml {
                offset: 37,
                count: 2
            }),
            "{found:?}"
        );
        assert!(lint("Câu[^1].\n\n[^1]: Có.\n").is_empty());
    }

    /// The ids the renderer gave before numbering resumed where it stopped:
    /// a search from 1 for every heading.
    fn ids_searching_from_one(bases: &[&str]) -> Vec<String> {
        let mut used = std::collections::BTreeSet::new();
        bases
            .iter()
            .map(|base| {
                let mut candidate = base.to_string();
                let mut n = 1;
                while !used.insert(candidate.clone()) {
                    n += 1;
                    candidate = format!("{base}-{n}");
                }
                candidate
            })
            .collect()
    }

    #[test]
    fn unique_ids_are_those_of_a_search_from_one() {
        let bases = [
            "a", "a", "a-2", "a", "b", "a-3", "a", "a-2", "a-2", "b-2", "b", "b", "a",
        ];
        let mut ids = UniqueIds::default();
        let got: Vec<String> = bases
            .iter()
            .map(|b| ids.unique("", b.to_string()))
            .collect();
        assert_eq!(got, ids_searching_from_one(&bases));
    }

    #[test]
    fn many_identical_headings_cost_linear_tries() {
        let mut ids = UniqueIds::default();
        let n = 20_000;
        let got: HashSet<String> = (0..n).map(|_| ids.unique("p-", "muc".into())).collect();
        assert_eq!(got.len(), n);
        assert!(ids.tries <= n, "{} tries for {n} headings", ids.tries);
        // One explicit id among them, taken first.
        let mut ids = UniqueIds::default();
        ids.unique("", "muc-2".into());
        for _ in 0..n {
            ids.unique("", "muc".into());
        }
        assert!(ids.tries <= n + 2, "{} tries", ids.tries);
    }

    #[test]
    fn twenty_thousand_identical_headings_render_quickly_with_unique_ids() {
        let mut md = "# Tiêu đề {#muc-5}\n\n".to_string();
        md.push_str(&"# Mục\n\n".repeat(20_000));
        let start = std::time::Instant::now();
        let r = render(&md, "");
        let elapsed = start.elapsed();
        let ids: Vec<&str> = r
            .html
            .split("id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert_eq!(ids.len(), 20_001);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 20_001);
        assert_eq!(
            &ids[..6],
            ["muc-5", "muc", "muc-2", "muc-3", "muc-4", "muc-6"]
        );
        // Searching from 1 for every heading took minutes here.
        assert!(elapsed.as_secs() < 10, "{elapsed:?}");
    }
}
