//! Where the text columns of a record's tables are, by name (`parcels.holder`),
//! so that the masking of personal names can follow the law data: which
//! columns hold personal names, and which of them a record may publish in
//! full, are declared in `[privacy]` of `law.toml` and nowhere else. This
//! file only finds a named column's cells; it does not decide anything.

use super::{Kind, RecordData};

/// One cell of a column of names.
#[derive(Debug)]
pub struct NameCell<'a> {
    /// The text, changed in place when masked.
    pub text: &'a mut String,
    /// The row is an organisation, whose name is not personal data.
    pub organisation: bool,
}

/// A column of a kind's table that may hold names.
#[derive(Clone, Copy)]
pub struct Column {
    /// The cells of the column in a record of the kind, in row order.
    pub cells: for<'a> fn(&'a mut RecordData) -> Vec<NameCell<'a>>,
    /// The kind's own older switch that publishes the column in full
    /// (`publish_holders`, `publish_donors`), read like `publish_names`.
    pub switch: fn(&RecordData) -> bool,
    /// The field of that switch, when the kind has one.
    pub switch_field: Option<&'static str>,
}

/// What the link stage decided for one column of names of a record: shown
/// in full (and on what basis), or masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameColumn {
    /// `table.column`, e.g. `called.name`.
    pub column: String,
    /// Published in full.
    pub published: bool,
    /// The law requiring the list posted when published; the basis of
    /// masking otherwise.
    pub basis: String,
}

/// The column `table.column` of records of `kind`, when there is one that
/// can hold names.
pub fn column(kind: Kind, table: &str, column: &str) -> Option<Column> {
    type Cells = for<'a> fn(&'a mut RecordData) -> Vec<NameCell<'a>>;
    type Switch = fn(&RecordData) -> bool;
    let (cells, switch, switch_field): (Cells, Switch, _) = match (kind, table, column) {
        (Kind::Land, "parcels", "holder") => (land_holders, land_switch, Some("publish_holders")),
        (Kind::Fund, "receipts", "from") => (fund_payers, fund_switch, Some("publish_donors")),
        (Kind::Fund, "expenses", "payee") => (fund_payees, no_switch, None),
        (Kind::Dialogue, "items", "asked_by") => (dialogue_askers, no_switch, None),
        (Kind::Asset, "actions", "counterparty") => (asset_counterparties, no_switch, None),
        (Kind::Support, "beneficiaries", "head") => (support_heads, no_switch, None),
        (Kind::Callup, "called", "name") => (callup_names, no_switch, None),
        (Kind::Inspection, "persons", "name") => (inspection_persons, no_switch, None),
        _ => return None,
    };
    Some(Column {
        cells,
        switch,
        switch_field,
    })
}

/// Whether `table.column` of `kind` is a column [`column`] finds.
pub fn is_column(kind: Kind, table: &str, name: &str) -> bool {
    column(kind, table, name).is_some()
}

fn no_switch(_: &RecordData) -> bool {
    false
}

fn land_switch(d: &RecordData) -> bool {
    matches!(d, RecordData::Land(l) if l.publish_holders)
}

fn fund_switch(d: &RecordData) -> bool {
    matches!(d, RecordData::Fund(f) if f.publish_donors)
}

fn land_holders(d: &mut RecordData) -> Vec<NameCell<'_>> {
    let RecordData::Land(l) = d else {
        return Vec::new();
    };
    l.parcels
        .iter_mut()
        .filter_map(|p| {
            Some(NameCell {
                organisation: p.organisation,
                text: p.holder.as_mut()?,
            })
        })
        .collect()
}

fn fund_payers(d: &mut RecordData) -> Vec<NameCell<'_>> {
    let RecordData::Fund(f) = d else {
        return Vec::new();
    };
    f.receipts
        .iter_mut()
        .map(|r| NameCell {
            organisation: r.organisation,
            text: &mut r.from,
        })
        .collect()
}

fn fund_payees(d: &mut RecordData) -> Vec<NameCell<'_>> {
    let RecordData::Fund(f) = d else {
        return Vec::new();
    };
    f.expenses
        .iter_mut()
        .filter_map(|e| {
            Some(NameCell {
                organisation: false,
                text: e.payee.as_mut()?,
            })
        })
        .collect()
}

fn dialogue_askers(d: &mut RecordData) -> Vec<NameCell<'_>> {
    let RecordData::Dialogue(x) = d else {
        return Vec::new();
    };
    x.items
        .iter_mut()
        .filter_map(|i| {
            Some(NameCell {
                organisation: false,
                text: i.asked_by.as_mut()?,
            })
        })
        .collect()
}

fn asset_counterparties(d: &mut RecordData) -> Vec<NameCell<'_>> {
    let RecordData::Asset(a) = d else {
        return Vec::new();
    };
    a.actions
        .iter_mut()
        .filter_map(|x| {
            Some(NameCell {
                organisation: x.organisation,
                text: x.counterparty.as_mut()?,
            })
        })
        .collect()
}

fn support_heads(d: &mut RecordData) -> Vec<NameCell<'_>> {
    let RecordData::Support(s) = d else {
        return Vec::new();
    };
    s.beneficiaries
        .iter_mut()
        .map(|b| NameCell {
            organisation: false,
            text: &mut b.head,
        })
        .collect()
}

fn callup_names(d: &mut RecordData) -> Vec<NameCell<'_>> {
    let RecordData::Callup(c) = d else {
        return Vec::new();
    };
    c.called
        .iter_mut()
        .map(|p| NameCell {
            organisation: false,
            text: &mut p.name,
        })
        .collect()
}

fn inspection_persons(d: &mut RecordData) -> Vec<NameCell<'_>> {
    let RecordData::Inspection(x) = d else {
        return Vec::new();
    };
    x.persons
        .iter_mut()
        .map(|p| NameCell {
            organisation: false,
            text: &mut p.name,
        })
        .collect()
}
