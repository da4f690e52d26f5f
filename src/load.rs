//! Load stage: reads the repository's files into raw typed records. Text is
//! checked (UTF-8, NUL, size) and normalised (BOM, CRLF, NFC) on the way in;
//! every problem becomes a diagnostic with file and line, none stops the walk.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{
    Attachment, Common, Kind, Record, RecordData, Source, Status, WardProfile, COMMON_FIELDS,
};
use crate::text::{is_slug, normalize_source};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

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
    /// Records read.
    pub records: Vec<Record>,
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
    pub shared: Vec<Record>,
}

/// Reads the repository at `root`. Returns what could be read and every
/// problem met; an unreadable root or config is an `Err`.
pub fn load(root: &Path) -> Result<(Loaded, Vec<Diagnostic>), Diagnostic> {
    load_cached(root, None)
}

/// What reading one record file gave: the record (when it could be read)
/// and the problems found.
pub type FileResult = (Option<Record>, Vec<Diagnostic>);

/// Record files already read, by path, so that a rebuild (`serve`) reads
/// again only the files that changed. The caller says what changed with
/// [`RecordCache::forget`].
#[derive(Default)]
pub struct RecordCache {
    files: std::sync::Mutex<std::collections::HashMap<PathBuf, FileResult>>,
}

impl RecordCache {
    /// Forgets the record file at `path`, or every record file under it.
    pub fn forget(&self, path: &Path) {
        if let Ok(mut files) = self.files.lock() {
            files.retain(|p, _| !p.starts_with(path));
        }
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
        return Err(Diagnostic::error(
            "E0003",
            config.content_dir.clone(),
            0,
            format!("không tìm thấy thư mục nội dung `{}`", content.display()),
        )
        .with_help("Chạy lệnh trong thư mục có `congkhai.toml`, hoặc dùng `--root`."));
    }
    let canonical_root = root.canonicalize().map_err(|e| {
        Diagnostic::error(
            "E0003",
            root.to_path_buf(),
            0,
            format!("không mở được thư mục gốc: {e}"),
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
                format!("không đọc được: {e}"),
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
                    format!("tên thư mục phường `{name}` không hợp lệ"),
                )
                .with_help("Dùng chữ thường không dấu và dấu gạch ngang, ví dụ `ban-co`."),
            );
        }
    }
    let reader = Reader {
        root,
        canonical_root: &canonical_root,
        config: &config,
        cache,
    };
    let shared = match &shared_dir {
        Some(dir) => {
            let (records, d) = reader.records_under(dir, true);
            diags.extend(d);
            if let Some(r) = records.iter().find(|r| r.kind != Kind::Document) {
                diags.push(Diagnostic::error(
                    "E0005",
                    r.source.path.clone(),
                    0,
                    "thư mục dùng chung `_shared` chỉ chứa văn bản (`document`)",
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
        },
        diags,
    ))
}

struct Reader<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    config: &'a Config,
    cache: Option<&'a RecordCache>,
}

impl Reader<'_> {
    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    fn ward(&self, slug: &str, dir: &Path) -> (LoadedWard, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let profile_path = dir.join(WARD_FILE);
        let profile_file = self.rel(&profile_path);
        let profile = match self.read_text(&profile_path) {
            Ok(text) => match parse_yaml::<WardProfile>(&text, 1, &profile_file) {
                Ok(p) => Some(p),
                Err(d) => {
                    diags.extend(d);
                    None
                }
            },
            Err(d) => {
                diags.push(
                    d.with_help("Mỗi thư mục phường cần tệp `ward.yaml` (mã, tên, tỉnh/thành)."),
                );
                None
            }
        };
        let (records, d) = self.records_under(dir, false);
        diags.extend(d);
        (
            LoadedWard {
                slug: slug.to_string(),
                profile,
                profile_file,
                records,
            },
            diags,
        )
    }

    /// Reads every record in the kind folders of `dir`.
    fn records_under(&self, dir: &Path, shared: bool) -> (Vec<Record>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut diags = Vec::new();
        let mut kinds: Vec<_> = match std::fs::read_dir(dir) {
            Ok(rd) => rd.filter_map(Result::ok).collect(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    "E0003",
                    self.rel(dir),
                    0,
                    format!("không đọc được thư mục: {e}"),
                ));
                return (Vec::new(), diags);
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
                        format!("thư mục `{name}` không phải loại hồ sơ nào"),
                    )
                    .with_help("Các loại: plan, land, fund, dialogue, document, procedure."),
                );
                continue;
            };
            for f in walkdir::WalkDir::new(&path)
                .follow_links(false)
                .sort_by_file_name()
            {
                let Ok(f) = f else { continue };
                let p = f.path();
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                if f.file_type().is_file() && matches!(ext, "md" | "yaml" | "yml") {
                    files.push((kind, p.to_path_buf()));
                }
            }
        }
        let results: Vec<_> = files
            .par_iter()
            .map(|(kind, path)| self.cached_record(*kind, path, shared))
            .collect();
        let mut records = Vec::new();
        for (r, d) in results {
            records.extend(r);
            diags.extend(d);
        }
        (records, diags)
    }

    /// Reads a file as text: size limit, UTF-8, NUL, legacy encodings; then
    /// BOM, CRLF and NFC normalisation.
    fn read_text(&self, path: &Path) -> Result<String, Diagnostic> {
        let rel = self.rel(path);
        let max = self.config.limits.record_max_mb.saturating_mul(1024 * 1024);
        let file = std::fs::File::open(path).map_err(|e| {
            Diagnostic::error("E0010", rel.clone(), 0, format!("không đọc được tệp: {e}"))
        })?;
        let mut bytes = Vec::new();
        file.take(max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Diagnostic::error("E0010", rel.clone(), 0, format!("không đọc được tệp: {e}"))
            })?;
        if bytes.len() as u64 > max {
            return Err(Diagnostic::error(
                "E0011",
                rel,
                0,
                format!("tệp lớn hơn giới hạn {} MiB", self.config.limits.record_max_mb),
            )
            .with_help("Tách hồ sơ, đưa bảng dài vào tệp CSV, hoặc tăng `limits.record_max_mb` trong congkhai.toml."));
        }
        text_from_bytes(&bytes, &rel)
    }

    fn cached_record(&self, kind: Kind, path: &Path, shared: bool) -> FileResult {
        let Some(cache) = self.cache else {
            return self.record(kind, path, shared);
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
        let fresh = self.record(kind, path, shared);
        if let Ok(mut files) = cache.files.lock() {
            files.insert(path.to_path_buf(), fresh.clone());
        }
        fresh
    }

    fn record(&self, kind: Kind, path: &Path, shared: bool) -> (Option<Record>, Vec<Diagnostic>) {
        let rel = self.rel(path);
        let text = match self.read_text(path) {
            Ok(t) => t,
            Err(d) => return (None, vec![d]),
        };
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        let (yaml, yaml_line, body, body_line) = if is_markdown {
            match split_front_matter(&text) {
                Some(parts) => parts,
                None => return (
                    None,
                    vec![Diagnostic::error(
                        "E0101",
                        rel,
                        1,
                        "thiếu phần khai báo đầu tệp (front matter) giữa hai dòng `---`",
                    )
                    .with_help(
                        "Tệp .md bắt đầu bằng `---`, sau đó các trường YAML, rồi một dòng `---`.",
                    )],
                ),
            }
        } else {
            (text.clone(), 1, String::new(), 0)
        };
        let source = Source {
            path: rel.clone(),
            yaml_line,
            body_line,
            yaml: yaml.clone(),
        };
        let mut diags = Vec::new();
        // Unknown fields, with suggestions.
        match serde_saphyr::from_str::<BTreeMap<String, serde::de::IgnoredAny>>(&yaml) {
            Ok(keys) => {
                let allowed: Vec<&str> =
                    COMMON_FIELDS.iter().chain(kind.fields()).copied().collect();
                for key in keys.keys().filter(|k| !allowed.contains(&k.as_str())) {
                    let mut d = Diagnostic::error(
                        "E0104",
                        rel.clone(),
                        source.field_line(key),
                        format!("trường `{key}` không có trong loại hồ sơ `{kind}`"),
                    );
                    if let Some(best) = suggest(key, &allowed) {
                        d = d.with_help(format!("có phải ý là `{best}`?"));
                    }
                    diags.push(d);
                }
            }
            Err(e) => {
                diags.push(yaml_diagnostic(&e, yaml_line, &rel));
                return (None, diags);
            }
        }
        let common = parse_yaml::<Common>(&yaml, yaml_line, &rel);
        let data = match kind {
            Kind::Plan => parse_yaml(&yaml, yaml_line, &rel).map(RecordData::Plan),
            Kind::Land => parse_yaml(&yaml, yaml_line, &rel).map(RecordData::Land),
            Kind::Fund => parse_yaml(&yaml, yaml_line, &rel).map(RecordData::Fund),
            Kind::Dialogue => parse_yaml(&yaml, yaml_line, &rel).map(RecordData::Dialogue),
            Kind::Document => parse_yaml(&yaml, yaml_line, &rel).map(RecordData::Document),
            Kind::Procedure => parse_yaml(&yaml, yaml_line, &rel).map(RecordData::Procedure),
        };
        let (common, mut data) = match (common, data) {
            (Ok(c), Ok(d)) => (c, d),
            (c, d) => {
                diags.extend(c.err().into_iter().flatten());
                for e in d.err().into_iter().flatten() {
                    if !diags.contains(&e) {
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
            diags.push(
                Diagnostic::error(
                    "E0105",
                    rel.clone(),
                    source.field_line("id"),
                    format!("mã hồ sơ `{id}` không hợp lệ"),
                )
                .with_help(
                    "Mã hồ sơ (hoặc tên tệp) dùng chữ thường không dấu, chữ số và dấu gạch ngang.",
                ),
            );
            return (None, diags);
        }
        if let Some(declared) = &common.kind {
            if Kind::from_name(declared) != Some(kind) {
                diags.push(Diagnostic::error(
                    "E0106",
                    rel.clone(),
                    source.field_line("kind"),
                    format!("`kind: {declared}` không khớp với thư mục `{kind}` chứa tệp"),
                ));
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
        field: &str,
    ) -> Result<PathBuf, Diagnostic> {
        let rel_written = Path::new(written);
        let escapes = rel_written.is_absolute()
            || rel_written.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if escapes || written.contains('\\') {
            return Err(Diagnostic::error(
                "E0120",
                source.path.clone(),
                source.field_line(field),
                format!("đường dẫn `{written}` ra ngoài thư mục hồ sơ"),
            )
            .with_help("Đặt tệp bên cạnh hồ sơ hoặc trong thư mục con, và ghi đường dẫn tương đối không có `..`."));
        }
        let full = dir.join(rel_written);
        let canonical = full.canonicalize().map_err(|_| {
            Diagnostic::error(
                "E0121",
                source.path.clone(),
                source.field_line(field),
                format!("không tìm thấy tệp `{written}`"),
            )
            .with_help(format!("Tệp được tìm ở `{}`.", self.rel(&full).display()))
        })?;
        if !canonical.starts_with(self.canonical_root) {
            return Err(Diagnostic::error(
                "E0120",
                source.path.clone(),
                source.field_line(field),
                format!("tệp `{written}` là liên kết trỏ ra ngoài kho"),
            ));
        }
        Ok(canonical)
    }

    fn attachments(
        &self,
        common: &Common,
        dir: &Path,
        source: &Source,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Attachment> {
        let mut out: Vec<Attachment> = Vec::new();
        for a in &common.attachments {
            let path = match self.contained(dir, &a.path, source, "attachments") {
                Ok(p) => p,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            if !path.is_file() {
                diags.push(Diagnostic::error(
                    "E0121",
                    source.path.clone(),
                    source.field_line("attachments"),
                    format!("`{}` không phải tệp", a.path),
                ));
                continue;
            }
            if size > self.config.attachment_max_bytes() {
                diags.push(
                    Diagnostic::error(
                        "E0122",
                        source.path.clone(),
                        source.field_line("attachments"),
                        format!(
                            "tệp đính kèm `{}` nặng {} MiB, vượt giới hạn {} MiB",
                            a.path,
                            size / (1024 * 1024),
                            self.config.limits.attachment_max_mb
                        ),
                    )
                    .with_help(
                        "Nén tệp, hoặc tăng `limits.attachment_max_mb` trong congkhai.toml.",
                    ),
                );
                continue;
            }
            let sha256 = match sha256_file(&path) {
                Ok(h) => h,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        "E0010",
                        source.path.clone(),
                        source.field_line("attachments"),
                        format!("không đọc được `{}`: {e}", a.path),
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

    /// Appends rows from the CSV files a fund or land record names.
    fn load_tables(
        &self,
        data: &mut RecordData,
        dir: &Path,
        source: &Source,
        diags: &mut Vec<Diagnostic>,
    ) {
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

    fn csv_rows<T: DeserializeOwned>(
        &self,
        dir: &Path,
        written: &str,
        source: &Source,
        field: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<T> {
        let path = match self.contained(dir, written, source, field) {
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
        let text = match self.read_text(&path) {
            Ok(t) => t,
            Err(mut d) => {
                d.file = rel;
                diags.push(d);
                return Vec::new();
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (i, row) in reader.deserialize::<T>().enumerate() {
            match row {
                Ok(r) => rows.push(r),
                Err(e) => {
                    let line = e.position().map_or(i + 2, |p| p.line() as usize);
                    let msg = match e.kind() {
                        csv::ErrorKind::Deserialize { err, .. } => {
                            let field = err
                                .field()
                                .map(|f| format!(" (cột {})", f + 1))
                                .unwrap_or_default();
                            format!("dòng {line}{field}: {}", translate_serde(&err.to_string()))
                        }
                        _ => format!("dòng {line}: {e}"),
                    };
                    diags.push(Diagnostic::error("E0130", rel.clone(), line, msg));
                }
            }
        }
        rows
    }
}

/// Checks bytes and turns them into normalised text.
pub fn text_from_bytes(bytes: &[u8], rel: &Path) -> Result<String, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::error(
            "E0012",
            rel.to_path_buf(),
            line,
            format!("tệp không phải UTF-8 hợp lệ (byte thứ {offset})"),
        )
        .with_help("Lưu lại tệp với bảng mã UTF-8 (trong Word/Notepad: Save As → Encoding: UTF-8).")
    })?;
    if let Some(pos) = text.find('\0') {
        let line = text[..pos].matches('\n').count() + 1;
        return Err(Diagnostic::error(
            "E0013",
            rel.to_path_buf(),
            line,
            format!("tệp chứa ký tự NUL (byte thứ {pos})"),
        )
        .with_help(
            "Tệp có thể là tệp nhị phân hoặc bị hỏng; mở và lưu lại dưới dạng văn bản UTF-8.",
        ));
    }
    Ok(normalize_source(text))
}

/// Splits `---\nyaml\n---\nbody` into (yaml, yaml's first line, body, body's first line).
pub fn split_front_matter(text: &str) -> Option<(String, usize, String, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text == "---").then_some(""))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
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

/// Parses YAML into `T`, mapping errors to diagnostics at the right line.
pub fn parse_yaml<T: DeserializeOwned>(
    yaml: &str,
    first_line: usize,
    rel: &Path,
) -> Result<T, Vec<Diagnostic>> {
    serde_saphyr::from_str::<T>(yaml).map_err(|e| vec![yaml_diagnostic(&e, first_line, rel)])
}

fn yaml_diagnostic(e: &serde_saphyr::Error, first_line: usize, rel: &Path) -> Diagnostic {
    let (line, column) = e.location().map_or((first_line, 0), |l| {
        (first_line + l.line() as usize - 1, l.column() as usize)
    });
    let raw = e.without_snippet().to_string();
    let raw = raw
        .split(" at line ")
        .next()
        .unwrap_or(&raw)
        .trim()
        .to_string();
    let (code, message) = classify(&raw);
    Diagnostic::error(code, rel.to_path_buf(), line.max(1), message).at_column(column)
}

/// Picks a stable code for a serde or YAML message and translates it.
fn classify(raw: &str) -> (&'static str, String) {
    if raw.starts_with("missing field") {
        ("E0102", translate_serde(raw))
    } else if raw.contains("duplicate") {
        ("E0107", format!("khóa bị lặp lại: {raw}"))
    } else if raw.starts_with("invalid type")
        || raw.starts_with("unknown variant")
        || raw.starts_with("invalid value")
    {
        ("E0103", translate_serde(raw))
    } else if raw.contains('`') && !raw.is_ascii() {
        // Our own messages (money, dates) are already Vietnamese.
        ("E0103", raw.to_string())
    } else {
        ("E0100", format!("lỗi cú pháp YAML: {raw}"))
    }
}

/// Translates the common serde messages into Vietnamese.
pub fn translate_serde(raw: &str) -> String {
    let tick = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    if raw.starts_with("missing field") {
        format!("thiếu trường bắt buộc `{}`", tick(raw))
    } else if raw.starts_with("unknown variant") {
        let expected = raw
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .replace("one of ", "");
        format!(
            "giá trị `{}` không hợp lệ; dùng một trong: {}",
            tick(raw),
            expected
        )
    } else if raw.starts_with("unknown field") {
        format!("trường `{}` không được dùng ở đây", tick(raw))
    } else if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!("sai kiểu dữ liệu: nhận {got}, cần {want}")
    } else {
        raw.to_string()
    }
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
    fn invalid_utf8_reports_offset() {
        let d = text_from_bytes(b"ab\n\xffcd", Path::new("x.md")).unwrap_err();
        assert_eq!(d.code, "E0012");
        assert_eq!(d.line, 2);
        assert!(d.message.contains("byte thứ 3"));
    }
}
