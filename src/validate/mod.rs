//! Validate stage: the checks of each record on its own (the rules common
//! to all records in [`common`], each kind's own in its file, the Markdown
//! body in [`body`]), and the checks across records and wards ([`across`]).
//! Every finding names its file and line.

mod across;
mod body;
mod common;
mod context;
mod dialogue;
mod document;
mod fund;
mod land;
mod plan;
mod procedure;

pub use across::validate_across;
pub use context::CheckContext;

use crate::config::Config;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::model::{Record, RecordData};
use rayon::prelude::*;
use std::sync::Arc;

/// Runs every check; fills in computed fields (totals, overdue flags).
pub fn validate(loaded: &mut Loaded, today: Date) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let config = loaded.config.clone();
    // Records are checked on their own in parallel; the order of the
    // findings stays the order of the records.
    let check = |r: &mut Arc<Record>| check_record(Arc::make_mut(r), &config, today);
    diags.extend(
        loaded
            .shared
            .par_iter_mut()
            .flat_map_iter(check)
            .collect::<Vec<_>>(),
    );
    for w in &mut loaded.wards {
        diags.extend(
            w.records
                .par_iter_mut()
                .flat_map_iter(check)
                .collect::<Vec<_>>(),
        );
    }
    diags.extend(validate_across(loaded, today));
    diags
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
    match &mut r.data {
        RecordData::Plan(x) => plan::check(x, &mut cx),
        RecordData::Land(x) => land::check(x, &mut cx),
        RecordData::Fund(x) => fund::check(x, &mut cx),
        RecordData::Dialogue(x) => dialogue::check(x, &mut cx),
        RecordData::Document(x) => document::check(x, &mut cx),
        RecordData::Procedure(x) => procedure::check(x, &mut cx),
    }
    let mut diags = cx.diags;
    diags.extend(common::check_timeliness(r, config));
    diags.extend(common::check_item_kind(r, config));
    diags.extend(body::check_body(
        &r.body,
        &r.source,
        config.markdown.raw_html,
    ));
    diags
}
