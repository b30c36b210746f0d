//! What the PDF's fonts can print. Validation warns about the rest, the
//! PDF renderer replaces it; both ask here, so the two never disagree.

/// Whether the PDF's fonts (typst's embedded Libertinus Serif) can print
/// `c`. Under PDF/A and PDF/UA a missing glyph stops typst, so anything
/// else is replaced before typst sees it, and `check` warns about it. The
/// ranges are verified by compiling every one of their characters
/// (tests/pdf.rs).
pub fn printable(c: char) -> bool {
    matches!(c, '\n' | '\t')
        || matches!(c as u32,
            0x20..=0x7E | 0xA0..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF
            | 0x200B | 0x2010..=0x2027 | 0x2030..=0x2040 | 0x2042 | 0x2044..=0x205E
            | 0x20AC | 0x2122 | 0x2190..=0x2199 | 0x2714)
            && !matches!(c as u32, 0x378 | 0x379 | 0x380..=0x383 | 0x38B | 0x38D | 0x3A2)
}

/// What an unprintable character becomes in the PDF.
pub const REPLACEMENT: char = '?';
