//! The event frame: who took part and what happened.
//!
//! A news lead names the main event's actor as its subject and the event as
//! its predicate ("Several people died and dozens were injured after …").
//! The lead of every original document is split at its first verb; subjects
//! that are named entities vote for that entity, other subjects stand as
//! unnamed participants ("several people"). Named people and organisations
//! follow by independent sources and mentions. The event phrase is the
//! predicate of the most central document's lead, up to the first clause edge.

use crate::cite;
use newsfuse_model::{Annotated, DossierEntity, EntityType, EventPhrase, Frame, MentionKind, Participant, Span};
use rustc_hash::FxHashMap;

/// Auxiliaries and frequent irregular past forms: a lead's first verb.
const VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "must",
    "did",
    "does",
    "do",
    "says",
    "said",
    "won",
    "lost",
    "hit",
    "struck",
    "made",
    "took",
    "came",
    "went",
    "fell",
    "rose",
    "left",
    "told",
    "met",
    "began",
    "gave",
    "found",
    "led",
    "held",
    "shot",
    "ran",
    "saw",
    "sent",
    "set",
    "spent",
    "stood",
    "brought",
    "bought",
    "built",
    "caught",
    "chose",
    "drew",
    "drove",
    "fled",
    "flew",
    "fought",
    "grew",
    "kept",
    "knew",
    "paid",
    "put",
    "quit",
    "sold",
    "sought",
    "sank",
    "spoke",
    "spread",
    "stole",
    "swept",
    "threw",
    "withdrew",
    "wrote",
    "became",
    "blew",
    "broke",
    "cut",
    "felt",
    "froze",
    "got",
    "hid",
    "hurt",
    "let",
    "shut",
    "split",
    "upheld",
    "beat",
    "slid",
    "tore",
    "wins",
    "loses",
    "hits",
    "faces",
    "warns",
    "calls",
    "plans",
    "vows",
    "urges",
    "blames",
    "claims",
    "denies",
    "admits",
    "announces",
    "launches",
    "unveils",
];

/// Words that end the event phrase: a subordinate clause or an attribution begins.
const CLAUSE_EDGES: &[&str] = &[
    "after",
    "when",
    "as",
    "because",
    "while",
    "since",
    "before",
    "following",
    "amid",
    "despite",
    "according",
    "which",
    "who",
    "where",
];

/// Nouns for people and groups of people: an unnamed subject with one of these
/// heads ("several people", "rival teams") is a participant; "the meeting" is not.
const HUMAN_HEADS: &[&str] = &[
    "people",
    "person",
    "man",
    "woman",
    "men",
    "women",
    "child",
    "children",
    "boy",
    "girl",
    "victim",
    "victims",
    "passenger",
    "passengers",
    "resident",
    "residents",
    "official",
    "officials",
    "police",
    "officer",
    "officers",
    "fan",
    "fans",
    "worker",
    "workers",
    "rescuer",
    "rescuers",
    "firefighter",
    "firefighters",
    "soldier",
    "soldiers",
    "troops",
    "protester",
    "protesters",
    "demonstrator",
    "demonstrators",
    "voter",
    "voters",
    "student",
    "students",
    "doctor",
    "doctors",
    "patient",
    "patients",
    "survivor",
    "survivors",
    "witness",
    "witnesses",
    "family",
    "families",
    "relative",
    "relatives",
    "investigator",
    "investigators",
    "authorities",
    "lawmaker",
    "lawmakers",
    "leader",
    "leaders",
    "team",
    "teams",
    "player",
    "players",
    "supporter",
    "supporters",
    "critic",
    "critics",
    "expert",
    "experts",
    "analyst",
    "analysts",
    "scientist",
    "scientists",
    "researcher",
    "researchers",
    "crowd",
    "crowds",
    "staff",
    "employee",
    "employees",
    "member",
    "members",
    "driver",
    "drivers",
    "pilot",
    "crew",
    "crews",
    "gunman",
    "attacker",
    "bomber",
    "suspect",
    "suspects",
    "militants",
    "rebels",
    "dead",
    "injured",
    "minister",
    "ministers",
    "president",
    "government",
    "spokesman",
    "spokeswoman",
    "aide",
    "aides",
    "executive",
    "executives",
    "company",
    "firm",
    "court",
    "judge",
    "bank",
    "ministry",
    "agency",
    "council",
    "committee",
    "union",
    "party",
    "army",
    "navy",
    "parliament",
];

/// Everything the frame needs from the dossier under construction.
pub(crate) struct FrameInput<'a> {
    pub docs: &'a [&'a Annotated],
    pub copy_of: &'a [Option<usize>],
    pub central: usize,
    /// (document, document entity) → linked entity.
    pub entity_of: &'a FxHashMap<(usize, usize), usize>,
    /// Linked entity → dossier entity id.
    pub entity_id: &'a FxHashMap<usize, String>,
    pub entities: &'a [DossierEntity],
}

/// The lead's subject and predicate token ranges (token indices into the
/// document): the first of the first three sentences that reads as a
/// statement (six words or more, not a quote, a verb after a short subject).
fn lead_clause(a: &Annotated) -> Option<((usize, usize), (usize, usize))> {
    a.sentences.iter().take(3).find_map(|s| {
        let text = &a.doc.text[s.span.start..s.span.end];
        let quoted = text.starts_with(['"', '\u{201c}', '\'', '\u{2018}']);
        if quoted || text.split_whitespace().count() < 6 {
            return None;
        }
        clause_of(a, s)
    })
}

fn clause_of(a: &Annotated, s: &newsfuse_model::Sentence) -> Option<((usize, usize), (usize, usize))> {
    let word = |t: usize| &a.doc.text[a.tokens[t].span.start..a.tokens[t].span.end];
    let in_name = |t: usize| a.mentions.iter().any(|m| m.span.contains(a.tokens[t].span));
    let (lo, hi) = (s.first_token, s.end_token);
    let v = (lo + 1..hi.min(lo + 14)).find(|&t| {
        let w = word(t);
        if in_name(t)
            || !w.chars().all(|c| c.is_alphabetic() || c == '-')
            || w.chars().next().is_none_or(char::is_uppercase)
        {
            return false;
        }
        let l = w.to_lowercase();
        let past = l.len() > 4 && l.ends_with("ed");
        // "Comey blames": a present verb right after a name.
        let present = l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") && in_name(t - 1);
        VERBS.contains(&l.as_str()) || past || present
    })?;
    if v == lo || v - lo > 10 {
        return None;
    }
    let mut end = v + 1;
    while end < hi && end - v < 16 {
        let w = word(end);
        let l = w.to_lowercase();
        if matches!(w, "," | ";" | ":" | "." | "(" | "\u{2014}" | "\u{2013}") || CLAUSE_EDGES.contains(&l.as_str()) {
            break;
        }
        end += 1;
    }
    Some(((lo, v), (v, end)))
}

/// The head noun of a phrase: its last word before any complement ("of …").
fn head_noun(text: &str) -> String {
    text.split_whitespace()
        .take_while(|w| !matches!(w.to_lowercase().as_str(), "of" | "from" | "in" | "at" | "on" | "who"))
        .last()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .unwrap_or_default()
}

/// A headline's predicate ("Clinton blames FBI director for defeat" →
/// "blames FBI director for defeat"), when the headline is in sentence case
/// and has a verb after its subject; a site name after " - " or " | " is cut.
fn title_predicate(title: &str) -> Option<Span> {
    let end = [" | ", " - ", " \u{2013} ", " \u{2014} "]
        .iter()
        .filter_map(|s| title.find(s))
        .min()
        .unwrap_or(title.len());
    let words: Vec<(usize, &str)> = title[..end]
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - title.as_ptr() as usize, w))
        .collect();
    let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let v = (1..words.len()).find(|&i| {
        let w = clean(words[i].1);
        let prev = clean(words[i - 1].1);
        if w.is_empty() || !w.chars().next().is_some_and(char::is_lowercase) || words[i - 1].1.ends_with(':') {
            return false;
        }
        let present = w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && prev.chars().next().is_some_and(char::is_uppercase);
        VERBS.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("ed")) || present
    })?;
    // A headline whose words are all capitalised gives no such verb; one with a verb has a subject before it.
    let start = words[v].0;
    let stop = title[start..end].find([':', ';']).map_or(end, |i| start + i);
    let text = title[start..stop].trim_end();
    (text.split_whitespace().count() >= 2).then(|| Span::new(start, start + text.len()))
}

fn span_of(a: &Annotated, (x, y): (usize, usize)) -> Span {
    Span::new(a.tokens[x].span.start, a.tokens[y - 1].span.end)
}

/// Lead-subject citations of named participants, by entity id.
pub(crate) type LeadCites = FxHashMap<String, Vec<(usize, newsfuse_model::Citation)>>;

pub(crate) fn frame(input: &FrameInput) -> (Frame, LeadCites) {
    let mut lead_cites = LeadCites::default();
    let FrameInput {
        docs,
        copy_of,
        central,
        entity_of,
        entity_id,
        entities,
    } = input;
    let by_id: FxHashMap<&str, &DossierEntity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
    // Votes for lead subjects: an entity id, or the lower-cased phrase of an unnamed subject.
    let mut who: Vec<Participant> = Vec::new();
    let mut what: Option<EventPhrase> = None;
    let order = std::iter::once(*central).chain((0..docs.len()).filter(|d| d != central));
    for d in order {
        if copy_of.get(d).is_some_and(Option::is_some) {
            continue;
        }
        let a = docs[d];
        let Some((subject, predicate)) = lead_clause(a) else {
            continue;
        };
        // The central headline words the event when it has a verb; else the lead's predicate.
        if what.is_none() && d == *central {
            if let Some(sp) = title_predicate(&a.doc.title) {
                let mut c = cite(a, sp);
                c.field = Some("title".into());
                what = Some(EventPhrase {
                    text: a.doc.title[sp.start..sp.end].to_string(),
                    citations: vec![c],
                });
            }
        }
        if what.is_none() && predicate.1 > predicate.0 {
            let sp = span_of(a, predicate);
            what = Some(EventPhrase {
                text: a.doc.text[sp.start..sp.end].to_string(),
                citations: vec![cite(a, sp)],
            });
        }
        let sspan = span_of(a, subject);
        // A name in a complement ("the central bank of Valdoria") is not the subject's head.
        let head_end = (subject.0..subject.1)
            .find(|&t| {
                let w = &a.doc.text[a.tokens[t].span.start..a.tokens[t].span.end];
                matches!(w.to_lowercase().as_str(), "of" | "in" | "at" | "from" | "for" | "on")
            })
            .map_or(sspan.end, |t| a.tokens[t].span.start);
        let named = a
            .mentions
            .iter()
            .filter(|m| {
                m.kind == MentionKind::Name
                    && sspan.contains(m.span)
                    && m.span.start < head_end
                    && !a.doc.text[m.span.end..].starts_with(['\'', '\u{2019}'])
                    && matches!(m.etype, EntityType::Person | EntityType::Org)
            })
            .find_map(|m| {
                let id = entity_of.get(&(d, m.entity)).and_then(|li| entity_id.get(li))?;
                lead_cites.entry(id.clone()).or_default().push((d, cite(a, m.span)));
                Some(id)
            });
        let (name, entity) = match named {
            Some(id) => (by_id[id.as_str()].name.clone(), Some(id.clone())),
            None => {
                let text = a.doc.text[sspan.start..sspan.end]
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .trim()
                    .to_string();
                let head = head_noun(&text);
                if text.split_whitespace().count() > 10 || !HUMAN_HEADS.contains(&head.as_str()) {
                    continue;
                }
                (text, None)
            }
        };
        let same = |p: &Participant| match (&p.entity, &entity) {
            (Some(x), Some(y)) => x == y,
            // Unnamed subjects agree by head noun: "the central bank" and "Valdoria's central bank".
            (None, None) => head_noun(&p.name) == head_noun(&name),
            _ => false,
        };
        match who.iter_mut().find(|p| same(p)) {
            Some(p) => p.lead_documents.push(a.doc.id.clone()),
            None => who.push(Participant {
                sources: entity.as_deref().map_or(1, |id| by_id[id].sources),
                name,
                entity,
                lead_documents: vec![a.doc.id.clone()],
            }),
        }
    }
    // Lead subjects by how many leads name them, then people and organisations by sources and mentions.
    who.sort_by_key(|p| std::cmp::Reverse(p.lead_documents.len()));
    // The outlets reporting the story are not its participants.
    let outlet = |name: &str| docs.iter().any(|a| a.doc.source.eq_ignore_ascii_case(name));
    let mut rest: Vec<&DossierEntity> = entities
        .iter()
        .filter(|e| matches!(e.etype, EntityType::Person | EntityType::Org) && !outlet(&e.name))
        .filter(|e| !who.iter().any(|p| p.entity.as_deref() == Some(e.id.as_str())))
        .collect();
    rest.sort_by_key(|e| std::cmp::Reverse((e.sources, e.mentions)));
    for e in rest.into_iter().take(6) {
        who.push(Participant {
            name: e.name.clone(),
            entity: Some(e.id.clone()),
            lead_documents: Vec::new(),
            sources: e.sources,
        });
    }
    (Frame { who, what }, lead_cites)
}
