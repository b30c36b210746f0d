//! A form as a .docx (WordprocessingML in a zip). Written by hand with
//! `zip` rather than with a docx crate: the form needs custom document
//! properties, dropdown content controls, footnotes and one numbering
//! instance per list, and the same bytes for the same form (fixed zip
//! dates, no random ids), which the docx crates did not give together.

use super::doc::{Align, Block, Inline, Style};
use super::form::*;
use std::fmt::Write as _;
use std::io::Write as _;

/// An image to embed: its bytes and lower-case extension.
pub type ImageLookup<'a> = &'a dyn Fn(&str) -> Option<(Vec<u8>, String)>;

pub fn write(form: &Form, images: ImageLookup) -> std::io::Result<Vec<u8>> {
    let mut w = Parts::default();
    let body = w.document(form, images);
    package(&w, &body, &core(&form.title, &form.identity.report), Some(&custom(form)))
}

/// A plain document (the writers' guide): a title and Markdown blocks, in
/// the form's styles, without the form's properties.
pub fn write_document(title: &str, body: &super::doc::Doc) -> std::io::Result<Vec<u8>> {
    let mut w = Parts::default();
    let mut b = String::new();
    para(&mut b, "Title", &run(title, Style::default()));
    for block in &body.blocks {
        w.block(&mut b, block, 0, &|_| None);
    }
    b.push_str(SECTION);
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body>{b}</w:body></w:document>"#
    );
    package(&w, &body, &core(title, ""), None)
}

/// A4 with margins of 2.5 cm.
const SECTION: &str = r#"<w:sectPr><w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>"#;

fn package(w: &Parts, body: &str, core: &str, custom: Option<&str>) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut put = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(bytes)
    };
    put("[Content_Types].xml", content_types(w).as_bytes())?;
    put("_rels/.rels", ROOT_RELS.as_bytes())?;
    put("docProps/core.xml", core.as_bytes())?;
    put("docProps/app.xml", APP.as_bytes())?;
    put("docProps/custom.xml", custom.unwrap_or(NO_CUSTOM).as_bytes())?;
    put("word/document.xml", body.as_bytes())?;
    put("word/styles.xml", STYLES.as_bytes())?;
    put("word/settings.xml", SETTINGS.as_bytes())?;
    put("word/numbering.xml", w.numbering().as_bytes())?;
    put("word/footnotes.xml", w.footnotes().as_bytes())?;
    put("word/_rels/document.xml.rels", w.rels().as_bytes())?;
    for (i, (bytes, ext)) in w.media.iter().enumerate() {
        put(&format!("word/media/image{}.{ext}", i + 1), bytes)?;
    }
    let cursor = zip.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

/// What the document refers to, collected while it is written.
#[derive(Default)]
struct Parts {
    /// External link targets, `rId` = 100 + index.
    links: Vec<String>,
    media: Vec<(Vec<u8>, String)>,
    /// Footnote XML bodies; footnote id = 1 + index.
    notes: Vec<String>,
    /// One numbering instance per list: bullets or the first number.
    lists: Vec<Option<u64>>,
}

impl Parts {
    fn document(&mut self, form: &Form, images: ImageLookup) -> String {
        let mut b = String::new();
        para(&mut b, "Title", &run(&form.title, Style::default()));
        para(&mut b, "Subtitle", &run(&form.subtitle, Style::default()));
        hint(&mut b, HINT_INTRO);
        para(&mut b, STYLE_SECTION_ID, &run(SECTION_FIELDS, Style::default()));
        b.push_str(&table_start(&[2600, 6400]));
        if let Some(status) = &form.status {
            let hint_text = super::form::status_hint(&form.status_labels);
            b.push_str("<w:tr>");
            label_cell(&mut b, ROW_STATUS, &hint_text, 2600);
            b.push_str(r#"<w:tc><w:tcPr><w:tcW w:w="6400" w:type="dxa"/></w:tcPr>"#);
            dropdown(&mut b, status, &form.status_labels);
            b.push_str("</w:tc></w:tr>");
        }
        b.push_str("<w:tr>");
        label_cell(&mut b, ROW_SUMMARY, HINT_SUMMARY, 2600);
        text_cell(&mut b, &[form.summary.as_str()], 6400);
        b.push_str("</w:tr><w:tr>");
        label_cell(&mut b, ROW_SOURCES, HINT_SOURCES, 2600);
        let sources: Vec<&str> = form.sources.iter().map(String::as_str).collect();
        text_cell(&mut b, &sources, 6400);
        b.push_str("</w:tr></w:tbl>");

        para(&mut b, STYLE_SECTION_ID, &run(SECTION_MILESTONES, Style::default()));
        hint(&mut b, HINT_MILESTONES);
        let with_key = form.milestones.iter().any(|m| !m.key.is_empty());
        // Twips of the 16 cm text width: every header fits on one line
        // (`Gereed` in bold needs about 1,000 with the cell's margins), and
        // a key like `behandeling-eerste-kamer` wraps at its hyphens, not
        // letter by letter.
        let mut cols = vec![(COL_WHEN, 1650), (COL_WHAT, 3850), (COL_DONE, 1150), (COL_NOTE, 2350)];
        if with_key {
            cols = vec![(COL_WHEN, 1550), (COL_WHAT, 2650), (COL_DONE, 1150), (COL_NOTE, 1700), (COL_KEY, 1950)];
        }
        let widths: Vec<u32> = cols.iter().map(|c| c.1).collect();
        b.push_str(&table_start(&widths));
        b.push_str(r#"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"#);
        for (name, width) in &cols {
            let mut runs = run(name, Style { bold: true, ..Style::default() });
            if *name == COL_KEY {
                // Said where the writer looks: the key is not theirs to change.
                runs.push_str(&format!(
                    r#"<w:r><w:br/></w:r><w:r><w:rPr><w:i/><w:color w:val="696969"/><w:sz w:val="18"/></w:rPr><w:t>{HINT_KEY}</w:t></w:r>"#
                ));
            }
            cell(&mut b, *width, &runs, "");
        }
        b.push_str("</w:tr>");
        let empty = [MilestoneRow::default()];
        let rows: &[MilestoneRow] = if form.milestones.is_empty() { &empty } else { &form.milestones };
        for m in rows {
            b.push_str("<w:tr>");
            let mut values = vec![m.when.as_str(), m.what.as_str(), m.done.as_str(), m.note.as_str()];
            if with_key {
                values.push(m.key.as_str());
            }
            for (v, (_, width)) in values.iter().zip(&cols) {
                text_cell(&mut b, &[v], *width);
            }
            b.push_str("</w:tr>");
        }
        b.push_str("</w:tbl>");

        para(&mut b, STYLE_SECTION_ID, &run(SECTION_TEXT, Style::default()));
        hint(&mut b, HINT_TEXT);
        for block in &form.body.blocks {
            self.block(&mut b, block, 0, images);
        }
        // Always an ordinary paragraph to type in at the end, also in an
        // empty form (else Enter after the instruction continues its style).
        para(&mut b, "Normal", "");
        b.push_str(SECTION);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body>{b}</w:body></w:document>"#
        )
    }

    fn block(&mut self, out: &mut String, block: &Block, depth: usize, images: ImageLookup) {
        match block {
            Block::Heading(level, content) => {
                let runs = self.inlines(content, images);
                para(out, &format!("Heading{}", level.clamp(&1, &6)), &runs);
            }
            Block::Paragraph(content) => {
                let runs = self.inlines(content, images);
                if depth > 0 {
                    para_with(out, STYLE_CONTINUE_ID, &format!(r#"<w:ind w:left="{}"/>"#, 360 * depth), &runs);
                } else {
                    para(out, "Normal", &runs);
                }
            }
            Block::Quote(blocks) => {
                for b in blocks {
                    match b {
                        Block::Paragraph(content) => {
                            let runs = self.inlines(content, images);
                            para(out, "Quote", &runs);
                        }
                        other => self.block(out, other, depth, images),
                    }
                }
            }
            Block::Code(code) => {
                let mut runs = String::new();
                for (i, line) in code.split('\n').enumerate() {
                    if i > 0 {
                        runs.push_str("<w:r><w:br/></w:r>");
                    }
                    runs.push_str(&run(line, Style::default()));
                }
                para(out, "Code", &runs);
            }
            Block::Rule => para_with(
                out,
                "Normal",
                r#"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>"#,
                "",
            ),
            Block::List(list) => {
                self.lists.push(list.start);
                let num = self.lists.len();
                for item in &list.items {
                    for (k, b) in item.iter().enumerate() {
                        match (k, b) {
                            (0, Block::Paragraph(content)) => {
                                let runs = self.inlines(content, images);
                                para_with(
                                    out,
                                    "ListParagraph",
                                    &format!(
                                        r#"<w:numPr><w:ilvl w:val="{depth}"/><w:numId w:val="{num}"/></w:numPr><w:contextualSpacing/>"#
                                    ),
                                    &runs,
                                );
                            }
                            (_, Block::List(_)) => self.block(out, b, depth + 1, images),
                            (_, Block::Paragraph(content)) => {
                                let runs = self.inlines(content, images);
                                para_with(
                                    out,
                                    STYLE_CONTINUE_ID,
                                    &format!(r#"<w:ind w:left="{}"/>"#, 720 + 360 * depth),
                                    &runs,
                                );
                            }
                            (_, other) => self.block(out, other, depth + 1, images),
                        }
                    }
                }
            }
            Block::Table(table) => {
                let cols = table.align.len().max(1);
                let width = (9000 / cols) as u32;
                out.push_str(&table_start(&vec![width; cols]));
                for (r, row) in table.rows.iter().enumerate() {
                    out.push_str("<w:tr>");
                    if r == 0 {
                        out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
                    }
                    for c in 0..cols {
                        let empty = Vec::new();
                        let content = row.get(c).unwrap_or(&empty);
                        let runs = self.inlines(content, images);
                        let jc = match table.align.get(c).copied().unwrap_or(Align::None) {
                            Align::None => "",
                            Align::Left => r#"<w:jc w:val="left"/>"#,
                            Align::Center => r#"<w:jc w:val="center"/>"#,
                            Align::Right => r#"<w:jc w:val="right"/>"#,
                        };
                        cell(out, width, &runs, jc);
                    }
                    out.push_str("</w:tr>");
                }
                out.push_str("</w:tbl>");
                // Two tables in a row would merge into one in Word.
                para(out, "Normal", "");
            }
        }
    }

    fn inlines(&mut self, content: &[Inline], images: ImageLookup) -> String {
        self.inlines_as(content, images, None)
    }

    /// `char_style`: the character style of every run (a link's).
    fn inlines_as(&mut self, content: &[Inline], images: ImageLookup, char_style: Option<&str>) -> String {
        let mut out = String::new();
        for i in content {
            match i {
                Inline::Text(t, s) => out.push_str(&styled_run(t, *s, char_style)),
                Inline::CrossRef(id) => out.push_str(&run(&format!("[[{id}]]"), Style::default())),
                Inline::Break => out.push_str("<w:r><w:br/></w:r>"),
                // Only what the site links too: web, mail and in-page links.
                Inline::Link { content, url } if !safe_link(url) => {
                    out.push_str(&self.inlines_as(content, images, char_style))
                }
                Inline::Link { url, content } => {
                    self.links.push(url.clone());
                    let id = 100 + self.links.len() - 1;
                    let inner = self.inlines_as(content, images, Some("Hyperlink"));
                    let _ = write!(out, r#"<w:hyperlink r:id="rId{id}">{inner}</w:hyperlink>"#);
                }
                Inline::Note(blocks) => {
                    let id = self.notes.len() + 1;
                    self.notes.push(String::new());
                    let mut body = String::new();
                    for (k, b) in blocks.iter().enumerate() {
                        let mut p = String::new();
                        self.block(&mut p, b, 0, images);
                        let p = p.replace(r#"<w:pStyle w:val="Normal"/>"#, r#"<w:pStyle w:val="FootnoteText"/>"#);
                        if k == 0 {
                            // The note's number, then its text.
                            let mark = r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>"#;
                            body.push_str(&p.replacen("</w:pPr>", &format!("</w:pPr>{mark}"), 1));
                        } else {
                            body.push_str(&p);
                        }
                    }
                    if blocks.is_empty() {
                        body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r></w:p>"#);
                    }
                    self.notes[id - 1] = body;
                    let _ = write!(
                        out,
                        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
                    );
                }
                Inline::Image { url, alt } => match images(url) {
                    Some((bytes, ext)) => {
                        let (cx, cy) = super::image::size_emu(&bytes, &ext);
                        let svg = ext == "svg";
                        self.media.push((bytes, ext));
                        let n = self.media.len();
                        let _ = write!(
                            out,
                            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="{name}" descr="{alt}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="{name}" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId{rid}">{svg_ext}</a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#,
                            name = esc(url),
                            alt = esc(alt),
                            rid = 1000 + n,
                            svg_ext = if svg {
                                // Word draws an SVG from this extension; LibreOffice
                                // (7.4) reads only the main picture, here the same SVG.
                                format!(
                                    r#"<a:extLst><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rId{}"/></a:ext></a:extLst>"#,
                                    1000 + n
                                )
                            } else {
                                String::new()
                            },
                        );
                    }
                    // An image the report cannot find is kept as its Markdown,
                    // so `import` brings it back and `check` names it.
                    None => out.push_str(&run(&format!("![{alt}]({url})"), Style::default())),
                },
            }
        }
        out
    }

    fn numbering(&self) -> String {
        let mut x = String::from(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        let _ = write!(x, r#"<w:numbering {W_NS}>"#);
        for (abs, bullet) in [(0, true), (1, false)] {
            let _ = write!(x, r#"<w:abstractNum w:abstractNumId="{abs}"><w:multiLevelType w:val="hybridMultilevel"/>"#);
            for lvl in 0..9 {
                let (fmt, text) = if bullet {
                    ("bullet", ["•", "◦", "▪"][lvl % 3].to_string())
                } else {
                    ("decimal", format!("%{}.", lvl + 1))
                };
                let _ = write!(
                    x,
                    r#"<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr></w:lvl>"#,
                    720 + 360 * lvl
                );
            }
            x.push_str("</w:abstractNum>");
        }
        for (i, start) in self.lists.iter().enumerate() {
            let abs = if start.is_some() { 1 } else { 0 };
            let _ = write!(x, r#"<w:num w:numId="{}"><w:abstractNumId w:val="{abs}"/>"#, i + 1);
            if let Some(n) = start {
                for lvl in 0..9 {
                    let _ =
                        write!(x, r#"<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{n}"/></w:lvlOverride>"#);
                }
            }
            x.push_str("</w:num>");
        }
        x.push_str("</w:numbering>");
        x
    }

    fn footnotes(&self) -> String {
        let mut x = String::from(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        let _ = write!(
            x,
            r#"<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#
        );
        for (i, body) in self.notes.iter().enumerate() {
            let _ = write!(x, r#"<w:footnote w:id="{}">{body}</w:footnote>"#, i + 1);
        }
        x.push_str("</w:footnotes>");
        x
    }

    fn rels(&self) -> String {
        let mut x = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#,
        );
        for (i, url) in self.links.iter().enumerate() {
            let _ = write!(
                x,
                r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#,
                100 + i,
                esc(url)
            );
        }
        for (i, (_, ext)) in self.media.iter().enumerate() {
            let _ = write!(
                x,
                r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image{}.{ext}"/>"#,
                1001 + i,
                i + 1
            );
        }
        x.push_str("</Relationships>");
        x
    }
}

/// `http(s):`, `mailto:`, an anchor or a relative path: never `javascript:`,
/// `file:` or another scheme a click in Word would run or open.
pub(super) fn safe_link(url: &str) -> bool {
    let lower: String =
        url.trim().chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('#') && !scheme.contains('?') => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

const STYLE_SECTION_ID: &str = "Formulierkop";
const STYLE_HINT_ID: &str = "Toelichtingformulier";
const STYLE_CONTINUE_ID: &str = "Lijstvervolg";

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn run(text: &str, s: Style) -> String {
    styled_run(text, s, None)
}

fn styled_run(text: &str, s: Style, char_style: Option<&str>) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut props = String::new();
    if s.code {
        props.push_str(r#"<w:rStyle w:val="CodeChar"/>"#);
    } else if let Some(cs) = char_style {
        let _ = write!(props, r#"<w:rStyle w:val="{cs}"/>"#);
    }
    if s.bold {
        props.push_str("<w:b/>");
    }
    if s.italic {
        props.push_str("<w:i/>");
    }
    if s.strike {
        props.push_str("<w:strike/>");
    }
    let props = if props.is_empty() { String::new() } else { format!("<w:rPr>{props}</w:rPr>") };
    format!(r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#, esc(text))
}

fn para(out: &mut String, style: &str, runs: &str) {
    para_with(out, style, "", runs);
}

fn para_with(out: &mut String, style: &str, extra: &str, runs: &str) {
    let _ = write!(out, r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>{runs}</w:p>"#);
}

fn hint(out: &mut String, text: &str) {
    para(out, STYLE_HINT_ID, &run(text, Style::default()));
}

fn table_start(widths: &[u32]) -> String {
    let mut t = String::from(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#,
    );
    for w in widths {
        let _ = write!(t, r#"<w:gridCol w:w="{w}"/>"#);
    }
    t.push_str("</w:tblGrid>");
    t
}

fn cell(out: &mut String, width: u32, runs: &str, jc: &str) {
    let _ = write!(
        out,
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Normal"/>{jc}</w:pPr>{runs}</w:p></w:tc>"#
    );
}

fn label_cell(out: &mut String, label: &str, hint_text: &str, width: u32) {
    let _ = write!(
        out,
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>{}</w:p><w:p><w:pPr><w:pStyle w:val="{STYLE_HINT_ID}"/></w:pPr>{}</w:p></w:tc>"#,
        run(label, Style { bold: true, ..Style::default() }),
        run(hint_text, Style::default())
    );
}

/// One paragraph per value (at least one, so the cell can be typed in).
fn text_cell(out: &mut String, values: &[&str], width: u32) {
    let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#);
    if values.is_empty() {
        out.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>"#);
    }
    for v in values {
        para(out, "Normal", &run(v, Style::default()));
    }
    out.push_str("</w:tc>");
}

/// The status as a dropdown of the allowed labels (a content control).
fn dropdown(out: &mut String, value: &str, labels: &[String]) {
    let mut items = String::new();
    for l in labels {
        let _ = write!(items, r#"<w:listItem w:displayText="{0}" w:value="{0}"/>"#, esc(l));
    }
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:sdt><w:sdtPr><w:alias w:val="{ROW_STATUS}"/><w:dropDownList>{items}</w:dropDownList></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt></w:p>"#,
        run(if value.is_empty() { " " } else { value }, Style::default())
    );
}

fn content_types(w: &Parts) -> String {
    let mut exts: Vec<&str> = w.media.iter().map(|(_, e)| e.as_str()).collect();
    exts.sort();
    exts.dedup();
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#,
    );
    for e in exts {
        let mime = match e {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        let _ = write!(x, r#"<Default Extension="{e}" ContentType="{mime}"/>"#);
    }
    for (part, ty) in [
        ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        ("/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
        ("/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
        ("/word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"),
        ("/word/footnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml"),
    ] {
        let _ = write!(x, r#"<Override PartName="{part}" ContentType="{ty}"/>"#);
    }
    x.push_str("</Types>");
    x
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>jaarrapport</Application></Properties>"#;

const NO_CUSTOM: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#;

fn core(title: &str, subject: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:language>nl-NL</dc:language></cp:coreProperties>"#,
        esc(title),
        esc(subject)
    )
}

/// The form's identity and origin, the same in a .docx and an .odt.
pub(super) fn properties(form: &Form) -> Vec<(String, String)> {
    let i = &form.identity;
    let mut props: Vec<(String, String)> = vec![
        (PROP_FORM.into(), FORM_VERSION.into()),
        (PROP_REPORT.into(), i.report.clone()),
        (PROP_YEAR.into(), i.year.clone()),
        (PROP_MINISTRY.into(), i.ministry.clone()),
        (PROP_ID.into(), i.id.clone()),
    ];
    if let Some(hash) = &form.made_from {
        props.push((PROP_MADE_FROM.into(), hash.clone()));
    }
    props.push((PROP_SHOWN.into(), form.shown()));
    props
}

fn custom(form: &Form) -> String {
    let props = properties(form);
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    );
    for (k, (name, value)) in props.iter().enumerate() {
        let _ = write!(
            x,
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            k + 2,
            esc(name),
            esc_text(value)
        );
    }
    x.push_str("</Properties>");
    x
}

/// Line ends inside a property survive only as character references.
fn esc_text(s: &str) -> String {
    esc(s).replace('\n', "&#10;").replace('\t', "&#9;").replace('\r', "&#13;")
}

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="708"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="nl-NL"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
    r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:b/><w:color w:val="01689B"/><w:sz w:val="40"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:color w:val="535353"/><w:sz w:val="26"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="3"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Heading5"><w:name w:val="heading 5"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="4"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Heading6"><w:name w:val="heading 6"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="5"/></w:pPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="567"/></w:pPr><w:rPr><w:i/><w:color w:val="404040"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Code"><w:name w:val="Code"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/><w:sz w:val="20"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Lijstvervolg"><w:name w:val="Lijstvervolg"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Formulierkop"><w:name w:val="Formulierkop"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/></w:pPr><w:rPr><w:b/><w:color w:val="01689B"/><w:sz w:val="28"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Toelichtingformulier"><w:name w:val="Toelichting formulier"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:rPr><w:i/><w:color w:val="696969"/><w:sz w:val="18"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>"#,
    r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/></w:style>"#,
    r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#,
    r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="01689B"/><w:u w:val="single"/></w:rPr></w:style>"#,
    r#"<w:style w:type="character" w:styleId="CodeChar"><w:name w:val="Code Char"/><w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/></w:rPr></w:style>"#,
    r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
    r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>"#,
    r#"</w:styles>"#
);
