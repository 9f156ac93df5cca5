//! marsad's actors: the actor knowledge base (`data/actors/actors.toml`)
//! and the `actors` stage that links entity spans and lexicon hits to
//! actors and resolves generic references, roles and short names within
//! a document.
//!
//! * [`KnowledgeBase`]: loader, validation, alias index, [`KbStats`];
//! * [`link`]: links one document against a knowledge base;
//! * [`ActorsStage`]: the pipeline stage (`"actors"`, after `"text"`,
//!   and after `"ner"` when present).

mod kb;
mod link;
mod names;
pub mod words;

pub use marsad_core::{ActorCategory, ActorKind, LinkKind};
use marsad_core::{Document, Layer, Stage, StageError, StageSpec};

pub use kb::{
    category_name, kind_name, stats, ActorEntry, AffiliationEntry, AliasKind, Branch, KbError,
    KbStats, KnowledgeBase, Period, KB_SOURCE,
};
pub use link::{link, link_words};

/// The `actors` stage: fills [`Document::actors`]. Holds a reference to
/// the shared, immutable knowledge base; needs no scratch space.
#[derive(Debug, Clone, Copy)]
pub struct ActorsStage {
    kb: &'static KnowledgeBase,
}

impl ActorsStage {
    /// The stage over the shipped knowledge base.
    pub fn new() -> Result<Self, KbError> {
        Ok(Self {
            kb: KnowledgeBase::builtin()?,
        })
    }

    /// The stage over another knowledge base (tests, custom lexicons).
    pub fn with_kb(kb: &'static KnowledgeBase) -> Self {
        Self { kb }
    }

    pub fn kb(&self) -> &'static KnowledgeBase {
        self.kb
    }

    /// Links `doc` on its own (see [`link`]).
    pub fn run(&self, doc: &mut Document) {
        link(doc, self.kb);
    }
}

/// The `actors` stage's declaration.
pub const SPEC: StageSpec = StageSpec {
    name: "actors",
    reads: &[Layer::NameWords],
    uses: &[Layer::Entities],
    writes: &[Layer::Actors],
};

impl Stage for ActorsStage {
    type Scratch = ();

    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    fn scratch(&self) {}

    fn annotate(&self, doc: &mut Document, _: &mut ()) -> Result<(), StageError> {
        link_words(doc, self.kb);
        Ok(())
    }
}
