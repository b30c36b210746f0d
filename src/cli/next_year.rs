//! `jaarrapport next-year`: starts next year's report from this one. The
//! new content directory gets `rapport.yaml` for the next year pointing at
//! this edition's export (kept as `archief/<jaar>.json`), and copies of the
//! catalogue, chapters, pages, images, templates and contributions, every
//! milestone given a `sleutel` so it keeps its identity however its text
//! changes. It is written beside the target and moved into place only when
//! it passes `check`; an existing non-empty directory is never touched.

use crate::content::export::Export;
use crate::content::source::read_text;
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
    println!("wrote {} for {}: vorige is archief/{year}.json", new.display(), year + 1);
    for note in notes {
        println!("  {note}");
    }
    println!("next: `jaarrapport check {}`, then hand out the contributions", new.display());
    // Last, as the to-do list it is: what still says last year's text.
    if !carried.is_empty() {
        println!(
            "carried over unchanged from {year}, to rewrite or confirm under `bevestigd` in rapport.yaml ({}):",
            carried.len()
        );
        for rel in &carried {
            println!("  {rel}");
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
    let (text, rapport_notes) = next_settings(&text, report);
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
        let inserted = if head.contains('{') {
            format!("{head}sleutel: {key}, {}", &l[at..])
        } else {
            format!("{head}sleutel: {key}\n{}{}", " ".repeat(indent), &l[at..])
        };
        *l = inserted;
    }
    Ok(lines.join("\n"))
}

/// `rapport.yaml` for the next year: `jaar` + 1, `peildatum` a year on, no
/// `publicatiedatum`, the year in the title moved on, `kamerstuk` left for
/// the editors, `vorige` at this edition's export. Top-level lines are
/// rewritten one by one, so comments and layout stay as the editors made
/// them.
fn next_settings(text: &str, report: &Report) -> (String, Vec<String>) {
    let s = &report.settings;
    let (year, next) = (s.year, s.year + 1);
    let peil = one_year_on(s.peildatum);
    let mut notes = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let mut has_vorige = false;
    let mut has_versie = false;
    // Inside last year's `bevestigd` block: its lines are kept as comments.
    let mut in_confirmed = false;
    let key_of = |line: &str| -> Option<String> {
        let (k, _) = line.split_once(':')?;
        let k = k.trim_matches(['"', '\'']);
        (!line.starts_with([' ', '\t', '#', '-']) && !k.is_empty()).then(|| k.to_string())
    };
    for line in text.lines() {
        if in_confirmed && key_of(line).is_none() && !line.trim().is_empty() && !line.starts_with('#') {
            out.push(format!("# {line}"));
            continue;
        }
        in_confirmed = false;
        match key_of(line).as_deref() {
            Some("jaar") => out.push(format!("jaar: {next}")),
            Some("versie") => {
                has_versie = true;
                out.push("versie: concept".into());
            }
            Some("bevestigd") => {
                // Last year's confirmations do not carry over: each year's text is confirmed anew.
                in_confirmed = true;
                out.push(format!("# bevestigd in {year}: {}", line.split_once(':').map_or("", |x| x.1).trim()));
            }
            Some("peildatum") => out.push(format!("peildatum: {}", peil.format("%Y-%m-%d"))),
            Some("publicatiedatum") => {
                out.push("# publicatiedatum: JJJJ-MM-DD   (vul in bij publicatie)".into());
            }
            Some("kamerstuk") => {
                out.push(format!("# kamerstuk van {year}: {}", line.split_once(':').map_or("", |x| x.1).trim()));
                out.push(format!("# kamerstuk: \"...\"   (vul het nummer van de rapportage {next} in)"));
                notes.push(format!("kamerstuk: left out; fill in the number of the {next} report in rapport.yaml"));
            }
            Some("vorige") => {
                has_vorige = true;
                out.push(format!("vorige: archief/{year}.json"));
            }
            Some("titel") if line.contains(&year.to_string()) && !is_block_start(line) => {
                out.push(line.replace(&year.to_string(), &next.to_string()));
            }
            Some("titel") => {
                out.push(format!("# LET OP: controleer of de titel past bij de rapportage {next}"));
                out.push(line.to_string());
                notes.push(format!("titel: has no year {year} to move on; check it in rapport.yaml"));
            }
            _ => out.push(line.to_string()),
        }
    }
    if !has_vorige {
        let at = out.iter().position(|l| l.starts_with("peildatum:")).map_or(out.len(), |i| i + 1);
        out.insert(at, format!("vorige: archief/{year}.json"));
    }
    if !has_versie {
        let at = out.iter().position(|l| l.starts_with("vorige:")).map_or(out.len(), |i| i + 1);
        out.insert(at, "versie: concept".into());
    }
    let mut text = out.join("\n");
    text.push('\n');
    (text, notes)
}

fn is_block_start(line: &str) -> bool {
    let v = line.split_once(':').map_or("", |x| x.1).trim();
    v.is_empty() || v.starts_with(['|', '>'])
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
    }

    #[test]
    fn a_year_on() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(one_year_on(d("2022-12-01")), d("2023-12-01"));
        assert_eq!(one_year_on(d("2024-02-29")), d("2025-02-28"));
    }
}
