//! Public assets (Tài sản công, Art. 11.6 of Law 10/2022): the assets the
//! ward manages with their values and users, and what was done with them
//! (built, bought, assigned, leased, transferred, sold, liquidated…), each
//! act with the decision behind it. Totals are computed, never typed.

use crate::date::Date;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// The ward's public assets and what was done with them.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Asset {
    /// The unit that manages the assets (đơn vị quản lý).
    #[serde(default)]
    pub managing_unit: Option<String>,
    /// The day the figures stand at (số liệu đến ngày).
    pub as_of: Date,
    /// The list of assets.
    #[serde(default)]
    pub assets: Vec<AssetItem>,
    /// What was done with them.
    #[serde(default)]
    pub actions: Vec<AssetAction>,
    /// Computed by validation. A typed `totals` is a known key whose value
    /// is dropped: the kind's rule refuses it with its own diagnostic (E0439).
    #[serde(default, deserialize_with = "super::computed")]
    #[schemars(skip_deserializing)]
    pub totals: AssetTotals,
}

/// One asset (or a group of identical ones) on the list.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetItem {
    /// The ward's code for it (mã tài sản).
    pub code: String,
    /// Name.
    pub name: String,
    /// Category, e.g. `Nhà, công trình`, `Xe ô tô`, `Máy móc, thiết bị`.
    pub category: String,
    /// How many.
    pub quantity: u32,
    /// Unit of count (`cái`, `chiếc`, `m²`).
    pub unit: String,
    /// Original value (nguyên giá), đồng.
    pub original_value: Money,
    /// Residual value (giá trị còn lại), đồng.
    pub residual_value: Money,
    /// The unit that uses it.
    pub user_unit: String,
    /// Its state.
    pub status: AssetStatus,
}

/// The state of an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssetStatus {
    /// Đang sử dụng.
    InUse,
    /// Chưa sử dụng, sử dụng không hết công suất.
    Unused,
    /// Đang cho thuê, liên doanh, liên kết.
    Leased,
    /// Chờ xử lý (thanh lý, điều chuyển).
    PendingDisposal,
    /// Đã xử lý xong (thanh lý, bán, điều chuyển, tiêu hủy).
    Disposed,
}

/// What was done with an asset (the acts Art. 11.6 lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionType {
    /// Đầu tư xây dựng.
    Construction,
    /// Mua sắm.
    Purchase,
    /// Giao tài sản.
    Assignment,
    /// Thuê tài sản (the ward rents it in).
    RentIn,
    /// Cho thuê (the ward leases it out; brings revenue).
    Rental,
    /// Thu hồi.
    Recovery,
    /// Điều chuyển.
    Transfer,
    /// Chuyển đổi công năng.
    Conversion,
    /// Bán.
    Sale,
    /// Thanh lý.
    Liquidation,
    /// Tiêu hủy.
    Destruction,
}

impl ActionType {
    /// Whether the act brings money to the ward (lease, sale, liquidation).
    pub fn is_revenue(self) -> bool {
        matches!(
            self,
            ActionType::Rental | ActionType::Sale | ActionType::Liquidation
        )
    }

    /// Whether the act spends money (construction, purchase, renting in).
    pub fn is_spending(self) -> bool {
        matches!(
            self,
            ActionType::Construction | ActionType::Purchase | ActionType::RentIn
        )
    }
}

/// One act on an asset, with the decision behind it.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetAction {
    /// The day it was done (contract, hand-over, auction).
    pub date: Date,
    /// What was done.
    pub action: ActionType,
    /// The code of the asset on the list.
    pub asset: String,
    /// The decision's number and symbol, e.g. `45/QĐ-UBND`.
    pub decision: String,
    /// The decision's date.
    pub decision_date: Date,
    /// Money spent or received, đồng.
    #[serde(default)]
    pub amount: Option<Money>,
    /// The other party (buyer, lessee, receiving unit); a person's name is
    /// masked unless `organisation`.
    #[serde(default)]
    pub counterparty: Option<String>,
    /// The other party is an organisation, whose name is not personal data.
    #[serde(default, deserialize_with = "super::deserialize_flag")]
    #[schemars(schema_with = "crate::schema::flag")]
    pub organisation: bool,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Computed figures of an asset disclosure.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct AssetTotals {
    /// Lines on the list.
    pub assets: usize,
    /// Sum of original values.
    pub original_value: Money,
    /// Sum of residual values.
    pub residual_value: Money,
    /// Money received from leases, sales and liquidations.
    pub revenue: Money,
    /// Money spent on construction, purchases and renting in.
    pub spending: Money,
}
