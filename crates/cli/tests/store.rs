//! The persistent workflow on a real SQLite file and, when a server is given,
//! a real PostgreSQL database: ingest, stories, story, search; duplicate
//! ingest, stable story ids, and resuming after a crash mid-ingest.
//!
//! PostgreSQL: `NEWSFUSE_TEST_POSTGRES=postgres://user@host:port/db` names a
//! server where the tests may create and drop databases (`.ci/run` starts
//! one); without it those runs are skipped with a message, unless
//! `NEWSFUSE_REQUIRE_POSTGRES=1` makes that a failure.

mod common;

use common::{backends, bin, repo_root, stderr, stdout, Db};
use serde_json::Value;
use std::ffi::OsStr;
use std::process::Output;

fn nf(db: &Db, args: &[&str]) -> Output {
    nf_at(OsStr::new(&db.arg), args)
}

fn nf_at(db: &OsStr, args: &[&str]) -> Output {
    bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .current_dir(repo_root())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("newsfuse runs")
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

/// Story id → sorted document titles, from `stories` and `story --format json`.
fn story_map(db: &Db) -> Vec<(String, Vec<String>)> {
    let list = json(&nf(db, &["stories", "--format", "json"]));
    let mut out = Vec::new();
    for s in list.as_array().unwrap() {
        let id = s["story"].as_str().unwrap().to_string();
        let d = json(&nf(db, &["story", &id, "--format", "json"]));
        let mut titles: Vec<String> = d["stories"][0]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["title"].as_str().unwrap().to_string())
            .collect();
        titles.sort();
        out.push((id, titles));
    }
    out.sort();
    out
}

#[test]
fn ingest_twice_stores_once_and_lists_the_demo_stories() {
    for backend in backends() {
        ingest_twice(&backend());
    }
}

fn ingest_twice(db: &Db) {
    let first = json(&nf(db, &["ingest", "demo", "--format", "json"]));
    assert_eq!(first["added"], 14);
    assert_eq!(first["stories_new"], 3);
    let again = json(&nf(db, &["ingest", "demo", "--format", "json"]));
    assert_eq!(again["added"], 0);
    assert_eq!(again["already_stored"], 14);
    assert_eq!(again["total"], 14);

    let list = json(&nf(db, &["stories", "--format", "json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let fire = list
        .iter()
        .find(|s| s["headline"].as_str().unwrap().contains("Kestrova"))
        .expect("the fire story");
    assert_eq!(fire["documents"], 5);
    assert_eq!(fire["first"], "2025-03-07");

    // The same stories as the one-shot `cluster` command.
    let clusters = json(&common::run(&["cluster", "demo", "--format", "json"]));
    let mut sizes: Vec<u64> = clusters
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["documents"].as_array().unwrap().len() as u64)
        .collect();
    let mut stored: Vec<u64> = list.iter().map(|s| s["documents"].as_u64().unwrap()).collect();
    sizes.sort();
    stored.sort();
    assert_eq!(stored, sizes);

    let id = fire["story"].as_str().unwrap();
    let md = nf(db, &["story", id]);
    assert!(md.status.success(), "{}", stderr(&md));
    let md = stdout(&md);
    assert!(md.contains("Yevgeny Sorokin") && md.contains("€40 million"), "{md}");
    let html = nf(db, &["story", id, "--format", "html"]);
    assert!(stdout(&html).contains("<html"));
}

#[test]
fn story_ids_stay_put_when_more_documents_arrive() {
    for backend in backends() {
        ids_stay_put(&backend());
    }
}

fn ids_stay_put(db: &Db) {
    // One wire file first (one article per story), the rest later.
    json(&nf(db, &["ingest", "demo/coastal-wire", "--format", "json"]));
    let before = story_map(db);
    assert_eq!(before.len(), 3);
    let more = json(&nf(db, &["ingest", "demo", "--format", "json"]));
    assert_eq!(more["added"], 11);
    assert_eq!(more["stories_new"], 0, "{more}");
    let after = story_map(db);
    assert_eq!(after.len(), 3);
    for ((id_b, titles_b), (id_a, titles_a)) in before.iter().zip(&after) {
        assert_eq!(id_a, id_b);
        assert!(
            titles_b.iter().all(|t| titles_a.contains(t)),
            "{id_b} lost {titles_b:?}: {titles_a:?}"
        );
        assert!(titles_a.len() > titles_b.len());
    }
}

/// Two fires of one kind at two ports, reported in turns by six wires: each
/// report shares its firefighting words with both and names its own port,
/// people and cargo.
fn two_fires(dir: &std::path::Path) {
    let shared = [
        "Fire crews fought the blaze at the port terminal through the night.",
        "Thick smoke rose over the docks as firefighters battled the flames.",
        "Workers were evacuated and the damage to the terminal was still being assessed.",
        "Officials said the fire started in a storage building late in the evening.",
        "Port operations were suspended while crews cooled the smouldering wreckage.",
    ];
    let kestrova = [
        "The fire broke out at the Kestrova grain terminal, where wheat silos line the harbour.",
        "Kestrova mayor Pavel Orlov said the grain barges moored nearby were moved away.",
        "Orlov said the silos held most of the region's wheat harvest.",
        "The Kestrova harbour master said grain shipments would resume within days.",
        "Barges loaded with wheat waited outside Kestrova harbour.",
    ];
    let varnia = [
        "The fire broke out at the Varnia oil jetty, where tankers unload fuel for the coast.",
        "Varnia energy minister Ana Dalca said a tanker moored at the jetty was towed to safety.",
        "Dalca said fuel deliveries along the coast would be rationed.",
        "The Varnia coast guard said an oil slick had spread from the jetty.",
        "Tankers carrying fuel waited off the Varnia coast.",
    ];
    for k in 0..6 {
        for (name, title, own) in [
            ("a", "Kestrova grain terminal fire", &kestrova),
            ("b", "Varnia oil jetty fire", &varnia),
        ] {
            let mut text: Vec<&str> = (0..2).map(|j| shared[(k + j) % 5]).collect();
            text.extend((0..3).map(|j| own[(k + j) % 5]));
            let body = format!(
                "---\ntitle: {title} update {k}\nsource: wire{k}\npublished: 2025-03-0{}\n---\n{}\n",
                5 + k % 3,
                text.join(" ")
            );
            std::fs::write(dir.join(format!("{k:02}-{name}.txt")), body).unwrap();
        }
    }
}

#[test]
fn a_report_that_joined_the_wrong_story_moves_when_its_own_story_forms() {
    for backend in backends() {
        report_moves(&backend());
    }
}

fn report_moves(db: &Db) {
    let dir = tempfile::tempdir().unwrap();
    two_fires(dir.path());
    let file = |n: &str| dir.path().join(n).display().to_string();
    // The second fire's first report, alone, reads as news of the first fire.
    json(&nf(db, &["ingest", &file("00-a.txt"), "--format", "json"]));
    json(&nf(db, &["ingest", &file("00-b.txt"), "--format", "json"]));
    let first = story_map(db);
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(
        first[0].1,
        [
            "Kestrova grain terminal fire update 0",
            "Varnia oil jetty fire update 0"
        ]
    );
    // One report at a time, the second fire's own reports form a story, and its first
    // report moves there; the first fire keeps its story id.
    let more = json(&nf(db, &["ingest", &file(""), "--batch", "1", "--format", "json"]));
    assert_eq!(more["added"], 10);
    let after = story_map(db);
    assert_eq!(after.len(), 2, "{after:?}");
    let (kestrova, varnia): (Vec<_>, Vec<_>) = after.iter().partition(|(_, t)| t[0].starts_with("Kestrova"));
    assert_eq!(kestrova[0].0, "s1");
    assert!(
        kestrova[0].1.iter().all(|t| t.starts_with("Kestrova")) && kestrova[0].1.len() == 6,
        "{after:?}"
    );
    assert!(
        varnia[0].1.iter().all(|t| t.starts_with("Varnia")) && varnia[0].1.len() == 6,
        "{after:?}"
    );
    // The stored state goes on as the one-shot clusterer groups the same reports.
    let once = bin().args(["cluster", &file(""), "--format", "json"]).output().unwrap();
    let groups = json(&once);
    assert_eq!(groups.as_array().unwrap().len(), 2, "{groups}");
}

#[test]
fn a_crash_mid_ingest_resumes_without_duplicates() {
    for backend in backends() {
        crash_and_resume(&backend(), &backend());
    }
}

fn crash_and_resume(clean: &Db, crashed: &Db) {
    json(&nf(clean, &["ingest", "demo", "--batch", "4", "--format", "json"]));

    let out = bin()
        .args(["ingest", "demo", "--batch", "4", "--db"])
        .arg(&crashed.arg)
        .env("NEWSFUSE_FAULT_ABORT_AFTER_BATCHES", "2")
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the injected crash happens");
    let partial = json(&nf(crashed, &["stories", "--format", "json"]));
    let stored: u64 = partial
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["documents"].as_u64().unwrap())
        .sum();
    assert_eq!(stored, 8, "two committed batches of four survive the crash");

    let resumed = json(&nf(crashed, &["ingest", "demo", "--batch", "4", "--format", "json"]));
    assert_eq!(resumed["already_stored"], 8);
    assert_eq!(resumed["added"], 6);
    assert_eq!(resumed["total"], 14);
    assert_eq!(story_map(crashed), story_map(clean));
}

#[test]
fn search_finds_phrases_and_says_which_story() {
    for backend in backends() {
        search(&backend());
    }
}

fn search(db: &Db) {
    json(&nf(db, &["ingest", "demo", "--format", "json"]));
    let hits = json(&nf(db, &["search", "\"conveyor gallery\"", "--format", "json"]));
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    let stories: Vec<&str> = hits.iter().map(|h| h["story"].as_str().unwrap()).collect();
    assert!(stories.iter().all(|s| *s == stories[0]), "{stories:?}");
    // SQLite marks the phrase, PostgreSQL each of its words.
    assert!(hits.iter().all(|h| h["snippet"]
        .as_str()
        .unwrap()
        .replace("] [", " ")
        .contains("[conveyor gallery]")));
    let none = json(&nf(db, &["search", "zeppelin", "--format", "json"]));
    assert_eq!(none.as_array().unwrap().len(), 0);
    // FTS operators typed by a user do not break the query.
    let odd = nf(db, &["search", "NOT (fire"]);
    assert!(odd.status.success(), "{}", stderr(&odd));
}

#[test]
fn bad_databases_and_ids_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a database\n".repeat(100)).unwrap();
    let out = nf_at(notes.as_os_str(), &["ingest", "demo"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("notes.txt"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "not a database\n".repeat(100));
    let missing = dir.path().join("missing.db");
    let out = nf_at(missing.as_os_str(), &["stories"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("missing.db: no such database"),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists(), "reading commands create no database");
    let out = nf_at(OsStr::new("postgres://nobody@127.0.0.1:9/none"), &["stories"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("postgres://nobody@127.0.0.1:9/none: cannot connect"),
        "{}",
        stderr(&out)
    );
    for backend in backends() {
        bad_ids(&backend());
    }
}

fn bad_ids(db: &Db) {
    json(&nf(db, &["ingest", "demo/coastal-wire", "--format", "json"]));
    let out = nf(db, &["story", "s99"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("s99: no such story"), "{}", stderr(&out));
    let out = nf(db, &["story", "fire"]);
    assert!(stderr(&out).contains("not a story id"), "{}", stderr(&out));
    let out = nf(db, &["ingest", "no/such/dir"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no/such/dir"), "{}", stderr(&out));
    assert_eq!(
        json(&nf(db, &["ingest", "demo/coastal-wire", "--format", "json"]))["total"],
        3
    );
}
