//! `aanbevelingen.yaml`: the editors' catalogue of recommendations.

use super::settings::{ReportSettings, unknown_name};
use crate::content::SourceFile;
use crate::content::schema::{self, CatalogueEntry};
use crate::content::yaml::{Doc, Kind, Seg};
use crate::diagnostics::{Diagnostics, Span};
use crate::model::{CabinetResponse, RecId, Recommendation};
use std::collections::HashMap;

/// A recommendation as the catalogue defines it, with the line it is on
/// (for diagnostics about it found later).
pub struct Entry {
    pub rec: Recommendation,
    pub span: Span,
    /// Position of the item in the file's list.
    item: usize,
}

pub fn read(file: &SourceFile, rs: &ReportSettings, diags: &mut Diagnostics) -> Vec<Entry> {
    let doc = match Doc::parse(&file.text, &file.display, 1) {
        Ok(doc) => doc,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    super::characters::check_yaml(&doc, diags);
    if !matches!(doc.root().kind, Kind::Seq(_)) {
        diags.push(
            doc.error(Span::file(), "aanbevelingen.yaml must be a list of recommendations")
                .with_help("start every recommendation with `- id: ...`"),
        );
        return Vec::new();
    }
    let Some(raw) = schema::read::<Vec<CatalogueEntry>>(&doc, diags) else { return Vec::new() };

    let codes: Vec<&str> = rs.ministries.iter().map(|m| m.code.as_str()).collect();
    let mut entries: Vec<Entry> = Vec::new();
    // Position in `entries` of each identifier defined so far.
    let mut defined: HashMap<RecId, usize> = HashMap::new();
    for (i, e) in raw.into_iter().enumerate() {
        let at = |key| [Seg::Index(i), Seg::Key(key)];
        let Some(id) = RecId::parse(&e.id.0) else {
            diags.push(
                doc.error(doc.value_span(&at("id")), format!("`{}` is not a recommendation identifier", e.id.0))
                    .with_help("an identifier is <theme>.<group>.<letter>, e.g. 2.1.A"),
            );
            continue;
        };
        let span = doc.value_span(&at("id"));
        if let Some(first) = defined.get(&id).map(|&at| &entries[at]) {
            diags.push(
                doc.error(span, format!("recommendation {id} is defined twice"))
                    .with_help(format!("it is first defined on line {}", first.span.line)),
            );
            continue;
        }
        if !codes.contains(&e.eigenaar.as_str()) {
            diags.push(unknown_name(&doc, &at("eigenaar"), "ministry", &e.eigenaar, &codes));
        }
        for (j, m) in e.betrokken.iter().enumerate() {
            if !codes.contains(&m.as_str()) {
                diags.push(unknown_name(
                    &doc,
                    &[Seg::Index(i), Seg::Key("betrokken"), Seg::Index(j)],
                    "ministry",
                    m,
                    &codes,
                ));
            }
        }
        let keys: Vec<&str> = CabinetResponse::ALL.iter().map(|(k, _)| *k).collect();
        let response =
            CabinetResponse::ALL.iter().find(|(k, _)| *k == e.kabinetsreactie.trim().to_lowercase()).map(|(_, c)| *c);
        if response.is_none() {
            diags.push(unknown_name(&doc, &at("kabinetsreactie"), "cabinet decision", &e.kabinetsreactie, &keys));
        }
        let chapter = match &e.hoofdstuk {
            Some(slug) => {
                if !rs.chapters.iter().any(|c| &c.slug == slug) {
                    let slugs: Vec<&str> = rs.chapters.iter().map(|c| c.slug.as_str()).collect();
                    diags.push(unknown_name(&doc, &at("hoofdstuk"), "chapter", slug, &slugs));
                }
                slug.clone()
            }
            None => match rs.chapters.iter().find(|c| c.themas.contains(&id.theme)) {
                Some(c) => c.slug.clone(),
                None => {
                    diags.push(
                        doc.error(span, format!("theme {} of {id} has no chapter", id.theme)).with_help(format!(
                            "add {} to the `themas` of a chapter in rapport.yaml, or give this recommendation a `hoofdstuk`",
                            id.theme
                        )),
                    );
                    String::new()
                }
            },
        };
        let folded_into = match &e.meegenomen_bij {
            None => None,
            Some(t) => match RecId::parse(&t.0) {
                Some(target) => Some(target),
                None => {
                    diags.push(doc.error(
                        doc.value_span(&at("meegenomen_bij")),
                        format!("`{}` is not a recommendation identifier", t.0),
                    ));
                    None
                }
            },
        };
        defined.insert(id.clone(), entries.len());
        entries.push(Entry {
            rec: Recommendation {
                id,
                title: e.titel.trim().to_string(),
                owner: e.eigenaar,
                involved: e.betrokken,
                addressees: e.adressaat,
                cabinet_response: response.unwrap_or(CabinetResponse::Overgenomen),
                chapter,
                folded_into,
                status: None,
                effective_status: None,
                contributions: Vec::new(),
                history: Vec::new(),
                dropped_milestones: Vec::new(),
                milestone_order: Vec::new(),
            },
            span,
            item: i,
        });
    }

    // Fold-ins can only be checked once every identifier is known.
    for entry in &entries {
        let Some(target) = &entry.rec.folded_into else { continue };
        let span = doc.value_span(&[Seg::Index(entry.item), Seg::Key("meegenomen_bij")]);
        if target == &entry.rec.id {
            diags.push(doc.error(span, format!("{} is folded into itself", entry.rec.id)));
        } else if !defined.contains_key(target) {
            diags.push(doc.error(span, format!("`meegenomen_bij` points at {target}, which is not in the catalogue")));
        }
    }
    entries
}
