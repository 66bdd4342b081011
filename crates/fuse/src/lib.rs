//! Fusion: one story's analysed documents → a sourced [`Dossier`].
//!
//! Entities are linked across the documents; quotes reported by several
//! outlets in slightly different words become one statement; facts are
//! (subject, predicate, object) triples with every supporting citation;
//! functional slots (the event date, an amount of one measure) that
//! sources fill differently are marked as conflicts; syndicated copies are
//! shown under their original and never count as independent sources.
//!
//! **Invariant:** every fact, quote, summary sentence and timeline entry
//! carries at least one citation, and every citation's byte range lies on
//! character boundaries of its document's text.
#![warn(missing_docs)]

mod amounts;
mod frame;
mod relations;
mod summary;

use chrono::{Datelike, NaiveDate};
use newsfuse_link::{find_copies, resolve_entities};
use newsfuse_model::{
    AliasUse, Annotated, Citation, Coverage, CoverageCell, CoverageRow, Dossier, DossierDocument, DossierEntity,
    DossierQuote, DossierRole, EntityType, Fact, MentionKind, QuoteKind, Span, TimeValue, TimelineEntry, When, Where,
};
use rustc_hash::{FxHashMap, FxHashSet};

/// Options for building dossiers.
#[derive(Debug, Clone, Copy)]
pub struct FuseOptions {
    /// Sentences in the summary.
    pub summary_sentences: usize,
    /// Entries in the timeline at most.
    pub timeline_entries: usize,
}

impl Default for FuseOptions {
    fn default() -> Self {
        FuseOptions {
            summary_sentences: 4,
            timeline_entries: 12,
        }
    }
}

pub(crate) fn cite(a: &Annotated, span: Span) -> Citation {
    Citation {
        document: a.doc.id.clone(),
        start: span.start,
        end: span.end,
        field: None,
    }
}

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Word-set overlap: (Jaccard, containment of the smaller).
pub(crate) fn word_overlap(a: &str, b: &str) -> (f64, f64) {
    let sa: FxHashSet<String> = words_of(a).into_iter().collect();
    let sb: FxHashSet<String> = words_of(b).into_iter().collect();
    if sa.is_empty() || sb.is_empty() {
        return (0.0, 0.0);
    }
    let inter = sa.intersection(&sb).count() as f64;
    (
        inter / ((sa.len() + sb.len()) as f64 - inter),
        inter / sa.len().min(sb.len()) as f64,
    )
}

/// The story's documents with their independence: which are copies of
/// which, and the source key each counts under.
pub(crate) struct Sources {
    /// Index of the original for each copy.
    pub copy_of: Vec<Option<usize>>,
    /// Independent-source key of each document.
    pub key: Vec<String>,
}

/// Within each group of copies, the original is the outlet the others
/// credit ("(Continental Wire)" at the end of a copy), else the one published
/// first, else the first given.
fn original_first(docs: &[&Annotated], copy_of: &mut [Option<usize>]) {
    let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, c) in copy_of.iter().enumerate() {
        if let Some(r) = c {
            groups.entry(*r).or_insert_with(|| vec![*r]).push(i);
        }
    }
    for (root, members) in groups {
        let credited = |m: usize| {
            let name = docs[m].doc.source.trim();
            name.len() > 2
                && members.iter().any(|&o| {
                    o != m && !docs[o].doc.source.eq_ignore_ascii_case(name) && docs[o].doc.text.contains(name)
                })
        };
        let published = |m: usize| docs[m].doc.published.clone().unwrap_or_else(|| "9999".into());
        let best = members
            .iter()
            .copied()
            .min_by(|&a, &b| {
                credited(b)
                    .cmp(&credited(a))
                    .then_with(|| published(a).cmp(&published(b)))
                    .then_with(|| (a != root).cmp(&(b != root)))
            })
            .unwrap_or(root);
        if best != root {
            for &m in &members {
                copy_of[m] = (m != best).then_some(best);
            }
        }
    }
}

impl Sources {
    fn new(docs: &[&Annotated]) -> Self {
        let texts: Vec<&str> = docs.iter().map(|a| a.doc.text.as_str()).collect();
        let mut copy_of = find_copies(&texts);
        original_first(docs, &mut copy_of);
        let key = (0..docs.len())
            .map(|i| {
                let root = copy_of[i].unwrap_or(i);
                docs[root].doc.source.to_lowercase()
            })
            .collect();
        Sources { copy_of, key }
    }

    /// Distinct independent sources among these document indices.
    pub fn count(&self, docs: impl IntoIterator<Item = usize>) -> usize {
        docs.into_iter().map(|d| &self.key[d]).collect::<FxHashSet<_>>().len()
    }
}

/// (subject, predicate, object) of a fact.
type FactKey = (String, String, String);

/// Collects claims (subject, predicate, object) with their citations.
#[derive(Default)]
pub(crate) struct FactTable {
    order: Vec<FactKey>,
    cites: FxHashMap<FactKey, Vec<(usize, Citation)>>,
}

impl FactTable {
    pub fn add(&mut self, subject: &str, predicate: &str, object: &str, doc: usize, c: Citation) {
        let key = (subject.to_string(), predicate.to_string(), object.to_string());
        let e = self.cites.entry(key.clone()).or_insert_with(|| {
            self.order.push(key);
            Vec::new()
        });
        if !e.iter().any(|(_, x)| *x == c) {
            e.push((doc, c));
        }
    }

    /// A hedged figure beside the same figure stated plainly in one slot
    /// ("at least 14" and "14" injured, "about €40 million" and "€40 million"
    /// of damage) backs it: its citations join the plain fact, so two outlets
    /// count as two sources for the figure. The citations keep the hedge.
    pub fn fold_hedged(&mut self) {
        let mut moved: Vec<(FactKey, FactKey)> = Vec::new();
        for key in &self.order {
            if !is_measured(&key.1) {
                continue;
            }
            // The hedge is the lower-case words before the figure ("at least", "about").
            let plain = key.2.trim_start_matches(|c: char| c.is_ascii_lowercase() || c == ' ');
            if plain.len() == key.2.len() || !key.2[..key.2.len() - plain.len()].ends_with(' ') {
                continue;
            }
            let target = (key.0.clone(), key.1.clone(), plain.to_string());
            if self.cites.contains_key(&target) && amounts::compatible(&key.2, plain) {
                moved.push((key.clone(), target));
            }
        }
        for (from, to) in moved {
            let cs = self.cites.remove(&from).unwrap_or_default();
            let e = self.cites.get_mut(&to).expect("target fact exists");
            for (d, c) in cs {
                if !e.iter().any(|(_, x)| *x == c) {
                    e.push((d, c));
                }
            }
            self.order.retain(|k| *k != from);
        }
    }
}

/// A slot that holds a figure: amounts, counts, durations, percentages, changes.
fn is_measured(predicate: &str) -> bool {
    ["amount:", "count:", "duration:", "percent:", "change:"]
        .iter()
        .any(|k| predicate.starts_with(k))
}

/// Build the dossier of one story from its documents (in any order).
pub fn build_dossier(id: &str, docs_in: &[&Annotated], opts: FuseOptions) -> Dossier {
    // Publication order, input order among equals: originals come before copies.
    let mut order: Vec<usize> = (0..docs_in.len()).collect();
    order.sort_by_key(|&i| (docs_in[i].doc.published.is_none(), docs_in[i].doc.published.clone(), i));
    let docs: Vec<&Annotated> = order.iter().map(|&i| docs_in[i]).collect();
    let sources = Sources::new(&docs);
    let doc_ids: Vec<String> = docs.iter().map(|a| a.doc.id.clone()).collect();
    let ids_of = |set: &FxHashSet<usize>| -> Vec<String> {
        let mut v: Vec<usize> = set.iter().copied().collect();
        v.sort_unstable();
        v.into_iter().map(|d| doc_ids[d].clone()).collect()
    };

    // ---- entities
    let linked = resolve_entities(&docs);
    let mut entity_of: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    for (li, l) in linked.iter().enumerate() {
        for &m in &l.members {
            entity_of.insert(m, li);
        }
    }
    struct EntAcc {
        docs: FxHashSet<usize>,
        mentions: usize,
        aliases: Vec<(String, Vec<String>)>,
        roles: Vec<(String, DossierRole, FxHashSet<usize>)>,
    }
    let mut facts = FactTable::default();
    let mut accs: Vec<EntAcc> = linked
        .iter()
        .map(|_| EntAcc {
            docs: FxHashSet::default(),
            mentions: 0,
            aliases: Vec::new(),
            roles: Vec::new(),
        })
        .collect();
    for (d, a) in docs.iter().enumerate() {
        for (e, ent) in a.entities.iter().enumerate() {
            let Some(&li) = entity_of.get(&(d, e)) else {
                continue;
            };
            let acc = &mut accs[li];
            acc.docs.insert(d);
            acc.mentions += ent.mentions.len();
            for &mi in &ent.mentions {
                let m = &a.mentions[mi];
                if m.kind != MentionKind::Name {
                    continue;
                }
                let surface = a.doc.text[m.span.start..m.span.end].to_string();
                match acc.aliases.iter_mut().find(|(s, _)| *s == surface) {
                    Some((_, srcs)) => {
                        if !srcs.contains(&a.doc.source) {
                            srcs.push(a.doc.source.clone())
                        }
                    }
                    None => acc.aliases.push((surface, vec![a.doc.source.clone()])),
                }
            }
            for r in &ent.roles {
                let c = cite(a, r.span);
                if ent.etype == EntityType::Person {
                    facts.add(&linked[li].name, "role", &r.normalized, d, c.clone());
                }
                match acc.roles.iter_mut().find(|(n, _, _)| *n == r.normalized) {
                    Some((_, role, ds)) => {
                        if !role.variants.contains(&r.text) && role.text != r.text {
                            role.variants.push(r.text.clone());
                        }
                        if role.org.is_none() {
                            role.org.clone_from(&r.org);
                        }
                        if role.country.is_none() {
                            role.country.clone_from(&r.country);
                        }
                        ds.insert(d);
                        role.citations.push(c);
                    }
                    None => {
                        let mut ds = FxHashSet::default();
                        ds.insert(d);
                        acc.roles.push((
                            r.normalized.clone(),
                            DossierRole {
                                text: r.text.clone(),
                                variants: vec![],
                                org: r.org.clone(),
                                country: r.country.clone(),
                                documents: vec![],
                                citations: vec![c],
                            },
                            ds,
                        ));
                    }
                }
            }
        }
    }
    let mut ent_order: Vec<usize> = (0..linked.len()).filter(|&i| !accs[i].docs.is_empty()).collect();
    ent_order.sort_by(|&x, &y| {
        let key = |i: usize| {
            (
                std::cmp::Reverse(sources.count(accs[i].docs.iter().copied())),
                std::cmp::Reverse(accs[i].mentions),
            )
        };
        key(x).cmp(&key(y)).then(linked[x].name.cmp(&linked[y].name))
    });
    let mut entity_id: FxHashMap<usize, String> = FxHashMap::default();
    let mut entities = Vec::new();
    for (rank, &li) in ent_order.iter().enumerate() {
        let eid = format!("e{}", rank + 1);
        entity_id.insert(li, eid.clone());
        let acc = &accs[li];
        let roles = acc
            .roles
            .iter()
            .map(|(_, r, ds)| DossierRole {
                documents: ids_of(ds),
                ..r.clone()
            })
            .collect();
        let name = linked[li].name.clone();
        let mut aliases: Vec<String> = acc
            .aliases
            .iter()
            .map(|(s, _)| s.clone())
            .filter(|s| *s != name)
            .collect();
        aliases.sort();
        entities.push(DossierEntity {
            id: eid,
            name,
            etype: linked[li].etype,
            aliases,
            alias_sources: acc
                .aliases
                .iter()
                .map(|(s, srcs)| AliasUse {
                    name: s.clone(),
                    sources: srcs.clone(),
                })
                .collect(),
            roles,
            documents: ids_of(&acc.docs),
            sources: sources.count(acc.docs.iter().copied()),
            mentions: acc.mentions,
            place: None,
        });
    }
    // A people's adjective points at the place it names, once every entity has its id.
    for (e, &li) in entities.iter_mut().zip(&ent_order) {
        e.place = linked[li].place.and_then(|p| entity_id.get(&p).cloned());
    }

    // ---- quotes, grouped into statements
    struct Statement {
        speaker: Option<usize>,
        speaker_text: Option<String>,
        text: String,
        kind: QuoteKind,
        docs: FxHashSet<usize>,
        citations: Vec<Citation>,
    }
    let mut statements: Vec<Statement> = Vec::new();
    for (d, a) in docs.iter().enumerate() {
        for q in &a.quotes {
            let speaker = q.speaker.and_then(|e| entity_of.get(&(d, e)).copied());
            let text = a.doc.text[q.span.start..q.span.end].to_string();
            let same = statements.iter_mut().find(|s| {
                let same_speaker = match (s.speaker, speaker) {
                    (Some(x), Some(y)) => x == y,
                    // Unnamed speakers agree by their head noun: "the operator" and "the rail operator".
                    (None, None) => {
                        let head = |t: Option<&str>| {
                            t.and_then(|t| t.split_whitespace().last())
                                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
                        };
                        head(s.speaker_text.as_deref()) == head(q.speaker_text.as_deref())
                    }
                    _ => false,
                };
                let (jac, cont) = word_overlap(&s.text, &text);
                // "14 routes would be cut" and "11 routes would be cut" are two claims, not one.
                same_speaker && (jac >= 0.6 || cont >= 0.8) && same_numbers(&s.text, &text)
            });
            match same {
                Some(s) => {
                    s.docs.insert(d);
                    s.citations.push(cite(a, q.span));
                }
                None => {
                    let mut ds = FxHashSet::default();
                    ds.insert(d);
                    statements.push(Statement {
                        speaker,
                        speaker_text: q.speaker_text.clone(),
                        text,
                        kind: q.kind,
                        docs: ds,
                        citations: vec![cite(a, q.span)],
                    });
                }
            }
        }
    }
    statements.sort_by_key(|s| std::cmp::Reverse(sources.count(s.docs.iter().copied())));
    let quotes: Vec<DossierQuote> = statements
        .iter()
        .map(|s| DossierQuote {
            speaker: s.speaker.and_then(|l| entity_id.get(&l).cloned()),
            speaker_name: s
                .speaker
                .map(|l| linked[l].name.clone())
                .or_else(|| s.speaker_text.clone()),
            text: s.text.clone(),
            kind: s.kind,
            documents: ids_of(&s.docs),
            sources: sources.count(s.docs.iter().copied()),
            citations: s.citations.clone(),
        })
        .collect();
    for s in &statements {
        if let Some(l) = s.speaker {
            for c in &s.citations {
                let d = doc_ids.iter().position(|x| *x == c.document).unwrap_or(0);
                facts.add(&linked[l].name, "said", &s.text, d, c.clone());
            }
        }
    }
    // Statements were merged above: the fact's object is the first wording.

    // ---- when
    let when = event_date(&docs, &sources, &mut facts);

    // ---- where: places named in datelines or after a locative preposition
    // ("in Tarrow", "at the port of Kestrova"), by independent sources.
    let mut place_docs: FxHashMap<usize, FxHashSet<usize>> = FxHashMap::default();
    let mut place_cites: FxHashMap<usize, Vec<(usize, Citation)>> = FxHashMap::default();
    let mut place_first: FxHashMap<usize, usize> = FxHashMap::default();
    for (d, a) in docs.iter().enumerate() {
        for (e, ent) in a.entities.iter().enumerate() {
            let Some(&li) = entity_of.get(&(d, e)) else {
                continue;
            };
            if linked[li].etype != EntityType::Loc {
                continue;
            }
            let in_dateline = a
                .doc
                .dateline
                .as_deref()
                .is_some_and(|p| p.to_lowercase() == ent.name.to_lowercase());
            for &mi in &ent.mentions {
                let m = &a.mentions[mi];
                if in_dateline || is_locative(a, m.span) {
                    place_docs.entry(li).or_default().insert(d);
                    place_cites.entry(li).or_default().push((d, cite(a, m.span)));
                    let sentence = if in_dateline {
                        0
                    } else {
                        a.sentence_at(m.span.start).unwrap_or(usize::MAX)
                    };
                    let first = place_first.entry(li).or_insert(usize::MAX);
                    *first = (*first).min(sentence);
                }
            }
        }
    }
    let mut ranked: Vec<usize> = place_docs.keys().copied().collect();
    // Most sources first; then a place in a lead (the first three sentences or the
    // dateline) before one further down, then the more often named, then the earlier.
    ranked.sort_by(|&x, &y| {
        let key = |i: usize| {
            (
                std::cmp::Reverse(sources.count(place_docs[&i].iter().copied())),
                std::cmp::Reverse(place_docs[&i].len()),
                place_first[&i] > 2,
                std::cmp::Reverse(place_cites[&i].len()),
                place_first[&i],
            )
        };
        key(x).cmp(&key(y)).then(linked[x].name.cmp(&linked[y].name))
    });
    let places: Vec<Where> = ranked
        .iter()
        .take(3)
        .filter_map(|li| {
            entity_id.get(li).map(|eid| Where {
                name: linked[*li].name.clone(),
                entity: eid.clone(),
                documents: ids_of(&place_docs[li]),
            })
        })
        .collect();
    // The best-supported place is the event's place; the others are context.
    if let Some(&li) = ranked.first() {
        for (d, c) in &place_cites[&li] {
            facts.add("event", "place", &linked[li].name, *d, c.clone());
        }
    }

    // ---- amounts, meetings, "first since" claims, participation
    let name_of = |d: usize, e: usize| entity_of.get(&(d, e)).map(|&li| linked[li].name.clone());
    amounts::amount_facts(&docs, &name_of, &mut facts);
    relations::meeting_facts(&docs, &name_of, &mut facts);
    relations::first_since_facts(&docs, &mut facts);
    let (summary, central) = summary::summarise(&docs, &sources.copy_of, opts.summary_sentences);
    let (frame, lead_cites) = frame::frame(&frame::FrameInput {
        docs: &docs,
        copy_of: &sources.copy_of,
        central,
        entity_of: &entity_of,
        entity_id: &entity_id,
        entities: &entities,
    });
    relations::participation_facts(&frame, &lead_cites, &mut facts);

    // ---- facts with corroboration and conflicts
    facts.fold_hedged();
    let mut out_facts: Vec<Fact> = Vec::new();
    for (fi, key) in facts.order.iter().enumerate() {
        let cs = &facts.cites[key];
        let ds: FxHashSet<usize> = cs.iter().map(|(d, _)| *d).collect();
        let n = sources.count(ds.iter().copied());
        out_facts.push(Fact {
            id: format!("f{}", fi + 1),
            subject: key.0.clone(),
            predicate: key.1.clone(),
            object: key.2.clone(),
            documents: ids_of(&ds),
            sources: n,
            single_source: n == 1,
            citations: cs.iter().map(|(_, c)| c.clone()).collect(),
            conflicts: Vec::new(),
        });
    }
    mark_conflicts(&mut out_facts);
    let coverage = coverage(&docs, &sources, &out_facts, &doc_ids);

    // ---- timeline, headline
    let timeline = timeline(&docs, &sources.copy_of, opts.timeline_entries);
    let headline = docs.get(central).map(|a| a.doc.title.clone()).unwrap_or_default();

    let documents = docs
        .iter()
        .enumerate()
        .map(|(d, a)| DossierDocument {
            id: a.doc.id.clone(),
            path: a.doc.path.clone(),
            source: a.doc.source.clone(),
            title: a.doc.title.clone(),
            published: a.doc.published.clone(),
            copy_of: sources.copy_of[d].map(|o| doc_ids[o].clone()),
            copy_kind: sources.copy_of[d].map(|o| {
                let same_outlet = docs[o].doc.source.eq_ignore_ascii_case(&a.doc.source);
                let same_url = a.doc.url.is_some() && docs[o].doc.url == a.doc.url;
                if same_outlet || same_url {
                    "revision"
                } else {
                    "syndicated"
                }
                .to_string()
            }),
        })
        .collect();
    Dossier {
        id: id.to_string(),
        headline,
        documents,
        when,
        places,
        entities,
        quotes,
        facts: out_facts,
        summary,
        timeline,
        coverage,
        frame,
    }
}

/// The coverage matrix: for each fact, which outlets report it in their own
/// article and which only through a copy of another outlet's.
fn coverage(docs: &[&Annotated], sources: &Sources, facts: &[Fact], doc_ids: &[String]) -> Coverage {
    let outlet_of = |d: usize| docs[d].doc.source.clone();
    let index: FxHashMap<&str, usize> = doc_ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let mut count: FxHashMap<String, usize> = FxHashMap::default();
    for f in facts {
        let outlets: FxHashSet<String> = f
            .documents
            .iter()
            .filter_map(|id| index.get(id.as_str()))
            .map(|&d| outlet_of(d))
            .collect();
        for o in outlets {
            *count.entry(o).or_insert(0) += 1;
        }
    }
    for d in 0..docs.len() {
        count.entry(outlet_of(d)).or_insert(0);
    }
    let mut outlets: Vec<(String, usize)> = count.into_iter().collect();
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let column: FxHashMap<&str, usize> = outlets.iter().enumerate().map(|(i, (o, _))| (o.as_str(), i)).collect();
    let rows = facts
        .iter()
        .map(|f| {
            let mut cells = vec![CoverageCell::None; outlets.len()];
            for &d in f.documents.iter().filter_map(|id| index.get(id.as_str())) {
                let c = column[outlet_of(d).as_str()];
                let own = if sources.copy_of[d].is_some() {
                    CoverageCell::Copy
                } else {
                    CoverageCell::Reports
                };
                if cells[c] != CoverageCell::Reports {
                    cells[c] = own;
                }
            }
            CoverageRow {
                fact: f.id.clone(),
                cells,
                single_source: f.single_source,
            }
        })
        .collect();
    Coverage {
        outlets: outlets.into_iter().map(|(o, _)| o).collect(),
        rows,
    }
}

/// True when two wordings of a statement give the same figures, so that
/// merging them hides no disagreement.
fn same_numbers(a: &str, b: &str) -> bool {
    let numbers = |t: &str| {
        let mut v: Vec<String> = t
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\u{201c}' | '\u{201d}'))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .map(|w| w.replace(',', ""))
            .collect();
        v.sort();
        v
    };
    numbers(a) == numbers(b)
}

/// Candidate event dates: each document's first dated expression in its
/// first four sentences that is not after its publication date. Weekday
/// and day-month constraints (documents without a publication date) agree
/// with any date that satisfies them.
fn event_date(docs: &[&Annotated], sources: &Sources, facts: &mut FactTable) -> Option<When> {
    let mut dated: Vec<(usize, NaiveDate, Span)> = Vec::new();
    let mut constraints: Vec<(usize, TimeValue, Span)> = Vec::new();
    for (d, a) in docs.iter().enumerate() {
        let lead_end = a.sentences.get(3).or(a.sentences.last()).map_or(0, |s| s.span.end);
        let published = a
            .doc
            .published
            .as_deref()
            .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
        for t in a
            .times
            .iter()
            .filter(|t| t.span.end <= lead_end && !is_reporting_date(a, t.span))
        {
            match &t.value {
                TimeValue::Date(v) => {
                    let Ok(date) = NaiveDate::parse_from_str(v, "%Y-%m-%d") else {
                        continue;
                    };
                    if published.is_some_and(|p| date > p) {
                        continue;
                    }
                    dated.push((d, date, t.span));
                    break;
                }
                TimeValue::Weekday(_) | TimeValue::MonthDay(_) => {
                    constraints.push((d, t.value.clone(), t.span));
                    break;
                }
                _ => {}
            }
        }
    }
    let satisfies = |v: &TimeValue, date: NaiveDate| match v {
        TimeValue::Weekday(w) => weekday_name(date) == w,
        TimeValue::MonthDay(md) => md == &date.format("--%m-%d").to_string(),
        _ => false,
    };
    let mut candidates: Vec<NaiveDate> = dated.iter().map(|x| x.1).collect();
    candidates.sort();
    candidates.dedup();
    let mut best: Option<(usize, NaiveDate, FxHashSet<usize>, Vec<Citation>)> = None;
    for date in &candidates {
        // Documents that give this date, and those whose weekday or day-month agrees with it.
        let supporting = dated
            .iter()
            .filter(|(_, dt, _)| dt == date)
            .map(|(d, _, span)| (*d, *span));
        let agreeing = constraints
            .iter()
            .filter(|(_, v, _)| satisfies(v, *date))
            .map(|(d, _, span)| (*d, *span));
        let mut ds = FxHashSet::default();
        let mut cs = Vec::new();
        let value = date.format("%Y-%m-%d").to_string();
        for (d, span) in supporting.chain(agreeing) {
            ds.insert(d);
            cs.push(cite(docs[d], span));
            facts.add("event", "date", &value, d, cite(docs[d], span));
        }
        let n = sources.count(ds.iter().copied());
        if best.as_ref().is_none_or(|b| n > b.0) {
            best = Some((n, *date, ds, cs));
        }
    }
    best.map(|(_, date, ds, cs)| {
        let mut dv: Vec<usize> = ds.into_iter().collect();
        dv.sort_unstable();
        When {
            date: date.format("%Y-%m-%d").to_string(),
            documents: dv.into_iter().map(|d| docs[d].doc.id.clone()).collect(),
            citations: cs,
        }
    })
}

/// A place mention governed by a locative preposition: "in Tarrow",
/// "at the port of Kestrova", "outside Orsk".
fn is_locative(a: &Annotated, span: Span) -> bool {
    let i = a.tokens.partition_point(|t| t.span.end <= span.start);
    let word = |k: usize| a.doc.text[a.tokens[k].span.start..a.tokens[k].span.end].to_lowercase();
    (i.saturating_sub(4)..i)
        .rev()
        .map(word)
        .take_while(|w| !matches!(w.as_str(), "," | "." | ";" | "and"))
        .any(|w| matches!(w.as_str(), "in" | "at" | "near" | "outside" | "inside" | "off"))
}

/// "said on Friday", "told reporters on Friday": the day of reporting, not of the event.
fn is_reporting_date(a: &Annotated, span: Span) -> bool {
    let i = a.tokens.partition_point(|t| t.span.end <= span.start);
    (i.saturating_sub(4)..i).any(|k| {
        let w = a.doc.text[a.tokens[k].span.start..a.tokens[k].span.end].to_lowercase();
        matches!(
            w.as_str(),
            "said" | "says" | "told" | "announced" | "reported" | "stated" | "added" | "confirmed"
        )
    })
}

fn weekday_name(d: NaiveDate) -> &'static str {
    newsfuse_model::calendar::WEEKDAY_NAMES[d.weekday().num_days_from_monday() as usize]
}

/// Functional slots: one subject has one event date, one event place, one
/// value per measured quantity. Facts filling the same slot differently
/// conflict.
fn mark_conflicts(facts: &mut [Fact]) {
    // Facts compete only within their slot (subject, predicate): group, then compare pairs.
    let mut slots: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
    for (i, f) in facts.iter().enumerate() {
        slots
            .entry((f.subject.as_str(), f.predicate.as_str()))
            .or_default()
            .push(i);
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    for ((_, predicate), members) in &slots {
        for &i in members {
            for &j in members {
                let (a, b) = (&facts[i], &facts[j]);
                let disagree = match *predicate {
                    "role" => roles_conflict(&a.object, &b.object),
                    // One event has one date, one place, one "first since".
                    "date" | "place" | "first since" => true,
                    p => is_measured(p) && !amounts::compatible(&a.object, &b.object),
                };
                if i != j && a.object != b.object && disagree {
                    found.push((i, j));
                }
            }
        }
    }
    found.sort_unstable();
    for (i, j) in found {
        let id = facts[j].id.clone();
        facts[i].conflicts.push(id);
    }
}

/// Two roles of one person contradict when they name the same kind of post
/// with different portfolios: "defence minister" against "foreign minister".
/// Roles of different kinds ("governor", "head of research") can both hold.
fn roles_conflict(a: &str, b: &str) -> bool {
    fn split(r: &str) -> (&str, Vec<&str>) {
        let core = r.split(" of ").next().unwrap_or(r).split(" at ").next().unwrap_or(r);
        let mut words: Vec<&str> = core.split_whitespace().collect();
        let head = words.pop().unwrap_or("");
        (head, words)
    }
    let ((ha, ma), (hb, mb)) = (split(a), split(b));
    ha == hb && !ma.is_empty() && !mb.is_empty() && !ma.iter().any(|w| mb.contains(w))
}

/// Dated sentences across the original documents, oldest first.
fn timeline(docs: &[&Annotated], copy_of: &[Option<usize>], max: usize) -> Vec<TimelineEntry> {
    let mut entries: Vec<TimelineEntry> = Vec::new();
    for (d, a) in docs.iter().enumerate() {
        if copy_of[d].is_some() {
            continue;
        }
        for t in &a.times {
            let TimeValue::Date(v) = &t.value else {
                continue;
            };
            let Some(si) = a.sentence_at(t.span.start) else {
                continue;
            };
            let s = &a.sentences[si];
            let text = a.doc.text[s.span.start..s.span.end].to_string();
            if let Some(e) = entries
                .iter_mut()
                .find(|e| e.date == *v && word_overlap(&e.text, &text).0 >= 0.4)
            {
                e.citations.push(cite(a, s.span));
                continue;
            }
            entries.push(TimelineEntry {
                date: v.clone(),
                text,
                citations: vec![cite(a, s.span)],
            });
        }
    }
    entries.sort_by(|a, b| a.date.cmp(&b.date).then(b.citations.len().cmp(&a.citations.len())));
    // Keep the best-supported entries, then restore date order.
    if entries.len() > max {
        let mut idx: Vec<usize> = (0..entries.len()).collect();
        idx.sort_by_key(|&i| std::cmp::Reverse(entries[i].citations.len()));
        let keep: FxHashSet<usize> = idx.into_iter().take(max).collect();
        entries = entries
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.contains(i))
            .map(|(_, e)| e)
            .collect();
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: &str, start: usize) -> Citation {
        Citation {
            document: doc.into(),
            start,
            end: start + 5,
            field: None,
        }
    }

    #[test]
    fn a_hedged_figure_backs_the_same_figure_stated_plainly() {
        let mut t = FactTable::default();
        let injured = "count: worker (injured)";
        t.add("event", injured, "at least 14", 0, at("d1", 10));
        t.add("event", injured, "14", 1, at("d2", 20));
        t.add("event", injured, "12", 2, at("d3", 30));
        t.add("event", "count: vessel", "as many as 30", 0, at("d1", 40));
        t.add("event", "count: vessel", "30", 2, at("d3", 50));
        // A hedge that the plain figure breaks stays its own fact, as do words that are no slot of figures.
        t.add("event", "count: ship", "more than 40", 0, at("d1", 60));
        t.add("event", "count: ship", "39", 1, at("d2", 70));
        t.add("Lena Hoff", "role", "acting minister", 0, at("d1", 80));
        t.add("Lena Hoff", "role", "minister", 1, at("d2", 90));
        t.fold_hedged();
        let objects: Vec<&str> = t.order.iter().map(|k| k.2.as_str()).collect();
        assert_eq!(
            objects,
            ["14", "12", "30", "more than 40", "39", "acting minister", "minister"]
        );
        let fourteen = &t.cites[&("event".to_string(), injured.to_string(), "14".to_string())];
        assert_eq!(fourteen.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 0]);
    }
}
