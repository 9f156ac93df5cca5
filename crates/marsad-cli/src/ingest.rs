//! `marsad ingest`: read inputs, analyse what is not stored yet, write it
//! to the store in batched transactions, report what happened.

use std::cell::RefCell;
use std::fmt::Display;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_core::Sink;
use marsad_pipeline::runner::eprint_quietly;
use marsad_pipeline::{Feed, Progress, Registry, Runner, DEFAULT_STAGES};
use marsad_store::{Store, StoreSink};
use serde::Serialize;

use crate::inputs;

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or folders to read (folders recursively): text, HTML, feeds,
    /// WARC, JSON Lines; `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// The store: a SQLite file (created if missing) or postgres://… (default:
    /// $MARSAD_DB, else marsad/marsad.db under the user's data directory).
    #[arg(long, value_name = "PATH|URL")]
    pub db: Option<String>,
    #[command(flatten)]
    pub read: inputs::ReadArgs,
    /// Documents analysed in parallel (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Documents per transaction.
    #[arg(long, default_value_t = marsad_store::BATCH)]
    pub batch: usize,
    /// Stored documents with events that new ones are checked against for
    /// contradictions.
    #[arg(long, default_value_t = 5000, value_name = "N")]
    pub compare_with: usize,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Failure reasons kept for the report.
const KEEP_REASONS: usize = 50;

/// Progress of an ingest: a bar over the inputs, documents and their rate
/// in its message; errors printed above it and kept for the report.
struct IngestProgress {
    bar: Option<ProgressBar>,
    start: Instant,
    failed: AtomicUsize,
    reasons: Mutex<Vec<String>>,
}

impl IngestProgress {
    fn new(inputs: usize, quiet: bool) -> Self {
        let bar = (!quiet).then(|| {
            let pb =
                ProgressBar::with_draw_target(Some(inputs as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} inputs {msg} (ETA {eta})",
            ) {
                pb.set_style(style);
            }
            pb
        });
        Self {
            bar,
            start: Instant::now(),
            failed: AtomicUsize::new(0),
            reasons: Mutex::new(Vec::new()),
        }
    }

    fn note(&self, done: usize) {
        if let Some(b) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            b.set_message(format!("{done} documents, {:.0}/s", done as f64 / secs));
            b.tick();
        }
    }
}

impl Progress for IngestProgress {
    fn input_done(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }
    fn written(&self, total: usize) {
        self.note(total);
    }
    fn error(&self, message: &dyn Display) {
        self.failed.fetch_add(1, Ordering::Relaxed);
        let mut r = self.reasons.lock().unwrap_or_else(|e| e.into_inner());
        if r.len() < KEEP_REASONS {
            r.push(message.to_string());
        }
        drop(r);
        match &self.bar {
            Some(b) => b.suspend(|| eprint_quietly(message)),
            None => eprint_quietly(message),
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

#[derive(Serialize)]
struct Report {
    db: String,
    added: usize,
    near_duplicates: usize,
    duplicates: usize,
    failed: usize,
    reasons: Vec<String>,
    seconds: f64,
    per_second: f64,
}

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let location = args
        .db
        .clone()
        .unwrap_or_else(marsad_store::default_location);
    let store =
        Store::open(&location).with_context(|| format!("cannot open the store {location}"))?;
    let pipeline = Registry::builtin()
        .build(DEFAULT_STAGES)
        .context("cannot build the pipeline")?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let runner = Runner::new(pipeline, threads)?;

    let (inputs, errors) = inputs::expand(&args.paths);
    let opts = args.read.options();
    let progress = IngestProgress::new(inputs.len(), args.quiet);
    for e in &errors {
        progress.error(e);
    }

    // Documents stored by an earlier run are skipped before analysis: a
    // rerun after an interruption resumes where it stopped.
    let skipped = std::cell::Cell::new(0usize);
    let check_error: RefCell<Option<marsad_store::StoreError>> = RefCell::new(None);
    let feed = inputs::feed(&inputs, &opts).filter(|item| match item {
        Feed::Document(d) => match store.contains(&[d.id.as_str()]) {
            Ok(found) if found.is_empty() => true,
            Ok(_) => {
                skipped.set(skipped.get() + 1);
                false
            }
            Err(e) => {
                check_error.borrow_mut().get_or_insert(e);
                false
            }
        },
        _ => true,
    });

    let mut across = marsad_events::across::Across::default();
    for mut d in store
        .recent_with_events(args.compare_with)
        .context("cannot read the stored documents")?
    {
        across.link(&mut d);
    }

    // Failures are counted by the progress (reader errors never reach the
    // runner's own count), so the run's stats are not needed here.
    let totals = {
        let inner = StoreSink::new(&store).with_batch(args.batch);
        let totals = inner.report();
        let mut sink = marsad_events::across::AcrossSink::with_linker(Box::new(inner), across);
        let ran = runner.run(feed, &mut sink, &progress);
        let finished = ran.is_ok().then(|| sink.finish());
        progress.finish();
        ran.with_context(|| format!("cannot write to the store {}", store.describe()))?;
        if let Some(f) = finished {
            f.with_context(|| format!("cannot write to the store {}", store.describe()))?;
        }
        totals
    };
    if let Some(e) = check_error.into_inner() {
        return Err(
            anyhow::Error::new(e).context(format!("cannot read the store {}", store.describe()))
        );
    }
    let t = totals.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if t.added > 0 {
        store
            .optimize()
            .with_context(|| format!("cannot optimise the store {}", store.describe()))?;
    }
    let secs = progress.start.elapsed().as_secs_f64();
    let failed = progress.failed.load(Ordering::Relaxed);
    let report = Report {
        db: store.describe(),
        added: t.added,
        near_duplicates: t.near_duplicates,
        duplicates: t.duplicates + skipped.get(),
        failed,
        reasons: progress
            .reasons
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone(),
        seconds: secs,
        per_second: (t.added + t.duplicates) as f64 / secs.max(1e-3),
    };
    if args.json {
        crate::out(format_args!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        crate::out(format_args!(
            "{}: added {} ({} near-duplicates linked), skipped {} already stored, failed {} — {:.1} s, {:.0} documents/s\n",
            report.db, report.added, report.near_duplicates, report.duplicates, report.failed, report.seconds, report.per_second
        ))?;
    }
    Ok(if failed > 0 {
        eprint_quietly(&format_args!(
            "{failed} input(s) or record(s) failed; the rest were stored"
        ));
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
