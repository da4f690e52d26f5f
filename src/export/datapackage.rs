//! A ward's Frictionless Data Package (`data/datapackage.json`): each CSV
//! with its Table Schema (types, required fields, primary and foreign keys),
//! byte size, `sha256:` hash, licence and sources. Valid as Data Package v1
//! (what `frictionless` 5 implements) and naming the v2 profile in `$schema`.

use super::WardTable;
use crate::model::{Site, Ward};
use serde_json::{json, Value};

/// The v2 profile the package also declares.
pub const PROFILE_V2: &str = "https://datapackage.org/profiles/2.0/datapackage.json";

/// The licence's page, for the SPDX ids the catalogue knows.
pub fn license_url(id: &str) -> Option<&'static str> {
    Some(match id {
        "CC-BY-4.0" => "https://creativecommons.org/licenses/by/4.0/",
        "CC0-1.0" => "https://creativecommons.org/publicdomain/zero/1.0/",
        "ODC-By-1.0" => "https://opendatacommons.org/licenses/by/1-0/",
        "PDDL-1.0" => "https://opendatacommons.org/licenses/pddl/1-0/",
        _ => return None,
    })
}

/// The descriptor of a ward's package.
pub fn package(site: &Site, w: &Ward, tables: &[WardTable]) -> Vec<u8> {
    let resources: Vec<Value> = tables.iter().map(|t| resource(t, tables)).collect();
    let license = &site.config.data_license;
    let mut licence = json!({ "name": license, "title": license });
    if let Some(url) = license_url(license) {
        licence["path"] = json!(url);
    }
    let mut source = json!({ "title": w.profile.name });
    if let Some(site_url) = &w.profile.website {
        source["path"] = json!(site_url);
    }
    let desc = json!({
        "$schema": PROFILE_V2,
        "profile": "tabular-data-package",
        "name": package_name(&w.slug),
        "title": format!("{} – dữ liệu công khai", w.profile.name),
        "version": format!("{}.0.0", super::json::SCHEMA_VERSION),
        "created": format!("{}T00:00:00Z", site.today.iso()),
        "licenses": [licence],
        "sources": [source],
        "resources": resources,
    });
    let mut bytes = serde_json::to_vec_pretty(&desc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A package name: lowercase letters, digits, `-`, `.` and `_`.
fn package_name(slug: &str) -> String {
    slug.chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() || "-._".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn resource(t: &WardTable, all: &[WardTable]) -> Value {
    let fields: Vec<Value> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let stats = t.stats[i];
            let mut f = json!({ "name": name, "type": stats.schema_type() });
            if stats.required(t.rows) {
                f["constraints"] = json!({ "required": true });
            }
            f
        })
        .collect();
    let (primary, foreign) = match &t.table {
        None => (vec!["id".to_string()], None),
        Some(path) => {
            // `record_id`, the parents' rows, then `row`.
            let mut key: Vec<String> = t
                .columns
                .iter()
                .take_while(|c| *c == "record_id" || c.ends_with("_row") || *c == "row")
                .cloned()
                .collect();
            if !key.iter().any(|k| k == "row") {
                key.push("row".into());
            }
            let parent = path.rsplit_once('.').map(|(p, _)| p);
            let fk = match parent {
                None => json!({
                    "fields": ["record_id"],
                    "reference": { "resource": t.kind.slug(), "fields": ["id"] },
                }),
                Some(p) => {
                    let parent_name = super::table_name(t.kind, Some(p));
                    let parent_cols: Vec<String> = all
                        .iter()
                        .find(|x| x.name == parent_name)
                        .map(|x| {
                            x.columns
                                .iter()
                                .take_while(|c| {
                                    *c == "record_id" || c.ends_with("_row") || *c == "row"
                                })
                                .cloned()
                                .collect()
                        })
                        .unwrap_or_default();
                    let own: Vec<String> = key[..key.len() - 1].to_vec();
                    json!({
                        "fields": own,
                        "reference": { "resource": parent_name, "fields": parent_cols },
                    })
                }
            };
            (key, Some(fk))
        }
    };
    let mut schema = json!({ "fields": fields, "primaryKey": primary });
    if let Some(fk) = foreign {
        schema["foreignKeys"] = json!([fk]);
    }
    json!({
        "name": t.name,
        "path": t.file_name(),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": t.size,
        "hash": format!("sha256:{}", t.sha256),
        "schema": schema,
    })
}
