//! The identifier-linking pass: document identifiers written in a body's
//! text become links to the one document of the ward they name.

use super::IdentifierLink;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The label of the links [`IdentifierLinks`] makes (no Markdown link can
/// carry it: a body holds no NUL), so that the plain text of a body is the
/// same with or without them.
pub(super) const IDENTIFIER_LINK: &str = "\u{0}identifier";

/// Turns the document identifiers written in text into links, where
/// [`IdentifierLink`] knows the document. Leaves alone code (spans are
/// events of their own; blocks are skipped), image descriptions, the text of
/// links (Markdown's, and in sanitised raw HTML an `<a>` written by hand),
/// and raw HTML itself. The link's address comes from the site (a record's
/// page), never from the text; the text is the identifier as written.
pub(super) struct IdentifierLinks<'r> {
    link: IdentifierLink<'r>,
    /// Links, images and code blocks open at this point.
    inside: usize,
    /// Hand-written `<a …>` open at this point.
    raw_anchors: usize,
}

impl<'r> IdentifierLinks<'r> {
    pub(super) fn new(link: IdentifierLink<'r>) -> Self {
        IdentifierLinks {
            link,
            inside: 0,
            raw_anchors: 0,
        }
    }

    pub(super) fn push<'a>(&mut self, e: Event<'a>, out: &mut Vec<Event<'a>>) {
        match &e {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.inside += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.inside = self.inside.saturating_sub(1)
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let lower = html.trim_start().to_ascii_lowercase();
                if lower.starts_with("</a") {
                    self.raw_anchors = self.raw_anchors.saturating_sub(1);
                } else if lower.starts_with("<a")
                    && lower[2..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
                    && !lower.trim_end().ends_with("/>")
                {
                    self.raw_anchors += 1;
                }
            }
            Event::Text(text) if self.inside == 0 && self.raw_anchors == 0 => {
                let found = crate::identifier::find_all(text);
                let mut targets = found
                    .into_iter()
                    .filter_map(|(range, id)| Some((range, (self.link)(&id)?)))
                    .peekable();
                if targets.peek().is_some() {
                    let mut at = 0;
                    for (range, href) in targets {
                        if range.start > at {
                            out.push(Event::Text(CowStr::from(text[at..range.start].to_string())));
                        }
                        out.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: CowStr::from(href),
                            title: CowStr::Borrowed(""),
                            id: CowStr::Borrowed(IDENTIFIER_LINK),
                        }));
                        out.push(Event::Text(CowStr::from(text[range.clone()].to_string())));
                        out.push(Event::End(TagEnd::Link));
                        at = range.end;
                    }
                    if at < text.len() {
                        out.push(Event::Text(CowStr::from(text[at..].to_string())));
                    }
                    return;
                }
            }
            _ => {}
        }
        out.push(e);
    }
}
