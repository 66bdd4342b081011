//! Test support: documents small enough to write by hand.

use newsfuse_model::{Annotated, Document, Sentence, Span, Token};

/// A document of `text` with whitespace tokens and one sentence per line,
/// and nothing recognised yet: enough for the linking steps' tests.
pub(crate) fn whitespace_doc(text: &str) -> Annotated {
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let first = tokens.len();
        let mut pos = offset;
        for w in line.split(' ') {
            if !w.is_empty() {
                tokens.push(Token {
                    span: Span::new(pos, pos + w.len()),
                });
            }
            pos += w.len() + 1;
        }
        sentences.push(Sentence {
            span: Span::new(offset, offset + line.len()),
            first_token: first,
            end_token: tokens.len(),
        });
        offset += line.len() + 1;
    }
    Annotated {
        doc: Document::new("d", "p", "s", "", text.to_string()),
        tokens,
        sentences,
        mentions: vec![],
        entities: vec![],
        quotes: vec![],
        times: vec![],
        amounts: vec![],
    }
}
