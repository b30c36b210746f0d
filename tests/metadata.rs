//! Government metadata: the OWMS core on every page of the site, and the
//! DCAT-AP-NL description of the open data (`<slug>.dcat.jsonld`), read
//! back as JSON-LD and checked against what DCAT-AP-NL 3.0 requires of a
//! dataset (title, description, identifier, publisher, creator, contact
//! point, theme, access rights) and of a distribution (access URL and
//! licence), plus what the report promises (issued date, language, the
//! JSON and CSV with their formats and media types).

mod common;
use common::Case;
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::BTreeSet;

const SLUG: &str = "jaarrapportage-proef-2030";
const EU: &str = "http://publications.europa.eu/resource/authority";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn every_page_carries_the_owms_core_with_the_publication_date() {
    let case = Case::new("valid");
    case.run(&["build", "content", "--out", "out", "--format", "html"]).code(0);
    let site = case.root().join("out/site");
    let mut identifiers = BTreeSet::new();
    let mut pages = 0;
    for entry in std::fs::read_dir(&site).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".html") {
            continue;
        }
        pages += 1;
        let page = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        let meta = |field: &str| -> String {
            let all: Vec<_> = page.select(&sel(&format!("head > meta[name=\"dcterms.{field}\"]"))).collect();
            assert_eq!(all.len(), 1, "{name}: one dcterms.{field}");
            all[0].attr("content").unwrap_or_default().to_string()
        };
        assert_eq!(meta("identifier"), format!("{SLUG}/{name}"), "{name}");
        assert!(identifiers.insert(meta("identifier")));
        let title = meta("title");
        let head_title = page.select(&sel("head > title")).next().unwrap().text().collect::<String>();
        assert!(!title.is_empty() && head_title.contains(&title), "{name}: {title:?} vs <title>{head_title}");
        assert_eq!(meta("type"), "rapport");
        assert_eq!(meta("language"), "nl");
        assert_eq!(meta("creator"), "Interdepartementaal Projectteam Arbeidsmigranten");
        assert_eq!(meta("publisher"), "Interdepartementaal Projectteam Arbeidsmigranten");
        // publicatiedatum: 2031-01-15 in the fixture's rapport.yaml.
        assert_eq!(meta("modified"), "2031-01-15", "{name}");
    }
    assert!(pages >= 5, "{pages} pages");
}

#[test]
fn without_a_publication_date_the_pages_carry_the_peildatum_not_the_clock() {
    let case = Case::new("valid");
    case.edit("rapport.yaml", "publicatiedatum: 2031-01-15\n", "");
    case.run(&["build", "content", "--out", "out", "--format", "html"]).code(0);
    let page = Html::parse_document(&std::fs::read_to_string(case.root().join("out/site/index.html")).unwrap());
    let modified = page.select(&sel("meta[name=\"dcterms.modified\"]")).next().unwrap();
    assert_eq!(modified.attr("content"), Some("2030-12-01"));
}

fn dcat(case: &Case, formats: &str) -> Value {
    case.run(&["build", "content", "--out", "out", "--format", formats]).code(0);
    let text = std::fs::read_to_string(case.root().join(format!("out/{SLUG}.dcat.jsonld"))).unwrap();
    serde_json::from_str(&text).expect("the DCAT description is JSON")
}

/// The `@id` of a node reference.
fn id(v: &Value) -> &str {
    v["@id"].as_str().unwrap_or_else(|| panic!("no @id in {v}"))
}

/// A literal's text (`{"@value": ...}`) or a plain string.
fn literal(v: &Value) -> &str {
    v.get("@value").and_then(Value::as_str).or_else(|| v.as_str()).unwrap_or_else(|| panic!("no literal in {v}"))
}

/// Every property name is an `@` keyword or a compact IRI whose prefix the
/// context defines, so a JSON-LD processor expands every one of them.
fn check_names(v: &Value, prefixes: &BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if k == "@context" {
                    continue;
                }
                if !k.starts_with('@') {
                    let (prefix, term) = k.split_once(':').unwrap_or_else(|| panic!("{k} is not a compact IRI"));
                    assert!(prefixes.contains(prefix) && !term.is_empty(), "{k}: prefix not in @context");
                }
                check_names(child, prefixes);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| check_names(i, prefixes)),
        _ => {}
    }
}

#[test]
fn the_dcat_description_has_what_dcat_ap_nl_requires() {
    let case = Case::new("valid");
    let d = dcat(&case, "html,json,csv,dcat");
    let context = d["@context"].as_object().expect("@context");
    assert_eq!(context["dcat"], "http://www.w3.org/ns/dcat#");
    assert_eq!(context["dct"], "http://purl.org/dc/terms/");
    assert_eq!(context["foaf"], "http://xmlns.com/foaf/0.1/");
    let prefixes: BTreeSet<String> = context.keys().cloned().collect();
    check_names(&d, &prefixes);

    assert_eq!(d["@type"], "dcat:Dataset");
    assert_eq!(literal(&d["dct:title"]), "Jaarrapportage Proef 2030");
    assert_eq!(d["dct:title"]["@language"], "nl");
    assert!(literal(&d["dct:description"]).contains("Een kleine proefrapportage"));
    assert_eq!(literal(&d["dct:identifier"]), SLUG);
    for agent in ["dct:publisher", "dct:creator"] {
        assert_eq!(d[agent]["@type"], "foaf:Agent");
        assert_eq!(literal(&d[agent]["foaf:name"]), "Interdepartementaal Projectteam Arbeidsmigranten");
    }
    assert_eq!(literal(&d["dcat:contactPoint"]["vcard:fn"]), "Interdepartementaal Projectteam Arbeidsmigranten");
    assert!(id(&d["dcat:theme"]).starts_with(&format!("{EU}/data-theme/")));
    assert_eq!(id(&d["dct:accessRights"]), format!("{EU}/access-right/PUBLIC"));
    assert_eq!(id(&d["dct:language"]), format!("{EU}/language/NLD"));
    assert_eq!(literal(&d["dct:issued"]), "2031-01-15");
    assert_eq!(d["dct:issued"]["@type"], "xsd:date");

    let distributions = d["dcat:distribution"].as_array().expect("distributions");
    // The JSON and every CSV: the recommendations, the key figures, the commitments.
    assert_eq!(distributions.len(), 4);
    let ids: Vec<&str> = distributions.iter().map(|x| x["@id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["#json", "#csv", "#kerncijfers-csv", "#toezeggingen-csv"]);
    let out = case.root().join("out");
    for (want_format, media_type) in [("JSON", "application/json"), ("CSV", "text/csv")] {
        let dist = distributions
            .iter()
            .find(|x| id(&x["dct:format"]) == format!("{EU}/file-type/{want_format}"))
            .unwrap_or_else(|| panic!("no {want_format} distribution"));
        assert_eq!(dist["@type"], "dcat:Distribution");
        let file = format!("{SLUG}.{}", want_format.to_lowercase());
        // Relative addresses: they resolve to the files beside the description.
        assert_eq!(id(&dist["dcat:accessURL"]), file);
        assert_eq!(id(&dist["dcat:downloadURL"]), file);
        let size = std::fs::metadata(out.join(&file)).unwrap().len();
        assert_eq!(literal(&dist["dcat:byteSize"]), size.to_string());
        assert_eq!(id(&dist["dcat:mediaType"]), format!("https://www.iana.org/assignments/media-types/{media_type}"));
        assert_eq!(id(&dist["dct:license"]), format!("{EU}/licence/CC0"));
        assert!(literal(&dist["dct:title"]).contains(want_format));
    }
}

#[test]
fn the_licence_is_the_one_rapport_yaml_names() {
    let case = Case::new("valid");
    case.edit("rapport.yaml", "uitgever:", "licentie: cc-by-4.0\nuitgever:");
    let d = dcat(&case, "json,dcat");
    let distributions = d["dcat:distribution"].as_array().unwrap();
    for dist in distributions {
        assert_eq!(id(&dist["dct:license"]), format!("{EU}/licence/CC_BY_4_0"));
    }
    // Only the JSON was built: only its size is known.
    let sized: Vec<&str> =
        distributions.iter().filter(|x| x.get("dcat:byteSize").is_some()).map(|x| id(&x["dct:format"])).collect();
    assert_eq!(sized, [format!("{EU}/file-type/JSON")]);
}

#[test]
fn an_unknown_licence_is_an_error_at_its_place() {
    let case = Case::new("valid");
    case.edit("rapport.yaml", "uitgever:", "licentie: CC-BY-40\nuitgever:");
    let line = case.read("rapport.yaml").lines().position(|l| l.starts_with("licentie")).unwrap() + 1;
    case.check().code(1).has(&format!("content/rapport.yaml:{line}:11: error: unknown licence `CC-BY-40`"));
    let run = case.run(&["build", "content", "--out", "out"]);
    run.code(1).mentions("did you mean `CC-BY-4.0`?");
    assert!(!case.root().join("out").exists());
}
