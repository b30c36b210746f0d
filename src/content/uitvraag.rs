//! The request ledger, `uitvraag.yaml` in the content directory: per
//! contribution, the Word form that went out (edition, ministry, id, a hash
//! of the file it was made from, the day) and what came back. `new --docx`
//! and `import` write it; validation reads it (`validate::uitvraag`) and
//! `status` tells from it who still owes what. One set of types both ways,
//! written sorted by ministry and id so that it diffs well.

use crate::model::RecId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Its name in the content directory.
pub const FILE: &str = "uitvraag.yaml";

/// The version of the file's layout; a later layout reads this one.
pub const VERSION: u32 = 1;

/// `terug:` for a form returned with changes (or a Markdown file edited).
pub const UPDATED: &str = "bijgewerkt";
/// `terug:` for a form returned exactly as it went out.
pub const CONFIRMED: &str = "bevestigd ongewijzigd";

const HEADER: &str = "# Uitvraag van de bijdragen: welk formulier ging wanneer uit en wat kwam terug.\n\
# Bijgehouden door `jaarrapport new --docx` en `jaarrapport import`; niet met de hand bewerken.\n";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFile {
    pub versie: u32,
    #[serde(default)]
    pub uitvraag: Vec<RequestEntry>,
}

/// One contribution asked for: the last form that went out and its return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEntry {
    pub ministerie: String,
    pub id: String,
    /// The report's `jaar` the form was made for.
    pub editie: i32,
    /// `xxh3:<hex>` of the contribution file the form was filled from;
    /// absent when there was none (an empty form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bron: Option<String>,
    /// The day the form was made (YYYY-MM-DD); absent for a return that
    /// was never recorded as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verzonden: Option<String>,
    /// `bijgewerkt` or `bevestigd ongewijzigd`; absent while it is out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terug_op: Option<String>,
}

/// The hash the ledger keeps of a contribution file, over its text as the
/// content layer decodes it (so a BOM or CRLF added by an editor is no edit).
pub fn hash(text: &str) -> String {
    format!("xxh3:{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// The day to record: SOURCE_DATE_EPOCH when set (tests, reproducible
/// runs), else today. The ledger is the editors' log of real events; the
/// report itself never reads this date.
pub fn today() -> NaiveDate {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let clock = || {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        i64::try_from(since.as_secs()).unwrap_or(0)
    };
    let secs = epoch.unwrap_or_else(clock);
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive()).unwrap_or_default()
}

impl LedgerFile {
    /// The text as written: header, then entries by ministry and id.
    pub fn to_text(&self) -> Result<String, String> {
        let mut sorted = self.clone();
        sorted.versie = VERSION;
        sorted.uitvraag.sort_by(|a, b| (&a.ministerie, sort_id(&a.id)).cmp(&(&b.ministerie, sort_id(&b.id))));
        super::yaml::emit::document(HEADER, &sorted)
    }

    fn entry(&mut self, ministry: &str, id: &RecId, edition: i32) -> &mut RequestEntry {
        let id = id.to_string();
        let at = self.uitvraag.iter().position(|e| e.ministerie == ministry && sort_id(&e.id) == sort_id(&id));
        let i = at.unwrap_or_else(|| {
            self.uitvraag.push(RequestEntry {
                ministerie: ministry.to_string(),
                id: id.clone(),
                editie: edition,
                bron: None,
                verzonden: None,
                terug: None,
                terug_op: None,
            });
            self.uitvraag.len() - 1
        });
        &mut self.uitvraag[i]
    }

    /// A form went out: its entry starts afresh (a new form replaces the
    /// last one, and its return is still to come).
    pub fn sent(&mut self, ministry: &str, id: &RecId, edition: i32, source: Option<&str>, day: NaiveDate) {
        let e = self.entry(ministry, id, edition);
        *e = RequestEntry {
            ministerie: ministry.to_string(),
            id: id.to_string(),
            editie: edition,
            bron: source.map(hash),
            verzonden: Some(day.format("%Y-%m-%d").to_string()),
            terug: None,
            terug_op: None,
        };
    }

    /// A form came back, changed or not.
    pub fn returned(&mut self, ministry: &str, id: &RecId, edition: i32, changed: bool, day: NaiveDate) {
        let e = self.entry(ministry, id, edition);
        e.editie = edition;
        e.terug = Some(if changed { UPDATED } else { CONFIRMED }.to_string());
        e.terug_op = Some(day.format("%Y-%m-%d").to_string());
    }
}

/// Identifiers sort as identifiers (2.10.A after 2.9.A) when they read as one.
fn sort_id(id: &str) -> (Option<RecId>, &str) {
    (RecId::parse(id), id)
}

/// Reads the ledger for an update: none yet is an empty one; one that
/// cannot be read is an error, so a record is never silently lost.
pub fn read(content_dir: &Path) -> Result<LedgerFile, String> {
    let path = content_dir.join(FILE);
    if !path.exists() {
        return Ok(LedgerFile { versie: VERSION, uitvraag: Vec::new() });
    }
    let root = content_dir.canonicalize().map_err(|e| format!("cannot open {}: {e}", content_dir.display()))?;
    let bytes = super::read_inside(&root, Path::new(FILE), super::source::MAX_FILE_BYTES)
        .map_err(|why| format!("{}: {why}", path.display()))?;
    let text = super::source::decode(&bytes).map_err(|why| format!("{}: {why}", path.display()))?;
    let doc = super::yaml::Doc::parse(&text, &path, 1).map_err(|d| format!("{}: {}", path.display(), d.message))?;
    let (ledger, unknown) = doc.read::<LedgerFile>();
    let ledger = ledger.map_err(|d| format!("{}: {}", path.display(), d.message))?;
    if let Some(u) = unknown.first() {
        return Err(format!("{}: unknown field `{}`; run `jaarrapport check` for details", path.display(), u.name));
    }
    Ok(ledger)
}

/// Writes the ledger beside itself and moves it into place, so a failed
/// write never leaves half a ledger.
pub fn write(content_dir: &Path, ledger: &LedgerFile) -> Result<PathBuf, String> {
    let path = content_dir.join(FILE);
    let text = ledger.to_text()?;
    let tmp = content_dir.join(format!(".{FILE}.{}", std::process::id()));
    // `create_new`: a file (or link) already of that name is never ours to overwrite.
    let created = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp);
    let mut file = created.map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    let written = std::io::Write::write_all(&mut file, text.as_bytes()).and_then(|_| std::fs::rename(&tmp, &path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })?;
    Ok(path)
}

/// Records forms that went out today, each with the hash of the file it
/// was made from; returns the ledger's path.
pub fn record_sent(content_dir: &Path, edition: i32, forms: &[(String, RecId)]) -> Result<PathBuf, String> {
    let mut ledger = read(content_dir)?;
    let day = today();
    for (ministry, id) in forms {
        let text = contribution_text(content_dir, ministry, id);
        ledger.sent(ministry, id, edition, text.as_deref(), day);
    }
    write(content_dir, &ledger)
}

/// Records forms that came back today: `changed` when the Markdown they
/// made differs from the file.
pub fn record_returns(content_dir: &Path, edition: i32, forms: &[(String, RecId, bool)]) -> Result<PathBuf, String> {
    let mut ledger = read(content_dir)?;
    let day = today();
    for (ministry, id, changed) in forms {
        ledger.returned(ministry, id, edition, *changed, day);
    }
    write(content_dir, &ledger)
}

/// The contribution file of `ministry` on `id` as the content layer reads
/// it (`2.1a.md` is 2.1.A too), or `None` when there is none.
pub fn contribution_text(content_dir: &Path, ministry: &str, id: &RecId) -> Option<String> {
    let root = content_dir.canonicalize().ok()?;
    let dir = PathBuf::from("bijdragen").join(ministry);
    let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(&dir)).ok()?.flatten().map(|e| e.path()).collect();
    names.sort();
    let name = names.into_iter().find(|p| {
        p.extension().is_some_and(|e| e == "md")
            && p.file_stem().and_then(|s| s.to_str()).and_then(RecId::parse).as_ref() == Some(id)
    })?;
    let rel = dir.join(name.file_name()?);
    let bytes = super::read_inside(&root, &rel, super::source::MAX_FILE_BYTES).ok()?;
    super::source::decode(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> RecId {
        RecId::parse(s).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn written_sorted_and_read_back_the_same() {
        let mut l = LedgerFile::default();
        l.sent("SZW", &id("2.10.A"), 2023, Some("tekst"), day("2023-10-02"));
        l.sent("SZW", &id("2.9.A"), 2023, None, day("2023-10-02"));
        l.sent("BZK", &id("4.1.A"), 2023, Some("x"), day("2023-10-01"));
        l.returned("BZK", &id("4.1.A"), 2023, false, day("2023-11-01"));
        let text = l.to_text().unwrap();
        let order: Vec<&str> = text.lines().filter(|l| l.contains("id: ")).collect();
        assert_eq!(order, ["  id: 4.1.A", "  id: 2.9.A", "  id: 2.10.A"]);
        assert!(text.contains("terug: bevestigd ongewijzigd\n"), "{text}");
        let doc = crate::content::yaml::Doc::parse(&text, Path::new(FILE), 1).unwrap();
        let (back, unknown) = doc.read::<LedgerFile>();
        assert!(unknown.is_empty());
        let mut back = back.unwrap();
        assert_eq!(back.to_text().unwrap(), text);
        // Sending again starts the entry afresh.
        back.sent("BZK", &id("4.1.A"), 2023, Some("y"), day("2023-12-01"));
        let e = back.uitvraag.iter().find(|e| e.ministerie == "BZK").unwrap();
        assert_eq!((e.terug.as_deref(), e.verzonden.as_deref()), (None, Some("2023-12-01")));
        assert_eq!(back.uitvraag.len(), 3);
    }

    #[test]
    fn a_hash_is_of_the_decoded_text() {
        assert_eq!(hash("a\n"), hash(&crate::content::source::decode(b"\xEF\xBB\xBFa\r\n").unwrap()));
        assert_ne!(hash("a\n"), hash("b\n"));
    }
}
