//! The `newsfuse` command: every pipeline stage as a subcommand.

mod bench;
mod demo;
mod models;
mod pipeline;
mod serve;
mod store_cmds;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use newsfuse_fuse::FuseOptions;
use newsfuse_ingest::{read_paths, ReadOutcome};
use newsfuse_model::{Diagnostic, DossierSet};
use newsfuse_nlp::Analyzer;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "newsfuse", version, about = "Sourced story dossiers from many news articles", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Main-text extractor for HTML pages: `newsfuse` (our own article
    /// reader; the default) or `trafilatura` (trafilatura first, with our
    /// reader as a fallback: a second opinion at about a fifth of the speed).
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "newsfuse",
        env = "NEWSFUSE_EXTRACTOR"
    )]
    extractor: ExtractorChoice,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractorChoice {
    /// Our own article reader (also `fast`, its earlier name).
    #[value(alias = "fast")]
    Newsfuse,
    /// trafilatura first, our reader when it finds too little (also `accurate`, its earlier name).
    #[value(alias = "accurate")]
    Trafilatura,
}

#[derive(Clone, Copy, ValueEnum)]
enum DossierFormat {
    Json,
    Md,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum DataFormat {
    Json,
    Text,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline on the bundled demo corpus and print the dossiers.
    Demo {
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: DossierFormat,
    },
    /// Read articles (files, directories, `-` for stdin) and print one dossier per story.
    Dossier {
        /// Files or directories (searched recursively); `-` reads stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: DossierFormat,
        /// Sentences in each story's summary.
        #[arg(long, default_value_t = 4)]
        summary: usize,
        /// Keep only documents in this language (ISO 639-1 such as `en`, or 639-3 such as `eng`).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Add articles to the store (default: the SQLite file newsfuse.db): each joins its story
    /// or opens a new one. Already stored articles are skipped, so re-running after a crash resumes.
    Ingest {
        /// Files or directories (searched recursively); `-` reads stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The database: a file path or sqlite:PATH (default: $NEWSFUSE_DB, else newsfuse.db).
        #[arg(long)]
        db: Option<String>,
        /// Keep only documents in this language (ISO 639-1 such as `en`, or 639-3 such as `eng`).
        #[arg(long)]
        lang: Option<String>,
        /// Output format of the report.
        #[arg(long, value_enum, default_value = "text")]
        format: DataFormat,
        /// Documents analysed and committed together (a crash loses at most one batch).
        #[arg(long, default_value_t = store_cmds::DEFAULT_BATCH)]
        batch: usize,
    },
    /// List the stored stories, most recent first.
    Stories {
        /// The database (as for `ingest`).
        #[arg(long)]
        db: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: DataFormat,
    },
    /// Print the dossier of one stored story (an id from `newsfuse stories`, such as s3).
    Story {
        /// Story id.
        id: String,
        /// The database (as for `ingest`).
        #[arg(long)]
        db: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: DossierFormat,
        /// Sentences in the story's summary.
        #[arg(long, default_value_t = 4)]
        summary: usize,
    },
    /// Serve the stored stories over HTTP: web pages (/, /stories/ID, /search) and a JSON API
    /// (/api/stories, /api/stories/ID, /api/search, POST /api/documents to ingest).
    Serve {
        /// Address to listen on; port 0 picks a free port (the first line printed names it).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// The database (as for `ingest`).
        #[arg(long)]
        db: Option<String>,
        /// Start an empty SQLite database when `--db` names none (articles can then be
        /// posted to it); without this a missing file is refused.
        #[arg(long)]
        create: bool,
        /// Requests served at once.
        #[arg(long, default_value_t = 4)]
        threads: usize,
    },
    /// Full-text search over the stored articles ("quoted phrases", word* prefixes).
    Search {
        /// What to look for.
        query: String,
        /// The database (as for `ingest`).
        #[arg(long)]
        db: Option<String>,
        /// Most hits to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: DataFormat,
    },
    /// Print the cleaned document(s) of one input: title, text, source, url, published, language.
    Extract {
        /// A file, or `-` for stdin.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: DataFormat,
        /// Keep only documents in this language (ISO 639-1 such as `en`, or 639-3 such as `eng`).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Print the JSON Schema of `dossier --format json` output (checked in as schema/dossier.schema.json).
    Schema,
    /// Tag named entities in stdin. With --conll, read CoNLL-2003 columns and
    /// write `token<TAB>tag` per line, keeping the line structure.
    Ner {
        /// Read CoNLL columns (token first) instead of running text.
        #[arg(long)]
        conll: bool,
    },
    /// Print the quotes of one input with speaker, cue and byte offsets of the quoted content.
    Quotes {
        /// A file, or `-` for stdin.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: DataFormat,
    },
    /// Group articles into stories.
    Cluster {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: DataFormat,
        /// Keep only documents in this language (ISO 639-1 such as `en`, or 639-3 such as `eng`).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Train a model from a corpus.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Evaluate a stage on a corpus and print its metrics.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput and memory.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Stream N documents, recombined from base articles with new names and dates,
    /// through analysis and online story clustering; print time per document and peak memory.
    Scale {
        /// Number of documents.
        #[arg(long, default_value_t = 1000)]
        docs: usize,
        /// Base articles (files or directories); the bundled demo corpus when absent.
        #[arg(long = "from")]
        from: Vec<PathBuf>,
        /// Write the documents as JSONL to this file instead of processing them
        /// (input for timing `newsfuse ingest`, see scripts/bench-ingest.sh).
        #[arg(long)]
        emit: Option<PathBuf>,
        /// Number of the first document (with --emit: successive slices of one corpus).
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
}

#[derive(Subcommand)]
enum TrainCommand {
    /// Train the named-entity model on CoNLL-2003 columns.
    Ner {
        /// Training file (CoNLL-2003, e.g. eng.train).
        #[arg(long)]
        train: PathBuf,
        /// Development file scored after training (e.g. eng.testa).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long, default_value = "models/ner-conll2003.bin")]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Word clusters (from `newsfuse train clusters`) to use as features; they become part of the model.
        #[arg(long)]
        clusters: Option<PathBuf>,
    },
    /// Learn word clusters from unlabeled text (any input newsfuse reads, plus CoNLL files' words) for the NER model.
    Clusters {
        /// Files or directories of articles (text, HTML, feeds, WARC, JSON).
        paths: Vec<PathBuf>,
        /// CoNLL files whose words (not tags) are also used.
        #[arg(long)]
        conll: Vec<PathBuf>,
        /// Keep only articles in this language (ISO 639-1).
        #[arg(long, default_value = "en")]
        lang: String,
        /// Number of classes at each granularity, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "64,256,1024")]
        levels: Vec<u16>,
        /// Words seen fewer times are not clustered.
        #[arg(long, default_value_t = 3)]
        min_count: u32,
        /// Exchange passes per granularity.
        #[arg(long, default_value_t = 12)]
        iterations: usize,
        /// Where to write the clusters.
        #[arg(long, default_value = "models/word-clusters.bin")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Entity-level precision, recall and F1 of the shipped NER model on a CoNLL file.
    Ner {
        /// CoNLL-2003 file with gold tags in the last column.
        file: PathBuf,
        /// Tag the file this many times for a steadier tokens/s figure.
        #[arg(long, default_value_t = 1)]
        repeat: usize,
    },
    /// Quote attribution on a PolNeAR compartment (text/ + attributions/): P, R, F1 and speaker accuracy.
    Quotes {
        /// The compartment directory, e.g. ../shared/corpora/polnear/dev.
        dir: PathBuf,
        /// Print each speaker error (gold source, predicted speaker, content).
        #[arg(long)]
        errors: bool,
        /// Also score another tool's quotes: a directory of <text stem>.json files in the
        /// shape of `newsfuse quotes --format json` ([{speaker_name, start, end}], byte offsets).
        #[arg(long)]
        peer_dir: Option<PathBuf>,
    },
    /// Cross-document entity linking on MEANTIME or ECB+ proper-name mentions: B³ and MUC, for
    /// the entities as linked and with each people's adjective read as the place it names.
    Entities {
        /// A MEANTIME or ECB+ directory (searched recursively for .xml).
        dir: PathBuf,
        /// Print each gold chain the prediction splits, and each predicted entity that merges
        /// chains (people's adjectives read as their places).
        #[arg(long)]
        errors: bool,
    },
    /// The event frame (who, what, when, where) against the Giveme5W1H gold standard, per W.
    Fivew {
        /// The giveme5w1h-gold directory (or its data/ folder).
        dir: PathBuf,
        /// Print every answer beside the coders' phrases.
        #[arg(long)]
        errors: bool,
    },
    /// Story clustering on ECB+ (gold story = topic × ecb/ecbplus half): B³ and MUC.
    Stories {
        /// The ECB+ directory of topic folders.
        dir: PathBuf,
        /// Minimum similarity for a document to join a story.
        #[arg(long)]
        threshold: Option<f32>,
        /// Only these topics, as FIRST-LAST ("1-22" to tune, "23-35" to check).
        #[arg(long, value_parser = parse_topic_range)]
        topics: Option<(u32, u32)>,
        /// Print every predicted story that mixes gold stories, and every gold story split over several predicted ones.
        #[arg(long)]
        errors: bool,
    },
    /// Date and duration normalisation on TimeML files (TempEval-3 TBAQ-cleaned): extraction and value P/R/F1.
    Timex {
        /// A directory of .tml files (searched recursively).
        dir: PathBuf,
        /// Print every miss and wrong value.
        #[arg(long)]
        errors: bool,
    },
    /// Main-text extraction on trafilatura-eval (evaldata.json + html/*.gz): P, R, F1, pages/s.
    Extract {
        /// The corpus directory.
        dir: PathBuf,
        /// Also score another tool's output (JSON: file stem → {"articleBody": text}).
        #[arg(long)]
        peer_output: Option<PathBuf>,
        /// Print every missed "with" segment (miss) and every kept "without" segment (junk), per page.
        #[arg(long)]
        errors: bool,
    },
}

/// Print diagnostics as one line each on stderr.
pub(crate) fn report(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("newsfuse: warning: {d}");
    }
}

/// The error of a run that could read nothing at all from its inputs.
pub(crate) fn nothing_read(paths: &[PathBuf]) -> anyhow::Error {
    anyhow::anyhow!(
        "no articles could be read from {}",
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Read inputs; fail only when nothing at all could be read.
fn read_inputs(paths: &[PathBuf]) -> Result<ReadOutcome> {
    let out = read_paths(paths);
    report(&out.diagnostics);
    if out.records.is_empty() {
        return Err(nothing_read(paths));
    }
    Ok(out)
}

/// Keep the documents in `lang` (when given), saying how many were left out.
fn filter_language(docs: Vec<newsfuse_model::Document>, lang: Option<&str>) -> Vec<newsfuse_model::Document> {
    let Some(want) = lang else { return docs };
    let want = newsfuse_ingest::iso639_1(&want.to_ascii_lowercase()).to_string();
    let total = docs.len();
    let kept: Vec<_> = docs
        .into_iter()
        .filter(|d| d.language.as_deref() == Some(want.as_str()))
        .collect();
    if kept.len() < total {
        eprintln!("newsfuse: note: --lang {want} kept {} of {total} documents", kept.len());
    }
    kept
}

fn analyse_inputs(outcome: ReadOutcome, lang: Option<&str>) -> Result<Vec<newsfuse_model::Annotated>> {
    let mut diags = Vec::new();
    let cleaned = pipeline::clean_all(&outcome.records, &mut diags);
    report(&diags);
    if cleaned.is_empty() {
        bail!("no article text left after cleaning");
    }
    let docs = filter_language(cleaned, lang);
    if docs.is_empty() {
        bail!("no documents in language {}", lang.unwrap_or("?"));
    }
    let analyzer = Analyzer::new(models::load_ner()?);
    Ok(pipeline::analyse_all(&analyzer, docs))
}

fn print_dossiers(annotated: &mut [newsfuse_model::Annotated], format: DossierFormat, opts: FuseOptions) {
    let set: DossierSet = pipeline::dossiers(annotated, opts);
    print!("{}", render_set(&set, annotated, format));
}

fn render_set(set: &DossierSet, annotated: &[newsfuse_model::Annotated], format: DossierFormat) -> String {
    match format {
        DossierFormat::Json => newsfuse_render::json(set),
        DossierFormat::Md => newsfuse_render::markdown(set),
        DossierFormat::Html => {
            let texts: HashMap<String, String> = annotated
                .iter()
                .map(|a| (a.doc.id.clone(), a.doc.text.clone()))
                .collect();
            newsfuse_render::html(set, &texts)
        }
    }
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    speaker: Option<String>,
    speaker_name: Option<String>,
    cue: &'a str,
    kind: newsfuse_model::QuoteKind,
    text: &'a str,
    start: usize,
    end: usize,
}

fn run(cli: Cli) -> Result<i32> {
    newsfuse_ingest::set_extractor(match cli.extractor {
        ExtractorChoice::Newsfuse => newsfuse_ingest::Extractor::Newsfuse,
        ExtractorChoice::Trafilatura => newsfuse_ingest::Extractor::Trafilatura,
    });
    match cli.command {
        Command::Demo { format } => {
            let outcome = demo::read();
            report(&outcome.diagnostics);
            let mut annotated = analyse_inputs(outcome, None)?;
            print_dossiers(&mut annotated, format, FuseOptions::default());
        }
        Command::Dossier {
            paths,
            format,
            summary,
            lang,
        } => {
            let mut annotated = analyse_inputs(read_inputs(&paths)?, lang.as_deref())?;
            print_dossiers(
                &mut annotated,
                format,
                FuseOptions {
                    summary_sentences: summary,
                    ..Default::default()
                },
            );
        }
        Command::Ingest {
            paths,
            db,
            lang,
            format,
            batch,
        } => {
            let r = store_cmds::ingest(&paths, db.as_deref(), lang.as_deref(), batch)?;
            match format {
                DataFormat::Json => println!("{}", serde_json::to_string_pretty(&r)?),
                DataFormat::Text => println!(
                    "added {} documents ({} already stored{}); {} stories received documents, {} of them new; {} documents stored in all",
                    r.added,
                    r.already_stored,
                    if r.other_language > 0 {
                        format!(", {} in other languages left out", r.other_language)
                    } else {
                        String::new()
                    },
                    r.stories_touched,
                    r.stories_new,
                    r.total
                ),
            }
        }
        Command::Stories { db, format } => {
            print!(
                "{}",
                store_cmds::stories(db.as_deref(), matches!(format, DataFormat::Json))?
            )
        }
        Command::Story {
            id,
            db,
            format,
            summary,
        } => {
            let (set, annotated) = store_cmds::story(
                db.as_deref(),
                &id,
                FuseOptions {
                    summary_sentences: summary,
                    ..Default::default()
                },
            )?;
            print!("{}", render_set(&set, &annotated, format));
        }
        Command::Serve {
            addr,
            db,
            create,
            threads,
        } => serve::serve(&addr, db.as_deref(), threads, create)?,
        Command::Search {
            query,
            db,
            limit,
            format,
        } => print!(
            "{}",
            store_cmds::search(db.as_deref(), &query, limit, matches!(format, DataFormat::Json))?
        ),
        Command::Extract { file, format, lang } => {
            let outcome = read_inputs(std::slice::from_ref(&file))?;
            let mut diags = Vec::new();
            let docs = filter_language(pipeline::clean_all(&outcome.records, &mut diags), lang.as_deref());
            report(&diags);
            if docs.is_empty() {
                bail!("{}: no article text left after cleaning", file.display());
            }
            #[derive(Serialize)]
            struct Extracted<'a> {
                title: &'a str,
                text: &'a str,
                source: &'a str,
                url: Option<&'a str>,
                published: Option<&'a str>,
                published_from: Option<&'a str>,
                modified: Option<&'a str>,
                modified_from: Option<&'a str>,
                authors: &'a [String],
                dateline: Option<&'a str>,
                language: Option<&'a str>,
                path: &'a str,
            }
            for d in &docs {
                match format {
                    DataFormat::Json => {
                        let e = Extracted {
                            title: &d.title,
                            text: &d.text,
                            source: &d.source,
                            url: d.url.as_deref(),
                            published: d.published.as_deref(),
                            published_from: d.published_from.as_deref(),
                            modified: d.modified.as_deref(),
                            modified_from: d.modified_from.as_deref(),
                            authors: &d.authors,
                            dateline: d.dateline.as_deref(),
                            language: d.language.as_deref(),
                            path: &d.path,
                        };
                        println!("{}", serde_json::to_string_pretty(&e)?);
                    }
                    DataFormat::Text => {
                        println!("{}\n\n{}", d.title, d.text);
                    }
                }
            }
        }
        Command::Ner { conll } => {
            let analyzer_model = models::load_ner()?;
            let mut input = String::new();
            std::io::stdin().read_to_string(&mut input)?;
            if conll {
                print!("{}", conll_tag(&analyzer_model, &input));
            } else {
                let analyzer = Analyzer::new(analyzer_model);
                let tokens = newsfuse_nlp::tokenize::tokenize(&input);
                let sentences = newsfuse_nlp::tokenize::split_sentences(&input, &tokens);
                for (span, ty) in analyzer.recognise(&input, &tokens, &sentences) {
                    println!(
                        "{}\t{}\t{}\t{}",
                        ty.conll(),
                        span.start,
                        span.end,
                        &input[span.start..span.end]
                    );
                }
            }
        }
        Command::Quotes { file, format } => {
            let annotated = analyse_inputs(read_inputs(std::slice::from_ref(&file))?, None)?;
            for a in &annotated {
                let quotes: Vec<QuoteOut> = a
                    .quotes
                    .iter()
                    .map(|q| QuoteOut {
                        speaker: q.speaker.map(|e| format!("{}:{}", a.doc.id, e)),
                        speaker_name: q
                            .speaker
                            .map(|e| a.entities[e].name.clone())
                            .or_else(|| q.speaker_text.clone()),
                        cue: &q.cue,
                        kind: q.kind,
                        text: &a.doc.text[q.span.start..q.span.end],
                        start: q.span.start,
                        end: q.span.end,
                    })
                    .collect();
                match format {
                    DataFormat::Json => println!("{}", serde_json::to_string_pretty(&quotes)?),
                    DataFormat::Text => {
                        for q in quotes {
                            println!(
                                "{} ({} {}): {}",
                                q.speaker_name.as_deref().unwrap_or("?"),
                                q.cue,
                                q.start,
                                q.text
                            );
                        }
                    }
                }
            }
        }
        Command::Cluster { paths, format, lang } => {
            let annotated = analyse_inputs(read_inputs(&paths)?, lang.as_deref())?;
            let groups = pipeline::stories(&annotated);
            #[derive(Serialize)]
            struct StoryOut {
                story: String,
                documents: Vec<String>,
            }
            let out: Vec<StoryOut> = groups
                .iter()
                .enumerate()
                .map(|(i, g)| StoryOut {
                    story: format!("s{}", i + 1),
                    documents: g.iter().map(|&d| annotated[d].doc.path.clone()).collect(),
                })
                .collect();
            match format {
                DataFormat::Json => println!("{}", serde_json::to_string_pretty(&out)?),
                DataFormat::Text => {
                    for s in out {
                        println!("{}\t{}", s.story, s.documents.join("\t"));
                    }
                }
            }
        }
        Command::Schema => {
            let schema = schemars::schema_for!(newsfuse_model::DossierSet);
            println!("{}", serde_json::to_string_pretty(&schema)?);
        }
        Command::Train(TrainCommand::Ner {
            train,
            dev,
            out,
            epochs,
            clusters,
        }) => models::train_ner(&train, dev.as_deref(), &out, epochs, clusters.as_deref())?,
        Command::Train(TrainCommand::Clusters {
            paths,
            conll,
            lang,
            levels,
            min_count,
            iterations,
            out,
        }) => {
            let params = newsfuse_nlp::clusters::ClusterParams {
                levels,
                min_count,
                iterations,
            };
            models::train_clusters(&paths, &conll, &lang, &params, &out)?
        }
        Command::Eval(EvalCommand::Ner { file, repeat }) => models::eval_ner(&file, repeat)?,
        Command::Eval(EvalCommand::Quotes { dir, errors, peer_dir }) => {
            use newsfuse_eval::quotes as q;
            let analyzer = Analyzer::new(models::load_ner()?);
            let items = q::list(&dir).map_err(anyhow::Error::msg)?;
            let mut scores = q::QuoteScores::default();
            let start = std::time::Instant::now();
            let mut docs = 0;
            let (mut ner_time, mut full_time) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
            for (text_path, anns) in &items {
                let text = std::fs::read_to_string(text_path)?;
                // Time the recogniser alone (tokens, sentences, names) and the whole analysis.
                let t0 = std::time::Instant::now();
                let tokens = newsfuse_nlp::tokenize::tokenize(&text);
                let sentences = newsfuse_nlp::tokenize::split_sentences(&text, &tokens);
                std::hint::black_box(analyzer.recognise(&text, &tokens, &sentences));
                ner_time += t0.elapsed();
                let t1 = std::time::Instant::now();
                let a = analyzer.analyse(newsfuse_model::Document::new(
                    "d1",
                    &text_path.display().to_string(),
                    "",
                    "",
                    text.clone(),
                ));
                full_time += t1.elapsed();
                let predicted = q::predicted_quotes(&a);
                docs += 1;
                for ann in anns {
                    let gold = q::parse_ann(&text, &std::fs::read_to_string(ann)?);
                    q::score_document(&gold, &predicted, &mut scores, |src, got, (a, b)| {
                        if errors {
                            println!(
                                "{src:?}\t{got:?}\t{}",
                                text.get(a..b).unwrap_or("").chars().take(80).collect::<String>()
                            );
                        }
                    });
                }
            }
            let (p, r, f) = scores.prf();
            println!(
                "{docs} texts, {} speech attributions, {} quotes predicted ({:.2} s)",
                scores.gold,
                scores.predicted,
                start.elapsed().as_secs_f64()
            );
            println!("quotes   P {p:.3}  R {r:.3}  F1 {f:.3}");
            println!(
                "time: recognition {:.0} ms, whole analysis {:.0} ms: dates, amounts, roles, quotes and coreference add {:.0}%",
                ner_time.as_secs_f64() * 1e3,
                full_time.as_secs_f64() * 1e3,
                100.0 * (full_time.as_secs_f64() / ner_time.as_secs_f64().max(1e-9) - 1.0)
            );
            println!(
                "speaker  accuracy {:.3} ({} of {} matched)",
                scores.speaker_accuracy(),
                scores.speaker_right,
                scores.speaker_pairs
            );
            if let Some(peer) = peer_dir {
                let mut ps = q::QuoteScores::default();
                let mut missing = 0;
                for (text_path, anns) in &items {
                    let text = std::fs::read_to_string(text_path)?;
                    let stem = text_path.file_stem().unwrap().to_string_lossy().to_string();
                    let predicted: Vec<q::PredictedQuote> =
                        match std::fs::read_to_string(peer.join(format!("{stem}.json"))) {
                            Ok(json) => serde_json::from_str::<Vec<serde_json::Value>>(&json)
                                .unwrap_or_default()
                                .iter()
                                .filter_map(|v| {
                                    let (s, e) = (v["start"].as_u64()? as usize, v["end"].as_u64()? as usize);
                                    Some(q::PredictedQuote {
                                        content: (s, e),
                                        speaker: v["speaker_name"].as_str().unwrap_or("").to_string(),
                                    })
                                })
                                .collect(),
                            Err(_) => {
                                missing += 1;
                                Vec::new()
                            }
                        };
                    for ann in anns {
                        let gold = q::parse_ann(&text, &std::fs::read_to_string(ann)?);
                        q::score_document(&gold, &predicted, &mut ps, |_, _, _| {});
                    }
                }
                let (p, r, f) = ps.prf();
                println!(
                    "peer: {} quotes predicted ({missing} texts without output)",
                    ps.predicted
                );
                println!("peer quotes   P {p:.3}  R {r:.3}  F1 {f:.3}");
                println!(
                    "peer speaker  accuracy {:.3} ({} of {} matched)",
                    ps.speaker_accuracy(),
                    ps.speaker_right,
                    ps.speaker_pairs
                );
            }
        }
        Command::Eval(EvalCommand::Fivew { dir, errors }) => eval_fivew(&dir, errors)?,
        Command::Bench(BenchCommand::Scale {
            docs,
            from,
            emit,
            offset,
        }) => {
            let outcome = if from.is_empty() {
                demo::read()
            } else {
                read_inputs(&from)?
            };
            let mut diags = Vec::new();
            let base = pipeline::clean_all(&outcome.records, &mut diags);
            if base.is_empty() {
                bail!("no base documents to recombine");
            }
            let analyzer = Analyzer::new(models::load_ner()?);
            if let Some(path) = emit {
                let file =
                    std::fs::File::create(&path).with_context(|| format!("{}: cannot create", path.display()))?;
                bench::emit(&analyzer, &base, offset..offset + docs, std::io::BufWriter::new(file))
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                return Ok(0);
            }
            if offset != 0 {
                bail!("--offset only goes with --emit");
            }
            let pb = pipeline::progress(docs, "streaming");
            let r = bench::scale(&analyzer, &base, docs, &pb);
            pb.finish_and_clear();
            let per = |d: std::time::Duration| d.as_secs_f64() * 1e6 / r.docs.max(1) as f64;
            println!(
                "{} documents from {} base articles -> {} stories",
                r.docs,
                base.len(),
                r.stories
            );
            println!(
                "per document: analysis {:.0} us, clustering {:.1} us; peak memory {}",
                per(r.analysis),
                per(r.clustering),
                r.peak_rss_kb
                    .map_or("unknown".to_string(), |kb| format!("{:.0} MB", kb as f64 / 1024.0))
            );
        }
        Command::Eval(EvalCommand::Entities { dir, errors }) => eval_entities(&dir, errors)?,
        Command::Eval(EvalCommand::Stories {
            dir,
            threshold,
            topics,
            errors,
        }) => {
            use newsfuse_eval::stories as st;
            let mut docs = st::load(&dir).map_err(anyhow::Error::msg)?;
            if let Some((first, last)) = topics {
                // A gold story key is the topic number and its half: "12ecbplus".
                docs.retain(|d| {
                    let topic: String = d.story.chars().take_while(char::is_ascii_digit).collect();
                    topic.parse::<u32>().is_ok_and(|t| (first..=last).contains(&t))
                });
            }
            let analyzer = Analyzer::new(models::load_ner()?);
            let t = std::time::Instant::now();
            let annotated: Vec<newsfuse_model::Annotated> = docs
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let title = d.text.lines().next().unwrap_or("").to_string();
                    analyzer.analyse(newsfuse_model::Document::new(
                        &format!("d{}", i + 1),
                        &d.path.display().to_string(),
                        "",
                        &title,
                        d.text.clone(),
                    ))
                })
                .collect();
            let analysed = t.elapsed();
            let mut params = newsfuse_link::ClusterParams::default();
            if let Some(th) = threshold {
                params.threshold = th;
            }
            let t = std::time::Instant::now();
            let refs: Vec<&newsfuse_model::Annotated> = annotated.iter().collect();
            let pred = newsfuse_link::cluster_batch(&refs, params);
            let clustered = t.elapsed();
            let mut keys: Vec<&str> = docs.iter().map(|d| d.story.as_str()).collect();
            keys.sort();
            keys.dedup();
            let gold: Vec<usize> = docs
                .iter()
                .map(|d| keys.binary_search(&d.story.as_str()).unwrap())
                .collect();
            let stories = pred.iter().max().map_or(0, |m| m + 1);
            if errors {
                // Each predicted story that mixes gold stories: its gold stories with counts.
                for p in 0..stories {
                    let mut mix: std::collections::BTreeMap<&str, usize> = Default::default();
                    for (d, _) in pred.iter().enumerate().filter(|(_, x)| **x == p) {
                        *mix.entry(docs[d].story.as_str()).or_default() += 1;
                    }
                    if mix.len() > 1 {
                        println!("mixed\tstory {p}\t{mix:?}");
                    }
                }
                // Each gold story spread over several predicted ones: the sizes of its parts.
                for k in &keys {
                    let mut parts: std::collections::BTreeMap<usize, usize> = Default::default();
                    for (d, _) in docs.iter().enumerate().filter(|(_, x)| x.story == *k) {
                        *parts.entry(pred[d]).or_default() += 1;
                    }
                    if parts.len() > 1 {
                        let mut sizes: Vec<usize> = parts.into_values().collect();
                        sizes.sort_unstable_by(|a, b| b.cmp(a));
                        println!("split\t{k}\t{sizes:?}");
                    }
                }
            }
            let (bp, br, bf) = st::b_cubed(&pred, &gold);
            let (mp, mr, mf) = st::muc(&pred, &gold);
            println!(
                "{} documents, {} gold stories, {stories} predicted (threshold {})",
                docs.len(),
                keys.len(),
                params.threshold
            );
            println!("B3   P {bp:.3}  R {br:.3}  F1 {bf:.3}");
            println!("MUC  P {mp:.3}  R {mr:.3}  F1 {mf:.3}");
            println!(
                "analysis {:.2} s, clustering {:.3} s",
                analysed.as_secs_f64(),
                clustered.as_secs_f64()
            );
        }
        Command::Eval(EvalCommand::Timex { dir, errors }) => {
            let docs = newsfuse_eval::timex::load(&dir).map_err(anyhow::Error::msg)?;
            let s = newsfuse_eval::timex::score(&docs, |text, gold, got, line| {
                if errors {
                    println!("{gold}\t{got}\t{text}\t{}", line.replace('\t', " "));
                }
            });
            let (ep, er, ef) = s.extraction();
            let (vp, vr, vf) = s.value();
            println!(
                "{} documents, {} gold expressions, {} predicted",
                docs.len(),
                s.gold,
                s.predicted
            );
            println!("extraction (relaxed)  P {ep:.3}  R {er:.3}  F1 {ef:.3}");
            println!("value                 P {vp:.3}  R {vr:.3}  F1 {vf:.3}");
        }
        Command::Eval(EvalCommand::Extract {
            dir,
            peer_output,
            errors,
        }) => {
            use newsfuse_eval::extraction as ex;
            let pages = ex::load(&dir).map_err(anyhow::Error::msg)?;
            if errors {
                let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
                for p in &pages {
                    let text = squash(&ex::newsfuse_extract(p).unwrap_or_default());
                    for w in &p.with {
                        if !text.contains(&squash(w)) {
                            println!("{}\tmiss\t{}\t{}", p.file, text.len(), squash(w));
                        }
                    }
                    for w in &p.without {
                        if text.contains(&squash(w)) {
                            println!("{}\tjunk\t{}\t{}", p.file, text.len(), squash(w));
                        }
                    }
                }
            }
            let name = match cli.extractor {
                ExtractorChoice::Newsfuse => "newsfuse",
                ExtractorChoice::Trafilatura => "newsfuse-trafilatura",
            };
            let report = ex::evaluate(name, &pages, ex::newsfuse_extract);
            println!("{}", report.lines());
            if let Some(path) = peer_output {
                let text = std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                let json: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                let peer = ex::score_peer("peer", &pages, &json);
                for (label, c) in [("all", peer.all), ("english", peer.english)] {
                    println!(
                        "{:<16} {:<8} P {:.3}  R {:.3}  F1 {:.3}  acc {:.3}",
                        "trafilatura-py",
                        label,
                        c.precision(),
                        c.recall(),
                        c.f1(),
                        c.accuracy()
                    );
                }
            }
        }
    }
    Ok(0)
}

/// Tag CoNLL columns: `token<TAB>tag` per token line, other lines kept.
/// Each `-DOCSTART-` document is tagged as a whole (the second pass looks
/// across its sentences).
fn conll_tag(model: &newsfuse_nlp::ner::NerModel, input: &str) -> String {
    use newsfuse_nlp::conll::{parse_lines, ConllLine};
    let lines = parse_lines(input);
    let mut tags: Vec<Option<String>> = vec![None; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        // One document: up to the next -DOCSTART- line.
        let end = (start + 1..lines.len())
            .find(|&i| matches!(lines[i], ConllLine::DocStart(_)))
            .unwrap_or(lines.len());
        let mut sentences: Vec<Vec<usize>> = Vec::new();
        let mut current = Vec::new();
        for (i, line) in lines.iter().enumerate().take(end).skip(start) {
            if matches!(line, ConllLine::Token { .. }) {
                current.push(i);
            } else if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            sentences.push(current);
        }
        let word = |i: usize| {
            if let ConllLine::Token { word, .. } = &lines[i] {
                word.as_str()
            } else {
                ""
            }
        };
        let doc: Vec<Vec<&str>> = sentences.iter().map(|s| s.iter().map(|&i| word(i)).collect()).collect();
        for (s, labels) in sentences.iter().zip(model.tag_document(&doc)) {
            for (&i, t) in s.iter().zip(newsfuse_nlp::ner::iob2_to_iob1(&labels)) {
                tags[i] = Some(t);
            }
        }
        start = end;
    }
    let mut out = String::with_capacity(input.len());
    for (l, t) in lines.iter().zip(tags) {
        match l {
            ConllLine::Token { word, .. } => {
                out.push_str(word);
                out.push('\t');
                out.push_str(t.as_deref().unwrap_or("O"));
                out.push('\n');
            }
            ConllLine::Blank => out.push('\n'),
            ConllLine::DocStart(d) => {
                out.push_str(d);
                out.push('\n');
            }
        }
    }
    out
}

fn main() {
    // A closed pipe (`newsfuse demo | head`) is not an error worth a panic message.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        eprintln!("newsfuse: internal error: {info}");
    }));
    match run(Cli::parse()) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("newsfuse: error: {e:#}");
            std::process::exit(1);
        }
    }
}

/// Each gold article alone through the whole pipeline; the dossier's frame,
/// date and first place are its answers.
fn eval_fivew(dir: &std::path::Path, errors: bool) -> anyhow::Result<()> {
    use newsfuse_eval::fivew;
    let gold = fivew::load(dir).map_err(anyhow::Error::msg)?;
    let analyzer = Analyzer::new(models::load_ner()?);
    let mut scores = [fivew::WScore::default(); 4];
    let t = std::time::Instant::now();
    for g in &gold {
        // Cleaned as `newsfuse dossier` cleans a text file: the corpus's texts carry page
        // furniture (picture credits, caption labels) that a user's input would too.
        let rec = newsfuse_ingest::RawRecord {
            path: g.id.clone(),
            title: Some(g.title.clone()),
            source: Some(g.publisher.clone()),
            published: g.published.clone(),
            blocks: newsfuse_ingest::text_blocks(&g.text),
            ..Default::default()
        };
        let a = analyzer.analyse(newsfuse_ingest::clean_record(&rec, "d1"));
        let d = newsfuse_fuse::build_dossier("s1", &[&a], newsfuse_fuse::FuseOptions::default());
        let answers = [
            d.frame.who.first().map(|p| p.name.clone()),
            d.frame.what.as_ref().map(|w| w.text.clone()),
            d.when.as_ref().map(|w| {
                // The phrase that dates the event, for a phrase match; the date for a date match.
                w.citations
                    .first()
                    .and_then(|c| a.doc.text.get(c.start..c.end))
                    .unwrap_or(&w.date)
                    .to_string()
            }),
            d.places.first().map(|p| p.name.clone()),
        ];
        let right = fivew::score(g, &answers, d.when.as_ref().map(|w| w.date.as_str()), &mut scores);
        if errors {
            for w in 0..4 {
                if !right[w] && (answers[w].is_some() || !g.phrases[w].is_empty()) {
                    println!("{}\t{}\t{:?}\t{:?}", g.id, fivew::WS[w], answers[w], g.phrases[w]);
                }
            }
        }
    }
    println!("{} articles ({:.2} s)", gold.len(), t.elapsed().as_secs_f64());
    let mut mean_p = 0.0;
    for (w, s) in fivew::WS.iter().zip(&scores) {
        let (p, r, f) = s.prf();
        mean_p += p / 4.0;
        println!(
            "{w:<6} P {p:.3}  R {r:.3}  F1 {f:.3}  ({} right, {} answered, {} with coder phrases)",
            s.right, s.answered, s.gold
        );
    }
    println!("mean precision over the four Ws {mean_p:.3}");
    Ok(())
}

/// Each group (sub-corpus or topic) is linked as one story; every gold
/// proper-name mention takes the linked entity of the recognised mention
/// that overlaps it most, or stays a singleton.
fn eval_entities(dir: &std::path::Path, errors: bool) -> anyhow::Result<()> {
    use newsfuse_eval::{entities as el, stories};
    let docs = el::load(dir).map_err(anyhow::Error::msg)?;
    let analyzer = Analyzer::new(models::load_ner()?);
    let t = std::time::Instant::now();
    let mut groups: Vec<&str> = docs.iter().map(|d| d.group.as_str()).collect();
    groups.sort();
    groups.dedup();
    let mut chains: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let (mut gold, mut pred, mut as_place) = (Vec::new(), Vec::new(), Vec::new());
    let mut surfaces: Vec<String> = Vec::new();
    let mut next_pred = 0usize;
    let (mut recognised, mut total) = (0usize, 0usize);
    for g in groups {
        let members: Vec<&el::LinkDoc> = docs.iter().filter(|d| d.group == g).collect();
        let mut annotated: Vec<newsfuse_model::Annotated> = members
            .iter()
            .enumerate()
            .map(|(i, d)| {
                analyzer.analyse(newsfuse_model::Document::new(
                    &format!("d{}", i + 1),
                    &d.path.display().to_string(),
                    "",
                    "",
                    d.text.clone(),
                ))
            })
            .collect();
        let mut muts: Vec<&mut newsfuse_model::Annotated> = annotated.iter_mut().collect();
        newsfuse_link::propagate_names(&mut muts);
        let refs: Vec<&newsfuse_model::Annotated> = annotated.iter().collect();
        let linked = newsfuse_link::resolve_entities(&refs);
        let mut linked_of: rustc_hash::FxHashMap<(usize, usize), usize> = rustc_hash::FxHashMap::default();
        for (li, l) in linked.iter().enumerate() {
            for &m in &l.members {
                linked_of.insert(m, next_pred + li);
            }
        }
        next_pred += linked.len();
        for (di, (d, a)) in members.iter().zip(&annotated).enumerate() {
            for m in &d.mentions {
                let n = chains.len();
                gold.push(*chains.entry(m.chain.as_str()).or_insert(n));
                surfaces.push(d.text[m.start..m.end].to_string());
                total += 1;
                let names: Vec<&newsfuse_model::Mention> = a
                    .mentions
                    .iter()
                    .filter(|x| x.kind == newsfuse_model::MentionKind::Name)
                    .collect();
                let spans: Vec<(usize, usize)> = names.iter().map(|x| (x.span.start, x.span.end)).collect();
                let best = el::head_name(&d.text, (m.start, m.end), &spans).map(|i| names[i]);
                match best.and_then(|x| linked_of.get(&(di, x.entity))) {
                    Some(&p) => {
                        recognised += 1;
                        pred.push(p);
                        // MEANTIME annotates a people's adjective ("American carmakers") as a
                        // mention of the country; ours is an entity of its own that names
                        // its place, scored both ways.
                        let base = next_pred - linked.len();
                        let l = &linked[p - base];
                        as_place.push(l.place.map_or(p, |q| base + q));
                        if let Some(s) = surfaces.last_mut() {
                            s.push_str(&format!(" ({} {:?})", l.name, l.etype));
                        }
                    }
                    None => {
                        pred.push(usize::MAX - total);
                        as_place.push(usize::MAX - total);
                    }
                }
            }
        }
    }
    // Singletons got ids from the top of the range; renumber densely for the scorers.
    let densely = |ids: &[usize]| -> Vec<usize> {
        let mut dense: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
        ids.iter()
            .map(|p| {
                let n = dense.len();
                *dense.entry(*p).or_insert(n)
            })
            .collect()
    };
    let pred = densely(&pred);
    let as_place = densely(&as_place);
    if errors {
        // Listed as scored with people's adjectives read as their places.
        let pred = &as_place;
        let mut by_gold: rustc_hash::FxHashMap<usize, Vec<usize>> = rustc_hash::FxHashMap::default();
        let mut by_pred: rustc_hash::FxHashMap<usize, Vec<usize>> = rustc_hash::FxHashMap::default();
        for i in 0..gold.len() {
            by_gold.entry(gold[i]).or_default().push(i);
            by_pred.entry(pred[i]).or_default().push(i);
        }
        let show = |items: &[usize], label: &[usize]| {
            let mut v: Vec<String> = items
                .iter()
                .map(|&i| format!("{}[{}]", surfaces[i], label[i]))
                .collect();
            v.sort();
            v.dedup();
            v.join(" | ")
        };
        // Groups of one side that the other side splits, largest B³ loss first: each
        // mention loses the share of its group that the other side's cluster misses.
        let ranked = |groups: &rustc_hash::FxHashMap<usize, Vec<usize>>, other: &[usize]| {
            let mut v: Vec<(f64, Vec<usize>)> = groups
                .values()
                .filter(|g| g.iter().any(|&i| other[i] != other[g[0]]))
                .map(|g| {
                    let same = |i: usize| g.iter().filter(|&&j| other[j] == other[i]).count() as f64;
                    (g.iter().map(|&i| 1.0 - same(i) / g.len() as f64).sum(), g.clone())
                })
                .collect();
            v.sort_by(|a, b| b.0.total_cmp(&a.0));
            v
        };
        for (loss, items) in ranked(&by_gold, pred) {
            println!("split\t{loss:.1}\t{}", show(&items, pred));
        }
        for (loss, items) in ranked(&by_pred, &gold) {
            println!("merged\t{loss:.1}\t{}", show(&items, &gold));
        }
    }
    let (bp, br, bf) = stories::b_cubed(&pred, &gold);
    let (mp, mr, mf) = stories::muc(&pred, &gold);
    println!(
        "{} documents, {total} gold proper-name mentions in {} chains; {recognised} recognised ({:.2} s)",
        docs.len(),
        chains.len(),
        t.elapsed().as_secs_f64()
    );
    println!("B3   P {bp:.3}  R {br:.3}  F1 {bf:.3}");
    println!("MUC  P {mp:.3}  R {mr:.3}  F1 {mf:.3}");
    let (bp, br, bf) = stories::b_cubed(&as_place, &gold);
    let (mp, mr, mf) = stories::muc(&as_place, &gold);
    // As MEANTIME annotates them: "American" a mention of the United States.
    println!("B3 (people's adjectives as their places)   P {bp:.3}  R {br:.3}  F1 {bf:.3}");
    println!("MUC (people's adjectives as their places)  P {mp:.3}  R {mr:.3}  F1 {mf:.3}");
    Ok(())
}

/// "1-22" → (1, 22).
fn parse_topic_range(s: &str) -> Result<(u32, u32), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("expected FIRST-LAST, got {s:?}"))?;
    let a: u32 = a.trim().parse().map_err(|_| format!("not a topic number: {a:?}"))?;
    let b: u32 = b.trim().parse().map_err(|_| format!("not a topic number: {b:?}"))?;
    if a > b {
        return Err(format!("empty range {s:?}"));
    }
    Ok((a, b))
}
