//! The verdicts of the law's timing rules on one record or one ward, computed
//! once: `check` turns them into diagnostics (W0113, E0112, W0117, E0118,
//! W0119, W0114, W0320) and the compliance page shows them. Dates only: no
//! messages, no rendering.

use crate::config::Config;
use crate::date::{Date, PostedUntil};
use crate::law::{Law, PostingRule};
use crate::model::budget::{Budget, BudgetPeriod, BudgetStage};
use crate::model::dialogue::DialogueType;
use crate::model::{Common, DeclaredStatus, Form, Record, RecordData};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A posting at the office that ran from `published` to a date, measured
/// against the minimum (Art. 13.2, days counted per Civil Code Art. 147).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PostingLength {
    /// Days counted.
    pub days: i64,
    /// The minimum.
    pub min: u32,
    /// The last day the minimum reaches.
    pub last: Option<Date>,
}

impl PostingLength {
    /// Whether the posting is shorter than the minimum.
    pub fn short(&self) -> bool {
        self.days < i64::from(self.min)
    }
}

/// How long a posting from `published` to `until` lasted against `min` days.
pub fn posting_length(law: &Law, published: Date, until: Date, min: u32) -> PostingLength {
    PostingLength {
        days: law.days_counted(published, until),
        min,
        last: law.period_end(published, min),
    }
}

/// What Art. 13.2 asks of a record's office posting, and what it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum OfficePosting {
    /// The item needs no posting (item 14).
    NotRequired,
    /// Posted permanently, as items 4 and 13 must be.
    Permanent,
    /// Items 4 and 13 with an end date or none (W0113).
    NotPermanent,
    /// Posted at the office until a date: long enough, or short (E0112).
    Period {
        /// Last day of posting.
        until: Date,
        /// The length against the minimum.
        length: PostingLength,
    },
    /// An item to post for a period, without `office_posting` or an end date (W0117).
    Undeclared,
}

impl OfficePosting {
    /// Whether the posting meets Art. 13.2 (`None`: nothing is required).
    pub fn met(&self) -> Option<bool> {
        match self {
            OfficePosting::NotRequired => None,
            OfficePosting::Permanent => Some(true),
            OfficePosting::Period { length, .. } => Some(!length.short()),
            OfficePosting::NotPermanent | OfficePosting::Undeclared => Some(false),
        }
    }
}

/// The office posting of a record, by its item's rule in `law.toml`.
pub fn office_posting(config: &Config, c: &Common) -> OfficePosting {
    let rule = config.law.item(c.disclosure_item).map(|r| r.posting);
    let dated = match c.posted_until {
        // An end before publication is E0111; measured, it is short.
        Some(PostedUntil::Date(until)) if c.forms.contains(&Form::OfficePosting) => Some(until),
        _ => None,
    };
    match rule {
        Some(PostingRule::Permanent) => {
            if c.posted_until == Some(PostedUntil::Permanent) {
                OfficePosting::Permanent
            } else {
                OfficePosting::NotPermanent
            }
        }
        Some(PostingRule::Period) => match dated {
            Some(until) => OfficePosting::Period {
                until,
                length: posting_length(
                    &config.law,
                    c.published,
                    until,
                    config.durations.posting_days,
                ),
            },
            None => OfficePosting::Undeclared,
        },
        Some(PostingRule::None) | None => OfficePosting::NotRequired,
    }
}

/// What Art. 13.3 asks of a record on the loudspeaker, and what it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Loudspeaker {
    /// The item does not go on the loudspeaker.
    NotRequired,
    /// The record does not list the loudspeaker among its forms (a ward
    /// without one need not: "nếu có").
    NotListed,
    /// Listed, without its last day on air (W0119).
    Undated,
    /// The last day on air is before publication (E0111).
    BeforePublished,
    /// On air for `days` days, both ends counted; short under `min` (E0118).
    Broadcast {
        /// Last day on air.
        until: Date,
        /// Days on air.
        days: i64,
        /// The minimum.
        min: u32,
        /// The last day the minimum reaches.
        last: Option<Date>,
    },
}

impl Loudspeaker {
    /// Whether the broadcast meets Art. 13.3 (`None`: not required or not listed).
    pub fn met(&self) -> Option<bool> {
        match self {
            Loudspeaker::NotRequired | Loudspeaker::NotListed => None,
            Loudspeaker::Undated | Loudspeaker::BeforePublished => Some(false),
            Loudspeaker::Broadcast { days, min, .. } => Some(*days >= i64::from(*min)),
        }
    }
}

/// The loudspeaker broadcast of a record: the days on air are the days from
/// `published` to `loudspeaker_until`, both counted (Art. 13.3 counts days
/// of broadcasting, not a period from an event).
pub fn loudspeaker(law: &Law, c: &Common) -> Loudspeaker {
    if !law.item(c.disclosure_item).is_some_and(|r| r.loudspeaker) {
        return Loudspeaker::NotRequired;
    }
    if !c.forms.contains(&Form::Loudspeaker) {
        return Loudspeaker::NotListed;
    }
    let min = law.posting.loudspeaker.days;
    match c.loudspeaker_until {
        None => Loudspeaker::Undated,
        Some(until) if until < c.published => Loudspeaker::BeforePublished,
        Some(until) => Loudspeaker::Broadcast {
            until,
            days: c.published.days_until(until) + 1,
            min,
            last: c.published.add_days(i64::from(min) - 1),
        },
    }
}

/// How a time limit is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    /// Working days (weekends and the calendar's days off skipped).
    WorkingDays,
    /// Calendar days.
    Days,
}

/// When a record had to be disclosed (Art. 12.3, or a sector's own time
/// limit such as Circular 343 Art. 18 for a budget), and whether it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeliness {
    /// The decision, meeting or period end the time limit runs from.
    pub decided: Date,
    /// The field `decided` was read from.
    pub field: &'static str,
    /// Working days from `decided` to publication.
    pub working_days: i64,
    /// Calendar days from `decided` to publication.
    pub days: i64,
    /// The limit, in `unit`.
    pub limit: u32,
    /// How `limit` is counted.
    pub unit: LimitUnit,
    /// The last day allowed.
    pub last: Option<Date>,
    /// Whether it was published after the last day allowed.
    pub late: bool,
    /// The limit's legal basis, when it is not Art. 12.3 (`deadlines.disclosure`).
    pub basis: Option<String>,
}

impl Timeliness {
    /// Whether it was published after the last day allowed.
    pub fn late(&self) -> bool {
        self.late
    }
}

/// The date a record's disclosure time limit runs from, and its field: a
/// plan's or document's issue, a dialogue's meeting, a land decision, the
/// end of a fund's or budget execution report's period, a budget
/// decision. `None` when no time limit runs.
pub fn decided(r: &Record) -> Option<(Date, &'static str)> {
    match &r.data {
        RecordData::Plan(p) => Some((p.issued?, "issued")),
        RecordData::Dialogue(d) => Some((d.held, "held")),
        // Item 14 holds texts of other bodies posted for reference (laws,
        // decrees): no time limit runs from their issue.
        RecordData::Document(d) if r.common.disclosure_item != 14 => Some((d.issued, "issued")),
        // The Land Law sets its own time for an approved plan (Art. 75).
        RecordData::Land(l) if !l.is_approved_plan() => Some((l.decided?, "decided")),
        // A fund's report for a period is made once the period ends: the
        // time limit runs from its last day.
        RecordData::Fund(f) => Some((f.period_end, "period_end")),
        // The lists of items 7 and 9 are disclosed once decided.
        RecordData::Support(s) => Some((s.decision.as_ref()?.date, "decision")),
        RecordData::Callup(c) => Some((c.decision.as_ref()?.date, "decision")),
        // The result is disclosed once it is concluded.
        RecordData::Inspection(i) => Some((i.conclusion.issued, "conclusion")),
        // The results are disclosed once the decision is taken (Art. 28.3).
        RecordData::Consultation(c) => Some((c.decision.as_ref()?.date, "decision")),
        RecordData::Budget(b) => budget_start(b),
        _ => None,
    }
}

/// Art. 12.3: published within the working days of `deadlines.disclosure`
/// of the decision (skipping weekends and the calendar's days off); a
/// budget by its own limit ([`budget_deadline`]).
pub fn timeliness(r: &Record, config: &Config) -> Option<Timeliness> {
    let law = &config.law;
    if let RecordData::Budget(b) = &r.data {
        return budget_timeliness(b, law, r.common.published);
    }
    let (decided, field) = decided(r)?;
    let limit = config.durations.disclosure_working_days;
    let working_days = law.working_days_between(decided, r.common.published);
    Some(Timeliness {
        decided,
        field,
        working_days,
        days: decided.days_until(r.common.published),
        limit,
        unit: LimitUnit::WorkingDays,
        last: law.add_working_days(decided, limit),
        late: working_days > i64::from(limit),
        basis: None,
    })
}

/// The time limit of a budget disclosure under Circular 343 Art. 18, by
/// `[budget_forms.<stage>].deadline` and `[deadlines]` of the law data.
#[derive(Debug, Clone)]
pub enum BudgetDeadline {
    /// No limit in days runs (the year's execution report goes with the
    /// Council session, Art. 18.4; or the law data names none).
    None,
    /// The stage's limit runs from its decision, which the record lacks (W0407).
    NeedsDecision,
    /// The limit runs from `start` (read from `field`).
    Runs {
        /// The day the limit runs from.
        start: Date,
        /// The field it was read from.
        field: &'static str,
        /// The limit.
        limit: crate::law::TimeLimit,
    },
}

/// The key of `[deadlines]` a budget disclosure runs under, if any.
fn budget_key(b: &Budget, law: &Law) -> Option<String> {
    match b.stage {
        BudgetStage::Execution => match b.period? {
            BudgetPeriod::Q1 | BudgetPeriod::Q2 | BudgetPeriod::Q3 | BudgetPeriod::Q4 => {
                Some("budget_quarter_execution".to_string())
            }
            BudgetPeriod::HalfYear => Some("budget_half_year_execution".to_string()),
            BudgetPeriod::Year => None,
        },
        stage => law.budget_forms.get(stage.slug())?.deadline.clone(),
    }
}

/// The day a budget disclosure's limit runs from: the end of an execution
/// report's period, or the date of the stage's decision.
fn budget_start(b: &Budget) -> Option<(Date, &'static str)> {
    match b.stage {
        BudgetStage::Execution => Some((b.period_end()?, "period")),
        _ => Some((b.decision.as_ref()?.date, "decision")),
    }
}

/// Circular 343 Art. 18: the time limit of budget disclosure `b`. The one
/// computation behind W0405, W0407 and the compliance page.
pub fn budget_deadline(b: &Budget, law: &Law) -> BudgetDeadline {
    let Some(key) = budget_key(b, law) else {
        return BudgetDeadline::None;
    };
    let Some((_, limit)) = law.deadlines.all().into_iter().find(|(k, _)| *k == key) else {
        return BudgetDeadline::None;
    };
    match budget_start(b) {
        Some((start, field)) => BudgetDeadline::Runs {
            start,
            field,
            limit: limit.clone(),
        },
        None if b.stage == BudgetStage::Execution => BudgetDeadline::None,
        None => BudgetDeadline::NeedsDecision,
    }
}

/// Circular 343 Art. 18: budget disclosure `b`, published on `published`,
/// against its time limit (`None` when none runs or the decision is missing).
pub fn budget_timeliness(b: &Budget, law: &Law, published: Date) -> Option<Timeliness> {
    match budget_deadline(b, law) {
        BudgetDeadline::Runs {
            start,
            field,
            limit,
        } => measure(law, start, field, &limit, published),
        BudgetDeadline::None | BudgetDeadline::NeedsDecision => None,
    }
}

/// A disclosure on `published` measured against `limit` from `start`.
fn measure(
    law: &Law,
    start: Date,
    field: &'static str,
    limit: &crate::law::TimeLimit,
    published: Date,
) -> Option<Timeliness> {
    let last = law.deadline(start, limit)?;
    let (n, unit) = match (limit.working_days, limit.days) {
        (Some(n), _) => (n, LimitUnit::WorkingDays),
        (None, Some(n)) => (n, LimitUnit::Days),
        (None, None) => return None,
    };
    Some(Timeliness {
        decided: start,
        field,
        working_days: law.working_days_between(start, published),
        days: start.days_until(published),
        limit: n,
        unit,
        last: Some(last),
        late: published > last,
        basis: Some(limit.basis.clone()),
    })
}

/// The reporting period a record covers (a fund's quarter, a budget's
/// execution period or fiscal year), for the per-period verdicts.
pub fn reporting_period(r: &Record) -> Option<(Date, Date)> {
    match &r.data {
        RecordData::Fund(f) => Some((f.period_start, f.period_end)),
        RecordData::Budget(b) => {
            let year = b.fiscal_year;
            let start_month = match b.period {
                Some(BudgetPeriod::Q2) => 4,
                Some(BudgetPeriod::Q3) => 7,
                Some(BudgetPeriod::Q4) => 10,
                _ => 1,
            };
            let end = b.period_end().or_else(|| Date::new(year, 12, 31))?;
            Some((Date::new(year, start_month, 1)?, end))
        }
        _ => None,
    }
}

/// One year of Art. 32.1: the dialogue conferences held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConferenceYear {
    /// The year.
    pub year: i32,
    /// Ids of the `annual_conference` dialogues held that year.
    pub held: Vec<String>,
    /// Conferences the law asks for each year.
    pub per_year: u32,
    /// Whether the year is judged yet: it is over, or `warn_from_month`
    /// has come.
    pub due: bool,
}

impl ConferenceYear {
    /// Whether enough conferences were held.
    pub fn met(&self) -> bool {
        self.held.len() >= self.per_year as usize
    }
}

/// The years Art. 32.1 is judged on for a ward, from the law's first year,
/// the ward's establishment and the year of its first published record (a
/// repository is not judged on years before it begins) to `today`'s year.
/// Empty when the ward has published nothing.
pub fn conference_years(
    records: &[Arc<Record>],
    established: Option<Date>,
    law: &Law,
    today: Date,
) -> Vec<ConferenceYear> {
    let rule = &law.dialogue_conference;
    let mut held: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for r in records.iter().filter(|r| !r.shared) {
        if let RecordData::Dialogue(d) = &r.data {
            if d.dialogue_type == DialogueType::AnnualConference {
                held.entry(d.held.year()).or_default().push(r.id.clone());
            }
        }
    }
    let Some(covered_from) = records
        .iter()
        .filter(|r| !r.shared && r.common.status != Some(DeclaredStatus::Draft))
        .map(|r| r.common.published.year())
        .min()
    else {
        return Vec::new();
    };
    let first = established
        .map_or(rule.from_year, |d| d.year().max(rule.from_year))
        .max(covered_from);
    (first..=today.year())
        .map(|year| {
            let mut ids = held.remove(&year).unwrap_or_default();
            ids.sort();
            ConferenceYear {
                year,
                held: ids,
                per_year: rule.per_year,
                due: year < today.year() || today.month() >= rule.warn_from_month,
            }
        })
        .collect()
}

/// What a commitment's or task's closing document (`closed_by`) names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closing {
    /// A record of the ward (by id, or one document by number and symbol).
    Record(String),
    /// Several documents of the repository share the number.
    Ambiguous,
    /// Nothing in the repository (N0500).
    Missing,
}

/// Finds the closing document `written` (a record id, or a document's
/// number and symbol such as `125/QĐ-UBND`) among the ward's records
/// (`is_record`) and its numbered documents (`index`).
pub fn closing_document(
    written: &str,
    is_record: impl Fn(&str) -> bool,
    index: &crate::identifier::Index,
) -> Closing {
    let written = written.trim();
    if is_record(written) {
        return Closing::Record(written.to_string());
    }
    let parsed = crate::identifier::parse(&crate::identifier::normalize(written).to_uppercase());
    match parsed.as_ref().map(|id| index.resolve(id)) {
        Some(crate::identifier::Resolved::One(id)) => Closing::Record(id.to_string()),
        Some(crate::identifier::Resolved::Ambiguous(_)) => Closing::Ambiguous,
        _ => Closing::Missing,
    }
}
