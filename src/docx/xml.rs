//! A small element tree over `quick-xml` events: the parts of a .docx are
//! small, and a tree makes "the text of this cell" a walk instead of a
//! state machine. Names are kept as local names (`w:p` → `p`): Word and
//! LibreOffice use different prefixes for the same namespaces. An element or
//! attribute of a namespace this reader does not know keeps its namespace in
//! its name (`{urn:x}r`), so it matches nothing: what an office suite would
//! skip as foreign markup is never read as text.

use quick_xml::events::Event;
use quick_xml::name::{QName, ResolveResult};

#[derive(Debug, Clone, Default)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    El(El),
    Text(String),
}

/// Deeper than any real document, shallow enough for the recursion.
const MAX_DEPTH: usize = 200;

fn local(s: &str) -> String {
    match s.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => s.to_string(),
    }
}

/// The namespaces of the package, the document, its drawings and Office's
/// extensions: their elements are read by their local names.
const KNOWN_NAMESPACES: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/package/2006/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "http://purl.oclc.org/ooxml/officeDocument/customProperties",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
    "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/drawingml/main",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://purl.oclc.org/ooxml/drawingml/picture",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.microsoft.com/office/drawing/2010/main",
    "urn:schemas-microsoft-com:vml",
    "urn:schemas-microsoft-com:office:office",
    "urn:schemas-microsoft-com:office:word",
    "http://www.w3.org/XML/1998/namespace",
];

/// The extensions a `mc:Choice` may require and still be the branch Word
/// and LibreOffice both show (shapes, groups, canvases, Word 2010's markup).
pub const UNDERSTOOD: &[&str] = &[
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/drawing/2010/main",
];

/// The synthetic attribute of a `mc:Choice` that holds the namespaces its
/// `Requires` prefixes resolve to (`?` for a prefix bound to nothing).
pub const REQUIRES_NS: &str = "{jaarrapport}requires";

/// Whether a namespace is one of Office Open XML's (a .docx).
pub fn ooxml(uri: &str) -> bool {
    KNOWN_NAMESPACES.contains(&uri)
}

/// Whether a namespace is one of OpenDocument's (an .odt).
pub fn odf(uri: &str) -> bool {
    uri.starts_with("urn:oasis:names:tc:opendocument:xmlns:")
        // LibreOffice's extensions (a content control is one).
        || uri == "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
        || matches!(uri, "http://www.w3.org/1999/xlink" | "http://purl.org/dc/elements/1.1/" | "http://www.w3.org/XML/1998/namespace")
}

/// A name as this reader keeps it: local for a known namespace or none.
fn keep(known: fn(&str) -> bool, ns: ResolveResult, local: &str) -> String {
    let local = local.to_string();
    match ns {
        ResolveResult::Bound(n) => {
            let uri: &str = n.as_ref();
            if known(uri) { local } else { format!("{{{uri}}}{local}") }
        }
        // No namespace, or a prefix never declared (a hand-made part): by name.
        _ => local,
    }
}

/// A part of a .docx.
pub fn parse(text: &str) -> Result<El, String> {
    parse_with(text, ooxml)
}

/// A part of a package whose namespaces `known` tells.
pub fn parse_with(text: &str, known: fn(&str) -> bool) -> Result<El, String> {
    let mut reader = quick_xml::NsReader::from_str(text);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        let at = reader.buffer_position();
        let (ns, event) = reader.read_resolved_event().map_err(|e| format!("kapotte XML na byte {at} ({e})"))?;
        let name = match &event {
            Event::Start(e) | Event::Empty(e) => keep(known, ns, e.local_name().as_ref()),
            _ => String::new(),
        };
        match event {
            Event::Start(e) | Event::Empty(e) if stack.len() > MAX_DEPTH => {
                let _ = e;
                return Err("de XML is te diep genest".into());
            }
            Event::Start(e) => stack.push(element(&reader, known, name, &e)?),
            Event::Empty(e) => {
                let el = element(&reader, known, name, &e)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::El(el));
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("de XML is niet in balans")?;
                match stack.last_mut() {
                    Some(top) => top.children.push(Node::El(el)),
                    None => return Err("de XML is niet in balans".into()),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.into_inner()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                };
                push_text(&mut stack, &c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let root = stack.pop().ok_or("de XML is leeg")?;
    if !stack.is_empty() {
        return Err("de XML houdt midden in een element op".into());
    }
    root.children
        .into_iter()
        .find_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "no root element".to_string())
}

fn push_text(stack: &mut [El], t: &str) {
    if let Some(top) = stack.last_mut() {
        match top.children.last_mut() {
            Some(Node::Text(prev)) => prev.push_str(t),
            _ => top.children.push(Node::Text(t.to_string())),
        }
    }
}

fn element(
    reader: &quick_xml::NsReader<&[u8]>,
    known: fn(&str) -> bool,
    name: String,
    e: &quick_xml::events::BytesStart,
) -> Result<El, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("broken XML attribute: {e}"))?;
        if a.key.as_namespace_binding().is_some() {
            continue;
        }
        let value =
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| format!("broken XML attribute: {e}"))?;
        let key = match a.key.prefix() {
            Some(_) => {
                let (ns, l) = reader.resolver().resolve_attribute(a.key);
                keep(known, ns, l.as_ref())
            }
            None => local(a.key.as_ref()),
        };
        attrs.push((key, value.to_string()));
    }
    if name == "Choice"
        && let Some(requires) = attrs.iter().find(|(k, _)| k == "Requires").map(|(_, v)| v.clone())
    {
        let resolved: Vec<String> = requires
            .split_whitespace()
            .map(|prefix| {
                let q = format!("{prefix}:x");
                match reader.resolver().resolve_element(QName(&q)).0 {
                    ResolveResult::Bound(n) => AsRef::<str>::as_ref(&n).to_string(),
                    _ => "?".to_string(),
                }
            })
            .collect();
        attrs.push((REQUIRES_NS.to_string(), resolved.join(" ")));
    }
    Ok(El { name, attrs, children: Vec::new() })
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }

    /// The `w:val` of a child, e.g. `pStyle` → its style id.
    pub fn val(&self, child: &str) -> Option<&str> {
        self.child(child).and_then(|c| c.attr("val"))
    }

    /// Every element below, depth first.
    pub fn descendants(&self) -> Vec<&El> {
        let mut out = Vec::new();
        let mut todo: Vec<&El> = self.elements().collect();
        todo.reverse();
        while let Some(e) = todo.pop() {
            out.push(e);
            let mut kids: Vec<&El> = e.elements().collect();
            kids.reverse();
            todo.extend(kids);
        }
        out
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::El(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

/// The branch of a `mc:AlternateContent` an office suite shows: the first
/// `Choice` whose every required extension it understands, else the
/// `Fallback`. Only that branch is ever read.
pub fn chosen(alternate: &El) -> Option<&El> {
    alternate
        .elements()
        .find(|c| {
            c.name == "Choice"
                && c.attr(REQUIRES_NS).is_some_and(|r| !r.is_empty() && r.split(' ').all(|ns| UNDERSTOOD.contains(&ns)))
        })
        .or_else(|| alternate.child("Fallback"))
}

/// A toggle property (`<w:b/>`, `<w:b w:val="false"/>`) is on unless it says off.
pub fn on(e: Option<&El>) -> bool {
    e.is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off" | "none")))
}
