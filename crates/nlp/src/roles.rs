//! Roles and titles of people: pre-modifiers ("Finance Minister Marta
//! Ilves"), appositives after the name ("Ilves, the bank's chief
//! economist,") and before it ("the harbour master, Yevgeny Sorokin,").

use newsfuse_model::{EntityType, Role, Span};

/// Head nouns of roles and titles.
const ROLE_HEADS: &[&str] = &[
    "minister",
    "president",
    "chancellor",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chief",
    "head",
    "chairman",
    "chairwoman",
    "chair",
    "chairperson",
    "governor",
    "mayor",
    "economist",
    "analyst",
    "official",
    "officer",
    "commander",
    "general",
    "ambassador",
    "envoy",
    "premier",
    "ceo",
    "cfo",
    "coo",
    "executive",
    "founder",
    "leader",
    "captain",
    "inspector",
    "manager",
    "editor",
    "professor",
    "judge",
    "justice",
    "prosecutor",
    "lawyer",
    "attorney",
    "senator",
    "representative",
    "deputy",
    "adviser",
    "advisor",
    "master",
    "commissioner",
    "researcher",
    "correspondent",
    "negotiator",
    "king",
    "queen",
    "coach",
    "superintendent",
    "administrator",
    "treasurer",
    "lawmaker",
    "legislator",
    "diplomat",
    "owner",
    "coordinator",
    "engineer",
    "scientist",
    "doctor",
    "surgeon",
    "pilot",
    "activist",
    "strategist",
    "banker",
    "regulator",
    "investigator",
    "detective",
    "sheriff",
    "colonel",
    "lieutenant",
    "sergeant",
    "admiral",
    "marshal",
    "prince",
    "princess",
    "archbishop",
    "bishop",
    "pope",
    "magistrate",
    "councillor",
    "councilor",
    "ombudsman",
    "auditor",
    "operator",
    "controller",
    "partner",
    "historian",
    "expert",
    "professor",
    "economist",
    "commissioner",
    "chief",
    "spokesperson",
    "mp",
    "governor",
    "dean",
    "rector",
    "principal",
    "superintendent",
    "warden",
    "curator",
    "trustee",
    "candidate",
    "nominee",
    "vice-president",
    "actor",
    "actress",
    "singer",
    "rapper",
    "filmmaker",
    "producer",
    "writer",
    "author",
    "journalist",
    "reporter",
    "quarterback",
    "striker",
    "midfielder",
    "goalkeeper",
    "publicist",
    "spokesperson",
];

/// Words that may stand inside a role but cannot start a clause boundary.
const STOP: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "and",
    "or",
    "but",
    "with",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "from",
    "as",
    "was",
    "is",
    "are",
    "were",
    "has",
    "had",
    "have",
    "who",
    "which",
    "that",
    "this",
    "when",
    "after",
    "before",
    "while",
    "if",
    "according",
    "quoted",
    "asked",
    "warned",
    "met",
    "called",
    "urged",
];

/// Closed-class words that a title written before a name never holds: prepositions,
/// pronouns, determiners, conjunctions and adverbs of the clause around it ("revelations
/// about GOP presidential nominee", "including Senator", "she advises President").
const CLAUSE_WORDS: &[&str] = &[
    "about",
    "against",
    "under",
    "during",
    "over",
    "like",
    "unlike",
    "including",
    "into",
    "onto",
    "upon",
    "via",
    "among",
    "amid",
    "between",
    "through",
    "toward",
    "towards",
    "without",
    "within",
    "across",
    "behind",
    "beyond",
    "despite",
    "except",
    "near",
    "beside",
    "besides",
    "alongside",
    "around",
    "along",
    "since",
    "until",
    "unless",
    "whether",
    "than",
    "because",
    "so",
    "yet",
    "nor",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "it",
    "him",
    "them",
    "us",
    "both",
    "what",
    "why",
    "how",
    "where",
    "whom",
    "whose",
    "also",
    "still",
    "now",
    "never",
    "not",
    "only",
    "even",
    "just",
    "every",
    "each",
    "all",
    "any",
    "some",
    "many",
    "most",
    "more",
    "such",
    "other",
    "another",
    "several",
    "no",
    "be",
    "been",
    "being",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "do",
    "does",
    "did",
];

/// Participles in "-ing" that are part of a title ("acting president", "managing
/// director", "outgoing chairman"); any other is the verb of the clause ("slamming
/// Democratic vice presidential nominee").
const ING_TITLE_WORDS: &[&str] = &[
    "acting",
    "managing",
    "presiding",
    "ranking",
    "outgoing",
    "incoming",
    "founding",
    "leading",
    "reigning",
    "sitting",
    "serving",
    "governing",
    "ruling",
    "visiting",
    "longstanding",
    "consulting",
    "marketing",
    "banking",
    "polling",
    "publishing",
    "engineering",
    "accounting",
    "planning",
    "housing",
    "nursing",
    "trading",
    "broadcasting",
    "advertising",
    "fundraising",
    "organizing",
    "organising",
    "manufacturing",
    "mining",
    "shipping",
    "operating",
    "running",
];

/// Whether `words[k]`, a lower-case word to the left of a title, belongs to the clause
/// around the title rather than to it: a closed-class word, an adverb, a verb in "-ing",
/// or a verb in "-s" or "-ed" after its subject or an adverb ("Warren grilled Wells
/// Fargo CEO", "Trump openly admires Russian President").
fn clause_word(words: &[&str], k: usize) -> bool {
    let w = clean_word(words[k]);
    if !words[k].starts_with(char::is_lowercase) {
        return false;
    }
    let adverb = |x: &str| x.len() > 4 && x.ends_with("ly") && x != "newly";
    if CLAUSE_WORDS.contains(&w.as_str()) || adverb(&w) {
        return true;
    }
    if w.len() > 4 && w.ends_with("ing") && !ING_TITLE_WORDS.contains(&w.as_str()) {
        return true;
    }
    // Before a lower-case word it is the noun of a compound ("Clinton communications
    // director", "foreign affairs minister").
    let finite = w.len() > 3
        && (w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us"))
        && words.get(k + 1).is_some_and(|x| x.starts_with(char::is_uppercase));
    finite
        && k > 0
        && (words[k - 1].starts_with(char::is_uppercase) || {
            let before = clean_word(words[k - 1]);
            CLAUSE_WORDS.contains(&before.as_str()) || adverb(&before)
        })
}

/// Words of an office in a company or a government (not of a rank or a crown, which
/// open names: "General Motors", "Queen's Park", "Prince William Sound", "Surgeon General").
const OFFICE_WORDS: &[&str] = &[
    "ceo",
    "cfo",
    "coo",
    "cto",
    "chief",
    "vice",
    "executive",
    "officer",
    "chairman",
    "chairwoman",
    "chairperson",
    "president",
    "vice-president",
    "secretary",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "press",
    "deputy",
    "senior",
    "managing",
    "acting",
    "interim",
    "former",
    "governor",
    "mayor",
    "ambassador",
];

/// Whether a word (any case, with or without a full stop) is a word of an office.
pub fn is_office_word(word: &str) -> bool {
    OFFICE_WORDS.contains(&word.trim_end_matches('.').to_lowercase().as_str())
}

/// True when a lower-cased word is a role head.
pub fn is_role_head(word: &str) -> bool {
    ROLE_HEADS.contains(&word.trim_end_matches('.'))
}

/// The normalised form of a role: lower case, without leading determiners
/// and possessors ("the bank's chief economist" → "chief economist").
pub fn normalize_role(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if let Some(p) = words
        .iter()
        .rposition(|w| w.ends_with("'s") || w.ends_with("\u{2019}s") || *w == "'s" || *w == "\u{2019}s")
    {
        // Possessor before the role: keep what follows it.
        if p + 1 < words.len() {
            words.drain(..=p);
        }
    }
    while words.first().is_some_and(|w| {
        matches!(
            *w,
            "the" | "a" | "an" | "its" | "his" | "her" | "their" | "former" | "then"
        )
    }) {
        words.remove(0);
    }
    words.join(" ").trim_end_matches([',', '.']).to_string()
}

fn clean_word(w: &str) -> String {
    w.to_lowercase()
}

/// Find roles of the person mention at tokens `[first, end)`. `words` are
/// the sentence's tokens, `spans` their byte spans in `text`; `is_name[i]` marks tokens
/// inside any entity mention.
pub fn roles_for(text: &str, words: &[&str], spans: &[Span], first: usize, end: usize, is_name: &[bool]) -> Vec<Role> {
    let mut out = Vec::new();
    let make = |a: usize, b: usize| {
        let span = Span::new(spans[a].start, spans[b - 1].end);
        let text = text[span.start..span.end].to_string();
        Role {
            normalized: normalize_role(&text),
            text,
            span,
            org: None,
            country: None,
        }
    };
    // Pre-modifier: the token right before the name is a role head; extend left over
    // capitalised words, names and non-stop lower-case words.
    if first > 0 && is_role_head(&clean_word(words[first - 1])) {
        let mut a = first - 1;
        while a > 0 && first - a < 6 {
            let w = words[a - 1];
            let lw = clean_word(w);
            let ok = w.chars().all(|c| c.is_alphabetic() || c == '-')
                && !STOP.contains(&lw.as_str())
                && !matches!(lw.as_str(), "the" | "a" | "an");
            // "the death of conservative Justice Scalia": a role does not reach back
            // over "of" into lower-case words ("Court of Appeals Judge" does).
            let of_lower = lw == "of" && a >= 2 && words[a - 2].chars().next().is_some_and(char::is_lowercase);
            if (ok && !clause_word(words, a - 1) || is_name[a - 1]) && !of_lower {
                a -= 1;
            } else {
                break;
            }
        }
        out.push(make(a, first));
    }
    // Appositive after: ", the bank's chief economist," up to the next comma or period.
    if words.get(end) == Some(&",") {
        let mut b = end + 1;
        let mut has_head = false;
        while b < words.len() && b - end <= 12 {
            let lw = clean_word(words[b]);
            if matches!(words[b], "," | "." | ";" | ":" | ")" | "—" | "–")
                || words[b].starts_with(['"', '\u{201c}', '\u{201d}'])
            {
                break;
            }
            if STOP.contains(&lw.as_str()) && !matches!(lw.as_str(), "at" | "of" | "for" | "in" | "and" | "to") {
                has_head = false;
                b = words.len();
                break;
            }
            // ", the baseball player Willie Mays and the Supreme Court justice …": a list
            // of people, each with a description of their own, when no role came before
            // the "and" (", director of the Center and a professor at …" is one person's).
            if !has_head
                && lw == "and"
                && words
                    .get(b + 1)
                    .is_some_and(|w| matches!(clean_word(w).as_str(), "the" | "a" | "an"))
            {
                b = words.len();
                break;
            }
            if is_role_head(&lw) {
                has_head = true;
            }
            b += 1;
        }
        if has_head && b > end + 1 && b < words.len() {
            let first_word = clean_word(words[end + 1]);
            let starts_ok = matches!(
                first_word.as_str(),
                "the" | "a" | "an" | "its" | "his" | "her" | "their" | "former"
            ) || words[end + 1].chars().next().is_some_and(|c| c.is_uppercase())
                || is_role_head(&first_word);
            if starts_ok {
                out.push(make(end + 1, b));
            }
        }
    }
    // Relative clause: "X, who heads the agency," → head of the agency;
    // "X, who is the bank's chief economist," → chief economist.
    if words.get(end) == Some(&",") && words.get(end + 1).is_some_and(|w| w.eq_ignore_ascii_case("who")) {
        let verb = words.get(end + 2).map(|w| clean_word(w)).unwrap_or_default();
        let stop = (end + 3..words.len().min(end + 16))
            .find(|&t| matches!(words[t], "," | "." | ";" | ":" | ")" | "—" | "–"))
            .unwrap_or(words.len().min(end + 16));
        if stop > end + 3 {
            let object = (end + 3, stop);
            let head_of = match verb.as_str() {
                "heads" | "headed" | "leads" | "led" | "runs" | "ran" | "directs" | "directed" | "oversees"
                | "manages" => Some("head of"),
                "chairs" | "chaired" => Some("chair of"),
                "founded" | "co-founded" => Some("founder of"),
                _ => None,
            };
            if let Some(h) = head_of {
                let span = Span::new(spans[end + 1].start, spans[stop - 1].end);
                let obj_text = &text[spans[object.0].start..spans[object.1 - 1].end];
                out.push(Role {
                    text: text[span.start..span.end].to_string(),
                    normalized: format!("{h} {}", normalize_role(obj_text)),
                    span,
                    org: None,
                    country: None,
                });
            } else if matches!(verb.as_str(), "is" | "was" | "serves" | "served") {
                let first = if words.get(end + 3).is_some_and(|w| w.eq_ignore_ascii_case("as")) {
                    end + 4
                } else {
                    end + 3
                };
                if first < stop && (first..stop).any(|t| is_role_head(&clean_word(words[t]))) {
                    out.push(make(first, stop));
                }
            }
        }
    }
    // Appositive before: "the harbour master, Yevgeny Sorokin" — a noun phrase ending in a
    // role head directly before ", NAME".
    // "the chief executive of Halvard Mining, Ines Rook": the head may carry an "of/at/for Y".
    let head_before = (first >= 2 && words[first - 1] == ",")
        .then(|| {
            let last = first - 2;
            if is_role_head(&clean_word(words[last])) {
                return Some(last);
            }
            let prep = (last.saturating_sub(6)..last)
                .rev()
                .find(|&t| matches!(clean_word(words[t]).as_str(), "of" | "at" | "for"))?;
            let object_is_name = (prep + 1..=last).all(|t| {
                is_name[t]
                    || (words[t].chars().all(char::is_alphabetic) && !STOP.contains(&clean_word(words[t]).as_str()))
            });
            (prep >= 1 && is_role_head(&clean_word(words[prep - 1])) && object_is_name).then(|| prep - 1)
        })
        .flatten();
    if let Some(h) = head_before {
        let mut a = h;
        while a > 0 && first - a < 9 {
            let w = words[a - 1];
            let lw = clean_word(w);
            if matches!(w, "," | "." | ";" | ":" | "—" | "–" | "\"" | "\u{201c}" | "\u{201d}")
                || STOP.contains(&lw.as_str())
            {
                break;
            }
            a -= 1;
        }
        let first_word = clean_word(words[a]);
        if matches!(first_word.as_str(), "the" | "its" | "his" | "her" | "their")
            || words[a].chars().next().is_some_and(char::is_uppercase)
        {
            out.push(make(a, first - 1));
        }
    }
    out
}

/// Nouns that end the name of an institution (singular).
const ORG_NOUNS: &[&str] = &[
    "ministry",
    "bank",
    "agency",
    "company",
    "department",
    "office",
    "party",
    "council",
    "committee",
    "commission",
    "court",
    "army",
    "navy",
    "police",
    "service",
    "university",
    "union",
    "government",
    "board",
    "authority",
    "fund",
    "group",
    "firm",
    "club",
    "team",
    "school",
    "hospital",
    "institute",
    "association",
    "federation",
    "embassy",
    "parliament",
    "assembly",
    "senate",
    "congress",
    "cabinet",
    "corporation",
    "airline",
    "port",
    "exchange",
    "regulator",
    "network",
    "newspaper",
    "channel",
    "station",
    "organisation",
    "organization",
    "foundation",
    "alliance",
    "coalition",
    "mission",
    "force",
    "guard",
    "prosecutor",
    "administration",
    "campaign",
    "center",
    "centre",
    "lab",
    "laboratory",
    "studio",
    "bureau",
];

/// True for a noun that names a kind of institution ("agency", "ministry").
pub fn is_org_noun(word: &str) -> bool {
    ORG_NOUNS.contains(&word.trim_end_matches('s'))
}

pub use newsfuse_model::names::country_of_adjective;

/// Words that begin a phrase but are not part of an organisation's name.
fn strip_determiners(s: &str) -> &str {
    let mut s = s.trim();
    for d in ["the ", "The ", "a ", "an ", "its ", "his ", "her ", "their "] {
        if let Some(rest) = s.strip_prefix(d) {
            s = rest.trim_start();
        }
    }
    s.trim_end_matches([',', '.', ';'])
}

/// Fill a role's organisation and country from its own words. `names` are
/// the named mentions of the sentence: span, type, and the entity's name.
pub fn add_affiliation(text: &str, role: &mut Role, names: &[(Span, EntityType, &str)]) {
    let inside: Vec<&(Span, EntityType, &str)> = names.iter().filter(|n| role.span.contains(n.0)).collect();
    for (span, ty, name) in &inside {
        match ty {
            EntityType::Org if role.org.is_none() => role.org = Some(name.to_string()),
            EntityType::Loc if role.country.is_none() => role.country = Some(name.to_string()),
            EntityType::Misc if role.country.is_none() => {
                role.country = country_of_adjective(&text[span.start..span.end]).map(str::to_string)
            }
            _ => {}
        }
    }
    let words: Vec<&str> = role.text.split_whitespace().collect();
    if role.country.is_none() {
        // A nationality adjective the recogniser did not tag ("Russian Foreign Minister").
        role.country = words
            .windows(2)
            .find_map(|w| country_of_adjective(&format!("{} {}", w[0], w[1])))
            .or_else(|| words.iter().find_map(|w| country_of_adjective(w.trim_end_matches(','))))
            .map(str::to_string);
    }
    if role.org.is_some() {
        return;
    }
    let lower = role.text.to_lowercase();
    // "the foreign ministry's spokeswoman": the possessor.
    let possessor = ["'s ", "\u{2019}s "]
        .iter()
        .filter_map(|p| lower.rfind(p).map(|i| &role.text[..i]))
        .next()
        .map(strip_determiners);
    // "head of research at the central bank", "who heads the central bank": the last object.
    let object = [
        " of ",
        " at ",
        " for ",
        "who heads ",
        "who leads ",
        "who runs ",
        "who chairs ",
    ]
    .iter()
    .filter_map(|p| lower.rfind(p).map(|i| &role.text[i + p.len()..]))
    .min_by_key(|rest| rest.len())
    .map(strip_determiners);
    let candidate = object.or(possessor).filter(|o| !o.is_empty());
    if let Some(o) = candidate {
        // A place or a country name is the country, not an organisation.
        let is_place = inside
            .iter()
            .any(|(span, ty, name)| *ty == EntityType::Loc && (text[span.start..span.end] == *o || *name == o));
        // An organisation is named ("Halvard Mining") or ends in an institution noun
        // ("the central bank"); "minister of defence" names a portfolio, not a body.
        let named = o
            .split_whitespace()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase));
        let institution = o
            .rsplit(' ')
            .next()
            .is_some_and(|w| ORG_NOUNS.contains(&w.to_lowercase().trim_end_matches('s')));
        if !is_place && (named || institution) && !o.split_whitespace().all(|w| country_of_adjective(w).is_some()) {
            role.org = Some(o.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn check(text: &str, name: &str, want: &[(&str, &str)]) {
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.span.start..t.span.end]).collect();
        let spans: Vec<Span> = toks.iter().map(|t| t.span).collect();
        let name_toks: Vec<&str> = name.split(' ').collect();
        let first = (0..words.len()).find(|&i| words[i..].starts_with(&name_toks)).unwrap();
        let end = first + name_toks.len();
        let is_name: Vec<bool> = (0..words.len()).map(|i| i >= first && i < end).collect();
        let got: Vec<(String, String)> = roles_for(text, &words, &spans, first, end, &is_name)
            .into_iter()
            .map(|r| {
                assert_eq!(&text[r.span.start..r.span.end], r.text);
                (r.text, r.normalized)
            })
            .collect();
        let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn role_patterns() {
        check(
            "Finance Minister Marta Ilves spoke.",
            "Marta Ilves",
            &[("Finance Minister", "finance minister")],
        );
        check(
            "said harbour master Yevgeny Sorokin.",
            "Yevgeny Sorokin",
            &[("harbour master", "harbour master")],
        );
        check(
            "Marta Ilves, the bank's chief economist, said",
            "Marta Ilves",
            &[("the bank's chief economist", "chief economist")],
        );
        check(
            "Ilves, head of research at the central bank, said",
            "Ilves",
            &[(
                "head of research at the central bank",
                "head of research at the central bank",
            )],
        );
        check(
            "The port's director, Anna Berg, said",
            "Anna Berg",
            &[("The port's director", "director")],
        );
        check("Ilves, who was in Paris, said", "Ilves", &[]);
        check(
            "Petrov, who heads the central bank, said",
            "Petrov",
            &[("who heads the central bank", "head of central bank")],
        );
        check(
            "Berg, who is the port's spokeswoman, said",
            "Berg",
            &[("the port's spokeswoman", "spokeswoman")],
        );
        check("Ilves, Berg and Ruiz met.", "Ilves", &[]);
        // A preposition opening the sentence before ", NAME" is no role's complement.
        check("Of course, Ines Rook said", "Ines Rook", &[]);
        // A pre-modifier does not reach back over "of" into lower-case words.
        check(
            "the death of conservative Justice Antonin Scalia left",
            "Antonin Scalia",
            &[("conservative Justice", "conservative justice")],
        );
        check(
            "a speech praising the policies of President Obama",
            "Obama",
            &[("President", "president")],
        );
        // Nor into the clause around it: its verbs, adverbs and prepositions.
        check(
            "Senator Elizabeth Warren grilled Wells Fargo CEO John Stumpf on Tuesday.",
            "John Stumpf",
            &[("Wells Fargo CEO", "wells fargo ceo")],
        );
        check(
            "Trump openly admires Russian President Vladimir Putin.",
            "Vladimir Putin",
            &[("Russian President", "russian president")],
        );
        check(
            "He was slamming Democratic vice presidential nominee Tim Kaine.",
            "Tim Kaine",
            &[(
                "Democratic vice presidential nominee",
                "democratic vice presidential nominee",
            )],
        );
        check(
            "said Clinton communications director Jennifer Palmieri.",
            "Jennifer Palmieri",
            &[("Clinton communications director", "clinton communications director")],
        );
        // An appositive that lists other people is none of this one's roles; one that
        // joins two roles is.
        check(
            "the musician Chuck Berry, the baseball player Willie Mays and the Supreme Court justice Thurgood Marshall.",
            "Chuck Berry",
            &[],
        );
        check(
            "Leonard Burman, director of the Tax Policy Center and a professor at Syracuse University, said",
            "Leonard Burman",
            &[(
                "director of the Tax Policy Center and a professor at Syracuse University",
                "director of the tax policy center and a professor at syracuse university",
            )],
        );
        check(
            "the chief executive of Halvard Mining, Ines Rook, said",
            "Ines Rook",
            &[(
                "the chief executive of Halvard Mining",
                "chief executive of halvard mining",
            )],
        );
    }

    fn affiliation_of(role_text: &str, names: &[(&str, EntityType, &str)]) -> (Option<String>, Option<String>) {
        let text = format!("{role_text} Jo Rand");
        let spans: Vec<(Span, EntityType, &str)> = names
            .iter()
            .map(|(surface, ty, name)| {
                let i = text.find(surface).unwrap();
                (Span::new(i, i + surface.len()), *ty, *name)
            })
            .collect();
        let mut role = Role {
            text: role_text.to_string(),
            normalized: normalize_role(role_text),
            span: Span::new(0, role_text.len()),
            org: None,
            country: None,
        };
        add_affiliation(&text, &mut role, &spans);
        (role.org, role.country)
    }

    #[test]
    fn roles_carry_their_organisation_or_country() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(affiliation_of("German Chancellor", &[]), (None, s("Germany")));
        assert_eq!(
            affiliation_of("the foreign ministry's spokeswoman", &[]),
            (s("foreign ministry"), None)
        );
        assert_eq!(
            affiliation_of(
                "chief executive of Halvard",
                &[("Halvard", EntityType::Org, "Halvard Mining")]
            ),
            (s("Halvard Mining"), None)
        );
        assert_eq!(
            affiliation_of("who heads the central bank", &[]),
            (s("central bank"), None)
        );
        assert_eq!(
            affiliation_of("Varnia's foreign minister", &[("Varnia", EntityType::Loc, "Varnia")]),
            (None, s("Varnia"))
        );
        // A portfolio is not an organisation.
        assert_eq!(affiliation_of("the minister of defence", &[]), (None, None));
    }
}
