//! Reading a YAML tree into Rust types with serde. The struct derives name
//! their own fields (serde hands them to `deserialize_struct`), so a key
//! no struct has is found here, without a list of field names kept by
//! hand; it is collected and skipped, and reading goes on. A value of the
//! wrong kind stops the reading at that value's node, with its path.
//!
//! Scalars follow YAML 1.2's core schema: only a plain scalar is a number,
//! a boolean or null; any scalar reads as text where text is asked for
//! (`wanneer: 2024` is a year to us, a number to YAML).

use super::tree::{Kind, Mark, NULLS, Node};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use std::cell::RefCell;
use std::fmt;

/// A key that the struct at its place does not have.
#[derive(Debug, Clone)]
pub struct Unknown {
    pub name: String,
    pub at: Mark,
    pub len: u32,
    /// The Rust name of the struct (`MilestoneEntry`) and its fields.
    pub owner: &'static str,
    pub fields: &'static [&'static str],
}

pub(super) fn read<'a, T: de::Deserialize<'a>>(root: &'a Node) -> (Result<T, Error>, Vec<Unknown>) {
    let unknown = RefCell::new(Vec::new());
    let result = T::deserialize(De { node: root, path: Path::Root, unknown: &unknown });
    (result, unknown.into_inner())
}

/// Where a node is, written as serde_yaml_ng did: `mijlpalen[0].gereed`.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, k) => f.write_str(k),
            Path::Key(p, k) => write!(f, "{p}.{k}"),
            Path::Index(p, i) => write!(f, "{p}[{i}]"),
        }
    }
}

#[derive(Debug)]
pub struct Error {
    message: String,
    /// `invalid type`: said as "wrong kind of value for `path`".
    wrong_kind: bool,
    path: String,
    /// The node the error is about, once known.
    pub at: Option<(Mark, u32)>,
}

impl Error {
    pub fn message(&self) -> String {
        match (self.wrong_kind, self.path.is_empty()) {
            (true, true) => format!("wrong kind of value: {}", self.message),
            (true, false) => format!("wrong kind of value for `{}`: {}", self.path, self.message),
            (false, true) => self.message.clone(),
            (false, false) => format!("{}: {}", self.path, self.message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error { message: msg.to_string(), wrong_kind: false, path: String::new(), at: None }
    }

    fn invalid_type(unexp: Unexpected, exp: &dyn de::Expected) -> Self {
        Error { message: format!("{unexp}, expected {exp}"), wrong_kind: true, path: String::new(), at: None }
    }
}

/// A plain scalar as YAML's core schema reads it.
enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'a str),
}

/// Whether a plain scalar with this text is a string (not null, a boolean
/// or a number): what the emitter asks before writing a string plain.
pub(super) fn is_plain_string(text: &str) -> bool {
    matches!(resolve(text, true), Resolved::Str(_))
}

fn resolve(text: &str, plain: bool) -> Resolved<'_> {
    if !plain {
        return Resolved::Str(text);
    }
    if NULLS.contains(&text) {
        return Resolved::Null;
    }
    match text {
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(u) = text.strip_prefix('+').unwrap_or(text).parse::<u64>() {
            return Resolved::Uint(u);
        }
        if let Ok(i) = text.parse::<i64>() {
            return Resolved::Int(i);
        }
    }
    let radix = [("0x", 16), ("0o", 8)].into_iter().find_map(|(p, r)| text.strip_prefix(p).map(|t| (t, r)));
    if let Some((number, radix)) = radix
        && let Ok(u) = u64::from_str_radix(number, radix)
    {
        return Resolved::Uint(u);
    }
    let float_like = digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if float_like && let Ok(f) = text.parse::<f64>() {
        return Resolved::Float(f);
    }
    Resolved::Str(text)
}

struct De<'n, 'p> {
    node: &'n Node,
    path: Path<'p>,
    unknown: &'p RefCell<Vec<Unknown>>,
}

impl<'n> De<'n, '_> {
    /// Gives an error from below this node this node's place, unless it
    /// already has one of a node further in.
    fn locate(&self, mut e: Error) -> Error {
        if e.at.is_none() {
            e.at = Some((self.node.at, self.node.len));
            e.path = self.path.to_string();
        }
        e
    }

    fn unexpected(&self) -> Unexpected<'n> {
        match &self.node.kind {
            Kind::Seq(_) => Unexpected::Seq,
            Kind::Map(_) => Unexpected::Map,
            Kind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => Unexpected::Unit,
                Resolved::Bool(b) => Unexpected::Bool(b),
                Resolved::Int(i) => Unexpected::Signed(i),
                Resolved::Uint(u) => Unexpected::Unsigned(u),
                Resolved::Float(f) => Unexpected::Float(f),
                Resolved::Str(s) => Unexpected::Str(s),
            },
        }
    }

    fn wrong_kind<V: Visitor<'n>>(&self, visitor: &V) -> Error {
        self.locate(de::Error::invalid_type(self.unexpected(), visitor))
    }

    fn is_null(&self) -> bool {
        matches!(&self.node.kind, Kind::Scalar { text, plain } if matches!(resolve(text, *plain), Resolved::Null))
    }

    fn visit_map<V: Visitor<'n>>(self, visitor: V, fields: Option<&'static [&'static str]>) -> Result<V::Value, Error> {
        let entries: &'n [(Node, Node)] = match &self.node.kind {
            Kind::Map(entries) => entries,
            // An empty file or `key:` with nothing after it: no fields.
            _ if self.is_null() => &[],
            _ => return Err(self.wrong_kind(&visitor)),
        };
        let access = Entries { entries, next: 0, path: self.path, unknown: self.unknown, fields };
        visitor.visit_map(access).map_err(|e| self.locate(e))
    }
}

impl<'n> Deserializer<'n> for De<'n, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.node.kind {
            Kind::Seq(items) => visitor.visit_seq(Items { items, next: 0, path: self.path, unknown: self.unknown }),
            Kind::Map(_) => return self.visit_map(visitor, None),
            Kind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Int(i) => visitor.visit_i64(i),
                Resolved::Uint(u) => visitor.visit_u64(u),
                Resolved::Float(f) => visitor.visit_f64(f),
                Resolved::Str(s) => visitor.visit_borrowed_str(s),
            },
        };
        result.map_err(|e| self.locate(e))
    }

    fn deserialize_bool<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Bool(b) => visitor.visit_bool(b).map_err(|e| self.locate(e)),
                _ => Err(self.wrong_kind(&visitor)),
            },
            _ => Err(self.wrong_kind(&visitor)),
        }
    }

    /// Any scalar is text where text is asked for; null, a list or a
    /// mapping is not.
    fn deserialize_str<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar { text, .. } if !self.is_null() => {
                visitor.visit_borrowed_str(text).map_err(|e| self.locate(e))
            }
            _ => Err(self.wrong_kind(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_null() { visitor.visit_none().map_err(|e| self.locate(e)) } else { visitor.visit_some(self) }
    }

    fn deserialize_unit<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_null() { visitor.visit_unit().map_err(|e| self.locate(e)) } else { Err(self.wrong_kind(&visitor)) }
    }

    fn deserialize_unit_struct<V: Visitor<'n>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'n>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Seq(items) => visitor
                .visit_seq(Items { items, next: 0, path: self.path, unknown: self.unknown })
                .map_err(|e| self.locate(e)),
            _ => Err(self.wrong_kind(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'n>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'n>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        self.visit_map(visitor, None)
    }

    /// The keys the struct does not have are recorded and skipped.
    fn deserialize_struct<V: Visitor<'n>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if let Kind::Map(entries) = &self.node.kind {
            let mut unknown = self.unknown.borrow_mut();
            for (key, _) in entries {
                let text = key.text().unwrap_or("?");
                if !fields.contains(&text) {
                    let at = key.at;
                    unknown.push(Unknown { name: text.to_string(), at, len: key.len, owner: name, fields });
                }
            }
        }
        self.visit_map(visitor, Some(fields))
    }

    fn deserialize_enum<V: Visitor<'n>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar { text, .. } => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(text)).map_err(|e| self.locate(e))
            }
            _ => Err(self.wrong_kind(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'n>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'n>>
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 bytes byte_buf
    }
}

struct Items<'n, 'p> {
    items: &'n [Node],
    next: usize,
    path: Path<'p>,
    unknown: &'p RefCell<Vec<Unknown>>,
}

impl<'n> SeqAccess<'n> for Items<'n, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'n>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.items.get(self.next) else { return Ok(None) };
        let i = self.next;
        self.next += 1;
        seed.deserialize(De { node, path: Path::Index(&self.path, i), unknown: self.unknown }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Entries<'n, 'p> {
    entries: &'n [(Node, Node)],
    next: usize,
    path: Path<'p>,
    unknown: &'p RefCell<Vec<Unknown>>,
    /// A struct's fields: other keys are skipped (and were recorded).
    fields: Option<&'static [&'static str]>,
}

impl<'n> MapAccess<'n> for Entries<'n, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'n>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        while let Some((key, _)) = self.entries.get(self.next) {
            let known = match self.fields {
                Some(fields) => key.text().is_some_and(|k| fields.contains(&k)),
                None => true,
            };
            if known {
                return seed.deserialize(De { node: key, path: self.path, unknown: self.unknown }).map(Some);
            }
            self.next += 1;
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'n>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let (key, node) = &self.entries[self.next];
        self.next += 1;
        let name = key.text().unwrap_or("?");
        seed.deserialize(De { node, path: Path::Key(&self.path, name), unknown: self.unknown })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree;
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Milestone {
        wanneer: String,
        #[serde(default)]
        gereed: bool,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Front {
        jaar: Option<i32>,
        #[serde(default)]
        mijlpalen: Vec<Milestone>,
    }

    fn read_str<T: for<'a> Deserialize<'a>>(text: &str) -> (Result<T, Error>, Vec<Unknown>) {
        let root = tree::parse(text).unwrap();
        let (r, u) = read::<T>(&root);
        (r, u)
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let (r, _) = read_str::<Front>("jaar: 2030\nmijlpalen:\n  - wanneer: 2024\n    gereed: true\n");
        assert_eq!(
            r.unwrap(),
            Front { jaar: Some(2030), mijlpalen: vec![Milestone { wanneer: "2024".into(), gereed: true }] }
        );
        let (r, _) = read_str::<Front>("jaar: \"2030\"\n");
        let e = r.unwrap_err();
        assert_eq!(e.message(), "wrong kind of value for `jaar`: string \"2030\", expected i32");
        assert_eq!(e.at, Some((Mark { line: 1, col: 6 }, 6)));
    }

    #[test]
    fn unknown_fields_are_collected_at_every_depth() {
        let (r, u) = read_str::<Front>("jaar: 1\njar: 2\nmijlpalen: [{wanneer: x, gerede: true}]\n");
        assert!(r.is_ok());
        let names: Vec<(&str, &str, Mark)> = u.iter().map(|u| (u.name.as_str(), u.owner, u.at)).collect();
        assert_eq!(
            names,
            [("jar", "Front", Mark { line: 2, col: 0 }), ("gerede", "Milestone", Mark { line: 3, col: 25 })]
        );
    }

    #[test]
    fn a_wrong_value_in_a_multi_line_flow_sequence_is_at_its_place() {
        let text = "jaar: 1\nmijlpalen: [\n  {wanneer: a},\n  {wanneer: b,\n   gereed: misschien}\n]\n";
        let e = read_str::<Front>(text).0.unwrap_err();
        assert_eq!(
            e.message(),
            "wrong kind of value for `mijlpalen[1].gereed`: string \"misschien\", expected a boolean"
        );
        assert_eq!(e.at, Some((Mark { line: 5, col: 11 }, 9)));
    }

    #[test]
    fn an_empty_document_has_no_fields() {
        let e = read_str::<Milestone>("").0.unwrap_err();
        assert_eq!(e.message(), "missing field `wanneer`");
    }
}
