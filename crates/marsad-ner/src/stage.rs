//! The pipeline stage: tags each sentence's tokens and fills
//! `Document::entities`.

use std::sync::Arc;

use marsad_core::{Document, Entity, Scratch, Stage, StageError};

use crate::eval::spans;
use crate::model::{Model, TagScratch};

/// NER as a marsad [`Stage`] named `"ner"`. Needs the text stage's tokens.
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

#[derive(Default)]
struct NerScratch {
    tag: TagScratch,
    /// Token indices of the current sentence.
    idx: Vec<usize>,
}

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn scratch(&self) -> Scratch {
        Box::new(NerScratch::default())
    }

    fn annotate(&self, doc: &mut Document, scratch: &mut Scratch) -> Result<(), StageError> {
        if scratch.downcast_ref::<NerScratch>().is_none() {
            *scratch = self.scratch();
        }
        let Some(s) = scratch.downcast_mut::<NerScratch>() else {
            return Err(StageError::Failed {
                stage: "ner",
                reason: "scratch of the wrong type".into(),
            });
        };
        doc.entities.clear();
        let n = doc.tokens.len();
        let mut words: Vec<&str> = Vec::new();
        let mut found: Vec<Entity> = Vec::new();
        let mut i = 0;
        while i < n {
            let sent = doc.tokens[i].sentence;
            s.idx.clear();
            words.clear();
            while i < n && doc.tokens[i].sentence == sent {
                let t = &doc.tokens[i];
                let w = doc
                    .text
                    .get(t.bytes.0..t.bytes.1)
                    .ok_or(StageError::Failed {
                        stage: "ner",
                        reason: format!("token {i} has byte offsets outside the text"),
                    })?;
                if !w.trim().is_empty() {
                    s.idx.push(i);
                    words.push(w);
                }
                i += 1;
            }
            if words.is_empty() {
                continue;
            }
            let tags = self.model.tag_with(&words, &mut s.tag);
            for sp in spans(tags) {
                let (a, b) = (&doc.tokens[s.idx[sp.start]], &doc.tokens[s.idx[sp.end - 1]]);
                let text = doc
                    .text
                    .get(a.bytes.0..b.bytes.1)
                    .unwrap_or_default()
                    .to_string();
                found.push(Entity {
                    start: a.start,
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
