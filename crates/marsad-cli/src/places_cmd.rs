//! `marsad gazetteer build` and `marsad eval places`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum GazetteerCommand {
    /// Compile the gazetteer sources (Who's On First, GeoNames, the curated
    /// file) into the artefact marsad embeds; rebuilt byte for byte.
    Build(GazetteerBuild),
}

#[derive(Args)]
pub struct GazetteerBuild {
    /// Folder with wof_mena_gazetteer.tsv, geonames_cities500_arabic.tsv, geonames_countries.json.
    #[arg(long, default_value = "../shared/data/gazetteer")]
    pub sources: PathBuf,
    /// Folder holding curated.tsv, where gazetteer.bin is written.
    #[arg(long, default_value = "data/gazetteer")]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct EvalPlaces {
    /// Gold TSV (default: the project's gold file).
    #[arg(default_value = "data/gazetteer/eval/gold.tsv")]
    pub file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn gazetteer(c: GazetteerCommand) -> Result<ExitCode> {
    match c {
        GazetteerCommand::Build(b) => {
            let r = marsad_places::build_gazetteer(&b.sources, &b.out).with_context(|| {
                format!("cannot build the gazetteer from {}", b.sources.display())
            })?;
            println!(
                "wrote {} ({} bytes): {} places, {} keys, {} curated rows",
                r.path.display(),
                r.bytes,
                r.places,
                r.keys,
                r.curated
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn eval(a: EvalPlaces) -> Result<ExitCode> {
    let report = marsad_places::evaluate_file(&a.file)
        .with_context(|| format!("cannot evaluate {}", a.file.display()))?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.to_text());
    }
    Ok(ExitCode::SUCCESS)
}
