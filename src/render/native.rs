//! The record page of the default theme, written in Rust: the same bytes as
//! `themes/default/templates/{base,record,macros}.html` and `kinds/*.html`
//! give through the template engine, without the engine's cost per page.
//!
//! The templates stay the reference and the way to customise: this writer is
//! used only while every template a record page uses has the default text
//! (see [`TEMPLATES`]); a theme that changes one is rendered by the templates.
//! Each function below mirrors one template, part by part, and calls the
//! same formatting functions as the template filters (`theme.rs`). Interface
//! strings come from the same map as `t()`. Where the templates would stop
//! with an error (a missing interface string, say), the writer gives up and
//! the page goes through the templates, which report it.

use super::{LinkTo, Page, RecordLinks, WardInfo};
use crate::date::{Date, PostedUntil};
use crate::model::dialogue::{CommitmentStatus, Dialogue, DialogueType};
use crate::model::document::{Document, Effect};
use crate::model::fund::{Fund, FundSource};
use crate::model::land::{Land, LandStage};
use crate::model::plan::{Plan, TaskStatus};
use crate::model::procedure::Procedure;
use crate::model::{Form, Kind, Record, RecordData, Status};
use crate::money::Money;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// The theme files a record page is made of. The native writer stands in for
/// them only while each one has the default theme's text.
pub(super) const TEMPLATES: &[&str] = &[
    "templates/base.html",
    "templates/record.html",
    "templates/macros.html",
    "templates/kinds/plan.html",
    "templates/kinds/land.html",
    "templates/kinds/fund.html",
    "templates/kinds/dialogue.html",
    "templates/kinds/document.html",
    "templates/kinds/procedure.html",
];

/// The interface strings of the site's language, as `t()` gives them, each
/// kept raw and escaped for HTML once.
pub(super) struct Strings {
    map: HashMap<String, Text>,
}

/// One interface string.
struct Text {
    raw: String,
    html: String,
}

impl Strings {
    /// Takes the strings `Theme::strings` read for the site's language.
    pub(super) fn new(strings: &BTreeMap<String, String>) -> Strings {
        let map = strings
            .iter()
            .map(|(key, raw)| {
                let mut html = String::with_capacity(raw.len());
                escape_into(&mut html, raw);
                let text = Text {
                    raw: raw.clone(),
                    html,
                };
                (key.clone(), text)
            })
            .collect();
        Strings { map }
    }
}

/// Appends `s` escaped as the theme's `html_formatter` does: `& < > " '`,
/// but not `/`.
pub(super) fn escape_into(out: &mut String, s: &str) {
    let written: Result<(), std::convert::Infallible> = super::theme::escape_html(s, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = written;
}

/// A page being written.
struct Html<'s> {
    out: String,
    strings: &'s Strings,
    /// Reused to build keys such as `kind.plan`.
    key: String,
}

impl Html<'_> {
    /// Template text, as is.
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// `{{ s }}` of a string: escaped.
    fn text(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    /// `{{ n }}` of a number.
    fn num(&mut self, n: impl std::fmt::Display) {
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{n}");
    }

    /// `{{ d | date }}`.
    fn date(&mut self, d: Date) {
        // Digits and `/`: nothing to escape.
        d.push_short(&mut self.out);
    }

    /// `{{ n | money }}`.
    fn money(&mut self, m: Money) {
        // Digits, dots and `đ`: nothing to escape.
        m.push_display(&mut self.out);
    }

    /// `{{ s | inline_md }}`: safe HTML, not escaped.
    fn inline_md(&mut self, s: &str) {
        self.out.push_str(&crate::markdown::render_inline(s));
    }

    /// `<th scope="col">{{ t(key) }}</th>`: a column's heading.
    fn th(&mut self, key: &str) -> Option<()> {
        self.raw(r#"<th scope="col">"#);
        self.t(key)?;
        self.raw("</th>");
        Some(())
    }

    /// `<th scope="col" class="num">{{ t(key) }}</th>`: the heading of a
    /// column of numbers.
    fn th_num(&mut self, key: &str) -> Option<()> {
        self.raw(r#"<th scope="col" class="num">"#);
        self.t(key)?;
        self.raw("</th>");
        Some(())
    }

    /// `{{ t(key) }} <span class="count">({{ n }})</span>`: a heading with
    /// how many things the section lists.
    fn counted(&mut self, key: &str, n: usize) -> Option<()> {
        self.t(key)?;
        self.raw(r#" <span class="count">("#);
        self.num(n);
        self.raw(")</span>");
        Some(())
    }

    /// An interface string; `None` when the language lacks it.
    fn string(&self, key: &str) -> Option<&Text> {
        self.strings.map.get(key)
    }

    /// `{{ t(key) }}`.
    fn t(&mut self, key: &str) -> Option<()> {
        let text = &self.strings.map.get(key)?.html;
        self.out.push_str(text);
        Some(())
    }

    /// `{{ t(group ~ name) }}`, e.g. `t("kind." ~ record.kind)`.
    fn t2(&mut self, group: &str, name: &str) -> Option<()> {
        self.key.clear();
        self.key.push_str(group);
        self.key.push_str(name);
        let text = &self.strings.map.get(&self.key)?.html;
        self.out.push_str(text);
        Some(())
    }

    /// `{{ t(key) | replace(pattern, n) }}`.
    fn t_replace(&mut self, key: &str, pattern: &str, n: usize) -> Option<()> {
        let text = self.string(key)?.raw.replace(pattern, &n.to_string());
        self.text(&text);
        Some(())
    }
}

/// A template's test of a string (`{% if s %}`, `s or …`): present and not
/// empty.
fn truthy(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// Writes the record page `templates/record.html` would give; `None` where
/// the templates would stop with an error, for the caller to render the
/// page through them.
pub(super) fn record_page(
    strings: &Strings,
    page: &Page,
    ward: &WardInfo,
    r: &Record,
    body_html: &str,
    links: &RecordLinks,
) -> Option<String> {
    let mut h = Html {
        out: String::with_capacity(body_html.len() + 8192 + 512 * rows(r)),
        strings,
        key: String::with_capacity(40),
    };
    let ward_root = page.ward_root.as_deref()?;
    base_top(&mut h, page, ward_root, ward, r)?;
    record_main(&mut h, ward_root, ward, r, body_html, links)?;
    base_bottom(&mut h, page, ward)?;
    Some(h.out)
}

/// Rows of the record's tables, to size the page's buffer.
fn rows(r: &Record) -> usize {
    match &r.data {
        RecordData::Plan(p) => p.tasks.len(),
        RecordData::Land(l) => l.parcels.len(),
        RecordData::Fund(f) => f.receipts.len() + f.expenses.len(),
        RecordData::Dialogue(d) => d.items.len(),
        RecordData::Document(_) => 0,
        RecordData::Procedure(p) => p.steps.len() + p.dossier.len() + p.fees.len(),
    }
}

/// `base.html` down to `<main>`, with `record.html`'s blocks `title` and
/// `meta`.
fn base_top(h: &mut Html, page: &Page, ward_root: &str, ward: &WardInfo, r: &Record) -> Option<()> {
    h.raw("<!doctype html>\n<html lang=\"");
    h.text(page.lang);
    h.raw(
        r#"">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>"#,
    );
    // record.html: {% block title %}
    h.text(&r.common.title);
    h.raw(" – ");
    h.text(&ward.profile.name);
    h.raw("</title>\n");
    // record.html: {% block meta %}
    h.raw(r#"<meta name="description" content=""#);
    h.text(truthy(&r.common.summary).unwrap_or(&r.common.title));
    h.raw(
        r#"">
<link rel="stylesheet" href=""#,
    );
    h.text(&page.assets);
    h.raw(r#"style.css">"#);
    // base.html: the feed link and JSON-LD.
    if !page.head.is_empty() {
        h.raw("\n");
        h.raw(&page.head);
    }
    h.raw(
        r#"
</head>
<body class="page-"#,
    );
    h.text(page.kind);
    h.raw(
        r##"">
<a class="skip" href="#main">"##,
    );
    h.t("ui.skip")?;
    h.raw(
        r#"</a>
<header class="site-header">
  <div class="wrap header-row">
    <p class="brand"><a href=""#,
    );
    h.text(&page.root);
    h.raw(r#"index.html">"#);
    h.text(page.site_title);
    h.raw("</a></p>");
    // {%- if ward is defined %}
    h.raw(
        r#"
    <p class="ward-name"><a href=""#,
    );
    h.text(ward_root);
    h.raw(r#"index.html">"#);
    h.text(&ward.profile.name);
    h.raw(
        r#"</a></p>
    <form class="search-box" role="search" action=""#,
    );
    h.text(ward_root);
    h.raw(
        r#"search.html" method="get">
      <label class="visually-hidden" for="site-q">"#,
    );
    h.t("ui.search")?;
    h.raw(
        r#"</label>
      <input id="site-q" name="q" type="search" placeholder=""#,
    );
    h.t("ui.search_placeholder")?;
    h.raw(
        r#"" autocomplete="off">
      <button type="submit">"#,
    );
    h.t("ui.search_button")?;
    h.raw(
        r#"</button>
    </form>
  </div>
  <nav class="kind-nav" aria-label=""#,
    );
    h.t("ui.kind")?;
    h.raw(
        r#"">
    <ul class="wrap">"#,
    );
    // {%- for k in kinds %}
    for k in Kind::ALL {
        h.raw("\n      <li><a href=\"");
        h.text(ward_root);
        h.text(k.slug());
        h.raw("/index.html\"");
        if k == r.kind {
            h.raw(r#" aria-current="page""#);
        }
        h.raw(">");
        h.t2("kind.", k.slug())?;
        h.raw("</a></li>");
    }
    h.raw(
        r#"
    </ul>
  </nav>
</header>
<main id="main" class="wrap">
"#,
    );
    Some(())
}

/// `base.html` from `</main>` to the end.
fn base_bottom(h: &mut Html, page: &Page, ward: &WardInfo) -> Option<()> {
    h.raw(
        r#"
</main>
<footer class="site-footer">
  <div class="wrap">
    <p><strong>"#,
    );
    h.text(&ward.profile.name);
    h.raw("</strong>");
    if let Some(address) = truthy(&ward.profile.address) {
        h.raw(" · ");
        h.text(address);
    }
    if let Some(phone) = truthy(&ward.profile.phone) {
        h.raw(" · ");
        h.t("ui.phone")?;
        h.raw(": ");
        h.text(phone);
    }
    h.raw("</p>\n    <p>");
    h.t("ui.data_as_of")?;
    h.raw(" ");
    h.date(Date::parse(&page.today).ok()?);
    h.raw(". ");
    h.t("ui.footer")?;
    h.raw("</p>\n  </div>\n</footer>\n\n</body>\n</html>");
    Some(())
}

/// `macros.html`: `status_badge(status)`.
fn status_badge(h: &mut Html, status: Status) -> Option<()> {
    let name = status_name(status);
    h.raw(r#"<span class="badge status-"#);
    h.raw(name);
    h.raw(r#"">"#);
    h.t2("status.", name)?;
    h.raw("</span>");
    Some(())
}

/// `macros.html`: `posted_until(value)`.
fn posted_until(h: &mut Html, value: PostedUntil) -> Option<()> {
    match value {
        PostedUntil::Permanent => h.t("ui.permanent")?,
        PostedUntil::Date(d) => h.date(d),
    }
    Some(())
}

/// `{% if l.href %}<a href="{{ l.href }}">{{ l.title }}</a>{% else %}{{ l.title }}{% endif %}`.
fn link(h: &mut Html, l: &LinkTo) {
    match truthy(&l.href) {
        Some(href) => {
            h.raw("<a href=\"");
            h.text(href);
            h.raw("\">");
            h.text(&l.title);
            h.raw("</a>");
        }
        None => h.text(&l.title),
    }
}

/// `<ul>{% for l in links %}<li>…</li>{% endfor %}</ul>`.
fn link_list(h: &mut Html, links: &[LinkTo]) {
    h.raw("<ul>");
    for l in links {
        h.raw("<li>");
        link(h, l);
        h.raw("</li>");
    }
    h.raw("</ul>");
}

/// `record.html`: `{% block main %}`.
fn record_main(
    h: &mut Html,
    ward_root: &str,
    ward: &WardInfo,
    r: &Record,
    body_html: &str,
    links: &RecordLinks,
) -> Option<()> {
    let kind = r.kind.slug();
    let c = &r.common;
    h.raw("\n<nav aria-label=\"");
    h.t("ui.breadcrumb")?;
    h.raw(r#"" class="breadcrumb"><a href=""#);
    h.text(ward_root);
    h.raw(r#"index.html">"#);
    h.text(&ward.profile.name);
    h.raw(r#"</a> › <a href="index.html">"#);
    h.t2("kind.", kind)?;
    h.raw(
        r#"</a></nav>
<article class="record kind-"#,
    );
    h.text(kind);
    h.raw(
        r#"">
<header class="record-header">
  <p class="kicker">"#,
    );
    h.t2("kind_one.", kind)?;
    if r.shared {
        h.raw(" · ");
        h.t("ui.shared")?;
    }
    h.raw("</p>\n  <h1>");
    h.text(&c.title);
    h.raw("</h1>\n  <p>");
    status_badge(h, r.status)?;
    h.raw("</p>");
    if let Some(l) = &links.superseded_by {
        h.raw("\n  <p class=\"notice\">");
        h.t("ui.superseded_by")?;
        h.raw(": ");
        link(h, l);
        h.raw("</p>");
    }
    if let Some(summary) = truthy(&c.summary) {
        h.raw(r#"<p class="lead">"#);
        h.text(summary);
        h.raw("</p>");
    }
    h.raw(
        r#"
</header>

<section aria-labelledby="facts-title" class="panel">
<h2 id="facts-title" class="visually-hidden">"#,
    );
    h.t("ui.details")?;
    h.raw("</h2>\n<dl class=\"facts\">\n  <dt>");
    h.t("ui.published")?;
    h.raw(r#"</dt><dd><time datetime=""#);
    h.text(&c.published.iso());
    h.raw("\">");
    h.date(c.published);
    h.raw("</time></dd>");
    if let Some(until) = c.posted_until {
        h.raw("<dt>");
        h.t("ui.posted_until")?;
        h.raw("</dt><dd>");
        posted_until(h, until)?;
        h.raw("</dd>");
    }
    if let Some(until) = c.consultation_until {
        h.raw("<dt>");
        h.t("ui.consultation_until")?;
        h.raw(r#"</dt><dd><time datetime=""#);
        h.text(&until.iso());
        h.raw("\">");
        h.date(until);
        h.raw("</time></dd>");
    }
    h.raw("\n  <dt>");
    h.t("ui.disclosure_item")?;
    h.raw("</dt><dd>");
    h.t_replace("ui.item_of_art11", "{n}", usize::from(c.disclosure_item))?;
    h.raw(": ");
    h.t2("item.", &c.disclosure_item.to_string())?;
    h.raw("</dd>");
    if !c.forms.is_empty() {
        h.raw("<dt>");
        h.t("ui.forms")?;
        h.raw("</dt><dd>");
        for (i, f) in c.forms.iter().enumerate() {
            if i > 0 {
                h.raw("; ");
            }
            h.t2("form.", form_name(*f))?;
        }
        h.raw("</dd>");
    }
    if let Some(l) = &links.supersedes {
        h.raw("<dt>");
        h.t("ui.supersedes")?;
        h.raw("</dt><dd>");
        link(h, l);
        h.raw("</dd>");
    }
    h.raw("\n  <dt>");
    h.t("ui.record_id")?;
    h.raw("</dt><dd><code>");
    h.text(&r.id);
    h.raw("</code></dd>\n</dl>\n</section>\n\n");
    // {% include "kinds/" ~ record.kind ~ ".html" %}
    match &r.data {
        RecordData::Plan(p) => plan(h, p)?,
        RecordData::Land(l) => land(h, r, l)?,
        RecordData::Fund(f) => fund(h, f)?,
        RecordData::Dialogue(d) => dialogue(h, d)?,
        RecordData::Document(d) => document(h, r, d)?,
        RecordData::Procedure(p) => procedure(h, p)?,
    }
    if !body_html.is_empty() {
        h.raw(
            r#"
<section aria-labelledby="body-title" class="body">
<h2 id="body-title">"#,
        );
        h.t("ui.body")?;
        h.raw("</h2>\n");
        h.raw(body_html);
        h.raw("\n</section>");
    }
    if !r.files.is_empty() {
        h.raw(
            r#"
<section aria-labelledby="files-title">
<h2 id="files-title">"#,
        );
        h.t("ui.attachments")?;
        h.raw(
            r#"</h2>
<table class="data files">
  <thead><tr>"#,
        );
        h.th("ui.attachments")?;
        h.th_num("ui.size")?;
        h.th("ui.sha256")?;
        h.raw("</tr></thead>\n  <tbody>");
        for f in &r.files {
            // FileLink::href in mod.rs.
            h.raw("\n  <tr><td><a href=\"../files/");
            h.text(&r.id);
            h.raw("/");
            h.text(&f.file_name);
            h.raw("\" download>");
            h.text(&f.title);
            h.raw(r#"</a></td><td class="num">"#);
            h.text(&super::theme::filesize(f.size));
            h.raw(r#"</td><td><code class="hash">"#);
            h.text(&f.sha256);
            h.raw("</code></td></tr>");
        }
        h.raw("\n  </tbody>\n</table>\n</section>");
    }
    let RecordLinks {
        legal_basis,
        cited_by,
        related,
        ..
    } = links;
    if !legal_basis.is_empty() || !cited_by.is_empty() || !related.is_empty() {
        h.raw(
            r#"
<section aria-labelledby="links-title" class="links">
<h2 id="links-title" class="visually-hidden">"#,
        );
        h.t("ui.related")?;
        h.raw("</h2>");
        for (list, title) in [
            (legal_basis, "ui.legal_basis"),
            (related, "land.dialogues"),
            (cited_by, "ui.cited_by"),
        ] {
            if !list.is_empty() {
                h.raw("\n<h3>");
                h.t(title)?;
                h.raw("</h3>\n");
                link_list(h, list);
            }
        }
        h.raw("\n</section>");
    }
    // record.html: the data files.
    h.raw("\n<p class=\"data-download\">");
    h.t("ui.data_download")?;
    h.raw(": ");
    h.raw(&links.data);
    h.raw("</p>\n</article>\n");
    Some(())
}

/// `kinds/plan.html`.
fn plan(h: &mut Html, p: &Plan) -> Option<()> {
    h.raw(
        r#"
<section aria-labelledby="plan-title" class="panel">
<h2 id="plan-title">"#,
    );
    h.t("kind_one.plan")?;
    h.raw("</h2>\n<dl class=\"facts\">");
    fact(h, "plan.number", &p.number)?;
    fact(h, "plan.issuer", &p.issuer)?;
    if let Some(issued) = p.issued {
        h.raw("<dt>");
        h.t("plan.issued")?;
        h.raw("</dt><dd>");
        h.date(issued);
        h.raw("</dd>");
    }
    signer(h, "plan.signer", &p.signer, &p.signer_title)?;
    fact(h, "plan.period", &p.period)?;
    if let Some(purpose) = truthy(&p.purpose) {
        h.raw("<dt>");
        h.t("plan.purpose")?;
        h.raw("</dt><dd>");
        h.inline_md(purpose);
        h.raw("</dd>");
    }
    h.raw("\n</dl>\n</section>");
    if p.tasks.is_empty() {
        return Some(());
    }
    let done = p
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Done)
        .count();
    h.raw(
        r#"
<section aria-labelledby="tasks-title">
<h2 id="tasks-title">"#,
    );
    h.t("plan.tasks")?;
    h.raw("</h2>\n<p class=\"progress-summary\">");
    let summary = h
        .string("plan.summary")?
        .raw
        .replace("{done}", &done.to_string())
        .replace("{total}", &p.tasks.len().to_string());
    h.text(&summary);
    h.raw(
        r#"</p>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="tasks-title">
<table class="data tasks">
  <thead><tr>
    <th scope="col">#</th>"#,
    );
    h.th("plan.task")?;
    h.th("plan.lead")?;
    h.th("plan.support")?;
    h.raw("\n    ");
    h.th("plan.deadline")?;
    h.th("plan.deliverable")?;
    h.th("ui.status")?;
    h.th_num("plan.progress")?;
    h.raw("\n  </tr></thead>\n  <tbody>");
    for (i, task) in p.tasks.iter().enumerate() {
        h.raw("\n  <tr");
        if task.overdue {
            h.raw(r#" class="is-overdue""#);
        }
        h.raw(">\n    <td>");
        h.num(i + 1);
        h.raw("</td>\n    <td>");
        h.inline_md(&task.content);
        if !task.milestones.is_empty() {
            h.raw("\n      <ul class=\"milestones\">");
            for m in &task.milestones {
                h.raw("<li><time datetime=\"");
                h.text(&m.date.iso());
                h.raw("\">");
                h.date(m.date);
                h.raw("</time>: ");
                h.text(&m.note);
                h.raw("</li>");
            }
            h.raw("</ul>");
        }
        h.raw("</td>\n    <td>");
        h.text(truthy(&task.lead).unwrap_or(""));
        h.raw("</td>\n    <td>");
        h.text(&task.support.join(", "));
        h.raw("</td>\n    <td>");
        if let Some(deadline) = task.deadline {
            h.text(&deadline.display());
        }
        h.raw("</td>\n    <td>");
        h.text(truthy(&task.deliverable).unwrap_or(""));
        h.raw("</td>\n    <td>");
        h.t2("task_status.", task_status_name(task.status))?;
        if task.overdue {
            h.raw(r#" <span class="badge overdue">"#);
            h.t("ui.overdue")?;
            h.raw("</span>");
        }
        h.raw("</td>\n    <td class=\"num\">");
        if let Some(progress) = task.progress {
            h.raw(r#"<span class="bar" aria-hidden="true"><span style="width: "#);
            h.num(progress);
            h.raw(r#"%"></span></span> "#);
            h.num(progress);
            h.raw("%");
        }
        h.raw("</td>\n  </tr>");
    }
    h.raw("\n  </tbody>\n</table>\n</div>\n</section>");
    Some(())
}

/// `<dt>{{ t(label) }}</dt><dd>{{ value }}</dd>` when the value is set, as
/// the kind templates write their optional facts.
fn fact(h: &mut Html, label: &str, value: &Option<String>) -> Option<()> {
    if let Some(v) = truthy(value) {
        h.raw("<dt>");
        h.t(label)?;
        h.raw("</dt><dd>");
        h.text(v);
        h.raw("</dd>");
    }
    Some(())
}

/// `<dt>{{ t(label) }}</dt><dd>{{ p.code }}</dd>`-style fact shown as code.
fn code_fact(h: &mut Html, label: &str, value: &Option<String>) -> Option<()> {
    if let Some(v) = truthy(value) {
        h.raw("<dt>");
        h.t(label)?;
        h.raw("</dt><dd><code>");
        h.text(v);
        h.raw("</code></dd>");
    }
    Some(())
}

/// The signer fact of plans and documents: the name, then the title in
/// brackets.
fn signer(
    h: &mut Html,
    label: &str,
    signer: &Option<String>,
    title: &Option<String>,
) -> Option<()> {
    if let Some(s) = truthy(signer) {
        h.raw("<dt>");
        h.t(label)?;
        h.raw("</dt><dd>");
        h.text(s);
        if let Some(t) = truthy(title) {
            h.raw(" (");
            h.text(t);
            h.raw(")");
        }
        h.raw("</dd>");
    }
    Some(())
}

/// `kinds/land.html`.
fn land(h: &mut Html, r: &Record, l: &Land) -> Option<()> {
    h.raw(
        r#"
<section aria-labelledby="land-title" class="panel">
<h2 id="land-title">"#,
    );
    h.t("land.project")?;
    h.raw(": ");
    h.text(&l.project.name);
    h.raw("</h2>\n<dl class=\"facts\">\n  <dt>");
    h.t("land.stage")?;
    h.raw("</dt><dd>");
    h.t2("land_stage.", land_stage_name(l.stage))?;
    h.raw("</dd>");
    fact(h, "land.investor", &l.project.investor)?;
    fact(h, "land.location", &l.project.location)?;
    if let Some(area) = l.project.area_m2 {
        h.raw("<dt>");
        h.t("land.area")?;
        h.raw("</dt><dd>");
        h.text(&area.display());
        h.raw("</dd>");
    }
    fact(h, "land.purpose", &l.project.purpose)?;
    h.raw("\n  <dt>");
    h.t("land.posting_period")?;
    h.raw("</dt><dd>");
    h.date(r.common.published);
    match r.common.posted_until {
        Some(PostedUntil::Permanent) => {
            h.raw(" – ");
            h.t("ui.permanent")?;
        }
        Some(PostedUntil::Date(d)) => {
            h.raw(" – ");
            h.date(d);
        }
        None => {}
    }
    h.raw("</dd>");
    if !l.posting_places.is_empty() {
        h.raw("<dt>");
        h.t("land.posting_places")?;
        h.raw("</dt><dd>");
        h.text(&l.posting_places.join("; "));
        h.raw("</dd>");
    }
    h.raw("\n</dl>\n</section>");
    if let Some(c) = &l.consultation {
        h.raw(
            r#"
<section aria-labelledby="consult-title">
<h2 id="consult-title">"#,
        );
        h.t("land.consultation")?;
        h.raw(
            r#"</h2>
<table class="data">
  <thead><tr>"#,
        );
        h.th_num("land.agree")?;
        h.th_num("land.disagree")?;
        h.th_num("land.other")?;
        h.raw("</tr></thead>\n  <tbody><tr><td class=\"num\">");
        h.num(c.agree);
        h.raw(r#"</td><td class="num">"#);
        h.num(c.disagree);
        h.raw(r#"</td><td class="num">"#);
        h.num(c.other);
        h.raw("</td></tr></tbody>\n</table>\n</section>");
    }
    if l.parcels.is_empty() {
        return Some(());
    }
    let totals = &l.totals;
    h.raw(
        r#"
<section aria-labelledby="totals-title">
<h2 id="totals-title">"#,
    );
    h.t("land.totals")?;
    h.raw("</h2>\n<dl class=\"facts\">\n  <dt>");
    h.t("land.parcel_count")?;
    h.raw("</dt><dd>");
    h.num(totals.parcels);
    h.raw("</dd>\n  <dt>");
    h.t("land.area")?;
    h.raw("</dt><dd>");
    h.text(&totals.area_m2.display());
    for (label, amount) in [
        ("land.comp_land", totals.land),
        ("land.comp_assets", totals.assets),
        ("land.comp_relocation", totals.relocation),
        ("land.comp_support", totals.support),
    ] {
        h.raw("</dd>\n  <dt>");
        h.t(label)?;
        h.raw("</dt><dd>");
        h.money(amount);
    }
    h.raw("</dd>\n  <dt>");
    h.t("land.comp_total")?;
    h.raw("</dt><dd><strong>");
    h.money(totals.total);
    h.raw(
        r#"</strong></dd>
</dl>
</section>
<section aria-labelledby="parcels-title">
<h2 id="parcels-title">"#,
    );
    h.counted("land.parcels", l.parcels.len())?;
    h.raw(
        r#"</h2>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="parcels-title">
<table class="data parcels">
  <thead><tr>
    "#,
    );
    h.th("land.map_sheet")?;
    h.th("land.parcel_no")?;
    h.th_num("land.area")?;
    h.th("land.land_type")?;
    h.th("land.holder")?;
    h.raw("\n    ");
    h.th_num("land.comp_land")?;
    h.th_num("land.comp_assets")?;
    h.th_num("land.comp_relocation")?;
    h.th_num("land.comp_support")?;
    h.th_num("land.comp_total")?;
    h.th("land.resettlement")?;
    h.raw("\n  </tr></thead>\n  <tbody>");
    for p in &l.parcels {
        // `(p.land + p.assets + p.relocation + p.support) | money`: an
        // overflow is an error in the template too.
        let total = p.computed_total()?;
        h.raw("\n  <tr><td>");
        h.text(&p.map_sheet);
        h.raw("</td><td>");
        h.text(&p.parcel_no);
        h.raw(r#"</td><td class="num">"#);
        h.text(&p.area_m2.display());
        h.raw("</td><td>");
        h.text(truthy(&p.land_type).unwrap_or(""));
        h.raw("</td><td>");
        h.text(truthy(&p.holder).unwrap_or(""));
        h.raw("</td>\n    <td class=\"num\">");
        h.money(p.land);
        h.raw(r#"</td><td class="num">"#);
        h.money(p.assets);
        h.raw(r#"</td><td class="num">"#);
        h.money(p.relocation);
        h.raw(r#"</td><td class="num">"#);
        h.money(p.support);
        h.raw(r#"</td><td class="num">"#);
        h.money(total);
        h.raw("</td><td>");
        h.text(truthy(&p.resettlement).unwrap_or(""));
        h.raw("</td></tr>");
    }
    h.raw(
        r#"
  </tbody>
  <tfoot><tr><th scope="row" colspan="2">"#,
    );
    h.t("ui.total")?;
    h.raw(r#"</th><td class="num">"#);
    h.text(&totals.area_m2.display());
    h.raw("</td><td></td><td></td>\n    <td class=\"num\">");
    h.money(totals.land);
    h.raw(r#"</td><td class="num">"#);
    h.money(totals.assets);
    h.raw(r#"</td><td class="num">"#);
    h.money(totals.relocation);
    h.raw(r#"</td><td class="num">"#);
    h.money(totals.support);
    h.raw(r#"</td><td class="num">"#);
    h.money(totals.total);
    h.raw("</td><td></td></tr></tfoot>\n</table>\n</div>");
    if !l.publish_holders {
        h.raw(r#"<p class="note">"#);
        h.t("ui.masked_note")?;
        h.raw("</p>");
    }
    h.raw("\n</section>");
    Some(())
}

/// `kinds/fund.html`.
fn fund(h: &mut Html, f: &Fund) -> Option<()> {
    h.raw(
        r#"
<section aria-labelledby="fund-title" class="panel">
<h2 id="fund-title">"#,
    );
    h.t("kind_one.fund")?;
    h.raw("</h2>\n<dl class=\"facts\">\n  <dt>");
    h.t("fund.source")?;
    h.raw("</dt><dd>");
    h.t2("fund_source.", fund_source_name(f.source))?;
    h.raw("</dd>\n  <dt>");
    h.t("fund.purpose")?;
    h.raw("</dt><dd>");
    h.text(&f.purpose);
    h.raw("</dd>\n  <dt>");
    h.t("fund.period")?;
    h.raw("</dt><dd>");
    h.date(f.period_start);
    h.raw(" – ");
    h.date(f.period_end);
    h.raw("</dd>");
    if let Some(d) = &f.decision {
        h.raw("\n  <dt>");
        h.t("fund.decision")?;
        h.raw("</dt>\n  <dd>");
        h.date(d.date);
        h.raw(": ");
        // {{ t("fund.households") | lower }}
        let households = h.string("fund.households")?.raw.to_lowercase();
        h.text(&households);
        h.raw(" ");
        crate::money::push_grouped(&mut h.out, i64::from(d.households_agree));
        h.raw("/");
        crate::money::push_grouped(&mut h.out, i64::from(d.households_total));
        if d.households_total != 0 {
            h.raw(" (");
            h.num(u64::from(d.households_agree) * 100 / u64::from(d.households_total));
            h.raw("%)");
        }
        if let Some(doc) = truthy(&d.document) {
            h.raw(", ");
            h.text(doc);
        }
        h.raw("</dd>");
    }
    if let Some(per_household) = f.contribution_per_household {
        h.raw("<dt>");
        h.t("fund.per_household")?;
        h.raw("</dt><dd>");
        h.money(per_household);
        h.raw("</dd>");
    }
    h.raw(
        r#"
</dl>
</section>

<section aria-labelledby="balance-title">
<h2 id="balance-title">"#,
    );
    h.t("fund.balance")?;
    h.raw(
        r#"</h2>
<table class="data balance">
  <tbody>
    <tr><th scope="row">"#,
    );
    h.t("fund.opening")?;
    h.raw(r#"</th><td class="num">"#);
    h.money(f.opening_balance);
    h.raw("</td></tr>\n    <tr><th scope=\"row\">");
    h.t("fund.total_receipts")?;
    h.raw(r#" (+)</th><td class="num">"#);
    h.money(f.totals.receipts);
    h.raw("</td></tr>\n    <tr><th scope=\"row\">");
    h.t("fund.total_expenses")?;
    h.raw(r#" (−)</th><td class="num">"#);
    h.money(f.totals.expenses);
    h.raw("</td></tr>\n    <tr class=\"total\"><th scope=\"row\">");
    h.t("fund.closing")?;
    h.raw(r#"</th><td class="num">"#);
    h.money(f.totals.closing);
    h.raw(
        r#"</td></tr>
  </tbody>
</table>
</section>

<section aria-labelledby="receipts-title">
<h2 id="receipts-title">"#,
    );
    h.counted("fund.receipts", f.receipts.len())?;
    h.raw("</h2>");
    if f.receipts.is_empty() {
        h.raw("<p>");
        h.t("ui.none")?;
        h.raw("</p>");
    } else {
        h.raw(
            r#"
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="receipts-title">
<table class="data">
  <thead><tr>"#,
        );
        h.th("fund.date")?;
        h.th("fund.from")?;
        h.th("fund.voucher")?;
        h.th_num("fund.amount")?;
        h.raw("</tr></thead>\n  <tbody>");
        for r in &f.receipts {
            h.raw("\n  <tr><td>");
            h.date(r.date);
            h.raw("</td><td>");
            h.text(&r.from);
            h.raw("</td><td>");
            h.text(truthy(&r.voucher).unwrap_or(""));
            h.raw(r#"</td><td class="num">"#);
            h.money(r.amount);
            h.raw("</td></tr>");
        }
        h.raw(
            r#"
  </tbody>
  <tfoot><tr><th scope="row" colspan="3">"#,
        );
        h.t("fund.total_receipts")?;
        h.raw(r#"</th><td class="num">"#);
        h.money(f.totals.receipts);
        h.raw("</td></tr></tfoot>\n</table>\n</div>");
        if !f.publish_donors {
            h.raw(r#"<p class="note">"#);
            h.t("ui.masked_note")?;
            h.raw("</p>");
        }
    }
    h.raw(
        r#"
</section>

<section aria-labelledby="expenses-title">
<h2 id="expenses-title">"#,
    );
    h.counted("fund.expenses", f.expenses.len())?;
    h.raw("</h2>");
    if f.expenses.is_empty() {
        h.raw("<p>");
        h.t("ui.none")?;
        h.raw("</p>");
    } else {
        h.raw(
            r#"
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="expenses-title">
<table class="data">
  <thead><tr>"#,
        );
        h.th("fund.date")?;
        h.th("fund.item")?;
        h.th("fund.payee")?;
        h.th("fund.voucher")?;
        h.th_num("fund.amount")?;
        h.raw("</tr></thead>\n  <tbody>");
        for e in &f.expenses {
            h.raw("\n  <tr><td>");
            h.date(e.date);
            h.raw("</td><td>");
            h.text(&e.item);
            h.raw("</td><td>");
            h.text(truthy(&e.payee).unwrap_or(""));
            h.raw("</td><td>");
            h.text(truthy(&e.voucher).unwrap_or(""));
            h.raw(r#"</td><td class="num">"#);
            h.money(e.amount);
            h.raw("</td></tr>");
        }
        h.raw(
            r#"
  </tbody>
  <tfoot><tr><th scope="row" colspan="4">"#,
        );
        h.t("fund.total_expenses")?;
        h.raw(r#"</th><td class="num">"#);
        h.money(f.totals.expenses);
        h.raw("</td></tr></tfoot>\n</table>\n</div>");
    }
    h.raw("\n</section>");
    Some(())
}

/// `kinds/dialogue.html`.
fn dialogue(h: &mut Html, d: &Dialogue) -> Option<()> {
    h.raw(
        r#"
<section aria-labelledby="dlg-title" class="panel">
<h2 id="dlg-title">"#,
    );
    h.t("kind_one.dialogue")?;
    h.raw("</h2>\n<dl class=\"facts\">\n  <dt>");
    h.t("dialogue.type")?;
    h.raw("</dt><dd>");
    h.t2("dialogue_type.", dialogue_type_name(d.dialogue_type))?;
    h.raw("</dd>\n  <dt>");
    h.t("dialogue.held")?;
    h.raw("</dt><dd>");
    if let Some(time) = truthy(&d.time) {
        h.text(time);
        h.raw(", ");
    }
    h.text(&d.held.long_vi());
    h.raw("</dd>\n  <dt>");
    h.t("dialogue.place")?;
    h.raw("</dt><dd>");
    h.text(&d.place);
    h.raw("</dd>");
    fact(h, "dialogue.chair", &d.chair)?;
    if let Some(attendance) = d.attendance {
        h.raw("<dt>");
        h.t("dialogue.attendance")?;
        h.raw("</dt><dd>");
        crate::money::push_grouped(&mut h.out, i64::from(attendance));
        h.raw("</dd>");
    }
    fact(h, "dialogue.convened_by", &d.convened_by)?;
    h.raw("\n</dl>\n</section>");
    if d.items.is_empty() {
        return Some(());
    }
    // {%- set made = d.items | selectattr("commitment") | list %}
    let made: Vec<_> = d
        .items
        .iter()
        .filter(|it| truthy(&it.commitment).is_some())
        .collect();
    h.raw(
        r#"
<section aria-labelledby="items-title">
<h2 id="items-title">"#,
    );
    h.counted("dialogue.items", d.items.len())?;
    h.raw("</h2>");
    if !made.is_empty() {
        let done = made
            .iter()
            .filter(|it| it.status == CommitmentStatus::Done)
            .count();
        let summary = h
            .string("dialogue.summary")?
            .raw
            .replace("{done}", &done.to_string())
            .replace("{made}", &made.len().to_string());
        h.raw(r#"<p class="progress-summary">"#);
        h.text(&summary);
        h.raw("</p>");
    }
    h.raw("\n<ol class=\"dialogue-items\">");
    for it in &d.items {
        h.raw("\n<li class=\"dialogue-item");
        if it.overdue {
            h.raw(" is-overdue");
        }
        h.raw("\">\n  <p class=\"question\"><strong>");
        h.t("dialogue.question")?;
        h.raw(":</strong> ");
        h.text(&it.question);
        h.raw("</p>\n  <p class=\"asker\">");
        h.t("dialogue.asked_by")?;
        h.raw(": ");
        match truthy(&it.asked_by) {
            Some(who) => h.text(who),
            None => h.t("ui.anonymous")?,
        }
        if let Some(area) = truthy(&it.area) {
            h.raw(" · ");
            h.t("dialogue.area")?;
            h.raw(": ");
            h.text(area);
        }
        if let Some(topic) = truthy(&it.topic) {
            h.raw(" · ");
            h.t("dialogue.topic")?;
            h.raw(": ");
            h.text(topic);
        }
        h.raw("</p>");
        if let Some(answer) = truthy(&it.answer) {
            h.raw(r#"<p class="answer"><strong>"#);
            h.t("dialogue.answer")?;
            if let Some(by) = truthy(&it.answered_by) {
                h.raw(" (");
                h.text(by);
                h.raw(")");
            }
            h.raw(":</strong> ");
            h.text(answer);
            h.raw("</p>");
        }
        if let Some(commitment) = truthy(&it.commitment) {
            h.raw("\n  <dl class=\"facts commitment\">\n    <dt>");
            h.t("dialogue.commitment")?;
            h.raw("</dt><dd>");
            h.text(commitment);
            h.raw("</dd>");
            fact(h, "dialogue.responsible", &it.responsible)?;
            if let Some(deadline) = it.deadline {
                h.raw("<dt>");
                h.t("dialogue.deadline")?;
                h.raw("</dt><dd>");
                h.date(deadline);
                h.raw("</dd>");
            }
            h.raw("\n    <dt>");
            h.t("ui.status")?;
            h.raw("</dt><dd>");
            h.t2("commitment_status.", commitment_status_name(it.status))?;
            if it.overdue {
                h.raw(r#" <span class="badge overdue">"#);
                h.t("ui.overdue")?;
                h.raw("</span>");
            }
            h.raw("</dd>");
            fact(h, "dialogue.closed_by", &it.closed_by)?;
            h.raw("\n  </dl>");
        }
        h.raw("\n</li>");
    }
    h.raw("\n</ol>\n</section>");
    Some(())
}

/// `kinds/document.html`.
fn document(h: &mut Html, r: &Record, d: &Document) -> Option<()> {
    h.raw(
        r#"
<section aria-labelledby="doc-title" class="panel">
<h2 id="doc-title">"#,
    );
    h.t("kind_one.document")?;
    h.raw("</h2>\n<dl class=\"facts\">\n  <dt>");
    h.t("document.number")?;
    h.raw("</dt><dd>");
    h.text(&d.number);
    h.raw("</dd>\n  <dt>");
    h.t("document.doc_type")?;
    h.raw("</dt><dd>");
    h.text(&d.doc_type);
    h.raw("</dd>\n  <dt>");
    h.t("document.issuer")?;
    h.raw("</dt><dd>");
    h.text(&d.issuer);
    h.raw("</dd>\n  <dt>");
    h.t("document.issued")?;
    h.raw(r#"</dt><dd><time datetime=""#);
    h.text(&d.issued.iso());
    h.raw("\">");
    h.date(d.issued);
    h.raw("</time></dd>");
    fact(h, "document.summary", &r.common.summary)?;
    signer(h, "document.signer", &d.signer, &d.signer_title)?;
    if let Some(effective) = d.effective {
        h.raw("<dt>");
        h.t("document.effective")?;
        h.raw("</dt><dd>");
        h.date(effective);
        h.raw("</dd>");
    }
    h.raw("\n  <dt>");
    h.t("document.effect")?;
    h.raw("</dt><dd>");
    h.t2("effect.", effect_name(d.effect))?;
    h.raw("</dd>");
    for (label, ids) in [
        ("document.replaces", &d.replaces),
        ("document.amends", &d.amends),
    ] {
        if !ids.is_empty() {
            h.raw("<dt>");
            h.t(label)?;
            h.raw("</dt><dd>");
            h.text(&ids.join(", "));
            h.raw("</dd>");
        }
    }
    code_fact(h, "document.source_url", &d.source_url)?;
    h.raw("\n</dl>\n</section>");
    Some(())
}

/// `kinds/procedure.html`.
fn procedure(h: &mut Html, p: &Procedure) -> Option<()> {
    h.raw(
        r#"
<section aria-labelledby="proc-title" class="panel">
<h2 id="proc-title">"#,
    );
    h.t("kind_one.procedure")?;
    h.raw("</h2>\n<dl class=\"facts\">");
    fact(h, "procedure.code", &p.code)?;
    fact(h, "procedure.field", &p.field)?;
    h.raw("\n  <dt>");
    h.t("procedure.time_limit")?;
    h.raw("</dt><dd>");
    h.text(&p.time_limit);
    h.raw("</dd>");
    fact(h, "procedure.applicants", &p.applicants)?;
    fact(h, "procedure.authority", &p.authority)?;
    fact(h, "procedure.result", &p.result)?;
    code_fact(h, "procedure.online", &p.online_url)?;
    h.raw(
        r#"
</dl>
</section>
<section aria-labelledby="steps-title">
<h2 id="steps-title">"#,
    );
    h.t("procedure.steps")?;
    h.raw("</h2>\n<ol class=\"steps\">");
    for s in &p.steps {
        h.raw("<li>");
        h.inline_md(s);
        h.raw("</li>");
    }
    h.raw("</ol>\n</section>");
    for (id, label, items) in [
        ("sub", "procedure.submission", &p.submission),
        ("dossier", "procedure.dossier", &p.dossier),
    ] {
        if items.is_empty() {
            continue;
        }
        h.raw("\n<section aria-labelledby=\"");
        h.raw(id);
        h.raw("-title\"><h2 id=\"");
        h.raw(id);
        h.raw("-title\">");
        h.t(label)?;
        h.raw("</h2>\n<ul>");
        for s in items {
            h.raw("<li>");
            h.inline_md(s);
            h.raw("</li>");
        }
        h.raw("</ul></section>");
    }
    h.raw(
        r#"
<section aria-labelledby="fees-title"><h2 id="fees-title">"#,
    );
    h.t("procedure.fees")?;
    h.raw("</h2>");
    if p.fees.is_empty() {
        h.raw("\n<p>");
        h.t("ui.free")?;
        h.raw("</p>");
    } else {
        h.raw(
            r#"
<table class="data">
  <thead><tr>"#,
        );
        h.th("procedure.fee_item")?;
        h.th_num("fund.amount")?;
        h.raw("</tr></thead>\n  <tbody>");
        for f in &p.fees {
            h.raw("<tr><td>");
            h.text(&f.item);
            h.raw(r#"</td><td class="num">"#);
            h.money(f.amount);
            h.raw("</td></tr>");
        }
        h.raw("</tbody>\n</table>");
    }
    h.raw("\n</section>");
    Some(())
}

// The names the templates see for enum values: their serde names (checked
// against serde in the tests).

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Posted => "posted",
        Status::Published => "published",
        Status::Expired => "expired",
        Status::Superseded => "superseded",
    }
}

fn form_name(f: Form) -> &'static str {
    match f {
        Form::OfficePosting => "office_posting",
        Form::Portal => "portal",
        Form::Loudspeaker => "loudspeaker",
        Form::GroupHead => "group_head",
        Form::Letter => "letter",
        Form::Conference => "conference",
        Form::Press => "press",
        Form::MassOrganisation => "mass_organisation",
        Form::SocialNetwork => "social_network",
    }
}

fn task_status_name(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::NotStarted => "not_started",
        TaskStatus::InProgress => "in_progress",
        TaskStatus::Done => "done",
        TaskStatus::Cancelled => "cancelled",
    }
}

fn land_stage_name(s: LandStage) -> &'static str {
    match s {
        LandStage::LandUsePlan => "land_use_plan",
        LandStage::AnnualLandUsePlan => "annual_land_use_plan",
        LandStage::RecoveryNotice => "recovery_notice",
        LandStage::CompensationPlan => "compensation_plan",
        LandStage::ApprovalDecision => "approval_decision",
        LandStage::Resettlement => "resettlement",
        LandStage::RecoveryDecision => "recovery_decision",
    }
}

fn fund_source_name(s: FundSource) -> &'static str {
    match s {
        FundSource::Contribution => "contribution",
        FundSource::Donation => "donation",
        FundSource::Sponsorship => "sponsorship",
    }
}

fn dialogue_type_name(t: DialogueType) -> &'static str {
    match t {
        DialogueType::AnnualConference => "annual_conference",
        DialogueType::PreDecisionHearing => "pre_decision_hearing",
        DialogueType::CommunityConference => "community_conference",
        DialogueType::CitizenReception => "citizen_reception",
        DialogueType::LandDialogue => "land_dialogue",
        DialogueType::VoterMeeting => "voter_meeting",
    }
}

fn commitment_status_name(s: CommitmentStatus) -> &'static str {
    match s {
        CommitmentStatus::Open => "open",
        CommitmentStatus::InProgress => "in_progress",
        CommitmentStatus::Done => "done",
        CommitmentStatus::Answered => "answered",
    }
}

fn effect_name(e: Effect) -> &'static str {
    match e {
        Effect::InForce => "in_force",
        Effect::NotYet => "not_yet",
        Effect::PartlyExpired => "partly_expired",
        Effect::Expired => "expired",
    }
}

#[cfg(test)]
mod tests;
