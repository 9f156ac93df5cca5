//! A worker: pulls messages from the shared durable consumer, analyses
//! them on blocking threads (`concurrency` at a time), writes them to the
//! store in small transactions, and only then acknowledges them. A worker
//! killed at any point loses nothing: what it had not acknowledged is
//! redelivered after `ack_wait`, and a second write of a stored document
//! is a no-op (idempotent by content id).
//!
//! Messages in hand are bounded by `concurrency + writers × batch` per
//! worker (the
//! worker fetches only as many as it has room for) and by
//! `max_ack_pending` across all workers.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::{pull, AckPolicy, PullConsumer};
use async_nats::jetstream::{self, AckKind};
use async_nats::HeaderMap;
use futures_util::StreamExt;
use marsad_pipeline::Pipeline;
use marsad_store::{Outcome, Prepared, Store};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot, watch, OwnedSemaphorePermit, Semaphore};

use crate::status::{BeatState, WorkerBeat};
use crate::{
    header_text, unix_now, Job, Queue, QueueError, DELIVERIES, MSG_ID, ORIGINAL_SEQ, REASON,
};

#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Names this worker in heartbeats and reports.
    pub id: String,
    /// Documents analysed at once.
    pub concurrency: usize,
    /// Documents per store transaction, at most.
    pub batch: usize,
    /// How long a writer holding fewer than `batch` documents waits for
    /// more before it commits: each transaction costs the database about
    /// as much again as a document, so a short wait under a steady flow
    /// saves more CPU than it adds latency. Zero commits what is waiting.
    pub linger: Duration,
    /// Store transactions at once: a store write is mostly waiting for
    /// the database, so one writer leaves the analysis threads idle.
    pub writers: usize,
    /// The consumer's limits, applied when this worker creates it.
    pub max_ack_pending: i64,
    pub ack_wait: Duration,
    pub max_deliver: i64,
    /// How often the worker publishes its counts.
    pub heartbeat: Duration,
    /// Stop after the queue gave nothing for this long (batch jobs).
    pub idle_exit: Option<Duration>,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            id: default_id(),
            concurrency: 1,
            // What is waiting, up to this: one document under a light
            // load, fewer statements per document under a backlog.
            batch: 16,
            linger: Duration::from_millis(20),
            writers: 1,
            max_ack_pending: 1000,
            ack_wait: Duration::from_secs(60),
            max_deliver: 5,
            heartbeat: Duration::from_secs(2),
            idle_exit: None,
        }
    }
}

/// `host-pid`.
pub fn default_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".into());
    format!("{host}-{}", std::process::id())
}

/// Enqueue-to-stored latency over the documents this worker stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Latency {
    pub count: usize,
    pub median_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    pub fn of(mut ms: Vec<f64>) -> Option<Latency> {
        if ms.is_empty() {
            return None;
        }
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        Some(Latency {
            count: ms.len(),
            median_ms: at(0.5),
            p99_ms: at(0.99),
            max_ms: ms[ms.len() - 1],
        })
    }
}

/// What a worker did, printed when it stops.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WorkerReport {
    pub id: String,
    /// Documents written (near-duplicates included).
    pub stored: usize,
    pub near_duplicates: usize,
    /// Documents found stored already (a redelivery, a re-enqueue).
    pub already_stored: usize,
    pub dead_lettered: usize,
    /// Messages handed back for a later try (the store failed).
    pub retried: usize,
    /// Messages received that had been delivered before (to a worker that
    /// died, timed out or handed them back).
    pub redelivered: usize,
    /// Store transactions tried again (a deadlock with another worker's).
    pub store_retries: usize,
    /// From the first message received to the last commit.
    pub seconds: f64,
    /// Stored and already-stored documents per second over `seconds`.
    pub per_second: f64,
    /// Unix time of the first message and of the last commit.
    pub first_at: Option<f64>,
    pub last_at: Option<f64>,
    pub latency: Option<Latency>,
    /// The part of it spent in this worker: received to stored.
    pub in_worker: Option<Latency>,
}

#[derive(Default)]
struct Counters {
    stored: AtomicUsize,
    near_duplicates: AtomicUsize,
    already: AtomicUsize,
    dead: AtomicUsize,
    retried: AtomicUsize,
    redelivered: AtomicUsize,
    store_retries: AtomicUsize,
    in_hand: AtomicUsize,
    first: Mutex<Option<(Instant, f64)>>,
    last: Mutex<Option<(Instant, f64)>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Counters {
    fn report(&self, id: &str, latencies: &[(f64, f64)]) -> WorkerReport {
        let latency = Latency::of(latencies.iter().map(|l| l.0).collect());
        let in_worker = Latency::of(latencies.iter().map(|l| l.1).collect());
        let stored = self.stored.load(Ordering::Relaxed);
        let already = self.already.load(Ordering::Relaxed);
        let first = *lock(&self.first);
        let last = *lock(&self.last);
        let seconds = match (first, last) {
            (Some((a, _)), Some((b, _))) => b.saturating_duration_since(a).as_secs_f64(),
            _ => 0.0,
        };
        WorkerReport {
            id: id.to_string(),
            stored,
            near_duplicates: self.near_duplicates.load(Ordering::Relaxed),
            already_stored: already,
            dead_lettered: self.dead.load(Ordering::Relaxed),
            retried: self.retried.load(Ordering::Relaxed),
            redelivered: self.redelivered.load(Ordering::Relaxed),
            store_retries: self.store_retries.load(Ordering::Relaxed),
            seconds,
            per_second: if seconds > 0.0 {
                (stored + already) as f64 / seconds
            } else {
                0.0
            },
            first_at: first.map(|f| f.1),
            last_at: last.map(|l| l.1),
            latency,
            in_worker,
        }
    }
}

/// Where a message stands in the stream.
#[derive(Debug, Clone, Copy)]
struct Delivery {
    seq: u64,
    delivered: i64,
    /// When the server received it from the publisher, Unix nanoseconds.
    published_ns: i128,
    /// When this worker received it.
    received_ns: i128,
}

impl Delivery {
    fn of(msg: &jetstream::Message) -> Delivery {
        match msg.info() {
            Ok(i) => Delivery {
                seq: i.stream_sequence,
                delivered: i.delivered,
                published_ns: i.published.unix_timestamp_nanos(),
                received_ns: (unix_now() * 1e9) as i128,
            },
            Err(_) => Delivery {
                seq: 0,
                delivered: 1,
                published_ns: (unix_now() * 1e9) as i128,
                received_ns: (unix_now() * 1e9) as i128,
            },
        }
    }
}

/// A message ready for the store: its document prepared, or `None` when
/// the store holds it already.
struct Ready {
    msg: jetstream::Message,
    delivery: Delivery,
    prepared: Option<Prepared>,
    written: bool,
    _hand: OwnedSemaphorePermit,
}

struct Ctx {
    queue: Queue,
    store: Arc<Store>,
    pipeline: Arc<Pipeline>,
    workers: Mutex<Vec<marsad_pipeline::Worker>>,
    cpu: Arc<Semaphore>,
    counters: Counters,
    opts: WorkerOptions,
    /// Asks whether a document is stored already (see [`stored_checks`]).
    stored_asks: mpsc::UnboundedSender<StoredAsk>,
}

/// A document id, and where to say whether it is stored.
type StoredAsk = (String, oneshot::Sender<bool>);

/// Answers whether documents are stored, one query for all the asks
/// waiting: under load one query serves many messages (a query per
/// message would cost the database as much as a tenth of storing one),
/// and a lone ask waits for nothing.
async fn stored_checks(store: Arc<Store>, mut asks: mpsc::UnboundedReceiver<StoredAsk>) {
    while let Some(first) = asks.recv().await {
        let mut batch = vec![first];
        while batch.len() < 200 {
            match asks.try_recv() {
                Ok(a) => batch.push(a),
                Err(_) => break,
            }
        }
        let ids: Vec<String> = batch.iter().map(|(id, _)| id.clone()).collect();
        let store = Arc::clone(&store);
        let found = tokio::task::spawn_blocking(move || {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            store.contains(&ids)
        })
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
        for (id, reply) in batch {
            let _ = reply.send(found.contains(&id));
        }
    }
}

/// The durable consumer all workers share (created with `opts`' limits by
/// the first worker; later workers use it as it is).
pub async fn consumer(queue: &Queue, opts: &WorkerOptions) -> Result<PullConsumer, QueueError> {
    queue.ensure_streams().await?;
    let n = &queue.names;
    let stream = queue
        .js
        .get_stream(&n.stream)
        .await
        .map_err(|e| QueueError::js(format!("no stream {}", n.stream), e))?;
    stream
        .get_or_create_consumer(
            &n.consumer,
            pull::Config {
                durable_name: Some(n.consumer.clone()),
                description: Some("marsad workers".into()),
                ack_policy: AckPolicy::Explicit,
                ack_wait: opts.ack_wait,
                max_deliver: opts.max_deliver,
                max_ack_pending: opts.max_ack_pending,
                filter_subject: n.subject.clone(),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| QueueError::js(format!("cannot create consumer {}", n.consumer), e))
}

/// Runs until `shutdown` resolves (or the queue stays empty for
/// `idle_exit`), then finishes the documents in hand and returns.
pub async fn run(
    queue: Queue,
    store: Arc<Store>,
    pipeline: Arc<Pipeline>,
    opts: WorkerOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<WorkerReport, QueueError> {
    let consumer = consumer(&queue, &opts).await?;
    crate::status::heartbeats(&queue, true).await?;
    let concurrency = opts.concurrency.max(1);
    let batch = opts.batch.max(1);
    let writers = opts.writers.max(1);
    let (stored_asks, asks) = mpsc::unbounded_channel();
    let checks = tokio::spawn(stored_checks(Arc::clone(&store), asks));
    let ctx = Arc::new(Ctx {
        queue,
        store,
        pipeline,
        workers: Mutex::new(Vec::new()),
        cpu: Arc::new(Semaphore::new(concurrency)),
        counters: Counters::default(),
        opts,
        stored_asks,
    });
    let started = unix_now();

    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });

    // Subscribed before the first pull, so no announcement is missed.
    let n = &ctx.queue.names;
    let sub = ctx
        .queue
        .client
        .queue_subscribe(
            format!(
                "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{}.{}",
                n.stream, n.consumer
            ),
            format!("{}_advisories", n.consumer),
        )
        .await
        .map_err(|e| QueueError::js("cannot subscribe to the delivery advisories", e))?;
    let _ = ctx.queue.client.flush().await;
    let advisories = tokio::spawn(max_deliveries(Arc::clone(&ctx), sub));
    let beat = {
        let (ctx, mut stop) = (Arc::clone(&ctx), stop_rx.clone());
        tokio::spawn(async move {
            loop {
                put_beat(&ctx, started, BeatState::Running).await;
                tokio::select! {
                    _ = tokio::time::sleep(ctx.opts.heartbeat) => {}
                    _ = stop.changed() => {}
                }
                if *stop.borrow() {
                    put_beat(&ctx, started, BeatState::Stopping).await;
                    break;
                }
            }
        })
    };

    let room = concurrency + writers * batch;
    let (tx, rx) = mpsc::channel::<Ready>(room);
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let writer_tasks: Vec<_> = (0..writers)
        .map(|_| tokio::spawn(write_loop(Arc::clone(&ctx), Arc::clone(&rx), batch)))
        .collect();
    pull_loop(&ctx, &consumer, tx, stop_rx, room).await;

    // The pull loop has returned: every message in hand is with an
    // analysis task or a writer, and writers end when all are stored.
    let mut latencies = Vec::new();
    for w in writer_tasks {
        latencies.extend(w.await.unwrap_or_default());
    }
    let _ = ctx.queue.client.flush().await;
    advisories.abort();
    checks.abort();
    beat.abort();
    put_beat(&ctx, started, BeatState::Stopped).await;
    let _ = ctx.queue.client.flush().await;
    Ok(ctx.counters.report(&ctx.opts.id, &latencies))
}

/// How long a pull request waits for messages.
const PULL_EXPIRES: Duration = Duration::from_secs(1);

/// Fetches as many messages as there is room for, hands each to its own
/// task, until stopped.
async fn pull_loop(
    ctx: &Arc<Ctx>,
    consumer: &PullConsumer,
    tx: mpsc::Sender<Ready>,
    mut stop: watch::Receiver<bool>,
    room: usize,
) {
    let hand = Arc::new(Semaphore::new(room));
    let mut last_message = Instant::now();
    let mut failures = 0u32;
    loop {
        if *stop.borrow() {
            break;
        }
        let first = tokio::select! {
            p = Arc::clone(&hand).acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            _ = stop.changed() => continue,
        };
        let mut permits = vec![first];
        while let Ok(p) = Arc::clone(&hand).try_acquire_owned() {
            permits.push(p);
        }
        // A pull request that expires soon: the loop sees a stop between
        // requests, and messages sent for a request are all taken in hand.
        let request = consumer
            .batch()
            .max_messages(permits.len())
            .expires(PULL_EXPIRES)
            .messages()
            .await;
        let mut messages = match request {
            Ok(m) => m,
            Err(e) => {
                failures += 1;
                if failures == 1 || failures.is_power_of_two() {
                    eprintln!("worker {}: cannot pull: {e}", ctx.opts.id);
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                // A batch job whose queue is gone ends too.
                if idle_for(ctx, last_message) {
                    break;
                }
                continue;
            }
        };
        let mut got = 0usize;
        while let Some(m) = messages.next().await {
            let msg = match m {
                Ok(msg) => msg,
                Err(e) => {
                    eprintln!("worker {}: pull: {e}", ctx.opts.id);
                    continue;
                }
            };
            let Some(permit) = permits.pop() else {
                // More than asked for: leave it to its redelivery.
                continue;
            };
            got += 1;
            failures = 0;
            lock(&ctx.counters.first).get_or_insert_with(|| (Instant::now(), unix_now()));
            tokio::spawn(handle(Arc::clone(ctx), msg, permit, tx.clone()));
        }
        if got > 0 {
            last_message = Instant::now();
        } else if idle_for(ctx, last_message) {
            break;
        }
    }
}

/// Whether the worker has had nothing for its `idle_exit`.
fn idle_for(ctx: &Ctx, last_message: Instant) -> bool {
    ctx.opts
        .idle_exit
        .is_some_and(|idle| last_message.elapsed() >= idle)
}

/// One message: decoded, skipped if stored, analysed, sent to the writer;
/// or dead-lettered when it can never be stored.
async fn handle(
    ctx: Arc<Ctx>,
    msg: jetstream::Message,
    hand: OwnedSemaphorePermit,
    tx: mpsc::Sender<Ready>,
) {
    ctx.counters.in_hand.fetch_add(1, Ordering::Relaxed);
    let delivery = Delivery::of(&msg);
    if delivery.delivered > 1 {
        ctx.counters.redelivered.fetch_add(1, Ordering::Relaxed);
    }
    let doc = match Job::decode(&msg.payload) {
        Ok(d) => d,
        Err(e) => {
            dead_letter(
                &ctx,
                &msg,
                delivery,
                &format!("unreadable message body: {e}"),
            )
            .await;
            ctx.counters.in_hand.fetch_sub(1, Ordering::Relaxed);
            return;
        }
    };
    // A document stored already (redelivered after a crash, enqueued
    // again past the de-duplication window) is not analysed again.
    let (reply, answer) = oneshot::channel();
    let stored =
        ctx.stored_asks.send((doc.id.clone(), reply)).is_ok() && answer.await.unwrap_or(false);
    let prepared = if stored {
        None
    } else {
        let cpu = match Arc::clone(&ctx.cpu).acquire_owned().await {
            Ok(p) => p,
            Err(_) => return,
        };
        let c = Arc::clone(&ctx);
        let analysed = tokio::task::spawn_blocking(move || {
            let r = analyse(&c, doc);
            drop(cpu);
            r
        })
        .await
        .unwrap_or_else(|e| Err(format!("analysis task failed: {e}")));
        match analysed {
            Ok(p) => Some(p),
            Err(reason) => {
                // Analysis is deterministic: a second try fails the same way.
                dead_letter(&ctx, &msg, delivery, &reason).await;
                ctx.counters.in_hand.fetch_sub(1, Ordering::Relaxed);
                return;
            }
        }
    };
    let ready = Ready {
        msg,
        delivery,
        prepared,
        written: false,
        _hand: hand,
    };
    // The writer outlives every sender; should it be gone, the message
    // is redelivered.
    let _ = tx.send(ready).await;
}

/// Analyses on this (blocking) thread with a pipeline worker from the
/// pool; a panic is the document's failure, and its worker is dropped.
fn analyse(ctx: &Ctx, mut doc: marsad_core::Document) -> Result<Prepared, String> {
    let mut w = lock(&ctx.workers)
        .pop()
        .unwrap_or_else(|| ctx.pipeline.worker());
    match std::panic::catch_unwind(AssertUnwindSafe(|| w.run(&mut doc))) {
        Ok(result) => {
            lock(&ctx.workers).push(w);
            result.map_err(|e| format!("analysis failed: {}", chain(&e)))?;
            Prepared::new(doc).map_err(|e| format!("cannot prepare for the store: {}", chain(&e)))
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(format!("analysis panicked: {what}"))
        }
    }
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Writes what the analysis tasks send, a transaction per batch of what
/// is waiting (up to `batch`), then acknowledges. Returns the latencies
/// (from publication, from reception), in ms.
async fn write_loop(
    ctx: Arc<Ctx>,
    rx: Arc<tokio::sync::Mutex<mpsc::Receiver<Ready>>>,
    batch: usize,
) -> Vec<(f64, f64)> {
    let mut latencies = Vec::new();
    loop {
        // One writer takes a batch at a time; the others wait their turn
        // for the next one, not for this one's transaction.
        let mut items = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else { break };
            let mut items = vec![first];
            let deadline = tokio::time::Instant::now() + ctx.opts.linger;
            while items.len() < batch {
                match rx.try_recv() {
                    Ok(r) => items.push(r),
                    Err(mpsc::error::TryRecvError::Empty) if !ctx.opts.linger.is_zero() => {
                        match tokio::time::timeout_at(deadline, rx.recv()).await {
                            Ok(Some(r)) => items.push(r),
                            // Time is up, or every sender is gone.
                            Ok(None) | Err(_) => break,
                        }
                    }
                    Err(_) => break,
                }
            }
            items
        };
        let prepared: Vec<Prepared> = items
            .iter_mut()
            .filter_map(|r| {
                r.written = r.prepared.is_some();
                r.prepared.take()
            })
            .collect();
        let result = if prepared.is_empty() {
            Ok(Vec::new())
        } else {
            put_with_retries(&ctx, prepared).await
        };
        let c = &ctx.counters;
        match result {
            Ok(outcomes) => {
                let now_ns = (unix_now() * 1e9) as i128;
                *lock(&c.last) = Some((Instant::now(), unix_now()));
                let mut outcomes = outcomes.into_iter();
                for r in &items {
                    // Outcomes are in the order of the documents written,
                    // the items whose document was taken above.
                    let outcome = if r.written {
                        outcomes.next().unwrap_or(Outcome::Duplicate)
                    } else {
                        Outcome::Duplicate
                    };
                    match outcome {
                        Outcome::Added => c.stored.fetch_add(1, Ordering::Relaxed),
                        Outcome::NearDuplicate { .. } => {
                            c.near_duplicates.fetch_add(1, Ordering::Relaxed);
                            c.stored.fetch_add(1, Ordering::Relaxed)
                        }
                        Outcome::Duplicate => c.already.fetch_add(1, Ordering::Relaxed),
                    };
                    latencies.push((
                        (now_ns - r.delivery.published_ns) as f64 / 1e6,
                        (now_ns - r.delivery.received_ns) as f64 / 1e6,
                    ));
                    let _ = r.msg.ack().await;
                    c.in_hand.fetch_sub(1, Ordering::Relaxed);
                }
            }
            Err(reason) => {
                eprintln!("worker {}: cannot store: {reason}", ctx.opts.id);
                for r in &items {
                    if r.delivery.delivered >= ctx.opts.max_deliver {
                        dead_letter(&ctx, &r.msg, r.delivery, &format!("cannot store: {reason}"))
                            .await;
                    } else {
                        let _ = r
                            .msg
                            .ack_with(AckKind::Nak(Some(Duration::from_secs(5))))
                            .await;
                        c.retried.fetch_add(1, Ordering::Relaxed);
                    }
                    c.in_hand.fetch_sub(1, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
    latencies
}

/// Store attempts of one batch before its messages are handed back.
const STORE_TRIES: u32 = 4;

/// Writes a batch, trying again at once (after a short random pause) when
/// the transaction fails: concurrent workers' transactions can deadlock on
/// the rows they share (an actor, a place), and PostgreSQL then aborts one
/// of them, which succeeds when run again.
async fn put_with_retries(ctx: &Ctx, mut prepared: Vec<Prepared>) -> Result<Vec<Outcome>, String> {
    let mut attempt = 1;
    loop {
        let store = Arc::clone(&ctx.store);
        let (back, result) = tokio::task::spawn_blocking(move || {
            let r = store.put_batch(&prepared);
            (prepared, r)
        })
        .await
        .map_err(|e| e.to_string())?;
        match result {
            Ok(outcomes) => return Ok(outcomes),
            Err(_) if attempt < STORE_TRIES => {
                ctx.counters.store_retries.fetch_add(1, Ordering::Relaxed);
                // Apart, so that the two sides of a deadlock do not meet again.
                let jitter = (unix_now().fract() * 50.0) as u64;
                tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt) + jitter)).await;
                prepared = back;
                attempt += 1;
            }
            Err(e) => return Err(chain(&e)),
        }
    }
}

/// Copies the message to the dead-letter stream with the reason, then
/// terminates it (removed from the work queue, never redelivered). If the
/// copy fails the message is handed back for a later try instead.
async fn dead_letter(ctx: &Ctx, msg: &jetstream::Message, d: Delivery, reason: &str) {
    let published = publish_dead(
        &ctx.queue,
        msg.payload.clone(),
        msg.headers.as_ref(),
        d.seq,
        d.published_ns,
        d.delivered,
        reason,
    )
    .await;
    match published {
        Ok(()) => {
            eprintln!(
                "worker {}: message {} dead-lettered: {reason}",
                ctx.opts.id, d.seq
            );
            let _ = msg.ack_with(AckKind::Term).await;
            ctx.counters.dead.fetch_add(1, Ordering::Relaxed);
        }
        Err(e) => {
            eprintln!(
                "worker {}: cannot dead-letter message {}: {e}",
                ctx.opts.id, d.seq
            );
            let _ = msg
                .ack_with(AckKind::Nak(Some(Duration::from_secs(5))))
                .await;
            ctx.counters.retried.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Publishes a dead letter; its message id is the original's stream
/// sequence and publication time, so a message dead-lettered twice (two
/// workers, a crash between copy and termination) is kept once, and a
/// stream created again (its sequence restarting) is not mistaken for it.
async fn publish_dead(
    queue: &Queue,
    payload: bytes::Bytes,
    original: Option<&HeaderMap>,
    seq: u64,
    published_ns: i128,
    delivered: i64,
    reason: &str,
) -> Result<(), String> {
    let mut h = HeaderMap::new();
    h.insert(REASON, header_text(reason).as_str());
    h.insert(ORIGINAL_SEQ, seq.to_string().as_str());
    h.insert(DELIVERIES, delivered.to_string().as_str());
    h.insert(
        MSG_ID,
        format!("{}-{seq}-{published_ns}", queue.names.stream).as_str(),
    );
    if let Some(id) = original.and_then(|o| o.get(MSG_ID)) {
        h.insert("Marsad-Original-Id", id.as_str());
    }
    let ack = queue
        .js
        .publish_with_headers(queue.names.dead_subject.clone(), h, payload)
        .await
        .map_err(|e| e.to_string())?;
    ack.await.map(|_| ()).map_err(|e| e.to_string())
}

/// Moves messages the server gave up on (delivered `max_deliver` times,
/// never acknowledged: a document that kills or stalls every worker) to
/// the dead-letter stream. The server announces each once, to whoever
/// listens: one worker of the queue group takes it.
async fn max_deliveries(ctx: Arc<Ctx>, mut sub: async_nats::Subscriber) {
    #[derive(Deserialize)]
    struct Advisory {
        stream_seq: u64,
        deliveries: i64,
    }
    let n = &ctx.queue.names;
    while let Some(m) = sub.next().await {
        let Ok(a) = serde_json::from_slice::<Advisory>(&m.payload) else {
            continue;
        };
        let Ok(stream) = ctx.queue.js.get_stream_no_info(&n.stream).await else {
            continue;
        };
        let Ok(original) = stream.get_raw_message(a.stream_seq).await else {
            continue;
        };
        let reason = format!(
            "delivered {} times and never acknowledged (a worker died or timed out on it each time)",
            a.deliveries
        );
        if publish_dead(
            &ctx.queue,
            original.payload,
            Some(&original.headers),
            a.stream_seq,
            original.time.unix_timestamp_nanos(),
            a.deliveries,
            &reason,
        )
        .await
        .is_ok()
        {
            let _ = stream.delete_message(a.stream_seq).await;
            ctx.counters.dead.fetch_add(1, Ordering::Relaxed);
            eprintln!(
                "worker {}: message {} dead-lettered: {reason}",
                ctx.opts.id, a.stream_seq
            );
        }
    }
}

async fn put_beat(ctx: &Ctx, started: f64, state: BeatState) {
    let r = ctx.counters.report(&ctx.opts.id, &[]);
    let beat = WorkerBeat {
        id: ctx.opts.id.clone(),
        state,
        started,
        updated: unix_now(),
        concurrency: ctx.opts.concurrency,
        stored: r.stored,
        already_stored: r.already_stored,
        dead_lettered: r.dead_lettered,
        retried: r.retried,
        in_hand: ctx.counters.in_hand.load(Ordering::Relaxed),
        per_second: r.per_second,
    };
    crate::status::beat(&ctx.queue, &beat).await;
}
