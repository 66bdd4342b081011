//! The persistent workflow: `ingest`, `stories`, `story`, `search` over a store.

use crate::{models, pipeline, report};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use newsfuse_fuse::{build_dossier, FuseOptions};
use newsfuse_link::{doc_terms, propagate_names, ClusterParams, StoryClusterer};
use newsfuse_model::{Annotated, Document, DossierSet};
use newsfuse_nlp::Analyzer;
use newsfuse_store::{content_hash, NewDocument, PgStore, SqliteStore, Store};
use rustc_hash::FxHashSet;
use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Documents analysed, clustered and committed together by default. A crash
/// loses at most one batch; small corpora (up to a batch) cluster exactly as
/// `newsfuse cluster` does.
pub const DEFAULT_BATCH: usize = 256;

/// The database a command uses: `--db`, else `NEWSFUSE_DB`, else `newsfuse.db`
/// in the current directory. `postgres://…` (or `postgresql://…`) is a
/// PostgreSQL server; `sqlite:PATH` and a bare path name an SQLite file.
/// Only `ingest` creates a database; the reading commands refuse a missing file.
pub fn open_store(db: Option<&str>, create: bool) -> Result<Box<dyn Store + Send>> {
    let url = db
        .map(str::to_string)
        .or_else(|| std::env::var("NEWSFUSE_DB").ok())
        .unwrap_or_else(|| "newsfuse.db".into());
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Box::new(PgStore::open(&url)?));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(&url);
    if !create && !Path::new(path).exists() {
        bail!("{path}: no such database (`newsfuse ingest PATH… --db {path}` creates it)");
    }
    Ok(Box::new(SqliteStore::open(Path::new(path))?))
}

/// What an ingest did.
#[derive(Debug, Default, Serialize)]
pub struct IngestReport {
    /// Documents stored by this run.
    pub added: usize,
    /// Documents skipped because the store already had them (or they came twice).
    pub already_stored: usize,
    /// Documents left out by `--lang`.
    pub other_language: usize,
    /// Stories that received documents.
    pub stories_touched: usize,
    /// Of those, stories opened by this run.
    pub stories_new: usize,
    /// Documents in the store after the run.
    pub total: usize,
}

/// One run of documents into a store: each document offered is checked
/// against the store (content hash), and the new ones are analysed, clustered
/// and committed in batches. The caller owns the store and the clusterer, so
/// that a long-running server keeps both between runs.
pub struct Ingest<'a> {
    store: &'a mut dyn Store,
    analyzer: &'a Analyzer,
    clusterer: &'a mut StoryClusterer,
    stories_before: usize,
    touched: FxHashSet<usize>,
    seen: FxHashSet<String>,
    pending: Vec<(String, Document)>,
    batch: usize,
    batches: usize,
    /// Fault injection for the resume tests: abort the process (as a kill
    /// would) after this many committed batches.
    abort_after: Option<usize>,
    report: IngestReport,
    progress: ProgressBar,
}

impl<'a> Ingest<'a> {
    /// A run over `store`, whose clusterer state `clusterer` is, committing
    /// every `batch` new documents.
    pub fn new(
        store: &'a mut dyn Store,
        analyzer: &'a Analyzer,
        clusterer: &'a mut StoryClusterer,
        batch: usize,
        progress: ProgressBar,
    ) -> Self {
        Ingest {
            stories_before: clusterer.len(),
            store,
            analyzer,
            clusterer,
            touched: FxHashSet::default(),
            seen: FxHashSet::default(),
            pending: Vec::new(),
            batch: batch.max(1),
            batches: 0,
            abort_after: std::env::var("NEWSFUSE_FAULT_ABORT_AFTER_BATCHES")
                .ok()
                .and_then(|v| v.parse().ok()),
            report: IngestReport::default(),
            progress,
        }
    }

    /// Leave out a document of another language (counted in the report).
    pub fn skip_language(&mut self) {
        self.report.other_language += 1;
    }

    /// Add a document unless the store (or this run) already has it.
    pub fn offer(&mut self, doc: Document) -> Result<()> {
        let hash = content_hash(&doc);
        if !self.seen.insert(hash.clone()) || self.store.contains(&hash)? {
            self.report.already_stored += 1;
            return Ok(());
        }
        self.pending.push((hash, doc));
        if self.pending.len() >= self.batch {
            self.flush()?;
        }
        Ok(())
    }

    /// Analyse, cluster and commit the pending documents as one transaction.
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let mut items: Vec<(String, Document, newsfuse_link::DocTerms)> = pending
            .into_iter()
            .map(|(hash, doc)| {
                let a = self.analyzer.analyse(doc);
                let terms = doc_terms(&a);
                self.progress.inc(1);
                (hash, a.doc, terms)
            })
            .collect();
        for (_, _, t) in &items {
            self.clusterer.observe(t);
        }
        // As `newsfuse cluster`: publication order, undated last, input order among equals.
        items.sort_by_key(|(_, _, t)| (t.date.is_none(), t.date));
        let batch: Vec<NewDocument> = items
            .into_iter()
            .map(|(hash, doc, terms)| {
                self.clusterer.add(&terms);
                NewDocument {
                    hash,
                    doc,
                    seq: self.clusterer.added() - 1,
                    terms: terms.counts.iter().map(|x| x.0).collect(),
                }
            })
            .collect();
        let changes = self.clusterer.take_changes();
        self.touched.extend(changes.stories.iter().copied());
        self.store.commit(&batch, &changes, self.clusterer)?;
        self.report.added += batch.len();
        self.batches += 1;
        if self.abort_after == Some(self.batches) {
            std::process::abort();
        }
        Ok(())
    }

    /// Commit what is pending and say what the run did.
    pub fn finish(mut self) -> Result<IngestReport> {
        self.flush()?;
        self.progress.finish_and_clear();
        self.report.stories_touched = self.touched.len();
        self.report.stories_new = self.clusterer.len() - self.stories_before;
        self.report.total = self.store.document_count()?;
        Ok(self.report)
    }
}

/// The ISO 639-1 code a `--lang` value asks for.
pub fn wanted_language(lang: Option<&str>) -> Option<String> {
    lang.map(|l| newsfuse_ingest::iso639_1(&l.to_ascii_lowercase()).to_string())
}

/// `newsfuse ingest`: read, clean, analyse and add documents to their stories.
pub fn ingest(paths: &[PathBuf], db: Option<&str>, lang: Option<&str>, batch: usize) -> Result<IngestReport> {
    if batch == 0 {
        bail!("--batch must be at least 1");
    }
    let mut store = open_store(db, true)?;
    let mut clusterer = store.load_clusterer(ClusterParams::default())?;
    let analyzer = Analyzer::new(models::load_ner()?);
    let progress = if std::io::stderr().is_terminal() {
        let pb = ProgressBar::new_spinner();
        pb.set_style(
            ProgressStyle::with_template("{spinner} ingesting: {pos} documents analysed ({per_sec})").unwrap(),
        );
        pb
    } else {
        ProgressBar::hidden()
    };
    let mut run = Ingest::new(store.as_mut(), &analyzer, &mut clusterer, batch, progress);
    let want = wanted_language(lang);
    let mut read_any = false;
    let mut failure: Option<anyhow::Error> = None;
    newsfuse_ingest::for_each_input(paths, |outcome| {
        report(&outcome.diagnostics);
        if failure.is_some() {
            return;
        }
        read_any |= !outcome.records.is_empty();
        let mut diags = Vec::new();
        for doc in pipeline::clean_all(&outcome.records, &mut diags) {
            if want.as_deref().is_some_and(|w| doc.language.as_deref() != Some(w)) {
                run.skip_language();
                continue;
            }
            if let Err(e) = run.offer(doc) {
                failure = Some(e);
                return;
            }
        }
        report(&diags);
    });
    if let Some(e) = failure {
        return Err(e);
    }
    if !read_any {
        return Err(crate::nothing_read(paths));
    }
    run.finish()
}

/// One stored story, as `newsfuse stories` lists it.
#[derive(Serialize)]
pub struct StoryLine {
    /// Story id (`s12`).
    pub story: String,
    /// The title of its earliest document.
    pub headline: String,
    /// Number of documents.
    pub documents: usize,
    /// Number of distinct sources.
    pub sources: usize,
    /// Earliest publication date.
    pub first: Option<String>,
    /// Latest publication date.
    pub last: Option<String>,
}

/// `limit` stories of the store from the `offset`-th, most recent first.
pub fn story_lines(store: &dyn Store, limit: usize, offset: usize) -> Result<Vec<StoryLine>> {
    Ok(store
        .stories_page(limit, offset)?
        .into_iter()
        .map(|s| StoryLine {
            story: format!("s{}", s.id),
            headline: s.headline,
            documents: s.documents,
            sources: s.sources,
            first: s.first,
            last: s.last,
        })
        .collect())
}

/// `newsfuse stories`: every story, most recent first.
pub fn stories(db: Option<&str>, json: bool) -> Result<String> {
    let lines = story_lines(open_store(db, false)?.as_ref(), usize::MAX, 0)?;
    if json {
        return Ok(serde_json::to_string_pretty(&lines)? + "\n");
    }
    let mut out = String::new();
    for l in &lines {
        let dates = match (&l.first, &l.last) {
            (Some(a), Some(b)) if a != b => format!("{a}..{b}"),
            (Some(a), _) => a.clone(),
            _ => "undated".into(),
        };
        out.push_str(&format!(
            "{}\t{}\t{} documents, {} sources\t{}\n",
            l.story, dates, l.documents, l.sources, l.headline
        ));
    }
    Ok(out)
}

/// A story id as the user typed it: `s12` or `12`.
pub fn parse_story_id(id: &str) -> Result<i64> {
    id.trim()
        .trim_start_matches(['s', 'S'])
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .with_context(|| format!("{id}: not a story id (ids look like s12; `newsfuse stories` lists them)"))
}

/// `newsfuse story ID`: the dossier of one stored story, built from its documents now.
pub fn story(db: Option<&str>, id: &str, opts: FuseOptions) -> Result<(DossierSet, Vec<Annotated>)> {
    let n = parse_story_id(id)?;
    let docs = open_store(db, false)?.story_documents(n)?;
    if docs.is_empty() {
        bail!("s{n}: no such story (`newsfuse stories` lists them)");
    }
    let analyzer = Analyzer::new(models::load_ner()?);
    let annotated = pipeline::analyse_all(&analyzer, docs.into_iter().map(|d| d.doc).collect());
    Ok(story_dossier(n, annotated, opts))
}

/// The dossier of stored story `n` from its analysed documents (names found
/// in some of them are first found again in the others).
pub fn story_dossier(n: i64, mut annotated: Vec<Annotated>, opts: FuseOptions) -> (DossierSet, Vec<Annotated>) {
    {
        let mut refs: Vec<&mut Annotated> = annotated.iter_mut().collect();
        propagate_names(&mut refs);
    }
    let refs: Vec<&Annotated> = annotated.iter().collect();
    let dossier = build_dossier(&format!("s{n}"), &refs, opts);
    (DossierSet { stories: vec![dossier] }, annotated)
}

/// One search hit, as `newsfuse search` prints it.
#[derive(Serialize)]
pub struct HitLine {
    /// Document id (`n7`).
    pub document: String,
    /// Its story (`s3`).
    pub story: String,
    /// Title.
    pub title: String,
    /// Source.
    pub source: String,
    /// Publication date.
    pub published: Option<String>,
    /// The matching passage on one line, matches in `[` `]`.
    pub snippet: String,
}

/// Documents matching `query`, best first.
pub fn search_hits(store: &dyn Store, query: &str, limit: usize) -> Result<Vec<HitLine>> {
    Ok(store
        .search(query, limit)?
        .into_iter()
        .map(|h| HitLine {
            document: format!("n{}", h.document),
            story: format!("s{}", h.story),
            title: h.title,
            source: h.source,
            published: h.published,
            snippet: h.snippet.split_whitespace().collect::<Vec<_>>().join(" "),
        })
        .collect())
}

/// `newsfuse search QUERY`: matching documents, best first.
pub fn search(db: Option<&str>, query: &str, limit: usize, json: bool) -> Result<String> {
    let hits = search_hits(open_store(db, false)?.as_ref(), query, limit)?;
    if json {
        return Ok(serde_json::to_string_pretty(&hits)? + "\n");
    }
    let mut out = String::new();
    for h in &hits {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n\t{}\n",
            h.story,
            h.document,
            h.published.as_deref().unwrap_or("undated"),
            h.source,
            h.title,
            h.snippet
        ));
    }
    Ok(out)
}
