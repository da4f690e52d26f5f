//! The deserializer of the fast path: a parsed [`Node`] into any serde
//! type, answering [`Unsure`] wherever the full parser might read the value
//! otherwise.

use super::scalar::{resolve, Resolved};
use super::Node;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

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

pub(super) struct NodeDe<'a, 'b>(pub(super) &'a Node<'b>);

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
        // A value no field reads (an unknown key, a computed field such as
        // `totals`) is still parsed by the full parser, which refuses some
        // scalars outright (`.nan`, `.inf`): leave any doubtful one to it.
        if !all_scalars_sure(self.0) {
            return Err(Unsure);
        }
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

/// Whether every plain scalar in `node` resolves with certainty: what the
/// full parser may refuse or read otherwise is [`Resolved::Unsure`].
fn all_scalars_sure(node: &Node) -> bool {
    match node {
        Node::Plain(s) => !matches!(resolve(s), Resolved::Unsure),
        Node::Seq(items) => items.iter().all(all_scalars_sure),
        Node::Map(entries) => entries.iter().all(|(_, v)| all_scalars_sure(v)),
        Node::Null | Node::Quoted(_) => true,
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
