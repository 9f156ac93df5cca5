use std::any::Any;

use crate::Document;

/// Why a stage could not annotate a document.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error("stage {stage}: {reason}")]
    Failed { stage: &'static str, reason: String },
}

/// Per-thread scratch space a stage reuses between documents
/// (buffers, lattices), kept apart from the immutable, shared stage itself.
pub type Scratch = Box<dyn Any + Send>;

/// One analysis step. A stage holds only immutable, shareable data
/// (models, lexicons) and adds annotations to the document; it never
/// changes `Document::text` and never re-tokenises.
pub trait Stage: Send + Sync {
    /// Short stable name, used by the registry and in errors.
    fn name(&self) -> &'static str;

    /// Fresh scratch space for one worker thread.
    fn scratch(&self) -> Scratch {
        Box::new(())
    }

    fn annotate(&self, doc: &mut Document, scratch: &mut Scratch) -> Result<(), StageError>;
}
