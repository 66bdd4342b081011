//! Tokens and sentences for news text.
//!
//! Handles abbreviations and titles (`U.S.`, `Mr.`, `Feb.`, `Gen.`),
//! initials (`J. Powell`), curly and straight quotes, dashes, numbers with
//! separators (`1,200.50`), units glued to numbers (`2.4bn` → `2.4` `bn`),
//! clitics (`Russia's` → `Russia` `'s`), URLs and e-mail addresses.
//! Paragraph breaks always end a sentence.

use newsfuse_model::{Sentence, Span, Token};

/// Abbreviations that keep their period. Titles never end a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm", "cmdr", "sen", "rep",
    "gov", "pres", "rev", "fr", "st", "hon", "amb", "supt", "insp", "det", "mt", "messrs", "mme", "mlle",
];
const OTHER_ABBREVS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp",
    "jr", "sr", "vs", "etc", "no", "nos", "approx", "est", "dept", "univ", "assn", "bros", "ave", "blvd", "rd", "ft",
    "vol", "fig", "al", "cf", "plc", "e.g", "i.e", "a.m", "p.m",
];

/// True for an abbreviation token (with its final period) that never ends a sentence.
pub fn is_title_abbrev(tok: &str) -> bool {
    tok.strip_suffix('.')
        .is_some_and(|w| TITLES.contains(&w.to_ascii_lowercase().as_str()))
}

fn is_abbrev_word(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    TITLES.contains(&l.as_str()) || OTHER_ABBREVS.contains(&l.as_str())
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}' | '\u{2018}' | '\u{2019}' | '\'' | '`'
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || matches!(c, '\u{0300}'..='\u{036f}')
}

const UNIT_SUFFIXES: &[&str] = &[
    "m", "bn", "b", "k", "tn", "mn", "km", "kg", "g", "mg", "mm", "cm", "ml", "l", "h", "hr", "hrs", "min", "mins",
    "s", "sec", "t", "mph", "kph", "kmh", "gw", "mw", "kw", "pc", "pct", "x", "am", "pm",
];

/// Split `text` into tokens (byte spans). Never fails; every span lies on
/// char boundaries.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let end_of = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let mut i = 0;
    while i < n {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // URLs and e-mail addresses: up to whitespace, minus trailing punctuation.
        let rest = &text[start..];
        if rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.") {
            let mut j = i;
            while j < n
                && !chars[j].1.is_whitespace()
                && !is_quote(chars[j].1)
                && chars[j].1 != '<'
                && chars[j].1 != '>'
            {
                j += 1;
            }
            while j > i + 1 && matches!(chars[j - 1].1, '.' | ',' | ';' | ':' | ')' | ']' | '!' | '?') {
                j -= 1;
            }
            tokens.push(Token {
                span: Span::new(start, end_of(j)),
            });
            i = j;
            continue;
        }
        if is_word_char(c) {
            // A run of word characters, joined across inner '.', ',', '-', '&', '@' and apostrophes
            // where the shape says they belong to one token.
            let mut j = i + 1;
            while j < n {
                let cj = chars[j].1;
                if is_word_char(cj) {
                    j += 1;
                    continue;
                }
                let next = chars.get(j + 1).map(|x| x.1);
                let prev = chars[j - 1].1;
                let joins = match cj {
                    // 1,200 and 2.4 ; U.S.A ; e-mail, pro-Western ; AT&T ; a@b.c
                    ',' => prev.is_ascii_digit() && next.is_some_and(|x| x.is_ascii_digit()),
                    // Clock times and scores: 18:00, 3:1.
                    ':' => prev.is_ascii_digit() && next.is_some_and(|x| x.is_ascii_digit()),
                    '.' => {
                        next.is_some_and(|x| x.is_alphanumeric())
                            && (prev.is_ascii_digit()
                                || next
                                    .is_some_and(|x| x.is_alphabetic() && chars.get(j + 2).is_some_and(|y| y.1 == '.')))
                            || (next.is_some_and(is_word_char) && text[chars[i].0..chars[j].0].contains('@'))
                    }
                    '-' | '\u{2011}' => next.is_some_and(is_word_char) && prev.is_alphanumeric(),
                    '&' => prev.is_uppercase() && next.is_some_and(|x| x.is_uppercase()),
                    '@' => next.is_some_and(is_word_char),
                    '\'' | '\u{2019}' => {
                        // O'Brien, don't (n't split below), but not Russia's or plural possessive.
                        let word_so_far = &text[start..chars[j].0];
                        let after: String = chars[j + 1..]
                            .iter()
                            .take_while(|x| is_word_char(x.1))
                            .map(|x| x.1)
                            .collect();
                        let after = after.to_ascii_lowercase();
                        (after == "t" && word_so_far.ends_with(['n', 'N']))
                            || (next.is_some_and(|x| x.is_alphabetic())
                                && !matches!(after.as_str(), "s" | "ll" | "re" | "ve" | "d" | "m" | "t")
                                && word_so_far.chars().count() <= 2)
                    }
                    _ => false,
                };
                if joins {
                    j += 1;
                } else {
                    break;
                }
            }
            // Initials and abbreviations keep their final period: "J.", "U.S.", "Mr.".
            let word = &text[start..end_of(j)];
            if j < n && chars[j].1 == '.' {
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                let is_initial = letters == 1 && word.chars().all(|c| c.is_uppercase());
                let is_dotted = word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.');
                // "No." and "Nos." abbreviate a number only before one ("No. 10"); "…
                // forty-four, no. Rasmussen" ends a sentence.
                let numero = matches!(word.to_ascii_lowercase().as_str(), "no" | "nos");
                let digit_follows = chars[j + 1..]
                    .iter()
                    .find(|(_, c)| !c.is_whitespace())
                    .is_some_and(|(_, c)| c.is_ascii_digit());
                if is_initial || is_dotted || (is_abbrev_word(word) && (!numero || digit_follows)) {
                    j += 1;
                }
            }
            let word = &text[start..end_of(j)];
            // "n't" clitic: "don't" → "do" "n't".
            let lower = word.to_ascii_lowercase();
            if (lower.ends_with("n't") || lower.ends_with("n\u{2019}t")) && word.len() > 4 {
                let cut = word.rfind(['n', 'N']).unwrap_or(word.len());
                tokens.push(Token {
                    span: Span::new(start, start + cut),
                });
                tokens.push(Token {
                    span: Span::new(start + cut, end_of(j)),
                });
                i = j;
                continue;
            }
            // Number glued to a unit: "2.4bn", "10km", "6pm".
            let digits_end = word
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(word.len());
            if digits_end > 0 && digits_end < word.len() && word.as_bytes()[0].is_ascii_digit() {
                let suffix = word[digits_end..].to_ascii_lowercase();
                // "3G", "5G": a network generation, not grams (written "g").
                let generation = &word[digits_end..] == "G";
                if UNIT_SUFFIXES.contains(&suffix.as_str()) && !generation {
                    tokens.push(Token {
                        span: Span::new(start, start + digits_end),
                    });
                    tokens.push(Token {
                        span: Span::new(start + digits_end, end_of(j)),
                    });
                    i = j;
                    continue;
                }
            }
            tokens.push(Token {
                span: Span::new(start, end_of(j)),
            });
            i = j;
            // Possessive / contraction clitic as its own token: 's 'll 're 've 'd 'm
            if i + 1 < n && matches!(chars[i].1, '\'' | '\u{2019}') && chars[i + 1].1.is_alphabetic() {
                let mut k = i + 1;
                while k < n && chars[k].1.is_alphabetic() {
                    k += 1;
                }
                let clitic = text[chars[i + 1].0..end_of(k)].to_ascii_lowercase();
                if matches!(clitic.as_str(), "s" | "ll" | "re" | "ve" | "d" | "m") {
                    tokens.push(Token {
                        span: Span::new(chars[i].0, end_of(k)),
                    });
                    i = k;
                }
            }
            continue;
        }
        // Punctuation: runs of the same dash or dot stay together ("--", "...").
        let mut j = i + 1;
        if matches!(c, '.' | '-' | '\u{2014}' | '\u{2013}' | '*' | '=' | '!' | '?') {
            while j < n && chars[j].1 == c {
                j += 1;
            }
        }
        tokens.push(Token {
            span: Span::new(start, end_of(j)),
        });
        i = j;
    }
    tokens
}

/// Words that start a new sentence after an ambiguous abbreviation ("… in the U.S. The …").
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "and",
    "in",
    "on",
    "this",
    "that",
    "there",
    "his",
    "her",
    "their",
    "its",
    "if",
    "when",
    "after",
    "as",
    "some",
    "many",
    "officials",
    "police",
];

fn starts_upper_or_digit(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || is_quote(c) || c == '(' || c == '[')
}

/// Group tokens into sentences. A sentence ends at `.`, `!`, `?` (with any
/// closing quotes or brackets), at a paragraph break, or at a line break
/// after a line without sentence punctuation (a heading).
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0;
    let tok = |i: usize| &text[tokens[i].span.start..tokens[i].span.end];
    let mut i = 0;
    while i < tokens.len() {
        let t = tok(i);
        let mut end_here = false;
        let mut last = i;
        if i + 1 < tokens.len() {
            let gap = &text[tokens[i].span.end..tokens[i + 1].span.start];
            if gap.contains("\n\n") || (gap.contains('\n') && !t.ends_with(['.', '!', '?', ',', ':', ';'])) {
                end_here = true;
            }
        }
        if !end_here && (t.starts_with(['.', '!', '?']) || t == "\u{2026}") {
            // Absorb closing quotes and brackets.
            while last + 1 < tokens.len() {
                let nt = tok(last + 1);
                let adjacent = tokens[last + 1].span.start == tokens[last].span.end;
                if adjacent
                    && (nt
                        .chars()
                        .all(|c| matches!(c, '"' | '\u{201d}' | '\u{2019}' | '\'' | ')' | ']' | '\u{00bb}')))
                {
                    last += 1;
                } else {
                    break;
                }
            }
            end_here = match tokens.get(last + 1) {
                None => true,
                Some(_) => {
                    let nt = tok(last + 1);
                    starts_upper_or_digit(nt) || nt.starts_with('-') || nt.starts_with('\u{2014}')
                }
            };
        } else if !end_here && t.ends_with('.') && t.len() > 1 && !is_title_abbrev(t) {
            // An abbreviation or initial that may also end the sentence.
            let is_initial = t.chars().filter(|c| c.is_alphabetic()).count() == 1;
            if let Some(next) = tokens.get(i + 1) {
                let nt = &text[next.span.start..next.span.end];
                end_here =
                    !is_initial && SENTENCE_STARTERS.contains(&nt.to_lowercase().as_str()) && starts_upper_or_digit(nt);
            }
        }
        if end_here || last + 1 == tokens.len() {
            sentences.push(Sentence {
                span: Span::new(tokens[first].span.start, tokens[last].span.end),
                first_token: first,
                end_token: last + 1,
            });
            first = last + 1;
        }
        i = last + 1;
    }
    sentences
}

/// Every token in lower case, computed once for the stages that match words.
pub fn lower_words(text: &str, tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .map(|t| text[t.span.start..t.span.end].to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| &s[t.span.start..t.span.end]).collect()
    }

    fn sents(s: &str) -> Vec<&str> {
        let t = tokenize(s);
        split_sentences(s, &t)
            .iter()
            .map(|x| &s[x.span.start..x.span.end])
            .collect()
    }

    #[test]
    fn a_network_generation_is_no_weight() {
        assert_eq!(
            toks("the 3G phone weighs 140g"),
            vec!["the", "3G", "phone", "weighs", "140", "g"]
        );
    }

    #[test]
    fn tokens_of_news_text() {
        assert_eq!(
            toks("Mr. Sorokin said the U.S. paid $2.4bn (€2.2bn) on Feb. 6 — “a record.”"),
            vec![
                "Mr.", "Sorokin", "said", "the", "U.S.", "paid", "$", "2.4", "bn", "(", "€", "2.2", "bn", ")", "on",
                "Feb.", "6", "—", "“", "a", "record", ".", "”"
            ]
        );
        assert_eq!(
            toks("Russia's ministry didn't say."),
            vec!["Russia", "'s", "ministry", "did", "n't", "say", "."]
        );
        assert_eq!(
            toks("J. H. Powell, 1,200.50 people, pro-Western O'Brien"),
            vec![
                "J.",
                "H.",
                "Powell",
                ",",
                "1,200.50",
                "people",
                ",",
                "pro-Western",
                "O'Brien"
            ]
        );
        assert_eq!(
            toks("See https://example.com/a?b=1."),
            vec!["See", "https://example.com/a?b=1", "."]
        );
        assert_eq!(toks("AT&T rose 5%..."), vec!["AT&T", "rose", "5", "%", "..."]);
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        assert_eq!(
            sents("Gen. Ivanov arrived at 6 p.m. on Friday. “It is over,” he said. Talks in the U.S. The end."),
            vec![
                "Gen. Ivanov arrived at 6 p.m. on Friday.",
                "“It is over,” he said.",
                "Talks in the U.S.",
                "The end."
            ]
        );
        assert_eq!(
            sents("Headline here\nBody starts. Next one!\n\nNew para"),
            vec!["Headline here", "Body starts.", "Next one!", "New para"]
        );
        assert_eq!(
            sents("He met J. Powell on Monday."),
            vec!["He met J. Powell on Monday."]
        );
        // "No." abbreviates a number only before one.
        assert_eq!(
            sents("Forty-four said no. Rasmussen asked too. It ranked No. 1 and Nos. 3 and 4."),
            vec![
                "Forty-four said no.",
                "Rasmussen asked too.",
                "It ranked No. 1 and Nos. 3 and 4."
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn tokens_cover_text_in_order_on_char_boundaries(s in "\\PC{0,200}") {
            let t = tokenize(&s);
            let mut last = 0;
            for tok in &t {
                proptest::prop_assert!(tok.span.start >= last && tok.span.end > tok.span.start);
                proptest::prop_assert!(s.is_char_boundary(tok.span.start) && s.is_char_boundary(tok.span.end));
                last = tok.span.end;
            }
            let sentences = split_sentences(&s, &t);
            let covered: usize = sentences.iter().map(|x| x.end_token - x.first_token).sum();
            proptest::prop_assert_eq!(covered, t.len());
        }
    }
}
