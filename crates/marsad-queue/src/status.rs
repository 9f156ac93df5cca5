//! The state of a queue: what waits, what is in flight, what was
//! dead-lettered, and each worker's last heartbeat (a stream keeping the
//! last message per worker subject, written every few seconds, kept a day).
//! A stream rather than a key-value bucket: the bucket API of the client
//! does not work with the nats-server 2.9 of Debian 12.

use std::time::Duration;

use async_nats::jetstream::stream;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use crate::{unix_now, Queue, QueueError};

/// How long heartbeats are kept.
const BEAT_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BeatState {
    Running,
    Stopping,
    Stopped,
}

/// A worker's counts, as of `updated`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkerBeat {
    pub id: String,
    pub state: BeatState,
    /// Unix seconds.
    pub started: f64,
    pub updated: f64,
    pub concurrency: usize,
    pub stored: usize,
    pub already_stored: usize,
    pub dead_lettered: usize,
    pub retried: usize,
    pub in_hand: usize,
    /// Documents per second since its first message.
    pub per_second: f64,
}

/// A subject token for a worker id.
pub fn beat_key(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The heartbeat stream, created when `create` and missing.
pub async fn heartbeats(queue: &Queue, create: bool) -> Result<stream::Stream, QueueError> {
    let n = &queue.names;
    match queue.js.get_stream(&n.workers_stream).await {
        Ok(s) => Ok(s),
        Err(e) if !create => Err(QueueError::js(format!("no stream {}", n.workers_stream), e)),
        Err(_) => queue
            .js
            .get_or_create_stream(stream::Config {
                name: n.workers_stream.clone(),
                subjects: vec![format!("{}.*", n.workers_subject)],
                description: Some("marsad worker heartbeats".into()),
                max_messages_per_subject: 1,
                max_age: BEAT_MAX_AGE,
                ..Default::default()
            })
            .await
            .map_err(|e| QueueError::js(format!("cannot create stream {}", n.workers_stream), e)),
    }
}

/// Publishes a heartbeat (not waiting for the server's acknowledgement:
/// a lost beat is replaced by the next).
pub async fn beat(queue: &Queue, b: &WorkerBeat) {
    if let Ok(json) = serde_json::to_vec(b) {
        let subject = format!("{}.{}", queue.names.workers_subject, beat_key(&b.id));
        let _ = queue.js.publish(subject, json.into()).await;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QueueStatus {
    pub stream: String,
    pub subject: String,
    /// Messages in the work-queue stream: not yet acknowledged, delivered
    /// or not.
    pub messages: u64,
    pub bytes: u64,
    pub consumer: Option<ConsumerStatus>,
    pub dead_stream: String,
    pub dead_letters: u64,
    pub workers: Vec<WorkerBeat>,
    /// When this status was taken, Unix seconds.
    pub at: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsumerStatus {
    pub name: String,
    /// Not yet delivered to any worker.
    pub pending: u64,
    /// Delivered, not yet acknowledged: in flight.
    pub in_flight: usize,
    /// In flight after more than one delivery.
    pub redelivered: usize,
    /// Pull requests waiting.
    pub waiting: usize,
    pub max_ack_pending: i64,
    pub ack_wait_seconds: f64,
    pub max_deliver: i64,
}

pub async fn status(queue: &Queue) -> Result<QueueStatus, QueueError> {
    let n = &queue.names;
    let mut stream = queue
        .js
        .get_stream(&n.stream)
        .await
        .map_err(|e| QueueError::js(format!("no stream {}", n.stream), e))?;
    let state = stream
        .info()
        .await
        .map_err(|e| QueueError::js(format!("stream {}", n.stream), e))?
        .state
        .clone();
    let consumer = match stream
        .get_consumer::<async_nats::jetstream::consumer::pull::Config>(&n.consumer)
        .await
    {
        Ok(mut c) => {
            let i = c
                .info()
                .await
                .map_err(|e| QueueError::js(format!("consumer {}", n.consumer), e))?;
            Some(ConsumerStatus {
                name: n.consumer.clone(),
                pending: i.num_pending,
                in_flight: i.num_ack_pending,
                redelivered: i.num_redelivered,
                waiting: i.num_waiting,
                max_ack_pending: i.config.max_ack_pending,
                ack_wait_seconds: i.config.ack_wait.as_secs_f64(),
                max_deliver: i.config.max_deliver,
            })
        }
        // No worker has started yet.
        Err(_) => None,
    };
    let dead_letters = match queue.js.get_stream(&n.dead_stream).await {
        Ok(mut d) => {
            d.info()
                .await
                .map_err(|e| QueueError::js(format!("stream {}", n.dead_stream), e))?
                .state
                .messages
        }
        Err(_) => 0,
    };
    let mut workers = Vec::new();
    if let Ok(beats) = heartbeats(queue, false).await {
        let mut subjects = Vec::new();
        if let Ok(mut list) = beats
            .info_with_subjects(format!("{}.*", n.workers_subject))
            .await
        {
            while let Some(Ok((subject, _))) = list.next().await {
                subjects.push(subject);
            }
        }
        for subject in subjects {
            if let Ok(m) = beats.get_last_raw_message_by_subject(&subject).await {
                if let Ok(b) = serde_json::from_slice::<WorkerBeat>(&m.payload) {
                    workers.push(b);
                }
            }
        }
    }
    workers.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(QueueStatus {
        stream: n.stream.clone(),
        subject: n.subject.clone(),
        messages: state.messages,
        bytes: state.bytes,
        consumer,
        dead_stream: n.dead_stream.clone(),
        dead_letters,
        workers,
        at: unix_now(),
    })
}
