//! The PostgreSQL backend, for a team sharing one server: a few client
//! connections, prepared statements cached per connection.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::Mutex;

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use crate::backend::{number_placeholders, Backend, Conn, Dialect, Row, Value};
use crate::StoreError;

/// Connections kept open.
const POOL: usize = 4;

struct Pooled {
    client: Client,
    statements: HashMap<String, Statement>,
}

pub struct Postgres {
    url: String,
    shown: String,
    pool: Mutex<Vec<Pooled>>,
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
            pool: Mutex::new(Vec::new()),
        };
        let first = pg.checkout()?;
        pg.checkin(first);
        Ok(pg)
    }

    fn err(&self, e: postgres::Error) -> StoreError {
        StoreError::Database {
            db: self.shown.clone(),
            source: Box::new(e),
        }
    }

    fn checkout(&self) -> Result<Pooled, StoreError> {
        let pooled = self.pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match pooled {
            Some(p) if !p.client.is_closed() => Ok(p),
            _ => {
                let client = Client::connect(&self.url, NoTls).map_err(|e| self.err(e))?;
                Ok(Pooled {
                    client,
                    statements: HashMap::new(),
                })
            }
        }
    }

    fn checkin(&self, p: Pooled) {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < POOL && !p.client.is_closed() {
            pool.push(p);
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
        self.checkin(p);
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
        let result = (|| {
            let mut tx = p.client.transaction().map_err(|e| self.err(e))?;
            f(&mut Tx {
                tx: &mut tx,
                statements: &mut p.statements,
                pg: self,
            })?;
            tx.commit().map_err(|e| self.err(e))
        })();
        self.checkin(p);
        result
    }

    fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut p = self.checkout()?;
        let result = (|| {
            let st = prepared(&mut p.statements, &mut p.client, sql).map_err(|e| self.err(e))?;
            let rows = p
                .client
                .query(&st, &params(values))
                .map_err(|e| self.err(e))?;
            rows.iter()
                .map(read_row)
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))
        })();
        self.checkin(p);
        result
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
