//! Where things live: the content directory's relative paths and the
//! site's file names. Pure path arithmetic, no I/O, shared by the content
//! layer (images inside the content directory), validation (names a page
//! may not take) and both renderers (an image's place in the site and in
//! the PDF's work directory), so it sits below all of them.

use std::path::{Component, Path, PathBuf};

/// File names the site uses itself; pages and chapters may not take them.
pub const RESERVED: &[&str] = &["index", "tijdpad", "toezeggingen", "static", "afbeeldingen"];

/// The page name of the accessibility statement: `paginas/<this>.md` in
/// the content replaces the draft the site writes as `<this>.html`.
pub const ACCESSIBILITY_PAGE: &str = "toegankelijkheid";

/// Where an image referenced from `file` lives, relative to the content
/// directory (and so to the site root): pure path arithmetic, no I/O.
pub fn site_path(file: &Path, url: &str) -> Option<String> {
    let rel = normalise(file, url)?;
    let path = rel.iter().map(|c| c.to_string_lossy()).collect::<Vec<_>>().join("/");
    // A file named `javascript:x` is a path, not a URL scheme, to a browser only with `./`.
    if path.split('/').next().is_some_and(|first| first.contains(':')) {
        return Some(format!("./{path}"));
    }
    Some(path)
}

/// `url` resolved against the directory of `file`, both relative to the
/// content directory; `None` when it climbs out of it.
pub fn normalise(file: &Path, url: &str) -> Option<PathBuf> {
    if url.contains("://") || url.starts_with("data:") {
        return None;
    }
    let base = file.parent().unwrap_or(Path::new(""));
    let joined = match url.strip_prefix('/') {
        Some(abs) => PathBuf::from(abs),
        None => base.join(url),
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_stays_inside() {
        assert_eq!(
            normalise(Path::new("paginas/a.md"), "../afbeeldingen/x.png"),
            Some(PathBuf::from("afbeeldingen/x.png"))
        );
        assert_eq!(normalise(Path::new("paginas/a.md"), "../../x.png"), None);
        assert_eq!(
            normalise(Path::new("paginas/a.md"), "/afbeeldingen/x.png"),
            Some(PathBuf::from("afbeeldingen/x.png"))
        );
    }
}
