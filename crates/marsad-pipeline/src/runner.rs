//! The parallel runner: documents in, analysed in batches on a thread pool,
//! handed to a [`Sink`] in input order. Used by `marsad analyze`, and by
//! anything else (a store's ingest, a server) that needs the same.

use std::fmt::Display;
use std::io::Write;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_core::{Document, Sink, SinkError};
use rayon::prelude::*;

use crate::{Pipeline, Worker};

/// Documents analysed together; bounds memory on huge inputs while keeping
/// every thread busy and the output in input order.
pub const BATCH: usize = 256;

/// What the runner is fed: documents, the errors of inputs or records that
/// could not be read, and the end of each input (for progress).
// Each document is moved once, into its batch: boxing it would only add
// an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Feed {
    Document(Document),
    Failed(Box<dyn std::error::Error + Send + Sync>),
    InputDone,
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Documents analysed and given to the sink.
    pub written: usize,
    /// Inputs or records that could not be read, and documents a stage
    /// failed on.
    pub failed: usize,
}

/// Reports a run's progress and its errors.
pub trait Progress: Sync {
    /// One input (file, archive, stream) has been read whole.
    fn input_done(&self) {}
    /// `total` documents have been written so far.
    fn written(&self, _total: usize) {}
    /// An input, record or document failed; the run goes on.
    fn error(&self, _message: &dyn Display) {}
    /// The run is over.
    fn finish(&self) {}
}

/// Errors on stderr, nothing else (`--quiet`, tests, servers).
pub struct Quiet;

impl Progress for Quiet {
    fn error(&self, message: &dyn Display) {
        eprint_quietly(message);
    }
}

/// A progress bar on stderr (drawn only when stderr is a terminal) with
/// the errors printed above it.
pub struct Bar(ProgressBar);

impl Bar {
    /// A bar over `inputs` inputs.
    pub fn new(inputs: usize) -> Self {
        let pb = ProgressBar::with_draw_target(Some(inputs as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files {msg} ({per_sec}, ETA {eta})",
        ) {
            pb.set_style(style);
        }
        Bar(pb)
    }
}

impl Progress for Bar {
    fn input_done(&self) {
        self.0.inc(1);
    }
    fn written(&self, total: usize) {
        self.0.set_message(format!("{total} documents"));
        self.0.tick();
    }
    fn error(&self, message: &dyn Display) {
        self.0.suspend(|| eprint_quietly(message));
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// `marsad: MESSAGE` on stderr; a closed or full stderr is ignored (it
/// must never end the run, let alone panic).
pub fn eprint_quietly(message: &dyn Display) {
    let _ = writeln!(std::io::stderr().lock(), "marsad: {message}");
}

/// An error with its causes, `a: b: c`, each said once: a cause already
/// at the end of the message is dropped, and one that repeats the message
/// and adds to it (a context equal to its cause's own wording) replaces it.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    // Where the last part added begins.
    let mut last = 0;
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        let part = &s[last..];
        let extends = m
            .strip_prefix(part)
            .is_some_and(|rest| rest.starts_with(": "));
        if extends {
            s.truncate(last);
            s.push_str(&m);
        } else if !s.ends_with(&m) {
            s.push_str(": ");
            last = s.len();
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

/// Why a thread pool could not be started.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {threads} worker threads")]
pub struct PoolError {
    threads: usize,
    #[source]
    source: rayon::ThreadPoolBuildError,
}

/// A pipeline on a pool of threads, each with its own worker.
pub struct Runner {
    pipeline: Pipeline,
    pool: rayon::ThreadPool,
    // One worker per thread for the whole run: stages keep per-thread
    // caches (the NER word cache) in their scratch.
    workers: Vec<Mutex<Worker>>,
    batch: usize,
}

impl Runner {
    /// `threads` workers (at least one).
    pub fn new(pipeline: Pipeline, threads: usize) -> Result<Self, PoolError> {
        let threads = threads.max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| PoolError { threads, source })?;
        let workers = (0..threads)
            .map(|_| Mutex::new(pipeline.worker()))
            .collect();
        Ok(Self {
            pipeline,
            pool,
            workers,
            batch: BATCH,
        })
    }

    /// Documents per batch (tests use small ones).
    pub fn with_batch(mut self, batch: usize) -> Self {
        self.batch = batch.max(1);
        self
    }

    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Analyses everything `feed` yields and writes it to `sink` in order.
    /// Errors of inputs and documents are reported and counted; only a
    /// failing sink ends the run (what it had taken stays taken). The sink
    /// is not finished: the caller does that.
    pub fn run(
        &self,
        feed: impl IntoIterator<Item = Feed>,
        sink: &mut dyn Sink,
        progress: &dyn Progress,
    ) -> Result<RunStats, SinkError> {
        let mut stats = RunStats::default();
        let mut batch: Vec<Document> = Vec::with_capacity(self.batch);
        for item in feed {
            match item {
                Feed::Document(doc) => {
                    batch.push(doc);
                    if batch.len() >= self.batch {
                        self.flush(&mut batch, sink, progress, &mut stats)?;
                        progress.written(stats.written);
                    }
                }
                Feed::Failed(e) => {
                    stats.failed += 1;
                    progress.error(&chain(e.as_ref()));
                }
                Feed::InputDone => progress.input_done(),
            }
        }
        self.flush(&mut batch, sink, progress, &mut stats)?;
        Ok(stats)
    }

    /// Analyses a batch in parallel and writes it in order.
    fn flush(
        &self,
        batch: &mut Vec<Document>,
        sink: &mut dyn Sink,
        progress: &dyn Progress,
        stats: &mut RunStats,
    ) -> Result<(), SinkError> {
        let workers = &self.workers;
        let results: Vec<_> = self.pool.install(|| {
            batch
                .par_iter_mut()
                .map(|doc| {
                    let i = rayon::current_thread_index().unwrap_or(0) % workers.len().max(1);
                    match workers.get(i) {
                        // A poisoned lock only means another document
                        // panicked; the scratch is still usable.
                        Some(w) => w.lock().unwrap_or_else(|e| e.into_inner()).run(doc),
                        None => self.pipeline.worker().run(doc),
                    }
                })
                .collect()
        });
        for (doc, res) in batch.drain(..).zip(results) {
            match res {
                Ok(()) => {
                    sink.write(doc)?;
                    stats.written += 1;
                }
                Err(e) => {
                    stats.failed += 1;
                    let name = match doc.source.record {
                        Some(r) => format!("{}: record {r}", doc.source.location),
                        None => doc.source.location.clone(),
                    };
                    progress.error(&format_args!("{name}: {}", chain(&e)));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::{Meta, Source};

    /// Collects what it is given.
    #[derive(Default)]
    struct Collect(Vec<Document>, bool);

    impl Sink for Collect {
        fn write(&mut self, doc: Document) -> Result<(), SinkError> {
            self.0.push(doc);
            Ok(())
        }
        fn finish(&mut self) -> Result<(), SinkError> {
            self.1 = true;
            Ok(())
        }
    }

    #[derive(Debug, thiserror::Error)]
    #[error("unreadable")]
    struct Unreadable;

    #[test]
    fn keeps_input_order_across_batches_and_counts_failures() {
        let p = crate::Registry::builtin().build(&["text"]).unwrap();
        let runner = Runner::new(p, 2).unwrap().with_batch(3);
        let mut feed: Vec<Feed> = (0..10)
            .map(|i| {
                Feed::Document(Document::new(
                    format!("الخبر رقم {i}."),
                    Source::default(),
                    Meta::default(),
                ))
            })
            .collect();
        feed.insert(4, Feed::Failed(Box::new(Unreadable)));
        feed.push(Feed::InputDone);
        let mut sink = Collect::default();
        let stats = runner.run(feed, &mut sink, &Quiet).unwrap();
        assert_eq!(
            stats,
            RunStats {
                written: 10,
                failed: 1
            }
        );
        for (i, d) in sink.0.iter().enumerate() {
            assert_eq!(d.text, format!("الخبر رقم {i}."));
            assert_eq!(d.sentences.len(), 1);
        }
        assert!(!sink.1, "the caller finishes the sink");
    }

    #[test]
    fn error_chains_name_every_cause() {
        let e = crate::PipelineError::setup("ner", Unreadable);
        assert_eq!(chain(&e), "cannot set up stage ner: unreadable");
    }

    /// `context("X")` on an error whose message is already `X: why`, or an
    /// error that prints its cause and also returns it as its source.
    #[test]
    fn error_chains_say_each_part_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("{what}")]
        struct Msg {
            what: &'static str,
            #[source]
            source: Option<Box<Msg>>,
        }
        let leaf = |what| Msg { what, source: None };
        let wrap = |what, inner| Msg {
            what,
            source: Some(Box::new(inner)),
        };
        let io = wrap("a.conll: no such file", leaf("no such file"));
        assert_eq!(chain(&wrap("a.conll", io)), "a.conll: no such file");
        let sink = wrap("cannot write the output: disk full", leaf("disk full"));
        assert_eq!(
            chain(&wrap("cannot write the output", sink)),
            "cannot write the output: disk full"
        );
        let two = wrap("reading", wrap("a.txt", leaf("gone")));
        assert_eq!(chain(&two), "reading: a.txt: gone");
        // A longer word is not a repetition.
        assert_eq!(chain(&wrap("read", leaf("ready: no"))), "read: ready: no");
    }
}
