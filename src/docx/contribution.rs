//! A contribution and its form, both ways: the report's contribution into
//! a `Form` to write, and a `Filled` form back into the text of
//! `bijdragen/<MIN>/<id>.md`, with a map from each line of that text to the
//! table row or paragraph it came from, so the contribution's own
//! validation can name places in the Word file.

use super::doc::{Block, Doc};
use super::form::{self, Filled, Form, Identity, MilestoneRow, Place};
use crate::markdown;
use crate::model::{Contribution, RecId, Report};
use pulldown_cmark::Event;

/// The form for `ministry` on `id`, filled with its contribution if there
/// is one; `content_dir` is where its front matter is read again as written.
pub fn form_of(report: &Report, content_dir: &std::path::Path, id: &RecId, ministry: &str) -> Form {
    let rec = report.recommendation(id);
    let owner = rec.map(|r| r.owner.clone()).unwrap_or_default();
    let existing: Option<&Contribution> = rec.and_then(|r| r.contributions.iter().find(|c| c.ministry == ministry));
    let is_owner = owner == ministry;
    let status = is_owner.then(|| {
        rec.and_then(|r| r.status).and_then(|i| report.statuses.get(i)).map(|s| s.label.clone()).unwrap_or_default()
    });
    let (body, source) = match existing {
        Some(c) => {
            let doc = super::from_markdown::parse(&c.body.text);
            let fp = form::fingerprint(&doc);
            (doc, Some((c.body.text.clone(), fp)))
        }
        None => (Doc::default(), None),
    };
    let mut form = Form {
        identity: Identity {
            report: report.settings.title.clone(),
            year: report.settings.year.to_string(),
            ministry: ministry.to_string(),
            id: id.to_string(),
        },
        title: form::title(ministry, &id.to_string()),
        subtitle: format!("{} — {}", rec.map(|r| r.title.as_str()).unwrap_or(""), report.settings.title),
        status,
        status_labels: report.statuses.iter().map(|s| s.label.clone()).collect(),
        owner,
        summary: existing.and_then(|c| c.summary.clone()).unwrap_or_default(),
        milestones: existing
            .map(|c| {
                c.milestones
                    .iter()
                    .map(|m| MilestoneRow {
                        // As the report prints it; read back in any spelling.
                        when: m.when.dutch(),
                        what: m.what.clone(),
                        done: if m.done { form::YES } else { form::NO }.to_string(),
                        note: m.reason.clone().unwrap_or_default(),
                        key: m.key.clone().unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        sources: existing.map(|c| c.sources.iter().map(|s| s.text.clone()).collect()).unwrap_or_default(),
        body,
        source,
        fields_source: None,
        made_from: None,
    };
    // The file as it is now: what the form is made from, and its front
    // matter as written (read only as a regular file, bounded).
    let bytes = existing.and_then(|c| {
        crate::content::source::read_regular(&content_dir.join(&c.body.file), crate::content::source::MAX_FILE_BYTES)
            .ok()
    });
    form.made_from = Some(form::file_hash(bytes.as_deref()));
    if existing.is_some() {
        let text = bytes.as_deref().and_then(|b| crate::content::source::decode(b).ok());
        let yaml = text
            .as_deref()
            .and_then(|t| crate::content::frontmatter::split(t).ok())
            .and_then(|s| s.yaml.map(str::to_string));
        if let Some(yaml) = yaml {
            let fp = form::fields_fingerprint(form.status.as_deref(), &form.summary, &form.milestones, &form.sources);
            form.fields_source = Some((yaml, fp));
        }
    }
    form
}

/// The Markdown file and, per line (index 0 = line 1), where it came from.
pub struct Written {
    pub text: String,
    pub places: Vec<Place>,
    /// Line of the file on which the body starts.
    pub body_line: usize,
}

impl Written {
    pub fn place(&self, line: usize) -> Place {
        line.checked_sub(1).and_then(|i| self.places.get(i)).cloned().unwrap_or(Place::File)
    }
}

/// `statuses`: (key, label) of the report, to write a label as its key.
pub fn markdown_of(filled: &Filled, doc: &Doc, statuses: &[crate::model::Status]) -> Written {
    let mut text = String::from("---\n");
    let mut places = vec![Place::File];
    let line = |text: &mut String, places: &mut Vec<Place>, s: String, p: &Place| {
        text.push_str(&s);
        text.push('\n');
        places.push(p.clone());
    };
    if let Some((status, p)) = &filled.status
        && !status.trim().is_empty()
    {
        let key = crate::model::Report::find_status(statuses, status).map(|i| statuses[i].key.clone());
        line(&mut text, &mut places, format!("status: {}", yaml_str(key.as_deref().unwrap_or(status.trim()))), p);
    }
    if let Some((summary, p)) = &filled.summary
        && !summary.trim().is_empty()
    {
        line(&mut text, &mut places, format!("samenvatting: {}", yaml_str(summary.trim())), p);
    }
    // A row given up (*Gereed*: vervallen) is no milestone any more: it
    // becomes an entry of `vervallen`, written after the fields.
    let dropped = |m: &MilestoneRow| m.done == super::form::DROPPED;
    let kept_rows: Vec<&(MilestoneRow, Place)> = filled.milestones.iter().filter(|(m, _)| !dropped(m)).collect();
    if let Some((_, first)) = kept_rows.first() {
        line(&mut text, &mut places, "mijlpalen:".into(), first);
        for (m, p) in kept_rows.iter().map(|r| (&r.0, &r.1)) {
            // Stored canonically; a date that cannot be read stays as typed
            // (the form's error names it).
            let when = super::date::read(&m.when).map(|p| p.canonical()).unwrap_or_else(|_| m.when.clone());
            // The keys in the order `next-year` writes them: `sleutel` first.
            let mut dash = "  - ";
            if !m.key.is_empty() {
                line(&mut text, &mut places, format!("{dash}sleutel: {}", yaml_str(&m.key)), p);
                dash = "    ";
            }
            line(
                &mut text,
                &mut places,
                format!("{dash}wanneer: {}", serde_json::to_string(&when).unwrap_or_default()),
                p,
            );
            line(&mut text, &mut places, format!("    wat: {}", yaml_str(&m.what)), p);
            // Not a yes or no: the form's error names it at this row.
            if super::date::done(&m.done) == Some(true) {
                line(&mut text, &mut places, "    gereed: true".into(), p);
            }
            if !m.note.is_empty() {
                line(&mut text, &mut places, format!("    toelichting: {}", yaml_str(&m.note)), p);
            }
        }
    }
    if !filled.sources.is_empty() {
        let p = filled.sources_place.clone().unwrap_or(Place::File);
        line(&mut text, &mut places, "bronnen:".into(), &p);
        for s in &filled.sources {
            line(&mut text, &mut places, format!("  - {}", yaml_str(s)), &p);
        }
    }
    let status = filled.status.as_ref().map(|(s, _)| s.as_str());
    let rows: Vec<MilestoneRow> = filled.milestones.iter().map(|(m, _)| m.clone()).collect();
    let summary = filled.summary.as_ref().map(|(s, _)| s.as_str()).unwrap_or("");
    if let Some((yaml, fp)) = &filled.fields_source {
        if *fp == form::fields_fingerprint(status, summary, &rows, &filled.sources) {
            text = format!("---\n{yaml}");
            places = vec![Place::File];
            places.extend(yaml_places(yaml, filled));
        } else {
            // Fields the form does not hold are kept as they were written;
            // rows given up join a `vervallen` list already there.
            let mut joined = false;
            for kept in not_in_form(yaml) {
                line(&mut text, &mut places, kept.to_string(), &Place::File);
                if kept.trim_end() == "vervallen:" {
                    drops(&mut text, &mut places, filled);
                    joined = true;
                }
            }
            if !joined {
                vervallen_header(&mut text, &mut places, filled);
            }
        }
    } else {
        vervallen_header(&mut text, &mut places, filled);
    }
    line(&mut text, &mut places, "---".into(), &Place::File);
    let body_line = places.len() + 1;
    let body = match &filled.source {
        Some((original, fp)) if *fp == form::fingerprint(doc) => original.clone(),
        // Edited: what the writer left alone stays as it was written.
        Some((original, _)) => super::merge::merge(original, doc),
        None => super::to_markdown::write(doc),
    };
    let starts: Vec<usize> = filled.body.iter().map(|(_, n)| *n).collect();
    places.extend(body_places(&body, &starts));
    text.push_str(&body);
    Written { text, places, body_line }
}

/// `vervallen:` and the rows given up in the form, when there are any.
fn vervallen_header(text: &mut String, places: &mut Vec<Place>, filled: &Filled) {
    if let Some((_, p)) = filled.milestones.iter().find(|(m, _)| m.done == super::form::DROPPED) {
        text.push_str("vervallen:\n");
        places.push(p.clone());
        drops(text, places, filled);
    }
}

/// One `vervallen` entry per row given up: named by its *Sleutel*, or by
/// its *Wat* when it has none, with the *Toelichting* as the reason. An
/// entry that names no milestone of last year's report is an error at the
/// row (`validate`).
fn drops(text: &mut String, places: &mut Vec<Place>, filled: &Filled) {
    for (m, p) in filled.milestones.iter().filter(|(m, _)| m.done == super::form::DROPPED) {
        let name = if m.key.is_empty() {
            format!("wat: {}", yaml_str(&m.what))
        } else {
            format!("sleutel: {}", yaml_str(&m.key))
        };
        for l in [format!("  - {name}"), format!("    toelichting: {}", yaml_str(&m.note))] {
            text.push_str(&l);
            text.push('\n');
            places.push(p.clone());
        }
    }
}

/// The lines of the front matter's fields that a form does not show
/// (`akkoord`, `vervallen`, and any field added later), as written: a
/// field's line and those that continue it (indented, a list item at the
/// left margin, a comment or empty). Named by what the form shows, so a
/// new field is kept without being listed here.
fn not_in_form(yaml: &str) -> Vec<&str> {
    const SHOWN: [&str; 4] = ["status", "samenvatting", "mijlpalen", "bronnen"];
    let mut out = Vec::new();
    let mut keeping = false;
    for l in yaml.lines() {
        let continues = l.is_empty() || l.starts_with([' ', '\t', '-', '#']);
        if !continues {
            keeping = l.split_once(':').is_some_and(|(key, _)| !SHOWN.contains(&key.trim().trim_matches(['"', '\''])));
        }
        if keeping {
            out.push(l);
        }
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

/// For each line of front matter as written, the row its field came from.
fn yaml_places(yaml: &str, filled: &Filled) -> Vec<Place> {
    let mut key = "";
    let mut item: Option<usize> = None;
    yaml.lines()
        .map(|l| {
            if !l.starts_with([' ', '\t', '-', '#']) && l.contains(':') {
                key = l.split(':').next().unwrap_or("").trim();
                item = None;
            } else if key == "mijlpalen" && l.trim_start().starts_with("- ") {
                item = Some(item.map_or(0, |i| i + 1));
            }
            match key {
                "status" => filled.status.as_ref().map(|s| s.1.clone()),
                "samenvatting" => filled.summary.as_ref().map(|s| s.1.clone()),
                "mijlpalen" => filled.milestones.get(item.unwrap_or(0)).map(|m| m.1.clone()),
                "bronnen" => filled.sources_place.clone(),
                _ => None,
            }
            .unwrap_or(Place::File)
        })
        .collect()
}

/// For each line of a body, the paragraph (or footnote) its block began at.
fn body_places(body: &str, starts: &[usize]) -> Vec<Place> {
    // Top-level blocks in order: their byte range and whether a footnote.
    let mut tops: Vec<(usize, bool)> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in markdown::parser(body).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    tops.push((range.start, matches!(tag, pulldown_cmark::Tag::FootnoteDefinition(_))));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => tops.push((range.start, false)),
            _ => {}
        }
    }
    // One pass over the lines and the blocks together: `at` is the last
    // block starting at or before the line, `notes` and `blocks` how many
    // footnotes and other blocks there are up to it.
    let mut places = Vec::new();
    let mut offset = 0;
    let (mut at, mut notes, mut blocks): (Option<usize>, usize, usize) = (None, 0, 0);
    for l in body.split_inclusive('\n') {
        loop {
            let next = at.map_or(0, |i| i + 1);
            if next >= tops.len() || tops[next].0 > offset {
                break;
            }
            if tops[next].1 {
                notes += 1;
            } else {
                blocks += 1;
            }
            at = Some(next);
        }
        let place = match at {
            None => starts.first().map(|&n| Place::Paragraph(n)).unwrap_or(Place::File),
            Some(i) if tops[i].1 => Place::Footnote(notes),
            // The block's index among the non-note blocks before it.
            Some(_) => {
                let k = blocks - 1;
                starts.get(k).or(starts.last()).map(|&n| Place::Paragraph(n)).unwrap_or(Place::File)
            }
        };
        places.push(place);
        offset += l.len();
    }
    places
}

/// A YAML scalar: plain when that reads unambiguously, else double-quoted
/// (JSON's string syntax is YAML's double-quoted style).
pub fn yaml_str(s: &str) -> String {
    let lower = s.to_lowercase();
    let plain = !s.is_empty()
        && s.trim() == s
        && s.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '(' || c == '€')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| "{}[]&*!|>'\"%@`\\".contains(c) || c.is_control())
        && !matches!(lower.as_str(), "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n")
        && s.parse::<f64>().is_err()
        && !s.chars().next().is_some_and(|c| c.is_ascii_digit());
    if plain { s.to_string() } else { serde_json::to_string(s).unwrap_or_default() }
}

/// The blocks of a filled form as one document.
pub fn doc_of(filled: &Filled) -> Doc {
    Doc { blocks: filled.body.iter().map(|(b, _)| b.clone()).collect::<Vec<Block>>() }
}

#[cfg(test)]
mod tests {
    use super::super::form::{Filled, MilestoneRow, Place};
    use super::{markdown_of, yaml_str};

    #[test]
    fn milestone_notes_and_keys_are_written_with_their_row() {
        let row = MilestoneRow {
            when: "2023-Q4".into(),
            what: "Ingediend".into(),
            note: "Later advies.".into(),
            key: "wetsvoorstel".into(),
            ..Default::default()
        };
        let place = Place::Row { table: "Mijlpalen", row: 2 };
        let filled = Filled { milestones: vec![(row, place.clone())], ..Filled::default() };
        let written = markdown_of(&filled, &Default::default(), &[]);
        assert!(
            written.text.contains(
                "  - sleutel: wetsvoorstel\n    wanneer: \"2023-Q4\"\n    wat: Ingediend\n    toelichting: Later advies.\n"
            ),
            "{}",
            written.text
        );
        assert_eq!(written.place(6), place);
    }

    #[test]
    fn dropped_milestones_survive_an_edited_form() {
        let yaml = "status: afgerond\nvervallen:\n  - sleutel: pilot\n    toelichting: \"Niet nodig: de wet regelt het.\"\nbronnen:\n- Kamerstuk 1\n";
        assert_eq!(
            super::not_in_form(yaml),
            ["vervallen:", "  - sleutel: pilot", "    toelichting: \"Niet nodig: de wet regelt het.\""]
        );
        let filled = Filled { fields_source: Some((yaml.into(), "changed".into())), ..Filled::default() };
        let written = markdown_of(&filled, &Default::default(), &[]);
        assert!(written.text.contains("vervallen:\n  - sleutel: pilot\n"), "{}", written.text);
        let shown = "status: x\nsamenvatting: y\nmijlpalen:\n- wat: z\nbronnen:\n  - b\n";
        assert_eq!(super::not_in_form(shown), Vec::<&str>::new());
        let agreed = "status: x\nakkoord:\n  door: DG\n  datum: 2030-11-15\nbronnen: []\n";
        assert_eq!(super::not_in_form(agreed), ["akkoord:", "  door: DG", "  datum: 2030-11-15"]);
        assert_eq!(super::not_in_form("'status': x\n\"bronnen\": []\n"), Vec::<&str>::new());
    }

    #[test]
    fn yaml_scalars_read_back_as_written() {
        for s in
            ["Kamerstuk 29 861, nr. 92", "ja", "true", "2023", "a: b", "€ 12 mln", "\"quoted\"", "x # y", "- lijst"]
        {
            let v: String = serde_yaml_ng::from_str(&yaml_str(s)).unwrap();
            assert_eq!(v, s);
        }
    }
}
