//! Support for tests of code that uses a store (this crate's, the
//! server's, the queue's): throwaway PostgreSQL databases.

use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh database on the test server, dropped afterwards.
pub struct TestDb {
    admin: String,
    name: String,
    pub url: String,
}

impl TestDb {
    /// A new database on the server named by `MARSAD_TEST_POSTGRES`, or
    /// `None` (with a line saying the tests are skipped) when it is unset.
    pub fn create() -> Option<TestDb> {
        let Ok(admin) = std::env::var("MARSAD_TEST_POSTGRES") else {
            // Written past the test harness's capture, so that a passing
            // run still says what it did not test.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "MARSAD_TEST_POSTGRES is not set: PostgreSQL tests skipped"
            );
            return None;
        };
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "marsad_test_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        Some(TestDb::named(&admin, &name))
    }

    /// A new, empty database `name` on the server at `admin` (dropped
    /// first if a failed run left it).
    pub fn named(admin: &str, name: &str) -> TestDb {
        let mut c = postgres::Client::connect(admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("MARSAD_TEST_POSTGRES is set but unreachable: {e}"));
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap_or_else(|e| panic!("cannot drop an old test database: {e}"));
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("cannot create a test database: {e}"));
        let (base, query) = match admin.split_once('?') {
            Some((b, q)) => (b.to_string(), format!("?{q}")),
            None => (admin.to_string(), String::new()),
        };
        let slash = base
            .rfind('/')
            .filter(|&i| i > base.find("://").map_or(0, |s| s + 2))
            .unwrap_or(base.len());
        TestDb {
            admin: admin.to_string(),
            name: name.to_string(),
            url: format!("{}/{name}{query}", &base[..slash]),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
