//! A fast reader for the plain subset of YAML that front matter is nearly
//! always written in: block mappings and sequences, flow `[…]` and `{…}` on one
//! line, plain and quoted one-line scalars. It does not handle anchors, tags,
//! block scalars (`|`, `>`), multi-line scalars, comments after values, or
//! anything else: on any of those, and on any value its deserializer is not
//! sure of, it answers `None` and the loader uses the full YAML parser, which
//! also produces the diagnostics. So it never decides what an error is; it only
//! makes well-formed front matter cheaper to read (the full parser costs about
//! 0.1 ms per kilobyte, three passes per record).

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use std::borrow::Cow;
use std::fmt;

/// A parsed YAML node of the subset, borrowing from the source text.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// An empty value (`key:` with nothing after it).
    Null,
    /// A plain (unquoted) scalar, as written.
    Plain(&'a str),
    /// A quoted scalar, unescaped.
    Quoted(Cow<'a, str>),
    /// A sequence.
    Seq(Vec<Node<'a>>),
    /// A mapping, in document order, keys unique.
    Map(Vec<(&'a str, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// The keys of a mapping, in document order (empty for other nodes).
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        let entries: &[(&'a str, Node<'a>)] = match self {
            Node::Map(m) => m,
            _ => &[],
        };
        entries.iter().map(|(k, _)| *k)
    }
}

/// Parses a front matter whose top level is a mapping; `None` when the text
/// leaves the subset.
pub fn parse(src: &str) -> Option<Node<'_>> {
    // (A CR anywhere, even on a comment line, sends the text to the full parser.)
    if src.contains('\r') {
        return None;
    }
    let mut lines = Vec::with_capacity(src.len() / 24);
    for line in crate::text::lines_inclusive(src) {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let content = content.trim_end_matches(' ');
        let first = match content.as_bytes().first() {
            None | Some(b'#') => continue,
            Some(&b) => b,
        };
        if first == b'\t' || content.ends_with('\t') || indent > 200 {
            return None;
        }
        if indent == 0
            && (content.starts_with("---") || content.starts_with("...") || first == b'%')
        {
            return None;
        }
        lines.push((indent, content));
    }
    if lines.is_empty() {
        return Some(Node::Map(Vec::new()));
    }
    let mut p = Parser {
        lines,
        pos: 0,
        depth: 0,
    };
    if p.lines[0].0 != 0 {
        return None;
    }
    let node = p.block(0)?;
    (p.pos == p.lines.len() && matches!(node, Node::Map(_))).then_some(node)
}

/// A record's front matter read through the fast path.
pub struct FastRecord {
    /// Its top-level keys that are not fields of the kind, sorted.
    pub unknown: Vec<String>,
    /// The common fields.
    pub common: crate::model::Common,
    /// The kind's fields.
    pub data: crate::model::RecordData,
}

/// Reads a record's front matter in one pass, or `None` when the full parser
/// must do it.
pub fn read_record(kind: crate::model::Kind, yaml: &str) -> Option<FastRecord> {
    use crate::model::{Kind, RecordData};
    let node = parse(yaml)?;
    let common = from_node(&node)?;
    let data = match kind {
        Kind::Plan => RecordData::Plan(from_node(&node)?),
        Kind::Land => RecordData::Land(from_node(&node)?),
        Kind::Fund => RecordData::Fund(from_node(&node)?),
        Kind::Dialogue => RecordData::Dialogue(from_node(&node)?),
        Kind::Document => RecordData::Document(from_node(&node)?),
        Kind::Procedure => RecordData::Procedure(from_node(&node)?),
    };
    let mut unknown: Vec<String> = node
        .keys()
        .filter(|k| !kind.has_field(k))
        .map(str::to_string)
        .collect();
    unknown.sort();
    Some(FastRecord {
        unknown,
        common,
        data,
    })
}

/// Deserializes a node into `T`; `None` when the node does not fit `T` or when
/// the full parser might read it differently.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Option<T> {
    T::deserialize(NodeDe(node)).ok()
}

/// How deep blocks or flow collections may nest before the text is left to
/// the full parser (which has its own limit and reports it): front matter
/// never nests this deep, and a recursive reader must not follow 100,000
/// `[` down the stack.
const MAX_NESTING: usize = 32;

struct Parser<'a> {
    lines: Vec<(usize, &'a str)>,
    pos: usize,
    /// Blocks open.
    depth: usize,
}

/// The keys of a mapping being read: a short mapping is searched, a long
/// one (40,000 keys) hashed, so that checking for repeats stays linear.
#[derive(Default)]
struct SeenKeys<'a> {
    set: std::collections::HashSet<&'a str>,
}

impl<'a> SeenKeys<'a> {
    /// Records `key` before it is added to `entries`; false when it is there.
    fn insert(&mut self, key: &'a str, entries: &[(&'a str, Node<'a>)]) -> bool {
        const SEARCHED: usize = 16;
        if entries.len() < SEARCHED {
            return !entries.iter().any(|(k, _)| *k == key);
        }
        if self.set.is_empty() {
            self.set.extend(entries.iter().map(|(k, _)| *k));
        }
        self.set.insert(key)
    }
}

/// Splits `key: rest` or `key:`; the key is a simple name.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let bytes = content.as_bytes();
    let colon = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    if colon == 0 || bytes[colon] != b':' || bytes[0] == b'-' {
        return None;
    }
    let key = &content[..colon];
    match bytes.get(colon + 1) {
        None => Some((key, "")),
        Some(b' ') => Some((key, content[colon + 2..].trim_start_matches(' '))),
        Some(_) => None,
    }
}

fn is_seq_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

impl<'a> Parser<'a> {
    fn block(&mut self, indent: usize) -> Option<Node<'a>> {
        let (i, content) = *self.lines.get(self.pos)?;
        if i != indent || self.depth >= MAX_NESTING {
            return None;
        }
        self.depth += 1;
        let node = if is_seq_item(content) {
            self.seq(indent)
        } else {
            self.map(indent)
        };
        self.depth -= 1;
        node
    }

    fn map(&mut self, indent: usize) -> Option<Node<'a>> {
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        let mut keys = SeenKeys::default();
        while let Some(&(i, content)) = self.lines.get(self.pos) {
            if i < indent {
                break;
            }
            if i > indent || is_seq_item(content) {
                return None;
            }
            let (key, rest) = split_key(content)?;
            if !keys.insert(key, &entries) {
                return None;
            }
            self.pos += 1;
            let value = if rest.is_empty() {
                match self.lines.get(self.pos) {
                    Some(&(j, next)) if j > indent || (j == indent && is_seq_item(next)) => {
                        self.block(j)?
                    }
                    _ => Node::Null,
                }
            } else {
                inline(rest)?
            };
            entries.push((key, value));
        }
        Some(Node::Map(entries))
    }

    fn seq(&mut self, indent: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        while let Some(&(i, content)) = self.lines.get(self.pos) {
            if i < indent || (i == indent && !is_seq_item(content)) {
                break;
            }
            if i > indent {
                return None;
            }
            let after = &content[1..];
            let item = after.trim_start_matches(' ');
            if item.is_empty() {
                self.pos += 1;
                match self.lines.get(self.pos) {
                    Some(&(j, _)) if j > indent => items.push(self.block(j)?),
                    _ => items.push(Node::Null),
                }
                continue;
            }
            let column = indent + 1 + (after.len() - item.len());
            if is_seq_item(item) || split_key(item).is_some() {
                // `- key: value` opens a mapping (or `- - x` a sequence) at the
                // item's column: read the rest of the line as a line of its own.
                self.lines[self.pos] = (column, item);
                items.push(self.block(column)?);
            } else {
                self.pos += 1;
                items.push(inline(item)?);
            }
        }
        Some(Node::Seq(items))
    }
}

/// A value written on the rest of a line.
fn inline(s: &str) -> Option<Node<'_>> {
    let mut cur = Cursor { s, i: 0, depth: 0 };
    let node = match s.as_bytes()[0] {
        b'[' | b'{' => cur.flow()?,
        b'"' | b'\'' => cur.quoted()?,
        _ => return plain(s, false).map(Node::Plain),
    };
    cur.skip_spaces();
    (cur.i == s.len()).then_some(node)
}

/// Checks a plain scalar; `flow` forbids the flow indicators inside.
fn plain(s: &str, flow: bool) -> Option<&str> {
    let s = plain_ends(s)?;
    let bytes = s.as_bytes();
    for (k, &b) in bytes.iter().enumerate() {
        let stop = match b {
            b':' => bytes.get(k + 1) == Some(&b' '),
            b'#' => k > 0 && bytes[k - 1] == b' ',
            b'\t' => true,
            b'[' | b']' | b'{' | b'}' | b',' => flow,
            _ => false,
        };
        if stop {
            return None;
        }
    }
    Some(s)
}

/// Checks how a plain scalar starts and ends, and drops its trailing spaces.
fn plain_ends(s: &str) -> Option<&str> {
    let s = s.trim_end_matches(' ');
    let bytes = s.as_bytes();
    let first = *bytes.first()?;
    if matches!(
        first,
        b'&' | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'%'
            | b'@'
            | b'`'
            | b'#'
            | b'\''
            | b'"'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b','
    ) {
        return None;
    }
    if matches!(first, b'-' | b'?' | b':') && matches!(bytes.get(1), None | Some(b' ')) {
        return None;
    }
    if bytes.last() == Some(&b':') {
        return None;
    }
    Some(s)
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
    /// Flow collections open.
    depth: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn flow(&mut self) -> Option<Node<'a>> {
        if self.depth >= MAX_NESTING {
            return None;
        }
        self.depth += 1;
        let node = self.flow_inner();
        self.depth -= 1;
        node
    }

    fn flow_inner(&mut self) -> Option<Node<'a>> {
        let close = if self.peek()? == b'[' { b']' } else { b'}' };
        self.i += 1;
        let mut items = Vec::new();
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        let mut keys = SeenKeys::default();
        self.skip_spaces();
        if self.peek()? == close {
            self.i += 1;
            return Some(if close == b']' {
                Node::Seq(items)
            } else {
                Node::Map(entries)
            });
        }
        loop {
            self.skip_spaces();
            if close == b']' {
                items.push(self.flow_value()?);
            } else {
                let key = match self.flow_value()? {
                    Node::Plain(k) => k,
                    _ => return None,
                };
                if self.peek()? != b':' {
                    return None;
                }
                self.i += 1;
                if self.peek()? != b' ' {
                    return None;
                }
                self.skip_spaces();
                let value = self.flow_value()?;
                if !keys.insert(key, &entries) {
                    return None;
                }
                entries.push((key, value));
            }
            self.skip_spaces();
            match self.peek()? {
                b',' => {
                    self.i += 1;
                    self.skip_spaces();
                    if self.peek()? == close {
                        return None;
                    }
                }
                c if c == close => {
                    self.i += 1;
                    return Some(if close == b']' {
                        Node::Seq(items)
                    } else {
                        Node::Map(entries)
                    });
                }
                _ => return None,
            }
        }
    }

    fn flow_value(&mut self) -> Option<Node<'a>> {
        match self.peek()? {
            b'[' | b'{' => self.flow(),
            b'"' | b'\'' => self.quoted(),
            _ => {
                // The scalar ends at `,`, `]`, `}` or `: `; what `plain` would
                // refuse inside it is refused on the same pass.
                let rest = &self.s[self.i..];
                let bytes = rest.as_bytes();
                let mut end = bytes.len();
                for (j, &c) in bytes.iter().enumerate() {
                    match c {
                        b',' | b']' | b'}' => {
                            end = j;
                            break;
                        }
                        b':' if bytes.get(j + 1) == Some(&b' ') => {
                            end = j;
                            break;
                        }
                        b'[' | b'{' | b'\t' => return None,
                        b'#' if j > 0 && bytes[j - 1] == b' ' => return None,
                        _ => {}
                    }
                }
                let text = plain_ends(&rest[..end])?;
                self.i += end;
                Some(Node::Plain(text))
            }
        }
    }

    fn quoted(&mut self) -> Option<Node<'a>> {
        let quote = self.peek()?;
        self.i += 1;
        let rest = &self.s[self.i..];
        let bytes = rest.as_bytes();
        // Most quoted scalars have no escapes: borrow them.
        let special = bytes
            .iter()
            .position(|&b| b == quote || (quote == b'"' && b == b'\\'))?;
        if bytes[special] == quote && (quote == b'"' || bytes.get(special + 1) != Some(&b'\'')) {
            self.i += special + 1;
            return Some(Node::Quoted(Cow::Borrowed(&rest[..special])));
        }
        let mut out = String::with_capacity(rest.len());
        let mut chars = rest.char_indices();
        while let Some((j, c)) = chars.next() {
            if quote == b'\'' {
                if c == '\'' {
                    if rest[j + 1..].starts_with('\'') {
                        out.push('\'');
                        chars.next();
                        continue;
                    }
                    self.i += j + 1;
                    return Some(Node::Quoted(Cow::Owned(out)));
                }
                out.push(c);
                continue;
            }
            match c {
                '"' => {
                    self.i += j + 1;
                    return Some(Node::Quoted(Cow::Owned(out)));
                }
                '\\' => {
                    let (_, e) = chars.next()?;
                    out.push(match e {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'n' => '\n',
                        't' => '\t',
                        'u' => {
                            let hex: String = (0..4)
                                .filter_map(|_| chars.next().map(|(_, h)| h))
                                .collect();
                            let code = u32::from_str_radix(&hex, 16)
                                .ok()
                                .filter(|_| hex.len() == 4)?;
                            char::from_u32(code)?
                        }
                        _ => return None,
                    });
                }
                _ => out.push(c),
            }
        }
        None
    }
}

/// What a plain scalar means under the YAML 1.2 core schema, where it is
/// certain; `Unsure` for forms parsers disagree on (`yes`, `0777`, `1_000`…).
enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
    Unsure,
}

fn resolve(s: &str) -> Resolved {
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
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
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
    // Dates, times, identifiers (`59/2023/NĐ-CP`), `1.500.000`: text.
    if s.contains(':') {
        // `08:00` is sexagesimal in YAML 1.1; let the full parser decide.
        return Resolved::Unsure;
    }
    Resolved::Str
}

/// The deserializer's only error: "not sure, ask the full parser".
#[derive(Debug)]
pub struct Unsure;

impl fmt::Display for Unsure {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("outside the fast YAML subset")
    }
}

impl std::error::Error for Unsure {}

impl de::Error for Unsure {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsure
    }
}

struct NodeDe<'a, 'b>(&'a Node<'b>);

impl NodeDe<'_, '_> {
    /// The text of a scalar that is certainly a string.
    fn text(&self) -> Result<&str, Unsure> {
        match self.0 {
            Node::Quoted(s) => Ok(s),
            Node::Plain(s) => match resolve(s) {
                Resolved::Str | Resolved::Int(_) | Resolved::Uint(_) | Resolved::Float(_) => Ok(s),
                _ => Err(Unsure),
            },
            _ => Err(Unsure),
        }
    }

    fn is_null(&self) -> bool {
        match self.0 {
            Node::Null => true,
            Node::Plain(s) => matches!(resolve(s), Resolved::Null),
            _ => false,
        }
    }
}

macro_rules! unsupported {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Unsure> {
            Err(Unsure)
        })*
    };
}

macro_rules! integer {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
            match self.0 {
                Node::Plain(s) => match resolve(s) {
                    Resolved::Int(i) => v.visit_i64(i),
                    Resolved::Uint(u) => v.visit_u64(u),
                    _ => Err(Unsure),
                },
                _ => Err(Unsure),
            }
        })*
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'_, '_> {
    type Error = Unsure;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        match self.0 {
            Node::Null => Err(Unsure),
            Node::Quoted(s) => v.visit_str(s),
            Node::Plain(s) => match resolve(s) {
                Resolved::Bool(b) => v.visit_bool(b),
                Resolved::Int(i) => v.visit_i64(i),
                Resolved::Uint(u) => v.visit_u64(u),
                Resolved::Float(f) => v.visit_f64(f),
                Resolved::Str => v.visit_str(s),
                Resolved::Null | Resolved::Unsure => Err(Unsure),
            },
            Node::Seq(items) => v.visit_seq(Seq(items.iter())),
            Node::Map(entries) => v.visit_map(Map {
                it: entries.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        match self.0 {
            Node::Plain(s) => match resolve(s) {
                Resolved::Bool(b) => v.visit_bool(b),
                _ => Err(Unsure),
            },
            _ => Err(Unsure),
        }
    }

    integer!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        match self.0 {
            Node::Plain(s) => match resolve(s) {
                Resolved::Int(i) => v.visit_f64(i as f64),
                Resolved::Uint(u) => v.visit_f64(u as f64),
                Resolved::Float(f) => v.visit_f64(f),
                _ => Err(Unsure),
            },
            _ => Err(Unsure),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        v.visit_str(self.text()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        v.visit_str(self.text()?)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        v.visit_str(self.text()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        if self.is_null() {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Unsure> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        match self.0 {
            Node::Seq(items) => v.visit_seq(Seq(items.iter())),
            _ => Err(Unsure),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        match self.0 {
            Node::Map(entries) => v.visit_map(Map {
                it: entries.iter(),
                value: None,
            }),
            _ => Err(Unsure),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Unsure> {
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Unsure> {
        let text = self.text()?;
        v.visit_enum(IntoDeserializer::<Unsure>::into_deserializer(text))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Unsure> {
        v.visit_unit()
    }

    unsupported!(deserialize_char deserialize_bytes deserialize_byte_buf deserialize_unit deserialize_i128 deserialize_u128);

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }
}

struct Seq<'a, 'b>(std::slice::Iter<'a, Node<'b>>);

impl<'de> SeqAccess<'de> for Seq<'_, '_> {
    type Error = Unsure;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unsure> {
        match self.0.next() {
            Some(n) => seed.deserialize(NodeDe(n)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map<'a, 'b> {
    it: std::slice::Iter<'a, (&'b str, Node<'b>)>,
    value: Option<&'a Node<'b>>,
}

impl<'de> MapAccess<'de> for Map<'_, '_> {
    type Error = Unsure;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unsure> {
        match self.it.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize((*k).into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Unsure> {
        seed.deserialize(NodeDe(self.value.take().ok_or(Unsure)?))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.it.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Common, Dialogue, Document, Fund, Land, Plan, Procedure};
    use serde::de::IgnoredAny;
    use std::collections::BTreeMap;

    fn node(src: &str) -> Node<'_> {
        parse(src).unwrap_or_else(|| panic!("not in the subset: {src}"))
    }

    fn plain(s: &str) -> Node<'_> {
        Node::Plain(s)
    }

    #[test]
    fn reads_block_and_flow_structures() {
        let n = node(
            "title: \"Quỹ: hẻm 45\"\nn: 12\nforms: [office_posting, portal]\n\
             decision: {date: 2026-06-20, households_total: 30}\nempty:\n\
             tasks:\n  - content: a\n    support: [x, 'y''s']\n  - content: b\n\
             list:\n- one\n- \"two\"\n# comment\nlast: [ ]\n",
        );
        let Node::Map(m) = n else { panic!() };
        assert_eq!(m[0], ("title", Node::Quoted("Quỹ: hẻm 45".into())));
        assert_eq!(
            m[2].1,
            Node::Seq(vec![plain("office_posting"), plain("portal")])
        );
        assert_eq!(
            m[3].1,
            Node::Map(vec![
                ("date", plain("2026-06-20")),
                ("households_total", plain("30"))
            ])
        );
        assert_eq!(m[4].1, Node::Null);
        assert_eq!(
            m[5].1,
            Node::Seq(vec![
                Node::Map(vec![
                    ("content", plain("a")),
                    (
                        "support",
                        Node::Seq(vec![plain("x"), Node::Quoted("y's".into())])
                    )
                ]),
                Node::Map(vec![("content", plain("b"))]),
            ])
        );
        assert_eq!(
            m[6].1,
            Node::Seq(vec![plain("one"), Node::Quoted("two".into())])
        );
        assert_eq!(m[7].1, Node::Seq(vec![]));
    }

    #[test]
    fn deep_nesting_is_left_to_the_full_parser_not_followed_down_the_stack() {
        for open in ["[", "{a: ", "- "] {
            let src = format!("a: {}\n", open.repeat(100_000));
            assert_eq!(parse(&src), None, "{open}");
        }
        let src = format!("a: {}1{}\n", "[".repeat(33), "]".repeat(33));
        assert_eq!(parse(&src), None);
        let src = format!("a: {}1{}\n", "[".repeat(32), "]".repeat(32));
        assert!(parse(&src).is_some());
    }

    #[test]
    fn long_mappings_are_read_in_linear_time_and_repeats_still_found() {
        let n = 40_000;
        let block: String = (0..n).map(|i| format!("k{i}: 1\n")).collect();
        let flow: String = (0..n).map(|i| format!("k{i}: 1, ")).collect();
        let flow = format!("a: {{{}z: 1}}\n", flow);
        let start = std::time::Instant::now();
        assert_eq!(parse(&block).map(|m| m.keys().count()), Some(n));
        assert!(parse(&flow).is_some());
        // Searching every earlier key took seconds.
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        for repeat in [0, 15, 16, 17, n - 1] {
            assert_eq!(parse(&format!("{block}k{repeat}: 2\n")), None, "{repeat}");
        }
        assert_eq!(parse("a: {x: 1, y: 2, x: 3}\n"), None);
    }

    #[test]
    fn leaves_everything_else_to_the_full_parser() {
        for src in [
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: b # comment\n",
            "a: \"b\" # comment\n",
            "a: first line\n  continued\n",
            "a: [1,\n 2]\n",
            "a: 1\na: 2\n",
            "a: {x: 1, x: 2}\n",
            "a: b: c\n",
            "\ta: 1\n",
            "a: 'unclosed\n",
            "a: \"bad \\x escape\"\n",
            "- just a list\n",
            "---\na: 1\n",
            "  a: 1\n",
            "a: [1, 2,]\n",
        ] {
            assert!(parse(src).is_none(), "should not accept {src:?}");
        }
    }

    /// The fast reader either declines or agrees exactly with the full parser.
    fn agrees<T: DeserializeOwned + fmt::Debug>(src: &str) -> bool {
        let slow = serde_saphyr::from_str::<T>(src);
        let Some(fast) = parse(src).and_then(|n| from_node::<T>(&n)) else {
            return false;
        };
        let slow = slow.unwrap_or_else(|e| {
            panic!("fast path accepted what the full parser rejects: {src:?}: {e}")
        });
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "in {src:?}");
        true
    }

    #[test]
    fn scalars_resolve_as_the_full_parser_does() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct S {
            s: Option<String>,
        }
        for v in [
            "2026",
            "72/KH-UBND",
            "1.500.000",
            "20.5",
            "Quý II/2026",
            "-3",
            "2026-01-02",
            "\"x\"",
            "'q'",
        ] {
            assert!(agrees::<S>(&format!("s: {v}\n")), "{v}");
        }
        for v in ["yes", "0777", "08:00", ".inf", "1_000", "+1", "0x1F"] {
            assert!(
                !agrees::<S>(&format!("s: {v}\n")),
                "{v} must be left to the full parser"
            );
        }
        assert!(agrees::<S>("s:\n"));
        assert!(agrees::<S>("s: null\n"));
        assert!(agrees::<S>("s: ~\n"));
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct N {
            a: u32,
            b: f64,
            c: bool,
            d: crate::money::Money,
            e: crate::money::Money,
            f: crate::date::Deadline,
            g: crate::date::PostedUntil,
        }
        assert!(agrees::<N>(
            "a: 5\nb: 20\nc: true\nd: 1500000\ne: \"1.500.000\"\nf: Quý II/2026\ng: permanent\n"
        ));
        assert!(agrees::<N>(
            "a: 5\nb: 2.5\nc: false\nd: 0\ne: 1 500 000\nf: 2026\ng: 2026-12-31\n"
        ));
        assert!(!agrees::<N>(
            "a: \"5\"\nb: 2.5\nc: false\nd: 0\ne: 1\nf: 2026\ng: permanent\n"
        ));
    }

    #[test]
    fn names_the_keys_that_are_not_fields_sorted() {
        let yaml = "zeta: 1\ntitle: Quyết định\npublished: 2026-02-03\nposted_until: permanent\n\
                    disclosure_item: 4\nnumber: \"125/QĐ-UBND\"\ndoc_type: Quyết định\n\
                    issuer: Ủy ban nhân dân phường Bàn Cờ\nissued: 2026-02-02\n\
                    receipts: []\nalpha: x\n";
        let fast = read_record(crate::model::Kind::Document, yaml).expect("in the subset");
        assert_eq!(fast.unknown, ["alpha", "receipts", "zeta"]);
        let fast = read_record(crate::model::Kind::Fund, "title: Quỹ\n");
        assert!(fast.is_none_or(|f| f.unknown.is_empty()));
    }

    /// Every record of the test fixture and of the sample content reads the
    /// same through both paths, and the fast path takes nearly all of them.
    #[test]
    fn agrees_with_the_full_parser_on_real_records() {
        let mut taken = 0;
        let mut total = 0;
        for dir in ["tests/fixtures/mini/content", "content"] {
            for entry in walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                let path = entry.path();
                let kind = path
                    .parent()
                    .and_then(|p| p.file_name())
                    .and_then(|n| n.to_str())
                    .and_then(crate::model::Kind::from_name);
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                let (Some(kind), true) = (kind, matches!(ext, "md" | "yaml" | "yml")) else {
                    continue;
                };
                let text =
                    crate::load::text_from_bytes(&std::fs::read(path).unwrap(), path).unwrap();
                let yaml = if ext == "md" {
                    match crate::load::split_front_matter(&text) {
                        Some((y, ..)) => y,
                        None => continue,
                    }
                } else {
                    text
                };
                total += 1;
                let mut ok =
                    agrees::<BTreeMap<String, IgnoredAny>>(&yaml) && agrees::<Common>(&yaml);
                ok &= match kind {
                    crate::model::Kind::Plan => agrees::<Plan>(&yaml),
                    crate::model::Kind::Land => agrees::<Land>(&yaml),
                    crate::model::Kind::Fund => agrees::<Fund>(&yaml),
                    crate::model::Kind::Dialogue => agrees::<Dialogue>(&yaml),
                    crate::model::Kind::Document => agrees::<Document>(&yaml),
                    crate::model::Kind::Procedure => agrees::<Procedure>(&yaml),
                };
                taken += usize::from(ok);
            }
        }
        assert!(total >= 7, "found {total} records");
        assert!(
            taken * 10 >= total * 7,
            "fast path took only {taken} of {total} records"
        );
    }
}
