//! The HTTP API over a real listener, on SQLite and on PostgreSQL
//! (`MARSAD_TEST_POSTGRES`; skipped without it), with articles written for
//! these tests.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use marsad_core::{Document, Meta, Source};
use marsad_pipeline::Pipeline;
use marsad_server::guard::Guard;
use marsad_store::testing::TestDb;
use marsad_store::Store;
use serde_json::Value;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::default_pipeline().expect("default pipeline"))
}

fn doc(title: &str, published: &str, text: &str) -> Document {
    let meta = Meta {
        title: Some(title.into()),
        published: Some(published.into()),
        ..Meta::default()
    };
    let source = Source {
        location: format!("test/{published}.txt"),
        reader: "text".into(),
        record: None,
    };
    let mut d = Document::new(text.into(), source, meta);
    pipeline().worker().run(&mut d).expect("analysed");
    d
}

fn fill(store: &Store) {
    store
        .put(doc(
            "اشتباكات قرب الموصل",
            "2021-05-02",
            "اندلعت اشتباكات عنيفة بين القوات العراقية ومسلحين من تنظيم داعش في قرية قرب مدينة الموصل، وقالت مصادر أمنية إن ثلاثة جنود قتلوا في الهجوم.",
        ))
        .unwrap();
    store
        .put(doc(
            "<script>alert(1)</script> اجتماع في عمّان",
            "2022-01-10",
            "عقد وزراء الخارجية اجتماعاً في العاصمة الأردنية لبحث ملف اللاجئين، وأكد المجتمعون ضرورة زيادة الدعم الدولي.",
        ))
        .unwrap();
}

/// Serves `store` on a free port in a thread of its own; the address.
fn spawn(store: Store, guard: Guard) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(l.local_addr().unwrap()).unwrap();
            let app = marsad_server::router(Arc::new(store), guard);
            axum::serve(l, app.into_make_service_with_connect_info::<SocketAddr>())
                .await
                .unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(10)).unwrap()
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn get(addr: SocketAddr, path: &str, token: Option<&str>) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut req = agent.get(format!("http://{addr}{path}"));
    if let Some(t) = token {
        req = req.header("Authorization", format!("Bearer {t}"));
    }
    let mut res = req.call().unwrap();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Answer {
        status: res.status().as_u16(),
        headers,
        body: res.body_mut().read_to_string().unwrap(),
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn api_suite(store: Store) {
    fill(&store);
    let addr = spawn(store, Guard::new(None, 0, Duration::from_secs(10)));

    let stats = get(addr, "/api/stats", None);
    assert_eq!(stats.status, 200);
    assert_eq!(stats.json()["documents"], 2);
    assert!(stats
        .header("content-security-policy")
        .is_some_and(|c| c.contains("script-src 'self'")));
    assert_eq!(stats.header("x-content-type-options"), Some("nosniff"));

    // A clitic and a folded ending find the plain spelling.
    for q in ["بالموصل", "الموصله"] {
        let r = get(addr, &format!("/api/search?q={}", enc(q)), None);
        assert_eq!(r.status, 200);
        let v = r.json();
        assert_eq!(v["total"], 1, "{q}: {v}");
        assert_eq!(v["hits"][0]["title"], "اشتباكات قرب الموصل");
    }
    // The title is data: the literal text, as JSON, never markup.
    let r = get(addr, &format!("/api/search?q={}", enc("عمان")), None);
    let v = r.json();
    assert_eq!(
        v["hits"][0]["title"],
        "<script>alert(1)</script> اجتماع في عمّان"
    );
    assert!(r
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    let id = v["hits"][0]["id"].as_str().unwrap().to_string();
    let d = get(addr, &format!("/api/documents/{id}"), None).json();
    assert_eq!(d["document"]["id"], id.as_str());
    assert!(d["document"]["text"].as_str().unwrap().contains("اللاجئين"));
    assert!(d["near_duplicates"].as_array().unwrap().is_empty());

    // Errors are JSON with their status.
    let r = get(addr, "/api/documents/0000", None);
    assert_eq!(
        (r.status, r.json()["error"].as_str().is_some()),
        (404, true)
    );
    let r = get(addr, "/api/search?lat=north&radius_km=5", None);
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("lat"));
    let r = get(addr, "/api/timeline?interval=year", None);
    assert_eq!(r.status, 400);
    assert_eq!(get(addr, "/api/nothing", None).status, 404);
    // Hostile input is a parameter, not SQL.
    let r = get(
        addr,
        &format!(
            "/api/search?q={}&source={}",
            enc("' OR 1=1 --"),
            enc("x' OR '1'='1")
        ),
        None,
    );
    assert_eq!((r.status, r.json()["total"].as_i64()), (200, Some(0)));

    // Pagination is capped.
    let r = get(addr, "/api/search?per_page=100000&page=1", None).json();
    assert_eq!(r["per_page"], 100);
    assert_eq!(r["hits"].as_array().unwrap().len(), 2);

    // Lists and aggregates answer with their shapes.
    let ev = get(addr, "/api/events?type=ASSAULT", None).json();
    assert!(ev["total"].as_i64().unwrap() >= 1, "{ev}");
    assert_eq!(ev["items"][0]["type"], "ASSAULT");
    let tl = get(addr, "/api/timeline", None).json();
    assert!(
        tl["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["period"] == "2021-05"),
        "{tl}"
    );
    let map = get(addr, "/api/map", None);
    assert_eq!(map.header("content-type"), Some("application/geo+json"));
    assert_eq!(map.json()["type"], "FeatureCollection");
    let actors = get(addr, "/api/actors?per_page=100", None).json();
    assert!(actors["total"].as_i64().unwrap() >= 1);
    let first = actors["items"][0]["id"].as_str().unwrap().to_string();
    let page = get(addr, &format!("/api/actors/{}", enc(&first)), None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(get(addr, "/api/actors/none-such", None).status, 404);
    assert!(
        get(addr, "/api/places", None).json()["total"]
            .as_i64()
            .unwrap()
            >= 1
    );
    assert_eq!(get(addr, "/api/claims", None).status, 200);

    // The UI and the API description.
    let ui = get(addr, "/", None);
    assert_eq!(ui.status, 200);
    assert!(ui
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    assert!(ui.body.contains("app.js"));
    assert!(get(addr, "/app.js", None)
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/javascript")));
    let spec = get(addr, "/openapi.json", None).json();
    for path in [
        "/api/search",
        "/api/documents/{id}",
        "/api/events",
        "/api/map",
        "/api/timeline",
        "/api/actors/{id}",
    ] {
        assert!(
            spec["paths"][path].is_object(),
            "{path} missing from the OpenAPI description"
        );
    }
}

#[test]
fn api_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("m.db").display().to_string()).unwrap();
    api_suite(store);
}

#[test]
fn api_on_postgres() {
    let Some(db) = TestDb::create() else { return };
    api_suite(Store::open(&db.url).unwrap());
}

#[test]
fn token_and_rate_limit() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("m.db").display().to_string()).unwrap();
    let addr = spawn(
        store,
        Guard::new(Some("s3cret".into()), 5, Duration::from_secs(10)),
    );
    // The UI loads without the token (it asks for one); the API does not.
    assert_eq!(get(addr, "/", None).status, 200);
    let r = get(addr, "/api/stats", None);
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert_eq!(get(addr, "/api/stats", Some("wrong")).status, 401);
    assert_eq!(get(addr, "/api/stats", Some("s3cret")).status, 200);
    // Five a minute: the sixth request is refused.
    let r = get(addr, "/api/stats", Some("s3cret"));
    assert_eq!(r.status, 200);
    let r = get(addr, "/api/stats", Some("s3cret"));
    assert_eq!(r.status, 429, "{}", r.body);
    assert!(r.json()["error"].as_str().is_some());
}
