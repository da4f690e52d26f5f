//! Money: whole Vietnamese đồng in an integer, checked arithmetic, and the
//! input forms editors type (`1500000`, `1.500.000`, `1 500 000`).

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An amount of money in whole đồng. Never negative on input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

impl Money {
    /// Zero đồng.
    pub const ZERO: Money = Money(0);

    /// Adds, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Subtracts, or `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// Sums amounts, or `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Money>>(items: I) -> Option<Money> {
        items
            .into_iter()
            .try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
    }

    /// Parses the forms editors type. Groups of three digits may be separated
    /// by `.` or spaces (including the no-break space); a trailing `đ`, `đồng`
    /// or `VND` is allowed. A comma, a decimal part or a sign is refused.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        // Plain digits, as nearly every amount is written: no need to split.
        if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
            return input
                .parse::<i64>()
                .map(Money)
                .map_err(|_| MoneyError::Overflow);
        }
        let s = input.trim();
        let s = ["đồng", "đ", "VNĐ", "VND", "vnđ", "vnd"]
            .iter()
            .find_map(|suffix| s.strip_suffix(suffix))
            .unwrap_or(s)
            .trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        if s.contains(',') {
            return Err(MoneyError::Ambiguous);
        }
        let groups: Vec<&str> = s.split(['.', ' ', '\u{a0}', '\u{202f}']).collect();
        // `2..500.000`, `.500`, `500.`: one separator between two groups, or
        // the amount is not clear (a typo, or a decimal written oddly).
        if groups.iter().any(|g| g.is_empty()) {
            return Err(MoneyError::Ambiguous);
        }
        let separated = groups.len() > 1;
        if groups
            .iter()
            .any(|g| !g.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(MoneyError::NotANumber);
        }
        if separated {
            // 1.500.000: first group 1–3 digits, then groups of exactly 3.
            let first_ok = (1..=3).contains(&groups[0].len());
            if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
                return Err(MoneyError::Ambiguous);
            }
        }
        let digits: String = groups.concat();
        digits
            .parse::<i64>()
            .map(Money)
            .map_err(|_| MoneyError::Overflow)
    }

    /// Formats as `1.500.000 đ`.
    pub fn display(self) -> String {
        let mut out = String::with_capacity(32);
        self.push_display(&mut out);
        out
    }

    /// Appends [`Money::display`]'s text to `out` (pages write many amounts:
    /// no string is made for each).
    pub fn push_display(self, out: &mut String) {
        push_grouped(out, self.0);
        out.push_str(" đ");
    }
}

/// Formats an integer with `.` between groups of three digits.
pub fn group_thousands(n: i64) -> String {
    let mut out = String::with_capacity(27);
    push_grouped(&mut out, n);
    out
}

/// Appends [`group_thousands`]'s text to `out`.
pub fn push_grouped(out: &mut String, n: i64) {
    push_digits(out, n, Some(b'.'));
}

/// Appends a whole number in decimal, with the ASCII `separator` (if any) between
/// groups of three digits, without the formatting machinery.
pub fn push_digits(out: &mut String, n: i64, separator: Option<u8>) {
    // 20 digits and 6 separators at most.
    let mut buf = [0u8; 26];
    let mut at = buf.len();
    let mut v = n.unsigned_abs();
    let mut digits = 0;
    loop {
        if let Some(sep) = separator.filter(|_| digits > 0 && digits % 3 == 0) {
            at -= 1;
            buf[at] = sep;
        }
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        digits += 1;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    for &b in &buf[at..] {
        out.push(char::from(b));
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing was written.
    Empty,
    /// A minus sign where amounts are never negative.
    Negative,
    /// A comma or misplaced separator: `1,5` may mean 1.5 or 15.
    Ambiguous,
    /// Letters or other characters.
    NotANumber,
    /// A fractional number: đồng are whole.
    Fraction,
    /// More than the integer type holds.
    Overflow,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::Empty => "số tiền để trống",
            MoneyError::Negative => "số tiền không được âm",
            MoneyError::Ambiguous => {
                "số tiền không rõ nghĩa: viết số nguyên đồng, nhóm ba chữ số bằng dấu chấm hoặc khoảng trắng (ví dụ 1.500.000 hoặc 1500000), không dùng dấu phẩy"
            }
            MoneyError::NotANumber => "số tiền chỉ gồm chữ số (ví dụ 1.500.000)",
            MoneyError::Fraction => {
                "số tiền có phần lẻ thập phân: tiền tính bằng đồng nguyên; nếu ý là nghìn đồng thì viết 1500000 hoặc đặt trong ngoặc kép \"1.500\""
            }
            MoneyError::Overflow => "số tiền quá lớn",
        })
    }
}

impl std::error::Error for MoneyError {}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        impl Visitor<'_> for MoneyVisitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("số tiền (ví dụ 1.500.000)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                if v < 0 {
                    Err(E::custom(MoneyError::Negative))
                } else {
                    Ok(Money(v))
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                i64::try_from(v)
                    .map(Money)
                    .map_err(|_| E::custom(MoneyError::Overflow))
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Money, E> {
                Err(E::custom(MoneyError::Overflow))
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Money, E> {
                Err(E::custom(MoneyError::Overflow))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                if v < 0.0 {
                    Err(E::custom(MoneyError::Negative))
                } else if v.is_finite() && v.fract() == 0.0 && v < 9.0e15 {
                    Ok(Money(v as i64))
                } else if v.is_finite() && v.fract() == 0.0 {
                    Err(E::custom(MoneyError::Overflow))
                } else {
                    Err(E::custom(MoneyError::Fraction))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                Money::parse(v).map_err(|e| E::custom(format!("`{v}`: {e}")))
            }
        }
        // Read the text as written: YAML and CSV would otherwise take
        // `500.000` for the decimal number 500.0 and lose three zeros.
        d.deserialize_str(MoneyVisitor)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouping_matches_the_digits() {
        for n in [
            0i64,
            7,
            999,
            1_000,
            12_345,
            1_500_000,
            -1_000,
            -999_999,
            i64::MAX,
            i64::MIN,
        ] {
            let digits = n.unsigned_abs().to_string();
            let mut expect = String::from(if n < 0 { "-" } else { "" });
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    expect.push('.');
                }
                expect.push(c);
            }
            assert_eq!(group_thousands(n), expect);
            assert_eq!(Money(n).display(), format!("{expect} đ"));
        }
    }

    use super::*;

    /// Plain digits read directly give what the general reading gives.
    #[test]
    fn plain_digits_read_as_the_general_forms() {
        fn general(s: &str) -> Result<Money, MoneyError> {
            Money::parse(&format!(" {s} "))
        }
        for s in [
            "0",
            "7",
            "007",
            "1500000",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999",
        ] {
            assert_eq!(Money::parse(s), general(s), "{s}");
        }
    }

    #[test]
    fn accepts_the_forms_editors_type() {
        assert_eq!(Money::parse("1500000"), Ok(Money(1_500_000)));
        assert_eq!(Money::parse("1.500.000"), Ok(Money(1_500_000)));
        assert_eq!(Money::parse("1 500 000"), Ok(Money(1_500_000)));
        assert_eq!(Money::parse("1\u{a0}500\u{a0}000 đ"), Ok(Money(1_500_000)));
        assert_eq!(Money::parse("250.000 đồng"), Ok(Money(250_000)));
        assert_eq!(Money::parse("0"), Ok(Money(0)));
    }

    #[test]
    fn refuses_ambiguous_and_negative() {
        assert_eq!(Money::parse("1,5"), Err(MoneyError::Ambiguous));
        assert_eq!(Money::parse("1.5"), Err(MoneyError::Ambiguous));
        assert_eq!(Money::parse("15.00.000"), Err(MoneyError::Ambiguous));
        for doubled in [
            "2..500.000",
            "2.500..000",
            ".500",
            "500.",
            "1  500",
            "1 .500",
        ] {
            assert_eq!(
                Money::parse(doubled),
                Err(MoneyError::Ambiguous),
                "{doubled}"
            );
        }
        assert_eq!(Money::parse("-200"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert_eq!(
            Money::parse("99999999999999999999"),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn displays_with_dots() {
        assert_eq!(Money(1_500_000).display(), "1.500.000 đ");
        assert_eq!(Money(0).display(), "0 đ");
        assert_eq!(Money(999).display(), "999 đ");
        assert_eq!(Money(1000).display(), "1.000 đ");
        assert_eq!(group_thousands(-1234567), "-1.234.567");
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(Money(i64::MAX).checked_add(Money(1)), None);
        assert_eq!(
            Money::checked_sum([Money(1), Money(2), Money(3)]),
            Some(Money(6))
        );
    }
}
