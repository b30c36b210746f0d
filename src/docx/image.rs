//! The size an embedded image is shown at, read from its own header (PNG,
//! GIF, JPEG) or attributes (SVG), scaled to fit the page's text width.

/// English Metric Units per pixel at 96 dpi.
const EMU_PER_PX: u64 = 9525;
/// 16 cm, the text width of an A4 page with the form's margins.
const MAX_WIDTH: u64 = 5_760_000;

pub fn size_emu(bytes: &[u8], ext: &str) -> (u64, u64) {
    let (w, h) = pixels(bytes, ext).filter(|&(w, h)| w > 0 && h > 0).unwrap_or((600, 400));
    let (mut cx, mut cy) = (w * EMU_PER_PX, h * EMU_PER_PX);
    if cx > MAX_WIDTH {
        cy = cy * MAX_WIDTH / cx;
        cx = MAX_WIDTH;
    }
    (cx, cy.max(1))
}

fn pixels(b: &[u8], ext: &str) -> Option<(u64, u64)> {
    let be32 = |i: usize| Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as u64);
    let be16 = |i: usize| Some(u16::from_be_bytes(b.get(i..i + 2)?.try_into().ok()?) as u64);
    let le16 = |i: usize| Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?) as u64);
    match ext {
        "png" => Some((be32(16)?, be32(20)?)),
        "gif" => Some((le16(6)?, le16(8)?)),
        "jpg" | "jpeg" => {
            let mut i = 2;
            while i + 9 < b.len() {
                if b[i] != 0xFF {
                    return None;
                }
                let marker = b[i + 1];
                let len = be16(i + 2)? as usize;
                if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
                    return Some((be16(i + 7)?, be16(i + 5)?));
                }
                i += 2 + len;
            }
            None
        }
        "svg" => svg_size(&String::from_utf8_lossy(b)),
        _ => None,
    }
}

fn svg_size(text: &str) -> Option<(u64, u64)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=")).or_else(|| tag.find(&format!("\n{name}=")))?;
        let rest = &tag[at + name.len() + 2..];
        let quote = rest.chars().next()?;
        let end = rest[1..].find(quote)?;
        Some(rest[1..1 + end].to_string())
    };
    let number = |s: &str| -> Option<f64> {
        let n: String = s.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        n.parse().ok()
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(|w| number(&w)), attr("height").and_then(|h| number(&h))) {
        return Some((w as u64, h as u64));
    }
    let vb: Vec<f64> = attr("viewBox")?.split([' ', ',']).filter_map(|p| p.parse().ok()).collect();
    (vb.len() == 4).then(|| (vb[2] as u64, vb[3] as u64))
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_sizes_from_attributes_or_view_box() {
        assert_eq!(super::svg_size(r#"<svg width="800" height="200">"#), Some((800, 200)));
        assert_eq!(super::svg_size(r#"<svg viewBox="0 0 400 100">"#), Some((400, 100)));
        assert_eq!(super::size_emu(br#"<svg viewBox="0 0 1200 300">"#, "svg"), (5_760_000, 1_440_000));
    }
}
