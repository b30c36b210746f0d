//! `<slug>.dcat.jsonld`: a DCAT-AP-NL description of the open data, so that
//! a data catalogue (data.overheid.nl harvests DCAT) can list the report's
//! JSON and CSV with their publisher, licence and formats. Written beside
//! the files it describes, which it names by relative address: wherever
//! the output is published, the description resolves to the files next
//! to it. Every value comes from the content, never from the clock.

use super::format::{Format, Tools};
use super::{RenderError, write_file};
use crate::model::slugify;
use crate::model::{Report, dutch_date};
use serde_json::{Value, json};
use std::path::Path;

/// The DCAT description, `<slug>.dcat.jsonld`.
pub struct Dcat;

impl Format for Dcat {
    fn name(&self) -> &'static str {
        "dcat"
    }
    fn about(&self) -> &'static str {
        "open data: its DCAT-AP-NL description, OUT/<slug>.dcat.jsonld"
    }
    fn outputs(&self, slug: &str) -> Vec<String> {
        vec![format!("{slug}.dcat.jsonld")]
    }
    /// Describes the JSON and the CSV; their sizes when this build wrote
    /// them (they come before it in the list of formats).
    fn render(&self, report: &Report, _: &Tools, dir: &Path) -> Result<(), RenderError> {
        let slug = slugify(&report.settings.title);
        let files: Vec<Distribution> = [("json", "JSON", "application/json"), ("csv", "CSV", "text/csv")]
            .into_iter()
            .map(|(ext, file_type, media_type)| {
                let file = format!("{slug}.{ext}");
                let byte_size = std::fs::metadata(dir.join(&file)).ok().map(|m| m.len());
                Distribution { file, file_type, media_type, byte_size }
            })
            .collect();
        write_file(&dir.join(&self.outputs(&slug)[0]), &dcat(report, &slug, &files))
    }
}

/// A file of the open data that the description lists.
pub struct Distribution {
    /// The file name beside the description (`<slug>.json`).
    pub file: String,
    /// `JSON` or `CSV`: the EU file-type authority list entry.
    pub file_type: &'static str,
    /// The IANA media type.
    pub media_type: &'static str,
    pub byte_size: Option<u64>,
}

const EU: &str = "http://publications.europa.eu/resource/authority";

fn text(s: &str) -> Value {
    json!({ "@value": s, "@language": "nl" })
}

fn date(d: chrono::NaiveDate) -> Value {
    json!({ "@value": d.format("%Y-%m-%d").to_string(), "@type": "xsd:date" })
}

fn iri(s: impl AsRef<str>) -> Value {
    json!({ "@id": s.as_ref() })
}

/// The description, as JSON-LD with compact names (`dct:title`).
pub fn dcat(report: &Report, slug: &str, files: &[Distribution]) -> Vec<u8> {
    let s = &report.settings;
    let issued = s.publicatiedatum.unwrap_or(s.peildatum);
    let publisher = json!({
        "@type": "foaf:Agent",
        "foaf:name": text(&s.publisher),
    });
    let concept = crate::render::view::version::concept(report);
    let description = format!(
        "{}{}{}De stand van {} aanbevelingen op de peildatum {}: per aanbeveling de eigenaar, de status, \
         de mijlpalen, de bronnen en de tekst van de ministeries.",
        concept.as_ref().map(|c| format!("{} ", c.text)).unwrap_or_default(),
        s.subtitle.as_deref().unwrap_or(""),
        if s.subtitle.is_some() { ". " } else { "" },
        report.recommendations.len(),
        dutch_date(s.peildatum),
    );
    let distributions: Vec<Value> = files
        .iter()
        .map(|d| {
            let mut dist = json!({
                "@id": format!("#{}", d.file_type.to_lowercase()),
                "@type": "dcat:Distribution",
                "dct:title": text(&format!("{} ({})", s.title, d.file_type)),
                "dcat:accessURL": iri(&d.file),
                "dcat:downloadURL": iri(&d.file),
                "dct:format": iri(format!("{EU}/file-type/{}", d.file_type)),
                "dcat:mediaType": iri(format!("https://www.iana.org/assignments/media-types/{}", d.media_type)),
                "dct:license": iri(s.licence.uri),
                "dct:language": iri(format!("{EU}/language/NLD")),
                "dct:issued": date(issued),
            });
            if let Some(size) = d.byte_size {
                dist["dcat:byteSize"] = json!({ "@value": size.to_string(), "@type": "xsd:nonNegativeInteger" });
            }
            dist
        })
        .collect();
    let doc = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": slug,
        "dct:title": text(&s.title),
        "dct:description": text(&description),
        "dct:publisher": publisher.clone(),
        "dct:creator": publisher,
        "dcat:contactPoint": { "@type": "vcard:Organization", "vcard:fn": text(&s.publisher) },
        "dcat:theme": iri(format!("{EU}/data-theme/SOCI")),
        "dct:accessRights": iri(format!("{EU}/access-right/PUBLIC")),
        "dct:language": iri(format!("{EU}/language/NLD")),
        "dct:issued": date(issued),
        "dct:modified": date(issued),
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": { "@value": format!("{}-01-01", s.year), "@type": "xsd:date" },
            "dcat:endDate": date(s.peildatum),
        },
        "dcat:keyword": [text("arbeidsmigranten"), text("jaarrapportage"), text(&s.year.to_string())],
        "dcat:distribution": distributions,
    });
    let mut doc = doc;
    if let Some(version) = crate::render::view::version::key(report) {
        // The version as data too, not only in the description.
        doc["@context"]["owl"] = json!("http://www.w3.org/2002/07/owl#");
        doc["owl:versionInfo"] = json!(version);
    }
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}
