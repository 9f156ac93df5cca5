//! `marsad analyze`: read inputs, run the pipeline, write documents.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use marsad_core::Sink;
use marsad_pipeline::runner::{eprint_quietly, Bar, Quiet};
use marsad_pipeline::{PipelineError, Progress, Registry, Runner, DEFAULT_STAGES};
use marsad_writers::{Bidi, Format as OutFormat, Options, OutputFile};

use crate::inputs;
use crate::UsageError;

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
    #[command(flatten)]
    pub read: inputs::ReadArgs,
    /// Include tokens (with their clitic analysis) in the output.
    #[arg(long)]
    pub tokens: bool,
    /// Documents analysed in parallel (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Stages to run, comma-separated: text, words, ner, actors, places,
    /// quantities, dates, events (default: all but words, which is added). A stage's
    /// prerequisites are added (places brings words), and stages run in the
    /// order their layers require, whatever the order given.
    #[arg(long, value_delimiter = ',', value_name = "STAGES")]
    pub stages: Option<Vec<String>>,
    /// How `--format text` writes right-to-left text: `logical` for
    /// terminals that apply the bidi algorithm, `visual` for those that do not.
    #[arg(long, value_enum, default_value_t = Bidi::Logical)]
    pub bidi: Bidi,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
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

/// Said before reading a terminal when no path was given: otherwise
/// marsad seems to hang.
fn stdin_hint(paths: &[String], stdin_is_terminal: bool) -> Option<&'static str> {
    (paths.is_empty() && stdin_is_terminal).then_some(
        "reading standard input (end with Ctrl-D); pass files or folders to analyse them",
    )
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let names: Vec<String> = match &args.stages {
        Some(s) => s.iter().map(|x| x.trim().to_string()).collect(),
        None => DEFAULT_STAGES.iter().map(|s| s.to_string()).collect(),
    };
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let pipeline = Registry::builtin().build(&refs).map_err(|e| match e {
        PipelineError::Setup { .. } => anyhow::Error::new(e).context("cannot build the pipeline"),
        other => anyhow::Error::new(UsageError(format!("--stages: {other}"))),
    })?;

    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let runner = Runner::new(pipeline, threads)?;

    if let Some(hint) = stdin_hint(&args.paths, std::io::stdin().is_terminal()) {
        eprint_quietly(&hint);
    }
    let (inputs, errors) = inputs::expand(&args.paths);
    let opts = args.read.options();

    let mut file = match &args.out {
        Some(path) => Some(
            OutputFile::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => None,
    };
    let color = args.out.is_none() && std::io::stdout().is_terminal();
    let wopts = Options {
        tokens: args.tokens,
        bidi: args.bidi,
        color,
    };

    let progress: Box<dyn Progress> = if args.quiet {
        Box::new(Quiet)
    } else {
        Box::new(Bar::new(inputs.len()))
    };
    let failed_paths = errors.len();
    for e in errors {
        progress.error(&e);
    }
    let feed = inputs::feed(&inputs, &opts);

    let stats = {
        let out: Box<dyn Write> = match file.as_mut() {
            Some(f) => Box::new(f),
            None => Box::new(BufWriter::new(std::io::stdout().lock())),
        };
        let inner = marsad_writers::sink(args.format, out, wopts);
        // With events, later documents are checked against earlier ones.
        let mut sink: Box<dyn Sink + '_> = if runner.pipeline().stage_names().contains(&"events") {
            Box::new(marsad_events::across::AcrossSink::new(inner))
        } else {
            inner
        };
        let stats = runner.run(feed, sink.as_mut(), progress.as_ref());
        progress.finish();
        let stats = stats.context("cannot write the output")?;
        sink.finish().context("cannot write the output")?;
        stats
    };
    if let Some(f) = file {
        let path = f.path().to_path_buf();
        f.commit()
            .with_context(|| format!("cannot move the output into {}", path.display()))?;
    }
    let failed = stats.failed + failed_paths;
    Ok(if failed > 0 {
        eprint_quietly(&format_args!(
            "{failed} input(s) or record(s) failed; the rest were written"
        ));
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::{parse_size, stdin_hint};

    #[test]
    fn hint_only_for_a_terminal_and_no_paths() {
        assert!(stdin_hint(&[], true).is_some_and(|h| h.contains("Ctrl-D")));
        assert_eq!(stdin_hint(&[], false), None);
        assert_eq!(stdin_hint(&["-".into()], true), None);
        assert_eq!(stdin_hint(&["a.txt".into()], true), None);
    }

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
