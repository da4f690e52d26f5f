//! Times the search index of each ward of a repository, apart from the rest
//! of the build (bench/search.sh compares it with a whole build):
//! `cargo run --release --example search_index -- ROOT [TODAY]`.
//! Prints one line per ward: `slug records wall_ms cpu_ms` (best of three;
//! CPU time of all threads, steadier than wall time on a busy machine).

use congkhai::date::Date;
use std::path::Path;
use std::time::Instant;

fn main() {
    // As `congkhai build` does, so the index is timed with the allocator
    // the build runs it with.
    congkhai::grow_heap_in_large_steps();
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: search_index ROOT [TODAY]");
        std::process::exit(2);
    };
    let today = args.next().unwrap_or_else(|| "2026-11-22".into());
    let Ok(today) = Date::parse(&today) else {
        eprintln!("bad date {today}");
        std::process::exit(2);
    };
    let checked = match congkhai::build::check(Path::new(&root), today, &[]) {
        Ok(c) => c,
        Err(d) => {
            eprintln!("{} findings, the repository does not load", d.len());
            std::process::exit(1);
        }
    };
    for w in &checked.site.wards {
        // The body text comes with each record page in a real build: not timed.
        let bodies: Vec<String> = w
            .records
            .iter()
            .map(|r| congkhai::markdown::render(&r.body, "").text)
            .collect();
        let (mut wall, mut cpu) = (f64::INFINITY, f64::INFINITY);
        for _ in 0..3 {
            let (t, c) = (Instant::now(), cpu_ms());
            std::hint::black_box(congkhai::search::ward_index(w, &bodies));
            wall = wall.min(t.elapsed().as_secs_f64() * 1000.0);
            cpu = cpu.min(cpu_ms() - c);
        }
        println!("{} {} {wall:.1} {cpu:.1}", w.slug, w.records.len());
    }
}

/// User and system CPU time of the process so far, in milliseconds.
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(u.ru_utime) + ms(u.ru_stime)
}
