//! The stage subcommands alone, and what bad input does to a run.

mod common;

use common::{run, run_with_stdin, stderr, stdout};
use serde_json::Value;
use std::fs;

#[test]
fn extract_gives_the_cleaned_document() {
    let out = run(&[
        "extract",
        "demo/harbour-ledger/kestrova-terminal-fire.txt",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["title"], "Fire guts grain terminal at Kestrova port");
    assert_eq!(v["source"], "The Harbour Ledger");
    assert_eq!(v["published"], "2025-03-07");
    assert_eq!(v["url"], "https://harbourledger.example/news/kestrova-terminal-fire");
    assert_eq!(v["language"], "en");
    assert_eq!(v["authors"], serde_json::json!(["Tomas Varga"]));
    let text = v["text"].as_str().unwrap();
    assert!(text.starts_with("A fire tore through the main grain terminal"));
    assert!(!text.contains("Log in") && !text.contains("Image:") && !text.contains("Share this"));
}

#[test]
fn extract_reads_html_metadata_and_main_text() {
    let out = run(&["extract", "demo/valdoria-times/rate-rise.html"]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["source"], "Valdoria Times");
    assert_eq!(v["published"], "2025-03-13");
    assert_eq!(v["authors"], serde_json::json!(["Irena Kask"]));
    let text = v["text"].as_str().unwrap();
    assert!(text.contains("Governor Aleksandr Petrov said"));
    assert!(!text.contains("cookies") && !text.contains("Share on"));
}

#[test]
fn both_extractors_read_the_same_articles_from_the_demo_pages() {
    for page in [
        "demo/valdoria-times/rate-rise.html",
        "demo/daily-meridian/border-talks.html",
        "demo/daily-meridian/kestrova-fire.html",
    ] {
        let ours: Value = serde_json::from_str(&stdout(&run(&["extract", page]))).unwrap();
        let traf_out = run(&["--extractor", "trafilatura", "extract", page]);
        assert!(traf_out.status.success(), "{}", stderr(&traf_out));
        let traf: Value = serde_json::from_str(&stdout(&traf_out)).unwrap();
        assert_eq!(traf["text"], ours["text"], "{page}");
        for field in ["title", "source", "published", "published_from", "authors", "language"] {
            assert_eq!(traf[field], ours[field], "{page}: {field}");
        }
        // The environment chooses it too, for commands run by other tools,
        // and the earlier name of the mode still works.
        let by_env = common::bin()
            .env("NEWSFUSE_EXTRACTOR", "accurate")
            .current_dir(common::repo_root())
            .args(["extract", page])
            .output()
            .unwrap();
        assert!(by_env.status.success(), "{}", stderr(&by_env));
        assert_eq!(stdout(&by_env), stdout(&traf_out));
    }
    let bad = run(&[
        "--extractor",
        "fastest",
        "extract",
        "demo/valdoria-times/rate-rise.html",
    ]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("fastest"));
}

#[test]
fn quotes_lists_speaker_cue_and_offsets() {
    let out = run(&[
        "quotes",
        "demo/harbour-ledger/kestrova-terminal-fire.txt",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let quotes: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let doc: Value = serde_json::from_str(&stdout(&run(&[
        "extract",
        "demo/harbour-ledger/kestrova-terminal-fire.txt",
    ])))
    .unwrap();
    let text = doc["text"].as_str().unwrap();
    let direct = quotes
        .iter()
        .find(|q| q["text"].as_str().unwrap().starts_with("The fire is out"))
        .expect("direct quote");
    assert_eq!(direct["speaker_name"], "Yevgeny Sorokin");
    assert_eq!(direct["cue"], "said");
    for q in &quotes {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], q["text"].as_str().unwrap());
    }
    assert!(quotes
        .iter()
        .any(|q| q["kind"] == "reported" && q["text"].as_str().unwrap().starts_with("investigators")));
}

#[test]
fn cluster_groups_paths_into_stories() {
    let out = run(&[
        "cluster",
        "demo/harbour-ledger",
        "demo/northwind-post",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v.len(), 2);
    for s in &v {
        let docs: Vec<&str> = s["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert_eq!(docs.len(), 2);
        let fire = docs
            .iter()
            .filter(|d| d.contains("fire") || d.contains("blaze"))
            .count();
        assert!(fire == 0 || fire == 2, "mixed story: {docs:?}");
    }
}

#[test]
fn ner_conll_keeps_the_line_structure() {
    let input = "-DOCSTART- -X- O O\n\nMarta NNP I-NP I-PER\nIlves NNP I-NP I-PER\nvisited VBD I-VP O\nOrsk NNP I-NP I-LOC\n. . O O\n\nHe PRP I-NP O\nleft VBD I-VP O\n";
    let out = run_with_stdin(&["ner", "--conll"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = stdout(&out);
    let lines: Vec<&str> = got.lines().collect();
    let want: Vec<&str> = input.lines().collect();
    assert_eq!(lines.len(), want.len());
    assert_eq!(lines[0], "-DOCSTART- -X- O O");
    for (g, w) in lines.iter().zip(&want) {
        assert_eq!(g.is_empty(), w.is_empty());
        if !w.is_empty() && !w.starts_with("-DOCSTART-") {
            let (tok, tag) = g.split_once('\t').unwrap();
            assert_eq!(tok, w.split(' ').next().unwrap());
            assert!(tag == "O" || tag.starts_with("I-") || tag.starts_with("B-"));
        }
    }
    assert_eq!(lines[2], "Marta\tI-PER");
    assert_eq!(lines[3], "Ilves\tI-PER");
}

#[test]
fn ner_on_running_text_prints_typed_spans() {
    let out = run_with_stdin(
        &["ner"],
        "Finance Minister Marta Ilves met officials of the European Commission in Brussels on Monday.",
    );
    let got = stdout(&out);
    assert!(got.contains("PER\t17\t28\tMarta Ilves"), "{got}");
    assert!(got.contains("LOC") && got.contains("Brussels"), "{got}");
}

#[test]
fn names_stop_at_quotes_times_and_sentence_openers() {
    let out = run_with_stdin(
        &["ner"],
        "Breitbart News Political Editor Matthew Boyle: \u{2018}Very clear,\u{2019} he said.\n\
         The plane landed at Changi International Airport at 6:40 p.m. on Monday.\n\
         Unlike General Motors, Ford did not ask for help.\n",
    );
    let got = stdout(&out);
    let names: Vec<&str> = got.lines().filter_map(|l| l.split('\t').nth(3)).collect();
    assert!(names.contains(&"Changi International Airport"), "{got}");
    assert!(names.contains(&"General Motors") && names.contains(&"Ford"), "{got}");
    for n in &names {
        assert!(
            !n.contains('\u{2018}') && !n.contains("p.m.") && !n.starts_with("Unlike"),
            "{n} in {got}"
        );
        assert!(!n.ends_with([':', ',']), "{n} in {got}");
    }
}

#[test]
fn bad_inputs_are_reported_by_name_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    fs::write(p("good.txt"), "---\ntitle: Bridge reopens\nsource: Test Post\npublished: 2025-05-02\n---\nThe Lune bridge in Halden reopened on Friday after repairs that lasted 14 months, the city council said.\n").unwrap();
    fs::write(p("empty.txt"), "").unwrap();
    fs::write(
        p("latin1.txt"),
        b"The caf\xe9 in Halden reopened on Friday, its owner said.\n",
    )
    .unwrap();
    fs::write(p("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    fs::write(p("broken.json"), "{\"title\": \"x\", \"text\": ").unwrap();
    fs::write(
        p("nobody.html"),
        "<html><head><title>Nothing</title></head><body><nav>Home</nav></body>",
    )
    .unwrap();
    fs::create_dir(p("no-articles")).unwrap();
    fs::write(p("no-articles/notes.csv"), "a,b\n").unwrap();
    let missing = p("missing.txt");
    let args: Vec<String> = ["dossier", "--format", "json"]
        .iter()
        .map(|s| s.to_string())
        .chain(
            [
                "good.txt",
                "empty.txt",
                "latin1.txt",
                "binary.txt",
                "broken.json",
                "nobody.html",
                "no-articles",
            ]
            .iter()
            .map(|n| p(n).display().to_string()),
        )
        .chain([missing.display().to_string()])
        .collect();
    let out = common::bin().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "a run with readable articles succeeds: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    for (file, problem) in [
        ("empty.txt", "empty file"),
        ("latin1.txt", "invalid UTF-8"),
        ("binary.txt", "binary"),
        ("broken.json", "malformed JSON"),
        ("nobody.html", "no article text"),
        ("no-articles", "no articles"),
        ("missing.txt", "no such file"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no message for {file}: {err}"));
        assert!(line.contains(problem), "{file}: {line}");
    }
    assert!(!err.contains("panicked"));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let docs: usize = v["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["documents"].as_array().unwrap().len())
        .sum();
    assert_eq!(docs, 2, "the good file and the decoded Windows-1252 file are read");
}

#[test]
fn nothing_readable_exits_non_zero_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "   \n").unwrap();
    let out = common::bin()
        .args(["dossier", &empty.display().to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("empty.txt: empty file"), "{err}");
    assert!(err.contains("no articles could be read"), "{err}");
    assert!(err.lines().all(|l| l.starts_with("newsfuse: ")));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let out = run_with_stdin(&["extract", "-", "--format", "json"], "{\"title\": \"Piped\", \"text\": \"A story read from a pipe, with enough words to count.\", \"source\": \"Pipe Daily\"}");
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["title"], "Piped");
    assert_eq!(v["source"], "Pipe Daily");
}

#[test]
fn html_output_is_self_contained() {
    let out = run(&["dossier", "demo", "--format", "html"]);
    assert!(out.status.success());
    let html = stdout(&out);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script src") && !html.contains("<link") && !html.contains("src=\"http"));
    assert!(html.contains("class=\"conflict\""), "disputed facts are highlighted");
    // A citation shows the sentence it points at.
    assert!(html.contains(
        "title=\"&quot;The fire is out, but the terminal will not load a single ship this month,&quot; Sorokin said.\""
    ));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn feeds_warc_archives_and_gzip_are_sources_of_documents() {
    let dir = tempfile::tempdir().unwrap();
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Times</title>
        <item><title>Ferry service resumes</title><link>https://quay.example/ferry</link><pubDate>Sat, 08 Mar 2025 08:00:00 GMT</pubDate>
        <description>The ferry between Halden and Orsk resumed on Saturday after a two-week strike by crews ended.</description></item>
        <item><title>Harbour dues rise</title><link>https://quay.example/dues</link><pubDate>Sat, 08 Mar 2025 09:00:00 GMT</pubDate>
        <description>The harbour authority raised dues for cargo ships by 5 percent, its first increase in three years.</description></item>
        </channel></rss>"#;
    fs::write(dir.path().join("quay.rss"), rss).unwrap();
    // Two archive members (one record each), the page in Windows-1252 as its HTTP header says.
    let page = "<html><head><title>Caf\u{e9} owners protest rent rise</title></head><body><article><p>Caf\u{e9} owners in Halden protested on Friday against a rent rise of 20 percent that the city council approved last month.</p></article></body></html>";
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    let mut bytes = Vec::new();
    {
        let http_body = [
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n".to_vec(),
            cp1252.to_vec(),
        ]
        .concat();
        let head = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2025-03-07T10:00:00Z\r\nWARC-Target-URI: https://www.halden.example/cafe\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http_body.len()
        );
        let rec = [head.into_bytes(), http_body, b"\r\n\r\n".to_vec()].concat();
        bytes.extend(gzip(&rec));
    }
    fs::write(dir.path().join("crawl.warc.gz"), &bytes).unwrap();
    fs::write(dir.path().join("note.txt.gz"), gzip(b"---\ntitle: Bridge reopens\npublished: 2025-05-02\n---\nThe Lune bridge in Halden reopened on Friday after repairs.\n")).unwrap();
    let out = common::bin()
        .args(["cluster", "--format", "json", &dir.path().display().to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let paths: Vec<String> = v
        .iter()
        .flat_map(|s| {
            s["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("quay.rss#1")) && paths.iter().any(|p| p.ends_with("quay.rss#2")));
    assert!(paths.iter().any(|p| p.contains("crawl.warc.gz#")));
    assert!(paths.iter().any(|p| p.ends_with("note.txt.gz")));
    let ex = common::bin()
        .args(["extract", &dir.path().join("crawl.warc.gz").display().to_string()])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_str(&stdout(&ex)).unwrap();
    assert_eq!(doc["source"], "halden.example");
    assert_eq!(doc["url"], "https://www.halden.example/cafe");
    assert!(
        doc["text"].as_str().unwrap().starts_with("Café owners in Halden"),
        "{doc}"
    );
}

#[test]
fn truncated_archives_and_huge_files_warn_and_keep_the_best_text() {
    let dir = tempfile::tempdir().unwrap();
    let full = gzip(
        &"---\ntitle: Long\n---\nThe council met on Friday to discuss the budget for the coming year. "
            .repeat(400)
            .into_bytes(),
    );
    let cut = dir.path().join("cut.txt.gz");
    fs::write(&cut, &full[..full.len() / 2]).unwrap();
    let out = common::bin()
        .args(["extract", &cut.display().to_string()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains("truncated or corrupt gzip"), "{}", stderr(&out));
    assert!(stdout(&out).contains("The council met on Friday"));

    // One line far beyond the per-document limit.
    let huge = dir.path().join("huge.txt");
    let line = "word ".repeat((newsfuse_ingest::MAX_DOC_BYTES + (1 << 20)) / 5);
    fs::write(&huge, &line).unwrap();
    let out = common::bin()
        .args(["extract", "--format", "text", &huge.display().to_string()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("only the first 4 MB are read"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).len() <= newsfuse_ingest::MAX_DOC_BYTES + 100);
}

#[test]
fn lang_keeps_only_that_language() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("en.txt"), "The city council in Halden approved the new budget on Friday after a long debate about school funding and road repairs.").unwrap();
    fs::write(dir.path().join("de.txt"), "Der Stadtrat von Halden hat am Freitag nach einer langen Debatte über Schulen und Straßen den neuen Haushalt beschlossen.").unwrap();
    let out = common::bin()
        .args([
            "cluster",
            "--lang",
            "de",
            "--format",
            "json",
            &dir.path().display().to_string(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v.len(), 1);
    assert!(v[0]["documents"][0].as_str().unwrap().ends_with("de.txt"));
    assert!(stderr(&out).contains("kept 1 of 2"));
}

#[test]
fn html_dates_are_kept_apart_with_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let page = r#"<html><head><title>Rates rise</title>
        <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-03-13T08:00:00Z","dateModified":"2025-03-14T10:00:00Z","author":[{"@type":"Person","name":"Irena Kask"},{"@type":"Person","name":"Email the author"}]}</script>
        </head><body><article><p>The central bank raised its main rate to 4.25 percent on Thursday, the first increase since October 2023, and signalled more to come.</p></article></body></html>"#;
    let p = dir.path().join("rates.html");
    fs::write(&p, page).unwrap();
    let v: Value = serde_json::from_str(&stdout(
        &common::bin()
            .args(["extract", &p.display().to_string()])
            .output()
            .unwrap(),
    ))
    .unwrap();
    assert_eq!(v["published"], "2025-03-13");
    assert_eq!(v["published_from"], "json-ld");
    assert_eq!(v["modified"], "2025-03-14");
    assert_eq!(v["modified_from"], "json-ld");
    assert_eq!(v["authors"], serde_json::json!(["Irena Kask"]));
}

#[test]
fn bench_scale_streams_recombined_documents_and_reports_cost_and_memory() {
    let out = run(&["bench", "scale", "--docs", "40"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("40 documents from 14 base articles"), "{text}");
    assert!(text.contains("per document: analysis") && text.contains("clustering"));
    assert!(text.contains("peak memory") && text.contains(" MB"), "{text}");
}

#[test]
fn train_clusters_writes_the_same_file_twice_and_refuses_empty_input() {
    let dir = std::env::temp_dir().join(format!("newsfuse-clusters-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.bin"), dir.join("b.bin"));
    for out in [&a, &b] {
        let o = common::run(&[
            "train",
            "clusters",
            "--levels",
            "4,8",
            "--min-count",
            "2",
            "--out",
            &out.display().to_string(),
            "demo",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap(), "same input, same clusters");
    // Two granularities, each from the left and from the right: four class counts.
    assert_eq!(&bytes[..10], &[4, 0, 4, 0, 8, 0, 4, 0, 8, 0]);
    // An NER model can be trained with them (a one-document CoNLL file is enough to run).
    let conll = dir.join("tiny.conll");
    std::fs::write(
        &conll,
        "-DOCSTART- -X- O O\n\nLena NNP I-NP I-PER\nHoff NNP I-NP I-PER\nsaid VBD I-VP O\n\n",
    )
    .unwrap();
    let model = dir.join("ner.bin");
    let o = common::run(&[
        "train",
        "ner",
        "--train",
        &conll.display().to_string(),
        "--epochs",
        "1",
        "--clusters",
        &a.display().to_string(),
        "--out",
        &model.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("word clusters:"));
    // Nothing in the language asked for: a clear error, no file.
    let none = dir.join("none.bin");
    let o = common::run(&[
        "train",
        "clusters",
        "--lang",
        "xx",
        "--out",
        &none.display().to_string(),
        "demo",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no text to cluster"));
    assert!(!none.exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_evaluation_on_a_directory_without_its_corpus_fails_by_name() {
    // A wrong path used to score as an empty and perfect run (B³ 1.000 over 0 documents).
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("1")).unwrap();
    fs::write(dir.path().join("1").join("notes.xml"), "<doc/>").unwrap();
    let path = dir.path().to_str().unwrap();
    for (stage, what) in [
        ("stories", "no ECB+ documents"),
        ("entities", "no MEANTIME or ECB+ documents with gold entity mentions"),
        ("timex", "with TIMEX3 annotations"),
        ("fivew", "no Giveme5W1H gold articles"),
    ] {
        let out = run(&["eval", stage, path]);
        assert!(!out.status.success(), "{stage} succeeded");
        let err = stderr(&out);
        assert!(err.contains(path) && err.contains(what), "{stage}: {err}");
    }
}
