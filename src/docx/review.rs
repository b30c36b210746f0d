//! What an import would change, for the editor who reviews a dry run: a
//! one-line summary per form (status, milestones moved, added, done,
//! dropped and deleted, blocks of text changed) and a line diff of the Markdown.

use super::doc::{Block, Doc};
use super::form::{DROPPED, Filled, Form, MilestoneRow, YES};
use std::collections::HashMap;

/// `status In uitvoering → Afgerond; milestones: 1 moved, …; text: …`.
pub fn summary(before: &Form, filled: &Filled, doc: &Doc) -> String {
    let mut parts = Vec::new();
    let old_status = before.status.as_deref().unwrap_or("").trim();
    let new_status = filled.status.as_ref().map(|(s, _)| s.trim()).unwrap_or("");
    if old_status != new_status {
        parts.push(format!("status {} → {}", or_none(old_status), or_none(new_status)));
    } else {
        parts.push("status unchanged".to_string());
    }
    let rows: Vec<&MilestoneRow> = filled.milestones.iter().map(|(m, _)| m).collect();
    let same = |a: &MilestoneRow, b: &MilestoneRow| {
        if !a.key.is_empty() || !b.key.is_empty() { a.key == b.key } else { a.what.trim() == b.what.trim() }
    };
    let (mut moved, mut added, mut done, mut dropped, mut reasons) = (0, 0, 0, 0, 0);
    let mut matched = vec![false; before.milestones.len()];
    for new in &rows {
        match before.milestones.iter().enumerate().find(|(i, old)| !matched[*i] && same(old, new)) {
            Some((i, old)) => {
                matched[i] = true;
                if old.when.trim() != new.when.trim() {
                    moved += 1;
                }
                if old.done != YES && new.done == YES {
                    done += 1;
                }
                if old.done != DROPPED && new.done == DROPPED {
                    dropped += 1;
                } else if old.note.trim() != new.note.trim() {
                    reasons += 1;
                }
            }
            None => added += 1,
        }
    }
    // Given up with *Gereed* on vervallen (shown with its reason), or the
    // row deleted (shown as dropped without one, and warned about).
    let removed = matched.iter().filter(|m| !**m).count();
    let mut milestones = format!("milestones: {moved} moved, {added} added, {done} done, {dropped} dropped");
    if reasons > 0 {
        milestones.push_str(&format!(", {reasons} reason(s) (Toelichting) changed"));
    }
    if removed > 0 {
        milestones.push_str(&format!(", {removed} row(s) deleted"));
    }
    parts.push(milestones);
    let (changed, added, removed) = block_changes(&before.body, doc);
    parts.push(format!("text: {changed} block(s) changed, {added} added, {removed} removed"));
    if before.summary.trim() != filled.summary.as_ref().map(|(s, _)| s.trim()).unwrap_or("") {
        parts.push("summary changed".into());
    }
    if before.sources != filled.sources {
        parts.push("sources changed".into());
    }
    parts.join("; ")
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "(none)" } else { s }
}

/// Blocks changed, added and removed from `old` to `new`. Blocks of `new`
/// not in `old` and of `old` not in `new` are counted as multisets; a block
/// edited in place is one of each, and pairs of them count as changed, not
/// as text removed (which would alarm the editor who reads the summary).
fn block_changes(old: &Doc, new: &Doc) -> (usize, usize, usize) {
    let key = |b: &Block| xxhash_rust::xxh3::xxh3_64(format!("{b:?}").as_bytes());
    let mut count: HashMap<u64, isize> = HashMap::new();
    for b in &old.blocks {
        *count.entry(key(b)).or_default() += 1;
    }
    let mut fresh = 0;
    for b in &new.blocks {
        let c = count.entry(key(b)).or_default();
        if *c > 0 {
            *c -= 1;
        } else {
            fresh += 1;
        }
    }
    let gone: usize = count.values().filter(|c| **c > 0).map(|c| *c as usize).sum();
    let changed = fresh.min(gone);
    (changed, fresh - changed, gone - changed)
}

/// Above this many differing lines the middle of a diff is shown as
/// removed and added whole: the line matching is quadratic.
const MAX_MATCHED: usize = 2000;

/// A unified-style line diff (`-` old, `+` new, two lines of context).
pub fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    // The middle, as (mark, line).
    let mut ops: Vec<(char, &str)> = Vec::new();
    if am.len() <= MAX_MATCHED && bm.len() <= MAX_MATCHED {
        // Longest common subsequence, from the end.
        let (n, m) = (am.len(), bm.len());
        let mut lcs = vec![vec![0u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i][j] = if am[i] == bm[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push((' ', am[i]));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.push(('-', am[i]));
                i += 1;
            } else {
                ops.push(('+', bm[j]));
                j += 1;
            }
        }
    } else {
        ops.extend(am.iter().map(|l| ('-', *l)));
        ops.extend(bm.iter().map(|l| ('+', *l)));
    }
    if ops.iter().all(|(m, _)| *m == ' ') {
        return String::new();
    }
    let mut out = String::new();
    let context = 2;
    let before = &a[prefix.saturating_sub(context)..prefix];
    let after = &a[a.len() - suffix..(a.len() - suffix + context.min(suffix))];
    out.push_str(&format!("@@ line {} @@\n", prefix.saturating_sub(context) + 1));
    for l in before {
        out.push_str(&format!(" {l}\n"));
    }
    for (m, l) in ops {
        out.push_str(&format!("{m}{l}\n"));
    }
    for l in after {
        out.push_str(&format!(" {l}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{block_changes, diff};

    #[test]
    fn an_edited_block_counts_as_changed_not_removed() {
        let doc = |md: &str| super::super::from_markdown::parse(md);
        let old = doc("Een.\n\nTwee.\n\nDrie.\n");
        assert_eq!(block_changes(&old, &doc("Een.\n\nTwee, anders.\n\nDrie.\n")), (1, 0, 0));
        assert_eq!(block_changes(&old, &doc("Een.\n\nTwee.\n\nDrie.\n\nVier.\n")), (0, 1, 0));
        assert_eq!(block_changes(&old, &doc("Een.\n\nDrie.\n")), (0, 0, 1));
        assert_eq!(block_changes(&old, &doc("Nieuw.\n")), (1, 0, 2));
    }

    #[test]
    fn a_diff_shows_what_changed_with_context() {
        let old = "a\nb\nc\nd\ne\nf\n";
        let new = "a\nb\nc\nD\ne\nf\ng\n";
        assert_eq!(diff(old, new), "@@ line 2 @@\n b\n c\n-d\n+D\n e\n f\n+g\n");
        assert_eq!(diff(old, old), "");
    }
}
