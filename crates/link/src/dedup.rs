//! Syndicated copies and revised versions: word 5-gram shingles compared
//! by resemblance and containment (a shortened copy is contained in its
//! original even when the resemblance is low).

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

/// For documents given in publication order, the index of the earlier
/// document each one copies (or `None` for an original).
pub fn find_copies(texts: &[&str]) -> Vec<Option<usize>> {
    let sets: Vec<FxHashSet<u64>> = texts.iter().map(|t| shingles(t)).collect();
    let mut out: Vec<Option<usize>> = vec![None; texts.len()];
    for i in 0..texts.len() {
        for j in 0..i {
            if out[j].is_none() && is_copy(&sets[i], &sets[j]) {
                out[i] = Some(j);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lightly_edited_copy_is_found_and_a_different_story_is_not() {
        let original = "The fire broke out at the grain terminal shortly after midnight and burned for nearly six hours before crews brought it under control, the port authority said on Friday.";
        let copy = "The fire broke out at the grain terminal shortly after midnight and burned for nearly six hours before crews brought it under control, the port authority said.";
        let other = "The central bank raised its main interest rate by half a percentage point on Thursday, its first increase since October.";
        assert_eq!(find_copies(&[original, copy, other]), vec![None, Some(0), None]);
    }
}
