//! The editor at `/admin/` and its API (`POST /api/v1`, the protocol of
//! Decap CMS's local backend), driven over HTTP against `congkhai serve` on
//! a copy of the fixture: every action, saving rebuilding the preview (and
//! showing `check`'s errors), and nothing read or written outside the
//! content folder, nor for another site.

mod common;
use common::copy_fixture;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(20);
const RECORD: &str = "content/ban-co/fund/hem-45-q3.md";

/// A running `congkhai serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_congkhai"))
            .args(["serve", "--port", "0", "--today", "2026-11-22", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start congkhai serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let _ = tx.send(line[at + 7..].trim_end_matches('/').to_string());
                }
            }
        });
        let addr = rx
            .recv_timeout(PATIENCE)
            .expect("serve announces its address");
        Server { child, addr }
    }

    /// Posts `body` to the API as the editor does: status and JSON answer.
    fn api(&self, body: &Value) -> (u16, Value) {
        let (status, text) = self.send(
            "POST",
            "/api/v1",
            &format!(
                "Origin: http://{}\r\nContent-Type: application/json\r\n",
                self.addr
            ),
            &body.to_string(),
        );
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    fn send(&self, method: &str, path: &str, extra: &str, body: &str) -> (u16, String) {
        send(
            &self.addr,
            method,
            path,
            &self.addr.clone(),
            extra,
            body.as_bytes(),
        )
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.send("GET", path, "", "")
    }

    /// Fetches `path` until `ok` holds for the body.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if ok(&body) {
                return body;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {what}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request: status and body.
fn send(
    addr: &str,
    method: &str,
    path: &str,
    host: &str,
    extra: &str,
    body: &[u8],
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .expect("send");
    // A refused upload may be cut short by the server: that is an answer too.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

fn action(name: &str, params: Value) -> Value {
    json!({ "action": name, "params": params })
}

#[test]
fn the_editor_and_its_configuration_are_served() {
    let dir = copy_fixture();
    let server = Server::start(dir.path());
    let (status, page) = server.get("/admin/");
    assert_eq!(status, 200);
    assert!(page.contains("decap-cms.js") && page.contains("config.yml"));
    let (status, _) = server.get("/admin");
    assert_eq!(status, 302);
    let (status, script) = server.get("/admin/decap-cms.js");
    assert_eq!(status, 200);
    assert!(script.len() > 1_000_000, "the whole bundle");
    let (status, config) = server.get("/admin/config.yml");
    assert_eq!(status, 200);
    let config: Value = serde_json::from_str(&config).expect("JSON, which YAML reads too");
    assert_eq!(config["locale"], "vi");
    assert_eq!(
        config["backend"]["proxy_url"],
        format!("http://{}/api/v1", server.addr)
    );
    let folders: Vec<&str> = config["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .filter_map(|c| c["folder"].as_str())
        .collect();
    for kind in ["plan", "land", "fund", "dialogue", "document", "procedure"] {
        assert!(
            folders.contains(&format!("content/ban-co/{kind}").as_str()),
            "{kind}: {folders:?}"
        );
    }
    assert_eq!(server.get("/admin/nothing.js").0, 404);
    assert_eq!(server.get("/admin/../congkhai.toml").0, 404);
}

#[test]
fn every_action_reads_and_writes_inside_the_content_folder() {
    let dir = copy_fixture();
    let root = dir.path();
    let server = Server::start(root);
    let b = json!("main");

    let (status, info) = server.api(&json!({ "action": "info" }));
    assert_eq!(status, 200);
    assert_eq!(info["publish_modes"], json!(["simple"]));
    assert_eq!(info["type"], "local_fs");

    let (status, entries) = server.api(&action(
        "entriesByFolder",
        json!({ "branch": b, "folder": "content/ban-co/fund", "extension": "md", "depth": 1 }),
    ));
    assert_eq!(status, 200);
    let entries = entries.as_array().expect("a list");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["file"]["path"], RECORD);
    assert!(entries[0]["data"]
        .as_str()
        .unwrap_or("")
        .contains("Quỹ nâng cấp hẻm 45"));
    assert_eq!(entries[0]["file"]["id"].as_str().map(str::len), Some(64));

    let (_, missing) = server.api(&action(
        "entriesByFolder",
        json!({ "branch": b, "folder": "content/ban-co/nothing", "extension": "md", "depth": 1 }),
    ));
    assert_eq!(missing, json!([]));

    let (status, files) = server.api(&action(
        "entriesByFiles",
        json!({ "branch": b, "files": [{ "path": RECORD, "label": "x" }, { "path": "content/ban-co/fund/none.md" }] }),
    ));
    assert_eq!(status, 200);
    assert_eq!(files[0]["file"]["label"], "x");
    assert!(files[0]["data"].is_string());
    assert_eq!(files[1]["data"], Value::Null);

    let (status, entry) = server.api(&action("getEntry", json!({ "branch": b, "path": RECORD })));
    assert_eq!(status, 200);
    assert!(entry["data"]
        .as_str()
        .unwrap_or("")
        .starts_with("---\ntitle: Quỹ nâng cấp hẻm 45"));

    // Saving writes the record and an attachment; the preview rebuilds.
    let new = "content/ban-co/fund/quy-moi.md";
    let raw = "---\ntitle: Quỹ mới lập\npublished: 2026-11-02\nposted_until: 2026-12-31\ndisclosure_item: 5\nforms: [office_posting]\nsource: donation\npurpose: Thử\nperiod_start: 2026-10-01\nperiod_end: 2026-10-31\nreceipts:\n  - {date: 2026-10-05, from: An, amount: 100000}\nclosing_balance: 100000\n---\n";
    let (status, answer) = server.api(&action(
        "persistEntry",
        json!({ "branch": b, "dataFiles": [{ "slug": "quy-moi", "path": new, "raw": raw }],
                "assets": [{ "path": "content/ban-co/fund/files/bien-ban.txt", "content": "YmnDqm4gYuG6o24=", "encoding": "base64" }],
                "options": { "commitMessage": "x", "status": "" } }),
    ));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        std::fs::read_to_string(root.join(new)).expect("written"),
        raw
    );
    assert_eq!(
        std::fs::read_to_string(root.join("content/ban-co/fund/files/bien-ban.txt"))
            .expect("asset"),
        "biên bản"
    );
    server.wait_for("/ban-co/fund/quy-moi.html", "the new page", |p| {
        p.contains("Quỹ mới lập")
    });
    let leftovers: Vec<_> = std::fs::read_dir(root.join("content/ban-co/fund"))
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );

    let (status, media) = server.api(&action(
        "persistMedia",
        json!({ "branch": b, "asset": { "path": "content/ban-co/fund/files/anh.png", "content": "iVBORw0KGgo=", "encoding": "base64" },
                "options": { "commitMessage": "x" } }),
    ));
    assert_eq!(status, 200);
    assert_eq!(media["name"], "anh.png");
    assert_eq!(media["content"], "iVBORw0KGgo=");
    let (status, listed) = server.api(&action(
        "getMedia",
        json!({ "branch": b, "mediaFolder": "content/ban-co/fund/files" }),
    ));
    assert_eq!(status, 200);
    let names: Vec<&str> = listed
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(names, ["anh.png", "bien-ban.txt"]);
    let (status, one) = server.api(&action(
        "getMediaFile",
        json!({ "branch": b, "path": "content/ban-co/fund/files/bien-ban.txt" }),
    ));
    assert_eq!(status, 200);
    assert_eq!(one["encoding"], "base64");
    assert_eq!(one["content"], "YmnDqm4gYuG6o24=");

    let (status, _) = server.api(&action(
        "deleteFile",
        json!({ "branch": b, "path": "content/ban-co/fund/files/anh.png", "options": {} }),
    ));
    assert_eq!(status, 200);
    assert!(!root.join("content/ban-co/fund/files/anh.png").exists());
    let (status, _) = server.api(&action(
        "deleteFiles",
        json!({ "branch": b, "paths": [new, "content/ban-co/fund/files/bien-ban.txt"], "options": {} }),
    ));
    assert_eq!(status, 200);
    assert!(!root.join(new).exists());
    server.wait_for("/ban-co/fund/quy-moi.html", "the page gone", |p| {
        !p.contains("Quỹ mới lập")
    });

    let (status, preview) = server.api(&action("getDeployPreview", json!({ "branch": b })));
    assert_eq!((status, preview), (200, Value::Null));
    let (status, unknown) = server.api(&action("unpublishedEntries", json!({ "branch": b })));
    assert_eq!(status, 422);
    assert!(unknown["error"].is_string());
}

#[test]
fn records_flat_and_in_year_folders_are_listed_and_a_used_id_is_refused() {
    let dir = copy_fixture();
    let root = dir.path();
    let older = "content/ban-co/fund/2025/quy-cu.md";
    std::fs::create_dir_all(root.join("content/ban-co/fund/2025")).expect("mkdir");
    let raw = std::fs::read_to_string(root.join(RECORD))
        .expect("read")
        .replace("Quỹ nâng cấp hẻm 45", "Quỹ cũ năm 2025");
    std::fs::write(root.join(older), &raw).expect("write");
    let server = Server::start(root);

    // The editor makes new records in the folder of the year (`--today`),
    // and lists two levels: the kind folder and its year folders.
    let (_, config) = server.get("/admin/config.yml");
    let config: Value = serde_json::from_str(&config).expect("JSON");
    let fund = config["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .find(|c| c["name"] == "ban-co-fund")
        .expect("the funds of Bàn Cờ")
        .clone();
    assert_eq!(fund["path"], "2026/{{slug}}");
    assert_eq!(fund["preview_path"], "ban-co/fund/{{filename}}.html");
    let depth = fund["path"].as_str().expect("path").split('/').count();
    let (status, entries) = server.api(&action(
        "entriesByFolder",
        json!({ "branch": "main", "folder": "content/ban-co/fund", "extension": "md", "depth": depth }),
    ));
    assert_eq!(status, 200);
    let paths: Vec<&str> = entries
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["file"]["path"].as_str())
        .collect();
    assert_eq!(paths, [older, RECORD]);

    // A new record whose id another record of the kind has (flat, or in
    // another year) is refused, and nothing is written.
    for (path, other) in [
        ("content/ban-co/fund/2026/hem-45-q3.md", RECORD),
        ("content/ban-co/fund/2026/quy-cu.md", older),
    ] {
        let (status, answer) = server.api(&action(
            "persistEntry",
            json!({ "branch": "main", "dataFiles": [{ "slug": "x", "path": path, "raw": raw }],
                    "assets": [], "options": {} }),
        ));
        assert_eq!(status, 422, "{path}: {answer}");
        let message = answer["error"].as_str().expect("a message");
        assert!(
            message.contains("đã có") && message.contains(other),
            "{message}"
        );
        assert!(!root.join(path).exists());
    }

    // Both save in place; a new id in this year's folder is published at
    // the kind's address.
    for path in [RECORD, older] {
        let text = std::fs::read_to_string(root.join(path)).expect("read");
        let (status, answer) = server.api(&action(
            "persistEntry",
            json!({ "branch": "main", "entry": { "slug": "x", "path": path, "raw": text }, "assets": [], "options": {} }),
        ));
        assert_eq!(status, 200, "{path}: {answer}");
    }
    let new = "content/ban-co/fund/2026/quy-moi-2026.md";
    let (status, answer) = server.api(&action(
        "persistEntry",
        json!({ "branch": "main", "entry": { "slug": "2026/quy-moi-2026", "path": new,
                "raw": raw.replace("Quỹ cũ năm 2025", "Quỹ mới năm 2026") }, "assets": [], "options": {} }),
    ));
    assert_eq!(status, 200, "{answer}");
    server.wait_for("/ban-co/fund/quy-moi-2026.html", "the new page", |p| {
        p.contains("Quỹ mới năm 2026")
    });
    let (status, old_page) = server.get("/ban-co/fund/quy-cu.html");
    assert_eq!(status, 200);
    assert!(old_page.contains("Quỹ cũ năm 2025"));
}

#[test]
fn a_saved_record_with_an_error_shows_checks_finding_over_the_pages() {
    let dir = copy_fixture();
    let server = Server::start(dir.path());
    let (_, entry) = server.api(&action(
        "getEntry",
        json!({ "branch": "main", "path": RECORD }),
    ));
    let raw = entry["data"]
        .as_str()
        .expect("text")
        .replace("closing_balance: 2300000", "closing_balance: 9999999");
    let (status, _) = server.api(&action(
        "persistEntry",
        json!({ "branch": "main", "entry": { "slug": "hem-45-q3", "path": RECORD, "raw": raw }, "assets": [], "options": {} }),
    ));
    assert_eq!(status, 200);
    let page = server.wait_for("/ban-co/fund/hem-45-q3.html", "the overlay", |p| {
        p.contains("id=\"congkhai-overlay\"")
    });
    assert!(page.contains(RECORD), "the overlay names the file");
}

#[test]
fn nothing_outside_the_content_folder_is_read_or_written() {
    let dir = copy_fixture();
    let root = dir.path();
    let secret = tempfile::tempdir().expect("tempdir");
    std::fs::write(secret.path().join("passwd"), "SECRET-LINE").expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            secret.path().join("passwd"),
            root.join("content/ban-co/fund/link.md"),
        )
        .expect("link");
        std::os::unix::fs::symlink(secret.path(), root.join("content/ban-co/out")).expect("link");
    }
    std::fs::create_dir_all(root.join("content/.git")).expect("mkdir");
    std::fs::write(root.join("content/.git/config"), "SECRET-LINE").expect("write");
    let server = Server::start(root);
    let absolute = secret.path().join("passwd").display().to_string();
    for path in [
        "../passwd",
        "content/../congkhai.toml",
        "congkhai.toml",
        absolute.as_str(),
        "content/.git/config",
        "content/ban-co/out/passwd",
        "content/ban-co/fund/link.md",
    ] {
        for request in [
            action("getEntry", json!({ "branch": "main", "path": path })),
            action("getMediaFile", json!({ "branch": "main", "path": path })),
            action(
                "entriesByFiles",
                json!({ "branch": "main", "files": [{ "path": path }] }),
            ),
        ] {
            let (_, answer) = server.api(&request);
            assert!(
                !answer.to_string().contains("SECRET-LINE"),
                "{path}: {answer}"
            );
            assert!(!answer.to_string().contains("title ="), "{path}: {answer}");
        }
        let (status, _) = server.api(&action(
            "persistEntry",
            json!({ "branch": "main", "entry": { "slug": "x", "path": path, "raw": "OVERWRITTEN" }, "assets": [], "options": {} }),
        ));
        assert_eq!(status, 422, "{path}");
        let (status, _) = server.api(&action(
            "persistMedia",
            json!({ "branch": "main", "asset": { "path": path, "content": "eA==", "encoding": "base64" }, "options": {} }),
        ));
        assert_eq!(status, 422, "{path}");
        let (status, _) = server.api(&action(
            "deleteFile",
            json!({ "branch": "main", "path": path, "options": {} }),
        ));
        assert_eq!(status, 422, "{path}");
    }
    for folder in ["content/ban-co/out", "..", "content/.git"] {
        let (_, answer) = server.api(&action(
            "entriesByFolder",
            json!({ "branch": "main", "folder": folder, "extension": "", "depth": 2 }),
        ));
        assert!(
            !answer.to_string().contains("SECRET-LINE"),
            "{folder}: {answer}"
        );
        let (_, answer) = server.api(&action(
            "getMedia",
            json!({ "branch": "main", "mediaFolder": folder }),
        ));
        assert!(
            !answer.to_string().contains("SECRET-LINE"),
            "{folder}: {answer}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(secret.path().join("passwd")).expect("read"),
        "SECRET-LINE"
    );
    assert_eq!(std::fs::read_dir(secret.path()).expect("list").count(), 1);
    assert!(std::fs::read_to_string(root.join("congkhai.toml"))
        .expect("read")
        .contains("title"));
}

#[test]
fn other_sites_hosts_and_non_json_bodies_are_refused() {
    let dir = copy_fixture();
    let server = Server::start(dir.path());
    let info = json!({ "action": "info" }).to_string();
    let json_type = "Content-Type: application/json\r\n";
    let (status, _) = server.send(
        "POST",
        "/api/v1",
        &format!("Origin: http://evil.example\r\n{json_type}"),
        &info,
    );
    assert_eq!(status, 403, "another site's script");
    let port = server.addr.rsplit(':').next().expect("port").to_string();
    let (status, _) = send(
        &server.addr,
        "POST",
        "/api/v1",
        &format!("evil.example:{port}"),
        json_type,
        info.as_bytes(),
    );
    assert_eq!(
        status, 403,
        "a name pointed at this computer (DNS rebinding)"
    );
    let (status, _) = send(
        &server.addr,
        "GET",
        "/admin/config.yml",
        &format!("evil.example:{port}"),
        "",
        b"",
    );
    assert_eq!(status, 403);
    let (status, _) = server.send(
        "POST",
        "/api/v1",
        &format!(
            "Origin: http://{}\r\nContent-Type: text/plain\r\n",
            server.addr
        ),
        &info,
    );
    assert_eq!(status, 415, "a form on another site cannot post JSON");
    let (status, _) = server.send("POST", "/admin/config.yml", json_type, &info);
    assert_eq!(status, 405, "the API is the only place written to");
    let (status, answer) = server.send("POST", "/api/v1", json_type, "{not json");
    assert_eq!(status, 422, "{answer}");
}

#[test]
fn an_oversized_request_is_refused_before_it_is_read() {
    let dir = copy_fixture();
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("congkhai.toml")).expect("read");
    std::fs::write(
        root.join("congkhai.toml"),
        format!("{config}\n[limits]\nattachment_max_mb = 1\nrecord_max_mb = 1\n"),
    )
    .expect("write");
    let server = Server::start(root);
    let big = "A".repeat(3 * 1024 * 1024);
    let body = json!({ "action": "persistMedia", "params": { "branch": "main",
        "asset": { "path": "content/ban-co/fund/files/big.bin", "content": big, "encoding": "base64" } } });
    let (status, _) = server.api(&body);
    assert_eq!(status, 413);
    assert!(!root.join("content/ban-co/fund/files/big.bin").exists());
}

#[test]
fn a_build_never_carries_the_editor() {
    let dir = copy_fixture();
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["build", "--quiet", "--today", "2026-11-22", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(&site)
        .stderr(Stdio::null())
        .status()
        .expect("build");
    assert!(status.success());
    assert!(!site.join("admin").exists());
    for entry in walk(&site) {
        let bytes = std::fs::read(&entry).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("decap-cms"), "{}", entry.display());
        assert!(!text.contains("/api/v1"), "{}", entry.display());
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
