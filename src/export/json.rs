//! Records as JSON: the typed [`Record`] as serde writes it (names already
//! masked by the link stage, totals already computed), with `schema_version`
//! first, and the same bytes read back as an ordered tree for the tables.

use crate::model::{Record, Ward};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use std::borrow::Cow;
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
    /// The record, as typed (its Markdown body is the page's text, not
    /// data: the model does not serialise it).
    #[serde(flatten)]
    pub record: &'a Record,
}

impl<'a> RecordJson<'a> {
    /// The JSON view of `r` in `ward`.
    pub fn of(ward: &'a Ward, r: &'a Record) -> RecordJson<'a> {
        RecordJson {
            schema_version: SCHEMA_VERSION,
            ward: &ward.profile.code,
            record: r,
        }
    }
}

/// A JSON value with its keys in the order they were written (serde writes
/// struct fields in declaration order, which gives the CSV columns theirs).
/// Strings without escapes borrow from the JSON text.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// An array.
    Seq(Vec<Node<'a>>),
    /// An object, keys in order.
    Map(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl Node<'_> {
    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Node::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// A string that borrows from the input when it can (serde's own `Cow`
/// always copies).
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node<'de>, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'de>, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'de>, E> {
                Ok(Node::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'de>, E> {
                Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'de>, E> {
                Ok(Node::Float(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node<'de>, E> {
                Ok(Node::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'de>, E> {
                Ok(Node::Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node<'de>, E> {
                Ok(Node::Str(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node<'de>, A::Error> {
                let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0));
                while let Some(x) = a.next_element()? {
                    items.push(x);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node<'de>, A::Error> {
                let mut items = Vec::with_capacity(a.size_hint().unwrap_or(0));
                while let Some((k, v)) = a.next_entry::<Text<'de>, Node<'de>>()? {
                    items.push((k.0, v));
                }
                Ok(Node::Map(items))
            }
        }
        d.deserialize_any(V)
    }
}

/// The record's JSON file.
pub fn bytes(ward: &Ward, r: &Record) -> Vec<u8> {
    // Serialising plain data cannot fail; an empty object is the fallback.
    serde_json::to_vec(&RecordJson::of(ward, r)).unwrap_or_else(|_| b"{}".to_vec())
}

/// The tree of a record's JSON file, borrowing its strings.
pub fn tree(bytes: &[u8]) -> Node<'_> {
    serde_json::from_slice(bytes).unwrap_or(Node::Map(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_keeps_the_order_of_keys() {
        let n: Node =
            serde_json::from_str(r#"{"z":1,"a":[true,null,"x\n"],"m":{"b":1.5}}"#).unwrap();
        let Node::Map(m) = &n else { panic!() };
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(n.get("m").and_then(|m| m.get("b")), Some(&Node::Float(1.5)));
        let Some(Node::Seq(a)) = n.get("a") else {
            panic!()
        };
        assert_eq!(a[2], Node::Str("x\n".into()), "escapes are read");
    }
}
