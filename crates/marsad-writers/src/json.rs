//! JSON and JSON Lines.

use std::io::Write;

use marsad_core::{Document, Sink, SinkError};

use crate::shown;

/// One JSON document, or a JSON array when there are several. The first
/// document is held back until we know whether an array is needed.
pub struct JsonSink<W: Write> {
    out: W,
    tokens: bool,
    pending: Option<Vec<u8>>,
    count: usize,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W, tokens: bool) -> Self {
        Self {
            out,
            tokens,
            pending: None,
            count: 0,
        }
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn write(&mut self, doc: Document) -> Result<(), SinkError> {
        let bytes = serde_json::to_vec_pretty(&shown(doc, self.tokens))?;
        self.count += 1;
        if self.count == 1 {
            self.pending = Some(bytes);
            return Ok(());
        }
        if let Some(first) = self.pending.take() {
            self.out.write_all(b"[\n")?;
            self.out.write_all(&first)?;
        }
        self.out.write_all(b",\n")?;
        self.out.write_all(&bytes)?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        match (self.count, self.pending.take()) {
            (0, _) => self.out.write_all(b"[]\n")?,
            (1, Some(first)) => {
                self.out.write_all(&first)?;
                self.out.write_all(b"\n")?;
            }
            _ => self.out.write_all(b"\n]\n")?,
        }
        self.out.flush()?;
        Ok(())
    }
}

/// One JSON document per line.
pub struct JsonlSink<W: Write> {
    out: W,
    tokens: bool,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W, tokens: bool) -> Self {
        Self { out, tokens }
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn write(&mut self, doc: Document) -> Result<(), SinkError> {
        serde_json::to_writer(&mut self.out, &shown(doc, self.tokens))?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.out.flush()?;
        Ok(())
    }
}
