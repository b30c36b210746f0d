//! `toezeggingen.yaml`: the commitments and motions the report accounts
//! for. Parsed once, read into `CommitmentEntry`s, every entry checked on
//! its own and then against the others (keys and numbers used twice), so a
//! file gets all its mistakes in one run.

use super::settings::{ReportSettings, unknown_name};
use crate::content::SourceFile;
use crate::content::schema::{self, CommitmentEntry};
use crate::content::yaml::{Doc, Kind, Seg};
use crate::diagnostics::{Diagnostics, Severity, Span};
use crate::model::{Commitment, CommitmentKind, CommitmentStatus, Period, RecId, Settlement, Source};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub fn read(file: &SourceFile, rs: &ReportSettings, ids: &HashSet<&RecId>, diags: &mut Diagnostics) -> Vec<Commitment> {
    let doc = match Doc::parse(&file.text, &file.display, 1) {
        Ok(doc) => doc,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let root = doc.root();
    match &root.kind {
        Kind::Seq(_) => {}
        _ if root.is_null() => return Vec::new(),
        _ => {
            diags.push(
                doc.error(Span::file(), "toezeggingen.yaml must be a list of commitments and motions")
                    .with_help("start every entry with `- sleutel: ...`"),
            );
            return Vec::new();
        }
    }
    super::characters::check_yaml(&doc, diags);
    let Some(entries) = schema::read::<Vec<CommitmentEntry>>(&doc, diags) else { return Vec::new() };
    let mut out = Vec::new();
    // Line of each `sleutel` and `nummer` seen so far, by their compared form.
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let at = |key| [Seg::Index(i), Seg::Key(key)];
        let mut twice = |seen: &mut HashMap<String, usize>, field: &'static str, compared: String, shown: &str| {
            let span = doc.value_span(&at(field));
            match seen.get(&compared) {
                Some(first) => {
                    diags.push(
                        doc.error(span, format!("`{field}: {shown}` is given to two entries"))
                            .with_help(format!("it is first given on line {first}; each commitment has its own")),
                    );
                    false
                }
                None => {
                    seen.insert(compared, span.line);
                    true
                }
            }
        };
        let key_ok =
            entry.sleutel.as_deref().is_none_or(|k| twice(&mut keys, "sleutel", k.trim().to_lowercase(), k.trim()));
        let number_ok = entry.nummer.as_ref().is_none_or(|n| {
            let compared: String = n.0.split_whitespace().collect::<String>().to_lowercase();
            twice(&mut numbers, "nummer", compared, n.0.trim())
        });
        let errors_before = diags.count(Severity::Error);
        let c = Check { doc: &doc, item: i, diags: &mut *diags }.commitment(entry, rs, ids);
        if let (Some(c), true, true, false) = (c, key_ok, number_ok, diags.count(Severity::Error) > errors_before) {
            out.push(c);
        }
    }
    out
}

struct Check<'a> {
    doc: &'a Doc,
    item: usize,
    diags: &'a mut Diagnostics,
}

impl Check<'_> {
    fn at(&self, key: &'static str) -> [Seg<'static>; 2] {
        [Seg::Index(self.item), Seg::Key(key)]
    }

    fn commitment(&mut self, e: CommitmentEntry, rs: &ReportSettings, ids: &HashSet<&RecId>) -> Option<Commitment> {
        let doc = self.doc;
        let item = [Seg::Index(self.item)];
        let required = |field: &str, value: Option<String>, diags: &mut Diagnostics| {
            let value = value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
            if value.is_none() {
                diags.push(doc.error(doc.key_span(&item), format!("commitment: missing field `{field}`")).with_help(
                    "a commitment has `sleutel`, `soort`, `titel`, `ministerie`, `omschrijving` and `status`",
                ));
            }
            value
        };
        let key = required("sleutel", e.sleutel, self.diags);
        let kind_text = required("soort", e.soort, self.diags);
        let title = required("titel", e.titel, self.diags);
        let ministry = required("ministerie", e.ministerie, self.diags);
        let description = required("omschrijving", e.omschrijving, self.diags);
        let status_text = required("status", e.status, self.diags);

        let kind = kind_text.and_then(|t| {
            let found = CommitmentKind::ALL.iter().find(|(k, _)| *k == t.to_lowercase()).map(|(_, k)| *k);
            if found.is_none() {
                let known: Vec<&str> = CommitmentKind::ALL.iter().map(|(k, _)| *k).collect();
                self.diags.push(unknown_name(doc, &self.at("soort"), "kind of commitment", &t, &known));
            }
            found
        });
        let status = status_text.and_then(|t| {
            let found = CommitmentStatus::parse(&t);
            if found.is_none() {
                let known: Vec<&str> = CommitmentStatus::ALL.iter().map(|(k, _)| *k).collect();
                self.diags.push(unknown_name(doc, &self.at("status"), "commitment status", &t, &known));
            }
            found
        });
        let ministry = ministry.filter(|m| {
            let known = rs.ministries.iter().any(|x| &x.code == m);
            if !known {
                let codes: Vec<&str> = rs.ministries.iter().map(|x| x.code.as_str()).collect();
                self.diags.push(unknown_name(doc, &self.at("ministerie"), "ministry", m, &codes));
            }
            known
        });

        let number = e.nummer.as_ref().map(|n| match kind {
            Some(CommitmentKind::Motie) => Source::parse_paper(&n.0).unwrap_or_else(|why| {
                self.diags.push(
                    doc.error(
                        doc.value_span(&self.at("nummer")),
                        format!(
                            "a motion's `nummer` must be its Kamerstuk; `{}` cannot be read as one: {why}",
                            n.0.trim()
                        ),
                    )
                    .with_help("write it as `Kamerstuk 35 359, nr. 9` (dossier, then number)"),
                );
                Source { text: n.0.trim().to_string(), link: None }
            }),
            _ => super::sources::read(doc, &self.at("nummer"), &n.0, self.diags),
        });
        let date = e.datum.as_ref().and_then(|t| {
            let parsed = NaiveDate::parse_from_str(t.0.trim(), "%Y-%m-%d").ok();
            if parsed.is_none() {
                self.diags.push(
                    doc.error(doc.value_span(&self.at("datum")), format!("`datum` is not a date: `{}`", t.0.trim()))
                        .with_help("write a date as YYYY-MM-DD, e.g. 2021-02-11"),
                );
            }
            parsed
        });
        let deadline = e.termijn.as_ref().and_then(|t| {
            let parsed = Period::parse(&t.0);
            if parsed.is_none() {
                self.diags.push(
                    doc.error(doc.value_span(&self.at("termijn")), format!("`{}` is not a milestone date", t.0.trim()))
                        .with_help("write YYYY-MM-DD, YYYY-MM, YYYY-Qn (quarter), YYYY-Hn (half year) or YYYY"),
                );
            }
            parsed
        });
        let made_in =
            e.vindplaats.as_ref().map(|v| super::sources::read(doc, &self.at("vindplaats"), &v.0, self.diags));
        let settlement = e.afdoening.map(|a| {
            let path = [Seg::Index(self.item), Seg::Key("afdoening"), Seg::Key("bron")];
            Settlement {
                text: a.tekst.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
                source: a.bron.map(|b| super::sources::read(doc, &path, &b.0, self.diags)),
            }
        });
        let mut recommendations: Vec<RecId> = Vec::new();
        for (j, text) in e.aanbevelingen.iter().enumerate() {
            let span = doc.value_span(&[Seg::Index(self.item), Seg::Key("aanbevelingen"), Seg::Index(j)]);
            match RecId::parse(&text.0) {
                Some(id) if ids.contains(&id) => {
                    if !recommendations.contains(&id) {
                        recommendations.push(id);
                    }
                }
                Some(id) => self.diags.push(
                    doc.error(span, format!("recommendation {id} is not in aanbevelingen.yaml"))
                        .with_help("name recommendations of the catalogue, e.g. `aanbevelingen: [4.1.A]`"),
                ),
                None => self.diags.push(
                    doc.error(span, format!("`{}` is not a recommendation identifier", text.0.trim()))
                        .with_help("an identifier is <theme>.<group>.<letter>, e.g. 4.1.C"),
                ),
            }
        }
        Some(Commitment {
            key: key?,
            kind: kind?,
            number,
            title: title?,
            date,
            by: e.door.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
            ministry: ministry?,
            made_in,
            description: description?,
            deadline,
            status: status?,
            settlement,
            recommendations,
            history: Vec::new(),
        })
    }
}
