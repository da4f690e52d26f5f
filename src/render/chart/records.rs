//! The charts of a record's own data, for the template functions of
//! [`super::register`]: a fund's balance and its months, a plan's progress,
//! a land record's compensation split, a budget's estimate against
//! execution by chapter. Each gives no chart for a record it
//! does not apply to (another kind, no data, sums too large to add).

use super::{Chart, Row, Strings, Style, Unit, MAX_POINTS};
use crate::date::Date;
use crate::model::plan::TaskStatus;
use crate::model::{Record, RecordData};
use crate::money::Money;
use minijinja::Error;
use std::collections::BTreeMap;

/// The money of a fund's ledger by day: (receipts, expenses).
fn ledger_by_day(f: &crate::model::fund::Fund) -> BTreeMap<Date, (i128, i128)> {
    let mut days: BTreeMap<Date, (i128, i128)> = BTreeMap::new();
    for r in &f.receipts {
        days.entry(r.date).or_default().0 += i128::from(r.amount.0);
    }
    for e in &f.expenses {
        days.entry(e.date).or_default().1 += i128::from(e.amount.0);
    }
    days
}

/// `fund_balance_chart(record)`: a fund's balance from the opening through
/// each day money moved, to the end of the period (by month when the ledger
/// moves on more than [`MAX_POINTS`] days).
pub(super) fn fund_balance(s: &Strings, r: &Record) -> Result<Option<Chart>, Error> {
    let RecordData::Fund(f) = &r.data else {
        return Ok(None);
    };
    let days = ledger_by_day(f);
    if days.is_empty() {
        return Ok(None);
    }
    // The date each day's balance is shown at: the day, or its month's end.
    let by_month = days.len() > MAX_POINTS;
    let at = |d: Date| -> Date {
        if !by_month {
            return d;
        }
        let (y, m) = if d.month() == 12 {
            (d.year() + 1, 1)
        } else {
            (d.year(), d.month() + 1)
        };
        Date::new(y, m, 1)
            .and_then(|next| next.add_days(-1))
            .unwrap_or(d)
    };
    let mut points: BTreeMap<Date, i128> = BTreeMap::new();
    let start = days
        .keys()
        .next()
        .map_or(f.period_start, |&d| d.min(f.period_start));
    let mut balance = i128::from(f.opening_balance.0);
    points.insert(start, balance);
    for (&d, &(inn, out)) in &days {
        balance += inn - out;
        points.insert(at(d).max(start), balance);
    }
    if points
        .keys()
        .next_back()
        .is_some_and(|&last| last < f.period_end)
    {
        points.insert(f.period_end, balance);
    }
    let mut rows = Vec::with_capacity(points.len());
    for (d, v) in points {
        let Ok(v) = i64::try_from(v) else {
            return Ok(None);
        };
        rows.push(Row {
            label: d.short(),
            date: Some(d),
            values: vec![v],
        });
    }
    let values: Vec<i64> = rows.iter().map(|r| r.values[0]).collect();
    let money = |v: i64| Money(v).display();
    let description = s.fill(
        "chart.balance_desc",
        &[
            ("start", rows[0].label.clone()),
            ("first", money(values[0])),
            ("end", rows[rows.len() - 1].label.clone()),
            ("last", money(values[values.len() - 1])),
            ("min", money(values.iter().copied().min().unwrap_or(0))),
            ("max", money(values.iter().copied().max().unwrap_or(0))),
        ],
    )?;
    Ok(Some(Chart {
        id: "chart-balance".into(),
        title: s.get("chart.balance")?.to_string(),
        description,
        label_heading: s.get("fund.date")?.to_string(),
        series: vec![s.get("chart.balance_series")?.to_string()],
        rows,
        unit: Unit::Money,
        style: Style::Line,
    }))
}

/// `fund_monthly_chart(record)`: a fund's receipts against its expenses,
/// month by month.
pub(super) fn fund_monthly(s: &Strings, r: &Record) -> Result<Option<Chart>, Error> {
    let RecordData::Fund(f) = &r.data else {
        return Ok(None);
    };
    let days = ledger_by_day(f);
    if days.is_empty() {
        return Ok(None);
    }
    let mut months: BTreeMap<(i32, u8), (i128, i128)> = BTreeMap::new();
    // Every month of the period shows, a quiet one with zeros.
    let (mut y, mut m) = (f.period_start.year(), f.period_start.month());
    while (y, m) <= (f.period_end.year(), f.period_end.month()) && months.len() < 120 {
        months.insert((y, m), (0, 0));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    for (d, (inn, out)) in days {
        let e = months.entry((d.year(), d.month())).or_default();
        e.0 += inn;
        e.1 += out;
    }
    let mut rows = Vec::with_capacity(months.len());
    let (mut all_in, mut all_out) = (0i128, 0i128);
    for ((y, m), (inn, out)) in months {
        all_in += inn;
        all_out += out;
        let (Ok(inn), Ok(out)) = (i64::try_from(inn), i64::try_from(out)) else {
            return Ok(None);
        };
        rows.push(Row {
            label: format!("{m}/{y}"),
            date: None,
            values: vec![inn, out],
        });
    }
    let (Ok(all_in), Ok(all_out)) = (i64::try_from(all_in), i64::try_from(all_out)) else {
        return Ok(None);
    };
    let description = s.fill(
        "chart.monthly_desc",
        &[
            ("first", rows[0].label.clone()),
            ("last", rows[rows.len() - 1].label.clone()),
            ("receipts", Money(all_in).display()),
            ("expenses", Money(all_out).display()),
        ],
    )?;
    Ok(Some(Chart {
        id: "chart-monthly".into(),
        title: s.get("chart.monthly")?.to_string(),
        description,
        label_heading: s.get("chart.month")?.to_string(),
        series: vec![
            s.get("fund.receipts")?.to_string(),
            s.get("fund.expenses")?.to_string(),
        ],
        rows,
        unit: Unit::Money,
        style: Style::Bars,
    }))
}

/// `plan_progress_chart(record)`: a plan's tasks by status, and how many of
/// them are overdue.
pub(super) fn plan_progress(s: &Strings, r: &Record) -> Result<Option<Chart>, Error> {
    let RecordData::Plan(p) = &r.data else {
        return Ok(None);
    };
    if p.tasks.is_empty() {
        return Ok(None);
    }
    let count = |status: TaskStatus| p.tasks.iter().filter(|t| t.status == status).count() as i64;
    let statuses = [
        ("done", TaskStatus::Done),
        ("in_progress", TaskStatus::InProgress),
        ("not_started", TaskStatus::NotStarted),
        ("cancelled", TaskStatus::Cancelled),
    ];
    let mut rows = Vec::new();
    let mut fill = vec![("total", p.tasks.len().to_string())];
    for (name, status) in statuses {
        let n = count(status);
        fill.push((name, n.to_string()));
        rows.push(Row {
            label: s.get(&format!("task_status.{name}"))?.to_string(),
            date: None,
            values: vec![n],
        });
    }
    let overdue = p.tasks.iter().filter(|t| t.overdue).count() as i64;
    fill.push(("overdue", overdue.to_string()));
    rows.push(Row {
        label: s.get("ui.overdue")?.to_string(),
        date: None,
        values: vec![overdue],
    });
    Ok(Some(Chart {
        id: "chart-progress".into(),
        title: s.get("chart.progress")?.to_string(),
        description: s.fill("chart.progress_desc", &fill)?,
        label_heading: s.get("ui.status")?.to_string(),
        series: vec![s.get("chart.tasks")?.to_string()],
        rows,
        unit: Unit::Number,
        style: Style::Bars,
    }))
}

/// `land_compensation_chart(record)`: how a land record's compensation
/// splits into land, assets, relocation and support.
pub(super) fn land_compensation(s: &Strings, r: &Record) -> Result<Option<Chart>, Error> {
    let RecordData::Land(l) = &r.data else {
        return Ok(None);
    };
    let t = &l.totals;
    if l.parcels.is_empty() || t.total.0 == 0 {
        return Ok(None);
    }
    let parts = [
        ("land", "land.comp_land", t.land),
        ("assets", "land.comp_assets", t.assets),
        ("relocation", "land.comp_relocation", t.relocation),
        ("support", "land.comp_support", t.support),
    ];
    let mut rows = Vec::new();
    let mut fill = vec![("total", t.total.display())];
    for (name, key, amount) in parts {
        fill.push((name, amount.display()));
        rows.push(Row {
            label: s.get(key)?.to_string(),
            date: None,
            values: vec![amount.0],
        });
    }
    Ok(Some(Chart {
        id: "chart-compensation".into(),
        title: s.get("chart.compensation")?.to_string(),
        description: s.fill("chart.compensation_desc", &fill)?,
        label_heading: s.get("chart.part")?.to_string(),
        series: vec![s.get("fund.amount")?.to_string()],
        rows,
        unit: Unit::Money,
        style: Style::Bars,
    }))
}

/// `budget_expenditure_chart(record)`: a budget's expenditure estimate
/// against its execution, by top-level row (chapter).
pub(super) fn budget_expenditure(s: &Strings, r: &Record) -> Result<Option<Chart>, Error> {
    budget_table(s, r, crate::model::budget::BudgetTable::Expenditure)
}

/// `budget_revenue_chart(record)`: a budget's revenue estimate against its
/// execution, by top-level row.
pub(super) fn budget_revenue(s: &Strings, r: &Record) -> Result<Option<Chart>, Error> {
    budget_table(s, r, crate::model::budget::BudgetTable::Revenue)
}

/// Estimate against execution of one table of a budget, one row per
/// top-level row that has both figures. None for an estimate (nothing
/// executed yet) or a table without such rows.
fn budget_table(
    s: &Strings,
    r: &Record,
    table: crate::model::budget::BudgetTable,
) -> Result<Option<Chart>, Error> {
    let RecordData::Budget(b) = &r.data else {
        return Ok(None);
    };
    let rows: Vec<Row> = b
        .table(table)
        .iter()
        .filter(|row| row.parent.is_none())
        .filter_map(|row| {
            Some(Row {
                label: format!("{}. {}", row.code.trim(), row.name.trim()),
                date: None,
                values: vec![row.estimate?.0, row.execution?.0],
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    let sum = |i: usize| {
        rows.iter()
            .try_fold(0i64, |a, r| a.checked_add(r.values[i]))
    };
    let (Some(estimate), Some(execution)) = (sum(0), sum(1)) else {
        return Ok(None);
    };
    let percent = crate::model::budget::percent_tenths(Money(execution), Money(estimate))
        .map(|t| {
            let sign = if t < 0 { "-" } else { "" };
            format!("{sign}{},{}", t.abs() / 10, t.abs() % 10)
        })
        .unwrap_or_else(|| "–".to_string());
    let name = s
        .get(&format!("budget_table.{}", table.field()))?
        .to_string();
    let executed = if b.stage == crate::model::budget::BudgetStage::FinalAccounts {
        s.get("budget.final")?
    } else {
        s.get("budget.execution")?
    };
    let description = s.fill(
        "chart.budget_desc",
        &[
            ("table", name.clone()),
            ("rows", rows.len().to_string()),
            ("estimate", Money(estimate).display()),
            ("execution", Money(execution).display()),
            ("percent", percent),
        ],
    )?;
    Ok(Some(Chart {
        id: format!("chart-{}", table.field().replace('_', "-")),
        title: s
            .get("chart.budget")?
            .replace("{table}", &name)
            .replace("{estimate}", s.get("budget.estimate")?)
            .replace("{execution}", executed),
        description,
        label_heading: s.get("budget.name")?.to_string(),
        series: vec![s.get("budget.estimate")?.to_string(), executed.to_string()],
        rows,
        unit: Unit::Money,
        style: Style::Bars,
    }))
}
