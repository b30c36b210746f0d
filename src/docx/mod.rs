//! Word forms for ministry writers: a contribution written out as a .docx
//! form (`jaarrapport new --docx`) and read back (`jaarrapport import`).
//!
//! Markdown and Word meet in one structure ([`doc::Doc`]): Markdown is
//! parsed into it, the form is written from it, a form is read back into
//! it, and Markdown is written from it again. The OOXML is written and read
//! here with `zip` and `quick-xml` (see `writer` and `reader` for why not a
//! docx crate).

pub mod contribution;
pub mod doc;
pub mod form;
pub mod from_markdown;
pub mod image;
pub mod reader;
pub mod structure;
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
        assert!(word.media.values().any(|(b, ext)| *b == svg && ext == "svg"));
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_corrupt() {
        assert!(matches!(reader::read(b"not a zip"), Err(reader::ReadError::Corrupt(_))));
    }
}
