//! Evaluates the gold file (what `marsad eval places FILE` does):
//! `cargo run --release -p marsad-places --example places_eval [FILE]`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer/eval/gold.tsv")
        });
    let r = marsad_places::evaluate_file(&path)?;
    print!("{}", r.to_text());
    Ok(())
}
