//! The editing API at `/api/v1`: the protocol Decap CMS's local backend
//! speaks (`decap-server`'s file-system mode): a JSON `{action, params}`
//! posted, a JSON answer. Every path it is given is relative to the
//! repository root and must lie inside the content folder: no `..`, no
//! absolute path, no hidden folder (`.git`), and no link that leads out;
//! files are read through the same guard as attachments
//! ([`crate::write::target::open_inside`]). Writes go to a hidden
//! temporary file renamed into place, so a rebuild never reads half a file.
//!
//! It does not do the editorial workflow (drafts on branches): the
//! repository is edited in place, as `info` says (`publish_modes: simple`).

use crate::config::Config;
use crate::model::Kind;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The repository the API edits.
#[derive(Debug, Clone)]
pub struct Repository {
    /// The root, as `serve` was given it.
    root: PathBuf,
    /// The content folder relative to the root (`content`).
    content_rel: PathBuf,
    /// The content folder, resolved.
    content: PathBuf,
    /// Largest record file written.
    record_max: u64,
    /// Largest attachment written.
    attachment_max: u64,
}

/// What a request gave: the HTTP status, the JSON answer and the files
/// written or removed (absolute, under the root as given).
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: Value,
    /// Files written, moved or deleted.
    pub changed: Vec<PathBuf>,
}

/// Why a request was not carried out.
enum Failure {
    /// The request is malformed or asks for something outside the content (422).
    Refused(String),
    /// The file system failed (500).
    Io(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e.to_string())
    }
}

type Result<T> = std::result::Result<T, Failure>;

fn refused<T>(message: impl Into<String>) -> Result<T> {
    Err(Failure::Refused(message.into()))
}

impl Repository {
    /// The repository at `root`, with its configuration's content folder
    /// and limits; `None` when the configuration or the content folder
    /// cannot be read.
    pub fn open(root: &Path) -> Option<Repository> {
        let config = Config::load(root).ok()?;
        let content = root.join(&config.content_dir).canonicalize().ok()?;
        Some(Repository {
            root: root.to_path_buf(),
            content_rel: plain(&config.content_dir),
            content,
            record_max: config.limits.record_max_mb.saturating_mul(1024 * 1024),
            attachment_max: config.attachment_max_bytes(),
        })
    }

    /// The root as `serve` was given it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The content folder relative to the root.
    pub fn content_dir(&self) -> &Path {
        &self.content_rel
    }

    /// The largest request body accepted: an attachment of the largest
    /// size allowed, in base64, with room for the JSON around it.
    pub fn body_limit(&self) -> usize {
        let max = self.attachment_max.max(self.record_max);
        usize::try_from(max / 3 * 4 + 64 * 1024).unwrap_or(usize::MAX)
    }

    /// Carries out one request whose body is `body`.
    pub fn handle(&self, body: &[u8]) -> Answer {
        let mut changed = Vec::new();
        let result = serde_json::from_slice::<Value>(body)
            .map_err(|e| Failure::Refused(format!("yêu cầu không phải JSON hợp lệ: {e}")))
            .and_then(|request| self.action(&request, &mut changed));
        match result {
            Ok(body) => Answer {
                status: 200,
                body,
                changed,
            },
            Err(Failure::Refused(message)) => Answer {
                status: 422,
                body: json!({ "error": message }),
                changed,
            },
            Err(Failure::Io(message)) => Answer {
                status: 500,
                body: json!({ "error": message }),
                changed,
            },
        }
    }

    fn action(&self, request: &Value, changed: &mut Vec<PathBuf>) -> Result<Value> {
        let action = request.get("action").and_then(Value::as_str).unwrap_or("");
        let params = request.get("params").unwrap_or(&Value::Null);
        match action {
            "info" => Ok(json!({
                "repo": self.root.canonicalize().ok().as_deref().unwrap_or(&self.root)
                    .file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                "publish_modes": ["simple"],
                "type": "local_fs",
            })),
            "entriesByFolder" => {
                let folder = text(params, "folder")?;
                let extension = text(params, "extension")?;
                let depth = params.get("depth").and_then(Value::as_u64).unwrap_or(1);
                let files = self.list(folder, extension, depth)?;
                Ok(Value::Array(
                    files.iter().map(|f| self.entry(f, None)).collect(),
                ))
            }
            "entriesByFiles" => {
                let Some(Value::Array(files)) = params.get("files") else {
                    return refused("thiếu `files`");
                };
                let mut out = Vec::new();
                for f in files {
                    let path = text(f, "path")?;
                    self.locate(path)?;
                    out.push(self.entry(path, f.get("label").and_then(Value::as_str)));
                }
                Ok(Value::Array(out))
            }
            "getEntry" => {
                let path = text(params, "path")?;
                self.locate(path)?;
                Ok(self.entry(path, None))
            }
            "persistEntry" => self.persist_entry(params, changed),
            "getMedia" => {
                let folder = text(params, "mediaFolder")?;
                let files = self.list(folder, "", 1)?;
                files.iter().map(|f| self.media_file(f)).collect()
            }
            "getMediaFile" => self.media_file(text(params, "path")?),
            "persistMedia" => {
                let asset = params.get("asset").unwrap_or(&Value::Null);
                let (path, bytes) = asset_bytes(asset)?;
                let full = self.write(path, &bytes, self.attachment_max)?;
                changed.push(full);
                self.media_file(path)
            }
            "deleteFile" => {
                let path = text(params, "path")?;
                changed.push(self.delete(path)?);
                Ok(json!({ "message": format!("deleted file {path}") }))
            }
            "deleteFiles" => {
                let Some(Value::Array(paths)) = params.get("paths") else {
                    return refused("thiếu `paths`");
                };
                let paths: Vec<&str> = paths.iter().filter_map(Value::as_str).collect();
                for p in &paths {
                    self.locate(p)?;
                }
                for p in &paths {
                    changed.push(self.delete(p)?);
                }
                Ok(json!({ "message": format!("deleted files {}", paths.join(", ")) }))
            }
            "getDeployPreview" => Ok(Value::Null),
            other => refused(format!("Unknown action {other}")),
        }
    }

    /// `persistEntry`: the record's files, then its attachments, then a
    /// rename when the record moved. Every path is checked before anything
    /// is written.
    fn persist_entry(&self, params: &Value, changed: &mut Vec<PathBuf>) -> Result<Value> {
        let data_files: Vec<&Value> = match (params.get("dataFiles"), params.get("entry")) {
            (Some(Value::Array(files)), _) => files.iter().collect(),
            (_, Some(entry)) if entry.is_object() => vec![entry],
            _ => return refused("thiếu `entry` hoặc `dataFiles`"),
        };
        let mut records = Vec::new();
        for f in &data_files {
            let path = text(f, "path")?;
            let raw = text(f, "raw")?;
            self.locate(path)?;
            let new_path = match f.get("newPath") {
                Some(Value::String(p)) => {
                    self.locate(p)?;
                    Some(p.as_str())
                }
                _ => None,
            };
            records.push((path, raw, new_path));
        }
        for (path, _, new_path) in &records {
            self.refuse_a_used_id(path, *new_path)?;
        }
        let mut assets = Vec::new();
        if let Some(Value::Array(list)) = params.get("assets") {
            for a in list {
                let (path, bytes) = asset_bytes(a)?;
                self.locate(path)?;
                assets.push((path, bytes));
            }
        }
        for (path, raw, _) in &records {
            changed.push(self.write(path, raw.as_bytes(), self.record_max)?);
        }
        for (path, bytes) in &assets {
            changed.push(self.write(path, bytes, self.attachment_max)?);
        }
        if records.iter().all(|(_, _, new)| new.is_some()) {
            for (path, _, new) in &records {
                if let Some(new) = new {
                    changed.extend(self.rename(path, new)?);
                }
            }
        }
        Ok(json!({ "message": "entry persisted" }))
    }

    /// Refuses a record file that is not there yet (a new record, or the
    /// target of a move from `from`) when another record of its ward and
    /// kind has its id, in any folder of the kind: it would be the same
    /// page. The rule `congkhai new` follows ([`crate::scaffold::record_with_id`]);
    /// the editor checks only the path it makes (`<year>/<id>.md`).
    fn refuse_a_used_id(&self, from: &str, to: Option<&str>) -> Result<()> {
        let rel = to.unwrap_or(from);
        let full = self.locate(rel)?;
        if full.symlink_metadata().is_ok() {
            return Ok(());
        }
        let Ok(inside) = full.strip_prefix(self.root.join(&self.content_rel)) else {
            return Ok(());
        };
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let (Some(ward), Some(kind), Some(id)) = (
            parts.first(),
            parts.get(1).and_then(|k| Kind::from_name(k)),
            full.file_stem().map(|s| s.to_string_lossy()),
        ) else {
            return Ok(());
        };
        if parts.len() < 3 || !is_record_file(&full) {
            return Ok(());
        }
        let ward_dir = self.root.join(&self.content_rel).join(ward);
        let source = to.map(|_| self.locate(from)).transpose()?;
        match crate::scaffold::record_with_id(&ward_dir, kind, &id) {
            Some(other) if Some(&other) != source.as_ref() => {
                let other = other.strip_prefix(&self.root).unwrap_or(&other);
                refused(format!(
                    "mã hồ sơ `{id}` đã có ở `{}`: hai hồ sơ cùng mã là cùng một trang ({ward}/{}/{id}.html); đổi tiêu đề để có mã khác",
                    other.display().to_string().replace('\\', "/"),
                    kind.slug()
                ))
            }
            _ => Ok(()),
        }
    }

    /// The checked path of `rel` (relative to the root, `/`-separated):
    /// inside the content folder, written plainly, no part hidden.
    fn locate(&self, rel: &str) -> Result<PathBuf> {
        let outside = || {
            Failure::Refused(format!(
                "`{rel}` nằm ngoài thư mục nội dung `{}`: chỉ được đọc, ghi trong thư mục đó",
                self.content_rel.display()
            ))
        };
        if rel.is_empty() || rel.contains(['\\', '\0']) {
            return Err(outside());
        }
        let path = Path::new(rel);
        let mut clean = PathBuf::new();
        for c in path.components() {
            match c {
                Component::Normal(part) if !part.to_string_lossy().starts_with('.') => {
                    clean.push(part)
                }
                _ => return Err(outside()),
            }
        }
        if !clean.starts_with(&self.content_rel) {
            return Err(outside());
        }
        Ok(self.root.join(clean))
    }

    /// Where `rel` may be written: checked, and its deepest existing folder
    /// resolved inside the content folder; never through a link.
    fn writable(&self, rel: &str) -> Result<PathBuf> {
        let full = self.locate(rel)?;
        let out = || {
            Failure::Refused(format!(
                "`{rel}` dẫn ra ngoài thư mục nội dung (qua liên kết): không ghi"
            ))
        };
        if let Ok(meta) = std::fs::symlink_metadata(&full) {
            if meta.file_type().is_symlink() || meta.is_dir() {
                return Err(out());
            }
        }
        let mut existing = full.parent();
        while let Some(dir) = existing {
            if dir.exists() {
                break;
            }
            existing = dir.parent();
        }
        let real = existing.ok_or_else(out)?.canonicalize()?;
        if !real.starts_with(&self.content) {
            return Err(out());
        }
        Ok(full)
    }

    /// Writes `bytes` to `rel` by a hidden temporary file renamed into place.
    fn write(&self, rel: &str, bytes: &[u8], max: u64) -> Result<PathBuf> {
        if bytes.len() as u64 > max {
            return refused(format!(
                "`{rel}` quá lớn ({} byte; tối đa {max}): xem [limits] trong congkhai.toml",
                bytes.len()
            ));
        }
        let full = self.writable(rel)?;
        let parent = full
            .parent()
            .ok_or_else(|| Failure::Io("no folder".into()))?;
        std::fs::create_dir_all(parent)?;
        // Checked again once created: a folder made by someone else in
        // between could be a link.
        if !parent.canonicalize()?.starts_with(&self.content) {
            return refused(format!("`{rel}` dẫn ra ngoài thư mục nội dung: không ghi"));
        }
        let name = full
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = parent.join(format!(".{name}.{}.congkhai-tmp", std::process::id()));
        std::fs::write(&temporary, bytes)?;
        if let Err(e) = std::fs::rename(&temporary, &full) {
            let _ = std::fs::remove_file(&temporary);
            return Err(e.into());
        }
        Ok(full)
    }

    /// Removes the file `rel`; a file already gone is no error.
    fn delete(&self, rel: &str) -> Result<PathBuf> {
        let full = self.locate(rel)?;
        let parent = full
            .parent()
            .ok_or_else(|| Failure::Io("no folder".into()))?;
        match parent.canonicalize() {
            Ok(real) if real.starts_with(&self.content) => {}
            Ok(_) => return refused(format!("`{rel}` dẫn ra ngoài thư mục nội dung: không xoá")),
            Err(_) => return Ok(full),
        }
        match std::fs::symlink_metadata(&full) {
            Ok(meta) if meta.is_dir() => refused(format!("`{rel}` là thư mục: không xoá")),
            Ok(meta) if meta.file_type().is_symlink() => {
                refused(format!("`{rel}` là liên kết: không xoá"))
            }
            Ok(_) => {
                std::fs::remove_file(&full)?;
                Ok(full)
            }
            Err(_) => Ok(full),
        }
    }

    /// Moves the record `from` to `to` (the record file alone).
    fn rename(&self, from: &str, to: &str) -> Result<Vec<PathBuf>> {
        let source = self.locate(from)?;
        self.read(from)?;
        let target = self.writable(to)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(&source, &target)?;
        Ok(vec![source, target])
    }

    /// The bytes of the file `rel`, read through the attachments' guard.
    fn read(&self, rel: &str) -> Result<Vec<u8>> {
        let full = self.locate(rel)?;
        let mut file =
            crate::write::target::open_inside(std::slice::from_ref(&self.content), &full).map_err(
                |e| match e.kind() {
                    std::io::ErrorKind::PermissionDenied => Failure::Refused(format!(
                        "`{rel}` dẫn ra ngoài thư mục nội dung: không đọc"
                    )),
                    _ => Failure::Io(e.to_string()),
                },
            )?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// An entry as Decap reads it: the text and its id (SHA-256), or
    /// `null`s when it cannot be read.
    fn entry(&self, rel: &str, label: Option<&str>) -> Value {
        let mut file = json!({ "path": rel });
        if let Some(label) = label {
            file["label"] = Value::from(label);
        }
        match self.read(rel) {
            Ok(bytes) => {
                file["id"] = Value::from(sha256_hex(&bytes));
                json!({ "data": String::from_utf8_lossy(&bytes), "file": file })
            }
            Err(_) => {
                file["id"] = Value::Null;
                json!({ "data": null, "file": file })
            }
        }
    }

    /// A media file as Decap reads it: base64 content and id.
    fn media_file(&self, rel: &str) -> Result<Value> {
        let bytes = self.read(rel)?;
        Ok(json!({
            "id": sha256_hex(&bytes),
            "content": base64_encode(&bytes),
            "encoding": "base64",
            "path": rel,
            "name": rel.rsplit('/').next().unwrap_or(rel),
        }))
    }

    /// The files under the folder `folder` (relative to the root) whose
    /// names end with `extension`, `depth` folders deep, sorted; hidden
    /// names and links to folders are skipped. A missing folder has none.
    fn list(&self, folder: &str, extension: &str, depth: u64) -> Result<Vec<String>> {
        let full = self.locate(folder.trim_end_matches('/'))?;
        match full.canonicalize() {
            Ok(real) if real.starts_with(&self.content) => {}
            Ok(_) => return refused(format!("`{folder}` dẫn ra ngoài thư mục nội dung")),
            Err(_) => return Ok(Vec::new()),
        }
        let mut out = Vec::new();
        let mut stack = vec![(full, folder.trim_end_matches('/').to_string(), depth)];
        while let Some((dir, rel, depth)) = stack.pop() {
            if depth == 0 {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.filter_map(std::result::Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let child = format!("{rel}/{name}");
                if kind.is_dir() {
                    stack.push((entry.path(), child, depth - 1));
                } else if name.ends_with(extension) {
                    out.push(child);
                }
            }
        }
        out.sort();
        Ok(out)
    }
}

/// Whether `path` names a record file (`.md`, `.markdown`, `.yaml`, `.yml`).
fn is_record_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_ascii_lowercase();
        matches!(e.as_str(), "md" | "markdown" | "yaml" | "yml")
    })
}

/// `path` with only its named parts (`./content/` → `content`), as the
/// editor writes paths.
pub fn plain(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect()
}

/// The string parameter `key` of `params`.
fn text<'a>(params: &'a Value, key: &str) -> Result<&'a str> {
    match params.get(key) {
        Some(Value::String(s)) => Ok(s),
        _ => refused(format!("thiếu `{key}`")),
    }
}

/// The path and decoded bytes of an asset `{path, content, encoding: base64}`.
fn asset_bytes(asset: &Value) -> Result<(&str, Vec<u8>)> {
    let path = text(asset, "path")?;
    let content = text(asset, "content")?;
    if asset.get("encoding").and_then(Value::as_str) != Some("base64") {
        return refused("tệp gửi lên phải mã hoá base64");
    }
    let bytes = base64_decode(content)
        .ok_or_else(|| Failure::Refused(format!("nội dung base64 của `{path}` không hợp lệ")))?;
    Ok((path, bytes))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional, whitespace ignored).
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        if c == b'=' {
            break;
        }
        let v = BASE64.iter().position(|&b| b == c)?;
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("content/ban-co/fund")).unwrap();
        std::fs::write(root.join("congkhai.toml"), "title = \"x\"\n").unwrap();
        std::fs::write(
            root.join("content/ban-co/fund/a.md"),
            "---\ntitle: A\n---\n",
        )
        .unwrap();
        std::fs::write(root.join("secret.txt"), "SECRET").unwrap();
        let repo = Repository::open(&root).unwrap();
        (dir, repo)
    }

    fn call(repo: &Repository, request: Value) -> Answer {
        repo.handle(request.to_string().as_bytes())
    }

    #[test]
    fn base64_round_trips() {
        for sample in [
            &b""[..],
            b"a",
            b"ab",
            b"abc",
            b"abcd",
            "biên bản".as_bytes(),
        ] {
            let encoded = base64_encode(sample);
            assert_eq!(base64_decode(&encoded).unwrap(), sample);
        }
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_decode("TWE"), Some(b"Ma".to_vec()));
        assert_eq!(base64_decode("T!E="), None);
    }

    #[test]
    fn paths_leaving_the_content_folder_are_refused() {
        let (_dir, repo) = repo();
        for path in [
            "../secret.txt",
            "content/../secret.txt",
            "secret.txt",
            "/etc/passwd",
            "congkhai.toml",
            "content/.git/config",
            "content\\ban-co\\fund\\a.md",
            "",
        ] {
            let answer = call(
                &repo,
                json!({"action": "getEntry", "params": {"branch": "main", "path": path}}),
            );
            assert_eq!(answer.status, 422, "{path}: {}", answer.body);
            let answer = call(
                &repo,
                json!({"action": "persistEntry", "params": {"branch": "main",
                    "entry": {"slug": "x", "path": path, "raw": "x"}, "assets": [], "options": {}}}),
            );
            assert_eq!(answer.status, 422, "{path}");
            assert!(answer.changed.is_empty());
        }
        assert_eq!(
            std::fs::read_to_string(repo.root().join("secret.txt")).unwrap(),
            "SECRET"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_content_folder_are_neither_read_nor_written() {
        let (_dir, repo) = repo();
        let root = repo.root().to_path_buf();
        let outside = root.join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(
            root.join("secret.txt"),
            root.join("content/ban-co/fund/b.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(&outside, root.join("content/ban-co/out")).unwrap();
        let answer = call(
            &repo,
            json!({"action": "getEntry", "params": {"path": "content/ban-co/fund/b.md"}}),
        );
        assert_eq!(answer.body["data"], Value::Null);
        let answer = call(
            &repo,
            json!({"action": "entriesByFolder", "params": {"folder": "content/ban-co/fund", "extension": "md", "depth": 1}}),
        );
        assert!(!answer.body.to_string().contains("SECRET"));
        let answer = call(
            &repo,
            json!({"action": "getMediaFile", "params": {"path": "content/ban-co/fund/b.md"}}),
        );
        assert_eq!(answer.status, 422);
        for path in [
            "content/ban-co/fund/b.md",
            "content/ban-co/out/c.md",
            "content/ban-co/out/new/c.md",
        ] {
            let answer = call(
                &repo,
                json!({"action": "persistEntry", "params": {
                "entry": {"slug": "x", "path": path, "raw": "x"}, "assets": [], "options": {}}}),
            );
            assert_eq!(answer.status, 422, "{path}");
        }
        assert_eq!(
            std::fs::read_to_string(root.join("secret.txt")).unwrap(),
            "SECRET"
        );
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
        let answer = call(
            &repo,
            json!({"action": "deleteFile", "params": {"path": "content/ban-co/out/x"}}),
        );
        assert_eq!(answer.status, 422);
    }

    #[test]
    fn a_content_folder_written_with_dot_slash_is_the_same_folder() {
        let (_dir, repo) = repo();
        std::fs::write(
            repo.root().join("congkhai.toml"),
            "title = \"x\"\ncontent_dir = \"./content/\"\n",
        )
        .unwrap();
        let repo = Repository::open(repo.root()).unwrap();
        let answer = call(
            &repo,
            json!({"action": "getEntry", "params": {"path": "content/ban-co/fund/a.md"}}),
        );
        assert_eq!(answer.status, 200);
        assert!(answer.body["data"].as_str().unwrap().contains("title: A"));
    }

    #[test]
    fn a_new_record_with_an_id_used_in_its_kind_is_refused() {
        let (_dir, repo) = repo();
        let root = repo.root().to_path_buf();
        std::fs::create_dir_all(root.join("content/ban-co/quy/2025")).unwrap();
        std::fs::write(root.join("content/ban-co/quy/2025/b.yaml"), "title: B\n").unwrap();
        let persist = |path: &str| {
            call(
                &repo,
                json!({"action": "persistEntry", "params": {
                "entry": {"slug": "x", "path": path, "raw": "---\ntitle: N\n---\n"}, "assets": [], "options": {}}}),
            )
        };
        // The flat `a.md` and `quy/2025/b.yaml` (the same kind) hold these ids.
        for (path, other) in [
            ("content/ban-co/fund/2026/a.md", "content/ban-co/fund/a.md"),
            (
                "content/ban-co/fund/2026/b.md",
                "content/ban-co/quy/2025/b.yaml",
            ),
        ] {
            let answer = persist(path);
            assert_eq!(answer.status, 422, "{path}");
            let message = answer.body["error"].as_str().unwrap();
            assert!(
                message.contains("đã có") && message.contains(other),
                "{message}"
            );
            assert!(!root.join(path).exists());
            assert!(answer.changed.is_empty());
        }
        // The record itself saves in place; a new id, and another kind's, are fine.
        for path in [
            "content/ban-co/fund/a.md",
            "content/ban-co/fund/2026/c.md",
            "content/ban-co/plan/2026/a.md",
        ] {
            let answer = persist(path);
            assert_eq!(answer.status, 200, "{path}: {}", answer.body);
            assert!(root.join(path).is_file());
        }
        // Moving a record to a year folder keeps its id: not refused.
        let answer = call(
            &repo,
            json!({"action": "persistEntry", "params": {"dataFiles": [{"slug": "a",
            "path": "content/ban-co/fund/a.md", "newPath": "content/ban-co/fund/2025/a.md",
            "raw": "---\ntitle: A\n---\n"}], "assets": [], "options": {}}}),
        );
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(root.join("content/ban-co/fund/2025/a.md").is_file());
        assert!(!root.join("content/ban-co/fund/a.md").exists());
    }

    #[test]
    fn oversized_records_are_refused() {
        let (_dir, mut repo) = repo();
        repo.record_max = 4;
        let answer = call(
            &repo,
            json!({"action": "persistEntry", "params": {
            "entry": {"slug": "x", "path": "content/ban-co/fund/x.md", "raw": "12345"}, "assets": [], "options": {}}}),
        );
        assert_eq!(answer.status, 422);
        assert!(!repo.root().join("content/ban-co/fund/x.md").exists());
    }
}
