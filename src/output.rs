//! The output directory `OUT`: jaarrapport replaces there only what it
//! wrote itself, and a failed or killed build leaves the previous output as
//! it was.
//!
//! - `OUT/.jaarrapport-output` marks a directory as jaarrapport's. It is the
//!   manifest of every file and directory the tool made there (path, format,
//!   size, hash). A directory that is not empty and has no marker is refused.
//! - A build is staged in a directory inside OUT with a random name, which
//!   is recorded in the manifest before it is made: only what is recorded is
//!   ever removed. Staging inside OUT keeps it on OUT's file system, so
//!   every move into place is a rename.
//! - A file already in OUT is replaced (or removed) only when the manifest
//!   lists it and its bytes are still the ones the tool wrote; anything else
//!   at a path the build needs is refused before anything moves. Existing
//!   directories are kept as they are (owner, permissions, the user's files
//!   in them); a replaced file keeps its permissions.
//! - Nothing is followed or crossed: every path below OUT is resolved
//!   component by component from OUT's directory handle (`at`), so a
//!   symbolic link or a mount anywhere on a path, not only at its end,
//!   stops the operation; a link, a FIFO, a device or a directory on
//!   another file system at a path the build needs is refused, and no file
//!   but the tool's own regular files is ever opened. The manifest is
//!   trusted only as far as what it names is really there: a path in it is
//!   acted on only when every directory on the way is a real one in OUT.
//! - The moves are recorded in the manifest before they are made; a build
//!   that fails while moving undoes them, and one killed while moving is
//!   undone by the next build before it starts.
//! - A lock file inside OUT (opened without following links) keeps two
//!   builds into the same OUT apart.

mod at;

use at::{Meta, Root};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The marker and manifest of an output directory.
pub const MARKER: &str = ".jaarrapport-output";
/// Held while a build writes into OUT.
pub const LOCK: &str = ".jaarrapport-lock";
/// Staging directories start with this, followed by random characters.
pub const STAGE_PREFIX: &str = ".jaarrapport-stage-";
const SCHEMA: &str = "jaarrapport-output/1";
const ABOUT: &str = "Made by jaarrapport: the files it wrote in this directory. \
                     A build replaces or removes only these, and only while their bytes are unchanged.";
/// A manifest larger than this is not one of ours.
const MAX_MANIFEST: u64 = 256 << 20;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// OUT, or something at a path the build needs, is not the tool's to
    /// replace. Nothing was changed.
    #[error("{0}")]
    Refused(String),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// Relative to OUT, `/`-separated, plain names only.
    path: String,
    /// The output format that wrote it (`html`, `pdf`, ...).
    format: String,
    #[serde(flatten)]
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Kind {
    Dir,
    File { size: u64, xxh3: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    schema: String,
    about: String,
    entries: Vec<Entry>,
    /// A build that has not finished: its staging directory and the moves
    /// it has begun. Always `null` in a finished output.
    pending: Option<Pending>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    stage: String,
    moves: Vec<Move>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
enum Move {
    Mkdir { path: String },
    Add { path: String, size: u64, xxh3: String },
    Replace { path: String },
    Remove { path: String },
}

impl Manifest {
    fn new() -> Manifest {
        Manifest { schema: SCHEMA.into(), about: ABOUT.into(), entries: Vec::new(), pending: None }
    }

    /// Every path in it is plain and relative: a damaged or edited
    /// manifest can never make the tool touch anything outside OUT.
    fn is_sound(&self) -> bool {
        let plain = |p: &str| {
            !p.is_empty() && Path::new(p).components().all(|c| matches!(c, Component::Normal(_))) && !p.contains('\\')
        };
        self.schema == SCHEMA
            && self.entries.iter().all(|e| plain(&e.path))
            && self.pending.as_ref().is_none_or(|p| {
                p.stage.starts_with(STAGE_PREFIX)
                    && plain(&p.stage)
                    && !p.stage.contains('/')
                    && p.moves.iter().all(|m| plain(m.path()))
            })
    }
}

impl Move {
    fn path(&self) -> &str {
        match self {
            Move::Mkdir { path } | Move::Add { path, .. } | Move::Replace { path } | Move::Remove { path } => path,
        }
    }
}

/// A build in progress into one OUT. Dropped without `commit`, it removes
/// its staging directory and leaves OUT as it was.
pub struct Staging {
    /// OUT as the user named it, for messages.
    shown: PathBuf,
    /// OUT, opened once; nothing below it is followed.
    root: Root,
    /// The staging directory's name in OUT.
    stage: String,
    manifest: Manifest,
    /// Top-level names in the staging directory and the format of each.
    parts: BTreeMap<String, String>,
    finished: bool,
    _lock: File,
}

impl Staging {
    /// Takes OUT for a build: creates it when it does not exist, refuses a
    /// directory that is neither empty nor jaarrapport's, takes the lock
    /// (waiting for another build to finish), undoes a build that was
    /// killed halfway and makes an empty staging directory.
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        let shown = out.to_path_buf();
        let abs = std::path::absolute(out).map_err(io_at(out))?;
        match fs::metadata(&abs) {
            Ok(m) if !m.is_dir() => {
                return Err(OutputError::Refused(format!("{} exists and is not a directory", shown.display())));
            }
            Ok(_) => {}
            Err(_) => fs::create_dir_all(&abs).map_err(io_at(out))?,
        }
        // OUT itself may be a link the user named; below it nothing is followed.
        let real = fs::canonicalize(&abs).map_err(io_at(&shown))?;
        let root = Root::open(&real).map_err(io_at(&shown))?;
        // Before the lock, so that a refused directory gets no lock file;
        // another build's files may appear meanwhile (it may be marking OUT).
        if read_manifest(&root, &shown)?.is_none() {
            ensure_empty(&root, &shown, true)?;
        }
        let (lock, created_lock) = open_lock(&root, &shown)?;
        lock.lock().map_err(io_at(&real.join(LOCK)))?;
        // Another build may have marked OUT while this one waited.
        let mut manifest = match read_manifest(&root, &shown)? {
            Some(m) => m,
            None => {
                if let Err(e) = ensure_empty(&root, &shown, false) {
                    drop(lock);
                    if created_lock {
                        let _ = root.remove_file(LOCK);
                    }
                    return Err(e);
                }
                let m = Manifest::new();
                write_manifest(&root, &m)?;
                m
            }
        };
        if manifest.pending.is_some() {
            undo_pending(&root, &mut manifest);
            write_manifest(&root, &manifest)?;
        }
        // The name is recorded before the directory is made, so a killed
        // build's staging directory is known to be ours.
        let mut stage = String::new();
        let made = tempfile::Builder::new()
            .prefix(STAGE_PREFIX)
            .rand_bytes(10)
            .make_in(&real, |path| {
                let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                manifest.pending = Some(Pending { stage: name.clone(), moves: Vec::new() });
                write_manifest(&root, &manifest).map_err(io::Error::other)?;
                root.mkdir(&name)?;
                stage = name;
                Ok(())
            })
            .map_err(io_at(&real))?;
        let _ = made.into_temp_path().keep();
        for sub in ["new", "old"] {
            root.mkdir(&format!("{stage}/{sub}")).map_err(io_at(&real.join(&stage)))?;
        }
        Ok(Staging { shown, root, stage, manifest, parts: BTreeMap::new(), finished: false, _lock: lock })
    }

    /// Where the build writes its outputs: they land in OUT under the same names.
    pub fn dir(&self) -> PathBuf {
        self.root.path().join(&self.stage).join("new")
    }

    /// Says which format wrote `names` (files or directories directly in
    /// the staging directory); only what is claimed is moved into place.
    pub fn claim(&mut self, format: &str, names: &[String]) {
        for name in names {
            self.parts.insert(name.clone(), format.to_string());
        }
    }

    /// Moves the staged build into place. What the previous output held of
    /// formats not built this time (a PDF when only HTML was asked for) is
    /// kept; what a built format no longer writes is removed.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let staged = self.staged()?;
        let built: BTreeSet<&String> = self.parts.values().collect();
        let old: BTreeMap<String, Entry> = self.manifest.entries.iter().map(|e| (e.path.clone(), e.clone())).collect();

        let mut moves = Vec::new();
        let mut refused = Vec::new();
        // Whether each file in OUT is still as the tool wrote it costs a
        // read and a hash, so those are found for all files at once.
        let found: Vec<_> = staged
            .par_iter()
            .map(|entry| {
                let meta = self.root.stat(&entry.path);
                let ours = meta.as_ref().ok().map(|meta| self.ours(&entry.path, meta, old.get(&entry.path)));
                (meta, ours)
            })
            .collect();
        for (entry, (meta, ours)) in staged.iter().zip(found) {
            let meta = match meta {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    moves.push(match &entry.kind {
                        Kind::Dir => Move::Mkdir { path: entry.path.clone() },
                        Kind::File { size, xxh3 } => {
                            Move::Add { path: entry.path.clone(), size: *size, xxh3: xxh3.clone() }
                        }
                    });
                    continue;
                }
                // A link or a mount on the way to it: refused, with every other refusal.
                Err(e) if at::is_refusal(&e) => {
                    refused.push(format!("{}: {e}", self.show(&entry.path)));
                    continue;
                }
                other => other.map_err(io_at(&self.root.path().join(&entry.path)))?,
            };
            match ours.unwrap_or(Ok(())) {
                Err(why) => refused.push(why),
                Ok(()) if entry.kind == Kind::Dir => {
                    if !meta.is_dir() {
                        refused.push(format!(
                            "{} is a file; jaarrapport now writes a directory there",
                            self.show(&entry.path)
                        ));
                    }
                }
                Ok(()) if meta.is_dir() => refused
                    .push(format!("{} is a directory; jaarrapport now writes a file there", self.show(&entry.path))),
                Ok(()) => moves.push(Move::Replace { path: entry.path.clone() }),
            }
        }
        if !refused.is_empty() {
            return Err(OutputError::Refused(format!(
                "{}\njaarrapport replaces only what it wrote itself: move these away or remove them, then build again",
                refused.join("\n")
            )));
        }
        // What built formats wrote before and no longer write.
        let staged_paths: BTreeSet<&str> = staged.iter().map(|e| e.path.as_str()).collect();
        let mut stale_dirs = Vec::new();
        for e in old.values().filter(|e| built.contains(&e.format) && !staged_paths.contains(e.path.as_str())) {
            // A path through a link or a mount fails to resolve: left alone.
            match (&e.kind, self.root.stat(&e.path)) {
                (_, Err(_)) => {}
                (Kind::Dir, Ok(meta)) => {
                    if self.ours(&e.path, &meta, Some(e)).is_ok() {
                        stale_dirs.push(e.clone());
                    }
                }
                // Changed since the tool wrote it: the user's now; left alone and forgotten.
                (Kind::File { .. }, Ok(meta)) => {
                    if self.ours(&e.path, &meta, Some(e)).is_ok() {
                        moves.push(Move::Remove { path: e.path.clone() });
                    }
                }
            }
        }
        // Parents before children, files before removals.
        moves.sort_by_key(|m| match m {
            Move::Mkdir { .. } => 0,
            Move::Add { .. } | Move::Replace { .. } => 1,
            Move::Remove { .. } => 2,
        });

        self.manifest.pending = Some(Pending { stage: self.stage.clone(), moves: moves.clone() });
        write_manifest(&self.root, &self.manifest)?;
        let fault = fault_after();
        for (done, m) in moves.iter().enumerate() {
            if fault == Some(done) {
                // For the tests: a build killed while moving its files.
                std::process::abort();
            }
            if let Err(e) = apply(&self.root, &self.stage, m) {
                let mut partial = self.manifest.clone();
                if let Some(p) = partial.pending.as_mut() {
                    p.moves.truncate(done + 1);
                }
                undo_pending(&self.root, &mut partial);
                self.manifest = partial;
                return Err(e);
            }
        }

        let mut entries: Vec<Entry> = old.values().filter(|e| !built.contains(&e.format)).cloned().collect();
        entries.extend(staged.iter().cloned());
        entries.extend(stale_dirs.iter().cloned());
        let done = Manifest { entries: sorted(entries), pending: None, ..self.manifest.clone() };
        if let Err(e) = write_manifest(&self.root, &done) {
            // The new manifest cannot be written (a full disk): back to the old output.
            undo_pending(&self.root, &mut self.manifest);
            return Err(e);
        }
        self.manifest = done;
        self.finished = true;
        let _ = self.root.remove_tree(&self.stage);

        // A stale directory goes when it is empty; the user's files keep it.
        if !stale_dirs.is_empty() {
            stale_dirs.sort_by(|a, b| b.path.cmp(&a.path));
            let gone: BTreeSet<String> =
                stale_dirs.iter().filter(|d| self.root.remove_dir(&d.path).is_ok()).map(|d| d.path.clone()).collect();
            self.manifest.entries.retain(|e| !gone.contains(&e.path));
            write_manifest(&self.root, &self.manifest)?;
        }
        Ok(())
    }

    fn show(&self, rel: &str) -> String {
        self.shown.join(rel).display().to_string()
    }

    /// Whether the thing at `dst` is what the manifest says the tool wrote;
    /// else why not, for the message.
    fn ours(&self, rel: &str, meta: &Meta, entry: Option<&Entry>) -> Result<(), String> {
        let shown = self.show(rel);
        if meta.is_symlink() {
            return Err(format!("{shown} is a symbolic link, which jaarrapport did not make"));
        }
        if !meta.is_dir() && !meta.is_file() {
            return Err(format!(
                "{shown} is not a regular file (a FIFO, socket or device), which jaarrapport did not make"
            ));
        }
        if meta.dev() != self.root.dev() {
            return Err(format!(
                "{shown} is on another file system (a mount); jaarrapport does not write across mounts"
            ));
        }
        let Some(entry) = entry else {
            return Err(format!("{shown} was not written by jaarrapport"));
        };
        match &entry.kind {
            Kind::Dir if meta.is_dir() => Ok(()),
            Kind::File { size, xxh3 } if meta.is_file() => {
                if meta.len() == *size && hash_file(&self.root, rel).ok().as_deref() == Some(xxh3.as_str()) {
                    Ok(())
                } else {
                    Err(format!("{shown} was changed after jaarrapport wrote it"))
                }
            }
            _ => Err(format!("{shown} was replaced after jaarrapport wrote it")),
        }
    }

    /// Everything in the staging directory, parents before children.
    fn staged(&self) -> Result<Vec<Entry>, OutputError> {
        let root = format!("{}/new", self.stage);
        let mut entries = Vec::new();
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            let mut names = self.root.list(&dir).map_err(io_at(&self.root.path().join(&dir)))?;
            names.sort_by(|a, b| a.0.cmp(&b.0));
            for (name, kind) in names {
                let full = format!("{dir}/{name}");
                let path = full[root.len() + 1..].to_string();
                let top = path.split('/').next().unwrap_or_default();
                let Some(format) = self.parts.get(top) else {
                    return Err(OutputError::Refused(format!("{path} was staged without a format")));
                };
                let kind = match kind {
                    rustix::fs::FileType::Directory => {
                        dirs.push(full);
                        Kind::Dir
                    }
                    rustix::fs::FileType::RegularFile => {
                        let size = self.root.stat(&full).map_err(io_at(&self.root.path().join(&full)))?.len();
                        files.push((entries.len(), full));
                        Kind::File { size, xxh3: String::new() }
                    }
                    _ => return Err(OutputError::Refused(format!("{path} in the staging directory is not a file"))),
                };
                entries.push(Entry { path, format: format.clone(), kind });
            }
        }
        // The files are hashed in parallel: a large site is tens of MB.
        // Collected in walk order first, so the error reported is the
        // first in the walk, whichever thread met it first.
        let hashed: Vec<Result<(usize, String), OutputError>> = files
            .into_par_iter()
            .map(|(i, rel)| hash_file(&self.root, &rel).map(|h| (i, h)).map_err(io_at(&self.root.path().join(&rel))))
            .collect();
        let hashes = hashed.into_iter().collect::<Result<Vec<_>, _>>()?;
        for (i, hash) in hashes {
            if let Kind::File { xxh3, .. } = &mut entries[i].kind {
                *xxh3 = hash;
            }
        }
        Ok(sorted(entries))
    }
}

impl Drop for Staging {
    /// An abandoned build leaves nothing behind and OUT as it was.
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        let _ = self.root.remove_tree(&self.stage);
        self.manifest.pending = None;
        let _ = write_manifest(&self.root, &self.manifest);
    }
}

/// Undoes a build into OUT that was killed while moving its files, so OUT
/// is whole again even when this build stops early (a content error). Does
/// nothing to a directory that is not jaarrapport's or has nothing pending.
pub fn recover(out: &Path) -> Result<(), OutputError> {
    let Ok(out_real) = fs::canonicalize(out) else { return Ok(()) };
    let Ok(root) = Root::open(&out_real) else { return Ok(()) };
    if !matches!(read_manifest(&root, out), Ok(Some(m)) if m.pending.is_some()) {
        return Ok(());
    }
    let (lock, _) = open_lock(&root, out)?;
    lock.lock().map_err(io_at(&out_real.join(LOCK)))?;
    if let Some(mut manifest) = read_manifest(&root, out)?
        && manifest.pending.is_some()
    {
        undo_pending(&root, &mut manifest);
        write_manifest(&root, &manifest)?;
    }
    Ok(())
}

/// Refuses output inside the content directory, and content inside the
/// output: a build would read what it writes, or replace its own input.
pub fn check_apart(content: &Path, out: &Path) -> Result<(), OutputError> {
    // A missing content directory is the loader's error to report.
    let Ok(content_real) = fs::canonicalize(content) else { return Ok(()) };
    let out_real = resolve(out).map_err(io_at(out))?;
    if out_real.starts_with(&content_real) {
        return Err(OutputError::Refused(format!(
            "--out {} lies inside the content directory {}; choose an output directory outside it",
            out.display(),
            content.display()
        )));
    }
    if content_real.starts_with(&out_real) {
        return Err(OutputError::Refused(format!(
            "--out {} holds the content directory {}; choose an output directory outside it",
            out.display(),
            content.display()
        )));
    }
    Ok(())
}

/// A path made absolute with every existing part's links resolved, for a
/// path that may not exist yet.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            let mut full = real;
            for part in rest.iter().rev() {
                full.push(part);
            }
            return Ok(full);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
}

fn sorted(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries.dedup_by(|a, b| a.path == b.path);
    entries
}

/// Whether OUT holds nothing but the lock (and a manifest being written);
/// `racing` also lets pass what another build starting at the same moment
/// makes, for the check that is repeated under the lock.
fn ensure_empty(root: &Root, shown: &Path, racing: bool) -> Result<(), OutputError> {
    let foreign = root.list("").map_err(io_at(shown))?.into_iter().any(|(name, _)| {
        let ours = name == LOCK || name.starts_with(".jaarrapport-output.");
        let theirs = racing && (name == MARKER || name.starts_with(STAGE_PREFIX));
        !(ours || theirs)
    });
    if foreign {
        return Err(OutputError::Refused(format!(
            "{0} is not empty and is not an output directory of jaarrapport (it has no {MARKER}); \
             jaarrapport writes only into a new or empty directory or one it made itself: \
             name another --out, or empty {0} yourself",
            shown.display()
        )));
    }
    Ok(())
}

fn read_manifest(root: &Root, shown: &Path) -> Result<Option<Manifest>, OutputError> {
    let path = root.path().join(MARKER);
    let damaged = || {
        OutputError::Refused(format!(
            "{} is not a manifest of jaarrapport; remove it only if {} holds nothing of yours",
            shown.join(MARKER).display(),
            shown.display()
        ))
    };
    match root.stat(MARKER) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_at(&path)(e)),
        Ok(m) if !m.is_file() => return Err(damaged()),
        Ok(_) => {}
    }
    let mut file = root.open_regular(MARKER).map_err(|_| damaged())?;
    let mut bytes = Vec::new();
    file.by_ref().take(MAX_MANIFEST + 1).read_to_end(&mut bytes).map_err(io_at(&path))?;
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
    if bytes.len() as u64 > MAX_MANIFEST || !manifest.is_sound() {
        return Err(damaged());
    }
    Ok(Some(manifest))
}

/// Replaces the manifest in one rename, so it is always whole.
fn write_manifest(root: &Root, manifest: &Manifest) -> Result<(), OutputError> {
    let mut text = serde_json::to_string_pretty(manifest).map_err(|e| OutputError::Refused(e.to_string()))?;
    text.push('\n');
    let path = root.path().join(MARKER);
    let mut name = String::new();
    let made = tempfile::Builder::new().prefix(".jaarrapport-output.").make_in(root.path(), |p| {
        name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
        root.create_new(&name, false)
    });
    let (mut file, temp) = made.map_err(io_at(&path))?.into_parts();
    // Removed below by its name in OUT's handle, not by a path.
    let _ = temp.keep();
    let written = io::Write::write_all(&mut file, text.as_bytes()).and_then(|()| root.rename(&name, MARKER));
    if let Err(e) = written {
        let _ = root.remove_file(&name);
        return Err(io_at(&path)(e));
    }
    Ok(())
}

fn open_lock(root: &Root, shown: &Path) -> Result<(File, bool), OutputError> {
    let path = root.path().join(LOCK);
    let (file, created) = match root.create_new(LOCK, true) {
        Ok(f) => (f, true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match root.open_existing_rw(LOCK) {
            Ok(f) => (f, false),
            Err(_) if root.stat(LOCK).is_ok_and(|m| !m.is_file()) => {
                return Err(OutputError::Refused(format!("{} is not a regular file", shown.join(LOCK).display())));
            }
            Err(e) => return Err(io_at(&path)(e)),
        },
        Err(e) => return Err(io_at(&path)(e)),
    };
    Ok((file, created))
}

/// The XXH3-128 of a regular file: enough to tell whether anyone changed
/// it since the tool wrote it, at memory speed.
fn hash_file(root: &Root, rel: &str) -> io::Result<String> {
    let mut file = root.open_regular(rel)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:032x}", hasher.digest128()))
}

/// One move of a commit; `undo` reverses it from whatever state a kill left.
fn apply(root: &Root, stage: &str, m: &Move) -> Result<(), OutputError> {
    let (dst, new, old) = places(stage, m.path());
    let err = |rel: &str| io_at_owned(root.path().join(rel));
    match m {
        Move::Mkdir { .. } => root.mkdir(&dst).map_err(err(&dst)),
        Move::Add { .. } => {
            // A hard link never replaces: a file that appeared meanwhile stays.
            match root.hard_link(&new, &dst) {
                Ok(()) => root.remove_file(&new).map_err(err(&new)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(err(&dst)(e)),
                Err(_) if !root.exists(&dst) => root.rename(&new, &dst).map_err(err(&dst)),
                Err(e) => Err(err(&dst)(e)),
            }
        }
        Move::Replace { .. } => {
            make_parent(root, &old)?;
            if let Ok(meta) = root.stat(&dst) {
                let _ = root.set_mode(&new, meta.mode());
            }
            // Keep the old file as a second link, so OUT never lacks it.
            if root.hard_link(&dst, &old).is_err() {
                root.rename(&dst, &old).map_err(err(&dst))?;
            } else if root.exchange(&new, &dst).is_ok() {
                // Swapped, not renamed over: ext4 writes out a file renamed
                // over another at once, and the manifest's rename then waits
                // for the whole site to reach the disk (BENCHMARKS.md).
                // The staged name now holds the old file, as `old` does.
                // Like every file the build writes, it is not synced: a
                // build survives being killed at any point, not a power cut
                // in the seconds after it (then a replaced file may come
                // back empty, and the next build refuses it as changed).
                return Ok(());
            }
            root.rename(&new, &dst).map_err(err(&dst))
        }
        Move::Remove { .. } => {
            make_parent(root, &old)?;
            root.rename(&dst, &old).map_err(err(&dst))
        }
    }
}

fn io_at_owned(path: PathBuf) -> impl FnOnce(io::Error) -> OutputError {
    move |source| OutputError::Io { path, source }
}

fn make_parent(root: &Root, rel: &str) -> Result<(), OutputError> {
    match rel.rsplit_once('/') {
        Some((parent, _)) => root.mkdir_all(parent).map_err(io_at_owned(root.path().join(parent))),
        None => Ok(()),
    }
}

/// A path in OUT, where its new version is staged and where its old one is kept.
fn places(stage: &str, rel: &str) -> (String, String, String) {
    (rel.to_string(), format!("{stage}/new/{rel}"), format!("{stage}/old/{rel}"))
}

/// Undoes the recorded moves of an unfinished build, last first, and
/// removes its staging directory: OUT is then the previous output. What
/// the manifest names is acted on only as far as it is really there: every
/// path is resolved without following a link or crossing a mount, the
/// staging directory must be a real directory in OUT, and only regular
/// files are moved back from it.
fn undo_pending(root: &Root, manifest: &mut Manifest) {
    let Some(pending) = manifest.pending.take() else { return };
    let stage = pending.stage;
    let stage_real = root.stat(&stage).is_ok_and(|m| m.is_dir() && m.dev() == root.dev());
    let is_file = |rel: &str| root.stat(rel).is_ok_and(|m| m.is_file());
    for m in pending.moves.iter().rev() {
        let (dst, new, old) = places(&stage, m.path());
        match m {
            Move::Mkdir { .. } => {
                let _ = root.remove_dir(&dst);
            }
            Move::Add { size, xxh3, .. } => {
                let is_new = root.stat(&dst).is_ok_and(|meta| meta.is_file() && meta.len() == *size)
                    && hash_file(root, &dst).ok().as_deref() == Some(xxh3.as_str());
                if is_new {
                    let _ = root.remove_file(&dst);
                }
            }
            // Not yet replaced when the new file is still staged and OUT
            // has the old one. Once swapped, the staged name holds the old
            // file: the same file as `old`.
            Move::Replace { .. } => {
                let swapped = root.same_file(&new, &old);
                let staged = root.exists(&new) && root.exists(&dst) && !swapped;
                if stage_real && is_file(&old) && !staged {
                    let _ = root.rename(&old, &dst);
                }
            }
            Move::Remove { .. } => {
                if stage_real && is_file(&old) && !root.exists(&dst) {
                    let _ = root.rename(&old, &dst);
                }
            }
        }
    }
    if stage_real {
        let _ = root.remove_tree(&stage);
    }
}

/// `JAARRAPPORT_FAULT_AFTER_MOVES=N`: abort after N moves of a commit, so
/// the tests can kill a build at the one moment a signal cannot be aimed at.
fn fault_after() -> Option<usize> {
    std::env::var("JAARRAPPORT_FAULT_AFTER_MOVES").ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_with_a_path_out_of_out_is_not_sound() {
        let mut m = Manifest::new();
        m.entries.push(Entry { path: "site/x.html".into(), format: "html".into(), kind: Kind::Dir });
        assert!(m.is_sound());
        for bad in ["../x", "/etc/passwd", "site/../../x", "", "a\\..\\b"] {
            let mut b = m.clone();
            b.entries[0].path = bad.into();
            assert!(!b.is_sound(), "{bad}");
        }
        let mut b = m.clone();
        b.pending = Some(Pending { stage: "../home".into(), moves: vec![] });
        assert!(!b.is_sound());
    }

    #[test]
    fn resolve_keeps_the_missing_rest_of_a_path() {
        let tmp = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(tmp.path()).unwrap();
        assert_eq!(resolve(&tmp.path().join("a/b")).unwrap(), real.join("a/b"));
    }
}
