//! Amounts: money, percentages, durations and counts, normalised.
//!
//! "$2.4 billion" → 2.4e9 USD; "€800m" → 8e8 EUR; "12.5 percent" → 12.5 %;
//! "nearly six hours" → 21600 s (approx "nearly"); "at least 14 people" →
//! 14 people (approx "at least").

use newsfuse_model::{Amount, AmountKind, Span, Token};

/// The value of a number word ("six", "twenty-five", "dozen").
pub fn word_number(w: &str) -> Option<f64> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    // Number words are short ASCII letters; everything else fails before allocating.
    if !(3..=13).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') {
        return None;
    }
    let w = w.to_ascii_lowercase();
    if let Some(i) = ONES.iter().position(|x| *x == w) {
        return Some(i as f64);
    }
    if let Some(i) = TENS.iter().position(|x| *x == w) {
        return Some((i as f64 + 2.0) * 10.0);
    }
    if let Some((a, b)) = w.split_once('-') {
        let t = TENS.iter().position(|x| *x == a)?;
        let o = ONES.iter().position(|x| *x == b).filter(|&o| (1..10).contains(&o))?;
        return Some((t as f64 + 2.0) * 10.0 + o as f64);
    }
    match w.as_str() {
        "a" | "an" => None,
        "dozen" => Some(12.0),
        "hundred" => Some(100.0),
        "thousand" => Some(1000.0),
        _ => None,
    }
}

fn digit_number(w: &str) -> Option<f64> {
    let first = w.chars().next()?;
    if !first.is_ascii_digit() {
        return None;
    }
    if !w.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    w.replace(',', "").parse().ok()
}

fn scale(w: &str) -> Option<f64> {
    match w.to_lowercase().as_str() {
        "thousand" | "k" => Some(1e3),
        "million" | "m" | "mn" | "mln" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

fn currency_symbol(w: &str) -> Option<&'static str> {
    match w {
        "$" | "US$" | "USD" => Some("USD"),
        "€" | "EUR" => Some("EUR"),
        "£" | "GBP" => Some("GBP"),
        "¥" | "JPY" => Some("JPY"),
        "₽" | "RUB" => Some("RUB"),
        "CHF" => Some("CHF"),
        _ => None,
    }
}

fn currency_word(w: &str) -> Option<&'static str> {
    match w.to_lowercase().trim_end_matches('s') {
        "dollar" => Some("USD"),
        "euro" => Some("EUR"),
        "pound" => Some("GBP"),
        "yen" => Some("JPY"),
        "ruble" | "rouble" => Some("RUB"),
        "franc" => Some("CHF"),
        "usd" => Some("USD"),
        "eur" => Some("EUR"),
        "gbp" => Some("GBP"),
        _ => None,
    }
}

fn duration_seconds(w: &str) -> Option<f64> {
    if w.len() > 12 || !w.is_ascii() {
        return None;
    }
    let w = w.to_ascii_lowercase();
    let base = w.strip_suffix('s').unwrap_or(&w);
    Some(match base {
        "second" | "sec" => 1.0,
        "minute" | "min" => 60.0,
        "hour" | "hr" | "h" => 3600.0,
        "day" => 86400.0,
        "week" => 604800.0,
        "month" => 2_629_800.0,
        "year" => 31_557_600.0,
        "decade" => 315_576_000.0,
        _ => return None,
    })
}

/// Words that may stand between a number and its unit of time without
/// changing the length: "six straight days", "two consecutive quarters",
/// "five trading days", "two more weeks".
const DURATION_MODIFIERS: &[&str] = &[
    "straight",
    "consecutive",
    "successive",
    "full",
    "whole",
    "trading",
    "business",
    "working",
    "calendar",
    "more",
    "long",
];

/// The length in seconds of the unit of time at token `j` (or after one
/// modifier), and where the unit is. A quarter counts only as a span of
/// time ("two quarters", "two straight quarters of losses", not "three
/// quarters of voters"); "ago" and "old"
/// make the words a date or an age, not a duration.
fn duration_unit_at(words: &[&str], lower: &[String], j: usize) -> Option<(f64, usize)> {
    let at = if lower.get(j).is_some_and(|w| DURATION_MODIFIERS.contains(&w.as_str())) {
        j + 1
    } else {
        j
    };
    let next = lower.get(at + 1).map(String::as_str);
    if matches!(next, Some("ago" | "old")) {
        return None;
    }
    let w = lower.get(at)?;
    let secs = match w.as_str() {
        "quarter" | "quarters" if next != Some("of") || at > j => Some(7_889_400.0),
        _ => duration_seconds(words[at]),
    }?;
    Some((secs, at))
}

const QUALIFIERS: &[&[&str]] = &[
    &["at", "least"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["up", "to"],
    &["as", "many", "as"],
    &["just", "over"],
    &["just", "under"],
    &["an", "estimated"],
    &["about"],
    &["around"],
    &["nearly"],
    &["almost"],
    &["roughly"],
    &["approximately"],
    &["some"],
    &["over"],
    &["estimated"],
];

/// Nouns that count people or things without a plural -s.
const IRREGULAR_PLURALS: &[&str] = &[
    "people",
    "police",
    "staff",
    "children",
    "men",
    "women",
    "personnel",
    "crew",
    "cattle",
    "sheep",
    "fish",
    "aircraft",
    "livestock",
    "troops",
];
const NOT_COUNTED: &[&str] = &[
    "percent", "per", "times", "ago", "of", "and", "or", "to", "in", "on", "at", "a", "the", "for", "by",
];

fn is_plural_noun(w: &str) -> bool {
    let l = w.to_lowercase();
    if !w.chars().all(|c| c.is_alphabetic() || c == '-') || w.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if duration_seconds(&l).is_some() {
        return false;
    }
    IRREGULAR_PLURALS.contains(&l.as_str())
        || (l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") && !NOT_COUNTED.contains(&l.as_str()))
}

/// A span of time named by words alone at token `i`: (its last token, seconds).
fn named_span(lower: &[String], i: usize) -> Option<(usize, f64)> {
    let w = |k: usize| lower.get(k).map(String::as_str);
    if w(i) != Some("the") {
        return None;
    }
    if w(i + 1) == Some("past") && w(i + 2) == Some("decade") {
        return Some((i + 2, duration_seconds("decade")?));
    }
    let year = i + 1 + usize::from(matches!(w(i + 1), Some("fiscal" | "financial")));
    (w(year) == Some("year") && matches!(w(year + 1), Some("ended" | "ending")))
        .then(|| Some((year, duration_seconds("year")?)))
        .flatten()
}

/// Find amounts in tokenised text.
pub fn find_amounts(text: &str, tokens: &[Token], lower: &[String]) -> Vec<Amount> {
    let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.start..t.span.end]).collect();
    let n = words.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        // Spans named without a number: "in the past decade" (the ten years up
        // to now), "the (fiscal) year ended June 30" (twelve months named by their last day).
        if let Some((last, secs)) = named_span(lower, i) {
            out.push(Amount {
                span: Span::new(tokens[i].span.start, tokens[last].span.end),
                kind: AmountKind::Duration,
                value: secs,
                unit: "s".into(),
                approx: None,
            });
            i = last + 1;
            continue;
        }
        // Optional qualifier.
        let mut approx = None;
        let mut start = i;
        let mut k = i;
        for q in QUALIFIERS {
            if q.iter()
                .enumerate()
                .all(|(o, w)| lower.get(i + o).is_some_and(|x| x == w))
            {
                approx = Some(q.join(" "));
                k = i + q.len();
                break;
            }
        }
        // A hyphenated duration adjective: "two-year", "16-hour", "five-day".
        if let Some((num, unit)) = words.get(k).and_then(|w| w.split_once('-')) {
            let n = digit_number(num)
                .or_else(|| word_number(num))
                .or_else(|| num.eq_ignore_ascii_case("single").then_some(1.0));
            if let (Some(n), Some(secs)) = (n, duration_seconds(unit).filter(|_| !unit.ends_with('s'))) {
                let start = if approx.is_some() { i } else { k };
                out.push(Amount {
                    span: Span::new(tokens[start].span.start, tokens[k].span.end),
                    kind: AmountKind::Duration,
                    value: n * secs,
                    unit: "s".into(),
                    approx,
                });
                i = k + 1;
                continue;
            }
        }
        // "for a year", "within an hour": one of the unit. After a quantity
        // ("tonnes a year", "euros a month") it is a rate, not a duration.
        let introduces_duration = k > 0
            && matches!(
                lower[k - 1].as_str(),
                "for"
                    | "in"
                    | "within"
                    | "over"
                    | "during"
                    | "than"
                    | "after"
                    | "about"
                    | "nearly"
                    | "almost"
                    | "just"
                    | "only"
                    | "least"
                    | "half"
                    | "some"
                    | "around"
            );
        if introduces_duration && matches!(lower.get(k).map(String::as_str), Some("a" | "an")) {
            if let Some(secs) = words
                .get(k + 1)
                .and_then(|w| duration_seconds(w))
                .filter(|_| !lower[k + 1].ends_with('s'))
            {
                let next = lower.get(k + 2).map(String::as_str);
                // "for a second consecutive day", "for a second time": the ordinal, not the unit.
                let ordinal = lower[k + 1] == "second"
                    && next.is_some_and(|w| {
                        w.chars().all(char::is_alphabetic) && !matches!(w, "or" | "and" | "of" | "to" | "longer")
                    });
                if !ordinal && !matches!(next, Some("ago" | "earlier" | "later" | "before" | "after" | "old")) {
                    let start = if approx.is_some() { i } else { k };
                    // "an hour and a half".
                    let half = next == Some("and")
                        && lower.get(k + 3).is_some_and(|w| w == "a")
                        && lower.get(k + 4).is_some_and(|w| w == "half");
                    let end = if half { k + 4 } else { k + 1 };
                    out.push(Amount {
                        span: Span::new(tokens[start].span.start, tokens[end].span.end),
                        kind: AmountKind::Duration,
                        value: if half { secs * 1.5 } else { secs },
                        unit: "s".into(),
                        approx,
                    });
                    i = end + 1;
                    continue;
                }
            }
        }
        let currency_first = words.get(k).and_then(|w| currency_symbol(w));
        let num_at = if currency_first.is_some() { k + 1 } else { k };
        let number = words
            .get(num_at)
            .and_then(|w| digit_number(w).or_else(|| word_number(w)));
        let Some(mut value) = number else {
            i += 1;
            continue;
        };
        if approx.is_none() {
            start = k;
        }
        let mut j = num_at + 1;
        // "two and a half years", "one and a half million".
        if lower.get(j).is_some_and(|w| w == "and")
            && lower.get(j + 1).is_some_and(|w| w == "a" || w == "one")
            && lower.get(j + 2).is_some_and(|w| w == "half")
        {
            value += 0.5;
            j += 3;
        }
        // Compound scale: "2.4 billion", "800m", "two million".
        while let Some(s) = words.get(j).and_then(|w| scale(w)) {
            // "m" after a plain number without currency is metres, not millions.
            if (lower[j] == "m" || lower[j] == "b" || lower[j] == "k")
                && currency_first.is_none()
                && words.get(j + 1).and_then(|w| currency_word(w)).is_none()
            {
                break;
            }
            value *= s;
            j += 1;
        }
        let (kind, unit, end) = if let Some(cur) = currency_first {
            (AmountKind::Money, cur.to_string(), j)
        } else if let Some(cur) = words.get(j).and_then(|w| currency_word(w)) {
            (AmountKind::Money, cur.to_string(), j + 1)
        } else if words.get(j) == Some(&"%") || lower.get(j).is_some_and(|w| w == "percent" || w == "pct") {
            (AmountKind::Percent, "%".to_string(), j + 1)
        } else if lower.get(j).is_some_and(|w| w == "basis") && lower.get(j + 1).is_some_and(|w| w.starts_with("point"))
        {
            value /= 100.0;
            (AmountKind::Percent, "pp".to_string(), j + 2)
        } else if lower.get(j).is_some_and(|w| w == "percentage")
            && lower.get(j + 1).is_some_and(|w| w.starts_with("point"))
        {
            (AmountKind::Percent, "pp".to_string(), j + 2)
        } else if lower.get(j).is_some_and(|w| w == "per") && lower.get(j + 1).is_some_and(|w| w == "cent") {
            (AmountKind::Percent, "%".to_string(), j + 2)
        } else if let Some((secs, unit_at)) = duration_unit_at(&words, lower, j) {
            value *= secs;
            (AmountKind::Duration, "s".to_string(), unit_at + 1)
        } else {
            // A count: the number, up to two modifiers, then a plural noun.
            let is_year = words[num_at].len() == 4 && (1800.0..=2200.0).contains(&value) && value.fract() == 0.0;
            let mut noun = None;
            for m in 0..3 {
                let Some(w) = words.get(j + m) else { break };
                if is_plural_noun(w) {
                    noun = Some(j + m);
                    break;
                }
                let l = &lower[j + m];
                let modifier = w.chars().all(|c| c.is_alphabetic() || c == '-')
                    && !w.chars().next().is_some_and(char::is_uppercase)
                    && !NOT_COUNTED.contains(&l.as_str());
                if !modifier {
                    break;
                }
            }
            match noun {
                Some(nj) if !is_year || approx.is_some() => (AmountKind::Count, lower[nj].clone(), nj + 1),
                _ => {
                    i += 1;
                    continue;
                }
            }
        };
        // "over three years" is a preposition, not "more than".
        if kind == AmountKind::Duration && approx.as_deref() == Some("over") {
            approx = None;
            start = k;
        }
        let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
        out.push(Amount {
            span,
            kind,
            value,
            unit,
            approx,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn check(text: &str, want: &[(&str, AmountKind, f64, &str, Option<&str>)]) {
        let got = find_amounts(
            text,
            &tokenize(text),
            &crate::tokenize::lower_words(text, &tokenize(text)),
        );
        let got: Vec<_> = got
            .iter()
            .map(|a| {
                (
                    &text[a.span.start..a.span.end],
                    a.kind,
                    a.value,
                    a.unit.as_str(),
                    a.approx.as_deref(),
                )
            })
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn money_percent_duration_and_counts() {
        check(
            "The airline lost $2.4 billion, or €2.2bn, after fuel rose 12.5 percent.",
            &[
                ("$2.4 billion", AmountKind::Money, 2.4e9, "USD", None),
                ("€2.2bn", AmountKind::Money, 2.2e9, "EUR", None),
                ("12.5 percent", AmountKind::Percent, 12.5, "%", None),
            ],
        );
        check(
            "The blaze burned for nearly six hours and injured at least 14 dock workers.",
            &[
                ("nearly six hours", AmountKind::Duration, 21600.0, "s", Some("nearly")),
                (
                    "at least 14 dock workers",
                    AmountKind::Count,
                    14.0,
                    "workers",
                    Some("at least"),
                ),
            ],
        );
        check(
            "Rates rose 50 basis points, or 0.5 percentage points.",
            &[
                ("50 basis points", AmountKind::Percent, 0.5, "pp", None),
                ("0.5 percentage points", AmountKind::Percent, 0.5, "pp", None),
            ],
        );
        check(
            "It cost 40 million euros over 3 years, not 5%.",
            &[
                ("40 million euros", AmountKind::Money, 4e7, "EUR", None),
                ("3 years", AmountKind::Duration, 3.0 * 31_557_600.0, "s", None),
                ("5%", AmountKind::Percent, 5.0, "%", None),
            ],
        );
    }

    #[test]
    fn a_modifier_between_number_and_unit_keeps_the_duration() {
        check(
            "Shares fell for six straight days after two consecutive quarters of losses.",
            &[
                ("six straight days", AmountKind::Duration, 6.0 * 86_400.0, "s", None),
                (
                    "two consecutive quarters",
                    AmountKind::Duration,
                    2.0 * 7_889_400.0,
                    "s",
                    None,
                ),
            ],
        );
        // A quarter of something is a share, not a span of time.
        let text = "Three quarters of voters agreed.";
        let tokens = tokenize(text);
        let found = find_amounts(text, &tokens, &crate::tokenize::lower_words(text, &tokens));
        assert!(found.iter().all(|a| a.kind != AmountKind::Duration), "{found:?}");
    }

    #[test]
    fn a_fiscal_year_is_a_span_and_a_second_day_is_no_second() {
        check(
            "For the fiscal year ended June 30, sales rose. Trading was halted for a second consecutive day, and for a second.",
            &[
                ("the fiscal year", AmountKind::Duration, 31_557_600.0, "s", None),
                ("a second", AmountKind::Duration, 1.0, "s", None),
            ],
        );
    }

    #[test]
    fn halves_single_days_and_the_past_decade() {
        let year = 31_557_600.0;
        check(
            "It is two and a half years late, after a single-day delay in the past decade; talks took 90 days.",
            &[
                ("two and a half years", AmountKind::Duration, 2.5 * year, "s", None),
                ("single-day", AmountKind::Duration, 86_400.0, "s", None),
                ("the past decade", AmountKind::Duration, 10.0 * year, "s", None),
                ("90 days", AmountKind::Duration, 90.0 * 86_400.0, "s", None),
            ],
        );
        check(
            "They waited for an hour and a half.",
            &[("an hour and a half", AmountKind::Duration, 5_400.0, "s", None)],
        );
    }

    #[test]
    fn years_and_ages_are_not_amounts() {
        check("In 2019 she was 40 years old; two years ago he left.", &[]);
        check("Prices of the 1980s and the 90s.", &[]);
    }
}
