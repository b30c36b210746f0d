//! Reading the content directory: walk it, decode every file, sort the
//! files by role. No meaning is given to anything here; that is
//! `validate`'s job. The walk never follows a symbolic link out of the
//! content directory and never loops.

pub mod export;
pub mod frontmatter;
pub mod overgenomen;
pub mod schema;
pub mod source;
mod stray;
pub mod uitvraag;
pub mod yaml;

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use rayon::prelude::*;
pub use source::{SourceFile, display_path};
use std::path::{Component, Path, PathBuf};
use walkdir::WalkDir;

/// The files of one content directory, by role, each in path order.
#[derive(Debug, Default)]
pub struct Loaded {
    pub content_dir: PathBuf,
    /// The canonical content directory, to tell inside from outside.
    pub root: PathBuf,
    pub rapport: Option<SourceFile>,
    pub catalogue: Option<SourceFile>,
    /// `paginas/<slug>.md`
    pub pages: Vec<SourceFile>,
    /// `hoofdstukken/<slug>.md`
    pub chapter_intros: Vec<SourceFile>,
    /// `bijdragen/<MIN>/<id>.md`
    pub contributions: Vec<SourceFile>,
    /// `templates/html/<name>.html`, `templates/static/<name>`,
    /// `templates/typst/<name>.typ`: the content's own layout.
    pub html_templates: Vec<SourceFile>,
    pub static_files: Vec<SourceFile>,
    pub typst_templates: Vec<SourceFile>,
    /// `kerncijfers.yaml`, when the report has key figures.
    pub figures: Option<SourceFile>,
    /// `toezeggingen.yaml`, when the report accounts for commitments and motions.
    pub commitments: Option<SourceFile>,
    /// `uitvraag.yaml`, the request ledger, once a form has gone out.
    pub ledger: Option<SourceFile>,
}

/// Deep enough for every layout of the format, shallow enough that a
/// pathological tree is not walked for ever.
const MAX_DEPTH: usize = 12;

pub fn load(content_dir: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    let root = match content_dir.canonicalize() {
        Ok(r) if r.is_dir() => r,
        Ok(_) => {
            diags.push(Diagnostic::error(content_dir, Span::file(), "not a directory; give the content directory"));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::error(content_dir, Span::file(), format!("cannot open content directory: {e}")));
            return None;
        }
    };
    let mut loaded = Loaded { content_dir: content_dir.to_path_buf(), root: root.clone(), ..Loaded::default() };
    // The walk decides, in path order, what to read and what to report;
    // the files are then read and decoded in parallel and taken in that
    // same order.
    let mut steps: Vec<Step> = Vec::new();
    let walker = WalkDir::new(&root).follow_links(false).max_depth(MAX_DEPTH).sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(|p| rel_of(&root, p)).unwrap_or_default();
                steps.push(Step::Problem(Diagnostic::error(
                    display_path(content_dir, &p),
                    Span::file(),
                    format!("cannot read: {e}"),
                )));
                continue;
            }
        };
        let rel = rel_of(&root, entry.path());
        if rel.as_os_str().is_empty() {
            continue;
        }
        let display = display_path(content_dir, &rel);
        let Some(role) = Role::of(&rel) else {
            if !entry.file_type().is_dir()
                && let Some(d) = stray::misplaced(&rel, &display)
            {
                steps.push(Step::Problem(d));
            }
            continue;
        };
        let not_a_file = || {
            let is_dir = entry.path().is_dir();
            stray::not_a_file(&display, &entry.file_name().to_string_lossy(), is_dir).map(Step::Problem)
        };
        let abs = if entry.path_is_symlink() {
            match resolve_link(&root, entry.path()) {
                Ok(Some(target)) => target,
                Ok(None) => {
                    steps.extend(not_a_file());
                    continue;
                }
                Err(msg) => {
                    steps.push(Step::Problem(Diagnostic::error(&display, Span::file(), msg)));
                    continue;
                }
            }
        } else if entry.file_type().is_file() {
            entry.path().to_path_buf()
        } else {
            steps.extend(not_a_file());
            continue;
        };
        if matches!(role, Role::Page | Role::ChapterIntro | Role::Contribution)
            && let Some(d) = stray::wrong_case(&rel, &display)
        {
            steps.push(Step::Problem(d));
            continue;
        }
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !role.extensions().contains(&ext) {
            let warning = match role {
                Role::HtmlTemplate | Role::Static | Role::Typst => Diagnostic::warning(
                    &display,
                    Span::file(),
                    format!("file ignored: only {} files are read here", role.extensions().join(", ")),
                ),
                _ if rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) => Diagnostic::warning(
                    &display,
                    Span::file(),
                    "file ignored: only Markdown (.md) files are read here",
                )
                .with_help(format!(
                    "a Word form is read in with `jaarrapport import {}`; keep forms outside the content directory",
                    display.display()
                )),
                _ => {
                    Diagnostic::warning(&display, Span::file(), "file ignored: only Markdown (.md) files are read here")
                        .with_help("save the text as Markdown, named after what it is, e.g. `bijdragen/SZW/2.1.A.md`")
                }
            };
            steps.push(Step::Problem(warning));
            continue;
        }
        steps.push(Step::Read { role, abs, rel, display });
    }
    let read: Vec<Option<Result<SourceFile, Diagnostic>>> = steps
        .par_iter()
        .map(|step| match step {
            Step::Read { abs, rel, display, .. } => Some(source::read_text(abs, rel, display)),
            Step::Problem(_) => None,
        })
        .collect();
    for (step, file) in steps.into_iter().zip(read) {
        let (role, file) = match (step, file) {
            (Step::Read { role, .. }, Some(Ok(file))) => (role, file),
            (Step::Read { .. }, Some(Err(d))) | (Step::Problem(d), _) => {
                diags.push(d);
                continue;
            }
            (Step::Read { .. }, None) => continue,
        };
        diags.add_source(&file.display, &file.text);
        match role {
            Role::Rapport => loaded.rapport = Some(file),
            Role::Catalogue => loaded.catalogue = Some(file),
            Role::Page => loaded.pages.push(file),
            Role::ChapterIntro => loaded.chapter_intros.push(file),
            Role::Contribution => loaded.contributions.push(file),
            Role::HtmlTemplate => loaded.html_templates.push(file),
            Role::Static => loaded.static_files.push(file),
            Role::Typst => loaded.typst_templates.push(file),
            Role::Figures => loaded.figures = Some(file),
            Role::Commitments => loaded.commitments = Some(file),
            Role::Ledger => loaded.ledger = Some(file),
        }
    }
    Some(loaded)
}

/// One entry of the walk: a problem to report, or a file to read.
enum Step {
    Problem(Diagnostic),
    Read { role: Role, abs: PathBuf, rel: PathBuf, display: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Rapport,
    Catalogue,
    Page,
    ChapterIntro,
    Contribution,
    HtmlTemplate,
    Static,
    Typst,
    Figures,
    Commitments,
    Ledger,
}

impl Role {
    /// The file name extensions a file of this role may have.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Role::Rapport | Role::Catalogue | Role::Figures | Role::Commitments | Role::Ledger => {
                &["yaml", "yml", "md"]
            }
            Role::Page | Role::ChapterIntro | Role::Contribution => &["md", "yaml", "yml"],
            Role::HtmlTemplate => &["html"],
            Role::Static => &["css", "js"],
            Role::Typst => &["typ"],
        }
    }

    /// `None` for everything that is not read here: images (read when a
    /// text refers to them), last year's export (read when `vorige` names
    /// it), notes beside the files.
    fn of(rel: &Path) -> Option<Role> {
        let parts: Vec<&str> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        Some(match parts.as_slice() {
            ["rapport.yaml"] => Role::Rapport,
            ["aanbevelingen.yaml"] => Role::Catalogue,
            ["kerncijfers.yaml"] => Role::Figures,
            ["toezeggingen.yaml"] => Role::Commitments,
            [uitvraag::FILE] => Role::Ledger,
            ["paginas", _] => Role::Page,
            ["hoofdstukken", _] => Role::ChapterIntro,
            ["bijdragen", _, _] => Role::Contribution,
            ["templates", "html", _] => Role::HtmlTemplate,
            ["templates", "static", _] => Role::Static,
            ["templates", "typst", _] => Role::Typst,
            _ => return None,
        })
    }
}

fn rel_of(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// A link to a file inside the content directory is read as that file; a
/// link out of it is an error; a link to a directory is not followed.
fn resolve_link(root: &Path, link: &Path) -> Result<Option<PathBuf>, String> {
    let target = link.canonicalize().map_err(|e| format!("symbolic link cannot be followed: {e}"))?;
    if !target.starts_with(root) {
        return Err("symbolic link points outside the content directory; copy the file in instead".into());
    }
    if target.is_file() { Ok(Some(target)) } else { Ok(None) }
}

/// The image `url`, written in the file `from` (relative to the content
/// directory), as a path relative to the content directory, if it is a
/// file inside it.
pub fn resolve_inside(root: &Path, from: &Path, url: &str) -> Result<PathBuf, String> {
    let outside = || format!("image `{url}` lies outside the content directory");
    let rel = crate::paths::normalise(from, url).ok_or_else(outside)?;
    match root.join(&rel).canonicalize() {
        Ok(real) if !real.starts_with(root) => Err(outside()),
        Ok(real) if real.is_file() => Ok(rel),
        _ => Err(format!("image `{url}` not found (looked for `{}`)", rel.display())),
    }
}

/// Reads a file the content names by path (an image, last year's export):
/// only a regular file inside the content directory, in any spelling of
/// the path, no larger than `limit` bytes, read once. The error says why
/// in words for a diagnostic.
pub fn read_inside(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, String> {
    if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err("lies outside the content directory".into());
    }
    let real = root.join(rel).canonicalize().map_err(|e| format!("not found ({e})"))?;
    if !real.starts_with(root) {
        return Err("lies outside the content directory (through a symbolic link)".into());
    }
    source::read_regular(&real, limit)
}
