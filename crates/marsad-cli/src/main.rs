//! `marsad`: Arabic news in, structured and traceable data out.

mod analyze;
mod bench;
mod events_cmd;
mod ingest;
mod inputs;
mod ner_cmd;
mod places_cmd;
mod queue_cmd;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use marsad_pipeline::runner::{chain, eprint_quietly};

#[derive(Parser)]
#[command(
    name = "marsad",
    version,
    about = "Arabic news in, structured and traceable data out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles (files, folders, or - for stdin) and write documents.
    Analyze(analyze::AnalyzeArgs),
    /// Analyse articles and store them (SQLite file or PostgreSQL), skipping
    /// those stored already.
    Ingest(ingest::IngestArgs),
    /// Serve the store: the JSON API and the web UI.
    Serve(marsad_server::ServeArgs),
    /// Publish articles to a NATS JetStream work queue, for `marsad worker`.
    Enqueue(queue_cmd::EnqueueArgs),
    /// Analyse documents from the work queue into the shared store.
    Worker(queue_cmd::WorkerArgs),
    /// The work queue.
    #[command(subcommand)]
    Queue(queue_cmd::QueueCommand),
    /// Print the JSON Schema of the document format.
    Schema,
    /// Score a model on gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train a model.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Build the gazetteer artefact from the source data.
    #[command(subcommand)]
    Gazetteer(places_cmd::GazetteerCommand),
    /// The actor knowledge base.
    #[command(subcommand)]
    Actors(ActorsCommand),
    /// Tag a CoNLL file with the NER model: `token gold predicted` lines.
    Tag(ner_cmd::Tag),
    /// Measure throughput (see docs/PERFORMANCE.md).
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

#[derive(Subcommand)]
enum ActorsCommand {
    /// Coverage of the knowledge base: actors, aliases, per country and kind.
    Stats {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The named-entity recogniser, from CoNLL files.
    Ner(ner_cmd::TrainNer),
    /// The NER name table (name lists and word frequencies) for `train ner --names`.
    NerNames(ner_cmd::TrainNerNames),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Entity precision, recall and F1 (exact spans, conlleval conventions).
    Ner(ner_cmd::EvalNer),
    /// Geocoding accuracy on a gold TSV (sentence, surface, expected id or lat/lon).
    Places(places_cmd::EvalPlaces),
    /// Event type recall, role overlap, false-event rate and per-type
    /// precision/recall on gold sentences (JSON Lines).
    Events(events_cmd::EvalEvents),
}

fn main() -> ExitCode {
    // A panic inside the feed parser is reported as that input's error.
    marsad_readers::quiet_feed_parser_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Serve(args) => marsad_server::serve(args).map(|()| ExitCode::SUCCESS),
        Command::Enqueue(args) => queue_cmd::enqueue(args),
        Command::Worker(args) => queue_cmd::worker(args),
        Command::Queue(cmd) => queue_cmd::queue(cmd),
        Command::Schema => print_schema(),
        Command::Bench(cmd) => bench::run(cmd),
        Command::Eval(EvalCommand::Ner(a)) => ner_cmd::eval(a),
        Command::Tag(a) => ner_cmd::tag(a),
        Command::Actors(ActorsCommand::Stats { json }) => actors_stats(json),
        Command::Train(TrainCommand::Ner(a)) => ner_cmd::train(a),
        Command::Train(TrainCommand::NerNames(a)) => ner_cmd::train_names(a),
        Command::Eval(EvalCommand::Places(a)) => places_cmd::eval(a),
        Command::Eval(EvalCommand::Events(a)) => events_cmd::eval(a),
        Command::Gazetteer(c) => places_cmd::gazetteer(c),
    };
    match result {
        Ok(code) => code,
        Err(err) if broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprint_quietly(&format_args!("error: {}", chain(err.as_ref())));
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Prints clap's help, version or usage error without panicking: help on
/// a full stdout fails (1), on a closed pipe it does not.
fn clap_exit(e: &clap::Error) -> ExitCode {
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    match e.print() {
        Ok(()) => ExitCode::from(code),
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(code),
        Err(_) if code == 0 => ExitCode::from(1),
        Err(_) => ExitCode::from(code),
    }
}

/// Writes to stdout. `println!` panics when stdout is closed or full; this
/// hands the error to `main` (a closed pipe ends quietly, others exit 1).
pub fn out(text: std::fmt::Arguments) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_fmt(text)
        .and_then(|()| stdout.flush())
        .context("cannot write to standard output")
}

/// The reader of our output went away (`marsad ... | head`): not an error.
fn broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A mistake in the command line found after parsing (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn print_schema() -> anyhow::Result<ExitCode> {
    let schema = marsad_core::document_schema();
    out(format_args!("{}\n", serde_json::to_string_pretty(&schema)?))?;
    Ok(ExitCode::SUCCESS)
}

fn actors_stats(json: bool) -> anyhow::Result<ExitCode> {
    let stats = marsad_actors::stats()?;
    if json {
        out(format_args!("{}\n", serde_json::to_string_pretty(&stats)?))?;
    } else {
        out(format_args!("{stats}\n"))?;
    }
    Ok(ExitCode::SUCCESS)
}
