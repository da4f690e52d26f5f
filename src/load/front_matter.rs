//! Front matter: the YAML between the two `---` lines of a Markdown record
//! (or a whole `.yaml` record), read by the fast path ([`crate::load::yaml_subset`])
//! when it is in the plain subset, and by the full parser (serde-saphyr, with
//! a diagnostic for each wrong field) otherwise.

use super::{parse_all, yaml_errors};
use crate::diagnostics::suggest;
use crate::diagnostics::Diagnostic;
use crate::model::{Common, Kind, RecordData, Source};
use crate::msg;
use std::path::Path;

/// Splits `---\nyaml\n---\nbody` into (yaml, yaml's first line, body, body's
/// first line). Trailing spaces on the `---` lines are allowed.
pub fn split_front_matter(text: &str) -> Option<(String, usize, String, usize)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let rest = text.get(first_end + 1..).unwrap_or("");
    let mut offset = 0;
    for (i, line) in crate::text::lines_inclusive(rest).enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = rest[..offset].to_string();
            let body = rest[offset + line.len()..].to_string();
            return Some((yaml, 2, body, i + 3));
        }
        offset += line.len();
    }
    None
}

/// Reads a record's front matter (all of `text` for a `.yaml` record):
/// where it came from, the Markdown body, the common fields and the kind's
/// own. `None`, with the problems in `diags`, when it cannot be read.
pub(super) fn read(
    kind: Kind,
    path: &Path,
    rel: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Source, String, Common, RecordData)> {
    let is_markdown = super::walk::record_file(path) == Some(true);
    let (yaml, yaml_line, body, body_line) = if is_markdown {
        match split_front_matter(text) {
            Some(parts) => parts,
            None => {
                diags.push(
                    Diagnostic::error(
                        "E0101",
                        rel.to_path_buf(),
                        1,
                        msg!(
                            "thiếu phần khai báo đầu tệp (front matter) giữa hai dòng `---`",
                            "missing front matter between two `---` lines"
                        ),
                    )
                    .with_help(msg!(
                        "Tệp .md bắt đầu bằng một dòng `---`, sau đó các trường YAML, rồi một dòng `---`, rồi nội dung.",
                        "A .md file starts with a `---` line, then the YAML fields, then a `---` line, then the body."
                    )),
                );
                return None;
            }
        }
    } else {
        (text.to_string(), 1, String::new(), 0)
    };
    let source = Source {
        path: rel.to_path_buf(),
        yaml_line,
        body_line,
        yaml,
        ..Default::default()
    };
    // Front matter in the plain YAML subset is read in one pass; anything
    // else, and every error, goes through the full parser.
    let fast = crate::load::yaml_subset::read_record(kind, &source.yaml);
    // Repeated keys, then unknown fields with suggestions.
    let (unknown, fast) = match fast {
        Some(f) => (f.unknown, Some((f.common, f.data))),
        None => {
            let keys = yaml_errors::top_level_keys(&source.yaml, yaml_line, rel, diags)?;
            let unknown = keys.into_iter().filter(|k| !kind.has_field(k)).collect();
            (unknown, None)
        }
    };
    let refused = super::controls::control_characters(&source);
    let has_controls = !refused.is_empty();
    diags.extend(refused);
    let yaml = &source.yaml;
    for key in &unknown {
        let allowed: Vec<&str> = kind.all_fields().collect();
        let (line, column) = source.key_position(key);
        let mut d = Diagnostic::error(
            "E0104",
            rel.to_path_buf(),
            line,
            msg!(
                "trường `{key}` không có trong loại hồ sơ `{kind}`",
                "field `{key}` does not exist in a `{kind}` record"
            ),
        )
        .at_column(column);
        if let Some(best) = suggest(key, &allowed) {
            d = d.with_help(msg!("có phải ý là `{best}`?", "did you mean `{best}`?"));
        }
        diags.push(d);
    }
    let (common, data) = match fast {
        Some((common, data)) => (Ok(common), Ok(data)),
        None => full(kind, yaml, yaml_line, rel),
    };
    let (common, data) = match (common, data) {
        (Ok(c), Ok(d)) => (c, d),
        (c, d) => {
            for e in c
                .err()
                .into_iter()
                .flatten()
                .chain(d.err().into_iter().flatten())
            {
                let seen = diags
                    .iter()
                    .any(|x| x.code == e.code && x.line == e.line && x.column == e.column);
                if !seen {
                    diags.push(e);
                }
            }
            return None;
        }
    };
    if has_controls {
        return None;
    }
    Some((source, body, common, data))
}

/// The full path: the common fields and the kind's own read by serde-saphyr,
/// every wrong field a diagnostic at its line.
pub(super) fn full(
    kind: Kind,
    yaml: &str,
    yaml_line: usize,
    rel: &Path,
) -> (
    Result<Common, Vec<Diagnostic>>,
    Result<RecordData, Vec<Diagnostic>>,
) {
    (
        parse_all::<Common>(yaml, yaml_line, rel),
        match kind {
            Kind::Plan => parse_all(yaml, yaml_line, rel).map(RecordData::Plan),
            Kind::Land => parse_all(yaml, yaml_line, rel).map(RecordData::Land),
            Kind::Fund => parse_all(yaml, yaml_line, rel).map(RecordData::Fund),
            Kind::Dialogue => parse_all(yaml, yaml_line, rel).map(RecordData::Dialogue),
            Kind::Document => parse_all(yaml, yaml_line, rel).map(RecordData::Document),
            Kind::Procedure => parse_all(yaml, yaml_line, rel).map(RecordData::Procedure),
            Kind::Budget => parse_all(yaml, yaml_line, rel).map(RecordData::Budget),
            Kind::Asset => parse_all(yaml, yaml_line, rel).map(RecordData::Asset),
            Kind::Support => parse_all(yaml, yaml_line, rel).map(RecordData::Support),
            Kind::Callup => parse_all(yaml, yaml_line, rel).map(RecordData::Callup),
            Kind::Inspection => parse_all(yaml, yaml_line, rel).map(RecordData::Inspection),
            Kind::Consultation => parse_all(yaml, yaml_line, rel).map(RecordData::Consultation),
            Kind::Fee => parse_all(yaml, yaml_line, rel).map(RecordData::Fee),
        },
    )
}

/// Holds the fast path to the full parser on the front matter `yaml` of a
/// `kind` record: `Ok(true)` when the fast path read it and the full parser
/// reads the same record (the same fields, the same keys unknown to the
/// kind), `Ok(false)` when the fast path declined (the loader then uses the
/// full parser alone), and `Err`, showing both readings, when they differ or
/// when the fast path accepted what the full parser refuses. For the
/// property test and the fuzz target; never panics.
pub fn fast_path_agrees(kind: Kind, yaml: &str) -> Result<bool, String> {
    let Some(fast) = crate::load::yaml_subset::read_record(kind, yaml) else {
        return Ok(false);
    };
    let fast = format!("{:?}\n{:?}\n{:?}", fast.unknown, fast.common, fast.data);
    let rel = Path::new("front-matter.yaml");
    let mut diags = Vec::new();
    let keys = yaml_errors::top_level_keys(yaml, 1, rel, &mut diags);
    let refused = |why: String| {
        Err(format!(
            "the fast path read\n{fast}\nthe full parser refuses: {why}"
        ))
    };
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    let Some(keys) = keys.filter(|_| errors.is_empty()) else {
        return refused(errors.join("; "));
    };
    let mut unknown: Vec<String> = keys.into_iter().filter(|k| !kind.has_field(k)).collect();
    unknown.sort();
    unknown.dedup();
    match full(kind, yaml, 1, rel) {
        (Ok(common), Ok(data)) => {
            let full = format!("{unknown:?}\n{common:?}\n{data:?}");
            if full == fast {
                Ok(true)
            } else {
                Err(format!(
                    "the fast path read\n{fast}\nthe full parser read\n{full}"
                ))
            }
        }
        (common, data) => refused(
            common
                .err()
                .into_iter()
                .chain(data.err())
                .flatten()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_lines() {
        let (yaml, yl, body, bl) = split_front_matter("---\na: 1\nb: 2\n---\n# Body\n").unwrap();
        assert_eq!(yaml, "a: 1\nb: 2\n");
        assert_eq!((yl, bl), (2, 5));
        assert_eq!(body, "# Body\n");
        assert!(split_front_matter("no front matter").is_none());
        assert!(split_front_matter("---\na: 1\n").is_none());
        assert!(split_front_matter("--- \na: 1\n---  \n").is_some());
    }
}
