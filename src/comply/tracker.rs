//! The commitments tracker: every commitment made in a dialogue and every
//! task of a plan, with who answers for it, its deadline, where it stands,
//! the document that closed it and the date its status last changed (from
//! the record's own `status_changes`, so it works outside git). Overdue
//! first, then open, then done.

use super::{own_records, RecordRef};
use crate::date::{Date, Deadline};
use crate::model::dialogue::CommitmentStatus;
use crate::model::plan::TaskStatus;
use crate::model::{RecordData, Ward};
use serde::Serialize;
use std::collections::BTreeMap;

/// The file name of the tracker's overview inside a ward's folder.
pub const PAGE: &str = "cam-ket.html";

/// The folder of the tracker's other pages (the lists of each status and of
/// each responsible unit) inside a ward's folder.
pub const FOLDER: &str = "cam-ket";

/// Where a commitment stands, as the tracker groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Past its deadline and not done.
    Overdue,
    /// Not done, not overdue.
    Open,
    /// Done, answered or cancelled.
    Done,
}

/// One commitment or task.
#[derive(Debug, Clone, Serialize)]
pub struct Commitment {
    /// The group it is listed in.
    pub group: Group,
    /// `commitment` (a dialogue's) or `task` (a plan's).
    pub source: &'static str,
    /// What was promised.
    pub promise: String,
    /// To whom: the question it answers (a commitment), or the plan (a task).
    pub question: Option<String>,
    /// The dialogue or plan it comes from.
    pub record: RecordRef,
    /// Its position in the record's list, from 1.
    pub number: usize,
    /// Its anchor on the tracker (`viec-<record>-<source>-<number>`).
    pub anchor: String,
    /// Set by the renderer: the tracker page that lists it, from the ward
    /// folder, with its anchor (`cam-ket/da-xong-trang-2.html#viec-…`).
    pub href: String,
    /// Who answers for it.
    pub responsible: Option<String>,
    /// The deadline as written (`30/6/2026`, `Quý II/2026`).
    pub deadline: Option<String>,
    /// Its last day, ISO.
    pub due: Option<String>,
    /// The status, as written in the record (`open`, `in_progress`, …).
    pub status: &'static str,
    /// The document that closed it.
    pub closed_by: Option<String>,
    /// Set by the renderer: the closing document's page, when it is in the
    /// repository.
    pub closed_href: Option<String>,
    /// When the status last changed (the last `status_changes` entry).
    pub changed: Option<String>,
    /// The dated changes, oldest first.
    pub changes: Vec<Change>,
}

/// A dated change of status.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// When, ISO.
    pub date: String,
    /// The new status.
    pub status: &'static str,
    /// What happened.
    pub note: Option<String>,
}

/// The tracker of one ward.
#[derive(Debug, Clone, Serialize)]
pub struct Tracker {
    /// Overdue, then open, then done; within a group by last day, then
    /// record and position.
    pub items: Vec<Commitment>,
    /// How many are overdue.
    pub overdue: usize,
    /// How many are open and not overdue.
    pub open: usize,
    /// How many are done.
    pub done: usize,
    /// The responsible units, sorted, each with the positions of its
    /// commitments in `items` (from 0).
    pub units: Vec<Unit>,
}

/// A responsible unit and its commitments.
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    /// Its name as written.
    pub name: String,
    /// Its pages' name (`don-vi-1`), by its place in the sorted units.
    pub slug: String,
    /// Set by the renderer: its first page, from the ward folder.
    pub href: String,
    /// Positions in [`Tracker::items`].
    pub items: Vec<usize>,
    /// How many of them are overdue.
    pub overdue: usize,
}

/// A commitment status as written in front matter.
pub fn commitment_status(s: CommitmentStatus) -> &'static str {
    match s {
        CommitmentStatus::Open => "open",
        CommitmentStatus::InProgress => "in_progress",
        CommitmentStatus::Done => "done",
        CommitmentStatus::Answered => "answered",
    }
}

/// A task status as written in front matter.
pub fn task_status(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::NotStarted => "not_started",
        TaskStatus::InProgress => "in_progress",
        TaskStatus::Done => "done",
        TaskStatus::Cancelled => "cancelled",
    }
}

/// The tracker of ward `w`, from the overdue flags validation set for the
/// build date.
pub fn tracker(w: &Ward) -> Tracker {
    let mut items = Vec::new();
    for r in own_records(w) {
        match &r.data {
            RecordData::Dialogue(d) => {
                for (i, it) in d.items.iter().enumerate() {
                    let Some(promise) = &it.commitment else {
                        continue;
                    };
                    let done = matches!(
                        it.status,
                        CommitmentStatus::Done | CommitmentStatus::Answered
                    );
                    items.push(Commitment {
                        group: group(it.overdue, done),
                        source: "commitment",
                        promise: promise.clone(),
                        question: Some(it.question.clone()),
                        record: RecordRef::of(r),
                        number: i + 1,
                        anchor: format!("viec-{}-commitment-{}", r.id, i + 1),
                        href: String::new(),
                        responsible: it.responsible.clone(),
                        deadline: it.deadline.map(Date::short),
                        due: it.deadline.map(Date::iso),
                        status: commitment_status(it.status),
                        closed_by: it.closed_by.clone(),
                        closed_href: None,
                        changed: it.status_changes.last().map(|c| c.date.iso()),
                        changes: it
                            .status_changes
                            .iter()
                            .map(|c| Change {
                                date: c.date.iso(),
                                status: commitment_status(c.status),
                                note: c.note.clone(),
                            })
                            .collect(),
                    });
                }
            }
            RecordData::Plan(p) => {
                for (i, t) in p.tasks.iter().enumerate() {
                    let done = matches!(t.status, TaskStatus::Done | TaskStatus::Cancelled);
                    items.push(Commitment {
                        group: group(t.overdue, done),
                        source: "task",
                        promise: t.content.clone(),
                        question: None,
                        record: RecordRef::of(r),
                        number: i + 1,
                        anchor: format!("viec-{}-task-{}", r.id, i + 1),
                        href: String::new(),
                        responsible: t.lead.clone(),
                        deadline: t.deadline.map(Deadline::display),
                        due: t.deadline.and_then(Deadline::last_day).map(Date::iso),
                        status: task_status(t.status),
                        closed_by: t.closed_by.clone(),
                        closed_href: None,
                        changed: t.status_changes.last().map(|c| c.date.iso()),
                        changes: t
                            .status_changes
                            .iter()
                            .map(|c| Change {
                                date: c.date.iso(),
                                status: task_status(c.status),
                                note: c.note.clone(),
                            })
                            .collect(),
                    });
                }
            }
            _ => {}
        }
    }
    // A missing deadline sorts after every date.
    items.sort_by(|a, b| {
        (a.group, a.due.is_none(), &a.due, &a.record.id, a.number).cmp(&(
            b.group,
            b.due.is_none(),
            &b.due,
            &b.record.id,
            b.number,
        ))
    });
    let mut units: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in items.iter().enumerate() {
        if let Some(u) = c
            .responsible
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            units.entry(u.to_string()).or_default().push(i);
        }
    }
    let units = units
        .into_iter()
        .enumerate()
        .map(|(n, (name, positions))| Unit {
            overdue: positions
                .iter()
                .filter(|&&i| items[i].group == Group::Overdue)
                .count(),
            name,
            slug: format!("don-vi-{}", n + 1),
            href: String::new(),
            items: positions,
        })
        .collect();
    let count = |g: Group| items.iter().filter(|c| c.group == g).count();
    Tracker {
        overdue: count(Group::Overdue),
        open: count(Group::Open),
        done: count(Group::Done),
        items,
        units,
    }
}

fn group(overdue: bool, done: bool) -> Group {
    if done {
        Group::Done
    } else if overdue {
        Group::Overdue
    } else {
        Group::Open
    }
}
