//! Word forms for ministry writers: a contribution written out as a .docx
//! form (`jaarrapport new --docx`) and read back (`jaarrapport import`).
//!
//! Markdown and Word meet in one structure ([`doc::Doc`]): a body's
//! Markdown is read by the walk the PDF uses too ([`crate::markdown::tree`],
//! read as written) and that tree flattened into it (`from_markdown`), the
//! form is written from it, a form is read back into it, and Markdown is
//! written from it again. `Doc` is the Word side's form of the tree: runs
//! with style flags, as Word holds emphasis, normalised so that two texts
//! that read the same compare equal. The OOXML is written and read
//! here with `zip` and `quick-xml` (see `writer` and `reader` for why not a
//! docx crate).

pub mod annotate;
pub mod contribution;
pub mod date;
pub mod doc;
pub mod form;
pub mod from_markdown;
pub mod guide;
pub mod image;
pub mod merge;
pub mod odt;
pub mod odt_writer;
pub mod package;
pub mod reader;
pub mod review;
pub mod structure;
pub mod terms;
pub mod to_markdown;
pub mod writer;
pub mod xml;

#[cfg(test)]
mod tests {
    //! Markdown → form → Word file → form → structure, without an office suite.
    use super::contribution::doc_of;
    use super::form::{Form, read_filled};
    use super::{from_markdown, reader, writer};

    const RICH: &str = "# Kop\n\nTekst met **vet**, *schuin*, ***beide***, `code`, ~~weg~~ en [een link](https://www.rijksoverheid.nl).\n\n\
        - een\n- twee met [[2.1 a]]\n  - diep\n    1. genummerd\n    2. verder\n- drie\n\n  tweede alinea van drie\n\n\
        3. begint bij drie\n4. vier\n\n| Stap | Bedrag |\n|---|--:|\n| **Indiening** | € 12,4 mln |\n| Behandeling | 3 |\n\n\
        > Een citaat.\n\n```\nregel 1\nregel 2\n```\n\n***\n\nNoot[^a] en noot[^b], regel\\\nafgebroken. ![Kaart van Nederland](../../afbeeldingen/k.svg)\n\n\
        [^a]: Eerste, met *nadruk*.\n[^b]: Tweede.\n";

    #[test]
    fn every_structure_survives_a_word_file() {
        let doc = from_markdown::parse(RICH);
        let form = Form { body: doc.clone(), ..Form::default() };
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\"/>".to_vec();
        let bytes =
            writer::write(&form, &|url| (url == "../../afbeeldingen/k.svg").then(|| (svg.clone(), "svg".into())))
                .unwrap();
        let word = reader::read(&bytes).unwrap();
        let filled = read_filled(&word).unwrap();
        assert_eq!(doc_of(&filled), doc);
        assert!(word.media.values().any(|(b, ext)| **b == *svg && ext == "svg"));
    }

    #[test]
    fn every_structure_survives_an_odt_file() {
        let doc = from_markdown::parse(RICH);
        let form = Form { body: doc.clone(), ..Form::default() };
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\"/>".to_vec();
        let bytes = super::odt_writer::write(&form, &|url| {
            (url == "../../afbeeldingen/k.svg").then(|| (svg.clone(), "svg".into()))
        })
        .unwrap();
        assert!(super::odt::is_odt(&bytes));
        let word = super::odt::read(&bytes).unwrap();
        let filled = read_filled(&word).unwrap();
        assert_eq!(super::to_markdown::write(&doc_of(&filled)), super::to_markdown::write(&doc));
        assert_eq!(doc_of(&filled), doc);
        assert!(word.media.values().any(|(b, ext)| **b == *svg && ext == "svg"));
        // The same bytes for the same form.
        assert_eq!(
            super::odt_writer::write(&form, &|_| None).unwrap(),
            super::odt_writer::write(&form, &|_| None).unwrap()
        );
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_corrupt() {
        assert!(matches!(reader::read(b"not a zip"), Err(reader::ReadError::Corrupt(_))));
    }

    /// A package with one document.xml, as a hostile file would bring it.
    fn package(document: &str) -> Vec<u8> {
        package_with(&[("word/document.xml", document)])
    }

    fn package_with(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn hostile_documents_end_in_an_error_or_text_never_a_panic() {
        // Entities are never expanded (no billion laughs), deep nesting is refused.
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#;
        let word = reader::read(&package(laughs)).unwrap();
        assert!(matches!(&word.items[0], reader::Item::Para(p) if super::doc::plain_text(&p.inlines) == "&b;"));
        let deep = format!(
            "<w:document><w:body>{}{}</w:body></w:document>",
            "<w:tbl><w:tr><w:tc>".repeat(5000),
            "</w:tc></w:tr></w:tbl>".repeat(5000)
        );
        assert!(
            matches!(reader::read(&package(&deep)), Err(reader::ReadError::Corrupt(m)) if m.contains("te diep genest"))
        );
        // Every cut of a real form reads or fails cleanly.
        let form = Form { body: from_markdown::parse(RICH), ..Form::default() };
        let bytes = writer::write(&form, &|_| None).unwrap();
        let word = reader::read(&bytes).unwrap();
        assert!(read_filled(&word).is_ok());
        let xml = String::from_utf8(unzip(&bytes, "word/document.xml")).unwrap();
        for cut in (0..xml.len()).step_by(xml.len() / 97 + 1) {
            let cut = (0..=cut).rev().find(|&c| xml.is_char_boundary(c)).unwrap_or(0);
            if let Ok(w) = reader::read(&package(&xml[..cut])) {
                let _ = read_filled(&w);
            }
        }
        // Lists claiming any depth stay within Word's nine levels.
        let steep: String = (0..2000)
            .map(|i| format!(r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{i}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#))
            .collect();
        let numbering = r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let document = format!("<w:document><w:body>{steep}</w:body></w:document>");
        let word = reader::read(&package_with(&[("word/document.xml", &document), ("word/numbering.xml", numbering)]))
            .unwrap();
        let blocks = super::structure::blocks(word.items);
        let md = super::to_markdown::write(&super::doc::Doc { blocks: blocks.into_iter().map(|(b, _)| b).collect() });
        assert!(md.lines().all(|l| l.len() < 40), "nested deeper than nine levels");
        assert_eq!(md.lines().filter(|l| l.trim_start().starts_with("- x")).count(), 2000);
    }

    #[test]
    fn word_s_own_ways_read_like_ours() {
        // Bullets through the List Bullet style, bold through a character
        // style, a link as a HYPERLINK field, a footnote, a page break.
        let styles = r#"<w:styles><w:style w:type="paragraph" w:styleId="Lijstopsomteken"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style><w:style w:type="character" w:styleId="Zwaar"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/></w:style></w:styles>"#;
        let numbering = r#"<w:numbering><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#;
        let footnotes = r#"<w:footnotes><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Uit Word.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let document = r#"<w:document><w:body><w:p><w:pPr><w:pStyle w:val="Kop2"/></w:pPr><w:r><w:t>Kop</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Een </w:t></w:r><w:r><w:rPr><w:rStyle w:val="Zwaar"/></w:rPr><w:t>zwaar</w:t></w:r><w:r><w:t xml:space="preserve"> woord</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> en </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.tweedekamer.nl" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>de Kamer</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Lijstopsomteken"/></w:pPr><w:r><w:t>punt</w:t></w:r></w:p></w:body></w:document>"#;
        let word = reader::read(&package_with(&[
            ("word/document.xml", document),
            ("word/styles.xml", styles),
            ("word/numbering.xml", numbering),
            ("word/footnotes.xml", footnotes),
        ]))
        .unwrap();
        let blocks: Vec<_> = super::structure::blocks(word.items).into_iter().map(|(b, _)| b).collect();
        assert_eq!(
            super::to_markdown::write(&super::doc::Doc { blocks }),
            "## Kop\n\nEen **zwaar** woord[^1] en [de Kamer](https://www.tweedekamer.nl).\n\n- punt\n\n[^1]: Uit Word.\n"
        );
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    /// The text of every paragraph of a body, as read.
    fn texts(body: &str, parts: &[(&str, &str)]) -> Result<Vec<String>, reader::ReadError> {
        let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        let mut all = vec![("word/document.xml", document.as_str())];
        all.extend_from_slice(parts);
        let word = reader::read(&package_with(&all))?;
        Ok(word
            .items
            .iter()
            .filter_map(|i| match i {
                reader::Item::Para(p) => Some(super::doc::plain_text(&p.inlines)),
                reader::Item::Table(_) => None,
            })
            .collect())
    }

    #[test]
    fn only_what_an_office_suite_shows_is_read() {
        let p = |runs: &str| format!("<w:p>{runs}</w:p>");
        let t = |s: &str| format!("<w:r><w:t>{s}</w:t></w:r>");
        // Hidden by the run, undone by the run, hidden by the defaults.
        let hidden = p(&format!("{}<w:r><w:rPr><w:vanish/></w:rPr><w:t>weg</w:t></w:r>", t("zichtbaar")));
        assert_eq!(texts(&hidden, &[]).unwrap(), ["zichtbaar"]);
        let styles = format!(
            r#"<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#
        );
        let shown = p(&format!("{}<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>terug</w:t></w:r>", t("weg")));
        assert_eq!(texts(&shown, &[("word/styles.xml", &styles)]).unwrap(), ["terug"]);
        // The chosen branch only: understood, not understood, a prefix
        // declared again on the way to another namespace.
        let alternate = |decl: &str, requires: &str| {
            p(&format!(
                r#"<w:r><mc:AlternateContent {decl}><mc:Choice Requires="{requires}"><w:t>keuze</w:t></mc:Choice><mc:Fallback><w:t>terugval</w:t></mc:Fallback></mc:AlternateContent></w:r>"#
            ))
        };
        let wps = r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#;
        assert_eq!(texts(&alternate(wps, "wps"), &[]).unwrap(), ["keuze"]);
        assert_eq!(texts(&alternate(r#"xmlns:x="urn:onbekend""#, "x"), &[]).unwrap(), ["terugval"]);
        assert_eq!(texts(&alternate("", "wps"), &[]).unwrap(), ["terugval"]);
        assert_eq!(texts(&alternate(&format!("{wps} xmlns:y=\"urn:y\""), "wps y"), &[]).unwrap(), ["terugval"]);
        // Nested in the body and in paragraphs: one branch at each level.
        let nested = format!(
            r#"<mc:AlternateContent><mc:Choice Requires="wps" {wps}>{}</mc:Choice><mc:Fallback>{}</mc:Fallback></mc:AlternateContent>"#,
            p(&t("binnen")),
            p(&t("niet"))
        );
        assert_eq!(texts(&nested, &[]).unwrap(), ["binnen"]);
        // Markup of another namespace, even with the w prefix, is not text.
        let foreign = p(&format!(r#"{}<w:r xmlns:w="urn:nep"><w:t>nep</w:t></w:r>"#, t("echt")));
        assert_eq!(texts(&foreign, &[]).unwrap(), ["echt"]);
    }

    #[test]
    fn crafted_sharing_is_bounded_or_refused() {
        // One footnote referred to twice: refused, not copied.
        let notes = format!(
            r#"<w:footnotes {W}><w:footnote w:id="1"><w:p><w:r><w:t>Noot</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let twice =
            r#"<w:p><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#;
        assert!(
            matches!(texts(twice, &[("word/footnotes.xml", &notes)]), Err(reader::ReadError::Corrupt(m)) if m.contains("meer dan eens"))
        );
        // One media part named by many relationships: unpacked once, shared.
        let rels: String =
            (0..500).map(|i| format!(r#"<Relationship Id="r{i}" Type="image" Target="media/een.png"/>"#)).collect();
        let rels = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        );
        let document = format!("<w:document {W}><w:body/></w:document>");
        let word = reader::read(&package_with(&[
            ("word/document.xml", &document),
            ("word/_rels/document.xml.rels", &rels),
            ("word/media/een.png", "PNG"),
        ]))
        .unwrap();
        assert_eq!(word.media.len(), 500);
        let first = &word.media["r0"].0;
        assert!(word.media.values().all(|(b, _)| std::sync::Arc::ptr_eq(b, first)));
    }

    #[test]
    fn markdown_nested_thousands_deep_is_flattened_with_its_text() {
        let quotes = format!("{} diep citaat\n", ">".repeat(5000));
        let lists: String = (0..3000).map(|i| format!("{}- punt {i}\n", "  ".repeat(i))).collect();
        let stars = format!("{}tekst{}\n", "*".repeat(20000), "*".repeat(20000));
        for (md, kept) in [(quotes, "diep citaat"), (lists, "punt 2999"), (stars, "tekst")] {
            let doc = from_markdown::parse(&md);
            let form = Form { body: doc.clone(), ..Form::default() };
            let bytes = writer::write(&form, &|_| None).unwrap();
            let back = doc_of(&read_filled(&reader::read(&bytes).unwrap()).unwrap());
            let text = super::to_markdown::write(&back);
            assert!(text.contains(kept), "{kept} lost");
        }
    }

    fn unzip(bytes: &[u8], name: &str) -> Vec<u8> {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
        out
    }
}
