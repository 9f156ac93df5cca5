//! `marsad serve`: the JSON API over a store, its OpenAPI description at
//! `/openapi.json`, and the web UI at `/`, all from one binary.
//!
//! * [`api`]: handlers and the OpenAPI description;
//! * [`guard`]: security headers, access token, rate and time limits;
//! * [`assets`]: the embedded UI (`ui/`).

pub mod api;
pub mod assets;
pub mod guard;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use marsad_store::Store;

/// Largest request body accepted (the API only reads).
pub const BODY_LIMIT: usize = 64 * 1024;

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// The store: a SQLite file or postgres://… (default: as `ingest`).
    #[arg(long, value_name = "PATH|URL")]
    pub db: Option<String>,
    /// Address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Require this token on the API (`Authorization: Bearer TOKEN`).
    #[arg(long, env = "MARSAD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Requests a minute per client address (0: no limit).
    #[arg(long, default_value_t = 1200)]
    pub rate: u32,
    /// Seconds a request may take.
    #[arg(long, default_value_t = 15)]
    pub timeout: u64,
}

/// The whole application over `store`.
pub fn router(store: Arc<Store>, guard: guard::Guard) -> Router {
    let api = Router::new()
        .route("/api/stats", get(api::stats))
        .route("/api/search", get(api::search))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/actors", get(api::actors))
        .route("/api/actors/{id}", get(api::actor))
        .route("/api/places", get(api::places))
        .route("/api/events", get(api::events))
        .route("/api/claims", get(api::claims))
        .route("/api/timeline", get(api::timeline))
        .route("/api/map", get(api::map))
        .with_state(store);
    let mut app = Router::new().route("/openapi.json", get(api::openapi));
    for path in assets::paths() {
        app = app.route(
            path,
            get(move || async move {
                assets::get(path).unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
            }),
        );
    }
    app.merge(api)
        .fallback(|req: Request| async move {
            api::ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no such path: {}", req.uri().path()),
            )
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(guard),
            guard::guard,
        ))
}

/// Runs the server until SIGINT or SIGTERM.
pub fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let location = args
        .db
        .clone()
        .unwrap_or_else(marsad_store::default_location);
    let store =
        Store::open(&location).with_context(|| format!("cannot open the store {location}"))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| format!("cannot listen on {}", args.bind))?;
        let addr = listener.local_addr().context("cannot read the bound address")?;
        if !addr.ip().is_loopback() && args.token.is_none() {
            eprintln!("marsad: warning: listening on {addr} without --token: anyone who can reach it can read the store");
        }
        eprintln!("marsad: serving {} — listening on http://{addr}", store.describe());
        let guard = guard::Guard::new(args.token, args.rate, Duration::from_secs(args.timeout.max(1)));
        let app = router(Arc::new(store), guard);
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown())
            .await
            .context("the server failed")
    })
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            tokio::select! {
                _ = ctrl_c => {},
                _ = term.recv() => {},
            }
            return;
        }
    }
    let _ = ctrl_c.await;
}
