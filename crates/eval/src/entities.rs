//! Cross-document entity linking against gold coreference chains, restricted
//! to proper-name mentions, scored with B³ and MUC over the gold mentions.
//!
//! - MEANTIME: `ENTITY_MENTION`s with `syntactic_type` NAM or PRE.NAM that
//!   refer (`REFERS_TO`) to a cross-document instance; the chain is its
//!   `instance_id`. Instance ids are corpus-wide, so all documents are
//!   linked as one group.
//! - ECB+: participant (`HUMAN_PART_*`) and location (`LOC_*`) markables in
//!   a `CROSS_DOC_COREF` chain whose words are all capitalised, outside
//!   title-cased headline lines (the corpus marks no syntactic type); the
//!   chain is the relation's note. Documents are grouped by topic.
//!
//! A gold mention that the system did not recognise is a singleton of its own.
//! MEANTIME also marks a people's adjective ("American carmakers", PRE.NAM) as
//! a mention of the country; newsfuse keeps the adjective as an entity of its
//! own that names its place, so `newsfuse eval entities` scores both readings.

use crate::cat;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// A gold proper-name mention.
pub struct GoldMention {
    /// Byte range in [`LinkDoc::text`].
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// Chain id, unique across the corpus.
    pub chain: String,
}

/// One document with its gold mentions.
pub struct LinkDoc {
    /// File path.
    pub path: PathBuf,
    /// Group the document is linked within (sub-corpus or topic).
    pub group: String,
    /// Text rebuilt from the tokens.
    pub text: String,
    /// Gold proper-name mentions.
    pub mentions: Vec<GoldMention>,
}

fn span_of(m: &cat::Markable, offsets: &FxHashMap<String, (usize, usize)>) -> Option<(usize, usize)> {
    let spans: Vec<(usize, usize)> = m.tokens.iter().filter_map(|t| offsets.get(t).copied()).collect();
    Some((spans.iter().map(|s| s.0).min()?, spans.iter().map(|s| s.1).max()?))
}

/// Which of the recognised names (byte spans in `text`) is the head of the
/// gold phrase `gold`: the last name inside it ("U.S. automaker GM"), or the
/// first when an appositive or a complement follows it ("Seattle, Washington").
/// A possessor is never the head ("Boeing's 787" is the aircraft, and with no
/// name for the aircraft the phrase is unrecognised), and a name inside a
/// complement ("the Prime Minister of Singapore, Mr. Lee") is not while another
/// name is there.
pub fn head_name(text: &str, gold: (usize, usize), names: &[(usize, usize)]) -> Option<usize> {
    let (gs, ge) = gold;
    let mut inside: Vec<usize> = (0..names.len())
        .filter(|&i| names[i].0 < ge && gs < names[i].1)
        // "US" inside "US Bankruptcy Court": a name that runs on past the phrase names
        // something the phrase only modifies; one that runs on into a complement
        // ("Academy of Motion Picture Arts") is the phrase's head said in full.
        // "Turkmenistan" in "Central Elections Commission of Turkmenistan": the phrase is
        // the complement of a name that opened before it.
        .filter(|&i| {
            text.get(names[i].0.min(gs)..gs)
                .is_none_or(|before| !(before.ends_with(" of ") || before.ends_with(" in ")))
        })
        .filter(|&i| {
            text.get(ge..names[i].1.max(ge)).is_none_or(|over| {
                !over.chars().any(char::is_alphanumeric) || [" of ", " at ", " in "].iter().any(|p| over.starts_with(p))
            })
        })
        .filter(|&i| {
            let after = text.get(names[i].1.min(ge)..ge).unwrap_or("").trim_start();
            let head = after.strip_prefix("'s").or_else(|| after.strip_prefix('\''));
            head.is_none_or(|h| h.trim().is_empty())
        })
        .collect();
    // A person's office names no organisation: in "Apple CEO" and "the chairman of
    // Chrysler" the head is the office, and the phrase refers to its holder.
    let role = newsfuse_nlp::roles::is_office_word;
    inside.retain(|&i| {
        let after = text.get(names[i].1.min(ge)..ge).unwrap_or("");
        let before = text.get(gs..names[i].0.max(gs)).unwrap_or("");
        let office_after = after.split_whitespace().next().is_some_and(role);
        let office_before = before
            .strip_suffix(" of ")
            .and_then(|b| b.split_whitespace().last())
            .is_some_and(role);
        !office_after && !office_before
    });
    inside.sort_by_key(|&i| names[i].0);
    let in_complement = |i: &usize| {
        let before = text.get(gs..names[*i].0.max(gs)).unwrap_or("");
        before.ends_with(" of ") || before.ends_with(" in ")
    };
    if inside.len() > 1 && inside.iter().any(|i| !in_complement(i)) {
        inside.retain(|i| !in_complement(i));
    }
    let first = *inside.first()?;
    // An appositive or complement right after the first name ("Seattle , Washington",
    // "Moscone Center in San Francisco") leaves it the head; a description before the comma
    // ("the Irish airline , Ryanair") does not.
    let rest = text.get(names[first].1.min(ge)..ge).unwrap_or("").trim_start();
    if rest.starts_with(',') || rest.starts_with("in ") || rest.starts_with("of ") {
        Some(first)
    } else {
        inside.last().copied()
    }
}

/// Read a MEANTIME or ECB+ directory (recognised by its markables).
pub fn load(dir: &Path) -> Result<Vec<LinkDoc>, String> {
    let mut files = Vec::new();
    for p in cat::files_with(dir, &["xml"])? {
        let src = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let (text, offsets) = cat::tokens(&src);
        files.push((p, src, text, offsets));
    }
    // Words the corpus writes in lower case somewhere: a sentence that opens with one of
    // them ("Police said", "Voters went") opens with a common noun, not a name.
    // A word counts as common when its lower-case form outnumbers its capitalised form
    // inside sentences ("police" vs "Surrey Police"), so "King said" keeps Billy King.
    let mut counts: FxHashMap<String, (usize, usize)> = FxHashMap::default();
    for f in &files {
        for line in f.2.lines() {
            for w in line.split_whitespace().skip(1) {
                let Some(c) = w.chars().next() else { continue };
                let e = counts.entry(w.to_lowercase()).or_default();
                if c.is_lowercase() {
                    e.0 += 1;
                } else if c.is_uppercase() {
                    e.1 += 1;
                }
            }
        }
    }
    let lower_words: rustc_hash::FxHashSet<String> =
        counts.into_iter().filter(|(_, (l, u))| l > u).map(|(w, _)| w).collect();
    let mut out = Vec::new();
    for (p, src, text, offsets) in &files {
        let (p, src, text) = (p.clone(), src.as_str(), text.clone());
        let marks = cat::markables(src);
        let meantime = src.contains("<ENTITY_MENTION");
        let mut chain_of: FxHashMap<String, String> = FxHashMap::default();
        let by_id: FxHashMap<&str, &cat::Markable> = marks.iter().map(|m| (m.m_id.as_str(), m)).collect();
        let group;
        if meantime {
            // Instance ids are corpus-wide (the United States of the airbus articles is that of the
            // stock articles), so the whole corpus is linked as one group.
            group = "meantime".to_string();
            for (_, sources, target) in cat::relations(src, "REFERS_TO") {
                let Some(t) = target else { continue };
                // Only cross-document instances: a document-local entity has no instance id.
                let Some(chain) = by_id.get(t.as_str()).and_then(|m| cat::attr(&m.head, "instance_id")) else {
                    continue;
                };
                for s in sources {
                    chain_of.insert(s, chain.clone());
                }
            }
        } else {
            let name = p.file_name().unwrap_or_default().to_string_lossy().to_string();
            group = name.split('_').next().unwrap_or("").to_string();
            // ECB+ annotates coreference within a topic; its notes are free text that two
            // topics may share ("Barack Obama"), so a chain is a topic's note.
            for (head, sources, _) in cat::relations(src, "CROSS_DOC_COREF") {
                let Some(note) = cat::attr(&head, "note") else { continue };
                for s in sources {
                    chain_of.insert(s, format!("{group}/{note}"));
                }
            }
        }
        let mut mentions = Vec::new();
        for m in &marks {
            if m.tokens.is_empty() {
                continue;
            }
            let is_name = if meantime {
                m.tag == "ENTITY_MENTION"
                    && matches!(cat::attr(&m.head, "syntactic_type").as_deref(), Some("NAM" | "PRE.NAM"))
            } else {
                (m.tag.starts_with("HUMAN_PART") || m.tag.starts_with("LOC_")) && {
                    let Some((s, e)) = span_of(m, offsets) else { continue };
                    let words: Vec<&str> = text[s..e].split_whitespace().collect();
                    let capitalised = words
                        .iter()
                        .filter(|w| w.chars().any(char::is_alphabetic))
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                    // "I'm", "I'd": a pronoun with its contraction.
                    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
                    let first = first.split('\'').next().unwrap_or("");
                    let pronoun_like = words.len() == 1
                        && matches!(
                            first,
                            "he" | "she" | "it" | "they" | "we" | "i" | "you" | "his" | "her" | "their" | "the"
                        );
                    // In a title-cased line (a headline) capitals do not mark names.
                    let line_start = text[..s].rfind('\n').map_or(0, |i| i + 1);
                    let line_end = text[e..].find('\n').map_or(text.len(), |i| e + i);
                    let line: Vec<&str> = text[line_start..line_end]
                        .split_whitespace()
                        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
                        .collect();
                    let caps = line
                        .iter()
                        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                        .count();
                    let headline = line.len() >= 4 && caps * 10 >= line.len() * 7;
                    let sentence_initial_common = text[line_start..s].trim_matches(['"', '\'', '`', ' ']).is_empty()
                        && words.iter().all(|w| lower_words.contains(&w.to_lowercase()));
                    capitalised
                        && !headline
                        && !sentence_initial_common
                        && !pronoun_like
                        && words.iter().any(|w| w.chars().any(char::is_alphabetic))
                }
            };
            if !is_name {
                continue;
            }
            let Some((start, end)) = span_of(m, offsets) else {
                continue;
            };
            let Some(chain) = chain_of.get(&m.m_id).cloned() else {
                continue;
            };
            mentions.push(GoldMention { start, end, chain });
        }
        out.push(LinkDoc {
            path: p,
            group,
            text,
            mentions,
        });
    }
    if out.iter().all(|d| d.mentions.is_empty()) {
        out.clear();
    }
    crate::cat::found(dir, out, "MEANTIME or ECB+ documents with gold entity mentions (*.xml)")
}

#[cfg(test)]
mod tests {
    use super::head_name;

    /// The spans of `names` in `text`, each at its first occurrence.
    fn spans(text: &str, names: &[&str]) -> Vec<(usize, usize)> {
        names
            .iter()
            .map(|n| {
                let s = text.find(n).expect("name in text");
                (s, s + n.len())
            })
            .collect()
    }

    fn head<'a>(text: &str, names: &[&'a str]) -> Option<&'a str> {
        head_name(text, (0, text.len()), &spans(text, names)).map(|i| names[i])
    }

    #[test]
    fn the_head_of_a_gold_phrase_is_its_last_name_unless_an_appositive_follows() {
        assert_eq!(head("U.S. automaker GM", &["U.S.", "GM"]), Some("GM"));
        assert_eq!(
            head("Seattle , Washington", &["Seattle", "Washington"]),
            Some("Seattle")
        );
        assert_eq!(
            head("the Prime Minister of Singapore , Mr. Lee", &["Singapore", "Lee"]),
            Some("Lee")
        );
        // Only a complement's name: it is still the best there is.
        assert_eq!(head("the government of Canada", &["Canada"]), Some("Canada"));
    }

    #[test]
    fn an_office_and_a_description_before_an_appositive_are_not_heads() {
        // The phrase names the office holder, not the organisation.
        assert_eq!(head("Tarn Air CEO", &["Tarn Air"]), None);
        assert_eq!(head("the vice chairman of Tarn Motors", &["Tarn Motors"]), None);
        // "King" is a surname as well as a crown.
        assert_eq!(head("Billy King", &["Billy"]), Some("Billy"));
        // A description before the comma leaves the name after it the head.
        assert_eq!(
            head("Irish low cost airline , Tarn Air", &["Irish", "Tarn Air"]),
            Some("Tarn Air")
        );
        assert_eq!(
            head("Tarn Air , another Irish airline", &["Tarn Air", "Irish"]),
            Some("Tarn Air")
        );
    }

    #[test]
    fn a_name_that_runs_on_past_the_phrase_is_no_head_unless_into_a_complement() {
        let text = "the US Bankruptcy Court and the Academy of Motion Picture Arts";
        let names = spans(text, &["US Bankruptcy Court", "Academy of Motion Picture Arts"]);
        let at = |p: &str| {
            let s = text.find(p).unwrap();
            head_name(text, (s, s + p.len()), &names)
        };
        assert_eq!(at("US"), None);
        assert_eq!(at("Academy"), Some(1));
        assert_eq!(at("US Bankruptcy Court"), Some(0));
        // Nor one that opened before it and takes it as a complement.
        let text = "the Central Election Commission of Tarnland";
        let names = spans(text, &["Central Election Commission of Tarnland"]);
        assert_eq!(head_name(text, (text.len() - 8, text.len()), &names), None);
        assert_eq!(head_name(text, (4, text.len()), &names), Some(0));
    }

    #[test]
    fn a_possessor_is_never_the_head() {
        assert_eq!(head("Boeing 's 787", &["Boeing"]), None);
        assert_eq!(head("Apple 's iTunes", &["Apple", "iTunes"]), Some("iTunes"));
        // A gold phrase that ends with the possessive is the possessor itself.
        assert_eq!(head("Obama 's", &["Obama"]), Some("Obama"));
        assert_eq!(head("Obama's", &["Obama"]), Some("Obama"));
    }
}
