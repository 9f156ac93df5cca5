//! Scoring events against gold sentences in the UniversalPetrarch JSON
//! Lines layout (`{id, date, text, events: [{trigger, source, target,
//! plover}]}`; a sentence with `events: []` is a negative).
//!
//! * type recall: gold events whose PLOVER type the sentence's predicted
//!   events have;
//! * role match, over recalled gold events that name a source or target:
//!   exact (a predicted actor or recipient — a participant's text or its
//!   actor's name — has the same words as the gold source or target, in any
//!   order) and partial (they share a word; words compared on light stems:
//!   clitics, article and plural endings stripped);
//! * false-event rate: negative sentences given any event;
//! * per-type precision and recall, counted per sentence.

use std::collections::BTreeMap;
use std::fmt;

use marsad_core::{Document, EventType};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldSentence {
    #[serde(default)]
    pub id: String,
    /// Publication date, `YYYYMMDD` or ISO.
    #[serde(default)]
    pub date: Option<String>,
    pub text: String,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldEvent {
    #[serde(default)]
    pub trigger: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub target: String,
    pub plover: String,
}

/// Reads a JSON Lines gold file: the sentences, or the first bad line.
pub fn parse_jsonl(s: &str) -> Result<Vec<GoldSentence>, String> {
    let mut out = Vec::new();
    for (i, line) in s.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    Ok(out)
}

/// The gold date as ISO 8601 (`20080110` → `2008-01-10`).
pub fn iso_date(d: &str) -> Option<String> {
    let d = d.trim();
    if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
    }
    (d.len() >= 10).then(|| d[..10].to_string())
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub sentences: usize,
    pub gold_events: usize,
    pub type_recalled: usize,
    /// Recalled gold events that name a source or target.
    pub with_roles: usize,
    pub role_exact: usize,
    pub role_partial: usize,
    pub negatives: usize,
    pub negatives_with_events: usize,
    pub predicted_events: usize,
    pub per_type: BTreeMap<String, Counts>,
}

impl Report {
    pub fn type_recall(&self) -> f64 {
        ratio(self.type_recalled, self.gold_events)
    }
    pub fn exact(&self) -> f64 {
        ratio(self.role_exact, self.with_roles)
    }
    pub fn partial(&self) -> f64 {
        ratio(self.role_partial, self.with_roles)
    }
    pub fn false_event_rate(&self) -> f64 {
        ratio(self.negatives_with_events, self.negatives)
    }
}

/// A light stem for overlap: search key, clitics, article and plural or
/// case endings stripped.
fn stem(w: &str) -> String {
    let k = marsad_text::search_key(w);
    let mut s = k.as_str();
    for p in ["وال", "فال", "بال", "كال", "لل", "ال"] {
        if let Some(r) = s.strip_prefix(p) {
            if r.chars().count() >= 2 {
                s = r;
                break;
            }
        }
    }
    if s.chars().count() >= 5 {
        if let Some(r) = s.strip_prefix('و') {
            s = r;
        }
    }
    for suf in ["يين", "يون", "ين", "ون", "ات", "ان", "يه", "ه", "ا", "ي"] {
        if let Some(r) = s.strip_suffix(suf) {
            if r.chars().count() >= 3 {
                s = r;
                break;
            }
        }
    }
    s.to_string()
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && !('\u{064B}'..='\u{065F}').contains(&c))
        .filter(|w| !w.is_empty())
        .map(stem)
        .filter(|w| w.chars().count() >= 2)
        .collect()
}

/// Scores analysed documents (one per gold sentence, same order).
pub fn score(gold: &[GoldSentence], docs: &[Document]) -> Report {
    let mut r = Report {
        sentences: gold.len(),
        ..Report::default()
    };
    for t in EventType::ALL {
        r.per_type.insert(t.name().to_string(), Counts::default());
    }
    for (g, d) in gold.iter().zip(docs) {
        r.predicted_events += d.events.len();
        let mut predicted: Vec<EventType> = d.events.iter().map(|e| e.kind).collect();
        predicted.sort();
        predicted.dedup();
        let mut wanted: Vec<EventType> = g
            .events
            .iter()
            .filter_map(|e| EventType::from_name(&e.plover))
            .collect();
        wanted.sort();
        wanted.dedup();
        if g.events.is_empty() {
            r.negatives += 1;
            if !d.events.is_empty() {
                r.negatives_with_events += 1;
            }
        }
        for t in EventType::ALL {
            let c = r.per_type.entry(t.name().to_string()).or_default();
            match (wanted.contains(&t), predicted.contains(&t)) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                _ => {}
            }
        }
        for ge in &g.events {
            r.gold_events += 1;
            let Some(t) = EventType::from_name(&ge.plover) else {
                continue;
            };
            let evs: Vec<_> = d.events.iter().filter(|e| e.kind == t).collect();
            if evs.is_empty() {
                continue;
            }
            r.type_recalled += 1;
            let gold_roles: Vec<Vec<String>> = [&ge.source, &ge.target]
                .iter()
                .map(|s| words(s))
                .filter(|w| !w.is_empty())
                .collect();
            if gold_roles.is_empty() {
                continue;
            }
            r.with_roles += 1;
            let mut texts: Vec<Vec<String>> = Vec::new();
            for e in &evs {
                for p in &e.participants {
                    texts.push(words(&p.text));
                }
                for id in e.actor.iter().chain(&e.recipient) {
                    if let Some(a) = d.actors.iter().find(|a| &a.id == id) {
                        texts.push(words(&a.name));
                    }
                }
            }
            let same = |a: &Vec<String>, b: &Vec<String>| {
                let mut x = a.clone();
                let mut y = b.clone();
                x.sort();
                y.sort();
                x == y
            };
            if gold_roles.iter().any(|g| texts.iter().any(|p| same(g, p))) {
                r.role_exact += 1;
            }
            if gold_roles
                .iter()
                .any(|g| texts.iter().any(|p| p.iter().any(|w| g.contains(w))))
            {
                r.role_partial += 1;
            }
        }
    }
    r
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: f64| x * 100.0;
        writeln!(
            f,
            "sentences {}  gold events {}  predicted events {}",
            self.sentences, self.gold_events, self.predicted_events
        )?;
        writeln!(
            f,
            "type recall        {:6.1}%  ({}/{})",
            pct(self.type_recall()),
            self.type_recalled,
            self.gold_events
        )?;
        writeln!(
            f,
            "role exact match   {:6.1}%  ({}/{} recalled events with a gold source or target)",
            pct(self.exact()),
            self.role_exact,
            self.with_roles
        )?;
        writeln!(
            f,
            "role partial match {:6.1}%  ({}/{})",
            pct(self.partial()),
            self.role_partial,
            self.with_roles
        )?;
        if self.negatives > 0 {
            writeln!(
                f,
                "false-event rate   {:6.1}%  ({}/{} negative sentences with an event)",
                pct(self.false_event_rate()),
                self.negatives_with_events,
                self.negatives
            )?;
        } else {
            writeln!(f, "false-event rate      n/a  (no negative sentences)")?;
        }
        // Macro-F1 over the types the file labels (those with gold events).
        let f1s: Vec<f64> = self
            .per_type
            .values()
            .filter(|c| c.tp + c.fn_ > 0)
            .map(|c| {
                let (p, r) = (c.precision(), c.recall());
                if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                }
            })
            .collect();
        if !f1s.is_empty() {
            writeln!(
                f,
                "macro-F1 over the {} labelled types {:6.1}%",
                f1s.len(),
                pct(f1s.iter().sum::<f64>() / f1s.len() as f64)
            )?;
        }
        writeln!(
            f,
            "{:<10} {:>5} {:>5} {:>5} {:>7} {:>7}",
            "type", "tp", "fp", "fn", "P", "R"
        )?;
        for (t, c) in &self.per_type {
            if c.tp + c.fp + c.fn_ == 0 {
                continue;
            }
            writeln!(
                f,
                "{:<10} {:>5} {:>5} {:>5} {:>6.1}% {:>6.1}%",
                t,
                c.tp,
                c.fp,
                c.fn_,
                pct(c.precision()),
                pct(c.recall())
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet_across_clitics_and_endings() {
        assert_eq!(stem("المسلحين"), stem("مسلحون"));
        assert_eq!(stem("والمتظاهرون"), stem("متظاهرين"));
        assert_eq!(iso_date("20080110").as_deref(), Some("2008-01-10"));
    }
}
