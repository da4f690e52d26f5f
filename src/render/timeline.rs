//! A land project's timeline: its records (the recovery notice, the posting
//! of the compensation plan and the meeting's counts, the dialogue, the
//! approval, the recovery decision; for a land-use plan its consultation and
//! approval) on one dated line, with the statutory clocks between the steps
//! ([`crate::law::clocks`], the questions `check` asks too) marked met,
//! missed or running on the build date.
//!
//! The records of a project are the land records of a ward whose project
//! names give the same key, so a record finds its project's page from its
//! own data. Every duration and legal basis comes from the law data.

use crate::date::{Date, PostedUntil};
use crate::law::clocks::{self, Clock, ClockStatus};
use crate::law::Law;
use crate::model::land::{Consultation, LandStage, Project};
use crate::model::{RecordData, Ward};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The folder of a ward holding its projects' pages.
pub const FOLDER: &str = "du-an";

/// The page of a land record's project, inside its ward folder.
pub fn page_path(land: &crate::model::land::Land) -> String {
    format!("{FOLDER}/{}.html", clocks::project_key(&land.project))
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
    /// When it happened: the decision's date, else the publication (the
    /// start of a posting); the day a dialogue was held.
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

/// The timelines of a ward's land projects, sorted by their page's name.
pub fn timelines<'a>(ward: &'a Ward, law: &Law, today: Date) -> Vec<Timeline<'a>> {
    let held = clocks::dialogues_held(&ward.records);
    let dialogues: BTreeMap<&str, &crate::model::Record> = ward
        .records
        .iter()
        .filter(|r| matches!(r.data, RecordData::Dialogue(_)))
        .map(|r| (r.id.as_str(), &**r))
        .collect();
    clocks::land_projects(&ward.records)
        .into_iter()
        .filter_map(|(slug, records)| {
            let mut steps = Vec::new();
            let mut seen = std::collections::BTreeSet::new();
            for &(r, l) in &records {
                let posting = matches!(
                    l.stage,
                    LandStage::CompensationPlan
                        | LandStage::LandUsePlan
                        | LandStage::AnnualLandUsePlan
                ) && !l.is_approved_plan();
                let (date, until) = match (posting, r.common.posted_until) {
                    (true, Some(PostedUntil::Date(d))) => (r.common.published, Some(d)),
                    (true, _) => (r.common.published, None),
                    (false, _) => (clocks::decided_or_published(r, l), None),
                };
                steps.push(Step {
                    date,
                    until,
                    stage: stage_name(l.stage),
                    title: &r.common.title,
                    href: format!("../{}", super::record_path(r)),
                    consultation: l.consultation.as_ref(),
                });
                for d in l
                    .dialogues
                    .iter()
                    .filter_map(|id| dialogues.get(id.as_str()))
                {
                    let (Some(&(date, _)), true) = (held.get(d.id.as_str()), seen.insert(&d.id))
                    else {
                        continue;
                    };
                    steps.push(Step {
                        date,
                        until: None,
                        stage: "dialogue",
                        title: &d.common.title,
                        href: format!("../{}", super::record_path(d)),
                        consultation: None,
                    });
                }
            }
            steps.sort_by(|a, b| (a.date, a.stage, a.title).cmp(&(b.date, b.stage, b.title)));
            Some(Timeline {
                slug,
                project: &records.last()?.1.project,
                clocks: clocks::clocks(&records, &held, law, today),
                steps,
            })
        })
        .collect()
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
