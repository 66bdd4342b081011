//! Cross-document entity resolution within a story.
//!
//! Full names link first; a person links to another when the surnames are
//! spelling variants and the given names are compatible (variants or a
//! matching initial). Two people who share a surname but whose given names
//! differ stay apart; a surname alone joins a person only when exactly one
//! person of the story carries that surname (or one clearly dominates).
//! Organisations link by name or acronym ↔ initials.

use crate::names::{compatible_given, country_name, fold, has_legal_form, name_key_words, same_word, strip_titles};
use newsfuse_model::names::country_of_adjective;
use newsfuse_model::{Annotated, EntityType, MentionKind};
use rustc_hash::FxHashMap;

/// An entity of a story: the in-document entities it joins.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedEntity {
    /// Canonical name.
    pub name: String,
    /// Type (majority over its members).
    pub etype: EntityType,
    /// (document index in the story, in-document entity index).
    pub members: Vec<(usize, usize)>,
    /// For a people's adjective ("Chinese", "Canadians"): the index of the
    /// place of the story it names. The adjective stays an entity of its own
    /// ("Chinese investors" are not the country), but it says which place a
    /// participant belongs to.
    pub place: Option<usize>,
}

struct Local {
    doc: usize,
    ent: usize,
    etype: EntityType,
    name: String,
    words: Vec<String>,
    mentions: usize,
    /// Read as another name (an acronym as the name it stands for, a country's other
    /// name as its usual one): its own words, not those, count for the canonical name.
    renamed: bool,
}

struct Group {
    etype_counts: FxHashMap<EntityType, usize>,
    full_names: Vec<Vec<String>>,
    members: Vec<usize>,
    mentions: usize,
}

impl Group {
    fn etype(&self) -> EntityType {
        self.etype_counts
            .iter()
            .max_by_key(|(t, c)| (**c, std::cmp::Reverse(**t)))
            .map(|(t, _)| *t)
            .unwrap_or(EntityType::Misc)
    }
}

fn acronym_of(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| !matches!(w.as_str(), "of" | "the" | "and" | "for" | "de"))
        .filter_map(|w| w.chars().next())
        .collect()
}

fn person_full_match(a: &[String], b: &[String]) -> bool {
    a.len() >= 2 && b.len() >= 2 && same_word(a.last().unwrap(), b.last().unwrap()) && given_names_agree(a, b)
}

/// The given names of two full names agree: compatible first names, or one
/// name goes by the middle name the other gives first ("W. Mark Felt" and
/// "Mark Felt", "Willard Mitt Romney" and "Mitt Romney").
fn given_names_agree(a: &[String], b: &[String]) -> bool {
    let by_middle = |x: &[String], y: &[String]| {
        x.len() >= 3
            && (x[0].chars().count() == 1 || y.len() == 2)
            && y[0].chars().count() > 1
            && compatible_given(&x[1], &y[0])
    };
    compatible_given(&a[0], &b[0]) || by_middle(a, b) || by_middle(b, a)
}

/// "Varnian" and "Varnia", "Ukrainian" and "Ukraine": a people's name is
/// not its place.
fn is_demonym_pair(a: &str, b: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "n", "an", "ian", "ean", "ese", "ish", "i", "er", "ic", "ns", "ans", "ians", "ers",
    ];
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let stem = short.trim_end_matches(['a', 'e', 'y']);
    long.len() > short.len()
        && long.strip_prefix(stem).is_some_and(|rest| {
            ENDINGS.contains(&rest.trim_start_matches(['a', 'e', 'i']).trim_start_matches('a'))
                || ENDINGS.contains(&rest)
        })
}

/// `a_misc`/`b_misc`: the side is a MISC name (a product, an index, an event).
fn other_match(
    a: &[String],
    b: &[String],
    org: bool,
    misc: (bool, bool),
    makers: &rustc_hash::FxHashSet<String>,
) -> bool {
    let (a_misc, b_misc) = misc;
    if a == b {
        return true;
    }
    // "FTSE" and "FTSE 100", "Nikkei" and "Nikkei 225": a product or index and its one
    // number are one thing, unless the story numbers several things after the word
    // ("Boeing 777", "Boeing 787": a maker, not a product). A year makes an edition of
    // an event ("Euro 2016" is not the euro).
    let version_form = |x: &[String], y: &[String]| {
        x.len() == 1
            && y.len() == 2
            && same_word(&x[0], &y[0])
            && y[1].chars().all(|c| c.is_ascii_digit())
            && !is_year(&y[1])
            && !makers.contains(&x[0])
    };
    if a_misc && b_misc && (version_form(a, b) || version_form(b, a)) {
        return true;
    }
    if a.len() == 1 && b.len() == 1 && is_demonym_pair(&a[0], &b[0]) {
        return false;
    }
    if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_word(x, y)) {
        return true;
    }
    // "Ford Motors" and "Ford Motor", "Singapore Airline" and "Singapore Airlines": an
    // organisation's name said with one later word in the plural.
    let plural =
        |x: &String, y: &String| x.strip_suffix('s') == Some(y.as_str()) || y.strip_suffix('s') == Some(x.as_str());
    if org
        && a.len() == b.len()
        && a.len() >= 2
        && a[0] == b[0]
        && a[1..]
            .iter()
            .zip(&b[1..])
            .all(|(x, y)| x == y || plural(x, y) && y.len() >= 4)
    {
        return true;
    }
    let joined_a = a.join("");
    let joined_b = b.join("");
    // "Mac OS X" and "Mac OSX", "Wal Mart" and "WalMart": the same letters spaced otherwise.
    if org && a.len() != b.len() && joined_a == joined_b {
        return true;
    }
    // "Chrysler" and "Chrysler Group", "Boeing" and "Boeing Commercial Airplanes": within a
    // story an organisation's one-word name that opens a longer one is its short form
    // (not a model number: "Boeing 767" is a product).
    let short_form = |x: &[String], y: &[String]| {
        org && !x.is_empty()
            && y.len() > x.len()
            && x.iter().zip(y).all(|(p, q)| same_word(p, q))
            && !y.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
    };
    // "A380" and "Airbus A380": a model code alone is the product it ends; so is its
    // plural ("the A380s").
    let code_form = |x: &[String], y: &[String], y_misc: bool| {
        let last = y.last().map_or("", String::as_str);
        let code = x.first().map_or("", String::as_str);
        y_misc
            && x.len() == 1
            && code.chars().any(|c| c.is_ascii_digit())
            && (y.len() >= 2 && last == code || code.strip_suffix('s') == Some(last) && last.len() >= 2)
    };
    // "Central Election Commission of Turkmenistan" and "Central Election Commission".
    let of_form = |x: &[String], y: &[String]| {
        org && x.len() >= 2
            && y.len() > x.len() + 1
            && y[x.len()] == "of"
            && x.iter().zip(y).all(|(p, q)| same_word(p, q))
    };
    of_form(a, b)
        || of_form(b, a)
        || (a.len() == 1 && b.len() >= 2 && joined_a == acronym_of(b))
        || (b.len() == 1 && a.len() >= 2 && joined_b == acronym_of(a))
        || short_form(a, b)
        || short_form(b, a)
        || code_form(a, b, b_misc)
        || code_form(b, a, a_misc)
}

/// A four-digit year of the last two centuries or this one ("1999", "2016").
fn is_year(w: &str) -> bool {
    w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) && w.chars().all(|c| c.is_ascii_digit())
}

/// `short` is `full` without a leading place name of the story:
/// "Saints" of "New Orleans Saints" when New Orleans is a place.
fn place_short_form(full: &[String], short: &[String], places: &rustc_hash::FxHashSet<Vec<String>>) -> bool {
    const COMPASS: &[&str] = &[
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "new", "greater",
    ];
    let prefix = &full[..full.len().saturating_sub(short.len())];
    full.len() > short.len()
        && full[full.len() - short.len()..] == *short
        && places.contains(prefix)
        // North America is not America, nor New Mexico Mexico.
        && !(prefix.len() == 1 && COMPASS.contains(&prefix[0].as_str()))
}

/// `short` is `full` without the organisation that opens it: "Taurus" of "Ford Taurus",
/// "Windows" of "Microsoft Windows", when Ford and Microsoft are organisations of the story.
fn maker_short_form(full: &[String], short: &[String], orgs: &rustc_hash::FxHashSet<Vec<String>>) -> bool {
    full.len() > short.len()
        && !short.is_empty()
        && full[full.len() - short.len()..] == *short
        && orgs.contains(&full[..full.len() - short.len()])
}

/// The in-document entities (document, entity) that are a common word and
/// not a name: one word that only ever opens a sentence, where a capital
/// proves nothing, that the story writes in lower case elsewhere and never
/// capitalised inside a sentence ("Harbour master Sorokin said" beside "the
/// port's harbour master"). People are left alone: "King said" may well be
/// Mr King in a story about a king.
fn common_words(docs: &[&Annotated]) -> rustc_hash::FxHashSet<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, String)> = Vec::new();
    let mut starts: Vec<rustc_hash::FxHashSet<usize>> = Vec::with_capacity(docs.len());
    for (d, a) in docs.iter().enumerate() {
        let opens: rustc_hash::FxHashSet<usize> = a
            .sentences
            .iter()
            .filter_map(|s| a.tokens.get(s.first_token))
            .map(|t| t.span.start)
            .collect();
        for (e, ent) in a.entities.iter().enumerate() {
            let one_word = !ent.name.contains(char::is_whitespace);
            let only_opening = !ent.mentions.is_empty()
                && ent.mentions.iter().all(|&mi| {
                    a.mentions.get(mi).is_some_and(|m| {
                        m.kind != MentionKind::Name
                            || opens.contains(&m.span.start) && !a.doc.text[m.span.start..m.span.end].contains(' ')
                    })
                });
            if ent.etype != EntityType::Person && one_word && only_opening {
                candidates.push((d, e, ent.name.to_lowercase()));
            }
        }
        starts.push(opens);
    }
    if candidates.is_empty() {
        return Default::default();
    }
    let wanted: rustc_hash::FxHashSet<&str> = candidates.iter().map(|c| c.2.as_str()).collect();
    let (mut lower, mut capital_inside) = (rustc_hash::FxHashSet::default(), rustc_hash::FxHashSet::default());
    for (d, a) in docs.iter().enumerate() {
        for t in &a.tokens {
            let w = &a.doc.text[t.span.start..t.span.end];
            let Some(first) = w.chars().next() else { continue };
            let key = w.to_lowercase();
            if !wanted.contains(key.as_str()) {
                continue;
            }
            if first.is_lowercase() {
                lower.insert(key);
            } else if !starts[d].contains(&t.span.start) {
                capital_inside.insert(key);
            }
        }
    }
    candidates
        .into_iter()
        .filter(|(_, _, w)| lower.contains(w) && !capital_inside.contains(w))
        .map(|(d, e, _)| (d, e))
        .collect()
}

/// The acronyms a story defines in parentheses right after a name ("Singapore
/// Airlines (SIA)"), by folded acronym, with the (document, entity) of the
/// name they stand for; `None` when two definitions disagree. An acronym's
/// letters must follow the name's in order, from its first letter on.
fn defined_acronyms(docs: &[&Annotated]) -> FxHashMap<String, Option<(usize, usize)>> {
    let mut out: FxHashMap<String, Option<(usize, usize)>> = FxHashMap::default();
    for (d, a) in docs.iter().enumerate() {
        let mut names: Vec<&newsfuse_model::Mention> =
            a.mentions.iter().filter(|m| m.kind == MentionKind::Name).collect();
        names.sort_by_key(|m| m.span.start);
        for w in names.windows(2) {
            let (long, short) = (w[0], w[1]);
            let text = &a.doc.text;
            let acronym = &text[short.span.start..short.span.end];
            // Nested or overlapping mentions have nothing between them.
            let opens = text
                .get(long.span.end..short.span.start)
                .is_some_and(|x| x.trim() == "(");
            let closes = text[short.span.end..].trim_start().starts_with(')');
            if !opens
                || !closes
                || long.entity == short.entity
                || acronym.chars().count() < 2
                || !acronym.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                continue;
            }
            let letters: Vec<char> = fold(&text[long.span.start..long.span.end]).chars().collect();
            let key = fold(acronym);
            let mut rest = letters.iter();
            let in_order =
                key.chars().next() == letters.first().copied() && key.chars().all(|c| rest.by_ref().any(|l| *l == c));
            if in_order {
                out.entry(key)
                    .and_modify(|e| {
                        if e.is_some_and(|x| docs[x.0].entities[x.1].name != a.entities[long.entity].name) {
                            *e = None;
                        }
                    })
                    .or_insert(Some((d, long.entity)));
            }
        }
    }
    out
}

/// The words of `wanted` that some document of the story writes in lower
/// case (as a common noun: "the airline's", "the industrial average").
fn written_in_lower_case(docs: &[&Annotated], wanted: &rustc_hash::FxHashSet<&str>) -> rustc_hash::FxHashSet<String> {
    let mut out = rustc_hash::FxHashSet::default();
    if wanted.is_empty() {
        return out;
    }
    for a in docs {
        for t in &a.tokens {
            let w = &a.doc.text[t.span.start..t.span.end];
            if w.starts_with(|c: char| c.is_lowercase()) && wanted.contains(w) {
                out.insert(w.to_string());
            }
        }
    }
    out
}

/// Link the in-document entities of a story's documents.
pub fn resolve_entities(docs: &[&Annotated]) -> Vec<LinkedEntity> {
    let common = common_words(docs);
    let mut locals: Vec<Local> = Vec::new();
    for (d, a) in docs.iter().enumerate() {
        for (e, ent) in a.entities.iter().enumerate() {
            let words = name_key_words(&ent.name, ent.etype == EntityType::Person);
            if words.is_empty() || common.contains(&(d, e)) {
                continue;
            }
            locals.push(Local {
                doc: d,
                ent: e,
                etype: ent.etype,
                name: ent.name.clone(),
                words,
                mentions: ent.mentions.len(),
                renamed: false,
            });
        }
    }
    // Story-level type consistency: a name the recogniser typed differently
    // across documents takes its clear majority type, and a single word that
    // is the surname of a person named in full somewhere in the story is that person
    // (unless it also opens a longer name of another kind).
    let mut votes: FxHashMap<String, FxHashMap<EntityType, usize>> = FxHashMap::default();
    for l in &locals {
        // A legal form ("Chrysler LLC") settles that the name is a company's.
        let weight = if l.etype == EntityType::Org && has_legal_form(&l.name) {
            100
        } else {
            1
        };
        *votes.entry(l.words.join(" ")).or_default().entry(l.etype).or_insert(0) += l.mentions.max(1) * weight;
    }
    // A "person" of three or more words of which two or more after the first are words
    // the story writes in lower case is a common noun phrase the recogniser slipped to
    // PER ("Jones Industrial Average" beside "the Dow Jones industrial average"): its
    // last word is no surname, and the rules below do not trust it as a person.
    let long_people_words: rustc_hash::FxHashSet<&str> = locals
        .iter()
        .filter(|l| l.etype == EntityType::Person && l.words.len() >= 3)
        .flat_map(|l| l.words[1..].iter().map(String::as_str))
        .collect();
    let lower_words = written_in_lower_case(docs, &long_people_words);
    let common_noun_phrase =
        |l: &Local| l.words.len() >= 3 && l.words[1..].iter().filter(|w| lower_words.contains(*w)).count() >= 2;
    let surnames: rustc_hash::FxHashSet<String> = locals
        .iter()
        .filter(|l| l.etype == EntityType::Person && l.words.len() >= 2 && !common_noun_phrase(l))
        .map(|l| l.words.last().unwrap().clone())
        .collect();
    // A word that also opens a longer name of another kind ("Ford Motor Company"
    // beside "William Clay Ford") keeps the type it was given.
    let other_heads: rustc_hash::FxHashSet<String> = locals
        .iter()
        .filter(|l| l.etype != EntityType::Person && l.words.len() >= 2)
        .map(|l| l.words[0].clone())
        .collect();
    let given: rustc_hash::FxHashSet<String> = locals
        .iter()
        .filter(|l| l.etype == EntityType::Person && l.words.len() >= 2)
        .map(|l| l.words[0].clone())
        .collect();
    for l in &mut locals {
        let v = &votes[&l.words.join(" ")];
        let mine = v.get(&l.etype).copied().unwrap_or(0);
        if let Some((best, n)) = v.iter().max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t))) {
            if *n >= 2 * mine && *best != l.etype {
                l.etype = *best;
            }
        }
        if l.etype != EntityType::Person
            && l.words.len() == 1
            && surnames.contains(&l.words[0])
            && !other_heads.contains(&l.words[0])
        {
            l.etype = EntityType::Person;
        }
        // "Lionsgate" typed a person in one document and an organisation in another: a
        // lone word that is no given name or surname of a person of the story takes the
        // other type when it is named so at least as often.
        if l.etype == EntityType::Person
            && l.words.len() == 1
            && !surnames.contains(&l.words[0])
            && !given.contains(&l.words[0])
        {
            let people = v.get(&EntityType::Person).copied().unwrap_or(0);
            if let Some((best, _)) = v
                .iter()
                .filter(|(t, _)| **t != EntityType::Person)
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
                .filter(|(_, n)| **n >= people)
            {
                l.etype = *best;
            }
        }
    }
    // "the Varnian harbour" tagged as a place beside Varnia: a one-word place name
    // that is the people's adjective of another place of the story is that
    // adjective (MISC, as demonyms are), not a second place.
    let one_word_places: Vec<String> = locals
        .iter()
        .filter(|l| l.etype == EntityType::Loc && l.words.len() == 1)
        .map(|l| l.words[0].clone())
        .collect();
    for l in locals
        .iter_mut()
        .filter(|l| l.etype == EntityType::Loc && l.words.len() == 1)
    {
        let w = &l.words[0];
        if one_word_places
            .iter()
            .any(|p| p.len() < w.len() && is_demonym_pair(p, w))
        {
            l.etype = EntityType::Misc;
        }
    }
    // "Coroner Gary Hargrove", "RB Joique Bell" typed ORG: a name that ends with the full
    // name of a person of the story is that person with a title the recogniser took in.
    // Neither rule trusts a "person" whose last word closes several different names that
    // are not people's: "Airlines" or "Music Store" slipped to PER once is the head of
    // "Singapore Airlines" and "Hainan Airlines", "App Store" and "iTunes Store".
    // Such a word is a common noun, so the story also writes it in lower case ("the
    // airline's", "the store"); a surname that closes names of slips ("Dr Gupta" typed ORG
    // twice) is not.
    let mut closers: FxHashMap<&str, rustc_hash::FxHashSet<&[String]>> = FxHashMap::default();
    for l in locals
        .iter()
        .filter(|l| l.etype != EntityType::Person && l.words.len() >= 2)
    {
        let (last, rest) = l.words.split_last().unwrap();
        closers.entry(last.as_str()).or_default().insert(rest);
    }
    closers.retain(|_, heads| heads.len() >= 2);
    let designators = written_in_lower_case(docs, &closers.keys().copied().collect());
    let trusted = |l: &Local| {
        l.etype == EntityType::Person && !designators.contains(l.words.last().unwrap()) && !common_noun_phrase(l)
    };
    let full_people: rustc_hash::FxHashSet<Vec<String>> = locals
        .iter()
        .filter(|l| trusted(l) && l.words.len() >= 2)
        .map(|l| l.words.clone())
        .collect();
    for l in &mut locals {
        if l.etype == EntityType::Person || l.words.len() < 3 {
            continue;
        }
        if let Some(k) = (1..l.words.len() - 1).find(|&k| full_people.contains(&l.words[k..])) {
            l.words.drain(..k);
            l.etype = EntityType::Person;
            let raw: Vec<&str> = l.name.split_whitespace().collect();
            if raw.len() >= l.words.len() {
                l.name = raw[raw.len() - l.words.len()..].join(" ");
            }
        }
    }
    // "Gaetano Lo Presti" typed ORG where "Lo Presti" alone is a person: a name that
    // ends with a person's bare surname is a person's full name.
    let bare_people: rustc_hash::FxHashSet<Vec<String>> = locals
        .iter()
        .filter(|l| trusted(l) && l.words.len() <= 2)
        .map(|l| l.words.clone())
        .collect();
    for l in &mut locals {
        if l.etype != EntityType::Person
            && (2..=4).contains(&l.words.len())
            && (1..l.words.len()).any(|k| bare_people.contains(&l.words[k..]))
            && !full_people
                .iter()
                .any(|f| f.len() < l.words.len() && l.words.ends_with(f))
        {
            l.etype = EntityType::Person;
            // Read as a person's name now: "Dr Castell" is Castell.
            let words = name_key_words(&l.name, true);
            if !words.is_empty() {
                l.words = words;
            }
        }
    }
    // "Britain" beside "United Kingdom", "America" beside "United States": a country
    // under its other name is read as its usual name.
    for l in locals.iter_mut().filter(|l| l.etype == EntityType::Loc) {
        if let Some(usual) = country_name(&l.words) {
            l.words = usual;
            l.renamed = true;
        }
    }
    // "Singapore Airlines (SIA)": an acronym the story defines is read as the name it
    // stands for, in every document of the story.
    let acronyms = defined_acronyms(docs);
    if !acronyms.is_empty() {
        let words_of: FxHashMap<(usize, usize), Vec<String>> =
            locals.iter().map(|l| ((l.doc, l.ent), l.words.clone())).collect();
        for l in locals
            .iter_mut()
            .filter(|l| l.etype != EntityType::Person && l.words.len() == 1)
        {
            if let Some(Some(long)) = acronyms.get(&l.words[0]).map(|x| x.and_then(|k| words_of.get(&k))) {
                if long.len() >= 2 {
                    l.words = long.clone();
                    l.renamed = true;
                }
            }
        }
    }
    // Places of the story: a name that opens with one is often known by the rest
    // ("New Orleans Saints" / "Saints", "United States Senate" / "Senate").
    let places: rustc_hash::FxHashSet<Vec<String>> = locals
        .iter()
        .filter(|l| l.etype == EntityType::Loc)
        .map(|l| l.words.clone())
        .collect();
    let orgs: rustc_hash::FxHashSet<Vec<String>> = locals
        .iter()
        .filter(|l| l.etype == EntityType::Org)
        .map(|l| l.words.clone())
        .collect();
    // "US Air Force" beside "United States Air Force" (and "USAF"): a name that opens with
    // the initials of a place of the story written out is read with the place written out.
    let mut place_initials: FxHashMap<String, Option<&Vec<String>>> = FxHashMap::default();
    for p in places.iter().filter(|p| p.len() >= 2) {
        place_initials
            .entry(acronym_of(p))
            .and_modify(|e| {
                if e.is_some_and(|q| q != p) {
                    *e = None;
                }
            })
            .or_insert(Some(p));
    }
    for l in &mut locals {
        if l.etype != EntityType::Person && l.words.len() >= 2 {
            if let Some(Some(p)) = place_initials.get(&l.words[0]) {
                l.words.splice(0..1, p.iter().cloned());
            }
        }
    }
    // Fullest names first, so that short forms meet the full forms they abbreviate.
    let mut order: Vec<usize> = (0..locals.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&locals[x], &locals[y]);
        b.words
            .len()
            .cmp(&a.words.len())
            .then(b.mentions.cmp(&a.mentions))
            .then((a.doc, a.ent).cmp(&(b.doc, b.ent)))
    });
    let makers: rustc_hash::FxHashSet<String> = {
        let mut numbered: FxHashMap<&str, rustc_hash::FxHashSet<&str>> = FxHashMap::default();
        for l in locals.iter().filter(|l| l.words.len() == 2) {
            if l.words[1].chars().any(|c| c.is_ascii_digit()) {
                numbered
                    .entry(l.words[0].as_str())
                    .or_default()
                    .insert(l.words[1].as_str());
            }
        }
        numbered
            .into_iter()
            .filter(|(_, n)| n.len() >= 2)
            .map(|(w, _)| w.to_string())
            .collect()
    };
    let mut groups: Vec<Group> = Vec::new();
    for li in order {
        let l = &locals[li];
        let is_person = l.etype == EntityType::Person;
        let candidates: Vec<usize> = (0..groups.len())
            .filter(|&g| {
                let grp = &groups[g];
                let g_person = grp.etype() == EntityType::Person;
                if is_person != g_person {
                    // The very same name of two or more words is one entity whatever the
                    // recogniser called it in each document ("Tar Heels", "Lo Presti").
                    return l.words.len() >= 2 && grp.full_names.contains(&l.words);
                }
                if is_person {
                    if l.words.len() >= 2 {
                        grp.full_names.iter().any(|f| person_full_match(f, &l.words))
                            // A full name never joins a group whose full names have an incompatible given name.
                            && !grp.full_names.iter().any(|f| f.len() >= 2 && same_word(f.last().unwrap(), l.words.last().unwrap()) && !given_names_agree(f, &l.words))
                    } else {
                        let w = &l.words[0];
                        grp.full_names.iter().any(|f| same_word(f.last().unwrap(), w) || (f.len() >= 2 && same_word(&f[0], w)))
                    }
                } else {
                    // Across types only the very same name links (a recogniser's ORG/LOC slip);
                    // organisations and the recogniser's MISC (companies, indices, products it
                    // could not place) compare as organisations.
                    let org_like = |t: EntityType| matches!(t, EntityType::Org | EntityType::Misc);
                    let same_type = grp.etype() == l.etype || org_like(grp.etype()) && org_like(l.etype);
                    // A people's adjective ("European", "Iraqi") is never a short form.
                    let adjective = |w: &[String], t: EntityType| {
                        t == EntityType::Misc
                            && w.len() == 1
                            && ["an", "ese", "ish", "ic", "i"].iter().any(|e| w[0].ends_with(e))
                    };
                    let org = same_type && org_like(l.etype) && !adjective(&l.words, l.etype);
                    grp.full_names.iter().any(|f| {
                        let org = org && !adjective(f, grp.etype());
                        let misc = (grp.etype() == EntityType::Misc, l.etype == EntityType::Misc);
                        (if same_type { other_match(f, &l.words, org, misc, &makers) } else { *f == l.words })
                            || place_short_form(f, &l.words, &places)
                            || place_short_form(&l.words, f, &places)
                            || org && (maker_short_form(f, &l.words, &orgs) || maker_short_form(&l.words, f, &orgs))
                    })
                }
            })
            .collect();
        let chosen = match candidates.len() {
            0 => None,
            1 => Some(candidates[0]),
            _ if is_person && l.words.len() == 1 => {
                // Ambiguous surname: only a clearly dominant person takes it; otherwise it
                // joins the other bare mentions of that surname, which stay apart from both.
                let mut by_size: Vec<usize> = candidates.clone();
                by_size.sort_by_key(|&g| std::cmp::Reverse(groups[g].mentions));
                let (a, b) = (groups[by_size[0]].mentions, groups[by_size[1]].mentions);
                (a >= 2 * b.max(1)).then_some(by_size[0]).or_else(|| {
                    candidates
                        .iter()
                        .copied()
                        .find(|&g| groups[g].full_names.iter().all(|f| f.len() == 1))
                })
            }
            _ => {
                // "Apple" beside "Apple Computer" and "Apple Corps": a short form goes to the
                // long form that the most documents of the story use, counted over the longer
                // names only, so that short forms joined earlier do not snowball one candidate.
                let long_docs = |g: usize| {
                    let mut docs: Vec<usize> = groups[g]
                        .members
                        .iter()
                        .filter(|&&m| locals[m].words.len() > l.words.len())
                        .map(|&m| locals[m].doc)
                        .collect();
                    docs.sort_unstable();
                    docs.dedup();
                    docs.len()
                };
                candidates
                    .iter()
                    .copied()
                    .max_by_key(|&g| (long_docs(g), groups[g].mentions, std::cmp::Reverse(g)))
            }
        };
        let g = match chosen {
            Some(g) => g,
            None => {
                groups.push(Group {
                    etype_counts: FxHashMap::default(),
                    full_names: Vec::new(),
                    members: Vec::new(),
                    mentions: 0,
                });
                groups.len() - 1
            }
        };
        let grp = &mut groups[g];
        *grp.etype_counts.entry(l.etype).or_insert(0) += l.mentions.max(1);
        if !grp.full_names.contains(&l.words) && (l.words.len() >= 2 || grp.full_names.is_empty() || !is_person) {
            grp.full_names.push(l.words.clone());
        }
        grp.members.push(li);
        grp.mentions += l.mentions;
    }
    let mut linked: Vec<LinkedEntity> = groups
        .iter()
        .map(|g| {
            // The canonical name: a full form (no initials), used by the most documents, longest.
            // (no initial, documents using it, words, mentions) per name.
            let mut uses: FxHashMap<String, (bool, usize, usize, usize)> = FxHashMap::default();
            for &m in &g.members {
                let l = &locals[m];
                let name = strip_titles(&l.name, l.etype == EntityType::Person);
                let no_initial = !name
                    .split_whitespace()
                    .any(|w| w.trim_end_matches('.').chars().count() == 1);
                let words = if l.renamed {
                    l.name.split_whitespace().count()
                } else {
                    l.words.len()
                };
                let e = uses.entry(name).or_insert((no_initial, 0, words, 0));
                e.1 += 1;
                e.3 += l.mentions;
            }
            // Then the name written most often ("UK" seven times beside one "Britain"), then the longest.
            let mut names: Vec<(String, (bool, usize, usize, usize))> = uses.into_iter().collect();
            // Not a person: a longer name that more than twice as many documents cut short
            // does not name the entity ("Chrysler Aspen", a model, beside "Chrysler" in ten
            // documents; "Intel Core Duo" beside "Intel"). A name it ends ("Chiefs" of
            // "Kansas City Chiefs") leaves it be.
            if g.etype() != EntityType::Person {
                let opens = |short: &str, long: &str| {
                    let (s, l) = (name_key_words(short, false), name_key_words(long, false));
                    s.len() < l.len() && s.concat().chars().count() >= 3 && l.starts_with(&s)
                };
                let outnumbered: Vec<bool> = names
                    .iter()
                    .map(|(long, u)| names.iter().any(|(short, v)| v.1 > 2 * u.1 && opens(short, long)))
                    .collect();
                let mut keep = outnumbered.iter().map(|o| !o);
                names.retain(|_| keep.next().unwrap());
            }
            names.sort_by(|a, b| {
                (b.1 .2, b.1 .0, b.1 .1, b.1 .3, b.0.len())
                    .cmp(&(a.1 .2, a.1 .0, a.1 .1, a.1 .3, a.0.len()))
                    .then(fold(&a.0).cmp(&fold(&b.0)))
                    .then(a.0.cmp(&b.0))
            });
            let mut members: Vec<(usize, usize)> = g.members.iter().map(|&m| (locals[m].doc, locals[m].ent)).collect();
            members.sort();
            LinkedEntity {
                name: names[0].0.clone(),
                etype: g.etype(),
                members,
                place: None,
            }
        })
        .collect();
    // A people's adjective names a place of the story: "Chinese" China, "Americans" the
    // United States (America), "Indonesian" Indonesia, "North American" North America.
    for i in 0..linked.len() {
        if linked[i].etype != EntityType::Misc || groups[i].full_names.len() != 1 {
            continue;
        }
        let adjective = &groups[i].full_names[0];
        let (word, lead) = adjective.split_last().unwrap();
        // The table speaks of one word only: "North American" is no American.
        let country: Option<Vec<String>> = if lead.is_empty() {
            country_of_adjective(word).map(|c| c.split_whitespace().map(fold).collect())
        } else {
            None
        };
        // How well a place fits: named by the table of nationalities (2), or by a regular
        // ending (1) with the longer place name winning ("Varnian" is of Varnia, not of
        // its capital Varn).
        let fit = |p: usize| {
            groups[p]
                .full_names
                .iter()
                .map(|n| {
                    if country.as_ref() == Some(n) || country_name(n).is_some_and(|u| country.as_ref() == Some(&u)) {
                        (2, 0)
                    } else if n.len() == adjective.len()
                        && n[..lead.len()] == *lead
                        && people_of_place(&n[lead.len()], word)
                    {
                        (1, n[lead.len()].len())
                    } else {
                        (0, 0)
                    }
                })
                .max()
                .unwrap_or((0, 0))
        };
        linked[i].place = (0..linked.len())
            .filter(|&p| linked[p].etype == EntityType::Loc)
            .map(|p| (fit(p), p))
            .filter(|(f, _)| f.0 > 0)
            .max_by_key(|&(f, p)| (f, groups[p].mentions, std::cmp::Reverse(p)))
            .map(|(_, p)| p);
    }
    linked
}

/// `people` is the adjective or plural people's name of the one-word place
/// `place` by a regular ending: "Indonesia" "Indonesian", "Canada" "Canadians",
/// "Japan" "Japanese", "Europe" "European". Stricter than [`is_demonym_pair`]:
/// "-ic" and "-er" make other words too ("Atlantic" is no people of Atlanta).
fn people_of_place(place: &str, people: &str) -> bool {
    const ENDINGS: &[&str] = &["n", "an", "ian", "ean", "ese", "ish", "i", "ns", "ans", "ians", "eans"];
    let stem = place.trim_end_matches(['a', 'e', 'y']);
    stem.len() >= 3
        && people.len() > place.len()
        && people.strip_prefix(stem).is_some_and(|rest| ENDINGS.contains(&rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsfuse_model::{DocEntity, Document};

    fn doc(names: &[(&str, EntityType)]) -> Annotated {
        Annotated {
            doc: Document::new("d", "p", "s", "", String::new()),
            tokens: vec![],
            sentences: vec![],
            mentions: vec![],
            entities: names
                .iter()
                .map(|(n, t)| DocEntity {
                    name: n.to_string(),
                    etype: *t,
                    mentions: vec![0],
                    roles: vec![],
                })
                .collect(),
            quotes: vec![],
            times: vec![],
            amounts: vec![],
        }
    }

    /// A document of whitespace tokens, one sentence per line, whose entities
    /// are the given names at each of their occurrences.
    fn text_doc(text: &str, names: &[(&str, EntityType)]) -> Annotated {
        use newsfuse_model::Mention;
        let mut a = crate::testing::whitespace_doc(text);
        for (n, t) in names {
            let mentions: Vec<usize> = a
                .tokens
                .iter()
                .filter(|tok| &text[tok.span.start..tok.span.end] == *n)
                .map(|tok| tok.span)
                .collect::<Vec<_>>()
                .into_iter()
                .map(|span| {
                    a.mentions.push(Mention {
                        span,
                        etype: *t,
                        kind: MentionKind::Name,
                        entity: a.entities.len(),
                    });
                    a.mentions.len() - 1
                })
                .collect();
            a.entities.push(DocEntity {
                name: n.to_string(),
                etype: *t,
                mentions,
                roles: vec![],
            });
        }
        a
    }

    fn names(linked: &[LinkedEntity]) -> Vec<(String, Vec<(usize, usize)>)> {
        let mut v: Vec<_> = linked.iter().map(|l| (l.name.clone(), l.members.clone())).collect();
        v.sort();
        v
    }

    #[test]
    fn variants_link_and_namesakes_stay_apart() {
        use EntityType::*;
        let a = doc(&[("Dmitri Karasev", Person), ("IAEA", Org), ("Anna Karasev", Person)]);
        let b = doc(&[("Dmitry Karasev", Person), ("International Atomic Energy Agency", Org)]);
        let c = doc(&[("President Dmitry Karasev", Person), ("D. Karasev", Person)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("Anna Karasev".to_string(), vec![(0, 2)]),
                ("Dmitry Karasev".to_string(), vec![(0, 0), (1, 0), (2, 0), (2, 1)]),
                ("International Atomic Energy Agency".to_string(), vec![(0, 1), (1, 1)]),
            ]
        );
    }

    #[test]
    fn a_longer_name_few_documents_use_does_not_name_the_entity() {
        use EntityType::*;
        let short = doc(&[("Varnell", Org), ("Korvath", Org)]);
        let long = doc(&[("Varnell Ridgeline", Org), ("Korvath Motor Company", Org)]);
        let plain = doc(&[("Varnell", Org)]);
        // "Varnell" alone in three documents of four, once with a model's name: the company
        // is Varnell. "Korvath" alone in two, in full in one: the full name stands.
        let linked = resolve_entities(&[&short, &short, &plain, &long]);
        assert_eq!(
            names(&linked),
            vec![
                ("Korvath Motor Company".to_string(), vec![(0, 1), (1, 1), (3, 1)]),
                ("Varnell".to_string(), vec![(0, 0), (1, 0), (2, 0), (3, 0)]),
            ]
        );
    }

    #[test]
    fn a_person_under_a_short_given_name_is_one_person_but_a_namesake_is_not() {
        use EntityType::*;
        let a = doc(&[("Maurice Velloc", Person), ("Dana Velloc", Person)]);
        let b = doc(&[("Mo Velloc", Person), ("Frederick Aster", Person)]);
        let c = doc(&[("Dan Velloc", Person), ("Fred Aster", Person)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("Dan Velloc".to_string(), vec![(2, 0)]),
                ("Dana Velloc".to_string(), vec![(0, 1)]),
                ("Frederick Aster".to_string(), vec![(1, 1), (2, 1)]),
                ("Maurice Velloc".to_string(), vec![(0, 0), (1, 0)]),
            ]
        );
    }

    #[test]
    fn a_lone_word_typed_a_person_as_often_as_not_is_not_a_person_unless_a_person_bears_it() {
        use EntityType::*;
        let a = doc(&[("Quillgate", Person), ("Solenne", Person), ("Harlan Brisk", Person)]);
        let b = doc(&[("Quillgate", Org), ("Solenne", Loc), ("Brisk", Org)]);
        let mut c = doc(&[("Solenne", Person)]);
        c.entities[0].mentions = vec![0; 2];
        let linked = resolve_entities(&[&a, &b, &c]);
        let of = |name: &str| {
            linked
                .iter()
                .filter(|l| l.name == name)
                .map(|l| (l.etype, l.members.len()))
                .collect::<Vec<_>>()
        };
        // Once each: the organisation wins, and the two are one entity.
        assert_eq!(of("Quillgate"), vec![(Org, 2)]);
        // Named a person more often than a place: a person still, the place slip outvoted.
        assert_eq!(of("Solenne"), vec![(Person, 3)]);
        // The surname of a person of the story.
        assert_eq!(of("Harlan Brisk"), vec![(Person, 2)]);
    }

    #[test]
    fn demonyms_stay_apart_from_places_and_type_slips_are_outvoted() {
        use EntityType::*;
        let a = doc(&[
            ("Varnia", Loc),
            ("Varnian", Misc),
            ("Kestrova", Loc),
            ("Lena Hoff", Person),
        ]);
        let b = doc(&[("Kestrova", Loc), ("Hoff", Loc)]);
        let c = doc(&[("Kestrova", Person)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("Kestrova".to_string(), vec![(0, 2), (1, 0), (2, 0)]),
                ("Lena Hoff".to_string(), vec![(0, 3), (1, 1)]),
                ("Varnia".to_string(), vec![(0, 0)]),
                ("Varnian".to_string(), vec![(0, 1)]),
            ]
        );
    }

    #[test]
    fn a_country_under_its_other_name_is_one_place_but_its_people_stay_apart() {
        use EntityType::*;
        let a = doc(&[("Britain", Loc), ("British", Misc), ("America", Loc)]);
        let b = doc(&[("United Kingdom", Loc), ("UK", Loc), ("United States", Loc)]);
        let c = doc(&[("Holland", Loc), ("Bank of America", Org)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("Bank of America".to_string(), vec![(2, 1)]),
                ("British".to_string(), vec![(0, 1)]),
                ("Holland".to_string(), vec![(2, 0)]),
                ("United Kingdom".to_string(), vec![(0, 0), (1, 0), (1, 1)]),
                ("United States".to_string(), vec![(0, 2), (1, 2)]),
            ]
        );
    }

    #[test]
    fn a_peoples_adjective_names_its_place_without_joining_it() {
        use EntityType::*;
        let a = doc(&[
            ("Britain", Loc),
            ("British", Misc),
            ("Varnia", Loc),
            ("Varnians", Misc),
            ("Varn", Loc),
            ("Atlanta", Loc),
            ("Atlantic", Misc),
        ]);
        let b = doc(&[
            ("United Kingdom", Loc),
            ("America", Loc),
            ("Americans", Misc),
            ("Dutch", Misc),
            ("South Varnia", Loc),
            ("South Varnian", Misc),
            ("North American", Misc),
        ]);
        let linked = resolve_entities(&[&a, &b]);
        let place = |name: &str| {
            let e = linked.iter().find(|l| l.name == name).unwrap();
            e.place.map(|p| linked[p].name.as_str())
        };
        // By the table of nationalities, through the country's other name, and by a
        // regular ending (the country, not its capital Varn); the adjective stays an
        // entity of its own.
        assert_eq!(place("British"), Some("United Kingdom"));
        assert_eq!(place("Americans"), Some("America"));
        assert_eq!(place("Varnians"), Some("Varnia"));
        // A name of several words by the ending of its last word, the rest the same; the
        // table speaks of one word only ("North American" is not of America).
        assert_eq!(place("South Varnian"), Some("South Varnia"));
        assert_eq!(place("North American"), None);
        // "-ic" makes other words than peoples' names; no Netherlands in this story.
        assert_eq!(place("Atlantic"), None);
        assert_eq!(place("Dutch"), None);
        // Places name nothing.
        assert_eq!(place("United Kingdom"), None);
        assert_eq!(linked.len(), 13);
    }

    #[test]
    fn a_common_noun_phrase_slipped_to_person_lends_no_surname() {
        use EntityType::*;
        let a = text_doc(
            "Jones Industrial Average rose as Lena Marie Hoff spoke\nthe industrial average was up and shares moved",
            &[("Jones Industrial Average", Person), ("Lena Marie Hoff", Person)],
        );
        let b = text_doc(
            "Average closed higher\nHoff said so",
            &[("Average", Misc), ("Hoff", Misc)],
        );
        let linked = resolve_entities(&[&a, &b]);
        let of = |n: &str| {
            linked
                .iter()
                .find(|l| l.members.contains(&(1, if n == "Average" { 0 } else { 1 })))
                .unwrap()
        };
        assert_eq!(of("Hoff").name, "Lena Marie Hoff", "{:?}", names(&linked));
        assert_eq!(of("Average").name, "Average", "{:?}", names(&linked));
        assert_eq!(of("Average").etype, Misc);
    }

    #[test]
    fn an_organisation_said_with_a_plural_word_is_the_same_organisation() {
        use EntityType::*;
        let a = doc(&[("Ford Motor Company", Org), ("Varnia Airlines", Org)]);
        let b = doc(&[
            ("Ford Motors Co.", Org),
            ("Varnia Airline", Org),
            ("Kestrova Airlines", Org),
        ]);
        let linked = resolve_entities(&[&a, &b]);
        assert_eq!(
            names(&linked),
            vec![
                ("Ford Motor Company".to_string(), vec![(0, 0), (1, 0)]),
                ("Kestrova Airlines".to_string(), vec![(1, 2)]),
                ("Varnia Airlines".to_string(), vec![(0, 1), (1, 1)]),
            ]
        );
    }

    #[test]
    fn an_acronym_defined_in_parentheses_stands_for_its_name_across_the_story() {
        use EntityType::*;
        let a = text_doc(
            "Kestrova Airways ( KAW ) cut flights\nVarnia Rail ( XYZ ) did not",
            &[("Kestrova", Org), ("KAW", Org), ("Varnia", Org), ("XYZ", Org)],
        );
        // The two-word names: the helper tags single tokens, so widen the mentions by hand.
        let mut a = a;
        let text = a.doc.text.clone();
        for m in a.mentions.iter_mut() {
            let word = &text[m.span.start..m.span.end];
            if word == "Kestrova" || word == "Varnia" {
                m.span.end += text[m.span.end..].find(" (").unwrap();
            }
        }
        a.entities[0].name = "Kestrova Airways".into();
        a.entities[2].name = "Varnia Rail".into();
        let b = text_doc("KAW said more\nXYZ too", &[("KAW", Org), ("XYZ", Org)]);
        // Mentions that overlap (a name inside a name) are no definition, and no trouble.
        let mut c = text_doc("Varnia Rail ( VR ) ran", &[("Varnia", Org), ("Rail", Org)]);
        let rail = c.mentions[1].span;
        c.mentions[0].span.end = rail.end;
        resolve_entities(&[&c]);
        let linked = resolve_entities(&[&a, &b]);
        assert_eq!(
            names(&linked),
            vec![
                ("Kestrova Airways".to_string(), vec![(0, 0), (0, 1), (1, 0)]),
                ("Varnia Rail".to_string(), vec![(0, 2)]),
                ("XYZ".to_string(), vec![(0, 3), (1, 1)]),
            ]
        );
    }

    #[test]
    fn a_man_known_by_his_middle_name_is_one_person() {
        use EntityType::*;
        let a = doc(&[("W. Mark Kestrov", Person), ("John Kestrov", Person)]);
        let b = doc(&[("Mark Kestrov", Person), ("Jerome H. Varn", Person)]);
        let c = doc(&[("Jerome Varn", Person), ("H. Varn", Person)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("H. Varn".to_string(), vec![(2, 1)]),
                ("Jerome H. Varn".to_string(), vec![(1, 1), (2, 0)]),
                ("John Kestrov".to_string(), vec![(0, 1)]),
                ("W. Mark Kestrov".to_string(), vec![(0, 0), (1, 0)]),
            ]
        );
    }

    #[test]
    fn a_country_is_named_as_the_story_writes_it_most() {
        use EntityType::*;
        let a = text_doc(
            "UK shops\nthe UK said\nBritain and the UK",
            &[("UK", Loc), ("Britain", Loc)],
        );
        let linked = resolve_entities(&[&a]);
        assert_eq!(names(&linked), vec![("UK".to_string(), vec![(0, 0), (0, 1)])]);
    }

    #[test]
    fn a_peoples_adjective_tagged_as_a_place_is_typed_as_an_adjective() {
        use EntityType::*;
        let a = doc(&[("Varnia", Loc), ("Varnian", Loc), ("Nigerian", Loc)]);
        let b = doc(&[("Varnian", Loc), ("Tarrow", Loc)]);
        let linked = resolve_entities(&[&a, &b]);
        let ty = |n: &str| linked.iter().find(|l| l.name == n).unwrap().etype;
        assert_eq!(ty("Varnian"), Misc, "{:?}", names(&linked));
        assert_eq!(ty("Varnia"), Loc);
        // Without its place in the story nothing says what the word is.
        assert_eq!(ty("Nigerian"), Loc);
        assert_eq!(ty("Tarrow"), Loc);
    }

    #[test]
    fn a_company_that_shares_a_persons_surname_stays_a_company() {
        use EntityType::*;
        let a = doc(&[("Ford Motor Company", Org), ("William Clay Ford", Person)]);
        let b = doc(&[("Ford", Org)]);
        let linked = resolve_entities(&[&a, &b]);
        let person = linked.iter().find(|l| l.name == "William Clay Ford").unwrap();
        assert_eq!(person.members, vec![(0, 1)], "{:?}", names(&linked));
        let ford = linked.iter().find(|l| l.members.contains(&(1, 0))).unwrap();
        assert_ne!(ford.etype, Person);
    }

    #[test]
    fn a_legal_form_outvotes_person_slips() {
        use EntityType::*;
        let a = doc(&[("Norvik", Person), ("Norvik LLC", Org)]);
        let b = doc(&[("Norvik", Person)]);
        let c = doc(&[("Norvik", Person)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(linked.len(), 1, "{:?}", names(&linked));
        assert_eq!(linked[0].etype, Org);
    }

    #[test]
    fn type_slips_titles_and_short_forms_link() {
        use EntityType::*;
        let a = doc(&[
            ("Gary Hargrove", Person),
            ("Tar Heels", Org),
            ("New Orleans", Loc),
            ("New Orleans Saints", Org),
            ("Central Election Commission of Varnia", Org),
            ("North Varnia", Loc),
        ]);
        let b = doc(&[
            ("Coroner Gary Hargrove", Org),
            ("Tar Heels", Person),
            ("Saints", Org),
            ("Central Election Commission", Org),
            ("Varnia", Loc),
        ]);
        let linked = resolve_entities(&[&a, &b]);
        assert_eq!(
            names(&linked),
            vec![
                (
                    "Central Election Commission of Varnia".to_string(),
                    vec![(0, 4), (1, 3)]
                ),
                ("Gary Hargrove".to_string(), vec![(0, 0), (1, 0)]),
                ("New Orleans".to_string(), vec![(0, 2)]),
                ("New Orleans Saints".to_string(), vec![(0, 3), (1, 2)]),
                ("North Varnia".to_string(), vec![(0, 5)]),
                ("Tar Heels".to_string(), vec![(0, 1), (1, 1)]),
                ("Varnia".to_string(), vec![(1, 4)]),
            ]
        );
    }

    #[test]
    fn products_indices_and_adjectives() {
        use EntityType::*;
        let a = doc(&[
            ("Aerolux K470", Misc),
            ("Dow Jones Industrial Average", Misc),
            ("European Union", Org),
            ("Tarn OS X", Misc),
        ]);
        let b = doc(&[("K470", Misc), ("Dow", Misc), ("European", Misc), ("Tarn OSX", Misc)]);
        let c = doc(&[("K470s", Misc)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("Aerolux K470".to_string(), vec![(0, 0), (1, 0), (2, 0)]),
                ("Dow Jones Industrial Average".to_string(), vec![(0, 1), (1, 1)]),
                ("European".to_string(), vec![(1, 2)]),
                ("European Union".to_string(), vec![(0, 2)]),
                ("Tarn OS X".to_string(), vec![(0, 3), (1, 3)]),
            ]
        );
    }

    #[test]
    fn an_index_and_its_number_are_one_but_a_makers_models_and_an_events_year_are_not() {
        use EntityType::*;
        let mut a = doc(&[("FTSE 100", Misc), ("Kestrel 310", Misc), ("Kestrel 320", Misc)]);
        a.entities[0].mentions = vec![0; 3];
        let b = doc(&[("FTSE-100", Misc), ("Kestrel", Misc), ("Expo 2031", Misc)]);
        let c = doc(&[("FTSE", Misc), ("Expo", Misc)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("Expo".to_string(), vec![(2, 1)]),
                ("Expo 2031".to_string(), vec![(1, 2)]),
                ("FTSE 100".to_string(), vec![(0, 0), (1, 0), (2, 0)]),
                ("Kestrel".to_string(), vec![(1, 1)]),
                ("Kestrel 310".to_string(), vec![(0, 1)]),
                ("Kestrel 320".to_string(), vec![(0, 2)]),
            ]
        );
    }

    #[test]
    fn an_ambiguous_surname_alone_is_not_guessed() {
        use EntityType::*;
        let a = doc(&[("Dmitri Karasev", Person), ("Anna Karasev", Person)]);
        let b = doc(&[("Karasev", Person)]);
        let linked = resolve_entities(&[&a, &b]);
        assert_eq!(linked.len(), 3);
    }

    #[test]
    fn a_generation_and_a_middle_name_gone_by_still_name_one_person() {
        use EntityType::*;
        let a = doc(&[("Arlen Joseph Varga Jr.", Person), ("Ines Varga", Person)]);
        let b = doc(&[("Joseph Varga", Person), ("Varga", Person)]);
        let c = doc(&[("Arlen Joseph Varga", Person), ("Mark Varga", Person)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        let mut got = names(&linked);
        got.retain(|(_, m)| m.len() > 1);
        // Ines and Mark, other given names, stay apart; the bare surname goes to the
        // person the story names most.
        assert_eq!(
            got,
            vec![(
                "Arlen Joseph Varga Jr.".to_string(),
                vec![(0, 0), (1, 0), (1, 1), (2, 0)]
            )]
        );
        assert_eq!(linked.len(), 3);
    }

    #[test]
    fn a_product_without_its_maker_is_the_product() {
        use EntityType::*;
        let a = doc(&[("Norvik", Org), ("Norvik Tessa", Misc)]);
        let b = doc(&[("Tessa", Misc)]);
        let c = doc(&[("Halden Tessa", Misc)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        let group_of = |d: usize| linked.iter().position(|l| l.members.contains(&(d, 0))).unwrap();
        let tessa = linked.iter().position(|l| l.members.contains(&(0, 1))).unwrap();
        assert_eq!(group_of(1), tessa);
        // Halden is no organisation of the story: its Tessa is another thing.
        assert_ne!(group_of(2), tessa);
    }

    #[test]
    fn a_city_is_not_the_short_form_of_its_team() {
        use EntityType::*;
        let a = doc(&[("New Orleans", Loc), ("New Orleans Saints", Org)]);
        let b = doc(&[("Saints", Org), ("New Orleans", Loc)]);
        let c = doc(&[("Tarn Motors", Org), ("Tarn", Org)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("New Orleans".to_string(), vec![(0, 0), (1, 1)]),
                ("New Orleans Saints".to_string(), vec![(0, 1), (1, 0)]),
                ("Tarn Motors".to_string(), vec![(2, 0), (2, 1)]),
            ]
        );
    }

    #[test]
    fn place_initials_inside_a_name_meet_the_place_written_out() {
        use EntityType::*;
        let a = doc(&[("United States", Loc), ("US Air Force", Org)]);
        let b = doc(&[("United States Air Force", Org), ("USAF", Org)]);
        let c = doc(&[("U.S. Air Force", Org), ("UK Air Force", Org)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert_eq!(
            names(&linked),
            vec![
                ("UK Air Force".to_string(), vec![(2, 1)]),
                ("United States".to_string(), vec![(0, 0)]),
                (
                    "United States Air Force".to_string(),
                    vec![(0, 1), (1, 0), (1, 1), (2, 0)]
                ),
            ]
        );
    }

    #[test]
    fn a_shared_short_form_goes_to_the_long_form_most_documents_use() {
        use EntityType::*;
        // "Orvex Records" is named often but by one document; "Orvex Computer" by two.
        let mut a = doc(&[("Orvex Records", Org), ("Orvex", Org)]);
        a.entities[0].mentions = vec![0; 6];
        let b = doc(&[("Orvex Computer", Org)]);
        let c = doc(&[("Orvex Computer", Org), ("Orvex", Org)]);
        let d = doc(&[("Orvex", Org)]);
        let linked = resolve_entities(&[&a, &b, &c, &d]);
        assert_eq!(
            names(&linked),
            vec![
                (
                    "Orvex Computer".to_string(),
                    vec![(0, 1), (1, 0), (2, 0), (2, 1), (3, 0)]
                ),
                ("Orvex Records".to_string(), vec![(0, 0)]),
            ]
        );
    }

    #[test]
    fn a_common_word_that_only_opens_sentences_is_not_a_name() {
        use EntityType::*;
        let a = text_doc(
            "Harbour master Sorokin said so.\nPortline said the harbour was shut.",
            &[("Harbour", Org), ("Sorokin", Person), ("Portline", Org)],
        );
        let b = text_doc("King said the king would visit the harbour.", &[("King", Person)]);
        let linked = resolve_entities(&[&a, &b]);
        let got: Vec<&str> = linked.iter().map(|l| l.name.as_str()).collect();
        assert!(!got.contains(&"Harbour"), "{got:?}");
        // A word the story never writes in lower case stays a name, and so does
        // a person's name that is also a common word.
        assert!(got.contains(&"Portline") && got.contains(&"King"), "{got:?}");
        // Capitalised inside a sentence somewhere in the story, it is a name.
        let c = text_doc("Ships left Harbour yesterday.", &[("Harbour", Org)]);
        let linked = resolve_entities(&[&a, &b, &c]);
        assert!(linked.iter().any(|l| l.name == "Harbour"), "{linked:?}");
    }

    #[test]
    fn a_common_noun_slipped_to_person_does_not_make_people_of_the_names_it_closes() {
        use EntityType::*;
        // "Airlines" tagged PER once; the story writes "airlines" in lower case too.
        let mut a = doc(&[("Tarn Airlines", Org), ("Airlines", Person), ("Kestrel Airlines", Org)]);
        a.doc.text = "Both airlines said so.".to_string();
        a.tokens = [(0, 4), (5, 13), (14, 18), (19, 21)]
            .iter()
            .map(|&(s, e)| newsfuse_model::Token {
                span: newsfuse_model::Span::new(s, e),
            })
            .collect();
        let linked = resolve_entities(&[&a]);
        let tarn = linked.iter().find(|l| l.name == "Tarn Airlines").unwrap();
        assert_eq!(tarn.etype, Org, "{linked:?}");
        // A real surname that closes a slip ("Dr Gupta" typed ORG) still makes a person.
        let b = doc(&[
            ("Mira Castell", Person),
            ("Castell", Person),
            ("Dr Castell", Org),
            ("Prof Castell", Org),
        ]);
        let linked = resolve_entities(&[&b]);
        assert_eq!(linked.len(), 1, "{linked:?}");
        assert_eq!(linked[0].etype, Person);
    }
}
