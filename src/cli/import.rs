//! `jaarrapport import`: Word forms back into `bijdragen/<MIN>/<id>.md`.
//! Each form becomes Markdown in memory, the whole content directory is
//! validated with it as if the file were there, and every problem is named
//! by the table row or paragraph of the form. Only when no form has an
//! error is anything written.

use crate::content::{self, SourceFile, display_path};
use crate::diagnostics::{Diagnostics, Severity, print_diagnostics};
use crate::docx::contribution::{Written, doc_of, markdown_of};
use crate::docx::doc::{Block, Doc, Inline};
use crate::docx::form::{self, Place};
use crate::docx::reader::{self, ReadError, WORD_IMAGE};
use crate::model::RecId;
use crate::validate;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Word forms (.docx) to read.
    #[arg(required = true, value_name = "FILE.docx")]
    pub files: Vec<PathBuf>,
    /// The content directory of one year's report.
    #[arg(long = "content", value_name = "DIR", default_value = "content")]
    pub content_dir: PathBuf,
    /// Print the Markdown instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
}

/// A form read and turned into a contribution, not yet written.
struct Imported {
    docx: PathBuf,
    rel: PathBuf,
    written: Written,
    /// Images pasted into the form: where they go, and their bytes.
    new_images: Vec<(PathBuf, Vec<u8>)>,
}

/// A problem to print as `FILE.docx: place: error: message`.
struct Problem {
    docx: PathBuf,
    place: Place,
    severity: Severity,
    message: String,
    help: Option<String>,
}

impl Problem {
    fn error(docx: &Path, place: Place, message: impl Into<String>) -> Problem {
        Problem { docx: docx.to_path_buf(), place, severity: Severity::Error, message: message.into(), help: None }
    }
}

pub fn execute(args: &Args) -> u8 {
    let mut diags = Diagnostics::default();
    let Some(mut loaded) = content::load(&args.content_dir, &mut diags) else {
        print_diagnostics(&diags);
        return super::EXIT_CONTENT;
    };
    // The report as it is, for its title, year, ministries and statuses.
    let Some(report) = validate::validate_loaded(&loaded, &mut diags).filter(|_| !diags.has_errors()) else {
        print_diagnostics(&diags);
        eprintln!("error: fix the content errors above first; no form was imported");
        return super::EXIT_CONTENT;
    };
    super::edition::announce(&args.content_dir, &report);
    let mut problems: Vec<Problem> = Vec::new();
    let mut imported: Vec<Imported> = Vec::new();
    for docx in &args.files {
        match read_one(docx, &report, &loaded.root, &loaded.contributions) {
            Ok(i) => {
                if let Some(other) = imported.iter().find(|o| o.rel == i.rel) {
                    problems.push(Problem::error(
                        docx,
                        Place::File,
                        format!("{} is the same contribution as {}", docx.display(), other.docx.display()),
                    ));
                    continue;
                }
                imported.push(i)
            }
            Err(p) => problems.extend(p),
        }
    }

    // Validate the content with every imported file in place.
    let mut shown: Vec<(PathBuf, usize)> = Vec::new();
    for (k, i) in imported.iter().enumerate() {
        let display = display_path(&args.content_dir, &i.rel);
        let file = SourceFile { rel: i.rel.clone(), display: display.clone(), text: i.written.text.clone() };
        loaded.contributions.retain(|c| c.rel != i.rel);
        loaded.contributions.push(file);
        shown.push((display, k));
    }
    loaded.contributions.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut checked = Diagnostics::default();
    validate::validate_loaded(&loaded, &mut checked);
    let mut rest = Diagnostics::default();
    let labels: Vec<&str> = report.statuses.iter().map(|s| s.label.as_str()).collect();
    for d in checked.sorted() {
        match shown.iter().find(|(p, _)| *p == d.path) {
            Some((_, k)) => {
                let i = &imported[*k];
                // A pasted image is only written after the checks.
                if d.message.contains("not found")
                    && i.new_images.iter().any(|(p, _)| d.message.contains(&file_name(p)))
                {
                    continue;
                }
                // A writer picks a status by its label, as the form lists them.
                let help = if d.message.starts_with("unknown status") {
                    Some(format!("choose one of: {}", labels.join(", ")))
                } else {
                    d.help.clone()
                };
                problems.push(Problem {
                    docx: i.docx.clone(),
                    place: i.written.place(d.span.line),
                    severity: d.severity,
                    message: d.message.clone(),
                    help,
                });
            }
            None if d.severity == Severity::Error => rest.push(d.clone()),
            None => {}
        }
    }
    if !rest.is_empty() {
        print_diagnostics(&rest);
    }
    // Form by form, top to bottom.
    problems.sort_by_key(|p| (p.docx.clone(), p.place.order()));
    for p in &problems {
        let kind = if p.severity == Severity::Error { "error" } else { "warning" };
        let place = p.place.to_string();
        let sep = if place.is_empty() { String::new() } else { format!(" {place}:") };
        eprintln!("{}:{sep} {kind}: {}", p.docx.display(), p.message);
        if let Some(h) = &p.help {
            eprintln!("  = help: {h}");
        }
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count() + rest.count(Severity::Error);
    if args.dry_run {
        for i in &imported {
            println!("--- {} → {}", i.docx.display(), display_path(&args.content_dir, &i.rel).display());
            print!("{}", i.written.text);
        }
    }
    if errors > 0 {
        eprintln!(
            "error: {} in the forms; nothing was imported",
            crate::render::status::count(errors, "problem", "problems")
        );
        return super::EXIT_CONTENT;
    }
    if args.dry_run {
        return super::EXIT_OK;
    }
    let mut returns = Vec::new();
    for i in &imported {
        returns.extend(returned(i, &args.content_dir));
        for (rel, bytes) in &i.new_images {
            if let Err(e) = write_new(&args.content_dir.join(rel), bytes) {
                eprintln!("error: cannot write {}: {e}", display_path(&args.content_dir, rel).display());
                return super::EXIT_USAGE;
            }
            println!("wrote {}", display_path(&args.content_dir, rel).display());
        }
        let path = args.content_dir.join(&i.rel);
        let shown = display_path(&args.content_dir, &i.rel);
        let before = std::fs::read(&path).ok();
        if before.as_deref() == Some(i.written.text.as_bytes()) {
            println!("{} unchanged ({})", shown.display(), i.docx.display());
            continue;
        }
        if let Err(e) = replace(&path, i.written.text.as_bytes()) {
            eprintln!("error: cannot write {}: {e}", shown.display());
            return super::EXIT_USAGE;
        }
        match before {
            Some(_) => {
                println!("replaced {} with {} (the previous text is overwritten)", shown.display(), i.docx.display())
            }
            None => println!("wrote {} from {}", shown.display(), i.docx.display()),
        }
    }
    record_returns(&args.content_dir, report.settings.year, &returns)
}

/// The ministry, id and whether the form changes the file, for the ledger.
fn returned(i: &Imported, content_dir: &Path) -> Option<(String, RecId, bool)> {
    let ministry = i.rel.parent()?.file_name()?.to_string_lossy().to_string();
    let id = i.rel.file_stem().and_then(|s| s.to_str()).and_then(RecId::parse)?;
    let before = std::fs::read(content_dir.join(&i.rel)).ok();
    Some((ministry, id, before.as_deref() != Some(i.written.text.as_bytes())))
}

/// The request ledger (`uitvraag.yaml`) notes each form that came back.
fn record_returns(content_dir: &Path, edition: i32, returns: &[(String, RecId, bool)]) -> u8 {
    if returns.is_empty() {
        return super::EXIT_OK;
    }
    match crate::content::uitvraag::record_returns(content_dir, edition, returns) {
        Ok(path) => {
            println!(
                "recorded {} in {}",
                crate::render::status::count(returns.len(), "return", "returns"),
                path.display()
            );
            super::EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            super::EXIT_USAGE
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

fn read_one(
    docx: &Path,
    report: &crate::model::Report,
    root: &Path,
    existing: &[SourceFile],
) -> Result<Imported, Vec<Problem>> {
    let fail = |m: String| vec![Problem::error(docx, Place::File, m)];
    let bytes = std::fs::read(docx).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    let word = reader::read(&bytes).map_err(|e| {
        fail(match e {
            ReadError::Corrupt(why) => format!("cannot be read as a Word form: {why}"),
            ReadError::TrackedChanges => "the form still holds tracked changes; accept or reject them first \
                (Word: Review › Accept/Reject; LibreOffice: Edit › Track Changes › Manage) and save it again"
                .into(),
            ReadError::Comments => "the form still holds comments; resolve and delete them first \
                (Word: Review › Delete › Delete All Comments; LibreOffice: right-click a comment › Delete All Comments) and save it again"
                .into(),
        })
    })?;
    let filled = form::read_filled(&word).map_err(fail)?;
    let id = &filled.identity;
    let year = report.settings.year.to_string();
    if id.report != report.settings.title || id.year != year {
        return Err(fail(format!(
            "this form is for `{}` ({}), not for `{}` ({year}) in this content directory",
            id.report, id.year, report.settings.title
        )));
    }
    let Some(rec_id) = RecId::parse(&id.id) else {
        return Err(fail(format!("the form names `{}`, which is not a recommendation identifier", id.id)));
    };
    let Some(ministry) = report.ministries.iter().find(|m| m.code == id.ministry) else {
        return Err(fail(format!("the form is for `{}`, which is not a ministry of this report", id.ministry)));
    };
    // The contribution's file as it is named now (`2.1a.md` stays `2.1a.md`).
    let dir = PathBuf::from("bijdragen").join(&ministry.code);
    let rel = existing
        .iter()
        .find(|f| {
            f.rel.parent() == Some(dir.as_path())
                && f.rel.file_stem().and_then(|s| s.to_str()).and_then(RecId::parse).as_ref() == Some(&rec_id)
        })
        .map(|f| f.rel.clone())
        .unwrap_or_else(|| dir.join(format!("{rec_id}.md")));
    let mut problems: Vec<Problem> =
        filled.problems.iter().map(|(place, m)| Problem::error(docx, place.clone(), m.clone())).collect();

    // Pasted images get a file of their own in afbeeldingen/.
    let mut doc = doc_of(&filled);
    let mut new_images = Vec::new();
    let mut taken: Vec<PathBuf> = Vec::new();
    let mut n = 0;
    let mut fix = |url: &mut String| {
        let Some(rid) = url.strip_prefix(WORD_IMAGE) else { return };
        let Some((bytes, ext)) = word.media.get(rid) else { return };
        if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "svg") {
            problems.push(Problem::error(
                docx,
                Place::File,
                format!("an image in the text is a `.{ext}` file; paste it as PNG, JPEG, GIF or SVG"),
            ));
            return;
        }
        let name = loop {
            n += 1;
            let candidate = PathBuf::from("afbeeldingen").join(format!("{}-{rec_id}-{n}.{ext}", ministry.code));
            let there = std::fs::read(root.join(&candidate)).ok();
            if (there.is_none() || there.as_deref() == Some(bytes.as_slice())) && !taken.contains(&candidate) {
                break candidate;
            }
        };
        *url = format!("../../{}", name.display());
        taken.push(name.clone());
        if std::fs::read(root.join(&name)).ok().as_deref() != Some(bytes.as_slice()) {
            new_images.push((name, bytes.clone()));
        }
    };
    visit_images(&mut doc, &mut fix);
    let nothing = |s: &Option<(String, Place)>| s.as_ref().is_none_or(|(v, _)| v.trim().is_empty());
    if nothing(&filled.status)
        && nothing(&filled.summary)
        && filled.milestones.is_empty()
        && filled.sources.is_empty()
        && doc.blocks.is_empty()
    {
        return Err(vec![Problem {
            severity: Severity::Warning,
            ..Problem::error(docx, Place::File, "the form is empty, so nothing is imported from it")
        }]);
    }
    let written = markdown_of(&filled, &doc, &report.statuses);
    if problems.is_empty() {
        Ok(Imported { docx: docx.to_path_buf(), rel, written, new_images })
    } else {
        Err(problems)
    }
}

fn visit_images(doc: &mut Doc, f: &mut dyn FnMut(&mut String)) {
    fn blocks(bs: &mut [Block], f: &mut dyn FnMut(&mut String)) {
        for b in bs {
            match b {
                Block::Heading(_, i) | Block::Paragraph(i) => inlines(i, f),
                Block::Quote(inner) => blocks(inner, f),
                Block::List(l) => l.items.iter_mut().for_each(|item| blocks(item, f)),
                Block::Table(t) => t.rows.iter_mut().flatten().for_each(|c| inlines(c, f)),
                Block::Code(_) | Block::Rule => {}
            }
        }
    }
    fn inlines(is: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
        for i in is {
            match i {
                Inline::Image { url, .. } => f(url),
                Inline::Link { content, .. } => inlines(content, f),
                Inline::Note(bs) => blocks(bs, f),
                _ => {}
            }
        }
    }
    blocks(&mut doc.blocks, f);
}

/// Written beside the target and moved over it, so a failed write never
/// leaves half a contribution.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.import", file_name(path)));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}
