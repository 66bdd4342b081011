//! Publication dates from metadata, normalised to `YYYY-MM-DD`.

use chrono::{DateTime, NaiveDate};

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

#[cfg(test)]
mod tests {
    use super::normalize_date;

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
