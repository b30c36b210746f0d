//! The PDF through the real typst CLI: its text (pdftotext), its metadata
//! (pdfinfo), literal rendering of hostile text, reproducibility, and the
//! previous output surviving a failed typst run.

mod common;
use common::{Case, pdftotext_layout as pdftotext};
use std::path::Path;
use std::process::Command;

const PDF: &str = "output/jaarrapportage-proef-2030.pdf";

fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text with all runs of white space folded, so line breaks and
/// hyphenation in the PDF do not matter to the assertions.
fn folded(text: &str) -> String {
    words(&text.replace("-\n", ""))
}

/// A line with its runs of white space folded, as pdftotext's layout mode
/// spaces columns apart.
fn words(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes an executable `bin/typst` script into the case, to stand in for
/// typst or to wrap the real one.
fn typst_script(case: &Case, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = case.root().join("bin/typst");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn build_pdf(case: &Case) -> String {
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    folded(&pdftotext(&case.root().join(PDF)))
}

#[test]
fn the_pdf_holds_every_recommendation_chapter_status_and_note() {
    let case = Case::new("valid");
    let text = build_pdf(&case);
    for needle in [
        "Jaarrapportage Proef 2030",
        "Inhoud",
        "Werk: eerlijk uitzendwerk",
        "Huisvesting: goed wonen",
        "2.1.A",
        "Verplichte certificering van uitzendbureaus",
        "2.1.B",
        "Inhoudelijke toets bij inschrijving",
        "4.1.A",
        "Normen voor goede huisvesting",
        "4.2.C",
        "Huisvesting los van het arbeidscontract",
        "In uitvoering",
        "Afgerond",
        "In voorbereiding",
        "Zie de brief van juni 2030.",
        "Het wetsvoorstel ligt bij de Tweede Kamer.",
        "Justitie levert de gegevens voor de toets.",
        "15 januari 2031",
        "Kamerstuk 29 861, nr. 199",
        "Indiening",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from the PDF text:\n{text}");
    }
}

/// The annexes: every milestone under the quarter it falls in, with its
/// recommendation and state on one line; every recommendation under its
/// chapter with owner and status.
#[test]
fn the_annexes_list_every_milestone_by_quarter_and_every_recommendation() {
    let case = Case::new("valid");
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    let text = pdftotext(&case.root().join(PDF));
    // The annexes start at the first "Bijlage A" line that is not an outline entry.
    let start = text.lines().position(|l| l.trim() == "Bijlage A Tijdpad").expect("the road map annex");
    let lines: Vec<String> = text.lines().skip(start).map(words).collect();
    let at =
        |line: &str| lines.iter().position(|l| l == line).unwrap_or_else(|| panic!("no line {line:?} in:\n{lines:#?}"));
    let road_map = [
        "1e kwartaal 2030",
        "4.1.A ✔ gereed Normen gepubliceerd (BZK) — Normen voor goede huisvesting",
        "2e kwartaal 2030",
        "2.1.A ✔ gereed Wetsvoorstel ingediend (SZW) — Verplichte certificering van uitzendbureaus",
        "2e kwartaal 2031",
        "2.1.A • gepland Behandeling in de Eerste Kamer (SZW) — Verplichte certificering van uitzendbureaus",
        // A milestone given only as a year stands under the year, not its last quarter.
        "2031",
        "4.2.C • gepland Wetsvoorstel in consultatie (SZW) — Huisvesting los van het arbeidscontract",
        "Bijlage B Overzicht per aanbeveling",
        "1 Werk: eerlijk uitzendwerk",
        "2.1.A SZW In uitvoering Verplichte certificering van uitzendbureaus",
        "2.1.B SZW In uitvoering Inhoudelijke toets bij inschrijving (meegenomen bij 2.1.A)",
        "2 Huisvesting: goed wonen",
        "4.1.A BZK Afgerond Normen voor goede huisvesting",
        "4.2.C SZW In voorbereiding Huisvesting los van het arbeidscontract",
    ];
    let positions: Vec<usize> = road_map.iter().map(|l| at(l)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "annex lines out of order: {positions:?}");
}

/// The table of contents is built from the data, so each line's page
/// number is checked against the page where its heading really is.
#[test]
fn every_contents_line_names_the_page_its_heading_is_on() {
    let case = Case::new("valid");
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    let text = pdftotext(&case.root().join(PDF));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let entries: Vec<(String, usize)> = text
        .lines()
        .filter(|l| l.contains(". . ."))
        .map(|l| {
            let (title, page) = l.rsplit_once(". ").expect("a dotted line");
            let title = words(title.trim_end_matches(['.', ' ']));
            (title, page.trim().parse().unwrap_or_else(|_| panic!("no page number in {l:?}")))
        })
        .collect();
    let titles: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Samenvatting",
            "Planning",
            "Over tijd",
            "Inleiding",
            "1 Werk: eerlijk uitzendwerk",
            "2.1.A Verplichte certificering van uitzendbureaus",
            "2.1.B Inhoudelijke toets bij inschrijving",
            "2 Huisvesting: goed wonen",
            "4.1.A Normen voor goede huisvesting",
            "4.2.C Huisvesting los van het arbeidscontract",
            "Conclusie",
            "Bijlage A Tijdpad",
            "Bijlage B Overzicht per aanbeveling",
        ]
    );
    for (title, page) in &entries {
        let on_page = pages[page - 1].lines().any(|l| words(l) == *title);
        assert!(on_page, "{title:?} is not a line of page {page}:\n{}", pages[page - 1]);
    }
}

#[test]
fn the_pdf_is_tagged_and_has_metadata() {
    let case = Case::new("valid");
    build_pdf(&case);
    let info = pdfinfo(&case.root().join(PDF));
    assert!(info.contains("Title:           Jaarrapportage Proef 2030"), "{info}");
    assert!(info.contains("Author:          Interdepartementaal Projectteam Arbeidsmigranten"), "{info}");
    assert!(info.contains("Tagged:          yes"), "{info}");
    let bytes = std::fs::read(case.root().join(PDF)).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("pdfuaid:part"), "no PDF/UA identification in the XMP metadata");
    assert!(raw.contains("<dc:language>") || raw.contains("/Lang"), "no language in the PDF");
}

#[test]
fn typst_syntax_in_contributions_prints_literally() {
    let case = Case::new("valid");
    let hostile = [
        "#read(\"/etc/passwd\")",
        "#set page(fill: red)",
        "#show: x => none",
        "#import \"evil.typ\": *",
        "$ x^2 $",
        "@aanbeveling-2-1-a",
        "<etiket>",
        "] ) } [ ( {",
        "#{ panic(\"boem\") }",
        "// geen commentaar",
        "/* ook geen commentaar",
    ];
    let body = hostile.iter().map(|h| format!("Regel: {h}\n")).collect::<Vec<_>>().join("\n");
    case.write(
        "bijdragen/BZK/4.1.A.md",
        format!(
            "---\nstatus: afgerond\nsamenvatting: \"#eval(\\\"1+1\\\") en $pi$\"\nmijlpalen:\n  - wanneer: 2030-03\n    wat: \"#panic() ]\"\n    gereed: true\n---\n{body}\n```typst\n#panic(\"in een codeblok\")\n```\n"
        ),
    );
    let text = build_pdf(&case);
    for h in hostile {
        assert!(text.contains(h), "{h:?} did not print literally:\n{text}");
    }
    for h in ["#eval(\"1+1\") en $pi$", "#panic() ]", "#panic(\"in een codeblok\")"] {
        assert!(text.contains(h), "{h:?} did not print literally:\n{text}");
    }
    assert!(!text.contains("root:x:0:0"), "a file was read into the PDF");
}

#[test]
fn the_same_content_gives_the_same_pdf() {
    let case = Case::new("valid");
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    let first = std::fs::read(case.root().join(PDF)).unwrap();
    case.run(&["build", "content", "--format", "pdf", "--out", "elders"]).code(0);
    let second = std::fs::read(case.root().join("elders/jaarrapportage-proef-2030.pdf")).unwrap();
    assert!(first == second, "two builds of the same content differ");
}

#[test]
fn a_failing_typst_leaves_the_previous_output_untouched() {
    let case = Case::new("valid");
    case.run(&["build", "content"]).code(0);
    let before = std::fs::read(case.root().join(PDF)).unwrap();
    let index_before = std::fs::read(case.root().join("output/site/index.html")).unwrap();
    // A content directory's own template that typst rejects: a content
    // error at the template's line, exit 1, from build and from check.
    case.write("templates/typst/report.typ", "#let x = 1\n#let y = (\n");
    case.edit("bijdragen/BZK/4.1.A.md", "De normen gelden sinds maart.", "Nieuwe tekst.");
    let out = case.run(&["build", "content"]);
    out.code(1).has("content/templates/typst/report.typ:2:").mentions("unclosed").mentions("nothing was written");
    case.check().code(1).has("content/templates/typst/report.typ:2:").mentions("unclosed");
    assert_eq!(std::fs::read(case.root().join(PDF)).unwrap(), before);
    assert_eq!(std::fs::read(case.root().join("output/site/index.html")).unwrap(), index_before);
}

#[test]
fn a_missing_typst_names_the_command_to_run() {
    let case = Case::new("valid");
    let out = case.run(&["build", "content", "--typst", "/nonexistent/typst"]);
    out.code(2).mentions("cannot be run");
    let out = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--format", "pdf", "--no-provision"])
        .current_dir(case.root())
        .env_remove("TYPST")
        .env("PATH", "/nonexistent")
        .env("JAARRAPPORT_CACHE", case.root().join("cache"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cargo install --locked typst-cli@0.15.1 --no-default-features --features embedded-fonts"),
        "{stderr}"
    );
}

#[test]
fn every_printable_character_prints_and_others_are_replaced_with_a_warning() {
    let case = Case::new("valid");
    // Every character the PDF promises to print, in one contribution.
    let all: String = (0u32..0x3000).filter_map(char::from_u32).filter(|c| jaarrapport::fonts::printable(*c)).collect();
    let all = all.replace(['\n', '\t'], " ");
    // As running text (the serif font) with Markdown punctuation escaped, and as code.
    let escaped: String =
        all.chars().map(|c| if c.is_ascii_punctuation() { format!("\\{c}") } else { c.to_string() }).collect();
    case.write(
        "bijdragen/BZK/4.1.A.md",
        format!("---\nstatus: afgerond\n---\n{escaped}\n\n```\n{all}\n```\n\nTekst met een lach 🙂 en 漢字.\n"),
    );
    let out = case.run(&["build", "content", "--format", "pdf"]);
    out.code(0).has("content/bijdragen/BZK/4.1.A.md:10:20: warning: the PDF cannot print `🙂` (U+1F642)");
    let text = folded(&pdftotext(&case.root().join(PDF)));
    assert!(text.contains("Tekst met een lach ? en ??."), "{text}");
}

/// A broken image is found by `check`, named at its own line, before
/// typst could fail on it (tests/safety.rs has the corpus).
#[test]
fn a_broken_image_is_named_before_typst_runs() {
    let case = Case::new("valid");
    case.write("afbeeldingen/tijdlijn.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"10\"");
    let out = case.run(&["build", "content", "--format", "pdf"]);
    out.code(1).has("content/afbeeldingen/tijdlijn.svg:1:1: error: the SVG is not well-formed XML");
    assert!(!case.root().join(PDF).exists(), "nothing is written");
}

#[cfg(unix)]
#[test]
fn a_relative_typst_path_works() {
    let case = Case::new("valid");
    let real = jaarrapport::render::pdf::locate(None).expect("typst is installed (.ci/run installs it)");
    typst_script(&case, &format!("#!/bin/sh\nexec '{}' \"$@\"\n", real.display()));
    case.run(&["build", "content", "--format", "pdf", "--typst", "bin/typst"]).code(0);
    assert!(case.root().join(PDF).is_file());
}

/// Notes are numbered through the whole report in reading order (the
/// numbers come from the data, see `tree::number_notes`): pages before the
/// chapters, chapter introductions, contributions (a table cell too), pages
/// after. A cross-reference names the page its target's heading is on.
#[test]
fn notes_count_through_the_report_and_references_name_their_page() {
    let case = Case::new("valid");
    case.edit(
        "paginas/inleiding.md",
        "Dit is de *inleiding*.",
        "Dit is de *inleiding*.[^i]\n\n[^i]: Noot bij de inleiding.",
    );
    case.edit("hoofdstukken/werk.md", "Over werk.", "Over werk.[^w]\n\n[^w]: Noot bij het hoofdstuk.");
    case.edit(
        "bijdragen/BZK/4.1.A.md",
        "De normen gelden sinds maart.",
        "De normen gelden sinds maart.\n\nDe normen volgen de motie.[^m] Zie [[2.1.A]].\n\n\
         | Stap | Stand |\n|---|---|\n| Normen | vastgesteld[^t] |\n\n\
         [^m]: Motie over normen.\n\n[^t]: Noot in een tabel.",
    );
    case.edit(
        "bijdragen/SZW/4.2.C.md",
        "Een wetsvoorstel wordt voorbereid.",
        "Een wetsvoorstel wordt voorbereid.[^c]\n\n[^c]: Consultatie in het voorjaar.",
    );
    case.edit("paginas/conclusie.md", "Alles loopt.", "Alles loopt.[^z]\n\n[^z]: Noot bij de conclusie.");
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    let text = pdftotext(&case.root().join(PDF));
    let lines: Vec<String> = text.lines().map(words).collect();
    for (mark, note) in [
        ("inleiding.1", "1Noot bij de inleiding."),
        ("werk.2", "2Noot bij het hoofdstuk."),
        ("vorm.3", "3Zie de brief van juni 2030."),
        ("motie.4", "4Motie over normen."),
        ("vastgesteld5", "5Noot in een tabel."),
        ("voorbereid.6", "6Consultatie in het voorjaar."),
        ("loopt.7", "7Noot bij de conclusie."),
    ] {
        assert!(text.contains(mark), "no note mark {mark:?} in:\n{text}");
        assert!(lines.iter().any(|l| l == note), "no note line {note:?} in:\n{text}");
    }

    let pages: Vec<&str> = text.split('\u{c}').collect();
    let page_of = |heading: &str| {
        1 + pages
            .iter()
            .position(|p| p.lines().any(|l| words(l) == heading))
            .unwrap_or_else(|| panic!("no heading {heading:?}"))
    };
    let folded = folded(&text);
    for (id, heading) in [
        ("2.1.A", "2.1.A Verplichte certificering van uitzendbureaus"),
        ("4.1.A", "4.1.A Normen voor goede huisvesting"),
    ] {
        let reference = format!("{id} (p. {})", page_of(heading));
        assert!(folded.contains(&reference), "no {reference:?} in:\n{folded}");
    }
}

/// typst lays a document out again until no page number moves. The
/// template gives the first layout every line its final length (note
/// numbers from the data, the place of a page number held), so typst stops
/// after the second pass; a third costs 10-15 % of a large build
/// (BENCHMARKS.md). Counted in the trace of the real build that typst
/// 0.15.1 writes with `--timings` (its event "layout document"; another
/// typst version may name it otherwise).
#[test]
fn typst_stops_after_two_layout_passes() {
    let real = jaarrapport::render::pdf::locate(None).expect("typst is installed (.ci/run installs it)");
    let case = Case::new("valid");
    let trace = case.root().join("trace.json");
    typst_script(
        &case,
        &format!(
            "#!/bin/sh\nif [ \"$1\" = compile ]; then shift; exec '{real}' compile --timings '{trace}' \"$@\"; fi\nexec '{real}' \"$@\"\n",
            real = real.display(),
            trace = trace.display()
        ),
    );
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for content in [case.content(), sample] {
        let content = content.display().to_string();
        case.run(&["build", &content, "--format", "pdf", "--typst", "bin/typst", "--out", "out"]).code(0);
        let events: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(&trace).unwrap()).unwrap();
        let passes = events.iter().filter(|e| e["name"] == "layout document" && e["ph"] == "B").count();
        assert_eq!(passes, 2, "typst laid {content} out {passes} times");
    }
}

/// The summary counts of both outputs come from one place: with a
/// recommendation without status, the site's table and the PDF's table
/// give every status, "Geen status" included, the same totals.
#[test]
fn html_and_pdf_give_the_same_counts_when_a_recommendation_has_no_status() {
    let case = Case::new("valid");
    case.edit("bijdragen/BZK/4.1.A.md", "status: afgerond\n", "");
    case.run(&["build", "content", "--format", "html,pdf"]).code(0);
    let index = std::fs::read_to_string(case.root().join("output/site/index.html")).unwrap();
    let page = scraper::Html::parse_document(&index);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let labels: Vec<String> =
        page.select(&sel("table.telling thead th")).skip(1).map(|e| e.text().collect::<String>()).collect();
    let totals: Vec<String> =
        page.select(&sel("table.telling tfoot td")).map(|e| e.text().collect::<String>()).collect();
    assert_eq!(labels.len(), totals.len());
    assert_eq!(labels.last().map(String::as_str), Some("Totaal"));
    assert!(
        labels.contains(&"Geen status".to_string()),
        "the site counts the recommendation without status: {labels:?}"
    );
    let pdf = pdftotext(&case.root().join(PDF));
    for (label, total) in labels.iter().zip(&totals).filter(|(l, _)| *l != "Totaal") {
        // In the PDF's table a status is a row: its label, one count per
        // chapter, then the total.
        let row = pdf
            .lines()
            .map(words)
            .find(|l| {
                let rest: Vec<&str> = l.get(label.len()..).unwrap_or("").split_whitespace().collect();
                l.starts_with(label.as_str()) && !rest.is_empty() && rest.iter().all(|w| w.parse::<u32>().is_ok())
            })
            .unwrap_or_else(|| panic!("no row `{label}` in the PDF's table:\n{pdf}"));
        assert_eq!(row.split(' ').next_back(), Some(total.as_str()), "{label}: site {total}, PDF row `{row}`");
    }
}

/// One line of text that `pdftohtml -xml` places on a page.
struct Placed {
    top: u32,
    left: u32,
    bold: bool,
    text: String,
}

fn attr(tag: &str, name: &str) -> u32 {
    let start =
        tag.find(&format!(" {name}=\"")).map(|i| i + name.len() + 3).unwrap_or_else(|| panic!("no {name} in {tag}"));
    tag[start..].split('"').next().unwrap().parse().unwrap()
}

/// Markup removed, entities decoded, white space folded.
fn plain(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    words(&decoded)
}

/// A page: its height and its lines.
type Page = (u32, Vec<Placed>);

/// The PDF's bookmarks (title, page) and the lines of each page, from
/// poppler's `pdftohtml -xml`.
fn pdf_layout(pdf: &Path) -> (Vec<(String, usize)>, Vec<Page>) {
    let out = Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout"])
        .arg(pdf)
        .output()
        .expect("pdftohtml (poppler-utils) must be installed");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut outline = Vec::new();
    for item in xml.split("<item page=\"").skip(1) {
        let (page, rest) = item.split_once("\">").unwrap();
        outline.push((plain(rest.split("</item>").next().unwrap()), page.parse().unwrap()));
    }
    let mut pages = Vec::new();
    for page in xml.split("<page number=\"").skip(1) {
        let height = attr(page.split('>').next().unwrap(), "height");
        let mut lines = Vec::new();
        for text in page.split("<text ").skip(1) {
            let (tag, rest) = text.split_once('>').unwrap();
            let inner = rest.split("</text>").next().unwrap();
            let top = attr(&format!(" {tag}"), "top");
            lines.push(Placed {
                top,
                left: attr(&format!(" {tag}"), "left"),
                bold: inner.trim_start().starts_with("<b>"),
                text: plain(inner),
            });
        }
        pages.push((height, lines));
    }
    (outline, pages)
}

/// The headings among `titles` that end the body of their page: the
/// bold lines at the foot of the page's body (above the footer), read
/// together, are one of them.
fn headings_left_alone(pdf: &Path, titles: &[String]) -> Vec<String> {
    let (_, pages) = pdf_layout(pdf);
    let mut alone = Vec::new();
    for (n, (height, lines)) in pages.iter().enumerate() {
        // The running header and the footer (page number, kamerstuk) lie
        // outside the body's band.
        let mut body: Vec<&Placed> = lines
            .iter()
            .filter(|l| l.top > height / 12 && l.top < height - height / 12 && !l.text.is_empty())
            .collect();
        body.sort_by_key(|l| (l.top, l.left));
        let foot: Vec<&str> = body.iter().rev().take_while(|l| l.bold).map(|l| l.text.as_str()).collect();
        let foot = foot.into_iter().rev().collect::<Vec<_>>().join(" ");
        if !foot.is_empty() && titles.contains(&foot) {
            alone.push(format!("{foot:?} at the foot of page {}", n + 1));
        }
    }
    alone
}

/// A heading is never the last thing on its page with what it heads on the
/// next (issue 25). The sections of a long page lay headings at every
/// height of the page, so without headings kept with what follows some
/// fall at a page's foot.
#[test]
fn no_heading_of_a_page_is_left_alone_at_the_foot_of_a_page() {
    let case = Case::new("valid");
    let mut page = String::from("# Conclusie\n\n");
    let mut titles = Vec::new();
    for n in 1..=120 {
        titles.push(format!("Onderdeel {n}"));
        page.push_str(&format!("## Onderdeel {n}\n\n"));
        page.push_str(&"Deze zin vult de regel. ".repeat(1 + (n * 7) % 17));
        page.push_str("\n\n");
        page.push_str(&"- een punt\n".repeat(1 + n % 3));
        page.push('\n');
    }
    case.write("paginas/conclusie.md", page);
    case.run(&["build", "content", "--format", "pdf"]).code(0);
    let pdf = case.root().join(PDF);
    let text = pdftotext(&pdf);
    assert!(text.contains("Onderdeel 120"), "the long page is in the PDF:\n{text}");
    let alone = headings_left_alone(&pdf, &titles);
    assert!(alone.is_empty(), "headings with nothing after them on their page: {alone:?}");
}

/// The same for every bookmarked heading of the sample report (chapters,
/// recommendations, the overview's sections, the annexes' quarters).
#[test]
fn no_heading_of_the_sample_is_left_alone_at_the_foot_of_a_page() {
    let tmp = tempfile::tempdir().expect("tempdir");
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &tmp.path().join("content"));
    let build = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out", "--format", "pdf"])
        .current_dir(tmp.path())
        .env("JAARRAPPORT_NO_PROVISION", "1")
        .output()
        .expect("run jaarrapport");
    assert!(build.status.success(), "build failed:\n{}", String::from_utf8_lossy(&build.stderr));
    let pdf = std::fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF in out/");
    let (outline, _) = pdf_layout(&pdf);
    assert!(outline.len() > 40, "the sample's bookmarks: {outline:?}");
    let titles: Vec<String> = outline.into_iter().map(|(title, _)| title).collect();
    let alone = headings_left_alone(&pdf, &titles);
    assert!(alone.is_empty(), "headings with nothing after them on their page: {alone:?}");
}

/// The check above finds what it looks for: a PDF whose heading is forced
/// to the foot of a page (typst's own page break after it) is reported.
#[test]
fn the_lone_heading_check_finds_a_heading_before_a_page_break() {
    let typst = jaarrapport::render::pdf::locate(None).expect("typst is installed (.ci/run installs it)");
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("doc.typ"),
        "#set page(footer: [1])\n#lorem(40)\n#v(1fr)\n#strong[Onderdeel 1]\n#pagebreak()\n- een punt\n",
    )
    .unwrap();
    let out = Command::new(&typst)
        .args(["compile", "doc.typ", "doc.pdf"])
        .current_dir(tmp.path())
        .output()
        .expect("run typst");
    assert!(out.status.success(), "typst failed: {}", String::from_utf8_lossy(&out.stderr));
    let pdf = tmp.path().join("doc.pdf");
    assert_eq!(headings_left_alone(&pdf, &["Onderdeel 1".to_string()]), ["\"Onderdeel 1\" at the foot of page 1"]);
    assert_eq!(headings_left_alone(&pdf, &["Onderdeel 2".to_string()]), Vec::<String>::new());
}

/// `templates/typst/sample-data.json`, the template's default input and
/// where a template author starts, cannot fall behind the build: it holds
/// every field the build hands the template for the sample report and for
/// the consistency fixture (a body's blocks aside: DATA.md lists those),
/// and typst typesets the template from it. When a field is added, build
/// the fixture's PDF data again and take it in.
#[test]
fn the_template_authors_sample_has_every_field_and_typesets() {
    fn paths(v: &serde_json::Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let p = format!("{at}.{k}");
                    paths(x, &p, out);
                    out.insert(p);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| paths(x, &format!("{at}[]"), out)),
            _ => {}
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let templates = root.join("templates/typst");
    let sample: serde_json::Value =
        serde_json::from_slice(&std::fs::read(templates.join("sample-data.json")).unwrap()).unwrap();
    let mut have = std::collections::BTreeSet::new();
    paths(&sample, "", &mut have);
    for content in ["content", "tests/fixtures/consistency"] {
        let (report, diags) = jaarrapport::validate::load_report(&root.join(content));
        let report = report.unwrap_or_else(|| panic!("{}", diags.render(false)));
        let data = jaarrapport::render::pdf::data_json(&jaarrapport::view::build(&report)).unwrap();
        let mut given = std::collections::BTreeSet::new();
        paths(&serde_json::from_slice(&data).unwrap(), "", &mut given);
        let missing: Vec<&String> =
            given.iter().filter(|p| !p.contains("body[]") && !p.contains("intro[]") && !have.contains(*p)).collect();
        assert!(missing.is_empty(), "sample-data.json lacks what the build gives for {content}: {missing:?}");
    }
    let typst = jaarrapport::render::pdf::locate(None).expect("typst is installed (.ci/run installs it)");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&templates).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let out = Command::new(typst)
        .current_dir(dir.path())
        .args(["compile", "--ignore-system-fonts", "report.typ", "sample.pdf"])
        .output()
        .unwrap();
    assert!(out.status.success(), "typst on the sample: {}", String::from_utf8_lossy(&out.stderr));
    let info = pdfinfo(&dir.path().join("sample.pdf"));
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages > 5, "{info}");
}
