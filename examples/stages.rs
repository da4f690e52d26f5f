//! Times each stage of the build pipeline on a repository (the walk, phase
//! one per record, phase two across records, render, write), for profiling:
//! `cargo run --release --example stages -- ROOT OUT [TODAY]`.

use congkhai::date::Date;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: stages ROOT OUT [TODAY]");
        std::process::exit(2);
    };
    let today = args.next().unwrap_or_else(|| "2026-11-22".into());
    let Ok(today) = Date::parse(&today) else {
        eprintln!("bad date {today}");
        std::process::exit(2);
    };
    let root = PathBuf::from(root);
    let start = Instant::now();
    let mut lap = Instant::now();
    let mut report = |name: &str| {
        eprintln!(
            "{name:>10}: {:7.1} ms",
            lap.elapsed().as_secs_f64() * 1000.0
        );
        lap = Instant::now();
    };
    let walk = match congkhai::load::walk(&root, None) {
        Ok(x) => x,
        Err(d) => {
            eprintln!("{} {}", d.code, d.file.display());
            std::process::exit(1);
        }
    };
    report("walk");
    let read: Vec<_> = {
        use rayon::prelude::*;
        let reader = walk.reader();
        walk.files()
            .par_iter()
            .map(|file| congkhai::build::record_phase(&reader, file, today))
            .collect()
    };
    let (loaded, diags) = walk.assemble(read);
    report("per record");
    let (site, links, more) = congkhai::build::site_phase(loaded, today);
    report("across");
    let theme = match congkhai::render::Theme::load(None) {
        Ok(t) => t,
        Err(d) => {
            eprintln!("{} {}", d.code, d.file.display());
            std::process::exit(1);
        }
    };
    let outputs = match congkhai::render::render(&site, &links, &theme) {
        Ok(o) => o,
        Err(d) => {
            eprintln!("{} render errors", d.len());
            std::process::exit(1);
        }
    };
    report("render");
    let sources = congkhai::write::target::Sources {
        root: &root,
        content: &site.config.content_dir,
        from_config: false,
    };
    let written = congkhai::write::target::open(std::path::Path::new(&out), &sources, false)
        .and_then(|target| congkhai::write::write_site(&target, &outputs));
    let stats = match written {
        Ok(published) => published.stats,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    report("write");
    drop(outputs);
    drop(site);
    report("drop");
    eprintln!(
        "{:>10}: {:7.1} ms; {} files, {} KB, {} findings",
        "total",
        start.elapsed().as_secs_f64() * 1000.0,
        stats.files,
        stats.bytes / 1024,
        diags.len() + more.len()
    );
}
