//! `congkhai new`: a record skeleton or a ward profile.

use congkhai::date::resolve_today;
use congkhai::model::Kind;
use congkhai::scaffold;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `new`.
#[derive(clap::Args)]
pub struct Args {
    /// plan, land, fund, dialogue, document, procedure, asset, support, callup, or ward.
    /// plan, land, fund, dialogue, document, procedure, inspection,
    /// consultation, fee, or ward.
    kind: String,
    /// Title of the record (for `ward`: optional folder name).
    title: Option<String>,
    /// The ward folder the record goes in.
    #[arg(long, value_name = "SLUG")]
    ward: Option<String>,
    /// For `new ward`: the official 5-digit code.
    #[arg(long)]
    code: Option<String>,
    /// Write a data-only record (`.yaml`, no Markdown body) that names its
    /// JSON Schema, so editors check it while typing.
    #[arg(long)]
    yaml: bool,
    /// Repository root.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Runs `new`.
pub fn run(args: Args) -> ExitCode {
    let config = match congkhai::config::Config::load(&args.root) {
        Ok(c) => c,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    let content = args.root.join(&config.content_dir);
    let kind = args.kind.as_str();
    let usage = |message: String| {
        eprintln!("lỗi: {message}");
        ExitCode::from(2)
    };
    let result = if kind == "ward" {
        match args.code {
            Some(code) => scaffold::new_ward(
                &content,
                &code,
                args.title.as_deref(),
                scaffold::schemas_from_content(&args.root, &config.content_dir).as_deref(),
            ),
            None => return usage("`new ward` cần `--code` (mã 5 chữ số)".into()),
        }
    } else {
        match (Kind::from_name(kind), args.ward, args.title) {
            (None, _, _) => {
                let kinds = Kind::ALL.map(Kind::slug).join(", ");
                return usage(format!("loại `{kind}` không có; dùng {kinds} hoặc ward"));
            }
            (_, None, _) => return usage("cần `--ward SLUG` (thư mục của phường)".into()),
            (_, _, None) => return usage("cần tiêu đề hồ sơ".into()),
            (Some(k), Some(w), Some(t)) => match resolve_today(None) {
                Ok(today) if args.yaml => scaffold::new_data_record(
                    &content,
                    &w,
                    k,
                    &t,
                    today,
                    scaffold::schemas_from_content(&args.root, &config.content_dir).as_deref(),
                ),
                Ok(today) => scaffold::new_record(&content, &w, k, &t, today),
                Err(e) => return usage(e),
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
