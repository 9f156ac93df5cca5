//! The store on both backends, with articles written for these tests and
//! analysed by the real default pipeline: idempotent writes, near-duplicates,
//! folded search with snippets, filters, actor and place pages, aggregates,
//! and contradictions across stored documents.
//!
//! PostgreSQL tests use `MARSAD_TEST_POSTGRES` (a connection URL to a
//! server where the user may create databases); without it they say they
//! were skipped.

use std::sync::OnceLock;

use marsad_core::{Document, Meta, Source};
use marsad_pipeline::Pipeline;
use marsad_store::testing::TestDb;
use marsad_store::{Filters, Outcome, Page, Store};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::default_pipeline().expect("default pipeline"))
}

fn analyse(title: &str, published: &str, outlet: &str, text: &str) -> Document {
    let meta = Meta {
        title: Some(title.into()),
        published: Some(published.into()),
        outlet: Some(outlet.into()),
        ..Meta::default()
    };
    let source = Source {
        location: format!("test/{outlet}.txt"),
        reader: "text".into(),
        record: None,
    };
    let mut d = Document::new(text.into(), source, meta);
    pipeline().worker().run(&mut d).expect("analysed");
    d
}

const MOSUL: &str = "قتل أربعة مدنيين وأصيب سبعة آخرون صباح الثلاثاء في قصف بقذائف الهاون استهدف حياً سكنياً في الجانب الأيمن من مدينة الموصل شمالي العراق. وقال مسؤول في الدفاع المدني إن فرق الإنقاذ نقلت الجرحى إلى مستشفى الجمهوري، وإن القصف ألحق أضراراً بعدد من المنازل والمحال التجارية في المنطقة.";

fn mosul() -> Document {
    analyse(
        "قصف على حي سكني في الموصل",
        "2021-04-06",
        "وكالة الرافدين",
        MOSUL,
    )
}

/// The same story on another site: other punctuation, harakat, a credit line.
fn mosul_copy() -> Document {
    let text = format!(
        "{} (المصدر: وكالات)",
        MOSUL.replace("، ", " - ").replace("مدنيين", "مدنيّين")
    );
    analyse(
        "قذائف تسقط على أحياء الموصل",
        "2021-04-06",
        "موقع الشمال",
        &text,
    )
}

fn amman() -> Document {
    analyse(
        "معرض للصناعات المحلية في عمّان",
        "2022-09-14",
        "نشرة الاقتصاد",
        "افتتح وزير الصناعة الأردني معرضاً للصناعات الغذائية في العاصمة الأردنية بمشاركة مئة وعشرين شركة، وقال إن الصادرات ارتفعت خلال العام الماضي بنسبة ثمانية في المئة.",
    )
}

fn local_source() -> Document {
    analyse(
        "خروج مقاتلين من الزبداني",
        "2017-08-05",
        "شبكة محلية",
        "قالت مصادر محلية إن نحو 1200 مقاتل خرجوا من بلدة الزبداني إلى إدلب يوم 5 آب 2017 بموجب اتفاق.",
    )
}

fn coalition() -> Document {
    analyse(
        "بيان التحالف",
        "2017-08-06",
        "بيانات",
        "أعلن التحالف أن 300 مقاتل غادروا بلدة الزبداني إلى إدلب يوم 5 آب 2017.",
    )
}

fn ingest(store: &Store, docs: Vec<Document>) -> Vec<Outcome> {
    let prepared: Vec<_> = docs
        .into_iter()
        .map(|d| marsad_store::Prepared::new(d).expect("prepared"))
        .collect();
    store.put_batch(&prepared).expect("stored")
}

fn q(s: &str) -> Filters {
    Filters {
        q: Some(s.into()),
        ..Filters::default()
    }
}

/// Everything the store must do, on one backend.
fn suite(store: &Store) {
    let m = mosul();
    let mosul_id = m.id.clone();
    let out = ingest(store, vec![m, amman()]);
    assert_eq!(out, vec![Outcome::Added, Outcome::Added]);
    let before = store.stats().unwrap();
    assert_eq!(before.documents, 2);

    // Idempotent: the same article twice changes nothing.
    assert_eq!(ingest(store, vec![mosul()]), vec![Outcome::Duplicate]);
    assert_eq!(store.stats().unwrap(), before);
    assert_eq!(store.contains(&[&mosul_id, "nope"]).unwrap().len(), 1);

    // A republished copy is stored and linked, not counted twice.
    let copy = ingest(store, vec![mosul_copy()]);
    let Outcome::NearDuplicate { of, similarity } = &copy[0] else {
        panic!("not linked as a near-duplicate: {copy:?}");
    };
    assert_eq!(of, &mosul_id);
    assert!(*similarity > 0.9);
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.duplicates), (3, 1));
    let near = store.near_duplicates(&mosul_id).unwrap();
    assert_eq!(near.len(), 1);

    // Folded search: a clitic, a folded ending, the plain spelling.
    for query in ["الموصل", "بالموصل", "الموصله", "والموصل"] {
        let page = store.search(&q(query), Page::default()).unwrap();
        assert_eq!(page.total, 2, "{query}: {page:?}");
        assert!(page.hits.iter().any(|h| h.id == mosul_id), "{query}");
        let hit = &page.hits[0];
        assert!(hit.score > 0.0);
        let chars: Vec<char> = hit.snippet.text.chars().collect();
        let [a, b] = hit.snippet.highlights[0];
        let word: String = chars[a..b].iter().collect();
        assert!(word.contains("الموصل"), "{query}: highlighted {word}");
    }
    // Both words must occur; a word in no article finds nothing.
    assert_eq!(
        store
            .search(&q("الموصل معرض"), Page::default())
            .unwrap()
            .total,
        0
    );
    assert_eq!(store.search(&q("معرض"), Page::default()).unwrap().total, 1);
    // Operators and quotes are words, not syntax.
    assert_eq!(
        store
            .search(&q("\"الموصل\" OR NEAR("), Page::default())
            .unwrap()
            .total,
        0
    );
    // Titles are searched too.
    assert_eq!(store.search(&q("وتسقط"), Page::default()).unwrap().total, 1);

    // No query: newest first, paginated.
    let all = store
        .search(
            &Filters::default(),
            Page {
                page: 1,
                per_page: 2,
            },
        )
        .unwrap();
    assert_eq!((all.total, all.hits.len()), (3, 2));
    assert_eq!(all.hits[0].published.as_deref(), Some("2022-09-14"));
    let second = store
        .search(
            &Filters::default(),
            Page {
                page: 2,
                per_page: 2,
            },
        )
        .unwrap();
    assert_eq!(second.hits.len(), 1);

    // Filters: dates, event type, source, place and radius.
    let f = Filters {
        from: Some("2022-01-01".into()),
        ..Filters::default()
    };
    assert_eq!(store.search(&f, Page::default()).unwrap().total, 1);
    let f = Filters {
        to: Some("2021-12-31".into()),
        ..q("الموصل")
    };
    assert_eq!(store.search(&f, Page::default()).unwrap().total, 2);
    let f = Filters {
        event_type: Some("assault".into()),
        ..Filters::default()
    };
    let hits = store.search(&f, Page::default()).unwrap();
    assert!(
        hits.hits.iter().all(|h| h.id != amman_id(store)),
        "{hits:?}"
    );
    assert!(hits.total >= 1);
    let f = Filters {
        source: Some("وكالة الرافدين".into()),
        ..Filters::default()
    };
    assert_eq!(store.search(&f, Page::default()).unwrap().total, 1);
    let f = Filters {
        source: Some("test/%".into()),
        ..Filters::default()
    };
    assert_eq!(
        store.search(&f, Page::default()).unwrap().total,
        0,
        "% is literal"
    );
    let mosul_place = store
        .places(Some("الموصل"), Page::default())
        .unwrap()
        .items
        .into_iter()
        .find(|p| p.lat.is_some())
        .expect("Mosul is a stored place");
    assert!(
        (mosul_place.lat.unwrap() - 36.34).abs() < 0.3,
        "{mosul_place:?}"
    );
    // 60 km around Mosul: the two Mosul articles; Amman is 800 km away.
    let near_mosul = Filters {
        lat: Some(36.34),
        lon: Some(43.13),
        radius_km: Some(60.0),
        ..Filters::default()
    };
    assert_eq!(store.search(&near_mosul, Page::default()).unwrap().total, 2);
    let far = Filters {
        lat: Some(31.95),
        lon: Some(35.93),
        radius_km: Some(60.0),
        ..q("الموصل")
    };
    assert_eq!(store.search(&far, Page::default()).unwrap().total, 0);
    let by_place = Filters {
        place: Some(mosul_place.id.clone()),
        ..Filters::default()
    };
    assert_eq!(store.search(&by_place, Page::default()).unwrap().total, 2);

    // Events, with their place and claim; the timeline and the map leave
    // the near-duplicate's copy out.
    let events = store
        .events(
            &Filters {
                event_type: Some("ASSAULT".into()),
                ..Filters::default()
            },
            Page::default(),
        )
        .unwrap();
    assert!(events.total >= 2, "{events:?}");
    let e = events
        .items
        .iter()
        .find(|e| e.doc == mosul_id)
        .expect("a Mosul event");
    assert!(e.sentence.contains(&e.text));
    assert_eq!(e.date.as_deref(), Some("2021-04-06"));
    assert!(e.location.is_some(), "{e:?}");
    assert!(e.claim.is_some());
    let tl = store.timeline(&Filters::default(), false).unwrap();
    let april = tl
        .buckets
        .iter()
        .find(|b| b.period == "2021-04")
        .expect("April 2021");
    let assault_docs = store
        .events(
            &Filters {
                event_type: Some("ASSAULT".into()),
                from: Some("2021-04-01".into()),
                to: Some("2021-04-30".into()),
                ..Filters::default()
            },
            Page::default(),
        )
        .unwrap();
    let originals = assault_docs
        .items
        .iter()
        .filter(|e| e.doc == mosul_id && e.polarity == "positive")
        .count();
    assert_eq!(
        april.counts.get("ASSAULT").copied(),
        Some(originals as i64),
        "{tl:?}"
    );
    let map = store.map(&Filters::default()).unwrap();
    let features = map["features"].as_array().unwrap();
    assert!(features.iter().any(|f| f["properties"]["kind"] == "event"));
    assert!(features
        .iter()
        .any(|f| f["properties"]["kind"] == "place"
            && f["properties"]["id"] == mosul_place.id.as_str()));

    // The stored document is the analysed one, spans and all.
    let json = store.document_json(&mosul_id).unwrap().expect("stored");
    let back: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back.text, MOSUL);
    for e in &back.entities {
        assert_eq!(back.slice(e.start, e.end), Some(e.text.as_str()));
    }
    assert!(store.document_json("0000").unwrap().is_none());

    // Actors: lists, a page with aliases and events.
    let actors = store
        .actors(
            None,
            Page {
                page: 1,
                per_page: 100,
            },
        )
        .unwrap();
    assert!(actors.total >= 1);
    // The most-mentioned actor's page: its documents and spellings.
    let top = &actors.items[0];
    let page = store
        .actor(&top.id)
        .unwrap()
        .expect("a listed actor has a page");
    assert_eq!(page.documents, top.documents);
    assert!(page.documents >= 1);
    assert!(!page.actor.aliases.is_empty());
    assert!(store.actor("no-such-actor").unwrap().is_none());

    // Contradictions across stored documents: the coalition's figure
    // against the local sources' stored before it.
    let mut across = marsad_events::across::Across::default();
    ingest(store, vec![local_source()]);
    for mut d in store.recent_with_events(1000).unwrap() {
        across.link(&mut d);
    }
    let mut c = coalition();
    across.link(&mut c);
    assert_eq!(c.contradictions.len(), 1, "{:?}", c.contradictions);
    let cid = c.id.clone();
    ingest(store, vec![c]);
    let ks = store.contradictions(&cid).unwrap();
    assert_eq!(ks.len(), 1);
    assert_eq!(ks[0].role.as_deref(), Some("fighters"));
    let mut values = [ks[0].value, ks[0].other_value];
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(values, [Some(300.0), Some(1200.0)]);
    assert_eq!(
        ks[0].other_title.as_deref(),
        Some("خروج مقاتلين من الزبداني")
    );
    // The earlier document sees it too.
    let local = store.search(&q("الزبداني"), Page::default()).unwrap();
    let earlier = local.hits.iter().find(|h| h.id != cid).unwrap();
    assert_eq!(store.contradictions(&earlier.id).unwrap().len(), 1);

    // Claims by source kind, with their content.
    let claims = store.claims(&q("الزبداني"), Page::default()).unwrap();
    assert!(
        claims
            .items
            .iter()
            .any(|c| c.source_kind == "anonymous" && c.text.contains("1200")),
        "{claims:?}"
    );
}

/// One transaction of several documents: a copy is linked to an original
/// earlier in the same batch, a repeated id is written once, and the
/// actors and places they share are stored (written apart, before them).
fn batch_suite(location: &str) {
    let store = &Store::open(location).unwrap();
    let m = mosul();
    let mosul_id = m.id.clone();
    let out = ingest(store, vec![m, mosul_copy(), mosul(), local_source()]);
    assert_eq!(out.len(), 4);
    assert_eq!(out[0], Outcome::Added);
    let Outcome::NearDuplicate { of, .. } = &out[1] else {
        panic!("the copy is not linked within its batch: {out:?}");
    };
    assert_eq!(of, &mosul_id);
    assert_eq!(out[2], Outcome::Duplicate);
    assert_eq!(out[3], Outcome::Added);
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.duplicates), (3, 1));
    let places = store.places(None, Page::default()).unwrap();
    assert!(
        places.items.iter().any(|p| p.name.contains("الموصل")),
        "{places:?}"
    );
    // Another process (its own memory of shared rows) adds nothing twice.
    let again = Store::open(location).unwrap();
    assert_eq!(ingest(&again, vec![mosul()]), vec![Outcome::Duplicate]);
    assert_eq!(again.stats().unwrap(), stats);
}

fn amman_id(store: &Store) -> String {
    store.search(&q("معرض"), Page::default()).unwrap().hits[0]
        .id
        .clone()
}

#[test]
fn sqlite_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/marsad.db");
    let store = Store::open(&path.display().to_string()).unwrap();
    suite(&store);
    drop(store);
    // Reopening keeps everything and migrates nothing twice.
    let again = Store::open(&path.display().to_string()).unwrap();
    assert_eq!(again.stats().unwrap().documents, 5);
}

#[test]
fn sqlite_batch() {
    let dir = tempfile::tempdir().unwrap();
    batch_suite(&dir.path().join("b.db").display().to_string());
}

#[test]
fn postgres_batch() {
    let Some(db) = TestDb::create() else { return };
    batch_suite(&db.url);
}

#[test]
fn a_bad_location_is_a_clear_error() {
    let e = Store::open("").err().expect("refused");
    assert!(e.to_string().contains("not a database location"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain");
    std::fs::write(
        &file,
        "not a database, just text that is long enough to matter",
    )
    .unwrap();
    let e = Store::open(&file.display().to_string())
        .err()
        .expect("refused");
    assert!(e.to_string().contains(&file.display().to_string()), "{e}");
}

#[test]
fn postgres_store() {
    let Some(db) = TestDb::create() else { return };
    {
        let store = Store::open(&db.url).unwrap();
        suite(&store);
    }
    let again = Store::open(&db.url).unwrap();
    assert_eq!(again.stats().unwrap().documents, 5);
}

/// Many threads asking at once share a few connections (each one a server
/// process): they wait for one rather than open their own.
#[test]
fn postgres_concurrent_callers_share_the_pool() {
    use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
    use std::sync::Arc;
    let Some(db) = TestDb::create() else { return };
    let store = Arc::new(Store::open(&db.url).unwrap());
    let name = db_name(&store);
    let (peak, done) = (
        Arc::new(AtomicI64::new(0)),
        Arc::new(AtomicBool::new(false)),
    );
    let monitor = {
        let (peak, done) = (peak.clone(), done.clone());
        let admin = std::env::var("MARSAD_TEST_POSTGRES").unwrap();
        std::thread::spawn(move || {
            let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
            while !done.load(Ordering::SeqCst) {
                let n: i64 = c
                    .query_one(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
                        &[&name],
                    )
                    .unwrap()
                    .get(0);
                peak.fetch_max(n, Ordering::SeqCst);
            }
        })
    };
    let threads: Vec<_> = (0..32)
        .map(|i| {
            let store = store.clone();
            std::thread::spawn(move || {
                for j in 0..50 {
                    let id = format!("doc-{i}-{j}");
                    assert!(store.contains(&[id.as_str()]).unwrap().is_empty());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    done.store(true, Ordering::SeqCst);
    monitor.join().unwrap();
    let peak = peak.load(Ordering::SeqCst);
    assert!((1..=8).contains(&peak), "{peak} connections open at once");
}

/// The database a PostgreSQL store's description names.
fn db_name(store: &Store) -> String {
    let url = store.describe();
    let path = url.rsplit('/').next().unwrap_or_default();
    path.split('?').next().unwrap_or_default().to_string()
}
