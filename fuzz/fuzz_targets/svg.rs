//! The SVG check: never a panic on any text, and an SVG it lets through
//! holds, read again by the XML parser, nothing that can run or load:
//! only SVG elements, no script or foreignObject in any namespace, no
//! event handler, no DTD, every `href` a `#fragment`, every `url(` one too.
#![no_main]

use jaarrapport::validate::check_svg;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    if !check_svg(Path::new("a.svg"), text).is_empty() {
        return;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = roxmltree::Document::parse(text).expect("an SVG that passed is XML without a DTD");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name();
        assert_eq!(name.namespace(), Some("http://www.w3.org/2000/svg"), "{text}");
        assert!(!matches!(name.name(), "script" | "foreignObject" | "image" | "set" | "animate"), "{text}");
        for attr in node.attributes() {
            assert!(!attr.name().to_ascii_lowercase().starts_with("on"), "{text}");
            let value = attr.value().to_ascii_lowercase();
            if attr.name() == "href" {
                assert!(value.starts_with('#'), "{text}");
            }
            for (at, _) in value.match_indices("url(") {
                let target = value[at + 4..].trim_start().trim_start_matches(['"', '\'']);
                assert!(target.starts_with('#'), "{text}");
            }
        }
    }
});
