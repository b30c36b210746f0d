//! Renderers: each takes the validated `Report` (and nothing else of the
//! content), builds the view it draws, and writes its format into a
//! directory that `output` later moves into place. `format` lists them.

pub mod dcat;
pub mod export;
pub mod format;
pub mod html;
pub mod pdf;
pub mod search;
pub mod status;

use std::path::{Path, PathBuf};

/// A failure of the tool or its surroundings while rendering, as opposed
/// to a problem in the content (those are diagnostics, found before).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("template error: {0}")]
    Template(String),
    #[error("{0}")]
    Typst(String),
    /// An output would be larger than what reads it back can take.
    #[error("{0}")]
    Limit(String),
    /// A template of the content's own failed: a problem of the content,
    /// reported like any other (exit 1), not a failure of the tool.
    #[error("{}", .0.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; "))]
    Content(Vec<crate::diagnostics::Diagnostic>),
}

impl RenderError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        RenderError::Io { path: path.to_path_buf(), source }
    }
}

/// A file written in pieces, as a library writes it (tera's `render_to`,
/// serde_json's `to_writer`). Such a library folds a failure to write
/// into its own error; the first one is kept here, so that a full disk is
/// reported as that, at its path, and not as a template's error.
pub struct OutFile {
    path: PathBuf,
    inner: std::io::BufWriter<std::fs::File>,
    failed: Option<std::io::Error>,
}

impl OutFile {
    /// Creates the file, and its directory.
    pub fn create(path: &Path) -> Result<OutFile, RenderError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
        }
        let file = std::fs::File::create(path).map_err(|e| RenderError::io(path, e))?;
        Ok(OutFile { path: path.to_path_buf(), inner: std::io::BufWriter::with_capacity(1 << 16, file), failed: None })
    }

    /// The failure to write, if writing failed: what to report instead of
    /// the error the writing library made of it.
    pub fn failure(&mut self) -> Option<RenderError> {
        self.failed.take().map(|e| RenderError::io(&self.path, e))
    }

    /// Writes out what is buffered.
    pub fn finish(mut self) -> Result<(), RenderError> {
        use std::io::Write;
        let flushed = self.inner.flush();
        match self.failure() {
            Some(e) => Err(e),
            None => flushed.map_err(|e| RenderError::io(&self.path, e)),
        }
    }

    fn keep<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        result.map_err(|e| {
            let kind = e.kind();
            self.failed.get_or_insert(e);
            std::io::Error::from(kind)
        })
    }
}

impl std::io::Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.keep(result)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.keep(result)
    }
}

/// Writes a file, creating its directory.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| RenderError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full disk while tera writes a page is reported as the disk's
    /// failure at the file's path, not as the template's error; so is one
    /// that shows only when the last of the page is written out.
    #[test]
    fn a_failure_to_write_is_the_disks_not_the_templates() {
        let full = Path::new("/dev/full");
        if !full.exists() {
            panic!("this test needs /dev/full (Linux)");
        }
        let mut tera = tera::Tera::default();
        tera.add_raw_template("big", "{% for i in range(end=20000) %}regel {{ i }}\n{% endfor %}").unwrap();
        let mut out = OutFile::create(full).unwrap();
        let e = tera.render_to("big", &tera::Context::new(), &mut out).unwrap_err();
        assert!(!e.to_string().is_empty());
        let reported = out.failure().expect("the write's own error").to_string();
        assert!(reported.starts_with("/dev/full: No space left on device"), "{reported}");

        let mut out = OutFile::create(full).unwrap();
        std::io::Write::write_all(&mut out, b"klein").unwrap();
        let reported = out.finish().unwrap_err().to_string();
        assert!(reported.starts_with("/dev/full: No space left on device"), "{reported}");
    }
}
