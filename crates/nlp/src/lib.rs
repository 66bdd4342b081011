//! Per-document analysis: tokens, sentences, named entities, dates,
//! amounts, roles, quotes and in-document coreference.
#![warn(missing_docs)]

pub mod conll;
pub mod ner;
pub mod tokenize;
