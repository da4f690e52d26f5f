//! `congkhai build`: check the repository and write the site.

use super::{exit_for, print_diagnostics, today_or_exit, Format, LangArg};
use congkhai::build::{self, BuildOptions};
use congkhai::diagnostics::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `build`.
#[derive(clap::Args)]
pub struct Args {
    /// Repository root (the folder with congkhai.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder (default: `output_dir` from congkhai.toml, `public`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an output folder that holds files but no site written by
    /// congkhai (its files are deleted).
    #[arg(long)]
    force: bool,
    /// Build only this ward (repeat for several); the other wards' pages
    /// already in the output stay as they are.
    #[arg(long = "ward", value_name = "SLUG")]
    wards: Vec<String>,
    /// Render every ward again, even those whose inputs did not change
    /// since the previous build (the build cache, `.congkhai-cache/`).
    #[arg(long)]
    no_cache: bool,
    /// Date for statuses (posted now, overdue), YYYY-MM-DD. Default:
    /// SOURCE_DATE_EPOCH, else today in Vietnam.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Fail on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print nothing but findings.
    #[arg(long, short)]
    quiet: bool,
    /// Also print notes (legal bases not in the repository, raw HTML shown as text…).
    #[arg(long)]
    notes: bool,
    /// Language of the findings: vi (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

/// Runs `build`.
pub fn run(args: Args) -> ExitCode {
    let lang = Lang::from(args.lang);
    let today = match today_or_exit(args.today.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let root = args.root;
    let opts = BuildOptions {
        root: root.clone(),
        out: args.out,
        wards: args.wards,
        today,
        deny_warnings: args.deny_warnings,
        force: args.force,
        cache: !args.no_cache,
    };
    match build::build(&opts) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, args.format, lang, &root, args.notes);
            if !args.quiet {
                let total: f64 = report.timings.iter().map(|(_, d)| d.as_secs_f64()).sum();
                let (wards, records, files, kb, out) = (
                    report.wards,
                    report.records,
                    report.files,
                    report.bytes / 1024,
                    report.out.display(),
                );
                match lang {
                    Lang::Vi => eprintln!(
                        "Đã dựng {wards} phường, {records} hồ sơ: {files} tệp, {kb} KB trong {total:.2} s → {out}"
                    ),
                    Lang::En => eprintln!(
                        "Built {wards} wards, {records} records: {files} files, {kb} KB in {total:.2} s → {out}"
                    ),
                }
                let cached = report.cached;
                if cached > 0 {
                    match lang {
                        Lang::Vi => eprintln!(
                            "({cached} phường không đổi được lấy nguyên từ lần dựng trước; `--no-cache` để dựng lại tất cả)"
                        ),
                        Lang::En => eprintln!(
                            "({cached} unchanged wards taken as they were from the previous build; `--no-cache` renders them all)"
                        ),
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags, args.format, lang, &root, args.notes);
            match lang {
                Lang::Vi => eprintln!(
                    "Chưa dựng trang: sửa các lỗi trên rồi chạy lại. Trang cũ (nếu có) được giữ nguyên."
                ),
                Lang::En => eprintln!(
                    "The site was not built: fix the errors above and run again. The previous site (if any) is left as it was."
                ),
            }
            exit_for(&diags)
        }
    }
}
