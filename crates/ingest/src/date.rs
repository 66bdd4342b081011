//! Publication dates from metadata, normalised to `YYYY-MM-DD`.

use chrono::{DateTime, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// Metadata writes months loosely ("Febr.", "Sept"): any prefix of three letters or more.
fn month_number(word: &str) -> Option<u32> {
    newsfuse_model::calendar::month_number(word, true)
}

/// Normalise a metadata date ("2025-03-07", "2025-03-07T10:00:00Z",
/// "Fri, 07 Mar 2025 10:00:00 GMT", "March 7, 2025", "7 March 2025",
/// "07/03/2025" is ambiguous and rejected) to `YYYY-MM-DD`.
pub fn normalize_date(input: &str) -> Option<String> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive().format("%Y-%m-%d").to_string());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive().format("%Y-%m-%d").to_string());
    }
    // ISO date at the start, possibly followed by a time in any form.
    if s.len() >= 10 {
        if let Some(head) = s.get(..10) {
            if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
                return Some(d.format("%Y-%m-%d").to_string());
            }
        }
    }
    // Word forms: "March 7, 2025", "7 March 2025", "Mar. 7 2025".
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut day = None;
    let mut month = None;
    let mut year = None;
    for w in &words {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        if let Some(m) = month_number(w) {
            month.get_or_insert(m);
        } else if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
            year.get_or_insert(digits.parse::<i32>().ok()?);
        } else if (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            day.get_or_insert(digits.parse::<u32>().ok()?);
        }
    }
    let d = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// Month names in the languages of most news pages besides English,
/// January first: German, French, Spanish, Italian, Portuguese, Dutch.
/// English names and abbreviations come from the shared calendar.
const OTHER_MONTHS: [&[&str]; 12] = [
    &["januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "januari"],
    &[
        "februar",
        "feber",
        "février",
        "fevrier",
        "febrero",
        "febbraio",
        "fevereiro",
        "februari",
    ],
    &["märz", "maerz", "mars", "marzo", "março", "maart"],
    &["avril", "abril", "aprile"],
    &["mai", "mayo", "maggio", "maio", "mei"],
    &["juni", "juin", "junio", "giugno", "junho"],
    &["juli", "juillet", "julio", "luglio", "julho"],
    &["août", "aout", "agosto", "augustus"],
    &["septembre", "septiembre", "setiembre", "settembre", "setembro"],
    &["oktober", "octobre", "octubre", "ottobre", "outubro"],
    &["novembre", "noviembre", "novembro"],
    &["dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"],
];

/// The month number of a month word in running text, in any of the
/// languages above; abbreviations only in English ("Sept.", "Mar").
fn text_month(word: &str) -> Option<u32> {
    newsfuse_model::calendar::month_number(word, false).or_else(|| {
        let w = word.trim_end_matches('.').to_lowercase();
        OTHER_MONTHS
            .iter()
            .position(|names| names.contains(&w.as_str()))
            .map(|i| i as u32 + 1)
    })
}

/// Dates as pages print them: ISO and year-first slashes; day-first with
/// dots ("22.11.2026", the European form, never month-first); a day and a
/// month word ("22. November 2026", "22 de noviembre de 2026", "Nov. 22,
/// 2026"). Ambiguous slashed forms ("07/03/2026") are not read.
static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[^\d])(?P<iy>(?:19|20)\d\d)[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})(?:[^\d]|$)
        | (?:^|[^\d.])(?P<dd>\d{1,2})\.\s?(?P<dm>\d{1,2})\.\s?(?P<dy>(?:19|20)\d\d)(?:[^\d]|$)
        | \b(?P<wd>\d{1,2})(?:st|nd|rd|th|er|º)?[.,]?\s+(?:de\s+)?(?P<wm>\p{L}{3,10})\.?,?\s+(?:de\s+)?(?P<wy>(?:19|20)\d\d)\b
        | \b(?P<mm>\p{L}{3,10})\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<my>(?:19|20)\d\d)\b
        ",
    )
    .expect("static pattern")
});

/// The first calendar date written in a piece of page text, as `YYYY-MM-DD`.
pub(crate) fn date_in_text(text: &str) -> Option<String> {
    for c in TEXT_DATE.captures_iter(text) {
        let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let ymd = if let Some(y) = num("iy") {
            (y, num("im"), num("id"))
        } else if let Some(y) = num("dy") {
            (y, num("dm"), num("dd"))
        } else if let Some(y) = num("wy") {
            (y, c.name("wm").and_then(|m| text_month(m.as_str())), num("wd"))
        } else if let Some(y) = num("my") {
            (y, c.name("mm").and_then(|m| text_month(m.as_str())), num("md"))
        } else {
            continue;
        };
        if let (y, Some(m), Some(d)) = ymd {
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                return Some(date.format("%Y-%m-%d").to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{date_in_text, normalize_date};

    proptest::proptest! {
        #[test]
        fn a_text_date_is_always_a_real_calendar_date(text in "\\PC{0,80}", n in 0u32..40, m in 0u32..15, y in 1890u32..2110) {
            for t in [text.clone(), format!("{text} {n}.{m}.{y} {text}"), format!("{n} {text} {y}")] {
                if let Some(d) = date_in_text(&t) {
                    proptest::prop_assert!(chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").is_ok(), "{d}");
                }
            }
        }
    }

    #[test]
    fn dates_printed_on_pages_are_read_in_several_languages() {
        for (text, want) in [
            ("Posted on 2026-11-22 at 10:15", "2026-11-22"),
            ("Von Anna Berg | 22.11.2026, 10:15 Uhr", "2026-11-22"),
            ("22. November 2026", "2026-11-22"),
            ("Publié le 3 mars 2025 à 14h", "2025-03-03"),
            ("Madrid, 22 de noviembre de 2026", "2026-11-22"),
            ("Updated Nov. 22, 2026, 4:01 p.m.", "2026-11-22"),
            ("Sunday 1st March 2020", "2020-03-01"),
            ("pubblicato il 5 maggio 2021", "2021-05-05"),
            ("2019/04/30 — Tokyo", "2019-04-30"),
        ] {
            assert_eq!(date_in_text(text).as_deref(), Some(want), "{text}");
        }
        for text in [
            "07/03/2025",
            "call 030 22.11.20261",
            "the 31. Februar 2025 never was",
            "March 2025 was warm",
            "Page 3 of 12",
            "",
        ] {
            assert_eq!(date_in_text(text), None, "{text}");
        }
    }

    #[test]
    fn metadata_date_forms_normalise() {
        for (input, want) in [
            ("2025-03-07", "2025-03-07"),
            ("2025-03-07T22:10:00+01:00", "2025-03-07"),
            ("2025-03-07 10:00", "2025-03-07"),
            ("Fri, 07 Mar 2025 10:00:00 GMT", "2025-03-07"),
            ("March 7, 2025", "2025-03-07"),
            ("7 March 2025", "2025-03-07"),
            ("Sept. 7 2025", "2025-09-07"),
        ] {
            assert_eq!(normalize_date(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(normalize_date("yesterday"), None);
        assert_eq!(normalize_date("Marching 7 2025"), None);
        assert_eq!(normalize_date("February 30, 2025"), None);
    }
}
