//! One small bundle of articles per fusion behaviour (tests/bundles/, written
//! for these tests): the behaviour is asserted on the JSON, and the Markdown
//! dossier is kept as a golden snapshot.

mod common;

use common::{run, stdout};
use serde_json::Value;

fn bundle(name: &str) -> (Value, String) {
    let dir = format!("crates/cli/tests/bundles/{name}");
    let json = run(&["dossier", &dir, "--format", "json"]);
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let md = run(&["dossier", &dir, "--format", "md"]);
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["stories"].as_array().unwrap().len(), 1, "{name} is one story");
    (v["stories"][0].clone(), stdout(&md))
}

fn facts<'a>(story: &'a Value, predicate_prefix: &str) -> Vec<&'a Value> {
    story["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["predicate"].as_str().unwrap().starts_with(predicate_prefix))
        .collect()
}

fn doc_id(story: &Value, file: &str) -> String {
    story["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with(file))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn two_outlets_disagreeing_on_a_number() {
    let (story, md) = bundle("number-dispute");
    // 14 routes against 11: one count per outlet, each marked as contradicting the other.
    let routes = facts(&story, "count: route");
    assert_eq!(routes.len(), 2, "{routes:?}");
    let objects: Vec<&str> = routes.iter().map(|f| f["object"].as_str().unwrap()).collect();
    assert!(objects.contains(&"14") && objects.contains(&"11"));
    for f in &routes {
        let other = routes.iter().find(|g| g["id"] != f["id"]).unwrap();
        assert_eq!(f["conflicts"], serde_json::json!([other["id"]]));
        assert_eq!(f["sources"], 1);
    }
    // The same quote with different figures stays two statements.
    let said: Vec<&Value> = facts(&story, "said")
        .into_iter()
        .filter(|f| f["object"].as_str().unwrap().contains("routes would be cut"))
        .collect();
    assert_eq!(said.len(), 2);
    // "$2.4 billion" and "2.4 billion dollars" agree: one fact, two sources.
    let loss = facts(&story, "amount:");
    assert_eq!(loss.len(), 1);
    assert_eq!(loss[0]["object"], "USD 2.4 billion");
    // The loss is the airline's, in both wordings ("Tarn Air lost …").
    assert_eq!(loss[0]["subject"], "Tarn Air");
    assert_eq!(loss[0]["sources"], 2);
    assert!(loss[0]["conflicts"].as_array().unwrap().is_empty());
    // "employs about 9,000" backs "employs 9,000": one figure, two sources, and
    // the hedged wording is still among its citations.
    let staff = facts(&story, "count: people");
    assert_eq!(staff.len(), 1, "{staff:?}");
    assert_eq!(staff[0]["object"], "9000");
    assert_eq!(staff[0]["sources"], 2);
    let cited: Vec<(i64, i64)> = staff[0]["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["start"].as_i64().unwrap(), c["end"].as_i64().unwrap()))
        .collect();
    assert!(
        cited.iter().any(|(s, e)| e - s == "about 9,000 people".len() as i64),
        "{cited:?}"
    );
    insta::assert_snapshot!("number_dispute", md);
}

#[test]
fn a_weekday_agrees_with_another_outlets_date() {
    let (story, md) = bundle("weekday-date");
    // "Thursday" (published Friday 7 March), "March 6" and "6 Mar 2025" are one date.
    assert_eq!(story["when"]["date"], "2025-03-06");
    assert_eq!(story["when"]["documents"].as_array().unwrap().len(), 3);
    let dates = facts(&story, "date");
    assert_eq!(dates.len(), 1);
    assert_eq!(dates[0]["sources"], 3);
    assert!(!dates[0]["single_source"].as_bool().unwrap());
    insta::assert_snapshot!("weekday_date", md);
}

#[test]
fn a_syndicated_copy_sits_under_its_original_and_counts_once() {
    let (story, md) = bundle("syndicated");
    let wire = doc_id(&story, "wire-original.txt");
    let copy = story["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("gazette-copy.txt"))
        .unwrap();
    // The copy credits the wire, so the wire is the original though both are dated alike.
    assert_eq!(copy["copy_of"], wire.as_str());
    assert_eq!(copy["copy_kind"], "syndicated");
    // The cancelled trains are in all three documents but from two independent outlets.
    let trains = facts(&story, "count: train");
    assert_eq!(trains.len(), 1);
    assert_eq!(trains[0]["documents"].as_array().unwrap().len(), 3);
    assert_eq!(trains[0]["sources"], 2);
    // A fact only the wire and its copy carry is single-source.
    let walked = facts(&story, "count: member (walked)");
    assert_eq!(walked[0]["sources"], 1);
    assert!(walked[0]["single_source"].as_bool().unwrap());
    // In the coverage matrix the copy's outlet is marked as carrying a copy.
    let outlets: Vec<&str> = story["coverage"]["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    let gazette = outlets.iter().position(|o| *o == "Orsk Gazette").unwrap();
    let row = story["coverage"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["fact"] == walked[0]["id"])
        .unwrap();
    assert_eq!(row["cells"][gazette], "copy");
    insta::assert_snapshot!("syndicated", md);
}

#[test]
fn a_quote_reported_by_three_outlets_is_one_statement() {
    let (story, md) = bundle("three-outlet-quote");
    let quotes = story["quotes"].as_array().unwrap();
    let bridge: Vec<&Value> = quotes
        .iter()
        .filter(|q| q["text"].as_str().unwrap().contains("stronger than before"))
        .collect();
    assert_eq!(bridge.len(), 1, "three wordings, one statement: {bridge:?}");
    assert_eq!(bridge[0]["sources"], 3);
    assert_eq!(bridge[0]["citations"].as_array().unwrap().len(), 3);
    // Dmitri and Dmitry Volkov are one person, and the pronoun's quote is his.
    assert_eq!(bridge[0]["speaker_name"], "Dmitri Volkov");
    let volkov = story["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Dmitri Volkov")
        .unwrap();
    assert!(volkov["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Dmitry Volkov"));
    assert_eq!(volkov["sources"], 3);
    insta::assert_snapshot!("three_outlet_quote", md);
}

#[test]
fn a_meeting_a_disputed_role_and_a_disputed_first_since_claim() {
    let (story, md) = bundle("meeting-and-claims");
    // "Karasev met Hoff" and "Hoff held talks with Karasev" back one meeting.
    let met = facts(&story, "met");
    assert_eq!(met.len(), 1, "{met:?}");
    assert_eq!(met[0]["sources"], 2);
    // Foreign minister in one outlet, defence minister in the other: a conflict on his role.
    let roles: Vec<&Value> = facts(&story, "role")
        .into_iter()
        .filter(|f| f["subject"] == "Dmitry Karasev")
        .collect();
    assert_eq!(roles.len(), 2);
    assert!(roles.iter().all(|f| f["conflicts"].as_array().unwrap().len() == 1));
    // The first talks since 2019, or since 2021.
    let first: Vec<&str> = facts(&story, "first since")
        .iter()
        .map(|f| f["object"].as_str().unwrap())
        .collect();
    assert_eq!(first.len(), 2);
    assert!(first.contains(&"2019") && first.contains(&"2021"));
    assert!(facts(&story, "first since")
        .iter()
        .all(|f| !f["conflicts"].as_array().unwrap().is_empty()));
    // Both ministers take part; the place and date agree.
    let part: Vec<&str> = facts(&story, "took part")
        .iter()
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    assert!(part.contains(&"Dmitry Karasev") && part.contains(&"Lena Hoff"));
    assert_eq!(story["when"]["date"], "2025-04-01");
    insta::assert_snapshot!("meeting_and_claims", md);
}

#[test]
fn a_level_reached_is_the_measure_of_the_noun_before_the_verb() {
    let (story, md) = bundle("level-verb");
    // "the damage would reach €3 million" and "estimated the damage at 3 million
    // euros" measure the same thing, so two outlets back one figure.
    let amounts = facts(&story, "amount:");
    assert_eq!(amounts.len(), 1, "{amounts:?}");
    assert_eq!(amounts[0]["predicate"], "amount: damage");
    assert_eq!(amounts[0]["object"], "EUR 3 million");
    assert_eq!(amounts[0]["sources"], 2);
    insta::assert_snapshot!("level_verb", md);
}
