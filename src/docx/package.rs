//! A zip package, a Word (.docx) or OpenDocument (.odt) form, read part by
//! part within bounds, so that a crafted form (a zip bomb, many parts just
//! under the limit) cannot make `import` take gigabytes. Both readers
//! open their parts through this one type.

use std::io::Read;

/// Larger than any real form with its images; a zip bomb stops here.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// All parts together: many parts just under the part limit stop here.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

pub struct Package<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    unpacked: u64,
}

impl<'a> Package<'a> {
    /// `None` when the bytes are not a zip package.
    pub fn open(bytes: &'a [u8]) -> Option<Package<'a>> {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
        Some(Package { zip, unpacked: 0 })
    }

    /// The part's bytes, `None` when the package has no such part; the
    /// reason when it cannot be unpacked or is too large.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Ok(file) = self.zip.by_name(name) else { return Ok(None) };
        let mut out = Vec::new();
        file.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("part {name} cannot be unpacked: {e}"))?;
        if out.len() as u64 > MAX_PART_BYTES {
            return Err(format!("part {name} unpacks to more than {} MB", MAX_PART_BYTES >> 20));
        }
        self.unpacked += out.len() as u64;
        if self.unpacked > MAX_UNPACKED_BYTES {
            return Err(format!("the file unpacks to more than {} MB", MAX_UNPACKED_BYTES >> 20));
        }
        Ok(Some(out))
    }
}
