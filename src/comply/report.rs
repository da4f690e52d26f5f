//! The periodic report of a ward (the six-month report due by 10 June and
//! the yearly one due by 10 December): disclosures per Art. 11 item and per
//! form, consultations, dialogues, commitments and the funds' totals for a
//! half-year or a year, computed from the records, never typed.

use super::{csv_bytes, own_records, RecordRef};
use crate::date::Date;
use crate::model::dialogue::{CommitmentStatus, DialogueType};
use crate::model::plan::TaskStatus;
use crate::model::{Form, RecordData, Ward};
use crate::money::Money;
use serde::Serialize;
use std::collections::BTreeMap;

/// The folder of the reports inside a ward's folder.
pub const FOLDER: &str = "bao-cao";

/// Every Art. 12 form, in the order the report lists them.
pub const FORMS: [Form; 9] = [
    Form::OfficePosting,
    Form::Portal,
    Form::Loudspeaker,
    Form::GroupHead,
    Form::Letter,
    Form::Conference,
    Form::Press,
    Form::MassOrganisation,
    Form::SocialNetwork,
];

/// What a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    /// 1 January to 30 June.
    HalfYear,
    /// The calendar year.
    Year,
}

/// The report of one period.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Half-year or year.
    pub span: Span,
    /// The year.
    pub year: i32,
    /// File name stem (`2026-6-thang`, `2026-nam`).
    pub slug: String,
    /// First day, ISO.
    pub start: String,
    /// Last day, ISO.
    pub end: String,
    /// The day the figures stand at: the build date while the period runs.
    pub as_of: String,
    /// Disclosures published in the period.
    pub disclosures: usize,
    /// Per Art. 11 item, 1–14.
    pub by_item: Vec<Count>,
    /// Per Art. 12 form.
    pub by_form: Vec<Count>,
    /// Records put out for residents' opinions (with `consultation_until`).
    pub consultations: usize,
    /// Consultation meetings held (Art. 25–27 dialogues).
    pub consultation_meetings: usize,
    /// Dialogues and meetings held.
    pub dialogues: usize,
    /// Art. 32 dialogue conferences held.
    pub conferences: usize,
    /// Commitments made in dialogues held in the period.
    pub commitments_made: usize,
    /// Of them, done or answered on the build date.
    pub commitments_done: usize,
    /// Of them, overdue on the build date.
    pub commitments_overdue: usize,
    /// Tasks of plans published in the period.
    pub tasks: usize,
    /// Of them, done on the build date.
    pub tasks_done: usize,
    /// Of them, overdue on the build date.
    pub tasks_overdue: usize,
    /// Funds with a reporting period ending in the period.
    pub funds: Vec<FundTotal>,
    /// Receipts of all of them.
    pub receipts: i64,
    /// Expenses of all of them.
    pub expenses: i64,
}

/// A count under a key (`3` for item 3, `office_posting` for a form).
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// Item number or form name.
    pub key: String,
    /// How many.
    pub count: usize,
}

/// One fund's figures in a period.
#[derive(Debug, Clone, Serialize)]
pub struct FundTotal {
    /// What it is for.
    pub purpose: String,
    /// Its reports ending in the period.
    pub records: Vec<RecordRef>,
    /// Receipts, đồng.
    pub receipts: i64,
    /// Expenses, đồng.
    pub expenses: i64,
    /// Closing balance of its last report in the period, đồng.
    pub closing: i64,
}

/// The reports of ward `w`: for each year from its first disclosure to
/// `today`'s, the half-year (once begun) and the year, newest first.
pub fn reports(w: &Ward, today: Date) -> Vec<Report> {
    let Some(first) = own_records(w).map(|r| r.common.published.year()).min() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for year in (first..=today.year()).rev() {
        for span in [Span::Year, Span::HalfYear] {
            let (Some(start), Some(end)) = (
                Date::new(year, 1, 1),
                Date::new(
                    year,
                    if span == Span::Year { 12 } else { 6 },
                    if span == Span::Year { 31 } else { 30 },
                ),
            ) else {
                continue;
            };
            if start > today {
                continue;
            }
            out.push(report(w, span, start, end, today));
        }
    }
    out
}

/// The report of `w` for `start`–`end`, with statuses as they stand on `today`.
pub fn report(w: &Ward, span: Span, start: Date, end: Date, today: Date) -> Report {
    let within = |d: Date| d >= start && d <= end;
    let mut by_item = [0usize; 14];
    let mut by_form: BTreeMap<Form, usize> = BTreeMap::new();
    let mut rep = Report {
        span,
        year: start.year(),
        slug: match span {
            Span::HalfYear => format!("{}-6-thang", start.year()),
            Span::Year => format!("{}-nam", start.year()),
        },
        start: start.iso(),
        end: end.iso(),
        as_of: end.min(today).iso(),
        disclosures: 0,
        by_item: Vec::new(),
        by_form: Vec::new(),
        consultations: 0,
        consultation_meetings: 0,
        dialogues: 0,
        conferences: 0,
        commitments_made: 0,
        commitments_done: 0,
        commitments_overdue: 0,
        tasks: 0,
        tasks_done: 0,
        tasks_overdue: 0,
        funds: Vec::new(),
        receipts: 0,
        expenses: 0,
    };
    let mut funds: BTreeMap<(String, String), (Date, FundTotal)> = BTreeMap::new();
    for r in own_records(w) {
        let c = &r.common;
        if within(c.published) {
            rep.disclosures += 1;
            if let Some(n) = by_item.get_mut(usize::from(c.disclosure_item).wrapping_sub(1)) {
                *n += 1;
            }
            for f in &c.forms {
                *by_form.entry(*f).or_default() += 1;
            }
            if c.consultation_until.is_some() {
                rep.consultations += 1;
            }
        }
        match &r.data {
            RecordData::Dialogue(d) if within(d.held) => {
                rep.dialogues += 1;
                match d.dialogue_type {
                    DialogueType::AnnualConference => rep.conferences += 1,
                    DialogueType::PreDecisionHearing | DialogueType::AffectedCitizensDialogue => {
                        rep.consultation_meetings += 1
                    }
                    _ => {}
                }
                for it in d.items.iter().filter(|i| i.commitment.is_some()) {
                    rep.commitments_made += 1;
                    if matches!(
                        it.status,
                        CommitmentStatus::Done | CommitmentStatus::Answered
                    ) {
                        rep.commitments_done += 1;
                    }
                    if it.overdue {
                        rep.commitments_overdue += 1;
                    }
                }
            }
            RecordData::Plan(p) if within(c.published) => {
                rep.tasks += p.tasks.len();
                rep.tasks_done += p
                    .tasks
                    .iter()
                    .filter(|t| t.status == TaskStatus::Done)
                    .count();
                rep.tasks_overdue += p.tasks.iter().filter(|t| t.overdue).count();
            }
            RecordData::Fund(f) if within(f.period_end) => {
                let key = (
                    format!("{:?}", f.source),
                    crate::text::fold(f.purpose.trim()),
                );
                let (last, total) = funds.entry(key).or_insert_with(|| {
                    (
                        f.period_end,
                        FundTotal {
                            purpose: f.purpose.trim().to_string(),
                            records: Vec::new(),
                            receipts: 0,
                            expenses: 0,
                            closing: f.totals.closing.0,
                        },
                    )
                });
                total.records.push(RecordRef::of(r));
                total.receipts = add(total.receipts, f.totals.receipts);
                total.expenses = add(total.expenses, f.totals.expenses);
                if f.period_end >= *last {
                    *last = f.period_end;
                    total.closing = f.totals.closing.0;
                }
            }
            _ => {}
        }
    }
    rep.by_item = by_item
        .iter()
        .enumerate()
        .map(|(i, &count)| Count {
            key: (i + 1).to_string(),
            count,
        })
        .collect();
    rep.by_form = FORMS
        .iter()
        .map(|f| Count {
            key: super::register::form_slug(*f).to_string(),
            count: by_form.get(f).copied().unwrap_or(0),
        })
        .collect();
    rep.funds = funds
        .into_values()
        .map(|(_, mut t)| {
            t.records.sort_by(|a, b| a.id.cmp(&b.id));
            t
        })
        .collect();
    rep.receipts = rep
        .funds
        .iter()
        .fold(0, |s, f| s.saturating_add(f.receipts));
    rep.expenses = rep
        .funds
        .iter()
        .fold(0, |s, f| s.saturating_add(f.expenses));
    rep
}

/// Sums money, saturating (the ledgers were checked one by one).
fn add(total: i64, m: Money) -> i64 {
    total.saturating_add(m.0)
}

/// The report as CSV: one figure a row (`group`, `key`, `value`).
pub fn csv(r: &Report) -> Vec<u8> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |group: &str, key: &str, value: String| {
        rows.push(vec![group.to_string(), key.to_string(), value]);
    };
    row("period", "start", r.start.clone());
    row("period", "end", r.end.clone());
    row("period", "as_of", r.as_of.clone());
    row("disclosures", "total", r.disclosures.to_string());
    for c in &r.by_item {
        row("disclosure_item", &c.key, c.count.to_string());
    }
    for c in &r.by_form {
        row("form", &c.key, c.count.to_string());
    }
    row("consultations", "opened", r.consultations.to_string());
    row(
        "consultations",
        "meetings",
        r.consultation_meetings.to_string(),
    );
    row("dialogues", "held", r.dialogues.to_string());
    row("dialogues", "annual_conferences", r.conferences.to_string());
    row("commitments", "made", r.commitments_made.to_string());
    row("commitments", "done", r.commitments_done.to_string());
    row("commitments", "overdue", r.commitments_overdue.to_string());
    row("tasks", "total", r.tasks.to_string());
    row("tasks", "done", r.tasks_done.to_string());
    row("tasks", "overdue", r.tasks_overdue.to_string());
    for f in &r.funds {
        row("fund_receipts", &f.purpose, f.receipts.to_string());
        row("fund_expenses", &f.purpose, f.expenses.to_string());
        row("fund_closing", &f.purpose, f.closing.to_string());
    }
    row("funds", "receipts", r.receipts.to_string());
    row("funds", "expenses", r.expenses.to_string());
    csv_bytes(&["group", "key", "value"], &rows)
}
