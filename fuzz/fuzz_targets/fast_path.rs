//! Fuzz target: the YAML fast path against the full parser. The first byte
//! picks the kind of record, the rest is its front matter; wherever the fast
//! path reads a record, serde-saphyr must read the same one (see
//! `load::fast_path_agrees`). A disagreement is a panic.

#![no_main]

use congkhai::model::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    // Front matter reaches the parsers as text: the loader refuses bytes
    // that are not UTF-8 before.
    let Ok(yaml) = std::str::from_utf8(bytes) else {
        return;
    };
    let kind = Kind::ALL[usize::from(pick) % Kind::ALL.len()];
    if let Err(disagreement) = congkhai::load::fast_path_agrees(kind, yaml) {
        panic!("{kind} front matter {yaml:?}:\n{disagreement}");
    }
});
