//! `jaarrapport status` as text: the per-ministry overview the view
//! derived (`view::ministries`), drawn for a terminal.

use crate::view::ministries::{Overview, Requests};
use std::fmt::Write as _;

/// `1 contribution`, `2 contributions`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The request's states, open ones first, as the ledger names them.
fn states(r: &Requests) -> [(&'static str, &Vec<String>); 6] {
    [
        ("niet teruggekomen", &r.niet_teruggekomen),
        ("niet ingevuld, nog de tekst van `new`", &r.niet_ingevuld),
        ("niet uitgevraagd, nog als vorig jaar", &r.niet_uitgevraagd),
        ("bevestigd ongewijzigd", &r.bevestigd),
        ("bijgewerkt", &r.bijgewerkt),
        ("akkoord", &r.akkoord),
    ]
}

/// For a terminal: one block per ministry, the missing and overdue first
/// in mind, since those are what an editor chases.
pub fn text(o: &Overview) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} (peildatum {})", o.titel, o.peildatum);
    for m in &o.ministeries {
        let _ = writeln!(out, "\n{} — {}", m.code, m.naam);
        // What is still owed leads: that is the editor's to-do list.
        for (name, ids) in states(&m.uitvraag) {
            if !ids.is_empty() {
                let _ = writeln!(out, "  {name} ({}): {}", ids.len(), ids.join(", "));
            }
        }
        let expected = m.eigenaar_van - m.meegenomen.len();
        let _ = writeln!(
            out,
            "  owner of {} recommendation{}: {} of {} contribution file{} present, {} missing, {} folded into others",
            m.eigenaar_van,
            if m.eigenaar_van == 1 { "" } else { "s" },
            m.binnen.len(),
            expected,
            if expected == 1 { "" } else { "s" },
            m.ontbreekt.len(),
            m.meegenomen.len()
        );
        for item in &m.ontbreekt {
            let _ = writeln!(out, "  missing: {}  {}", item.id, item.titel);
        }
        let counts: Vec<String> =
            m.statussen.iter().filter(|c| c.aantal > 0).map(|c| format!("{} {}", c.label, c.aantal)).collect();
        if !counts.is_empty() {
            let _ = writeln!(out, "  statuses: {}", counts.join(", "));
        }
        if !m.bijdragen_als_betrokkene.is_empty() {
            let _ = writeln!(out, "  also contributes to: {}", m.bijdragen_als_betrokkene.join(", "));
        }
        if !m.ongewijzigd.is_empty() {
            let _ = writeln!(out, "  unchanged since last year: {}", m.ongewijzigd.join(", "));
        }
        if !m.verlopen_mijlpalen.is_empty() {
            let _ = writeln!(out, "  overdue milestones:");
            for ms in &m.verlopen_mijlpalen {
                let _ = writeln!(out, "    {:<7} {:<10} {}", ms.id, ms.wanneer, ms.wat);
            }
        }
        for (what, list) in [("overdue", &m.toezeggingen_verlopen), ("open", &m.toezeggingen_open)] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {what} commitments and motions:");
            for c in list {
                let due = c.termijn.as_deref().map(|t| format!(" (termijn {t})")).unwrap_or_default();
                let _ = writeln!(out, "    {}{due}  {} [{}]", c.sleutel, c.titel, c.status);
            }
        }
    }
    if !o.van_vorig_jaar.is_empty() {
        let _ = writeln!(out, "\nstill last year's text ({}):", o.van_vorig_jaar.len());
        for p in &o.van_vorig_jaar {
            let _ = writeln!(out, "  {p}");
        }
    }
    if !o.bevestigd_van_vorig_jaar.is_empty() {
        let _ = writeln!(out, "\nlast year's text, confirmed: {}", o.bevestigd_van_vorig_jaar.join(", "));
    }
    let s = &o.stand;
    let _ = writeln!(
        out,
        "\nstill open: {} of {} ({} niet teruggekomen, {} niet ingevuld, {} niet uitgevraagd, {} missing); \
         in: {} bevestigd, {} bijgewerkt, {} akkoord",
        o.open,
        count(o.gevraagd, "contribution", "contributions"),
        s.niet_teruggekomen.len(),
        s.niet_ingevuld.len(),
        s.niet_uitgevraagd.len(),
        o.ontbrekend_ongevraagd,
        s.bevestigd.len(),
        s.bijgewerkt.len(),
        s.akkoord.len(),
    );
    let _ = write!(
        out,
        "{} contribution{} missing, {} overdue milestone{}",
        o.ontbrekend,
        if o.ontbrekend == 1 { "" } else { "s" },
        o.verlopen,
        if o.verlopen == 1 { "" } else { "s" }
    );
    if o.toezeggingen_verlopen > 0 {
        let n = o.toezeggingen_verlopen;
        let _ = write!(
            out,
            ", {n} overdue commitment{} or motion{}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" }
        );
    }
    if o.ongewijzigd > 0 {
        let _ = write!(
            out,
            ", {} contribution{} unchanged since last year",
            o.ongewijzigd,
            if o.ongewijzigd == 1 { "" } else { "s" }
        );
    }
    out.push('\n');
    out
}
