//! A readable summary of each document for terminals.

use std::io::Write;

use marsad_core::{Document, Sink, SinkError};

/// How right-to-left text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Bidi {
    /// Characters in logical order; the terminal applies the bidi algorithm.
    Logical,
    /// Lines reordered for display by marsad (terminals without bidi).
    Visual,
}

/// Writes [`summary`] of each document.
pub struct TextSink<W: Write> {
    out: W,
    bidi: Bidi,
    color: bool,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W, bidi: Bidi, color: bool) -> Self {
        Self { out, bidi, color }
    }
}

impl<W: Write> Sink for TextSink<W> {
    fn write(&mut self, doc: Document) -> Result<(), SinkError> {
        let s = summary(&doc, self.color);
        let s = match self.bidi {
            Bidi::Logical => s,
            Bidi::Visual => visual(&s),
        };
        self.out.write_all(s.as_bytes())?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.out.flush()?;
        Ok(())
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

    #[test]
    fn visual_order_reverses_arabic_runs() {
        assert_eq!(visual("ابت\n"), "تبا\n");
        assert_eq!(visual("x: ابت 12"), "x: 12 تبا");
    }
}
