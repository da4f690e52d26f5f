//! A land project's timeline: its records (the recovery notice, the posting
//! of the compensation plan and the meeting's counts, the dialogue, the
//! approval, the recovery decision; for a land-use plan its consultation and
//! approval) on one dated line, with the statutory clocks between the steps
//! (Land Law 31/2024/QH15 Art. 70, 75, 85, 87) marked met, missed or running
//! on the build date.
//!
//! The records of a project are the land records of a ward whose project
//! names give the same slug, so a record finds its project's page from its
//! own data. Every duration and legal basis comes from the law data
//! ([`crate::law::Law`]); nothing of the law is written here.

use crate::date::{Date, PostedUntil};
use crate::law::{Days, Law, TimeLimit};
use crate::model::dialogue::DialogueType;
use crate::model::land::{Consultation, Land, LandStage, Project};
use crate::model::{Record, RecordData, Ward};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// The folder of a ward holding its projects' pages.
pub const FOLDER: &str = "du-an";

/// The page of a land record's project, inside its ward folder.
pub fn page_path(land: &Land) -> String {
    format!("{FOLDER}/{}.html", slug(&land.project))
}

/// A project's slug: its name, folded.
fn slug(project: &Project) -> String {
    let s = crate::text::slugify(&project.name);
    if s.is_empty() {
        FOLDER.to_string()
    } else {
        s
    }
}

/// One project's timeline.
#[derive(Debug, Serialize)]
pub struct Timeline<'a> {
    /// Its page's name in [`FOLDER`].
    pub slug: String,
    /// The project, as its latest record describes it.
    pub project: &'a Project,
    /// The steps, in date order.
    pub steps: Vec<Step<'a>>,
    /// The statutory clocks between them.
    pub clocks: Vec<Clock>,
}

/// A dated step: a land record or a dialogue held about it.
#[derive(Debug, Serialize)]
pub struct Step<'a> {
    /// When it happened: the decision's date, else the publication; the
    /// day a dialogue was held.
    pub date: Date,
    /// The end of its posting, when it was posted for a period.
    pub until: Option<Date>,
    /// The land stage (`recovery_notice`…), or `dialogue`.
    pub stage: &'static str,
    /// The record's title.
    pub title: &'a str,
    /// The record's page, from the project's page.
    pub href: String,
    /// The opinions counted at the meeting, when the record has them.
    pub consultation: Option<&'a Consultation>,
}

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

/// A statutory clock between two steps.
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
    /// For the notice: whether the land is agricultural (the shorter notice).
    pub agricultural: Option<bool>,
}

/// A land record's date on the line: its decision, else its publication.
fn decided_or_published(r: &Record, l: &Land) -> Date {
    l.decided.unwrap_or(r.common.published)
}

fn stage_name(stage: LandStage) -> &'static str {
    match stage {
        LandStage::LandUsePlan => "land_use_plan",
        LandStage::AnnualLandUsePlan => "annual_land_use_plan",
        LandStage::RecoveryNotice => "recovery_notice",
        LandStage::CompensationPlan => "compensation_plan",
        LandStage::ApprovalDecision => "approval_decision",
        LandStage::Resettlement => "resettlement",
        LandStage::RecoveryDecision => "recovery_decision",
    }
}

fn limit(days: &Days) -> TimeLimit {
    TimeLimit {
        days: Some(days.days),
        working_days: None,
        basis: days.basis.clone(),
    }
}

/// The timelines of a ward's land projects, sorted by slug.
pub fn timelines<'a>(ward: &'a Ward, law: &Law, today: Date) -> Vec<Timeline<'a>> {
    let mut projects: BTreeMap<String, Vec<(&'a Arc<Record>, &'a Land)>> = BTreeMap::new();
    for r in &ward.records {
        if let RecordData::Land(l) = &r.data {
            projects.entry(slug(&l.project)).or_default().push((r, l));
        }
    }
    let dialogues: BTreeMap<&str, &'a Arc<Record>> = ward
        .records
        .iter()
        .filter(|r| matches!(r.data, RecordData::Dialogue(_)))
        .map(|r| (r.id.as_str(), r))
        .collect();
    projects
        .into_iter()
        .filter_map(|(slug, mut records)| {
            records.sort_by(|a, b| {
                (decided_or_published(a.0, a.1), &a.0.id)
                    .cmp(&(decided_or_published(b.0, b.1), &b.0.id))
            });
            timeline(slug, &records, &dialogues, law, today)
        })
        .collect()
}

fn timeline<'a>(
    slug: String,
    records: &[(&'a Arc<Record>, &'a Land)],
    dialogues: &BTreeMap<&str, &'a Arc<Record>>,
    law: &Law,
    today: Date,
) -> Option<Timeline<'a>> {
    let mut steps = Vec::new();
    let mut held: BTreeMap<&str, (Date, bool)> = BTreeMap::new();
    for &(r, l) in records {
        let posting = matches!(
            l.stage,
            LandStage::CompensationPlan | LandStage::LandUsePlan | LandStage::AnnualLandUsePlan
        ) && !l.is_approved_plan();
        let (date, until) = if posting {
            let until = match r.common.posted_until {
                Some(PostedUntil::Date(d)) => Some(d),
                _ => None,
            };
            (r.common.published, until)
        } else {
            (decided_or_published(r, l), None)
        };
        steps.push(Step {
            date,
            until,
            stage: stage_name(l.stage),
            title: &r.common.title,
            href: format!("../{}", super::record_path(r)),
            consultation: l.consultation.as_ref(),
        });
        for id in &l.dialogues {
            let Some(d) = dialogues.get(id.as_str()) else {
                continue;
            };
            let RecordData::Dialogue(dialogue) = &d.data else {
                continue;
            };
            let land = dialogue.dialogue_type == DialogueType::LandDialogue;
            if held.insert(&d.id, (dialogue.held, land)).is_none() {
                steps.push(Step {
                    date: dialogue.held,
                    until: None,
                    stage: "dialogue",
                    title: &d.common.title,
                    href: format!("../{}", super::record_path(d)),
                    consultation: None,
                });
            }
        }
    }
    steps.sort_by(|a, b| (a.date, a.stage, a.title).cmp(&(b.date, b.stage, b.title)));
    let clocks = clocks(records, &held, law, today);
    Some(Timeline {
        slug,
        project: &records.last()?.1.project,
        steps,
        clocks,
    })
}

/// The clocks of a project's records.
fn clocks(
    records: &[(&Arc<Record>, &Land)],
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
        let agricultural = !types.is_empty()
            && types
                .iter()
                .all(|t| codes.iter().any(|c| c.eq_ignore_ascii_case(t)));
        let rule = if agricultural {
            &law.land.recovery_notice_agricultural
        } else {
            &law.land.recovery_notice_non_agricultural
        };
        let decided = of(LandStage::RecoveryDecision)
            .map(|(r, l)| decided_or_published(r, l))
            .min();
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
                agricultural: Some(agricultural),
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
                clocks.push(Clock {
                    key: "posting",
                    days: rule.days,
                    basis: rule.basis.clone(),
                    from: published,
                    due,
                    done: until,
                    status,
                    agricultural: None,
                });
            }
        }
        // Art. 87: a dialogue within the limit after the posting ends, when
        // opinions against the plan remain.
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
                    clocks.push(Clock {
                        key: "dialogue",
                        days: rule.days,
                        basis: rule.basis.clone(),
                        from: end,
                        due,
                        done: first,
                        status,
                        agricultural: None,
                    });
                }
            }
        }
        // Art. 75: an approved plan is published within the limit.
        if let (true, Some(approved)) = (l.is_approved_plan(), l.decided) {
            let rule = &law.land.approved_plan_publication;
            if let Some(due) = law.deadline(approved, &limit(rule)) {
                clocks.push(Clock {
                    key: "publication",
                    days: rule.days,
                    basis: rule.basis.clone(),
                    from: approved,
                    due,
                    done: Some(published),
                    status: if published <= due {
                        ClockStatus::Met
                    } else {
                        ClockStatus::Missed
                    },
                    agricultural: None,
                });
            }
        }
    }
    clocks.sort_by(|a, b| (a.from, a.key).cmp(&(b.from, b.key)));
    clocks
}

/// Status colours: green, red and blue of the theme, each at least 4.5:1 on
/// white; the status is also written beside each clock.
fn colour(status: ClockStatus) -> &'static str {
    match status {
        ClockStatus::Met => "#1e6b34",
        ClockStatus::Missed => "#a4161a",
        ClockStatus::Running => "#0b57a4",
    }
}

/// The timeline drawn as inline SVG: the steps numbered on a dated line (a
/// posting as a thick stretch), then one row per clock from its start to its
/// due day, with a tick where the awaited step came and the build date
/// marked while a clock runs. `strings` gives the labels.
pub fn drawing(t: &Timeline, strings: &BTreeMap<String, String>, today: Date) -> String {
    const WIDTH: i64 = 640;
    const LEFT: i64 = 16;
    const RIGHT: i64 = WIDTH - 16;
    const AXIS: i64 = 34;
    const ROW: i64 = 38;
    if t.steps.is_empty() {
        return String::new();
    }
    let s = |key: &str| -> String { strings.get(key).cloned().unwrap_or_else(|| key.to_string()) };
    let running = t.clocks.iter().any(|c| c.status == ClockStatus::Running);
    let dates = t
        .steps
        .iter()
        .flat_map(|st| [Some(st.date), st.until])
        .chain(
            t.clocks
                .iter()
                .flat_map(|c| [Some(c.from), Some(c.due), c.done]),
        )
        .chain(running.then_some(Some(today)))
        .flatten();
    let (mut first, mut last) = (i64::MAX, i64::MIN);
    for d in dates {
        first = first.min(d.to_days());
        last = last.max(d.to_days());
    }
    let span = (last - first).max(1);
    let x = |d: Date| LEFT + (d.to_days() - first) * (RIGHT - LEFT) / span;
    let height = AXIS + 30 + ROW * t.clocks.len() as i64;
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg timeline-svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\" font-family=\"system-ui, sans-serif\" font-size=\"12\"><title id=\"timeline-title\">"
    );
    super::theme::escape_html_into(&mut out, &s("timeline.title"));
    out.push_str(": ");
    super::theme::escape_html_into(&mut out, &t.project.name);
    out.push_str("</title><desc id=\"timeline-desc\">");
    let count = |status| t.clocks.iter().filter(|c| c.status == status).count();
    let desc = s("timeline.desc")
        .replace("{steps}", &t.steps.len().to_string())
        .replace("{first}", &t.steps[0].date.short())
        .replace("{last}", &t.steps[t.steps.len() - 1].date.short())
        .replace("{clocks}", &t.clocks.len().to_string())
        .replace("{met}", &count(ClockStatus::Met).to_string())
        .replace("{missed}", &count(ClockStatus::Missed).to_string())
        .replace("{running}", &count(ClockStatus::Running).to_string());
    super::theme::escape_html_into(&mut out, &desc);
    out.push_str("</desc>\n");
    let ink = super::chart::INK;
    let _ = writeln!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{AXIS}\" x2=\"{RIGHT}\" y2=\"{AXIS}\" stroke=\"{ink}\"/>"
    );
    for (i, st) in t.steps.iter().enumerate() {
        let sx = x(st.date);
        if let Some(until) = st.until {
            let _ = write!(
                out,
                "<line x1=\"{sx}\" y1=\"{AXIS}\" x2=\"{}\" y2=\"{AXIS}\" stroke=\"{}\" stroke-width=\"6\"/>",
                x(until),
                super::chart::PALETTE[0]
            );
        }
        let _ = writeln!(
            out,
            "<circle cx=\"{sx}\" cy=\"{AXIS}\" r=\"5\" fill=\"{ink}\"/><text x=\"{sx}\" y=\"{}\" text-anchor=\"middle\" fill=\"{ink}\">{}</text>",
            AXIS - 10 - 12 * (i as i64 % 2),
            i + 1
        );
    }
    for (d, anchor) in [(first, "start"), (last, "end")] {
        if let Some(date) = Date::from_days(d) {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{ink}\">{}</text>",
                x(date),
                AXIS + 18,
                date.short()
            );
        }
    }
    out.push('\n');
    for (i, c) in t.clocks.iter().enumerate() {
        let y = AXIS + 30 + ROW * i as i64;
        let colour = colour(c.status);
        let status = match c.status {
            ClockStatus::Met => "timeline.met",
            ClockStatus::Missed => "timeline.missed",
            ClockStatus::Running => "timeline.running",
        };
        let _ = write!(out, "<text x=\"{LEFT}\" y=\"{}\" fill=\"{ink}\">", y + 10);
        let label = format!(
            "{}: {} {} – {}",
            s(&format!("timeline.clock_{}", c.key)),
            c.days,
            s("timeline.days"),
            s(status)
        );
        super::theme::escape_html_into(&mut out, &label);
        let (from, due) = (x(c.from), x(c.due));
        let _ = write!(
            out,
            "</text><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            from.min(due),
            y + 16,
            (due - from).abs().max(2)
        );
        if let Some(done) = c.done {
            let dx = x(done);
            let _ = write!(
                out,
                "<line x1=\"{dx}\" y1=\"{}\" x2=\"{dx}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"3\"/>",
                y + 12,
                y + 30
            );
        } else if c.status == ClockStatus::Running {
            let tx = x(today);
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"{colour}\"/>",
                from.min(tx),
                y + 16,
                (tx - from).abs()
            );
        }
        out.push('\n');
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_projects_page_comes_from_its_name() {
        let project = Project {
            name: "Mở rộng Trường THCS Bàn Cờ".into(),
            investor: None,
            location: None,
            area_m2: None,
            purpose: None,
        };
        assert_eq!(slug(&project), "mo-rong-truong-thcs-ban-co");
        let nameless = Project {
            name: "–".into(),
            ..project
        };
        assert_eq!(slug(&nameless), FOLDER);
    }
}
