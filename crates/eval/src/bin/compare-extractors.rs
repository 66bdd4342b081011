//! Compare newsfuse's extractor with the Rust extraction crates on
//! trafilatura-eval: `cargo run --release -p newsfuse-eval --features candidates
//! --bin compare-extractors -- ../shared/corpora/trafilatura-eval`.

use newsfuse_eval::extraction::{evaluate, load, newsfuse_extract, Page};

fn text_of(p: &Page) -> String {
    String::from_utf8_lossy(&p.html).into_owned()
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpora/trafilatura-eval".into());
    let pages = load(std::path::Path::new(&dir)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let only = std::env::args().nth(2);
    if only.as_deref() == Some("errors-newsfuse") {
        errors(&pages, newsfuse_extract);
        return;
    }
    if only.as_deref() == Some("errors") {
        let opts = trafilatura::Options::default();
        errors(&pages, |p| {
            let ti = ours_title(p);
            trafilatura::extract(&text_of(p), &opts)
                .ok()
                .map(|r| format!("{ti}\n{}", clean_lines(&ti, &r.content_html)))
        });
        return;
    }
    if only.as_deref() == Some("combos") {
        combos(&pages);
        return;
    }
    let want = |n: &str| only.as_deref().is_none_or(|o| o == n);
    if want("rs-trafilatura") {
        let r = evaluate("rs-trafilatura", &pages, |p| {
            rs_trafilatura::extract_bytes(&p.html).ok().map(|r| r.content_text)
        });
        println!("{}", r.lines());
    }
    if want("trafilatura") {
        let opts = trafilatura::Options::default();
        let r = evaluate("trafilatura-rs", &pages, |p| {
            trafilatura::extract(&text_of(p), &opts).ok().map(|r| r.content_text)
        });
        println!("{}", r.lines());
    }
    for (name, fallback, focus) in [
        ("trafilatura-fb", true, trafilatura::ExtractionFocus::Balanced),
        ("trafilatura-recall", false, trafilatura::ExtractionFocus::FavorRecall),
        ("trafilatura-fb-recall", true, trafilatura::ExtractionFocus::FavorRecall),
        (
            "trafilatura-precision",
            false,
            trafilatura::ExtractionFocus::FavorPrecision,
        ),
    ] {
        if only.as_deref() != Some(name) && only.as_deref() != Some("variants") {
            continue;
        }
        let opts = trafilatura::Options::default()
            .with_fallback(fallback)
            .with_focus(focus);
        let r = evaluate(name, &pages, |p| {
            trafilatura::extract(&text_of(p), &opts).ok().map(|r| r.content_text)
        });
        println!("{}", r.lines());
    }
    if want("dom_smoothie") {
        let r = evaluate("dom_smoothie", &pages, |p| {
            let html = text_of(p);
            let cfg = dom_smoothie::Config {
                text_mode: dom_smoothie::TextMode::Formatted,
                ..Default::default()
            };
            let mut r = dom_smoothie::Readability::new(html.as_str(), None, Some(cfg)).ok()?;
            r.parse().ok().map(|a| a.text_content.to_string())
        });
        println!("{}", r.lines());
    }
    if want("newsfuse") {
        let r = evaluate("newsfuse", &pages, newsfuse_extract);
        println!("{}", r.lines());
    }
}

/// Print the segments an extractor gets wrong, for error analysis:
/// `compare-extractors DIR errors`.
#[allow(dead_code)]
fn errors(pages: &[Page], extract: impl Fn(&Page) -> Option<String>) {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for p in pages {
        let text = norm(&extract(p).unwrap_or_default());
        for w in &p.without {
            if text.contains(&norm(w)) {
                println!("FP\t{}\t{}", p.file, w.chars().take(120).collect::<String>());
            }
        }
        for w in &p.with {
            if !text.contains(&norm(w)) {
                println!(
                    "FN\t{}\t{}\t{}",
                    p.file,
                    text.len(),
                    w.chars().take(120).collect::<String>()
                );
            }
        }
    }
}

fn clean_lines(title: &str, html: &str) -> String {
    let blocks = newsfuse_ingest::html_blocks(html);
    newsfuse_ingest::clean_blocks(title, &blocks).0
}

fn ours_title(p: &Page) -> String {
    let (records, _) = newsfuse_ingest::read_bytes(&format!("{}.html", p.file), &p.html);
    records.first().and_then(|r| r.title.clone()).unwrap_or_default()
}

fn combos(pages: &[Page]) {
    let plain = trafilatura::Options::default();
    let fb = trafilatura::Options::default().with_fallback(true);
    let t = |p: &Page, o: &trafilatura::Options| {
        trafilatura::extract(&text_of(p), o)
            .ok()
            .map(|r| r.content_html)
            .unwrap_or_default()
    };
    let d = |p: &Page| {
        let html = text_of(p);
        dom_smoothie::Readability::new(html.as_str(), None, None)
            .ok()
            .and_then(|mut r| r.parse().ok())
            .map(|a| a.content.to_string())
            .unwrap_or_default()
    };
    let r = evaluate("A title+T", pages, |p| {
        Some(format!(
            "{}\n{}",
            ours_title(p),
            newsfuse_ingest::html_blocks(&t(p, &plain)).join("\n")
        ))
    });
    println!("{}", r.lines());
    let r = evaluate("B title+clean(T)", pages, |p| {
        let ti = ours_title(p);
        Some(format!("{}\n{}", ti, clean_lines(&ti, &t(p, &plain))))
    });
    println!("{}", r.lines());
    let r = evaluate("C title+clean(Tfb)", pages, |p| {
        let ti = ours_title(p);
        Some(format!("{}\n{}", ti, clean_lines(&ti, &t(p, &fb))))
    });
    println!("{}", r.lines());
    for k in [200usize, 500, 1000] {
        let r = evaluate(&format!("D short<{k}→D"), pages, |p| {
            let ti = ours_title(p);
            let main = clean_lines(&ti, &t(p, &plain));
            let body = if main.len() < k {
                let alt = clean_lines(&ti, &d(p));
                if alt.len() > main.len() {
                    alt
                } else {
                    main
                }
            } else {
                main
            };
            Some(format!("{}\n{}", ti, body))
        });
        println!("{}", r.lines());
    }
}
