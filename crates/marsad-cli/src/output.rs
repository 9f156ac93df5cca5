//! Writers for analysed documents: JSON, JSON Lines and a terminal summary.

use std::io::{self, Write};

use clap::ValueEnum;
use marsad_core::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// One JSON document; a JSON array for several.
    Json,
    /// One JSON document per line.
    Jsonl,
    /// A readable summary for a terminal.
    Text,
    /// A GeoJSON FeatureCollection of the places found (RFC 7946).
    Geojson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Bidi {
    /// Characters in logical order; the terminal applies the bidi algorithm.
    Logical,
    /// Lines reordered for display by marsad (terminals without bidi).
    Visual,
}

/// Streams documents in one format. For `json` the first document is held
/// back until we know whether an array is needed.
pub struct Writer<W: Write> {
    format: OutFormat,
    out: W,
    tokens: bool,
    bidi: Bidi,
    color: bool,
    pending: Option<Vec<u8>>,
    count: usize,
    features: Vec<serde_json::Value>,
}

impl<W: Write> Writer<W> {
    pub fn new(format: OutFormat, out: W, tokens: bool, bidi: Bidi, color: bool) -> Self {
        Self {
            format,
            out,
            tokens,
            bidi,
            color,
            pending: None,
            count: 0,
            features: Vec::new(),
        }
    }

    pub fn write(&mut self, mut doc: Document) -> io::Result<()> {
        if !self.tokens {
            doc.tokens.clear();
        }
        self.count += 1;
        match self.format {
            OutFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, &doc)?;
                self.out.write_all(b"\n")
            }
            OutFormat::Json => {
                let bytes = serde_json::to_vec_pretty(&doc)?;
                if self.count == 1 {
                    self.pending = Some(bytes);
                    return Ok(());
                }
                if let Some(first) = self.pending.take() {
                    self.out.write_all(b"[\n")?;
                    self.out.write_all(&first)?;
                }
                self.out.write_all(b",\n")?;
                self.out.write_all(&bytes)
            }
            OutFormat::Geojson => {
                let fc = marsad_places::geojson(std::slice::from_ref(&doc));
                if let Some(serde_json::Value::Array(f)) = fc.get("features") {
                    self.features.extend(f.iter().cloned());
                }
                Ok(())
            }
            OutFormat::Text => {
                let s = summary(&doc, self.color);
                let s = match self.bidi {
                    Bidi::Logical => s,
                    Bidi::Visual => visual(&s),
                };
                self.out.write_all(s.as_bytes())
            }
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        if self.format == OutFormat::Geojson {
            let fc = serde_json::json!({
                "type": "FeatureCollection",
                "features": std::mem::take(&mut self.features),
            });
            serde_json::to_writer_pretty(&mut self.out, &fc)?;
            self.out.write_all(b"\n")?;
        }
        if self.format == OutFormat::Json {
            match (self.count, self.pending.take()) {
                (0, _) => self.out.write_all(b"[]\n")?,
                (1, Some(first)) => {
                    self.out.write_all(&first)?;
                    self.out.write_all(b"\n")?;
                }
                _ => self.out.write_all(b"\n]\n")?,
            }
        }
        self.out.flush()
    }
}

/// A terminal summary: header, metadata, annotations, numbered sentences.
pub fn summary(doc: &Document, color: bool) -> String {
    let (bold, dim, reset) = if color {
        ("\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let mut s = String::new();
    let title = doc.meta.title.as_deref().unwrap_or("(no title)");
    s.push_str(&format!("{bold}{title}{reset}\n"));
    s.push_str(&format!(
        "{dim}{} ({}{}) id {}{reset}\n",
        doc.source.location,
        doc.source.reader,
        doc.source
            .record
            .map(|r| format!(", record {r}"))
            .unwrap_or_default(),
        doc.id
    ));
    let m = &doc.meta;
    let fields = [
        ("author", m.author.clone()),
        ("published", m.published.clone()),
        ("outlet", m.outlet.clone()),
        ("url", m.url.clone()),
        ("views", m.views.map(|v| v.to_string())),
    ];
    for (k, v) in fields {
        if let Some(v) = v {
            s.push_str(&format!("{k}: {v}\n"));
        }
    }
    for src in &m.sources {
        s.push_str(&format!("source: {src}\n"));
    }
    s.push_str(&format!(
        "{} sentences, {} characters\n",
        doc.sentences.len(),
        doc.text.chars().count()
    ));
    if !doc.entities.is_empty() {
        s.push_str(&format!("{bold}entities{reset}\n"));
        for e in &doc.entities {
            s.push_str(&format!(
                "  {:?} {} [{}..{}]\n",
                e.label, e.text, e.start, e.end
            ));
        }
    }
    if !doc.places.is_empty() {
        s.push_str(&format!("{bold}places{reset}\n"));
        for p in &doc.places {
            let at = match (p.lat, p.lon) {
                (Some(lat), Some(lon)) => format!("{lat:.4}, {lon:.4}"),
                _ => "unresolved".to_string(),
            };
            s.push_str(&format!("  {} [{}] ({at})\n", p.name, p.id));
        }
    }
    if !doc.actors.is_empty() {
        s.push_str(&format!("{bold}actors{reset}\n"));
        for a in &doc.actors {
            s.push_str(&format!(
                "  {} [{}] ({} mentions)\n",
                a.name,
                a.id,
                a.mentions.len()
            ));
        }
    }
    if !doc.dates.is_empty() {
        s.push_str(&format!("{bold}dates{reset}\n"));
        for d in &doc.dates {
            let v = d
                .value
                .clone()
                .or_else(|| d.relative.clone())
                .unwrap_or_else(|| "unparsed".into());
            s.push_str(&format!("  {} → {v}\n", d.text));
        }
    }
    if !doc.quantities.is_empty() {
        s.push_str(&format!("{bold}quantities{reset}\n"));
        for q in &doc.quantities {
            let v = q.value.map(|v| v.to_string()).unwrap_or_default();
            let unit = q.unit.as_deref().unwrap_or("");
            let approx = if q.approximate { "~" } else { "" };
            s.push_str(&format!("  {} → {approx}{v} {unit}\n", q.text));
        }
    }
    s.push_str(&format!("{bold}text{reset}\n"));
    for (i, sent) in doc.sentences.iter().enumerate() {
        let t = doc.slice(sent.start, sent.end).unwrap_or_default();
        s.push_str(&format!(
            "{dim}{:>3}{reset} {}\n",
            i + 1,
            t.replace('\n', " ")
        ));
    }
    s.push('\n');
    s
}

/// Reorders each line for display on a terminal that does not apply the
/// Unicode bidi algorithm itself.
pub fn visual(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let info = unicode_bidi::BidiInfo::new(body, None);
        if let Some(para) = info.paragraphs.first() {
            out.push_str(&info.reorder_line(para, para.range.clone()));
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{Meta, Source};

    fn doc(text: &str) -> Document {
        Document::new(text.into(), Source::default(), Meta::default())
    }

    fn render(format: OutFormat, docs: Vec<Document>) -> String {
        let mut buf = Vec::new();
        let mut w = Writer::new(format, &mut buf, false, Bidi::Logical, false);
        for d in docs {
            w.write(d).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn json_is_an_object_for_one_and_an_array_for_several() {
        let one: serde_json::Value =
            serde_json::from_str(&render(OutFormat::Json, vec![doc("أ")])).unwrap();
        assert!(one.is_object());
        let two: serde_json::Value =
            serde_json::from_str(&render(OutFormat::Json, vec![doc("أ"), doc("ب")])).unwrap();
        assert_eq!(two.as_array().map(Vec::len), Some(2));
        let none: serde_json::Value =
            serde_json::from_str(&render(OutFormat::Json, vec![])).unwrap();
        assert_eq!(none, serde_json::json!([]));
    }

    #[test]
    fn jsonl_is_one_line_each() {
        let out = render(OutFormat::Jsonl, vec![doc("أ\nب"), doc("ج")]);
        assert_eq!(out.lines().count(), 2);
        for l in out.lines() {
            serde_json::from_str::<serde_json::Value>(l).unwrap();
        }
    }

    #[test]
    fn visual_order_reverses_arabic_runs() {
        assert_eq!(visual("ابت\n"), "تبا\n");
        assert_eq!(visual("x: ابت 12"), "x: 12 تبا");
    }
}
