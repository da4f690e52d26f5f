//! `congkhai serve`: a live preview for editors. It builds the site in
//! memory with a [`Session`] (the same pipeline as `build`, with a cache),
//! serves it over HTTP on the loopback interface, watches the content, the
//! themes and `congkhai.toml`, and rebuilds only what a change affects. Open
//! pages reload over Server-Sent Events; errors show as an overlay on the page
//! while the last good version stays served. It writes nothing to disk
//! but what the editor at `/admin/` saves into the content folder
//! ([`admin`]).

pub mod admin;
mod http;

use crate::build::Session;
use crate::date::Date;
use crate::diagnostics::{self, Diagnostic, Lang, Severity};
use http::{Change, Shared, Status};
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashSet};
use std::io::{IsTerminal, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, oneshot, watch};

pub use http::{inject, EVENTS_PATH};

/// How long the files must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// Longest wait for quiet, when files keep changing.
const DEBOUNCE_MAX: Duration = Duration::from_millis(500);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Changed pages listed in a reload event; more means "reload every page".
const RELOAD_PATHS_MAX: usize = 500;
/// Findings printed after the first build; the rest are counted.
const FIRST_FINDINGS_MAX: usize = 20;

/// Options of `congkhai serve`.
pub struct Options {
    /// Repository root.
    pub root: PathBuf,
    /// Address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the preview in a browser.
    pub open: bool,
    /// Look at the files every half second instead of waiting for the
    /// system's notifications (network drives, some virtual machines).
    pub poll: bool,
    /// Date for statuses; `None`: today in Vietnam, at each rebuild.
    pub today: Option<Date>,
    /// Language of the findings.
    pub lang: Lang,
}

/// Work for the thread that owns the [`Session`].
pub enum Job {
    /// Files or folders changed.
    Changed(Vec<PathBuf>),
    /// A browser asks for a ward's search index: bring it up to date, then reply.
    Search(String, oneshot::Sender<()>),
    /// The server is stopping.
    Stop,
}

/// How long Ctrl-C waits for open requests and the rebuilding thread.
const GRACE: Duration = Duration::from_secs(2);

/// Why `serve` could not start or stopped on an error.
#[derive(Debug)]
pub enum ServeError {
    /// The repository cannot be opened (its findings, in the chosen language).
    Repository(Vec<Diagnostic>, Lang),
    /// The server's runtime or a thread could not start.
    Start(std::io::Error),
    /// The address cannot be listened on.
    Bind(SocketAddr, std::io::Error),
    /// The files cannot be watched.
    Watch {
        /// The folder.
        path: PathBuf,
        /// The watcher's error, if it gave one.
        error: Option<notify::Error>,
        /// Whether the system's notifications were used (`--poll` may help).
        notifications: bool,
    },
    /// The server stopped on an error.
    Server(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Repository(diags, lang) => {
                let text: Vec<String> = diags
                    .iter()
                    .map(|d| diagnostics::render(d, *lang, None, false))
                    .collect();
                write!(f, "{}", text.join("\n"))
            }
            ServeError::Start(e) => write!(f, "không khởi động được máy chủ: {e}"),
            ServeError::Bind(addr, e) => write!(f, "{}", bind_error(e, *addr)),
            ServeError::Watch {
                path,
                error,
                notifications,
            } => {
                write!(f, "không theo dõi được thư mục {}", path.display())?;
                if let Some(e) = error {
                    write!(f, ": {e}")?;
                }
                if *notifications {
                    write!(f, "; thử lại với `--poll`")?;
                }
                Ok(())
            }
            ServeError::Server(e) => write!(f, "máy chủ dừng vì lỗi: {e}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Start(e) | ServeError::Bind(_, e) | ServeError::Server(e) => Some(e),
            ServeError::Watch { error, .. } => error.as_ref().map(|e| e as _),
            ServeError::Repository(..) => None,
        }
    }
}

/// Builds, serves and watches until Ctrl-C.
pub fn run(opts: Options) -> Result<(), ServeError> {
    let session =
        Session::new(&opts.root, opts.today).map_err(|d| ServeError::Repository(d, opts.lang))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Start)?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| ServeError::Bind(addr, e))?;
    let local = listener.local_addr().map_err(ServeError::Start)?;

    let (jobs, queue) = mpsc::channel();
    let (stop, stopping) = watch::channel(false);
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(Default::default()),
        status: RwLock::new(Status::default()),
        events,
        jobs: jobs.clone(),
        stopping,
        inside: readable_folders(session.root()),
        hosts: http::Hosts { bind: opts.bind },
        stale_search: RwLock::new(BTreeSet::new()),
        root: session.root().to_path_buf(),
        today: opts.today,
    });

    let watcher = Watch::start(&session, opts.poll, jobs.clone())?;
    let (finished, builder_done) = mpsc::channel::<()>();
    {
        let shared = Arc::clone(&shared);
        let lang = opts.lang;
        std::thread::Builder::new()
            .name("congkhai-rebuild".into())
            .spawn(move || {
                rebuild_loop(session, watcher, &shared, &queue, lang);
                let _ = finished.send(());
            })
            .map_err(ServeError::Start)?;
    }
    // The first build happens before the address is announced, so that the
    // first page asked for is already there.
    let (ready, first) = oneshot::channel();
    let _ = jobs.send(Job::Search(String::new(), ready));
    let _ = runtime.block_on(first);

    let url = match local.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", local.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", local.port()),
    };
    println!("Xem trước tại {url}");
    println!("Đang theo dõi nội dung, giao diện và congkhai.toml; nhấn Ctrl-C để dừng.");
    if !local.ip().is_loopback() {
        println!(
            "Lưu ý: máy chủ mở cho cả mạng ({}); ai trong mạng cũng xem được bản nháp.",
            local.ip()
        );
    }
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }

    let app = http::router(Arc::clone(&shared));
    let served = runtime.block_on(async move {
        let (asked, asked_rx) = oneshot::channel::<()>();
        let shutdown = async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop.send(true);
            let _ = asked.send(());
        };
        let serving = axum::serve(listener, app).with_graceful_shutdown(shutdown);
        // Requests still open after Ctrl-C get a moment, not forever.
        let deadline = async move {
            if asked_rx.await.is_ok() {
                tokio::time::sleep(GRACE).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            served = serving => served,
            () = deadline => Ok(()),
        }
    });
    // A rebuild in progress is not waited for past the grace period: the
    // process ends, and the thread with it.
    let _ = jobs.send(Job::Stop);
    let _ = builder_done.recv_timeout(GRACE / 2);
    runtime.shutdown_timeout(GRACE / 2);
    match served {
        Ok(()) => {
            println!("Đã dừng.");
            Ok(())
        }
        Err(e) => Err(ServeError::Server(e)),
    }
}

/// The folders attachments may be read from: the repository and its
/// content folder (which may be a link elsewhere), resolved.
fn readable_folders(root: &Path) -> Vec<PathBuf> {
    let mut inside = vec![root.to_path_buf()];
    if let Ok(config) = crate::config::Config::load(root) {
        if let Ok(content) = crate::write::target::resolve(&root.join(config.content_dir)) {
            inside.push(content);
        }
    }
    inside
}

fn bind_error(e: &std::io::Error, addr: SocketAddr) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "cổng {port} trên {ip} đang được một chương trình khác dùng (có thể là một `congkhai serve` khác).\n\
             Dừng chương trình đó, hoặc chọn cổng khác, ví dụ: congkhai serve --port {next}",
            port = addr.port(),
            ip = addr.ip(),
            next = addr.port().wrapping_add(1).max(1024),
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "không được phép dùng cổng {}: cổng dưới 1024 cần quyền quản trị. Chọn cổng khác, ví dụ --port 8080",
            addr.port()
        ),
        std::io::ErrorKind::AddrNotAvailable => format!(
            "máy này không có địa chỉ {}: kiểm tra lại --bind (mặc định 127.0.0.1)",
            addr.ip()
        ),
        _ => format!("không mở được máy chủ tại {addr}: {e}"),
    }
}

/// Opens `url` in the default browser, if there is one; never fails.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        vec!["open", url]
    } else if cfg!(windows) {
        vec!["cmd", "/C", "start", "", url]
    } else {
        vec!["xdg-open", url]
    };
    let spawned = std::process::Command::new(command[0])
        .args(&command[1..])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        println!("Không mở được trình duyệt; hãy mở {url} bằng tay.");
    }
}

/// The watcher of the repository's files.
struct Watch {
    watcher: Box<dyn Watcher + Send>,
    /// What to watch, and whether it is watched now.
    targets: Vec<(PathBuf, RecursiveMode, bool)>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Starts the system's notifications (or polling) on the repository.
    /// Changes go to `jobs`; the rebuild loop waits for them to settle.
    fn start(session: &Session, poll: bool, jobs: mpsc::Sender<Job>) -> Result<Watch, ServeError> {
        let handler = move |res: notify::Result<notify::Event>| match res {
            // Reading a file is an event too (inotify's IN_OPEN): the build
            // itself reads every file, so those must not start a rebuild.
            Ok(event) if matches!(event.kind, notify::EventKind::Access(_)) => {}
            Ok(event) => {
                let _ = jobs.send(Job::Changed(event.paths));
            }
            Err(e) => eprintln!("cảnh báo: lỗi khi theo dõi tệp: {e}"),
        };
        let root = session.root().to_path_buf();
        let failed = |error| ServeError::Watch {
            path: root.clone(),
            error: Some(error),
            notifications: !poll,
        };
        let watcher: Box<dyn Watcher + Send> = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Box::new(notify::PollWatcher::new(handler, config).map_err(failed)?)
        } else {
            Box::new(
                notify::RecommendedWatcher::new(handler, notify::Config::default())
                    .map_err(failed)?,
            )
        };
        let watched = session.watched();
        // The root itself, not recursively: it sees congkhai.toml replaced
        // by an editor, and the content or themes folder appearing.
        let mut targets = vec![(root.clone(), RecursiveMode::NonRecursive, false)];
        targets.extend(
            watched
                .iter()
                .filter(|p| p.extension().is_none_or(|e| e != "toml"))
                .map(|p| (p.clone(), RecursiveMode::Recursive, false)),
        );
        let mut w = Watch {
            watcher,
            targets,
            root,
            watched,
        };
        w.ensure();
        if !w.targets[0].2 {
            return Err(ServeError::Watch {
                path: w.root.clone(),
                error: None,
                notifications: !poll,
            });
        }
        Ok(w)
    }

    /// Drops the watches of the folders that went away or were replaced
    /// (`content/` removed, or moved away and back), so that
    /// [`Watch::ensure`] watches them again where they are now.
    fn rearm(&mut self, changed: &BTreeSet<PathBuf>) {
        for (path, _, on) in self.targets.iter_mut().skip(1) {
            if *on && (changed.contains(path) || !path.is_dir()) {
                let _ = self.watcher.unwatch(path);
                *on = false;
            }
        }
    }

    /// Starts watching the targets that exist now.
    fn ensure(&mut self) {
        for (path, mode, on) in &mut self.targets {
            if !*on && path.is_dir() {
                *on = self.watcher.watch(path, *mode).is_ok();
            }
        }
    }

    /// Whether a changed path matters to the site.
    fn relevant(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let hidden = rel.components().any(|c| {
            let name = c.as_os_str().to_string_lossy();
            name.starts_with('.')
                || name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".swx")
        });
        !hidden && self.watched.iter().any(|w| path.starts_with(w))
    }
}

/// Owns the session: rebuilds after changes, refreshes search indexes when
/// asked, and tells the server and the open pages.
fn rebuild_loop(
    mut session: Session,
    mut watch: Watch,
    shared: &Shared,
    queue: &mpsc::Receiver<Job>,
    lang: Lang,
) {
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let mut builds = 0u64;
    let mut first = true;
    while let Ok(job) = queue.recv() {
        let mut changed = Vec::new();
        let mut searches = Vec::new();
        let mut stop = false;
        let mut take = |job: Job| match job {
            Job::Changed(paths) => changed.extend(paths),
            Job::Search(slug, reply) => searches.push((slug, reply)),
            Job::Stop => stop = true,
        };
        take(job);
        // Debounce: changes that come close together (an editor writes a
        // temporary file, then renames it) make one rebuild.
        let waiting = Instant::now();
        loop {
            match queue.recv_timeout(DEBOUNCE) {
                Ok(job) => take(job),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if waiting.elapsed() > DEBOUNCE_MAX {
                break;
            }
        }
        if stop {
            break;
        }
        let changed: BTreeSet<PathBuf> =
            changed.into_iter().filter(|p| watch.relevant(p)).collect();
        if first || !changed.is_empty() {
            watch.rearm(&changed);
            watch.ensure();
            for p in &changed {
                session.changed(p);
            }
            let t = Instant::now();
            // A title edit shows at once; the whole pipeline runs right
            // after and corrects anything the quick pass could not see.
            let quick = if first { None } else { session.quick() };
            let pass = match quick {
                Some(done) => {
                    let elapsed = t.elapsed();
                    let (done, pass) = (Ok(done), Pass::Quick);
                    publish(
                        &mut session,
                        shared,
                        done,
                        elapsed,
                        lang,
                        pass,
                        &mut builds,
                        started,
                    );
                    Pass::Check
                }
                None if first => Pass::First,
                None => Pass::Full,
            };
            let t = Instant::now();
            let result = session.rebuild();
            let elapsed = t.elapsed();
            publish(
                &mut session,
                shared,
                result,
                elapsed,
                lang,
                pass,
                &mut builds,
                started,
            );
            first = false;
        }
        for (slug, reply) in searches {
            if !slug.is_empty() {
                let (changed, removed) = session.refresh_search(&slug);
                if let Ok(mut files) = shared.files.write() {
                    for (p, o) in changed {
                        files.insert(p, o);
                    }
                    for p in removed {
                        files.remove(&p);
                    }
                }
            }
            let _ = reply.send(());
        }
        if let Ok(mut stale) = shared.stale_search.write() {
            stale.clone_from(session.stale_search());
        }
    }
}

/// Which rebuild a result comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// The first build.
    First,
    /// A quick rebuild (only the saved records read and their pages rendered).
    Quick,
    /// The whole pipeline after a quick rebuild: says something only when it
    /// finds what the quick one did not.
    Check,
    /// The whole pipeline.
    Full,
}

/// Puts a rebuild's result in front of the server, the pages and the editor.
#[allow(clippy::too_many_arguments)]
fn publish(
    session: &mut Session,
    shared: &Shared,
    result: Result<crate::build::session::Rebuilt, Vec<Diagnostic>>,
    elapsed: Duration,
    lang: Lang,
    pass: Pass,
    builds: &mut u64,
    started: u128,
) {
    let first = pass == Pass::First;
    let root = session.root().to_path_buf();
    match result {
        Ok(done) => {
            if let Ok(mut files) = shared.files.write() {
                for (p, o) in &done.changed {
                    files.insert(p.clone(), Arc::clone(o));
                }
                for p in &done.removed {
                    files.remove(p);
                }
            }
            // Before anyone hears of the new pages: their search index is
            // then known to be stale, and brought up to date when asked for.
            if let Ok(mut stale) = shared.stale_search.write() {
                stale.clone_from(session.stale_search());
            }
            let touched = !done.changed.is_empty() || !done.removed.is_empty();
            let change = {
                let Ok(mut status) = shared.status.write() else {
                    return;
                };
                let had_errors = !status.overlay.is_empty();
                status.overlay.clear();
                status.built = true;
                if touched || first {
                    *builds += 1;
                    status.build = format!("{started:x}-{builds}");
                }
                if touched {
                    Some(Change::Reload {
                        build: status.build.clone(),
                        paths: reload_paths(&done.changed, &done.removed),
                    })
                } else if had_errors {
                    Some(Change::Errors {
                        overlay: String::new(),
                    })
                } else {
                    None
                }
            };
            if let Some(change) = change {
                let _ = shared.events.send(change);
            }
            if pass == Pass::Check && !touched {
                return;
            }
            let findings: Vec<&Diagnostic> = if first {
                done.diagnostics.iter().collect()
            } else {
                done.diagnostics
                    .iter()
                    .filter(|d| done.sources.iter().any(|s| d.file.starts_with(s)))
                    .collect()
            };
            print_findings(&findings, lang, &root, first);
            if first {
                let pages = done.changed.len();
                println!("Đã dựng {pages} tệp trong {:.2} s.", elapsed.as_secs_f64());
            } else {
                // Temporary files of editors come and go: name what is there.
                let what: Vec<String> = done
                    .sources
                    .iter()
                    .filter(|p| root.join(p).exists())
                    .map(|p| p.display().to_string())
                    .collect();
                let stages: Vec<String> = done
                    .timings
                    .iter()
                    .map(|(stage, d)| format!("{stage} {}", d.as_millis()))
                    .collect();
                println!(
                    "↻ {}: {} tệp thay đổi, {} tệp dựng lại, {} ms ({})",
                    if what.is_empty() {
                        "tệp đã xoá, cấu hình hoặc giao diện".to_string()
                    } else {
                        what.join(", ")
                    },
                    done.changed.len() + done.removed.len(),
                    done.rendered,
                    elapsed.as_millis(),
                    stages.join(", ")
                );
            }
        }
        Err(diags) => {
            let overlay = http::overlay(&diags, lang, &root);
            let mut built = false;
            if let Ok(mut status) = shared.status.write() {
                status.overlay = overlay.clone();
                built = status.built;
            }
            let _ = shared.events.send(Change::Errors { overlay });
            let errors: Vec<&Diagnostic> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            print_findings(&errors, lang, &root, false);
            if built {
                eprintln!(
                    "✗ {} lỗi: trang vẫn giữ bản dựng tốt gần nhất; sửa rồi lưu lại để cập nhật.",
                    errors.len()
                );
            } else {
                eprintln!(
                    "✗ {} lỗi: chưa dựng được trang; sửa rồi lưu lại, trang sẽ tự hiện.",
                    errors.len()
                );
            }
        }
    }
    let _ = std::io::stdout().flush();
}

/// The URL paths of the HTML pages that changed, or `None` when something
/// every page uses (a stylesheet, a script) changed, or too many did.
fn reload_paths(
    changed: &[(PathBuf, Arc<crate::render::Output>)],
    removed: &[PathBuf],
) -> Option<Vec<String>> {
    let all: Vec<&PathBuf> = changed.iter().map(|(p, _)| p).chain(removed).collect();
    let mut pages = HashSet::new();
    for p in all {
        match p.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages.insert(format!("/{}", p.to_string_lossy().replace('\\', "/")));
            }
            Some("css") => return None,
            Some("js") if !p.components().any(|c| c.as_os_str() == "search") => return None,
            _ => {}
        }
    }
    if pages.len() > RELOAD_PATHS_MAX {
        return None;
    }
    let mut pages: Vec<String> = pages.into_iter().collect();
    pages.sort();
    Some(pages)
}

fn print_findings(findings: &[&Diagnostic], lang: Lang, root: &Path, first: bool) {
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let limit = if first {
        FIRST_FINDINGS_MAX
    } else {
        usize::MAX
    };
    for d in findings.iter().take(limit) {
        let line = source_line(root, &d.file, d.line);
        eprintln!(
            "{}\n",
            diagnostics::render(d, lang, line.as_deref(), styled)
        );
    }
    if findings.len() > limit {
        eprintln!(
            "… và {} ghi chú/cảnh báo khác: chạy `congkhai check` để xem hết.",
            findings.len() - limit
        );
    }
}

/// Line `line` (1-based) of `file` (relative to `root`), for showing a
/// finding: the same reader as `check`'s, so the caret falls alike.
fn source_line(root: &Path, file: &Path, line: usize) -> Option<String> {
    diagnostics::source_line(root, file, line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Output;

    #[test]
    fn reload_lists_pages_unless_a_shared_asset_changed() {
        let page = |p: &str| {
            (
                PathBuf::from(p),
                Arc::new(Output::Bytes(PathBuf::from(p), Vec::new())),
            )
        };
        let paths = reload_paths(
            &[
                page("ban-co/fund/a.html"),
                page("index.html"),
                page("ban-co/search/terms-1.js"),
            ],
            &[PathBuf::from("ban-co/fund/b.html")],
        );
        assert_eq!(
            paths,
            Some(vec![
                "/ban-co/fund/a.html".to_string(),
                "/ban-co/fund/b.html".into(),
                "/index.html".into()
            ])
        );
        assert_eq!(reload_paths(&[page("ban-co/assets/style.css")], &[]), None);
    }
}
