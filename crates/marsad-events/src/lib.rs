//! Events, claims and contradictions in Arabic news.
//!
//! [`EventsStage`] (stage name `"events"`, reads the text stage's tokens
//! and sentences, uses entities, actors, places, dates and quantities when
//! present) fills [`Document::events`], [`Document::claims`] and
//! [`Document::contradictions`]:
//!
//! * **events**: PLOVER types and modes from a curated lexicon of verbs
//!   (perfect, imperfect and passive forms are generated from each entry)
//!   and verbal nouns (`data/triggers.txt`), matched on token search keys
//!   and clitic stems (`وقصفت` → `قصفت`); ambiguous triggers need their
//!   frame in the sentence (`تجمع` is a protest next to `متظاهرين`, a
//!   mobilisation next to `مقاتلين`) and sport, weather, markets and court
//!   rulings veto the types they would fake. Roles come from actor mentions,
//!   PER/ORG entities and generic nouns (`مسلحون مجهولون`): VSO and SVO
//!   verbs, passives (`من قبل`, `على يد`), nominal events (genitive agent,
//!   or victim for `اغتيال فلان`), `مع`/`على` recipients, `و` conjuncts;
//!   location, origin and destination from place mentions after
//!   `في`/`ب`, `من`, `إلى`/`نحو`; the sentence's date (else the publication
//!   date is assumed); quantities with a role; polarity, modality and
//!   confidence;
//! * **claims**: reporting verbs with the speaker (an actor id or the
//!   speaker's text), the kind of source, the content span and its
//!   certainty; events outside any attributed claim get one claim of kind
//!   `article` per sentence;
//! * **contradictions**: claims about the same event frame whose numbers
//!   (same role) or polarity disagree.
//!
//! The stage scans each sentence's tokens once against hash tables built
//! once (no regular expression, no pass over all mentions per event:
//! mentions are sorted and found by binary search). Text it cannot read
//! yields fewer events, never an error.

pub mod across;
mod claims;
mod contradict;
pub mod eval;
mod extract;
pub mod lexicon;
mod view;

use marsad_core::{
    Certainty, Claim, ClaimId, Contradiction, Document, Event, EventId, Layer, Modality, Polarity,
    SourceKind, Stage, StageError, StageSpec,
};

/// Events, claims and contradictions of a document whose text stage (and
/// any of entities, actors, places, dates, quantities) has run.
pub fn analyze(doc: &Document) -> (Vec<Event>, Vec<Claim>, Vec<Contradiction>) {
    let t = lexicon::tables();
    let v = view::View::new(doc, t);
    let drafts = extract::events(doc, &v, t);
    let mut claims = claims::claims(doc, &v, t);
    let mut events: Vec<Event> = drafts.into_iter().map(|d| d.ev).collect();
    events.sort_by_key(|e| (e.start, e.end));
    marsad_core::ids::number(&mut events);

    // The innermost claim whose content holds each event; the article's
    // own claim (one per sentence) for the rest.
    let mut holder: Vec<Option<usize>> = vec![None; events.len()];
    for (ei, e) in events.iter().enumerate() {
        let s = e.sentence;
        let lo = claims.partition_point(|c| c.claim.sentence < s);
        let hi = claims.partition_point(|c| c.claim.sentence <= s);
        holder[ei] = (lo..hi.max(lo))
            .filter(|&ci| {
                let c = &claims[ci].claim;
                c.start <= e.start && e.end <= c.end && c.end > c.start
            })
            .min_by_key(|&ci| claims[ci].claim.end - claims[ci].claim.start);
    }
    let mut article: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for (ei, e) in events.iter().enumerate() {
        if holder[ei].is_some() {
            continue;
        }
        let si = e.sentence.index();
        let ci = match article.get(&si) {
            Some(&ci) => ci,
            None => {
                let (a, _) = v.sents.get(si).copied().unwrap_or((0, 0));
                let Some(s) = doc.sentences.get(si) else {
                    continue;
                };
                claims.push(claims::DraftClaim {
                    claim: Claim {
                        id: ClaimId::default(),
                        start: s.start,
                        end: s.end,
                        source: None,
                        source_kind: SourceKind::Article,
                        speaker: None,
                        verb: None,
                        certainty: Certainty::Asserted,
                        sentence: e.sentence,
                        events: Vec::new(),
                    },
                    pos: a,
                });
                article.insert(si, claims.len() - 1);
                claims.len() - 1
            }
        };
        holder[ei] = Some(ci);
    }
    // Claims in text order (an article claim first in its sentence).
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_by_key(|&i| {
        let c = &claims[i];
        (
            c.claim.sentence,
            c.claim.source_kind != SourceKind::Article,
            c.pos,
        )
    });
    let mut new_index = vec![0usize; claims.len()];
    for (n, &i) in order.iter().enumerate() {
        new_index[i] = n;
    }
    let mut out_claims: Vec<Claim> = Vec::with_capacity(claims.len());
    let mut slots: Vec<Option<Claim>> = claims.into_iter().map(|c| Some(c.claim)).collect();
    for &i in &order {
        if let Some(c) = slots[i].take() {
            out_claims.push(c);
        }
    }
    marsad_core::ids::number(&mut out_claims);
    for (ei, e) in events.iter_mut().enumerate() {
        let Some(ci) = holder[ei].map(|i| new_index[i]) else {
            continue;
        };
        let Some(c) = out_claims.get_mut(ci) else {
            continue;
        };
        e.claim = Some(c.id);
        c.events.push(EventId::at(ei));
        if c.certainty == Certainty::Denied {
            e.polarity = Polarity::Negative;
        }
        if c.source_kind != SourceKind::Article && e.modality == Modality::Asserted {
            e.modality = Modality::Reported;
        }
    }
    let contradictions = contradict::contradictions(doc, &events, &out_claims);
    (events, out_claims, contradictions)
}

/// The `events` stage's declaration.
pub const SPEC: StageSpec = StageSpec {
    name: "events",
    reads: &[Layer::Tokens, Layer::Sentences],
    uses: &[
        Layer::Entities,
        Layer::Actors,
        Layer::Places,
        Layer::Dates,
        Layer::Quantities,
    ],
    writes: &[Layer::Events, Layer::Claims],
};

/// The `events` stage: fills events, claims and contradictions (replacing
/// what was there).
#[derive(Debug, Clone, Copy, Default)]
pub struct EventsStage;

impl EventsStage {
    /// The stage, with its tables built (once per process).
    pub fn new() -> Self {
        let _ = lexicon::tables();
        Self
    }
}

impl Stage for EventsStage {
    type Scratch = ();

    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    fn scratch(&self) {}

    fn annotate(&self, doc: &mut Document, _: &mut ()) -> Result<(), StageError> {
        let (events, claims, contradictions) = analyze(doc);
        doc.events = events;
        doc.claims = claims;
        doc.contradictions = contradictions;
        Ok(())
    }
}
