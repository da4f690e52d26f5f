//! congkhai: a static site generator for the public-disclosure (công khai)
//! pages of Vietnamese wards and communes.
//!
//! The pipeline, one folder per stage: [`load`] → [`validate`] → `link` →
//! [`render`] → [`write`](mod@write), driven by [`build`] in two phases (per record,
//! then across records). The model they share is in [`model`]; small value
//! types live in [`money`], [`date`], `text` and `identifier`. See
//! `docs/architecture.md`.

pub mod build;
pub mod comply;
pub mod config;
pub mod date;
pub mod diagnostics;
pub mod export;
pub mod history;
pub(crate) mod identifier;
pub mod law;
pub(crate) mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod money;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub(crate) mod text;
pub(crate) mod units;
pub mod validate;
pub mod write;

/// Asks glibc's allocator to grow a heap by 32 MiB at a time instead of a
/// few pages: a build allocates steadily from several threads, and growing
/// a thread's heap page by page costs thousands of `mprotect` calls (about a
/// tenth of the load stage). Only address space is reserved; memory is used
/// as it is touched. Call it first thing in `main`, before other threads.
///
/// It also keeps every thread in one heap (arena): a build frees each
/// group of wards before reading the next, and with a heap per thread the
/// memory freed in one heap is not reused by the others, so the peak grew
/// with the number of wards (40 wards of 1,000 records: 252 MiB against
/// 113 MiB for 4; with one heap, 160 MiB against 108 MiB, at the same CPU
/// time on two cores; `bench/scale.sh`).
pub fn grow_heap_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets tuning parameters of the allocator; the
    // caller calls it before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

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

    /// `count` texts, each of up to `max - 1` of `pieces` drawn at random
    /// (from generator `next`) and joined.
    pub fn random_texts<S: AsRef<str>>(
        next: &mut impl FnMut() -> u64,
        pieces: &[S],
        count: usize,
        max: u64,
    ) -> Vec<String> {
        (0..count)
            .map(|_| {
                let len = next() % max;
                (0..len)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize].as_ref())
                    .collect()
            })
            .collect()
    }
}
