//! Amount facts: which quantity a number measures, in a form that lets
//! "$2.4bn" and "2.4 billion dollars" meet, and which values are
//! compatible ("at least 14" and "15") or in conflict ("14" and "12").

use crate::{cite, FactTable};
use newsfuse_model::{AmountKind, Annotated};
use rustc_hash::FxHashMap;

const FUNCTION: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "at",
    "to",
    "for",
    "by",
    "in",
    "on",
    "and",
    "or",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "with",
    "some",
    "about",
    "around",
    "nearly",
    "almost",
    "least",
    "more",
    "than",
    "over",
    "up",
    "estimated",
    "an",
    "than",
    "roughly",
    "approximately",
    "just",
    "as",
    "many",
    "its",
    "their",
    "his",
    "her",
    "it",
    "that",
    "which",
    "from",
    "after",
    "had",
    "has",
    "have",
    "per",
    "cent",
    "percent",
    "fewer",
    "less",
    "under",
    "some",
    "said",
    "says",
    "told",
    "added",
    "reported",
    "announced",
    "stated",
    "would",
    "will",
    "could",
    "also",
    "saying",
    "telling",
    "adding",
];

fn content_word(w: &str) -> bool {
    let l = w.to_lowercase();
    w.chars().all(char::is_alphabetic)
        && w.len() > 2
        && !FUNCTION.contains(&l.as_str())
        && !w.chars().next().is_some_and(char::is_uppercase)
}

/// Singular of a counted noun ("workers" → "worker", "people" stays).
fn singular(noun: &str) -> String {
    if noun.ends_with("is") || noun.ends_with("us") || noun.ends_with("ss") {
        noun.to_string()
    } else if noun.ends_with("ies") && noun.len() > 4 {
        format!("{}y", &noun[..noun.len() - 3])
    } else if let Some(stem) = noun.strip_suffix('s') {
        stem.to_string()
    } else {
        noun.to_string()
    }
}

/// A number for people: 2400000000 → "2.4 billion", 21600 s → "6 hours".
pub fn format_value(kind: AmountKind, value: f64, unit: &str) -> String {
    let trim = |v: f64| {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    match kind {
        AmountKind::Percent if unit == "pp" => format!("{} percentage points", trim(value)),
        AmountKind::Percent => format!("{}%", trim(value)),
        AmountKind::Duration => {
            let units = [
                (31_557_600.0, "year"),
                (2_629_800.0, "month"),
                (604_800.0, "week"),
                (86_400.0, "day"),
                (3600.0, "hour"),
                (60.0, "minute"),
                (1.0, "second"),
            ];
            let (size, name) = units
                .iter()
                .find(|(s, _)| value >= *s && (value / s).fract().abs() < 1e-6)
                .or_else(|| units.iter().find(|(s, _)| value >= *s))
                .copied()
                .unwrap_or((1.0, "second"));
            let n = value / size;
            format!("{} {}{}", trim(n), name, if (n - 1.0).abs() < 1e-9 { "" } else { "s" })
        }
        AmountKind::Money => {
            let (scaled, word) = if value >= 1e12 {
                (value / 1e12, " trillion")
            } else if value >= 1e9 {
                (value / 1e9, " billion")
            } else if value >= 1e6 {
                (value / 1e6, " million")
            } else {
                (value, "")
            };
            format!("{unit} {}{word}", trim(scaled))
        }
        AmountKind::Count => trim(value),
    }
}

/// (qualifier, value) read back from a fact object.
fn parse_object(o: &str) -> Option<(String, f64)> {
    let idx = o.find(|c: char| c.is_ascii_digit())?;
    let qualifier = o[..idx].trim().to_lowercase();
    let qualifier = qualifier
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphabetic) && *w == w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let num: String = o[idx..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut v: f64 = num.parse().ok()?;
    let rest = &o[idx + num.len()..];
    for (w, m) in [(" trillion", 1e12), (" billion", 1e9), (" million", 1e6)] {
        if rest.starts_with(w) {
            v *= m;
        }
    }
    Some((qualifier, v))
}

/// True when two values of one measure can both be right.
pub fn compatible(a: &str, b: &str) -> bool {
    let (Some((qa, va)), Some((qb, vb))) = (parse_object(a), parse_object(b)) else {
        return a == b;
    };
    let close = |x: f64, y: f64, tol: f64| (x - y).abs() <= tol * x.abs().max(y.abs()).max(1e-9);
    let fits = |q: &str, v: f64, other: f64| match q {
        "as many as" => other <= v,
        "at least" => other >= v,
        "more than" | "over" | "just over" => other > v || close(other, v, 0.0),
        "nearly" | "almost" | "just under" | "up to" | "less than" | "fewer than" => {
            other <= v * 1.0001 && other >= v * 0.7
        }
        "about" | "around" | "some" | "roughly" | "approximately" | "an estimated" | "estimated" => {
            close(v, other, 0.1)
        }
        _ => close(v, other, 0.005),
    };
    fits(&qa, va, vb) && fits(&qb, vb, va)
        || (qa.is_empty() && fits(&qb, vb, va))
        || (qb.is_empty() && fits(&qa, va, vb))
}

/// The measure an amount quantifies: the nearest content word before it
/// in its sentence (a verb or noun such as "injured", "damage", "rate"),
/// else the nearest after it.
fn context(a: &Annotated, start: usize, end: usize) -> Option<String> {
    let in_other_amount = |sp: newsfuse_model::Span| {
        a.amounts
            .iter()
            .any(|x| x.span.contains(sp) && !(x.span.start == start && x.span.end == end))
    };
    let si = a.sentence_at(start)?;
    let s = &a.sentences[si];
    let toks = &a.tokens[s.first_token..s.end_token];
    let word = |i: usize| &a.doc.text[toks[i].span.start..toks[i].span.end];
    let first = toks.iter().position(|t| t.span.start >= start)?;
    let last = toks.iter().rposition(|t| t.span.end <= end)?;
    let usable = |i: usize| content_word(word(i)) && !in_other_amount(toks[i].span);
    // Looking back stops at a clause edge or a speech verb: in "the authority
    // said 14 workers were treated", the measure is in the reported clause.
    let edge = |i: usize| {
        matches!(word(i), "," | ";" | ":")
            || matches!(
                word(i).to_lowercase().as_str(),
                "said" | "says" | "told" | "saying" | "that" | "which" | "who"
            )
    };
    let back_floor = (first.saturating_sub(5)..first)
        .rev()
        .find(|&i| edge(i))
        .map_or(first.saturating_sub(5), |i| i + 1);
    // A verb that only says a level was reached ("the damage would reach
    // €40 million", "losses totalled $2bn") measures the noun before it.
    let level_verb = |i: usize| {
        matches!(
            word(i).to_lowercase().as_str(),
            "reach"
                | "reaches"
                | "reached"
                | "total"
                | "totals"
                | "totalled"
                | "totaled"
                | "top"
                | "tops"
                | "topped"
                | "exceed"
                | "exceeds"
                | "exceeded"
                | "amount"
                | "amounts"
                | "amounted"
        )
    };
    let found = (back_floor..first)
        .rev()
        .find(|&i| usable(i))
        .map(|i| {
            if level_verb(i) {
                (back_floor..i).rev().find(|&k| usable(k)).unwrap_or(i)
            } else {
                i
            }
        })
        .or_else(|| (last + 1..toks.len().min(last + 5)).find(|&i| usable(i)));
    found.map(|i| {
        let w = word(i).to_lowercase();
        // After a determiner or a quantity an -ing word is a noun ("a nine-hour meeting").
        let noun_use = i > 0
            && (matches!(
                word(i - 1).to_lowercase().as_str(),
                "the" | "a" | "an" | "this" | "that" | "its" | "their" | "his" | "her"
            ) || in_other_amount(toks[i - 1].span)
                || a.amounts.iter().any(|x| x.span.contains(toks[i - 1].span)));
        if noun_use {
            w
        } else {
            past_form(&w)
        }
    })
}

/// "injuring" and "injured" measure the same thing: -ing forms become -ed.
fn past_form(w: &str) -> String {
    match w.strip_suffix("ing") {
        Some(stem) if stem.len() >= 3 => {
            let stem = stem
                .strip_suffix(|c: char| stem.ends_with(&format!("{c}{c}")))
                .unwrap_or(stem);
            format!("{stem}ed")
        }
        _ => w.to_string(),
    }
}

/// The named person or organisation (or company the recogniser called MISC)
/// an amount is said of: the subject right
/// before the verb that governs it ("Tarn Air lost $2.4 billion", "Tarn Air's
/// revenue rose 5%"), at most three words before it, with no clause edge between.
/// `name_of` gives the story-level name of one of the document's entities.
fn amount_subject(
    a: &Annotated,
    span: newsfuse_model::Span,
    name_of: &dyn Fn(usize) -> Option<String>,
) -> Option<String> {
    let si = a.sentence_at(span.start)?;
    let s = &a.sentences[si];
    let first = a.tokens.partition_point(|t| t.span.start < span.start);
    a.mentions
        .iter()
        .filter(|m| {
            use newsfuse_model::EntityType::{Misc, Org, Person};
            // The recogniser's MISC also holds companies it could not place
            // ("Tarn Air"), but not a people's adjective ("Iraqi oil exports").
            let text = &a.doc.text[m.span.start..m.span.end];
            let demonym = !text.contains(' ') && ["an", "ese", "ish", "ic", "i"].iter().any(|e| text.ends_with(e));
            m.kind == newsfuse_model::MentionKind::Name
                && (matches!(m.etype, Org | Person) || m.etype == Misc && !demonym)
                && m.span.end <= span.start
                && m.span.start >= s.span.start
        })
        .max_by_key(|m| m.span.end)
        .filter(|m| {
            let after = a.tokens.partition_point(|t| t.span.start < m.span.end);
            let between = &a.tokens[after..first];
            between.len() <= 3
                && between.iter().all(|t| {
                    let w = &a.doc.text[t.span.start..t.span.end];
                    !matches!(w, "," | ";" | ":" | "(" | ")")
                        && !matches!(w.to_lowercase().as_str(), "said" | "says" | "told" | "and")
                })
        })
        .and_then(|m| name_of(m.entity))
}

/// Add a fact per amount: predicate "<kind>: <measure>", subject the named
/// person or organisation it is said of, else "event".
pub(crate) fn amount_facts(
    docs: &[&Annotated],
    name_of: &dyn Fn(usize, usize) -> Option<String>,
    facts: &mut FactTable,
) {
    // (subject, predicate, object, document, citation); subjects are settled below.
    let mut found: Vec<(Option<String>, String, String, usize, newsfuse_model::Citation)> = Vec::new();
    for (d, a) in docs.iter().enumerate() {
        for am in &a.amounts {
            let ctx = context(a, am.span.start, am.span.end);
            let (predicate, object) = match am.kind {
                AmountKind::Count => {
                    let noun = singular(&am.unit);
                    let p = match ctx.filter(|c| singular(c) != noun) {
                        Some(c) => format!("count: {noun} ({c})"),
                        None => format!("count: {noun}"),
                    };
                    (p, format_value(am.kind, am.value, &am.unit))
                }
                AmountKind::Money => (
                    format!("amount: {}", ctx.unwrap_or_else(|| "money".into())),
                    format_value(am.kind, am.value, &am.unit),
                ),
                AmountKind::Duration => (
                    format!("duration: {}", ctx.unwrap_or_else(|| "time".into())),
                    format_value(am.kind, am.value, &am.unit),
                ),
                // A change in points ("50 basis points") is another measure than a level ("4.25%").
                AmountKind::Percent if am.unit == "pp" => (
                    format!("change: {}", ctx.unwrap_or_else(|| "share".into())),
                    format_value(am.kind, am.value, &am.unit),
                ),
                AmountKind::Percent => (
                    format!("percent: {}", ctx.unwrap_or_else(|| "share".into())),
                    format_value(am.kind, am.value, &am.unit),
                ),
            };
            let object = match &am.approx {
                Some(q) => format!("{q} {object}"),
                None => object,
            };
            let subject = amount_subject(a, am.span, &|e| name_of(d, e));
            found.push((subject, predicate, object, d, cite(a, am.span)));
        }
    }
    // A measure said of one named subject only is that subject's in every document
    // ("the airline lost 2.4 billion dollars" beside "Tarn Air lost $2.4bn").
    let mut subjects: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for (s, p, ..) in &found {
        if let Some(s) = s {
            let v = subjects.entry(p.as_str()).or_default();
            if !v.contains(&s.as_str()) {
                v.push(s);
            }
        }
    }
    let sole: FxHashMap<String, String> = subjects
        .into_iter()
        .filter(|(_, v)| v.len() == 1)
        .map(|(p, v)| (p.to_string(), v[0].to_string()))
        .collect();
    for (s, p, o, d, c) in found {
        let subject = match s {
            Some(s) => s,
            None => sole.get(&p).cloned().unwrap_or_else(|| "event".into()),
        };
        facts.add(&subject, &p, &o, d, c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_format_for_people() {
        assert_eq!(format_value(AmountKind::Money, 2.4e9, "USD"), "USD 2.4 billion");
        assert_eq!(format_value(AmountKind::Duration, 21600.0, "s"), "6 hours");
        assert_eq!(format_value(AmountKind::Percent, 4.25, "%"), "4.25%");
    }

    #[test]
    fn qualified_values_are_compatible_when_they_can_both_hold() {
        assert!(compatible("at least 14", "15"));
        assert!(compatible("14", "at least 14"));
        assert!(!compatible("at least 14", "12"));
        assert!(!compatible("14", "12"));
        assert!(compatible("about 100", "104"));
        assert!(compatible("USD 2.4 billion", "USD 2.4 billion"));
        assert!(!compatible("EUR 40 million", "EUR 45 million"));
    }
}
