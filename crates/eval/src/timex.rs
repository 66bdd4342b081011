//! TempEval-3 style evaluation of date and duration normalisation on
//! TimeML files (TBAQ-cleaned): gold TIMEX3 spans and values from the
//! `<TEXT>` part, the creation time (DCT) as the anchor. A predicted
//! expression matches a gold one when their spans overlap (relaxed
//! extraction, one to one); its value is right when the strings are equal.
//! Value F1 = harmonic mean of (right values / predicted) and (right values / gold).

use chrono::NaiveDate;
use newsfuse_model::{AmountKind, TimeValue};
use std::path::Path;

/// One gold expression.
#[derive(Debug, Clone)]
pub struct GoldTimex {
    /// Byte start in the plain text.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// DATE, TIME, DURATION or SET.
    pub kind: String,
    /// The TIMEX3 value.
    pub value: String,
}

/// A parsed TimeML document.
pub struct TimeDoc {
    /// File name.
    pub name: String,
    /// Document creation time.
    pub dct: Option<NaiveDate>,
    /// The plain text of `<TEXT>`.
    pub text: String,
    /// Gold expressions.
    pub gold: Vec<GoldTimex>,
    /// A span that is metadata (a dateline): predictions inside it are not scored.
    pub exclude: Option<(usize, usize)>,
    /// End of the annotated part of the text; predictions after it are not scored.
    pub region_end: usize,
}

use crate::cat::{attr, unescape};

/// Parse one TimeML file.
pub fn parse_tml(name: &str, src: &str) -> TimeDoc {
    let dct = src
        .find("<DCT>")
        .and_then(|i| attr(&src[i..], "value"))
        .and_then(|v| NaiveDate::parse_from_str(v.get(..10).unwrap_or(""), "%Y-%m-%d").ok());
    let body = src.find("<TEXT>").map(|i| &src[i + 6..]).unwrap_or("");
    let body = &body[..body.find("</TEXT>").unwrap_or(body.len())];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&unescape(&rest[..lt]));
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g);
        let tag = &rest[lt + 1..gt];
        if tag.starts_with("TIMEX3") {
            open = Some((
                text.len(),
                attr(tag, "type").unwrap_or_default(),
                attr(tag, "value").unwrap_or_default(),
            ));
        } else if tag.starts_with("/TIMEX3") {
            if let Some((start, kind, value)) = open.take() {
                gold.push(GoldTimex {
                    start,
                    end: text.len(),
                    kind,
                    value,
                });
            }
        }
        rest = &rest[(gt + 1).min(rest.len())..];
    }
    text.push_str(&unescape(rest));
    let region_end = text.len();
    TimeDoc {
        name: name.to_string(),
        dct,
        text,
        gold,
        exclude: None,
        region_end,
    }
}

/// Parse one MEANTIME (CAT XML) document: the text is rebuilt from its
/// tokens (space-separated, one line per sentence); the TIMEX3 marked as
/// creation time is the anchor and is left out of the gold (it is the
/// dateline, metadata rather than text to normalise).
pub fn parse_meantime(name: &str, src: &str) -> TimeDoc {
    let (text, offsets) = crate::cat::tokens(src);
    let mut gold = Vec::new();
    let mut dct = None;
    let mut dct_span = None;
    for block in src.split("<TIMEX3 ").skip(1) {
        let head = &block[..block.find('>').unwrap_or(0)];
        if head.ends_with('/') {
            continue; // an empty TIMEX3 (no tokens)
        }
        let body = block.split("</TIMEX3>").next().unwrap_or("");
        let ids: Vec<String> = body
            .split("t_id=\"")
            .skip(1)
            .filter_map(|x| x.split('"').next().map(str::to_string))
            .collect();
        let spans: Vec<(usize, usize)> = ids.iter().filter_map(|i| offsets.get(i).copied()).collect();
        let (Some(start), Some(end)) = (spans.iter().map(|x| x.0).min(), spans.iter().map(|x| x.1).max()) else {
            continue;
        };
        let value = attr(head, "value").unwrap_or_default();
        if attr(head, "functionInDocument").as_deref() == Some("CREATION_TIME") {
            // A few creation times are written day first ("03-02-2009").
            let v = value.get(..10).unwrap_or("");
            dct = NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(v, "%d-%m-%Y"))
                .ok();
            dct_span = Some((start, end));
            continue;
        }
        gold.push(GoldTimex {
            start,
            end,
            kind: attr(head, "type").unwrap_or_default(),
            value,
        });
    }
    gold.sort_by_key(|g| g.start);
    // MEANTIME annotates events and times only in part of each article (the
    // opening sentences, more in some): the annotated region ends with the
    // last token an event or time markable is anchored to.
    let mut region_end = 0;
    for tag in ["<EVENT_MENTION ", "<TIMEX3 "] {
        for block in src.split(tag).skip(1) {
            let close = if tag.starts_with("<EVENT") {
                "</EVENT_MENTION>"
            } else {
                "</TIMEX3>"
            };
            let body = block.split(close).next().unwrap_or("");
            for id in body.split("t_id=\"").skip(1).filter_map(|x| x.split('"').next()) {
                if let Some(o) = offsets.get(id) {
                    region_end = region_end.max(o.1);
                }
            }
        }
    }
    if region_end == 0 {
        region_end = text.len();
    }
    TimeDoc {
        name: name.to_string(),
        dct,
        text,
        gold,
        exclude: dct_span,
        region_end,
    }
}

/// Read every `.tml` (TimeML) or `.xml` (MEANTIME) file under `dir`, sorted by path.
pub fn load(dir: &Path) -> Result<Vec<TimeDoc>, String> {
    let files = crate::cat::files_with(dir, &["tml", "xml"])?;
    let mut docs = files
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let name = p.file_name().unwrap().to_string_lossy();
            Ok(if p.extension().is_some_and(|x| x == "xml") {
                (parse_meantime(&name, &src), true)
            } else {
                (parse_tml(&name, &src), false)
            })
        })
        .collect::<Result<Vec<(TimeDoc, bool)>, String>>()?;
    // MEANTIME marks times only in the opening sentences of every article (the title
    // and the first five in the English release): the scope is the last sentence any
    // article has a time marked in, and what lies beyond it is not scored.
    let line_of = |d: &TimeDoc, at: usize| d.text[..at].matches('\n').count();
    let scope = docs
        .iter()
        .filter(|(_, cat)| *cat)
        .flat_map(|(d, _)| {
            d.gold
                .iter()
                .map(|g| line_of(d, g.start))
                .chain(d.exclude.map(|e| line_of(d, e.0)))
        })
        .max();
    if let Some(scope) = scope {
        for (d, _) in docs.iter_mut().filter(|(_, cat)| *cat) {
            let end = d.text.match_indices('\n').nth(scope).map_or(d.text.len(), |(i, _)| i);
            d.region_end = d.region_end.min(end);
        }
    }
    let mut docs: Vec<TimeDoc> = docs.into_iter().map(|(d, _)| d).collect();
    if docs.iter().all(|d| d.gold.is_empty()) {
        docs.clear();
    }
    crate::cat::found(
        dir,
        docs,
        "TimeML (*.tml) or MEANTIME (*.xml) files with TIMEX3 annotations",
    )
}

/// A TIMEX3 value for a normalised time value.
pub fn timex_value(v: &TimeValue) -> String {
    match v {
        TimeValue::Date(d)
        | TimeValue::Month(d)
        | TimeValue::Year(d)
        | TimeValue::Week(d)
        | TimeValue::Quarter(d)
        | TimeValue::Season(d)
        | TimeValue::Set(d)
        | TimeValue::Ref(d)
        | TimeValue::Vague(d)
        | TimeValue::Weekend(d) => d.clone(),
        TimeValue::Weekday(_) => "XXXX-XX-XX".into(),
        TimeValue::MonthDay(md) => format!("XXXX{}", &md[1..]),
    }
}

/// A TIMEX3 duration (`P3Y`, `PT5H`) for a number of seconds.
pub fn duration_value(secs: f64) -> String {
    let units: [(f64, &str, bool); 7] = [
        (31_557_600.0, "Y", false),
        (2_629_800.0, "M", false),
        (604_800.0, "W", false),
        (86_400.0, "D", false),
        (3600.0, "H", true),
        (60.0, "M", true),
        (1.0, "S", true),
    ];
    for (size, u, time) in units {
        let n = secs / size;
        if n >= 1.0 && (n - n.round()).abs() < 1e-6 {
            return format!("P{}{}{u}", if time { "T" } else { "" }, n.round() as u64);
        }
    }
    format!("PT{}S", secs.round() as u64)
}

/// A duration's TIMEX3 value in the unit its words used ("14 days" is P14D,
/// not P2W; "5 1/2 hours" is PT5H30M), else in the largest whole unit.
pub fn duration_value_as_written(secs: f64, words: &str) -> String {
    let unit = words
        .rsplit(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    let (size, u, time) = match unit.trim_end_matches('s') {
        "year" => (31_557_600.0, "Y", false),
        "quarter" => (7_889_400.0, "Q", false),
        "month" => (2_629_800.0, "M", false),
        "week" => (604_800.0, "W", false),
        "day" => (86_400.0, "D", false),
        "hour" => (3600.0, "H", true),
        "minute" => (60.0, "M", true),
        "second" => (1.0, "S", true),
        _ => return duration_value(secs),
    };
    let n = secs / size;
    if n >= 1.0 && (n - n.round()).abs() < 1e-6 {
        return format!("P{}{}{u}", if time { "T" } else { "" }, n.round() as u64);
    }
    // "two and a half years" is P2.5Y.
    if !time && n > 1.0 && ((n * 2.0) - (n * 2.0).round()).abs() < 1e-6 {
        return format!("P{n}{u}");
    }
    if u == "H" && n > 1.0 && ((n * 60.0) - (n * 60.0).round()).abs() < 1e-6 {
        return format!("PT{}H{}M", n.trunc() as u64, ((n.fract()) * 60.0).round() as u64);
    }
    duration_value(secs)
}

/// Predicted (start, end, value) of one document's text.
pub fn predict(doc: &TimeDoc) -> Vec<(usize, usize, String)> {
    let tokens = newsfuse_nlp::tokenize::tokenize(&doc.text);
    let lower = newsfuse_nlp::tokenize::lower_words(&doc.text, &tokens);
    let mut out: Vec<(usize, usize, String)> = newsfuse_nlp::time::find_times(&doc.text, &tokens, &lower, doc.dct)
        .into_iter()
        .map(|t| {
            let mut v = timex_value(&t.value);
            if let (Some(part), TimeValue::Date(_)) = (&t.part, &t.value) {
                v = format!("{v}T{part}");
            }
            (t.span.start, t.span.end, v)
        })
        .collect();
    for a in newsfuse_nlp::amount::find_amounts(&doc.text, &tokens, &lower) {
        if a.kind == AmountKind::Duration && !out.iter().any(|(s, e, _)| *s < a.span.end && a.span.start < *e) {
            out.push((
                a.span.start,
                a.span.end,
                duration_value_as_written(a.value, &doc.text[a.span.start..a.span.end]),
            ));
        }
    }
    if let Some((a, b)) = doc.exclude {
        out.retain(|(s, e, _)| *e <= a || *s >= b);
    }
    out.retain(|(s, _, _)| *s < doc.region_end);
    out.sort();
    out
}

/// The line around a span, for error listings.
fn context(text: &str, start: usize, end: usize) -> &str {
    let a = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let b = text[end..].find('\n').map_or(text.len(), |i| end + i);
    &text[a..b]
}

/// ISO week numbers have two digits; some gold values write "2000-W7".
fn same_week_form(v: &str) -> String {
    match v.split_once("-W") {
        Some((y, rest)) if y.len() == 4 => {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() == 1 {
                format!("{y}-W0{digits}{}", &rest[1..])
            } else {
                v.to_string()
            }
        }
        _ => v.to_string(),
    }
}

/// One written form per value: two-digit week numbers, and no trailing
/// unknown parts ("1949-XX" and "1997-XX-XX" say no more than "1949" and
/// "1997"; some TimeML files write them so).
fn canonical(v: &str) -> String {
    let mut v = same_week_form(v);
    while v.len() > 4 && v.ends_with("-XX") && v.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        v.truncate(v.len() - 3);
    }
    // A decade written "198X" is the TIMEX3 "198".
    if v.len() == 4 && v.ends_with('X') && v.as_bytes()[..3].iter().all(u8::is_ascii_digit) {
        v.truncate(3);
    }
    v
}

/// Scores over a corpus.
#[derive(Debug, Default, Clone, Copy)]
pub struct TimexScores {
    /// Gold expressions.
    pub gold: usize,
    /// Predicted expressions.
    pub predicted: usize,
    /// Predicted expressions overlapping a gold one.
    pub matched: usize,
    /// …whose value is also right.
    pub value_right: usize,
}

impl TimexScores {
    fn f(p: f64, r: f64) -> f64 {
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// (P, R, F1) of relaxed extraction.
    pub fn extraction(&self) -> (f64, f64, f64) {
        let p = self.matched as f64 / self.predicted.max(1) as f64;
        let r = self.matched as f64 / self.gold.max(1) as f64;
        (p, r, Self::f(p, r))
    }
    /// (P, R, F1) of values.
    pub fn value(&self) -> (f64, f64, f64) {
        let p = self.value_right as f64 / self.predicted.max(1) as f64;
        let r = self.value_right as f64 / self.gold.max(1) as f64;
        (p, r, Self::f(p, r))
    }
}

/// Score predictions against gold, one to one by overlap; `errors` receives
/// (gold text, gold value, predicted value or "-", the line) for misses and wrong values.
pub fn score(docs: &[TimeDoc], mut errors: impl FnMut(&str, &str, &str, &str)) -> TimexScores {
    let mut s = TimexScores::default();
    for d in docs {
        let pred = predict(d);
        s.gold += d.gold.len();
        s.predicted += pred.len();
        let mut used = vec![false; pred.len()];
        for g in &d.gold {
            let hit = (0..pred.len()).find(|&k| !used[k] && pred[k].0 < g.end && g.start < pred[k].1);
            match hit {
                Some(k) => {
                    used[k] = true;
                    s.matched += 1;
                    if canonical(&pred[k].2) == canonical(&g.value) {
                        s.value_right += 1;
                    } else {
                        errors(
                            &d.text[g.start..g.end],
                            &g.value,
                            &pred[k].2,
                            context(&d.text, g.start, g.end),
                        );
                    }
                }
                None => errors(&d.text[g.start..g.end], &g.value, "-", context(&d.text, g.start, g.end)),
            }
        }
        for (k, p) in pred.iter().enumerate() {
            if !used[k] {
                errors(&d.text[p.0..p.1], "-", &p.2, context(&d.text, p.0, p.1));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeml_is_read_with_offsets_into_the_plain_text() {
        let src = r#"<DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-01">March 1</TIMEX3></DCT><TEXT>Sales rose <TIMEX3 tid="t1" type="DATE" value="1998-02-27">on Friday</TIMEX3> &amp; fell for <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>.</TEXT>"#;
        let d = parse_tml("x.tml", src);
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(1998, 3, 1));
        assert_eq!(d.text, "Sales rose on Friday & fell for three days.");
        assert_eq!(&d.text[d.gold[0].start..d.gold[0].end], "on Friday");
        assert_eq!(d.gold[1].value, "P3D");
        let s = score(&[d], |_, _, _, _| {});
        assert_eq!((s.gold, s.value_right), (2, 2));
    }

    #[test]
    fn equal_values_written_differently_match() {
        assert_eq!(super::canonical("1949-XX"), "1949");
        assert_eq!(super::canonical("1997-XX-XX"), "1997");
        assert_eq!(super::canonical("1998-10-XX"), "1998-10");
        assert_eq!(super::canonical("2000-W7"), "2000-W07");
        assert_eq!(super::canonical("198X"), "198");
        // Unknown parts that are not trailing say something and stay.
        assert_eq!(super::canonical("XXXX-12-25"), "XXXX-12-25");
        assert_ne!(super::canonical("1998-XX-05"), "1998");
    }

    #[test]
    fn durations_become_timex_values() {
        assert_eq!(duration_value_as_written(14.0 * 86_400.0, "14 days"), "P14D");
        assert_eq!(duration_value_as_written(7.0 * 86_400.0, "seven-day"), "P7D");
        assert_eq!(duration_value_as_written(5.5 * 3600.0, "5 1/2 hours"), "PT5H30M");
        assert_eq!(duration_value_as_written(72.0 * 3600.0, "at least 72 hours"), "PT72H");
        assert_eq!(
            duration_value_as_written(2.5 * 31_557_600.0, "two and a half years"),
            "P2.5Y"
        );
        assert_eq!(duration_value(3.0 * 31_557_600.0), "P3Y");
        assert_eq!(duration_value(5.0 * 3600.0), "PT5H");
        assert_eq!(duration_value(14.0 * 86_400.0), "P2W");
    }
}
