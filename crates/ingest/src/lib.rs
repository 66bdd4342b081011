//! Reading articles from files and turning them into clean [`Document`]s.
//!
//! The **read** stage turns bytes into [`RawRecord`]s (one per article: a
//! plain-text file holds one, a JSONL file many); the **clean** stage
//! removes page junk and normalises whitespace to give a [`Document`].
//! Readers never panic and never give up on the whole input because one
//! file is bad: every problem becomes a [`Diagnostic`] naming the file.
//!
//! ```
//! use newsfuse_ingest::{read_bytes, clean_record};
//! let input = b"---\ntitle: Port fire\nsource: Ledger\n---\nA fire broke out.\n\nImage: J. Doe/Ledger\n";
//! let (records, diags) = read_bytes("port.txt", input);
//! assert!(diags.is_empty());
//! let doc = clean_record(&records[0], "d1");
//! assert_eq!(doc.title, "Port fire");
//! assert_eq!(doc.text, "A fire broke out.");
//! ```
#![warn(missing_docs)]

mod article;
mod clean;
mod date;
mod dom;
mod formats;
mod html;
mod markdown;
mod read;

pub use clean::{clean_blocks, clean_record, iso639_1};
pub use date::normalize_date;
pub use formats::{host_of, MAX_DOC_BYTES};
pub use html::{extractor, html_blocks, set_extractor, Extractor};
pub use read::{for_each_input, read_bytes, read_paths, text_blocks, Format, RawRecord, ReadOutcome};
