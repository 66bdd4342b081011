//! English calendar words, shared by every stage that reads or compares
//! dates ([`crate::TimeValue::Weekday`] holds one of [`WEEKDAY_NAMES`]).

/// Month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday names, Monday first (ISO order).
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The month number (1–12) of a month word, with or without a final period:
/// the full name, its three-letter abbreviation, or "Sept". With
/// `allow_prefix`, any longer prefix of the name too ("Febr."), as metadata
/// writes it; running text keeps the strict form so that "Marc" stays a name.
pub fn month_number(word: &str, allow_prefix: bool) -> Option<u32> {
    let w = word.trim_end_matches('.');
    // Called on every token: no allocation, and most words fail on length or letters.
    if !(3..=9).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if w.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTH_NAMES
        .iter()
        .position(|m| {
            m.eq_ignore_ascii_case(w)
                || ((w.len() == 3 || allow_prefix) && w.len() < m.len() && m[..w.len()].eq_ignore_ascii_case(w))
        })
        .map(|i| i as u32 + 1)
}

/// The weekday index (0 = Monday) of a weekday word: the full name or a
/// three- or four-letter abbreviation ("Thu", "Thur."), any case.
pub fn weekday_index(word: &str) -> Option<usize> {
    let w = word.trim_end_matches('.');
    if !(3..=9).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    WEEKDAY_NAMES.iter().position(|d| {
        d.eq_ignore_ascii_case(w) || ((w.len() == 3 || w.len() == 4) && d[..w.len()].eq_ignore_ascii_case(w))
    })
}

/// True when `word` is a weekday written in full.
pub fn is_full_weekday(word: &str) -> bool {
    WEEKDAY_NAMES.iter().any(|d| d.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_and_weekday_words() {
        assert_eq!(month_number("Sept.", false), Some(9));
        assert_eq!(month_number("mar", false), Some(3));
        assert_eq!(month_number("May", false), Some(5));
        assert_eq!(month_number("Marc", false), None);
        assert_eq!(month_number("Febr.", true), Some(2));
        assert_eq!(month_number("Marching", true), None);
        assert_eq!(weekday_index("Thur."), Some(3));
        assert_eq!(weekday_index("sunday"), Some(6));
        assert_eq!(weekday_index("Sunny"), None);
        assert!(is_full_weekday("friday") && !is_full_weekday("Fri"));
    }
}
