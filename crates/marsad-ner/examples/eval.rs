//! Scores a saved model on CoNLL files (sentences in corpus order, so a
//! two-stage model sees its document context).
//!
//! cargo run --release -p marsad-ner --example eval -- MODEL CONLL...

use marsad_ner::{evaluate, read_conll, Model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let model = Model::load(args.next().ok_or("usage: eval MODEL CONLL...")?)?;
    let mut sents = Vec::new();
    for p in args {
        sents.extend(read_conll(&p)?);
    }
    println!("{}", evaluate(&model, &sents));
    Ok(())
}
