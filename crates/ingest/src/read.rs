//! Readers: files, directories and stdin to [`RawRecord`]s.

use crate::formats::{cap, decode_html, gunzip, looks_like_feed, read_feed, read_warc};
use crate::{date::normalize_date, html, markdown};
use newsfuse_model::Diagnostic;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The input formats newsfuse reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text with optional `---` front matter.
    Text,
    /// Markdown with optional `---` front matter.
    Markdown,
    /// An HTML page.
    Html,
    /// One JSON object or an array of objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// An RSS, Atom or JSON feed: one record per entry.
    Feed,
    /// A WARC archive: one record per HTML response.
    Warc,
}

impl Format {
    /// The format a file name implies, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = Path::new(name).extension()?.to_str()?;
        Some(match ext {
            "rss" | "atom" | "feed" => Format::Feed,
            "warc" => Format::Warc,
            // .xml is a feed when its root says so (sniffed).
            "xml" => return None,
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            _ => return None,
        })
    }

    /// Guess from content when the name says nothing (stdin, no extension).
    fn sniff(text: &str) -> Format {
        let t = text.trim_start();
        let lower: String = t.chars().take(200).collect::<String>().to_ascii_lowercase();
        if looks_like_feed(t) {
            Format::Feed
        } else if lower.starts_with("warc/") {
            Format::Warc
        } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.starts_with("<?xml") {
            Format::Html
        } else if t.starts_with('{') {
            // Several lines each holding an object: JSONL.
            let objects = t.lines().filter(|l| l.trim_start().starts_with('{')).count();
            if objects > 1
                && t.lines()
                    .filter(|l| !l.trim().is_empty())
                    .all(|l| l.trim_start().starts_with('{'))
            {
                Format::Jsonl
            } else {
                Format::Json
            }
        } else if t.starts_with('[') {
            Format::Json
        } else if t.starts_with('<') {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// One article as read, before cleaning.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawRecord {
    /// Where it came from: the file path, `path#n` for the n-th record of a
    /// multi-record file, `-` for stdin.
    pub path: String,
    /// Headline, when the input gives one.
    pub title: Option<String>,
    /// Outlet, when the input gives one (else cleaning uses the file stem).
    pub source: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Publication date, normalised to `YYYY-MM-DD` when it could be.
    pub published: Option<String>,
    /// Where the publication date came from.
    pub published_from: Option<String>,
    /// Modification date, `YYYY-MM-DD`.
    pub modified: Option<String>,
    /// Where the modification date came from.
    pub modified_from: Option<String>,
    /// Authors from metadata.
    pub authors: Vec<String>,
    /// Body paragraphs, in order, not yet cleaned.
    pub blocks: Vec<String>,
}

/// What reading a set of paths produced.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    /// Every article read, in input order.
    pub records: Vec<RawRecord>,
    /// Every problem met, one per file or record.
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) fn diag(path: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        message: message.into(),
    }
}

/// Read files, directories (recursively, in sorted order) and `-` (stdin).
/// Files inside directories are taken when their extension names a known
/// format; files named explicitly are read whatever their name.
pub fn read_paths(paths: &[PathBuf]) -> ReadOutcome {
    let mut all = ReadOutcome::default();
    for_each_input(paths, |o| {
        all.records.extend(o.records);
        all.diagnostics.extend(o.diagnostics);
    });
    all
}

/// [`read_paths`] one input file at a time: `each` gets every file's records
/// and problems as soon as the file is read, so that a long ingest holds one
/// file in memory, not the whole corpus.
pub fn for_each_input(paths: &[PathBuf], mut each: impl FnMut(ReadOutcome)) {
    let mut out = ReadOutcome::default();
    let mut flush = |out: &mut ReadOutcome| {
        if !out.records.is_empty() || !out.diagnostics.is_empty() {
            each(std::mem::take(out));
        }
    };
    for path in paths {
        if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            match std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
                Ok(_) => push(&mut out, read_bytes("-", &buf)),
                Err(e) => out.diagnostics.push(diag("-", format!("cannot read stdin: {e}"))),
            }
            flush(&mut out);
            continue;
        }
        let label = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => out.diagnostics.push(diag(&label, describe_io_error(&e))),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                let mut errors = Vec::new();
                walk(path, &mut files, &mut errors);
                out.diagnostics.extend(errors);
                files.sort();
                if files.is_empty() {
                    out.diagnostics.push(diag(
                        &label,
                        "directory holds no articles (.txt, .md, .html, .json, .jsonl, .rss, .atom, .xml, .warc, or .gz of these)",
                    ));
                }
                for f in files {
                    read_file(&f, &mut out);
                    flush(&mut out);
                }
            }
            Ok(_) => read_file(path, &mut out),
        }
        flush(&mut out);
    }
}

fn describe_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot read: {e}"),
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(diag(&dir.display().to_string(), describe_io_error(&e)));
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&p, files, errors),
            Ok(_) if Format::from_path(&p).is_some() || p.extension().is_some_and(|e| e == "xml") => files.push(p),
            _ => {}
        }
    }
}

fn read_file(path: &Path, out: &mut ReadOutcome) {
    let label = path.display().to_string();
    if Format::from_path(path) == Some(Format::Warc) {
        // Archives can be large: stream them record by record.
        match std::fs::File::open(path) {
            Ok(f) => {
                let gz = label.to_ascii_lowercase().ends_with(".gz");
                let mut diags = Vec::new();
                let records = read_warc(&label, f, gz, &mut diags);
                if records.is_empty() && diags.is_empty() {
                    diags.push(diag(&label, "archive holds no HTML responses"));
                }
                push(out, (records, diags));
            }
            Err(e) => out.diagnostics.push(diag(&label, describe_io_error(&e))),
        }
        return;
    }
    match std::fs::read(path) {
        Ok(bytes) => push(out, read_bytes_as(&label, &bytes, Format::from_path(path))),
        Err(e) => out.diagnostics.push(diag(&label, describe_io_error(&e))),
    }
}

fn push(out: &mut ReadOutcome, (records, diags): (Vec<RawRecord>, Vec<Diagnostic>)) {
    out.records.extend(records);
    out.diagnostics.extend(diags);
}

/// Read one input's bytes; the format comes from the name's extension, or
/// from the content when the extension says nothing.
pub fn read_bytes(label: &str, bytes: &[u8]) -> (Vec<RawRecord>, Vec<Diagnostic>) {
    read_bytes_as(label, bytes, Format::from_path(Path::new(label)))
}

fn read_bytes_as(label: &str, bytes: &[u8], format: Option<Format>) -> (Vec<RawRecord>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let unzipped;
    let bytes = if label.to_ascii_lowercase().ends_with(".gz") || bytes.starts_with(&[0x1f, 0x8b]) {
        unzipped = gunzip(label, bytes, &mut diags);
        &unzipped[..]
    } else {
        bytes
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        diags.push(diag(label, "empty file"));
        return (Vec::new(), diags);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let format = format.unwrap_or_else(|| Format::sniff(&head));
    if format == Format::Warc {
        let records = read_warc(label, bytes, false, &mut diags);
        return (records, diags);
    }
    if looks_binary(bytes) {
        diags.push(diag(label, "binary file (not text), skipped"));
        return (Vec::new(), diags);
    }
    let records = match format {
        Format::Feed => read_feed(label, bytes, &mut diags),
        Format::Html => {
            let text = cap(label, decode_html(label, bytes, None, &mut diags), &mut diags);
            vec![html::read_html(label, &text)]
        }
        _ => {
            let text = decode(label, bytes, &mut diags);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            match format {
                Format::Text => vec![read_text(label, &cap(label, text.to_string(), &mut diags), false)],
                Format::Markdown => vec![read_text(label, &cap(label, text.to_string(), &mut diags), true)],
                Format::Json => read_json(label, text, &mut diags),
                _ => read_jsonl(label, text, &mut diags),
            }
        }
    };
    let mut kept = Vec::new();
    for r in records {
        if r.blocks.iter().all(|b| b.trim().is_empty()) {
            diags.push(diag(&r.path, "no article text found"));
        } else {
            kept.push(r);
        }
    }
    (kept, diags)
}

/// A NUL byte, or many control characters, in the first 8 KiB mark binary data.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > head.len()
}

/// UTF-8 when it is; otherwise what the bytes look like (see
/// [`guess_decode`]), with a warning naming the first bad byte.
pub(crate) fn decode(label: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let (text, as_what) = guess_decode(bytes);
            diags.push(diag(
                label,
                format!("invalid UTF-8 at byte {}; decoded as {as_what}", e.valid_up_to()),
            ));
            text
        }
    }
}

/// Decode bytes that are not valid UTF-8 and whose declared charset (if
/// any) does not fit them. Text that is UTF-8 but for a few stray bytes (a
/// pasted Windows-1252 quote in a UTF-8 page) stays UTF-8 with the stray
/// bytes replaced, rather than turning every accented letter of the page
/// into mojibake; anything else is decoded as the encoding a byte-statistics
/// detector (chardetng, Firefox's) finds most likely: Windows-1252,
/// ISO-8859-2, GBK, Shift_JIS and the rest. Returns the text and the name of
/// the encoding used.
pub(crate) fn guess_decode(bytes: &[u8]) -> (String, &'static str) {
    let lossy = String::from_utf8_lossy(bytes);
    let (mut bad, mut good) = (0usize, 0usize);
    for c in lossy.chars() {
        if c == char::REPLACEMENT_CHARACTER {
            bad += 1;
        } else if !c.is_ascii() {
            good += 1;
        }
    }
    // A page whose non-ASCII text is at least nine parts in ten well-formed
    // UTF-8 is UTF-8 with damage, not another encoding.
    if good >= 9 * bad && good > 0 {
        return (lossy.into_owned(), "UTF-8 (invalid bytes replaced)");
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let enc = detector.guess(None, false);
    (enc.decode_without_bom_handling(bytes).0.into_owned(), enc.name())
}

/// Split `---` front matter (simple `key: value` lines) from the body.
fn front_matter(text: &str) -> (Vec<(String, String)>, &str) {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return (Vec::new(), text);
    }
    let mut consumed = first.len();
    let mut pairs = Vec::new();
    for line in lines {
        consumed += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return (pairs, &text[consumed..]);
        }
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            pairs.push((k.trim().to_ascii_lowercase(), v.to_string()));
        }
    }
    // No closing marker: not front matter after all.
    (Vec::new(), text)
}

fn stem(label: &str) -> Option<String> {
    let base = label.split('#').next().unwrap_or(label);
    Path::new(base).file_stem().map(|s| s.to_string_lossy().into_owned())
}

fn read_text(label: &str, text: &str, is_markdown: bool) -> RawRecord {
    let (meta, body) = front_matter(text);
    let mut rec = RawRecord {
        path: label.to_string(),
        ..Default::default()
    };
    for (k, v) in meta {
        if v.is_empty() {
            continue;
        }
        match k.as_str() {
            "title" | "headline" => rec.title = Some(v),
            "source" | "outlet" | "publisher" | "site" => rec.source = Some(v),
            "url" | "link" => rec.url = Some(v),
            "published" | "date" | "published_at" | "pubdate" => {
                rec.published = normalize_date(&v);
                rec.published_from = rec.published.as_ref().map(|_| "front matter".to_string());
            }
            "modified" | "updated" | "modified_at" => {
                rec.modified = normalize_date(&v);
                rec.modified_from = rec.modified.as_ref().map(|_| "front matter".to_string());
            }
            "author" | "authors" | "byline" => {
                rec.authors = v
                    .split([',', ';'])
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect()
            }
            _ => {}
        }
    }
    if is_markdown {
        let (title, blocks) = markdown::markdown_blocks(body);
        if rec.title.is_none() {
            rec.title = title;
        }
        rec.blocks = blocks;
    } else {
        rec.blocks = text_blocks(body);
    }
    if rec.published.is_none() {
        // An article copied as text often keeps its date line near the top ("December 15,
        // 2008, 7:35 am", "Published on Friday, 27 September 2013"): a short line among the
        // first few that holds a calendar date is the publication date. A date inside a
        // sentence of the story is an event's, and is not read.
        let line = rec
            .blocks
            .iter()
            .take(4)
            .filter(|b| b.chars().count() <= 90 && b.split_whitespace().count() <= 12)
            .find_map(|b| crate::date::date_in_text(b));
        if let Some(d) = line {
            rec.published = Some(d);
            rec.published_from = Some("date line".into());
        }
    }
    rec
}

/// Paragraphs of plain text: blank-line separated; single lines inside a
/// paragraph are kept as separate blocks when they look like list items or
/// short headings, since junk removal works line by line.
pub fn text_blocks(body: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let flush = |current: &mut Vec<&str>, blocks: &mut Vec<String>| {
        if !current.is_empty() {
            blocks.push(current.join(" "));
            current.clear();
        }
    };
    for line in body.lines() {
        let l = line.trim();
        if l.is_empty() {
            flush(&mut current, &mut blocks);
            continue;
        }
        // A line continues the paragraph when the previous one reads like
        // wrapped prose: it ended a sentence, it was long, or this line goes
        // on in lower case. Otherwise (a short unpunctuated line: a heading,
        // caption, link or prompt) each line stands alone.
        let continues = current.last().is_some_and(|prev| {
            ends_sentence(prev) || prev.chars().count() >= 60 || l.chars().next().is_some_and(|c| c.is_lowercase())
        });
        if is_list_item(l) || !continues {
            flush(&mut current, &mut blocks);
        }
        current.push(l);
    }
    flush(&mut current, &mut blocks);
    blocks
}

fn is_list_item(l: &str) -> bool {
    l.starts_with("- ") || l.starts_with("* ") || l.starts_with("• ") || l.starts_with("· ")
}

fn ends_sentence(l: &str) -> bool {
    let l = l.trim_end_matches(['"', '\u{201d}', '\u{2019}', '\'', ')']);
    l.ends_with(['.', '!', '?', ':', ';', ','])
}

fn json_str(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match v.get(*k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Array(a)) => {
            let parts: Vec<&str> = a.iter().filter_map(|x| x.as_str()).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    })
}

fn record_from_json(label: &str, v: &Value, diags: &mut Vec<Diagnostic>) -> Option<RawRecord> {
    if !v.is_object() {
        diags.push(diag(label, "record is not a JSON object"));
        return None;
    }
    let Some(body) = json_str(v, &["text", "body", "content", "maintext", "article"]) else {
        diags.push(diag(label, "record has no \"text\" field"));
        return None;
    };
    let body = cap(label, body, diags);
    let is_html = body.trim_start().starts_with('<');
    let mut rec = if is_html {
        html::read_html(label, &body)
    } else {
        RawRecord {
            path: label.to_string(),
            blocks: text_blocks(&body),
            ..Default::default()
        }
    };
    if let Some(t) = json_str(v, &["title", "headline"]) {
        rec.title = Some(t);
    }
    if let Some(s) = json_str(v, &["source", "outlet", "publisher", "source_domain", "site_name"]) {
        rec.source = Some(s);
    }
    rec.url = json_str(v, &["url", "link"]).or(rec.url);
    if let Some(p) = json_str(v, &["published", "date", "date_publish", "published_at", "pubDate"]) {
        match normalize_date(&p) {
            Some(d) => {
                rec.published = Some(d);
                rec.published_from = Some("record".into());
            }
            None => diags.push(diag(label, format!("unrecognised published date {p:?}, ignored"))),
        }
    }
    if let Some(m) =
        json_str(v, &["modified", "date_modify", "updated", "modified_at"]).and_then(|m| normalize_date(&m))
    {
        rec.modified = Some(m);
        rec.modified_from = Some("record".into());
    }
    if let Some(a) = json_str(v, &["authors", "author"]) {
        rec.authors = a
            .split([',', ';'])
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect();
    }
    Some(rec)
}

fn read_json(label: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<RawRecord> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let l = format!("{label}#{}", i + 1);
                out.extend(record_from_json(&l, item, diags));
            }
            out
        }
        Ok(v) => record_from_json(label, &v, diags).into_iter().collect(),
        Err(e) => {
            diags.push(diag(
                label,
                format!("malformed JSON at line {} column {}: {e}", e.line(), e.column()),
            ));
            Vec::new()
        }
    }
}

fn read_jsonl(label: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<RawRecord> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l = format!("{label}#{}", i + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(v) => out.extend(record_from_json(&l, &v, diags)),
            Err(e) => diags.push(diag(&l, format!("malformed JSON line: {e}"))),
        }
    }
    out
}

pub(crate) fn source_or_stem(rec: &RawRecord) -> String {
    rec.source
        .clone()
        .or_else(|| stem(&rec.path))
        .unwrap_or_else(|| "stdin".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(label: &str, input: &str) -> RawRecord {
        let (recs, diags) = read_bytes(label, input.as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(recs.len(), 1);
        recs.into_iter().next().unwrap()
    }

    #[test]
    fn front_matter_fields_are_read() {
        let r = one(
            "x/ledger.txt",
            "---\ntitle: Fire at port\nsource: The Ledger\nurl: https://l.example/a\npublished: March 7, 2025\n---\nBody one.\n\nBody two.\n",
        );
        assert_eq!(r.title.as_deref(), Some("Fire at port"));
        assert_eq!(r.source.as_deref(), Some("The Ledger"));
        assert_eq!(r.published.as_deref(), Some("2025-03-07"));
        assert_eq!(r.blocks, vec!["Body one.", "Body two."]);
    }

    #[test]
    fn a_date_line_near_the_top_of_a_text_is_its_publication_date() {
        let r = one(
            "a.txt",
            "Red Sox offer Teixeira $200 million\n\nDecember 15th, 2008, 7:35 am\n\nThe offer came on Monday.\n",
        );
        assert_eq!(r.published.as_deref(), Some("2008-12-15"));
        assert_eq!(r.published_from.as_deref(), Some("date line"));
        // Front matter wins; a date inside the story's sentences is an event's.
        let r = one("b.txt", "---\npublished: 2025-03-07\n---\nMarch 1, 2025\n\nBody.\n");
        assert_eq!(r.published.as_deref(), Some("2025-03-07"));
        let r = one(
            "c.txt",
            "Port reopens\n\nThe port that burned on March 6, 2025 reopened after repairs to the conveyor gallery were finished.\n",
        );
        assert_eq!(r.published, None);
    }

    #[test]
    fn wrapped_lines_join_into_one_paragraph() {
        let r = one("a.txt", "The fire started\nat dawn and spread.\n\nNext para.\n");
        assert_eq!(r.blocks, vec!["The fire started at dawn and spread.", "Next para."]);
    }

    #[test]
    fn source_falls_back_to_file_stem() {
        let r = one("dir/northwind-post.txt", "Text.");
        assert_eq!(source_or_stem(&r), "northwind-post");
    }

    #[test]
    fn jsonl_reads_every_line_and_reports_bad_ones() {
        let input = "{\"title\":\"A\",\"text\":\"One.\"}\nnot json\n{\"title\":\"B\",\"text\":\"Two.\",\"published\":\"2025-01-02\"}\n";
        let (recs, diags) = read_bytes("f.jsonl", input.as_bytes());
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].path, "f.jsonl#3");
        assert_eq!(recs[1].published.as_deref(), Some("2025-01-02"));
        assert_eq!(diags.len(), 1);
        assert!(diags[0].path == "f.jsonl#2" && diags[0].message.contains("malformed JSON"));
    }

    #[test]
    fn bad_inputs_give_one_line_diagnostics() {
        let cases: [(&str, &[u8], &str); 4] = [
            ("e.txt", b"  \n", "empty file"),
            ("b.txt", b"\x00\x01\x02binary", "binary"),
            ("m.json", b"{\"title\": ", "malformed JSON"),
            ("n.json", b"{\"title\": \"x\"}", "no \"text\""),
        ];
        for (label, bytes, want) in cases {
            let (recs, diags) = read_bytes(label, bytes);
            assert!(recs.is_empty(), "{label}");
            assert_eq!(diags.len(), 1, "{label}");
            assert!(diags[0].message.contains(want), "{label}: {}", diags[0].message);
            assert!(!diags[0].message.contains('\n'));
        }
    }

    #[test]
    fn invalid_utf8_is_decoded_with_a_warning() {
        let (recs, diags) = read_bytes("w.txt", b"Caf\xe9 opened.");
        assert_eq!(recs[0].blocks, vec!["Café opened."]);
        assert!(diags[0].message.contains("invalid UTF-8 at byte 3"));
    }

    proptest::proptest! {
        #[test]
        fn readers_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                               ext in proptest::sample::select(vec!["txt", "md", "html", "json", "jsonl", "bin", "rss", "warc", "warc.gz", "html.gz", "xml"])) {
            let label = format!("f.{ext}");
            let (recs, _) = read_bytes(&label, &bytes);
            for r in &recs {
                let _ = crate::clean_record(r, "d1");
            }
        }

        #[test]
        fn text_readers_never_panic_on_text(s in "\\PC{0,300}", ext in proptest::sample::select(vec!["txt", "md", "html", "json"])) {
            let label = format!("f.{ext}");
            let (recs, _) = read_bytes(&label, s.as_bytes());
            for r in &recs {
                let _ = crate::clean_record(r, "d1");
            }
        }
    }
}
