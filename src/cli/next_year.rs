//! `jaarrapport next-year`: starts next year's report from this one. The
//! new content directory gets `rapport.yaml` for the next year pointing at
//! this edition's export (kept as `archief/<jaar>.json`), and copies of the
//! catalogue, chapters, pages, images, templates and contributions, every
//! milestone given a `sleutel` so it keeps its identity however its text
//! changes. It is written beside the target and moved into place only when
//! it passes `check`; an existing non-empty directory is never touched.

use crate::content::export::Export;
use crate::content::source::read_text;
use crate::content::yaml::emit::{self, Writer};
use crate::diagnostics::print_diagnostics;
use crate::model::{Report, history::normalise_what};
use crate::render;
use crate::validate;
use crate::validate::MAX_ARCHIVE_BYTES;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, clap::Args)]
#[command(
    override_usage = "jaarrapport next-year [CONTENT_DIR] NEW_DIR [--export FILE]\n       jaarrapport next-year --content CONTENT_DIR NEW_DIR"
)]
pub struct Args {
    /// [CONTENT_DIR] NEW_DIR: this year's content directory (default `content`) and the one to create.
    #[arg(value_name = "DIR", num_args = 1..=2, required = true)]
    pub dirs: Vec<PathBuf>,
    /// This year's content directory, as new and import take it; then only NEW_DIR follows.
    #[arg(long = "content", value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// This edition's JSON export to archive, instead of building it from the content.
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
}

/// What the new directory holds besides `rapport.yaml` and `archief/`.
const COPIED: &[&str] = &[
    "aanbevelingen.yaml",
    "kerncijfers.yaml",
    "toezeggingen.yaml",
    "hoofdstukken",
    "paginas",
    "afbeeldingen",
    "templates",
    "bijdragen",
];

/// Deep enough for every layout of the format (as the content walk).
const MAX_DEPTH: usize = 12;

pub fn execute(args: &Args) -> u8 {
    let (content, new) = match (args.dirs.as_slice(), &args.content) {
        ([new], None) => (PathBuf::from("content"), new.clone()),
        ([new], Some(content)) => (content.clone(), new.clone()),
        ([content, new], None) => (content.clone(), new.clone()),
        (_, _) => {
            eprintln!(
                "error: give the content directory once: `next-year --content DIR NEW_DIR` or `next-year DIR NEW_DIR`"
            );
            return super::EXIT_USAGE;
        }
    };
    if let Err(msg) = usable_target(&content, &new) {
        eprintln!("error: {msg}; nothing was written");
        return super::EXIT_USAGE;
    }
    let (report, diags) = validate::load_report(&content);
    let Some(report) = report else {
        print_diagnostics(&diags);
        eprintln!("error: fix the content errors above first; nothing was written");
        return super::EXIT_CONTENT;
    };
    let (keys, assigned) = milestone_keys(&report);
    // The archived export carries the keys given to the milestones, so that
    // next year a milestone is known by its `sleutel` even once its `wat`
    // changes.
    let export = match &args.export {
        None => {
            let keyed = with_keys_set(&report, &assigned);
            render::export::json(&crate::view::build(&keyed))
        }
        Some(file) => match read_export(file, report.settings.year).and_then(|b| with_export_keys(&b, &assigned)) {
            Ok(bytes) => bytes,
            Err(msg) => {
                eprintln!("error: {}: {msg}; nothing was written", file.display());
                return super::EXIT_USAGE;
            }
        },
    };
    if let Err(e) = render::export::fits_an_archive(&format!("archief/{}.json", report.settings.year), &export) {
        eprintln!("error: {e}; nothing was written");
        return super::EXIT_USAGE;
    }
    let staging = staging_path(&new);
    // Made here, so that what is removed on failure is only ever our own.
    if let Err(e) = std::fs::create_dir(&staging) {
        eprintln!("error: cannot create {}: {e}; nothing was written", staging.display());
        return super::EXIT_USAGE;
    }
    let written = write_all(&report, &content, &staging, &export, &keys, assigned.len());
    let (notes, carried) = match written {
        Ok(done) => done,
        Err(msg) => {
            let _ = std::fs::remove_dir_all(&staging);
            eprintln!("error: {msg}; nothing was written");
            return super::EXIT_USAGE;
        }
    };
    // The promise: what next-year writes passes `check`.
    let (checked, diags) = validate::load_report(&staging);
    if checked.is_none() {
        print_diagnostics(&diags);
        let _ = std::fs::remove_dir_all(&staging);
        eprintln!("error: the new content directory would not pass `check` (a bug in next-year); nothing was written");
        return super::EXIT_USAGE;
    }
    // An empty directory the user made for it is replaced; anything else was refused above.
    if new.is_dir() {
        let _ = std::fs::remove_dir(&new);
    }
    if let Err(e) = std::fs::rename(&staging, &new) {
        let _ = std::fs::remove_dir_all(&staging);
        eprintln!("error: cannot create {}: {e}; nothing was written", new.display());
        return super::EXIT_USAGE;
    }
    let year = report.settings.year;
    crate::outln!("wrote {} for {}: vorige is archief/{year}.json", new.display(), year + 1);
    for note in notes {
        crate::outln!("  {note}");
    }
    crate::outln!("next: `jaarrapport check {}`, then hand out the contributions", new.display());
    // Last, as the to-do list it is: what still says last year's text.
    if !carried.is_empty() {
        crate::outln!(
            "carried over unchanged from {year}, to rewrite or confirm under `bevestigd` in rapport.yaml ({}):",
            carried.len()
        );
        for rel in &carried {
            crate::outln!("  {rel}");
        }
    }
    super::EXIT_OK
}

/// NEW_DIR must not exist or be an empty directory, and must lie outside
/// the content directory (else the copy would copy itself).
fn usable_target(content: &Path, new: &Path) -> Result<(), String> {
    if new.exists() || new.is_symlink() {
        if !new.is_dir() || new.is_symlink() {
            return Err(format!("{} exists and is not a directory", new.display()));
        }
        let empty = std::fs::read_dir(new).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(format!("{} exists and is not empty; give a new directory", new.display()));
        }
    }
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let parent = new.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let parent = parent.canonicalize().map_err(|e| format!("cannot create {}: {e}", new.display()))?;
    let target = parent.join(absolute(new).file_name().unwrap_or_default());
    if let Ok(root) = content.canonicalize()
        && target.starts_with(&root)
    {
        return Err(format!("{} lies inside the content directory {}", new.display(), content.display()));
    }
    Ok(())
}

/// `DIR` → `.DIR.next-year-<pid>` beside it.
fn staging_path(new: &Path) -> PathBuf {
    let name = new.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "nieuw".into());
    let parent = new.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parent.join(format!(".{name}.next-year-{}", std::process::id()))
}

/// A given export must be one, of this year.
fn read_export(file: &Path, year: i32) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    // At most one byte more than an archive may hold: enough to tell it is too large.
    std::fs::File::open(file)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_ARCHIVE_BYTES + 1), &mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_ARCHIVE_BYTES {
        return Err(format!("larger than an archive may be ({} MB)", MAX_ARCHIVE_BYTES >> 20));
    }
    let export = Export::from_slice(&bytes).map_err(|e| format!("not a jaarrapport JSON export: {e}"))?;
    if export.schema.is_empty() {
        return Err("not a jaarrapport JSON export (no `schema: jaarrapport-export/…`)".into());
    }
    match export.jaar {
        Some(j) if j == year => Ok(bytes),
        Some(j) => Err(format!("this is the export of {j}, the content is of {year}")),
        None => Err("the export names no `jaar`".into()),
    }
}

/// Writes the new directory into `dir`; returns notes for the editors.
fn write_all(
    report: &Report,
    content: &Path,
    dir: &Path,
    export: &[u8],
    keys: &Keys,
    keyed: usize,
) -> Result<(Vec<String>, Vec<String>), String> {
    let root = content.canonicalize().map_err(|e| format!("{}: {e}", content.display()))?;
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    std::fs::create_dir_all(dir.join("archief")).map_err(|e| io(dir, e))?;
    let year = report.settings.year;
    let archive = dir.join("archief").join(format!("{year}.json"));
    std::fs::write(&archive, export).map_err(|e| io(&archive, e))?;

    let mut notes = Vec::new();
    let mut copied: HashSet<PathBuf> = HashSet::new();
    for top in COPIED {
        let from = root.join(top);
        if !from.exists() {
            continue;
        }
        for entry in WalkDir::new(&from).follow_links(false).max_depth(MAX_DEPTH).sort_by_file_name() {
            let entry = entry.map_err(|e| e.to_string())?;
            let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path()).to_path_buf();
            let Some(source) = source_of(&root, entry.path(), entry.file_type().is_file(), entry.path_is_symlink())
            else {
                continue;
            };
            let target = dir.join(&rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            match keys.get(&rel) {
                Some(add) => {
                    let file =
                        read_text(&source, &rel, &rel).map_err(|d| format!("{}: {}", rel.display(), d.message))?;
                    let text = with_keys(&file.text, add)?;
                    std::fs::write(&target, text).map_err(|e| io(&target, e))?;
                }
                None => {
                    std::fs::copy(&source, &target).map_err(|e| io(&target, e))?;
                }
            }
            copied.insert(rel);
        }
    }
    // Images may lie anywhere inside the content directory; the content
    // layer read them already.
    for image in report.images.iter().filter(|i| !copied.contains(&i.rel)) {
        let target = dir.join(&image.rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&target, &image.bytes).map_err(|e| io(&target, e))?;
    }
    let rapport = root.join("rapport.yaml");
    let text = read_text(&rapport, Path::new("rapport.yaml"), &rapport).map_err(|d| d.message)?.text;
    let (text, rapport_notes) = next_settings(&text, year, report.settings.peildatum)?;
    notes.extend(rapport_notes);
    std::fs::write(dir.join("rapport.yaml"), text).map_err(|e| io(dir, e))?;
    if keyed > 0 {
        notes.push(format!("gave {keyed} milestone{} a `sleutel`", if keyed == 1 { "" } else { "s" }));
    }
    let carried = record_carried(report, dir, &copied)?;
    Ok((notes, carried))
}

/// Writes `archief/<jaar>-overgenomen.yaml`: the pages, chapter
/// introductions and images copied, each with the hash of what was
/// copied, so that `check` and `status` can tell which are still last
/// year's. Returns their paths, in order.
fn record_carried(report: &Report, dir: &Path, copied: &HashSet<PathBuf>) -> Result<Vec<String>, String> {
    use crate::content::overgenomen::{self, CarriedEntry, CarriedFile};
    let images: Vec<PathBuf> = report.images.iter().map(|i| i.rel.clone()).collect();
    let mut files: Vec<&PathBuf> =
        copied.iter().chain(&images).filter(|rel| overgenomen::is_tracked(rel, &images)).collect();
    files.sort();
    files.dedup();
    let mut record = CarriedFile { versie: overgenomen::VERSION, editie: report.settings.year, bestanden: Vec::new() };
    for rel in &files {
        let path = dir.join(rel);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let pad = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        record.bestanden.push(CarriedEntry { pad, hash: overgenomen::hash(rel, &bytes) });
    }
    let target =
        dir.join(overgenomen::beside(&PathBuf::from("archief").join(format!("{}.json", report.settings.year))));
    std::fs::write(&target, record.to_text()?).map_err(|e| format!("{}: {e}", target.display()))?;
    Ok(record.bestanden.into_iter().map(|e| e.pad).collect())
}

/// The file to copy for a walk entry: the entry itself, or for a symbolic
/// link the file it points at when that lies inside the content directory.
/// Links out of it, links to directories and other entries are left out.
fn source_of(root: &Path, path: &Path, is_file: bool, is_link: bool) -> Option<PathBuf> {
    if is_link {
        let target = path.canonicalize().ok()?;
        return (target.starts_with(root) && target.is_file()).then_some(target);
    }
    is_file.then(|| path.to_path_buf())
}

/// A `sleutel` next-year gives a milestone that had none.
struct Assigned {
    rec: String,
    ministry: String,
    when: String,
    what: String,
    key: String,
}

/// Per contribution file (relative path): the milestones, by the line and
/// column of their `wanneer`, that get a `sleutel`, and which.
type Keys = BTreeMap<PathBuf, Vec<(usize, usize, String)>>;

/// A key for every milestone that has none: the one it inherited from last
/// year's milestone it continues, else one made from its `wat`, unique in
/// its recommendation.
fn milestone_keys(report: &Report) -> (Keys, Vec<Assigned>) {
    let mut out: Keys = BTreeMap::new();
    let mut assigned = Vec::new();
    for rec in &report.recommendations {
        let mut used: HashSet<String> = rec
            .contributions
            .iter()
            .flat_map(|c| &c.milestones)
            .filter_map(|m| m.key.clone().or_else(|| m.past.as_ref().and_then(|p| p.key.clone())))
            .map(|k| k.to_lowercase())
            .collect();
        for c in &rec.contributions {
            for m in c.milestones.iter().filter(|m| m.key.is_none()) {
                let key = match m.past.as_ref().and_then(|p| p.key.clone()) {
                    Some(k) => k,
                    None => {
                        let base = key_from(&m.what);
                        let mut key = base.clone();
                        let mut n = 2;
                        while used.contains(&key) {
                            key = format!("{base}-{n}");
                            n += 1;
                        }
                        used.insert(key.clone());
                        key
                    }
                };
                out.entry(c.body.file.clone()).or_default().push((m.at.line, m.at.column, key.clone()));
                assigned.push(Assigned {
                    rec: rec.id.to_string(),
                    ministry: c.ministry.clone(),
                    when: m.when.canonical(),
                    what: m.what.clone(),
                    key,
                });
            }
        }
    }
    (out, assigned)
}

/// The report with the keys next-year gives, as if the writers had written them.
fn with_keys_set(report: &Report, assigned: &[Assigned]) -> Report {
    let mut report = report.clone();
    for rec in &mut report.recommendations {
        let id = rec.id.to_string();
        for c in &mut rec.contributions {
            for m in c.milestones.iter_mut().filter(|m| m.key.is_none()) {
                let when = m.when.canonical();
                m.key = assigned
                    .iter()
                    .find(|a| a.rec == id && a.ministry == c.ministry && a.when == when && a.what == m.what)
                    .map(|a| a.key.clone());
            }
        }
    }
    report
}

/// The same for an export given with `--export`.
fn with_export_keys(export: &[u8], assigned: &[Assigned]) -> Result<Vec<u8>, String> {
    if assigned.is_empty() {
        return Ok(export.to_vec());
    }
    let mut export = Export::from_slice(export).map_err(|e| format!("the export cannot be read back: {e}"))?;
    for rec in &mut export.aanbevelingen {
        for m in rec.mijlpalen.iter_mut().filter(|m| m.sleutel.is_none()) {
            let found = assigned
                .iter()
                .find(|a| a.rec == rec.id && a.ministry == m.ministerie && a.when == m.wanneer && a.what == m.wat);
            if let Some(a) = found {
                m.sleutel = Some(a.key.clone());
            }
        }
    }
    Ok(export.to_bytes())
}

/// `Wetsvoorstel ingediend bij de Tweede Kamer` → `wetsvoorstel-ingediend-tweede-kamer`:
/// its first words that say something, short enough to type, never a word
/// YAML reads as something else than text.
fn key_from(what: &str) -> String {
    const FILLER: &[&str] = &[
        "de", "het", "een", "en", "of", "van", "bij", "over", "met", "voor", "naar", "in", "op", "te", "aan", "door",
        "om", "tot", "uit", "als", "dat", "die", "is", "zijn", "wordt", "worden",
    ];
    let slug = crate::model::slugify(&normalise_what(what));
    let mut words: Vec<&str> = slug.split('-').filter(|w| !FILLER.contains(w)).collect();
    if words.is_empty() {
        words = slug.split('-').collect();
    }
    let mut key = String::new();
    for word in words.into_iter().take(4) {
        if !key.is_empty() && key.len() + word.len() > 40 {
            break;
        }
        if !key.is_empty() {
            key.push('-');
        }
        key.push_str(word);
    }
    let plain_word = key.bytes().any(|b| b.is_ascii_lowercase())
        && !["true", "false", "null", "yes", "no", "on", "off", "y", "n", "rapport"].contains(&key.as_str());
    if plain_word { key } else { format!("mijlpaal-{key}") }
}

/// Inserts `sleutel: <key>` before the `wanneer` key of each milestone
/// (given by the line and column of its value): on a line of its own at
/// the same indentation, or inside a flow mapping `{ wanneer: … }`.
fn with_keys(text: &str, add: &[(usize, usize, String)]) -> Result<String, String> {
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    // From the bottom up, so that earlier line numbers stay valid.
    let mut add = add.to_vec();
    add.sort_by_key(|a| std::cmp::Reverse((a.0, a.1)));
    for (line, column, key) in add {
        let Some(l) = lines.get_mut(line.wrapping_sub(1)) else {
            return Err(format!("line {line} of a contribution is gone"));
        };
        let chars: Vec<char> = l.chars().collect();
        let before: String = chars[..column.saturating_sub(1).min(chars.len())].iter().collect();
        let Some(mut at) = before.rfind("wanneer") else {
            return Err(format!("no `wanneer` on line {line}"));
        };
        if at > 0 && matches!(before.as_bytes()[at - 1], b'"' | b'\'') {
            at -= 1;
        }
        let head = &l[..at];
        let indent = head.chars().count();
        // A key inherited from last year's export may be any text.
        let inserted = if head.contains('{') {
            format!("{head}sleutel: {}, {}", emit::flow_scalar(&key), &l[at..])
        } else {
            format!("{head}sleutel: {}\n{}{}", emit::scalar(&key), " ".repeat(indent), &l[at..])
        };
        *l = inserted;
    }
    Ok(lines.join("\n"))
}

/// `rapport.yaml` for the next year: `jaar` + 1, `peildatum` a year on, no
/// `publicatiedatum`, the year in the title moved on, `kamerstuk` left for
/// the editors, `vorige` at this edition's export. The top-level keys and
/// their lines are found by parsing the file; only the lines of the keys
/// rewritten change, so comments and layout stay as the editors made them
/// (a comment on a rewritten key's own line goes with it), and a file with
/// CRLF line ends keeps them. `year` and `peildatum` are this edition's,
/// as read.
fn next_settings(text: &str, year: i32, peildatum: NaiveDate) -> Result<(String, Vec<String>), String> {
    use crate::content::yaml::{self, Doc, emit::Value};
    let next = year + 1;
    let (year_text, next_text) = (year.to_string(), next.to_string());
    let peil = one_year_on(peildatum).format("%Y-%m-%d").to_string();
    let vorige = format!("archief/{year}.json");
    let lines = yaml::lines(text);
    let doc = Doc::parse(text, Path::new("rapport.yaml"), 1).map_err(|d| format!("rapport.yaml: {}", d.message))?;
    let sections = doc.sections(text).ok_or(
        "rapport.yaml: next-year rewrites it key by key; write its top level in block style, one key per line",
    )?;
    let has = |key: &str| sections.iter().any(|s| s.key.text() == Some(key));
    let (mut need_vorige, mut need_versie) = (!has("vorige"), !has("versie"));
    let mut notes = Vec::new();
    let mut w = Writer::new();
    w.verbatim(&lines[..sections.first().map_or(lines.len(), |s| s.lines.start)], &());
    for s in &sections {
        let own = &lines[s.lines.clone()];
        // The comments and blank lines after the value, up to the next key.
        let after = &lines[s.value_end..s.lines.end];
        // What follows the key on its line, as written: `"29 861, nr. 200"`.
        let rest: String = own[0].chars().skip(s.key.end.col as usize).collect();
        let rest = rest.trim_start().strip_prefix(':').unwrap_or(&rest).trim();
        match s.key.text().unwrap_or("") {
            "jaar" => w.field(0, "jaar", Value::Bare(&next_text), &()),
            "versie" => w.field(0, "versie", Value::Str("concept"), &()),
            "bevestigd" => {
                // Last year's confirmations do not carry over: each year's text is confirmed anew.
                w.comment(0, &format!("bevestigd in {year}: {rest}"), &());
                for l in &own[1..] {
                    if l.trim().is_empty() || l.starts_with('#') {
                        w.verbatim(&[l], &());
                    } else {
                        w.comment(0, l, &());
                    }
                }
                continue;
            }
            "peildatum" => {
                // Right after it, before the comments that lead to the next key.
                w.field(0, "peildatum", Value::Bare(&peil), &());
                if std::mem::take(&mut need_vorige) {
                    w.field(0, "vorige", Value::Str(&vorige), &());
                    if std::mem::take(&mut need_versie) {
                        w.field(0, "versie", Value::Str("concept"), &());
                    }
                }
            }
            "publicatiedatum" => w.comment(0, "publicatiedatum: JJJJ-MM-DD   (vul in bij publicatie)", &()),
            "kamerstuk" => {
                w.comment(0, &format!("kamerstuk van {year}: {rest}"), &());
                w.comment(0, &format!("kamerstuk: \"...\"   (vul het nummer van de rapportage {next} in)"), &());
                notes.push(format!("kamerstuk: left out; fill in the number of the {next} report in rapport.yaml"));
            }
            "vorige" => {
                w.field(0, "vorige", Value::Str(&vorige), &());
                if std::mem::take(&mut need_versie) {
                    w.field(0, "versie", Value::Str("concept"), &());
                }
            }
            // The year moved on where it is written, in whatever style.
            "titel" if s.value.text().is_some_and(|t| t.contains(&year_text)) => {
                for l in &lines[s.lines.start..s.value_end] {
                    w.verbatim(&[&l.replace(&year_text, &next_text)], &());
                }
            }
            "titel" => {
                w.comment(0, &format!("LET OP: controleer of de titel past bij de rapportage {next}"), &());
                w.verbatim(&lines[s.lines.start..s.value_end], &());
                notes.push(format!("titel: has no year {year} to move on; check it in rapport.yaml"));
            }
            _ => {
                w.verbatim(own, &());
                continue;
            }
        }
        w.verbatim(after, &());
    }
    if need_vorige {
        w.field(0, "vorige", Value::Str(&vorige), &());
    }
    if need_versie {
        w.field(0, "versie", Value::Str("concept"), &());
    }
    let written = w.text();
    // Kept lines carry their `\r`; the lines written here get it too.
    let written = match text.contains("\r\n") {
        true => written.replace("\r\n", "\n").replace('\n', "\r\n"),
        false => written,
    };
    Ok((written, notes))
}

/// The same day a year later; 29 February becomes 28 February.
fn one_year_on(d: NaiveDate) -> NaiveDate {
    d.with_year(d.year() + 1).or_else(|| NaiveDate::from_ymd_opt(d.year() + 1, d.month(), 28)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_text() {
        assert_eq!(key_from("Wetsvoorstel ingediend bij de Tweede Kamer"), "wetsvoorstel-ingediend-tweede-kamer");
        assert_eq!(key_from("Kamerbrief over het tijdpad van de invoering"), "kamerbrief-tijdpad-invoering");
        assert_eq!(key_from("  Één  stap "), "stap");
        assert_eq!(key_from("Zéér snel"), "zeer-snel");
        assert_eq!(key_from("2024"), "mijlpaal-2024");
        assert_eq!(key_from("Null"), "mijlpaal-null");
    }

    #[test]
    fn keys_are_inserted_in_block_and_flow_style() {
        let text = "mijlpalen:\n  - wanneer: 2023-Q2\n    wat: a\n  - wat: b\n    wanneer: 2024\n  - { wanneer: 2025, wat: c }\n";
        let out = with_keys(text, &[(2, 16, "a".into()), (5, 14, "b".into()), (6, 17, "c".into())]).unwrap();
        assert_eq!(
            out,
            "mijlpalen:\n  - sleutel: a\n    wanneer: 2023-Q2\n    wat: a\n  - wat: b\n    sleutel: b\n    wanneer: 2024\n  - { sleutel: c, wanneer: 2025, wat: c }\n"
        );
        // Keys inherited from last year's export are written so they read back.
        let out = with_keys(text, &[(2, 16, "2024".into()), (6, 17, "a, b".into())]).unwrap();
        assert!(out.contains("  - sleutel: \"2024\"\n") && out.contains("{ sleutel: \"a, b\", wanneer: 2025"), "{out}");
    }

    #[test]
    fn a_crlf_rapport_yaml_stays_crlf() {
        let d = NaiveDate::from_ymd_opt(2030, 12, 1).unwrap();
        let text = "# Rapport\r\ntitel: Jaarrapportage 2030\r\njaar: 2030\r\npeildatum: 2030-12-01\r\n";
        let (out, _) = next_settings(text, 2030, d).unwrap();
        assert!(out.contains("jaar: 2031\r\n") && out.contains("titel: Jaarrapportage 2031\r\n"), "{out:?}");
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count(), "{out:?}");
        assert!(!out.contains("\r\r"), "{out:?}");
    }

    #[test]
    fn a_year_on() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(one_year_on(d("2022-12-01")), d("2023-12-01"));
        assert_eq!(one_year_on(d("2024-02-29")), d("2025-02-28"));
    }

    fn next(text: &str) -> (String, Vec<String>) {
        let (out, notes) = next_settings(text, 2030, NaiveDate::from_ymd_opt(2030, 12, 1).unwrap()).unwrap();
        // What next-year writes is read by the same reader.
        crate::content::yaml::Doc::parse(&out, Path::new("rapport.yaml"), 1).unwrap();
        (out, notes)
    }

    #[test]
    fn settings_move_on_and_keep_comments_and_layout() {
        let text = "# Instellingen van de rapportage\n\"jaar\": 2030   # het jaar\ntitel: >\n  Jaarrapportage\n  2030\n\n# de peildatum\n'peildatum': 2030-12-01\n# wanneer gepubliceerd\npublicatiedatum: 2031-01-15\nkamerstuk: \"29 861, nr. 200\"\nbevestigd: [hoofdstukken/werk.md,\n  paginas/weg.md]\n# daarna\nministeries: {SZW: Sociale Zaken, BZK: \"Binnenlandse Zaken\"}\nversie: definitief\n";
        let (out, notes) = next(text);
        assert_eq!(
            out,
            "# Instellingen van de rapportage\njaar: 2031\ntitel: >\n  Jaarrapportage\n  2031\n\n# de peildatum\npeildatum: 2031-12-01\nvorige: archief/2030.json\n# wanneer gepubliceerd\n# publicatiedatum: JJJJ-MM-DD   (vul in bij publicatie)\n# kamerstuk van 2030: \"29 861, nr. 200\"\n# kamerstuk: \"...\"   (vul het nummer van de rapportage 2031 in)\n# bevestigd in 2030: [hoofdstukken/werk.md,\n#   paginas/weg.md]\n# daarna\nministeries: {SZW: Sociale Zaken, BZK: \"Binnenlandse Zaken\"}\nversie: concept\n"
        );
        assert_eq!(notes, ["kamerstuk: left out; fill in the number of the 2031 report in rapport.yaml"]);
    }

    #[test]
    fn a_title_without_the_year_is_kept_with_a_warning() {
        let (out, notes) = next(
            "jaar: 2030\ntitel: |\n  Voortgang\n  arbeidsmigratie\n# einde\npeildatum: 2030-12-01\nvorige: archief/2029.json\n",
        );
        assert_eq!(
            out,
            "jaar: 2031\n# LET OP: controleer of de titel past bij de rapportage 2031\ntitel: |\n  Voortgang\n  arbeidsmigratie\n# einde\npeildatum: 2031-12-01\nvorige: archief/2030.json\nversie: concept\n"
        );
        assert_eq!(notes, ["titel: has no year 2030 to move on; check it in rapport.yaml"]);
    }

    #[test]
    fn vorige_and_versie_are_added_at_the_end_without_a_peildatum() {
        // Not a valid rapport.yaml, but next-year does not need one to move it on.
        let (out, _) = next("jaar: 2030 # a line like `peildatum: x` in a comment is no key\n");
        assert_eq!(out, "jaar: 2031\nvorige: archief/2030.json\nversie: concept\n");
    }

    #[test]
    fn a_top_level_in_flow_style_is_refused_not_mangled() {
        let err = next_settings("{jaar: 2030, titel: x 2030}\n", 2030, NaiveDate::from_ymd_opt(2030, 12, 1).unwrap());
        assert!(err.unwrap_err().contains("block style"));
    }
}
