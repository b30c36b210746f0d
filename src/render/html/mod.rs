//! The HTML site: tera templates compiled into the binary, which a content
//! directory may override file by file (`CONTENT_DIR/templates/html/`), as
//! Zola themes allow. Every link is relative, so the site works under any
//! sub-path and from a file share.

mod article;
pub mod downloads;
mod functions;
mod markup;
mod planning;
mod rows;

use super::format::{Format, RenderContext, Written};
use super::{OutFile, RenderError, search, write_file};
use crate::markdown::html::{Links, render_into as render_markdown};
use crate::markdown::text::Texts;
use crate::model::{RecId, Theme};
use crate::paths::ACCESSIBILITY_PAGE;
use crate::theme;
use crate::view::planning::MarkState;
use crate::view::{self, Body, ChapterView, PageView, RecView, ReportView, StatusView, commitments};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;
use tera::{Context, Tera};

/// The templates, and whether one other than `tijdpad.html` may read the
/// road map (which holds every milestone of the report, so it is put in
/// only the contexts that can use it).
fn templates(own: &Theme) -> Result<(Tera, bool), RenderError> {
    let sources = theme::html_sources(own);
    // A top-level variable can only be reached by its name, through the
    // whole context (`__tera_context`), or by a template that includes or
    // extends `tijdpad.html`.
    let roadmap_elsewhere = sources.iter().any(|(name, text)| {
        name != "tijdpad.html"
            && (text.contains("roadmap") || text.contains("__tera_context") || names_in_tags(text, "tijdpad.html"))
    });
    let mut tera = theme::tera(own).map_err(|d| RenderError::Content(vec![d]))?;
    functions::register(&mut tera);
    Ok((tera, roadmap_elsewhere))
}

/// Whether `name` occurs inside a `{% ... %}` tag of `text`.
fn names_in_tags(text: &str, name: &str) -> bool {
    text.split("{%").skip(1).any(|tag| tag.split("%}").next().unwrap_or("").contains(name))
}

/// The site's bodies, each rendered where a page places it: its HTML goes
/// into that page as the page is written, and only its plain-text passages
/// are kept, for the search index written after the pages. Holding every
/// body's HTML at once was the largest allocation of a large report's
/// build (BENCHMARKS.md, "The view built once"). A content's own templates
/// may read any body anywhere, so for them every body is rendered once, up
/// front, and kept.
struct SiteBodies<'a> {
    link: &'a (dyn Fn(&RecId) -> Option<String> + Sync),
    /// By `Body::index`; set the first time a body is rendered.
    passages: Vec<OnceLock<Texts>>,
    /// By `Body::index`: every body's HTML, for a content's own templates.
    kept: Vec<String>,
}

impl<'a> SiteBodies<'a> {
    fn new(view: &ReportView<Body>, link: &'a (dyn Fn(&RecId) -> Option<String> + Sync), keep: bool) -> Self {
        let mut bodies =
            SiteBodies { link, passages: view.bodies().iter().map(|_| OnceLock::new()).collect(), kept: Vec::new() };
        if keep {
            let kept = view.render_each(|b| {
                let mut out = String::new();
                bodies.render(b, &mut out);
                out
            });
            bodies.kept = kept;
        }
        bodies
    }

    fn render(&self, b: &Body, out: &mut String) {
        let links = Links { recommendation: self.link, id_prefix: &b.place.id_prefix, under: b.place.under };
        let passages = render_markdown(&b.markdown.text, &b.markdown.file, &links, out);
        // A body placed twice (a chapter's introduction) reads the same.
        let _ = self.passages[b.index].set(passages);
    }

    /// Appends `b`'s HTML to `out`.
    fn write(&self, b: &Body, out: &mut String) {
        match self.kept.get(b.index) {
            Some(html) => out.push_str(html),
            None => self.render(b, out),
        }
    }

    fn html(&self, b: &Body) -> String {
        let mut out = String::new();
        self.write(b, &mut out);
        out
    }

    /// `b`'s HTML as kept for a content's own templates.
    fn kept(&self, b: &Body) -> &str {
        self.kept.get(b.index).map_or("", String::as_str)
    }

    /// `b`'s passages, read from its text if no page placed it.
    fn passages(&self, b: &Body) -> &Texts {
        self.passages[b.index].get_or_init(|| crate::markdown::text::passages(&b.markdown.text))
    }
}

/// One page of the site.
enum SitePage<'v, 'r> {
    Index,
    /// A chapter, by its position in the view.
    Chapter(usize),
    Free(&'v PageView<Body<'r>>),
    Tijdpad,
    /// The annex of commitments and motions, when the report has them.
    Commitments,
    /// The built-in draft of the accessibility statement, when the content
    /// has no `paginas/toegankelijkheid.md`.
    Accessibility,
}

#[derive(Serialize)]
struct NavChapter {
    slug: String,
    number: usize,
    short: String,
}

#[derive(Serialize)]
struct NavPage {
    slug: String,
    title: String,
}

#[derive(Serialize)]
struct Nav {
    pages_before: Vec<NavPage>,
    chapters: Vec<NavChapter>,
    pages_after: Vec<NavPage>,
    /// Whether the site has `toezeggingen.html`.
    commitments: bool,
}

/// The site, `site/`.
pub struct Site;

impl Format for Site {
    fn name(&self) -> &'static str {
        "html"
    }
    fn about(&self) -> &'static str {
        "the site, in OUT/site/"
    }
    fn outputs(&self, _slug: &str) -> Vec<String> {
        vec!["site".into()]
    }
    fn render(&self, ctx: &RenderContext, dir: &Path) -> Result<Vec<Written>, RenderError> {
        let site = dir.join("site");
        let offered = downloads::copy(ctx.written, dir, &site)?;
        render_site(ctx, &site, &offered)?;
        Ok(Vec::new())
    }
}

/// Writes the whole site, linking `offered` (already in `dir`) from every page.
fn render_site(rc: &RenderContext, dir: &Path, offered: &[downloads::Download]) -> Result<(), RenderError> {
    let own_theme = rc.theme;
    let (tera, roadmap_elsewhere) = templates(own_theme)?;
    // The built-in templates read only the parts and the page's heading;
    // a content's own may read every field, so it gets them all.
    let own = !own_theme.html.is_empty();
    let site_link = |id: &RecId| rc.view.address(id).map(str::to_string);
    let view = rc.view;
    let bodies = SiteBodies::new(view, &site_link, own);
    let html = |b: &Body| Some(bodies.html(b));
    // A content's own templates may read a chapter's every field with the
    // bodies in place (`chapter` on its page): the one copy of the facts,
    // made only when the content brings a template of its own.
    let full: Option<ReportView<&str>> = own.then(|| view.map_bodies(&mut |b| bodies.kept(b)));

    let nav = Nav {
        pages_before: view
            .pages_before
            .iter()
            .map(|p| NavPage { slug: p.slug.clone(), title: p.title.clone() })
            .collect(),
        chapters: view
            .chapters
            .iter()
            .map(|c| NavChapter { slug: c.slug.clone(), number: c.number, short: c.short.clone() })
            .collect(),
        pages_after: view
            .pages_after
            .iter()
            .map(|p| NavPage { slug: p.slug.clone(), title: p.title.clone() })
            .collect(),
        commitments: view.commitments.is_some(),
    };

    let mut base = Context::new();
    base.insert("meta", &view.meta);
    base.insert("statuses", &view.statuses);
    base.insert("nav", &nav);
    base.insert("ministries", &view.ministries);
    base.insert("downloads", offered);
    if own && roadmap_elsewhere {
        base.insert("roadmap", &view.roadmap);
    }

    // `doc_title` is the page's own title, for its metadata.
    let page_ctx = |current: &str, doc_title: &str| {
        let mut ctx = base.clone();
        ctx.insert("current", current);
        ctx.insert("doc_title", doc_title);
        ctx
    };
    // The page is rendered into a string with markers where its streamed
    // parts go (what is left is small: the parts are the megabytes of a
    // large report's page), and written with the parts in their place.
    let render_to = |template: &str, ctx: &Context, file: &str, streams| -> Result<(), RenderError> {
        let page = tera.render(template, ctx).map_err(|e| match own_theme.html.is_empty() {
            true => RenderError::Template(format!("{template}: {}", theme::describe(&e))),
            // A template of the content's own may name what the view lacks.
            false => RenderError::Content(vec![theme::template_error(own_theme, &e)]),
        })?;
        let path = dir.join(file);
        let mut out = OutFile::create(&path)?;
        match write_streamed(&page, streams, &mut out) {
            Ok(()) => out.finish(),
            Err(e) => Err(out.failure().unwrap_or_else(|| RenderError::io(&path, e))),
        }
    };

    // The pages are rendered in parallel; the first failure in page order
    // is the one reported.
    let mut pages = vec![SitePage::Index];
    pages.extend((0..view.chapters.len()).map(SitePage::Chapter));
    pages.extend(view.pages_before.iter().chain(&view.pages_after).map(SitePage::Free));
    pages.push(SitePage::Tijdpad);
    if view.commitments.is_some() {
        pages.push(SitePage::Commitments);
    }
    let own_statement = view.pages_before.iter().chain(&view.pages_after).any(|p| p.slug == ACCESSIBILITY_PAGE);
    match &view.accessibility {
        Some(p) => pages.push(SitePage::Free(p)),
        None if !own_statement => pages.push(SitePage::Accessibility),
        None => {}
    }
    let write_pages = || -> Vec<Result<(), RenderError>> {
        pages
            .par_iter()
            .map(|page| match page {
                SitePage::Index => {
                    let mut index = page_ctx("index", &view.meta.title);
                    let streams = Parts::new(own)
                        .planning(view.planning.as_ref(), true)
                        .stream("overview", |out| write_batches(&view.chapters, rows::overview, out))
                        .into(&mut index);
                    if own {
                        let rows: Vec<ChapterRows> = view.chapters.iter().map(|c| ChapterRows::new(c, &html)).collect();
                        index.insert("chapters", &rows);
                        index.insert("planning", &view.planning);
                    } else {
                        // The built-in index shows no introduction.
                        let heads: Vec<ChapterHead> =
                            view.chapters.iter().map(|c| ChapterHead::new(c, &|_| None)).collect();
                        index.insert("chapters", &heads);
                    }
                    index.insert("summary", &view.summary);
                    index.insert("changes", &view.changes);
                    index.insert("slipped", &view.slipped);
                    index.insert("commitments", &view.commitments);
                    index.insert("overdue", &view.overdue);
                    index.insert("milestone_counts", &view.milestone_counts);
                    index.insert("headlines", &view.headlines);
                    render_to("index.html", &index, "index.html", streams)
                }
                SitePage::Chapter(n) => {
                    let c = &view.chapters[*n];
                    let mut ctx = page_ctx(&c.slug, &c.heading);
                    let figures: Vec<String> = c
                        .figures
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let mut h = markup::Html::default();
                            markup::figure(&mut h, f, &format!("kerncijfer-{}", i + 1));
                            h.0
                        })
                        .collect();
                    let write_article = |r: &RecView<Body>| article::article(r, &|b, out| bodies.write(b, out));
                    let streams = Parts::new(own)
                        .planning(c.planning.as_ref(), false)
                        .html("figures", figures)
                        .html("contents", rows::contents(c))
                        .stream("articles", move |out| write_batches(&c.recommendations, write_article, out))
                        .into(&mut ctx);
                    match &full {
                        Some(full) => ctx.insert("chapter", &full.chapters[*n]),
                        None => ctx.insert("chapter", &ChapterHead::new(c, &html)),
                    }
                    render_to("chapter.html", &ctx, &c.href, streams)
                }
                SitePage::Free(p) => {
                    let mut ctx = page_ctx(&p.slug, &p.title);
                    let page = PageView {
                        slug: p.slug.clone(),
                        title: p.title.clone(),
                        href: p.href.clone(),
                        body: bodies.html(&p.body),
                    };
                    ctx.insert("page", &page);
                    render_to("page.html", &ctx, &p.href, Vec::new())
                }
                SitePage::Tijdpad => {
                    let mut ctx = page_ctx("tijdpad", "Tijdpad");
                    let mut parts = Parts::new(own);
                    let mut quarters = Vec::new();
                    for q in &view.roadmap {
                        // The quarter's milestones, then the ones that vanished.
                        let items = parts.part(move |out| write_batches(&q.items, rows::item, out));
                        let mut quarter = serde_json::Map::new();
                        quarter.insert("key".into(), q.key.clone().into());
                        quarter.insert("label".into(), q.label.clone().into());
                        quarter.insert("items".into(), (items + &rows::dropped(q)).into());
                        quarters.push(Value::Object(quarter));
                    }
                    let streams = parts.html("roadmap", Value::Array(quarters)).into(&mut ctx);
                    ctx.insert("roadmap_peil", &view.roadmap_peil);
                    if own && !roadmap_elsewhere {
                        ctx.insert("roadmap", &view.roadmap);
                    }
                    render_to("tijdpad.html", &ctx, "tijdpad.html", streams)
                }
                SitePage::Commitments => {
                    let mut ctx = page_ctx(commitments::PAGE, "Toezeggingen en moties");
                    ctx.insert("commitments", &view.commitments);
                    render_to("toezeggingen.html", &ctx, &view::page_address(commitments::PAGE), Vec::new())
                }
                SitePage::Accessibility => {
                    let mut ctx = page_ctx(ACCESSIBILITY_PAGE, "Toegankelijkheid");
                    // The statement says which files the tests do not cover.
                    ctx.insert("replaced", &theme::replaced(own_theme));
                    render_to("toegankelijkheid.html", &ctx, &format!("{ACCESSIBILITY_PAGE}.html"), Vec::new())
                }
            })
            .collect()
    };
    // The search index takes the passages the pages left.
    let write_index = || {
        let passages = |b| bodies.passages(b);
        let index = search::index(view, &passages);
        let path = dir.join("static").join("zoekindex.js");
        let mut out = OutFile::create(&path)?;
        match search::write_script(&index, &mut out) {
            Ok(()) => out.finish(),
            Err(e) => Err(out.failure().unwrap_or_else(|| RenderError::io(&path, e))),
        }
    };
    write_pages().into_iter().collect::<Result<(), RenderError>>()?;
    write_index()?;

    for (name, text) in theme::STATIC {
        write_file(&dir.join("static").join(name), theme::static_text(own_theme, name, text).as_bytes())?;
    }
    write_file(&dir.join("static").join("statussen.css"), generated_css(&view.statuses).as_bytes())?;
    for image in rc.images {
        write_file(&dir.join(&image.rel), &image.bytes)?;
    }
    Ok(())
}

/// The parts of a built-in page written in Rust (`parts.articles`, ...),
/// moved into the template's context as they are: `Context::insert`
/// would copy each, megabytes on a large report's chapter page.
///
/// The largest parts (a chapter's articles, the planning figures, the
/// road map) are streamed: the template gets a marker in their place, and
/// the part is written into the page's file where the marker stands, a
/// batch at a time, so that no page holds them whole (BENCHMARKS.md). A
/// content's own templates may read any part as a value, so for them
/// every part is held.
struct Parts<'s> {
    values: serde_json::Map<String, Value>,
    streams: Vec<(String, Stream<'s>)>,
    held: bool,
}

/// Writes a streamed part.
type Stream<'s> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 's>;

impl<'s> Parts<'s> {
    /// `held`: every part as a value (a content's own templates).
    fn new(held: bool) -> Self {
        Parts { values: serde_json::Map::new(), streams: Vec::new(), held }
    }

    fn html(mut self, name: &str, part: impl Into<Value>) -> Self {
        self.values.insert(name.to_string(), part.into());
        self
    }

    /// A part written by `write` as the page is written.
    fn stream(mut self, name: &str, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 's) -> Self {
        let part = self.part(write);
        self.html(name, part)
    }

    /// What a template gets for a part written by `write`: the part
    /// itself when parts are held, else its marker.
    fn part(&mut self, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 's) -> String {
        if self.held {
            let mut bytes = Vec::new();
            // Writing into memory fails only where the part's writer does.
            let _ = write(&mut bytes);
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        // No content holds a control character (`check`), so none holds a marker.
        let marker = format!("{MARKER_EDGE}part {}{MARKER_EDGE}", self.streams.len());
        self.streams.push((marker.clone(), Box::new(write)));
        marker
    }

    /// The planning figure, and `has_planning` for a template to test:
    /// tera copies a value to test it, and a large report's figure is
    /// megabytes.
    fn planning(self, p: Option<&'s view::planning::Planning>, whole: bool) -> Self {
        let parts = self.html("has_planning", p.is_some());
        match p {
            Some(p) => parts.stream("planning", move |out| planning::write_figure(p, "planning", whole, out)),
            None => parts.html("planning", Value::Null),
        }
    }

    /// Adds them to `ctx` as `parts`; returns the streams, for `render_to`.
    fn into(self, ctx: &mut Context) -> Vec<(String, Stream<'s>)> {
        let mut top = serde_json::Map::new();
        top.insert("parts".to_string(), Value::Object(self.values));
        // An object is always a context.
        if let Ok(parts) = Context::from_value(Value::Object(top)) {
            ctx.extend(parts);
        }
        self.streams
    }
}

/// Writes `page` with each stream written where its marker stands (a
/// marker the template does not show is not written), in page order. On a
/// page with streams, a marker shown twice or a control character
/// elsewhere is refused: `check` refuses control characters in every
/// content file a built-in page is made from, so either would mean a part
/// placed where it does not belong.
fn write_streamed(page: &str, streams: Vec<(String, Stream)>, out: &mut dyn Write) -> std::io::Result<()> {
    // A page without streams (a content's own templates hold every part)
    // has no marker to misplace.
    let streaming = !streams.is_empty();
    let mut found: Vec<(usize, String, Stream)> =
        streams.into_iter().filter_map(|(m, s)| page.find(&m).map(|at| (at, m, s))).collect();
    let markers = found.iter().map(|(_, m, _)| m.as_str()).collect::<Vec<_>>();
    let misplaced =
        page.matches(MARKER_EDGE).count() != 2 * markers.len() || markers.iter().any(|m| page.matches(m).count() != 1);
    if streaming && misplaced {
        return Err(std::io::Error::other("a control character or a part's marker stands where no part belongs"));
    }
    found.sort_by_key(|(at, ..)| *at);
    let mut from = 0;
    for (at, marker, stream) in found {
        out.write_all(&page.as_bytes()[from..at])?;
        stream(out)?;
        from = at + marker.len();
    }
    out.write_all(&page.as_bytes()[from..])
}

/// What a part's marker begins and ends with: a control character, which
/// no content file may hold.
const MARKER_EDGE: char = '\u{1}';

/// Writes `items` in order, each made by `make`: in parallel, a batch at
/// a time, so that only one batch is held.
fn write_batches<T: Sync>(items: &[T], make: impl Fn(&T) -> String + Sync, out: &mut dyn Write) -> std::io::Result<()> {
    const BATCH: usize = 64;
    for batch in items.chunks(BATCH) {
        let made: Vec<String> = batch.par_iter().map(&make).collect();
        for m in made {
            out.write_all(m.as_bytes())?;
        }
    }
    Ok(())
}

/// A chapter as the built-in templates read it: its heading and
/// introduction; the rest comes as parts.
#[derive(Serialize)]
struct ChapterHead<'a> {
    slug: &'a str,
    number: usize,
    title: &'a str,
    short: &'a str,
    intro: Option<String>,
}

impl<'a> ChapterHead<'a> {
    /// `intro` gives the introduction's HTML, where the page shows it.
    fn new(c: &'a ChapterView<Body>, intro: &dyn Fn(&Body) -> Option<String>) -> Self {
        ChapterHead {
            slug: &c.slug,
            number: c.number,
            title: &c.title,
            short: &c.short,
            intro: c.intro.as_ref().and_then(intro),
        }
    }
}

/// A chapter on a content's own `index.html`: its heading and the rows
/// of its recommendations, not their rendered bodies.
#[derive(Serialize)]
struct ChapterRows<'a> {
    #[serde(flatten)]
    head: ChapterHead<'a>,
    recommendations: Vec<RowView<'a>>,
}

#[derive(Serialize)]
struct RowView<'a> {
    id: &'a str,
    label: &'a str,
    title: &'a str,
    owner: &'a str,
    owner_name: &'a str,
    involved: &'a [String],
    status: Option<&'a StatusView>,
}

impl<'a> ChapterRows<'a> {
    fn new(c: &'a ChapterView<Body>, html: &dyn Fn(&Body) -> Option<String>) -> Self {
        ChapterRows {
            head: ChapterHead::new(c, html),
            recommendations: c
                .recommendations
                .iter()
                .map(|r| RowView {
                    id: &r.id,
                    label: &r.label,
                    title: &r.title,
                    owner: &r.owner,
                    owner_name: &r.owner_name,
                    involved: &r.involved,
                    status: r.status.as_ref(),
                })
                .collect(),
        }
    }
}

/// The stylesheet of the colours the view decides. Badge colours come
/// from rapport.yaml (validated as `#rrggbb`); classes use the status's
/// position, so no content text ever becomes CSS. A milestone's mark is
/// drawn in its state's one colour (`MarkState::color`), the colour the
/// PDF and the planning use, on white (each is at least 4.5:1 on it).
fn generated_css(statuses: &[StatusView]) -> String {
    let badges = statuses
        .iter()
        .map(|s| format!(".status-{} {{ background: {}; color: {}; }}\n", s.index, s.color, s.text_color));
    let marks = MarkState::ALL.iter().map(|m| {
        let (key, color) = (m.key(), m.color());
        format!(
            ".markering-{key} {{ color: {color}; background: #ffffff; border: 1px solid {color}; }}\n\
             .mijlpalen li.{key}, .toezegging.{key} {{ border-left-color: {color}; }}\n"
        )
    });
    badges.chain(marks).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Report;
    use crate::view;

    /// The site of `report`, drawn as `build` draws it.
    fn render(report: &Report, dir: &Path) -> Result<(), RenderError> {
        let view = view::build(report);
        let tools = super::super::format::Tools::default();
        render_site(&RenderContext::new(&view, &report.images, &report.theme, &tools), dir, &[])
    }

    /// "(vorig jaar: …)" follows one view field, `changed_from`, on the site
    /// and in the PDF's data alike: beside a changed status only, and only
    /// when no "Status per jaar" row says it. The consistency fixture's
    /// recommendations all have that row; cut their history to this
    /// edition to see the other case.
    #[test]
    fn last_years_status_is_shown_only_when_it_changed_and_no_row_says_it() {
        let (report, diags) = crate::validate::load_report(Path::new("tests/fixtures/consistency"));
        let mut report = report.unwrap_or_else(|| panic!("{}", diags.render(false)));
        let drawn = |report: &Report| -> Vec<(String, bool, Option<String>)> {
            let built = view::build(report);
            let data = serde_json::to_value(crate::render::pdf::data(&built)).unwrap();
            let pdf: Vec<&serde_json::Value> = data["chapters"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|c| c["recommendations"].as_array().unwrap())
                .collect();
            built
                .chapters
                .iter()
                .flat_map(|c| &c.recommendations)
                .zip(pdf)
                .map(|(r, p)| {
                    let html = article::article(r, &|_, _| {});
                    let note = r.changed_from.as_ref().map(|l| format!("(vorig jaar: {l})"));
                    assert_eq!(p["changed_from"].as_str(), r.changed_from.as_deref(), "{} in the PDF's data", r.id);
                    (r.id.clone(), html.contains("(vorig jaar: "), note.filter(|n| html.contains(n.as_str())))
                })
                .collect()
        };
        assert!(drawn(&report).iter().all(|(_, shown, _)| !shown), "every one has a Status per jaar row");
        for r in &mut report.recommendations {
            let now = r.history.len() - 1;
            r.history.drain(..now);
        }
        let note = |l: &str| Some(format!("(vorig jaar: {l})"));
        assert_eq!(
            drawn(&report),
            [
                ("2.1.A".to_string(), true, note("In uitvoering")),
                ("2.1.B".to_string(), true, note("In uitvoering")),
                ("4.1.A".to_string(), false, None),
                ("4.2.C".to_string(), true, note("In voorbereiding")),
            ]
        );
    }

    #[test]
    fn tags_that_pull_in_a_template() {
        assert!(names_in_tags("{% include \"tijdpad.html\" %}", "tijdpad.html"));
        assert!(names_in_tags("a {%- extends 'tijdpad.html' -%} b", "tijdpad.html"));
        assert!(!names_in_tags(
            "<a href=\"tijdpad.html\">{% if current == \"tijdpad\" %}x{% endif %}</a>",
            "tijdpad.html"
        ));
    }

    #[test]
    fn built_in_templates_keep_the_road_map_on_its_page() {
        let (_, roadmap_elsewhere) = templates(&Theme::default()).unwrap();
        assert!(
            !roadmap_elsewhere,
            "only tijdpad.html reads `roadmap`; if another built-in template needs it now, drop this assertion"
        );
    }

    /// A content directory's own template that reads the road map gets it.
    #[test]
    fn a_custom_template_may_read_the_road_map() {
        let (tmp, report) = sample_with_template("page.html", "quarters: {{ roadmap | length }}");
        let quarters = view::build(&report).roadmap.len();
        assert!(quarters > 0);
        let site = tmp.path().join("site");
        render(&report, &site).unwrap();
        let page = std::fs::read_to_string(site.join(format!("{}.html", report.pages_before[0].slug))).unwrap();
        assert_eq!(page, format!("quarters: {quarters}"));
    }

    /// A content's own template gets every field and draws badges and
    /// sources with the same functions as the parts written in Rust.
    #[test]
    fn a_custom_chapter_template_reads_every_field_and_shares_the_badge() {
        let (tmp, report) = sample_with_template(
            "chapter.html",
            "{% for r in chapter.recommendations %}{{ r.id }}={{ badge(status=r.status) }}{% for s in r.sources %}|{{ source(s=s) }}{% endfor %}\n{% endfor %}",
        );
        let site = tmp.path().join("site");
        render(&report, &site).unwrap();
        let page = std::fs::read_to_string(site.join("werk.html")).unwrap();
        let view = view::build(&report);
        let werk = view.chapters.iter().find(|c| c.slug == "werk").unwrap();
        assert_eq!(page.lines().count(), werk.recommendations.len());
        for (line, r) in page.lines().zip(&werk.recommendations) {
            let mut badge = markup::Html::default();
            markup::status_badge(&mut badge, r.status.as_ref());
            assert!(line.starts_with(&format!("{}={}", r.id, badge.0)), "{line}");
        }
        assert!(page.contains("<a href=\"https:&#x2F;&#x2F;zoek.officielebekendmakingen.nl"), "{page}");
    }

    /// The sample report with one template of its own.
    fn sample_with_template(name: &str, text: &str) -> (tempfile::TempDir, Report) {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        copy_dir(Path::new("content"), &content);
        let dir = content.join("templates").join("html");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
        let (report, diags) = crate::validate::load_report(&content);
        (tmp, report.unwrap_or_else(|| panic!("{}", diags.render(false))))
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// A part lands where its marker stands; a marker shown twice or a
    /// stray control character is refused rather than guessed at.
    #[test]
    fn streamed_parts_land_at_their_markers_and_nowhere_else() {
        let write = |page: &dyn Fn(&[String]) -> String| {
            let mut parts = Parts::new(false);
            let a = parts.part(|out| out.write_all(b"<p>a</p>"));
            let b = parts.part(|out| out.write_all(b"<p>b</p>"));
            let page = page(&[a, b]);
            let mut out = Vec::new();
            write_streamed(&page, parts.streams, &mut out).map(|()| String::from_utf8(out).unwrap())
        };
        let m = |k: &[String], i: usize| k[i].clone();
        assert_eq!(
            write(&|k| format!("<main>{}|{}</main>", m(k, 1), m(k, 0))).unwrap(),
            "<main><p>b</p>|<p>a</p></main>"
        );
        // A part the template does not show is not written.
        assert_eq!(write(&|k| format!("<main>{}</main>", m(k, 0))).unwrap(), "<main><p>a</p></main>");
        assert!(write(&|k| format!("{}{}{}", m(k, 0), m(k, 1), m(k, 0))).is_err());
        assert!(write(&|k| format!("{}\u{1}", m(k, 0))).is_err());
    }
}
