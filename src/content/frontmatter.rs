//! Separates YAML front matter from the Markdown body, and nothing else
//! (as Zola's `split.rs`): what the fields mean is for validation.

/// Front matter was opened with `---` and never closed.
#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed;

/// A file split in two; line numbers are 1-based lines of the whole file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// Line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Line of the file on which the body starts.
    pub body_line: usize,
}

/// Front matter starts with `---` on the first line and ends with `---` (or
/// `...`) on a line of its own. `Err` means it was opened but never closed.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let Some(rest) = text.strip_prefix("---") else {
        return Ok(Split { yaml: None, yaml_line: 1, body: text, body_line: 1 });
    };
    let Some(rest) = rest.strip_prefix('\n').or_else(|| rest.trim_end_matches([' ', '\t']).strip_prefix('\n')) else {
        // `---` followed by more text is a thematic break or a table, not front matter.
        if rest.trim().is_empty() {
            return Err(Unclosed);
        }
        return Ok(Split { yaml: None, yaml_line: 1, body: text, body_line: 1 });
    };
    let yaml_start = text.len() - rest.len();
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(rest.split_inclusive('\n')) {
        let fence = l.trim_end();
        if fence == "---" || fence == "..." {
            let body_start = offset + l.len();
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\nstatus: x\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, Some("status: x\n"));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "# Title\n");
    }

    #[test]
    fn empty_front_matter() {
        let s = split("---\n---\nx").unwrap();
        assert_eq!(s.yaml, Some(""));
        assert_eq!(s.body, "x");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\nstatus: x\nBody\n").is_err());
        assert!(split("---").is_err());
    }
}
