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
//! - Nothing is followed or crossed: paths are looked at with `lstat`, a
//!   symbolic link, a FIFO, a device or a directory on another file system
//!   (a mount) at a path the build needs is refused, and no file but the
//!   tool's own regular files is ever opened.
//! - The moves are recorded in the manifest before they are made; a build
//!   that fails while moving undoes them, and one killed while moving is
//!   undone by the next build before it starts.
//! - A lock file inside OUT (opened without following links) keeps two
//!   builds into the same OUT apart.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
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
    /// OUT, resolved once; nothing below it is followed.
    out: PathBuf,
    dev: Option<u64>,
    stage: PathBuf,
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
        let out = fs::canonicalize(&abs).map_err(io_at(&shown))?;
        let dev = device(&fs::symlink_metadata(&out).map_err(io_at(&shown))?);
        // Before the lock, so that a refused directory gets no lock file;
        // another build's files may appear meanwhile (it may be marking OUT).
        if read_manifest(&out, &shown)?.is_none() {
            ensure_empty(&out, &shown, true)?;
        }
        let (lock, created_lock) = open_lock(&out, &shown)?;
        lock.lock().map_err(io_at(&out.join(LOCK)))?;
        // Another build may have marked OUT while this one waited.
        let mut manifest = match read_manifest(&out, &shown)? {
            Some(m) => m,
            None => {
                if let Err(e) = ensure_empty(&out, &shown, false) {
                    drop(lock);
                    if created_lock {
                        let _ = fs::remove_file(out.join(LOCK));
                    }
                    return Err(e);
                }
                let m = Manifest::new();
                write_manifest(&out, &m)?;
                m
            }
        };
        if manifest.pending.is_some() {
            undo_pending(&out, dev, &mut manifest);
            write_manifest(&out, &manifest)?;
        }
        // The name is recorded before the directory is made, so a killed
        // build's staging directory is known to be ours.
        let made = tempfile::Builder::new()
            .prefix(STAGE_PREFIX)
            .rand_bytes(10)
            .make_in(&out, |path| {
                let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                manifest.pending = Some(Pending { stage: name, moves: Vec::new() });
                write_manifest(&out, &manifest).map_err(io::Error::other)?;
                fs::create_dir(path)
            })
            .map_err(io_at(&out))?;
        let stage = made.into_temp_path().keep().map_err(|e| OutputError::Io { path: out.clone(), source: e.error })?;
        for sub in ["new", "old"] {
            fs::create_dir(stage.join(sub)).map_err(io_at(&stage))?;
        }
        Ok(Staging { shown, out, dev, stage, manifest, parts: BTreeMap::new(), finished: false, _lock: lock })
    }

    /// Where the build writes its outputs: they land in OUT under the same names.
    pub fn dir(&self) -> PathBuf {
        self.stage.join("new")
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
                let dst = self.out.join(&entry.path);
                let meta = fs::symlink_metadata(&dst);
                let ours = meta.as_ref().ok().map(|meta| self.ours(&dst, meta, old.get(&entry.path)));
                (dst, meta, ours)
            })
            .collect();
        for (entry, (dst, meta, ours)) in staged.iter().zip(found) {
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
                other => other.map_err(io_at(&dst))?,
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
            let dst = self.out.join(&e.path);
            match (&e.kind, fs::symlink_metadata(&dst)) {
                (_, Err(_)) => {}
                (Kind::Dir, Ok(_)) => stale_dirs.push(e.clone()),
                // Changed since the tool wrote it: the user's now; left alone and forgotten.
                (Kind::File { .. }, Ok(meta)) => {
                    if self.ours(&dst, &meta, Some(e)).is_ok() {
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

        let stage_name = self.stage.file_name().unwrap_or_default().to_string_lossy().into_owned();
        self.manifest.pending = Some(Pending { stage: stage_name.clone(), moves: moves.clone() });
        write_manifest(&self.out, &self.manifest)?;
        let fault = fault_after();
        for (done, m) in moves.iter().enumerate() {
            if fault == Some(done) {
                // For the tests: a build killed while moving its files.
                std::process::abort();
            }
            if let Err(e) = apply(&self.out, &self.stage, m) {
                let mut partial = self.manifest.clone();
                if let Some(p) = partial.pending.as_mut() {
                    p.moves.truncate(done + 1);
                }
                undo_pending(&self.out, self.dev, &mut partial);
                self.manifest = partial;
                return Err(e);
            }
        }

        let mut entries: Vec<Entry> = old.values().filter(|e| !built.contains(&e.format)).cloned().collect();
        entries.extend(staged.iter().cloned());
        entries.extend(stale_dirs.iter().cloned());
        let done = Manifest { entries: sorted(entries), pending: None, ..self.manifest.clone() };
        if let Err(e) = write_manifest(&self.out, &done) {
            // The new manifest cannot be written (a full disk): back to the old output.
            undo_pending(&self.out, self.dev, &mut self.manifest);
            return Err(e);
        }
        self.manifest = done;
        self.finished = true;
        let _ = remove_tree(&self.stage, self.dev);

        // A stale directory goes when it is empty; the user's files keep it.
        if !stale_dirs.is_empty() {
            stale_dirs.sort_by(|a, b| b.path.cmp(&a.path));
            let gone: BTreeSet<String> = stale_dirs
                .iter()
                .filter(|d| fs::remove_dir(self.out.join(&d.path)).is_ok())
                .map(|d| d.path.clone())
                .collect();
            self.manifest.entries.retain(|e| !gone.contains(&e.path));
            write_manifest(&self.out, &self.manifest)?;
        }
        Ok(())
    }

    fn show(&self, rel: &str) -> String {
        self.shown.join(rel).display().to_string()
    }

    /// Whether the thing at `dst` is what the manifest says the tool wrote;
    /// else why not, for the message.
    fn ours(&self, dst: &Path, meta: &fs::Metadata, entry: Option<&Entry>) -> Result<(), String> {
        let shown = self.show(dst.strip_prefix(&self.out).unwrap_or(dst).to_string_lossy().as_ref());
        let ft = meta.file_type();
        if ft.is_symlink() {
            return Err(format!("{shown} is a symbolic link, which jaarrapport did not make"));
        }
        if !ft.is_dir() && !ft.is_file() {
            return Err(format!(
                "{shown} is not a regular file (a FIFO, socket or device), which jaarrapport did not make"
            ));
        }
        if self.dev.is_some() && device(meta) != self.dev {
            return Err(format!(
                "{shown} is on another file system (a mount); jaarrapport does not write across mounts"
            ));
        }
        let Some(entry) = entry else {
            return Err(format!("{shown} was not written by jaarrapport"));
        };
        match &entry.kind {
            Kind::Dir if ft.is_dir() => Ok(()),
            Kind::File { size, xxh3 } if ft.is_file() => {
                if meta.len() == *size && hash_file(dst).ok().as_deref() == Some(xxh3.as_str()) {
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
        let root = self.stage.join("new");
        let mut entries = Vec::new();
        let mut files = Vec::new();
        for item in walkdir::WalkDir::new(&root).min_depth(1).follow_links(false) {
            let item = item.map_err(|e| OutputError::Io { path: root.clone(), source: e.into() })?;
            let rel = item.path().strip_prefix(&root).unwrap_or(item.path());
            let path = rel
                .to_str()
                .ok_or_else(|| OutputError::Refused(format!("{} is not a UTF-8 file name", rel.display())))?
                .replace('\\', "/");
            let top = path.split('/').next().unwrap_or_default();
            let Some(format) = self.parts.get(top) else {
                return Err(OutputError::Refused(format!("{path} was staged without a format")));
            };
            let ft = item.file_type();
            let kind = if ft.is_dir() {
                Kind::Dir
            } else if ft.is_file() {
                let size =
                    item.metadata().map_err(|e| OutputError::Io { path: item.path().into(), source: e.into() })?.len();
                files.push((entries.len(), item.path().to_path_buf()));
                Kind::File { size, xxh3: String::new() }
            } else {
                return Err(OutputError::Refused(format!("{path} in the staging directory is not a file")));
            };
            entries.push(Entry { path, format: format.clone(), kind });
        }
        // The files are hashed in parallel: a large site is tens of MB.
        // Collected in walk order first, so the error reported is the
        // first in the walk, whichever thread met it first.
        let hashed: Vec<Result<(usize, String), OutputError>> =
            files.into_par_iter().map(|(i, path)| hash_file(&path).map(|h| (i, h)).map_err(io_at(&path))).collect();
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
        let _ = remove_tree(&self.stage, self.dev);
        self.manifest.pending = None;
        let _ = write_manifest(&self.out, &self.manifest);
    }
}

/// Undoes a build into OUT that was killed while moving its files, so OUT
/// is whole again even when this build stops early (a content error). Does
/// nothing to a directory that is not jaarrapport's or has nothing pending.
pub fn recover(out: &Path) -> Result<(), OutputError> {
    let Ok(out_real) = fs::canonicalize(out) else { return Ok(()) };
    if !matches!(read_manifest(&out_real, out), Ok(Some(m)) if m.pending.is_some()) {
        return Ok(());
    }
    let (lock, _) = open_lock(&out_real, out)?;
    lock.lock().map_err(io_at(&out_real.join(LOCK)))?;
    if let Some(mut manifest) = read_manifest(&out_real, out)? {
        let dev = device(&fs::symlink_metadata(&out_real).map_err(io_at(out))?);
        if manifest.pending.is_some() {
            undo_pending(&out_real, dev, &mut manifest);
            write_manifest(&out_real, &manifest)?;
        }
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
fn ensure_empty(out: &Path, shown: &Path, racing: bool) -> Result<(), OutputError> {
    let foreign = fs::read_dir(out).map_err(io_at(shown))?.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
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

fn read_manifest(out: &Path, shown: &Path) -> Result<Option<Manifest>, OutputError> {
    let path = out.join(MARKER);
    let damaged = || {
        OutputError::Refused(format!(
            "{} is not a manifest of jaarrapport; remove it only if {} holds nothing of yours",
            shown.join(MARKER).display(),
            shown.display()
        ))
    };
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_at(&path)(e)),
        Ok(m) if !m.is_file() => return Err(damaged()),
        Ok(_) => {}
    }
    let mut file = open_regular(&path).map_err(|_| damaged())?;
    let mut bytes = Vec::new();
    file.by_ref().take(MAX_MANIFEST + 1).read_to_end(&mut bytes).map_err(io_at(&path))?;
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
    if bytes.len() as u64 > MAX_MANIFEST || !manifest.is_sound() {
        return Err(damaged());
    }
    Ok(Some(manifest))
}

/// Replaces the manifest in one rename, so it is always whole.
fn write_manifest(out: &Path, manifest: &Manifest) -> Result<(), OutputError> {
    let mut text = serde_json::to_string_pretty(manifest).map_err(|e| OutputError::Refused(e.to_string()))?;
    text.push('\n');
    let mut tmp = tempfile::Builder::new().prefix(".jaarrapport-output.").tempfile_in(out).map_err(io_at(out))?;
    io::Write::write_all(&mut tmp, text.as_bytes()).map_err(io_at(tmp.path()))?;
    tmp.persist(out.join(MARKER)).map_err(|e| OutputError::Io { path: out.join(MARKER), source: e.error })?;
    Ok(())
}

fn open_lock(out: &Path, shown: &Path) -> Result<(File, bool), OutputError> {
    let path = out.join(LOCK);
    let mut opts = OpenOptions::new();
    opts.read(true).write(true);
    no_follow(&mut opts);
    let (file, created) = match opts.clone().create_new(true).open(&path) {
        Ok(f) => (f, true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => (opts.open(&path).map_err(io_at(&path))?, false),
        Err(e) => return Err(io_at(&path)(e)),
    };
    if !file.metadata().map_err(io_at(&path))?.is_file() {
        return Err(OutputError::Refused(format!("{} is not a regular file", shown.join(LOCK).display())));
    }
    Ok((file, created))
}

/// Opens a file for reading only when it is a regular file, without
/// following a link and without waiting on a FIFO.
fn open_regular(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    no_follow(&mut opts);
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

#[cfg(unix)]
fn no_follow(opts: &mut OpenOptions) {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    opts.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32);
}

#[cfg(not(unix))]
fn no_follow(_: &mut OpenOptions) {}

#[cfg(unix)]
fn device(meta: &fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.dev())
}

#[cfg(not(unix))]
fn device(_: &fs::Metadata) -> Option<u64> {
    None
}

/// The XXH3-128 of a regular file: enough to tell whether anyone changed
/// it since the tool wrote it, at memory speed.
fn hash_file(path: &Path) -> io::Result<String> {
    let mut file = open_regular(path)?;
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
fn apply(out: &Path, stage: &Path, m: &Move) -> Result<(), OutputError> {
    let (dst, new, old) = places(out, stage, m.path());
    match m {
        Move::Mkdir { .. } => fs::create_dir(&dst).map_err(io_at(&dst)),
        Move::Add { .. } => {
            // A hard link never replaces: a file that appeared meanwhile stays.
            match fs::hard_link(&new, &dst) {
                Ok(()) => fs::remove_file(&new).map_err(io_at(&new)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(io_at(&dst)(e)),
                Err(_) if fs::symlink_metadata(&dst).is_err() => fs::rename(&new, &dst).map_err(io_at(&dst)),
                Err(e) => Err(io_at(&dst)(e)),
            }
        }
        Move::Replace { .. } => {
            make_parent(&old)?;
            if let Ok(meta) = fs::symlink_metadata(&dst) {
                let _ = fs::set_permissions(&new, meta.permissions());
            }
            // Keep the old file as a second link, so OUT never lacks it.
            if fs::hard_link(&dst, &old).is_err() {
                fs::rename(&dst, &old).map_err(io_at(&dst))?;
            }
            fs::rename(&new, &dst).map_err(io_at(&dst))
        }
        Move::Remove { .. } => {
            make_parent(&old)?;
            fs::rename(&dst, &old).map_err(io_at(&dst))
        }
    }
}

fn make_parent(path: &Path) -> Result<(), OutputError> {
    match path.parent() {
        Some(p) => fs::create_dir_all(p).map_err(io_at(p)),
        None => Ok(()),
    }
}

fn places(out: &Path, stage: &Path, rel: &str) -> (PathBuf, PathBuf, PathBuf) {
    (out.join(rel), stage.join("new").join(rel), stage.join("old").join(rel))
}

fn exists(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok()
}

/// Undoes the recorded moves of an unfinished build, last first, and
/// removes its staging directory: OUT is then the previous output.
fn undo_pending(out: &Path, dev: Option<u64>, manifest: &mut Manifest) {
    let Some(pending) = manifest.pending.take() else { return };
    let stage = out.join(&pending.stage);
    for m in pending.moves.iter().rev() {
        let (dst, new, old) = places(out, &stage, m.path());
        match m {
            Move::Mkdir { .. } => {
                let _ = fs::remove_dir(&dst);
            }
            Move::Add { size, xxh3, .. } => {
                let is_new = fs::symlink_metadata(&dst).is_ok_and(|meta| meta.is_file() && meta.len() == *size)
                    && hash_file(&dst).ok().as_deref() == Some(xxh3.as_str());
                if is_new {
                    let _ = fs::remove_file(&dst);
                }
            }
            Move::Replace { .. } => {
                // Not yet replaced when the new file is still staged and OUT has the old one.
                if exists(&old) && !(exists(&new) && exists(&dst)) {
                    let _ = fs::rename(&old, &dst);
                }
            }
            Move::Remove { .. } => {
                if exists(&old) && !exists(&dst) {
                    let _ = fs::rename(&old, &dst);
                }
            }
        }
    }
    if fs::symlink_metadata(&stage).is_ok_and(|m| m.is_dir()) {
        let _ = remove_tree(&stage, dev);
    }
}

/// Removes a directory tree the tool made, never following a link and
/// never entering another file system.
fn remove_tree(path: &Path, dev: Option<u64>) -> io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return fs::remove_file(path);
    }
    if dev.is_some() && device(&meta) != dev {
        return Err(io::Error::other(format!("{} is on another file system", path.display())));
    }
    for entry in fs::read_dir(path)? {
        remove_tree(&entry?.path(), dev)?;
    }
    fs::remove_dir(path)
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
