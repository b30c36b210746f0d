//! Atomic output: a build writes into a fresh directory beside `OUT` and
//! only a complete build is moved into place, so a content error, a typst
//! failure or a killed process leaves the previous output as it was. A lock
//! file keeps two builds into the same `OUT` from interleaving.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    _lock: File,
}

impl Staging {
    /// Takes the lock for `out` (waiting for another build to finish) and
    /// makes an empty staging directory beside it.
    pub fn begin(out: &Path) -> io::Result<Staging> {
        let out = if out.is_absolute() { out.to_path_buf() } else { std::env::current_dir()?.join(out) };
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        fs::create_dir_all(&parent)?;
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        let lock = File::create(lock_path(&out))?;
        lock.lock()?;
        // A build killed between its two renames left no OUT but a complete
        // `.old-*`: that is the previous output, put it back.
        if !out.exists() {
            let old = fs::read_dir(&parent)?
                .flatten()
                .find(|e| e.file_name().to_string_lossy().starts_with(&format!(".{name}.old-")));
            if let Some(old) = old {
                fs::rename(old.path(), &out)?;
            }
        }
        // Leftovers of a build that was killed are ours to clear: we hold the lock.
        for entry in fs::read_dir(&parent)?.flatten() {
            let n = entry.file_name().to_string_lossy().to_string();
            if n.starts_with(&format!(".{name}.staging-")) || n.starts_with(&format!(".{name}.old-")) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        Ok(Staging { out, dir, _lock: lock })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Moves the staged build into place. What the previous output held and
    /// this build did not write (a PDF when only HTML was asked for) is kept.
    pub fn commit(self) -> io::Result<()> {
        if self.out.is_dir() {
            // Copies, not moves: until the swap below, OUT stays whole.
            for entry in fs::read_dir(&self.out)?.flatten() {
                let target = self.dir.join(entry.file_name());
                if !target.exists() {
                    copy_tree(&entry.path(), &target)?;
                }
            }
            let old = self.dir.with_file_name(
                self.dir.file_name().unwrap_or_default().to_string_lossy().replace(".staging-", ".old-"),
            );
            fs::rename(&self.out, &old)?;
            fs::rename(&self.dir, &self.out)?;
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.dir, &self.out)?;
        }
        Ok(())
    }
}

/// Hard links where the file system allows them (cheap, same bytes), else copies.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    if from.is_dir() {
        fs::create_dir_all(to)?;
        for entry in fs::read_dir(from)?.flatten() {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
    }
}

/// The lock file of an output directory: `.NAME.lock` beside it.
pub fn lock_path(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
    out.with_file_name(format!(".{name}.lock"))
}

impl Drop for Staging {
    /// An abandoned build leaves nothing behind.
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
