//! Linked-data descriptions: the DCAT-AP 3 catalogues (`catalog.jsonld`, per
//! ward and for the portal) that open-data portals such as CKAN harvest, and
//! the schema.org JSON-LD each page carries in its `<head>`.

use super::WardTable;
use crate::model::document::Effect;
use crate::model::{Record, RecordData, Site, Ward};
use serde_json::{json, Value};

fn context() -> Value {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "spdx": "http://spdx.org/rdf/terms#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    })
}

fn text(site: &Site, s: &str) -> Value {
    json!({ "@value": s, "@language": site.config.language })
}

/// A distribution: a file with its URL, media type, size and checksum.
fn distribution(site: &Site, url: String, media: &str, bytes: u64, sha256: &str) -> Value {
    let mut d = json!({
        "@type": "dcat:Distribution",
        "dcat:accessURL": { "@id": url },
        "dcat:downloadURL": { "@id": url },
        "dcat:mediaType": { "@id": format!("http://www.iana.org/assignments/media-types/{media}") },
        "dcat:byteSize": { "@value": bytes.to_string(), "@type": "xsd:nonNegativeInteger" },
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": { "@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256" },
            "spdx:checksumValue": { "@value": sha256, "@type": "xsd:hexBinary" },
        },
    });
    if let Some(url) = super::datapackage::license_url(&site.config.data_license) {
        d["dct:license"] = json!({ "@id": url });
    }
    d
}

fn publisher(site: &Site, w: &Ward, up: &str) -> Value {
    json!({
        "@id": super::href(site, &format!("{}/index.html#org", w.slug), format!("{up}index.html#org")),
        "@type": "foaf:Agent",
        "foaf:name": w.profile.name,
    })
}

/// The ward's catalogue: a dataset per record kind and per table kind (its
/// CSV), and one of all records (`records.json`).
pub fn ward(site: &Site, w: &Ward, tables: &[WardTable], all: (u64, &str)) -> Vec<u8> {
    let data = |file: &str| {
        super::href(
            site,
            &format!("{}/{}/{file}", w.slug, super::DATA_DIR),
            format!("{}/{file}", super::DATA_DIR),
        )
    };
    let mut datasets = vec![json!({
        "@id": data("records.json#dataset"),
        "@type": "dcat:Dataset",
        "dct:identifier": format!("{}/records", w.profile.code),
        "dct:title": text(site, &format!("{} – tất cả hồ sơ công khai", w.profile.name)),
        "dct:description": text(site, "Mọi hồ sơ của phường, xã ở dạng JSON."),
        "dct:publisher": publisher(site, w, ""),
        "dcat:distribution": [distribution(site, data("records.json"), "application/json", all.0, all.1)],
    })];
    for t in tables {
        let what = match &t.table {
            Some(path) => format!("bảng `{path}` của các hồ sơ loại {}", t.kind.slug()),
            None => format!("các hồ sơ loại {}", t.kind.slug()),
        };
        datasets.push(json!({
            "@id": data(&format!("{}#dataset", t.file_name())),
            "@type": "dcat:Dataset",
            "dct:identifier": format!("{}/{}", w.profile.code, t.name),
            "dct:title": text(site, &format!("{} – {what}", w.profile.name)),
            "dct:description": text(site, &format!("{} dòng, CSV UTF-8.", t.rows)),
            "dct:publisher": publisher(site, w, ""),
            "dcat:distribution": [distribution(
                site,
                data(&t.file_name()),
                "text/csv",
                t.bytes.len() as u64,
                &t.sha256,
            )],
        }));
    }
    let catalog = json!({
        "@context": context(),
        "@id": super::href(site, &format!("{}/catalog.jsonld", w.slug), "catalog.jsonld".into()),
        "@type": "dcat:Catalog",
        "dct:title": text(site, &format!("{} – dữ liệu mở", w.profile.name)),
        "dct:description": text(site, &site.config.description),
        "dct:publisher": publisher(site, w, ""),
        "dct:issued": { "@value": site.today.iso(), "@type": "xsd:date" },
        "dct:language": { "@id": language_uri(&site.config.language) },
        "dcat:dataset": datasets,
    });
    pretty(&catalog)
}

/// The portal's catalogue: the wards' catalogues.
pub fn portal(site: &Site) -> Vec<u8> {
    let catalogs: Vec<Value> = site
        .wards
        .iter()
        .map(|w| {
            json!({
                "@id": super::href(site, &format!("{}/catalog.jsonld", w.slug), format!("{}/catalog.jsonld", w.slug)),
                "@type": "dcat:Catalog",
                "dct:title": text(site, &format!("{} – dữ liệu mở", w.profile.name)),
                "dct:description": text(site, &format!("Dữ liệu công khai của {}.", w.profile.name)),
                "dct:publisher": publisher(site, w, &format!("{}/", w.slug)),
            })
        })
        .collect();
    let catalog = json!({
        "@context": context(),
        "@id": super::href(site, "catalog.jsonld", "catalog.jsonld".into()),
        "@type": "dcat:Catalog",
        "dct:title": text(site, &site.config.title),
        "dct:description": text(site, &site.config.description),
        "dct:issued": { "@value": site.today.iso(), "@type": "xsd:date" },
        "dct:language": { "@id": language_uri(&site.config.language) },
        "dcat:catalog": catalogs,
    });
    pretty(&catalog)
}

fn language_uri(lang: &str) -> String {
    let code = match lang {
        "en" => "ENG",
        _ => "VIE",
    };
    format!("http://publications.europa.eu/resource/authority/language/{code}")
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(v).unwrap_or_default();
    b.push(b'\n');
    b
}

/// VND as schema.org writes money.
fn money(value: i64) -> Value {
    json!({ "@type": "MonetaryAmount", "currency": "VND", "value": value })
}

/// The ward as a schema.org organisation; `ward_root` leads from the page to
/// the ward's folder.
fn organisation(w: &Ward, ward_root: &str) -> Value {
    let mut o = json!({
        "@type": "GovernmentOrganization",
        "@id": format!("{ward_root}index.html#org"),
        "name": w.profile.name,
        "identifier": w.profile.code,
        "url": format!("{ward_root}index.html"),
    });
    if let Some(a) = &w.profile.address {
        o["address"] = json!(a);
    }
    if let Some(p) = &w.profile.phone {
        o["telephone"] = json!(p);
    }
    if let Some(e) = &w.profile.email {
        o["email"] = json!(e);
    }
    o
}

/// The schema.org description of a record page: the record as the type
/// that fits its kind, with its data files as a `Dataset`.
fn record(w: &Ward, r: &Record, tables: &[String]) -> Value {
    let org = json!({ "@id": "../index.html#org" });
    let page = format!("{}.html", r.id);
    let mut downloads = vec![json!({
        "@type": "DataDownload",
        "encodingFormat": "application/json",
        "contentUrl": format!("{}.json", r.id),
    })];
    for t in tables {
        downloads.push(json!({
            "@type": "DataDownload",
            "encodingFormat": "text/csv",
            "contentUrl": format!("{}.{t}.csv", r.id),
            "name": t,
        }));
    }
    let dataset = json!({
        "@type": "Dataset",
        "@id": format!("{}.json#dataset", r.id),
        "name": r.common.title,
        "description": r.common.summary.as_deref().unwrap_or(&r.common.title),
        "creator": org,
        "datePublished": r.common.published.iso(),
        "isAccessibleForFree": true,
        "distribution": downloads,
    });
    let mut main = match &r.data {
        RecordData::Document(d) => {
            let mut v = json!({
                "@type": "Legislation",
                "legislationIdentifier": d.number,
                "legislationType": d.doc_type,
                "legislationDate": d.issued.iso(),
                "legislationLegalForce": match d.effect {
                    Effect::InForce => "InForce",
                    Effect::PartlyExpired => "PartiallyInForce",
                    Effect::NotYet | Effect::Expired => "NotInForce",
                },
                "legislationPassedBy": { "@type": "GovernmentOrganization", "name": d.issuer },
            });
            if let Some(e) = d.effective {
                v["legislationDateOfApplicability"] = json!(e.iso());
            }
            v
        }
        RecordData::Procedure(p) => {
            let mut v = json!({
                "@type": "GovernmentService",
                "provider": org,
                "areaServed": w.profile.name,
            });
            if let Some(f) = &p.field {
                v["serviceType"] = json!(f);
            }
            if !p.fees.is_empty() {
                v["offers"] = json!(p.fees.iter().map(|f| json!({
                    "@type": "Offer",
                    "name": f.item,
                    "priceSpecification": { "@type": "PriceSpecification", "price": f.amount.0, "priceCurrency": "VND" },
                })).collect::<Vec<_>>());
            }
            v
        }
        RecordData::Dialogue(d) => json!({
            "@type": "Event",
            "startDate": d.held.iso(),
            "location": { "@type": "Place", "name": d.place },
            "organizer": org,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        }),
        RecordData::Fund(f) => json!({
            "@type": "Dataset",
            "creator": org,
            "variableMeasured": [
                { "@type": "PropertyValue", "name": "receipts", "value": money(f.totals.receipts.0) },
                { "@type": "PropertyValue", "name": "expenses", "value": money(f.totals.expenses.0) },
                { "@type": "PropertyValue", "name": "closing_balance", "value": money(f.totals.closing.0) },
            ],
        }),
        RecordData::Land(l) => json!({
            "@type": "Dataset",
            "creator": org,
            "variableMeasured": [
                { "@type": "PropertyValue", "name": "parcels", "value": l.totals.parcels },
                { "@type": "PropertyValue", "name": "total", "value": money(l.totals.total.0) },
            ],
        }),
        RecordData::Plan(_) => json!({ "@type": "CreativeWork", "creator": org }),
        RecordData::Budget(b) => {
            use crate::model::budget::BudgetTable;
            let mut measured = Vec::new();
            for (name, table) in [
                ("revenue", BudgetTable::Revenue),
                ("expenditure", BudgetTable::Expenditure),
            ] {
                let (estimate, execution) = b.total(table);
                for (suffix, value) in [("estimate", estimate), ("execution", execution)] {
                    if let Some(m) = value {
                        measured.push(json!({ "@type": "PropertyValue", "name": format!("{name}_{suffix}"), "value": money(m.0) }));
                    }
                }
            }
            json!({
                "@type": "Dataset",
                "creator": org,
                "temporalCoverage": b.fiscal_year.to_string(),
                "variableMeasured": measured,
            })
        }
        RecordData::Asset(a) => json!({
            "@type": "Dataset",
            "creator": org,
            "variableMeasured": [
                { "@type": "PropertyValue", "name": "assets", "value": a.totals.assets },
                { "@type": "PropertyValue", "name": "original_value", "value": money(a.totals.original_value.0) },
                { "@type": "PropertyValue", "name": "residual_value", "value": money(a.totals.residual_value.0) },
                { "@type": "PropertyValue", "name": "revenue", "value": money(a.totals.revenue.0) },
            ],
        }),
        RecordData::Support(s) => json!({
            "@type": "Dataset",
            "creator": org,
            "variableMeasured": [
                { "@type": "PropertyValue", "name": "beneficiaries", "value": s.totals.beneficiaries },
                { "@type": "PropertyValue", "name": "amount", "value": money(s.totals.amount.0) },
            ],
        }),
        RecordData::Callup(c) => json!({
            "@type": "Dataset",
            "creator": org,
            "variableMeasured": [
                { "@type": "PropertyValue", "name": "quota", "value": c.quota },
                { "@type": "PropertyValue", "name": "called", "value": c.totals.called },
            ],
        }),
        RecordData::Inspection(x) => {
            let mut v = json!({
                "@type": "Report",
                "creator": org,
                "reportNumber": x.conclusion.number,
                "dateCreated": x.conclusion.issued.iso(),
            });
            if !x.recoveries.is_empty() {
                v["variableMeasured"] = json!([
                    { "@type": "PropertyValue", "name": "due", "value": money(x.totals.due.0) },
                    { "@type": "PropertyValue", "name": "recovered", "value": money(x.totals.recovered.0) },
                ]);
            }
            v
        }
        RecordData::Consultation(x) => json!({
            "@type": "Report",
            "creator": org,
            "about": x.draft,
            "temporalCoverage": format!("{}/{}", x.opened.iso(), x.closed.iso()),
        }),
        RecordData::Fee(x) => json!({
            "@type": "GovernmentService",
            "provider": org,
            "areaServed": w.profile.name,
            "offers": x.fees.iter().map(|f| json!({
                "@type": "Offer",
                "name": f.name,
                "priceSpecification": { "@type": "UnitPriceSpecification", "price": f.rate.0, "priceCurrency": "VND", "unitText": f.unit },
            })).collect::<Vec<_>>(),
        }),
    };
    main["@id"] = json!(format!("{page}#record"));
    main["name"] = json!(r.common.title);
    main["url"] = json!(page);
    main["datePublished"] = json!(r.common.published.iso());
    main["identifier"] = json!(r.id);
    if let Some(s) = &r.common.summary {
        main["description"] = json!(s);
    }
    main["subjectOf"] = json!({ "@id": format!("{}.json#dataset", r.id) });
    json!([main, dataset])
}

/// What a page carries in its `<head>` for machines: a link to the ward's
/// feed and schema.org JSON-LD (the ward, and on a record page the record and
/// its data files). `ward_root` leads from the page to the ward's folder.
/// Every link is relative: pages never depend on `base_url`.
pub fn page_head(w: &Ward, ward_root: &str, r: Option<(&Record, &[String])>) -> String {
    let mut graph = vec![organisation(w, ward_root)];
    if let Some((r, tables)) = r {
        if let Value::Array(items) = record(w, r, tables) {
            graph.extend(items);
        }
    }
    let ld = json!({ "@context": "https://schema.org", "@graph": graph });
    let text = serde_json::to_string(&ld)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!(
        "{}\n<script type=\"application/ld+json\">{text}</script>",
        super::feed::head_link(w, ward_root)
    )
}
