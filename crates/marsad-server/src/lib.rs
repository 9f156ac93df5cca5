//! The HTTP API and web UI over a marsad store.
