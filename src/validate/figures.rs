//! `kerncijfers.yaml`: key figures per year. The file is parsed once and
//! read into `FigureEntry`s; every entry is then checked on its own, so a
//! file with a text where a number belongs, a year given twice and a
//! misspelt chapter gets all three errors in one run.

use super::settings::{ReportSettings, unknown_name};
use crate::content::SourceFile;
use crate::content::schema::{self, FigureEntry, FigureValueEntry, Written};
use crate::content::yaml::{Doc, Kind, Node, Seg};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, Span};
use crate::model::number::Unit;
use crate::model::{FigurePlace, KeyFigure, RecId, YearValue};
use std::collections::{HashMap, HashSet};

/// The years a figure may name: wide enough for any report, narrow enough
/// to catch a value typed into the year.
const YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

pub fn read(file: &SourceFile, rs: &ReportSettings, ids: &HashSet<&RecId>, diags: &mut Diagnostics) -> Vec<KeyFigure> {
    let doc = match Doc::parse(&file.text, &file.display, 1) {
        Ok(doc) => doc,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    // A control character is an error here as in every other file: a
    // figure's title and source are written into the site and the PDF.
    super::characters::check_yaml(&doc, diags);
    let root = doc.root();
    let items = match &root.kind {
        Kind::Seq(items) => items,
        // An empty file (or only comments) has no figures.
        _ if root.is_null() => return Vec::new(),
        _ => {
            diags.push(
                doc.error(Span::file(), "kerncijfers.yaml must be a list of key figures")
                    .with_help("start every figure with `- sleutel: ...`"),
            );
            return Vec::new();
        }
    };
    // The keys a decimal comma split off a value (`waarde: 12,4` in a flow
    // mapping is `waarde: 12` and a key `4`): said as the number they are.
    let split: HashSet<(u32, u32)> =
        items.iter().flat_map(values_of).filter_map(split_number).map(|(key, _)| (key.at.line, key.at.col)).collect();
    let Some(entries) = schema::read_except::<Vec<FigureEntry>>(&doc, diags, |u| {
        u.owner == "FigureValueEntry" && split.contains(&(u.at.line, u.at.col))
    }) else {
        return Vec::new();
    };
    let mut figures = Vec::new();
    // Line of each `sleutel` seen so far.
    let mut keys: HashMap<String, usize> = HashMap::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let mut check = Check { doc: &doc, item: i, diags: &mut *diags };
        if let Some(f) = check.figure(entry, rs, ids) {
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

/// The `{ jaar, waarde }` mappings of one entry: its target and its values.
fn values_of(item: &Node) -> impl Iterator<Item = &Node> {
    let values = match item.get("waarden").map(|w| &w.kind) {
        Some(Kind::Seq(values)) => values.as_slice(),
        _ => &[],
    };
    item.get("doel").into_iter().chain(values)
}

/// The key a decimal comma split off a value's number, and the number as
/// it was written (`12,4`).
fn split_number(value: &Node) -> Option<(&Node, String)> {
    let Kind::Map(entries) = &value.kind else { return None };
    let before = match &value.get("waarde")?.kind {
        Kind::Scalar { text, plain: true } if text.parse::<f64>().is_ok() => text,
        _ => return None,
    };
    entries.iter().find_map(|(key, _)| match &key.kind {
        Kind::Scalar { text, plain: true } if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            Some((key, format!("{before},{text}")))
        }
        _ => None,
    })
}

/// The node at `path`, if there is one.
fn node_at<'a>(mut node: &'a Node, path: &[Seg]) -> Option<&'a Node> {
    for seg in path {
        node = match (seg, &node.kind) {
            (Seg::Key(k), _) => node.get(k)?,
            (Seg::Index(i), Kind::Seq(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The checks of one entry (item `item` of the file's list).
struct Check<'a> {
    doc: &'a Doc,
    item: usize,
    diags: &'a mut Diagnostics,
}

impl Check<'_> {
    fn figure(&mut self, entry: FigureEntry, rs: &ReportSettings, ids: &HashSet<&RecId>) -> Option<KeyFigure> {
        let doc = self.doc;
        let i = self.item;
        let at = |key| [Seg::Index(i), Seg::Key(key)];
        let errors_before = self.diags.count(Severity::Error);
        let mut required = |field: &str, value: Option<String>| {
            if value.is_none() {
                self.diags.push(
                    doc.error(doc.key_span(&[Seg::Index(i)]), format!("key figure: missing field `{field}`"))
                        .with_help("a key figure has `sleutel`, `titel`, `eenheid`, `hoofdstuk` or `aanbeveling`, and `waarden`"),
                );
            }
            value
        };
        let sleutel = required("sleutel", entry.sleutel);
        let titel = required("titel", entry.titel);
        let eenheid = required("eenheid", entry.eenheid);
        let (Some(sleutel), Some(titel), Some(eenheid)) = (sleutel, titel, eenheid) else { return None };

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
                        format!("key figure `{}` says nowhere where it belongs", sleutel),
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
                doc.error(doc.key_span(&at("waarden")), format!("key figure `{}` has no values", sleutel))
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
                    doc.error(span, format!("year {} is given twice for `{}`", v.year, sleutel))
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
            key: sleutel.trim().to_string(),
            title: titel.trim().to_string(),
            unit: Unit::parse(&eenheid),
            unit_text: eenheid.trim().to_string(),
            place: place?,
            source: entry.bron.map(|b| b.0.trim().to_string()).filter(|b| !b.is_empty()),
            target,
            values,
        })
    }

    /// `{ jaar, waarde }` at `path`, each checked for its kind.
    fn year_value(&mut self, v: &FigureValueEntry, path: &[Seg]) -> Option<YearValue> {
        let doc = self.doc;
        let span = |key| {
            let mut p = path.to_vec();
            p.push(Seg::Key(key));
            doc.value_span(&p)
        };
        let (Some(jaar), Some(waarde)) = (&v.jaar, &v.waarde) else {
            let missing = if v.jaar.is_none() { "jaar" } else { "waarde" };
            self.diags.push(
                doc.error(doc.value_span(path), format!("a value without `{missing}`"))
                    .with_help("write a value as `{ jaar: 2023, waarde: 12.4 }`"),
            );
            return None;
        };
        let year = match jaar {
            Written::Int(y) if YEARS.contains(y) => Some(*y as i32),
            other => {
                self.diags.push(
                    doc.error(span("jaar"), format!("`{}` is not a year", shown(other)))
                        .with_help("write the year as four digits, e.g. `jaar: 2023`"),
                );
                None
            }
        };
        let split = node_at(doc.root(), path).and_then(split_number);
        let value = match (number(waarde), split) {
            (Some(n), None) if n.abs() > MAX_VALUE => {
                self.diags.push(
                    doc.error(span("waarde"), format!("`{}` is larger than a key figure can be", shown(waarde)))
                        .with_help(
                            "a value lies between -1000000000000 and 1000000000000 (a trillion); \
                             give large amounts in a unit such as `mld euro`",
                        ),
                );
                None
            }
            (Some(n), None) if n != 0.0 && n.abs() < MIN_VALUE => {
                self.diags.push(
                    doc.error(span("waarde"), format!("`{}` is smaller than a key figure can be", shown(waarde)))
                        .with_help(
                            "a value other than 0 is at least 0.000001 (in either direction); \
                             give small amounts in a smaller unit",
                        ),
                );
                None
            }
            (Some(n), None) => Some(n),
            (_, Some((_, written))) => {
                let at = span("waarde");
                self.diags.push(not_a_number(doc, Span::new(at.line, at.column, written.chars().count()), &written));
                None
            }
            (None, None) => {
                self.diags.push(not_a_number(doc, span("waarde"), &shown(waarde)));
                None
            }
        };
        Some(YearValue { year: year?, value: value? })
    }
}

/// A value as a message quotes it.
fn shown(v: &Written) -> String {
    match v {
        Written::Int(i) => i.to_string(),
        Written::Float(f) => f.to_string(),
        Written::Text(t) => t.clone(),
        Written::Collection => "a list or mapping".into(),
    }
}

/// The largest magnitude of a value: far beyond any figure of a report
/// (a trillion), and small enough that every value prints as a number a
/// reader can take in and every difference of two is exact enough to draw.
pub const MAX_VALUE: f64 = 1e12;
/// The smallest magnitude of a value other than 0: smaller ones print as
/// a row of hundreds of zeros.
pub const MIN_VALUE: f64 = 1e-6;

/// A finite YAML number. Text that looks like a Dutch number (`12,4`,
/// `1.043.210`) is not taken: the file format writes numbers as YAML does,
/// and guessing would read `1.043` as one thousand and forty-three or as
/// one point zero four three.
fn number(v: &Written) -> Option<f64> {
    match v {
        Written::Int(i) => Some(*i as f64),
        Written::Float(f) => Some(*f).filter(|f| f.is_finite()),
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
