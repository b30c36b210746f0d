//! The licence of the open data (`licentie` in rapport.yaml). Only licences
//! for open government data are offered, each with the identifier a data
//! catalogue understands (the EU Vocabularies licence list that DCAT-AP and
//! DCAT-AP-NL use), so the DCAT description never names an unknown one.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Licence {
    /// The SPDX identifier, as written in rapport.yaml.
    pub spdx: &'static str,
    /// What a Dutch reader calls it.
    pub label: &'static str,
    /// The EU Vocabularies licence authority list entry.
    pub uri: &'static str,
}

impl Licence {
    pub const ALL: [Licence; 4] = [
        Licence {
            spdx: "CC0-1.0",
            label: "CC0 1.0 (publiek domein)",
            uri: "http://publications.europa.eu/resource/authority/licence/CC0",
        },
        Licence {
            spdx: "CC-BY-4.0",
            label: "CC BY 4.0 (naamsvermelding)",
            uri: "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
        },
        Licence {
            spdx: "CC-BY-SA-4.0",
            label: "CC BY-SA 4.0 (naamsvermelding, gelijk delen)",
            uri: "http://publications.europa.eu/resource/authority/licence/CC_BY_SA_4_0",
        },
        Licence {
            spdx: "ODbL-1.0",
            label: "Open Database License 1.0",
            uri: "http://publications.europa.eu/resource/authority/licence/ODBL_1_0",
        },
    ];

    /// Open data of the government is CC0 unless said otherwise.
    pub const DEFAULT: Licence = Licence::ALL[0];

    /// By SPDX identifier, any case.
    pub fn find(text: &str) -> Option<Licence> {
        Licence::ALL.into_iter().find(|l| l.spdx.eq_ignore_ascii_case(text.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::Licence;

    #[test]
    fn licences_are_found_by_their_spdx_identifier() {
        assert_eq!(Licence::find("cc0-1.0"), Some(Licence::DEFAULT));
        assert_eq!(
            Licence::find(" CC-BY-4.0 ").map(|l| l.uri),
            Some("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
        );
        assert_eq!(Licence::find("CC-BY"), None);
        assert_eq!(Licence::DEFAULT.spdx, "CC0-1.0");
    }
}
