//! `vorige:` in rapport.yaml: last year's JSON export, read for the statuses
//! it recorded so this year's report can show what changed.

use crate::content::source::decode;
use crate::content::yaml::{Doc, Seg};
use crate::content::{SourceFile, display_path};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::model::{Previous, PreviousStatus, RecId};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Export {
    jaar: Option<i32>,
    #[serde(default)]
    titel: String,
    aanbevelingen: Vec<ExportRec>,
}

#[derive(Deserialize)]
struct ExportRec {
    id: String,
    status: Option<String>,
    status_label: Option<String>,
}

pub fn read(
    content_dir: &Path,
    root: &Path,
    rel: &Path,
    rapport: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<Previous> {
    let doc = Doc::new(&rapport.text, &rapport.display, 1);
    let display = display_path(content_dir, rel);
    let read = crate::content::read_inside(root, rel, crate::content::source::MAX_FILE_BYTES)
        .and_then(|bytes| decode(&bytes))
        .map(|text| SourceFile { rel: rel.to_path_buf(), display: display.clone(), text });
    let file = match read {
        Ok(f) => f,
        Err(reason) => {
            diags.push(
                doc.error(
                    doc.value_span(&[Seg::Key("vorige")]),
                    format!("last year's export `{}`: {reason}", rel.display()),
                )
                .with_help("`vorige` names last year's JSON export, relative to the content directory"),
            );
            return None;
        }
    };
    diags.add_source(&file.display, &file.text);
    let export: Export = match serde_json::from_str(&file.text) {
        Ok(e) => e,
        Err(e) => {
            let mut reason = e.to_string();
            if let Some(at) = reason.find(" at line ") {
                reason.truncate(at);
            }
            diags.push(
                Diagnostic::error(
                    &file.display,
                    Span::new(e.line().max(1), e.column().max(1), 1),
                    format!("last year's export is not a jaarrapport JSON export: {reason}"),
                )
                .with_help("`vorige` must name the .json file a previous `jaarrapport build` wrote"),
            );
            return None;
        }
    };
    let mut statuses = Vec::new();
    for r in export.aanbevelingen {
        let Some(id) = RecId::parse(&r.id) else {
            diags.push(Diagnostic::error(
                &file.display,
                Span::file(),
                format!("last year's export has `{}`, which is not a recommendation identifier", r.id),
            ));
            continue;
        };
        statuses.push((id, PreviousStatus { key: r.status, label: r.status_label }));
    }
    statuses.sort_by(|a, b| a.0.cmp(&b.0));
    Some(Previous { year: export.jaar, title: export.titel, statuses })
}
