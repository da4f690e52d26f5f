//! The `congkhai` command line: build, check, new.

use clap::{Parser, Subcommand, ValueEnum};
use congkhai::build::{self, BuildOptions};
use congkhai::date::{resolve_today, Date};
use congkhai::diagnostics::{Diagnostic, Severity};
use congkhai::model::Kind;
use std::path::PathBuf;
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
    Build {
        /// Repository root (the folder with congkhai.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: `output_dir` from congkhai.toml, `public`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Build only this ward (repeat for several).
        #[arg(long = "ward", value_name = "SLUG")]
        wards: Vec<String>,
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
    },
    /// Check the repository and report every problem; writes nothing.
    ///
    /// Exit status: 0 clean (warnings allowed), 1 content errors, 2 usage or
    /// I/O errors.
    Check {
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
    },
    /// Create a record skeleton (or, with KIND `ward`, a ward profile).
    ///
    /// Examples:
    ///   congkhai new fund --ward ban-co "Quỹ nâng cấp hẻm 45 quý III/2025"
    ///   congkhai new ward --code 27154
    New {
        /// plan, land, fund, dialogue, document, procedure, or ward.
        kind: String,
        /// Title of the record (for `ward`: optional folder name).
        title: Option<String>,
        /// The ward folder the record goes in.
        #[arg(long, value_name = "SLUG")]
        ward: Option<String>,
        /// For `new ward`: the official 5-digit code.
        #[arg(long)]
        code: Option<String>,
        /// Repository root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Readable text.
    Human,
    /// One JSON object per line.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            wards,
            today,
            deny_warnings,
            format,
            quiet,
        } => {
            let today = match today_or_exit(today.as_deref()) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let opts = BuildOptions {
                root,
                out,
                wards,
                today,
                deny_warnings,
            };
            match build::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics, format);
                    if !quiet {
                        let total: f64 = report.timings.iter().map(|(_, d)| d.as_secs_f64()).sum();
                        eprintln!(
                            "Đã dựng {} phường, {} hồ sơ: {} tệp, {} KB trong {:.2} s → {}",
                            report.wards,
                            report.records,
                            report.files,
                            report.bytes / 1024,
                            total,
                            report.out.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags, format);
                    eprintln!("Chưa dựng trang: sửa các lỗi trên rồi chạy lại. Trang cũ (nếu có) được giữ nguyên.");
                    exit_for(&diags)
                }
            }
        }
        Command::Check {
            root,
            today,
            deny_warnings,
            format,
        } => {
            let today = match today_or_exit(today.as_deref()) {
                Ok(d) => d,
                Err(code) => return code,
            };
            match build::check(&root, today, &[]) {
                Ok(checked) => {
                    print_diagnostics(&checked.diagnostics, format);
                    let errors = checked
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .count();
                    let warnings = checked
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Warning)
                        .count();
                    if format == Format::Human {
                        eprintln!(
                            "Đã kiểm tra {} phường, {} hồ sơ: {errors} lỗi, {warnings} cảnh báo.",
                            checked.site.wards.len(),
                            checked.records
                        );
                    }
                    if errors > 0 || (deny_warnings && warnings > 0) {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(diags) => {
                    print_diagnostics(&diags, format);
                    exit_for(&diags)
                }
            }
        }
        Command::New {
            kind,
            title,
            ward,
            code,
            root,
        } => new(&root, &kind, title, ward, code),
    }
}

fn new(
    root: &std::path::Path,
    kind: &str,
    title: Option<String>,
    ward: Option<String>,
    code: Option<String>,
) -> ExitCode {
    let config = match congkhai::config::Config::load(root) {
        Ok(c) => c,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    let content = root.join(&config.content_dir);
    let result = if kind == "ward" {
        match code {
            Some(code) => congkhai::scaffold::new_ward(&content, &code, title.as_deref()),
            None => Err("`new ward` cần `--code` (mã 5 chữ số)".into()),
        }
    } else {
        match (Kind::from_name(kind), ward, title) {
            (None, _, _) => Err(format!("loại `{kind}` không có; dùng plan, land, fund, dialogue, document, procedure hoặc ward")),
            (_, None, _) => Err("cần `--ward SLUG` (thư mục của phường)".into()),
            (_, _, None) => Err("cần tiêu đề hồ sơ".into()),
            (Some(k), Some(w), Some(t)) => match resolve_today(None) {
                Ok(today) => congkhai::scaffold::new_record(&content, &w, k, &t, today),
                Err(e) => Err(e),
            },
        }
    };
    match result {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lỗi: {e}");
            ExitCode::from(2)
        }
    }
}

fn today_or_exit(flag: Option<&str>) -> Result<Date, ExitCode> {
    resolve_today(flag).map_err(|e| {
        eprintln!("lỗi: {e}");
        ExitCode::from(2)
    })
}

/// Content errors exit 1; a repository that cannot be read at all exits 2.
fn exit_for(diags: &[Diagnostic]) -> ExitCode {
    let io = diags.iter().any(|d| d.code.starts_with("E00"));
    if io {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

fn print_diagnostics(diags: &[Diagnostic], format: Format) {
    for d in diags {
        match format {
            Format::Human => eprintln!("{d}\n"),
            Format::Json => println!("{}", d.to_json(congkhai::diagnostics::Lang::Vi)),
        }
    }
}
