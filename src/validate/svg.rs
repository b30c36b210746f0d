//! SVG images may carry no code and refer to nothing outside themselves.
//!
//! Opened on its own (a reader clicks the image, or `serve` sends it), an
//! SVG is a document: a browser runs its scripts, loads what it links and
//! follows its `javascript:` URLs, however they are spelt (namespaced
//! `<svg:script>`, a default namespace that turns `<script>` into XHTML,
//! entities from a DTD, `&#106;avascript:`). So an SVG is not searched for
//! bad strings but parsed as XML by `roxmltree`, which refuses a DTD and so
//! every entity beyond XML's five, and resolves namespaces and character
//! references the way a browser does. What it yields is then held against
//! an allowlist: SVG elements and attributes for shapes, text, paint,
//! gradients, patterns, clipping, masks, markers and filters, by their
//! namespace-resolved names, and values that refer only to `#fragment`s
//! of the same file. Everything else is an error at its line and column.
//!
//! A `<style>` element is allowed in a strict subset of CSS that browsers
//! and typst's SVG library cannot read differently: rules of plain
//! selectors and `property: value` declarations, each checked like a
//! `style="..."` attribute, and no at-rules (`@import`, `@font-face`),
//! comments, escapes, or braces and semicolons inside strings or
//! parentheses. That is what drawing programs write (Illustrator's
//! `.st0{fill:#154273;}`, matplotlib's `*{stroke-linejoin: round}`); a
//! style sheet that needs more is refused, and can be exported with
//! presentation attributes instead.

use crate::diagnostics::{Diagnostic, Span};
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

const SVG: &str = "http://www.w3.org/2000/svg";
const XLINK: &str = "http://www.w3.org/1999/xlink";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// A chart with a hundred thousand shapes is large; ten times that is no
/// picture for a report, and bounds the memory a file can ask for.
const MAX_NODES: u32 = 1_000_000;

/// No real drawing nests groups this deep; typst's SVG library descends
/// recursively, so deeper files are refused.
const MAX_DEPTH: usize = 256;

/// One bad file should not bury the others' messages.
const MAX_PROBLEMS: usize = 20;

/// The SVG elements a drawing needs. Not here, so refused: `script`,
/// `foreignObject` (HTML inside), `image` and `feImage` (they
/// load pictures), `a`'s link targets other than fragments (checked below),
/// and the animation elements, which can rewrite any attribute (`<set
/// attributeName="href" to="javascript:...">`).
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "metadata",
    "a",
    "switch",
    "view",
    "style",
    // shapes and text
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    // paint servers, clipping, masking, markers
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    // filters
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// Attributes without a namespace: geometry, presentation, text layout,
/// paint servers and filter parameters. Event handlers (`on...`), `href`
/// (checked separately), `style` (checked separately) and everything that
/// loads or runs something (`xml:base`, `target`, `attributeName`) are not.
const ATTRIBUTES: &[&str] = &[
    // identity, accessibility
    "id",
    "class",
    "lang",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
    "focusable",
    "tabindex",
    "version",
    "baseProfile",
    "zoomAndPan",
    "enable-background",
    // geometry
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "width",
    "height",
    "d",
    "points",
    "pathLength",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "transform-origin",
    // presentation
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "clip",
    "clip-path",
    "clip-rule",
    "mask",
    "filter",
    "marker",
    "marker-start",
    "marker-mid",
    "marker-end",
    "stop-color",
    "stop-opacity",
    "flood-color",
    "flood-opacity",
    "lighting-color",
    "paint-order",
    "vector-effect",
    "mix-blend-mode",
    "isolation",
    "shape-rendering",
    "image-rendering",
    "text-rendering",
    "color-interpolation",
    "color-interpolation-filters",
    "color-rendering",
    "solid-color",
    "solid-opacity",
    // text
    "font",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "writing-mode",
    "direction",
    "unicode-bidi",
    "white-space",
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "side",
    // paint servers, clipping, masking, markers
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "markerUnits",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    "systemLanguage",
    "requiredFeatures",
    "requiredExtensions",
    // filters
    "filterUnits",
    "primitiveUnits",
    "in",
    "in2",
    "result",
    "stdDeviation",
    "mode",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "values",
    "type",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
    "kernelMatrix",
    "order",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "edgeMode",
    "preserveAlpha",
    "surfaceScale",
    "diffuseConstant",
    "specularConstant",
    "specularExponent",
    "kernelUnitLength",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "radius",
    "baseFrequency",
    "numOctaves",
    "seed",
    "stitchTiles",
    "azimuth",
    "elevation",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "limitingConeAngle",
];

/// The allowlists as sets: a drawing has up to a million nodes.
static ALLOWED_ELEMENTS: LazyLock<HashSet<&str>> = LazyLock::new(|| ELEMENTS.iter().copied().collect());
static ALLOWED_ATTRIBUTES: LazyLock<HashSet<&str>> = LazyLock::new(|| ATTRIBUTES.iter().copied().collect());

/// Attributes whose value is free text, never read as CSS or a URL.
const TEXT_ATTRIBUTES: &[&str] = &["id", "class", "lang", "aria-label", "role", "systemLanguage"];

/// Properties a `style="..."` attribute may set: the presentation
/// attributes above (which is what CSS may set on SVG) and Inkscape's own
/// `-inkscape-...` notes, which browsers ignore.
fn allowed_property(name: &str) -> bool {
    name.starts_with("-inkscape-")
        || (ALLOWED_ATTRIBUTES.contains(name) && !TEXT_ATTRIBUTES.contains(&name) && !GEOMETRY_ONLY.contains(&name))
}

/// Attributes that are not CSS properties.
const GEOMETRY_ONLY: &[&str] = &["d", "points", "viewBox", "preserveAspectRatio", "transform", "version"];

/// The CSS and SVG functions a value may call: colours, transforms, filter
/// functions, basic shapes and `url(#...)`. Not here, so refused:
/// `image-set()`, `image()`, `cross-fade()`, `element()`, `src()`, `var()`,
/// `env()`, `attr()`, which fetch or pull in other things.
const FUNCTIONS: &[&str] = &[
    "url",
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color",
    "matrix",
    "translate",
    "translatex",
    "translatey",
    "scale",
    "scalex",
    "scaley",
    "rotate",
    "skewx",
    "skewy",
    "calc",
    "min",
    "max",
    "clamp",
    "blur",
    "brightness",
    "contrast",
    "drop-shadow",
    "grayscale",
    "hue-rotate",
    "invert",
    "opacity",
    "saturate",
    "sepia",
    "circle",
    "ellipse",
    "inset",
    "polygon",
    "path",
    "rect",
    "xywh",
    "icc-color",
];

/// Every problem of one SVG file, each at its line and column in the file.
pub fn check(display: &Path, text: &str) -> Vec<Diagnostic> {
    let mut found = Found { display, problems: Vec::new() };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(encoding) = declared_encoding(text).filter(|e| !e.eq_ignore_ascii_case("utf-8")) {
        // A browser would decode the bytes as that encoding, not as the
        // UTF-8 checked here.
        let d = Diagnostic::error(display, Span::new(1, 1, 5), format!("the SVG declares the encoding `{encoding}`"))
            .with_help("save it as UTF-8 and declare `encoding=\"UTF-8\"` or no encoding");
        return vec![d];
    }
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    let doc = match Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            let pos = e.pos();
            let d = Diagnostic::error(display, Span::new(pos.row as usize, pos.col as usize, 1), parse_message(&e));
            return vec![match e {
                roxmltree::Error::DtdDetected => d.with_help(
                    "remove the `<!DOCTYPE ...>` declaration: an SVG needs none, and a DTD can declare entities \
                     that expand to markup",
                ),
                _ => d.with_help("export the image again as plain SVG"),
            }];
        }
    };
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SVG) || root.tag_name().name() != "svg" {
        found.node(
            &doc,
            root,
            format!("the root element is `{}`, not an SVG `<svg>`", written_name(&doc, root)),
            Some("an SVG starts with <svg xmlns=\"http://www.w3.org/2000/svg\">"),
        );
    }
    // Each node's depth, from its parent's: nodes come in document order.
    let mut depth = vec![0usize; doc.descendants().count() + 1];
    for node in doc.root().descendants() {
        if found.problems.len() >= MAX_PROBLEMS {
            break;
        }
        let d = node.parent().map_or(0, |p| depth[p.id().get_usize()] + 1);
        depth[node.id().get_usize()] = d;
        if d > MAX_DEPTH {
            found.node(&doc, node, format!("the SVG nests elements more than {MAX_DEPTH} deep"), None);
            break;
        }
        if node.is_pi() {
            found.node(&doc, node, "a processing instruction (`<?...?>`) is not allowed in an SVG image", None);
        } else if node.is_element() {
            element(&doc, node, &mut found);
        }
    }
    if found.problems.is_empty() {
        match expanded(&doc) {
            Ok(n) if n > MAX_NODES as u64 => found.at(
                Span::file(),
                format!("the SVG repeats itself (by `<use>`, patterns or markers) to more than {MAX_NODES} elements"),
            ),
            Ok(_) => {}
            Err(node) => found.node(
                &doc,
                node,
                "this element repeats (by `href` or `url(#...)`) an element that contains it",
                None,
            ),
        }
    }
    found.problems.truncate(MAX_PROBLEMS);
    found.problems
}

/// How many elements the drawing has once everything an element draws by
/// reference (`<use>`, patterns, markers, clip paths, masks, filters) is
/// drawn in its place, as a browser and typst draw it: ten levels of ten
/// `<use>`s each are ten billion shapes in a few hundred bytes. Counted
/// without recursion, every element after what it consists of; an element
/// that would consist of itself is returned.
fn expanded<'a, 'i>(doc: &'a Document<'i>) -> Result<u64, Node<'a, 'i>> {
    let elements: Vec<Node> = doc.descendants().filter(|n| n.is_element()).collect();
    let mut index = vec![usize::MAX; doc.descendants().count() + 1];
    for (i, n) in elements.iter().enumerate() {
        index[n.id().get_usize()] = i;
    }
    let by_id: std::collections::HashMap<&str, usize> =
        elements.iter().enumerate().filter_map(|(i, n)| Some((n.attribute("id")?, i))).collect();
    // What an element draws besides its children: its `href` target and
    // every paint server, clip path, mask, marker or filter it names by
    // `url(#id)`.
    let targets = |n: &Node| -> Vec<usize> {
        let mut ids: Vec<&str> = Vec::new();
        for attr in n.attributes() {
            let value = attr.value();
            if attr.name() == "href" {
                ids.extend(value.strip_prefix('#'));
            }
            for (at, _) in value.match_indices("url(") {
                let rest = value[at + 4..].trim_start().trim_start_matches(['"', '\'']);
                if let Some(id) = rest.strip_prefix('#') {
                    ids.push(id.split([')', '"', '\'', ' ']).next().unwrap_or(""));
                }
            }
        }
        ids.iter().filter_map(|id| by_id.get(id).copied()).collect()
    };
    // What each element waits for, and who waits for it.
    let mut waiting = vec![0usize; elements.len()];
    let mut waiters: Vec<Vec<usize>> = vec![Vec::new(); elements.len()];
    for (i, n) in elements.iter().enumerate() {
        let parts = n.children().filter(|c| c.is_element()).map(|c| index[c.id().get_usize()]);
        for part in parts.chain(targets(n)) {
            waiting[i] += 1;
            waiters[part].push(i);
        }
    }
    let mut size = vec![1u64; elements.len()];
    let mut ready: Vec<usize> = (0..elements.len()).filter(|&i| waiting[i] == 0).collect();
    let mut done = 0;
    while let Some(i) = ready.pop() {
        done += 1;
        for &w in &waiters[i] {
            size[w] = size[w].saturating_add(size[i]);
            waiting[w] -= 1;
            if waiting[w] == 0 {
                ready.push(w);
            }
        }
    }
    if done < elements.len() {
        // The element of the loop that refers back, not an ancestor waiting on it.
        let stuck = (0..elements.len()).rev().find(|&i| waiting[i] > 0 && !targets(&elements[i]).is_empty());
        return Err(elements[stuck.unwrap_or(0)]);
    }
    Ok(size.first().copied().unwrap_or(0))
}

struct Found<'a> {
    display: &'a Path,
    problems: Vec<Diagnostic>,
}

impl Found<'_> {
    fn at(&mut self, span: Span, message: String) {
        self.problems.push(Diagnostic::error(self.display, span, message));
    }

    fn node(&mut self, doc: &Document, node: Node, message: impl Into<String>, help: Option<&str>) {
        let d = Diagnostic::error(self.display, span(doc, node.range().start, 1), message);
        self.problems.push(match help {
            Some(h) => d.with_help(h),
            None => d,
        });
    }
}

fn span(doc: &Document, offset: usize, len: usize) -> Span {
    let pos = doc.text_pos_at(offset);
    Span::new(pos.row as usize, pos.col as usize, len)
}

fn parse_message(e: &roxmltree::Error) -> String {
    match e {
        roxmltree::Error::DtdDetected => "the SVG has a DTD (`<!DOCTYPE`); an image may declare no entities".into(),
        roxmltree::Error::UnknownEntityReference(name, _) => {
            format!("the SVG refers to the entity `&{name};`, which XML does not know; an image may declare none")
        }
        roxmltree::Error::NodesLimitReached => format!("the SVG has more than {MAX_NODES} nodes"),
        other => {
            // roxmltree's message ends with its own position; ours is in front.
            let text = other.to_string();
            let text = text.rsplit_once(" at ").map_or(text.as_str(), |(m, _)| m);
            format!("the SVG is not well-formed XML: {text}")
        }
    }
}

/// The `encoding` of the XML declaration (`<?xml version="1.0"
/// encoding="..."?>`), which roxmltree checks but does not tell.
fn declared_encoding(text: &str) -> Option<&str> {
    let decl = &text[..text.find("?>")?];
    let decl = decl.strip_prefix("<?xml")?;
    let rest = decl.split_once("encoding")?.1.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    rest[1..].split(quote).next()
}

/// The element's name as written, prefix included (`svg:script`).
fn written_name<'a>(doc: &Document<'a>, node: Node) -> &'a str {
    let start = node.range().start + 1;
    let rest = &doc.input_text()[start..];
    let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
    &rest[..end]
}

fn element(doc: &Document, node: Node, found: &mut Found) {
    let name = node.tag_name();
    let shown = written_name(doc, node);
    if name.namespace() != Some(SVG) {
        let what = match name.namespace() {
            Some("http://www.w3.org/1999/xhtml") => "an HTML element",
            Some("http://www.w3.org/1998/Math/MathML") => "a MathML element",
            Some(_) => "an element of another vocabulary than SVG",
            None => "an element outside the SVG namespace",
        };
        found.node(
            doc,
            node,
            format!("`<{shown}>` is {what}; an SVG image may hold only SVG elements"),
            Some("save the image as plain SVG (Inkscape: Save As › Plain SVG)"),
        );
        return;
    }
    let local = name.name();
    if !ALLOWED_ELEMENTS.contains(local) {
        let why = match local {
            "script" | "handler" | "listener" => "a script; an image may not carry code",
            "foreignObject" => "embedded HTML; an image may not carry code",
            "image" | "feImage" => "an embedded or linked picture; put pictures in afbeeldingen/ as PNG or JPEG",
            "set" | "animate" | "animateMotion" | "animateTransform" | "animateColor" | "discard" | "mpath" => {
                "animation, which can rewrite links; an image in a report stands still"
            }
            "font" | "font-face" | "font-face-uri" | "font-face-src" | "glyph" | "missing-glyph" => {
                "an SVG font; convert text to paths or use a common font"
            }
            "iframe" | "video" | "audio" | "canvas" | "cursor" | "color-profile" => {
                "content from elsewhere; an image may refer only to itself"
            }
            _ => "not an element this tool allows in an SVG image",
        };
        found.node(doc, node, format!("`<{shown}>` is {why}"), None);
    }
    if local == "style" {
        let sheet: String = node.children().filter_map(|c| c.text()).collect();
        let typed = node.attribute("type").is_none_or(|t| t.trim().eq_ignore_ascii_case("text/css"));
        let checked = if typed { style_sheet(&sheet) } else { Err("is not of type `text/css`".into()) };
        let checked = checked.and_then(|()| only_gradients(doc, &sheet));
        if let Err(why) = checked {
            found.node(
                doc,
                node,
                format!("the style sheet {why}"),
                Some("export the SVG with presentation attributes or inline styles (SVGO: inlineStyles)"),
            );
        }
    }
    for attr in node.attributes() {
        if found.problems.len() >= MAX_PROBLEMS {
            return;
        }
        // Positions cost a scan of the text: only taken for a problem.
        let at = || span(doc, attr.range_qname().start, attr.range_qname().len());
        let value_at = || span(doc, attr.range_value().start, attr.value().chars().count().clamp(1, 80));
        let qname = &doc.input_text()[attr.range_qname()];
        match (attr.namespace(), attr.name()) {
            (None, "href") | (Some(XLINK), "href") => {
                if !is_fragment(attr.value()) {
                    found.problems.push(
                        Diagnostic::error(
                            found.display,
                            value_at(),
                            format!(
                                "`{qname}` points at `{}`; an image may link only to `#id`s in itself",
                                shorten(attr.value())
                            ),
                        )
                        .with_help("remove the link, or put what it shows into the image itself"),
                    );
                }
            }
            (None, "style") => {
                if let Err(why) = declarations(attr.value()) {
                    found.at(value_at(), format!("`style` {why}"));
                }
            }
            (None, n) if n.to_ascii_lowercase().starts_with("on") => {
                found.at(at(), format!("`{qname}` is an event handler; an image may not carry code"));
            }
            (None, n) if ALLOWED_ATTRIBUTES.contains(n) => {
                if !TEXT_ATTRIBUTES.contains(&n)
                    && let Err(why) = css_value(attr.value())
                {
                    found.at(value_at(), format!("`{qname}` {why}"));
                }
            }
            (Some(XML), "space" | "lang") => {}
            _ => found.at(at(), format!("the attribute `{qname}` is not allowed in an SVG image")),
        }
    }
}

/// `#id`, nothing before it and no white space or control character in it
/// (browsers strip those from URLs, so ` #x` could hide a scheme).
fn is_fragment(value: &str) -> bool {
    value.strip_prefix('#').is_some_and(|id| !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// A `style="..."` attribute: `property: value` declarations, each
/// property a presentation property and each value a safe value. No
/// braces, at-rules, comments or CSS escapes, so browsers and typst cannot
/// read it differently from this check.
fn declarations(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|c| matches!(c, '{' | '}' | '@' | '<' | '>' | '\\')) {
        return Err(format!("may not contain `{c}`"));
    }
    if text.contains("/*") {
        return Err("may not contain comments".into());
    }
    for decl in text.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let Some((name, value)) = decl.split_once(':') else {
            return Err(format!("holds `{}`, which is no `property: value`", shorten(decl)));
        };
        let name = name.trim().to_ascii_lowercase();
        if !allowed_property(&name) {
            return Err(format!("sets `{name}`, which is not a presentation property of SVG"));
        }
        css_value(value)
            .map_err(|why| format!("sets `{name}` to a value that {}", why.trim_start_matches("value ")))?;
    }
    Ok(())
}

/// A `<style>` element's text: `selectors { declarations }` rules, the
/// selectors plain (names, classes, ids, `*`, combinators, pseudo-classes),
/// the declarations as [`declarations`] wants them. Braces only between
/// rules, never inside a string or parentheses, so the rules split here
/// exactly where CSS splits them.
fn style_sheet(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|c| matches!(c, '@' | '<' | '\\')) {
        return Err(format!("may not contain `{c}`"));
    }
    if text.contains("/*") || text.contains("<!--") {
        return Err("may not contain comments".into());
    }
    let (mut quote, mut parens, mut rule_start, mut open) = (None, 0usize, 0usize, None);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), '{' | '}' | ';') => return Err(format!("has `{c}` inside a string")),
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => parens += 1,
            (None, ')') => parens = parens.saturating_sub(1),
            (None, '{' | '}') if parens > 0 => return Err(format!("has `{c}` inside parentheses")),
            (None, '{') if open.is_none() => open = Some(i),
            (None, '{') => return Err("nests rules".into()),
            (None, '}') => {
                let Some(at) = open.take() else { return Err("closes a rule it never opened".into()) };
                selectors(&text[rule_start..at])?;
                declarations(&text[at + 1..i]).map_err(|why| format!("has a rule whose declarations {why}"))?;
                rule_start = i + 1;
            }
            _ => {}
        }
    }
    if quote.is_some() || open.is_some() || !text[rule_start..].trim().is_empty() {
        return Err("does not end where its last rule ends".into());
    }
    Ok(())
}

/// A rule of a style sheet may apply to every element, so a `url(#id)` in
/// it may name only a gradient, whose content (`<stop>`s) draws nothing:
/// a pattern or marker named there could repeat without bound, uncounted
/// by [`expanded`].
fn only_gradients(doc: &Document, sheet: &str) -> Result<(), String> {
    let urls: Vec<usize> = sheet.to_ascii_lowercase().match_indices("url(").map(|(at, _)| at).collect();
    if urls.is_empty() {
        return Ok(());
    }
    let gradients: HashSet<&str> = doc
        .descendants()
        .filter(|n| {
            n.tag_name().namespace() == Some(SVG) && matches!(n.tag_name().name(), "linearGradient" | "radialGradient")
        })
        .filter_map(|n| n.attribute("id"))
        .collect();
    for at in urls {
        let rest = sheet[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        let id = rest.strip_prefix('#').unwrap_or(rest).split([')', '"', '\'', ' ']).next().unwrap_or("");
        if !gradients.contains(id) {
            return Err(format!(
                "refers to `#{id}`, which is no gradient; in a style sheet `url()` may name only a gradient"
            ));
        }
    }
    Ok(())
}

fn selectors(text: &str) -> Result<(), String> {
    let plain =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '*' | ',' | '>' | '+' | '~' | ':');
    match text.chars().find(|&c| !plain(c) && !c.is_whitespace()) {
        Some(c) => Err(format!("has a selector with `{c}`; only names, classes, ids and combinators are allowed")),
        None if text.trim().is_empty() => Err("has a rule without a selector".into()),
        None => Ok(()),
    }
}

/// A presentation value: only the functions above, `url()` only to a
/// `#fragment`, and no CSS escape that could spell another function.
fn css_value(value: &str) -> Result<(), String> {
    if value.contains('\\') {
        return Err("holds a backslash (a CSS escape)".into());
    }
    let lower = value.to_ascii_lowercase();
    for (open, _) in lower.match_indices('(') {
        // The function's name: the run of name characters before `(`
        // (the character before it may be any width).
        let name_start = lower[..open]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let function = &lower[name_start..open];
        if function.is_empty() {
            continue;
        }
        if !FUNCTIONS.contains(&function) {
            return Err(format!("calls `{function}()`, which is not allowed in an SVG image"));
        }
        if function == "url" {
            let target = lower[open + 1..].trim_start().trim_start_matches(['"', '\'']);
            if !target.starts_with('#') {
                let end = target.find([')', '"', '\'']).unwrap_or(target.len());
                return Err(format!(
                    "refers to `{}`; an image may refer only to `#id`s in itself",
                    shorten(&value[value.len() - target.len()..][..end])
                ));
            }
        }
    }
    Ok(())
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 60 { format!("{}…", s.chars().take(60).collect::<String>()) } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(svg: &str) -> Vec<String> {
        check(Path::new("a.svg"), svg).iter().map(|d| d.headline()).collect()
    }

    /// Found by the fuzzer: a function name after a character of more than
    /// one byte (here a byte-order mark) was cut inside that character.
    #[test]
    fn a_function_after_a_wide_character_is_read_whole() {
        let err = css_value("6\u{feff}6(x)").unwrap_err();
        assert!(err.contains("`6()`"), "{err}");
        let err = css_value("\u{feff}image(x)").unwrap_err();
        assert!(err.contains("`image()`"), "{err}");
        let err = css_value("é\u{feff}6(x)").unwrap_err();
        assert!(err.contains("`6()`"), "{err}");
    }

    #[test]
    fn the_sample_images_pass() {
        for svg in [
            include_str!("../../content/afbeeldingen/tijdlijn-certificering.svg"),
            include_str!("../../tests/fixtures/valid/afbeeldingen/tijdlijn.svg"),
        ] {
            assert_eq!(problems(svg), Vec::<String>::new());
        }
    }

    #[test]
    fn deep_nesting_is_refused_at_the_first_element_too_deep() {
        let deep = format!(
            "<svg {}>{}{}</svg>",
            "xmlns=\"http://www.w3.org/2000/svg\"",
            "<g>".repeat(100_000),
            "</g>".repeat(100_000)
        );
        let found = problems(&deep);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("more than 256 deep"), "{found:?}");
        let fine = format!(
            "<svg {}>{}{}</svg>",
            "xmlns=\"http://www.w3.org/2000/svg\"",
            "<g>".repeat(200),
            "</g>".repeat(200)
        );
        assert_eq!(problems(&fine), Vec::<String>::new());
    }

    #[test]
    fn use_bombs_and_use_loops_are_refused_and_repeated_markers_are_fine() {
        let ns = "xmlns=\"http://www.w3.org/2000/svg\"";
        let mut bomb = format!("<svg {ns}><defs><rect id=\"a0\" width=\"1\" height=\"1\"/>");
        for level in 1..=7 {
            bomb.push_str(&format!("<g id=\"a{level}\">"));
            for _ in 0..10 {
                bomb.push_str(&format!("<use href=\"#a{}\"/>", level - 1));
            }
            bomb.push_str("</g>");
        }
        bomb.push_str("</defs><use href=\"#a7\"/></svg>");
        let found = problems(&bomb);
        assert!(
            found.len() == 1 && found[0].contains("repeats itself (by `<use>`, patterns or markers) to more than"),
            "{found:?}"
        );
        let selfish = format!("<svg {ns}><g id=\"g\"><use href=\"#g\"/></g></svg>");
        assert_eq!(
            problems(&selfish),
            ["a.svg:1:51: error: this element repeats (by `href` or `url(#...)`) an element that contains it"]
        );
        let ring = format!("<svg {ns}><use id=\"a\" href=\"#b\"/><use id=\"b\" href=\"#a\"/></svg>");
        assert!(problems(&ring)[0].contains("an element that contains it"));
        // A pattern whose tile is filled with itself, and patterns nested ten deep.
        let pattern = format!("<svg {ns}><pattern id=\"p\"><rect fill=\"url(#p)\"/></pattern></svg>");
        assert!(problems(&pattern)[0].contains("1:57: error: this element repeats"), "{:?}", problems(&pattern));
        let mut nested = format!("<svg {ns}><defs><pattern id=\"p0\"><rect/></pattern>");
        for level in 1..=7 {
            nested.push_str(&format!("<pattern id=\"p{level}\">"));
            for _ in 0..10 {
                nested.push_str(&format!("<rect style=\"fill: url('#p{}')\"/>", level - 1));
            }
            nested.push_str("</pattern>");
        }
        nested.push_str("</defs><rect fill=\"url(#p7)\"/></svg>");
        assert!(problems(&nested)[0].contains("repeats itself"), "{:?}", problems(&nested));
        let markers: String = (0..5000).map(|i| format!("<use href=\"#m\" x=\"{i}\"/>")).collect();
        let scatter = format!("<svg {ns}><defs><circle id=\"m\" r=\"1\"/></defs>{markers}</svg>");
        assert_eq!(problems(&scatter), Vec::<String>::new());
    }

    #[test]
    fn style_sheets_as_drawing_programs_write_them_pass_and_others_do_not() {
        let sheet = |css: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><style type=\"text/css\">{css}</style>\
                 <linearGradient id=\"SVGID_1_\"><stop offset=\"0\"/></linearGradient>\
                 <pattern id=\"p\"><rect class=\"st0\"/></pattern><rect class=\"st0\"/></svg>"
            )
        };
        for ok in [
            ".st0{fill:#154273;}.st1{fill:none;stroke:#000000;stroke-width:2;stroke-miterlimit:10;}",
            "*{stroke-linejoin: round; stroke-linecap: butt}",
            "\n  text { font-family: 'DejaVu Sans', sans-serif; font-size: 12px }\n  g > .a, #b:first-child { fill: url(#SVGID_1_) }\n",
            "<![CDATA[ .st0{fill:#FFFFFF;} ]]>",
            ".st0{fill:url(#SVGID_1_);}",
            "",
        ] {
            assert_eq!(problems(&sheet(ok)), Vec::<String>::new(), "{ok}");
        }
        for (bad, why) in [
            ("@import url(https://kwaad.example/x.css);", "`@`"),
            ("@font-face{font-family:x;src:url(https://kwaad.example/f.woff)}", "`@`"),
            ("rect{fill:url(https://kwaad.example/p#p)}", "refers to"),
            ("rect{background-image:url(#a)}", "not a presentation property"),
            ("rect{fill:u\\72 l(https://x)}", "`\\`"),
            ("rect{fill:red}/* x */", "comments"),
            ("rect{font-family:'a}b{fill:url(https://x)'}", "inside a string"),
            ("rect{fill:url(#a}rect{b)}", "inside parentheses"),
            ("a[href^=javascript]{fill:red}", "selector with `[`"),
            ("rect{fill:red", "does not end"),
            ("rect{fill:red}}", "never opened"),
            ("rect{g{fill:red}}", "nests rules"),
            ("rect{mask:image-set('https://x' 1x)}", "image-set"),
            (".st0{fill:url(#p)}", "which is no gradient"),
        ] {
            let found = problems(&sheet(bad));
            assert!(found.iter().any(|f| f.contains(why)), "{bad}: expected {why:?} in {found:?}");
        }
        let typed = "<svg xmlns=\"http://www.w3.org/2000/svg\"><style type=\"text/less\">a{fill:red}</style></svg>";
        assert!(problems(typed)[0].contains("not of type `text/css`"));
    }

    #[test]
    fn only_utf8_may_be_declared() {
        let svg = |decl: &str| format!("{decl}<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        for ok in [
            "",
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<?xml version='1.0' encoding='utf-8'?>",
        ] {
            assert_eq!(problems(&svg(ok)), Vec::<String>::new(), "{ok}");
        }
        for bad in ["<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<?xml version=\"1.0\" encoding = 'ISO-2022-JP'?>"] {
            let found = problems(&svg(bad));
            assert!(found.len() == 1 && found[0].contains("declares the encoding"), "{bad}: {found:?}");
        }
    }

    #[test]
    fn positions_are_those_in_the_file() {
        let found = problems("<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect onclick=\"x()\"/>\n</svg>");
        assert_eq!(found, ["a.svg:2:9: error: `onclick` is an event handler; an image may not carry code"]);
    }
}
