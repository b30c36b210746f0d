//! The pieces of markup the templates share with the parts written in
//! Rust, offered to every template (the built-in ones and a content's own)
//! as tera functions: `{{ badge(status=s) }}` and `{{ source(s=s) }}`.
//! Their output is markup already escaped where it holds text, so tera
//! does not escape it again.

use super::markup::{self, Html};
use crate::view::SourceView;
use std::collections::HashMap;
use tera::{Function, Tera, Value};

/// Adds the functions to the site's templates.
pub fn register(tera: &mut Tera) {
    tera.register_function("badge", Badge);
    tera.register_function("source", Source);
}

/// `badge(status=…)`: a status as its badge; none as "Geen status".
struct Badge;

impl Function for Badge {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        // What tera's `{% if status %}` takes as no status, the old macro did too.
        let status = args.get("status").filter(|s| truthy(s));
        let mut h = Html::default();
        match status {
            Some(s) => {
                let index = s.get("index").and_then(Value::as_u64).ok_or("badge: `status` has no `index`")?;
                let label = s.get("label").and_then(Value::as_str).ok_or("badge: `status` has no `label`")?;
                markup::badge(&mut h, Some((index as usize, label)));
            }
            None => markup::badge(&mut h, None),
        }
        Ok(Value::String(h.0))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Tera's truth: null, false, 0, "" and an empty list or map are false.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `source(s=…)`: a source as written, a link where it has an address.
struct Source;

impl Function for Source {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let s = args.get("s").ok_or("source: the argument `s` is missing")?;
        let text = s.get("text").and_then(Value::as_str).ok_or("source: `s` has no `text`")?;
        let url = s.get("url").and_then(Value::as_str).map(String::from);
        let mut h = Html::default();
        markup::source(&mut h, &SourceView { text: text.to_string(), url });
        Ok(Value::String(h.0))
    }

    fn is_safe(&self) -> bool {
        true
    }
}
