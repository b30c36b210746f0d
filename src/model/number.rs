//! Numbers as a Dutch reader writes them: `1.043.210`, `9,75`, and money
//! as `€ 12,4 mln`. Worked out once here, so the site, the PDF and the
//! open data never disagree on how a key figure reads.

/// `1043210.0` → `1.043.210`, `9.75` → `9,75`, `-1200.5` → `-1.200,5`.
/// The digits are those of the shortest text that reads back as the same
/// number (Rust's `Display` for `f64`), so `12.4` stays `12,4` and never
/// becomes `12,399999`.
pub fn dutch(value: f64) -> String {
    let text = format!("{}", value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if value < 0.0 && value != 0.0 {
        out.push('-');
    }
    let digits = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// The same number for a spreadsheet with Dutch settings: decimal comma,
/// no thousands separator (Excel would read `1.043.210` as text).
pub fn spreadsheet(value: f64) -> String {
    format!("{value}").replace('.', ",")
}

/// How a figure's unit (`eenheid`, free text) is printed with its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Money: `€` before the number, the scale word (`mln`, `mld`) after.
    Money { scale: Option<&'static str> },
    /// Anything else: the unit as written, after the number.
    Other(String),
}

impl Unit {
    /// `mln euro`, `miljoen euro`, `€ mln`, `euro` are money; everything
    /// else (`inspecties`, `fte`, `%`) is printed as written.
    pub fn parse(text: &str) -> Unit {
        let t = text.trim();
        let lower = t.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == '.').filter(|w| !w.is_empty()).collect();
        let money = lower.contains('€') || words.iter().any(|w| *w == "euro" || *w == "eur");
        if !money {
            return Unit::Other(t.to_string());
        }
        let scale = if words.iter().any(|w| matches!(*w, "mln" | "miljoen" | "mio" | "€mln")) {
            Some("mln")
        } else if words.iter().any(|w| matches!(*w, "mld" | "miljard" | "€mld")) {
            Some("mld")
        } else {
            None
        };
        Unit::Money { scale }
    }

    /// `€ 12,4 mln`, `554.500 EU-arbeidsmigranten`, `85 %`.
    pub fn format(&self, value: f64) -> String {
        let n = dutch(value);
        match self {
            Unit::Money { scale: Some(s) } => format!("€ {n} {s}"),
            Unit::Money { scale: None } => format!("€ {n}"),
            Unit::Other(u) if u.is_empty() => n,
            Unit::Other(u) => format!("{n} {u}"),
        }
    }

    /// The unit as a column header or axis note: `€ mln`, `inspecties`.
    pub fn label(&self) -> String {
        match self {
            Unit::Money { scale: Some(s) } => format!("€ {s}"),
            Unit::Money { scale: None } => "€".into(),
            Unit::Other(u) => u.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_get_points_decimals_a_comma() {
        assert_eq!(dutch(1_043_210.0), "1.043.210");
        assert_eq!(dutch(554_500.0), "554.500");
        assert_eq!(dutch(9.75), "9,75");
        assert_eq!(dutch(12.4), "12,4");
        assert_eq!(dutch(1850.5), "1.850,5");
        assert_eq!(dutch(100.0), "100");
        assert_eq!(dutch(1000.0), "1.000");
        assert_eq!(dutch(0.0), "0");
        assert_eq!(dutch(-0.0), "0");
        assert_eq!(dutch(-1200.5), "-1.200,5");
        assert_eq!(dutch(0.1 + 0.2), "0,30000000000000004");
    }

    #[test]
    fn spreadsheet_form_has_only_a_decimal_comma() {
        assert_eq!(spreadsheet(1_043_210.0), "1043210");
        assert_eq!(spreadsheet(12.4), "12,4");
    }

    #[test]
    fn money_units() {
        for u in ["mln euro", "miljoen euro", "€ mln", "Mln. euro", "EUR mln"] {
            assert_eq!(Unit::parse(u), Unit::Money { scale: Some("mln") }, "{u}");
        }
        assert_eq!(Unit::parse("miljard euro"), Unit::Money { scale: Some("mld") });
        assert_eq!(Unit::parse("euro"), Unit::Money { scale: None });
        assert_eq!(Unit::parse("mln euro").format(12.4), "€ 12,4 mln");
        assert_eq!(Unit::parse("mln euro").format(9.2), "€ 9,2 mln");
        assert_eq!(Unit::parse("euro").format(1500.0), "€ 1.500");
        assert_eq!(Unit::parse("mln euro").label(), "€ mln");
    }

    #[test]
    fn other_units_follow_the_number() {
        assert_eq!(Unit::parse("EU-arbeidsmigranten").format(554_500.0), "554.500 EU-arbeidsmigranten");
        assert_eq!(Unit::parse("fte").format(90.0), "90 fte");
        assert_eq!(Unit::parse("  ").format(3.0), "3");
        // "Europa" is not money.
        assert_eq!(Unit::parse("landen in Europa"), Unit::Other("landen in Europa".into()));
    }
}
