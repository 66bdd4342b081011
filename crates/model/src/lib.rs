//! Plain data types shared by every newsfuse stage.
//!
//! Nothing here does I/O. Every span is a pair of **byte offsets into
//! [`Document::text`]**; stages add layers to a document but never rewrite
//! the text or an earlier layer's offsets, so any claim can be traced back
//! to the exact characters an outlet published.
//!
//! ```
//! use newsfuse_model::{Document, Span};
//! let doc = Document::new("d1", "a.txt", "Wire", "Title", "Ships sank.".into());
//! let span = Span::new(0, 5);
//! assert_eq!(doc.slice(span), "Ships");
//! ```
#![warn(missing_docs)]

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod calendar;
pub mod names;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// One cleaned article: the unit every later stage works on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id within a run (`d1`, `d2`, … in input order).
    pub id: String,
    /// Where it was read from (file path, `path#n` for records inside a file, `-` for stdin).
    pub path: String,
    /// The outlet (front matter, metadata, or the file stem).
    pub source: String,
    /// Headline.
    pub title: String,
    /// Original address, when known.
    pub url: Option<String>,
    /// Publication date as `YYYY-MM-DD`, when known.
    pub published: Option<String>,
    /// Where the publication date came from (`front matter`, `json-ld`, `meta`, `time element`, `url`, `text`, `record`).
    pub published_from: Option<String>,
    /// Last modification date as `YYYY-MM-DD`, kept apart from `published`.
    pub modified: Option<String>,
    /// Where the modification date came from.
    pub modified_from: Option<String>,
    /// Authors from a byline or metadata.
    pub authors: Vec<String>,
    /// ISO 639-1 language code, when identified.
    pub language: Option<String>,
    /// The place of a dateline ("KESTROVA, March 7 (Wire) -"), moved out of the body.
    pub dateline: Option<String>,
    /// The cleaned body text. All offsets in every layer index into this string.
    pub text: String,
}

impl Document {
    /// A document with the required fields; the rest empty.
    pub fn new(id: &str, path: &str, source: &str, title: &str, text: String) -> Self {
        Document {
            id: id.into(),
            path: path.into(),
            source: source.into(),
            title: title.into(),
            url: None,
            published: None,
            published_from: None,
            modified: None,
            modified_from: None,
            authors: Vec::new(),
            language: None,
            dateline: None,
            text,
        }
    }
    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }
}

/// A problem met while reading or analysing input. Stages return their best
/// result plus diagnostics; only the CLI decides what is fatal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file (or `file#record`) concerned.
    pub path: String,
    /// What went wrong, in one line.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A token: a word, number or punctuation mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where it is.
    pub span: Span,
}

/// A sentence: a span and the range of its tokens in [`Annotated::tokens`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where it is.
    pub span: Span,
    /// Index of its first token.
    pub first_token: usize,
    /// One past the index of its last token.
    pub end_token: usize,
}

/// Entity types, as in CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub enum EntityType {
    /// A person.
    #[serde(rename = "PERSON")]
    Person,
    /// An organisation.
    #[serde(rename = "ORG")]
    Org,
    /// A place.
    #[serde(rename = "LOC")]
    Loc,
    /// Other names: nationalities, events, products.
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    /// The CoNLL tag suffix (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn conll(self) -> &'static str {
        match self {
            EntityType::Person => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }
    /// The dossier name (`PERSON`, `ORG`, `LOC`, `MISC`).
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            _ => self.conll(),
        }
    }
    /// Parse a CoNLL suffix.
    pub fn from_conll(s: &str) -> Option<Self> {
        match s {
            "PER" | "PERSON" => Some(EntityType::Person),
            "ORG" => Some(EntityType::Org),
            "LOC" => Some(EntityType::Loc),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MentionKind {
    /// A name found by the recogniser.
    Name,
    /// A title or description resolved to a named person ("the minister").
    Nominal,
    /// A pronoun resolved to a named person.
    Pronoun,
}

/// One mention of an entity in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it is.
    pub span: Span,
    /// Its type.
    pub etype: EntityType,
    /// How it refers.
    pub kind: MentionKind,
    /// Index into [`Annotated::entities`] (in-document coreference cluster).
    pub entity: usize,
}

/// A role or title held by a person, as the text states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The role as written, trimmed ("the bank's chief economist").
    pub text: String,
    /// A normalised form for comparison ("chief economist").
    pub normalized: String,
    /// Where it is.
    pub span: Span,
    /// The organisation the role belongs to, when its words give one
    /// ("the foreign ministry's spokeswoman" → "foreign ministry").
    #[serde(default)]
    pub org: Option<String>,
    /// The country it serves, when its words give one ("German Chancellor" → "Germany").
    #[serde(default)]
    pub country: Option<String>,
}

/// A person, organisation, place or other name within one document
/// (the in-document coreference cluster of its mentions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocEntity {
    /// The fullest name used in the document.
    pub name: String,
    /// Its type.
    pub etype: EntityType,
    /// Indices into [`Annotated::mentions`].
    pub mentions: Vec<usize>,
    /// Roles and titles the document gives it.
    pub roles: Vec<Role>,
}

/// How a quote is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A whole sentence (or more) in quotation marks.
    Direct,
    /// A quoted fragment inside the reporter's sentence.
    Partial,
    /// Reported speech without quotation marks ("X said that …").
    Reported,
}

/// Something a speaker said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted content (without the quotation marks).
    pub span: Span,
    /// The cue: the verb or phrase that attributes it ("said", "according to").
    pub cue: String,
    /// Where the cue is.
    pub cue_span: Option<Span>,
    /// The speaker as written in the attribution ("he", "the spokeswoman", "Ilves").
    pub speaker_text: Option<String>,
    /// The speaker resolved to an entity of the document.
    pub speaker: Option<usize>,
    /// Direct, partial or reported.
    pub kind: QuoteKind,
}

/// A normalised time value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum TimeValue {
    /// A calendar date, `YYYY-MM-DD`.
    Date(String),
    /// An ISO week, `YYYY-Www`.
    Week(String),
    /// A quarter, `YYYY-Qn`.
    Quarter(String),
    /// A vague reference: `PRESENT_REF`, `PAST_REF` or `FUTURE_REF`.
    Ref(String),
    /// A month, `YYYY-MM`.
    Month(String),
    /// A year, `YYYY`, or a decade, `YYY` ("the 1980s" is `198`).
    Year(String),
    /// A weekday without an anchor (`Monday` … `Sunday`): a constraint, not a date.
    Weekday(String),
    /// A day and month without a year, `--MM-DD`: a constraint.
    MonthDay(String),
    /// A season, `YYYY-SP|SU|FA|WI`.
    Season(String),
    /// A recurrence ("daily", "every week"): its period, `P1D`, `P1W`, …
    Set(String),
    /// A duration of unknown length in a known unit ("for years", "in recent
    /// weeks"): `PXY`, `PXM`, `PXW`, `PXD`.
    Vague(String),
    /// A weekend, `YYYY-Www-WE`.
    Weekend(String),
}

/// A date or time expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Where it is.
    pub span: Span,
    /// The normalised value.
    pub value: TimeValue,
    /// The part of the day, TIMEX3 style (`MO`, `AF`, `EV`, `NI`): "Thursday night".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// What an amount measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmountKind {
    /// Money, with a currency unit.
    Money,
    /// A percentage.
    Percent,
    /// A duration, in seconds.
    Duration,
    /// A count of things, unit = the counted noun.
    Count,
}

/// A number with its unit, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// Where it is (the whole expression).
    pub span: Span,
    /// The kind of quantity.
    pub kind: AmountKind,
    /// The value in base units (currency units, percent, seconds, items).
    pub value: f64,
    /// Currency code, `%`, `s`, or the counted noun.
    pub unit: String,
    /// Qualifier ("about", "at least", "nearly"), when present.
    pub approx: Option<String>,
}

/// A document with the layers of per-document analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotated {
    /// The document.
    pub doc: Document,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Entity mentions in text order.
    pub mentions: Vec<Mention>,
    /// In-document entities (coreference clusters).
    pub entities: Vec<DocEntity>,
    /// Quotes.
    pub quotes: Vec<Quote>,
    /// Date and time expressions.
    pub times: Vec<TimeExpr>,
    /// Amounts.
    pub amounts: Vec<Amount>,
}

impl Annotated {
    /// The index of the sentence that contains byte `pos`.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        (i < self.sentences.len() && self.sentences[i].span.start <= pos).then_some(i)
    }
}

// ---------------------------------------------------------------------------
// Dossier: the JSON contract of DESIGN.md.
// ---------------------------------------------------------------------------

/// A pointer to the exact characters that back a claim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct Citation {
    /// Document id.
    pub document: String,
    /// First byte in that document's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `title` when the bytes are in the document's title; absent for its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// All dossiers of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DossierSet {
    /// One dossier per story.
    pub stories: Vec<Dossier>,
}

/// A document as listed in a dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DossierDocument {
    /// Document id.
    pub id: String,
    /// Where it was read from.
    pub path: String,
    /// Outlet.
    pub source: String,
    /// Headline.
    pub title: String,
    /// `YYYY-MM-DD`, when known.
    pub published: Option<String>,
    /// When this document is a syndicated or near-identical copy: the id of the original.
    pub copy_of: Option<String>,
    /// `syndicated` (another outlet's copy) or `revision` (the same outlet or address again), with `copy_of`.
    pub copy_kind: Option<String>,
}

/// The event date and the documents that support it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct When {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Documents that give (or agree with) this date.
    pub documents: Vec<String>,
    /// Where the supporting expressions are.
    pub citations: Vec<Citation>,
}

/// A place of the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Where {
    /// The place name.
    pub name: String,
    /// Entity id of the place.
    pub entity: String,
    /// Documents that name it.
    pub documents: Vec<String>,
}

/// A role of an entity with the documents that give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DossierRole {
    /// The role as first written.
    pub text: String,
    /// Other wordings of the same role.
    pub variants: Vec<String>,
    /// Its organisation, when a source gives it.
    pub org: Option<String>,
    /// Its country, when a source gives it.
    pub country: Option<String>,
    /// Documents that give it.
    pub documents: Vec<String>,
    /// Where.
    pub citations: Vec<Citation>,
}

/// An alias and the sources that used it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AliasUse {
    /// The surface form.
    pub name: String,
    /// Outlets that used it.
    pub sources: Vec<String>,
}

/// An entity of a story, linked across its documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DossierEntity {
    /// Id within the dossier (`e1`, …).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// `PERSON`, `ORG`, `LOC` or `MISC`.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Every other surface form used.
    pub aliases: Vec<String>,
    /// Which outlets used which surface form.
    pub alias_sources: Vec<AliasUse>,
    /// Roles and titles.
    pub roles: Vec<DossierRole>,
    /// Documents that mention it.
    pub documents: Vec<String>,
    /// Number of distinct independent sources that mention it.
    pub sources: usize,
    /// Mentions over all documents (names, titles and pronouns).
    pub mentions: usize,
    /// For a people's adjective ("Chinese", "Canadians"): the id of the place
    /// of the story it names. The adjective stays an entity of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// A statement, possibly reported by several outlets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DossierQuote {
    /// Entity id of the speaker, when resolved.
    pub speaker: Option<String>,
    /// The speaker's name, or the description given for an unnamed speaker.
    pub speaker_name: Option<String>,
    /// The statement, as first reported.
    pub text: String,
    /// `direct`, `partial` or `reported`.
    pub kind: QuoteKind,
    /// Documents that carry it.
    pub documents: Vec<String>,
    /// Number of distinct independent sources.
    pub sources: usize,
    /// Where each document has it.
    pub citations: Vec<Citation>,
}

/// A fact: (subject, predicate, object), with everything that backs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fact {
    /// Id within the dossier (`f1`, …).
    pub id: String,
    /// Subject: an entity name or `event`.
    pub subject: String,
    /// Predicate (`date`, `place`, `role`, `said`, an amount's measure, …).
    pub predicate: String,
    /// Object, normalised where possible.
    pub object: String,
    /// Documents that back it.
    pub documents: Vec<String>,
    /// Number of distinct independent sources (syndicated copies count once).
    pub sources: usize,
    /// True when only one independent source backs it.
    pub single_source: bool,
    /// Where each document says it.
    pub citations: Vec<Citation>,
    /// Ids of facts that contradict this one.
    pub conflicts: Vec<String>,
}

/// A sentence of the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SummarySentence {
    /// The sentence.
    pub text: String,
    /// Where it comes from (≥ 1).
    pub citations: Vec<Citation>,
}

/// A dated event of the story's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The sentence that dates it.
    pub text: String,
    /// Where.
    pub citations: Vec<Citation>,
}

/// The sourced dossier of one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Dossier {
    /// Story id (`s1`, …).
    pub id: String,
    /// A headline for the story (the most central document's title).
    pub headline: String,
    /// Its documents.
    pub documents: Vec<DossierDocument>,
    /// The event date, when the sources give one.
    pub when: Option<When>,
    /// The places, most supported first.
    #[serde(rename = "where")]
    pub places: Vec<Where>,
    /// Entities, most mentioned first.
    pub entities: Vec<DossierEntity>,
    /// Statements, most reported first.
    pub quotes: Vec<DossierQuote>,
    /// Facts.
    pub facts: Vec<Fact>,
    /// Extractive summary.
    pub summary: Vec<SummarySentence>,
    /// Dated events.
    pub timeline: Vec<TimelineEntry>,
    /// Which outlet reports which fact.
    pub coverage: Coverage,
    /// Who did what (with `when` and `where` above: the event frame).
    pub frame: Frame,
}

/// The event frame: the participants ranked by salience and corroboration,
/// and the main event phrase.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Frame {
    /// Participants, most central first.
    pub who: Vec<Participant>,
    /// The main event, as the lead of the most central article words it.
    pub what: Option<EventPhrase>,
}

/// A participant of the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Participant {
    /// The entity's name, or the phrase of an unnamed participant ("several people").
    pub name: String,
    /// Entity id, when the participant is a named entity.
    pub entity: Option<String>,
    /// Documents whose lead makes it the subject of the event.
    pub lead_documents: Vec<String>,
    /// Distinct independent sources that mention it.
    pub sources: usize,
}

/// The phrase that says what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventPhrase {
    /// The phrase.
    pub text: String,
    /// Where it is.
    pub citations: Vec<Citation>,
}

/// The coverage matrix of a story: a row per fact, a column per outlet.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    /// The outlets, in the order of the cells (most facts first).
    pub outlets: Vec<String>,
    /// One row per fact, in the order of `facts`.
    pub rows: Vec<CoverageRow>,
}

/// One fact's row of the coverage matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CoverageRow {
    /// Fact id.
    pub fact: String,
    /// Per outlet: whether it reports the fact, and how.
    pub cells: Vec<CoverageCell>,
    /// True when one independent source alone backs the fact.
    pub single_source: bool,
}

/// How an outlet stands to a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CoverageCell {
    /// The outlet does not report it.
    None,
    /// The outlet reports it in its own article.
    Reports,
    /// The outlet reports it only in a syndicated copy of another outlet's article.
    Copy,
}
