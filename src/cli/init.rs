//! `congkhai init`: a new repository for one or more wards, ready to edit
//! in VS Code and to publish with GitHub Pages or GitLab Pages.

use congkhai::date::resolve_today;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `init`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder to create (new, or empty).
    dir: PathBuf,
    /// Official 5-digit code of a ward or commune (repeat for several).
    #[arg(long = "code", value_name = "CODE", required = true)]
    codes: Vec<String>,
}

/// Runs `init`.
pub fn run(args: Args) -> ExitCode {
    let today = match resolve_today(None) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("lỗi: {e}");
            return ExitCode::from(2);
        }
    };
    match congkhai::scaffold::init(&args.dir, &args.codes, today) {
        Ok(files) => {
            for file in files {
                println!("{}", file.display());
            }
            eprintln!(
                "Đã tạo kho công khai trong {}. Tiếp theo: cd {} && congkhai serve",
                args.dir.display(),
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lỗi: {e}");
            ExitCode::from(2)
        }
    }
}
