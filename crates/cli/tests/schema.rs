//! The dossier JSON has a schema generated from its types, checked in at
//! schema/dossier.schema.json; the output validates against it.

mod common;

use common::{repo_root, run, stdout};
use serde_json::Value;

fn committed_schema() -> Value {
    let path = repo_root().join("schema/dossier.schema.json");
    serde_json::from_str(&std::fs::read_to_string(&path).expect("schema/dossier.schema.json exists")).unwrap()
}

#[test]
fn the_committed_schema_is_the_one_the_types_generate() {
    let out = run(&["schema"]);
    assert!(out.status.success());
    let generated: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        generated == committed_schema(),
        "the dossier types changed: run `newsfuse schema > schema/dossier.schema.json` and commit it"
    );
}

#[test]
fn dossier_json_validates_against_the_schema_and_broken_json_does_not() {
    let validator = jsonschema::validator_for(&committed_schema()).expect("the schema compiles");
    let out = run(&["dossier", "demo", "--format", "json"]);
    assert!(out.status.success());
    let dossiers: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors: Vec<String> = validator.iter_errors(&dossiers).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "demo dossiers break the schema: {errors:?}");

    // The schema has teeth: a missing field and a wrong type are both caught.
    let mut missing = dossiers.clone();
    missing["stories"][0].as_object_mut().unwrap().remove("facts");
    assert!(!validator.is_valid(&missing));
    let mut wrong = dossiers.clone();
    wrong["stories"][0]["facts"][0]["sources"] = Value::String("three".into());
    assert!(!validator.is_valid(&wrong));
    let mut bad_cell = dossiers;
    bad_cell["stories"][0]["coverage"]["rows"][0]["cells"][0] = Value::String("maybe".into());
    assert!(!validator.is_valid(&bad_cell));
}
