//! JSON Schema (draft-07, the version the YAML language server in editors
//! reads) of the files editors write: one per record kind, the ward profile
//! and `congkhai.toml`. Generated from the typed model with `schemars`, so
//! the schema follows what `check` accepts; the Vietnamese titles come from
//! `labels.toml` beside this file and the labels of enumerated values from
//! the default theme's interface strings, the words the pages show.

use crate::config::Config;
use crate::date::{Date, Deadline, PostedUntil};
use crate::model::land::Area;
use crate::model::{
    AttachmentRef, Common, Dialogue, Document, Fund, Kind, Land, Plan, Procedure, WardProfile,
};
use crate::money::Money;
use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The Vietnamese titles and descriptions of types and fields, by type name.
const LABELS: &str = include_str!("labels.toml");

/// The folder schemas are written to in a repository.
pub const DIR: &str = "schemas";

/// A pattern for a record id: lowercase ASCII letters, digits and single dashes.
pub const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// A pattern for an amount written as text: plain digits, or groups of three
/// separated by dots or spaces, optionally followed by `đ`, `đồng` or `VND`.
pub const MONEY_PATTERN: &str =
    "^\\s*([0-9]+|[0-9]{1,3}([. \u{a0}\u{202f}][0-9]{3})+)\\s*(đồng|đ|VNĐ|VND|vnđ|vnd)?\\s*$";

/// A pattern for a date: `2024-03-11` or `11/3/2024`.
pub const DATE_PATTERN: &str =
    "^\\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})\\s*$";

/// One schema file: its name in the schema folder and its content.
pub struct SchemaFile {
    /// File name, e.g. `fund.schema.json`.
    pub name: String,
    /// The schema.
    pub schema: Value,
}

/// The file name of the schema of `kind`.
pub fn record_file_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.slug())
}

/// The file name of the ward profile's schema.
pub const WARD_FILE: &str = "ward.schema.json";
/// The file name of the configuration's schema.
pub const CONFIG_FILE: &str = "congkhai.schema.json";

/// Every schema, in a fixed order: the kinds, the ward profile, the configuration.
/// Every schema, in a fixed order: the record kinds, the ward profile, the configuration.
pub fn all() -> Vec<SchemaFile> {
    let labels = Labels::load();
    let mut out: Vec<SchemaFile> = Kind::ALL
        .iter()
        .map(|&kind| SchemaFile {
            name: record_file_name(kind),
            schema: record(kind, &labels),
        })
        .collect();
    out.push(SchemaFile {
        name: WARD_FILE.to_string(),
        schema: finish(root::<WardProfile>(), "WardProfile", &labels),
    });
    out.push(SchemaFile {
        name: CONFIG_FILE.to_string(),
        schema: finish(root::<Config>(), "Config", &labels),
    });
    out
}

/// The schema of a record of `kind`: the common fields and the kind's own,
/// and no other.
pub fn record(kind: Kind, labels: &Labels) -> Value {
    let mut common = root::<Common>();
    let mut data = match kind {
        Kind::Plan => root::<Plan>(),
        Kind::Land => root::<Land>(),
        Kind::Fund => root::<Fund>(),
        Kind::Dialogue => root::<Dialogue>(),
        Kind::Document => root::<Document>(),
        Kind::Procedure => root::<Procedure>(),
        Kind::Budget => root::<crate::model::Budget>(),
        Kind::Asset => root::<crate::model::Asset>(),
        Kind::Support => root::<crate::model::Support>(),
        Kind::Callup => root::<crate::model::Callup>(),
        Kind::Inspection => root::<crate::model::Inspection>(),
        Kind::Consultation => root::<crate::model::PublicConsultation>(),
        Kind::Fee => root::<crate::model::FeeSchedule>(),
    };
    let type_name = match kind {
        Kind::Plan => "Plan",
        Kind::Land => "Land",
        Kind::Fund => "Fund",
        Kind::Dialogue => "Dialogue",
        Kind::Document => "Document",
        Kind::Procedure => "Procedure",
        Kind::Budget => "Budget",
        Kind::Asset => "Asset",
        Kind::Support => "Support",
        Kind::Callup => "Callup",
        Kind::Inspection => "Inspection",
        Kind::Consultation => "PublicConsultation",
        Kind::Fee => "FeeSchedule",
    };
    // Titles first, each part with its own type's labels, then merge.
    label_object(&mut common, "Common", labels);
    label_object(&mut data, type_name, labels);
    for key in ["properties", "definitions"] {
        let (Some(Value::Object(from)), Some(common)) = (data.get(key), common.as_object_mut())
        else {
            continue;
        };
        if let Value::Object(into) = common
            .entry(key)
            .or_insert_with(|| Value::Object(Map::new()))
        {
            into.extend(from.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    let mut required: Vec<Value> = Vec::new();
    for part in [&common, &data] {
        if let Some(Value::Array(r)) = part.get("required") {
            required.extend(r.iter().cloned());
        }
    }
    common["required"] = Value::Array(required);
    common["additionalProperties"] = Value::Bool(false);
    // The folder decides the kind; `kind:` may only repeat it.
    // An empty `kind:` is no kind, as for `check`.
    let mut names: Vec<Value> = kind_names(kind).iter().map(|n| Value::from(*n)).collect();
    names.push(Value::Null);
    if let Some(prop) = common.pointer_mut("/properties/kind") {
        prop["type"] = serde_json::json!(["string", "null"]);
        prop["enum"] = Value::Array(names);
        if let Some(o) = prop.as_object_mut() {
            o.remove("anyOf");
        }
    }
    for field in ["id", "supersedes"] {
        if let Some(prop) = common.pointer_mut(&format!("/properties/{field}")) {
            prop["pattern"] = Value::from(SLUG_PATTERN);
        }
    }
    let kind_label = labels.kind_title(kind);
    common["title"] = Value::from(kind_label);
    if let Some(o) = common.as_object_mut() {
        o.remove("description");
    }
    label_definitions(&mut common, labels);
    common
}

/// The names `kind:` may take for `kind`, also the names of its folder:
/// its slug and its Vietnamese name.
pub fn kind_names(kind: Kind) -> [&'static str; 2] {
    match kind {
        Kind::Plan => ["plan", "ke-hoach"],
        Kind::Land => ["land", "dat-dai"],
        Kind::Fund => ["fund", "quy"],
        Kind::Dialogue => ["dialogue", "doi-thoai"],
        Kind::Document => ["document", "van-ban"],
        Kind::Procedure => ["procedure", "thu-tuc"],
        Kind::Budget => ["budget", "ngan-sach"],
        Kind::Asset => ["asset", "tai-san"],
        Kind::Support => ["support", "ho-tro"],
        Kind::Callup => ["callup", "goi-nhap-ngu"],
        Kind::Inspection => ["inspection", "thanh-tra"],
        Kind::Consultation => ["consultation", "lay-y-kien"],
        Kind::Fee => ["fee", "phi-le-phi"],
    }
}

/// The draft-07 root schema of `T`, as `schemars` derives it.
fn root<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut value = generator.into_root_schema_for::<T>().to_value();
    strip_descriptions(&mut value);
    value
}

/// A root schema with its titles and its ward-code pattern.
fn finish(mut value: Value, type_name: &str, labels: &Labels) -> Value {
    label_object(&mut value, type_name, labels);
    if type_name == "WardProfile" {
        if let Some(prop) = value.pointer_mut("/properties/code") {
            prop["pattern"] = Value::from("^[0-9]{5}$");
        }
    }
    label_definitions(&mut value, labels);
    value
}

/// Removes the descriptions `schemars` takes from the (English) doc
/// comments: the Vietnamese ones come from the labels.
fn strip_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("description");
            for (key, v) in map.iter_mut() {
                // A property named `description` is a field, not a keyword.
                if key == "properties" {
                    if let Value::Object(props) = v {
                        props.values_mut().for_each(strip_descriptions);
                    }
                } else {
                    strip_descriptions(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_descriptions),
        _ => {}
    }
}

/// Titles the object schema `value` of the type `type_name` and its properties.
fn label_object(value: &mut Value, type_name: &str, labels: &Labels) {
    if let Some((title, description)) = labels.get(type_name, "_") {
        value["title"] = Value::from(title);
        if let Some(d) = description {
            value["description"] = Value::from(d);
        }
    } else if let Some(o) = value.as_object_mut() {
        o.remove("title");
    }
    let Some(Value::Object(props)) = value.get_mut("properties") else {
        return;
    };
    for (name, prop) in props.iter_mut() {
        let Some((title, description)) = labels.get(type_name, name) else {
            continue;
        };
        // In draft-07 the keywords beside `$ref` are ignored: wrap it.
        if let Some(reference) = prop.as_object_mut().and_then(|o| o.remove("$ref")) {
            let mut wrapped = Map::new();
            wrapped.insert("$ref".into(), reference);
            prop["allOf"] = Value::Array(vec![Value::Object(wrapped)]);
        }
        prop["title"] = Value::from(title);
        if let Some(d) = description {
            prop["description"] = Value::from(d);
        }
    }
}

/// Titles the definitions of a root schema: objects get their fields'
/// titles, enumerations the labels of their values.
fn label_definitions(root: &mut Value, labels: &Labels) {
    let Some(Value::Object(defs)) = root.get_mut("definitions") else {
        return;
    };
    for (name, def) in defs.iter_mut() {
        if let Some(values) = enum_values(def) {
            let described: Vec<Value> = values
                .iter()
                .map(|v| Value::from(labels.value_label(name, v).unwrap_or_default()))
                .collect();
            let mut enumeration = Map::new();
            enumeration.insert("type".into(), Value::from("string"));
            if let Some((title, description)) = labels.get(name, "_") {
                enumeration.insert("title".into(), Value::from(title));
                if let Some(d) = description {
                    enumeration.insert("description".into(), Value::from(d));
                }
            }
            enumeration.insert(
                "enum".into(),
                Value::Array(values.into_iter().map(Value::from).collect()),
            );
            // The labels, in the order of `enum` (read by the editors).
            enumeration.insert("enumDescriptions".into(), Value::Array(described));
            *def = Value::Object(enumeration);
        } else {
            label_object(def, name, labels);
        }
    }
}

/// The values of a string enumeration, as `schemars` writes one (`enum`,
/// or `oneOf` of `const`s when the variants have doc comments).
fn enum_values(def: &Value) -> Option<Vec<String>> {
    if let Some(Value::Array(values)) = def.get("enum") {
        return values
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    let Some(Value::Array(branches)) = def.get("oneOf") else {
        return None;
    };
    branches
        .iter()
        .map(|b| {
            b.get("const")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| match b.get("enum") {
                    Some(Value::Array(v)) if v.len() == 1 => v[0].as_str().map(str::to_string),
                    _ => None,
                })
        })
        .collect()
}

/// The Vietnamese labels the schemas are titled with.
pub struct Labels {
    /// Type name → field (or `_` for the type itself) → title and description.
    fields: BTreeMap<String, BTreeMap<String, (String, Option<String>)>>,
    /// The default theme's Vietnamese interface strings, `section.key`.
    strings: BTreeMap<String, String>,
}

impl Labels {
    /// The labels built into the binary.
    pub fn load() -> Labels {
        let mut fields = BTreeMap::new();
        if let Ok(table) = LABELS.parse::<toml::Table>() {
            for (type_name, entries) in table {
                let Some(entries) = entries.as_table() else {
                    continue;
                };
                let mut map = BTreeMap::new();
                for (field, entry) in entries {
                    let label = match entry {
                        toml::Value::String(t) => (t.clone(), None),
                        toml::Value::Array(parts) => {
                            let title = parts.first().and_then(|v| v.as_str()).unwrap_or("");
                            let description = parts.get(1).and_then(|v| v.as_str());
                            (title.to_string(), description.map(str::to_string))
                        }
                        _ => continue,
                    };
                    map.insert(field.clone(), label);
                }
                fields.insert(type_name, map);
            }
        }
        let strings = crate::render::Theme::load(None)
            .and_then(|t| t.strings("vi"))
            .unwrap_or_default();
        Labels { fields, strings }
    }

    /// The title and description of `field` of `type_name` (`_`: the type).
    pub fn get(&self, type_name: &str, field: &str) -> Option<(&str, Option<&str>)> {
        self.fields
            .get(type_name)?
            .get(field)
            .map(|(t, d)| (t.as_str(), d.as_deref()))
    }

    /// The label of the value `value` of the enumeration `type_name`: the
    /// page's words (`form.portal` for `Form`), else the schema labels.
    pub fn value_label(&self, type_name: &str, value: &str) -> Option<String> {
        self.strings
            .get(&format!("{}.{value}", snake_case(type_name)))
            .cloned()
            .or_else(|| self.get(type_name, value).map(|(t, _)| t.to_string()))
    }

    /// The name of one record of `kind`, as the pages say it.
    pub fn kind_title(&self, kind: Kind) -> String {
        self.strings
            .get(&format!("kind_one.{}", kind.slug()))
            .cloned()
            .unwrap_or_else(|| kind.slug().to_string())
    }
}

/// `FundSource` → `fund_source`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The schema of a yes/no flag as editors may write it (`true`, `có`, `x`, `1`).
pub(crate) fn flag(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "boolean" },
            { "type": "integer", "enum": [0, 1] },
            { "type": "string", "pattern": "^\\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Cc][Óó]|[Cc][Oo]|[Kk][Hh][Ôô][Nn][Gg]|[Kk][Hh][Oo][Nn][Gg]|[Yy][Ee][Ss]|[Nn][Oo]|[Xx]|0|1)?\\s*$" },
            { "type": "null" }
        ]
    })
}

impl JsonSchema for Money {
    fn schema_name() -> Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "string"],
            "minimum": 0,
            "pattern": MONEY_PATTERN,
            "examples": [1500000, "1.500.000", "1 500 000"]
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "examples": ["2026-03-11", "11/3/2026"]
        })
    }
}

impl JsonSchema for PostedUntil {
    fn schema_name() -> Cow<'static, str> {
        "PostedUntil".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "anyOf": [
                { "pattern": DATE_PATTERN },
                { "enum": ["permanent", "vĩnh viễn", "thường xuyên"] }
            ],
            "examples": ["2026-04-10", "permanent"]
        })
    }
}

impl JsonSchema for Deadline {
    fn schema_name() -> Cow<'static, str> {
        "Deadline".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "integer"],
            "examples": ["2026-06-30", "Quý II/2026", "Q2/2026", 2026]
        })
    }
}

impl JsonSchema for Area {
    fn schema_name() -> Cow<'static, str> {
        "Area".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "string"],
            "minimum": 0,
            "pattern": "^\\s*[0-9][0-9.,]*\\s*(m2|m²)?\\s*$",
            "examples": [1234.5, "1.234,5"]
        })
    }
}

impl JsonSchema for AttachmentRef {
    fn schema_name() -> Cow<'static, str> {
        "AttachmentRef".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string", "minLength": 1 },
                {
                    "type": "object",
                    "properties": {
                        "path": { "type": "string", "minLength": 1, "title": "Đường dẫn tệp" },
                        "title": { "type": ["string", "null"], "title": "Tên hiển thị" }
                    },
                    "required": ["path"],
                    "additionalProperties": false
                }
            ],
            "examples": ["files/bien-ban.pdf"]
        })
    }
}

/// Writes every schema into `dir` (created if missing), pretty-printed with
/// a final newline; returns the file names.
pub fn write_all(dir: &std::path::Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut names = Vec::new();
    for file in all() {
        let mut text = serde_json::to_string_pretty(&file.schema).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(dir.join(&file.name), text)?;
        names.push(file.name);
    }
    Ok(names)
}

/// The fields of `type_name` in the order `labels.toml` lists them (the
/// order a form shows them in); the type's own entry `_` left out.
pub fn labelled_order(type_name: &str) -> Vec<&'static str> {
    let mut section = "";
    let mut out = Vec::new();
    for line in LABELS.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim();
        } else if section == type_name && !line.starts_with('#') {
            if let Some((key, _)) = line.split_once('=') {
                let key = key.trim();
                if !key.is_empty() && key != "_" {
                    out.push(key);
                }
            }
        }
    }
    out
}
