//! Load stage: reads the repository's files into raw typed records. Text is
//! checked (size, UTF-8, NUL, legacy encodings) and normalised (BOM, CRLF,
//! NFC) on the way in; every problem becomes a diagnostic with file, line and
//! column, and none stops the walk. Nothing here writes to disk.

mod legacy;
mod scan;
mod table;
mod yaml_errors;

pub use legacy::{detect as detect_legacy_encoding, Encoding as LegacyEncoding};
pub use yaml_errors::parse_all;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Message};
use crate::model::{
    Attachment, Common, Kind, Record, RecordData, RowOrigin, Source, Status, TableRow, WardProfile,
    COMMON_FIELDS,
};
use crate::msg;
use crate::text::{is_slug, normalize_source};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The folder under the content folder whose documents belong to every ward.
pub const SHARED_DIR: &str = "_shared";
/// A ward's profile file.
pub const WARD_FILE: &str = "ward.yaml";

/// A ward as read from disk, before validation.
#[derive(Debug)]
pub struct LoadedWard {
    /// Folder name.
    pub slug: String,
    /// Profile, when it could be read.
    pub profile: Option<WardProfile>,
    /// Profile path relative to the root.
    pub profile_file: PathBuf,
    /// The profile's text, for locating its fields in diagnostics.
    pub profile_source: Source,
    /// Records read.
    pub records: Vec<Arc<Record>>,
    /// Ids (file names) of record files that could not be read; references
    /// to them are not reported again as dangling.
    pub unreadable: Vec<String>,
}

/// Everything the loader read.
#[derive(Debug)]
pub struct Loaded {
    /// Configuration.
    pub config: Config,
    /// Repository root.
    pub root: PathBuf,
    /// Wards, sorted by slug.
    pub wards: Vec<LoadedWard>,
    /// Documents shared by all wards.
    pub shared: Vec<Arc<Record>>,
    /// Ids of shared files that could not be read.
    pub unreadable_shared: Vec<String>,
}

/// The records of a folder, the ids of those that could not be read, and
/// the problems found.
#[derive(Default)]
struct ReadRecords {
    records: Vec<Arc<Record>>,
    unreadable: Vec<String>,
    diags: Vec<Diagnostic>,
}

/// Reads the repository at `root`. Returns what could be read and every
/// problem met; an unreadable root or config is an `Err`.
pub fn load(root: &Path) -> Result<(Loaded, Vec<Diagnostic>), Diagnostic> {
    load_cached(root, None)
}

/// What reading one record file gave: the record (when it could be read)
/// and the problems found.
pub type FileResult = (Option<Record>, Vec<Diagnostic>);

/// A record file as the cache keeps it.
type CachedFile = (Option<Arc<Record>>, Vec<Diagnostic>);

/// Work done on each record right after it is read, once per version of its
/// file, returning what it found.
pub type Prepare = Box<dyn Fn(&mut Record) -> Vec<Diagnostic> + Send + Sync>;

/// Record files already read, by path, so that a rebuild (`serve`) reads
/// again only the files that changed. The caller says what changed with
/// [`RecordCache::forget`].
#[derive(Default)]
pub struct RecordCache {
    files: std::sync::Mutex<std::collections::HashMap<PathBuf, CachedFile>>,
    /// Record files found in each kind folder.
    listings: std::sync::Mutex<std::collections::HashMap<PathBuf, Vec<PathBuf>>>,
    prepare: Option<Prepare>,
}

impl RecordCache {
    /// Whether it runs a [`Prepare`] on the records it reads.
    pub fn prepares(&self) -> bool {
        self.prepare.is_some()
    }

    /// A cache that runs `prepare` on each record it reads (the stages'
    /// work on one record alone), so that it is done once per change.
    pub fn preparing(prepare: Prepare) -> RecordCache {
        RecordCache {
            prepare: Some(prepare),
            ..RecordCache::default()
        }
    }

    /// Forgets the record file at `path`, or every record file under it;
    /// a file that appeared or went away makes its folder be listed again.
    pub fn forget(&self, path: &Path) {
        let Ok(mut files) = self.files.lock() else {
            return;
        };
        // A record file is one entry; a folder gone, every entry under it.
        // A folder still there only needs listing again (its files that
        // changed have events of their own).
        let known = files.remove(path).is_some();
        if !known && !path.is_dir() {
            files.retain(|p, _| !p.starts_with(path));
        }
        if !known || !path.is_file() {
            if let Ok(mut listings) = self.listings.lock() {
                listings.retain(|dir, _| !dir.starts_with(path) && !path.starts_with(dir));
            }
        }
    }

    fn listing(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        self.listings.lock().ok()?.get(dir).cloned()
    }
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

/// Reads one record file through `cache`, as [`load_cached`] does for each
/// file it finds: `root` is canonical, `path` absolute, and `kind` and
/// `shared` come from the folders the file is in. For `serve`, which reads
/// only the file an editor saved when nothing else changed.
pub fn load_file(
    root: &Path,
    config: &Config,
    cache: &RecordCache,
    path: &Path,
    kind: Kind,
    shared: bool,
) -> (Option<Arc<Record>>, Vec<Diagnostic>) {
    let reader = Reader {
        root,
        canonical_root: root,
        config,
        cache: Some(cache),
        canonical_dirs: Default::default(),
    };
    reader.cached_record(kind, path, shared)
}

/// Parses one record file's bytes exactly as [`load`] does, without walking
/// the repository: `rel` is the file's path under `root` (its folder decides
/// nothing here; `kind` does). Attachments and CSV files are looked up under
/// `root`. For property tests and fuzzing; never panics.
pub fn parse_record(
    config: &Config,
    root: &Path,
    kind: Kind,
    rel: &Path,
    bytes: &[u8],
) -> FileResult {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let reader = Reader {
        root,
        canonical_root: &canonical_root,
        config,
        cache: None,
        canonical_dirs: Default::default(),
    };
    match checked_text(bytes, rel) {
        Ok(text) => reader.parse_text(kind, &root.join(rel), rel.to_path_buf(), &text, false),
        Err(d) => (None, vec![d]),
    }
}

struct Reader<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    config: &'a Config,
    cache: Option<&'a RecordCache>,
    /// The canonical form of each folder a record named a file from.
    canonical_dirs: std::sync::Mutex<std::collections::HashMap<PathBuf, Option<PathBuf>>>,
}

impl Reader<'_> {
    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    fn ward(&self, slug: &str, dir: &Path) -> (LoadedWard, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let profile_path = dir.join(WARD_FILE);
        let profile_file = self.rel(&profile_path);
        let mut profile_source = Source {
            path: profile_file.clone(),
            yaml_line: 1,
            body_line: 0,
            yaml: String::new(),
            ..Default::default()
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

    /// Reads a file as text within the size limit (never more than the
    /// limit is read), checks and normalises it, and hands it to `f`.
    fn read_text<R>(&self, path: &Path, f: impl FnOnce(Text<'_>) -> R) -> Result<R, Diagnostic> {
        let rel = self.rel(path);
        let limit_mb = self.config.limits.record_max_mb;
        let max = limit_mb.saturating_mul(1024 * 1024);
        let file = std::fs::File::open(path).map_err(|e| {
            Diagnostic::error(
                "E0010",
                rel.clone(),
                0,
                msg!("không đọc được tệp: {e}", "cannot read the file: {e}"),
            )
        })?;
        // Files are read into buffers kept by each thread and grown to the
        // largest file (a record's tables are read while its text is in use),
        // and text that needs no change is lent from there.
        thread_local! {
            static BUFFERS: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut bytes = BUFFERS
            .with(|b| b.borrow_mut().pop())
            .unwrap_or_else(|| Vec::with_capacity(64 * 1024));
        bytes.clear();
        let read = self.read_within(
            path,
            &rel,
            max,
            file.take(max.saturating_add(1)),
            &mut bytes,
        );
        let result = read.and_then(|()| checked_text(&bytes, &rel).map(f));
        BUFFERS.with(|b| b.borrow_mut().push(bytes));
        result
    }

    /// Reads `file` into `bytes`, refusing more than `max` bytes.
    fn read_within(
        &self,
        path: &Path,
        rel: &Path,
        max: u64,
        mut file: impl Read,
        bytes: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        let limit_mb = self.config.limits.record_max_mb;
        file.read_to_end(bytes).map_err(|e| {
            Diagnostic::error(
                "E0010",
                rel.to_path_buf(),
                0,
                msg!("không đọc được tệp: {e}", "cannot read the file: {e}"),
            )
        })?;
        if bytes.len() as u64 > max {
            let help = if path.extension().is_some_and(|e| e == "csv") {
                msg!(
                    "Tách bảng thành nhiều kỳ báo cáo, hoặc tăng `limits.record_max_mb` trong congkhai.toml.",
                    "Split the table by reporting period, or raise `limits.record_max_mb` in congkhai.toml."
                )
            } else {
                msg!(
                    "Tách hồ sơ, đưa bảng dài vào tệp CSV, hoặc tăng `limits.record_max_mb` trong congkhai.toml.",
                    "Split the record, move long tables to a CSV file, or raise `limits.record_max_mb` in congkhai.toml."
                )
            };
            return Err(Diagnostic::error(
                "E0011",
                rel.to_path_buf(),
                0,
                msg!(
                    "tệp lớn hơn giới hạn {limit_mb} MiB; không đọc tiếp",
                    "the file is larger than the {limit_mb} MiB limit; not read further"
                ),
            )
            .with_help(help));
        }
        Ok(())
    }

    fn cached_record(&self, kind: Kind, path: &Path, shared: bool) -> CachedFile {
        let Some(cache) = self.cache else {
            let (r, d) = self.record(kind, path, shared);
            return (r.map(Arc::new), d);
        };
        let hit = cache
            .files
            .lock()
            .ok()
            .and_then(|files| files.get(path).cloned());
        if let Some(hit) = hit.filter(|(r, _)| {
            r.as_ref()
                .is_none_or(|r| r.kind == kind && r.shared == shared)
        }) {
            return hit;
        }
        let (mut record, mut diags) = self.record(kind, path, shared);
        if let (Some(r), Some(prepare)) = (&mut record, &cache.prepare) {
            diags.extend(prepare(r));
        }
        let fresh = (record.map(Arc::new), diags);
        if let Ok(mut files) = cache.files.lock() {
            files.insert(path.to_path_buf(), fresh.clone());
        }
        fresh
    }

    fn record(&self, kind: Kind, path: &Path, shared: bool) -> FileResult {
        let rel = self.rel(path);
        self.read_text(path, |text| self.parse_text(kind, path, rel, &text, shared))
            .unwrap_or_else(|d| (None, vec![d]))
    }

    /// Parses a record's text: front matter, fields, tables, attachments.
    fn parse_text(
        &self,
        kind: Kind,
        path: &Path,
        rel: PathBuf,
        text: &Text,
        shared: bool,
    ) -> FileResult {
        let mut diags: Vec<Diagnostic> = legacy_diagnostic(text, &rel).into_iter().collect();
        let text = &*text.text;
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        let (yaml, yaml_line, body, body_line) = if is_markdown {
            match split_front_matter(text) {
                Some(parts) => parts,
                None => {
                    diags.push(
                        Diagnostic::error(
                            "E0101",
                            rel,
                            1,
                            msg!(
                                "thiếu phần khai báo đầu tệp (front matter) giữa hai dòng `---`",
                                "missing front matter between two `---` lines"
                            ),
                        )
                        .with_help(msg!(
                            "Tệp .md bắt đầu bằng một dòng `---`, sau đó các trường YAML, rồi một dòng `---`, rồi nội dung.",
                            "A .md file starts with a `---` line, then the YAML fields, then a `---` line, then the body."
                        )),
                    );
                    return (None, diags);
                }
            }
        } else {
            (text.to_string(), 1, String::new(), 0)
        };
        let source = Source {
            path: rel.clone(),
            yaml_line,
            body_line,
            yaml,
            ..Default::default()
        };
        // Front matter in the plain YAML subset is read in one pass; anything
        // else, and every error, goes through the full parser.
        let fast = crate::yaml_subset::read_record(kind, &source.yaml);
        // Repeated keys, then unknown fields with suggestions.
        let (unknown, fast) = match fast {
            Some(f) => (f.unknown, Some((f.common, f.data))),
            None => {
                let Some(keys) =
                    yaml_errors::top_level_keys(&source.yaml, yaml_line, &rel, &mut diags)
                else {
                    return (None, diags);
                };
                let unknown = keys.into_iter().filter(|k| !kind.has_field(k)).collect();
                (unknown, None)
            }
        };
        let yaml = &source.yaml;
        for key in &unknown {
            let allowed: Vec<&str> = COMMON_FIELDS.iter().chain(kind.fields()).copied().collect();
            let (line, column) = source.key_position(key);
            let mut d = Diagnostic::error(
                "E0104",
                rel.clone(),
                line,
                msg!(
                    "trường `{key}` không có trong loại hồ sơ `{kind}`",
                    "field `{key}` does not exist in a `{kind}` record"
                ),
            )
            .at_column(column);
            if let Some(best) = suggest(key, &allowed) {
                d = d.with_help(msg!("có phải ý là `{best}`?", "did you mean `{best}`?"));
            }
            diags.push(d);
        }
        let (common, data) = match fast {
            Some((common, data)) => (Ok(common), Ok(data)),
            None => (
                parse_all::<Common>(yaml, yaml_line, &rel),
                match kind {
                    Kind::Plan => parse_all(yaml, yaml_line, &rel).map(RecordData::Plan),
                    Kind::Land => parse_all(yaml, yaml_line, &rel).map(RecordData::Land),
                    Kind::Fund => parse_all(yaml, yaml_line, &rel).map(RecordData::Fund),
                    Kind::Dialogue => parse_all(yaml, yaml_line, &rel).map(RecordData::Dialogue),
                    Kind::Document => parse_all(yaml, yaml_line, &rel).map(RecordData::Document),
                    Kind::Procedure => parse_all(yaml, yaml_line, &rel).map(RecordData::Procedure),
                },
            ),
        };
        let (common, mut data) = match (common, data) {
            (Ok(c), Ok(d)) => (c, d),
            (c, d) => {
                for e in c
                    .err()
                    .into_iter()
                    .flatten()
                    .chain(d.err().into_iter().flatten())
                {
                    let seen = diags
                        .iter()
                        .any(|x| x.code == e.code && x.line == e.line && x.column == e.column);
                    if !seen {
                        diags.push(e);
                    }
                }
                return (None, diags);
            }
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let id = common.id.clone().unwrap_or(stem);
        if !is_slug(&id) {
            let (line, column) = source.field_position("id");
            diags.push(
                Diagnostic::error(
                    "E0105",
                    rel.clone(),
                    line,
                    msg!("mã hồ sơ `{id}` không hợp lệ", "invalid record id `{id}`"),
                )
                .at_column(column)
                .with_help(msg!(
                    "Mã hồ sơ (hoặc tên tệp) dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ `ke-hoach-72-2026`.",
                    "A record id (or file name) uses lowercase letters without accents, digits and dashes, e.g. `ke-hoach-72-2026`."
                )),
            );
            return (None, diags);
        }
        if let Some(declared) = &common.kind {
            if Kind::from_name(declared) != Some(kind) {
                let (line, column) = source.field_position("kind");
                diags.push(
                    Diagnostic::error(
                        "E0106",
                        rel.clone(),
                        line,
                        msg!(
                            "`kind: {declared}` không khớp với thư mục `{kind}` chứa tệp",
                            "`kind: {declared}` does not match the folder `{kind}` the file is in"
                        ),
                    )
                    .at_column(column)
                    .with_help(msg!(
                        "Bỏ dòng `kind:` (loại lấy theo thư mục) hoặc chuyển tệp sang đúng thư mục.",
                        "Remove the `kind:` line (the folder decides) or move the file to the right folder."
                    )),
                );
            }
        }
        let dir = path.parent().unwrap_or(self.root);
        self.load_tables(&mut data, dir, &source, &mut diags);
        let files = self.attachments(&common, dir, &source, &mut diags);
        let record = Record {
            id,
            kind,
            common,
            data,
            body,
            files,
            shared,
            status: Status::Published,
            source,
        };
        (Some(record), diags)
    }

    /// Resolves a path written in a record, refusing anything that leaves the
    /// repository (`..`, absolute paths, symlinks pointing outside).
    fn contained(
        &self,
        dir: &Path,
        written: &str,
        source: &Source,
        (line, column): (usize, usize),
    ) -> Result<PathBuf, Diagnostic> {
        let rel_written = Path::new(written);
        let escapes = rel_written.is_absolute()
            || rel_written.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if escapes || written.contains('\\') || written.contains('\0') {
            return Err(Diagnostic::error(
                "E0120",
                source.path.clone(),
                line,
                msg!(
                    "đường dẫn `{written}` ra ngoài thư mục hồ sơ",
                    "the path `{written}` leaves the record's folder"
                ),
            )
            .at_column(column)
            .with_help(msg!(
                "Đặt tệp bên cạnh hồ sơ hoặc trong thư mục con (ví dụ `files/`), và ghi đường dẫn tương đối không có `..`.",
                "Put the file beside the record or in a subfolder (e.g. `files/`) and write a relative path without `..`."
            )));
        }
        let full = dir.join(rel_written);
        let canonical = self.canonicalize_in(dir, written).map_err(|_| {
            let looked = self.rel(&full).display().to_string();
            Diagnostic::error(
                "E0121",
                source.path.clone(),
                line,
                msg!(
                    "không tìm thấy tệp `{written}`",
                    "file `{written}` not found"
                ),
            )
            .at_column(column)
            .with_help(msg!(
                "Tệp được tìm ở `{looked}`; kiểm tra tên (phân biệt chữ hoa, chữ thường).",
                "It was looked for at `{looked}`; check the name (case matters)."
            ))
        })?;
        if !canonical.starts_with(self.canonical_root) {
            return Err(Diagnostic::error(
                "E0120",
                source.path.clone(),
                line,
                msg!(
                    "tệp `{written}` là liên kết trỏ ra ngoài kho",
                    "`{written}` is a link that points outside the repository"
                ),
            )
            .at_column(column)
            .with_help(msg!(
                "Chép tệp vào kho thay vì dùng liên kết (symlink).",
                "Copy the file into the repository instead of linking to it."
            )));
        }
        Ok(canonical)
    }

    /// What `dir.join(written).canonicalize()` gives, without resolving
    /// `dir` again for each file: when `written` is plain names, none of them
    /// a symbolic link, it is the folder's canonical form joined with them.
    fn canonicalize_in(&self, dir: &Path, written: &str) -> std::io::Result<PathBuf> {
        let base = self.canonical_dirs.lock().ok().and_then(|mut dirs| {
            dirs.entry(dir.to_path_buf())
                .or_insert_with(|| dir.canonicalize().ok())
                .clone()
        });
        // A trailing `/` asks for a folder; leave that, and `.`, to the system.
        if let (Some(mut path), false) = (base, written.ends_with('/')) {
            let plain = Path::new(written).components().all(|c| match c {
                Component::Normal(name) => {
                    path.push(name);
                    std::fs::symlink_metadata(&path).is_ok_and(|m| !m.file_type().is_symlink())
                }
                _ => false,
            });
            if plain {
                return Ok(path);
            }
        }
        dir.join(written).canonicalize()
    }

    fn attachments(
        &self,
        common: &Common,
        dir: &Path,
        source: &Source,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Attachment> {
        let mut out: Vec<Attachment> = Vec::new();
        for (i, a) in common.attachments.iter().enumerate() {
            let place = (source.item_line("attachments", i), 0);
            let path = match self.contained(dir, &a.path, source, place) {
                Ok(p) => p,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let written = &a.path;
            if !path.is_file() {
                diags.push(Diagnostic::error(
                    "E0121",
                    source.path.clone(),
                    place.0,
                    msg!("`{written}` không phải tệp", "`{written}` is not a file"),
                ));
                continue;
            }
            if size > self.config.attachment_max_bytes() {
                let mib = format_mib(size);
                let limit = self.config.limits.attachment_max_mb;
                diags.push(
                    Diagnostic::error(
                        "E0122",
                        source.path.clone(),
                        place.0,
                        msg!(
                            "tệp đính kèm `{written}` nặng {mib} MiB, vượt giới hạn {limit} MiB",
                            "attachment `{written}` is {mib} MiB, over the {limit} MiB limit"
                        ),
                    )
                    .with_help(msg!(
                        "Nén hoặc tách tệp, hoặc tăng `limits.attachment_max_mb` trong congkhai.toml.",
                        "Compress or split the file, or raise `limits.attachment_max_mb` in congkhai.toml."
                    )),
                );
                continue;
            }
            let sha256 = match sha256_file(&path) {
                Ok(h) => h,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        "E0010",
                        source.path.clone(),
                        place.0,
                        msg!(
                            "không đọc được `{written}`: {e}",
                            "cannot read `{written}`: {e}"
                        ),
                    ));
                    continue;
                }
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let mut file_name = crate::text::slugify(
                Path::new(name)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("file"),
            );
            if file_name.is_empty() {
                file_name = "file".into();
            }
            if let Some(ext) = Path::new(name).extension().and_then(|e| e.to_str()) {
                file_name = format!("{file_name}.{}", crate::text::slugify(ext));
            }
            while out.iter().any(|o| o.file_name == file_name) {
                file_name = format!("{}-{file_name}", out.len());
            }
            out.push(Attachment {
                title: a.title.clone().unwrap_or_else(|| name.to_string()),
                file_name,
                source: path,
                size,
                sha256,
            });
        }
        out
    }

    /// Appends rows from the CSV files a fund or land record names; marks a
    /// fund whose tables lost rows, so its balance is not checked against
    /// a short total.
    fn load_tables(
        &self,
        data: &mut RecordData,
        dir: &Path,
        source: &Source,
        diags: &mut Vec<Diagnostic>,
    ) {
        let errors = |d: &[Diagnostic]| {
            d.iter()
                .filter(|x| x.severity == crate::diagnostics::Severity::Error)
                .count()
        };
        let errors_before = errors(diags);
        match data {
            RecordData::Fund(f) => {
                if let Some(csv) = f.receipts_csv.clone() {
                    f.receipts
                        .extend(self.csv_rows(dir, &csv, source, "receipts_csv", diags));
                }
                if let Some(csv) = f.expenses_csv.clone() {
                    f.expenses
                        .extend(self.csv_rows(dir, &csv, source, "expenses_csv", diags));
                }
                f.tables_incomplete = errors(diags) > errors_before;
            }
            RecordData::Land(l) => {
                if let Some(csv) = l.parcels_csv.clone() {
                    l.parcels
                        .extend(self.csv_rows(dir, &csv, source, "parcels_csv", diags));
                }
            }
            _ => {}
        }
    }

    /// Reads the rows of a CSV table beside a record. Each bad row is a
    /// diagnostic at its own line; past `limits.table_max_rows` the rest of
    /// the table is refused.
    fn csv_rows<T: DeserializeOwned + TableRow>(
        &self,
        dir: &Path,
        written: &str,
        source: &Source,
        field: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<T> {
        let path = match self.contained(dir, written, source, source.field_position(field)) {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                return Vec::new();
            }
        };
        let rel = self.rel(&path);
        let rel = if rel.is_absolute() {
            source.path.parent().unwrap_or(Path::new("")).join(written)
        } else {
            rel
        };
        let read = self.read_text(&path, |text| {
            diags.extend(legacy_diagnostic(&text, &rel));
            self.table_rows(&text.text, &rel, diags)
        });
        match read {
            Ok(rows) => rows,
            Err(mut d) => {
                d.file = rel;
                diags.push(d);
                Vec::new()
            }
        }
    }

    /// The rows of the CSV table `text` (the file `rel`), each bad row a
    /// diagnostic.
    fn table_rows<T: DeserializeOwned + TableRow>(
        &self,
        text: &str,
        rel: &Path,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<T> {
        let mut table = table::Table::new(text);
        let mut header = csv::StringRecord::new();
        // The header row; an empty table has none, and then no rows either.
        let _ = table.read(&mut header);
        let headers: Vec<String> = header.iter().map(str::to_string).collect();
        let max_rows = self.config.limits.table_max_rows;
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        for seen in 0usize.. {
            match table.read(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    diags.push(unequal_lengths_diagnostic(&e, rel));
                    continue;
                }
            }
            let line = record.position().map_or(seen + 2, |p| p.line() as usize);
            if seen >= max_rows {
                diags.push(
                    Diagnostic::error(
                        "E0131",
                        rel.to_path_buf(),
                        line,
                        msg!(
                            "bảng có hơn {max_rows} dòng; phần còn lại không được đọc",
                            "the table has more than {max_rows} rows; the rest is not read"
                        ),
                    )
                    .with_help(msg!(
                        "Tách bảng theo kỳ báo cáo, hoặc tăng `limits.table_max_rows` trong congkhai.toml.",
                        "Split the table by reporting period, or raise `limits.table_max_rows` in congkhai.toml."
                    )),
                );
                break;
            }
            match record.deserialize::<T>(Some(&header)) {
                Ok(mut r) => {
                    r.set_origin(RowOrigin {
                        file: rel.to_path_buf(),
                        line,
                    });
                    rows.push(r);
                }
                Err(e) => diags.push(csv_diagnostic(&e, line, rel, text, &headers)),
            }
        }
        rows
    }
}

/// A row whose cells do not read as its fields: its line, the column of the
/// bad cell, and what is wrong.
fn csv_diagnostic(
    e: &csv::Error,
    line: usize,
    rel: &Path,
    text: &str,
    headers: &[String],
) -> Diagnostic {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            let index = err.field().map(|f| f as usize);
            let name = index.and_then(|f| headers.get(f)).cloned();
            let (code, message, help) = yaml_errors::describe(&err.to_string(), name.as_deref());
            let code = if code == "E0108" || code == "E0109" {
                code
            } else {
                "E0130"
            };
            let column = index.map_or(0, |f| csv_cell_column(text, line, f));
            let where_vi = format!("dòng {line}");
            let where_en = format!("row at line {line}");
            let mut d = Diagnostic::error(
                code,
                rel.to_path_buf(),
                line,
                Message::new(
                    format!("{where_vi}: {}", message.vi),
                    format!("{where_en}: {}", message.en.unwrap_or_default()),
                ),
            )
            .at_column(column);
            d.help = help.map(Box::new);
            d
        }
        _ => Diagnostic::error(
            "E0130",
            rel.to_path_buf(),
            line,
            msg!("dòng {line}: {e}", "line {line}: {e}"),
        ),
    }
}

/// A row whose number of cells differs from the header's.
fn unequal_lengths_diagnostic(e: &table::UnequalLengths, rel: &Path) -> Diagnostic {
    let table::UnequalLengths {
        line,
        expected_len,
        len,
    } = e;
    Diagnostic::error(
        "E0130",
        rel.to_path_buf(),
        *line as usize,
        msg!(
            "dòng {line} có {len} cột, dòng tiêu đề có {expected_len}",
            "the row at line {line} has {len} columns, the header has {expected_len}"
        ),
    )
    .with_help(msg!(
        "Ô nào có dấu phẩy thì đặt cả ô trong ngoặc kép: \"Nguyễn Văn A, khu phố 3\".",
        "Quote any cell that contains a comma: \"Nguyễn Văn A, khu phố 3\"."
    ))
}

/// The 1-based column where cell `index` of line `line` starts.
fn csv_cell_column(text: &str, line: usize, index: usize) -> usize {
    let Some(row) = text.lines().nth(line.saturating_sub(1)) else {
        return 0;
    };
    let mut cell = 0;
    let mut quoted = false;
    for (col, c) in row.chars().enumerate() {
        if cell == index {
            return col + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => cell += 1,
            _ => {}
        }
    }
    if cell == index {
        row.chars().count() + 1
    } else {
        0
    }
}

fn format_mib(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    format!("{},{}", tenths / 10, tenths % 10)
}

/// A legacy-encoding finding as a diagnostic.
fn legacy_diagnostic(text: &Text, rel: &Path) -> Option<Diagnostic> {
    if !text.maybe_legacy {
        return None;
    }
    let f = legacy::detect(&text.text)?;
    let (encoding, word, words) = (f.encoding.name(), f.word.clone(), f.words);
    let help = match f.encoding {
        LegacyEncoding::DoubleUtf8 => msg!(
            "Tệp UTF-8 đã bị mở nhầm bảng mã rồi lưu lại. Lấy lại bản gốc, hoặc mở bằng trình soạn thảo hỗ trợ UTF-8 và gõ lại các chữ hỏng.",
            "A UTF-8 file was opened with the wrong encoding and saved again. Recover the original, or retype the broken words in a UTF-8 editor."
        ),
        _ => msg!(
            "Chuyển sang Unicode: chép văn bản, mở Unikey → Công cụ (Ctrl+Shift+F6) → Nguồn: {encoding}, Đích: Unicode → Chuyển mã, rồi dán lại. Không dùng phông .VnTime hay VNI-Times.",
            "Convert to Unicode: copy the text, open Unikey → Tools (Ctrl+Shift+F6) → Source: {encoding}, Destination: Unicode → Convert, and paste it back. Do not use .VnTime or VNI-Times fonts."
        ),
    };
    Some(
        Diagnostic::error(
            "E0014",
            rel.to_path_buf(),
            f.line,
            msg!(
                "chữ `{word}` có vẻ được gõ bằng bảng mã cũ {encoding}, không phải Unicode ({words} từ như vậy trong tệp)",
                "`{word}` looks like Vietnamese in the legacy {encoding} encoding, not Unicode ({words} such words in the file)"
            ),
        )
        .at_column(f.column)
        .with_help(help),
    )
}

/// Checks bytes and turns them into normalised text.
pub fn text_from_bytes(bytes: &[u8], rel: &Path) -> Result<String, Diagnostic> {
    checked_text(bytes, rel).map(|t| t.text.into_owned())
}

/// A file's text, checked and normalised (borrowed from the bytes read when
/// they needed no change), and whether the legacy-encoding detector must read
/// it.
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
    maybe_legacy: bool,
}

/// [`text_from_bytes`], also telling whether legacy-encoded words may be in
/// the text. Text already normal (nearly all of it) is checked in one pass.
fn checked_text<'a>(bytes: &'a [u8], rel: &Path) -> Result<Text<'a>, Diagnostic> {
    // The fast validator only says yes or no; where it says no, the standard
    // one finds the place.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    };
    let text = text.map_err(|e| {
        let offset = e.valid_up_to();
        let (line, column) = position_of(&bytes[..offset]);
        Diagnostic::error(
            "E0012",
            rel.to_path_buf(),
            line,
            msg!(
                "tệp không phải UTF-8 hợp lệ (byte thứ {offset})",
                "the file is not valid UTF-8 (at byte {offset})"
            ),
        )
        .at_column(column)
        .with_help(msg!(
            "Lưu lại tệp với bảng mã UTF-8 (trong Word/Notepad: Save As → Encoding: UTF-8).",
            "Save the file again as UTF-8 (in Word/Notepad: Save As → Encoding: UTF-8)."
        ))
    })?;
    if let Some(maybe_legacy) = scan::scan(text) {
        return Ok(Text {
            text: text.into(),
            maybe_legacy,
        });
    }
    if let Some(pos) = text.find('\0') {
        let (line, column) = position_of(&bytes[..pos]);
        return Err(Diagnostic::error(
            "E0013",
            rel.to_path_buf(),
            line,
            msg!(
                "tệp chứa ký tự NUL (byte thứ {pos})",
                "the file contains a NUL character (at byte {pos})"
            ),
        )
        .at_column(column)
        .with_help(msg!(
            "Tệp có thể là tệp nhị phân hoặc bị hỏng; mở và lưu lại dưới dạng văn bản UTF-8.",
            "The file may be binary or damaged; open it and save it again as UTF-8 text."
        )));
    }
    let text = normalize_source(text);
    let maybe_legacy = legacy::has_candidate(&text);
    Ok(Text {
        text: text.into(),
        maybe_legacy,
    })
}

/// Line and column (1-based, column in characters) just after valid UTF-8 `before`.
fn position_of(before: &[u8]) -> (usize, usize) {
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Splits `---\nyaml\n---\nbody` into (yaml, yaml's first line, body, body's
/// first line). Trailing spaces on the `---` lines are allowed.
pub fn split_front_matter(text: &str) -> Option<(String, usize, String, usize)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let rest = text.get(first_end + 1..).unwrap_or("");
    let mut offset = 0;
    for (i, line) in crate::text::lines_inclusive(rest).enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = rest[..offset].to_string();
            let body = rest[offset + line.len()..].to_string();
            return Some((yaml, 2, body, i + 3));
        }
        offset += line.len();
    }
    None
}

/// Parses YAML into `T`, every wrong field a diagnostic at its line.
pub fn parse_yaml<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
    rel: &Path,
) -> Result<T, Vec<Diagnostic>> {
    parse_all(yaml, first_line, rel)
}

/// The closest allowed name within a small edit distance.
pub fn suggest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (levenshtein(key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 3))
        .min()
        .map(|(_, a)| a)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_lines() {
        let (yaml, yl, body, bl) = split_front_matter("---\na: 1\nb: 2\n---\n# Body\n").unwrap();
        assert_eq!(yaml, "a: 1\nb: 2\n");
        assert_eq!((yl, bl), (2, 5));
        assert_eq!(body, "# Body\n");
        assert!(split_front_matter("no front matter").is_none());
        assert!(split_front_matter("---\na: 1\n").is_none());
        assert!(split_front_matter("--- \na: 1\n---  \n").is_some());
    }

    /// Resolving under a folder resolved once agrees with resolving the
    /// whole path, links and missing files included.
    #[test]
    fn canonical_paths_under_a_known_folder_agree_with_the_system() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = root.join("ward").join("fund");
        std::fs::create_dir_all(dir.join("files")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        std::fs::write(dir.join("a.csv"), "x").unwrap();
        std::fs::write(dir.join("files").join("b.pdf"), "x").unwrap();
        std::fs::write(root.join("outside").join("c.pdf"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("outside"), dir.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("outside").join("c.pdf"), dir.join("c.pdf")).unwrap();
        std::os::unix::fs::symlink(root.join("ward"), root.join("alias")).unwrap();
        let config = Config::default();
        let reader = Reader {
            root,
            canonical_root: root,
            config: &config,
            cache: None,
            canonical_dirs: Default::default(),
        };
        for dir in [dir.clone(), root.join("alias").join("fund")] {
            for written in [
                "a.csv",
                "files/b.pdf",
                "files//b.pdf",
                "./a.csv",
                "a.csv/",
                "files/",
                "",
                "missing.csv",
                "a.csv/x",
                "linked/c.pdf",
                "c.pdf",
                "files/../a.csv",
            ] {
                let ours = reader.canonicalize_in(&dir, written).ok();
                let system = dir.join(written).canonicalize().ok();
                assert_eq!(ours, system, "{} {written:?}", dir.display());
            }
        }
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(suggest("titel", &["title", "tasks"]), Some("title"));
        assert_eq!(
            suggest("publised", &["published", "posted_until"]),
            Some("published")
        );
        assert_eq!(suggest("zzzzzz", &["title"]), None);
    }

    #[test]
    fn invalid_utf8_reports_offset_line_and_column() {
        let d = text_from_bytes(b"ab\nc\xc3\xa1d\xffcd", Path::new("x.md")).unwrap_err();
        assert_eq!(d.code, "E0012");
        assert_eq!((d.line, d.column), (2, 4));
        assert!(d.message.vi.contains("byte thứ 7"), "{:?}", d.message);
    }

    /// The one-pass checks give what the standard validator, the NUL
    /// search and full normalising give, on valid and broken UTF-8 alike.
    #[test]
    fn checked_text_agrees_with_the_plain_composition() {
        fn reference(bytes: &[u8]) -> Result<String, (usize, usize, usize)> {
            match std::str::from_utf8(bytes) {
                Err(e) => {
                    let (line, column) = position_of(&bytes[..e.valid_up_to()]);
                    Err((12, line, column))
                }
                Ok(t) => match t.find('\0') {
                    Some(pos) => {
                        let (line, column) = position_of(&bytes[..pos]);
                        Err((13, line, column))
                    }
                    None => Ok(normalize_source(t)),
                },
            }
        }
        let pieces: &[&[u8]] = &[
            b"a",
            b"e",
            b" ",
            b"\n",
            b"\r",
            b"\0",
            b"\xef\xbb\xbf",
            "ờ".as_bytes(),
            "Ã".as_bytes(),
            "¶".as_bytes(),
            "ø".as_bytes(),
            "\u{0302}".as_bytes(),
            "🙂".as_bytes(),
            b"\xc0\x80",
            b"\xe0\x80\x80",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b"\xc3",
            b"\xe1\xbb",
            b"\xff",
            b"\x80",
        ];
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1du64);
        for _ in 0..20_000 {
            let mut bytes = Vec::new();
            for _ in 0..next() % 24 {
                bytes.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let ours = checked_text(&bytes, Path::new("x.md"));
            match (ours, reference(&bytes)) {
                (Ok(t), Ok(r)) => {
                    assert_eq!(t.text, r, "{bytes:?}");
                    assert_eq!(t.maybe_legacy, legacy::has_candidate(&r), "{bytes:?}");
                }
                (Err(d), Err((code, line, column))) => {
                    assert_eq!(d.code, format!("E00{code}"), "{bytes:?}");
                    assert_eq!((d.line, d.column), (line, column), "{bytes:?}");
                }
                (ours, r) => panic!("{bytes:?}: {:?} against {r:?}", ours.map(|t| t.text)),
            }
        }
    }

    #[test]
    fn nul_is_refused_with_its_place() {
        let d = text_from_bytes(b"a: 1\nb: \0", Path::new("x.yaml")).unwrap_err();
        assert_eq!((d.code, d.line, d.column), ("E0013", 2, 4));
    }

    #[test]
    fn csv_cells_are_located() {
        let text = "a,b,c\n1,\"x, y\",3\n";
        assert_eq!(csv_cell_column(text, 2, 0), 1);
        assert_eq!(csv_cell_column(text, 2, 2), 10);
    }
}
