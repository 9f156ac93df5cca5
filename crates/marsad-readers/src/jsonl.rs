//! JSON Lines: one object per line. Fields: `text`/`content`/`body`
//! (required), `title`, `date`/`published`/`datePublished`/`pubDate`,
//! `url`/`link`, `author` (string, `{name}`, or an array of either),
//! `source`/`outlet`/`site` (→ outlet), `views`, `sources` (array).
//! Blank lines are skipped; a bad line yields its own error and reading
//! goes on. Lines are read with a length cap, so one huge line cannot
//! exhaust memory.

use crate::error::{At, ErrorKind, ReadError};
use crate::input::{clean_text, decode, io_kind, read_line_capped, BoxRead, Line};
use crate::{labels, ReadOptions};
use marsad_core::{Document, Meta, Source};
use serde_json::{Map, Value};

pub(crate) struct JsonlIter {
    name: String,
    reader: BoxRead,
    opts: ReadOptions,
    line_no: u64,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlIter {
    pub(crate) fn new(name: &str, reader: BoxRead, opts: &ReadOptions) -> Self {
        Self {
            name: name.to_string(),
            reader,
            opts: opts.clone(),
            line_no: 0,
            offset: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn err(&self, kind: ErrorKind) -> ReadError {
        ReadError::at(&self.name, At::Line(self.line_no), kind)
    }
}

impl Iterator for JsonlIter {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let start = self.offset;
            let (line, n) =
                match read_line_capped(&mut self.reader, &mut self.buf, self.opts.max_bytes) {
                    Ok(r) => r,
                    Err(e) => {
                        self.done = true;
                        let kind = io_kind(e, Some(self.line_no));
                        return Some(Err(ReadError::new(&self.name, kind)));
                    }
                };
            self.offset += n;
            match line {
                Line::Eof => return None,
                Line::TooLong => {
                    self.line_no += 1;
                    return Some(Err(self.err(ErrorKind::LineTooLong {
                        max: self.opts.max_bytes,
                    })));
                }
                Line::Ok => {
                    self.line_no += 1;
                    if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    let bytes = std::mem::take(&mut self.buf);
                    let text = match decode(bytes, self.opts.lossy, start) {
                        Ok(t) => t,
                        Err(k) => return Some(Err(self.err(k))),
                    };
                    let source = Source {
                        location: self.name.clone(),
                        reader: "jsonl".into(),
                        record: Some(self.line_no),
                    };
                    return Some(
                        parse_line(&text)
                            .map_err(|k| self.err(k))
                            .map(|p| p.into_document(source)),
                    );
                }
            }
        }
        None
    }
}

fn get_str(o: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match o.get(*k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    })
}

fn names(v: &Value) -> Option<String> {
    let list: Vec<String> = match v {
        Value::String(s) => vec![s.trim().to_string()],
        Value::Object(o) => get_str(o, &["name"]).into_iter().collect(),
        Value::Array(a) => a.iter().filter_map(names).collect(),
        _ => Vec::new(),
    };
    let list: Vec<String> = list.into_iter().filter(|s| !s.is_empty()).collect();
    (!list.is_empty()).then(|| list.join(", "))
}

/// What one JSON record gives: the body, its metadata and, for a marsad
/// document, where its text first came from.
pub(crate) struct Parsed {
    pub body: String,
    pub meta: Meta,
    pub source: Option<Source>,
}

impl Parsed {
    /// The document, with the record's own source unless it is a marsad
    /// document that names where its text came from (kept for provenance).
    pub(crate) fn into_document(self, source: Source) -> Document {
        Document::new(self.body, self.source.unwrap_or(source), self.meta)
    }
}

/// One JSON line → body and metadata.
pub(crate) fn parse_line(line: &str) -> Result<Parsed, ErrorKind> {
    let v: Value = serde_json::from_str(line.trim_start_matches('\u{feff}'))
        .map_err(|e| ErrorKind::Json(e.to_string()))?;
    parse_value(v)
}

/// What a JSON value that is not an article is, when it is recognisably
/// something else.
fn other_kind(o: &Map<String, Value>) -> Option<&'static str> {
    match o.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => Some("a GeoJSON FeatureCollection"),
        Some("Feature") => Some("a GeoJSON Feature"),
        _ if o.contains_key("$schema") => Some("a JSON Schema"),
        _ => None,
    }
}

/// A document marsad wrote: `id`, a `source` object and `text`.
fn is_marsad_document(o: &Map<String, Value>) -> bool {
    o.get("id").is_some_and(Value::is_string)
        && o.get("source").is_some_and(Value::is_object)
        && o.get("text").is_some_and(Value::is_string)
}

/// A marsad document read back: its text and metadata as written (the
/// annotations are dropped and made again), its source kept when it names
/// one.
fn parse_document(mut o: Map<String, Value>) -> Result<Parsed, ErrorKind> {
    let body = match o.remove("text") {
        Some(Value::String(t)) => clean_text(&t),
        _ => return Err(ErrorKind::MissingText),
    };
    if body.is_empty() {
        return Err(ErrorKind::EmptyText);
    }
    let meta = match o.remove("meta") {
        None | Some(Value::Null) => Meta::default(),
        Some(m) => {
            serde_json::from_value(m).map_err(|e| ErrorKind::BadDocument(format!("meta: {e}")))?
        }
    };
    let source = o
        .remove("source")
        .and_then(|s| serde_json::from_value::<Source>(s).ok())
        .filter(|s| !s.location.trim().is_empty());
    Ok(Parsed { body, meta, source })
}

pub(crate) fn parse_value(v: Value) -> Result<Parsed, ErrorKind> {
    let Value::Object(o) = v else {
        return Err(ErrorKind::NotAnObject);
    };
    if is_marsad_document(&o) {
        return parse_document(o);
    }
    if let Some(what) = other_kind(&o) {
        return Err(ErrorKind::NotArticles(what.into()));
    }
    let raw = ["text", "content", "body"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))
        .ok_or(ErrorKind::MissingText)?;
    let body = clean_text(raw);
    if body.is_empty() {
        return Err(ErrorKind::EmptyText);
    }
    let mut meta = Meta {
        title: get_str(&o, &["title", "headline"]),
        url: get_str(&o, &["url", "link"]),
        author: ["author", "authors", "byline"]
            .iter()
            .find_map(|k| o.get(*k).and_then(names)),
        outlet: ["source", "outlet", "site", "publisher"]
            .iter()
            .find_map(|k| o.get(*k).and_then(names)),
        ..Meta::default()
    };
    if let Some(d) = get_str(
        &o,
        &[
            "date",
            "published",
            "datePublished",
            "pubDate",
            "published_at",
        ],
    ) {
        labels::apply(&mut meta, labels::Field::Published, &d);
    }
    meta.views = match o.get("views") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => labels::parse_count(s),
        _ => None,
    };
    if let Some(Value::Array(a)) = o.get("sources") {
        meta.sources = a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    Ok(Parsed {
        body,
        meta,
        source: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Cursor};

    fn run(data: &str) -> Vec<Result<Document, ReadError>> {
        let reader: BoxRead = Box::new(BufReader::new(Cursor::new(data.as_bytes().to_vec())));
        JsonlIter::new("a.jsonl", reader, &ReadOptions::default()).collect()
    }

    #[test]
    fn fields_and_records() {
        let data = "{\"title\":\"خبر\",\"text\":\"نص الخبر.\\r\\nسطر\",\"date\":\"3 مارس 2019\",\"url\":\"https://e.com/1\",\"author\":{\"name\":\"علي\"},\"source\":\"المرصد\",\"views\":\"١٢\"}\n\n{\"content\":\"نص ثان\",\"published\":\"2019-03-04T08:00:00Z\",\"author\":[\"أ\",\"ب\"]}\n";
        let docs = run(data);
        assert_eq!(docs.len(), 2);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.text, "نص الخبر.\nسطر");
        assert_eq!(d.source.record, Some(1));
        assert_eq!(d.source.reader, "jsonl");
        assert_eq!(d.meta.title.as_deref(), Some("خبر"));
        assert_eq!(d.meta.published.as_deref(), Some("2019-03-03"));
        assert_eq!(d.meta.author.as_deref(), Some("علي"));
        assert_eq!(d.meta.outlet.as_deref(), Some("المرصد"));
        assert_eq!(d.meta.views, Some(12));
        let d = docs[1].as_ref().unwrap();
        assert_eq!(d.source.record, Some(3));
        assert_eq!(d.meta.author.as_deref(), Some("أ, ب"));
        assert_eq!(
            d.meta.published.as_deref(),
            Some("2019-03-04T08:00:00+00:00")
        );
    }

    #[test]
    fn bad_lines_do_not_stop_reading() {
        let data = "{\"text\":\"أ\"}\n{bad json\n[1]\n{\"title\":\"بلا نص\"}\n{\"text\":\"  \"}\n{\"text\":\"ب\"}";
        let docs = run(data);
        assert_eq!(docs.len(), 6);
        let msgs: Vec<String> = docs
            .iter()
            .filter_map(|d| d.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert!(
            msgs[0].starts_with("a.jsonl: line 2: invalid JSON"),
            "{msgs:?}"
        );
        assert_eq!(msgs[1], "a.jsonl: line 3: expected a JSON object");
        assert_eq!(
            msgs[2],
            "a.jsonl: line 4: missing \"text\"/\"content\" field"
        );
        assert_eq!(msgs[3], "a.jsonl: line 5: empty text");
        assert_eq!(docs[5].as_ref().unwrap().text, "ب");
    }

    #[test]
    fn long_line_is_an_error_without_buffering() {
        let long = format!(
            "{{\"text\":\"{}\"}}\n{{\"text\":\"بعد\"}}\n",
            "ا".repeat(500)
        );
        let reader: BoxRead = Box::new(BufReader::new(Cursor::new(long.into_bytes())));
        let opts = ReadOptions {
            max_bytes: 100,
            ..ReadOptions::default()
        };
        let docs: Vec<_> = JsonlIter::new("a.jsonl", reader, &opts).collect();
        assert_eq!(
            docs[0].as_ref().unwrap_err().to_string(),
            "a.jsonl: line 1: line longer than 100 bytes (exceeds --max-bytes 100)"
        );
        assert_eq!(docs[1].as_ref().unwrap().text, "بعد");
    }

    #[test]
    fn invalid_utf8_reports_file_offset() {
        let mut data = b"{\"text\":\"a\"}\n{\"text\":\"".to_vec();
        data.push(0xff);
        data.extend_from_slice(b"\"}\n");
        let reader: BoxRead = Box::new(BufReader::new(Cursor::new(data)));
        let docs: Vec<_> = JsonlIter::new("a.jsonl", reader, &ReadOptions::default()).collect();
        assert_eq!(
            docs[1].as_ref().unwrap_err().to_string(),
            "a.jsonl: line 2: invalid UTF-8 at byte 22 (use --lossy to replace)"
        );
    }
}
