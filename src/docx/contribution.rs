//! A contribution and its form, both ways: the report's contribution into
//! a `Form` to write, and a `Filled` form back into the text of
//! `bijdragen/<MIN>/<id>.md`, with a map from each line of that text to the
//! table row or paragraph it came from, so the contribution's own
//! validation can name places in the Word file.

use super::doc::{Block, Doc};
use super::form::{self, Filled, Form, Identity, MilestoneRow, Place};
use crate::content::yaml::Kind;
use crate::content::yaml::emit::{Value, Writer};
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
    let mut w: Writer<Place> = Writer::default();
    w.fence(&Place::File);
    if let Some((status, p)) = &filled.status
        && !status.trim().is_empty()
    {
        let key = crate::model::Report::find_status(statuses, status).map(|i| statuses[i].key.clone());
        w.field(0, "status", Value::Str(key.as_deref().unwrap_or(status.trim())), p);
    }
    if let Some((summary, p)) = &filled.summary
        && !summary.trim().is_empty()
    {
        w.field(0, "samenvatting", Value::Str(summary.trim()), p);
    }
    // A row given up (*Gereed*: vervallen) is no milestone any more: it
    // becomes an entry of `vervallen`, written after the fields.
    let dropped = |m: &MilestoneRow| m.done == super::form::DROPPED;
    let kept_rows: Vec<&(MilestoneRow, Place)> = filled.milestones.iter().filter(|(m, _)| !dropped(m)).collect();
    if let Some((_, first)) = kept_rows.first() {
        w.open(0, "mijlpalen", first);
        for (m, p) in kept_rows.iter().map(|r| (&r.0, &r.1)) {
            // Stored canonically; a date that cannot be read stays as typed
            // (the form's error names it).
            let when = super::date::read(&m.when).map(|p| p.canonical()).unwrap_or_else(|_| m.when.clone());
            // The keys in the order `next-year` writes them: `sleutel` first.
            let mut fields = Vec::new();
            if !m.key.is_empty() {
                fields.push(("sleutel", Value::Str(&m.key)));
            }
            fields.push(("wanneer", Value::Quoted(&when)));
            fields.push(("wat", Value::Str(&m.what)));
            // Not a yes or no: the form's error names it at this row.
            if super::date::done(&m.done) == Some(true) {
                fields.push(("gereed", Value::Bare("true")));
            }
            if !m.note.is_empty() {
                fields.push(("toelichting", Value::Str(&m.note)));
            }
            w.item_fields(2, &fields, p);
        }
    }
    if !filled.sources.is_empty() {
        let p = filled.sources_place.clone().unwrap_or(Place::File);
        w.open(0, "bronnen", &p);
        for s in &filled.sources {
            w.item(2, Value::Str(s), &p);
        }
    }
    match &filled.fields_source {
        Some((yaml, fp)) if *fp == shown_fingerprint(filled) => {
            // The fields as the form showed them: the front matter as written.
            w = Writer::default();
            w.fence(&Place::File);
            for (l, p) in crate::content::yaml::lines(yaml).into_iter().zip(yaml_places(yaml, filled)) {
                w.verbatim(&[l], &p);
            }
        }
        Some((yaml, _)) => {
            // Fields the form does not hold are kept as they were written;
            // rows given up join a `vervallen` list already there.
            let mut joined = false;
            for (kept, drops_at) in not_in_form(yaml) {
                w.verbatim(&kept, &Place::File);
                if let Some(indent) = drops_at {
                    drops(&mut w, indent, filled);
                    joined = true;
                }
            }
            if !joined {
                vervallen_header(&mut w, filled);
            }
        }
        None => vervallen_header(&mut w, filled),
    }
    w.fence(&Place::File);
    let (mut text, mut places) = w.finish();
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

/// The fingerprint of the fields as the form now shows them: equal to the
/// one the form was made with when the writer left them alone.
fn shown_fingerprint(filled: &Filled) -> String {
    let status = filled.status.as_ref().map(|(s, _)| s.as_str());
    let rows: Vec<MilestoneRow> = filled.milestones.iter().map(|(m, _)| m.clone()).collect();
    let summary = filled.summary.as_ref().map(|(s, _)| s.as_str()).unwrap_or("");
    form::fields_fingerprint(status, summary, &rows, &filled.sources)
}

/// Why the fields the form does not show (`akkoord`, `vervallen`, any
/// other) cannot be kept as written, if they cannot: the writer changed
/// the fields the form shows, and the front matter does not have each
/// top-level field on lines of its own (it is written in flow style), so
/// they cannot be told apart. Import then writes nothing rather than
/// lose them; the message is the writer's, in Dutch.
pub fn unkept_fields(filled: &Filled) -> Option<String> {
    let (yaml, fp) = filled.fields_source.as_ref()?;
    if *fp == shown_fingerprint(filled) {
        return None;
    }
    let doc = crate::content::yaml::Doc::parse(yaml, std::path::Path::new(""), 1).ok();
    if doc.as_ref().and_then(|d| d.sections(yaml)).is_some() {
        return None;
    }
    Some(
        "de velden bovenaan de bijdrage (tussen de regels met ---) staan niet elk op een eigen regel, \
         zodat jaarrapport de velden die dit formulier niet toont (zoals `akkoord`) niet apart kan bewaren; \
         vraag de redactie om elk veld op een eigen regel te zetten, en lees het formulier daarna opnieuw in"
            .into(),
    )
}

/// `vervallen:` and the rows given up in the form, when there are any.
fn vervallen_header(w: &mut Writer<Place>, filled: &Filled) {
    if let Some((_, p)) = filled.milestones.iter().find(|(m, _)| m.done == super::form::DROPPED) {
        w.open(0, "vervallen", p);
        drops(w, 2, filled);
    }
}

/// One `vervallen` entry per row given up: named by its *Sleutel*, or by
/// its *Wat* when it has none, with the *Toelichting* as the reason. An
/// entry that names no milestone of last year's report is an error at the
/// row (`validate`).
fn drops(w: &mut Writer<Place>, indent: usize, filled: &Filled) {
    for (m, p) in filled.milestones.iter().filter(|(m, _)| m.done == super::form::DROPPED) {
        let name = if m.key.is_empty() { ("wat", Value::Str(&m.what)) } else { ("sleutel", Value::Str(&m.key)) };
        w.item_fields(indent, &[name, ("toelichting", Value::Str(&m.note))], p);
    }
}

/// The fields of the front matter that a form does not show (`akkoord`,
/// `vervallen`, and any field added later), as written: each field's lines
/// up to the next field, as parsing the front matter finds them. Named by
/// what the form shows, so a new field is kept without being listed here.
/// With a field's lines, where rows given up join it: the indentation of
/// the items of a `vervallen` written as a block list (rows join it after
/// its key's line).
fn not_in_form(yaml: &str) -> Vec<(Vec<&str>, Option<usize>)> {
    const SHOWN: [&str; 4] = ["status", "samenvatting", "mijlpalen", "bronnen"];
    let lines = crate::content::yaml::lines(yaml);
    let Ok(doc) = crate::content::yaml::Doc::parse(yaml, std::path::Path::new(""), 1) else { return Vec::new() };
    let mut out = Vec::new();
    for s in doc.sections(yaml).unwrap_or_default() {
        let key = s.key.text().unwrap_or("");
        if SHOWN.contains(&key) {
            continue;
        }
        // A block list's first item starts on a line after the key; its
        // dash is the first thing on that line.
        let first_item = match &s.value.kind {
            Kind::Seq(items) => items.first().filter(|i| i.at.line > s.key.at.line),
            _ => None,
        };
        let empty = s.value.is_null() || matches!(&s.value.kind, Kind::Seq(items) if items.is_empty());
        let first = s.lines.start;
        if let (Some(item), "vervallen") = (first_item, key) {
            let dash = lines.get(item.at.line as usize - 1).map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
            out.push((lines[first..=first].to_vec(), Some(dash)));
            out.push((lines[first + 1..s.lines.end].to_vec(), None));
        } else if key == "vervallen" && empty {
            // `vervallen:` or `vervallen: []`: the rows given up fill it.
            out.push((vec!["vervallen:"], Some(2)));
            out.push((lines[first + 1..s.lines.end].to_vec(), None));
        } else {
            out.push((lines[s.lines].to_vec(), None));
        }
    }
    // Blank lines at the end of the front matter are not kept.
    while let Some((last, _)) = out.last_mut() {
        while last.last().is_some_and(|l| l.trim().is_empty()) {
            last.pop();
        }
        if !last.is_empty() {
            break;
        }
        out.pop();
    }
    out
}

/// For each line of front matter as written, the row its field came from:
/// found by parsing it (a milestone's lines are those from its item's
/// start to the next one's).
fn yaml_places(yaml: &str, filled: &Filled) -> Vec<Place> {
    let count = crate::content::yaml::lines(yaml).len();
    let mut places = vec![Place::File; count];
    let Ok(doc) = crate::content::yaml::Doc::parse(yaml, std::path::Path::new(""), 1) else { return places };
    for s in doc.sections(yaml).unwrap_or_default() {
        let starts: Vec<usize> = match &s.value.kind {
            Kind::Seq(items) => items.iter().map(|i| (i.at.line as usize).saturating_sub(1)).collect(),
            _ => Vec::new(),
        };
        for (i, place) in places.iter_mut().enumerate().take(s.lines.end).skip(s.lines.start) {
            let item = starts.iter().rposition(|start| *start <= i).unwrap_or(0);
            let found = match s.key.text().unwrap_or("") {
                "status" => filled.status.as_ref().map(|s| s.1.clone()),
                "samenvatting" => filled.summary.as_ref().map(|s| s.1.clone()),
                "mijlpalen" => filled.milestones.get(item).map(|m| m.1.clone()),
                "bronnen" => filled.sources_place.clone(),
                _ => None,
            };
            *place = found.unwrap_or(Place::File);
        }
    }
    places
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

/// The blocks of a filled form as one document.
pub fn doc_of(filled: &Filled) -> Doc {
    Doc { blocks: filled.body.iter().map(|(b, _)| b.clone()).collect::<Vec<Block>>() }
}

#[cfg(test)]
mod tests {
    use super::super::form::{Filled, MilestoneRow, Place};
    use super::markdown_of;

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

    fn kept(yaml: &str) -> Vec<&str> {
        super::not_in_form(yaml).into_iter().flat_map(|(lines, _)| lines).collect()
    }

    #[test]
    fn dropped_milestones_survive_an_edited_form() {
        let yaml = "status: afgerond\nvervallen:\n  - sleutel: pilot\n    toelichting: \"Niet nodig: de wet regelt het.\"\nbronnen:\n- Kamerstuk 1\n";
        assert_eq!(
            kept(yaml),
            ["vervallen:", "  - sleutel: pilot", "    toelichting: \"Niet nodig: de wet regelt het.\""]
        );
        let filled = Filled { fields_source: Some((yaml.into(), "changed".into())), ..Filled::default() };
        let written = markdown_of(&filled, &Default::default(), &[]);
        assert!(written.text.contains("vervallen:\n  - sleutel: pilot\n"), "{}", written.text);
        let shown = "status: x\nsamenvatting: y\nmijlpalen:\n- wat: z\nbronnen:\n  - b\n";
        assert_eq!(kept(shown), Vec::<&str>::new());
        let agreed = "status: x\nakkoord:\n  door: DG\n  datum: 2030-11-15\nbronnen: []\n";
        assert_eq!(kept(agreed), ["akkoord:", "  door: DG", "  datum: 2030-11-15"]);
        assert_eq!(kept("'status': x\n\"bronnen\": []\n"), Vec::<&str>::new());
        // An empty `vervallen` is filled, not written twice.
        let row = MilestoneRow { what: "Pilot".into(), done: super::super::form::DROPPED.into(), ..Default::default() };
        for yaml in ["vervallen: []\n", "vervallen:\n", "vervallen: # geen\n"] {
            let filled = Filled {
                milestones: vec![(row.clone(), Place::File)],
                fields_source: Some((yaml.into(), "changed".into())),
                ..Filled::default()
            };
            let text = markdown_of(&filled, &Default::default(), &[]).text;
            assert!(text.contains("vervallen:\n  - wat: Pilot\n    toelichting: \"\"\n"), "{text}");
            assert_eq!(text.matches("vervallen").count(), 1, "{text}");
        }
    }

    #[test]
    fn fields_in_flow_style_are_never_dropped_silently() {
        let flow = "{status: x, akkoord: {door: DG, datum: 2030-11-15}}\n";
        let changed = Filled { fields_source: Some((flow.into(), "changed".into())), ..Filled::default() };
        assert!(super::unkept_fields(&changed).is_some_and(|m| m.contains("niet elk op een eigen regel")));
        // Unchanged fields are kept as written, whatever their style.
        let same = Filled { fields_source: Some((flow.into(), super::shown_fingerprint(&changed))), ..changed.clone() };
        assert_eq!(super::unkept_fields(&same), None);
        let block = Filled {
            fields_source: Some(("status: x\nakkoord:\n  door: DG\n".into(), "changed".into())),
            ..Filled::default()
        };
        assert_eq!(super::unkept_fields(&block), None);
    }

    #[test]
    fn fields_the_form_does_not_show_are_found_by_parsing() {
        // A quoted key that starts like a shown one, a comment, and a
        // `vervallen` list at the margin that rows given up join.
        let yaml = "\"bronnen: oud\": \"door DG\n  nee\"\n# over de status\nstatus: x\nvervallen:\n- sleutel: a\n  toelichting: b\n";
        assert_eq!(
            kept(yaml),
            [
                "\"bronnen: oud\": \"door DG",
                "  nee\"",
                "# over de status",
                "vervallen:",
                "- sleutel: a",
                "  toelichting: b"
            ]
        );
        let row = MilestoneRow {
            what: "Pilot".into(),
            done: super::super::form::DROPPED.into(),
            note: "Weg.".into(),
            ..Default::default()
        };
        let place = Place::Row { table: "Mijlpalen", row: 3 };
        let filled = Filled {
            milestones: vec![(row, place.clone())],
            fields_source: Some((yaml.into(), "changed".into())),
            ..Filled::default()
        };
        let written = markdown_of(&filled, &Default::default(), &[]);
        assert!(
            written
                .text
                .ends_with("vervallen:\n- wat: Pilot\n  toelichting: Weg.\n- sleutel: a\n  toelichting: b\n---\n"),
            "{}",
            written.text
        );
        let split = crate::content::frontmatter::split(&written.text).unwrap();
        crate::content::yaml::Doc::parse(split.yaml.unwrap(), std::path::Path::new("x.md"), 2).unwrap();
        assert_eq!(written.place(written.text.lines().position(|l| l == "- wat: Pilot").unwrap() + 1), place);
    }

    #[test]
    fn unchanged_fields_map_each_line_to_its_row() {
        let yaml = "status: x\nmijlpalen:\n  - wanneer: 2023\n    wat: a\n\n  # tweede\n  - {wanneer: 2024, wat: b}\nbronnen: [c]\n";
        let (r1, r2) = (Place::Row { table: "Mijlpalen", row: 1 }, Place::Row { table: "Mijlpalen", row: 2 });
        let filled = Filled {
            milestones: vec![(MilestoneRow::default(), r1.clone()), (MilestoneRow::default(), r2.clone())],
            sources_place: Some(Place::Paragraph(9)),
            ..Filled::default()
        };
        let places = super::yaml_places(yaml, &filled);
        assert_eq!(places[1..5], [r1.clone(), r1.clone(), r1.clone(), r1]);
        assert_eq!(places[6..], [r2, Place::Paragraph(9)]);
    }
}
