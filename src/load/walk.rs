//! The walk: the content folder's wards, the shared folder and the kind
//! folders in each, and the record files listed in them. A ward's profile
//! (`ward.yaml`) is read here too. No record file is read here: each is
//! read on its own by [`Reader::read`], in phase one of the pipeline
//! ([`crate::build`]), and the results come back to [`Walk::assemble`].

use super::{legacy_diagnostic, Loaded, LoadedWard, Reader, SHARED_DIR, WARD_FILE};
use super::{parse_all, yaml_errors};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Record, Source, WardProfile};
use crate::msg;
use crate::text::is_slug;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A record file the walk found; its kind, and whether it is shared by all
/// wards, come from the folders it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFile {
    /// The kind of its folder.
    pub kind: Kind,
    /// Its path: the repository root joined with its path in the repository.
    pub path: PathBuf,
    /// Whether it is in the shared folder.
    pub shared: bool,
}

/// What reading a record file gave, as phase one hands it back: the record
/// (when it could be read) and the problems found.
pub type ReadRecord = (Option<Arc<Record>>, Vec<Diagnostic>);

/// A ward as the walk found it: its profile, read, and its record files.
struct WalkedWard {
    slug: String,
    profile: Option<WardProfile>,
    profile_file: PathBuf,
    profile_source: Source,
    files: Vec<RecordFile>,
}

/// The repository as the walk found it, before any record is read.
pub struct Walk {
    /// Configuration.
    pub config: Config,
    root: PathBuf,
    canonical_root: PathBuf,
    wards: Vec<WalkedWard>,
    shared: Vec<RecordFile>,
    diags: Vec<Diagnostic>,
}

/// The record files found in each kind folder, kept between walks by
/// `serve` so that an edit does not list every folder again.
#[derive(Default)]
pub struct Listings(Mutex<HashMap<PathBuf, Vec<PathBuf>>>);

impl Listings {
    /// Forgets the listings of the folders `path` is in or holds.
    pub fn forget(&self, path: &Path) {
        if let Ok(mut listings) = self.0.lock() {
            listings.retain(|dir, _| !dir.starts_with(path) && !path.starts_with(dir));
        }
    }

    fn get(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        self.0.lock().ok()?.get(dir).cloned()
    }

    fn put(&self, dir: &Path, files: Vec<PathBuf>) {
        if let Ok(mut listings) = self.0.lock() {
            listings.insert(dir.to_path_buf(), files);
        }
    }
}

/// Walks the repository at `root`: its configuration, wards (profiles read)
/// and record files, taking kind-folder listings from `listings` when it
/// has them. An unreadable root, configuration or content folder is an
/// `Err`; every other problem is kept for [`Walk::assemble`].
pub fn walk(root: &Path, listings: Option<&Listings>) -> Result<Walk, Diagnostic> {
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
        if name.starts_with('.') {
            continue;
        }
        if !entry.path().is_dir() {
            if let Some(d) = left_out(&entry, &rel, Place::Content) {
                diags.push(d);
            }
            continue;
        }
        if let Some(d) = linked_outside(&entry.path(), &rel, &canonical_root) {
            diags.push(d);
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
    let reader = Reader::new(root, &canonical_root, &config);
    let (shared, shared_diags) = match &shared_dir {
        Some(dir) => reader.record_files(dir, true, listings),
        None => (Vec::new(), Vec::new()),
    };
    diags.extend(shared_diags);
    let wards: Vec<(WalkedWard, Vec<Diagnostic>)> = ward_dirs
        .par_iter()
        .map(|(slug, dir)| reader.ward(slug, dir, listings))
        .collect();
    let mut walked = Vec::with_capacity(wards.len());
    for (w, d) in wards {
        walked.push(w);
        diags.extend(d);
    }
    Ok(Walk {
        config,
        root: root.to_path_buf(),
        canonical_root,
        wards: walked,
        shared,
        diags,
    })
}

impl Walk {
    /// The slugs of the wards found, sorted.
    pub fn ward_slugs(&self) -> impl Iterator<Item = &str> {
        self.wards.iter().map(|w| w.slug.as_str())
    }

    /// The wards found, with their profiles when they could be read.
    pub fn ward_profiles(&self) -> impl Iterator<Item = (&str, Option<&WardProfile>)> {
        self.wards
            .iter()
            .map(|w| (w.slug.as_str(), w.profile.as_ref()))
    }

    /// Keeps only the wards whose slug `keep` accepts (`--ward`): the other
    /// wards' records are then never read.
    pub fn retain_wards(&mut self, keep: impl Fn(&str) -> bool) {
        self.wards.retain(|w| keep(&w.slug));
    }

    /// Every record file to read: the shared ones, then each ward's.
    pub fn files(&self) -> Vec<&RecordFile> {
        self.shared
            .iter()
            .chain(self.wards.iter().flat_map(|w| &w.files))
            .collect()
    }

    /// The reader of this repository's record files.
    pub fn reader(&self) -> Reader<'_> {
        Reader::new(&self.root, &self.canonical_root, &self.config)
    }

    /// Puts the records read back in their wards: `read` holds what reading
    /// each of [`Walk::files`] gave, in that order. Returns the repository
    /// and every problem met, the walk's and the records'.
    pub fn assemble(self, read: Vec<ReadRecord>) -> (Loaded, Vec<Diagnostic>) {
        let mut diags = self.diags;
        let mut read = read.into_iter();
        let (shared, unreadable_shared) = take_read(&self.shared, &mut read, &mut diags);
        let wards: Vec<LoadedWard> = self
            .wards
            .into_iter()
            .map(|w| {
                let (records, unreadable) = take_read(&w.files, &mut read, &mut diags);
                LoadedWard {
                    slug: w.slug,
                    profile: w.profile,
                    profile_file: w.profile_file,
                    profile_source: w.profile_source,
                    records,
                    unreadable,
                }
            })
            .collect();
        let shared = only_documents(shared, &mut diags);
        (
            Loaded {
                config: self.config,
                root: self.root,
                wards,
                shared,
                unreadable_shared,
            },
            diags,
        )
    }
}

/// The shared documents read once by a build that reads its wards a few at
/// a time ([`Walk::assemble_shared`]), handed to each group of wards.
pub struct SharedPart {
    /// The shared documents read.
    pub records: Vec<Arc<Record>>,
    /// Ids of the shared files that could not be read.
    pub unreadable: Vec<String>,
}

/// The shared folder's records that are documents; `E0005` for the first
/// that is not (the shared folder holds documents only).
fn only_documents(shared: Vec<Arc<Record>>, diags: &mut Vec<Diagnostic>) -> Vec<Arc<Record>> {
    if let Some(r) = shared.iter().find(|r| r.kind != Kind::Document) {
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
    shared
        .into_iter()
        .filter(|r| r.kind == Kind::Document)
        .collect()
}

/// Puts what reading `files` gave (from `read`, in their order) into the
/// records read and the ids of the files that could not be.
fn take_read(
    files: &[RecordFile],
    read: &mut impl Iterator<Item = ReadRecord>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Arc<Record>>, Vec<String>) {
    let mut records = Vec::new();
    let mut unreadable = Vec::new();
    for (file, (record, d)) in files.iter().zip(read.by_ref()) {
        match record {
            Some(r) => records.push(r),
            None => unreadable.extend(
                file.path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .map(str::to_string),
            ),
        }
        diags.extend(d);
    }
    (records, unreadable)
}

impl Walk {
    /// The problems the walk itself met (taken: asked once).
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diags)
    }

    /// The shared record files.
    pub fn shared_files(&self) -> &[RecordFile] {
        &self.shared
    }

    /// The number of wards.
    pub fn ward_count(&self) -> usize {
        self.wards.len()
    }

    /// The slug and record files of the `i`-th ward.
    pub fn ward_files(&self, i: usize) -> (&str, &[RecordFile]) {
        let w = &self.wards[i];
        (&w.slug, &w.files)
    }

    /// Every ward with its profile and no record: what the checks of the
    /// ward codes read.
    pub fn profiles(&self) -> Loaded {
        Loaded {
            config: self.config.clone(),
            root: self.root.clone(),
            wards: self
                .wards
                .iter()
                .map(|w| loaded_ward(w, Vec::new(), Vec::new()))
                .collect(),
            shared: Vec::new(),
            unreadable_shared: Vec::new(),
        }
    }

    /// [`Walk::assemble`] for the shared folder alone: `read` holds what
    /// reading each of [`Walk::shared_files`] gave.
    pub fn assemble_shared(&self, read: Vec<ReadRecord>) -> (SharedPart, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let (shared, unreadable) = take_read(&self.shared, &mut read.into_iter(), &mut diags);
        let records = only_documents(shared, &mut diags);
        (
            SharedPart {
                records,
                unreadable,
            },
            diags,
        )
    }

    /// [`Walk::assemble`] for the wards `wards` (indices) with the shared
    /// part: `read` holds what reading each of their record files gave, ward
    /// after ward. The walk's own problems are not included.
    pub fn assemble_wards(
        &self,
        shared: &SharedPart,
        wards: std::ops::Range<usize>,
        read: Vec<ReadRecord>,
    ) -> (Loaded, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut read = read.into_iter();
        let wards = self.wards[wards]
            .iter()
            .map(|w| {
                let (records, unreadable) = take_read(&w.files, &mut read, &mut diags);
                loaded_ward(w, records, unreadable)
            })
            .collect();
        (
            Loaded {
                config: self.config.clone(),
                root: self.root.clone(),
                wards,
                shared: shared.records.clone(),
                unreadable_shared: shared.unreadable.clone(),
            },
            diags,
        )
    }
}

fn loaded_ward(w: &WalkedWard, records: Vec<Arc<Record>>, unreadable: Vec<String>) -> LoadedWard {
    LoadedWard {
        slug: w.slug.clone(),
        profile: w.profile.clone(),
        profile_file: w.profile_file.clone(),
        profile_source: w.profile_source.clone(),
        records,
        unreadable,
    }
}

impl Reader<'_> {
    /// A ward folder: its profile read, its record files listed.
    fn ward(
        &self,
        slug: &str,
        dir: &Path,
        listings: Option<&Listings>,
    ) -> (WalkedWard, Vec<Diagnostic>) {
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
                let refused = super::controls::control_characters(&profile_source);
                let parsed = if refused.is_empty() {
                    parsed
                } else {
                    Err(refused)
                };
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
        let (files, d) = self.record_files(dir, false, listings);
        diags.extend(d);
        (
            WalkedWard {
                slug: slug.to_string(),
                profile,
                profile_file,
                profile_source,
                files,
            },
            diags,
        )
    }

    /// The record files in the kind folders of `dir`, in the order of their
    /// folders' and their own names.
    fn record_files(
        &self,
        dir: &Path,
        shared: bool,
        listings: Option<&Listings>,
    ) -> (Vec<RecordFile>, Vec<Diagnostic>) {
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
                return (files, diags);
            }
        };
        kinds.sort_by_key(|e| e.file_name());
        for entry in kinds {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') || name == "files" {
                continue;
            }
            if !path.is_dir() {
                let place = if shared { Place::Shared } else { Place::Ward };
                if let Some(d) = left_out(&entry, &self.rel(&path), place) {
                    diags.push(d);
                }
                continue;
            }
            if let Some(d) = linked_outside(&path, &self.rel(&path), self.canonical_root) {
                diags.push(d);
                continue;
            }
            let Some(kind) = Kind::from_name(&name) else {
                // Name the records the folder holds, which will not appear.
                for f in walkdir::WalkDir::new(&path)
                    .follow_links(false)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(Result::ok)
                {
                    if record_file(f.path()).is_some() && !f.file_type().is_dir() {
                        diags.push(not_a_kind_note(&self.rel(f.path()), &name));
                    }
                }
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
                    .with_help({
                        let kinds = Kind::ALL.map(Kind::slug).join(", ");
                        msg!(
                            "Các loại: {kinds} (tệp đính kèm để trong `files/`).",
                            "The kinds: {kinds} (attachments go in `files/`)."
                        )
                    }),
                );
                continue;
            };
            let file = |path| RecordFile { kind, path, shared };
            if let Some(listed) = listings.and_then(|l| l.get(&path)) {
                files.extend(listed.into_iter().map(file));
                continue;
            }
            let mut listed = Vec::new();
            let found = diags.len();
            for f in walkdir::WalkDir::new(&path)
                .follow_links(false)
                .sort_by_file_name()
            {
                let Ok(f) = f else { continue };
                let p = f.path();
                if record_file(p).is_none() {
                    continue;
                }
                let t = f.file_type();
                if t.is_file() {
                    listed.push(p.to_path_buf());
                } else if t.is_symlink() {
                    diags.push(linked_record(&self.rel(p)));
                } else if !t.is_dir() {
                    diags.push(special_record(&self.rel(p)));
                }
            }
            // A folder with files left out is listed again each time, so
            // that they are reported again.
            if let (Some(listings), true) = (listings, diags.len() == found) {
                listings.put(&path, listed.clone());
            }
            files.extend(listed.into_iter().map(file));
        }
        (files, diags)
    }
}

/// Whether a file name is a record's: `Some(true)` for Markdown (`.md`,
/// `.markdown`, any case), `Some(false)` for YAML (`.yaml`, `.yml`).
pub(super) fn record_file(path: &Path) -> Option<bool> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(true),
        "yaml" | "yml" => Some(false),
        _ => None,
    }
}

/// Where a file outside any kind folder was found.
#[derive(Clone, Copy)]
enum Place {
    Content,
    Ward,
    Shared,
}

/// A file beside the wards or beside a ward's kind folders, which is never
/// published: a warning for a record (it looks meant to appear), a note for
/// anything else. `ward.yaml` in a ward folder is the profile, not left out.
fn left_out(entry: &std::fs::DirEntry, rel: &Path, place: Place) -> Option<Diagnostic> {
    let name = entry.file_name().to_string_lossy().into_owned();
    if matches!(place, Place::Ward) && name == WARD_FILE {
        return None;
    }
    let shown = rel.display().to_string();
    let record = record_file(Path::new(&name)).is_some();
    let (vi_where, en_where) = match place {
        Place::Content => (
            "nằm ngay trong thư mục nội dung, ngoài mọi thư mục phường",
            "sits in the content folder itself, outside every ward folder",
        ),
        Place::Ward => (
            "nằm ngay trong thư mục phường, ngoài các thư mục loại hồ sơ",
            "sits in the ward folder itself, outside the kind folders",
        ),
        Place::Shared => (
            "nằm ngay trong `_shared`, ngoài thư mục `document`",
            "sits in `_shared` itself, outside its `document` folder",
        ),
    };
    let d = if record {
        Diagnostic::warning(
            "W0018",
            rel.to_path_buf(),
            0,
            msg!(
                "hồ sơ `{shown}` không được đọc: tệp {vi_where}",
                "the record `{shown}` is not read: the file {en_where}"
            ),
        )
        .with_help(msg!(
            "Chuyển tệp vào thư mục loại của nó, ví dụ `plan/`, `document/` (xem docs/content.md).",
            "Move the file into its kind's folder, e.g. `plan/`, `document/` (see docs/content.md)."
        ))
    } else {
        Diagnostic::note(
            "N0019",
            rel.to_path_buf(),
            0,
            msg!(
                "tệp `{shown}` không được đăng: tệp {vi_where}",
                "the file `{shown}` is not published: it {en_where}"
            ),
        )
    };
    Some(d)
}

/// A record in a folder that is not a kind (the folder itself is E0006).
fn not_a_kind_note(rel: &Path, folder: &str) -> Diagnostic {
    let shown = rel.display().to_string();
    Diagnostic::note(
        "N0019",
        rel.to_path_buf(),
        0,
        msg!(
            "tệp `{shown}` không được đăng: thư mục `{folder}` không phải loại hồ sơ",
            "the file `{shown}` is not published: the folder `{folder}` is not a kind of record"
        ),
    )
}

/// A record file that is a symbolic link: not followed, so that no record
/// can show a file from elsewhere on the machine.
fn linked_record(rel: &Path) -> Diagnostic {
    let shown = rel.display().to_string();
    Diagnostic::warning(
        "W0018",
        rel.to_path_buf(),
        0,
        msg!(
            "hồ sơ `{shown}` không được đọc: tệp là liên kết (symlink)",
            "the record `{shown}` is not read: the file is a symbolic link"
        ),
    )
    .with_help(msg!(
        "Chép tệp vào đây thay vì dùng liên kết.",
        "Copy the file here instead of linking to it."
    ))
}

/// A FIFO, socket or device named like a record: never opened.
fn special_record(rel: &Path) -> Diagnostic {
    let shown = rel.display().to_string();
    Diagnostic::error(
        "E0016",
        rel.to_path_buf(),
        0,
        msg!(
            "`{shown}` không phải tệp thường (ống dẫn, socket hay thiết bị); không đọc",
            "`{shown}` is not a regular file (a FIFO, socket or device); not read"
        ),
    )
    .with_help(msg!(
        "Thay nó bằng một tệp văn bản bình thường (congkhai chỉ đọc tệp thường).",
        "Replace it with an ordinary text file (congkhai reads regular files only)."
    ))
}

/// A ward or kind folder that is a symbolic link leaving the repository:
/// refused as an attachment linking outside is (E0120).
fn linked_outside(path: &Path, rel: &Path, canonical_root: &Path) -> Option<Diagnostic> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    let inside = path
        .canonicalize()
        .is_ok_and(|c| c.starts_with(canonical_root));
    if inside {
        return None;
    }
    let shown = rel.display().to_string();
    Some(
        Diagnostic::error(
            "E0120",
            rel.to_path_buf(),
            0,
            msg!(
                "thư mục `{shown}` là liên kết trỏ ra ngoài kho; không đọc",
                "the folder `{shown}` is a link that points outside the repository; not read"
            ),
        )
        .with_help(msg!(
            "Chép thư mục vào kho thay vì dùng liên kết (symlink).",
            "Copy the folder into the repository instead of linking to it."
        )),
    )
}
