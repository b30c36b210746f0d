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

/// Creates a file to write in pieces, creating its directory.
pub fn create_file(path: &Path) -> Result<std::io::BufWriter<std::fs::File>, RenderError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
    }
    let file = std::fs::File::create(path).map_err(|e| RenderError::io(path, e))?;
    Ok(std::io::BufWriter::with_capacity(1 << 16, file))
}

/// Writes a file, creating its directory.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| RenderError::io(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| RenderError::io(path, e))
}
