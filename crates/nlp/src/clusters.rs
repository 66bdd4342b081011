//! Word clusters learnt from unlabeled text, as NER features.
//!
//! A name the labeled data never showed ("Gazprom", "Kinshasa") still
//! keeps company in raw text: the words before it are the words that come
//! before other companies or cities. Grouping words by what precedes them
//! carries that evidence to the tagger.
//!
//! The clustering is the predictive exchange algorithm: a class-based
//! bigram model `P(w | v) = P(class(w) | v) · P(w | class(w))` over the
//! previous word `v`, fitted by moving one word at a time to the class that
//! most raises the training likelihood. Because the history is a word and
//! not a class, moving a word changes only the counts of its own class
//! column, so each move costs (distinct predecessors × classes). Several
//! granularities (for example 64, 256 and 1024 classes) are learnt
//! separately; coarse ones generalise, fine ones discriminate. Each is
//! learnt twice, once from the word before and once from the word after
//! (the text read backwards): "shares of X" and "X said" are different
//! evidence.
//!
//! Deterministic: the same sentences give the same clusters.

use rustc_hash::FxHashMap;

/// The form a word is clustered and looked up under: digits folded to `0`
/// ("1996" and "2008" share their contexts).
pub fn cluster_key(word: &str) -> String {
    word.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
}

/// Clusters of words at one or more granularities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordClusters {
    /// Class counts, one per clustering (each granularity from the left
    /// context, then each from the right).
    pub levels: Vec<u16>,
    /// Word (see [`cluster_key`]) to its class at each granularity.
    pub classes: FxHashMap<String, Vec<u16>>,
}

/// Settings of [`train`].
#[derive(Debug, Clone)]
pub struct ClusterParams {
    /// Classes at each granularity (each learnt from both sides).
    pub levels: Vec<u16>,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// Passes of the exchange algorithm per granularity.
    pub iterations: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            levels: vec![64, 256, 1024],
            min_count: 3,
            iterations: 12,
        }
    }
}

/// `x ln x`, tabulated for small counts.
struct XLogX {
    table: Vec<f64>,
}

impl XLogX {
    fn new(size: usize) -> Self {
        XLogX {
            table: (0..size)
                .map(|x| if x == 0 { 0.0 } else { x as f64 * (x as f64).ln() })
                .collect(),
        }
    }

    #[inline]
    fn f(&self, x: u32) -> f64 {
        match self.table.get(x as usize) {
            Some(v) => *v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// The corpus as word ids with bigram statistics.
struct Corpus {
    /// Vocabulary words by id, most frequent first; ids ≥ `words.len()` are
    /// the sentence edge and the out-of-vocabulary word (histories only).
    words: Vec<String>,
    counts: Vec<u32>,
    /// For each vocabulary word: (previous word id, count).
    preds: Vec<Vec<(u32, u32)>>,
    /// For each vocabulary word: (next word id, count) — the text read backwards.
    succs: Vec<Vec<(u32, u32)>>,
    histories: usize,
}

fn build_corpus<'a>(sentences: impl Iterator<Item = &'a [String]> + Clone, min_count: u32) -> Corpus {
    let mut freq: FxHashMap<String, u32> = FxHashMap::default();
    for s in sentences.clone() {
        for w in s {
            *freq.entry(cluster_key(w)).or_insert(0) += 1;
        }
    }
    let mut words: Vec<(String, u32)> = freq.into_iter().filter(|(_, c)| *c >= min_count).collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let id: FxHashMap<&str, u32> = words
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i as u32))
        .collect();
    let v = words.len() as u32;
    let (edge, unknown) = (v, v + 1);
    let mut before: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut after: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut ids = Vec::new();
    for s in sentences {
        ids.clear();
        ids.extend(
            s.iter()
                .map(|w| id.get(cluster_key(w).as_str()).copied().unwrap_or(unknown)),
        );
        for (i, &cur) in ids.iter().enumerate() {
            if cur < v {
                let prev = if i == 0 { edge } else { ids[i - 1] };
                let next = ids.get(i + 1).copied().unwrap_or(edge);
                *before.entry((cur, prev)).or_insert(0) += 1;
                *after.entry((cur, next)).or_insert(0) += 1;
            }
        }
    }
    let lists = |bigrams: FxHashMap<(u32, u32), u32>| {
        let mut out: Vec<Vec<(u32, u32)>> = vec![Vec::new(); words.len()];
        for ((w, p), c) in bigrams {
            out[w as usize].push((p, c));
        }
        for p in &mut out {
            p.sort_unstable();
        }
        out
    };
    let (preds, succs) = (lists(before), lists(after));
    Corpus {
        counts: words.iter().map(|x| x.1).collect(),
        words: words.into_iter().map(|x| x.0).collect(),
        preds,
        succs,
        histories: v as usize + 2,
    }
}

/// Exchange clustering of the corpus vocabulary into `k` classes, by the
/// words on one side (`context`: the corpus's `preds` or `succs`).
fn exchange(
    corpus: &Corpus,
    context: &[Vec<(u32, u32)>],
    k: usize,
    iterations: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<u16> {
    let n = corpus.words.len();
    // Frequent words start spread over the classes.
    let mut class: Vec<u16> = (0..n).map(|i| (i % k) as u16).collect();
    // history × class counts, and class totals.
    let mut hc = vec![0u32; corpus.histories * k];
    let mut total = vec![0u32; k];
    for (w, &c) in class.iter().enumerate() {
        let c = c as usize;
        total[c] += corpus.counts[w];
        for &(v, cnt) in &context[w] {
            hc[v as usize * k + c] += cnt;
        }
    }
    let xlx = XLogX::new(1 << 20);
    let mut delta = vec![0f64; k];
    for it in 0..iterations {
        let mut moved = 0;
        #[allow(clippy::needless_range_loop)] // `class` changes inside the loop
        for w in 0..n {
            let from = class[w] as usize;
            let nw = corpus.counts[w];
            total[from] -= nw;
            for &(v, cnt) in &context[w] {
                hc[v as usize * k + from] -= cnt;
            }
            for (c, d) in delta.iter_mut().enumerate() {
                *d = xlx.f(total[c]) - xlx.f(total[c] + nw);
            }
            for &(v, cnt) in &context[w] {
                let row = &hc[v as usize * k..(v as usize + 1) * k];
                for (d, &x) in delta.iter_mut().zip(row) {
                    *d += xlx.f(x + cnt) - xlx.f(x);
                }
            }
            // Best class; staying put wins ties, then the lowest index.
            let mut best = from;
            for c in 0..k {
                if delta[c] > delta[best] + 1e-9 {
                    best = c;
                }
            }
            if best != from {
                moved += 1;
            }
            class[w] = best as u16;
            total[best] += nw;
            for &(v, cnt) in &context[w] {
                hc[v as usize * k + best] += cnt;
            }
        }
        progress(it + 1, moved);
        if moved == 0 {
            break;
        }
    }
    class
}

/// Learn word clusters from tokenised sentences. `progress` hears
/// (granularity, iteration, words moved) after each pass.
pub fn train(
    sentences: &[Vec<String>],
    params: &ClusterParams,
    progress: &mut dyn FnMut(u16, usize, usize),
) -> WordClusters {
    let corpus = build_corpus(sentences.iter().map(Vec::as_slice), params.min_count);
    let mut out = WordClusters {
        levels: params.levels.iter().chain(&params.levels).copied().collect(),
        classes: corpus.words.iter().map(|w| (w.clone(), Vec::new())).collect(),
    };
    for context in [&corpus.preds, &corpus.succs] {
        for &k in &params.levels {
            let classes = exchange(
                &corpus,
                context,
                k.max(1) as usize,
                params.iterations,
                &mut |it, moved| progress(k, it, moved),
            );
            for (w, c) in corpus.words.iter().zip(classes) {
                out.classes
                    .get_mut(w)
                    .expect("every vocabulary word has an entry")
                    .push(c);
            }
        }
    }
    out
}

impl WordClusters {
    /// True when no word has a class.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The classes of a word at each granularity, if it was clustered.
    pub fn get(&self, word: &str) -> Option<&[u16]> {
        let found = if word.bytes().any(|b| b.is_ascii_digit()) {
            self.classes.get(&cluster_key(word))
        } else {
            self.classes.get(word)
        };
        found.map(Vec::as_slice)
    }

    /// Serialise (little-endian): level count, levels, word count, then per
    /// word its length, bytes and classes. Words are sorted, so equal
    /// clusters give equal bytes.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.levels.len() as u16).to_le_bytes());
        for l in &self.levels {
            out.extend_from_slice(&l.to_le_bytes());
        }
        let mut words: Vec<(&String, &Vec<u16>)> = self.classes.iter().collect();
        words.sort();
        out.extend_from_slice(&(words.len() as u32).to_le_bytes());
        for (w, cs) in words {
            out.extend_from_slice(&(w.len() as u16).to_le_bytes());
            out.extend_from_slice(w.as_bytes());
            for c in cs {
                out.extend_from_slice(&c.to_le_bytes());
            }
        }
    }

    /// Read what [`WordClusters::write`] wrote; returns the bytes after it.
    pub fn read(bytes: &[u8]) -> Result<(Self, &[u8]), String> {
        let short = || "word clusters are truncated".to_string();
        let u16_at = |b: &[u8], i: usize| -> Result<u16, String> {
            Ok(u16::from_le_bytes(
                b.get(i..i + 2).ok_or_else(short)?.try_into().unwrap(),
            ))
        };
        let nl = u16_at(bytes, 0)? as usize;
        let levels: Vec<u16> = (0..nl).map(|i| u16_at(bytes, 2 + 2 * i)).collect::<Result<_, _>>()?;
        let mut at = 2 + 2 * nl;
        let n = u32::from_le_bytes(bytes.get(at..at + 4).ok_or_else(short)?.try_into().unwrap()) as usize;
        at += 4;
        let mut classes = FxHashMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let len = u16_at(bytes, at)? as usize;
            let w = std::str::from_utf8(bytes.get(at + 2..at + 2 + len).ok_or_else(short)?)
                .map_err(|_| "a clustered word is not UTF-8".to_string())?;
            at += 2 + len;
            let cs: Vec<u16> = (0..nl).map(|i| u16_at(bytes, at + 2 * i)).collect::<Result<_, _>>()?;
            at += 2 * nl;
            classes.insert(w.to_string(), cs);
        }
        Ok((WordClusters { levels, classes }, &bytes[at..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(lines: &[&str]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn words_with_the_same_predecessors_share_a_class() {
        // Cities follow "in", companies follow "shares of"; each alternates.
        let mut lines = Vec::new();
        for (city, firm) in [("Paris", "Acme"), ("Lagos", "Globex"), ("Lima", "Initech")] {
            for _ in 0..6 {
                lines.push(format!("he lived in {city} ."));
                lines.push(format!("she sold shares of {firm} ."));
            }
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let params = ClusterParams {
            levels: vec![4],
            min_count: 2,
            iterations: 20,
        };
        let c = train(&sentences(&refs), &params, &mut |_, _, _| {});
        assert_eq!(c.levels, vec![4, 4]);
        let class = |w: &str| c.get(w).unwrap()[0];
        assert_eq!(class("Paris"), class("Lagos"));
        assert_eq!(class("Lima"), class("Paris"));
        assert_eq!(class("Acme"), class("Globex"));
        assert_ne!(class("Paris"), class("Acme"));
        // Digits fold: an unseen year looks like a seen one.
        assert_eq!(cluster_key("1996"), cluster_key("2008"));
    }

    #[test]
    fn clusters_round_trip_and_are_deterministic() {
        let s = sentences(&["a b c a b c d", "b c d a", "a b a b c c d d"]);
        let params = ClusterParams {
            levels: vec![2, 3],
            min_count: 1,
            iterations: 5,
        };
        let one = train(&s, &params, &mut |_, _, _| {});
        let two = train(&s, &params, &mut |_, _, _| {});
        assert_eq!(one, two);
        let mut bytes = Vec::new();
        one.write(&mut bytes);
        bytes.extend_from_slice(b"rest");
        let (back, rest) = WordClusters::read(&bytes).unwrap();
        assert_eq!(back, one);
        assert_eq!(rest, b"rest");
        assert!(WordClusters::read(&bytes[..bytes.len() - 6]).is_err());
    }
}
