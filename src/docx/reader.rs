//! A .docx back into paragraphs and tables with their styles, lists,
//! emphasis, links, images and footnotes. Read with `zip` and `quick-xml`
//! (see `xml`): the docx crates we looked at either only write, or read
//! footnotes and numbering into shapes too thin to rebuild lists, and none
//! reports tracked changes and comments, which a form must refuse.
//!
//! Written for both Word's own files and LibreOffice's: styles are matched
//! by name, not id; lists by their numbering definitions; bold and italic
//! by direct formatting or a character style that sets them.

use super::doc::{Inline, Style, normalise};
use super::xml::{self, El, on};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Larger than any real form with its images.
const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The deepest list level Word knows (levels 0 to 8).
const MAX_LEVEL: usize = 8;

/// One paragraph of the document.
#[derive(Debug, Clone, Default)]
pub struct Para {
    /// The paragraph style's name in lower case (`heading 2`, `normal`).
    pub style: String,
    /// A list paragraph: the list instance and level, and the first number
    /// (`None` for bullets).
    pub list: Option<ListMark>,
    pub inlines: Vec<Inline>,
    /// `w:jc`: left/start, center, right/end.
    pub align: Option<String>,
    /// A line drawn under an empty paragraph: a rule.
    pub rule: bool,
    /// What the paragraph shows that a form does not take (a text box, an
    /// embedded object), named so it is never dropped in silence.
    pub unread: Vec<&'static str>,
}

/// One cell of a table: its paragraphs, and what makes it more than a cell.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub paras: Vec<Para>,
    /// Merged with its neighbours (`gridSpan` over 1, or `vMerge`).
    pub merged: bool,
    /// Tables pasted into the cell: their text is not read.
    pub tables: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMark {
    pub num: String,
    /// Numbering instances of one definition count on as one list (Word's
    /// rule), unless an instance restarts its number.
    pub abstract_num: String,
    pub restarts: bool,
    pub level: usize,
    pub start: Option<u64>,
}

#[derive(Debug, Clone)]
pub enum Item {
    Para(Para),
    /// Rows of cells.
    Table(Vec<Vec<Cell>>),
}

/// An image the document carries: its bytes and extension, by the target
/// inside the package.
#[derive(Debug, Clone, Default)]
pub struct Word {
    pub items: Vec<Item>,
    pub properties: HashMap<String, String>,
    /// By relationship id; many relationships to one part share its bytes.
    pub media: HashMap<String, (Arc<[u8]>, String)>,
}

/// Why a file cannot be read as a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Corrupt(String),
    TrackedChanges,
    Comments,
}

pub fn read(bytes: &[u8]) -> Result<Word, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::Corrupt(format!("het bestand is groter dan {} MB", MAX_FILE_BYTES >> 20)));
    }
    let corrupt = |what: String| ReadError::Corrupt(what);
    let mut package = super::package::Package::open(bytes)
        .ok_or_else(|| corrupt("het is geen Word-document (.docx): het bestand is geen zip-pakket".into()))?;
    let mut part = |name: &str| package.part(name).map_err(corrupt);
    let text_part = |bytes: Option<Vec<u8>>, name: &str| -> Result<Option<El>, ReadError> {
        match bytes {
            None => Ok(None),
            Some(b) => {
                let s = String::from_utf8(b).map_err(|_| corrupt(format!("onderdeel {name} is geen UTF-8-XML")))?;
                xml::parse(s.trim_start_matches('\u{feff}'))
                    .map(Some)
                    .map_err(|e| corrupt(format!("onderdeel {name} is beschadigd: {e}")))
            }
        }
    };
    let document = text_part(part("word/document.xml")?, "word/document.xml")?
        .ok_or_else(|| corrupt("het is geen Word-document: word/document.xml ontbreekt".into()))?;
    let styles = text_part(part("word/styles.xml")?, "word/styles.xml")?;
    let numbering = text_part(part("word/numbering.xml")?, "word/numbering.xml")?;
    let footnotes = text_part(part("word/footnotes.xml")?, "word/footnotes.xml")?;
    let comments = text_part(part("word/comments.xml")?, "word/comments.xml")?;
    let rels = text_part(part("word/_rels/document.xml.rels")?, "word/_rels/document.xml.rels")?;
    let custom = text_part(part("docProps/custom.xml")?, "docProps/custom.xml")?;

    // The comments `import --terugsturen` wrote are the tool's own and are
    // passed over; any other comment must be resolved first.
    let mut own = HashSet::new();
    for c in comments.iter().flat_map(|c| c.elements()).filter(|e| e.name == "comment") {
        match (c.attr("author"), c.attr("id")) {
            (Some(super::annotate::AUTHOR), Some(id)) => {
                own.insert(id.to_string());
            }
            _ => return Err(ReadError::Comments),
        }
    }
    for root in [Some(&document), footnotes.as_ref()].into_iter().flatten() {
        let all = root.descendants();
        if all.iter().any(|e| TRACKED.contains(&e.name.as_str())) {
            return Err(ReadError::TrackedChanges);
        }
        if all.iter().any(|e| {
            matches!(e.name.as_str(), "commentReference" | "commentRangeStart" | "commentRangeEnd")
                && !e.attr("id").is_some_and(|id| own.contains(id))
        }) {
            return Err(ReadError::Comments);
        }
    }

    let mut properties = HashMap::new();
    if let Some(custom) = &custom {
        for p in custom.elements().filter(|e| e.name == "property") {
            if let Some(name) = p.attr("name") {
                properties.insert(name.to_string(), p.elements().next().map(|v| v.text()).unwrap_or_default());
            }
        }
    }
    let mut targets = HashMap::new();
    if let Some(rels) = &rels {
        for r in rels.elements() {
            if let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target")) {
                targets.insert(id.to_string(), target.to_string());
            }
        }
    }
    // Each media part is unpacked once, however many relationships name it.
    let mut media = HashMap::new();
    let mut parts: HashMap<String, Arc<[u8]>> = HashMap::new();
    let mut ids: Vec<(&String, &String)> = targets.iter().collect();
    ids.sort();
    for (id, target) in ids {
        let is_media = target.starts_with("media/") || target.contains("/media/");
        if !is_media {
            continue;
        }
        let path = if let Some(t) = target.strip_prefix('/') { t.to_string() } else { format!("word/{target}") };
        let bytes = match parts.get(&path) {
            Some(b) => Some(b.clone()),
            None => part(&path)?.map(|b| {
                let b: Arc<[u8]> = b.into();
                parts.insert(path.clone(), b.clone());
                b
            }),
        };
        if let Some(bytes) = bytes {
            let ext = target.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            media.insert(id.clone(), (bytes, ext));
        }
    }

    let ctx = Context {
        styles: Styles::read(styles.as_ref()),
        numbering: Numbering::read(numbering.as_ref()),
        targets,
        notes_used: RefCell::new(HashSet::new()),
        fault: RefCell::new(None),
    };
    let mut notes: HashMap<String, Vec<Item>> = HashMap::new();
    if let Some(f) = &footnotes {
        for note in f.elements().filter(|e| e.name == "footnote") {
            if note.attr("type").is_some_and(|t| t != "normal") {
                continue;
            }
            let id = note.attr("id").unwrap_or("").to_string();
            let items = ctx.items(note, &HashMap::new());
            notes.insert(id, items);
        }
    }
    let body = document.child("body").ok_or_else(|| corrupt("word/document.xml heeft geen inhoud (body)".into()))?;
    let items = ctx.items(body, &notes);
    if let Some(fault) = ctx.fault.into_inner() {
        return Err(corrupt(fault));
    }
    Ok(Word { items, properties, media })
}

/// Elements of revision marks: what "track changes" leaves in a file.
const TRACKED: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "numberingChange",
    "cellIns",
    "cellDel",
    "cellMerge",
];

struct Context {
    styles: Styles,
    numbering: Numbering,
    targets: HashMap<String, String>,
    /// Footnotes already placed: Word gives every reference a note of its
    /// own, so a second reference to one is a crafted file (and copying
    /// the note for each would multiply the work).
    notes_used: RefCell<HashSet<String>>,
    /// The first reason found while reading to refuse the file.
    fault: RefCell<Option<String>>,
}

/// A character style: the style it is based on, and the bold, italic and
/// hidden it sets.
type CharStyle = (Option<String>, Option<bool>, Option<bool>, Option<bool>);

#[derive(Default)]
struct Styles {
    /// Style id → lower-case name.
    names: HashMap<String, String>,
    /// Character and paragraph style id → the style it is based on, bold, italic.
    chars: HashMap<String, CharStyle>,
    /// Paragraph style id → numbering (num id, level) it applies.
    para_num: HashMap<String, (String, usize)>,
    para_based: HashMap<String, String>,
    /// Hidden text (`w:vanish`) set by the document's defaults.
    hidden_default: bool,
}

impl Styles {
    fn read(root: Option<&El>) -> Styles {
        let mut s = Styles::default();
        let Some(root) = root else { return s };
        s.hidden_default = root
            .child("docDefaults")
            .and_then(|d| d.child("rPrDefault"))
            .and_then(|d| d.child("rPr"))
            .and_then(|r| r.child("vanish"))
            .is_some_and(|v| on(Some(v)));
        for st in root.elements().filter(|e| e.name == "style") {
            let Some(id) = st.attr("styleId") else { continue };
            let name = st.val("name").unwrap_or(id).to_lowercase();
            s.names.insert(id.to_string(), name);
            let based = st.val("basedOn").map(str::to_string);
            let rpr = st.child("rPr");
            let flag = |n: &str| rpr.and_then(|r| r.child(n)).map(|e| on(Some(e)));
            if st.attr("type") == Some("character") {
                s.chars.insert(id.to_string(), (based, flag("b"), flag("i"), flag("vanish")));
            } else if st.attr("type") == Some("paragraph") {
                s.chars.insert(id.to_string(), (based.clone(), None, None, flag("vanish")));
                if let Some(np) = st.child("pPr").and_then(|p| p.child("numPr")) {
                    let num = np.val("numId").unwrap_or("0").to_string();
                    let level = np.val("ilvl").and_then(|l| l.parse().ok()).unwrap_or(0);
                    s.para_num.insert(id.to_string(), (num, level));
                }
                if let Some(b) = based {
                    s.para_based.insert(id.to_string(), b);
                }
            }
        }
        s
    }

    fn name(&self, id: &str) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| id.to_lowercase())
    }

    /// Bold and italic a character style gives, following `basedOn`.
    fn char_flags(&self, id: &str) -> (bool, bool) {
        let name = self.name(id);
        let (mut bold, mut italic) = (None, None);
        let mut cur = Some(id.to_string());
        let mut guard = 0;
        while let (Some(c), true) = (cur.clone(), guard < 10) {
            guard += 1;
            let Some((based, b, i, _)) = self.chars.get(&c) else { break };
            bold = bold.or(*b);
            italic = italic.or(*i);
            cur = based.clone();
        }
        // LibreOffice's and Word's named styles for emphasis.
        let bold = bold.unwrap_or(matches!(name.as_str(), "strong" | "strong emphasis" | "zwaar"));
        let italic = italic.unwrap_or(matches!(name.as_str(), "emphasis" | "nadruk"));
        (bold, italic)
    }

    /// Whether a style (character or paragraph, following `basedOn`) hides its text.
    fn hidden(&self, id: &str) -> Option<bool> {
        let mut cur = Some(id.to_string());
        let mut guard = 0;
        while let (Some(c), true) = (cur, guard < 10) {
            guard += 1;
            let (based, _, _, vanish) = self.chars.get(&c)?;
            if vanish.is_some() {
                return *vanish;
            }
            cur = based.clone();
        }
        None
    }

    fn numbering_of(&self, id: &str) -> Option<(String, usize)> {
        let mut cur = Some(id.to_string());
        let mut guard = 0;
        while let (Some(c), true) = (cur, guard < 10) {
            guard += 1;
            if let Some(n) = self.para_num.get(&c) {
                return Some(n.clone());
            }
            cur = self.para_based.get(&c).cloned();
        }
        None
    }
}

#[derive(Default)]
struct Numbering {
    /// abstractNumId → level → (numFmt, start)
    abstracts: HashMap<String, HashMap<usize, (String, u64)>>,
    /// numId → (abstractNumId, level → start override)
    nums: HashMap<String, (String, HashMap<usize, u64>)>,
}

impl Numbering {
    fn read(root: Option<&El>) -> Numbering {
        let mut n = Numbering::default();
        let Some(root) = root else { return n };
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let mut levels = HashMap::new();
            for l in a.elements().filter(|e| e.name == "lvl") {
                let level = l.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                let fmt = l.val("numFmt").unwrap_or("decimal").to_string();
                let start = l.val("start").and_then(|v| v.parse().ok()).unwrap_or(1);
                levels.insert(level, (fmt, start));
            }
            n.abstracts.insert(a.attr("abstractNumId").unwrap_or("").to_string(), levels);
        }
        for num in root.elements().filter(|e| e.name == "num") {
            let abs = num.val("abstractNumId").unwrap_or("").to_string();
            let mut overrides = HashMap::new();
            for o in num.elements().filter(|e| e.name == "lvlOverride") {
                let level = o.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                if let Some(s) = o.val("startOverride").and_then(|v| v.parse().ok()) {
                    overrides.insert(level, s);
                }
            }
            n.nums.insert(num.attr("numId").unwrap_or("").to_string(), (abs, overrides));
        }
        n
    }

    /// The list a numbered paragraph belongs to; `None` when it is not
    /// numbered at all (or numbered with nothing, as outline levels are).
    fn mark(&self, num: &str, level: usize) -> Option<ListMark> {
        if num == "0" {
            return None;
        }
        let (abs, overrides) = self.nums.get(num)?;
        let (fmt, start) = self.abstracts.get(abs).and_then(|l| l.get(&level)).cloned().unwrap_or(("bullet".into(), 1));
        let restart = overrides.get(&level).copied();
        let start = match fmt.as_str() {
            "none" => return None,
            "bullet" => None,
            _ => Some(restart.unwrap_or(start)),
        };
        Some(ListMark { num: num.to_string(), abstract_num: abs.clone(), restarts: restart.is_some(), level, start })
    }
}

impl Context {
    /// The paragraphs and tables directly in `parent` (a body, a cell, a
    /// footnote); content controls are looked into.
    fn items(&self, parent: &El, notes: &HashMap<String, Vec<Item>>) -> Vec<Item> {
        let mut out = Vec::new();
        for e in parent.elements() {
            match e.name.as_str() {
                "p" => out.push(Item::Para(self.para(e, notes))),
                "tbl" => {
                    let rows = e
                        .elements()
                        .filter(|r| r.name == "tr")
                        .map(|r| cells_of(r).into_iter().map(|c| self.cell(c, notes)).collect())
                        .collect();
                    out.push(Item::Table(rows));
                }
                "sdt" => {
                    if let Some(content) = e.child("sdtContent") {
                        out.extend(self.items(content, notes));
                    }
                }
                "AlternateContent" => {
                    if let Some(branch) = xml::chosen(e) {
                        out.extend(self.items(branch, notes));
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn cell(&self, c: &El, notes: &HashMap<String, Vec<Item>>) -> Cell {
        let tcpr = c.child("tcPr");
        let merged = tcpr.and_then(|t| t.val("gridSpan")).is_some_and(|v| v.trim() != "1")
            || tcpr.and_then(|t| t.child("vMerge")).is_some()
            || tcpr.and_then(|t| t.child("hMerge")).is_some();
        let mut cell = Cell { merged, ..Cell::default() };
        for item in self.items(c, notes) {
            match item {
                Item::Para(p) => cell.paras.push(p),
                Item::Table(_) => cell.tables += 1,
            }
        }
        cell
    }

    fn para(&self, p: &El, notes: &HashMap<String, Vec<Item>>) -> Para {
        let ppr = p.child("pPr");
        let style_id = ppr.and_then(|x| x.val("pStyle")).unwrap_or("Normal");
        let style = self.styles.name(style_id);
        let num = ppr
            .and_then(|x| x.child("numPr"))
            .map(|np| {
                (np.val("numId").unwrap_or("0").to_string(), np.val("ilvl").and_then(|l| l.parse().ok()).unwrap_or(0))
            })
            .or_else(|| self.styles.numbering_of(style_id))
            // Word has nine list levels; deeper is a damaged or hostile file.
            .map(|(num, level)| (num, level.min(MAX_LEVEL)));
        let list = num.and_then(|(num, level)| self.numbering.mark(&num, level));
        let align = ppr.and_then(|x| x.val("jc")).map(str::to_string);
        let rule = ppr.and_then(|x| x.child("pBdr")).and_then(|b| b.child("bottom")).is_some();
        let mut inlines = Vec::new();
        let mut unread = Vec::new();
        let hidden = self.styles.hidden(style_id).unwrap_or(self.styles.hidden_default);
        self.runs(p, notes, &mut inlines, &mut unread, hidden);
        Para { style, list, inlines: split_cross_refs(normalise(inlines)), align, rule, unread }
    }

    /// The runs of a paragraph (or of a link, field or control inside it).
    /// `hidden`: the paragraph's style hides its runs unless they say otherwise.
    fn runs(
        &self,
        parent: &El,
        notes: &HashMap<String, Vec<Item>>,
        out: &mut Vec<Inline>,
        unread: &mut Vec<&'static str>,
        hidden: bool,
    ) {
        // A complex field: its instruction, then (after `separate`) its
        // result, which is the text; a HYPERLINK field's result is a link.
        let mut field: Option<(String, Option<Vec<Inline>>)> = None;
        for e in parent.elements() {
            if e.name == "r"
                && let Some(fc) = e.child("fldChar")
            {
                match fc.attr("fldCharType") {
                    Some("begin") => field = Some((String::new(), None)),
                    Some("separate") => {
                        if let Some(f) = &mut field {
                            f.1 = Some(Vec::new());
                        }
                    }
                    Some("end") => {
                        if let Some((instr, result)) = field.take() {
                            out.extend(field_result(&instr, result.unwrap_or_default()));
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let sink: &mut Vec<Inline> = match field.as_mut() {
                Some((instr, None)) => {
                    for t in e.descendants().into_iter().filter(|x| x.name == "instrText") {
                        instr.push_str(&t.text());
                    }
                    continue;
                }
                Some((_, Some(result))) => result,
                None => &mut *out,
            };
            match e.name.as_str() {
                "r" => self.run(e, e, notes, sink, unread, hidden),
                "hyperlink" => {
                    let mut content = Vec::new();
                    self.runs(e, notes, &mut content, unread, hidden);
                    let url = match (e.attr("id"), e.attr("anchor")) {
                        (Some(id), _) => self.targets.get(id).cloned(),
                        (None, Some(anchor)) => Some(format!("#{anchor}")),
                        _ => None,
                    };
                    match url {
                        Some(url) => sink.push(Inline::Link { url, content }),
                        None => sink.extend(content),
                    }
                }
                "fldSimple" => {
                    let mut content = Vec::new();
                    self.runs(e, notes, &mut content, unread, hidden);
                    sink.extend(field_result(e.attr("instr").unwrap_or(""), content));
                }
                "smartTag" | "customXml" | "bdo" | "dir" => self.runs(e, notes, sink, unread, hidden),
                "sdt" => {
                    if let Some(c) = e.child("sdtContent") {
                        self.runs(c, notes, sink, unread, hidden);
                    }
                }
                "AlternateContent" => {
                    if let Some(branch) = xml::chosen(e) {
                        self.runs(branch, notes, sink, unread, hidden);
                    }
                }
                _ => {}
            }
        }
        // A field left open keeps its result.
        if let Some((_, Some(result))) = field {
            out.extend(result);
        }
    }

    /// The content of run `r`; `props` is the run whose `rPr` applies (the
    /// run itself, or the one around the `mc:AlternateContent` being read).
    fn run(
        &self,
        props: &El,
        r: &El,
        notes: &HashMap<String, Vec<Item>>,
        out: &mut Vec<Inline>,
        unread: &mut Vec<&'static str>,
        hidden: bool,
    ) {
        let rpr = props.child("rPr");
        // Hidden text is not shown by Word or LibreOffice, so it is not read.
        let hidden = match rpr.and_then(|x| x.child("vanish")).or_else(|| rpr.and_then(|x| x.child("specVanish"))) {
            Some(v) => on(Some(v)),
            None => rpr.and_then(|x| x.val("rStyle")).and_then(|s| self.styles.hidden(s)).unwrap_or(hidden),
        };
        if hidden {
            return;
        }
        let (mut bold, mut italic) =
            rpr.and_then(|x| x.val("rStyle")).map(|s| self.styles.char_flags(s)).unwrap_or_default();
        let char_style = rpr.and_then(|x| x.val("rStyle")).map(|s| self.styles.name(s)).unwrap_or_default();
        if let Some(b) = rpr.and_then(|x| x.child("b")) {
            bold = on(Some(b));
        }
        if let Some(i) = rpr.and_then(|x| x.child("i")) {
            italic = on(Some(i));
        }
        let strike = on(rpr.and_then(|x| x.child("strike"))) || on(rpr.and_then(|x| x.child("dstrike")));
        let font = rpr.and_then(|x| x.child("rFonts")).and_then(|f| f.attr("ascii")).unwrap_or("").to_lowercase();
        let code = char_style.contains("code")
            || char_style == "source text"
            || char_style == "verbatim char"
            || ["courier", "mono", "consolas"].iter().any(|m| font.contains(m));
        let style = Style { bold, italic, strike, code };
        for e in r.elements() {
            match e.name.as_str() {
                "t" => out.push(Inline::Text(e.text(), style)),
                "tab" => out.push(Inline::Text(" ".into(), style)),
                "noBreakHyphen" => out.push(Inline::Text("-".into(), style)),
                "br" if e.attr("type").is_none_or(|t| t == "textWrapping") => out.push(Inline::Break),
                "cr" => out.push(Inline::Break),
                "ptab" => out.push(Inline::Text(" ".into(), style)),
                "footnoteReference" => {
                    let id = e.attr("id").unwrap_or("");
                    if !self.notes_used.borrow_mut().insert(id.to_string()) {
                        self.fault.borrow_mut().get_or_insert_with(|| {
                            format!("naar voetnoot {id} wordt meer dan eens verwezen (Word geeft elke verwijzing een eigen voetnoot)")
                        });
                        continue;
                    }
                    let blocks = super::structure::blocks(notes.get(id).cloned().unwrap_or_default())
                        .into_iter()
                        .map(|(b, _)| b)
                        .collect();
                    out.push(Inline::Note(blocks));
                }
                "pict" | "object" | "txbxContent" if has_text(e) => unread.push("een tekstvak of ingevoegd object"),
                "drawing" if e.descendants().iter().any(|d| d.name == "txbxContent") && has_text(e) => {
                    unread.push("een tekstvak")
                }
                "drawing" => {
                    let all = e.descendants();
                    let doc_pr = all.iter().find(|d| d.name == "docPr");
                    let name = doc_pr.and_then(|d| d.attr("name")).unwrap_or("").to_string();
                    let alt = doc_pr.and_then(|d| d.attr("descr")).unwrap_or("").to_string();
                    let embed = all.iter().find(|d| d.name == "blip").and_then(|b| b.attr("embed")).unwrap_or("");
                    out.push(Inline::Image { url: image_url(&name, embed), alt });
                }
                "AlternateContent" => {
                    if let Some(branch) = xml::chosen(e) {
                        self.run(props, branch, notes, out, unread, hidden);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether an element holds any text (a text box, an object's caption).
fn has_text(e: &El) -> bool {
    e.descendants().iter().any(|d| d.name == "t" && !d.text().trim().is_empty())
}

/// A field's result; a `HYPERLINK "url"` (or `HYPERLINK \\l "anchor"`)
/// field's result becomes a link to it.
fn field_result(instr: &str, content: Vec<Inline>) -> Vec<Inline> {
    let instr = instr.trim();
    let Some(rest) = instr.strip_prefix("HYPERLINK") else { return content };
    let anchor = rest.contains("\\l");
    let url = rest.split('"').nth(1).map(str::to_string);
    match url {
        Some(u) if !u.is_empty() => {
            vec![Inline::Link { url: if anchor { format!("#{u}") } else { u }, content }]
        }
        _ => content,
    }
}

/// The Markdown path an image came from (its name, as `new --docx` wrote
/// it), or `word:<rel id>` for one pasted into the form.
fn image_url(name: &str, embed: &str) -> String {
    let looks_like_path = name.contains('/') && !name.contains(' ') || name.starts_with("afbeeldingen");
    if looks_like_path { name.to_string() } else { format!("{WORD_IMAGE}{embed}") }
}

pub const WORD_IMAGE: &str = "word:";

fn cells_of(row: &El) -> Vec<&El> {
    let mut out = Vec::new();
    for e in row.elements() {
        match e.name.as_str() {
            "tc" => out.push(e),
            "sdt" => {
                if let Some(c) = e.child("sdtContent") {
                    out.extend(c.elements().filter(|x| x.name == "tc"));
                }
            }
            _ => {}
        }
    }
    out
}

/// `[[2.1.A]]` typed in Word is plain text: make it a reference again.
pub fn split_cross_refs(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for i in inlines {
        match i {
            Inline::Text(t, s) if !s.code && t.contains("[[") => {
                let mut rest = t.as_str();
                while let Some(open) = rest.find("[[") {
                    let Some(close) = rest[open + 2..].find("]]") else { break };
                    let inner = &rest[open + 2..open + 2 + close];
                    if inner.is_empty() || inner.contains('[') || inner.contains('\n') {
                        break;
                    }
                    if open > 0 {
                        out.push(Inline::Text(rest[..open].to_string(), s));
                    }
                    out.push(Inline::CrossRef(inner.to_string()));
                    rest = &rest[open + 2 + close + 2..];
                }
                if !rest.is_empty() {
                    out.push(Inline::Text(rest.to_string(), s));
                }
            }
            Inline::Link { url, content } => out.push(Inline::Link { url, content: split_cross_refs(content) }),
            other => out.push(other),
        }
    }
    out
}
