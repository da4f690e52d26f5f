//! Records as JSON: the typed [`Record`] as serde writes it (names already
//! masked by the link stage, totals already computed), with `schema_version`
//! first, and the same bytes read back as an ordered tree for the tables.

use crate::model::{Record, Ward};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use std::fmt;

/// Version of the layout of the JSON and CSV files; raised when a field is
/// renamed or removed (added fields keep it).
pub const SCHEMA_VERSION: u32 = 1;

/// One record as its JSON file holds it.
#[derive(Serialize)]
pub struct RecordJson<'a> {
    /// Layout version, always first.
    pub schema_version: u32,
    /// The ward's official code.
    pub ward: &'a str,
    /// The record, as typed.
    #[serde(flatten)]
    pub record: &'a Record,
    /// The Markdown body, as the page shows it.
    pub body: &'a str,
}

impl<'a> RecordJson<'a> {
    /// The JSON view of `r` in `ward`.
    pub fn of(ward: &'a Ward, r: &'a Record) -> RecordJson<'a> {
        RecordJson {
            schema_version: SCHEMA_VERSION,
            ward: &ward.profile.code,
            record: r,
            body: &r.body,
        }
    }
}

/// A JSON value with its keys in the order they were written (serde writes
/// struct fields in declaration order, which gives the CSV columns theirs).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Seq(Vec<Node>),
    /// An object, keys in order.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(x) = a.next_element()? {
                    items.push(x);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Node>()? {
                    items.push((k, v));
                }
                Ok(Node::Map(items))
            }
        }
        d.deserialize_any(V)
    }
}

/// The record's JSON file and the same value as a tree.
pub fn record(ward: &Ward, r: &Record) -> (Vec<u8>, Node) {
    // Serialising plain data cannot fail; an empty object is the fallback.
    let bytes = serde_json::to_vec(&RecordJson::of(ward, r)).unwrap_or_else(|_| b"{}".to_vec());
    let node = serde_json::from_slice(&bytes).unwrap_or(Node::Map(Vec::new()));
    (bytes, node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_keeps_the_order_of_keys() {
        let n: Node = serde_json::from_str(r#"{"z":1,"a":[true,null,"x"],"m":{"b":1.5}}"#).unwrap();
        let Node::Map(m) = &n else { panic!() };
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(n.get("m").and_then(|m| m.get("b")), Some(&Node::Float(1.5)));
    }
}
