//! A readable summary of each document for terminals.

use std::io::Write;

use marsad_core::{
    DateAnchor, DateFlag, DateMention, Document, Event, Polarity, Quantity, QuantityQualifier,
    Sink, SinkError,
};

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
            s.push_str(&format!("  {} → {}\n", d.text, date_line(d, doc)));
        }
    }
    if !doc.quantities.is_empty() {
        s.push_str(&format!("{bold}quantities{reset}\n"));
        for q in &doc.quantities {
            s.push_str(&format!("  {} → {}\n", q.text, quantity_line(q)));
        }
    }
    if !doc.events.is_empty() {
        s.push_str(&format!("{bold}events{reset}\n"));
        for e in &doc.events {
            s.push_str(&format!("  {}\n", event_line(e, doc)));
        }
    }
    if !doc.claims.is_empty() {
        s.push_str(&format!("{bold}claims{reset}\n"));
        for c in &doc.claims {
            let text = doc.slice(c.start, c.end).unwrap_or("").replace('\n', " ");
            let who = c.source.as_deref().unwrap_or("the article");
            s.push_str(&format!(
                "  {} {who} ({}, {}): {text}\n",
                c.id,
                format!("{:?}", c.source_kind).to_lowercase(),
                format!("{:?}", c.certainty).to_lowercase()
            ));
        }
    }
    if !doc.contradictions.is_empty() {
        s.push_str(&format!("{bold}contradictions{reset}\n"));
        for k in &doc.contradictions {
            let side = |x: &marsad_core::ContradictionSide| {
                let v = x
                    .value
                    .map(quantity_value)
                    .unwrap_or_else(|| format!("{:?}", x.polarity).to_lowercase());
                format!(
                    "{} says {v} ({})",
                    x.source.as_deref().unwrap_or("the article"),
                    x.claim
                )
            };
            let role = k.role.map(|r| format!(" {}", r.name())).unwrap_or_default();
            s.push_str(&format!(
                "  {}{role}: {} / {}\n",
                k.event_type.name(),
                side(&k.sides[0]),
                side(&k.sides[1])
            ));
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

/// A date's ISO value and what it was resolved from, or why it was not.
pub fn date_line(d: &DateMention, doc: &Document) -> String {
    let precision = d
        .precision
        .map(|p| format!("{p:?}").to_lowercase())
        .unwrap_or_default();
    let flag = |f: DateFlag| d.flags.contains(&f);
    let mut notes: Vec<String> = Vec::new();
    if !precision.is_empty() {
        notes.push(precision);
    }
    match (&d.value, d.anchor) {
        (Some(v), anchor) => {
            let published = doc.meta.published.as_deref().unwrap_or("?");
            match anchor {
                Some(DateAnchor::Publication) if flag(DateFlag::InferredYear) => {
                    notes.push(format!("year from the publication date {published}"))
                }
                Some(DateAnchor::Publication) => {
                    let rel = d.relative.as_deref().map(relative_words);
                    notes.push(match rel {
                        Some(r) => format!("{r} the publication date {published}"),
                        None => format!("from the publication date {published}"),
                    })
                }
                Some(DateAnchor::Text) => {
                    notes.push("year from the latest full date in the text".into())
                }
                _ if flag(DateFlag::InferredYear) => notes.push("year inferred".into()),
                _ => notes.push("as written".into()),
            }
            if flag(DateFlag::Hijri) {
                notes.push("converted from the Hijri calendar".into());
            }
            if flag(DateFlag::WeekdayMismatch) {
                notes.push("the weekday written does not match".into());
            }
            format!("{v} ({})", notes.join(", "))
        }
        (None, _) if flag(DateFlag::Invalid) => "no such date".into(),
        (None, _) => match d.relative.as_deref() {
            Some(r) => format!(
                "unresolved: {} the publication date, which the document lacks",
                relative_words(r)
            ),
            None if flag(DateFlag::InferredYear) => {
                "unresolved: day and month only, and no date in the document gives the year".into()
            }
            None => "unresolved".into(),
        },
    }
}

/// `-1 day` → `1 day before`, `0 week` → `the same week as`, `friday on
/// or before` → `the Friday on or before`, `last sunday` → `the Sunday
/// before`: phrases that read before "the publication date".
fn relative_words(r: &str) -> String {
    let mut parts = r.split_whitespace();
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
        return r.to_string();
    };
    let rest: Vec<&str> = parts.collect();
    if let Ok(n) = a.parse::<i64>() {
        let unit = if n.abs() == 1 || n == 0 {
            b.to_string()
        } else {
            format!("{b}s")
        };
        return match n {
            0 => format!("the same {b} as"),
            n if n < 0 => format!("{} {unit} before", -n),
            n => format!("{n} {unit} after"),
        };
    }
    let day = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    match (a, rest.as_slice()) {
        ("last", []) => format!("the {} before", day(b)),
        ("next", []) => format!("the {} after", day(b)),
        (w, ["or", "before"]) if b == "on" => format!("the {} on or before", day(w)),
        (w, ["or", "after"]) if b == "on" => format!("the {} on or after", day(w)),
        _ => r.to_string(),
    }
}

/// One event: type and mode, who to whom, where, when, how many, and the
/// claim it rests on.
pub fn event_line(e: &Event, doc: &Document) -> String {
    let name = |id: &String| {
        doc.actors
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.clone())
    };
    let place = |id: &Option<String>| {
        id.as_ref().map(|id| {
            doc.places
                .iter()
                .find(|p| &p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| id.clone())
        })
    };
    let mut s = format!("{} {}", e.id, e.kind.name());
    if let Some(m) = &e.mode {
        s.push_str(&format!("/{m}"));
    }
    s.push_str(&format!(" «{}»", e.text));
    if !e.actor.is_empty() {
        s.push_str(&format!(
            " by {}",
            e.actor.iter().map(name).collect::<Vec<_>>().join(" + ")
        ));
    }
    if !e.recipient.is_empty() {
        s.push_str(&format!(
            " on {}",
            e.recipient.iter().map(name).collect::<Vec<_>>().join(" + ")
        ));
    }
    if let Some(p) = place(&e.location) {
        s.push_str(&format!(" in {p}"));
    }
    if let Some(p) = place(&e.origin) {
        s.push_str(&format!(" from {p}"));
    }
    if let Some(p) = place(&e.destination) {
        s.push_str(&format!(" to {p}"));
    }
    match e.date.and_then(|d| doc.dates.get(d.index())) {
        Some(d) => s.push_str(&format!(" on {}", d.value.as_deref().unwrap_or(&d.text))),
        None if e.date_assumed => s.push_str(" (date: publication, assumed)"),
        None => {}
    }
    for q in &e.quantities {
        if let Some(v) = q.value {
            s.push_str(&format!(", {} {}", quantity_value(v), q.role.name()));
        }
    }
    if e.polarity == Polarity::Negative {
        s.push_str(", negated");
    }
    let m = format!("{:?}", e.modality).to_lowercase();
    if m != "asserted" {
        s.push_str(&format!(", {m}"));
    }
    if let Some(c) = e.claim {
        s.push_str(&format!(" [claim {c}]"));
    }
    s
}

fn quantity_value(v: f64) -> String {
    quantity_line(&Quantity {
        value: Some(v),
        ..Quantity::default()
    })
}

/// A quantity's value (a range for vague amounts), qualifier and unit.
pub fn quantity_line(q: &Quantity) -> String {
    let num = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            let digits = format!("{}", v.abs() as u64);
            let mut out = String::new();
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(ch);
            }
            if v < 0.0 {
                out.insert(0, '-');
            }
            out
        } else {
            format!("{v}")
        }
    };
    let value = match (q.value, q.range) {
        (_, Some(r)) if r.min != r.max => format!("{}–{}", num(r.min), num(r.max)),
        (Some(v), _) => num(v),
        (None, _) => "?".into(),
    };
    let qual = match q.qualifier {
        Some(QuantityQualifier::About) => "about ",
        Some(QuantityQualifier::MoreThan) => "more than ",
        Some(QuantityQualifier::AtLeast) => "at least ",
        Some(QuantityQualifier::LessThan) => "less than ",
        Some(QuantityQualifier::AtMost) => "at most ",
        None if q.approximate => "about ",
        _ => "",
    };
    let vague = match q.qualifier {
        Some(QuantityQualifier::Tens) => " (tens)",
        Some(QuantityQualifier::Hundreds) => " (hundreds)",
        Some(QuantityQualifier::Thousands) => " (thousands)",
        Some(QuantityQualifier::Millions) => " (millions)",
        Some(QuantityQualifier::Few) => " (a few)",
        _ => "",
    };
    let unit = match (&q.unit, q.unit_known) {
        (Some(u), true) => format!(" {}", u.replace('_', " ")),
        (Some(u), false) => format!(" «{u}»"),
        (None, _) => String::new(),
    };
    let rate = q
        .rate
        .as_deref()
        .map(|r| format!(" per {r}"))
        .unwrap_or_default();
    format!("{qual}{value}{unit}{rate}{vague}")
}

/// Reorders each line for display on a terminal that does not apply the
/// Unicode bidi algorithm itself: right-to-left runs are reversed and their
/// paired brackets mirrored (`[28..33]` stays `[28..33]` inside Arabic).
pub fn visual(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let info = unicode_bidi::BidiInfo::new(body, None);
        if let Some(para) = info.paragraphs.first() {
            let (levels, runs) = info.visual_runs(para, para.range.clone());
            for run in runs {
                let text = &body[run.clone()];
                if levels.get(run.start).is_some_and(|l| l.is_rtl()) {
                    out.extend(text.chars().rev().map(mirror));
                } else {
                    out.push_str(text);
                }
            }
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The mirrored glyph of a paired bracket (Bidi_Mirroring_Glyph for the
/// pairs marsad prints).
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visual_order_reverses_arabic_runs() {
        assert_eq!(visual("ابت\n"), "تبا\n");
        assert_eq!(visual("x: ابت 12"), "x: 12 تبا");
    }

    #[test]
    fn visual_order_keeps_brackets_facing_their_content() {
        // An Arabic line with a span: reversed, the brackets would face out.
        let v = visual("حلب [28..33]");
        assert!(!v.contains("]33..28["), "{v}");
        assert!(v.contains("[28..33]") || v.contains("[33..28]"), "{v}");
        assert_eq!(visual("«حلب»"), "«بلح»");
    }

    fn doc_with(text: &str, published: Option<&str>) -> Document {
        let mut d = Document::new(text.into(), Default::default(), Default::default());
        d.meta.published = published.map(str::to_string);
        d
    }

    fn date(text: &str, f: impl FnOnce(&mut DateMention)) -> DateMention {
        let mut d = DateMention {
            text: text.into(),
            precision: Some(marsad_core::DatePrecision::Day),
            ..DateMention::default()
        };
        f(&mut d);
        d
    }

    #[test]
    fn dates_show_their_iso_value_and_what_it_came_from() {
        let none = doc_with("", None);
        let d = date("اليوم الأحد", |d| {
            d.relative = Some("0 day".into())
        });
        assert_eq!(
            date_line(&d, &none),
            "unresolved: the same day as the publication date, which the document lacks"
        );
        let d = date("فجر الجمعة", |d| {
            d.relative = Some("friday on or before".into())
        });
        assert_eq!(
            date_line(&d, &none),
            "unresolved: the Friday on or before the publication date, which the document lacks"
        );
        let d = date("5 كانون الثاني", |d| {
            d.flags = vec![DateFlag::InferredYear]
        });
        assert_eq!(
            date_line(&d, &none),
            "unresolved: day and month only, and no date in the document gives the year"
        );
        let published = doc_with("", Some("2019-03-05"));
        let d = date("أمس", |d| {
            d.relative = Some("-1 day".into());
            d.value = Some("2019-03-04".into());
            d.anchor = Some(DateAnchor::Publication);
            d.anchored = true;
        });
        assert_eq!(
            date_line(&d, &published),
            "2019-03-04 (day, 1 day before the publication date 2019-03-05)"
        );
        let d = date("5 كانون الثاني", |d| {
            d.value = Some("2019-01-05".into());
            d.anchor = Some(DateAnchor::Publication);
            d.flags = vec![DateFlag::InferredYear];
        });
        assert_eq!(
            date_line(&d, &published),
            "2019-01-05 (day, year from the publication date 2019-03-05)"
        );
        let d = date("3 مارس 2019", |d| {
            d.value = Some("2019-03-03".into());
            d.anchor = Some(DateAnchor::Absolute);
        });
        assert_eq!(date_line(&d, &none), "2019-03-03 (day, as written)");
    }

    #[test]
    fn quantities_show_ranges_qualifiers_and_units() {
        let q = |f: &dyn Fn(&mut Quantity)| {
            let mut q = Quantity::default();
            f(&mut q);
            quantity_line(&q)
        };
        assert_eq!(
            q(&|q| {
                q.value = Some(200.0);
                q.range = Some(marsad_core::QuantityRange {
                    min: 200.0,
                    max: 999.0,
                });
                q.qualifier = Some(QuantityQualifier::Hundreds);
                q.approximate = true;
                q.unit = Some("protesters".into());
                q.unit_known = true;
            }),
            "200–999 protesters (hundreds)"
        );
        assert_eq!(
            q(&|q| {
                q.value = Some(2200.0);
                q.unit = Some("refugees".into());
                q.unit_known = true;
            }),
            "2,200 refugees"
        );
        assert_eq!(
            q(&|q| {
                q.value = Some(7.0);
                q.unit = Some("باصات".into());
            }),
            "7 «باصات»"
        );
        assert_eq!(
            q(&|q| {
                q.value = Some(1200.0);
                q.qualifier = Some(QuantityQualifier::About);
                q.approximate = true;
                q.unit = Some("fighters".into());
                q.unit_known = true;
            }),
            "about 1,200 fighters"
        );
    }
}
