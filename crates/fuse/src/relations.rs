//! Facts between parties and about the event itself: meetings ("X met Y",
//! "talks between X and Y"), "first … since …" claims, and participation
//! (the frame's named participants).

use crate::{cite, FactTable};
use newsfuse_model::{Annotated, EntityType, Frame, MentionKind, Span, TimeValue};
use rustc_hash::FxHashMap;

/// Words that make a sentence about two parties meeting.
const MEETING_CUES: &[&str] = &["met", "meet", "meets", "meeting", "talks", "summit", "held"];

/// A named party of a meeting: a person, organisation or country.
fn party(m: &newsfuse_model::Mention) -> bool {
    m.kind == MentionKind::Name && matches!(m.etype, EntityType::Person | EntityType::Org | EntityType::Loc)
}

/// Meetings: in a sentence with a meeting cue, the named party before the cue
/// (or the first of "between X and Y") and the named party after "with" (or
/// the second). The pair is stored in name order, so "A met B" and "B met A"
/// back one fact.
pub(crate) fn meeting_facts(
    docs: &[&Annotated],
    name_of: &dyn Fn(usize, usize) -> Option<String>,
    facts: &mut FactTable,
) {
    for (d, a) in docs.iter().enumerate() {
        let lower: Vec<String> = a
            .tokens
            .iter()
            .map(|t| a.doc.text[t.span.start..t.span.end].to_lowercase())
            .collect();
        for s in &a.sentences {
            let Some(cue) = (s.first_token..s.end_token).find(|&t| MEETING_CUES.contains(&lower[t].as_str())) else {
                continue;
            };
            // "held talks", "held a meeting": "held" alone is no meeting.
            if lower[cue] == "held"
                && !(cue + 1..s.end_token.min(cue + 4))
                    .any(|t| matches!(lower[t].as_str(), "talks" | "meeting" | "summit"))
            {
                continue;
            }
            let cue_pos = a.tokens[cue].span.start;
            let in_sentence: Vec<&newsfuse_model::Mention> = a
                .mentions
                .iter()
                .filter(|m| s.span.contains(m.span) && party(m))
                .collect();
            let after_word = |w: &str| {
                (cue..s.end_token)
                    .find(|&t| lower[t] == w)
                    .map(|t| a.tokens[t].span.end)
            };
            let pair: Option<(&newsfuse_model::Mention, &newsfuse_model::Mention)> =
                if let Some(between) = after_word("between") {
                    let mut after = in_sentence.iter().filter(|m| m.span.start >= between);
                    after.next().zip(after.next()).map(|(x, y)| (*x, *y))
                } else if let Some(with) = after_word("with") {
                    let x = in_sentence
                        .iter()
                        .filter(|m| m.span.end <= cue_pos && m.etype != EntityType::Loc)
                        .max_by_key(|m| m.span.end);
                    let y = in_sentence.iter().find(|m| m.span.start >= with);
                    x.zip(y).map(|(x, y)| (*x, *y))
                } else {
                    // "X and Y met": two parties joined by "and" right before the cue;
                    // "X met Y": the nearest party before the verb and the first after it.
                    let before: Vec<&&newsfuse_model::Mention> =
                        in_sentence.iter().filter(|m| m.span.end <= cue_pos).collect();
                    match before.as_slice() {
                        [.., x, y] if a.doc.text[x.span.end..y.span.start].trim() == "and" => Some((**x, **y)),
                        [.., x] if matches!(lower[cue].as_str(), "met" | "meets" | "meet") => in_sentence
                            .iter()
                            .find(|m| m.span.start > cue_pos && m.etype != EntityType::Loc)
                            .map(|y| (**x, *y)),
                        _ => None,
                    }
                };
            let Some((x, y)) = pair else { continue };
            let (Some(nx), Some(ny)) = (name_of(d, x.entity), name_of(d, y.entity)) else {
                continue;
            };
            if nx == ny {
                continue;
            }
            let (first, second) = if nx <= ny { (nx, ny) } else { (ny, nx) };
            facts.add(&first, "met", &second, d, cite(a, s.span));
        }
    }
}

/// "its first increase since October", "the first such attack since 2019":
/// the event's "first since" claim, with the date normalised when the time
/// recogniser read it.
pub(crate) fn first_since_facts(docs: &[&Annotated], facts: &mut FactTable) {
    for (d, a) in docs.iter().enumerate() {
        let word = |t: usize| a.doc.text[a.tokens[t].span.start..a.tokens[t].span.end].to_lowercase();
        for s in &a.sentences {
            for t in s.first_token..s.end_token {
                if word(t) != "first" {
                    continue;
                }
                let Some(since) = (t + 1..s.end_token.min(t + 7)).find(|&k| word(k) == "since") else {
                    continue;
                };
                if since + 1 >= s.end_token {
                    continue;
                }
                let after = a.tokens[since + 1].span.start;
                // (object, end byte of the cited words)
                let object = a
                    .times
                    .iter()
                    .find(|x| x.span.start == after)
                    .map(|x| {
                        let v = match &x.value {
                            TimeValue::Date(v) | TimeValue::Month(v) | TimeValue::Year(v) => v.clone(),
                            _ => a.doc.text[x.span.start..x.span.end].to_lowercase(),
                        };
                        (v, x.span.end)
                    })
                    .or_else(|| {
                        // Not a recognised date: the words up to the clause's end ("the war").
                        let end = (since + 1..s.end_token)
                            .find(|&k| matches!(word(k).as_str(), "," | "." | ";" | "and" | "but"))
                            .unwrap_or(s.end_token);
                        (end > since + 1).then(|| {
                            let words = (since + 1..end).map(word).collect::<Vec<_>>().join(" ");
                            (words, a.tokens[end - 1].span.end)
                        })
                    });
                if let Some((o, end)) = object {
                    let span = Span::new(a.tokens[t].span.start, end);
                    facts.add("event", "first since", &o, d, cite(a, span));
                }
            }
        }
    }
}

/// Each named participant of the frame takes part in the event, cited where
/// a lead makes it the subject.
pub(crate) fn participation_facts(
    frame: &Frame,
    cites: &FxHashMap<String, Vec<(usize, newsfuse_model::Citation)>>,
    facts: &mut FactTable,
) {
    for p in &frame.who {
        let Some(id) = &p.entity else { continue };
        for (d, c) in cites.get(id).into_iter().flatten() {
            facts.add(&p.name, "took part", "event", *d, c.clone());
        }
    }
}
