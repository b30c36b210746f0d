//! A form as OpenDocument text (`.odt`), for writers who work in
//! LibreOffice: ODF is on the Dutch government's list of mandatory open
//! standards. Written from the same [`Form`] as the .docx, paragraph for
//! paragraph in the same order, so `odt::read` gives the same items, the
//! same places in messages and the same fingerprint for an unchanged form.
//! Same bytes for the same form: fixed zip dates, no random ids.

use super::doc::{Align, Block, Inline, Style};
use super::form::*;
use super::writer::{ImageLookup, esc};
use std::fmt::Write as _;
use std::io::Write as _;

pub fn write(form: &Form, images: ImageLookup) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::default();
    let body = w.document(form, images);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3"><office:automatic-styles>{AUTO}{}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#,
        w.columns
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    // The mimetype first and uncompressed, as ODF requires.
    zip.start_file("mimetype", stored).map_err(std::io::Error::other)?;
    zip.write_all(MIMETYPE.as_bytes())?;
    let mut put = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        zip.start_file(name, deflated).map_err(std::io::Error::other)?;
        zip.write_all(bytes)
    };
    put("META-INF/manifest.xml", w.manifest().as_bytes())?;
    put("content.xml", content.as_bytes())?;
    put("styles.xml", STYLES.as_bytes())?;
    put("meta.xml", meta(form).as_bytes())?;
    for (i, (bytes, ext)) in w.media.iter().enumerate() {
        put(&format!("Pictures/image{}.{ext}", i + 1), bytes)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0""#;

#[derive(Default)]
struct Writer {
    media: Vec<(Vec<u8>, String)>,
    /// Automatic column styles, one per table column.
    columns: String,
    tables: usize,
    /// Top-level lists written, in the text and its notes: each its own
    /// `xml:id`.
    list_ids: usize,
}

impl Writer {
    fn document(&mut self, form: &Form, images: ImageLookup) -> String {
        let mut b = String::new();
        para(&mut b, "Title", &text(&form.title, Style::default()));
        para(&mut b, "Subtitle", &text(&form.subtitle, Style::default()));
        hint(&mut b, HINT_INTRO);
        para(&mut b, STYLE_SECTION, &text(SECTION_FIELDS, Style::default()));
        b.push_str(&self.table_start(&[2600, 6400], false));
        if let Some(status) = &form.status {
            let hint_text = super::form::status_hint(&form.status_labels);
            b.push_str("<table:table-row>");
            label_cell(&mut b, ROW_STATUS, &hint_text);
            status_cell(&mut b, status, &form.status_labels);
            b.push_str("</table:table-row>");
        }
        b.push_str("<table:table-row>");
        label_cell(&mut b, ROW_SUMMARY, HINT_SUMMARY);
        text_cell(&mut b, &[form.summary.as_str()]);
        b.push_str("</table:table-row><table:table-row>");
        label_cell(&mut b, ROW_SOURCES, HINT_SOURCES);
        let sources: Vec<&str> = form.sources.iter().map(String::as_str).collect();
        text_cell(&mut b, &sources);
        b.push_str("</table:table-row></table:table>");

        para(&mut b, STYLE_SECTION, &text(SECTION_MILESTONES, Style::default()));
        hint(&mut b, HINT_MILESTONES);
        let with_key = form.milestones.iter().any(|m| !m.key.is_empty());
        // The .docx's widths (twips), so both forms look alike.
        let mut cols = vec![(COL_WHEN, 1650), (COL_WHAT, 3850), (COL_DONE, 1150), (COL_NOTE, 2350)];
        if with_key {
            cols = vec![(COL_WHEN, 1550), (COL_WHAT, 2650), (COL_DONE, 1150), (COL_NOTE, 1700), (COL_KEY, 1950)];
        }
        let widths: Vec<u32> = cols.iter().map(|c| c.1).collect();
        b.push_str(&self.table_start(&widths, true));
        b.push_str("<table:table-row>");
        for (name, _) in &cols {
            let mut runs = text(name, Style { bold: true, ..Style::default() });
            if *name == COL_KEY {
                // Said where the writer looks: the key is not theirs to change.
                let _ = write!(runs, r#"<text:line-break/><text:span text:style-name="Tkey">{HINT_KEY}</text:span>"#);
            }
            cell(&mut b, "Standard", &runs);
        }
        b.push_str("</table:table-row></table:table-header-rows>");
        let empty = [MilestoneRow::default()];
        let rows: &[MilestoneRow] = if form.milestones.is_empty() { &empty } else { &form.milestones };
        for m in rows {
            b.push_str("<table:table-row>");
            let mut values = vec![m.when.as_str(), m.what.as_str(), m.done.as_str(), m.note.as_str()];
            if with_key {
                values.push(m.key.as_str());
            }
            for v in values {
                text_cell(&mut b, &[v]);
            }
            b.push_str("</table:table-row>");
        }
        b.push_str("</table:table>");

        para(&mut b, STYLE_SECTION, &text(SECTION_TEXT, Style::default()));
        hint(&mut b, HINT_TEXT);
        let mut lists = Lists::default();
        for block in &form.body.blocks {
            self.block(&mut b, block, &mut lists, images);
        }
        // Always an ordinary paragraph to type in at the end.
        para(&mut b, "Standard", "");
        b
    }

    /// A table of columns `widths` (twips); `header`: its first row repeats
    /// on each page (the caller closes the header group).
    fn table_start(&mut self, widths: &[u32], header: bool) -> String {
        self.tables += 1;
        let t = self.tables;
        let mut x = format!(r#"<table:table table:name="Tabel{t}" table:style-name="Tbl">"#);
        for (c, w) in widths.iter().enumerate() {
            let _ = write!(
                self.columns,
                r#"<style:style style:name="Tabel{t}.C{c}" style:family="table-column"><style:table-column-properties style:column-width="{:.3}cm"/></style:style>"#,
                *w as f64 * 2.54 / 1440.0
            );
            let _ = write!(x, r#"<table:table-column table:style-name="Tabel{t}.C{c}"/>"#);
        }
        if header {
            x.push_str("<table:table-header-rows>");
        }
        x
    }

    fn block(&mut self, out: &mut String, block: &Block, lists: &mut Lists, images: ImageLookup) {
        match block {
            Block::Heading(level, content) => {
                let level = *level.clamp(&1, &6);
                let runs = self.inlines(content, images);
                let _ = write!(
                    out,
                    r#"<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{runs}</text:h>"#
                );
            }
            Block::Paragraph(content) => {
                let runs = self.inlines(content, images);
                para(out, if lists.depth() > 0 { "Lijstvervolg" } else { "Standard" }, &runs);
            }
            Block::Quote(blocks) => {
                for b in blocks {
                    match b {
                        Block::Paragraph(content) => {
                            let runs = self.inlines(content, images);
                            para(out, "Quotations", &runs);
                        }
                        other => self.block(out, other, lists, images),
                    }
                }
            }
            Block::Code(code) => {
                let lines: Vec<String> = code.split('\n').map(|l| text(l, Style::default())).collect();
                para(out, "Preformatted_20_Text", &lines.join("<text:line-break/>"));
            }
            Block::Rule => para(out, "Horizontal_20_Line", ""),
            Block::List(list) => {
                lists.open.push((list.start, true));
                for item in &list.items {
                    for (k, b) in item.iter().enumerate() {
                        match (k, b) {
                            (0, Block::Paragraph(content)) => {
                                let runs = self.inlines(content, images);
                                lists.item(out, &runs, &mut self.list_ids);
                            }
                            (_, Block::List(_)) => self.block(out, b, lists, images),
                            (_, Block::Paragraph(content)) => {
                                let runs = self.inlines(content, images);
                                para(out, "Lijstvervolg", &runs);
                            }
                            (_, other) => self.block(out, other, lists, images),
                        }
                    }
                }
                lists.open.pop();
                if lists.open.is_empty() {
                    lists.current = None;
                }
            }
            Block::Table(table) => {
                let cols = table.align.len().max(1);
                let width = (9000 / cols) as u32;
                out.push_str(&self.table_start(&vec![width; cols], true));
                for (r, row) in table.rows.iter().enumerate() {
                    out.push_str("<table:table-row>");
                    for c in 0..cols {
                        let empty = Vec::new();
                        let content = row.get(c).unwrap_or(&empty);
                        let runs = self.inlines(content, images);
                        let style = match table.align.get(c).copied().unwrap_or(Align::None) {
                            Align::None => "Standard",
                            Align::Left => "P1",
                            Align::Center => "P2",
                            Align::Right => "P3",
                        };
                        cell(out, style, &runs);
                    }
                    out.push_str("</table:table-row>");
                    if r == 0 {
                        out.push_str("</table:table-header-rows>");
                    }
                }
                if table.rows.is_empty() {
                    out.push_str("</table:table-header-rows>");
                }
                out.push_str("</table:table>");
                // As in the .docx: an empty paragraph between tables.
                para(out, "Standard", "");
            }
        }
    }

    fn inlines(&mut self, content: &[Inline], images: ImageLookup) -> String {
        let mut out = String::new();
        for i in content {
            match i {
                Inline::Text(t, s) => out.push_str(&text(t, *s)),
                Inline::CrossRef(id) => out.push_str(&text(&format!("[[{id}]]"), Style::default())),
                Inline::Break => out.push_str("<text:line-break/>"),
                Inline::Link { content, url } if !super::writer::safe_link(url) => {
                    out.push_str(&self.inlines(content, images))
                }
                Inline::Link { url, content } => {
                    let inner = self.inlines(content, images);
                    let _ = write!(
                        out,
                        r#"<text:a xlink:type="simple" xlink:href="{}" text:style-name="Internet_20_link">{inner}</text:a>"#,
                        esc(url)
                    );
                }
                Inline::Note(blocks) => {
                    let mut body = String::new();
                    let mut lists = Lists::default();
                    for b in blocks {
                        self.block(&mut body, b, &mut lists, images);
                    }
                    let body = body.replace(r#"text:style-name="Standard""#, r#"text:style-name="Footnote""#);
                    let _ = write!(
                        out,
                        r#"<text:note text:note-class="footnote"><text:note-citation>*</text:note-citation><text:note-body>{body}</text:note-body></text:note>"#
                    );
                }
                Inline::Image { url, alt } => match images(url) {
                    Some((bytes, ext)) => {
                        let (cx, cy) = super::image::size_emu(&bytes, &ext);
                        self.media.push((bytes, ext.clone()));
                        let n = self.media.len();
                        let _ = write!(
                            out,
                            r#"<draw:frame draw:name="{name}" text:anchor-type="as-char" svg:width="{w:.3}cm" svg:height="{h:.3}cm"><draw:image xlink:href="Pictures/image{n}.{ext}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><svg:desc>{alt}</svg:desc></draw:frame>"#,
                            name = esc(url),
                            alt = esc(alt),
                            w = cx as f64 / 360_000.0,
                            h = cy as f64 / 360_000.0,
                        );
                    }
                    // As in the .docx: kept as its Markdown for `check` to name.
                    None => out.push_str(&text(&format!("![{alt}]({url})"), Style::default())),
                },
            }
        }
        out
    }

    fn manifest(&self) -> String {
        let mut x = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>"#,
        );
        for (i, (_, ext)) in self.media.iter().enumerate() {
            let kind = match ext.as_str() {
                "svg" => "image/svg+xml",
                "jpg" | "jpeg" => "image/jpeg",
                "gif" => "image/gif",
                _ => "image/png",
            };
            let _ = write!(
                x,
                r#"<manifest:file-entry manifest:full-path="Pictures/image{}.{ext}" manifest:media-type="{kind}"/>"#,
                i + 1
            );
        }
        x.push_str("</manifest:manifest>");
        x
    }
}

/// The lists open while the body is written. Each list paragraph is written
/// as its own nesting of `text:list` (the reader counts levels by nesting);
/// those after the first of a top-level list continue its numbering, as
/// LibreOffice does across an unnumbered paragraph.
#[derive(Default)]
struct Lists {
    /// Per open list, outermost first: its start (numbered) and whether no
    /// item was written yet.
    open: Vec<(Option<u64>, bool)>,
    /// The id of the top-level list being written.
    current: Option<usize>,
}

impl Lists {
    fn depth(&self) -> usize {
        self.open.len()
    }

    /// `ids`: the lists written so far in the document.
    fn item(&mut self, out: &mut String, runs: &str, ids: &mut usize) {
        match self.current {
            Some(id) => {
                let _ = write!(out, r#"<text:list text:continue-list="list{id}""#);
            }
            None => {
                *ids += 1;
                self.current = Some(*ids);
                let _ = write!(out, r#"<text:list xml:id="list{ids}""#);
            }
        }
        let last = self.open.len() - 1;
        for (d, (start, first)) in self.open.iter_mut().enumerate() {
            let style = if start.is_some() { "LN" } else { "LB" };
            if d > 0 {
                out.push_str("<text:list");
            }
            let _ = write!(out, r#" text:style-name="{style}"><text:list-item"#);
            if d == last {
                if let (Some(n), true) = (*start, *first) {
                    let _ = write!(out, r#" text:start-value="{n}""#);
                }
                *first = false;
            }
            out.push('>');
        }
        para(out, "List_20_Paragraph", runs);
        for _ in 0..self.open.len() {
            out.push_str("</text:list-item></text:list>");
        }
    }
}

/// Automatic styles: bold, italic and struck text in every combination,
/// aligned table cells, the key's hint, the tables' borders.
const AUTO: &str = concat!(
    r#"<style:style style:name="Tb" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>"#,
    r#"<style:style style:name="Ti" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>"#,
    r#"<style:style style:name="Ts" style:family="text"><style:text-properties style:text-line-through-style="solid"/></style:style>"#,
    r##"<style:style style:name="Tkey" style:family="text"><style:text-properties fo:font-style="italic" fo:color="#696969" fo:font-size="9pt"/></style:style>"##,
    r#"<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="start"/></style:style>"#,
    r#"<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/></style:style>"#,
    r#"<style:style style:name="P3" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="end"/></style:style>"#,
    r#"<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="16cm" table:align="left"/></style:style>"#,
    r##"<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>"##,
    r#"<text:list-style style:name="LB">"#,
    r#"<text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-bullet>"#,
    r#"<text:list-level-style-bullet text:level="2" text:bullet-char="◦"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.905cm"/></style:list-level-properties></text:list-level-style-bullet>"#,
    r#"<text:list-level-style-bullet text:level="3" text:bullet-char="▪"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="2.54cm"/></style:list-level-properties></text:list-level-style-bullet>"#,
    r#"<text:list-level-style-bullet text:level="4" text:bullet-char="•"/><text:list-level-style-bullet text:level="5" text:bullet-char="◦"/><text:list-level-style-bullet text:level="6" text:bullet-char="▪"/><text:list-level-style-bullet text:level="7" text:bullet-char="•"/><text:list-level-style-bullet text:level="8" text:bullet-char="◦"/><text:list-level-style-bullet text:level="9" text:bullet-char="▪"/><text:list-level-style-bullet text:level="10" text:bullet-char="•"/>"#,
    r#"</text:list-style><text:list-style style:name="LN">"#,
    r#"<text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-number>"#,
    r#"<text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="."><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.905cm"/></style:list-level-properties></text:list-level-style-number>"#,
    r#"<text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="."><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="2.54cm"/></style:list-level-properties></text:list-level-style-number>"#,
    r#"<text:list-level-style-number text:level="4" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="5" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="6" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="7" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="8" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="9" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="10" style:num-format="1" style:num-suffix="."/>"#,
    r#"</text:list-style>"#,
);

/// Text in spans for its formatting; code in LibreOffice's `Source Text`.
fn text(t: &str, s: Style) -> String {
    if t.is_empty() {
        return String::new();
    }
    let mut x = esc(t).replace('\t', "<text:tab/>").replace('\n', "<text:line-break/>");
    // Runs of spaces survive only as `text:s`.
    while x.contains("  ") {
        x = x.replace("  ", r#" <text:s/>"#);
    }
    if x.starts_with(' ') {
        x = format!("<text:s/>{}", &x[1..]);
    }
    if x.ends_with(' ') {
        x = format!("{}<text:s/>", &x[..x.len() - 1]);
    }
    for (on, style) in [(s.strike, "Ts"), (s.italic, "Ti"), (s.bold, "Tb"), (s.code, "Source_20_Text")] {
        if on {
            x = format!(r#"<text:span text:style-name="{style}">{x}</text:span>"#);
        }
    }
    x
}

fn para(out: &mut String, style: &str, runs: &str) {
    let _ = write!(out, r#"<text:p text:style-name="{style}">{runs}</text:p>"#);
}

fn hint(out: &mut String, t: &str) {
    para(out, "Toelichting_20_formulier", &text(t, Style::default()));
}

fn cell(out: &mut String, style: &str, runs: &str) {
    let _ = write!(
        out,
        r#"<table:table-cell table:style-name="Cell" office:value-type="string"><text:p text:style-name="{style}">{runs}</text:p></table:table-cell>"#
    );
}

fn label_cell(out: &mut String, label: &str, hint_text: &str) {
    out.push_str(r#"<table:table-cell table:style-name="Cell" office:value-type="string">"#);
    para(out, "Standard", &text(label, Style { bold: true, ..Style::default() }));
    hint(out, hint_text);
    out.push_str("</table:table-cell>");
}

/// The status to choose from a list, as the .docx offers it: LibreOffice's
/// drop-down content control (what it makes of the .docx's own list). A
/// LibreOffice that does not know it shows the status as text, to type.
fn status_cell(out: &mut String, status: &str, labels: &[String]) {
    let mut items = String::new();
    for l in labels {
        let _ = write!(items, r#"<loext:list-item loext:display-text="{0}" loext:value="{0}"/>"#, esc(l));
    }
    out.push_str(r#"<table:table-cell table:style-name="Cell" office:value-type="string">"#);
    let control = format!(
        r#"<loext:content-control loext:dropdown="true">{items}{}</loext:content-control>"#,
        text(status, Style::default())
    );
    para(out, "Standard", &control);
    out.push_str("</table:table-cell>");
}

/// One paragraph per value (at least one, so the cell can be typed in).
fn text_cell(out: &mut String, values: &[&str]) {
    out.push_str(r#"<table:table-cell table:style-name="Cell" office:value-type="string">"#);
    if values.is_empty() {
        para(out, "Standard", "");
    }
    for v in values {
        para(out, "Standard", &text(v, Style::default()));
    }
    out.push_str("</table:table-cell>");
}

/// The form's identity and origin as user-defined properties, which
/// LibreOffice keeps (Bestand › Eigenschappen › Aangepaste eigenschappen).
fn meta(form: &Form) -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS} office:version="1.3"><office:meta><meta:generator>jaarrapport</meta:generator><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:language>nl-NL</dc:language>"#,
        esc(&form.title),
        esc(&form.identity.report)
    );
    for (name, value) in super::writer::properties(form) {
        let _ = write!(
            x,
            r#"<meta:user-defined meta:name="{}" meta:value-type="string">{}</meta:user-defined>"#,
            esc(&name),
            esc(&value).replace('\n', "&#10;").replace('\t', "&#9;").replace('\r', "&#13;")
        );
    }
    x.push_str("</office:meta></office:document-meta>");
    x
}

/// Named styles, by the names LibreOffice gives its own (so the writer
/// finds them in the style list) and the form's two.
const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" office:version="1.3"><office:styles>"#,
    r#"<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.28cm"/><style:text-properties style:font-name="Calibri" fo:font-family="Calibri, Carlito, sans-serif" fo:font-size="11pt" fo:language="nl" fo:country="NL"/></style:default-style>"#,
    r#"<style:style style:name="Standard" style:family="paragraph" style:class="text"/>"#,
    r##"<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard"><style:text-properties fo:font-weight="bold" fo:color="#01689b" fo:font-size="20pt"/></style:style>"##,
    r##"<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard"><style:text-properties fo:color="#535353" fo:font-size="13pt"/></style:style>"##,
    r#"<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:default-outline-level="1"><style:paragraph-properties fo:margin-top="0.42cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" fo:font-size="16pt"/></style:style>"#,
    r#"<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:default-outline-level="2"><style:paragraph-properties fo:margin-top="0.35cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" fo:font-size="14pt"/></style:style>"#,
    r#"<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:default-outline-level="3"><style:paragraph-properties fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" fo:font-size="12pt"/></style:style>"#,
    r#"<style:style style:name="Heading_20_4" style:display-name="Heading 4" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:default-outline-level="4"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>"#,
    r#"<style:style style:name="Heading_20_5" style:display-name="Heading 5" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:default-outline-level="5"><style:text-properties fo:font-style="italic"/></style:style>"#,
    r#"<style:style style:name="Heading_20_6" style:display-name="Heading 6" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:default-outline-level="6"/>"#,
    r##"<style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="1cm"/><style:text-properties fo:font-style="italic" fo:color="#404040"/></style:style>"##,
    r#"<style:style style:name="Preformatted_20_Text" style:display-name="Preformatted Text" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties style:font-name="Liberation Mono" fo:font-family="'Courier New', 'Liberation Mono', monospace" fo:font-size="10pt"/></style:style>"#,
    r##"<style:style style:name="Horizontal_20_Line" style:display-name="Horizontal Line" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard"><style:paragraph-properties fo:border-bottom="0.5pt solid #000000" fo:padding-bottom="0.05cm"/></style:style>"##,
    r#"<style:style style:name="List_20_Paragraph" style:display-name="List Paragraph" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0cm"/></style:style>"#,
    r#"<style:style style:name="Lijstvervolg" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="1.27cm"/></style:style>"#,
    r##"<style:style style:name="Formulierkop" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard"><style:paragraph-properties fo:margin-top="0.64cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" fo:color="#01689b" fo:font-size="14pt"/></style:style>"##,
    r##"<style:style style:name="Toelichting_20_formulier" style:display-name="Toelichting formulier" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard"><style:text-properties fo:font-style="italic" fo:color="#696969" fo:font-size="9pt"/></style:style>"##,
    r#"<style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0cm"/><style:text-properties fo:font-size="9pt"/></style:style>"#,
    r#"<style:style style:name="Source_20_Text" style:display-name="Source Text" style:family="text"><style:text-properties style:font-name="Liberation Mono" fo:font-family="'Courier New', 'Liberation Mono', monospace"/></style:style>"#,
    r##"<style:style style:name="Internet_20_link" style:display-name="Internet link" style:family="text"><style:text-properties fo:color="#01689b" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>"##,
    r#"</office:styles><office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2.5cm" fo:margin-bottom="2.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/></style:page-layout></office:automatic-styles>"#,
    r#"<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles></office:document-styles>"#
);
