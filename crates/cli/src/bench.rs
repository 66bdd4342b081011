//! `newsfuse bench scale`: the firehose path at growing corpus sizes.
//!
//! N documents are made by recombining base documents: documents of one
//! synthetic event share a base article, every name in it replaced by a
//! name made for that event, its date moved by the event's number of days,
//! and one paragraph dropped per copy so that no two are identical. Each
//! document is analysed, turned into clustering terms and added to the
//! online clusterer, then dropped, as a stream would be. The report gives
//! the time per document of each part and the process's peak memory.

use newsfuse_link::{doc_terms, ClusterParams, StoryClusterer};
use newsfuse_model::{Document, EntityType, MentionKind};
use newsfuse_nlp::Analyzer;
use std::time::{Duration, Instant};

/// Documents per synthetic event.
const PER_EVENT: usize = 5;

/// What one run measured.
pub struct ScaleReport {
    pub docs: usize,
    pub stories: usize,
    pub analysis: Duration,
    pub clustering: Duration,
    pub peak_rss_kb: Option<u64>,
}

/// A name made for event `k` and slot `j`: capitalised syllables that spell the numbers.
fn made_name(k: usize, j: usize, words: usize) -> String {
    const SYL: [&str; 10] = ["ka", "lo", "mi", "ran", "tes", "vo", "dri", "na", "sel", "bor"];
    let word = |mut x: usize| {
        let mut s = String::new();
        loop {
            s.push_str(SYL[x % 10]);
            x /= 10;
            if x == 0 {
                break;
            }
        }
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or(s)
    };
    (0..words.max(1))
        .map(|w| word(k * 31 + j * 7 + w * 3 + 11))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The names of each base document (people, organisations, places), longest first.
fn base_names(analyzer: &Analyzer, base: &[Document]) -> Vec<Vec<String>> {
    base.iter()
        .map(|d| {
            let a = analyzer.analyse(d.clone());
            let mut names: Vec<String> = a
                .mentions
                .iter()
                .filter(|m| {
                    m.kind == MentionKind::Name
                        && matches!(m.etype, EntityType::Person | EntityType::Org | EntityType::Loc)
                })
                .map(|m| a.doc.text[m.span.start..m.span.end].to_string())
                .filter(|n| n.len() > 2)
                .collect();
            names.sort_by(|x, y| y.len().cmp(&x.len()).then_with(|| x.cmp(y)));
            names.dedup();
            names
        })
        .collect()
}

/// Document `i` of the synthetic corpus.
fn synthetic(base: &[Document], names: &[Vec<String>], i: usize) -> Document {
    let event = i / PER_EVENT;
    let b = (event * 7919) % base.len();
    let src = &base[b];
    let mut text = src.text.clone();
    for (j, n) in names[b].iter().enumerate() {
        text = text.replace(n.as_str(), &made_name(event, j, n.split_whitespace().count()));
    }
    // Each copy of an event drops a different paragraph.
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    if paragraphs.len() > 2 {
        let drop = 1 + i % PER_EVENT % (paragraphs.len() - 1);
        text = paragraphs
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != drop)
            .map(|(_, p)| *p)
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    let start = src
        .published
        .as_deref()
        .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
    let date = start + chrono::Duration::days((event % 3650) as i64);
    let mut doc = Document::new(
        &format!("d{}", i + 1),
        &format!("synthetic/{i}"),
        &format!("Outlet {}", i % 40),
        &src.title,
        text,
    );
    doc.published = Some(date.format("%Y-%m-%d").to_string());
    doc
}

/// Write documents `range` of the synthetic corpus as JSONL records
/// (`title`, `text`, `source`, `published`, `url`).
pub fn emit(
    analyzer: &Analyzer,
    base: &[Document],
    range: std::ops::Range<usize>,
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
    let names = base_names(analyzer, base);
    for i in range {
        let d = synthetic(base, &names, i);
        let record = serde_json::json!({
            "title": d.title,
            "text": d.text,
            "source": d.source,
            "published": d.published,
            "url": format!("https://example.org/{}", d.path),
        });
        writeln!(out, "{record}")?;
    }
    out.flush()
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Stream `n` synthetic documents through analysis and online clustering.
pub fn scale(analyzer: &Analyzer, base: &[Document], n: usize, progress: &indicatif::ProgressBar) -> ScaleReport {
    let names = base_names(analyzer, base);
    let mut clusterer = StoryClusterer::new(ClusterParams::default());
    let (mut analysis, mut clustering) = (Duration::ZERO, Duration::ZERO);
    for i in 0..n {
        let doc = synthetic(base, &names, i);
        let t = Instant::now();
        let a = analyzer.analyse(doc);
        analysis += t.elapsed();
        let t = Instant::now();
        let terms = doc_terms(&a);
        clusterer.observe(&terms);
        clusterer.add(&terms);
        // Nothing stores the stories here: drop each change set, as a store's commit takes it.
        clusterer.take_changes();
        clustering += t.elapsed();
        progress.inc(1);
    }
    ScaleReport {
        docs: n,
        stories: clusterer.len(),
        analysis,
        clustering,
        peak_rss_kb: peak_rss_kb(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_names_differ_by_event_and_slot() {
        assert_ne!(made_name(1, 0, 2), made_name(2, 0, 2));
        assert_ne!(made_name(1, 0, 1), made_name(1, 1, 1));
        assert_eq!(made_name(5, 3, 2).split_whitespace().count(), 2);
        assert!(made_name(0, 0, 1).chars().next().unwrap().is_uppercase());
    }
}
