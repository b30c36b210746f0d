//! `jaarrapport check` on the rules of CONTENT-FORMAT.md: each test breaks
//! one rule in a copy of the valid fixture and asserts the exit code, the
//! `path:line:column` and the message a ministry writer would see.

mod common;
use common::Case;

const SZW: &str = "bijdragen/SZW/2.1.A.md";

#[test]
fn valid_fixture_passes() {
    let out = Case::new("valid").check();
    out.code(0).mentions("no problems found");
}

#[test]
fn the_sample_report_passes_without_errors() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["check", "content"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains(": error:"), "{stderr}");
    assert!(stderr.contains("50 recommendations in 6 chapters"), "{stderr}");
}

#[test]
fn unknown_field_with_suggestion() {
    let case = Case::new("valid");
    case.edit(SZW, "status: in-uitvoering", "stauts: in-uitvoering");
    case.check()
        .code(1)
        .has("content/bijdragen/SZW/2.1.A.md:2:1: error: unknown field `stauts` in a contribution")
        .mentions("did you mean `status`?")
        .mentions("2 | stauts: in-uitvoering")
        .mentions("  | ^^^^^^");
}

#[test]
fn unknown_field_in_a_milestone() {
    let case = Case::new("valid");
    case.edit(SZW, "    wat: Wetsvoorstel ingediend", "    wat: Wetsvoorstel ingediend\n    gereedd: true");
    case.check().code(1).has("content/bijdragen/SZW/2.1.A.md:7:5: error: unknown field `gereedd` in a milestone");
}

#[test]
fn unknown_field_in_the_catalogue_and_settings() {
    let case = Case::new("valid");
    case.edit("aanbevelingen.yaml", "  eigenaar: BZK", "  eigenaar: BZK\n  eigenar: BZK");
    case.edit("rapport.yaml", "jaar: 2030", "jaar: 2030\nuitgeverij: x");
    let out = case.check();
    out.code(1)
        .has("content/aanbevelingen.yaml:15:3: error: unknown field `eigenar` in a recommendation")
        .has("content/rapport.yaml:4:1: error: unknown field `uitgeverij` in rapport.yaml")
        .mentions("2 errors");
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let case = Case::new("valid");
    case.edit(SZW, "status: in-uitvoering", "status: bijna-klaar");
    case.edit("bijdragen/BZK/4.1.A.md", "wanneer: 2030-03-01", "wanneer: 2030-13-01");
    case.edit("aanbevelingen.yaml", "kabinetsreactie: positief", "kabinetsreactie: positif");
    let out = case.check();
    out.code(1)
        .has("content/bijdragen/SZW/2.1.A.md:2:9: error: unknown status `bijna-klaar`")
        .has("content/bijdragen/BZK/4.1.A.md:5:14: error: `2030-13-01` is not a milestone date")
        .has("content/aanbevelingen.yaml:20:20: error: unknown cabinet decision `positif`")
        .mentions("did you mean `positief`?")
        .mentions("3 errors");
}

#[test]
fn missing_required_field() {
    let case = Case::new("valid");
    case.edit("aanbevelingen.yaml", "  titel: Normen voor goede huisvesting\n", "");
    case.check().code(1).has("content/aanbevelingen.yaml:").mentions("missing field `titel`");
}

#[test]
fn duplicate_identifier_in_any_spelling() {
    let case = Case::new("valid");
    case.edit("aanbevelingen.yaml", "- id: 4.2.C", "- id: 4.1 a");
    case.check()
        .code(1)
        .has("content/aanbevelingen.yaml:16:7: error: recommendation 4.1.A is defined twice")
        .mentions("it is first defined on line 12");
}

#[test]
fn contribution_from_a_ministry_that_is_not_involved() {
    let case = Case::new("valid");
    case.write("bijdragen/JenV/4.1.A.md", "Tekst.\n");
    case.check()
        .code(1)
        .has("content/bijdragen/JenV/4.1.A.md:1:1: error: JenV may not contribute to 4.1.A")
        .mentions("add JenV to `betrokken`");
}

#[test]
fn contribution_from_an_unknown_ministry() {
    let case = Case::new("valid");
    case.write("bijdragen/SWZ/2.1.A.md", "Tekst.\n");
    case.check()
        .code(1)
        .has("content/bijdragen/SWZ/2.1.A.md:1:1: error: `SWZ` is not a ministry of this report")
        .mentions("did you mean the directory `bijdragen/SZW`?");
}

#[test]
fn status_set_by_a_co_ministry() {
    let case = Case::new("valid");
    case.edit("bijdragen/JenV/2.1.A.md", "---\n", "---\nstatus: afgerond\n");
    case.check()
        .code(1)
        .has("content/bijdragen/JenV/2.1.A.md:2:1: error: only the owner sets the status; JenV is not the owner");
}

#[test]
fn status_by_key_or_label_in_any_case() {
    let case = Case::new("valid");
    case.edit(SZW, "status: in-uitvoering", "status: IN UITVOERING");
    case.check().code(0);
}

#[test]
fn invalid_milestone_dates() {
    for bad in ["2030-Q5", "juni 2030", "2030-02-30", "2030-H3"] {
        let case = Case::new("valid");
        case.edit(SZW, "wanneer: 2031-Q2", &format!("wanneer: {bad}"));
        case.check()
            .code(1)
            .has(&format!("content/bijdragen/SZW/2.1.A.md:8:14: error: `{bad}` is not a milestone date"));
    }
}

#[test]
fn theme_without_a_chapter() {
    let case = Case::new("valid");
    case.edit("aanbevelingen.yaml", "- id: 4.2.C", "- id: 5.2.C");
    case.check()
        .code(1)
        .has("content/aanbevelingen.yaml:16:7: error: theme 5 of 5.2.C has no chapter")
        .mentions("give this recommendation a `hoofdstuk`");
}

#[test]
fn explicit_chapter_must_exist() {
    let case = Case::new("valid");
    case.edit("aanbevelingen.yaml", "  kabinetsreactie: positief", "  kabinetsreactie: positief\n  hoofdstuk: wonen");
    case.check().code(1).has("content/aanbevelingen.yaml:21:14: error: unknown chapter `wonen`");
}

#[test]
fn fold_in_to_an_unknown_recommendation() {
    let case = Case::new("valid");
    case.edit("aanbevelingen.yaml", "meegenomen_bij: 2.1.A", "meegenomen_bij: 2.9.A");
    case.check().code(1).has(
        "content/aanbevelingen.yaml:11:19: error: `meegenomen_bij` points at 2.9.A, which is not in the catalogue",
    );
}

#[test]
fn cross_reference_to_an_unknown_recommendation() {
    let case = Case::new("valid");
    case.edit(SZW, "Zie ook [[4.1.A]]", "Zie ook [[4.9.A]]");
    case.check()
        .code(1)
        .has("content/bijdragen/SZW/2.1.A.md:13:67: error: [[4.9.A]] points at 4.9.A, which is not in the catalogue");
}

#[test]
fn image_missing_or_outside_the_content_directory() {
    let case = Case::new("valid");
    case.edit(SZW, "../../afbeeldingen/tijdlijn.svg", "../../afbeeldingen/weg.svg");
    case.check()
        .code(1)
        .has("content/bijdragen/SZW/2.1.A.md:19:1: error: image `../../afbeeldingen/weg.svg` not found");

    let case = Case::new("valid");
    std::fs::write(case.root().join("geheim.svg"), "<svg/>").unwrap();
    case.edit(SZW, "../../afbeeldingen/tijdlijn.svg", "../../../geheim.svg");
    case.check().code(1).has(
        "content/bijdragen/SZW/2.1.A.md:19:1: error: image `../../../geheim.svg` lies outside the content directory",
    );
}

#[test]
fn unclosed_front_matter() {
    let case = Case::new("valid");
    case.write("bijdragen/BZK/4.1.A.md", "---\nstatus: afgerond\nTekst zonder einde.\n");
    case.check()
        .code(1)
        .has("content/bijdragen/BZK/4.1.A.md:1:1: error: front matter is opened with `---` but never closed");
}

#[test]
fn non_utf8_files_are_named() {
    let case = Case::new("valid");
    case.write("bijdragen/BZK/4.1.A.md", b"---\nstatus: afgerond\n---\nCaf\xe9 en zo.\n".as_slice());
    case.check()
        .code(1)
        .has("content/bijdragen/BZK/4.1.A.md:1:1: error: file is not valid UTF-8 (first bad byte at line 4, column 4)");

    let case = Case::new("valid");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Tekst".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    case.write("bijdragen/BZK/4.1.A.md", utf16);
    case.check().code(1).has("content/bijdragen/BZK/4.1.A.md:1:1: error: file is UTF-16 encoded");
}

#[test]
fn bom_and_crlf_are_fine_and_positions_stay_right() {
    let case = Case::new("valid");
    let text = case.read(SZW).replace('\n', "\r\n").replace("status: in-uitvoering", "status: klaar-ish");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(text.as_bytes());
    case.write(SZW, bytes);
    case.check().code(1).has("content/bijdragen/SZW/2.1.A.md:2:9: error: unknown status `klaar-ish`");
}

#[test]
fn yaml_syntax_error_has_its_position() {
    let case = Case::new("valid");
    case.edit(SZW, "samenvatting: Het wetsvoorstel", "samenvatting: [Het wetsvoorstel");
    case.check().code(1).has("content/bijdragen/SZW/2.1.A.md:");
}

/// A value inside a flow collection that runs over several lines is
/// reported at its own line and column, not at the opening bracket.
#[test]
fn positions_inside_multi_line_flow_sequences_are_exact() {
    let case = Case::new("valid");
    case.write(
        SZW,
        "---\nstatus: in-uitvoering\nsamenvatting: Het wetsvoorstel ligt bij de Kamer.\nmijlpalen: [\n  \
         {wanneer: 2030-06, wat: Ingediend, gereed: true},\n  {wanneer: 2030-13,\n   wat: Behandeling}\n]\n---\nTekst.\n",
    );
    case.write(
        "bijdragen/BZK/4.1.A.md",
        "---\nstatus: afgerond\nmijlpalen: [{wanneer: 2030-01, wat: a},\n  {wanneer: 2030-02,\n   wat: b, gereed: misschien}]\n---\nTekst.\n",
    );
    case.edit("aanbevelingen.yaml", "  betrokken: [JenV]", "  betrokken: [\n    JenV,\n    SWZ,\n  ]");
    case.check()
        .code(1)
        .has("content/bijdragen/SZW/2.1.A.md:6:13: error: `2030-13` is not a milestone date")
        .has("content/bijdragen/BZK/4.1.A.md:5:20: error: wrong kind of value for `mijlpalen[1].gereed`")
        .has("content/aanbevelingen.yaml:6:5: error: unknown ministry `SWZ`")
        .mentions("did you mean `SZW`?")
        .mentions("3 errors");
}

#[test]
fn positions_inside_multi_line_flow_mappings_are_exact() {
    let case = Case::new("valid");
    let rapport = case.read("rapport.yaml");
    assert_eq!(rapport.lines().count(), 20);
    case.write(
        "rapport.yaml",
        format!(
            "{rapport}statussen: [\n  {{sleutel: afgerond, label: Afgerond, kleur: \"#39870c\", fase: klaar}},\n  \
             {{sleutel: in-uitvoering, label: In uitvoering,\n   kleur: \"#01689\", fase: bezig}},\n  \
             {{sleutel: in-voorbereiding,\n   lable: x, label: In voorbereiding, kleur: \"#f9e11e\", fase: bezig}}\n]\n"
        ),
    );
    case.check()
        .code(1)
        .has("content/rapport.yaml:24:11: error: `#01689` is not a colour")
        .has("content/rapport.yaml:26:4: error: unknown field `lable` in a status")
        .mentions("did you mean `label`?")
        .mentions("2 errors");
}

#[test]
fn wrong_kind_of_value() {
    let case = Case::new("valid");
    case.edit(SZW, "    gereed: true", "    gereed: misschien");
    case.check()
        .code(1)
        .has("content/bijdragen/SZW/2.1.A.md:7:13: error: ")
        .mentions("wrong kind of value for `mijlpalen[0].gereed`: string \"misschien\", expected a boolean");
}

#[test]
fn missing_owner_contribution_is_a_warning_unless_folded_in() {
    let case = Case::new("valid");
    case.remove("bijdragen/BZK/4.1.A.md");
    case.edit(SZW, "Zie ook [[4.1.A]].", "");
    let out = case.check();
    out.code(0).has("content/aanbevelingen.yaml:12:7: warning: 4.1.A has no contribution from its owner BZK");
    assert!(!out.stderr.contains("2.1.B has no contribution"), "{}", out.stderr);
}

#[test]
fn overdue_milestone_is_a_warning() {
    let case = Case::new("valid");
    case.edit(SZW, "wanneer: 2031-Q2", "wanneer: 2030-Q3");
    case.check()
        .code(0)
        .has("content/bijdragen/SZW/2.1.A.md:8:14: warning: milestone `Behandeling in de Eerste Kamer` (2030-Q3) is overdue on the peildatum 2030-12-01")
        .mentions("1 warning");
}

#[test]
fn missing_settings_file() {
    let case = Case::new("valid");
    case.remove("rapport.yaml");
    case.check().code(1).has("content/rapport.yaml:1:1: error: rapport.yaml is missing");
}

#[test]
fn missing_content_directory_is_an_error_not_a_panic() {
    let case = Case::new("valid");
    let out = case.run(&["check", "nergens"]);
    out.code(1).has("nergens:1:1: error: cannot open content directory");
}

#[test]
fn usage_errors_exit_with_2() {
    let case = Case::new("valid");
    case.run(&["check", "--onbekend"]).code(2);
    case.run(&["bestaat-niet"]).code(2);
    case.run(&["--help"]).code(0);
}

#[cfg(unix)]
#[test]
fn symbolic_links_do_not_leave_the_content_directory_and_loops_end() {
    let case = Case::new("valid");
    std::fs::write(case.root().join("buiten.md"), "geheim\n").unwrap();
    std::os::unix::fs::symlink(case.root().join("buiten.md"), case.content().join("bijdragen/BZK/4.2.C.md")).unwrap();
    std::os::unix::fs::symlink(case.content(), case.content().join("bijdragen/lus")).unwrap();
    std::os::unix::fs::symlink(".", case.content().join("paginas/zelf")).unwrap();
    case.check()
        .code(1)
        .has("content/bijdragen/BZK/4.2.C.md:1:1: error: symbolic link points outside the content directory");
}

#[test]
fn hostile_yaml_is_refused_quickly() {
    let case = Case::new("valid");
    let mut bomb = String::from("---\nstatus: afgerond\nbronnen:\n  - &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = if i == 0 { "a" } else { ["b", "c", "d", "e", "f", "g", "h"][i - 1] };
        bomb.push_str(&format!("  - &{name} [{}]\n", vec![format!("*{prev}"); 10].join(", ")));
    }
    bomb.push_str("---\nTekst\n");
    case.write("bijdragen/BZK/4.1.A.md", bomb);
    case.write(
        "bijdragen/SZW/4.2.C.md",
        format!("---\nsamenvatting: {}{}\n---\n", "[".repeat(50_000), "]".repeat(50_000)),
    );
    let out = case.check();
    out.code(1).has("content/bijdragen/BZK/4.1.A.md:").has("content/bijdragen/SZW/4.2.C.md:");
}

#[test]
fn binary_and_huge_files_are_errors() {
    let case = Case::new("valid");
    case.write("bijdragen/BZK/4.1.A.md", [0x7f, b'E', b'L', b'F', 0, 0, 1, 2]);
    case.write("paginas/inleiding.md", vec![b'a'; 17 * 1024 * 1024]);
    case.check()
        .code(1)
        .has("content/bijdragen/BZK/4.1.A.md:1:1: error: file is binary")
        .has("content/paginas/inleiding.md:1:1: error: file is 17 MB");
}

#[test]
fn page_names_may_not_clash_with_chapters_or_the_site() {
    let case = Case::new("valid");
    case.write("paginas/werk.md", "Tekst\n");
    case.write("paginas/index.md", "Tekst\n");
    case.edit("rapport.yaml", "paginas_na: [conclusie]", "paginas_na: [conclusie, werk, index]");
    case.check()
        .code(1)
        .has("content/paginas/werk.md:1:1: error: page name `werk` is already used by a chapter or by the site itself")
        .has("content/paginas/index.md:1:1: error: page name `index` is already used");
}

#[test]
fn a_listed_page_without_a_file_is_an_error() {
    let case = Case::new("valid");
    case.remove("paginas/conclusie.md");
    case.check().code(1).has("content/rapport.yaml:9:14: error: page `conclusie` has no file");
}

/// Problems of an image are reported at the image's own path.
#[test]
fn images_must_be_what_their_name_says() {
    let case = Case::new("valid");
    case.write("afbeeldingen/kaart.png", "dit is geen png");
    case.edit("bijdragen/SZW/2.1.A.md", "../../afbeeldingen/tijdlijn.svg", "../../afbeeldingen/kaart.png");
    case.check().code(1).has("content/afbeeldingen/kaart.png:1:1: error: the image is not a valid PNG file");

    let case = Case::new("valid");
    case.write("afbeeldingen/notitie.docx", "PK");
    case.edit("bijdragen/SZW/2.1.A.md", "../../afbeeldingen/tijdlijn.svg", "../../afbeeldingen/notitie.docx");
    case.check().code(1).has("content/afbeeldingen/notitie.docx:1:1: error: the image is not PNG, JPEG, GIF or SVG");
}

#[test]
fn a_word_file_among_the_contributions_is_pointed_out() {
    let case = Case::new("valid");
    case.write("bijdragen/BZK/4.2.C.docx", "PK\u{3}\u{4}");
    case.check()
        .code(0)
        .has("content/bijdragen/BZK/4.2.C.docx:1:1: warning: file ignored: only Markdown (.md) files are read here");
}

/// The whole corpus is in tests/safety.rs; these are the classic four.
#[test]
fn an_svg_may_not_carry_code() {
    for (svg, headline) in [
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "1:41: error: `<script>` is a script",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>",
            "1:41: error: `onload` is an event handler",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"javascript:alert(1)\"><rect/></a></svg>",
            "1:50: error: `href` points at `javascript:alert(1)`",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><p>x</p></foreignObject></svg>",
            "1:41: error: `<foreignObject>` is embedded HTML",
        ),
    ] {
        let case = Case::new("valid");
        case.write("afbeeldingen/tijdlijn.svg", svg);
        case.check().code(1).has(&format!("content/afbeeldingen/tijdlijn.svg:{headline}"));
    }
    // Words that merely contain "on" are fine.
    let case = Case::new("valid");
    case.write(
        "afbeeldingen/tijdlijn.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text font-family=\"x\">Stationsplein online</text></svg>",
    );
    case.check().code(0);
}

#[test]
fn a_broken_site_template_of_the_content_is_a_content_error_from_check_and_build() {
    let case = Case::new("valid");
    case.write(
        "templates/html/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title }\n{% endblock main %}\n",
    );
    for args in [&["check", "content"][..], &["build", "content", "--format", "html"]] {
        case.run(args)
            .code(1)
            .has("content/templates/html/page.html:2:")
            .mentions("template error")
            .mentions("the report's own template");
    }
    assert!(!case.root().join("output").exists(), "nothing was written");
}

#[test]
fn a_site_template_that_reads_what_the_report_lacks_is_found_by_check() {
    let case = Case::new("valid");
    case.write("templates/html/page.html", "{{ page.no_such_field.x }}\n");
    case.check().code(1).has("content/templates/html/page.html:").mentions("page.no_such_field.x");
}

#[test]
fn a_template_that_replaces_nothing_is_a_warning() {
    let case = Case::new("valid");
    case.write("templates/html/pagina.html", "x");
    case.write("templates/static/stijl.css", "x");
    case.check()
        .code(0)
        .has("content/templates/html/pagina.html:1:1: warning: `pagina.html` replaces no built-in template")
        .has("content/templates/static/stijl.css:1:1: warning: `stijl.css` replaces no built-in template");
}

#[cfg(unix)]
#[test]
fn a_template_linked_from_outside_the_content_is_refused_and_never_published() {
    let case = Case::new("valid");
    std::fs::create_dir_all(case.content().join("templates/static")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", case.content().join("templates/static/style.css")).unwrap();
    case.run(&["build", "content", "--format", "html"])
        .code(1)
        .has("content/templates/static/style.css:1:1: error: symbolic link points outside the content directory");
    assert!(!case.root().join("output").exists());
}

#[cfg(unix)]
#[test]
fn last_years_export_is_read_only_from_a_regular_file_inside_the_content() {
    for (vorige, why) in [
        ("/dev/zero", "outside the content directory"),
        ("../elders.json", "outside the content directory"),
        ("archief/fifo.json", "not a regular file"),
        ("archief/link.json", "outside the content directory (through a symbolic link)"),
    ] {
        let case = Case::new("valid");
        std::fs::create_dir_all(case.content().join("archief")).unwrap();
        std::fs::write(case.root().join("elders.json"), "{}").unwrap();
        std::os::unix::fs::symlink(case.root().join("elders.json"), case.content().join("archief/link.json")).unwrap();
        let fifo = case.content().join("archief/fifo.json");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let rapport = case.read("rapport.yaml");
        case.write("rapport.yaml", format!("{rapport}vorige: {vorige}\n"));
        case.check().code(1).has("content/rapport.yaml:").mentions(why);
    }
}

/// A `kerncijfers.yaml` with one of every mistake: each gets its own
/// error at its line, all in one run.
#[test]
fn key_figure_errors_come_all_at_once_with_their_lines() {
    let case = Case::new("valid");
    case.write(
        "kerncijfers.yaml",
        "\
- sleutel: inspecties
  titel: Inspecties
  eenheid: inspecties
  hoofdstuk: huisvestnig
  waarden:
    - { jaar: 2029, waarde: 1200 }
    - { jaar: 2030, waarde: veel }
    - { jaar: 2029, waarde: 1300 }
- sleutel: handhaving
  titel: Geld voor handhaving
  eenheid: mln euro
  aanbeveling: 4.9.A
  doel: { jaar: 2032, waarde: 12,4 }
  waarden:
    - jaar: 2030
      waarde: 9.2
      bedrag: 3
  bron: Kamerstuk 29 861, nr. 200
  brom: x
",
    );
    let out = case.check();
    out.code(1)
        .has("content/kerncijfers.yaml:4:14: error: unknown chapter `huisvestnig`")
        .mentions("did you mean `huisvesting`?")
        .has("content/kerncijfers.yaml:7:29: error: `veel` is not a number")
        .has("content/kerncijfers.yaml:8:15: error: year 2029 is given twice for `inspecties`")
        .mentions("it is first given on line 6")
        .has("content/kerncijfers.yaml:12:16: error: recommendation 4.9.A is not in aanbevelingen.yaml")
        .has("content/kerncijfers.yaml:13:31: error: `12,4` is not a number")
        .mentions("decimal point and no thousands separator")
        .has("content/kerncijfers.yaml:17:7: error: unknown field `bedrag` in a value")
        .has("content/kerncijfers.yaml:19:3: error: unknown field `brom` in a key figure")
        .mentions("did you mean `bron`?")
        .mentions("7 errors");
}

#[test]
fn key_figure_place_and_shape_errors() {
    let case = Case::new("valid");
    case.write(
        "kerncijfers.yaml",
        "\
- sleutel: a
  titel: Zonder plaats
  eenheid: x
  waarden: [{ jaar: 2030, waarde: 1 }]
- sleutel: b
  titel: Twee plaatsen
  eenheid: x
  hoofdstuk: werk
  aanbeveling: 2.1.A
  waarden: [{ jaar: 2030, waarde: 1 }]
- sleutel: c
  titel: Geen waarden
  eenheid: x
  hoofdstuk: werk
  waarden: []
- sleutel: c
  titel: Twee keer c, jaar als tekst
  eenheid: x
  hoofdstuk: werk
  waarden:
    - jaar: twintig
      waarde: 1
- sleutel: e
  eenheid: x
  hoofdstuk: werk
  waarden: [{ jaar: 2030, waarde: 1 }]
",
    );
    case.check()
        .code(1)
        .has("content/kerncijfers.yaml:1:3: error: key figure `a` says nowhere where it belongs")
        .has("content/kerncijfers.yaml:9:3: error: a key figure belongs to a chapter or to a recommendation, not both")
        .has("content/kerncijfers.yaml:15:3: error: key figure `c` has no values")
        .has("content/kerncijfers.yaml:21:13: error: `twintig` is not a year")
        .has("content/kerncijfers.yaml:23:3: error: key figure: missing field `titel`")
        .mentions("5 errors");
}

#[test]
fn key_figures_in_a_file_that_is_no_list() {
    let case = Case::new("valid");
    case.write("kerncijfers.yaml", "sleutel: a\n");
    case.check().code(1).has("content/kerncijfers.yaml:1:1: error: kerncijfers.yaml must be a list of key figures");
    case.write("kerncijfers.yaml", "- sleutel: [a\n");
    case.check().code(1).has("content/kerncijfers.yaml:2:1: error: while parsing a flow sequence, expected");
    case.write("kerncijfers.yaml", "# nog geen kerncijfers\n");
    case.check().code(0);
}

#[test]
fn a_duplicate_key_figure_is_named_with_its_first_line() {
    let case = Case::new("valid");
    let one = "- sleutel: a\n  titel: A\n  eenheid: x\n  hoofdstuk: werk\n  waarden: [{ jaar: 2030, waarde: 1 }]\n";
    case.write("kerncijfers.yaml", format!("{one}{one}"));
    case.check()
        .code(1)
        .has("content/kerncijfers.yaml:6:12: error: key figure `a` is defined twice")
        .mentions("it is first defined on line 1");
}

/// `macros.html` left the built-in templates: a content's own template
/// that still imports it is told what replaced it, at the import, and its
/// own `macros.html` is a warning that says the same.
#[test]
fn a_template_that_imports_the_removed_macros_is_told_what_replaced_them() {
    let case = Case::new("valid");
    case.write("templates/html/macros.html", "{% macro badge(status) %}x{% endmacro badge %}\n");
    case.write(
        "templates/html/chapter.html",
        "{% extends \"base.html\" %}\n{% import \"macros.html\" as m %}\n{% block main %}{% endblock main %}\n",
    );
    for args in [&["check", "content"][..], &["build", "content", "--format", "html"]] {
        case.run(args)
            .code(1)
            .has("content/templates/html/chapter.html:2:1: error: `macros.html` is gone")
            .mentions("badge(status=")
            .has("content/templates/html/macros.html:1:1: warning: `macros.html` replaces no built-in template")
            .mentions("parts");
    }
    assert!(!case.root().join("output").exists(), "nothing was written");
}

/// The same page drawn by a template of the content's own that loops over
/// every field and calls the shared functions: check passes and the site
/// shows the badge of each recommendation as the built-in page does.
#[test]
fn a_content_template_draws_with_the_shared_badge() {
    let case = Case::new("valid");
    case.write(
        "templates/html/chapter.html",
        "{% for r in chapter.recommendations %}<p>{{ r.id }} {{ badge(status=r.status) }} {{ badge(status=\"\") }}</p>\n{% endfor %}",
    );
    case.check().code(0);
    case.run(&["build", "content", "--format", "html"]).code(0);
    let page = std::fs::read_to_string(case.root().join("output/site/werk.html")).unwrap();
    assert!(page.contains("<span class=\"status status-"), "{page}");
    assert!(page.contains("<span class=\"status status-geen\">Geen status</span>"), "{page}");
}

/// Tera names the template in backticks when an import is missing; the
/// error is still the content's own template's, not a failure of the tool.
#[test]
fn a_template_that_imports_a_missing_template_is_a_content_error() {
    let case = Case::new("valid");
    case.write(
        "templates/html/chapter.html",
        "{% extends \"base.html\" %}\n{% import \"nergens.html\" as n %}\n{% block main %}{% endblock main %}\n",
    );
    case.check()
        .code(1)
        .has("content/templates/html/chapter.html:")
        .mentions("template error")
        .mentions("nergens.html")
        .mentions("the report's own template");
}

/// Values near the limits of a float are errors at their place; the
/// largest allowed draws bars inside the figure (each bar's height in the
/// site's SVG is a finite number no taller than the plot).
#[test]
fn key_figure_values_are_bounded() {
    let case = Case::new("valid");
    let figures = |values: &str| {
        format!("- sleutel: geld\n  titel: Geld\n  eenheid: mln euro\n  hoofdstuk: huisvesting\n  waarden:\n{values}")
    };
    case.write(
        "kerncijfers.yaml",
        figures(
            "    - { jaar: 2026, waarde: 1.7976931348623157e308 }\n    - { jaar: 2027, waarde: -1e308 }\n    - { jaar: 2028, waarde: 1000000000001 }\n    - { jaar: 2029, waarde: -2e12 }\n    - { jaar: 2030, waarde: 5e-324 }\n    - { jaar: 2031, waarde: -0.0000009 }\n",
        ),
    );
    let out = case.check();
    out.code(1)
        .has("content/kerncijfers.yaml:6:29: error: `179769313486231570000")
        .has("content/kerncijfers.yaml:7:29: error: `-10000000000")
        .has("content/kerncijfers.yaml:8:29: error: `1000000000001` is larger than a key figure can be")
        .has("content/kerncijfers.yaml:9:29: error: `-2000000000000` is larger than a key figure can be")
        .has("content/kerncijfers.yaml:10:29: error: `0.000")
        .has("content/kerncijfers.yaml:11:29: error: `-0.0000009` is smaller than a key figure can be")
        .mentions("6 errors");
    case.write(
        "kerncijfers.yaml",
        figures("    - { jaar: 2029, waarde: 1e12 }\n    - { jaar: 2030, waarde: -1e12 }\n    - { jaar: 2031, waarde: 0.000001 }\n"),
    );
    case.run(&["build", "content", "--out", "out", "--format", "html"]).code(0);
    let page = std::fs::read_to_string(case.root().join("out/site/huisvesting.html")).unwrap();
    let heights: Vec<f64> = page
        .match_indices(" height=\"")
        .filter_map(|(i, m)| page[i + m.len()..].split('"').next()?.parse().ok())
        .collect();
    assert!(heights.len() >= 3, "no bars in the page");
    assert!(heights.iter().all(|h| h.is_finite() && *h <= 200.0), "{heights:?}");
}

/// Heading classes would give a writer's heading the site's own look or
/// behaviour (a status badge, text hidden for all but screen readers, the
/// skip link): the site drops every class, `check` warns at each, the id
/// stays.
#[test]
fn heading_classes_are_dropped_with_a_warning_at_their_place() {
    let case = Case::new("valid");
    let file = "bijdragen/BZK/4.1.A.md";
    let base = case.read(file);
    let first = base.lines().count() + 2;
    case.write(
        file,
        format!("{base}\n## Afgerond {{.status .status-bol}}\n\n## Geheim {{.verborgen}}\n\n### Eigen {{#eigen-kop .skiplink}}\n\nTekst.\n"),
    );
    let out = case.check();
    out.code(0)
        .has(&format!("content/{file}:{first}:14: warning: the heading class `.status` is not used"))
        .has(&format!("content/{file}:{first}:22: warning: the heading class `.status-bol` is not used"))
        .has(&format!("content/{file}:{}:12: warning: the heading class `.verborgen` is not used", first + 2))
        .has(&format!("content/{file}:{}:23: warning: the heading class `.skiplink` is not used", first + 4));
    case.run(&["build", "content", "--out", "out", "--format", "html"]).code(0);
    let page = std::fs::read_to_string(case.root().join("out/site/huisvesting.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let headings = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    let mine: Vec<_> = doc
        .select(&headings)
        .filter(|h| ["Afgerond", "Geheim", "Eigen"].contains(&h.text().collect::<String>().trim()))
        .collect();
    assert_eq!(mine.len(), 3, "{page}");
    for h in mine {
        assert_eq!(h.value().attr("class"), None, "{}", h.html());
    }
    assert!(page.contains("-eigen-kop\">Eigen"), "the id stays");
}
