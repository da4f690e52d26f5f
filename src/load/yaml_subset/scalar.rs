//! Plain scalars resolved as the YAML 1.2 core schema reads them, where
//! that is certain.

/// What a plain scalar means under the YAML 1.2 core schema, where it is
/// certain; `Unsure` for forms parsers disagree on (`yes`, `0777`, `1_000`…).
pub(super) enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
    Unsure,
}

pub(super) fn resolve(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        _ => {}
    }
    if s.starts_with('.')
        || ["y", "n", "yes", "no", "on", "off"]
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w))
    {
        return Resolved::Unsure;
    }
    let bytes = s.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+') {
        return Resolved::Str;
    }
    if first == b'+'
        || s.contains('_')
        || s.starts_with("0x")
        || s.starts_with("0o")
        || s.starts_with("0b")
    {
        return Resolved::Unsure;
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.starts_with('.') {
        // `-.inf`, `-.nan`, `-.5`: the full parser's float rules decide.
        return Resolved::Unsure;
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if (digits.len() > 1 && digits.starts_with('0')) || s == "-0" {
            // `0777` may be octal; `-0` is read otherwise by the full parser.
            return Resolved::Unsure;
        }
        return match (s.starts_with('-'), s.parse::<i64>(), s.parse::<u64>()) {
            (true, Ok(v), _) => Resolved::Int(v),
            (false, _, Ok(v)) => Resolved::Uint(v),
            _ => Resolved::Unsure,
        };
    }
    let is_float = {
        let (mantissa, exp) = match digits.find(['e', 'E']) {
            Some(k) => (&digits[..k], Some(&digits[k + 1..])),
            None => (digits, None),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let exp_ok = exp.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        });
        mantissa.contains('.')
            && !int.is_empty()
            && !frac.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && exp_ok
            && !(int.len() > 1 && int.starts_with('0'))
    };
    if is_float {
        return s
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map_or(Resolved::Unsure, Resolved::Float);
    }
    if core_schema_float(digits) {
        // `1e3`, `1.`, `2.5e-3`: floats in YAML 1.2 the fast path leaves
        // to the full parser.
        return Resolved::Unsure;
    }
    // Dates, times, identifiers (`59/2023/NĐ-CP`), `1.500.000`: text.
    if s.contains(':') {
        // `08:00` is sexagesimal in YAML 1.1; let the full parser decide.
        return Resolved::Unsure;
    }
    Resolved::Str
}

/// Whether `s` (without its sign) is a float of the YAML 1.2 core schema:
/// digits, then a `.` and digits or an exponent or both (`1.`, `1e3`, `2.5E-3`).
fn core_schema_float(s: &str) -> bool {
    let b = s.as_bytes();
    let digits_from = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let int_end = digits_from(0);
    let mut i = int_end;
    let dot = b.get(i) == Some(&b'.');
    if dot {
        i = digits_from(i + 1);
    }
    let exp = matches!(b.get(i), Some(b'e' | b'E'));
    if exp {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        i = digits_from(i);
        if i == start {
            return false;
        }
    }
    int_end > 0 && i == b.len() && (dot || exp)
}
