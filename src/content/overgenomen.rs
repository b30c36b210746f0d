//! What `next-year` carried over from last year's edition (pages, chapter
//! introductions, images), each with a hash of what it copied, kept as
//! `archief/<jaar>-overgenomen.yaml` beside last year's export. A file
//! whose hash still matches is still last year's text: `status` lists it,
//! `check` warns about it in a concept and a `definitief` report refuses
//! it unless `rapport.yaml` confirms it (`bevestigd`). One set of types
//! both ways.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const VERSION: u32 = 1;

const HEADER: &str = "# Wat `jaarrapport next-year` ongewijzigd overnam uit de vorige editie, met een hash per bestand.\n\
# Een bestand met dezelfde hash is nog de tekst van vorig jaar. Niet met de hand bewerken.\n";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedFile {
    pub versie: u32,
    /// The edition the files were copied from.
    pub editie: i32,
    #[serde(default)]
    pub bestanden: Vec<CarriedEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedEntry {
    /// Relative to the content directory, with `/`.
    pub pad: String,
    /// `xxh3:<hex>`, see [`hash`].
    pub hash: String,
}

/// The record's path beside last year's export: `archief/2022.json` →
/// `archief/2022-overgenomen.yaml`.
pub fn beside(export: &Path) -> PathBuf {
    let stem = export.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    export.with_file_name(format!("{stem}-overgenomen.yaml"))
}

/// A Markdown file is hashed as the content layer decodes it (a BOM or
/// CRLF added is no rewrite), anything else byte for byte.
pub fn hash(rel: &Path, bytes: &[u8]) -> String {
    let is_md = rel.extension().is_some_and(|e| e == "md");
    match super::source::decode(bytes) {
        Ok(text) if is_md => super::uitvraag::hash(&text),
        _ => format!("xxh3:{:016x}", xxhash_rust::xxh3::xxh3_64(bytes)),
    }
}

/// Whether `next-year` records a copied file: a page, a chapter
/// introduction or an image, the texts an editor must rewrite or confirm.
pub fn is_tracked(rel: &Path, images: &[PathBuf]) -> bool {
    let top = rel.components().next().and_then(|c| c.as_os_str().to_str());
    let md = rel.extension().is_some_and(|e| e == "md");
    (md && matches!(top, Some("paginas" | "hoofdstukken"))) || images.iter().any(|i| i == rel)
}

impl CarriedFile {
    pub fn to_text(&self) -> Result<String, String> {
        let mut sorted = self.clone();
        sorted.versie = VERSION;
        sorted.bestanden.sort_by(|a, b| a.pad.cmp(&b.pad));
        super::yaml::emit::document(HEADER, &sorted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_lies_beside_the_export_and_reads_back() {
        assert_eq!(beside(Path::new("archief/2022.json")), Path::new("archief/2022-overgenomen.yaml"));
        let f = CarriedFile {
            versie: 1,
            editie: 2022,
            bestanden: vec![
                CarriedEntry { pad: "paginas/inleiding.md".into(), hash: hash(Path::new("x.md"), b"a\r\n") },
                CarriedEntry { pad: "afbeeldingen/a.svg".into(), hash: hash(Path::new("a.svg"), b"<svg/>") },
            ],
        };
        let text = f.to_text().unwrap();
        assert!(text.find("afbeeldingen/a.svg").unwrap() < text.find("paginas/inleiding.md").unwrap());
        let doc = crate::content::yaml::Doc::parse(&text, Path::new("x.yaml"), 1).unwrap();
        let (back, unknown) = doc.read::<CarriedFile>();
        assert!(unknown.is_empty());
        assert_eq!(back.unwrap().to_text().unwrap(), text);
        assert_eq!(hash(Path::new("x.md"), b"a\r\n"), hash(Path::new("x.md"), b"a\n"));
    }
}
