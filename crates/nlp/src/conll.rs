//! CoNLL-2003 column files: reading for training and evaluation.

use crate::ner::{iob1_to_iob2, TrainDoc, TrainSentence};

/// One line of a CoNLL file as read: a token with its columns, a sentence
/// break, or a `-DOCSTART-` line.
#[derive(Debug, Clone, PartialEq)]
pub enum ConllLine {
    /// A token line: the token and the last column (the gold tag, if any).
    Token {
        /// The token.
        word: String,
        /// The last column when the line has more than one.
        tag: Option<String>,
    },
    /// A blank line.
    Blank,
    /// A `-DOCSTART-` line, kept verbatim.
    DocStart(String),
}

/// Parse CoNLL text line by line (never fails: odd lines are tokens).
pub fn parse_lines(text: &str) -> Vec<ConllLine> {
    text.lines()
        .map(|line| {
            let l = line.trim_end_matches('\r');
            if l.trim().is_empty() {
                ConllLine::Blank
            } else if l.starts_with("-DOCSTART-") {
                ConllLine::DocStart(l.to_string())
            } else {
                let cols: Vec<&str> = l.split_whitespace().collect();
                ConllLine::Token {
                    word: cols[0].to_string(),
                    tag: (cols.len() > 1).then(|| cols[cols.len() - 1].to_string()),
                }
            }
        })
        .collect()
}

/// Group token lines into sentences with IOB2 gold labels.
pub fn sentences(lines: &[ConllLine]) -> Vec<TrainSentence> {
    let mut out = Vec::new();
    let mut words = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<String>| {
        if !words.is_empty() {
            let t: Vec<&str> = tags.iter().map(String::as_str).collect();
            out.push(TrainSentence {
                words: std::mem::take(words),
                labels: iob1_to_iob2(&t),
            });
            tags.clear();
        }
    };
    for l in lines {
        match l {
            ConllLine::Token { word, tag } => {
                words.push(word.clone());
                tags.push(tag.clone().unwrap_or_else(|| "O".into()));
            }
            _ => flush(&mut words, &mut tags),
        }
    }
    flush(&mut words, &mut tags);
    out
}

/// Group token lines into documents (split at `-DOCSTART-`) of sentences.
pub fn documents(lines: &[ConllLine]) -> Vec<TrainDoc> {
    let mut docs = Vec::new();
    let mut current: Vec<ConllLine> = Vec::new();
    for l in lines {
        if matches!(l, ConllLine::DocStart(_)) {
            if !current.is_empty() {
                docs.push(TrainDoc {
                    sentences: sentences(&current),
                });
                current.clear();
            }
        } else {
            current.push(l.clone());
        }
    }
    if !current.is_empty() {
        docs.push(TrainDoc {
            sentences: sentences(&current),
        });
    }
    docs.retain(|d| !d.sentences.is_empty());
    docs
}
