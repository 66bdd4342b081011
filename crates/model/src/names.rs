//! Word lists about names that more than one stage needs.

/// Abbreviated company legal forms, lower-case and without a final period:
/// written after a name they make it a company's ("Chrysler LLC", "Apple Inc.").
pub const LEGAL_FORM_ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "llc", "llp", "lp", "ltd", "plc", "nv", "n.v", "bv", "b.v", "sa", "s.a", "ag", "se", "gmbh",
    "spa", "s.p.a", "oyj", "asa", "pty",
];

/// Legal forms written as words; inside a name they may also be its head
/// ("Group of Seven"), so only the end of an organisation's name drops them.
pub const LEGAL_FORM_WORDS: &[&str] = &["incorporated", "corporation", "company", "limited", "group", "holdings"];

/// Whether a lower-case word without its final period is a legal form.
pub fn is_legal_form_word(w: &str) -> bool {
    LEGAL_FORM_ABBREVIATIONS.contains(&w) || LEGAL_FORM_WORDS.contains(&w)
}
