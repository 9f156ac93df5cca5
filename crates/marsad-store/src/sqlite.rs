//! The embedded SQLite backend (the default): one file, WAL journal so a
//! killed process loses only its uncommitted transaction, one writer and
//! a few readers.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, ToSql};

use crate::backend::{Backend, Conn, Dialect, Row, Value};
use crate::StoreError;

/// Readers kept open for queries.
const READERS: usize = 4;

pub struct Sqlite {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

fn err(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError::Database {
        db: path.display().to_string(),
        source: Box::new(e),
    }
}

fn open_conn(path: &Path, flags: OpenFlags) -> Result<Connection, StoreError> {
    let c = Connection::open_with_flags(path, flags).map_err(err(path))?;
    c.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(err(path))?;
    c.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32000;")
        .map_err(err(path))?;
    Ok(c)
}

impl Sqlite {
    /// Opens (creating it and its folder if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Database {
                db: path.display().to_string(),
                source: Box::new(e),
            })?;
        }
        let writer = open_conn(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Ok(Self {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    fn reader(&self) -> Result<Connection, StoreError> {
        let pooled = self.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match pooled {
            Some(c) => Ok(c),
            None => open_conn(
                &self.path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ),
        }
    }

    fn give_back(&self, c: Connection) {
        let mut pool = self.readers.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < READERS {
            pool.push(c);
        }
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Real(f) => ToSqlOutput::Borrowed(ValueRef::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

fn read_row(row: &rusqlite::Row<'_>, n: usize) -> rusqlite::Result<Row> {
    (0..n)
        .map(|i| {
            Ok(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::Int(i),
                ValueRef::Real(f) => Value::Real(f),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::Text(String::from_utf8_lossy(b).into_owned()),
            })
        })
        .collect()
}

fn run_query(c: &Connection, sql: &str, params: &[Value]) -> rusqlite::Result<Vec<Row>> {
    let mut st = c.prepare_cached(sql)?;
    let n = st.column_count();
    let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        read_row(r, n)
    })?;
    rows.collect()
}

struct Tx<'a> {
    c: &'a Connection,
    path: &'a Path,
}

impl Conn for Tx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut st = self.c.prepare_cached(sql).map_err(err(self.path))?;
        st.execute(rusqlite::params_from_iter(params.iter()))
            .map(|n| n as u64)
            .map_err(err(self.path))
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        run_query(self.c, sql, params).map_err(err(self.path))
    }
    fn execute_script(&mut self, sql: &str) -> Result<(), StoreError> {
        self.c.execute_batch(sql).map_err(err(self.path))
    }
}

impl Backend for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn transaction(
        &self,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut c = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let tx = c
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err(&self.path))?;
        f(&mut Tx {
            c: &tx,
            path: &self.path,
        })?;
        tx.commit().map_err(err(&self.path))
    }

    fn optimize(&self) -> Result<(), StoreError> {
        let c = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        c.execute_batch("PRAGMA optimize;").map_err(err(&self.path))
    }

    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let c = self.reader()?;
        let out = run_query(&c, sql, params).map_err(err(&self.path));
        self.give_back(c);
        out
    }
}
