//! The outputs agree (issue 22): one fixture (tests/fixtures/consistency, a
//! 2031 edition made by `next-year` from 2030's export, then edited) is
//! built once, with the real typst, and its facts are read back from the
//! site's HTML, the PDF (its text and its tagged structure), the JSON and
//! the CSV. Each fact must be the same in every output, and the same as
//! worked out here from the fixture's own files.
//!
//! The fixture has `vorige`, two status changes, a moved milestone, a
//! moved one that is done now, an overdue one, a drop acknowledged under
//! `vervallen` and one that vanished without a word, a `kamerstuk` written
//! with the word "Kamerstuk", a body with `# A` and `### B`, and
//! commitments.

mod common;
use common::{Case, pdftotext, pdftotext_layout, squash};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::Command;

const SLUG: &str = "jaarrapportage-proef-2031";
const PEILDATUM: &str = "2031-12-01";

/// Everything one build wrote, read back once.
struct Outputs {
    case: Case,
    pdf_text: String,
    pdf_layout: String,
    /// `pdfinfo -struct-text`: the PDF's tag tree, one element a line.
    pdf_tags: String,
    json: Value,
    csv: Vec<BTreeMap<String, String>>,
}

fn build() -> Outputs {
    let case = Case::new("consistency");
    let run = case.run(&["build", "content", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = case.root().join("out");
    let pdf = out.join(format!("{SLUG}.pdf"));
    let tags = Command::new("pdfinfo").arg("-struct-text").arg(&pdf).output().expect("pdfinfo (poppler-utils)");
    assert!(tags.status.success(), "pdfinfo: {}", String::from_utf8_lossy(&tags.stderr));
    let json = serde_json::from_str(&std::fs::read_to_string(out.join(format!("{SLUG}.json"))).unwrap()).unwrap();
    let csv = csv_rows(&std::fs::read_to_string(out.join(format!("{SLUG}.csv"))).unwrap());
    Outputs {
        pdf_text: pdftotext(&pdf),
        pdf_layout: pdftotext_layout(&pdf),
        pdf_tags: String::from_utf8_lossy(&tags.stdout).into_owned(),
        json,
        csv,
        case,
    }
}

impl Outputs {
    fn page(&self, name: &str) -> Html {
        let path = self.case.root().join("out/site").join(name);
        Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}")))
    }

    /// Every recommendation's article on the chapter pages, in report order.
    fn articles(&self) -> Vec<(String, Html)> {
        let chapters: Vec<String> =
            self.json["hoofdstukken"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap().into()).collect();
        let mut out = Vec::new();
        for chapter in chapters {
            let page = self.page(&format!("{chapter}.html"));
            for a in page.select(&sel("article.aanbeveling")) {
                let id = text(a.select(&sel("h2 .nr")).next().unwrap());
                out.push((id, Html::parse_fragment(&a.html())));
            }
        }
        out
    }

    fn recommendations(&self) -> &Vec<Value> {
        self.json["aanbevelingen"].as_array().unwrap()
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The CSV export (`;`, a BOM, `"` quoting) as rows by column name.
fn csv_rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut records: Vec<Vec<String>> = vec![vec![String::new()]];
    let (mut quoted, mut chars) = (false, csv.trim_start_matches('\u{feff}').chars().peekable());
    while let Some(c) = chars.next() {
        let record = records.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                record.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (';', false) => record.push(String::new()),
            ('\r', false) => {}
            ('\n', false) => records.push(vec![String::new()]),
            (c, _) => record.last_mut().unwrap().push(c),
        }
    }
    records.retain(|r| r.len() > 1);
    let header = records.remove(0);
    records.into_iter().map(|r| header.iter().cloned().zip(r).collect()).collect()
}

/// A file of the fixture, as YAML front matter (a contribution) or a whole
/// YAML file.
fn fixture_yaml(rel: &str) -> serde_yaml_ng::Value {
    let text = std::fs::read_to_string(common::fixture("consistency").join(rel)).unwrap();
    let yaml = match text.strip_prefix("---\n") {
        Some(rest) => rest.split("\n---").next().unwrap().to_string(),
        None => text,
    };
    serde_yaml_ng::from_str(&yaml).unwrap()
}

fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(common::fixture("consistency").join(rel)).unwrap()
}

/// Last year's export as the fixture holds it (what `vorige` names).
fn archive() -> Value {
    serde_json::from_str(&fixture_text("archief/2030.json")).unwrap()
}

/// The last day of a period as the content writes it (`2031-Q2`,
/// `2030-06`, `2032`, `2030-03-01`), as `YYYY-MM-DD` (string order is date
/// order).
fn last_day(period: &str) -> String {
    let month_end = |y: i32, m: u32| {
        let days = match m {
            2 if y % 4 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        format!("{y:04}-{m:02}-{days:02}")
    };
    let parts: Vec<&str> = period.split('-').collect();
    let year: i32 = parts[0].parse().unwrap();
    match parts.as_slice() {
        [_] => format!("{year}-12-31"),
        [_, q] if q.starts_with('Q') => month_end(year, q[1..].parse::<u32>().unwrap() * 3),
        [_, h] if h.starts_with('H') => month_end(year, h[1..].parse::<u32>().unwrap() * 6),
        [_, m] => month_end(year, m.parse().unwrap()),
        [_, _, _] => period.to_string(),
        _ => panic!("period {period}"),
    }
}

/// Each recommendation's contributions' milestones in the fixture, by id.
fn fixture_milestones() -> BTreeMap<String, Vec<serde_yaml_ng::Value>> {
    let mut out: BTreeMap<String, Vec<serde_yaml_ng::Value>> = BTreeMap::new();
    for ministry in std::fs::read_dir(common::fixture("consistency").join("bijdragen")).unwrap() {
        for file in std::fs::read_dir(ministry.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            let rel = path.strip_prefix(common::fixture("consistency")).unwrap().to_string_lossy().into_owned();
            let front = fixture_yaml(&rel);
            let ms = front["mijlpalen"].as_sequence().cloned().unwrap_or_default();
            out.entry(id).or_default().extend(ms);
        }
    }
    out
}

/// The status each recommendation has in the fixture (its owner's
/// contribution; a recommendation folded into another has that one's), as
/// the status list labels it.
fn fixture_statuses(labels: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let catalogue = fixture_yaml("aanbevelingen.yaml");
    let own = |id: &str, owner: &str| -> Option<String> {
        let rel = format!("bijdragen/{owner}/{id}.md");
        if !common::fixture("consistency").join(&rel).exists() {
            return None;
        }
        let written = fixture_yaml(&rel)["status"].as_str()?.to_lowercase();
        labels.iter().find(|(k, l)| **k == written || l.to_lowercase() == written).map(|(_, l)| l.clone())
    };
    let recs = catalogue.as_sequence().unwrap();
    let owner_of = |id: &str| recs.iter().find(|r| r["id"].as_str() == Some(id)).unwrap()["eigenaar"].as_str().unwrap();
    recs.iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap();
            let status = own(id, owner_of(id))
                .or_else(|| r["meegenomen_bij"].as_str().and_then(|to| own(to, owner_of(to))))
                .unwrap_or_else(|| "Geen status".into());
            (id.to_string(), status)
        })
        .collect()
}

/// A YAML scalar as written (`wanneer: 2032` reads as a number).
fn scalar(v: &serde_yaml_ng::Value) -> String {
    match v {
        serde_yaml_ng::Value::String(s) => s.clone(),
        serde_yaml_ng::Value::Number(n) => n.to_string(),
        other => panic!("not a scalar: {other:?}"),
    }
}

fn tally<'a>(labels: impl IntoIterator<Item = &'a String>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for l in labels {
        *out.entry(l.clone()).or_insert(0) += 1;
    }
    out
}

/// The PDF's fact table rows `Status  <label>` (layout text), in order;
/// only rows whose value is a status label.
fn pdf_statuses(layout: &str, labels: &[String]) -> Vec<String> {
    layout
        .lines()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix("Status ")?;
            let value = rest.trim();
            labels.iter().find(|s| value == s.as_str()).cloned()
        })
        .collect()
}

#[test]
fn the_site_the_pdf_the_json_and_the_csv_tell_one_fixture_alike() {
    let out = build();
    let labels: BTreeMap<String, String> = out.json["statussen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["sleutel"].as_str().unwrap().to_string(), s["label"].as_str().unwrap().to_string()))
        .collect();
    let label_list: Vec<String> = labels.values().cloned().collect();
    let articles = out.articles();
    let ids: Vec<String> = out.recommendations().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(articles.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), ids, "the site's articles");

    // 1. Each recommendation's status, and so the counts per status.
    let expected = fixture_statuses(&labels);
    let site: Vec<String> = articles
        .iter()
        .map(|(_, a)| text(a.select(&sel(".status-regel .status")).next().expect("a status badge")))
        .collect();
    let json: Vec<String> =
        out.recommendations().iter().map(|r| r["status_label"].as_str().unwrap_or("Geen status").into()).collect();
    let csv: Vec<String> = out.csv.iter().map(|r| r["status_label"].clone()).collect();
    let pdf = pdf_statuses(&out.pdf_layout, &label_list);
    let want: Vec<String> = ids.iter().map(|id| expected[id].clone()).collect();
    assert_eq!(site, want, "site");
    assert_eq!(json, want, "json");
    assert_eq!(csv, want, "csv");
    assert_eq!(pdf, want, "pdf\n{}", out.pdf_layout);
    let counts = tally(&want);
    let index = out.page("index.html");
    let site_totals: BTreeMap<String, usize> = index
        .select(&sel("tfoot td[data-kop]"))
        .filter(|td| td.value().attr("data-kop") != Some("Totaal"))
        .map(|td| (td.value().attr("data-kop").unwrap().to_string(), text(td).parse().unwrap()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let json_totals: BTreeMap<String, usize> = out.json["statussen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["label"].as_str().unwrap().to_string(), s["aantal"].as_u64().unwrap() as usize))
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(site_totals, counts, "the overview's totals");
    assert_eq!(json_totals, counts, "the JSON's statussen");
    // The PDF's summary table: its last column is the total per status.
    for (label, n) in &counts {
        let row = out
            .pdf_layout
            .lines()
            .find(|l| l.trim_start().starts_with(label.as_str()) && l.trim_end().ends_with(&format!(" {n}")))
            .unwrap_or_else(|| panic!("no summary row {label} … {n} in the PDF"));
        assert!(!row.is_empty());
    }
    assert!(counts.len() >= 3 && counts.values().sum::<usize>() == ids.len(), "{counts:?}");

    // 2. Last year's status, where each output shows it.
    let archive = archive();
    let last_year: BTreeMap<String, String> = archive["aanbevelingen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["status_label"].as_str().unwrap().to_string()))
        .collect();
    let changed = ids.iter().filter(|id| last_year.get(*id).is_some_and(|then| *then != expected[*id])).count();
    assert!(changed >= 2, "the fixture changes two statuses");
    for (i, (id, a)) in articles.iter().enumerate() {
        let row: Vec<String> = a.select(&sel("ol.geschiedenis li")).map(text).collect();
        assert_eq!(row, [format!("2030 {}", last_year[id]), format!("2031 {}", expected[id])], "{id} on the site");
        assert_eq!(out.recommendations()[i]["vorige_status_label"].as_str(), Some(last_year[id].as_str()), "{id}");
        assert_eq!(out.csv[i]["vorige_status_label"], last_year[id], "{id} in the CSV");
    }
    let pdf_rows: Vec<String> = out
        .pdf_layout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("Status per jaar"))
        .map(|rest| rest.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let want_rows: Vec<String> = ids.iter().map(|id| format!("2030 {} 2031 {}", last_year[id], expected[id])).collect();
    assert_eq!(pdf_rows, want_rows, "the PDF's Status per jaar");
    // Every recommendation has a "Status per jaar" row, so "(vorig jaar: …)"
    // is shown nowhere: not on the site, not in the PDF.
    let site_notes: usize = articles.iter().map(|(_, a)| a.select(&sel(".status-regel .vorige")).count()).sum();
    let pdf_articles = out.pdf_text.split("Bijlage A").next().unwrap();
    assert_eq!(site_notes, 0);
    assert_eq!(pdf_articles.matches("(vorig jaar:").count(), site_notes, "the PDF's (vorig jaar: …)");

    // 3. Overdue, moved and dropped milestones.
    let milestones = fixture_milestones();
    let before: BTreeMap<String, Vec<Value>> = archive["aanbevelingen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["mijlpalen"].as_array().cloned().unwrap_or_default()))
        .collect();
    let (mut overdue, mut moved, mut dropped) = (0, 0, 0);
    for (id, ms) in &milestones {
        let then = before.get(id).cloned().unwrap_or_default();
        for m in ms {
            let when = last_day(&scalar(&m["wanneer"]));
            let done = m["gereed"].as_bool().unwrap_or(false);
            overdue += usize::from(!done && when.as_str() < PEILDATUM);
            let key = m["sleutel"].as_str();
            let earlier = then.iter().find(|p| key.is_some() && p["sleutel"].as_str() == key);
            moved += usize::from(earlier.is_some_and(|p| when > last_day(p["wanneer"].as_str().unwrap())));
        }
        let keys: Vec<&str> = ms.iter().filter_map(|m| m["sleutel"].as_str()).collect();
        dropped += then
            .iter()
            .filter(|p| !p["gereed"].as_bool().unwrap_or(false) && !keys.contains(&p["sleutel"].as_str().unwrap()))
            .count();
    }
    assert_eq!((overdue, moved, dropped), (1, 2, 2), "the fixture's own counts, worked out from its files");
    let site_count = |css: &str| -> usize { articles.iter().map(|(_, a)| a.select(&sel(css)).count()).sum() };
    let site = (
        site_count(".mijlpalen li.verlopen"),
        site_count(".mijlpalen li .markering-verschoven"),
        site_count(".mijlpalen li.vervallen"),
    );
    let sum = |f: &dyn Fn(&Value) -> u64| -> usize { out.recommendations().iter().map(|r| f(r) as usize).sum() };
    let json = (
        sum(&|r| r["mijlpalen_verlopen"].as_u64().unwrap()),
        sum(&|r| r["mijlpalen_verschoven"].as_u64().unwrap()),
        sum(&|r| r["vervallen_mijlpalen"].as_array().unwrap().len() as u64),
    );
    let t = &out.json["mijlpalen_telling"];
    let json_tally = (
        t["verlopen"].as_u64().unwrap() as usize,
        t["verschoven"].as_u64().unwrap() as usize,
        t["vervallen"].as_u64().unwrap() as usize,
    );
    let csv_sum = |col: &str| -> usize { out.csv.iter().map(|r| r[col].parse::<usize>().unwrap()).sum() };
    let csv = (csv_sum("mijlpalen_verlopen"), csv_sum("mijlpalen_verschoven"), csv_sum("mijlpalen_vervallen"));
    let pdf = (
        number_before(
            &out.pdf_text,
            &["mijlpaal is over tijd op de peildatum", "mijlpalen zijn over tijd op de peildatum"],
        ),
        number_before(&out.pdf_text, &["mijlpaal is verschoven sinds", "mijlpalen zijn verschoven sinds"]),
        number_before(&out.pdf_text, &["mijlpaal van het vorige rapport", "mijlpalen van het vorige rapport"]),
    );
    let want = (overdue, moved, dropped);
    assert_eq!(site, want, "the site's articles");
    assert_eq!(json, want, "the JSON's recommendations");
    assert_eq!(json_tally, want, "the JSON's mijlpalen_telling");
    assert_eq!(csv, want, "the CSV");
    assert_eq!(pdf, want, "the PDF's summary");

    // 4. The kamerstuk: written with the word, read with it once.
    let written = fixture_yaml("rapport.yaml")["kamerstuk"].as_str().unwrap().to_string();
    assert!(written.starts_with("Kamerstuk "), "{written}");
    let number = written["Kamerstuk ".len()..].to_string();
    let footer = text(index.select(&sel("footer")).next().unwrap());
    assert!(footer.contains(&written), "{footer}");
    let dd = index
        .select(&sel("dl div"))
        .find(|d| d.select(&sel("dt")).next().is_some_and(|dt| text(dt) == "Kamerstuk"))
        .map(|d| text(d.select(&sel("dd")).next().unwrap()))
        .expect("the overview's Kamerstuk");
    assert_eq!(dd, number);
    let pdf_colophon = out
        .pdf_layout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Kamerstuk").map(str::trim).filter(|r| r.starts_with(char::is_numeric)))
        .expect("the PDF's Kamerstuk row");
    assert_eq!(pdf_colophon, number, "the colophon");
    assert!(out.pdf_text.lines().any(|l| l.trim() == written), "the PDF's header and title page");
    assert_eq!(out.json["kamerstuk"].as_str(), Some(written.as_str()), "the JSON carries it as written");
    for page in ["index.html", "werk.html", "huisvesting.html"] {
        assert!(!squash(&text(out.page(page).root_element())).contains("KamerstukKamerstuk"), "{page}");
    }
    assert!(!squash(&out.pdf_text).contains("KamerstukKamerstuk"));

    // 5. A body's heading levels: the site's tags and the PDF's tags.
    let body = fixture_text("bijdragen/BZK/4.1.A.md");
    let written: Vec<(usize, String)> = body
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| (l.chars().take_while(|c| *c == '#').count(), l.trim_start_matches('#').trim().to_string()))
        .collect();
    assert_eq!(written.iter().map(|w| w.0).collect::<Vec<_>>(), [1, 3], "the fixture writes # A and ### B");
    let (_, article) = articles.iter().find(|(id, _)| id == "4.1.A").unwrap();
    let section = article.select(&sel("section.bijdrage")).next().unwrap();
    let ministry_level: usize =
        section.select(&sel("h1, h2, h3, h4, h5, h6")).next().unwrap().value().name()[1..].parse().unwrap();
    let site: Vec<(usize, String)> = section
        .select(&sel(".tekst h1, .tekst h2, .tekst h3, .tekst h4, .tekst h5, .tekst h6"))
        .map(|h| (h.value().name()[1..].parse().unwrap(), text(h)))
        .collect();
    let pdf: Vec<(usize, String)> = written
        .iter()
        .map(|(_, title)| {
            let tag = format!(" \"{title}\" (block)");
            let line = out
                .pdf_tags
                .lines()
                .find(|l| l.trim_start().starts_with('H') && l.ends_with(&tag))
                .unwrap_or_else(|| panic!("no heading {title:?} in the PDF's tags:\n{}", out.pdf_tags));
            (line.trim_start()[1..2].parse().unwrap(), title.clone())
        })
        .collect();
    assert_eq!(site, pdf, "the site's and the PDF's heading levels");
    assert_eq!(site[0].0, ministry_level + 1, "the first heading sits one below the ministry's");
    assert_eq!(site[1].0, site[0].0 + 1, "### after # goes one level deeper, no level skipped");

    // 6. "In het kort": the overview's box and the PDF's summary, line by line.
    let index = out.page("index.html");
    let site: Vec<String> = index.select(&sel("section.kern li")).map(|li| squash(&text(li))).collect();
    assert!(site.iter().any(|l| l.contains("overtijd")), "{site:?}");
    let pdf = squash(&out.pdf_text);
    let start = pdf.find("Inhetkort").expect("the PDF's In het kort");
    let mut rest = &pdf[start..];
    for line in &site {
        let at = rest.find(line.as_str()).unwrap_or_else(|| panic!("the PDF's summary lacks {line:?}: {rest:.300}"));
        rest = &rest[at + line.len()..];
    }
}

/// The number just before the first of `markers` found (white space and
/// hyphens ignored, so the PDF's line breaks do not matter).
fn number_before(text: &str, markers: &[&str]) -> usize {
    let text = squash(text);
    let at =
        markers.iter().find_map(|m| text.find(&squash(m))).unwrap_or_else(|| panic!("none of {markers:?} in:\n{text}"));
    let digits: String = text[..at].chars().rev().take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().unwrap_or_else(|_| panic!("no number before {markers:?}"))
}
