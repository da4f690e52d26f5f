//! `congkhai portal`: the portal over the ward folders of several builds.

use super::{exit_for, print_diagnostics, today_or_exit, Format, LangArg};
use congkhai::build::{self, PortalOptions};
use congkhai::diagnostics::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `portal`.
#[derive(clap::Args)]
pub struct Args {
    /// The repository whose congkhai.toml and theme the portal uses (its
    /// content is not read).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// A site written by `congkhai build` (repeat, or give several): its
    /// ward folders are taken as they are.
    #[arg(long, value_name = "DIR", required = true, num_args = 1..)]
    from: Vec<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Replace an output folder that holds files but no site written by
    /// congkhai (its files are deleted).
    #[arg(long)]
    force: bool,
    /// Date the portal shows, YYYY-MM-DD (give the builds' date). Default:
    /// SOURCE_DATE_EPOCH, else today in Vietnam.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Print nothing but findings.
    #[arg(long, short)]
    quiet: bool,
    /// Language of the findings: vi (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

/// Runs `portal`.
pub fn run(args: Args) -> ExitCode {
    let lang = Lang::from(args.lang);
    let today = match today_or_exit(args.today.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let opts = PortalOptions {
        root: args.root.clone(),
        from: args.from,
        out: args.out,
        today,
        force: args.force,
    };
    match build::portal(&opts) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, Format::Human, lang, &args.root, false);
            if !args.quiet {
                let (wards, files, out) = (report.wards, report.files, report.out.display());
                match lang {
                    Lang::Vi => {
                        eprintln!("Đã dựng trang cổng của {wards} phường: {files} tệp → {out}")
                    }
                    Lang::En => {
                        eprintln!("Built the portal of {wards} wards: {files} files → {out}")
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags, Format::Human, lang, &args.root, false);
            match lang {
                Lang::Vi => eprintln!("Chưa dựng trang cổng. Trang cũ (nếu có) được giữ nguyên."),
                Lang::En => eprintln!(
                    "The portal was not built. The previous site (if any) is left as it was."
                ),
            }
            exit_for(&diags)
        }
    }
}
