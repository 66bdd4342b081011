//! Containers and encodings: gzip, declared charsets, RSS/Atom feeds and
//! WARC archives (CC-NEWS style), each read as a source of many documents.

use crate::html::read_html;
use crate::read::{diag, RawRecord};
use encoding_rs::Encoding;
use newsfuse_model::Diagnostic;
use std::io::{BufRead, BufReader, Read};

/// Largest document text kept; longer input is cut (with a warning) so one
/// runaway file cannot stall a run.
pub const MAX_DOC_BYTES: usize = 4 << 20;

/// Decompress gzip, keeping what could be read when the stream is truncated or corrupt.
pub fn gunzip(label: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(bytes);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match dec.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => {
                diags.push(diag(
                    label,
                    format!(
                        "truncated or corrupt gzip after {} bytes ({e}); using what was read",
                        out.len()
                    ),
                ));
                break;
            }
        }
    }
    out
}

/// The charset an HTML page declares in its first 2 KiB (`<meta charset>`
/// or `http-equiv` content type).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let at = head.find("charset=")?;
    let rest = head[at + 8..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// Decode HTML bytes: BOM, else the charset declared by the transport
/// (`http`) or the page, else UTF-8; a declaration the bytes contradict is
/// reported and the bytes are decoded as what they look like instead
/// (see [`crate::read::guess_decode`]).
pub fn decode_html(label: &str, bytes: &[u8], http: Option<&str>, diags: &mut Vec<Diagnostic>) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let declared = http.map(str::to_string).or_else(|| declared_charset(bytes));
    if let Some(name) = &declared {
        match Encoding::for_label(name.as_bytes()) {
            Some(enc) => {
                if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                    return s.into_owned();
                }
                let (text, as_what) = crate::read::guess_decode(bytes);
                diags.push(diag(
                    label,
                    format!("declared charset {name} does not match the bytes; decoded as {as_what}"),
                ));
                return text;
            }
            None => diags.push(diag(label, format!("unknown charset {name:?}, ignored"))),
        }
    }
    crate::read::decode(label, bytes, diags)
}

/// Cut text to [`MAX_DOC_BYTES`] on a character boundary, with a warning.
pub fn cap(label: &str, mut text: String, diags: &mut Vec<Diagnostic>) -> String {
    if text.len() > MAX_DOC_BYTES {
        let mut cut = MAX_DOC_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        diags.push(diag(
            label,
            format!(
                "{} MB of text; only the first {} MB are read",
                text.len() >> 20,
                MAX_DOC_BYTES >> 20
            ),
        ));
        text.truncate(cut);
    }
    text
}

/// True when the start of `text` looks like an RSS, Atom or RDF feed.
pub fn looks_like_feed(text: &str) -> bool {
    let head: String = text.chars().take(1024).collect::<String>().to_ascii_lowercase();
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

/// Every entry of an RSS/Atom/JSON feed as a record; the feed's title is the source.
pub fn read_feed(label: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Vec<RawRecord> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            diags.push(diag(label, format!("malformed feed: {e}")));
            return Vec::new();
        }
    };
    let source = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let mut out = Vec::new();
    for (i, e) in feed.entries.iter().enumerate() {
        let path = format!("{label}#{}", i + 1);
        let body = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let blocks = if body.contains('<') {
            crate::html::html_blocks(&body)
        } else {
            crate::read::text_blocks(&body)
        };
        if blocks.is_empty() {
            diags.push(diag(&path, "feed entry has no text"));
            continue;
        }
        let mut rec = RawRecord {
            path,
            blocks,
            source: source.clone(),
            ..Default::default()
        };
        rec.title = e.title.as_ref().map(|t| t.content.trim().to_string());
        rec.url = e.links.first().map(|l| l.href.clone());
        if let Some(p) = e.published.or(e.updated) {
            rec.published = Some(p.format("%Y-%m-%d").to_string());
            rec.published_from = Some("feed".into());
        }
        if let (Some(u), Some(_)) = (e.updated, e.published) {
            rec.modified = Some(u.format("%Y-%m-%d").to_string());
            rec.modified_from = Some("feed".into());
        }
        rec.authors = e
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref().map(|n| n.trim().to_string()))
            .filter(|a| !a.is_empty())
            .collect();
        out.push(rec);
    }
    out
}

/// HTTP headers, names lower-cased.
type Headers = Vec<(String, String)>;

/// The HTTP message inside a WARC response record: (headers, body).
fn split_http(payload: &[u8]) -> Option<(Headers, &[u8])> {
    let end = payload
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| payload.windows(2).position(|w| w == b"\n\n").map(|p| (p, p + 2)))?;
    let head = String::from_utf8_lossy(&payload[..end.0]);
    let mut lines = head.lines();
    let status = lines.next()?;
    if !status.starts_with("HTTP/") {
        return None;
    }
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some((headers, &payload[end.1..]))
}

fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some(nl) = rest.windows(2).position(|w| w == b"\r\n") {
        let size_str = String::from_utf8_lossy(&rest[..nl]);
        let Ok(size) = usize::from_str_radix(size_str.split(';').next().unwrap_or("").trim(), 16) else {
            break;
        };
        rest = &rest[nl + 2..];
        if size == 0 || size > rest.len() {
            out.extend_from_slice(&rest[..size.min(rest.len())]);
            break;
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or(&[]);
    }
    out
}

/// Read the HTML responses of a WARC stream (plain or gzip members), one
/// record at a time. A truncated or corrupt archive keeps the records read
/// before the damage and says where it stopped.
pub fn read_warc<R: Read>(label: &str, input: R, gzipped: bool, diags: &mut Vec<Diagnostic>) -> Vec<RawRecord> {
    let reader: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(input)))
    } else {
        Box::new(BufReader::new(input))
    };
    let mut out = Vec::new();
    let mut n = 0usize;
    for item in warc::WarcReader::new(reader).iter_records() {
        n += 1;
        let record = match item {
            Ok(r) => r,
            Err(e) => {
                diags.push(diag(
                    label,
                    format!(
                        "WARC damaged at record {n} ({e}); kept the {} documents read before",
                        out.len()
                    ),
                ));
                break;
            }
        };
        if record.warc_type().to_string() != "response" {
            continue;
        }
        let uri = record.header(warc::WarcHeader::TargetURI).map(|u| u.to_string());
        let path = format!("{label}#{n}");
        let Some((headers, body)) = split_http(record.body()) else {
            continue;
        };
        let header = |k: &str| headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.as_str());
        let ctype = header("content-type").unwrap_or("").to_ascii_lowercase();
        if !ctype.is_empty() && !ctype.contains("html") {
            continue;
        }
        let mut body = body.to_vec();
        if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
            body = dechunk(&body);
        }
        if header("content-encoding").is_some_and(|t| t.eq_ignore_ascii_case("gzip")) {
            body = gunzip(&path, &body, diags);
        }
        let charset = ctype.split("charset=").nth(1).map(|c| {
            c.trim_matches(|x: char| x == '"' || x == ';' || x.is_whitespace())
                .to_string()
        });
        let html = cap(&path, decode_html(&path, &body, charset.as_deref(), diags), diags);
        let mut rec = read_html(&path, &html);
        if rec.url.is_none() {
            rec.url = uri.clone();
        }
        if rec.source.is_none() {
            rec.source = uri.as_deref().and_then(host_of);
        }
        if rec.published.is_none() {
            rec.published = Some(record.date().format("%Y-%m-%d").to_string());
            rec.published_from = Some("warc date".into());
        }
        if rec.blocks.iter().all(|b| b.trim().is_empty()) {
            diags.push(diag(&path, "no article text found"));
            continue;
        }
        out.push(rec);
    }
    out
}

/// The host of a URL without `www.`, used as the source of crawled pages.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_declared_right_and_wrong() {
        let mut d = Vec::new();
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 crowds</p></body></html>";
        assert!(decode_html("a.html", page, None, &mut d).contains("Café crowds"));
        assert!(d.is_empty());
        // Declared UTF-8, but the bytes are Windows-1252.
        let wrong = b"<html><head><meta charset=\"utf-8\"></head><body><p>Caf\xe9</p></body></html>";
        let s = decode_html("b.html", wrong, None, &mut d);
        assert!(s.contains("Café"));
        assert!(d[0].message.contains("declared charset utf-8 does not match"));
        // The transport's charset wins over none in the page.
        let mut d2 = Vec::new();
        assert!(decode_html("c.html", b"<p>\xe9t\xe9</p>", Some("iso-8859-1"), &mut d2).contains("été"));
    }

    #[test]
    fn contradicted_charsets_are_decoded_as_what_the_bytes_are() {
        // A UTF-8 page with one stray Windows-1252 byte keeps its accented
        // letters; only the stray byte is lost.
        let mut page =
            "<html><head><meta charset=\"utf-8\"></head><body><p>Sprzeciw wobec ataków na fundację, łódź i żółć. "
                .repeat(3)
                .into_bytes();
        page.extend_from_slice(b"\x93cytat\x94</p></body></html>");
        let mut d = Vec::new();
        let s = decode_html("pl.html", &page, None, &mut d);
        assert!(s.contains("ataków na fundację, łódź i żółć"), "{s}");
        assert!(s.contains("\u{fffd}cytat\u{fffd}"));
        assert!(d[0].message.contains("decoded as UTF-8"), "{}", d[0].message);
        // A Chinese page written in GBK but labelled UTF-8 is read as GBK.
        let text = "一个约定，信守十五年，感人至深；一段真情，延续十五年，催人泪下。话剧结尾，全场响起经久不息的掌声，许多观众流下感动的泪水。";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut page = b"<html><head><meta charset=\"utf-8\"></head><body><p>".to_vec();
        page.extend_from_slice(&gbk);
        page.extend_from_slice(b"</p></body></html>");
        let mut d = Vec::new();
        let s = decode_html("cn.html", &page, None, &mut d);
        assert!(s.contains(text), "{s}");
        assert!(d[0].message.contains("decoded as GBK"), "{}", d[0].message);
        // Undeclared Windows-1252 text is still read as such.
        let mut d = Vec::new();
        let s = crate::read::decode(
            "fr.txt",
            b"Le caf\xe9 de la gare a ferm\xe9 ses portes apr\xe8s trente ans.",
            &mut d,
        );
        assert!(s.contains("café") && s.contains("après"), "{s}");
    }

    #[test]
    fn truncated_gzip_keeps_what_was_read() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all("The whole text of a long article. ".repeat(200).as_bytes())
            .unwrap();
        let gz = enc.finish().unwrap();
        let mut d = Vec::new();
        let out = gunzip("x.gz", &gz[..gz.len() / 2], &mut d);
        assert!(!out.is_empty());
        assert!(d[0].message.contains("truncated or corrupt gzip"));
    }

    fn warc_record(uri: &str, http: &str) -> Vec<u8> {
        format!("WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Date: 2025-03-07T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n", http.len()).into_bytes()
    }

    #[test]
    fn warc_responses_become_documents_and_damage_is_reported() {
        let page = "<html><head><title>Port fire</title></head><body><article><p>A fire broke out at the terminal and burned for hours before crews arrived.</p></article></body></html>";
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
        let mut bytes = warc_record("https://www.ledger.example/a", &http);
        bytes.extend(warc_record(
            "https://www.ledger.example/img.png",
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG",
        ));
        let mut d = Vec::new();
        let recs = read_warc("c.warc", &bytes[..], false, &mut d);
        assert_eq!(recs.len(), 1, "{d:?}");
        assert_eq!(recs[0].source.as_deref(), Some("ledger.example"));
        assert_eq!(recs[0].published.as_deref(), Some("2025-03-07"));
        assert!(recs[0].blocks.iter().any(|b| b.contains("burned for hours")));
        // Cut the archive in the middle of the second record.
        let mut d = Vec::new();
        let recs = read_warc("c.warc", &bytes[..bytes.len() - 20], false, &mut d);
        assert_eq!(recs.len(), 1);
        assert!(d.iter().any(|x| x.message.contains("WARC damaged")), "{d:?}");
    }

    #[test]
    fn feeds_give_one_record_per_entry() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Ledger</title>
            <item><title>Fire at port</title><link>https://l.example/fire</link><pubDate>Fri, 07 Mar 2025 08:00:00 GMT</pubDate>
            <description>&lt;p&gt;A fire broke out.&lt;/p&gt;&lt;p&gt;Crews fought it.&lt;/p&gt;</description></item>
            <item><title>Empty</title></item></channel></rss>"#;
        let mut d = Vec::new();
        let recs = read_feed("f.rss", rss.as_bytes(), &mut d);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].source.as_deref(), Some("Harbour Ledger"));
        assert_eq!(recs[0].published.as_deref(), Some("2025-03-07"));
        assert_eq!(recs[0].blocks, vec!["A fire broke out.", "Crews fought it."]);
        assert!(d[0].message.contains("no text"));
    }
}
