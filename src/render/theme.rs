//! The theme: templates, static assets and interface strings. The default
//! theme under `themes/default/` is embedded in the binary; a repository may
//! override any file by placing its own under `themes/<name>/`.

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
    "static/style.css",
    "static/search.js",
    "static/finder.js",
    "i18n/vi.toml",
    "i18n/en.toml",
);

/// The theme in use: default files with the repository's overrides.
pub struct Theme {
    files: BTreeMap<String, (String, Option<PathBuf>)>,
}

impl Theme {
    /// Loads the default theme and overrides from `dir` (when it exists).
    pub fn load(dir: Option<&Path>) -> Result<Theme, Diagnostic> {
        let mut files: BTreeMap<String, (String, Option<PathBuf>)> = DEFAULT_FILES
            .iter()
            .map(|(name, text)| (name.to_string(), (text.to_string(), None)))
            .collect();
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
                let text = crate::load::text_from_bytes(&bytes, entry.path())?;
                files.insert(name, (text, Some(entry.path().to_path_buf())));
            }
        }
        Ok(Theme { files })
    }

    /// A theme file's text.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|(t, _)| t.as_str())
    }

    /// Whether each of these files has the default theme's text: not
    /// overridden, or overridden by an identical copy.
    pub fn is_default(&self, names: &[&str]) -> bool {
        names.iter().all(|name| {
            let default = DEFAULT_FILES.iter().find(|(n, _)| n == name);
            match (default, self.files.get(*name)) {
                (Some((_, text)), Some((used, _))) => used == text,
                _ => false,
            }
        })
    }

    /// Where a theme file came from, for error messages.
    pub fn origin(&self, name: &str) -> PathBuf {
        match self.files.get(name) {
            Some((_, Some(p))) => p.clone(),
            _ => PathBuf::from("themes/default").join(name),
        }
    }

    /// Static files to copy into each site folder (`static/…` → `assets/…`).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter_map(|(k, (t, _))| k.strip_prefix("static/").map(|n| (n, t.as_str())))
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

    /// Builds the template environment: strict undefined, autoescape, fuel,
    /// the formatting filters and `t()` for interface strings.
    pub fn environment(
        &self,
        strings: BTreeMap<String, String>,
    ) -> Result<Environment<'static>, Diagnostic> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(200_000_000));
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
        let strings: HashMap<String, Value> = strings
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
        env.add_filter("inline_md", |v: &str| {
            Value::from_safe_string(crate::markdown::render_inline(v))
        });
        Ok(env)
    }
}

/// Escapes like minijinja's HTML mode, but leaves `/` alone so URLs and
/// dates (`11/3/2024`) stay readable in the page source.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), Error> {
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
/// escaped text to `emit` piece by piece.
pub fn escape_html<E>(s: &str, mut emit: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        emit(&s[last..i])?;
        emit(rep)?;
        last = i + 1;
    }
    emit(&s[last..])
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
    fn sizes_read_naturally() {
        assert_eq!(filesize(512), "512 B");
        assert_eq!(filesize(1536), "1,5 KB");
        assert_eq!(filesize(3 * 1024 * 1024), "3 MB");
    }
}
