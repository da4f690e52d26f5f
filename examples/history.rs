//! What reading the history from git costs, apart from the rest of a build:
//! loads a repository, then times `history::Log::read` (the `git log`) and
//! `Log::history_of` (the older versions through `git cat-file` and their
//! facts), in CPU time of this process and of the `git` processes, and in
//! wall time; then the log again through the build cache's kept log (read
//! whole and kept, then taken from what was kept).
//! `cargo run --profile fast --example history -- ROOT [TODAY]`.

use congkhai::date::Date;
use std::path::PathBuf;
use std::time::Instant;

/// CPU seconds (user + system) of this process and of its finished children.
fn cpu() -> (f64, f64) {
    let of = |who| {
        // SAFETY: `getrusage` fills the zeroed struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut u) };
        let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        s(u.ru_utime) + s(u.ru_stime)
    };
    (of(libc::RUSAGE_SELF), of(libc::RUSAGE_CHILDREN))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: history ROOT [TODAY]");
        std::process::exit(2);
    };
    let today = args.next().unwrap_or_else(|| "2026-11-22".into());
    let Ok(today) = Date::parse(&today) else {
        eprintln!("bad date {today}");
        std::process::exit(2);
    };
    let root = PathBuf::from(root);
    let walk = match congkhai::load::walk(&root, None) {
        Ok(x) => x,
        Err(d) => {
            eprintln!("{} {}", d.code, d.file.display());
            std::process::exit(1);
        }
    };
    let read: Vec<_> = {
        use rayon::prelude::*;
        let reader = walk.reader();
        walk.files()
            .par_iter()
            .map(|file| congkhai::build::record_phase(&reader, file, today))
            .collect()
    };
    let (loaded, _) = walk.assemble(read);
    let (site, _, _) = congkhai::build::site_phase(loaded, today);
    let mut lap = (Instant::now(), cpu());
    let mut report = |name: &str| {
        let (wall, (own, kids)) = (lap.0.elapsed().as_secs_f64(), cpu());
        eprintln!(
            "{name:>10}: wall {wall:6.3} s, CPU {:6.3} s here + {:6.3} s in git",
            own - lap.1 .0,
            kids - lap.1 .1
        );
        lap = (Instant::now(), cpu());
    };
    let log = congkhai::history::Log::read(&root);
    report("git log");
    let (history, diags) = log.history_of(&site);
    report("versions");
    let revisions: usize = site
        .wards
        .iter()
        .flat_map(|w| &w.records)
        .map(|r| history.of(&r.source.path).len())
        .sum();
    let changes: usize = site
        .wards
        .iter()
        .flat_map(|w| &w.records)
        .flat_map(|r| history.of(&r.source.path))
        .map(|r| r.changes.len())
        .sum();
    eprintln!(
        "{revisions} revisions, {changes} field changes, {} findings",
        log.diags.len() + diags.len()
    );
    let kept = std::env::temp_dir().join(format!("congkhai-history-{}", std::process::id()));
    let cache = congkhai::history::LogCache {
        dir: &kept,
        reuse: true,
    };
    let _ = std::fs::remove_dir_all(&kept);
    let _ = congkhai::history::Log::read_cached(&root, Some(cache));
    report("log, kept");
    let again = congkhai::history::Log::read_cached(&root, Some(cache));
    report("log, reuse");
    let _ = again.folder_digests(std::path::Path::new("content"));
    report("digests");
    let _ = std::fs::remove_dir_all(&kept);
}
