//! The marsad store: analysed documents and every record in them, in an
//! embedded SQLite file (the default) or a shared PostgreSQL server, with
//! search over Arabic-folded terms.
//!
//! * [`backend`]: the [`Backend`] trait the two engines implement
//!   ([`sqlite::Sqlite`], [`postgres::Postgres`]); a test can supply its own;
//! * [`schema`]: versioned migrations;
//! * [`write`]: what a document becomes in rows; [`simhash`]: near-duplicates;
//! * [`query`]: search, lists and aggregates;
//! * [`StoreSink`]: a [`Sink`] writing analysed documents in batched
//!   transactions.

pub mod backend;
pub mod postgres;
pub mod query;
pub mod schema;
pub mod simhash;
pub mod sqlite;
#[doc(hidden)]
pub mod testing;
pub mod write;

use std::collections::HashSet;
use std::path::PathBuf;

use marsad_core::{Document, Sink, SinkError};

pub use backend::{Backend, Dialect, Value};
pub use query::{Filters, Page};
pub use write::{Outcome, Prepared};

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {db}")]
    Database {
        db: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error(
        "database {db} has schema version {found}; this marsad knows up to {known}: upgrade marsad"
    )]
    NewerSchema { db: String, found: i64, known: i64 },
    #[error("cannot encode document {doc}")]
    Encode {
        doc: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("not a database location: {0:?} (a file path, or postgres://…)")]
    Location(String),
}

/// Where the store is by default: `$MARSAD_DB`, else
/// `$XDG_DATA_HOME/marsad/marsad.db`, else `~/.local/share/marsad/marsad.db`.
pub fn default_location() -> String {
    if let Some(v) = std::env::var_os("MARSAD_DB").filter(|v| !v.is_empty()) {
        return v.to_string_lossy().into_owned();
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("marsad").join("marsad.db").display().to_string()
}

/// What a batch write did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchReport {
    pub added: usize,
    pub near_duplicates: usize,
    pub duplicates: usize,
}

/// A store on some backend; clones share it.
#[derive(Clone)]
pub struct Store {
    db: std::sync::Arc<dyn Backend>,
    /// Shared rows (actors, aliases, places) this process has seen
    /// committed, by a hash of their key: most documents name only
    /// actors and places stored long ago.
    known: std::sync::Arc<std::sync::Mutex<HashSet<u64>>>,
}

/// Past this many remembered shared rows the memory is emptied (a
/// forgotten row is only inserted again, as a no-op).
const KNOWN_MAX: usize = 1 << 21;

fn shared_key(sql: &str, row: &[Value]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    sql.hash(&mut h);
    for v in row.iter().take(2) {
        match v {
            Value::Text(t) => t.hash(&mut h),
            Value::Int(i) => i.hash(&mut h),
            _ => 0u8.hash(&mut h),
        }
    }
    h.finish()
}

impl Store {
    /// Opens `location` (a file path for SQLite, `postgres://…` or
    /// `postgresql://…` for PostgreSQL) and brings its schema up to date.
    pub fn open(location: &str) -> Result<Store, StoreError> {
        let loc = location.trim();
        if loc.is_empty() {
            return Err(StoreError::Location(location.to_string()));
        }
        let db: Box<dyn Backend> =
            if loc.starts_with("postgres://") || loc.starts_with("postgresql://") {
                Box::new(postgres::Postgres::connect(loc)?)
            } else {
                let path = loc.strip_prefix("sqlite://").unwrap_or(loc);
                Box::new(sqlite::Sqlite::open(std::path::Path::new(path))?)
            };
        Self::with_backend(db)
    }

    /// A store on a backend of the caller's (migrated on the way in).
    pub fn with_backend(db: Box<dyn Backend>) -> Result<Store, StoreError> {
        schema::migrate(db.as_ref())?;
        Ok(Store {
            db: db.into(),
            known: Default::default(),
        })
    }

    pub fn backend(&self) -> &dyn Backend {
        self.db.as_ref()
    }

    pub fn describe(&self) -> String {
        self.db.describe()
    }

    /// Refreshes statistics and compacts the search index after a bulk write.
    pub fn optimize(&self) -> Result<(), StoreError> {
        self.db.optimize()
    }

    /// Which of `ids` are stored already.
    pub fn contains(&self, ids: &[&str]) -> Result<HashSet<String>, StoreError> {
        write::stored_ids(
            |sql, params| self.db.query(sql, params),
            ids.iter().copied(),
        )
    }

    /// Writes documents in one transaction: all of them, or none. The
    /// actors and places they name are made sure of first, in a short
    /// transaction of their own (rows that exist are left alone), so that
    /// writers of different documents do not wait on each other.
    pub fn put_batch(&self, docs: &[Prepared]) -> Result<Vec<Outcome>, StoreError> {
        let dialect = self.db.dialect();
        let mut shared = write::Rows::default();
        for p in docs {
            write::put_shared(&mut shared, &p.doc)?;
        }
        let mut fresh = Vec::new();
        {
            let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
            shared.retain(|sql, row| {
                let k = shared_key(sql, row);
                let new = !known.contains(&k);
                if new {
                    fresh.push(k);
                }
                new
            });
        }
        if !shared.is_empty() {
            self.db.transaction(&mut |c| shared.flush(c))?;
            let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
            if known.len() + fresh.len() > KNOWN_MAX {
                known.clear();
            }
            known.extend(fresh);
        }
        let mut outcomes = Vec::with_capacity(docs.len());
        self.db.transaction(&mut |c| {
            let mut rows = write::Rows::default();
            outcomes = write::put_batch(c, dialect, docs, &mut rows)?;
            rows.flush(c)
        })?;
        Ok(outcomes)
    }

    /// Writes one document in its own transaction.
    pub fn put(&self, doc: Document) -> Result<Outcome, StoreError> {
        let p = Prepared::new(doc)?;
        let mut out = self.put_batch(std::slice::from_ref(&p))?;
        Ok(out.pop().unwrap_or(Outcome::Duplicate))
    }

    /// The stored documents that have events, newest last, at most `limit`:
    /// what a cross-document linker is seeded with.
    pub fn recent_with_events(&self, limit: usize) -> Result<Vec<Document>, StoreError> {
        let rows = self.db.query(
            "SELECT doc FROM (SELECT seq, doc FROM documents WHERE events > 0 AND duplicate_of IS NULL ORDER BY seq DESC LIMIT ?) t ORDER BY seq",
            &[limit.into()],
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|r| r.into_iter().next().and_then(Value::into_string))
            .filter_map(|j| serde_json::from_str::<Document>(&j).ok())
            .collect())
    }

    pub fn search(&self, f: &Filters, page: Page) -> Result<query::SearchPage, StoreError> {
        query::search(self.backend(), f, page)
    }
    pub fn document_json(&self, id: &str) -> Result<Option<String>, StoreError> {
        query::document_json(self.backend(), id)
    }
    pub fn near_duplicates(&self, id: &str) -> Result<Vec<query::NearDuplicate>, StoreError> {
        query::near_duplicates(self.backend(), id)
    }
    pub fn contradictions(&self, id: &str) -> Result<Vec<query::StoredContradiction>, StoreError> {
        query::contradictions(self.backend(), id)
    }
    pub fn stats(&self) -> Result<query::Stats, StoreError> {
        query::stats(self.backend())
    }
    pub fn actors(
        &self,
        q: Option<&str>,
        page: Page,
    ) -> Result<query::List<query::ActorRow>, StoreError> {
        query::actors(self.backend(), q, page)
    }
    pub fn actor(&self, id: &str) -> Result<Option<query::ActorPage>, StoreError> {
        query::actor(self.backend(), id)
    }
    pub fn places(
        &self,
        q: Option<&str>,
        page: Page,
    ) -> Result<query::List<query::PlaceRow>, StoreError> {
        query::places(self.backend(), q, page)
    }
    pub fn events(
        &self,
        f: &Filters,
        page: Page,
    ) -> Result<query::List<query::EventRow>, StoreError> {
        query::events(self.backend(), f, page)
    }
    pub fn claims(
        &self,
        f: &Filters,
        page: Page,
    ) -> Result<query::List<query::ClaimRow>, StoreError> {
        query::claims(self.backend(), f, page)
    }
    pub fn timeline(&self, f: &Filters, daily: bool) -> Result<query::Timeline, StoreError> {
        query::timeline(self.backend(), f, daily)
    }
    pub fn map(&self, f: &Filters) -> Result<serde_json::Value, StoreError> {
        query::map(self.backend(), f)
    }
}

/// Documents committed per transaction by [`StoreSink`].
pub const BATCH: usize = 128;

/// Batches waiting for the writer: enough to keep it busy while analysis
/// goes on, few enough to bound memory.
const QUEUED_BATCHES: usize = 2;

type Writer = std::thread::JoinHandle<Result<(), StoreError>>;

/// A [`Sink`] into a store. Documents are handed, `batch` at a time, to a
/// writer thread that prepares them (JSON, search terms, hashes) and
/// commits each batch in one transaction, while analysis goes on: a
/// killed ingest keeps every batch it committed.
pub struct StoreSink {
    store: Store,
    pending: Vec<Document>,
    batch: usize,
    report: std::sync::Arc<std::sync::Mutex<BatchReport>>,
    tx: Option<std::sync::mpsc::SyncSender<Vec<Document>>>,
    writer: Option<Writer>,
}

impl StoreSink {
    pub fn new(store: &Store) -> Self {
        Self {
            store: store.clone(),
            pending: Vec::new(),
            batch: BATCH,
            report: Default::default(),
            tx: None,
            writer: None,
        }
    }

    pub fn with_batch(mut self, batch: usize) -> Self {
        self.batch = batch.max(1);
        self
    }

    /// The totals of committed batches, shared with the writer thread.
    pub fn report(&self) -> std::sync::Arc<std::sync::Mutex<BatchReport>> {
        std::sync::Arc::clone(&self.report)
    }

    fn start(&mut self) -> Result<&std::sync::mpsc::SyncSender<Vec<Document>>, SinkError> {
        if self.tx.is_none() {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(QUEUED_BATCHES);
            let store = self.store.clone();
            let report = std::sync::Arc::clone(&self.report);
            let handle = std::thread::Builder::new()
                .name("marsad-store-writer".into())
                .spawn(move || {
                    for docs in rx {
                        let prepared = docs
                            .into_iter()
                            .map(Prepared::new)
                            .collect::<Result<Vec<_>, _>>()?;
                        let outcomes = store.put_batch(&prepared)?;
                        let mut r = report.lock().unwrap_or_else(|e| e.into_inner());
                        for o in outcomes {
                            match o {
                                Outcome::Added => r.added += 1,
                                Outcome::NearDuplicate { .. } => {
                                    r.added += 1;
                                    r.near_duplicates += 1;
                                }
                                Outcome::Duplicate => r.duplicates += 1,
                            }
                        }
                    }
                    Ok(())
                })
                .map_err(SinkError::Io)?;
            self.writer = Some(handle);
            self.tx = Some(tx);
        }
        self.tx
            .as_ref()
            .ok_or_else(|| SinkError::Store("the store writer is gone".into()))
    }

    /// Waits for the writer; its error, if it stopped on one.
    fn join(&mut self) -> Result<(), SinkError> {
        self.tx = None;
        match self.writer.take() {
            None => Ok(()),
            Some(h) => match h.join() {
                Ok(r) => r.map_err(|e| SinkError::Store(Box::new(e))),
                Err(_) => Err(SinkError::Store("the store writer panicked".into())),
            },
        }
    }

    fn send(&mut self) -> Result<(), SinkError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let docs = std::mem::take(&mut self.pending);
        let tx = self.start()?.clone();
        if tx.send(docs).is_err() {
            // The writer stopped: report why.
            self.join()?;
            return Err(SinkError::Store("the store writer stopped".into()));
        }
        Ok(())
    }
}

impl Sink for StoreSink {
    fn write(&mut self, doc: Document) -> Result<(), SinkError> {
        self.pending.push(doc);
        if self.pending.len() >= self.batch {
            self.send()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.send()?;
        self.join()
    }
}

impl Drop for StoreSink {
    fn drop(&mut self) {
        // Whatever was sent is committed before the sink goes.
        let _ = self.join();
    }
}
