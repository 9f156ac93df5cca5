//! Publishing documents: one message each, acknowledged by the server
//! through a window of publishes in flight (a round trip per document
//! would make enqueueing as slow as the network's latency).

use std::collections::VecDeque;

use async_nats::jetstream::context::{PublishAckFuture, PublishErrorKind};
use async_nats::HeaderMap;
use marsad_core::Document;

use crate::{Job, Queue, QueueError, MSG_ID};

/// Publishes awaited together at most.
const WINDOW: usize = 256;

/// What became of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Published,
    /// The server had this content id within its de-duplication window.
    Duplicate,
    Failed(String),
}

/// One document's outcome, with its name (`file: record n`).
#[derive(Debug, Clone)]
pub struct Enqueued {
    pub name: String,
    pub outcome: Outcome,
}

/// Publishes documents to the work queue.
pub struct Enqueuer {
    queue: Queue,
    max_payload: usize,
    pending: VecDeque<(String, PublishAckFuture)>,
}

/// `location: record n`, or the location alone.
pub fn doc_name(doc: &Document) -> String {
    match doc.source.record {
        Some(r) => format!("{}: record {r}", doc.source.location),
        None => doc.source.location.clone(),
    }
}

impl Enqueuer {
    /// Creates the streams if missing.
    pub async fn new(queue: Queue) -> Result<Enqueuer, QueueError> {
        queue.ensure_streams().await?;
        let max_payload = queue.max_payload();
        Ok(Enqueuer {
            queue,
            max_payload,
            pending: VecDeque::new(),
        })
    }

    pub fn max_payload(&self) -> usize {
        self.max_payload
    }

    /// Publishes `doc`; returns the outcomes of earlier publishes that
    /// completed meanwhile (and this one's if it failed at once).
    pub async fn submit(&mut self, doc: &Document) -> Vec<Enqueued> {
        let mut done = Vec::new();
        let name = doc_name(doc);
        let body = match Job::encode(doc) {
            Ok(b) => b,
            Err(e) => {
                done.push(Enqueued {
                    name,
                    outcome: Outcome::Failed(format!("cannot encode: {e}")),
                });
                return done;
            }
        };
        let mut headers = HeaderMap::new();
        headers.insert(MSG_ID, doc.id.as_str());
        // Subject, headers and framing take a few hundred bytes more.
        let overhead = self.queue.names.subject.len() + doc.id.len() + 64;
        if body.len() + overhead > self.max_payload {
            done.push(Enqueued {
                name,
                outcome: Outcome::Failed(format!(
                    "{} bytes as a message, over the server's max_payload of {} bytes",
                    body.len() + overhead,
                    self.max_payload
                )),
            });
            return done;
        }
        let sent = self
            .queue
            .js
            .publish_with_headers(self.queue.names.subject.clone(), headers, body.into())
            .await;
        match sent {
            Ok(ack) => self.pending.push_back((name, ack)),
            Err(e) => {
                let reason = if e.kind() == PublishErrorKind::MaxPayloadExceeded {
                    format!("over the server's max_payload: {e}")
                } else {
                    format!("cannot publish: {e}")
                };
                done.push(Enqueued {
                    name,
                    outcome: Outcome::Failed(reason),
                });
            }
        }
        while self.pending.len() > WINDOW {
            if let Some(e) = self.settle_one().await {
                done.push(e);
            }
        }
        done
    }

    /// Waits for every publish in flight.
    pub async fn finish(&mut self) -> Vec<Enqueued> {
        let mut done = Vec::new();
        while let Some(e) = self.settle_one().await {
            done.push(e);
        }
        done
    }

    async fn settle_one(&mut self) -> Option<Enqueued> {
        let (name, ack) = self.pending.pop_front()?;
        let outcome = match ack.await {
            Ok(a) if a.duplicate => Outcome::Duplicate,
            Ok(_) => Outcome::Published,
            Err(e) => Outcome::Failed(format!("not acknowledged by the server: {e}")),
        };
        Some(Enqueued { name, outcome })
    }
}
