//! A fast reader for the plain subset of YAML that front matter is nearly
//! always written in: block mappings and sequences, flow `[…]` and `{…}` on one
//! line, plain and quoted one-line scalars. It does not handle anchors, tags,
//! block scalars (`|`, `>`), multi-line scalars, comments after values, or
//! anything else: on any of those, and on any value its deserializer is not
//! sure of, it answers `None` and the loader uses the full YAML parser, which
//! also produces the diagnostics. So it never decides what an error is; it only
//! makes well-formed front matter cheaper to read (the full parser costs about
//! 0.1 ms per kilobyte, three passes per record).

mod de;
mod scalar;
#[cfg(test)]
mod tests;

use de::NodeDe;
use serde::de::DeserializeOwned;
use std::borrow::Cow;

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
        Kind::Budget => RecordData::Budget(from_node(&node)?),
        Kind::Asset => RecordData::Asset(from_node(&node)?),
        Kind::Support => RecordData::Support(from_node(&node)?),
        Kind::Callup => RecordData::Callup(from_node(&node)?),
        Kind::Inspection => RecordData::Inspection(from_node(&node)?),
        Kind::Consultation => RecordData::Consultation(from_node(&node)?),
        Kind::Fee => RecordData::Fee(from_node(&node)?),
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
