//! The marsad pipeline: a registry of named stages and the worker that
//! runs them over a [`Document`].
//!
//! Data flows one way: a reader builds the document, each stage adds
//! annotations, a writer serialises it. Stages are immutable and shared
//! across threads; each thread owns a [`Worker`] with the stages' scratch
//! space, reused from one document to the next.

use std::collections::BTreeMap;
use std::sync::Arc;

use marsad_core::{Document, Scratch, Stage, StageError};

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("unknown stage {name:?} (known: {known})")]
    UnknownStage { name: String, known: String },
    #[error("stage {stage} needs {needs} to run before it")]
    MissingDependency {
        stage: &'static str,
        needs: &'static str,
    },
    #[error("stage {stage}: {reason}")]
    Setup { stage: String, reason: String },
}

/// Builds a stage; may load a model or lexicon.
pub type StageFactory = fn() -> Result<Arc<dyn Stage>, PipelineError>;

struct Entry {
    factory: StageFactory,
    requires: &'static [&'static str],
}

/// Named stages a pipeline can be assembled from. Tests register their own
/// stages to swap a model or lexicon without touching the pipeline.
pub struct Registry {
    entries: BTreeMap<&'static str, Entry>,
}

impl Registry {
    pub fn empty() -> Self {
        Self {
            entries: BTreeMap::new(),
        }
    }

    /// Every stage marsad ships.
    pub fn builtin() -> Self {
        let mut r = Self::empty();
        r.register("text", &[], || Ok(Arc::new(marsad_text::TextStage::new())));
        r.register("ner", &["text"], || {
            let stage = marsad_ner::NerStage::builtin().map_err(|e| PipelineError::Setup {
                stage: "ner".into(),
                reason: e.to_string(),
            })?;
            Ok(Arc::new(stage))
        });
        r.register("quantities", &["text"], || {
            Ok(Arc::new(marsad_quantities::QuantitiesStage::new()))
        });
        r.register("dates", &["text"], || {
            Ok(Arc::new(marsad_dates::DatesStage::new()))
        });
        r.register("actors", &["text"], || {
            let stage = marsad_actors::ActorsStage::new().map_err(|e| PipelineError::Setup {
                stage: "actors".into(),
                reason: e.to_string(),
            })?;
            Ok(Arc::new(stage))
        });
        r.register("places", &["text"], || {
            let stage = marsad_places::PlacesStage::new().map_err(|e| PipelineError::Setup {
                stage: "places".into(),
                reason: e.to_string(),
            })?;
            Ok(Arc::new(stage))
        });
        r
    }

    /// Adds (or replaces) a stage under `name`; `requires` lists stages
    /// that must come earlier in any pipeline using it.
    pub fn register(
        &mut self,
        name: &'static str,
        requires: &'static [&'static str],
        factory: StageFactory,
    ) {
        self.entries.insert(name, Entry { factory, requires });
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.keys().copied()
    }

    /// Builds a pipeline of the named stages, in order.
    pub fn build(&self, names: &[&str]) -> Result<Pipeline, PipelineError> {
        let mut stages: Vec<Arc<dyn Stage>> = Vec::with_capacity(names.len());
        let mut seen: Vec<&'static str> = Vec::new();
        for name in names {
            let (&key, entry) =
                self.entries
                    .get_key_value(*name)
                    .ok_or_else(|| PipelineError::UnknownStage {
                        name: name.to_string(),
                        known: self.names().collect::<Vec<_>>().join(", "),
                    })?;
            for needs in entry.requires {
                if !seen.contains(needs) {
                    return Err(PipelineError::MissingDependency { stage: key, needs });
                }
            }
            stages.push((entry.factory)()?);
            seen.push(key);
        }
        Ok(Pipeline { stages })
    }
}

/// The stages run by `marsad analyze` when none are named.
pub const DEFAULT_STAGES: &[&str] = &["text", "ner", "actors", "places", "quantities", "dates"];

/// An ordered list of stages, shared by all worker threads.
#[derive(Clone)]
pub struct Pipeline {
    stages: Vec<Arc<dyn Stage>>,
}

impl Pipeline {
    pub fn new(stages: Vec<Arc<dyn Stage>>) -> Self {
        Self { stages }
    }

    /// The default pipeline from the builtin registry.
    pub fn default_pipeline() -> Result<Self, PipelineError> {
        Registry::builtin().build(DEFAULT_STAGES)
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// A worker for one thread.
    pub fn worker(&self) -> Worker<'_> {
        Worker {
            pipeline: self,
            scratch: self.stages.iter().map(|s| s.scratch()).collect(),
        }
    }
}

/// Runs a pipeline on one thread, reusing each stage's scratch space.
pub struct Worker<'p> {
    pipeline: &'p Pipeline,
    scratch: Vec<Scratch>,
}

impl Worker<'_> {
    pub fn run(&mut self, doc: &mut Document) -> Result<(), StageError> {
        for (stage, scratch) in self.pipeline.stages.iter().zip(self.scratch.iter_mut()) {
            stage.annotate(doc, scratch)?;
        }
        finish(doc);
        Ok(())
    }

    /// Like [`Worker::run`], reporting each stage's wall time (benchmarks).
    pub fn run_timed(
        &mut self,
        doc: &mut Document,
        mut each: impl FnMut(usize, &'static str, std::time::Duration),
    ) -> Result<(), StageError> {
        for (i, (stage, scratch)) in self
            .pipeline
            .stages
            .iter()
            .zip(self.scratch.iter_mut())
            .enumerate()
        {
            let t = std::time::Instant::now();
            stage.annotate(doc, scratch)?;
            each(i, stage.name(), t.elapsed());
        }
        finish(doc);
        Ok(())
    }
}

/// Drops what stages share only among themselves: a finished document
/// does not carry its name words (a stage run later cuts them again).
fn finish(doc: &mut Document) {
    doc.name_words = Default::default();
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{Entity, EntityLabel, Meta, Source};

    /// A stand-in stage: marks the first sentence as a MISC entity and
    /// counts, in its scratch, how many documents it saw.
    struct FirstSentence;

    impl Stage for FirstSentence {
        fn name(&self) -> &'static str {
            "first"
        }
        fn scratch(&self) -> Scratch {
            Box::new(0usize)
        }
        fn annotate(&self, doc: &mut Document, scratch: &mut Scratch) -> Result<(), StageError> {
            let seen = scratch.downcast_mut::<usize>().ok_or(StageError::Failed {
                stage: "first",
                reason: "bad scratch".into(),
            })?;
            *seen += 1;
            if let Some(s) = doc.sentences.first().copied() {
                let text = doc.slice(s.start, s.end).unwrap_or_default().to_string();
                doc.entities.push(Entity {
                    start: s.start,
                    end: s.end,
                    text,
                    label: EntityLabel::MISC,
                    confidence: Some(*seen as f32),
                });
            }
            Ok(())
        }
    }

    #[test]
    fn registry_swaps_in_a_test_stage() {
        let mut r = Registry::builtin();
        r.register("first", &["text"], || Ok(Arc::new(FirstSentence)));
        let p = r.build(&["text", "first"]).unwrap();
        assert_eq!(p.stage_names(), vec!["text", "first"]);
        let mut w = p.worker();
        for n in 1..=2 {
            let mut doc = Document::new(
                "انتهى الاجتماع. وقال المتحدث إن الوفد غادر.".into(),
                Source::default(),
                Meta::default(),
            );
            w.run(&mut doc).unwrap();
            assert_eq!(doc.sentences.len(), 2);
            assert_eq!(doc.entities[0].text, "انتهى الاجتماع.");
            // the scratch survives between documents
            assert_eq!(doc.entities[0].confidence, Some(n as f32));
        }
    }

    /// Places and actors share their name words through the document;
    /// the finished document does not keep them.
    #[test]
    fn finished_documents_drop_their_name_words() {
        let p = Registry::builtin()
            .build(&["text", "actors", "places"])
            .unwrap();
        let mut w = p.worker();
        let text = "وصل وفد من حلب إلى دمشق.";
        let mut doc = Document::new(text.into(), Source::default(), Meta::default());
        w.run(&mut doc).unwrap();
        assert!(!doc.places.is_empty());
        assert!(doc.name_words.take(text).is_none());
    }

    #[test]
    fn unknown_and_misordered_stages_are_errors() {
        let mut r = Registry::builtin();
        r.register("first", &["text"], || Ok(Arc::new(FirstSentence)));
        assert!(matches!(
            r.build(&["nope"]),
            Err(PipelineError::UnknownStage { .. })
        ));
        assert!(matches!(
            r.build(&["first", "text"]),
            Err(PipelineError::MissingDependency { .. })
        ));
    }
}
