//! Charts drawn at build time as inline SVG, with no script: horizontal bars
//! (one or more series per row) and a stepped line over dates. Each chart is
//! a `<figure>` holding the SVG, with its `<title>` and `<desc>` named by
//! `aria-labelledby`, and the table it is drawn from, so that a screen reader
//! and a printed page get the numbers themselves.
//!
//! Geometry is computed in integers (a value's position is rounded once), and
//! numbers are written as the pages write them ([`crate::money::Money`]'s
//! display, grouped thousands), so the same data gives the same bytes.
//!
//! [`Chart`] knows nothing of record kinds; the template functions that make
//! one from a fund, a plan or a land record are in `records.rs`, registered
//! by [`register`] beside the generic `chart(spec)` a theme can call with its
//! own rows.

mod records;

use super::objects::RecordObject;
use super::theme::escape_html_into;
use crate::date::Date;
use crate::model::Record;
use crate::money::Money;
use minijinja::{Environment, Error, ErrorKind, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// Series colours, in order: each has a contrast of at least 4.5:1 on white
/// (WCAG 1.4.11 asks 3:1 of graphics); the first two (receipts, expenses;
/// estimate, execution) are blue and brown, told apart without red and green.
pub const PALETTE: [&str; 6] = [
    "#0b57a4", "#8a4b00", "#1e6b34", "#6a3d9a", "#a4161a", "#4a4f55",
];
/// Text and axis colour (the theme's ink).
pub const INK: &str = "#1a1a1a";
/// Grid lines; decorative, the values are written beside the bars.
const GRID: &str = "#8c959f";

/// Width of every chart's drawing, in SVG units.
const WIDTH: i64 = 640;
/// Most characters of a row label drawn in the SVG (the table has it whole).
const LABEL_CHARS: usize = 24;
/// Most points a line chart draws; more are gathered by month.
pub const MAX_POINTS: usize = 40;

/// How a chart's numbers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Đồng: `1.500.000 đ`.
    Money,
    /// A count: `1.234`.
    Number,
    /// A share: `45%`.
    Percent,
}

impl Unit {
    fn push(self, out: &mut String, v: i64) {
        match self {
            Unit::Money => Money(v).push_display(out),
            Unit::Number => crate::money::push_grouped(out, v),
            Unit::Percent => {
                crate::money::push_grouped(out, v);
                out.push('%');
            }
        }
    }
}

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A horizontal bar per row and series.
    Bars,
    /// A stepped line through the rows, placed by their dates (first series).
    Line,
}

/// One row of a chart's table: a label, a date for a line chart, and one
/// value per series.
#[derive(Debug, Clone)]
pub struct Row {
    /// What the row is (a month, a chapter, a kind of compensation).
    pub label: String,
    /// Where a line chart places it.
    pub date: Option<Date>,
    /// One value per series.
    pub values: Vec<i64>,
}

/// A chart and the table it is drawn from.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique on the page; the SVG's title and description ids derive from it.
    pub id: String,
    /// The chart's title (the SVG's `<title>` and the table's caption).
    pub title: String,
    /// What the chart shows, in a sentence (the SVG's `<desc>`).
    pub description: String,
    /// The heading of the table's first column.
    pub label_heading: String,
    /// The series' names (the other columns).
    pub series: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
    /// How values are written.
    pub unit: Unit,
    /// How it is drawn.
    pub style: Style,
}

impl Chart {
    /// The `<figure>`: the SVG and its table. Nothing when there is no row.
    pub fn html(&self) -> String {
        if self.rows.is_empty() || self.series.is_empty() {
            return String::new();
        }
        let mut out = String::with_capacity(2048 + self.rows.len() * 200);
        out.push_str("<figure class=\"chart\" id=\"");
        escape_html_into(&mut out, &self.id);
        out.push_str("\">\n");
        match self.style {
            Style::Bars => self.bars(&mut out),
            Style::Line => self.line(&mut out),
        }
        self.table(&mut out);
        out.push_str("</figure>");
        out
    }

    /// `<svg …>` with its title and description.
    fn open_svg(&self, out: &mut String, height: i64) {
        let id = &self.id;
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\""
        );
        escape_html_into(out, id);
        out.push_str("-title ");
        escape_html_into(out, id);
        out.push_str("-desc\" font-family=\"system-ui, sans-serif\" font-size=\"12\"><title id=\"");
        escape_html_into(out, id);
        out.push_str("-title\">");
        escape_html_into(out, &self.title);
        out.push_str("</title><desc id=\"");
        escape_html_into(out, id);
        out.push_str("-desc\">");
        escape_html_into(out, &self.description);
        out.push_str("</desc>\n");
    }

    /// The legend, one swatch per series, when there are several.
    fn legend(&self, out: &mut String) -> i64 {
        if self.series.len() < 2 {
            return 4;
        }
        let mut x = 0;
        for (i, name) in self.series.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"14\" fill=\"{INK}\">",
                x + 16
            );
            escape_html_into(out, name);
            out.push_str("</text>");
            x += 16 + 7 * name.chars().count() as i64 + 16;
        }
        out.push('\n');
        24
    }

    fn bars(&self, out: &mut String) {
        const LABELS: i64 = 176;
        const VALUES: i64 = 128;
        const BAR: i64 = 14;
        let n = self.series.len() as i64;
        let row_height = n * (BAR + 2) + 10;
        let top = if n > 1 { 24 } else { 4 };
        let height = top + row_height * self.rows.len() as i64 + 4;
        self.open_svg(out, height);
        self.legend(out);
        let (lo, hi) = domain(self.rows.iter().flat_map(|r| r.values.iter().copied()));
        let scale = Scale {
            lo,
            hi,
            from: LABELS,
            to: WIDTH - VALUES,
        };
        let zero = scale.at(0);
        let _ = writeln!(
            out,
            "<line x1=\"{zero}\" y1=\"{top}\" x2=\"{zero}\" y2=\"{}\" stroke=\"{INK}\"/>",
            height - 4
        );
        for (i, row) in self.rows.iter().enumerate() {
            let y0 = top + row_height * i as i64 + 5;
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\">",
                LABELS - 6,
                y0 + (n * (BAR + 2)) / 2 + 3
            );
            escape_html_into(out, &shorten(&row.label));
            out.push_str("</text>");
            for (s, &v) in row.values.iter().enumerate().take(self.series.len()) {
                let y = y0 + s as i64 * (BAR + 2);
                let x = scale.at(v);
                let (left, width) = (x.min(zero), (x - zero).abs());
                let colour = PALETTE[s % PALETTE.len()];
                let _ = write!(
                    out,
                    "<rect x=\"{left}\" y=\"{y}\" width=\"{width}\" height=\"{BAR}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" fill=\"{INK}\">",
                    x.max(zero) + 4,
                    y + BAR - 3
                );
                self.unit.push(out, v);
                out.push_str("</text>");
            }
            out.push('\n');
        }
        out.push_str("</svg>\n");
    }

    fn line(&self, out: &mut String) {
        const LEFT: i64 = 132;
        const TOP: i64 = 12;
        const PLOT: i64 = 180;
        let height = TOP + PLOT + 28;
        self.open_svg(out, height);
        let points: Vec<(i64, i64)> = self
            .rows
            .iter()
            .filter_map(|r| Some((r.date?.to_days(), *r.values.first()?)))
            .collect();
        let (lo, hi) = domain(points.iter().map(|p| p.1));
        let first = points.iter().map(|p| p.0).min().unwrap_or(0);
        let last = points.iter().map(|p| p.0).max().unwrap_or(0);
        let xs = Scale {
            lo: first,
            hi: last.max(first + 1),
            from: LEFT,
            to: WIDTH - 16,
        };
        // SVG's y grows downwards: the highest value is at the top.
        let ys = Scale {
            lo,
            hi,
            from: TOP + PLOT,
            to: TOP,
        };
        for v in [hi, lo].into_iter().chain((lo < 0 && hi > 0).then_some(0)) {
            let y = ys.at(v);
            let _ = write!(
                out,
                "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\">",
                WIDTH - 16,
                if v == 0 { INK } else { GRID },
                LEFT - 6,
                y + 4
            );
            self.unit.push(out, v);
            out.push_str("</text>\n");
        }
        let mut path = String::with_capacity(points.len() * 16);
        for (i, &(day, v)) in points.iter().enumerate() {
            let (x, y) = (xs.at(day), ys.at(v));
            if i == 0 {
                let _ = write!(path, "M{x} {y}");
            } else {
                let _ = write!(path, "H{x}V{y}");
            }
        }
        let colour = PALETTE[0];
        let _ = writeln!(
            out,
            "<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>"
        );
        let dates: Vec<&Row> = [self.rows.first(), self.rows.last()]
            .into_iter()
            .flatten()
            .collect();
        for (i, row) in dates.iter().enumerate() {
            let Some(d) = row.date else { continue };
            let x = xs.at(d.to_days());
            let anchor = if i == 0 { "start" } else { "end" };
            let _ = write!(
                out,
                "<text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{INK}\">",
                TOP + PLOT + 20
            );
            escape_html_into(out, &row.label);
            out.push_str("</text>");
        }
        out.push_str("\n</svg>\n");
    }

    /// The table the chart is drawn from.
    fn table(&self, out: &mut String) {
        out.push_str("<table class=\"data chart-data\"><caption>");
        escape_html_into(out, &self.title);
        out.push_str("</caption>\n<thead><tr><th scope=\"col\">");
        escape_html_into(out, &self.label_heading);
        out.push_str("</th>");
        for s in &self.series {
            out.push_str("<th scope=\"col\" class=\"num\">");
            escape_html_into(out, s);
            out.push_str("</th>");
        }
        out.push_str("</tr></thead>\n<tbody>");
        for row in &self.rows {
            out.push_str("\n<tr><th scope=\"row\">");
            if let Some(d) = row.date {
                out.push_str("<time datetime=\"");
                out.push_str(&d.iso());
                out.push_str("\">");
                escape_html_into(out, &row.label);
                out.push_str("</time>");
            } else {
                escape_html_into(out, &row.label);
            }
            out.push_str("</th>");
            for &v in row.values.iter().take(self.series.len()) {
                out.push_str("<td class=\"num\">");
                self.unit.push(out, v);
                out.push_str("</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("\n</tbody></table>\n");
    }
}

/// From values to positions, in whole SVG units.
struct Scale {
    lo: i64,
    hi: i64,
    from: i64,
    to: i64,
}

impl Scale {
    fn at(&self, v: i64) -> i64 {
        let span = i128::from(self.hi) - i128::from(self.lo);
        let offset = i128::from(v) - i128::from(self.lo);
        let length = i128::from(self.to - self.from);
        // Rounded to the nearest unit, halves away from zero.
        let scaled = offset * length;
        let q = (scaled * 2 + span * scaled.signum()) / (span * 2);
        self.from + q as i64
    }
}

/// The range drawn: the values and zero, never empty.
fn domain(values: impl Iterator<Item = i64>) -> (i64, i64) {
    let (mut lo, mut hi) = (0i64, 0i64);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi == lo {
        hi = lo.saturating_add(1);
    }
    (lo, hi)
}

/// A label cut to fit beside the bars, with an ellipsis.
fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

/// WCAG's contrast ratio between two `#rrggbb` colours (1 to 21).
#[cfg(test)]
fn contrast(a: &str, b: &str) -> Option<f64> {
    fn luminance(hex: &str) -> Option<f64> {
        let hex = hex.strip_prefix('#')?;
        if hex.len() != 6 {
            return None;
        }
        let channel = |i: usize| -> Option<f64> {
            let c = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
            Some(if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            })
        };
        Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
    }
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

/// The interface strings the charts use.
struct Strings(BTreeMap<String, String>);

impl Strings {
    fn get(&self, key: &str) -> Result<&str, Error> {
        self.0.get(key).map(String::as_str).ok_or_else(|| {
            Error::new(
                ErrorKind::UndefinedError,
                format!("no interface string `{key}`"),
            )
        })
    }

    /// A string with `{name}` placeholders filled.
    fn fill(&self, key: &str, values: &[(&str, String)]) -> Result<String, Error> {
        let mut s = self.get(key)?.to_string();
        for (name, v) in values {
            s = s.replace(&format!("{{{name}}}"), v);
        }
        Ok(s)
    }
}

/// A chart function of a record: the chart, or none for a record it does
/// not apply to (another kind, no data, sums too large to add).
type RecordChart = fn(&Strings, &Record) -> Result<Option<Chart>, Error>;

/// Registers `chart(spec)` and the record charts in `env`.
pub fn register(env: &mut Environment<'static>, strings: &BTreeMap<String, String>) {
    let strings = Arc::new(Strings(strings.clone()));
    let functions: [(&'static str, RecordChart); 6] = [
        ("fund_balance_chart", records::fund_balance),
        ("fund_monthly_chart", records::fund_monthly),
        ("plan_progress_chart", records::plan_progress),
        ("land_compensation_chart", records::land_compensation),
        ("budget_expenditure_chart", records::budget_expenditure),
        ("budget_revenue_chart", records::budget_revenue),
    ];
    for (function, make) in functions {
        let strings = Arc::clone(&strings);
        env.add_function(function, move |record: Value| -> Result<Value, Error> {
            let r = RecordObject::record_of(&record).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("{function}: expects a record (`record` or `record.data`)"),
                )
            })?;
            let html = make(&strings, r)?.map(|c| c.html()).unwrap_or_default();
            Ok(Value::from_safe_string(html))
        });
    }
    env.add_function("chart", |spec: Value| -> Result<Value, Error> {
        Ok(Value::from_safe_string(from_spec(&spec)?.html()))
    });
}

/// `chart(spec)`: a chart from a template's own rows.
fn from_spec(spec: &Value) -> Result<Chart, Error> {
    let bad = |what: String| Error::new(ErrorKind::InvalidOperation, format!("chart: {what}"));
    let text = |key: &str| -> Result<String, Error> {
        let v = spec.get_attr(key)?;
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| bad(format!("`{key}` must be a string")))
    };
    let optional = |key: &str| -> Result<Option<String>, Error> {
        let v = spec.get_attr(key)?;
        if v.is_undefined() || v.is_none() {
            Ok(None)
        } else {
            v.as_str()
                .map(|s| Some(s.to_string()))
                .ok_or_else(|| bad(format!("`{key}` must be a string")))
        }
    };
    let unit = match optional("unit")?.as_deref() {
        None | Some("money") => Unit::Money,
        Some("number") => Unit::Number,
        Some("percent") => Unit::Percent,
        Some(other) => return Err(bad(format!("unknown unit `{other}`"))),
    };
    let style = match optional("style")?.as_deref() {
        None | Some("bars") => Style::Bars,
        Some("line") => Style::Line,
        Some(other) => return Err(bad(format!("unknown style `{other}`"))),
    };
    let series: Vec<String> = spec
        .get_attr("series")?
        .try_iter()?
        .map(|s| {
            s.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| s.to_string())
        })
        .collect();
    let mut rows = Vec::new();
    for row in spec.get_attr("rows")?.try_iter()? {
        let label = row.get_attr("label")?;
        let label = label
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| label.to_string());
        let date = match style {
            Style::Line => Some(
                Date::parse(row.get_attr("date")?.as_str().unwrap_or(&label)).map_err(|_| {
                    bad(format!(
                        "row `{label}`: a line chart's rows need an ISO `date`"
                    ))
                })?,
            ),
            Style::Bars => None,
        };
        let values = row
            .get_attr("values")?
            .try_iter()?
            .map(|v| {
                i64::try_from(v.clone())
                    .map_err(|_| bad(format!("row `{label}`: {v} is not a whole number")))
            })
            .collect::<Result<Vec<i64>, Error>>()?;
        if values.len() != series.len() {
            return Err(bad(format!(
                "row `{label}` has {} values for {} series",
                values.len(),
                series.len()
            )));
        }
        rows.push(Row {
            label,
            date,
            values,
        });
    }
    Ok(Chart {
        id: text("id")?,
        title: text("title")?,
        description: text("description")?,
        label_heading: optional("label_heading")?.unwrap_or_default(),
        series,
        rows,
        unit,
        style,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(style: Style) -> Chart {
        let d = |s: &str| Date::parse(s).ok();
        Chart {
            id: "c".into(),
            title: "Số dư <quỹ>".into(),
            description: "Mô tả & chi tiết".into(),
            label_heading: "Ngày".into(),
            series: vec!["Thu".into(), "Chi".into()],
            rows: vec![
                Row {
                    label: "1/1/2026".into(),
                    date: d("2026-01-01"),
                    values: vec![1_000_000, 200_000],
                },
                Row {
                    label: "15/2/2026".into(),
                    date: d("2026-02-15"),
                    values: vec![-300_000, 2_500_000],
                },
            ],
            unit: Unit::Money,
            style,
        }
    }

    fn svg(html: &str) -> &str {
        let start = html.find("<svg").expect("svg");
        let end = html.find("</svg>").expect("end") + "</svg>".len();
        &html[start..end]
    }

    #[test]
    fn both_styles_are_xml_with_title_description_and_table() {
        for style in [Style::Bars, Style::Line] {
            let html = sample(style).html();
            let doc = roxmltree::Document::parse(svg(&html)).expect("xml");
            let root = doc.root_element();
            assert_eq!(root.attribute("aria-labelledby"), Some("c-title c-desc"));
            let title = root.children().find(|n| n.has_tag_name("title"));
            assert_eq!(title.and_then(|t| t.text()), Some("Số dư <quỹ>"));
            let desc = root.children().find(|n| n.has_tag_name("desc"));
            assert_eq!(desc.and_then(|t| t.text()), Some("Mô tả & chi tiết"));
            let table = &html[html.find("</svg>").expect("svg end")..];
            assert!(table.contains("<caption>Số dư &lt;quỹ&gt;</caption>"));
            assert!(
                table.contains("<td class=\"num\">-300.000 đ</td>"),
                "{table}"
            );
            assert!(table.contains("<td class=\"num\">2.500.000 đ</td>"));
        }
    }

    #[test]
    fn bars_are_as_long_as_their_values_and_start_at_zero() {
        let html = sample(Style::Bars).html();
        // Domain −300.000 … 2.500.000 over 176 … 512: zero at 176 + 336 × 3/28 = 212.
        assert!(html.contains("<line x1=\"212\""), "{html}");
        // 2.500.000 reaches the end of the plot; 1.000.000 goes 120 of 336.
        assert!(html.contains("width=\"300\""), "{html}");
        assert!(html.contains("width=\"120\""), "{html}");
        // −300.000 goes left of zero, to the start of the plot.
        assert!(html.contains("<rect x=\"176\""), "{html}");
        assert!(html.contains("width=\"36\""), "{html}");
    }

    #[test]
    fn the_same_chart_gives_the_same_bytes() {
        assert_eq!(sample(Style::Line).html(), sample(Style::Line).html());
        assert_eq!(sample(Style::Bars).html(), sample(Style::Bars).html());
    }

    #[test]
    fn no_rows_no_chart() {
        let mut c = sample(Style::Bars);
        c.rows.clear();
        assert_eq!(c.html(), "");
    }

    #[test]
    fn colours_pass_wcag_contrast_on_white() {
        for c in PALETTE {
            let ratio = contrast(c, "#ffffff").expect("colour");
            assert!(ratio >= 4.5, "{c}: {ratio}");
        }
        assert!(contrast(INK, "#ffffff").expect("ink") >= 7.0);
        assert!(contrast(GRID, "#ffffff").expect("grid") >= 3.0);
    }

    #[test]
    fn a_template_draws_its_own_rows_in_one_call() {
        let mut env = Environment::new();
        register(&mut env, &BTreeMap::new());
        let html = env
            .render_str(
                r#"{{ chart({"id": "budget", "title": "Dự toán và thực hiện", "description": "Theo chương",
                   "label_heading": "Chương", "series": ["Dự toán", "Thực hiện"],
                   "rows": [{"label": "Chương 1", "values": [1000, 800]}, {"label": "Chương 2", "values": [500, 0]}]}) }}"#,
                (),
            )
            .expect("renders");
        assert!(html.contains("<title id=\"budget-title\">Dự toán và thực hiện</title>"));
        assert!(
            html.contains("<td class=\"num\">1.000 đ</td><td class=\"num\">800 đ</td>"),
            "{html}"
        );
        assert_eq!(html.matches("<rect").count(), 4 + 2, "bars and legend");
        let wrong = env.render_str(
            r#"{{ chart({"id": "x", "title": "t", "description": "d", "series": ["a"], "rows": [{"label": "r", "values": [1, 2]}]}) }}"#,
            (),
        );
        assert!(wrong.is_err());
    }

    #[test]
    fn labels_too_long_are_cut() {
        assert_eq!(shorten("ngắn"), "ngắn");
        let long = "Bồi thường nhà, công trình, vật kiến trúc trên đất";
        assert_eq!(shorten(long).chars().count(), LABEL_CHARS);
        assert!(shorten(long).ends_with('…'));
    }
}
