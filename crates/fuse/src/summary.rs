//! Extractive multi-document summary: sentences scored by similarity to
//! the story's centroid (content words over the original documents) with a
//! bonus for lead position, chosen by maximal marginal relevance so that no
//! two sentences say the same thing. Copies never contribute.

use crate::cite;
use newsfuse_model::{Annotated, SummarySentence};
use rustc_hash::FxHashMap;

const STOP: &[&str] = &[
    "the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "but", "not", "from", "this",
    "its", "his", "her", "their", "they", "she", "him", "who", "which", "will", "would", "said", "says", "also",
    "after", "about", "than", "been", "into", "over", "more", "some", "one", "two", "all", "can", "our", "out", "its",
    "on", "in", "of", "to", "a", "an", "at", "by", "as", "is", "it", "he", "we", "be", "or",
];

fn terms(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// Overlap of content terms (Jaccard): two sentences that share most of
/// their content words say the same thing, whatever the function words.
fn redundancy(sa: &rustc_hash::FxHashSet<String>, sb: &rustc_hash::FxHashSet<String>) -> f64 {
    let inter = sa.intersection(sb).count() as f64;
    let union = (sa.len() + sb.len()) as f64 - inter;
    if union == 0.0 {
        0.0
    } else {
        inter / union
    }
}

fn cosine(a: &FxHashMap<String, f64>, b: &FxHashMap<String, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, v)| b.get(k).map(|w| v * w)).sum();
    let na: f64 = a.values().map(|v| v * v).sum::<f64>().sqrt();
    let nb: f64 = b.values().map(|v| v * v).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

fn vector(s: &str) -> FxHashMap<String, f64> {
    let mut v = FxHashMap::default();
    for t in terms(s) {
        *v.entry(t).or_insert(0.0) += 1.0;
    }
    v
}

/// A sentence that opens and closes its own quotation marks: one cut out of
/// a longer quote ("It will be stronger than before," he said.) reads wrong alone.
fn balanced_quotes(s: &str) -> bool {
    let open = s.matches('\u{201c}').count();
    let close = s.matches('\u{201d}').count();
    open == close && s.matches('"').count().is_multiple_of(2)
}

/// Returns the summary and the index of the most central document (its
/// title heads the dossier).
pub(crate) fn summarise(docs: &[&Annotated], copy_of: &[Option<usize>], n: usize) -> (Vec<SummarySentence>, usize) {
    // Centroid: document frequency of each term across original documents.
    let mut centroid: FxHashMap<String, f64> = FxHashMap::default();
    for (d, a) in docs.iter().enumerate() {
        if copy_of[d].is_some() {
            continue;
        }
        let mut seen: Vec<String> = terms(&a.doc.text);
        seen.sort();
        seen.dedup();
        for t in seen {
            *centroid.entry(t).or_insert(0.0) += 1.0;
        }
    }
    // Terms in only one document say little about the story.
    centroid.retain(|_, v| *v >= 2.0 || docs.len() == 1);

    struct Cand {
        doc: usize,
        pos: usize,
        text: String,
        /// Content terms, computed once for the redundancy checks of every round.
        terms: rustc_hash::FxHashSet<String>,
        score: f64,
        span: newsfuse_model::Span,
    }
    let mut cands: Vec<Cand> = Vec::new();
    for (d, a) in docs.iter().enumerate() {
        if copy_of[d].is_some() {
            continue;
        }
        for (pos, s) in a.sentences.iter().enumerate() {
            let text = &a.doc.text[s.span.start..s.span.end];
            let words = text.split_whitespace().count();
            if !(6..=60).contains(&words) || !text.ends_with(['.', '!', '?', '"', '\u{201d}']) || !balanced_quotes(text)
            {
                continue;
            }
            let lead = match pos {
                0 => 0.15,
                1 => 0.07,
                _ => 0.0,
            };
            let score = cosine(&vector(text), &centroid) + lead;
            cands.push(Cand {
                doc: d,
                pos,
                text: text.to_string(),
                terms: terms(text).into_iter().collect(),
                score,
                span: s.span,
            });
        }
    }
    let central = docs
        .iter()
        .enumerate()
        .filter(|(d, _)| copy_of[*d].is_none())
        .map(|(d, a)| {
            (
                d,
                cosine(&vector(&format!("{} {}", a.doc.title, a.doc.text)), &centroid),
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(0, |x| x.0);

    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n {
        let best = cands
            .iter()
            .enumerate()
            .filter(|(i, _)| !chosen.contains(i))
            .filter(|(_, c)| chosen.iter().all(|&j| redundancy(&cands[j].terms, &c.terms) < 0.35))
            .map(|(i, c)| {
                let redundancy = chosen
                    .iter()
                    .map(|&j| redundancy(&cands[j].terms, &c.terms))
                    .fold(0.0, f64::max);
                (i, 0.7 * c.score - 0.3 * redundancy)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((i, _)) => chosen.push(i),
            None => break,
        }
    }
    chosen.sort_by_key(|&i| (cands[i].doc, cands[i].pos));
    let summary = chosen
        .into_iter()
        .map(|i| SummarySentence {
            text: cands[i].text.clone(),
            citations: vec![cite(docs[cands[i].doc], cands[i].span)],
        })
        .collect();
    (summary, central)
}
