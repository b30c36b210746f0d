//! A Word file as a writer might send it back: any bytes read as a .docx
//! package, as the XML of a document, and as Markdown taken through a form
//! and back. Nothing may panic, hang or blow the stack.
#![no_main]

use jaarrapport::docx::form::{Form, read_filled};
use jaarrapport::docx::{contribution, from_markdown, reader, to_markdown, writer, xml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(word) = reader::read(bytes) {
        let _ = read_filled(&word);
    }
    if let Ok(word) = jaarrapport::docx::odt::read(bytes) {
        let _ = read_filled(&word);
    }
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let _ = xml::parse(text);
    let doc = from_markdown::parse(text);
    let _ = from_markdown::parse(&to_markdown::write(&doc));
    let form = Form { body: doc, ..Form::default() };
    let Ok(file) = writer::write(&form, &|_| None) else { return };
    let word = reader::read(&file).expect("a form we wrote reads back");
    let filled = read_filled(&word).expect("a form we wrote is a form");
    let _ = contribution::doc_of(&filled);
});
