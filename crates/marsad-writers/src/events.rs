//! Event views for the tools analysts already use: PLOVER JSON Lines (the
//! POLECAT record) and ACLED's CSV. Both are built from the same lookups of
//! an event's actors, place, date and quantities in its document.

use std::io::Write;

use marsad_core::{
    Actor, ActorCategory, Document, Event, EventType, Place, PlacePrecision, Polarity,
    QuantityRole, Sink, SinkError,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One PLOVER event record (JSON Lines). Its schema is committed as
/// `docs/schema/plover.schema.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PloverRecord {
    /// `<document id>-<event id>`: stable for the same input and models.
    pub id: String,
    /// ISO 8601 date of the event (the publication date when the text gives
    /// none; see `cite_info.date_assumed`); absent when neither is known.
    pub date: Option<String>,
    /// The acting actors' names (English where known, else romanised).
    pub actor: Vec<String>,
    pub recipient: Vec<String>,
    /// marsad's actor ids of the same, in the same order.
    pub actor_id: Vec<String>,
    pub recipient_id: Vec<String>,
    /// PLOVER event type.
    pub event: String,
    pub mode: Option<String>,
    /// marsad's qualifiers of the record: `negated`, `reported`, `future`,
    /// `conditional`, `hedged` (PLOVER's context field, empty when none).
    pub context: Vec<String>,
    pub event_loc: Option<EventLoc>,
    /// The sentence the event was read from, in its original Arabic.
    pub event_text: String,
    pub cite_info: CiteInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventLoc {
    pub name: String,
    pub place_id: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `country`, `region`, `district`, `locality`, `neighbourhood`, `point`.
    pub precision: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CiteInfo {
    pub document: String,
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// The trigger, as code-point offsets into the document's text.
    pub trigger: String,
    pub start: usize,
    pub end: usize,
    pub date_assumed: bool,
    /// Who asserted it: the claim's source and its kind.
    pub claim_source: Option<String>,
    pub claim_source_kind: Option<String>,
    pub confidence: f32,
}

/// The JSON Schema of [`PloverRecord`].
pub fn plover_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(PloverRecord)).unwrap_or(serde_json::Value::Null)
}

fn actor<'d>(doc: &'d Document, id: &str) -> Option<&'d Actor> {
    doc.actors.iter().find(|a| a.id == id)
}

fn place<'d>(doc: &'d Document, id: Option<&str>) -> Option<&'d Place> {
    let id = id?;
    doc.places.iter().find(|p| p.id == id)
}

fn display_name(doc: &Document, id: &str) -> String {
    match actor(doc, id) {
        Some(a) => a
            .name_en
            .clone()
            .or_else(|| (!a.name_latn.is_empty()).then(|| a.name_latn.clone()))
            .unwrap_or_else(|| a.name.clone()),
        None => id.to_string(),
    }
}

fn event_date(doc: &Document, e: &Event) -> Option<String> {
    match e.date {
        Some(d) => doc.dates.get(d.index()).and_then(|d| d.value.clone()),
        None => doc
            .meta
            .published
            .as_deref()
            .map(|p| p.get(..10).unwrap_or(p).to_string()),
    }
}

fn sentence_text(doc: &Document, e: &Event) -> String {
    doc.sentences
        .get(e.sentence.index())
        .and_then(|s| doc.slice(s.start, s.end))
        .unwrap_or(&e.text)
        .replace('\n', " ")
}

fn context(doc: &Document, e: &Event) -> Vec<String> {
    let mut c = Vec::new();
    if e.polarity == Polarity::Negative {
        c.push("negated".to_string());
    }
    let m = format!("{:?}", e.modality).to_lowercase();
    if m != "asserted" {
        c.push(m);
    }
    let claim = e.claim.and_then(|c| doc.claims.get(c.index()));
    if claim.is_some_and(|c| format!("{:?}", c.certainty) == "Hedged") {
        c.push("hedged".into());
    }
    c
}

fn precision_name(p: PlacePrecision) -> String {
    format!("{p:?}").to_lowercase()
}

/// The PLOVER records of a document's events.
pub fn plover_records(doc: &Document) -> Vec<PloverRecord> {
    doc.events
        .iter()
        .map(|e| {
            let loc = place(doc, e.location.as_deref().or(e.destination.as_deref()));
            let claim = e.claim.and_then(|c| doc.claims.get(c.index()));
            PloverRecord {
                id: format!("{}-{}", doc.id, e.id),
                date: event_date(doc, e),
                actor: e.actor.iter().map(|a| display_name(doc, a)).collect(),
                recipient: e.recipient.iter().map(|a| display_name(doc, a)).collect(),
                actor_id: e.actor.clone(),
                recipient_id: e.recipient.clone(),
                event: e.kind.name().to_string(),
                mode: e.mode.clone(),
                context: context(doc, e),
                event_loc: loc.map(|p| EventLoc {
                    name: p.name_en.clone().unwrap_or_else(|| p.name.clone()),
                    place_id: p.id.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    precision: p.precision.map(precision_name),
                    country: p.country.clone(),
                }),
                event_text: sentence_text(doc, e),
                cite_info: CiteInfo {
                    document: doc.id.clone(),
                    source: doc
                        .meta
                        .outlet
                        .clone()
                        .unwrap_or_else(|| doc.source.location.clone()),
                    url: doc.meta.url.clone(),
                    title: doc.meta.title.clone(),
                    published: doc.meta.published.clone(),
                    trigger: e.text.clone(),
                    start: e.start,
                    end: e.end,
                    date_assumed: e.date.is_none(),
                    claim_source: claim.and_then(|c| c.source.clone()),
                    claim_source_kind: claim.map(|c| format!("{:?}", c.source_kind).to_lowercase()),
                    confidence: e.confidence,
                },
            }
        })
        .collect()
}

/// PLOVER JSON Lines: one event a line.
pub struct PloverSink<W: Write> {
    out: W,
}

impl<W: Write> PloverSink<W> {
    pub fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write> Sink for PloverSink<W> {
    fn write(&mut self, doc: Document) -> Result<(), SinkError> {
        for r in plover_records(&doc) {
            serde_json::to_writer(&mut self.out, &r)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
    fn finish(&mut self) -> Result<(), SinkError> {
        self.out.flush()?;
        Ok(())
    }
}

/// ACLED's columns, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 25] = [
    "event_date",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
];

/// ACLED's (disorder type, event type, sub-event type) for a PLOVER event,
/// or `None` where ACLED has no equivalent (CONSULT, SUPPORT, ACCUSE,
/// REJECT, THREATEN, REQUEST, AID, SANCTION, CONCEDE, COOPERATE, and a
/// negated event): those are left out of the CSV.
pub fn acled_type(
    e: &Event,
    armed_target: bool,
) -> Option<(&'static str, &'static str, &'static str)> {
    if e.polarity == Polarity::Negative {
        return None;
    }
    const PV: &str = "Political violence";
    const SD: &str = "Strategic developments";
    const DEMO: &str = "Demonstrations";
    let mode = e.mode.as_deref().unwrap_or("");
    Some(match e.kind {
        EventType::Assault => match mode {
            "aerial" | "drone" | "airstrike" => {
                (PV, "Explosions/Remote violence", "Air/drone strike")
            }
            "shelling" | "missile" | "artillery" => (
                PV,
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
            ),
            "suicide-attack" | "suicide" => (PV, "Explosions/Remote violence", "Suicide bomb"),
            "explosives" | "ied" | "bombing" => (
                PV,
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED",
            ),
            "abduct" => (
                PV,
                "Violence against civilians",
                "Abduction/forced disappearance",
            ),
            "sexual" => (PV, "Violence against civilians", "Sexual violence"),
            _ if armed_target => (PV, "Battles", "Armed clash"),
            _ => (PV, "Violence against civilians", "Attack"),
        },
        EventType::Protest => match mode {
            "riot" | "violent" => (DEMO, "Riots", "Violent demonstration"),
            _ => (DEMO, "Protests", "Peaceful protest"),
        },
        EventType::Coerce => match mode {
            "arrest" => (SD, "Strategic developments", "Arrests"),
            "seize" => (SD, "Strategic developments", "Looting/property destruction"),
            _ => (SD, "Strategic developments", "Other"),
        },
        EventType::Retreat => match mode {
            "ceasefire" => (SD, "Strategic developments", "Agreement"),
            "withdraw" => (
                SD,
                "Strategic developments",
                "Non-violent transfer of territory",
            ),
            _ => (SD, "Strategic developments", "Other"),
        },
        EventType::Agree => (SD, "Strategic developments", "Agreement"),
        EventType::Mobilize => match mode {
            "command" | "base" => (
                SD,
                "Strategic developments",
                "Headquarters or base established",
            ),
            _ => (SD, "Strategic developments", "Other"),
        },
        _ => return None,
    })
}

/// ACLED's actor type code (inter1, inter2).
fn inter(a: Option<&Actor>) -> Option<u8> {
    Some(match a?.category? {
        ActorCategory::StateForces => 1,
        ActorCategory::RebelGroup => 2,
        ActorCategory::PoliticalMilitia => 3,
        ActorCategory::IdentityMilitia => 4,
        ActorCategory::Protesters => 6,
        ActorCategory::Civilians => 7,
        ActorCategory::ExternalOther => 8,
    })
}

/// ISO 3166-1 numeric code and ACLED's English name of the countries
/// marsad covers.
fn iso_numeric(cc: &str) -> Option<(u16, &'static str)> {
    Some(match cc {
        "SY" => (760, "Syria"),
        "IQ" => (368, "Iraq"),
        "YE" => (887, "Yemen"),
        "LY" => (434, "Libya"),
        "PS" => (275, "Palestine"),
        "LB" => (422, "Lebanon"),
        "JO" => (400, "Jordan"),
        "EG" => (818, "Egypt"),
        "SA" => (682, "Saudi Arabia"),
        "TR" => (792, "Turkey"),
        "IL" => (376, "Israel"),
        "IR" => (364, "Iran"),
        "SD" => (729, "Sudan"),
        "SO" => (706, "Somalia"),
        "TN" => (788, "Tunisia"),
        "DZ" => (12, "Algeria"),
        "MA" => (504, "Morocco"),
        "AE" => (784, "United Arab Emirates"),
        "QA" => (634, "Qatar"),
        "KW" => (414, "Kuwait"),
        "BH" => (48, "Bahrain"),
        "OM" => (512, "Oman"),
        "AF" => (4, "Afghanistan"),
        "PK" => (586, "Pakistan"),
        "US" => (840, "United States"),
        "RU" => (643, "Russia"),
        "FR" => (250, "France"),
        "GB" => (826, "United Kingdom"),
        _ => return None,
    })
}

/// The CSV rows (without header) of a document's events that ACLED can
/// represent.
pub fn acled_rows(doc: &Document) -> Vec<[String; 25]> {
    let mut rows = Vec::new();
    for e in &doc.events {
        let a1 = e.actor.first().and_then(|id| actor(doc, id));
        let a2 = e.recipient.first().and_then(|id| actor(doc, id));
        let i1 = inter(a1);
        let i2 = inter(a2);
        let armed_target = matches!(i2, Some(1..=4) | Some(8));
        let Some((disorder, etype, sub)) = acled_type(e, armed_target) else {
            continue;
        };
        let names =
            |ids: &[String]| -> Vec<String> { ids.iter().map(|i| display_name(doc, i)).collect() };
        let n1 = names(&e.actor);
        let n2 = names(&e.recipient);
        let loc = place(doc, e.location.as_deref().or(e.destination.as_deref()));
        let admin = |level: &str| -> String {
            loc.and_then(|p| p.admin.iter().find(|u| u.level == level))
                .map(|u| u.name.clone())
                .unwrap_or_default()
        };
        let interaction = match (i1, i2) {
            (Some(a), Some(b)) => format!("{}{}", a.min(b), a.max(b)),
            (Some(a), None) | (None, Some(a)) => format!("{a}0"),
            _ => String::new(),
        };
        let fatalities = e
            .quantities
            .iter()
            .filter(|q| q.role == QuantityRole::Killed)
            .filter_map(|q| q.value)
            .fold(0.0, |a, v| a + v);
        let civilian = etype == "Violence against civilians" || i2 == Some(7);
        let claim = e.claim.and_then(|c| doc.claims.get(c.index()));
        let mut tags = vec![
            format!("plover={}", e.kind.name()),
            format!("marsad={}-{}", doc.id, e.id),
        ];
        if let Some(m) = &e.mode {
            tags.push(format!("mode={m}"));
        }
        tags.extend(context(doc, e));
        if let Some(c) = claim {
            tags.push(format!(
                "claim={} ({})",
                c.source.clone().unwrap_or_default(),
                format!("{:?}", c.source_kind).to_lowercase()
            ));
        }
        let country = loc.and_then(|p| p.country.clone()).unwrap_or_default();
        rows.push([
            event_date(doc, e).unwrap_or_default(),
            disorder.into(),
            etype.into(),
            sub.into(),
            n1.first().cloned().unwrap_or_default(),
            n1.get(1..).map(|r| r.join("; ")).unwrap_or_default(),
            i1.map(|v| v.to_string()).unwrap_or_default(),
            n2.first().cloned().unwrap_or_default(),
            n2.get(1..).map(|r| r.join("; ")).unwrap_or_default(),
            i2.map(|v| v.to_string()).unwrap_or_default(),
            interaction,
            if civilian {
                "Civilian targeting".into()
            } else {
                String::new()
            },
            iso_numeric(&country)
                .map(|v| v.0.to_string())
                .unwrap_or_default(),
            iso_numeric(&country)
                .map(|v| v.1.to_string())
                .unwrap_or(country),
            admin("region"),
            admin("county"),
            String::new(),
            loc.map(|p| p.name_en.clone().unwrap_or_else(|| p.name.clone()))
                .unwrap_or_default(),
            loc.and_then(|p| p.lat)
                .map(|v| format!("{v:.4}"))
                .unwrap_or_default(),
            loc.and_then(|p| p.lon)
                .map(|v| format!("{v:.4}"))
                .unwrap_or_default(),
            loc.and_then(|p| p.precision)
                .map(|p| match p {
                    PlacePrecision::Point
                    | PlacePrecision::Neighbourhood
                    | PlacePrecision::Locality => "1",
                    PlacePrecision::District => "2",
                    PlacePrecision::Region | PlacePrecision::Country => "3",
                })
                .unwrap_or("")
                .to_string(),
            doc.meta
                .outlet
                .clone()
                .unwrap_or_else(|| doc.source.location.clone()),
            sentence_text(doc, e),
            format!("{fatalities}"),
            tags.join("; "),
        ]);
    }
    rows
}

/// ACLED CSV: the header, then one row per event ACLED can represent.
pub struct AcledSink<W: Write> {
    out: csv::Writer<W>,
    header: bool,
}

impl<W: Write> AcledSink<W> {
    pub fn new(out: W) -> Self {
        Self {
            out: csv::Writer::from_writer(out),
            header: false,
        }
    }

    fn header(&mut self) -> Result<(), SinkError> {
        if !self.header {
            self.header = true;
            self.out.write_record(ACLED_COLUMNS).map_err(csv_error)?;
        }
        Ok(())
    }
}

fn csv_error(e: csv::Error) -> SinkError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => SinkError::Io(io),
        other => SinkError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

impl<W: Write> Sink for AcledSink<W> {
    fn write(&mut self, doc: Document) -> Result<(), SinkError> {
        self.header()?;
        for r in acled_rows(&doc) {
            self.out.write_record(&r).map_err(csv_error)?;
        }
        Ok(())
    }
    fn finish(&mut self) -> Result<(), SinkError> {
        self.header()?;
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{
        ActorKind, ClaimId, DateId, DateMention, EventId, Meta, Modality, Sentence, SentenceId,
        Source,
    };

    fn doc() -> Document {
        let text = "قصفت الطائرات الحربية بلدة سرمين أمس.";
        let mut d = Document::new(text.into(), Source::default(), Meta::default());
        d.meta.published = Some("2020-02-03".into());
        d.sentences = vec![Sentence {
            id: SentenceId(0),
            start: 0,
            end: text.chars().count(),
        }];
        d.dates = vec![DateMention {
            value: Some("2020-02-02".into()),
            ..DateMention::default()
        }];
        d.actors = vec![Actor {
            id: "syr-mil".into(),
            name: "الجيش السوري".into(),
            name_en: Some("Military Forces of Syria".into()),
            kind: Some(ActorKind::StateForces),
            category: Some(ActorCategory::StateForces),
            ..Actor::default()
        }];
        d.places = vec![Place {
            id: "wof:1".into(),
            name: "سرمين".into(),
            name_en: Some("Sarmin".into()),
            lat: Some(35.9),
            lon: Some(36.72),
            country: Some("SY".into()),
            precision: Some(PlacePrecision::Locality),
            resolved: true,
            ..Place::default()
        }];
        d.events = vec![Event {
            id: EventId(0),
            kind: EventType::Assault,
            mode: Some("aerial".into()),
            start: 0,
            end: 4,
            text: "قصفت".into(),
            actor: vec!["syr-mil".into()],
            recipient: vec![],
            participants: vec![],
            location: Some("wof:1".into()),
            origin: None,
            destination: None,
            date: Some(DateId(0)),
            date_assumed: false,
            quantities: vec![],
            sentence: SentenceId(0),
            polarity: Polarity::Positive,
            modality: Modality::Asserted,
            claim: None::<ClaimId>,
            confidence: 0.8,
        }];
        d
    }

    #[test]
    fn plover_records_carry_type_roles_place_date_and_citation() {
        let d = doc();
        let r = &plover_records(&d)[0];
        assert_eq!(r.event, "ASSAULT");
        assert_eq!(r.mode.as_deref(), Some("aerial"));
        assert_eq!(r.actor, ["Military Forces of Syria"]);
        assert_eq!(r.date.as_deref(), Some("2020-02-02"));
        let loc = r.event_loc.as_ref().unwrap();
        assert_eq!((loc.name.as_str(), loc.lat), ("Sarmin", Some(35.9)));
        assert_eq!(r.event_text, d.text);
        assert_eq!(r.id, format!("{}-v0", d.id));
        // A record reads back through its own schema type.
        let line = serde_json::to_string(r).unwrap();
        assert_eq!(&serde_json::from_str::<PloverRecord>(&line).unwrap(), r);
    }

    #[test]
    fn committed_plover_schema_matches_the_type() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs/schema/plover.schema.json");
        let generated = serde_json::to_string_pretty(&plover_schema()).unwrap() + "\n";
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            committed, generated,
            "docs/schema/plover.schema.json is stale: run UPDATE_SCHEMA=1 cargo test -p marsad-writers"
        );
    }

    #[test]
    fn acled_csv_has_exactly_acleds_columns() {
        let mut buf = Vec::new();
        {
            let mut s = AcledSink::new(&mut buf);
            s.write(doc()).unwrap();
            let mut consult = doc();
            consult.events[0].kind = EventType::Consult;
            s.write(consult).unwrap();
            s.finish().unwrap();
        }
        let mut rd = csv::Reader::from_reader(buf.as_slice());
        let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, ACLED_COLUMNS);
        let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 1, "CONSULT has no ACLED type");
        let row = &rows[0];
        assert_eq!(row.len(), 25);
        assert_eq!(&row[0], "2020-02-02");
        assert_eq!(&row[2], "Explosions/Remote violence");
        assert_eq!(&row[3], "Air/drone strike");
        assert_eq!(&row[4], "Military Forces of Syria");
        assert_eq!(&row[6], "1");
        assert_eq!(&row[12], "760");
        assert_eq!(&row[13], "Syria");
        assert_eq!(&row[23], "0");
        assert_eq!(&row[17], "Sarmin");
        assert_eq!(&row[20], "1");
    }
}
