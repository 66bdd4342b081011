//! In-document coreference of names: full name ← surname-only and
//! first-name mentions; organisation ← its acronym; the same string ← the
//! same entity. Definite descriptions ("the minister") link by role;
//! pronouns are linked by quote attribution.

use newsfuse_model::{Annotated, DocEntity, EntityType, Mention, MentionKind, Span};

/// Lower-cased words of a name without a possessive ending.
pub fn name_words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| {
            w.trim_end_matches("'s")
                .trim_end_matches("\u{2019}s")
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
        })
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// The initials of a multi-word organisation name ("International Atomic
/// Energy Agency" → "iaea"), skipping function words.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "of" | "the" | "and" | "for" | "&" | "de" | "du" | "des" | "la" | "le"
            )
        })
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| *c != '.').collect();
    (2..=7).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
}

fn compatible_first(a: &str, b: &str) -> bool {
    a == b
        || (a.len() <= 2 && b.starts_with(a.trim_end_matches('.')))
        || (b.len() <= 2 && a.starts_with(b.trim_end_matches('.')))
}

/// Group `Name` mentions (in text order) into entities. `texts[i]` is the
/// surface text of `mentions[i]`. Sets each mention's `entity`.
pub fn link_names(mentions: &mut [Mention], texts: &[String]) -> Vec<DocEntity> {
    let mut entities: Vec<DocEntity> = Vec::new();
    let mut words_of: Vec<Vec<String>> = Vec::new();
    for (mi, m) in mentions.iter_mut().enumerate() {
        let text = &texts[mi];
        let words = name_words(text);
        if words.is_empty() {
            continue;
        }
        let mut target = None;
        let mut also: Vec<usize> = Vec::new();
        for (ei, e) in entities.iter().enumerate().rev() {
            if e.etype != m.etype
                && !(is_acronym(text) && e.etype != EntityType::Person && m.etype != EntityType::Person)
            {
                continue;
            }
            let ew = &words_of[ei];
            let same = *ew == words;
            let linked = same
                || match m.etype {
                    EntityType::Person => {
                        // Surname or first name alone, or a fuller/shorter form of the same name.
                        (words.len() == 1 && (ew.last() == words.last() || ew.first() == words.first()))
                            || (ew.len() == 1 && (words.last() == ew.last() || words.first() == ew.first()))
                            || (words.len() >= 2
                                && ew.len() >= 2
                                && words.last() == ew.last()
                                && compatible_first(&words[0], &ew[0]))
                    }
                    _ => {
                        (is_acronym(text) && initials(&e.name) == words.join("").replace('.', ""))
                            || (is_acronym(&e.name) && initials(text) == ew.join("").replace('.', ""))
                    }
                };
            if linked {
                // A surname or a first name alone may fit several people of the
                // document; the others are weighed below.
                if target.is_none() {
                    target = Some(ei);
                }
                if !(m.etype == EntityType::Person && words.len() == 1 && !same) {
                    break;
                }
                also.push(ei);
            }
        }
        // "Hillary Clinton … her daughter Chelsea Clinton … Clinton said": a bare name
        // that fits two people is the one the document has named most so far, since a
        // writer names the lesser one in full; on a tie it is the latest named (a
        // round-up's items each name their own Johnson).
        if also.len() > 1 && also.iter().all(|&ei| words_of[ei].len() > 1) {
            let last_named = |ei: usize| entities[ei].mentions.last().copied().unwrap_or(0);
            target = also
                .iter()
                .copied()
                .max_by_key(|&ei| (entities[ei].mentions.len(), last_named(ei)));
        }
        let ei = match target {
            Some(ei) => ei,
            None => {
                entities.push(DocEntity {
                    name: text.clone(),
                    etype: m.etype,
                    mentions: Vec::new(),
                    roles: Vec::new(),
                });
                words_of.push(words.clone());
                entities.len() - 1
            }
        };
        // The entity's name is its fullest form; an acronym never replaces a full name.
        let e = &mut entities[ei];
        let better = words.len() > words_of[ei].len() || (is_acronym(&e.name) && !is_acronym(text));
        if better {
            e.name = text.clone();
            words_of[ei] = words;
        }
        e.mentions.push(mi);
        m.entity = ei;
        m.kind = MentionKind::Name;
    }
    entities
}

/// Definite descriptions ("the minister", "the former finance minister")
/// linked to the person whose role has that head, the closest one named
/// before; a description nobody's role explains stays unlinked.
/// `words` are the document's tokens in lower case. Returns new mentions.
pub fn link_descriptions(a: &Annotated, lower: &[String]) -> Vec<Mention> {
    let mut out = Vec::new();
    let taken = |span: Span| {
        a.mentions.iter().any(|m| m.span.overlaps(span))
            || a.entities.iter().any(|e| e.roles.iter().any(|r| r.span.overlaps(span)))
    };
    let mut t = 0;
    while t < a.tokens.len() {
        if !matches!(lower[t].as_str(), "the" | "this") {
            t += 1;
            continue;
        }
        // Determiner, up to three lower-case modifiers, then a role head.
        let head = (t + 1..a.tokens.len().min(t + 5))
            .take_while(|&k| lower[k].chars().all(|c| c.is_alphabetic() || c == '-'))
            .find(|&k| crate::roles::is_role_head(&lower[k]));
        let Some(h) = head else {
            t += 1;
            continue;
        };
        let text = &a.doc.text;
        let lower_case_run = (t + 1..=h).all(|k| {
            let w = &text[a.tokens[k].span.start..a.tokens[k].span.end];
            w.chars().next().is_some_and(char::is_lowercase)
        });
        // "the minister's office" still refers; "the minister of X" may be someone else.
        let followed_by_of = lower.get(h + 1).is_some_and(|w| w == "of");
        let span = Span::new(a.tokens[t].span.start, a.tokens[h].span.end);
        if !lower_case_run || followed_by_of || taken(span) {
            t = h + 1;
            continue;
        }
        let head_word = lower[h].as_str();
        let antecedent = a
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.etype == EntityType::Person
                    && e.roles
                        .iter()
                        .any(|r| r.normalized.split_whitespace().any(|w| w == head_word))
            })
            .filter_map(|(i, e)| {
                let last = e
                    .mentions
                    .iter()
                    .map(|&mi| a.mentions[mi].span.end)
                    .filter(|&end| end <= span.start)
                    .max()?;
                Some((last, i))
            })
            .max();
        if let Some((_, entity)) = antecedent {
            out.push(Mention {
                span,
                etype: EntityType::Person,
                kind: MentionKind::Nominal,
                entity,
            });
        }
        t = h + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(names: &[(&str, EntityType)]) -> Vec<(String, Vec<usize>)> {
        let mut ms: Vec<Mention> = names
            .iter()
            .map(|(_, t)| Mention {
                span: Span::new(0, 0),
                etype: *t,
                kind: MentionKind::Name,
                entity: 0,
            })
            .collect();
        let texts: Vec<String> = names.iter().map(|(n, _)| n.to_string()).collect();
        link_names(&mut ms, &texts)
            .into_iter()
            .map(|e| (e.name, e.mentions))
            .collect()
    }

    #[test]
    fn surnames_first_names_and_acronyms_link() {
        use EntityType::*;
        let got = run(&[
            ("Marta Ilves", Person),
            ("International Atomic Energy Agency", Org),
            ("Ilves", Person),
            ("IAEA", Org),
            ("Marta", Person),
            ("Jonas Ilves", Person),
        ]);
        assert_eq!(
            got,
            vec![
                ("Marta Ilves".to_string(), vec![0, 2, 4]),
                ("International Atomic Energy Agency".to_string(), vec![1, 3]),
                ("Jonas Ilves".to_string(), vec![5]),
            ]
        );
    }

    #[test]
    fn a_bare_surname_of_two_people_is_the_one_named_most() {
        use EntityType::*;
        let got = run(&[
            ("Hillary Clinton", Person),
            ("Hillary Clinton", Person),
            ("Chelsea Clinton", Person),
            ("Clinton", Person),
            ("Chelsea", Person),
        ]);
        assert_eq!(
            got,
            vec![
                ("Hillary Clinton".to_string(), vec![0, 1, 3]),
                ("Chelsea Clinton".to_string(), vec![2, 4]),
            ]
        );
        // One mention each: the latest named.
        let got = run(&[("Gary Johnson", Person), ("Jeh Johnson", Person), ("Johnson", Person)]);
        assert_eq!(got[1].1, vec![1, 2]);
    }

    #[test]
    fn a_surname_first_is_upgraded_to_the_full_name() {
        let got = run(&[("Sorokin", EntityType::Person), ("Yevgeny Sorokin", EntityType::Person)]);
        assert_eq!(got, vec![("Yevgeny Sorokin".to_string(), vec![0, 1])]);
    }
}
