//! Online story clustering.
//!
//! Each document becomes a TF-IDF vector over its content words (title
//! words count double) and entity names. A new document is compared only
//! with the stories that share one of its most weighted terms (an inverted
//! index from term to story, capped per term), so the cost per document
//! does not grow with the corpus; it joins the most similar story when the
//! cosine similarity to that story's centroid, discounted by the time gap,
//! clears a threshold, or opens a new story. Story numbers never change
//! when more documents arrive.

use crate::names::fold;
use chrono::NaiveDate;
use newsfuse_model::{Annotated, EntityType, MentionKind};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "with",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "but",
    "not",
    "from",
    "this",
    "its",
    "his",
    "her",
    "their",
    "they",
    "she",
    "him",
    "who",
    "which",
    "what",
    "when",
    "where",
    "will",
    "would",
    "could",
    "should",
    "said",
    "says",
    "also",
    "after",
    "before",
    "about",
    "than",
    "then",
    "there",
    "been",
    "being",
    "into",
    "over",
    "under",
    "more",
    "most",
    "some",
    "such",
    "only",
    "other",
    "our",
    "out",
    "one",
    "two",
    "all",
    "any",
    "can",
    "did",
    "does",
    "how",
    "its",
    "just",
    "may",
    "new",
    "now",
    "off",
    "own",
    "per",
    "same",
    "very",
    "while",
    "why",
    "you",
    "your",
    "year",
    "years",
    "told",
    "according",
    "last",
    "first",
    "week",
    "day",
    "days",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "these",
    "those",
    "them",
    "because",
    "between",
    "during",
    "against",
    "through",
    "without",
    "within",
    "still",
    "since",
    "until",
    "each",
    "both",
    "many",
    "much",
    "well",
    "even",
    "because",
    "where",
    "here",
];

fn hash_term(t: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(t.as_bytes());
    h.finish()
}

/// The terms of one document, ready for clustering.
#[derive(Debug, Clone, Default)]
pub struct DocTerms {
    /// (term hash, raw count) pairs.
    pub counts: Vec<(u64, f32)>,
    /// Publication date.
    pub date: Option<NaiveDate>,
}

/// Extract clustering terms from an analysed document.
pub fn doc_terms(a: &Annotated) -> DocTerms {
    let mut counts: FxHashMap<u64, f32> = FxHashMap::default();
    let mut add_words = |text: &str, weight: f32| {
        for w in text.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() < 3 {
                continue;
            }
            let l = w.to_lowercase();
            if STOPWORDS.contains(&l.as_str()) {
                continue;
            }
            *counts.entry(hash_term(&l)).or_insert(0.0) += weight;
        }
    };
    add_words(&a.doc.title, 2.0);
    add_words(&a.doc.text, 1.0);
    // Figures of two or more characters (tolls, sums, scores, years) are
    // specific to one event far more than its vocabulary is: two earthquakes
    // share "magnitude" but rarely "6.1" and "2008" both.
    for w in a.doc.text.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
        let w = w.trim_matches('.');
        if w.len() >= 2 && w.chars().any(|c| c.is_ascii_digit()) {
            *counts.entry(hash_term(&format!("n:{w}"))).or_insert(0.0) += 2.0;
        }
    }
    for m in a.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
        let name = &a.doc.text[m.span.start..m.span.end];
        let key = match m.etype {
            // Surnames carry a person across spelling variants of the given name.
            EntityType::Person => name.split_whitespace().last().map(fold).unwrap_or_default(),
            _ => fold(name),
        };
        if !key.is_empty() {
            *counts.entry(hash_term(&format!("e:{key}"))).or_insert(0.0) += 2.0;
        }
    }
    let mut counts: Vec<(u64, f32)> = counts.into_iter().collect();
    counts.sort_unstable_by_key(|x| x.0);
    DocTerms {
        counts,
        date: a
            .doc
            .published
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    }
}

/// Tuning of the clusterer.
#[derive(Debug, Clone, Copy)]
pub struct ClusterParams {
    /// Minimum similarity to join a story.
    pub threshold: f32,
    /// Terms of a document used to find candidate stories.
    pub query_terms: usize,
    /// Stories remembered per term in the index (most recent).
    pub postings_cap: usize,
    /// Terms kept in a story centroid.
    pub centroid_terms: usize,
    /// Days apart beyond which similarity is halved.
    pub soft_days: i64,
    /// Days apart beyond which a document never joins.
    pub hard_days: i64,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            threshold: 0.22,
            query_terms: 20,
            postings_cap: 256,
            centroid_terms: 400,
            soft_days: 7,
            hard_days: 45,
        }
    }
}

/// Euclidean norm of a centroid, summed in term order so that it does not
/// depend on the map's history (a restored clusterer decides as the original).
fn norm_of(centroid: &FxHashMap<u64, f32>) -> f32 {
    let mut w: Vec<(u64, f32)> = centroid.iter().map(|(t, w)| (*t, *w)).collect();
    w.sort_unstable_by_key(|x| x.0);
    w.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt()
}

/// A story's saved clustering state (see [`StoryClusterer::restore`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StorySnapshot {
    /// Centroid weights by term, sorted by term.
    pub centroid: Vec<(u64, f32)>,
    /// Earliest publication date of its documents.
    pub first: Option<NaiveDate>,
    /// Latest publication date of its documents.
    pub last: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
struct StoryState {
    centroid: FxHashMap<u64, f32>,
    norm: f32,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

/// The online clusterer. Call [`StoryClusterer::observe`] for a document
/// (it updates term statistics) before or when you [`StoryClusterer::add`] it.
#[derive(Debug, Clone, Default)]
pub struct StoryClusterer {
    params: ClusterParams,
    df: FxHashMap<u64, u32>,
    n_docs: u32,
    stories: Vec<StoryState>,
    postings: FxHashMap<u64, Vec<u32>>,
}

impl StoryClusterer {
    /// A clusterer with the given parameters.
    pub fn new(params: ClusterParams) -> Self {
        StoryClusterer {
            params,
            ..Default::default()
        }
    }

    /// Count the document's terms for IDF.
    pub fn observe(&mut self, doc: &DocTerms) {
        self.n_docs += 1;
        for (t, _) in &doc.counts {
            *self.df.entry(*t).or_insert(0) += 1;
        }
    }

    fn vector(&self, doc: &DocTerms) -> Vec<(u64, f32)> {
        let n = self.n_docs.max(1) as f32;
        let mut v: Vec<(u64, f32)> = doc
            .counts
            .iter()
            .map(|(t, c)| {
                let df = *self.df.get(t).unwrap_or(&0) as f32;
                (*t, (1.0 + c.ln()) * (((n + 1.0) / (df + 1.0)).ln() + 1.0))
            })
            .collect();
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
        for x in &mut v {
            x.1 /= norm;
        }
        v
    }

    fn time_factor(&self, s: &StoryState, date: Option<NaiveDate>) -> f32 {
        let (Some(d), Some(first), Some(last)) = (date, s.first, s.last) else {
            return 1.0;
        };
        let gap = if d < first {
            (first - d).num_days()
        } else if d > last {
            (d - last).num_days()
        } else {
            0
        };
        if gap > self.params.hard_days {
            0.0
        } else if gap > self.params.soft_days {
            0.5
        } else {
            1.0
        }
    }

    /// Similarity of a document to each candidate story: (story, score), best first.
    pub fn candidates(&self, doc: &DocTerms) -> Vec<(usize, f32)> {
        let v = self.vector(doc);
        let mut top = v.clone();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut seen: Vec<u32> = Vec::new();
        for (t, _) in top.iter().take(self.params.query_terms) {
            if let Some(p) = self.postings.get(t) {
                seen.extend(p.iter().copied());
            }
        }
        seen.sort_unstable();
        seen.dedup();
        let mut scored: Vec<(usize, f32)> = seen
            .into_iter()
            .map(|s| {
                let st = &self.stories[s as usize];
                let dot: f32 = v.iter().filter_map(|(t, w)| st.centroid.get(t).map(|c| c * w)).sum();
                (s as usize, dot / st.norm.max(1e-9) * self.time_factor(st, doc.date))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
    }

    /// Assign a document to a story (an existing one or a new one); returns its index.
    pub fn add(&mut self, doc: &DocTerms) -> usize {
        self.add_indexed(doc).0
    }

    /// [`StoryClusterer::add`], also returning the terms under which the story
    /// was indexed for this document (what [`StoryClusterer::restore`] needs
    /// to rebuild the index).
    pub fn add_indexed(&mut self, doc: &DocTerms) -> (usize, Vec<u64>) {
        let best = self
            .candidates(doc)
            .into_iter()
            .next()
            .filter(|(_, s)| *s >= self.params.threshold);
        let v = self.vector(doc);
        let story = match best {
            Some((s, _)) => s,
            None => {
                self.stories.push(StoryState {
                    centroid: FxHashMap::default(),
                    norm: 0.0,
                    first: doc.date,
                    last: doc.date,
                });
                self.stories.len() - 1
            }
        };
        let st = &mut self.stories[story];
        for (t, w) in &v {
            *st.centroid.entry(*t).or_insert(0.0) += w;
        }
        if st.centroid.len() > self.params.centroid_terms {
            let mut all: Vec<(u64, f32)> = st.centroid.drain().collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(self.params.centroid_terms);
            st.centroid = all.into_iter().collect();
        }
        st.norm = norm_of(&st.centroid);
        if let Some(d) = doc.date {
            st.first = Some(st.first.map_or(d, |f| f.min(d)));
            st.last = Some(st.last.map_or(d, |l| l.max(d)));
        }
        let mut top = v;
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let indexed: Vec<u64> = top.iter().take(self.params.query_terms).map(|x| x.0).collect();
        self.post(story, &indexed);
        (story, indexed)
    }

    fn post(&mut self, story: usize, terms: &[u64]) {
        for t in terms {
            let p = self.postings.entry(*t).or_default();
            if !p.contains(&(story as u32)) {
                p.push(story as u32);
                if p.len() > self.params.postings_cap {
                    p.remove(0);
                }
            }
        }
    }

    /// Documents observed so far.
    pub fn documents(&self) -> u32 {
        self.n_docs
    }

    /// Document frequency of a term.
    pub fn df(&self, term: u64) -> u32 {
        self.df.get(&term).copied().unwrap_or(0)
    }

    /// The saved form of story `s`: its centroid (sorted by term) and date range.
    pub fn story(&self, s: usize) -> StorySnapshot {
        let st = &self.stories[s];
        let mut centroid: Vec<(u64, f32)> = st.centroid.iter().map(|(t, w)| (*t, *w)).collect();
        centroid.sort_unstable_by_key(|x| x.0);
        StorySnapshot {
            centroid,
            first: st.first,
            last: st.last,
        }
    }

    /// Rebuild a clusterer from saved state: the number of documents observed,
    /// every term's document frequency, the stories in index order, and each
    /// added document's story and indexed terms in the order they were added.
    /// Adding documents to the result continues exactly where the saved
    /// clusterer stopped.
    pub fn restore(
        params: ClusterParams,
        documents: u32,
        df: impl IntoIterator<Item = (u64, u32)>,
        stories: Vec<StorySnapshot>,
        added: impl IntoIterator<Item = (usize, Vec<u64>)>,
    ) -> Self {
        let mut c = StoryClusterer::new(params);
        c.n_docs = documents;
        c.df = df.into_iter().collect();
        c.stories = stories
            .into_iter()
            .map(|s| {
                let centroid: FxHashMap<u64, f32> = s.centroid.into_iter().collect();
                let norm = norm_of(&centroid);
                StoryState {
                    centroid,
                    norm,
                    first: s.first,
                    last: s.last,
                }
            })
            .collect();
        for (story, terms) in added {
            c.post(story, &terms);
        }
        c
    }

    /// Number of stories so far.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// True before any document is added.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }
}

/// Cluster a batch of documents: IDF from the whole batch, then documents
/// added in publication order (undated last, input order kept among
/// equals). Returns each document's story index, numbered by first appearance.
pub fn cluster_batch(docs: &[&Annotated], params: ClusterParams) -> Vec<usize> {
    let terms: Vec<DocTerms> = docs.iter().map(|a| doc_terms(a)).collect();
    let mut c = StoryClusterer::new(params);
    for t in &terms {
        c.observe(t);
    }
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (terms[i].date.is_none(), terms[i].date, i));
    let mut story = vec![0; docs.len()];
    for i in order {
        story[i] = c.add(&terms[i]);
    }
    // Renumber by first appearance in input order, so output is stable to read.
    let mut remap: FxHashMap<usize, usize> = FxHashMap::default();
    for s in &mut story {
        let next = remap.len();
        *s = *remap.entry(*s).or_insert(next);
    }
    story
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str], day: u32) -> DocTerms {
        let mut counts: Vec<(u64, f32)> = words.iter().map(|w| (hash_term(w), 1.0)).collect();
        counts.sort_unstable_by_key(|x| x.0);
        counts.dedup_by_key(|x| x.0);
        DocTerms {
            counts,
            date: NaiveDate::from_ymd_opt(2025, 3, day),
        }
    }

    fn save(c: &StoryClusterer, added: &[(usize, Vec<u64>)], vocab: &[u64]) -> StoryClusterer {
        StoryClusterer::restore(
            c.params,
            c.documents(),
            vocab.iter().map(|t| (*t, c.df(*t))).filter(|x| x.1 > 0),
            (0..c.len()).map(|s| c.story(s)).collect(),
            added.iter().cloned(),
        )
    }

    #[test]
    fn a_restored_clusterer_goes_on_as_the_original() {
        let docs = [
            terms(&["fire", "grain", "terminal", "kestrova", "port"], 6),
            terms(&["election", "varnia", "ballot", "minister"], 6),
            terms(&["fire", "terminal", "kestrova", "damage", "port"], 7),
            terms(&["ballot", "varnia", "count", "minister"], 7),
            terms(&["flood", "river", "dam", "village"], 8),
            terms(&["kestrova", "port", "repairs", "terminal", "grain"], 9),
            terms(&["varnia", "minister", "result", "ballot"], 9),
        ];
        let vocab: Vec<u64> = docs.iter().flat_map(|d| d.counts.iter().map(|x| x.0)).collect();
        let mut whole = StoryClusterer::new(ClusterParams::default());
        let mut first = StoryClusterer::new(ClusterParams::default());
        let mut added = Vec::new();
        for d in &docs[..4] {
            whole.observe(d);
            first.observe(d);
        }
        let mut expected = Vec::new();
        for d in &docs[..4] {
            expected.push(whole.add(d));
            added.push(first.add_indexed(d));
        }
        let mut resumed = save(&first, &added, &vocab);
        let mut got: Vec<usize> = added.iter().map(|x| x.0).collect();
        for d in &docs[4..] {
            whole.observe(d);
            resumed.observe(d);
        }
        for d in &docs[4..] {
            expected.push(whole.add(d));
            got.push(resumed.add(d));
        }
        assert_eq!(got, expected);
        assert_eq!(expected, vec![0, 1, 0, 1, 2, 0, 1]);
        for s in 0..whole.len() {
            assert_eq!(resumed.story(s), whole.story(s));
        }
    }
}
