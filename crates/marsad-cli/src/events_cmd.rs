//! `marsad eval events FILE`: the default pipeline on gold sentences,
//! scored by `marsad_events::eval`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use marsad_core::{Document, Meta, Source};

#[derive(Args)]
pub struct EvalEvents {
    /// Gold sentences, JSON Lines: `{id, date, text, events: [{trigger, source, target, plover}]}`.
    pub file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// List the sentences where the predicted types differ from the gold ones.
    #[arg(long)]
    pub errors: bool,
}

pub fn eval(a: EvalEvents) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&a.file)
        .with_context(|| format!("cannot read {}", a.file.display()))?;
    let gold = marsad_events::eval::parse_jsonl(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", a.file.display()))?;
    let pipeline = marsad_pipeline::Pipeline::default_pipeline()?;
    let mut worker = pipeline.worker();
    let mut docs = Vec::with_capacity(gold.len());
    for g in &gold {
        let meta = Meta {
            published: g.date.as_deref().and_then(marsad_events::eval::iso_date),
            ..Meta::default()
        };
        let source = Source {
            location: a.file.display().to_string(),
            reader: "jsonl".into(),
            record: None,
        };
        let mut doc = Document::new(g.text.clone(), source, meta);
        worker
            .run(&mut doc)
            .with_context(|| format!("sentence {}", g.id))?;
        docs.push(doc);
    }
    let report = marsad_events::eval::score(&gold, &docs);
    let mut out = std::io::stdout().lock();
    if a.errors {
        for (g, d) in gold.iter().zip(&docs) {
            let mut want: Vec<&str> = g.events.iter().map(|e| e.plover.as_str()).collect();
            want.sort();
            want.dedup();
            let mut got: Vec<&str> = d.events.iter().map(|e| e.kind.name()).collect();
            got.sort();
            got.dedup();
            if want != got {
                let ev: Vec<String> = d
                    .events
                    .iter()
                    .map(|e| {
                        let roles: Vec<&str> =
                            e.participants.iter().map(|p| p.text.as_str()).collect();
                        format!("{}:{}[{}]", e.kind.name(), e.text, roles.join("|"))
                    })
                    .collect();
                writeln!(
                    out,
                    "{}\tgold {:?}\tgot {}\t{}",
                    g.id,
                    want,
                    ev.join(" "),
                    g.text
                )?;
            }
        }
    }
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(ExitCode::SUCCESS)
}
