//! `congkhai serve` driven the way an editor uses it: start it on a copy of
//! the fixture, fetch pages over HTTP, edit, break and fix a record, and
//! watch the pages and the event stream follow.

mod common;
use common::copy_fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-22";
const RECORD: &str = "content/ban-co/fund/hem-45-q3.md";
const PAGE: &str = "/ban-co/fund/hem-45-q3.html";
/// Every wait is bounded by this.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `congkhai serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    stdout: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_congkhai"))
            .args(["serve", "--port", "0", "--today", TODAY, "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start congkhai serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        let text = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&text);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let _ = tx.send(line[at + 7..].trim_end_matches('/').to_string());
                }
                sink.lock().expect("lock").push_str(&(line + "\n"));
            }
        });
        let addr = rx.recv_timeout(PATIENCE);
        let mut server = Server {
            child,
            addr: String::new(),
            stdout: text,
        };
        server.addr = addr.expect("serve announces its address");
        server
    }

    fn get(&self, path: &str) -> (u16, String) {
        get(&self.addr, path)
    }

    /// Fetches `path` until `ok` holds for the body; panics after [`PATIENCE`].
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if ok(&body) {
                return body;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {what}; last page:\n{body}"
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

/// A minimal HTTP/1.1 GET: status and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    send(addr, "GET", path, addr, "")
}

/// Reads the event stream in the background.
struct Events {
    text: Arc<Mutex<String>>,
    stop: Arc<AtomicBool>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__congkhai/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        let text = Arc::new(Mutex::new(String::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (sink, halt) = (Arc::clone(&text), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !halt.load(Ordering::Relaxed) {
                match stream.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => sink
                        .lock()
                        .expect("lock")
                        .push_str(&String::from_utf8_lossy(&buf[..n])),
                    Err(_) => {}
                }
            }
        });
        Events { text, stop }
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text.lock().expect("lock").clone();
            if text.contains(needle) {
                return text;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no `{needle}` in the event stream:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn edit(root: &Path, from: &str, to: &str) {
    let path = root.join(RECORD);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{RECORD} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

fn title(page: &str) -> &str {
    page.split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or("")
}

#[test]
fn edits_show_up_errors_show_as_overlay_and_the_last_good_page_stays() {
    let dir = copy_fixture();
    let root = dir.path();
    let server = Server::start(root);

    let (status, page) = server.get(PAGE);
    assert_eq!(status, 200);
    assert!(
        title(&page).starts_with("Quỹ nâng cấp hẻm 45"),
        "{}",
        title(&page)
    );
    assert!(
        page.contains("/__congkhai/events"),
        "the live-reload script is in served pages"
    );
    assert!(!page.contains("id=\"congkhai-overlay\""));
    let events = Events::open(&server.addr);
    events.wait_for("event: hello");

    // An edit: the new title is served, and the page is told to reload.
    edit(
        root,
        "title: Quỹ nâng cấp hẻm 45",
        "title: Quỹ mở rộng hẻm 45",
    );
    server.wait_for(PAGE, "the new title", |p| {
        title(p).starts_with("Quỹ mở rộng hẻm 45")
    });
    let stream = events.wait_for("event: reload");
    assert!(
        stream.contains(PAGE),
        "the reload names the page:\n{stream}"
    );
    // The list shows it too.
    let (_, list) = server.get("/ban-co/fund/");
    assert!(list.contains("Quỹ mở rộng hẻm 45"));

    // A broken file: the overlay names file, line and message; the last good
    // version of the page stays.
    edit(root, "closing_balance: 2300000", "closing_balance: [");
    let page = server.wait_for(PAGE, "the error overlay", |p| {
        p.contains("id=\"congkhai-overlay\"")
    });
    assert!(
        title(&page).starts_with("Quỹ mở rộng hẻm 45"),
        "the last good page stays"
    );
    let overlay = page.split("id=\"congkhai-overlay\"").nth(1).unwrap_or("");
    assert!(
        overlay.contains("content/ban-co/fund/hem-45-q3.md:19"),
        "file and line in:\n{overlay}"
    );
    assert!(overlay.contains("YAML"), "the message in:\n{overlay}");
    events.wait_for("event: errors");
    // Every page shows it, not only the broken record's.
    let (_, home) = server.get("/ban-co/");
    assert!(home.contains("id=\"congkhai-overlay\""));

    // Fixed: the overlay goes, the page follows the file again.
    edit(root, "closing_balance: [", "closing_balance: 2300000");
    edit(
        root,
        "title: Quỹ mở rộng hẻm 45",
        "title: Quỹ làm mới hẻm 45",
    );
    let page = server.wait_for(PAGE, "the fixed page", |p| {
        title(p).starts_with("Quỹ làm mới hẻm 45")
    });
    assert!(
        !page.contains("id=\"congkhai-overlay\""),
        "the overlay is gone once fixed"
    );
}

#[test]
fn serves_folders_assets_and_the_search_index() {
    let dir = copy_fixture();
    let server = Server::start(dir.path());
    let (status, _) = server.get("/ban-co");
    assert_eq!(status, 302, "a folder without its slash is redirected");
    let (status, home) = server.get("/ban-co/");
    assert_eq!(status, 200);
    assert!(home.contains("/__congkhai/events"));
    let (status, css) = server.get("/ban-co/assets/style.css");
    assert_eq!(status, 200);
    assert!(
        !css.contains("__congkhai"),
        "only HTML pages get the script"
    );
    let (status, _) = server.get("/ban-co/search/manifest.js");
    assert_eq!(status, 200);
    let (status, missing) = server.get("/ban-co/khong-co.html");
    assert_eq!(status, 404);
    assert!(missing.contains("Không có trang này"));
    let (status, _) = server.get("/../congkhai.toml");
    assert_ne!(status, 200);

    // After an edit the index is built again when a browser asks for it.
    let manifest = server.get("/ban-co/search/manifest.js").1;
    edit(
        dir.path(),
        "title: Quỹ nâng cấp hẻm 45",
        "title: Quỹ mở rộng hẻm 45",
    );
    server.wait_for(PAGE, "the new title", |p| {
        title(p).starts_with("Quỹ mở rộng")
    });
    let meta: Vec<String> = (0..8)
        .map(|i| server.get(&format!("/ban-co/search/meta-{i}.js")).1)
        .collect();
    assert!(
        meta.iter().any(|m| m.contains("Quỹ mở rộng hẻm 45")),
        "the index has the new title"
    );
    assert!(!manifest.is_empty());
}

#[test]
fn a_repository_broken_from_the_start_shows_its_errors_then_the_site() {
    let dir = copy_fixture();
    edit(dir.path(), "closing_balance: 2300000", "closing_balance: [");
    let server = Server::start(dir.path());
    let (status, page) = server.get("/ban-co/");
    assert_eq!(status, 503, "no site yet");
    assert!(page.contains("id=\"congkhai-overlay\""));
    assert!(page.contains("content/ban-co/fund/hem-45-q3.md:19"));
    edit(dir.path(), "closing_balance: [", "closing_balance: 2300000");
    let page = server.wait_for("/ban-co/", "the site once fixed", |p| {
        p.contains("Phường Bàn Cờ") && !p.contains("id=\"congkhai-overlay\"")
    });
    assert!(page.contains("/__congkhai/events"));
}

#[test]
fn ctrl_c_stops_cleanly() {
    let dir = copy_fixture();
    let mut server = Server::start(dir.path());
    let _events = Events::open(&server.addr);
    std::thread::sleep(Duration::from_millis(200));
    let pid = libc::pid_t::try_from(server.child.id()).expect("pid");
    // SAFETY: sending a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.stdout.lock().expect("lock").contains("Đã dừng"));
}

#[test]
fn a_port_in_use_is_explained() {
    let dir = copy_fixture();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["serve", "--port", &port, "--today", TODAY, "--root"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("serve kept running on a port in use");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    assert_eq!(status.code(), Some(2));
    assert!(
        err.contains(&format!("cổng {port}")) && err.contains("đang được"),
        "{err}"
    );
    assert!(err.contains("--port"), "says what to do: {err}");
}

#[test]
fn built_sites_never_carry_the_live_reload_script() {
    let dir = copy_fixture();
    let out = tempfile::tempdir().expect("tempdir");
    let status = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["build", "--quiet", "--today", TODAY, "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .stderr(Stdio::null())
        .status()
        .expect("build");
    assert!(status.success());
    let mut pages: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let text = std::fs::read(entry.path()).expect("read");
            let text = String::from_utf8_lossy(&text);
            assert!(
                !text.contains("__congkhai") && !text.contains("congkhai-overlay"),
                "{} carries serve's script",
                entry.path().display()
            );
            if entry.path().extension().is_some_and(|e| e == "html") {
                pages.push(entry.path().to_path_buf());
            }
        }
    }
    assert!(pages.len() > 5, "the build wrote pages");
}

/// A request with `method`, the `Host:` header `host` and `extra` headers:
/// status and body.
fn send(addr: &str, method: &str, path: &str, host: &str, extra: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

#[test]
fn an_attachment_swapped_for_a_link_out_of_the_repository_is_not_served() {
    let dir = copy_fixture();
    let root = dir.path();
    let files = root.join("content/ban-co/fund/files");
    std::fs::create_dir_all(&files).expect("mkdir");
    std::fs::write(files.join("bien-ban.pdf"), "%PDF-1.4 biên bản").expect("write");
    edit(
        root,
        "forms: [office_posting]\nsource",
        "forms: [office_posting]\nattachments: [files/bien-ban.pdf]\nsource",
    );
    let secret_dir = tempfile::tempdir().expect("tempdir");
    let secret = secret_dir.path().join("passwd");
    std::fs::write(&secret, "root:x:0:0:SECRET-LINE").expect("write");
    let server = Server::start(root);
    const PDF: &str = "/ban-co/files/hem-45-q3/bien-ban.pdf";
    let (status, body) = server.get(PDF);
    assert_eq!(status, 200);
    assert!(body.contains("biên bản"));

    std::fs::remove_file(files.join("bien-ban.pdf")).expect("rm");
    std::os::unix::fs::symlink(&secret, files.join("bien-ban.pdf")).expect("link");
    // Whatever the rebuild makes of it, the file outside is never served,
    // neither now nor once the rebuild is done.
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        let (_, body) = server.get(PDF);
        assert!(
            !body.contains("SECRET-LINE"),
            "served a file outside the repository"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn other_host_names_and_cross_origin_writes_are_refused() {
    let dir = copy_fixture();
    let server = Server::start(dir.path());
    let port = server.addr.rsplit(':').next().expect("port").to_string();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".into(),
    ] {
        let (status, body) = send(&server.addr, "GET", PAGE, &host, "");
        assert_eq!(status, 200, "Host: {host}");
        assert!(body.contains("Quỹ nâng cấp hẻm 45"));
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        format!("localhost.evil.example:{port}"),
        format!("192.168.1.20:{port}"),
    ] {
        let (status, body) = send(&server.addr, "GET", PAGE, &host, "");
        assert_eq!(status, 403, "Host: {host}");
        assert!(!body.contains("Quỹ nâng cấp hẻm 45"), "Host: {host}");
        let (status, _) = send(&server.addr, "GET", "/__congkhai/events", &host, "");
        assert_eq!(status, 403, "events, Host: {host}");
    }
    let host = format!("127.0.0.1:{port}");
    let (status, _) = send(
        &server.addr,
        "POST",
        PAGE,
        &host,
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(status, 403, "a write from another site");
    let (status, _) = send(&server.addr, "PUT", PAGE, &host, "Origin: null\r\n");
    assert_eq!(status, 403);
    let (status, _) = send(
        &server.addr,
        "POST",
        PAGE,
        &host,
        &format!("Origin: http://{host}\r\n"),
    );
    assert_eq!(status, 405, "nothing is written through the preview");
}

/// Sends SIGINT and waits for the process to end: how long it took.
fn interrupt(server: &mut Server) -> Duration {
    let pid = libc::pid_t::try_from(server.child.id()).expect("pid");
    // SAFETY: sending a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let start = Instant::now();
    loop {
        if server.child.try_wait().expect("wait").is_some() {
            return start.elapsed();
        }
        assert!(start.elapsed() < PATIENCE, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_slow_rebuild_never_blocks_the_last_good_site_or_ctrl_c() {
    let dir = copy_fixture();
    let root = dir.path();
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    let mut server = Server::start(root);
    let (status, _) = server.get("/ban-co/search/manifest.js");
    assert_eq!(status, 200);
    // A theme whose every page spins until its fuel runs out.
    std::fs::write(
        templates.join("base.html"),
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    )
    .expect("write");
    std::thread::sleep(Duration::from_millis(500));
    for path in [
        PAGE,
        "/ban-co/",
        "/ban-co/search/manifest.js",
        "/ban-co/search/meta-0.js",
    ] {
        let start = Instant::now();
        let (status, _) = server.get(path);
        let took = start.elapsed();
        assert!(status == 200 || status == 404, "{path}: {status}");
        assert!(
            took < Duration::from_secs(5),
            "{path} took {took:?} while a rebuild ran"
        );
    }
    let took = interrupt(&mut server);
    eprintln!("Ctrl-C took {took:?} during the rebuild");
    assert!(took < Duration::from_secs(5), "Ctrl-C took {took:?}");
}

#[test]
fn a_content_folder_removed_and_put_back_is_watched_again() {
    let dir = copy_fixture();
    let root = dir.path();
    let server = Server::start(root);
    let keep = tempfile::tempdir().expect("tempdir");
    let content = root.join("content");
    // Moved away and back.
    std::fs::rename(&content, root.join("content.away")).expect("mv");
    std::thread::sleep(Duration::from_millis(400));
    std::fs::rename(root.join("content.away"), &content).expect("mv back");
    server.wait_for(PAGE, "the site back", |p| {
        title(p).starts_with("Quỹ nâng cấp hẻm 45") && !p.contains("id=\"congkhai-overlay\"")
    });
    std::thread::sleep(Duration::from_millis(300));
    edit(
        root,
        "title: Quỹ nâng cấp hẻm 45",
        "title: Quỹ mở rộng hẻm 45",
    );
    server.wait_for(PAGE, "a save after the move", |p| {
        title(p).starts_with("Quỹ mở rộng hẻm 45")
    });
    // Removed and written again.
    common::copy_dir(&content, &keep.path().join("content"));
    std::fs::remove_dir_all(&content).expect("rm");
    std::thread::sleep(Duration::from_millis(400));
    common::copy_dir(&keep.path().join("content"), &content);
    std::thread::sleep(Duration::from_millis(400));
    edit(
        root,
        "title: Quỹ mở rộng hẻm 45",
        "title: Quỹ làm mới hẻm 45",
    );
    server.wait_for(PAGE, "a save after rm and copy back", |p| {
        title(p).starts_with("Quỹ làm mới hẻm 45")
    });
}

#[test]
fn a_save_with_deeply_nested_brackets_is_a_diagnostic_not_a_crash() {
    let dir = copy_fixture();
    let root = dir.path();
    let mut server = Server::start(root);
    assert_eq!(server.get(PAGE).0, 200);

    // 10,000 nested `[` in the title once overflowed the stack and aborted
    // the server; now the save is an error shown like any other.
    let deep = format!("title: {}", "[".repeat(10_000));
    edit(root, "title: Quỹ nâng cấp hẻm 45 quý III/2026", &deep);
    let page = server.wait_for(PAGE, "the error overlay", |p| {
        p.contains("id=\"congkhai-overlay\"")
    });
    assert!(
        title(&page).starts_with("Quỹ nâng cấp hẻm 45"),
        "the last good page stays"
    );
    assert!(
        server.child.try_wait().expect("try_wait").is_none(),
        "serve is still running"
    );

    // Fixed again: the page follows the file.
    edit(root, &deep, "title: Quỹ sửa lại hẻm 45");
    server.wait_for(PAGE, "the fixed page", |p| {
        title(p).starts_with("Quỹ sửa lại hẻm 45") && !p.contains("id=\"congkhai-overlay\"")
    });
}
