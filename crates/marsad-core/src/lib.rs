//! The document model shared by every marsad stage.
//!
//! A reader builds a [`Document`]; stages implementing [`Stage`] add
//! annotations to it; writers serialise it. Spans are Unicode code-point
//! offsets into [`Document::text`], which no stage ever changes.

mod document;
pub mod hash;
mod offsets;
mod stage;

pub use document::*;
pub use offsets::OffsetMap;
pub use stage::{Scratch, Stage, StageError};

/// The version of the JSON document format, bumped on incompatible changes.
pub const SCHEMA_VERSION: &str = "0.1";

/// JSON Schema of [`Document`], as committed under `docs/schema/`.
pub fn document_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Document);
    serde_json::to_value(schema).unwrap_or(serde_json::Value::Null)
}
