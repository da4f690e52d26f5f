//! The law's obligations as data (`law.toml`): which kinds may carry which
//! Art. 11 item, how long each item is posted, the deadlines of Law 10/2022
//! and of the sector laws, the Art. 21.1 thresholds, the public-holiday
//! calendar and the day-counting rule. The default is embedded
//! (`src/law/law.toml`); a repository's own `law.toml` beside `congkhai.toml`
//! changes single values. This module only reads and answers questions about
//! the data (dates, thresholds, a land project's clocks in [`clocks`]); the
//! consistency of the data itself is checked in `check`, the checks that use
//! it live with the records.

mod check;
pub mod clocks;

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::msg;
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The file name of a repository's own law data, beside `congkhai.toml`.
pub const LAW_FILE: &str = "law.toml";

/// The embedded default.
const DEFAULT_LAW: &str = include_str!("law.toml");

/// Every obligation congkhai knows, with its legal basis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// How periods are counted (Civil Code Art. 147–148).
    pub counting: Counting,
    /// Posting at the office and on the loudspeaker (Art. 13).
    pub posting: Posting,
    /// Residents' opinions before decisions (Art. 25–28).
    pub consultation: Consultation,
    /// Time limits to disclose after a decision.
    pub deadlines: Deadlines,
    /// Land Law 31/2024/QH15 durations.
    pub land: LandDurations,
    /// Art. 21.1 thresholds.
    pub thresholds: Thresholds,
    /// Art. 32: dialogue conferences per year.
    pub dialogue_conference: DialogueConference,
    /// The Art. 11 items, keyed `"1"` … `"14"`.
    pub items: BTreeMap<String, ItemRule>,
    /// The Art. 11 items the results of each dialogue type belong to.
    pub dialogue_types: BTreeMap<String, DialogueTypeRule>,
    /// Public holidays, keyed by year (`"2026"`).
    pub holidays: BTreeMap<String, HolidayYear>,
    /// The Circular 343 forms of each budget stage, keyed by stage.
    pub budget_forms: BTreeMap<String, BudgetForms>,
    /// The table columns that hold personal names, masked by default.
    pub privacy: Privacy,
    /// The ages of call-up (Law on Military Service, Art. 30).
    pub callup: CallupAges,
    /// Days off and working Saturdays of all years, for quick lookup.
    #[serde(skip)]
    calendar: Calendar,
}

/// Whether the day of the event counts as the first day of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountingRule {
    /// Civil Code 2015 Art. 147: the period starts the day after the event.
    ExcludeFirstDay,
    /// The day of the event is day 1.
    IncludeFirstDay,
}

/// What happens when the last day of a deadline is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOffRule {
    /// Civil Code 2015 Art. 148.5: it moves to the next working day.
    NextWorkingDay,
    /// It stays where it falls.
    Unchanged,
}

/// How periods are counted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counting {
    /// Whether the first day counts.
    pub rule: CountingRule,
    /// Legal basis of `rule`.
    pub basis: String,
    /// A deadline that ends on a day off.
    pub deadline_on_day_off: DayOffRule,
    /// Legal basis of `deadline_on_day_off`.
    pub deadline_basis: String,
}

/// A number of calendar days and where it comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Days {
    /// Calendar days.
    pub days: u32,
    /// Article, clause, document.
    pub basis: String,
}

/// A time limit, in calendar days or in working days.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// Calendar days, when counted so.
    #[serde(default)]
    pub days: Option<u32>,
    /// Working days, when counted so.
    #[serde(default)]
    pub working_days: Option<u32>,
    /// Article, clause, document.
    pub basis: String,
}

/// Art. 13 posting periods.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Posting {
    /// At the office and community houses (Art. 13.2): at least 30 days.
    pub office: Days,
    /// Legal basis of permanent posting (items 4 and 13).
    pub permanent_basis: String,
    /// On the loudspeaker (Art. 13.3): at least 3 consecutive days.
    pub loudspeaker: Days,
}

/// Art. 28.2: consultation lasts at least 20 days.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    /// Minimum days.
    pub days: u32,
    /// Legal basis.
    pub basis: String,
}

/// Time limits to disclose.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadlines {
    /// Art. 12.3: within 5 working days of the decision.
    pub disclosure: TimeLimit,
    /// Art. 20.3: a community decision is sent within 5 working days.
    pub community_decision_sent: TimeLimit,
    /// Circular 343 Art. 18.1: the estimate sent to the Council.
    pub budget_estimate_submitted: TimeLimit,
    /// Circular 343 Art. 18.2: the approved estimate.
    pub budget_estimate_approved: TimeLimit,
    /// Circular 343 Art. 18.2: the final accounts.
    pub budget_final_accounts: TimeLimit,
    /// Circular 343 Art. 18.3: quarterly execution, after the quarter ends.
    pub budget_quarter_execution: TimeLimit,
    /// Circular 343 Art. 18.3: six-monthly execution.
    pub budget_half_year_execution: TimeLimit,
}

/// Land Law 31/2024/QH15 durations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandDurations {
    /// Art. 70: consultation on a land-use plan.
    pub land_use_plan_consultation: Days,
    /// Art. 70: consultation on an annual land-use plan.
    pub annual_land_use_plan_consultation: Days,
    /// Art. 75: an approved plan is published within these days.
    pub approved_plan_publication: Days,
    /// Art. 85: notice before recovering agricultural land.
    pub recovery_notice_agricultural: Days,
    /// Art. 85: notice before recovering non-agricultural land.
    pub recovery_notice_non_agricultural: Days,
    /// The land-type codes of agricultural land (Art. 9), for Art. 85.
    pub agricultural_land_types: LandTypes,
    /// Art. 87: the compensation plan is posted at least this long.
    pub compensation_plan: Days,
    /// Art. 87: dialogue within these days when objections remain.
    pub dialogue_after_objections: Days,
}

/// A list of land-type codes and where it comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandTypes {
    /// Codes as written in a parcel's `land_type` (`LUC`, `CLN`, …).
    pub codes: Vec<String>,
    /// Legal basis.
    pub basis: String,
}

/// How a share is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// The share or more ("từ … trở lên").
    AtLeast,
    /// Strictly more ("trên").
    MoreThan,
}

/// A share of votes a community decision needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// `[numerator, denominator]`.
    pub share: [u32; 2],
    /// At least, or more than.
    pub comparison: Comparison,
    /// Legal basis.
    pub basis: String,
}

impl Threshold {
    /// Whether `agree` of `total` passes.
    pub fn passes(&self, agree: u32, total: u32) -> bool {
        let [num, den] = self.share;
        let (lhs, rhs) = (
            u64::from(agree) * u64::from(den),
            u64::from(total) * u64::from(num),
        );
        match self.comparison {
            Comparison::AtLeast => lhs >= rhs,
            Comparison::MoreThan => lhs > rhs,
        }
    }

    /// The fewest agreeing votes out of `total` that pass.
    pub fn needed(&self, total: u32) -> u32 {
        let [num, den] = self.share;
        let (product, den) = (u64::from(total) * u64::from(num), u64::from(den.max(1)));
        let needed = match self.comparison {
            Comparison::AtLeast => product.div_ceil(den),
            Comparison::MoreThan => product / den + 1,
        };
        u32::try_from(needed).unwrap_or(u32::MAX)
    }

    /// The share as words (`hai phần ba`, `50%`), for messages.
    pub fn share_text(&self) -> String {
        match self.share {
            [2, 3] => "hai phần ba".to_string(),
            [1, 2] => "50%".to_string(),
            [n, d] => format!("{n}/{d}"),
        }
    }
}

/// Art. 21.1 thresholds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Art. 15.1–15.2 matters within one residential group: households.
    pub contribution_group: Threshold,
    /// Art. 15.1–15.2 matters across the ward: residential groups.
    pub contribution_ward: Threshold,
    /// Art. 15.3–15.6 matters: households, more than half.
    pub self_management: Threshold,
}

/// Art. 32: dialogue conferences.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DialogueConference {
    /// Conferences a ward holds each year, at least.
    pub per_year: u32,
    /// From this month of the year, a year without one is reported.
    pub warn_from_month: u8,
    /// The first year checked (the law's first year in force).
    pub from_year: i32,
    /// Legal basis.
    pub basis: String,
}

/// How an item is posted at the office (Art. 13.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostingRule {
    /// At least `posting.office` days.
    Period,
    /// Permanently, kept up to date.
    Permanent,
    /// The law sets no posting.
    None,
}

/// One Art. 11 item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRule {
    /// The kinds that may carry it (`plan`, `land`, …).
    pub kinds: Vec<String>,
    /// How it is posted at the office.
    pub posting: PostingRule,
    /// Whether it also goes on the loudspeaker (Art. 13.3).
    pub loudspeaker: bool,
    /// Legal basis.
    pub basis: String,
}

/// The items a dialogue type's results belong to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DialogueTypeRule {
    /// Art. 11 items.
    pub items: Vec<u8>,
    /// Legal basis.
    pub basis: String,
}

/// The forms of the tables of one budget stage (Circular 343 Art. 15), and
/// the time limit its disclosure runs under.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetForms {
    /// Form of the balance table.
    #[serde(default)]
    pub balance: Option<String>,
    /// Form of the revenue table.
    #[serde(default)]
    pub revenue: Option<String>,
    /// Form of the expenditure table.
    #[serde(default)]
    pub expenditure: Option<String>,
    /// Form of the development-investment table.
    #[serde(default)]
    pub investment: Option<String>,
    /// Form of the other-financial-activities table.
    #[serde(default)]
    pub other_activities: Option<String>,
    /// Key of `[deadlines]` the disclosure runs under, when one runs from
    /// the record's decision.
    #[serde(default)]
    pub deadline: Option<String>,
    /// Legal basis.
    pub basis: String,
}

impl BudgetForms {
    /// The form of the table written under `field` (`revenue`…).
    pub fn form(&self, field: &str) -> Option<&str> {
        match field {
            "balance" => self.balance.as_deref(),
            "revenue" => self.revenue.as_deref(),
            "expenditure" => self.expenditure.as_deref(),
            "investment" => self.investment.as_deref(),
            "other_activities" => self.other_activities.as_deref(),
            _ => None,
        }
    }

    /// Every form of the stage.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        [
            &self.balance,
            &self.revenue,
            &self.expenditure,
            &self.investment,
            &self.other_activities,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
    }
}

/// A year's days off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayYear {
    /// Weekdays that are days off (holidays, days in lieu, swapped days).
    #[serde(deserialize_with = "dates")]
    pub days_off: Vec<Date>,
    /// Saturdays worked in exchange for a swapped day.
    #[serde(default, deserialize_with = "dates")]
    pub working_saturdays: Vec<Date>,
    /// Legal basis.
    pub basis: String,
}

/// The ages at which citizens are called up.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallupAges {
    /// From this age, reached.
    pub min_age: u32,
    /// To the end of this age (the longest deferral, for graduates).
    pub max_age: u32,
    /// Legal basis.
    pub basis: String,
}

/// Personal names in tables: which columns hold them, and which lists the
/// law requires posted with names (Law 91/2025/QH15 protects the rest).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Legal basis of masking.
    pub basis: String,
    /// Columns by `kind.table.column` (`callup.called.name`).
    pub fields: BTreeMap<String, PrivacyField>,
}

/// One column of personal names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyField {
    /// The law that requires the list posted with names; without it the
    /// column is always masked.
    #[serde(default)]
    pub publish_basis: Option<String>,
}

impl Privacy {
    /// The columns of `kind` that hold personal names, as `(table.column,
    /// rule)`, in key order.
    pub fn columns<'a>(
        &'a self,
        kind: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a PrivacyField)> + 'a {
        self.fields.iter().filter_map(move |(key, rule)| {
            let rest = key.strip_prefix(kind)?.strip_prefix('.')?;
            Some((rest, rule))
        })
    }
}

/// Days off and working Saturdays, all years together.
#[derive(Debug, Clone, Default)]
struct Calendar {
    days_off: BTreeSet<Date>,
    working_saturdays: BTreeSet<Date>,
}

/// Reads dates written as TOML strings (`"2026-02-16"`) or TOML dates.
fn dates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
    let values = Vec::<toml::Value>::deserialize(d)?;
    values
        .into_iter()
        .map(|v| {
            let text = match v {
                toml::Value::String(s) => s,
                toml::Value::Datetime(dt) => dt.to_string(),
                other => {
                    return Err(serde::de::Error::custom(format!(
                        "`{}` không phải ngày (viết \"2026-02-16\")",
                        other.type_str()
                    )))
                }
            };
            Date::parse(&text).map_err(|e| serde::de::Error::custom(format!("`{text}`: {e}")))
        })
        .collect()
}

impl Default for Law {
    fn default() -> Self {
        // The embedded file is part of the program; a unit test parses it.
        Law::embedded().expect("the embedded law.toml is valid")
    }
}

impl Law {
    /// The embedded default.
    pub fn embedded() -> Result<Law, String> {
        let table: toml::Table = toml::from_str(DEFAULT_LAW).map_err(|e| e.to_string())?;
        Law::from_table(table).map_err(|(m, _)| m)
    }

    /// The embedded default with the repository's `law.toml` (if any) merged
    /// over it, key by key.
    pub fn load(root: &Path) -> Result<Law, Diagnostic> {
        let path = root.join(LAW_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Law::embedded().map_err(|m| invalid(m, 0));
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    "E0001",
                    LAW_FILE,
                    0,
                    msg!(
                        "không đọc được tệp dữ liệu pháp luật: {e}",
                        "cannot read the law data file: {e}"
                    ),
                ))
            }
        };
        let text = crate::text::normalize_source(&text);
        Law::from_text(&text)
    }

    /// The default with `text` (the contents of a repository's `law.toml`)
    /// merged over it.
    pub fn from_text(text: &str) -> Result<Law, Diagnostic> {
        let over: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            invalid(e.message().trim().to_string(), line)
        })?;
        let mut base: toml::Table =
            toml::from_str(DEFAULT_LAW).map_err(|e| invalid(e.to_string(), 0))?;
        merge(&mut base, over);
        Law::from_table(base).map_err(|(message, key)| {
            let line = key.map_or(0, |k| line_of_key(text, &k));
            invalid(message, line)
        })
    }

    /// Deserialises and checks a merged table; on error, the message and the
    /// key to point at.
    fn from_table(table: toml::Table) -> Result<Law, (String, Option<String>)> {
        let mut law = Law::deserialize(toml::Value::Table(table)).map_err(|e| {
            let message = e.to_string().trim().to_string();
            let key = message.split('`').nth(1).map(str::to_string);
            (message, key)
        })?;
        check::check(&law)?;
        law.calendar = Calendar {
            days_off: law
                .holidays
                .values()
                .flat_map(|y| y.days_off.iter().copied())
                .collect(),
            working_saturdays: law
                .holidays
                .values()
                .flat_map(|y| y.working_saturdays.iter().copied())
                .collect(),
        };
        Ok(law)
    }

    /// The rule for Art. 11 item `n`.
    pub fn item(&self, n: u8) -> Option<&ItemRule> {
        self.items.get(&n.to_string())
    }

    /// Whether `d` is a working day: Monday to Friday and not a day off, or
    /// a Saturday worked in exchange.
    pub fn is_working_day(&self, d: Date) -> bool {
        (d.weekday() < 5 && !self.calendar.days_off.contains(&d))
            || self.calendar.working_saturdays.contains(&d)
    }

    /// Working days after `from`, up to and including `to` (the day of the
    /// decision itself is not counted, Civil Code Art. 147). Counted by
    /// whole weeks, then the days off and working Saturdays in the range:
    /// a document issued years before it is posted costs no more than one
    /// issued yesterday.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        if to <= from {
            return 0;
        }
        let days = from.days_until(to);
        let mut count = days / 7 * 5;
        let mut d = from.add_days(days / 7 * 7).unwrap_or(to);
        while d < to {
            match d.add_days(1) {
                Some(next) => d = next,
                None => break,
            }
            if d.weekday() < 5 {
                count += 1;
            }
        }
        let range = (
            std::ops::Bound::Excluded(from),
            std::ops::Bound::Included(to),
        );
        let off = self
            .calendar
            .days_off
            .range(range)
            .filter(|d| d.weekday() < 5)
            .count();
        let saturdays = self.calendar.working_saturdays.range(range).count();
        count - off as i64 + saturdays as i64
    }

    /// The `n`-th working day after `from`: the last day of a limit of `n`
    /// working days.
    pub fn add_working_days(&self, from: Date, n: u32) -> Option<Date> {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = d.add_days(1)?;
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        Some(d)
    }

    /// The last day of a period of `days` from the event on `start`, counted
    /// by the counting rule: 30 days from 17 August end on 16 September.
    pub fn period_end(&self, start: Date, days: u32) -> Option<Date> {
        let days = i64::from(days);
        match self.counting.rule {
            CountingRule::ExcludeFirstDay => start.add_days(days),
            CountingRule::IncludeFirstDay => start.add_days(days - 1),
        }
    }

    /// How many days of a period from `start` to `end` (inclusive) count.
    pub fn days_counted(&self, start: Date, end: Date) -> i64 {
        match self.counting.rule {
            CountingRule::ExcludeFirstDay => start.days_until(end),
            CountingRule::IncludeFirstDay => start.days_until(end) + 1,
        }
    }

    /// The last day to act under `limit` from the event on `start`: working
    /// days skip days off; a calendar-day deadline that ends on a day off
    /// moves to the next working day when the counting rule says so.
    pub fn deadline(&self, start: Date, limit: &TimeLimit) -> Option<Date> {
        if let Some(n) = limit.working_days {
            return self.add_working_days(start, n);
        }
        let mut end = self.period_end(start, limit.days.unwrap_or(0))?;
        if self.counting.deadline_on_day_off == DayOffRule::NextWorkingDay {
            while !self.is_working_day(end) {
                end = end.add_days(1)?;
            }
        }
        Some(end)
    }

    /// The six durations `congkhai.toml`'s `[durations]` names, as they stand
    /// in this law.
    pub fn durations(&self) -> crate::config::Durations {
        crate::config::Durations {
            posting_days: self.posting.office.days,
            compensation_plan_days: self.land.compensation_plan.days,
            consultation_days: self.consultation.days,
            land_use_plan_consultation_days: self.land.land_use_plan_consultation.days,
            annual_land_use_plan_consultation_days: self
                .land
                .annual_land_use_plan_consultation
                .days,
            disclosure_working_days: self.deadlines.disclosure.working_days.unwrap_or(5),
        }
    }

    /// Applies the values `congkhai.toml`'s `[durations]` sets (the older
    /// place for them), which take precedence over `law.toml`.
    pub fn apply_durations(&mut self, set: &BTreeMap<String, u32>) {
        for (key, &v) in set {
            match key.as_str() {
                "posting_days" => self.posting.office.days = v,
                "compensation_plan_days" => self.land.compensation_plan.days = v,
                "consultation_days" => self.consultation.days = v,
                "land_use_plan_consultation_days" => self.land.land_use_plan_consultation.days = v,
                "annual_land_use_plan_consultation_days" => {
                    self.land.annual_land_use_plan_consultation.days = v
                }
                "disclosure_working_days" => {
                    self.deadlines.disclosure.working_days = Some(v);
                    self.deadlines.disclosure.days = None;
                }
                _ => {}
            }
        }
    }
}

impl Deadlines {
    /// Every time limit with its key.
    pub fn all(&self) -> [(&'static str, &TimeLimit); 7] {
        [
            ("disclosure", &self.disclosure),
            ("community_decision_sent", &self.community_decision_sent),
            ("budget_estimate_submitted", &self.budget_estimate_submitted),
            ("budget_estimate_approved", &self.budget_estimate_approved),
            ("budget_final_accounts", &self.budget_final_accounts),
            ("budget_quarter_execution", &self.budget_quarter_execution),
            (
                "budget_half_year_execution",
                &self.budget_half_year_execution,
            ),
        ]
    }
}

/// An E0002 finding about `law.toml`.
fn invalid(message: String, line: usize) -> Diagnostic {
    Diagnostic::error(
        "E0002",
        LAW_FILE,
        line,
        msg!(
            "dữ liệu pháp luật sai: {message}",
            "invalid law data: {message}"
        ),
    )
}

/// Merges `over` into `base`: tables key by key, anything else replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The first line of `text` that holds `key`, 0 when none does.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.contains(key))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests;
