//! Online story clustering.
//!
//! Each document becomes a TF-IDF vector over its content words (title
//! words count double), figures and entity names. A new document is linked
//! to its nearest earlier documents, found through an inverted index from
//! its most weighted terms to the documents recently indexed under them
//! (capped per term), so the cost per document does not grow with the
//! corpus; similarities are discounted by the time between publication
//! dates. When its nearest neighbour is close enough, the stories of its
//! neighbours are regrouped: their recent documents and the new one are
//! partitioned by modularity over their links (Louvain), each story keeps
//! the part holding most of its documents, and a part holding none becomes
//! a new story. Otherwise the document opens a story. Story numbers never
//! change when more documents arrive; a document may move to another story
//! when the links of later documents show where it belongs.

use crate::names::fold;
use chrono::{Datelike, NaiveDate};
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
    /// Similarity the nearest earlier document must reach for a document to
    /// join a story; below it the document opens a story of its own.
    pub threshold: f32,
    /// Nearest earlier documents a document is linked to.
    pub neighbours: usize,
    /// Least similarity of a link.
    pub min_link: f32,
    /// Modularity resolution of the regrouping: the higher, the more readily
    /// a story splits.
    pub resolution: f32,
    /// Terms of a document used to find its neighbours (and indexed for later ones).
    pub query_terms: usize,
    /// Documents remembered per term in the index (most recent).
    pub postings_cap: usize,
    /// Terms kept in a document's vector.
    pub vector_terms: usize,
    /// Most recent documents of each story taken into a regrouping.
    pub regroup_cap: usize,
    /// Days apart beyond which a link's similarity is halved.
    pub soft_days: i64,
    /// Days apart beyond which two documents are never linked.
    pub hard_days: i64,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            threshold: 0.2,
            neighbours: 8,
            min_link: 0.1,
            resolution: 0.7,
            query_terms: 20,
            postings_cap: 256,
            vector_terms: 100,
            regroup_cap: 300,
            soft_days: 7,
            hard_days: 45,
        }
    }
}

/// Similarity of two unit vectors sorted by term.
fn dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// What the clusterer keeps of a document, and what a store saves of it
/// (see [`StoryClusterer::saved`] and [`StoryClusterer::restore`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SavedDoc {
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Unit TF-IDF vector of its most weighted terms, sorted by term.
    pub vector: Vec<(u64, f32)>,
    /// Links to earlier documents (their numbers) with their similarity.
    pub links: Vec<(u32, f32)>,
}

impl SavedDoc {
    /// Compact little-endian form: date (days from the Common Era, or
    /// `i32::MIN`), vector length and entries, link count and links.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + self.vector.len() * 12 + self.links.len() * 8);
        out.extend_from_slice(&self.date.map_or(i32::MIN, |d| d.num_days_from_ce()).to_le_bytes());
        out.extend_from_slice(&(self.vector.len() as u32).to_le_bytes());
        for (t, w) in &self.vector {
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend_from_slice(&(self.links.len() as u32).to_le_bytes());
        for (d, w) in &self.links {
            out.extend_from_slice(&d.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Read [`SavedDoc::to_bytes`]'s form back.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let mut at = 0usize;
        let mut take = |n: usize| -> Result<&[u8], String> {
            let s = bytes
                .get(at..at + n)
                .ok_or_else(|| format!("clustering state cut short at byte {at}"))?;
            at += n;
            Ok(s)
        };
        let day = i32::from_le_bytes(take(4)?.try_into().unwrap());
        let date = if day == i32::MIN {
            None
        } else {
            Some(NaiveDate::from_num_days_from_ce_opt(day).ok_or_else(|| format!("bad date {day}"))?)
        };
        let n = u32::from_le_bytes(take(4)?.try_into().unwrap()) as usize;
        let mut vector = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            let t = u64::from_le_bytes(take(8)?.try_into().unwrap());
            let w = f32::from_le_bytes(take(4)?.try_into().unwrap());
            vector.push((t, w));
        }
        let n = u32::from_le_bytes(take(4)?.try_into().unwrap()) as usize;
        let mut links = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            let d = u32::from_le_bytes(take(4)?.try_into().unwrap());
            let w = f32::from_le_bytes(take(4)?.try_into().unwrap());
            links.push((d, w));
        }
        if at != bytes.len() {
            return Err(format!("{} stray bytes after the clustering state", bytes.len() - at));
        }
        Ok(SavedDoc { date, vector, links })
    }
}

#[derive(Debug, Clone)]
struct DocState {
    vector: Vec<(u64, f32)>,
    date: Option<NaiveDate>,
    story: u32,
    /// Links in both directions: (document, similarity).
    links: Vec<(u32, f32)>,
}

#[derive(Debug, Clone, Default)]
struct StoryState {
    /// Its documents, ascending.
    members: Vec<u32>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

/// What changed since [`StoryClusterer::take_changes`] was last called:
/// documents whose story is new or different, and stories whose documents
/// changed (some may now have none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// (document number, its story now), ascending by document.
    pub documents: Vec<(u32, usize)>,
    /// Stories that gained or lost documents, ascending.
    pub stories: Vec<usize>,
}

/// The online clusterer. Call [`StoryClusterer::observe`] for a document
/// (it updates term statistics) before or when you [`StoryClusterer::add`] it.
///
/// Every document is linked to its nearest earlier documents (found through
/// an inverted index over their most weighted terms). A document whose
/// nearest neighbour is close enough regroups the stories its neighbours
/// belong to: their recent documents and the new one are partitioned by
/// modularity (Louvain) over their links, and each story keeps the part
/// holding most of its documents, so story numbers never change, while a
/// part that holds none becomes a new story. Two events of one kind that
/// were joined by their first documents part again once each has documents
/// of its own that link mostly to each other.
#[derive(Debug, Clone, Default)]
pub struct StoryClusterer {
    params: ClusterParams,
    df: FxHashMap<u64, u32>,
    n_docs: u32,
    docs: Vec<DocState>,
    stories: Vec<StoryState>,
    postings: FxHashMap<u64, std::collections::VecDeque<u32>>,
    changed_docs: std::collections::BTreeSet<u32>,
    changed_stories: std::collections::BTreeSet<u32>,
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

    /// The document's unit TF-IDF vector over its most weighted terms, sorted by term.
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
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(self.params.vector_terms);
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
        for x in &mut v {
            x.1 /= norm;
        }
        v.sort_unstable_by_key(|x| x.0);
        v
    }

    /// The terms a vector is indexed under: its most weighted ones.
    fn query_terms(&self, v: &[(u64, f32)]) -> Vec<u64> {
        let mut top: Vec<(u64, f32)> = v.to_vec();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(self.params.query_terms);
        top.into_iter().map(|x| x.0).collect()
    }

    fn time_factor(&self, a: Option<NaiveDate>, b: Option<NaiveDate>) -> f32 {
        let (Some(a), Some(b)) = (a, b) else {
            return 1.0;
        };
        let gap = (a - b).num_days().abs();
        if gap > self.params.hard_days {
            0.0
        } else if gap > self.params.soft_days {
            0.5
        } else {
            1.0
        }
    }

    /// The nearest earlier documents of a vector: (document, similarity), nearest first.
    fn neighbours(&self, v: &[(u64, f32)], date: Option<NaiveDate>) -> Vec<(u32, f32)> {
        let mut seen: Vec<u32> = Vec::new();
        for t in self.query_terms(v) {
            if let Some(p) = self.postings.get(&t) {
                seen.extend(p.iter().copied());
            }
        }
        seen.sort_unstable();
        seen.dedup();
        let mut scored: Vec<(u32, f32)> = seen
            .into_iter()
            .filter_map(|j| {
                let d = &self.docs[j as usize];
                let s = dot(v, &d.vector) * self.time_factor(date, d.date);
                (s >= self.params.min_link).then_some((j, s))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(self.params.neighbours);
        scored
    }

    fn post(&mut self, doc: u32, terms: &[u64]) {
        for t in terms {
            let p = self.postings.entry(*t).or_default();
            p.push_back(doc);
            if p.len() > self.params.postings_cap {
                p.pop_front();
            }
        }
    }

    /// Add a document whose saved state is known (links to earlier documents).
    fn push_doc(&mut self, saved: SavedDoc, story: u32) -> u32 {
        let i = self.docs.len() as u32;
        for &(j, w) in &saved.links {
            self.docs[j as usize].links.push((i, w));
        }
        let terms = self.query_terms(&saved.vector);
        self.docs.push(DocState {
            vector: saved.vector,
            date: saved.date,
            story,
            links: saved.links,
        });
        self.post(i, &terms);
        i
    }

    fn new_story(&mut self) -> u32 {
        self.stories.push(StoryState::default());
        (self.stories.len() - 1) as u32
    }

    fn refresh_dates(&mut self, s: u32) {
        let st = &self.stories[s as usize];
        let dates = st.members.iter().filter_map(|&m| self.docs[m as usize].date);
        let (first, last) = dates.fold((None, None), |(f, l): (Option<NaiveDate>, Option<NaiveDate>), d| {
            (Some(f.map_or(d, |f| f.min(d))), Some(l.map_or(d, |l| l.max(d))))
        });
        let st = &mut self.stories[s as usize];
        st.first = first;
        st.last = last;
    }

    /// Assign a document to a story (an existing one or a new one); returns its
    /// story. Earlier documents may move between the stories it regroups (see
    /// [`StoryClusterer::take_changes`]).
    pub fn add(&mut self, doc: &DocTerms) -> usize {
        let vector = self.vector(doc);
        let links = self.neighbours(&vector, doc.date);
        let joins = links.first().is_some_and(|l| l.1 >= self.params.threshold);
        let affected: Vec<u32> = if joins {
            let mut a: Vec<u32> = links.iter().map(|&(j, _)| self.docs[j as usize].story).collect();
            a.sort_unstable();
            a.dedup();
            a
        } else {
            Vec::new()
        };
        let i = self.push_doc(
            SavedDoc {
                date: doc.date,
                vector,
                links,
            },
            u32::MAX,
        );
        self.changed_docs.insert(i);
        if affected.is_empty() {
            let s = self.new_story();
            self.docs[i as usize].story = s;
            self.stories[s as usize].members.push(i);
            self.refresh_dates(s);
            self.changed_stories.insert(s);
            return s as usize;
        }
        self.regroup(i, &affected);
        self.docs[i as usize].story as usize
    }

    /// Partition document `i` and the recent documents of the `affected`
    /// stories by modularity over their links; each story keeps the part with
    /// most of its documents, other parts open stories.
    fn regroup(&mut self, i: u32, affected: &[u32]) {
        let cap = self.params.regroup_cap;
        let mut nodes: Vec<u32> = vec![i];
        for &s in affected {
            let m = &self.stories[s as usize].members;
            nodes.extend_from_slice(&m[m.len().saturating_sub(cap)..]);
        }
        nodes.sort_unstable();
        nodes.dedup();
        let local = |d: u32| nodes.binary_search(&d).ok();
        let mut edges: Vec<(u32, u32, f64)> = Vec::new();
        for (a, &u) in nodes.iter().enumerate() {
            for &(v, w) in &self.docs[u as usize].links {
                if v > u {
                    if let Some(b) = local(v) {
                        edges.push((a as u32, b as u32, f64::from(w)));
                    }
                }
            }
        }
        let part = louvain(nodes.len(), &edges, f64::from(self.params.resolution));
        let parts = part.iter().max().map_or(0, |m| *m as usize + 1);
        // Largest story first claims the part holding most of its regrouped documents.
        let mut order: Vec<u32> = affected.to_vec();
        order.sort_by_key(|&s| (std::cmp::Reverse(self.stories[s as usize].members.len()), s));
        let mut owner: Vec<Option<u32>> = vec![None; parts];
        for s in order {
            let mut overlap = vec![0usize; parts];
            for (a, &u) in nodes.iter().enumerate() {
                if u != i && self.docs[u as usize].story == s {
                    overlap[part[a] as usize] += 1;
                }
            }
            if let Some((p, _)) = overlap
                .iter()
                .enumerate()
                .filter(|(p, n)| owner[*p].is_none() && **n > 0)
                .max_by_key(|(p, n)| (**n, std::cmp::Reverse(*p)))
            {
                owner[p] = Some(s);
            }
        }
        for o in owner.iter_mut() {
            if o.is_none() {
                *o = Some(self.new_story());
            }
        }
        let mut touched: Vec<u32> = affected.to_vec();
        for &s in affected {
            self.stories[s as usize].members.retain(|m| local(*m).is_none());
        }
        for (a, &u) in nodes.iter().enumerate() {
            let s = owner[part[a] as usize].expect("every part has a story");
            let d = &mut self.docs[u as usize];
            if d.story != s {
                if d.story != u32::MAX {
                    touched.push(d.story);
                }
                d.story = s;
                self.changed_docs.insert(u);
            }
            self.stories[s as usize].members.push(u);
            touched.push(s);
        }
        touched.sort_unstable();
        touched.dedup();
        for s in touched {
            let m = &mut self.stories[s as usize].members;
            m.sort_unstable();
            m.dedup();
            self.refresh_dates(s);
            self.changed_stories.insert(s);
        }
    }

    /// Documents added so far.
    pub fn added(&self) -> u32 {
        self.docs.len() as u32
    }

    /// Story of document `d` (numbered in the order added).
    pub fn story_of(&self, d: u32) -> usize {
        self.docs[d as usize].story as usize
    }

    /// Number of documents in story `s`.
    pub fn story_size(&self, s: usize) -> usize {
        self.stories[s].members.len()
    }

    /// Earliest and latest publication date of story `s`'s documents.
    pub fn story_dates(&self, s: usize) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let st = &self.stories[s];
        (st.first, st.last)
    }

    /// What changed since the last call (documents added or moved, stories touched).
    pub fn take_changes(&mut self) -> Changes {
        let documents = std::mem::take(&mut self.changed_docs)
            .into_iter()
            .map(|d| (d, self.docs[d as usize].story as usize))
            .collect();
        let stories = std::mem::take(&mut self.changed_stories)
            .into_iter()
            .map(|s| s as usize)
            .collect();
        Changes { documents, stories }
    }

    /// Documents observed so far.
    pub fn documents(&self) -> u32 {
        self.n_docs
    }

    /// Document frequency of a term.
    pub fn df(&self, term: u64) -> u32 {
        self.df.get(&term).copied().unwrap_or(0)
    }

    /// The saved form of document `d`: its vector, date and links to earlier documents.
    pub fn saved(&self, d: u32) -> SavedDoc {
        let doc = &self.docs[d as usize];
        SavedDoc {
            date: doc.date,
            vector: doc.vector.clone(),
            links: doc.links.iter().copied().filter(|l| l.0 < d).collect(),
        }
    }

    /// Rebuild a clusterer from saved state: the number of documents observed,
    /// every term's document frequency, the number of story numbers given out,
    /// and each added document's story and saved form in the order they were
    /// added. Adding documents to the result continues exactly where the
    /// saved clusterer stopped.
    pub fn restore(
        params: ClusterParams,
        documents: u32,
        df: impl IntoIterator<Item = (u64, u32)>,
        stories: usize,
        docs: impl IntoIterator<Item = (usize, SavedDoc)>,
    ) -> Result<Self, String> {
        let mut c = StoryClusterer::new(params);
        c.n_docs = documents;
        c.df = df.into_iter().collect();
        c.stories = vec![StoryState::default(); stories];
        for (story, saved) in docs {
            let n = c.docs.len() as u32;
            if story >= stories {
                return Err(format!("document {n} is in story {story} of {stories}"));
            }
            if let Some(l) = saved.links.iter().find(|l| l.0 >= n) {
                return Err(format!("document {n} links to a later document {}", l.0));
            }
            let i = c.push_doc(saved, story as u32);
            c.stories[story].members.push(i);
        }
        for s in 0..stories as u32 {
            c.refresh_dates(s);
        }
        Ok(c)
    }

    /// Number of story numbers given out so far (a story regrouped away keeps its number, with no documents).
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// True before any document is added.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }
}

/// Louvain modularity partition of an undirected weighted graph of `n` nodes
/// (edges listed once): each node's part, parts numbered by their first node.
/// Deterministic: nodes are visited in order and ties go to the lower part.
fn louvain(n: usize, edges: &[(u32, u32, f64)], resolution: f64) -> Vec<u32> {
    // The original nodes under each node of the current level.
    let mut part_of: Vec<u32> = (0..n as u32).collect();
    let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for &(a, b, w) in edges {
        if a != b {
            adj[a as usize].push((b, w));
            adj[b as usize].push((a, w));
        }
    }
    let mut self_loops: Vec<f64> = vec![0.0; n];
    loop {
        let m = adj.len();
        let deg: Vec<f64> = (0..m)
            .map(|u| adj[u].iter().map(|x| x.1).sum::<f64>() + 2.0 * self_loops[u])
            .collect();
        let m2: f64 = deg.iter().sum();
        if m2 <= 0.0 {
            break;
        }
        let mut comm: Vec<u32> = (0..m as u32).collect();
        let mut tot: Vec<f64> = deg.clone();
        let mut links: Vec<f64> = vec![0.0; m];
        let mut near: Vec<u32> = Vec::new();
        let mut moved_any = false;
        for _pass in 0..50 {
            let mut moved = false;
            for u in 0..m {
                let cu = comm[u];
                near.clear();
                for &(v, w) in &adj[u] {
                    let c = comm[v as usize];
                    if links[c as usize] == 0.0 {
                        near.push(c);
                    }
                    links[c as usize] += w;
                }
                tot[cu as usize] -= deg[u];
                let gain = |c: u32, l: f64| l - resolution * tot[c as usize] * deg[u] / m2;
                let mut best = cu;
                let mut best_gain = gain(cu, links[cu as usize]);
                near.sort_unstable();
                for &c in &near {
                    let g = gain(c, links[c as usize]);
                    if g > best_gain + 1e-12 {
                        best = c;
                        best_gain = g;
                    }
                }
                for &c in &near {
                    links[c as usize] = 0.0;
                }
                tot[best as usize] += deg[u];
                if best != cu {
                    comm[u] = best;
                    moved = true;
                    moved_any = true;
                }
            }
            if !moved {
                break;
            }
        }
        if !moved_any {
            break;
        }
        // Aggregate each community into one node, numbered by first appearance.
        let mut renumber: Vec<u32> = vec![u32::MAX; m];
        let mut next = 0u32;
        for &c in &comm {
            let c = c as usize;
            if renumber[c] == u32::MAX {
                renumber[c] = next;
                next += 1;
            }
        }
        let k = next as usize;
        let mut new_adj: Vec<FxHashMap<u32, f64>> = vec![FxHashMap::default(); k];
        let mut new_loops: Vec<f64> = vec![0.0; k];
        for u in 0..m {
            let cu = renumber[comm[u] as usize];
            new_loops[cu as usize] += self_loops[u];
            for &(v, w) in &adj[u] {
                let cv = renumber[comm[v as usize] as usize];
                if cu == cv {
                    new_loops[cu as usize] += w / 2.0;
                } else {
                    *new_adj[cu as usize].entry(cv).or_insert(0.0) += w;
                }
            }
        }
        adj = new_adj
            .into_iter()
            .map(|a| {
                let mut v: Vec<(u32, f64)> = a.into_iter().collect();
                v.sort_unstable_by_key(|x| x.0);
                v
            })
            .collect();
        self_loops = new_loops;
        for p in &mut part_of {
            *p = renumber[comm[*p as usize] as usize];
        }
        if k == m {
            break;
        }
    }
    // Parts numbered by their first original node.
    let mut renumber: FxHashMap<u32, u32> = FxHashMap::default();
    part_of
        .iter()
        .map(|p| {
            let next = renumber.len() as u32;
            *renumber.entry(*p).or_insert(next)
        })
        .collect()
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
    let mut added = vec![0u32; docs.len()];
    for (k, &i) in order.iter().enumerate() {
        c.add(&terms[i]);
        // Only the stories at the end count here: drop each change set as it comes.
        c.take_changes();
        added[i] = k as u32;
    }
    // Stories as they stand at the end, renumbered by first appearance in input order.
    let mut remap: FxHashMap<usize, usize> = FxHashMap::default();
    added
        .iter()
        .map(|&k| {
            let s = c.story_of(k);
            let next = remap.len();
            *remap.entry(s).or_insert(next)
        })
        .collect()
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

    /// Two fires at two ports, reported in turns: the same kind of event
    /// (fire, port, crews, blaze) with its own place, ship and people.
    fn two_fires() -> Vec<DocTerms> {
        let shared = [
            "fire",
            "port",
            "crews",
            "blaze",
            "smoke",
            "firefighters",
            "terminal",
            "damage",
        ];
        let a = [
            "kestrova", "grain", "silo", "mayor", "orlov", "harbour", "wheat", "barge",
        ];
        let b = ["varnia", "tanker", "oil", "minister", "dalca", "jetty", "fuel", "coast"];
        let doc = |own: &[&str], k: usize| {
            let mut w: Vec<&str> = shared.iter().copied().skip(k % 3).take(6).collect();
            w.extend(own.iter().copied().cycle().skip(k).take(5));
            terms(&w, 5 + k as u32 % 3)
        };
        let mut docs = Vec::new();
        for k in 0..6 {
            docs.push(doc(&a, k));
            docs.push(doc(&b, k));
        }
        docs
    }

    /// A clusterer that has counted the terms of `docs` (and added none).
    fn observed(docs: &[DocTerms]) -> StoryClusterer {
        let mut c = StoryClusterer::new(ClusterParams::default());
        for d in docs {
            c.observe(d);
        }
        c
    }

    #[test]
    fn two_events_of_one_kind_joined_by_their_first_reports_part_again() {
        let docs = two_fires();
        let mut c = observed(&docs);
        let mut first_second_report = None;
        for (i, d) in docs.iter().enumerate() {
            let s = c.add(d);
            if i == 1 {
                first_second_report = Some(s);
            }
        }
        // The first report of the second fire shares most words with the first fire's
        // only report and joins it...
        assert_eq!(first_second_report, Some(0));
        // ...but once the second fire has reports of its own, it is a story of its own,
        // and the first fire keeps its story number.
        let stories: Vec<usize> = (0..docs.len() as u32).map(|d| c.story_of(d)).collect();
        let (a, b): (Vec<usize>, Vec<usize>) = (
            stories.iter().step_by(2).copied().collect(),
            stories.iter().skip(1).step_by(2).copied().collect(),
        );
        assert!(a.iter().all(|&s| s == 0), "{stories:?}");
        assert!(b.iter().all(|&s| s == b[0] && s != 0), "{stories:?}");
        assert_eq!(c.story_size(0), 6);
    }

    #[test]
    fn changes_name_the_documents_that_moved_and_the_stories_they_left() {
        let docs = two_fires();
        let mut c = observed(&docs);
        let mut moved_from_zero = false;
        for d in &docs {
            c.add(d);
            let ch = c.take_changes();
            let new = c.added() - 1;
            assert!(ch.documents.iter().any(|&(d, s)| d == new && s == c.story_of(new)));
            for &(d, s) in &ch.documents {
                assert_eq!(s, c.story_of(d));
                assert!(ch.stories.contains(&s));
                if d != new && s != 0 && ch.stories.contains(&0) {
                    moved_from_zero = true;
                }
            }
        }
        assert!(moved_from_zero, "the second fire's first report left story 0");
        assert!(c.take_changes() == Changes::default());
    }

    #[test]
    fn a_restored_clusterer_goes_on_as_the_original() {
        let docs = two_fires();
        let mut whole = StoryClusterer::new(ClusterParams::default());
        let mut first = StoryClusterer::new(ClusterParams::default());
        for d in &docs[..5] {
            whole.observe(d);
            first.observe(d);
        }
        for d in &docs[..5] {
            whole.add(d);
            first.add(d);
        }
        // What a store keeps: df, documents observed, story numbers, each document's story and bytes.
        let vocab: Vec<u64> = docs.iter().flat_map(|d| d.counts.iter().map(|x| x.0)).collect();
        let saved: Vec<(usize, SavedDoc)> = (0..first.added())
            .map(|d| {
                (
                    first.story_of(d),
                    SavedDoc::from_bytes(&first.saved(d).to_bytes()).unwrap(),
                )
            })
            .collect();
        let mut resumed = StoryClusterer::restore(
            first.params,
            first.documents(),
            vocab.iter().map(|t| (*t, first.df(*t))).filter(|x| x.1 > 0),
            first.len(),
            saved,
        )
        .unwrap();
        for d in &docs[5..] {
            whole.observe(d);
            resumed.observe(d);
        }
        for d in &docs[5..] {
            assert_eq!(resumed.add(d), whole.add(d));
        }
        for d in 0..whole.added() {
            assert_eq!(resumed.story_of(d), whole.story_of(d));
            assert_eq!(resumed.saved(d), whole.saved(d));
        }
        for s in 0..whole.len() {
            assert_eq!(resumed.story_dates(s), whole.story_dates(s));
            assert_eq!(resumed.story_size(s), whole.story_size(s));
        }
    }

    #[test]
    fn documents_far_apart_in_time_are_never_linked() {
        let mut c = StoryClusterer::new(ClusterParams::default());
        let early = terms(&["fire", "kestrova", "grain", "terminal"], 1);
        let mut late = early.clone();
        late.date = late.date.map(|d| d + chrono::Days::new(60));
        c.observe(&early);
        c.observe(&late);
        assert_eq!(c.add(&early), 0);
        assert_eq!(c.add(&late), 1);
        assert!(c.saved(1).links.is_empty());
    }

    #[test]
    fn a_saved_document_reads_back_and_a_cut_one_is_refused() {
        let s = SavedDoc {
            date: NaiveDate::from_ymd_opt(2025, 3, 6),
            vector: vec![(3, 0.6), (9, 0.8)],
            links: vec![(0, 0.25)],
        };
        let bytes = s.to_bytes();
        assert_eq!(SavedDoc::from_bytes(&bytes).unwrap(), s);
        let undated = SavedDoc {
            date: None,
            ..s.clone()
        };
        assert_eq!(SavedDoc::from_bytes(&undated.to_bytes()).unwrap(), undated);
        assert!(SavedDoc::from_bytes(&bytes[..bytes.len() - 1])
            .unwrap_err()
            .contains("cut short"));
        let mut long = bytes.clone();
        long.push(0);
        assert!(SavedDoc::from_bytes(&long).unwrap_err().contains("stray"));
    }

    #[test]
    fn modularity_parts_two_groups_joined_by_one_weak_link() {
        // Two triangles 0-1-2 and 3-4-5, one weak link 2-3.
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
            (2, 3, 0.1),
        ];
        assert_eq!(louvain(6, &edges, 1.0), vec![0, 0, 0, 1, 1, 1]);
        // A low resolution keeps them together; nodes without links stay alone.
        assert_eq!(louvain(6, &edges, 0.01), vec![0; 6]);
        assert_eq!(louvain(3, &[], 1.0), vec![0, 1, 2]);
    }
}
