//! The HTML site as a reader and a browser get it, checked with an HTML
//! parser on sites built by the real binary: the fixture and the sample
//! report in `content/`. What the site should contain is worked out here,
//! independently of `src/`, from the content files themselves.

mod common;
use common::{Case, copy_dir};
use scraper::{ElementRef, Html, Selector};
use serde_yaml_ng::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- helpers

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s:?}: {e:?}"))
}

/// Text of an element with runs of whitespace made one space.
fn text(el: ElementRef) -> String {
    el.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A site built by the binary into a temporary directory.
struct Site {
    case: Case,
}

impl Site {
    /// Builds `tests/fixtures/<name>`.
    fn fixture(name: &str) -> Site {
        Site::build(Case::new(name))
    }

    /// Builds a copy of the sample report in `content/`.
    fn sample() -> Site {
        Site::build(sample_case())
    }

    fn build(case: Case) -> Site {
        Site::build_into(case, "out")
    }

    fn build_into(case: Case, out: &str) -> Site {
        let outcome = case.run(&["build", "content", "--out", out, "--format", "html"]);
        outcome.code(0);
        let site = Site { case };
        assert!(site.dir_of(out).join("index.html").is_file(), "no index.html; stderr:\n{}", outcome.stderr);
        site
    }

    fn dir_of(&self, out: &str) -> PathBuf {
        self.case.root().join(out).join("site")
    }

    fn dir(&self) -> PathBuf {
        self.dir_of("out")
    }

    fn content(&self) -> PathBuf {
        self.case.content()
    }

    /// Every file of the site, as `/`-separated paths relative to its root.
    fn files(&self) -> Vec<String> {
        files_under(&self.dir())
    }

    fn html_files(&self) -> Vec<String> {
        self.files().into_iter().filter(|f| f.ends_with(".html")).collect()
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

fn sample_case() -> Case {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &tmp.path().join("content"));
    Case { tmp }
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
        })
        .collect();
    out.sort();
    out
}

// ------------------------------------------------- what the site should show

/// One recommendation as the content files describe it.
#[derive(Debug, Clone)]
struct Expected {
    id: String,
    anchor: String,
    title: String,
    chapter: String,
    owner: String,
    involved: Vec<String>,
    /// Position in the report's status list and its label; `None` is
    /// "Geen status".
    status: Option<(usize, String)>,
}

/// `2.1.A`, `2.1 a`, `2.1a` → (`2.1.A`, theme 2, `aanbeveling-2-1-a`).
fn normal_id(text: &str) -> (String, u32, String) {
    let t = text.trim();
    let (theme, rest) = t.split_once('.').unwrap_or_else(|| panic!("not an id: {t:?}"));
    let rest = rest.trim_start();
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let (group, tail) = rest.split_at(end);
    let letter = tail.trim_start_matches(['.', ' ']).to_ascii_uppercase();
    let theme: u32 = theme.trim().parse().unwrap_or_else(|_| panic!("not an id: {t:?}"));
    let group: u32 = group.parse().unwrap_or_else(|_| panic!("not an id: {t:?}"));
    (format!("{theme}.{group}.{letter}"), theme, format!("aanbeveling-{theme}-{group}-{}", letter.to_ascii_lowercase()))
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.replace("\r\n", "\n");
    let Some(rest) = text.strip_prefix("---\n") else { return Value::Null };
    let end = rest.find("\n---").unwrap_or_else(|| panic!("{}: unterminated front matter", path.display()));
    serde_yaml_ng::from_str(&rest[..end + 1]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_sequence)
        .map(|s| s.iter().map(|x| x.as_str().expect("a string").to_string()).collect())
        .unwrap_or_default()
}

/// The report's statuses as (key, label), from rapport.yaml or the defaults.
fn statuses(settings: &Value) -> Vec<(String, String)> {
    match settings.get("statussen").and_then(Value::as_sequence) {
        Some(list) => list
            .iter()
            .map(|s| (str_of(s, "sleutel").unwrap().to_string(), str_of(s, "label").unwrap().to_string()))
            .collect(),
        None => [
            ("afgerond", "Afgerond"),
            ("in-uitvoering", "In uitvoering"),
            ("in-voorbereiding", "In voorbereiding"),
            ("vertraagd", "Vertraagd"),
            ("niet-gestart", "Nog niet gestart"),
            ("niet-overgenomen", "Niet overgenomen"),
        ]
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect(),
    }
}

/// Every recommendation of `aanbevelingen.yaml`, with the chapter it lands
/// in (by theme) and the status its owner's contribution gives it (a
/// folded-in one without its own status shows the status it was folded
/// into).
fn catalogue(content: &Path) -> Vec<Expected> {
    let settings = yaml(&content.join("rapport.yaml"));
    let statuses = statuses(&settings);
    let chapters: Vec<(String, Vec<u64>)> = settings["hoofdstukken"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| {
            let themes = c["themas"].as_sequence().unwrap().iter().map(|t| t.as_u64().unwrap()).collect();
            (str_of(c, "slug").unwrap().to_string(), themes)
        })
        .collect();

    // Own status of each recommendation, from bijdragen/<owner>/<id>.md.
    let mut own: BTreeMap<String, (String, Option<String>)> = BTreeMap::new(); // id → (owner, status text)
    let list = yaml(&content.join("aanbevelingen.yaml"));
    let list = list.as_sequence().expect("aanbevelingen.yaml is a list");
    for r in list {
        let (id, _, _) = normal_id(str_of(r, "id").unwrap());
        own.insert(id, (str_of(r, "eigenaar").unwrap().to_string(), None));
    }
    for entry in walkdir::WalkDir::new(content.join("bijdragen")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let ministry = entry.path().parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        let (id, _, _) = normal_id(&entry.path().file_stem().unwrap().to_string_lossy());
        let fm = front_matter(entry.path());
        if let Some((owner, status)) = own.get_mut(&id)
            && *owner == ministry
        {
            *status = str_of(&fm, "status").map(str::to_string);
        }
    }
    let find = |text: &str| {
        let t = text.trim().to_lowercase();
        statuses
            .iter()
            .position(|(k, l)| k.to_lowercase() == t || l.to_lowercase() == t)
            .map(|i| (i, statuses[i].1.clone()))
            .unwrap_or_else(|| panic!("unknown status {text:?} in the content"))
    };
    let status_of = |id: &str| own.get(id).and_then(|(_, s)| s.as_deref()).map(find);

    list.iter()
        .map(|r| {
            let (id, theme, anchor) = normal_id(str_of(r, "id").unwrap());
            let chapter = match str_of(r, "hoofdstuk") {
                Some(slug) => slug.to_string(),
                None => chapters
                    .iter()
                    .find(|(_, themes)| themes.contains(&(theme as u64)))
                    .unwrap_or_else(|| panic!("no chapter for {id}"))
                    .0
                    .clone(),
            };
            let status =
                status_of(&id).or_else(|| str_of(r, "meegenomen_bij").and_then(|t| status_of(&normal_id(t).0)));
            Expected {
                title: str_of(r, "titel").unwrap().to_string(),
                owner: str_of(r, "eigenaar").unwrap().to_string(),
                involved: strings(r, "betrokken"),
                chapter,
                status,
                id,
                anchor,
            }
        })
        .collect()
}

fn sites() -> Vec<(&'static str, Site)> {
    vec![("fixture valid", Site::fixture("valid")), ("sample content/", Site::sample())]
}

// ------------------------------------------------------------------ tests

#[test]
fn every_recommendation_is_on_its_chapter_page_with_heading_and_status() {
    for (name, site) in sites() {
        let expected = catalogue(&site.content());
        assert!(!expected.is_empty(), "{name}: empty catalogue");
        let mut pages: BTreeMap<String, Html> = BTreeMap::new();
        for e in &expected {
            let file = format!("{}.html", e.chapter);
            let page = pages.entry(file.clone()).or_insert_with(|| site.page(&file));
            let articles: Vec<ElementRef> = page.select(&sel(&format!("article#{}", e.anchor))).collect();
            assert_eq!(articles.len(), 1, "{name}: {file} should have one article#{} for {}", e.anchor, e.id);
            let article = articles[0];

            let heading = article.select(&sel("h2")).next().unwrap_or_else(|| panic!("{name}: {} has no h2", e.id));
            assert_eq!(text(heading), format!("{} {}", e.id, e.title), "{name}: heading of {} in {file}", e.id);
            assert_eq!(
                article.attr("aria-labelledby"),
                heading.attr("id"),
                "{name}: the article of {} is labelled by its heading",
                e.id
            );

            let badge = article
                .select(&sel(".status-regel .status"))
                .next()
                .unwrap_or_else(|| panic!("{name}: {} has no status badge", e.id));
            let label = e.status.as_ref().map_or("Geen status", |(_, l)| l.as_str());
            assert_eq!(text(badge), label, "{name}: status of {} in {file}", e.id);
            let class = e.status.as_ref().map_or("status-geen".to_string(), |(i, _)| format!("status-{i}"));
            assert!(badge.value().classes().any(|c| c == class), "{name}: badge of {} should have class {class}", e.id);

            // The chapter's table of contents links to it.
            let toc = format!("nav.hoofdstuk-inhoud a[href=\"#{}\"]", e.anchor);
            assert_eq!(page.select(&sel(&toc)).count(), 1, "{name}: {file} contents should link {}", e.anchor);
        }

        // And nowhere else: each anchor is on exactly one page of the site.
        let ids_of: Vec<(String, BTreeSet<String>)> = site
            .html_files()
            .into_iter()
            .map(|f| {
                let ids = site.page(&f).select(&sel("[id]")).map(|e| e.attr("id").unwrap().to_string()).collect();
                (f, ids)
            })
            .collect();
        for e in &expected {
            let on: Vec<&str> =
                ids_of.iter().filter(|(_, ids)| ids.contains(&e.anchor)).map(|(f, _)| f.as_str()).collect();
            assert_eq!(on, vec![format!("{}.html", e.chapter)], "{name}: pages holding #{}", e.anchor);
        }
    }
}

/// Every part of the status chart's bars prints its count inside it, the
/// sample's single "Niet overgenomen" among the 50 included: a part too
/// small for its number is widened in the view, not left as a sliver.
#[test]
fn every_part_of_the_status_bars_prints_its_count() {
    let site = Site::sample();
    let index = site.page("index.html");
    let chart = index.select(&sel("figure.grafiek svg")).next().expect("the status chart");
    let parts: Vec<String> = chart
        .select(&sel("rect > title"))
        .map(|t| text(t).rsplit(": ").next().unwrap_or_default().to_string())
        .collect();
    let numbers: Vec<String> = chart.select(&sel("text.grafiek-getal")).map(text).collect();
    assert!(parts.iter().any(|n| n == "1"), "the sample has a part of one: {parts:?}");
    assert_eq!(numbers, parts, "one number per part, in order");
}

#[test]
fn overview_table_has_one_row_per_recommendation_with_a_status_badge() {
    for (name, site) in sites() {
        let expected = catalogue(&site.content());
        let index = site.page("index.html");
        let rows: Vec<ElementRef> = index.select(&sel("#overzicht tbody tr")).collect();
        assert_eq!(rows.len(), expected.len(), "{name}: one overview row per recommendation");

        let mut seen = BTreeSet::new();
        for row in rows {
            let link =
                row.select(&sel("a")).next().unwrap_or_else(|| panic!("{name}: row without a link: {}", row.html()));
            let id = text(link);
            let e = expected.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("{name}: row for unknown {id:?}"));
            assert!(seen.insert(id.clone()), "{name}: {id} has two rows");
            assert_eq!(
                link.attr("href"),
                Some(format!("{}.html#{}", e.chapter, e.anchor).as_str()),
                "{name}: link of {id}"
            );
            assert!(text(row).contains(&e.title), "{name}: row of {id} shows its title");
            assert_eq!(row.attr("data-hoofdstuk"), Some(e.chapter.as_str()), "{name}: data-hoofdstuk of {id}");
            let ministries: Vec<String> = std::iter::once(e.owner.clone()).chain(e.involved.iter().cloned()).collect();
            assert_eq!(
                row.attr("data-ministerie"),
                Some(ministries.join(" ").as_str()),
                "{name}: data-ministerie of {id}"
            );
            let status_index = e.status.as_ref().map_or(String::new(), |(i, _)| i.to_string());
            assert_eq!(row.attr("data-status"), Some(status_index.as_str()), "{name}: data-status of {id}");
            let badges: Vec<ElementRef> = row.select(&sel(".status")).collect();
            assert_eq!(badges.len(), 1, "{name}: row of {id} has one status badge");
            assert_eq!(
                text(badges[0]),
                e.status.as_ref().map_or("Geen status", |(_, l)| l.as_str()),
                "{name}: badge of {id}"
            );
        }

        // The filter form is there for filter.js, hidden until it runs.
        let form = index.select(&sel("form#filter")).next().expect("form#filter");
        assert!(form.attr("hidden").is_some(), "{name}: the filter form is hidden without JavaScript");
        for control in ["select#f-hoofdstuk", "select#f-ministerie", "select#f-status", "input#f-zoek"] {
            let c = index.select(&sel(control)).next().unwrap_or_else(|| panic!("{name}: no {control}"));
            let id = c.attr("id").unwrap();
            assert_eq!(index.select(&sel(&format!("label[for=\"{id}\"]"))).count(), 1, "{name}: {control} has a label");
        }
        assert!(index.select(&sel("#filter-telling")).next().is_some(), "{name}: #filter-telling");
        let chapters: Vec<String> = index
            .select(&sel("#f-hoofdstuk option"))
            .filter_map(|o| o.attr("value").filter(|v| !v.is_empty()).map(str::to_string))
            .collect();
        let want: BTreeSet<String> = expected.iter().map(|e| e.chapter.clone()).collect();
        assert!(want.iter().all(|c| chapters.contains(c)), "{name}: every chapter can be chosen: {chapters:?}");
    }
}

/// Where `value` of an href/src points: `None` for a link that leaves the
/// site (http, https, mailto), else (file relative to the site root,
/// fragment).
fn local_target(from: &str, value: &str) -> Option<(String, Option<String>)> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
        return None;
    }
    let (path, fragment) = match v.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (v, None),
    };
    let path = path.split('?').next().unwrap();
    if path.is_empty() {
        return Some((from.to_string(), fragment));
    }
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(parts.pop().is_some(), "{from}: {value:?} climbs out of the site");
            }
            s => parts.push(jaarrapport::serve::percent_decode(s)),
        }
    }
    Some((parts.join("/"), fragment))
}

#[test]
fn every_local_link_resolves_and_nothing_is_loaded_from_elsewhere() {
    for (name, site) in sites() {
        let files: BTreeSet<String> = site.files().into_iter().collect();
        let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in site.html_files() {
            let page = site.page(&f);
            ids.insert(f.clone(), page.select(&sel("[id]")).map(|e| e.attr("id").unwrap().to_string()).collect());
        }
        let mut checked = 0;
        for f in site.html_files() {
            let page = site.page(&f);
            for el in page.select(&sel("[href], [src], [srcset], [action], [poster], [data]")) {
                let tag = el.value().name();
                for (attr, value) in el.value().attrs() {
                    let attr_local = attr.rsplit(':').next().unwrap();
                    if !matches!(attr_local, "href" | "src" | "srcset" | "action" | "poster" | "data") {
                        continue;
                    }
                    let v = value.trim();
                    let where_ = format!("{name}: {f}: <{tag} {attr}=\"{value}\">");
                    assert!(!v.is_empty(), "{where_}: empty link");
                    let lower = v.to_ascii_lowercase();
                    assert!(!lower.starts_with('/') && !lower.starts_with("file:"), "{where_}: not relative");
                    assert!(!lower.starts_with("//"), "{where_}: protocol-relative URL");
                    let external = lower.starts_with("http:") || lower.starts_with("https:");
                    // Only a reader's link may leave the site; nothing is loaded from elsewhere.
                    if external {
                        assert!(tag == "a" && attr == "href", "{where_}: external resource");
                        continue;
                    }
                    if attr_local == "srcset" || attr_local == "action" {
                        panic!("{where_}: the site uses no {attr_local}");
                    }
                    let Some((target, fragment)) = local_target(&f, v) else { continue };
                    assert!(files.contains(&target), "{where_}: {target} does not exist in the site");
                    if let Some(frag) = fragment {
                        assert!(!frag.is_empty(), "{where_}: empty fragment");
                        let frag = jaarrapport::serve::percent_decode(&frag);
                        assert!(
                            ids.get(&target).is_some_and(|set| set.contains(&frag)),
                            "{where_}: no element with id {frag:?} in {target}"
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 20, "{name}: only {checked} links checked");

        // Style sheets import nothing and point at nothing outside.
        for css in files.iter().filter(|f| f.ends_with(".css")) {
            let text = site.read(css).to_ascii_lowercase();
            assert!(!text.contains("@import"), "{name}: {css} imports");
            assert!(!text.contains("url("), "{name}: {css} loads a url()");
            assert!(!text.contains("http:") && !text.contains("https:"), "{name}: {css} names a web address");
        }
        // The script fetches nothing.
        for js in files.iter().filter(|f| f.ends_with(".js")) {
            let text = site.read(js);
            for word in ["fetch(", "XMLHttpRequest", "http:", "https:", "import(", "eval("] {
                assert!(!text.contains(word), "{name}: {js} contains {word}");
            }
        }
    }
}

#[test]
fn every_page_is_dutch_has_one_h1_and_unique_ids() {
    for (name, site) in sites() {
        let pages = site.html_files();
        let settings = yaml(&site.content().join("rapport.yaml"));
        // The accessibility statement: the content's own or the draft.
        let mut want: Vec<String> = vec!["index.html".into(), "tijdpad.html".into(), "toegankelijkheid.html".into()];
        // The annex of commitments and motions, when the report has any.
        if site.content().join("toezeggingen.yaml").exists() {
            want.push("toezeggingen.html".into());
        }
        for c in settings["hoofdstukken"].as_sequence().unwrap() {
            want.push(format!("{}.html", str_of(c, "slug").unwrap()));
        }
        for key in ["paginas_voor", "paginas_na"] {
            want.extend(strings(&settings, key).into_iter().map(|p| format!("{p}.html")));
        }
        for w in &want {
            assert!(pages.contains(w), "{name}: {w} missing; pages: {pages:?}");
        }
        assert_eq!(pages.len(), want.len(), "{name}: unexpected pages: {pages:?}");

        for f in &pages {
            let source = site.read(f);
            assert!(source.starts_with("<!DOCTYPE html>"), "{name}: {f} starts with a doctype");
            let page = Html::parse_document(&source);
            let html = page.root_element();
            assert_eq!(html.attr("lang"), Some("nl"), "{name}: {f}: <html lang=\"nl\">");
            assert_eq!(page.select(&sel("h1")).count(), 1, "{name}: {f}: exactly one h1");
            assert!(!text(page.select(&sel("h1")).next().unwrap()).is_empty(), "{name}: {f}: h1 has text");
            let title = page.select(&sel("head > title")).next().map(text).unwrap_or_default();
            assert!(!title.is_empty(), "{name}: {f}: a title");
            assert_eq!(page.select(&sel("main")).count(), 1, "{name}: {f}: one main");
            assert!(page.select(&sel("meta[charset]")).next().is_some(), "{name}: {f}: charset");
            assert!(page.select(&sel("meta[name=viewport]")).next().is_some(), "{name}: {f}: viewport");
            let mut seen = BTreeSet::new();
            for el in page.select(&sel("[id]")) {
                let id = el.attr("id").unwrap();
                assert!(!id.is_empty() && !id.contains(char::is_whitespace), "{name}: {f}: bad id {id:?}");
                assert!(seen.insert(id.to_string()), "{name}: {f}: id {id:?} is used twice");
            }
            // Every id reference (labels, ARIA) points at an element of the page.
            for el in page.select(&sel("[for], [aria-labelledby], [aria-describedby], [aria-controls], [headers]")) {
                for attr in ["for", "aria-labelledby", "aria-describedby", "aria-controls", "headers"] {
                    for id in el.attr(attr).unwrap_or_default().split_whitespace() {
                        assert!(seen.contains(id), "{name}: {f}: {attr}=\"{id}\" names no element: {}", el.html());
                    }
                }
            }
            for img in page.select(&sel("img")) {
                assert!(img.attr("alt").is_some(), "{name}: {f}: img without alt: {}", img.html());
            }
        }
    }
}

#[test]
fn headings_do_not_skip_levels() {
    for (name, site) in sites() {
        for f in site.html_files() {
            let page = site.page(&f);
            let mut last = 0;
            for h in page.select(&sel("main h1, main h2, main h3, main h4, main h5, main h6")) {
                let level: usize = h.value().name()[1..].parse().unwrap();
                assert!(level <= last + 1, "{name}: {f}: <{}> {:?} right after an h{last}", h.value().name(), text(h));
                last = level;
            }
        }
    }
}

const HOSTILE: &str = r#"---
status: in-uitvoering
samenvatting: "<script>alert('samenvatting')</script>"
mijlpalen:
  - wanneer: 2030-06
    wat: "<img src=x onerror=alert('mijlpaal')>"
    gereed: true
bronnen:
  - "<a href=\"javascript:alert('bron')\">bron</a>"
---
<script>alert(1)</script>

Tekst <img src=x onerror=alert(1)> en <svg onload=alert(1)> en meer.

<iframe src="javascript:alert(1)"></iframe>

Links: [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:msgbox)

<a href="&#106;avascript:alert(1)">e</a>

<style>body{background:url(javascript:alert(1))}</style>

Meer: [w]( javascript:alert(1)) [u](java&#x09;script:alert(1)) [t](&#x6A;avascript:alert(1)) [s](<javascript:alert(1)>)

Inline <object data="x"></object> <embed src="x"> <form action="javascript:alert(1)"><button formaction="javascript:alert(1)">b</button></form>

## Kop met attributen {#kop onclick=alert(1) style="color:red"}

Goed: [[2.1.B]] en [web](https://example.org).
"#;

#[test]
fn a_hostile_contribution_is_shown_not_run() {
    let case = Case::new("valid");
    case.write("bijdragen/SZW/2.1.A.md", HOSTILE);
    let site = Site::build(case);

    for f in site.html_files() {
        let page = site.page(&f);
        let scripts: Vec<String> = page.select(&sel("script")).map(|s| s.html()).collect();
        if f == "index.html" {
            let ours: Vec<_> = page
                .select(&sel("script"))
                .filter(|s| s.inner_html().trim().is_empty())
                .filter_map(|s| s.attr("src"))
                .collect();
            assert!(
                ours == ["static/filter.js", "static/zoeken.js", "static/planning.js"] && scripts.len() == 3,
                "{f}: the only scripts are the site's filter, search and planning: {scripts:?}"
            );
        } else if page.select(&sel("figure.planning")).next().is_some() {
            // A chapter's planning opens at the peildatum.
            let srcs: Vec<_> = page.select(&sel("script")).filter_map(|s| s.attr("src")).collect();
            assert!(srcs == ["static/planning.js"] && scripts.len() == 1, "{f}: {scripts:?}");
        } else {
            assert!(scripts.is_empty(), "{f}: scripts {scripts:?}");
        }
        for bad in [
            "iframe",
            "object",
            "embed",
            "style",
            "frame",
            "frameset",
            "applet",
            "base",
            "form:not(#filter):not(#zoekformulier)",
            "button",
        ] {
            let found: Vec<String> = page.select(&sel(bad)).map(|e| e.html()).collect();
            assert!(found.is_empty(), "{f}: {bad} elements: {found:?}");
        }
        assert!(page.select(&sel("meta[http-equiv=refresh]")).next().is_none(), "{f}: meta refresh");
        for el in page.select(&sel("*")) {
            for (attr, value) in el.value().attrs() {
                let tag = el.value().name();
                assert!(!attr.to_ascii_lowercase().starts_with("on"), "{f}: <{tag} {attr}=\"{value}\">");
                assert_ne!(attr, "style", "{f}: <{tag} style=\"{value}\">");
                if matches!(
                    attr.rsplit(':').next().unwrap(),
                    "href" | "src" | "action" | "formaction" | "data" | "srcset" | "poster"
                ) {
                    // Browsers drop tabs and newlines inside URLs, and trim them.
                    let cleaned: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    for scheme in ["javascript:", "data:", "vbscript:"] {
                        assert!(!cleaned.starts_with(scheme), "{f}: <{tag} {attr}=\"{value}\">");
                    }
                }
            }
        }
    }

    // An image is loaded, not followed: a script URL there is refused
    // outright, and nothing is written.
    let case = Case::new("valid");
    case.write("bijdragen/SZW/2.1.A.md", "---\nstatus: in-uitvoering\n---\n![p](javascript:alert(1))\n");
    let out = case.run(&["build", "content", "--out", "out", "--format", "html"]);
    assert_ne!(out.code, 0, "a javascript: image must not build:\n{}", out.stderr);
    assert!(!case.root().join("out").join("site").join("werk.html").exists(), "nothing is written on an error");

    // The payloads are still there for the reader, as text.
    let page = site.page("werk.html");
    let article = page.select(&sel("article#aanbeveling-2-1-a")).next().expect("article of 2.1.A");
    let markup: Vec<String> =
        article.select(&sel("svg, img, script, iframe, object, embed, style")).map(|e| e.html()).collect();
    assert!(markup.is_empty(), "no markup from the payloads: {markup:?}");
    let shown: String = article.text().collect();
    for payload in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        r#"<iframe src="javascript:alert(1)">"#,
        r#"<a href="&#106;avascript:alert(1)">e</a>"#,
        "<style>body{background:url(javascript:alert(1))}</style>",
        r#"<object data="x">"#,
        r#"<embed src="x">"#,
        "<script>alert('samenvatting')</script>",
        "<img src=x onerror=alert('mijlpaal')>",
        r#"<a href="javascript:alert('bron')">bron</a>"#,
    ] {
        assert!(shown.contains(payload), "payload {payload:?} should be shown as text in:\n{shown}");
    }
    let words: String = text(article);
    for kept in ["Links: x y z v", "Meer: w u t s", "Kop met attributen"] {
        assert!(words.contains(kept), "{kept:?} is kept as text in:\n{words}");
    }
    // Harmless links survive.
    let hrefs: Vec<&str> = article.select(&sel(".bijdrage a")).filter_map(|a| a.attr("href")).collect();
    assert!(hrefs.contains(&"werk.html#aanbeveling-2-1-b"), "{hrefs:?}");
    assert!(hrefs.contains(&"https://example.org"), "{hrefs:?}");
}

#[test]
fn the_same_content_builds_byte_identical_sites() {
    for make in [|| Case::new("valid"), sample_case as fn() -> Case] {
        let case = make();
        let first = case.run(&["build", "content", "--out", "een", "--format", "html,json,csv"]);
        first.code(0);
        let second = case.run(&["build", "content", "--out", "twee", "--format", "html,json,csv"]);
        second.code(0);
        // Every file of the two outputs: the site and the open data beside it.
        let a = case.root().join("een");
        let b = case.root().join("twee");
        let files_a = files_under(&a);
        assert!(files_a.iter().filter(|f| f.starts_with("site/") && f.ends_with(".html")).count() > 5, "{files_a:?}");
        assert_eq!(files_a, files_under(&b), "the two builds write the same files");
        for f in &files_a {
            let x = std::fs::read(a.join(f)).unwrap();
            let y = std::fs::read(b.join(f)).unwrap();
            if x != y {
                let at = x.iter().zip(&y).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
                let around =
                    |v: &[u8]| String::from_utf8_lossy(&v[at.saturating_sub(80)..(at + 80).min(v.len())]).into_owned();
                panic!("{f} differs between two builds at byte {at}:\n{}\n---\n{}", around(&x), around(&y));
            }
        }
    }
}

/// The built-in pages write their largest parts (a chapter's articles,
/// the planning figures, the overview, the road map) into the file as the
/// page is written; a content's own templates get every part as a value.
/// The built-in templates copied into the content as its own must give
/// the same pages.
#[test]
fn streamed_parts_read_the_same_as_the_parts_given_to_own_templates() {
    let case = sample_case();
    case.run(&["build", "content", "--out", "ingebouwd", "--format", "html"]).code(0);
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/html");
    for page in ["index.html", "chapter.html", "tijdpad.html"] {
        case.write(&format!("templates/html/{page}"), std::fs::read(built_in.join(page)).unwrap());
    }
    case.run(&["build", "content", "--out", "eigen", "--format", "html"]).code(0);
    let (a, b) = (case.root().join("ingebouwd/site"), case.root().join("eigen/site"));
    let chapters: Vec<String> = std::fs::read_dir(case.content().join("hoofdstukken"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned() + ".html")
        .collect();
    assert!(chapters.len() >= 5, "{chapters:?}");
    for page in chapters.iter().map(String::as_str).chain(["index.html", "tijdpad.html"]) {
        let (x, y) = (std::fs::read_to_string(a.join(page)).unwrap(), std::fs::read_to_string(b.join(page)).unwrap());
        assert!(x.contains("<article") || !chapters.iter().any(|c| c == page), "{page} has no articles");
        assert!(!x.contains('\u{1}'), "{page} holds a part's marker");
        assert!(x == y, "{page} differs between the built-in templates and the same templates as the content's own");
    }
}

/// A coordinate in the site's figures is written as a short number:
/// `37.2`, not the `37.199999999999996` of a float multiplied in a template.
#[test]
fn figures_write_short_numbers() {
    let case = sample_case();
    case.run(&["build", "content", "--out", "uit", "--format", "html"]).code(0);
    let site = case.root().join("uit/site");
    let mut seen = 0;
    for page in files_under(&site).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        for attr in ["x=\"", "y=\"", "width=\"", "height=\"", "cx=\"", "cy=\""] {
            for value in html.split(attr).skip(1).map(|rest| rest.split('"').next().unwrap_or("")) {
                if value.parse::<f64>().is_err() {
                    continue;
                }
                seen += 1;
                let decimals = value.split_once('.').map_or(0, |(_, d)| d.len());
                assert!(decimals <= 3, "{page}: {attr}{value}\"");
            }
        }
    }
    assert!(seen > 100, "only {seen} coordinates found");
}
