//! Which edition a command acts on. Every command names the content
//! directory the same way ([`ContentDir`]: the first argument, or
//! `--content DIR`), and a command that writes forms, imports or builds
//! first says which report and year that is, and warns when a later
//! edition of the same report lies beside it: forgetting the directory
//! must not silently act on last year's report.

use crate::content::source::read_regular;
use crate::content::yaml::Doc;
use crate::model::Report;
use std::path::{Path, PathBuf};

/// The content directory as the first argument (default `content`) or as
/// `--content DIR`, the spelling `new` and `import` use.
#[derive(Debug, Clone, clap::Args)]
pub struct ContentDir {
    /// The content directory of one year's report (also: --content DIR).
    #[arg(value_name = "CONTENT_DIR", default_value = "content")]
    dir: PathBuf,
    /// The content directory, as new and import take it.
    #[arg(long = "content", value_name = "DIR", conflicts_with = "dir")]
    content: Option<PathBuf>,
}

impl ContentDir {
    pub fn path(&self) -> &Path {
        self.content.as_deref().unwrap_or(&self.dir)
    }
}

/// `--help` of `--content` for `new` and `import`, which take the directory
/// only as an option: their positional arguments are the identifier (`new`)
/// or the forms (`import`, any number), so a directory among them could not
/// be told apart without guessing.
pub const CONTENT_OPTION_HELP: &str = "The content directory of one year's report [default: content]; only as --content DIR \
(or --content=DIR): the positional arguments are the identifier (new) or the forms (import), and a directory among them would be ambiguous";

/// A rapport.yaml beside is read only this far: it is a settings file.
const MAX_SETTINGS_BYTES: u64 = 1 << 20;

/// Prints (to stderr, so that stdout stays the command's output) which
/// report and year the command acts on, and a warning for each later
/// edition of the same report in a directory beside this one.
pub fn announce(content_dir: &Path, report: &Report) {
    let s = &report.settings;
    eprintln!("{} ({}), from {}", s.title, s.year, content_dir.display());
    for (dir, year) in later_editions(content_dir, report) {
        eprintln!(
            "warning: {} holds a later edition of this report ({year}); give that directory to act on {year}",
            dir.display()
        );
    }
}

/// Directories beside `content_dir` whose `rapport.yaml` is the same
/// report (its title without the years) of a later `jaar`, in name order.
/// Only each sibling's `rapport.yaml` is read, and only when it is a
/// regular file of reasonable size.
pub fn later_editions(content_dir: &Path, report: &Report) -> Vec<(PathBuf, i32)> {
    let Ok(root) = content_dir.canonicalize() else { return Vec::new() };
    let Some(parent) = root.parent() else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| *p != root).collect();
    dirs.sort();
    let shown_parent = content_dir.parent().unwrap_or(Path::new(""));
    let this = without_years(&report.settings.title);
    dirs.into_iter()
        .filter(|d| d.is_dir())
        .filter_map(|d| {
            let (title, year) = title_and_year(&d.join("rapport.yaml"))?;
            let name = d.file_name()?.to_owned();
            (year > report.settings.year && without_years(&title) == this).then(|| (shown_parent.join(name), year))
        })
        .collect()
}

fn title_and_year(path: &Path) -> Option<(String, i32)> {
    let bytes = read_regular(path, MAX_SETTINGS_BYTES).ok()?;
    let text = crate::content::source::decode(&bytes).ok()?;
    let doc = Doc::parse(&text, path, 1).ok()?;
    let title = doc.root().get("titel")?.text()?.to_string();
    let year = doc.root().get("jaar")?.text()?.trim().parse().ok()?;
    Some((title, year))
}

/// `Jaarrapportage Arbeidsmigranten 2023` and `… 2022` are one report.
fn without_years(title: &str) -> String {
    title.split_whitespace().filter(|w| !w.chars().all(|c| c.is_ascii_digit())).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_the_same_report_across_years() {
        assert_eq!(
            without_years("Jaarrapportage  Arbeidsmigranten 2023"),
            without_years("Jaarrapportage Arbeidsmigranten 2022")
        );
        assert_ne!(without_years("Jaarrapportage Proef 2030"), without_years("Jaarrapportage Arbeidsmigranten 2030"));
    }
}
