//! Names recognised in one document of a story, found again where the
//! recogniser missed them in another ("GM" tagged in nine articles and not in
//! the tenth). Only capitalised occurrences on token boundaries that no
//! mention covers are taken, with the type most documents gave the name; a
//! one-word name is taken at the start of a sentence, where capitals prove
//! nothing, only when the recogniser also tagged it inside a sentence.

use newsfuse_model::{Annotated, DocEntity, EntityType, Mention, MentionKind, Span};
use rustc_hash::FxHashMap;

/// Add the story's known names to the documents that missed them. Returns
/// how many mentions were added.
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
    for list in by_first.values_mut() {
        list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    }
    let mut added = 0;
    for a in docs.iter_mut() {
        let n = a.tokens.len();
        let covered = |a: &Annotated, span: Span| a.mentions.iter().any(|m| m.span.overlaps(span));
        let sentence_starts: rustc_hash::FxHashSet<usize> = a.sentences.iter().map(|s| s.first_token).collect();
        let mut new: Vec<(Span, EntityType, String)> = Vec::new();
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
            });
            match hit {
                Some((words, ty, _)) => {
                    let span = Span::new(a.tokens[i].span.start, a.tokens[i + words.len() - 1].span.end);
                    if !covered(a, span) {
                        new.push((span, *ty, words.join(" ")));
                    }
                    i += words.len();
                }
                None => i += 1,
            }
        }
        for (span, etype, name) in new {
            // The document's entity of that name and type, else a new one.
            let entity = match a.entities.iter().position(|e| e.etype == etype && e.name == name) {
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
    use newsfuse_model::Document;

    fn analysed(text: &str, names: &[(&str, EntityType)]) -> Annotated {
        // Whitespace tokens and one sentence per line, enough for this step.
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut offset = 0;
        for line in text.split('\n') {
            let first = tokens.len();
            let mut pos = offset;
            for w in line.split(' ') {
                if !w.is_empty() {
                    tokens.push(newsfuse_model::Token {
                        span: Span::new(pos, pos + w.len()),
                    });
                }
                pos += w.len() + 1;
            }
            sentences.push(newsfuse_model::Sentence {
                span: Span::new(offset, offset + line.len()),
                first_token: first,
                end_token: tokens.len(),
            });
            offset += line.len() + 1;
        }
        let mut a = Annotated {
            doc: Document::new("d", "p", "s", "", text.to_string()),
            tokens,
            sentences,
            mentions: vec![],
            entities: vec![],
            quotes: vec![],
            times: vec![],
            amounts: vec![],
        };
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
}
