//! The lists with a line per recommendation or milestone: a chapter's
//! table of contents, the overview table of `index.html` and the road map
//! of `tijdpad.html`.

use super::SiteBody;
use super::article::milestone;
use super::markup::{self, Html};
use crate::render::view::{ChapterView, Quarter};

/// A chapter's "In dit hoofdstuk": a link and a badge per recommendation.
pub fn contents(c: &ChapterView<SiteBody>) -> String {
    let mut h = Html::with_capacity(c.recommendations.len() * 256);
    for r in &c.recommendations {
        h.raw("<li><a href=\"#").text(&r.label).raw("\">").text(&r.id).raw(" ").text(&r.title).raw("</a> ");
        markup::status_badge(&mut h, r.status.as_ref());
        h.raw("</li>");
    }
    h.0
}

/// A chapter's rows in the overview table.
pub fn overview(c: &ChapterView<SiteBody>) -> String {
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
        h.raw("\">\n<td class=\"nr\"><a href=\"").text(&c.slug).raw(".html#").text(&r.label).raw("\">").text(&r.id);
        h.raw("</a></td>\n<td>").text(&r.title).raw("</td>\n<td>").int(c.number).raw(". ").text(&c.short);
        h.raw("</td>\n<td><abbr title=\"").text(&r.owner_name).raw("\">").text(&r.owner).raw("</abbr></td>\n<td>");
        markup::status_badge(&mut h, r.status.as_ref());
        h.raw("</td>\n</tr>\n");
    }
    h.0
}

/// A quarter's milestones on the road map.
pub fn quarter(q: &Quarter) -> String {
    let mut h = Html::with_capacity(q.items.len() * 400);
    for i in &q.items {
        let link = (i.chapter.as_str(), i.label.as_str(), i.id.as_str());
        milestone(&mut h, i.state, i.datetime.as_deref(), &i.when_label, Some(link), &i.what, i.slip.as_ref());
    }
    h.0
}
