use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ids::{ClaimId, DateId, EntityId, EventId, QuantityId, Record, SentenceId, TokenId};
use crate::LayerSet;

/// One article: its body text, where it came from, and every annotation
/// the stages added. All `start`/`end` pairs are Unicode code-point offsets
/// into `text` (end exclusive).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// Stable content hash of `text` (first 128 bits of SHA-256, hex).
    pub id: String,
    pub source: Source,
    #[serde(default)]
    pub meta: Meta,
    /// The exact body text analysed, original characters untouched.
    pub text: String,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    /// Word tokens with their clitic analysis; written only on request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
    /// Named entities (PER, ORG, LOC, MISC). Filled by the NER stage.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Actors resolved across aliases. Reserved: filled by the actors stage.
    #[serde(default)]
    pub actors: Vec<Actor>,
    /// Places resolved on the map. Reserved: filled by the geoparser.
    #[serde(default)]
    pub places: Vec<Place>,
    /// Normalised dates. Reserved: filled by the dates stage.
    #[serde(default)]
    pub dates: Vec<DateMention>,
    /// Normalised quantities. Reserved: filled by the quantities stage.
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    /// Events (who did what to whom). Filled by the events stage.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Claims and who asserted them. Filled by the events stage.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Claims that disagree about the same event. Filled by the events
    /// stage, with the claims (the `claims` layer).
    #[serde(default)]
    pub contradictions: Vec<Contradiction>,
    /// The text's words for name matching (the `name_words` layer), cut
    /// once by the `words` stage for the stages that match names; not
    /// serialised, and dropped when the pipeline is done with a document.
    #[serde(skip)]
    #[schemars(skip)]
    pub name_words: Vec<NameWord>,
    /// The layers the stages run so far have written.
    #[serde(skip)]
    #[schemars(skip)]
    pub layers: LayerSet,
    /// Code-point offsets of `text` for the stages (see [`Document::offsets`]).
    #[serde(skip)]
    #[schemars(skip)]
    pub offset_cache: crate::OffsetCache,
}

/// A word of a text for name matching (gazetteer keys, actor aliases):
/// byte and code-point ranges, search key, and whether it may continue a
/// phrase begun by the word before it. Cut by `marsad_text::words`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameWord {
    pub start: usize,
    pub end: usize,
    pub cstart: usize,
    pub cend: usize,
    pub key: compact_str::CompactString,
    /// Its clitic-stripped readings after the unsplit one (`وحلب` →
    /// `حلب`), cut once for every stage that reads names.
    pub splits: smallvec::SmallVec<[NameSplit; 1]>,
    /// Only spaces, quotes or a dash separate it from the previous word
    /// (`هيئة «تحرير الشام»` is one phrase; a comma, a full stop or a line
    /// break ends a phrase).
    pub joins: bool,
}

/// A clitic-stripped reading of a [`NameWord`]: the stripped prefix's
/// length in bytes and the search key of the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSplit {
    pub prefix_len: usize,
    pub key: compact_str::CompactString,
}

impl Document {
    pub fn new(text: String, source: Source, meta: Meta) -> Self {
        Self {
            id: content_id(&text),
            source,
            meta,
            text,
            ..Self::default()
        }
    }

    /// Byte and code-point offsets of `text`, built once for all stages.
    pub fn offsets(&self) -> std::borrow::Cow<'_, crate::OffsetMap> {
        self.offset_cache.get(&self.text)
    }

    /// Whether a stage has written `layer` on this document.
    pub fn has(&self, layer: crate::Layer) -> bool {
        self.layers.contains(layer)
    }

    /// The text of a code-point span, or `None` when it is out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end {
            return None;
        }
        let mut it = self.text.char_indices().map(|(i, _)| i);
        let b0 = if start == 0 {
            0
        } else {
            it.nth(start)
                .or_else(|| (self.text.chars().count() == start).then_some(self.text.len()))?
        };
        let b1 = if end == start {
            b0
        } else {
            let mut it = self.text[b0..].char_indices().map(|(i, _)| i + b0);
            match it.nth(end - start) {
                Some(b) => b,
                None if self.text[b0..].chars().count() == end - start => self.text.len(),
                None => return None,
            }
        };
        self.text.get(b0..b1)
    }

    /// Every span the document carries, as (what, start, end, claimed text).
    /// Used by tests that check spans slice `text` exactly.
    pub fn spans(&self) -> Vec<(&'static str, usize, usize, Option<&str>)> {
        let mut out = Vec::new();
        for s in &self.sentences {
            out.push(("sentence", s.start, s.end, None));
        }
        for t in &self.tokens {
            out.push(("token", t.start, t.end, None));
            for m in &t.morphs {
                out.push(("morph", m.start, m.end, None));
            }
        }
        for e in &self.entities {
            out.push(("entity", e.start, e.end, Some(e.text.as_str())));
        }
        for a in &self.actors {
            for m in &a.mentions {
                out.push(("actor", m.start, m.end, Some(m.text.as_str())));
            }
        }
        for p in &self.places {
            for m in &p.mentions {
                out.push(("place", m.start, m.end, Some(m.text.as_str())));
            }
        }
        for d in &self.dates {
            out.push(("date", d.start, d.end, Some(d.text.as_str())));
        }
        for q in &self.quantities {
            out.push(("quantity", q.start, q.end, Some(q.text.as_str())));
        }
        for e in &self.events {
            out.push(("event", e.start, e.end, Some(e.text.as_str())));
            for p in &e.participants {
                out.push(("participant", p.start, p.end, Some(p.text.as_str())));
            }
        }
        for c in &self.claims {
            out.push(("claim", c.start, c.end, None));
            for m in c.speaker.iter().chain(&c.verb) {
                out.push(("claim part", m.start, m.end, Some(m.text.as_str())));
            }
        }
        out
    }
}

/// Stable id of a text: the first 128 bits of its SHA-256, in hex.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a document came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// File path, URL, or `-` for standard input.
    pub location: String,
    /// The reader that produced the document: `text`, `html`, `jsonl`,
    /// `feed`, `warc`.
    pub reader: String,
    /// Position of the record inside a multi-document input, from 1: the
    /// line number for JSON Lines, the entry, record or item number for
    /// feeds, WARC files and JSON arrays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
}

/// Article metadata; absent fields are omitted from JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Meta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date or date-time, ISO 8601 (`2019-03-03` or
    /// `2019-03-03T10:15:00+03:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// View count shown on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub views: Option<u64>,
    /// The outlet or site that published the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Sources the article lists (a trailing `المصادر:` block, say).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }
}

/// A sentence span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Sentence {
    #[serde(default)]
    pub id: SentenceId,
    pub start: usize,
    pub end: usize,
}

/// What a token is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    #[default]
    Word,
    Number,
    Punct,
    Symbol,
}

/// A token. `norm` is its normalised search key (diacritics and tatweel
/// stripped, alef/yeh/teh marbuta folded, digits ASCII).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Token {
    #[serde(default)]
    pub id: TokenId,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// The token's search key (the normalised form names are matched on).
    // Compact: short keys are stored inline, without an allocation.
    #[schemars(with = "String")]
    pub norm: compact_str::CompactString,
    /// The sentence holding the token.
    pub sentence: SentenceId,
    /// Clitic analysis as sub-spans of the token (empty when the token has
    /// no clitic): proclitics, article, then the stem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub morphs: Vec<Morph>,
    /// Byte offsets into `text`, for stages; not serialised.
    #[serde(skip)]
    #[schemars(skip)]
    pub bytes: (usize, usize),
}

impl Token {
    /// The stem sub-span (the whole token when it has no clitic).
    pub fn stem(&self) -> (usize, usize) {
        self.morphs
            .iter()
            .find(|m| m.kind == MorphKind::Stem)
            .map(|m| (m.start, m.end))
            .unwrap_or((self.start, self.end))
    }
}

/// A piece of a token found by clitic analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Morph {
    pub start: usize,
    pub end: usize,
    pub kind: MorphKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MorphKind {
    /// و or ف
    Conjunction,
    /// ب ك ل
    Preposition,
    /// س before an imperfect verb
    Future,
    /// ال (or the ل of لل)
    Article,
    Stem,
}

/// Entity types of the NER model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum EntityLabel {
    PER,
    ORG,
    LOC,
    MISC,
}

/// A named-entity span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    #[serde(default)]
    pub id: EntityId,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: EntityLabel,
    /// Model confidence in [0, 1], where the model gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// A span of text that refers to something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An actor resolved across its mentions: one entry per distinct actor of
/// the document. Filled by the actors stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Actor {
    /// Knowledge-base id (`hts`, `syr-gov`, `usa-state-dept`), a derived
    /// id for a country's branch (`tur-mil`), or a document-local id
    /// (`local:…`) for people the knowledge base does not know.
    pub id: String,
    /// Arabic name (the knowledge base's, or the text's for local actors).
    pub name: String,
    pub mentions: Vec<ActorMention>,
    /// English name, where the knowledge base has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Latin-script name: the English name where there is one, else the
    /// romanised Arabic name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_latn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActorKind>,
    /// ACLED-style actor category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<ActorCategory>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Wikidata item, `Q…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Roles and titles of a person, with the organisation they refer to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<ActorRole>,
    /// Name attributes of a person (kunya, nisba).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<ActorAttribute>,
    /// Larger bodies the actor belongs to or pledged allegiance to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affiliations: Vec<ActorAffiliation>,
}

/// What an actor is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    State,
    StateForces,
    GovernmentBody,
    ArmedGroup,
    PoliticalParty,
    InternationalOrganisation,
    Ngo,
    Media,
    Community,
    Person,
}

/// ACLED-style actor category.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActorCategory {
    StateForces,
    RebelGroup,
    PoliticalMilitia,
    IdentityMilitia,
    Protesters,
    Civilians,
    ExternalOther,
}

/// How a mention was linked to its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A name, alias, acronym or former name of the actor.
    Alias,
    /// A generic reference (`الهيئة`, `النظام`) resolved in context.
    Generic,
    /// A title or role naming an office (`الرئيس التركي`).
    Role,
    /// A short form (surname, kunya) of a person named earlier.
    Short,
    /// A document-local actor (a person the knowledge base lacks).
    Local,
}

/// One mention of an actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActorMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub link: LinkKind,
}

/// A role or title of a person (`المتحدث باسم الجيش`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActorRole {
    /// The title as written, organisation excluded (`المتحدث باسم`).
    pub title: String,
    /// The actor the role belongs to, where it was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Code-point span of the whole role phrase.
    pub start: usize,
    pub end: usize,
}

/// A name attribute of a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActorAttribute {
    /// `kunya` (أبو محمد) or `nisba` (الحلبي).
    pub kind: String,
    pub value: String,
    /// Romanised value.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub latn: String,
}

/// A link from an actor to a larger body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActorAffiliation {
    /// Knowledge-base id of the larger body.
    pub id: String,
    /// `member`, `allegiance`, `part_of`, `successor_of`, `coalition`, `leader_of`, `spokesperson_of`.
    pub relation: String,
}

/// A place resolved on the map: one entry per distinct place of the
/// document, with every mention of it. Filled by the places stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Place {
    /// Gazetteer id: `wof:<id>`, `gn:<id>` (GeoNames) or `cur:<slug>`
    /// (marsad's curated list); a document-local `unk:<n>` when unresolved.
    pub id: String,
    /// Arabic name (the gazetteer's, or the text's when unresolved).
    pub name: String,
    pub mentions: Vec<Mention>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    pub resolved: bool,
    /// English name, where the gazetteer has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Latin-script name: the English name where the gazetteer has one,
    /// else the romanised Arabic name (so unresolved places have one too).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_latn: String,
    /// External ids (Who's On First, GeoNames, Wikidata).
    #[serde(default, skip_serializing_if = "PlaceIds::is_empty")]
    pub ids: PlaceIds,
    /// Gazetteer place type: `country`, `region`, `county`, `localadmin`,
    /// `locality`, `neighbourhood`, `landform`, `crossing`, `camp`,
    /// `airport`, `facility`, `area`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_type: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Administrative parents, outermost first (country, region, district).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub admin: Vec<AdminUnit>,
    /// How precise the coordinates are for what the text names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PlacePrecision>,
    /// Confidence in the resolution, in [0, 1].
    #[serde(default)]
    pub confidence: f32,
    /// Places considered, best first, when the name is ambiguous or the
    /// evidence weak (empty when resolved with confidence).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<PlaceCandidate>,
}

/// External identifiers of a place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlaceIds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wof: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames: Option<i64>,
    /// Wikidata item, `Q…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

impl PlaceIds {
    pub fn is_empty(&self) -> bool {
        *self == PlaceIds::default()
    }
}

/// One level of a place's administrative chain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AdminUnit {
    pub id: String,
    pub name: String,
    /// `country`, `region` (governorate, province) or `county` (district).
    pub level: String,
}

/// The granularity of a resolved place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PlacePrecision {
    Country,
    Region,
    District,
    Locality,
    Neighbourhood,
    Point,
}

/// A candidate considered for an ambiguous place name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlaceCandidate {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub place_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub score: f32,
}

/// A date expression in the text, normalised to the Gregorian calendar.
/// Filled by the dates stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DateMention {
    #[serde(default)]
    pub id: DateId,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO 8601 value at the mention's precision: `2019-10-09`, `2019-W41`,
    /// `2019-10`, `2019`; an interval `2019-03-03/2019-03-05` for ranges
    /// (and `2017/2018` for a Hijri year). Absent when the date is
    /// impossible or could not be anchored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<DatePrecision>,
    /// What the value was computed from: the text alone, or the
    /// publication date (relative and year-less dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<DateAnchor>,
    /// False when the mention has no value: a relative date in a document
    /// without a publication date, or an impossible date.
    #[serde(default)]
    pub anchored: bool,
    /// Offset from the publication date, for relative mentions: `-1 day`,
    /// `+1 month`, `0 week`, `-3 day`; `last sunday`, `next friday` for
    /// weekday names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
    /// First and last day (or month, year) of a range or of a converted
    /// Hijri period, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<DateRange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<DateFlag>,
}

/// How precise a date value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

/// What a date value was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DateAnchor {
    /// The text gives the date in full.
    Absolute,
    /// Computed from `meta.published`.
    Publication,
    /// The year was taken from the latest full date in the text (the
    /// document has no publication date).
    Text,
}

/// Both ends of a date range, ISO 8601, inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DateRange {
    pub start: String,
    pub end: String,
}

/// Remarks on how a date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateFlag {
    /// The year was taken from the publication date (`12 آب`).
    InferredYear,
    /// Converted from the Hijri calendar (Umm al-Qura).
    Hijri,
    /// The text names a date that does not exist (`31 فبراير`).
    Invalid,
    /// A part of the day is named (`مساء الأحد`).
    PartOfDay,
    /// The weekday written next to the date does not match it.
    WeekdayMismatch,
}

/// A quantity expression: a number, what it counts, and how exact it is.
/// Filled by the quantities stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quantity {
    #[serde(default)]
    pub id: QuantityId,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The number (for a range or a vague amount, its lower end: `مئات`
    /// is 200 with `range` 200–999).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Bounds of a range (`بين 10 و15`) or of a vague amount (`عشرات`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<QuantityRange>,
    /// Canonical unit (`fighters`, `killed`, `families`, `percent`, `km`,
    /// ISO 4217 codes such as `USD`, `SYP`), or the noun's own text when
    /// it is not in the lexicon (see `unit_known`). Absent for a bare
    /// number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether `unit` is a canonical unit rather than raw text.
    #[serde(default)]
    pub unit_known: bool,
    /// True when the text leaves the unit ambiguous and `unit` was chosen
    /// from the document: a bare `ريال`, `دينار` or `جنيه` takes the
    /// currency the article names elsewhere, else that of the country its
    /// places are mostly in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unit_from_context: bool,
    /// The counted noun (or currency, or unit word) in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_mention: Option<Mention>,
    /// True when the text says the number is not exact.
    #[serde(default)]
    pub approximate: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<QuantityQualifier>,
    /// What the amount is per (`family`, `person`, `month`, `day`) when
    /// it is a rate (`لكل عائلة`, `شهرياً`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
}

/// Bounds of a quantity, inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuantityRange {
    pub min: f64,
    pub max: f64,
}

/// How the text qualifies a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuantityQualifier {
    /// `نحو`, `حوالي`, `قرابة`, `زهاء`, `ما يقارب`, `تقريباً`.
    About,
    /// `أكثر من`, `ما يزيد على`: the value is a lower bound (exclusive).
    MoreThan,
    /// `ما لا يقل عن`, `على الأقل`: the value is a lower bound.
    AtLeast,
    /// `أقل من`: the value is an upper bound (exclusive).
    LessThan,
    /// `ما لا يزيد على`, `حتى`: the value is an upper bound.
    AtMost,
    /// `بين 10 و15`, `من 3 إلى 5`, `10-15`.
    Range,
    /// `بضعة`, `عدة`: a few (3 to 9).
    Few,
    /// `عشرات`: 20–99 (a plural of tens: at least two).
    Tens,
    /// `مئات`: 200–999.
    Hundreds,
    /// `آلاف`: 2,000–9,999.
    Thousands,
    /// `ملايين`: 2–9.99 million.
    Millions,
}

/// An event: who did what to whom, where and when, in PLOVER terms.
/// Filled by the events stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    #[serde(default)]
    pub id: EventId,
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// PLOVER mode, where the type has one and the trigger names it
    /// (`aerial`, `shelling`, `withdraw`, `ceasefire`, `arrest`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The trigger: the verb or verbal noun that names the event.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Ids of the actors who acted (knowledge-base or `local:` ids).
    #[serde(default)]
    pub actor: Vec<String>,
    /// Ids of the actors acted upon.
    #[serde(default)]
    pub recipient: Vec<String>,
    /// The mentions the roles were read from, with their actor id where
    /// the actors stage resolved one (`مسلحون مجهولون` has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    /// Where it happened: a place id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Where a movement started (`من`), a place id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Where a movement went (`إلى`, `نحو`), a place id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The date mention of the sentence, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateId>,
    /// True when the text gives no date: the publication date is assumed.
    #[serde(default)]
    pub date_assumed: bool,
    /// Quantities of the sentence with what they count for the event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<EventQuantity>,
    pub sentence: SentenceId,
    pub polarity: Polarity,
    pub modality: Modality,
    /// The claim whose content holds the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<ClaimId>,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

/// PLOVER event types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    /// The PLOVER name (`ASSAULT`).
    pub fn name(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// The type of a PLOVER name, any case.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// A role of an event read from a mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Participant {
    pub role: ParticipantRole,
    /// The actor id, when the mention is one of an actor's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParticipantRole {
    Actor,
    Recipient,
}

/// A quantity of an event's sentence and what it counts for the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventQuantity {
    pub id: QuantityId,
    pub role: QuantityRole,
    /// The quantity's value (copied for convenience).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// What a quantity counts in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuantityRole {
    Fighters,
    Killed,
    Injured,
    Arrested,
    Displaced,
    /// Civilians, families and family members moved or affected.
    Civilians,
    Protesters,
    Money,
}

impl QuantityRole {
    pub fn name(self) -> &'static str {
        match self {
            QuantityRole::Fighters => "fighters",
            QuantityRole::Killed => "killed",
            QuantityRole::Injured => "injured",
            QuantityRole::Arrested => "arrested",
            QuantityRole::Displaced => "displaced",
            QuantityRole::Civilians => "civilians",
            QuantityRole::Protesters => "protesters",
            QuantityRole::Money => "money",
        }
    }
}

/// Whether the text says the event happened or that it did not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    #[default]
    Positive,
    /// Negated (`لم`, `لن`, `لا`, `ما`, `عدم`) or denied (`نفى`).
    Negative,
}

/// How the text presents the event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact by the article.
    #[default]
    Asserted,
    /// Reported by a source other than the article.
    Reported,
    /// Announced for the future (`س`, `سوف`, `لن`).
    Future,
    /// Under a condition (`إذا`, `لو`, `في حال`).
    Conditional,
}

/// A claim: a statement the article attributes to a source (or makes
/// itself: kind `article`), with the span of what was claimed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Claim {
    #[serde(default)]
    pub id: ClaimId,
    /// The content claimed (after `أن`/`إن`/`:`, or inside `«»`; the whole
    /// sentence for the article's own claims).
    pub start: usize,
    pub end: usize,
    /// The source: an actor id when the speaker is an actor mention, else
    /// the speaker's text; absent for the article's own claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub source_kind: SourceKind,
    /// The speaker's span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Mention>,
    /// The reporting verb (`قال`, `أفادت`, `نفى`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<Mention>,
    pub certainty: Certainty,
    pub sentence: SentenceId,
    /// The events whose triggers lie in the content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventId>,
}

/// Who makes a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An official or spokesperson (`المتحدث باسم`, `مسؤول`, `وزير`).
    Official,
    /// A government, army or other institution.
    Government,
    /// An outlet or agency.
    Media,
    /// Unnamed sources (`مصادر مطلعة`, `مصدر محلي`).
    Anonymous,
    /// Witnesses and residents (`شهود عيان`, `أهالي`).
    Witness,
    /// Reports (`تقارير`, `أنباء`).
    Reports,
    /// Evidence: a video, recording, photographs or a document.
    Evidence,
    /// A group, organisation or person not otherwise classed.
    Organisation,
    /// The article itself (no attribution).
    Article,
}

/// How firmly a claim is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    Asserted,
    Reported,
    /// `يعتقد`, `يرجح`, `يتداول`, `ما يسمى`, `أنباء عن`, `زعم`.
    Hedged,
    /// `نفى`.
    Denied,
}

/// Two claims about the same event frame (same type, overlapping actors or
/// the same place, compatible dates) that disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Contradiction {
    pub kind: ContradictionKind,
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// For quantity disagreements: what the numbers count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<QuantityRole>,
    /// The two sides, in text order.
    pub sides: [ContradictionSide; 2],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContradictionKind {
    /// Different numbers for the same role.
    Quantity,
    /// One says it happened, the other that it did not.
    Polarity,
}

/// One side of a contradiction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ContradictionSide {
    pub claim: ClaimId,
    pub event: EventId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub source_kind: SourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<QuantityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    pub polarity: Polarity,
    /// The document holding this side when it is another one analysed
    /// earlier in the same run (its content id); absent for this document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

macro_rules! record {
    ($($t:ty => $id:ident),*) => {$(
        impl Record for $t {
            fn set_index(&mut self, index: usize) {
                self.id = $id::at(index);
            }
        }
    )*};
}

record!(Sentence => SentenceId, Token => TokenId, Entity => EntityId,
    DateMention => DateId, Quantity => QuantityId, Event => EventId, Claim => ClaimId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_stable_content_hash() {
        let a = Document::new("نص".into(), Source::default(), Meta::default());
        let b = Document::new("نص".into(), Source::default(), Meta::default());
        let c = Document::new("نص آخر".into(), Source::default(), Meta::default());
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id.len(), 32);
    }

    #[test]
    fn slice_uses_code_points() {
        let d = Document::new("قال «ب» x".into(), Source::default(), Meta::default());
        assert_eq!(d.slice(0, 3), Some("قال"));
        assert_eq!(d.slice(4, 7), Some("«ب»"));
        assert_eq!(d.slice(8, 9), Some("x"));
        assert_eq!(d.slice(9, 9), Some(""));
        assert_eq!(d.slice(8, 10), None);
        assert_eq!(d.slice(3, 2), None);
    }

    #[test]
    fn absent_meta_fields_are_omitted() {
        let d = Document::new("x".into(), Source::default(), Meta::default());
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["meta"], serde_json::json!({}));
        assert!(v.get("tokens").is_none());
        assert_eq!(v["entities"], serde_json::json!([]));
    }
}
