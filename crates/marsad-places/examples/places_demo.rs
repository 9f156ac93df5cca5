//! Prints the places of each stdin line: `echo 'قصف على حلب' | cargo run
//! --release -p marsad-places --example places_demo`.

use std::io::BufRead;
use std::time::Instant;

use marsad_core::{Document, Meta, Source};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let g = marsad_places::Gazetteer::embedded()?;
    eprintln!("load {:?} ({} places)", t.elapsed(), g.len());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let mut d = Document::new(line, Source::default(), Meta::default());
        let t = Instant::now();
        marsad_places::resolve_places(&g, &mut d);
        let el = t.elapsed();
        println!("{} [{el:?}]", d.text);
        for p in &d.places {
            let m: Vec<&str> = p.mentions.iter().map(|m| m.text.as_str()).collect();
            println!(
                "  {:?} {} {} {:?} {:?} {:?} {:?} conf={} res={} {:?}",
                m,
                p.id,
                p.name,
                p.name_en,
                p.place_type,
                p.precision,
                p.country,
                p.confidence,
                p.resolved,
                p.candidates
                    .iter()
                    .map(|c| format!("{} {} {:.1}", c.id, c.name, c.score))
                    .collect::<Vec<_>>()
            );
        }
    }
    Ok(())
}
