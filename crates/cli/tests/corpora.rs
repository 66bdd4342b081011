//! Regression floors on the shared corpora. They look for the corpora in
//! `$NEWSFUSE_CORPORA` or `../shared/corpora` and skip, saying so, when
//! neither exists, so a clone elsewhere still passes.

mod common;

use std::path::PathBuf;

fn corpora() -> Option<PathBuf> {
    let p = std::env::var_os("NEWSFUSE_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo_root().join("../shared/corpora"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: corpora not found at {} (set NEWSFUSE_CORPORA)", p.display());
        None
    }
}

#[test]
fn ner_f1_on_conll_dev_stays_above_floor() {
    let Some(root) = corpora() else { return };
    let testa = root.join("conll2003/eng.testa");
    let out = common::run(&["eval", "ner", &testa.display().to_string()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    let overall = text.lines().find(|l| l.starts_with("overall")).expect("overall line");
    let f1: f64 = overall.split_whitespace().nth(3).unwrap().parse().unwrap();
    assert!(f1 >= 90.6, "NER F1 on eng.testa fell to {f1} (shipped model: 91.1)");
}

/// The number after `key` on the first line that starts with `prefix`.
fn metric(text: &str, prefix: &str, key: &str) -> f64 {
    let line = text
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} line"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let i = words
        .iter()
        .position(|w| *w == key)
        .unwrap_or_else(|| panic!("no {key} in {line}"));
    words[i + 1].parse().unwrap()
}

#[test]
fn quote_attribution_on_polnear_dev_stays_above_floor() {
    let Some(root) = corpora() else { return };
    let out = common::run(&["eval", "quotes", &root.join("polnear/dev").display().to_string()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    let f1 = metric(&text, "quotes", "F1");
    let speaker = metric(&text, "speaker", "accuracy");
    assert!(f1 >= 0.85, "quote F1 on PolNeAR dev fell to {f1} (0.869 when written)");
    assert!(
        speaker >= 0.92,
        "speaker accuracy on PolNeAR dev fell to {speaker} (0.936 when written)"
    );
}

#[test]
fn event_frame_on_giveme5w1h_stays_above_floor() {
    let Some(root) = corpora() else { return };
    let out = common::run(&["eval", "fivew", &root.join("giveme5w1h-gold").display().to_string()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    let what = metric(&text, "what", "P");
    let mean = metric(&text, "mean precision", "Ws");
    assert!(what >= 0.53, "'what' precision fell to {what} (0.568 when written)");
    assert!(mean >= 0.56, "mean precision fell to {mean} (0.592 when written)");
}

/// Run `newsfuse eval KIND DIR` on each (dir, floor, value when written) and
/// check the number after `key` on the line starting with `prefix`.
fn floors(kind: &str, prefix: &str, key: &str, what: &str, cases: &[(&str, f64, f64)]) {
    floors_with(&[], kind, prefix, key, what, cases);
}

/// [`floors`], with global options before `eval` (`--extractor trafilatura`).
fn floors_with(options: &[&str], kind: &str, prefix: &str, key: &str, what: &str, cases: &[(&str, f64, f64)]) {
    let Some(root) = corpora() else { return };
    for (dir, floor, when) in cases {
        let path = root.join(dir).display().to_string();
        let args: Vec<&str> = options.iter().copied().chain(["eval", kind, &path]).collect();
        let out = common::run(&args);
        assert!(out.status.success(), "{}", common::stderr(&out));
        let got = metric(&common::stdout(&out), prefix, key);
        assert!(got >= *floor, "{what} on {dir} fell to {got} ({when} when written)");
    }
}

#[test]
fn entity_linking_on_ecbplus_and_meantime_stays_above_floor() {
    floors(
        "entities",
        "B3",
        "F1",
        "entity linking B3 F1",
        &[
            ("ecbplus/ECB+", 0.9, 0.932),
            ("meantime-en/intra_cross-doc_annotation", 0.89, 0.905),
        ],
    );
    // Read as MEANTIME annotates them, a people's adjective is a mention of its place.
    floors(
        "entities",
        "B3 (",
        "F1",
        "entity linking B3 F1 with people's adjectives as their places",
        &[("meantime-en/intra_cross-doc_annotation", 0.90, 0.917)],
    );
}

#[test]
fn time_values_on_tempeval_and_meantime_stay_above_floor() {
    floors(
        "timex",
        "value",
        "F1",
        "TIMEX3 value F1",
        &[
            ("tempeval3/TBAQ-cleaned", 0.795, 0.805),
            ("meantime-en/intra_cross-doc_annotation", 0.79, 0.806),
        ],
    );
}

#[test]
fn story_clustering_on_ecbplus_stays_above_floor() {
    floors(
        "stories",
        "B3",
        "F1",
        "story clustering B3 F1",
        &[("ecbplus/ECB+", 0.94, 0.952)],
    );
}

#[test]
fn main_text_extraction_on_trafilatura_eval_stays_above_floor() {
    // The first "newsfuse" line is the score over all 990 pages.
    floors(
        "extract",
        "newsfuse",
        "F1",
        "main-text extraction F1",
        &[("trafilatura-eval", 0.928, 0.934)],
    );
}

#[test]
fn trafilatura_mode_extraction_on_trafilatura_eval_stays_above_floor() {
    floors_with(
        &["--extractor", "trafilatura"],
        "extract",
        "newsfuse-trafilatura",
        "F1",
        "trafilatura-mode main-text extraction F1",
        &[("trafilatura-eval", 0.925, 0.930)],
    );
}
