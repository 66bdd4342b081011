//! Linking across documents: entities (one per real person, organisation
//! and place), syndicated copies, and stories.
//!
//! ```
//! use newsfuse_link::names::same_word;
//! assert!(same_word("Dmitri", "Dmitry"));
//! assert!(!same_word("Anna", "Anya"));
//! ```
#![warn(missing_docs)]

pub mod cluster;
pub mod dedup;
pub mod entities;
pub mod names;
pub mod propagate;
#[cfg(test)]
mod testing;

pub use cluster::{cluster_batch, doc_terms, Changes, ClusterParams, DocTerms, SavedDoc, StoryClusterer};
pub use dedup::find_copies;
pub use entities::{resolve_entities, LinkedEntity};
pub use propagate::propagate_names;
