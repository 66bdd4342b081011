//! The one-shot pipeline: read → clean → analyse → link → fuse.

use indicatif::{ProgressBar, ProgressStyle};
use newsfuse_fuse::{build_dossier, FuseOptions};
use newsfuse_ingest::{clean_record, RawRecord};
use newsfuse_link::{cluster_batch, ClusterParams};
use newsfuse_model::{Annotated, Diagnostic, DossierSet};
use newsfuse_nlp::Analyzer;
use std::io::IsTerminal;

/// Clean raw records into documents with ids `d1`, `d2`, … in input order.
/// Records whose text is empty after cleaning are reported and dropped.
pub fn clean_all(records: &[RawRecord], diagnostics: &mut Vec<Diagnostic>) -> Vec<newsfuse_model::Document> {
    let mut docs = Vec::new();
    for r in records {
        let doc = clean_record(r, &format!("d{}", docs.len() + 1));
        if doc.text.trim().is_empty() {
            diagnostics.push(Diagnostic {
                path: r.path.clone(),
                message: "nothing left after removing page junk".into(),
            });
            continue;
        }
        docs.push(doc);
    }
    docs
}

/// A progress bar on a terminal for long runs, hidden otherwise.
pub fn progress(len: usize, what: &str) -> ProgressBar {
    if len < 50 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len as u64);
    pb.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({per_sec}, eta {eta})")
            .unwrap()
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Analyse every document.
pub fn analyse_all(analyzer: &Analyzer, docs: Vec<newsfuse_model::Document>) -> Vec<Annotated> {
    let pb = progress(docs.len(), "analysing");
    let out = docs
        .into_iter()
        .map(|d| {
            pb.inc(1);
            analyzer.analyse(d)
        })
        .collect();
    pb.finish_and_clear();
    out
}

/// Cluster analysed documents into stories: each story's member indices.
pub fn stories(annotated: &[Annotated]) -> Vec<Vec<usize>> {
    let refs: Vec<&Annotated> = annotated.iter().collect();
    let assignment = cluster_batch(&refs, ClusterParams::default());
    let n = assignment.iter().max().map_or(0, |m| m + 1);
    let mut groups = vec![Vec::new(); n];
    for (i, s) in assignment.into_iter().enumerate() {
        groups[s].push(i);
    }
    groups
}

/// Build the dossiers of all stories. Within each story, names recognised in
/// some documents are first found again in the documents that missed them.
pub fn dossiers(annotated: &mut [Annotated], opts: FuseOptions) -> DossierSet {
    let groups = stories(annotated);
    let mut story_of = vec![0; annotated.len()];
    for (s, g) in groups.iter().enumerate() {
        for &d in g {
            story_of[d] = s;
        }
    }
    let mut by_story: Vec<Vec<&mut Annotated>> = (0..groups.len()).map(|_| Vec::new()).collect();
    for (d, a) in annotated.iter_mut().enumerate() {
        by_story[story_of[d]].push(a);
    }
    for members in &mut by_story {
        newsfuse_link::propagate_names(members);
    }
    let annotated: &[Annotated] = annotated;
    let pb = progress(groups.len(), "fusing");
    let stories = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            pb.inc(1);
            let members: Vec<&Annotated> = g.iter().map(|&d| &annotated[d]).collect();
            build_dossier(&format!("s{}", i + 1), &members, opts)
        })
        .collect();
    pb.finish_and_clear();
    DossierSet { stories }
}
