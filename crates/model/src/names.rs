//! Word lists about names that more than one stage needs.

/// Abbreviated company legal forms, lower-case and without a final period:
/// written after a name they make it a company's ("Chrysler LLC", "Apple Inc.").
pub const LEGAL_FORM_ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "llc", "llp", "lp", "ltd", "plc", "nv", "n.v", "bv", "b.v", "sa", "s.a", "ag", "se", "gmbh",
    "spa", "s.p.a", "oyj", "asa", "pty",
];

/// Legal forms written as words; inside a name they may also be its head
/// ("Group of Seven"), so only the end of an organisation's name drops them.
pub const LEGAL_FORM_WORDS: &[&str] = &["incorporated", "corporation", "company", "limited", "group", "holdings"];

/// Whether a lower-case word without its final period is a legal form.
pub fn is_legal_form_word(w: &str) -> bool {
    LEGAL_FORM_ABBREVIATIONS.contains(&w) || LEGAL_FORM_WORDS.contains(&w)
}

/// Adjectives of nationality and the country each names.
const NATIONALITIES: &[(&str, &str)] = &[
    ("afghan", "Afghanistan"),
    ("american", "United States"),
    ("argentine", "Argentina"),
    ("australian", "Australia"),
    ("austrian", "Austria"),
    ("belgian", "Belgium"),
    ("brazilian", "Brazil"),
    ("british", "United Kingdom"),
    ("bulgarian", "Bulgaria"),
    ("canadian", "Canada"),
    ("chilean", "Chile"),
    ("chinese", "China"),
    ("colombian", "Colombia"),
    ("croatian", "Croatia"),
    ("czech", "Czech Republic"),
    ("danish", "Denmark"),
    ("dutch", "Netherlands"),
    ("egyptian", "Egypt"),
    ("estonian", "Estonia"),
    ("ethiopian", "Ethiopia"),
    ("finnish", "Finland"),
    ("french", "France"),
    ("georgian", "Georgia"),
    ("german", "Germany"),
    ("greek", "Greece"),
    ("hungarian", "Hungary"),
    ("indian", "India"),
    ("indonesian", "Indonesia"),
    ("iranian", "Iran"),
    ("iraqi", "Iraq"),
    ("irish", "Ireland"),
    ("israeli", "Israel"),
    ("italian", "Italy"),
    ("japanese", "Japan"),
    ("kenyan", "Kenya"),
    ("latvian", "Latvia"),
    ("lebanese", "Lebanon"),
    ("libyan", "Libya"),
    ("lithuanian", "Lithuania"),
    ("mexican", "Mexico"),
    ("moroccan", "Morocco"),
    ("nigerian", "Nigeria"),
    ("norwegian", "Norway"),
    ("pakistani", "Pakistan"),
    ("palestinian", "Palestine"),
    ("peruvian", "Peru"),
    ("philippine", "Philippines"),
    ("polish", "Poland"),
    ("portuguese", "Portugal"),
    ("romanian", "Romania"),
    ("russian", "Russia"),
    ("saudi", "Saudi Arabia"),
    ("serbian", "Serbia"),
    ("slovak", "Slovakia"),
    ("south african", "South Africa"),
    ("south korean", "South Korea"),
    ("north korean", "North Korea"),
    ("spanish", "Spain"),
    ("swedish", "Sweden"),
    ("swiss", "Switzerland"),
    ("syrian", "Syria"),
    ("taiwanese", "Taiwan"),
    ("thai", "Thailand"),
    ("turkish", "Turkey"),
    ("ukrainian", "Ukraine"),
    ("u.s.", "United States"),
    ("us", "United States"),
    ("u.k.", "United Kingdom"),
    ("uk", "United Kingdom"),
    ("venezuelan", "Venezuela"),
    ("vietnamese", "Vietnam"),
    ("yemeni", "Yemen"),
];

/// The country a nationality adjective names ("German" → "Germany"); a
/// people's name in the plural ("Canadians") names it too.
pub fn country_of_adjective(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    let find = |w: &str| NATIONALITIES.iter().find(|(a, _)| *a == w).map(|(_, c)| *c);
    find(&w).or_else(|| w.strip_suffix('s').filter(|s| s.len() > 3).and_then(find))
}
