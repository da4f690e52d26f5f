//! The `congkhai` command line: build, check, new.

use clap::{Parser, Subcommand, ValueEnum};
use congkhai::build::{self, BuildOptions};
use congkhai::date::{resolve_today, Date};
use congkhai::diagnostics::{Diagnostic, Lang, Severity};
use congkhai::model::Kind;
use std::path::{Path, PathBuf};
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
        /// Also print notes (legal bases not in the repository, raw HTML shown as text…).
        #[arg(long)]
        notes: bool,
        /// Language of the findings: vi (default) or en.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
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
        /// Language of the findings: vi (default) or en.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
        /// Also print notes (legal bases not in the repository, raw HTML shown as text…).
        #[arg(long)]
        notes: bool,
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
    /// Preview the site while editing: build it in memory, serve it, and
    /// rebuild what a change affects as soon as a file is saved.
    ///
    /// Open pages reload by themselves; an error shows on the page (file,
    /// line, message) while the last good version stays served. Only this
    /// computer can see the preview unless `--bind` says otherwise.
    Serve {
        /// Repository root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; 0.0.0.0 shows the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the browser.
        #[arg(long)]
        open: bool,
        /// Look for changes every half second instead of waiting for the
        /// system's notifications (network drives, shared folders).
        #[arg(long)]
        poll: bool,
        /// Date for statuses, YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, else
        /// today in Vietnam.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Language of the findings: vi (default) or en.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
    },
    /// Build the site, then write reproducible zips of it for offline use:
    /// one per ward and (without --ward) one of the whole portal.
    Bundle {
        /// Repository root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Bundle only this ward (repeat for several).
        #[arg(long = "ward", value_name = "SLUG")]
        wards: Vec<String>,
        /// Folder for the zips (default: `bundles/` inside the site).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Date for statuses and timestamps, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Readable text with the offending line, on standard error.
    Human,
    /// One JSON object per line (file, line, column, severity, code,
    /// message, help), on standard output.
    Json,
}

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

fn main() -> ExitCode {
    congkhai::grow_heap_in_large_steps();
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
            notes,
            lang,
        } => {
            let lang = Lang::from(lang);
            let today = match today_or_exit(today.as_deref()) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let opts = BuildOptions {
                root: root.clone(),
                out,
                wards,
                today,
                deny_warnings,
            };
            match build::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics, format, lang, &root, notes);
                    if !quiet {
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
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags, format, lang, &root, notes);
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
        Command::Check {
            root,
            today,
            deny_warnings,
            format,
            lang,
            notes,
        } => {
            let lang = Lang::from(lang);
            let today = match today_or_exit(today.as_deref()) {
                Ok(d) => d,
                Err(code) => return code,
            };
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
                    } else if errors > 0 || (deny_warnings && warnings > 0) {
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
        Command::New {
            kind,
            title,
            ward,
            code,
            root,
        } => new(&root, &kind, title, ward, code),
        Command::Bundle {
            root,
            wards,
            out,
            today,
        } => match today_or_exit(today.as_deref()) {
            Ok(today) => congkhai::export::bundle::cli(root, wards, out, today),
            Err(code) => code,
        },
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
            today,
            lang,
        } => {
            let today = match today.as_deref().map(|t| resolve_today(Some(t))).transpose() {
                Ok(d) => d.or_else(|| {
                    std::env::var_os("SOURCE_DATE_EPOCH").and_then(|_| resolve_today(None).ok())
                }),
                Err(e) => {
                    eprintln!("lỗi: {e}");
                    return ExitCode::from(2);
                }
            };
            let opts = congkhai::serve::Options {
                root,
                bind,
                port,
                open,
                poll,
                today,
                lang: Lang::from(lang),
            };
            match congkhai::serve::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("lỗi: {e}");
                    ExitCode::from(2)
                }
            }
        }
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
/// Prints findings; in human format notes only when asked for (`--notes`),
/// so a clean repository is not buried under them. JSON carries everything.
fn print_diagnostics(diags: &[Diagnostic], format: Format, lang: Lang, root: &Path, notes: bool) {
    use std::io::{IsTerminal, Write};
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut sources = SourceLines::default();
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

/// The lines of files named by diagnostics, read once each and normalised
/// as the loader does (BOM, CRLF, NFC), so line numbers agree.
#[derive(Default)]
struct SourceLines {
    files: std::collections::HashMap<PathBuf, Option<Vec<String>>>,
}

impl SourceLines {
    /// Most of a file read to show one of its lines.
    const MAX_BYTES: u64 = 16 * 1024 * 1024;

    fn line(&mut self, root: &Path, file: &Path, line: usize) -> Option<String> {
        if line == 0 {
            return None;
        }
        let lines = self.files.entry(file.to_path_buf()).or_insert_with(|| {
            use std::io::Read;
            let path = if file.is_absolute() {
                file.to_path_buf()
            } else {
                root.join(file)
            };
            let mut bytes = Vec::new();
            std::fs::File::open(&path)
                .and_then(|f| f.take(Self::MAX_BYTES).read_to_end(&mut bytes))
                .ok()?;
            let text = congkhai::text::normalize_source(&String::from_utf8_lossy(&bytes));
            Some(text.lines().map(str::to_string).collect())
        });
        lines.as_ref()?.get(line - 1).cloned()
    }
}
