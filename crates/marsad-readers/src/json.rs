//! JSON that is not one object per line: a top-level array of records
//! (a scraper's output, marsad's own `--format json` for several
//! documents), or pretty-printed objects one after another (marsad's
//! output for one document, `jq` output). Streamed: the scanner finds
//! where each record ends (strings, escapes and nesting tracked), so each
//! is capped at `max_bytes`, and a bad record is its own error.
//!
//! Records are numbered from 1; a file holding a single object has no
//! record number (it is a single-document input).

use crate::error::{At, ErrorKind, ReadError};
use crate::input::{decode, io_kind, BoxRead};
use crate::jsonl::parse_value;
use crate::ReadOptions;
use marsad_core::{Document, Source};
use serde_json::Value;
use std::io::BufRead;

/// Whether `head` (the first bytes of a JSON input) is a top-level array.
pub(crate) fn is_array(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
}

/// Whether `head` starts with an object spread over several lines (a line
/// holding `{` alone, or an unfinished object ending in `,` `{` `[` `:`),
/// rather than JSON Lines. A line longer than `head` is JSON Lines.
pub(crate) fn is_multiline_object(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut rest = head;
    // The first non-blank line, which must end inside `head`.
    let line = loop {
        let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
            return false;
        };
        let line = rest[..nl].trim_ascii();
        if !line.is_empty() {
            break line;
        }
        rest = &rest[nl + 1..];
    };
    if line == b"{" {
        return true;
    }
    line.starts_with(b"{")
        && line
            .last()
            .is_some_and(|b| matches!(b, b',' | b'{' | b'[' | b':'))
        && serde_json::from_slice::<serde::de::IgnoredAny>(line)
            .is_err_and(|e| e.classify() == serde_json::error::Category::Eof)
}

/// Where the scanner is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first record.
    Start,
    /// Between records.
    Between,
    Done,
}

pub(crate) struct JsonValues {
    name: String,
    reader: BoxRead,
    opts: ReadOptions,
    array: bool,
    state: State,
    /// Records read so far.
    count: u64,
    /// Bytes consumed so far (for UTF-8 error offsets).
    offset: u64,
    buf: Vec<u8>,
}

/// One record's bytes, or why it has none.
enum Scan {
    Value { lone: bool },
    TooLarge,
    End,
}

/// How reading a value ended.
#[derive(PartialEq, Eq)]
enum Read {
    Whole,
    TooLarge,
    /// The input ended inside it.
    Cut,
}

impl JsonValues {
    /// `array`: the input is one top-level array (else objects one after
    /// another).
    pub(crate) fn new(name: &str, reader: BoxRead, opts: &ReadOptions, array: bool) -> Self {
        Self {
            name: name.to_string(),
            reader,
            opts: opts.clone(),
            array,
            state: State::Start,
            count: 0,
            offset: 0,
            buf: Vec::new(),
        }
    }

    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            match self.reader.fill_buf() {
                Ok(b) => return Ok(b.first().copied()),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn bump(&mut self) {
        self.reader.consume(1);
        self.offset += 1;
    }

    /// Skips whitespace (and a BOM at the start); the next byte.
    fn skip_space(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b) if b.is_ascii_whitespace() => self.bump(),
                Some(0xef) if self.offset == 0 => {
                    for _ in 0..3 {
                        self.bump();
                    }
                }
                other => return Ok(other),
            }
        }
    }

    /// Reads up to the start of the next record, then the record into
    /// `buf`.
    fn scan(&mut self) -> Result<Scan, ErrorKind> {
        let io = |e| io_kind(e, None);
        let mut next = self.skip_space().map_err(io)?;
        if self.state == State::Start && self.array {
            if next != Some(b'[') {
                return Err(ErrorKind::Json("expected `[`".into()));
            }
            self.bump();
            next = self.skip_space().map_err(io)?;
        }
        if self.array {
            match next {
                Some(b']') => {
                    self.bump();
                    return Ok(Scan::End);
                }
                Some(b',') if self.state == State::Between => {
                    self.bump();
                    next = self.skip_space().map_err(io)?;
                }
                None => return Err(ErrorKind::Json("unterminated array".into())),
                _ if self.state == State::Between => {
                    return Err(ErrorKind::Json(
                        "expected `,` or `]` between records".into(),
                    ))
                }
                _ => {}
            }
            if next.is_none() {
                return Err(ErrorKind::Json("unterminated array".into()));
            }
        } else if next.is_none() {
            return Ok(Scan::End);
        }
        match self.read_value().map_err(io)? {
            Read::Whole => {}
            Read::TooLarge => return Ok(Scan::TooLarge),
            Read::Cut => {
                return Err(ErrorKind::TruncatedJson {
                    records: Some(self.count),
                })
            }
        }
        let lone =
            !self.array && self.state == State::Start && self.skip_space().map_err(io)?.is_none();
        Ok(Scan::Value { lone })
    }

    /// Reads one JSON value's bytes into `buf`, at most `max_bytes` (a
    /// longer one is skipped).
    fn read_value(&mut self) -> std::io::Result<Read> {
        self.buf.clear();
        let max = self.opts.max_bytes;
        let (mut depth, mut in_string, mut escaped) = (0u32, false, false);
        let mut too_large = false;
        let mut started = false;
        loop {
            let chunk = loop {
                match self.reader.fill_buf() {
                    Ok(c) => break c,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            if chunk.is_empty() {
                return Ok(if depth > 0 || in_string {
                    Read::Cut
                } else if too_large {
                    Read::TooLarge
                } else {
                    Read::Whole
                });
            }
            let mut end = None;
            for (i, &b) in chunk.iter().enumerate() {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    // The end of a scalar, or of the array.
                    b',' | b']' | b'}' if depth == 0 && started => {
                        end = Some(i);
                        break;
                    }
                    b if b.is_ascii_whitespace() && depth == 0 && started => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
                started = true;
            }
            let take = end.unwrap_or(chunk.len());
            if !too_large {
                if self.buf.len() as u64 + take as u64 > max {
                    too_large = true;
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(&chunk[..take]);
                }
            }
            self.reader.consume(take);
            self.offset += take as u64;
            if end.is_some() {
                return Ok(if too_large {
                    Read::TooLarge
                } else {
                    Read::Whole
                });
            }
        }
    }
}

impl Iterator for JsonValues {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.state == State::Done {
            return None;
        }
        let start = self.offset;
        let scan = self.scan();
        let first = self.state == State::Start;
        self.state = State::Between;
        let n = self.count + 1;
        let fatal = |this: &mut Self, kind| {
            this.state = State::Done;
            Some(Err(ReadError::new(&this.name, kind)))
        };
        match scan {
            Err(kind) => fatal(self, kind),
            Ok(Scan::End) if first && !self.array => fatal(self, ErrorKind::EmptyFile),
            Ok(Scan::End) => {
                self.state = State::Done;
                None
            }
            Ok(Scan::TooLarge) => {
                self.count = n;
                Some(Err(ReadError::at(
                    &self.name,
                    At::Record(n),
                    ErrorKind::RecordTooLong {
                        max: self.opts.max_bytes,
                    },
                )))
            }
            Ok(Scan::Value { lone }) => {
                self.count = n;
                let at = (!lone).then_some(At::Record(n));
                let err = |k| ReadError {
                    input: self.name.clone(),
                    at,
                    kind: k,
                };
                let bytes = std::mem::take(&mut self.buf);
                let text = match decode(bytes, self.opts.lossy, start) {
                    Ok(t) => t,
                    Err(k) => return Some(Err(err(k))),
                };
                let source = Source {
                    location: self.name.clone(),
                    reader: "jsonl".into(),
                    record: at.map(|_| n),
                };
                Some(
                    serde_json::from_str::<Value>(&text)
                        .map_err(|e| ErrorKind::Json(e.to_string()))
                        .and_then(parse_value)
                        .map(|p| p.into_document(source))
                        .map_err(err),
                )
            }
        }
    }
}

/// Whether an error says the record is valid JSON but of the wrong kind.
fn wrong_kind(k: &ErrorKind) -> bool {
    matches!(
        k,
        ErrorKind::NotAnObject | ErrorKind::MissingText | ErrorKind::NotArticles(_)
    )
}

/// Judges a file by its first records: when the first is valid JSON but
/// no article (a GeoJSON file, some other JSON) and so is the second (or
/// there is none), the file is of the wrong kind: one error for it,
/// instead of one per record. Otherwise everything passes through.
pub(crate) struct WholeFileCheck<I> {
    inner: I,
    name: String,
    judged: bool,
    stopped: bool,
    stash: Option<Result<Document, ReadError>>,
}

impl<I: Iterator<Item = Result<Document, ReadError>>> WholeFileCheck<I> {
    pub(crate) fn new(name: &str, inner: I) -> Self {
        Self {
            inner,
            name: name.to_string(),
            judged: false,
            stopped: false,
            stash: None,
        }
    }

    fn whole_file(&self, first: ReadError) -> ReadError {
        let what = match first.kind {
            ErrorKind::NotArticles(what) => what,
            ErrorKind::NotAnObject => "not a JSON object".into(),
            _ => "a JSON object without a \"text\", \"content\" or \"body\" field".into(),
        };
        let what = match first.at {
            Some(at) => format!("{at} is {what}"),
            None => what,
        };
        ReadError::new(&self.name, ErrorKind::NotArticles(what))
    }
}

impl<I: Iterator<Item = Result<Document, ReadError>>> Iterator for WholeFileCheck<I> {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stopped {
            return None;
        }
        if let Some(item) = self.stash.take() {
            return Some(item);
        }
        if self.judged {
            return self.inner.next();
        }
        self.judged = true;
        match self.inner.next()? {
            Err(first) if wrong_kind(&first.kind) => match self.inner.next() {
                None => Some(Err(self.whole_file(first))),
                Some(Err(second)) if wrong_kind(&second.kind) => {
                    // The rest is taken to be of the same kind: not read.
                    self.stopped = true;
                    Some(Err(self.whole_file(first)))
                }
                Some(other) => {
                    self.stash = Some(other);
                    Some(Err(first))
                }
            },
            other => Some(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiline_objects_are_told_from_json_lines() {
        assert!(is_multiline_object(b"{\n  \"id\": \"ab\",\n"));
        assert!(is_multiline_object(b"\xef\xbb\xbf\n\n  {  \n\"a\": 1}\n"));
        assert!(is_multiline_object(b"{\"id\": \"ab\",\n\"text\": \"x\"}\n"));
        // JSON Lines: complete objects, a broken line, a line longer than the head.
        assert!(!is_multiline_object(
            b"{\"text\": \"x\"}\n{\"text\": \"y\"}\n"
        ));
        assert!(!is_multiline_object(b"{broken\n{\"text\": \"y\"}\n"));
        assert!(!is_multiline_object(b"{\"text\": \"xxxxxxxx"));
        assert!(is_array(b" \n[{"));
        assert!(!is_array(b"{\"a\": [1]}"));
    }
}
