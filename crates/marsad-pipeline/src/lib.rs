//! The marsad pipeline: a registry of named stages, ordered from the layers
//! they declare; the worker that runs them over a [`Document`]; and the
//! parallel, order-preserving [`runner`] that feeds a [`marsad_core::Sink`].
//!
//! Data flows one way: a reader builds the document, each stage adds the
//! layers it declares, a sink takes the result. Stages are immutable and
//! shared across threads; each thread owns a [`Worker`] holding every
//! stage with its own typed scratch space, reused from one document to the
//! next.

pub mod runner;

use std::collections::BTreeMap;
use std::sync::Arc;

use marsad_core::{AnyStage, BoundStage, Document, Layer, StageError, StageSpec};

pub use runner::{Feed, Progress, RunStats, Runner};

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("unknown stage {name:?} (known: {known})")]
    UnknownStage { name: String, known: String },
    #[error("stage {stage} reads the {layer} layer, which no stage before it writes")]
    MissingLayer { stage: &'static str, layer: Layer },
    #[error("stage {stage} reads the {layer} layer, which no registered stage writes")]
    NoWriter { stage: &'static str, layer: Layer },
    #[error(
        "stage {stage} reads the {layer} layer, which several stages write ({writers}); name one"
    )]
    AmbiguousWriter {
        stage: &'static str,
        layer: Layer,
        writers: String,
    },
    #[error("stage {stage} uses the {layer} layer, which {writer} writes after it")]
    Misordered {
        stage: &'static str,
        layer: Layer,
        writer: &'static str,
    },
    #[error("stages {stages} depend on each other's layers")]
    Cycle { stages: String },
    #[error("cannot set up stage {stage}")]
    Setup {
        stage: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl PipelineError {
    /// A setup error of `stage`, keeping its cause.
    pub fn setup(
        stage: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        PipelineError::Setup {
            stage,
            source: Box::new(source),
        }
    }
}

/// Builds a stage; may load a model or lexicon.
pub type StageFactory = fn() -> Result<Arc<dyn AnyStage>, PipelineError>;

struct Entry {
    spec: &'static StageSpec,
    factory: StageFactory,
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
        r.register(&marsad_text::TEXT_SPEC, || {
            Ok(Arc::new(marsad_text::TextStage::new()))
        });
        r.register(&marsad_text::WORDS_SPEC, || {
            Ok(Arc::new(marsad_text::WordsStage))
        });
        r.register(&marsad_ner::SPEC, || {
            let stage =
                marsad_ner::NerStage::builtin().map_err(|e| PipelineError::setup("ner", e))?;
            Ok(Arc::new(stage))
        });
        r.register(&marsad_quantities::SPEC, || {
            Ok(Arc::new(marsad_quantities::QuantitiesStage::new()))
        });
        r.register(&marsad_dates::SPEC, || {
            Ok(Arc::new(marsad_dates::DatesStage::new()))
        });
        r.register(&marsad_actors::SPEC, || {
            let stage =
                marsad_actors::ActorsStage::new().map_err(|e| PipelineError::setup("actors", e))?;
            Ok(Arc::new(stage))
        });
        r.register(&marsad_events::SPEC, || {
            Ok(Arc::new(marsad_events::EventsStage::new()))
        });
        r.register(&marsad_places::SPEC, || {
            let stage =
                marsad_places::PlacesStage::new().map_err(|e| PipelineError::setup("places", e))?;
            Ok(Arc::new(stage))
        });
        r
    }

    /// Adds (or replaces) the stage `spec.name`.
    pub fn register(&mut self, spec: &'static StageSpec, factory: StageFactory) {
        self.entries.insert(spec.name, Entry { spec, factory });
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.keys().copied()
    }

    /// The declaration of a registered stage.
    pub fn spec(&self, name: &str) -> Option<&'static StageSpec> {
        self.entries.get(name).map(|e| e.spec)
    }

    fn entry(&self, name: &str) -> Result<&Entry, PipelineError> {
        self.entries
            .get(name)
            .ok_or_else(|| PipelineError::UnknownStage {
                name: name.to_string(),
                known: self.names().collect::<Vec<_>>().join(", "),
            })
    }

    /// The stages to run for `names`: the named ones plus the writers of
    /// every layer they read that none of them writes, ordered so that a
    /// stage comes after the writers of the layers it reads or uses (ties
    /// keep the order asked for).
    pub fn plan(&self, names: &[&str]) -> Result<Vec<&'static StageSpec>, PipelineError> {
        let mut want: Vec<&'static StageSpec> = Vec::new();
        for name in names {
            let spec = self.entry(name)?.spec;
            if !want.contains(&spec) {
                self.add_with_writers(spec, &mut want, 0)?;
            }
        }
        order(&want)
    }

    /// Puts the writers of `spec`'s missing layers, then `spec`, in `want`.
    fn add_with_writers(
        &self,
        spec: &'static StageSpec,
        want: &mut Vec<&'static StageSpec>,
        depth: usize,
    ) -> Result<(), PipelineError> {
        if depth > self.entries.len() {
            return Err(PipelineError::Cycle {
                stages: spec.name.to_string(),
            });
        }
        for &layer in spec.reads {
            if want.iter().any(|s| s.writes.contains(&layer)) {
                continue;
            }
            let writers: Vec<&'static StageSpec> = self
                .entries
                .values()
                .map(|e| e.spec)
                .filter(|s| s.writes.contains(&layer))
                .collect();
            match writers.as_slice() {
                [] => {
                    return Err(PipelineError::NoWriter {
                        stage: spec.name,
                        layer,
                    })
                }
                [one] => self.add_with_writers(one, want, depth + 1)?,
                many => {
                    return Err(PipelineError::AmbiguousWriter {
                        stage: spec.name,
                        layer,
                        writers: many.iter().map(|s| s.name).collect::<Vec<_>>().join(", "),
                    })
                }
            }
        }
        if !want.contains(&spec) {
            want.push(spec);
        }
        Ok(())
    }

    /// A pipeline of the named stages and their prerequisites, in the
    /// order their layers require (see [`Registry::plan`]).
    pub fn build(&self, names: &[&str]) -> Result<Pipeline, PipelineError> {
        let plan = self.plan(names)?;
        self.instantiate(&plan)
    }

    /// A pipeline of exactly the named stages in exactly this order, or an
    /// error naming the first layer the order leaves missing or misordered.
    pub fn build_in_order(&self, names: &[&str]) -> Result<Pipeline, PipelineError> {
        let specs: Vec<&'static StageSpec> = names
            .iter()
            .map(|n| self.entry(n).map(|e| e.spec))
            .collect::<Result<_, _>>()?;
        check_order(&specs)?;
        self.instantiate(&specs)
    }

    /// One stage, built on its own (tests that run stages one by one).
    pub fn stage(&self, name: &str) -> Result<Arc<dyn AnyStage>, PipelineError> {
        (self.entry(name)?.factory)()
    }

    fn instantiate(&self, specs: &[&'static StageSpec]) -> Result<Pipeline, PipelineError> {
        let mut stages = Vec::with_capacity(specs.len());
        for spec in specs {
            stages.push((self.entry(spec.name)?.factory)()?);
        }
        Ok(Pipeline { stages })
    }
}

/// Whether `b` must run after `a`: `a` writes a layer `b` reads or uses.
fn before(a: &StageSpec, b: &StageSpec) -> bool {
    a.name != b.name
        && a.writes
            .iter()
            .any(|l| b.reads.contains(l) || b.uses.contains(l))
}

/// `specs` in dependency order, the given order breaking ties.
fn order(specs: &[&'static StageSpec]) -> Result<Vec<&'static StageSpec>, PipelineError> {
    let mut left: Vec<&'static StageSpec> = specs.to_vec();
    let mut out = Vec::with_capacity(specs.len());
    while !left.is_empty() {
        let ready = left
            .iter()
            .position(|b| !left.iter().any(|a| before(a, b)))
            .ok_or_else(|| PipelineError::Cycle {
                stages: left.iter().map(|s| s.name).collect::<Vec<_>>().join(", "),
            })?;
        out.push(left.remove(ready));
    }
    Ok(out)
}

/// Checks that every layer a stage reads is written before it and no
/// layer it uses is written after it.
pub fn check_order(specs: &[&'static StageSpec]) -> Result<(), PipelineError> {
    for (i, s) in specs.iter().enumerate() {
        for &layer in s.reads {
            if !specs[..i].iter().any(|w| w.writes.contains(&layer)) {
                return Err(PipelineError::MissingLayer {
                    stage: s.name,
                    layer,
                });
            }
        }
        for &layer in s.reads.iter().chain(s.uses) {
            if let Some(w) = specs[i + 1..]
                .iter()
                .find(|w| w.name != s.name && w.writes.contains(&layer))
            {
                return Err(PipelineError::Misordered {
                    stage: s.name,
                    layer,
                    writer: w.name,
                });
            }
        }
    }
    Ok(())
}

/// The stages `marsad analyze` runs when none are named (the `words` stage
/// that actors and places read is added by the registry).
pub const DEFAULT_STAGES: &[&str] = &[
    "text",
    "ner",
    "actors",
    "places",
    "quantities",
    "dates",
    "events",
];

/// An ordered list of stages, shared by all worker threads.
#[derive(Clone)]
pub struct Pipeline {
    stages: Vec<Arc<dyn AnyStage>>,
}

impl Pipeline {
    /// A pipeline of these stages in this order, or an error naming the
    /// layer the order leaves missing.
    pub fn new(stages: Vec<Arc<dyn AnyStage>>) -> Result<Self, PipelineError> {
        let specs: Vec<&'static StageSpec> = stages.iter().map(|s| s.spec()).collect();
        check_order(&specs)?;
        Ok(Self { stages })
    }

    /// The default pipeline from the builtin registry.
    pub fn default_pipeline() -> Result<Self, PipelineError> {
        Registry::builtin().build(DEFAULT_STAGES)
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.spec().name).collect()
    }

    /// A worker for one thread, with fresh scratch space for every stage.
    pub fn worker(&self) -> Worker {
        Worker {
            stages: self.stages.iter().map(|s| Arc::clone(s).bind()).collect(),
        }
    }
}

/// Runs a pipeline on one thread, reusing each stage's scratch space.
pub struct Worker {
    stages: Vec<Box<dyn BoundStage>>,
}

impl Worker {
    pub fn run(&mut self, doc: &mut Document) -> Result<(), StageError> {
        self.run_timed(doc, |_, _, _| {})
    }

    /// Like [`Worker::run`], reporting each stage's wall time (benchmarks).
    pub fn run_timed(
        &mut self,
        doc: &mut Document,
        mut each: impl FnMut(usize, &'static str, std::time::Duration),
    ) -> Result<(), StageError> {
        let result = self.stages.iter_mut().enumerate().try_for_each(|(i, st)| {
            let t = std::time::Instant::now();
            run_stage(st.as_mut(), doc)?;
            each(i, st.spec().name, t.elapsed());
            Ok(())
        });
        finish(doc);
        result
    }
}

/// One stage on one document: its layers checked, then recorded.
fn run_stage(st: &mut dyn BoundStage, doc: &mut Document) -> Result<(), StageError> {
    let spec = st.spec();
    if let Some(&layer) = spec.reads.iter().find(|&&l| !doc.has(l)) {
        return Err(StageError::MissingLayer {
            stage: spec.name,
            layer,
        });
    }
    st.annotate(doc)?;
    for &l in spec.writes {
        doc.layers.insert(l);
    }
    Ok(())
}

/// Drops what stages share only among themselves: a finished document
/// does not carry its name words (a later pipeline cuts them again).
fn finish(doc: &mut Document) {
    doc.name_words = Vec::new();
    doc.layers.remove(Layer::NameWords);
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{Entity, EntityId, EntityLabel, Meta, Source, Stage};

    /// A stand-in stage: marks the first sentence as a MISC entity and
    /// counts, in its scratch, how many documents it saw.
    struct FirstSentence;

    static FIRST: StageSpec = StageSpec {
        name: "first",
        reads: &[Layer::Sentences],
        uses: &[],
        writes: &[Layer::Entities],
    };

    impl Stage for FirstSentence {
        type Scratch = usize;
        fn spec(&self) -> &'static StageSpec {
            &FIRST
        }
        fn scratch(&self) -> usize {
            0
        }
        fn annotate(&self, doc: &mut Document, seen: &mut usize) -> Result<(), StageError> {
            *seen += 1;
            if let Some(s) = doc.sentences.first().copied() {
                let text = doc.slice(s.start, s.end).unwrap_or_default().to_string();
                doc.entities.push(Entity {
                    id: EntityId(0),
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

    fn doc(text: &str) -> Document {
        Document::new(text.into(), Source::default(), Meta::default())
    }

    #[test]
    fn registry_swaps_in_a_test_stage() {
        let mut r = Registry::builtin();
        r.register(&FIRST, || Ok(Arc::new(FirstSentence)));
        let p = r.build(&["text", "first"]).unwrap();
        assert_eq!(p.stage_names(), vec!["text", "first"]);
        let mut w = p.worker();
        for n in 1..=2 {
            let mut d = doc("انتهى الاجتماع. وقال المتحدث إن الوفد غادر.");
            w.run(&mut d).unwrap();
            assert_eq!(d.sentences.len(), 2);
            assert_eq!(d.entities[0].text, "انتهى الاجتماع.");
            // the scratch survives between documents
            assert_eq!(d.entities[0].confidence, Some(n as f32));
        }
    }

    /// Places and actors share their name words through the document;
    /// the finished document does not keep them.
    #[test]
    fn finished_documents_drop_their_name_words() {
        let p = Registry::builtin().build(&["actors", "places"]).unwrap();
        assert_eq!(p.stage_names(), vec!["words", "actors", "places"]);
        let mut w = p.worker();
        let mut d = doc("وصل وفد من حلب إلى دمشق.");
        w.run(&mut d).unwrap();
        assert!(!d.places.is_empty());
        assert!(d.name_words.is_empty());
        assert!(!d.has(Layer::NameWords) && d.has(Layer::Places) && d.has(Layer::Actors));
    }

    #[test]
    fn missing_stages_are_added_and_orders_follow_the_layers() {
        let r = Registry::builtin();
        let names = |p: Pipeline| p.stage_names().join(",");
        assert_eq!(names(r.build(&["places"]).unwrap()), "words,places");
        assert_eq!(names(r.build(&["dates", "ner"]).unwrap()), "text,dates,ner");
        // places use the actors layer: actors come first whatever the order asked.
        assert_eq!(
            names(r.build(&["places", "actors", "ner"]).unwrap()),
            "words,text,ner,actors,places"
        );
        assert_eq!(
            names(Pipeline::default_pipeline().unwrap()),
            "text,ner,words,actors,places,quantities,dates,events"
        );
    }

    #[test]
    fn unknown_missing_and_misordered_stages_are_errors() {
        let mut r = Registry::builtin();
        r.register(&FIRST, || Ok(Arc::new(FirstSentence)));
        assert!(matches!(
            r.build(&["nope"]),
            Err(PipelineError::UnknownStage { .. })
        ));
        assert!(matches!(
            r.build_in_order(&["first", "text"]),
            Err(PipelineError::MissingLayer {
                stage: "first",
                layer: Layer::Sentences
            })
        ));
        assert!(matches!(
            r.build_in_order(&["words", "places", "actors"]),
            Err(PipelineError::Misordered {
                stage: "places",
                layer: Layer::Actors,
                writer: "actors"
            })
        ));
        let msg = r.build_in_order(&["dates"]).err().map(|e| e.to_string());
        assert_eq!(
            msg.as_deref(),
            Some("stage dates reads the tokens layer, which no stage before it writes")
        );
    }

    #[test]
    fn the_worker_refuses_a_document_without_a_read_layer() {
        let p = Pipeline::new(vec![Arc::new(marsad_text::WordsStage)]).unwrap();
        assert!(p.worker().run(&mut doc("نص")).is_ok());
        let e = Pipeline::new(vec![Arc::new(marsad_dates::DatesStage::new())]);
        assert!(matches!(e, Err(PipelineError::MissingLayer { .. })));
    }
}
