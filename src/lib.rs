//! congkhai: a static site generator for the public-disclosure (công khai)
//! pages of Vietnamese wards and communes.
//!
//! The pipeline, one module per stage: [`load`] → [`validate`] → [`link`] →
//! [`render`] → [`write`], driven by [`build`]. The model they share is in
//! [`model`]; small value types live in [`money`], [`date`], [`text`] and
//! [`identifier`].

pub mod build;
pub mod config;
pub mod date;
pub mod diagnostics;
pub mod identifier;
pub mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod money;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod text;
pub mod units;
pub mod validate;
pub mod write;
pub mod yaml_subset;

/// Helpers shared by the unit tests.
#[cfg(test)]
pub(crate) mod testing {
    /// A deterministic xorshift generator: the same `seed` gives the same
    /// sequence, so randomised tests fail the same way every time.
    pub fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }
}
