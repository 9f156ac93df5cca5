//! Expands the command line's paths into the inputs to read.

use std::path::{Path, PathBuf};

use marsad_pipeline::Feed;
use marsad_readers::{Format, ReadOptions};

/// How inputs are read: the options `analyze`, `ingest` and `enqueue` share.
#[derive(clap::Args, Debug, Clone)]
pub struct ReadArgs {
    /// Input format, instead of guessing from the name and content:
    /// text, html, jsonl, feed, warc.
    #[arg(long = "format-in", value_name = "FORMAT", value_parser = parse_format)]
    pub format_in: Option<Format>,
    /// Replace invalid UTF-8 with U+FFFD instead of rejecting the input.
    #[arg(long)]
    pub lossy: bool,
    /// Largest document accepted, in bytes (suffixes K, M, G; binary).
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = crate::analyze::parse_size)]
    pub max_bytes: u64,
}

impl ReadArgs {
    pub fn options(&self) -> ReadOptions {
        ReadOptions {
            format: self.format_in,
            lossy: self.lossy,
            max_bytes: self.max_bytes,
        }
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse::<Format>().map_err(|e| e.to_string())
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Files under `paths` (folders walked recursively, sorted, hidden entries
/// skipped), plus one error line per path that cannot be listed.
pub fn expand(paths: &[String]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for p in paths {
        if p == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.to_path_buf())),
            Err(e) => errors.push(format!("{p}: {e}")),
        }
    }
    (inputs, errors)
}

/// The documents of every input, each input's errors in its place, and
/// the end of each input marked (for progress).
pub fn feed<'a>(inputs: &'a [Input], opts: &'a ReadOptions) -> impl Iterator<Item = Feed> + 'a {
    inputs.iter().flat_map(move |input| {
        let docs = match input {
            Input::Stdin => marsad_readers::read_reader("-", std::io::stdin(), opts),
            Input::File(p) => marsad_readers::read_path(p, opts),
        };
        let items: Box<dyn Iterator<Item = Feed>> = match docs {
            Err(e) => Box::new(std::iter::once(Feed::Failed(Box::new(e)))),
            Ok(docs) => Box::new(docs.map(|item| match item {
                Ok(doc) => Feed::Document(doc),
                Err(e) => Feed::Failed(Box::new(e)),
            })),
        };
        items.chain(std::iter::once(Feed::InputDone))
    })
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, inputs, errors),
            Ok(m) if m.is_file() => inputs.push(Input::File(path)),
            Ok(_) => {}
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_sorted_and_skips_hidden() {
        let dir = std::env::temp_dir().join(format!("marsad-inputs-{}", std::process::id()));
        let sub = dir.join("b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join("c.txt"), "x").unwrap();
        std::fs::write(sub.join("a.txt"), "x").unwrap();
        std::fs::write(dir.join(".hidden"), "x").unwrap();
        let (inputs, errors) = expand(&[dir.display().to_string(), "/no/such/file".into()]);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            inputs,
            vec![
                Input::File(sub.join("a.txt")),
                Input::File(dir.join("c.txt"))
            ]
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("/no/such/file: "));
    }

    #[test]
    fn no_paths_means_stdin() {
        let (inputs, errors) = expand(&[]);
        assert_eq!(inputs, vec![Input::Stdin]);
        assert!(errors.is_empty());
    }
}
