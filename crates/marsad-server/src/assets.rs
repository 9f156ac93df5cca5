//! The web UI, embedded in the binary: `cargo build` alone makes a
//! server that needs no files beside it.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// (path, MIME type, bytes).
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../ui/index.html"),
    ),
    (
        "/index.html",
        "text/html; charset=utf-8",
        include_bytes!("../ui/index.html"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../ui/app.js"),
    ),
    (
        "/style.css",
        "text/css; charset=utf-8",
        include_bytes!("../ui/style.css"),
    ),
    (
        "/vendor/leaflet.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../ui/vendor/leaflet.js"),
    ),
    (
        "/vendor/leaflet.css",
        "text/css; charset=utf-8",
        include_bytes!("../ui/vendor/leaflet.css"),
    ),
    (
        "/world.geojson",
        "application/geo+json",
        include_bytes!("../ui/world.geojson"),
    ),
];

/// The embedded file at `path`, if there is one.
pub fn get(path: &str) -> Option<Response> {
    let (_, mime, bytes) = FILES.iter().find(|(p, _, _)| *p == path)?;
    Some(
        (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, *mime),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *bytes,
        )
            .into_response(),
    )
}

pub fn paths() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(p, _, _)| *p)
}
