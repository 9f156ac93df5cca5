//! `marsad ingest` end to end: idempotent reruns, a report, clear errors,
//! and a SIGKILL mid-run that loses nothing committed and duplicates
//! nothing on the rerun. On SQLite always; on PostgreSQL with
//! `MARSAD_TEST_POSTGRES` (skipped without it).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use marsad_store::testing::TestDb;
use marsad_store::Store;

fn marsad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
}

const PLACES: [&str; 6] = ["حلب", "الموصل", "تعز", "درعا", "بنغازي", "خان يونس"];
const WHAT: [&str; 4] = [
    "قصف مدفعي استهدف أحياء سكنية",
    "اشتباكات عنيفة بين فصيلين مسلحين",
    "تظاهرة شارك فيها مئات المحتجين",
    "حملة اعتقالات نفذتها قوات الأمن",
];

/// `n` distinct short articles as JSON Lines.
fn articles(path: &Path, n: usize) {
    let mut f = std::fs::File::create(path).unwrap();
    for i in 0..n {
        let place = PLACES[i % PLACES.len()];
        let what = WHAT[(i / PLACES.len()) % WHAT.len()];
        let text = format!(
            "شهدت مدينة {place} يوم الأحد {what}، وقالت مصادر محلية إن {} أشخاص أصيبوا في الحادث رقم {i}، فيما أعلنت السلطات فتح تحقيق.",
            3 + i % 40
        );
        let line = serde_json::json!({
            "title": format!("{what} في {place} ({i})"),
            "date": format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "source": "نشرة الاختبار",
            "text": text,
        });
        writeln!(f, "{line}").unwrap();
    }
}

fn count(store: &Store, sql: &str) -> i64 {
    store.backend().query(sql, &[]).unwrap()[0][0]
        .as_i64()
        .unwrap()
}

fn report(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Ingests 400 articles, kills the process once some are committed,
/// reruns, and checks every article is stored exactly once.
fn killed_and_resumed(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("feed.jsonl");
    let n = 400;
    articles(&input, n);
    let mut child = marsad()
        .args(["ingest", "--db", db, "-q", "-j", "1", "--batch", "8"])
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut seen = 0;
    while start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(50));
        if let Ok(s) = Store::open(db) {
            seen = count(&s, "SELECT COUNT(*) FROM documents");
            if seen >= 16 {
                break;
            }
        }
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
    }
    let finished_early = matches!(child.try_wait(), Ok(Some(_)));
    child.kill().unwrap_or(()); // SIGKILL
    let _ = child.wait();
    assert!(
        !finished_early,
        "ingest ended before it could be killed (saw {seen})"
    );
    let store = Store::open(db).unwrap();
    let stored = count(&store, "SELECT COUNT(*) FROM documents");
    assert!(
        stored > 0 && stored < n as i64,
        "killed mid-run: {stored} of {n} stored"
    );
    // What was committed is whole: every stored document has its events.
    let orphans = count(&store, "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = e.doc)");
    assert_eq!(orphans, 0);

    let out = marsad()
        .args(["ingest", "--db", db, "-q", "--json"])
        .arg(&input)
        .output()
        .unwrap();
    let r = report(&out);
    assert_eq!(r["added"].as_i64().unwrap() + stored, n as i64, "{r}");
    assert_eq!(r["duplicates"].as_i64().unwrap(), stored, "{r}");
    assert_eq!(count(&store, "SELECT COUNT(*) FROM documents"), n as i64);
    assert_eq!(
        count(&store, "SELECT COUNT(DISTINCT id) FROM documents"),
        n as i64
    );
    // Each document's events were written once.
    let events_rows = count(&store, "SELECT COUNT(*) FROM events");
    let events_said = count(&store, "SELECT CAST(SUM(events) AS BIGINT) FROM documents");
    assert_eq!(events_rows, events_said);
    // And searchable once.
    let hits = store
        .search(
            &marsad_store::Filters {
                q: Some("الحادث".into()),
                ..Default::default()
            },
            marsad_store::Page::default(),
        )
        .unwrap();
    assert_eq!(hits.total, n as i64);
}

#[test]
fn sigkill_mid_ingest_loses_and_duplicates_nothing_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    killed_and_resumed(&dir.path().join("m.db").display().to_string());
}

#[test]
fn sigkill_mid_ingest_loses_and_duplicates_nothing_postgres() {
    let Some(db) = TestDb::create() else { return };
    killed_and_resumed(&db.url);
}

#[test]
fn ingest_twice_changes_nothing_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db").display().to_string();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let first = report(
        &marsad()
            .args(["ingest", "--db", &db, "-q", "--json"])
            .arg(&examples)
            .output()
            .unwrap(),
    );
    let added = first["added"].as_i64().unwrap();
    assert!(added >= 6, "{first}");
    let second = report(
        &marsad()
            .args(["ingest", "--db", &db, "-q", "--json"])
            .arg(&examples)
            .output()
            .unwrap(),
    );
    assert_eq!(second["added"], 0);
    assert_eq!(second["duplicates"].as_i64(), Some(added));
    // The text report names the counts.
    let out = marsad()
        .args(["ingest", "--db", &db, "-q"])
        .arg(&examples)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("added 0") && text.contains(&format!("skipped {added}")),
        "{text}"
    );
}

#[test]
fn ingest_errors_name_the_input_and_keep_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db").display().to_string();
    let good = dir.path().join("good.txt");
    std::fs::write(
        &good,
        "عنوان\n\nوصل وفد أممي إلى مدينة حلب صباح اليوم لتقييم الأوضاع الإنسانية.\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = marsad()
        .args(["ingest", "--db", &db, "-q", "--json"])
        .arg(&good)
        .arg(&bad)
        .arg(dir.path().join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["added"], 1);
    assert_eq!(r["failed"], 2);
    let reasons = r["reasons"].to_string();
    assert!(
        reasons.contains("bad.txt") && reasons.contains("missing.txt"),
        "{reasons}"
    );
    // A store that cannot be opened: exit 1, the location in the message.
    let not_db = dir.path().join("plain.db");
    std::fs::write(
        &not_db,
        "this is not a database file at all, just some text",
    )
    .unwrap();
    let out = marsad()
        .args(["ingest", "--db"])
        .arg(&not_db)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("plain.db"), "{err}");
}
