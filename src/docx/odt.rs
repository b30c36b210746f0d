//! A form saved as OpenDocument text (`.odt`, as LibreOffice writers save
//! it) read into the same paragraphs and tables as a .docx, so the same
//! checks and places apply. ODF is on the Dutch government's list of
//! mandatory open standards.
//!
//! Styles are matched by their display names (`Toelichting formulier`),
//! automatic styles followed to their parents; bold, italic and struck
//! text by the text properties of a span's style; lists by their nesting
//! and list style; tables by rows and cells (spanned and covered cells are
//! merged ones). What a form must refuse is refused as in a .docx: tracked
//! changes, and comments other than the tool's own. Hidden text is not
//! read.

use super::doc::{Inline, Style, normalise};
use super::reader::{Cell, Item, ListMark, Para, ReadError, Word};
use super::xml::{self, El};
use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

/// Whether `bytes` is an OpenDocument text package (its `mimetype` part says so).
pub fn is_odt(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return false };
    let Ok(file) = zip.by_name("mimetype") else { return false };
    let mut kind = Vec::new();
    file.take(100).read_to_end(&mut kind).is_ok() && kind.starts_with(b"application/vnd.oasis.opendocument.text")
}

/// A text style's effect: bold, italic, struck, hidden (each if set).
#[derive(Default, Clone, Copy)]
struct Props {
    bold: Option<bool>,
    italic: Option<bool>,
    strike: Option<bool>,
    hidden: Option<bool>,
    /// LibreOffice's `Source Text` (and any style named for code).
    code: Option<bool>,
}

#[derive(Default)]
struct Styles {
    /// Style name → (parent, display name, text properties).
    all: HashMap<String, (Option<String>, String, Props)>,
    /// List style name → level (1-based) → numbered.
    lists: HashMap<String, HashMap<usize, bool>>,
    /// Paragraph style name → its alignment (`center`, `end`, ...).
    aligns: HashMap<String, String>,
}

impl Styles {
    fn add(&mut self, root: &El) {
        for e in root.descendants() {
            match e.name.as_str() {
                "style" => {
                    let Some(name) = e.attr("name") else { continue };
                    let display = e.attr("display-name").unwrap_or(name).to_lowercase();
                    let tp = e.child("text-properties");
                    let flag = |a: &str, on: &dyn Fn(&str) -> bool| tp.and_then(|t| t.attr(a)).map(on);
                    let props = Props {
                        bold: flag("font-weight", &|v| v == "bold" || v.parse::<u32>().is_ok_and(|w| w >= 600)),
                        italic: flag("font-style", &|v| v == "italic" || v == "oblique"),
                        strike: flag("text-line-through-style", &|v| v != "none"),
                        hidden: flag("display", &|v| v == "none"),
                        code: (display == "source text" || display.contains("code")).then_some(true),
                    };
                    if let Some(a) = e.child("paragraph-properties").and_then(|p| p.attr("text-align")) {
                        self.aligns.insert(name.to_string(), a.to_string());
                    }
                    self.all
                        .insert(name.to_string(), (e.attr("parent-style-name").map(str::to_string), display, props));
                }
                "list-style" => {
                    let Some(name) = e.attr("name") else { continue };
                    let mut levels = HashMap::new();
                    for l in e.elements() {
                        let level = l.attr("level").and_then(|v| v.parse().ok()).unwrap_or(1);
                        levels.insert(level, l.name == "list-level-style-number");
                    }
                    self.lists.insert(name.to_string(), levels);
                }
                _ => {}
            }
        }
    }

    /// A paragraph style's display name, automatic styles followed to the
    /// named one they derive from (`P3` → `toelichting formulier`).
    fn para_name(&self, name: &str) -> String {
        let mut cur = name.to_string();
        for _ in 0..10 {
            match self.all.get(&cur) {
                Some((Some(parent), _, _)) if is_automatic(&cur) => cur = parent.clone(),
                Some((_, display, _)) => return normal(display),
                None => break,
            }
        }
        normal(&cur.replace("_20_", " ").to_lowercase())
    }

    /// The text formatting a paragraph's style gives its text: an automatic
    /// style's own (direct formatting), but of a named style only whether it
    /// hides the text; a heading's or a quote's bold or italic is the look
    /// of the style, not emphasis in the text.
    fn para_props(&self, name: &str) -> Props {
        let mut p = Props::default();
        let mut cur = name.to_string();
        for _ in 0..10 {
            if !is_automatic(&cur) {
                p.hidden = p.hidden.or(self.props(&cur).hidden);
                break;
            }
            let Some((parent, _, q)) = self.all.get(&cur) else { break };
            p = Props {
                bold: p.bold.or(q.bold),
                italic: p.italic.or(q.italic),
                strike: p.strike.or(q.strike),
                hidden: p.hidden.or(q.hidden),
                code: p.code.or(q.code),
            };
            match parent {
                Some(parent) => cur = parent.clone(),
                None => break,
            }
        }
        p
    }

    /// The text properties a style gives, following its parents.
    fn props(&self, name: &str) -> Props {
        let mut p = Props::default();
        let mut cur = Some(name.to_string());
        for _ in 0..10 {
            let Some(c) = cur else { break };
            let Some((parent, _, q)) = self.all.get(&c) else { break };
            p.bold = p.bold.or(q.bold);
            p.italic = p.italic.or(q.italic);
            p.strike = p.strike.or(q.strike);
            p.hidden = p.hidden.or(q.hidden);
            p.code = p.code.or(q.code);
            cur = parent.clone();
        }
        p
    }
}

/// LibreOffice's automatic style names: `P1`, `T3`, `Table1.A1`.
fn is_automatic(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('P' | 'T' | 'L')) && chars.all(|c| c.is_ascii_digit())
}

/// LibreOffice's names for the styles the .docx reader knows by Word's.
fn normal(display: &str) -> String {
    match display {
        "standard" | "default paragraph style" | "text body" | "body text" => "normal".into(),
        d => d.strip_prefix("heading_20_").map(|n| format!("heading {n}")).unwrap_or_else(|| d.to_string()),
    }
}

pub fn read(bytes: &[u8]) -> Result<Word, ReadError> {
    let corrupt = ReadError::Corrupt;
    let mut package =
        super::package::Package::open(bytes).ok_or_else(|| corrupt("het bestand is geen zip-pakket".into()))?;
    let mut part = |name: &str| package.part(name).map_err(corrupt);
    let parse = |bytes: Option<Vec<u8>>, name: &str| -> Result<Option<El>, ReadError> {
        match bytes {
            None => Ok(None),
            Some(b) => {
                let s = String::from_utf8(b).map_err(|_| corrupt(format!("onderdeel {name} is geen UTF-8-XML")))?;
                xml::parse_with(&s, xml::odf)
                    .map(Some)
                    .map_err(|e| corrupt(format!("onderdeel {name} is beschadigd: {e}")))
            }
        }
    };
    let content = parse(part("content.xml")?, "content.xml")?
        .ok_or_else(|| corrupt("het is geen tekstdocument: content.xml ontbreekt".into()))?;
    let styles_part = parse(part("styles.xml")?, "styles.xml")?;
    let meta = parse(part("meta.xml")?, "meta.xml")?;

    let mut styles = Styles::default();
    if let Some(s) = &styles_part {
        styles.add(s);
    }
    styles.add(&content);
    let text = content
        .child("body")
        .and_then(|b| b.child("text"))
        .ok_or_else(|| corrupt("content.xml bevat geen tekst".into()))?;
    let all = text.descendants();
    if all.iter().any(|e| e.name == "changed-region" || e.name == "change-start" || e.name == "change") {
        return Err(ReadError::TrackedChanges);
    }
    let own = |a: &El| a.child("creator").is_some_and(|c| c.text().trim() == super::annotate::AUTHOR);
    if all.iter().any(|e| e.name == "annotation" && !own(e)) {
        return Err(ReadError::Comments);
    }

    let mut properties = HashMap::new();
    if let Some(meta) = &meta {
        for p in meta.descendants().into_iter().filter(|e| e.name == "user-defined") {
            if let Some(name) = p.attr("name") {
                properties.insert(name.to_string(), p.text());
            }
        }
    }
    // Pictures stored in the package, read once each.
    let mut media = HashMap::new();
    for e in &all {
        if e.name == "image"
            && let Some(href) = e.attr("href")
            && href.starts_with("Pictures/")
            && !media.contains_key(href)
            && let Some(b) = part(href)?
        {
            let ext = href.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            media.insert(href.to_string(), (Arc::<[u8]>::from(b), ext));
        }
    }
    let mut r = Reader { styles: &styles, media: &mut media, lists: 0, start: None };
    let mut items = Vec::new();
    r.block(text, 0, None, &mut items);
    Ok(Word { items, properties, media })
}

struct Reader<'a> {
    styles: &'a Styles,
    media: &'a mut HashMap<String, (Arc<[u8]>, String)>,
    /// Lists seen, to give each its own instance.
    lists: usize,
    /// The number a list item says its list starts at (`text:start-value`).
    start: Option<u64>,
}

impl Reader<'_> {
    /// The blocks in `parent`; `list`: the list around them (instance,
    /// style, level).
    fn block(&mut self, parent: &El, level: usize, list: Option<(&str, &str)>, out: &mut Vec<Item>) {
        for e in parent.elements() {
            match e.name.as_str() {
                "p" | "h" => {
                    let mut para = self.para(e);
                    if let Some((num, style)) = list {
                        let numbered =
                            self.styles.lists.get(style).and_then(|l| l.get(&level)).copied().unwrap_or(false);
                        para.list = Some(ListMark {
                            num: num.to_string(),
                            abstract_num: num.to_string(),
                            restarts: false,
                            level: level.saturating_sub(1).min(8),
                            start: numbered.then_some(self.start.take().unwrap_or(1)),
                        });
                    }
                    out.push(Item::Para(para));
                }
                "list" => {
                    let style = e.attr("style-name").or(list.map(|l| l.1)).unwrap_or("").to_string();
                    let num = match list {
                        Some((n, _)) => n.to_string(),
                        // A list that goes on after an unnumbered paragraph
                        // is the same list.
                        None if e.attr("continue-list").is_some() || e.attr("continue-numbering") == Some("true") => {
                            format!("odt{}", self.lists.max(1))
                        }
                        None => {
                            self.lists += 1;
                            format!("odt{}", self.lists)
                        }
                    };
                    for item in e.elements().filter(|i| i.name == "list-item" || i.name == "list-header") {
                        self.start = item.attr("start-value").and_then(|v| v.parse().ok());
                        self.block(item, level + 1, Some((&num, &style)), out);
                    }
                }
                "table" => {
                    let mut rows = Vec::new();
                    // Its own rows, in header and row groups too; never a nested table's.
                    let groups = ["table-header-rows", "table-rows", "table-row-group"];
                    let own_rows: Vec<&El> = e
                        .elements()
                        .flat_map(|c| {
                            if groups.contains(&c.name.as_str()) { c.elements().collect::<Vec<_>>() } else { vec![c] }
                        })
                        .filter(|r| r.name == "table-row")
                        .collect();
                    for r in own_rows {
                        let cells = r
                            .elements()
                            .filter(|c| c.name == "table-cell" || c.name == "covered-table-cell")
                            .map(|c| {
                                let spanned = c.attr("number-columns-spanned").is_some_and(|v| v != "1")
                                    || c.attr("number-rows-spanned").is_some_and(|v| v != "1");
                                let mut cell =
                                    Cell { merged: spanned || c.name == "covered-table-cell", ..Cell::default() };
                                let mut inner = Vec::new();
                                self.block(c, 0, None, &mut inner);
                                for i in inner {
                                    match i {
                                        Item::Para(p) => cell.paras.push(p),
                                        Item::Table(_) => cell.tables += 1,
                                    }
                                }
                                cell
                            })
                            .collect();
                        rows.push(cells);
                    }
                    out.push(Item::Table(rows));
                }
                "section" | "soft-page-break" => self.block(e, level, list, out),
                _ => {}
            }
        }
    }

    fn para(&mut self, p: &El) -> Para {
        let style_name = p.attr("style-name").unwrap_or("Standard");
        let mut style = self.styles.para_name(style_name);
        if p.name == "h" {
            let level = p.attr("outline-level").and_then(|l| l.parse::<u8>().ok()).unwrap_or(1).clamp(1, 6);
            if !style.starts_with("heading") && style != "formulierkop" && style != "title" {
                style = format!("heading {level}");
            }
        }
        let base = self.styles.para_props(style_name);
        let mut inlines = Vec::new();
        let mut unread = Vec::new();
        self.runs(p, base, &mut inlines, &mut unread);
        let align = self.styles.aligns.get(style_name).map(|a| match a.as_str() {
            "start" | "left" => "left".to_string(),
            a => a.to_string(),
        });
        Para {
            rule: style == "horizontal line",
            style,
            list: None,
            inlines: super::reader::split_cross_refs(normalise(inlines)),
            align,
            unread,
        }
    }

    fn runs(&mut self, parent: &El, props: Props, out: &mut Vec<Inline>, unread: &mut Vec<&'static str>) {
        if props.hidden == Some(true) {
            return;
        }
        let style = Style {
            bold: props.bold.unwrap_or(false),
            italic: props.italic.unwrap_or(false),
            strike: props.strike.unwrap_or(false),
            code: props.code.unwrap_or(false),
        };
        for n in &parent.children {
            match n {
                xml::Node::Text(t) => out.push(Inline::Text(t.clone(), style)),
                xml::Node::El(e) => match e.name.as_str() {
                    "span" => {
                        let mut inner = self.styles.props(e.attr("style-name").unwrap_or(""));
                        inner.bold = inner.bold.or(props.bold);
                        inner.italic = inner.italic.or(props.italic);
                        inner.strike = inner.strike.or(props.strike);
                        inner.hidden = inner.hidden.or(props.hidden);
                        inner.code = inner.code.or(props.code);
                        self.runs(e, inner, out, unread);
                    }
                    "a" => {
                        let mut content = Vec::new();
                        self.runs(e, props, &mut content, unread);
                        match e.attr("href") {
                            Some(url) => out.push(Inline::Link { url: url.to_string(), content }),
                            None => out.extend(content),
                        }
                    }
                    "s" => {
                        let n = e.attr("c").and_then(|c| c.parse::<usize>().ok()).unwrap_or(1).min(100);
                        out.push(Inline::Text(" ".repeat(n), style));
                    }
                    "tab" => out.push(Inline::Text(" ".into(), style)),
                    "line-break" => out.push(Inline::Break),
                    "note" if e.attr("note-class") != Some("endnote") => {
                        let mut items = Vec::new();
                        if let Some(body) = e.child("note-body") {
                            self.block(body, 0, None, &mut items);
                        }
                        let blocks = super::structure::blocks(items).into_iter().map(|(b, _)| b).collect();
                        out.push(Inline::Note(blocks));
                    }
                    "frame" => self.frame(e, out, unread),
                    "hidden-text" | "hidden-paragraph" | "annotation" | "annotation-end" | "bookmark"
                    | "bookmark-start" | "bookmark-end" | "reference-mark" | "soft-page-break" => {}
                    "text-input" | "meta" | "ruby-base" | "reference-ref" | "bookmark-ref" | "content-control" => {
                        self.runs(e, props, out, unread)
                    }
                    _ => {}
                },
            }
        }
    }

    fn frame(&mut self, f: &El, out: &mut Vec<Inline>, unread: &mut Vec<&'static str>) {
        if f.child("text-box").is_some() {
            unread.push("een tekstvak");
            return;
        }
        let Some(image) = f.child("image") else {
            unread.push("een ingevoegd object");
            return;
        };
        let alt = f.child("desc").or_else(|| f.child("title")).map(|d| d.text()).unwrap_or_default();
        let name = f.attr("name").unwrap_or("");
        let key = match (image.attr("href"), image.child("binary-data")) {
            (Some(href), _) if self.media.contains_key(href) => href.to_string(),
            (_, Some(data)) => {
                let Some(bytes) = base64(&data.text()) else {
                    unread.push("een beschadigde afbeelding");
                    return;
                };
                let ext = sniff(&bytes);
                let key = format!("inline{}", self.media.len() + 1);
                self.media.insert(key.clone(), (Arc::from(bytes), ext.to_string()));
                key
            }
            _ => {
                unread.push("een gekoppelde afbeelding");
                return;
            }
        };
        let looks_like_path = name.contains('/') && !name.contains(' ');
        let url = if looks_like_path { name.to_string() } else { format!("{}{key}", super::reader::WORD_IMAGE) };
        out.push(Inline::Image { url, alt });
    }
}

/// The extension a picture's bytes say.
fn sniff(b: &[u8]) -> &'static str {
    if b.starts_with(b"\x89PNG") {
        "png"
    } else if b.starts_with(b"\xFF\xD8") {
        "jpg"
    } else if b.starts_with(b"GIF8") {
        "gif"
    } else if b.windows(4).take(1024).any(|w| w == b"<svg") {
        "svg"
    } else {
        "bin"
    }
}

fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        } as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}
