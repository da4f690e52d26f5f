//! What a version of a record says, as labelled facts (title, dates, the
//! figures of its kind: a fund's balances, a plan's tasks, a land project's
//! compensation…), and the differences between two versions. Only figures
//! and public fields: no personal name ever becomes a fact, so a revision
//! shows nothing the masked page does not.

use crate::date::{Date, PostedUntil};
use crate::load::Reader;
use crate::model::{Kind, Record, RecordData};
use serde::Serialize;
use std::borrow::Cow;
use std::path::Path;

/// One labelled fact of a version of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fact {
    pub(super) label: Cow<'static, str>,
    pub(super) value: String,
    /// An amount of money.
    pub(super) amount: bool,
}

/// The label of the body's fact: its value is a digest of the text (the
/// page says that the body changed, not how).
const BODY: &str = "Nội dung";

/// A field that changed between two versions of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The field, in Vietnamese ("Số dư cuối kỳ").
    pub label: String,
    /// Before (empty when the field was added).
    pub old: String,
    /// After (empty when the field was removed).
    pub new: String,
    /// The field is an amount of money.
    pub amount: bool,
}

/// The facts of a version of the record file `rel`, read and computed as a
/// build would (its tables are those on disk now), with the tables it names
/// (as written, relative to its folder); `None` when that version cannot be
/// read.
pub(crate) fn of_text(
    reader: &Reader,
    today: Date,
    kind: Kind,
    rel: &str,
    bytes: &[u8],
) -> Option<(Vec<Fact>, Vec<String>)> {
    let (record, _) = reader.parse_bytes(kind, Path::new(rel), bytes);
    let mut record = record?;
    // The totals; the findings of an old version are nobody's concern.
    crate::validate::compute_fields(&mut record, reader.config(), today);
    Some((of_record(&record), tables(&record)))
}

/// The table files a record names (as written): its facts depend on them.
fn tables(r: &Record) -> Vec<String> {
    match &r.data {
        RecordData::Fund(x) => [&x.receipts_csv, &x.expenses_csv]
            .into_iter()
            .flatten()
            .cloned()
            .collect(),
        RecordData::Land(x) => x.parcels_csv.iter().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Whether the facts of a record of `kind` depend on the build date (what
/// is overdue): then facts kept from another day are not taken.
pub(crate) fn depend_on_today(kind: Kind) -> bool {
    matches!(kind, Kind::Plan | Kind::Dialogue | Kind::Inspection)
}

/// The facts of a record.
pub(crate) fn of_record(r: &Record) -> Vec<Fact> {
    let mut f = Vec::new();
    let mut text = |label: &'static str, value: String| {
        f.push(Fact {
            label: Cow::Borrowed(label),
            value,
            amount: false,
        })
    };
    text("Tiêu đề", r.common.title.clone());
    text("Tóm tắt", r.common.summary.clone().unwrap_or_default());
    text("Ngày công bố", r.common.published.short());
    text(
        "Niêm yết đến",
        match r.common.posted_until {
            Some(PostedUntil::Date(d)) => d.short(),
            Some(PostedUntil::Permanent) => "thường xuyên".into(),
            None => String::new(),
        },
    );
    text("Căn cứ", r.common.legal_basis.join("; "));
    text(
        "Thay thế hồ sơ",
        r.common.supersedes.clone().unwrap_or_default(),
    );
    text("Tệp đính kèm", r.common.attachments.len().to_string());
    text(BODY, body_digest(r.body.trim()));
    let mut money = |label: &'static str, m: crate::money::Money| {
        f.push(Fact {
            label: Cow::Borrowed(label),
            value: m.display(),
            amount: true,
        })
    };
    match &r.data {
        RecordData::Fund(x) => {
            money("Số dư đầu kỳ", x.opening_balance);
            money("Tổng thu", x.totals.receipts);
            money("Tổng chi", x.totals.expenses);
            money("Số dư cuối kỳ", x.closing_balance);
        }
        RecordData::Land(x) => {
            money("Bồi thường về đất", x.totals.land);
            money("Bồi thường tài sản", x.totals.assets);
            money("Tái định cư", x.totals.relocation);
            money("Hỗ trợ", x.totals.support);
            money("Tổng bồi thường, hỗ trợ", x.totals.total);
        }
        RecordData::Procedure(x) => {
            for fee in &x.fees {
                money("Phí, lệ phí", fee.amount);
            }
        }
        RecordData::Budget(x) => {
            use crate::model::budget::BudgetTable;
            let (re, rx) = x.total(BudgetTable::Revenue);
            let (ee, ex) = x.total(BudgetTable::Expenditure);
            for (label, value) in [
                ("Tổng thu (dự toán)", re),
                ("Tổng thu (thực hiện)", rx),
                ("Tổng chi (dự toán)", ee),
                ("Tổng chi (thực hiện)", ex),
            ] {
                if let Some(m) = value {
                    money(label, m);
                }
            }
        }
        RecordData::Asset(x) => {
            money("Tổng nguyên giá", x.totals.original_value);
            money("Tổng giá trị còn lại", x.totals.residual_value);
            money("Thu từ tài sản", x.totals.revenue);
        }
        RecordData::Support(x) => {
            money("Tổng mức hỗ trợ", x.totals.amount);
        }
        RecordData::Fee(x) => {
            for fee in &x.fees {
                money("Mức thu", fee.rate);
            }
        }
        _ => {}
    }
    let mut text = |label: &'static str, value: String| {
        f.push(Fact {
            label: Cow::Borrowed(label),
            value,
            amount: false,
        })
    };
    match &r.data {
        RecordData::Fund(x) => {
            text("Số khoản thu", x.receipts.len().to_string());
            text("Số khoản chi", x.expenses.len().to_string());
            text(
                "Kỳ báo cáo",
                format!("{} – {}", x.period_start, x.period_end),
            );
        }
        RecordData::Land(x) => {
            text("Số thửa đất", x.totals.parcels.to_string());
        }
        RecordData::Plan(x) => {
            let (done, overdue, total) = x.counts();
            text("Số hiệu", x.number.clone().unwrap_or_default());
            text("Nhiệm vụ hoàn thành", format!("{done}/{total}"));
            text("Nhiệm vụ quá hạn", overdue.to_string());
        }
        RecordData::Dialogue(x) => {
            let (made, done, overdue) = x.commitment_counts();
            text("Ngày đối thoại", x.held.short());
            text("Cam kết đã thực hiện", format!("{done}/{made}"));
            text("Cam kết quá hạn", overdue.to_string());
        }
        RecordData::Document(x) => {
            text("Số, ký hiệu", x.number.clone());
            text("Cơ quan ban hành", x.issuer.clone());
            text("Ngày ban hành", x.issued.short());
        }
        RecordData::Procedure(x) => {
            text("Thời hạn giải quyết", x.time_limit.clone());
        }
        RecordData::Budget(x) => {
            text("Giai đoạn", x.stage.label().to_string());
            text("Năm ngân sách", x.fiscal_year.to_string());
            text(
                "Kỳ báo cáo",
                x.period.map(|p| p.label().to_string()).unwrap_or_default(),
            );
            if let Some(d) = &x.decision {
                text("Số, ký hiệu", d.number.clone());
                text("Ngày văn bản", d.date.short());
            }
            text("Số dòng", x.rows.len().to_string());
            text("Kiến nghị kiểm toán", x.audit.len().to_string());
        }
        RecordData::Asset(x) => {
            text("Số tài sản", x.totals.assets.to_string());
            text("Số việc xử lý tài sản", x.actions.len().to_string());
        }
        RecordData::Support(x) => {
            text("Chính sách", x.policy.clone());
            text("Số người được hỗ trợ", x.totals.beneficiaries.to_string());
        }
        RecordData::Callup(x) => {
            text("Năm gọi nhập ngũ", x.year.to_string());
            text("Chỉ tiêu", x.quota.to_string());
            text("Số công dân được gọi", x.totals.called.to_string());
        }
        RecordData::Inspection(x) => {
            let (made, done, overdue) = x.recommendation_counts();
            text("Văn bản kết luận", x.conclusion.number.clone());
            text("Kiến nghị đã thực hiện", format!("{done}/{made}"));
            text("Kiến nghị quá hạn", overdue.to_string());
            // Recovered money grows as it comes in: an update, not a
            // correction of a published amount.
            text("Số tiền phải thu hồi", x.totals.due.display());
            text("Số tiền đã thu hồi", x.totals.recovered.display());
        }
        RecordData::Consultation(x) => {
            text(
                "Thời gian lấy ý kiến",
                format!("{} – {}", x.opened.short(), x.closed.short()),
            );
            text("Số nội dung tổng hợp", x.opinions.len().to_string());
            if let Some(d) = &x.decision {
                text("Quyết định", d.number.clone());
            }
        }
        RecordData::Fee(x) => {
            text("Số khoản phí, lệ phí", x.fees.len().to_string());
            text("Áp dụng từ", x.effective_from.short());
        }
    }
    f
}

/// What stands for a body in its fact: its 64-bit SipHash with the
/// standard library's fixed keys, in hex (two bodies differ when these do;
/// a tenth of the cost of a SHA-256). The hash may differ between builds of
/// the program, so kept facts are keyed with the program's digest.
fn body_digest(body: &str) -> String {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write(body.as_bytes());
    format!("{:016x}", h.finish())
}

/// What changed from `old` to `new`, in the order of the facts. A label
/// may repeat (a procedure's fees): the n-th of a label is compared with
/// the n-th.
pub(crate) fn diff(old: &[Fact], new: &[Fact]) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    for f in old.iter().chain(new) {
        if !labels.contains(&&*f.label) {
            labels.push(&f.label);
        }
    }
    for label in labels {
        let a: Vec<&Fact> = old.iter().filter(|f| f.label == label).collect();
        let b: Vec<&Fact> = new.iter().filter(|f| f.label == label).collect();
        for i in 0..a.len().max(b.len()) {
            let (x, y) = (a.get(i), b.get(i));
            let (ov, nv) = (
                x.map_or("", |f| f.value.as_str()),
                y.map_or("", |f| f.value.as_str()),
            );
            if ov == nv {
                continue;
            }
            let amount = x.or(y).is_some_and(|f| f.amount);
            // The body: say that it changed, not how.
            let (ov, nv) = if label == "Nội dung" {
                ("", "đã sửa")
            } else {
                (ov, nv)
            };
            changes.push(Change {
                label: label.to_string(),
                old: ov.to_string(),
                new: nv.to_string(),
                amount,
            });
        }
    }
    changes
}

/// Whether `changes` correct an amount already published: an amount changed
/// while the rows it sums (receipts, expenses, parcels) stayed as many, so
/// the change is not new rows added but a published figure made different.
pub(crate) fn is_correction(changes: &[Change]) -> bool {
    const ROWS: &[&str] = &[
        "Số khoản thu",
        "Số khoản chi",
        "Số thửa đất",
        "Số tài sản",
        "Số người được hỗ trợ",
        "Số khoản phí, lệ phí",
    ];
    changes.iter().any(|c| c.amount && !c.old.is_empty())
        && !changes.iter().any(|c| ROWS.contains(&c.label.as_str()))
}
