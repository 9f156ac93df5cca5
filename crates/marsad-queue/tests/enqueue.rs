//! Enqueueing against a real nats-server with JetStream
//! (`MARSAD_TEST_NATS`, e.g. nats://127.0.0.1:4222; without it the tests
//! say they were skipped): the server drops re-enqueued documents, a
//! document over the server's max_payload fails with the reason, and the
//! streams have the retention the workers rely on.

use async_nats::jetstream::stream::RetentionPolicy;
use marsad_core::{Document, Meta, Source};
use marsad_queue::{EnqueueOutcome, Enqueuer, Names, Queue};

fn nats() -> Option<String> {
    let url = std::env::var("MARSAD_TEST_NATS").ok();
    if url.is_none() {
        eprintln!("MARSAD_TEST_NATS is not set: queue tests skipped");
    }
    url
}

fn unique(tag: &str) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
        % 1_000_000_000_000;
    format!("{tag}{}_{t}", std::process::id())
}

fn doc(text: String, record: u64) -> Document {
    Document::new(
        text,
        Source {
            location: "test.jsonl".into(),
            reader: "jsonl".into(),
            record: Some(record),
        },
        Meta::default(),
    )
}

#[tokio::test]
async fn duplicates_dropped_and_oversized_documents_reported() {
    let Some(url) = nats() else { return };
    let name = unique("enq");
    let names = Names::new(&name, &format!("{name}.docs"), &format!("{name}.dead")).unwrap();
    let queue = Queue::connect(&url, names).await.unwrap();
    let mut enq = Enqueuer::new(queue.clone()).await.unwrap();

    let a = doc("أعلنت الحكومة عن خطة جديدة لدعم المزارعين.".into(), 1);
    let b = doc("افتتحت البلدية حديقة عامة في وسط المدينة.".into(), 2);
    let big = doc("ن".repeat(enq.max_payload()), 3);
    let mut done = Vec::new();
    for d in [&a, &b, &a, &big] {
        done.extend(enq.submit(d).await);
    }
    done.extend(enq.finish().await);
    let by_record = |r: &str| {
        done.iter()
            .filter(|e| e.name.ends_with(r))
            .map(|e| e.outcome.clone())
            .collect::<Vec<_>>()
    };
    let mut first = by_record("record 1");
    first.sort_by_key(|o| format!("{o:?}"));
    assert_eq!(
        first,
        vec![EnqueueOutcome::Duplicate, EnqueueOutcome::Published]
    );
    assert_eq!(by_record("record 2"), vec![EnqueueOutcome::Published]);
    match by_record("record 3").as_slice() {
        [EnqueueOutcome::Failed(why)] => assert!(why.contains("max_payload"), "{why}"),
        other => panic!("{other:?}"),
    }

    let mut work = queue.js.get_stream(&name).await.unwrap();
    let info = work.info().await.unwrap().clone();
    assert_eq!(info.config.retention, RetentionPolicy::WorkQueue);
    assert_eq!(info.state.messages, 2);
    let mut dead = queue.js.get_stream(format!("{name}_dead")).await.unwrap();
    let dinfo = dead.info().await.unwrap().clone();
    assert_eq!(dinfo.config.retention, RetentionPolicy::Limits);

    for s in [name.clone(), format!("{name}_dead")] {
        let _ = queue.js.delete_stream(s).await;
    }
}

/// A message that every worker takes and never acknowledges (here: taken
/// by hand, twice) is moved to the dead-letter stream once the server gives
/// up on it, by a worker listening for the server's announcement; the
/// others are stored (a SQLite store: no PostgreSQL needed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_never_acknowledged_ends_in_the_dead_letters() {
    use futures_util::StreamExt;
    use marsad_queue::{worker, WorkerOptions};
    use std::sync::Arc;
    use std::time::Duration;

    let Some(url) = nats() else { return };
    let name = unique("maxd");
    let names = Names::new(&name, &format!("{name}.docs"), &format!("{name}.dead")).unwrap();
    let queue = Queue::connect(&url, names).await.unwrap();
    let mut enq = Enqueuer::new(queue.clone()).await.unwrap();
    let stuck = doc("خبر لا يكتمل تحليله أبداً في هذا الاختبار.".into(), 1);
    enq.submit(&stuck).await;
    enq.finish().await;

    let opts = WorkerOptions {
        id: "w".into(),
        ack_wait: Duration::from_secs(1),
        max_deliver: 2,
        idle_exit: Some(Duration::from_secs(3)),
        ..WorkerOptions::default()
    };
    let consumer = worker::consumer(&queue, &opts).await.unwrap();
    // Two deliveries, neither acknowledged: what a worker dying on it twice
    // would leave.
    for _ in 0..2 {
        let mut batch = consumer
            .fetch()
            .max_messages(1)
            .expires(Duration::from_secs(2))
            .messages()
            .await
            .unwrap();
        let mut got = 0;
        while let Some(m) = batch.next().await {
            m.unwrap();
            got += 1;
        }
        assert_eq!(got, 1);
        tokio::time::sleep(Duration::from_millis(1200)).await;
    }
    // Another document, that the worker stores.
    enq.submit(&doc("افتتحت الوزارة مدرسة جديدة في القرية.".into(), 2))
        .await;
    enq.finish().await;

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        marsad_store::Store::open(&dir.path().join("s.db").display().to_string()).unwrap(),
    );
    let pipeline = Arc::new(marsad_pipeline::Pipeline::default_pipeline().unwrap());
    let report = worker::run(
        queue.clone(),
        Arc::clone(&store),
        pipeline,
        opts,
        std::future::pending(),
    )
    .await
    .unwrap();
    assert_eq!(report.stored, 1, "{report:?}");
    assert_eq!(report.dead_lettered, 1, "{report:?}");

    let work = queue.js.get_stream(&name).await.unwrap();
    let dead = queue.js.get_stream(format!("{name}_dead")).await.unwrap();
    let letter = dead.get_raw_message(1).await.unwrap();
    let reason = letter.headers.get(marsad_queue::REASON).unwrap().as_str();
    assert!(reason.starts_with("delivered 2 times"), "{reason}");
    assert_eq!(
        marsad_queue::Job::decode(&letter.payload).unwrap().id,
        stuck.id
    );
    let mut work = work;
    assert_eq!(work.info().await.unwrap().state.messages, 0);
    for s in [
        name.clone(),
        format!("{name}_dead"),
        format!("{name}_heartbeats"),
    ] {
        let _ = queue.js.delete_stream(s).await;
    }
    drop(store);
}
