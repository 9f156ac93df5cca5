//! The pipeline stage: tags each sentence's tokens and fills
//! `Document::entities`.

use std::sync::Arc;

use marsad_core::{Document, Entity, EntityId, Layer, Stage, StageError, StageSpec};

use crate::eval::spans;
use crate::model::{Model, TagScratch};

/// NER as a marsad [`Stage`] named `"ner"`: tags the text stage's tokens.
#[derive(Debug, Clone)]
pub struct NerStage {
    model: Arc<Model>,
}

impl NerStage {
    pub fn new(model: Arc<Model>) -> Self {
        NerStage { model }
    }

    /// The stage with the shipped model.
    pub fn builtin() -> Result<Self, crate::NerError> {
        Ok(NerStage::new(Model::builtin()?))
    }

    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }
}

/// Per-thread tagging buffers and word cache.
pub struct NerScratch {
    tag: TagScratch,
}

/// The `ner` stage's declaration.
pub const SPEC: StageSpec = StageSpec {
    name: "ner",
    reads: &[Layer::Tokens],
    uses: &[],
    writes: &[Layer::Entities],
};

impl Stage for NerStage {
    type Scratch = NerScratch;

    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    fn scratch(&self) -> NerScratch {
        // The stage's model never changes: the word cache is safe.
        NerScratch {
            tag: TagScratch::cached(),
        }
    }

    fn annotate(&self, doc: &mut Document, s: &mut NerScratch) -> Result<(), StageError> {
        doc.entities.clear();
        let n = doc.tokens.len();
        // Sentences first (token indices and words), then tag them together
        // so a two-stage model sees the whole document.
        let mut sents: Vec<(Vec<usize>, Vec<&str>)> = Vec::new();
        let mut i = 0;
        while i < n {
            let sent = doc.tokens[i].sentence;
            let (mut idx, mut words) = (Vec::new(), Vec::new());
            while i < n && doc.tokens[i].sentence == sent {
                let t = &doc.tokens[i];
                let w =
                    doc.text
                        .get(t.bytes.0..t.bytes.1)
                        .ok_or_else(|| StageError::Inconsistent {
                            stage: "ner",
                            detail: format!("token t{i} has byte offsets outside the text"),
                        })?;
                if !w.trim().is_empty() {
                    idx.push(i);
                    words.push(w);
                }
                i += 1;
            }
            if !words.is_empty() {
                sents.push((idx, words));
            }
        }
        let all_tags: Vec<Vec<crate::tags::Tag>> = if self.model.has_memory() {
            let words: Vec<Vec<&str>> = sents.iter().map(|(_, w)| w.clone()).collect();
            self.model.tag_document_with(&words, &mut s.tag)
        } else {
            sents
                .iter()
                .map(|(_, w)| self.model.tag_with(w, &mut s.tag).to_vec())
                .collect()
        };
        let mut found: Vec<Entity> = Vec::new();
        for ((idx, _), tags) in sents.iter().zip(&all_tags) {
            for sp in spans(tags) {
                let (a, b) = (&doc.tokens[idx[sp.start]], &doc.tokens[idx[sp.end - 1]]);
                // Corpora tag whole words, so `وتركيا` comes back whole; the
                // entity itself starts after its proclitics (the article stays).
                let (start, byte_start) = name_start(&doc.text, a);
                let text = doc
                    .text
                    .get(byte_start..b.bytes.1)
                    .unwrap_or_default()
                    .to_string();
                found.push(Entity {
                    id: EntityId::at(found.len()),
                    start,
                    end: b.end,
                    text,
                    label: sp.label,
                    confidence: None,
                });
            }
        }
        doc.entities = found;
        Ok(())
    }
}

/// Where a name begins inside its first token: after a conjunction (و ف),
/// and after a preposition only when the article follows (بالرقة, للحكومة):
/// a bare ب or ل is too often the first letter of a foreign name (برايس,
/// لودريان). Returns the code-point and byte offsets.
fn name_start(text: &str, t: &marsad_core::Token) -> (usize, usize) {
    use marsad_core::MorphKind;
    let m = &t.morphs;
    let mut k = 0;
    while k < m.len() && m[k].kind == MorphKind::Conjunction {
        k += 1;
    }
    if k + 1 < m.len() && m[k].kind == MorphKind::Preposition && m[k + 1].kind == MorphKind::Article
    {
        k += 1;
        // لل: the article has lost its alef; the name starts at the stem.
        if m[k].end - m[k].start == 1 {
            k += 1;
        }
    }
    let Some(first) = m.get(k) else {
        return (t.start, t.bytes.0);
    };
    if k == 0 || first.start <= t.start || first.start >= t.end {
        return (t.start, t.bytes.0);
    }
    let word = text.get(t.bytes.0..t.bytes.1).unwrap_or_default();
    match word.char_indices().nth(first.start - t.start) {
        Some((b, _)) => (first.start, t.bytes.0 + b),
        None => (t.start, t.bytes.0),
    }
}

#[cfg(test)]
mod tests {
    use super::name_start;
    use marsad_core::{Document, Meta, Source};

    #[test]
    fn names_start_after_proclitics_but_keep_the_article() {
        let mut d = Document::new(
            "وبالرقة والبصرة وتركيا لبنان للحكومة برايس وبلينكن ويندوز وزيرستان ووزيرستان".into(),
            Source::default(),
            Meta::default(),
        );
        marsad_text::analyze(&mut d);
        let got: Vec<&str> = d
            .tokens
            .iter()
            .map(|t| {
                let (c, b) = name_start(&d.text, t);
                assert_eq!(d.slice(c, t.end), d.text.get(b..t.bytes.1));
                &d.text[b..t.bytes.1]
            })
            .collect();
        assert_eq!(
            got,
            [
                "الرقة",
                "البصرة",
                "تركيا",
                "لبنان",
                "حكومة",
                "برايس",
                "بلينكن",
                // Names whose first letter is و keep it (not يندوز).
                "ويندوز",
                "وزيرستان",
                "وزيرستان"
            ]
        );
    }
}
