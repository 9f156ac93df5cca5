//! WARC files (`.warc`, `.warc.gz`, `.warc.zst`): `response` records with
//! an HTML payload (and `resource` records of type `text/html`) go through
//! the HTML reader; other records are skipped.
//!
//! Records are framed here, with bounded buffers, and the header block is
//! parsed with `warc::parser::headers`: the `warc` crate's own iterators
//! read a record's body whole whatever its declared length.
//!
//! An HTML record without an article body yields an error item (so a crawl
//! of index pages reports them), and reading goes on.
//!
//! `url` is the record's `WARC-Target-URI`. `published` comes from the
//! page, else from `WARC-Date`: the crawl time is not the publication time,
//! but it is close after it, and without a date relative ones (`أمس`)
//! cannot be resolved.

use crate::error::{At, ErrorKind, ReadError};
use crate::input::{io_kind, read_line_capped, BoxRead, Line};
use crate::{html, labels, ReadOptions};
use marsad_core::{Document, Source};
use std::io::{self, BufRead, Read};

/// Longest WARC or HTTP header block accepted.
const MAX_HEADER: u64 = 256 * 1024;

pub(crate) struct WarcIter {
    name: String,
    reader: BoxRead,
    opts: ReadOptions,
    /// Records fully read so far.
    index: u64,
    done: bool,
}

struct RawRecord {
    warc_type: String,
    target: Option<String>,
    /// `WARC-Date`.
    date: Option<String>,
    content_type: String,
    body: Vec<u8>,
}

enum Step {
    Record(RawRecord),
    /// A record whose body exceeds the cap: skipped, reported.
    TooLarge(u64),
    End,
}

impl WarcIter {
    pub(crate) fn new(name: &str, reader: BoxRead, opts: &ReadOptions) -> Self {
        Self {
            name: name.to_string(),
            reader,
            opts: opts.clone(),
            index: 0,
            done: false,
        }
    }

    fn fatal(&mut self, kind: ErrorKind) -> Option<Result<Document, ReadError>> {
        self.done = true;
        Some(Err(ReadError::new(&self.name, kind)))
    }

    fn truncated(&self, e: Option<io::Error>) -> ErrorKind {
        let records = Some(self.index);
        match e {
            Some(e) => match io_kind(e, records) {
                ErrorKind::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    ErrorKind::TruncatedWarc { records }
                }
                k => k,
            },
            None => ErrorKind::TruncatedWarc { records },
        }
    }

    fn read_record(&mut self) -> Result<Step, ErrorKind> {
        // Header block: `WARC/1.x` line, fields, blank line.
        let mut header = Vec::new();
        let mut line = Vec::new();
        loop {
            let (l, _) = read_line_capped(&mut self.reader, &mut line, MAX_HEADER)
                .map_err(|e| self.truncated(Some(e)))?;
            match l {
                Line::Eof if header.is_empty() => return Ok(Step::End),
                Line::Eof => return Err(self.truncated(None)),
                Line::TooLong => {
                    return Err(ErrorKind::Warc("header line too long".into()));
                }
                Line::Ok => {}
            }
            let blank = line.iter().all(|b| matches!(b, b'\r' | b' ' | b'\t'));
            if header.is_empty() && blank {
                // Stray blank lines between records.
                continue;
            }
            header.extend_from_slice(&line);
            header.push(b'\n');
            if header.len() as u64 > MAX_HEADER {
                return Err(ErrorKind::Warc("header block too long".into()));
            }
            if blank {
                break;
            }
        }
        let (_, (_version, fields, len)) = warc::parser::headers(&header).map_err(|_| {
            let first = String::from_utf8_lossy(&header[..header.len().min(40)])
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            ErrorKind::Warc(format!("bad header block starting {first:?}"))
        })?;
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| String::from_utf8_lossy(v).trim().to_string())
        };
        let warc_type = field("WARC-Type").unwrap_or_default().to_ascii_lowercase();
        let target = field("WARC-Target-URI")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string())
            .filter(|u| !u.is_empty());
        let date = field("WARC-Date").filter(|d| !d.is_empty());
        let content_type = field("Content-Type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let len = len as u64;

        if len > self.opts.max_bytes {
            let skipped = io::copy(&mut (&mut self.reader).take(len), &mut io::sink())
                .map_err(|e| self.truncated(Some(e)))?;
            if skipped < len {
                return Err(self.truncated(None));
            }
            self.skip_trailer();
            return Ok(Step::TooLarge(len));
        }
        let mut body = Vec::with_capacity(len.min(1 << 20) as usize);
        (&mut self.reader)
            .take(len)
            .read_to_end(&mut body)
            .map_err(|e| self.truncated(Some(e)))?;
        if (body.len() as u64) < len {
            return Err(self.truncated(None));
        }
        self.skip_trailer();
        Ok(Step::Record(RawRecord {
            warc_type,
            target,
            date,
            content_type,
            body,
        }))
    }

    /// Consumes the `\r\n\r\n` after a record body (tolerating bare `\n`s).
    fn skip_trailer(&mut self) {
        for _ in 0..4 {
            match self.reader.fill_buf() {
                Ok([b'\r' | b'\n', ..]) => self.reader.consume(1),
                _ => break,
            }
        }
    }
}

impl Iterator for WarcIter {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let step = match self.read_record() {
                Ok(s) => s,
                Err(k) => return self.fatal(k),
            };
            // Records count from 1, as every record does.
            let idx = self.index + 1;
            match step {
                Step::End => {
                    self.done = true;
                    return None;
                }
                Step::TooLarge(size) => {
                    self.index += 1;
                    return Some(Err(ReadError::at(
                        &self.name,
                        At::Record(idx),
                        ErrorKind::TooLarge {
                            size,
                            max: self.opts.max_bytes,
                        },
                    )));
                }
                Step::Record(rec) => {
                    self.index += 1;
                    let Some(payload) = html_payload(&rec) else {
                        continue;
                    };
                    let err = |k| ReadError::at(&self.name, At::Record(idx), k);
                    let result = payload
                        .and_then(|p| crate::decode_html(p.bytes, p.charset.as_deref(), &self.opts))
                        .and_then(|text| html::parse(&text, rec.target.as_deref()))
                        .map(|(body, mut meta)| {
                            if rec.target.is_some() {
                                meta.url = rec.target.clone();
                            }
                            if let (None, Some(date)) = (&meta.published, &rec.date) {
                                labels::apply(&mut meta, labels::Field::Published, date);
                            }
                            let source = Source {
                                location: self.name.clone(),
                                reader: "warc".into(),
                                record: Some(idx),
                            };
                            Document::new(body, source, meta)
                        })
                        .map_err(err);
                    return Some(result);
                }
            }
        }
        None
    }
}

/// The HTML payload of a record, `None` when the record is not an HTML
/// page (skipped), `Some(Err)` when it is but cannot be unpacked.
fn html_payload(rec: &RawRecord) -> Option<Result<Payload, ErrorKind>> {
    match rec.warc_type.as_str() {
        "resource" => is_html_type(&rec.content_type).then(|| {
            Ok(Payload {
                bytes: rec.body.clone(),
                charset: charset_param(&rec.content_type),
            })
        }),
        "response"
            if rec.content_type.starts_with("application/http") || rec.content_type.is_empty() =>
        {
            http_html_body(&rec.body)
        }
        _ => None,
    }
}

fn is_html_type(ct: &str) -> bool {
    let essence = ct.split(';').next().unwrap_or_default().trim();
    essence == "text/html" || essence == "application/xhtml+xml"
}

/// An HTML page's bytes and the charset its HTTP header names.
struct Payload {
    bytes: Vec<u8>,
    charset: Option<String>,
}

/// `text/html; charset=windows-1256` → `windows-1256`.
fn charset_param(ct: &str) -> Option<String> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
            .filter(|v| !v.is_empty())
    })
}

/// Splits an HTTP response into its HTML body: 2xx status and an HTML
/// content type, chunked transfer and gzip/deflate encoding undone.
fn http_html_body(raw: &[u8]) -> Option<Result<Payload, ErrorKind>> {
    let limit = raw.len().min(MAX_HEADER as usize);
    let (head_end, body_start) = match find(&raw[..limit], b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => {
            let i = find(&raw[..limit], b"\n\n")?;
            (i, i + 2)
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end]);
    let mut lines = head.lines();
    let status = lines.next()?;
    let code: u16 = status.split_whitespace().nth(1)?.parse().ok()?;
    if !(200..300).contains(&code) {
        return None;
    }
    let mut ct = None;
    let mut chunked = false;
    let mut encoding = None;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
        match k.as_str() {
            "content-type" => ct = Some(v),
            "transfer-encoding" => chunked = v.contains("chunked"),
            "content-encoding" if v != "identity" => encoding = Some(v),
            _ => {}
        }
    }
    let body = &raw[body_start..];
    match &ct {
        Some(ct) if !is_html_type(ct) => return None,
        None if !looks_like_html(body) => return None,
        _ => {}
    }
    let body = if chunked {
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    let charset = ct.as_deref().and_then(charset_param);
    let bytes = match encoding.as_deref() {
        None => Ok(body),
        Some("gzip" | "x-gzip") => inflate(flate2::read::MultiGzDecoder::new(&body[..]), raw.len()),
        Some("deflate") => inflate(flate2::read::ZlibDecoder::new(&body[..]), raw.len()),
        Some(other) => Err(ErrorKind::Warc(format!(
            "unsupported Content-Encoding {other:?}"
        ))),
    };
    Some(bytes.map(|bytes| Payload { bytes, charset }))
}

/// Decompresses a payload, capped at 20× its compressed size (and 1 GiB).
fn inflate(r: impl Read, compressed: usize) -> Result<Vec<u8>, ErrorKind> {
    let cap = (compressed as u64).saturating_mul(20).min(1 << 30);
    let mut out = Vec::new();
    r.take(cap)
        .read_to_end(&mut out)
        .map_err(|e| ErrorKind::Warc(format!("bad compressed payload: {e}")))?;
    Ok(out)
}

fn looks_like_html(body: &[u8]) -> bool {
    let head: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(64)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Undoes chunked transfer encoding; `None` when malformed.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = find(b, b"\r\n")?;
        let size_str = std::str::from_utf8(&b[..eol]).ok()?;
        let size_hex = size_str.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if b.len() < size {
            return None;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size..];
        b = b.strip_prefix(b"\r\n").unwrap_or(b);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn record(kind: &str, uri: &str, ct: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2019-03-05T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    pub(crate) fn http(ct: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\n\r\n{body}").into_bytes()
    }

    const PAGE: &str = "<html><head><title>خبر</title></head><body><article><p>نص الخبر الأول في الأرشيف.</p></article></body></html>";

    fn run(data: Vec<u8>, opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
        let reader: BoxRead = Box::new(io::BufReader::new(io::Cursor::new(data)));
        WarcIter::new("dump.warc", reader, opts).collect()
    }

    #[test]
    fn html_responses_become_documents() {
        let mut data = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        data.extend(record(
            "request",
            "https://e.com/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        data.extend(record(
            "response",
            "https://e.com/a",
            "application/http; msgtype=response",
            &http("text/html; charset=utf-8", PAGE),
        ));
        data.extend(record(
            "response",
            "https://e.com/i.png",
            "application/http; msgtype=response",
            &http("image/png", "PNG"),
        ));
        let docs = run(data, &ReadOptions::default());
        assert_eq!(docs.len(), 1);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.text, "نص الخبر الأول في الأرشيف.");
        assert_eq!(d.meta.url.as_deref(), Some("https://e.com/a"));
        // No date on the page: the crawl's.
        assert_eq!(
            d.meta.published.as_deref(),
            Some("2019-03-05T00:00:00+00:00")
        );
        assert_eq!(
            (d.source.reader.as_str(), d.source.record),
            ("warc", Some(3))
        );
    }

    #[test]
    fn the_page_date_wins_over_the_crawl_date() {
        let page = "<html><head><title>خبر</title><meta property=\"article:published_time\" content=\"2019-03-01T09:30:00+03:00\"></head><body><article><p>نص الخبر الأول في الأرشيف.</p></article></body></html>";
        let data = record(
            "response",
            "https://e.com/a",
            "application/http; msgtype=response",
            &http("text/html", page),
        );
        let docs = run(data, &ReadOptions::default());
        assert_eq!(
            docs[0].as_ref().unwrap().meta.published.as_deref(),
            Some("2019-03-01T09:30:00+03:00")
        );
    }

    #[test]
    fn truncated_file_yields_records_then_one_error() {
        let mut data = Vec::new();
        for i in 0..3 {
            data.extend(record(
                "response",
                &format!("https://e.com/{i}"),
                "application/http; msgtype=response",
                &http("text/html", PAGE),
            ));
        }
        let full = data.len();
        data.extend(record(
            "response",
            "https://e.com/3",
            "application/http; msgtype=response",
            &http("text/html", PAGE),
        ));
        data.truncate(full + 200);
        let docs = run(data, &ReadOptions::default());
        assert_eq!(docs.len(), 4);
        assert!(docs[..3].iter().all(|d| d.is_ok()));
        assert_eq!(
            docs[3].as_ref().unwrap_err().to_string(),
            "dump.warc: truncated WARC file after 3 records"
        );
    }

    #[test]
    fn oversized_record_is_skipped_with_an_error() {
        let mut data = record(
            "response",
            "https://e.com/big",
            "application/http; msgtype=response",
            &http("text/html", &PAGE.repeat(20)),
        );
        data.extend(record(
            "response",
            "https://e.com/a",
            "application/http; msgtype=response",
            &http("text/html", PAGE),
        ));
        let opts = ReadOptions {
            max_bytes: 1000,
            ..ReadOptions::default()
        };
        let docs = run(data, &opts);
        assert_eq!(docs.len(), 2);
        assert!(docs[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("dump.warc: record 1: "));
        assert!(docs[1].is_ok());
    }

    #[test]
    fn chunked_and_gzip_payloads() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(PAGE.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        payload.extend(format!("{:x}\r\n", gz.len()).as_bytes());
        payload.extend(&gz);
        payload.extend(b"\r\n0\r\n\r\n");
        let data = record(
            "response",
            "https://e.com/z",
            "application/http; msgtype=response",
            &payload,
        );
        let docs = run(data, &ReadOptions::default());
        assert_eq!(docs[0].as_ref().unwrap().text, "نص الخبر الأول في الأرشيف.");
    }

    #[test]
    fn garbage_is_one_error() {
        let docs = run(b"not a warc file\r\n\r\n".to_vec(), &ReadOptions::default());
        assert_eq!(docs.len(), 1);
        assert!(docs[0].is_err());
    }
}
