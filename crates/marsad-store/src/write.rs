//! What a document becomes in the store: its row (with the whole Document
//! JSON, which the article page reads back), its search terms, and one row
//! per entity, actor, place, date, quantity, event, claim and
//! contradiction, each keyed by the document's content id and the record's
//! own id.

use marsad_core::Document;
use serde::Serialize;

use crate::backend::{Conn, Dialect, Value};
use crate::simhash;
use crate::StoreError;

/// A document made ready for writing outside the transaction (the costly
/// parts: JSON, folding, hashing).
pub struct Prepared {
    pub doc: Document,
    json: String,
    title_terms: String,
    body_terms: String,
    simhash: u64,
    shingles: usize,
}

/// What writing a document did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Added,
    /// Added, and linked to an earlier document with (nearly) the same text.
    NearDuplicate {
        of: String,
        similarity: f64,
    },
    /// Already stored (same content id): nothing changed.
    Duplicate,
}

/// The name serde gives a unit enum variant (`state_forces`).
pub(crate) fn name<T: Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The first ten characters of an ISO date (`2019-03-03T…` → `2019-03-03`),
/// or a shorter `YYYY-MM` / `YYYY`.
pub(crate) fn iso_day(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) {
        if b.get(7) == Some(&b'-') && digits(8..10) {
            return Some(s[..10].to_string());
        }
        return Some(s[..7].to_string());
    }
    (digits(0..4) && b.len() == 4).then(|| s.to_string())
}

impl Prepared {
    pub fn new(mut doc: Document) -> Result<Self, StoreError> {
        // Tokens are rebuilt by analysis on demand and would be most of
        // the row (`analyze` leaves them out too without --tokens).
        doc.tokens = Vec::new();
        doc.name_words = Vec::new();
        let json = serde_json::to_string(&doc).map_err(|e| StoreError::Encode {
            doc: doc.id.clone(),
            source: e,
        })?;
        let title = doc.meta.title.as_deref().unwrap_or("");
        let title_terms = marsad_text::search::index_text(title);
        let body_terms = marsad_text::search::index_text(&doc.text);
        // The body's terms are its shingles' words: fold once.
        let (simhash, shingles) = simhash::of_terms(&body_terms);
        Ok(Self {
            doc,
            json,
            title_terms,
            body_terms,
            simhash,
            shingles,
        })
    }
}

/// A document a near-duplicate may point at: stored, or earlier in the
/// batch being written.
struct Earlier {
    id: String,
    simhash: u64,
    original: Option<String>,
}

/// For each document of `batch` (indices into `docs`), the earliest
/// earlier document within [`simhash::MAX_DISTANCE`] bits: stored ones
/// first (one query for the whole batch), then those before it in the
/// batch.
fn near_duplicates(
    c: &mut dyn Conn,
    docs: &[&Prepared],
) -> Result<Vec<Option<(String, f64)>>, StoreError> {
    let bands: Vec<Option<[i64; 4]>> = docs
        .iter()
        .map(|p| (p.shingles >= simhash::MIN_SHINGLES).then(|| simhash::bands(p.simhash)))
        .collect();
    let mut stored: Vec<(i64, [i64; 4], Earlier)> = Vec::new();
    let wanted: Vec<&[i64; 4]> = bands.iter().flatten().collect();
    // Each document's query used to read at most 200 candidates.
    for chunk in wanted.chunks(64) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let cond = (0..4)
            .map(|b| format!("band{b} IN ({marks})"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let mut params: Vec<Value> = Vec::with_capacity(chunk.len() * 4 + 1);
        for b in 0..4 {
            params.extend(chunk.iter().map(|bs| Value::Int(bs[b])));
        }
        params.push((200 * chunk.len()).into());
        let rows = c.query(
            &format!("SELECT id, simhash, duplicate_of, band0, band1, band2, band3, seq FROM documents WHERE {cond} ORDER BY seq LIMIT ?"),
            &params,
        )?;
        for r in rows {
            let (Some(id), Some(h)) = (r[0].as_str(), r[1].as_i64()) else {
                continue;
            };
            let b = [3, 4, 5, 6].map(|i| r.get(i).and_then(Value::as_i64).unwrap_or(0));
            let seq = r.get(7).and_then(Value::as_i64).unwrap_or(0);
            stored.push((
                seq,
                b,
                Earlier {
                    id: id.to_string(),
                    simhash: h as u64,
                    original: r[2].as_str().map(str::to_string),
                },
            ));
        }
    }
    // Chunks may return the same row; candidates are read oldest first.
    stored.sort_by_key(|x| x.0);
    stored.dedup_by_key(|x| x.0);
    let mut out = Vec::with_capacity(docs.len());
    let mut in_batch: Vec<Earlier> = Vec::new();
    for (p, b) in docs.iter().zip(&bands) {
        let found = b.and_then(|b| {
            let shares = |o: &[i64; 4]| (0..4).any(|i| o[i] == b[i]);
            stored
                .iter()
                .filter(|(_, o, _)| shares(o))
                .map(|(_, _, e)| e)
                .take(200)
                .chain(in_batch.iter())
                .find(|e| simhash::distance(e.simhash, p.simhash) <= simhash::MAX_DISTANCE)
                // Link to the original, not to another copy.
                .map(|e| {
                    (
                        e.original.clone().unwrap_or_else(|| e.id.clone()),
                        simhash::similarity(e.simhash, p.simhash),
                    )
                })
        });
        in_batch.push(Earlier {
            id: p.doc.id.clone(),
            simhash: p.simhash,
            original: found.as_ref().map(|f| f.0.clone()),
        });
        out.push(found);
    }
    Ok(out)
}

/// Rows waiting to be inserted, by statement: sent together through
/// [`Conn::insert_rows`] (one statement for hundreds of rows).
#[derive(Default)]
pub struct Rows {
    pending: Vec<(&'static str, usize, Vec<Value>)>,
}

impl Rows {
    /// Queues one row of a single-row `INSERT … VALUES (?, …) …` statement.
    fn add(&mut self, sql: &'static str, params: &[Value]) -> Result<(), StoreError> {
        match self.pending.iter_mut().find(|(s, _, _)| *s == sql) {
            Some((_, _, v)) => v.extend_from_slice(params),
            None => self.pending.push((sql, params.len(), params.to_vec())),
        }
        Ok(())
    }

    /// Keeps the rows `keep` accepts (given the statement and the row).
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &[Value]) -> bool) {
        for (sql, n, values) in &mut self.pending {
            let n = (*n).max(1);
            let kept: Vec<Value> = values
                .chunks(n)
                .filter(|r| keep(sql, r))
                .flatten()
                .cloned()
                .collect();
            *values = kept;
        }
        self.pending.retain(|(_, _, v)| !v.is_empty());
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Inserts everything queued.
    pub fn flush(&mut self, c: &mut dyn Conn) -> Result<(), StoreError> {
        for (sql, n, values) in self.pending.drain(..) {
            // Rows in key order: concurrent writers (queue workers) then
            // lock shared rows (an actor, a place) in the same order and
            // never deadlock on them.
            let n = n.max(1);
            let mut rows: Vec<&[Value]> = values.chunks(n).collect();
            rows.sort_by(|a, b| key_order(a, b));
            let values: Vec<Value> = rows.into_iter().flatten().cloned().collect();
            c.insert_rows(sql, n, &values)?;
        }
        Ok(())
    }
}

/// Orders rows by their first two values (the key columns of every table
/// written through [`Rows`]): any total order every writer shares.
fn key_order(a: &[Value], b: &[Value]) -> std::cmp::Ordering {
    fn cmp(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
        let rank = |v: Option<&Value>| match v {
            Some(Value::Text(_)) => 0,
            Some(Value::Int(_)) => 1,
            Some(Value::Real(_)) => 2,
            _ => 3,
        };
        match (a, b) {
            (Some(Value::Text(x)), Some(Value::Text(y))) => x.cmp(y),
            (Some(Value::Int(x)), Some(Value::Int(y))) => x.cmp(y),
            (Some(Value::Real(x)), Some(Value::Real(y))) => x.total_cmp(y),
            _ => rank(a).cmp(&rank(b)),
        }
    }
    cmp(a.first(), b.first()).then_with(|| cmp(a.get(1), b.get(1)))
}

/// Which of `ids` are stored, by `query` (in a transaction or not), 200
/// ids a statement.
pub(crate) fn stored_ids<'a>(
    mut query: impl FnMut(&str, &[Value]) -> Result<Vec<crate::backend::Row>, StoreError>,
    ids: impl Iterator<Item = &'a str>,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let ids: Vec<Value> = ids.map(Value::from).collect();
    let mut found = std::collections::HashSet::new();
    for chunk in ids.chunks(200) {
        let marks = vec!["?"; chunk.len()].join(", ");
        for r in query(
            &format!("SELECT id FROM documents WHERE id IN ({marks})"),
            chunk,
        )? {
            if let Some(id) = r.into_iter().next().and_then(Value::into_string) {
                found.insert(id);
            }
        }
    }
    Ok(found)
}

/// Writes documents inside the caller's transaction, in order; their
/// records are queued in `own` (flush it before the transaction ends).
/// The rows documents share come from [`put_shared`]. A few statements
/// for the whole batch, whatever its size.
pub fn put_batch(
    c: &mut dyn Conn,
    dialect: Dialect,
    docs: &[Prepared],
    own: &mut Rows,
) -> Result<Vec<Outcome>, StoreError> {
    let stored = stored_ids(
        |sql, params| c.query(sql, params),
        docs.iter().map(|p| p.doc.id.as_str()),
    )?;
    // New documents, each once (a batch may hold the same text twice).
    let mut new: Vec<&Prepared> = Vec::new();
    for p in docs {
        if !stored.contains(&p.doc.id) && !new.iter().any(|q| q.doc.id == p.doc.id) {
            new.push(p);
        }
    }
    let near = near_duplicates(c, &new)?;
    let now = marsad_core::time::now();
    let cols = "id, title, author, published, url, outlet, source, record, chars, events, simhash, band0, band1, band2, band3, duplicate_of, similarity, ingested_at, doc";
    let marks = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    let group = match dialect {
        Dialect::Sqlite => format!("({marks})"),
        Dialect::Postgres => {
            format!(
                "({marks}, setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?))"
            )
        }
    };
    let (tsv, width) = match dialect {
        Dialect::Postgres => (", tsv", 21),
        Dialect::Sqlite => ("", 19),
    };
    let mut values: Vec<Value> = Vec::with_capacity(new.len() * width);
    for (p, near) in new.iter().zip(&near) {
        let d = &p.doc;
        let bands = simhash::bands(p.simhash);
        values.extend([
            d.id.as_str().into(),
            d.meta.title.clone().into(),
            d.meta.author.clone().into(),
            d.meta.published.as_deref().and_then(iso_day).into(),
            d.meta.url.clone().into(),
            d.meta.outlet.clone().into(),
            d.source.location.as_str().into(),
            d.source.record.map(|r| r as i64).into(),
            d.text.chars().count().into(),
            d.events.len().into(),
            (p.simhash as i64).into(),
            bands[0].into(),
            bands[1].into(),
            bands[2].into(),
            bands[3].into(),
            near.as_ref().map(|n| n.0.clone()).into(),
            near.as_ref().map(|n| n.1).into(),
            now.as_str().into(),
            p.json.as_str().into(),
        ]);
        if dialect == Dialect::Postgres {
            values.push(p.title_terms.as_str().into());
            values.push(p.body_terms.as_str().into());
        }
    }
    // Inserted ids and their row numbers; an id another writer stored
    // meanwhile comes back from neither.
    let mut seqs: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    if !new.is_empty() {
        let sql = format!(
            "INSERT INTO documents ({cols}{tsv}) VALUES {group} ON CONFLICT (id) DO NOTHING RETURNING id, seq"
        );
        for r in c.insert_rows(&sql, width, &values)? {
            if let (Some(id), Some(seq)) = (
                r.first().and_then(Value::as_str),
                r.get(1).and_then(Value::as_i64),
            ) {
                seqs.insert(id.to_string(), seq);
            }
        }
    }
    let mut added: std::collections::HashMap<&str, Outcome> = std::collections::HashMap::new();
    for (p, near) in new.iter().zip(near) {
        let Some(&seq) = seqs.get(&p.doc.id) else {
            continue;
        };
        if dialect == Dialect::Sqlite {
            own.add(
                "INSERT INTO docs_fts (rowid, title, body) VALUES (?, ?, ?)",
                &[
                    seq.into(),
                    p.title_terms.as_str().into(),
                    p.body_terms.as_str().into(),
                ],
            )?;
        }
        put_records(own, &p.doc, near.is_some())?;
        added.insert(
            p.doc.id.as_str(),
            match near {
                Some((of, similarity)) => Outcome::NearDuplicate { of, similarity },
                None => Outcome::Added,
            },
        );
    }
    // In the order given: the first copy of an id is the one written.
    Ok(docs
        .iter()
        .map(|p| {
            added
                .remove(p.doc.id.as_str())
                .unwrap_or(Outcome::Duplicate)
        })
        .collect())
}

/// The rows documents share, actors with their aliases and places: the
/// knowledge base's and the gazetteer's entries as far as stored
/// documents name them. Written apart from the documents (and only once
/// by a [`crate::Store`]), so that writers storing different documents
/// never wait on each other's transactions over them.
pub fn put_shared(rows: &mut Rows, d: &Document) -> Result<(), StoreError> {
    for a in &d.actors {
        let kb = !a.id.starts_with("local:");
        rows.add(
            "INSERT INTO actors (id, name, name_en, kind, category, country, wikidata, kb) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            &[a.id.as_str().into(), a.name.as_str().into(), a.name_en.clone().into(), a.kind.as_ref().and_then(name).into(), a.category.as_ref().and_then(name).into(), a.country.clone().into(), a.wikidata.clone().into(), kb.into()],
        )?;
        let mut seen: Vec<&str> = Vec::new();
        for m in &a.mentions {
            if seen.contains(&m.text.as_str()) {
                continue;
            }
            seen.push(&m.text);
            rows.add(
                "INSERT INTO actor_aliases (actor, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
                &[a.id.as_str().into(), m.text.as_str().into()],
            )?;
        }
    }
    for p in &d.places {
        rows.add(
            "INSERT INTO places (id, name, name_en, lat, lon, place_type, country, precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            &[p.id.as_str().into(), p.name.as_str().into(), p.name_en.clone().into(), p.lat.into(), p.lon.into(), p.place_type.clone().into(), p.country.clone().into(), p.precision.as_ref().and_then(name).into()],
        )?;
    }
    Ok(())
}

fn put_records(rows: &mut Rows, d: &Document, duplicate: bool) -> Result<(), StoreError> {
    let doc: Value = d.id.as_str().into();
    // Code-point spans to text, without a walk from the start each time.
    let map = marsad_core::OffsetMap::new(&d.text);
    let slice = |start: usize, end: usize| -> &str {
        if start > end || end > map.char_len() {
            return "";
        }
        d.text
            .get(map.byte_of(start)..map.byte_of(end))
            .unwrap_or("")
    };
    for e in &d.entities {
        rows.add(
            "INSERT INTO entities (doc, id, label, span_start, span_end, text) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            &[doc.clone(), e.id.to_string().into(), name(&e.label).into(), e.start.into(), e.end.into(), e.text.as_str().into()],
        )?;
    }
    for a in &d.actors {
        rows.add(
            "INSERT INTO doc_actors (doc, actor, mentions) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            &[doc.clone(), a.id.as_str().into(), a.mentions.len().into()],
        )?;
    }
    for p in &d.places {
        rows.add(
            "INSERT INTO doc_places (doc, place, mentions, lat, lon) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            &[doc.clone(), p.id.as_str().into(), p.mentions.len().into(), p.lat.into(), p.lon.into()],
        )?;
    }
    for t in &d.dates {
        rows.add(
            "INSERT INTO dates (doc, id, span_start, span_end, text, value, precision) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            &[doc.clone(), t.id.to_string().into(), t.start.into(), t.end.into(), t.text.as_str().into(), t.value.clone().into(), t.precision.as_ref().and_then(name).into()],
        )?;
    }
    for q in &d.quantities {
        rows.add(
            "INSERT INTO quantities (doc, id, span_start, span_end, text, value, unit) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            &[doc.clone(), q.id.to_string().into(), q.start.into(), q.end.into(), q.text.as_str().into(), q.value.into(), q.unit.clone().into()],
        )?;
    }
    for e in &d.events {
        let place = e
            .location
            .as_deref()
            .and_then(|id| d.places.iter().find(|p| p.id == id));
        let date = match e.date {
            Some(id) => d
                .dates
                .get(id.index())
                .and_then(|t| t.value.as_deref())
                .and_then(iso_day),
            None => d.meta.published.as_deref().and_then(iso_day),
        };
        let sentence = d
            .sentences
            .get(e.sentence.index())
            .map_or("", |s| slice(s.start, s.end));
        rows.add(
            "INSERT INTO events (doc, id, type, mode, span_start, span_end, text, sentence, date, date_assumed, place, lat, lon, polarity, modality, claim, confidence, duplicate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            &[
                doc.clone(), e.id.to_string().into(), e.kind.name().into(), e.mode.clone().into(),
                e.start.into(), e.end.into(), e.text.as_str().into(), sentence.into(), date.into(),
                (e.date.is_none() || e.date_assumed).into(), e.location.clone().into(),
                place.and_then(|p| p.lat).into(), place.and_then(|p| p.lon).into(),
                name(&e.polarity).into(), name(&e.modality).into(),
                e.claim.map(|c| c.to_string()).into(), e.confidence.into(), duplicate.into(),
            ],
        )?;
        for (role, ids) in [("actor", &e.actor), ("recipient", &e.recipient)] {
            for a in ids {
                rows.add(
                    "INSERT INTO event_actors (doc, event, actor, role) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    &[doc.clone(), e.id.to_string().into(), a.as_str().into(), role.into()],
                )?;
            }
        }
        for q in &e.quantities {
            rows.add(
                "INSERT INTO event_quantities (doc, event, quantity, role, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                &[doc.clone(), e.id.to_string().into(), q.id.to_string().into(), name(&q.role).into(), q.value.into()],
            )?;
        }
    }
    for cl in &d.claims {
        rows.add(
            "INSERT INTO claims (doc, id, span_start, span_end, source, source_kind, certainty, verb, sentence, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            &[doc.clone(), cl.id.to_string().into(), cl.start.into(), cl.end.into(), cl.source.clone().into(), name(&cl.source_kind).into(), name(&cl.certainty).into(), cl.verb.as_ref().map(|v| v.text.clone()).into(), cl.sentence.to_string().into(), slice(cl.start, cl.end).into()],
        )?;
    }
    for (n, k) in d.contradictions.iter().enumerate() {
        // Side 0 or 1 may be the other document's; store this one first.
        let (this, other) = if k.sides[0].document.is_some() {
            (&k.sides[1], &k.sides[0])
        } else {
            (&k.sides[0], &k.sides[1])
        };
        rows.add(
            "INSERT INTO contradictions (doc, n, kind, type, role, claim, event, value, other_doc, other_claim, other_event, other_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            &[
                doc.clone(), n.into(), name(&k.kind).into(), k.event_type.name().into(), k.role.as_ref().and_then(name).into(),
                this.claim.to_string().into(), this.event.to_string().into(), this.value.into(),
                other.document.clone().unwrap_or_else(|| d.id.clone()).into(), other.claim.to_string().into(), other.event.to_string().into(), other.value.into(),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::iso_day;

    #[test]
    fn iso_days() {
        assert_eq!(
            iso_day("2023-07-16T18:40:00+03:00").as_deref(),
            Some("2023-07-16")
        );
        assert_eq!(iso_day("2019-03").as_deref(), Some("2019-03"));
        assert_eq!(iso_day("2019").as_deref(), Some("2019"));
        assert_eq!(iso_day("السبت"), None);
        assert_eq!(iso_day("12345"), None);
    }
}
