//! Story clustering on ECB+ (topics 1–35 in this copy): every document's
//! gold story is its topic × sub-event half (`ecb` or `ecbplus`, two events
//! of the same kind per topic). Scored with B³ and MUC over documents.

use std::path::{Path, PathBuf};

/// One ECB+ document as plain text.
pub struct EcbDoc {
    /// File path.
    pub path: PathBuf,
    /// Gold story key, e.g. `12ecbplus`.
    pub story: String,
    /// Text rebuilt from the tokens (one line per sentence; the URL line of
    /// `ecbplus` documents left out).
    pub text: String,
}

/// Read every `<topic>/<n>ecb(plus).xml` under `dir`, sorted.
pub fn load(dir: &Path) -> Result<Vec<EcbDoc>, String> {
    let mut files = Vec::new();
    for t in std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
    {
        if t.path().is_dir() {
            for f in std::fs::read_dir(t.path())
                .map_err(|e| format!("{}: {e}", t.path().display()))?
                .flatten()
            {
                if f.path().extension().is_some_and(|x| x == "xml") {
                    files.push(f.path());
                }
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for p in files {
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let Some((topic, rest)) = name.split_once('_') else {
            continue;
        };
        let half = if rest.ends_with("ecbplus") { "ecbplus" } else { "ecb" };
        let src = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let mut text = String::new();
        let mut sentence = String::new();
        for tok in src.split("<token ").skip(1) {
            let Some(gt) = tok.find('>') else { continue };
            let head = &tok[..gt];
            let word = tok[gt + 1..]
                .split("</token>")
                .next()
                .unwrap_or("")
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            let s = head
                .split("sentence=\"")
                .nth(1)
                .and_then(|x| x.split('"').next())
                .unwrap_or("")
                .to_string();
            if s != sentence && !text.is_empty() {
                text.push('\n');
            } else if !text.is_empty() {
                text.push(' ');
            }
            sentence = s;
            text.push_str(&word);
        }
        // The URL line that opens ecbplus documents is metadata.
        let text = text
            .lines()
            .filter(|l| !l.starts_with("http"))
            .collect::<Vec<_>>()
            .join("\n");
        out.push(EcbDoc {
            path: p,
            story: format!("{topic}{half}"),
            text,
        });
    }
    crate::cat::found(dir, out, "ECB+ documents (<topic>/<topic>_<n>ecb.xml or …ecbplus.xml)")
}

/// B³ (precision, recall, F1) of a predicted clustering against gold labels.
pub fn b_cubed(pred: &[usize], gold: &[usize]) -> (f64, f64, f64) {
    let n = pred.len().max(1) as f64;
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..pred.len() {
        let same_pred: Vec<usize> = (0..pred.len()).filter(|&j| pred[j] == pred[i]).collect();
        let same_gold: Vec<usize> = (0..gold.len()).filter(|&j| gold[j] == gold[i]).collect();
        let both = same_pred.iter().filter(|j| gold[**j] == gold[i]).count() as f64;
        p += both / same_pred.len() as f64;
        r += both / same_gold.len() as f64;
    }
    let (p, r) = (p / n, r / n);
    (p, r, if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) })
}

/// MUC (precision, recall, F1): links kept and missed between clusterings.
pub fn muc(pred: &[usize], gold: &[usize]) -> (f64, f64, f64) {
    fn side(key: &[usize], response: &[usize]) -> f64 {
        use std::collections::{HashMap, HashSet};
        let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, k) in key.iter().enumerate() {
            clusters.entry(*k).or_default().push(i);
        }
        let (mut num, mut den) = (0.0, 0.0);
        for members in clusters.values() {
            let parts: HashSet<usize> = members.iter().map(|&i| response[i]).collect();
            num += (members.len() - parts.len()) as f64;
            den += (members.len() - 1) as f64;
        }
        if den == 0.0 {
            1.0
        } else {
            num / den
        }
    }
    let r = side(gold, pred);
    let p = side(pred, gold);
    (p, r, if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clustering_scores() {
        let gold = [0, 0, 0, 1, 1];
        assert_eq!(b_cubed(&[5, 5, 5, 7, 7], &gold).2, 1.0);
        let (p, r, _) = b_cubed(&[0, 0, 0, 0, 0], &gold);
        assert!((r - 1.0).abs() < 1e-9 && p < 0.6);
        let (p, r, _) = muc(&[0, 0, 1, 2, 2], &gold);
        assert!((p - 1.0).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9);
    }
}
