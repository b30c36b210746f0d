//! The pipeline's shape, read from the source: arrows run one way and a
//! renderer draws the view, never the model. Parsed with `syn`, so a
//! comment or a string that names a type does not count, and a signature
//! that takes the model does, however it is spelt.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// What the content says that only the view may read: the model's types
/// other than those a renderer draws with besides the view (its images,
/// its own templates) and the identifier a link is looked up by.
const MODEL: &[&str] = &[
    "Report",
    "Settings",
    "Previous",
    "PreviousStatus",
    "Chapter",
    "Recommendation",
    "Contribution",
    "Milestone",
    "DroppedMilestone",
    "Page",
    "Status",
    "Ministry",
    "Commitment",
    "Figure",
    "Request",
    "Return",
    "Agreement",
    "CarriedOver",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test"))
    })
}

/// Every type named in a function's signature, and every `use` path and
/// path written from `crate::`, outside `#[cfg(test)]` code.
#[derive(Default)]
struct Names {
    /// (function, type name) for each model type a signature names.
    in_signatures: Vec<(String, String)>,
    /// Each `use`, and each path from `crate::` in code, as written:
    /// `crate::render::html`.
    uses: Vec<String>,
}

impl<'a> Visit<'a> for Names {
    fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
        if !is_test(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
        if !is_test(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }
    fn visit_signature(&mut self, sig: &'a syn::Signature) {
        let mut types = TypeNames::default();
        types.visit_signature(sig);
        for name in types.0 {
            if MODEL.contains(&name.as_str()) {
                self.in_signatures.push((sig.ident.to_string(), name));
            }
        }
        syn::visit::visit_signature(self, sig);
    }
    fn visit_path(&mut self, p: &'a syn::Path) {
        // A path written in full in code, `crate::render::html::Site`.
        if p.segments.first().is_some_and(|s| s.ident == "crate") {
            let names: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            self.uses.push(names.join("::"));
        }
        syn::visit::visit_path(self, p);
    }
    fn visit_item_use(&mut self, u: &'a syn::ItemUse) {
        if !is_test(&u.attrs) {
            let mut paths = Vec::new();
            flatten(&u.tree, String::new(), &mut paths);
            self.uses.extend(paths);
        }
    }
}

/// The last segment of every type path in what it visits.
#[derive(Default)]
struct TypeNames(BTreeSet<String>);

impl<'a> Visit<'a> for TypeNames {
    fn visit_type_path(&mut self, t: &'a syn::TypePath) {
        if let Some(last) = t.path.segments.last() {
            self.0.insert(last.ident.to_string());
        }
        syn::visit::visit_type_path(self, t);
    }
}

fn flatten(tree: &syn::UseTree, prefix: String, out: &mut Vec<String>) {
    let join = |name: &str| if prefix.is_empty() { name.to_string() } else { format!("{prefix}::{name}") };
    match tree {
        syn::UseTree::Path(p) => flatten(&p.tree, join(&p.ident.to_string()), out),
        syn::UseTree::Name(n) => out.push(join(&n.ident.to_string())),
        syn::UseTree::Rename(r) => out.push(join(&r.ident.to_string())),
        syn::UseTree::Glob(_) => out.push(join("*")),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| flatten(t, prefix.clone(), out)),
    }
}

fn names(text: &str) -> Names {
    let file = syn::parse_file(text).expect("the source parses");
    let mut names = Names::default();
    names.visit_file(&file);
    names
}

fn read(dir: &str) -> Vec<(PathBuf, Names)> {
    rust_files(Path::new(dir)).into_iter().map(|p| (p.clone(), names(&std::fs::read_to_string(&p).unwrap()))).collect()
}

/// Renderers draw the view: no function under `src/render` takes or
/// returns a type of the model, and none imports the model's types.
#[test]
fn no_renderer_takes_the_model() {
    let mut found = Vec::new();
    for (file, n) in read("src/render") {
        for (function, ty) in &n.in_signatures {
            found.push(format!("{}: fn {function} names {ty}", file.display()));
        }
        for u in &n.uses {
            let last = u.rsplit("::").next().unwrap_or("");
            if u.starts_with("crate::model") && (MODEL.contains(&last) || last == "*") {
                found.push(format!("{}: use {u}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "renderers must draw the view, not the model:\n{}", found.join("\n"));
}

/// The check above finds a renderer that takes the model, however the
/// type is written.
#[test]
fn the_check_finds_a_signature_that_takes_the_model() {
    let n = names(
        "use crate::model::{Report, Theme};\n\
         pub fn render(report: &crate::model::Report) {}\n\
         impl X { fn draw(&self, r: Option<&Recommendation>) -> Vec<Status> { todo!() } }\n\
         #[cfg(test)] mod tests { fn helper(r: &Report) {} }",
    );
    let found: Vec<String> = n.in_signatures.iter().map(|(f, t)| format!("{f}:{t}")).collect();
    assert_eq!(found, ["render:Report", "draw:Recommendation", "draw:Status"]);
    assert!(n.uses.contains(&"crate::model::Report".to_string()));
}

/// Arrows run one way: content → validate → model → view → render →
/// output. No earlier stage imports a later one.
#[test]
fn the_stages_import_only_earlier_ones() {
    let later = |stage: &str| -> &[&str] {
        match stage {
            "content" | "model" | "markdown" => &["validate", "view", "render", "output", "cli", "serve", "docx"],
            "validate" => &["view", "render", "output", "cli", "serve"],
            "view" => &["render", "output", "cli", "serve", "docx"],
            "render" => &["output", "cli", "serve"],
            _ => &[],
        }
    };
    let mut found = Vec::new();
    for stage in ["content", "model", "markdown", "validate", "view", "render"] {
        for (file, n) in read(&format!("src/{stage}")) {
            for u in &n.uses {
                let module = u.strip_prefix("crate::").and_then(|r| r.split("::").next()).unwrap_or("");
                if later(stage).contains(&module) {
                    found.push(format!("{}: use {u}", file.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "a stage imports a later one:\n{}", found.join("\n"));
}
