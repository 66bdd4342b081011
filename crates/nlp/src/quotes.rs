//! Quotes and their speakers.
//!
//! Direct and partial quotes come from paired quotation marks (straight or
//! curly, across paragraphs when a paragraph re-opens the quote); reported
//! speech from speech verbs ("X said that …", "according to X, …",
//! "…, X said."). The attribution is looked for after the closing mark,
//! then before the opening mark, then anywhere in the sentence; a quote
//! with none continues the previous quote of the paragraph. Speakers are
//! resolved to the document's entities: names directly, pronouns to the
//! last speaker or person, definite descriptions ("the spokeswoman") by
//! role; indefinite ones ("a senior official") stay anonymous.

use crate::roles::is_role_head;
use newsfuse_model::{Annotated, EntityType, Mention, MentionKind, Quote, QuoteKind, Span};

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "noted",
    "notes",
    "explained",
    "warned",
    "insisted",
    "claimed",
    "claims",
    "argued",
    "argues",
    "asked",
    "announced",
    "declared",
    "wrote",
    "writes",
    "remarked",
    "confirmed",
    "denied",
    "acknowledged",
    "replied",
    "responded",
    "urged",
    "stressed",
    "emphasised",
    "emphasized",
    "continued",
    "recalled",
    "predicted",
    "reported",
    "suggested",
    "admitted",
    "conceded",
    "vowed",
    "pledged",
    "promised",
    "tweeted",
    "posted",
    "cautioned",
    "complained",
    "maintained",
    "observed",
    "concluded",
    "asserted",
    "asserts",
    "contended",
    "countered",
    "testified",
    "demanded",
    "insists",
    "warns",
    "explains",
];

/// Speech verbs that are also plural nouns.
const NOUN_FORMS: &[&str] = &["states", "notes", "claims", "reports"];

/// True for a speech verb (lower case).
pub fn is_speech_verb(w: &str) -> bool {
    SPEECH_VERBS.contains(&w)
}

/// Verbs that attribute a quoted phrase inside the reporter's sentence.
const PARTIAL_CUES: &[&str] = &[
    "called",
    "calls",
    "described",
    "describes",
    "dubbed",
    "termed",
    "branded",
    "labelled",
    "labeled",
];

/// Words that cannot make a speaker phrase by themselves.
const FUNCTION_WORDS: &[&str] = &[
    "and", "but", "or", "the", "a", "an", "to", "of", "in", "on", "at", "that", "this", "it", "there", "also", "then",
    "so", "as", "after", "before", "when", "while", "if", "not", "who", "which",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// A quoted stretch found from quotation marks.
#[derive(Debug, Clone, Copy)]
struct Marked {
    open: usize,
    content: Span,
    close: usize,
}

fn is_opening_context(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '\u{2014}' | '\u{2013}' | '-' | ':' | ','))
}

/// Pair quotation marks. A quote still open at a paragraph break ends
/// there; the next paragraph continues it when it opens with a mark.
fn marked_quotes(text: &str) -> Vec<Marked> {
    // (open position, open mark length, content end, close end)
    let mut out: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut prev: Option<char> = None;
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let mut next = iter.peek().map(|x| x.1);
        // Two apostrophes stand for a double quotation mark in some newswire text.
        let mark_len = if c == '\'' && next == Some('\'') {
            iter.next();
            next = iter.peek().map(|x| x.1);
            2
        } else {
            c.len_utf8()
        };
        match c {
            '\u{201c}' | '\u{201e}' | '\u{00ab}' if open.is_none() => open = Some((i, mark_len)),
            '\u{201d}' | '\u{00bb}' => {
                if let Some((o, l)) = open.take() {
                    out.push((o, l, i, i + mark_len));
                }
            }
            '"' | '\'' if c == '"' || mark_len == 2 => match open {
                Some((o, l))
                    if !is_opening_context(prev)
                        || next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation()) =>
                {
                    out.push((o, l, i, i + mark_len));
                    open = None;
                }
                None if is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace()) => {
                    open = Some((i, mark_len))
                }
                _ => {}
            },
            '\n' if open.is_some() && bytes.get(i + 1) == Some(&b'\n') => {
                let (o, l) = open.take().unwrap();
                out.push((o, l, i, i));
            }
            _ => {}
        }
        prev = Some(if mark_len == 2 { '"' } else { c });
    }
    if let Some((o, l)) = open {
        out.push((o, l, text.len(), text.len()));
    }
    out.into_iter()
        .filter_map(|(o, open_len, close_start, close_end)| {
            let after_open = o + open_len;
            let inner = &text[after_open..close_start];
            let lead = inner.len() - inner.trim_start().len();
            let trimmed = inner.trim().trim_end_matches(',');
            let trimmed = trimmed.trim_end();
            (!trimmed.is_empty()).then(|| Marked {
                open: o,
                content: Span::new(after_open + lead, after_open + lead + trimmed.len()),
                close: close_end,
            })
        })
        .collect()
}

struct Ctx<'a> {
    a: &'a Annotated,
    words: Vec<&'a str>,
    lower: &'a [String],
    /// Per entity: evidence that it is referred to as "he" (positive) or "she" (negative).
    gender: Vec<i32>,
    /// Per token: inside the marks of a quote (a speech verb there is the quoted
    /// person's word, "“Every time you say that,” Tester said", not an attribution).
    quoted: Vec<bool>,
}

/// Gender evidence per person entity, from the text alone: honorifics before
/// a mention ("Mr.", "Ms."), gendered role words ("spokeswoman"), and a
/// sentence that starts with "He"/"She" right after a sentence naming only them.
fn gender_evidence(a: &Annotated, lower: &[String]) -> Vec<i32> {
    let mut g = vec![0i32; a.entities.len()];
    let word_gender = |w: &str| match w.trim_end_matches('.') {
        "mr" | "he" | "his" | "him" | "sir" | "king" | "prince" | "spokesman" | "chairman" | "congressman"
        | "businessman" => 1,
        "mrs" | "ms" | "miss" | "she" | "her" | "hers" | "dame" | "lady" | "queen" | "princess" | "spokeswoman"
        | "chairwoman" | "congresswoman" | "businesswoman" => -1,
        _ => 0,
    };
    for m in &a.mentions {
        if m.etype != EntityType::Person || m.kind != MentionKind::Name {
            continue;
        }
        let t = a.tokens.partition_point(|t| t.span.start < m.span.start);
        if t > 0 {
            g[m.entity] += word_gender(&lower[t - 1]);
        }
    }
    for (i, e) in a.entities.iter().enumerate() {
        for r in &e.roles {
            g[i] += r.normalized.split_whitespace().map(word_gender).sum::<i32>().signum();
        }
    }
    for w in a.sentences.windows(2) {
        let first = &lower[w[1].first_token.min(lower.len().saturating_sub(1))];
        let pronoun = match first.as_str() {
            "he" => 1,
            "she" => -1,
            _ => continue,
        };
        let mut people = a
            .mentions
            .iter()
            .filter(|m| m.etype == EntityType::Person && m.kind == MentionKind::Name && w[0].span.contains(m.span))
            .map(|m| m.entity);
        if let Some(e) = people.next() {
            if people.all(|x| x == e) {
                g[e] += pronoun;
            }
        }
    }
    g
}

/// The speaker noun phrase: a token range and what it resolves to.
struct Speaker {
    text: String,
    entity: Option<usize>,
    new_mention: Option<Mention>,
}

impl<'a> Ctx<'a> {
    /// Whether token `t` is a speech verb: written in lower case ("the United States"
    /// is a name), and a form that is also a plural noun ("swing states", "the claims")
    /// only when "that", a colon or a quotation follows it.
    fn cue(&self, t: usize) -> bool {
        if self.quoted[t] || !is_speech_verb(&self.lower[t]) || !self.words[t].starts_with(char::is_lowercase) {
            return false;
        }
        if !NOUN_FORMS.contains(&self.lower[t].as_str()) {
            return true;
        }
        self.words
            .get(t + 1)
            .is_some_and(|w| *w == "that" || *w == ":" || is_quote_token(w))
    }

    fn tok_at_or_after(&self, pos: usize) -> usize {
        self.a.tokens.partition_point(|t| t.span.start < pos)
    }

    fn sentence_of_token(&self, t: usize) -> usize {
        self.a
            .sentences
            .partition_point(|s| s.end_token <= t)
            .min(self.a.sentences.len().saturating_sub(1))
    }

    fn is_boundary(&self, t: usize) -> bool {
        let w = self.words[t];
        matches!(w, "," | "." | ";" | ":" | "!" | "?" | "—" | "–" | "(" | ")") || is_quote_token(w)
    }

    /// Resolve the noun phrase at tokens `[a, b)` as a speaker, with `before`
    /// the byte position the speaker is needed at (for pronouns).
    /// An auxiliary or adverb that may stand between a speaker and the verb: "He
    /// also (said)", "She has since (said)", "Earhardt then (asked)".
    fn between_subject_and_verb(&self, t: usize) -> bool {
        let w = self.lower[t].as_str();
        matches!(
            w,
            "also"
                | "then"
                | "since"
                | "later"
                | "again"
                | "still"
                | "now"
                | "too"
                | "often"
                | "once"
                | "has"
                | "have"
                | "had"
                | "would"
                | "will"
                | "was"
                | "is"
                | "never"
                | "just"
                | "further"
        ) || w.len() > 4 && w.ends_with("ly") && self.words[t].starts_with(char::is_lowercase)
    }

    fn resolve(&self, a: usize, b: usize, before: usize, last_speaker: Option<(usize, usize)>) -> Option<Speaker> {
        let mut a = a;
        // Conjunctions and relative words before the speaker: "and she", "what he (called)".
        while a < b
            && matches!(
                self.lower[a].as_str(),
                "and"
                    | "but"
                    | "or"
                    | "so"
                    | "then"
                    | "also"
                    | "what"
                    | "which"
                    | "as"
                    | "how"
                    | "though"
                    | "although"
                    | "when"
                    | "while"
                    | "because"
                    | "if"
                    | "after"
                    | "before"
                    | "since"
                    | "once"
                    | "where"
            )
        {
            a += 1;
        }
        // Adverbs and auxiliaries between the speaker and the verb are not the speaker.
        let mut b = b;
        while b > a + 1 && self.between_subject_and_verb(b - 1) {
            b -= 1;
        }
        if a >= b || (a..b).all(|t| FUNCTION_WORDS.contains(&self.lower[t].as_str()) || self.is_boundary(t)) {
            return None;
        }
        let span = Span::new(self.a.tokens[a].span.start, self.a.tokens[b - 1].span.end);
        let text = self.a.doc.text[span.start..span.end].to_string();
        // A named mention inside the phrase: persons first, then organisations.
        // Only people and organisations speak, and only as the head of the phrase:
        // in "a spokesman for the agency" or "banks in Orsk" the name is not the speaker.
        let head_zone_end = (a..b)
            .find(|&t| {
                matches!(
                    self.lower[t].as_str(),
                    "for" | "in" | "of" | "at" | "from" | "with" | "on"
                )
            })
            .map_or(span.end, |t| self.a.tokens[t].span.start);
        let inside: Vec<&Mention> = self
            .a
            .mentions
            .iter()
            .filter(|m| {
                m.kind == MentionKind::Name
                    && span.contains(m.span)
                    && m.span.start < head_zone_end
                    && matches!(m.etype, EntityType::Person | EntityType::Org)
            })
            .collect();
        // The head of the phrase comes last ("Clinton spokesman Brian Fallon"); a name
        // before a plural noun only says whose ("several Clinton supporters").
        let modifier = |m: &Mention| {
            let next = self.a.tokens.partition_point(|t| t.span.start < m.span.end);
            next < b
                && self.a.tokens[next].span.start < head_zone_end
                && self.words[next].starts_with(char::is_lowercase)
                && self.lower[next].len() > 3
                && self.lower[next].ends_with('s')
                && !self.lower[next].ends_with("ss")
                && !matches!(
                    self.lower[next].as_str(),
                    "this"
                        | "thus"
                        | "plus"
                        | "says"
                        | "does"
                        | "goes"
                        | "always"
                        | "perhaps"
                        | "sometimes"
                        | "besides"
                )
                && self.lower[next].chars().all(char::is_alphabetic)
        };
        let heads: Vec<&&Mention> = inside.iter().filter(|m| !modifier(m)).collect();
        if inside.iter().any(|m| modifier(m)) && heads.is_empty() {
            return Some(Speaker {
                text,
                entity: None,
                new_mention: None,
            });
        }
        if let Some(m) = heads
            .iter()
            .rev()
            .find(|m| m.etype == EntityType::Person)
            .or_else(|| heads.iter().rev().find(|m| m.etype == EntityType::Org))
        {
            return Some(Speaker {
                text,
                entity: Some(m.entity),
                new_mention: None,
            });
        }
        let first = self.lower[a].as_str();
        if b - a == 1 && PRONOUNS.contains(&first) {
            let entity = if matches!(first, "he" | "she") {
                // The last quoted person within a few sentences, else the last person named.
                let want = if first == "he" { 1 } else { -1 };
                // Gender evidence against the candidate rules it out; no evidence is no objection.
                let compatible = |e: usize| self.gender.get(e).is_none_or(|g| g * want >= 0);
                let recent = last_speaker
                    .filter(|(e, pos)| {
                        self.a.entities[*e].etype == EntityType::Person
                            && before.saturating_sub(*pos) < 600
                            && compatible(*e)
                    })
                    .map(|x| x.0);
                recent.or_else(|| self.last_person_before(before, &compatible))
            } else {
                None
            };
            let new_mention = entity.map(|e| Mention {
                span,
                etype: EntityType::Person,
                kind: MentionKind::Pronoun,
                entity: e,
            });
            return Some(Speaker {
                text,
                entity,
                new_mention,
            });
        }
        // A definite description: match its head against roles, or an organisation's name.
        let head = (a..b)
            .rev()
            .map(|t| self.lower[t].as_str())
            .find(|w| w.chars().all(char::is_alphabetic));
        if matches!(first, "the" | "this" | "that") {
            if let Some(h) = head {
                // By a role's head word: "the union" is not the "union leader".
                let by_role = self.a.entities.iter().position(|e| {
                    e.etype == EntityType::Person
                        && is_role_head(h)
                        && e.roles.iter().any(|r| r.normalized.split_whitespace().any(|w| w == h))
                });
                let by_org = || {
                    self.a.entities.iter().position(|e| {
                        e.etype == EntityType::Org && e.name.to_lowercase().split_whitespace().any(|w| w == h)
                    })
                };
                // "the agency said" after "Interfax news agency reported": the last organisation named.
                let by_kind = || {
                    crate::roles::is_org_noun(h)
                        .then(|| {
                            self.a
                                .mentions
                                .iter()
                                .filter(|m| {
                                    m.etype == EntityType::Org
                                        && m.kind == MentionKind::Name
                                        && m.span.end <= span.start
                                        && span.start - m.span.end < 1500
                                })
                                .max_by_key(|m| m.span.end)
                                .map(|m| m.entity)
                        })
                        .flatten()
                };
                if let Some(e) = by_role.or_else(by_org).or_else(by_kind) {
                    let etype = self.a.entities[e].etype;
                    return Some(Speaker {
                        text,
                        entity: Some(e),
                        new_mention: Some(Mention {
                            span,
                            etype,
                            kind: MentionKind::Nominal,
                            entity: e,
                        }),
                    });
                }
            }
        }
        // Anything else with a noun is an unresolved (possibly anonymous) speaker.
        let has_noun = head.is_some_and(|h| is_role_head(h) || h.len() > 2);
        has_noun.then_some(Speaker {
            text,
            entity: None,
            new_mention: None,
        })
    }

    fn last_person_before(&self, pos: usize, compatible: &dyn Fn(usize) -> bool) -> Option<usize> {
        self.a
            .mentions
            .iter()
            .filter(|m| {
                m.etype == EntityType::Person
                    && m.span.end <= pos
                    && m.kind == MentionKind::Name
                    && compatible(m.entity)
            })
            .max_by_key(|m| m.span.end)
            .map(|m| m.entity)
    }

    /// Noun phrase just before token `v` within its clause: `[a, v)`.
    /// When an appositive stands between subject and verb ("Berg, the
    /// port's spokeswoman, said"), the comma-delimited segments are walked
    /// back (up to two) to the first one holding a name.
    fn np_before(&self, v: usize, floor: usize) -> (usize, usize) {
        let segment = |end: usize| {
            let mut a = end;
            while a > floor && !self.is_boundary(a - 1) && end - a < 10 {
                a -= 1;
            }
            (a, end)
        };
        let relative = |seg: (usize, usize)| {
            seg.0 < seg.1 && matches!(self.lower[seg.0].as_str(), "who" | "which" | "whose" | "whom" | "where")
        };
        // "Roberts said Friday that she thinks it should be released but said": the
        // subject of a second speech verb is the first one's.
        if v > floor + 1 && matches!(self.lower[v - 1].as_str(), "and" | "but") {
            if let Some(k) = (floor..v - 1).rev().take(25).find(|&k| self.cue(k)) {
                return self.np_before(k, floor);
            }
        }
        let mut best: Option<(usize, usize)> = None;
        // "Mr. Lewandowski has said", "Clinton has also said": the subject is before
        // the auxiliaries and adverbs.
        let mut end = v;
        while end > floor + 1 && self.between_subject_and_verb(end - 1) {
            end -= 1;
        }
        let v = end;
        for round in 0..4 {
            // A parenthetical between the name and the verb ("Chaffetz (R-Utah) said") is skipped.
            if end > floor + 1 && self.words[end - 1] == ")" {
                if let Some(open) = (floor..end - 1).rev().take(8).find(|&t| self.words[t] == "(") {
                    end = open;
                }
            }
            let seg = segment(end);
            if seg.0 < seg.1 {
                if (self.has_name(seg) || self.capitalised_phrase(seg)) && !relative(seg) {
                    return seg;
                }
                // A phrase right before the verb is its subject ("…, the airline said"):
                // only an appositive closed by a comma ("Berg, the spokeswoman, said") is walked past.
                // "Trump, her opponent, bemoaned the unrest and said": a second verb of the
                // same subject; the subject is further back.
                let coordinated = matches!(self.lower[seg.1 - 1].as_str(), "and" | "but");
                if round == 0 && !relative(seg) && end == v && !coordinated {
                    return seg;
                }
                if !coordinated {
                    best.get_or_insert(seg);
                }
            }
            // Walk back over a comma: an appositive or a state label ("McConnell, R-Ky., said").
            if seg.0 <= floor + 1 || self.words[seg.0 - 1] != "," {
                break;
            }
            end = seg.0 - 1;
        }
        best.filter(|b| !relative(*b)).unwrap_or((v, v))
    }

    /// True when the segment names someone who can speak: a person or an
    /// organisation, or a pronoun (a place alone does not make a subject).
    fn has_name(&self, (a, b): (usize, usize)) -> bool {
        if a >= b {
            return false;
        }
        let span = Span::new(self.a.tokens[a].span.start, self.a.tokens[b - 1].span.end);
        self.a
            .mentions
            .iter()
            .any(|m| span.contains(m.span) && matches!(m.etype, EntityType::Person | EntityType::Org))
            || (a..b).any(|t| matches!(self.lower[t].as_str(), "he" | "she" | "they"))
    }

    /// A short run of capitalised words ("Mr. Clarke", "Chief Justice Roberts"):
    /// a name even when the recogniser missed it.
    fn capitalised_phrase(&self, (a, b): (usize, usize)) -> bool {
        if !(2..=5).contains(&(b - a)) || FUNCTION_WORDS.contains(&self.lower[a].as_str()) || self.is_adjunct((a, b)) {
            return false;
        }
        let span = Span::new(self.a.tokens[a].span.start, self.a.tokens[b - 1].span.end);
        (a..b).all(|t| self.words[t].chars().next().is_some_and(char::is_uppercase))
            && !self
                .a
                .mentions
                .iter()
                .any(|m| m.span.overlaps(span) && matches!(m.etype, EntityType::Loc | EntityType::Misc))
    }

    /// Noun phrase just after token `v`: `[v+1, b)`.
    fn np_after(&self, v: usize, ceil: usize) -> (usize, usize) {
        let mut b = v + 1;
        while b < ceil && !self.is_boundary(b) && b - v <= 8 {
            b += 1;
        }
        (v + 1, b)
    }

    /// Look for "NP VERB" or "VERB NP" in tokens `[a, b)`; returns the cue
    /// token and the speaker range.
    fn attribution_in(&self, a: usize, b: usize) -> Option<(usize, (usize, usize))> {
        let v = (a..b).find(|&t| self.cue(t))?;
        let before = self.np_before(v, a);
        if self.valid_np(before) {
            return Some((v, before));
        }
        let after = self.np_after(v, b);
        (self.valid_np(after) && !self.is_adjunct(after)).then_some((v, after))
    }

    /// The first token of what follows a closing mark at `close_tok`, past a comma
    /// ("“…,” Tell said").
    fn after_close(&self, close_tok: usize) -> usize {
        if self.words.get(close_tok) == Some(&",") {
            close_tok + 1
        } else {
            close_tok
        }
    }

    /// A name and a past-tense verb, in either order, that are all that follows a
    /// closing mark (after an optional comma) up to the end of the sentence `end`:
    /// (verb, name) when they are there.
    fn closing_attribution(&self, close_tok: usize, end: usize) -> Option<(usize, (usize, usize))> {
        let start = self.after_close(close_tok);
        let mut stop = end;
        while stop > start && matches!(self.words[stop - 1], "." | "!" | "?") {
            stop -= 1;
        }
        if stop < start + 2 || stop > start + 5 {
            return None;
        }
        let past = |t: usize| {
            let w = self.words[t];
            w.len() > 4 && w.ends_with("ed") && w.chars().all(|c| c.is_ascii_lowercase())
        };
        let person = |(a, b): (usize, usize)| {
            let span = Span::new(self.a.tokens[a].span.start, self.a.tokens[b - 1].span.end);
            self.a
                .mentions
                .iter()
                .any(|m| m.etype == EntityType::Person && m.kind == MentionKind::Name && m.span == span)
        };
        if past(stop - 1) && person((start, stop - 1)) {
            Some((stop - 1, (start, stop - 1)))
        } else if past(start) && person((start + 1, stop)) {
            Some((start, (start + 1, stop)))
        } else {
            None
        }
    }

    /// "― Name" right after a closing mark, up to the end of the line: the
    /// dash is the cue and the short capitalised phrase after it the speaker.
    fn dash_signature(&self, t: usize) -> Option<(usize, (usize, usize))> {
        let text = &self.a.doc.text;
        let dash = *self.words.get(t)?;
        if !matches!(dash, "\u{2015}" | "\u{2014}" | "\u{2013}" | "-" | "--") {
            return None;
        }
        let line_end = text[self.a.tokens[t].span.end..]
            .find('\n')
            .map_or(text.len(), |i| self.a.tokens[t].span.end + i);
        let mut b = t + 1;
        while b < self.words.len() && self.a.tokens[b].span.start < line_end {
            b += 1;
        }
        let mut e = b;
        while e > t + 1 && matches!(self.words[e - 1], "." | ",") {
            e -= 1;
        }
        let n = e.saturating_sub(t + 1);
        let capitalised = (t + 1..e)
            .all(|k| self.words[k].chars().next().is_some_and(char::is_uppercase) || self.is_boundary(k) || n > 2);
        let starts_upper = self
            .words
            .get(t + 1)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
        ((1..=8).contains(&n) && starts_upper && capitalised).then_some((t, (t + 1, e)))
    }

    /// The first token after a time adjunct starting at `t` ("on Tuesday",
    /// "late on Sunday", "last week", "yesterday"), or `t` when there is none.
    fn skip_time_adjunct(&self, t: usize, end: usize) -> usize {
        let mut k = t;
        let mut temporal = false;
        while k < end {
            let w = self.lower[k].as_str();
            let time_word = matches!(
                w,
                "yesterday" | "today" | "tonight" | "morning" | "afternoon" | "evening" | "night" | "week" | "month"
            ) || newsfuse_model::calendar::weekday_index(w).is_some()
                || newsfuse_model::calendar::month_number(w, false).is_some()
                || (temporal && w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 4);
            if time_word {
                temporal = true;
            } else if !matches!(w, "on" | "late" | "early" | "last" | "this" | "in" | "at") || temporal {
                break;
            }
            k += 1;
        }
        if temporal {
            k
        } else {
            t
        }
    }

    /// A phrase after the verb that says when, where or how, not who:
    /// "said Tuesday", "said in a statement", "told reporters".
    fn is_adjunct(&self, (a, _): (usize, usize)) -> bool {
        let w = self.lower[a].as_str();
        matches!(
            w,
            "in" | "on"
                | "at"
                | "to"
                | "by"
                | "with"
                | "from"
                | "for"
                | "after"
                | "before"
                | "during"
                | "about"
                | "of"
                | "today"
                | "yesterday"
                | "tonight"
                | "last"
                | "this"
                | "earlier"
                | "later"
                | "reporters"
                | "journalists"
        ) || newsfuse_model::calendar::weekday_index(w).is_some()
            || newsfuse_model::calendar::month_number(w, false).is_some()
    }

    /// A phrase that can name a speaker: something besides conjunctions and function words.
    fn valid_np(&self, (a, b): (usize, usize)) -> bool {
        (a..b).any(|t| !FUNCTION_WORDS.contains(&self.lower[t].as_str()) && !self.is_boundary(t))
    }
}

/// The speaker label that opens the paragraph around `pos` in a transcript
/// ("PENCE:", "MR. TRUMP:", "Wallace:"), with the entity it names if any.
fn transcript_label(cx: &Ctx, pos: usize) -> Option<(String, Option<usize>)> {
    let text = &cx.a.doc.text;
    let para_start = text[..pos].rfind("\n\n").map_or(0, |i| i + 2);
    let mut end = pos.min(para_start + 40);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[para_start..end];
    let colon = head.find(':')?;
    let label = head[..colon].trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    let looks_like_label = (1..=3).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && label
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-'));
    // Stage directions in transcripts are not speakers.
    let direction = matches!(
        label.to_uppercase().as_str(),
        "CROSSTALK"
            | "APPLAUSE"
            | "LAUGHTER"
            | "INAUDIBLE"
            | "UNIDENTIFIED"
            | "BEGIN VIDEO CLIP"
            | "END VIDEO CLIP"
            | "COMMERCIAL BREAK"
    );
    if !looks_like_label || direction {
        return None;
    }
    let span = Span::new(para_start, para_start + colon);
    let entity =
        cx.a.mentions
            .iter()
            .find(|m| m.kind == MentionKind::Name && span.contains(m.span) && m.etype == EntityType::Person)
            .map(|m| m.entity);
    Some((label.to_string(), entity))
}

fn is_quote_token(w: &str) -> bool {
    w == "''"
        || w.chars()
            .all(|c| matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}'))
}

/// Find quotes in an annotated document (tokens, sentences, mentions and
/// entities with roles must be present). Returns the quotes and the
/// pronoun/description mentions that speaker resolution linked.
pub fn find_quotes<'a>(a: &'a Annotated, lower: &'a [String]) -> (Vec<Quote>, Vec<Mention>) {
    let text = &a.doc.text;
    let words: Vec<&str> = a.tokens.iter().map(|t| &text[t.span.start..t.span.end]).collect();
    let gender = gender_evidence(a, lower);
    let marked = marked_quotes(text);
    let mut quoted = vec![false; a.tokens.len()];
    for q in &marked {
        let first = a.tokens.partition_point(|t| t.span.start < q.content.start);
        for (t, inside) in a.tokens[first..].iter().zip(&mut quoted[first..]) {
            if t.span.end > q.content.end {
                break;
            }
            *inside = true;
        }
    }
    let cx = Ctx {
        a,
        words,
        lower,
        gender,
        quoted,
    };
    let mut quotes: Vec<Quote> = Vec::new();
    let mut new_mentions = Vec::new();
    let mut last_speaker: Option<(usize, usize)> = None;

    for q in &marked {
        let inner_words = text[q.content.start..q.content.end]
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if inner_words < 2 {
            continue;
        }
        let open_tok = cx.tok_at_or_after(q.open);
        let close_tok = cx.tok_at_or_after(q.close);
        let s_open = cx.sentence_of_token(open_tok.min(a.tokens.len().saturating_sub(1)));
        let s_close = cx.sentence_of_token(close_tok.saturating_sub(1).min(a.tokens.len().saturating_sub(1)));
        let sent_close = &a.sentences[s_close];
        let sent_open = &a.sentences[s_open];
        // The quote opens a sentence when nothing but the mark precedes it.
        let opens_sentence = open_tok <= sent_open.first_token;
        let para_break_between = |from: usize, to: usize| text.get(from..to).is_some_and(|g| g.contains("\n\n"));

        let mut found: Option<(usize, (usize, usize))> = None;
        // 1. After the closing mark, up to the end of its sentence.
        let after_end = sent_close.end_token.min(close_tok + 14);
        if close_tok < after_end && !para_break_between(q.close, a.tokens[close_tok].span.start) {
            let start = cx.after_close(close_tok);
            // Only when the attribution directly follows (no new quote in between).
            let window_end = (start..after_end)
                .find(|&t| is_quote_token(cx.words[t]))
                .unwrap_or(after_end);
            // "was “absolutely right” when he said …": a verb in a clause of its own
            // after the quote says something else.
            let subordinate = |t: usize| {
                matches!(
                    cx.lower[t].as_str(),
                    "when" | "as" | "because" | "after" | "before" | "while" | "since" | "if" | "although" | "though"
                )
            };
            found = cx
                .attribution_in(start, window_end)
                .filter(|(v, _)| *v <= start + 10 && !(start..*v).any(subordinate));
        }
        // 1a. "“…?” Vitter demanded." / "“…,” demanded Vitter.": a name and one
        // past-tense verb that close the sentence after the quote attribute it,
        // whatever the verb.
        // A quote ending in "?" or "!" may have ended its sentence for the splitter:
        // the attribution is then the sentence after it.
        if found.is_none() && close_tok < a.tokens.len() && !para_break_between(q.close, a.tokens[close_tok].span.start)
        {
            let end = a.sentences[cx.sentence_of_token(close_tok)].end_token;
            found = cx.closing_attribution(close_tok, end);
        }
        // 1b. A signature after a dash on the quote's own line: "“…” ― Name".
        if found.is_none() {
            if let Some(sig) = cx.dash_signature(close_tok) {
                found = Some(sig);
            }
        }
        // 2. Before the opening mark: "X said:" / "X said," / "according to X,".
        if found.is_none() && open_tok > sent_open.first_token {
            let lo = sent_open.first_token;
            let mut t = open_tok;
            while t > lo && matches!(cx.words[t - 1], ":" | ",") {
                t -= 1;
            }
            // Skip an object after the verb: "told reporters:".
            let verb = (lo..t).rev().take(4).find(|&k| cx.cue(k));
            if let Some(v) = verb {
                let np = cx.np_before(v, lo);
                if cx.valid_np(np) {
                    found = Some((v, np));
                }
            } else if let Some(k) =
                (lo..t).find(|&k| cx.lower[k] == "according" && cx.lower.get(k + 1).is_some_and(|w| w == "to"))
            {
                let np = cx.np_after(k + 1, t);
                if np.0 < np.1 {
                    found = Some((k, np));
                }
            }
        }
        // 3. A speech verb elsewhere in the sentence (partial quotes).
        if found.is_none() {
            let lo = sent_open.first_token;
            let hi = sent_close.end_token;
            let outside = |t: usize| t < open_tok || t >= close_tok;
            if let Some(v) = (lo..hi)
                .filter(|&t| outside(t))
                .find(|&t| cx.cue(t) || PARTIAL_CUES.contains(&cx.lower[t].as_str()))
            {
                let np = cx.np_before(v, lo);
                let np = if cx.valid_np(np) && (np.0..np.1).all(outside) {
                    np
                } else {
                    cx.np_after(v, hi)
                };
                if cx.valid_np(np) && (np.0..np.1).all(outside) {
                    // "said Tuesday": the cue stands, the speaker is not in the sentence.
                    found = Some((v, if cx.is_adjunct(np) { (np.0, np.0) } else { np }));
                }
            }
        }
        // Direct: the quote opens its sentence, or follows "X said:" / "X said,".
        let introduced = open_tok > 0
            && matches!(cx.words[open_tok - 1], ":" | ",")
            && found.is_some_and(|(v, _)| v < open_tok && v + 4 >= open_tok && cx.cue(v));
        let kind = if opens_sentence || introduced || cx.words.get(open_tok.wrapping_sub(1)).is_some_and(|w| *w == ":")
        {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
        let mut quote = Quote {
            span: q.content,
            cue: String::new(),
            cue_span: None,
            speaker_text: None,
            speaker: None,
            kind,
        };
        match found {
            Some((v, (s, e))) => {
                quote.cue = if cx.lower[v] == "according" {
                    "according to".into()
                } else {
                    cx.lower[v].clone()
                };
                quote.cue_span = Some(a.tokens[v].span);
                if let Some(sp) = cx.resolve(s, e, q.open, last_speaker) {
                    quote.speaker_text = Some(sp.text);
                    quote.speaker = sp.entity;
                    new_mentions.extend(sp.new_mention);
                }
            }
            None => {
                // 4. No attribution: the previous quote's speaker goes on (split or
                // multi-paragraph quotes), when it ended close by.
                let prev = quotes.last().filter(|p| {
                    opens_sentence && q.open.saturating_sub(p.span.end) < 400 && p.kind != QuoteKind::Reported
                });
                if let Some((label, entity)) = transcript_label(&cx, q.open) {
                    // An interview or debate transcript: "PENCE: …" names the speaker of the paragraph.
                    quote.speaker_text = Some(label);
                    quote.speaker = entity;
                    quote.kind = QuoteKind::Direct;
                } else if let Some(prev) = prev {
                    quote.cue = prev.cue.clone();
                    quote.speaker = prev.speaker;
                    quote.speaker_text = prev.speaker_text.clone();
                    quote.kind = QuoteKind::Direct;
                } else if kind == QuoteKind::Partial {
                    // A scare-quoted phrase with nobody speaking is not a quote.
                    continue;
                } else if let Some(m) = a
                    .mentions
                    .iter()
                    .filter(|m| {
                        m.etype == EntityType::Person
                            && m.kind == MentionKind::Name
                            && m.span.end <= q.open
                            && q.open - m.span.end < 500
                    })
                    .max_by_key(|m| m.span.end)
                {
                    // A quote standing alone after a paragraph about someone is theirs.
                    quote.speaker = Some(m.entity);
                    quote.speaker_text = Some(a.entities[m.entity].name.clone());
                }
            }
        }
        if let Some(e) = quote.speaker {
            last_speaker = Some((e, q.close));
        }
        quotes.push(quote);
    }

    // Reported speech in sentences without quotation marks.
    for s in &a.sentences {
        if marked
            .iter()
            .any(|m| s.span.overlaps(Span::new(m.open, m.close.max(m.open + 1))))
        {
            continue;
        }
        let (lo, hi) = (s.first_token, s.end_token);
        let end_content = if hi > lo && matches!(cx.words[hi - 1], "." | "!" | "?") {
            hi - 1
        } else {
            hi
        };
        let mut attribution: Option<(usize, (usize, usize), Span)> = None;
        // "according to X, CLAUSE." / "CLAUSE, according to X."
        if let Some(k) =
            (lo..hi).find(|&k| cx.lower[k] == "according" && cx.lower.get(k + 1).is_some_and(|w| w == "to"))
        {
            let np = cx.np_after(k + 1, end_content);
            if k > lo + 1 && cx.words[k - 1] == "," {
                // "CLAUSE, according to X."
                attribution = Some((k, np, Span::new(a.tokens[lo].span.start, a.tokens[k - 2].span.end)));
            } else if np.1 < end_content && cx.words[np.1] == "," && np.1 + 1 < end_content {
                // "According to X, CLAUSE." — past an appositive ("X, chief economist at Y,").
                let mut c = np.1 + 1;
                if let Some(close) = (c..end_content.min(c + 10)).find(|&t| cx.words[t] == ",") {
                    if (c..close).any(|t| is_role_head(&cx.lower[t])) {
                        c = close + 1;
                    }
                }
                if c < end_content {
                    attribution = Some((
                        k,
                        np,
                        Span::new(a.tokens[c].span.start, a.tokens[end_content - 1].span.end),
                    ));
                }
            }
        }
        if attribution.is_none() {
            if let Some(v) = (lo..hi).find(|&t| cx.cue(t)) {
                let np = cx.np_before(v, lo);
                // "CLAUSE, X said." — the verb closes the sentence.
                let tail_only = v + 1 >= end_content || (v + 1..end_content).all(|t| !cx.is_boundary(t) && t < v + 4);
                // "CLAUSE, X said on Tuesday, COMMENT." — a time adjunct then a comma.
                let adjunct_then_comma = {
                    let t = cx.skip_time_adjunct(v + 1, end_content);
                    t > v + 1 && cx.words.get(t) == Some(&",")
                };
                if np.0 > lo + 1 && cx.words[np.0 - 1] == "," && (tail_only || adjunct_then_comma) {
                    attribution = Some((v, np, Span::new(a.tokens[lo].span.start, a.tokens[np.0 - 2].span.end)));
                } else if np.0 < np.1 && (np.0 == lo || cx.is_boundary(np.0 - 1)) {
                    // "X said (that) CLAUSE" / "X told reporters (that) CLAUSE".
                    // "said on Tuesday that …", "promised on Tuesday to …": the time is not said.
                    let mut c = cx.skip_time_adjunct(v + 1, end_content);
                    if cx.lower[v] == "told" || cx.lower[v] == "tells" {
                        let that = (c..end_content.min(c + 5)).find(|&t| cx.lower[t] == "that");
                        c = match that {
                            Some(t) => t,
                            None => end_content,
                        };
                    }
                    if cx.lower.get(c).is_some_and(|w| w == "that") {
                        c += 1;
                    }
                    if end_content > c + 3 && np.0 < np.1 {
                        attribution = Some((
                            v,
                            np,
                            Span::new(a.tokens[c].span.start, a.tokens[end_content - 1].span.end),
                        ));
                    }
                }
            }
        }
        if let Some((v, (s0, e0), content)) = attribution {
            let Some(sp) = cx.resolve(s0, e0, a.tokens[s0].span.start, last_speaker) else {
                continue;
            };
            let cue = if cx.lower[v] == "according" {
                "according to".to_string()
            } else {
                cx.lower[v].clone()
            };
            if let Some(e) = sp.entity {
                last_speaker = Some((e, content.end));
            }
            new_mentions.extend(sp.new_mention);
            quotes.push(Quote {
                span: content,
                cue,
                cue_span: Some(a.tokens[v].span),
                speaker_text: Some(sp.text),
                speaker: sp.entity,
                kind: QuoteKind::Reported,
            });
        }
    }
    quotes.sort_by_key(|q| q.span.start);
    (quotes, new_mentions)
}
