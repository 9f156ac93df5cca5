//! Output formats for analysed documents, each a [`Sink`]:
//!
//! * [`json`]: one JSON document, or a JSON array for several; JSON Lines;
//! * [`text`]: a readable summary for terminals;
//! * [`geojson`]: an RFC 7946 FeatureCollection of the places found;
//! * [`events`]: PLOVER JSON Lines and ACLED CSV of the events;
//! * [`file`]: an output file written whole, then renamed into place.
//!
//! A database store implements the same trait (`marsad_core::Sink`).

pub mod events;
pub mod file;
pub mod geojson;
pub mod json;
pub mod text;

use std::io::Write;

pub use file::OutputFile;
pub use marsad_core::{Sink, SinkError};
pub use text::Bidi;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// One JSON document; a JSON array for several.
    Json,
    /// One JSON document per line.
    Jsonl,
    /// A readable summary for a terminal.
    Text,
    /// A GeoJSON FeatureCollection of the places found (RFC 7946).
    Geojson,
    /// PLOVER event records, one JSON object a line (POLECAT's format).
    Plover,
    /// ACLED's CSV columns, one row per event ACLED has a type for.
    Acled,
}

/// How documents are written, beyond their format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Keep the tokens layer (dropped by default: it is large).
    pub tokens: bool,
    /// `text` only: how right-to-left text is laid out.
    pub bidi: Bidi,
    /// `text` only: ANSI bold and dim.
    pub color: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tokens: false,
            bidi: Bidi::Logical,
            color: false,
        }
    }
}

/// A sink writing `format` to `out`.
pub fn sink<'a, W: Write + 'a>(format: Format, out: W, opts: Options) -> Box<dyn Sink + 'a> {
    match format {
        Format::Json => Box::new(json::JsonSink::new(out, opts.tokens)),
        Format::Jsonl => Box::new(json::JsonlSink::new(out, opts.tokens)),
        Format::Text => Box::new(text::TextSink::new(out, opts.bidi, opts.color)),
        Format::Geojson => Box::new(geojson::GeoJsonSink::new(out)),
        Format::Plover => Box::new(events::PloverSink::new(out)),
        Format::Acled => Box::new(events::AcledSink::new(out)),
    }
}

/// The document as written: without its tokens unless they were asked for.
fn shown(mut doc: marsad_core::Document, tokens: bool) -> marsad_core::Document {
    if !tokens {
        doc.tokens = Vec::new();
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{Document, Meta, Source};

    pub(crate) fn doc(text: &str) -> Document {
        Document::new(text.into(), Source::default(), Meta::default())
    }

    pub(crate) fn render(format: Format, docs: Vec<Document>) -> String {
        let mut buf = Vec::new();
        {
            let mut w = sink(format, &mut buf, Options::default());
            for d in docs {
                w.write(d).unwrap();
            }
            w.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn json_is_an_object_for_one_and_an_array_for_several() {
        let one: serde_json::Value =
            serde_json::from_str(&render(Format::Json, vec![doc("أ")])).unwrap();
        assert!(one.is_object());
        let two: serde_json::Value =
            serde_json::from_str(&render(Format::Json, vec![doc("أ"), doc("ب")])).unwrap();
        assert_eq!(two.as_array().map(Vec::len), Some(2));
        let none: serde_json::Value = serde_json::from_str(&render(Format::Json, vec![])).unwrap();
        assert_eq!(none, serde_json::json!([]));
    }

    #[test]
    fn jsonl_is_one_line_each() {
        let out = render(Format::Jsonl, vec![doc("أ\nب"), doc("ج")]);
        assert_eq!(out.lines().count(), 2);
        for l in out.lines() {
            serde_json::from_str::<serde_json::Value>(l).unwrap();
        }
    }

    #[test]
    fn a_closed_pipe_is_reported_as_such() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        for f in [
            Format::Json,
            Format::Jsonl,
            Format::Text,
            Format::Geojson,
            Format::Acled,
        ] {
            let mut s = sink(f, Closed, Options::default());
            let r = s.write(doc("أ")).and_then(|_| s.write(doc("ب")));
            let e = r.and_then(|_| s.finish()).expect_err("a closed pipe fails");
            assert!(e.is_broken_pipe(), "{f:?}: {e:?}");
        }
    }
}
