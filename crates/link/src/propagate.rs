//! Names recognised in one document of a story, found again where the
//! recogniser missed them in another ("GM" tagged in nine articles and not in
//! the tenth). Only capitalised occurrences on token boundaries that no
//! mention covers are taken, with the type most documents gave the name; a
//! one-word name is taken at the start of a sentence, where capitals prove
//! nothing, only when the recogniser also tagged it inside a sentence. Where
//! the recogniser tagged only a piece of a known name ("France" of "Air
//! France"), that one mention is widened to the known name.

use newsfuse_model::{Annotated, DocEntity, EntityType, Mention, MentionKind, Span};
use rustc_hash::FxHashMap;

/// Add the story's known names to the documents that missed them. Returns
/// how many mentions were added or widened.
pub fn propagate_names(docs: &mut [&mut Annotated]) -> usize {
    // Known names as token sequences, with type votes.
    let mut votes: FxHashMap<Vec<String>, FxHashMap<EntityType, usize>> = FxHashMap::default();
    let mut mid_sentence: rustc_hash::FxHashSet<Vec<String>> = rustc_hash::FxHashSet::default();
    for a in docs.iter() {
        let starts: rustc_hash::FxHashSet<usize> = a
            .sentences
            .iter()
            .map(|s| a.tokens[s.first_token.min(a.tokens.len().saturating_sub(1))].span.start)
            .collect();
        for m in a.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            let words: Vec<String> = a
                .tokens
                .iter()
                .filter(|t| m.span.contains(t.span))
                .map(|t| a.doc.text[t.span.start..t.span.end].to_string())
                .collect();
            let usable = !words.is_empty()
                && words.len() <= 6
                && words[0].chars().next().is_some_and(char::is_uppercase)
                && words.iter().map(|w| w.chars().count()).sum::<usize>() >= 2;
            if usable {
                if !starts.contains(&m.span.start) {
                    mid_sentence.insert(words.clone());
                }
                *votes.entry(words).or_default().entry(m.etype).or_insert(0) += 1;
            }
        }
    }
    if votes.is_empty() {
        return 0;
    }
    let mut by_first: FxHashMap<String, Vec<(Vec<String>, EntityType, bool)>> = FxHashMap::default();
    for (words, v) in votes {
        let seen_inside = mid_sentence.contains(&words);
        let ty = v
            .into_iter()
            .max_by_key(|(t, n)| (*n, std::cmp::Reverse(*t)))
            .map(|x| x.0)
            .unwrap_or(EntityType::Misc);
        by_first
            .entry(words[0].clone())
            .or_default()
            .push((words, ty, seen_inside));
    }
    // The surname of a person named in full stands for that person on its own
    // ("Billy King" … "King said"), unless the story also knows it as a one-word name.
    let surnames: Vec<String> = by_first
        .values()
        .flatten()
        .filter(|(words, ty, _)| *ty == EntityType::Person && words.len() >= 2)
        .map(|(words, _, _)| words[words.len() - 1].clone())
        .filter(|w| w.chars().count() >= 3 && w.chars().skip(1).any(char::is_lowercase))
        .collect();
    let mut surname_only: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    for w in surnames {
        let list = by_first.entry(w.clone()).or_default();
        if !list.iter().any(|(words, _, _)| words.len() == 1) {
            list.push((vec![w.clone()], EntityType::Person, true));
            surname_only.insert(w);
        }
    }
    for list in by_first.values_mut() {
        list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    }
    let mut added = 0;
    for a in docs.iter_mut() {
        let n = a.tokens.len();
        let sentence_starts: rustc_hash::FxHashSet<usize> = a.sentences.iter().map(|s| s.first_token).collect();
        let word = |k: usize| &a.doc.text[a.tokens[k].span.start..a.tokens[k].span.end];
        let capitalised = |k: usize| word(k).chars().next().is_some_and(char::is_uppercase);
        // Only bare surnames need the document's lower-case words.
        let lower_here: rustc_hash::FxHashSet<String> = if surname_only.is_empty() {
            rustc_hash::FxHashSet::default()
        } else {
            (0..n)
                .filter(|&k| word(k).chars().next().is_some_and(char::is_lowercase))
                .map(|k| word(k).to_string())
                .collect()
        };
        let mut new: Vec<(Span, EntityType, String)> = Vec::new();
        let mut wider: Vec<(usize, Span, EntityType, String)> = Vec::new();
        let mut i = 0;
        while i < n {
            let w = &a.doc.text[a.tokens[i].span.start..a.tokens[i].span.end];
            let Some(cands) = by_first.get(w) else {
                i += 1;
                continue;
            };
            let hit = cands.iter().find(|(words, _, seen_inside)| {
                i + words.len() <= n
                    && words
                        .iter()
                        .enumerate()
                        .all(|(k, x)| &a.doc.text[a.tokens[i + k].span.start..a.tokens[i + k].span.end] == x)
                    && !(words.len() == 1 && !seen_inside && sentence_starts.contains(&i))
                    // A bare surname is not a piece of a longer capitalised run ("White House"),
                    // and opens a sentence only when the document never writes it in lower case.
                    && !(words.len() == 1
                        && surname_only.contains(&words[0])
                        && (i + 1 < n && capitalised(i + 1)
                            || !sentence_starts.contains(&i) && i > 0 && capitalised(i - 1)
                            || sentence_starts.contains(&i) && lower_here.contains(&words[0].to_lowercase())))
            });
            match hit {
                Some((words, ty, _)) => {
                    let span = Span::new(a.tokens[i].span.start, a.tokens[i + words.len() - 1].span.end);
                    let inside: Vec<usize> = (0..a.mentions.len())
                        .filter(|&k| a.mentions[k].span.overlaps(span))
                        .collect();
                    if inside.is_empty() {
                        new.push((span, *ty, words.join(" ")));
                    } else if let [k] = inside[..] {
                        // "Air France" known, "France" found in "Air France": the known name
                        // is the longer reading of the same words.
                        let m = &a.mentions[k];
                        if m.kind == MentionKind::Name && span.contains(m.span) && m.span != span {
                            wider.push((k, span, *ty, words.join(" ")));
                        }
                    }
                    i += words.len();
                }
                None => i += 1,
            }
        }
        for (k, span, etype, name) in wider {
            let old = a.mentions[k].entity;
            let same_name = a.entities.iter().position(|e| e.etype == etype && e.name == name);
            let only_mention = a.entities[old].mentions.len() == 1;
            let entity = match (only_mention, same_name) {
                // Its only mention: the entity itself was misread.
                (true, None) => {
                    a.entities[old].name = name;
                    a.entities[old].etype = etype;
                    old
                }
                // The document knows the longer name already: moving its only mention
                // would leave an empty entity behind, a name nobody wrote.
                (true, Some(_)) => continue,
                (false, found) => {
                    a.entities[old].mentions.retain(|&x| x != k);
                    let e = found.unwrap_or_else(|| {
                        a.entities.push(DocEntity {
                            name,
                            etype,
                            mentions: Vec::new(),
                            roles: Vec::new(),
                        });
                        a.entities.len() - 1
                    });
                    a.entities[e].mentions.push(k);
                    e
                }
            };
            let m = &mut a.mentions[k];
            m.span = span;
            m.etype = etype;
            m.entity = entity;
            added += 1;
        }
        for (span, etype, name) in new {
            // The document's entity of that name and type, else a new one.
            let same_name = a.entities.iter().position(|e| e.etype == etype && e.name == name);
            // A surname joins the document's one person of that surname.
            let surname_of = || {
                let mut people = a.entities.iter().enumerate().filter(|(_, e)| {
                    e.etype == EntityType::Person
                        && !name.contains(' ')
                        && e.name.split_whitespace().count() >= 2
                        && e.name.split_whitespace().last() == Some(name.as_str())
                });
                match (people.next(), people.next()) {
                    (Some((k, _)), None) => Some(k),
                    _ => None,
                }
            };
            let entity = match same_name.or_else(surname_of) {
                Some(e) => e,
                None => {
                    a.entities.push(DocEntity {
                        name,
                        etype,
                        mentions: Vec::new(),
                        roles: Vec::new(),
                    });
                    a.entities.len() - 1
                }
            };
            a.entities[entity].mentions.push(a.mentions.len());
            a.mentions.push(Mention {
                span,
                etype,
                kind: MentionKind::Name,
                entity,
            });
            added += 1;
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysed(text: &str, names: &[(&str, EntityType)]) -> Annotated {
        let mut a = crate::testing::whitespace_doc(text);
        for (n, t) in names {
            let i = text.find(n).unwrap();
            a.entities.push(DocEntity {
                name: n.to_string(),
                etype: *t,
                mentions: vec![a.mentions.len()],
                roles: vec![],
            });
            a.mentions.push(Mention {
                span: Span::new(i, i + n.len()),
                etype: *t,
                kind: MentionKind::Name,
                entity: a.entities.len() - 1,
            });
        }
        a
    }

    #[test]
    fn a_name_missed_in_one_document_is_found_from_the_others() {
        // Tagged only at a sentence start: at a sentence start elsewhere it proves nothing.
        let mut a = analysed("GM fell on Monday", &[("GM", EntityType::Org)]);
        let mut b = analysed("Analysts said GM would cut jobs\nGM declined to comment", &[]);
        let mut c = analysed("The gm plan was new", &[]);
        let added = propagate_names(&mut [&mut a, &mut b, &mut c]);
        // Mid-sentence in b, not at b's sentence start, not in lower case in c.
        assert_eq!(added, 1);
        assert_eq!(b.mentions.len(), 1);
        assert_eq!(&b.doc.text[b.mentions[0].span.start..b.mentions[0].span.end], "GM");
        assert_eq!(b.entities[0].etype, EntityType::Org);
        assert!(c.mentions.is_empty());
        assert_eq!(a.mentions.len(), 1, "nothing added where the name was already tagged");

        // Tagged inside a sentence somewhere: a sentence start is taken too.
        let mut a = analysed("Shares of GM fell", &[("GM", EntityType::Org)]);
        let mut b = analysed("GM declined to comment", &[]);
        assert_eq!(propagate_names(&mut [&mut a, &mut b]), 1);
    }

    #[test]
    fn a_known_longer_name_replaces_the_piece_of_it_that_was_tagged() {
        let mut a = analysed("Flights of Air Tarn resumed", &[("Air Tarn", EntityType::Org)]);
        // b's "Tarn" entity has two mentions: the place, and a piece of "Air Tarn".
        let text = "Air Tarn would grow and Tarn said so\nAir Tarn flies";
        let mut b = analysed(text, &[("Tarn", EntityType::Loc)]);
        let place = text.find("and Tarn").unwrap() + 4;
        b.mentions.push(Mention {
            span: Span::new(place, place + 4),
            etype: EntityType::Loc,
            kind: MentionKind::Name,
            entity: 0,
        });
        b.entities[0].mentions.push(1);
        // c's only "Tarn" is the piece: the entity itself was misread.
        let mut c = analysed("Air Tarn cut fares", &[("Tarn", EntityType::Loc)]);
        propagate_names(&mut [&mut a, &mut b, &mut c]);
        let tagged = |x: &Annotated| -> Vec<(String, String, EntityType)> {
            let mut t: Vec<_> = x
                .mentions
                .iter()
                .map(|m| {
                    let e = &x.entities[m.entity];
                    (
                        x.doc.text[m.span.start..m.span.end].to_string(),
                        e.name.clone(),
                        e.etype,
                    )
                })
                .collect();
            t.sort();
            t
        };
        let air = ("Air Tarn".to_string(), "Air Tarn".to_string(), EntityType::Org);
        assert_eq!(
            tagged(&b),
            vec![
                air.clone(),
                air.clone(),
                ("Tarn".to_string(), "Tarn".to_string(), EntityType::Loc)
            ]
        );
        assert_eq!(tagged(&c), vec![air]);
        assert_eq!(c.entities.len(), 1);
    }

    #[test]
    fn a_bare_surname_is_its_person_but_not_part_of_another_name() {
        let mut a = analysed("Coach Billy King left", &[("Billy King", EntityType::Person)]);
        let mut b = analysed(
            "Billy King spoke to the White House\nKing said it was over\nThe king of the court is King",
            &[("Billy King", EntityType::Person)],
        );
        let mut c = analysed("King declined to comment on White", &[]);
        propagate_names(&mut [&mut a, &mut b, &mut c]);
        let tagged = |x: &Annotated| -> Vec<(String, String)> {
            x.mentions
                .iter()
                .map(|m| {
                    (
                        x.doc.text[m.span.start..m.span.end].to_string(),
                        x.entities[m.entity].name.clone(),
                    )
                })
                .collect()
        };
        // In b "king" is written in lower case, so "King" opening a sentence proves nothing;
        // inside a sentence it is the person, and it joins b's Billy King.
        assert_eq!(
            tagged(&b),
            vec![
                ("Billy King".to_string(), "Billy King".to_string()),
                ("King".to_string(), "Billy King".to_string())
            ]
        );
        assert_eq!(tagged(&c), vec![("King".to_string(), "King".to_string())]);
    }
}
