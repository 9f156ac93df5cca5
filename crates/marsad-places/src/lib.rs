//! marsad's gazetteer and geoparser.
//!
//! * [`compile`]: builds `data/gazetteer/gazetteer.bin` from Who's On
//!   First, GeoNames and the curated list ([`build_gazetteer`]);
//! * [`Gazetteer`]: the compiled artefact, embedded in the binary and read
//!   in place (no parsing at load time);
//! * [`matcher`]: toponym matching on Arabic text (clitics, multi-word
//!   names, trigger nouns, nisba adjectives);
//! * [`PlacesStage`]: the `places` stage filling `Document::places`;
//! * [`geojson`]: an RFC 7946 FeatureCollection of the places;
//! * [`eval`]: accuracy against a gold TSV.

pub mod compile;
pub mod eval;
mod gazetteer;
pub mod matcher;
mod probe;
mod resolve;

use std::sync::Arc;

use marsad_core::{Document, Scratch, Stage, StageError};

pub use compile::{build_gazetteer, BuildReport};
pub use eval::{evaluate, evaluate_file, EvalReport};
pub use gazetteer::{Gazetteer, Kind, Record};
pub use resolve::haversine_km;

/// Errors of the places crate.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("gazetteer artefact is corrupt: {0}")]
    Corrupt(String),
    #[error("curated.tsv line {line}: {reason}")]
    Curated { line: usize, reason: String },
    #[error("gold file line {line}: {reason}")]
    Gold { line: usize, reason: String },
}

/// The `places` stage (requires `text`): finds and resolves place names.
pub struct PlacesStage {
    gazetteer: Arc<Gazetteer>,
}

impl PlacesStage {
    /// With the embedded gazetteer (loaded once per process).
    pub fn new() -> Result<Self, PlacesError> {
        Ok(Self {
            gazetteer: Gazetteer::embedded()?,
        })
    }

    pub fn with_gazetteer(gazetteer: Arc<Gazetteer>) -> Self {
        Self { gazetteer }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }
}

impl Stage for PlacesStage {
    fn name(&self) -> &'static str {
        "places"
    }

    fn scratch(&self) -> Scratch {
        Box::new(())
    }

    fn annotate(&self, doc: &mut Document, _scratch: &mut Scratch) -> Result<(), StageError> {
        resolve::resolve_document(&self.gazetteer, doc);
        Ok(())
    }
}

/// Resolves the places of one document (what the stage does).
pub fn resolve_places(g: &Gazetteer, doc: &mut Document) {
    resolve::resolve_document(g, doc);
}

/// RFC 7946 FeatureCollection of every resolved place of `docs`
/// (`[lon, lat]` points), for `marsad analyze --format geojson`.
pub fn geojson(docs: &[Document]) -> serde_json::Value {
    let mut features = Vec::new();
    for d in docs {
        for p in &d.places {
            let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
                continue;
            };
            features.push(serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": p.id,
                    "name": p.name,
                    "name_en": p.name_en,
                    "name_latn": p.name_latn,
                    "ids": p.ids,
                    "type": p.place_type,
                    "precision": p.precision,
                    "country": p.country,
                    "confidence": p.confidence,
                    "mentions": p.mentions.len(),
                    "document": d.id,
                },
            }));
        }
    }
    serde_json::json!({"type": "FeatureCollection", "features": features})
}
