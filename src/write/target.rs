//! Where a build may write, decided before anything is written: the output
//! path resolved (symlinks and `..` followed, as the system will follow
//! them), then refused when it would replace the repository's sources or a
//! folder that is not a site congkhai wrote. A lock beside the output keeps
//! a second build out while one is writing.

use std::fmt;
use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file every site congkhai writes carries at its root. A non-empty
/// folder without it is not replaced unless `--force` says so.
pub const MARKER: &str = ".congkhai-site";

/// What the marker file says, to whoever finds it.
pub const MARKER_TEXT: &str = "Thư mục này do congkhai dựng (congkhai build). Mỗi lần dựng thay toàn bộ nội dung thư mục; đừng để tệp khác ở đây.\nThis folder is written by congkhai build; each build replaces all of it.\n";

/// Why a build may not write where it was asked to.
#[derive(Debug)]
pub enum TargetError {
    /// The output is, is inside, or contains the repository's sources.
    Sources {
        /// The output, resolved.
        out: PathBuf,
        /// The source folder it overlaps.
        source: PathBuf,
    },
    /// `output_dir` of `congkhai.toml` leads outside the repository.
    ConfigOutside {
        /// The output, resolved.
        out: PathBuf,
        /// The repository root, resolved.
        root: PathBuf,
    },
    /// A non-empty folder without the marker of a congkhai site.
    NotASite {
        /// The output, resolved.
        out: PathBuf,
    },
    /// Something other than a folder (a file, a broken link…).
    NotAFolder {
        /// The output as given or resolved.
        out: PathBuf,
    },
    /// A file or link where the staging folder goes, not left by congkhai.
    Staging {
        /// The staging path.
        path: PathBuf,
    },
    /// Another build is writing the same output.
    Busy {
        /// The output, resolved.
        out: PathBuf,
    },
    /// The system refused to read or create a path.
    Io {
        /// The path.
        path: PathBuf,
        /// The system's error.
        error: io::Error,
    },
}

impl TargetError {
    /// The diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            TargetError::Sources { .. } => "E0021",
            TargetError::NotASite { .. } => "E0022",
            TargetError::NotAFolder { .. } => "E0023",
            TargetError::ConfigOutside { .. } => "E0024",
            TargetError::Staging { .. } => "E0025",
            TargetError::Busy { .. } => "E0026",
            TargetError::Io { .. } => "E0020",
        }
    }

    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            TargetError::Sources { out, .. }
            | TargetError::ConfigOutside { out, .. }
            | TargetError::NotASite { out }
            | TargetError::NotAFolder { out }
            | TargetError::Busy { out } => out,
            TargetError::Staging { path } | TargetError::Io { path, .. } => path,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            TargetError::Sources { .. } => {
                "Chọn `--out` là một thư mục riêng, ví dụ `public`.".into()
            }
            TargetError::ConfigOutside { .. } => "Đặt `output_dir` là một thư mục trong kho, ví dụ `public`; muốn ghi ra ngoài kho thì dùng `--out` trên dòng lệnh.".into(),
            TargetError::NotASite { out } => format!(
                "Chọn một thư mục trống hoặc chưa có. Nếu chắc chắn muốn xoá mọi tệp trong {} để ghi trang vào đó, chạy lại với `--force`.",
                out.display()
            ),
            TargetError::NotAFolder { .. } => "Chọn `--out` là một thư mục (chưa có, trống, hoặc trang congkhai đã dựng).".into(),
            TargetError::Staging { path } => format!(
                "Xem {} là gì; xoá hoặc đổi tên nó rồi chạy lại.",
                path.display()
            ),
            TargetError::Busy { .. } => "Chờ lần dựng kia xong rồi chạy lại.".into(),
            TargetError::Io { .. } => {
                "Kiểm tra quyền ghi và dung lượng đĩa; trang cũ vẫn được giữ nguyên.".into()
            }
        }
    }
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::Sources { out, source } => write!(
                f,
                "thư mục đầu ra {} trùng, nằm trong hoặc chứa nguồn của kho ({}); từ chối ghi đè",
                out.display(),
                source.display()
            ),
            TargetError::ConfigOutside { out, root } => write!(
                f,
                "`output_dir` trong congkhai.toml trỏ ra ngoài kho ({} không nằm trong {}); từ chối ghi",
                out.display(),
                root.display()
            ),
            TargetError::NotASite { out } => write!(
                f,
                "thư mục đầu ra {} đã có tệp và không phải trang do congkhai dựng (thiếu tệp {MARKER}); từ chối xoá nội dung của nó",
                out.display()
            ),
            TargetError::NotAFolder { out } => write!(
                f,
                "đầu ra {} đã có và không phải thư mục; từ chối thay nó",
                out.display()
            ),
            TargetError::Staging { path } => write!(
                f,
                "{} đã có và không phải thư mục tạm của congkhai (một liên kết, một tệp, hoặc thư mục lạ); từ chối dùng hay xoá nó",
                path.display()
            ),
            TargetError::Busy { out } => write!(
                f,
                "một lần dựng khác đang ghi vào {}",
                out.display()
            ),
            TargetError::Io { path, error } => {
                write!(f, "không ghi được trang ({}): {error}", path.display())
            }
        }
    }
}

impl std::error::Error for TargetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TargetError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// `path` as the system will see it: absolute, every symlink of the part
/// that exists followed, `..` and `.` resolved. The part that does not exist
/// yet is taken as written.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut real = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => real.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                let next = real.join(name);
                match std::fs::canonicalize(&next) {
                    Ok(canonical) => real = canonical,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        if next.symlink_metadata().is_ok() {
                            // A link to nowhere: writing through it would
                            // create whatever it names.
                            return Err(io::Error::new(
                                io::ErrorKind::InvalidInput,
                                format!("{} là liên kết tới nơi không có", next.display()),
                            ));
                        }
                        real = next;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(real)
}

/// Whether `a` and `b` overlap: one is the other or inside it.
fn overlaps(a: &Path, b: &Path) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// A checked output folder, locked for this build until dropped.
#[derive(Debug)]
pub struct Target {
    /// The output folder, resolved.
    pub out: PathBuf,
    /// The repository root and content folder, resolved: the only places
    /// files are copied from.
    pub inside: Vec<PathBuf>,
    /// Held while the build writes; released when dropped.
    _lock: File,
}

/// Opens `source` for reading if it is a regular file inside one of
/// `inside` (resolved folders) and not in a hidden folder there, reached
/// without a link at its last step: an attachment replaced by a link that
/// leaves the repository (or points into `.git`) is not read.
pub fn open_inside(inside: &[PathBuf], source: &Path) -> io::Result<File> {
    let denied = || {
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} nằm ngoài kho hoặc trong thư mục ẩn; không đọc",
                source.display()
            ),
        )
    };
    let real = source.canonicalize()?;
    let rel = inside
        .iter()
        .find_map(|dir| real.strip_prefix(dir).ok())
        .ok_or_else(denied)?;
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Err(denied());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // The path is canonical: a link there now was put there since.
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(&real)?;
    if !file.metadata()?.is_file() {
        return Err(denied());
    }
    Ok(file)
}

/// The repository's sources an output may not touch.
pub struct Sources<'a> {
    /// The repository root.
    pub root: &'a Path,
    /// The content folder, as configured (relative to the root or absolute).
    pub content: &'a Path,
    /// Whether the output comes from `congkhai.toml` rather than `--out`.
    pub from_config: bool,
}

/// Checks `out` and takes the lock on it. `force` allows replacing a
/// non-empty folder that is not a congkhai site; nothing allows replacing
/// the sources.
pub fn open(out: &Path, sources: &Sources, force: bool) -> Result<Target, TargetError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| TargetError::Io { path, error }
    };
    let real = match resolve(out) {
        Ok(p) => p,
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            return Err(TargetError::NotAFolder {
                out: out.to_path_buf(),
            })
        }
        Err(e) => return Err(io(out)(e)),
    };
    let root = resolve(sources.root).map_err(io(sources.root))?;
    let content = resolve(&sources.root.join(sources.content)).map_err(io(sources.content))?;
    let inside = vec![root.clone(), content.clone()];
    // The repository itself, or a folder that holds it.
    if root.starts_with(&real) {
        return Err(TargetError::Sources {
            out: real,
            source: root,
        });
    }
    // The content and the themes: neither inside them nor holding them.
    let themes = resolve(&root.join("themes")).map_err(io(&root))?;
    for source in [content, themes] {
        if overlaps(&real, &source) {
            return Err(TargetError::Sources { out: real, source });
        }
    }
    // Hidden folders of the repository (`.git`, `.github`…).
    if let Ok(rel) = real.strip_prefix(&root) {
        if let Some(first) = rel.components().next() {
            if first.as_os_str().to_string_lossy().starts_with('.') {
                return Err(TargetError::Sources {
                    source: root.join(first.as_os_str()),
                    out: real,
                });
            }
        }
    }
    if sources.from_config && !real.starts_with(&root) {
        return Err(TargetError::ConfigOutside { out: real, root });
    }
    // Checked before the lock is taken (a refused output gets no lock file
    // beside it) and again once it is held.
    let check = |real: &Path| match std::fs::symlink_metadata(real) {
        Ok(m) if m.is_dir() => {
            if !force && !is_site_or_empty(real).map_err(io(real))? {
                return Err(TargetError::NotASite {
                    out: real.to_path_buf(),
                });
            }
            Ok(())
        }
        Ok(_) => Err(TargetError::NotAFolder {
            out: real.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(real)(e)),
    };
    check(&real)?;
    let parent = real.parent().unwrap_or(&real).to_path_buf();
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let lock = lock(&real)?;
    check(&real)?;
    Ok(Target {
        out: real,
        inside,
        _lock: lock,
    })
}

/// Whether `dir` (a real folder) is empty or holds a congkhai site.
pub fn is_site_or_empty(dir: &Path) -> io::Result<bool> {
    if std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return Ok(true);
    }
    Ok(std::fs::read_dir(dir)?.next().is_none())
}

/// The path of the lock file of `out`: beside it, hidden.
pub fn lock_path(out: &Path) -> PathBuf {
    super::sibling(out, "lock")
}

/// Takes the lock of `out`, or says another build holds it.
fn lock(out: &Path) -> Result<File, TargetError> {
    let path = lock_path(out);
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never through a link: the lock file is only ever a plain file.
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options
        .open(&path)
        .map_err(|error| match error.raw_os_error() {
            #[cfg(unix)]
            Some(libc::ELOOP) => TargetError::Staging { path: path.clone() },
            _ => TargetError::Io {
                path: path.clone(),
                error,
            },
        })?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a file descriptor this function owns.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc != 0 {
            let error = io::Error::last_os_error();
            return Err(match error.raw_os_error() {
                Some(libc::EWOULDBLOCK) => TargetError::Busy {
                    out: out.to_path_buf(),
                },
                _ => TargetError::Io { path, error },
            });
        }
    }
    Ok(file)
}
