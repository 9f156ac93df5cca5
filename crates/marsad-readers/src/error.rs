use std::fmt;

/// Where inside a multi-document input an error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// JSON Lines line number, from 1.
    Line(u64),
    /// WARC record or JSON array item, from 1.
    Record(u64),
    /// Feed entry, from 1.
    Entry(u64),
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Line(n) => write!(f, "line {n}"),
            At::Record(n) => write!(f, "record {n}"),
            At::Entry(n) => write!(f, "entry {n}"),
        }
    }
}

/// A reader failure: the input, the record where relevant, and why.
/// Displays as one line: `a.jsonl: line 7: missing "text"/"content" field`.
#[derive(Debug)]
pub struct ReadError {
    /// The input as named by the caller (path, or `-`).
    pub input: String,
    pub at: Option<At>,
    pub kind: ErrorKind,
}

impl ReadError {
    pub fn new(input: impl Into<String>, kind: ErrorKind) -> Self {
        Self {
            input: input.into(),
            at: None,
            kind,
        }
    }

    pub fn at(input: impl Into<String>, at: At, kind: ErrorKind) -> Self {
        Self {
            input: input.into(),
            at: Some(at),
            kind,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(f, "{}: {at}: {}", self.input, self.kind),
            None => write!(f, "{}: {}", self.input, self.kind),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Why an input or record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("is a directory (read_path takes one file)")]
    IsDirectory,
    #[error("empty file")]
    EmptyFile,
    #[error("empty text")]
    EmptyText,
    #[error("invalid UTF-8 at byte {0} (use --lossy to replace)")]
    InvalidUtf8(u64),
    #[error("binary file (NUL bytes)")]
    BinaryNul,
    #[error("binary file ({0}% control bytes)")]
    BinaryControl(u32),
    #[error("UTF-16 text is not supported (convert it to UTF-8)")]
    Utf16,
    #[error("unsupported charset {0:?} (convert it to UTF-8, or use --lossy)")]
    Charset(String),
    #[error("invalid {0} text (use --lossy to replace)")]
    BadCharset(String),
    #[error("{size} bytes exceeds --max-bytes {max}")]
    TooLarge { size: u64, max: u64 },
    #[error("more than {max} bytes (exceeds --max-bytes {max})")]
    TooLargeStream { max: u64 },
    #[error("line longer than {max} bytes (exceeds --max-bytes {max})")]
    LineTooLong { max: u64 },
    #[error("record longer than {max} bytes (exceeds --max-bytes {max})")]
    RecordTooLong { max: u64 },
    #[error("truncated {codec} stream{}", after(*.records))]
    Truncated {
        codec: &'static str,
        records: Option<u64>,
    },
    #[error("corrupt {codec} stream: {msg}")]
    Corrupt { codec: &'static str, msg: String },
    #[error("HTML nested more than {0} levels deep")]
    TooDeep(usize),
    #[error("no article body found")]
    NoArticleBody,
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("expected a JSON object")]
    NotAnObject,
    #[error("missing \"text\"/\"content\" field")]
    MissingText,
    /// Valid JSON, but neither articles nor marsad documents (a GeoJSON
    /// file, say): said once for the whole file.
    #[error("not articles or marsad documents: {0}")]
    NotArticles(String),
    #[error("invalid marsad document: {0}")]
    BadDocument(String),
    #[error("invalid feed: {0}")]
    Feed(String),
    #[error("no text (neither content nor summary)")]
    EmptyEntry,
    #[error("invalid WARC record: {0}")]
    Warc(String),
    #[error("truncated JSON{}", after(*.records))]
    TruncatedJson { records: Option<u64> },
    #[error("truncated WARC file{}", after(*.records))]
    TruncatedWarc { records: Option<u64> },
}

fn after(records: Option<u64>) -> String {
    match records {
        Some(1) => " after 1 record".to_string(),
        Some(n) => format!(" after {n} records"),
        None => String::new(),
    }
}
