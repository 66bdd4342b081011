//! Finding, loading, training and evaluating the shipped models.

use anyhow::{bail, Context, Result};
use newsfuse_nlp::clusters::{self, ClusterParams, WordClusters};
use newsfuse_nlp::conll::{documents, parse_lines};
use newsfuse_nlp::ner::{self, NerModel, NerScores};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The file name of the shipped NER model under `models/`.
pub const NER_MODEL_FILE: &str = "ner-conll2003.bin";

/// Where to look for `models/`: `$NEWSFUSE_MODELS`, next to the executable
/// (and two levels up, for `target/release`), then the source tree the
/// binary was built from.
pub fn model_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(d) = std::env::var("NEWSFUSE_MODELS") {
        dirs.push(PathBuf::from(d));
    }
    if let Ok(exe) = std::env::current_exe() {
        for up in exe.ancestors().skip(1).take(4) {
            dirs.push(up.join("models"));
        }
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"));
    dirs
}

/// Load the shipped NER model.
pub fn load_ner() -> Result<NerModel> {
    let dirs = model_dirs();
    for d in &dirs {
        let p = d.join(NER_MODEL_FILE);
        if p.is_file() {
            let bytes = std::fs::read(&p).with_context(|| format!("{}: cannot read model", p.display()))?;
            return NerModel::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()));
        }
    }
    bail!(
        "NER model {NER_MODEL_FILE} not found (looked in {}); set NEWSFUSE_MODELS or run `newsfuse train ner`",
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn read_conll(path: &Path) -> Result<Vec<ner::TrainDoc>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read CoNLL file", path.display()))?;
    let docs = documents(&parse_lines(&text));
    if docs.is_empty() {
        bail!("{}: no sentences in CoNLL file", path.display());
    }
    Ok(docs)
}

/// `newsfuse train ner`.
pub fn train_ner(train: &Path, dev: Option<&Path>, out: &Path, epochs: usize, clusters: Option<&Path>) -> Result<()> {
    let data = read_conll(train)?;
    let clusters = match clusters {
        None => WordClusters::default(),
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("{}: cannot read word clusters", p.display()))?;
            let (c, rest) = WordClusters::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            if !rest.is_empty() {
                bail!("{}: trailing bytes after the word clusters", p.display());
            }
            eprintln!(
                "word clusters: {} words at {:?} classes from {}",
                c.classes.len(),
                c.levels,
                p.display()
            );
            c
        }
    };
    let sentences: usize = data.iter().map(|d| d.sentences.len()).sum();
    eprintln!(
        "training on {} documents ({sentences} sentences) from {} for {epochs} epochs per pass",
        data.len(),
        train.display()
    );
    let start = Instant::now();
    let model = ner::train(&data, epochs, clusters, &mut |stage, epoch, acc| {
        if epoch == epochs {
            eprintln!(
                "  {stage}: token accuracy on its training data {:.2}% ({:.0?})",
                acc * 100.0,
                start.elapsed()
            );
        }
    });
    let bytes = model.to_bytes();
    write_file(out, &bytes, "model")?;
    eprintln!(
        "wrote {} ({:?}, {:.1} MB)",
        out.display(),
        model,
        bytes.len() as f64 / 1e6
    );
    if let Some(dev) = dev {
        print_scores(&evaluate(&model, &read_conll(dev)?), dev);
    }
    Ok(())
}

fn evaluate(model: &NerModel, data: &[ner::TrainDoc]) -> NerScores {
    let mut scores = NerScores::default();
    for d in data {
        let words: Vec<Vec<&str>> = d
            .sentences
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        for (s, predicted) in d.sentences.iter().zip(model.tag_document(&words)) {
            scores.add(&s.labels, &predicted);
        }
    }
    scores
}

fn print_scores(scores: &NerScores, path: &Path) {
    println!("{}", path.display());
    println!(
        "{:<8} {:>9} {:>9} {:>9} {:>7}",
        "type", "precision", "recall", "F1", "gold"
    );
    for (i, name) in ["PER", "ORG", "LOC", "MISC"].iter().enumerate() {
        let (p, r, f) = scores.prf(Some(i));
        println!("{name:<8} {p:>9.2} {r:>9.2} {f:>9.2} {:>7}", scores.per_type[i].2);
    }
    let (p, r, f) = scores.prf(None);
    let gold: usize = scores.per_type.iter().map(|x| x.2).sum();
    println!("{:<8} {p:>9.2} {r:>9.2} {f:>9.2} {gold:>7}", "overall");
}

/// `newsfuse eval ner FILE`.
pub fn eval_ner(path: &Path, repeat: usize) -> Result<()> {
    let start = Instant::now();
    let model = load_ner()?;
    let loaded = start.elapsed();
    let data = read_conll(path)?;
    let tokens: usize = data.iter().flat_map(|d| &d.sentences).map(|s| s.words.len()).sum();
    let t = Instant::now();
    let scores = evaluate(&model, &data);
    for _ in 1..repeat.max(1) {
        evaluate(&model, &data);
    }
    let secs = t.elapsed().as_secs_f64() / repeat.max(1) as f64;
    print_scores(&scores, path);
    println!(
        "model load {:.0} ms; tagged {tokens} tokens in {secs:.2} s ({:.0} tokens/s, one core)",
        loaded.as_secs_f64() * 1e3,
        tokens as f64 / secs
    );
    Ok(())
}

/// `newsfuse train clusters`: tokenised sentences of every article in
/// `lang` under `paths`, plus the words of the CoNLL files, clustered.
pub fn train_clusters(
    paths: &[PathBuf],
    conll: &[PathBuf],
    lang: &str,
    params: &ClusterParams,
    out: &Path,
) -> Result<()> {
    use newsfuse_nlp::tokenize::{split_sentences, tokenize};
    let start = Instant::now();
    let mut sentences: Vec<Vec<String>> = Vec::new();
    let mut articles = 0;
    if !paths.is_empty() {
        let read = newsfuse_ingest::read_paths(paths);
        let mut diagnostics = read.diagnostics;
        let docs = crate::pipeline::clean_all(&read.records, &mut diagnostics);
        for d in &diagnostics {
            eprintln!("warning: {}: {}", d.path, d.message);
        }
        for doc in docs.iter().filter(|d| d.language.as_deref() == Some(lang)) {
            articles += 1;
            for text in [doc.title.as_str(), doc.text.as_str()] {
                let tokens = tokenize(text);
                for s in split_sentences(text, &tokens) {
                    sentences.push(
                        tokens[s.first_token..s.end_token]
                            .iter()
                            .map(|t| text[t.span.start..t.span.end].to_string())
                            .collect(),
                    );
                }
            }
        }
    }
    for path in conll {
        for d in read_conll(path)? {
            sentences.extend(d.sentences.into_iter().map(|s| s.words));
        }
    }
    let words: usize = sentences.iter().map(Vec::len).sum();
    if words == 0 {
        bail!("no text to cluster: no {lang} articles under the given paths and no CoNLL words");
    }
    eprintln!(
        "clustering {words} words in {} sentences ({articles} {lang} articles, {} CoNLL files)",
        sentences.len(),
        conll.len()
    );
    let result = clusters::train(&sentences, params, &mut |k, it, moved| {
        eprintln!(
            "  {k} classes, pass {it}: {moved} words moved ({:.0?})",
            start.elapsed()
        );
    });
    let mut bytes = Vec::new();
    result.write(&mut bytes);
    write_file(out, &bytes, "word clusters")?;
    eprintln!(
        "wrote {} ({} words, {:.1} MB, {:.0?})",
        out.display(),
        result.classes.len(),
        bytes.len() as f64 / 1e6,
        start.elapsed()
    );
    Ok(())
}

/// Write a trained file, creating its directory.
fn write_file(out: &Path, bytes: &[u8], what: &str) -> Result<()> {
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).ok();
    }
    std::fs::write(out, bytes).with_context(|| format!("{}: cannot write {what}", out.display()))
}
