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
    assert!(f1 >= 89.5, "NER F1 on eng.testa fell to {f1} (shipped model: 90.3)");
}
