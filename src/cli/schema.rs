//! `congkhai schema`: writes the JSON Schemas editors validate records with.

use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `schema`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder to write the schemas to.
    #[arg(long, default_value = congkhai::schema::DIR)]
    out: PathBuf,
}

/// Runs `schema`: one file per record kind, the ward profile and `congkhai.toml`.
pub fn run(args: Args) -> ExitCode {
    match congkhai::schema::write_all(&args.out) {
        Ok(names) => {
            for name in names {
                println!("{}", args.out.join(name).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lỗi: không ghi được {}: {e}", args.out.display());
            ExitCode::from(2)
        }
    }
}
