//! End-to-end checks on the demo corpus, as a reader of the dossiers would
//! make them: one story per event, name variants merged, no page junk in
//! any field, and every citation pointing at the words it backs.

mod common;

use common::{run, stdout};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

fn demo_json() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| {
        let out = run(&["dossier", "demo", "--format", "json"]);
        assert!(out.status.success(), "{}", common::stderr(&out));
        serde_json::from_str(&stdout(&out)).expect("valid JSON")
    })
}

/// Document texts by id, read back through `newsfuse extract` (records of a
/// multi-record file in order).
fn texts() -> &'static HashMap<String, String> {
    static TEXTS: OnceLock<HashMap<String, String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut by_path: HashMap<String, String> = HashMap::new();
        for story in demo_json()["stories"].as_array().unwrap() {
            for d in story["documents"].as_array().unwrap() {
                let path = d["path"].as_str().unwrap();
                let (file, n) = match path.split_once('#') {
                    Some((f, n)) => (f, n.parse::<usize>().unwrap()),
                    None => (path, 1),
                };
                let out = run(&["extract", file, "--format", "json"]);
                assert!(out.status.success());
                let s = stdout(&out);
                let records: Vec<Value> = serde_json::Deserializer::from_str(&s)
                    .into_iter::<Value>()
                    .map(Result::unwrap)
                    .collect();
                // Multi-record files list records in order; blank records are skipped by
                // the reader, so the n-th record is found by its path.
                let rec = records
                    .iter()
                    .find(|r| r["path"] == path)
                    .or_else(|| records.get(n - 1))
                    .unwrap();
                by_path.insert(
                    d["id"].as_str().unwrap().to_string(),
                    rec["text"].as_str().unwrap().to_string(),
                );
            }
        }
        by_path
    })
}

fn slice(c: &Value) -> &'static str {
    let t = &texts()[c["document"].as_str().unwrap()];
    let (s, e) = (
        c["start"].as_u64().unwrap() as usize,
        c["end"].as_u64().unwrap() as usize,
    );
    assert!(
        s < e && e <= t.len() && t.is_char_boundary(s) && t.is_char_boundary(e),
        "bad citation {c}"
    );
    &t[s..e]
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn story_with(title_word: &str) -> &'static Value {
    demo_json()["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["documents"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["path"].as_str().unwrap().contains(title_word))
        })
        .unwrap()
}

#[test]
fn one_story_per_event() {
    let stories = demo_json()["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 3);
    let mut groups: Vec<Vec<String>> = stories
        .iter()
        .map(|s| {
            let mut v: Vec<String> = s["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["path"].as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        })
        .collect();
    groups.sort();
    assert_eq!(
        groups,
        vec![
            vec![
                "demo/coastal-wire/wire.json#1",
                "demo/daily-meridian/kestrova-fire.html",
                "demo/eastgate-herald/feed.jsonl#1",
                "demo/harbour-ledger/kestrova-terminal-fire.txt",
                "demo/northwind-post/grain-terminal-blaze.md"
            ],
            vec![
                "demo/coastal-wire/wire.json#2",
                "demo/eastgate-herald/feed.jsonl#2",
                "demo/harbour-ledger/valdoria-rate-rise.txt",
                "demo/northwind-post/rates-decision.md",
                "demo/valdoria-times/rate-rise.html"
            ],
            vec![
                "demo/coastal-wire/wire.json#3",
                "demo/daily-meridian/border-talks.html",
                "demo/eastgate-herald/feed.jsonl#3",
                "demo/valdoria-times/border-talks.txt"
            ],
        ]
    );
}

#[test]
fn transliterated_names_are_one_entity() {
    for (story_key, variants) in [
        ("kestrova", ["Yevgeny Sorokin", "Evgeny Sorokin"]),
        ("rate", ["Aleksandr Petrov", "Alexander Petrov"]),
        ("border", ["Dmitri Karasev", "Dmitry Karasev"]),
    ] {
        let story = story_with(story_key);
        let people: Vec<&Value> = story["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "PERSON")
            .collect();
        let holder = people
            .iter()
            .filter(|e| {
                let mut names: Vec<&str> = e["aliases"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap())
                    .collect();
                names.push(e["name"].as_str().unwrap());
                variants.iter().all(|v| names.contains(v))
            })
            .count();
        assert_eq!(holder, 1, "{variants:?} should be one entity in {story_key}");
        // …and no second entity keeps one of the variants as its own name.
        let separate = people
            .iter()
            .filter(|e| variants.contains(&e["name"].as_str().unwrap()))
            .count();
        assert_eq!(separate, 1);
    }
}

#[test]
fn one_person_keeps_every_title_the_outlets_gave() {
    let story = story_with("rate");
    let ilves = story["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Marta Ilves")
        .expect("Marta Ilves");
    let roles: Vec<&str> = ilves["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(roles.iter().any(|r| r.contains("chief economist")), "{roles:?}");
    assert!(roles.iter().any(|r| r.contains("head of research")), "{roles:?}");
}

#[test]
fn page_junk_is_absent_from_every_field() {
    let text = serde_json::to_string(demo_json()).unwrap();
    for junk in [
        "base64",
        "data:image",
        "Log in",
        "MORE STORIES",
        "Tram strike",
        "Image: ",
        "Picture:",
        "Photo:",
        "Share this",
        "Share on",
        "Subscribe",
        "cookies",
        "All rights reserved",
        "Sign in",
        "By Tomas Varga",
        "(Coastal Wire) -",
    ] {
        assert!(!text.contains(junk), "junk {junk:?} leaked into the dossier");
    }
    // The repeated headline line is not body text: the first summary-able sentence of the Ledger is the lead.
    for t in texts().values() {
        assert!(
            !t.starts_with("Fire guts grain terminal at Kestrova port"),
            "repeated headline kept"
        );
    }
}

#[test]
fn every_citation_slices_to_the_words_it_backs() {
    for story in demo_json()["stories"].as_array().unwrap() {
        for q in story["quotes"].as_array().unwrap() {
            let cs = q["citations"].as_array().unwrap();
            assert!(!cs.is_empty());
            let text = q["text"].as_str().unwrap();
            assert!(
                cs.iter().any(|c| slice(c) == text),
                "quote {text:?} not found at its citations"
            );
            for c in cs {
                let common = words(slice(c)).iter().filter(|w| words(text).contains(w)).count();
                assert!(
                    common * 2 >= words(text).len().min(words(slice(c)).len()),
                    "citation {c} does not carry {text:?}"
                );
            }
        }
        for s in story["summary"].as_array().unwrap() {
            let cs = s["citations"].as_array().unwrap();
            assert!(!cs.is_empty());
            assert_eq!(slice(&cs[0]), s["text"].as_str().unwrap());
        }
        for f in story["facts"].as_array().unwrap() {
            let cs = f["citations"].as_array().unwrap();
            assert!(!cs.is_empty(), "fact without citation: {f}");
            let object = f["object"].as_str().unwrap();
            for c in cs {
                let cited = slice(c);
                match f["predicate"].as_str().unwrap() {
                    "role" => assert!(
                        words(object).iter().all(|w| words(cited).contains(w)),
                        "role {object:?} vs {cited:?}"
                    ),
                    "said" => {
                        let common = words(cited).iter().filter(|w| words(object).contains(w)).count();
                        assert!(
                            common * 2 >= words(object).len().min(words(cited).len()),
                            "{object:?} vs {cited:?}"
                        );
                    }
                    "place" => assert!(
                        words(cited).iter().any(|w| words(object).contains(w)),
                        "place {object:?} vs {cited:?}"
                    ),
                    // A meeting is cited where both parties are named.
                    "met" => {
                        let subject = f["subject"].as_str().unwrap();
                        for party in [subject, object] {
                            assert!(
                                words(party).iter().any(|w| words(cited).contains(w)),
                                "{party:?} not in {cited:?}"
                            );
                        }
                    }
                    "took part" => assert!(
                        words(f["subject"].as_str().unwrap())
                            .iter()
                            .any(|w| words(cited).contains(w)),
                        "participant cited as {cited:?}"
                    ),
                    "first since" => assert!(
                        cited.to_lowercase().starts_with("first") && cited.contains("since"),
                        "first-since claim cited as {cited:?}"
                    ),
                    "date" => assert!(
                        cited.chars().any(|c| c.is_ascii_digit()) || words(cited).iter().any(|w| w.ends_with("day")),
                        "date cited as {cited:?}"
                    ),
                    _ => assert!(
                        cited.chars().any(|c| c.is_ascii_digit())
                            || words(cited).iter().any(|w| [
                                "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                "ten", "twelve", "fourteen"
                            ]
                            .contains(&w.as_str())),
                        "amount cited as {cited:?}"
                    ),
                }
            }
        }
        if let Some(w) = story["when"].as_object() {
            for c in w["citations"].as_array().unwrap() {
                assert!(!slice(c).is_empty());
            }
        }
    }
}

#[test]
fn outlets_disagreeing_on_a_figure_show_a_conflict() {
    let story = story_with("kestrova");
    let facts = story["facts"].as_array().unwrap();
    let injured: Vec<&Value> = facts
        .iter()
        .filter(|f| f["predicate"].as_str().unwrap().starts_with("count: worker"))
        .collect();
    let twelve = injured.iter().find(|f| f["object"] == "12").expect("the 12 figure");
    let conflicts: Vec<&str> = twelve["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let other = facts
        .iter()
        .find(|f| conflicts.contains(&f["id"].as_str().unwrap()))
        .expect("conflicting fact");
    assert!(other["object"].as_str().unwrap().contains("14"));
}

#[test]
fn a_weekday_agrees_with_another_outlets_date() {
    let story = story_with("kestrova");
    assert_eq!(story["when"]["date"], "2025-03-06");
    let northwind = story["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == "Northwind Post")
        .unwrap();
    assert!(northwind["published"].is_null(), "this outlet gives only a weekday");
    assert!(story["when"]["documents"]
        .as_array()
        .unwrap()
        .contains(&northwind["id"]));
}

#[test]
fn a_syndicated_copy_sits_under_its_original_and_counts_once() {
    let story = story_with("kestrova");
    let docs = story["documents"].as_array().unwrap();
    let copy = docs.iter().find(|d| d["source"] == "Daily Meridian").unwrap();
    let original = docs.iter().find(|d| d["source"] == "Coastal Wire").unwrap();
    assert_eq!(copy["copy_of"], original["id"]);
    assert_eq!(copy["copy_kind"], "syndicated");
    let quote = story["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains("will not load a single ship"))
        .unwrap();
    assert!(quote["documents"].as_array().unwrap().contains(&copy["id"]));
    assert_eq!(quote["documents"].as_array().unwrap().len(), 3);
    assert_eq!(quote["sources"], 2, "the copy must not count as a third source");
}

#[test]
fn a_quote_reported_by_three_outlets_is_one_statement() {
    let story = story_with("border");
    let q = story["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["text"].as_str().unwrap().contains("opened a door"))
        .collect::<Vec<_>>();
    assert_eq!(q.len(), 1, "small wording differences are one statement");
    assert!(q[0]["sources"].as_u64().unwrap() >= 3);
    assert_eq!(q[0]["speaker_name"], "Dmitry Karasev");
}

#[test]
fn demo_command_prints_the_same_dossiers_as_markdown() {
    let out = run(&["demo"]);
    assert!(out.status.success());
    let md = stdout(&out);
    assert_eq!(md.matches("\n## Summary").count(), 3);
    insta::assert_snapshot!("demo_markdown", md);
}

#[test]
fn dossier_json_snapshot() {
    insta::assert_json_snapshot!("demo_json", demo_json());
}
