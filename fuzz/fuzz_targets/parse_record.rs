//! Fuzz target: one record file's bytes through the loader, the record's
//! own checks and the Markdown renderer, for every kind, as `.md` and as
//! `.yaml`. Any panic, hang or runaway allocation is a bug.

#![no_main]

use congkhai::config::{Config, RawHtml};
use congkhai::date::Date;
use congkhai::model::Kind;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the kind and the file type; the rest is the file.
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let kind = Kind::ALL[usize::from(pick) % Kind::ALL.len()];
    let rel = if pick & 0x80 == 0 {
        "content/ban-co/plan/x.md"
    } else {
        "content/ban-co/plan/x.yaml"
    };
    let config = Config::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/check/base");
    let today = Date::new(2026, 11, 22).expect("a real day");
    let (record, _) = congkhai::load::parse_record(&config, &root, kind, Path::new(rel), bytes);
    if let Some(mut r) = record {
        let _ = congkhai::validate::check_record(&mut r, &config, today);
        let _ = congkhai::markdown::render_with(&r.body, "", RawHtml::Escape);
        let _ = congkhai::markdown::render_with(&r.body, "", RawHtml::Sanitize);
    }
});
