//! Distributed ingest on NATS JetStream: [`enqueue`] publishes one message
//! per document read to a work-queue stream (the content id as the message
//! id, so the server drops re-enqueued documents); [`worker`]s pull with
//! explicit acknowledgement, analyse, store (PostgreSQL, idempotent by
//! content id), then acknowledge; [`status`] reports the queue and the
//! workers' heartbeats.
//!
//! What can never succeed (an unreadable body, an analysis that fails or
//! panics, a message delivered `max_deliver` times) is copied to a
//! dead-letter stream with the reason in a header, then removed from the
//! work queue, so a poison message never blocks it.

pub mod enqueue;
pub mod status;
pub mod worker;

use std::time::Duration;

use async_nats::jetstream::{self, stream};
use marsad_core::{Document, Meta, Source};
use serde::{Deserialize, Serialize};

pub use enqueue::{Enqueued, Enqueuer, Outcome as EnqueueOutcome};
pub use status::{QueueStatus, WorkerBeat};
pub use worker::{WorkerOptions, WorkerReport};

/// Header with the reason a message was dead-lettered.
pub const REASON: &str = "Marsad-Reason";
/// Header with the stream sequence of the original message.
pub const ORIGINAL_SEQ: &str = "Marsad-Original-Seq";
/// Header with the number of deliveries of the original message.
pub const DELIVERIES: &str = "Marsad-Deliveries";
/// NATS's de-duplication header.
pub const MSG_ID: &str = "Nats-Msg-Id";

/// Why a queue operation failed.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot connect to NATS at {url}")]
    Connect {
        url: String,
        #[source]
        source: async_nats::ConnectError,
    },
    #[error("JetStream: {what}")]
    JetStream {
        what: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("store")]
    Store(#[from] marsad_store::StoreError),
    #[error("invalid name {0:?}: letters, digits, - and _ only")]
    Name(String),
}

impl QueueError {
    fn js(what: impl Into<String>, e: impl std::error::Error + Send + Sync + 'static) -> Self {
        QueueError::JetStream {
            what: what.into(),
            source: Box::new(e),
        }
    }
}

/// Where the queue lives on the server. Every name derives from `stream`
/// unless set, so two queues (two tests, two projects) never share state.
#[derive(Debug, Clone)]
pub struct Names {
    /// The work-queue stream.
    pub stream: String,
    /// Subject documents are published on.
    pub subject: String,
    /// The dead-letter stream (limits retention: kept for inspection).
    pub dead_stream: String,
    pub dead_subject: String,
    /// The durable consumer all workers share.
    pub consumer: String,
    /// Stream of worker heartbeats (the last per worker), on
    /// `workers_subject.<worker>`.
    pub workers_stream: String,
    pub workers_subject: String,
}

impl Names {
    pub fn new(stream: &str, subject: &str, dead_subject: &str) -> Result<Names, QueueError> {
        let ok = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if !ok(stream) {
            return Err(QueueError::Name(stream.to_string()));
        }
        Ok(Names {
            stream: stream.to_string(),
            subject: subject.to_string(),
            dead_stream: format!("{stream}_dead"),
            dead_subject: dead_subject.to_string(),
            consumer: format!("{stream}_workers"),
            workers_stream: format!("{stream}_heartbeats"),
            workers_subject: format!("{stream}.workers"),
        })
    }
}

impl Default for Names {
    fn default() -> Self {
        Names {
            stream: "marsad".into(),
            subject: "marsad.docs".into(),
            dead_stream: "marsad_dead".into(),
            dead_subject: "marsad.dead".into(),
            consumer: "marsad_workers".into(),
            workers_stream: "marsad_heartbeats".into(),
            workers_subject: "marsad.workers".into(),
        }
    }
}

/// A message body: the document as read, before analysis (the fields of
/// the document JSON that a reader fills). The worker recomputes the id
/// from the text.
#[derive(Debug, Deserialize)]
pub struct Job {
    pub id: String,
    pub source: Source,
    #[serde(default)]
    pub meta: Meta,
    pub text: String,
}

#[derive(Serialize)]
struct JobRef<'a> {
    id: &'a str,
    source: &'a Source,
    meta: &'a Meta,
    text: &'a str,
}

impl Job {
    /// The body of `doc`'s message.
    pub fn encode(doc: &Document) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(&JobRef {
            id: &doc.id,
            source: &doc.source,
            meta: &doc.meta,
            text: &doc.text,
        })
    }

    pub fn decode(body: &[u8]) -> Result<Document, serde_json::Error> {
        let job: Job = serde_json::from_slice(body)?;
        Ok(Document::new(job.text, job.source, job.meta))
    }
}

/// A connection to the queue's server.
#[derive(Clone)]
pub struct Queue {
    pub client: async_nats::Client,
    pub js: jetstream::Context,
    pub names: Names,
}

/// How long the server remembers message ids to drop duplicates.
pub const DEDUP_WINDOW: Duration = Duration::from_secs(3600);

impl Queue {
    pub async fn connect(url: &str, names: Names) -> Result<Queue, QueueError> {
        let client = async_nats::ConnectOptions::new()
            .name("marsad")
            .connect(url)
            .await
            .map_err(|source| QueueError::Connect {
                url: url.to_string(),
                source,
            })?;
        let js = jetstream::new(client.clone());
        Ok(Queue { client, js, names })
    }

    /// The largest message the server accepts, in bytes.
    pub fn max_payload(&self) -> usize {
        self.client.server_info().max_payload
    }

    /// Creates the work-queue and dead-letter streams if missing.
    pub async fn ensure_streams(&self) -> Result<(), QueueError> {
        let n = &self.names;
        self.js
            .get_or_create_stream(stream::Config {
                name: n.stream.clone(),
                subjects: vec![n.subject.clone()],
                retention: stream::RetentionPolicy::WorkQueue,
                duplicate_window: DEDUP_WINDOW,
                description: Some("marsad: documents waiting for analysis".into()),
                ..Default::default()
            })
            .await
            .map_err(|e| QueueError::js(format!("cannot create stream {}", n.stream), e))?;
        self.js
            .get_or_create_stream(stream::Config {
                name: n.dead_stream.clone(),
                subjects: vec![n.dead_subject.clone()],
                retention: stream::RetentionPolicy::Limits,
                duplicate_window: DEDUP_WINDOW,
                description: Some("marsad: messages no worker could use, with the reason".into()),
                ..Default::default()
            })
            .await
            .map_err(|e| QueueError::js(format!("cannot create stream {}", n.dead_stream), e))?;
        Ok(())
    }
}

/// The runtime the commands run on: the client's I/O on two threads;
/// analysis and store writes go to the blocking pool.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("marsad-queue")
        .enable_all()
        .build()
}

/// Resolves on SIGTERM or SIGINT. Registers the handlers at once, so call
/// it inside the runtime (`Runtime::enter`) before connecting.
pub fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static>
{
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async move {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// Publishes `body` as it is, with a message id: for tools and tests that
/// put something on the queue that `marsad enqueue` would not.
pub async fn publish_raw(
    queue: &Queue,
    subject: &str,
    msg_id: &str,
    body: Vec<u8>,
) -> Result<(), QueueError> {
    let mut h = async_nats::HeaderMap::new();
    h.insert(MSG_ID, msg_id);
    queue
        .js
        .publish_with_headers(subject.to_string(), h, body.into())
        .await
        .map_err(|e| QueueError::js(format!("cannot publish to {subject}"), e))?
        .await
        .map_err(|e| QueueError::js(format!("no acknowledgement from {subject}"), e))?;
    Ok(())
}

impl Queue {
    /// Deletes the queue's streams (work queue, dead letters, heartbeats)
    /// and everything in them; returns those that existed.
    pub async fn remove(&self) -> Result<Vec<String>, QueueError> {
        let n = &self.names;
        let mut removed = Vec::new();
        for s in [&n.stream, &n.dead_stream, &n.workers_stream] {
            if self.js.get_stream(s).await.is_ok() {
                self.js
                    .delete_stream(s)
                    .await
                    .map_err(|e| QueueError::js(format!("cannot delete stream {s}"), e))?;
                removed.push(s.clone());
            }
        }
        Ok(removed)
    }
}

/// A header value from free text: one line, bounded.
pub(crate) fn header_text(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(1000)
        .collect();
    out.truncate(out.trim_end().len());
    out
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_round_trip_keeps_the_content_id() {
        let meta = Meta {
            title: Some("عنوان".into()),
            ..Meta::default()
        };
        let source = Source {
            location: "a.jsonl".into(),
            reader: "jsonl".into(),
            record: Some(7),
        };
        let doc = Document::new("نص الخبر".into(), source.clone(), meta.clone());
        let body = Job::encode(&doc).unwrap();
        let back = Job::decode(&body).unwrap();
        assert_eq!(back.id, doc.id);
        assert_eq!(back.source, source);
        assert_eq!(back.meta, meta);
        // The body is the document JSON's subset: a document parses as one.
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["id"], doc.id.as_str());
        assert!(Job::decode(b"{\"text\": 3}").is_err());
    }

    #[test]
    fn header_text_is_one_line() {
        assert_eq!(header_text("a\r\nb\t"), "a  b");
        assert_eq!(header_text(&"x".repeat(5000)).len(), 1000);
    }

    #[test]
    fn names_derive_from_the_stream() {
        let n = Names::new("t1", "t1.docs", "t1.dead").unwrap();
        assert_eq!(n.dead_stream, "t1_dead");
        assert_eq!(n.consumer, "t1_workers");
        assert!(Names::new("a.b", "x", "y").is_err());
    }
}
