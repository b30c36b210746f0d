//! `<slug>.dcat.jsonld`: a DCAT-AP-NL description of the open data, so that
//! a data catalogue (data.overheid.nl harvests DCAT) can list the report's
//! JSON and CSV with their publisher, licence and formats. Written beside
//! the files it describes, which it names by relative address: wherever
//! the output is published, the description resolves to the files next
//! to it. Every value comes from the content, never from the clock.

use super::RenderError;
use super::format::{self, Format, RenderContext, Written};
use crate::view::Meta;
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
    /// Describes every file of the open data formats (asked of the list
    /// of formats); their sizes when this build wrote them (they come
    /// before it in the list).
    fn render(&self, ctx: &RenderContext, dir: &Path) -> Result<Vec<Written>, RenderError> {
        let meta = &ctx.view.meta;
        let slug = &meta.slug;
        let files: Vec<Distribution> = [&super::export::Json as &dyn Format, &super::export::Csv]
            .into_iter()
            .flat_map(|f| f.outputs(slug))
            .filter_map(|file| {
                let (file_type, media_type) = match file.rsplit('.').next() {
                    Some("json") => ("JSON", "application/json"),
                    Some("csv") => ("CSV", "text/csv"),
                    _ => return None,
                };
                let byte_size = ctx.written.iter().find(|w| w.file == file).map(|w| w.bytes);
                Some(Distribution { file, file_type, media_type, byte_size })
            })
            .collect();
        Ok(vec![format::write(dir, &self.outputs(slug)[0], &dcat(meta, &files))?])
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

fn date(iso: &str) -> Value {
    json!({ "@value": iso, "@type": "xsd:date" })
}

fn iri(s: impl AsRef<str>) -> Value {
    json!({ "@id": s.as_ref() })
}

/// The description, as JSON-LD with compact names (`dct:title`).
pub fn dcat(meta: &Meta, files: &[Distribution]) -> Vec<u8> {
    let (slug, title) = (&meta.slug, &meta.title);
    let issued = date(&meta.date_iso);
    let publisher = json!({
        "@type": "foaf:Agent",
        "foaf:name": text(&meta.publisher),
    });
    let distributions: Vec<Value> = files
        .iter()
        .map(|d| {
            // `<slug>.csv` is `#csv`, `<slug>-kerncijfers.csv` `#kerncijfers-csv`.
            let part = d.file.strip_prefix(slug).unwrap_or(&d.file).trim_start_matches(['-', '.']);
            let (name, _) = part.rsplit_once('.').unwrap_or(("", part));
            let title = if name.is_empty() {
                format!("{title} ({})", d.file_type)
            } else {
                format!("{title} ({}, {name})", d.file_type)
            };
            let mut dist = json!({
                "@id": format!("#{}", part.replace('.', "-")),
                "@type": "dcat:Distribution",
                "dct:title": text(&title),
                "dcat:accessURL": iri(&d.file),
                "dcat:downloadURL": iri(&d.file),
                "dct:format": iri(format!("{EU}/file-type/{}", d.file_type)),
                "dcat:mediaType": iri(format!("https://www.iana.org/assignments/media-types/{}", d.media_type)),
                "dct:license": iri(meta.licence_uri),
                "dct:language": iri(format!("{EU}/language/NLD")),
                "dct:issued": issued.clone(),
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
        "dct:title": text(title),
        "dct:description": text(&meta.data_description),
        "dct:publisher": publisher.clone(),
        "dct:creator": publisher,
        "dcat:contactPoint": { "@type": "vcard:Organization", "vcard:fn": text(&meta.publisher) },
        "dcat:theme": iri(format!("{EU}/data-theme/SOCI")),
        "dct:accessRights": iri(format!("{EU}/access-right/PUBLIC")),
        "dct:language": iri(format!("{EU}/language/NLD")),
        "dct:issued": issued.clone(),
        "dct:modified": issued,
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": date(&meta.year_start_iso),
            "dcat:endDate": date(&meta.peildatum_iso),
        },
        "dcat:keyword": [text("arbeidsmigranten"), text("jaarrapportage"), text(&meta.year.to_string())],
        "dcat:distribution": distributions,
    });
    let mut doc = doc;
    if let Some(version) = meta.version {
        // The version as data too, not only in the description.
        doc["@context"]["owl"] = json!("http://www.w3.org/2002/07/owl#");
        doc["owl:versionInfo"] = json!(version);
    }
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}
