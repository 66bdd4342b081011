//! Quote attribution on PolNeAR (brat standoff: Source / Cue / Content spans
//! in character offsets), with the metric of the quotes issue:
//!
//! * gold = attributions whose cue is a verb of saying (said, told,
//!   according to, added, stated, wrote, asked, …) or whose content holds a
//!   quotation mark;
//! * a predicted quote is right when its content overlaps a gold content by
//!   at least half of the shorter span; precision counts a match against any
//!   attribution, recall counts the speech ones;
//! * the speaker is right when it shares a word with the gold source text,
//!   or the gold source is a pronoun and a speaker was given.
//!
//! Every annotation file is scored against its text (texts annotated by
//! several annotators count once per annotation).

use newsfuse_model::Annotated;
use std::path::Path;

const SAYING: &[&str] = &[
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tell",
    "tells",
    "telling",
    "according",
    "added",
    "adds",
    "add",
    "stated",
    "states",
    "state",
    "wrote",
    "writes",
    "write",
    "written",
    "asked",
    "asks",
    "ask",
    "explained",
    "explains",
    "noted",
    "notes",
    "insisted",
    "claimed",
    "claims",
    "argued",
    "argues",
    "announced",
    "declared",
    "remarked",
    "replied",
    "responded",
    "warned",
    "warns",
    "continued",
    "reported",
    "reports",
    "tweeted",
    "posted",
    "suggested",
    "acknowledged",
    "admitted",
    "confirmed",
    "denied",
    "recalled",
    "predicted",
    "stressed",
    "urged",
    "added",
    "quipped",
    "joked",
    "shouted",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "his", "their",
];

/// One gold attribution, in byte offsets of the text.
#[derive(Debug, Clone)]
pub struct GoldAttribution {
    /// Content span.
    pub content: (usize, usize),
    /// Source text (may be empty).
    pub source: String,
    /// True when it counts for recall (speech cue or quotation mark).
    pub speech: bool,
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Character offset → byte offset in `text`.
fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b)
}

/// Parse one brat `.ann` file against its text.
pub fn parse_ann(text: &str, ann: &str) -> Vec<GoldAttribution> {
    use std::collections::HashMap;
    let mut spans: HashMap<&str, (String, (usize, usize), String)> = HashMap::new();
    for line in ann.lines() {
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(meta), Some(surface)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        if !id.starts_with('T') {
            continue;
        }
        let mut parts = meta.splitn(2, ' ');
        let kind = parts.next().unwrap_or("").to_string();
        // Discontinuous spans "a b;c d": from the first start to the last end.
        let nums: Vec<usize> = parts
            .next()
            .unwrap_or("")
            .split([' ', ';'])
            .filter_map(|x| x.parse().ok())
            .collect();
        let (Some(&a), Some(&b)) = (nums.iter().min(), nums.iter().max()) else {
            continue;
        };
        spans.insert(id, (kind, (byte_at(text, a), byte_at(text, b)), surface.to_string()));
    }
    let mut out = Vec::new();
    for line in ann.lines().filter(|l| l.starts_with('E')) {
        let Some(args) = line.split('\t').nth(1) else { continue };
        let mut content = None;
        let mut cue = String::new();
        let mut source = String::new();
        for arg in args.split_whitespace() {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let Some((_, span, surface)) = spans.get(id) else {
                continue;
            };
            match role {
                r if r.starts_with("Content") => content = Some(*span),
                r if r.starts_with("Cue") => cue = surface.clone(),
                r if r.starts_with("Source") => source = surface.clone(),
                _ => {}
            }
        }
        let Some(content) = content else { continue };
        let content_text = text.get(content.0..content.1).unwrap_or("");
        let speech = words(&cue).iter().any(|w| SAYING.contains(&w.as_str()))
            || content_text.contains(['"', '\u{201c}', '\u{201d}']);
        out.push(GoldAttribution {
            content,
            source,
            speech,
        });
    }
    out
}

fn overlap_ok(a: (usize, usize), b: (usize, usize)) -> bool {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let shorter = (a.1 - a.0).min(b.1 - b.0).max(1);
    inter * 2 >= shorter
}

/// Scores over the corpus.
#[derive(Debug, Default, Clone, Copy)]
pub struct QuoteScores {
    /// Predicted quotes.
    pub predicted: usize,
    /// Predicted quotes matching any gold attribution.
    pub predicted_right: usize,
    /// Gold speech attributions.
    pub gold: usize,
    /// Gold speech attributions matched by a prediction.
    pub gold_found: usize,
    /// Matched pairs (prediction, speech gold) scored for the speaker.
    pub speaker_pairs: usize,
    /// …with the right speaker.
    pub speaker_right: usize,
}

impl QuoteScores {
    /// (precision, recall, F1).
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = self.predicted_right as f64 / self.predicted.max(1) as f64;
        let r = self.gold_found as f64 / self.gold.max(1) as f64;
        (p, r, if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) })
    }
    /// Share of matched quotes with the right speaker.
    pub fn speaker_accuracy(&self) -> f64 {
        self.speaker_right as f64 / self.speaker_pairs.max(1) as f64
    }
}

/// A predicted quote: content span (bytes) and the speaker's words.
pub struct PredictedQuote {
    /// Content span.
    pub content: (usize, usize),
    /// Speaker as written and as resolved (either may be empty).
    pub speaker: String,
}

/// Quotes of an analysed document, in the form the metric needs.
pub fn predicted_quotes(a: &Annotated) -> Vec<PredictedQuote> {
    a.quotes
        .iter()
        .map(|q| {
            let mut speaker = q.speaker_text.clone().unwrap_or_default();
            if let Some(e) = q.speaker {
                speaker.push(' ');
                speaker.push_str(&a.entities[e].name);
            }
            PredictedQuote {
                content: (q.span.start, q.span.end),
                speaker,
            }
        })
        .collect()
}

/// Score one document; `wrong_speaker` receives (gold source, predicted speaker, content) of each speaker error.
pub fn score_document(
    gold: &[GoldAttribution],
    predicted: &[PredictedQuote],
    s: &mut QuoteScores,
    mut wrong_speaker: impl FnMut(&str, &str, (usize, usize)),
) {
    s.predicted += predicted.len();
    s.gold += gold.iter().filter(|g| g.speech).count();
    for p in predicted {
        if gold.iter().any(|g| overlap_ok(p.content, g.content)) {
            s.predicted_right += 1;
        }
    }
    for g in gold.iter().filter(|g| g.speech) {
        let Some(p) = predicted.iter().find(|p| overlap_ok(p.content, g.content)) else {
            continue;
        };
        s.gold_found += 1;
        s.speaker_pairs += 1;
        let gw = words(&g.source);
        let pw = words(&p.speaker);
        let pronoun = gw.len() == 1 && PRONOUNS.contains(&gw[0].as_str());
        if (pronoun && !pw.is_empty()) || gw.iter().any(|w| pw.contains(w)) {
            s.speaker_right += 1;
        } else {
            wrong_speaker(&g.source, &p.speaker, g.content);
        }
    }
}

/// (text path, annotation paths) pairs of a PolNeAR compartment directory.
pub fn list(dir: &Path) -> Result<Vec<(std::path::PathBuf, Vec<std::path::PathBuf>)>, String> {
    let texts = dir.join("text");
    let anns = dir.join("attributions");
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&texts)
        .map_err(|e| format!("{}: {e}", texts.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let ann_files: Vec<std::path::PathBuf> = std::fs::read_dir(&anns)
        .map_err(|e| format!("{}: {e}", anns.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    for t in names {
        let stem = t.file_stem().unwrap().to_string_lossy().to_string();
        let mut mine: Vec<_> = ann_files
            .iter()
            .filter(|a| {
                a.file_stem().is_some_and(|s| {
                    s.to_string_lossy()
                        .rsplit_once('_')
                        .is_some_and(|(base, _)| base == stem)
                })
            })
            .cloned()
            .collect();
        mine.sort();
        if !mine.is_empty() {
            out.push((t, mine));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_attributions_and_the_metric() {
        let text = "“We won,” she said. Aides think it rained. Officials told reporters the talks failed.";
        let ann = "T1\tContent 1 7\tWe won\nT2\tCue 14 18\tsaid\nT3\tSource 10 13\tshe\nE1\tAttribution:T9 Content:T1 Cue:T2 Source:T3\n\
                   T4\tContent 32 41\tit rained\nT5\tCue 26 31\tthink\nT6\tSource 20 25\tAides\nE2\tAttribution:T9 Content:T4 Cue:T5 Source:T6\n\
                   T7\tContent 62 79\tthe talks failed\nT8\tCue 52 56\ttold\nT10\tSource 42 51\tOfficials\nE3\tAttribution:T9 Content:T7 Cue:T8 Source:T10";
        let gold = parse_ann(text, ann);
        assert_eq!(gold.len(), 3);
        assert!(gold[0].speech && !gold[1].speech && gold[2].speech, "{gold:?}");
        assert_eq!(&text[gold[0].content.0..gold[0].content.1], "We won");
        let b = |s: &str| text.find(s).unwrap();
        let predicted = vec![
            PredictedQuote {
                content: (b("We won"), b("We won") + 6),
                speaker: "she Marta Ilves".into(),
            },
            PredictedQuote {
                content: (b("it rained"), b("it rained") + 9),
                speaker: "Aides".into(),
            },
            PredictedQuote {
                content: (b("the talks"), b("failed") + 6),
                speaker: "reporters".into(),
            },
        ];
        let mut s = QuoteScores::default();
        score_document(&gold, &predicted, &mut s, |_, _, _| {});
        // All three predictions match an attribution; two speech golds found; speakers: pronoun ok, "reporters" wrong.
        assert_eq!((s.predicted, s.predicted_right, s.gold, s.gold_found), (3, 3, 2, 2));
        assert_eq!((s.speaker_pairs, s.speaker_right), (2, 1));
    }
}
