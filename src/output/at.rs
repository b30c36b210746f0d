//! OUT as an open directory handle, and every path below it resolved one
//! component at a time without following anything.
//!
//! A path such as `site/static/style.css` could lead out of OUT at any of
//! its components: `site` may be a symbolic link (to the user's home), or a
//! directory of another file system mounted there. Resolving it by name
//! (`OUT/site/static/style.css`) lets the kernel follow every intermediate
//! link. Here each directory on the way is opened relative to the one
//! before with `O_NOFOLLOW | O_DIRECTORY`, and its device and its mount
//! (a directory bound from elsewhere on the same file system has OUT's
//! device) are compared with OUT's; the last component is then looked at,
//! opened, made, linked, renamed or removed relative to that directory
//! with the `*at` calls, which never follow a link in the last component
//! either. A link or a mount anywhere on a path is an error naming the
//! component, so nothing outside OUT can be written, removed, or moved
//! into OUT through one.

use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags, Stat};
use std::fs::File;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};

/// OUT, opened once. The handle stays valid whatever happens to OUT's name.
pub struct Root {
    fd: OwnedFd,
    dev: u64,
    /// OUT's mount, where the kernel says (Linux 5.8 and later): a
    /// directory bound from elsewhere on the same file system has OUT's
    /// device but a mount of its own.
    mount: Option<u64>,
    /// OUT as resolved when opened, for messages and for the build's staging path.
    path: PathBuf,
}

/// What lies at a path, without following it.
pub struct Meta {
    stat: Stat,
}

impl Meta {
    pub fn file_type(&self) -> FileType {
        FileType::from_raw_mode(self.stat.st_mode)
    }
    pub fn is_dir(&self) -> bool {
        self.file_type() == FileType::Directory
    }
    pub fn is_file(&self) -> bool {
        self.file_type() == FileType::RegularFile
    }
    pub fn is_symlink(&self) -> bool {
        self.file_type() == FileType::Symlink
    }
    pub fn len(&self) -> u64 {
        self.stat.st_size as u64
    }
    pub fn dev(&self) -> u64 {
        self.stat.st_dev
    }
    pub fn mode(&self) -> u32 {
        self.stat.st_mode & 0o7777
    }
}

/// Why a path below OUT could not be resolved: said in words, since the
/// kernel's `ELOOP` for a link does not.
#[derive(Debug)]
struct Refusal(String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

fn refused(rel: &str, why: &str) -> io::Error {
    io::Error::other(Refusal(format!("{rel} {why}, which jaarrapport does not follow")))
}

/// Whether a path could not be used because something on the way is not
/// the tool's to pass (a link, a mount, a file where a directory should be).
pub fn is_refusal(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::NotADirectory || e.get_ref().is_some_and(|r| r.is::<Refusal>())
}

/// The mount a directory lies on, when the kernel can say.
fn mount_id(fd: &OwnedFd) -> Option<u64> {
    use rustix::fs::{StatxFlags, statx};
    let st = statx(fd, "", AtFlags::EMPTY_PATH, StatxFlags::MNT_ID).ok()?;
    StatxFlags::from_bits_retain(st.stx_mask).contains(StatxFlags::MNT_ID).then_some(st.stx_mnt_id)
}

impl Root {
    /// Opens OUT itself; the one place a link is followed (`OUT` may be a
    /// link the user named).
    pub fn open(path: &Path) -> io::Result<Root> {
        let fd = rustix::fs::open(path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?;
        let dev = rustix::fs::fstat(&fd)?.st_dev;
        let mount = mount_id(&fd);
        Ok(Root { fd, dev, mount, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn dev(&self) -> u64 {
        self.dev
    }

    /// The directory that holds `rel`'s last component, and that component.
    /// Every directory on the way is a real directory on OUT's file system.
    fn parent<'a>(&self, rel: &'a str) -> io::Result<(Option<OwnedFd>, &'a str)> {
        let mut parts = rel.split('/').collect::<Vec<_>>();
        let name = parts.pop().unwrap_or_default();
        for part in parts.iter().chain([&name]) {
            if part.is_empty() || *part == "." || *part == ".." || part.contains('\0') {
                return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{rel} is not a plain path")));
            }
        }
        let mut dir: Option<OwnedFd> = None;
        let mut walked = 0;
        for part in parts {
            walked += part.len() + 1;
            let at = dir.as_ref().map_or(self.fd.as_fd(), |d| d.as_fd());
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let here = &rel[..walked - 1];
            let next = match rustix::fs::openat(at, part, flags, Mode::empty()) {
                Ok(fd) => fd,
                Err(e) => {
                    // Say what is in the way rather than the kernel's ELOOP/ENOTDIR.
                    return Err(match rustix::fs::statat(at, part, AtFlags::SYMLINK_NOFOLLOW) {
                        Ok(st) if FileType::from_raw_mode(st.st_mode) == FileType::Symlink => {
                            refused(here, "is a symbolic link")
                        }
                        Ok(st) if FileType::from_raw_mode(st.st_mode) != FileType::Directory => {
                            io::Error::new(io::ErrorKind::NotADirectory, format!("{here} is not a directory"))
                        }
                        _ => e.into(),
                    });
                }
            };
            if rustix::fs::fstat(&next)?.st_dev != self.dev {
                return Err(refused(here, "is on another file system (a mount)"));
            }
            if self.mount.is_some() && mount_id(&next) != self.mount {
                return Err(refused(here, "is a mount (a directory bound from elsewhere)"));
            }
            dir = Some(next);
        }
        Ok((dir, name))
    }

    /// A directory `parent` found, or OUT itself for a name directly in it.
    fn fd_of<'a>(&'a self, dir: &'a Option<OwnedFd>) -> rustix::fd::BorrowedFd<'a> {
        dir.as_ref().map_or(self.fd.as_fd(), |d| d.as_fd())
    }

    /// Runs `f` with the directory holding `rel` and `rel`'s last component.
    fn at<T>(&self, rel: &str, f: impl FnOnce(rustix::fd::BorrowedFd<'_>, &str) -> io::Result<T>) -> io::Result<T> {
        let (dir, name) = self.parent(rel)?;
        f(dir.as_ref().map_or(self.fd.as_fd(), |d| d.as_fd()), name)
    }

    /// What is at `rel`, not following a link there.
    pub fn stat(&self, rel: &str) -> io::Result<Meta> {
        self.at(rel, |dir, name| Ok(Meta { stat: rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)? }))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.stat(rel).is_ok()
    }

    /// Whether `a` and `b` are two names of one file.
    pub fn same_file(&self, a: &str, b: &str) -> bool {
        match (self.stat(a), self.stat(b)) {
            (Ok(a), Ok(b)) => (a.stat.st_dev, a.stat.st_ino) == (b.stat.st_dev, b.stat.st_ino),
            _ => false,
        }
    }

    /// Opens `rel` for reading when it is a regular file, without
    /// following a link and without waiting on a FIFO.
    pub fn open_regular(&self, rel: &str) -> io::Result<File> {
        let fd = self.at(rel, |dir, name| {
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            Ok(rustix::fs::openat(dir, name, flags, Mode::empty())?)
        })?;
        if FileType::from_raw_mode(rustix::fs::fstat(&fd)?.st_mode) != FileType::RegularFile {
            return Err(io::Error::other(format!("{rel} is not a regular file")));
        }
        Ok(File::from(fd))
    }

    /// Creates `rel` as a new file (never an existing one, never through a link).
    pub fn create_new(&self, rel: &str, read: bool) -> io::Result<File> {
        self.at(rel, |dir, name| {
            let access = if read { OFlags::RDWR } else { OFlags::WRONLY };
            let flags = access | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            Ok(File::from(rustix::fs::openat(dir, name, flags, Mode::from_raw_mode(0o666))?))
        })
    }

    /// Opens an existing `rel` for reading and writing, never through a
    /// link and never blocking on a FIFO; only a regular file is returned.
    pub fn open_existing_rw(&self, rel: &str) -> io::Result<File> {
        let fd = self.at(rel, |dir, name| {
            let flags = OFlags::RDWR | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            Ok(rustix::fs::openat(dir, name, flags, Mode::empty())?)
        })?;
        if FileType::from_raw_mode(rustix::fs::fstat(&fd)?.st_mode) != FileType::RegularFile {
            return Err(io::Error::other(format!("{rel} is not a regular file")));
        }
        Ok(File::from(fd))
    }

    pub fn mkdir(&self, rel: &str) -> io::Result<()> {
        self.at(rel, |dir, name| Ok(rustix::fs::mkdirat(dir, name, Mode::from_raw_mode(0o777))?))
    }

    /// Makes `rel` and the directories above it that are missing.
    pub fn mkdir_all(&self, rel: &str) -> io::Result<()> {
        let mut end = 0;
        for part in rel.split('/') {
            end += part.len();
            match self.mkdir(&rel[..end]) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if !self.stat(&rel[..end])?.is_dir() {
                        return Err(io::Error::new(
                            io::ErrorKind::NotADirectory,
                            format!("{} is not a directory", &rel[..end]),
                        ));
                    }
                }
                Err(e) => return Err(e),
            }
            end += 1;
        }
        Ok(())
    }

    /// A second name for the file at `from` (a link there is linked, not followed).
    pub fn hard_link(&self, from: &str, to: &str) -> io::Result<()> {
        let (from_dir, from_name) = self.parent(from)?;
        let (to_dir, to_name) = self.parent(to)?;
        Ok(rustix::fs::linkat(self.fd_of(&from_dir), from_name, self.fd_of(&to_dir), to_name, AtFlags::empty())?)
    }

    pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        let (from_dir, from_name) = self.parent(from)?;
        let (to_dir, to_name) = self.parent(to)?;
        Ok(rustix::fs::renameat(self.fd_of(&from_dir), from_name, self.fd_of(&to_dir), to_name)?)
    }

    /// Swaps what two paths name, in one step (`renameat2` with
    /// `RENAME_EXCHANGE`); fails where the file system cannot.
    pub fn exchange(&self, a: &str, b: &str) -> io::Result<()> {
        let (a_dir, a_name) = self.parent(a)?;
        let (b_dir, b_name) = self.parent(b)?;
        let (a_fd, b_fd) = (self.fd_of(&a_dir), self.fd_of(&b_dir));
        Ok(rustix::fs::renameat_with(a_fd, a_name, b_fd, b_name, rustix::fs::RenameFlags::EXCHANGE)?)
    }

    pub fn remove_file(&self, rel: &str) -> io::Result<()> {
        self.at(rel, |dir, name| Ok(rustix::fs::unlinkat(dir, name, AtFlags::empty())?))
    }

    pub fn remove_dir(&self, rel: &str) -> io::Result<()> {
        self.at(rel, |dir, name| Ok(rustix::fs::unlinkat(dir, name, AtFlags::REMOVEDIR)?))
    }

    /// Sets the permission bits of the regular file at `rel`.
    pub fn set_mode(&self, rel: &str, mode: u32) -> io::Result<()> {
        let file = self.open_regular(rel)?;
        Ok(rustix::fs::fchmod(&file, Mode::from_raw_mode(mode))?)
    }

    /// The names in directory `rel` (`""` for OUT itself), unsorted.
    pub fn list(&self, rel: &str) -> io::Result<Vec<(String, FileType)>> {
        let fd = if rel.is_empty() {
            rustix::fs::openat(&self.fd, ".", OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?
        } else {
            self.at(rel, |dir, name| {
                let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
                Ok(rustix::fs::openat(dir, name, flags, Mode::empty())?)
            })?
        };
        if !rel.is_empty() && rustix::fs::fstat(&fd)?.st_dev != self.dev {
            return Err(refused(rel, "is on another file system (a mount)"));
        }
        let mut names = Vec::new();
        for entry in Dir::new(fd)? {
            let entry = entry?;
            let name = entry.file_name().to_bytes();
            if name == b"." || name == b".." {
                continue;
            }
            let name = String::from_utf8(name.to_vec())
                .map_err(|_| io::Error::other(format!("{rel}: a name that is not UTF-8")))?;
            let kind = match entry.file_type() {
                FileType::Unknown => {
                    let full = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
                    self.stat(&full)?.file_type()
                }
                kind => kind,
            };
            names.push((name, kind));
        }
        Ok(names)
    }

    /// Removes a tree the tool made: a link in it is removed, never
    /// followed; a mount in it is not entered (and the removal fails).
    ///
    /// The files go first, in parallel: removing a file gives its pages
    /// back, which for a large site's tens of MB is most of the time the
    /// commit takes (BENCHMARKS.md). Then the directories, deepest first.
    pub fn remove_tree(&self, rel: &str) -> io::Result<()> {
        use rayon::prelude::*;
        if !self.stat(rel)?.is_dir() {
            return self.remove_file(rel);
        }
        let mut dirs = vec![rel.to_string()];
        let mut files = Vec::new();
        let mut next = 0;
        while let Some(dir) = dirs.get(next).cloned() {
            next += 1;
            for (name, kind) in self.list(&dir)? {
                let child = format!("{dir}/{name}");
                if kind == FileType::Directory {
                    dirs.push(child);
                } else {
                    files.push(child);
                }
            }
        }
        files.par_iter().try_for_each(|f| self.remove_file(f))?;
        // Each directory was listed after its parent: in reverse, children first.
        dirs.iter().rev().try_for_each(|d| self.remove_dir(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_at_any_component_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let away = tmp.path().join("away");
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::create_dir_all(away.join("b")).unwrap();
        std::fs::write(away.join("b/f"), "theirs").unwrap();
        std::os::unix::fs::symlink(&away, out.join("l")).unwrap();
        let root = Root::open(&out).unwrap();
        for rel in ["l/b/f", "l/b", "a/../l/b/f", "l/x", "a/b/../../l/f"] {
            assert!(root.open_regular(rel).is_err(), "{rel}");
            assert!(root.create_new(rel, false).is_err(), "{rel}");
            assert!(root.remove_file(rel).is_err(), "{rel}");
            assert!(root.rename(rel, "a/moved").is_err(), "{rel}");
            assert!(root.mkdir(&format!("{rel}/d")).is_err(), "{rel}");
        }
        let err = root.stat("l/b/f").err().unwrap().to_string();
        assert!(err.contains("l is a symbolic link"), "{err}");
        // The link itself, as the last component, is seen as a link.
        assert!(root.stat("l").unwrap().is_symlink());
        root.remove_file("l").unwrap();
        assert_eq!(std::fs::read_to_string(away.join("b/f")).unwrap(), "theirs");
    }

    /// A tree is removed whole, deepest directories included; a link in it
    /// goes as a link, and what it points to, outside, stays.
    #[test]
    fn remove_tree_removes_links_not_what_they_point_to() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let away = tmp.path().join("away");
        std::fs::create_dir_all(out.join("t/a/b/c")).unwrap();
        std::fs::create_dir_all(&away).unwrap();
        std::fs::write(away.join("f"), "theirs").unwrap();
        for (i, dir) in ["t", "t/a", "t/a/b", "t/a/b/c"].iter().enumerate() {
            for n in 0..3 {
                std::fs::write(out.join(dir).join(format!("f{i}-{n}")), "ours").unwrap();
            }
        }
        std::os::unix::fs::symlink(&away, out.join("t/a/link")).unwrap();
        std::os::unix::fs::symlink(away.join("f"), out.join("t/a/b/c/flink")).unwrap();
        let root = Root::open(&out).unwrap();
        root.remove_tree("t").unwrap();
        assert!(!out.join("t").exists());
        assert_eq!(std::fs::read_to_string(away.join("f")).unwrap(), "theirs");
        // A plain file is removed as one.
        std::fs::write(out.join("g"), "ours").unwrap();
        root.remove_tree("g").unwrap();
        assert!(!out.join("g").exists());
    }
}
