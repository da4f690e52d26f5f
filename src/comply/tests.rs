//! The verdicts at the edges of their rules, on records built in memory.

use super::rules::{self, Loudspeaker, OfficePosting};
use super::Quarter;
use crate::config::Config;
use crate::date::{Date, PostedUntil};
use crate::model::{Common, Form};

fn d(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn common(item: u8, published: &str, until: Option<PostedUntil>, forms: &[Form]) -> Common {
    Common {
        id: None,
        kind: None,
        title: "Hồ sơ".into(),
        summary: None,
        published: d(published),
        posted_until: until,
        consultation_until: None,
        loudspeaker_until: None,
        disclosure_item: item,
        forms: forms.to_vec(),
        legal_basis: Vec::new(),
        attachments: Vec::new(),
        status: None,
        supersedes: None,
        publish_names: Default::default(),
    }
}

#[test]
fn a_posting_one_day_short_is_not_met_and_names_the_last_day() {
    let config = Config::default();
    // 30 days from 17/8 end on 16/9 (the day of posting not counted).
    let short = common(
        5,
        "2026-08-17",
        Some(PostedUntil::Date(d("2026-09-15"))),
        &[Form::OfficePosting],
    );
    match rules::office_posting(&config, &short) {
        OfficePosting::Period { until, length } => {
            assert_eq!(until, d("2026-09-15"));
            assert_eq!((length.days, length.min), (29, 30));
            assert_eq!(length.last, Some(d("2026-09-16")));
            assert!(length.short());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(rules::office_posting(&config, &short).met(), Some(false));
    let exact = common(
        5,
        "2026-08-17",
        Some(PostedUntil::Date(d("2026-09-16"))),
        &[Form::OfficePosting],
    );
    assert_eq!(rules::office_posting(&config, &exact).met(), Some(true));
}

#[test]
fn posting_verdicts_follow_the_items_rule_in_the_law_data() {
    let config = Config::default();
    let dated = Some(PostedUntil::Date(d("2026-12-31")));
    // Item 4 is posted permanently; an end date does not meet it.
    let c = common(4, "2026-01-05", dated, &[Form::OfficePosting]);
    assert_eq!(
        rules::office_posting(&config, &c),
        OfficePosting::NotPermanent
    );
    let c = common(4, "2026-01-05", Some(PostedUntil::Permanent), &[]);
    assert_eq!(rules::office_posting(&config, &c), OfficePosting::Permanent);
    // Item 14 needs no posting.
    let c = common(14, "2026-01-05", None, &[]);
    assert_eq!(rules::office_posting(&config, &c).met(), None);
    // A period item on the portal only has no office posting.
    let c = common(10, "2026-01-05", dated, &[Form::Portal]);
    assert_eq!(
        rules::office_posting(&config, &c),
        OfficePosting::Undeclared
    );
    // Changing the law data changes the verdict: item 10 made permanent.
    let mut config = Config::default();
    if let Some(rule) = config.law.items.get_mut("10") {
        rule.posting = crate::law::PostingRule::Permanent;
    }
    assert_eq!(
        rules::office_posting(&config, &c),
        OfficePosting::NotPermanent
    );
}

#[test]
fn loudspeaker_days_count_both_ends() {
    let config = Config::default();
    let mut c = common(
        7,
        "2026-05-06",
        None,
        &[Form::OfficePosting, Form::Loudspeaker],
    );
    c.loudspeaker_until = Some(d("2026-05-07"));
    assert_eq!(rules::loudspeaker(&config.law, &c).met(), Some(false));
    c.loudspeaker_until = Some(d("2026-05-08"));
    assert!(matches!(
        rules::loudspeaker(&config.law, &c),
        Loudspeaker::Broadcast {
            days: 3,
            min: 3,
            ..
        }
    ));
    c.loudspeaker_until = None;
    assert_eq!(rules::loudspeaker(&config.law, &c), Loudspeaker::Undated);
    c.forms = vec![Form::OfficePosting];
    assert_eq!(rules::loudspeaker(&config.law, &c), Loudspeaker::NotListed);
    // Item 5 does not go on the loudspeaker.
    c.disclosure_item = 5;
    c.forms.push(Form::Loudspeaker);
    assert_eq!(
        rules::loudspeaker(&config.law, &c),
        Loudspeaker::NotRequired
    );
}

#[test]
fn quarters_run_in_order_across_years() {
    let q = Quarter::of(d("2025-11-03"));
    assert_eq!((q.year, q.quarter), (2025, 4));
    let next = q.next();
    assert_eq!(
        (next.year, next.quarter, next.slug()),
        (2026, 1, "2026-q1".to_string())
    );
    assert_eq!(next.start(), Some(d("2026-01-01")));
    assert_eq!(next.end(), Some(d("2026-03-31")));
    assert_eq!(
        super::quarter_of(d("2026-07-01"), d("2026-09-30")),
        Some("Q3/2026".into())
    );
    assert_eq!(super::quarter_of(d("2026-01-01"), d("2026-06-30")), None);
}

#[test]
fn a_csv_cell_with_a_comma_or_quote_is_quoted() {
    let bytes = super::csv_bytes(&["a", "b"], &[vec!["x, \"y\"".into(), "z".into()]]);
    assert_eq!(String::from_utf8_lossy(&bytes), "a,b\n\"x, \"\"y\"\"\",z\n");
}

fn budget(json: serde_json::Value) -> crate::model::budget::Budget {
    serde_json::from_value(json).expect("budget")
}

#[test]
fn a_budgets_time_limit_is_circular_343_by_stage() {
    use rules::{budget_deadline, budget_timeliness, BudgetDeadline, LimitUnit};
    let law = &Config::default().law;
    // Sent to the delegates on Friday 5/12: 5 working days end on 12/12.
    let submitted = budget(serde_json::json!({
        "stage": "estimate_submitted", "fiscal_year": 2026,
        "decision": {"number": "90/TTr-UBND", "date": "2025-12-05"}
    }));
    let on_time = budget_timeliness(&submitted, law, d("2025-12-12")).expect("runs");
    assert_eq!(on_time.unit, LimitUnit::WorkingDays);
    assert_eq!((on_time.limit, on_time.last), (5, Some(d("2025-12-12"))));
    assert!(!on_time.late());
    assert!(budget_timeliness(&submitted, law, d("2025-12-15"))
        .expect("runs")
        .late());
    // Approved on 5/3: 30 days end on Saturday 4/4, moved to Monday 6/4.
    let approved = budget(serde_json::json!({
        "stage": "estimate_approved", "fiscal_year": 2026,
        "decision": {"number": "12/NQ-HĐND", "date": "2026-03-05"}
    }));
    let t = budget_timeliness(&approved, law, d("2026-04-06")).expect("runs");
    assert_eq!((t.unit, t.limit), (LimitUnit::Days, 30));
    assert_eq!(t.last, Some(d("2026-04-06")));
    assert!(!t.late());
    assert!(t.basis.as_deref().is_some_and(|b| b.contains("343/2016")));
    assert!(budget_timeliness(&approved, law, d("2026-04-07"))
        .expect("runs")
        .late());
    // Without its decision nothing can be measured (W0407).
    let undated = budget(serde_json::json!({"stage": "final_accounts", "fiscal_year": 2025}));
    assert!(matches!(
        budget_deadline(&undated, law),
        BudgetDeadline::NeedsDecision
    ));
    // The year's execution report goes with the Council session: no limit.
    let year = budget(serde_json::json!({
        "stage": "execution", "fiscal_year": 2026, "period": "year"
    }));
    assert!(matches!(budget_deadline(&year, law), BudgetDeadline::None));
    assert_eq!(budget_timeliness(&year, law, d("2027-03-01")), None);
}
