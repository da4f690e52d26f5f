//! Linked-data descriptions: the DCAT-AP 3 catalogues (`catalog.jsonld`, per
//! ward and for the portal) that open-data portals such as CKAN harvest, and
//! the schema.org JSON-LD each page carries in its `<head>`.

use super::ld::J;
use super::WardTable;
use crate::model::document::Effect;
use crate::model::{Record, RecordData, Site, Ward};

fn context() -> J<'static> {
    J::obj([
        ("dcat", J::s("http://www.w3.org/ns/dcat#")),
        ("dct", J::s("http://purl.org/dc/terms/")),
        ("foaf", J::s("http://xmlns.com/foaf/0.1/")),
        ("spdx", J::s("http://spdx.org/rdf/terms#")),
        ("xsd", J::s("http://www.w3.org/2001/XMLSchema#")),
    ])
}

fn text<'a>(site: &'a Site, s: J<'a>) -> J<'a> {
    J::obj([("@value", s), ("@language", J::s(&site.config.language))])
}

fn id(url: String) -> J<'static> {
    J::obj([("@id", J::owned(url))])
}

/// A distribution: a file with its URL, media type, size and checksum.
fn distribution<'a>(site: &Site, url: String, media: &str, bytes: u64, sha256: &'a str) -> J<'a> {
    let mut d = J::obj([
        ("@type", J::s("dcat:Distribution")),
        ("dcat:accessURL", id(url.clone())),
        ("dcat:downloadURL", id(url)),
        (
            "dcat:mediaType",
            id(format!(
                "http://www.iana.org/assignments/media-types/{media}"
            )),
        ),
        (
            "dcat:byteSize",
            J::obj([
                ("@value", J::owned(bytes.to_string())),
                ("@type", J::s("xsd:nonNegativeInteger")),
            ]),
        ),
        (
            "spdx:checksum",
            J::obj([
                ("@type", J::s("spdx:Checksum")),
                (
                    "spdx:algorithm",
                    J::obj([(
                        "@id",
                        J::s("http://spdx.org/rdf/terms#checksumAlgorithm_sha256"),
                    )]),
                ),
                (
                    "spdx:checksumValue",
                    J::obj([("@value", J::s(sha256)), ("@type", J::s("xsd:hexBinary"))]),
                ),
            ]),
        ),
    ]);
    if let Some(url) = super::datapackage::license_url(&site.config.data_license) {
        d.set("dct:license", J::obj([("@id", J::s(url))]));
    }
    d
}

fn publisher<'a>(site: &Site, w: &'a Ward, up: &str) -> J<'a> {
    J::obj([
        (
            "@id",
            J::owned(super::href(
                site,
                &format!("{}/index.html#org", w.slug),
                format!("{up}index.html#org"),
            )),
        ),
        ("@type", J::s("foaf:Agent")),
        ("foaf:name", J::s(&w.profile.name)),
    ])
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
    let mut datasets = vec![J::obj([
        ("@id", J::owned(data("records.json#dataset"))),
        ("@type", J::s("dcat:Dataset")),
        (
            "dct:identifier",
            J::owned(format!("{}/records", w.profile.code)),
        ),
        (
            "dct:title",
            text(
                site,
                J::owned(format!("{} – tất cả hồ sơ công khai", w.profile.name)),
            ),
        ),
        (
            "dct:description",
            text(site, J::s("Mọi hồ sơ của phường, xã ở dạng JSON.")),
        ),
        ("dct:publisher", publisher(site, w, "")),
        (
            "dcat:distribution",
            J::Arr(vec![distribution(
                site,
                data("records.json"),
                "application/json",
                all.0,
                all.1,
            )]),
        ),
    ])];
    for t in tables {
        let what = match &t.table {
            Some(path) => format!("bảng `{path}` của các hồ sơ loại {}", t.kind.slug()),
            None => format!("các hồ sơ loại {}", t.kind.slug()),
        };
        datasets.push(J::obj([
            ("@id", J::owned(data(&format!("{}#dataset", t.file_name())))),
            ("@type", J::s("dcat:Dataset")),
            (
                "dct:identifier",
                J::owned(format!("{}/{}", w.profile.code, t.name)),
            ),
            (
                "dct:title",
                text(site, J::owned(format!("{} – {what}", w.profile.name))),
            ),
            (
                "dct:description",
                text(site, J::owned(format!("{} dòng, CSV UTF-8.", t.rows))),
            ),
            ("dct:publisher", publisher(site, w, "")),
            (
                "dcat:distribution",
                J::Arr(vec![distribution(
                    site,
                    data(&t.file_name()),
                    "text/csv",
                    t.size,
                    &t.sha256,
                )]),
            ),
        ]));
    }
    let catalog = J::obj([
        ("@context", context()),
        (
            "@id",
            J::owned(super::href(
                site,
                &format!("{}/catalog.jsonld", w.slug),
                "catalog.jsonld".into(),
            )),
        ),
        ("@type", J::s("dcat:Catalog")),
        (
            "dct:title",
            text(site, J::owned(format!("{} – dữ liệu mở", w.profile.name))),
        ),
        (
            "dct:description",
            text(site, J::s(&site.config.description)),
        ),
        ("dct:publisher", publisher(site, w, "")),
        ("dct:issued", issued(site)),
        ("dct:language", id(language_uri(&site.config.language))),
        ("dcat:dataset", J::Arr(datasets)),
    ]);
    pretty(&catalog)
}

fn issued(site: &Site) -> J<'static> {
    J::obj([
        ("@value", J::owned(site.today.iso())),
        ("@type", J::s("xsd:date")),
    ])
}

/// The portal's catalogue: the wards' catalogues.
pub fn portal(site: &Site) -> Vec<u8> {
    let catalogs: Vec<J> = site
        .wards
        .iter()
        .map(|w| {
            J::obj([
                (
                    "@id",
                    J::owned(super::href(
                        site,
                        &format!("{}/catalog.jsonld", w.slug),
                        format!("{}/catalog.jsonld", w.slug),
                    )),
                ),
                ("@type", J::s("dcat:Catalog")),
                (
                    "dct:title",
                    text(site, J::owned(format!("{} – dữ liệu mở", w.profile.name))),
                ),
                (
                    "dct:description",
                    text(
                        site,
                        J::owned(format!("Dữ liệu công khai của {}.", w.profile.name)),
                    ),
                ),
                ("dct:publisher", publisher(site, w, &format!("{}/", w.slug))),
            ])
        })
        .collect();
    let catalog = J::obj([
        ("@context", context()),
        (
            "@id",
            J::owned(super::href(site, "catalog.jsonld", "catalog.jsonld".into())),
        ),
        ("@type", J::s("dcat:Catalog")),
        ("dct:title", text(site, J::s(&site.config.title))),
        (
            "dct:description",
            text(site, J::s(&site.config.description)),
        ),
        ("dct:issued", issued(site)),
        ("dct:language", id(language_uri(&site.config.language))),
        ("dcat:catalog", J::Arr(catalogs)),
    ]);
    pretty(&catalog)
}

fn language_uri(lang: &str) -> String {
    let code = match lang {
        "en" => "ENG",
        _ => "VIE",
    };
    format!("http://publications.europa.eu/resource/authority/language/{code}")
}

fn pretty(v: &J) -> Vec<u8> {
    let mut s = String::with_capacity(4096);
    v.write_pretty(&mut s);
    s.push('\n');
    s.into_bytes()
}

/// VND as schema.org writes money.
fn money(value: i64) -> J<'static> {
    J::obj([
        ("@type", J::s("MonetaryAmount")),
        ("currency", J::s("VND")),
        ("value", J::Int(value)),
    ])
}

/// A measured value: `name` and its value.
fn measured<'a>(name: &'static str, value: J<'a>) -> J<'a> {
    J::obj([
        ("@type", J::s("PropertyValue")),
        ("name", J::s(name)),
        ("value", value),
    ])
}

/// The ward as a schema.org organisation; `ward_root` leads from the page to
/// the ward's folder.
fn organisation<'a>(w: &'a Ward, ward_root: &str) -> J<'a> {
    let mut o = J::obj([
        ("@type", J::s("GovernmentOrganization")),
        ("@id", J::owned(format!("{ward_root}index.html#org"))),
        ("name", J::s(&w.profile.name)),
        ("identifier", J::s(&w.profile.code)),
        ("url", J::owned(format!("{ward_root}index.html"))),
    ]);
    if let Some(a) = &w.profile.address {
        o.set("address", J::s(a));
    }
    if let Some(p) = &w.profile.phone {
        o.set("telephone", J::s(p));
    }
    if let Some(e) = &w.profile.email {
        o.set("email", J::s(e));
    }
    o
}

/// The schema.org description of a record page: the record as the type
/// that fits its kind, with its data files as a `Dataset`.
fn record<'a>(w: &'a Ward, r: &'a Record, tables: &'a [String]) -> [J<'a>; 2] {
    let org = || J::obj([("@id", J::s("../index.html#org"))]);
    let int = |n: usize| J::Int(i64::try_from(n).unwrap_or(i64::MAX));
    let mut downloads = vec![J::obj([
        ("@type", J::s("DataDownload")),
        ("encodingFormat", J::s("application/json")),
        ("contentUrl", J::owned(format!("{}.json", r.id))),
    ])];
    for t in tables {
        downloads.push(J::obj([
            ("@type", J::s("DataDownload")),
            ("encodingFormat", J::s("text/csv")),
            ("contentUrl", J::owned(format!("{}.{t}.csv", r.id))),
            ("name", J::s(t)),
        ]));
    }
    let dataset_id = format!("{}.json#dataset", r.id);
    let published = r.common.published.iso();
    let dataset = J::obj([
        ("@type", J::s("Dataset")),
        ("@id", J::owned(dataset_id.clone())),
        ("name", J::s(&r.common.title)),
        (
            "description",
            J::s(r.common.summary.as_deref().unwrap_or(&r.common.title)),
        ),
        ("creator", org()),
        ("datePublished", J::owned(published.clone())),
        ("isAccessibleForFree", J::Bool(true)),
        ("distribution", J::Arr(downloads)),
    ]);
    let mut main = match &r.data {
        RecordData::Document(d) => {
            let mut v = J::obj([
                ("@type", J::s("Legislation")),
                ("legislationIdentifier", J::s(&d.number)),
                ("legislationType", J::s(&d.doc_type)),
                ("legislationDate", J::owned(d.issued.iso())),
                (
                    "legislationLegalForce",
                    J::s(match d.effect {
                        Effect::InForce => "InForce",
                        Effect::PartlyExpired => "PartiallyInForce",
                        Effect::NotYet | Effect::Expired => "NotInForce",
                    }),
                ),
                (
                    "legislationPassedBy",
                    J::obj([
                        ("@type", J::s("GovernmentOrganization")),
                        ("name", J::s(&d.issuer)),
                    ]),
                ),
            ]);
            if let Some(e) = d.effective {
                v.set("legislationDateOfApplicability", J::owned(e.iso()));
            }
            v
        }
        RecordData::Procedure(p) => {
            let mut v = J::obj([
                ("@type", J::s("GovernmentService")),
                ("provider", org()),
                ("areaServed", J::s(&w.profile.name)),
            ]);
            if let Some(f) = &p.field {
                v.set("serviceType", J::s(f));
            }
            if !p.fees.is_empty() {
                let offers = p.fees.iter().map(|f| {
                    J::obj([
                        ("@type", J::s("Offer")),
                        ("name", J::s(&f.item)),
                        (
                            "priceSpecification",
                            J::obj([
                                ("@type", J::s("PriceSpecification")),
                                ("price", J::Int(f.amount.0)),
                                ("priceCurrency", J::s("VND")),
                            ]),
                        ),
                    ])
                });
                v.set("offers", J::Arr(offers.collect()));
            }
            v
        }
        RecordData::Dialogue(d) => J::obj([
            ("@type", J::s("Event")),
            ("startDate", J::owned(d.held.iso())),
            (
                "location",
                J::obj([("@type", J::s("Place")), ("name", J::s(&d.place))]),
            ),
            ("organizer", org()),
            (
                "eventAttendanceMode",
                J::s("https://schema.org/OfflineEventAttendanceMode"),
            ),
        ]),
        RecordData::Fund(f) => J::obj([
            ("@type", J::s("Dataset")),
            ("creator", org()),
            (
                "variableMeasured",
                J::Arr(vec![
                    measured("receipts", money(f.totals.receipts.0)),
                    measured("expenses", money(f.totals.expenses.0)),
                    measured("closing_balance", money(f.totals.closing.0)),
                ]),
            ),
        ]),
        RecordData::Land(l) => J::obj([
            ("@type", J::s("Dataset")),
            ("creator", org()),
            (
                "variableMeasured",
                J::Arr(vec![
                    measured("parcels", int(l.totals.parcels)),
                    measured("total", money(l.totals.total.0)),
                ]),
            ),
        ]),
        RecordData::Plan(_) => J::obj([("@type", J::s("CreativeWork")), ("creator", org())]),
        RecordData::Budget(b) => {
            use crate::model::budget::BudgetTable;
            let mut items = Vec::new();
            for (name, table) in [
                ("revenue", BudgetTable::Revenue),
                ("expenditure", BudgetTable::Expenditure),
            ] {
                let (estimate, execution) = b.total(table);
                for (suffix, value) in [("estimate", estimate), ("execution", execution)] {
                    if let Some(m) = value {
                        items.push(J::obj([
                            ("@type", J::s("PropertyValue")),
                            ("name", J::owned(format!("{name}_{suffix}"))),
                            ("value", money(m.0)),
                        ]));
                    }
                }
            }
            J::obj([
                ("@type", J::s("Dataset")),
                ("creator", org()),
                ("temporalCoverage", J::owned(b.fiscal_year.to_string())),
                ("variableMeasured", J::Arr(items)),
            ])
        }
        RecordData::Asset(a) => J::obj([
            ("@type", J::s("Dataset")),
            ("creator", org()),
            (
                "variableMeasured",
                J::Arr(vec![
                    measured("assets", int(a.totals.assets)),
                    measured("original_value", money(a.totals.original_value.0)),
                    measured("residual_value", money(a.totals.residual_value.0)),
                    measured("revenue", money(a.totals.revenue.0)),
                ]),
            ),
        ]),
        RecordData::Support(s) => J::obj([
            ("@type", J::s("Dataset")),
            ("creator", org()),
            (
                "variableMeasured",
                J::Arr(vec![
                    measured("beneficiaries", int(s.totals.beneficiaries)),
                    measured("amount", money(s.totals.amount.0)),
                ]),
            ),
        ]),
        RecordData::Callup(c) => J::obj([
            ("@type", J::s("Dataset")),
            ("creator", org()),
            (
                "variableMeasured",
                J::Arr(vec![
                    measured("quota", J::Int(i64::from(c.quota))),
                    measured("called", int(c.totals.called)),
                ]),
            ),
        ]),
        RecordData::Inspection(x) => {
            let mut v = J::obj([
                ("@type", J::s("Report")),
                ("creator", org()),
                ("reportNumber", J::s(&x.conclusion.number)),
                ("dateCreated", J::owned(x.conclusion.issued.iso())),
            ]);
            if !x.recoveries.is_empty() {
                v.set(
                    "variableMeasured",
                    J::Arr(vec![
                        measured("due", money(x.totals.due.0)),
                        measured("recovered", money(x.totals.recovered.0)),
                    ]),
                );
            }
            v
        }
        RecordData::Consultation(x) => J::obj([
            ("@type", J::s("Report")),
            ("creator", org()),
            ("about", J::s(&x.draft)),
            (
                "temporalCoverage",
                J::owned(format!("{}/{}", x.opened.iso(), x.closed.iso())),
            ),
        ]),
        RecordData::Fee(x) => {
            let offers = x.fees.iter().map(|f| {
                J::obj([
                    ("@type", J::s("Offer")),
                    ("name", J::s(&f.name)),
                    (
                        "priceSpecification",
                        J::obj([
                            ("@type", J::s("UnitPriceSpecification")),
                            ("price", J::Int(f.rate.0)),
                            ("priceCurrency", J::s("VND")),
                            ("unitText", J::s(&f.unit)),
                        ]),
                    ),
                ])
            });
            J::obj([
                ("@type", J::s("GovernmentService")),
                ("provider", org()),
                ("areaServed", J::s(&w.profile.name)),
                ("offers", J::Arr(offers.collect())),
            ])
        }
    };
    let page = format!("{}.html", r.id);
    main.set("@id", J::owned(format!("{page}#record")));
    main.set("name", J::s(&r.common.title));
    main.set("url", J::owned(page));
    main.set("datePublished", J::owned(published));
    main.set("identifier", J::s(&r.id));
    if let Some(s) = &r.common.summary {
        main.set("description", J::s(s));
    }
    main.set("subjectOf", J::obj([("@id", J::owned(dataset_id))]));
    [main, dataset]
}

/// What a page carries in its `<head>` for machines: a link to the ward's
/// feed and schema.org JSON-LD (the ward, and on a record page the record and
/// its data files). `ward_root` leads from the page to the ward's folder.
/// Every link is relative: pages never depend on `base_url`.
pub fn page_head(w: &Ward, ward_root: &str, r: Option<(&Record, &[String])>) -> String {
    let mut graph = vec![organisation(w, ward_root)];
    if let Some((r, tables)) = r {
        graph.extend(record(w, r, tables));
    }
    let ld = J::obj([
        ("@context", J::s("https://schema.org")),
        ("@graph", J::Arr(graph)),
    ]);
    let mut out = super::feed::head_link(w, ward_root);
    out.push_str("\n<script type=\"application/ld+json\">");
    let start = out.len();
    ld.write(&mut out);
    // `</script>` inside a text must not end the element.
    if out[start..].contains('<') {
        let escaped = out[start..].replace('<', "\\u003c");
        out.truncate(start);
        out.push_str(&escaped);
    }
    out.push_str("</script>");
    out
}
