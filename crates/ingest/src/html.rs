//! HTML pages: metadata from `<meta>`, JSON-LD and `<time>`, read from our
//! own parse ([`crate::dom`]), and the main text by the chosen [`Extractor`]:
//! our own article reading ([`crate::article`]) first (the default), or
//! trafilatura first with second opinions for thin pages. The last-resort
//! container fallback here never counts paragraphs inside navigation,
//! headers, footers, asides, forms and figure captions as body.

use crate::date::normalize_date;
use crate::dom::{Dom, NodeId, Tag};
use crate::read::RawRecord;
use regex::Regex;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Selector};
use std::borrow::Cow;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;
use trafilatura::dom::Document as TDoc;

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

/// What the metadata rules read from a page, gathered in one walk of our
/// own parse (0.16 ms a page; a page that trafilatura reads is parsed a
/// second time, with html5ever): the `<meta>` tags and the parsed
/// JSON-LD blocks.
struct PageMeta {
    /// `(property, name, itemprop, content)` of every `<meta>`, in page order.
    metas: Vec<[Option<String>; 4]>,
    json_ld: Vec<serde_json::Value>,
}

impl PageMeta {
    fn read(dom: &Dom) -> Self {
        let mut metas = Vec::new();
        let mut json_ld = Vec::new();
        for id in 0..dom.nodes.len() as NodeId {
            match dom.tag(id) {
                Some(Tag::Meta) => {
                    metas.push(["property", "name", "itemprop", "content"].map(|a| dom.attr(id, a).map(str::to_string)))
                }
                Some(Tag::Script)
                    if dom
                        .attr(id, "type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(dom.text_content(id).trim()) {
                        json_ld.push(v);
                    }
                }
                _ => {}
            }
        }
        PageMeta { metas, json_ld }
    }

    /// The content of the first `<meta>` named (by `property`, else `name`,
    /// else `itemprop`) like the first of `names` that has one.
    fn content(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|name| {
            self.metas.iter().find_map(|[property, n, itemprop, content]| {
                let key = property.as_ref().or(n.as_ref()).or(itemprop.as_ref())?;
                if !key.eq_ignore_ascii_case(name) {
                    return None;
                }
                content
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
            })
        })
    }

    /// Every value of a JSON-LD field, searched through nested objects and arrays.
    fn json_ld_values(&self, field: &str) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for v in &self.json_ld {
            let mut stack = vec![v];
            while let Some(v) = stack.pop() {
                match v {
                    serde_json::Value::Object(map) => {
                        for (k, x) in map {
                            if k == field {
                                out.push(x.clone());
                            } else {
                                stack.push(x);
                            }
                        }
                    }
                    serde_json::Value::Array(a) => stack.extend(a),
                    _ => {}
                }
            }
        }
        out
    }

    fn json_ld_field(&self, field: &str) -> Option<String> {
        self.json_ld_values(field)
            .into_iter()
            .find_map(|v| v.as_str().map(str::to_string))
    }
}

/// The whitespace-normalised text of the first element of a kind.
fn first_text(dom: &Dom, tag: Tag) -> Option<String> {
    dom.elements(tag).next().map(|e| squash(&dom.text_content(e)))
}

/// Text nodes the reader sees: not inside scripts, styles or the head.
fn visible_text_node(dom: &Dom, id: NodeId) -> bool {
    dom.is_text(id)
        && !dom
            .parent(id)
            .and_then(|p| dom.tag(p))
            .is_some_and(|t| matches!(t, Tag::Script | Tag::Style | Tag::Template | Tag::Title | Tag::Head))
}

/// Class/id words of the element a page prints its date in.
const DATE_NAMES: &[&str] = &[
    "date", "time", "publish", "publica", "posted", "byline", "dateline", "meta",
];
/// ... and of dates that are not the article's publication.
const NOT_PUBLICATION: &[&str] = &["comment", "update", "modif", "event", "calendar", "weather", "today"];

/// The publication date printed on the page, for pages whose metadata has
/// none: the first date inside an element named for it ("post-date",
/// "entry-meta", "byline"), else at the top of the first `<article>`, else
/// the first date in the text that follows the first `<h1>` (a few dozen text pieces: the byline and dateline sit
/// there), else in the few pieces just above it, else in the page title
/// ("… | DW | 19.01.2020"). Dates further up are the site header's
/// "today", not the article's.
fn visible_date(dom: &Dom) -> Option<String> {
    const AFTER: usize = 60;
    const BEFORE: usize = 8;
    let n = dom.nodes.len() as NodeId;
    let names = |id: NodeId, words: &[&str]| {
        ["class", "id"].iter().filter_map(|a| dom.attr(id, a)).any(|v| {
            let v = v.to_ascii_lowercase();
            words.iter().any(|w| v.contains(w))
        })
    };
    // Text inside elements named for other dates is never read.
    let mut other = vec![false; n as usize];
    let mut id = 0;
    while id < n {
        if !dom.is_text(id) && names(id, NOT_PUBLICATION) {
            let end = dom.subtree_end(id);
            other[id as usize..end as usize].fill(true);
            id = end;
        } else {
            id += 1;
        }
    }
    let readable = |id: NodeId| !other[id as usize] && visible_text_node(dom, id);
    let first_date_in = |range: std::ops::Range<NodeId>| {
        range
            .filter(|&id| readable(id))
            .take(AFTER)
            .find_map(|id| crate::date::date_in_text(dom.text(id)))
    };
    let mut id = 0;
    while id < n {
        if !other[id as usize] && !dom.is_text(id) && names(id, DATE_NAMES) && dom.tag(id) != Some(Tag::Body) {
            let end = dom.subtree_end(id);
            if let Some(d) = first_date_in(id..end) {
                return Some(d);
            }
            id = end;
        } else {
            id += 1;
        }
    }
    let h1 = dom.elements(Tag::H(1)).next();
    dom.elements(Tag::Article)
        .next()
        .and_then(|a| first_date_in(a..n))
        .or_else(|| first_date_in(h1.map_or(0, |h| dom.subtree_end(h))..n))
        .or_else(|| {
            let h = h1?;
            let mut before: Vec<NodeId> = (0..h).rev().filter(|&id| readable(id)).take(BEFORE).collect();
            before.reverse();
            before
                .into_iter()
                .find_map(|id| crate::date::date_in_text(dom.text(id)))
        })
        .or_else(|| crate::date::date_in_text(&first_text(dom, Tag::Title)?))
}

/// How many times longer than the text read from the markup a JSON-LD
/// `articleBody` must be to replace it.
const LD_BODY_RATIO: usize = 5;

/// A JSON-LD `articleBody` as paragraphs: markup when it holds some,
/// otherwise plain text split at its line breaks.
fn ld_body_blocks(body: &str) -> Vec<String> {
    if body.contains("</") || body.contains("<br") {
        return html_blocks(body);
    }
    body.lines().map(squash).filter(|l| !l.is_empty()).collect()
}

/// The first element for which `pick` holds.
fn first_where(dom: &Dom, pick: impl Fn(NodeId) -> bool) -> Option<NodeId> {
    (0..dom.nodes.len() as NodeId).find(|&id| !dom.is_text(id) && pick(id))
}

fn squash(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(e: ElementRef) -> String {
    squash(&e.text().collect::<String>())
}

/// True when the element sits inside page furniture or its class/id says so.
fn in_furniture(e: ElementRef) -> bool {
    e.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        if SKIP_ANCESTORS.contains(&v.name()) {
            return true;
        }
        if matches!(v.name(), "html" | "body") {
            // Page-wide state classes ("no-cookie", id "nav-open") say nothing
            // about which part of the page is furniture.
            return false;
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

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "main",
    "aside",
    "nav",
    "address",
    "center",
    "caption",
    "tbody",
    "thead",
    "details",
    "summary",
    "form",
    "fieldset",
    "body",
    "head",
];

/// The paragraphs of an HTML fragment or page: text is gathered until a
/// block-level element starts or ends, so `<p>`, headings, list items and
/// table cells each become a block. Scripts and styles are skipped.
pub fn html_blocks(fragment: &str) -> Vec<String> {
    let doc = Html::parse_fragment(fragment);
    let mut blocks = Vec::new();
    let mut current = String::new();
    fn flush(current: &mut String, blocks: &mut Vec<String>) {
        let t = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            blocks.push(t);
        }
        current.clear();
    }
    fn walk(node: ego_tree::NodeRef<scraper::Node>, current: &mut String, blocks: &mut Vec<String>) {
        match node.value() {
            scraper::Node::Text(t) => current.push_str(t),
            scraper::Node::Element(e) => {
                let name = e.name();
                if matches!(
                    name,
                    "script" | "style" | "noscript" | "template" | "svg" | "iframe" | "button" | "select" | "textarea"
                ) {
                    return;
                }
                let block = BLOCK_TAGS.contains(&name);
                if block {
                    flush(current, blocks);
                }
                for child in node.children() {
                    walk(child, current, blocks);
                }
                if block {
                    flush(current, blocks);
                } else if matches!(name, "td" | "th") {
                    current.push(' ');
                }
            }
            _ => {
                for child in node.children() {
                    walk(child, current, blocks);
                }
            }
        }
    }
    walk(doc.tree.root(), &mut current, &mut blocks);
    flush(&mut current, &mut blocks);
    blocks
}

/// A date in the URL path: `/2025/03/07/` or `/2025-03-07-`.
fn date_from_url(url: &str) -> Option<String> {
    let digits: Vec<&str> = url
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    digits.windows(3).find_map(|w| {
        let (y, m, d) = (w[0], w[1], w[2]);
        if y.len() == 4 && m.len() <= 2 && d.len() <= 2 {
            normalize_date(&format!("{y}-{m:0>2}-{d:0>2}"))
        } else {
            None
        }
    })
}

/// An author name as a reader would accept it: not an e-mail prompt, a
/// URL, a handle, a role or a long phrase.
fn plausible_author(s: &str) -> Option<String> {
    let t = s.trim().trim_start_matches(|c: char| !c.is_alphanumeric());
    let t = ["By ", "by ", "BY ", "From ", "from ", "FROM "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t)
        .trim();
    let lower = t.to_lowercase();
    let words = t.split_whitespace().count();
    let bad = t.is_empty()
        || words > 5
        || t.contains('@')
        || t.contains("http")
        || t.contains('/')
        || [
            "email",
            "e-mail",
            "author",
            "follow",
            "contact",
            "staff",
            "editor",
            "more from",
            "view all",
            "posts by",
            "twitter",
            "facebook",
        ]
        .iter()
        .any(|w| lower.contains(w))
        || !t.chars().next().is_some_and(char::is_uppercase);
    (!bad).then(|| t.to_string())
}

fn authors_of(dom: &Dom, meta: &PageMeta) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in meta.json_ld_values("author") {
        let items = match v {
            serde_json::Value::Array(a) => a,
            other => vec![other],
        };
        for it in items {
            let name = match &it {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(m) => m.get("name").and_then(|n| n.as_str()).map(str::to_string),
                _ => None,
            };
            out.extend(name.and_then(|n| plausible_author(&n)));
        }
    }
    if out.is_empty() {
        for name in [
            "author",
            "article:author",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
        ] {
            for [property, n, _, content] in &meta.metas {
                let key = property.as_ref().or(n.as_ref()).map_or("", String::as_str);
                if key.eq_ignore_ascii_case(name) {
                    if let Some(a) = content.as_deref().and_then(plausible_author) {
                        out.push(a);
                    }
                }
            }
        }
    }
    if out.is_empty() {
        let is =
            |id: NodeId, attr: &str, value: &str| dom.attr(id, attr).is_some_and(|v| v.eq_ignore_ascii_case(value));
        let by_class = |id: NodeId| {
            dom.attr(id, "class").is_some_and(|c| {
                c.split_ascii_whitespace()
                    .any(|w| ["byline", "author-name", "article-author"].contains(&w))
            })
        };
        for id in 0..dom.nodes.len() as NodeId {
            if dom.is_text(id) || !(is(id, "rel", "author") || is(id, "itemprop", "author") || by_class(id)) {
                continue;
            }
            if let Some(a) = plausible_author(&squash(&dom.text_content(id))) {
                out.push(a);
            }
        }
    }
    let mut seen = Vec::new();
    for a in out {
        if !seen.contains(&a) {
            seen.push(a);
        }
    }
    // A long list of names is a "trending" or "our team" block, not a byline.
    if seen.len() > 4 {
        seen.clear();
    }
    seen
}

/// Paragraphs from the container that holds the most paragraph text: the
/// fallback when the main extractor returns too little.
fn container_blocks(doc: &Html) -> Vec<String> {
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
    let mut blocks = Vec::new();
    let Some(container) = parents.iter().max_by_key(|p| weight[&p.id()]).copied() else {
        return blocks;
    };
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
            blocks.push(t);
        }
    }
    blocks
}

/// The body text outside page furniture, for pages without paragraphs.
fn body_blocks(doc: &Html) -> Vec<String> {
    let Some(body) = doc.select(&sel("body")).next() else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for node in body.descendants() {
        let Some(t) = node.value().as_text() else { continue };
        let inside_furniture = node.ancestors().filter_map(ElementRef::wrap).any(|a| {
            let n = a.value().name();
            SKIP_ANCESTORS.contains(&n) || matches!(n, "title" | "head")
        });
        if !inside_furniture && !t.trim().is_empty() {
            lines.push(t.trim().to_string());
        }
    }
    crate::read::text_blocks(&lines.join("\n"))
}

/// `base` with the blocks of `extra` it does not already hold, each put
/// where `extra` has it: after the base block holding the nearest earlier
/// block both share (at the start when there is none), so a byline or a
/// lead paragraph the base lacked still comes first.
fn merged(base: Vec<String>, extra: Vec<String>) -> Vec<String> {
    let mut out: Vec<(String, bool)> = base.into_iter().map(|b| (b, true)).collect();
    let mut cursor = 0;
    for b in extra {
        match out
            .iter()
            .position(|(o, from_base)| *from_base && o.contains(b.as_str()))
        {
            Some(i) => cursor = cursor.max(i + 1),
            None => {
                out.insert(cursor, (b, false));
                cursor += 1;
            }
        }
    }
    out.into_iter().map(|(b, _)| b).collect()
}

/// Below this many bytes of cleaned body text (about two short paragraphs)
/// the main extractor is taken to have missed part of the article, and the
/// second opinions below are read. On trafilatura-eval F1 is flat from 700
/// to 1,500 (0.928–0.931) and lower at 500 (0.928) and 400 (0.927); each
/// step up sends more pages down the slower path.
const TOO_LITTLE: usize = 1000;

/// A ruby annotation (`<rt>`, with its fallback parentheses `<rp>`): the
/// pronunciation printed over Japanese or Chinese characters. Its end tag
/// may be left out, so it ends at the next tag.
static RUBY_ANNOTATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<r[tp](?:\s[^>]*)?>[^<]*(?:</r[tp]\s*>)?").unwrap());

/// The page without ruby annotations: "子<rt>こ</rt>ども" is the word 子ども,
/// and keeping the reading would write it 子こども in the text.
/// A page without any is returned as it is, uncopied.
fn without_ruby(src: &str) -> Cow<'_, str> {
    RUBY_ANNOTATION.replace_all(src, "")
}

/// Which main-text extractor reads HTML pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Extractor {
    /// Our own article reading (`article.rs`) on our own parse, with
    /// trafilatura only for pages where it finds almost nothing: F1 0.934 on
    /// trafilatura-eval (English 0.952) at about 650 pages/s on one core.
    #[default]
    Newsfuse,
    /// trafilatura on a full HTML5 parse, with our article reading and
    /// trafilatura's own fallbacks for pages where it finds too little:
    /// F1 0.930 (English 0.949) at about 130 pages/s. Its errors differ
    /// from ours on about half of the pages, so it is kept as a second
    /// opinion for sites our rules read badly.
    Trafilatura,
}

static EXTRACTOR: AtomicU8 = AtomicU8::new(0);

/// Choose the extractor for every HTML page read from now on, in this process.
pub fn set_extractor(e: Extractor) {
    EXTRACTOR.store(e as u8, Ordering::Relaxed);
}

/// The extractor in use.
pub fn extractor() -> Extractor {
    if EXTRACTOR.load(Ordering::Relaxed) == Extractor::Trafilatura as u8 {
        Extractor::Trafilatura
    } else {
        Extractor::Newsfuse
    }
}

/// With our reader, below this many bytes of cleaned text from our own
/// reading trafilatura is asked too (on trafilatura-eval: never, F1 0.930
/// at 840 pages/s; 200, 0.933 at 720; 500, 0.934 at 580; 1000, 0.934 at 390).
const OWN_TOO_LITTLE: usize = 200;

pub(crate) fn read_html(label: &str, src: &str) -> RawRecord {
    let src = &*without_ruby(src);
    // The metadata rules read our own parse of the page.
    let dom = Dom::parse(src);
    let meta = PageMeta::read(&dom);
    let mut rec = RawRecord {
        path: label.to_string(),
        ..Default::default()
    };

    rec.title = meta
        .content(&["og:title", "twitter:title"])
        .or_else(|| meta.json_ld_field("headline"))
        .or_else(|| first_text(&dom, Tag::H(1)).filter(|t| !t.is_empty()))
        .or_else(|| first_text(&dom, Tag::Title).filter(|t| !t.is_empty()));
    rec.source = meta.content(&["og:site_name", "application-name", "publisher"]);
    rec.url = meta.content(&["og:url"]).or_else(|| {
        first_where(&dom, |l| {
            dom.tag(l) == Some(Tag::Link) && dom.attr(l, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        })
        .and_then(|l| dom.attr(l, "href"))
        .map(str::to_string)
    });

    // Dates, each with where it came from; published and modified kept apart.
    let published: [(&str, Option<String>); 4] = [
        ("json-ld", meta.json_ld_field("datePublished")),
        (
            "meta",
            meta.content(&[
                "article:published_time",
                "og:published_time",
                "datePublished",
                "pubdate",
                "publishdate",
                "dc.date.issued",
                "dc.date",
                "date",
                "sailthru.date",
                "parsely-pub-date",
            ]),
        ),
        (
            "time element",
            first_where(&dom, |t| {
                dom.tag(t) == Some(Tag::Time) && dom.attr(t, "datetime").is_some()
            })
            .and_then(|t| dom.attr(t, "datetime"))
            .map(str::to_string),
        ),
        ("url", rec.url.clone().and_then(|u| date_from_url(&u))),
    ];
    if let Some((from, d)) = published
        .into_iter()
        .find_map(|(from, v)| v.and_then(|v| normalize_date(&v)).map(|d| (from, d)))
    {
        rec.published = Some(d);
        rec.published_from = Some(from.to_string());
    }
    let modified: [(&str, Option<String>); 3] = [
        ("json-ld", meta.json_ld_field("dateModified")),
        (
            "meta",
            meta.content(&[
                "article:modified_time",
                "og:updated_time",
                "dateModified",
                "last-modified",
                "dc.date.modified",
            ]),
        ),
        (
            "time element",
            first_where(&dom, |t| {
                dom.tag(t) == Some(Tag::Time)
                    && dom
                        .attr(t, "itemprop")
                        .is_some_and(|p| p.eq_ignore_ascii_case("dateModified"))
            })
            .and_then(|t| dom.attr(t, "datetime"))
            .map(str::to_string),
        ),
    ];
    if let Some((from, d)) = modified
        .into_iter()
        .find_map(|(from, v)| v.and_then(|v| normalize_date(&v)).map(|d| (from, d)))
    {
        rec.modified = Some(d);
        rec.modified_from = Some(from.to_string());
    }
    rec.authors = authors_of(&dom, &meta);

    // Main text. Ours: our own reading, with trafilatura only when that
    // finds almost nothing. Trafilatura: its article tree, split into
    // paragraphs; when that yields too little, our own reading and
    // trafilatura's second opinion compete.
    let title = rec.title.clone().unwrap_or_default();
    let cleaned_len = |blocks: &[String]| crate::clean::cleaned_len_upto(&title, blocks, TOO_LITTLE);
    let own = extractor() == Extractor::Newsfuse;
    // The candidate with the most cleaned text so far.
    let mut best: (Vec<String>, usize) = (Vec::new(), 0);
    let consider = |best: &mut (Vec<String>, usize), blocks: Vec<String>| {
        let len = cleaned_len(&blocks);
        if len > best.1 {
            *best = (blocks, len);
        }
    };
    let mut own_read = own;
    if own {
        consider(&mut best, crate::article::article_blocks(&dom));
    }
    let mut extracted = None;
    if best.1 < if own { OWN_TOO_LITTLE } else { TOO_LITTLE } {
        // Reader comments are never used as article text, and trafilatura's
        // search for them claims blocks of the body (an opinion piece marked
        // "commentary"), so it is turned off.
        let opts = trafilatura::Options::default().with_exclude_comments(true);
        extracted = trafilatura::extract_document(TDoc::parse(src), &opts).ok();
        let first = extracted
            .as_ref()
            .map(|r| html_blocks(&r.content_html))
            .unwrap_or_default();
        consider(&mut best, first);
        if best.1 < TOO_LITTLE && !own_read {
            own_read = true;
            consider(&mut best, crate::article::article_blocks(&dom));
        }
        if best.1 < TOO_LITTLE {
            // Still too little: trafilatura's own second opinion (its
            // readability and baseline extractors, compared with the first
            // result) is asked on a fresh parse; about one page in eight
            // pays for it.
            let again = trafilatura::extract_document(TDoc::parse(src), &opts.clone().with_fallback(true))
                .ok()
                .map(|r| html_blocks(&r.content_html))
                .unwrap_or_default();
            consider(&mut best, again);
        }
    }
    // A page that renders its article with scripts carries it only in its
    // JSON-LD `articleBody`: when that is over five times what was read
    // from the markup, it is the text. (trafilatura-eval, English pages:
    // F1 0.949 -> 0.952. At 2-3x it also replaces paywalled pages' visible
    // part and lead, which their gold keeps apart: 0.933 overall.)
    if let Some(body) = meta.json_ld_field("articleBody") {
        let read: usize = best.0.iter().map(|b| b.len()).sum();
        if body.len() > LD_BODY_RATIO * read {
            let blocks = ld_body_blocks(&body);
            let len = cleaned_len(&blocks);
            best = (blocks, len);
        }
    }
    let (primary, primary_len) = best;
    debug_assert!(own_read || primary_len >= TOO_LITTLE);
    rec.blocks = primary;
    if primary_len < TOO_LITTLE {
        // Still too little: the extractor may have kept only a teaser or one
        // part of the article (a recipe's steps without its ingredients), so
        // the paragraphs of the container holding the most paragraph text
        // are read too. Of the two, the one with more text is the base and
        // the other's missing blocks are merged in where the page has them.
        // When the container's paragraphs all sit inside fewer, longer
        // extracted blocks, the extractor returned one blob of page text and
        // the container is the same text without the furniture. When the
        // page has no paragraphs outside its furniture at all, the body text
        // outside navigation, headers and footers is read instead, which may
        // be nothing: the page has no article.
        let doc = Html::parse_document(src);
        let fallback = container_blocks(&doc);
        let held = rec.blocks.join("\n");
        let blob = rec.blocks.len() < fallback.len() && fallback.iter().all(|b| held.contains(b.as_str()));
        rec.blocks = if fallback.is_empty() {
            body_blocks(&doc)
        } else if blob && cleaned_len(&fallback) * 2 >= primary_len {
            fallback
        } else if cleaned_len(&fallback) > primary_len {
            merged(fallback, rec.blocks)
        } else {
            merged(rec.blocks, fallback)
        };
    }
    if rec.published.is_none() {
        // Last resort: a date printed on the page (see `visible_date`), or
        // trafilatura's reading of it when it read the page. On the 304
        // trafilatura-eval pages without date metadata ours finds 174: the
        // two agree on 134 and differ on 40 (ours was the page's printed
        // date in the samples checked); trafilatura alone guesses on 128
        // more (27 of them 1 January, a copyright year).
        let ours = visible_date(&dom);
        let theirs = extracted
            .and_then(|r| r.metadata.date)
            .map(|d| d.format("%Y-%m-%d").to_string());
        if let Some(d) = ours.or(theirs) {
            rec.published = Some(d);
            rec.published_from = Some("text".into());
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

    #[test]
    fn a_page_without_date_metadata_gets_the_date_it_prints_by_the_headline() {
        let body: String = (1..=4)
            .map(|i| format!("<p>The harbour authority said the fire began in storage shed {i} shortly after midnight and spread to the boats moored nearby.</p>"))
            .collect();
        let read = |top: &str, byline: &str| {
            let page = format!(
                "<html><head><title>Fire at the port</title></head><body><div class=top>{top}</div>\
                 <h1>Fire at the port</h1>{byline}<div class=story>{body}</div></body></html>"
            );
            let r = read_html("d.html", &page);
            (r.published, r.published_from)
        };
        // The site header's "today" is not the article's date; the dateline is.
        let (date, from) = read("Sonntag, 22.11.2026", "<p>Von Anna Berg, 3. März 2025</p>");
        assert_eq!(date.as_deref(), Some("2025-03-03"));
        assert_eq!(from.as_deref(), Some("text"));
        // An element named for the date wins over other dates in the text.
        let (date, _) = read(
            "",
            "<p>Flashback to 1 May 2019.</p><span class=post-date>Nov. 22, 2026</span>",
        );
        assert_eq!(date.as_deref(), Some("2026-11-22"));
        // A comment's date is not the article's.
        let (date, _) = read("", "<div class=comment-meta>7 June 2027</div>");
        assert_eq!(date, None);
    }

    #[test]
    fn a_page_rendered_by_scripts_is_read_from_its_json_ld_article_body() {
        let lines: Vec<String> = (1..=20)
            .map(|i| format!("Paragraph {i}: the harbour authority said the fire began in a storage shed shortly after midnight, crews said."))
            .collect();
        let body = lines.join("\n");
        let ld = serde_json::json!({"@type": "NewsArticle", "headline": "Fire at the port", "articleBody": body});
        let teaser = "A fire at the grain terminal kept crews busy through the night; the harbour authority says nobody was hurt and the cause is not yet known, while the terminal stays closed to ships until Monday, when inspectors from the port authority and the insurers will look at the damage.";
        let page = |article: &str| {
            format!(
                "<html><head><title>Fire at the port</title><script type=\"application/ld+json\">{ld}</script></head>\
                 <body><div id=app>{article}</div></body></html>"
            )
        };
        let r = read_html("s.html", &page(&format!("<p>{teaser}</p>")));
        assert_eq!(r.blocks, lines);
        // A page that shows its article keeps the markup's reading.
        let shown: String = lines.iter().map(|l| format!("<p>{l} Shown on the page.</p>")).collect();
        let r = read_html("p.html", &page(&shown));
        assert_eq!(r.blocks.len(), 20);
        assert!(r.blocks.iter().all(|b| b.ends_with("Shown on the page.")));
    }

    #[test]
    fn ruby_readings_are_not_part_of_the_text() {
        let page = r#"<html><head><title>法律</title></head><body><article>
            <p><ruby>子<rt>こ</rt></ruby>どもへの<RUBY>虐待<RP>(</RP><RT>ぎゃくたい</RT><RP>)</RP></RUBY>をなくすための<ruby>法律<rt>ほうりつ</ruby>ができて、<ruby>親<rt class="r">おや</rt></ruby>が<ruby>子<rt>こ</rt></ruby>どもを<ruby>教育<rt>きょういく</rt></ruby>するために、たたいたり蹴ったりする体罰を禁止することになりました。</p>
            <p>最近、親に虐待された子どもを児童相談所が守ることができなくて、子どもが亡くなる事件が続いています。このため、法律では児童相談所の力を強くしました。</p>
            </article></body></html>"#;
        let text = read_html("k.html", page).blocks.join("\n");
        assert!(
            text.starts_with("子どもへの虐待をなくすための法律ができて、親が子どもを教育するために、"),
            "{text}"
        );
    }

    #[test]
    fn page_state_classes_on_body_do_not_hide_the_article() {
        // "no-cookie" on <body> says the visitor has not answered the cookie
        // banner; it does not make the whole page a cookie banner.
        let page = r#"<html><head><title>Haircuts</title></head>
            <body class="index no-js no-cookie" id="nav-open">
            <div class="topbar"><span>Log in</span> <span>Register</span> <span>Shop</span></div>
            <div class="news-text">
              <p>Customers need proof of vaccination or recovery to visit a barber from Monday.</p>
              <p>Children up to fifteen are exempt from the rule, the ministry said.</p>
            </div></body></html>"#;
        // The fallback's main container is found...
        let blocks = super::container_blocks(&scraper::Html::parse_document(page));
        assert_eq!(
            blocks,
            vec![
                "Customers need proof of vaccination or recovery to visit a barber from Monday.",
                "Children up to fifteen are exempt from the rule, the ministry said."
            ]
        );
        // ...and the page's text is the article, not the top bar.
        let text = read_html("h.html", page).blocks.join("\n");
        assert!(text.contains("Children up to fifteen are exempt"), "{text}");
        assert!(!text.contains("Register"), "{text}");
    }

    #[test]
    fn merged_adds_only_what_the_base_lacks_in_page_order() {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let base = owned(&["Ingredients: 1 chicken, 2 onions.", "Roast for an hour."]);
        let extra = owned(&["By Ann Lee", "1 chicken", "Roast for an hour.", "Serve with rice."]);
        assert_eq!(
            super::merged(base, extra),
            vec![
                "By Ann Lee",
                "Ingredients: 1 chicken, 2 onions.",
                "Roast for an hour.",
                "Serve with rice."
            ]
        );
        // A block missing from the middle goes back between its neighbours.
        let base = owned(&["One.", "Three."]);
        let extra = owned(&["One.", "Two.", "Three."]);
        assert_eq!(super::merged(base, extra), vec!["One.", "Two.", "Three."]);
    }

    #[test]
    fn an_opinion_column_is_not_taken_for_reader_comments() {
        // Newspapers mark their opinion pieces "commentary"; a comment
        // search that matches the class would take the column for the
        // readers' comments and leave only the appeal box below it.
        let para = |s: &str| format!("<p class=\"article\">{s}</p>");
        let page = format!(
            r#"<html><head><title>The bank's coal problem</title></head><body>
            <div class="full news subjective commentary article page">
            <div class="sect sect_article news subjective commentary"><article class="sectbody">
            <h1>The bank's coal problem</h1>{}{}{}</article></div></div>
            <div class="box"><p>{}</p></div></body></html>"#,
            para("A few customers may be pleased that the bank keeps lending to the coal industry, but most of its savers will not be, and they have begun to say so in public."),
            para("Some of its rivals, among them two large insurers, stopped insuring new coal mines years ago and have not lost business by doing so."),
            para("The bank should explain to its own customers why it still treats a dying industry as a safe place for their money."),
            "Our newsroom is funded by its readers. Every contribution, large or small, keeps our reporting independent and free to read for everyone. ".repeat(5)
        );
        let text = read_html("o.html", &page).blocks.join("\n");
        for needle in [
            "A few customers may be pleased",
            "Some of its rivals",
            "The bank should explain",
        ] {
            assert!(text.contains(needle), "{needle} missing from: {text}");
        }
    }

    #[test]
    fn author_names_lose_their_by_or_from() {
        use super::plausible_author;
        assert_eq!(plausible_author("From Coastal Wire").as_deref(), Some("Coastal Wire"));
        assert_eq!(plausible_author("BY ANNA KOVAC").as_deref(), Some("ANNA KOVAC"));
        assert_eq!(plausible_author("Email the author"), None);
    }
}
