//! Land disclosures (Công khai đất đai): land-use plans, recovery notices,
//! compensation–support–resettlement plans, with parcel tables and totals.

use super::{RowOrigin, TableRow};
use crate::money::Money;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A land disclosure.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Land {
    /// Which stage of the procedure this disclosure is.
    pub stage: LandStage,
    /// The project.
    pub project: Project,
    /// Where it is posted (ward office, community house, …).
    #[serde(default)]
    pub posting_places: Vec<String>,
    /// The parcel table.
    #[serde(default)]
    pub parcels: Vec<Parcel>,
    /// A CSV file beside the record with more parcels.
    #[serde(default, skip_serializing)]
    pub parcels_csv: Option<String>,
    /// Opinions counted at the meeting (Art. 87).
    #[serde(default)]
    pub consultation: Option<Consultation>,
    /// Ids of dialogue records held about it.
    #[serde(default)]
    pub dialogues: Vec<String>,
    /// Publish holders' names in full (the Art. 87 list).
    #[serde(default)]
    pub publish_holders: bool,
    /// Date of the decision or document this disclosure makes public; on a
    /// land-use plan stage, the approval of the plan (Land Law Art. 75).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<crate::date::Date>,
    /// The plan period of a land-use plan, `2027` or `2021–2030`: an approved
    /// plan stays public until its end (Land Law Art. 75).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_period: Option<String>,
    /// Computed by validation.
    #[serde(default, skip_deserializing)]
    pub totals: LandTotals,
}

/// The stages of land disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LandStage {
    /// Quy hoạch sử dụng đất.
    LandUsePlan,
    /// Kế hoạch sử dụng đất hằng năm.
    AnnualLandUsePlan,
    /// Thông báo thu hồi đất.
    RecoveryNotice,
    /// Phương án bồi thường, hỗ trợ, tái định cư.
    CompensationPlan,
    /// Quyết định phê duyệt.
    ApprovalDecision,
    /// Bố trí tái định cư.
    Resettlement,
    /// Quyết định thu hồi đất.
    RecoveryDecision,
}

impl Land {
    /// Whether this is an approved land-use plan (a plan stage with its
    /// approval date), rather than a draft put out for opinions.
    pub fn is_approved_plan(&self) -> bool {
        self.decided.is_some()
            && matches!(
                self.stage,
                LandStage::LandUsePlan | LandStage::AnnualLandUsePlan
            )
    }

    /// The last day of `plan_period` (31 December of its last year).
    pub fn plan_period_end(&self) -> Option<crate::date::Date> {
        let text = self.plan_period.as_deref()?;
        let digits: Vec<char> = text.chars().collect();
        let year = digits
            .windows(4)
            .rev()
            .find(|w| w.iter().all(char::is_ascii_digit))
            .and_then(|w| w.iter().collect::<String>().parse::<i32>().ok())?;
        crate::date::Date::new(year, 12, 31)
    }
}

impl LandStage {
    /// The stage's Vietnamese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            LandStage::LandUsePlan => "quy hoạch sử dụng đất",
            LandStage::AnnualLandUsePlan => "kế hoạch sử dụng đất hằng năm",
            LandStage::RecoveryNotice => "thông báo thu hồi đất",
            LandStage::CompensationPlan => "phương án bồi thường, hỗ trợ, tái định cư",
            LandStage::ApprovalDecision => "quyết định phê duyệt",
            LandStage::Resettlement => "bố trí tái định cư",
            LandStage::RecoveryDecision => "quyết định thu hồi đất",
        }
    }
}

/// The project land is planned or recovered for.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Name.
    pub name: String,
    /// Investor.
    #[serde(default)]
    pub investor: Option<String>,
    /// Location.
    #[serde(default)]
    pub location: Option<String>,
    /// Total area in m².
    #[serde(default)]
    pub area_m2: Option<Area>,
    /// Purpose.
    #[serde(default)]
    pub purpose: Option<String>,
}

/// An area in square metres, accepting `1234.5` or the Vietnamese `1.234,5`.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd, Serialize)]
pub struct Area(pub f64);

/// Areas are added in millionths of a square metre (whole numbers), so a
/// total is the same whatever the order of its parcels or the build of the
/// program that adds them, and as short as the areas written (`0.1 + 0.2`
/// is `0.3`, not `0.30000000000000004`).
const AREA_UNITS: f64 = 1_000_000.0;

impl Area {
    /// The sum of `areas`, exact to a millionth of a square metre and
    /// independent of their order.
    pub fn sum(areas: impl IntoIterator<Item = Area>) -> Area {
        let units: i128 = areas
            .into_iter()
            .map(|a| (a.0 * AREA_UNITS).round() as i128)
            .sum();
        Area(units as f64 / AREA_UNITS)
    }

    /// Vietnamese display: `1.234,5 m²`.
    pub fn display(self) -> String {
        let hundredths = (self.0 * 100.0).round() as i64;
        let whole = crate::money::group_thousands(hundredths / 100);
        match hundredths % 100 {
            0 => format!("{whole} m²"),
            f if f % 10 == 0 => format!("{whole},{} m²", f / 10),
            f => format!("{whole},{f:02} m²"),
        }
    }
}

impl<'de> Deserialize<'de> for Area {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Area;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("diện tích m², ví dụ 1234.5")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Area, E> {
                if v.is_finite() && v >= 0.0 {
                    Ok(Area(v))
                } else {
                    Err(E::custom("diện tích phải là số không âm"))
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Area, E> {
                self.visit_f64(v as f64)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Area, E> {
                self.visit_f64(v as f64)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Area, E> {
                let t = v
                    .trim()
                    .trim_end_matches("m2")
                    .trim_end_matches("m²")
                    .trim();
                let normalized = if t.contains(',') {
                    t.replace('.', "").replace(',', ".")
                } else {
                    t.to_string()
                };
                normalized
                    .parse::<f64>()
                    .map_err(|_| {
                        E::custom(format!(
                            "`{v}` không phải diện tích (ví dụ 1234.5 hoặc \"1.234,5\")"
                        ))
                    })
                    .and_then(|x| self.visit_f64(x))
            }
        }
        d.deserialize_any(V)
    }
}

/// One parcel in the table.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parcel {
    /// Map sheet number (tờ bản đồ số).
    pub map_sheet: String,
    /// Parcel number (thửa đất số).
    pub parcel_no: String,
    /// Area recovered, m².
    pub area_m2: Area,
    /// Land type code (ODT, CLN, …).
    #[serde(default)]
    pub land_type: Option<String>,
    /// Holder; masked on the site unless published.
    #[serde(default)]
    pub holder: Option<String>,
    /// Compensation for land.
    #[serde(default)]
    pub land: Money,
    /// Compensation for assets on the land.
    #[serde(default)]
    pub assets: Money,
    /// Relocation allowance.
    #[serde(default)]
    pub relocation: Money,
    /// Other support.
    #[serde(default)]
    pub support: Money,
    /// Total as declared; must equal the sum when given.
    #[serde(default)]
    pub total: Option<Money>,
    /// Resettlement arrangement.
    #[serde(default)]
    pub resettlement: Option<String>,
    /// The holder is an organisation, whose name is not personal data.
    #[serde(default, deserialize_with = "super::deserialize_flag")]
    #[schemars(schema_with = "crate::schema::flag")]
    pub organisation: bool,
    /// The CSV row it came from, when it came from a table file.
    #[serde(skip)]
    pub origin: Option<RowOrigin>,
}

impl TableRow for Parcel {
    fn set_origin(&mut self, origin: RowOrigin) {
        self.origin = Some(origin);
    }
}

impl Parcel {
    /// Land + assets + relocation + support, or `None` on overflow.
    pub fn computed_total(&self) -> Option<Money> {
        Money::checked_sum([self.land, self.assets, self.relocation, self.support])
    }
}

/// Opinions counted at a meeting.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    /// Agree.
    pub agree: u32,
    /// Disagree.
    pub disagree: u32,
    /// Other opinions.
    #[serde(default)]
    pub other: u32,
}

/// Computed totals of the parcel table.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct LandTotals {
    /// Parcels.
    pub parcels: usize,
    /// Area, m².
    pub area_m2: Area,
    /// Compensation for land.
    pub land: Money,
    /// For assets.
    pub assets: Money,
    /// Relocation.
    pub relocation: Money,
    /// Support.
    pub support: Money,
    /// All.
    pub total: Money,
}

#[cfg(test)]
mod tests {
    use super::Area;

    #[test]
    fn area_display() {
        assert_eq!(Area(1234.5).display(), "1.234,5 m²");
        assert_eq!(Area(80.0).display(), "80 m²");
        assert_eq!(Area(72.25).display(), "72,25 m²");
    }

    #[test]
    fn a_sum_of_areas_is_exact_and_independent_of_order() {
        let areas = [0.1, 0.2, 1529.3, 120.75, 0.05].map(Area);
        // Added as floats, in this order, the total is off in its last digit.
        assert_ne!(areas.iter().map(|a| a.0).sum::<f64>(), 1650.4);
        assert_eq!(Area::sum(areas), Area(1650.4));
        let mut reversed = areas;
        reversed.reverse();
        assert_eq!(Area::sum(reversed), Area(1650.4));
        assert_eq!(Area::sum([Area(0.1), Area(0.2)]).0.to_string(), "0.3");
        assert_eq!(Area::sum([]), Area(0.0));
    }
}
