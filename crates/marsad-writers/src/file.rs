//! An output file that appears only when complete.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// `--out FILE`: a regular file (or a new one) is written under a
/// temporary name, then renamed into place by [`OutputFile::commit`], so a
/// failed run never leaves half of one; a device, pipe or link
/// (`/dev/null`, a FIFO) is written directly, since a rename would
/// replace it.
pub struct OutputFile {
    path: PathBuf,
    tmp: Option<PathBuf>,
    file: BufWriter<File>,
}

impl OutputFile {
    pub fn create(path: &Path) -> io::Result<Self> {
        let atomic = std::fs::symlink_metadata(path).map_or(true, |m| m.file_type().is_file());
        let tmp = atomic.then(|| partial_path(path));
        let file = File::create(tmp.as_deref().unwrap_or(path))?;
        Ok(Self {
            path: path.to_path_buf(),
            tmp,
            file: BufWriter::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and moves the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        self.file.flush()?;
        if let Some(tmp) = self.tmp.take() {
            std::fs::rename(tmp, &self.path)?;
        }
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for OutputFile {
    /// An uncommitted file is removed: no partial output is left behind.
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Where `--out FILE` is written before it is complete.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        let mut f = OutputFile::create(&p).unwrap();
        f.write_all(b"{}").unwrap();
        assert!(!p.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"{}");
        // Dropped without commit: the old file stays, the partial one goes.
        let mut f = OutputFile::create(&p).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read(&p).unwrap(), b"{}");
        assert!(!dir.path().join("out.json.partial").exists());
    }
}
