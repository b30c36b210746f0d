//! The report's files inside the site: the PDF and the open data this
//! build wrote beside `site/` are copied into `site/downloads/`, so a site
//! published as it is still offers them, and every page links them with
//! their sizes. The site is written after the other formats (see
//! `format::FORMATS`), which say what they wrote; a format not built this
//! time is not offered.

use crate::render::RenderError;
use crate::render::format::Written;
use serde::Serialize;
use std::path::Path;

/// The directory inside the site that holds the copies.
pub const DIR: &str = "downloads";

/// A file a reader can download, as the pages link it.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// `PDF`, `Open data (JSON)`, ...
    pub label: &'static str,
    /// Its address from a page of the site: `downloads/<file>`.
    pub href: String,
    /// `1,2 MB`, in Dutch notation.
    pub size: String,
}

/// What a file is to a reader, by how its name ends; `None` for what is
/// not offered (the site itself).
fn label(file: &str) -> Option<&'static str> {
    [
        (".pdf", "PDF"),
        ("-kerncijfers.csv", "Kerncijfers (CSV)"),
        ("-toezeggingen.csv", "Toezeggingen en moties (CSV)"),
        (".csv", "Tabel (CSV)"),
        (".json", "Open data (JSON)"),
        (".dcat.jsonld", "Beschrijving van de open data (DCAT)"),
    ]
    .into_iter()
    .find(|(end, _)| file.ends_with(end))
    .map(|(_, l)| l)
}

/// `850 bytes`, `12 kB`, `1,2 MB`: decimal units, one decimal below ten.
pub fn size_label(bytes: u64) -> String {
    let one = |v: f64, unit: &str| {
        let text = if v < 10.0 { format!("{:.1}", v).replace('.', ",") } else { format!("{}", v.round() as u64) };
        format!("{text} {unit}")
    };
    match bytes {
        0..1000 => format!("{bytes} bytes"),
        1000..1_000_000 => one(bytes as f64 / 1e3, "kB"),
        _ => one(bytes as f64 / 1e6, "MB"),
    }
}

/// Copies the files the other formats wrote into `dir` (the staging
/// directory) to `site/downloads/`, in the order they were written, and
/// says how the pages link them.
pub fn copy(written: &[Written], dir: &Path, site: &Path) -> Result<Vec<Download>, RenderError> {
    let mut out = Vec::new();
    for w in written {
        let Some(label) = label(&w.file) else { continue };
        let (from, to) = (dir.join(&w.file), site.join(DIR).join(&w.file));
        std::fs::create_dir_all(site.join(DIR)).map_err(|e| RenderError::io(&site.join(DIR), e))?;
        std::fs::copy(&from, &to).map_err(|e| RenderError::io(&to, e))?;
        out.push(Download { label, href: format!("{DIR}/{}", w.file), size: size_label(w.bytes) });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_dutch_notation() {
        assert_eq!(size_label(850), "850 bytes");
        assert_eq!(size_label(1_234), "1,2 kB");
        assert_eq!(size_label(56_700), "57 kB");
        assert_eq!(size_label(1_260_000), "1,3 MB");
        assert_eq!(size_label(12_000_000), "12 MB");
    }

    #[test]
    fn every_file_but_the_site_is_offered() {
        use crate::render::format::FORMATS;
        let offered: Vec<String> = FORMATS.iter().flat_map(|f| f.outputs("r")).filter(|f| label(f).is_some()).collect();
        assert_eq!(offered, ["r.json", "r.csv", "r-kerncijfers.csv", "r-toezeggingen.csv", "r.dcat.jsonld", "r.pdf"]);
    }
}
