//! The model as templates see it: a record handed to a page is a template
//! object over the shared record ([`Value::from_object`]), not a copy. A field
//! is turned into a template value only when a template reads it, through
//! the record's own `Serialize` (so templates see the names and values serde
//! gives, and nothing is listed twice); a list field tells its length
//! without being converted, and is converted once if a template walks it.
//!
//! Each object also notes, the first time a template reads it, that the page
//! being rendered reads that record (see [`super::deps`]).

use super::deps::{Dep, Reads};
use crate::model::Record;
use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};
use serde::ser::{self, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Which part of a record an object shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The record: its common fields, `data`, `files`, `status`…
    Record,
    /// `record.data`: the fields of its kind.
    Data,
}

/// A record, or its kind's fields, as a template object.
#[derive(Debug)]
pub struct RecordObject {
    record: Arc<Record>,
    part: Part,
    /// Where to note that the page reads this record.
    reads: Option<Reads>,
    /// The ward the record is read in (a shared record is in every ward).
    ward: Arc<str>,
    noted: AtomicBool,
    /// The fields, converted together the first time a template reads one.
    fields: OnceLock<Vec<(String, Value)>>,
}

impl RecordObject {
    /// The template value of `record`, read in `ward`; reads are noted in
    /// `reads` when given.
    pub fn value(record: &Arc<Record>, ward: &Arc<str>, reads: Option<&Reads>) -> Value {
        Value::from_object(RecordObject::new(record, ward, reads, Part::Record))
    }

    fn new(record: &Arc<Record>, ward: &Arc<str>, reads: Option<&Reads>, part: Part) -> Self {
        RecordObject {
            record: Arc::clone(record),
            part,
            reads: reads.cloned(),
            ward: Arc::clone(ward),
            noted: AtomicBool::new(false),
            fields: OnceLock::new(),
        }
    }

    /// The record behind a template value made by [`RecordObject::value`]
    /// (or its `data`), noting the read.
    pub fn record_of(value: &Value) -> Option<&Record> {
        let object = value.downcast_object_ref::<RecordObject>()?;
        object.note();
        Some(&object.record)
    }

    /// Notes, once, that the page reads this record.
    fn note(&self) {
        if let Some(reads) = &self.reads {
            if !self.noted.swap(true, Ordering::Relaxed) {
                reads.add(Dep::Record(self.ward.to_string(), self.record.id.clone()));
            }
        }
    }

    /// Hands the part shown to `f` as something serde can walk.
    fn with_target<R>(&self, f: impl FnOnce(&dyn Target) -> R) -> R {
        match self.part {
            Part::Record => f(&*self.record),
            Part::Data => f(&self.record.data),
        }
    }

    fn field(&self, key: &str) -> Option<Value> {
        self.note();
        self.fields()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Every field serde writes, in its order; lists as [`List`]s and, for
    /// a record, `data` as an object of its own. A key written twice (a
    /// flattened part's `status`, then the record's) keeps the last value,
    /// as a serde conversion would.
    fn fields(&self) -> &[(String, Value)] {
        self.fields.get_or_init(|| {
            let mut fields: Vec<(String, Value)> = Vec::with_capacity(24);
            let record = &self.record;
            let part = self.part;
            self.with_target(|t| {
                // A record's `data` is an object of its own, made below.
                let skip = (part == Part::Record).then_some("data");
                t.walk(skip, &mut |key: &str, value: Field| {
                    let value = match value {
                        Field::Seq(len) => Value::from_object(List {
                            record: Arc::clone(record),
                            part,
                            key: key.to_string(),
                            len,
                            items: OnceLock::new(),
                        }),
                        Field::Value(v) => v,
                    };
                    match fields.iter_mut().find(|(k, _)| k == key) {
                        Some(slot) => slot.1 = value,
                        None => fields.push((key.to_string(), value)),
                    }
                })
            });
            if self.part == Part::Record {
                let data = RecordObject::new(record, &self.ward, self.reads.as_ref(), Part::Data);
                data.noted.store(true, Ordering::Relaxed);
                let data = Value::from_object(data);
                match fields.iter_mut().find(|(k, _)| k == "data") {
                    Some(slot) => slot.1 = data,
                    None => fields.push(("data".to_string(), data)),
                }
            }
            fields
        })
    }
}

impl Object for RecordObject {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.field(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.field(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.note();
        Enumerator::Values(
            self.fields()
                .iter()
                .map(|(k, _)| Value::from(k.as_str()))
                .collect(),
        )
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.fields().len())
    }
}

/// A list field of a record (receipts, parcels, tasks…): its length is known
/// at once; its items are converted the first time a template walks it.
#[derive(Debug)]
struct List {
    record: Arc<Record>,
    part: Part,
    key: String,
    len: usize,
    items: OnceLock<Vec<Value>>,
}

impl List {
    fn items(&self) -> &[Value] {
        self.items.get_or_init(|| {
            let found = match self.part {
                Part::Record => self.record.convert(&self.key),
                Part::Data => self.record.data.convert(&self.key),
            };
            found
                .and_then(|v| v.try_iter().ok().map(|it| it.collect()))
                .unwrap_or_default()
        })
    }
}

impl Object for List {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = usize::try_from(key.clone()).ok()?;
        self.items().get(i).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.items().to_vec())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.len)
    }

    fn is_true(self: &Arc<Self>) -> bool {
        self.len > 0
    }
}

/// A field as a walk gives it.
enum Field {
    /// A list, by its length.
    Seq(usize),
    /// Anything else, converted.
    Value(Value),
}

/// Something whose fields can be read through serde.
trait Target {
    /// Hands every field serde writes but `skip` to `f`, lists by their
    /// length only.
    fn walk(&self, skip: Option<&str>, f: &mut dyn FnMut(&str, Field));
    /// The field `key` converted in full (the last one, if written twice);
    /// `None` when serde does not write it.
    fn convert(&self, key: &str) -> Option<Value>;
}

impl<T: Serialize> Target for T {
    fn walk(&self, skip: Option<&str>, f: &mut dyn FnMut(&str, Field)) {
        let mut walker = Walker {
            only: None,
            skip,
            lists: true,
            f,
            current: String::new(),
        };
        // A value that is not a struct ends the walk with an "error".
        let _ = self.serialize(&mut walker);
    }

    fn convert(&self, key: &str) -> Option<Value> {
        let mut found = None;
        let mut keep = |_: &str, field: Field| {
            if let Field::Value(v) = field {
                found = Some(v);
            }
        };
        let mut walker = Walker {
            only: Some(key),
            skip: None,
            lists: false,
            f: &mut keep,
            current: String::new(),
        };
        let _ = self.serialize(&mut walker);
        found
    }
}

/// The name serde gives a value of a plain enum (`not_started`, `posted`…).
pub fn variant_name<T: Serialize>(value: &T) -> Option<&'static str> {
    value.serialize(VariantName).ok()
}

/// A serializer that walks one struct (or the map serde writes for a struct
/// with a flattened part) and hands its fields on.
struct Walker<'a> {
    /// Only this field, when set.
    only: Option<&'a str>,
    /// Not this field, when set.
    skip: Option<&'a str>,
    /// Whether lists are given by their length only.
    lists: bool,
    f: &'a mut dyn FnMut(&str, Field),
    /// The key of the map entry being written.
    current: String,
}

impl Walker<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Stop> {
        if self.only.is_some_and(|k| k != name) || self.skip == Some(name) {
            return Ok(());
        }
        let field = match value.serialize(SeqLen) {
            Err(Len(Some(len))) if self.lists => Field::Seq(len),
            _ => Field::Value(ser(value)),
        };
        (self.f)(name, field);
        Ok(())
    }
}

/// Ends a walk: the value is not a struct.
#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stop")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

/// Methods of a serializer that only stops.
macro_rules! stop {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Self::Ok, Stop> { Err(Stop) })*
    };
}

/// The `Serialize*` associated types of a serializer that only stops.
macro_rules! stop_types {
    () => {
        type SerializeSeq = ser::Impossible<Self::Ok, Stop>;
        type SerializeTuple = ser::Impossible<Self::Ok, Stop>;
        type SerializeTupleStruct = ser::Impossible<Self::Ok, Stop>;
        type SerializeTupleVariant = ser::Impossible<Self::Ok, Stop>;
        type SerializeStructVariant = ser::Impossible<Self::Ok, Stop>;
    };
}

/// The scalar methods of a serializer that only stops.
macro_rules! stop_scalars {
    () => {
        stop!(
            serialize_bool(bool),
            serialize_i8(i8),
            serialize_i16(i16),
            serialize_i32(i32),
            serialize_i64(i64),
            serialize_u8(u8),
            serialize_u16(u16),
            serialize_u32(u32),
            serialize_u64(u64),
            serialize_f32(f32),
            serialize_f64(f64),
            serialize_char(char),
            serialize_bytes(&[u8]),
            serialize_none(),
            serialize_unit(),
            serialize_unit_struct(&'static str),
        );
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Self::Ok, Stop> {
            Err(Stop)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, Stop> {
            Err(Stop)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, Stop> {
            Err(Stop)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
            Err(Stop)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Stop> {
            Err(Stop)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Stop> {
            Err(Stop)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Stop> {
            Err(Stop)
        }
    };
}

impl<'a, 'b> ser::Serializer for &'a mut Walker<'b> {
    type Ok = ();
    type Error = Stop;
    stop_types!();
    type SerializeMap = Self;
    type SerializeStruct = Self;
    stop_scalars!();
    stop!(serialize_str(&str));
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Err(Stop)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
}

impl ser::SerializeStruct for &mut Walker<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Walker<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        self.current.clear();
        key.serialize(KeyName(&mut self.current))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        let key = std::mem::take(&mut self.current);
        let r = self.field(&key, value);
        self.current = key;
        r
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

/// The length of a sequence, without converting it: the walk stops at
/// once, with the length as its "error" ([`Len`]).
struct SeqLen;

/// How a [`SeqLen`] walk ended: with a sequence's length, or not a sequence.
#[derive(Debug)]
struct Len(Option<usize>);

impl std::fmt::Display for Len {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for Len {}

impl ser::Error for Len {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Len(None)
    }
}

/// Methods of [`SeqLen`] for what is not a sequence.
macro_rules! not_seq {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<(), Len> { Err(Len(None)) })*
    };
}

impl ser::Serializer for SeqLen {
    type Ok = ();
    type Error = Len;
    type SerializeSeq = ser::Impossible<(), Len>;
    type SerializeTuple = ser::Impossible<(), Len>;
    type SerializeTupleStruct = ser::Impossible<(), Len>;
    type SerializeTupleVariant = ser::Impossible<(), Len>;
    type SerializeStructVariant = ser::Impossible<(), Len>;
    type SerializeMap = ser::Impossible<(), Len>;
    type SerializeStruct = ser::Impossible<(), Len>;
    not_seq!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Len> {
        Err(Len(None))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Len> {
        Err(Len(None))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Len> {
        Err(Len(None))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, Len> {
        Err(Len(len))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Len> {
        Err(Len(None))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Len> {
        Err(Len(None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Len> {
        Err(Len(None))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Len> {
        Err(Len(None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Len> {
        Err(Len(None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Len> {
        Err(Len(None))
    }
}

/// The name of a struct field written as a map key (a flattened struct),
/// copied into a buffer.
struct KeyName<'b>(&'b mut String);

impl ser::Serializer for KeyName<'_> {
    type Ok = ();
    type Error = Stop;
    stop_types!();
    type SerializeMap = ser::Impossible<(), Stop>;
    type SerializeStruct = ser::Impossible<(), Stop>;
    stop_scalars!();
    fn serialize_str(self, v: &str) -> Result<(), Stop> {
        self.0.push_str(v);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Err(Stop)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop)
    }
}

/// The serde name of a unit variant.
struct VariantName;

impl ser::Serializer for VariantName {
    type Ok = &'static str;
    type Error = Stop;
    stop_types!();
    type SerializeMap = ser::Impossible<&'static str, Stop>;
    type SerializeStruct = ser::Impossible<&'static str, Stop>;
    stop_scalars!();
    stop!(serialize_str(&str));
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, Stop> {
        Ok(variant)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop)
    }
}

/// A value converted through serde.
fn ser<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from(Serde(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::model::Kind;

    fn site() -> crate::model::Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let today = Date::parse("2026-11-22").expect("date");
        crate::build::check(&root, today, &[]).expect("check").site
    }

    /// What a template sees of `v`, with lists walked.
    fn plain(v: &Value) -> serde_json::Value {
        serde_json::to_value(v).expect("json")
    }

    #[test]
    fn a_record_object_shows_what_serde_shows() {
        let site = site();
        let ward: Arc<str> = Arc::from("ban-co");
        let mut kinds = std::collections::BTreeSet::new();
        for r in site.wards.iter().flat_map(|w| w.records.iter()) {
            kinds.insert(r.kind);
            let object = RecordObject::value(r, &ward, None);
            let serde = ser(&**r);
            assert_eq!(plain(&object), plain(&serde), "{}", r.id);
            // Field by field, lists by their length too.
            for key in serde.try_iter().expect("keys") {
                let (a, b) = (
                    object.get_item(&key).expect("object"),
                    serde.get_item(&key).expect("serde"),
                );
                assert_eq!(plain(&a), plain(&b), "{}.{key}", r.id);
                assert_eq!(a.len(), b.len(), "{}.{key}", r.id);
                assert_eq!(a.is_true(), b.is_true(), "{}.{key}", r.id);
            }
            let missing = object.get_attr("no_such_field").expect("attr");
            assert!(missing.is_undefined());
        }
        assert_eq!(kinds.len(), Kind::ALL.len(), "the fixture has every kind");
    }

    #[test]
    fn reading_a_record_notes_it_once() {
        let site = site();
        let r = &site.wards[0].records[0];
        let reads = Reads::default();
        let ward: Arc<str> = Arc::from(site.wards[0].slug.as_str());
        let object = RecordObject::value(r, &ward, Some(&reads));
        assert!(reads.take().is_empty(), "not read yet");
        let _ = object.get_attr("title");
        let _ = object.get_attr("data");
        assert_eq!(
            reads.take(),
            vec![Dep::Record(site.wards[0].slug.clone(), r.id.clone())]
        );
    }

    #[test]
    fn enum_values_have_their_serde_names() {
        use crate::model::plan::TaskStatus;
        assert_eq!(variant_name(&TaskStatus::NotStarted), Some("not_started"));
        assert_eq!(variant_name(&crate::model::Status::Posted), Some("posted"));
        assert_eq!(variant_name(&"text"), None);
    }
}
