//! `congkhai new`: record skeletons whose fields carry Vietnamese comments,
//! and ward profiles filled in from the national list of units. Names from
//! the command line are checked before any path is made of them, text goes
//! into YAML quoted and escaped, and every file written is read back.

mod skeleton;

pub use skeleton::record_skeleton;

use crate::date::Date;
use crate::model::Kind;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why `new` wrote nothing.
#[derive(Debug)]
pub enum ScaffoldError {
    /// `--ward` is not the name of a ward folder (lower-case letters, digits
    /// and dashes, or `_shared` for documents).
    InvalidWard(String),
    /// No ward folder of that name (no `ward.yaml` in it).
    NoSuchWard {
        /// The name given.
        ward: String,
        /// The folder looked at.
        dir: PathBuf,
    },
    /// The title has no letter or digit to make a file name of.
    EmptyTitle,
    /// The file is already there; it is never overwritten.
    Exists(PathBuf),
    /// The code is not in the national list of units.
    UnknownCode(String),
    /// The folder name given for a ward is not a slug.
    InvalidFolder(String),
    /// The skeleton would not read back as written (a bug, never written).
    Unreadable(String),
    /// The file or its folder could not be written.
    Io {
        /// The path.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScaffoldError::InvalidWard(w) => write!(
                f,
                "`--ward {w}` không phải tên thư mục phường: chỉ dùng chữ thường không dấu, số và dấu gạch ngang (ví dụ `ban-co`), hoặc `_shared` cho văn bản dùng chung"
            ),
            ScaffoldError::NoSuchWard { ward, dir } => write!(
                f,
                "không có phường `{ward}` (thiếu {}/ward.yaml)",
                dir.display()
            ),
            ScaffoldError::EmptyTitle => write!(f, "tiêu đề cần có chữ hoặc số để đặt tên tệp"),
            ScaffoldError::Exists(p) => write!(f, "tệp {} đã có; chọn tiêu đề khác", p.display()),
            ScaffoldError::UnknownCode(c) => write!(
                f,
                "mã `{c}` không có trong danh mục đơn vị hành chính 2025"
            ),
            ScaffoldError::InvalidFolder(s) => write!(f, "tên thư mục `{s}` không hợp lệ"),
            ScaffoldError::Unreadable(e) => {
                write!(f, "tệp mẫu tạo ra không đọc lại được ({e}); không ghi gì")
            }
            ScaffoldError::Io { path, source } => {
                write!(f, "không ghi được {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for ScaffoldError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ScaffoldError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// `s` as a YAML double-quoted scalar: backslashes, quotes and control
/// characters escaped, so any title reads back as written.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The title the front matter of `text` holds, read by the YAML parser.
fn title_read_back(text: &str) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Title {
        title: String,
    }
    let (yaml, ..) = crate::load::split_front_matter(text).ok_or("không có phần khai báo")?;
    serde_saphyr::from_str::<Title>(&yaml)
        .map(|t| t.title)
        .map_err(|e| e.to_string())
}

/// The title a data-only record holds, read by the YAML parser.
fn title_of_yaml(text: &str) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Title {
        title: String,
    }
    serde_saphyr::from_str::<Title>(text)
        .map(|t| t.title)
        .map_err(|e| e.to_string())
}

/// The front matter of a skeleton made by [`record_skeleton`], without its `---` lines.
fn front_matter_of(skeleton: &str) -> &str {
    skeleton
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("---\n"))
        .map_or(skeleton, |(front, _)| front)
}

/// Writes `text` to `path`, a new file: refuses to replace anything there
/// (a file, a folder, a link).
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    use std::io::Write;
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => io(e),
        })?;
    file.write_all(text.as_bytes()).map_err(io)
}

/// Writes a new record file, in `<ward>/<kind>/<year of today>/`; refuses to
/// overwrite one or to give an id another record of the kind has. `ward` must name a
/// ward folder (a slug, or `_shared` for documents), so the file can only go
/// inside `content`.
pub fn new_record(
    content: &Path,
    ward: &str,
    kind: Kind,
    title: &str,
    today: Date,
) -> Result<PathBuf, ScaffoldError> {
    write_record(content, ward, kind, title, today, None)
}

/// Writes a new data-only record (`.yaml`, no Markdown body); refuses to
/// overwrite one. `schemas`, when given, is the schema folder as seen from
/// `content` (e.g. `../schemas`): the file then names its schema on its first line.
pub fn new_data_record(
    content: &Path,
    ward: &str,
    kind: Kind,
    title: &str,
    today: Date,
    schemas: Option<&str>,
) -> Result<PathBuf, ScaffoldError> {
    write_record(content, ward, kind, title, today, Some(schemas))
}

/// [`new_record`] (`data_only` `None`) or [`new_data_record`].
fn write_record(
    content: &Path,
    ward: &str,
    kind: Kind,
    title: &str,
    today: Date,
    data_only: Option<Option<&str>>,
) -> Result<PathBuf, ScaffoldError> {
    let shared = ward == crate::load::SHARED_DIR && kind == Kind::Document;
    if !shared && !crate::text::is_slug(ward) {
        return Err(ScaffoldError::InvalidWard(ward.to_string()));
    }
    let ward_dir = content.join(ward);
    if !shared && !ward_dir.join(crate::load::WARD_FILE).is_file() {
        return Err(ScaffoldError::NoSuchWard {
            ward: ward.to_string(),
            dir: ward_dir,
        });
    }
    let slug = crate::text::slugify(title);
    let slug: String = slug
        .chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string();
    if slug.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let extension = if data_only.is_some() { "yaml" } else { "md" };
    let path = new_record_dir(&ward_dir, kind, today).join(format!("{slug}.{extension}"));
    if path.symlink_metadata().is_ok() {
        return Err(ScaffoldError::Exists(path));
    }
    if let Some(other) = record_with_id(&ward_dir, kind, &slug) {
        return Err(ScaffoldError::Exists(other));
    }
    let mut text = record_skeleton(kind, title, today);
    if let Some(schemas) = data_only {
        let front = front_matter_of(&text).to_string();
        // Records, shared documents included, sit three folders below the
        // content folder (ward, kind, year).
        text = match schemas {
            Some(dir) => format!(
                "{}{front}",
                schema_line(
                    &format!("../../../{dir}"),
                    &crate::schema::record_file_name(kind)
                )
            ),
            None => front,
        };
    }
    let read_back = if data_only.is_some() {
        title_of_yaml(&text)
    } else {
        title_read_back(&text)
    };
    match read_back {
        Ok(read) if read == title => {}
        Ok(read) => {
            return Err(ScaffoldError::Unreadable(format!(
                "tiêu đề đọc lại là {read:?}"
            )))
        }
        Err(e) => return Err(ScaffoldError::Unreadable(e)),
    }
    write_new(&path, &text)?;
    Ok(path)
}

/// The folder of `kind` in the ward folder `ward_dir`: the one that exists
/// (its English or its Vietnamese name, `fund` or `quy`), else the English name.
pub fn kind_folder(ward_dir: &Path, kind: Kind) -> &'static str {
    let names = crate::schema::kind_names(kind);
    names
        .iter()
        .copied()
        .find(|n| ward_dir.join(n).is_dir())
        .unwrap_or(names[0])
}

/// The subfolder of its kind folder a record made on `today` goes in: the
/// year of that day, which is its `published` date (`2026`). A kind folder
/// of a large ward stays small, and the page's address does not depend on
/// it. `congkhai new` and the editor at `/admin/` both follow it.
pub fn new_record_subfolder(today: Date) -> String {
    today.year().to_string()
}

/// The folder a record of `kind` made on `today` goes in, in the ward
/// folder `ward_dir`: `<kind>/<year>` ([`kind_folder`], [`new_record_subfolder`]).
pub fn new_record_dir(ward_dir: &Path, kind: Kind, today: Date) -> PathBuf {
    ward_dir
        .join(kind_folder(ward_dir, kind))
        .join(new_record_subfolder(today))
}

/// A record file of `kind` in the ward folder `ward_dir` whose id (name
/// without extension) is `id`, in any folder of the kind (both its names,
/// flat or in a subfolder), if any: a new record of that id would be the
/// same page, so `congkhai new` and the editor's API refuse it.
pub fn record_with_id(ward_dir: &Path, kind: Kind, id: &str) -> Option<PathBuf> {
    crate::schema::kind_names(kind)
        .iter()
        .find_map(|name| same_id(&ward_dir.join(name), id))
}

/// A record file whose id (name without extension) is `id` under the kind
/// folder `dir` (in it, or in its subfolders), if any.
fn same_id(dir: &Path, id: &str) -> Option<PathBuf> {
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                todo.push(path);
            } else if path.file_stem().is_some_and(|s| s == id)
                && path.extension().is_some_and(|e| {
                    let e = e.to_string_lossy().to_ascii_lowercase();
                    matches!(e.as_str(), "md" | "markdown" | "yaml" | "yml")
                })
            {
                return Some(path);
            }
        }
    }
    None
}

/// Writes a new ward profile from the national list.
/// `schemas`, when given, is the schema folder as seen from `content` (e.g.
/// `../schemas`): the profile then names its schema on its first line.
pub fn new_ward(
    content: &Path,
    code: &str,
    slug: Option<&str>,
    schemas: Option<&str>,
) -> Result<PathBuf, ScaffoldError> {
    let unit =
        crate::units::lookup(code).ok_or_else(|| ScaffoldError::UnknownCode(code.to_string()))?;
    let slug = slug.map(str::to_string).unwrap_or_else(|| {
        let s = crate::text::slugify(unit.name);
        s.strip_prefix("phuong-")
            .or_else(|| s.strip_prefix("xa-"))
            .or_else(|| s.strip_prefix("dac-khu-"))
            .unwrap_or(&s)
            .to_string()
    });
    if !crate::text::is_slug(&slug) {
        return Err(ScaffoldError::InvalidFolder(slug));
    }
    let path = content.join(&slug).join(crate::load::WARD_FILE);
    let modeline = schemas
        .map(|dir| schema_line(&format!("../{dir}"), crate::schema::WARD_FILE))
        .unwrap_or_default();
    let text = format!(
        "{modeline}code: {}            # Mã đơn vị hành chính (5 chữ số)\n\
         name: {}\n\
         province: {}\n\
         established: 2025-07-01       # Ngày thành lập\n\
         # established_by: \"1685/NQ-UBTVQH15\"   # Nghị quyết thành lập\n\
         former_units: []               # Các đơn vị cũ: - {{name: \"Phường 1\", district: \"Quận 3\"}}\n\
         address: \"\"                    # Địa chỉ trụ sở\n\
         phone: \"\"\n\
         email: \"\"\n\
         office_hours: \"Thứ Hai – Thứ Sáu, 7:30–11:30 và 13:00–17:00\"\n\
         # Góp ý của người dân (điểm a khoản 2 Điều 35 Luật 10/2022/QH15): bỏ dấu # để bật.\n\
         # feedback:\n\
         #   email: \"\"                  # Liên kết Góp ý mở thư đến địa chỉ này\n\
         #   hotline: \"\"\n\
         #   postal_address: \"\"\n\
         #   city_system: {{name: \"\", url: \"\"}}\n\
         #   inspection_board: {{head: \"\", phone: \"\"}}\n\
         #   form_endpoint: \"\"          # Bỏ trống: trang không gửi gì đi\n",
        yaml_quoted(unit.code),
        yaml_quoted(unit.name),
        yaml_quoted(unit.province)
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// The first line of a data-only YAML file naming its schema for the YAML
/// language server: `schema_dir` is the schema folder as seen from the file's folder.
pub fn schema_line(schema_dir: &str, file: &str) -> String {
    format!("# yaml-language-server: $schema={schema_dir}/{file}\n")
}

/// The schema folder of `root` as seen from its content folder `content_dir`
/// (`content` → `../schemas`), when that folder exists and the content folder
/// is a plain relative path inside the repository.
pub fn schemas_from_content(root: &Path, content_dir: &Path) -> Option<String> {
    if !root.join(crate::schema::DIR).is_dir() {
        return None;
    }
    let mut up = String::new();
    for part in content_dir.components() {
        match part {
            std::path::Component::Normal(_) => up.push_str("../"),
            std::path::Component::CurDir => {}
            _ => return None,
        }
    }
    Some(format!("{up}{}", crate::schema::DIR))
}

/// A data-only example of `kind`, declared a draft, naming its schema.
pub fn example_record(kind: Kind, today: Date, schemas: &str) -> String {
    let title = format!("Ví dụ – {}", kind_title(kind));
    let skeleton = record_skeleton(kind, &title, today);
    let front = front_matter_of(&skeleton).replacen(
        "# status: draft                     # Bỏ dòng này để công khai",
        "status: draft                       # Bản nháp: xóa dòng này để công khai",
        1,
    );
    // A document's number follows the usual pattern, so the example is clean.
    let front = front.replacen("number: \"\"   ", "number: \"01/QĐ-UBND\"", 1);
    format!(
        "{}# Hồ sơ ví dụ: sửa theo mẫu, hoặc xóa tệp này.\n{front}",
        schema_line(
            &format!("../../{schemas}"),
            &crate::schema::record_file_name(kind)
        )
    )
}

/// The name of one record of `kind`, for example titles.
fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Plan => "kế hoạch",
        Kind::Land => "công khai đất đai",
        Kind::Fund => "quỹ",
        Kind::Dialogue => "kết quả đối thoại",
        Kind::Document => "văn bản",
        Kind::Procedure => "thủ tục hành chính",
        Kind::Budget => "công khai ngân sách",
        Kind::Asset => "tài sản công",
        Kind::Support => "chính sách hỗ trợ",
        Kind::Callup => "gọi nhập ngũ",
        Kind::Inspection => "kết quả thanh tra, kiểm tra",
        Kind::Consultation => "kết quả lấy ý kiến Nhân dân",
        Kind::Fee => "biểu phí, lệ phí",
    }
}

/// Why `init` wrote nothing, or stopped.
#[derive(Debug)]
pub enum InitError {
    /// The folder exists and is not empty.
    NotEmpty(PathBuf),
    /// No `--code` given.
    NoCode,
    /// Writing a ward or a file failed.
    Scaffold(ScaffoldError),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::NotEmpty(p) => write!(
                f,
                "thư mục {} đã có nội dung; chọn một thư mục mới hoặc trống",
                p.display()
            ),
            InitError::NoCode => write!(f, "cần ít nhất một `--code` (mã 5 chữ số của phường, xã)"),
            InitError::Scaffold(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for InitError {}

impl From<ScaffoldError> for InitError {
    fn from(e: ScaffoldError) -> Self {
        InitError::Scaffold(e)
    }
}

/// The VS Code settings of a new repository: each folder mapped to its
/// schema, UTF-8 and LF line ends whatever the system.
fn vscode_settings() -> String {
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        format!("./{}/{}", crate::schema::DIR, crate::schema::WARD_FILE),
        serde_json::json!(["content/*/ward.yaml"]),
    );
    for kind in Kind::ALL {
        let mut globs: Vec<String> = crate::schema::kind_names(kind)
            .iter()
            .map(|folder| format!("content/*/{folder}/*.yaml"))
            .collect();
        if kind == Kind::Document {
            globs.push("content/_shared/document/*.yaml".to_string());
        }
        schemas.insert(
            format!(
                "./{}/{}",
                crate::schema::DIR,
                crate::schema::record_file_name(kind)
            ),
            serde_json::json!(globs),
        );
    }
    let settings = serde_json::json!({
        "yaml.schemas": schemas,
        "yaml.validate": true,
        "yaml.completion": true,
        "files.encoding": "utf8",
        "files.eol": "\n",
        "files.insertFinalNewline": true,
        "[yaml]": { "editor.insertSpaces": true, "editor.tabSize": 2 },
        "evenBetterToml.schema.enabled": true
    });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

/// Creates a new repository in `dir` (new or empty) for the wards `codes`:
/// `congkhai.toml`, the schemas, a profile per ward from the national list,
/// one draft example per kind in each ward, editor settings, `.gitignore`
/// and CI files that check then publish. Returns the files written.
pub fn init(dir: &Path, codes: &[String], today: Date) -> Result<Vec<PathBuf>, InitError> {
    if codes.is_empty() {
        return Err(InitError::NoCode);
    }
    let not_empty = std::fs::read_dir(dir)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if not_empty || dir.is_file() {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    // Every code is looked up before anything is written.
    let mut units = Vec::new();
    for code in codes {
        let unit = crate::units::lookup(code.trim())
            .ok_or_else(|| ScaffoldError::UnknownCode(code.clone()))?;
        units.push(unit);
    }
    let mut written = Vec::new();
    let mut put = |rel: &str, text: &str| -> Result<(), ScaffoldError> {
        let path = dir.join(rel);
        write_new(&path, text)?;
        written.push(path);
        Ok(())
    };
    let names: Vec<&str> = units.iter().map(|u| u.name).collect();
    let title = if units.len() == 1 {
        format!("Công khai thông tin – {}", units[0].name)
    } else {
        format!("Công khai thông tin – {}", units[0].province)
    };
    put(
        "congkhai.toml",
        &format!(
            "#:schema ./{}/{}\n\
             # Cấu hình kho công khai (xem lược đồ trong schemas/ để biết mọi mục).\n\
             title = {}\n\
             description = {}\n\
             language = \"vi\"\n\
             content_dir = \"content\"\n\
             output_dir = \"public\"\n",
            crate::schema::DIR,
            crate::schema::CONFIG_FILE,
            toml_string(&title),
            toml_string(&format!("Hồ sơ công khai của {}", names.join(", "))),
        ),
    )?;
    let vscode = vscode_settings();
    put(".vscode/settings.json", &vscode)?;
    put(
        ".vscode/extensions.json",
        "{\n  \"recommendations\": [\"redhat.vscode-yaml\", \"tamasfe.even-better-toml\"]\n}\n",
    )?;
    put(".gitignore", include_str!("scaffold/gitignore"))?;
    let version = env!("CARGO_PKG_VERSION");
    put(
        ".github/workflows/pages.yml",
        &include_str!("scaffold/github-pages.yml").replace("{version}", version),
    )?;
    put(
        ".gitlab-ci.yml",
        &include_str!("scaffold/gitlab-ci.yml").replace("{version}", version),
    )?;
    put(
        "README.md",
        &include_str!("scaffold/README.md").replace("{wards}", &names.join(", ")),
    )?;
    let schema_dir = dir.join(crate::schema::DIR);
    let names = crate::schema::write_all(&schema_dir).map_err(|source| ScaffoldError::Io {
        path: schema_dir.clone(),
        source,
    })?;
    written.extend(names.iter().map(|n| schema_dir.join(n)));
    let content = dir.join("content");
    let schemas = "../schemas";
    for unit in &units {
        let profile = new_ward(&content, unit.code, None, Some(schemas))?;
        let ward_dir = profile.parent().unwrap_or(&content).to_path_buf();
        written.push(profile);
        for kind in Kind::ALL {
            let path = ward_dir
                .join(kind.slug())
                .join(format!("vi-du-{}.yaml", kind.slug()));
            write_new(&path, &example_record(kind, today, schemas))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_record_goes_in_its_year_in_the_kind_folder_there_is() {
        let dir = tempfile::tempdir().unwrap();
        let ward = dir.path();
        let today = Date::parse("2026-03-01").unwrap();
        assert_eq!(new_record_subfolder(today), "2026");
        assert_eq!(
            new_record_dir(ward, Kind::Fund, today),
            ward.join("fund/2026")
        );
        // A ward whose funds are in `quy/` gets its new ones there.
        std::fs::create_dir_all(ward.join("quy/2025")).unwrap();
        assert_eq!(
            new_record_dir(ward, Kind::Fund, today),
            ward.join("quy/2026")
        );
        std::fs::write(ward.join("quy/2025/so-quy.YML"), "title: x\n").unwrap();
        std::fs::create_dir_all(ward.join("fund")).unwrap();
        std::fs::write(ward.join("fund/hem.md"), "---\n---\n").unwrap();
        std::fs::write(ward.join("fund/ghi-chu.txt"), "").unwrap();
        assert_eq!(
            record_with_id(ward, Kind::Fund, "so-quy"),
            Some(ward.join("quy/2025/so-quy.YML"))
        );
        assert_eq!(
            record_with_id(ward, Kind::Fund, "hem"),
            Some(ward.join("fund/hem.md"))
        );
        assert_eq!(record_with_id(ward, Kind::Fund, "ghi-chu"), None);
        assert_eq!(record_with_id(ward, Kind::Plan, "hem"), None);
    }

    #[test]
    fn any_title_reads_back_as_written() {
        let today = Date::parse("2026-03-01").unwrap();
        for title in [
            r"Quỹ C:\duong\dan",
            "Quỹ \"Vì người nghèo\" 2026",
            r#"Kế hoạch \" ' \\ "#,
            "Tiêu đề\tcó tab và\u{7} chuông",
            "# không phải chú thích: {a: [b]}",
        ] {
            for kind in Kind::ALL {
                let text = record_skeleton(kind, title, today);
                assert_eq!(title_read_back(&text).as_deref(), Ok(title), "{kind:?}");
            }
        }
    }
}
