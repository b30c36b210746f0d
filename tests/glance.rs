//! The planning visual and the key figures, in the site, the PDF and the
//! open data, on the valid fixture with known dates: the axis runs from
//! 1 January 2030 to 1 January 2032 (eight quarters of 48 units, 730
//! days, starting at x = 150), so a day `d` days after 1 January 2030
//! stands at 150 + d * 384 / 730, rounded to a tenth.

mod common;
use common::{Case, squash};
use scraper::{Html, Selector};
use std::path::Path;
use std::process::Command;

const SLUG: &str = "jaarrapportage-proef-2030";

/// The fixture's milestones, plus an overdue one, and key figures.
fn case() -> Case {
    let case = Case::new("valid");
    case.edit(
        "bijdragen/SZW/4.2.C.md",
        "mijlpalen:\n",
        "mijlpalen:\n  - wanneer: 2030-Q3\n    wat: Verkenning afgerond\n",
    );
    case.write(
        "kerncijfers.yaml",
        "\
- sleutel: inspecties
  titel: Inspecties van huisvesting
  eenheid: inspecties
  hoofdstuk: huisvesting
  bron: Proefbron 7
  doel: { jaar: 2032, waarde: 2500 }
  waarden:
    - { jaar: 2030, waarde: 1850.5 }
    - { jaar: 2029, waarde: 1200 }
- sleutel: budget
  titel: Budget voor certificering
  eenheid: mln euro
  aanbeveling: 2.1.A
  waarden:
    - { jaar: 2030, waarde: 12.4 }
    - { jaar: 2031, waarde: 9.75 }
- sleutel: migranten
  titel: Arbeidsmigranten in de proef
  eenheid: personen
  hoofdstuk: werk
  waarden: [{ jaar: 2030, waarde: 1043210 }]
",
    );
    case
}

/// (recommendation, date, state, x) of every mark, in row order: worked
/// out by hand from the dates above.
const MARKS: [(&str, &str, &str, f64); 5] = [
    ("2.1.A", "2030-06", "gereed", 244.7),    // 30 June 2030: day 180
    ("2.1.A", "2031-Q2", "gepland", 436.7),   // 30 June 2031: day 545
    ("4.1.A", "2030-03-01", "gereed", 181.0), // day 59
    ("4.2.C", "2030-Q3", "verlopen", 293.1),  // 30 September 2030: day 272
    ("4.2.C", "2031", "gepland", 533.5),      // 31 December 2031: day 729
];
/// 1 December 2030 is day 334.
const PEIL_X: f64 = 325.7;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn f(v: Option<&str>) -> f64 {
    v.unwrap_or_else(|| panic!("attribute missing")).parse().unwrap()
}

/// Every mark of the planning in `html`: (row id, when, state, x), and
/// that the shape drawn stands at that x.
fn marks_in(html: &Html) -> Vec<(String, String, String, f64)> {
    let mut out = Vec::new();
    for row in html.select(&sel("figure.planning g.planning-rij")) {
        let id = row.value().attr("data-id").unwrap().to_string();
        for m in row.select(&sel("g.mijlpaal")) {
            let x = f(m.value().attr("data-x"));
            let state = m.value().attr("data-state").unwrap().to_string();
            let shape = m.select(&sel("circle, use")).next().expect("a shape");
            let drawn = f(shape.value().attr("cx").or(shape.value().attr("x")));
            assert_eq!(drawn, x, "{id} {state}: shape drawn where the mark is");
            let symbol: String = m.select(&sel("text")).next().unwrap().text().collect();
            let want = match state.as_str() {
                "gereed" => "✔",
                "gepland" => "•",
                "verlopen" => "!",
                "verschoven" => "→",
                other => panic!("unknown state {other}"),
            };
            assert_eq!(symbol, want, "{id}: the symbol tells the state");
            let title: String = m.select(&sel("title")).next().unwrap().text().collect();
            assert!(title.starts_with(&format!("{id}: ")) && title.ends_with(&format!(": {state}")), "{title}");
            out.push((id.clone(), m.value().attr("data-when").unwrap().to_string(), state, x));
        }
    }
    out
}

fn expected(ids: &[&str]) -> Vec<(String, String, String, f64)> {
    MARKS
        .iter()
        .filter(|m| ids.contains(&m.0))
        .map(|(id, when, state, x)| (id.to_string(), when.to_string(), state.to_string(), *x))
        .collect()
}

#[test]
fn the_overview_page_draws_every_mark_at_its_date_with_its_state() {
    let case = case();
    case.run(&["build", "content", "--format", "html"]).code(0);
    let site = case.root().join("output/site");
    let html = Html::parse_document(&std::fs::read_to_string(site.join("index.html")).unwrap());

    assert_eq!(marks_in(&html), expected(&["2.1.A", "4.1.A", "4.2.C"]));
    // One row per recommendation, grouped by chapter, with id and status.
    let rows: Vec<(String, String)> = html
        .select(&sel("figure.planning g.planning-rij"))
        .map(|r| {
            let id: String = r.select(&sel("text.planning-id")).next().unwrap().text().collect();
            let status: String = r.select(&sel("text.planning-status")).next().unwrap().text().collect();
            (id, status)
        })
        .collect();
    assert_eq!(
        rows,
        [("2.1.A", "In uitvoering"), ("2.1.B", "In uitvoering"), ("4.1.A", "Afgerond"), ("4.2.C", "In voorbereiding")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let groups: Vec<String> =
        html.select(&sel("text.planning-groeptitel")).map(|t| t.text().collect::<String>()).collect();
    assert_eq!(groups, ["1. Werk: eerlijk uitzendwerk", "2. Huisvesting: goed wonen"]);

    // The peildatum line and its label.
    let line = html.select(&sel("line.planning-peil")).next().unwrap();
    assert_eq!((f(line.value().attr("x1")), f(line.value().attr("x2"))), (PEIL_X, PEIL_X));
    let label: String = html.select(&sel("text.planning-peiltekst")).next().unwrap().text().collect();
    assert_eq!(label, "Peildatum 1 december 2030");
    // Every overdue mark left of it, every planned one right of it.
    for (id, _, state, x) in marks_in(&html) {
        match state.as_str() {
            "verlopen" => assert!(x < PEIL_X, "{id}"),
            "gepland" => assert!(x > PEIL_X, "{id}"),
            _ => {}
        }
    }

    // Years and quarters on the axis.
    let years: Vec<(String, f64)> =
        html.select(&sel("text.planning-jaar")).map(|t| (t.text().collect(), f(t.value().attr("x")))).collect();
    assert_eq!(years, [("2030".to_string(), 246.0), ("2031".to_string(), 438.0)]);
    let quarters = html.select(&sel("text.planning-as:not(.planning-jaar)")).count();
    assert_eq!(quarters, 8);

    // Its accessible name starts with "Planning", and the tijdpad is one link away.
    let svg = html.select(&sel("figure.planning svg")).next().unwrap();
    let title_id = svg.value().attr("aria-labelledby").unwrap();
    let title: String = html.select(&sel(&format!("#{title_id}"))).next().unwrap().text().collect();
    assert!(title.starts_with("Planning van 4 aanbevelingen met 5 mijlpalen"), "{title}");
    assert!(title.contains("2 gereed, 2 gepland, 1 verlopen"), "{title}");
    let region = html.select(&sel("figure.planning .planning-scroll")).next().unwrap();
    assert_eq!(region.value().attr("role"), Some("region"));
    assert_eq!(region.value().attr("tabindex"), Some("0"));
    assert!(html.select(&sel("figure.planning figcaption a[href='tijdpad.html']")).next().is_some());
    // The legend names each state with its count.
    let legend: String = html.select(&sel("figure.planning .planning-legenda")).next().unwrap().text().collect();
    let legend = legend.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        legend.contains("✔ gereed 2") && legend.contains("• gepland 2") && legend.contains("! verlopen 1"),
        "{legend}"
    );
}

#[test]
fn each_chapter_page_has_its_rows_on_the_same_axis_and_its_key_figures() {
    let case = case();
    case.run(&["build", "content", "--format", "html"]).code(0);
    let site = case.root().join("output/site");
    let page = |name: &str| Html::parse_document(&std::fs::read_to_string(site.join(name)).unwrap());

    let werk = page("werk.html");
    assert_eq!(marks_in(&werk), expected(&["2.1.A"]));
    let huis = page("huisvesting.html");
    assert_eq!(marks_in(&huis), expected(&["4.1.A", "4.2.C"]));
    let peil = huis.select(&sel("line.planning-peil")).next().unwrap();
    assert_eq!(f(peil.value().attr("x1")), PEIL_X);
    assert!(huis.select(&sel("text.planning-groeptitel")).next().is_none(), "a chapter's rows have no group title");

    // The chapter's key figure: its bars, its target and its values as text.
    let fig = huis.select(&sel("section.kerncijfers figure.kerncijfer")).next().expect("a key figure on its chapter");
    let text = |s: &str| fig.select(&sel(s)).map(|e| e.text().collect::<String>()).collect::<Vec<_>>();
    assert_eq!(text("figcaption"), ["Inspecties van huisvesting"]);
    assert_eq!(text("text.kerncijfer-getal"), ["1.200", "1.850,5"], "years in order, Dutch notation");
    assert_eq!(text("text.kerncijfer-jaar"), ["2029", "2030"]);
    assert_eq!(text("text.kerncijfer-doeltekst"), ["Doel 2032: 2.500 inspecties"]);
    assert_eq!(text("td"), ["1.200 inspecties", "1.850,5 inspecties", "2.500 inspecties"]);
    assert_eq!(text(".kerncijfer-bron"), ["Bron: Proefbron 7"]);
    // The target is the top of the scale; each bar stands on the baseline.
    let base = f(fig.select(&sel("line.kerncijfer-basis")).next().unwrap().value().attr("y1"));
    let target = f(fig.select(&sel("line.kerncijfer-doel")).next().unwrap().value().attr("y1"));
    let bars: Vec<(f64, f64)> = fig
        .select(&sel("rect.kerncijfer-staaf"))
        .map(|r| (f(r.value().attr("y")), f(r.value().attr("height"))))
        .collect();
    for (y, h) in &bars {
        assert!((y + h - base).abs() < 0.11, "bar ends on the baseline");
    }
    let scale = (base - target) / 2500.0;
    assert!((bars[0].1 - 1200.0 * scale).abs() < 0.11 && (bars[1].1 - 1850.5 * scale).abs() < 0.11, "{bars:?}");
    assert!(huis.select(&sel("svg[aria-labelledby]")).all(|s| {
        let id = s.value().attr("aria-labelledby").unwrap();
        huis.select(&sel(&format!("#{id}"))).next().is_some()
    }));

    // A recommendation's key figure sits in its article; money in euros.
    let cells = |s: &str| werk.select(&sel(s)).map(|e| e.text().collect::<String>()).collect::<Vec<_>>();
    assert_eq!(cells("article#aanbeveling-2-1-a figure.kerncijfer td"), ["€ 12,4 mln", "€ 9,75 mln"]);
    assert_eq!(cells("section.kerncijfers td"), ["1.043.210 personen"]);
}

#[test]
fn key_figures_in_the_open_data() {
    let case = case();
    case.run(&["build", "content", "--format", "json,csv"]).code(0);
    let out = case.root().join("output");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(format!("{SLUG}.json"))).unwrap()).unwrap();
    let k = &json["kerncijfers"];
    assert_eq!(k.as_array().unwrap().len(), 3);
    assert_eq!(k[0]["sleutel"], "inspecties");
    assert_eq!(k[0]["hoofdstuk"], "huisvesting");
    assert_eq!(k[0]["aanbeveling"], serde_json::Value::Null);
    assert_eq!(k[0]["doel"], serde_json::json!({"jaar": 2032, "waarde": 2500.0}));
    assert_eq!(
        k[0]["waarden"],
        serde_json::json!([{"jaar": 2029, "waarde": 1200.0}, {"jaar": 2030, "waarde": 1850.5}])
    );
    assert_eq!(k[1]["aanbeveling"], "2.1.A");
    assert_eq!(k[1]["hoofdstuk"], "werk", "the chapter of its recommendation");
    assert_eq!(k[1]["eenheid"], "mln euro");

    let bytes = std::fs::read(out.join(format!("{SLUG}-kerncijfers.csv"))).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a byte-order mark for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "sleutel;titel;eenheid;hoofdstuk;aanbeveling;jaar;waarde;tekst;doel_jaar;doel_waarde;bron");
    assert_eq!(
        lines[1],
        "inspecties;Inspecties van huisvesting;inspecties;huisvesting;;2029;1200;1.200 inspecties;2032;2500;Proefbron 7"
    );
    assert_eq!(
        lines[2],
        "inspecties;Inspecties van huisvesting;inspecties;huisvesting;;2030;1850,5;1.850,5 inspecties;2032;2500;Proefbron 7"
    );
    assert_eq!(lines[3], "budget;Budget voor certificering;mln euro;werk;2.1.A;2030;12,4;€ 12,4 mln;;;");
    assert_eq!(lines[5], "migranten;Arbeidsmigranten in de proef;personen;werk;;2030;1043210;1.043.210 personen;;;");
    assert_eq!(lines.len(), 7, "five rows and the final line end: {text:?}");

    // Without kerncijfers.yaml the file has the header alone.
    let plain = Case::new("valid");
    plain.run(&["build", "content", "--format", "csv"]).code(0);
    let bytes = std::fs::read(plain.root().join(format!("output/{SLUG}-kerncijfers.csv"))).unwrap();
    assert_eq!(String::from_utf8(bytes[3..].to_vec()).unwrap().split("\r\n").collect::<Vec<_>>(), [lines[0], ""]);
    assert!(plain.root().join(format!("output/{SLUG}.csv")).exists());
}

/// The key figures' CSV is one of the files the csv format claims: a second
/// build into the same directory replaces it, and the manifest lists it.
#[test]
fn building_twice_into_the_same_directory() {
    let case = case();
    let csv = case.root().join(format!("output/{SLUG}-kerncijfers.csv"));
    case.run(&["build", "content", "--format", "html,json,csv"]).code(0);
    let first = std::fs::read(&csv).unwrap();
    case.run(&["build", "content", "--format", "html,json,csv"]).code(0);
    assert_eq!(std::fs::read(&csv).unwrap(), first);
    let manifest = std::fs::read_to_string(case.root().join("output/.jaarrapport-output")).unwrap();
    assert!(manifest.contains(&format!("{SLUG}-kerncijfers.csv")), "{manifest}");
}

// ------------------------------------------------------------------ PDF

/// A word of the PDF with its box, from `pdftotext -bbox`.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    text: String,
}

impl Word {
    fn cx(&self) -> f64 {
        (self.x_min + self.x_max) / 2.0
    }
}

fn words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext").args(["-bbox", "-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        let Some(rest) = line.trim().strip_prefix("<word ") else { continue };
        let attr = |name: &str| -> f64 {
            let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rest[at..].split('"').next().unwrap().parse().unwrap()
        };
        let text = rest.split_once('>').unwrap().1.trim_end_matches("</word>");
        let text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
        out.push(Word { page, x_min: attr("xMin"), x_max: attr("xMax"), y_min: attr("yMin"), text });
    }
    out
}

#[test]
fn the_pdf_draws_the_same_marks_at_the_same_places() {
    let case = case();
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    let pdf = case.root().join(format!("output/{SLUG}.pdf"));
    let text = squash(&common::pdftotext(&pdf));
    for needle in [
        "Planning",
        "Peildatum1december2030",
        "Planningvanalleaanbevelingenperhoofdstuk",
        "1.Werk:eerlijkuitzendwerk",
        "Inspecties van huisvesting",
        "Doel 2032: 2.500 inspecties",
        "1.200 inspecties",
        "1.850,5 inspecties",
        "€ 12,4 mln",
        "€ 9,75 mln",
        "1.043.210 personen",
        "Bron:Proefbron7",
        "✔gereed2",
        "•gepland2",
        "!verlopen1",
    ] {
        assert!(text.contains(&squash(needle)), "the PDF lacks {needle:?}:\n{text}");
    }

    // Every group is drawn below its own copy of the axis: the summary's
    // two chapter groups first, then each chapter's planning on its page.
    // Each axis is found by its peildatum label (not the colophon's: the
    // quarters stand below it) and scaled by its two year labels; then
    // every mark below it is compared with the geometry.
    let all = words(&pdf);
    let mut axes: Vec<&Word> = all
        .iter()
        .filter(|p| {
            p.text == "Peildatum"
                && all
                    .iter()
                    .any(|w| w.page == p.page && w.text == "K1" && w.y_min > p.y_min && w.y_min < p.y_min + 40.0)
        })
        .collect();
    axes.sort_by(|a, b| (a.page, a.y_min).partial_cmp(&(b.page, b.y_min)).unwrap());
    let groups: [&[&str]; 4] = [&["2.1.A", "2.1.B"], &["4.1.A", "4.2.C"], &["2.1.A", "2.1.B"], &["4.1.A", "4.2.C"]];
    assert_eq!(axes.len(), groups.len(), "an axis per group of the summary and per chapter");
    for (i, (peil, ids)) in axes.iter().zip(groups).enumerate() {
        let next_y = axes.get(i + 1).filter(|n| n.page == peil.page).map_or(f64::MAX, |n| n.y_min);
        let band = |w: &&Word| w.page == peil.page && w.y_min > peil.y_min + 2.0 && w.y_min < peil.y_min + 25.0;
        let year = |y: &str| all.iter().filter(band).find(|w| w.text == y).unwrap_or_else(|| panic!("year {y}")).cx();
        // 2030 is centred on 246, 2031 on 438 (units of the geometry).
        let u = (year("2031") - year("2030")) / (438.0 - 246.0);
        let origin = year("2030") - 246.0 * u;
        assert!(u > 0.3 && u < 1.5, "scale {u}");
        let x_of = |x: f64| origin + x * u;
        // The label starts 4 units right of the line.
        assert!(
            (peil.x_min - x_of(PEIL_X + 4.0)).abs() < 1.5,
            "axis {i}: peildatum label at {} not {}",
            peil.x_min,
            x_of(PEIL_X + 4.0)
        );
        let rows: Vec<&Word> =
            all.iter().filter(|w| w.page == peil.page && w.y_min > peil.y_min + 25.0 && w.y_min < next_y).collect();
        for (symbol, state) in [("✔", "gereed"), ("•", "gepland"), ("!", "verlopen")] {
            // Not the legend's symbols: they stand on the line that names the states.
            let legend = |w: &&&Word| rows.iter().any(|l| l.text == "gereed" && (l.y_min - w.y_min).abs() < 6.0);
            // Nor a milestone's mark in the text below, which names its state right after it.
            let named = |w: &&&Word| {
                rows.iter().any(|l| {
                    l.text == state && (l.y_min - w.y_min).abs() < 3.0 && l.x_min > w.x_min && l.x_min - w.x_min < 20.0
                })
            };
            let mut got: Vec<f64> =
                rows.iter().filter(|w| w.text == symbol && !legend(w) && !named(w)).map(|w| w.cx()).collect();
            let mut want: Vec<f64> =
                MARKS.iter().filter(|m| m.2 == state && ids.contains(&m.0)).map(|m| x_of(m.3)).collect();
            assert_eq!(got.len(), want.len(), "axis {i}, {state}: {got:?} against {want:?}");
            got.sort_by(f64::total_cmp);
            want.sort_by(f64::total_cmp);
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 1.5, "axis {i}: {state} mark at {g}, geometry says {w}");
            }
        }
        // The rows name the recommendations and their status.
        let row_text = squash(&rows.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "));
        for id in ids {
            let status = match *id {
                "4.1.A" => "Afgerond",
                "4.2.C" => "Invoorbereiding",
                _ => "Inuitvoering",
            };
            assert!(row_text.contains(&format!("{id}{status}")), "axis {i}: {id} {status} in {row_text}");
        }
    }
}

/// A milestone whose date moved since last year's report is a mark of its
/// own: a diamond with an arrow, in the site and the PDF.
#[test]
fn a_moved_milestone_is_marked_as_moved() {
    let case = case();
    case.run(&["next-year", "content", "volgend"]).code(0);
    let file = case.root().join("volgend/bijdragen/SZW/2.1.A.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("wanneer: 2031-Q2"), "{text}");
    std::fs::write(&file, text.replacen("wanneer: 2031-Q2", "wanneer: 2031-Q4", 1)).unwrap();
    case.run(&["build", "volgend", "--out", "uit", "--format", "html,pdf"]).code(0);

    let html = Html::parse_document(&std::fs::read_to_string(case.root().join("uit/site/index.html")).unwrap());
    let moved: Vec<(String, String, String)> = marks_in(&html)
        .into_iter()
        .filter(|m| m.2 == "verschoven")
        .map(|(id, when, state, _)| (id, when, state))
        .collect();
    assert_eq!(moved, [("2.1.A".to_string(), "2031-Q4".to_string(), "verschoven".to_string())]);
    let mark = html.select(&sel("g.mijlpaal-verschoven use")).next().expect("drawn as a shape");
    assert_eq!(mark.value().attr("href"), Some("#planning-ruit"));
    let legend: String = html.select(&sel("figure.planning .planning-legenda")).next().unwrap().text().collect();
    assert!(legend.split_whitespace().collect::<Vec<_>>().join(" ").contains("→ verschoven 1"), "{legend}");

    let pdf = squash(&common::pdftotext(&case.root().join("uit/jaarrapportage-proef-2031.pdf")));
    assert!(pdf.contains("→verschoven1"), "the PDF's legend names the moved mark:\n{pdf}");
}
