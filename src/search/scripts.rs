//! The index files as scripts: term shards and result-metadata chunks
//! written as `serde_json` writes them, and the loader call around the data.

use super::IndexFile;

/// [`crate::date::Date::iso`]'s text, `2024-03-11`, written directly for
/// years of four digits.
pub(super) fn iso_date(date: crate::date::Date) -> String {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let Ok(year @ 1000..=9999) = u32::try_from(year) else {
        return date.iso();
    };
    if month > 99 || day > 99 {
        return date.iso();
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let mut out = String::with_capacity(10);
    for n in [year / 1000, year / 100, year / 10, year] {
        out.push(digit(n));
    }
    for n in [month, day] {
        out.push('-');
        out.push(digit(u32::from(n) / 10));
        out.push(digit(u32::from(n)));
    }
    out
}

/// A term shard: `{"term":"postings",…}`, terms sorted, as `serde_json`
/// writes a map.
pub(super) fn terms_script(number: usize, terms: &[(&str, &[u8])]) -> IndexFile {
    let len: usize = terms.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let mut out = Vec::with_capacity(len + 40);
    out.extend_from_slice(format!("congkhaiIndex(\"terms\",{number},{{").as_bytes());
    for (i, (t, p)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_string(&mut out, t);
        out.push(b':');
        // Postings are letters of the alphabet and `!`: nothing to escape.
        out.push(b'"');
        out.extend_from_slice(p);
        out.push(b'"');
    }
    out.extend_from_slice(b"});\n");
    IndexFile {
        name: format!("terms-{number}.js"),
        bytes: out,
    }
}

/// A result-metadata chunk: `[["id","title","date","excerpt"],…]`, as
/// `serde_json` writes it.
pub(super) fn meta_script(number: usize, metas: &[(&str, &str, String, String)]) -> IndexFile {
    let mut out = format!("congkhaiIndex(\"meta\",{number},[").into_bytes();
    for (i, (id, title, date, excerpt)) in metas.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        for (k, s) in [*id, *title, date, excerpt].into_iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            push_json_string(&mut out, s);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]);\n");
    IndexFile {
        name: format!("meta-{number}.js"),
        bytes: out,
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it.
pub(super) fn push_json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let at = from + plain_prefix(&bytes[from..]);
        out.extend_from_slice(&bytes[from..at]);
        let Some(&b) = bytes.get(at) else { break };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
        }
        from = at + 1;
    }
    out.push(b'"');
}

/// How many bytes `bytes` starts with that a JSON string holds as they are:
/// all but control characters, `"` and `\`. Looks at eight bytes at a time.
pub(super) fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Non-zero when a byte of `x` is less than `n` (at most 128).
    let less = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        if less(w, 0x20) | less(quote, 1) | less(backslash, 1) != 0 {
            break;
        }
        at += 8;
    }
    at + (bytes[at..].iter())
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .unwrap_or(bytes.len() - at)
}

/// One index file: a call of the global loader with the data.
pub(super) fn script(
    name: String,
    kind: &str,
    number: usize,
    data: &impl serde::Serialize,
) -> IndexFile {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    IndexFile {
        name,
        bytes: format!("congkhaiIndex(\"{kind}\",{number},{json});\n").into_bytes(),
    }
}
