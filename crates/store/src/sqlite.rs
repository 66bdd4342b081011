//! The SQLite store: one file, WAL journal, FTS5 full-text index.

use crate::{
    blob_terms, clamp, fts5_query, parse_date, terms_blob, NewDocument, Result, SearchHit, Store, StoreError,
    StoredDocument, StorySummary, SCHEMA_VERSION,
};
use newsfuse_link::{ClusterParams, StoryClusterer, StorySnapshot};
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
                return Err(self.err("unsupported schema version", v));
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
                     hash TEXT NOT NULL UNIQUE,
                     story INTEGER NOT NULL REFERENCES stories(id),
                     path TEXT NOT NULL,
                     source TEXT NOT NULL,
                     title TEXT NOT NULL,
                     published TEXT,
                     text TEXT NOT NULL,
                     doc TEXT NOT NULL,
                     indexed BLOB NOT NULL
                 );
                 CREATE INDEX IF NOT EXISTS documents_story ON documents(story);
                 CREATE TABLE IF NOT EXISTS centroid (
                     story INTEGER NOT NULL,
                     term INTEGER NOT NULL,
                     weight REAL NOT NULL,
                     PRIMARY KEY (story, term)
                 ) WITHOUT ROWID;
                 CREATE TABLE IF NOT EXISTS df (term INTEGER PRIMARY KEY, n INTEGER NOT NULL);
                 CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
                     title, text, content = 'documents', content_rowid = 'id'
                 );
                 INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
                 INSERT OR IGNORE INTO meta (key, value) VALUES ('clustered_documents', '0');",
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
        let documents: u32 = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'clustered_documents'", [], |r| {
                r.get::<_, String>(0)
            })?
            .parse()
            .map_err(|e| self.err("bad clustered_documents", e))?;
        let mut stmt = self.conn.prepare("SELECT term, n FROM df")?;
        let df: Vec<(u64, u32)> = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, u32>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self
            .conn
            .prepare("SELECT id, first_date, last_date FROM stories ORDER BY id")?;
        let rows: Vec<(i64, Option<String>, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stories: Vec<StorySnapshot> = Vec::with_capacity(rows.len());
        for (i, (id, first, last)) in rows.into_iter().enumerate() {
            if id != i as i64 + 1 {
                return Err(self.err("stories are not numbered 1, 2, …", id));
            }
            stories.push(StorySnapshot {
                centroid: Vec::new(),
                first: parse_date(first),
                last: parse_date(last),
            });
        }
        let mut stmt = self
            .conn
            .prepare("SELECT story, term, weight FROM centroid ORDER BY story, term")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let story: i64 = r.get(0)?;
            let s = stories
                .get_mut((story - 1) as usize)
                .ok_or_else(|| self.err("centroid of an unknown story", story))?;
            s.centroid
                .push((r.get::<_, i64>(1)? as u64, r.get::<_, f64>(2)? as f32));
        }
        let mut stmt = self.conn.prepare("SELECT story, indexed FROM documents ORDER BY id")?;
        let added: Vec<(usize, Vec<u64>)> = stmt
            .query_map([], |r| {
                Ok(((r.get::<_, i64>(0)? - 1) as usize, blob_terms(&r.get::<_, Vec<u8>>(1)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(StoryClusterer::restore(params, documents, df, stories, added))
    }

    fn commit(&mut self, batch: &[NewDocument], clusterer: &StoryClusterer) -> Result<()> {
        let name = self.name.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| StoreError(format!("{name}: cannot start a transaction: {e}")))?;
        let mut touched: Vec<usize> = batch.iter().map(|d| d.story).collect();
        touched.sort_unstable();
        touched.dedup();
        {
            let mut upsert_story = tx.prepare(
                "INSERT INTO stories (id, first_date, last_date) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET first_date = excluded.first_date, last_date = excluded.last_date",
            )?;
            let mut clear_centroid = tx.prepare("DELETE FROM centroid WHERE story = ?1")?;
            let mut put_centroid = tx.prepare("INSERT INTO centroid (story, term, weight) VALUES (?1, ?2, ?3)")?;
            for &s in &touched {
                let snap = clusterer.story(s);
                let id = s as i64 + 1;
                upsert_story.execute(params![
                    id,
                    snap.first.map(|d| d.to_string()),
                    snap.last.map(|d| d.to_string())
                ])?;
                clear_centroid.execute([id])?;
                for (t, w) in &snap.centroid {
                    put_centroid.execute(params![id, *t as i64, f64::from(*w)])?;
                }
            }
            let mut put_doc = tx.prepare(
                "INSERT INTO documents (hash, story, path, source, title, published, text, doc, indexed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut put_fts = tx.prepare("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?;
            let mut put_df =
                tx.prepare("INSERT INTO df (term, n) VALUES (?1, ?2) ON CONFLICT(term) DO UPDATE SET n = excluded.n")?;
            let mut terms: Vec<u64> = Vec::new();
            for d in batch {
                let json = crate::document_json(&d.doc, false);
                put_doc.execute(params![
                    d.hash,
                    d.story as i64 + 1,
                    d.doc.path,
                    d.doc.source,
                    d.doc.title,
                    d.doc.published,
                    d.doc.text,
                    json,
                    terms_blob(&d.indexed)
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
