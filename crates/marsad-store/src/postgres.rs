//! The PostgreSQL backend, for a team sharing one server: a few client
//! connections, prepared statements cached per connection.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::{Condvar, Mutex};

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use crate::backend::{
    insert_each, number_placeholders, Backend, Conn, Dialect, OneRowInsert, Row, Value,
};
use crate::StoreError;

/// Connections open at once, in normal use. Callers beyond it wait for
/// one to come back rather than open their own: a PostgreSQL connection
/// is a server process, and starting one costs the server more CPU than
/// storing a document.
const POOL: usize = 8;

/// How long a caller waits for a pooled connection before it opens one
/// more anyway (so that no caller can wait forever on another).
const POOL_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

struct Pooled {
    client: Client,
    statements: HashMap<String, Statement>,
}

#[derive(Default)]
struct Pool {
    idle: Vec<Pooled>,
    /// Connections open, idle or in use.
    open: usize,
}

pub struct Postgres {
    url: String,
    shown: String,
    pool: Mutex<Pool>,
    returned: Condvar,
}

/// The URL with its password hidden.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &userinfo[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Postgres {
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let pg = Self {
            url: url.to_string(),
            shown: redact(url),
            pool: Mutex::new(Pool::default()),
            returned: Condvar::new(),
        };
        drop(pg.checkout()?);
        Ok(pg)
    }

    fn err(&self, e: postgres::Error) -> StoreError {
        StoreError::Database {
            db: self.shown.clone(),
            source: Box::new(e),
        }
    }

    fn err_text(&self, e: String) -> StoreError {
        StoreError::Database {
            db: self.shown.clone(),
            source: e.into(),
        }
    }

    /// An idle connection, a new one while fewer than [`POOL`] are open,
    /// or, after waiting [`POOL_WAIT`] for one to come back, a new one.
    fn checkout(&self) -> Result<Lease<'_>, StoreError> {
        let deadline = std::time::Instant::now() + POOL_WAIT;
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            while let Some(p) = pool.idle.pop() {
                if !p.client.is_closed() {
                    return Ok(Lease {
                        pg: self,
                        p: Some(p),
                    });
                }
                pool.open = pool.open.saturating_sub(1);
            }
            let now = std::time::Instant::now();
            if pool.open < POOL || now >= deadline {
                break;
            }
            pool = self
                .returned
                .wait_timeout(pool, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        pool.open += 1;
        drop(pool);
        match Client::connect(&self.url, NoTls) {
            Ok(client) => Ok(Lease {
                pg: self,
                p: Some(Pooled {
                    client,
                    statements: HashMap::new(),
                }),
            }),
            Err(e) => {
                let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
                pool.open = pool.open.saturating_sub(1);
                drop(pool);
                self.returned.notify_one();
                Err(self.err(e))
            }
        }
    }

    /// Hands a connection back; one beyond [`POOL`], or broken, is closed.
    fn checkin(&self, p: Pooled) {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if pool.idle.len() < POOL && !p.client.is_closed() {
            pool.idle.push(p);
        } else {
            pool.open = pool.open.saturating_sub(1);
        }
        drop(pool);
        self.returned.notify_one();
    }
}

/// A pooled connection, handed back when dropped (a panicking caller
/// included).
struct Lease<'a> {
    pg: &'a Postgres,
    p: Option<Pooled>,
}

impl std::ops::Deref for Lease<'_> {
    type Target = Pooled;
    fn deref(&self) -> &Pooled {
        self.p
            .as_ref()
            .unwrap_or_else(|| unreachable!("taken only in drop"))
    }
}

impl std::ops::DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut Pooled {
        self.p
            .as_mut()
            .unwrap_or_else(|| unreachable!("taken only in drop"))
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(p) = self.p.take() {
            self.pg.checkin(p);
        }
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::INT8 => (*f as i64).to_sql(ty, out),
                _ => f.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn read_row(row: &postgres::Row) -> Result<Row, postgres::Error> {
    let mut out = Vec::with_capacity(row.len());
    for (i, col) in row.columns().iter().enumerate() {
        let v = match *col.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(v.into())),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(v.into())),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(i)?
                .map(|v| Value::Real(v.into())),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)?
                .map(|b| Value::Int(b.into())),
            // Types marsad's schema does not use read as NULL, not as an error.
            _ => row
                .try_get::<_, Option<String>>(i)
                .ok()
                .flatten()
                .map(Value::Text),
        };
        out.push(v.unwrap_or(Value::Null));
    }
    Ok(out)
}

fn params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

/// The statement for `sql`, prepared once per connection.
fn prepared(
    statements: &mut HashMap<String, Statement>,
    tx: &mut impl postgres::GenericClient,
    sql: &str,
) -> Result<Statement, postgres::Error> {
    if let Some(s) = statements.get(sql) {
        return Ok(s.clone());
    }
    let st = tx.prepare(&number_placeholders(sql))?;
    statements.insert(sql.to_string(), st.clone());
    Ok(st)
}

struct Tx<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    statements: &'a mut HashMap<String, Statement>,
    pg: &'a Postgres,
}

impl Conn for Tx<'_, '_> {
    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64, StoreError> {
        let st = prepared(self.statements, self.tx, sql).map_err(|e| self.pg.err(e))?;
        self.tx
            .execute(&st, &params(values))
            .map_err(|e| self.pg.err(e))
    }
    fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Row>, StoreError> {
        let st = prepared(self.statements, self.tx, sql).map_err(|e| self.pg.err(e))?;
        let rows = self
            .tx
            .query(&st, &params(values))
            .map_err(|e| self.pg.err(e))?;
        rows.iter()
            .map(read_row)
            .collect::<Result<_, _>>()
            .map_err(|e| self.pg.err(e))
    }
    fn execute_script(&mut self, sql: &str) -> Result<(), StoreError> {
        self.tx.batch_execute(sql).map_err(|e| self.pg.err(e))
    }

    /// One statement whatever the number of rows: each column goes as an
    /// array and `unnest` turns them back into rows. The statement text
    /// never changes, so the server parses it once per connection (a
    /// multi-row `VALUES` is a new statement for every row count).
    fn insert_rows(
        &mut self,
        sql: &str,
        width: usize,
        rows: &[Value],
    ) -> Result<Vec<Row>, StoreError> {
        let width = width.max(1);
        let Some(one) = OneRowInsert::parse(sql) else {
            return insert_each(self, sql, width, rows);
        };
        let key = format!("unnest\u{0}{sql}");
        let st = match self.statements.get(&key) {
            Some(st) => st.clone(),
            None => {
                // The one-row statement tells the columns' types.
                let row = prepared(self.statements, self.tx, sql).map_err(|e| self.pg.err(e))?;
                let types = row.params();
                if types.len() != width {
                    return Err(self.pg.err_text(format!(
                        "{sql}: {} placeholders, {width} values a row",
                        types.len()
                    )));
                }
                let arrays = types
                    .iter()
                    .enumerate()
                    .map(|(i, t)| format!("${}::{}[]", i + 1, t.name()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let names = (1..=width)
                    .map(|i| format!("c{i}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let text = format!(
                    "{}SELECT {} FROM unnest({arrays}) AS u({names}){}",
                    one.head,
                    one.select_list(|i| format!("u.c{i}")),
                    one.tail
                );
                let st = self.tx.prepare(&text).map_err(|e| self.pg.err(e))?;
                self.statements.insert(key, st.clone());
                st
            }
        };
        let columns: Vec<Vec<&Value>> = (0..width)
            .map(|j| rows.iter().skip(j).step_by(width).collect())
            .collect();
        let params: Vec<&(dyn ToSql + Sync)> =
            columns.iter().map(|c| c as &(dyn ToSql + Sync)).collect();
        let out = self.tx.query(&st, &params).map_err(|e| self.pg.err(e))?;
        out.iter()
            .map(read_row)
            .collect::<Result<_, _>>()
            .map_err(|e| self.pg.err(e))
    }
}

impl Backend for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn optimize(&self) -> Result<(), StoreError> {
        let mut p = self.checkout()?;
        // VACUUM merges the full-text index's pending list; without fresh
        // statistics the planner scans the whole table for every search.
        // One statement per call: several would share one implicit
        // transaction, where VACUUM may not run.
        let r = p
            .client
            .batch_execute("VACUUM (ANALYZE) documents")
            .and_then(|()| {
                p.client.batch_execute(
                    "ANALYZE events, event_actors, doc_places, doc_actors, claims, places, actors",
                )
            })
            .map_err(|e| self.err(e));
        drop(p);
        r
    }

    fn describe(&self) -> String {
        self.shown.clone()
    }

    fn transaction(
        &self,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut p = self.checkout()?;
        let p = &mut *p;
        let mut tx = p.client.transaction().map_err(|e| self.err(e))?;
        f(&mut Tx {
            tx: &mut tx,
            statements: &mut p.statements,
            pg: self,
        })?;
        tx.commit().map_err(|e| self.err(e))
    }

    fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut p = self.checkout()?;
        let p = &mut *p;
        let st = prepared(&mut p.statements, &mut p.client, sql).map_err(|e| self.err(e))?;
        let rows = p
            .client
            .query(&st, &params(values))
            .map_err(|e| self.err(e))?;
        rows.iter()
            .map(read_row)
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("postgres://h/db"), "postgres://h/db");
    }
}
