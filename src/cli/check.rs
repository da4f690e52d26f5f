//! `congkhai check`: report every problem of the repository; writes nothing.

use super::{exit_for, print_diagnostics, today_or_exit, Format, LangArg};
use congkhai::build;
use congkhai::diagnostics::{Diagnostic, Lang, Severity};
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `check`.
#[derive(clap::Args)]
pub struct Args {
    /// Repository root.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Date for date-dependent checks, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Fail on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Language of the findings: vi (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
    /// Also print notes (legal bases not in the repository, raw HTML shown as text…).
    #[arg(long)]
    notes: bool,
}

/// Runs `check`.
pub fn run(args: Args) -> ExitCode {
    let lang = Lang::from(args.lang);
    let today = match today_or_exit(args.today.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let (root, format, notes) = (args.root, args.format, args.notes);
    match build::check(&root, today, &[]) {
        Ok(checked) => {
            let diags = &checked.diagnostics;
            print_diagnostics(diags, format, lang, &root, notes);
            let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
            let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
            if format == Format::Human {
                let (wards, records) = (checked.site.wards.len(), checked.records);
                let hidden = if notes { 0 } else { count(Severity::Note) };
                match lang {
                    Lang::Vi => eprintln!(
                        "Đã kiểm tra {wards} phường, {records} hồ sơ: {errors} lỗi, {warnings} cảnh báo{}.",
                        if hidden > 0 { format!(", {hidden} ghi chú (xem bằng --notes)") } else { String::new() }
                    ),
                    Lang::En => eprintln!(
                        "Checked {wards} wards, {records} records: {errors} errors, {warnings} warnings{}.",
                        if hidden > 0 { format!(", {hidden} notes (see them with --notes)") } else { String::new() }
                    ),
                }
            }
            if diags.iter().any(Diagnostic::is_usage_or_io) {
                ExitCode::from(2)
            } else if errors > 0 || (args.deny_warnings && warnings > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(diags) => {
            print_diagnostics(&diags, format, lang, &root, notes);
            exit_for(&diags)
        }
    }
}
