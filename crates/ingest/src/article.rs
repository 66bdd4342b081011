//! The article body of a page, read from the [`Dom`] in a few linear passes.
//!
//! 1. **Furniture** is marked top-down: elements that are never body text
//!    (scripts, navigation, asides, forms' controls, captions), hidden ones,
//!    and ones whose class, id or role names a page part that is not the
//!    article (comments, share bars, related links, menus, ads, cookie and
//!    newsletter boxes). A wrapper whose class merely mentions such a part
//!    ("has-sidebar") but holds most of the page's paragraph text is kept.
//! 2. **Text weights** are summed bottom-up: the paragraph text below every
//!    element, and how much of it is link text.
//! 3. **The container**: an element that the page marks as the article body
//!    (`itemprop="articleBody"`, class "article-body", "entry-content", …)
//!    when it holds a fair share of the paragraph text; otherwise the
//!    element that most paragraph text sits directly under (a paragraph,
//!    up to 200 bytes of it, counts fully for its parent and half for its
//!    grandparent; text loose in a `<div>` counts for the div), joined by
//!    siblings up to six levels up that carry paragraph text of their own
//!    and few links. When even that holds less than half the page's
//!    paragraph text, the page has no one article body and all of its text
//!    outside furniture is read.
//! 4. **The lead**: news pages set their standfirst apart from the body,
//!    often in the header beside the headline. Elements named as a lead
//!    ("intro", "lead", "teaser", "standfirst", …) before the container and
//!    within six levels of it, outside furniture and with few links, are
//!    read first (trafilatura-eval: recall 0.930 → 0.950, F1 0.923 → 0.933).
//! 5. **Blocks**: the container's text, split at block elements, without
//!    furniture, link lists and blocks that are mostly link text.

use crate::dom::{Dom, NodeId, Tag};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Why an element is furniture.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    /// Body text may be here.
    Keep,
    /// Never body text, whatever it holds (scripts, navigation, comments).
    Strong,
    /// Furniture by a name that a page-wide wrapper may also carry.
    Weak,
}

/// Class/id words that mark furniture wherever they appear in the name,
/// whatever the element holds: reader comments, cookie notices, captions.
const STRONG_PARTS: &[&str] = &[
    "comment",
    "disqus",
    "cookie",
    "breadcrumb",
    "skip-link",
    "skiplink",
    "sr-only",
    "visually-hidden",
    "screen-reader",
];

/// Class/id words that mark furniture, unless the element holds most of
/// the page's paragraph text (a wrapper named for what it sits beside).
const WEAK_PARTS: &[&str] = &[
    "caption",
    "credit",
    "related",
    "newsletter",
    "footer",
    "share",
    "sharing",
    "social",
    "subscri",
    "advert",
    "outbrain",
    "taboola",
    "recommend",
    "trending",
    "popular",
    "pagination",
    "pager",
    "byline",
    "author-bio",
    "authorbio",
    "about-author",
    "tagcloud",
    "tag-cloud",
    "signup",
    "sign-up",
    "login",
    "sidebar",
    "menu",
    "navigation",
    "navbar",
    "widget",
    "banner",
    "popup",
    "modal",
    "toolbar",
    "masthead",
    "promo",
    "teaser",
    "sponsor",
];

/// Whole class/id words (between `-`, `_` and spaces) that mark furniture
/// in the same way.
const WEAK_WORDS: &[&str] = &[
    "nav",
    "ad",
    "ads",
    "meta",
    "tags",
    "print",
    "rating",
    "timestamp",
    "dateline",
    "follow",
    "email",
];

/// Class/id words that mark the article body.
const BODY_PARTS: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "articlecontent",
    "article-content",
    "article_content",
    "article__content",
    "articletext",
    "article-text",
    "article_text",
    "article__text",
    "storybody",
    "story-body",
    "story_body",
    "storycontent",
    "story-content",
    "story-text",
    "postbody",
    "post-body",
    "post_body",
    "postcontent",
    "post-content",
    "post_content",
    "post-text",
    "post_text",
    "posttext",
    "post-entry",
    "postentry",
    "entry-content",
    "entry_content",
    "entrycontent",
    "entry-body",
    "news-text",
    "newstext",
    "news-body",
    "news-content",
    "text-content",
    "body-text",
    "bodytext",
    "content-body",
    "main-text",
    "maintext",
    "article-main",
    "articlemain",
    "single-content",
    "rich-text",
    "richtext",
];

/// Class/id words that mark the standfirst: the lead paragraph that news
/// pages set apart above the body, often in the page header beside the
/// headline rather than in the body's container.
const LEAD_PARTS: &[&str] = &[
    "intro",
    "lead",
    "teaser",
    "excerpt",
    "standfirst",
    "summary",
    "abstract",
    "subtitle",
    "subheadline",
    "deck",
];

/// Every class/id word list in one automaton, matched case-insensitively
/// in one pass over a name: pattern `i` is a body word below
/// `BODY_PARTS.len()`, then strong, then weak, then lead.
static NAME_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(
            BODY_PARTS
                .iter()
                .chain(STRONG_PARTS)
                .chain(WEAK_PARTS)
                .chain(LEAD_PARTS),
        )
        .expect("static word lists")
});

/// What an element's class and id say about it.
#[derive(Default)]
struct NameSays {
    body: bool,
    strong: bool,
    weak: bool,
    lead: bool,
}

fn read_name(name: &str, says: &mut NameSays) {
    for m in NAME_WORDS.find_overlapping_iter(name) {
        let i = m.pattern().as_usize();
        if i < BODY_PARTS.len() {
            says.body = true;
        } else if i < BODY_PARTS.len() + STRONG_PARTS.len() {
            // An opinion column ("commentary") is an article, not reader comments.
            let commentary = name
                .get(m.start()..m.start() + 10)
                .is_some_and(|w| w.eq_ignore_ascii_case("commentary"));
            says.strong |= !commentary;
        } else if i < BODY_PARTS.len() + STRONG_PARTS.len() + WEAK_PARTS.len() {
            says.weak = true;
        } else {
            says.lead = true;
        }
    }
    says.weak |= name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| WEAK_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)));
}

/// True when a `style` attribute hides the element.
fn hides(style: &str) -> bool {
    let b = style.as_bytes();
    let has = |needle: &[u8]| b.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
    if !has(b"none") && !has(b"hidden") {
        return false;
    }
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// The furniture mark of one element, by its tag, attributes and names,
/// and what its names say (the article body, a lead).
fn mark_of(dom: &Dom, id: NodeId) -> (Mark, NameSays) {
    let Some(tag) = dom.tag(id) else {
        return (Mark::Keep, NameSays::default());
    };
    match tag {
        Tag::Script
        | Tag::Style
        | Tag::Template
        | Tag::Iframe
        | Tag::Svg
        | Tag::Math
        | Tag::Button
        | Tag::Select
        | Tag::Option
        | Tag::Textarea
        | Tag::Input
        | Tag::Label
        | Tag::Figcaption
        | Tag::Video
        | Tag::Audio
        | Tag::Object
        | Tag::Title
        | Tag::Head
        | Tag::Menu => return (Mark::Strong, NameSays::default()),
        // Structural furniture, unless a broken page nests everything in it.
        Tag::Nav | Tag::Aside | Tag::Footer => return (Mark::Weak, NameSays::default()),
        _ => {}
    }
    let mut says = NameSays::default();
    let mut role = "";
    let attrs = dom.attrs(id);
    if attrs.is_empty() {
        return (Mark::Keep, NameSays::default());
    }
    for a in attrs {
        let n = a.name;
        if n.eq_ignore_ascii_case("class") || n.eq_ignore_ascii_case("id") {
            read_name(&a.value, &mut says);
        } else if n.eq_ignore_ascii_case("role") {
            role = &a.value;
        } else if n.eq_ignore_ascii_case("itemprop") {
            says.body |= a.value.eq_ignore_ascii_case("articleBody");
        } else if n.eq_ignore_ascii_case("hidden")
            || (n.eq_ignore_ascii_case("aria-hidden") && a.value.eq_ignore_ascii_case("true"))
            || (n.eq_ignore_ascii_case("style") && hides(&a.value))
        {
            return (Mark::Strong, NameSays::default());
        }
    }
    if !role.is_empty()
        && [
            "navigation",
            "contentinfo",
            "complementary",
            "search",
            "dialog",
            "menu",
            "menubar",
            "banner",
        ]
        .iter()
        .any(|r| role.eq_ignore_ascii_case(r))
    {
        return (Mark::Weak, NameSays::default());
    }
    // The page and its article elements carry classes about the post
    // ("tag-elections", "has-sidebar"), not about a part of the page.
    if says.body || matches!(tag, Tag::Html | Tag::Body | Tag::Article | Tag::Main) {
        return (Mark::Keep, says);
    }
    let mark = if says.strong {
        Mark::Strong
    } else if says.weak {
        Mark::Weak
    } else {
        Mark::Keep
    };
    (mark, says)
}

/// Paragraph-like elements whose text counts toward their container.
fn is_paragraph(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::P | Tag::Pre | Tag::Blockquote | Tag::H(_) | Tag::Li | Tag::Dd | Tag::Dt | Tag::Br
    )
}

/// Length of text without its whitespace runs, in bytes.
fn visible_len(s: &str) -> u32 {
    s.split_ascii_whitespace().map(|w| w.len() as u32 + 1).sum::<u32>()
}

struct Weights {
    mark: Vec<Mark>,
    /// The mark of the element's own tag and names, before its ancestors'.
    own_mark: Vec<Mark>,
    /// The page marks the element as the article body.
    body_marked: Vec<bool>,
    /// The element's names call it a lead (standfirst, intro, teaser).
    lead_named: Vec<bool>,
    /// Text below the element, outside furniture.
    text: Vec<u32>,
    /// Link text below the element, outside furniture.
    link: Vec<u32>,
    /// Paragraph text directly or nearly directly under the element (readability's score).
    score: Vec<f32>,
    /// Text inside paragraph-like elements below the element.
    para: Vec<u32>,
}

fn weigh(dom: &Dom) -> Weights {
    let n = dom.nodes.len();
    let mut own_mark = vec![Mark::Keep; n];
    let mut body_marked = vec![false; n];
    let mut lead_named = vec![false; n];
    let mut mark = vec![Mark::Keep; n];
    // Top-down: an element inside strong furniture is furniture; weak
    // marks are settled once the text is weighed.
    for id in 1..n as NodeId {
        let (own, says) = mark_of(dom, id);
        own_mark[id as usize] = own;
        body_marked[id as usize] = says.body;
        lead_named[id as usize] = says.lead;
        let parent = dom.parent(id).unwrap_or(0) as usize;
        if mark[parent] == Mark::Strong || own == Mark::Strong {
            mark[id as usize] = Mark::Strong;
        }
    }
    // Bottom-up, counting weak furniture for now. `inline` is the text of
    // a text node or inline element that reaches the nearest block above
    // it; a block's own text is the inline text of its children, and
    // `para` sums the own non-link text of every block below an element.
    let mut text = vec![0u32; n];
    let mut link = vec![0u32; n];
    let mut para = vec![0u32; n];
    let mut inline = vec![0u32; n];
    let mut inline_link = vec![0u32; n];
    let mut own = vec![0u32; n];
    for id in (1..n).rev() {
        if mark[id] == Mark::Strong {
            continue;
        }
        let id32 = id as NodeId;
        let tag = dom.tag(id32);
        match tag {
            None => {
                text[id] = visible_len(dom.text(id32));
                inline[id] = text[id];
            }
            Some(Tag::A) => {
                link[id] = text[id];
                inline_link[id] = inline[id];
            }
            Some(t) if t.is_block() => {
                own[id] = inline[id].saturating_sub(inline_link[id]);
                para[id] += own[id];
                inline[id] = 0;
                inline_link[id] = 0;
            }
            _ => {}
        }
        let p = dom.parent(id32).unwrap_or(0) as usize;
        text[p] += text[id];
        link[p] += link[id];
        para[p] += para[id];
        inline[p] += inline[id];
        inline_link[p] += inline_link[id];
    }
    // A weak mark on an element holding most of the page's paragraph text
    // is a wrapper's name ("page-with-sidebar"), not furniture.
    // ... unless the page marks its article body elsewhere.
    let total = para[0].max(1);
    let bodies: Vec<usize> = (1..n)
        .filter(|&id| body_marked[id] && mark[id] != Mark::Strong && para[id] >= 200)
        .collect();
    for id in 1..n {
        let parent = dom.parent(id as NodeId).unwrap_or(0) as usize;
        if mark[id] == Mark::Strong {
            continue;
        }
        let wrapper = || {
            let end = dom.subtree_end(id as NodeId) as usize;
            para[id] * 2 > total && para[id] > WRAPPER_MIN && !bodies.iter().any(|&b| b < id || b >= end)
        };
        if mark[parent] == Mark::Weak || (own_mark[id] == Mark::Weak && !wrapper()) {
            mark[id] = Mark::Weak;
        }
    }
    // Weak furniture leaves the sums.
    for id in (1..n).rev() {
        if mark[id] == Mark::Weak {
            let p = dom.parent(id as NodeId).unwrap_or(0) as usize;
            if mark[p] != Mark::Weak {
                // Subtract the furniture's text from every kept ancestor.
                let (t, l, q) = (text[id], link[id], para[id]);
                let mut a = p;
                loop {
                    text[a] -= t;
                    link[a] -= l;
                    para[a] -= q;
                    if a == 0 {
                        break;
                    }
                    a = dom.parent(a as NodeId).unwrap_or(0) as usize;
                }
            }
        }
    }
    for m in mark.iter_mut().filter(|m| **m == Mark::Weak) {
        *m = Mark::Strong;
    }
    // Readability's score: a paragraph's own text, up to `SCORE_CAP`,
    // counts fully for the element holding it and half for the one above;
    // text standing loose in a `<div>` (lines split by `<br>`) counts for
    // that element itself.
    let mut score = vec![0f32; n];
    for id in 1..n {
        let id32 = id as NodeId;
        if mark[id] != Mark::Keep || own[id] < 25 {
            continue;
        }
        let Some(tag) = dom.tag(id32) else { continue };
        let v = own[id].min(SCORE_CAP) as f32;
        let (first, second) = if is_paragraph(tag) {
            let Some(p) = dom.parent(id32) else { continue };
            (p, dom.parent(p))
        } else {
            (id32, dom.parent(id32))
        };
        score[first as usize] += v;
        if let Some(g) = second {
            score[g as usize] += v / 2.0;
        }
    }
    Weights {
        mark,
        own_mark,
        body_marked,
        lead_named,
        text,
        link,
        score,
        para,
    }
}

/// How many levels above the top-scoring element siblings may join it. On
/// trafilatura-eval F1 rises from 0.878 (none) to 0.905 (six) and no further.
const LEVELS: usize = 6;
/// The paragraph text a joining sibling must carry, as a share of the top
/// element's (0.05: F1 0.902, 0.1: 0.905 at four levels, 0.2: 0.897, 0.4: 0.892).
const SHARE: f32 = 0.1;
/// Below this share of the page's paragraph text the chosen container is
/// one part of a page without one article body (a landing page, an FAQ),
/// and the whole page outside furniture is read (0.3: F1 0.919, 0.5: 0.921,
/// 0.6: 0.922 with precision falling, 0.8: 0.919).
const COVERAGE: f32 = 0.5;

/// The most a single paragraph adds to its container's score, in bytes: an
/// article of many paragraphs outscores one long block beside it (an
/// appeal box, a long reader post). On trafilatura-eval F1 is 0.933
/// uncapped and at 250–1500, 0.934 at 100–200.
const SCORE_CAP: u32 = 200;

/// Paragraph text a weakly marked wrapper must hold to be taken for one.
const WRAPPER_MIN: u32 = 150;

/// The article body of a page as blocks of text, in page order.
pub(crate) fn article_blocks(dom: &Dom) -> Vec<String> {
    let w = weigh(dom);
    let n = dom.nodes.len();
    let total = w.para[0];

    // An element marked as the body, when it holds a fair share of the text.
    let marked: Vec<NodeId> = (1..n as NodeId)
        .filter(|&id| w.mark[id as usize] == Mark::Keep && w.body_marked[id as usize])
        .collect();
    let best_marked = marked
        .iter()
        .copied()
        .max_by_key(|&id| w.para[id as usize])
        .filter(|&id| w.para[id as usize] >= 200 && w.para[id as usize] * 4 >= total);
    let containers: Vec<NodeId> = if let Some(m) = best_marked {
        vec![m]
    } else {
        let Some(top) = (1..n)
            .filter(|&id| w.mark[id] == Mark::Keep)
            .max_by(|&a, &b| w.score[a].total_cmp(&w.score[b]))
            .filter(|&id| w.score[id] > 0.0)
        else {
            return Vec::new();
        };
        let top = top as NodeId;
        widen(dom, &w, top)
    };

    // A page whose paragraph text is spread over many parts (a landing
    // page, an FAQ) has no one container: all of its text outside
    // furniture is read.
    let covered: u32 = containers.iter().map(|&c| w.para[c as usize]).sum();
    let containers = if (covered as f32) < COVERAGE * total as f32 {
        dom.elements(Tag::Body).take(1).collect()
    } else {
        containers
    };
    let leads = match containers.first() {
        Some(&first) if !matches!(dom.tag(first), Some(Tag::Body)) => leads_before(dom, &w, first),
        _ => Vec::new(),
    };
    let mut out = Blocks::default();
    for l in leads {
        out.flush();
        for c in dom.children(l) {
            collect(dom, &w, c, &mut out, true);
        }
        out.flush();
    }
    let from_leads = out.blocks.len();
    for c in containers {
        collect(dom, &w, c, &mut out, false);
        out.flush();
    }
    // A page that repeats its lead in the body gives it once.
    let (lead_blocks, body) = out.blocks.split_at(from_leads);
    let mut seen = std::collections::HashSet::new();
    lead_blocks
        .iter()
        .filter(|l| !body.iter().any(|b| b.contains(l.as_str())))
        .chain(body)
        .filter(|b| seen.insert(b.as_str()))
        .cloned()
        .collect()
}

/// The page's leads above its article container: elements named as a
/// lead, outside furniture, before the container and close to it in the
/// tree, with text of a paragraph's length and few links.
fn leads_before(dom: &Dom, w: &Weights, first: NodeId) -> Vec<NodeId> {
    let mut up = Vec::with_capacity(LEVELS);
    let mut a = first;
    for _ in 0..LEVELS {
        match dom.parent(a) {
            Some(p) if !matches!(dom.tag(p), Some(Tag::Body | Tag::Html) | None) => {
                up.push(p);
                a = p;
            }
            _ => break,
        }
    }
    let Some(&outer) = up.last() else { return Vec::new() };
    let mut leads: Vec<NodeId> = Vec::new();
    let mut id = outer + 1;
    while id < first {
        let i = id as usize;
        let inside_first = dom.subtree_end(id) > first;
        let parent_kept = dom.parent(id).is_some_and(|p| w.mark[p as usize] == Mark::Keep);
        if !inside_first
            && w.lead_named[i]
            && parent_kept
            && w.own_mark[i] != Mark::Strong
            && w.text[i] >= 60
            && w.link[i] * 4 < w.text[i]
        {
            leads.push(id);
            id = dom.subtree_end(id);
            continue;
        }
        id += 1;
    }
    leads
}

/// The top-scoring element and the parts of the article beside it: up to
/// three levels up, siblings that carry paragraph text of their own and
/// few links (the article split around an ad, a recipe's ingredients
/// beside its steps). Teasers and link lists stay out by their links.
fn widen(dom: &Dom, w: &Weights, top: NodeId) -> Vec<NodeId> {
    let mut chosen = vec![top];
    let base = w.para[top as usize];
    let mut cur = top;
    for _ in 0..LEVELS {
        let Some(p) = dom.parent(cur) else { break };
        if matches!(dom.tag(p), Some(Tag::Body | Tag::Html) | None) {
            break;
        }
        for c in dom.children(p) {
            let ci = c as usize;
            if c == cur || w.mark[ci] != Mark::Keep || dom.is_text(c) {
                continue;
            }
            let para = w.para[ci];
            if para as f32 >= base as f32 * SHARE && para >= 60 && w.link[ci] * 4 < w.text[ci] {
                chosen.push(c);
            }
        }
        cur = p;
    }
    chosen.sort_unstable();
    chosen
}

#[derive(Default)]
struct Blocks {
    blocks: Vec<String>,
    current: String,
    link: usize,
}

impl Blocks {
    fn flush(&mut self) {
        let t = self.current.split_whitespace().collect::<Vec<_>>().join(" ");
        // A short block that is mostly link text is a link list or a teaser.
        let links = self.link * 2 > t.len() && t.len() < 400;
        if !t.is_empty() && !links {
            self.blocks.push(t);
        }
        self.current.clear();
        self.link = 0;
    }
}

/// Appends the text below `id`. Inside a lead, which may carry a weak
/// name itself ("teaser"), only the elements' own marks count, and its
/// headline stays out.
fn collect(dom: &Dom, w: &Weights, id: NodeId, out: &mut Blocks, lead: bool) {
    let i = id as usize;
    let kept = if lead {
        w.own_mark[i] == Mark::Keep && !matches!(dom.tag(id), Some(Tag::H(1)))
    } else {
        w.mark[i] == Mark::Keep
    };
    if !kept {
        return;
    }
    if dom.is_text(id) {
        let t = dom.text(id);
        out.current.push_str(t);
        if dom.parent(id).is_some_and(|p| has_link_ancestor(dom, p)) {
            out.link += t.trim().len();
        }
        return;
    }
    let tag = dom.tag(id).unwrap_or(Tag::Other);
    // A list or table of links is navigation inside the article.
    if matches!(tag, Tag::Ul | Tag::Ol | Tag::Dl | Tag::Table) && w.text[i] > 0 && w.link[i] * 10 > w.text[i] * 6 {
        return;
    }
    let block = tag.is_block();
    if block {
        out.flush();
    }
    for c in dom.children(id) {
        collect(dom, w, c, out, lead);
    }
    if block {
        out.flush();
    } else if matches!(tag, Tag::Td | Tag::Th) {
        out.current.push(' ');
    }
}

fn has_link_ancestor(dom: &Dom, mut id: NodeId) -> bool {
    for _ in 0..6 {
        match dom.tag(id) {
            Some(Tag::A) => return true,
            Some(t) if t.is_block() => return false,
            _ => {}
        }
        match dom.parent(id) {
            Some(p) => id = p,
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(page: &str) -> Vec<String> {
        article_blocks(&Dom::parse(page))
    }

    const PARA: &str =
        "The harbour authority said the fire began in a storage shed shortly after midnight and spread to two boats.";

    #[test]
    fn the_article_container_is_read_without_page_furniture() {
        let page = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/w>World</a></nav>\
             <div class=main><div class=story><h1>Fire at the port</h1><p>{PARA}</p>\
             <div class=share-bar>Share on Facebook</div><p>{PARA} Crews arrived at dawn.</p>\
             <figure><img src=x><figcaption>The shed after the fire. Photo: J. Doe</figcaption></figure></div>\
             <div class=comments><p>{PARA} First comment!</p></div>\
             <aside><p>{PARA} Sidebar teaser.</p></aside></div>\
             <footer><p>Copyright 2025 Example News, all rights reserved by the owners.</p></footer></body></html>"
        );
        let blocks = read(&page);
        assert_eq!(
            blocks,
            vec![
                "Fire at the port".to_string(),
                PARA.into(),
                format!("{PARA} Crews arrived at dawn.")
            ]
        );
    }

    #[test]
    fn a_wrapper_named_after_its_sidebar_still_holds_the_article() {
        let page = format!(
            "<body><div class='layout has-sidebar'><div><p>{PARA}</p><p>{PARA} Second.</p><p>{PARA} Third.</p></div>\
             <div class=sidebar><p>Most read: another story about something else entirely today.</p></div></div></body>"
        );
        let blocks = read(&page);
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        assert!(blocks.iter().all(|b| !b.contains("Most read")));
    }

    #[test]
    fn text_between_line_breaks_in_a_div_is_body_text() {
        let page =
            format!("<body><div class=nav><a href=/>Home</a></div><div>{PARA}<br><br>{PARA} Later.<br></div></body>");
        assert_eq!(read(&page), vec![PARA.to_string(), format!("{PARA} Later.")]);
    }

    #[test]
    fn the_article_split_around_an_ad_is_read_whole() {
        let page = format!(
            "<body><div class=wrap><div class=part><p>{PARA}</p><p>{PARA} Two.</p></div>\
             <div class=ad-slot>Advertisement</div>\
             <div class=part><p>{PARA} Three.</p></div>\
             <div class=teasers><h3><a href=/a>Another story headline here</a></h3><a href=/b>Yet another linked headline</a></div>\
             </div></body>"
        );
        let blocks = read(&page);
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        assert!(blocks[2].ends_with("Three."));
    }

    #[test]
    fn the_marked_body_is_read_without_the_longer_related_stories_below_it() {
        let long: String = (0..6).map(|i| format!("<p>{PARA} Related {i}.</p>")).collect();
        let page = format!(
            "<body><div itemprop=articleBody><p>{PARA}</p><p>{PARA} Body.</p></div>\
             <section class=related-coverage>{long}</section></body>"
        );
        assert_eq!(read(&page), vec![PARA.to_string(), format!("{PARA} Body.")]);
    }

    #[test]
    fn the_standfirst_in_the_page_header_opens_the_article() {
        let lead = "Crews fought the blaze for six hours; nobody was hurt, the harbour authority said on Sunday.";
        let body: String = (0..4).map(|i| format!("<p>{PARA} Part {i}.</p>")).collect();
        let page = format!(
            "<body><main><header><h1>Fire at the port</h1>             <div class=article-teaser><p>{lead}</p><span class=share>Share</span></div></header>             <div class=content><div class=story>{body}</div>             <div class=teaser><p>{PARA} A teaser for another story, below the article.</p></div></div></main></body>"
        );
        let blocks = read(&page);
        assert_eq!(blocks.len(), 5, "{blocks:?}");
        assert_eq!(
            blocks[0], lead,
            "the lead comes first, without its headline or share button"
        );
        assert!(blocks[1..]
            .iter()
            .all(|b| b.starts_with(PARA) && !b.contains("another story")));
    }

    #[test]
    fn a_lead_is_not_a_list_of_teaser_links_and_is_given_once() {
        let lead = "Crews fought the blaze for six hours; nobody was hurt, the harbour authority said on Sunday.";
        let body: String = (0..4).map(|i| format!("<p>{PARA} Part {i}.</p>")).collect();
        let links = "<div class=teaser-list><p><a href=/a>Another story headline, with many words in its link</a></p>                     <p><a href=/b>Yet another linked headline that leads somewhere else</a></p></div>";
        let page = format!(
            "<body><div class=page>{links}<p class=intro>{lead}</p>             <div class=story><p>{lead}</p>{body}</div></div></body>"
        );
        let blocks = read(&page);
        assert_eq!(blocks.len(), 5, "{blocks:?}");
        assert_eq!(blocks.iter().filter(|b| b.as_str() == lead).count(), 1);
        assert!(blocks.iter().all(|b| !b.contains("headline")));
    }

    #[test]
    fn a_commentary_column_is_not_taken_for_reader_comments() {
        let page = format!("<body><div class='commentary'><p>{PARA}</p><p>{PARA} Opinion.</p></div></body>");
        assert_eq!(read(&page).len(), 2);
    }

    #[test]
    fn a_page_without_paragraphs_gives_nothing_and_no_panic() {
        assert!(read("").is_empty());
        assert!(read("<html><head><title>x</title></head><body></body></html>").is_empty());
        assert!(read("<nav><a href=/>only links</a></nav>").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn tag_soup_never_panics_and_gives_only_page_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<div>", "</div>", "<p>", "</p>", "<li>", "<ul>", "</ul>", "<a href=x>", "</a>", "<br>",
                "<nav>", "</nav>", "<div class=share>", "<article>", "</article>", "<table><tr><td>", "</table>",
                "<script>", "</script>", "<!--", "-->", "&amp;", "&#8217;", "<b>", "</b>", "<span hidden>",
                "The fire spread quickly through the old harbour sheds overnight. ", "Crews arrived. ", " ", "\n",
            ]), 0..60)
        ) {
            let page: String = parts.concat();
            let blocks = read(&page);
            let dom = Dom::parse(&page);
            // The blocks, read in order, are the page's own text with parts
            // left out: a subsequence of it, ignoring whitespace.
            let all: Vec<char> = dom.text_content(0).chars().filter(|c| !c.is_whitespace()).collect();
            let mut at = 0;
            for c in blocks.iter().flat_map(|b| b.chars()).filter(|c| !c.is_whitespace()) {
                match all[at..].iter().position(|&x| x == c) {
                    Some(p) => at += p + 1,
                    None => proptest::prop_assert!(false, "{c:?} in {blocks:?} is not page text in order"),
                }
            }
            proptest::prop_assert!(blocks.iter().all(|b| !b.is_empty()));
            proptest::prop_assert_eq!(read(&page), blocks);
        }
    }
}
