use std::fmt;
use std::sync::Arc;

use crate::Document;

/// A layer of annotations on a [`Document`]: what a stage reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// `Document::sentences`.
    Sentences,
    /// `Document::tokens`, with their clitic analysis.
    Tokens,
    /// `Document::name_words`: the words name matching reads (not serialised).
    NameWords,
    /// `Document::entities` (NER).
    Entities,
    /// `Document::actors`.
    Actors,
    /// `Document::places`.
    Places,
    /// `Document::dates`.
    Dates,
    /// `Document::quantities`.
    Quantities,
    /// `Document::events`.
    Events,
    /// `Document::claims`.
    Claims,
}

impl Layer {
    pub const ALL: [Layer; 10] = [
        Layer::Sentences,
        Layer::Tokens,
        Layer::NameWords,
        Layer::Entities,
        Layer::Actors,
        Layer::Places,
        Layer::Dates,
        Layer::Quantities,
        Layer::Events,
        Layer::Claims,
    ];

    /// The layer's name: the `Document` field it fills.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Sentences => "sentences",
            Layer::Tokens => "tokens",
            Layer::NameWords => "name_words",
            Layer::Entities => "entities",
            Layer::Actors => "actors",
            Layer::Places => "places",
            Layer::Dates => "dates",
            Layer::Quantities => "quantities",
            Layer::Events => "events",
            Layer::Claims => "claims",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of layers: those a document carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LayerSet(u16);

impl LayerSet {
    pub fn contains(self, l: Layer) -> bool {
        self.0 & l.bit() != 0
    }
    pub fn insert(&mut self, l: Layer) {
        self.0 |= l.bit();
    }
    pub fn remove(&mut self, l: Layer) {
        self.0 &= !l.bit();
    }
    pub fn iter(self) -> impl Iterator<Item = Layer> {
        Layer::ALL.into_iter().filter(move |l| self.contains(*l))
    }
}

/// What a stage is: its name and the layers it reads and writes. The
/// registry orders stages from these declarations and the worker checks
/// them on every document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageSpec {
    /// Short stable name, used by the registry, `--stages` and errors.
    pub name: &'static str,
    /// Layers the stage needs: a pipeline without their writers is
    /// completed with them, and a document without them is an error.
    pub reads: &'static [Layer],
    /// Layers the stage uses when present (so it runs after their
    /// writers) but does without.
    pub uses: &'static [Layer],
    /// Layers the stage fills; it changes no other.
    pub writes: &'static [Layer],
}

/// Why a stage could not annotate a document.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error("stage {stage} needs the {layer} layer, which no earlier stage wrote")]
    MissingLayer { stage: &'static str, layer: Layer },
    /// The document contradicts itself (a span outside its text, say).
    #[error("stage {stage}: {detail}")]
    Inconsistent { stage: &'static str, detail: String },
    #[error("stage {stage} failed")]
    Failed {
        stage: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// One analysis step. A stage holds only immutable, shareable data
/// (models, lexicons); its per-thread buffers are its own [`Stage::Scratch`]
/// type, created once per worker thread and reused between documents (the
/// split of vibrato's `Tokenizer` and `Worker`). A stage adds the layers it
/// declares; it never changes `Document::text` and never re-tokenises.
pub trait Stage: Send + Sync + 'static {
    type Scratch: Send + 'static;

    fn spec(&self) -> &'static StageSpec;

    /// Fresh scratch space for one worker thread.
    fn scratch(&self) -> Self::Scratch;

    fn annotate(&self, doc: &mut Document, scratch: &mut Self::Scratch) -> Result<(), StageError>;
}

/// A stage behind a pointer, whatever its scratch type: what a pipeline
/// holds. Implemented for every [`Stage`].
pub trait AnyStage: Send + Sync {
    fn spec(&self) -> &'static StageSpec;
    /// The stage with fresh scratch space, for one thread.
    fn bind(self: Arc<Self>) -> Box<dyn BoundStage>;
}

/// A stage with its own scratch space: one per stage per worker thread.
pub trait BoundStage: Send {
    fn spec(&self) -> &'static StageSpec;
    fn annotate(&mut self, doc: &mut Document) -> Result<(), StageError>;
}

struct Bound<S: Stage> {
    stage: Arc<S>,
    scratch: S::Scratch,
}

impl<S: Stage> AnyStage for S {
    fn spec(&self) -> &'static StageSpec {
        Stage::spec(self)
    }
    fn bind(self: Arc<Self>) -> Box<dyn BoundStage> {
        let scratch = self.scratch();
        Box::new(Bound {
            stage: self,
            scratch,
        })
    }
}

impl<S: Stage> BoundStage for Bound<S> {
    fn spec(&self) -> &'static StageSpec {
        self.stage.spec()
    }
    fn annotate(&mut self, doc: &mut Document) -> Result<(), StageError> {
        self.stage.annotate(doc, &mut self.scratch)
    }
}
