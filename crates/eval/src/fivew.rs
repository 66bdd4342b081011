//! The event frame against the Giveme5W1H gold standard (news-please JSON
//! per article with coder phrases for who, what, when and where).
//!
//! Metric, per W: an answer is right when it shares at least half of the
//! content words of the shorter of itself and some coder phrase (for
//! "when", also when its date is a coder phrase's parsed date). Precision
//! counts the documents answered; recall the documents whose coders gave a
//! phrase. Giveme5W1H reports 0.73 precision over its six Ws (judged by
//! people, not by this automatic match).

use serde_json::Value;
use std::path::Path;

/// The four Ws measured.
pub const WS: [&str; 4] = ["who", "what", "when", "where"];

/// One gold article.
pub struct GoldArticle {
    /// File stem.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Body text.
    pub text: String,
    /// Outlet.
    pub publisher: String,
    /// `YYYY-MM-DD`, when given.
    pub published: Option<String>,
    /// Coder phrases per W (in [`WS`] order).
    pub phrases: [Vec<String>; 4],
    /// Parsed dates of the "when" phrases.
    pub dates: Vec<String>,
}

/// Read every `*.json` article under `dir` (or `dir/data`).
pub fn load(dir: &Path) -> Result<Vec<GoldArticle>, String> {
    let data = if dir.join("data").is_dir() {
        dir.join("data")
    } else {
        dir.to_path_buf()
    };
    let mut paths: Vec<_> = std::fs::read_dir(&data)
        .map_err(|e| format!("{}: {e}", data.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let raw = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let v: Value = serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", p.display()))?;
        let phrases_of = |w: &str| -> Vec<String> {
            v["fiveWoneH"][w]["annotated"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x["text"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let dates = v["fiveWoneH"]["when"]["annotated"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["parsed"].as_str().and_then(|d| d.get(..10)).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        out.push(GoldArticle {
            id: p.file_stem().unwrap_or_default().to_string_lossy().to_string(),
            title: v["title"].as_str().unwrap_or("").to_string(),
            text: v["text"].as_str().unwrap_or("").to_string(),
            publisher: v["publisher"].as_str().unwrap_or("").to_string(),
            published: v["date_publish"].as_str().and_then(|d| d.get(..10)).map(str::to_string),
            phrases: [
                phrases_of("who"),
                phrases_of("what"),
                phrases_of("when"),
                phrases_of("where"),
            ],
            dates,
        });
    }
    crate::cat::found(&data, out, "Giveme5W1H gold articles (*.json)")
}

const STOP: &[&str] = &[
    "the", "a", "an", "of", "in", "on", "at", "to", "and", "or", "by", "for", "with", "from", "is", "was", "were",
    "are", "be", "been", "has", "have", "had", "its", "his", "her", "their", "that", "this", "it", "as",
];

fn content_words(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// True when `answer` shares at least half of the content words of the shorter of it and `gold`.
pub fn phrase_match(answer: &str, gold: &str) -> bool {
    let (a, g) = (content_words(answer), content_words(gold));
    let shorter = a.len().min(g.len());
    if shorter == 0 {
        return false;
    }
    let shared = a.iter().filter(|w| g.contains(w)).count();
    2 * shared >= shorter
}

/// Counts for one W.
#[derive(Default, Clone, Copy)]
pub struct WScore {
    /// Documents answered.
    pub answered: usize,
    /// Documents with a coder phrase.
    pub gold: usize,
    /// Answers that match.
    pub right: usize,
}

impl WScore {
    /// Precision, recall, F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = self.right as f64 / self.answered.max(1) as f64;
        let r = self.right as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f)
    }
}

/// Score one article's answers (in [`WS`] order; `when_date` is the frame's date).
pub fn score(
    g: &GoldArticle,
    answers: &[Option<String>; 4],
    when_date: Option<&str>,
    s: &mut [WScore; 4],
) -> [bool; 4] {
    let mut right = [false; 4];
    for w in 0..4 {
        let has_gold = !g.phrases[w].is_empty();
        if has_gold {
            s[w].gold += 1;
        }
        let Some(ans) = &answers[w] else { continue };
        s[w].answered += 1;
        let by_phrase = g.phrases[w].iter().any(|p| phrase_match(ans, p));
        let by_date = w == 2 && when_date.is_some_and(|d| g.dates.iter().any(|x| x == d));
        if has_gold && (by_phrase || by_date) {
            s[w].right += 1;
            right[w] = true;
        }
    }
    right
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_on_half_the_shorter_content() {
        assert!(phrase_match("Several people", "Several people died"));
        assert!(phrase_match(
            "died and dozens were injured",
            "Several dead and dozens injured"
        ));
        assert!(!phrase_match("Croydon", "in a tunnel near Sandilands"));
        assert!(!phrase_match("the", "the"));
    }
}
