//! `jaarrapport new`: writes the skeleton of a contribution that passes
//! `check` as it is, so a ministry writer starts from something valid.

use crate::content::display_path;
use crate::content::yaml::emit::{Value, Writer};
use crate::diagnostics::print_diagnostics;
use crate::model::{Phase, RecId, Report};
use crate::validate;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The recommendation, e.g. 2.1.A (2.1 a and 2.1a are fine too); not with --docx-dir.
    #[arg(required_unless_present = "docx_dir", conflicts_with = "docx_dir")]
    pub id: Option<String>,
    /// The ministry that writes the contribution, e.g. SZW.
    #[arg(long = "ministerie", value_name = "MIN")]
    pub ministry: String,
    // The same spelling for both, and why there is no positional.
    #[arg(long = "content", value_name = "DIR", default_value = "content", hide_default_value = true, help = super::edition::CONTENT_OPTION_HELP)]
    pub content_dir: PathBuf,
    /// Write a Word form for the writer instead of a Markdown file, filled
    /// with the contribution if there is one; `jaarrapport import` reads it
    /// back. A FILE ending in .odt is written as OpenDocument text.
    #[arg(long = "docx", value_name = "FILE", conflicts_with = "docx_dir")]
    pub docx: Option<PathBuf>,
    /// Write one Word form per recommendation the ministry contributes to
    /// (the yearly request), as DIR/<MIN>-<ID>.docx.
    #[arg(long = "docx-dir", value_name = "DIR")]
    pub docx_dir: Option<PathBuf>,
    /// With --docx-dir: write the forms as OpenDocument text (.odt), for
    /// writers who work in LibreOffice.
    #[arg(long = "odt", requires = "docx_dir")]
    pub odt: bool,
}

pub fn execute(args: &Args) -> u8 {
    if let Some(dir) = &args.docx_dir {
        return docx_dir(&args.content_dir, &args.ministry, dir, if args.odt { "odt" } else { "docx" });
    }
    let id_text = args.id.clone().unwrap_or_default();
    let Some(id) = RecId::parse(&id_text) else {
        eprintln!("error: `{id_text}` is not a recommendation identifier (write it as 2.1.A)");
        return super::EXIT_USAGE;
    };
    if let Some(file) = &args.docx {
        return docx_one(&args.content_dir, &id, &args.ministry, file);
    }
    let report = match load(&args.content_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (ministry, is_owner) = match may_contribute(&report, &id, &args.ministry) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let rel = PathBuf::from("bijdragen").join(&ministry).join(format!("{id}.md"));
    let path = args.content_dir.join(&rel);
    let shown = display_path(&args.content_dir, &rel);
    if path.exists() {
        eprintln!("error: {} already exists; it is left as it was", shown.display());
        return super::EXIT_USAGE;
    }
    let text = skeleton(&report, &id, &ministry, is_owner);
    let written = std::fs::create_dir_all(path.parent().unwrap_or(&args.content_dir)).and_then(|_| {
        // `create_new`: never overwrite, even if the file appeared meanwhile.
        use std::io::Write;
        std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?.write_all(text.as_bytes())
    });
    match written {
        Ok(()) => {
            crate::outln!("wrote {}", shown.display());
            super::EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", shown.display());
            super::EXIT_USAGE
        }
    }
}

/// The ministry's code as the report spells it, and whether it owns `id`;
/// the error is printed here.
fn may_contribute(report: &Report, id: &RecId, ministry: &str) -> Result<(String, bool), u8> {
    let Some(rec) = report.recommendation(id) else {
        eprintln!("error: recommendation {id} is not in aanbevelingen.yaml");
        return Err(super::EXIT_USAGE);
    };
    let Some(ministry) = report.ministries.iter().find(|m| m.code.eq_ignore_ascii_case(ministry)) else {
        let codes: Vec<&str> = report.ministries.iter().map(|m| m.code.as_str()).collect();
        eprintln!("error: `{}` is not a ministry of this report (known: {})", ministry, codes.join(", "));
        return Err(super::EXIT_USAGE);
    };
    let is_owner = rec.owner == ministry.code;
    if !is_owner && !rec.involved.contains(&ministry.code) {
        eprintln!(
            "error: {} may not contribute to {id}: its owner is {}{}",
            ministry.code,
            rec.owner,
            if rec.involved.is_empty() { String::new() } else { format!(", involved are {}", rec.involved.join(", ")) }
        );
        eprintln!("help: ask the editors to add {} to `betrokken` of {id} in aanbevelingen.yaml", ministry.code);
        return Err(super::EXIT_USAGE);
    }
    Ok((ministry.code.clone(), is_owner))
}

/// The report of a content directory, or the exit code after its errors.
fn load(content_dir: &Path) -> Result<Report, u8> {
    let (report, diags) = validate::load_report(content_dir);
    match report {
        Some(r) => Ok(r),
        None => {
            print_diagnostics(&diags);
            eprintln!("error: fix the content errors above first");
            Err(super::EXIT_CONTENT)
        }
    }
}

/// `new <ID> --docx FILE`: one Word form.
fn docx_one(content_dir: &Path, id: &RecId, ministry: &str, file: &Path) -> u8 {
    let report = match load(content_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    super::edition::announce(content_dir, &report);
    let (ministry, _) = match may_contribute(&report, id, ministry) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let code = write_form(&report, content_dir, id, &ministry, file);
    if code != super::EXIT_OK {
        return code;
    }
    record_sent(content_dir, &report, &[(ministry, id.clone())])
}

/// `new --ministerie MIN --docx-dir DIR`: a form for every recommendation
/// the ministry owns or is involved in (folded-in ones only if it wrote on them).
/// `ext`: `docx` or `odt`.
fn docx_dir(content_dir: &Path, ministry: &str, dir: &Path, ext: &str) -> u8 {
    let report = match load(content_dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    super::edition::announce(content_dir, &report);
    let Some(code) = report.ministries.iter().find(|m| m.code.eq_ignore_ascii_case(ministry)).map(|m| m.code.clone())
    else {
        let codes: Vec<&str> = report.ministries.iter().map(|m| m.code.as_str()).collect();
        eprintln!("error: `{ministry}` is not a ministry of this report (known: {})", codes.join(", "));
        return super::EXIT_USAGE;
    };
    let mut recs: Vec<&crate::model::Recommendation> = report
        .recommendations
        .iter()
        .filter(|r| r.owner == code || r.involved.contains(&code))
        .filter(|r| r.folded_into.is_none() || r.contributions.iter().any(|c| c.ministry == code))
        .collect();
    recs.sort_by(|a, b| a.id.cmp(&b.id));
    if recs.is_empty() {
        eprintln!("error: {code} owns no recommendation and is involved in none");
        return super::EXIT_USAGE;
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return super::EXIT_USAGE;
    }
    let mut worst = super::EXIT_OK;
    let mut sent = Vec::new();
    for r in recs {
        let file = dir.join(format!("{code}-{}.{ext}", r.id));
        let written = write_form(&report, content_dir, &r.id, &code, &file);
        if written == super::EXIT_OK {
            sent.push((code.clone(), r.id.clone()));
        }
        worst = worst.max(written);
    }
    let worst = worst.max(record_sent(content_dir, &report, &sent));
    worst.max(write_guide(&report.settings.year.to_string(), dir))
}

/// The request ledger (`uitvraag.yaml`) notes the forms that went out.
fn record_sent(content_dir: &Path, report: &Report, sent: &[(String, RecId)]) -> u8 {
    if sent.is_empty() {
        return super::EXIT_OK;
    }
    match crate::content::uitvraag::record_sent(content_dir, report.settings.year, sent) {
        Ok(path) => {
            crate::outln!(
                "recorded {} in {}",
                crate::render::status::count(sent.len(), "form", "forms"),
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

/// The writers' guide next to the forms; one already there is left alone.
fn write_guide(year: &str, dir: &Path) -> u8 {
    let file = dir.join(crate::docx::guide::FILE_NAME);
    let written = crate::docx::guide::docx(year).and_then(|bytes| {
        use std::io::Write;
        std::fs::OpenOptions::new().write(true).create_new(true).open(&file)?.write_all(&bytes)
    });
    match written {
        Ok(()) => {
            crate::outln!("wrote {} (the guide for the writers)", file.display());
            super::EXIT_OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            crate::outln!("{} already exists; it is left as it was", file.display());
            super::EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", file.display());
            super::EXIT_USAGE
        }
    }
}

fn write_form(report: &Report, content_dir: &Path, id: &RecId, ministry: &str, file: &Path) -> u8 {
    let form = crate::docx::contribution::form_of(report, content_dir, id, ministry);
    let from = PathBuf::from("bijdragen").join(ministry).join(format!("{id}.md"));
    // The images the content layer read and checked, never the disk again.
    let images = |url: &str| -> Option<(Vec<u8>, String)> {
        let rel = crate::paths::normalise(&from, url)?;
        let image = report.images.iter().find(|i| i.rel == rel)?;
        let ext = rel.extension()?.to_str()?.to_ascii_lowercase();
        Some((image.bytes.clone(), ext))
    };
    let odt = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("odt"));
    let made =
        if odt { crate::docx::odt_writer::write(&form, &images) } else { crate::docx::writer::write(&form, &images) };
    let bytes = match made {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot make the form for {id}: {e}");
            return super::EXIT_USAGE;
        }
    };
    let written = std::fs::OpenOptions::new().write(true).create_new(true).open(file).and_then(|mut f| {
        use std::io::Write;
        f.write_all(&bytes)
    });
    match written {
        Ok(()) => {
            let filled = if form.source.is_some() { "filled with the contribution" } else { "empty" };
            crate::outln!("wrote {} ({filled})", file.display());
            super::EXIT_OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("error: {} already exists; it is left as it was", file.display());
            super::EXIT_USAGE
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", file.display());
            super::EXIT_USAGE
        }
    }
}

/// The contribution's front matter with every field explained in a comment.
pub fn skeleton(report: &Report, id: &RecId, ministry: &str, is_owner: bool) -> String {
    let rec = report.recommendation(id);
    let title = rec.map(|r| r.title.as_str()).unwrap_or("");
    let owner = rec.map(|r| r.owner.as_str()).unwrap_or("");
    let keys: Vec<&str> = report.statuses.iter().map(|s| s.key.as_str()).collect();
    let mut w = Writer::new();
    w.fence(&());
    w.comment(0, &format!("Bijdrage van {ministry} over aanbeveling {id}: {title}"), &());
    w.comment(0, "Regels met # zijn uitleg; ze komen niet in het rapport. Controleer met `jaarrapport check`.", &());
    if is_owner {
        // Last year's status is the best first guess; otherwise "not started".
        let previous = report.previous.as_ref().and_then(|p| p.status_of(id)).and_then(|p| {
            [&p.key, &p.label].into_iter().flatten().find_map(|t| Report::find_status(&report.statuses, t))
        });
        let guess = previous.or_else(|| report.statuses.iter().position(|s| s.phase == Phase::Open)).unwrap_or(0);
        let status = report.statuses.get(guess).map(|s| s.key.as_str()).unwrap_or("");
        w.comment(0, &format!("Status (alleen de eigenaar, {owner}): {}", keys.join(", ")), &());
        w.field(0, "status", Value::Str(status), &());
    } else {
        w.comment(0, &format!("De status zet de eigenaar ({owner}); een betrokken ministerie laat hem weg."), &());
    }
    w.comment(0, "Eén zin: waar staat de aanbeveling nu?", &());
    w.field(0, "samenvatting", Value::Str(""), &());
    w.comment(0, "Mijlpalen: haal de # weg en vul in. wanneer: YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn of YYYY.", &());
    w.open(0, "mijlpalen", &());
    let mut example = Writer::new();
    example.item_fields(
        2,
        &[
            ("wanneer", Value::Bare("2023-Q2")),
            ("wat", Value::Str("Wetsvoorstel ingediend bij de Tweede Kamer")),
            ("gereed", Value::Bare("false")),
        ],
        &(),
    );
    w.commented_out(example);
    w.comment(0, "Bronnen, bijvoorbeeld Kamerstukken.", &());
    w.open(0, "bronnen", &());
    let mut example = Writer::new();
    example.item(2, Value::Str("Kamerstuk 29 861, nr. 99"), &());
    w.commented_out(example);
    w.fence(&());
    let mut out = w.text();
    out.push_str(&crate::model::placeholder_text(report.settings.year));
    out.push('\n');
    out
}
