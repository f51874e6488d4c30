//! YAML front matter: read into a tree that knows where each value was written, and
//! deserialized into the same typed schemas as TOML, so that both report a wrong
//! value at its line.
//!
//! A plain scalar (`weight: 10`, `version: 2.10`, `date: 2025-10-04`) is read as what
//! the field asks for: a number where a number is wanted, its text where text is, as
//! YAML readers that follow the core schema do for typed data. Quoted scalars are
//! always text.

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// A value and the bytes of the front matter it was written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text as written, and whether it was plain (unquoted, not a block).
    Scalar(String, bool),
    Seq(Vec<Node>),
    /// Keys and values in the order written.
    Map(Vec<(Node, Node)>),
}

/// What went wrong, and where in the front matter (bytes), when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl Error {
    fn at(mut self, span: &Range<usize>) -> Error {
        if self.span.is_none() {
            self.span = Some(span.clone());
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            span: None,
        }
    }
}

/// Byte offsets of the start of each line, to turn the parser's line and column
/// (in characters) into a byte offset.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// `line` is 1-based, `col` 0-based in characters.
    fn offset(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(col)
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

/// Reads a front matter: a mapping of keys (an empty front matter is an empty one).
pub fn parse(text: &str) -> Result<Node, Error> {
    let lines = Lines::new(text);
    let span = |s: &saphyr_parser::Span| {
        lines.offset(s.start.line(), s.start.col())..lines.offset(s.end.line(), s.end.col())
    };
    let scan_error = |e: ScanError| {
        let at = lines.offset(e.marker().line(), e.marker().col());
        Error {
            message: format!("YAML: {}", e.info()),
            span: Some(at..at),
        }
    };
    // Open collections: the node being filled, and its anchor.
    let mut stack: Vec<(Node, usize)> = Vec::new();
    // Each anchored value, and how many values and bytes of text it holds (an alias
    // repeats them all).
    let mut anchors: HashMap<usize, (Node, (usize, usize))> = HashMap::new();
    let (mut values, mut bytes) = (0usize, 0usize);
    let mut root: Option<Node> = None;
    // A mapping gets a key, then a value: a key waits here for its value.
    let mut keys: Vec<Option<Node>> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, at) = event.map_err(scan_error)?;
        let (more_values, more_bytes) = match &event {
            Event::Scalar(text, ..) => (1, text.len()),
            Event::SequenceStart(..) | Event::MappingStart(..) => (1, 0),
            Event::Alias(id) => anchors.get(id).map_or((0, 0), |(_, size)| *size),
            _ => (0, 0),
        };
        values += more_values;
        bytes += more_bytes;
        if values > MAX_VALUES || bytes > MAX_BYTES {
            return Err(Error {
                message: format!(
                    "YAML: the front matter holds more than {MAX_VALUES} values or {MAX_BYTES} bytes of text once its aliases are repeated"
                ),
                span: Some(span(&at)),
            });
        }
        let done: Option<(Node, usize)> = match event {
            Event::Scalar(text, style, anchor, _) => Some((
                Node {
                    span: span(&at),
                    value: Value::Scalar(text.into_owned(), style == ScalarStyle::Plain),
                },
                anchor,
            )),
            Event::Alias(id) => {
                let Some((node, _)) = anchors.get(&id) else {
                    return Err(Error {
                        message: "YAML: an alias to an anchor that is not defined".into(),
                        span: Some(span(&at)),
                    });
                };
                Some((
                    Node {
                        span: span(&at),
                        value: node.value.clone(),
                    },
                    0,
                ))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let value = match event {
                    Event::SequenceStart(..) => Value::Seq(Vec::new()),
                    _ => Value::Map(Vec::new()),
                };
                let span = span(&at);
                stack.push((Node { span, value }, anchor));
                keys.push(None);
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                keys.pop();
                stack.pop()
            }
            Event::DocumentEnd if root.is_some() || stack.is_empty() => break,
            _ => None,
        };
        let Some((node, anchor)) = done else { continue };
        if anchor != 0 {
            let size = node.size();
            anchors.insert(anchor, (node.clone(), size));
        }
        match stack.last_mut() {
            None => {
                root = Some(node);
                break;
            }
            Some((parent, _)) => {
                let key = keys.last_mut().expect("one key slot per open collection");
                match &mut parent.value {
                    Value::Seq(items) => items.push(node),
                    Value::Map(entries) => match key.take() {
                        None => *key = Some(node),
                        Some(k) => entries.push((k, node)),
                    },
                    Value::Scalar(..) => {}
                }
            }
        }
    }
    match root {
        None => Ok(Node {
            span: 0..0,
            value: Value::Map(Vec::new()),
        }),
        Some(
            node @ Node {
                value: Value::Map(_),
                ..
            },
        ) => Ok(node),
        Some(Node {
            value: Value::Scalar(text, true),
            ..
        }) if is_null(&text) => Ok(Node {
            span: 0..0,
            value: Value::Map(Vec::new()),
        }),
        Some(node) => Err(Error {
            message: "YAML front matter must be keys and values (`title: Disk full`)".into(),
            span: Some(node.span),
        }),
    }
}

/// More values, and more text, than any front matter needs: past them, aliases are
/// multiplying a small text into a large tree.
const MAX_VALUES: usize = 10_000;
const MAX_BYTES: usize = 4 << 20;

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar as the YAML 1.2 core schema reads it.
enum Plain<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(&'a str),
}

fn resolve(text: &str) -> Plain<'_> {
    if is_null(text) {
        return Plain::Null;
    }
    match text {
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Plain::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if let Some(hex) = text.strip_prefix("0x") {
        if digits(hex, 16) {
            if let Ok(n) = i64::from_str_radix(hex, 16) {
                return Plain::Int(n);
            }
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if digits(oct, 8) {
            if let Ok(n) = i64::from_str_radix(oct, 8) {
                return Plain::Int(n);
            }
        }
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits(unsigned, 10) {
        if let Ok(n) = text.parse() {
            return Plain::Int(n);
        }
    }
    let number_like = unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
    if number_like {
        if let Ok(x) = text.parse() {
            return Plain::Float(x);
        }
    }
    Plain::Text(text)
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.value {
            Value::Scalar(text, true) => match resolve(text) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(n) => visitor.visit_i64(n),
                Plain::Float(x) => visitor.visit_f64(x),
                Plain::Text(t) => visitor.visit_borrowed_str(t),
            },
            Value::Scalar(text, false) => visitor.visit_borrowed_str(text),
            Value::Seq(items) => visitor.visit_seq(Items {
                items: items.iter(),
            }),
            Value::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.at(&self.span))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar(text, true) if is_null(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// Any scalar reads as text where text is asked for: `version: 2.10` stays "2.10".
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar(text, plain) if !(*plain && is_null(text)) => visitor
                .visit_borrowed_str(text)
                .map_err(|e: Error| e.at(&self.span)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar(text, _) => visitor
                .visit_enum(text.as_str().into_deserializer())
                .map_err(|e: Error| e.at(&self.span)),
            _ => Err(Error {
                message: "expected one of the names listed for this key, found a list or table"
                    .into(),
                span: Some(self.span.clone()),
            }),
        }
    }

    /// A key is its text, whatever it looks like (`1: x`, `true: y`).
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar(text, _) => visitor
                .visit_borrowed_str(text)
                .map_err(|e: Error| e.at(&self.span)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit_struct seq tuple tuple_struct map struct
    }
}

struct Items<'a> {
    items: std::slice::Iter<'a, Node>,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(node)
                .map(Some)
                .map_err(|e| e.at(&node.span)),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key).map(Some).map_err(|e| e.at(&key.span))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().ok_or_else(|| Error {
            message: "a value was asked for before its key".into(),
            span: None,
        })?;
        seed.deserialize(value).map_err(|e| e.at(&value.span))
    }
}

impl Node {
    /// How many values the node holds, itself included, and how many bytes of text.
    fn size(&self) -> (usize, usize) {
        let add = |(a, b): (usize, usize), (c, d): (usize, usize)| (a + c, b + d);
        match &self.value {
            Value::Scalar(text, _) => (1, text.len()),
            Value::Seq(items) => items.iter().map(Node::size).fold((1, 0), add),
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| add(k.size(), v.size()))
                .fold((1, 0), add),
        }
    }

    /// The entries of a mapping (none for anything else).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// A scalar's text.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text, _) => Some(text),
            _ => None,
        }
    }

    /// A value of type `T` read from this node.
    pub fn get<'de, T: serde::Deserialize<'de>>(&'de self) -> Result<T, Error> {
        T::deserialize(self).map_err(|e| e.at(&self.span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Default, PartialEq)]
    #[serde(default)]
    struct Front {
        title: Option<String>,
        version: Option<String>,
        weight: Option<i64>,
        order: Option<f64>,
        draft: bool,
        tags: Vec<String>,
        kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Runbook,
    }

    fn line_of(text: &str, e: &Error) -> usize {
        let at = e.span.clone().unwrap().start;
        text[..at].matches('\n').count() + 1
    }

    #[test]
    fn plain_scalars_read_as_the_field_asks() {
        let text = "title: 2025\nversion: 2.10\nweight: 10\norder: 1.5\ndraft: true\ntags: [a, 'b c']\nkind: runbook\n";
        let front: Front = parse(text).unwrap().get().unwrap();
        assert_eq!(
            front,
            Front {
                title: Some("2025".into()),
                version: Some("2.10".into()),
                weight: Some(10),
                order: Some(1.5),
                draft: true,
                tags: vec!["a".into(), "b c".into()],
                kind: Some(Kind::Runbook),
            }
        );
    }

    #[test]
    fn block_lists_anchors_and_nulls() {
        let text = "tags:\n  - uno\n  - &x dos\ntitle: *x\nversion: ~\n";
        let front: Front = parse(text).unwrap().get().unwrap();
        assert_eq!(front.tags, ["uno", "dos"]);
        assert_eq!(front.title.as_deref(), Some("dos"));
        assert_eq!(front.version, None);
    }

    #[test]
    fn a_wrong_type_is_reported_at_its_line() {
        let text = "title: a\n# a comment\nweight: diez\n";
        let e = parse(text).unwrap().get::<Front>().unwrap_err();
        assert_eq!(line_of(text, &e), 3, "{e:?}");
        let text = "title: a\ntags:\n  - a\n  - [b]\n";
        let e = parse(text).unwrap().get::<Front>().unwrap_err();
        assert_eq!(line_of(text, &e), 4, "{e:?}");
        let text = "title: ñandú\nkind: nope\n";
        let e = parse(text).unwrap().get::<Front>().unwrap_err();
        assert_eq!(line_of(text, &e), 2, "{e:?}");
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let text = "title: a\ntags: [a, b\nweight: 1\n";
        let e = parse(text).unwrap_err();
        assert!(e.message.starts_with("YAML:"), "{e:?}");
        assert!(line_of(text, &e) >= 2, "{e:?}");
        let text = "title: a\n  bad: indent\n";
        assert_eq!(line_of(text, &parse(text).unwrap_err()), 2);
    }

    #[test]
    fn keys_know_their_bytes_even_after_accents() {
        let text = "título: x\nowner: ana\n";
        let node = parse(text).unwrap();
        let (key, _) = &node.entries()[1];
        assert_eq!(&text[key.span.clone()], "owner");
    }

    #[test]
    fn aliases_cannot_multiply_a_small_text_into_a_huge_tree() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..8 {
            let prev = (b'a' + level - 1) as char;
            let name = (b'a' + level) as char;
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("more than 10000 values"), "{e:?}");
        // Nor a long text into a huge one.
        let long = format!(
            "big: &s \"{}\"\nmany: [{}]\n",
            "x".repeat(200_000),
            vec!["*s"; 100].join(", ")
        );
        assert!(parse(&long).unwrap_err().message.contains("bytes of text"));
        // A few aliases are fine.
        let small: Front = parse("tags: &t [a, b]\ntitle: x\n").unwrap().get().unwrap();
        assert_eq!(small.tags, ["a", "b"]);
    }

    #[test]
    fn keys_that_look_like_numbers_are_keys() {
        let front: Front = parse("1: uno\ntitle: t\ntrue: y\n").unwrap().get().unwrap();
        assert_eq!(front.title.as_deref(), Some("t"));
    }

    #[test]
    fn front_matter_must_be_a_mapping() {
        assert!(parse("- a\n- b\n").is_err());
        assert!(parse("").unwrap().entries().is_empty());
        assert!(parse("# only a comment\n").unwrap().entries().is_empty());
    }
}
