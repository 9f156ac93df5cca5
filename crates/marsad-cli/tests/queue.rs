//! The distributed ingest end to end, with the real binary, a real
//! nats-server (JetStream) and PostgreSQL: two workers, one killed with
//! SIGKILL mid-run, the other stopped by SIGTERM mid-run and a third one
//! finishing; every article stored exactly once, nothing left in the
//! queue, the poison message in the dead-letter stream.
//!
//! Needs `MARSAD_TEST_NATS` (e.g. nats://127.0.0.1:4222) and
//! `MARSAD_TEST_POSTGRES` (a URL of a server where the user may create
//! databases); without them the test says it was skipped.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use marsad_queue::{Names, Queue};
use marsad_store::testing::TestDb;

/// Documents stored, and distinct ids among them.
fn count(db: &TestDb) -> (i64, i64) {
    let mut c = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    match c.query_one("SELECT count(*), count(DISTINCT id) FROM documents", &[]) {
        Ok(r) => (r.get(0), r.get(1)),
        // Not migrated yet: no worker has opened the store.
        Err(_) => (0, 0),
    }
}

/// Removes a test's streams when it ends, passed or not.
struct Streams {
    nats: String,
    stream: String,
}

impl Drop for Streams {
    fn drop(&mut self) {
        let _ = marsad()
            .args(["queue", "remove", "--yes", "--nats", &self.nats])
            .args(queue_flags(&self.stream))
            .output();
    }
}

fn services() -> Option<(String, String)> {
    match (
        std::env::var("MARSAD_TEST_NATS"),
        std::env::var("MARSAD_TEST_POSTGRES"),
    ) {
        (Ok(n), Ok(p)) => Some((n, p)),
        _ => {
            eprintln!("MARSAD_TEST_NATS or MARSAD_TEST_POSTGRES is not set: queue tests skipped");
            None
        }
    }
}

const CITIES: [&str; 10] = [
    "بغداد",
    "دمشق",
    "عمّان",
    "بيروت",
    "القاهرة",
    "الرياض",
    "تونس",
    "الرباط",
    "صنعاء",
    "الخرطوم",
];

const MONTHS: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];

/// Sixty short articles, each text distinct: six stories in ten cities,
/// with numbers and months varied.
fn articles() -> Vec<String> {
    let stories: [fn(&str, usize) -> String; 6] = [
        |c, n| format!("افتتح وزير الثقافة معرضاً للكتاب في {c} بمشاركة {n} دار نشر عربية وأجنبية."),
        |c, n| {
            format!("أعلنت وزارة الصحة تسجيل {n} إصابة جديدة بالإنفلونزا في {c} خلال الأسبوع الماضي.")
        },
        |c, n| {
            format!("عقد مجلس بلدية {c} اجتماعاً لمناقشة مشروع توسيع شبكة المياه في {n} حياً سكنياً.")
        },
        |c, n| {
            format!("قالت شركة الكهرباء إن انقطاع التيار في {c} استمر {n} ساعة بسبب عطل في محطة التحويل.")
        },
        |c, n| {
            format!("شارك {n} عداءً في سباق الماراثون السنوي الذي أقيم في شوارع {c} صباح الجمعة.")
        },
        |c, n| {
            format!(
                "وقعت جامعة {c} اتفاقية تعاون مع {n} جامعة لتبادل الطلاب والأساتذة في مجال الهندسة."
            )
        },
    ];
    let mut out = Vec::new();
    for (i, city) in CITIES.iter().enumerate() {
        for (j, story) in stories.iter().enumerate() {
            let k = i * stories.len() + j;
            out.push(format!(
                "{} وأضاف المتحدث أن العمل سيستمر حتى نهاية شهر {} المقبل، وأن النتائج ستعلن في تقرير رقم {}.",
                story(city, 12 + 7 * k),
                MONTHS[k % MONTHS.len()],
                1000 + k
            ));
        }
    }
    out
}

fn marsad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
}

fn queue_flags(stream: &str) -> Vec<String> {
    vec![
        "--stream".into(),
        stream.into(),
        "--subject".into(),
        format!("{stream}.docs"),
        "--dead-subject".into(),
        format!("{stream}.dead"),
    ]
}

fn worker(nats: &str, db: &str, stream: &str, id: &str, dir: &Path) -> Child {
    let log = std::fs::File::create(dir.join(format!("{id}.err"))).unwrap();
    marsad()
        .arg("worker")
        .args(queue_flags(stream))
        .args(["--nats", nats, "--db", db, "--id", id, "--json"])
        // Short ack wait: the killed worker's messages come back quickly.
        .args([
            "-j",
            "1",
            "--batch",
            "4",
            "--ack-wait",
            "3",
            "--max-deliver",
            "5",
            // Should the test fail and leave it running, it ends by itself.
            "--idle-exit",
            "30",
        ])
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("worker starts")
}

fn status(nats: &str, stream: &str) -> serde_json::Value {
    let out = marsad()
        .args(["queue", "status", "--json", "--nats", nats])
        .args(queue_flags(stream))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Sends SIGTERM and waits (at most 10 s) for a clean exit; the report.
fn terminate(mut w: Child, id: &str, dir: &Path) -> serde_json::Value {
    let term = Command::new("kill")
        .args(["-TERM", &w.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let t = Instant::now();
    while w.try_wait().unwrap().is_none() {
        if t.elapsed() > Duration::from_secs(10) {
            let _ = w.kill();
            panic!("{id} did not stop within 10 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = w.wait_with_output().unwrap();
    let err = std::fs::read_to_string(dir.join(format!("{id}.err"))).unwrap_or_default();
    assert!(out.status.success(), "{id}: {:?}\n{err}", out.status);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Workers that have sent a heartbeat (0 before the streams exist).
fn workers_seen(nats: &str, stream: &str) -> usize {
    let out = marsad()
        .args(["queue", "status", "--json", "--nats", nats])
        .args(queue_flags(stream))
        .output()
        .unwrap();
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .ok()
        .and_then(|s| s["workers"].as_array().map(Vec::len))
        .unwrap_or(0)
}

#[test]
fn two_workers_one_killed_every_article_stored_once() {
    let Some((nats, pg)) = services() else { return };
    let t0 = Instant::now();
    let unique = format!(
        "q{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
            % 1_000_000_000
    );
    let db = TestDb::named(&pg, &format!("marsad_test_{unique}"));
    let _streams = Streams {
        nats: nats.clone(),
        stream: unique.clone(),
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    {
        let mut f = std::fs::File::create(&input).unwrap();
        for (i, text) in articles().iter().enumerate() {
            let line = serde_json::json!({
                "title": format!("خبر {}", i + 1),
                "outlet": "نشرة الاختبار",
                "published": "2024-05-01",
                "text": text,
            });
            writeln!(f, "{line}").unwrap();
        }
    }

    // Both workers ready (their first heartbeat seen) before anything is
    // queued, so that both take part.
    let mut w1 = worker(&nats, &db.url, &unique, "w1", dir.path());
    let mut w2 = worker(&nats, &db.url, &unique, "w2", dir.path());
    let deadline = Instant::now() + Duration::from_secs(40);
    while workers_seen(&nats, &unique) < 2 {
        for (w, id) in [(&mut w1, "w1"), (&mut w2, "w2")] {
            if let Ok(Some(code)) = w.try_wait() {
                let err = std::fs::read_to_string(dir.path().join(format!("{id}.err")));
                panic!("{id} exited ({code}): {}", err.unwrap_or_default());
            }
        }
        assert!(Instant::now() < deadline, "workers did not start");
        std::thread::sleep(Duration::from_millis(50));
    }

    let out = marsad()
        .args(["enqueue", "-q", "--json", "--nats", &nats])
        .args(queue_flags(&unique))
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["published"], 60, "{report}");

    // Enqueued again: the server drops every one as a duplicate.
    let out = marsad()
        .args(["enqueue", "-q", "--json", "--nats", &nats])
        .args(queue_flags(&unique))
        .arg(&input)
        .output()
        .unwrap();
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again["published"], 0, "{again}");
    assert_eq!(again["duplicates"], 60, "{again}");

    // A poison message: not a document at all.
    let rt = marsad_queue::runtime().unwrap();
    let names = Names::new(
        &unique,
        &format!("{unique}.docs"),
        &format!("{unique}.dead"),
    )
    .unwrap();
    let q = rt.block_on(Queue::connect(&nats, names)).unwrap();
    rt.block_on(marsad_queue::publish_raw(
        &q,
        &format!("{unique}.docs"),
        &format!("poison-{unique}"),
        b"{\"this is\": not json".to_vec(),
    ))
    .unwrap();

    // Kill w1 once the store holds some documents, while it has messages
    // in hand (it fetches as many as it has room for: concurrency + batch,
    // five).
    loop {
        let (n, _) = count(&db);
        if n >= 10 {
            break;
        }
        assert!(Instant::now() < deadline, "workers stored only {n}");
        std::thread::sleep(Duration::from_millis(20));
    }
    w1.kill().unwrap(); // SIGKILL
    let _ = w1.wait();
    let at_kill = count(&db).0;
    eprintln!("w1 killed with {at_kill} documents stored");
    assert!(at_kill < 60, "the kill came too late to test anything");

    // SIGTERM to w2 mid-run: it stops pulling, stores and acknowledges
    // what it holds, reports, exits 0, promptly.
    loop {
        let (n, _) = count(&db);
        if n >= at_kill + 5 {
            break;
        }
        assert!(Instant::now() < deadline, "w2 stored only {n}");
        std::thread::sleep(Duration::from_millis(20));
    }
    let w2_report = terminate(w2, "w2", dir.path());
    let at_term = count(&db).0;
    eprintln!("w2 stopped with {at_term} documents stored: {w2_report}");
    let in_flight = status(&nats, &unique)["consumer"]["in_flight"].clone();
    eprintln!("in flight after w2 stopped (w1's, until their ack wait ends): {in_flight}");

    // w3 finishes, w1's messages redelivered to it.
    let w3 = worker(&nats, &db.url, &unique, "w3", dir.path());
    let done = loop {
        let s = status(&nats, &unique);
        let c = &s["consumer"];
        let (n, distinct) = count(&db);
        if n == 60
            && s["messages"] == 0
            && c["pending"] == 0
            && c["in_flight"] == 0
            && s["dead_letters"] == 1
        {
            assert_eq!(distinct, 60);
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "not done: {n} stored, status {s}"
        );
        std::thread::sleep(Duration::from_millis(200));
    };

    let w3_report = terminate(w3, "w3", dir.path());
    eprintln!("w3 report: {w3_report}");
    // What w1 held when it died came back.
    let redelivered = |r: &serde_json::Value| r["redelivered"].as_u64().unwrap_or(0);
    assert!(
        redelivered(&w2_report) + redelivered(&w3_report) >= 1,
        "{w2_report} {w3_report}"
    );
    eprintln!(
        "status at the end: {}",
        serde_json::to_string_pretty(&done).unwrap()
    );

    // Exactly once, and exactly these articles.
    assert_eq!(count(&db), (60, 60));
    let mut c = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    let records: Vec<i64> = c
        .query("SELECT record FROM documents ORDER BY record", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(records, (1..=60).collect::<Vec<i64>>());

    // The poison message is in the dead-letter stream, with its reason.
    let dead = rt.block_on(async {
        let s = q.js.get_stream(format!("{unique}_dead")).await.unwrap();
        s.get_raw_message(1).await.unwrap()
    });
    assert_eq!(&dead.payload[..], b"{\"this is\": not json");
    let reason = dead
        .headers
        .get(marsad_queue::REASON)
        .map(|v| v.as_str().to_string())
        .unwrap_or_default();
    assert!(reason.starts_with("unreadable message body"), "{reason}");

    assert!(t0.elapsed() < Duration::from_secs(60), "{:?}", t0.elapsed());
}
