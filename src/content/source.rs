//! Reading one file into text. Ministries send files from Word and from
//! Windows: a byte-order mark and CRLF are fine, any other encoding is a
//! clear error naming the file, never mojibake in the report.

use crate::diagnostics::{Diagnostic, Span};
use std::path::{Path, PathBuf};

/// Larger than any real contribution by far, small enough that a stray
/// video or database dump in the content directory cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A text file of the content directory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the content directory, with `/` separators.
    pub rel: PathBuf,
    /// As the user would type it: the content directory joined with `rel`.
    pub display: PathBuf,
    /// UTF-8 without BOM, line ends normalised to `\n`.
    pub text: String,
}

/// Reads and decodes; `display` is used for the diagnostic.
pub fn read_text(abs: &Path, rel: &Path, display: &Path) -> Result<SourceFile, Diagnostic> {
    let err = |msg: String| Diagnostic::error(display, Span::file(), msg);
    let bytes = read_regular(abs, MAX_FILE_BYTES).map_err(err)?;
    let text = decode(&bytes).map_err(err)?;
    Ok(SourceFile { rel: rel.to_path_buf(), display: display.to_path_buf(), text })
}

/// The bytes of a regular file, at most `limit` of them. A FIFO, a device
/// (`/dev/zero`) or a directory is refused before it is opened, and the
/// read stops at the limit even when the file grows meanwhile.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
    if !meta.file_type().is_file() {
        return Err("is not a regular file".into());
    }
    let too_big = |n: u64| format!("file is {} MB, more than the {} MB a content file may be", n >> 20, limit >> 20);
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// UTF-8, with or without BOM; CRLF and lone CR become LF.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("file is UTF-16 encoded; save it as UTF-8 (in Word or Notepad: \"Save as\", encoding UTF-8)".into());
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("file is binary, not text; a content file must be UTF-8 text".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(normalise_newlines(s)),
        Err(e) => {
            let (line, column) = position_of_byte(bytes, e.valid_up_to());
            Err(format!(
                "file is not valid UTF-8 (first bad byte at line {line}, column {column}); \
                 save it as UTF-8 — it is probably Latin-1 or Windows-1252"
            ))
        }
    }
}

fn normalise_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn position_of_byte(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// `content` + `bijdragen/SZW/2.1.A.md` → `content/bijdragen/SZW/2.1.A.md`.
pub fn display_path(content_dir: &Path, rel: &Path) -> PathBuf {
    if content_dir.as_os_str().is_empty() || content_dir == Path::new(".") {
        rel.to_path_buf()
    } else {
        content_dir.join(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\r\n").unwrap(), "a\nb\n");
        assert_eq!(decode(b"a\rb").unwrap(), "a\nb");
    }

    #[test]
    fn other_encodings_are_named() {
        assert!(decode(b"\xFF\xFEa\0").unwrap_err().contains("UTF-16"));
        assert!(decode(b"caf\xE9\n").unwrap_err().contains("line 1, column 4"));
        assert!(decode(b"\x7fELF\0\0").unwrap_err().contains("binary"));
    }
}
