//! The slug of a title, for file names: `Jaarrapportage Arbeidsmigranten
//! 2022` → `jaarrapportage-arbeidsmigranten-2022`. Letters of any script are
//! folded to ASCII by `deunicode` (é → e, ç → c, ñ → n, ø → o, ß → ss), so a
//! title in any language gives a name every file system and URL can hold.

/// Lower-case ASCII letters and digits, runs of anything else one hyphen;
/// `rapport` when nothing is left.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    };
    for c in title.chars() {
        if c.is_ascii() || !c.is_alphanumeric() {
            push(c);
        } else {
            // A letter or digit of another script; a symbol (an emoji) is
            // a separator, not its English name.
            deunicode::deunicode_char(c).unwrap_or("-").chars().for_each(&mut push);
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() { "rapport".into() } else { out.to_string() }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slug_of_the_title() {
        assert_eq!(slugify("Jaarrapportage Arbeidsmigranten 2022"), "jaarrapportage-arbeidsmigranten-2022");
        assert_eq!(slugify("  Één: rapport!  "), "een-rapport");
        assert_eq!(slugify("!!!"), "rapport");
    }

    #[test]
    fn accents_of_every_kind_are_folded() {
        assert_eq!(slugify("Façade, año, Ørsted, Straße"), "facade-ano-orsted-strasse");
        assert_eq!(slugify("Œuvre Ĳssel Łódź"), "oeuvre-ijssel-lodz");
        assert_eq!(slugify("Rapport 🙂 2024"), "rapport-2024");
    }
}
