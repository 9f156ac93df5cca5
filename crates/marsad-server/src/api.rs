//! The JSON API. Handlers run the (blocking) store on tokio's blocking
//! pool; every error is `{"error": "…"}` with its status.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use marsad_store::query::{
    ActorPage, ActorRow, ClaimRow, EventRow, List, NearDuplicate, PlaceRow, SearchPage, Stats,
    StoredContradiction, Timeline,
};
use marsad_store::{Filters, Page, Store, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// An error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
    fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("no such {what}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response()
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            format!("bad query parameters: {}", e.body_text()),
        )
    }
}

fn store_error(e: StoreError) -> ApiError {
    let mut msg = e.to_string();
    let mut cur = std::error::Error::source(&e);
    while let Some(c) = cur {
        msg.push_str(": ");
        msg.push_str(&c.to_string());
        cur = c.source();
    }
    eprintln!("marsad serve: {msg}");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the store failed; see the server's log",
    )
}

pub type AppState = Arc<Store>;

/// Runs a store call off the async threads.
async fn blocking<T: Send + 'static>(
    store: &AppState,
    f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let s = Arc::clone(store);
    match tokio::task::spawn_blocking(move || f(&s)).await {
        Ok(r) => r.map_err(store_error),
        Err(_) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request failed",
        )),
    }
}

type Q<T> = Result<Query<T>, QueryRejection>;

#[utoipa::path(get, path = "/api/stats", responses((status = 200, body = Stats)))]
pub async fn stats(State(s): State<AppState>) -> Result<Json<Stats>, ApiError> {
    blocking(&s, |s| s.stats()).await.map(Json)
}

/// Full-text search over folded Arabic terms, ranked, with snippets and filters.
#[utoipa::path(get, path = "/api/search", params(Filters, Page), responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(s): State<AppState>,
    f: Q<Filters>,
    p: Q<Page>,
) -> Result<Json<SearchPage>, ApiError> {
    let (Query(f), Query(p)) = (f?, p?);
    blocking(&s, move |s| s.search(&f, p)).await.map(Json)
}

/// One stored document: the analysed Document JSON (see docs/FORMAT.md),
/// its near-duplicates and the contradictions it takes part in.
#[derive(Serialize, ToSchema)]
pub struct DocumentPage {
    /// The Document, as `marsad analyze` writes it.
    #[schema(value_type = Object)]
    pub document: Box<serde_json::value::RawValue>,
    pub near_duplicates: Vec<NearDuplicate>,
    pub contradictions: Vec<StoredContradiction>,
}

#[utoipa::path(get, path = "/api/documents/{id}", params(("id" = String, Path, description = "content id")), responses((status = 200, body = DocumentPage), (status = 404, body = ErrorBody)))]
pub async fn document(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = blocking(&s, move |s| {
        let Some(json) = s.document_json(&id)? else {
            return Ok(None);
        };
        Ok(Some((
            json,
            s.near_duplicates(&id)?,
            s.contradictions(&id)?,
        )))
    })
    .await?;
    let Some((json, near_duplicates, contradictions)) = found else {
        return Err(ApiError::not_found("document"));
    };
    let document = serde_json::value::RawValue::from_string(json).map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the stored document is damaged",
        )
    })?;
    Ok(Json(DocumentPage {
        document,
        near_duplicates,
        contradictions,
    })
    .into_response())
}

#[utoipa::path(get, path = "/api/actors", params(Filters, Page), responses((status = 200, body = List<ActorRow>)))]
pub async fn actors(
    State(s): State<AppState>,
    f: Q<Filters>,
    p: Q<Page>,
) -> Result<Json<List<ActorRow>>, ApiError> {
    let (Query(f), Query(p)) = (f?, p?);
    blocking(&s, move |s| s.actors(f.q.as_deref(), p))
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/actors/{id}", params(("id" = String, Path, description = "actor id")), responses((status = 200, body = ActorPage), (status = 404, body = ErrorBody)))]
pub async fn actor(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ActorPage>, ApiError> {
    blocking(&s, move |s| s.actor(&id))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("actor"))
}

#[utoipa::path(get, path = "/api/places", params(Filters, Page), responses((status = 200, body = List<PlaceRow>)))]
pub async fn places(
    State(s): State<AppState>,
    f: Q<Filters>,
    p: Q<Page>,
) -> Result<Json<List<PlaceRow>>, ApiError> {
    let (Query(f), Query(p)) = (f?, p?);
    blocking(&s, move |s| s.places(f.q.as_deref(), p))
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/events", params(Filters, Page), responses((status = 200, body = List<EventRow>)))]
pub async fn events(
    State(s): State<AppState>,
    f: Q<Filters>,
    p: Q<Page>,
) -> Result<Json<List<EventRow>>, ApiError> {
    let (Query(f), Query(p)) = (f?, p?);
    blocking(&s, move |s| s.events(&f, p)).await.map(Json)
}

#[utoipa::path(get, path = "/api/claims", params(Filters, Page), responses((status = 200, body = List<ClaimRow>)))]
pub async fn claims(
    State(s): State<AppState>,
    f: Q<Filters>,
    p: Q<Page>,
) -> Result<Json<List<ClaimRow>>, ApiError> {
    let (Query(f), Query(p)) = (f?, p?);
    blocking(&s, move |s| s.claims(&f, p)).await.map(Json)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct Interval {
    /// `month` (default) or `day`.
    pub interval: Option<String>,
}

#[utoipa::path(get, path = "/api/timeline", params(Interval, Filters), responses((status = 200, body = Timeline), (status = 400, body = ErrorBody)))]
pub async fn timeline(
    State(s): State<AppState>,
    i: Q<Interval>,
    f: Q<Filters>,
) -> Result<Json<Timeline>, ApiError> {
    let (Query(i), Query(f)) = (i?, f?);
    let daily = match i.interval.as_deref() {
        None | Some("") | Some("month") => false,
        Some("day") => true,
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("interval must be month or day, not {other:?}"),
            ))
        }
    };
    blocking(&s, move |s| s.timeline(&f, daily)).await.map(Json)
}

/// Events with coordinates and the places of matching documents (GeoJSON).
#[utoipa::path(get, path = "/api/map", params(Filters), responses((status = 200, description = "a GeoJSON FeatureCollection", content_type = "application/geo+json")))]
pub async fn map(State(s): State<AppState>, f: Q<Filters>) -> Result<Response, ApiError> {
    let Query(f) = f?;
    let v = blocking(&s, move |s| s.map(&f)).await?;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], Json(v)).into_response())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "marsad",
        description = "Arabic news, analysed and stored: documents, search, actors, places, events, claims, timeline and map."
    ),
    paths(
        stats, search, document, actors, actor, places, events, claims, timeline, map
    ),
    components(schemas(ErrorBody, DocumentPage))
)]
pub struct ApiDoc;

pub async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(s) => ([(header::CONTENT_TYPE, "application/json")], s).into_response(),
        Err(_) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "cannot describe the API")
            .into_response(),
    }
}
