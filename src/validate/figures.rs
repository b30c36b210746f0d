//! `kerncijfers.yaml`: key figures per year. Every entry is checked on its
//! own, so a file with a text where a number belongs, a year given twice
//! and a misspelt chapter gets all three errors in one run.

use super::settings::{ReportSettings, unknown_name};
use crate::content::SourceFile;
use crate::content::schema::{FigureEntry, FigureValueEntry};
use crate::content::yaml::{Doc, Seg, scalar_text};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, Span};
use crate::model::number::Unit;
use crate::model::{FigurePlace, KeyFigure, RecId, YearValue};
use serde_yaml_ng::Value;
use std::collections::{HashMap, HashSet};

/// The years a figure may name: wide enough for any report, narrow enough
/// to catch a value typed into the year.
const YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

pub fn read(file: &SourceFile, rs: &ReportSettings, ids: &HashSet<&RecId>, diags: &mut Diagnostics) -> Vec<KeyFigure> {
    let doc = Doc::new(&file.text, &file.display, 1);
    let value: Value = match doc.parse() {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let items = match &value {
        Value::Sequence(items) => items,
        // An empty file (or only comments) has no figures.
        Value::Null => return Vec::new(),
        _ => {
            diags.push(
                doc.error(Span::file(), "kerncijfers.yaml must be a list of key figures")
                    .with_help("start every figure with `- sleutel: ...`"),
            );
            return Vec::new();
        }
    };
    let mut figures = Vec::new();
    // Line of each `sleutel` seen so far.
    let mut keys: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let mut check = Check { doc: &doc, item: i, diags: &mut *diags };
        if let Some(f) = check.figure(item, rs, ids) {
            let span = doc.value_span(&[Seg::Index(i), Seg::Key("sleutel")]);
            if let Some(first) = keys.get(&f.key) {
                diags.push(
                    doc.error(span, format!("key figure `{}` is defined twice", f.key))
                        .with_help(format!("it is first defined on line {first}; give each figure its own `sleutel`")),
                );
                continue;
            }
            keys.insert(f.key.clone(), span.line);
            figures.push(f);
        }
    }
    figures
}

/// The checks of one entry (item `item` of the file's list).
struct Check<'a, 'd> {
    doc: &'a Doc<'d>,
    item: usize,
    diags: &'a mut Diagnostics,
}

impl Check<'_, '_> {
    fn figure(&mut self, item: &Value, rs: &ReportSettings, ids: &HashSet<&RecId>) -> Option<KeyFigure> {
        let doc = self.doc;
        let i = self.item;
        let at = |key| [Seg::Index(i), Seg::Key(key)];
        let errors_before = self.diags.count(Severity::Error);
        self.diags.extend(doc.unknown_fields(item, &[Seg::Index(i)], FigureEntry::FIELDS, "a key figure"));
        if let Some(d) = item.get("doel") {
            self.value_fields(d, &at("doel"), "a target");
        }
        if let Some(Value::Sequence(values)) = item.get("waarden") {
            for (j, v) in values.iter().enumerate() {
                self.value_fields(v, &[Seg::Index(i), Seg::Key("waarden"), Seg::Index(j)], "a value");
            }
        }
        let entry: FigureEntry = match serde_yaml_ng::from_value(without_unknown(item)) {
            Ok(e) => e,
            Err(e) => {
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                self.diags.push(doc.error(doc.key_span(&[Seg::Index(i)]), format!("key figure: {msg}")).with_help(
                    "a key figure has `sleutel`, `titel`, `eenheid`, `hoofdstuk` or `aanbeveling`, and `waarden`",
                ));
                return None;
            }
        };

        let place = match (&entry.hoofdstuk, &entry.aanbeveling) {
            (Some(slug), None) => {
                if !rs.chapters.iter().any(|c| &c.slug == slug) {
                    let slugs: Vec<&str> = rs.chapters.iter().map(|c| c.slug.as_str()).collect();
                    self.diags.push(unknown_name(doc, &at("hoofdstuk"), "chapter", slug, &slugs));
                }
                Some(FigurePlace::Chapter(slug.clone()))
            }
            (None, Some(text)) => match RecId::parse(&text.0) {
                Some(id) if ids.contains(&id) => Some(FigurePlace::Recommendation(id)),
                Some(id) => {
                    self.diags.push(
                        doc.error(
                            doc.value_span(&at("aanbeveling")),
                            format!("recommendation {id} is not in aanbevelingen.yaml"),
                        )
                        .with_help("name a recommendation of the catalogue, or give the figure a `hoofdstuk`"),
                    );
                    None
                }
                None => {
                    self.diags.push(
                        doc.error(
                            doc.value_span(&at("aanbeveling")),
                            format!("`{}` is not a recommendation identifier", text.0),
                        )
                        .with_help("an identifier is <theme>.<group>.<letter>, e.g. 4.1.C"),
                    );
                    None
                }
            },
            (Some(_), Some(_)) => {
                self.diags.push(
                    doc.error(
                        doc.key_span(&at("aanbeveling")),
                        "a key figure belongs to a chapter or to a recommendation, not both",
                    )
                    .with_help("keep either `hoofdstuk` or `aanbeveling`"),
                );
                None
            }
            (None, None) => {
                self.diags.push(
                    doc.error(
                        doc.key_span(&at("sleutel")),
                        format!("key figure `{}` says nowhere where it belongs", entry.sleutel),
                    )
                    .with_help("add `hoofdstuk: <slug>` or `aanbeveling: <id>`"),
                );
                None
            }
        };

        let target = entry.doel.as_ref().and_then(|d| self.year_value(d, &at("doel")));
        let mut values: Vec<YearValue> = Vec::new();
        let mut lines: HashMap<i32, usize> = HashMap::new();
        if entry.waarden.is_empty() {
            self.diags.push(
                doc.error(doc.key_span(&at("waarden")), format!("key figure `{}` has no values", entry.sleutel))
                    .with_help("add `waarden:` with one `- { jaar: 2023, waarde: 12.4 }` per year"),
            );
        }
        for (j, w) in entry.waarden.iter().enumerate() {
            let path = [Seg::Index(i), Seg::Key("waarden"), Seg::Index(j)];
            let Some(v) = self.year_value(w, &path) else { continue };
            let mut jaar = path.to_vec();
            jaar.push(Seg::Key("jaar"));
            let span = doc.value_span(&jaar);
            if let Some(first) = lines.get(&v.year) {
                self.diags.push(
                    doc.error(span, format!("year {} is given twice for `{}`", v.year, entry.sleutel))
                        .with_help(format!("it is first given on line {first}; give each year one value")),
                );
                continue;
            }
            lines.insert(v.year, span.line);
            values.push(v);
        }
        values.sort_by_key(|v| v.year);
        if self.diags.count(Severity::Error) > errors_before {
            return None;
        }
        Some(KeyFigure {
            key: entry.sleutel.trim().to_string(),
            title: entry.titel.trim().to_string(),
            unit: Unit::parse(&entry.eenheid),
            unit_text: entry.eenheid.trim().to_string(),
            place: place?,
            source: entry.bron.map(|b| b.0.trim().to_string()).filter(|b| !b.is_empty()),
            target,
            values,
        })
    }

    /// Unknown fields of a `{ jaar, waarde }`. In a flow mapping a decimal
    /// comma splits the number: `{ jaar: 2023, waarde: 12,4 }` is read as
    /// `waarde: 12` and a field `4`, which is said as what it is.
    fn value_fields(&mut self, v: &Value, path: &[Seg], what: &str) {
        let doc = self.doc;
        let Value::Mapping(m) = v else { return };
        let split = m.keys().find_map(|k| match (k, m.get("waarde")) {
            (Value::Number(after), Some(Value::Number(before))) => Some(format!("{before},{after}")),
            _ => None,
        });
        if let Some(written) = split {
            let mut p = path.to_vec();
            p.push(Seg::Key("waarde"));
            self.diags.push(not_a_number(doc, doc.value_span(&p), &written));
            let rest: serde_yaml_ng::Mapping =
                m.iter().filter(|(k, _)| !k.is_number()).map(|(k, v)| (k.clone(), v.clone())).collect();
            self.diags.extend(doc.unknown_fields(&Value::Mapping(rest), path, FigureValueEntry::FIELDS, what));
            return;
        }
        self.diags.extend(doc.unknown_fields(v, path, FigureValueEntry::FIELDS, what));
    }

    /// `{ jaar, waarde }` at `path`, each checked for its kind.
    fn year_value(&mut self, v: &FigureValueEntry, path: &[Seg]) -> Option<YearValue> {
        let doc = self.doc;
        let span = |key| {
            let mut p = path.to_vec();
            p.push(Seg::Key(key));
            doc.value_span(&p)
        };
        let year = match v.jaar.as_i64().filter(|y| YEARS.contains(y)) {
            Some(y) => Some(y as i32),
            None => {
                let shown = scalar_text(&v.jaar).unwrap_or_else(|| "a list or mapping".into());
                self.diags.push(
                    doc.error(span("jaar"), format!("`{shown}` is not a year"))
                        .with_help("write the year as four digits, e.g. `jaar: 2023`"),
                );
                None
            }
        };
        let value = match number(&v.waarde) {
            Some(n) => Some(n),
            None => {
                let shown = scalar_text(&v.waarde).unwrap_or_else(|| "a list or mapping".into());
                self.diags.push(not_a_number(doc, span("waarde"), &shown));
                None
            }
        };
        Some(YearValue { year: year?, value: value? })
    }
}

/// A finite YAML number. Text that looks like a Dutch number (`12,4`,
/// `1.043.210`) is not taken: the file format writes numbers as YAML does,
/// and guessing would read `1.043` as one thousand and forty-three or as
/// one point zero four three.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        _ => None,
    }
}

fn not_a_number(doc: &Doc, span: Span, shown: &str) -> Diagnostic {
    let looks_dutch = shown.contains(',') || shown.matches('.').count() > 1;
    let d = doc.error(span, format!("`{shown}` is not a number"));
    if looks_dutch {
        d.with_help("write the number with a decimal point and no thousands separator, e.g. `12.4` or `1043210`; the report prints it as 12,4 and 1.043.210")
    } else {
        d.with_help("write a number, e.g. `waarde: 12.4`")
    }
}

/// The entry with only the fields the format knows (the others are
/// reported already), so deserialising it reports only what is left.
fn without_unknown(item: &Value) -> Value {
    match item {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .filter(|(k, _)| k.as_str().is_some_and(|k| FigureEntry::FIELDS.contains(&k)))
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        (Some("doel"), v) => strip(v),
                        (Some("waarden"), Value::Sequence(s)) => Value::Sequence(s.iter().map(strip).collect()),
                        (_, v) => v.clone(),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn strip(v: &Value) -> Value {
    match v {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .filter(|(k, _)| k.as_str().is_some_and(|k| FigureValueEntry::FIELDS.contains(&k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}
