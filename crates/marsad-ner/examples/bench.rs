//! Tagging throughput on one core and model load time.
//!
//! cargo run --release -p marsad-ner --example bench -- CONLL [MODEL]

use std::time::Instant;

use marsad_ner::{read_conll, Model, TagScratch};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = args.next().ok_or("usage: bench CONLL [MODEL]")?;
    let t0 = Instant::now();
    let model = match args.next() {
        Some(p) => Model::load(p)?,
        None => (*Model::builtin()?).clone(),
    };
    println!("model load: {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    let sents = read_conll(&data)?;
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let ntok: usize = words.iter().map(Vec::len).sum();
    let mut scratch = TagScratch::default();
    let mut entities = 0usize;
    for w in &words {
        model.tag_with(w, &mut scratch); // warm-up
    }
    let rounds = 5;
    let t = Instant::now();
    for _ in 0..rounds {
        for w in &words {
            entities += model
                .tag_with(w, &mut scratch)
                .iter()
                .filter(|t| t.is_begin())
                .count();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "sentence by sentence: tagged {} tokens x {rounds} in {:.3}s: {:.0} tokens/s on one thread ({} entity starts)",
        ntok,
        secs,
        (ntok * rounds) as f64 / secs,
        entities / rounds
    );
    // Documents of 20 sentences (two-stage models use document memory).
    let t = Instant::now();
    entities = 0;
    for _ in 0..rounds {
        for doc in words.chunks(20) {
            for tags in model.tag_document(doc) {
                entities += tags.iter().filter(|t| t.is_begin()).count();
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "documents of 20 sentences: {:.0} tokens/s on one thread ({} entity starts)",
        (ntok * rounds) as f64 / secs,
        entities / rounds
    );
    Ok(())
}
