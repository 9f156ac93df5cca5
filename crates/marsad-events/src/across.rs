//! Contradictions across the documents of one run (`marsad analyze a.txt
//! b.txt`): an event frame of a later document (same type, a shared place,
//! dates known and compatible) whose number for a role, or whose polarity,
//! disagrees with an earlier document's. The later document records the
//! contradiction, its other side naming the earlier document; documents
//! already written are not changed. Frames are indexed by (type, actor)
//! and (type, place), and the oldest are dropped past a bound, so a long
//! run stays linear in time and bounded in memory.

use std::collections::VecDeque;

use marsad_core::{
    ClaimId, Contradiction, ContradictionKind, ContradictionSide, Document, EventId, EventType,
    Polarity, QuantityId, QuantityRole, Sink, SinkError, SourceKind,
};
use rustc_hash::FxHashMap;

/// A number of an event: its role, quantity id, value and the bounds it allows.
type Number = (QuantityRole, QuantityId, Option<f64>, (f64, f64));

/// One event of an earlier document, as much of it as a comparison needs.
#[derive(Debug, Clone)]
struct Frame {
    serial: u64,
    doc: String,
    kind: EventType,
    date: Option<String>,
    claim: ClaimId,
    event: EventId,
    source: Option<String>,
    source_kind: SourceKind,
    polarity: Polarity,
    quantities: Vec<Number>,
}

/// The frames of the documents seen so far in a run.
pub struct Across {
    frames: VecDeque<Frame>,
    first: u64,
    by_key: FxHashMap<(EventType, String), Vec<u64>>,
    cap: usize,
}

impl Default for Across {
    fn default() -> Self {
        Self::with_capacity(200_000)
    }
}

impl Across {
    /// Keeps at most `cap` frames (the oldest go first).
    pub fn with_capacity(cap: usize) -> Self {
        Self {
            frames: VecDeque::new(),
            first: 0,
            by_key: FxHashMap::default(),
            cap: cap.max(1),
        }
    }

    fn get(&self, serial: u64) -> Option<&Frame> {
        serial
            .checked_sub(self.first)
            .and_then(|i| self.frames.get(i as usize))
    }

    /// Adds to `doc.contradictions` those with earlier documents, then
    /// remembers `doc`'s frames.
    pub fn link(&mut self, doc: &mut Document) {
        let mut found = Vec::new();
        let mut new_frames = Vec::new();
        for e in &doc.events {
            let Some(claim) = e.claim.and_then(|c| doc.claims.get(c.index())) else {
                continue;
            };
            let date = match e.date {
                Some(d) => doc.dates.get(d.index()).and_then(|d| d.value.clone()),
                None => doc
                    .meta
                    .published
                    .as_deref()
                    .map(|p| p.chars().take(10).collect()),
            };
            let quantities: Vec<_> = e
                .quantities
                .iter()
                .filter_map(|q| Some((q.role, q.id, q.value, crate::contradict::bounds(doc, q)?)))
                .collect();
            // Across documents an actor alone does not make the same event
            // (the same army attacks twice a day): the place must match.
            let keys: Vec<String> = [&e.location, &e.origin, &e.destination]
                .into_iter()
                .flatten()
                .filter(|p| !p.starts_with("unk:") && !p.starts_with("fac:"))
                .cloned()
                .collect();
            let mut seen: Vec<u64> = Vec::new();
            for k in &keys {
                for &serial in self.by_key.get(&(e.kind, k.clone())).into_iter().flatten() {
                    if seen.contains(&serial) {
                        continue;
                    }
                    seen.push(serial);
                    let Some(f) = self.get(serial) else { continue };
                    if f.doc == doc.id || !dates_compatible(f.date.as_deref(), date.as_deref()) {
                        continue;
                    }
                    let this = |q| crate::contradict::side(e, claim, q);
                    let other = |q: Option<(QuantityId, Option<f64>)>| ContradictionSide {
                        claim: f.claim,
                        event: f.event,
                        source: f.source.clone(),
                        source_kind: f.source_kind,
                        quantity: q.map(|x| x.0),
                        value: q.and_then(|x| x.1),
                        polarity: f.polarity,
                        document: Some(f.doc.clone()),
                    };
                    for &(role, id, value, (a0, a1)) in &quantities {
                        let Some(&(_, fid, fvalue, (b0, b1))) =
                            f.quantities.iter().find(|q| q.0 == role)
                        else {
                            continue;
                        };
                        if a1 < b0 || b1 < a0 {
                            found.push(Contradiction {
                                kind: ContradictionKind::Quantity,
                                event_type: e.kind,
                                role: Some(role),
                                sides: [this(Some((id, value))), other(Some((fid, fvalue)))],
                            });
                        }
                    }
                    if f.polarity != e.polarity {
                        found.push(Contradiction {
                            kind: ContradictionKind::Polarity,
                            event_type: e.kind,
                            role: None,
                            sides: [this(None), other(None)],
                        });
                    }
                }
            }
            new_frames.push((
                keys,
                Frame {
                    serial: 0,
                    doc: doc.id.clone(),
                    kind: e.kind,
                    date,
                    claim: claim.id,
                    event: e.id,
                    source: claim.source.clone(),
                    source_kind: claim.source_kind,
                    polarity: e.polarity,
                    quantities,
                },
            ));
        }
        doc.contradictions.extend(found);
        for (keys, mut f) in new_frames {
            if keys.is_empty() {
                continue;
            }
            f.serial = self.first + self.frames.len() as u64;
            for k in keys {
                self.by_key.entry((f.kind, k)).or_default().push(f.serial);
            }
            self.frames.push_back(f);
        }
        while self.frames.len() > self.cap {
            self.frames.pop_front();
            self.first += 1;
        }
        // Index entries of dropped frames go when their list is next long.
        if self.by_key.len() > 4 * self.cap {
            let first = self.first;
            self.by_key.retain(|_, v| {
                v.retain(|&s| s >= first);
                !v.is_empty()
            });
        }
    }
}

/// Two dates of the same event: both known, one a prefix of the other
/// (`2017-08` and `2017-08-05`).
fn dates_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.starts_with(b) || b.starts_with(a),
        _ => false,
    }
}

/// A sink that first links each document's contradictions with the
/// documents before it in the run, then hands it on.
pub struct AcrossSink<'a> {
    inner: Box<dyn Sink + 'a>,
    across: Across,
}

impl<'a> AcrossSink<'a> {
    pub fn new(inner: Box<dyn Sink + 'a>) -> Self {
        Self {
            inner,
            across: Across::default(),
        }
    }

    /// With a linker that already knows earlier documents (a store's).
    pub fn with_linker(inner: Box<dyn Sink + 'a>, across: Across) -> Self {
        Self { inner, across }
    }
}

impl Sink for AcrossSink<'_> {
    fn write(&mut self, mut doc: Document) -> Result<(), SinkError> {
        self.across.link(&mut doc);
        self.inner.write(doc)
    }
    fn finish(&mut self) -> Result<(), SinkError> {
        self.inner.finish()
    }
}
