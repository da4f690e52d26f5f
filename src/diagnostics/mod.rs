//! Diagnostics: what a stage found wrong with the content, where, and what to
//! do about it, in Vietnamese and English. Stages return them; the CLI picks
//! the language and prints them (as a rustc-style snippet or as JSON).

mod codes;
mod position;
mod source;
mod suggest;

pub use codes::CODES;
pub use position::KeyIndex;
pub use source::{source_line, SourceLines};
pub(crate) use suggest::suggest;

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a build.
    Note,
    /// Probably a mistake; fails only with `--deny-warnings`.
    Warning,
    /// The content is wrong; the build stops before writing.
    Error,
}

impl Severity {
    /// The word printed before the code.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Note, Lang::Vi) => "ghi chú",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Note, Lang::En) => "note",
        }
    }
}

/// The language diagnostics are shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

/// A text in both languages. `en` is `None` only for messages built from a
/// plain string, where the code's English title stands in front of the
/// Vietnamese text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: Option<String>,
}

impl Message {
    /// A message in both languages.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            vi: vi.into(),
            en: Some(en.into()),
        }
    }
}

impl From<String> for Message {
    fn from(vi: String) -> Self {
        Message { vi, en: None }
    }
}

impl From<&str> for Message {
    fn from(vi: &str) -> Self {
        Message {
            vi: vi.to_string(),
            en: None,
        }
    }
}

/// Builds a [`Message`] from a Vietnamese and an English format string, both
/// capturing the same variables: `msg!("thiếu `{field}`", "missing `{field}`")`.
#[macro_export]
macro_rules! msg {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::diagnostics::Message::new(format!($vi), format!($en))
    };
}

/// One finding about one place in the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable code, e.g. `E0103`, explained in `docs/diagnostics.md`.
    pub code: &'static str,
    /// File relative to the repository root.
    pub file: PathBuf,
    /// 1-based line, 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column (in characters), 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: Message,
    /// What to do about it, when there is something to say (boxed: most
    /// findings have none, and results carrying one stay small).
    pub help: Option<Box<Message>>,
}

impl Diagnostic {
    /// An error at a place.
    pub fn error(
        code: &'static str,
        file: impl Into<PathBuf>,
        line: usize,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line,
            column: 0,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at a place.
    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        line: usize,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, line, message)
        }
    }

    /// A note at a place.
    pub fn note(
        code: &'static str,
        file: impl Into<PathBuf>,
        line: usize,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, file, line, message)
        }
    }

    /// Sets the column.
    pub fn at_column(mut self, column: usize) -> Self {
        self.column = column;
        self
    }

    /// Adds advice on what to do.
    pub fn with_help(mut self, help: impl Into<Message>) -> Self {
        self.help = Some(Box::new(help.into()));
        self
    }

    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        text_in(&self.message, self.code, lang)
    }

    /// What to do, in `lang`.
    pub fn help_in(&self, lang: Lang) -> Option<String> {
        self.help.as_ref().map(|h| match (lang, &h.en) {
            (Lang::En, Some(en)) => en.clone(),
            _ => h.vi.clone(),
        })
    }

    /// True for problems of the command line or the disk rather than of the
    /// content: they make `check` and `build` exit with status 2.
    pub fn is_usage_or_io(&self) -> bool {
        matches!(
            self.code,
            "E0001"
                | "E0003"
                | "E0007"
                | "E0010"
                | "E0020"
                | "E0021"
                | "E0022"
                | "E0023"
                | "E0024"
                | "E0025"
                | "E0026"
                | "E0027"
        )
    }

    /// The JSON object printed by `--format json`: file, line, column,
    /// severity, code, message (and help, or null).
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "file": self.file.to_string_lossy().replace('\\', "/"),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message_in(lang),
            "help": self.help_in(lang),
        })
    }
}

fn text_in(m: &Message, code: &str, lang: Lang) -> String {
    match (lang, &m.en) {
        (Lang::Vi, _) => m.vi.clone(),
        (Lang::En, Some(en)) => en.clone(),
        (Lang::En, None) => match title(code) {
            Some((_, en)) => format!("{en}: {}", m.vi),
            None => m.vi.clone(),
        },
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file.display())?;
        if self.line > 0 {
            write!(f, "{}:", self.line)?;
            if self.column > 0 {
                write!(f, "{}:", self.column)?;
            }
        }
        write!(
            f,
            " {}[{}]: {}",
            self.severity.label(Lang::Vi),
            self.code,
            self.message.vi
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  = gợi ý: {}", help.vi)?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, line, column and code, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}

/// True when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// The short title of a code, in Vietnamese and English.
pub fn title(code: &str) -> Option<(&'static str, &'static str)> {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, vi, en)| (*vi, *en))
}

/// Replaces terminal control characters and bidirectional overrides, so a
/// hostile file cannot rewrite the editor's terminal through a message.
pub fn clean_for_terminal(s: &str) -> String {
    s.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if (c.is_control() && c != '\t' && c != '\n') || bidi {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// Renders a diagnostic rustc-style: the title with its code, the file,
/// line and column, the offending line with a caret under the spot, and the
/// advice. `line_text` is the text of line `d.line` when it could be read.
pub fn render(d: &Diagnostic, lang: Lang, line_text: Option<&str>, styled: bool) -> String {
    use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
    .with_name(Some(d.severity.label(lang)));
    let message = clean_for_terminal(&d.message_in(lang));
    let path = d.file.to_string_lossy().replace('\\', "/");
    let title = level.primary_title(message).id(d.code);
    let mut group = match line_text.filter(|_| d.line > 0) {
        Some(text) => {
            let text = clean_for_terminal(text.trim_end_matches(['\n', '\r']));
            let span = caret_span(&text, d.column);
            title.element(
                Snippet::source(text)
                    .line_start(d.line)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        None => {
            let mut origin = Origin::path(path);
            if d.line > 0 {
                origin = origin.line(d.line);
            }
            title.element(origin)
        }
    };
    if let Some(help) = d.help_in(lang) {
        let name = if lang == Lang::Vi { "gợi ý" } else { "help" };
        group = group.element(
            Level::HELP
                .with_name(Some(name))
                .message(clean_for_terminal(&help)),
        );
    }
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// The byte range to underline in `line`: the token starting at `column`
/// (1-based, in characters), or the whole line without its indentation.
fn caret_span(line: &str, column: usize) -> std::ops::Range<usize> {
    if column == 0 {
        let start = line.len() - line.trim_start().len();
        let end = line.trim_end().len().max(start);
        return start..end;
    }
    let start = line
        .char_indices()
        .nth(column - 1)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = match rest.chars().next() {
        None => 0,
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
        Some(_) => {
            let chars: Vec<(usize, char)> = rest.char_indices().collect();
            let ends_here = |k: usize| {
                let c = chars[k].1;
                let spaced = chars.get(k + 1).is_none_or(|(_, n)| n.is_whitespace());
                c.is_whitespace() || matches!(c, ']' | '}') || (matches!(c, ',' | ':') && spaced)
            };
            (1..chars.len())
                .find(|&k| ends_here(k))
                .map_or(rest.len(), |k| chars[k].0)
        }
    };
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_line_with_a_caret_in_both_languages() {
        let d = Diagnostic::error(
            "E0108",
            "content/ban-co/fund/q3.md",
            9,
            msg!(
                "số tiền `1,5` không rõ nghĩa",
                "the amount `1,5` is ambiguous"
            ),
        )
        .at_column(18)
        .with_help(Message::new("viết 1.500.000", "write 1.500.000"));
        let vi = render(&d, Lang::Vi, Some("opening_balance: 1,5 # x"), false);
        assert!(
            vi.contains("lỗi[E0108]: số tiền `1,5` không rõ nghĩa"),
            "{vi}"
        );
        assert!(vi.contains("content/ban-co/fund/q3.md:9:18"), "{vi}");
        assert!(vi.contains("9 | opening_balance: 1,5 # x"), "{vi}");
        let caret_line = vi.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            caret_line.find('^'),
            vi.lines()
                .find(|l| l.contains("1,5 #"))
                .unwrap()
                .find("1,5")
        );
        assert_eq!(caret_line.matches('^').count(), 3, "{vi}");
        assert!(vi.contains("gợi ý: viết 1.500.000"), "{vi}");
        let en = render(&d, Lang::En, Some("opening_balance: 1,5"), false);
        assert!(
            en.contains("error[E0108]: the amount `1,5` is ambiguous"),
            "{en}"
        );
        assert!(en.contains("help: write 1.500.000"), "{en}");
    }

    #[test]
    fn untranslated_messages_get_the_code_title_in_english() {
        let d = Diagnostic::error("E0404", "themes/x.html", 3, "lỗi giao diện: abc");
        assert_eq!(d.message_in(Lang::En), "template error: lỗi giao diện: abc");
        assert_eq!(d.message_in(Lang::Vi), "lỗi giao diện: abc");
    }

    #[test]
    fn whole_file_findings_render_without_a_snippet() {
        let d = Diagnostic::error("E0012", "a.md", 0, msg!("không phải UTF-8", "not UTF-8"));
        let out = render(&d, Lang::En, None, false);
        assert!(out.contains("error[E0012]: not UTF-8"), "{out}");
        assert!(out.contains("a.md"), "{out}");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::error("E0100", "a.md", 1, "x\u{1b}[2Jy\u{202e}z");
        let out = render(&d, Lang::Vi, Some("a: \u{1b}[31mred"), false);
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(!out.contains('\u{202e}'), "{out:?}");
    }

    #[test]
    fn json_has_the_specified_fields() {
        let d = Diagnostic::warning("W0114", "a/b.md", 4, msg!("chậm", "late")).at_column(2);
        let v = d.to_json(Lang::En);
        assert_eq!(v["file"], "a/b.md");
        assert_eq!(v["line"], 4);
        assert_eq!(v["column"], 2);
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["code"], "W0114");
        assert_eq!(v["message"], "late");
    }

    #[test]
    fn caret_spans_cover_one_token() {
        assert_eq!(caret_span("a: \"x y\" z", 4), 3..8);
        assert_eq!(caret_span("  key: v", 0), 2..8);
        assert_eq!(caret_span("đ: 1", 4), 4..5);
        assert_eq!(caret_span("a: 1,5, b", 4), 3..6);
        assert_eq!(caret_span("ab", 9), 2..2);
    }
}
