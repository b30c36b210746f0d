//! The short block `build` ends with: what it wrote, where, how big. Read
//! back from the output directory after the move into place, so it says
//! what is there, not what was meant to be.

use crate::render::format::Format;
use std::path::Path;

/// One line per output of each format built: the site's page count and
/// size, each file's size (and the PDF's pages).
pub fn summary(out: &Path, slug: &str, formats: &[&dyn Format]) -> String {
    let mut lines = vec![format!("wrote {}:", out.display())];
    for f in formats {
        for rel in f.outputs(slug) {
            let path = out.join(&rel);
            if path.is_dir() {
                let (pages, bytes) = site(&path);
                lines.push(format!(
                    "  {rel}/  {}, {}",
                    crate::render::status::count(pages, "page", "pages"),
                    size(bytes)
                ));
            } else if let Ok(meta) = std::fs::metadata(&path) {
                let pages = (f.name() == "pdf").then(|| pdf_pages(&path)).flatten();
                let pages = pages.map(|n| format!(", {}", crate::render::status::count(n, "page", "pages")));
                lines.push(format!("  {rel}  {}{}", size(meta.len()), pages.unwrap_or_default()));
            }
        }
    }
    lines.join("\n")
}

/// HTML pages and total bytes under the site directory.
fn site(dir: &Path) -> (usize, u64) {
    let mut pages = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(dir).follow_links(false).into_iter().flatten() {
        if e.file_type().is_file() {
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            pages += usize::from(e.path().extension().is_some_and(|x| x == "html"));
        }
    }
    (pages, bytes)
}

/// The page count of the PDF's page tree (`/Type/Pages/Count N`, as
/// typst writes it uncompressed at the start); `None` when it is not
/// found so simply.
fn pdf_pages(path: &Path) -> Option<usize> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path).ok()?.take(4096).read_to_end(&mut head).ok()?;
    let compact: String = String::from_utf8_lossy(&head).chars().filter(|c| !c.is_whitespace()).collect();
    let after = compact.split("/Type/Pages/Count").nth(1)?;
    after.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// `812 B`, `14.2 kB`, `3.1 MB`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(super::size(812), "812 B");
        assert_eq!(super::size(14_230), "14.2 kB");
        assert_eq!(super::size(3_140_000), "3.1 MB");
    }
}
