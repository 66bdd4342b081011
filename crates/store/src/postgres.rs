//! The PostgreSQL store, for a shared database on a server: the same tables
//! as SQLite, full-text search by a generated `tsvector` column with a GIN
//! index (`simple` configuration, title weighted above text).

use crate::{
    clamp, other_version, plan, tsquery, NewDocument, Result, SearchHit, Store, StoreError, StoredDocument,
    StorySummary, SCHEMA_VERSION,
};
use newsfuse_link::{Changes, ClusterParams, SavedDoc, StoryClusterer};
use postgres::{Client, NoTls};
use std::cell::RefCell;

/// A PostgreSQL store reached by a `postgres://` URL.
pub struct PgStore {
    client: RefCell<Client>,
    name: String,
}

/// The URL without its password, to name the database in messages.
fn display_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

impl PgStore {
    /// Connect and create the tables when they are missing.
    pub fn open(url: &str) -> Result<Self> {
        let name = display_url(url);
        let client = Client::connect(url, NoTls).map_err(|e| StoreError(format!("{name}: cannot connect: {e}")))?;
        let store = PgStore {
            client: RefCell::new(client),
            name,
        };
        store.init()?;
        Ok(store)
    }

    fn err(&self, what: &str, e: impl std::fmt::Display) -> StoreError {
        StoreError(format!("{}: {what}: {e}", self.name))
    }

    fn init(&self) -> Result<()> {
        let mut c = self.client.borrow_mut();
        // Several ingesters may start at once: one creates the tables, the others wait for it.
        let mut tx = c.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock(7316210504)", &[])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS stories (id BIGINT PRIMARY KEY, first_date TEXT, last_date TEXT);
             CREATE TABLE IF NOT EXISTS documents (
                 id BIGSERIAL PRIMARY KEY,
                 seq BIGINT NOT NULL UNIQUE,
                 hash TEXT NOT NULL UNIQUE,
                 story BIGINT NOT NULL REFERENCES stories(id),
                 path TEXT NOT NULL,
                 source TEXT NOT NULL,
                 title TEXT NOT NULL,
                 published TEXT,
                 text TEXT NOT NULL,
                 doc TEXT NOT NULL,
                 state BYTEA NOT NULL,
                 fts TSVECTOR GENERATED ALWAYS AS (
                     setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', text), 'B')
                 ) STORED
             );
             CREATE INDEX IF NOT EXISTS documents_story ON documents (story);
             CREATE INDEX IF NOT EXISTS documents_fts ON documents USING GIN (fts);
             CREATE TABLE IF NOT EXISTS df (term BIGINT PRIMARY KEY, n INTEGER NOT NULL);
             INSERT INTO meta (key, value) VALUES ('schema_version', '2') ON CONFLICT DO NOTHING;
             INSERT INTO meta (key, value) VALUES ('clustered_documents', '0') ON CONFLICT DO NOTHING;
             INSERT INTO meta (key, value) VALUES ('story_numbers', '0') ON CONFLICT DO NOTHING;",
        )
        .map_err(|e| StoreError(format!("{}: cannot create tables: {e}", self.name)))?;
        let version: String = tx
            .query_one("SELECT value FROM meta WHERE key = 'schema_version'", &[])?
            .get(0);
        if version != SCHEMA_VERSION {
            return Err(other_version(&self.name, &version));
        }
        tx.commit()?;
        Ok(())
    }
}

/// PostgreSQL text cannot hold NUL; the searchable copy drops it (the stored
/// document JSON keeps the text exactly).
fn searchable(s: &str) -> String {
    s.replace('\0', "")
}

impl Store for PgStore {
    fn contains(&self, hash: &str) -> Result<bool> {
        Ok(!self
            .client
            .borrow_mut()
            .query("SELECT 1 FROM documents WHERE hash = $1", &[&hash])?
            .is_empty())
    }

    fn load_clusterer(&self, params: ClusterParams) -> Result<StoryClusterer> {
        let mut c = self.client.borrow_mut();
        let mut tx = c
            .build_transaction()
            .read_only(true)
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .start()?;
        let mut meta = |key: &str| -> Result<u32> {
            tx.query_one("SELECT value FROM meta WHERE key = $1", &[&key])?
                .get::<_, String>(0)
                .parse()
                .map_err(|e| self.err(&format!("bad {key}"), e))
        };
        let documents = meta("clustered_documents")?;
        let stories = meta("story_numbers")? as usize;
        let df: Vec<(u64, u32)> = tx
            .query("SELECT term, n FROM df", &[])?
            .iter()
            .map(|r| (r.get::<_, i64>(0) as u64, r.get::<_, i32>(1) as u32))
            .collect();
        let mut docs = Vec::new();
        for (k, r) in tx
            .query("SELECT seq, story, state FROM documents ORDER BY seq", &[])?
            .iter()
            .enumerate()
        {
            let seq: i64 = r.get(0);
            if seq != k as i64 {
                return Err(self.err("documents are not numbered 0, 1, …", seq));
            }
            let saved =
                SavedDoc::from_bytes(r.get::<_, &[u8]>(2)).map_err(|e| self.err(&format!("document {seq}"), e))?;
            docs.push(((r.get::<_, i64>(1) - 1) as usize, saved));
        }
        tx.commit()?;
        StoryClusterer::restore(params, documents, df, stories, docs).map_err(|e| self.err("clustering state", e))
    }

    fn commit(&mut self, batch: &[NewDocument], changes: &Changes, clusterer: &StoryClusterer) -> Result<()> {
        let name = self.name.clone();
        let plan = plan(batch, changes, clusterer);
        let mut c = self.client.borrow_mut();
        let mut tx = c.transaction()?;
        // Optimistic concurrency, as for SQLite: the state this batch builds on must still be stored.
        let before = clusterer.documents() as usize - batch.len();
        let changed = tx.execute(
            "UPDATE meta SET value = $1 WHERE key = 'clustered_documents' AND value = $2",
            &[&clusterer.documents().to_string(), &before.to_string()],
        )?;
        if changed != 1 {
            return Err(crate::lost_race(&name));
        }
        tx.execute(
            "UPDATE meta SET value = $1 WHERE key = 'story_numbers'",
            &[&clusterer.len().to_string()],
        )?;
        let ids: Vec<i64> = plan.stories.iter().map(|s| s.0).collect();
        let firsts: Vec<Option<String>> = plan.stories.iter().map(|s| s.1.clone()).collect();
        let lasts: Vec<Option<String>> = plan.stories.iter().map(|s| s.2.clone()).collect();
        tx.execute(
            "INSERT INTO stories (id, first_date, last_date)
             SELECT * FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[])
             ON CONFLICT (id) DO UPDATE SET first_date = excluded.first_date, last_date = excluded.last_date",
            &[&ids, &firsts, &lasts],
        )?;
        let seqs: Vec<i64> = plan.moved.iter().map(|m| m.0).collect();
        let stories: Vec<i64> = plan.moved.iter().map(|m| m.1).collect();
        tx.execute(
            "UPDATE documents SET story = m.story FROM UNNEST($1::BIGINT[], $2::BIGINT[]) AS m(seq, story)
             WHERE documents.seq = m.seq",
            &[&seqs, &stories],
        )?;
        let insert = tx.prepare(
            "INSERT INTO documents (seq, hash, story, path, source, title, published, text, doc, state)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )?;
        let mut terms: Vec<u64> = Vec::new();
        for d in batch {
            tx.execute(
                &insert,
                &[
                    &i64::from(d.seq),
                    &d.hash,
                    &(clusterer.story_of(d.seq) as i64 + 1),
                    &searchable(&d.doc.path),
                    &searchable(&d.doc.source),
                    &searchable(&d.doc.title),
                    &d.doc.published,
                    &searchable(&d.doc.text),
                    &crate::document_json(&d.doc, d.doc.text.contains('\0')),
                    &clusterer.saved(d.seq).to_bytes(),
                ],
            )?;
            terms.extend_from_slice(&d.terms);
        }
        terms.sort_unstable();
        terms.dedup();
        let df: Vec<i32> = terms.iter().map(|t| clusterer.df(*t) as i32).collect();
        let terms: Vec<i64> = terms.into_iter().map(|t| t as i64).collect();
        tx.execute(
            "INSERT INTO df (term, n) SELECT * FROM UNNEST($1::BIGINT[], $2::INTEGER[])
             ON CONFLICT (term) DO UPDATE SET n = excluded.n",
            &[&terms, &df],
        )?;
        tx.execute("DELETE FROM stories WHERE id = ANY($1)", &[&plan.emptied])?;
        tx.commit()
            .map_err(|e| StoreError(format!("{name}: cannot commit: {e}")))?;
        Ok(())
    }

    fn stories_page(&self, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        let rows = self
            .client
            .borrow_mut()
            .query(crate::STORIES_SQL, &[&clamp(limit), &clamp(offset)])?;
        Ok(rows
            .iter()
            .map(|r| StorySummary {
                id: r.get(0),
                first: r.get(1),
                last: r.get(2),
                documents: r.get::<_, i64>(3) as usize,
                sources: r.get::<_, i64>(4) as usize,
                headline: r.get::<_, Option<String>>(5).unwrap_or_default(),
            })
            .collect())
    }

    fn story_documents(&self, story: i64) -> Result<Vec<StoredDocument>> {
        let rows = self.client.borrow_mut().query(
            "SELECT id, story, doc, text FROM documents WHERE story = $1 ORDER BY id",
            &[&story],
        )?;
        rows.iter()
            .map(|r| {
                crate::stored_document(r.get(0), r.get(1), r.get(2), r.get(3))
                    .map_err(|e| self.err("damaged document", e))
            })
            .collect()
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let q = tsquery(query);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.client.borrow_mut().query(
            "SELECT d.id, d.story, d.title, d.source, d.published,
                    ts_headline('simple', d.text, q, 'StartSel=[, StopSel=], MaxWords=16, MinWords=8, MaxFragments=1, FragmentDelimiter=…')
             FROM documents d, to_tsquery('simple', $1) q
             WHERE d.fts @@ q
             ORDER BY ts_rank(d.fts, q) DESC, d.id
             LIMIT $2",
            &[&q, &(limit as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|r| SearchHit {
                document: r.get(0),
                story: r.get(1),
                title: r.get(2),
                source: r.get(3),
                published: r.get(4),
                snippet: r.get(5),
            })
            .collect())
    }

    fn story_count(&self) -> Result<usize> {
        Ok(self
            .client
            .borrow_mut()
            .query_one("SELECT COUNT(*) FROM stories", &[])?
            .get::<_, i64>(0) as usize)
    }

    fn document_count(&self) -> Result<usize> {
        Ok(self
            .client
            .borrow_mut()
            .query_one("SELECT COUNT(*) FROM documents", &[])?
            .get::<_, i64>(0) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            display_url("postgres://news:secret@db.example:5432/newsfuse"),
            "postgres://news@db.example:5432/newsfuse"
        );
        assert_eq!(display_url("postgres://localhost/x"), "postgres://localhost/x");
    }
}
