//! The walk: the content folder's wards, the shared folder and the kind
//! folders in each, and the record files listed in them. A ward's profile
//! (`ward.yaml`) is read here too.

use super::{legacy_diagnostic, Loaded, LoadedWard, Reader, SHARED_DIR, WARD_FILE};
use super::{parse_all, yaml_errors, RecordCache};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Record, Source, WardProfile};
use crate::msg;
use crate::text::is_slug;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// The records of a folder, the ids of those that could not be read, and
/// the problems found.
#[derive(Default)]
struct ReadRecords {
    records: Vec<Arc<Record>>,
    unreadable: Vec<String>,
    diags: Vec<Diagnostic>,
}

/// Like [`load`], taking record files from `cache` when it has them and
/// putting the ones it reads there.
pub fn load_cached(
    root: &Path,
    cache: Option<&RecordCache>,
) -> Result<(Loaded, Vec<Diagnostic>), Diagnostic> {
    let config = Config::load(root)?;
    let content = root.join(&config.content_dir);
    if !content.is_dir() {
        let shown = content.display().to_string();
        return Err(Diagnostic::error(
            "E0003",
            config.content_dir.clone(),
            0,
            msg!(
                "không tìm thấy thư mục nội dung `{shown}`",
                "content folder `{shown}` not found"
            ),
        )
        .with_help(msg!(
            "Chạy lệnh trong thư mục có `congkhai.toml`, hoặc dùng `--root`.",
            "Run the command in the folder that holds `congkhai.toml`, or pass `--root`."
        )));
    }
    let canonical_root = root.canonicalize().map_err(|e| {
        Diagnostic::error(
            "E0003",
            root.to_path_buf(),
            0,
            msg!(
                "không mở được thư mục gốc: {e}",
                "cannot open the root folder: {e}"
            ),
        )
    })?;
    let mut diags = Vec::new();
    let mut ward_dirs = Vec::new();
    let mut shared_dir = None;
    let mut entries: Vec<_> = std::fs::read_dir(&content)
        .map_err(|e| {
            Diagnostic::error(
                "E0003",
                config.content_dir.clone(),
                0,
                msg!("không đọc được: {e}", "cannot read: {e}"),
            )
        })?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = config.content_dir.join(&name);
        if !entry.path().is_dir() || name.starts_with('.') {
            continue;
        }
        if name == SHARED_DIR {
            shared_dir = Some(entry.path());
        } else if is_slug(&name) {
            ward_dirs.push((name, entry.path()));
        } else {
            diags.push(
                Diagnostic::error(
                    "E0004",
                    rel,
                    0,
                    msg!(
                        "tên thư mục phường `{name}` không hợp lệ",
                        "invalid ward folder name `{name}`"
                    ),
                )
                .with_help(msg!(
                    "Dùng chữ thường không dấu và dấu gạch ngang, ví dụ `ban-co`.",
                    "Use lowercase letters without accents and dashes, e.g. `ban-co`."
                )),
            );
        }
    }
    let reader = Reader {
        root,
        canonical_root: &canonical_root,
        config: &config,
        cache,
        canonical_dirs: Default::default(),
    };
    let mut unreadable_shared = Vec::new();
    let shared = match &shared_dir {
        Some(dir) => {
            let ReadRecords {
                records,
                unreadable,
                diags: d,
            } = reader.records_under(dir, true);
            diags.extend(d);
            unreadable_shared = unreadable;
            if let Some(r) = records.iter().find(|r| r.kind != Kind::Document) {
                diags.push(Diagnostic::error(
                    "E0005",
                    r.source.path.clone(),
                    0,
                    msg!(
                        "thư mục dùng chung `_shared` chỉ chứa văn bản (`document`)",
                        "the shared folder `_shared` holds documents (`document`) only"
                    ),
                ));
            }
            records
                .into_iter()
                .filter(|r| r.kind == Kind::Document)
                .collect()
        }
        None => Vec::new(),
    };
    let wards: Vec<(LoadedWard, Vec<Diagnostic>)> = ward_dirs
        .par_iter()
        .map(|(slug, dir)| reader.ward(slug, dir))
        .collect();
    let mut loaded_wards = Vec::with_capacity(wards.len());
    for (w, d) in wards {
        loaded_wards.push(w);
        diags.extend(d);
    }
    Ok((
        Loaded {
            config,
            root: root.to_path_buf(),
            wards: loaded_wards,
            shared,
            unreadable_shared,
        },
        diags,
    ))
}

impl Reader<'_> {
    fn ward(&self, slug: &str, dir: &Path) -> (LoadedWard, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let profile_path = dir.join(WARD_FILE);
        let profile_file = self.rel(&profile_path);
        let mut profile_source = Source {
            path: profile_file.clone(),
            yaml_line: 1,
            body_line: 0,
            yaml: String::new(),
        };
        let read = self.read_text(&profile_path, |text| {
            diags.extend(legacy_diagnostic(&text, &profile_file));
            let parsed = match yaml_errors::top_level_keys(&text.text, 1, &profile_file, &mut diags)
            {
                Some(_) => parse_all::<WardProfile>(&text.text, 1, &profile_file),
                None => Err(Vec::new()),
            };
            (text.text.into_owned(), parsed)
        });
        let profile = match read {
            Ok((text, parsed)) => {
                profile_source.yaml = text;
                match parsed {
                    Ok(p) => Some(p),
                    Err(d) => {
                        diags.extend(d);
                        None
                    }
                }
            }
            Err(d) => {
                diags.push(d.with_help(msg!(
                    "Mỗi thư mục phường cần tệp `ward.yaml` (mã, tên, tỉnh/thành); tạo bằng `congkhai new ward --code 27154`.",
                    "Every ward folder needs a `ward.yaml` (code, name, province); create one with `congkhai new ward --code 27154`."
                )));
                None
            }
        };
        let ReadRecords {
            records,
            unreadable,
            diags: d,
        } = self.records_under(dir, false);
        diags.extend(d);
        (
            LoadedWard {
                slug: slug.to_string(),
                profile,
                profile_file,
                profile_source,
                records,
                unreadable,
            },
            diags,
        )
    }

    /// Reads every record in the kind folders of `dir`.
    fn records_under(&self, dir: &Path, shared: bool) -> ReadRecords {
        let mut files = Vec::new();
        let mut diags = Vec::new();
        let mut kinds: Vec<_> = match std::fs::read_dir(dir) {
            Ok(rd) => rd.filter_map(Result::ok).collect(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    "E0003",
                    self.rel(dir),
                    0,
                    msg!("không đọc được thư mục: {e}", "cannot read the folder: {e}"),
                ));
                return ReadRecords {
                    diags,
                    ..ReadRecords::default()
                };
            }
        };
        kinds.sort_by_key(|e| e.file_name());
        for entry in kinds {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if !path.is_dir() || name.starts_with('.') || name == "files" {
                continue;
            }
            let Some(kind) = Kind::from_name(&name) else {
                diags.push(
                    Diagnostic::error(
                        "E0006",
                        self.rel(&path),
                        0,
                        msg!(
                            "thư mục `{name}` không phải loại hồ sơ nào",
                            "folder `{name}` is not a kind of record"
                        ),
                    )
                    .with_help(msg!(
                        "Các loại: plan, land, fund, dialogue, document, procedure (tệp đính kèm để trong `files/`).",
                        "The kinds: plan, land, fund, dialogue, document, procedure (attachments go in `files/`)."
                    )),
                );
                continue;
            };
            if let Some(listed) = self.cache.and_then(|c| c.listing(&path)) {
                files.extend(listed.into_iter().map(|p| (kind, p)));
                continue;
            }
            let mut listed = Vec::new();
            for f in walkdir::WalkDir::new(&path)
                .follow_links(false)
                .sort_by_file_name()
            {
                let Ok(f) = f else { continue };
                let p = f.path();
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                if f.file_type().is_file() && matches!(ext, "md" | "yaml" | "yml") {
                    listed.push(p.to_path_buf());
                }
            }
            if let Some(Ok(mut listings)) = self.cache.map(|c| c.listings.lock()) {
                listings.insert(path.clone(), listed.clone());
            }
            files.extend(listed.into_iter().map(|p| (kind, p)));
        }
        let results: Vec<_> = files
            .par_iter()
            .map(|(kind, path)| self.cached_record(*kind, path, shared))
            .collect();
        let mut read = ReadRecords::default();
        for ((r, d), (_, path)) in results.into_iter().zip(&files) {
            match r {
                Some(r) => read.records.push(r),
                None => read.unreadable.extend(
                    path.file_stem()
                        .and_then(|s| s.to_str())
                        .map(str::to_string),
                ),
            }
            read.diags.extend(d);
        }
        read.diags.splice(0..0, diags);
        read
    }
}
