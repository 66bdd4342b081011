//! Date expressions, normalised against the publication date.
//!
//! "March 6", "6 March 2025", "March 2025", "2025-03-06", "Thursday",
//! "last Thursday", "yesterday", "two days ago", "last week", "in 2019".
//! With no publication date, a weekday stays a [`TimeValue::Weekday`]
//! constraint and a day-month a [`TimeValue::MonthDay`] constraint.

use crate::amount::word_number;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use newsfuse_model::{calendar, Span, TimeExpr, TimeValue, Token};

/// Month number of a month word in running text: the full name, a
/// three-letter abbreviation or "Sept" ("Mar.", "May"), never a longer prefix.
pub fn month_of(word: &str) -> Option<u32> {
    calendar::month_number(word, false)
}

/// Weekday of a weekday name or abbreviation.
pub fn weekday_of(word: &str) -> Option<Weekday> {
    const ISO: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    calendar::weekday_index(word).map(|i| ISO[i])
}

/// The English name of a weekday.
pub fn weekday_name(d: Weekday) -> &'static str {
    calendar::WEEKDAY_NAMES[d.num_days_from_monday() as usize]
}

fn day_number(word: &str) -> Option<u32> {
    if !word.as_bytes().first().is_some_and(u8::is_ascii_digit) || word.len() > 4 {
        return None;
    }
    let w = word.to_ascii_lowercase();
    let digits = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_number(word: &str) -> Option<i32> {
    let y: i32 = (word.len() == 4).then(|| word.parse().ok()).flatten()?;
    (1800..=2200).contains(&y).then_some(y)
}

fn fmt(d: NaiveDate) -> TimeValue {
    TimeValue::Date(d.format("%Y-%m-%d").to_string())
}

/// Year for a day-month without a year, relative to the anchor: the same
/// year, unless that puts the date more than two months after the anchor
/// (then the previous year: "December 28" in a January article).
fn infer_year(anchor: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let same = NaiveDate::from_ymd_opt(anchor.year(), month, day)?;
    if same > anchor + Duration::days(62) {
        NaiveDate::from_ymd_opt(anchor.year() - 1, month, day)
    } else {
        Some(same)
    }
}

/// A day and month with an optional year: the date, the year inferred
/// from the anchor (in a clause about the future, the next such day on or
/// after it: "will succeed him Feb. 1" in a November article), or a
/// day-month constraint when there is neither.
fn day_month_value(
    year: Option<i32>,
    month: u32,
    day: u32,
    anchor: Option<NaiveDate>,
    future: bool,
) -> Option<TimeValue> {
    match (year, anchor) {
        (Some(y), _) => NaiveDate::from_ymd_opt(y, month, day).map(fmt),
        (None, Some(a)) if future => NaiveDate::from_ymd_opt(a.year(), month, day)
            .filter(|d| *d >= a)
            .or_else(|| NaiveDate::from_ymd_opt(a.year() + 1, month, day))
            .map(fmt),
        (None, Some(a)) => infer_year(a, month, day).map(fmt),
        (None, None) => Some(TimeValue::MonthDay(format!("--{month:02}-{day:02}"))),
    }
}

/// The weekday `d` nearest before (or on) the anchor (direction 0), strictly
/// before it for "last" (-1), strictly after for "next" (1), on or after for
/// a bare weekday about the future (2).
fn resolve_weekday(anchor: NaiveDate, d: Weekday, direction: i32) -> NaiveDate {
    let a = anchor.weekday().num_days_from_monday() as i64;
    let t = d.num_days_from_monday() as i64;
    match direction {
        1 => anchor + Duration::days(((t - a + 7) % 7).max(1) + if (t - a + 7) % 7 == 0 { 6 } else { 0 }),
        -1 => anchor - Duration::days(((a - t + 7) % 7).max(1) + if (a - t + 7) % 7 == 0 { 6 } else { 0 }),
        // A bare weekday in a clause about the future: the next one, today included.
        2 => anchor + Duration::days((t - a + 7) % 7),
        // Bare weekday in news: the most recent one, today included.
        _ => anchor - Duration::days((a - t + 7) % 7),
    }
}

/// A quarter expression: which quarter, relative or numbered.
#[derive(Clone, Copy)]
enum QuarterRef {
    /// The n-th quarter (1–4).
    Nth(u32),
    /// Quarters from the anchor's (0 = this quarter, -1 = the latest completed one).
    Offset(i32),
}

/// A quarter expression starting at token `i`: (end token, which quarter).
fn quarter_at(lower: &[String], i: usize) -> Option<(usize, QuarterRef)> {
    let ord = |w: &str| match w {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" | "final" => Some(4),
        _ => None,
    };
    let w = lower.get(i)?.as_str();
    // "third-quarter" as one token.
    if let Some((o, rest)) = w.split_once('-') {
        if rest == "quarter" {
            return ord(o).map(|n| (i + 1, QuarterRef::Nth(n)));
        }
    }
    let start = if w == "the" { i + 1 } else { i };
    let a = lower.get(start)?.as_str();
    let b = lower.get(start + 1).map(String::as_str);
    if let Some(n) = ord(a) {
        if b == Some("quarter") {
            return Some((start + 2, QuarterRef::Nth(n)));
        }
        if let Some((o, rest)) = b.and_then(|x| x.split_once('-')) {
            let _ = o;
            if rest == "quarter" {
                return None;
            }
        }
    }
    match (w, a, b) {
        ("the", "quarter", _) => Some((start + 1, QuarterRef::Offset(-1))),
        ("the", "latest" | "recent" | "past" | "most", Some("quarter")) => Some((start + 2, QuarterRef::Offset(-1))),
        ("last", _, _) if lower.get(i + 1).map(String::as_str) == Some("quarter") => {
            Some((i + 2, QuarterRef::Offset(-1)))
        }
        ("this" | "current", _, _) if lower.get(i + 1).map(String::as_str) == Some("quarter") => {
            Some((i + 2, QuarterRef::Offset(0)))
        }
        ("the", "current", Some("quarter")) => Some((start + 2, QuarterRef::Offset(0))),
        ("next", _, _) if lower.get(i + 1).map(String::as_str) == Some("quarter") => {
            Some((i + 2, QuarterRef::Offset(1)))
        }
        _ => None,
    }
}

/// True when the verb governing token `i` (the nearest tense marker before
/// it in its sentence) speaks of the future: "will meet on Monday", but not
/// "will restart talks after they met on Monday".
fn future_context(lower: &[String], i: usize) -> bool {
    future_clause(lower, i, true)
}

/// "of last year", "of this year", "of next year" at token `at`: the year
/// it names and the token after it.
fn of_relative_year(lower: &[String], at: usize, anchor: Option<NaiveDate>) -> Option<(i32, usize)> {
    let word = |k: usize| lower.get(k).map(String::as_str);
    if word(at) != Some("of") || word(at + 2) != Some("year") {
        return None;
    }
    let shift = match word(at + 1)? {
        "last" | "previous" => -1,
        "this" => 0,
        "next" => 1,
        _ => return None,
    };
    Some((anchor?.year() + shift, at + 3))
}

/// The year a two-digit year ("'82", "7/8/07") stands for: the latest such
/// year up to a decade past the anchor (without one, past 2020).
fn two_digit_year(yy: i32, anchor: Option<NaiveDate>) -> i32 {
    let now = anchor.map_or(2020, |a| a.year());
    let same = now - now.rem_euclid(100) + yy;
    [same + 100, same, same - 100]
        .into_iter()
        .find(|y| *y <= now + 10)
        .unwrap_or(same)
}

/// A date written as three numbers joined by slashes at token `i`, with the
/// token after it: year first ("2009/06/01"), else month first
/// ("12/25/2006", "7/8/07") unless the first number is over 12 ("25/12/2006").
fn slashed_date(words: &[&str], tokens: &[Token], i: usize, anchor: Option<NaiveDate>) -> Option<(usize, NaiveDate)> {
    let parts = words.get(i..i + 5)?;
    let joined = tokens[i..i + 5].windows(2).all(|p| p[0].span.end == p[1].span.start);
    let digits = |w: &str| !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit());
    if !joined || parts[1] != "/" || parts[3] != "/" || ![parts[0], parts[2], parts[4]].into_iter().all(digits) {
        return None;
    }
    // Not part of a longer run of numbers and slashes.
    if words.get(i + 5) == Some(&"/") || (i > 0 && words[i - 1] == "/") {
        return None;
    }
    let n = |w: &str| w.parse::<u32>().ok();
    let (a, b, c) = (n(parts[0])?, n(parts[2])?, n(parts[4])?);
    let date = if parts[0].len() == 4 {
        NaiveDate::from_ymd_opt(a as i32, b, c)
    } else {
        let year = match parts[4].len() {
            4 => c as i32,
            2 => two_digit_year(c as i32, anchor),
            _ => return None,
        };
        let (month, day) = if a > 12 { (b, a) } else { (a, b) };
        NaiveDate::from_ymd_opt(year, month, day)
    }?;
    Some((i + 5, date))
}

/// Whether the sentence before token `i` speaks of a span of months or a
/// half year ("the first nine months", "the first half").
fn sentence_speaks_of_months(lower: &[String], i: usize) -> bool {
    lower[..i]
        .iter()
        .rev()
        .take_while(|w| !matches!(w.as_str(), "." | "!" | "?"))
        .any(|w| matches!(w.as_str(), "months" | "half" | "nine-month" | "six-month"))
}

/// [`future_context`], with `look_ahead` false reading only what comes
/// before the expression in its clause (for a date with a day, where a
/// verb later in the sentence is more often about something else).
fn future_clause(lower: &[String], i: usize, look_ahead: bool) -> bool {
    const FUTURE: &[&str] = &[
        "will",
        "would",
        "'ll",
        "shall",
        "next",
        "plans",
        "plan",
        "planning",
        "planned",
        "due",
        "expected",
        "scheduled",
        "going",
        "could",
        "should",
        "might",
        "intends",
        "aims",
    ];
    // Words that speak of the future only before a verb: "plans to", not "the plan".
    const INTENT: &[&str] = &["plans", "plan"];
    const PAST: &[&str] = &[
        "was", "were", "had", "did", "met", "said", "told", "began", "took", "made", "held", "went", "came", "saw",
        "left", "fell", "rose", "hit", "broke", "gave", "won", "lost", "ran", "spoke", "shut",
    ];
    let to_follows = |k: usize| lower.get(k + 1).is_some_and(|x| x == "to");
    // Word `k` speaks of the future ("will", "expected"; "plans" only before "to").
    let future_word = |k: usize| {
        let w = lower[k].as_str();
        FUTURE.contains(&w) && (to_follows(k) || !INTENT.contains(&w))
    };
    // Only the clause the expression sits in counts: stop at punctuation and clause words.
    let mut k = i;
    while k > 0
        && !matches!(
            lower[k - 1].as_str(),
            "." | "!"
                | "?"
                | ";"
                | ","
                | "and"
                | "but"
                | "that"
                | "which"
                | "who"
                | "after"
                | "before"
                | "since"
                | "because"
        )
        && i - k < 10
    {
        k -= 1;
        let w = lower[k].as_str();
        // "is set to begin on Wednesday"; "plans to", not "the plan".
        if future_word(k) || (w == "set" && to_follows(k)) {
            return true;
        }
        // "to remain closed until Friday": a participle after a verb of
        // staying is a state, not a past event.
        let state = k > 0
            && matches!(
                lower[k - 1].as_str(),
                "remain" | "remains" | "stay" | "stays" | "be" | "is" | "are"
            );
        // "on a still unspecified date", "the planned merger": after a
        // determiner or an adverb of degree the participle is an adjective.
        let adjective = k > 0
            && matches!(
                lower[k - 1].as_str(),
                "a" | "an" | "the" | "its" | "their" | "his" | "her" | "our" | "still" | "yet" | "newly"
            );
        if PAST.contains(&w) || (past_participle(w) && !state && !adjective) {
            return false;
        }
    }
    // Nothing before it in the clause ("On Tuesday, the league plans to …"): the
    // verb that follows decides.
    if look_ahead
        && (k == i
            || lower[k..i]
                .iter()
                .all(|w| matches!(w.as_str(), "on" | "by" | "until" | "," | "the" | "this" | "next")))
    {
        for (j, w) in lower.iter().enumerate().skip(i + 1).take(12) {
            let w = w.as_str();
            if matches!(w, "." | "!" | "?" | ";") {
                break;
            }
            if future_word(j) {
                return true;
            }
            if PAST.contains(&w) || past_participle(w) {
                return false;
            }
        }
    }
    false
}

/// "(to remain) closed until Friday", "has kept markets shut until Friday": a
/// state that lasts until the day at token `i`, told in no past tense, ends
/// on a day still to come.
fn state_until(lower: &[String], i: usize) -> bool {
    if i == 0 || !matches!(lower[i - 1].as_str(), "until" | "till") {
        return false;
    }
    const PAST: &[&str] = &["was", "were", "had", "did", "stayed", "remained", "kept"];
    let end = |w: &&String| !matches!(w.as_str(), "." | "!" | "?" | ";");
    let before = lower[..i - 1].iter().rev().take_while(end).take(15);
    let after = lower[i + 1..].iter().take_while(end).take(15);
    !before.chain(after).any(|w| PAST.contains(&w.as_str()))
}

/// A word in -ed read as a past verb ("announced"), but not "succeed" or "need".
fn past_participle(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed")
}

/// The TIMEX3 code of a part-of-day word.
fn part_of_day(w: Option<&str>) -> Option<&'static str> {
    match w? {
        "morning" => Some("MO"),
        "afternoon" => Some("AF"),
        "evening" => Some("EV"),
        "night" | "overnight" => Some("NI"),
        _ => None,
    }
}

/// The unit letter of a plural time unit ("years" → `Y`).
fn plural_unit(w: Option<&str>) -> Option<char> {
    match w? {
        "years" => Some('Y'),
        "months" => Some('M'),
        "weeks" => Some('W'),
        "days" => Some('D'),
        "decades" => Some('E'),
        "centuries" => Some('C'),
        "hours" => Some('H'),
        "minutes" => Some('M'),
        _ => None,
    }
}

/// The weekend a text speaks of: the one ahead in a clause about the future,
/// else the latest one (this week's when the anchor falls on it).
fn weekend_of(anchor: NaiveDate, future: bool) -> TimeValue {
    let a = anchor.weekday().num_days_from_monday() as i64;
    let saturday = if a >= 5 {
        anchor - Duration::days(a - 5)
    } else if future {
        anchor + Duration::days(5 - a)
    } else {
        anchor - Duration::days(a + 2)
    };
    TimeValue::Weekend(saturday.format("%G-W%V-WE").to_string())
}

/// Find date expressions in `text` (tokenised as `tokens`), normalised
/// against `anchor` (the publication date) when there is one.
pub fn find_times(text: &str, tokens: &[Token], lower: &[String], anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
    let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.start..t.span.end]).collect();
    let n = words.len();
    let mut out = Vec::new();
    let span = |a: usize, b: usize| Span::new(tokens[a].span.start, tokens[b - 1].span.end);
    // The last quarter the text spoke of: "a year earlier" then means that quarter a year before.
    let mut last_quarter: Option<(i32, u32)> = None;
    // The last full date the text gave: "the day" is that day.
    let mut last_date: Option<TimeValue> = None;
    // Indexes in `out` of clock times whose day is only the anchor's.
    let mut clock_only: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        let w = words[i];
        let lw = lower[i].as_str();
        let mut matched: Option<(usize, TimeValue)> = None;
        let mut year_ago = false;
        // A clock time ("10:35 a.m.", "18:00 UTC", "0800 GMT"): on the anchor's day
        // unless a date next to it says otherwise (merged below).
        let mut clock: Option<String> = None;
        if let (Some((h, m, end)), Some(a)) = (clock_at(&words, lower, i), anchor) {
            let (zone, end) = match lower.get(end).map(String::as_str) {
                Some("utc" | "gmt" | "z") => ("Z", end + 1),
                _ => ("", end),
            };
            clock = Some(format!("{h:02}:{m:02}{zone}"));
            matched = Some((end, fmt(a)));
            clock_only.push(out.len());
        }

        // ISO date: 2025-03-06
        if w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
            if let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") {
                matched = Some((i + 1, fmt(d)));
            }
        }
        // Month [day][,] [year]   e.g. "March 6", "March 6, 2025", "March 2025"
        if matched.is_none() {
            if let Some(m) = month_of(w).filter(|_| w.chars().next().is_some_and(char::is_uppercase)) {
                let day = words.get(i + 1).and_then(|x| day_number(x));
                if let Some(d) = day {
                    let mut j = i + 2;
                    if words.get(j) == Some(&",") {
                        j += 1;
                    }
                    let year = words.get(j).and_then(|x| year_number(x));
                    let end = if year.is_some() { j + 1 } else { i + 2 };
                    let value = day_month_value(year, m, d, anchor, year.is_none() && future_clause(lower, i, false));
                    if let Some(v) = value {
                        matched = Some((end, v));
                    }
                } else if let Some(y) = words.get(i + 1).and_then(|x| year_number(x)) {
                    matched = Some((i + 2, TimeValue::Month(format!("{y}-{m:02}"))));
                } else if let Some((end, y)) = spoken_year(lower, i + 1) {
                    matched = Some((end, TimeValue::Month(format!("{y}-{m:02}"))));
                }
            }
        }
        // Day Month [Year]   e.g. "6 March 2025", "6 Mar"
        if matched.is_none() {
            if let (Some(d), Some(m)) = (day_number(w), words.get(i + 1).and_then(|x| month_of(x))) {
                if words[i + 1].chars().next().is_some_and(char::is_uppercase) {
                    let year = words.get(i + 2).and_then(|x| year_number(x));
                    let end = if year.is_some() { i + 3 } else { i + 2 };
                    let value = day_month_value(year, m, d, anchor, year.is_none() && future_clause(lower, i, false));
                    if let Some(v) = value {
                        matched = Some((end, v));
                    }
                }
            }
        }
        // [last|next|this] Weekday
        if matched.is_none() {
            let (dir, k) = match lw {
                "last" | "past" => (-1, i + 1),
                "next" | "coming" => (1, i + 1),
                "this" => (0, i + 1),
                _ => (0, i),
            };
            if let Some(d) = words
                .get(k)
                .filter(|x| x.chars().next().is_some_and(char::is_uppercase))
                .and_then(|x| weekday_of(x))
            {
                // "Thu." abbreviations only with the period or as full names.
                let full = calendar::is_full_weekday(words[k]) || words[k].ends_with('.');
                // "Monday, Oct. 26": the date that follows says which Monday.
                let dated = (words.get(k + 1) == Some(&","))
                    .then(|| {
                        let m = words.get(k + 2).and_then(|x| month_of(x))?;
                        let d = words.get(k + 3).and_then(|x| day_number(x))?;
                        let mut end = k + 4;
                        if words.get(end) == Some(&",") && words.get(end + 1).and_then(|x| year_number(x)).is_some() {
                            end += 2;
                        } else if words.get(end).and_then(|x| year_number(x)).is_some() {
                            end += 1;
                        }
                        let year = (end > k + 4).then(|| year_number(words[end - 1])).flatten();
                        // Without a year the weekday is a constraint of its own: keep both.
                        day_month_value(year, m, d, anchor, false)
                            .filter(|v| matches!(v, TimeValue::Date(_)))
                            .map(|v| (end, v))
                    })
                    .flatten();
                if let Some((end, v)) = dated.filter(|_| full) {
                    matched = Some((end, v));
                } else if full {
                    // A bare weekday in a sentence about the future ("will meet on
                    // Monday") is the next one, not the last.
                    let dir = if dir == 0 && lw != "this" && (future_context(lower, i) || state_until(lower, i)) {
                        2
                    } else {
                        dir
                    };
                    let value = match anchor {
                        Some(a) => fmt(resolve_weekday(a, d, dir)),
                        None => TimeValue::Weekday(weekday_name(d).to_string()),
                    };
                    matched = Some((k + 1, value));
                }
            }
        }
        // "this morning", "this evening": today's.
        if matched.is_none() && lw == "this" && part_of_day(lower.get(i + 1).map(String::as_str)).is_some() {
            if let Some(a) = anchor {
                matched = Some((i + 1, fmt(a)));
            }
        }
        // Weekends: "the weekend", "this weekend", "last weekend", "next weekend".
        if matched.is_none() && lower.get(i + 1).map(String::as_str) == Some("weekend") {
            if let Some(a) = anchor {
                let v = match lw {
                    "the" | "this" => Some(weekend_of(a, future_context(lower, i))),
                    "last" | "past" => Some(weekend_of(a, false)),
                    "next" | "coming" => Some(weekend_of(a + Duration::days(7), false)),
                    _ => None,
                };
                if let Some(v) = v {
                    matched = Some((i + 2, v));
                }
            }
        }
        // Durations of unknown length: "for years", "several months", "in recent weeks",
        // "the past few days", "the next several years".
        if matched.is_none() {
            let next = lower.get(i + 1).map(String::as_str);
            let after = lower.get(i + 2).map(String::as_str);
            let vague = match lw {
                "for" | "over" | "within" if plural_unit(next).is_some() && after != Some("of") => {
                    // The unit alone; "for" is not part of the expression.
                    out.push(TimeExpr {
                        span: span(i + 1, i + 2),
                        value: TimeValue::Vague(format!("PX{}", plural_unit(next).unwrap())),
                        part: None,
                    });
                    i += 2;
                    continue;
                }
                "several" | "many" | "recent" if plural_unit(next).is_some() => Some((i + 2, plural_unit(next))),
                "a" if next == Some("few") && plural_unit(after).is_some() => Some((i + 3, plural_unit(after))),
                "the"
                    if matches!(next, Some("past" | "last" | "next" | "coming"))
                        && matches!(after, Some("few" | "several"))
                        && plural_unit(lower.get(i + 3).map(String::as_str)).is_some() =>
                {
                    Some((i + 4, plural_unit(lower.get(i + 3).map(String::as_str))))
                }
                _ => None,
            };
            if let Some((end, Some(u))) = vague {
                // "several years ago" is a time in the past, not a length.
                if lower.get(end).map(String::as_str) == Some("ago") {
                    matched = Some((end + 1, TimeValue::Ref("PAST_REF".into())));
                } else {
                    matched = Some((end, TimeValue::Vague(format!("PX{u}"))));
                }
            }
        }
        // "last night": yesterday's.
        if matched.is_none() && lw == "last" && lower.get(i + 1).map(String::as_str) == Some("night") {
            if let Some(a) = anchor {
                out.push(TimeExpr {
                    span: span(i, i + 2),
                    value: fmt(a - Duration::days(1)),
                    part: Some("NI".into()),
                });
                i += 2;
                continue;
            }
        }
        // today, yesterday, tomorrow, tonight
        if matched.is_none() {
            let delta = match lw {
                "today" | "tonight" => Some(0),
                "yesterday" => Some(-1),
                "tomorrow" => Some(1),
                _ => None,
            };
            if let (Some(dd), Some(a)) = (delta, anchor) {
                matched = Some((i + 1, fmt(a + Duration::days(dd))));
            }
        }
        // "ended the day", "for the day", "the same day": the day the text is
        // about — the last full date it gave, else the publication day.
        if matched.is_none() && lw == "the" {
            let k = if lower.get(i + 1).map(String::as_str) == Some("same") {
                i + 2
            } else {
                i + 1
            };
            let prev = if i > 0 { lower[i - 1].as_str() } else { "" };
            let about_day = k > i + 1
                || matches!(
                    prev,
                    "end"
                        | "ended"
                        | "ending"
                        | "ends"
                        | "finish"
                        | "finished"
                        | "finishing"
                        | "close"
                        | "closed"
                        | "closing"
                        | "for"
                        | "in"
                        | "during"
                        | "of"
                        | "on"
                );
            if about_day
                && lower.get(k).map(String::as_str) == Some("day")
                && !matches!(
                    lower.get(k + 1).map(String::as_str),
                    Some("after" | "before" | "of" | "when" | "that" | "who" | "which" | "-")
                )
            {
                if let Some(v) = last_date.clone().or_else(|| anchor.map(fmt)) {
                    matched = Some((k + 1, v));
                }
            }
        }
        // "in January, compared to the same month a year ago", "in February
        // … the same period last year": the month the sentence named, a year before.
        if matched.is_none()
            && lw == "the"
            && lower.get(i + 1).is_some_and(|w| w == "same")
            && lower.get(i + 2).is_some_and(|w| w == "month" || w == "period")
        {
            let w = |k: usize| lower.get(k).map(String::as_str);
            let k = i + 3 + usize::from(w(i + 3) == Some("of"));
            let end = match (w(k), w(k + 1), w(k + 2)) {
                (Some("a"), Some("year"), Some("ago" | "earlier" | "before")) => Some(k + 3),
                (Some("last"), Some("year"), _) => Some(k + 2),
                (Some("the"), Some("previous" | "prior"), Some("year")) => Some(k + 3),
                _ => None,
            };
            let month = in_sentence(&out, lower, tokens, i).find_map(|e| match &e.value {
                TimeValue::Month(m) => Some(m.clone()),
                _ => None,
            });
            if let (Some(end), Some(m)) = (end, month) {
                if let Ok(y) = m[..4].parse::<i32>() {
                    matched = Some((end, TimeValue::Month(format!("{}{}", y - 1, &m[4..]))));
                }
            }
        }
        // N days/weeks/months/years ago
        if matched.is_none() {
            // "a week ago", "a decade ago" ("a year ago" is read below, with quarters).
            let one = matches!(lw, "a" | "an") && lower.get(i + 1).is_some_and(|u| u != "year");
            if let Some(num) = word_number(lw)
                .or_else(|| lw.parse::<f64>().ok())
                .or(one.then_some(1.0))
                .filter(|v| *v >= 1.0 && v.fract() == 0.0)
            {
                if let (Some(unit), Some("ago")) = (lower.get(i + 1), lower.get(i + 2).map(String::as_str)) {
                    if let Some(a) = anchor {
                        let n = num as i64;
                        let v = match unit.trim_end_matches('s') {
                            "day" => Some(fmt(a - Duration::days(n))),
                            "week" => Some(fmt(a - Duration::days(7 * n))),
                            "month" => a
                                .checked_sub_months(chrono::Months::new(n as u32))
                                .map(|d| TimeValue::Month(d.format("%Y-%m").to_string())),
                            "year" => Some(TimeValue::Year((a.year() - n as i32).to_string())),
                            "decade" => Some(TimeValue::Year((a.year() - 10 * n as i32).to_string())),
                            "century" | "centurie" => Some(TimeValue::Year((a.year() - 100 * n as i32).to_string())),
                            _ => None,
                        };
                        if let Some(v) = v {
                            matched = Some((i + 3, v));
                        }
                    }
                }
            }
        }
        // last/next week|month|year
        if matched.is_none() && matches!(lw, "last" | "next") {
            if let (Some(unit), Some(a)) = (lower.get(i + 1), anchor) {
                let sign = if lw == "last" { -1 } else { 1 };
                let v = match unit.as_str() {
                    "year" => Some(TimeValue::Year((a.year() + sign).to_string())),
                    "month" => {
                        let d = if sign < 0 {
                            a.checked_sub_months(chrono::Months::new(1))
                        } else {
                            a.checked_add_months(chrono::Months::new(1))
                        };
                        d.map(|d| TimeValue::Month(d.format("%Y-%m").to_string()))
                    }
                    "week" => {
                        let d = a + Duration::days(7 * sign as i64);
                        Some(TimeValue::Week(d.format("%G-W%V").to_string()))
                    }
                    _ => None,
                };
                if let Some(v) = v {
                    matched = Some((i + 2, v));
                }
            }
        }
        // in/since/by/until YEAR
        if matched.is_none() && matches!(lw, "in" | "since" | "by" | "until" | "of" | "from" | "during") {
            if let Some(y) = words.get(i + 1).and_then(|x| year_number(x)) {
                // Not "in 2025 euros" style counts: a year is followed by punctuation or a non-noun.
                matched = Some((i + 2, TimeValue::Year(y.to_string())));
                out.push(TimeExpr {
                    span: span(i + 1, i + 2),
                    value: matched.take().unwrap().1,
                    part: None,
                });
                i += 2;
                continue;
            }
        }
        // Quarters: "the third quarter", "third-quarter", "the latest quarter", "this quarter".
        // A year before the quarter: "the 1988 second quarter", "this year's third quarter"
        // (longer than "next year", so it wins over that reading).
        {
            let named_year = if lw == "the" {
                words.get(i + 1).and_then(|x| year_number(x)).map(|y| (y, i + 2))
            } else if lower.get(i + 1).is_some_and(|x| x == "year") && lower.get(i + 2).is_some_and(|x| x == "'s") {
                let shift = match lw {
                    "last" => Some(-1),
                    "this" => Some(0),
                    "next" => Some(1),
                    _ => None,
                };
                shift.zip(anchor).map(|(k, a)| (a.year() + k, i + 3))
            } else {
                None
            };
            if let Some((y, at)) = named_year {
                if let Some((end, QuarterRef::Nth(n))) = quarter_at(lower, at) {
                    matched = Some((end, TimeValue::Quarter(format!("{y}-Q{n}"))));
                }
            }
        }
        // "the latest period" in a text about a quarter is that quarter.
        if matched.is_none() && lw == "the" {
            if let (Some("latest" | "recent"), Some("period"), Some((y, q))) = (
                lower.get(i + 1).map(String::as_str),
                lower.get(i + 2).map(String::as_str),
                last_quarter,
            ) {
                matched = Some((i + 3, TimeValue::Quarter(format!("{y}-Q{q}"))));
            }
        }
        if matched.is_none() {
            if let Some((end, q)) = quarter_at(lower, i) {
                let year = words.get(end).and_then(|x| year_number(x)).or_else(|| {
                    (lower.get(end).map(String::as_str) == Some("of"))
                        .then(|| words.get(end + 1).and_then(|x| year_number(x)))
                        .flatten()
                });
                let consumed = if words.get(end).and_then(|x| year_number(x)).is_some() {
                    end + 1
                } else if year.is_some() {
                    end + 2
                } else {
                    end
                };
                let relative = of_relative_year(lower, end, anchor);
                let (year, consumed) = match relative {
                    Some((y, after)) if year.is_none() => (Some(y), after),
                    _ => (year, consumed),
                };
                let value = match (q, year, anchor) {
                    (QuarterRef::Nth(n), Some(y), _) => Some(format!("{y}-Q{n}")),
                    (QuarterRef::Nth(n), None, Some(a)) => {
                        let current = (a.month0() / 3 + 1) as i32;
                        let y = if n as i32 <= current { a.year() } else { a.year() - 1 };
                        Some(format!("{y}-Q{n}"))
                    }
                    (QuarterRef::Offset(k), _, Some(a)) => {
                        let idx = a.year() * 4 + (a.month0() / 3) as i32 + k;
                        Some(format!("{}-Q{}", idx.div_euclid(4), idx.rem_euclid(4) + 1))
                    }
                    _ => None,
                };
                if let Some(v) = value {
                    matched = Some((consumed, TimeValue::Quarter(v)));
                }
            }
        }
        // this/the current year|month|week; a year ago / a year earlier / year-earlier.
        if matched.is_none() {
            if let Some(a) = anchor {
                let next = lower.get(i + 1).map(String::as_str);
                if matches!(lw, "this" | "current") || (lw == "the" && next == Some("current")) {
                    let k = if lw == "the" { i + 2 } else { i + 1 };
                    let v = match lower.get(k).map(String::as_str) {
                        Some("year") => Some(TimeValue::Year(a.year().to_string())),
                        Some("month") => Some(TimeValue::Month(a.format("%Y-%m").to_string())),
                        Some("week") => Some(TimeValue::Week(a.format("%G-W%V").to_string())),
                        _ => None,
                    };
                    if let Some(v) = v {
                        matched = Some((k + 1, v));
                    }
                } else if (lw == "a"
                    && matches!(next, Some("year"))
                    && matches!(lower.get(i + 2).map(String::as_str), Some("ago" | "earlier" | "before")))
                    || lw == "year-earlier"
                    || lw == "year-ago"
                {
                    let end = if lw == "a" { i + 3 } else { i + 1 };
                    // A comparison in a sentence about months or half a year
                    // ("for the nine months, … a year earlier") is with last year, not a quarter.
                    let v = match last_quarter {
                        Some((y, q)) if !sentence_speaks_of_months(lower, i) => {
                            TimeValue::Quarter(format!("{}-Q{q}", y - 1))
                        }
                        _ => TimeValue::Year((a.year() - 1).to_string()),
                    };
                    year_ago = true;
                    matched = Some((end, v));
                } else if lw == "year-end"
                    || (lw == "year" && next == Some("end"))
                    || (lw == "year" && next == Some("'s") && lower.get(i + 2).is_some_and(|w| w == "end"))
                {
                    // "by year-end" is this year's end; "since year-end", "last year-end" the one before.
                    let end = i + if lw == "year-end" {
                        1
                    } else if next == Some("end") {
                        2
                    } else {
                        3
                    };
                    let before = i.checked_sub(1).map(|k| lower[k].as_str());
                    let year = a.year() - i32::from(matches!(before, Some("since" | "last")));
                    if let Some(d) = NaiveDate::from_ymd_opt(year, 12, 31) {
                        matched = Some((end, fmt(d)));
                    }
                } else if lw == "the"
                    && matches!(next, Some("end" | "beginning" | "start" | "middle"))
                    && lower.get(i + 2).is_some_and(|w| w == "of")
                    && lower.get(i + 3).is_some_and(|w| w == "the")
                    && lower.get(i + 4).is_some_and(|w| w == "year")
                {
                    // "the end of the year": part of the anchor's year (TimeML writes the year).
                    matched = Some((i + 5, TimeValue::Year(a.year().to_string())));
                } else if lw == "the"
                    && matches!(next, Some("previous" | "prior" | "preceding"))
                    && lower.get(i + 2).is_some_and(|w| w == "year")
                {
                    // The year before the one this sentence last named ("sales fell last
                    // month from the previous year"), or before the anchor's.
                    let named = in_sentence(&out, lower, tokens, i).find_map(|e| year_of(&e.value));
                    let year = named.unwrap_or(a.year()) - 1;
                    matched = Some((i + 3, TimeValue::Year(year.to_string())));
                } else if (lw == "earlier" || lw == "later") && next == Some("this") {
                    {
                        let v = match lower.get(i + 2).map(String::as_str) {
                            Some("year") => Some(TimeValue::Year(a.year().to_string())),
                            Some("month") => Some(TimeValue::Month(a.format("%Y-%m").to_string())),
                            Some("week") => Some(TimeValue::Week(a.format("%G-W%V").to_string())),
                            _ => None,
                        };
                        if let Some(v) = v {
                            matched = Some((i + 3, v));
                        }
                    }
                }
            }
        }
        // Vague references: now, currently, recently, the past, the future. ("soon" and
        // "formerly" place nothing in time, and TimeBank marks "soon" in 4 of 18 uses.)
        if matched.is_none() {
            let next = lower.get(i + 1).map(String::as_str);
            let v = match lw {
                "now" | "currently" | "nowadays" => Some((i + 1, "PRESENT_REF")),
                "recently" | "lately" => Some((i + 1, "PAST_REF")),
                // The adjectives: "its current chairman", "a recent filing".
                "current" if i > 0 && lower[i - 1] == "then" => Some((i + 1, "PAST_REF")),
                "current" => Some((i + 1, "PRESENT_REF")),
                "recent" => Some((i + 1, "PAST_REF")),
                "the"
                    if next == Some("past")
                        && !lower.get(i + 2).is_some_and(|w| {
                            matches!(
                                w.as_str(),
                                "year" | "week" | "month" | "decade" | "day" | "few" | "several"
                            ) || word_number(w).is_some()
                                || w.parse::<f64>().is_ok()
                        }) =>
                {
                    Some((i + 2, "PAST_REF"))
                }
                "the" if next == Some("future") => Some((i + 2, "FUTURE_REF")),
                "at" if next == Some("present") => Some((i + 2, "PRESENT_REF")),
                _ => None,
            };
            if let Some((end, r)) = v {
                matched = Some((end, TimeValue::Ref(r.to_string())));
            }
        }
        // Recurrences: "daily", "every week", "each year".
        if matched.is_none() {
            let period = |unit: &str| match unit {
                "day" | "daily" | "night" | "nightly" => Some("P1D"),
                "week" | "weekly" => Some("P1W"),
                "month" | "monthly" => Some("P1M"),
                "quarter" | "quarterly" => Some("P1Q"),
                "year" | "yearly" | "annually" | "annual" => Some("P1Y"),
                "hour" | "hourly" => Some("PT1H"),
                _ => None,
            };
            let set = match lw {
                "daily" | "nightly" | "weekly" | "monthly" | "quarterly" | "annually" | "yearly" | "hourly" => {
                    // As an adverb or before a noun ("a weekly meeting" is still a recurrence).
                    period(lw).map(|p| (i + 1, p))
                }
                "every" | "each" => lower.get(i + 1).and_then(|u| period(u)).map(|p| (i + 2, p)),
                _ => None,
            };
            if let Some((end, p)) = set {
                matched = Some((end, TimeValue::Set(p.to_string())));
            }
        }
        // Seasons: "last fall", "this summer", "the spring of 2005", "winter 1998".
        if matched.is_none() {
            let season_at = |k: usize| -> Option<(&'static str, u32)> {
                match lower.get(k)?.as_str() {
                    "spring" => Some(("SP", 4)),
                    "summer" => Some(("SU", 7)),
                    "fall" | "autumn" => Some(("FA", 10)),
                    "winter" => Some(("WI", 1)),
                    _ => None,
                }
            };
            let (rel, k) = match lw {
                "last" | "this" | "next" | "past" => (Some(lw), i + 1),
                // "the summer", "the early summer": the one the text is in.
                "the" if matches!(lower.get(i + 1).map(String::as_str), Some("early" | "late")) => {
                    (Some("this"), i + 2)
                }
                "the" => (Some("this"), i + 1),
                _ => (None, i),
            };
            if let Some((code, month)) = season_at(k) {
                // An explicit year: "summer 1998", "the spring of 2005".
                let explicit = match lower.get(k + 1).map(String::as_str) {
                    Some("of") => lower
                        .get(k + 2)
                        .and_then(|y| year_number(y))
                        .map(|y| (y, k + 3))
                        .or_else(|| spoken_year(lower, k + 2).map(|(end, y)| (y, end))),
                    Some(y) => year_number(y).map(|y| (y, k + 2)),
                    None => None,
                };
                // "the Spring of Life" is a name, not a season.
                let of_name = explicit.is_none() && lower.get(k + 1).is_some_and(|x| x == "of");
                let value = match (explicit, rel, anchor) {
                    _ if of_name => None,
                    (Some((y, end)), _, _) => Some((end, y)),
                    (None, Some("this"), Some(a)) => Some((k + 1, a.year())),
                    // A bare season ("spring shows signs of hope") is the anchor's; "fall"
                    // alone is too often the verb.
                    (None, None, Some(a)) if lw != "fall" => Some((k + 1, a.year())),
                    (None, Some("last" | "past"), Some(a)) => {
                        Some((k + 1, if a.month() > month + 2 { a.year() } else { a.year() - 1 }))
                    }
                    (None, Some("next"), Some(a)) => {
                        Some((k + 1, if a.month() < month { a.year() } else { a.year() + 1 }))
                    }
                    _ => None,
                };
                if let Some((end, y)) = value {
                    matched = Some((end, TimeValue::Season(format!("{y}-{code}"))));
                }
            }
        }
        // A month on its own ("in December", "late November", "mid-November"): the nearest such month.
        let w = w
            .strip_prefix("mid-")
            .or_else(|| w.strip_prefix("early-"))
            .or_else(|| w.strip_prefix("late-"))
            .unwrap_or(w);
        if matched.is_none() {
            if let (Some(m), Some(a)) = (month_of(w), anchor) {
                let capital = w.chars().next().is_some_and(char::is_uppercase);
                // "May" the modal verb: only after a preposition or before a year/day does it name the month.
                let may_ok = lw != "may"
                    || i > 0
                        && matches!(
                            lower[i - 1].as_str(),
                            "in" | "since"
                                | "until"
                                | "by"
                                | "early"
                                | "late"
                                | "mid"
                                | "last"
                                | "next"
                                | "of"
                                | "through"
                        );
                let full_name = w.len() > 3 || w.ends_with('.');
                if capital && may_ok && (full_name || lw == "may") {
                    // In a clause about the future, a month later in the year (or earlier,
                    // then next year's) is ahead of the anchor; otherwise the nearest past one.
                    let ahead = future_context(lower, i).then(|| {
                        let y = if m >= a.month() { a.year() } else { a.year() + 1 };
                        NaiveDate::from_ymd_opt(y, m, 1)
                    });
                    // "last December" is behind the anchor's month, "next April" ahead
                    // of it, "this September" in the anchor's year.
                    let said = match i.checked_sub(1).map(|k| lower[k].as_str()) {
                        Some("last" | "past") => {
                            NaiveDate::from_ymd_opt(if m >= a.month() { a.year() - 1 } else { a.year() }, m, 1)
                        }
                        Some("next" | "coming") => {
                            NaiveDate::from_ymd_opt(if m <= a.month() { a.year() + 1 } else { a.year() }, m, 1)
                        }
                        Some("this") => NaiveDate::from_ymd_opt(a.year(), m, 1),
                        _ => None,
                    };
                    if let Some((y, end)) = of_relative_year(lower, i + 1, anchor) {
                        // "October of next year".
                        matched = Some((end, TimeValue::Month(format!("{y}-{m:02}"))));
                    } else if let Some(d) = said.or(ahead.flatten()).or_else(|| infer_year(a, m, 1)) {
                        matched = Some((i + 1, TimeValue::Month(d.format("%Y-%m").to_string())));
                    }
                }
            }
        }
        // Spoken years: "nineteen ninety-six", "the year two thousand".
        if matched.is_none() {
            if let Some((end, y)) = spoken_year(lower, i) {
                matched = Some((end, TimeValue::Year(y.to_string())));
            }
        }
        // "the nineties", "(the) 20th century" → 199, 19.
        if matched.is_none() {
            // The word after an optional "the".
            let k = if lw == "the" { i + 1 } else { i };
            let word = lower.get(k).map(String::as_str).unwrap_or("");
            let decade = [
                "twenties",
                "thirties",
                "forties",
                "fifties",
                "sixties",
                "seventies",
                "eighties",
                "nineties",
            ]
            .iter()
            .position(|d| *d == word);
            if let Some(d) = decade.filter(|_| k > i) {
                matched = Some((k + 1, TimeValue::Year(format!("19{}", d + 2))));
            } else if lower.get(k + 1).map(String::as_str) == Some("century") {
                let n = word
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .parse::<u32>()
                    .ok();
                if let Some(n) = n.filter(|n| (1..=21).contains(n) && word.len() > n.to_string().len()) {
                    matched = Some((k + 2, TimeValue::Year(format!("{:02}", n - 1))));
                }
            }
        }
        // Holidays: "Thanksgiving", "Christmas Day", "Election Day", "New Year's Eve".
        if matched.is_none() {
            if let (Some((end, month, day)), Some(a)) = (holiday_at(lower, i), anchor) {
                let last = i > 0 && lower[i - 1] == "last";
                let next = i > 0 && lower[i - 1] == "next";
                let on = |y: i32| day(y).and_then(|d| NaiveDate::from_ymd_opt(y, month, d));
                // The nearest one, unless "last" or "next" says which.
                let candidates = [on(a.year() - 1), on(a.year()), on(a.year() + 1)];
                let date = candidates
                    .into_iter()
                    .flatten()
                    .filter(|d| !(last && *d >= a || next && *d <= a))
                    .min_by_key(|d| ((*d - a).num_days().abs(), *d > a));
                if let Some(d) = date {
                    let start = if last || next { i - 1 } else { i };
                    out.push(TimeExpr {
                        span: span(start, end),
                        value: fmt(d),
                        part: None,
                    });
                    i = end;
                    continue;
                }
            }
        }
        // Numeric dates written without spaces: "12/25/2006", "7/8/07" (month first, as in
        // English news, unless the first number cannot be a month), "2009/06/01".
        if matched.is_none() {
            if let Some((end, d)) = slashed_date(&words, tokens, i, anchor) {
                matched = Some((end, fmt(d)));
            }
        }
        // Two-digit years after an apostrophe: "since '82" → 1982, "the '90s" → 199.
        // Not the second mark of a doubled quote (''60 Minutes'').
        let opens_word = i == 0 || tokens[i - 1].span.end < tokens[i].span.start;
        if matched.is_none()
            && w == "'"
            && opens_word
            && tokens.get(i + 1).is_some_and(|t| t.span.start == tokens[i].span.end)
        {
            let next = words.get(i + 1).copied().unwrap_or("");
            if next.len() == 2 && next.bytes().all(|b| b.is_ascii_digit()) {
                let year = two_digit_year(next.parse().unwrap_or(0), anchor);
                let decade = lower.get(i + 2).is_some_and(|x| x == "s")
                    && tokens
                        .get(i + 2)
                        .is_some_and(|t| t.span.start == tokens[i + 1].span.end);
                matched = Some(if decade {
                    (i + 3, TimeValue::Year(format!("{}", year / 10)))
                } else {
                    (i + 2, TimeValue::Year(year.to_string()))
                });
            }
        }
        // Decades: "the 1980s", "1990s" → 198, 199 (TIMEX3 writes a decade as its first three digits).
        if matched.is_none() {
            // One token ("1980s") or the number and its "s" (the tokenizer reads "s" as seconds).
            let split_s = lower.get(i + 1).map(String::as_str) == Some("s")
                && tokens.get(i + 1).is_some_and(|t| t.span.start == tokens[i].span.end);
            let digits = w.strip_suffix('s').or(split_s.then_some(w));
            if let Some(d) = digits.filter(|d| d.len() == 4 && d.ends_with('0')) {
                if let Some(y) = year_number(d).filter(|y| (1000..2100).contains(y)) {
                    let end = if split_s { i + 2 } else { i + 1 };
                    matched = Some((end, TimeValue::Year(format!("{}", y / 10))));
                }
            }
            // "the 70s", "'80s": a decade of the last century, unless it is someone's age
            // ("in her 70s", "aged in their late 60s").
            let age = (1..=3).any(|back| {
                i >= back
                    && matches!(
                        lower[i - back].as_str(),
                        "her" | "his" | "their" | "my" | "your" | "our" | "its" | "aged" | "age" | "ages"
                    )
            });
            if let Some(d) = digits.filter(|d| d.len() == 2 && d.ends_with('0') && *d >= "20" && !age) {
                if matched.is_none() {
                    let end = if split_s { i + 2 } else { i + 1 };
                    matched = Some((end, TimeValue::Year(format!("19{}", &d[..1]))));
                }
            }
        }
        // A year on its own: 1900–2099, not money or a measure.
        if matched.is_none() {
            if let Some(y) = year_number(w).filter(|y| (1900..2100).contains(y)) {
                let prev = if i > 0 { lower[i - 1].as_str() } else { "" };
                let next = lower.get(i + 1).map(String::as_str).unwrap_or("");
                let money = matches!(prev, "$" | "€" | "£" | "us$")
                    || matches!(
                        next,
                        "%" | "percent"
                            | "million"
                            | "billion"
                            | "shares"
                            | "people"
                            | "jobs"
                            | "units"
                            | "cars"
                            | "points"
                    );
                if !money {
                    matched = Some((i + 1, TimeValue::Year(y.to_string())));
                }
            }
        }
        // The quarter a text reports on is one of the four up to the anchor's:
        // an older one ("the 1988 second quarter" in 1989), or the year-ago
        // quarter just read, is a comparison and not what "a year earlier" is measured from.
        if let Some((_, TimeValue::Quarter(q))) = &matched {
            if let Some((y, n)) = q.split_once("-Q") {
                if let (Ok(y), Ok(n)) = (y.parse::<i32>(), n.parse::<u32>()) {
                    let recent = anchor.is_none_or(|a| {
                        let back = a.year() * 4 + (a.month0() / 3) as i32 - (y * 4 + n as i32 - 1);
                        (0..4).contains(&back)
                    });
                    if recent && !year_ago {
                        last_quarter = Some((y, n));
                    }
                }
            }
        }
        if let Some((end, value)) = matched {
            // "Thursday night", "Monday morning" — the part of day belongs to the expression.
            let mut end = end;
            let mut part = part_of_day(lower.get(end).map(String::as_str));
            if part.is_some() {
                end += 1;
            }
            // "tonight": the part of day is in the word itself ("this morning" was read above).
            if lw == "tonight" {
                part = Some("NI");
            }
            // Only a day has parts.
            let part = part.filter(|_| matches!(value, TimeValue::Date(_) | TimeValue::Weekday(_)));
            let part = clock.as_deref().or(part);
            if matches!(value, TimeValue::Date(_)) {
                last_date = Some(value.clone());
            }
            out.push(TimeExpr {
                span: span(i, end),
                value,
                part: part.map(str::to_string),
            });
            i = end;
        } else {
            i += 1;
        }
    }
    merge_clock_times(text, &mut out, &clock_only);
    out
}

/// The expressions already found in the sentence of token `i`, latest first.
fn in_sentence<'a>(
    out: &'a [TimeExpr],
    lower: &[String],
    tokens: &[Token],
    i: usize,
) -> impl Iterator<Item = &'a TimeExpr> {
    let start = lower[..i]
        .iter()
        .rposition(|w| matches!(w.as_str(), "." | "!" | "?"))
        .map_or(0, |k| tokens[k].span.end);
    out.iter().rev().take_while(move |e| e.span.start >= start)
}

/// The calendar year a value falls in, when it names one.
fn year_of(v: &TimeValue) -> Option<i32> {
    match v {
        TimeValue::Date(x)
        | TimeValue::Month(x)
        | TimeValue::Quarter(x)
        | TimeValue::Season(x)
        | TimeValue::Year(x)
            if x.len() >= 4 =>
        {
            x[..4].parse().ok()
        }
        _ => None,
    }
}

/// A year said in words at token `i`: "nineteen ninety-six", "nineteen
/// seventy nine", "(the year) two thousand (and one)". (end token, year).
fn spoken_year(lower: &[String], i: usize) -> Option<(usize, i32)> {
    let w = |k: usize| lower.get(k).map(String::as_str);
    let n = |k: usize| w(k).and_then(word_number);
    if w(i) == Some("the") && w(i + 1) == Some("year") && w(i + 2) == Some("two") && w(i + 3) == Some("thousand") {
        return match (w(i + 4), n(i + 5)) {
            (Some("and"), Some(x)) if (1.0..100.0).contains(&x) => Some((i + 6, 2000 + x as i32)),
            _ => Some((i + 4, 2000)),
        };
    }
    let century = n(i).filter(|c| (11.0..=20.0).contains(c))?;
    // "nineteen ninety-six" or "nineteen ninety six"; "nineteen oh five" is too rare to try.
    let tens = n(i + 1).filter(|t| (20.0..100.0).contains(t))?;
    let (rest, end) = match n(i + 2) {
        Some(o) if tens % 10.0 == 0.0 && (1.0..10.0).contains(&o) => (o, i + 3),
        _ => (0.0, i + 2),
    };
    Some((end, (century * 100.0 + tens + rest) as i32))
}

/// A holiday at token `i`: (end token, month, a function from year to day).
#[allow(clippy::type_complexity)]
fn holiday_at(lower: &[String], i: usize) -> Option<(usize, u32, Box<dyn Fn(i32) -> Option<u32>>)> {
    let w = |k: usize| lower.get(k).map(String::as_str);
    let fixed = |d: u32| -> Box<dyn Fn(i32) -> Option<u32>> { Box::new(move |_| Some(d)) };
    // The n-th given weekday of a month, e.g. the fourth Thursday of November.
    let nth = |month: u32, weekday: Weekday, n: u32| -> Box<dyn Fn(i32) -> Option<u32>> {
        Box::new(move |y| NaiveDate::from_weekday_of_month_opt(y, month, weekday, n as u8).map(|d| d.day()))
    };
    let day_word = |k: usize| matches!(w(k), Some("day"));
    let (end, month, f) = match w(i)? {
        "thanksgiving" => (
            if day_word(i + 1) { i + 2 } else { i + 1 },
            11,
            nth(11, Weekday::Thu, 4),
        ),
        "christmas" => match w(i + 1) {
            Some("eve") => (i + 2, 12, fixed(24)),
            Some("day") => (i + 2, 12, fixed(25)),
            _ => (i + 1, 12, fixed(25)),
        },
        "halloween" => (i + 1, 10, fixed(31)),
        "new" if w(i + 1) == Some("year's") || w(i + 1) == Some("year") && w(i + 2) == Some("'s") => {
            let k = if w(i + 1) == Some("year's") { i + 2 } else { i + 3 };
            match w(k) {
                Some("eve") => (k + 1, 12, fixed(31)),
                Some("day") => (k + 1, 1, fixed(1)),
                _ => return None,
            }
        }
        "independence" if day_word(i + 1) => (i + 2, 7, fixed(4)),
        // The Tuesday after the first Monday of November.
        "election" if day_word(i + 1) => (
            i + 2,
            11,
            Box::new(|y| NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Mon, 1).map(|d| d.day() + 1)) as Box<_>,
        ),
        _ => return None,
    };
    Some((end, month, f))
}

/// A clock time at token `i`: (hour, minute, end token). "10:35", "10:35 a.m.",
/// "6 p.m.", "0800" before a time zone.
fn clock_at(words: &[&str], lower: &[String], i: usize) -> Option<(u32, u32, usize)> {
    let w = words[i];
    let next = lower.get(i + 1).map(String::as_str);
    let meridiem = |x: Option<&str>| match x {
        Some("a.m." | "am" | "a.m") => Some(0),
        Some("p.m." | "pm" | "p.m") => Some(12),
        _ => None,
    };
    let (h, m, mut end) = if let Some((h, m)) = w.split_once(':') {
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h, m, i + 1)
    } else if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && matches!(next, Some("utc" | "gmt")) {
        (w[..2].parse().ok()?, w[2..].parse().ok()?, i + 1)
    } else if w.len() <= 2 && meridiem(next).is_some() {
        (w.parse().ok()?, 0, i + 1)
    } else {
        return None;
    };
    let mut h = h;
    if let Some(add) = meridiem(lower.get(end).map(String::as_str)) {
        if h == 12 {
            h = 0;
        }
        h += add;
        end += 1;
    }
    (h < 24 && m < 60).then_some((h, m, end))
}

/// "12:00 UTC Monday", "Monday at 10:35": a clock time next to a day is that
/// day's time, one expression.
fn merge_clock_times(text: &str, out: &mut Vec<TimeExpr>, clock_only: &[usize]) {
    let joins = |a: &TimeExpr, b: &TimeExpr| {
        let gap = text[a.span.end..b.span.start].trim();
        a.span.end <= b.span.start && matches!(gap, "" | "," | "at" | "on")
    };
    let mut only: Vec<bool> = (0..out.len()).map(|k| clock_only.contains(&k)).collect();
    let day = |e: &TimeExpr| matches!(e.value, TimeValue::Date(_) | TimeValue::Weekday(_)) && e.part.is_none();
    let mut k = out.len();
    while k > 1 {
        k -= 1;
        let (a, b) = (k - 1, k);
        let merged = if only[a] && day(&out[b]) && joins(&out[a], &out[b]) {
            Some((out[b].value.clone(), out[a].part.clone()))
        } else if only[b] && day(&out[a]) && joins(&out[a], &out[b]) {
            Some((out[a].value.clone(), out[b].part.clone()))
        } else {
            None
        };
        if let Some((value, part)) = merged {
            let span = Span::new(out[a].span.start, out[b].span.end);
            out[a] = TimeExpr { span, value, part };
            out.remove(b);
            only.remove(b);
            only[a] = false;
        }
    }
    // "made its first flight Tuesday in Everett at 18:00 UTC": a clock time
    // further from the one day its sentence names is still that day's time.
    let same_sentence = |x: &TimeExpr, y: &TimeExpr| {
        let (from, to) = if x.span.end <= y.span.start { (x, y) } else { (y, x) };
        let gap = &text[from.span.end..to.span.start.max(from.span.end)];
        !gap.contains('\n') && !gap.contains(". ") && !gap.contains("! ") && !gap.contains("? ")
    };
    for c in 0..out.len() {
        if !only[c] {
            continue;
        }
        let mut days = out
            .iter()
            .enumerate()
            .filter(|(k, e)| *k != c && !only[*k] && day(e) && same_sentence(&out[c], e))
            .map(|(_, e)| e.value.clone());
        if let (Some(v), None) = (days.next(), days.next()) {
            out[c].value = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    /// (text, value, part) of every expression.
    fn parts(text: &str, anchor: &str) -> Vec<(String, TimeValue, Option<String>)> {
        let a = NaiveDate::parse_from_str(anchor, "%Y-%m-%d").ok();
        let tokens = tokenize(text);
        find_times(text, &tokens, &crate::tokenize::lower_words(text, &tokens), a)
            .into_iter()
            .map(|t| (text[t.span.start..t.span.end].to_string(), t.value, t.part))
            .collect()
    }

    #[test]
    fn a_clock_time_takes_its_sentences_day_and_year_ends_are_read() {
        let got = parts(
            "The jet made its first flight Tuesday in Everett at 18:00 UTC. The deal should close by year-end; \
             the index is measured since year-end. Sales fell last month from the previous year. \
             Profit rose at the end of the year.",
            "2009-12-16",
        );
        let want: Vec<(String, TimeValue, Option<String>)> = vec![
            ("Tuesday".into(), d("2009-12-15"), None),
            ("18:00 UTC".into(), d("2009-12-15"), Some("18:00Z".into())),
            ("year-end".into(), d("2009-12-31"), None),
            ("year-end".into(), d("2008-12-31"), None),
            ("last month".into(), TimeValue::Month("2009-11".into()), None),
            ("the previous year".into(), TimeValue::Year("2008".into()), None),
            ("the end of the year".into(), TimeValue::Year("2009".into()), None),
        ];
        assert_eq!(got, want);
        let got = parts(
            "Sales fell 35% in January, compared to the same month a year ago. In February they rose \
             from the same period last year.",
            "2009-03-03",
        );
        let months: Vec<&TimeValue> = got.iter().map(|x| &x.1).collect();
        let m = |x: &str| TimeValue::Month(x.into());
        assert_eq!(months, [&m("2009-01"), &m("2008-01"), &m("2009-02"), &m("2008-02")]);
        // Two days in the sentence: the clock time keeps the anchor's day.
        // A state that lasts until a weekday ends on the next one, unless told in the past.
        let got = parts(
            "Markets are to remain closed until Friday. Until Friday, they had not called him a suspect.",
            "2008-09-17",
        );
        assert_eq!(got[0].1, d("2008-09-19"));
        assert_eq!(got[1].1, d("2008-09-12"));
        let got = parts(
            "He left Monday and came back Tuesday; the plane landed at 10:35.",
            "2009-12-16",
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[2], ("10:35".into(), d("2009-12-16"), Some("10:35".into())));
    }

    #[test]
    fn clock_times_parts_of_day_weekends_and_vague_lengths() {
        let got = parts(
            "The plane left at 18:00 UTC. Talks resume at 10:35 a.m. Monday and again Wednesday night. \
             Crowds came over the weekend after waiting for years; in recent weeks the current board met.",
            "2009-06-03",
        );
        let want: Vec<(String, TimeValue, Option<String>)> = vec![
            ("18:00 UTC".into(), d("2009-06-03"), Some("18:00Z".into())),
            ("10:35 a.m. Monday".into(), d("2009-06-01"), Some("10:35".into())),
            ("Wednesday night".into(), d("2009-06-03"), Some("NI".into())),
            ("the weekend".into(), TimeValue::Weekend("2009-W22-WE".into()), None),
            ("years".into(), TimeValue::Vague("PXY".into()), None),
            ("recent weeks".into(), TimeValue::Vague("PXW".into()), None),
            ("current".into(), TimeValue::Ref("PRESENT_REF".into()), None),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn spoken_years_decades_centuries_holidays_and_dated_weekdays() {
        check(
            "In January nineteen ninety-seven and in the year two thousand, as in the nineties \
             and the 20th century, and on Monday, Oct. 26 and last night. Thanksgiving is near.",
            Some("1998-11-20"),
            &[
                ("January nineteen ninety-seven", TimeValue::Month("1997-01".into())),
                ("the year two thousand", TimeValue::Year("2000".into())),
                ("the nineties", TimeValue::Year("199".into())),
                ("the 20th century", TimeValue::Year("19".into())),
                ("Monday, Oct. 26", d("1998-10-26")),
                ("last night", d("1998-11-19")),
                // The fourth Thursday of November, the nearest one.
                ("Thanksgiving", d("1998-11-26")),
            ],
        );
        check(
            "the 1980s",
            Some("1998-11-20"),
            &[("1980s", TimeValue::Year("198".into()))],
        );
        // A decade in two digits; an age is no decade.
        check(
            "Sales peaked in the 70s. She is in her 70s now.",
            Some("1998-11-20"),
            &[
                ("70s", TimeValue::Year("197".into())),
                ("now", TimeValue::Ref("PRESENT_REF".into())),
            ],
        );
    }

    fn check(text: &str, anchor: Option<&str>, want: &[(&str, TimeValue)]) {
        let a = anchor.map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let got = find_times(
            text,
            &tokenize(text),
            &crate::tokenize::lower_words(text, &tokenize(text)),
            a,
        );
        let got: Vec<(&str, TimeValue)> = got
            .iter()
            .map(|t| (&text[t.span.start..t.span.end], t.value.clone()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn recurrences_seasons_and_mid_months() {
        use TimeValue::*;
        let anchor = Some("1998-11-20");
        check("Prices are set daily.", anchor, &[("daily", Set("P1D".into()))]);
        check("It meets every week.", anchor, &[("every week", Set("P1W".into()))]);
        // In November, "last fall" is the one before this fall.
        check(
            "Sales fell last fall.",
            anchor,
            &[("last fall", Season("1997-FA".into()))],
        );
        check(
            "Sales rose last summer.",
            anchor,
            &[("last summer", Season("1998-SU".into()))],
        );
        check(
            "Work starts next spring.",
            anchor,
            &[("next spring", Season("1999-SP".into()))],
        );
        check(
            "It opened in the summer of 2005.",
            anchor,
            &[("the summer of 2005", Season("2005-SU".into()))],
        );
        check(
            "Talks resume in mid-November.",
            anchor,
            &[("mid-November", Month("1998-11".into()))],
        );
    }

    fn d(s: &str) -> TimeValue {
        TimeValue::Date(s.into())
    }

    #[test]
    fn months_and_days_without_a_year_take_the_side_their_words_say() {
        let month = |v: &str| TimeValue::Month(v.into());
        // "last" is behind the anchor's month, "this" in its year, whatever the distance.
        check(
            "Bankers received the memo last December.",
            Some("1989-11-02"),
            &[("December", month("1988-12"))],
        );
        check(
            "Holders approved the plan last April.",
            Some("1990-02-20"),
            &[("April", month("1989-04"))],
        );
        check(
            "The party must pay this September.",
            Some("1998-01-16"),
            &[("September", month("1998-09"))],
        );
        // A day and month in a clause about the future is the next one.
        check(
            "Mr. Schwarz will succeed him Feb. 1, the bank said.",
            Some("1989-11-02"),
            &[("Feb. 1", d("1990-02-01"))],
        );
        // An adjective in -ed is not a past verb, and "the plan" is not "plans to".
        check(
            "It would be paid on a still unspecified date in January.",
            Some("1989-11-02"),
            &[("January", month("1990-01"))],
        );
        check(
            "The thrift announced the plan Aug. 21.",
            Some("1989-10-05"),
            &[("Aug. 21", d("1989-08-21"))],
        );
    }

    #[test]
    fn of_last_year_and_of_next_year_move_months_and_quarters() {
        let q = |v: &str| TimeValue::Quarter(v.into());
        let month = |v: &str| TimeValue::Month(v.into());
        check(
            "Sales beat the first quarter of last year and the final quarter of 2009.",
            Some("2010-05-04"),
            &[
                ("the first quarter of last year", q("2009-Q1")),
                ("the final quarter of 2009", q("2009-Q4")),
            ],
        );
        check(
            "Leases end after October of next year.",
            Some("2010-05-04"),
            &[("October of next year", month("2011-10"))],
        );
        // "should" speaks of the future: the next October, not the last one.
        check(
            "The sale should be completed in October.",
            Some("2010-05-04"),
            &[("October", month("2010-10"))],
        );
    }

    #[test]
    fn slashed_dates_short_years_and_bare_seasons() {
        let y = |v: &str| TimeValue::Year(v.into());
        check(
            "It closed on 12/25/2006, again on 7/8/07 and on 25/12/2006, a 3/4 vote.",
            Some("2009-06-01"),
            &[
                ("12/25/2006", d("2006-12-25")),
                ("7/8/07", d("2007-07-08")),
                ("25/12/2006", d("2006-12-25")),
            ],
        );
        check(
            "Shares are at their lowest since '82, below the '90s.",
            Some("2009-06-01"),
            &[("'82", y("1982")), ("'90s", y("199"))],
        );
        // In a text of 1998, '05 is the coming year, not 1905.
        check("The plan runs to '05.", Some("1998-06-01"), &[("'05", y("2005"))]);
        // The second mark of a doubled quote does not open a year.
        check("He said on ''60 Minutes'' that he would go.", Some("1998-06-01"), &[]);
        check(
            "Spring shows signs of hope, said the Spring of Life group.",
            Some("2009-06-01"),
            &[("Spring", TimeValue::Season("2009-SP".into()))],
        );
    }

    #[test]
    fn a_year_earlier_is_measured_from_the_quarter_reported_on() {
        let q = |v: &str| TimeValue::Quarter(v.into());
        let y = |v: &str| TimeValue::Year(v.into());
        // Two comparisons with the reported quarter: both are that quarter a year before,
        // not a year before each other.
        check(
            "Profit rose in the third quarter from a year ago. Year-earlier results were restated.",
            Some("2003-11-05"),
            &[
                ("the third quarter", q("2003-Q3")),
                ("a year ago", q("2002-Q3")),
                ("Year-earlier", q("2002-Q3")),
            ],
        );
        // An older quarter named in passing does not become the reference.
        check(
            "Net rose in the third quarter. A charge hit the 2002 second quarter, unlike a year earlier.",
            Some("2003-11-05"),
            &[
                ("the third quarter", q("2003-Q3")),
                ("the 2002 second quarter", q("2002-Q2")),
                ("a year earlier", q("2002-Q3")),
            ],
        );
        check(
            "Sales for this year's first quarter beat next year's first quarter forecast.",
            Some("2003-11-05"),
            &[
                ("this year's first quarter", q("2003-Q1")),
                ("next year's first quarter", q("2004-Q1")),
            ],
        );
        // "the latest period" is the quarter reported on, once there is one.
        check(
            "Net rose in the third quarter. Sales in the latest period grew.",
            Some("2003-11-05"),
            &[("the third quarter", q("2003-Q3")), ("the latest period", q("2003-Q3"))],
        );
        check("Sales in the latest period grew.", Some("2003-11-05"), &[]);
        // A sentence about months compares with last year.
        check(
            "Net rose in the third quarter. For the nine months, sales grew from a year earlier.",
            Some("2003-11-05"),
            &[("the third quarter", q("2003-Q3")), ("a year earlier", y("2002"))],
        );
    }

    #[test]
    fn dates_normalise_against_publication_date() {
        // 2025-03-07 is a Friday.
        check(
            "The fire began on Thursday night.",
            Some("2025-03-07"),
            &[("Thursday night", d("2025-03-06"))],
        );
        check(
            "It began on March 6 and ended 8 March 2025.",
            Some("2025-03-07"),
            &[("March 6", d("2025-03-06")), ("8 March 2025", d("2025-03-08"))],
        );
        check(
            "Talks resume next Monday, after yesterday's vote.",
            Some("2025-03-07"),
            &[("next Monday", d("2025-03-10")), ("yesterday", d("2025-03-06"))],
        );
        check(
            "Inspectors will begin work on Saturday.",
            Some("2025-03-07"),
            &[("Saturday", d("2025-03-08"))],
        );
        check(
            "Talks will resume after the ministers met on Tuesday.",
            Some("2025-03-07"),
            &[("Tuesday", d("2025-03-04"))],
        );
        check(
            "He left two years ago, in March 2023.",
            Some("2025-03-07"),
            &[
                ("two years ago", TimeValue::Year("2023".into())),
                ("March 2023", TimeValue::Month("2023-03".into())),
            ],
        );
        check(
            "A decade ago the plant closed; a week ago it reopened.",
            Some("2025-03-07"),
            &[
                ("A decade ago", TimeValue::Year("2015".into())),
                ("a week ago", d("2025-02-28")),
            ],
        );
        check(
            "Shares fell yesterday and ended the day lower. The day after, they rose.",
            Some("2025-03-07"),
            &[("yesterday", d("2025-03-06")), ("the day", d("2025-03-06"))],
        );
        check(
            "The trial is set to begin on Wednesday.",
            Some("2006-03-28"),
            &[("Wednesday", d("2006-03-29"))],
        );
        check(
            "The bridge was set alight on Wednesday.",
            Some("2006-03-28"),
            &[("Wednesday", d("2006-03-22"))],
        );
        check(
            "On December 30 the port closed.",
            Some("2025-01-04"),
            &[("December 30", d("2024-12-30"))],
        );
    }

    #[test]
    fn without_an_anchor_weekdays_and_day_months_stay_constraints() {
        check(
            "It happened on Thursday, March 6.",
            None,
            &[
                ("Thursday", TimeValue::Weekday("Thursday".into())),
                ("March 6", TimeValue::MonthDay("--03-06".into())),
            ],
        );
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        check("Prices may rise 5 percent.", Some("2025-03-07"), &[]);
    }
}
