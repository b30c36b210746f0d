//! Inputs that must be refused by mechanism, not by example (issue 16):
//! SVGs that could carry code or refer outside themselves in any spelling,
//! raster images that are damaged or too large, control characters in the
//! text, and files or element ids that would be lost or clash. Each class
//! is a corpus run through the real binary on real files; every refusal
//! must name the file (and line and column where there is one).

mod common;
use common::{Case, pdftotext};

const SVG_NS: &str = "xmlns=\"http://www.w3.org/2000/svg\"";
const XLINK: &str = "xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

/// A content directory whose contribution shows every file in `images`
/// (named `afbeeldingen/<name>`), one per paragraph.
fn with_images(images: &[(String, Vec<u8>)]) -> Case {
    let case = Case::new("valid");
    let mut body = String::from("---\nstatus: in-uitvoering\n---\nPlaatjes.\n\n");
    for (name, bytes) in images {
        case.write(&format!("afbeeldingen/{name}"), bytes);
        body.push_str(&format!("![{name}](../../afbeeldingen/{name})\n\n"));
    }
    case.write("bijdragen/SZW/2.1.A.md", body);
    case
}

fn svg(body: &str) -> String {
    format!("<svg {SVG_NS} {XLINK} width=\"10\" height=\"10\">{body}</svg>")
}

/// SVGs that could run code or load something in a browser, each spelt
/// another way, with a word of the message it must get.
fn hostile_svgs() -> Vec<(&'static str, String)> {
    let b64 = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=";
    vec![
        ("a script", svg("<script>alert(1)</script>")),
        ("a script", svg("<script><![CDATA[alert(1)]]></script>")),
        // A prefixed SVG namespace: still SVG's script.
        ("a script", "<s:svg xmlns:s=\"http://www.w3.org/2000/svg\"><s:script>alert(1)</s:script></s:svg>".to_string()),
        // A default namespace that makes `<script>` an HTML script.
        ("an HTML element", svg("<g xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></g>")),
        ("an HTML element", svg("<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script>")),
        (
            "an HTML element",
            svg(
                "<metadata><h:iframe xmlns:h=\"http://www.w3.org/1999/xhtml\" src=\"https://kwaad.example/\"/></metadata>",
            ),
        ),
        (
            "embedded HTML",
            svg(
                "<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"x\" onerror=\"alert(1)\"/></body></foreignObject>",
            ),
        ),
        (
            "a MathML element",
            svg("<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><maction actiontype=\"statusline\"/></math>"),
        ),
        // Entities from a DTD that expand to markup, external ones, and
        // ones that were never declared.
        ("DTD", format!("<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;alert(1)&#60;/script&#62;\">]>{}", svg("&x;"))),
        ("DTD", format!("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{}", svg("<text>&x;</text>"))),
        (
            "DTD",
            format!(
                "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">{}",
                svg("<script>alert(1)</script>")
            ),
        ),
        ("entity `&x;`", svg("<text>&x;</text>")),
        // Links that run code, in every spelling a browser still follows.
        ("link only to `#id`s", svg("<a href=\"javascript:alert(1)\"><rect width=\"5\" height=\"5\"/></a>")),
        ("link only to `#id`s", svg("<a xlink:href=\"&#106;avascript:alert(1)\"><rect width=\"5\" height=\"5\"/></a>")),
        ("link only to `#id`s", svg("<a href=\"&#x6A;&#x61;&#x76;&#x61;script:alert(1)\"><rect/></a>")),
        ("link only to `#id`s", svg("<a href=\"java&#x09;script:alert(1)\"><rect/></a>")),
        ("link only to `#id`s", svg("<a href=\"java&#10;script:alert(1)\"><rect/></a>")),
        ("link only to `#id`s", svg("<a href=\" javascript:alert(1)\"><rect/></a>")),
        ("link only to `#id`s", svg("<a href=\"JaVaScRiPt:alert(1)\"><rect/></a>")),
        ("link only to `#id`s", svg("<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\"><rect/></a>")),
        ("link only to `#id`s", svg("<a href=\"# javascript:alert(1)\"><rect/></a>")),
        // References outside the file.
        ("link only to `#id`s", svg("<a href=\"https://kwaad.example/\"><rect/></a>")),
        ("link only to `#id`s", svg("<use href=\"https://kwaad.example/x.svg#a\"/>")),
        ("link only to `#id`s", svg("<use xlink:href=\"ander.svg#a\"/>")),
        ("link only to `#id`s", svg("<linearGradient id=\"g\" href=\"//kwaad.example/g.svg#g\"/>")),
        ("picture", svg("<image href=\"foto.png\" width=\"5\" height=\"5\"/>")),
        ("picture", svg(&format!("<image href=\"data:image/svg+xml;base64,{b64}\"/>"))),
        ("picture", svg("<filter id=\"f\"><feImage href=\"https://kwaad.example/x.png\"/></filter>")),
        ("refer only to `#id`s", svg("<rect fill=\"url(https://kwaad.example/p.svg#p)\"/>")),
        ("refer only to `#id`s", svg("<rect fill=\"URL( 'ander.svg#p' )\"/>")),
        ("refer only to `#id`s", svg("<rect filter=\"url(/**/https://kwaad.example/f)\"/>")),
        ("refer only to `#id`s", svg("<rect style=\"fill: url(http://kwaad.example/p#p)\"/>")),
        ("not allowed in an SVG image", svg("<rect cursor=\"url(https://kwaad.example/c.cur), auto\"/>")),
        ("calls `image-set()`", svg("<rect mask=\"image-set('https://kwaad.example/m.png' 1x)\"/>")),
        ("calls `image-set()`", svg("<rect style=\"mask: image-set('https://kwaad.example/m.png' 1x)\"/>")),
        ("may not contain `\\`", svg("<rect style=\"fill: u\\72 l(https://kwaad.example/p)\"/>")),
        ("a backslash", svg("<rect fill=\"\\75 rl(https://kwaad.example/p)\"/>")),
        ("may not contain `@`", svg("<rect style=\"@import 'https://kwaad.example/x.css'\"/>")),
        ("which is not a presentation property", svg("<rect style=\"background-image: url(#x)\"/>")),
        ("which is not a presentation property", svg("<rect style=\"fill: red; behavior: url(#x)\"/>")),
        ("style sheet may not contain `@`", svg("<style>@import url(https://kwaad.example/x.css);</style>")),
        (
            "style sheet may not contain `@`",
            svg("<style>@font-face { font-family: x; src: url(https://kwaad.example/f.woff) }</style>"),
        ),
        ("refers to `https://kwaad.example/p#p`", svg("<style>rect { fill: url(https://kwaad.example/p#p) }</style>")),
        ("inside a string", svg("<style>text { font-family: 'x}rect{fill:url(https://kwaad.example/p)' }</style>")),
        ("selector with `[`", svg("<style>a[href] { fill: red }</style>")),
        ("not of type `text/css`", svg("<style type=\"text/xsl\">rect { fill: red }</style>")),
        ("processing instruction", format!("<?xml-stylesheet href=\"https://kwaad.example/x.css\"?>{}", svg(""))),
        // Event handlers and everything that can change what a link does.
        ("event handler", format!("<svg {SVG_NS} onload=\"alert(1)\"/>")),
        ("event handler", svg("<rect ONCLICK=\"alert(1)\"/>")),
        ("event handler", svg("<g><circle r=\"3\" onmouseover=\"alert(1)\"/></g>")),
        ("animation", svg("<a href=\"#x\"><set attributeName=\"href\" to=\"javascript:alert(1)\"/><rect/></a>")),
        (
            "animation",
            svg("<a href=\"#x\"><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><rect/></a>"),
        ),
        ("a script", svg("<handler type=\"application/ecmascript\">alert(1)</handler>")),
        ("is not allowed in an SVG image", svg("<g xml:base=\"javascript:alert(1)//\"><a href=\"#x\"><rect/></a></g>")),
        ("is not allowed in an SVG image", svg("<a href=\"#x\" target=\"_top\"><rect/></a>")),
        (
            "is not allowed in an SVG image",
            svg("<rect h:onclick=\"alert(1)\" xmlns:h=\"http://www.w3.org/1999/xhtml\"/>"),
        ),
        ("iframe", svg("<iframe src=\"https://kwaad.example/\"/>")),
        // Not SVG at all, or not XML.
        ("not an SVG `<svg>`", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>".into()),
        ("outside the SVG namespace", "<svg><script>alert(1)</script></svg>".into()),
        ("not well-formed XML", svg("<rect width=\"10\"")),
        ("not well-formed XML", format!("{}<script>alert(1)</script>", svg(""))),
        ("more than 256 deep", format!("<svg {SVG_NS}>{}{}</svg>", "<g>".repeat(20_000), "</g>".repeat(20_000))),
    ]
}

#[test]
fn an_svg_that_could_run_code_or_load_anything_is_refused_at_its_line() {
    let corpus = hostile_svgs();
    let images: Vec<(String, Vec<u8>)> =
        corpus.iter().enumerate().map(|(i, (_, text))| (format!("h{i:02}.svg"), text.clone().into_bytes())).collect();
    let case = with_images(&images);
    let out = case.check();
    out.no_panic().code(1);
    for (i, (what, text)) in corpus.iter().enumerate() {
        let prefix = format!("content/afbeeldingen/h{i:02}.svg:");
        let lines: Vec<&str> =
            out.stderr.lines().filter(|l| l.starts_with(&prefix) && l.contains(": error: ")).collect();
        assert!(!lines.is_empty(), "h{i:02}.svg is not refused: {text}\n{}", out.stderr);
        assert!(lines.iter().any(|l| l.contains(what)), "h{i:02}.svg: expected {what:?} in {lines:#?}\n{text}");
    }
    // Positions are those in the SVG file, and the excerpt quotes it.
    case.write(
        "afbeeldingen/h00.svg",
        format!("<svg {SVG_NS}>\n  <g>\n    <rect onclick=\"alert(1)\" width=\"1\"/>\n  </g>\n</svg>\n"),
    );
    case.write("afbeeldingen/h01.svg", format!("<svg {SVG_NS}>\n<a href=\"&#106;avascript:x\">a</a></svg>"));
    let out = case.check();
    out.code(1)
        .has("content/afbeeldingen/h00.svg:3:11: error: `onclick` is an event handler")
        .has("content/afbeeldingen/h01.svg:2:10: error: `href` points at `javascript:x`")
        .mentions("3 |     <rect onclick=\"alert(1)\" width=\"1\"/>");
    assert!(!case.root().join("output").exists(), "nothing is written");
}

/// What drawing programs and chart libraries write and the allowlist must
/// keep: gradients and patterns linked by fragment, clipping, masks,
/// markers, filters, text on a path, inline styles, comments, CDATA, an
/// XML declaration, and code-like text that is only text. Each one builds
/// into the site and through typst into the PDF.
fn harmless_svgs() -> Vec<String> {
    vec![
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<!-- made by hand; <script>alert(1)</script> -->\n{}",
            svg(
                "<title>Grafiek &amp; tabel</title><desc>javascript:alert(1) is hier alleen tekst</desc><rect x=\"1\" y=\"1\" width=\"8\" height=\"8\" fill=\"#154273\" stroke=\"rgb(0, 0, 0)\" stroke-width=\"0.5\"/>"
            )
        ),
        svg(
            "<defs><linearGradient id=\"g1\"><stop offset=\"0\" stop-color=\"#fff\"/><stop offset=\"1\" stop-color=\"#154273\"/></linearGradient>\
             <linearGradient id=\"g2\" xlink:href=\"#g1\" gradientTransform=\"rotate(90)\"/>\
             <radialGradient id=\"g3\" href=\"#g1\" cx=\"50%\" cy=\"50%\" r=\"50%\"/></defs>\
             <rect width=\"10\" height=\"5\" fill=\"url(#g2)\"/><circle cx=\"5\" cy=\"7\" r=\"3\" fill=\"url( '#g3' )\"/>",
        ),
        svg("<defs><clipPath id=\"c\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></clipPath>\
             <mask id=\"m\"><rect width=\"10\" height=\"10\" fill=\"white\"/></mask>\
             <marker id=\"p\" markerWidth=\"4\" markerHeight=\"4\" refX=\"2\" refY=\"2\" orient=\"auto\"><path d=\"M0,0 L4,2 L0,4 z\"/></marker>\
             <filter id=\"f\"><feGaussianBlur in=\"SourceGraphic\" stdDeviation=\"0.5\" result=\"b\"/><feOffset dx=\"1\" dy=\"1\"/><feMerge><feMergeNode in=\"b\"/></feMerge></filter>\
             <pattern id=\"pt\" width=\"2\" height=\"2\" patternUnits=\"userSpaceOnUse\"><rect width=\"1\" height=\"1\"/></pattern></defs>\
             <g clip-path=\"url(#c)\" mask=\"url(#m)\" filter=\"url(#f)\"><rect width=\"10\" height=\"10\" fill=\"url(#pt)\"/></g>\
             <polyline points=\"1,9 5,5 9,9\" fill=\"none\" stroke=\"black\" marker-end=\"url(#p)\"/>"),
        svg(
            "<g id=\"a\" transform=\"translate(1 1) scale(0.5)\"><ellipse cx=\"4\" cy=\"4\" rx=\"3\" ry=\"2\"/></g><use href=\"#a\" x=\"5\"/>\
             <a href=\"#a\"><line x1=\"0\" y1=\"0\" x2=\"10\" y2=\"10\" stroke=\"red\" stroke-dasharray=\"1 1\"/></a>\
             <path id=\"curve\" d=\"M1 9 Q5 1 9 9\" fill=\"none\"/>\
             <text font-family=\"DejaVu Sans, sans-serif\" font-size=\"2\" xml:space=\"preserve\"><textPath href=\"#curve\">langs de lijn</textPath></text>",
        ),
        // Style sheets as Illustrator and matplotlib write them.
        svg(
            "<style type=\"text/css\">.st0{fill:#154273;}.st1{fill:none;stroke:#000000;stroke-width:0.5;stroke-miterlimit:10;}</style>\
             <style type=\"text/css\"><![CDATA[\n*{stroke-linejoin: round; stroke-linecap: butt}\n]]></style>\
             <rect class=\"st0\" width=\"5\" height=\"5\"/><line class=\"st1\" x1=\"0\" y1=\"9\" x2=\"9\" y2=\"9\"/>",
        ),
        // What Inkscape and chart libraries put into `style`.
        svg(
            "<text x=\"1\" y=\"5\" style=\"font-size:2px;font-family:'DejaVu Sans';fill:#000000;fill-opacity:1;stroke:none;-inkscape-font-specification:'DejaVu Sans'\"><tspan dx=\"0.5\" style=\"font-weight:bold\"><![CDATA[<script>alert(1)</script> is tekst]]></tspan></text>\
             <rect width=\"2\" height=\"2\" style=\"opacity:0.5;stroke-linejoin:round;stroke-linecap:butt;fill:url(#none)\"/>",
        ),
    ]
}

#[test]
fn svgs_as_drawing_programs_write_them_pass_and_build_into_site_and_pdf() {
    let corpus = harmless_svgs();
    let images: Vec<(String, Vec<u8>)> =
        corpus.iter().enumerate().map(|(i, text)| (format!("ok{i}.svg"), text.clone().into_bytes())).collect();
    let case = with_images(&images);
    let out = case.run(&["build", "content", "--out", "out", "--format", "html,pdf"]);
    out.no_panic();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("ok"), "an allowed SVG got a message:\n{}", out.stderr);
    for i in 0..corpus.len() {
        assert!(case.root().join(format!("out/site/afbeeldingen/ok{i}.svg")).is_file(), "ok{i}.svg is not in the site");
    }
    assert!(pdftotext(&case.root().join("out/jaarrapportage-proef-2030.pdf")).contains("Plaatjes."));
}

// ------------------------------------------------------------ raster images

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 3) as u8, (y * 11) as u8, 40]));
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
}

fn gif(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let img = image::RgbaImage::from_fn(width, height, |x, _| image::Rgba([(x * 9) as u8, 10, 200, 255]));
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Gif).unwrap();
    out
}

/// A PNG's chunk, with its CRC.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(&body);
    let mut crc = 0xFFFF_FFFFu32;
    for &b in &body {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    out.extend_from_slice(&(!crc).to_be_bytes());
    out
}

/// A PNG header that claims `width` × `height` pixels, followed by a
/// little pixel data: a few hundred bytes that would ask typst for
/// gigabytes.
fn huge_png(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]));
    out.extend(chunk(b"IEND", &[]));
    out
}

#[test]
fn damaged_or_oversized_raster_images_are_refused_naming_the_file() {
    let good_png = png(64, 48);
    let good_jpeg = jpeg(64, 48);
    let signature_then_garbage = |sig: &[u8]| {
        let mut v = sig.to_vec();
        v.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        v
    };
    let cut = |v: &[u8], keep: usize| v[..keep].to_vec();
    let flip = |v: &[u8], at: usize| {
        let mut v = v.to_vec();
        let at = v.len() - at;
        v[at] ^= 0x5A;
        v
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("png", signature_then_garbage(b"\x89PNG\r\n\x1a\n"), "damaged"),
        ("png", cut(&good_png, good_png.len() / 2), "damaged"),
        ("png", flip(&good_png, 40), "damaged"),
        ("png", cut(&good_png, 20), "damaged"),
        ("png", huge_png(30_000, 30_000), "30000 × 30000 pixels (900.0 megapixels); at most 25 megapixels"),
        ("png", huge_png(1, 30_000_000), "at most 25 megapixels"),
        ("png", huge_png(5_001, 5_000), "25.0 megapixels"),
        ("jpg", signature_then_garbage(&[0xFF, 0xD8, 0xFF]), "damaged"),
        ("jpeg", signature_then_garbage(&[0xFF, 0xD8, 0xFF, 0xE0]), "damaged"),
        ("jpg", cut(&good_jpeg, 200), "damaged"),
        // Garbage read as a header claims a huge screen: refused before decoding.
        ("gif", signature_then_garbage(b"GIF89a"), "megapixels"),
        ("gif", cut(&gif(30, 30), 40), "damaged"),
        ("png", good_jpeg.clone(), "not a valid PNG file: it is a JPEG file"),
        ("jpg", good_png.clone(), "not a valid JPEG file: it is a PNG file"),
        ("png", b"dit is geen png".to_vec(), "not a valid PNG file"),
        ("webp", b"RIFF\0\0\0\0WEBPVP8 ".to_vec(), "not PNG, JPEG, GIF or SVG"),
    ];
    let images: Vec<(String, Vec<u8>)> =
        cases.iter().enumerate().map(|(i, (ext, bytes, _))| (format!("r{i:02}.{ext}"), bytes.clone())).collect();
    let case = with_images(&images);
    let out = case.check();
    out.no_panic().code(1);
    for (i, (ext, _, what)) in cases.iter().enumerate() {
        out.has(&format!("content/afbeeldingen/r{i:02}.{ext}:1:1: error: "));
        let line = out.stderr.lines().find(|l| l.starts_with(&format!("content/afbeeldingen/r{i:02}.{ext}:"))).unwrap();
        assert!(line.contains(what), "r{i:02}.{ext}: expected {what:?} in {line}");
    }
}

#[test]
fn good_raster_images_up_to_the_limit_pass_and_reach_the_pdf() {
    let case = with_images(&[
        ("foto.jpg".into(), jpeg(300, 200)),
        ("grafiek.png".into(), png(200, 100)),
        ("logo.gif".into(), gif(40, 40)),
        // A long thin strip: only the pixels are counted.
        ("breed.png".into(), png(3_000, 2)),
    ]);
    let out = case.run(&["build", "content", "--out", "out", "--format", "html,pdf"]);
    out.no_panic();
    assert_eq!(out.code, 0, "{}", out.stderr);
    for name in ["foto.jpg", "grafiek.png", "logo.gif", "breed.png"] {
        assert!(case.root().join("out/site/afbeeldingen").join(name).is_file(), "{name} is not in the site");
    }
}

/// One image used twice gets its problem once.
#[test]
fn an_image_used_twice_is_checked_once() {
    let case = with_images(&[("kapot.png".into(), b"\x89PNG\r\n\x1a\nkapot".to_vec())]);
    case.write("paginas/conclusie.md", "# Conclusie\n\n![weer](../afbeeldingen/kapot.png)\n");
    let out = case.check();
    out.code(1);
    assert_eq!(out.stderr.matches("content/afbeeldingen/kapot.png:1:1: error:").count(), 1, "{}", out.stderr);
}

// ------------------------------------------------------- control characters

/// No byte of the output is a control character other than tab and line
/// ends, and none is a bidi override.
fn assert_clean(text: &str, what: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{what} carries {bad:?}");
}

#[test]
fn control_characters_are_errors_at_their_place_and_printed_escaped() {
    let case = Case::new("valid");
    // In a body, literally and as character references.
    case.write(
        "bijdragen/SZW/2.1.A.md",
        "---\nstatus: in-uitvoering\n---\nWis\u{1b}[2J het scherm.\n\nBel\u{7} en C1\u{9b}31m en \u{85}.\n\n\
         Omgekeerd: abc\u{202e}fed en \u{2066}x\u{2069}.\n\nEntiteit &#27;[2J en &#x202E; en [link](https://x.example/&#7;).\n\n\
         Einde.\n",
    );
    // In YAML fields, as YAML escapes (a literal ESC is refused by the YAML parser itself).
    case.write(
        "bijdragen/JenV/2.1.A.md",
        "---\nsamenvatting: \"Escape \\e[31mrood\"\nbronnen:\n  - \"Bel \\a\"\n  - \"NUL \\0 en \\x9b\"\n---\nTekst.\n",
    );
    case.edit("rapport.yaml", "titel: Jaarrapportage Proef 2030", "titel: \"Jaarrapportage \\u202EProef 2030\"");
    case.edit(
        "aanbevelingen.yaml",
        "titel: Verplichte certificering van uitzendbureaus",
        "titel: \"Verplichte\\x1b]8;;https://kwaad.example\\x07certificering\"",
    );
    // In a key figure's title: the site's pages mark their parts with U+0001.
    case.write(
        "kerncijfers.yaml",
        "- sleutel: wachttijd\n  titel: \"Wachttijd \\x01part 1\\x01\"\n  eenheid: weken\n  hoofdstuk: werk\n  \
         waarden:\n    - { jaar: 2029, waarde: 3 }\n",
    );
    // In a file name, which a diagnostic prints.
    case.write("bijdragen/SZW/\u{1b}[2J.md", "Tekst.\n");
    let out = case.check();
    out.no_panic().code(1);
    let a = "content/bijdragen/SZW/2.1.A.md";
    out.has(&format!("{a}:4:4: error: the text holds the control character U+001B"))
        .has(&format!("{a}:6:4: error: the text holds the control character U+0007"))
        .has(&format!("{a}:6:11: error: the text holds the control character U+009B"))
        .has(&format!("{a}:6:19: error: the text holds the control character U+0085"))
        .has(&format!("{a}:8:15: error: the text holds the control character U+202E"))
        .has(&format!("{a}:8:23: error: the text holds the control character U+2066"))
        .has(&format!("{a}:8:25: error: the text holds the control character U+2069"))
        .has(&format!(
            "{a}:10:10: error: the text holds the control character U+001B, written as a character reference"
        ))
        .has(&format!(
            "{a}:10:22: error: the text holds the control character U+202E, written as a character reference"
        ))
        .has(&format!(
            "{a}:10:34: error: the text holds the control character U+0007, written as a character reference"
        ))
        .has("content/bijdragen/JenV/2.1.A.md:2:15: error: `samenvatting` holds the control character U+001B")
        .has("content/bijdragen/JenV/2.1.A.md:4:5: error: `bronnen[0]` holds the control character U+0007")
        .has("content/bijdragen/JenV/2.1.A.md:5:5: error: `bronnen[1]` holds the control character U+0000")
        .has("content/rapport.yaml:1:8: error: `titel` holds the control character U+202E")
        .has("content/aanbevelingen.yaml:2:10: error: `[0].titel` holds the control character U+001B")
        .has("content/kerncijfers.yaml:2:10: error: `[0].titel` holds the control character U+0001")
        .has(
            "content/bijdragen/SZW/\\u{1b}[2J.md:1:1: error: file name `\\u{1b}[2J` is not a recommendation identifier",
        );
    // Nothing raw reaches the terminal: escapes, excerpts and paths are shown escaped.
    assert_clean(&out.stderr, "check's output");
    assert!(out.stderr.contains("4 | Wis\\u{1b}[2J het scherm."), "{}", out.stderr);
    assert!(!case.root().join("output").exists(), "nothing is written");
}

#[test]
fn a_character_the_pdf_cannot_print_is_a_warning_in_yaml_fields_too() {
    let case = Case::new("valid");
    case.write(
        "bijdragen/JenV/2.1.A.md",
        "---\nsamenvatting: Klaar 🙂\nmijlpalen:\n  - wanneer: 2031-Q2\n    wat: Overleg met 漢字\nbronnen:\n  - Brief ✉\n---\nTekst.\n",
    );
    case.edit("rapport.yaml", "ondertitel: Een kleine proefrapportage", "ondertitel: Een proef 🚀");
    let out = case.check();
    out.no_panic().code(0);
    out.has("content/bijdragen/JenV/2.1.A.md:2:15: warning: the PDF cannot print `🙂` (U+1F642) in `samenvatting`")
        .has("content/bijdragen/JenV/2.1.A.md:5:10: warning: the PDF cannot print `漢` (U+6F22) in `mijlpalen[0].wat`")
        .has("content/bijdragen/JenV/2.1.A.md:7:5: warning: the PDF cannot print `✉` (U+2709) in `bronnen[0]`")
        .has("content/rapport.yaml:2:13: warning: the PDF cannot print `🚀` (U+1F680) in `ondertitel`");
}

#[test]
fn the_csv_guard_sees_through_invisible_characters_and_wide_signs() {
    let case = Case::new("valid");
    let cells = [
        "\u{FF1D}HYPERLINK(\"https://kwaad.example\")",
        "\u{FF0B}1+1",
        "\u{FF20}SUM(A1)",
        "\u{FF0D}1",
        "\u{200B}=1+1",
        "\u{FEFF}=1+1",
        "\u{AD}=1",
        "\u{200E}@x",
        "\u{2060}+1",
    ];
    let mut body = String::from("---\nstatus: in-uitvoering\n");
    body.push_str(&format!("samenvatting: \"{}\"\n", cells[0].replace('"', "\\\"")));
    body.push_str("bronnen:\n");
    for c in &cells[1..] {
        body.push_str(&format!("  - \"{c}\"\n"));
    }
    body.push_str("---\nTekst.\n");
    case.write("bijdragen/SZW/2.1.A.md", body);
    let out = case.run(&["build", "content", "--out", "out", "--format", "csv"]);
    out.no_panic().code(0);
    // The recommendations' CSV, by name (the key figures and commitments have their own).
    let bytes = std::fs::read(case.root().join("out/jaarrapportage-proef-2030.csv")).unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = reader.records().map(|r| r.unwrap()).find(|r| &r[0] == "2.1.A").expect("row 2.1.A");
    assert_eq!(&row[at("samenvatting")], format!("'{}", cells[0]));
    // The sources share one cell: it starts with the first source.
    assert!(row[at("bronnen")].starts_with(&format!("'{}", cells[1])), "{:?}", &row[at("bronnen")]);
    assert_clean(&text, "the CSV");
}

// --------------------------------------------------- files not read, ids

#[test]
fn files_that_look_like_content_but_are_not_read_are_named() {
    let case = Case::new("valid");
    case.write("bijdragen/SZW/4.2.C.MD", "Tekst.\n");
    case.write("bijdragen/BZK/4.1.B.Md", "Tekst.\n");
    case.write("bijdragen/SZW/sub/2.2.C.md", "Tekst.\n");
    case.write("bijdragen/SZW/2022/oud/2.1.A.md", "Tekst.\n");
    case.write("bijdragen/2.1.A.md", "Tekst.\n");
    case.write("paginas/oud/inleiding.md", "Tekst.\n");
    case.write("hoofdstukken/concept/werk.MD", "Tekst.\n");
    case.write("paginas/Slot.MD", "Tekst.\n");
    std::fs::create_dir_all(case.content().join("bijdragen/SZW/2.9.Z.md")).unwrap();
    std::fs::create_dir_all(case.content().join("paginas/colofon.md")).unwrap();
    #[cfg(unix)]
    {
        let fifo = std::process::Command::new("mkfifo").arg(case.content().join("bijdragen/BZK/4.2.C.md")).status();
        assert!(fifo.expect("mkfifo").success());
        std::os::unix::fs::symlink("../../paginas", case.content().join("bijdragen/SZW/2.1.B.md")).unwrap();
    }
    case.write("concept/4.2.C.md", "Tekst.\n");
    // Not content: notes and images beside it stay quiet.
    case.write("LEESMIJ.md", "Notities.\n");
    case.write("afbeeldingen/bron.md", "bron van het plaatje\n");
    let out = case.check();
    out.no_panic().code(1);
    out.has("content/bijdragen/SZW/4.2.C.MD:1:1: error: the file name ends in `.MD`, so it is not read")
        .mentions("rename it to `4.2.C.md`")
        .has("content/bijdragen/BZK/4.1.B.Md:1:1: error: the file name ends in `.Md`")
        .has("content/bijdragen/SZW/sub/2.2.C.md:1:1: error: a contribution in a directory below bijdragen/<MIN>/ is not read")
        .mentions("move it to bijdragen/SZW/2.2.C.md")
        .has("content/bijdragen/SZW/2022/oud/2.1.A.md:1:1: error: a contribution in a directory below")
        .has("content/bijdragen/2.1.A.md:1:1: error: a contribution directly in bijdragen/ is not read")
        .has("content/paginas/oud/inleiding.md:1:1: error: a file in a directory below paginas/ is not read")
        .has("content/hoofdstukken/concept/werk.MD:1:1: error: a file in a directory below hoofdstukken/")
        .has("content/paginas/Slot.MD:1:1: error: the file name ends in `.MD`")
        .has("content/bijdragen/SZW/2.9.Z.md:1:1: error: `2.9.Z.md` is a directory, so it is not read")
        .has("content/paginas/colofon.md:1:1: error: `colofon.md` is a directory");
    #[cfg(unix)]
    out.has("content/bijdragen/BZK/4.2.C.md:1:1: error: `4.2.C.md` is not a regular file, so it is not read")
        .has("content/bijdragen/SZW/2.1.B.md:1:1: error: `2.1.B.md` is a directory");
    out.has("content/concept/4.2.C.md:1:1: warning: `4.2.C.md` is named like a contribution");
    assert!(!out.stderr.contains("LEESMIJ") && !out.stderr.contains("afbeeldingen/bron.md"), "{}", out.stderr);
}

#[test]
fn duplicate_element_ids_are_errors_with_both_positions() {
    let case = Case::new("valid");
    case.write(
        "bijdragen/SZW/2.1.A.md",
        "---\nstatus: in-uitvoering\n---\n## Kop {#kop}\n\nTekst[^1] en nog eens[^1].\n\n## Weer {#kop}\n\n\
         ## Noot {#voetnoot-1}\n\n## Terug {#voetnoot-1-ref-2}\n\nA[^a.b] B[^a-b].\n\n[^1]: Een.\n[^a.b]: Twee.\n[^a-b]: Drie.\n",
    );
    case.write("paginas/inleiding.md", "# Inleiding\n\n## Inhoud {#inhoud}\n\n## Fout {#jaarrapport-fouten}\n");
    // The same id in two bodies of one page is fine: each carries its prefix.
    case.write("bijdragen/JenV/2.1.A.md", "## Kop {#kop}\n\nTekst[^1].\n\n[^1]: Noot.\n");
    case.write("hoofdstukken/werk.md", "## Kop {#kop}\n\nOver werk[^1].\n\n[^1]: Noot.\n");
    let out = case.check();
    out.no_panic().code(1);
    let a = "content/bijdragen/SZW/2.1.A.md";
    out.has(&format!("{a}:8:10: error: the heading id `kop` is already used by a heading on line 4"))
        .has(&format!("{a}:16:1: error: the anchor `voetnoot-1` of footnote [^1] is already used by a heading on line 10"))
        .has(&format!("{a}:12:11: error: the heading id `voetnoot-1-ref-2` is already used by a reference to footnote [^1] on line 6"))
        .has(&format!("{a}:18:1: error: footnotes [^a.b] (line 17) and [^a-b] get the same anchor `voetnoot-a-b`"))
        .has("content/paginas/inleiding.md:3:12: error: the heading id `inhoud` is an id the site's page frame uses")
        .has("content/paginas/inleiding.md:5:10: error: the heading id `jaarrapport-fouten` is an id the site's page frame uses");
    assert!(!out.stderr.contains("JenV/2.1.A.md") && !out.stderr.contains("werk.md"), "{}", out.stderr);
}

/// Whatever ids the content chooses, a built page has each id once.
#[test]
fn every_built_page_has_unique_ids() {
    let case = Case::new("valid");
    case.write("bijdragen/JenV/2.1.A.md", "## Kop {#kop}\n\nTekst[^1] en[^1] weer[^2].\n\n[^1]: Noot.\n[^2]: Twee.\n");
    case.write(
        "bijdragen/SZW/4.2.C.md",
        "---\nstatus: afgerond\n---\n## Kop {#kop}\n\n## Titel {#titel}\n\nA[^1].\n\n[^1]: B.\n",
    );
    case.write("hoofdstukken/werk.md", "## Kop {#kop}\n\n## {#in-dit-hoofdstuk}\n\nX[^1].\n\n[^1]: Y.\n");
    case.write("paginas/conclusie.md", "# Conclusie\n\n## Kop {#kop}\n\n## Stand {#stand}\n\nZ[^1][^1].\n\n[^1]: W.\n");
    let out = case.run(&["build", "content", "--out", "out", "--format", "html"]);
    out.no_panic();
    assert_eq!(out.code, 0, "{}", out.stderr);
    for entry in std::fs::read_dir(case.root().join("out/site")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = scraper::Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        let mut ids: Vec<&str> =
            page.select(&scraper::Selector::parse("[id]").unwrap()).filter_map(|e| e.value().id()).collect();
        ids.sort();
        let total = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), total, "{} has an id twice", path.display());
    }
}

// ------------------------------------------- SVGs in a real browser

/// Marks the document when it runs: what each live spelling below does.
const RUN: &str = "document.documentElement.setAttribute('data-ran','yes')";

/// `chromium --dump-dom` of an SVG opened on its own, as a reader's
/// browser opens it: the document after its scripts ran.
fn chromium_dom(svg_file: &std::path::Path) -> String {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).is_file(),
        "{chromium} is missing: install Debian's chromium (`apt-get install chromium`) or set CHROMIUM"
    );
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(&chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=2000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", svg_file.display()))
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The spellings that run on load, each shown live in Chromium (so the
/// corpus is real) and each refused by `check`; and SVGs that pass
/// `check`, code-like text included, run nothing in Chromium.
#[test]
fn svgs_that_run_in_chromium_are_refused_and_those_that_pass_run_nothing() {
    let xhtml = "http://www.w3.org/1999/xhtml";
    let live = [
        svg(&format!("<script>{RUN}</script>")),
        format!("<s:svg xmlns:s=\"http://www.w3.org/2000/svg\"><s:script>{RUN}</s:script></s:svg>"),
        svg(&format!("<g xmlns=\"{xhtml}\"><script>{RUN}</script></g>")),
        svg(&format!("<h:script xmlns:h=\"{xhtml}\">{RUN}</h:script>")),
        format!(
            "<!DOCTYPE svg [<!ENTITY x \"<script xmlns='http://www.w3.org/2000/svg'>{RUN}</script>\">]>{}",
            svg("&x;")
        ),
        format!("<svg {SVG_NS} onload=\"{RUN}\"/>"),
        svg(&format!(
            "<foreignObject width=\"9\" height=\"9\"><img xmlns=\"{xhtml}\" src=\"data:,\" onerror=\"{RUN}\"/></foreignObject>"
        )),
        svg(&format!(
            "<rect width=\"5\" height=\"5\"><animate attributeName=\"x\" dur=\"0.1s\" onbegin=\"{RUN}\"/></rect>"
        )),
    ];
    let mut passing = harmless_svgs();
    passing.push(svg(&format!(
        "<!-- <script>{RUN}</script> --><desc>{RUN}</desc><text x=\"1\" y=\"5\"><![CDATA[<script>{RUN}</script>]]></text><a href=\"#t\"><text id=\"t\" x=\"1\" y=\"9\">onload=\"{RUN}\"</text></a>"
    )));
    let mut images: Vec<(String, Vec<u8>)> =
        live.iter().enumerate().map(|(i, t)| (format!("live{i}.svg"), t.clone().into_bytes())).collect();
    images.extend(passing.iter().enumerate().map(|(i, t)| (format!("ok{i}.svg"), t.clone().into_bytes())));
    let case = with_images(&images);
    let out = case.check();
    out.no_panic().code(1);
    // Four browsers at a time: most of each run is Chromium starting.
    let dom_of = |names: Vec<String>| -> Vec<String> {
        let paths: Vec<_> = names.iter().map(|n| case.content().join("afbeeldingen").join(n)).collect();
        paths
            .chunks(4)
            .flat_map(|chunk| {
                std::thread::scope(|s| {
                    let runs: Vec<_> = chunk.iter().map(|p| s.spawn(move || chromium_dom(p))).collect();
                    runs.into_iter().map(|r| r.join().unwrap()).collect::<Vec<_>>()
                })
            })
            .collect()
    };
    let live_doms = dom_of((0..live.len()).map(|i| format!("live{i}.svg")).collect());
    let passing_doms = dom_of((0..passing.len()).map(|i| format!("ok{i}.svg")).collect());
    for (i, text) in live.iter().enumerate() {
        out.has(&format!("content/afbeeldingen/live{i}.svg:"));
        let dom = &live_doms[i];
        assert!(
            dom.contains("data-ran=\"yes\""),
            "live{i}.svg did not run in Chromium, so it proves nothing: {text}\n{dom}"
        );
    }
    for (i, text) in passing.iter().enumerate() {
        assert!(!out.stderr.contains(&format!("ok{i}.svg")), "ok{i}.svg is refused:\n{}", out.stderr);
        let dom = &passing_doms[i];
        assert!(dom.contains("<svg"), "Chromium did not open ok{i}.svg: {dom}");
        assert!(!dom.contains("data-ran=\"yes\""), "ok{i}.svg ran code in Chromium: {text}");
    }
}

/// A Word form made from a contribution (`new --docx`) carries no link
/// the site would drop: `javascript:`, `file:`, `data:`, `vbscript:` in any
/// spelling lose their target and keep their text, in the form's own XML
/// and as LibreOffice reads it; a web link stays a link.
#[test]
fn a_word_form_carries_no_link_the_site_drops() {
    use std::io::Read;
    let case = Case::new("valid");
    let file = "bijdragen/BZK/4.1.A.md";
    let base = case.read(file);
    case.write(
        file,
        format!(
            "{base}\n[Klik hier](javascript:alert(1)), [het bestand](file:///etc/passwd), \
             [verstopt](JaVa&#83;cript:alert(2)), [plaatje](data:text/html;base64,PHNjcmlwdD4=), \
             [vb](vbscript:msgbox), [met spatie]( javascript:alert(3)) en [de site](https://example.org/bron).\n"
        ),
    );
    case.check().code(0);
    case.run(&["new", "4.1.A", "--ministerie", "BZK", "--content", "content", "--docx", "f.docx"]).code(0);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(case.root().join("f.docx")).unwrap()).unwrap();
    let mut xml = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        // What Word shows and links: the document and its relationships. (The
        // untouched Markdown the form keeps in its properties for the way
        // back is not a link; `import` is another part of the issue.)
        if name.starts_with("word/") && (name.ends_with(".xml") || name.ends_with(".rels")) {
            part.read_to_string(&mut xml).unwrap();
        }
    }
    let lower = xml.to_ascii_lowercase();
    for gone in ["javascript", "file:", "data:text", "vbscript", "passwd"] {
        assert!(!lower.contains(gone), "the form holds {gone}");
    }
    assert!(xml.contains("https://example.org/bron"), "the web link is gone");
    for text in ["Klik hier", "het bestand", "verstopt", "plaatje", "met spatie", "de site"] {
        assert!(xml.contains(text), "the link text {text} is gone");
    }
    // As LibreOffice reads the form: its hyperlinks are the web link alone.
    let dir = case.root().join("lo");
    std::fs::create_dir_all(&dir).unwrap();
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--norestore", "--convert-to", "fodt", "--outdir"])
        .arg(&dir)
        .arg(case.root().join("f.docx"))
        .output()
        .expect("LibreOffice (soffice) must be installed, as .ci/run does");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let flat = std::fs::read_to_string(dir.join("f.fodt")).unwrap();
    let hrefs: Vec<&str> =
        flat.match_indices("xlink:href=\"").map(|(i, m)| flat[i + m.len()..].split('"').next().unwrap()).collect();
    assert_eq!(hrefs, ["https://example.org/bron"], "LibreOffice finds other links");
}
