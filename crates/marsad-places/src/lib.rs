//! marsad's gazetteer and geoparser.
//!
//! * [`compile`]: builds `data/gazetteer/gazetteer.bin` from Who's On
//!   First, GeoNames and the curated list ([`build_gazetteer`]);
//! * [`Gazetteer`]: the compiled artefact, embedded in the binary and read
//!   in place (no parsing at load time);
//! * [`matcher`]: toponym matching on Arabic text (clitics, multi-word
//!   names, trigger nouns, nisba adjectives);
//! * [`PlacesStage`]: the `places` stage filling `Document::places`;
//! * [`eval`]: accuracy against a gold TSV.

pub mod compile;
pub mod eval;
mod facility;
mod gazetteer;
pub mod matcher;
pub mod news_eval;
mod probe;
mod resolve;
mod spans;

use std::sync::Arc;

use marsad_core::{Document, Layer, Stage, StageError, StageSpec};

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
    #[error("the embedded gazetteer does not load")]
    Embedded(#[source] Arc<PlacesError>),
    #[error("curated.tsv line {line}: {reason}")]
    Curated { line: usize, reason: String },
    #[error("gold file line {line}: {reason}")]
    Gold { line: usize, reason: String },
}

/// The `places` stage: finds and resolves place names.
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

/// The `places` stage's declaration: it leaves out names that NER tagged
/// as something else or that the actor linker took for a person or an
/// organisation.
pub const SPEC: StageSpec = StageSpec {
    name: "places",
    reads: &[Layer::NameWords],
    uses: &[Layer::Entities, Layer::Actors],
    writes: &[Layer::Places],
};

impl Stage for PlacesStage {
    type Scratch = ();

    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    fn scratch(&self) {}

    fn annotate(&self, doc: &mut Document, _: &mut ()) -> Result<(), StageError> {
        resolve::resolve_document(&self.gazetteer, doc);
        Ok(())
    }
}

/// Resolves the places of one document on its own: what the stage does,
/// after cutting the name words when no `words` stage ran.
pub fn resolve_places(g: &Gazetteer, doc: &mut Document) {
    if !doc.has(Layer::NameWords) {
        marsad_text::words::attach(doc);
    }
    resolve::resolve_document(g, doc);
}
