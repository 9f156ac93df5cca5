//! `marsad enqueue`, `marsad worker`, `marsad queue status`: the
//! distributed ingest (see marsad-queue); this module only reads the
//! command line, shows progress and prints reports.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_pipeline::runner::{chain, eprint_quietly};
use marsad_pipeline::{Feed, Registry, DEFAULT_STAGES};
use marsad_queue::status::BeatState;
use marsad_queue::{EnqueueOutcome, Enqueued, Enqueuer, Names, Queue, WorkerOptions};
use marsad_store::Store;
use serde::Serialize;

use crate::inputs;

/// Where the queue is.
#[derive(Args, Debug, Clone)]
pub struct QueueArgs {
    /// The NATS server (with JetStream enabled).
    #[arg(long, env = "MARSAD_NATS", value_name = "URL")]
    pub nats: String,
    /// The work-queue stream (the dead-letter stream is STREAM_dead, the
    /// workers' durable consumer STREAM_workers).
    #[arg(long, default_value = "marsad", value_name = "NAME")]
    pub stream: String,
    /// Subject documents are published on.
    #[arg(long, default_value = "marsad.docs", value_name = "SUBJECT")]
    pub subject: String,
    /// Subject of the dead-letter stream.
    #[arg(long, default_value = "marsad.dead", value_name = "SUBJECT")]
    pub dead_subject: String,
}

impl QueueArgs {
    fn names(&self) -> Result<Names> {
        Ok(Names::new(&self.stream, &self.subject, &self.dead_subject)?)
    }
}

#[derive(Args, Debug)]
pub struct EnqueueArgs {
    /// Files or folders to read (folders recursively): text, HTML, feeds,
    /// WARC, JSON Lines; `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub queue: QueueArgs,
    #[command(flatten)]
    pub read: inputs::ReadArgs,
    /// Publish at most this many documents per second (load tests).
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub queue: QueueArgs,
    /// The store all workers share: postgres://… (a SQLite file works for
    /// one worker on one machine).
    #[arg(long, env = "MARSAD_DB", value_name = "URL")]
    pub db: String,
    /// Documents analysed at once (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub concurrency: Option<usize>,
    /// Documents per store transaction, at most: a writer takes what is
    /// waiting, or what arrives within --linger.
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub batch: usize,
    /// Milliseconds a writer with fewer than --batch documents waits for
    /// more before committing (0: commit what is waiting at once). Fewer,
    /// larger transactions cost the database less CPU per document.
    #[arg(long, default_value_t = 20, value_name = "MS")]
    pub linger: u64,
    /// Store transactions at once (default: as many as --concurrency).
    #[arg(long, value_name = "N")]
    pub writers: Option<usize>,
    /// Messages delivered and not yet acknowledged, across all workers
    /// (set when the consumer is created).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub max_ack_pending: i64,
    /// Seconds before a message not acknowledged is redelivered (set when
    /// the consumer is created).
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub ack_wait: u64,
    /// Deliveries of a message before it is dead-lettered (set when the
    /// consumer is created).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub max_deliver: i64,
    /// This worker's name in `queue status` (default: host-pid).
    #[arg(long)]
    pub id: Option<String>,
    /// Stop once the queue has given nothing for this many seconds.
    #[arg(long, value_name = "SECONDS")]
    pub idle_exit: Option<f64>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum QueueCommand {
    /// Messages waiting, in flight, redelivered, dead-lettered, and each
    /// worker's throughput.
    Status {
        #[command(flatten)]
        queue: QueueArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Delete the queue's streams (waiting documents, dead letters,
    /// heartbeats). The store is not touched.
    Remove {
        #[command(flatten)]
        queue: QueueArgs,
        /// Required: this cannot be undone.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Serialize, Default)]
struct EnqueueReport {
    published: usize,
    duplicates: usize,
    failed: usize,
    reasons: Vec<String>,
    seconds: f64,
    per_second: f64,
}

const KEEP_REASONS: usize = 50;

impl EnqueueReport {
    fn failure(&mut self, reason: String, bar: Option<&ProgressBar>) {
        self.failed += 1;
        match bar {
            Some(b) => b.suspend(|| eprint_quietly(&reason)),
            None => eprint_quietly(&reason),
        }
        if self.reasons.len() < KEEP_REASONS {
            self.reasons.push(reason);
        }
    }

    fn tally(&mut self, done: Vec<Enqueued>, bar: Option<&ProgressBar>) {
        for e in done {
            match e.outcome {
                EnqueueOutcome::Published => self.published += 1,
                EnqueueOutcome::Duplicate => self.duplicates += 1,
                EnqueueOutcome::Failed(why) => self.failure(format!("{}: {why}", e.name), bar),
            }
        }
    }
}

pub fn enqueue(args: EnqueueArgs) -> Result<ExitCode> {
    let rt = marsad_queue::runtime().context("cannot start the async runtime")?;
    let url = args.queue.nats.clone();
    let queue = rt
        .block_on(Queue::connect(&url, args.queue.names()?))
        .with_context(|| format!("cannot reach the queue at {url}"))?;
    let mut enq = rt
        .block_on(Enqueuer::new(queue))
        .context("cannot set up the streams")?;

    let (inputs, errors) = inputs::expand(&args.paths);
    let opts = args.read.options();
    let bar = (!args.quiet).then(|| {
        let pb =
            ProgressBar::with_draw_target(Some(inputs.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} inputs {msg}",
        ) {
            pb.set_style(style);
        }
        pb
    });
    let mut report = EnqueueReport::default();
    for e in errors {
        report.failure(e, bar.as_ref());
    }
    let start = Instant::now();
    let pace = args
        .rate
        .filter(|r| *r > 0.0)
        .map(|r| Duration::from_secs_f64(1.0 / r));
    let mut next = Instant::now();
    let mut seen = 0usize;
    for item in inputs::feed(&inputs, &opts) {
        match item {
            Feed::Document(doc) => {
                if let Some(p) = pace {
                    let now = Instant::now();
                    if next > now {
                        std::thread::sleep(next - now);
                    }
                    next += p;
                }
                let done = rt.block_on(enq.submit(&doc));
                report.tally(done, bar.as_ref());
                seen += 1;
                if let Some(b) = &bar {
                    if seen.is_multiple_of(64) {
                        b.set_message(format!("{seen} documents"));
                    }
                }
            }
            Feed::Failed(e) => report.failure(chain(e.as_ref()), bar.as_ref()),
            Feed::InputDone => {
                if let Some(b) = &bar {
                    b.inc(1);
                }
            }
        }
    }
    let done = rt.block_on(enq.finish());
    report.tally(done, bar.as_ref());
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    report.seconds = start.elapsed().as_secs_f64();
    report.per_second = (report.published + report.duplicates) as f64 / report.seconds.max(1e-3);
    if args.json {
        crate::out(format_args!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        crate::out(format_args!(
            "{}: published {}, dropped {} duplicates (already in the queue's window), failed {} — {:.1} s, {:.0} documents/s\n",
            url, report.published, report.duplicates, report.failed, report.seconds, report.per_second
        ))?;
    }
    Ok(if report.failed > 0 {
        eprint_quietly(&format_args!(
            "{} input(s) or document(s) failed; the rest were queued",
            report.failed
        ));
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn worker(args: WorkerArgs) -> Result<ExitCode> {
    // Opened here, outside the runtime: the PostgreSQL client runs its own.
    let store = Arc::new(open_store(&args.db)?);
    let pipeline = Arc::new(
        Registry::builtin()
            .build(DEFAULT_STAGES)
            .context("cannot build the pipeline")?,
    );
    let concurrency = args
        .concurrency
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let mut opts = WorkerOptions {
        concurrency,
        batch: args.batch.max(1),
        linger: Duration::from_millis(args.linger),
        writers: args.writers.unwrap_or(concurrency).max(1),
        max_ack_pending: args.max_ack_pending,
        ack_wait: Duration::from_secs(args.ack_wait.max(1)),
        max_deliver: args.max_deliver,
        idle_exit: args
            .idle_exit
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64),
        ..WorkerOptions::default()
    };
    if let Some(id) = args.id {
        opts.id = id;
    }
    let rt = marsad_queue::runtime().context("cannot start the async runtime")?;
    let shutdown = {
        let _in = rt.enter();
        marsad_queue::shutdown_signal().context("cannot handle signals")?
    };
    let url = args.queue.nats.clone();
    let queue = rt
        .block_on(Queue::connect(&url, args.queue.names()?))
        .with_context(|| format!("cannot reach the queue at {url}"))?;
    let report = rt
        .block_on(marsad_queue::worker::run(
            queue,
            Arc::clone(&store),
            pipeline,
            opts,
            shutdown,
        ))
        .context("the worker stopped")?;
    drop(rt);
    drop(store);
    if args.json {
        crate::out(format_args!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        let latency = match (&report.latency, &report.in_worker) {
            (Some(l), Some(w)) => format!(
                "; enqueue→stored median {:.0} ms, p99 {:.0} ms over {} (in the worker: median {:.0} ms, p99 {:.0} ms)",
                l.median_ms, l.p99_ms, l.count, w.median_ms, w.p99_ms
            ),
            _ => String::new(),
        };
        crate::out(format_args!(
            "worker {}: stored {} ({} near-duplicates), already stored {}, dead-lettered {}, handed back {}, redelivered to it {}, store transactions retried {} — {:.1} s, {:.1} documents/s{latency}\n",
            report.id, report.stored, report.near_duplicates, report.already_stored, report.dead_lettered, report.retried, report.redelivered, report.store_retries, report.seconds, report.per_second
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(queue: QueueArgs, yes: bool) -> Result<ExitCode> {
    if !yes {
        return Err(crate::UsageError(format!(
            "this deletes the streams of queue {} and every message in them: add --yes",
            queue.stream
        ))
        .into());
    }
    let rt = marsad_queue::runtime().context("cannot start the async runtime")?;
    let url = queue.nats.clone();
    let q = rt
        .block_on(Queue::connect(&url, queue.names()?))
        .with_context(|| format!("cannot reach the queue at {url}"))?;
    let removed = rt.block_on(q.remove())?;
    crate::out(format_args!(
        "removed {}\n",
        if removed.is_empty() {
            "nothing (no such streams)".to_string()
        } else {
            removed.join(", ")
        }
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the store, trying again for a few seconds: workers started
/// together race to create the schema of a new database (PostgreSQL's
/// `CREATE TABLE IF NOT EXISTS` is not safe against a concurrent one), and
/// the database may still be starting.
fn open_store(location: &str) -> Result<Store> {
    const TRIES: u64 = 5;
    let mut attempt = 1;
    loop {
        match Store::open(location) {
            Ok(s) => return Ok(s),
            Err(e) if attempt < TRIES => {
                eprint_quietly(&format_args!(
                    "cannot open the store {location} (try {attempt} of {TRIES}): {}",
                    chain(&e)
                ));
                std::thread::sleep(Duration::from_millis(250 * attempt));
                attempt += 1;
            }
            Err(e) => {
                return Err(anyhow::Error::new(e))
                    .with_context(|| format!("cannot open the store {location}"))
            }
        }
    }
}

pub fn queue(cmd: QueueCommand) -> Result<ExitCode> {
    let (queue, json) = match cmd {
        QueueCommand::Status { queue, json } => (queue, json),
        QueueCommand::Remove { queue, yes } => return remove(queue, yes),
    };
    let rt = marsad_queue::runtime().context("cannot start the async runtime")?;
    let url = queue.nats.clone();
    let q = rt
        .block_on(Queue::connect(&url, queue.names()?))
        .with_context(|| format!("cannot reach the queue at {url}"))?;
    let s = rt
        .block_on(marsad_queue::status::status(&q))
        .with_context(|| format!("cannot read the queue {}", queue.stream))?;
    if json {
        crate::out(format_args!("{}\n", serde_json::to_string_pretty(&s)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = format!(
        "stream {} ({}): {} messages, {} bytes\n",
        s.stream, s.subject, s.messages, s.bytes
    );
    match &s.consumer {
        Some(c) => t.push_str(&format!(
            "consumer {}: {} pending, {} in flight ({} redelivered), {} pull requests waiting; max_ack_pending {}, ack_wait {} s, max_deliver {}\n",
            c.name, c.pending, c.in_flight, c.redelivered, c.waiting, c.max_ack_pending, c.ack_wait_seconds, c.max_deliver
        )),
        None => t.push_str("consumer: none yet (no worker has started)\n"),
    }
    t.push_str(&format!(
        "dead letters ({}): {}\n",
        s.dead_stream, s.dead_letters
    ));
    if s.workers.is_empty() {
        t.push_str("workers: none seen\n");
    }
    for w in &s.workers {
        let age = (s.at - w.updated).max(0.0);
        let state = match w.state {
            BeatState::Running if age > 10.0 => "silent",
            BeatState::Running => "running",
            BeatState::Stopping => "stopping",
            BeatState::Stopped => "stopped",
        };
        t.push_str(&format!(
            "worker {}: {state}, seen {age:.0} s ago; stored {}, already stored {}, dead-lettered {}, retried {}, in hand {}; {:.1} documents/s (concurrency {})\n",
            w.id, w.stored, w.already_stored, w.dead_lettered, w.retried, w.in_hand, w.per_second, w.concurrency
        ));
    }
    crate::out(format_args!("{t}"))?;
    Ok(ExitCode::SUCCESS)
}
