//! The names serde itself reads for a type: the fields of a struct and the
//! variants of an enum, exactly as the type's derived `Deserialize` hands
//! them to a deserializer (declaration order, renames applied, a field's
//! aliases beside its name in sorted order, skipped fields left out). The lists of front-matter keys a
//! kind accepts and of the names the law data may use come from here, so a
//! field or variant added to the model is known everywhere at once.
//!
//! How: a deserializer that holds no data records the list the type passes
//! to `deserialize_struct` or `deserialize_enum`, then stops the type with
//! an error. A struct with a `#[serde(flatten)]` field passes no list (serde
//! reads it as a map); it has no names here.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use std::cell::Cell;
use std::fmt;

/// The fields of the struct `T` as serde reads them; `None` when `T` is no
/// struct read by name (a flattened struct, a map, a scalar).
pub fn struct_fields<T: DeserializeOwned>() -> Option<&'static [&'static str]> {
    record::<T>(Ask::Struct)
}

/// The variants of the enum `T` as serde reads them; `None` when `T` is no
/// enum read by name (an untagged enum, a struct, a scalar).
pub fn enum_variants<T: DeserializeOwned>() -> Option<&'static [&'static str]> {
    record::<T>(Ask::Enum)
}

/// Which list is wanted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    Struct,
    Enum,
}

fn record<T: DeserializeOwned>(ask: Ask) -> Option<&'static [&'static str]> {
    let names = Cell::new(None);
    // The error is how the recorder stops the type: it says nothing.
    let _ = T::deserialize(Recorder { ask, names: &names });
    names.get()
}

/// A deserializer with no data that remembers the names it is asked for.
struct Recorder<'a> {
    ask: Ask,
    names: &'a Cell<Option<&'static [&'static str]>>,
}

/// Why the recorder stopped: it has no data to give.
#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no data: only the names were recorded")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Recorder<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        if self.ask == Ask::Struct {
            self.names.set(Some(fields));
        }
        Err(Stop)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        if self.ask == Ask::Enum {
            self.names.set(Some(variants));
        }
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Sample {
        first: u8,
        #[serde(rename = "second_name", alias = "second")]
        second: String,
        #[serde(skip)]
        computed: bool,
        #[serde(default)]
        last: Option<String>,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Colour {
        DarkRed,
        #[serde(alias = "verde")]
        Green,
        #[serde(skip_deserializing)]
        Hidden,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Flattened {
        own: u8,
        #[serde(flatten)]
        rest: BTreeMap<String, String>,
    }

    #[test]
    fn struct_fields_are_serdes_own_list_in_declaration_order() {
        assert_eq!(
            struct_fields::<Sample>(),
            Some(&["first", "second", "second_name", "last"][..])
        );
        assert_eq!(enum_variants::<Sample>(), None);
    }

    #[test]
    fn enum_variants_are_serdes_own_names() {
        assert_eq!(
            enum_variants::<Colour>(),
            Some(&["dark_red", "green", "verde"][..])
        );
        assert_eq!(struct_fields::<Colour>(), None);
    }

    #[test]
    fn what_is_read_without_names_has_none() {
        assert_eq!(struct_fields::<Flattened>(), None);
        assert_eq!(struct_fields::<u32>(), None);
        assert_eq!(enum_variants::<String>(), None);
    }
}
