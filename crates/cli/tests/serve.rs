//! `newsfuse serve` over a real SQLite file and, when a server is given (as
//! for the store tests), a real PostgreSQL database: the JSON API answers as
//! the command line does, articles posted over HTTP join their stories, bad
//! requests get clear errors, and the web pages link up.

mod common;

use common::{backends, run, stdout, Db, Server};
use serde_json::Value;

/// A database of the demo corpus.
fn ingested_demo(make: fn() -> Db) -> Db {
    let db = make();
    let out = run(&["ingest", "demo", "--db", &db.arg]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    db
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[test]
fn the_api_answers_as_the_command_line_does() {
    for make in backends() {
        api_answers_as_the_command_line_does(&ingested_demo(make).arg);
    }
}

fn api_answers_as_the_command_line_does(db: &str) {
    let server = Server::start(db);

    let (status, ctype, body) = server.get("/api/stories");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("application/json"));
    let cli = stdout(&run(&["stories", "--db", db, "--format", "json"]));
    assert_eq!(json(&body), json(&cli));

    let first = json(&body)[0]["story"].as_str().unwrap().to_string();
    let (status, _, body) = server.get(&format!("/api/stories/{first}"));
    assert_eq!(status, 200);
    let cli = stdout(&run(&["story", &first, "--db", db, "--format", "json"]));
    assert_eq!(
        json(&body),
        json(&cli),
        "the dossier is the one `newsfuse story` prints"
    );

    let (status, _, body) = server.get("/api/search?q=%22grain%20exports%22&limit=3");
    assert_eq!(status, 200);
    let cli = stdout(&run(&[
        "search",
        "\"grain exports\"",
        "--db",
        db,
        "--limit",
        "3",
        "--format",
        "json",
    ]));
    assert_eq!(json(&body), json(&cli));
    assert!(!json(&body).as_array().unwrap().is_empty());

    let (status, _, body) = server.get("/api/health");
    assert_eq!(status, 200);
    assert_eq!(json(&body)["documents"], 14);

    // Paging.
    let (_, _, body) = server.get("/api/stories?limit=1&offset=1");
    let page = json(&body);
    assert_eq!(page.as_array().unwrap().len(), 1);
    assert_eq!(page[0], json(&server.get("/api/stories").2)[1]);
}

#[test]
fn bad_requests_get_clear_errors() {
    let db = ingested_demo(Db::sqlite);
    let server = Server::start(&db.arg);
    for (method, path, want, says) in [
        ("GET", "/api/stories/s999", 404, "s999: no such story"),
        ("GET", "/api/stories/zebra", 404, "not a story id"),
        ("GET", "/stories/s999", 404, "no such story"),
        ("GET", "/api/search", 400, "a query is needed"),
        ("GET", "/api/stories?limit=ten", 400, "not a number"),
        ("GET", "/nowhere", 404, "no such page"),
        ("DELETE", "/api/stories", 405, "method not allowed"),
    ] {
        let (status, ctype, body) = server.request(method, path, "text/plain", b"");
        assert_eq!(status, want, "{method} {path}: {body}");
        assert!(ctype.starts_with("application/json"));
        let e = json(&body)["error"].as_str().unwrap().to_string();
        assert!(e.contains(says), "{method} {path}: {e}");
    }
    for (ctype, body, says) in [
        ("text/plain", &b""[..], "empty"),
        ("application/json", &b"{\"title\": broken"[..], "malformed JSON"),
        (
            "application/octet-stream",
            &b"\x00\x01\x02\xff\xfe binary \x00\x00"[..],
            "binary",
        ),
    ] {
        let (status, _, answer) = server.request("POST", "/api/documents", ctype, body);
        assert_eq!(status, 400, "{answer}");
        assert!(json(&answer)["error"].as_str().unwrap().contains(says), "{answer}");
    }
    // Nothing was lost or added by the bad requests.
    assert_eq!(json(&server.get("/api/health").2)["documents"], 14);
}

#[test]
fn posted_articles_join_their_story_once() {
    for make in backends() {
        posted_articles_join_their_story_once_in(&ingested_demo(make).arg);
    }
}

fn posted_articles_join_their_story_once_in(db: &str) {
    let server = Server::start(db);
    let before = json(&server.get("/api/stories").2);
    let fire = before
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["headline"].as_str().unwrap().contains("Fire"))
        .expect("the demo has the port fire story")
        .clone();

    let article = "---\ntitle: Kestrova port reopens after grain terminal fire\nsource: Harbour Daily\npublished: 2025-03-09\n---\n\
        The port of Kestrova reopened on Sunday, two days after a fire at the grain terminal halted grain exports from the Varnian harbour. \
        Loading of grain ships would resume by Tuesday, port officials said, after firefighters put out the blaze at the terminal.\n";
    let (status, _, body) = server.request(
        "POST",
        "/api/documents?name=harbour-daily.txt",
        "text/plain",
        article.as_bytes(),
    );
    assert_eq!(status, 200, "{body}");
    let report = json(&body);
    assert_eq!(
        (report["added"].as_u64(), report["stories_new"].as_u64()),
        (Some(1), Some(0)),
        "{body}"
    );
    assert_eq!(report["total"], 15);

    let after = json(&server.get("/api/stories").2);
    assert_eq!(after.as_array().unwrap().len(), before.as_array().unwrap().len());
    let grown = after
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["story"] == fire["story"])
        .unwrap();
    assert_eq!(
        grown["documents"].as_u64().unwrap(),
        fire["documents"].as_u64().unwrap() + 1
    );

    // Posting it again stores nothing; the command line sees what the server stored.
    let (_, _, body) = server.request("POST", "/api/documents", "text/plain", article.as_bytes());
    let again = json(&body);
    assert_eq!(
        (again["added"].as_u64(), again["already_stored"].as_u64()),
        (Some(0), Some(1))
    );
    let cli = json(&stdout(&run(&["stories", "--db", db, "--format", "json"])));
    assert_eq!(cli, after);

    // A JSON array of records is read as such; --lang's filter is ?lang=.
    let records = r#"[{"title":"Zentralbank erhöht den Leitzins","text":"Die Zentralbank von Valdoria hat den Leitzins am Donnerstag um einen halben Prozentpunkt erhöht, teilte die Bank mit.","source":"Tagesblatt"}]"#;
    let (status, _, body) = server.request("POST", "/api/documents?lang=en", "application/json", records.as_bytes());
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["other_language"], 1);
    assert_eq!(json(&body)["added"], 0);
}

#[test]
fn the_web_pages_link_stories_and_search() {
    let db = ingested_demo(Db::sqlite);
    let server = Server::start(&db.arg);
    let (status, ctype, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html"));
    let stories = json(&server.get("/api/stories").2);
    for s in stories.as_array().unwrap() {
        let id = s["story"].as_str().unwrap();
        assert!(
            home.contains(&format!("href=\"/stories/{id}\"")),
            "the home page links {id}"
        );
        let (status, _, page) = server.get(&format!("/stories/{id}"));
        assert_eq!(status, 200);
        assert!(page.contains("<nav>") && page.contains("<section class=\"story\""));
    }
    let (status, _, page) = server.get("/search?q=%3Cscript%3E%20harbour");
    assert_eq!(status, 200);
    assert!(!page.contains("<script>"), "the query is escaped in the page");
    let (_, _, page) = server.get("/search?q=harbour");
    assert!(page.contains("<mark>"), "matches are marked");
    assert!(page.contains("href=\"/stories/s"));
}

#[test]
fn an_empty_database_serves_an_empty_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.db").display().to_string();
    let server = Server::start_with(&db, &["--create"]);
    let (status, _, body) = server.get("/api/stories");
    assert_eq!((status, json(&body)), (200, serde_json::json!([])));
    let (_, _, home) = server.get("/");
    assert!(home.contains("No stories yet"));
}

#[test]
fn an_ingest_from_elsewhere_meanwhile_is_kept() {
    for make in backends() {
        an_ingest_from_elsewhere_meanwhile_is_kept_in(&ingested_demo(make).arg);
    }
}

fn an_ingest_from_elsewhere_meanwhile_is_kept_in(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(db);
    let post = |title: &str, text: &str| {
        let body = format!("---\ntitle: {title}\nsource: {title} Wire\npublished: 2025-03-10\n---\n{text}\n");
        let (status, _, answer) = server.request("POST", "/api/documents", "text/plain", body.as_bytes());
        assert_eq!(status, 200, "{answer}");
        json(&answer)
    };
    // The server's writer now holds the clusterer in memory...
    post(
        "Kestrova fire inquiry",
        "An inquiry into the fire at the grain terminal of Kestrova harbour opened on Monday.",
    );
    // ...which a command-line ingest then makes stale.
    let other = dir.path().join("other.txt");
    std::fs::write(
        &other,
        "---\ntitle: Grain exports resume\nsource: Quay Times\npublished: 2025-03-10\n---\nGrain exports from Kestrova harbour resumed after the terminal fire, officials said.\n",
    )
    .unwrap();
    assert!(run(&["ingest", other.to_str().unwrap(), "--db", db]).status.success());
    let report = post(
        "Kestrova insurers",
        "Insurers began assessing damage from the grain terminal fire at Kestrova harbour.",
    );
    assert_eq!(report["added"], 1);
    assert_eq!(
        report["total"], 17,
        "the server reloaded what the other ingest stored and kept it"
    );
    let stories = json(&server.get("/api/stories").2);
    let stored: u64 = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["documents"].as_u64().unwrap())
        .sum();
    assert_eq!(stored, 17);
}

#[test]
fn a_missing_database_is_refused_unless_asked_to_create_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let out = common::run(&["serve", "--addr", "127.0.0.1:0", "--db", &db.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    assert!(err.contains("typo.db") && err.contains("no such database"), "{err}");
    assert!(!db.exists(), "nothing is created");
}
