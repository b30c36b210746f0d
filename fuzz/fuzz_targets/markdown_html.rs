//! Markdown to the site's HTML: never a panic, and never markup from the
//! text: no element that runs or loads something, no event handler, no
//! link with a scheme that runs code.
#![no_main]

use jaarrapport::markdown::html::{Links, render};
use jaarrapport::markdown::is_safe_url;
use jaarrapport::model::RecId;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    let link = |id: &RecId| Some(format!("werk.html#{}", id.anchor()));
    let links = Links { recommendation: &link, id_prefix: "b1-", under: 3 };
    let html = render(text, Path::new("bijdragen/SZW/2.1.A.md"), &links);
    let lower = html.to_ascii_lowercase();
    for tag in ["<script", "<iframe", "<object", "<embed", "<style", "<meta", "<base", "<form", "<svg", "<link"] {
        assert!(!lower.contains(tag), "{tag} in {html}");
    }
    // Every attribute value we wrote is quoted; an `on...=` outside a quoted
    // value would be an event handler.
    let mut in_tag = false;
    let mut quoted = false;
    let bytes = lower.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' if !quoted => in_tag = true,
            b'>' if !quoted => in_tag = false,
            b'"' if in_tag => quoted = !quoted,
            b'o' if in_tag && !quoted && bytes.get(i + 1) == Some(&b'n') && i > 0 && bytes[i - 1] == b' ' => {
                let name: String = lower[i..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                assert!(name.len() <= 2 || !lower[i + name.len()..].starts_with('='), "handler {name} in {html}");
            }
            _ => {}
        }
    }
    for attr in [" href=\"", " src=\""] {
        for (pos, _) in html.match_indices(attr) {
            let rest = &html[pos + attr.len()..];
            let value = &rest[..rest.find('"').unwrap_or(rest.len())];
            let decoded = value.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
            assert!(is_safe_url(&decoded) || decoded.starts_with("./"), "unsafe {attr}{value} in {html}");
        }
    }
});
