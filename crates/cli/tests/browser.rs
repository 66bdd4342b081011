//! The HTML dossier in a real headless Chromium: the page renders, its
//! script runs, and a link to a fact opens that fact's source sentences.
//!
//! Chromium is looked for at `$NEWSFUSE_CHROMIUM`, then as `chromium`,
//! `chromium-browser` or `google-chrome` on the PATH. Without one the test
//! says so and passes, unless `NEWSFUSE_REQUIRE_CHROMIUM` is set (as `.ci/run`
//! does after installing Debian's chromium), when it fails.

mod common;

use common::{run, stdout, Server};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NEWSFUSE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Headless Chromium with the flags this closed network needs.
fn headless(browser: &Path, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// The value of attribute `name` in the tag that starts at `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let end = tag.find('>')?;
    let tag = &tag[..end];
    let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let j = tag[i..].find('"')? + i;
    Some(&tag[i..j])
}

/// Chromium, or None (with a message) when the test should be skipped.
fn browser_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("NEWSFUSE_REQUIRE_CHROMIUM").is_none(),
            "NEWSFUSE_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!("skipped: no Chromium found (set NEWSFUSE_CHROMIUM or install chromium)");
    }
    found
}

/// The DOM of `url` after its scripts ran.
fn dump_dom(browser: &Path, profile: &Path, url: &str) -> String {
    let dom = headless(browser, profile)
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium starts");
    assert!(
        dom.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    String::from_utf8_lossy(&dom.stdout).to_string()
}

#[test]
fn the_served_pages_work_in_headless_chromium() {
    let Some(browser) = browser_or_skip() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db").display().to_string();
    assert!(run(&["ingest", "demo", "--db", &db]).status.success());
    let server = Server::start(&db);
    let base = format!("http://127.0.0.1:{}", server.port);

    // The home page lists every story, each a link to its page.
    let home = dump_dom(&browser, &dir.path().join("p1"), &format!("{base}/"));
    let stories = serde_json::from_str::<serde_json::Value>(&server.get("/api/stories").2).unwrap();
    let stories = stories.as_array().unwrap();
    assert!(!stories.is_empty());
    for s in stories {
        let link = format!("<a href=\"/stories/{}\">", s["story"].as_str().unwrap());
        let at = home.find(&link).unwrap_or_else(|| panic!("home links {link}"));
        let text = &home[at + link.len()..];
        assert!(text.starts_with(&*newsfuse_render::esc(s["headline"].as_str().unwrap())));
    }

    // A story page is the dossier, whose script runs, under the site's bar.
    let id = stories[0]["story"].as_str().unwrap();
    let page = dump_dom(&browser, &dir.path().join("p2"), &format!("{base}/stories/{id}"));
    assert!(
        page.contains("data-ready=\"1\""),
        "the dossier's script ran in the served page"
    );
    assert!(page.contains("<nav>") && page.contains("href=\"/\""));
    assert!(page.contains(&format!("<section class=\"story\" id=\"{id}\"")));

    // The search form's URL gives marked hits that link to their stories.
    let found = dump_dom(&browser, &dir.path().join("p3"), &format!("{base}/search?q=grain"));
    assert!(found.contains("<mark>grain</mark>") || found.contains("<mark>Grain</mark>"));
    assert!(found.contains("value=\"grain\""), "the box keeps the query");
}

#[test]
fn the_html_dossier_works_in_headless_chromium() {
    let Some(browser) = browser_or_skip() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["dossier", "demo", "--format", "html"]);
    assert!(out.status.success());
    let page = dir.path().join("dossier.html");
    std::fs::write(&page, stdout(&out)).unwrap();

    // The fact that a link points at: the first disputed one, so that its row
    // has citations from more than one outlet.
    let json = run(&["dossier", "demo", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let story = &v["stories"][0];
    let fact = story["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| !f["conflicts"].as_array().unwrap().is_empty())
        .expect("the demo has a disputed fact");
    let anchor = format!("{}-{}", story["id"].as_str().unwrap(), fact["id"].as_str().unwrap());
    let url = format!("file://{}#{anchor}", page.display());

    let dom = headless(&browser, &dir.path().join("profile"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium starts");
    assert!(
        dom.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout).to_string();
    assert!(dom.contains("data-ready=\"1\""), "the page's script ran to its end");

    // The linked row is highlighted, and each of its citations shows the
    // sentence it points at, right after it.
    let row_at = dom
        .find(&format!("id=\"{anchor}\""))
        .expect("the fact's row is in the page");
    let row_start = dom[..row_at].rfind("<tr").unwrap();
    let row = &dom[row_start..row_start + dom[row_start..].find("</tr>").unwrap()];
    assert!(attr(row, "class").is_some_and(|c| c.split(' ').any(|x| x == "target")));
    let cites: Vec<&str> = row
        .match_indices("<span class=\"cite\"")
        .map(|(i, _)| &row[i..])
        .collect();
    assert_eq!(cites.len(), fact["citations"].as_array().unwrap().len());
    for cite in cites {
        let sentence = attr(cite, "title").unwrap();
        assert!(!sentence.is_empty());
        let after = &cite[cite.find("</span>").unwrap() + 7..];
        assert!(
            after.starts_with(&format!("<q class=\"ctx\">{sentence}</q>")),
            "the citation's sentence opens after it: {}",
            &after[..after.len().min(200)]
        );
    }
    // Rows elsewhere stay closed.
    assert_eq!(
        dom.matches("<q class=\"ctx\">").count(),
        fact["citations"].as_array().unwrap().len()
    );

    // And the page paints: a screenshot of the top of the page is not blank.
    let shot = dir.path().join("top.png");
    let status = headless(&browser, &dir.path().join("profile2"))
        .arg("--window-size=1200,1600")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(status.status.success());
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG"));
    // A blank page of one colour compresses to a few kilobytes; text and tables do not.
    assert!(
        png.len() > 40_000,
        "screenshot is {} bytes: the page looks blank",
        png.len()
    );
}
