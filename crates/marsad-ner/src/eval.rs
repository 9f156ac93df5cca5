//! Exact-span scoring with conlleval conventions.

use std::fmt;

use marsad_core::EntityLabel;

use crate::tags::{label_name, type_index, Tag, TYPES};

/// A labelled token span `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: EntityLabel,
}

/// Entity spans of a tag sequence, read the conlleval way: an entity starts
/// at B-X, or at I-X after O or after another type, and runs over
/// following I-X.
pub fn spans(tags: &[Tag]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityLabel)> = None;
    for (i, t) in tags.iter().enumerate() {
        let continues = t.is_inside() && matches!(open, Some((_, l)) if Some(l) == t.label());
        if continues {
            continue;
        }
        if let Some((s, l)) = open.take() {
            out.push(Span {
                start: s,
                end: i,
                label: l,
            });
        }
        if let Some(l) = t.label() {
            open = Some((i, l));
        }
    }
    if let Some((s, l)) = open {
        out.push(Span {
            start: s,
            end: tags.len(),
            label: l,
        });
    }
    out
}

/// Counts for one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted spans matching a gold span exactly (bounds and type).
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, o: &Counts) {
        self.correct += o.correct;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Per-type and micro-averaged precision, recall and F1 (in percent when
/// displayed), plus token accuracy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Indexed like [`TYPES`]: PER, ORG, LOC, MISC.
    pub per_type: [Counts; 4],
    pub tokens: usize,
    pub tokens_correct: usize,
    pub sentences: usize,
}

impl Report {
    /// Adds one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[Tag], pred: &[Tag]) {
        let g = spans(gold);
        let p = spans(pred);
        for s in &g {
            self.per_type[type_index(s.label)].gold += 1;
        }
        for s in &p {
            let c = &mut self.per_type[type_index(s.label)];
            c.predicted += 1;
            if g.contains(s) {
                c.correct += 1;
            }
        }
        self.tokens += gold.len();
        self.tokens_correct += gold.iter().zip(pred).filter(|(a, b)| a == b).count();
        self.sentences += 1;
    }

    /// Micro-averaged counts over all types.
    pub fn micro(&self) -> Counts {
        let mut m = Counts::default();
        for c in &self.per_type {
            m.add(c);
        }
        m
    }

    pub fn counts(&self, label: EntityLabel) -> Counts {
        self.per_type[type_index(label)]
    }

    /// Micro F1 in percent.
    pub fn f1(&self) -> f64 {
        100.0 * self.micro().f1()
    }

    pub fn accuracy(&self) -> f64 {
        100.0 * ratio(self.tokens_correct, self.tokens)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}",
            "type", "P", "R", "F1", "gold", "pred", "ok"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{:<6} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>6} {:>6}",
                name,
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.gold,
                c.predicted,
                c.correct
            )
        };
        for (l, c) in TYPES.iter().zip(&self.per_type) {
            row(f, label_name(*l), c)?;
        }
        row(f, "micro", &self.micro())?;
        write!(
            f,
            "{} sentences, {} tokens, token accuracy {:.2}%",
            self.sentences,
            self.tokens,
            self.accuracy()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<Tag> {
        s.split_whitespace()
            .map(|t| crate::tags::fold_tag(t, Default::default()))
            .collect()
    }

    #[test]
    fn i_after_o_starts_entity() {
        let s = spans(&tags("O I-PER I-PER O B-LOC I-ORG"));
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].start, s[0].end, s[0].label), (1, 3, EntityLabel::PER));
        assert_eq!((s[1].start, s[1].end), (4, 5));
        assert_eq!((s[2].start, s[2].end, s[2].label), (5, 6, EntityLabel::ORG));
    }

    #[test]
    fn entity_at_sentence_end() {
        let s = spans(&tags("O B-LOC I-LOC"));
        assert_eq!(
            s,
            vec![Span {
                start: 1,
                end: 3,
                label: EntityLabel::LOC
            }]
        );
    }

    #[test]
    fn scores_hand_made_cases() {
        let mut r = Report::default();
        // Exact match.
        r.add(&tags("B-PER I-PER O"), &tags("B-PER I-PER O"));
        // Partial overlap: no credit, one false positive, one miss.
        r.add(&tags("B-ORG I-ORG I-ORG"), &tags("B-ORG I-ORG O"));
        // Type mismatch on the same span.
        r.add(&tags("O B-LOC"), &tags("O B-ORG"));
        // I- after O in the prediction counts as an entity start: match.
        r.add(&tags("O B-MISC"), &tags("O I-MISC"));
        let per = r.counts(EntityLabel::PER);
        assert_eq!((per.correct, per.predicted, per.gold), (1, 1, 1));
        let org = r.counts(EntityLabel::ORG);
        assert_eq!((org.correct, org.predicted, org.gold), (0, 2, 1));
        let loc = r.counts(EntityLabel::LOC);
        assert_eq!((loc.correct, loc.predicted, loc.gold), (0, 0, 1));
        let m = r.micro();
        assert_eq!((m.correct, m.predicted, m.gold), (2, 4, 4));
        assert!((r.f1() - 50.0).abs() < 1e-9);
        assert!(r.to_string().contains("micro"));
    }
}
