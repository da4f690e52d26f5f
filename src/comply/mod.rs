//! Is the ward doing its duty? The supervisor's views of one ward, computed
//! from its records at build time: the compliance table (one row per Art. 11
//! item, the Art. 32 conferences per year, each fund's periods), the
//! quarterly register of what was disclosed (Art. 13.2), the commitments
//! tracker and the periodic report. Plain data for the templates and the
//! CSV files; the verdicts are the same functions `check` uses
//! ([`rules`]). Which kinds carry which item comes from `law.toml`, and
//! everything else from the fields every record has, so a new kind appears
//! here without a change.

pub mod register;
pub mod report;
pub mod rules;
pub mod tracker;

use crate::config::Config;
use crate::date::{Date, PostedUntil};
use crate::law::PostingRule;
use crate::model::{DeclaredStatus, Kind, Record, Status, Ward};
use rules::{ConferenceYear, Loudspeaker, OfficePosting, Timeliness};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The file name of the compliance page inside a ward's folder.
pub const COMPLIANCE_PAGE: &str = "tuan-thu.html";

/// The records a ward itself disclosed: not the repository's shared
/// documents, not drafts.
pub fn own_records(w: &Ward) -> impl Iterator<Item = &Arc<Record>> {
    w.records
        .iter()
        .filter(|r| !r.shared && r.common.status != Some(DeclaredStatus::Draft))
}

/// A record as the supervisor's pages link to it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRef {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its title.
    pub title: String,
    /// Path from the ward folder (`fund/quy-q3.html`).
    pub href: String,
    /// Date published, ISO.
    pub published: String,
}

impl RecordRef {
    /// The reference to `r`.
    pub fn of(r: &Record) -> RecordRef {
        RecordRef {
            id: r.id.clone(),
            kind: r.kind,
            title: r.common.title.clone(),
            href: crate::render::record_path(r),
            published: r.common.published.iso(),
        }
    }
}

/// One disclosure with the verdicts of Art. 12.3 and 13.
#[derive(Debug, Clone, Serialize)]
pub struct Disclosure {
    /// The record.
    pub record: RecordRef,
    /// End of posting, ISO, or `permanent`.
    pub posted_until: Option<String>,
    /// Whether it is posted on the build date.
    pub posted_now: bool,
    /// Art. 13.2.
    pub office: OfficePosting,
    /// `office.met()`.
    pub office_met: Option<bool>,
    /// Art. 13.3.
    pub loudspeaker: Loudspeaker,
    /// `loudspeaker.met()`.
    pub loudspeaker_met: Option<bool>,
    /// Art. 12.3, when a time limit runs.
    pub timeliness: Option<Timeliness>,
    /// Whether it came after its last day (`None`: no time limit runs).
    pub late: Option<bool>,
}

impl Disclosure {
    /// The verdicts on `r`.
    pub fn of(r: &Record, config: &Config) -> Disclosure {
        let office = rules::office_posting(config, &r.common);
        let loudspeaker = rules::loudspeaker(&config.law, &r.common);
        let timeliness = rules::timeliness(r, config);
        Disclosure {
            record: RecordRef::of(r),
            posted_until: r.common.posted_until.map(|p| match p {
                PostedUntil::Date(d) => d.iso(),
                PostedUntil::Permanent => "permanent".into(),
            }),
            posted_now: r.status == Status::Posted,
            office_met: office.met(),
            office,
            loudspeaker_met: loudspeaker.met(),
            loudspeaker,
            late: timeliness.as_ref().map(Timeliness::late),
            timeliness,
        }
    }
}

/// One item of Art. 11 on the compliance page.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    /// 1–14.
    pub item: u8,
    /// The kinds that carry it (`law.toml`).
    pub kinds: Vec<String>,
    /// `period`, `permanent` or `none`.
    pub posting: &'static str,
    /// Whether it goes on the loudspeaker.
    pub loudspeaker: bool,
    /// Legal basis of the item's rules.
    pub basis: String,
    /// Its disclosures, newest first.
    pub count: usize,
    /// How many of them are posted on the build date.
    pub posted_now: usize,
    /// How many came after their last day.
    pub late: usize,
    /// The records that came late, newest first.
    pub late_records: Vec<RecordRef>,
    /// The newest disclosure.
    pub latest: Option<Disclosure>,
}

/// A fund's reporting periods, each with its Art. 12.3 verdict.
#[derive(Debug, Clone, Serialize)]
pub struct FundSeries {
    /// What the fund is for.
    pub purpose: String,
    /// Its periods, oldest first.
    pub periods: Vec<FundPeriod>,
}

/// One period of a fund.
#[derive(Debug, Clone, Serialize)]
pub struct FundPeriod {
    /// The record.
    pub record: RecordRef,
    /// First day, ISO.
    pub start: String,
    /// Last day, ISO.
    pub end: String,
    /// `Q3/2026` when the period is one calendar quarter.
    pub quarter: Option<String>,
    /// The verdict.
    pub timeliness: Option<Timeliness>,
    /// Whether it came after its last day.
    pub late: Option<bool>,
}

/// One budget disclosure (a fiscal year's stage, an execution report's
/// period) with its Circular 343 Art. 18 verdict.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetPeriodRow {
    /// The record.
    pub record: RecordRef,
    /// The fiscal year.
    pub fiscal_year: i32,
    /// The stage (`estimate_submitted`, …, `final_accounts`).
    pub stage: crate::model::budget::BudgetStage,
    /// The period of an execution report (`q1`…`q4`, `half_year`, `year`).
    pub period: Option<crate::model::budget::BudgetPeriod>,
    /// The verdict (`None`: no limit in days runs, or the decision is missing).
    pub timeliness: Option<Timeliness>,
    /// Whether it came after its last day.
    pub late: Option<bool>,
}

/// The compliance page of a ward.
#[derive(Debug, Clone, Serialize)]
pub struct Compliance {
    /// The 14 items, in the law's order.
    pub items: Vec<ItemRow>,
    /// Art. 32.1, per year, oldest first.
    pub conferences: Vec<ConferenceRow>,
    /// The funds' periods.
    pub funds: Vec<FundSeries>,
    /// The budget's disclosures, by fiscal year, stage and period.
    pub budgets: Vec<BudgetPeriodRow>,
    /// Items with at least one disclosure.
    pub items_disclosed: usize,
    /// Items with at least one late disclosure.
    pub items_late: usize,
    /// Items of Art. 11 (14).
    pub items_total: usize,
    /// Years judged without enough conferences.
    pub years_missing: usize,
    /// The rules the verdicts apply, with their bases.
    pub rules: Rules,
}

/// The rules behind the verdicts, from `law.toml`, for the page to cite.
#[derive(Debug, Clone, Serialize)]
pub struct Rules {
    /// Days at the office.
    pub office_days: u32,
    /// Its basis.
    pub office_basis: String,
    /// Basis of permanent posting.
    pub permanent_basis: String,
    /// Days on the loudspeaker.
    pub loudspeaker_days: u32,
    /// Its basis.
    pub loudspeaker_basis: String,
    /// Working days to disclose.
    pub disclosure_working_days: u32,
    /// Its basis.
    pub disclosure_basis: String,
    /// Conferences a year.
    pub conferences_per_year: u32,
    /// Its basis.
    pub conference_basis: String,
    /// How days are counted.
    pub counting_basis: String,
}

/// An Art. 32.1 year with links to the conferences held.
#[derive(Debug, Clone, Serialize)]
pub struct ConferenceRow {
    /// The verdict.
    #[serde(flatten)]
    pub year: ConferenceYear,
    /// Whether enough were held.
    pub met: bool,
    /// The conferences held.
    pub records: Vec<RecordRef>,
}

/// The compliance table of ward `w` on `today`.
pub fn compliance(w: &Ward, config: &Config, today: Date) -> Compliance {
    let law = &config.law;
    let own: Vec<&Arc<Record>> = own_records(w).collect();
    let mut items = Vec::with_capacity(14);
    for n in 1..=14u8 {
        let Some(rule) = law.item(n) else { continue };
        let mut of_item: Vec<&Arc<Record>> = own
            .iter()
            .copied()
            .filter(|r| {
                r.common.disclosure_item == n && rule.kinds.iter().any(|k| k == r.kind.slug())
            })
            .collect();
        of_item.sort_by(|a, b| (&b.common.published, &a.id).cmp(&(&a.common.published, &b.id)));
        let verdicts: Vec<Disclosure> = of_item.iter().map(|r| Disclosure::of(r, config)).collect();
        let late_records: Vec<RecordRef> = verdicts
            .iter()
            .filter(|d| d.late == Some(true))
            .map(|d| d.record.clone())
            .collect();
        items.push(ItemRow {
            item: n,
            kinds: rule.kinds.clone(),
            posting: match rule.posting {
                PostingRule::Period => "period",
                PostingRule::Permanent => "permanent",
                PostingRule::None => "none",
            },
            loudspeaker: rule.loudspeaker,
            basis: rule.basis.clone(),
            count: verdicts.len(),
            posted_now: verdicts.iter().filter(|d| d.posted_now).count(),
            late: late_records.len(),
            late_records,
            latest: verdicts.into_iter().next(),
        });
    }
    let by_id: BTreeMap<&str, &Arc<Record>> = own.iter().map(|r| (r.id.as_str(), *r)).collect();
    let conferences: Vec<ConferenceRow> =
        rules::conference_years(&w.records, w.profile.established, law, today)
            .into_iter()
            .map(|y| ConferenceRow {
                met: y.met(),
                records: y
                    .held
                    .iter()
                    .filter_map(|id| by_id.get(id.as_str()))
                    .map(|r| RecordRef::of(r))
                    .collect(),
                year: y,
            })
            .collect();
    let mut funds: BTreeMap<(String, String), FundSeries> = BTreeMap::new();
    for r in &own {
        let (crate::model::RecordData::Fund(f), Some((start, end))) =
            (&r.data, rules::reporting_period(r))
        else {
            continue;
        };
        let key = (
            format!("{:?}", f.source),
            crate::text::fold(f.purpose.trim()),
        );
        let timeliness = rules::timeliness(r, config);
        funds
            .entry(key)
            .or_insert_with(|| FundSeries {
                purpose: f.purpose.trim().to_string(),
                periods: Vec::new(),
            })
            .periods
            .push(FundPeriod {
                record: RecordRef::of(r),
                start: start.iso(),
                end: end.iso(),
                quarter: quarter_of(start, end),
                late: timeliness.as_ref().map(Timeliness::late),
                timeliness,
            });
    }
    let funds: Vec<FundSeries> = funds
        .into_values()
        .map(|mut s| {
            s.periods
                .sort_by(|a, b| (&a.start, &a.record.id).cmp(&(&b.start, &b.record.id)));
            s
        })
        .collect();
    let mut budgets: Vec<BudgetPeriodRow> = Vec::new();
    for r in &own {
        let crate::model::RecordData::Budget(b) = &r.data else {
            continue;
        };
        let timeliness = rules::timeliness(r, config);
        budgets.push(BudgetPeriodRow {
            record: RecordRef::of(r),
            fiscal_year: b.fiscal_year,
            stage: b.stage,
            period: b.period,
            late: timeliness.as_ref().map(Timeliness::late),
            timeliness,
        });
    }
    // Fiscal years oldest first; stages and periods in the year's order.
    budgets.sort_by(|a, b| {
        (
            a.fiscal_year,
            a.stage,
            a.period,
            &a.record.published,
            &a.record.id,
        )
            .cmp(&(
                b.fiscal_year,
                b.stage,
                b.period,
                &b.record.published,
                &b.record.id,
            ))
    });
    Compliance {
        budgets,
        items_disclosed: items.iter().filter(|i| i.count > 0).count(),
        items_late: items.iter().filter(|i| i.late > 0).count(),
        items_total: items.len(),
        years_missing: conferences.iter().filter(|c| c.year.due && !c.met).count(),
        items,
        conferences,
        funds,
        rules: Rules {
            office_days: config.durations.posting_days,
            office_basis: law.posting.office.basis.clone(),
            permanent_basis: law.posting.permanent_basis.clone(),
            loudspeaker_days: law.posting.loudspeaker.days,
            loudspeaker_basis: law.posting.loudspeaker.basis.clone(),
            disclosure_working_days: config.durations.disclosure_working_days,
            disclosure_basis: law.deadlines.disclosure.basis.clone(),
            conferences_per_year: law.dialogue_conference.per_year,
            conference_basis: law.dialogue_conference.basis.clone(),
            counting_basis: law.counting.basis.clone(),
        },
    }
}

/// `Q3/2026` when `start`–`end` is exactly one calendar quarter.
fn quarter_of(start: Date, end: Date) -> Option<String> {
    let q = start.quarter();
    let first = Date::new(start.year(), (q - 1) * 3 + 1, 1)?;
    let last = crate::date::Deadline::Quarter {
        year: start.year(),
        quarter: q,
    }
    .last_day()?;
    (start == first && end == last).then(|| format!("Q{q}/{}", start.year()))
}

/// A quarter of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Quarter {
    /// The year.
    pub year: i32,
    /// 1–4.
    pub quarter: u8,
}

impl Quarter {
    /// The quarter `d` falls in.
    pub fn of(d: Date) -> Quarter {
        Quarter {
            year: d.year(),
            quarter: d.quarter(),
        }
    }

    /// The next quarter.
    pub fn next(self) -> Quarter {
        if self.quarter == 4 {
            Quarter {
                year: self.year + 1,
                quarter: 1,
            }
        } else {
            Quarter {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    /// File name stem: `2026-q3`.
    pub fn slug(self) -> String {
        format!("{}-q{}", self.year, self.quarter)
    }

    /// First day.
    pub fn start(self) -> Option<Date> {
        Date::new(self.year, (self.quarter - 1) * 3 + 1, 1)
    }

    /// Last day.
    pub fn end(self) -> Option<Date> {
        crate::date::Deadline::Quarter {
            year: self.year,
            quarter: self.quarter,
        }
        .last_day()
    }
}

/// A CSV file (UTF-8, header, RFC 4180 quoting, `\n` line ends, as the
/// open data files are written) of `header` and `rows`.
pub(crate) fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests;
