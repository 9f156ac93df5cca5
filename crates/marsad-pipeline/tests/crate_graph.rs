//! Stage crates meet only through the document's layers: none depends on
//! another stage crate (only on marsad-core and marsad-text).

const STAGE_CRATES: &[&str] = &[
    "marsad-ner",
    "marsad-actors",
    "marsad-places",
    "marsad-quantities",
    "marsad-dates",
];

#[test]
fn no_stage_crate_depends_on_another() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for krate in STAGE_CRATES {
        let manifest = std::fs::read_to_string(root.join(krate).join("Cargo.toml"))
            .unwrap_or_else(|e| panic!("{krate}/Cargo.toml: {e}"));
        // Every dependency table, dev-dependencies aside (tests may use more).
        let mut section = String::new();
        for line in manifest.lines() {
            let l = line.trim();
            if l.starts_with('[') {
                section = l.to_string();
                continue;
            }
            if !section.contains("dependencies") || section.contains("dev-dependencies") {
                continue;
            }
            let name = l.split(['=', '.', ' ']).next().unwrap_or("");
            assert!(
                !STAGE_CRATES.contains(&name),
                "{krate} depends on the stage crate {name}"
            );
            if name.starts_with("marsad-") {
                assert!(
                    matches!(name, "marsad-core" | "marsad-text"),
                    "{krate} depends on {name}"
                );
            }
        }
    }
}
