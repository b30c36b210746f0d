//! `jaarrapport new`: writes the skeleton of a contribution that passes
//! `check` as it is, so a ministry writer starts from something valid.

use crate::content::display_path;
use crate::diagnostics::print_diagnostics;
use crate::model::{Phase, RecId, Report};
use crate::validate;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The recommendation, e.g. 2.1.A (2.1 a and 2.1a are fine too).
    pub id: String,
    /// The ministry that writes the contribution, e.g. SZW.
    #[arg(long = "ministerie", value_name = "MIN")]
    pub ministry: String,
    /// The content directory of one year's report.
    #[arg(long = "content", value_name = "DIR", default_value = "content")]
    pub content_dir: PathBuf,
}

pub fn execute(args: &Args) -> u8 {
    let Some(id) = RecId::parse(&args.id) else {
        eprintln!("error: `{}` is not a recommendation identifier (write it as 2.1.A)", args.id);
        return super::EXIT_USAGE;
    };
    let (report, diags) = validate::load_report(&args.content_dir);
    let Some(report) = report else {
        print_diagnostics(&diags);
        eprintln!("error: fix the content errors above first");
        return super::EXIT_CONTENT;
    };
    let Some(rec) = report.recommendation(&id) else {
        eprintln!("error: recommendation {id} is not in aanbevelingen.yaml");
        return super::EXIT_USAGE;
    };
    let Some(ministry) = report.ministries.iter().find(|m| m.code.eq_ignore_ascii_case(&args.ministry)) else {
        let codes: Vec<&str> = report.ministries.iter().map(|m| m.code.as_str()).collect();
        eprintln!("error: `{}` is not a ministry of this report (known: {})", args.ministry, codes.join(", "));
        return super::EXIT_USAGE;
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
        return super::EXIT_USAGE;
    }
    let rel = PathBuf::from("bijdragen").join(&ministry.code).join(format!("{id}.md"));
    let path = args.content_dir.join(&rel);
    let shown = display_path(&args.content_dir, &rel);
    if path.exists() {
        eprintln!("error: {} already exists; it is left as it was", shown.display());
        return super::EXIT_USAGE;
    }
    let text = skeleton(&report, &id, &ministry.code, is_owner);
    let written = std::fs::create_dir_all(path.parent().unwrap_or(&args.content_dir)).and_then(|_| {
        // `create_new`: never overwrite, even if the file appeared meanwhile.
        use std::io::Write;
        std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?.write_all(text.as_bytes())
    });
    match written {
        Ok(()) => {
            println!("wrote {}", shown.display());
            super::EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", shown.display());
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
    let mut out = String::from("---\n");
    out.push_str(&format!("# Bijdrage van {ministry} over aanbeveling {id}: {title}\n"));
    out.push_str("# Regels met # zijn uitleg; ze komen niet in het rapport. Controleer met `jaarrapport check`.\n");
    if is_owner {
        // Last year's status is the best first guess; otherwise "not started".
        let previous = report.previous.as_ref().and_then(|p| p.status_of(id)).and_then(|p| {
            [&p.key, &p.label].into_iter().flatten().find_map(|t| Report::find_status(&report.statuses, t))
        });
        let guess = previous.or_else(|| report.statuses.iter().position(|s| s.phase == Phase::Open)).unwrap_or(0);
        let status = report.statuses.get(guess).map(|s| s.key.as_str()).unwrap_or("");
        out.push_str(&format!("# Status (alleen de eigenaar, {owner}): {}\n", keys.join(", ")));
        out.push_str(&format!("status: {status}\n"));
    } else {
        out.push_str(&format!("# De status zet de eigenaar ({owner}); een betrokken ministerie laat hem weg.\n"));
    }
    out.push_str("# Eén zin: waar staat de aanbeveling nu?\n");
    out.push_str("samenvatting: \"\"\n");
    out.push_str("# Mijlpalen: haal de # weg en vul in. wanneer: YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn of YYYY.\n");
    out.push_str("mijlpalen:\n");
    out.push_str("#  - wanneer: 2023-Q2\n");
    out.push_str("#    wat: Wetsvoorstel ingediend bij de Tweede Kamer\n");
    out.push_str("#    gereed: false\n");
    out.push_str("# Bronnen, bijvoorbeeld Kamerstukken.\n");
    out.push_str("bronnen:\n");
    out.push_str("#  - Kamerstuk 29 861, nr. 99\n");
    out.push_str("---\n");
    out.push_str(&format!(
        "Beschrijf hier de voortgang in {}: wat is er gebeurd en wat staat er gepland?\n",
        report.settings.year
    ));
    out
}
