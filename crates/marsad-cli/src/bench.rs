//! `marsad bench`: throughput measurements printed as Markdown, with the
//! machine and the command, optionally written into docs/PERFORMANCE.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use marsad_core::Document;
use marsad_pipeline::Registry;
use marsad_readers::ReadOptions;

const DEFAULT_CORPUS: &str = "../shared/data/news/saudinewsnet.jsonl.zst";

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Reading + the Arabic text layer (normalise, tokenise, clitics, sentences), one thread.
    Text(TextBench),
    /// Reading + the whole default pipeline (text, NER, places, ...), one thread.
    Pipeline(PipelineBench),
    /// Search latency over a filled store (`marsad ingest` first).
    Search(SearchBench),
}

#[derive(Args)]
pub struct SearchBench {
    /// The store to query (SQLite file or postgres://…).
    #[arg(long)]
    pub db: String,
    /// Queries to time: words of stored titles, one or two per query.
    #[arg(long, default_value_t = 500)]
    pub queries: usize,
    /// Also write the table into this Markdown file, between the
    /// `<!-- BEGIN bench-search-BACKEND -->` and `<!-- END … -->` markers.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

/// What both benchmarks take.
#[derive(Args)]
pub struct Corpus {
    /// Corpus to read (any format marsad reads).
    #[arg(long, default_value = DEFAULT_CORPUS)]
    pub input: PathBuf,
    /// Documents to use.
    #[arg(long, default_value_t = 5000)]
    pub limit: usize,
}

#[derive(Args)]
pub struct TextBench {
    #[command(flatten)]
    pub corpus: Corpus,
    /// Timed repetitions of the text layer (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Also write the table into this Markdown file, between the
    /// `<!-- BEGIN bench-text -->` and `<!-- END bench-text -->` markers.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

#[derive(Args)]
pub struct PipelineBench {
    #[command(flatten)]
    pub corpus: Corpus,
    /// Timed repetitions of the pipeline (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Stages to run instead of the default ones (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub stages: Option<Vec<String>>,
    /// Also write the tables into this Markdown file, between the
    /// `<!-- BEGIN bench-pipeline -->` and `<!-- END bench-pipeline -->` markers.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

pub fn run(cmd: BenchCommand) -> Result<ExitCode> {
    match cmd {
        BenchCommand::Text(b) => measure(&b.corpus, b.runs, &["text"], b.report, "bench-text"),
        BenchCommand::Pipeline(b) => {
            let names: Vec<String> = match &b.stages {
                Some(s) => s.clone(),
                None => marsad_pipeline::DEFAULT_STAGES
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            };
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            measure(&b.corpus, b.runs, &refs, b.report, "bench-pipeline")
        }
        BenchCommand::Search(b) => search(b),
    }
}

/// Query words from stored titles: the longest word of a title, and every
/// third query the two longest, some with a clitic (ب, و) to fold away.
fn sample_queries(titles: &[String], n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    if titles.is_empty() {
        return out;
    }
    let step = (titles.len() / n.max(1)).max(1);
    for (i, t) in titles.iter().step_by(step).take(n).enumerate() {
        let mut words: Vec<&str> = t
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let Some(first) = words.first() else { continue };
        let q = match (i % 3, words.get(1)) {
            (0, Some(second)) => format!("{first} {second}"),
            (1, _) => format!("ب{first}"),
            _ => format!("و{first}"),
        };
        out.push(q);
    }
    out
}

fn search(b: SearchBench) -> Result<ExitCode> {
    let store = marsad_store::Store::open(&b.db)
        .with_context(|| format!("cannot open the store {}", b.db))?;
    let stats = store.stats()?;
    let titles: Vec<String> = store
        .backend()
        .query(
            "SELECT title FROM documents WHERE title IS NOT NULL ORDER BY seq",
            &[],
        )?
        .into_iter()
        .filter_map(|r| {
            r.into_iter()
                .next()
                .and_then(marsad_store::Value::into_string)
        })
        .collect();
    let queries = sample_queries(&titles, b.queries);
    if queries.is_empty() {
        bail!(
            "{}: no stored titles to draw queries from; run marsad ingest first",
            b.db
        );
    }
    let page = marsad_store::Page::default();
    let filters = |q: &str| marsad_store::Filters {
        q: Some(q.to_string()),
        ..Default::default()
    };
    // One untimed pass warms the caches, as a server that has run a while.
    for q in &queries {
        store.search(&filters(q), page)?;
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0i64;
    for q in &queries {
        let t = Instant::now();
        let r = store.search(&filters(q), page)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        hits += r.total;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    let backend = match store.backend().dialect() {
        marsad_store::Dialect::Sqlite => "sqlite",
        marsad_store::Dialect::Postgres => "postgres",
    };
    let md = format!(
        "Store: {backend}, {} documents ({} near-duplicates), {} events. {} queries drawn from stored titles (one or two words, a third with a clitic), first page of 20 with snippets and the total count; {:.0} matching documents per query on average.\n\n\
         | latency (ms) | median | p90 | p99 | max |\n|---|---:|---:|---:|---:|\n| search | {:.2} | {:.2} | {:.2} | {:.2} |\n\n\
         Machine: {}. marsad {}. Measured {}.\n\nCommand: `{}`\n",
        stats.documents,
        stats.duplicates,
        stats.events,
        queries.len(),
        hits as f64 / queries.len() as f64,
        pct(0.5),
        pct(0.9),
        pct(0.99),
        times[times.len() - 1],
        machine(),
        env!("CARGO_PKG_VERSION"),
        marsad_core::time::today(),
        command_line(),
    );
    crate::out(format_args!("{md}"))?;
    if let Some(path) = &b.report {
        update_section(path, &format!("bench-search-{backend}"), &md)?;
        marsad_pipeline::runner::eprint_quietly(&format_args!("updated {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

fn measure(
    b: &Corpus,
    runs: usize,
    stages: &[&str],
    report: Option<PathBuf>,
    section: &str,
) -> Result<ExitCode> {
    if !b.input.exists() {
        bail!(
            "{}: not found (pass --input with a corpus; the default is the SaudiNewsNet file in ../shared/data)",
            b.input.display()
        );
    }
    let opts = ReadOptions::default();
    // Reading: decompress, parse, build documents.
    let t0 = Instant::now();
    let mut docs: Vec<Document> = Vec::with_capacity(b.limit);
    let mut errors = 0usize;
    for item in marsad_readers::read_path(&b.input, &opts)? {
        match item {
            Ok(d) => docs.push(d),
            Err(_) => errors += 1,
        }
        if docs.len() >= b.limit {
            break;
        }
    }
    let read_s = t0.elapsed().as_secs_f64();
    if docs.is_empty() {
        bail!("{}: no documents read", b.input.display());
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let t_load = Instant::now();
    let pipeline = Registry::builtin().build(stages)?;
    let load_s = t_load.elapsed().as_secs_f64();
    // The stages as run: with the prerequisites the registry added.
    let stages = pipeline.stage_names();
    let stages = stages.as_slice();
    let mut worker = pipeline.worker();
    let mut times = Vec::with_capacity(runs.max(1));
    let mut tokens = 0usize;
    let mut sentences = 0usize;
    // Per stage, per document, in the last run (for medians).
    let mut per_doc: Vec<Vec<f64>> = vec![Vec::new(); stages.len()];
    for _ in 0..runs.max(1) {
        for d in docs.iter_mut() {
            let (text, source, meta) = (
                std::mem::take(&mut d.text),
                std::mem::take(&mut d.source),
                std::mem::take(&mut d.meta),
            );
            *d = Document::new(text, source, meta);
        }
        for v in per_doc.iter_mut() {
            v.clear();
        }
        let t = Instant::now();
        for d in docs.iter_mut() {
            worker.run_timed(d, |i, _, dt| per_doc[i].push(dt.as_secs_f64()))?;
        }
        times.push(t.elapsed().as_secs_f64());
        tokens = docs.iter().map(|d| d.tokens.len()).sum();
        sentences = docs.iter().map(|d| d.sentences.len()).sum();
    }
    times.sort_by(f64::total_cmp);
    let text_s = times[times.len() / 2];
    let mb = bytes as f64 / 1e6;
    let stage_label = if stages == ["text"] {
        "text layer"
    } else {
        "pipeline"
    };
    let total_label = format!("read + {stage_label}");
    let rows = [
        ("read (decompress + parse)", read_s),
        (stage_label, text_s),
        (total_label.as_str(), read_s + text_s),
    ];
    let mut md = String::new();
    md.push_str(&format!(
        "Corpus: `{}`, {} documents ({} unreadable skipped), {:.1} MB of body text, {} tokens, {} sentences.\n\n",
        b.input.display(),
        docs.len(),
        errors,
        mb,
        tokens,
        sentences
    ));
    md.push_str("| step (1 thread) | seconds | MB/s | tokens/s |\n|---|---:|---:|---:|\n");
    for (name, s) in rows {
        md.push_str(&format!(
            "| {name} | {s:.3} | {:.1} | {:.0} |\n",
            mb / s,
            tokens as f64 / s
        ));
    }
    if stages.len() > 1 {
        md.push_str("\n| stage | total s | median ms/doc | p90 ms/doc | p99 ms/doc |\n|---|---:|---:|---:|---:|\n");
        for (name, v) in stages.iter().zip(per_doc.iter_mut()) {
            v.sort_by(f64::total_cmp);
            let q = |p: f64| {
                v.get(((v.len() as f64 - 1.0) * p) as usize)
                    .copied()
                    .unwrap_or(0.0)
                    * 1e3
            };
            md.push_str(&format!(
                "| {name} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
                v.iter().sum::<f64>(),
                q(0.5),
                q(0.9),
                q(0.99)
            ));
        }
    }
    md.push_str(&format!(
        "\nStages: {}; loading them took {:.0} ms. ",
        stages.join(", "),
        load_s * 1000.0
    ));
    md.push_str(&format!(
        "Median of {} runs (spread {:.3}–{:.3} s). Peak RSS {}. Machine: {}. marsad {}. Measured {}.\n\nCommand: `{}`\n",
        times.len(),
        times[0],
        times[times.len() - 1],
        peak_rss().unwrap_or_else(|| "unknown".into()),
        machine(),
        env!("CARGO_PKG_VERSION"),
        marsad_core::time::today(),
        command_line(),
    ));
    crate::out(format_args!("{md}\n"))?;
    if let Some(path) = &report {
        update_section(path, section, &md)?;
        marsad_pipeline::runner::eprint_quietly(&format_args!("updated {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Replaces the text between `<!-- BEGIN key -->` and `<!-- END key -->`.
pub fn update_section(path: &Path, key: &str, body: &str) -> Result<()> {
    let doc =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let begin = format!("<!-- BEGIN {key} -->");
    let end = format!("<!-- END {key} -->");
    let (Some(a), Some(z)) = (doc.find(&begin), doc.find(&end)) else {
        bail!("{}: markers {begin} / {end} not found", path.display());
    };
    if z < a {
        bail!("{}: {end} comes before {begin}", path.display());
    }
    let new = format!("{}{begin}\n{body}{}", &doc[..a], &doc[z..]);
    std::fs::write(path, new).with_context(|| format!("cannot write {}", path.display()))
}

fn command_line() -> String {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    args.insert(0, "marsad".into());
    args.join(" ")
}

pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cpu}, {cores} cores")
}

pub fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MB", kb / 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_marked_section() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("P.md");
        std::fs::write(&p, "a\n<!-- BEGIN k -->\nold\n<!-- END k -->\nz\n").unwrap();
        update_section(&p, "k", "new\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "a\n<!-- BEGIN k -->\nnew\n<!-- END k -->\nz\n"
        );
        assert!(update_section(&p, "missing", "x").is_err());
    }
}
