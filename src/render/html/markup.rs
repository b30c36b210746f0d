//! Writing HTML from Rust: text escaped exactly as the templates escape it
//! (tera's own `escape_html`), numbers printed as tera prints them, and the
//! small pieces (a status badge, a milestone's date, how it moved, a
//! source, a key figure) that the repeated parts and the templates share.
//! The templates call the shared pieces as tera functions
//! ([`super::functions`]), so each piece of markup has one place.

use crate::view::figures::FigureView;
use crate::view::history::SlipView;
use crate::view::{SourceView, StatusView};
use std::fmt::Write;

/// A growing piece of HTML.
#[derive(Default)]
pub struct Html(pub String);

impl Html {
    pub fn with_capacity(n: usize) -> Html {
        Html(String::with_capacity(n))
    }

    /// Markup, as is.
    pub fn raw(&mut self, s: &str) -> &mut Html {
        self.0.push_str(s);
        self
    }

    /// Text, escaped as tera's autoescape does (`tera::escape_html`, the
    /// same bytes): a large report's pages are tens of MB of text, and
    /// tera's escape goes a character at a time into a new string. Here a
    /// block of bytes without a special one is found in one pass the
    /// compiler can vectorise, and copied whole.
    pub fn text(&mut self, s: &str) -> &mut Html {
        const BLOCK: usize = 16;
        fn special(b: u8) -> bool {
            (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'\'') | (b == b'/')
        }
        let bytes = s.as_bytes();
        let mut copied = 0;
        let mut at = 0;
        while at < bytes.len() {
            let end = (at + BLOCK).min(bytes.len());
            let block = &bytes[at..end];
            // A whole block is tested without a branch per byte.
            let hit = match block.len() {
                BLOCK => block.iter().fold(0u8, |m, &b| m | u8::from(special(b))) != 0,
                _ => block.iter().any(|&b| special(b)),
            };
            if hit {
                for (i, &b) in block.iter().enumerate() {
                    let with = match b {
                        b'&' => "&amp;",
                        b'<' => "&lt;",
                        b'>' => "&gt;",
                        b'"' => "&quot;",
                        b'\'' => "&#x27;",
                        b'/' => "&#x2F;",
                        _ => continue,
                    };
                    // The special bytes are ASCII: `at + i` is a character boundary.
                    self.0.push_str(&s[copied..at + i]);
                    self.0.push_str(with);
                    copied = at + i + 1;
                }
            }
            at = end;
        }
        self.0.push_str(&s[copied..]);
        self
    }

    /// A number, as tera prints one (`12.5`, `100`).
    pub fn num(&mut self, x: f64) -> &mut Html {
        // The figures' positions are rounded to a tenth: written as whole
        // tenths they need no shortest-float search, which took a tenth of
        // the planning figure's time. The digits are those `{x}` writes.
        let tenths = (x * 10.0).round();
        if tenths.abs() < 1e15 && tenths / 10.0 == x {
            let n = (tenths as i64).unsigned_abs();
            if x.is_sign_negative() {
                self.0.push('-');
            }
            let _ = write!(self.0, "{}", n / 10);
            if !n.is_multiple_of(10) {
                self.0.push('.');
                self.0.push(char::from(b'0' + (n % 10) as u8));
            }
            return self;
        }
        let _ = write!(self.0, "{x}");
        self
    }

    pub fn int(&mut self, n: impl std::fmt::Display) -> &mut Html {
        let _ = write!(self.0, "{n}");
        self
    }

    /// `text` when it is there and not empty (what tera takes as true).
    pub fn has(s: &Option<String>) -> bool {
        s.as_deref().is_some_and(|s| !s.is_empty())
    }
}

/// A status (its position in the report's list and its label) as a
/// coloured badge; no status as a dashed one.
pub fn badge(h: &mut Html, status: Option<(usize, &str)>) {
    match status {
        Some((index, label)) => {
            h.raw("<span class=\"status status-").int(index);
            h.raw("\"><span class=\"status-bol\" aria-hidden=\"true\"></span>").text(label).raw("</span>");
        }
        None => {
            h.raw("<span class=\"status status-geen\">Geen status</span>");
        }
    }
}

/// A milestone's period: `<time>` only where HTML has a `datetime` for it
/// (not for quarters and halves).
pub fn when(h: &mut Html, datetime: Option<&str>, label: &str) {
    match datetime {
        Some(d) => {
            h.raw("<time class=\"wanneer\" datetime=\"").text(d).raw("\">").text(label).raw("</time>");
        }
        None => {
            h.raw("<span class=\"wanneer\">").text(label).raw("</span>");
        }
    }
}

/// How a milestone moved since last year, and the writer's reason.
pub fn slip(h: &mut Html, slip: &SlipView) {
    h.raw("<span class=\"verschuiving\"><span class=\"markering markering-verschoven\">").text(&slip.text);
    h.raw("</span>");
    match &slip.reason {
        Some(reason) if !reason.is_empty() => {
            h.raw(" <span class=\"toelichting\">Toelichting: ").text(reason).raw("</span>");
        }
        _ => {
            h.raw(" <span class=\"toelichting toelichting-ontbreekt\">(zonder toelichting)</span>");
        }
    }
    h.raw("</span>");
}

/// The badge of a status of the view.
pub fn status_badge(h: &mut Html, status: Option<&StatusView>) {
    badge(h, status.map(|s| (s.index, s.label.as_str())));
}

/// A source, a link where it has an address.
pub fn source(h: &mut Html, s: &SourceView) {
    match &s.url {
        Some(url) if !url.is_empty() => {
            h.raw("<a href=\"").text(url).raw("\">").text(&s.text).raw("</a>");
        }
        _ => {
            h.text(&s.text);
        }
    }
}

/// A key figure: its bars, target line and values as text, from the
/// view's geometry.
pub fn figure(h: &mut Html, f: &FigureView, id: &str) {
    h.raw("<figure class=\"kerncijfer\" aria-labelledby=\"").text(id).raw("-kop\">\n<figcaption id=\"").text(id);
    h.raw("-kop\" class=\"kerncijfer-titel\">")
        .text(&f.title)
        .raw("</figcaption>\n<div class=\"kerncijfer-inhoud\">\n");
    h.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").num(f.width).raw(" ").num(f.height);
    h.raw("\" width=\"").num(f.width).raw("\" height=\"").num(f.height).raw("\" role=\"img\" aria-labelledby=\"");
    h.text(id).raw("-grafiek\" focusable=\"false\">\n<title id=\"").text(id).raw("-grafiek\">").text(&f.summary);
    h.raw("</title>\n");
    if !f.unit.is_empty() {
        h.raw("<text class=\"kerncijfer-eenheid\" x=\"").num(f.unit_x).raw("\" y=\"").num(f.unit_y).raw("\">");
        h.text(&f.unit).raw("</text>");
    }
    h.raw("\n");
    for v in &f.values {
        h.raw("<rect class=\"kerncijfer-staaf\" x=\"").num(v.x).raw("\" y=\"").num(v.y).raw("\" width=\"").num(v.w);
        h.raw("\" height=\"").num(v.h).raw("\"/><text class=\"kerncijfer-getal\" x=\"").num(v.cx).raw("\" y=\"");
        h.num(v.value_y).raw("\" text-anchor=\"middle\">").text(&v.number);
        h.raw("</text><text class=\"kerncijfer-jaar\" x=\"").num(v.cx).raw("\" y=\"").num(v.year_y);
        h.raw("\" text-anchor=\"middle\">").int(v.year).raw("</text>\n");
    }
    h.raw("<line class=\"kerncijfer-basis\" x1=\"0\" y1=\"").num(f.baseline).raw("\" x2=\"").num(f.width);
    h.raw("\" y2=\"").num(f.baseline).raw("\"/>\n");
    if let Some(t) = &f.target {
        h.raw("<line class=\"kerncijfer-doel\" x1=\"").num(t.x1).raw("\" y1=\"").num(t.y).raw("\" x2=\"").num(t.x2);
        h.raw("\" y2=\"").num(t.y).raw("\"/><text class=\"kerncijfer-doeltekst\" x=\"").num(t.x2).raw("\" y=\"");
        h.num(t.label_y).raw("\" text-anchor=\"end\">").text(&t.label).raw("</text>");
    }
    h.raw("\n</svg>\n<table class=\"kerncijfer-waarden\">\n<caption class=\"verborgen\">").text(&f.title);
    h.raw(": de waarden</caption>\n<thead><tr><th scope=\"col\">Jaar</th><th scope=\"col\">Waarde</th></tr></thead>\n<tbody>");
    for v in &f.values {
        h.raw("<tr><th scope=\"row\">").int(v.year).raw("</th><td>").text(&v.text).raw("</td></tr>");
    }
    if let Some(t) = &f.target {
        h.raw("<tr class=\"kerncijfer-doelrij\"><th scope=\"row\">Doel ").int(t.year).raw("</th><td>").text(&t.text);
        h.raw("</td></tr>");
    }
    h.raw("</tbody>\n</table>\n</div>\n");
    if let Some(s) = f.source.as_deref().filter(|s| !s.is_empty()) {
        h.raw("<p class=\"kerncijfer-bron\">Bron: ").text(s).raw("</p>");
    }
    h.raw("\n</figure>");
}

#[cfg(test)]
mod tests {
    use super::Html;

    #[test]
    fn numbers_read_as_rust_and_tera_write_them() {
        let mut xs =
            vec![0.0, -0.0, 0.5, -0.5, 100.0, 74.4, 1e15, 1e20, 0.05, 1.0 / 3.0, 12.25, f64::NAN, f64::INFINITY];
        xs.extend((-20_000..20_000).map(|n| n as f64 / 10.0));
        xs.extend((0..2_000).map(|n| (n as f64 * 0.37 * 10.0).round() / 10.0 + 24.0));
        for x in xs {
            let mut h = Html::default();
            h.num(x);
            assert_eq!(h.0, format!("{x}"), "{x:?}");
        }
    }

    /// Text is escaped to tera's bytes: special characters at every place
    /// in a block and across block edges, beside multi-byte characters.
    #[test]
    fn text_is_escaped_as_tera_escapes_it() {
        let pieces = ["a", "é", "€", "𝄞", "&", "<", ">", "\"", "'", "/", " ", "\n", "x/y", "&amp;"];
        let mut texts = vec![String::new(), "plain text without anything special".repeat(5)];
        for len in [1usize, 15, 16, 17, 31, 32, 33, 200] {
            for (k, special) in pieces.iter().enumerate() {
                for at in [0, len / 2, len.saturating_sub(1)] {
                    let mut t: String = (0..len).map(|i| pieces[(i + k) % 4]).collect();
                    let cut = t.char_indices().nth(at).map_or(t.len(), |(i, _)| i);
                    t.insert_str(cut, special);
                    texts.push(t);
                }
            }
        }
        texts.push(pieces.concat().repeat(9));
        for t in texts {
            let mut h = Html::default();
            h.text(&t);
            assert_eq!(h.0, tera::escape_html(&t), "{t:?}");
        }
    }
}
