//! The planning visual as SVG: it draws the view's geometry
//! (`view/planning.rs`) and computes no position. One row per
//! recommendation and a mark per milestone make it the site's largest
//! figure (some 10 MB for 5,000 recommendations), so the rows are made in
//! parallel and written into the page a batch at a time.

use super::markup::Html;
use crate::view::planning::{MarkState, Planning, Row};
use std::io::Write;

/// Writes the figure with its legend and caption into `out`, its rows a
/// batch at a time; `id` prefixes its element ids, `whole` says whether it
/// shows the whole report or one chapter.
pub fn write_figure(p: &Planning, id: &str, whole: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let mut h = Html::with_capacity(4096);
    h.raw("<figure class=\"planning\" aria-labelledby=\"").text(id).raw("-onderschrift\">\n");
    h.raw("<div class=\"planning-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"")
        .text(id)
        .raw("-titel\">\n");
    h.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").num(p.width).raw(" ").num(p.height);
    h.raw("\" width=\"")
        .num(p.width)
        .raw("\" height=\"")
        .num(p.height)
        .raw("\" data-peil-x=\"")
        .num(p.axis.peildatum.x);
    h.raw("\" role=\"img\" aria-labelledby=\"");
    h.text(id).raw("-titel\" focusable=\"false\">\n<title id=\"").text(id).raw("-titel\">").text(&p.summary);
    h.raw("</title>\n<defs><path id=\"")
        .text(id)
        .raw("-driehoek\" d=\"M0,-7.5 L7.5,6 L-7.5,6 Z\"/><path id=\"")
        .text(id);
    h.raw("-ruit\" d=\"M0,-7.5 L7.5,0 L0,7.5 L-7.5,0 Z\"/></defs>\n");
    for t in &p.axis.ticks {
        let year = t.kind == "jaar";
        h.raw(if year {
            "<line class=\"planning-jaarlijn\" x1=\""
        } else {
            "<line class=\"planning-kwartaallijn\" x1=\""
        });
        h.num(t.x).raw("\" y1=\"").num(t.y1).raw("\" x2=\"").num(t.x).raw("\" y2=\"").num(p.height).raw("\"/>");
        if let Some(label) = t.label.as_deref().filter(|l| !l.is_empty()) {
            h.raw(if year {
                "<text class=\"planning-as planning-jaar\" x=\""
            } else {
                "<text class=\"planning-as\" x=\""
            });
            h.num(t.label_x).raw("\" y=\"").num(t.label_y).raw("\" text-anchor=\"middle\">").text(label).raw("</text>");
        }
        h.raw("\n");
    }
    h.raw("\n");
    for g in &p.groups {
        h.raw("<g class=\"planning-groep\" data-hoofdstuk=\"").text(&g.slug).raw("\" transform=\"translate(0 ");
        h.num(g.y).raw(")\">\n");
        if let Some(title) = g.title.as_deref().filter(|t| !t.is_empty()) {
            h.raw("<text class=\"planning-groeptitel\" x=\"").num(p.id_x).raw("\" y=\"").num(g.title_y).raw("\">");
            h.text(title).raw("</text>\n");
        }
        out.write_all(h.0.as_bytes())?;
        h.0.clear();
        super::write_batches(&g.rows, |r| row(p, r, id), out)?;
        h.raw("</g>\n");
    }
    let peil = &p.axis.peildatum;
    h.raw("<line class=\"planning-peil\" x1=\"").num(peil.x).raw("\" y1=\"").num(peil.y1).raw("\" x2=\"").num(peil.x);
    h.raw("\" y2=\"").num(p.height).raw("\"/>\n<text class=\"planning-peiltekst\" x=\"").num(peil.label_x);
    h.raw("\" y=\"").num(peil.label_y).raw("\" text-anchor=\"").text(peil.anchor).raw("\">").text(&peil.label);
    h.raw("</text>\n</svg>\n</div>\n<figcaption id=\"")
        .text(id)
        .raw("-onderschrift\">\n<ul class=\"legenda planning-legenda\">");
    for c in p.counts.iter().filter(|c| c.count > 0 || c.state != MarkState::Verschoven) {
        h.raw("<li><span class=\"planning-teken planning-teken-").text(c.shape).raw("\" aria-hidden=\"true\">");
        h.text(c.symbol).raw("</span> ").text(c.state.key()).raw(" <span class=\"aantal\">").int(c.count);
        h.raw("</span>");
        if let (MarkState::Verschoven, Some(note)) = (c.state, &p.moved_note) {
            h.raw(" <span class=\"planning-teken-rand\" aria-hidden=\"true\"></span> (")
                .text(note)
                .raw(", met een stippelrand)");
        }
        h.raw("</li>");
    }
    h.raw("<li><span class=\"planning-teken-peil\" aria-hidden=\"true\"></span> ").text(&peil.label.to_lowercase());
    h.raw("</li></ul>\n<p>Planning ");
    h.raw(if whole { "van alle aanbevelingen per hoofdstuk" } else { "van de aanbevelingen in dit hoofdstuk" });
    h.raw(", ").text(&p.axis.range_label);
    h.raw(": elke mijlpaal staat op de laatste dag van zijn periode. Dezelfde mijlpalen als tekst: <a href=\"tijdpad.html\">het tijdpad</a>.</p>\n</figcaption>\n</figure>");
    out.write_all(h.0.as_bytes())
}

/// One recommendation's row: its id, its status swatch and its marks.
fn row(p: &Planning, r: &Row, id: &str) -> String {
    let mut h = Html::with_capacity(512 + r.marks.len() * 400);
    h.raw("<g class=\"planning-rij\" data-id=\"").text(&r.id).raw("\">");
    if r.shaded {
        h.raw("<rect class=\"planning-rijvlak\" x=\"0\" y=\"").num(r.y).raw("\" width=\"").num(p.width);
        h.raw("\" height=\"").num(r.height).raw("\"/>");
    }
    h.raw("\n<text class=\"planning-id\" x=\"").num(p.id_x).raw("\" y=\"").num(r.text_y).raw("\">").text(&r.id);
    h.raw("</text><rect x=\"").num(p.swatch_x).raw("\" y=\"").num(r.swatch_y).raw("\" width=\"").num(p.swatch_size);
    h.raw("\" height=\"").num(p.swatch_size);
    match r.status_color.as_deref().filter(|c| !c.is_empty()) {
        Some(color) => h.raw("\" fill=\"").text(color).raw("\" stroke=\"#535353\" stroke-width=\"0.5\"/>"),
        None => h.raw("\" fill=\"#ffffff\" stroke=\"#535353\" stroke-dasharray=\"2 1\"/>"),
    };
    h.raw("<text class=\"planning-status\" x=\"").num(p.status_x).raw("\" y=\"").num(r.text_y).raw("\">");
    h.text(&r.status).raw("</text>\n");
    for m in &r.marks {
        let state = m.state.key();
        h.raw("<g class=\"mijlpaal mijlpaal-").text(state).raw("\" data-state=\"").text(state).raw("\" data-when=\"");
        h.text(&m.when).raw("\" data-x=\"").num(m.x);
        if m.moved_too {
            h.raw("\" data-verschoven=\"ja");
        }
        h.raw("\"><title>").text(&m.title).raw("</title>");
        if m.moved_too {
            h.raw("<circle class=\"mijlpaal-verschoven-rand\" cx=\"").num(m.x).raw("\" cy=\"").num(m.y).raw("\" r=\"");
            h.num(m.ring_r).raw("\" fill=\"none\" stroke=\"").text(MarkState::Verschoven.color());
            h.raw("\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>");
        }
        match m.shape {
            "cirkel" => {
                h.raw("<circle cx=\"").num(m.x).raw("\" cy=\"").num(m.y).raw("\" r=\"").num(m.r).raw("\" fill=\"");
                h.text(m.color).raw("\"/>");
            }
            "ring" => {
                h.raw("<circle cx=\"").num(m.x).raw("\" cy=\"").num(m.y).raw("\" r=\"").num(m.r);
                h.raw("\" fill=\"#ffffff\" stroke=\"").text(m.color).raw("\" stroke-width=\"2\"/>");
            }
            shape => {
                h.raw("<use href=\"#").text(id).raw("-").text(shape).raw("\" x=\"").num(m.x).raw("\" y=\"").num(m.y);
                h.raw("\" fill=\"").text(m.color).raw("\"/>");
            }
        }
        h.raw("<text class=\"mijlpaal-symbool\" x=\"").num(m.x).raw("\" y=\"").num(m.text_y);
        h.raw("\" text-anchor=\"middle\" fill=\"").text(if m.shape == "ring" { m.color } else { "#ffffff" });
        h.raw("\">").text(m.symbol).raw("</text></g>");
    }
    h.raw("\n</g>\n");
    h.0
}
