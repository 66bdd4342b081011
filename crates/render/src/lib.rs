//! Renderers for dossiers: JSON (the contract of DESIGN.md), Markdown for
//! the terminal, and a self-contained HTML page (no external assets) whose
//! citations show the cited sentence.
#![warn(missing_docs)]

use newsfuse_model::{Citation, CoverageCell, Dossier, DossierEntity, DossierSet};
use std::collections::HashMap;
use std::fmt::Write;

/// Pretty JSON following the dossier contract.
pub fn json(set: &DossierSet) -> String {
    serde_json::to_string_pretty(set).expect("dossiers serialise") + "\n"
}

fn doc_list(ids: &[String]) -> String {
    ids.join(", ")
}

/// The documents cited, each once, in order of first citation.
fn cited_docs(cs: &[Citation]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for c in cs {
        if !seen.contains(&c.document.as_str()) {
            seen.push(&c.document);
        }
    }
    seen.join(", ")
}

/// The name of the place a people's adjective of the dossier names.
fn place_name<'a>(d: &'a Dossier, e: &DossierEntity) -> Option<&'a str> {
    let id = e.place.as_deref()?;
    d.entities.iter().find(|p| p.id == id).map(|p| p.name.as_str())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Markdown for reading in a terminal or a notes app.
pub fn markdown(set: &DossierSet) -> String {
    let mut out = String::new();
    for (si, d) in set.stories.iter().enumerate() {
        if si > 0 {
            out.push_str("\n---\n\n");
        }
        let independent = d
            .documents
            .iter()
            .filter(|x| x.copy_of.is_none())
            .map(|x| x.source.to_lowercase())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let _ = writeln!(out, "# {}\n", d.headline);
        let _ = write!(
            out,
            "Story {} · {} · {}",
            d.id,
            plural(d.documents.len(), "document", "documents"),
            plural(independent, "independent source", "independent sources")
        );
        if let Some(w) = &d.when {
            let _ = write!(out, " · when: {} [{}]", w.date, doc_list(&w.documents));
        }
        if let Some(p) = d.places.first() {
            let _ = write!(out, " · where: {} [{}]", p.name, doc_list(&p.documents));
        }
        out.push_str("\n\n");
        if let Some(w) = &d.frame.what {
            let _ = writeln!(out, "**What:** {} [{}]  ", w.text, cited_docs(&w.citations));
        }
        if !d.frame.who.is_empty() {
            let names: Vec<&str> = d.frame.who.iter().take(5).map(|p| p.name.as_str()).collect();
            let _ = writeln!(out, "**Who:** {}", names.join(", "));
        }
        if d.frame.what.is_some() || !d.frame.who.is_empty() {
            out.push('\n');
        }

        if !d.summary.is_empty() {
            out.push_str("## Summary\n\n");
            for s in &d.summary {
                let _ = writeln!(out, "- {} [{}]", s.text, cited_docs(&s.citations));
            }
            out.push('\n');
        }

        let people: Vec<_> = d.entities.iter().collect();
        if !people.is_empty() {
            out.push_str("## Who and what\n\n");
            for e in people.iter().take(15) {
                let _ = write!(
                    out,
                    "- **{}** ({}) — {}, {}",
                    e.name,
                    e.etype.name(),
                    plural(e.sources, "source", "sources"),
                    plural(e.mentions, "mention", "mentions")
                );
                if let Some(place) = place_name(d, e) {
                    let _ = write!(out, "; people of {place}");
                }
                if !e.aliases.is_empty() {
                    let _ = write!(out, "; also written {}", e.aliases.join(", "));
                }
                out.push('\n');
                for r in &e.roles {
                    let mut variants = String::new();
                    if !r.variants.is_empty() {
                        variants = format!(" (also: {})", r.variants.join("; "));
                    }
                    let _ = writeln!(out, "  - role: {}{} [{}]", r.text, variants, doc_list(&r.documents));
                }
            }
            if d.entities.len() > 15 {
                let _ = writeln!(out, "- … and {} more", d.entities.len() - 15);
            }
            out.push('\n');
        }

        if !d.quotes.is_empty() {
            out.push_str("## Who said what\n\n");
            for q in &d.quotes {
                let who = q.speaker_name.as_deref().unwrap_or("unattributed");
                let _ = writeln!(
                    out,
                    "- **{}**: “{}” ({}, {}) [{}]",
                    who,
                    q.text,
                    kind_name(q.kind),
                    plural(q.sources, "source", "sources"),
                    doc_list(&q.documents)
                );
            }
            out.push('\n');
        }

        if !d.facts.is_empty() {
            out.push_str("## Facts\n\n");
            for f in &d.facts {
                let flag = if !f.conflicts.is_empty() {
                    format!(" **disputed** (vs {})", f.conflicts.join(", "))
                } else if f.single_source {
                    " *single source*".to_string()
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "- {} · {} · {} · {} — {}{} [{}]",
                    f.id,
                    f.subject,
                    f.predicate,
                    f.object,
                    plural(f.sources, "source", "sources"),
                    flag,
                    doc_list(&f.documents)
                );
            }
            out.push('\n');
        }

        if !d.coverage.rows.is_empty() {
            out.push_str("## Coverage\n\n");
            out.push_str(
                "Which outlet reports which fact (✓ own article, c only a syndicated copy, · not at all).\n\n",
            );
            let _ = writeln!(out, "| fact | {} |", d.coverage.outlets.join(" | "));
            let _ = writeln!(out, "|---|{}", "---|".repeat(d.coverage.outlets.len()));
            for row in &d.coverage.rows {
                let cells: Vec<&str> = row.cells.iter().map(|c| cell_mark(*c)).collect();
                let flag = if row.single_source { " *(single source)*" } else { "" };
                let label = d
                    .facts
                    .iter()
                    .find(|f| f.id == row.fact)
                    .map(|f| {
                        let text = format!("{} · {} · {}", f.subject, f.predicate, f.object);
                        let short: String = text.chars().take(60).collect();
                        if short.len() < text.len() {
                            short + "…"
                        } else {
                            short
                        }
                    })
                    .unwrap_or_default();
                let label = label.replace('|', "/");
                let _ = writeln!(out, "| {} {label}{flag} | {} |", row.fact, cells.join(" | "));
            }
            out.push('\n');
        }

        if !d.timeline.is_empty() {
            out.push_str("## Timeline\n\n");
            for t in &d.timeline {
                let _ = writeln!(out, "- {} — {} [{}]", t.date, t.text, cited_docs(&t.citations));
            }
            out.push('\n');
        }

        out.push_str("## Documents\n\n");
        for doc in &d.documents {
            let copy = doc
                .copy_of
                .as_ref()
                .map(|o| format!(" — {} of {o}", copy_label(doc.copy_kind.as_deref())))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- {} · {} · {} · {} ({}){}",
                doc.id,
                doc.source,
                doc.published.as_deref().unwrap_or("undated"),
                doc.title,
                doc.path,
                copy
            );
        }
    }
    out
}

fn cell_mark(c: CoverageCell) -> &'static str {
    match c {
        CoverageCell::Reports => "✓",
        CoverageCell::Copy => "c",
        CoverageCell::None => "·",
    }
}

fn copy_label(kind: Option<&str>) -> &'static str {
    match kind {
        Some("revision") => "revised version",
        Some("syndicated") => "syndicated copy",
        _ => "copy",
    }
}

fn kind_name(k: newsfuse_model::QuoteKind) -> &'static str {
    match k {
        newsfuse_model::QuoteKind::Direct => "direct",
        newsfuse_model::QuoteKind::Partial => "partial",
        newsfuse_model::QuoteKind::Reported => "reported",
    }
}

/// `s` escaped for HTML text and double-quoted attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The sentence around a citation, for a tooltip.
/// What citations point into: each document's text, and its title for
/// citations whose `field` is `title`.
struct Cited<'a> {
    bodies: &'a HashMap<String, String>,
    titles: HashMap<&'a str, &'a str>,
}

fn context(texts: &Cited, c: &Citation) -> String {
    if c.field.as_deref() == Some("title") {
        return texts
            .titles
            .get(c.document.as_str())
            .map_or(String::new(), |t| t.to_string());
    }
    let Some(t) = texts.bodies.get(&c.document) else {
        return String::new();
    };
    if c.end > t.len() || !t.is_char_boundary(c.start) || !t.is_char_boundary(c.end) {
        return String::new();
    }
    let before = t[..c.start].rfind(['\n', '.', '!', '?']).map_or(0, |i| i + 1);
    let after = t[c.end..]
        .find(['\n', '.', '!', '?'])
        .map_or(t.len(), |i| c.end + i + 1);
    t[before..after].trim().to_string()
}

fn cites_html(texts: &Cited, cs: &[Citation]) -> String {
    let mut out = String::new();
    for c in cs {
        let _ = write!(
            out,
            "<span class=\"cite\" tabindex=\"0\" title=\"{}\">{}</span>",
            esc(&context(texts, c)),
            esc(&c.document)
        );
    }
    out
}

const CSS: &str = "body{font:16px/1.5 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fdfcf9}\
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font:600 1.1rem system-ui,sans-serif;border-bottom:2px solid #ddd;margin-top:2rem}\
.meta{color:#666;font:14px system-ui,sans-serif}.cite{display:inline-block;font:12px system-ui,sans-serif;background:#eef;border-radius:3px;padding:0 4px;margin-left:3px;cursor:help}\
.cite:hover,.cite:focus{background:#ccf}.conflict{background:#fff0f0;border-left:4px solid #c33;padding-left:.5rem}\
.single{color:#886}.badge{font:12px system-ui,sans-serif;border-radius:8px;padding:1px 7px;background:#e8f3e8;margin-left:4px}\
.badge.warn{background:#fde2e2}table{border-collapse:collapse;width:100%;font-size:15px}td,th{border-bottom:1px solid #eee;padding:4px;text-align:left;vertical-align:top}\
blockquote{margin:.6rem 0;padding-left:1rem;border-left:3px solid #bbb}.story{margin-bottom:4rem}\
.ctx{display:block;font:14px/1.4 system-ui,sans-serif;background:#f4f4fb;border-left:3px solid #99c;margin:.3rem 0;padding:.2rem .5rem}\
.target{outline:3px solid #fc6}.coverage td.cell{text-align:center;font:14px system-ui,sans-serif}";

/// A self-contained HTML page. `texts` maps document ids to their text so
/// that each citation shows the sentence it points at.
pub fn html(set: &DossierSet, texts: &HashMap<String, String>) -> String {
    html_with_nav(set, texts, "")
}

/// An HTML page in the dossiers' style: `title` (plain text) and `body`
/// (HTML, already escaped where it needs to be).
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}{NAV_CSS}</style></head><body>\n{body}</body></html>\n",
        esc(title)
    )
}

const NAV_CSS: &str = "nav{font:14px system-ui,sans-serif;display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ddd;padding-bottom:.5rem}\
nav input{font:14px system-ui,sans-serif;padding:2px 6px;width:16rem}mark{background:#fff3a8}.hit{margin:1rem 0}.hit p{margin:.2rem 0}";

/// [`html`] with `nav` (HTML) at the top of the page, as the server shows a dossier.
pub fn html_with_nav(set: &DossierSet, texts: &HashMap<String, String>, nav: &str) -> String {
    let texts = &Cited {
        bodies: texts,
        titles: set
            .stories
            .iter()
            .flat_map(|s| &s.documents)
            .map(|d| (d.id.as_str(), d.title.as_str()))
            .collect(),
    };
    let mut o = String::new();
    o.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>newsfuse dossiers</title><style>",
    );
    o.push_str(CSS);
    if !nav.is_empty() {
        o.push_str(NAV_CSS);
    }
    o.push_str("</style></head><body>\n");
    o.push_str(nav);
    for d in &set.stories {
        let _ = writeln!(
            o,
            "<section class=\"story\" id=\"{}\"><h1>{}</h1>",
            esc(&d.id),
            esc(&d.headline)
        );
        let mut meta = format!("{} · {} documents", esc(&d.id), d.documents.len());
        if let Some(w) = &d.when {
            let _ = write!(
                meta,
                " · when: <b>{}</b>{}",
                esc(&w.date),
                cites_html(texts, &w.citations)
            );
        }
        if let Some(p) = d.places.first() {
            let _ = write!(meta, " · where: <b>{}</b>", esc(&p.name));
        }
        let _ = writeln!(o, "<p class=\"meta\">{meta}</p>");
        if let Some(w) = &d.frame.what {
            let _ = writeln!(
                o,
                "<p class=\"frame\"><b>What:</b> {}{}</p>",
                esc(&w.text),
                cites_html(texts, &w.citations)
            );
        }
        if !d.frame.who.is_empty() {
            let names: Vec<String> = d.frame.who.iter().take(5).map(|p| esc(&p.name)).collect();
            let _ = writeln!(o, "<p class=\"frame\"><b>Who:</b> {}</p>", names.join(", "));
        }
        if !d.summary.is_empty() {
            o.push_str("<h2>Summary</h2><ul>");
            for s in &d.summary {
                let _ = write!(o, "<li>{}{}</li>", esc(&s.text), cites_html(texts, &s.citations));
            }
            o.push_str("</ul>\n");
        }
        o.push_str("<h2>Who and what</h2><table><tr><th>Name</th><th>Type</th><th>Roles</th><th>Sources</th><th>Mentions</th></tr>");
        for e in &d.entities {
            let roles: Vec<String> = e
                .roles
                .iter()
                .map(|r| {
                    let of: Vec<&str> = [r.org.as_deref(), r.country.as_deref()].into_iter().flatten().collect();
                    let of = if of.is_empty() {
                        String::new()
                    } else {
                        format!(" <small>({})</small>", esc(&of.join(", ")))
                    };
                    format!("{}{of}{}", esc(&r.text), cites_html(texts, &r.citations))
                })
                .collect();
            let mut aka = if e.aliases.is_empty() {
                String::new()
            } else {
                format!("<br><small>also: {}</small>", esc(&e.aliases.join(", ")))
            };
            if let Some(place) = place_name(d, e) {
                aka.push_str(&format!("<br><small>people of {}</small>", esc(place)));
            }
            let _ = write!(
                o,
                "<tr><td><b>{}</b>{aka}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&e.name),
                e.etype.name(),
                roles.join("<br>"),
                e.sources,
                e.mentions
            );
        }
        o.push_str("</table>\n");
        if !d.quotes.is_empty() {
            o.push_str("<h2>Who said what</h2>");
            // Grouped by speaker, in order of first appearance.
            // Speakers compare without case: "The port authority" and "the port authority" are one.
            let key =
                |q: &newsfuse_model::DossierQuote| q.speaker_name.as_deref().unwrap_or("Unattributed").to_lowercase();
            let mut speakers: Vec<(String, String)> = Vec::new();
            for q in &d.quotes {
                if !speakers.iter().any(|(k, _)| *k == key(q)) {
                    let shown = q.speaker_name.clone().unwrap_or_else(|| "Unattributed".into());
                    let mut chars = shown.chars();
                    let shown = chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or(shown);
                    speakers.push((key(q), shown));
                }
            }
            for (k, shown) in speakers {
                let _ = write!(o, "<h3>{}</h3>", esc(&shown));
                for q in d.quotes.iter().filter(|q| key(q) == k) {
                    let _ = write!(
                        o,
                        "<blockquote>“{}”<span class=\"badge\">{} · {}</span>{}</blockquote>",
                        esc(&q.text),
                        kind_name(q.kind),
                        plural(q.sources, "source", "sources"),
                        cites_html(texts, &q.citations)
                    );
                }
            }
            o.push('\n');
        }
        if !d.facts.is_empty() {
            o.push_str("<h2>Facts</h2><table><tr><th>Subject</th><th>Predicate</th><th>Object</th><th>Sources</th><th>Citations</th></tr>");
            for f in &d.facts {
                let class = if !f.conflicts.is_empty() {
                    " class=\"conflict\""
                } else if f.single_source {
                    " class=\"single\""
                } else {
                    ""
                };
                let badge = if !f.conflicts.is_empty() {
                    format!(
                        "<span class=\"badge warn\">disputed: {}</span>",
                        esc(&f.conflicts.join(", "))
                    )
                } else {
                    String::new()
                };
                let _ = write!(
                    o,
                    "<tr{class} id=\"{}-{}\"><td>{}</td><td>{}</td><td>{}{badge}</td><td>{}</td><td>{}</td></tr>",
                    esc(&d.id),
                    esc(&f.id),
                    esc(&f.subject),
                    esc(&f.predicate),
                    esc(&f.object),
                    f.sources,
                    cites_html(texts, &f.citations)
                );
            }
            o.push_str("</table>\n");
        }
        if !d.coverage.rows.is_empty() {
            o.push_str("<h2>Coverage</h2><p class=\"meta\">Which outlet reports which fact: ✓ in its own article, c only through a syndicated copy.</p><table class=\"coverage\"><tr><th>Fact</th>");
            for outlet in &d.coverage.outlets {
                let _ = write!(o, "<th>{}</th>", esc(outlet));
            }
            o.push_str("</tr>");
            let label: HashMap<&str, String> = d
                .facts
                .iter()
                .map(|f| (f.id.as_str(), format!("{} · {} · {}", f.subject, f.predicate, f.object)))
                .collect();
            for row in &d.coverage.rows {
                let class = if row.single_source { " class=\"single\"" } else { "" };
                let _ = write!(
                    o,
                    "<tr{class}><td><a href=\"#{}-{}\">{}</a> {}</td>",
                    esc(&d.id),
                    esc(&row.fact),
                    esc(&row.fact),
                    esc(label.get(row.fact.as_str()).map_or("", String::as_str))
                );
                for c in &row.cells {
                    let _ = write!(o, "<td class=\"cell\">{}</td>", cell_mark(*c));
                }
                o.push_str("</tr>");
            }
            o.push_str("</table>\n");
        }
        if !d.timeline.is_empty() {
            o.push_str("<h2>Timeline</h2><ul>");
            for t in &d.timeline {
                let _ = write!(
                    o,
                    "<li><b>{}</b> {}{}</li>",
                    esc(&t.date),
                    esc(&t.text),
                    cites_html(texts, &t.citations)
                );
            }
            o.push_str("</ul>\n");
        }
        o.push_str("<h2>Documents</h2><ul>");
        for doc in &d.documents {
            let copy = doc
                .copy_of
                .as_ref()
                .map(|c| format!(" <i>({} of {})</i>", copy_label(doc.copy_kind.as_deref()), esc(c)))
                .unwrap_or_default();
            let _ = write!(
                o,
                "<li><b>{}</b> {} · {} · {}{copy}</li>",
                esc(&doc.id),
                esc(&doc.source),
                esc(doc.published.as_deref().unwrap_or("undated")),
                esc(&doc.title)
            );
        }
        o.push_str("</ul></section>\n");
    }
    o.push_str("<script>");
    o.push_str(SCRIPT);
    o.push_str("</script></body></html>\n");
    o
}

/// Citations open their source sentence in place (click or Enter); a link
/// to a fact (`page.html#s1-f3`) highlights it with every source sentence open.
const SCRIPT: &str = "function toggle(c){var n=c.nextElementSibling;if(n&&n.classList.contains('ctx')){n.remove();return}\
var q=document.createElement('q');q.className='ctx';q.textContent=c.title||'(no sentence)';c.after(q)}\
document.addEventListener('click',function(e){var c=e.target.closest('.cite');if(c)toggle(c)});\
document.addEventListener('keydown',function(e){var c=e.target.closest&&e.target.closest('.cite');if(c&&e.key==='Enter')toggle(c)});\
function openHash(){var id=decodeURIComponent(location.hash.slice(1));var el=id&&document.getElementById(id);if(!el)return;\
document.querySelectorAll('.target').forEach(function(t){t.classList.remove('target')});el.classList.add('target');\
el.querySelectorAll('.cite').forEach(function(c){var n=c.nextElementSibling;if(!(n&&n.classList.contains('ctx')))toggle(c)});el.scrollIntoView()}\
window.addEventListener('hashchange',openHash);openHash();document.documentElement.setAttribute('data-ready','1');";
