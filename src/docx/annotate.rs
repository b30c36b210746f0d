//! A refused form sent back with its problems inside it: a copy of the
//! writer's own file with each problem as a comment at the row or
//! paragraph it concerns (`import --terugsturen DIR`), a Word comment in a
//! .docx and an annotation in an .odt. The comments carry the tool's name
//! as their author, so import recognises them as its own and reads the
//! form when it comes back with them; any other comment is still refused.
//!
//! The copy changes the writer's file as little as it can: in a .docx the
//! comments part is added (or extended), and one comment mark is put at
//! the end of each paragraph a problem is placed at; in an .odt each
//! annotation is put at the end of its paragraph. Every other part is
//! copied byte for byte.

use super::form::{Place, SECTION_TEXT};
use quick_xml::events::Event;
use std::io::{Read, Write};

/// The author of the tool's own comments.
pub const AUTHOR: &str = "jaarrapport";

/// Comment ids of our own start here, above what Word and LibreOffice use.
const FIRST_ID: usize = 90_000;

/// Where paragraphs end in document.xml: what a place is anchored at.
#[derive(Default)]
struct Anchors {
    /// Body-level paragraphs: (end offset, text, style).
    paras: Vec<(usize, String, String)>,
    /// Body-level items in order: a paragraph (index into `paras`) or a table.
    items: Vec<Item>,
    /// The style of the form's own instructions under Tekst (not counted
    /// as the writer's paragraphs).
    instructions: &'static str,
}

enum Item {
    Para(usize),
    /// The end of the first paragraph of each row.
    Table(Vec<usize>),
}

/// `bytes` (a form, .docx or .odt) with `problems` as comments; `Err` when
/// the file cannot be rewritten (it was read before, so this is a damaged
/// package).
pub fn annotate(bytes: &[u8], problems: &[(Place, String)]) -> Result<Vec<u8>, String> {
    let parts = read_parts(bytes)?;
    let text = |name: &str| parts.iter().find(|(n, _)| n == name).map(|(_, d)| String::from_utf8_lossy(d).into_owned());
    if super::odt::is_odt(bytes) {
        let content = text("content.xml").ok_or("content.xml is missing")?;
        let replaced = vec![("content.xml".to_string(), annotate_odt(&content, problems)?.into_bytes())];
        return write_parts(&parts, replaced);
    }
    let document = text("word/document.xml").ok_or("word/document.xml is missing")?;
    let anchors = anchors(&document)?;
    // Each problem at the end of its paragraph; one comment per problem.
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut comments = String::new();
    for (k, (place, message)) in problems.iter().enumerate() {
        let id = FIRST_ID + k;
        marks.push((anchors.offset(place), id));
        comments.push_str(&format!(
            r#"<w:comment w:id="{id}" w:author="{AUTHOR}" w:initials="JR"><w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:comment>"#,
            super::writer::esc(&shown(place, message))
        ));
    }
    marks.sort();
    let mut doc = document.clone();
    for (at, id) in marks.into_iter().rev() {
        doc.insert_str(at, &format!(r#"<w:r><w:commentReference w:id="{id}"/></w:r>"#));
    }
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let comments_part = match text("word/comments.xml") {
        Some(old) if old.contains("</w:comments>") => {
            old.replacen("</w:comments>", &format!("{comments}</w:comments>"), 1)
        }
        _ => format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">{comments}</w:comments>"#
        ),
    };
    let mut rels = text("word/_rels/document.xml.rels").ok_or("word/_rels/document.xml.rels is missing")?;
    if !rels.contains("comments.xml") {
        rels = rels.replacen(
            "</Relationships>",
            r#"<Relationship Id="rIdJaarrapportOpmerkingen" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#,
            1,
        );
    }
    let mut types = text("[Content_Types].xml").ok_or("[Content_Types].xml is missing")?;
    if !types.contains("/word/comments.xml") {
        types = types.replacen(
            "</Types>",
            r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#,
            1,
        );
    }
    let replaced = vec![
        ("word/document.xml".to_string(), doc.into_bytes()),
        ("word/comments.xml".to_string(), comments_part.into_bytes()),
        ("word/_rels/document.xml.rels".to_string(), rels.into_bytes()),
        ("[Content_Types].xml".to_string(), types.into_bytes()),
    ];
    write_parts(&parts, replaced)
}

/// A problem as its comment says it: where, then what.
fn shown(place: &Place, message: &str) -> String {
    let where_ = place.to_string();
    if where_.is_empty() { message.to_string() } else { format!("{where_}: {message}") }
}

/// An .odt's content.xml with each problem as an annotation of the tool's
/// own at the end of its paragraph.
fn annotate_odt(content: &str, problems: &[(Place, String)]) -> Result<String, String> {
    let anchors = odt_anchors(content)?;
    let mut marks: Vec<(usize, usize)> =
        problems.iter().enumerate().map(|(k, (place, _))| (anchors.offset(place), k)).collect();
    marks.sort();
    let mut doc = content.to_string();
    for (at, k) in marks.into_iter().rev() {
        let (place, message) = &problems[k];
        // Its own namespaces, so that it reads the same in any content.xml.
        doc.insert_str(
            at,
            &format!(
                r#"<office:annotation xmlns:office="{ODF_OFFICE}" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:text="{ODF_TEXT}"><dc:creator>{AUTHOR}</dc:creator><text:p>{}</text:p></office:annotation>"#,
                super::writer::esc(&shown(place, message))
            ),
        );
    }
    Ok(doc)
}

const ODF_OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const ODF_TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

/// The parts of a form's package, in their order; the same bounds as
/// reading a form: no part over 64 MB, 256 MB in all.
fn read_parts(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total = 0usize;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.to_string();
        let mut data = Vec::new();
        f.by_ref().take((64 << 20) + 1).read_to_end(&mut data).map_err(|e| e.to_string())?;
        total += data.len();
        if data.len() > 64 << 20 || total > 256 << 20 {
            return Err(format!("part {name} unpacks to too much"));
        }
        parts.push((name, data));
    }
    Ok(parts)
}

/// The package again, `replaced` in place of (or after) the parts of those
/// names. An .odt's `mimetype` stays uncompressed, as ODF requires.
fn write_parts(parts: &[(String, Vec<u8>)], mut replaced: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, String> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut put = |name: &str, data: &[u8]| -> Result<(), String> {
        let opts = match name {
            "mimetype" => opts.compression_method(zip::CompressionMethod::Stored),
            _ => opts,
        };
        out.start_file(name, opts).map_err(|e| e.to_string())?;
        out.write_all(data).map_err(|e| e.to_string())
    };
    for (name, data) in parts {
        match replaced.iter().position(|(n, _)| n == name) {
            Some(k) => {
                let (n, d) = replaced.remove(k);
                put(&n, &d)?;
            }
            None => put(name, data)?,
        }
    }
    for (name, data) in replaced {
        put(&name, &data)?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

/// The body-level paragraphs and tables of document.xml, with offsets.
fn anchors(document: &str) -> Result<Anchors, String> {
    let mut reader = quick_xml::Reader::from_str(document);
    let mut a = Anchors { instructions: "Toelichtingformulier", ..Anchors::default() };
    // Element names (local) open now.
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut style = String::new();
    let mut rows: Vec<usize> = Vec::new();
    let mut row_first: Option<usize> = None;
    let local = |n: &str| n.rsplit_once(':').map(|(_, l)| l.to_string()).unwrap_or_else(|| n.to_string());
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                if name == "tr" && stack.len() == 3 {
                    row_first = None;
                }
                stack.push(name);
            }
            Event::Empty(e) if local(e.name().as_ref()) == "pStyle" && stack.len() == 4 && stack[2] == "p" => {
                for attr in e.attributes().flatten() {
                    if local(attr.key.as_ref()) == "val" {
                        style = attr.value.to_string();
                    }
                }
            }
            Event::Text(t) if stack.last().is_some_and(|n| n == "t") && stack.len() >= 3 && stack[2] == "p" => {
                text.push_str(&t.xml10_content());
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                // document > body > p: a paragraph of the body ends here.
                if name == "p" && stack.len() == 2 {
                    a.items.push(Item::Para(a.paras.len()));
                    a.paras.push((before, std::mem::take(&mut text), std::mem::take(&mut style)));
                }
                // The first paragraph of a row of a body-level table.
                if name == "p" && stack.len() >= 5 && stack[2] == "tbl" && stack[3] == "tr" && row_first.is_none() {
                    row_first = Some(before);
                }
                if name == "tr" && stack.len() == 3 && stack[2] == "tbl" {
                    rows.push(row_first.take().unwrap_or(before));
                }
                if name == "tbl" && stack.len() == 2 {
                    a.items.push(Item::Table(std::mem::take(&mut rows)));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(a)
}

/// The body-level paragraphs and tables of an .odt's content.xml, with
/// offsets: a paragraph's end tag, and the end of the first paragraph of
/// each row of a body-level table (header rows counted, as the reader
/// counts them). A paragraph's style is followed through the automatic
/// styles to the named one (`P3` → `Toelichting_20_formulier`).
fn odt_anchors(content: &str) -> Result<Anchors, String> {
    let mut reader = quick_xml::Reader::from_str(content);
    let mut a = Anchors { instructions: "Toelichting_20_formulier", ..Anchors::default() };
    let local = |n: &str| n.rsplit_once(':').map(|(_, l)| l.to_string()).unwrap_or_else(|| n.to_string());
    let attr = |e: &quick_xml::events::BytesStart, name: &str| {
        e.attributes().flatten().find(|at| local(at.key.as_ref()) == name).map(|at| at.value.to_string())
    };
    // Automatic style → its parent.
    let mut parents: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut stack: Vec<String> = Vec::new();
    let (mut text, mut style) = (String::new(), String::new());
    let mut rows: Vec<usize> = Vec::new();
    let mut row_first: Option<usize> = None;
    let in_body_table = |stack: &[String]| stack.len() > 3 && stack[2] == "text" && stack[3] == "table";
    // A row of the body-level table itself (perhaps in its header or row
    // group), not of a table inside one of its cells.
    let own_row = |stack: &[String]| {
        in_body_table(stack)
            && (stack.len() == 4
                || (stack.len() == 5 && matches!(stack[4].as_str(), "table-header-rows" | "table-rows")))
    };
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                if (name == "p" || name == "h") && stack.len() == 3 {
                    style = attr(&e, "style-name").unwrap_or_default();
                }
                if name == "table-row" && own_row(&stack) {
                    row_first = None;
                }
                if name == "style"
                    && let (Some(n), Some(parent)) = (attr(&e, "name"), attr(&e, "parent-style-name"))
                {
                    parents.insert(n, parent);
                }
                stack.push(name);
            }
            Event::Empty(e) if local(e.name().as_ref()) == "style" => {
                if let (Some(n), Some(parent)) = (attr(&e, "name"), attr(&e, "parent-style-name")) {
                    parents.insert(n, parent);
                }
            }
            // The paragraph's own text, not that of a note or annotation in it.
            Event::Text(t)
                if stack.len() >= 4
                    && stack[2] == "text"
                    && matches!(stack[3].as_str(), "p" | "h")
                    && !stack.iter().any(|n| n == "annotation" || n == "note") =>
            {
                text.push_str(&t.xml10_content());
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if (name == "p" || name == "h") && stack.len() == 3 && stack[2] == "text" {
                    let mut named = std::mem::take(&mut style);
                    for _ in 0..10 {
                        match parents.get(&named) {
                            Some(parent) if !named.contains("_20_") => named = parent.clone(),
                            _ => break,
                        }
                    }
                    a.items.push(Item::Para(a.paras.len()));
                    a.paras.push((before, std::mem::take(&mut text), named));
                }
                if (name == "p" || name == "h")
                    && in_body_table(&stack)
                    && stack.iter().any(|n| n == "table-row")
                    && row_first.is_none()
                {
                    row_first = Some(before);
                }
                if name == "table-row" && own_row(&stack) {
                    rows.push(row_first.take().unwrap_or(before));
                }
                if name == "table" && stack.len() == 3 && stack[2] == "text" {
                    a.items.push(Item::Table(std::mem::take(&mut rows)));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(a)
}

impl Anchors {
    /// The item index of a section's heading.
    fn section(&self, name: &str) -> Option<usize> {
        self.items.iter().position(|i| matches!(i, Item::Para(p) if self.paras[*p].1.trim() == name))
    }

    /// Where a comment for `place` goes: the end of its paragraph, else the
    /// end of the title.
    fn offset(&self, place: &Place) -> usize {
        let title = self.paras.first().map(|p| p.0).unwrap_or(0);
        let heading = |s: &str| self.section(s).and_then(|i| self.para_end(i));
        let found = match place {
            Place::File | Place::Head | Place::Footnote(_) => None,
            Place::Section(s) | Place::Table(s) => heading(s),
            Place::Row { table, row } => {
                let from = self.section(table);
                from.and_then(|i| {
                    self.items[i..].iter().find_map(|item| match item {
                        Item::Table(rows) => rows.get(row.saturating_sub(1)).copied(),
                        Item::Para(_) => None,
                    })
                })
            }
            Place::Paragraph(n) => self.section(SECTION_TEXT).and_then(|i| {
                // The items under Tekst, the form's own instructions left out.
                self.items[i + 1..]
                    .iter()
                    .filter(|item| !matches!(item, Item::Para(p) if self.paras[*p].2 == self.instructions))
                    .nth(n.saturating_sub(1))
                    .and_then(|item| match item {
                        Item::Para(p) => Some(self.paras[*p].0),
                        Item::Table(rows) => rows.first().copied(),
                    })
            }),
        };
        found.unwrap_or(title)
    }

    fn para_end(&self, item: usize) -> Option<usize> {
        match self.items.get(item)? {
            Item::Para(p) => Some(self.paras[*p].0),
            Item::Table(rows) => rows.first().copied(),
        }
    }
}
