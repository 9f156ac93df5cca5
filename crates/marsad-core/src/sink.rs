use crate::Document;

/// Why a sink could not take a document.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error("cannot write the output")]
    Io(#[from] std::io::Error),
    #[error("cannot serialise the document")]
    Json(#[from] serde_json::Error),
    #[error("the store refused the document")]
    Store(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl SinkError {
    /// True when the reader of the output went away (a closed pipe): the
    /// run should end quietly.
    pub fn is_broken_pipe(&self) -> bool {
        use std::io::ErrorKind::BrokenPipe;
        match self {
            SinkError::Io(e) => e.kind() == BrokenPipe,
            SinkError::Json(e) => e.io_error_kind() == Some(BrokenPipe),
            SinkError::Store(_) => false,
        }
    }
}

/// Where analysed documents go, in input order: a file format (the
/// writers), a database (the store), a queue.
pub trait Sink {
    /// Takes one analysed document.
    fn write(&mut self, doc: Document) -> Result<(), SinkError>;

    /// Completes the output (closing brackets, flush, commit). Called once,
    /// after the last document.
    fn finish(&mut self) -> Result<(), SinkError>;
}
