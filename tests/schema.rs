//! The JSON Schemas `congkhai schema` writes: valid draft-07, every sample
//! record valid against its kind's schema, and the same answer as the
//! loader `check` reads with on a corpus of structurally broken records.

use congkhai::config::Config;
use congkhai::diagnostics::Severity;
use congkhai::model::Kind;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn schemas() -> Vec<(String, Value)> {
    congkhai::schema::all()
        .into_iter()
        .map(|f| (f.name, f.schema))
        .collect()
}

fn schema(name: &str) -> Value {
    schemas()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no schema {name}"))
}

/// The YAML of a record file: its front matter for Markdown, all of it otherwise.
fn front_matter(path: &Path, text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    if path.extension().and_then(|e| e.to_str()) != Some("md") {
        return text;
    }
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---").expect("end of front matter");
    rest[..end + 1].to_string()
}

fn yaml_value(yaml: &str) -> Value {
    serde_saphyr::from_str::<Value>(yaml).expect("YAML")
}

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_schema_is_valid_draft_07_and_titled() {
    for (name, s) in schemas() {
        assert_eq!(
            s["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}"
        );
        jsonschema::meta::validate(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(s["title"].is_string(), "{name} has no title");
        let mut objects = vec![("(gốc)".to_string(), &s)];
        if let Some(Value::Object(defs)) = s.get("definitions") {
            objects.extend(defs.iter().map(|(k, v)| (k.clone(), v)));
        }
        for (type_name, object) in objects {
            assert!(
                object["title"].is_string(),
                "{name}: {type_name} has no title"
            );
            if let Some(Value::Object(props)) = object.get("properties") {
                for (field, prop) in props {
                    assert!(
                        prop["title"].is_string(),
                        "{name}: {type_name}.{field} has no Vietnamese title"
                    );
                }
            }
            if let Some(Value::Array(values)) = object.get("enum") {
                let labels = object["enumDescriptions"].as_array().expect("labels");
                assert_eq!(values.len(), labels.len(), "{name}: {type_name}");
                for (v, l) in values.iter().zip(labels) {
                    assert!(
                        l.as_str().is_some_and(|l| !l.is_empty()),
                        "{name}: {type_name} value {v} has no label"
                    );
                }
            }
        }
    }
}

#[test]
fn labels_of_values_are_the_words_the_pages_show() {
    let fund = schema("fund.schema.json");
    let source = &fund["definitions"]["FundSource"];
    assert_eq!(source["enum"][1], "donation");
    assert_eq!(source["enumDescriptions"][1], "Ủng hộ tự nguyện");
    let form = &fund["definitions"]["Form"];
    let i = form["enum"]
        .as_array()
        .unwrap()
        .iter()
        .position(|v| v == "portal")
        .unwrap();
    assert_eq!(form["enumDescriptions"][i], "Cổng thông tin điện tử");
    assert_eq!(fund["title"], "Quỹ");
    assert_eq!(fund["properties"]["receipts"]["title"], "Các khoản thu");
}

fn content_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("md" | "yaml" | "yml")
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_sample_record_and_profile_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for path in content_files() {
        let rel = path.strip_prefix(root.join("content")).unwrap();
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        let name = if parts.last() == Some(&"ward.yaml") {
            congkhai::schema::WARD_FILE.to_string()
        } else if parts.len() >= 2 {
            match Kind::from_name(parts[parts.len() - 2]) {
                Some(kind) => congkhai::schema::record_file_name(kind),
                None => continue,
            }
        } else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let instance = yaml_value(&front_matter(&path, &text));
        let errs = errors(&schema(&name), &instance);
        assert!(errs.is_empty(), "{}: {errs:#?}", rel.display());
        checked += 1;
    }
    assert!(checked > 40, "only {checked} files checked");
    let config: Value =
        toml::from_str(&std::fs::read_to_string(root.join("congkhai.toml")).unwrap()).unwrap();
    let errs = errors(&schema(congkhai::schema::CONFIG_FILE), &config);
    assert!(errs.is_empty(), "congkhai.toml: {errs:#?}");
}

/// A fund the loader accepts, as the base of the broken ones.
const FUND: &str = "title: Quỹ khuyến học
published: 2026-03-01
disclosure_item: 5
forms: [office_posting, portal]
source: donation
purpose: Khuyến học
period_start: 2026-01-01
period_end: 2026-03-31
opening_balance: 1.000.000
receipts:
  - date: 2026-01-05
    from: Nguyễn Văn A
    amount: 500 000
    organisation: có
expenses:
  - date: 2026-02-01
    item: Học bổng
    amount: 300000
closing_balance: 1200000
";

/// Whether the loader `check` uses reads `yaml` as a record of `kind` without error.
fn loader_accepts(kind: Kind, yaml: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let rel = PathBuf::from(format!("content/ward/{}/record.yaml", kind.slug()));
    let (record, diags) =
        congkhai::load::parse_record(&Config::default(), dir.path(), kind, &rel, yaml.as_bytes());
    record.is_some() && !diags.iter().any(|d| d.severity == Severity::Error)
}

fn schema_accepts(kind: Kind, yaml: &str) -> bool {
    let instance = yaml_value(yaml);
    errors(
        &schema(&congkhai::schema::record_file_name(kind)),
        &instance,
    )
    .is_empty()
}

#[test]
fn schema_and_loader_agree_on_structural_cases() {
    let replace = |from: &str, to: &str| {
        assert!(FUND.contains(from), "{from}");
        FUND.replacen(from, to, 1)
    };
    let cases: Vec<(&str, String, bool)> = vec![
        ("the base record", FUND.to_string(), true),
        (
            "money with spaces and dots",
            replace("300000", "\"300.000 đ\""),
            true,
        ),
        (
            "a date written 5/1/2026",
            replace("2026-01-05", "5/1/2026"),
            true,
        ),
        (
            "posted permanently",
            format!("{FUND}posted_until: permanent\n"),
            true,
        ),
        ("declared a draft", format!("{FUND}status: draft\n"), true),
        (
            "kind repeating the folder",
            format!("kind: fund\n{FUND}"),
            true,
        ),
        ("kind in Vietnamese", format!("kind: quy\n{FUND}"), true),
        ("an empty kind", format!("kind:\n{FUND}"), true),
        ("an empty summary", format!("summary:\n{FUND}"), true),
        ("an unknown field", format!("{FUND}color: red\n"), false),
        ("a misspelt field", replace("purpose:", "purpsoe:"), false),
        (
            "an unknown field in a receipt",
            replace(
                "    amount: 500 000\n",
                "    amount: 500 000\n    note: x\n",
            ),
            false,
        ),
        (
            "an unknown field in an attachment",
            format!("{FUND}attachments:\n  - {{ path: a.pdf, size: 3 }}\n"),
            false,
        ),
        (
            "missing title",
            replace("title: Quỹ khuyến học\n", ""),
            false,
        ),
        (
            "missing closing balance",
            replace("closing_balance: 1200000\n", ""),
            false,
        ),
        (
            "missing the amount of a receipt",
            replace("    amount: 500 000\n", ""),
            false,
        ),
        (
            "missing the item of an expense",
            replace("    item: Học bổng\n", ""),
            false,
        ),
        (
            "a text for the item number",
            replace("disclosure_item: 5", "disclosure_item: năm"),
            false,
        ),
        (
            "receipts as text",
            replace("receipts:\n", "receipts: nhiều\nx_receipts:\n"),
            false,
        ),
        (
            "a list for the purpose",
            replace("purpose: Khuyến học", "purpose: [a, b]"),
            false,
        ),
        (
            "an unknown source",
            replace("source: donation", "source: lottery"),
            false,
        ),
        (
            "an unknown form",
            replace("forms: [office_posting, portal]", "forms: [radio]"),
            false,
        ),
        (
            "a date that is not a date",
            replace("period_start: 2026-01-01", "period_start: đầu năm"),
            false,
        ),
        (
            "money with a comma",
            replace("300000", "\"300,000\""),
            false,
        ),
        ("negative money", replace("300000", "-300000"), false),
        (
            "an object for the title",
            replace("title: Quỹ khuyến học", "title: { a: 1 }"),
            false,
        ),
        (
            "a flag that is not yes or no",
            replace("organisation: có", "organisation: có lẽ"),
            false,
        ),
    ];
    let mut disagreements = Vec::new();
    for (name, yaml, _) in &cases {
        let loader = loader_accepts(Kind::Fund, yaml);
        let schema = schema_accepts(Kind::Fund, yaml);
        if loader != schema {
            disagreements.push(format!("{name}: check {loader}, schema {schema}"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    // And the corpus means what it says: the expected answers hold.
    for (name, yaml, expected) in &cases {
        assert_eq!(loader_accepts(Kind::Fund, yaml), *expected, "{name}");
    }
}
