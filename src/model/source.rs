//! Sources (`bronnen`) and the report's own `kamerstuk`, read once so that
//! every output can link them: a parliamentary paper to its official
//! publication on zoek.officielebekendmakingen.nl, a web address to
//! itself. Writers cite Kamerstukken in many ways (`Kamerstuk 29 861, nr.
//! 99`, `Kamerstukken II 2022/23, 29 861, nr. 99`, `kst-29861-99`); each
//! is read here into the one official identifier.

use std::fmt;

/// A source as written, with the address it leads to when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub text: String,
    pub link: Option<String>,
}

/// A parliamentary paper: dossier `29861` (with an addition such as `VII`
/// for a budget chapter or `21` for a sub-dossier) and its number within
/// the dossier (`99`; the Eerste Kamer numbers with letters, `A`). Without
/// a number it is the dossier as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kamerstuk {
    pub dossier: String,
    pub addition: Option<String>,
    pub number: Option<String>,
}

/// Why a text that starts like a Kamerstuk reference cannot be read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const PUBLICATIONS: &str = "https://zoek.officielebekendmakingen.nl";

impl Kamerstuk {
    /// `kst-29861-99`, `kst-36600-VII-1`, or `36600-VII` for a dossier.
    pub fn identifier(&self) -> String {
        let mut id = self.dossier.clone();
        if let Some(a) = &self.addition {
            id.push('-');
            id.push_str(a);
        }
        match &self.number {
            Some(n) => format!("kst-{id}-{n}"),
            None => id,
        }
    }

    /// The official publication (or the dossier's page).
    pub fn url(&self) -> String {
        match &self.number {
            Some(_) => format!("{PUBLICATIONS}/{}.html", self.identifier()),
            None => format!("{PUBLICATIONS}/dossier/{}", self.identifier()),
        }
    }
}

impl Source {
    /// Reads a source from `bronnen`. A text that starts like a Kamerstuk
    /// reference (`Kamerstuk…`, `kst-…`) must be readable as one; anything
    /// else is kept as text, linked when it holds a web address.
    pub fn parse(text: &str) -> Result<Source, Unreadable> {
        let link = if looks_like_kamerstuk(text) { Some(read_kamerstuk(text, true)?.url()) } else { web_address(text) };
        Ok(Source { text: text.trim().to_string(), link })
    }

    /// Reads one numbered paper, as a motion is (`Kamerstuk 35 359, nr. 9`,
    /// with or without the word `Kamerstuk`): a dossier alone is not one.
    pub fn parse_paper(text: &str) -> Result<Source, Unreadable> {
        if !looks_like_kamerstuk(text) && !text.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            return Err(unreadable("it does not start with `Kamerstuk`, `kst-` or a dossier number"));
        }
        let k = read_kamerstuk(text, false)?;
        if k.number.is_none() {
            return Err(unreadable("it names a dossier, not one paper in it (add `nr. …`)"));
        }
        Ok(Source { text: text.trim().to_string(), link: Some(k.url()) })
    }

    /// Reads `rapport.yaml`'s `kamerstuk`, which is the number alone
    /// (`29 861, nr. 99`) or a whole reference.
    pub fn parse_kamerstuk(text: &str) -> Result<Source, Unreadable> {
        let k = read_kamerstuk(text, false)?;
        Ok(Source { text: text.trim().to_string(), link: Some(k.url()) })
    }
}

fn looks_like_kamerstuk(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    t.starts_with("kamerstuk") || t.starts_with("kst-") || t.starts_with("kst ")
}

/// The first `http://` or `https://` address in the text, without the
/// punctuation that ends a sentence around it.
fn web_address(text: &str) -> Option<String> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[start..];
    let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(rest.len());
    let mut url = &rest[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        // A closing bracket belongs to the address only when it opened one.
        let trimmed = match trimmed.chars().last() {
            Some(')') if trimmed.matches('(').count() < trimmed.matches(')').count() => &trimmed[..trimmed.len() - 1],
            Some(']') if trimmed.matches('[').count() < trimmed.matches(']').count() => &trimmed[..trimmed.len() - 1],
            _ => trimmed,
        };
        if trimmed == url {
            break;
        }
        url = trimmed;
    }
    let host = url.split_once("://")?.1.split(['/', '?', '#']).next()?;
    let host_ok = !host.is_empty()
        && host.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '@' | '[' | ']'))
        && host.chars().any(char::is_alphanumeric);
    (host_ok && !url.chars().any(char::is_control)).then(|| url.to_string())
}

/// A piece of a reference: a word, a number or one punctuation mark, with
/// where it ends in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Num(&'a str),
    Mark(char),
}

fn tokens(text: &str) -> Vec<(Tok<'_>, usize)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let same = |d: char| if c.is_ascii_digit() { d.is_ascii_digit() } else { d.is_alphabetic() };
        if c.is_ascii_digit() || c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !same(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let s = &text[i..end];
            out.push((if c.is_ascii_digit() { Tok::Num(s) } else { Tok::Word(s) }, end));
        } else {
            out.push((Tok::Mark(c), i + c.len_utf8()));
        }
    }
    out
}

struct Cursor<'a> {
    toks: Vec<(Tok<'a>, usize)>,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<Tok<'a>> {
        self.toks.get(self.at).map(|t| t.0)
    }
    fn peek_at(&self, n: usize) -> Option<Tok<'a>> {
        self.toks.get(self.at + n).map(|t| t.0)
    }
    fn bump(&mut self) -> Option<Tok<'a>> {
        let t = self.peek();
        self.at += 1;
        t
    }
    fn eat_mark(&mut self, marks: &[char]) -> bool {
        match self.peek() {
            Some(Tok::Mark(m)) if marks.contains(&m) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }
    fn eat_word(&mut self, words: &[&str]) -> bool {
        match self.peek() {
            Some(Tok::Word(w)) if words.iter().any(|x| x.eq_ignore_ascii_case(w)) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }
    /// Byte offset where the tokens read so far end.
    fn consumed(&self) -> usize {
        if self.at == 0 { 0 } else { self.toks[self.at.min(self.toks.len()) - 1].1 }
    }
}

const DASHES: [char; 3] = ['-', '–', '—'];

/// An addition to a dossier number: a Roman budget chapter (`VII`, `IXB`),
/// a capital letter (`A`) or a sub-dossier number (`21`).
fn is_addition(t: Tok) -> bool {
    match t {
        Tok::Num(n) => n.len() <= 3,
        Tok::Word(w) => {
            w.len() <= 6
                && w.chars().all(|c| c.is_ascii_uppercase())
                && (w.len() <= 2 || w.trim_end_matches(['A', 'B']).chars().all(|c| "IVXLC".contains(c)))
        }
        Tok::Mark(_) => false,
    }
}

fn tok_text(t: Tok<'_>) -> &str {
    match t {
        Tok::Word(s) | Tok::Num(s) => s,
        Tok::Mark(_) => "",
    }
}

/// A dossier number: `29861`, or written with a space, `29 861`.
fn dossier_number(c: &mut Cursor) -> Option<String> {
    match (c.peek(), c.peek_at(1)) {
        (Some(Tok::Num(a)), Some(Tok::Num(b))) if (1..=3).contains(&a.len()) && b.len() == 3 => {
            c.at += 2;
            Some(format!("{a}{b}"))
        }
        (Some(Tok::Num(a)), _) if (4..=6).contains(&a.len()) => {
            c.at += 1;
            Some(a.to_string())
        }
        _ => None,
    }
}

fn unreadable(msg: &str) -> Unreadable {
    Unreadable(msg.to_string())
}

fn read_kamerstuk(text: &str, prefix_required: bool) -> Result<Kamerstuk, Unreadable> {
    let mut c = Cursor { toks: tokens(text), at: 0 };
    // `kst-29861-99`, `kst-36600-VII-1`: the official identifier.
    if c.eat_word(&["kst"]) && c.eat_mark(&DASHES) {
        return read_identifier(text, &mut c);
    }
    c.at = 0;
    let prefixed = c.eat_word(&["kamerstuk", "kamerstukken"]);
    if !prefixed && prefix_required {
        return Err(unreadable("it is not written as `Kamerstuk 29 861, nr. 99` or `kst-29861-99`"));
    }
    // Chamber (Kamerstukken I or II) and parliamentary year, both optional.
    if c.eat_word(&["I", "II"]) {
        c.eat_mark(&[',']);
    }
    c.eat_word(&["vergaderjaar"]);
    if let (Some(Tok::Num(y)), Some(Tok::Mark(m)), Some(Tok::Num(z))) = (c.peek(), c.peek_at(1), c.peek_at(2))
        && y.len() == 4
        && (m == '/' || DASHES.contains(&m))
        && (z.len() == 2 || z.len() == 4)
    {
        c.at += 3;
        c.eat_mark(&[',']);
    }
    let Some(dossier) = dossier_number(&mut c) else {
        return Err(unreadable("no dossier number (five digits, as in `29 861`) after `Kamerstuk`"));
    };
    let mut addition = None;
    let before = c.at;
    if c.eat_mark(&DASHES) {
        match c.bump() {
            Some(t) if is_addition(t) => addition = Some(tok_text(t).to_string()),
            _ => c.at = before,
        }
    } else if let Some(t @ Tok::Word(_)) = c.peek()
        && is_addition(t)
        && tok_text(t).len() > 1
        && !tok_text(t).eq_ignore_ascii_case("nr")
    {
        c.at += 1;
        addition = Some(tok_text(t).to_string());
    }
    // A rijkswet's number, `(R2154)`, adds nothing to the identifier.
    if let (Some(Tok::Mark('(')), Some(Tok::Word("R")), Some(Tok::Num(_)), Some(Tok::Mark(')'))) =
        (c.peek(), c.peek_at(1), c.peek_at(2), c.peek_at(3))
    {
        c.at += 4;
    }
    // A paper in two dossiers names both; its number is in the first.
    loop {
        let mark = c.at;
        if c.eat_mark(&[',']) && dossier_number(&mut c).is_some() {
            continue;
        }
        c.at = mark;
        break;
    }
    let after_dossier = c.at;
    let comma = c.eat_mark(&[',']);
    let number = if c.eat_word(&["nr", "no", "nummer"]) {
        c.eat_mark(&['.']);
        let Some(Tok::Num(n)) = c.bump() else {
            return Err(unreadable("`nr.` is not followed by a number"));
        };
        let n = n.trim_start_matches('0');
        if n.is_empty() {
            return Err(unreadable("a Kamerstuk's number is never 0"));
        }
        Some(n.to_string())
    } else if c.eat_word(&["nrs", "nos", "nummers"]) {
        return Err(unreadable("several numbers in one source"));
    } else if let Some(Tok::Word(w)) = c.peek()
        && comma
        && (1..=2).contains(&w.len())
        && w.chars().all(|ch| ch.is_ascii_uppercase())
    {
        // The Eerste Kamer numbers its papers with letters: `36 130, A`.
        c.at += 1;
        Some(w.to_string())
    } else {
        c.at = after_dossier;
        None
    };
    check_rest(&text[c.consumed()..])?;
    Ok(Kamerstuk { dossier, addition, number })
}

/// `kst-29861-99`, `kst-36600-VII-1`, after `kst-`.
fn read_identifier(text: &str, c: &mut Cursor) -> Result<Kamerstuk, Unreadable> {
    let bad = || unreadable("a `kst-` identifier is written `kst-29861-99` (dossier, then number)");
    let Some(Tok::Num(dossier)) = c.bump() else { return Err(bad()) };
    if !(4..=6).contains(&dossier.len()) || !c.eat_mark(&DASHES) {
        return Err(bad());
    }
    let first = c.bump().filter(|t| is_addition(*t) || matches!(t, Tok::Num(_))).ok_or_else(bad)?;
    let (addition, number) = if c.eat_mark(&DASHES) {
        let second = c.bump().filter(|t| matches!(t, Tok::Num(_) | Tok::Word(_))).ok_or_else(bad)?;
        (Some(tok_text(first).to_string()), tok_text(second).to_string())
    } else {
        (None, tok_text(first).to_string())
    };
    // `kst-29861-99.html` as copied from the address bar.
    let mark = c.at;
    if !(c.eat_mark(&['.']) && c.eat_word(&["html", "pdf", "xml"])) {
        c.at = mark;
    }
    check_rest(&text[c.consumed()..])?;
    Ok(Kamerstuk { dossier: dossier.to_string(), addition, number: Some(number) })
}

/// What follows a reference may be a description (`, p. 3`, `(brief van
/// 4 juli 2022)`), but not another number, which would make the reference
/// ambiguous.
fn check_rest(rest: &str) -> Result<(), Unreadable> {
    let r = rest.trim_start();
    let more = r.trim_start_matches([',', '&', '/', '-', '–', '+']).trim_start();
    let more = more.strip_prefix("en ").or_else(|| more.strip_prefix("t/m ")).unwrap_or(more).trim_start();
    if r.chars().next().is_some_and(|ch| ch.is_alphanumeric()) || more.starts_with(|ch: char| ch.is_ascii_digit()) {
        return Err(unreadable("the reference goes on with something that is not part of a Kamerstuk number"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str) -> Option<String> {
        Source::parse(text).unwrap_or_else(|e| panic!("{text}: {e}")).link
    }

    const KST_29861_99: &str = "https://zoek.officielebekendmakingen.nl/kst-29861-99.html";

    #[test]
    fn every_spelling_of_one_kamerstuk_links_to_its_publication() {
        for text in [
            "Kamerstuk 29 861, nr. 99",
            "Kamerstuk 29861, nr. 99",
            "Kamerstuk 29 861 nr. 99",
            "Kamerstukken 29861 nr 99",
            "kamerstuk 29 861, nr.99",
            "Kamerstuk 29 861, nummer 99",
            "Kamerstukken II 2022/23, 29 861, nr. 99",
            "Kamerstukken II 2022-2023, 29 861, nr. 99",
            "Kamerstukken II, vergaderjaar 2022–2023, 29 861, nr. 99",
            "Kamerstukken II 2022/2023 29861 nr. 99",
            "kst-29861-99",
            "KST-29861-99.html",
            "  Kamerstuk 29 861, nr. 099  ",
            "Kamerstuk 29 861, nr. 99 (Voortgangsbrief arbeidsmigratie)",
            "Kamerstuk 29 861, nr. 99, p. 3",
            "Kamerstuk 29 861, nr. 99: de voortgangsbrief",
        ] {
            assert_eq!(link(text).as_deref(), Some(KST_29861_99), "{text}");
        }
    }

    #[test]
    fn additions_letters_and_dossiers() {
        let url = |id: &str| format!("https://zoek.officielebekendmakingen.nl/{id}");
        assert_eq!(link("Kamerstuk 36 600 VII, nr. 1"), Some(url("kst-36600-VII-1.html")));
        assert_eq!(link("Kamerstukken II 2024/25, 36600-VII, nr. 1"), Some(url("kst-36600-VII-1.html")));
        assert_eq!(link("kst-36600-VII-1"), Some(url("kst-36600-VII-1.html")));
        assert_eq!(link("Kamerstuk 21 501-21, nr. 12"), Some(url("kst-21501-21-12.html")));
        assert_eq!(link("Kamerstukken I 2022/23, 36 130, A"), Some(url("kst-36130-A.html")));
        assert_eq!(link("Kamerstuk 31728, 30914, nr. 5"), Some(url("kst-31728-5.html")));
        assert_eq!(link("Kamerstuk 36 054 (R2154), nr. 3"), Some(url("kst-36054-3.html")));
        assert_eq!(link("Kamerstuk 36 130"), Some(url("dossier/36130")));
        assert_eq!(link("Kamerstukken 36 130 (Wet toezicht)"), Some(url("dossier/36130")));
    }

    #[test]
    fn what_starts_like_a_kamerstuk_but_is_not_one_is_refused() {
        for text in [
            "Kamerstuk",
            "Kamerstuk nr. 99",
            "Kamerstukken II 2022/23",
            "Kamerstuk 29 861, nr.",
            "Kamerstuk 29 861, nrs. 55 en 99",
            "Kamerstuk 29 861, nr. 99 en 100",
            "Kamerstuk 29 861, nr. 99, 100",
            "Kamerstuk 29 861, nr. 0",
            "Kamerstuk 298, nr. 9",
            "Kamerstuk 29 861 99",
            "Kamerstuk 29 861 brief",
            "kst-29861",
            "kst-299-9",
            "kst-29861-99-1-2",
        ] {
            assert!(Source::parse(text).is_err(), "{text} was read as {:?}", Source::parse(text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, failure_persistence: None, ..Default::default() })]

        /// Whatever follows `Kamerstuk` or `kst-`: an answer, never a panic,
        /// and a link only to the official publications.
        #[test]
        fn any_text_is_read_without_a_panic(
            prefix in proptest::sample::select(vec!["Kamerstuk ", "Kamerstukken II 2022/23, ", "kst-", "", "https://"]),
            rest in "[0-9 ,.a-zA-Z\\-–/()é:]{0,40}",
        ) {
            let text = format!("{prefix}{rest}");
            if let Ok(s) = Source::parse(&text)
                && let Some(link) = s.link
                && prefix != "https://"
                && !rest.contains("http")
            {
                proptest::prop_assert!(link.starts_with(PUBLICATIONS), "{text} -> {link}");
            }
            let _ = Source::parse_kamerstuk(&text);
        }
    }

    #[test]
    fn the_report_number_alone_is_read_too() {
        let k = Source::parse_kamerstuk("29 861, nr. 99").unwrap();
        assert_eq!(k.link.as_deref(), Some(KST_29861_99));
        assert_eq!(k.text, "29 861, nr. 99");
        assert_eq!(Source::parse_kamerstuk("Kamerstuk 29 861, nr. 99").unwrap().link.as_deref(), Some(KST_29861_99));
        assert!(Source::parse_kamerstuk("nr. 99").is_err());
    }

    #[test]
    fn a_paper_needs_its_number() {
        assert_eq!(
            Source::parse_paper("35 359, nr. 9").unwrap().link.as_deref(),
            Some("https://zoek.officielebekendmakingen.nl/kst-35359-9.html")
        );
        assert!(Source::parse_paper("Kamerstuk 35 359").is_err());
        assert!(Source::parse_paper("TZ202305-160").is_err());
    }

    #[test]
    fn web_addresses_link_and_other_text_does_not() {
        assert_eq!(
            link("https://www.rijksoverheid.nl/a/b?c=d#e").as_deref(),
            Some("https://www.rijksoverheid.nl/a/b?c=d#e")
        );
        assert_eq!(
            link("Brief van de minister (https://www.tweedekamer.nl/x), zie daar.").as_deref(),
            Some("https://www.tweedekamer.nl/x")
        );
        assert_eq!(
            link("Zie https://nl.wikipedia.org/wiki/Kamerstuk_(Nederland).").as_deref(),
            Some("https://nl.wikipedia.org/wiki/Kamerstuk_(Nederland)")
        );
        assert_eq!(link("http://example.org").as_deref(), Some("http://example.org"));
        assert_eq!(link("Advies Geen tweederangsburgers (2020)"), None);
        assert_eq!(link("https://"), None);
        assert_eq!(link("https:// spatie"), None);
        assert_eq!(link("javascript:alert(1)"), None);
        assert_eq!(link("Handelingen II 2022/23, nr. 12"), None);
        assert_eq!(Source::parse("  De brief  ").unwrap().text, "De brief");
    }
}
