//! Named-entity recognition: an averaged perceptron over hashed features,
//! decoded greedily left to right with the two previous tags as context
//! and IOB2 transition constraints.
//!
//! Features are computed without allocation: each is a 64-bit hash of a
//! template id and its parts, looked up in a table of weight rows. Training
//! is deterministic (fixed shuffling seed), so the same command and data
//! give the same model bytes.

use newsfuse_model::EntityType;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// The labels, IOB2: `O`, then `B-`/`I-` for PER, ORG, LOC, MISC.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
const L: usize = LABELS.len();
const MAGIC: &[u8; 8] = b"NFNER01\n";

/// The entity type of a label index (`None` for `O`).
pub fn label_type(label: usize) -> Option<EntityType> {
    match label {
        1 | 2 => Some(EntityType::Person),
        3 | 4 => Some(EntityType::Org),
        5 | 6 => Some(EntityType::Loc),
        7 | 8 => Some(EntityType::Misc),
        _ => None,
    }
}

/// True for a `B-` label.
pub fn is_begin(label: usize) -> bool {
    label % 2 == 1
}

/// The label index of a tag string (IOB1 or IOB2 form); `O` when unknown.
pub fn label_index(tag: &str) -> usize {
    LABELS.iter().position(|l| *l == tag).unwrap_or(0)
}

/// A trained model.
#[derive(Clone, Default)]
pub struct NerModel {
    index: FxHashMap<u64, u32>,
    weights: Vec<[f32; L]>,
}

impl std::fmt::Debug for NerModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NerModel({} features)", self.index.len())
    }
}

fn shape(word: &str, collapse: bool) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
            if (collapse && run >= 1) || run >= 4 {
                continue;
            }
        } else {
            run = 0;
        }
        last = s;
        out.push(s);
    }
    out
}

fn lower_norm(word: &str) -> String {
    word.chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

#[inline]
fn h(template: u8, parts: &[&str]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write_u8(template);
    for p in parts {
        hasher.write(p.as_bytes());
        hasher.write_u8(0xff);
    }
    hasher.finish()
}

#[inline]
fn hu(template: u8, a: u64, b: u64) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write_u8(template);
    hasher.write_u64(a);
    hasher.write_u64(b);
    hasher.finish()
}

/// Per-token information used by the features.
struct TokenView {
    lower: String,
    shape: String,
    short: String,
}

/// Static (tag-independent) feature hashes of every token of a sentence.
fn static_features(words: &[&str]) -> (Vec<Vec<u64>>, Vec<TokenView>) {
    let views: Vec<TokenView> = words
        .iter()
        .map(|w| TokenView {
            lower: lower_norm(w),
            shape: shape(w, false),
            short: shape(w, true),
        })
        .collect();
    let letters: usize = words
        .iter()
        .map(|w| w.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    let upper: usize = words
        .iter()
        .map(|w| w.chars().filter(|c| c.is_uppercase()).count())
        .sum();
    let all_caps = letters > 3 && upper * 10 >= letters * 9;
    let caps_flag = if all_caps { "C" } else { "c" };
    const BOS: &str = "<s>";
    const EOS: &str = "</s>";
    let n = words.len();
    let at = |i: isize| -> Option<&TokenView> { (i >= 0 && (i as usize) < n).then(|| &views[i as usize]) };
    let mut feats = Vec::with_capacity(n);
    for i in 0..n {
        let v = &views[i];
        let w = words[i];
        let ii = i as isize;
        let p1 = at(ii - 1).map_or(BOS, |x| x.lower.as_str());
        let p2 = at(ii - 2).map_or(BOS, |x| x.lower.as_str());
        let n1 = at(ii + 1).map_or(EOS, |x| x.lower.as_str());
        let n2 = at(ii + 2).map_or(EOS, |x| x.lower.as_str());
        let ps = at(ii - 1).map_or(BOS, |x| x.short.as_str());
        let ns = at(ii + 1).map_or(EOS, |x| x.short.as_str());
        let mut f = Vec::with_capacity(32);
        f.push(h(0, &[]));
        f.push(h(1, &[w]));
        f.push(h(2, &[&v.lower]));
        f.push(h(3, &[&v.shape]));
        f.push(h(4, &[&v.short]));
        let chars: Vec<(usize, char)> = v.lower.char_indices().collect();
        for k in 1..=4usize {
            if chars.len() > k {
                let cut = chars[k].0;
                f.push(h(4 + k as u8, &[&v.lower[..cut]]));
                let cut_s = chars[chars.len() - k].0;
                f.push(h(8 + k as u8, &[&v.lower[cut_s..]]));
            }
        }
        f.push(h(13, &[p1]));
        f.push(h(14, &[n1]));
        f.push(h(15, &[p2]));
        f.push(h(16, &[n2]));
        f.push(h(17, &[ps]));
        f.push(h(18, &[ns]));
        f.push(h(19, &[p1, &v.lower]));
        f.push(h(20, &[&v.lower, n1]));
        f.push(h(21, &[if i == 0 { "F" } else { "f" }, &v.short]));
        f.push(h(22, &[caps_flag, &v.short]));
        f.push(h(23, &[caps_flag, &v.lower]));
        f.push(h(24, &[p1, &v.short]));
        f.push(h(25, &[&v.short, ns]));
        f.push(h(26, &[ps, &v.short, ns]));
        f.push(h(27, &[&v.short, n1]));
        if w.contains('-') {
            for part in v.lower.split('-').filter(|p| !p.is_empty()) {
                f.push(h(28, &[part]));
            }
        }
        feats.push(f);
    }
    (feats, views)
}

/// The dynamic features of position `i` given the previous two labels.
#[inline]
fn dynamic_features(i: usize, views: &[TokenView], prev: usize, prev2: usize, out: &mut [u64; 4]) {
    let lw = h(2, &[&views[i].lower]);
    let sh = h(4, &[&views[i].short]);
    out[0] = hu(40, prev as u64, 0);
    out[1] = hu(41, prev as u64, prev2 as u64);
    out[2] = hu(42, prev as u64, lw);
    out[3] = hu(43, prev as u64, sh);
}

/// IOB2 constraint: `I-X` only after `B-X` or `I-X`.
#[inline]
fn allowed(prev: usize, label: usize) -> bool {
    label == 0 || is_begin(label) || (prev != 0 && label_type(prev) == label_type(label))
}

impl NerModel {
    fn score(&self, feats: &[u64], dynamic: &[u64; 4], scores: &mut [f32; L]) {
        *scores = [0.0; L];
        for f in feats.iter().chain(dynamic.iter()) {
            if let Some(&row) = self.index.get(f) {
                let w = &self.weights[row as usize];
                for k in 0..L {
                    scores[k] += w[k];
                }
            }
        }
    }

    /// Tag the tokens of one sentence; returns IOB2 label indices.
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        let (feats, views) = static_features(words);
        let mut labels = Vec::with_capacity(words.len());
        let mut dynamic = [0u64; 4];
        let mut scores = [0f32; L];
        for i in 0..words.len() {
            let prev = if i > 0 { labels[i - 1] } else { 0 };
            let prev2 = if i > 1 { labels[i - 2] } else { 0 };
            dynamic_features(i, &views, prev, prev2, &mut dynamic);
            self.score(&feats[i], &dynamic, &mut scores);
            let best = (0..L)
                .filter(|&k| allowed(prev, k))
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            labels.push(best);
        }
        labels
    }

    /// Number of weight rows.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True for an untrained model.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Serialise: magic, label count, row count, then (hash, weights) rows
    /// sorted by hash, little-endian. Weights are stored as f32.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        rows.sort_unstable();
        let mut out = Vec::with_capacity(16 + rows.len() * (8 + 4 * L));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(L as u32).to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, row) in rows {
            out.extend_from_slice(&k.to_le_bytes());
            for w in self.weights[row as usize] {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Load what [`NerModel::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err("not a newsfuse NER model (bad header)".into());
        }
        let labels = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
        if labels != L {
            return Err(format!("model has {labels} labels, expected {L}"));
        }
        let n = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
        let row_len = 8 + 4 * L;
        if bytes.len() != 16 + n * row_len {
            return Err("model file is truncated".into());
        }
        let mut index = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut weights = Vec::with_capacity(n);
        for (r, chunk) in bytes[16..].chunks_exact(row_len).enumerate() {
            let key = u64::from_le_bytes(chunk[..8].try_into().unwrap());
            let mut w = [0f32; L];
            for (k, wk) in w.iter_mut().enumerate() {
                *wk = f32::from_le_bytes(chunk[8 + 4 * k..12 + 4 * k].try_into().unwrap());
            }
            index.insert(key, r as u32);
            weights.push(w);
        }
        Ok(NerModel { index, weights })
    }
}

/// One training sentence: words and their IOB2 label indices.
pub struct TrainSentence {
    /// Tokens.
    pub words: Vec<String>,
    /// Gold labels (IOB2 indices).
    pub labels: Vec<usize>,
}

/// Convert a sentence's IOB1 tags (CoNLL-2003) to IOB2 label indices.
pub fn iob1_to_iob2(tags: &[&str]) -> Vec<usize> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev_type = "";
    for t in tags {
        let (prefix, ty) = t.split_once('-').unwrap_or(("O", ""));
        let label = if prefix == "O" || ty.is_empty() {
            0
        } else if prefix == "B" || ty != prev_type {
            label_index(&format!("B-{ty}"))
        } else {
            label_index(&format!("I-{ty}"))
        };
        prev_type = if label == 0 { "" } else { ty };
        out.push(label);
    }
    out
}

/// IOB2 label indices to IOB1 tag strings (CoNLL-2003 output form).
pub fn iob2_to_iob1(labels: &[usize]) -> Vec<String> {
    let mut out = Vec::with_capacity(labels.len());
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            out.push("O".to_string());
            continue;
        }
        let ty = &LABELS[l][2..];
        let prev_same = i > 0 && labels[i - 1] != 0 && LABELS[labels[i - 1]][2..] == *ty;
        out.push(if is_begin(l) && prev_same {
            format!("B-{ty}")
        } else {
            format!("I-{ty}")
        });
    }
    out
}

/// Training progress reported after each epoch: (epoch, training accuracy).
pub type EpochReport<'a> = &'a mut dyn FnMut(usize, f64);

/// Train an averaged perceptron. Deterministic for the same input.
pub fn train(sentences: &[TrainSentence], epochs: usize, report: EpochReport) -> NerModel {
    let mut index: FxHashMap<u64, u32> = FxHashMap::default();
    let mut weights: Vec<[f32; L]> = Vec::new();
    let mut totals: Vec<[f64; L]> = Vec::new();
    let mut stamps: Vec<[u64; L]> = Vec::new();
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let prepared: Vec<(Vec<Vec<u64>>, Vec<TokenView>)> = sentences
        .iter()
        .map(|s| static_features(&s.words.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();

    let update = |index: &mut FxHashMap<u64, u32>,
                  weights: &mut Vec<[f32; L]>,
                  totals: &mut Vec<[f64; L]>,
                  stamps: &mut Vec<[u64; L]>,
                  f: u64,
                  label: usize,
                  delta: f32,
                  step: u64| {
        let row = *index.entry(f).or_insert_with(|| {
            weights.push([0.0; L]);
            totals.push([0.0; L]);
            stamps.push([0; L]);
            (weights.len() - 1) as u32
        }) as usize;
        totals[row][label] += (step - stamps[row][label]) as f64 * weights[row][label] as f64;
        stamps[row][label] = step;
        weights[row][label] += delta;
    };

    for epoch in 0..epochs {
        // Fisher–Yates with a fixed xorshift sequence.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let (feats, views) = &prepared[si];
            let gold = &sentences[si].labels;
            let mut predicted: Vec<usize> = Vec::with_capacity(gold.len());
            let mut dynamic = [0u64; 4];
            for i in 0..gold.len() {
                step += 1;
                // Condition on the model's own previous guesses, as at tagging time.
                let prev = if i > 0 { predicted[i - 1] } else { 0 };
                let prev2 = if i > 1 { predicted[i - 2] } else { 0 };
                dynamic_features(i, views, prev, prev2, &mut dynamic);
                let mut scores = [0f32; L];
                for f in feats[i].iter().chain(dynamic.iter()) {
                    if let Some(&row) = index.get(f) {
                        for k in 0..L {
                            scores[k] += weights[row as usize][k];
                        }
                    }
                }
                let guess = (0..L)
                    .filter(|&k| allowed(prev, k))
                    .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
                    .unwrap_or(0);
                let truth = gold[i];
                if guess != truth {
                    for &f in feats[i].iter().chain(dynamic.iter()) {
                        update(&mut index, &mut weights, &mut totals, &mut stamps, f, truth, 1.0, step);
                        update(&mut index, &mut weights, &mut totals, &mut stamps, f, guess, -1.0, step);
                    }
                } else {
                    correct += 1;
                }
                total += 1;
                predicted.push(guess);
            }
        }
        report(epoch + 1, correct as f64 / total.max(1) as f64);
    }
    // Average, and drop rows that average to (almost) nothing.
    let mut final_index = FxHashMap::default();
    let mut final_weights = Vec::new();
    for (&key, &row) in &index {
        let row = row as usize;
        let mut avg = [0f32; L];
        for k in 0..L {
            let total = totals[row][k] + (step - stamps[row][k]) as f64 * weights[row][k] as f64;
            avg[k] = (total / step as f64) as f32;
        }
        if avg.iter().any(|w| w.abs() > 1e-3) {
            final_index.insert(key, final_weights.len() as u32);
            final_weights.push(avg);
        }
    }
    NerModel {
        index: final_index,
        weights: final_weights,
    }
}

/// Entity-level scores (exact span and type match, as conlleval).
#[derive(Debug, Default, Clone)]
pub struct NerScores {
    /// Per type (PER, ORG, LOC, MISC): (true positives, predicted, gold).
    pub per_type: [(usize, usize, usize); 4],
}

fn spans(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = labels[i];
        if l == 0 {
            i += 1;
            continue;
        }
        let ty = (l - 1) / 2;
        let mut j = i + 1;
        while j < labels.len() && labels[j] != 0 && !is_begin(labels[j]) && (labels[j] - 1) / 2 == ty {
            j += 1;
        }
        out.push((i, j, ty));
        i = j;
    }
    out
}

impl NerScores {
    /// Add one sentence's gold and predicted labels (IOB2 indices).
    pub fn add(&mut self, gold: &[usize], predicted: &[usize]) {
        let g = spans(gold);
        let p = spans(predicted);
        for s in &g {
            self.per_type[s.2].2 += 1;
        }
        for s in &p {
            self.per_type[s.2].1 += 1;
            if g.contains(s) {
                self.per_type[s.2].0 += 1;
            }
        }
    }
    /// (precision, recall, F1) in percent for one type, or overall with `None`.
    pub fn prf(&self, ty: Option<usize>) -> (f64, f64, f64) {
        let (tp, pred, gold) = match ty {
            Some(t) => self.per_type[t],
            None => self
                .per_type
                .iter()
                .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2)),
        };
        let p = if pred == 0 {
            0.0
        } else {
            100.0 * tp as f64 / pred as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            100.0 * tp as f64 / gold as f64
        };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        (p, r, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob_conversions_round_trip() {
        let tags = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"];
        let labels = iob1_to_iob2(&tags);
        assert_eq!(labels, vec![1, 2, 0, 5, 5, 3]);
        assert_eq!(iob2_to_iob1(&labels), tags);
    }

    #[test]
    fn a_tiny_model_learns_and_survives_serialisation() {
        let data: Vec<TrainSentence> = (0..30)
            .map(|i| {
                let name = ["Smith", "Jones", "Brown"][i % 3];
                TrainSentence {
                    words: vec!["Mr".into(), name.into(), "visited".into(), "Paris".into(), ".".into()],
                    labels: vec![0, 1, 0, 5, 0],
                }
            })
            .collect();
        let model = train(&data, 5, &mut |_, _| {});
        let got = model.tag(&["Mr", "Jones", "visited", "Paris", "."]);
        assert_eq!(got, vec![0, 1, 0, 5, 0]);
        let again = NerModel::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(again.tag(&["Mr", "Jones", "visited", "Paris", "."]), got);
        assert!(NerModel::from_bytes(b"garbage").is_err());
    }
}
