//! `jaarrapport import`: Word forms back into `bijdragen/<MIN>/<id>.md`.
//! Each form becomes Markdown in memory, the whole content directory is
//! validated with it as if the file were there, and every problem is named
//! by the table row or paragraph of the form. Only when no form has an
//! error is anything written.
//!
//! What is imported is what the form shows: its tables and text as an
//! office suite displays them (no hidden text, one branch of alternate
//! content). Its document properties only say which contribution it is for
//! (and must agree with its visible title) and what it was made from; no
//! text is taken from them. Text the writer left unchanged is kept as the
//! contribution's file on disk has it.

use crate::content::{self, SourceFile, display_path};
use crate::controls::{one_line, visible};
use crate::diagnostics::{Diagnostics, Severity, print_diagnostics};
use crate::docx::contribution::{Written, doc_of, markdown_of};
use crate::docx::doc::{Block, Doc, Inline};
use crate::docx::form::{self, Place};
use crate::docx::reader::{self, ReadError, WORD_IMAGE};
use crate::docx::review;
use crate::docx::terms::in_form_terms;
use crate::model::{DroppedName, DroppedNote, RecId};
use crate::validate;
use std::path::{Path, PathBuf};

mod ledger;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The forms to read: Word (.docx) or OpenDocument (.odt).
    #[arg(required = true, value_name = "FILE.docx")]
    pub files: Vec<PathBuf>,
    // The same spelling for both, and why there is no positional.
    #[arg(long = "content", value_name = "DIR", default_value = "content", hide_default_value = true, help = super::edition::CONTENT_OPTION_HELP)]
    pub content_dir: PathBuf,
    /// Print, per form, a summary of what it changes and the Markdown,
    /// instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: show the Markdown as a diff against the file as it is.
    #[arg(long, requires = "dry_run")]
    pub diff: bool,
    /// Import a changed form even when its contribution changed since the
    /// form was made (the file's changes are then overwritten).
    #[arg(long)]
    pub force: bool,
    /// Write each refused form into DIR, with its problems as comments in
    /// Dutch at the rows and paragraphs they concern, to send back to the
    /// writer. Import ignores these comments when the form returns.
    #[arg(long = "terugsturen", value_name = "DIR")]
    pub send_back: Option<PathBuf>,
    /// Import a form even when the request ledger (uitvraag.yaml) records no
    /// form sent for its contribution in this edition, or records the sent
    /// form as made from another version of the file.
    #[arg(long)]
    pub unrecorded: bool,
}

/// A form read and turned into a contribution, not yet written.
struct Imported {
    docx: PathBuf,
    rel: PathBuf,
    written: Written,
    /// Images pasted into the form: where they go, and their bytes.
    new_images: Vec<(PathBuf, std::sync::Arc<[u8]>)>,
    /// The form came back as it was made: it confirms the contribution,
    /// which is left as it is (also when it was edited since).
    unchanged: bool,
    /// The form was changed, and the file already says what it says (it
    /// was imported before, or the editor made the same edit): nothing to
    /// write, no lost update to refuse.
    already_in: bool,
    /// What the form itself says is wrong (errors and warnings), printed
    /// with the problems validation finds in it.
    problems: Vec<Problem>,
    /// What it changes, in one line, and the file as it is now.
    summary: String,
    before: Option<String>,
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
        match read_one(
            docx,
            &report,
            (&loaded.root, &args.content_dir),
            &loaded.contributions,
            (args.force, args.unrecorded),
        ) {
            Ok(mut i) => {
                problems.append(&mut i.problems);
                if let Some(other) = imported.iter().find(|o| o.rel == i.rel) {
                    problems.push(Problem::error(
                        docx,
                        Place::File,
                        format!(
                            "dit formulier is voor dezelfde bijdrage als {}",
                            one_line(&other.docx.display().to_string())
                        ),
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
        if i.unchanged || i.already_in {
            continue;
        }
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
                let place = i.written.place(d.span.line);
                // A row the form already named an error at: its value was not
                // read, so what validation makes of it would only repeat that.
                if !matches!(place, Place::File)
                    && problems.iter().any(|p| p.docx == i.docx && p.place == place && p.severity == Severity::Error)
                {
                    continue;
                }
                // A pasted image is only written after the checks.
                if d.message.contains("not found")
                    && i.new_images.iter().any(|(p, _)| d.message.contains(&file_name(p)))
                {
                    continue;
                }
                let row_failed = |p: &Problem| {
                    p.docx == i.docx
                        && p.severity == Severity::Error
                        && matches!(p.place, Place::Row { table: form::SECTION_MILESTONES, .. })
                };
                let gone = d.message.contains("in last year's report is gone");
                // A milestone row that failed to read is not gone: no warning.
                if gone && problems.iter().any(row_failed) {
                    continue;
                }
                let place = if gone { Place::Table(form::SECTION_MILESTONES) } else { place };
                // In the form's terms, for the writer.
                let (message, help) = in_form_terms(&d.message, d.help.as_deref(), &labels);
                problems.push(Problem { docx: i.docx.clone(), place, severity: d.severity, message, help });
            }
            None if d.severity == Severity::Error => rest.push(d.clone()),
            None => {}
        }
    }
    if !rest.is_empty() {
        print_diagnostics(&rest);
    }
    // A dry run first shows each form, then every problem, so none is
    // lost above pages of Markdown.
    if args.dry_run {
        for i in &imported {
            crate::outln!(
                "--- {} → {}",
                one_line(&i.docx.display().to_string()),
                one_line(&display_path(&args.content_dir, &i.rel).display().to_string())
            );
            // A form with errors would not be imported: saying what it
            // would do would only mislead.
            let errors = problems.iter().filter(|p| p.docx == i.docx && p.severity == Severity::Error).count();
            if errors > 0 {
                crate::outln!(
                    "not imported: {} in this form, listed below",
                    crate::render::status::count(errors, "problem", "problems")
                );
                continue;
            }
            if i.unchanged {
                crate::outln!("unchanged: the form came back as it was sent (it confirms the contribution)");
                continue;
            }
            if i.already_in {
                crate::outln!(
                    "already in: the file already says what the form says (imported before?); nothing to write"
                );
                continue;
            }
            crate::outln!("{}", one_line(&i.summary));
            if args.diff {
                crate::out!("{}", visible(&review::diff(i.before.as_deref().unwrap_or(""), &i.written.text)));
            } else {
                crate::out!("{}", visible(&i.written.text));
            }
        }
    }
    // Form by form, top to bottom.
    problems.sort_by_key(|p| (p.docx.clone(), p.place.order()));
    for p in &problems {
        let kind = if p.severity == Severity::Error { "error" } else { "warning" };
        let place = p.place.to_string();
        let sep = if place.is_empty() { String::new() } else { format!(" {place}:") };
        // Everything from the form is escaped: a cell can hold an escape sequence.
        eprintln!("{}:{sep} {kind}: {}", one_line(&p.docx.display().to_string()), one_line(&p.message));
        if let Some(h) = &p.help {
            eprintln!("  = help: {}", one_line(h));
        }
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count() + rest.count(Severity::Error);
    if errors > 0 {
        if let Some(dir) = &args.send_back
            && let Err(code) = send_back(dir, &args.files, &problems)
        {
            return code;
        }
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
        let shown = display_path(&args.content_dir, &i.rel);
        // Forms that write nothing, each said in its own words.
        let (file, docx) =
            (one_line(&shown.display().to_string()).into_owned(), one_line(&i.docx.display().to_string()).into_owned());
        let nothing_to_write = match (i.unchanged, i.already_in) {
            // An empty form back as it went: an answer, nothing to add.
            (true, _) if i.before.is_none() => Some(format!(
                "{docx}: the empty form came back as it was sent, nothing to add; recorded as answered, no file written"
            )),
            (true, _) => Some(format!("{file} unchanged: the form came back as it was sent ({docx})")),
            (false, true) => Some(format!("{file} already says what the form says ({docx}); nothing written")),
            (false, false) => None,
        };
        if let Some(said) = nothing_to_write {
            crate::outln!("{said}");
            continue;
        }
        for (rel, bytes) in &i.new_images {
            if let Err(e) = write_new(&args.content_dir.join(rel), bytes) {
                eprintln!("error: cannot write {}: {e}", display_path(&args.content_dir, rel).display());
                return super::EXIT_USAGE;
            }
            crate::outln!("wrote {}", display_path(&args.content_dir, rel).display());
        }
        let path = args.content_dir.join(&i.rel);
        let before = read_current(&path);
        if before.as_deref() == Some(i.written.text.as_bytes()) {
            crate::outln!("{file} unchanged ({docx})");
            continue;
        }
        if let Err(e) = replace(&path, i.written.text.as_bytes()) {
            eprintln!("error: cannot write {file}: {e}");
            return super::EXIT_USAGE;
        }
        match before {
            Some(_) => crate::outln!("replaced {file} with {docx} (the previous text is overwritten)"),
            None => crate::outln!("wrote {file} from {docx}"),
        }
        // What the form changed, every time: a milestone row deleted in
        // the form shows as `dropped`, never gone without a word.
        crate::outln!("  {}", one_line(&i.summary));
    }
    record_returns(&args.content_dir, report.settings.year, &returns)
}

/// The ministry, id and whether the form changes the file, for the ledger.
fn returned(i: &Imported, content_dir: &Path) -> Option<(String, RecId, bool)> {
    let ministry = i.rel.parent()?.file_name()?.to_string_lossy().to_string();
    let id = i.rel.file_stem().and_then(|s| s.to_str()).and_then(RecId::parse)?;
    let before = std::fs::read(content_dir.join(&i.rel)).ok();
    // A form that came back as it was sent confirms the text, whatever the file says now.
    Some((ministry, id, !i.unchanged && (i.already_in || before.as_deref() != Some(i.written.text.as_bytes()))))
}

/// The request ledger (`uitvraag.yaml`) notes each form that came back.
fn record_returns(content_dir: &Path, edition: i32, returns: &[(String, RecId, bool)]) -> u8 {
    if returns.is_empty() {
        return super::EXIT_OK;
    }
    match crate::content::uitvraag::record_returns(content_dir, edition, returns) {
        Ok(path) => {
            crate::outln!(
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

/// Each refused form, annotated, as `DIR/<its file name>`; never over a
/// file that is there.
fn send_back(dir: &Path, files: &[PathBuf], problems: &[Problem]) -> Result<(), u8> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {e}", one_line(&dir.display().to_string()));
        return Err(super::EXIT_USAGE);
    }
    for docx in files {
        let mine: Vec<(Place, String)> =
            problems.iter().filter(|p| &p.docx == docx).map(|p| (p.place.clone(), annotation(p))).collect();
        if !problems.iter().any(|p| &p.docx == docx && p.severity == Severity::Error) {
            continue;
        }
        let target = dir.join(docx.file_name().unwrap_or_default());
        let shown = one_line(&target.display().to_string()).into_owned();
        let annotated = content::source::read_regular(docx, 128 * 1024 * 1024)
            .and_then(|bytes| crate::docx::annotate::annotate(&bytes, &mine));
        let bytes = match annotated {
            Ok(b) => b,
            Err(e) => {
                eprintln!(
                    "warning: {} cannot be sent back with comments: {}",
                    one_line(&docx.display().to_string()),
                    one_line(&e)
                );
                continue;
            }
        };
        let written = std::fs::OpenOptions::new().write(true).create_new(true).open(&target).and_then(|mut f| {
            use std::io::Write;
            f.write_all(&bytes)
        });
        match written {
            Ok(()) => crate::outln!("wrote {shown} (the refused form with {} comment(s))", mine.len()),
            Err(e) => {
                eprintln!("error: cannot write {shown}: {e}");
                return Err(super::EXIT_USAGE);
            }
        }
    }
    Ok(())
}

/// A problem as the writer reads it in a comment.
fn annotation(p: &Problem) -> String {
    let mut text = if p.severity == Severity::Error { p.message.clone() } else { format!("let op: {}", p.message) };
    if let Some(h) = &p.help {
        text.push_str(&format!(" ({h})"));
    }
    text
}

/// A directory where a form belongs is most likely the content directory
/// given as `check` and `build` take it; `import` takes it only as
/// `--content` (its positionals are the forms), so say that.
fn directory_given(docx: &Path) -> Option<Problem> {
    docx.is_dir().then(|| Problem {
        help: Some(format!(
            "to import into the content directory {0}, write --content {0} before the forms",
            one_line(&docx.display().to_string())
        )),
        ..Problem::error(docx, Place::File, "dit is een map, geen Word-formulier")
    })
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

/// The contribution's file as it is now: only a regular file, bounded;
/// `None` when there is none (a link, a FIFO or a directory counts as none
/// and is replaced, never followed).
fn read_current(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    content::source::read_regular(path, content::source::MAX_FILE_BYTES).ok()
}

/// Where a form and the contribution's file differ, in the form's terms.
fn differences(form: &form::Form, given_up: &[DroppedNote], filled: &form::Filled, doc: &Doc) -> Vec<&'static str> {
    let mut out = Vec::new();
    if filled.status.as_ref().map(|(s, _)| s.trim()) != form.status.as_deref().map(str::trim) {
        out.push(form::ROW_STATUS);
    }
    if filled.summary.as_ref().map(|(s, _)| s.trim()).unwrap_or("") != form.summary.trim() {
        out.push(form::ROW_SUMMARY);
    }
    // A row given up as the file's `vervallen` already has it, with the
    // same reason, was given up before: no difference. Any other row given
    // up (a new reason, a row the file does not name) is one.
    let given_up_before = |m: &form::MilestoneRow| {
        m.done.trim().eq_ignore_ascii_case(form::DROPPED)
            && given_up.iter().any(|d| {
                let named = match &d.names {
                    DroppedName::Key(k) => !m.key.is_empty() && *k == m.key,
                    DroppedName::What(w) => m.key.is_empty() && w.trim() == m.what.trim(),
                };
                named && d.reason.trim() == m.note.trim()
            })
    };
    let rows: Vec<&form::MilestoneRow> =
        filled.milestones.iter().map(|(m, _)| m).filter(|m| !given_up_before(m)).collect();
    if rows.len() != form.milestones.len() || rows.iter().zip(&form.milestones).any(|(a, b)| *a != b) {
        out.push(form::SECTION_MILESTONES);
    }
    if filled.sources != form.sources {
        out.push(form::ROW_SOURCES);
    }
    if form::fingerprint(doc) != form::fingerprint(&form.body) {
        out.push(form::SECTION_TEXT);
    }
    out
}

fn read_one(
    docx: &Path,
    report: &crate::model::Report,
    (root, content_dir): (&Path, &Path),
    existing: &[SourceFile],
    (force, unrecorded): (bool, bool),
) -> Result<Imported, Vec<Problem>> {
    let fail = |m: String| vec![Problem::error(docx, Place::File, m)];
    let bytes = content::source::read_regular(docx, 128 * 1024 * 1024).map_err(|e| match directory_given(docx) {
        Some(p) => vec![p],
        None => fail(format!("het bestand kan niet worden gelezen: {e}")),
    })?;
    // A form saved as OpenDocument is read as one, with the same checks.
    let read = if crate::docx::odt::is_odt(&bytes) { crate::docx::odt::read } else { reader::read };
    let word = read(&bytes).map_err(|e| {
        let (message, help) = match e {
            // A .doc, a PDF or a damaged file: what to do is the same.
            ReadError::Corrupt(why) => (
                format!("het bestand is geen leesbaar Word-formulier: {why}"),
                Some(
                    "open het formulier en sla het op als Word-document (.docx) of, in LibreOffice, \
                     als ODF-tekstdocument (.odt); een .doc of een pdf kan niet worden ingelezen"
                        .to_string(),
                ),
            ),
            ReadError::TrackedChanges => ("het formulier bevat nog bijgehouden wijzigingen; accepteer of verwerp ze eerst \
                (Word: Controleren › Accepteren/Weigeren; LibreOffice: Bewerken › Wijzigingen bijhouden › Beheren) en sla het opnieuw op"
                .to_string(), None),
            ReadError::Comments => ("het formulier bevat nog opmerkingen; verwijder ze eerst \
                (Word: Controleren › Verwijderen › Alle opmerkingen in document verwijderen; LibreOffice: klik met rechts op een opmerking › Alle opmerkingen verwijderen) en sla het opnieuw op"
                .to_string(), None),
        };
        vec![Problem { help, ..Problem::error(docx, Place::File, message) }]
    })?;
    let mut filled = form::read_filled(&word).map_err(fail)?;
    let id = filled.identity.clone();
    let year = report.settings.year.to_string();
    if id.report != report.settings.title || id.year != year {
        return Err(fail(format!(
            "dit formulier is voor `{}` ({}), niet voor `{}` ({year}) in deze inhoudsmap",
            id.report, id.year, report.settings.title
        )));
    }
    let Some(rec_id) = RecId::parse(&id.id) else {
        return Err(fail(format!("het formulier noemt `{}`, dat is geen nummer van een aanbeveling", id.id)));
    };
    let Some(ministry) = report.ministries.iter().find(|m| m.code == id.ministry) else {
        return Err(fail(format!("het formulier is voor `{}`, dat is geen ministerie van dit rapport", id.ministry)));
    };
    // The properties say which contribution; the title shows it. A form
    // whose two disagree was changed where the writer cannot see it.
    let expected = form::title(&ministry.code, &rec_id.to_string());
    if filled.title.as_deref() != Some(expected.as_str()) {
        return Err(fail(format!(
            "de titel van het formulier (`{}`) past niet bij de bijdrage waarvoor het gemaakt is (`{expected}`); \
             gebruik het formulier dat de redactie stuurde",
            filled.title.as_deref().unwrap_or("")
        )));
    }
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
    let is_owner = report.recommendation(&rec_id).is_some_and(|r| r.owner == ministry.code);
    let mut problems: Vec<Problem> =
        filled.problems.iter().map(|(place, m)| Problem::error(docx, place.clone(), m.clone())).collect();
    problems.extend(filled.missing_rows(is_owner).into_iter().map(|(place, m)| Problem::error(docx, place, m)));
    let labels: Vec<String> = report.statuses.iter().map(|s| s.label.clone()).collect();
    let typed_hint = filled.typed_into_status_hint(&labels);
    let warnings: Vec<Problem> = filled
        .warnings
        .iter()
        .chain(&typed_hint)
        .map(|(place, m)| Problem { severity: Severity::Warning, ..Problem::error(docx, place.clone(), m.clone()) })
        .collect();

    // The contribution as it is now, from the disk: what unchanged text is
    // taken from, and what a changed form is checked against.
    let current = crate::docx::contribution::form_of(report, root, &rec_id, &ministry.code);
    let before = read_current(&root.join(&rel));
    let now = form::file_hash(before.as_deref());
    let before = before.and_then(|b| content::source::decode(&b).ok());
    let claim = ledger::Claim {
        ministry: &ministry.code,
        id: &rec_id,
        made_from: filled.made_from.as_deref(),
        now: &now,
        text_now: before.as_deref(),
    };
    if let Some(refused) = ledger::check(docx, content_dir, report.settings.year, &claim).filter(|_| !unrecorded) {
        return Err(vec![refused]);
    }
    filled.source = current.source.clone();
    filled.fields_source = current.fields_source.clone();
    let shown_doc = doc_of(&filled);
    let unchanged = filled.shown.as_deref() == Some(filled.shown_now(&shown_doc).as_str());
    // A changed form for a file changed since the form was made: unless the
    // file already says what the form says (imported before), a lost update.
    let stale = !unchanged && filled.made_from.as_deref() != Some(now.as_str());
    // The rows read (`Q1 2025` is `1e kwartaal 2025`, `x` is `ja`), so that
    // they compare with the file's; a row that cannot be read differs.
    let row_problems = read_rows(docx, &mut filled);
    let what = if stale {
        let given_up = report
            .recommendation(&rec_id)
            .and_then(|r| r.contributions.iter().find(|c| c.ministry == ministry.code))
            .map_or(&[][..], |c| c.dropped.as_slice());
        let mut what = differences(&current, given_up, &filled, &shown_doc);
        if !row_problems.is_empty() && !what.contains(&form::SECTION_MILESTONES) {
            what.push(form::SECTION_MILESTONES);
        }
        what
    } else {
        Vec::new()
    };
    let already_in = stale && !force && what.is_empty() && now != form::NO_FILE;
    // Keys only when the form is taken in: a row given up before is no
    // longer among the file's milestones.
    if !already_in {
        problems.extend(row_problems);
        problems.extend(unknown_keys(docx, &filled, &current));
    }
    // The owner's Status emptied would publish the recommendation as "Geen
    // status", which no writer means: a status picked from the list is.
    // Against the file the form was made from: a file changed since is the
    // lost update's to name, unless --force takes the form as it is.
    if is_owner
        && !unchanged
        && (!stale || force)
        && let Some((typed, place)) = &filled.status
        && typed.trim().is_empty()
        && let Some(had) = current.status.as_deref().map(str::trim).filter(|s| !s.is_empty())
    {
        problems.push(Problem {
            help: Some(format!("kies een status uit de lijst; is er niets veranderd, zet dan `{had}` terug")),
            ..Problem::error(
                docx,
                place.clone(),
                format!("{}: de cel is leeg, maar de aanbeveling heeft de status `{had}`", form::ROW_STATUS),
            )
        });
    }
    problems.extend(crate::docx::contribution::unkept_fields(&filled).map(|m| Problem::error(docx, Place::File, m)));

    // Pasted images get a file of their own in afbeeldingen/, checked as
    // any image is before anything is written.
    let mut doc = shown_doc.clone();
    let mut new_images = Vec::new();
    let mut taken: Vec<PathBuf> = Vec::new();
    // One file per picture, however often the form shows it.
    let mut named: Vec<(std::sync::Arc<[u8]>, String)> = Vec::new();
    let mut n = 0;
    let mut fix = |url: &mut String| {
        let Some(rid) = url.strip_prefix(WORD_IMAGE) else { return };
        let Some((bytes, ext)) = word.media.get(rid) else { return };
        if let Some((_, done)) = named.iter().find(|(b, _)| std::sync::Arc::ptr_eq(b, bytes) || **b == **bytes) {
            *url = done.clone();
            return;
        }
        if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "svg") {
            problems.push(Problem::error(
                docx,
                Place::File,
                format!(
                    "een afbeelding in de tekst is een `.{}`-bestand; plak hem als PNG, JPEG, GIF of SVG",
                    one_line(ext)
                ),
            ));
            return;
        }
        let name = loop {
            n += 1;
            let candidate = PathBuf::from("afbeeldingen").join(format!("{}-{rec_id}-{n}.{ext}", ministry.code));
            let there = same_file(&root.join(&candidate), bytes);
            if there != Some(false) && !taken.contains(&candidate) {
                break candidate;
            }
        };
        let mut checked = Diagnostics::default();
        let display = display_path(content_dir, &name);
        if !crate::validate::check_image(&display, &name, bytes, &mut checked) {
            for d in checked.sorted() {
                problems.push(Problem {
                    help: d.help.clone(),
                    ..Problem::error(
                        docx,
                        Place::File,
                        format!("een geplakte afbeelding ({}): {}", file_name(&name), d.message),
                    )
                });
            }
            // Named once, checked once.
            named.push((bytes.clone(), url.clone()));
            return;
        }
        *url = format!("../../{}", name.display());
        named.push((bytes.clone(), url.clone()));
        taken.push(name.clone());
        if same_file(&root.join(&name), bytes).is_none() {
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
        && problems.is_empty()
        && !unchanged
    {
        return Err(vec![Problem {
            severity: Severity::Warning,
            ..Problem::error(docx, Place::File, "het formulier is leeg; er wordt niets uit overgenomen")
        }]);
    }
    // No lost update: a changed form for a file that changed since the form
    // was made would overwrite the other change.
    if stale && !already_in && !force && problems.is_empty() {
        let file = one_line(&display_path(content_dir, &rel).display().to_string()).into_owned();
        let message = match filled.made_from.as_deref() {
            Some(form::NO_FILE) => format!("{file} is aangemaakt nadat dit formulier is gemaakt"),
            Some(_) if now == form::NO_FILE => format!("{file} is verwijderd nadat dit formulier is gemaakt"),
            Some(_) => format!("{file} is gewijzigd nadat dit formulier is gemaakt"),
            None => format!("het formulier zegt niet van welke versie van {file} het gemaakt is"),
        };
        problems.push(Problem {
            help: Some(format!(
                "neem de wijzigingen over in een nieuw formulier (jaarrapport new), of importeer met --force om {file} te vervangen"
            )),
            ..Problem::error(
                docx,
                Place::File,
                format!(
                    "{message}, en het formulier is ook gewijzigd; het formulier verschilt van het bestand in: {}",
                    if what.is_empty() { "niets zichtbaars".to_string() } else { what.join(", ") }
                ),
            )
        });
    }
    problems.extend(warnings);
    // A status that is no status of the report: an error at its row, and
    // checked further as the one the file has, so that validation does not
    // warn of it as a change (under last year's words), which would
    // contradict the error. Nothing is written with an error.
    if let Some((typed, at)) = &mut filled.status
        && !typed.trim().is_empty()
        && crate::model::Report::find_status(&report.statuses, typed.trim()).is_none()
    {
        problems.push(Problem {
            help: Some(format!("kies een van: {}", labels.join(", "))),
            ..Problem::error(
                docx,
                at.clone(),
                format!("{}: `{}` is geen status van dit rapport", form::ROW_STATUS, typed.trim()),
            )
        });
        *typed = current.status.clone().unwrap_or_default();
    }
    let written = markdown_of(&filled, &doc, &report.statuses);
    let summary = review::summary(&current, &filled, &doc);
    Ok(Imported {
        docx: docx.to_path_buf(),
        rel,
        written,
        new_images,
        unchanged,
        already_in,
        problems,
        summary,
        before,
    })
}

/// The milestone rows as the writer typed them, read: each date in any
/// unambiguous spelling (shown again as the report prints it), *Gereed* as
/// ja, nee or vervallen. What cannot be read is an error at its row, in
/// the form's terms.
fn read_rows(docx: &Path, filled: &mut form::Filled) -> Vec<Problem> {
    use crate::docx::date;
    let mut problems = Vec::new();
    for (m, place) in &mut filled.milestones {
        let mut error = |message: String| problems.push(Problem::error(docx, place.clone(), message));
        if m.when.trim().is_empty() {
            error(format!("{}: vul een datum in, bijvoorbeeld 3e kwartaal 2023", form::COL_WHEN));
        } else {
            match date::read(&m.when) {
                Ok(p) => m.when = p.dutch(),
                Err(why) => error(format!("{}: {why}", form::COL_WHEN)),
            }
        }
        match date::done(&m.done) {
            Some(done) => m.done = if done { form::YES } else { form::NO }.to_string(),
            None if m.done.trim().eq_ignore_ascii_case(form::DROPPED) => {
                m.done = form::DROPPED.to_string();
                if m.note.trim().is_empty() {
                    error(format!("{}: zeg waarom de mijlpaal vervalt; het rapport toont die reden", form::COL_NOTE));
                }
            }
            None => error(format!(
                "{}: vul ja of nee in (x of ✓ telt als ja), of vervallen; er staat `{}`",
                form::COL_DONE,
                m.done.trim()
            )),
        }
    }
    problems
}

/// Each row whose *Sleutel* is none of the contribution's milestones'.
fn unknown_keys(docx: &Path, filled: &form::Filled, current: &form::Form) -> Vec<Problem> {
    let keys: Vec<&str> = current.milestones.iter().map(|m| m.key.as_str()).filter(|k| !k.is_empty()).collect();
    filled
        .milestones
        .iter()
        .filter(|(m, _)| !m.key.is_empty() && !keys.contains(&m.key.as_str()))
        .map(|(m, place)| {
            Problem::error(
                docx,
                place.clone(),
                format!(
                    "{}: `{}` is niet de sleutel die deze mijlpaal had; zet de oorspronkelijke sleutel terug \
                     (hij verbindt de mijlpaal met die van vorig jaar), of maak de cel leeg voor een nieuwe mijlpaal",
                    form::COL_KEY,
                    m.key
                ),
            )
        })
        .collect()
}

/// Whether a regular file at `path` holds `bytes`: `None` when nothing is
/// there. Anything but a regular file of the same length counts as another
/// file without being opened (a FIFO never blocks, a huge sparse file is
/// never read).
fn same_file(path: &Path, bytes: &[u8]) -> Option<bool> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() || meta.len() != bytes.len() as u64 {
        return Some(false);
    }
    Some(content::source::read_regular(path, bytes.len() as u64).ok().as_deref() == Some(bytes))
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

/// Written to a new scratch file beside the target (created exclusively,
/// under a random name, never through a link) and renamed over it, so a
/// failed write never leaves half a contribution and a link planted at the
/// target is replaced, not written through.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".jaarrapport-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `create_new`: never over an existing file, never through a link.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}
