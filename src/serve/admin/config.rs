//! The editor's configuration (Decap CMS's `config.yml`), made at request
//! time from the same JSON Schema as `congkhai schema`: one collection per
//! ward and kind, with a widget per field chosen from the field's schema
//! type. Nothing here names a kind or a field of one: a kind added to the
//! model appears in the editor with no change here.
//!
//! A new record goes in the folder of its year, as with `congkhai new`
//! ([`crate::scaffold::new_record_subfolder`]): each collection's `path` is
//! `<year>/{{slug}}`, which also makes the editor list the records one
//! folder down (those in the kind folder itself too, edited where they are).
//!
//! The configuration is written as JSON, which is YAML too.

use crate::date::Date;
use crate::model::Kind;
use crate::schema::{self, Labels, DATE_PATTERN};
use serde_json::{json, Map, Value};
use std::path::Path;

/// The fields the editor never shows: the folder decides the kind.
const HIDDEN: &[&str] = &["kind"];

/// A ward as the editor lists it.
pub struct Ward {
    /// Folder name.
    pub slug: String,
    /// Name from its profile, when it could be read.
    pub name: Option<String>,
}

/// The whole configuration for a repository whose content folder is
/// `content_dir` (relative to the root) and holds `wards`; `api` is the
/// URL of this server's editing API, `site` the preview's root URL, and
/// `today` the day a record created now is made (its year is its folder).
pub fn decap_config(
    root: &Path,
    content_dir: &Path,
    wards: &[Ward],
    api: &str,
    site: &str,
    today: Date,
) -> Value {
    let labels = Labels::load();
    let content = slash(content_dir);
    // Decap makes a new record's path from it; the depth of the listing
    // (the kind folder and its subfolders) is its number of parts.
    let path = format!(
        "{}/{{{{slug}}}}",
        crate::scaffold::new_record_subfolder(today)
    );
    let mut collections = Vec::new();
    for ward in wards {
        let ward_name = ward.name.clone().unwrap_or_else(|| ward.slug.clone());
        for &kind in &Kind::ALL {
            let folder =
                crate::scaffold::kind_folder(&root.join(content_dir).join(&ward.slug), kind);
            let record = schema::record(kind, &labels);
            let kind_title = labels.kind_title(kind);
            let fields = record_fields(kind, &record);
            let folder_path = format!("{content}/{}/{folder}", ward.slug);
            // The page's address is the file's name, whatever its folder.
            let preview_path = format!("{}/{}/{{{{filename}}}}.html", ward.slug, kind.slug());
            let collection = |name: String, label: String, extension: &str, fields: &[Value]| {
                json!({
                    "name": name,
                    "label": label,
                    "label_singular": kind_title,
                    "folder": folder_path,
                    "path": path,
                    "extension": extension,
                    "identifier_field": "title",
                    "media_folder": "files",
                    "public_folder": "files",
                    "preview_path": preview_path,
                    "editor": { "preview": false },
                    "fields": fields,
                })
            };
            let mut with_body = fields.clone();
            with_body.push(json!({
                "name": "body",
                "label": "Nội dung",
                "widget": "markdown",
                "required": false,
                "hint": "Phần văn bản của hồ sơ: đoạn văn, bảng, chú thích.",
            }));
            let mut records = collection(
                format!("{}-{}", ward.slug, kind.slug()),
                format!("{kind_title} · {ward_name}"),
                "md",
                &with_body,
            );
            records["format"] = json!("frontmatter");
            records["create"] = json!(true);
            records["slug"] = json!("{{slug}}");
            collections.push(records);
            // Data-only records (`.yaml`, `.yml`), where the folder has
            // some: Decap reads one format per collection.
            for extension in data_only_extensions(&root.join(&folder_path)) {
                let mut data_only = collection(
                    format!("{}-{}-{extension}", ward.slug, kind.slug()),
                    format!("{kind_title} (tệp .{extension}) · {ward_name}"),
                    extension,
                    &fields,
                );
                data_only["format"] = json!("yaml");
                data_only["create"] = json!(false);
                collections.push(data_only);
            }
        }
    }
    let profile = schema::all()
        .into_iter()
        .find(|f| f.name == schema::WARD_FILE)
        .map(|f| f.schema)
        .unwrap_or(Value::Null);
    if !wards.is_empty() {
        let files: Vec<Value> = wards
            .iter()
            .map(|w| {
                json!({
                    "name": w.slug,
                    "label": w.name.clone().unwrap_or_else(|| w.slug.clone()),
                    "file": format!("{content}/{}/{}", w.slug, crate::load::WARD_FILE),
                    "fields": object_fields(&profile, &profile, "WardProfile", false),
                })
            })
            .collect();
        collections.push(json!({
            "name": "wards",
            "label": "Thông tin phường, xã",
            "format": "yaml",
            "editor": { "preview": false },
            "files": files,
        }));
    }
    json!({
        "locale": "vi",
        "backend": { "name": "proxy", "proxy_url": api, "branch": "main" },
        "local_backend": { "url": api, "allowed_hosts": [host_name(site)] },
        "publish_mode": "simple",
        "site_url": site,
        "display_url": site,
        "media_folder": format!("{content}/{}/files", crate::load::SHARED_DIR),
        "public_folder": "files",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    })
}

/// The extensions of the data-only records in `folder` (`yaml`, `yml`),
/// those it or one of its subfolders (a year's) holds at least one file of.
fn data_only_extensions(folder: &Path) -> Vec<&'static str> {
    let entries = |dir: &Path| -> Vec<std::fs::DirEntry> {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                    .collect()
            })
            .unwrap_or_default()
    };
    let name = |e: &std::fs::DirEntry| e.file_name().to_string_lossy().to_ascii_lowercase();
    let mut names = Vec::new();
    for entry in entries(folder) {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            names.extend(entries(&entry.path()).iter().map(name));
        } else {
            names.push(name(&entry));
        }
    }
    ["yaml", "yml"]
        .into_iter()
        .filter(|ext| names.iter().any(|n| n.ends_with(&format!(".{ext}"))))
        .collect()
}

/// The host name of a URL `http://host:port/` (an IPv6 address keeps its brackets).
fn host_name(url: &str) -> &str {
    let authority = url
        .split("//")
        .nth(1)
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("");
    match authority.rfind(':') {
        Some(at) if !authority[at..].contains(']') => &authority[..at],
        _ => authority,
    }
}

fn slash(path: &Path) -> String {
    path.to_string_lossy()
        .replace('\\', "/")
        .trim_end_matches('/')
        .to_string()
}

/// The fields of a record: the common ones, then the kind's, in the
/// model's order.
fn record_fields(kind: Kind, record: &Value) -> Vec<Value> {
    let order: Vec<&str> = kind.all_fields().collect();
    let mut fields = object_fields_in(record, record, &order, false);
    fields.retain(|f| {
        f.get("name")
            .and_then(Value::as_str)
            .is_none_or(|n| !HIDDEN.contains(&n))
    });
    fields
}

/// The fields of the object schema `object` of the type `type_name`, in
/// the order its labels list them.
fn object_fields(root: &Value, object: &Value, type_name: &str, optional: bool) -> Vec<Value> {
    let order = schema::labelled_order(type_name);
    object_fields_in(root, object, &order, optional)
}

/// The fields of `object`: those named in `order` first, in that order,
/// then the others by name. Inside an `optional` object nothing is
/// required (the editor would otherwise ask for the parts of what may be
/// left out; `check` still checks them once it is filled in).
fn object_fields_in(root: &Value, object: &Value, order: &[&str], optional: bool) -> Vec<Value> {
    let Some(Value::Object(props)) = object.get("properties") else {
        return Vec::new();
    };
    let required: Vec<&str> = match object.get("required") {
        Some(Value::Array(r)) => r.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut names: Vec<&String> = props.keys().collect();
    names.sort_by_key(|n| {
        (
            order.iter().position(|o| o == n).unwrap_or(usize::MAX),
            n.as_str(),
        )
    });
    names
        .into_iter()
        .map(|name| {
            let must = !optional && required.contains(&name.as_str());
            field(root, name, &props[name], must)
        })
        .collect()
}

/// A property's schema with its references followed: the title and
/// description said beside a reference win over the referred type's;
/// `nullable` when `null` is one of the accepted types.
struct Resolved {
    schema: Map<String, Value>,
    /// The name of the definition it refers to, if any.
    type_name: Option<String>,
    nullable: bool,
}

fn resolve(root: &Value, prop: &Value) -> Resolved {
    let mut out = Resolved {
        schema: Map::new(),
        type_name: None,
        nullable: false,
    };
    resolve_into(root, prop, &mut out, 0);
    out
}

fn resolve_into(root: &Value, prop: &Value, out: &mut Resolved, depth: usize) {
    let Value::Object(map) = prop else {
        return;
    };
    if depth > 16 {
        return;
    }
    for (k, v) in map {
        if !matches!(k.as_str(), "$ref" | "allOf" | "anyOf") && !out.schema.contains_key(k) {
            out.schema.insert(k.clone(), v.clone());
        }
    }
    if let Some(Value::Array(types)) = map.get("type") {
        if types.iter().any(|t| t == "null") {
            out.nullable = true;
        }
    }
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        if out.type_name.is_none() {
            out.type_name = Some(name.to_string());
        }
        if let Some(def) = root.pointer(&format!("/definitions/{name}")) {
            resolve_into(root, def, out, depth + 1);
        }
    }
    if let Some(Value::Array(all)) = map.get("allOf") {
        for part in all {
            resolve_into(root, part, out, depth + 1);
        }
    }
    if let Some(Value::Array(any)) = map.get("anyOf") {
        let is_null = |b: &Value| b.get("type").is_some_and(|t| t == "null");
        out.nullable |= any.iter().any(is_null);
        let branches: Vec<&Value> = any.iter().filter(|b| !is_null(b)).collect();
        if out.schema.contains_key("type") {
            // Alternatives of one type (a date or a word): the type says it.
        } else if branches
            .iter()
            .any(|b| b.get("type").is_some_and(|t| t == "boolean"))
        {
            // A yes/no flag that may also be written as text.
            out.schema.insert("type".into(), Value::from("boolean"));
        } else if let Some(branch) = branches
            .iter()
            .find(|b| b.get("type").is_some_and(|t| t == "object"))
            .or(branches.first())
        {
            // A short form or a full one (an attachment as a path, or as
            // a path and a title): the form offers the full one.
            resolve_into(root, branch, out, depth + 1);
        }
    }
}

/// The non-null types of a schema.
fn types(schema: &Map<String, Value>) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The options of a select from an enumeration and its labels.
fn options(schema: &Map<String, Value>) -> Option<Vec<Value>> {
    let Some(Value::Array(values)) = schema.get("enum") else {
        return None;
    };
    let labels = match schema.get("enumDescriptions") {
        Some(Value::Array(l)) => l.clone(),
        _ => Vec::new(),
    };
    let options = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let value = v.as_str()?;
            let label = labels
                .get(i)
                .and_then(Value::as_str)
                .filter(|l| !l.is_empty())
                .unwrap_or(value);
            Some(json!({ "label": label, "value": value }))
        })
        .collect();
    Some(options)
}

/// The editor's field for the property `name` with schema `prop`.
fn field(root: &Value, name: &str, prop: &Value, required: bool) -> Value {
    let r = resolve(root, prop);
    let mut f = Map::new();
    f.insert("name".into(), Value::from(name));
    let label = r
        .schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(name);
    f.insert("label".into(), Value::from(label));
    if let Some(hint) = r.schema.get("description").and_then(Value::as_str) {
        f.insert("hint".into(), Value::from(hint.replace('`', "")));
    }
    f.insert("required".into(), Value::Bool(required && !r.nullable));
    widget(root, &r, &mut f, required && !r.nullable);
    Value::Object(f)
}

/// Fills in the widget of `f` from the resolved schema.
fn widget(root: &Value, r: &Resolved, f: &mut Map<String, Value>, required: bool) {
    let s = &r.schema;
    let ts = types(s);
    let number = |f: &mut Map<String, Value>, int: bool| {
        f.insert("widget".into(), Value::from("number"));
        f.insert(
            "value_type".into(),
            Value::from(if int { "int" } else { "float" }),
        );
        for (from, to) in [("minimum", "min"), ("maximum", "max")] {
            if let Some(v) = s.get(from) {
                f.insert(to.into(), v.clone());
            }
        }
    };
    match ts.as_slice() {
        [t] if t == "string" => {
            if let Some(options) = options(s) {
                f.insert("widget".into(), Value::from("select"));
                f.insert("options".into(), Value::Array(options));
            } else if s.get("pattern").and_then(Value::as_str) == Some(DATE_PATTERN) {
                date(f);
            } else {
                f.insert("widget".into(), Value::from("string"));
                if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                    if s.get("anyOf").is_none() {
                        f.insert(
                            "pattern".into(),
                            json!([p, "Chưa đúng dạng: xem hướng dẫn dưới ô nhập."]),
                        );
                    }
                }
            }
        }
        [t] if t == "integer" => number(f, true),
        [t] if t == "number" => number(f, false),
        // No default: a default would make the editor add an item to
        // every list of objects holding a flag, and write it out unasked.
        [t] if t == "boolean" => {
            f.insert("widget".into(), Value::from("boolean"));
        }
        [t] if t == "array" => {
            let items = resolve(root, s.get("items").unwrap_or(&Value::Null));
            let item_types = types(&items.schema);
            if item_types.iter().any(|t| t == "string") && options(&items.schema).is_some() {
                f.insert("widget".into(), Value::from("select"));
                f.insert("multiple".into(), Value::Bool(true));
                f.insert(
                    "options".into(),
                    Value::Array(options(&items.schema).unwrap_or_default()),
                );
            } else if item_types == ["object"] {
                f.insert("widget".into(), Value::from("list"));
                let name = items.type_name.clone().unwrap_or_default();
                let object = Value::Object(items.schema.clone());
                f.insert(
                    "fields".into(),
                    Value::Array(object_fields(root, &object, &name, false)),
                );
                if let Some(title) = items.schema.get("title").and_then(Value::as_str) {
                    f.insert("label_singular".into(), Value::from(title));
                }
                f.insert("collapsed".into(), Value::Bool(false));
            } else {
                f.insert("widget".into(), Value::from("list"));
                let mut inner = Map::new();
                inner.insert("name".into(), Value::from("item"));
                let label = items
                    .schema
                    .get("title")
                    .and_then(Value::as_str)
                    .or_else(|| f.get("label").and_then(Value::as_str))
                    .unwrap_or("")
                    .to_string();
                inner.insert("label".into(), Value::from(label));
                widget(root, &items, &mut inner, true);
                f.insert("field".into(), Value::Object(inner));
            }
            f.insert("required".into(), Value::Bool(false));
        }
        [t] if t == "object" => {
            f.insert("widget".into(), Value::from("object"));
            let name = r.type_name.clone().unwrap_or_default();
            let object = Value::Object(s.clone());
            f.insert(
                "fields".into(),
                Value::Array(object_fields(root, &object, &name, !required)),
            );
            f.insert("collapsed".into(), Value::Bool(!required));
        }
        // Several types (an amount as a number or as text "1.500.000", a
        // deadline as a date, a quarter or a year): typed as text.
        _ => {
            f.insert("widget".into(), Value::from("string"));
        }
    }
}

/// A date picker that writes `YYYY-MM-DD`. It starts empty: with no
/// default, nothing is written for a date left blank.
fn date(f: &mut Map<String, Value>) {
    f.insert("widget".into(), Value::from("datetime"));
    f.insert("format".into(), Value::from("YYYY-MM-DD"));
    f.insert("date_format".into(), Value::from("DD/MM/YYYY"));
    f.insert("time_format".into(), Value::Bool(false));
    f.insert("picker_utc".into(), Value::Bool(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fund_config() -> Value {
        let wards = [Ward {
            slug: "ban-co".into(),
            name: Some("Phường Bàn Cờ".into()),
        }];
        decap_config(
            Path::new("/nonexistent"),
            Path::new("content"),
            &wards,
            "http://127.0.0.1:1111/api/v1",
            "http://127.0.0.1:1111/",
            Date::parse("2026-11-22").unwrap(),
        )
    }

    /// The configuration of the ward `ban-co` in a repository holding only
    /// the files `files` (paths under `content/ban-co/`), on `today`.
    fn config_with(files: &[&str], today: &str) -> Value {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join("content/ban-co").join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "title: x\n").unwrap();
        }
        let wards = [Ward {
            slug: "ban-co".into(),
            name: None,
        }];
        let today = Date::parse(today).unwrap();
        decap_config(dir.path(), Path::new("content"), &wards, "a", "s", today)
    }

    /// The collection `name` of `config`, if there is one.
    fn collection<'a>(config: &'a Value, name: &str) -> Option<&'a Value> {
        config["collections"]
            .as_array()
            .and_then(|all| all.iter().find(|c| c["name"] == name))
    }

    fn field_named<'a>(fields: &'a Value, name: &str) -> &'a Value {
        fields
            .as_array()
            .and_then(|fs| fs.iter().find(|f| f["name"] == name))
            .unwrap_or_else(|| panic!("no field {name} in {fields}"))
    }

    #[test]
    fn every_kind_has_a_collection_per_ward() {
        let config = fund_config();
        let names: Vec<&str> = config["collections"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["name"].as_str())
            .collect();
        for kind in Kind::ALL {
            assert!(names.contains(&format!("ban-co-{}", kind.slug()).as_str()));
        }
        assert!(names.contains(&"wards"));
        assert_eq!(config["locale"], "vi");
        assert_eq!(
            config["local_backend"]["allowed_hosts"],
            json!(["127.0.0.1"])
        );
        assert_eq!(host_name("http://[::1]:1111/"), "[::1]");
        assert_eq!(host_name("http://localhost/"), "localhost");
        assert_eq!(
            config["backend"]["proxy_url"],
            "http://127.0.0.1:1111/api/v1"
        );
    }

    #[test]
    fn data_only_records_get_a_collection_where_there_are_some() {
        let config = config_with(&["quy/so-quy.yaml"], "2027-01-02");
        let yaml =
            collection(&config, "ban-co-fund-yaml").expect("a collection of the .yaml funds");
        assert_eq!(
            yaml["folder"], "content/ban-co/quy",
            "the folder that exists"
        );
        assert_eq!(
            (&yaml["format"], &yaml["extension"]),
            (&json!("yaml"), &json!("yaml"))
        );
        assert!(yaml["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["name"] != "body"));
        let md = collection(&config, "ban-co-fund").unwrap();
        assert_eq!(md["folder"], "content/ban-co/quy");
        assert!(collection(&config, "ban-co-plan-yaml").is_none());
    }

    #[test]
    fn new_records_go_in_the_folder_of_their_year_as_with_new() {
        let config = fund_config();
        let fund = collection(&config, "ban-co-fund").unwrap();
        assert_eq!(fund["folder"], "content/ban-co/fund");
        // The year of the day it is made: the folder `congkhai new` writes to.
        assert_eq!(fund["path"], "2026/{{slug}}");
        let today = Date::parse("2026-11-22").unwrap();
        let new_dir = crate::scaffold::new_record_dir(Path::new("ban-co"), Kind::Fund, today);
        assert_eq!(
            format!("content/{}/{{{{slug}}}}", new_dir.display()),
            format!(
                "{}/{}",
                fund["folder"].as_str().unwrap(),
                fund["path"].as_str().unwrap()
            )
        );
        // The page is named after the file, whatever folder it is in.
        assert_eq!(fund["preview_path"], "ban-co/fund/{{filename}}.html");
        assert_eq!(fund["create"], true);
        // Another year, another folder.
        let wards = [Ward {
            slug: "ban-co".into(),
            name: None,
        }];
        let next = decap_config(
            Path::new("/nonexistent"),
            Path::new("content"),
            &wards,
            "a",
            "s",
            Date::parse("2027-01-01").unwrap(),
        );
        assert!(next["collections"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c.get("folder").is_some())
            .all(|c| c["path"] == "2027/{{slug}}"));
    }

    #[test]
    fn data_only_records_in_a_year_folder_get_their_collection() {
        let config = config_with(&["fund/2026/so-quy.yml"], "2026-03-01");
        let yml = collection(&config, "ban-co-fund-yml")
            .expect("a collection of the .yml funds in the year folder");
        // Listed one folder down, like the Markdown records.
        assert_eq!(yml["path"], "2026/{{slug}}");
        assert_eq!(yml["create"], false);
        assert!(collection(&config, "ban-co-fund-yaml").is_none());
    }

    #[test]
    fn widgets_follow_the_schema_types() {
        let config = fund_config();
        let fund = collection(&config, "ban-co-fund").unwrap();
        assert_eq!(fund["folder"], "content/ban-co/fund");
        let fields = &fund["fields"];
        // The common fields first, in the model's order, then the kind's.
        let order: Vec<&str> = fields
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["name"].as_str())
            .collect();
        assert_eq!(&order[..3], &["id", "title", "summary"]);
        assert!(!order.contains(&"kind"));
        assert_eq!(order.last(), Some(&"body"));
        let title = field_named(fields, "title");
        assert_eq!(title["widget"], "string");
        assert_eq!(title["required"], true);
        assert_eq!(title["label"], "Tiêu đề");
        let published = field_named(fields, "published");
        assert_eq!(published["widget"], "datetime");
        assert_eq!(published["format"], "YYYY-MM-DD");
        assert_eq!(field_named(fields, "posted_until")["required"], false);
        let source = field_named(fields, "source");
        assert_eq!(source["widget"], "select");
        assert!(source["options"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["value"] == "donation" && o["label"] == "Ủng hộ tự nguyện"));
        let forms = field_named(fields, "forms");
        assert_eq!(
            (&forms["widget"], &forms["multiple"]),
            (&json!("select"), &json!(true))
        );
        assert_eq!(field_named(fields, "disclosure_item")["value_type"], "int");
        // Amounts may be written "1.500.000": text, not a number input.
        assert_eq!(field_named(fields, "closing_balance")["widget"], "string");
        let receipts = field_named(fields, "receipts");
        assert_eq!(receipts["widget"], "list");
        assert_eq!(receipts["label_singular"], "Khoản thu");
        let inner = &receipts["fields"];
        assert_eq!(field_named(inner, "date")["widget"], "datetime");
        assert_eq!(field_named(inner, "from")["required"], true);
        assert_eq!(field_named(inner, "organisation")["widget"], "boolean");
        assert_eq!(field_named(inner, "voucher")["required"], false);
        // An optional object asks for none of its parts.
        let decision = field_named(fields, "decision");
        assert_eq!(decision["widget"], "object");
        assert_eq!(decision["required"], false);
        assert_eq!(
            field_named(&decision["fields"], "households_total")["required"],
            false
        );
        // An attachment is a path or {path, title}: the form offers both parts.
        let attachments = field_named(fields, "attachments");
        assert_eq!(attachments["widget"], "list");
        assert_eq!(
            field_named(&attachments["fields"], "path")["required"],
            true
        );
        assert_eq!(
            field_named(&attachments["fields"], "title")["required"],
            false
        );
        let legal = field_named(fields, "legal_basis");
        assert_eq!(
            (&legal["widget"], &legal["field"]["widget"]),
            (&json!("list"), &json!("string"))
        );
        // No defaults: the editor would write them (and add list items) unasked.
        assert!(!config.to_string().contains("\"default\""));
        let id = field_named(fields, "id");
        assert_eq!(id["pattern"][0], schema::SLUG_PATTERN);
    }
}
