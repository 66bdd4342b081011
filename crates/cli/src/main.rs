//! The `newsfuse` command: every pipeline stage as a subcommand.

mod models;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "newsfuse", version, about = "Sourced story dossiers from many news articles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a model from a corpus.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Evaluate a stage on a corpus and print its metrics.
    #[command(subcommand)]
    Eval(EvalCommand),
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
        #[arg(long, default_value_t = 12)]
        epochs: usize,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Entity-level precision, recall and F1 of the shipped NER model on a CoNLL file.
    Ner {
        /// CoNLL-2003 file with gold tags in the last column.
        file: PathBuf,
    },
}

fn main() {
    let cli = Cli::parse();
    let result: Result<i32> = match cli.command {
        Command::Train(TrainCommand::Ner { train, dev, out, epochs }) => {
            models::train_ner(&train, dev.as_deref(), &out, epochs).map(|_| 0)
        }
        Command::Eval(EvalCommand::Ner { file }) => models::eval_ner(&file).map(|_| 0),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("newsfuse: {e:#}");
            std::process::exit(2);
        }
    }
}
