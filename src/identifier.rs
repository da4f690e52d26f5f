//! Official document identifiers (số, ký hiệu): `59/2023/NĐ-CP`, `72/KH-UBND`,
//! `08-CTr/QU`. Parsing, normalising, and the key used to match citations.

use crate::text::nfc;

/// A parsed identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    /// The number, without leading zeros.
    pub number: u32,
    /// The year, when the identifier carries one (`59/2023/NĐ-CP`).
    pub year: Option<i32>,
    /// The symbol (`NĐ-CP`, `KH-UBND`, `CTr/QU`), uppercase.
    pub symbol: String,
}

/// Normalises spacing: `Số 08 - CTr/QU` → `08-CTr/QU`, `109 -CV/ĐU` → `109-CV/ĐU`.
pub fn normalize(s: &str) -> String {
    let s = nfc(s.trim());
    let s = s
        .strip_prefix("Số:")
        .or_else(|| s.strip_prefix("Số"))
        .or_else(|| s.strip_prefix("số"))
        .unwrap_or(&s)
        .trim();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            continue;
        }
        out.push(match c {
            '–' | '—' | '‐' => '-',
            _ => c,
        });
    }
    out
}

/// Parses an identifier, or `None` when it does not look like one.
pub fn parse(s: &str) -> Option<Identifier> {
    let s = normalize(s);
    let digits_end = s.find(|c: char| !c.is_ascii_digit())?;
    if digits_end == 0 {
        return None;
    }
    let number: u32 = s[..digits_end].parse().ok()?;
    let rest = &s[digits_end..];
    let (year, symbol) = if let Some(r) = rest.strip_prefix('/') {
        // State form: 59/2023/NĐ-CP or 72/KH-UBND.
        match r.split_once('/') {
            Some((y, sym)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                (y.parse().ok(), sym)
            }
            _ => (None, r),
        }
    } else if let Some(r) = rest.strip_prefix('-') {
        // Party form: 08-CTr/QU.
        if !r.contains('/') {
            return None;
        }
        (None, r)
    } else {
        return None;
    };
    let valid = !symbol.is_empty()
        && symbol.chars().next().is_some_and(char::is_alphabetic)
        && symbol
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '/')
        && symbol.chars().any(|c| c.is_uppercase());
    valid.then(|| Identifier {
        number,
        year,
        symbol: symbol.to_uppercase(),
    })
}

/// The matching key: number, optional year and symbol, case-folded; `None`
/// when `s` is not an identifier.
pub fn key(s: &str) -> Option<String> {
    parse(&normalize(s).to_uppercase()).map(|id| match id.year {
        Some(y) => format!("{}/{}/{}", id.number, y, id.symbol),
        None => format!("{}/{}", id.number, id.symbol),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_state_and_party_forms() {
        for ok in [
            "59/2023/NĐ-CP",
            "10/2022/QH15",
            "47/2009/TTLT-BTC-BLĐTBXH",
            "72/KH-UBND",
            "1685/NQ-UBTVQH15",
            "08-CTr/QU",
            "109-CV/ĐU",
            "11-QĐi/TW",
        ] {
            assert!(parse(ok).is_some(), "{ok}");
        }
        for bad in ["Kế hoạch", "2024", "/KH-UBND", "12 tháng 3"] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn normalises_spacing_and_case() {
        assert_eq!(normalize("Số 08 - CTr/QU"), "08-CTr/QU");
        assert_eq!(key("109 -CV/ĐU"), key("109-CV/ĐU"));
        assert_eq!(key("072/kh-ubnd"), key("72/KH-UBND"));
        let id = parse("59/2023/NĐ-CP").unwrap();
        assert_eq!(
            (id.number, id.year, id.symbol.as_str()),
            (59, Some(2023), "NĐ-CP")
        );
    }
}
