//! The SQLite store: one file, WAL journal, FTS5 full-text index.

use crate::{
    clamp, fts5_query, other_version, plan, NewDocument, Result, SearchHit, Store, StoreError, StoredDocument,
    StorySummary, SCHEMA_VERSION,
};
use newsfuse_link::{Changes, ClusterParams, SavedDoc, StoryClusterer};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

/// The SQLite store: one file, WAL journal, FTS5 full-text index.
pub struct SqliteStore {
    conn: Connection,
    name: String,
}

impl SqliteStore {
    /// Open (or create) the database file at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|e| StoreError(format!("{name}: cannot open database: {e}")))?;
        let mut store = SqliteStore { conn, name };
        store.init()?;
        Ok(store)
    }

    /// A store in memory (tests, examples).
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory()?;
        let mut store = SqliteStore {
            conn,
            name: ":memory:".into(),
        };
        store.init()?;
        Ok(store)
    }

    fn err(&self, what: &str, e: impl std::fmt::Display) -> StoreError {
        StoreError(format!("{}: {what}: {e}", self.name))
    }

    fn init(&mut self) -> Result<()> {
        // A file that is not a database (or a damaged one) is refused here, before anything is written.
        let version: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0))
            .optional()
            .or_else(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(ref m)) if m.starts_with("no such table") => Ok(None),
                e => Err(e),
            })
            .map_err(|e| self.err("not a newsfuse database", e))?;
        if let Some(v) = &version {
            if v != SCHEMA_VERSION {
                return Err(other_version(&self.name, v));
            }
        }
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 CREATE TABLE IF NOT EXISTS stories (
                     id INTEGER PRIMARY KEY,
                     first_date TEXT,
                     last_date TEXT
                 );
                 CREATE TABLE IF NOT EXISTS documents (
                     id INTEGER PRIMARY KEY,
                     seq INTEGER NOT NULL UNIQUE,
                     hash TEXT NOT NULL UNIQUE,
                     story INTEGER NOT NULL REFERENCES stories(id),
                     path TEXT NOT NULL,
                     source TEXT NOT NULL,
                     title TEXT NOT NULL,
                     published TEXT,
                     text TEXT NOT NULL,
                     doc TEXT NOT NULL,
                     state BLOB NOT NULL
                 );
                 CREATE INDEX IF NOT EXISTS documents_story ON documents(story);
                 CREATE TABLE IF NOT EXISTS df (term INTEGER PRIMARY KEY, n INTEGER NOT NULL);
                 CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
                     title, text, content = 'documents', content_rowid = 'id'
                 );
                 INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '2');
                 INSERT OR IGNORE INTO meta (key, value) VALUES ('clustered_documents', '0');
                 INSERT OR IGNORE INTO meta (key, value) VALUES ('story_numbers', '0');",
            )
            .map_err(|e| self.err("cannot create tables", e))?;
        Ok(())
    }
}

impl Store for SqliteStore {
    fn contains(&self, hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM documents WHERE hash = ?1", [hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn load_clusterer(&self, params: ClusterParams) -> Result<StoryClusterer> {
        let meta = |key: &str| -> Result<u32> {
            self.conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                    r.get::<_, String>(0)
                })?
                .parse()
                .map_err(|e| self.err(&format!("bad {key}"), e))
        };
        let documents = meta("clustered_documents")?;
        let stories = meta("story_numbers")? as usize;
        let mut stmt = self.conn.prepare("SELECT term, n FROM df")?;
        let df: Vec<(u64, u32)> = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, u32>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self
            .conn
            .prepare("SELECT seq, story, state FROM documents ORDER BY seq")?;
        let rows: Vec<(i64, i64, Vec<u8>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut docs = Vec::with_capacity(rows.len());
        for (k, (seq, story, state)) in rows.into_iter().enumerate() {
            if seq != k as i64 {
                return Err(self.err("documents are not numbered 0, 1, …", seq));
            }
            let saved = SavedDoc::from_bytes(&state).map_err(|e| self.err(&format!("document {seq}"), e))?;
            docs.push(((story - 1) as usize, saved));
        }
        StoryClusterer::restore(params, documents, df, stories, docs).map_err(|e| self.err("clustering state", e))
    }

    fn commit(&mut self, batch: &[NewDocument], changes: &Changes, clusterer: &StoryClusterer) -> Result<()> {
        let name = self.name.clone();
        let plan = plan(batch, changes, clusterer);
        let tx = self
            .conn
            .transaction()
            .map_err(|e| StoreError(format!("{name}: cannot start a transaction: {e}")))?;
        {
            // Optimistic concurrency: the clusterer state this batch builds on must still be
            // the stored one, or another ingest ran meanwhile and this batch would overwrite it.
            let before = clusterer.documents() as usize - batch.len();
            let changed = tx.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'clustered_documents' AND value = ?2",
                [clusterer.documents().to_string(), before.to_string()],
            )?;
            if changed != 1 {
                return Err(crate::lost_race(&name));
            }
            let mut upsert_story = tx.prepare(
                "INSERT INTO stories (id, first_date, last_date) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET first_date = excluded.first_date, last_date = excluded.last_date",
            )?;
            for (id, first, last) in &plan.stories {
                upsert_story.execute(params![id, first, last])?;
            }
            let mut move_doc = tx.prepare("UPDATE documents SET story = ?1 WHERE seq = ?2")?;
            for (seq, story) in &plan.moved {
                move_doc.execute(params![story, seq])?;
            }
            let mut put_doc = tx.prepare(
                "INSERT INTO documents (seq, hash, story, path, source, title, published, text, doc, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut put_fts = tx.prepare("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?;
            let mut put_df =
                tx.prepare("INSERT INTO df (term, n) VALUES (?1, ?2) ON CONFLICT(term) DO UPDATE SET n = excluded.n")?;
            let mut terms: Vec<u64> = Vec::new();
            for d in batch {
                let json = crate::document_json(&d.doc, false);
                put_doc.execute(params![
                    d.seq,
                    d.hash,
                    clusterer.story_of(d.seq) as i64 + 1,
                    d.doc.path,
                    d.doc.source,
                    d.doc.title,
                    d.doc.published,
                    d.doc.text,
                    json,
                    clusterer.saved(d.seq).to_bytes()
                ])?;
                let rowid = tx.last_insert_rowid();
                put_fts.execute(params![rowid, d.doc.title, d.doc.text])?;
                terms.extend_from_slice(&d.terms);
            }
            terms.sort_unstable();
            terms.dedup();
            for t in terms {
                put_df.execute(params![t as i64, clusterer.df(t)])?;
            }
            let mut drop_story = tx.prepare("DELETE FROM stories WHERE id = ?1")?;
            for id in &plan.emptied {
                drop_story.execute([id])?;
            }
            tx.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'story_numbers'",
                [clusterer.len().to_string()],
            )?;
        }
        tx.commit()
            .map_err(|e| StoreError(format!("{name}: cannot commit: {e}")))?;
        Ok(())
    }

    fn stories_page(&self, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        let mut stmt = self.conn.prepare(crate::STORIES_SQL)?;
        let rows = stmt
            .query_map(params![clamp(limit), clamp(offset)], |r| {
                Ok(StorySummary {
                    id: r.get(0)?,
                    first: r.get(1)?,
                    last: r.get(2)?,
                    documents: r.get::<_, i64>(3)? as usize,
                    sources: r.get::<_, i64>(4)? as usize,
                    headline: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn story_documents(&self, story: i64) -> Result<Vec<StoredDocument>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, story, doc, text FROM documents WHERE story = ?1 ORDER BY id")?;
        let rows: Vec<(i64, i64, String, String)> = stmt
            .query_map([story], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(id, story, json, text)| {
                crate::stored_document(id, story, &json, text).map_err(|e| self.err("damaged document", e))
            })
            .collect()
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let fts = fts5_query(query);
        if fts.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.story, d.title, d.source, d.published,
                    snippet(documents_fts, 1, '[', ']', '…', 16)
             FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
             WHERE documents_fts MATCH ?1
             ORDER BY bm25(documents_fts, 2.0, 1.0), d.id
             LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![fts, limit as i64], |r| {
                Ok(SearchHit {
                    document: r.get(0)?,
                    story: r.get(1)?,
                    title: r.get(2)?,
                    source: r.get(3)?,
                    published: r.get(4)?,
                    snippet: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn story_count(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM stories", [], |r| r.get::<_, i64>(0))? as usize)
    }

    fn document_count(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0))? as usize)
    }
}
