//! Syndicated copies and revised versions: word 5-gram shingles compared
//! by resemblance and containment (a shortened copy is contained in its
//! original even when the resemblance is low).
//!
//! Candidate pairs come from MinHash signatures banded for locality-
//! sensitive hashing (16 bands of 4 rows), so the work grows with the
//! number of documents, not its square; every candidate is then checked
//! on the exact shingle sets.

use rustc_hash::{FxHashSet, FxHasher};
use std::hash::Hasher;

const SHINGLE: usize = 5;

/// Hashes of the word 5-grams of `text` (lower-cased, letters and digits only).
pub fn shingles(text: &str) -> FxHashSet<u64> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let mut out = FxHashSet::default();
    if words.len() < SHINGLE {
        let mut h = FxHasher::default();
        for w in &words {
            h.write(w.as_bytes());
        }
        if !words.is_empty() {
            out.insert(h.finish());
        }
        return out;
    }
    for win in words.windows(SHINGLE) {
        let mut h = FxHasher::default();
        for w in win {
            h.write(w.as_bytes());
            h.write_u8(0);
        }
        out.insert(h.finish());
    }
    out
}

/// (resemblance, containment of the smaller in the larger).
pub fn overlap(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> (f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    let inter = a.iter().filter(|x| b.contains(x)).count() as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    (inter / union, inter / a.len().min(b.len()) as f64)
}

/// True when two shingle sets are copies of one article.
pub fn is_copy(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> bool {
    let (resemblance, containment) = overlap(a, b);
    resemblance >= 0.5 || containment >= 0.7
}

const BANDS: usize = 16;
const ROWS: usize = 4;

/// A MinHash signature of a shingle set (`BANDS × ROWS` minima of seeded hashes).
pub fn minhash(set: &FxHashSet<u64>) -> [u64; BANDS * ROWS] {
    let mut sig = [u64::MAX; BANDS * ROWS];
    for &x in set {
        for (k, slot) in sig.iter_mut().enumerate() {
            // A cheap seeded mix (splitmix64 of x ^ seed) per row.
            let mut z = x ^ (0x9e37_79b9_7f4a_7c15u64.wrapping_mul(k as u64 + 1));
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            if z < *slot {
                *slot = z;
            }
        }
    }
    sig
}

/// For documents given in publication order, the index of the earlier
/// document each one copies (or `None` for an original).
pub fn find_copies(texts: &[&str]) -> Vec<Option<usize>> {
    let sets: Vec<FxHashSet<u64>> = texts.iter().map(|t| shingles(t)).collect();
    let sigs: Vec<[u64; BANDS * ROWS]> = sets.iter().map(minhash).collect();
    // band key → earlier documents with that band.
    let mut buckets: rustc_hash::FxHashMap<(usize, u64), Vec<usize>> = rustc_hash::FxHashMap::default();
    let mut out: Vec<Option<usize>> = vec![None; texts.len()];
    for i in 0..texts.len() {
        let keys: Vec<(usize, u64)> = (0..BANDS)
            .map(|b| {
                let mut h = FxHasher::default();
                for v in &sigs[i][b * ROWS..(b + 1) * ROWS] {
                    h.write_u64(*v);
                }
                (b, h.finish())
            })
            .collect();
        let mut candidates: Vec<usize> = keys.iter().filter_map(|k| buckets.get(k)).flatten().copied().collect();
        candidates.sort_unstable();
        candidates.dedup();
        // A short copy shares few bands with its long original (low resemblance,
        // high containment); small inputs are cheap enough to compare all.
        if texts.len() <= 64 {
            candidates = (0..i).collect();
        }
        out[i] = candidates
            .into_iter()
            .find(|&j| out[j].is_none() && is_copy(&sets[i], &sets[j]));
        for k in keys {
            buckets.entry(k).or_default().push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minhash_bands_find_copies_among_many_documents() {
        // 200 distinct documents and 3 copies: found through the LSH buckets.
        let mut texts: Vec<String> = (0..200)
            .map(|i| (0..60).map(|w| format!("w{}x{}", i, w)).collect::<Vec<_>>().join(" "))
            .collect();
        texts.push(texts[7].replace("w7x59", "edited"));
        texts.push(texts[42].clone());
        texts.push(texts[199].replacen("w199x0", "new", 1));
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let got = find_copies(&refs);
        assert_eq!(&got[200..], &[Some(7), Some(42), Some(199)]);
        assert!(got[..200].iter().all(Option::is_none));
    }

    #[test]
    fn a_lightly_edited_copy_is_found_and_a_different_story_is_not() {
        let original = "The fire broke out at the grain terminal shortly after midnight and burned for nearly six hours before crews brought it under control, the port authority said on Friday.";
        let copy = "The fire broke out at the grain terminal shortly after midnight and burned for nearly six hours before crews brought it under control, the port authority said.";
        let other = "The central bank raised its main interest rate by half a percentage point on Thursday, its first increase since October.";
        assert_eq!(find_copies(&[original, copy, other]), vec![None, Some(0), None]);
    }
}
