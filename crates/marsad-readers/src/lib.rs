//! Input readers: plain text (including scraped-page layouts), HTML pages,
//! JSON Lines, RSS/Atom feeds and WARC archives, optionally gzip- or
//! zstd-compressed, each turned into [`Document`]s.
//!
//! * [`read_path`] reads one file, [`read_reader`] any stream (stdin);
//!   both guess the format from the name and the first bytes unless
//!   [`ReadOptions::format`] says otherwise ([`detect_format`]).
//! * Single-document inputs (text, HTML) and feeds are read whole, up to
//!   [`ReadOptions::max_bytes`]; JSON and WARC are streamed record by
//!   record, each record capped at `max_bytes`, and a bad record yields an
//!   error item without stopping the rest.
//! * Text is never normalised beyond line endings (CRLF → LF), a leading
//!   BOM and surrounding whitespace.
//! * JSON input is JSON Lines, one top-level array, or pretty-printed
//!   objects one after another, told apart by its first bytes; records are
//!   article objects or marsad's own documents, whose text is analysed
//!   again with their `meta` and `source` kept. A file of some other JSON
//!   (GeoJSON, say) is one error, not one per record.
//! * HTML in a charset other than UTF-8 is decoded from the HTTP header or
//!   `<meta charset>` (`encoding_rs`); other inputs must be UTF-8.
//! * [`read_bytes`] is the entry point for fuzzing.

mod error;
mod feed;
mod html;
mod htmltext;
mod input;
mod json;
mod jsonl;
mod labels;
mod text;
mod warc;

pub use error::{At, ErrorKind, ReadError};
pub use feed::quiet_feed_parser_panics;

use input::{check_binary, decode, io_kind, peek, read_capped, strip_codec_ext, Codec};
use marsad_core::{Document, Source};
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

/// The documents of one input, in order; failed records are `Err` items.
pub type Docs = Box<dyn Iterator<Item = Result<Document, ReadError>> + Send>;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    Feed,
    Warc,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Html,
        Format::Jsonl,
        Format::Feed,
        Format::Warc,
    ];

    /// The name used on the command line and in [`Source::reader`].
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown format name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown input format {0:?} (expected text, html, jsonl, feed or warc)")]
pub struct ParseFormatError(pub String);

impl FromStr for Format {
    type Err = ParseFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "html" | "htm" => Ok(Format::Html),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "feed" | "rss" | "atom" => Ok(Format::Feed),
            "warc" => Ok(Format::Warc),
            _ => Err(ParseFormatError(s.to_string())),
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Force a format instead of guessing it.
    pub format: Option<Format>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    pub lossy: bool,
    /// Largest document (single-document input, JSON line, WARC record,
    /// whole feed) accepted, in bytes, after decompression.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            format: None,
            lossy: false,
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Reads one file (not a folder). Input-level failures (missing file,
/// binary content, too large, a page without an article) are `Err`;
/// failures of single records of a JSON Lines, feed or WARC input are
/// `Err` items of the iterator.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<Docs, ReadError> {
    let name = path.display().to_string();
    let err = |k| ReadError::new(&name, k);
    let md = std::fs::metadata(path).map_err(|e| err(ErrorKind::Io(e)))?;
    if md.is_dir() {
        return Err(err(ErrorKind::IsDirectory));
    }
    let f = std::fs::File::open(path).map_err(|e| err(ErrorKind::Io(e)))?;
    open(&name, Box::new(f), opts, Some(md.len()))
}

/// Reads a stream (standard input, a socket); `name` names it in
/// [`Source::location`] and in errors (`-` for stdin).
pub fn read_reader(
    name: &str,
    r: impl Read + Send + 'static,
    opts: &ReadOptions,
) -> Result<Docs, ReadError> {
    open(name, Box::new(r), opts, None)
}

/// Reads an in-memory input with a given format (compression still
/// detected from the magic bytes). Never panics; meant for fuzz targets
/// and tests.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    format: Format,
    opts: &ReadOptions,
) -> Vec<Result<Document, ReadError>> {
    let opts = ReadOptions {
        format: Some(format),
        ..opts.clone()
    };
    match open(
        name,
        Box::new(std::io::Cursor::new(bytes.to_vec())),
        &opts,
        None,
    ) {
        Ok(docs) => docs.collect(),
        Err(e) => vec![Err(e)],
    }
}

/// Guesses a format: by extension first (`.txt .md .html .htm .xhtml
/// .jsonl .ndjson .json .geojson .xml .rss .atom .warc`, under `.gz`/`.zst`), then
/// by sniffing `head` (the first bytes, decompressed); plain text when
/// nothing matches.
pub fn detect_format(name: &str, head: &[u8]) -> Format {
    let base = strip_codec_ext(name);
    let file = base.rsplit(['/', '\\']).next().unwrap_or(base);
    if let Some((_, ext)) = file.rsplit_once('.') {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" | "md" | "markdown" => return Format::Text,
            "html" | "htm" | "xhtml" | "shtml" => return Format::Html,
            "jsonl" | "ndjson" | "jsonlines" | "json" | "geojson" => return Format::Jsonl,
            "xml" | "rss" | "atom" | "rdf" => return Format::Feed,
            "warc" => return Format::Warc,
            _ => {}
        }
    }
    sniff(head)
}

fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower: Vec<u8> = head[start..]
        .iter()
        .take(2048)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if lower.starts_with(b"warc/") {
        Format::Warc
    } else if lower.starts_with(b"<rss")
        || lower.starts_with(b"<feed")
        || lower.starts_with(b"<rdf:rdf")
    {
        Format::Feed
    } else if lower.starts_with(b"<?xml") {
        if has(b"<html") && !has(b"<rss") && !has(b"<feed") {
            Format::Html
        } else {
            Format::Feed
        }
    } else if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || lower.starts_with(b"<head")
        || lower.starts_with(b"<body")
        || (lower.starts_with(b"<") && has(b"<html"))
    {
        Format::Html
    } else if lower.starts_with(b"{") || is_array_of_objects(&lower) {
        Format::Jsonl
    } else {
        Format::Text
    }
}

/// `[` then `{`: a JSON array of records (text may well start with `[`).
fn is_array_of_objects(head: &[u8]) -> bool {
    head.strip_prefix(b"[")
        .is_some_and(|rest| rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'))
}

fn open(
    name: &str,
    r: Box<dyn Read + Send>,
    opts: &ReadOptions,
    size: Option<u64>,
) -> Result<Docs, ReadError> {
    let err = |k| ReadError::new(name, k);
    let peeked = peek(r).map_err(|e| err(io_kind(e, None)))?;
    if peeked.head.is_empty() {
        return Err(err(ErrorKind::EmptyFile));
    }
    // Magic bytes decide compression: a `.gz` that a server already
    // decompressed still reads.
    let codec = Codec::from_magic(&peeked.head);
    let (reader, head, inner, size) = match codec {
        Some(c) => {
            let dec = input::decompress(Box::new(peeked.reader), c).map_err(err)?;
            let p = peek(dec).map_err(|e| err(io_kind(e, None)))?;
            if p.head.is_empty() {
                return Err(err(ErrorKind::EmptyFile));
            }
            (p.reader, p.head, strip_codec_ext(name), None)
        }
        None => (peeked.reader, peeked.head, name, size),
    };
    let format = opts.format.unwrap_or_else(|| detect_format(inner, &head));
    match format {
        Format::Jsonl if json::is_array(&head) || json::is_multiline_object(&head) => {
            check_binary(&head).map_err(err)?;
            let values = json::JsonValues::new(name, reader, opts, json::is_array(&head));
            Ok(Box::new(json::WholeFileCheck::new(name, values)))
        }
        Format::Jsonl => {
            check_binary(&head).map_err(err)?;
            let lines = jsonl::JsonlIter::new(name, reader, opts);
            Ok(Box::new(json::WholeFileCheck::new(name, lines)))
        }
        Format::Warc => Ok(Box::new(warc::WarcIter::new(name, reader, opts))),
        Format::Text | Format::Html | Format::Feed => {
            if let Some(size) = size.filter(|&s| s > opts.max_bytes) {
                return Err(err(ErrorKind::TooLarge {
                    size,
                    max: opts.max_bytes,
                }));
            }
            let mut reader = reader;
            let bytes = read_capped(&mut reader, opts.max_bytes).map_err(err)?;
            let docs = read_single(name, bytes, format, opts)?;
            Ok(Box::new(docs.into_iter()))
        }
    }
}

/// Text, HTML and feed inputs, read whole.
fn read_single(
    name: &str,
    bytes: Vec<u8>,
    format: Format,
    opts: &ReadOptions,
) -> Result<Vec<Result<Document, ReadError>>, ReadError> {
    let err = |k| ReadError::new(name, k);
    check_binary(&bytes).map_err(err)?;
    let content = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    if content.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(ErrorKind::EmptyFile));
    }
    let source = Source {
        location: name.to_string(),
        reader: format.name().to_string(),
        record: None,
    };
    match format {
        Format::Text => {
            let s = decode(bytes, opts.lossy, 0).map_err(err)?;
            let (body, meta) = text::parse(&s).map_err(err)?;
            Ok(vec![Ok(Document::new(body, source, meta))])
        }
        Format::Html => {
            let s = decode_html(bytes, None, opts).map_err(err)?;
            let (body, meta) = html::parse(&s, None).map_err(err)?;
            Ok(vec![Ok(Document::new(body, source, meta))])
        }
        Format::Feed => feed::read(name, &bytes).map_err(err),
        // Streamed formats never come here; read them whole if they do.
        Format::Jsonl | Format::Warc => {
            let cursor: input::BoxRead = Box::new(std::io::Cursor::new(bytes));
            Ok(if format == Format::Jsonl {
                jsonl::JsonlIter::new(name, cursor, opts).collect()
            } else {
                warc::WarcIter::new(name, cursor, opts).collect()
            })
        }
    }
}

/// HTML bytes → text. Valid UTF-8 is taken as such whatever the page
/// declares (mislabelled pages are common); otherwise the charset from the
/// HTTP header or the page's `<meta>` is decoded with `encoding_rs`
/// (windows-1256 and ISO-8859-6 are still found on Arabic sites).
pub(crate) fn decode_html(
    bytes: Vec<u8>,
    header_charset: Option<&str>,
    opts: &ReadOptions,
) -> Result<String, ErrorKind> {
    if std::str::from_utf8(&bytes).is_ok() {
        return decode(bytes, false, 0);
    }
    let declared = header_charset
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
        .or_else(|| html::declared_charset(&bytes));
    if let Some(cs) = declared.filter(|c| !html::is_utf8_label(c)) {
        return match encoding_rs::Encoding::for_label(cs.as_bytes()) {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                let (text, _, had_errors) = enc.decode(&bytes);
                if had_errors && !opts.lossy {
                    Err(ErrorKind::BadCharset(cs))
                } else {
                    Ok(text.into_owned())
                }
            }
            Some(_) => decode(bytes, opts.lossy, 0),
            None if opts.lossy => decode(bytes, true, 0),
            None => Err(ErrorKind::Charset(cs)),
        };
    }
    decode(bytes, opts.lossy, 0)
}
