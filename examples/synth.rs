//! A synthetic report for benchmarks: `cargo run --release --example synth -- N DIR`.
//!
//! Writes a content directory with N recommendations over the six chapters
//! of the 2022 report and the six ministries, one contribution of about
//! 2 KB of Dutch Markdown from each owner (and a second one from an
//! involved ministry for one recommendation in four): paragraphs, a list,
//! a small table, a footnote, a `[[id]]` reference to another generated
//! recommendation, and milestones in every date precision. The output
//! passes `jaarrapport check` without a warning.
//!
//! It also writes `DIR.md`: every Markdown body of the report (pages,
//! chapter introductions, contributions) in report order under plain
//! headings, so that other tools (pandoc) can be run on the same text.
//!
//! The same N gives the same bytes: the only randomness is a fixed-seed LCG.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Knuth's MMIX LCG; the high bits are the good ones.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const MINISTRIES: [(&str, &str); 6] = [
    ("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid"),
    ("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"),
    ("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport"),
    ("JenV", "Ministerie van Justitie en Veiligheid"),
    ("LNV", "Ministerie van Landbouw, Natuur en Voedselkwaliteit"),
    ("EZK", "Ministerie van Economische Zaken en Klimaat"),
];

/// Slug, title, theme, and the ministry that usually leads.
const CHAPTERS: [(&str, &str, u32, usize); 6] = [
    ("werk", "Werk: betere beheersing van de uitzendsector", 2, 0),
    ("registratie", "Registratie: beter zicht op arbeidsmigranten", 3, 1),
    ("huisvesting", "Huisvesting: meer en betere woonruimte", 4, 1),
    ("zorg", "Zorg en welzijn: toegang tot zorg in de praktijk", 5, 2),
    ("toezicht", "Toezicht en handhaving: malafide partijen harder aanpakken", 6, 3),
    ("informatievoorziening", "Informatievoorziening: zelfredzaamheid en toegang tot het recht", 7, 0),
];

const STATUSES: [&str; 6] =
    ["afgerond", "in-uitvoering", "in-voorbereiding", "vertraagd", "niet-gestart", "niet-overgenomen"];

const RESPONSES: [&str; 5] = ["overgenomen", "overgenomen", "positief", "aanmoedigen", "volgend-kabinet"];

const ADDRESSEES: [&str; 4] = ["rijk", "gemeenten", "provincies", "sociale-partners"];

const SUBJECTS: [&str; 16] = [
    "certificering van uitzendbureaus",
    "registratie in de BRP",
    "huisvesting op de bedrijfslocatie",
    "de zorgverzekering van arbeidsmigranten",
    "het toezicht door de Arbeidsinspectie",
    "voorlichting in de eigen taal",
    "de loonstrook en de inhoudingen",
    "het scheiden van arbeidscontract en huurcontract",
    "de rol van de inlener",
    "informatie-uitwisseling tussen gemeenten",
    "de RNI-inschrijving",
    "kwaliteitseisen voor logies",
    "de meldplicht van arbeidsongevallen",
    "de waarborgsom",
    "de toegang tot het recht",
    "samenwerking in de regio",
];

const ACTORS: [&str; 12] = [
    "de VNG",
    "de Arbeidsinspectie",
    "de sociale partners",
    "de gemeenten",
    "de provincies",
    "het UWV",
    "de SNCU",
    "de Belastingdienst",
    "de GGD",
    "het Juridisch Loket",
    "de Kamer van Koophandel",
    "het Aanjaagteam",
];

const OPENINGS: [&str; 8] = [
    "Het kabinet heeft in {jaar} verder gewerkt aan {onderwerp}.",
    "Bij {onderwerp} is dit jaar een belangrijke stap gezet.",
    "Samen met {actor} is de aanpak van {onderwerp} uitgewerkt.",
    "Het Aanjaagteam vroeg om meer aandacht voor {onderwerp}; die aandacht is er gekomen.",
    "Voor {onderwerp} is in {jaar} een plan van aanpak opgesteld.",
    "De uitvoering van de maatregelen rond {onderwerp} ligt grotendeels op schema.",
    "Over {onderwerp} is in {jaar} uitgebreid overlegd met {actor}.",
    "De afspraken over {onderwerp} zijn in {jaar} vastgelegd in een convenant.",
];

const MIDDLES: [&str; 12] = [
    "Daarbij is gekeken naar de ervaringen van {actor} en van arbeidsmigranten zelf.",
    "Een verkenning liet zien dat de bestaande regels op papier volstaan, maar in de praktijk te weinig worden nageleefd.",
    "{Actor} heeft aangegeven dat de capaciteit voor deze taak beperkt is en dat extra middelen nodig zijn.",
    "De eerste resultaten zijn bemoedigend: het aantal meldingen is gestegen en de doorlooptijd gedaald.",
    "Niet alle gemeenten hebben de afspraken al in hun beleid opgenomen; dat kost meer tijd dan voorzien.",
    "Het wetsvoorstel is voor advies voorgelegd aan de Raad van State en wordt daarna aan de Kamer gestuurd.",
    "In de regio's Westland, Venlo en Zeeland is met een pilot ervaring opgedaan.",
    "Werkgevers en vakbonden maken in de cao afspraken die hierop aansluiten.",
    "De Kamer is in een brief geïnformeerd over de voortgang en over de keuzes die nog moeten worden gemaakt.",
    "Het budget voor deze maatregel is voor de komende drie jaar structureel vastgelegd.",
    "Een evaluatie moet uitwijzen of de maatregel het beoogde effect heeft op de positie van de werknemer.",
    "Voor de uitvoering is een gezamenlijk team van rijk en gemeenten ingericht.",
];

const CLOSINGS: [&str; 6] = [
    "In het volgende jaar ligt de nadruk op de uitvoering en op het meten van het effect.",
    "De rapportage van volgend jaar laat zien of de gestelde termijnen zijn gehaald.",
    "Het ministerie blijft hierover in gesprek met {actor}.",
    "Zodra het onderzoek is afgerond, wordt de Kamer geïnformeerd over de uitkomsten.",
    "Daarmee is een belangrijk deel van de aanbeveling uitgevoerd; het vervolg loopt via de reguliere beleidscyclus.",
    "De planning is krap, maar haalbaar als de wetgeving op tijd wordt aangenomen.",
];

const LIST_ITEMS: [&str; 10] = [
    "een **handreiking** voor gemeenten over de inzet van bestaande instrumenten",
    "een *meldpunt* waar arbeidsmigranten misstanden kunnen melden",
    "extra inspecteurs voor risicogericht toezicht",
    "voorlichting in het Pools, Roemeens en Bulgaars",
    "een kwaliteitskeurmerk voor huisvesting, getoetst door een onafhankelijke partij",
    "betere uitwisseling van gegevens tussen UWV, SVB en gemeenten",
    "een onderzoek naar de gevolgen voor kleine werkgevers",
    "afspraken met de sociale partners over de naleving van de cao",
    "een landelijke campagne over rechten en plichten",
    "een verplichte registratie van het woonadres binnen vijf dagen",
];

const MILESTONE_WHAT: [&str; 10] = [
    "Kamerbrief over de voortgang",
    "Start van de internetconsultatie",
    "Wetsvoorstel ingediend bij de Tweede Kamer",
    "Evaluatie van de pilot afgerond",
    "Handreiking gepubliceerd",
    "Convenant ondertekend met de sociale partners",
    "Onderzoeksrapport aan de Kamer gestuurd",
    "Inwerkingtreding van de regeling",
    "Eerste monitor verschenen",
    "Bestuurlijk overleg met de VNG",
];

/// The peildatum of the synthetic report is 2022-12-01: milestones that
/// end before it are done (so `check` has nothing to warn about).
/// A milestone's period and whether it ended before the peildatum; a
/// finished recommendation's (`done`) all ended before it.
fn milestone_when(rng: &mut Lcg, done: bool) -> (String, bool) {
    let year = if done { 2020 + rng.below(2) as i32 } else { 2020 + rng.below(6) as i32 }; // 2020..=2025
    let (text, last_month) = match rng.below(5) {
        0 => {
            let m = 1 + rng.below(12);
            (format!("{year}-{m:02}-{:02}", 1 + rng.below(28)), m)
        }
        1 => {
            let m = 1 + rng.below(12);
            (format!("{year}-{m:02}"), m)
        }
        2 => {
            let q = 1 + rng.below(4);
            (format!("{year}-Q{q}"), q * 3)
        }
        3 => {
            let h = 1 + rng.below(2);
            (format!("{year}-H{h}"), h * 6)
        }
        _ => (format!("{year}"), 12),
    };
    // Ended before 2022-12-01: every period of 2021 and earlier, and in 2022
    // every period whose last month is before December.
    let past = year < 2022 || (year == 2022 && last_month < 12);
    (text, past)
}

fn fill(template: &str, rng: &mut Lcg, subject: &str) -> String {
    let actor = *rng.pick(&ACTORS);
    let mut capital = actor.to_string();
    if let Some(first) = capital.get(0..1) {
        capital.replace_range(0..1, &first.to_uppercase());
    }
    template
        .replace("{onderwerp}", subject)
        .replace("{actor}", actor)
        .replace("{Actor}", &capital)
        .replace("{jaar}", &(2021 + rng.below(2)).to_string())
}

struct Rec {
    id: String,
    title: String,
    chapter: usize,
    owner: usize,
    involved: Option<usize>,
    folded_into: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (args.get(1).and_then(|s| s.parse::<usize>().ok()), args.get(2)) else {
        eprintln!("usage: synth N DIR   (writes DIR/ and DIR.md)");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir.trim_end_matches('/'));
    if dir.exists() {
        if !dir.join("rapport.yaml").is_file() && fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
            eprintln!("{} exists and is not a content directory; refusing to replace it", dir.display());
            std::process::exit(2);
        }
        fs::remove_dir_all(&dir).expect("remove the old directory");
    }
    let mut rng = Lcg(0x5EED_0000 ^ n as u64);

    // The catalogue: recommendation i lands in chapter i % 6.
    let max_per_chapter = n.div_ceil(6);
    if max_per_chapter > 26 * 999 {
        eprintln!("N is too large for identifiers <theme>.<group>.<letter>");
        std::process::exit(2);
    }
    let mut recs: Vec<Rec> = Vec::with_capacity(n);
    for i in 0..n {
        let chapter = i % 6;
        let k = i / 6;
        let (_, _, theme, lead) = CHAPTERS[chapter];
        let id = format!("{theme}.{}.{}", k / 26 + 1, (b'A' + (k % 26) as u8) as char);
        let owner = if rng.chance(4) { rng.below(6) } else { lead };
        let involved = rng.chance(4).then(|| (owner + 1 + rng.below(5)) % 6);
        // One in twelve is folded into the recommendation before it in its chapter.
        let folded_into = (k > 0 && rng.chance(12)).then(|| {
            let prev = k - 1;
            format!("{theme}.{}.{}", prev / 26 + 1, (b'A' + (prev % 26) as u8) as char)
        });
        let subject = *rng.pick(&SUBJECTS);
        let title = {
            let mut t = format!(
                "{} {subject}",
                rng.pick(&[
                    "Verbeteren van",
                    "Wettelijk regelen van",
                    "Toezicht op",
                    "Onderzoek naar",
                    "Afspraken over"
                ])
            );
            if rng.chance(3) {
                t.push_str(&format!(" ({})", rng.pick(&ACTORS)));
            }
            t
        };
        recs.push(Rec { id, title, chapter, owner, involved, folded_into });
    }
    // A fold-in target must not itself be folded (keep the chains short).
    for i in 0..recs.len() {
        if let Some(target) = recs[i].folded_into.clone()
            && recs.iter().any(|r| r.id == target && r.folded_into.is_some())
        {
            recs[i].folded_into = None;
        }
    }

    write(&dir.join("rapport.yaml"), &rapport_yaml());
    let mut cat = String::from("# Synthetische catalogus voor benchmarks (examples/synth.rs).\n\n");
    for r in &recs {
        let _ = writeln!(cat, "- id: {}", r.id);
        let _ = writeln!(cat, "  titel: {}", r.title);
        let _ = writeln!(cat, "  eigenaar: {}", MINISTRIES[r.owner].0);
        if let Some(m) = r.involved {
            let _ = writeln!(cat, "  betrokken: [{}]", MINISTRIES[m].0);
        }
        let _ = writeln!(cat, "  adressaat: [{}]", rng.pick(&ADDRESSEES));
        match &r.folded_into {
            Some(t) => {
                let _ = writeln!(cat, "  kabinetsreactie: meegenomen\n  meegenomen_bij: {t}");
            }
            None => {
                let _ = writeln!(cat, "  kabinetsreactie: {}", rng.pick(&RESPONSES));
            }
        }
    }
    write(&dir.join("aanbevelingen.yaml"), &cat);

    // The concatenated Markdown, in report order.
    let mut all = String::from("# Jaarrapportage Arbeidsmigranten 2022 (synthetisch)\n\n");
    for (slug, title, body) in pages() {
        write(&dir.join("paginas").join(format!("{slug}.md")), &format!("---\ntitel: {title}\n---\n{body}"));
        if slug != "conclusie" {
            let _ = write!(all, "# {title}\n\n{body}\n");
        }
    }

    for (c, (slug, title, theme, _)) in CHAPTERS.iter().enumerate() {
        let intro = chapter_intro(&mut rng, title, *theme);
        write(&dir.join("hoofdstukken").join(format!("{slug}.md")), &intro);
        let _ = write!(all, "# {title}\n\n{intro}\n");
        for r in recs.iter().filter(|r| r.chapter == c) {
            let _ = write!(all, "## {} {}\n\n", r.id, r.title);
            let mut writers = vec![(r.owner, true)];
            if let Some(m) = r.involved {
                writers.push((m, false));
            }
            for (m, is_owner) in writers {
                let (front, body) = contribution(&mut rng, r, &recs, m, is_owner);
                let code = MINISTRIES[m].0;
                write(
                    &dir.join("bijdragen").join(code).join(format!("{}.md", r.id)),
                    &format!("---\n{front}---\n{body}"),
                );
                let _ = write!(all, "### {}\n\n{body}\n", MINISTRIES[m].1);
            }
        }
    }
    let (_, title, body) = pages().pop().unwrap();
    let _ = write!(all, "# {title}\n\n{body}\n");
    let all_path = PathBuf::from(format!("{}.md", dir.display()));
    write(&all_path, &all);
    eprintln!("wrote {} ({} recommendations) and {} ({} bytes)", dir.display(), n, all_path.display(), all.len());
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).expect("create directory");
    }
    fs::write(path, text).expect("write file");
}

fn rapport_yaml() -> String {
    let mut y = String::from(
        "titel: Jaarrapportage Arbeidsmigranten 2022\n\
         ondertitel: Synthetische rapportage voor benchmarks\n\
         jaar: 2022\n\
         peildatum: 2022-12-01\n\
         publicatiedatum: 2023-01-11\n\
         kamerstuk: \"29 861, nr. 99\"\n\
         uitgever: Interdepartementaal Projectteam Arbeidsmigranten\n\
         paginas_voor: [inleiding, leeswijzer]\n\
         paginas_na: [conclusie]\n\
         hoofdstukken:\n",
    );
    for (slug, title, theme, _) in CHAPTERS {
        let _ = write!(y, "  - slug: {slug}\n    titel: \"{title}\"\n    themas: [{theme}]\n");
    }
    y.push_str("ministeries:\n");
    for (code, name) in MINISTRIES {
        let _ = writeln!(y, "  {code}: {name}");
    }
    y
}

fn pages() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "inleiding",
            "Inleiding",
            "Deze rapportage beschrijft de voortgang van de aanbevelingen van het Aanjaagteam \
             Bescherming Arbeidsmigranten. Zij is **synthetisch**: de tekst is gegenereerd om de \
             bouw van het rapport te meten.\n\nElk hoofdstuk begint met een korte inleiding; daarna \
             volgt per aanbeveling de bijdrage van het leidende ministerie.\n"
                .into(),
        ),
        (
            "leeswijzer",
            "Leeswijzer",
            "## Statussen\n\n| Status | Betekenis |\n|---|---|\n| Afgerond | De aanbeveling is uitgevoerd. |\n\
             | In uitvoering | De maatregel wordt ingevoerd. |\n| Vertraagd | Een planning is niet gehaald. |\n\n\
             Mijlpalen staan per aanbeveling en samen in het tijdpad.\n"
                .into(),
        ),
        (
            "conclusie",
            "Conclusie",
            "Het merendeel van de aanbevelingen is in uitvoering. De komende jaren ligt de nadruk op \
             handhaving en op het meten van het effect voor de arbeidsmigrant zelf.\n"
                .into(),
        ),
    ]
}

fn chapter_intro(rng: &mut Lcg, title: &str, theme: u32) -> String {
    let short = title.split(':').next().unwrap_or(title).to_lowercase();
    let subject = *rng.pick(&SUBJECTS);
    format!(
        "Dit hoofdstuk gaat over {short} (thema {theme} van het advies). {}\n\n{} {}\n",
        fill(rng.word(&OPENINGS), rng, subject),
        fill(rng.word(&MIDDLES), rng, subject),
        fill(rng.word(&CLOSINGS), rng, subject),
    )
}

/// A recommendation's status, by its identifier: every contribution to
/// it knows it, so a finished one's milestones are all done and past
/// (else `check` warns that the two contradict each other). FNV-1a.
fn status_of(id: &str) -> usize {
    let hash = id.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    (hash % STATUSES.len() as u64) as usize
}

/// Front matter (without fences) and body of one contribution.
fn contribution(rng: &mut Lcg, r: &Rec, recs: &[Rec], ministry: usize, is_owner: bool) -> (String, String) {
    let subject = *rng.pick(&SUBJECTS);
    let mut front = String::new();
    let status = STATUSES[status_of(&r.id)];
    if is_owner && r.folded_into.is_none() {
        let _ = writeln!(front, "status: {status}");
    }
    let _ = writeln!(front, "samenvatting: {}", fill(rng.word(&OPENINGS), rng, subject));
    front.push_str("mijlpalen:\n");
    for _ in 0..2 + rng.below(3) {
        let (when, past) = milestone_when(rng, status == "afgerond");
        let _ = writeln!(front, "  - wanneer: \"{when}\"\n    wat: {}", rng.pick(&MILESTONE_WHAT));
        if past {
            front.push_str("    gereed: true\n");
        }
    }
    let _ = writeln!(front, "bronnen:\n  - Kamerstuk 29 861, nr. {}", 40 + rng.below(60));

    // Another recommendation to point at (never itself).
    let other = &recs
        [(recs.iter().position(|o| o.id == r.id).unwrap_or(0) + 1 + rng.below(recs.len().max(2) - 1)) % recs.len()];
    let other = if other.id == r.id { "2.1.A" } else { other.id.as_str() };
    // Footnote labels are unique over the whole report, so the concatenated
    // file means the same to pandoc.
    let note = format!("{}-{}", r.id.replace('.', "-").to_lowercase(), MINISTRIES[ministry].0.to_lowercase());

    let mut body = String::new();
    let p = |rng: &mut Lcg, n: usize| -> String {
        let mut s = fill(rng.word(&OPENINGS), rng, subject);
        for _ in 0..n {
            s.push(' ');
            s.push_str(&fill(rng.word(&MIDDLES), rng, subject));
        }
        s
    };
    let _ = write!(body, "{}\n\n", p(rng, 3));
    let _ = write!(
        body,
        "{} Zie ook de aanpak bij [[{other}]], die hier nauw op aansluit.[^{note}] {}\n\n",
        fill(rng.word(&MIDDLES), rng, subject),
        fill(rng.word(&MIDDLES), rng, subject)
    );
    let _ = write!(body, "{}\n\n", p(rng, 2));
    body.push_str("De belangrijkste maatregelen zijn:\n\n");
    for _ in 0..3 + rng.below(3) {
        let _ = writeln!(body, "- {};", rng.pick(&LIST_ITEMS));
    }
    body.push('\n');
    let base = 1000 + rng.below(9000);
    let _ = write!(
        body,
        "| Jaar | Meldingen | Afgehandeld |\n|---|--:|--:|\n| 2020 | {} | {} |\n| 2021 | {} | {} |\n| 2022 | {} | {} |\n\n",
        base,
        base * 7 / 10,
        base + rng.below(500),
        base * 8 / 10,
        base + rng.below(1000),
        base * 9 / 10
    );
    let _ = write!(body, "{} {}\n\n", fill(rng.word(&MIDDLES), rng, subject), fill(rng.word(&CLOSINGS), rng, subject));
    let _ = writeln!(
        body,
        "[^{note}]: Kamerstuk 29 861, nr. {}; zie ook de Kamerbrief van {} {} {}.",
        40 + rng.below(60),
        1 + rng.below(28),
        rng.pick(&["januari", "maart", "juni", "september", "november"]),
        2021 + rng.below(2)
    );
    (front, body)
}
