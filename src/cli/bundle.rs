//! `congkhai bundle`: builds the site, then writes its offline zips.

use super::{exit_for, print_diagnostics, today_or_exit, Format, LangArg};
use congkhai::build::BuildOptions;
use congkhai::diagnostics::Lang;
use congkhai::export::bundle::{self, BundleOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `bundle`.
#[derive(clap::Args)]
pub struct Args {
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
    /// Language of the findings: vi (default) or en.
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

/// Runs `bundle`: the whole site is built, then one zip per ward (and,
/// without `--ward`, one of the portal) is written; prints each zip's
/// SHA-256, path, size and file count.
pub fn run(args: Args) -> ExitCode {
    let lang = Lang::from(args.lang);
    let today = match today_or_exit(args.today.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let opts = BundleOptions {
        build: BuildOptions {
            root: args.root.clone(),
            out: None,
            wards: Vec::new(),
            today,
            deny_warnings: false,
            force: false,
            cache: true,
        },
        wards: args.wards,
        dest: args.out,
    };
    match bundle::run(&opts) {
        Ok((report, infos)) => {
            print_diagnostics(&report.diagnostics, Format::Human, lang, &args.root, false);
            for i in infos {
                println!(
                    "{}  {}  {} B, {} tệp",
                    i.sha256,
                    i.path.display(),
                    i.size,
                    i.files
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags, Format::Human, lang, &args.root, false);
            exit_for(&diags)
        }
    }
}
