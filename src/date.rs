//! Calendar dates without time zones (Vietnam is UTC+7 all year), the
//! deadline forms plans use (a date, a quarter, a year) and "today".

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A valid day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Number of days in a month of a year.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Builds a date, or `None` when it does not exist (31/4, 29/2/2023).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses `2024-03-11`, `11/3/2024` or `11-03-2024`.
    pub fn parse(input: &str) -> Result<Date, DateError> {
        // `2024-03-11`, as nearly every date is written: read it in place.
        if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *input.as_bytes() {
            let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
            if digits.iter().all(u8::is_ascii_digit) {
                let two = |a: u8, b: u8| (a - b'0') * 10 + (b - b'0');
                let year = i32::from(two(y0, y1)) * 100 + i32::from(two(y2, y3));
                return Date::new(year, two(m0, m1), two(d0, d1)).ok_or(DateError::DoesNotExist);
            }
        }
        let s = input.trim();
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(DateError::Format);
        }
        let nums: Vec<i64> = parts
            .iter()
            .map(|p| p.parse::<i64>().unwrap_or(i64::MAX))
            .collect();
        let (y, m, d) = if parts[0].len() == 4 && s.contains('-') {
            (nums[0], nums[1], nums[2])
        } else if parts[2].len() == 4 {
            (nums[2], nums[1], nums[0])
        } else {
            return Err(DateError::Format);
        };
        let fits = |v: i64| u8::try_from(v).ok();
        match (i32::try_from(y).ok(), fits(m), fits(d)) {
            (Some(y), Some(m), Some(d)) => Date::new(y, m, d).ok_or(DateError::DoesNotExist),
            _ => Err(DateError::DoesNotExist),
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` after 1970-01-01, or `None` outside the supported range.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(i32::try_from(y).ok()?, m as u8, d as u8)
    }

    /// Adds (or subtracts) whole days.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days() + days)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.to_days() + 3).rem_euclid(7)) as u8
    }

    /// Weekdays (Monday–Friday) after `self` up to and including `other`.
    /// Public holidays are not known here: deadlines in working days are
    /// counted with [`crate::law::Law::working_days_between`], which skips the
    /// holidays of the law's calendar.
    pub fn working_days_until(self, other: Date) -> i64 {
        let mut count = 0;
        let mut d = self;
        while d < other {
            match d.add_days(1) {
                Some(next) => d = next,
                None => break,
            }
            if d.weekday() < 5 {
                count += 1;
            }
        }
        count
    }

    /// ISO form, `2024-03-11`.
    pub fn iso(self) -> String {
        match self.iso_bytes() {
            // Only ASCII digits and dashes are written.
            Some(b) => String::from_utf8_lossy(&b).into_owned(),
            None => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }

    /// [`Date::iso`]'s ten bytes when the year has four digits (every date
    /// [`Date::new`] makes), written without the formatting machinery:
    /// the exports write one for every date of every record.
    pub fn iso_bytes(self) -> Option<[u8; 10]> {
        let y = u32::try_from(self.year).ok().filter(|y| *y <= 9999)?;
        let digit = |v: u32| b'0' + (v % 10) as u8;
        let (m, d) = (u32::from(self.month), u32::from(self.day));
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }

    /// Short Vietnamese form, `11/3/2024`.
    pub fn short(self) -> String {
        let mut out = String::with_capacity(10);
        self.push_short(&mut out);
        out
    }

    /// Appends [`Date::short`]'s text to `out` (pages write many dates: no
    /// string is made for each).
    pub fn push_short(self, out: &mut String) {
        push_int(out, i64::from(self.day));
        out.push('/');
        push_int(out, i64::from(self.month));
        out.push('/');
        push_int(out, i64::from(self.year));
    }

    /// Long Vietnamese form, `ngày 11 tháng 3 năm 2024`.
    pub fn long_vi(self) -> String {
        format!("ngày {} tháng {} năm {}", self.day, self.month, self.year)
    }

    /// The quarter, 1–4.
    pub fn quarter(self) -> u8 {
        (self.month - 1) / 3 + 1
    }

    /// Today in Vietnam (UTC+7) from a Unix time in seconds.
    pub fn from_unix_seconds_vn(secs: i64) -> Option<Date> {
        Date::from_days((secs + 7 * 3600).div_euclid(86400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// Why a date was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not in a known form.
    Format,
    /// In a known form but not a real day (31/4, 29/2 of a common year).
    DoesNotExist,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateError::Format => {
                "ngày không đúng định dạng: viết YYYY-MM-DD (ví dụ 2024-03-11) hoặc 11/3/2024"
            }
            DateError::DoesNotExist => "ngày này không có thật trên lịch",
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.iso_bytes() {
            Some(b) => s.serialize_str(std::str::from_utf8(&b).unwrap_or_default()),
            None => s.serialize_str(&self.iso()),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("một ngày, ví dụ 2024-03-11")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(|e| E::custom(format!("`{v}`: {e}")))
            }
        }
        d.deserialize_str(DateVisitor)
    }
}

/// Until when a disclosure stays posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostedUntil {
    /// Up to and including this date.
    Date(Date),
    /// Posted permanently (Art. 13: items 4 and 13).
    Permanent,
}

impl Serialize for PostedUntil {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PostedUntil::Date(d) => d.serialize(s),
            PostedUntil::Permanent => s.serialize_str("permanent"),
        }
    }
}

impl<'de> Deserialize<'de> for PostedUntil {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.trim() {
            "permanent" | "vĩnh viễn" | "thường xuyên" => Ok(PostedUntil::Permanent),
            other => Date::parse(other).map(PostedUntil::Date).map_err(|e| {
                de::Error::custom(format!(
                    "`{other}`: {e}, hoặc `permanent` (niêm yết thường xuyên)"
                ))
            }),
        }
    }
}

/// A task deadline: a day, a quarter or a whole year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadline {
    /// A precise day.
    Date(Date),
    /// A quarter of a year, e.g. `Q2/2024` or `Quý II/2024`.
    Quarter { year: i32, quarter: u8 },
    /// The whole year.
    Year(i32),
}

impl Deadline {
    /// The last day the deadline allows.
    pub fn last_day(self) -> Option<Date> {
        match self {
            Deadline::Date(d) => Some(d),
            Deadline::Quarter { year, quarter } => {
                let month = quarter * 3;
                Date::new(year, month, days_in_month(year, month))
            }
            Deadline::Year(y) => Date::new(y, 12, 31),
        }
    }

    /// Parses `2024-06-30`, `30/6/2024`, `Q2/2024`, `Quý II/2024`, `2024-Q2`, `2024`.
    pub fn parse(input: &str) -> Result<Deadline, String> {
        let s = input.trim();
        if let Ok(d) = Date::parse(s) {
            return Ok(Deadline::Date(d));
        }
        if s.len() == 4 {
            if let Ok(y) = s.parse::<i32>() {
                if (1900..=2200).contains(&y) {
                    return Ok(Deadline::Year(y));
                }
            }
        }
        let lower = crate::text::fold(s).replace(' ', "");
        let (q, y) = if let Some(rest) = lower
            .strip_prefix("quy")
            .or_else(|| lower.strip_prefix('q'))
        {
            match rest.split_once('/') {
                Some((q, y)) => (q.to_string(), y.to_string()),
                None => return Err(deadline_help(s)),
            }
        } else if let Some((y, q)) = lower.split_once("-q") {
            (q.to_string(), y.to_string())
        } else {
            return Err(deadline_help(s));
        };
        let quarter = match q.as_str() {
            "1" | "i" => 1,
            "2" | "ii" => 2,
            "3" | "iii" => 3,
            "4" | "iv" => 4,
            _ => return Err(deadline_help(s)),
        };
        match y.parse::<i32>() {
            Ok(year) if (1900..=2200).contains(&year) => Ok(Deadline::Quarter { year, quarter }),
            _ => Err(deadline_help(s)),
        }
    }

    /// Vietnamese display: `30/6/2024`, `Quý II/2024`, `Năm 2024`.
    pub fn display(self) -> String {
        match self {
            Deadline::Date(d) => d.short(),
            Deadline::Quarter { year, quarter } => {
                format!(
                    "Quý {}/{}",
                    ["I", "II", "III", "IV"][usize::from(quarter - 1)],
                    year
                )
            }
            Deadline::Year(y) => format!("Năm {y}"),
        }
    }
}

fn deadline_help(s: &str) -> String {
    format!(
        "`{s}`: thời hạn viết là một ngày (2024-06-30), một quý (Quý II/2024) hoặc một năm (2024)"
    )
}

impl Serialize for Deadline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.display())
    }
}

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DeadlineVisitor;
        impl Visitor<'_> for DeadlineVisitor {
            type Value = Deadline;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("thời hạn: một ngày, một quý hoặc một năm")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Deadline, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Deadline, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Deadline, E> {
                Deadline::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(DeadlineVisitor)
    }
}

/// Works out the date used for statuses: `--today`, else `SOURCE_DATE_EPOCH`,
/// else the clock (all in Vietnam's time zone).
pub fn resolve_today(flag: Option<&str>) -> Result<Date, String> {
    if let Some(s) = flag {
        return Date::parse(s).map_err(|e| format!("--today {s}: {e}"));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH={epoch} không phải số giây"))?;
        return Date::from_unix_seconds_vn(secs)
            .ok_or_else(|| "SOURCE_DATE_EPOCH ngoài phạm vi".to_string());
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Date::from_unix_seconds_vn(secs).ok_or_else(|| "đồng hồ hệ thống sai".to_string())
}

/// Appends a whole number in decimal, as `{}` would.
fn push_int(out: &mut String, n: i64) {
    crate::money::push_digits(out, n, None);
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_form_matches_the_formatter() {
        for (y, m, d) in [(2024, 3, 11), (1990, 1, 1), (2099, 12, 31), (2026, 10, 5)] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(date.short(), format!("{d}/{m}/{y}"));
        }
        let mut out = String::from("x");
        push_int(&mut out, -120);
        push_int(&mut out, 0);
        assert_eq!(out, "x-1200");
    }

    #[test]
    fn iso_form_and_its_json_match_the_formatter_on_every_day() {
        let mut d = Date::new(1900, 1, 1).unwrap();
        while let Some(next) = d.add_days(1) {
            let expected = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
            assert_eq!(d.iso(), expected);
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                format!("\"{expected}\"")
            );
            d = next;
        }
        assert_eq!(d.iso(), "2200-12-31");
        // A year beyond four digits still gets the formatter's text.
        let far = Date {
            year: 12345,
            month: 1,
            day: 2,
        };
        assert_eq!(
            (far.iso_bytes(), far.iso()),
            (None, "12345-01-02".to_string())
        );
    }
    use super::*;

    /// `YYYY-MM-DD` read in place gives what the general reading gives.
    #[test]
    fn iso_dates_read_as_the_general_forms() {
        for year in [
            0, 1899, 1900, 1970, 2000, 2024, 2026, 2100, 2200, 2201, 9999,
        ] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let s = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(Date::parse(&s), Date::parse(&format!(" {s}")), "{s}");
                }
            }
        }
        for s in [
            "2026-1-05",
            "2026-01-5x",
            "2026/01/05",
            "２026-01-05",
            "+026-01-05",
        ] {
            assert_eq!(Date::parse(s), Date::parse(&format!(" {s}")), "{s}");
        }
    }

    #[test]
    fn parses_iso_and_vietnamese_forms() {
        let d = Date::new(2024, 3, 11).unwrap();
        assert_eq!(Date::parse("2024-03-11"), Ok(d));
        assert_eq!(Date::parse("11/3/2024"), Ok(d));
        assert_eq!(Date::parse("11/03/2024"), Ok(d));
        assert_eq!(d.short(), "11/3/2024");
        assert_eq!(d.long_vi(), "ngày 11 tháng 3 năm 2024");
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::DoesNotExist));
        assert_eq!(Date::parse("31/4/2024"), Err(DateError::DoesNotExist));
        assert!(Date::parse("2024-02-29").is_ok());
        assert_eq!(Date::parse("March 3"), Err(DateError::Format));
        assert_eq!(Date::parse("2024-13-01"), Err(DateError::DoesNotExist));
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date::new(2025, 7, 1).unwrap();
        assert_eq!(Date::from_days(d.to_days()), Some(d));
        assert_eq!(d.add_days(30).unwrap().iso(), "2025-07-31");
        assert_eq!(d.weekday(), 1); // Tuesday
        let fri = Date::new(2025, 7, 4).unwrap();
        let next_fri = Date::new(2025, 7, 11).unwrap();
        assert_eq!(fri.working_days_until(next_fri), 5);
    }

    #[test]
    fn vietnam_is_utc_plus_seven() {
        // 2024-03-10T18:00:00Z is already 11 March in Hà Nội.
        assert_eq!(
            Date::from_unix_seconds_vn(1710093600).unwrap().iso(),
            "2024-03-11"
        );
    }

    #[test]
    fn deadlines() {
        assert_eq!(
            Deadline::parse("Quý II/2024"),
            Ok(Deadline::Quarter {
                year: 2024,
                quarter: 2
            })
        );
        assert_eq!(Deadline::parse("q4/2025").unwrap().display(), "Quý IV/2025");
        assert_eq!(
            Deadline::parse("2024-Q3")
                .unwrap()
                .last_day()
                .unwrap()
                .iso(),
            "2024-09-30"
        );
        assert_eq!(Deadline::parse("2024"), Ok(Deadline::Year(2024)));
        assert!(Deadline::parse("sớm").is_err());
    }
}
