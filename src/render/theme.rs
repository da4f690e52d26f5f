//! The theme: templates, static assets and interface strings. The default
//! theme under `themes/default/` is embedded in the binary; a repository may
//! override any file by placing its own under `themes/<name>/`. Templates and
//! interface strings are text; static files (styles, scripts, images, fonts)
//! are bytes, copied as they are. The theme API templates may call is
//! described in `docs/themes.md`.

use crate::diagnostics::Diagnostic;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// Every file of the default theme, by path inside the theme folder.
pub const DEFAULT_FILES: &[(&str, &str)] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/portal.html",
    "templates/ward.html",
    "templates/list.html",
    "templates/record.html",
    "templates/search.html",
    "templates/kinds/plan.html",
    "templates/kinds/land.html",
    "templates/kinds/fund.html",
    "templates/kinds/dialogue.html",
    "templates/kinds/document.html",
    "templates/kinds/procedure.html",
    "templates/kinds/budget.html",
    "templates/kinds/asset.html",
    "templates/kinds/support.html",
    "templates/kinds/callup.html",
    "templates/kinds/inspection.html",
    "templates/kinds/consultation.html",
    "templates/kinds/fee.html",
    "templates/partials/history.html",
    "templates/partials/superseded.html",
    "templates/changes.html",
    "templates/compliance.html",
    "templates/commitments.html",
    "templates/register.html",
    "templates/report.html",
    "templates/partials/verdicts.html",
    "templates/partials/feedback.html",
    "templates/project.html",
    "templates/posted.html",
    "static/style.css",
    "static/search.js",
    "static/finder.js",
    "i18n/vi.toml",
    "i18n/en.toml",
);

/// The theme in use: default files with the repository's overrides.
pub struct Theme {
    /// Templates and interface strings, by path inside the theme folder.
    files: BTreeMap<String, (String, Option<PathBuf>)>,
    /// Static files (`static/…`), by path inside the theme folder.
    statics: BTreeMap<String, Vec<u8>>,
    /// The templates compiled, with the strings of a language, by language:
    /// made at the first render in that language, shared by every later one
    /// (a build renders its wards a few at a time).
    prepared: std::sync::Mutex<Vec<(String, std::sync::Arc<Prepared>)>>,
}

/// A theme ready to render in one language: its interface strings and the
/// template environment made from them ([`Theme::environment`]).
pub struct Prepared {
    /// The interface strings, flattened to `a.b` keys.
    pub strings: BTreeMap<String, String>,
    /// The compiled templates with their functions and filters.
    pub env: Environment<'static>,
    /// The template function `t()` of `env`, which pages also put first in
    /// their context: a name found there is not looked up in every frame
    /// of the page and then among the environment's globals.
    pub t: Value,
}

impl Theme {
    /// Loads the default theme and overrides from `dir` (when it exists).
    pub fn load(dir: Option<&Path>) -> Result<Theme, Diagnostic> {
        let mut files: BTreeMap<String, (String, Option<PathBuf>)> = BTreeMap::new();
        let mut statics: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (name, text) in DEFAULT_FILES {
            if name.starts_with("static/") {
                statics.insert(name.to_string(), text.as_bytes().to_vec());
            } else {
                files.insert(name.to_string(), (text.to_string(), None));
            }
        }
        if let Some(dir) = dir.filter(|d| d.is_dir()) {
            for entry in walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let name = rel.to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(entry.path()).map_err(|e| {
                    Diagnostic::error(
                        "E0401",
                        entry.path().to_path_buf(),
                        0,
                        format!("không đọc được tệp giao diện: {e}"),
                    )
                })?;
                if name.starts_with("static/") {
                    // Images, fonts, styles: bytes, published as they are.
                    statics.insert(name, bytes);
                    continue;
                }
                let text = crate::load::text_from_bytes(&bytes, entry.path())?;
                files.insert(name, (text, Some(entry.path().to_path_buf())));
            }
        }
        Ok(Theme {
            files,
            statics,
            prepared: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// A theme file's text.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|(t, _)| t.as_str())
    }

    /// Where a theme file came from, for error messages.
    pub fn origin(&self, name: &str) -> PathBuf {
        match self.files.get(name) {
            Some((_, Some(p))) => p.clone(),
            _ => PathBuf::from("themes/default").join(name),
        }
    }

    /// A SHA-256 of every file of the theme (templates, strings, static
    /// files) by name: two themes with the same digest render alike.
    pub fn digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let mut put = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        for (name, (text, _)) in &self.files {
            put(name.as_bytes());
            put(text.as_bytes());
        }
        for (name, bytes) in &self.statics {
            put(name.as_bytes());
            put(bytes);
        }
        h.finalize().into()
    }

    /// Static files to copy into each site folder (`static/…` → `assets/…`),
    /// as bytes.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.statics
            .iter()
            .filter_map(|(k, b)| k.strip_prefix("static/").map(|n| (n, b.as_slice())))
    }

    /// The interface strings for a language, flattened to `a.b` keys.
    pub fn strings(&self, lang: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
        let name = format!("i18n/{lang}.toml");
        let text = self.file(&name).ok_or_else(|| {
            Diagnostic::error(
                "E0402",
                self.origin(&name),
                0,
                format!("giao diện không có ngôn ngữ `{lang}`"),
            )
            .with_help("Ngôn ngữ có sẵn: vi, en.")
        })?;
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            Diagnostic::error(
                "E0403",
                self.origin(&name),
                0,
                format!("tệp ngôn ngữ sai: {}", e.message()),
            )
        })?;
        let mut out = BTreeMap::new();
        flatten("", &toml::Value::Table(table), &mut out);
        Ok(out)
    }

    /// The strings of `lang` and the environment made from them, compiled
    /// once per theme and language and shared by every render after that.
    pub fn prepared(&self, lang: &str) -> Result<std::sync::Arc<Prepared>, Diagnostic> {
        let found = |cache: &[(String, std::sync::Arc<Prepared>)]| {
            cache
                .iter()
                .find(|(l, _)| l == lang)
                .map(|(_, p)| std::sync::Arc::clone(p))
        };
        if let Some(p) = self.prepared.lock().ok().and_then(|c| found(&c)) {
            return Ok(p);
        }
        let strings = self.strings(lang)?;
        let env = self.environment(strings.clone())?;
        let t = env
            .globals()
            .find(|(name, _)| *name == "t")
            .map_or(Value::UNDEFINED, |(_, f)| f);
        let made = std::sync::Arc::new(Prepared { strings, env, t });
        if let Ok(mut cache) = self.prepared.lock() {
            // Another thread may have made it meanwhile: the first one stays.
            if let Some(p) = found(&cache) {
                return Ok(p);
            }
            cache.push((lang.to_string(), std::sync::Arc::clone(&made)));
        }
        Ok(made)
    }

    /// Builds the template environment: strict undefined, autoescape, fuel
    /// per page ([`PAGE_FUEL`]), the formatting filters, `t()` for interface
    /// strings and the row functions of [`super::fragments`]. Templates are
    /// parsed here, once per build.
    pub fn environment(
        &self,
        strings: BTreeMap<String, String>,
    ) -> Result<Environment<'static>, Diagnostic> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(PAGE_FUEL));
        super::fragments::register(&mut env, &strings);
        env.set_recursion_limit(64);
        env.set_formatter(html_formatter);
        for (name, (text, _)) in &self.files {
            if let Some(tpl) = name.strip_prefix("templates/") {
                env.add_template_owned(tpl.to_string(), text.clone())
                    .map_err(|e| template_diagnostic(self, &e))?;
            }
        }
        env.add_global(
            "kinds",
            Value::from(
                crate::model::Kind::ALL
                    .iter()
                    .map(|k| k.slug())
                    .collect::<Vec<_>>(),
            ),
        );
        // Kept as template values, so that each call clones a pointer, not
        // the string.
        let strings: FastMap<Value> = strings
            .into_iter()
            .map(|(k, v)| (k, Value::from(v)))
            .collect();
        env.add_function("t", move |key: &str| -> Result<Value, Error> {
            strings.get(key).cloned().ok_or_else(|| {
                Error::new(
                    ErrorKind::UndefinedError,
                    format!("no interface string `{key}`"),
                )
            })
        });
        env.add_filter("money", |v: Value| -> Result<String, Error> {
            let n = i64::try_from(v.clone()).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("money: {v} is not an amount"),
                )
            })?;
            Ok(crate::money::Money(n).display())
        });
        env.add_filter("number", |v: Value| -> Result<String, Error> {
            let n = i64::try_from(v.clone()).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("number: {v} is not an integer"),
                )
            })?;
            Ok(crate::money::group_thousands(n))
        });
        env.add_filter("area", |v: f64| crate::model::land::Area(v).display());
        env.add_filter("date", |v: &str| -> Result<String, Error> {
            crate::date::Date::parse(v).map(|d| d.short()).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("date: `{v}` is not a date"),
                )
            })
        });
        env.add_filter("date_long", |v: &str| -> Result<String, Error> {
            crate::date::Date::parse(v)
                .map(|d| d.long_vi())
                .map_err(|_| {
                    Error::new(
                        ErrorKind::InvalidOperation,
                        format!("date_long: `{v}` is not a date"),
                    )
                })
        });
        env.add_filter("filesize", |v: u64| filesize(v));
        env.add_function("mailto", |to: &str, subject: &str, body: &str| {
            mailto(to, subject, body)
        });
        env.add_filter("inline_md", |v: &str| {
            Value::from_safe_string(crate::markdown::render_inline(v))
        });
        Ok(env)
    }
}

/// A `mailto:` address with its subject and body filled in (RFC 6068):
/// every byte but the unreserved ones percent-encoded, so Vietnamese text
/// and spaces survive every mail program.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let mut out = String::from("mailto:");
    percent_encode(&mut out, to.trim(), b"@.-_~+");
    out.push_str("?subject=");
    percent_encode(&mut out, subject, b".-_~");
    out.push_str("&body=");
    percent_encode(&mut out, body, b".-_~");
    out
}

/// Appends `s` percent-encoded, leaving ASCII letters, digits and `keep`.
fn percent_encode(out: &mut String, s: &str, keep: &[u8]) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// A map from interface string keys, with a hash cheaper than the default
/// (keys are the theme's own, not an attacker's).
pub(super) type FastMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<Fnv>>;

/// FNV-1a: fast on the short keys of interface strings.
#[derive(Default)]
pub(super) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Fuel one page's templates may burn: about a third of a second of work.
pub const PAGE_FUEL: u64 = 20_000_000;
/// Fuel of the whole build: this much, plus [`BUILD_FUEL_PER_PAGE`] per page.
pub const BUILD_FUEL: u64 = 100_000_000;
/// Fuel of the whole build for each page of the site.
pub const BUILD_FUEL_PER_PAGE: u64 = 1_000_000;
/// The largest page a template may write: 64 MiB.
pub const PAGE_OUTPUT: u64 = 64 << 20;
/// What the templates may write in the whole build: this much, plus
/// [`BUILD_OUTPUT_PER_PAGE`] per page.
pub const BUILD_OUTPUT: u64 = 256 << 20;
/// What the templates may write in the whole build for each page of the site.
pub const BUILD_OUTPUT_PER_PAGE: u64 = 1 << 20;

/// How a value too large for a page is reported (see [`html_formatter`]).
const TOO_LARGE: &str = "trang quá lớn";

/// The fuel and output the templates of one build may still use, shared by
/// every page and thread. A page that runs out of fuel or writes too much
/// stops the build: the pages not yet rendered are not started, and report
/// the same error (E0404, naming the template).
pub struct Budget {
    fuel: std::sync::atomic::AtomicU64,
    output: std::sync::atomic::AtomicU64,
    stopped: std::sync::OnceLock<Diagnostic>,
}

impl Budget {
    /// The budget of a build of `pages` pages.
    pub fn new(pages: usize) -> Budget {
        let pages = pages as u64;
        Budget {
            fuel: BUILD_FUEL
                .saturating_add(BUILD_FUEL_PER_PAGE.saturating_mul(pages))
                .into(),
            output: BUILD_OUTPUT
                .saturating_add(BUILD_OUTPUT_PER_PAGE.saturating_mul(pages))
                .into(),
            stopped: std::sync::OnceLock::new(),
        }
    }

    /// Renders `template` with `ctx`, within the budget.
    pub fn render(
        &self,
        env: &Environment<'static>,
        theme: &Theme,
        template: &str,
        ctx: Value,
    ) -> Result<Vec<u8>, Diagnostic> {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(d) = self.stopped.get() {
            return Err(d.clone());
        }
        let tpl = env
            .get_template(template)
            .map_err(|e| template_diagnostic(theme, &e))?;
        let limit = PAGE_OUTPUT.min(self.output.load(Relaxed));
        // The thread's buffer, grown once to the size of its largest page
        // rather than page after page; taken out, so that a render within
        // a render would start a buffer of its own.
        let mut out = Capped {
            bytes: PAGE_BUFFER.with(std::cell::Cell::take),
            limit,
            over: false,
        };
        out.bytes.clear();
        let result = tpl.render_captured_to(ctx, &mut out);
        let over = out.over;
        let bytes = out.bytes.as_slice().to_vec();
        if out.bytes.capacity() <= KEPT_BUFFER {
            PAGE_BUFFER.with(|b| b.set(out.bytes));
        }
        match result {
            Ok(captured) => {
                let burnt = captured.state().fuel_levels().map_or(0, |(used, _)| used);
                drop(captured);
                let fuel_left = take(&self.fuel, burnt);
                take(&self.output, bytes.len() as u64);
                if !fuel_left {
                    let d = budget_diagnostic(
                        theme,
                        template,
                        0,
                        "các mẫu đã chạy quá số bước cho phép của cả lần dựng".into(),
                    );
                    return Err(self.stop(d));
                }
                Ok(bytes)
            }
            Err(e) if over => {
                let name = e.name().unwrap_or(template).to_string();
                let d = budget_diagnostic(
                    theme,
                    &name,
                    e.line().unwrap_or(0),
                    format!(
                        "trang viết ra quá {} MiB (giới hạn của một trang hoặc của cả lần dựng)",
                        limit >> 20
                    ),
                );
                Err(self.stop(d))
            }
            Err(e)
                if e.kind() == ErrorKind::OutOfFuel
                    || e.detail().is_some_and(|d| d.starts_with(TOO_LARGE)) =>
            {
                Err(self.stop(template_diagnostic(theme, &e)))
            }
            Err(e) => Err(template_diagnostic(theme, &e)),
        }
    }

    /// Stops the build with `d` (or the error that stopped it first).
    fn stop(&self, d: Diagnostic) -> Diagnostic {
        self.stopped.get_or_init(|| d).clone()
    }
}

/// Takes `n` from `left`; `false` when there was not that much left.
fn take(left: &std::sync::atomic::AtomicU64, n: u64) -> bool {
    use std::sync::atomic::Ordering::Relaxed;
    let before = left
        .fetch_update(Relaxed, Relaxed, |v| Some(v.saturating_sub(n)))
        .unwrap_or(0);
    before >= n
}

/// A template budget exceeded, as E0404 naming the template.
fn budget_diagnostic(theme: &Theme, name: &str, line: usize, message: String) -> Diagnostic {
    Diagnostic::error(
        "E0404",
        theme.origin(&format!("templates/{name}")),
        line,
        format!("lỗi giao diện: {message}"),
    )
    .with_help("Xem lại vòng lặp hoặc phép nối chuỗi trong mẫu này.")
}

thread_local! {
    /// The buffer each thread renders its pages into (see [`Budget::render`]).
    static PAGE_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The largest page buffer a thread keeps for its next page: 4 MiB.
const KEPT_BUFFER: usize = 4 << 20;

/// A page's bytes, refused past a limit.
struct Capped {
    bytes: Vec<u8>,
    limit: u64,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.bytes.len() + buf.len()) as u64 > self.limit {
            self.over = true;
            return Err(std::io::Error::other("page too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Escapes like minijinja's HTML mode, but leaves `/` alone so URLs and
/// dates (`11/3/2024`) stay readable in the page source.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), Error> {
    if let Some(s) = value.as_str().filter(|s| s.len() as u64 > PAGE_OUTPUT) {
        // Stopped here, the error names the template writing the value.
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "{TOO_LARGE}: một giá trị dài {} MiB, quá {} MiB của một trang",
                s.len() >> 20,
                PAGE_OUTPUT >> 20
            ),
        ));
    }
    if *state.auto_escape() != minijinja::AutoEscape::Html
        || value.is_safe()
        || value.as_str().is_none()
    {
        return minijinja::escape_formatter(out, state, value);
    }
    let s = value.as_str().unwrap_or_default();
    escape_html(s, |piece| out.write_str(piece)).map_err(Error::from)
}

/// Escapes `s` for HTML as the theme does: `& < > " '`, but not `/`, so URLs
/// and dates (`11/3/2024`) stay readable in the page source. Hands the
/// escaped text to `emit` piece by piece: a string with nothing to escape
/// (most of them) in one piece.
pub fn escape_html<E>(s: &str, mut emit: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping.
        if let Some(word) = bytes.get(i..i + 8) {
            let mut chunk = [0u8; 8];
            chunk.copy_from_slice(word);
            if !has_special(u64::from_le_bytes(chunk)) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        for (j, b) in bytes.iter().enumerate().take(end).skip(i) {
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            emit(&s[last..j])?;
            emit(rep)?;
            last = j + 1;
        }
        i = end;
    }
    emit(&s[last..])
}

/// Whether one of the eight bytes of `word` is `& < > " '`.
fn has_special(word: u64) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // A byte of `word ^ (b * LO)` is zero where `word` holds `b`; the test
    // tells whether any byte is zero (exactly, though not where).
    let zero = |b: u8| {
        let x = word ^ (u64::from(b) * LO);
        x.wrapping_sub(LO) & !x & HI
    };
    (zero(b'&') | zero(b'<') | zero(b'>') | zero(b'"') | zero(b'\'')) != 0
}

/// Appends `s` escaped as the theme's formatter escapes it ([`escape_html`]).
pub(crate) fn escape_html_into(out: &mut String, s: &str) {
    let written: Result<(), std::convert::Infallible> = escape_html(s, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = written;
}

/// `12,5 KB`-style size.
pub fn filesize(v: u64) -> String {
    if v < 1024 {
        format!("{v} B")
    } else if v < 1024 * 1024 {
        format!("{} KB", format_decimal(v as f64 / 1024.0))
    } else {
        format!("{} MB", format_decimal(v as f64 / (1024.0 * 1024.0)))
    }
}

fn format_decimal(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    if tenths % 10 == 0 {
        crate::money::group_thousands(tenths / 10)
    } else {
        format!(
            "{},{}",
            crate::money::group_thousands(tenths / 10),
            tenths % 10
        )
    }
}

fn flatten(prefix: &str, v: &toml::Value, out: &mut BTreeMap<String, String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), format!("{other:?}"));
        }
    }
}

/// A template error as a diagnostic naming the template file and line.
pub fn template_diagnostic(theme: &Theme, e: &Error) -> Diagnostic {
    let name = e.name().unwrap_or("?");
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(&format!(": {s}"));
        source = s.source();
    }
    Diagnostic::error(
        "E0404",
        theme.origin(&format!("templates/{name}")),
        e.line().unwrap_or(0),
        format!("lỗi giao diện: {detail}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_compiled_once_per_language() {
        let theme = Theme::load(None).unwrap();
        let vi = theme.prepared("vi").unwrap();
        let en = theme.prepared("en").unwrap();
        assert!(std::sync::Arc::ptr_eq(&vi, &theme.prepared("vi").unwrap()));
        assert!(!std::sync::Arc::ptr_eq(&vi, &en));
        assert_eq!(
            vi.strings.get("ui.search"),
            theme.strings("vi").unwrap().get("ui.search")
        );
        assert_ne!(vi.strings.get("ui.search"), en.strings.get("ui.search"));
        assert!(vi.env.get_template("record.html").is_ok());
        // A language the theme lacks is an error each time, never kept.
        assert_eq!(theme.prepared("xx").err().map(|d| d.code), Some("E0402"));
        assert_eq!(theme.prepared.lock().unwrap().len(), 2);
    }

    #[test]
    fn every_language_has_the_same_strings() {
        let theme = Theme::load(None).unwrap();
        let vi = theme.strings("vi").unwrap();
        let en = theme.strings("en").unwrap();
        let vi_keys: Vec<_> = vi.keys().collect();
        let en_keys: Vec<_> = en.keys().collect();
        assert_eq!(vi_keys, en_keys);
        assert!(vi.len() > 100);
    }

    #[test]
    fn a_mailto_link_encodes_vietnamese_and_separators() {
        assert_eq!(
            mailto("ubnd@x.vn", "Góp ý: a&b", "Trang: p/x.html?q=1"),
            "mailto:ubnd@x.vn?subject=G%C3%B3p%20%C3%BD%3A%20a%26b&body=Trang%3A%20p%2Fx.html%3Fq%3D1"
        );
    }

    /// The escape as it was written first: byte by byte.
    fn escape_bytewise(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escaping_eight_bytes_at_a_time_matches_the_bytewise_escape() {
        let pieces = [
            "a",
            "Đ",
            "ường",
            "&",
            "<",
            ">",
            "\"",
            "'",
            "/",
            " ",
            "%",
            "=",
            "\u{7f}",
            "\u{a0}",
            "&amp;",
            "11/3/2024",
            "Quyết định số 12/QĐ-UBND",
        ];
        let mut texts = vec![String::new()];
        // Every special byte at every offset of two words, among
        // multi-byte letters and ASCII.
        for special in ["&", "<", ">", "\"", "'"] {
            for at in 0..20 {
                let mut t: String = "xyĐz".repeat(5).chars().take(at).collect();
                t.push_str(special);
                t.push_str("ường 12/3 ");
                texts.push(t);
            }
        }
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut t = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for k in 0..(seed >> 59) {
                t.push_str(pieces[((seed >> (k * 3 % 40)) as usize) % pieces.len()]);
            }
            texts.push(t);
        }
        for t in &texts {
            let mut out = String::new();
            escape_html_into(&mut out, t);
            assert_eq!(out, escape_bytewise(t), "{t:?}");
        }
        assert_eq!(texts.len(), 3101);
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(filesize(512), "512 B");
        assert_eq!(filesize(1536), "1,5 KB");
        assert_eq!(filesize(3 * 1024 * 1024), "3 MB");
    }
}
