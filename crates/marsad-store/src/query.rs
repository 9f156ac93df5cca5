//! Reading the store: search, lists, an actor's page, aggregates for the
//! timeline and the map. Every value from a caller is a bound parameter.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::backend::{Backend, Dialect, Row, Value};
use crate::StoreError;

/// Largest page.
pub const MAX_PER_PAGE: u32 = 100;
/// Words of a query that are searched for.
pub const MAX_TERMS: usize = 32;
/// Events and places on one map.
pub const MAP_LIMIT: i64 = 5000;

/// Filters shared by search, events, the timeline and the map.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct Filters {
    /// Words to find (folded: clitics, harakat, alef and yeh forms, ة/ه).
    pub q: Option<String>,
    /// Earliest date, `YYYY-MM-DD` (publication date; event date for events).
    pub from: Option<String>,
    /// Latest date, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// An actor id (`syr-mil`, `local:…`).
    pub actor: Option<String>,
    /// A place id (`wof:…`, `cur:…`); with `radius_km`, anything within that distance of it.
    pub place: Option<String>,
    /// Centre of a radius search, with `lon` and `radius_km`.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub radius_km: Option<f64>,
    /// A PLOVER event type (`ASSAULT`).
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// An outlet name, or the start of a source path or URL.
    pub source: Option<String>,
}

/// Which page of a list.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct Page {
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl Default for Page {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: 20,
        }
    }
}

impl Page {
    fn limit(&self) -> i64 {
        i64::from(self.per_page.clamp(1, MAX_PER_PAGE))
    }
    fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1).saturating_mul(self.limit())
    }
    fn normalised(&self) -> Page {
        Page {
            page: self.page.max(1),
            per_page: self.per_page.clamp(1, MAX_PER_PAGE),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Snippet {
    pub text: String,
    /// Code-point ranges of `text` that matched the query.
    pub highlights: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub source: String,
    pub events: i64,
    /// The earlier document this one nearly repeats.
    pub duplicate_of: Option<String>,
    pub score: f64,
    pub snippet: Snippet,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<SearchHit>,
}

/// A paginated list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct List<T> {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<T>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    pub documents: i64,
    pub duplicates: i64,
    pub events: i64,
    pub claims: i64,
    pub actors: i64,
    pub places: i64,
    pub contradictions: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActorRow {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub country: Option<String>,
    /// In the knowledge base (false: named in a document only).
    pub kb: bool,
    pub documents: i64,
    pub events: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActorInfo {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub country: Option<String>,
    pub wikidata: Option<String>,
    pub kb: bool,
    /// Every spelling seen in stored documents.
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodCount {
    pub period: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Named {
    pub id: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoActor {
    pub id: String,
    pub name: Option<String>,
    /// Events both take part in.
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActorPage {
    pub actor: ActorInfo,
    pub documents: i64,
    pub timeline: Vec<PeriodCount>,
    pub events: Vec<EventRow>,
    pub co_actors: Vec<CoActor>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceRow {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub place_type: Option<String>,
    pub country: Option<String>,
    pub precision: Option<String>,
    pub documents: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub id: String,
    pub name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimRef {
    pub id: String,
    pub source: Option<String>,
    pub source_kind: String,
    pub certainty: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRow {
    pub doc: String,
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
    /// The trigger.
    pub text: String,
    /// The sentence it is in.
    pub sentence: String,
    pub date: Option<String>,
    /// The date is the publication date (no date in the text).
    pub date_assumed: bool,
    pub location: Option<Location>,
    pub actors: Vec<Named>,
    pub recipients: Vec<Named>,
    pub polarity: String,
    pub modality: String,
    pub claim: Option<ClaimRef>,
    pub confidence: f64,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimRow {
    pub doc: String,
    pub id: String,
    pub source: Option<String>,
    pub source_kind: String,
    pub certainty: String,
    pub verb: Option<String>,
    /// What is claimed.
    pub text: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bucket {
    pub period: String,
    /// Events by PLOVER type.
    pub counts: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timeline {
    pub interval: String,
    pub buckets: Vec<Bucket>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearDuplicate {
    pub id: String,
    pub title: Option<String>,
    pub similarity: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredContradiction {
    pub kind: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub role: Option<String>,
    /// The document the row was found in and its side.
    pub doc: String,
    pub claim: String,
    pub event: String,
    pub value: Option<f64>,
    pub other_doc: String,
    pub other_claim: String,
    pub other_event: String,
    pub other_value: Option<f64>,
    pub other_title: Option<String>,
}

// ---- row helpers ----

fn text(r: &Row, i: usize) -> Option<String> {
    r.get(i).and_then(|v| v.as_str()).map(str::to_string)
}
fn text_or(r: &Row, i: usize) -> String {
    text(r, i).unwrap_or_default()
}
fn int(r: &Row, i: usize) -> i64 {
    r.get(i).and_then(Value::as_i64).unwrap_or(0)
}
fn real(r: &Row, i: usize) -> Option<f64> {
    r.get(i).and_then(Value::as_f64)
}
fn count(rows: &[Row]) -> i64 {
    rows.first().map_or(0, |r| int(r, 0))
}

/// `%` and `_` taken literally in a `LIKE … ESCAPE '\'` pattern.
fn like_prefix(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The folded terms a query string searches for.
fn terms_of(q: &str) -> Vec<String> {
    let mut terms = marsad_text::search::query_terms(q);
    // A pasted paragraph is not a query: its first words are.
    terms.truncate(MAX_TERMS);
    terms
}

/// What a query string searches for, in the engine's syntax, or `None`
/// when it has no words.
fn match_expr(dialect: Dialect, q: &str) -> Option<String> {
    expr_of(dialect, &terms_of(q))
}

fn expr_of(dialect: Dialect, terms: &[String]) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    Some(match dialect {
        // Terms are letters and digits only; quoting keeps FTS5 from
        // reading one as an operator (AND, NEAR).
        Dialect::Sqlite => terms
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(" "),
        Dialect::Postgres => terms.join(" "),
    })
}

/// A WHERE clause under construction.
#[derive(Default)]
struct Where {
    parts: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    fn push(&mut self, sql: &str, params: impl IntoIterator<Item = Value>) {
        self.parts.push(sql.to_string());
        self.params.extend(params);
    }
    fn sql(&self) -> String {
        if self.parts.is_empty() {
            "1 = 1".to_string()
        } else {
            self.parts.join(" AND ")
        }
    }
}

/// Degrees per km of latitude, and the squared scale of longitude at `lat`.
const KM_PER_DEG: f64 = 111.32;

/// Centre and radius of a distance filter, if one was asked for.
fn circle(db: &dyn Backend, f: &Filters) -> Result<Option<(f64, f64, f64)>, StoreError> {
    let Some(r) = f.radius_km.filter(|r| r.is_finite() && *r > 0.0) else {
        return Ok(None);
    };
    if let (Some(lat), Some(lon)) = (f.lat, f.lon) {
        return Ok(Some((lat, lon, r)));
    }
    if let Some(p) = &f.place {
        let rows = db.query("SELECT lat, lon FROM places WHERE id = ?", &[p.into()])?;
        if let Some(row) = rows.first() {
            if let (Some(lat), Some(lon)) = (real(row, 0), real(row, 1)) {
                return Ok(Some((lat, lon, r)));
            }
        }
    }
    Ok(None)
}

/// `lat`/`lon` columns within `r` km of a centre (equirectangular: exact
/// enough at the radii a map filter uses, and plain arithmetic both
/// engines have).
fn within(w: &mut Where, lat_col: &str, lon_col: &str, (lat, lon, r): (f64, f64, f64)) {
    let dlat = r / KM_PER_DEG;
    let cos = lat.to_radians().cos().abs().max(0.01);
    let dlon = r / (KM_PER_DEG * cos);
    let ky = KM_PER_DEG * KM_PER_DEG;
    let kx = ky * cos * cos;
    w.push(
        &format!(
            "{lat_col} BETWEEN ? AND ? AND {lon_col} BETWEEN ? AND ? AND ({lat_col} - ?) * ({lat_col} - ?) * ? + ({lon_col} - ?) * ({lon_col} - ?) * ? <= ?"
        ),
        [
            (lat - dlat).into(),
            (lat + dlat).into(),
            (lon - dlon).into(),
            (lon + dlon).into(),
            lat.into(),
            lat.into(),
            ky.into(),
            lon.into(),
            lon.into(),
            kx.into(),
            (r * r).into(),
        ],
    );
}

fn fts_filter(dialect: Dialect, w: &mut Where, expr: String) {
    match dialect {
        Dialect::Sqlite => w.push(
            "d.seq IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)",
            [expr.into()],
        ),
        Dialect::Postgres => w.push("d.tsv @@ plainto_tsquery('simple', ?)", [expr.into()]),
    }
}

/// How the shared filters read on one kind of row: each SQL fragment
/// binds one `?`; `near` wraps the distance condition on `lat`/`lon`.
struct On {
    date: &'static str,
    actor: &'static str,
    place: &'static str,
    near: (&'static str, &'static str, &'static str),
    event_type: &'static str,
}

/// Documents (alias `d`).
const DOCS: On = On {
    date: "d.published",
    actor: "EXISTS (SELECT 1 FROM doc_actors da WHERE da.doc = d.id AND da.actor = ?)",
    place: "EXISTS (SELECT 1 FROM doc_places dp WHERE dp.doc = d.id AND dp.place = ?)",
    near: (
        "EXISTS (SELECT 1 FROM doc_places dp WHERE dp.doc = d.id AND {})",
        "dp.lat",
        "dp.lon",
    ),
    event_type: "EXISTS (SELECT 1 FROM events e2 WHERE e2.doc = d.id AND e2.type = ?)",
};

/// Events (alias `e`, joined to its document `d`).
const EVENTS: On = On {
    date: "e.date",
    actor: "EXISTS (SELECT 1 FROM event_actors ea WHERE ea.doc = e.doc AND ea.event = e.id AND ea.actor = ?)",
    place: "e.place = ?",
    near: ("{}", "e.lat", "e.lon"),
    event_type: "e.type = ?",
};

/// The filters of `f` other than the text query, read as `on` says.
fn filters(db: &dyn Backend, f: &Filters, on: &On, w: &mut Where) -> Result<(), StoreError> {
    let given = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    if let Some(from) = given(&f.from) {
        w.push(&format!("{} >= ?", on.date), [from.into()]);
    }
    if let Some(to) = given(&f.to) {
        w.push(&format!("substr({}, 1, 10) <= ?", on.date), [to.into()]);
    }
    if let Some(a) = given(&f.actor) {
        w.push(on.actor, [a.into()]);
    }
    match circle(db, f)? {
        Some(c) => {
            let (wrap, lat, lon) = on.near;
            let mut inner = Where::default();
            within(&mut inner, lat, lon, c);
            w.push(&wrap.replace("{}", &inner.sql()), inner.params);
        }
        None => {
            if let Some(p) = given(&f.place) {
                w.push(on.place, [p.into()]);
            }
        }
    }
    if let Some(t) = given(&f.event_type) {
        w.push(on.event_type, [t.to_ascii_uppercase().into()]);
    }
    if let Some(src) = given(&f.source) {
        let p = like_prefix(&src);
        w.push(
            "(d.outlet = ? OR d.source LIKE ? ESCAPE '\\' OR d.url LIKE ? ESCAPE '\\')",
            [src.into(), p.clone().into(), p.into()],
        );
    }
    Ok(())
}

/// Filters on documents, except the text query.
fn doc_filters(db: &dyn Backend, f: &Filters, w: &mut Where) -> Result<(), StoreError> {
    filters(db, f, &DOCS, w)
}

/// Filters on events, the text query included (on their documents).
fn event_filters(db: &dyn Backend, f: &Filters, w: &mut Where) -> Result<(), StoreError> {
    if let Some(expr) = f.q.as_deref().and_then(|q| match_expr(db.dialect(), q)) {
        fts_filter(db.dialect(), w, expr);
    }
    filters(db, f, &EVENTS, w)
}

/// One page of `SELECT {select} FROM {from} WHERE … ORDER BY {order}` and
/// the total count of the same rows. `select_params` bind placeholders in
/// `select` (they come first), `w` those of the WHERE clause.
fn paged(
    db: &dyn Backend,
    select: &str,
    select_params: &[Value],
    from: &str,
    w: &Where,
    order: &str,
    page: Page,
) -> Result<(i64, Vec<Row>), StoreError> {
    let total = count(&db.query(
        &format!("SELECT COUNT(*) FROM {from} WHERE {}", w.sql()),
        &w.params,
    )?);
    let mut params: Vec<Value> = select_params.to_vec();
    params.extend(w.params.iter().cloned());
    params.extend([page.limit().into(), page.offset().into()]);
    let rows = db.query(
        &format!(
            "SELECT {select} FROM {from} WHERE {} ORDER BY {order} LIMIT ? OFFSET ?",
            w.sql()
        ),
        &params,
    )?;
    Ok((total, rows))
}

#[derive(Deserialize)]
struct JustText {
    text: String,
}

const HIT_COLS: &str =
    "d.id, d.title, d.published, d.outlet, d.url, d.source, d.events, d.duplicate_of, d.doc";

fn hit(r: &Row, score: f64, terms: &[String]) -> SearchHit {
    let body = r
        .get(8)
        .and_then(|v| v.as_str())
        .and_then(|j| serde_json::from_str::<JustText>(j).ok())
        .map(|t| t.text)
        .unwrap_or_default();
    let (s, hl) = marsad_text::search::snippet(&body, terms, 240);
    SearchHit {
        id: text_or(r, 0),
        title: text(r, 1),
        published: text(r, 2),
        outlet: text(r, 3),
        url: text(r, 4),
        source: text_or(r, 5),
        events: int(r, 6),
        duplicate_of: text(r, 7),
        score,
        snippet: Snippet {
            text: s,
            highlights: hl.into_iter().map(|(a, b)| [a, b]).collect(),
        },
    }
}

pub fn search(db: &dyn Backend, f: &Filters, page: Page) -> Result<SearchPage, StoreError> {
    let dialect = db.dialect();
    let terms = f.q.as_deref().map(terms_of).unwrap_or_default();
    let expr = expr_of(dialect, &terms);
    let mut w = Where::default();
    doc_filters(db, f, &mut w)?;
    let hit_cols = format!("{HIT_COLS}, CAST(0 AS DOUBLE PRECISION)");
    let (total, rows, scored) = match (&expr, dialect) {
        (None, _) => {
            let (t, r) = paged(
                db,
                &hit_cols,
                &[],
                "documents d",
                &w,
                "d.published DESC NULLS LAST, d.seq DESC",
                page,
            )?;
            (t, r, false)
        }
        (Some(expr), Dialect::Sqlite) => {
            let mut fw = Where::default();
            fw.push("docs_fts MATCH ?", [expr.as_str().into()]);
            fw.parts.extend(w.parts);
            fw.params.extend(w.params);
            let (t, r) = paged(
                db,
                &format!("{HIT_COLS}, -bm25(docs_fts, 4.0, 1.0) AS score"),
                &[],
                "docs_fts JOIN documents d ON d.seq = docs_fts.rowid",
                &fw,
                "score DESC, d.seq DESC",
                page,
            )?;
            (t, r, true)
        }
        (Some(expr), Dialect::Postgres) => {
            let mut fw = Where::default();
            fw.push(
                "d.tsv @@ plainto_tsquery('simple', ?)",
                [expr.as_str().into()],
            );
            fw.parts.extend(w.parts);
            fw.params.extend(w.params);
            let (t, r) = paged(db, &format!("{HIT_COLS}, CAST(ts_rank(d.tsv, plainto_tsquery('simple', ?)) AS DOUBLE PRECISION) AS score"), &[expr.as_str().into()], "documents d", &fw, "score DESC, d.seq DESC", page)?;
            (t, r, true)
        }
    };
    let hits = rows
        .iter()
        .map(|r| {
            let score = if scored {
                real(r, 9).unwrap_or(0.0)
            } else {
                0.0
            };
            hit(r, score, &terms)
        })
        .collect();
    let page = page.normalised();
    Ok(SearchPage {
        total,
        page: page.page,
        per_page: page.per_page,
        hits,
    })
}

/// The stored Document JSON of `id`, as `marsad analyze` wrote it.
pub fn document_json(db: &dyn Backend, id: &str) -> Result<Option<String>, StoreError> {
    let rows = db.query("SELECT doc FROM documents WHERE id = ?", &[id.into()])?;
    Ok(rows
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .and_then(Value::into_string))
}

pub fn near_duplicates(db: &dyn Backend, id: &str) -> Result<Vec<NearDuplicate>, StoreError> {
    let rows = db.query(
        "SELECT o.id, o.title, d.similarity FROM documents d JOIN documents o ON o.id = d.duplicate_of WHERE d.id = ? \
         UNION ALL SELECT d.id, d.title, d.similarity FROM documents d WHERE d.duplicate_of = ? LIMIT 50",
        &[id.into(), id.into()],
    )?;
    Ok(rows
        .iter()
        .map(|r| NearDuplicate {
            id: text_or(r, 0),
            title: text(r, 1),
            similarity: real(r, 2).unwrap_or(0.0),
        })
        .collect())
}

pub fn contradictions(db: &dyn Backend, id: &str) -> Result<Vec<StoredContradiction>, StoreError> {
    let rows = db.query(
        "SELECT k.kind, k.type, k.role, k.doc, k.claim, k.event, k.value, k.other_doc, k.other_claim, k.other_event, k.other_value, o.title \
         FROM contradictions k LEFT JOIN documents o ON o.id = CASE WHEN k.doc = ? THEN k.other_doc ELSE k.doc END \
         WHERE k.doc = ? OR k.other_doc = ? ORDER BY k.doc, k.n LIMIT 200",
        &[id.into(), id.into(), id.into()],
    )?;
    Ok(rows
        .iter()
        .map(|r| StoredContradiction {
            kind: text_or(r, 0),
            event_type: text_or(r, 1),
            role: text(r, 2),
            doc: text_or(r, 3),
            claim: text_or(r, 4),
            event: text_or(r, 5),
            value: real(r, 6),
            other_doc: text_or(r, 7),
            other_claim: text_or(r, 8),
            other_event: text_or(r, 9),
            other_value: real(r, 10),
            other_title: text(r, 11),
        })
        .collect())
}

pub fn stats(db: &dyn Backend) -> Result<Stats, StoreError> {
    let one = |sql: &str| db.query(sql, &[]).map(|r| count(&r));
    Ok(Stats {
        documents: one("SELECT COUNT(*) FROM documents")?,
        duplicates: one("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL")?,
        events: one("SELECT COUNT(*) FROM events")?,
        claims: one("SELECT COUNT(*) FROM claims")?,
        actors: one("SELECT COUNT(*) FROM actors")?,
        places: one("SELECT COUNT(*) FROM places")?,
        contradictions: one("SELECT COUNT(*) FROM contradictions")?,
    })
}

pub fn actors(db: &dyn Backend, q: Option<&str>, page: Page) -> Result<List<ActorRow>, StoreError> {
    let mut w = Where::default();
    if let Some(q) = q.map(str::trim).filter(|s| !s.is_empty()) {
        let p = format!("%{}", like_prefix(q));
        w.push(
            "(a.id = ? OR a.name LIKE ? ESCAPE '\\' OR a.name_en LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM actor_aliases al WHERE al.actor = a.id AND al.alias LIKE ? ESCAPE '\\'))",
            [q.into(), p.clone().into(), p.clone().into(), p.into()],
        );
    }
    let (total, rows) = paged(
        db,
        "a.id, a.name, a.name_en, a.kind, a.category, a.country, a.kb, \
         (SELECT COUNT(*) FROM doc_actors da WHERE da.actor = a.id) AS docs, \
         (SELECT COUNT(*) FROM event_actors ea WHERE ea.actor = a.id) AS evs",
        &[],
        "actors a",
        &w,
        "docs DESC, a.id",
        page,
    )?;
    let page = page.normalised();
    Ok(List {
        total,
        page: page.page,
        per_page: page.per_page,
        items: rows
            .iter()
            .map(|r| ActorRow {
                id: text_or(r, 0),
                name: text_or(r, 1),
                name_en: text(r, 2),
                kind: text(r, 3),
                category: text(r, 4),
                country: text(r, 5),
                kb: int(r, 6) != 0,
                documents: int(r, 7),
                events: int(r, 8),
            })
            .collect(),
    })
}

pub fn actor(db: &dyn Backend, id: &str) -> Result<Option<ActorPage>, StoreError> {
    let rows = db.query(
        "SELECT id, name, name_en, kind, category, country, wikidata, kb FROM actors WHERE id = ?",
        &[id.into()],
    )?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let aliases = db
        .query(
            "SELECT alias FROM actor_aliases WHERE actor = ? ORDER BY alias LIMIT 200",
            &[id.into()],
        )?
        .iter()
        .map(|r| text_or(r, 0))
        .collect();
    let info = ActorInfo {
        id: text_or(r, 0),
        name: text_or(r, 1),
        name_en: text(r, 2),
        kind: text(r, 3),
        category: text(r, 4),
        country: text(r, 5),
        wikidata: text(r, 6),
        kb: int(r, 7) != 0,
        aliases,
    };
    let documents = count(&db.query(
        "SELECT COUNT(*) FROM doc_actors WHERE actor = ?",
        &[id.into()],
    )?);
    let timeline = db
        .query(
            "SELECT substr(e.date, 1, 7) AS period, e.type, COUNT(*) FROM events e JOIN event_actors ea ON ea.doc = e.doc AND ea.event = e.id \
             WHERE ea.actor = ? AND e.duplicate = 0 AND length(e.date) >= 7 GROUP BY substr(e.date, 1, 7), e.type ORDER BY period",
            &[id.into()],
        )?
        .iter()
        .map(|r| PeriodCount {
            period: text_or(r, 0),
            event_type: text_or(r, 1),
            count: int(r, 2),
        })
        .collect();
    let f = Filters {
        actor: Some(id.to_string()),
        ..Filters::default()
    };
    let events = events(
        db,
        &f,
        Page {
            page: 1,
            per_page: 50,
        },
    )?
    .items;
    let co_actors = db
        .query(
            "SELECT o.actor, a.name, COUNT(DISTINCT o.doc || '/' || o.event) AS n FROM event_actors ea \
             JOIN event_actors o ON o.doc = ea.doc AND o.event = ea.event AND o.actor <> ea.actor \
             LEFT JOIN actors a ON a.id = o.actor WHERE ea.actor = ? GROUP BY o.actor, a.name ORDER BY n DESC, o.actor LIMIT 20",
            &[id.into()],
        )?
        .iter()
        .map(|r| CoActor {
            id: text_or(r, 0),
            name: text(r, 1),
            count: int(r, 2),
        })
        .collect();
    Ok(Some(ActorPage {
        actor: info,
        documents,
        timeline,
        events,
        co_actors,
    }))
}

pub fn places(db: &dyn Backend, q: Option<&str>, page: Page) -> Result<List<PlaceRow>, StoreError> {
    let mut w = Where::default();
    if let Some(q) = q.map(str::trim).filter(|s| !s.is_empty()) {
        let p = format!("%{}", like_prefix(q));
        w.push(
            "(p.id = ? OR p.name LIKE ? ESCAPE '\\' OR p.name_en LIKE ? ESCAPE '\\')",
            [q.into(), p.clone().into(), p.into()],
        );
    }
    let (total, rows) = paged(
        db,
        "p.id, p.name, p.name_en, p.lat, p.lon, p.place_type, p.country, p.precision, \
         (SELECT COUNT(*) FROM doc_places dp WHERE dp.place = p.id) AS docs",
        &[],
        "places p",
        &w,
        "docs DESC, p.id",
        page,
    )?;
    let page = page.normalised();
    Ok(List {
        total,
        page: page.page,
        per_page: page.per_page,
        items: rows
            .iter()
            .map(|r| PlaceRow {
                id: text_or(r, 0),
                name: text_or(r, 1),
                name_en: text(r, 2),
                lat: real(r, 3),
                lon: real(r, 4),
                place_type: text(r, 5),
                country: text(r, 6),
                precision: text(r, 7),
                documents: int(r, 8),
            })
            .collect(),
    })
}

fn names(db: &dyn Backend, doc: &str, event: &str, role: &str) -> Result<Vec<Named>, StoreError> {
    Ok(db
        .query(
            "SELECT ea.actor, a.name FROM event_actors ea LEFT JOIN actors a ON a.id = ea.actor WHERE ea.doc = ? AND ea.event = ? AND ea.role = ? ORDER BY ea.actor",
            &[doc.into(), event.into(), role.into()],
        )?
        .iter()
        .map(|r| Named {
            id: text_or(r, 0),
            name: text(r, 1),
        })
        .collect())
}

pub fn events(db: &dyn Backend, f: &Filters, page: Page) -> Result<List<EventRow>, StoreError> {
    let mut w = Where::default();
    event_filters(db, f, &mut w)?;
    let (total, rows) = paged(
        db,
        "e.doc, e.id, e.type, e.mode, e.text, e.sentence, e.date, e.date_assumed, e.place, p.name, e.lat, e.lon, \
         e.polarity, e.modality, e.claim, c.source, c.source_kind, c.certainty, e.confidence, d.title",
        &[],
        "events e JOIN documents d ON d.id = e.doc LEFT JOIN places p ON p.id = e.place \
         LEFT JOIN claims c ON c.doc = e.doc AND c.id = e.claim",
        &w,
        "e.date DESC NULLS LAST, d.seq DESC, e.span_start",
        page,
    )?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let doc = text_or(r, 0);
        let id = text_or(r, 1);
        items.push(EventRow {
            actors: names(db, &doc, &id, "actor")?,
            recipients: names(db, &doc, &id, "recipient")?,
            event_type: text_or(r, 2),
            mode: text(r, 3),
            text: text_or(r, 4),
            sentence: text_or(r, 5),
            date: text(r, 6),
            date_assumed: int(r, 7) != 0,
            location: text(r, 8).map(|pid| Location {
                id: pid,
                name: text(r, 9),
                lat: real(r, 10),
                lon: real(r, 11),
            }),
            polarity: text_or(r, 12),
            modality: text_or(r, 13),
            claim: text(r, 14).map(|cid| ClaimRef {
                id: cid,
                source: text(r, 15),
                source_kind: text_or(r, 16),
                certainty: text_or(r, 17),
            }),
            confidence: real(r, 18).unwrap_or(0.0),
            title: text(r, 19),
            doc,
            id,
        });
    }
    let page = page.normalised();
    Ok(List {
        total,
        page: page.page,
        per_page: page.per_page,
        items,
    })
}

pub fn claims(db: &dyn Backend, f: &Filters, page: Page) -> Result<List<ClaimRow>, StoreError> {
    let mut w = Where::default();
    if let Some(expr) = f.q.as_deref().and_then(|q| match_expr(db.dialect(), q)) {
        fts_filter(db.dialect(), &mut w, expr);
    }
    doc_filters(
        db,
        &Filters {
            actor: None,
            ..f.clone()
        },
        &mut w,
    )?;
    if let Some(a) = f.actor.as_deref().filter(|s| !s.is_empty()) {
        // Claims whose speaker is the actor: its id or one of its spellings.
        w.push(
            "(c.source = ? OR c.source IN (SELECT alias FROM actor_aliases WHERE actor = ?))",
            [a.into(), a.into()],
        );
    }
    let (total, rows) = paged(
        db,
        "c.doc, c.id, c.source, c.source_kind, c.certainty, c.verb, c.text, d.title",
        &[],
        "claims c JOIN documents d ON d.id = c.doc",
        &w,
        "d.published DESC NULLS LAST, d.seq DESC, c.span_start",
        page,
    )?;
    let page = page.normalised();
    Ok(List {
        total,
        page: page.page,
        per_page: page.per_page,
        items: rows
            .iter()
            .map(|r| ClaimRow {
                doc: text_or(r, 0),
                id: text_or(r, 1),
                source: text(r, 2),
                source_kind: text_or(r, 3),
                certainty: text_or(r, 4),
                verb: text(r, 5),
                text: text_or(r, 6),
                title: text(r, 7),
            })
            .collect(),
    })
}

/// Event counts by period and type, near-duplicates and negated events
/// left out (they did not happen, or were counted already).
pub fn timeline(db: &dyn Backend, f: &Filters, daily: bool) -> Result<Timeline, StoreError> {
    let n = if daily { 10 } else { 7 };
    let mut w = Where::default();
    event_filters(db, f, &mut w)?;
    let rows = db.query(
        &format!(
            "SELECT substr(e.date, 1, {n}) AS period, e.type, COUNT(*) FROM events e JOIN documents d ON d.id = e.doc \
             WHERE e.duplicate = 0 AND e.polarity = 'positive' AND length(e.date) >= {n} AND {} \
             GROUP BY substr(e.date, 1, {n}), e.type ORDER BY period",
            w.sql()
        ),
        &w.params,
    )?;
    let mut buckets: Vec<Bucket> = Vec::new();
    for r in &rows {
        let period = text_or(r, 0);
        if buckets.last().is_none_or(|b| b.period != period) {
            buckets.push(Bucket {
                period: period.clone(),
                counts: BTreeMap::new(),
            });
        }
        if let Some(b) = buckets.last_mut() {
            b.counts.insert(text_or(r, 1), int(r, 2));
        }
    }
    Ok(Timeline {
        interval: if daily { "day" } else { "month" }.to_string(),
        buckets,
    })
}

/// Events with coordinates and the places of the matching documents, as
/// a GeoJSON FeatureCollection.
pub fn map(db: &dyn Backend, f: &Filters) -> Result<serde_json::Value, StoreError> {
    use serde_json::json;
    let mut w = Where::default();
    event_filters(db, f, &mut w)?;
    let mut params = w.params.clone();
    params.push(MAP_LIMIT.into());
    let events = db.query(
        &format!(
            "SELECT e.doc, e.id, e.type, e.mode, e.text, e.date, e.lat, e.lon, d.title, e.place FROM events e JOIN documents d ON d.id = e.doc \
             WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL AND e.duplicate = 0 AND {} ORDER BY d.seq DESC LIMIT ?",
            w.sql()
        ),
        &params,
    )?;
    let mut features: Vec<serde_json::Value> = events
        .iter()
        .filter_map(|r| {
            let (lat, lon) = (real(r, 6)?, real(r, 7)?);
            Some(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"kind": "event", "doc": text_or(r, 0), "id": text_or(r, 1), "type": text_or(r, 2),
                    "mode": text(r, 3), "text": text_or(r, 4), "date": text(r, 5), "title": text(r, 8), "place": text(r, 9)},
            }))
        })
        .collect();
    let mut dw = Where::default();
    if let Some(expr) = f.q.as_deref().and_then(|q| match_expr(db.dialect(), q)) {
        fts_filter(db.dialect(), &mut dw, expr);
    }
    doc_filters(db, f, &mut dw)?;
    let mut params = dw.params.clone();
    params.push(MAP_LIMIT.into());
    let places = db.query(
        &format!(
            "SELECT p.id, p.name, p.name_en, p.lat, p.lon, p.place_type, COUNT(*) AS n, MIN(d.id), MAX(d.id) FROM doc_places dp \
             JOIN places p ON p.id = dp.place JOIN documents d ON d.id = dp.doc \
             WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL AND d.duplicate_of IS NULL AND {} \
             GROUP BY p.id, p.name, p.name_en, p.lat, p.lon, p.place_type ORDER BY n DESC LIMIT ?",
            dw.sql()
        ),
        &params,
    )?;
    for r in &places {
        let (Some(lat), Some(lon)) = (real(r, 3), real(r, 4)) else {
            continue;
        };
        let mut docs: Vec<String> = vec![text_or(r, 7)];
        let last = text_or(r, 8);
        if last != docs[0] {
            docs.push(last);
        }
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"kind": "place", "id": text_or(r, 0), "name": text_or(r, 1), "name_en": text(r, 2),
                "place_type": text(r, 5), "documents": int(r, 6), "docs": docs},
        }));
    }
    Ok(json!({"type": "FeatureCollection", "features": features}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_prefix("a%b_c\\"), "a\\%b\\_c\\\\%");
    }

    #[test]
    fn queries_become_quoted_folded_terms() {
        assert_eq!(
            match_expr(Dialect::Sqlite, "بالموصل AND \"حلب\"").as_deref(),
            Some("\"موصل\" \"and\" \"حلب\"")
        );
        assert_eq!(
            match_expr(Dialect::Postgres, "الموصله").as_deref(),
            Some("موصل")
        );
        assert_eq!(match_expr(Dialect::Sqlite, " ، ! "), None);
        let long: String = (0..500).map(|i| format!("كلمة{i} ")).collect();
        let expr = match_expr(Dialect::Postgres, &long).unwrap();
        assert_eq!(expr.split(' ').count(), MAX_TERMS);
    }
}
