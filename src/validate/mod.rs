//! Validate stage: the checks of each record on its own (the rules common
//! to all records in `common`, each kind's own in its file, the Markdown
//! body in `body`), and the checks across records and wards (`across`).
//! Every finding names its file and line.

mod across;
mod asset;
mod body;
mod budget;
mod callup;
mod common;
mod consultation;
mod context;
mod dialogue;
mod document;
mod fee;
mod fund;
mod inspection;
mod kinds;
mod land;
mod plan;
mod privacy;
mod procedure;
mod support;

pub(crate) use across::{validate_across, validate_ward_codes, validate_wards, MissingTally};
pub(crate) use context::CheckContext;

use crate::config::Config;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::model::{Record, RecordData};

/// Fills in the computed fields of a record (totals, overdue flags) by the
/// kind's own rules alone, without the common and body checks: for old
/// versions of a record, whose findings nobody reads (`history`).
pub(crate) fn compute_fields(r: &mut Record, config: &Config, today: Date) {
    let mut cx = CheckContext {
        source: &r.source,
        config,
        common: &r.common,
        today,
        diags: Vec::new(),
    };
    check_kind(&mut r.data, &mut cx);
}

/// The checks of one record on its own: common rules, its kind's rules,
/// timeliness and its body. Fills in computed fields.
pub fn check_record(r: &mut Record, config: &Config, today: Date) -> Vec<Diagnostic> {
    let mut cx = CheckContext {
        source: &r.source,
        config,
        common: &r.common,
        today,
        diags: Vec::new(),
    };
    common::check_common(&mut cx);
    check_kind(&mut r.data, &mut cx);
    let mut diags = cx.diags;
    diags.extend(common::check_timeliness(r, config));
    diags.extend(common::check_item_kind(r, config));
    diags.extend(privacy::check_publish_names(r, config));
    diags.extend(body::check_body(
        &r.body,
        &r.source,
        config.markdown.raw_html,
    ));
    diags
}

/// The rules of a record's own kind (filling in its computed fields).
fn check_kind(data: &mut RecordData, cx: &mut CheckContext) {
    match data {
        RecordData::Plan(x) => plan::check(x, cx),
        RecordData::Land(x) => land::check(x, cx),
        RecordData::Fund(x) => fund::check(x, cx),
        RecordData::Dialogue(x) => dialogue::check(x, cx),
        RecordData::Document(x) => document::check(x, cx),
        RecordData::Procedure(x) => procedure::check(x, cx),
        RecordData::Budget(x) => budget::check(x, cx),
        RecordData::Asset(x) => asset::check(x, cx),
        RecordData::Support(x) => support::check(x, cx),
        RecordData::Callup(x) => callup::check(x, cx),
        RecordData::Inspection(x) => inspection::check(x, cx),
        RecordData::Consultation(x) => consultation::check(x, cx),
        RecordData::Fee(x) => fee::check(x, cx),
    }
}
