//! Tests of the law data: the embedded defaults, a repository's overrides,
//! day counting and working days.

use super::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn the_embedded_law_is_valid_and_complete() {
    let law = Law::embedded().unwrap();
    assert_eq!(law.items.len(), 14);
    assert_eq!(law.posting.office.days, 30);
    for n in [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12] {
        assert_eq!(law.item(n).unwrap().posting, PostingRule::Period, "{n}");
    }
    for n in [4, 13] {
        assert_eq!(law.item(n).unwrap().posting, PostingRule::Permanent);
    }
    let loud: Vec<u8> = (1..=14)
        .filter(|&n| law.item(n).unwrap().loudspeaker)
        .collect();
    assert_eq!(loud, vec![7, 8, 9, 10, 11, 12]);
    for year in 2023..=2027 {
        assert!(law.holidays.contains_key(&year.to_string()), "{year}");
    }
}

#[test]
fn holiday_days_off_are_weekdays() {
    let law = Law::embedded().unwrap();
    for y in law.holidays.values() {
        for day in &y.days_off {
            assert!(day.weekday() < 5, "{day} is a weekend day");
        }
    }
}

#[test]
fn thirty_days_from_17_august_end_on_16_september() {
    let law = Law::embedded().unwrap();
    assert_eq!(law.period_end(d("2026-08-17"), 30), Some(d("2026-09-16")));
    assert_eq!(law.days_counted(d("2026-08-17"), d("2026-09-16")), 30);
    let mut inclusive = law.clone();
    inclusive.counting.rule = CountingRule::IncludeFirstDay;
    assert_eq!(
        inclusive.period_end(d("2026-08-17"), 30),
        Some(d("2026-09-15"))
    );
}

#[test]
fn working_days_skip_tet() {
    let law = Law::embedded().unwrap();
    // Decision on Friday 13/2/2026; Tết is 16–20/2: the fifth working
    // day after it is Friday 27/2.
    let decided = d("2026-02-13");
    assert_eq!(law.add_working_days(decided, 5), Some(d("2026-02-27")));
    assert_eq!(law.working_days_between(decided, d("2026-02-27")), 5);
    assert_eq!(decided.working_days_until(d("2026-02-27")), 10);
    // A Saturday worked in exchange counts.
    assert!(law.is_working_day(d("2025-04-26")));
    assert!(!law.is_working_day(d("2025-05-02")));
}

#[test]
fn working_days_by_weeks_agree_with_counting_day_by_day() {
    let law = Law::embedded().unwrap();
    let start = d("2022-12-20");
    for span in 0..1900 {
        let from = start.add_days(span % 37).unwrap();
        let to = from.add_days(span).unwrap();
        let mut slow = 0;
        let mut day = from;
        while day < to {
            day = day.add_days(1).unwrap();
            slow += i64::from(law.is_working_day(day));
        }
        assert_eq!(law.working_days_between(from, to), slow, "{from} → {to}");
    }
}

#[test]
fn a_calendar_deadline_on_a_day_off_moves_to_the_next_working_day() {
    let law = Law::embedded().unwrap();
    let limit = TimeLimit {
        days: Some(15),
        working_days: None,
        basis: String::new(),
    };
    // 15 days after 31/3/2026 is Wednesday 15/4/2026: a working day.
    assert_eq!(law.deadline(d("2026-03-31"), &limit), Some(d("2026-04-15")));
    // 15 days after 30/6/2026 is Wednesday 15/7; after 15/8 it is
    // Sunday 30/8, which moves to Monday 31/8.
    assert_eq!(law.deadline(d("2026-08-15"), &limit), Some(d("2026-08-31")));
}

#[test]
fn thresholds_of_article_21() {
    let law = Law::embedded().unwrap();
    let t = &law.thresholds;
    assert!(t.contribution_group.passes(20, 30));
    assert!(!t.contribution_group.passes(19, 30));
    assert_eq!(t.contribution_group.needed(30), 20);
    assert_eq!(t.contribution_group.needed(31), 21);
    assert!(!t.self_management.passes(15, 30));
    assert!(t.self_management.passes(16, 30));
    assert_eq!(t.self_management.needed(30), 16);
    assert_eq!(t.self_management.needed(31), 16);
    assert_eq!(t.contribution_ward.needed(9), 6);
    assert_eq!(t.contribution_group.needed(u32::MAX), 2_863_311_530);
    for total in 0..200 {
        for t in [&t.contribution_group, &t.self_management] {
            let n = t.needed(total);
            assert!(n > total || t.passes(n, total), "{total}");
            assert!(n == 0 || !t.passes(n - 1, total), "{total}");
        }
    }
}

#[test]
fn a_repository_changes_single_values() {
    let law =
        Law::from_text("[posting.office]\ndays = 45\n[items.7]\nloudspeaker = false\n").unwrap();
    assert_eq!(law.posting.office.days, 45);
    assert!(law.posting.office.basis.contains("Điều 13"));
    assert!(!law.item(7).unwrap().loudspeaker);
    assert!(law.item(8).unwrap().loudspeaker);
    let law = Law::from_text("[holidays.2028]\ndays_off = [2028-01-03]\nbasis = \"x\"\n").unwrap();
    assert!(!law.is_working_day(d("2028-01-03")));
    assert!(!law.is_working_day(d("2026-02-17")));
}

#[test]
fn mistakes_in_a_law_file_point_at_their_line() {
    let e = Law::from_text("# x\n[posting]\nofice = 3\n").unwrap_err();
    assert_eq!((e.code, e.line), ("E0002", 3));
    let e = Law::from_text(
        "[items.15]\nkinds = []\nposting = \"none\"\nloudspeaker = false\nbasis = \"\"\n",
    )
    .unwrap_err();
    assert_eq!(e.line, 1);
    let e = Law::from_text("[items.2]\nkinds = [\"budgte\"]\n").unwrap_err();
    assert_eq!(e.line, 2);
    let e = Law::from_text("[holidays.2026]\nworking_saturdays = [\"2026-03-02\"]\n").unwrap_err();
    assert_eq!(e.line, 2);
    let e = Law::from_text("[posting\n").unwrap_err();
    assert_eq!(e.line, 1);
}

#[test]
fn privacy_declares_the_lists_the_law_requires_posted_and_nothing_unknown() {
    let law = Law::embedded().unwrap();
    let support: Vec<&str> = law.privacy.columns("support").map(|(c, _)| c).collect();
    assert_eq!(support, ["beneficiaries.head"]);
    let rule = |key: &str| law.privacy.fields[key].publish_basis.clone();
    assert!(rule("callup.called.name").is_some_and(|b| b.contains("Khoản 9 Điều 11")));
    assert!(rule("support.beneficiaries.head").is_some_and(|b| b.contains("Khoản 7 Điều 11")));
    assert!(
        rule("dialogue.items.asked_by").is_none(),
        "askers are always masked"
    );
    assert!(rule("asset.actions.counterparty").is_none());
    // `land` does not take the columns of `landx`.
    assert_eq!(law.privacy.columns("lan").count(), 0);
    for (text, key) in [
        ("[privacy.fields.\"callup.called\"]\n", "callup.called"),
        ("[privacy.fields.\"ho-tro.beneficiaries.head\"]\n", "ho-tro"),
        (
            "[privacy.fields.\"support.beneficiaries.group\"]\n",
            "group",
        ),
    ] {
        let e = Law::from_text(text).unwrap_err();
        assert_eq!(e.code, "E0002", "{text}");
        assert!(
            e.message_in(crate::diagnostics::Lang::Vi).contains(key),
            "{text}"
        );
        assert_eq!(e.line, 1, "{text}");
    }
    let more = Law::from_text(
        "[privacy.fields.\"asset.actions.counterparty\"]\npublish_basis = \"Điều X\"\n",
    )
    .unwrap();
    assert_eq!(
        more.privacy.fields["asset.actions.counterparty"]
            .publish_basis
            .as_deref(),
        Some("Điều X")
    );
    assert_eq!((law.callup.min_age, law.callup.max_age), (18, 27));
}

#[test]
fn the_names_a_law_file_may_use_are_the_models() {
    use crate::model::budget::BudgetStage;
    use crate::model::dialogue::DialogueType;
    use crate::model::serde_names::enum_variants;
    let law = Law::embedded().unwrap();
    let types: Vec<&str> = law.dialogue_types.keys().map(String::as_str).collect();
    let mut model = enum_variants::<DialogueType>().unwrap().to_vec();
    model.sort_unstable();
    assert_eq!(types, model);
    let stages: Vec<&str> = law.budget_forms.keys().map(String::as_str).collect();
    let mut model = enum_variants::<BudgetStage>().unwrap().to_vec();
    model.sort_unstable();
    assert_eq!(stages, model);
    for stage in [
        BudgetStage::EstimateSubmitted,
        BudgetStage::EstimateApproved,
        BudgetStage::Execution,
        BudgetStage::FinalAccounts,
    ] {
        assert!(model.contains(&stage.slug()), "{}", stage.slug());
    }
    for text in [
        "[budget_forms.estimate]\nbasis = \"x\"\n",
        "[dialogue_types.town_hall]\nitems = [1]\nbasis = \"x\"\n",
    ] {
        let e = Law::from_text(text).unwrap_err();
        assert_eq!((e.code, e.line), ("E0002", 1), "{text}");
    }
}
