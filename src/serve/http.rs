//! The HTTP side of `serve`: files from the last good build, kept in memory;
//! the live-reload script and the error overlay added to HTML pages; the
//! Server-Sent Events that tell open pages to reload. Requests naming a host
//! other than this computer (DNS rebinding) and anything but reading are
//! refused; attachments are read only from inside the repository.

use crate::diagnostics::{Diagnostic, Lang, Severity};
use crate::render::Output;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, StreamExt};
use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{mpsc, Arc, RwLock};
use tokio::sync::{broadcast, oneshot, watch};

/// Where the event stream is served.
pub const EVENTS_PATH: &str = "/__congkhai/events";

/// The live-reload script.
const LIVE_JS: &str = include_str!("live.js");
/// The overlay's style.
const OVERLAY_CSS: &str = include_str!("overlay.css");
/// At most this many errors are listed in the overlay.
const OVERLAY_MAX: usize = 20;
/// Longest wait for a ward's search index to be brought up to date; after
/// it, the last one built is served.
const SEARCH_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// What the server shares with the thread that rebuilds.
pub struct Shared {
    /// The files of the last good build, by path relative to the site root.
    pub files: RwLock<HashMap<PathBuf, Arc<Output>>>,
    /// The current build and errors.
    pub status: RwLock<Status>,
    /// Tells open pages what happened.
    pub events: broadcast::Sender<Change>,
    /// Work for the rebuilding thread.
    pub jobs: mpsc::Sender<super::Job>,
    /// Becomes `true` when the server stops, to end the event streams.
    pub stopping: watch::Receiver<bool>,
    /// The repository root and its content folder, resolved: attachments
    /// are read only inside them.
    pub inside: Vec<PathBuf>,
    /// Which `Host:` headers are answered.
    pub hosts: Hosts,
    /// Wards whose search index is older than their pages.
    pub stale_search: RwLock<BTreeSet<String>>,
    /// The repository root, as given: the editor's API edits its content.
    pub root: PathBuf,
    /// `--today`, if given: the day a record created in the editor is made.
    pub today: Option<crate::date::Date>,
}

/// The names the preview answers to: this computer's (`localhost`,
/// `127.0.0.1`, `[::1]`), the address it listens on, and, listening on every
/// address (`--bind 0.0.0.0`), any address written as numbers. Never another
/// name: a web page whose name is made to point here (DNS rebinding) could
/// otherwise read the preview.
#[derive(Debug, Clone, Copy)]
pub struct Hosts {
    /// The address listened on.
    pub bind: IpAddr,
}

impl Hosts {
    /// Whether a request with this `Host:` header is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if name == "localhost" {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || self.bind.is_unspecified() || ip == self.bind,
            Err(_) => false,
        }
    }
}

/// The host of a `Host:` header without its port (and an IPv6 address
/// without its brackets); `None` when it is malformed.
fn host_name(host: &str) -> Option<&str> {
    let port_ok = |p: &str| p.is_empty() || p.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = host.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) if !p.is_empty() => p,
            Some(_) => return None,
            None if after.is_empty() => "",
            None => return None,
        };
        return port_ok(port).then_some(ip);
    }
    match host.split_once(':') {
        Some((name, port)) if port_ok(port) && !port.is_empty() => Some(name),
        Some(_) => None,
        None => Some(host),
    }
}

/// Refused: a host this computer is not (403), a write from another site
/// (403), any other method than reading (405) except a JSON `POST` to the
/// editing API (anything else there: 415).
async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"));
    if let Some(host) = host {
        if !shared.hosts.allows(host) {
            return refusal(
                StatusCode::FORBIDDEN,
                "Máy chủ xem trước chỉ trả lời địa chỉ của máy này (localhost, 127.0.0.1, [::1]); tên miền khác bị từ chối. Muốn cho máy khác xem, chạy `congkhai serve --bind 0.0.0.0` rồi mở bằng địa chỉ IP.",
            );
        }
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        let origin = req.headers().get(header::ORIGIN).map(HeaderValue::as_bytes);
        let same = match (origin, host) {
            (None, _) => true,
            (Some(o), Some(h)) => o == format!("http://{h}").as_bytes(),
            (Some(_), None) => false,
        };
        if !same {
            return refusal(
                StatusCode::FORBIDDEN,
                "Yêu cầu ghi từ một trang web khác bị từ chối.",
            );
        }
        if *req.method() == Method::POST && req.uri().path() == super::admin::API_PATH {
            // JSON only: a form on another site cannot send it, and a
            // script there must ask first (and is refused above).
            let json = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim_start().starts_with("application/json"));
            if !json {
                return refusal(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "API soạn hồ sơ chỉ nhận JSON (Content-Type: application/json).",
                );
            }
            return next.run(req).await;
        }
        let mut r = refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            "Bản xem trước chỉ cho đọc (GET).",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    next.run(req).await
}

fn refusal(code: StatusCode, message: &'static str) -> Response {
    let mut r = (code, message).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// The bytes of `source` if it is a regular file inside one of `inside`
/// (resolved) and not in a hidden folder: an attachment replaced by a link
/// that leaves the repository is not read.
fn read_inside(inside: &[PathBuf], source: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = crate::write::target::open_inside(inside, source)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The state pages are compared with.
#[derive(Default)]
pub struct Status {
    /// Identifies the last good build; changes whenever files change.
    pub build: String,
    /// Whether any build succeeded yet.
    pub built: bool,
    /// The overlay listing the current errors, empty when there are none.
    pub overlay: String,
}

/// What the event stream announces.
#[derive(Clone, Debug)]
pub enum Change {
    /// New files: pages at `paths` (URL paths), or every page when `None`,
    /// should reload.
    Reload {
        /// The new build.
        build: String,
        /// The HTML pages that changed or went away.
        paths: Option<Vec<String>>,
    },
    /// The errors changed (the overlay is empty when they are fixed).
    Errors {
        /// The overlay's HTML.
        overlay: String,
    },
}

/// The routes: the event stream, and every other path from the files.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route("/admin", get(super::admin::page))
        .route("/admin/", get(super::admin::page))
        .route("/admin/{*name}", get(super::admin::page))
        .route(
            super::admin::API_PATH,
            axum::routing::post(super::admin::api),
        )
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            guard,
        ))
        .with_state(shared)
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    // Subscribe first, so that nothing between the greeting and the stream is lost.
    let rx = shared.events.subscribe();
    let hello = match shared.status.read() {
        Ok(s) => serde_json::json!({ "build": s.build, "overlay": s.overlay }),
        Err(_) => serde_json::json!({}),
    };
    let first = stream::once(async move {
        Ok::<Event, Infallible>(Event::default().event("hello").data(hello.to_string()))
    });
    let rest = stream::unfold(
        (rx, shared.stopping.clone()),
        |(mut rx, mut stopping)| async move {
            if *stopping.borrow() {
                return None;
            }
            let change = tokio::select! {
                _ = stopping.changed() => return None,
                got = rx.recv() => match got {
                    Ok(change) => change,
                    // Missed some: reloading is always right.
                    Err(broadcast::error::RecvError::Lagged(_)) => Change::Reload {
                        build: String::new(),
                        paths: None,
                    },
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            Some((Ok(sse_event(&change)), (rx, stopping)))
        },
    );
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

fn sse_event(change: &Change) -> Event {
    match change {
        Change::Reload { build, paths } => Event::default()
            .event("reload")
            .data(serde_json::json!({ "build": build, "paths": paths }).to_string()),
        Change::Errors { overlay } => Event::default()
            .event("errors")
            .data(serde_json::json!({ "overlay": overlay }).to_string()),
    }
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let Some(mut rel) = site_path(uri.path()) else {
        return not_found(&shared);
    };
    if rel.as_os_str().is_empty() || uri.path().ends_with('/') {
        rel.push("index.html");
    }
    if let Some(ward) = search_ward(&rel) {
        // The index of a ward is built again only when a browser asks for
        // it, and waited for only so long: a rebuild in progress never keeps
        // the last index from being served.
        let stale = shared.stale_search.read().is_ok_and(|s| s.contains(&ward));
        let (reply, done) = oneshot::channel();
        if stale && shared.jobs.send(super::Job::Search(ward, reply)).is_ok() {
            let _ = tokio::time::timeout(SEARCH_WAIT, done).await;
        }
    }
    let found = shared.files.read().ok().and_then(|f| f.get(&rel).cloned());
    let Some(output) = found else {
        let folder = shared
            .files
            .read()
            .is_ok_and(|f| f.contains_key(&rel.join("index.html")));
        if folder {
            // Relative links in the folder's index need the trailing slash.
            return redirect(&format!("/{}/", rel.to_string_lossy().replace('\\', "/")));
        }
        if !shared.status.read().is_ok_and(|s| s.built) && is_page(&rel) {
            return html_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &shared,
                NOT_BUILT.as_bytes(),
            );
        }
        return not_found(&shared);
    };
    match &*output {
        Output::Bytes(path, bytes) if is_page(path) => {
            html_response(StatusCode::OK, &shared, bytes)
        }
        Output::Bytes(path, bytes) => typed(StatusCode::OK, path, Body::from(bytes.clone())),
        Output::Copy(path, source) => {
            let (inside, source) = (shared.inside.clone(), source.clone());
            match tokio::task::spawn_blocking(move || read_inside(&inside, &source)).await {
                Ok(Ok(bytes)) => typed(StatusCode::OK, path, Body::from(bytes)),
                _ => not_found(&shared),
            }
        }
    }
}

/// A page shown while no build has succeeded.
const NOT_BUILT: &str = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Chưa dựng được trang</title></head><body><h1>Chưa dựng được trang</h1><p>Kho nội dung đang có lỗi (xem danh sách bên dưới và cửa sổ dòng lệnh). Sửa rồi lưu lại: trang sẽ tự tải lại.</p></body></html>";

/// A page for paths the site does not have.
const NOT_FOUND: &str = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Không có trang này</title></head><body><h1>Không có trang này</h1><p><a href=\"/index.html\">Về trang chính</a>. Trang sẽ tự tải lại khi nội dung thay đổi.</p></body></html>";

fn not_found(shared: &Shared) -> Response {
    html_response(StatusCode::NOT_FOUND, shared, NOT_FOUND.as_bytes())
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn html_response(code: StatusCode, shared: &Shared, bytes: &[u8]) -> Response {
    let (build, overlay) = match shared.status.read() {
        Ok(s) => (s.build.clone(), s.overlay.clone()),
        Err(_) => (String::new(), String::new()),
    };
    let body = inject(bytes, &build, &overlay);
    typed(code, Path::new("page.html"), Body::from(body))
}

/// A `200 OK` answer with the content type of `path`, never cached.
pub fn typed_response(path: &Path, body: Body) -> Response {
    typed(StatusCode::OK, path, body)
}

fn typed(code: StatusCode, path: &Path, body: Body) -> Response {
    let mut r = (code, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    // A preview must never show a stale copy.
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The page with the live-reload script (and the overlay, when there are
/// errors) added before `</body>`.
pub fn inject(page: &[u8], build: &str, overlay: &str) -> Vec<u8> {
    let snippet = format!(
        "{overlay}<script data-build=\"{}\">{LIVE_JS}</script>\n",
        escape(build)
    );
    let at = find_last(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + snippet.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The overlay listing errors: file, line, message, help; empty without errors.
pub fn overlay(diags: &[Diagnostic], lang: Lang, root: &Path) -> String {
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<div id=\"congkhai-overlay\" role=\"alert\"><style>{OVERLAY_CSS}</style><div class=\"ck-box\">\
         <h2>Có {} lỗi: trang đang hiện bản dựng tốt gần nhất</h2>\
         <p>Sửa các chỗ dưới đây rồi lưu tệp: trang sẽ tự cập nhật.</p><ol>",
        errors.len()
    );
    for d in errors.iter().take(OVERLAY_MAX) {
        let mut place = d.file.display().to_string();
        if d.line > 0 {
            place.push_str(&format!(":{}", d.line));
            if d.column > 0 {
                place.push_str(&format!(":{}", d.column));
            }
        }
        html.push_str(&format!(
            "<li><span class=\"ck-where\">{}</span><span class=\"ck-code\">{}</span><p class=\"ck-message\">{}</p>",
            escape(&place),
            d.code,
            escape(&d.message_in(lang))
        ));
        if let Some(line) = super::source_line(root, &d.file, d.line) {
            html.push_str(&format!("<pre class=\"ck-source\">{}</pre>", escape(&line)));
        }
        if let Some(help) = d.help_in(lang) {
            html.push_str(&format!("<p class=\"ck-help\">{}</p>", escape(&help)));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol>");
    if errors.len() > OVERLAY_MAX {
        html.push_str(&format!(
            "<p>… và {} lỗi khác (xem cửa sổ dòng lệnh).</p>",
            errors.len() - OVERLAY_MAX
        ));
    }
    html.push_str(
        "<button type=\"button\" onclick=\"var o=document.getElementById('congkhai-overlay');o.parentNode.removeChild(o)\">Ẩn</button></div></div>",
    );
    html
}

/// Escapes text for HTML, as the theme does.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::render::theme::escape_html_into(&mut out, s);
    out
}

/// The site path of a URL path: decoded, with no way out of the site.
fn site_path(url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url)?;
    let mut rel = PathBuf::new();
    for c in Path::new(&decoded).components() {
        match c {
            Component::Normal(part) => rel.push(part),
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    Some(rel)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The ward whose search index `rel` belongs to (`<ward>/search/…`).
fn search_ward(rel: &Path) -> Option<String> {
    let mut parts = rel.components();
    let ward = parts.next()?.as_os_str().to_str()?.to_string();
    let folder = parts.next()?;
    (folder.as_os_str() == "search" && parts.next().is_some()).then_some(ward)
}

fn is_page(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html" || e == "htm")
}

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "atom" => "application/atom+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, "b1", "")).unwrap();
        let script = out.find("<script data-build=\"b1\">").unwrap();
        assert!(script > out.find("<p>x</p>").unwrap());
        assert!(script < out.find("</body>").unwrap());
        assert!(out.contains("/__congkhai/events"));
        // A page without </body> gets the script at the end.
        let out = String::from_utf8(inject(b"<p>x</p>", "b1", "")).unwrap();
        assert!(out.starts_with("<p>x</p><script"));
    }

    #[test]
    fn overlay_names_file_line_and_message_escaped() {
        let d =
            Diagnostic::error("E0103", "content/a/fund/x.md", 12, "giá trị `<b>` sai").at_column(3);
        let html = overlay(&[d], Lang::Vi, Path::new("/nonexistent"));
        assert!(html.contains("content/a/fund/x.md:12:3"));
        assert!(html.contains("giá trị `&lt;b&gt;` sai"));
        assert!(html.contains("E0103"));
        let warning = Diagnostic::warning("W0113", "x.md", 1, "w");
        assert_eq!(overlay(&[warning], Lang::Vi, Path::new("/")), "");
    }

    #[test]
    fn only_this_computers_names_are_answered() {
        let local = Hosts {
            bind: "127.0.0.1".parse().unwrap(),
        };
        for ok in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST",
            "localhost.:80",
            "[::1]:1111",
            "[::1]",
            "127.0.0.2:1111",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "192.168.1.5:1111",
            "[::1",
            "::1",
            "127.0.0.1:x",
            "",
        ] {
            assert!(!local.allows(refused), "{refused}");
        }
        let lan = Hosts {
            bind: "192.168.1.5".parse().unwrap(),
        };
        assert!(lan.allows("192.168.1.5:1111") && lan.allows("localhost"));
        assert!(!lan.allows("10.0.0.1") && !lan.allows("nas.local"));
        let all = Hosts {
            bind: "0.0.0.0".parse().unwrap(),
        };
        assert!(all.allows("10.0.0.7:1111") && all.allows("[fe80::1]:1111"));
        assert!(!all.allows("evil.example:1111"));
    }

    #[test]
    fn attachments_are_read_only_inside_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("repo");
        std::fs::create_dir_all(root.join("content/.git")).unwrap();
        std::fs::write(root.join("content/a.pdf"), "pdf").unwrap();
        std::fs::write(root.join("content/.git/config"), "secret").unwrap();
        std::fs::write(base.join("passwd"), "secret").unwrap();
        assert_eq!(
            read_inside(std::slice::from_ref(&root), &root.join("content/a.pdf")).unwrap(),
            b"pdf"
        );
        assert!(read_inside(
            std::slice::from_ref(&root),
            &root.join("content/.git/config")
        )
        .is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("passwd"), root.join("content/b.pdf")).unwrap();
            assert!(read_inside(std::slice::from_ref(&root), &root.join("content/b.pdf")).is_err());
            std::os::unix::fs::symlink(root.join("content/a.pdf"), root.join("content/c.pdf"))
                .unwrap();
            assert_eq!(
                read_inside(std::slice::from_ref(&root), &root.join("content/c.pdf")).unwrap(),
                b"pdf"
            );
        }
    }

    #[test]
    fn url_paths_stay_inside_the_site() {
        assert_eq!(
            site_path("/ban-co/fund/a.html"),
            Some(PathBuf::from("ban-co/fund/a.html"))
        );
        assert_eq!(site_path("/"), Some(PathBuf::new()));
        assert_eq!(site_path("/a%20b.html"), Some(PathBuf::from("a b.html")));
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/a/%2e%2e/%2e%2e/x"), None);
        assert_eq!(site_path("/%zz"), None);
        assert_eq!(
            search_ward(Path::new("ban-co/search/terms-1.js")),
            Some("ban-co".into())
        );
        assert_eq!(search_ward(Path::new("ban-co/search.html")), None);
    }
}
