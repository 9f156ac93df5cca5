//! The committed JSON Schema must match the types. Regenerate with
//! `UPDATE_SCHEMA=1 cargo test -p marsad-core --test schema`.

use std::path::PathBuf;

#[test]
fn committed_schema_matches_the_types() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema/document.schema.json");
    let generated = serde_json::to_string_pretty(&marsad_core::document_schema()).unwrap() + "\n";
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/schema/document.schema.json is stale: run UPDATE_SCHEMA=1 cargo test -p marsad-core --test schema"
    );
}
