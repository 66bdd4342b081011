//! `newsfuse serve`: the stored stories over HTTP, as a JSON API and as web
//! pages.
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /` | web page: the stories, most recent first, with a search box |
//! | `GET /stories/ID` | web page: the story's dossier |
//! | `GET /search?q=…` | web page: matching articles |
//! | `GET /api/health` | `{"status": "ok", "documents": n, "stories": n}` |
//! | `GET /api/stories?limit=&offset=` | as `newsfuse stories --format json` |
//! | `GET /api/stories/ID?summary=N` | as `newsfuse story ID --format json` |
//! | `GET /api/search?q=…&limit=` | as `newsfuse search --format json` |
//! | `POST /api/documents?name=&lang=` | ingests the body (any input format `ingest` reads); answers as `ingest --format json`, with the warnings |
//!
//! Errors are `{"error": "…"}` with a 4xx or 5xx status. Every worker thread
//! has its own connection for reading; ingests go one at a time through one
//! writer, which keeps the story clusterer in memory between requests.

use crate::store_cmds::{self, open_store, Ingest, IngestReport};
use crate::{models, pipeline};
use anyhow::{anyhow, Context, Result};
use indicatif::ProgressBar;
use newsfuse_fuse::FuseOptions;
use newsfuse_link::{ClusterParams, StoryClusterer};
use newsfuse_nlp::Analyzer;
use newsfuse_render::esc;
use newsfuse_store::Store;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use tiny_http::{Header, Method, Request, Response, Server};

/// The largest request body `POST /api/documents` accepts.
pub const MAX_BODY: u64 = 64 << 20;

/// Stories on one page of `GET /` (and the API's default `limit`).
const PAGE: usize = 100;

/// The one writer: the store connection ingests go through and the story
/// clusterer as the last ingest left it (None until first needed, and again
/// after a failed commit, so that it is reloaded from the store).
struct Writer {
    store: Box<dyn Store + Send>,
    clusterer: Option<StoryClusterer>,
}

/// A story's dossier as built for one version of it, with its documents'
/// texts (for the web page's citations).
struct Built {
    set: newsfuse_model::DossierSet,
    texts: HashMap<String, String>,
}

/// Dossiers kept between requests.
const DOSSIER_CACHE: usize = 256;

/// Built dossiers by (story, a fingerprint of its documents, summary sentences);
/// when full, the one least recently asked for makes room.
#[derive(Default)]
struct DossierCache {
    entries: HashMap<(i64, u64, usize), (Arc<Built>, u64)>,
    clock: u64,
}

impl DossierCache {
    fn get(&mut self, key: &(i64, u64, usize)) -> Option<Arc<Built>> {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(key).map(|(b, used)| {
            *used = clock;
            Arc::clone(b)
        })
    }

    fn insert(&mut self, key: (i64, u64, usize), built: Arc<Built>, capacity: usize) {
        if self.entries.len() >= capacity && !self.entries.contains_key(&key) {
            if let Some(oldest) = self.entries.iter().min_by_key(|(_, (_, used))| *used).map(|(k, _)| *k) {
                self.entries.remove(&oldest);
            }
        }
        self.clock += 1;
        self.entries.insert(key, (built, self.clock));
    }
}

/// A hash of document numbers: which documents a story holds now.
fn documents_fingerprint(ids: impl Iterator<Item = i64>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    for id in ids {
        id.hash(&mut h);
    }
    h.finish()
}

struct Shared {
    analyzer: Analyzer,
    writer: Mutex<Writer>,
    dossiers: Mutex<DossierCache>,
}

/// A finished answer: status, content type, body.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, value: &impl Serialize) -> Reply {
        let mut body = serde_json::to_vec_pretty(value).unwrap_or_default();
        body.push(b'\n');
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body,
        }
    }
    fn raw_json(status: u16, text: String) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body: text.into_bytes(),
        }
    }
    fn html(status: u16, page: String) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body: page.into_bytes(),
        }
    }
    fn error(status: u16, message: impl Into<String>) -> Reply {
        #[derive(Serialize)]
        struct E {
            error: String,
        }
        Reply::json(status, &E { error: message.into() })
    }
}

/// A request's path and query parameters (percent-decoded).
struct Target {
    path: String,
    query: HashMap<String, String>,
}

fn parse_target(url: &str) -> Target {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    Target {
        path: path.to_string(),
        query: form_urlencoded::parse(query.as_bytes()).into_owned().collect(),
    }
}

impl Target {
    /// A numeric parameter, `default` when absent; an error reply when malformed.
    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, Reply> {
        match self.query.get(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .map(|n| n.min(max))
                .map_err(|_| Reply::error(400, format!("{name}={v:?}: not a number"))),
        }
    }
}

/// `newsfuse serve`: listen on `addr` until killed. Prints the address it
/// listens on (useful with port 0) as its first line of output.
/// A missing SQLite file is refused unless `create` (so a mistyped `--db`
/// is not served as an empty store).
pub fn serve(addr: &str, db: Option<&str>, threads: usize, create: bool) -> Result<()> {
    let writer = Writer {
        store: open_store(db, create)?,
        clusterer: None,
    };
    let documents = writer.store.document_count()?;
    let shared = Arc::new(Shared {
        analyzer: Analyzer::new(models::load_ner()?),
        writer: Mutex::new(writer),
        dossiers: Mutex::new(DossierCache::default()),
    });
    let server =
        Arc::new(Server::from_listener(listen(addr)?, None).map_err(|e| anyhow!("{addr}: cannot listen: {e}"))?);
    let local = server
        .server_addr()
        .to_ip()
        .map_or_else(|| addr.to_string(), |a| a.to_string());
    println!("listening on http://{local}/ ({documents} documents stored)");
    std::io::stdout().flush()?;
    // Every worker's connection is opened before serving, so that a failure shows at once.
    let readers = (0..threads.max(1))
        .map(|_| open_store(db, false))
        .collect::<Result<Vec<_>>>()?;
    let mut workers = Vec::new();
    for reader in readers {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        workers.push(std::thread::spawn(move || -> Result<()> {
            loop {
                let request = server.recv()?;
                handle(request, &shared, reader.as_ref());
            }
        }));
    }
    for w in workers {
        w.join().map_err(|_| anyhow!("a server thread panicked"))??;
    }
    Ok(())
}

/// A listening socket on `addr` with Nagle's algorithm off, which the
/// connections it accepts inherit: an answer written in two pieces (header,
/// body) must not wait for the client's delayed acknowledgement (40 ms) on a
/// kept-alive connection.
fn listen(addr: &str) -> Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    use std::net::ToSocketAddrs;
    let at = addr
        .to_socket_addrs()
        .with_context(|| format!("{addr}: not an address to listen on (such as 127.0.0.1:8080)"))?
        .next()
        .with_context(|| format!("{addr}: names no address"))?;
    let socket = Socket::new(Domain::for_address(at), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket
        .bind(&at.into())
        .with_context(|| format!("{addr}: cannot listen"))?;
    socket.listen(1024)?;
    Ok(socket.into())
}

fn handle(mut request: Request, shared: &Shared, reader: &dyn Store) {
    let started = std::time::Instant::now();
    let target = parse_target(request.url());
    let method = request.method().clone();
    // A bug that panics while answering costs that request (500), not the worker.
    let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match (&method, target.path.as_str()) {
        (Method::Post, "/api/documents") => post_documents(&mut request, &target, shared),
        (Method::Get | Method::Head, _) => get(&target, shared, reader).unwrap_or_else(|e| e),
        (_, p) if route_exists(p) => Reply::error(405, format!("{p}: method not allowed")),
        (_, p) => Reply::error(404, format!("{p}: no such page")),
    }))
    .unwrap_or_else(|_| Reply::error(500, "internal error while answering (see the server's log)"));
    // One line per request on stderr, as a server's access log (errors with their message).
    let why = if reply.status >= 400 {
        serde_json::from_slice::<serde_json::Value>(&reply.body)
            .ok()
            .and_then(|v| v["error"].as_str().map(|e| format!(" ({e})")))
            .unwrap_or_default()
    } else {
        String::new()
    };
    eprintln!(
        "{} {} {} {:.1} ms{why}",
        request.method(),
        request.url(),
        reply.status,
        started.elapsed().as_secs_f64() * 1e3
    );
    let header = |k: &str, v: &str| Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("a valid header");
    let response = Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_header(header("Content-Type", reply.content_type))
        .with_header(header("Cache-Control", "no-store"));
    // The client may have gone; nothing to do about it.
    let _ = request.respond(response);
}

fn route_exists(path: &str) -> bool {
    matches!(
        path,
        "/" | "/search" | "/api/health" | "/api/stories" | "/api/search" | "/api/documents"
    ) || path.starts_with("/stories/")
        || path.starts_with("/api/stories/")
}

/// An internal error as a reply (the store or the model failed, not the request).
fn internal(e: anyhow::Error) -> Reply {
    Reply::error(500, format!("{e:#}"))
}

fn get(target: &Target, shared: &Shared, reader: &dyn Store) -> Result<Reply, Reply> {
    let path = target.path.as_str();
    if path == "/api/health" {
        #[derive(Serialize)]
        struct Health {
            status: &'static str,
            documents: usize,
            stories: usize,
        }
        return Ok(Reply::json(
            200,
            &Health {
                status: "ok",
                documents: reader.document_count().map_err(|e| internal(e.into()))?,
                stories: reader.story_count().map_err(|e| internal(e.into()))?,
            },
        ));
    }
    if path == "/api/stories" || path == "/" {
        let limit = target.number("limit", PAGE, usize::MAX)?;
        let offset = target.number("offset", 0, usize::MAX)?;
        let lines = store_cmds::story_lines(reader, limit, offset).map_err(internal)?;
        return Ok(if path == "/" {
            let total = reader.story_count().map_err(|e| internal(e.into()))?;
            Reply::html(200, stories_page(&lines, offset, total))
        } else {
            Reply::json(200, &lines)
        });
    }
    if path == "/api/search" || path == "/search" {
        let query = target.query.get("q").map(String::as_str).unwrap_or("").trim();
        let limit = target.number("limit", 20, 1000)?;
        if query.is_empty() && path == "/api/search" {
            return Err(Reply::error(400, "q: a query is needed (/api/search?q=words)"));
        }
        let hits = if query.is_empty() {
            Vec::new()
        } else {
            store_cmds::search_hits(reader, query, limit).map_err(internal)?
        };
        return Ok(if path == "/search" {
            Reply::html(200, search_page(query, &hits))
        } else {
            Reply::json(200, &hits)
        });
    }
    let (id, api) = if let Some(id) = path.strip_prefix("/api/stories/") {
        (id, true)
    } else if let Some(id) = path.strip_prefix("/stories/") {
        (id, false)
    } else {
        return Err(Reply::error(404, format!("{path}: no such page")));
    };
    let n = store_cmds::parse_story_id(id).map_err(|e| Reply::error(404, format!("{e:#}")))?;
    let opts = FuseOptions {
        summary_sentences: target.number("summary", 4, 50)?,
        ..Default::default()
    };
    let docs = reader.story_documents(n).map_err(|e| internal(e.into()))?;
    if docs.is_empty() {
        return Err(Reply::error(404, format!("s{n}: no such story")));
    }
    // A story's documents (which can join it or move to another story) name its version.
    let key = (
        n,
        documents_fingerprint(docs.iter().map(|d| d.id)),
        opts.summary_sentences,
    );
    let cached = shared.dossiers.lock().unwrap_or_else(|p| p.into_inner()).get(&key);
    let built = match cached {
        Some(b) => b,
        None => {
            let annotated = docs.into_iter().map(|d| shared.analyzer.analyse(d.doc)).collect();
            let (set, annotated) = store_cmds::story_dossier(n, annotated, opts);
            let texts = annotated.into_iter().map(|a| (a.doc.id, a.doc.text)).collect();
            let b = Arc::new(Built { set, texts });
            shared
                .dossiers
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key, Arc::clone(&b), DOSSIER_CACHE);
            b
        }
    };
    Ok(if api {
        Reply::raw_json(200, newsfuse_render::json(&built.set))
    } else {
        Reply::html(200, newsfuse_render::html_with_nav(&built.set, &built.texts, &nav("")))
    })
}

/// The bar at the top of every page: home link and search box.
fn nav(query: &str) -> String {
    format!(
        "<nav><a href=\"/\">All stories</a><form action=\"/search\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search the articles\" aria-label=\"Search the articles\"> \
         <button type=\"submit\">Search</button></form></nav>\n",
        esc(query)
    )
}

fn dates(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) => a.to_string(),
        _ => "undated".into(),
    }
}

fn stories_page(lines: &[store_cmds::StoryLine], offset: usize, total: usize) -> String {
    let mut body = nav("");
    body.push_str("<h1>Stories</h1>\n");
    if total == 0 {
        body.push_str(
            "<p class=\"meta\">No stories yet: add articles with <code>newsfuse ingest</code> or <code>POST /api/documents</code>.</p>\n",
        );
        return newsfuse_render::page("newsfuse: stories", &body);
    }
    body.push_str(&format!(
        "<p class=\"meta\">{}–{} of {total} stories, most recent first</p>\n<table class=\"stories\"><tr><th>Story</th><th>When</th><th>Articles</th><th>Sources</th></tr>\n",
        offset + 1,
        offset + lines.len()
    ));
    for l in lines {
        body.push_str(&format!(
            "<tr><td><a href=\"/stories/{id}\">{headline}</a> <span class=\"meta\">{id}</span></td><td class=\"meta\">{when}</td><td>{docs}</td><td>{sources}</td></tr>\n",
            id = esc(&l.story),
            headline = esc(if l.headline.trim().is_empty() { "(untitled)" } else { &l.headline }),
            when = dates(l.first.as_deref(), l.last.as_deref()),
            docs = l.documents,
            sources = l.sources,
        ));
    }
    body.push_str("</table>\n");
    if offset + lines.len() < total {
        body.push_str(&format!(
            "<p><a rel=\"next\" href=\"/?offset={}\">More stories</a></p>\n",
            offset + lines.len()
        ));
    }
    newsfuse_render::page("newsfuse: stories", &body)
}

/// A snippet with its matches (between `[` and `]`) marked up.
fn marked(snippet: &str) -> String {
    esc(snippet).replace('[', "<mark>").replace(']', "</mark>")
}

fn search_page(query: &str, hits: &[store_cmds::HitLine]) -> String {
    let mut body = nav(query);
    if query.is_empty() {
        body.push_str("<h1>Search</h1>\n<p class=\"meta\">Words, \"quoted phrases\" and word* prefixes.</p>\n");
        return newsfuse_render::page("newsfuse: search", &body);
    }
    body.push_str(&format!("<h1>Articles matching “{}”</h1>\n", esc(query)));
    if hits.is_empty() {
        body.push_str("<p class=\"meta\">No article matches.</p>\n");
    }
    for h in hits {
        body.push_str(&format!(
            "<div class=\"hit\"><a href=\"/stories/{story}\">{title}</a>\
             <p class=\"meta\">{source} · {when} · story {story}</p><p>{snippet}</p></div>\n",
            story = esc(&h.story),
            title = esc(if h.title.trim().is_empty() {
                "(untitled)"
            } else {
                &h.title
            }),
            source = esc(&h.source),
            when = esc(h.published.as_deref().unwrap_or("undated")),
            snippet = marked(&h.snippet),
        ));
    }
    newsfuse_render::page(&format!("newsfuse: {query}"), &body)
}

/// The input format a body's content type names, as the extension that
/// `ingest` would recognise on a file (None: let the reader sniff).
fn extension_for(content_type: &str) -> Option<&'static str> {
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    Some(match mime.as_str() {
        "application/json" => "json",
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => "jsonl",
        "text/html" | "application/xhtml+xml" => "html",
        "text/markdown" => "md",
        "text/plain" => "txt",
        "application/rss+xml" | "application/atom+xml" | "application/xml" | "text/xml" => "xml",
        "application/warc" => "warc",
        "application/gzip" | "application/x-gzip" => "gz",
        _ => return None,
    })
}

#[derive(Serialize)]
struct IngestAnswer {
    #[serde(flatten)]
    report: IngestReport,
    warnings: Vec<String>,
}

fn post_documents(request: &mut Request, target: &Target, shared: &Shared) -> Reply {
    if request.body_length().is_some_and(|n| n as u64 > MAX_BODY) {
        return Reply::error(413, format!("the body is over {} MB", MAX_BODY >> 20));
    }
    let mut body = Vec::new();
    if let Err(e) = request.as_reader().take(MAX_BODY + 1).read_to_end(&mut body) {
        return Reply::error(400, format!("cannot read the body: {e}"));
    }
    if body.len() as u64 > MAX_BODY {
        return Reply::error(413, format!("the body is over {} MB", MAX_BODY >> 20));
    }
    let content_type = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Content-Type"))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default();
    // The label names the documents in warnings and is where a text's source
    // falls back to (its file stem), so `?name=` may give a real file name.
    let label = match target.query.get("name").map(|n| n.trim()).filter(|n| !n.is_empty()) {
        Some(name) => name.rsplit(['/', '\\']).next().unwrap_or(name).to_string(),
        None => match extension_for(&content_type) {
            Some(ext) => format!("upload.{ext}"),
            None => "upload".to_string(),
        },
    };
    let (records, read_diags) = newsfuse_ingest::read_bytes(&label, &body);
    let mut warnings: Vec<String> = read_diags.iter().map(ToString::to_string).collect();
    if records.is_empty() {
        let why = warnings
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{label}: no articles in the body"));
        return Reply::error(400, why);
    }
    let mut clean_diags = Vec::new();
    let docs = pipeline::clean_all(&records, &mut clean_diags);
    warnings.extend(clean_diags.iter().map(ToString::to_string));
    let want = store_cmds::wanted_language(target.query.get("lang").map(String::as_str));
    let mut writer = match shared.writer.lock() {
        Ok(w) => w,
        Err(poisoned) => poisoned.into_inner(),
    };
    // A commit fails when another process ingested into the store meanwhile;
    // the clusterer is then reloaded and the documents offered again (those
    // already committed are skipped as stored).
    let mut last_error = None;
    for _ in 0..2 {
        match ingest_into(&mut writer, &shared.analyzer, &docs, want.as_deref()) {
            Ok(report) => return Reply::json(200, &IngestAnswer { report, warnings }),
            Err(e) => {
                writer.clusterer = None;
                last_error = Some(e);
            }
        }
    }
    Reply::error(503, format!("{:#}", last_error.expect("two failed attempts")))
}

fn ingest_into(
    writer: &mut Writer,
    analyzer: &Analyzer,
    docs: &[newsfuse_model::Document],
    want: Option<&str>,
) -> Result<IngestReport> {
    let Writer { store, clusterer } = writer;
    if clusterer.is_none() {
        *clusterer = Some(store.load_clusterer(ClusterParams::default())?);
    }
    let clusterer = clusterer.as_mut().expect("loaded above");
    let mut run = Ingest::new(
        store.as_mut(),
        analyzer,
        clusterer,
        store_cmds::DEFAULT_BATCH,
        ProgressBar::hidden(),
    );
    for doc in docs {
        if want.is_some_and(|w| doc.language.as_deref() != Some(w)) {
            run.skip_language();
            continue;
        }
        run.offer(doc.clone())?;
    }
    run.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_split_and_decoded() {
        let t = parse_target("/search?q=port%20fire&limit=5&x");
        assert_eq!(t.path, "/search");
        assert_eq!(t.query["q"], "port fire");
        assert_eq!(t.number("limit", 20, 1000).ok(), Some(5));
        assert_eq!(t.number("offset", 7, 1000).ok(), Some(7));
        let bad = parse_target("/api/stories?limit=ten");
        let e = bad
            .number("limit", 20, 1000)
            .expect_err("a malformed number is refused");
        assert_eq!(e.status, 400);
    }

    #[test]
    fn snippets_are_escaped_before_matches_are_marked() {
        assert_eq!(
            marked("a <b> [fire] & smoke"),
            "a &lt;b&gt; <mark>fire</mark> &amp; smoke"
        );
    }

    #[test]
    fn the_dossier_cache_drops_the_least_recently_asked_for() {
        let built = || {
            Arc::new(Built {
                set: newsfuse_model::DossierSet { stories: Vec::new() },
                texts: HashMap::new(),
            })
        };
        let mut cache = DossierCache::default();
        cache.insert((1, 3, 4), built(), 2);
        cache.insert((2, 5, 4), built(), 2);
        assert!(cache.get(&(1, 3, 4)).is_some(), "story 1 is asked for again");
        cache.insert((3, 2, 4), built(), 2);
        assert!(cache.get(&(2, 5, 4)).is_none(), "story 2 was the least recently used");
        assert!(cache.get(&(1, 3, 4)).is_some() && cache.get(&(3, 2, 4)).is_some());
        // A story that grew is a new key; its old version ages out in turn.
        cache.insert((1, 4, 4), built(), 2);
        assert_eq!(cache.entries.len(), 2);
        assert!(cache.get(&(1, 4, 4)).is_some());
    }

    #[test]
    fn content_types_name_input_formats() {
        assert_eq!(extension_for("application/json; charset=utf-8"), Some("json"));
        assert_eq!(extension_for("text/html"), Some("html"));
        assert_eq!(extension_for("application/x-ndjson"), Some("jsonl"));
        assert_eq!(extension_for("application/octet-stream"), None);
    }
}
