//! The images the report uses, each checked once, its problems reported at
//! its own path: what the site and typst will be given must be a picture
//! they can show, of a size they can hold.
//!
//! Raster images are read by the `image` crate's PNG, JPEG and GIF decoders,
//! the ones typst decodes them with: the header first, so a picture over
//! the pixel limit is refused before anything is allocated for it, then the
//! whole image within that limit, so a file with a valid signature and
//! damage after it fails here, named, and not later inside typst. SVGs go to
//! [`super::svg`].

use super::svg;
use crate::controls;
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use std::path::Path;

/// At most 25 million pixels (5000 × 5000; a 24-megapixel photo fits).
/// typst holds about eight bytes a pixel while it makes the PDF, so this
/// keeps one image near 200 MB; 30,000 × 30,000 took it 7 GB.
pub const MAX_PIXELS: u64 = 25_000_000;

/// What a decoder may allocate: the largest image allowed, 16 bits a
/// channel with alpha, and room for its work.
const MAX_ALLOC: u64 = MAX_PIXELS * 8 + 64 * 1024 * 1024;

/// Checks one image's bytes (`rel` relative to the content directory);
/// its problems go to `diags` at `display`, an SVG's with its text for the
/// excerpts. True when it is fine.
pub fn check(display: &Path, rel: &Path, bytes: &[u8], diags: &mut Diagnostics) -> bool {
    let (problems, source) = problems(display, rel, bytes);
    if let (false, Some(text)) = (problems.is_empty(), source) {
        diags.add_source(display, &text);
    }
    let fine = problems.is_empty();
    diags.extend(problems);
    fine
}

fn problems(display: &Path, rel: &Path, bytes: &[u8]) -> (Vec<Diagnostic>, Option<String>) {
    let error = |msg: String| Diagnostic::error(display, Span::file(), msg);
    if let Some(c) = rel.to_string_lossy().chars().find(|&c| controls::is_control(c)) {
        let d = error(format!("the image's file name holds the control character {}", controls::code(c)));
        return (vec![d.with_help("rename the file")], None);
    }
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let format = match ext.as_str() {
        "png" => ImageFormat::Png,
        "jpg" | "jpeg" => ImageFormat::Jpeg,
        "gif" => ImageFormat::Gif,
        "svg" => {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return (vec![error("the SVG is not UTF-8 text".into()).with_help("save the SVG as UTF-8")], None);
            };
            return (svg::check(display, text), Some(text.to_string()));
        }
        _ => {
            let d = error("the image is not PNG, JPEG, GIF or SVG".into());
            return (vec![d.with_help("save it in one of those formats")], None);
        }
    };
    (raster(bytes, format).err().map(error).into_iter().collect(), None)
}

fn name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "PNG",
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Gif => "GIF",
        _ => "image",
    }
}

/// The image is what its name says, within the pixel limit, and decodes.
fn raster(bytes: &[u8], format: ImageFormat) -> Result<(), String> {
    match image::guess_format(bytes) {
        Ok(f) if f == format => {}
        Ok(other) if matches!(other, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif) => {
            return Err(format!(
                "the image is not a valid {} file: it is a {} file; give it the right extension",
                name(format),
                name(other)
            ));
        }
        _ => return Err(format!("the image is not a valid {} file", name(format))),
    }
    let reader = || {
        let mut r = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_alloc = Some(MAX_ALLOC);
        r.limits(limits);
        r
    };
    let damaged = |e: image::ImageError| format!("the {} image is damaged: {e}", name(format));
    let (w, h) = reader().into_dimensions().map_err(damaged)?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "the image is {w} × {h} pixels ({:.1} megapixels); at most {} megapixels are allowed, so scale it down",
            pixels as f64 / 1e6,
            MAX_PIXELS / 1_000_000
        ));
    }
    reader().decode().map(drop).map_err(damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbImage::new(w, h).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_good_png_passes_and_damage_after_the_header_is_found() {
        let good = png(40, 30);
        assert_eq!(raster(&good, ImageFormat::Png), Ok(()));
        let mut cut = good.clone();
        cut.truncate(good.len() - 20);
        assert!(raster(&cut, ImageFormat::Png).unwrap_err().contains("damaged"));
        let mut flipped = good.clone();
        let at = good.len() - 30;
        flipped[at] ^= 0xFF;
        assert!(raster(&flipped, ImageFormat::Png).unwrap_err().contains("damaged"));
    }

    #[test]
    fn a_picture_over_the_limit_is_refused_from_its_header() {
        // 30,000 × 30,000 pixels, said by the header alone.
        let mut header = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(30_000u32.to_be_bytes());
        ihdr.extend(30_000u32.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        header.extend(13u32.to_be_bytes());
        header.extend(&ihdr);
        header.extend(crc32(&ihdr).to_be_bytes());
        // The start of the pixel data: the header is all a reader needs.
        header.extend(2u32.to_be_bytes());
        header.extend(b"IDAT\x78\x9c");
        header.extend(crc32(b"IDAT\x78\x9c").to_be_bytes());
        let err = raster(&header, ImageFormat::Png).unwrap_err();
        assert!(err.contains("30000 × 30000 pixels (900.0 megapixels)"), "{err}");
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
