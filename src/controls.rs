//! Control characters: which characters of the content may never reach a
//! terminal or an output file, and how they are shown when a message has
//! to quote them. One place decides, so `check`'s errors and the terminal's
//! escaping always agree.
//!
//! A terminal runs escape sequences (`\e[2J` clears the screen, OSC 8
//! writes links, BEL rings), C1 controls are read as escapes by some
//! terminals, and direction overrides reorder what a reader sees (the
//! "Trojan Source" trick): none of them has a place in a report's text.

use std::borrow::Cow;

/// Tab, line feed and carriage return are text; every other C0 control,
/// DEL and the C1 controls (U+0080–U+009F) are not, nor are the bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c)
}

/// The explicit direction controls of Unicode's bidi algorithm; the marks
/// (LRM, RLM, ALM) only nudge neutral characters and are left alone.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `c` as a message names it: `U+001B`.
pub fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// `s` with every control character written out as `\u{1b}`, so printing
/// it can neither move the cursor nor hide text. Tab and line ends stay.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars().map(|c| if is_control(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect(),
    )
}

/// The same for text that must stay on one line (a message, a path):
/// tab and line ends are written out too.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) && !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if c.is_control() || is_control(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() })
            .collect(),
    )
}

/// How many columns `c` takes once made visible.
pub fn visible_width(c: char) -> usize {
    if is_control(c) { format!("\\u{{{:x}}}", c as u32).len() } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_shown_not_run() {
        assert_eq!(visible("a\u{1b}[2Jb\u{7}c"), "a\\u{1b}[2Jb\\u{7}c");
        assert_eq!(visible("\0\u{85}\u{9b}\u{7f}"), "\\u{0}\\u{85}\\u{9b}\\u{7f}");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert!(matches!(visible("Gewone tekst\tmet tab\r\n"), Cow::Borrowed(_)));
        assert!(matches!(visible("العربية \u{200f} עברית"), Cow::Borrowed(_)));
        assert_eq!(visible_width('\u{1b}'), "\\u{1b}".len());
        assert_eq!(visible_width('é'), 1);
        assert_eq!(one_line("a\nb\tc\u{1b}"), "a\\u{a}b\\u{9}c\\u{1b}");
    }
}
