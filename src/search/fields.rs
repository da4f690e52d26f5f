//! What of a record is searchable, beyond its title and body: identifiers,
//! project names, parcel numbers, questions and answers… Names that the site
//! shows masked are left out, so they never reach the index.

use crate::model::{Record, RecordData};

/// The separator put between two values: punctuation, so no pair spans them.
const SEP: &str = " ; ";

/// The searchable field values of a record, joined into one text.
pub fn field_text(r: &Record) -> String {
    let mut text = String::new();
    for_each_value(r, |s| {
        if !text.is_empty() {
            text.push_str(SEP);
        }
        text.push_str(s);
    });
    text
}

/// The number a record is known by, when it has one of its own: a plan's or
/// a document's number, a procedure's code (not the numbers it cites).
pub fn own_number(r: &Record) -> Option<&str> {
    let number = match &r.data {
        RecordData::Plan(p) => p.number.as_deref(),
        RecordData::Document(d) => Some(d.number.as_str()),
        RecordData::Procedure(p) => p.code.as_deref(),
        _ => None,
    };
    number.filter(|s| !is_blank(s))
}

/// Whether `s` is empty or whitespace only. Most values start with a
/// printable ASCII character, which settles it at once.
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if (b'!'..=b'~').contains(b) => false,
        _ => s.trim().is_empty(),
    }
}

/// Gives each searchable field value of a record that is not blank, in the
/// order [`field_text`] joins them.
pub fn for_each_value(r: &Record, mut each: impl FnMut(&str)) {
    let mut add = |s: &str| {
        if !is_blank(s) {
            each(s);
        }
    };
    if let Some(s) = &r.common.summary {
        add(s);
    }
    for b in &r.common.legal_basis {
        add(b);
    }
    for a in &r.common.attachments {
        if let Some(t) = &a.title {
            add(t);
        }
    }
    match &r.data {
        RecordData::Plan(p) => {
            for s in [&p.number, &p.issuer, &p.signer, &p.period, &p.purpose]
                .into_iter()
                .flatten()
            {
                add(s);
            }
            for t in &p.tasks {
                add(&t.content);
                for s in [&t.lead, &t.deliverable].into_iter().flatten() {
                    add(s);
                }
                for s in &t.support {
                    add(s);
                }
                for m in &t.milestones {
                    add(&m.note);
                }
            }
        }
        RecordData::Land(l) => {
            let holders = r.name_published("parcels.holder");
            let mut parcel = String::new();
            add(&l.project.name);
            for s in [&l.project.investor, &l.project.location, &l.project.purpose]
                .into_iter()
                .flatten()
            {
                add(s);
            }
            for s in &l.posting_places {
                add(s);
            }
            for p in &l.parcels {
                // "tờ 12 thửa 45": a query for "thua 45" finds the parcel.
                parcel.clear();
                parcel.push_str("tờ ");
                parcel.push_str(&p.map_sheet);
                parcel.push_str(" thửa ");
                parcel.push_str(&p.parcel_no);
                add(&parcel);
                if let Some(t) = &p.land_type {
                    add(t);
                }
                if holders {
                    if let Some(h) = &p.holder {
                        add(h);
                    }
                }
                if let Some(s) = &p.resettlement {
                    add(s);
                }
            }
        }
        RecordData::Fund(f) => {
            let payers = r.name_published("receipts.from");
            add(&f.purpose);
            if let Some(s) = f.decision.as_ref().and_then(|d| d.document.as_ref()) {
                add(s);
            }
            for rc in &f.receipts {
                if payers || rc.organisation {
                    add(&rc.from);
                }
                if let Some(s) = &rc.voucher {
                    add(s);
                }
            }
            for e in &f.expenses {
                add(&e.item);
                for s in [&e.payee, &e.voucher].into_iter().flatten() {
                    add(s);
                }
            }
        }
        RecordData::Dialogue(d) => {
            add(&d.place);
            for s in [&d.chair, &d.convened_by].into_iter().flatten() {
                add(s);
            }
            // `asked_by` is always masked on the page: never indexed.
            for it in &d.items {
                add(&it.question);
                for s in [
                    &it.area,
                    &it.topic,
                    &it.answer,
                    &it.answered_by,
                    &it.commitment,
                    &it.responsible,
                    &it.closed_by,
                ]
                .into_iter()
                .flatten()
                {
                    add(s);
                }
            }
        }
        RecordData::Document(d) => {
            for s in [&d.number, &d.doc_type, &d.issuer] {
                add(s);
            }
            for s in [&d.signer, &d.signer_title].into_iter().flatten() {
                add(s);
            }
            for s in d.replaces.iter().chain(&d.amends) {
                add(s);
            }
        }
        RecordData::Procedure(p) => {
            for s in [&p.code, &p.field].into_iter().flatten() {
                add(s);
            }
            for s in p.steps.iter().chain(&p.submission).chain(&p.dossier) {
                add(s);
            }
            add(&p.time_limit);
            for s in [&p.applicants, &p.authority, &p.result]
                .into_iter()
                .flatten()
            {
                add(s);
            }
            for f in &p.fees {
                add(&f.item);
            }
        }
        RecordData::Budget(b) => {
            if let Some(d) = &b.decision {
                add(&d.number);
                if let Some(s) = &d.issuer {
                    add(s);
                }
            }
            if let Some(s) = &b.form {
                add(s);
            }
            for table in crate::model::budget::BudgetTable::ALL {
                for row in b.table(table) {
                    add(&row.name);
                }
            }
            for a in &b.audit {
                add(&a.recommendation);
                for s in [&a.source, &a.action].into_iter().flatten() {
                    add(s);
                }
            }
        }
        // Personal names reach the index only as the link stage left them:
        // masked unless published (`[privacy]` of the law data). A masked
        // name is initials, which no one searches for: left out.
        RecordData::Asset(a) => {
            if let Some(s) = &a.managing_unit {
                add(s);
            }
            for it in &a.assets {
                for s in [&it.code, &it.name, &it.category, &it.user_unit] {
                    add(s);
                }
            }
            for act in &a.actions {
                add(&act.decision);
                if act.organisation || r.name_published("actions.counterparty") {
                    if let Some(s) = &act.counterparty {
                        add(s);
                    }
                }
                if let Some(s) = &act.note {
                    add(s);
                }
            }
        }
        RecordData::Support(s) => {
            add(&s.policy);
            if let Some(p) = &s.programme {
                add(p);
            }
            for c in &s.criteria {
                add(c);
            }
            if let Some(d) = &s.decision {
                add(&d.number);
            }
            let published = r.name_published("beneficiaries.head");
            for b in &s.beneficiaries {
                if published {
                    add(&b.head);
                }
                add(&b.group);
                for x in [&b.category, &b.support].into_iter().flatten() {
                    add(x);
                }
            }
        }
        RecordData::Callup(c) => {
            for s in &c.criteria {
                add(s);
            }
            if let Some(d) = &c.decision {
                add(&d.number);
            }
            let published = r.name_published("called.name");
            for p in &c.called {
                if published {
                    add(&p.name);
                }
                add(&p.group);
                if let Some(u) = &p.unit {
                    add(u);
                }
            }
        }
        RecordData::Inspection(x) => {
            for s in [&x.subject, &x.conducted_by].into_iter().flatten() {
                add(s);
            }
            add(&x.conclusion.number);
            add(&x.conclusion.issuer);
            for s in &x.findings {
                add(s);
            }
            for r in &x.recommendations {
                add(&r.content);
                for s in [&r.responsible, &r.result].into_iter().flatten() {
                    add(s);
                }
            }
            for r in &x.recoveries {
                add(&r.item);
            }
            // Names of the people handled are masked unless published.
            let published = r.name_published("persons.name");
            for p in &x.persons {
                if published {
                    add(&p.name);
                }
                for s in [&p.position, &p.decision].into_iter().flatten() {
                    add(s);
                }
                add(&p.measure);
            }
            // Office holders are public by their office.
            for h in x.vote.iter().flat_map(|v| &v.holders) {
                add(&h.name);
                add(&h.title);
            }
        }
        RecordData::Consultation(x) => {
            add(&x.draft);
            add(&x.asked);
            if let Some(s) = &x.plan {
                add(s);
            }
            for o in &x.opinions {
                add(&o.topic);
                if let Some(s) = &o.explanation {
                    add(s);
                }
            }
            if let Some(d) = &x.decision {
                add(&d.number);
                if let Some(s) = &d.issuer {
                    add(s);
                }
            }
        }
        RecordData::Fee(x) => {
            if let Some(s) = &x.collector {
                add(s);
            }
            for f in &x.fees {
                add(&f.name);
                add(&f.legal_basis);
                for s in [&f.payers, &f.exempt].into_iter().flatten() {
                    add(s);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    /// The same answer as `trim().is_empty()`, for every ASCII character
    /// and the Unicode spaces, alone, leading and trailing.
    #[test]
    fn blank_as_trim_says() {
        let chars = (0u8..128)
            .map(char::from)
            .chain(['\u{85}', '\u{a0}', '\u{2003}', '\u{3000}', 'đ', 'Đ']);
        for c in chars {
            for s in [
                c.to_string(),
                format!("{c}x"),
                format!("x{c}"),
                format!("{c} "),
                format!(" {c}"),
            ] {
                assert_eq!(is_blank(&s), s.trim().is_empty(), "{s:?}");
            }
        }
        assert!(is_blank(""));
    }
}
