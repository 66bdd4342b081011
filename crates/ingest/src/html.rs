//! HTML pages: metadata from `<meta>`, JSON-LD and `<time>`, and the main
//! text from the container that holds the most paragraph text.
//!
//! This is the basic extractor; paragraphs inside navigation, headers,
//! footers, asides, forms and figure captions never count as body.

use crate::date::normalize_date;
use crate::read::RawRecord;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

const SKIP_ANCESTORS: &[&str] = &[
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "figcaption",
    "figure",
    "script",
    "style",
    "noscript",
    "button",
    "select",
];

fn meta_content(doc: &Html, names: &[&str]) -> Option<String> {
    let metas = sel("meta");
    for name in names {
        for m in doc.select(&metas) {
            let e = m.value();
            let key = e
                .attr("property")
                .or_else(|| e.attr("name"))
                .or_else(|| e.attr("itemprop"));
            if key.is_some_and(|k| k.eq_ignore_ascii_case(name)) {
                if let Some(c) = e.attr("content").map(str::trim).filter(|c| !c.is_empty()) {
                    return Some(c.to_string());
                }
            }
        }
    }
    None
}

fn text_of(e: ElementRef) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when the element sits inside page furniture or its class/id says so.
fn in_furniture(e: ElementRef) -> bool {
    e.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        if SKIP_ANCESTORS.contains(&v.name()) {
            return true;
        }
        let marks = format!("{} {}", v.attr("class").unwrap_or(""), v.attr("id").unwrap_or("")).to_ascii_lowercase();
        [
            "comment",
            "related",
            "share",
            "social",
            "newsletter",
            "promo",
            "sidebar",
            "cookie",
            "subscribe",
            "advert",
            "caption",
            "credit",
            "breadcrumb",
            "footer",
            "menu",
        ]
        .iter()
        .any(|m| marks.contains(m))
    })
}

fn json_ld_field(doc: &Html, field: &str) -> Option<String> {
    let scripts = sel("script[type=\"application/ld+json\"]");
    for s in doc.select(&scripts) {
        let raw: String = s.text().collect();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&raw) else {
            continue;
        };
        let mut stack = vec![&v];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::String(s)) = map.get(field) {
                        return Some(s.clone());
                    }
                    stack.extend(map.values());
                }
                serde_json::Value::Array(a) => stack.extend(a.iter()),
                _ => {}
            }
        }
    }
    None
}

pub(crate) fn read_html(label: &str, src: &str) -> RawRecord {
    let doc = Html::parse_document(src);
    let mut rec = RawRecord {
        path: label.to_string(),
        ..Default::default()
    };

    rec.title = meta_content(&doc, &["og:title", "twitter:title"])
        .or_else(|| doc.select(&sel("h1")).next().map(text_of).filter(|t| !t.is_empty()))
        .or_else(|| doc.select(&sel("title")).next().map(text_of).filter(|t| !t.is_empty()));
    rec.source = meta_content(&doc, &["og:site_name", "application-name", "publisher"]);
    rec.url = meta_content(&doc, &["og:url"]).or_else(|| {
        doc.select(&sel("link[rel=\"canonical\"]"))
            .next()
            .and_then(|l| l.value().attr("href").map(str::to_string))
    });
    rec.published = meta_content(
        &doc,
        &["article:published_time", "datePublished", "pubdate", "date", "dc.date"],
    )
    .or_else(|| json_ld_field(&doc, "datePublished"))
    .or_else(|| {
        doc.select(&sel("time[datetime]"))
            .next()
            .and_then(|t| t.value().attr("datetime").map(str::to_string))
    })
    .and_then(|d| normalize_date(&d));
    if let Some(a) = meta_content(&doc, &["author", "article:author"]) {
        if !a.starts_with("http") {
            rec.authors = vec![a];
        }
    }

    // Group paragraph text by parent: the parent with the most text is the
    // article body; its block children, in order, are the paragraphs.
    let blocks_sel = sel("p, h2, h3, blockquote, li, pre");
    let mut weight = FxHashMap::default();
    let mut parents: Vec<ElementRef> = Vec::new();
    for p in doc.select(&sel("p")) {
        if in_furniture(p) {
            continue;
        }
        let len = text_of(p).len();
        if let Some(parent) = p.parent().and_then(ElementRef::wrap) {
            let w = weight.entry(parent.id()).or_insert(0usize);
            if *w == 0 {
                parents.push(parent);
            }
            *w += len;
        }
    }
    let best = parents.iter().max_by_key(|p| weight[&p.id()]).copied();
    let container = best.unwrap_or_else(|| doc.root_element());
    for b in container.select(&blocks_sel) {
        if in_furniture(b) {
            continue;
        }
        // Nested blocks (a <p> inside a <li>) are read once, from the outer one.
        if b.ancestors()
            .filter_map(ElementRef::wrap)
            .take_while(|a| a.id() != container.id())
            .any(|a| matches!(a.value().name(), "p" | "li" | "blockquote" | "pre" | "h2" | "h3"))
        {
            continue;
        }
        let t = text_of(b);
        if !t.is_empty() {
            rec.blocks.push(t);
        }
    }
    if rec.blocks.is_empty() {
        // No paragraphs at all: the body's text outside page furniture, line by line.
        if let Some(body) = doc.select(&sel("body")).next() {
            let mut lines = Vec::new();
            for node in body.descendants() {
                let Some(t) = node.value().as_text() else {
                    continue;
                };
                let inside_furniture = node.ancestors().filter_map(ElementRef::wrap).any(|a| {
                    let n = a.value().name();
                    SKIP_ANCESTORS.contains(&n) || matches!(n, "title" | "head")
                });
                if !inside_furniture && !t.trim().is_empty() {
                    lines.push(t.trim().to_string());
                }
            }
            rec.blocks = crate::read::text_blocks(&lines.join("\n"));
        }
    }
    rec
}

#[cfg(test)]
mod tests {
    use super::read_html;

    #[test]
    fn html_main_text_skips_navigation_and_captions() {
        let page = r#"<html><head><title>T | Site</title>
            <meta property="og:title" content="Fire at the port">
            <meta property="og:site_name" content="Harbour Ledger">
            <meta property="article:published_time" content="2025-03-07T08:00:00Z"></head>
            <body><nav><p>Home News Sport</p></nav>
            <article><h1>Fire at the port</h1>
              <p>A fire broke out at the grain terminal on Thursday.</p>
              <figure><img src="x.jpg"><figcaption><p>Smoke rises. Photo: Ledger</p></figcaption></figure>
              <p>Firefighters fought it for hours.</p>
              <div class="related"><p>Other story</p></div>
            </article><footer><p>Copyright</p></footer></body></html>"#;
        let r = read_html("p.html", page);
        assert_eq!(r.title.as_deref(), Some("Fire at the port"));
        assert_eq!(r.source.as_deref(), Some("Harbour Ledger"));
        assert_eq!(r.published.as_deref(), Some("2025-03-07"));
        assert_eq!(
            r.blocks,
            vec![
                "A fire broke out at the grain terminal on Thursday.",
                "Firefighters fought it for hours."
            ]
        );
    }
}
