//! The one in-memory model of a repository: a [`Site`] of [`Ward`]s of typed
//! [`Record`]s. Built once by the loader; later stages only read it. Data
//! and pure derivations only: the rules are in `validate/`, the masking of
//! names in `link/`, the lookup of a field's line in `diagnostics/`.

pub(crate) mod asset;
pub(crate) mod budget;
pub(crate) mod callup;
pub(crate) mod consultation;
pub(crate) mod dialogue;
pub(crate) mod document;
pub(crate) mod fee;
pub(crate) mod fund;
pub(crate) mod inspection;
pub(crate) mod land;
pub mod names;
pub(crate) mod plan;
pub(crate) mod procedure;
pub(crate) mod serde_names;
pub(crate) mod support;

use crate::config::Config;
use crate::date::{Date, PostedUntil};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_names::struct_fields;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

pub use asset::Asset;
pub use budget::Budget;
pub use callup::Callup;
pub use consultation::PublicConsultation;
pub use dialogue::Dialogue;
pub use document::Document;
pub use fee::FeeSchedule;
pub use fund::Fund;
pub use inspection::Inspection;
pub use land::Land;
pub use plan::Plan;
pub use procedure::Procedure;
pub use support::Support;

/// The whole repository, loaded and checked.
#[derive(Debug)]
pub struct Site {
    /// `congkhai.toml`.
    pub config: Config,
    /// The repository root on disk.
    pub root: PathBuf,
    /// The date statuses are computed for.
    pub today: Date,
    /// Wards, sorted by slug.
    pub wards: Vec<Ward>,
    /// The record files' history from git (empty until `build` reads it).
    pub history: std::sync::Arc<crate::history::History>,
}

/// One ward or commune and everything it discloses.
#[derive(Debug)]
pub struct Ward {
    /// Folder name, also the URL segment.
    pub slug: String,
    /// The profile from `ward.yaml`.
    pub profile: WardProfile,
    /// Where the profile was read from.
    pub profile_file: PathBuf,
    /// Its records plus the repository's shared documents, sorted by kind,
    /// then newest first.
    pub records: Vec<Arc<Record>>,
}

/// A ward's profile (`ward.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WardProfile {
    /// Official 5-digit code from the national list (e.g. `27154`).
    pub code: String,
    /// Official name, e.g. `Phường Bàn Cờ`.
    pub name: String,
    /// Province or centrally-run city.
    pub province: String,
    /// Date the unit was formed, e.g. 2025-07-01.
    #[serde(default)]
    pub established: Option<Date>,
    /// The resolution that formed it, e.g. `1685/NQ-UBTVQH15`.
    #[serde(default)]
    pub established_by: Option<String>,
    /// Former units it was formed from; their names still find it.
    #[serde(default)]
    pub former_units: Vec<FormerUnit>,
    /// Office address.
    #[serde(default)]
    pub address: Option<String>,
    /// Telephone numbers.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Official portal (shown as text and link; never loaded).
    #[serde(default)]
    pub website: Option<String>,
    /// Reception hours.
    #[serde(default)]
    pub office_hours: Option<String>,
    /// A short introduction (Markdown).
    #[serde(default)]
    pub about: Option<String>,
    /// The ways residents send opinions ("Góp ý", Art. 35.2.a).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
}

/// Where residents send opinions and reports about what the ward discloses
/// (Law 10/2022 Art. 35.2.a). Every way is optional; nothing is sent
/// anywhere by the site itself unless `form_endpoint` is set.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// E-mail that receives opinions; the "Góp ý" link opens a message to it
    /// with the record's title, id and page address filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Hotline for opinions and reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotline: Option<String>,
    /// Postal address for letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_address: Option<String>,
    /// The city's feedback system (its address shown as text; never loaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_system: Option<FeedbackLink>,
    /// The People's Inspection Board (Ban Thanh tra nhân dân).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection_board: Option<InspectionBoard>,
    /// A URL that accepts a form POST (fields `record`, `page`, `message`,
    /// `contact`); off unless set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_endpoint: Option<String>,
}

/// A named link.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackLink {
    /// What it is called, e.g. `Cổng tiếp nhận phản ánh, kiến nghị 1022`.
    pub name: String,
    /// Its address.
    pub url: String,
}

/// The People's Inspection Board's contacts.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionBoard {
    /// Its head, or the board's name.
    pub head: String,
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A unit that was merged into a ward.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormerUnit {
    /// Its name, e.g. `Phường 1`.
    pub name: String,
    /// The district it belonged to, e.g. `Quận 3`.
    #[serde(default)]
    pub district: Option<String>,
    /// Whether only part of it was merged.
    #[serde(default)]
    pub part: bool,
}

/// The record kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Kế hoạch, chương trình.
    Plan,
    /// Công khai đất đai.
    Land,
    /// Quỹ, khoản đóng góp.
    Fund,
    /// Kết quả đối thoại, tiếp xúc.
    Dialogue,
    /// Văn bản.
    Document,
    /// Thủ tục hành chính.
    Procedure,
    /// Ngân sách xã.
    Budget,
    /// Tài sản công.
    Asset,
    /// Chính sách hỗ trợ, an sinh xã hội.
    Support,
    /// Gọi nhập ngũ, tham gia Công an nhân dân.
    Callup,
    /// Kết quả thanh tra, xử lý kỷ luật, tham nhũng; lấy phiếu tín nhiệm.
    Inspection,
    /// Lấy ý kiến Nhân dân.
    Consultation,
    /// Phí, lệ phí.
    Fee,
}

impl Kind {
    /// All kinds, in the order sections appear.
    pub const ALL: [Kind; 13] = [
        Kind::Plan,
        Kind::Land,
        Kind::Fund,
        Kind::Dialogue,
        Kind::Document,
        Kind::Procedure,
        Kind::Budget,
        Kind::Asset,
        Kind::Support,
        Kind::Callup,
        Kind::Inspection,
        Kind::Consultation,
        Kind::Fee,
    ];

    /// The folder and URL segment (`plan`, `land`, …).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Land => "land",
            Kind::Fund => "fund",
            Kind::Dialogue => "dialogue",
            Kind::Document => "document",
            Kind::Procedure => "procedure",
            Kind::Budget => "budget",
            Kind::Asset => "asset",
            Kind::Support => "support",
            Kind::Callup => "callup",
            Kind::Inspection => "inspection",
            Kind::Consultation => "consultation",
            Kind::Fee => "fee",
        }
    }

    /// Parses a folder name or a `kind:` value; Vietnamese folder names are
    /// accepted too (`ke-hoach`, `dat-dai`, `quy`, `doi-thoai`, `van-ban`, `thu-tuc`,
    /// `ngan-sach`, `tai-san`, `ho-tro`, `goi-nhap-ngu`, `thanh-tra`, `lay-y-kien`,
    /// `phi-le-phi`).
    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "plan" | "ke-hoach" => Kind::Plan,
            "land" | "dat-dai" => Kind::Land,
            "fund" | "quy" => Kind::Fund,
            "dialogue" | "doi-thoai" => Kind::Dialogue,
            "document" | "van-ban" => Kind::Document,
            "procedure" | "thu-tuc" => Kind::Procedure,
            "budget" | "ngan-sach" => Kind::Budget,
            "asset" | "tai-san" => Kind::Asset,
            "support" | "ho-tro" => Kind::Support,
            "callup" | "goi-nhap-ngu" => Kind::Callup,
            "inspection" | "thanh-tra" => Kind::Inspection,
            "consultation" | "lay-y-kien" => Kind::Consultation,
            "fee" | "phi-le-phi" => Kind::Fee,
            _ => return None,
        })
    }

    /// The fields a record of this kind may carry besides the common ones,
    /// in the order its struct declares them: serde's own list, read once.
    pub fn fields(self) -> &'static [&'static str] {
        static FIELDS: LazyLock<[&'static [&'static str]; Kind::ALL.len()]> =
            LazyLock::new(|| Kind::ALL.map(Kind::serde_fields));
        FIELDS[self as usize]
    }

    /// Every field a record of this kind may carry: the common ones, then
    /// its own.
    pub fn all_fields(self) -> impl Iterator<Item = &'static str> {
        COMMON_FIELDS.iter().chain(self.fields()).copied()
    }

    /// The fields serde reads for this kind's struct.
    fn serde_fields(self) -> &'static [&'static str] {
        let fields = match self {
            Kind::Plan => struct_fields::<Plan>(),
            Kind::Land => struct_fields::<Land>(),
            Kind::Fund => struct_fields::<Fund>(),
            Kind::Dialogue => struct_fields::<Dialogue>(),
            Kind::Document => struct_fields::<Document>(),
            Kind::Procedure => struct_fields::<Procedure>(),
            Kind::Budget => struct_fields::<Budget>(),
            Kind::Asset => struct_fields::<Asset>(),
            Kind::Support => struct_fields::<Support>(),
            Kind::Callup => struct_fields::<Callup>(),
            Kind::Inspection => struct_fields::<Inspection>(),
            Kind::Consultation => struct_fields::<PublicConsultation>(),
            Kind::Fee => struct_fields::<FeeSchedule>(),
        };
        // A kind's struct is read by name (no `#[serde(flatten)]`): a unit
        // test asks every kind once.
        fields.expect("a kind's struct is a plain serde struct")
    }

    /// Whether `key` is a field of this kind, common or its own.
    pub fn has_field(self, key: &str) -> bool {
        COMMON_FIELDS.contains(&key) || self.fields().contains(&key)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// Fields every record has, in the order [`Common`] declares them: serde's
/// own list, read once.
pub static COMMON_FIELDS: LazyLock<&'static [&'static str]> = LazyLock::new(|| {
    // `Common` is read by name (no `#[serde(flatten)]`): a unit test reads it.
    struct_fields::<Common>().expect("`Common` is a plain serde struct")
});

/// The fields every record has, as written in its front matter.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Common {
    /// Slug; defaults to the file name.
    #[serde(default, skip_serializing)]
    pub id: Option<String>,
    /// Kind; defaults to the folder, and must agree with it.
    #[serde(default, skip_serializing)]
    pub kind: Option<String>,
    /// Title (Tiêu đề).
    pub title: String,
    /// One-paragraph summary (for documents: the trích yếu).
    #[serde(default)]
    pub summary: Option<String>,
    /// Date the disclosure was made (Ngày công khai).
    pub published: Date,
    /// End of the posting period, or permanent.
    #[serde(default)]
    pub posted_until: Option<PostedUntil>,
    /// Last day residents may give their opinions, when the record is put
    /// out for consultation (Art. 25–28); at least `consultation_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation_until: Option<Date>,
    /// Last day the record is broadcast on the loudspeaker, from the day it
    /// is published (Art. 13.3: items 7–12, at least 3 consecutive days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loudspeaker_until: Option<Date>,
    /// Art. 11 item, 1–14.
    pub disclosure_item: u8,
    /// Art. 12 forms of disclosure.
    #[serde(default)]
    pub forms: Vec<Form>,
    /// Document identifiers this record rests on (Căn cứ).
    #[serde(default)]
    pub legal_basis: Vec<String>,
    /// Files in the repository.
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
    /// Declared status; `draft` keeps the record out of the site.
    #[serde(default)]
    pub status: Option<DeclaredStatus>,
    /// Id of the record this one replaces.
    #[serde(default)]
    pub supersedes: Option<String>,
    /// Columns of personal names published in full (`called.name`), only
    /// where the law requires the list posted: `[privacy]` of the law data
    /// must give the basis. Every other name is masked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publish_names: Vec<String>,
}

/// Art. 12 forms of disclosure.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// Niêm yết tại trụ sở.
    OfficePosting,
    /// Cổng thông tin điện tử.
    Portal,
    /// Hệ thống truyền thanh.
    Loudspeaker,
    /// Qua tổ trưởng tổ dân phố.
    GroupHead,
    /// Gửi văn bản.
    Letter,
    /// Hội nghị.
    Conference,
    /// Báo chí.
    Press,
    /// Qua Mặt trận và các đoàn thể.
    MassOrganisation,
    /// Mạng xã hội.
    SocialNetwork,
}

/// What an editor may declare as a record's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredStatus {
    /// Not published yet.
    Draft,
    /// Published (the default).
    Posted,
    /// Taken down before its end date.
    Expired,
    /// Replaced by another record.
    Superseded,
}

/// A record's status on the day of the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Within its posting period, or posted permanently.
    Posted,
    /// Published, with no posting period set.
    Published,
    /// Its posting period has ended.
    Expired,
    /// Replaced by a later record.
    Superseded,
}

/// An attachment as written: a path, optionally with a title.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentRef {
    /// Path relative to the record's folder.
    pub path: String,
    /// Title shown instead of the file name.
    pub title: Option<String>,
}

impl<'de> Deserialize<'de> for AttachmentRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            path: String,
            #[serde(default)]
            title: Option<String>,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AttachmentRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("đường dẫn tệp, hoặc { path, title }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AttachmentRef, E> {
                Ok(AttachmentRef {
                    path: v.to_string(),
                    title: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AttachmentRef, A::Error> {
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(AttachmentRef {
                    path: full.path,
                    title: full.title,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// An attachment checked on disk.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// Title or file name.
    pub title: String,
    /// File name in the output (`files/<record>/<name>`).
    pub file_name: String,
    /// Path relative to the repository root.
    #[serde(skip)]
    pub source: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// The kind-specific part of a record.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RecordData {
    /// Kế hoạch.
    Plan(Plan),
    /// Đất đai.
    Land(Land),
    /// Quỹ.
    Fund(Fund),
    /// Đối thoại.
    Dialogue(Dialogue),
    /// Văn bản.
    Document(Document),
    /// Thủ tục hành chính.
    Procedure(Procedure),
    /// Ngân sách xã.
    Budget(Budget),
    /// Tài sản công.
    Asset(Asset),
    /// Chính sách hỗ trợ.
    Support(Support),
    /// Gọi nhập ngũ.
    Callup(Callup),
    /// Thanh tra, kỷ luật, tín nhiệm.
    Inspection(Inspection),
    /// Lấy ý kiến Nhân dân.
    Consultation(PublicConsultation),
    /// Phí, lệ phí.
    Fee(FeeSchedule),
}

impl RecordData {
    /// The kind of this data.
    pub fn kind(&self) -> Kind {
        match self {
            RecordData::Plan(_) => Kind::Plan,
            RecordData::Land(_) => Kind::Land,
            RecordData::Fund(_) => Kind::Fund,
            RecordData::Dialogue(_) => Kind::Dialogue,
            RecordData::Document(_) => Kind::Document,
            RecordData::Procedure(_) => Kind::Procedure,
            RecordData::Budget(_) => Kind::Budget,
            RecordData::Asset(_) => Kind::Asset,
            RecordData::Support(_) => Kind::Support,
            RecordData::Callup(_) => Kind::Callup,
            RecordData::Inspection(_) => Kind::Inspection,
            RecordData::Consultation(_) => Kind::Consultation,
            RecordData::Fee(_) => Kind::Fee,
        }
    }
}

/// Where a record came from, for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Path relative to the repository root.
    pub path: PathBuf,
    /// Line of the first front-matter line (after `---`), 1-based.
    pub yaml_line: usize,
    /// Line where the Markdown body starts, 1-based.
    pub body_line: usize,
    /// The front matter text, for locating fields.
    pub yaml: String,
    /// Where the top-level keys and their list items are, found in one pass
    /// the first time a line is asked for (set `yaml` before that).
    pub index: std::sync::OnceLock<crate::diagnostics::KeyIndex>,
}

/// Where a row of a table came from, when it was read from a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowOrigin {
    /// The CSV file, relative to the repository root.
    pub file: PathBuf,
    /// Its line in that file.
    pub line: usize,
}

/// A row of a table that may be read from a CSV file beside a record.
pub trait TableRow {
    /// Remembers the file and line the row was read from.
    fn set_origin(&mut self, origin: RowOrigin);
}

/// One disclosure: a typed, checked record.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Unique within its ward.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Fields every record has.
    #[serde(flatten)]
    pub common: Common,
    /// Kind-specific fields.
    pub data: RecordData,
    /// Markdown body.
    #[serde(skip)]
    pub body: String,
    /// Attachments found on disk.
    pub files: Vec<Attachment>,
    /// Shared by all wards (from the repository's shared folder).
    pub shared: bool,
    /// Status on the build date.
    pub status: Status,
    /// Where it came from.
    #[serde(skip)]
    pub source: Source,
    /// Its columns of personal names, masked or published, as the link
    /// stage decided by `[privacy]` of the law data.
    #[serde(skip)]
    pub names: Vec<names::NameColumn>,
}

impl Record {
    /// Whether the column `table.column` holds names published in full;
    /// `false` when masked or when it is no column of names.
    pub fn name_published(&self, column: &str) -> bool {
        self.names.iter().any(|n| n.column == column && n.published)
    }

    /// The year shown in facets and lists.
    pub fn year(&self) -> i32 {
        self.common.published.year()
    }
}

/// Cross-record facts computed by the link stage.
#[derive(Debug, Default)]
pub struct Links {
    /// Record key → the ids of records of the same ward that cite it.
    pub cited_by: BTreeMap<(String, String), Vec<String>>,
    /// Record key → the id of the record that supersedes it.
    pub superseded_by: BTreeMap<(String, String), String>,
    /// Ward slug → normalised identifier → document id.
    pub identifiers: BTreeMap<String, BTreeMap<String, String>>,
}

/// Reads a yes/no flag the way editors write it in YAML or a CSV cell:
/// `true`/`false`, `có`/`không`, `x`, `1`/`0`; an empty cell is no.
pub(crate) fn deserialize_flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("có/không (true/false)")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
            match v {
                0 => Ok(false),
                1 => Ok(true),
                _ => Err(E::custom(format!("`{v}`: ghi có/không (true/false)"))),
            }
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
            self.visit_u64(u64::try_from(v).unwrap_or(u64::MAX))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            match crate::text::fold(v.trim()).as_str() {
                "" | "false" | "khong" | "no" | "0" => Ok(false),
                "true" | "co" | "yes" | "x" | "1" => Ok(true),
                _ => Err(E::custom(format!("`{v}`: ghi có/không (true/false)"))),
            }
        }
        fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_none<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
    }
    d.deserialize_any(V)
}

/// Reads the value of a computed field written by hand and drops it: the
/// key is one serde knows, so it is no unknown field; the kind's rule
/// refuses it with its own diagnostic, and validation computes the value.
pub(crate) fn computed<'de, D: Deserializer<'de>, T: Default>(d: D) -> Result<T, D::Error> {
    de::IgnoredAny::deserialize(d)?;
    Ok(T::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_a_kind_include_the_common_ones() {
        assert!(Kind::Fund.has_field("title"));
        assert!(Kind::Fund.has_field("receipts"));
        assert!(!Kind::Document.has_field("receipts"));
        assert!(!Kind::Plan.has_field("titel"));
        for kind in Kind::ALL {
            assert!(!kind.fields().is_empty(), "{kind}");
            for field in kind.all_fields() {
                assert!(kind.has_field(field), "{kind} {field}");
            }
        }
    }

    #[test]
    fn each_kind_finds_its_own_fields() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i, "`Kind::ALL` is in declaration order");
        }
        assert_eq!(Kind::Document.fields().first(), Some(&"number"));
        assert_eq!(Kind::Fee.fields().first(), Some(&"collector"));
        assert_eq!(COMMON_FIELDS.first(), Some(&"id"));
        assert_eq!(COMMON_FIELDS.last(), Some(&"publish_names"));
    }

    /// serde's list (what `check` and the admin form use) and the schema
    /// `schemars` derives from the same structs name the same fields: a
    /// field added to a struct is in both. The one difference is on
    /// purpose: a typed `totals` is a key serde knows, so that E0439
    /// (computed, not typed) says what is wrong, and no key of the schema.
    #[test]
    fn the_fields_are_the_schemas_properties() {
        let labels = crate::schema::Labels::load();
        for kind in Kind::ALL {
            let schema = crate::schema::record(kind, &labels);
            let mut properties: Vec<&str> = schema["properties"]
                .as_object()
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            properties.sort_unstable();
            let mut fields: Vec<&str> = kind.all_fields().collect();
            if matches!(kind, Kind::Asset | Kind::Support | Kind::Callup) {
                fields.retain(|f| *f != "totals");
            }
            fields.sort_unstable();
            assert_eq!(fields, properties, "{kind}");
        }
    }

    #[test]
    fn a_typed_computed_field_is_known_and_dropped() {
        for kind in [Kind::Asset, Kind::Support, Kind::Callup] {
            assert!(kind.has_field("totals"), "{kind}");
        }
        assert!(!Kind::Budget.has_field("tables"));
        let yaml = "as_of: 2026-01-01\ntotals: {count: 99}\n";
        let asset: Asset = serde_saphyr::from_str(yaml).unwrap();
        let none = asset::AssetTotals::default();
        assert_eq!(format!("{:?}", asset.totals), format!("{none:?}"));
    }
}
