//! Versioned migrations: each is applied once, in its own transaction,
//! and recorded in `schema_migrations`.

use crate::backend::{Backend, Dialect};
use crate::StoreError;

/// (version, SQLite script, PostgreSQL script).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        include_str!("../migrations/sqlite/0001_init.sql"),
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        include_str!("../migrations/sqlite/0002_lz4.sql"),
        include_str!("../migrations/postgres/0002_lz4.sql"),
    ),
    (
        3,
        include_str!("../migrations/sqlite/0003_tsv_lz4.sql"),
        include_str!("../migrations/postgres/0003_tsv_lz4.sql"),
    ),
];

/// The newest version this build knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the database to [`latest`]; refuses one made by a newer marsad.
pub fn migrate(db: &dyn Backend) -> Result<i64, StoreError> {
    let create = match db.dialect() {
        Dialect::Sqlite => {
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        }
        Dialect::Postgres => {
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)"
        }
    };
    db.transaction(&mut |c| {
        // Processes opening a new database at once (queue workers) take
        // turns: CREATE TABLE IF NOT EXISTS is not safe against itself.
        if db.dialect() == Dialect::Postgres {
            c.execute_script("SELECT pg_advisory_xact_lock(7361626164)")?;
        }
        c.execute_script(create)
    })?;
    let mut current = 0;
    for (version, sqlite, postgres) in MIGRATIONS {
        db.transaction(&mut |c| {
            // Read inside the transaction: two processes opening a new
            // database at once apply each migration once.
            if db.dialect() == Dialect::Postgres {
                c.execute_script("SELECT pg_advisory_xact_lock(7361626164)")?;
            }
            let rows = c.query(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
                &[(*version).into()],
            )?;
            let done = rows
                .first()
                .and_then(|r| r.first())
                .and_then(|v| v.as_i64())
                .unwrap_or(0)
                > 0;
            if !done {
                c.execute_script(match db.dialect() {
                    Dialect::Sqlite => sqlite,
                    Dialect::Postgres => postgres,
                })?;
                c.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    &[(*version).into(), marsad_core::time::now().into()],
                )?;
            }
            Ok(())
        })?;
        current = *version;
    }
    let rows = db.query("SELECT MAX(version) FROM schema_migrations", &[])?;
    let max = rows
        .first()
        .and_then(|r| r.first())
        .and_then(|v| v.as_i64())
        .unwrap_or(current);
    if max > latest() {
        return Err(StoreError::NewerSchema {
            db: db.describe(),
            found: max,
            known: latest(),
        });
    }
    Ok(max)
}
