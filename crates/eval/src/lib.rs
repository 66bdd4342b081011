//! Evaluation harnesses on the shared corpora, used by `newsfuse eval` and
//! by the comparison binaries.
#![warn(missing_docs)]

mod cat;
pub mod entities;
pub mod extraction;
pub mod fivew;
pub mod quotes;
pub mod stories;
pub mod timex;
