//! The lists with a line per recommendation or milestone: a chapter's
//! table of contents, the overview table of `index.html` and the road map
//! of `tijdpad.html`.

use super::article::{dropped as dropped_item, milestone};
use super::markup::{self, Html};
use crate::view::{ChapterView, Quarter, RoadmapItem};

/// A chapter's "In dit hoofdstuk": a link and a badge per recommendation.
pub fn contents<B>(c: &ChapterView<B>) -> String {
    let mut h = Html::with_capacity(c.recommendations.len() * 256);
    for r in &c.recommendations {
        h.raw("<li><a href=\"#").text(&r.label).raw("\">").text(&r.id).raw(" ").text(&r.title).raw("</a> ");
        markup::status_badge(&mut h, r.status.as_ref());
        h.raw("</li>");
    }
    h.0
}

/// A chapter's rows in the overview table.
pub fn overview<B>(c: &ChapterView<B>) -> String {
    let mut h = Html::with_capacity(c.recommendations.len() * 640);
    for r in &c.recommendations {
        h.raw("<tr data-hoofdstuk=\"").text(&c.slug).raw("\" data-ministerie=\"").text(&r.owner);
        for b in &r.involved {
            h.raw(" ").text(b);
        }
        h.raw("\" data-status=\"");
        if let Some(s) = &r.status {
            h.int(s.index);
        }
        h.raw("\" data-let=\"").text(&r.flags.join(" "));
        h.raw("\">\n<td class=\"nr\"><a href=\"").text(&r.href).raw("\">").text(&r.id);
        h.raw("</a></td>\n<td>").text(&r.title).raw("</td>\n<td>").int(c.number).raw(". ").text(&c.short);
        h.raw("</td>\n<td><abbr title=\"").text(&r.owner_name).raw("\">").text(&r.owner).raw("</abbr></td>\n<td>");
        if let Some(prev) = r.previous_status.as_ref().filter(|_| r.status_changed) {
            markup::status_badge(&mut h, Some(prev));
            h.raw(" <span class=\"pijl\" aria-hidden=\"true\">→</span><span class=\"verborgen\"> nu </span> ");
        }
        markup::status_badge(&mut h, r.status.as_ref());
        if r.status_changed {
            h.raw(" <span class=\"markering markering-veranderd\">veranderd</span>");
        }
        h.raw("</td>\n<td class=\"getal\" data-kop=\"Over tijd\">");
        if r.overdue_count > 0 {
            h.raw("<span class=\"markering markering-verlopen\">! ").int(r.overdue_count).raw("</span>");
        } else {
            h.raw("0");
        }
        h.raw("</td>\n<td data-kop=\"Volgende mijlpaal\">");
        if let Some(n) = &r.next_milestone {
            markup::when(&mut h, n.datetime.as_deref(), &n.when_label);
            h.raw(" ").text(&n.what);
        } else {
            h.raw("—");
        }
        h.raw("</td>\n</tr>\n");
    }
    h.0
}

/// A milestone on the road map.
pub fn item(item: &RoadmapItem) -> String {
    let mut h = Html::with_capacity(400);
    let (r, i) = (&item.rec, &item.milestone);
    let link = (r.href.as_str(), r.id.as_str());
    let extra = [("mijlpaal-ministerie", i.ministry.as_str()), ("over-tijd-sinds", i.late.as_deref().unwrap_or(""))];
    milestone(&mut h, i.state, (i.datetime.as_deref(), &i.when_label), Some(link), &i.what, i.slip.as_ref(), &extra);
    h.0
}

/// A quarter's milestones that vanished since last year, on the road map
/// after the quarter's items.
pub fn dropped(q: &Quarter) -> String {
    let mut h = Html::default();
    for d in &q.dropped {
        let link = (d.rec.href.as_str(), d.rec.id.as_str());
        dropped_item(&mut h, &d.milestone, Some(link));
    }
    h.0
}
