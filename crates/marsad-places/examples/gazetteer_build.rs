//! Rebuilds `data/gazetteer/gazetteer.bin` (what `marsad gazetteer build`
//! does): `cargo run --release -p marsad-places --example gazetteer_build
//! [SHARED_DIR] [OUT_DIR]`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut args = std::env::args().skip(1);
    let shared = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/gazetteer"));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("data/gazetteer"));
    let r = marsad_places::build_gazetteer(&shared, &out)?;
    println!(
        "{}: {} bytes, {} places, {} keys, {} curated rows",
        r.path.display(),
        r.bytes,
        r.places,
        r.keys,
        r.curated
    );
    Ok(())
}
