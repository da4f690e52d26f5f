//! `/admin/`: forms in the browser for editing records, served by `serve`
//! only (never written into a build). The editor is Decap CMS, vendored
//! from npm at a pinned version (`vendor/decap-cms/`, checked against its
//! recorded SHA-256 sums) and embedded in the binary, so it works offline
//! and loads nothing from another host. Its configuration is made from the
//! JSON Schema at each request ([`config`]); it saves through this
//! server's editing API ([`api`]), and a save rebuilds the preview.

pub mod api;
pub mod config;

use super::http::{typed_response, Shared};
use super::Job;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// Where the editor is served.
pub const ADMIN_PATH: &str = "/admin/";
/// Where the editing API answers.
pub const API_PATH: &str = "/api/v1";

/// The editor's page.
const INDEX_HTML: &str = include_str!("index.html");
/// Shows the rebuild's errors over the editor.
const ADMIN_JS: &str = include_str!("admin.js");
/// The vendored editor's files (scripts/vendor-decap).
pub const DIST_ZIP: &[u8] = include_bytes!("../../../vendor/decap-cms/dist.zip");
/// The SHA-256 of each vendored file as npm ships it.
pub const SHA256SUMS: &str = include_str!("../../../vendor/decap-cms/SHA256SUMS");

/// The embedded file `name` of the editor, decompressed once.
pub fn vendored(name: &str) -> Option<Arc<Vec<u8>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Vec<u8>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(bytes) = cache.lock().ok()?.get(name) {
        return Some(Arc::clone(bytes));
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(DIST_ZIP)).ok()?;
    let mut file = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let bytes = Arc::new(bytes);
    cache
        .lock()
        .ok()?
        .insert(name.to_string(), Arc::clone(&bytes));
    Some(bytes)
}

/// The names of the embedded files.
pub fn vendored_names() -> Vec<String> {
    zip::ZipArchive::new(std::io::Cursor::new(DIST_ZIP))
        .map(|a| a.file_names().map(str::to_string).collect())
        .unwrap_or_default()
}

/// GET under `/admin`: the page, its configuration, the editor's files.
pub async fn page(State(shared): State<Arc<Shared>>, uri: Uri, req: Request) -> Response {
    let name = uri.path().strip_prefix(ADMIN_PATH).unwrap_or("");
    match name {
        _ if uri.path() == "/admin" => redirect(ADMIN_PATH),
        "" | "index.html" => typed_response(Path::new("index.html"), Body::from(INDEX_HTML)),
        "admin.js" => typed_response(Path::new("admin.js"), Body::from(ADMIN_JS)),
        "config.yml" => {
            let host = req
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1")
                .to_string();
            let root = shared.root.clone();
            let today = shared.today;
            match tokio::task::spawn_blocking(move || configuration(&root, &host, today)).await {
                Ok(Some(text)) => {
                    let mut r = typed_response(Path::new("config.yml"), Body::from(text));
                    r.headers_mut().insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/yaml; charset=utf-8"),
                    );
                    r
                }
                _ => (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Không đọc được congkhai.toml hoặc thư mục nội dung: xem cửa sổ dòng lệnh.",
                )
                    .into_response(),
            }
        }
        _ if !name.contains('/') => match vendored(name) {
            Some(bytes) => typed_response(Path::new(name), Body::from(bytes.to_vec())),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The editor's configuration for the repository at `root`, seen from
/// `host`; a record created in it is made `today` (`serve --today`), else
/// today in Vietnam, as with `congkhai new`.
fn configuration(root: &Path, host: &str, today: Option<crate::date::Date>) -> Option<String> {
    let today = match today {
        Some(day) => day,
        None => crate::date::resolve_today(None).ok()?,
    };
    let walk = crate::load::walk(root, None).ok()?;
    let wards: Vec<config::Ward> = walk
        .ward_profiles()
        .map(|(slug, profile)| config::Ward {
            slug: slug.to_string(),
            name: profile.map(|p| p.name.clone()),
        })
        .collect();
    let site = format!("http://{host}/");
    let api = format!("http://{host}{API_PATH}");
    let content = api::plain(&walk.config.content_dir);
    let value = config::decap_config(root, &content, &wards, &api, &site, today);
    serde_json::to_string_pretty(&value).ok()
}

/// POST `/api/v1`: one request of the editing API; the files it changed
/// are rebuilt at once.
pub async fn api(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let root = shared.root.clone();
    let Some(repo) = tokio::task::spawn_blocking(move || api::Repository::open(&root))
        .await
        .ok()
        .flatten()
    else {
        return json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &serde_json::json!({ "error": "không đọc được congkhai.toml hoặc thư mục nội dung" }),
        );
    };
    let body = match axum::body::to_bytes(req.into_body(), repo.body_limit()).await {
        Ok(b) => b,
        Err(_) => {
            return json_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                &serde_json::json!({ "error": "yêu cầu quá lớn: xem [limits] trong congkhai.toml" }),
            )
        }
    };
    let Ok(answer) = tokio::task::spawn_blocking(move || repo.handle(&body)).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if !answer.changed.is_empty() {
        let _ = shared.jobs.send(Job::Changed(answer.changed));
    }
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json_response(status, &answer.body)
}

fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn redirect(to: &'static str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    r.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static(to));
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn embedded_files_match_the_recorded_sums() {
        let mut sums = 0;
        for line in SHA256SUMS.lines().filter(|l| !l.trim().is_empty()) {
            let (sum, name) = line.split_once("  ").expect("`sum  name` lines");
            let bytes = vendored(name).unwrap_or_else(|| panic!("{name} is embedded"));
            let got: String = Sha256::digest(&*bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(got, sum, "{name}");
            sums += 1;
        }
        let mut names = vendored_names();
        names.sort();
        assert_eq!(
            names.len(),
            sums,
            "every embedded file has a sum: {names:?}"
        );
        assert!(names.iter().any(|n| n == "decap-cms.js"));
    }
}
