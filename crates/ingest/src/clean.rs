//! Text-level junk removal and normalisation.
//!
//! Rules look at the *shape* of a block (length, position, leading cue word,
//! sentence punctuation, what precedes it), never at particular strings of a
//! particular site: picture credits, comment/subscribe/share prompts, "more
//! stories" link lists, a repeated headline, inline image data, bylines.

use crate::read::{source_or_stem, RawRecord};
use newsfuse_model::Document;
use regex::Regex;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

static DATA_URI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)data:[a-z]+/[a-z0-9.+-]+(;[a-z0-9=-]+)*(;base64)?,[A-Za-z0-9+/=%._-]*"#).unwrap()
});
static IMG_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<img\b[^>]*>|!\[[^\]]*\]\([^)]*\)").unwrap());
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\[(]?(photo(graph)?s?|image|picture|pictured|pic|credit|caption|illustration|video|graphic|file photo|main image|top image)\b\s*(by|credit)?\s*[:/|\-–—]").unwrap()
});
static AGENCY_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(/\s*(getty|afp|ap|reuters|epa|shutterstock|alamy)\b|\bvia getty images|^\(?(photo|image)s? by\b)")
        .unwrap()
});
static PROMPT_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(log ?in|sign ?in|sign ?up|register|subscribe|subscription|click here|tap here|follow us|share (this|on)|join the (conversation|discussion)|download (our|the) app|enable javascript|accept cookies|cookie)\b").unwrap()
});
static PROMPT_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(comments?|newsletters?|reply|continue reading|read more|read the full|to read|account|facebook|twitter|whatsapp|linkedin|email|app|inbox|updates|cookies?|javascript|conversation|discussion|article|story)\b").unwrap()
});
/// The heading of a block of links to other stories, as a whole block, in
/// the languages news comes in ("Related stories", "Schon gelesen?",
/// "Te puede interesar", "À lire aussi", "Czytaj też", "Leggi anche").
static LINK_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(more (stories|news|on this story|from \S+)|related( stories| articles| coverage| content| news| links)?|read (more|also|next)|see also|also read|most (read|popular|viewed)|popular (now|stories)|you (may|might) also like|recommended( for you)?|trending( now)?|latest (news|stories)|top stories|what to read next|further reading",
        r"|schon gelesen|(zum )?weiterlesen|weitere (themen|artikel|beiträge|nachrichten|news|meldungen)( zum thema| aus .{0,40}| zu .{0,40})?|aktuelle (themen|beiträge|artikel)|empfohlene (beiträge|artikel)|(das|dies) (thema )?könnte (dich|sie) auch interessieren|lesen sie auch( die folgenden beiträge)?|mehr zum thema( .{0,40})?|videos? zum thema|(ähnliche|verwandte) (beiträge|artikel|themen)|kommentierte artikel|meist ?gelesen(e artikel)?|beliebte (beiträge|artikel)|auch interessant|passend zum thema|mehr (dazu|aus .{0,30})",
        r"|más sobre .{0,40}|lo más (leído|visto)|(también )?te puede interesar|noticias relacionadas|más noticias|otras noticias",
        r"|(à )?lire aussi|sur le même sujet|les plus lus|articles similaires|à voir aussi|dans la même rubrique",
        r"|leia também|veja também|mais lidas|notícias relacionadas",
        r"|czytaj (też|także)|zobacz (też|także)|najczęściej czytane|powiązane artykuły",
        r"|leggi anche|potrebbe interessarti|articoli correlati|più letti",
        r")[\s:.…?!-]*$"
    ))
    .unwrap()
});
/// A picture credit or figure caption label in other languages than English
/// ("Foto: …", "Titelbild: …", "Crédits photos : …", "Abbildung 8: …").
static CREDIT_OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\[(]?((fotos?|bild(er|quelle|nachweis)?|titelbild|beitragsbild|headerbild|quelle|imagen|fotograf[ií]a|cr[ée]dits?( photos?)?|fuente|zdj[eę]cie|fot\.|źródło|copyright)\s*[:/|]|(abbildung|abb\.|figure|fig\.|grafik|gráfico|figura|rysunek|tabelle|table) \d+\s*:)").unwrap()
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|from)\s+(\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,3}(?:\s*(?:,|and|&)\s*\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,3})*)(?:\s*[|,–—-]\s*.{0,60})?$").unwrap()
});
/// "KESTROVA, March 7 (Coastal Wire) - " / "ORSK (Reuters) — " / "PARIS, Ukraine, 6 March -":
/// an upper-case place, optional region and date, optional agency, then a dash.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{Lu}\p{M} .'-]{1,40}?)(?:, \p{Lu}[\p{L}. ]{1,30}?)?(?:, (?:\p{L}{3,9}\.? \d{1,2}|\d{1,2} \p{L}{3,9}\.?)(?:,? \d{4})?)? ?(?:\([^)]{2,40}\))? ?[-–—]{1,2} ").unwrap()
});
/// Lead-ins of a link to another story, in the languages news comes in:
/// "Read also: …", "Lea más: …", "Lesen Sie auch: …", "Czytaj też: …".
static RELATED_LEADIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\[(»›>*•-]*\s*(read (more|also|next)|see also|also read|related( story| article)?|more on this|recommended|watch|listen|lea (más|también)|lee (más|también)|le puede interesar|te puede interesar|también te puede interesar|vea también|ver también|mira también|noticia relacionada|lire (aussi|également|la suite)|à lire (aussi|également)|voir aussi|sur le même sujet|lesen sie (auch|mehr|hier)|mehr zum thema|auch interessant|das könnte sie auch interessieren|siehe auch|czytaj (też|także|więcej)|zobacz (też|także)|przeczytaj (też|także)|polecamy|leggi anche|vedi anche|leia (mais|também)|veja também|saiba mais)\s*[:|»›>-]").unwrap()
});
/// A bare "see:" lead-in ("Lea: …", "MIRA: …", "Auch lesen: …"); it marks
/// a link only before a headline, not before a sentence (a speaker label).
static RELATED_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(lea|lee|mira|vea|auch lesen)\s*:\s*\S").unwrap());
/// Phrases that by themselves mark a short block as site furniture.
static FURNITURE_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(all rights reserved|todos los derechos reservados|alle rechte vorbehalten|tous droits réservés|wszelkie prawa zastrzeżone|tutti i diritti riservati|comments are moderated|will not be published|copyrighted property|written permission|without permission|subscribe now|sign up (for|to)|suscr[ií]bete|hazte miembro|abonnieren sie|jetzt abonnieren|abonnez-vous|inscrivez-vous|zapisz się|follow us|follow (the|our) \S+ on|s[ií]guenos|folgen sie uns|suivez-nous|obserwuj nas|canal de (telegram|youtube|whatsapp)|our (telegram|whatsapp|youtube) channel|to view the full story|already a subscriber|contenido relacionado|noticias relacionadas|artículos relacionados|ähnliche artikel|weitere artikel|articles similaires|powiązane artykuły)").unwrap()
});
static TIMESTAMP_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(published|updated|last updated|last modified|posted|first published|letzte aktualisierung|zuletzt aktualisiert|aktualisiert|veröffentlicht|actualizado|publicado|mis à jour|publié|aktualizacja|opublikowano)( on| at| am| el| le)?\s*[:\s]\s*\S.{0,60}$").unwrap()
});
/// Comment-section furniture: "32 Kommentare", "Leave a comment", "Cancel reply".
static COMMENT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(comments?|kommentare?n?|comentarios?|commentaires?|komentarze?|commenti|cancel reply|antworten abbrechen)\b").unwrap()
});
/// Site boilerplate that stays boilerplate in a paragraph of its own, however
/// long: advertiser and affiliate disclosures, letter-to-the-editor and app
/// prompts, appeals to support the site, placeholders of embedded content.
static DISCLOSURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(affiliate[- ]links?|one or more of our advertisers|advertisers do not influence|we may (receive|earn) (a )?(compensation|commission)|enthält (werbung|affiliate)|partnerlinks?",
        r"|(submit|send) (a|your) letter to the editor|letters? to the editor via",
        r"|apps? for (ios|android)|(ios|android) app (herunterladen|downloaden)",
        r"|(consider|would you consider) supporting (our|us)|support (our|independent) journalism|unterstütze[n]? (uns|unsere arbeit)",
        r"|(um|to) (den inhalt|the content) .{0,60}(zu laden|load)|inhalt (laden|nachladen)",
        r"|(by )?signing up (to|for) our",
        r")"
    ))
    .unwrap()
});

/// The outlet's own note on the story ("Editor's note:", "Note to readers:") opening a
/// paragraph or a sentence of one: a standing statement or a correction notice, not the
/// event. Group 1 is what comes before it.
/// A caption's labels left inline where a page's picture or video was ("Image copyright
/// Getty Images Image caption …", "Media caption …"): the labels and the credit between
/// them go, the caption's own words stay. Capitalised as labels are, so "the image
/// caption said" stays.
static INLINE_CAPTION_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:Image copyright\b[^.!?]{0,60}?\s)?(?:Image|Media|Video) caption\b\s*").unwrap());
static PUBLISHER_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|[.!?”’)]\s+)[\[(*_ ]*(editor['’]?s['’]? note|editorial note|note to readers|publisher['’]?s note|anmerkung der redaktion|note de la rédaction|nota del editor|nota della redazione)\s*[:.—–-]").unwrap()
});

/// Turn a raw record into a clean document with id `id`.
pub fn clean_record(rec: &RawRecord, id: &str) -> Document {
    let title = rec.title.as_deref().map(normalize_inline).unwrap_or_default();
    let (mut text, byline_authors) = clean_blocks(&title, &rec.blocks);
    let dateline = take_dateline(&mut text);
    let title = if title.is_empty() {
        // No title given: the first block, when it is short, is the headline.
        text.split("\n\n")
            .next()
            .filter(|b| b.len() <= 160)
            .unwrap_or("")
            .to_string()
    } else {
        title
    };
    let mut authors = rec.authors.clone();
    for a in byline_authors {
        if !authors.contains(&a) {
            authors.push(a);
        }
    }
    let mut doc = Document::new(id, &rec.path, &source_or_stem(rec), &title, text);
    doc.url = rec.url.clone();
    doc.published = rec.published.clone();
    doc.published_from = rec.published_from.clone();
    doc.modified = rec.modified.clone();
    doc.modified_from = rec.modified_from.clone();
    doc.authors = authors;
    doc.dateline = dateline;
    doc.language = guess_language(&doc.title, &doc.text);
    doc
}

/// Move a leading dateline out of the body; returns its place, title-cased.
fn take_dateline(text: &mut String) -> Option<String> {
    let m = DATELINE.captures(text)?;
    let place_raw = m.get(1)?.as_str().trim();
    // The place must be written in capitals (that is what marks a dateline).
    if place_raw.chars().filter(|c| c.is_alphabetic()).count() < 2 || place_raw.chars().any(|c| c.is_lowercase()) {
        return None;
    }
    let end = m.get(0)?.end();
    let place = place_raw
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    text.replace_range(..end, "");
    Some(place)
}

/// NFC, no control characters, no non-breaking or zero-width spaces, one
/// space between words.
fn normalize_inline(s: &str) -> String {
    // One pass; NFC composition only for text that may need it (a quick
    // check settles almost every block, and ASCII needs none).
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let mut push = |c: char| {
        // A tab is a space; other control characters (line breaks too) go.
        if c == '\t' || c.is_whitespace() && !c.is_control() {
            space = !out.is_empty();
        } else if c.is_control() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}') {
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    };
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.chars().for_each(&mut push);
    } else {
        s.nfc().for_each(&mut push);
    }
    out
}

fn ends_sentence(l: &str) -> bool {
    let l = l.trim_end_matches(['"', '\u{201d}', '\u{2019}', '\'', ')', ']']);
    l.ends_with(['.', '!', '?', ':'])
}

fn is_link_like(b: &str) -> bool {
    let stripped = b.trim_start_matches(['-', '*', '•', '·', '›', '»', ' ']);
    stripped.len() < 140 && !ends_sentence(stripped)
}

fn casefold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Clean a record's blocks; returns the body text (paragraphs joined by a
/// blank line) and the authors found in bylines.
pub fn clean_blocks(title: &str, blocks: &[String]) -> (String, Vec<String>) {
    clean_blocks_upto(title, blocks, usize::MAX)
}

/// The length in bytes of the body text [`clean_blocks`] makes of `blocks`,
/// or `enough` when it is at least that long: cleaning stops there, since
/// what follows can only add to it.
pub(crate) fn cleaned_len_upto(title: &str, blocks: &[String], enough: usize) -> usize {
    clean_blocks_upto(title, blocks, enough).0.len().min(enough)
}

fn clean_blocks_upto(title: &str, blocks: &[String], enough: usize) -> (String, Vec<String>) {
    let title_key = casefold(title);
    let mut kept: Vec<String> = Vec::new();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let mut kept_len = 0;
    let mut authors = Vec::new();
    let mut in_link_list = false;
    for raw in blocks {
        if kept_len >= enough {
            break;
        }
        let without_images = IMG_TAG.replace_all(raw, " ");
        let without_data = DATA_URI.replace_all(&without_images, " ");
        let mut b = normalize_inline(&without_data);
        if b.contains(" caption") {
            b = INLINE_CAPTION_LABEL.replace_all(&b, "").trim().to_string();
        }
        // The outlet's own note on the story, however long, is not its reporting; when a
        // text file runs it into the paragraph before, the paragraph ends where it opens.
        if let Some(c) = PUBLISHER_NOTE.captures(&b) {
            let cut = c.get(1).map_or(0, |lead| lead.end());
            b.truncate(cut);
            b.truncate(b.trim_end().len());
        }
        if b.is_empty() {
            continue;
        }
        if in_link_list {
            if is_link_like(&b) {
                continue;
            }
            in_link_list = false;
        }
        let short = b.chars().count() < 200;
        if LINK_HEADING.is_match(&b) {
            in_link_list = true;
            continue;
        }
        if short && (CREDIT.is_match(&b) || CREDIT_OTHER.is_match(&b) || AGENCY_CREDIT.is_match(&b)) {
            continue;
        }
        // A short block carrying a copyright sign is a credit or a footer.
        if b.contains('©') && b.split_whitespace().count() < 40 {
            continue;
        }
        if short && PROMPT_ACTION.is_match(&b) && PROMPT_OBJECT.is_match(&b) {
            continue;
        }
        if short && RELATED_BARE.is_match(&b) && !ends_sentence(&b) {
            continue;
        }
        if short && (RELATED_LEADIN.is_match(&b) || FURNITURE_PHRASE.is_match(&b)) {
            continue;
        }
        if b.split_whitespace().count() <= 6 && !ends_sentence(&b) && COMMENT_LINE.is_match(&b) {
            continue;
        }
        if b.chars().count() < 400 && DISCLOSURE.is_match(&b) {
            continue;
        }
        if short && TIMESTAMP_LINE.is_match(&b) {
            continue;
        }
        if !title_key.is_empty() && casefold(&b) == title_key {
            continue;
        }
        if short && kept.len() < 3 {
            if let Some(c) = BYLINE.captures(&b) {
                for name in c[1].split([',', '&']).flat_map(|p| p.split(" and ")) {
                    let n = name.trim();
                    if !n.is_empty() {
                        authors.push(n.to_string());
                    }
                }
                continue;
            }
        }
        // A block that is only punctuation or a lone symbol carries nothing.
        if !b.chars().any(char::is_alphanumeric) {
            continue;
        }
        // A block repeated verbatim (a pull quote, a repeated teaser) is kept once.
        if !seen.insert(b.clone()) {
            continue;
        }
        kept_len += b.len() + if kept.is_empty() { 0 } else { 2 };
        kept.push(b);
    }
    (kept.join("\n\n"), authors)
}

/// ISO 639-1 code of the document's language (whatlang's trigram model on
/// the title and the first 4,000 bytes), or `None` when the text is too
/// short or too mixed to tell.
fn guess_language(title: &str, text: &str) -> Option<String> {
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = format!("{title}\n{}", &text[..end]);
    let info = whatlang::detect(&sample)?;
    if !(info.is_reliable() || (info.confidence() > 0.5 && sample.len() > 200)) {
        return None;
    }
    Some(iso639_1(info.lang().code()).to_string())
}

/// whatlang's ISO 639-3 codes to ISO 639-1 where one exists.
pub fn iso639_1(code3: &str) -> &str {
    match code3 {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "pol" => "pl",
        "rus" => "ru",
        "ukr" => "uk",
        "ara" => "ar",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "tur" => "tr",
        "swe" => "sv",
        "dan" => "da",
        "fin" => "fi",
        "nob" => "nb",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hun" => "hu",
        "ell" => "el",
        "heb" => "he",
        "hin" => "hi",
        "ron" => "ro",
        "bul" => "bg",
        "hrv" => "hr",
        "srp" => "sr",
        "est" => "et",
        "lav" => "lv",
        "lit" => "lt",
        "cat" => "ca",
        "vie" => "vi",
        "ind" => "id",
        "tha" => "th",
        "pes" => "fa",
        "urd" => "ur",
        "ben" => "bn",
        "bel" => "be",
        "mkd" => "mk",
        "aze" => "az",
        "kat" => "ka",
        "hye" => "hy",
        "tgl" => "tl",
        "afr" => "af",
        "epo" => "eo",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::clean_blocks;

    fn check(title: &str, blocks: &[&str], want: &[&str]) {
        let blocks: Vec<String> = blocks.iter().map(|s| s.to_string()).collect();
        let (text, _) = clean_blocks(title, &blocks);
        let got: Vec<&str> = text.split("\n\n").filter(|s| !s.is_empty()).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn credits_prompts_and_link_lists_are_removed() {
        check(
            "Storm hits coast",
            &[
                "Storm hits coast",
                "By Anna Berg and Tom Ruiz",
                "Picture: Lena Hoff/Coast Daily",
                "The storm reached the coast at dawn.",
                "Log in to leave a comment",
                "MORE STORIES",
                "Council votes on budget",
                "- Rail strike called off",
                "Power was cut to 4,000 homes.",
                "Sign up for our morning newsletter",
            ],
            &["The storm reached the coast at dawn.", "Power was cut to 4,000 homes."],
        );
    }

    #[test]
    fn related_links_and_furniture_in_other_languages_are_removed() {
        check(
            "",
            &[
                "El Congreso aprobó la reforma el martes por la noche.",
                "Lea más: El Senado discutirá la ley la próxima semana",
                "LE PUEDE INTERESAR: La ficha del expresidente en Nueva York",
                "Lesen Sie auch: Neue Regeln für Mieter",
                "Czytaj też: Sejm przyjął ustawę",
                "© 2024 El Diario. Todos los derechos reservados.",
                "Follow The Daily on Twitter and Instagram.",
                "La votación terminó con 70 votos a favor.",
            ],
            &[
                "El Congreso aprobó la reforma el martes por la noche.",
                "La votación terminó con 70 votos a favor.",
            ],
        );
    }

    #[test]
    fn link_headings_credits_and_lead_ins_in_other_languages_are_removed() {
        check(
            "",
            &[
                "Der Stadtrat hat am Montag den Haushalt beschlossen.",
                "Titelbild: Maria Keller/Stadtanzeiger",
                "Abbildung 3: Entwicklung der Ausgaben seit 2015",
                "Marktplatz am Abend. © dpa / Jan Roth",
                "MIRA: Alcalde inaugura el nuevo mercado",
                "Schon gelesen?",
                "Neue Buslinie ab Dezember",
                "Schwimmbad öffnet wieder",
                "Die Opposition stimmte dagegen.",
                "Te puede interesar",
                "Sube el precio del transporte",
            ],
            &[
                "Der Stadtrat hat am Montag den Haushalt beschlossen.",
                "Die Opposition stimmte dagegen.",
            ],
        );
        // A speaker label before a sentence is not a "see also" lead-in.
        let long = "Lee: The council never asked us, and we will take the matter to court next month.";
        check("", &[long], &[long]);
    }

    #[test]
    fn disclosures_and_site_appeals_are_removed_even_when_long() {
        check(
            "",
            &[
                "The council approved the budget on Tuesday after a long debate.",
                "This post contains references to products from one or more of our advertisers. We may receive compensation when you click on links to those products, and the terms apply to every offer listed on this page.",
                "For the latest stories and breaking news updates download the Daily apps for iOS and Android.",
                "Submit your letter to the editor via this form.",
                "Letzte Aktualisierung am 2.02.2022",
                "Klicken Sie auf den Button, um den Inhalt von www.example.de zu laden.",
                "The vote was 7 to 2.",
            ],
            &["The council approved the budget on Tuesday after a long debate.", "The vote was 7 to 2."],
        );
        check(
            "",
            &[
                "32 Kommentare",
                "The mayor declined to comment.",
                "Cancel reply",
                "Leave a comment",
            ],
            &["The mayor declined to comment."],
        );
        // The outlet's note on the story goes, however long; a sentence quoting an
        // editor stays.
        let note = format!(
            "Editor\u{2019}s note: {}",
            "The candidate has repeatedly made statements this site considers false and has said so. ".repeat(8)
        );
        let quoted = "The paper's editor said the note was added after complaints.";
        check("", &[quoted, &note, "Note to readers: comments are closed."], &[quoted]);
        // Run into the paragraph before it, the note ends that paragraph.
        let run_on = format!("Trump did not react to the ruling on Monday. {note}");
        check(
            "",
            &[quoted, &run_on],
            &[quoted, "Trump did not react to the ruling on Monday."],
        );
        // A sentence of the article that mentions an app keeps its place.
        let kept = "The ministry said its new tax app had been downloaded 40,000 times since launch.";
        check("", &[kept], &[kept]);
    }

    #[test]
    fn inline_image_data_is_removed_but_sentence_kept() {
        check(
            "",
            &[
                "Crews arrived <img src=\"data:image/png;base64,iVBORw0KGgo=\"> at noon.",
                "![map](data:image/gif;base64,R0lGOD==)",
            ],
            &["Crews arrived at noon."],
        );
    }

    #[test]
    fn inline_caption_labels_and_credits_go_but_the_caption_and_story_stay() {
        check(
            "",
            &[
                "Image copyright Getty Images Image caption Rescuers worked through the night The boy was found alive on Sunday.",
                "Media caption Mr Obama spoke at the White House US President-elect Donald Trump met Barack Obama.",
                "The image caption said the photo was taken in 2019.",
            ],
            &[
                "Rescuers worked through the night The boy was found alive on Sunday.",
                "Mr Obama spoke at the White House US President-elect Donald Trump met Barack Obama.",
                "The image caption said the photo was taken in 2019.",
            ],
        );
    }

    #[test]
    fn datelines_become_metadata() {
        for (input, place, rest) in [
            (
                "KESTROVA, March 7 (Coastal Wire) - A fire broke out.",
                "Kestrova",
                "A fire broke out.",
            ),
            ("NEW YORK (AP) — Stocks fell.", "New York", "Stocks fell."),
            ("ORSK, 13 March 2025 - Rates rose.", "Orsk", "Rates rose."),
        ] {
            let mut t = input.to_string();
            assert_eq!(super::take_dateline(&mut t).as_deref(), Some(place));
            assert_eq!(t, rest);
        }
        let mut u = "A fire - the worst in years - broke out.".to_string();
        assert_eq!(super::take_dateline(&mut u), None);
    }

    #[test]
    fn byline_becomes_author() {
        let (text, authors) = clean_blocks("", &["By Maria Lind | Staff".into(), "Text here.".into()]);
        assert_eq!(authors, vec!["Maria Lind"]);
        assert_eq!(text, "Text here.");
    }

    #[test]
    fn ordinary_sentences_with_cue_words_survive() {
        check(
            "",
            &[
                "The photo agency said it would appeal.",
                "Voters can register until Friday, the electoral commission said in a statement on its website and in newspapers across the country.",
            ],
            &[
                "The photo agency said it would appeal.",
                "Voters can register until Friday, the electoral commission said in a statement on its website and in newspapers across the country.",
            ],
        );
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// The one-pass inline normaliser is NFC, without control and
        /// zero-width characters, with single spaces between words.
        #[test]
        fn inline_normalisation_is_nfc_with_single_spaces(s in "[ a-zA-Z\u{e9}\u{301}\u{a0}\t\n\u{200b}\u{3000}\u{1100}\u{1161}\u{11a8}.,]{0,40}") {
            use unicode_normalization::UnicodeNormalization;
            let reference: String = s
                .nfc()
                .map(|c| if c == '\t' { ' ' } else { c })
                .filter(|c| !c.is_control() && !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'))
                .collect();
            let reference = reference.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(super::normalize_inline(&s), reference);
        }

        /// The early-stopping length the HTML reader uses to decide on its
        /// fallback is the full cleaning's length, capped.
        #[test]
        fn capped_length_agrees_with_full_cleaning(
            blocks in proptest::collection::vec(
                proptest::prop_oneof![
                    "[A-Z][a-z]{2,9}( [a-z]{1,8}){2,9}[.]",
                    proptest::sample::select(vec![
                        "Photo: Reuters", "Related stories", "By Ann Lee", "Share this article",
                        "Fire at the port", "© 2025 Ledger", "A fire broke out at the terminal.",
                    ]).prop_map(str::to_string),
                ],
                0..12,
            ),
            enough in 0usize..400,
        ) {
            let full = super::clean_blocks("Fire at the port", &blocks).0.len();
            proptest::prop_assert_eq!(super::cleaned_len_upto("Fire at the port", &blocks, enough), full.min(enough));
        }
    }
}
