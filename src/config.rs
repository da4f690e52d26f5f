//! Repository configuration, `congkhai.toml`: site title, language, folders,
//! and the legal durations (kept as data because the rules change). The law's
//! obligations themselves are in [`crate::law`] (`law.toml`); the older
//! `[durations]` table still sets the six values it names, over `law.toml`.

use crate::diagnostics::Diagnostic;
use crate::law::Law;
use crate::msg;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The repository configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Portal title.
    pub title: String,
    /// One-line description under the title.
    pub description: String,
    /// Interface language: `vi` (default) or `en`.
    pub language: String,
    /// Where records live, relative to the root.
    pub content_dir: PathBuf,
    /// Where the site is written, relative to the root.
    pub output_dir: PathBuf,
    /// Legal durations.
    pub durations: Durations,
    /// Resource limits.
    pub limits: Limits,
    /// Markdown handling.
    pub markdown: MarkdownConfig,
    /// How long list pages get.
    pub pages: PagesConfig,
    /// Where the site is published (`https://…/`), for the sitemap and the
    /// absolute links of feeds and catalogues; pages never use it.
    pub base_url: Option<String>,
    /// Licence of the open data (an SPDX id, e.g. `CC-BY-4.0`).
    pub data_license: String,
    /// The law's obligations: the embedded default, the repository's
    /// `law.toml` and `[durations]` merged in that order.
    #[serde(skip)]
    pub law: Law,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Công khai thông tin cấp xã".into(),
            description: String::new(),
            language: "vi".into(),
            content_dir: "content".into(),
            output_dir: "public".into(),
            durations: Durations::default(),
            limits: Limits::default(),
            markdown: MarkdownConfig::default(),
            pages: PagesConfig::default(),
            base_url: None,
            data_license: "CC-BY-4.0".into(),
            law: Law::default(),
        }
    }
}

/// Minimum durations from Law 10/2022/QH15 and Land Law 31/2024/QH15, as
/// they stand in [`Config::law`] once loaded (the defaults come from the
/// embedded `law.toml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Durations {
    /// Posting at the office (Art. 13): at least 30 consecutive days.
    pub posting_days: u32,
    /// Compensation, support and resettlement plan (Land Law Art. 87): 30 days.
    pub compensation_plan_days: u32,
    /// Residents' opinions before decisions (Art. 25–28): 20 days.
    pub consultation_days: u32,
    /// Land-use plan consultation (Land Law Art. 70): 30 days.
    pub land_use_plan_consultation_days: u32,
    /// Annual land-use plan consultation (Land Law Art. 70): 20 days.
    pub annual_land_use_plan_consultation_days: u32,
    /// Disclosure after the decision (Art. 12): within 5 working days.
    pub disclosure_working_days: u32,
}

impl Default for Durations {
    fn default() -> Self {
        Law::default().durations()
    }
}

/// Resource limits for content.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest attachment, in MiB.
    pub attachment_max_mb: u64,
    /// Largest record file (and CSV table file), in MiB.
    pub record_max_mb: u64,
    /// Most rows read from one CSV table.
    pub table_max_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            attachment_max_mb: 20,
            record_max_mb: 8,
            table_max_rows: 50_000,
        }
    }
}

/// How long list pages get: the lists that grow with a ward's records
/// (kinds, the register's quarters, the commitments tracker) are split into
/// pages of at most `rows` rows.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PagesConfig {
    /// Rows on one page of a list (100 by default; at least 1).
    pub rows: std::num::NonZeroUsize,
}

impl Default for PagesConfig {
    fn default() -> Self {
        PagesConfig {
            rows: std::num::NonZeroUsize::new(100).expect("100 is not zero"),
        }
    }
}

/// How raw HTML in Markdown is treated.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// `escape` (default): raw HTML is shown as text; `sanitize`: safe
    /// tags are kept, everything that could run or restyle the page is
    /// removed.
    pub raw_html: RawHtml,
}

/// Policy for raw HTML.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text.
    #[default]
    Escape,
    /// Cleaned with ammonia: no scripts, event handlers, `style`, SVG or
    /// MathML, and only http(s), mailto and tel links.
    Sanitize,
}

/// The file name of the configuration.
pub const CONFIG_FILE: &str = "congkhai.toml";

impl Config {
    /// Reads `congkhai.toml` from `root`; a missing file gives the defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut config = Config::default();
                config.law = Law::load(root)?;
                config.durations = config.law.durations();
                return Ok(config);
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    "E0001",
                    CONFIG_FILE,
                    0,
                    msg!(
                        "không đọc được tệp cấu hình: {e}",
                        "cannot read the configuration file: {e}"
                    ),
                ))
            }
        };
        let text = String::from_utf8_lossy(&text);
        let text = crate::text::normalize_source(&text);
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| {
                let before = &text[..s.start.min(text.len())];
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                (
                    before.matches('\n').count() + 1,
                    before[line_start..].chars().count() + 1,
                )
            });
            let detail = e.message().trim().to_string();
            let mut d = Diagnostic::error(
                "E0002",
                CONFIG_FILE,
                line,
                msg!("cấu hình sai: {detail}", "invalid configuration: {detail}"),
            )
            .at_column(column);
            if let Some(rest) = detail.strip_prefix("unknown field `") {
                let name = rest.split('`').next().unwrap_or("");
                let allowed: Vec<&str> = rest
                    .split("expected ")
                    .nth(1)
                    .unwrap_or("")
                    .trim_start_matches("one of ")
                    .split(", ")
                    .map(|s| s.trim().trim_matches('`'))
                    .collect();
                if let Some(best) = crate::diagnostics::suggest(name, &allowed) {
                    d = d.with_help(msg!("có phải ý là `{best}`?", "did you mean `{best}`?"));
                }
            }
            d
        })?;
        // Which `[durations]` the file sets: only those override `law.toml`.
        let set: BTreeMap<String, u32> = toml::from_str::<toml::Table>(&text)
            .ok()
            .and_then(|t| t.get("durations").and_then(|d| d.as_table()).cloned())
            .map(|d| {
                d.into_iter()
                    .filter_map(|(k, v)| Some((k, u32::try_from(v.as_integer()?).ok()?)))
                    .collect()
            })
            .unwrap_or_default();
        config.law = Law::load(root)?;
        config.law.apply_durations(&set);
        config.durations = config.law.durations();
        Ok(config)
    }

    /// The maximum attachment size in bytes.
    pub fn attachment_max_bytes(&self) -> u64 {
        self.limits.attachment_max_mb.saturating_mul(1024 * 1024)
    }
}
