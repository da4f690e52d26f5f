//! The command line: the arguments of every command, and what they share
//! (the date, the exit status, printing findings). Each command runs in its
//! own file.

mod build;
mod bundle;
mod check;
mod init;
mod new;
mod portal;
mod schema;
mod serve;

use clap::{Parser, Subcommand, ValueEnum};
use congkhai::date::{resolve_today, Date};
use congkhai::diagnostics::{Diagnostic, Lang, Severity};
use std::path::Path;
use std::process::ExitCode;

/// Static site generator for the public-disclosure (công khai) pages of
/// Vietnamese wards and communes.
///
/// A repository holds `congkhai.toml`, a `content/` folder with one folder
/// per ward (its `ward.yaml` and records by kind), and optionally `themes/`.
#[derive(Parser)]
#[command(name = "congkhai", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the repository and write the site (portal plus one site per ward).
    ///
    /// Nothing is written when there are errors; the previous site stays as it
    /// was until the new one is complete.
    Build(build::Args),
    /// Check the repository and report every problem; writes nothing.
    ///
    /// Exit status: 0 clean (warnings allowed), 1 content errors, 2 usage or
    /// I/O errors.
    Check(check::Args),
    /// Create a record skeleton (or, with KIND `ward`, a ward profile).
    ///
    /// Examples:
    ///   congkhai new fund --ward ban-co "Quỹ nâng cấp hẻm 45 quý III/2025"
    ///   congkhai new ward --code 27154
    New(new::Args),
    /// Preview the site while editing: build it in memory, serve it, and
    /// rebuild what a change affects as soon as a file is saved.
    ///
    /// Open pages reload by themselves; an error shows on the page (file,
    /// line, message) while the last good version stays served. Only this
    /// computer can see the preview unless `--bind` says otherwise.
    Serve(serve::Args),
    /// Write the JSON Schemas (draft-07) of the records, the ward profile
    /// and congkhai.toml, for editors that check while you type.
    Schema(schema::Args),
    /// Create a new repository for one or more wards: congkhai.toml, ward
    /// profiles from the national list, one draft example per kind, the
    /// schemas and VS Code settings, .gitignore, and CI files that check and
    /// publish the site (GitHub Pages, GitLab Pages).
    ///
    /// Example:
    ///   congkhai init cong-khai --code 27154 --code 27142
    Init(init::Args),
    /// Build the portal over the ward folders of several builds (one per
    /// province, or per group of wards), from each ward's summary file
    /// alone: the portal home with the ward finder, assets, catalogue and
    /// sitemap. The ward folders are taken as they are.
    ///
    /// Example:
    ///   congkhai portal --from out/hcm out/hn --out public --today 2026-11-22
    Portal(portal::Args),
    /// Build the site, then write reproducible zips of it for offline use:
    /// one per ward and (without --ward) one of the whole portal.
    Bundle(bundle::Args),
}

/// How findings are printed.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Readable text with the offending line, on standard error.
    Human,
    /// One JSON object per line (file, line, column, severity, code,
    /// message, help), on standard output.
    Json,
}

/// The language of the findings.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum LangArg {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Init(args) => init::run(args),
        Command::Bundle(args) => bundle::run(args),
        Command::Portal(args) => portal::run(args),
    }
}

fn today_or_exit(flag: Option<&str>) -> Result<Date, ExitCode> {
    resolve_today(flag).map_err(|e| {
        eprintln!("lỗi: {e}");
        ExitCode::from(2)
    })
}

/// Content errors exit 1; a repository that cannot be read, a disk that
/// cannot be written or a wrong option exits 2.
fn exit_for(diags: &[Diagnostic]) -> ExitCode {
    if diags.iter().any(Diagnostic::is_usage_or_io) {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

/// Prints findings: rustc-style snippets on standard error, or one JSON
/// object per line on standard output. Paths are shown relative to `root`.
/// In human format notes are printed only when asked for (`--notes`), so a
/// clean repository is not buried under them. JSON carries everything.
fn print_diagnostics(diags: &[Diagnostic], format: Format, lang: Lang, root: &Path, notes: bool) {
    use std::io::{IsTerminal, Write};
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut sources = congkhai::diagnostics::SourceLines::default();
    let mut stdout = std::io::stdout().lock();
    for d in diags {
        let mut d = d.clone();
        if let Ok(rel) = d.file.strip_prefix(root) {
            d.file = rel.to_path_buf();
        }
        match format {
            Format::Human if d.severity == Severity::Note && !notes => {}
            Format::Human => {
                let line = sources.line(root, &d.file, d.line);
                eprintln!(
                    "{}\n",
                    congkhai::diagnostics::render(&d, lang, line.as_deref(), styled)
                );
            }
            Format::Json => {
                // A closed pipe is not worth a panic.
                let _ = writeln!(stdout, "{}", d.to_json(lang));
            }
        }
    }
}
