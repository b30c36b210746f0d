//! The fixture of the bad news (tests/bad_news.rs, tests/browser.rs): a
//! 2031 edition made with `next-year` from 2030's export, with a moved
//! milestone that is done now, an overdue one that was also reworded, one
//! moved to an earlier date than first promised, one dropped with a reason
//! under `vervallen` and one dropped without.

use super::Case;

/// 2030's report with four more milestones on 2.1.A, built and carried
/// into y2031 by `next-year`, edited as a ministry would, and built.
pub fn editions(formats: &str) -> Case {
    let case = Case::new("valid");
    case.edit(
        "bijdragen/SZW/2.1.A.md",
        "    wat: Behandeling in de Eerste Kamer\n",
        "    wat: Behandeling in de Eerste Kamer\n  - wanneer: 2030-Q4\n    wat: Advies Raad van State\n  - wanneer: 2031-Q1\n    wat: Start certificering\n  - wanneer: 2031-Q1\n    wat: Pilot met tien bureaus\n  - wanneer: 2032-Q4\n    wat: Evaluatie\n",
    );
    case.run(&["build", "content", "--out", "out2030", "--format", "json"]).code(0);
    case.run(&["next-year", "content", "y2031"]).code(0);
    let file = "y2031/bijdragen/SZW/2.1.A.md";
    // Moved, and done now.
    edit(
        &case,
        file,
        "    wanneer: 2030-Q4\n    wat: Advies Raad van State\n",
        "    wanneer: 2031-Q2\n    wat: Advies Raad van State\n    gereed: true\n    toelichting: De Raad van State vroeg meer tijd.\n",
    );
    // Reworded under its sleutel; overdue on the peildatum 2031-12-01.
    edit(&case, file, "wat: Behandeling in de Eerste Kamer", "wat: Behandeling door de Eerste Kamer afgerond");
    // Earlier than first promised: not moved, but the first date differs.
    edit(&case, file, "    wanneer: 2032-Q4\n    wat: Evaluatie\n", "    wanneer: 2032-Q2\n    wat: Evaluatie\n");
    // Two gone; one acknowledged with a reason.
    edit(
        &case,
        file,
        "  - sleutel: start-certificering\n    wanneer: 2031-Q1\n    wat: Start certificering\n  - sleutel: pilot-tien-bureaus\n    wanneer: 2031-Q1\n    wat: Pilot met tien bureaus\n",
        "",
    );
    edit(
        &case,
        file,
        "bronnen:",
        "vervallen:\n  - sleutel: start-certificering\n    toelichting: De certificering start pas met de wet.\nbronnen:",
    );
    // Moved, still to come.
    edit(
        &case,
        "y2031/bijdragen/SZW/4.2.C.md",
        "wanneer: 2031\n",
        "wanneer: 2032\n    toelichting: Eerst de consultatie.\n",
    );
    case.run(&["build", "y2031", "--out", "out2031", "--format", formats]).code(0);
    case
}

pub fn edit(case: &Case, rel: &str, from: &str, to: &str) {
    let path = case.root().join(rel);
    let old = std::fs::read_to_string(&path).unwrap();
    assert!(old.contains(from), "{rel} does not contain {from:?}:\n{old}");
    std::fs::write(&path, old.replacen(from, to, 1)).unwrap();
}
