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

/// Every identifier written in `text` (a body or a field), with where it
/// is: `59/2023/NĐ-CP`, `72/KH-UBND`, `08-CTr/QU`, and the same with spaces
/// around the separators (`908 / BYT - BH`). The grammar is [`parse`]'s:
/// a number, then `/year/`, `/` or `-`, then a symbol that starts with a
/// letter, holds an uppercase letter and joins its parts with `-` or `/`.
/// Dates (`12/3/2024`) and fractions are not identifiers.
pub fn find_all(text: &str) -> Vec<(std::ops::Range<usize>, Identifier)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    // Where the text not yet taken by an identifier starts.
    let mut from = 0;
    // An identifier's number is followed (maybe after spaces) by `/` or `-`:
    // the text is searched for those, then the number before each is read.
    let mut at = 0;
    while let Some(o) = memchr::memchr2(b'/', b'-', &b[at..]) {
        let sep = at + o;
        at = sep + 1;
        let mut digits_end = sep;
        while digits_end > from && b[digits_end - 1] == b' ' {
            digits_end -= 1;
        }
        let mut start = digits_end;
        while start > from && b[start - 1].is_ascii_digit() {
            start -= 1;
        }
        if start == digits_end || !number_starts(text, start) {
            continue;
        }
        if let Some((end, id)) = scan_one(text, start) {
            found.push((start..end, id));
            from = end;
            at = end;
        }
    }
    found
}

/// Whether the digits at `i` begin a number not glued to a word, another
/// number, or a `/`, `-` or `.` before it.
fn number_starts(text: &str, i: usize) -> bool {
    let prev = match text.as_bytes()[..i].last() {
        None => return true,
        Some(&c) if c.is_ascii() => char::from(c),
        Some(_) => text[..i].chars().next_back().unwrap_or(' '),
    };
    !prev.is_alphanumeric() && prev != '/' && prev != '-' && prev != '.'
}

/// Reads one identifier starting at the number at `start`: its end and the
/// identifier.
fn scan_one(text: &str, start: usize) -> Option<(usize, Identifier)> {
    let b = text.as_bytes();
    let skip_spaces = |mut j: usize| {
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        j
    };
    let mut j = start;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    let digits_end = j;
    let k = skip_spaces(j);
    let sep = *b.get(k)?;
    if sep != b'/' && sep != b'-' {
        return None;
    }
    j = skip_spaces(k + 1);
    // Most numbers followed by a separator are dates (`12/3/2024`) or ranges
    // (`2024-2025`): refused here, before anything is copied.
    if !symbol_may_start(text, j, sep) {
        return None;
    }
    let mut raw = String::from(&text[start..digits_end]);
    raw.push(sep as char);
    let end = read_symbol(text, j, &mut raw);
    let id = parse(&raw)?;
    Some((end, id))
}

/// Reads the symbol at `at` into `raw`: words of letters and digits joined
/// by `-` or `/`, spaces allowed around the joins only. Returns its end.
fn read_symbol(text: &str, at: usize, raw: &mut String) -> usize {
    let b = text.as_bytes();
    let skip_spaces = |mut j: usize| {
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        j
    };
    let mut end = at;
    loop {
        let word_start = end;
        let word_end = text[word_start..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(text.len(), |(o, _)| word_start + o);
        if word_end == word_start {
            break;
        }
        raw.push_str(&text[word_start..word_end]);
        end = word_end;
        let k = skip_spaces(end);
        match b.get(k) {
            Some(&c @ (b'-' | b'/')) => {
                let next = skip_spaces(k + 1);
                let more = text[next..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                if !more {
                    break;
                }
                raw.push(c as char);
                end = next;
            }
            _ => break,
        }
    }
    end
}

/// Whether the text at `at`, just after the separator `sep` of a number,
/// can begin what [`parse`] accepts there: a symbol, which starts with a
/// letter, or (after `/`) a four-digit year, then `/` and a symbol. False
/// exactly when [`scan_one`]'s identifier would fail to parse for that reason.
fn symbol_may_start(text: &str, at: usize, sep: u8) -> bool {
    let starts_symbol = |i: usize| text[i..].chars().next().is_some_and(char::is_alphabetic);
    if starts_symbol(at) {
        return true;
    }
    let b = text.as_bytes();
    let year_end = at + 4;
    if sep != b'/'
        || !b
            .get(at..year_end)
            .is_some_and(|y| y.iter().all(u8::is_ascii_digit))
    {
        return false;
    }
    // The year is a word of its own: what follows is no letter or digit.
    if text[year_end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    let mut i = year_end;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    if b.get(i) != Some(&b'/') {
        return false;
    }
    i += 1;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    starts_symbol(i)
}

impl Identifier {
    /// The matching key, as [`key`] makes it.
    pub fn key(&self) -> String {
        match self.year {
            Some(y) => format!("{}/{}/{}", self.number, y, self.symbol),
            None => self.yearless_key(),
        }
    }

    /// The key without the year: numbers restart every year, so a reference
    /// written without one (`59/NĐ-CP`) matches every year's.
    pub fn yearless_key(&self) -> String {
        format!("{}/{}", self.number, self.symbol)
    }
}

/// What a reference names among the documents of a ward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// Exactly one document: its record id.
    One(&'a str),
    /// Several documents match (same number and symbol in several years, or
    /// from several issuers): the reference is not guessed.
    Ambiguous(Vec<&'a str>),
    /// No document in the repository.
    Missing,
}

/// The documents of a ward by identifier. Numbers restart every year and
/// per issuer, so a document is known by number + symbol + issuer + year;
/// a reference carries no issuer name and maybe no year, so it names every
/// document its number, symbol and year (when written) fit.
#[derive(Debug, Default)]
pub struct Index {
    /// Key with year (or without, for numbers that carry none) → (issuer, id).
    exact: std::collections::BTreeMap<String, Vec<(String, String)>>,
    /// Key without the year → (issuer, id), for references without one.
    yearless: std::collections::BTreeMap<String, Vec<(String, String)>>,
}

impl Index {
    /// The numbered records (documents and plans) among `records`.
    pub fn of_records<'a>(records: impl Iterator<Item = &'a crate::model::Record>) -> Index {
        let mut index = Index::default();
        for r in records {
            let (number, issuer) = match &r.data {
                crate::model::RecordData::Document(d) => {
                    (Some(d.number.as_str()), d.issuer.as_str())
                }
                crate::model::RecordData::Plan(p) => {
                    (p.number.as_deref(), p.issuer.as_deref().unwrap_or(""))
                }
                _ => (None, ""),
            };
            if let Some(number) = number {
                index.add(number, issuer, &r.id);
            }
        }
        index
    }

    /// Adds the document `id`, numbered `number`, issued by `issuer`.
    pub fn add(&mut self, number: &str, issuer: &str, id: &str) {
        let Some(parsed) = parse(&normalize(number).to_uppercase()) else {
            return;
        };
        let issuer = crate::text::fold(issuer);
        let entry = (issuer, id.to_string());
        let exact = self.exact.entry(parsed.key()).or_default();
        if !exact.contains(&entry) {
            exact.push(entry.clone());
        }
        let yearless = self.yearless.entry(parsed.yearless_key()).or_default();
        if !yearless.contains(&entry) {
            yearless.push(entry);
        }
    }

    /// What `reference` names.
    pub fn resolve(&self, reference: &Identifier) -> Resolved<'_> {
        let found = match reference.year {
            Some(_) => self.exact.get(&reference.key()),
            None => self.yearless.get(&reference.yearless_key()),
        };
        match found.map(Vec::as_slice) {
            None | Some([]) => Resolved::Missing,
            Some([(_, id)]) => Resolved::One(id),
            Some(many) => {
                let mut ids: Vec<&str> = many.iter().map(|(_, id)| id.as_str()).collect();
                ids.sort_unstable();
                ids.dedup();
                match ids.as_slice() {
                    [one] => Resolved::One(one),
                    _ => Resolved::Ambiguous(ids),
                }
            }
        }
    }

    /// Every key a reference can be written with that names exactly one
    /// document, and that document's id (the pages' links).
    pub fn unambiguous(&self) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        for key in self.exact.keys().chain(self.yearless.keys()) {
            if out.contains_key(key) {
                continue;
            }
            if let Some(Resolved::One(id)) = parse(key).map(|r| self.resolve(&r)) {
                out.insert(key.clone(), id.to_string());
            }
        }
        out
    }
}

/// The identifiers a record mentions: its legal bases, and those written in
/// its title, summary and body, each with the field it is in (`legal_basis`
/// with its index, or the byte offset in the body).
pub fn mentions(r: &crate::model::Record) -> Vec<(Identifier, Mention)> {
    let mut out = Vec::new();
    for (i, basis) in r.common.legal_basis.iter().enumerate() {
        if let Some(id) = parse(&normalize(basis).to_uppercase()) {
            out.push((id, Mention::LegalBasis(i)));
        }
    }
    for (field, text) in [
        ("title", Some(&r.common.title)),
        ("summary", r.common.summary.as_ref()),
    ] {
        for (_, id) in text.map(|t| find_all(t)).unwrap_or_default() {
            out.push((id, Mention::Field(field)));
        }
    }
    for (range, id) in find_all(&r.body) {
        out.push((id, Mention::Body(range.start)));
    }
    let own = match &r.data {
        crate::model::RecordData::Document(d) => key(&d.number),
        crate::model::RecordData::Plan(p) => p.number.as_deref().and_then(key),
        _ => None,
    };
    out.retain(|(id, _)| own.as_deref() != Some(id.key().as_str()));
    out
}

/// Where a record mentions an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mention {
    /// The n-th entry of `legal_basis`.
    LegalBasis(usize),
    /// A front-matter field.
    Field(&'static str),
    /// The body, at this byte offset.
    Body(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_identifiers_in_text_with_spacing_variants() {
        let text = "Căn cứ Nghị định 59/2023/NĐ-CP, Kế hoạch số 72/KH-UBND ngày 12/3/2024, \
                    Chương trình 08-CTr/QU và công văn 908 / BYT - BH; tỉ lệ 1/2.";
        let found: Vec<(&str, String)> = find_all(text)
            .into_iter()
            .map(|(r, id)| {
                let k = match id.year {
                    Some(y) => format!("{}/{}/{}", id.number, y, id.symbol),
                    None => format!("{}/{}", id.number, id.symbol),
                };
                (&text[r], k)
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("59/2023/NĐ-CP", "59/2023/NĐ-CP".to_string()),
                ("72/KH-UBND", "72/KH-UBND".to_string()),
                ("08-CTr/QU", "8/CTR/QU".to_string()),
                ("908 / BYT - BH", "908/BYT-BH".to_string()),
            ]
        );
        assert_eq!(key("908 / BYT - BH"), key("908/BYT-BH"));
    }

    /// [`scan_one`] as it was before [`symbol_may_start`]: every candidate
    /// copied and handed to [`parse`].
    fn scan_one_unfiltered(text: &str, start: usize) -> Option<(usize, Identifier)> {
        let b = text.as_bytes();
        let skip = |mut j: usize| {
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            j
        };
        let mut j = start;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let mut raw = String::from(&text[start..j]);
        let k = skip(j);
        let sep = *b.get(k)?;
        if sep != b'/' && sep != b'-' {
            return None;
        }
        raw.push(sep as char);
        let end = read_symbol(text, skip(k + 1), &mut raw);
        Some((end, parse(&raw)?))
    }

    /// [`find_all`] as it was: every byte looked at, every number tried.
    fn find_all_bytewise(text: &str) -> Vec<(std::ops::Range<usize>, Identifier)> {
        let b = text.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let starts = b[i].is_ascii_digit()
                && (i == 0 || {
                    let prev = text[..i].chars().next_back().unwrap_or(' ');
                    !prev.is_alphanumeric() && prev != '/' && prev != '-' && prev != '.'
                });
            if !starts {
                i += 1;
                continue;
            }
            match scan_one_unfiltered(text, i) {
                Some((end, id)) => {
                    found.push((i..end, id));
                    i = end;
                }
                None => {
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
        }
        found
    }

    #[test]
    fn searching_from_the_separators_finds_what_a_scan_of_every_byte_finds() {
        let parts = [
            "59/2023/NĐ-CP",
            "72/KH-UBND",
            "08-CTr/QU",
            "908 / BYT - BH",
            "12/3/2024",
            "10/2022/QH15 / .",
            "QH15",
            "2024-2025",
            "1.500/KH",
            "a12/KH",
            "x-12/KH",
            "/5/KH",
            "-7/KH",
            "Đ9/KH",
            "5 /",
            " - ",
            "2023",
            "ngày",
            "số ",
            "15 ",
            "/",
            "-",
            "²3/KH",
            "3 - ",
            "Ⅻ",
            "10/2022/QH15/ABC-x",
            "7/KH-UBND.",
            "(8/QĐ)",
            "9/qđ",
        ];
        let mut texts = Vec::new();
        for a in parts {
            for b in parts {
                for c in ["", " ", "3/KH", "/", "-x"] {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("{a} {b}{c}"));
                }
            }
        }
        for text in &texts {
            assert_eq!(find_all(text), find_all_bytewise(text), "{text:?}");
        }
        assert!(texts.len() > 8_000);
        let text = "Căn cứ 10/2022/QH15 / . 59/2023/NĐ-CP";
        let found: Vec<&str> = find_all(text).into_iter().map(|(r, _)| &text[r]).collect();
        assert_eq!(found, ["10/2022/QH15", "59/2023/NĐ-CP"]);
    }

    #[test]
    fn the_prefilter_refuses_only_what_parse_refuses() {
        let heads = ["59", "08", "1685", "3"];
        let seps = ["/", "-", " / ", " - ", "/ ", " /"];
        let tails = [
            "2023/NĐ-CP",
            "2023 / NĐ-CP",
            "2023/ NĐ-CP",
            "2023/12",
            "2023",
            "2023-CP",
            "2023/",
            "20234/KH",
            "2023ab/KH",
            "KH-UBND",
            "ĐU",
            "CTr/QU",
            "kh-ubnd",
            "3/2024",
            "12abc",
            "²x/KH",
            "Ⅻ/KH",
            " /x",
            "",
            "-",
            "/",
            "2023 /  QH15.",
            "٢٠٢٣/KH",
            "2023/²",
            "2023/ đ-x",
            "2023/Đ",
        ];
        let mut checked = 0;
        for head in heads {
            for sep in seps {
                for tail in tails {
                    for text in [
                        format!("{head}{sep}{tail}"),
                        format!("số {head}{sep}{tail} và"),
                    ] {
                        let start = text.find(head).unwrap();
                        assert_eq!(
                            scan_one(&text, start),
                            scan_one_unfiltered(&text, start),
                            "{text:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, heads.len() * seps.len() * tails.len() * 2);
    }

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
