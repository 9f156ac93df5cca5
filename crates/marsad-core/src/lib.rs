//! The document model shared by every marsad stage.
//!
//! A reader builds a [`Document`]; stages implementing [`Stage`] add
//! the layers they declare ([`StageSpec`]); a [`Sink`] (a writer, a store)
//! takes the finished document. Spans are Unicode code-point
//! offsets into [`Document::text`], which no stage ever changes.

mod document;
pub mod hash;
pub mod ids;
mod offsets;
mod sink;
mod stage;
pub mod time;

pub use document::*;
pub use ids::{ClaimId, DateId, EntityId, EventId, QuantityId, SentenceId, TokenId};
pub use offsets::{OffsetCache, OffsetMap};
pub use sink::{Sink, SinkError};
pub use stage::{AnyStage, BoundStage, Layer, LayerSet, Stage, StageError, StageSpec};

/// The version of the JSON document format, bumped on incompatible changes.
pub const SCHEMA_VERSION: &str = "0.1";

/// JSON Schema of [`Document`], as committed under `docs/schema/`.
pub fn document_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Document);
    serde_json::to_value(schema).unwrap_or(serde_json::Value::Null)
}
