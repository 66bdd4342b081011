//! Per-document analysis: tokens, sentences, named entities, dates,
//! amounts, roles, quotes and in-document coreference.
//!
//! [`Analyzer::analyse`] runs every layer in order and returns an
//! [`Annotated`] document; each layer is also usable alone.
//!
//! ```
//! use newsfuse_model::{Document, EntityType, Span};
//! use newsfuse_nlp::annotate;
//! let mut doc = Document::new("d1", "a.txt", "Wire", "", "Finance Minister Marta Ilves said the deal was \"a fair one for both sides\".".into());
//! doc.published = Some("2025-03-07".into());
//! // Name spans would normally come from the NER model; here they are given.
//! let a = annotate(doc, &[(Span::new(17, 28), EntityType::Person)]);
//! assert_eq!(a.entities[0].roles[0].normalized, "finance minister");
//! assert_eq!(a.quotes[0].speaker, Some(0));
//! ```
#![warn(missing_docs)]

pub mod amount;
pub mod clusters;
pub mod conll;
pub mod coref;
pub mod ner;
pub mod quotes;
pub mod roles;
pub mod time;
pub mod tokenize;

use chrono::NaiveDate;
use ner::NerModel;
use newsfuse_model::{Annotated, Document, EntityType, Mention, MentionKind, Span};

/// Runs the per-document layers with a loaded NER model.
#[derive(Debug, Clone)]
pub struct Analyzer {
    ner: NerModel,
}

impl Analyzer {
    /// An analyser using `ner` for names.
    pub fn new(ner: NerModel) -> Self {
        Analyzer { ner }
    }

    /// Name spans of `text` from the NER model, tagging the document's sentences together.
    pub fn recognise(
        &self,
        text: &str,
        tokens: &[newsfuse_model::Token],
        sentences: &[newsfuse_model::Sentence],
    ) -> Vec<(Span, EntityType)> {
        // Typographic quotes and apostrophes as the training data spells them,
        // so that a curly quote is punctuation to the model and not an unknown word.
        let forms: Vec<Vec<std::borrow::Cow<str>>> = sentences
            .iter()
            .map(|s| {
                tokens[s.first_token..s.end_token]
                    .iter()
                    .map(|t| plain_typography(&text[t.span.start..t.span.end]))
                    .collect()
            })
            .collect();
        let doc: Vec<Vec<&str>> = forms.iter().map(|s| s.iter().map(|w| w.as_ref()).collect()).collect();
        let tagged = self.ner.tag_document(&doc);
        let mut out = Vec::new();
        for (s, labels) in sentences.iter().zip(tagged) {
            let toks = &tokens[s.first_token..s.end_token];
            // An opening single quotation mark, which the model reads as an apostrophe,
            // opens what someone said and is never inside a name ("Boyle: ‘Very").
            let opening = |k: usize| &text[toks[k].span.start..toks[k].span.end] == "\u{2018}";
            let mut i = 0;
            while i < labels.len() {
                let Some(ty) = ner::label_type(labels[i]).filter(|_| !opening(i)) else {
                    i += 1;
                    continue;
                };
                let mut j = i + 1;
                while j < labels.len()
                    && !ner::is_begin(labels[j])
                    && ner::label_type(labels[j]) == Some(ty)
                    && !opening(j)
                {
                    j += 1;
                }
                let next = j;
                // Nor does it end on the punctuation before the quote ("Boyle:").
                while j > i + 1
                    && ner::TRAILING_PUNCTUATION.contains(&&text[toks[j - 1].span.start..toks[j - 1].span.end])
                {
                    j -= 1;
                }
                out.push((Span::new(toks[i].span.start, toks[j - 1].span.end), ty));
                i = next;
            }
        }
        product_names(text, tokens, sentences, &mut out);
        company_names(text, tokens, &mut out);
        out
    }

    /// Every layer of analysis for one document.
    pub fn analyse(&self, doc: Document) -> Annotated {
        let tokens = tokenize::tokenize(&doc.text);
        let sentences = tokenize::split_sentences(&doc.text, &tokens);
        // The recogniser learnt English: in a text known to be in another language
        // (German capitalises every noun) its names would be noise, so it names none.
        let names = if doc.language.as_deref().is_none_or(|l| l == "en") {
            self.recognise(&doc.text, &tokens, &sentences)
        } else {
            Vec::new()
        };
        annotate_with(doc, tokens, sentences, &names)
    }
}

/// A company's legal form, as written after its name.
pub fn is_legal_form(w: &str) -> bool {
    let l = w.trim_end_matches('.').to_lowercase();
    newsfuse_model::names::LEGAL_FORM_ABBREVIATIONS.contains(&l.as_str())
        && w.chars().next().is_some_and(char::is_uppercase)
}

/// A name followed by a legal form is a company, the form included: "Chrysler
/// LLC", "Apple Inc.", even where the model tagged the name as a person and the
/// form as a name of its own.
fn company_names(text: &str, tokens: &[newsfuse_model::Token], names: &mut Vec<(Span, EntityType)>) {
    // "Chrysler LLC Jim Press" taken as one name: the company ends at its form.
    let mut split = Vec::new();
    for n in names.iter_mut() {
        // Tokens are in text order: find the name's by binary search.
        let first = tokens.partition_point(|t| t.span.start < n.0.start);
        let inner: Vec<&newsfuse_model::Token> = tokens[first..].iter().take_while(|t| t.span.end <= n.0.end).collect();
        // "LLC Jim Press" after "Chrysler": the form belongs to the name before.
        if inner.len() > 1 && is_legal_form(&text[inner[0].span.start..inner[0].span.end]) {
            n.0 = Span::new(inner[1].span.start, n.0.end);
            continue;
        }
        let form =
            (1..inner.len().saturating_sub(1)).find(|&k| is_legal_form(&text[inner[k].span.start..inner[k].span.end]));
        if let Some(k) = form {
            let rest = inner[k + 1..]
                .iter()
                .position(|t| text[t.span.start..t.span.end].chars().any(char::is_alphanumeric))
                .map(|p| k + 1 + p);
            if let Some(r) = rest {
                split.push((Span::new(inner[r].span.start, n.0.end), n.1));
                n.0 = Span::new(n.0.start, inner[k].span.end);
                n.1 = EntityType::Org;
            }
        }
    }
    names.extend(split);
    names.sort_by_key(|n| n.0.start);
    let mut absorbed = vec![false; names.len()];
    for k in 0..names.len() {
        if absorbed[k] {
            continue;
        }
        let end = names[k].0.end;
        // The token right after the name, across spaces; or after one comma
        // when the form is spelled out enough not to be a list ("Acme, Inc.").
        let next = Some(tokens.partition_point(|t| t.span.start < end)).filter(|&t| t < tokens.len());
        let word = |t: usize| &text[tokens[t].span.start..tokens[t].span.end];
        let form_at = next.and_then(|t| {
            let gap = &text[end..tokens[t].span.start];
            if !gap.trim().is_empty() || gap.contains('\n') {
                None
            } else if is_legal_form(word(t)) {
                Some(t)
            } else if word(t) == "," && t + 1 < tokens.len() && is_legal_form(word(t + 1)) && word(t + 1).len() > 2 {
                Some(t + 1)
            } else {
                None
            }
        });
        if let Some(t) = form_at {
            let mut form_end = tokens[t].span.end;
            // "Inc." tokenised as "Inc" and ".".
            if t + 1 < tokens.len() && tokens[t + 1].span.start == form_end && word(t + 1) == "." {
                form_end = tokens[t + 1].span.end;
            }
            names[k] = (Span::new(names[k].0.start, form_end), EntityType::Org);
            // A name the model gave the form alone is part of this one now.
            for (a, n) in absorbed.iter_mut().zip(names.iter()).skip(k + 1) {
                if n.0.start >= form_end {
                    break;
                }
                *a |= n.0.start >= end && n.0.end <= form_end;
            }
        } else if text[names[k].0.start..end].split_whitespace().count() > 1
            && text[names[k].0.start..end]
                .split_whitespace()
                .last()
                .is_some_and(is_legal_form)
        {
            names[k].1 = EntityType::Org;
        }
    }
    let mut keep = absorbed.into_iter().map(|a| !a);
    names.retain(|_| keep.next().unwrap_or(true));
}

/// A model code: "A380", "MS08-078", "F-16", "787" (three digits; four would be a year).
fn is_model_code(w: &str) -> bool {
    let digits = w.chars().filter(char::is_ascii_digit).count();
    let letters = w.chars().filter(char::is_ascii_alphabetic).count();
    let shape_ok = w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && w.chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !w.chars().any(|c| c.is_ascii_lowercase() && letters > 2);
    // Three digits and nothing else: "8-7" is a score.
    shape_ok && digits >= 2 && (letters > 0 && letters <= 3 || letters == 0 && w.len() == 3 && digits == 3)
}

/// Product names the newswire-trained recogniser misses: a word with a
/// lower-case letter before a capital ("iPhone", "eBay", "iOS") with the
/// capitalised or numbered words that follow it ("iPhone 4", "iPod Nano");
/// a model code right after an organisation or product ("Airbus A380",
/// "Boeing 787") extends that name into a product, and the code alone is
/// the same product wherever else the document uses it.
fn product_names(
    text: &str,
    tokens: &[newsfuse_model::Token],
    sentences: &[newsfuse_model::Sentence],
    names: &mut Vec<(Span, EntityType)>,
) {
    let word = |k: usize| &text[tokens[k].span.start..tokens[k].span.end];
    let camel = |w: &str| {
        let mut c = w.chars();
        matches!((c.next(), c.next()), (Some(a), Some(b)) if a.is_ascii_lowercase() && b.is_ascii_uppercase())
            && w.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    names.sort_by_key(|n| n.0.start);
    let covered = |names: &[(Span, EntityType)], span: Span| names.iter().any(|(s, _)| s.overlaps(span));
    let mut codes: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let mut added: Vec<(Span, EntityType)> = Vec::new();
    for s in sentences {
        let mut k = s.first_token;
        while k < s.end_token {
            let w = word(k);
            // A name followed by a model code becomes the product's name.
            if is_model_code(w) && k > s.first_token {
                let prev_end = tokens[k - 1].span.end;
                if let Some(n) = names
                    .iter_mut()
                    .find(|(sp, t)| sp.end == prev_end && matches!(t, EntityType::Org | EntityType::Misc))
                {
                    n.0 = Span::new(n.0.start, tokens[k].span.end);
                    n.1 = EntityType::Misc;
                    k += 1;
                    continue;
                }
            }
            // "iPhone" found by the model, then "3GS" or "4": the version is the product's.
            if camel(w) {
                let version = |j: usize| {
                    j < s.end_token
                        && word(j).chars().next().is_some_and(|c| c.is_ascii_digit())
                        && word(j).chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                        && !covered(names, tokens[j].span)
                };
                let found = names.iter().position(|(sp, _)| sp.end == tokens[k].span.end);
                if let Some(i) = found.filter(|_| version(k + 1)) {
                    names[i] = (Span::new(names[i].0.start, tokens[k + 1].span.end), EntityType::Misc);
                    k += 2;
                    continue;
                }
            }
            if camel(w) && !covered(names, tokens[k].span) {
                let mut end = k + 1;
                while end < s.end_token
                    && end - k < 4
                    && (word(end).chars().next().is_some_and(char::is_uppercase)
                        || word(end).chars().any(|c| c.is_ascii_digit()))
                    && word(end).chars().all(|c| c.is_alphanumeric() || c == '-')
                    && !covered(names, tokens[end].span)
                {
                    end += 1;
                }
                added.push((
                    Span::new(tokens[k].span.start, tokens[end - 1].span.end),
                    EntityType::Misc,
                ));
                k = end;
                continue;
            }
            k += 1;
        }
    }
    names.extend(added);
    // Every product name ending in a code, extended above or found whole by the model
    // ("Airbus A380"), gives the document its code.
    for (sp, _) in names
        .iter()
        .filter(|(_, t)| matches!(t, EntityType::Org | EntityType::Misc))
    {
        let mut words = text[sp.start..sp.end].split_whitespace();
        let last = words.next_back().filter(|l| words.next().is_some() && is_model_code(l));
        codes.extend(last);
    }
    if !codes.is_empty() {
        let mut alone = Vec::new();
        for (k, t) in tokens.iter().enumerate() {
            // The code alone, or its plural ("the first A380s").
            let w = word(k);
            let code = codes.contains(w) || w.strip_suffix('s').is_some_and(|c| codes.contains(c));
            if code && !covered(names, t.span) {
                alone.push((t.span, EntityType::Misc));
            }
        }
        names.extend(alone);
    }
    names.sort_by_key(|n| n.0.start);
}

/// A token with curly quotes, primes and guillemets replaced by the straight
/// marks of newswire text; other tokens are borrowed unchanged.
fn plain_typography(w: &str) -> std::borrow::Cow<'_, str> {
    if w.is_ascii() {
        return std::borrow::Cow::Borrowed(w);
    }
    if w.chars()
        .all(|c| matches!(c, '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}'))
    {
        return std::borrow::Cow::Borrowed("\"");
    }
    if w.contains(['\u{2018}', '\u{2019}']) {
        return std::borrow::Cow::Owned(w.replace(['\u{2018}', '\u{2019}'], "'"));
    }
    std::borrow::Cow::Borrowed(w)
}

/// Analyse a document whose name spans are already known (for tests and
/// for callers with their own recogniser).
pub fn annotate(doc: Document, names: &[(Span, EntityType)]) -> Annotated {
    let tokens = tokenize::tokenize(&doc.text);
    let sentences = tokenize::split_sentences(&doc.text, &tokens);
    annotate_with(doc, tokens, sentences, names)
}

/// Trim a name span of edge punctuation and a leading "the".
fn trim_name(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.start..span.end];
    let lead = s.len() - s.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let core = s
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
    if core.is_empty() {
        return None;
    }
    Some(Span::new(span.start + lead, span.start + lead + core.len()))
}

/// The tokens inside a span (tokens are sorted by position).
fn tokens_in(tokens: &[newsfuse_model::Token], span: Span) -> Vec<&newsfuse_model::Token> {
    let first = tokens.partition_point(|t| t.span.start < span.start);
    let after = tokens.partition_point(|t| t.span.start < span.end);
    tokens[first..after].iter().filter(|t| span.contains(t.span)).collect()
}

/// Honorifics that precede a name but are not part of it.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "gen", "col", "capt", "lt", "sgt", "sen",
    "rep", "gov", "rev", "st",
];

/// Titles of elected or governing offices, whose holder is "of" a state or a country.
const POLITICAL_TITLES: &[&str] = &[
    "senator",
    "sen",
    "representative",
    "rep",
    "governor",
    "gov",
    "president",
    "chancellor",
    "premier",
    "king",
    "queen",
    "mayor",
    "congressman",
    "congresswoman",
    "assemblyman",
    "assemblywoman",
];

/// Lower-case particles of personal names, whole words or prefixes joined by a hyphen.
const NAME_PARTICLE_PREFIXES: &[&str] = &[
    "al-", "el-", "bin", "ibn", "van", "von", "de", "da", "di", "du", "la", "le", "der", "den", "ter",
];

/// Role heads that are abstract nouns too, ending names of organisations ("Citizens
/// for Tax Justice").
const ABSTRACT_TITLES: &[&str] = &["justice"];

/// Titles that are common surnames as well; one of them after a given name ends the name.
const SURNAMES_THAT_ARE_TITLES: &[&str] = &[
    "king",
    "bishop",
    "dean",
    "marshal",
    "pope",
    "prince",
    "chancellor",
    "judge",
    "knight",
    "major",
    "sheriff",
    "justice",
];

/// Words that make one title of such a word ("Crown Prince", "Field Marshal", "District Judge").
const TITLE_MODIFIERS: &[&str] = &[
    "crown", "grand", "chief", "federal", "district", "high", "field", "air", "vice", "drum", "sergeant", "supreme",
    "circuit", "county", "state", "deputy", "arch",
];

/// Titles the recogniser swept into a person's name ("Harbour master
/// Sorokin", "Governor Aleksandr Petrov") are cut off: the name starts
/// after the last role word. A lone title word tagged as a person, or a
/// word that only modifies a following lower-case role ("Harbour" in
/// "Harbour master"), is dropped.
fn strip_person_titles(text: &str, tokens: &[newsfuse_model::Token], mentions: Vec<Mention>) -> Vec<Mention> {
    let is_title = |w: &str| {
        let l = w.trim_end_matches('.').to_lowercase();
        roles::is_role_head(&l) || HONORIFICS.contains(&l.as_str())
    };
    let mut out = Vec::with_capacity(mentions.len());
    for mut m in mentions {
        if m.etype != EntityType::Person {
            out.push(m);
            continue;
        }
        let toks = tokens_in(tokens, m.span);
        // No personal name runs past five words: a longer one is a title-cased headline.
        if toks.len() > 5 {
            continue;
        }
        let title_at = |k: usize| is_title(&text[toks[k].span.start..toks[k].span.end]);
        // "Billy King", "Harold Bishop": a surname that is also a title closes a name.
        let surname_title = toks.len() >= 2
            && SURNAMES_THAT_ARE_TITLES.contains(
                &text[toks[toks.len() - 1].span.start..m.span.end]
                    .to_lowercase()
                    .as_str(),
            )
            && !title_at(toks.len() - 2)
            && !TITLE_MODIFIERS.contains(
                &text[toks[toks.len() - 2].span.start..toks[toks.len() - 2].span.end]
                    .to_lowercase()
                    .as_str(),
            );
        let searched = if surname_title { toks.len() - 1 } else { toks.len() };
        if let Some(k) = (0..searched).rposition(title_at) {
            if k + 1 >= toks.len() {
                continue;
            }
            m.span.start = toks[k + 1].span.start;
        }
        let next = tokens
            .get(tokens.partition_point(|t| t.span.start < m.span.end))
            .map(|t| &text[t.span.start..t.span.end]);
        if next.is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase) && roles::is_role_head(w)) {
            continue;
        }
        out.push(m);
    }
    out
}

/// Words that make up a title with a role head ("Chief Executive Officer", "Vice President").
fn is_title_word(w: &str) -> bool {
    let l = w.trim_end_matches('.').to_lowercase();
    roles::is_role_head(&l)
        || matches!(
            l.as_str(),
            "vice" | "senior" | "deputy" | "acting" | "interim" | "former" | "executive" | "managing" | "general"
        )
}

/// Departments a secretary or minister holds ("Secretary of State", "Minister of Finance").
const PORTFOLIOS: &[&str] = &[
    "state",
    "defense",
    "defence",
    "finance",
    "justice",
    "health",
    "education",
    "commerce",
    "treasury",
    "labor",
    "labour",
    "energy",
    "interior",
    "agriculture",
    "transportation",
    "transport",
    "trade",
    "industry",
    "culture",
    "economy",
    "war",
    "foreign",
    "homeland",
];

/// An organisation or place name that ran on into a title and a person
/// ("Apple Computer CEO Steve Jobs", "Apple Chief Executive Officer") is cut
/// at the title: the part before keeps its type, and capitalised words after
/// the title become a person. A title that opens the name ("General Motors",
/// "Secretary of State") is part of it and stays. Trailing conjunctions go.
fn split_titled_names(text: &str, tokens: &[newsfuse_model::Token], mentions: Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(mentions.len());
    for mut m in mentions {
        let toks = tokens_in(tokens, m.span);
        let word = |k: usize| &text[toks[k].span.start..toks[k].span.end];
        // "Apple and": a name does not end in a conjunction.
        let mut n = toks.len();
        while n > 1 && matches!(word(n - 1).to_lowercase().as_str(), "and" | "or" | "of" | "the" | "&") {
            n -= 1;
        }
        if n < toks.len() {
            m.span.end = toks[n - 1].span.end;
        }
        // "Ms McMeekin and Miss Jenkin": two people, each with an honorific, run together.
        let honorific = |k: usize| HONORIFICS.contains(&word(k).trim_end_matches('.').to_lowercase().as_str());
        if let Some(k) = (1..n.saturating_sub(2)).find(|&k| matches!(word(k), "and" | "&")) {
            if honorific(0) && honorific(k + 1) && k >= 2 {
                for (from, to) in [(0, k), (k + 1, n)] {
                    out.push(Mention {
                        span: Span::new(toks[from].span.start, toks[to - 1].span.end),
                        etype: EntityType::Person,
                        kind: MentionKind::Name,
                        entity: 0,
                    });
                }
                continue;
            }
        }
        // "Gov. Sarah Palin", "Dr. Mehmet Oz" typed ORG: an honorific opens a person's
        // name ("St Louis", "Lord's" and "Miss Universe" are not among them).
        let person_honorific = |k: usize| {
            honorific(k)
                && !matches!(
                    word(k).trim_end_matches('.').to_lowercase().as_str(),
                    "st" | "lord" | "lady" | "miss"
                )
        };
        // "Mr." alone, typed ORG before "Quiros": an honorific names nobody by itself.
        if (0..n).all(honorific) {
            continue;
        }
        // ("Mr. Trump's": the possessive ending goes with the name.)
        let possessive = |k: usize| matches!(word(k), "'s" | "\u{2019}s" | "'" | "\u{2019}");
        let named_to = if n > 2 && possessive(n - 1) { n - 1 } else { n };
        // A word of a personal name: capitalised, or a particle of one ("el-Qaddafi",
        // "bin", "van").
        let name_word = |k: usize| {
            let w = word(k);
            let particle = NAME_PARTICLE_PREFIXES.iter().any(|p| {
                w.strip_prefix(p)
                    .is_some_and(|rest| rest.is_empty() && !p.ends_with('-') || rest.starts_with(char::is_uppercase))
            });
            (w.chars().next().is_some_and(char::is_uppercase) || particle)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'' || c == '\u{2019}')
        };
        if m.etype != EntityType::Person
            && (2..=4).contains(&named_to)
            && person_honorific(0)
            && (1..named_to).all(name_word)
        {
            m.etype = EntityType::Person;
            m.span = Span::new(toks[1].span.start, toks[n - 1].span.end);
            out.push(m);
            continue;
        }
        // "Senator Marco Rubio of Florida", "Chancellor Angela Merkel of Germany", "Mr.
        // Altman of Evercore" typed as one organisation or place: a title or honorific,
        // a personal name, then where the person is from. The person is the name; the
        // rest keeps its type until the document's other mentions vote on it.
        if m.etype != EntityType::Person && n >= 4 && (person_honorific(0) || is_title_word(word(0))) {
            if let Some(of) = (2..n - 1).find(|&k| word(k) == "of") {
                let given = (1..of).all(name_word) && (of > 2 || person_honorific(0));
                let place = (of + 1..n).all(|k| word(k).chars().next().is_some_and(char::is_uppercase));
                if given && place {
                    out.push(Mention {
                        span: Span::new(toks[1].span.start, toks[of - 1].span.end),
                        etype: EntityType::Person,
                        kind: MentionKind::Name,
                        entity: 0,
                    });
                    m.span = Span::new(toks[of + 1].span.start, toks[n - 1].span.end);
                    // A politician's "of" names the state or country they represent.
                    if POLITICAL_TITLES.contains(&word(0).trim_end_matches('.').to_lowercase().as_str()) {
                        m.etype = EntityType::Loc;
                    }
                    out.push(m);
                    continue;
                }
            }
        }
        if m.etype != EntityType::Person {
            let office = |k: usize| roles::is_office_word(word(k));
            let title_run = (0..n).take_while(|&k| office(k)).count();
            // "CEO", "Vice Chairman": an office alone names no organisation or place.
            if title_run == n {
                continue;
            }
            // "the Vice Chairman of Chrysler": the office holder's organisation is the
            // name, not the office ("Secretary of State" names no organisation).
            if title_run > 0 && word(title_run).eq_ignore_ascii_case("of") {
                let mut from = title_run + 1;
                if from < n && word(from).eq_ignore_ascii_case("the") {
                    from += 1;
                }
                let portfolio = n - from == 1 && PORTFOLIOS.contains(&word(from).to_lowercase().as_str());
                if from < n && !portfolio && (from..n).all(|j| word(j).chars().next().is_some_and(char::is_uppercase)) {
                    m.span = Span::new(toks[from].span.start, toks[n - 1].span.end);
                    out.push(m);
                    continue;
                }
            }
        }
        if m.etype == EntityType::Person || n < 2 {
            out.push(m);
            continue;
        }
        // The first title word that has a role head in its run, after a capitalised word;
        // or a title opening the name when a full personal name follows ("CEO Steve Jobs").
        let role_start = (0..n).find(|&k| {
            let run_end = (k..n).take_while(|&j| is_title_word(word(j))).last();
            let has_head = run_end
                .is_some_and(|e| (k..=e).any(|j| roles::is_role_head(&word(j).trim_end_matches('.').to_lowercase())));
            if k == 0 {
                let after = run_end.map_or(0, |e| e + 1);
                return has_head
                    && !word(0).eq_ignore_ascii_case("general")
                    && n - after >= 2
                    && (after..n).all(|j| word(j).chars().next().is_some_and(char::is_uppercase));
            }
            is_title_word(word(k)) && has_head && word(k - 1).chars().next().is_some_and(char::is_uppercase)
        });
        let Some(k) = role_start else {
            out.push(m);
            continue;
        };
        let run_end = (k..n).take_while(|&j| is_title_word(word(j))).count() + k;
        // "Citizens for Tax Justice", "Center of Media Justice": a title that is also an
        // abstract noun ends an organisation's name when no one's name follows it.
        if run_end == n && (k..n).all(|j| ABSTRACT_TITLES.contains(&word(j).to_lowercase().as_str())) {
            out.push(m);
            continue;
        }
        if k > 0 {
            let mut org = m.clone();
            org.span = Span::new(toks[0].span.start, toks[k - 1].span.end);
            out.push(org);
        }
        if run_end < n && (run_end..n).all(|j| word(j).chars().next().is_some_and(char::is_uppercase)) {
            out.push(Mention {
                span: Span::new(toks[run_end].span.start, toks[n - 1].span.end),
                etype: EntityType::Person,
                kind: MentionKind::Name,
                entity: 0,
            });
        }
    }
    out
}

/// Document-level consistency of types: a name tagged with several types
/// takes its majority type, and a single word that is part of a person's
/// name in the same document ("Hoff" after "Lena Hoff") is that person.
fn consistent_types(text: &str, mentions: &mut [Mention]) {
    use rustc_hash::FxHashMap;
    let key = |m: &Mention| text[m.span.start..m.span.end].to_lowercase();
    let mut votes: FxHashMap<String, FxHashMap<EntityType, usize>> = FxHashMap::default();
    for m in mentions.iter() {
        *votes.entry(key(m)).or_default().entry(m.etype).or_insert(0) += 1;
    }
    let person_words: rustc_hash::FxHashSet<String> = mentions
        .iter()
        .filter(|m| m.etype == EntityType::Person)
        .filter_map(|m| {
            let t = &text[m.span.start..m.span.end];
            let ws: Vec<&str> = t.split_whitespace().collect();
            (ws.len() >= 2).then(|| ws.last().map(|w| w.to_lowercase()))
        })
        .flatten()
        .collect();
    // ...unless the word also opens a longer name of another kind here: "Ford"
    // beside "William Clay Ford" and "Ford Motor Company" stays the company.
    let other_heads: rustc_hash::FxHashSet<String> = mentions
        .iter()
        .filter(|m| m.etype != EntityType::Person)
        .filter_map(|m| {
            let ws: Vec<&str> = text[m.span.start..m.span.end].split_whitespace().collect();
            (ws.len() >= 2).then(|| ws[0].to_lowercase())
        })
        .collect();
    for m in mentions.iter_mut() {
        let k = key(m);
        if !k.contains(' ') && m.etype != EntityType::Person && person_words.contains(&k) && !other_heads.contains(&k) {
            m.etype = EntityType::Person;
            continue;
        }
        if let Some(v) = votes.get(&k) {
            let (best, n) = v
                .iter()
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
                .map(|(t, n)| (*t, *n))
                .unwrap();
            if n > v[&m.etype] {
                m.etype = best;
            }
        }
    }
}

fn annotate_with(
    doc: Document,
    tokens: Vec<newsfuse_model::Token>,
    sentences: Vec<newsfuse_model::Sentence>,
    names: &[(Span, EntityType)],
) -> Annotated {
    let anchor = doc
        .published
        .as_deref()
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    let lower = tokenize::lower_words(&doc.text, &tokens);
    let times = time::find_times(&doc.text, &tokens, &lower, anchor);
    let amounts = amount::find_amounts(&doc.text, &tokens, &lower);

    // Names → mentions → in-document entities.
    let mut mentions: Vec<Mention> = names
        .iter()
        .filter_map(|(span, ty)| {
            trim_name(&doc.text, *span).map(|s| Mention {
                span: s,
                etype: *ty,
                kind: MentionKind::Name,
                entity: 0,
            })
        })
        .collect();
    mentions.sort_by_key(|m| m.span.start);
    let mentions = split_titled_names(&doc.text, &tokens, mentions);
    let mut mentions = strip_person_titles(&doc.text, &tokens, mentions);
    consistent_types(&doc.text, &mut mentions);
    let texts: Vec<String> = mentions
        .iter()
        .map(|m| doc.text[m.span.start..m.span.end].to_string())
        .collect();
    let mut entities = coref::link_names(&mut mentions, &texts);

    // Roles of people, sentence by sentence.
    let mut a = Annotated {
        doc,
        tokens,
        sentences,
        mentions,
        entities: Vec::new(),
        quotes: Vec::new(),
        times,
        amounts,
    };
    for s in &a.sentences {
        let toks = &a.tokens[s.first_token..s.end_token];
        let words: Vec<&str> = toks.iter().map(|t| &a.doc.text[t.span.start..t.span.end]).collect();
        let spans: Vec<Span> = toks.iter().map(|t| t.span).collect();
        // The sentence's mentions (they are sorted by start), found by binary search.
        let lo = a.mentions.partition_point(|m| m.span.start < s.span.start);
        let hi = a.mentions.partition_point(|m| m.span.start < s.span.end);
        let in_sentence = &a.mentions[lo..hi];
        let is_name: Vec<bool> = spans
            .iter()
            .map(|sp| in_sentence.iter().any(|m| m.span.contains(*sp)))
            .collect();
        for m in in_sentence
            .iter()
            .filter(|m| m.etype == EntityType::Person && s.span.contains(m.span))
        {
            let first = spans.iter().position(|sp| sp.start >= m.span.start).unwrap_or(0);
            let end = spans
                .iter()
                .rposition(|sp| sp.end <= m.span.end)
                .map_or(first, |e| e + 1);
            let mut found = roles::roles_for(&a.doc.text, &words, &spans, first, end, &is_name);
            if !found.is_empty() {
                let names: Vec<(Span, EntityType, &str)> = in_sentence
                    .iter()
                    .filter(|n| n.entity != m.entity)
                    .map(|n| (n.span, n.etype, entities[n.entity].name.as_str()))
                    .collect();
                for role in &mut found {
                    roles::add_affiliation(&a.doc.text, role, &names);
                }
            }
            for role in found {
                let e = &mut entities[m.entity];
                if !e.roles.iter().any(|r| r.span == role.span) {
                    e.roles.push(role);
                }
            }
        }
    }
    a.entities = entities;

    // Quotes, with the pronoun and description mentions their speakers add,
    // then the descriptions elsewhere ("the minister") that a role explains.
    let (quotes, mut extra) = quotes::find_quotes(&a, &lower);
    a.quotes = quotes;
    extra.extend(coref::link_descriptions(&a, &lower));
    for m in extra {
        if a.mentions.iter().any(|x| x.span.overlaps(m.span)) {
            continue;
        }
        let idx = a.mentions.len();
        a.entities[m.entity].mentions.push(idx);
        a.mentions.push(m);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsfuse_model::QuoteKind;

    /// Analyse `text` with the given names marked (first occurrence of each string, by type).
    fn run(text: &str, names: &[(&str, EntityType)]) -> Annotated {
        let mut spans = Vec::new();
        for (n, t) in names {
            for (i, _) in text.match_indices(n) {
                spans.push((Span::new(i, i + n.len()), *t));
            }
        }
        spans.sort_by_key(|s| s.0.start);
        spans.dedup_by(|b, a| b.0.start < a.0.end);
        let mut doc = Document::new("d1", "t.txt", "T", "", text.to_string());
        doc.published = Some("2025-03-07".into());
        annotate(doc, &spans)
    }

    fn quotes_of(a: &Annotated) -> Vec<(String, Option<String>, String, QuoteKind)> {
        a.quotes
            .iter()
            .map(|q| {
                (
                    a.doc.text[q.span.start..q.span.end].to_string(),
                    q.speaker.map(|e| a.entities[e].name.clone()),
                    q.cue.clone(),
                    q.kind,
                )
            })
            .collect()
    }

    #[test]
    fn direct_split_partial_and_reported_quotes_get_speakers() {
        use EntityType::*;
        let a = run(
            "Harbour master Yevgeny Sorokin, 54, spoke at the quay. \u{201c}The fire is out,\u{201d} Sorokin said. \u{201c}We were lucky.\u{201d}\n\n\
             The spokeswoman for Kestrova Port, Anna Berg, called it \u{201c}the worst night in decades\u{201d}.\n\n\
             He told reporters that repairs would take months.\n\n\
             According to the port authority, the terminal will reopen in May.\n\n\
             \"Nobody was killed,\" a senior official said.",
            &[("Yevgeny Sorokin", Person), ("Sorokin", Person), ("Anna Berg", Person), ("Kestrova Port", Org)],
        );
        let got = quotes_of(&a);
        let sorokin = Some("Yevgeny Sorokin".to_string());
        assert_eq!(
            got[0],
            (
                "The fire is out".into(),
                sorokin.clone(),
                "said".into(),
                QuoteKind::Direct
            )
        );
        assert_eq!(
            got[1],
            (
                "We were lucky.".into(),
                sorokin.clone(),
                "said".into(),
                QuoteKind::Direct
            )
        );
        assert_eq!(got[2].0, "the worst night in decades");
        assert_eq!(got[2].3, QuoteKind::Partial);
        assert_eq!(
            got[3],
            (
                "repairs would take months".into(),
                Some("Anna Berg".into()),
                "told".into(),
                QuoteKind::Reported
            )
        );
        assert_eq!(got[4].0, "the terminal will reopen in May");
        assert_eq!(got[4].2, "according to");
        // An anonymous source stays anonymous.
        assert_eq!(got[5].0, "Nobody was killed");
        assert_eq!(got[5].1, None);
        assert_eq!(a.quotes[5].speaker_text.as_deref(), Some("a senior official"));
    }

    #[test]
    fn speakers_past_quotes_subordinate_clauses_and_auxiliaries() {
        use EntityType::*;
        let a = run(
            "Senators Ana Tell and Rui Vann pressed the banker.\n\n\
             \u{201c}Every time you say that,\u{201d} Tell said, \u{201c}you give them ammunition.\u{201d}\n\n\
             \u{201c}Why is this not proof that the bank is too big?\u{201d} Vann demanded.\n\n\
             \u{201c}Nobody told us,\u{201d} fumed Vann.\n\n\
             Vann said the plan was \u{201c}a plain disaster\u{201d} when Tell said it would pass.\n\n\
             Tell, now a paid commentator, has also said that she was working on a book.\n\n\
             Vann spokesman Ivo Lind said the senator would vote against the bill.\n\n\
             Several Vann supporters said they had not heard anything new.\n\n\
             Rui Vann, her opponent, bemoaned the unrest in Tarrow and said he thought drugs were a factor.\n\n\
             Mayor Lia Sorn said Friday that she thinks the tape should be released but said \"the question is the timing.\"",
            &[
                ("Ana Tell", Person),
                ("Rui Vann", Person),
                ("Ivo Lind", Person),
                ("Lia Sorn", Person),
                ("Tell", Person),
                ("Vann", Person),
            ],
        );
        let got = quotes_of(&a);
        let find = |s: &str| {
            got.iter()
                .find(|q| q.0.starts_with(s))
                .unwrap_or_else(|| panic!("{s}: {got:?}"))
        };
        assert_eq!(find("Every time").1.as_deref(), Some("Ana Tell"));
        // Not the previous speaker going on, nor "say" inside the earlier quote.
        assert_eq!(find("Why is this").1.as_deref(), Some("Rui Vann"));
        assert_eq!(find("Why is this").2, "demanded");
        assert_eq!(find("Nobody told").1.as_deref(), Some("Rui Vann"));
        assert_eq!(find("Nobody told").2, "fumed");
        // A speech verb in a clause of its own after a partial quote is about something else.
        assert_eq!(find("a plain disaster").1.as_deref(), Some("Rui Vann"), "{got:?}");
        // Auxiliaries between the speaker and the verb are no speaker.
        assert_eq!(find("she was working").1.as_deref(), Some("Ana Tell"));
        // The head of the speaker's phrase is its last name; a name before a plural noun
        // only says whose.
        assert_eq!(find("the senator would").1.as_deref(), Some("Ivo Lind"));
        assert_eq!(find("they had not heard").1, None);
        assert!(a
            .quotes
            .iter()
            .any(|q| q.speaker_text.as_deref() == Some("Several Vann supporters")));
        // A second speech verb has the first one's subject.
        assert_eq!(find("he thought drugs").1.as_deref(), Some("Rui Vann"), "{got:?}");
        assert_eq!(find("the question is").1.as_deref(), Some("Lia Sorn"), "{got:?}");
    }

    #[test]
    fn a_name_or_a_plural_noun_is_no_speech_verb() {
        use EntityType::*;
        let a = run(
            "Trade between Turkey and the United States fell last year. Candidates must win swing states \
             like Ohio to take the White House. The report notes that exports rose sharply in the third quarter.",
            &[
                ("Turkey", Loc),
                ("United States", Loc),
                ("Ohio", Loc),
                ("White House", Org),
            ],
        );
        let got = quotes_of(&a);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "exports rose sharply in the third quarter");
        assert_eq!(got[0].2, "notes");
    }

    #[test]
    fn signatures_double_apostrophes_and_parentheticals_attribute_quotes() {
        use EntityType::*;
        let a = run(
            "\u{201c}The bridge will hold for another decade.\u{201d} \u{2015} Lidia Marsh\n\
             ''We never said that,'' Mr. Olsen said.\n\n\
             \"Cuts will follow,\" Senator Ruth Ames (D-Ore.) said in a statement.\n\n\
             \"The vote is close,\" said Tuesday.",
            &[("Lidia Marsh", Person), ("Olsen", Person), ("Ruth Ames", Person)],
        );
        let got = quotes_of(&a);
        assert_eq!(got[0].0, "The bridge will hold for another decade.");
        assert_eq!(got[0].1.as_deref(), Some("Lidia Marsh"));
        // NYT-style '' marks pair like double quotes.
        assert_eq!(got[1].0, "We never said that");
        assert_eq!(got[1].1.as_deref(), Some("Olsen"));
        // The party label between name and verb is skipped; "in a statement" is no speaker.
        assert_eq!(got[2].0, "Cuts will follow");
        assert_eq!(got[2].1.as_deref(), Some("Ruth Ames"));
        // A weekday after the verb is when, not who.
        assert_eq!(got[3].0, "The vote is close");
        assert_eq!(got[3].2, "said");
        assert_eq!(a.quotes[3].speaker_text, None);
    }

    #[test]
    fn pronouns_skip_people_of_the_other_gender_and_organisations_speak_by_kind() {
        use EntityType::*;
        let a = run(
            "Marta Ilves met Mr. Jonas Berg on Monday. Berg left early.\n\n\
             \u{201c}We agreed on nothing,\u{201d} she said.\n\n\
             The Interfax news agency reported a second meeting. \"Talks resume in May,\" the agency said.",
            &[
                ("Marta Ilves", Person),
                ("Jonas Berg", Person),
                ("Berg", Person),
                ("Interfax", Org),
            ],
        );
        let got = quotes_of(&a);
        assert_eq!(got[0].0, "We agreed on nothing");
        assert_eq!(got[0].1.as_deref(), Some("Marta Ilves"));
        assert_eq!(got[1].0, "Talks resume in May");
        assert_eq!(got[1].1.as_deref(), Some("Interfax"));
    }

    /// Each name mention of `a` with its type, in order.
    fn names_of(a: &Annotated) -> Vec<(&str, EntityType)> {
        a.mentions
            .iter()
            .map(|m| (&a.doc.text[m.span.start..m.span.end], m.etype))
            .collect()
    }

    #[test]
    fn names_that_ran_into_a_title_are_cut_there() {
        use EntityType::*;
        let a = run(
            "Apple Computer CEO Steve Jobs spoke. CEO Tim Cook listened. General Motors and Ford did not.",
            &[
                ("Apple Computer CEO Steve Jobs", Org),
                ("CEO Tim Cook", Org),
                ("General Motors and", Org),
            ],
        );
        let got = names_of(&a);
        assert_eq!(
            got,
            [
                ("Apple Computer", Org),
                ("Steve Jobs", Person),
                ("Tim Cook", Person),
                ("General Motors", Org)
            ]
        );
    }

    #[test]
    fn offices_honorifics_and_surnames_that_are_titles() {
        use EntityType::*;
        let a = run(
            "The Vice Chairman of Chrysler quit. Ryanair CEO Michael Keane stayed. \
             The Secretary of State flew in. Ms Vale and Miss Jenkin met him. Gov. Alma Reyes left. Mr. Tull came. \
             Billy King stayed. The Crown Prince did not.",
            &[
                ("Vice Chairman of Chrysler", Org),
                ("CEO", Org),
                ("Michael Keane", Person),
                ("Secretary of State", Org),
                ("Ms Vale and Miss Jenkin", Org),
                ("Gov. Alma Reyes", Org),
                ("Mr.", Org),
                ("Billy King", Person),
                ("Crown Prince", Person),
            ],
        );
        let got = names_of(&a);
        // A portfolio is not cut off its office: "State" alone would name nothing.
        assert_eq!(
            got,
            [
                ("Chrysler", Org),
                ("Michael Keane", Person),
                ("Secretary of State", Org),
                ("Vale", Person),
                ("Jenkin", Person),
                ("Alma Reyes", Person),
                ("Billy King", Person)
            ]
        );
    }

    #[test]
    fn a_titled_person_of_a_place_is_the_person_and_the_place() {
        use EntityType::*;
        let a = run(
            "Chancellor Angela Merkel of Germany met Senator Marco Rubio of Florida. Mr. Altman of Evercore \
             and Col. Muammar el-Qaddafi were there. The Secretary of State stayed home.",
            &[
                ("Chancellor Angela Merkel of Germany", Org),
                ("Senator Marco Rubio of Florida", Org),
                ("Mr. Altman of Evercore", Org),
                ("Col. Muammar el-Qaddafi", Loc),
                ("Secretary of State", Org),
            ],
        );
        assert_eq!(
            names_of(&a),
            [
                ("Angela Merkel", Person),
                ("Germany", Loc),
                ("Marco Rubio", Person),
                ("Florida", Loc),
                ("Altman", Person),
                ("Evercore", Org),
                ("Muammar el-Qaddafi", Person),
                ("Secretary of State", Org)
            ]
        );
    }

    #[test]
    fn a_justice_is_an_office_unless_it_ends_an_organisation_or_is_a_surname() {
        use EntityType::*;
        let a = run(
            "Manhattan Supreme Court Justice Frank Nervo ruled. Citizens for Tax Justice objected. \
             Governor Jim Justice did not.",
            &[
                ("Manhattan Supreme Court Justice Frank Nervo", Org),
                ("Citizens for Tax Justice", Org),
                ("Jim Justice", Person),
            ],
        );
        assert_eq!(
            names_of(&a),
            [
                ("Manhattan Supreme Court", Org),
                ("Frank Nervo", Person),
                ("Citizens for Tax Justice", Org),
                ("Jim Justice", Person)
            ]
        );
    }

    #[test]
    fn descriptions_link_to_the_person_whose_role_they_name() {
        use EntityType::*;
        let a = run(
            "Finance Minister Marta Ilves presented the budget. The minister said cuts were needed. \
             Later the finance minister met the unions. The mayor did not attend.",
            &[("Marta Ilves", Person)],
        );
        let ilves = a.entities.iter().position(|e| e.name == "Marta Ilves").unwrap();
        let linked: Vec<&str> = a
            .mentions
            .iter()
            .filter(|m| m.entity == ilves && m.kind == newsfuse_model::MentionKind::Nominal)
            .map(|m| &a.doc.text[m.span.start..m.span.end])
            .collect();
        assert_eq!(linked, ["The minister", "the finance minister"]);
        // Nobody here is a mayor: the description stays unlinked.
        assert!(!a
            .mentions
            .iter()
            .any(|m| a.doc.text[m.span.start..m.span.end].contains("mayor")));
        assert_eq!(a.entities[ilves].mentions.len(), 3);
    }

    /// A small model trained in the test: the properties hold whatever the weights.
    #[test]
    fn products_and_model_codes_are_named() {
        let text = "Aerolux unveiled the Aerolux K470 on Monday. The K470 seats 300. \
                    Fans queued for the xPad 2 and the xPad in 2024.";
        let tokens = tokenize::tokenize(text);
        let sentences = tokenize::split_sentences(text, &tokens);
        let org = |n: &str, from: usize| {
            let i = text[from..].find(n).unwrap() + from;
            (Span::new(i, i + n.len()), EntityType::Org)
        };
        let mut names = vec![org("Aerolux", 0), org("Aerolux", 10)];
        product_names(text, &tokens, &sentences, &mut names);
        let got: Vec<(&str, EntityType)> = names.iter().map(|(s, t)| (&text[s.start..s.end], *t)).collect();
        assert_eq!(
            got,
            vec![
                ("Aerolux", EntityType::Org),
                ("Aerolux K470", EntityType::Misc),
                ("K470", EntityType::Misc),
                ("xPad 2", EntityType::Misc),
                ("xPad", EntityType::Misc),
            ]
        );
        // Four digits after a name are a year, not a model.
        assert!(!is_model_code("2024") && is_model_code("787") && is_model_code("MS08-078"));
        // A score is no model.
        assert!(!is_model_code("8-7") && !is_model_code("2-1"));

        // A product the model found whole gives its code, alone or in the plural.
        let text = "The Aerolux K470 flew today. Two K470s landed, and a K470 waited.";
        let tokens = tokenize::tokenize(text);
        let sentences = tokenize::split_sentences(text, &tokens);
        let mut names = vec![(Span::new(4, 16), EntityType::Misc)];
        product_names(text, &tokens, &sentences, &mut names);
        let got: Vec<&str> = names.iter().map(|(s, _)| &text[s.start..s.end]).collect();
        assert_eq!(got, vec!["Aerolux K470", "K470s", "K470"]);

        // A camel-case name the model found takes the version after it.
        let text = "The xPad 3GS and the 5G xPad sold out.";
        let tokens = tokenize::tokenize(text);
        let sentences = tokenize::split_sentences(text, &tokens);
        let mut names = vec![
            (Span::new(4, 8), EntityType::Org),
            (Span::new(24, 28), EntityType::Misc),
        ];
        product_names(text, &tokens, &sentences, &mut names);
        let got: Vec<&str> = names.iter().map(|(s, _)| &text[s.start..s.end]).collect();
        assert_eq!(got, vec!["xPad 3GS", "xPad"]);
    }

    #[test]
    fn a_legal_form_makes_a_company_of_the_name_before_it() {
        let text = "Talks with Norvik LLC Jim Press ended. Norvik LLC said Halden Inc. agreed.";
        let tokens = tokenize::tokenize(text);
        let at = |n: &str, from: usize, t: EntityType| {
            let i = text[from..].find(n).unwrap() + from;
            (Span::new(i, i + n.len()), t)
        };
        // As the model may tag them: a person "Norvik", the form run into the next name.
        let mut names = vec![
            at("Norvik", 0, EntityType::Person),
            at("LLC Jim Press", 0, EntityType::Org),
            at("Norvik", 30, EntityType::Person),
            at("Halden", 40, EntityType::Person),
        ];
        company_names(text, &tokens, &mut names);
        let got: Vec<(&str, EntityType)> = names.iter().map(|(s, t)| (&text[s.start..s.end], *t)).collect();
        assert_eq!(
            got,
            vec![
                ("Norvik LLC", EntityType::Org),
                ("Jim Press", EntityType::Org),
                ("Norvik LLC", EntityType::Org),
                ("Halden Inc.", EntityType::Org),
            ]
        );
        assert!(is_legal_form("GmbH") && is_legal_form("Corp.") && !is_legal_form("co"));
    }

    fn tiny_analyzer() -> Analyzer {
        use ner::{TrainDoc, TrainSentence};
        let docs: Vec<TrainDoc> = (0..20)
            .map(|i| {
                let name = ["Ilves", "Sorokin", "Berg", "Karasev"][i % 4];
                TrainDoc {
                    sentences: vec![
                        TrainSentence {
                            words: vec!["Marta".into(), name.into(), "visited".into(), "Orsk".into(), ".".into()],
                            labels: vec![1, 2, 0, 5, 0],
                        },
                        TrainSentence {
                            words: vec!["The".into(), "Orsk".into(), "Bank".into(), "said".into(), "so".into()],
                            labels: vec![0, 3, 4, 0, 0],
                        },
                    ],
                }
            })
            .collect();
        Analyzer::new(ner::train(&docs, 3, Default::default(), &mut |_, _, _| {}))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn recognition_never_panics_and_spans_fall_on_char_boundaries(text in "\\PC{0,160}") {
            static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
            let analyzer = ANALYZER.get_or_init(tiny_analyzer);
            let tokens = tokenize::tokenize(&text);
            let sentences = tokenize::split_sentences(&text, &tokens);
            let spans = analyzer.recognise(&text, &tokens, &sentences);
            let mut last_end = 0;
            for (span, _) in &spans {
                proptest::prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                proptest::prop_assert!(span.start < span.end && span.start >= last_end);
                last_end = span.end;
            }
            // The same input gives the same output, and the whole analysis holds up too.
            proptest::prop_assert_eq!(&spans, &analyzer.recognise(&text, &tokens, &sentences));
            let a = analyzer.analyse(Document::new("d1", "p", "s", "", text.clone()));
            for m in &a.mentions {
                proptest::prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
            }
            for q in &a.quotes {
                proptest::prop_assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            }
        }
    }

    #[test]
    fn names_are_recognised_in_english_or_unknown_text_only() {
        let analyzer = tiny_analyzer();
        let text = "Marta Ilves visited Orsk .";
        let mut doc = Document::new("d1", "p", "s", "", text.to_string());
        let names = |a: &Annotated| a.mentions.iter().filter(|m| m.kind == MentionKind::Name).count();
        assert!(names(&analyzer.analyse(doc.clone())) > 0);
        doc.language = Some("en".into());
        assert!(names(&analyzer.analyse(doc.clone())) > 0);
        doc.language = Some("de".into());
        assert_eq!(names(&analyzer.analyse(doc)), 0);
    }

    #[test]
    fn a_company_named_like_a_person_of_the_document_stays_a_company() {
        let text = "Ford Motor Company will cut jobs, chief executive William Clay Ford said. \
                    Ford lost money. Tomas Hoff agreed, and Hoff left.";
        let a = run(
            text,
            &[
                ("Ford Motor Company", EntityType::Org),
                ("William Clay Ford", EntityType::Person),
                ("Ford", EntityType::Org),
                ("Tomas Hoff", EntityType::Person),
                ("Hoff", EntityType::Org),
            ],
        );
        let type_of = |from: usize, name: &str| {
            let i = text[from..].find(name).unwrap() + from;
            a.mentions.iter().find(|m| m.span.start == i).map(|m| m.etype)
        };
        // "Ford" also opens "Ford Motor Company": it keeps the recogniser's ORG.
        assert_eq!(type_of(text.find("lost").unwrap() - 6, "Ford"), Some(EntityType::Org));
        // A surname that opens nothing else is still the person's.
        assert_eq!(
            type_of(text.find("left").unwrap() - 10, "Hoff"),
            Some(EntityType::Person)
        );
    }

    #[test]
    fn surname_and_pronoun_mentions_count_for_the_full_name() {
        let a = run(
            "Marta Ilves arrived. Ilves said: \"We hold rates.\" \"It is final,\" she said.",
            &[("Marta Ilves", EntityType::Person), ("Ilves", EntityType::Person)],
        );
        assert_eq!(a.entities.len(), 1);
        assert_eq!(a.entities[0].mentions.len(), 3, "{:?}", a.mentions);
    }
}
