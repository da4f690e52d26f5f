//! Template functions that write the rows of a record's long tables in Rust:
//! the rows of a fund's ledgers, a land record's parcels, a plan's tasks and
//! a dialogue's questions. They are part of the theme API (`docs/themes.md`):
//! the default templates call them, and a theme may call them too or write
//! its own loop over `record.data`. Each row is written here and nowhere
//! else; the table around it (headings, totals) stays in the templates.
//!
//! Every row starts with a line break and the indentation the default
//! templates give it, so that a call stands where the loop stood.

use super::objects::{variant_name, RecordObject};
use super::theme::escape_html_into;
use crate::model::{Record, RecordData};
use minijinja::{Environment, Error, ErrorKind, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The interface strings of the site's language, escaped for HTML once.
struct Strings(super::theme::FastMap<String>);

/// A fragment being written.
struct Html<'s> {
    out: String,
    strings: &'s Strings,
    key: String,
}

impl<'s> Html<'s> {
    fn new(strings: &'s Strings) -> Html<'s> {
        Html {
            out: String::with_capacity(256),
            strings,
            key: String::new(),
        }
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A string, escaped as `{{ s }}` escapes it.
    fn text(&mut self, s: &str) {
        escape_html_into(&mut self.out, s);
    }

    /// `{{ t(key) }}`.
    fn t(&mut self, key: &str) -> Result<(), Error> {
        let text = self.strings.0.get(key).ok_or_else(|| missing(key))?;
        self.out.push_str(text);
        Ok(())
    }

    /// `{{ t(group ~ name) }}`.
    fn t2(&mut self, group: &str, name: &str) -> Result<(), Error> {
        self.key.clear();
        self.key.push_str(group);
        self.key.push_str(name);
        let text = self
            .strings
            .0
            .get(&self.key)
            .ok_or_else(|| missing(&self.key))?;
        self.out.push_str(text);
        Ok(())
    }

    /// `<dt>{{ t(label) }}</dt><dd>{{ value }}</dd>` when the value is set.
    fn fact(&mut self, label: &str, value: &Option<String>) -> Result<(), Error> {
        if let Some(v) = truthy(value) {
            self.raw("<dt>");
            self.t(label)?;
            self.raw("</dt><dd>");
            self.text(v);
            self.raw("</dd>");
        }
        Ok(())
    }

    fn done(self) -> Value {
        Value::from_safe_string(self.out)
    }
}

fn missing(key: &str) -> Error {
    Error::new(
        ErrorKind::UndefinedError,
        format!("no interface string `{key}`"),
    )
}

/// A template's test of a string (`{% if s %}`, `s or ""`).
fn truthy(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// The serde name of an enum value, as templates see it.
fn name<T: serde::Serialize>(v: &T) -> Result<&'static str, Error> {
    variant_name(v).ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "not a plain enum"))
}

/// The record a function was given: `record` or `record.data`.
fn record_arg<'v>(function: &str, value: &'v Value) -> Result<&'v Record, Error> {
    RecordObject::record_of(value).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("{function}: expects a record (`record` or `record.data`)"),
        )
    })
}

/// A row function: takes the record, writes into the fragment.
type Rows = fn(&mut Html, &Record) -> Result<(), Error>;

/// Registers the row functions in `env`.
pub fn register(env: &mut Environment<'static>, strings: &BTreeMap<String, String>) {
    super::chart::register(env, strings);
    let strings = Arc::new(Strings(
        strings
            .iter()
            .map(|(k, v)| {
                let mut html = String::with_capacity(v.len());
                escape_html_into(&mut html, v);
                (k.clone(), html)
            })
            .collect(),
    ));
    let functions: [(&'static str, Rows); 5] = [
        ("receipt_rows", receipt_rows),
        ("expense_rows", expense_rows),
        ("parcel_rows", parcel_rows),
        ("task_rows", task_rows),
        ("dialogue_items", dialogue_items),
    ];
    for (function, rows) in functions {
        let strings = Arc::clone(&strings);
        env.add_function(function, move |record: Value| -> Result<Value, Error> {
            let r = record_arg(function, &record)?;
            let mut h = Html::new(&strings);
            rows(&mut h, r)?;
            Ok(h.done())
        });
    }
    let badge = Arc::clone(&strings);
    env.add_function(
        "status_badge",
        move |status: &str| -> Result<Value, Error> {
            let mut h = Html::new(&badge);
            status_badge(&mut h, status)?;
            Ok(h.done())
        },
    );
    let until = Arc::clone(&strings);
    env.add_function(
        "posted_until",
        move |value: Value| -> Result<Value, Error> {
            let mut h = Html::new(&until);
            posted_until(&mut h, &value)?;
            Ok(h.done())
        },
    );
    let nav = Arc::clone(&strings);
    env.add_function(
        "kind_nav",
        move |prefix: &str, current: Option<&str>| -> Result<Value, Error> {
            let mut h = Html::new(&nav);
            kind_nav(&mut h, prefix, current)?;
            Ok(h.done())
        },
    );
    let items = Arc::clone(&strings);
    env.add_function(
        "record_items",
        move |list: Value, prefix: &str, show_kind: Option<bool>| -> Result<Value, Error> {
            let mut h = Html::new(&items);
            for item in list.try_iter()? {
                record_item(&mut h, &item, prefix, show_kind.unwrap_or(false))?;
            }
            Ok(h.done())
        },
    );
    let links = Arc::clone(&strings);
    env.add_function("link_items", move |list: Value| -> Result<Value, Error> {
        let mut h = Html::new(&links);
        for l in list.try_iter()? {
            link_item(&mut h, &l)?;
        }
        Ok(h.done())
    });
    let budget = Arc::clone(&strings);
    env.add_function(
        "budget_rows",
        move |record: Value, table: &str| -> Result<Value, Error> {
            let r = record_arg("budget_rows", &record)?;
            let mut h = Html::new(&budget);
            budget_rows(&mut h, r, table)?;
            Ok(h.done())
        },
    );
    env.add_function(
        "names_of",
        |record: Value, column: &str| -> Result<Value, Error> {
            let r = record_arg("names_of", &record)?;
            Ok(r.names
                .iter()
                .find(|n| n.column == column)
                .map_or(Value::from(()), |n| {
                    let map: BTreeMap<&str, Value> = BTreeMap::from([
                        ("published", Value::from(n.published)),
                        ("basis", Value::from(n.basis.as_str())),
                    ]);
                    Value::from(map)
                }))
        },
    );
    env.add_function("progress", |record: Value| -> Result<Value, Error> {
        let r = record_arg("progress", &record)?;
        Ok(Value::from(progress(r)))
    });
}

/// `kind_nav(prefix, current)`: the menu of kinds, one `<li>` each linking
/// to `prefix` + the kind's list, `current` marked as the page's own.
fn kind_nav(h: &mut Html, prefix: &str, current: Option<&str>) -> Result<(), Error> {
    for kind in crate::model::Kind::ALL {
        let slug = kind.slug();
        h.raw("\n      <li><a href=\"");
        h.text(prefix);
        h.text(slug);
        h.raw("/index.html\"");
        if current == Some(slug) {
            h.raw(r#" aria-current="page""#);
        }
        h.raw(">");
        h.t2("kind.", slug)?;
        h.raw("</a></li>");
    }
    Ok(())
}

/// One field of a list item; an error names the field missing.
fn attr(item: &Value, name: &str) -> Result<Value, Error> {
    let v = item.get_attr(name)?;
    if v.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            format!("an item has no `{name}`"),
        ));
    }
    Ok(v)
}

/// `record_items(items, prefix, show_kind=false)`: one `<li>` per record
/// of a list (`latest`, a year's `items`…): its title linking to `prefix` +
/// its page, its kind when `show_kind`, date, figure, status, overdue and
/// shared badges, and summary.
fn record_item(h: &mut Html, r: &Value, prefix: &str, show_kind: bool) -> Result<(), Error> {
    let text = |v: &Value| {
        v.as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string())
    };
    h.raw("\n  <li>\n    <a class=\"record-title\" href=\"");
    h.text(prefix);
    h.text(&text(&attr(r, "href")?));
    h.raw("\">");
    h.text(&text(&attr(r, "title")?));
    h.raw("</a>\n    <span class=\"record-meta\">");
    if show_kind {
        h.raw(r#"<span class="kind-label">"#);
        h.t2("kind_one.", &text(&attr(r, "kind")?))?;
        h.raw("</span> · ");
    }
    let published = text(&attr(r, "published")?);
    h.raw("<time datetime=\"");
    h.text(&published);
    h.raw("\">");
    let date = crate::date::Date::parse(&published).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("record_items: `{published}` is not a date"),
        )
    })?;
    date.push_short(&mut h.out);
    h.raw("</time>");
    let figure = attr(r, "figure")?;
    if figure.is_true() {
        h.raw(r#" · <span class="figure">"#);
        h.text(&text(&figure));
        h.raw("</span>");
    }
    h.raw("\n      · ");
    status_badge(h, &text(&attr(r, "status")?))?;
    let overdue = attr(r, "overdue")?;
    if overdue.is_true() {
        h.raw(r#" <span class="badge overdue">"#);
        h.text(&text(&overdue));
        h.raw(" ");
        h.t("ui.overdue_count")?;
        h.raw("</span>");
    }
    if attr(r, "shared")?.is_true() {
        h.raw(r#" <span class="badge shared">"#);
        h.t("ui.shared")?;
        h.raw("</span>");
    }
    h.raw("\n    </span>");
    let summary = attr(r, "summary")?;
    if summary.is_true() {
        h.raw(r#"<span class="record-summary">"#);
        h.text(&text(&summary));
        h.raw("</span>");
    }
    h.raw("\n  </li>");
    Ok(())
}

/// `link_items(links)`: one `<li>` per link (`legal_basis`, `cited_by`,
/// `related`): its title, linked when it has an `href`.
fn link_item(h: &mut Html, l: &Value) -> Result<(), Error> {
    let text = |v: &Value| {
        v.as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string())
    };
    let title = text(&attr(l, "title")?);
    h.raw("<li>");
    match l.get_attr("href")? {
        href if href.is_true() => {
            h.raw("<a href=\"");
            h.text(&text(&href));
            h.raw("\">");
            h.text(&title);
            h.raw("</a>");
        }
        _ => h.text(&title),
    }
    h.raw("</li>");
    Ok(())
}

/// `status_badge(status)`: a record's status as a badge,
/// `<span class="badge status-…">…</span>`.
fn status_badge(h: &mut Html, status: &str) -> Result<(), Error> {
    h.raw(r#"<span class="badge status-"#);
    h.text(status);
    h.raw(r#"">"#);
    h.t2("status.", status)?;
    h.raw("</span>");
    Ok(())
}

/// `posted_until(value)`: the end of a posting period, `permanent` or an
/// ISO date, as a page shows it; nothing for none.
fn posted_until(h: &mut Html, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some("permanent") => h.t("ui.permanent"),
        Some(iso) if !iso.is_empty() => {
            let date = crate::date::Date::parse(iso).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("posted_until: `{iso}` is not a date"),
                )
            })?;
            date.push_short(&mut h.out);
            Ok(())
        }
        _ if value.is_true() => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("posted_until: {value} is not a date"),
        )),
        _ => Ok(()),
    }
}

/// `progress(record)`: how far a plan or a dialogue has come, as `total`
/// (tasks or questions), `done` (tasks done, or commitments kept), `made`
/// (commitments made) and `overdue`; zeros for other kinds.
fn progress(r: &Record) -> BTreeMap<&'static str, usize> {
    let (total, done, made, overdue) = match &r.data {
        RecordData::Plan(p) => {
            let (done, overdue, total) = p.counts();
            (total, done, 0, overdue)
        }
        RecordData::Dialogue(d) => {
            let made = d.items.iter().filter(|i| truthy(&i.commitment).is_some());
            let done = made
                .clone()
                .filter(|i| i.status == crate::model::dialogue::CommitmentStatus::Done)
                .count();
            let overdue = d.items.iter().filter(|i| i.overdue).count();
            (d.items.len(), done, made.count(), overdue)
        }
        _ => (0, 0, 0, 0),
    };
    BTreeMap::from([
        ("total", total),
        ("done", done),
        ("made", made),
        ("overdue", overdue),
    ])
}

/// `receipt_rows(record)`: a fund's receipts, one `<tr>` each (date, from,
/// voucher, amount).
fn receipt_rows(h: &mut Html, r: &Record) -> Result<(), Error> {
    let RecordData::Fund(f) = &r.data else {
        return Ok(());
    };
    for x in &f.receipts {
        h.raw("\n  <tr><td>");
        x.date.push_short(&mut h.out);
        h.raw("</td><td>");
        h.text(&x.from);
        h.raw("</td><td>");
        h.text(truthy(&x.voucher).unwrap_or(""));
        h.raw(r#"</td><td class="num">"#);
        x.amount.push_display(&mut h.out);
        h.raw("</td></tr>");
    }
    Ok(())
}

/// `expense_rows(record)`: a fund's expenses, one `<tr>` each (date, item,
/// payee, voucher, amount).
fn expense_rows(h: &mut Html, r: &Record) -> Result<(), Error> {
    let RecordData::Fund(f) = &r.data else {
        return Ok(());
    };
    for e in &f.expenses {
        h.raw("\n  <tr><td>");
        e.date.push_short(&mut h.out);
        h.raw("</td><td>");
        h.text(&e.item);
        h.raw("</td><td>");
        h.text(truthy(&e.payee).unwrap_or(""));
        h.raw("</td><td>");
        h.text(truthy(&e.voucher).unwrap_or(""));
        h.raw(r#"</td><td class="num">"#);
        e.amount.push_display(&mut h.out);
        h.raw("</td></tr>");
    }
    Ok(())
}

/// `budget_rows(record, table)`: the rows of one table of a budget record
/// (`balance`, `revenue`, `expenditure`, `investment`, `other_activities`),
/// one `<tr>` each: code, name indented by its level (parent rows bold,
/// "of which" rows marked), unit, estimate, and when the table has any,
/// execution and execution as a percentage of the estimate.
fn budget_rows(h: &mut Html, r: &Record, table: &str) -> Result<(), Error> {
    use crate::model::budget::{percent_display, percent_tenths, BudgetTable};
    let RecordData::Budget(b) = &r.data else {
        return Ok(());
    };
    let Some(table) = BudgetTable::ALL.into_iter().find(|t| t.field() == table) else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("budget_rows: no budget table `{table}`"),
        ));
    };
    let execution = b.has_execution(table);
    let lines: Vec<_> = b.lines(table).collect();
    for line in &lines {
        let parent = lines
            .iter()
            .any(|l| l.parent.as_deref() == Some(line.code.as_str()));
        h.raw("\n  <tr class=\"lvl-");
        h.raw(&line.level.min(5).to_string());
        if parent {
            h.raw(" parent");
        }
        if line.of_which {
            h.raw(" of-which");
        }
        h.raw("\"><td>");
        h.text(&line.code);
        h.raw("</td><th scope=\"row\">");
        if line.of_which {
            h.raw("<span class=\"of-which-mark\">");
            h.t("budget.of_which")?;
            h.raw("</span> ");
        }
        h.text(&line.name);
        h.raw("</th><td>");
        h.text(&line.unit);
        h.raw(r#"</td><td class="num">"#);
        if let Some(m) = line.estimate {
            crate::money::push_grouped(&mut h.out, m.0);
        }
        h.raw("</td>");
        if execution {
            h.raw(r#"<td class="num">"#);
            if let Some(m) = line.execution {
                crate::money::push_grouped(&mut h.out, m.0);
            }
            h.raw(r#"</td><td class="num">"#);
            if let (Some(e), Some(x)) = (line.estimate, line.execution) {
                if let Some(t) = percent_tenths(x, e) {
                    h.raw(&percent_display(t));
                }
            }
            h.raw("</td>");
        }
        h.raw("</tr>");
    }
    Ok(())
}

/// `parcel_rows(record)`: a land record's parcels, one `<tr>` each (sheet,
/// number, area, land type, holder, the four amounts, their total,
/// resettlement).
fn parcel_rows(h: &mut Html, r: &Record) -> Result<(), Error> {
    let RecordData::Land(l) = &r.data else {
        return Ok(());
    };
    for p in &l.parcels {
        let total = p.computed_total().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                "parcel_rows: the amounts of a parcel overflow",
            )
        })?;
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
        for amount in [p.land, p.assets, p.relocation, p.support] {
            amount.push_display(&mut h.out);
            h.raw(r#"</td><td class="num">"#);
        }
        total.push_display(&mut h.out);
        h.raw("</td><td>");
        h.text(truthy(&p.resettlement).unwrap_or(""));
        h.raw("</td></tr>");
    }
    Ok(())
}

/// `task_rows(record)`: a plan's tasks, one `<tr>` each (number, content
/// with milestones, lead, support, deadline, deliverable, status, progress).
fn task_rows(h: &mut Html, r: &Record) -> Result<(), Error> {
    let RecordData::Plan(p) = &r.data else {
        return Ok(());
    };
    for (i, task) in p.tasks.iter().enumerate() {
        h.raw("\n  <tr");
        if task.overdue {
            h.raw(r#" class="is-overdue""#);
        }
        h.raw(">\n    <td>");
        h.out.push_str(&(i + 1).to_string());
        h.raw("</td>\n    <td>");
        h.raw(&crate::markdown::render_inline(&task.content));
        if !task.milestones.is_empty() {
            h.raw("\n      <ul class=\"milestones\">");
            for m in &task.milestones {
                h.raw("<li><time datetime=\"");
                h.text(&m.date.iso());
                h.raw("\">");
                m.date.push_short(&mut h.out);
                h.raw("</time>: ");
                h.text(&m.note);
                h.raw("</li>");
            }
            h.raw("</ul>");
        }
        let changes: Vec<_> = task
            .status_changes
            .iter()
            .map(|c| {
                (
                    c.date,
                    crate::comply::tracker::task_status(c.status),
                    &c.note,
                )
            })
            .collect();
        status_changes(h, "task_status.", &changes)?;
        if let Some(closed) = truthy(&task.closed_by) {
            h.raw("\n      <p class=\"closed-by\">");
            h.t("dialogue.closed_by")?;
            h.raw(": ");
            h.text(closed);
            h.raw("</p>");
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
        h.t2("task_status.", name(&task.status)?)?;
        if task.overdue {
            h.raw(r#" <span class="badge overdue">"#);
            h.t("ui.overdue")?;
            h.raw("</span>");
        }
        h.raw("</td>\n    <td class=\"num\">");
        if let Some(progress) = task.progress {
            h.raw(r#"<span class="bar" aria-hidden="true"><span style="width: "#);
            h.out.push_str(&progress.to_string());
            h.raw(r#"%"></span></span> "#);
            h.out.push_str(&progress.to_string());
            h.raw("%");
        }
        h.raw("</td>\n  </tr>");
    }
    Ok(())
}

/// A commitment's or task's dated status changes, oldest first, as a list
/// (date, the status from that day by `prefix` + its name, the note).
fn status_changes(
    h: &mut Html,
    prefix: &str,
    changes: &[(crate::date::Date, &str, &Option<String>)],
) -> Result<(), Error> {
    if changes.is_empty() {
        return Ok(());
    }
    h.raw("\n      <ul class=\"status_changes\">");
    for (date, status, note) in changes {
        h.raw("<li><time datetime=\"");
        h.text(&date.iso());
        h.raw("\">");
        date.push_short(&mut h.out);
        h.raw("</time>: ");
        h.t2(prefix, status)?;
        if let Some(note) = truthy(note) {
            h.raw(" – ");
            h.text(note);
        }
        h.raw("</li>");
    }
    h.raw("</ul>");
    Ok(())
}

/// `dialogue_items(record)`: a dialogue's questions, one `<li>` each
/// (question, asker, answer, and the commitment made with its status).
fn dialogue_items(h: &mut Html, r: &Record) -> Result<(), Error> {
    let RecordData::Dialogue(d) = &r.data else {
        return Ok(());
    };
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
            h.fact("dialogue.responsible", &it.responsible)?;
            if let Some(deadline) = it.deadline {
                h.raw("<dt>");
                h.t("dialogue.deadline")?;
                h.raw("</dt><dd>");
                deadline.push_short(&mut h.out);
                h.raw("</dd>");
            }
            h.raw("\n    <dt>");
            h.t("ui.status")?;
            h.raw("</dt><dd>");
            h.t2("commitment_status.", name(&it.status)?)?;
            if it.overdue {
                h.raw(r#" <span class="badge overdue">"#);
                h.t("ui.overdue")?;
                h.raw("</span>");
            }
            h.raw("</dd>");
            h.fact("dialogue.closed_by", &it.closed_by)?;
            h.raw("\n  </dl>");
        }
        let changes: Vec<_> = it
            .status_changes
            .iter()
            .map(|c| {
                let status = crate::comply::tracker::commitment_status(c.status);
                (c.date, status, &c.note)
            })
            .collect();
        status_changes(h, "commitment_status.", &changes)?;
        h.raw("\n</li>");
    }
    Ok(())
}
