//! `marsad analyze`: read inputs, run the pipeline, write documents.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_core::Document;
use marsad_pipeline::{Pipeline, PipelineError, Registry, Worker, DEFAULT_STAGES};
use marsad_readers::{Format, ReadOptions};
use rayon::prelude::*;

use crate::inputs::{self, Input};
use crate::output::{Bidi, OutFormat, Writer};
use crate::UsageError;

/// Documents analysed together; bounds memory on huge inputs while
/// keeping every thread busy and the output in input order.
const BATCH: usize = 256;

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Files or folders to read (folders recursively); `-` or nothing for stdin.
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutFormat::Json)]
    pub format: OutFormat,
    /// Write to FILE instead of stdout (a regular file is written whole, then renamed into place; a device or pipe such as /dev/null is written directly).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Input format, instead of guessing from the name and content:
    /// text, html, jsonl, feed, warc.
    #[arg(long = "format-in", value_name = "FORMAT", value_parser = parse_format)]
    pub format_in: Option<Format>,
    /// Include tokens (with their clitic analysis) in the output.
    #[arg(long)]
    pub tokens: bool,
    /// Documents analysed in parallel (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Replace invalid UTF-8 with U+FFFD instead of rejecting the input.
    #[arg(long)]
    pub lossy: bool,
    /// Largest document accepted, in bytes (suffixes K, M, G; binary).
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = parse_size)]
    pub max_bytes: u64,
    /// Stages to run, comma-separated (default: all shipped stages).
    #[arg(long, value_delimiter = ',')]
    pub stages: Option<Vec<String>>,
    /// How `--format text` writes right-to-left text: `logical` for
    /// terminals that apply the bidi algorithm, `visual` for those that do not.
    #[arg(long, value_enum, default_value_t = Bidi::Logical)]
    pub bidi: Bidi,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse::<Format>().map_err(|e| e.to_string())
}

/// Parses `1048576`, `64K`, `64M`, `1G` (binary multiples).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'B' => 1,
                _ => return Err(format!("unknown size suffix in {s:?} (use K, M or G)")),
            };
            (&t[..i], m)
        }
        _ => (t, 1),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s:?}"))?;
    n.checked_mul(mult)
        .filter(|&v| v > 0)
        .ok_or_else(|| format!("size out of range: {s:?}"))
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let names: Vec<String> = match &args.stages {
        Some(s) => s.iter().map(|x| x.trim().to_string()).collect(),
        None => DEFAULT_STAGES.iter().map(|s| s.to_string()).collect(),
    };
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let pipeline = Registry::builtin().build(&refs).map_err(|e| match e {
        PipelineError::UnknownStage { .. } | PipelineError::MissingDependency { .. } => {
            anyhow::Error::new(UsageError(format!("--stages: {e}")))
        }
        other => anyhow::Error::new(other).context("cannot build the pipeline"),
    })?;

    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    // One worker per thread for the whole run: stages keep per-thread
    // caches (the NER word cache) in their scratch.
    let workers: Vec<Mutex<Worker>> = (0..threads)
        .map(|_| Mutex::new(pipeline.worker()))
        .collect();

    let (inputs, mut errors) = inputs::expand(&args.paths);
    let mut failed = errors.len();
    let opts = ReadOptions {
        format: args.format_in,
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };

    // A regular file is written whole, then renamed into place, so a
    // failed run never leaves half of one; a device, pipe or link
    // (`/dev/null`, a FIFO) is written directly: a rename would replace it.
    let atomic = args.out.as_deref().is_some_and(renames_into);
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(if atomic { tmp_path(path) } else { path.clone() })
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let color = args.out.is_none() && std::io::stdout().is_terminal();
    let mut writer = Writer::new(args.format, sink, args.tokens, args.bidi, color);

    // Drawn only when stderr is a terminal (indicatif hides it otherwise).
    let progress = if args.quiet {
        ProgressBar::hidden()
    } else {
        let pb =
            ProgressBar::with_draw_target(Some(inputs.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files {msg}",
        ) {
            pb.set_style(style);
        }
        pb
    };
    for e in errors.drain(..) {
        progress.suspend(|| eprintln!("marsad: {e}"));
    }

    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let flush_batch = |batch: &mut Vec<Document>, writer: &mut Writer<Box<dyn Write>>| {
        flush(&pool, &pipeline, &workers, batch, writer, &progress)
    };
    let mut written = 0usize;
    for input in &inputs {
        let docs = match input {
            Input::Stdin => marsad_readers::read_reader("-", std::io::stdin(), &opts),
            Input::File(p) => marsad_readers::read_path(p, &opts),
        };
        match docs {
            Err(e) => {
                failed += 1;
                progress.suspend(|| eprintln!("marsad: {e}"));
            }
            Ok(docs) => {
                for item in docs {
                    match item {
                        Ok(doc) => {
                            batch.push(doc);
                            if batch.len() >= BATCH {
                                failed += flush_batch(&mut batch, &mut writer)?;
                                written += BATCH;
                                progress.set_message(format!("{written} documents"));
                                progress.tick();
                            }
                        }
                        Err(e) => {
                            failed += 1;
                            progress.suspend(|| eprintln!("marsad: {e}"));
                        }
                    }
                }
            }
        }
        progress.inc(1);
    }
    failed += flush_batch(&mut batch, &mut writer)?;
    progress.finish_and_clear();
    writer.finish().context("cannot write the output")?;
    if let Some(path) = args.out.as_ref().filter(|_| atomic) {
        std::fs::rename(tmp_path(path), path)
            .with_context(|| format!("cannot move the output into {}", path.display()))?;
    }
    Ok(if failed > 0 {
        eprintln!("marsad: {failed} input(s) or record(s) failed; the rest were written");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether `--out` goes through a temporary file: when the target is a
/// regular file or does not exist yet.
fn renames_into(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).map_or(true, |m| m.file_type().is_file())
}

/// Where `--out FILE` is written before it is complete.
fn tmp_path(path: &std::path::Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// Analyses a batch in parallel, writes it in order; returns the number
/// of documents a stage failed on.
fn flush(
    pool: &rayon::ThreadPool,
    pipeline: &Pipeline,
    workers: &[Mutex<Worker>],
    batch: &mut Vec<Document>,
    writer: &mut Writer<Box<dyn Write>>,
    progress: &ProgressBar,
) -> Result<usize> {
    let results: Vec<_> = pool.install(|| {
        batch
            .par_iter_mut()
            .map(|doc| {
                let i = rayon::current_thread_index().unwrap_or(0) % workers.len().max(1);
                match workers.get(i) {
                    // A poisoned lock only means another document panicked;
                    // the scratch is still usable.
                    Some(w) => w.lock().unwrap_or_else(|e| e.into_inner()).run(doc),
                    None => pipeline.worker().run(doc),
                }
            })
            .collect()
    });
    let mut failed = 0;
    for (doc, res) in batch.drain(..).zip(results) {
        match res {
            Ok(()) => writer.write(doc).context("cannot write the output")?,
            Err(e) => {
                failed += 1;
                let name = match doc.source.record {
                    Some(r) => format!("{}: record {r}", doc.source.location),
                    None => doc.source.location.clone(),
                };
                progress.suspend(|| eprintln!("marsad: {name}: {e}"));
            }
        }
    }
    Ok(failed)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("abc").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
