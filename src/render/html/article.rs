//! A recommendation's article on its chapter page, and a milestone's line
//! (in an article and on the road map alike). A chapter of a large report
//! holds hundreds of articles, so they are written here, each on its own
//! and in parallel, rather than by a template loop over the whole page
//! (BENCHMARKS.md, "The HTML build against the bare pass").

use super::markup::{self, Html};
use crate::view::history::{DroppedView, SlipView};
use crate::view::planning::MarkState;
use crate::view::{Body, RecView};

/// The article of `r`, with its contributions' bodies written into it by
/// `body`.
pub fn article(r: &RecView<Body>, body: &dyn Fn(&Body, &mut String)) -> String {
    let bodies: usize = r.contributions.iter().map(|c| c.body.markdown.text.len() * 3 / 2).sum();
    let mut h = Html::with_capacity(bodies + 4096);
    let label = r.label.as_str();
    h.raw("\n<article class=\"aanbeveling\" id=\"").text(label).raw("\" aria-labelledby=\"").text(label);
    h.raw("-titel\">\n<h2 id=\"").text(label).raw("-titel\"><span class=\"nr\">").text(&r.id).raw("</span> ");
    h.text(&r.title).raw("</h2>\n<p class=\"status-regel\">Status: ");
    markup::status_badge(&mut h, r.status.as_ref());
    if let Some(prev) = &r.changed_from {
        h.raw(" <span class=\"vorige\">(vorig jaar: ").text(prev).raw(")</span>");
    }
    h.raw("</p>\n<dl class=\"feiten\">\n  <div><dt>Eigenaar</dt><dd><abbr title=\"").text(&r.owner_name).raw("\">");
    h.text(&r.owner).raw("</abbr></dd></div>\n  ");
    if !r.involved.is_empty() {
        h.raw("<div><dt>Betrokken</dt><dd>").text(&r.involved.join(", ")).raw("</dd></div>");
    }
    h.raw("\n  ");
    if r.history.len() > 1 {
        h.raw("<div><dt>Status per jaar</dt><dd><ol class=\"geschiedenis\">");
        for e in &r.history {
            h.raw("<li><span class=\"jaar\">").int(e.year).raw("</span> ");
            markup::status_badge(&mut h, e.status.as_ref());
            h.raw("</li>");
        }
        h.raw("</ol></dd></div>");
    }
    h.raw("\n  <div><dt>Kabinetsreactie</dt><dd>");
    match &r.folded_into {
        // The response is that it is folded in: say where, once.
        Some(f) => {
            h.raw("Meegenomen bij <a href=\"").text(&f.href).raw("\">").text(&f.id);
            h.raw("</a>");
        }
        None => {
            h.text(r.cabinet_response);
        }
    }
    h.raw("</dd></div>\n</dl>\n");
    if Html::has(&r.summary) {
        h.raw("<p class=\"samenvatting\">").text(r.summary.as_deref().unwrap_or_default()).raw("</p>");
    }
    h.raw("\n");
    if !r.milestones.is_empty() {
        h.raw("\n<h3>Mijlpalen</h3>\n<ul class=\"mijlpalen\">\n");
        for ms in &r.milestones {
            let earlier = ms.earlier_wording.as_ref().map(|w| format!("eerder: {w}"));
            let extra = [
                ("over-tijd-sinds", ms.late.as_deref().unwrap_or("")),
                ("oorspronkelijk", ms.first_promise.as_deref().unwrap_or("")),
                ("eerder", earlier.as_deref().unwrap_or("")),
            ];
            milestone(
                &mut h,
                ms.state,
                (ms.datetime.as_deref(), &ms.when_label),
                None,
                &ms.what,
                ms.slip.as_ref(),
                &extra,
            );
        }
        h.raw("</ul>\n");
    }
    h.raw("\n");
    if !r.dropped_milestones.is_empty() {
        h.raw("\n<h3>Vervallen mijlpalen</h3>\n<p class=\"vervallen-uitleg\">Deze mijlpalen stonden in het vorige rapport als nog niet gereed en komen in dit rapport niet meer voor.</p>\n<ul class=\"mijlpalen\">\n");
        for d in &r.dropped_milestones {
            dropped(&mut h, d, None);
        }
        h.raw("</ul>\n");
    }
    h.raw("\n");
    if !r.figures.is_empty() {
        h.raw("\n<h3>Kerncijfers</h3>\n");
        for (i, f) in r.figures.iter().enumerate() {
            markup::figure(&mut h, f, &format!("{label}-kerncijfer-{}", i + 1));
            h.raw("\n");
        }
    }
    h.raw("\n");
    if !r.commitments.is_empty() {
        h.raw("\n<h3>Toezeggingen en moties</h3>\n<ul class=\"toezeggingen-lijst\">");
        for c in &r.commitments {
            h.raw("<li><a href=\"").text(&c.href).raw("\">").text(c.kind_label).raw(": ");
            h.text(&c.title).raw("</a>");
            if let Some(n) = &c.number {
                h.raw(" (").text(n).raw(")");
            }
            h.raw(" <span class=\"toezegging-status\">").text(c.status_label).raw("</span>");
            if c.overdue {
                h.raw(" <span class=\"markering markering-").text(c.state.key()).raw("\">").text(c.symbol).raw(" ");
                h.text(c.state.key()).raw("</span>");
            }
            h.raw("</li>");
        }
        h.raw("</ul>\n");
    }
    h.raw("\n");
    for c in &r.contributions {
        let ministry = c.ministry.to_lowercase();
        h.raw("\n<section class=\"bijdrage\" aria-labelledby=\"").text(label).raw("-").text(&ministry).raw(" ");
        h.text(label).raw("-titel\">\n<h3 id=\"").text(label).raw("-").text(&ministry).raw("\">Voortgang: ");
        h.text(&c.ministry_name).raw("</h3>\n");
        if let Some(note) = &c.agreement_note {
            h.raw("<p class=\"akkoord\">").text(note).raw("</p>\n");
        }
        if Html::has(&c.summary) && c.ministry != r.owner {
            h.raw("<p class=\"samenvatting samenvatting-bijdrage\">").text(c.summary.as_deref().unwrap_or_default());
            h.raw("</p>");
        }
        h.raw("\n<div class=\"tekst\">");
        body(&c.body, &mut h.0);
        h.raw("</div>\n</section>\n");
    }
    h.raw("\n");
    if !r.sources.is_empty() {
        h.raw("\n<h3>Bronnen</h3>\n<ul class=\"bronnen\">");
        for s in &r.sources {
            h.raw("<li>");
            markup::source(&mut h, s);
            h.raw("</li>");
        }
        h.raw("</ul>\n");
    }
    h.raw("\n<p class=\"terug\"><a href=\"#inhoud\">Naar boven</a></p>\n</article>\n");
    h.0
}

/// The recommendation that a road-map line links to: its address and id.
pub type LinkTo<'a> = (&'a str, &'a str);

/// A vanished milestone's line: its date, what, the mark and the reason
/// it was given up (or that none was given).
pub fn dropped(h: &mut Html, d: &DroppedView, link: Option<LinkTo>) {
    h.raw("<li class=\"vervallen\">");
    markup::when(h, d.datetime.as_deref(), &d.when_label);
    if let Some((href, id)) = link {
        h.raw(" <a href=\"").text(href).raw("\">").text(id).raw("</a>");
    }
    h.raw(" <span class=\"mijlpaal-wat\">").text(&d.what);
    h.raw("</span> <span class=\"markering markering-vervallen\">× vervallen</span>");
    h.raw(" <span class=\"mijlpaal-ministerie\">").text(&d.ministry).raw("</span>");
    match &d.reason {
        Some(reason) => {
            h.raw(" <span class=\"verschuiving toelichting\">Toelichting: ").text(reason).raw("</span>");
        }
        None => {
            h.raw(" <span class=\"verschuiving toelichting toelichting-ontbreekt\">(zonder toelichting)</span>");
        }
    }
    h.raw("</li>\n");
}

/// A milestone's line in a list: its date, on the road map the
/// recommendation it belongs to, what, its mark (a moved one has its slip
/// instead) and how it moved.
pub fn milestone(
    h: &mut Html,
    state: MarkState,
    (datetime, when_label): (Option<&str>, &str),
    link: Option<LinkTo>,
    what: &str,
    slip: Option<&SlipView>,
    extra: &[(&str, &str)],
) {
    h.raw("<li class=\"").text(state.key()).raw("\">");
    markup::when(h, datetime, when_label);
    if let Some((href, id)) = link {
        h.raw(" <a href=\"").text(href).raw("\">").text(id).raw("</a>");
    }
    h.raw(" <span class=\"mijlpaal-wat\">").text(what).raw("</span> ");
    if state != MarkState::Verschoven {
        h.raw("<span class=\"markering markering-").text(state.key()).raw("\">").text(state.symbol()).raw(" ");
        h.text(state.key()).raw("</span>");
    }
    // The extras first: the ministry stays on the milestone's line, the
    // notes and the slip each take a line below it.
    for (class, text) in extra.iter().filter(|(_, t)| !t.is_empty()) {
        h.raw(" <span class=\"").text(class).raw("\">").text(text).raw("</span>");
    }
    if let Some(s) = slip {
        h.raw(" ");
        markup::slip(h, s);
    }
    h.raw("</li>\n");
}
