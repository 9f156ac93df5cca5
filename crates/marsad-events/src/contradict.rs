//! Contradictions: two claims about the same event frame (same type,
//! overlapping actors or the same place, compatible dates) whose numbers
//! for the same role, or whose polarity, disagree.

use marsad_core::{
    Claim, Contradiction, ContradictionKind, ContradictionSide, Document, Event, Polarity,
};

/// Pairs compared at most per type (documents are short; this bounds a
/// pathological one).
const MAX_PER_TYPE: usize = 64;

fn same_frame(a: &Event, b: &Event) -> bool {
    if a.kind != b.kind {
        return false;
    }
    let actors = a.actor.iter().any(|x| b.actor.contains(x))
        || a.recipient.iter().any(|x| b.recipient.contains(x));
    let pa = [&a.location, &a.origin, &a.destination];
    let pb = [&b.location, &b.origin, &b.destination];
    let place = pa
        .iter()
        .flat_map(|p| p.iter())
        .any(|p| pb.iter().any(|q| q.as_ref() == Some(p)));
    let near = a.sentence.index().abs_diff(b.sentence.index()) <= 2
        && a.mode == b.mode
        && (a.location.is_none() || b.location.is_none());
    actors || place || near
}

fn dates_compatible(doc: &Document, a: &Event, b: &Event) -> bool {
    match (a.date, b.date) {
        (Some(x), Some(y)) => {
            let vx = doc.dates.get(x.index()).and_then(|d| d.value.as_deref());
            let vy = doc.dates.get(y.index()).and_then(|d| d.value.as_deref());
            match (vx, vy) {
                (Some(p), Some(q)) => p.starts_with(q) || q.starts_with(p),
                _ => true,
            }
        }
        _ => true,
    }
}

/// One side of a contradiction: an event and the claim it rests on.
pub(crate) fn side(
    e: &Event,
    c: &Claim,
    q: Option<(marsad_core::QuantityId, Option<f64>)>,
) -> ContradictionSide {
    ContradictionSide {
        claim: c.id,
        event: e.id,
        source: c.source.clone(),
        source_kind: c.source_kind,
        quantity: q.map(|x| x.0),
        value: q.and_then(|x| x.1),
        polarity: e.polarity,
        document: None,
    }
}

/// The bounds a quantity allows: its range, or its value ±10%.
pub(crate) fn bounds(doc: &Document, q: &marsad_core::EventQuantity) -> Option<(f64, f64)> {
    let r = doc.quantities.get(q.id.index()).and_then(|x| x.range);
    match (r, q.value) {
        (Some(r), _) => Some((r.min, r.max)),
        (None, Some(v)) => Some((v * 0.9, v * 1.1)),
        _ => None,
    }
}

fn differ(doc: &Document, a: &marsad_core::EventQuantity, b: &marsad_core::EventQuantity) -> bool {
    match (bounds(doc, a), bounds(doc, b)) {
        (Some((a0, a1)), Some((b0, b1))) => a1 < b0 || b1 < a0,
        _ => false,
    }
}

pub(crate) fn contradictions(
    doc: &Document,
    events: &[Event],
    claims: &[Claim],
) -> Vec<Contradiction> {
    let mut out = Vec::new();
    let mut by_type: Vec<usize> = (0..events.len())
        .filter(|&i| events[i].claim.is_some())
        .collect();
    by_type.sort_by_key(|&i| (events[i].kind, i));
    let mut g = 0;
    while g < by_type.len() {
        let kind = events[by_type[g]].kind;
        let mut h = g;
        while h < by_type.len() && events[by_type[h]].kind == kind {
            h += 1;
        }
        let group = &by_type[g..h.min(g + MAX_PER_TYPE)];
        for (x, &i) in group.iter().enumerate() {
            for &j in &group[x + 1..] {
                let (a, b) = (&events[i], &events[j]);
                let (Some(ca), Some(cb)) = (a.claim, b.claim) else {
                    continue;
                };
                if ca == cb {
                    continue;
                }
                let (Some(ca), Some(cb)) = (claims.get(ca.index()), claims.get(cb.index())) else {
                    continue;
                };
                if ca.source == cb.source && ca.source_kind == cb.source_kind {
                    continue;
                }
                if !same_frame(a, b) || !dates_compatible(doc, a, b) {
                    continue;
                }
                for qa in &a.quantities {
                    let Some(qb) = b.quantities.iter().find(|q| q.role == qa.role) else {
                        continue;
                    };
                    if differ(doc, qa, qb)
                        && !out.iter().any(|c: &Contradiction| {
                            c.role == Some(qa.role)
                                && c.sides[0].event == a.id
                                && c.sides[1].event == b.id
                        })
                    {
                        out.push(Contradiction {
                            kind: ContradictionKind::Quantity,
                            event_type: kind,
                            role: Some(qa.role),
                            sides: [
                                side(a, ca, Some((qa.id, qa.value))),
                                side(b, cb, Some((qb.id, qb.value))),
                            ],
                        });
                    }
                }
                if a.polarity != b.polarity
                    && (a.polarity == Polarity::Negative || b.polarity == Polarity::Negative)
                {
                    out.push(Contradiction {
                        kind: ContradictionKind::Polarity,
                        event_type: kind,
                        role: None,
                        sides: [side(a, ca, None), side(b, cb, None)],
                    });
                }
            }
        }
        g = h;
    }
    out.sort_by_key(|c| (c.sides[0].event, c.sides[1].event));
    out
}
