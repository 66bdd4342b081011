//! The trafilatura-eval metric (see `../shared/corpora/trafilatura-eval/SOURCE.md`):
//! whitespace-normalised extraction; per page, "with" segments found are true
//! positives, missing ones false negatives, "without" segments found false
//! positives. Sums over the corpus give precision, recall and F1.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// One evaluation page.
pub struct Page {
    /// The page's file name (without `.gz`).
    pub file: String,
    /// Raw HTML bytes.
    pub html: Vec<u8>,
    /// Segments that must appear.
    pub with: Vec<String>,
    /// Segments that must not appear.
    pub without: Vec<String>,
    /// Language of the gold text (ISO 639-3 code from whatlang), when detectable.
    pub language: Option<String>,
}

/// Load the corpus from its directory (evaldata.json + html/*.gz).
pub fn load(dir: &Path) -> Result<Vec<Page>, String> {
    let meta = std::fs::read_to_string(dir.join("evaldata.json"))
        .map_err(|e| format!("{}: {e}", dir.join("evaldata.json").display()))?;
    let v: serde_json::Value = serde_json::from_str(&meta).map_err(|e| format!("evaldata.json: {e}"))?;
    let obj = v.as_object().ok_or("evaldata.json: not an object")?;
    let mut pages = Vec::with_capacity(obj.len());
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort();
    for k in keys {
        let rec = &obj[k];
        let file = rec["file"].as_str().ok_or("record without file")?.to_string();
        let path = dir.join("html").join(format!("{file}.gz"));
        let gz = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut html)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let list = |key: &str| -> Vec<String> {
            rec[key]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        let with = list("with");
        let language = whatlang::detect(&with.join(" "))
            .filter(|i| i.is_reliable())
            .map(|i| i.lang().code().to_string());
        pages.push(Page {
            file,
            html,
            with,
            without: list("without"),
            language,
        });
    }
    Ok(pages)
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts of the metric.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// "with" segments found.
    pub tp: usize,
    /// "with" segments missing.
    pub fn_: usize,
    /// "without" segments found.
    pub fp: usize,
    /// "without" segments absent.
    pub tn: usize,
}

impl Counts {
    /// Score one page's extraction.
    pub fn page(extracted: &str, page: &Page) -> Counts {
        let text = normalize(extracted);
        let mut c = Counts::default();
        for w in &page.with {
            if text.contains(&normalize(w)) {
                c.tp += 1
            } else {
                c.fn_ += 1
            }
        }
        for w in &page.without {
            if text.contains(&normalize(w)) {
                c.fp += 1
            } else {
                c.tn += 1
            }
        }
        c
    }
    /// Add another page's counts.
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fn_ += o.fn_;
        self.fp += o.fp;
        self.tn += o.tn;
    }
    /// Precision.
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    /// F1 = 2TP / (2TP + FP + FN).
    pub fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }
    /// Accuracy over all segments.
    pub fn accuracy(&self) -> f64 {
        (self.tp + self.tn) as f64 / (self.tp + self.tn + self.fp + self.fn_).max(1) as f64
    }
}

/// The result of running one extractor over the corpus.
pub struct Report {
    /// Extractor name.
    pub name: String,
    /// All pages.
    pub all: Counts,
    /// English pages.
    pub english: Counts,
    /// Number of English pages.
    pub english_pages: usize,
    /// Pages where the extractor failed (counted as empty output).
    pub failures: usize,
    /// Time spent extracting (one core).
    pub elapsed: Duration,
    /// Pages.
    pub pages: usize,
}

impl Report {
    /// One line per subset, for printing.
    pub fn lines(&self) -> String {
        let line = |label: &str, c: &Counts| {
            format!(
                "{:<16} {:<8} P {:.3}  R {:.3}  F1 {:.3}  acc {:.3}",
                self.name,
                label,
                c.precision(),
                c.recall(),
                c.f1(),
                c.accuracy()
            )
        };
        format!(
            "{}\n{}\n{:<16} {:.1} pages/s on one core ({} pages, {} failures, {} English)",
            line("all", &self.all),
            line("english", &self.english),
            self.name,
            self.pages as f64 / self.elapsed.as_secs_f64().max(1e-9),
            self.pages,
            self.failures,
            self.english_pages
        )
    }
}

/// Run `extract` on every page and score it. `None` from the extractor is a failure (empty output).
pub fn evaluate(name: &str, pages: &[Page], mut extract: impl FnMut(&Page) -> Option<String>) -> Report {
    let mut all = Counts::default();
    let mut english = Counts::default();
    let mut english_pages = 0;
    let mut failures = 0;
    let mut elapsed = Duration::ZERO;
    for p in pages {
        let t = Instant::now();
        let out = extract(p);
        elapsed += t.elapsed();
        if out.is_none() {
            failures += 1;
        }
        let c = Counts::page(out.as_deref().unwrap_or(""), p);
        all.add(c);
        if p.language.as_deref() == Some("eng") {
            english.add(c);
            english_pages += 1;
        }
    }
    Report {
        name: name.to_string(),
        all,
        english,
        english_pages,
        failures,
        elapsed,
        pages: pages.len(),
    }
}

/// newsfuse's own extraction of a page: the cleaned document text (title first, as a reader sees it).
pub fn newsfuse_extract(p: &Page) -> Option<String> {
    let (records, _) = newsfuse_ingest::read_bytes(&format!("{}.html", p.file), &p.html);
    let r = records.first()?;
    let doc = newsfuse_ingest::clean_record(r, "d1");
    Some(format!("{}\n{}", doc.title, doc.text))
}

/// Score another tool's output with the same metric: a JSON object mapping
/// a page's file stem (the name up to its first dot, as the peer script
/// writes it) to `{"articleBody": text}`. Pages the output lacks count as empty.
pub fn score_peer(name: &str, pages: &[Page], output: &serde_json::Value) -> Report {
    evaluate(name, pages, |p| {
        let stem = p.file.split('.').next().unwrap_or(&p.file);
        output
            .get(stem)
            .and_then(|v| v["articleBody"].as_str())
            .map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_count_after_whitespace_normalisation() {
        let page = Page {
            file: "p.html".into(),
            html: Vec::new(),
            with: vec!["The fire  broke\nout".into(), "Crews arrived".into()],
            without: vec!["Sign up now".into(), "Share this".into()],
            language: None,
        };
        let c = Counts::page("Title\nThe fire broke out at dawn.\nShare this", &page);
        assert_eq!((c.tp, c.fn_, c.fp, c.tn), (1, 1, 1, 1));
        assert!((c.f1() - 0.5).abs() < 1e-9);
        assert!((c.precision() - 0.5).abs() < 1e-9 && (c.recall() - 0.5).abs() < 1e-9);
    }
}
