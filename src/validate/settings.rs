//! `rapport.yaml`: the report's settings, chapters, ministries and statuses.

use crate::content::SourceFile;
use crate::content::schema::{self, ChapterEntry, RapportFile, StatusEntry};
use crate::content::yaml::{Doc, Seg};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::model::{Licence, Ministry, Phase, Report, Settings, Status, Version};
use chrono::NaiveDate;

/// What the rest of validation needs from `rapport.yaml`.
pub struct ReportSettings {
    pub settings: Settings,
    pub ministries: Vec<Ministry>,
    pub statuses: Vec<Status>,
    pub chapters: Vec<ChapterEntry>,
    pub pages_before: Vec<String>,
    pub pages_after: Vec<String>,
    /// `bevestigd`: carried-over files confirmed unchanged on purpose.
    pub confirmed: Vec<String>,
    /// rapport.yaml as parsed, for the positions of later diagnostics.
    pub doc: Doc,
}

pub fn read(file: &SourceFile, diags: &mut Diagnostics) -> Option<ReportSettings> {
    let doc = match Doc::parse(&file.text, &file.display, 1) {
        Ok(doc) => doc,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    super::characters::check_yaml(&doc, diags);
    let raw: RapportFile = schema::read(&doc, diags)?;

    let date = |key: &str, text: &str, diags: &mut Diagnostics| -> Option<NaiveDate> {
        let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        if parsed.is_none() {
            diags.push(
                doc.error(doc.value_span(&[Seg::Key(key)]), format!("`{key}` is not a date: `{text}`"))
                    .with_help("write a date as YYYY-MM-DD, e.g. 2022-12-01"),
            );
        }
        parsed
    };
    let peildatum = date("peildatum", &raw.peildatum.0, diags);
    let publicatiedatum = raw.publicatiedatum.as_ref().and_then(|t| date("publicatiedatum", &t.0, diags));

    let ministries: Vec<Ministry> = raw.ministeries.into_iter().map(|(code, name)| Ministry { code, name }).collect();
    if ministries.is_empty() {
        diags.push(doc.error(doc.key_span(&[Seg::Key("ministeries")]), "no ministries are defined"));
    }

    let statuses = match &raw.statussen {
        None => Report::default_statuses(),
        Some(list) => statuses(&doc, list, diags),
    };

    check_chapters(&doc, &raw.hoofdstukken, diags);

    let licence = match &raw.licentie {
        None => Licence::DEFAULT,
        Some(text) => Licence::find(text).unwrap_or_else(|| {
            let known: Vec<&str> = Licence::ALL.iter().map(|l| l.spdx).collect();
            diags.push(unknown_name(&doc, &[Seg::Key("licentie")], "licence", text, &known));
            Licence::DEFAULT
        }),
    };

    let version = raw.versie.as_deref().and_then(|text| {
        let found = Version::ALL.iter().find(|(k, _)| *k == text.trim().to_lowercase()).map(|(_, v)| *v);
        if found.is_none() {
            let known: Vec<&str> = Version::ALL.iter().map(|(k, _)| *k).collect();
            diags.push(unknown_name(&doc, &[Seg::Key("versie")], "version", text, &known));
        }
        found
    });
    let settings = Settings {
        version,
        title: raw.titel,
        subtitle: raw.ondertitel,
        year: raw.jaar,
        peildatum: peildatum?,
        publicatiedatum,
        kamerstuk: raw.kamerstuk.map(|t| super::sources::read_kamerstuk(&doc, &[Seg::Key("kamerstuk")], &t.0, diags)),
        publisher: raw.uitgever,
        licence,
        previous: raw.vorige.map(Into::into),
    };
    Some(ReportSettings {
        settings,
        ministries,
        statuses,
        chapters: raw.hoofdstukken,
        pages_before: raw.paginas_voor,
        pages_after: raw.paginas_na,
        confirmed: raw.bevestigd,
        doc,
    })
}

fn statuses(doc: &Doc, list: &[StatusEntry], diags: &mut Diagnostics) -> Vec<Status> {
    const PHASES: [(&str, Phase); 4] =
        [("klaar", Phase::Klaar), ("bezig", Phase::Bezig), ("open", Phase::Open), ("vervallen", Phase::Vervallen)];
    let mut out: Vec<Status> = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let at = |key| doc.value_span(&[Seg::Key("statussen"), Seg::Index(i), Seg::Key(key)]);
        let phase = PHASES.iter().find(|(k, _)| *k == s.fase.trim().to_lowercase()).map(|(_, p)| *p);
        if phase.is_none() {
            diags.push(
                doc.error(at("fase"), format!("unknown phase `{}`", s.fase))
                    .with_help("a phase is one of: klaar, bezig, open, vervallen"),
            );
        }
        if !is_hex_color(&s.kleur) {
            diags.push(
                doc.error(at("kleur"), format!("`{}` is not a colour", s.kleur))
                    .with_help("write a colour as \"#rrggbb\" in quotes, e.g. \"#01689b\""),
            );
        }
        if Report::find_status(&out, &s.sleutel).is_some() || Report::find_status(&out, &s.label).is_some() {
            diags.push(doc.error(at("sleutel"), format!("status `{}` is defined twice", s.sleutel)));
        }
        out.push(Status {
            key: s.sleutel.trim().to_string(),
            label: s.label.trim().to_string(),
            color: s.kleur.trim().to_lowercase(),
            phase: phase.unwrap_or(Phase::Bezig),
        });
    }
    out
}

fn is_hex_color(s: &str) -> bool {
    let s = s.trim();
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn check_chapters(doc: &Doc, chapters: &[ChapterEntry], diags: &mut Diagnostics) {
    if chapters.is_empty() {
        diags.push(doc.error(doc.key_span(&[Seg::Key("hoofdstukken")]), "the report has no chapters"));
    }
    for (i, c) in chapters.iter().enumerate() {
        let at = |key| doc.value_span(&[Seg::Key("hoofdstukken"), Seg::Index(i), Seg::Key(key)]);
        if !is_slug(&c.slug) {
            diags.push(
                doc.error(at("slug"), format!("`{}` is not a valid slug", c.slug))
                    .with_help("a slug is lower-case letters, digits and hyphens, e.g. `huisvesting`"),
            );
        }
        if chapters[..i].iter().any(|o| o.slug == c.slug) {
            diags.push(doc.error(at("slug"), format!("chapter `{}` is defined twice", c.slug)));
        }
        for t in &c.themas {
            if chapters[..i].iter().any(|o| o.themas.contains(t)) {
                diags.push(doc.error(at("themas"), format!("theme {t} is given to two chapters")));
            }
        }
    }
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Error for a name that is not one of `known`, with a suggestion.
pub fn unknown_name(doc: &Doc, path: &[Seg], what: &str, given: &str, known: &[&str]) -> Diagnostic {
    let d = doc.error(doc.value_span(path), format!("unknown {what} `{given}`"));
    match suggest(given, known.iter().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!("known: {}", known.join(", "))),
    }
}
