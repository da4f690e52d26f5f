//! The native record page must be byte for byte what the templates give:
//! every record page of the sample repository, the test fixture and
//! generated repositories is written both ways, in Vietnamese and English.

use super::*;
use crate::build::check;
use crate::model::{Attachment, Links, Site};
use crate::render::{record_path, ward_info, Renderer, Theme};
use std::path::{Path, PathBuf};

fn today() -> Date {
    Date::parse("2026-11-22").expect("date")
}

/// Loads and checks the repository at `root` for the build date.
fn load(root: &Path) -> (Site, Links) {
    match check(root, today(), &[]) {
        Ok(c) => (c.site, c.links),
        Err(d) => panic!("{}: {d:?}", root.display()),
    }
}

/// The theme of the repository at `root`, as `build` loads it.
fn theme_of(root: &Path) -> Theme {
    let theme = Theme::load(Some(&root.join("themes").join("default"))).expect("theme");
    assert!(
        theme.is_default(TEMPLATES),
        "{}: the theme's record templates should be the default ones",
        root.display()
    );
    theme
}

/// Renders every record page of the repository at `root` through the
/// templates and natively, in `language`, and fails on the first page that
/// differs. Returns the pages compared.
fn compare_repository(root: &Path, language: &str) -> usize {
    let (mut site, links) = load(root);
    site.config.language = language.to_string();
    compare_site(&site, &links, &theme_of(root), &root.display().to_string())
}

/// Renders every record page of `site` both ways and fails on the first
/// page that differs, showing the first differing line.
fn compare_site(site: &Site, links: &Links, theme: &Theme, label: &str) -> usize {
    let language = &site.config.language;
    let strings = theme.strings(language).expect("strings");
    let native = Strings::new(&strings);
    let env = theme.environment(strings).expect("environment");
    let renderer = Renderer {
        site,
        links,
        env: &env,
        theme,
        native: None,
        sink: None,
    };
    let mut pages = 0;
    for w in &site.wards {
        let info = ward_info(w);
        let by_id: HashMap<&str, &Record> =
            w.records.iter().map(|r| (r.id.as_str(), &**r)).collect();
        for r in &w.records {
            let body = crate::markdown::render_with(&r.body, "", site.config.markdown.raw_html);
            let page = || renderer.page(1, true, "record", record_path(r));
            let links = renderer.record_links(w, &by_id, r);
            let written = record_page(&native, &page(), &info, r, &body.html, &links);
            let Some(written) = written else {
                panic!(
                    "{label} ({language}) {}/{}: the native writer gave up",
                    w.slug, r.id
                );
            };
            let expected = renderer
                .record_template(page(), &info, r, body.html.clone(), links)
                .expect("template");
            let expected = String::from_utf8(expected).expect("utf-8");
            if written != expected {
                let line = written
                    .lines()
                    .zip(expected.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or_else(|| written.lines().count().min(expected.lines().count()));
                panic!(
                    "{label} ({language}) {}/{}: first difference on line {}\n  native:   {:?}\n  template: {:?}",
                    w.slug,
                    record_path(r),
                    line + 1,
                    written.lines().nth(line),
                    expected.lines().nth(line),
                );
            }
            pages += 1;
        }
    }
    pages
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sample_repository_pages_match_the_templates() {
    for language in ["vi", "en"] {
        assert!(compare_repository(&repo_root(), language) > 10);
    }
}

#[test]
fn fixture_pages_match_the_templates() {
    let fixture = repo_root().join("tests/fixtures/mini");
    for language in ["vi", "en"] {
        assert!(compare_repository(&fixture, language) >= 6);
    }
}

#[test]
fn generated_repository_pages_match_the_templates() {
    for seed in [1, 2, 3] {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("repo");
        let status = std::process::Command::new("python3")
            .arg(repo_root().join("bench/gen.py"))
            .args([
                "--seed",
                &seed.to_string(),
                "--wards",
                "1",
                "--records",
                "300",
            ])
            .arg("--out")
            .arg(&out)
            .status()
            .expect("python3 runs bench/gen.py");
        assert!(status.success(), "bench/gen.py --seed {seed}");
        let language = if seed == 3 { "en" } else { "vi" };
        assert_eq!(compare_repository(&out, language), 300, "seed {seed}");
    }
}

#[test]
fn a_changed_template_leaves_the_native_page_out() {
    assert!(Theme::load(None).expect("theme").is_default(TEMPLATES));
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in crate::render::theme::DEFAULT_FILES {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    // Identical copies, as the sample repository has, keep it.
    assert!(Theme::load(Some(dir.path()))
        .expect("theme")
        .is_default(TEMPLATES));
    // Any change to a template a record page uses turns it off.
    for name in TEMPLATES {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("{text}{{# changed #}}")).expect("write");
        let theme = Theme::load(Some(dir.path())).expect("theme");
        assert!(!theme.is_default(TEMPLATES), "{name}");
        std::fs::write(&path, text).expect("write");
    }
    // Other files do not matter to record pages.
    std::fs::write(dir.path().join("templates/portal.html"), "portal").expect("write");
    std::fs::write(dir.path().join("i18n/vi.toml"), "").expect("write");
    assert!(Theme::load(Some(dir.path()))
        .expect("theme")
        .is_default(TEMPLATES));
}

#[test]
fn a_changed_record_template_is_used() {
    let fixture = repo_root().join("tests/fixtures/mini");
    let checked = check(&fixture, today(), &[]).expect("fixture checks");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
    let record = crate::render::theme::DEFAULT_FILES
        .iter()
        .find(|(n, _)| *n == "templates/record.html")
        .map(|(_, t)| t.replace("<article", "<!-- own --><article"))
        .expect("record.html");
    std::fs::write(dir.path().join("templates/record.html"), record).expect("write");
    let theme = Theme::load(Some(dir.path())).expect("theme");
    let outputs = crate::render::render(&checked.site, &checked.links, &theme).expect("render");
    let mut record_pages = 0;
    for o in &outputs {
        let crate::render::Output::Bytes(path, bytes) = o else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        if text.contains("<article") {
            assert!(text.contains("<!-- own --><article"), "{}", path.display());
            record_pages += 1;
        }
    }
    assert!(record_pages >= 6);
}

#[test]
fn a_missing_interface_string_gives_the_page_back_to_the_templates() {
    let fixture = repo_root().join("tests/fixtures/mini");
    let checked = check(&fixture, today(), &[]).expect("fixture checks");
    let theme = Theme::load(None).expect("theme");
    let mut strings = theme.strings("vi").expect("strings");
    let full = Strings::new(&strings);
    strings.remove("ui.record_id");
    let partial = Strings::new(&strings);
    let env = theme.environment(strings).expect("environment");
    let site = &checked.site;
    let renderer = Renderer {
        site,
        links: &checked.links,
        env: &env,
        theme: &theme,
        native: Some(&partial),
        sink: None,
    };
    let w = &site.wards[0];
    let info = ward_info(w);
    let by_id: HashMap<&str, &Record> = w.records.iter().map(|r| (r.id.as_str(), &**r)).collect();
    let r = &w.records[0];
    let page = || renderer.page(1, true, "record", record_path(r));
    let links = || renderer.record_links(w, &by_id, r);
    assert!(record_page(&full, &page(), &info, r, "", &links()).is_some());
    assert!(record_page(&partial, &page(), &info, r, "", &links()).is_none());
    // The templates then report the missing string, as without the writer.
    let err = renderer
        .record(w, &info, &by_id, r)
        .expect_err("a missing string is an error");
    assert_eq!(err.code, "E0404");
}

#[test]
fn escaping_matches_the_template_formatter() {
    let theme = Theme::load(None).expect("theme");
    let mut env = theme
        .environment(theme.strings("vi").expect("strings"))
        .expect("environment");
    env.add_template("x.html", "{{ s }}").expect("template");
    let tpl = env.get_template("x.html").expect("template");
    for s in [
        "",
        "plain",
        "a & b < c > d \"e\" 'f' /g/",
        "&&<<>>''\"\"",
        "Nguyễn Văn An – 11/3/2024 ·",
        "Nguye\u{302}\u{303}n <b>",
        "&amp; already",
        "\u{0} \u{7f} \u{feff}",
        "ends with &",
        "'",
    ] {
        let mut ours = String::new();
        escape_into(&mut ours, s);
        let theirs = tpl.render(minijinja::context! { s => s }).expect("render");
        assert_eq!(ours, theirs, "{s:?}");
    }
}

#[test]
fn enum_names_are_their_serde_names() {
    fn check<T: serde::Serialize>(value: T, name: &str) {
        assert_eq!(
            serde_json::to_string(&value).expect("json"),
            format!("\"{name}\"")
        );
    }
    for s in [
        Status::Posted,
        Status::Published,
        Status::Expired,
        Status::Superseded,
    ] {
        check(s, status_name(s));
    }
    for f in [
        Form::OfficePosting,
        Form::Portal,
        Form::Loudspeaker,
        Form::GroupHead,
        Form::Letter,
        Form::Conference,
        Form::Press,
        Form::MassOrganisation,
        Form::SocialNetwork,
    ] {
        check(f, form_name(f));
    }
    for s in [
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::Done,
        TaskStatus::Cancelled,
    ] {
        check(s, task_status_name(s));
    }
    for s in [
        LandStage::LandUsePlan,
        LandStage::AnnualLandUsePlan,
        LandStage::RecoveryNotice,
        LandStage::CompensationPlan,
        LandStage::ApprovalDecision,
        LandStage::Resettlement,
        LandStage::RecoveryDecision,
    ] {
        check(s, land_stage_name(s));
    }
    for s in [
        FundSource::Contribution,
        FundSource::Donation,
        FundSource::Sponsorship,
    ] {
        check(s, fund_source_name(s));
    }
    for t in [
        DialogueType::AnnualConference,
        DialogueType::PreDecisionHearing,
        DialogueType::AffectedCitizensDialogue,
        DialogueType::CommunityConference,
        DialogueType::CitizenReception,
        DialogueType::LandDialogue,
        DialogueType::VoterMeeting,
    ] {
        check(t, dialogue_type_name(t));
    }
    for s in [
        CommitmentStatus::Open,
        CommitmentStatus::InProgress,
        CommitmentStatus::Done,
        CommitmentStatus::Answered,
    ] {
        check(s, commitment_status_name(s));
    }
    for e in [
        Effect::InForce,
        Effect::NotYet,
        Effect::PartlyExpired,
        Effect::Expired,
    ] {
        check(e, effect_name(e));
    }
}

/// Text with every character the escaping touches, and a `/` it leaves.
const MARK: &str = " <b class='x'>&amp; \"q\"</b> /";

/// How the edge-case test changes every text field of a record.
struct TextEdit<'a> {
    text: &'a dyn Fn(&mut String),
    optional: &'a dyn Fn(&mut Option<String>),
    list: &'a dyn Fn(&mut Vec<String>),
}

/// Applies `e` to every text field a record page shows.
fn edit_texts(r: &mut Record, e: &TextEdit) {
    let c = &mut r.common;
    (e.text)(&mut c.title);
    (e.optional)(&mut c.summary);
    (e.list)(&mut c.legal_basis);
    for f in &mut r.files {
        (e.text)(&mut f.title);
        (e.text)(&mut f.file_name);
    }
    match &mut r.data {
        RecordData::Plan(p) => {
            for o in [
                &mut p.number,
                &mut p.issuer,
                &mut p.signer,
                &mut p.signer_title,
                &mut p.period,
                &mut p.purpose,
            ] {
                (e.optional)(o);
            }
            for t in &mut p.tasks {
                (e.text)(&mut t.content);
                (e.optional)(&mut t.lead);
                (e.optional)(&mut t.deliverable);
                (e.list)(&mut t.support);
                for m in &mut t.milestones {
                    (e.text)(&mut m.note);
                }
            }
        }
        RecordData::Land(l) => {
            (e.text)(&mut l.project.name);
            for o in [
                &mut l.project.investor,
                &mut l.project.location,
                &mut l.project.purpose,
            ] {
                (e.optional)(o);
            }
            (e.list)(&mut l.posting_places);
            (e.list)(&mut l.dialogues);
            for p in &mut l.parcels {
                (e.text)(&mut p.map_sheet);
                (e.text)(&mut p.parcel_no);
                (e.optional)(&mut p.land_type);
                (e.optional)(&mut p.holder);
                (e.optional)(&mut p.resettlement);
            }
        }
        RecordData::Fund(f) => {
            (e.text)(&mut f.purpose);
            if let Some(d) = &mut f.decision {
                (e.optional)(&mut d.document);
            }
            for r in &mut f.receipts {
                (e.text)(&mut r.from);
                (e.optional)(&mut r.voucher);
            }
            for x in &mut f.expenses {
                (e.text)(&mut x.item);
                (e.optional)(&mut x.payee);
                (e.optional)(&mut x.voucher);
            }
        }
        RecordData::Dialogue(d) => {
            (e.text)(&mut d.place);
            for o in [&mut d.time, &mut d.chair, &mut d.convened_by] {
                (e.optional)(o);
            }
            for it in &mut d.items {
                (e.text)(&mut it.question);
                for o in [
                    &mut it.asked_by,
                    &mut it.area,
                    &mut it.topic,
                    &mut it.answer,
                    &mut it.answered_by,
                    &mut it.commitment,
                    &mut it.responsible,
                    &mut it.closed_by,
                ] {
                    (e.optional)(o);
                }
            }
        }
        RecordData::Document(d) => {
            for t in [&mut d.number, &mut d.doc_type, &mut d.issuer] {
                (e.text)(t);
            }
            for o in [&mut d.signer, &mut d.signer_title, &mut d.source_url] {
                (e.optional)(o);
            }
            (e.list)(&mut d.replaces);
            (e.list)(&mut d.amends);
        }
        RecordData::Procedure(p) => {
            (e.text)(&mut p.time_limit);
            for o in [
                &mut p.code,
                &mut p.field,
                &mut p.applicants,
                &mut p.authority,
                &mut p.result,
                &mut p.online_url,
            ] {
                (e.optional)(o);
            }
            for l in [&mut p.steps, &mut p.submission, &mut p.dossier] {
                (e.list)(l);
            }
            for f in &mut p.fees {
                (e.text)(&mut f.item);
            }
        }
    }
}

/// Every optional field set, to empty text where it is text, and the other
/// branches of the templates' tests taken (zeros, permanent posting,
/// overdue rows, a shared superseded record with an attachment).
fn fill(r: &mut Record, other_id: &str) {
    edit_texts(
        r,
        &TextEdit {
            text: &|_| {},
            optional: &|o| *o = Some(String::new()),
            list: &|l| l.push(String::new()),
        },
    );
    let day = r.common.published;
    r.common.posted_until = Some(PostedUntil::Permanent);
    r.common.consultation_until = Some(day);
    r.common.forms = vec![Form::Portal, Form::Press, Form::SocialNetwork];
    r.common.supersedes = Some(other_id.to_string());
    r.common.legal_basis.push("59/2023/NĐ-CP".into());
    r.shared = true;
    r.status = Status::Superseded;
    r.files.push(Attachment {
        title: "Bảng kê".into(),
        file_name: "bang ke.pdf".into(),
        source: PathBuf::new(),
        size: 1536,
        sha256: "ab".repeat(32),
    });
    match &mut r.data {
        RecordData::Plan(p) => {
            p.issued = Some(day);
            for t in &mut p.tasks {
                t.progress = Some(0);
                t.overdue = true;
                t.deadline = Some(crate::date::Deadline::Quarter {
                    year: 2026,
                    quarter: 3,
                });
                t.milestones.push(crate::model::plan::Milestone {
                    date: day,
                    note: String::new(),
                });
            }
        }
        RecordData::Land(l) => {
            l.project.area_m2 = Some(crate::model::land::Area(0.005));
            l.consultation = Some(crate::model::land::Consultation {
                agree: 0,
                disagree: 0,
                other: 0,
            });
            l.publish_holders = true;
            l.dialogues.push(other_id.to_string());
        }
        RecordData::Fund(f) => {
            f.contribution_per_household = Some(Money(0));
            f.publish_donors = true;
            f.decision = Some(crate::model::fund::CommunityDecision {
                date: day,
                households_total: 0,
                households_agree: 0,
                document: Some(String::new()),
                scope: Default::default(),
                groups_total: None,
                groups_agree: None,
            });
        }
        RecordData::Dialogue(d) => {
            d.attendance = Some(0);
            for it in &mut d.items {
                it.overdue = true;
                it.deadline = Some(day);
                it.status = CommitmentStatus::Done;
            }
        }
        RecordData::Document(d) => d.effective = Some(day),
        RecordData::Procedure(_) => {}
    }
}

/// Every optional field and list left out.
fn empty(r: &mut Record) {
    edit_texts(
        r,
        &TextEdit {
            text: &|_| {},
            optional: &|o| *o = None,
            list: &|l| l.clear(),
        },
    );
    r.common.summary = None;
    r.common.posted_until = None;
    r.common.consultation_until = None;
    r.common.forms.clear();
    r.common.supersedes = None;
    r.files.clear();
    r.shared = false;
    match &mut r.data {
        RecordData::Plan(p) => {
            p.issued = None;
            p.tasks.clear();
        }
        RecordData::Land(l) => {
            l.project.area_m2 = None;
            l.consultation = None;
            l.parcels.clear();
            l.publish_holders = false;
        }
        RecordData::Fund(f) => {
            f.decision = None;
            f.contribution_per_household = None;
            f.receipts.clear();
            f.expenses.clear();
        }
        RecordData::Dialogue(d) => {
            d.attendance = None;
            d.items.clear();
        }
        RecordData::Document(d) => d.effective = None,
        RecordData::Procedure(p) => p.fees.clear(),
    }
}

/// Every text marked with the characters the escaping touches, and a
/// record whose tasks, items and decision have other values.
fn mark(r: &mut Record, other_id: &str) {
    edit_texts(
        r,
        &TextEdit {
            text: &|t| t.push_str(MARK),
            optional: &|o| o.get_or_insert_with(String::new).push_str(MARK),
            list: &|l| {
                l.iter_mut().for_each(|s| s.push_str(MARK));
                l.push(MARK.to_string());
            },
        },
    );
    r.common.supersedes = Some(format!("{other_id}{MARK}"));
    r.common.posted_until = Some(PostedUntil::Date(r.common.published));
    match &mut r.data {
        RecordData::Plan(p) => {
            for (i, t) in p.tasks.iter_mut().enumerate() {
                t.progress = (i % 2 == 0).then_some(100);
                t.status = TaskStatus::Done;
                t.deadline = Some(crate::date::Deadline::Year(2025));
            }
        }
        RecordData::Fund(f) => {
            f.decision = Some(crate::model::fund::CommunityDecision {
                date: f.period_start,
                households_total: 3_000,
                households_agree: 2_001,
                document: None,
                scope: Default::default(),
                groups_total: None,
                groups_agree: None,
            });
        }
        RecordData::Dialogue(d) => {
            d.attendance = Some(12_345);
            for (i, it) in d.items.iter_mut().enumerate() {
                if i % 2 == 1 {
                    it.commitment = None;
                }
                it.asked_by = None;
            }
        }
        _ => {}
    }
}

#[test]
fn edge_cases_match_the_templates() {
    for root in [repo_root().join("tests/fixtures/mini"), repo_root()] {
        let theme = theme_of(&root);
        for (variant, language) in [("fill", "vi"), ("empty", "en"), ("mark", "vi")] {
            let (mut site, links) = load(&root);
            site.config.language = language.to_string();
            if variant == "mark" {
                site.config.title.push_str(MARK);
                site.config.description.push_str(MARK);
            }
            for w in &mut site.wards {
                match variant {
                    "fill" => {
                        w.profile.address = Some(String::new());
                        w.profile.phone = Some(MARK.into());
                    }
                    "empty" => {
                        w.profile.address = None;
                        w.profile.phone = None;
                    }
                    _ => {
                        w.profile.name.push_str(MARK);
                        w.profile.address = Some(MARK.into());
                    }
                }
                let first = w.records[0].id.clone();
                for r in &mut w.records {
                    let r = std::sync::Arc::make_mut(r);
                    match variant {
                        "fill" => fill(r, &first),
                        "empty" => empty(r),
                        _ => mark(r, &first),
                    }
                }
            }
            let label = format!("{} ({variant})", root.display());
            assert!(compare_site(&site, &links, &theme, &label) >= 6);
        }
    }
}
