//! `congkhai serve`: the live preview.

use super::LangArg;
use congkhai::date::resolve_today;
use congkhai::diagnostics::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Repository root.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Port (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; 0.0.0.0 shows the preview to the network (open
    /// it by IP address: other host names than localhost are refused).
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
}

/// Runs `serve` until Ctrl-C.
pub fn run(args: Args) -> ExitCode {
    let today = match args
        .today
        .as_deref()
        .map(|t| resolve_today(Some(t)))
        .transpose()
    {
        Ok(d) => d.or_else(|| {
            std::env::var_os("SOURCE_DATE_EPOCH").and_then(|_| resolve_today(None).ok())
        }),
        Err(e) => {
            eprintln!("lỗi: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = congkhai::serve::Options {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        poll: args.poll,
        today,
        lang: Lang::from(args.lang),
    };
    match congkhai::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lỗi: {e}");
            ExitCode::from(2)
        }
    }
}
