//! The one trait a database implements. Everything above it (what rows a
//! document becomes, the queries behind search, the API's aggregates) is
//! written once, in SQL both engines read; a backend runs statements,
//! transactions and migrations, and says which full-text dialect it has.

use crate::StoreError;

/// A value bound to, or read from, a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Real(f) => Some(*f as i64),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Real(f) => Some(*f),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
    pub fn into_string(self) -> Option<String> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::Text(s.clone())
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<usize> for Value {
    fn from(i: usize) -> Self {
        Value::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Int(i64::from(b))
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Real(f)
    }
}
impl From<f32> for Value {
    fn from(f: f32) -> Self {
        Value::Real(f64::from(f))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Self {
        o.map_or(Value::Null, Into::into)
    }
}

/// One result row.
pub type Row = Vec<Value>;

/// Which SQL the engine speaks where the two differ (full text, mostly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// FTS5 table `docs_fts(rowid = documents.seq)`.
    Sqlite,
    /// A `tsv tsvector` column on `documents`, GIN-indexed.
    Postgres,
}

/// Statements inside one transaction. SQL uses `?` placeholders; a
/// backend whose engine numbers them (`$1`) rewrites them.
pub trait Conn {
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    /// Runs a query; its rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError>;
    /// Runs several `;`-separated statements without parameters (migrations).
    fn execute_script(&mut self, sql: &str) -> Result<(), StoreError>;
    /// Inserts many rows through a one-row statement `INSERT INTO t (…)
    /// VALUES (…) …` whose group holds `width` placeholders; `rows` holds
    /// the values row after row. Returns what a `RETURNING` clause gives.
    /// By default, multi-row `VALUES` statements of up to
    /// [`ROWS_PER_STATEMENT`] rows.
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
        let mut out = Vec::new();
        for chunk in rows.chunks(width * ROWS_PER_STATEMENT) {
            let sql = one.values(chunk.len() / width);
            if one.returns() {
                out.extend(self.query(&sql, chunk)?);
            } else {
                self.execute(&sql, chunk)?;
            }
        }
        Ok(out)
    }
}

/// Runs a statement that is not a one-row `INSERT … VALUES (…)` once per
/// row of `width` values.
pub fn insert_each<C: Conn + ?Sized>(
    c: &mut C,
    sql: &str,
    width: usize,
    rows: &[Value],
) -> Result<Vec<Row>, StoreError> {
    let mut out = Vec::new();
    for r in rows.chunks(width.max(1)) {
        out.extend(c.query(sql, r)?);
    }
    Ok(out)
}

/// Most rows in one multi-row `VALUES` statement; both engines allow far
/// more parameters.
pub const ROWS_PER_STATEMENT: usize = 256;

/// A one-row `INSERT … VALUES (group) tail`, cut where rows repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneRowInsert<'a> {
    /// Up to `VALUES` (excluded), with its trailing space.
    pub head: &'a str,
    /// The row group with its parentheses: `(?, ?, lower(?))`.
    pub group: &'a str,
    /// What follows the group (`ON CONFLICT …`, `RETURNING …`).
    pub tail: &'a str,
}

impl<'a> OneRowInsert<'a> {
    pub fn parse(sql: &'a str) -> Option<Self> {
        let at = sql.find(" VALUES (")?;
        let open = at + " VALUES ".len();
        let mut depth = 0usize;
        let mut quoted = false;
        for (i, c) in sql[open..].char_indices() {
            match c {
                '\'' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        let end = open + i + 1;
                        return Some(Self {
                            head: &sql[..=at],
                            group: &sql[open..end],
                            tail: &sql[end..],
                        });
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Whether the statement returns rows.
    pub fn returns(&self) -> bool {
        self.tail.contains("RETURNING")
    }

    /// The statement for `k` rows.
    pub fn values(&self, k: usize) -> String {
        let groups = vec![self.group; k.max(1)].join(", ");
        format!("{}VALUES {groups}{}", self.head, self.tail)
    }

    /// The group's expressions with the `i`-th placeholder (from 1) as
    /// `name(i)`, without the parentheses.
    pub fn select_list(&self, name: impl FnMut(usize) -> String) -> String {
        replace_placeholders(&self.group[1..self.group.len() - 1], name)
    }
}

/// Each `?` outside string literals replaced by `name(n)`, `n` counting
/// from 1.
fn replace_placeholders(sql: &str, mut name: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                n += 1;
                out.push_str(&name(n));
            }
            _ => out.push(c),
        }
    }
    out
}

/// A database marsad can store documents in.
pub trait Backend: Send + Sync {
    fn dialect(&self) -> Dialect;
    /// Where it is, for messages (a path, or a URL without its password).
    fn describe(&self) -> String;
    /// Runs `f` in one transaction, committed when `f` succeeds and rolled
    /// back otherwise.
    fn transaction(
        &self,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// A read-only query outside any transaction of ours.
    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError>;
    /// After a bulk write: refresh the planner's statistics and merge
    /// pending index entries, so that searches use the indexes.
    fn optimize(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// `?` → `$1`, `$2`, … (outside string literals).
pub fn number_placeholders(sql: &str) -> String {
    replace_placeholders(sql, |n| format!("${n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_inserts_are_cut_at_their_group() {
        let sql = "INSERT INTO d (a, b, t) VALUES (?, ?, setweight(to_tsvector('simple', ?), 'A')) ON CONFLICT (a) DO NOTHING RETURNING a";
        let one = OneRowInsert::parse(sql).expect("parses");
        assert_eq!(one.head, "INSERT INTO d (a, b, t) ");
        assert_eq!(
            one.group,
            "(?, ?, setweight(to_tsvector('simple', ?), 'A'))"
        );
        assert_eq!(one.tail, " ON CONFLICT (a) DO NOTHING RETURNING a");
        assert!(one.returns());
        assert_eq!(
            OneRowInsert::parse("INSERT INTO t (x) VALUES (?) ON CONFLICT DO NOTHING")
                .expect("parses")
                .values(2),
            "INSERT INTO t (x) VALUES (?), (?) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            one.select_list(|i| format!("u.c{i}")),
            "u.c1, u.c2, setweight(to_tsvector('simple', u.c3), 'A')"
        );
        assert_eq!(OneRowInsert::parse("INSERT INTO t (x) VALUES (?"), None);
        assert_eq!(OneRowInsert::parse("DELETE FROM t"), None);
    }

    #[test]
    fn placeholders_are_numbered_outside_literals() {
        assert_eq!(
            number_placeholders("SELECT '?' FROM t WHERE a = ? AND b IN (?, ?)"),
            "SELECT '?' FROM t WHERE a = $1 AND b IN ($2, $3)"
        );
    }
}
