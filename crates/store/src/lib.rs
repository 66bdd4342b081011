//! The persistent workflow's store: cleaned documents, the story each one
//! joined, the online story clusterer's state, and full-text search.
//!
//! `newsfuse ingest` adds documents in batches; each batch (its documents,
//! their stories and the clusterer state they changed) is one transaction, so
//! a crash loses at most the batch in flight and re-running resumes: a
//! document already stored (same content hash) is skipped. Story ids are the
//! clusterer's story numbers plus one and never change when more documents
//! arrive.
//!
//! ```
//! use newsfuse_store::{SqliteStore, Store};
//! let store = SqliteStore::open_in_memory().unwrap();
//! assert!(store.stories().unwrap().is_empty());
//! ```

#![warn(missing_docs)]

mod postgres;
mod sqlite;

pub use crate::postgres::PgStore;
pub use crate::sqlite::SqliteStore;
use newsfuse_link::{Changes, ClusterParams, StoryClusterer};
use newsfuse_model::Document;

/// What went wrong in the store, in one line (with the database it concerns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

impl From<::postgres::Error> for StoreError {
    fn from(e: ::postgres::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// Store result.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A document ready to be stored: its content hash, its number in the
/// clusterer (the order it was added) and every term it counted (for
/// document frequencies). Its story and clustering state are read from the
/// clusterer when the batch is committed.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Content hash ([`content_hash`]).
    pub hash: String,
    /// The cleaned document.
    pub doc: Document,
    /// Its number in the clusterer.
    pub seq: u32,
    /// All of the document's clustering terms.
    pub terms: Vec<u64>,
}

/// What a commit writes besides the new documents: earlier documents that
/// moved to another story, stories with their new dates, stories left empty.
pub(crate) struct Plan {
    /// (document number, story id) of stored documents that moved.
    pub moved: Vec<(i64, i64)>,
    /// (story id, first date, last date) of stories that have documents.
    pub stories: Vec<(i64, Option<String>, Option<String>)>,
    /// Stories left without documents.
    pub emptied: Vec<i64>,
}

pub(crate) fn plan(batch: &[NewDocument], changes: &Changes, clusterer: &StoryClusterer) -> Plan {
    let first_new = batch.iter().map(|d| d.seq).min().unwrap_or(u32::MAX);
    let moved = changes
        .documents
        .iter()
        .filter(|(d, _)| *d < first_new)
        .map(|&(d, s)| (i64::from(d), s as i64 + 1))
        .collect();
    let (mut stories, mut emptied) = (Vec::new(), Vec::new());
    for &s in &changes.stories {
        if clusterer.story_size(s) == 0 {
            emptied.push(s as i64 + 1);
        } else {
            let (first, last) = clusterer.story_dates(s);
            stories.push((s as i64 + 1, first.map(|d| d.to_string()), last.map(|d| d.to_string())));
        }
    }
    Plan {
        moved,
        stories,
        emptied,
    }
}

/// A stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    /// Store-wide document number.
    pub id: i64,
    /// Story id.
    pub story: i64,
    /// The cleaned document (its `id` is `n{id}`).
    pub doc: Document,
}

/// One line of `newsfuse stories`.
#[derive(Debug, Clone, PartialEq)]
pub struct StorySummary {
    /// Story id (stable).
    pub id: i64,
    /// Headline: the title of its earliest document.
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

/// A full-text search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// Document number.
    pub document: i64,
    /// Its story.
    pub story: i64,
    /// Title.
    pub title: String,
    /// Source.
    pub source: String,
    /// Publication date.
    pub published: Option<String>,
    /// The matching passage, matches in `[` `]`.
    pub snippet: String,
}

/// What a store keeps. SQLite is the default; other backends implement the same.
pub trait Store {
    /// True when a document with this content hash is stored.
    fn contains(&self, hash: &str) -> Result<bool>;
    /// The story clusterer as the stored documents left it.
    fn load_clusterer(&self, params: ClusterParams) -> Result<StoryClusterer>;
    /// Store a batch of documents, in the order the clusterer added them, with
    /// what the clusterer changed while adding them (documents that moved
    /// story, stories that changed) and its state after the batch, all or nothing.
    fn commit(&mut self, batch: &[NewDocument], changes: &Changes, clusterer: &StoryClusterer) -> Result<()>;
    /// Every story, most recent first.
    fn stories(&self) -> Result<Vec<StorySummary>> {
        self.stories_page(usize::MAX, 0)
    }
    /// `limit` stories from the `offset`-th, most recent first.
    fn stories_page(&self, limit: usize, offset: usize) -> Result<Vec<StorySummary>>;
    /// Number of stories.
    fn story_count(&self) -> Result<usize>;
    /// A story's documents in the order they were stored (empty when there is no such story).
    fn story_documents(&self, story: i64) -> Result<Vec<StoredDocument>>;
    /// Documents matching a full-text query, best first.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    /// Number of stored documents.
    fn document_count(&self) -> Result<usize>;
}

/// A stable content hash of a cleaned document (FNV-1a 64 over source, title
/// and text): the same article ingested twice is stored once.
pub fn content_hash(doc: &Document) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        doc.source.as_bytes(),
        b"\x1f",
        doc.title.as_bytes(),
        b"\x1f",
        doc.text.as_bytes(),
    ] {
        for &b in part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

pub(crate) const SCHEMA_VERSION: &str = "2";

/// Every story with its counts, dates and earliest title, most recent first
/// (the same SQL on both backends).
/// Stories most recent first, `$1` of them from the `$2`-th: the page is
/// chosen on the stories table, then only its stories' documents are read.
pub(crate) const STORIES_SQL: &str = "SELECT s.id, s.first_date, s.last_date,
        (SELECT COUNT(*) FROM documents d WHERE d.story = s.id),
        (SELECT COUNT(DISTINCT d.source) FROM documents d WHERE d.story = s.id),
        (SELECT title FROM documents f WHERE f.story = s.id
         ORDER BY f.published IS NULL, f.published, f.id LIMIT 1)
    FROM (SELECT id, first_date, last_date FROM stories
          ORDER BY last_date IS NULL, last_date DESC, id DESC
          LIMIT $1 OFFSET $2) s
    ORDER BY s.last_date IS NULL, s.last_date DESC, s.id DESC";

/// A count or position as SQL's 64-bit integer (`usize::MAX` as "no limit").
pub(crate) fn clamp(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The error of a batch whose clusterer state another ingest replaced meanwhile.
pub(crate) fn lost_race(store: &str) -> StoreError {
    StoreError(format!(
        "{store}: another ingest changed the store during this one; nothing of this batch was stored, run the ingest again"
    ))
}

/// The error for a database of another schema version.
pub(crate) fn other_version(store: &str, version: &str) -> StoreError {
    StoreError(format!(
        "{store}: made by another version of newsfuse (schema {version}; this one reads schema {SCHEMA_VERSION}); ingest the articles into a new database"
    ))
}

/// A document's fields but its text, as JSON: the text is stored once, in its
/// own column (which full-text search indexes). `keep_text` keeps it in the
/// JSON too, for a backend whose text column cannot hold it exactly.
pub(crate) fn document_json(doc: &Document, keep_text: bool) -> String {
    let mut meta = Document {
        text: String::new(),
        ..doc.clone()
    };
    if keep_text {
        meta.text.clone_from(&doc.text);
    }
    serde_json::to_string(&meta).expect("a document always serialises")
}

/// A stored document from its JSON and its text column.
pub(crate) fn stored_document(
    id: i64,
    story: i64,
    json: &str,
    text: String,
) -> std::result::Result<StoredDocument, String> {
    let mut doc: Document = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if doc.text.is_empty() {
        doc.text = text;
    }
    doc.id = format!("n{id}");
    Ok(StoredDocument { id, story, doc })
}

/// One part of a search query: a word (possibly a prefix) or a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryPart {
    /// A word; `true` when it ended with `*` (match any word it begins).
    Word(String, bool),
    /// Words that must occur in this order, next to one another.
    Phrase(Vec<String>),
}

/// A user's query: words must all occur, `word*` matches any word it begins,
/// a "quoted phrase" stays a phrase. Anything else (operators, brackets,
/// punctuation) is only a separator, so no query can be a syntax error.
pub fn parse_query(query: &str) -> Vec<QueryPart> {
    let mut parts = Vec::new();
    for (i, chunk) in query.split('"').enumerate() {
        let words: Vec<(String, bool)> = chunk
            .split(|c: char| !(c.is_alphanumeric() || c == '*'))
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(|w| (w.chars().filter(|c| c.is_alphanumeric()).collect(), w.ends_with('*')))
            .collect();
        if words.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            parts.push(QueryPart::Phrase(words.into_iter().map(|w| w.0).collect()));
        } else {
            parts.extend(words.into_iter().map(|(w, p)| QueryPart::Word(w, p)));
        }
    }
    parts
}

/// The query in SQLite FTS5 syntax (every part quoted, joined by AND).
pub fn fts5_query(query: &str) -> String {
    parse_query(query)
        .into_iter()
        .map(|p| match p {
            QueryPart::Word(w, prefix) => format!("\"{w}\"{}", if prefix { "*" } else { "" }),
            QueryPart::Phrase(ws) => format!("\"{}\"", ws.join(" ")),
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The query in PostgreSQL `to_tsquery('simple', …)` syntax: words lower-cased
/// and quoted, `:*` for prefixes, `<->` inside phrases, `&` between parts.
pub fn tsquery(query: &str) -> String {
    let lex = |w: &str| format!("'{}'", w.to_lowercase());
    parse_query(query)
        .into_iter()
        .map(|p| match p {
            QueryPart::Word(w, prefix) => format!("{}{}", lex(&w), if prefix { ":*" } else { "" }),
            QueryPart::Phrase(ws) => format!("({})", ws.iter().map(|w| lex(w)).collect::<Vec<_>>().join(" <-> ")),
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_safe_and_keep_phrases() {
        assert_eq!(fts5_query("grain terminal"), "\"grain\" AND \"terminal\"");
        assert_eq!(
            fts5_query("\"harbour master\" fire*"),
            "\"harbour master\" AND \"fire\"*"
        );
        assert_eq!(fts5_query("NOT OR ( ) -"), "\"NOT\" AND \"OR\"");
        assert_eq!(fts5_query("  \"\" "), "");
        assert_eq!(
            tsquery("\"Harbour master\" fire* O'Brien"),
            "('harbour' <-> 'master') & 'fire':* & 'o' & 'brien'"
        );
        assert_eq!(tsquery("!&|<->:*"), "");
    }

    fn add(store: &mut SqliteStore, c: &mut StoryClusterer, title: &str, words: &[u64]) -> Result<()> {
        let terms = newsfuse_link::DocTerms {
            counts: words.iter().map(|w| (*w, 1.0)).collect(),
            date: None,
        };
        c.observe(&terms);
        c.add(&terms);
        let doc = Document::new("d", "p", "src", title, format!("{title} body"));
        let new = NewDocument {
            hash: content_hash(&doc),
            doc,
            seq: c.added() - 1,
            terms: words.to_vec(),
        };
        let changes = c.take_changes();
        store.commit(&[new], &changes, c)
    }

    #[test]
    fn two_ingests_at_once_cannot_overwrite_each_others_stories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.db");
        let mut a = SqliteStore::open(&path).unwrap();
        let mut b = SqliteStore::open(&path).unwrap();
        let mut ca = a.load_clusterer(ClusterParams::default()).unwrap();
        let mut cb = b.load_clusterer(ClusterParams::default()).unwrap();
        add(&mut a, &mut ca, "first", &[1, 2, 3]).unwrap();
        let err = add(&mut b, &mut cb, "second", &[7, 8, 9]).unwrap_err();
        assert!(err.0.contains("another ingest"), "{err}");
        assert_eq!(b.document_count().unwrap(), 1);
        // Reloaded, the second ingest goes on from the stored state.
        let mut cb = b.load_clusterer(ClusterParams::default()).unwrap();
        add(&mut b, &mut cb, "second", &[7, 8, 9]).unwrap();
        assert_eq!(a.document_count().unwrap(), 2);
        assert_eq!(a.stories().unwrap().len(), 2);
    }

    #[test]
    fn documents_that_move_story_are_stored_where_the_clusterer_put_them() {
        // Two events of one kind reported in turns (shared words 1..=8, own words 100.. and
        // 200..), one document per commit: the second event's first report joins the first
        // event's story and leaves it once its own reports arrive.
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut c = store.load_clusterer(ClusterParams::default()).unwrap();
        let report = |own: u64, k: u64| -> Vec<u64> {
            let mut w: Vec<u64> = (1..=8).skip((k % 3) as usize).take(6).collect();
            w.extend((0..5).map(|j| own + (k + j) % 8));
            w
        };
        for k in 0..6 {
            add(&mut store, &mut c, &format!("a{k}"), &report(100, k)).unwrap();
            add(&mut store, &mut c, &format!("b{k}"), &report(200, k)).unwrap();
            if k == 0 {
                let first: Vec<String> = store
                    .story_documents(1)
                    .unwrap()
                    .into_iter()
                    .map(|d| d.doc.title)
                    .collect();
                assert_eq!(first, ["a0", "b0"], "b0 first joins a0's story");
            }
        }
        let titles = |s: i64| -> Vec<String> {
            store
                .story_documents(s)
                .unwrap()
                .into_iter()
                .map(|d| d.doc.title)
                .collect()
        };
        assert_eq!(titles(1), ["a0", "a1", "a2", "a3", "a4", "a5"]);
        let listed = store.stories().unwrap();
        assert_eq!(listed.len(), 2, "{listed:?}");
        let b = listed.iter().find(|s| s.id != 1).unwrap().id;
        assert_eq!(titles(b), ["b0", "b1", "b2", "b3", "b4", "b5"]);
        // The stored state reloads to the clusterer that wrote it.
        let reloaded = store.load_clusterer(ClusterParams::default()).unwrap();
        for d in 0..c.added() {
            assert_eq!(reloaded.story_of(d), c.story_of(d));
        }
        assert_eq!(reloaded.len(), c.len());
    }

    #[test]
    fn a_stored_document_comes_back_whole() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut c = store.load_clusterer(ClusterParams::default()).unwrap();
        add(&mut store, &mut c, "Fire at the port", &[4, 5]).unwrap();
        let back = store.story_documents(1).unwrap();
        assert_eq!(back.len(), 1);
        let mut expected = Document::new("n1", "p", "src", "Fire at the port", "Fire at the port body".into());
        expected.id = "n1".into();
        assert_eq!(back[0].doc, expected);
        assert_eq!(back[0].story, 1);
    }

    #[test]
    fn a_database_of_another_schema_version_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('schema_version', '1');",
        )
        .unwrap();
        drop(conn);
        let err = SqliteStore::open(&path).err().expect("refused");
        assert!(
            err.0.contains("old.db") && err.0.contains("schema 1") && err.0.contains("new database"),
            "{err}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "these are my notes, not a database\n".repeat(200)).unwrap();
        let err = SqliteStore::open(&path).err().expect("refused");
        assert!(err.0.contains("notes.db"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "these are my notes, not a database\n".repeat(200)
        );
    }
}
