//! A land project's statutory clocks: the date questions of Land Law
//! 31/2024/QH15 asked of the records of one project, with the durations and
//! legal bases of the law data. Art. 85: the land is recovered no sooner than
//! 90 days (agricultural land) or 180 days after the notice; Art. 70 and 87:
//! a draft plan or a compensation plan is posted at least its period; Art. 87:
//! a dialogue within the limit after the posting when objections remain;
//! Art. 75: an approved land-use plan is published within the limit.
//!
//! No diagnostics here: `check` words the missed clocks (W0254, W0255) and
//! a project's page draws them all; both ask this module, so they agree.

use super::{Days, Law, TimeLimit};
use crate::date::{Date, PostedUntil};
use crate::model::land::{Land, LandStage, Project};
use crate::model::{Record, RecordData};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where a clock stands on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    /// The step came in time, or the minimum period is over.
    Met,
    /// The step came late, or the period was cut short.
    Missed,
    /// Still counting.
    Running,
}

/// A statutory clock between two steps of a project.
#[derive(Debug, Clone, Serialize)]
pub struct Clock {
    /// Which: `recovery_notice` (notice before recovery, Art. 85),
    /// `posting` (the plan posted long enough, Art. 70, 87), `dialogue`
    /// (within the limit after objections, Art. 87), `publication` (an
    /// approved plan published in time, Art. 75).
    pub key: &'static str,
    /// Calendar days of the law data.
    pub days: u32,
    /// Its legal basis.
    pub basis: String,
    /// The event it counts from.
    pub from: Date,
    /// The last day (a limit) or the first day allowed (a minimum period).
    pub due: Date,
    /// When the step it waits for came, if it did.
    pub done: Option<Date>,
    /// Met, missed or running.
    pub status: ClockStatus,
    /// For the notice: whether the land is agricultural (the shorter
    /// notice); `None` when no parcel gives a land type (the longer notice
    /// is counted).
    pub agricultural: Option<bool>,
    /// The record the clock counts from (the notice, the plan).
    #[serde(skip)]
    pub from_record: String,
    /// The record a missed clock is reported on: the recovery decision for
    /// the notice, else the record the clock counts from.
    #[serde(skip)]
    pub record: String,
}

/// The key that makes land records one project: the slug of the project's
/// name (also its page's name).
pub fn project_key(project: &Project) -> String {
    let s = crate::text::slugify(&project.name);
    if s.is_empty() {
        "du-an".to_string()
    } else {
        s
    }
}

/// The land records of `records`, by project (see [`project_key`]), each
/// project's in date order.
pub fn land_projects(records: &[Arc<Record>]) -> BTreeMap<String, Vec<(&Record, &Land)>> {
    let mut projects: BTreeMap<String, Vec<(&Record, &Land)>> = BTreeMap::new();
    for r in records {
        if let RecordData::Land(l) = &r.data {
            projects
                .entry(project_key(&l.project))
                .or_default()
                .push((r, l));
        }
    }
    for list in projects.values_mut() {
        list.sort_by(|a, b| {
            (decided_or_published(a.0, a.1), &a.0.id)
                .cmp(&(decided_or_published(b.0, b.1), &b.0.id))
        });
    }
    projects
}

/// The dialogues of `records` by id: the day held, and whether it is a
/// land dialogue (Art. 87).
pub fn dialogues_held(records: &[Arc<Record>]) -> BTreeMap<&str, (Date, bool)> {
    records
        .iter()
        .filter_map(|r| match &r.data {
            RecordData::Dialogue(d) => Some((
                r.id.as_str(),
                (
                    d.held,
                    d.dialogue_type == crate::model::dialogue::DialogueType::LandDialogue,
                ),
            )),
            _ => None,
        })
        .collect()
}

/// A land record's date: its decision, else its publication.
pub fn decided_or_published(r: &Record, l: &Land) -> Date {
    l.decided.unwrap_or(r.common.published)
}

fn limit(days: &Days) -> TimeLimit {
    TimeLimit {
        days: Some(days.days),
        working_days: None,
        basis: days.basis.clone(),
    }
}

/// The clocks of one project's records (as [`land_projects`] gives them),
/// on `today`, sorted by the day they count from.
pub fn clocks(
    records: &[(&Record, &Land)],
    held: &BTreeMap<&str, (Date, bool)>,
    law: &Law,
    today: Date,
) -> Vec<Clock> {
    let mut clocks = Vec::new();
    let of = |stage: LandStage| records.iter().filter(move |(_, l)| l.stage == stage);
    // Art. 85: the land is recovered no sooner than the notice period after
    // the notice.
    if let Some(&(nr, notice)) =
        of(LandStage::RecoveryNotice).min_by_key(|(r, l)| decided_or_published(r, l))
    {
        let noticed = decided_or_published(nr, notice);
        let codes = &law.land.agricultural_land_types.codes;
        let types: Vec<&str> = records
            .iter()
            .flat_map(|(_, l)| &l.parcels)
            .filter_map(|p| p.land_type.as_deref())
            .map(str::trim)
            .collect();
        let agricultural = (!types.is_empty()).then(|| {
            types
                .iter()
                .all(|t| codes.iter().any(|c| c.eq_ignore_ascii_case(t)))
        });
        let rule = if agricultural == Some(true) {
            &law.land.recovery_notice_agricultural
        } else {
            &law.land.recovery_notice_non_agricultural
        };
        let decision =
            of(LandStage::RecoveryDecision).min_by_key(|(r, l)| decided_or_published(r, l));
        let decided = decision.map(|(r, l)| decided_or_published(r, l));
        if let Some(due) = law.period_end(noticed, rule.days) {
            let status = match decided {
                Some(d) if law.days_counted(noticed, d) >= i64::from(rule.days) => ClockStatus::Met,
                Some(_) => ClockStatus::Missed,
                None if today >= due => ClockStatus::Met,
                None => ClockStatus::Running,
            };
            clocks.push(Clock {
                key: "recovery_notice",
                days: rule.days,
                basis: rule.basis.clone(),
                from: noticed,
                due,
                done: decided,
                status,
                agricultural,
                from_record: nr.id.clone(),
                record: decision.map_or_else(|| nr.id.clone(), |(r, _)| r.id.clone()),
            });
        }
    }
    for &(r, l) in records {
        // Art. 70, 87: posted for at least the period of the law.
        let rule = match l.stage {
            _ if l.is_approved_plan() => None,
            LandStage::CompensationPlan => Some(&law.land.compensation_plan),
            LandStage::LandUsePlan => Some(&law.land.land_use_plan_consultation),
            LandStage::AnnualLandUsePlan => Some(&law.land.annual_land_use_plan_consultation),
            _ => None,
        };
        let published = r.common.published;
        let clock = |key, rule: &Days, from, due, done, status| Clock {
            key,
            days: rule.days,
            basis: rule.basis.clone(),
            from,
            due,
            done,
            status,
            agricultural: None,
            from_record: r.id.clone(),
            record: r.id.clone(),
        };
        if let Some(rule) = rule {
            let until = match r.common.posted_until {
                Some(PostedUntil::Date(d)) => Some(d),
                _ => None,
            };
            if let Some(due) = law.period_end(published, rule.days) {
                let status = match until {
                    Some(u) if law.days_counted(published, u) < i64::from(rule.days) => {
                        ClockStatus::Missed
                    }
                    Some(u) if today <= u => ClockStatus::Running,
                    Some(_) => ClockStatus::Met,
                    None if today < due => ClockStatus::Running,
                    None => ClockStatus::Met,
                };
                clocks.push(clock("posting", rule, published, due, until, status));
            }
        }
        // Art. 87: a dialogue within the limit after the posting ends, when
        // opinions against the plan remain: the earliest land dialogue the
        // plan links.
        if let (LandStage::CompensationPlan, Some(c), Some(PostedUntil::Date(end))) =
            (l.stage, &l.consultation, r.common.posted_until)
        {
            let rule = &law.land.dialogue_after_objections;
            if c.disagree > 0 {
                if let Some(due) = law.deadline(end, &limit(rule)) {
                    let first = l
                        .dialogues
                        .iter()
                        .filter_map(|id| held.get(id.as_str()))
                        .filter(|(_, land)| *land)
                        .map(|(d, _)| *d)
                        .min();
                    let status = match first {
                        Some(h) if h <= due => ClockStatus::Met,
                        Some(_) => ClockStatus::Missed,
                        None if today > due => ClockStatus::Missed,
                        None => ClockStatus::Running,
                    };
                    clocks.push(clock("dialogue", rule, end, due, first, status));
                }
            }
        }
        // Art. 75: an approved plan is published within the limit.
        if let (true, Some(approved)) = (l.is_approved_plan(), l.decided) {
            let rule = &law.land.approved_plan_publication;
            if let Some(due) = law.deadline(approved, &limit(rule)) {
                let status = if published <= due {
                    ClockStatus::Met
                } else {
                    ClockStatus::Missed
                };
                clocks.push(clock(
                    "publication",
                    rule,
                    approved,
                    due,
                    Some(published),
                    status,
                ));
            }
        }
    }
    clocks.sort_by(|a, b| (a.from, a.key).cmp(&(b.from, b.key)));
    clocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_projects_key_comes_from_its_name() {
        let project = Project {
            name: "Mở rộng Trường THCS Bàn Cờ".into(),
            investor: None,
            location: None,
            area_m2: None,
            purpose: None,
        };
        assert_eq!(project_key(&project), "mo-rong-truong-thcs-ban-co");
        let nameless = Project {
            name: "–".into(),
            ..project
        };
        assert_eq!(project_key(&nameless), "du-an");
    }
}
