use std::path::PathBuf;

/// Why reading data or a model failed.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("io: {0}")]
    Write(#[from] std::io::Error),
    #[error("model file: {0}")]
    BadModel(String),
    #[error("the shipped NER model does not load")]
    Builtin(#[source] std::sync::Arc<NerError>),
    #[error("{path}:{line}: {reason}")]
    Parse {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

impl NerError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        NerError::Io {
            path: path.into(),
            source,
        }
    }
}
