//! JSON as `serde_json::to_vec(&serde_json::to_value(x))` writes it —
//! object keys in sorted order, as `serde_json::Value` keeps them — with
//! every string passed through a filter, but written straight from the
//! data: the PDF's data for thousands of recommendations would otherwise
//! be built a second time as a `Value` tree, several times its own size.
//!
//! Maps and the rarer serde shapes are not handled here; `to_vec` then
//! falls back to the `Value` route, so the bytes are the same either way.

use serde::Serialize;
use serde::ser::{self, Impossible};
use std::borrow::Cow;

type Error = serde_json::Error;

/// The bytes of `to_vec(&to_value(value))` with every string value (not the
/// keys) replaced by `fix(string)`.
pub fn to_vec<T: Serialize>(value: &T, fix: fn(&str) -> Cow<'_, str>) -> Result<Vec<u8>, Error> {
    let mut w = Writer { out: Vec::new(), fix };
    match value.serialize(&mut w) {
        Ok(()) => Ok(w.out),
        Err(_) => {
            drop(w);
            let mut v = serde_json::to_value(value)?;
            fix_value(&mut v, fix);
            serde_json::to_vec(&v)
        }
    }
}

fn fix_value(value: &mut serde_json::Value, fix: fn(&str) -> Cow<'_, str>) {
    match value {
        serde_json::Value::String(s) => {
            if let Cow::Owned(fixed) = fix(s) {
                *s = fixed;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| fix_value(v, fix)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| fix_value(v, fix)),
        _ => {}
    }
}

struct Writer {
    out: Vec<u8>,
    fix: fn(&str) -> Cow<'_, str>,
}

fn unsupported() -> Error {
    ser::Error::custom("not written directly")
}

impl Writer {
    fn string(&mut self, s: &str) -> Result<(), Error> {
        let fixed = (self.fix)(s);
        serde_json::to_writer(&mut self.out, fixed.as_ref())
    }

    fn key(&mut self, key: &str) -> Result<(), Error> {
        serde_json::to_writer(&mut self.out, key)?;
        self.out.push(b':');
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Struct<'a>;
    type SerializeStructVariant = Struct<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        serde_json::to_writer(&mut self.out, &v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        serde_json::to_writer(&mut self.out, &v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // A `Value` holds every float as f64.
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if v.is_finite() {
            serde_json::to_writer(&mut self.out, &v)
        } else {
            self.out.extend_from_slice(b"null");
            Ok(())
        }
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(unsupported())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        self.key(variant)?;
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Error> {
        self.out.push(b'[');
        Ok(Seq { w: self, first: true, variant: false })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Seq<'a>, Error> {
        self.out.push(b'{');
        self.key(variant)?;
        self.out.push(b'[');
        Ok(Seq { w: self, first: true, variant: true })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(unsupported())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Struct<'a>, Error> {
        self.out.push(b'{');
        let start = self.out.len();
        Ok(Struct { w: self, start, fields: Vec::new(), variant: false })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Struct<'a>, Error> {
        self.out.push(b'{');
        self.key(variant)?;
        self.out.push(b'{');
        let start = self.out.len();
        Ok(Struct { w: self, start, fields: Vec::new(), variant: true })
    }
    fn serialize_i128(self, _: i128) -> Result<(), Error> {
        Err(unsupported())
    }
    fn serialize_u128(self, _: u128) -> Result<(), Error> {
        Err(unsupported())
    }
}

struct Seq<'a> {
    w: &'a mut Writer,
    first: bool,
    /// Inside `{"Variant":[` (a tuple variant), which needs `]}` to close.
    variant: bool,
}

impl Seq<'_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        if !self.first {
            self.w.out.push(b',');
        }
        self.first = false;
        value.serialize(&mut *self.w)
    }

    fn close(self) -> Result<(), Error> {
        self.w.out.push(b']');
        if self.variant {
            self.w.out.push(b'}');
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// The fields of a struct are written in the order they come, each as
/// `"key":value`, and put in key order at the end if they came otherwise.
struct Struct<'a> {
    w: &'a mut Writer,
    /// Where the first field starts in the output.
    start: usize,
    /// Each field's key and where its `"key":value` lies in the output.
    fields: Vec<(&'static str, usize, usize)>,
    /// Inside `{"Variant":{` (a struct variant), which needs `}}` to close.
    variant: bool,
}

impl Struct<'_> {
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        if !self.fields.is_empty() {
            self.w.out.push(b',');
        }
        let from = self.w.out.len();
        self.w.key(key)?;
        value.serialize(&mut *self.w)?;
        self.fields.push((key, from, self.w.out.len()));
        Ok(())
    }

    fn close(mut self) -> Result<(), Error> {
        let sorted = self.fields.windows(2).all(|p| p[0].0 < p[1].0);
        if !sorted {
            // A `Value` object holds one entry per key, the last one given.
            self.fields.sort_by_key(|f| f.0);
            let mut unique: Vec<(&str, usize, usize)> = Vec::with_capacity(self.fields.len());
            for f in self.fields.drain(..) {
                match unique.last_mut() {
                    Some(last) if last.0 == f.0 => {
                        // Stable sort: `f` was given later.
                        *last = f;
                    }
                    _ => unique.push(f),
                }
            }
            let written = self.w.out.split_off(self.start);
            for (i, (_, from, to)) in unique.iter().enumerate() {
                if i > 0 {
                    self.w.out.push(b',');
                }
                self.w.out.extend_from_slice(&written[from - self.start..to - self.start]);
            }
        }
        self.w.out.push(b'}');
        if self.variant {
            self.w.out.push(b'}');
        }
        Ok(())
    }
}

impl ser::SerializeStruct for Struct<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Struct<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn shout(s: &str) -> Cow<'_, str> {
        if s.contains('x') { Cow::Owned(s.replace('x', "X")) } else { Cow::Borrowed(s) }
    }

    /// What this module must equal.
    fn via_value<T: Serialize>(value: &T) -> Vec<u8> {
        let mut v = serde_json::to_value(value).unwrap();
        fix_value(&mut v, shout);
        serde_json::to_vec(&v).unwrap()
    }

    fn same<T: Serialize>(value: &T) {
        let fast = to_vec(value, shout).unwrap();
        assert_eq!(String::from_utf8_lossy(&fast), String::from_utf8_lossy(&via_value(value)));
    }

    #[derive(Serialize)]
    #[serde(tag = "t", rename_all = "lowercase")]
    enum Tagged {
        Para { c: Vec<Tagged>, align: Option<&'static str> },
        Text { v: String },
        Br,
    }

    #[derive(Serialize)]
    enum External {
        Unit,
        New(u8),
        Tuple(i32, String),
        Struct { zeta: bool, alpha: f32 },
    }

    #[derive(Serialize)]
    struct Outer {
        zebra: Vec<Tagged>,
        apple: Option<String>,
        mango: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        ext: Vec<External>,
        tuple: (u8, char, &'static str),
        unit: (),
        float: f64,
        nan: f64,
        neg: i64,
        quote: &'static str,
    }

    #[test]
    fn writes_what_the_value_route_writes() {
        let outer = Outer {
            zebra: vec![
                Tagged::Para {
                    c: vec![Tagged::Text { v: "a \"x\" \\ \u{1} \u{7f} é".into() }, Tagged::Br],
                    align: None,
                },
                Tagged::Text { v: "xx".into() },
            ],
            apple: Some("appel".into()),
            mango: None,
            skipped: None,
            ext: vec![
                External::Unit,
                External::New(7),
                External::Tuple(-3, "x".into()),
                External::Struct { zeta: true, alpha: 1.1 },
            ],
            tuple: (1, 'x', "y"),
            unit: (),
            float: 0.1,
            nan: f64::NAN,
            neg: -12,
            quote: "\n\t</script>",
        };
        same(&outer);
        same(&vec![Some(1u8), None]);
        same(&"x");
    }

    #[test]
    fn maps_take_the_value_route() {
        let mut m = BTreeMap::new();
        m.insert("b", "x");
        m.insert("a", "y");
        same(&m);
        same(&vec![m]);
    }
}
