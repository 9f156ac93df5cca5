//! Byte-level plumbing shared by the readers: decompression, bounded
//! reads, binary sniffing, UTF-8 decoding and line-ending normalisation.

use crate::error::ErrorKind;
use std::io::{self, BufRead, Read};

/// How much of an input is sniffed for its format and for binary content.
pub(crate) const HEAD: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    Gzip,
    Zstd,
}

impl Codec {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
        }
    }

    pub(crate) fn from_magic(head: &[u8]) -> Option<Codec> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Codec::Gzip)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Codec::Zstd)
        } else {
            None
        }
    }
}

/// `name` without its compression suffix: `dump.warc.gz` → `dump.warc`.
pub(crate) fn strip_codec_ext(name: &str) -> &str {
    for ext in [".gz", ".gzip", ".zst", ".zstd"] {
        if name.len() > ext.len() && name.is_char_boundary(name.len() - ext.len()) {
            let (stem, tail) = name.split_at(name.len() - ext.len());
            if tail.eq_ignore_ascii_case(ext) {
                return stem;
            }
        }
    }
    name
}

/// Marks errors raised by a decompressor, so that a truncated `.gz` is
/// told apart from a truncated record inside it.
#[derive(Debug)]
pub(crate) struct CodecError {
    pub codec: Codec,
    pub truncated: bool,
    pub msg: String,
}

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} stream: {}", self.codec.name(), self.msg)
    }
}

impl std::error::Error for CodecError {}

struct Tagged<R> {
    inner: R,
    codec: Codec,
}

impl<R: Read> Read for Tagged<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| tag(self.codec, e))
    }
}

fn tag(codec: Codec, e: io::Error) -> io::Error {
    if e.get_ref().is_some_and(|r| r.is::<CodecError>()) {
        return e;
    }
    let truncated = e.kind() == io::ErrorKind::UnexpectedEof;
    io::Error::other(CodecError {
        codec,
        truncated,
        msg: e.to_string(),
    })
}

/// Turns an I/O error into an [`ErrorKind`], recognising decompressor
/// failures; `records` is how many records were read before it.
pub(crate) fn io_kind(e: io::Error, records: Option<u64>) -> ErrorKind {
    if let Some(c) = e.get_ref().and_then(|r| r.downcast_ref::<CodecError>()) {
        if c.truncated {
            return ErrorKind::Truncated {
                codec: c.codec.name(),
                records,
            };
        }
        return ErrorKind::Corrupt {
            codec: c.codec.name(),
            msg: c.msg.clone(),
        };
    }
    ErrorKind::Io(e)
}

/// Reads up to `n` bytes (fewer only at end of input).
pub(crate) fn read_head(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n.min(HEAD));
    r.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

pub(crate) type BoxRead = Box<dyn BufRead + Send>;

/// Wraps `r` in the decompressor of `codec`.
pub(crate) fn decompress(
    r: Box<dyn Read + Send>,
    codec: Codec,
) -> Result<Box<dyn Read + Send>, ErrorKind> {
    Ok(match codec {
        Codec::Gzip => Box::new(Tagged {
            inner: flate2::read::MultiGzDecoder::new(io::BufReader::new(r)),
            codec,
        }),
        Codec::Zstd => {
            let dec = ruzstd::decoding::StreamingDecoder::new(io::BufReader::new(r))
                .map_err(|e| io_kind(tag(codec, zstd_error(e)), None))?;
            Box::new(Tagged {
                inner: MultiZstd { dec: Some(dec) },
                codec,
            })
        }
    })
}

fn zstd_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

type ZstdDecoder<R> = ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>;

/// Reads every frame of a zstd stream: `StreamingDecoder` stops after the
/// first, and concatenated frames (`pzstd`, appended archives) are common.
struct MultiZstd<R: BufRead> {
    dec: Option<ZstdDecoder<R>>,
}

impl<R: BufRead> Read for MultiZstd<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(d) = self.dec.as_mut() else {
                return Ok(0);
            };
            let n = d.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            if d.get_mut().fill_buf()?.is_empty() {
                self.dec = None;
                return Ok(0);
            }
            let Some(d) = self.dec.take() else {
                return Ok(0);
            };
            let (src, frame) = d.into_parts();
            self.dec = Some(
                ruzstd::decoding::StreamingDecoder::new_with_decoder(src, frame)
                    .map_err(zstd_error)?,
            );
        }
    }
}

/// A reader with its first bytes peeked.
pub(crate) struct Peeked {
    pub head: Vec<u8>,
    pub reader: BoxRead,
}

/// Peeks the first [`HEAD`] bytes of `r`, then hands back a reader that
/// still yields them.
pub(crate) fn peek(mut r: Box<dyn Read + Send>) -> io::Result<Peeked> {
    let head = read_head(&mut r, HEAD)?;
    let reader: BoxRead = Box::new(io::BufReader::with_capacity(
        64 * 1024,
        io::Cursor::new(head.clone()).chain(r),
    ));
    Ok(Peeked { head, reader })
}

/// Reads a whole single-document input, refusing more than `max` bytes.
pub(crate) fn read_capped(r: &mut dyn Read, max: u64) -> Result<Vec<u8>, ErrorKind> {
    let mut buf = Vec::new();
    r.take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| io_kind(e, None))?;
    if buf.len() as u64 > max {
        return Err(ErrorKind::TooLargeStream { max });
    }
    Ok(buf)
}

/// Rejects binary content: NUL bytes in the first [`HEAD`] bytes, or more
/// than 30% control bytes there. UTF-16 gets its own message.
pub(crate) fn check_binary(bytes: &[u8]) -> Result<(), ErrorKind> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(ErrorKind::Utf16);
    }
    let head = &bytes[..bytes.len().min(HEAD)];
    if head.contains(&0) {
        return Err(ErrorKind::BinaryNul);
    }
    if head.is_empty() {
        return Ok(());
    }
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    let pct = control * 100 / head.len();
    if pct > 30 {
        return Err(ErrorKind::BinaryControl(pct as u32));
    }
    Ok(())
}

/// Decodes UTF-8, reporting the byte offset (plus `base`) of the first bad
/// sequence, or replacing bad sequences with U+FFFD when `lossy`.
pub(crate) fn decode(bytes: Vec<u8>, lossy: bool, base: u64) -> Result<String, ErrorKind> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(ErrorKind::InvalidUtf8(
            base + e.utf8_error().valid_up_to() as u64,
        )),
    }
}

/// The only normalisation readers apply: drop a leading BOM, turn CRLF (and
/// lone CR) into LF, trim surrounding whitespace. Every other character,
/// diacritics and tatweel included, is kept.
pub(crate) fn clean_text(s: &str) -> String {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    let t = out.trim();
    if t.len() == out.len() {
        out
    } else {
        t.to_string()
    }
}

/// Outcome of [`read_line_capped`].
pub(crate) enum Line {
    /// A line (without its `\n`) is in the buffer.
    Ok,
    /// The line was longer than the cap; it was skipped without storing it.
    TooLong,
    Eof,
}

/// Reads one `\n`-terminated line into `buf`, storing at most `cap` bytes:
/// a longer line is consumed and dropped, so memory stays bounded.
pub(crate) fn read_line_capped(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: u64,
) -> io::Result<(Line, u64)> {
    buf.clear();
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            let line = if too_long {
                Line::TooLong
            } else if consumed == 0 {
                Line::Eof
            } else {
                Line::Ok
            };
            return Ok((line, consumed));
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            let data = if done {
                &chunk[..take - 1]
            } else {
                &chunk[..take]
            };
            if buf.len() as u64 + data.len() as u64 > cap {
                too_long = true;
                buf.clear();
                buf.shrink_to(64 * 1024);
            } else {
                buf.extend_from_slice(data);
            }
        }
        r.consume(take);
        consumed += take as u64;
        if done {
            return Ok((if too_long { Line::TooLong } else { Line::Ok }, consumed));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_only_touches_line_ends_bom_and_edges() {
        assert_eq!(
            clean_text("\u{feff}  سطر\r\nسطر\rثالث \n"),
            "سطر\nسطر\nثالث"
        );
        // Diacritics and tatweel survive.
        assert_eq!(clean_text("مُحَمَّـــد"), "مُحَمَّـــد");
    }

    #[test]
    fn decode_reports_offset_or_replaces() {
        let bytes = b"abc\xffdef".to_vec();
        assert!(matches!(
            decode(bytes.clone(), false, 10),
            Err(ErrorKind::InvalidUtf8(13))
        ));
        assert_eq!(decode(bytes, true, 0).unwrap(), "abc\u{fffd}def");
    }

    #[test]
    fn binary_detection() {
        assert!(matches!(check_binary(b"ab\0c"), Err(ErrorKind::BinaryNul)));
        assert!(matches!(
            check_binary(&[1, 2, 3, 4, b'a']),
            Err(ErrorKind::BinaryControl(_))
        ));
        assert!(matches!(
            check_binary(&[0xff, 0xfe, b'a', 0]),
            Err(ErrorKind::Utf16)
        ));
        assert!(check_binary("نص عربي\n\tمع جدولة".as_bytes()).is_ok());
    }

    #[test]
    fn capped_lines_skip_long_ones() {
        let data = format!("short\n{}\nnext", "x".repeat(1000));
        let mut r = io::BufReader::with_capacity(16, data.as_bytes());
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_capped(&mut r, &mut buf, 100).unwrap().0,
            Line::Ok
        ));
        assert_eq!(buf, b"short");
        assert!(matches!(
            read_line_capped(&mut r, &mut buf, 100).unwrap().0,
            Line::TooLong
        ));
        assert!(buf.len() <= 100);
        assert!(matches!(
            read_line_capped(&mut r, &mut buf, 100).unwrap().0,
            Line::Ok
        ));
        assert_eq!(buf, b"next");
        assert!(matches!(
            read_line_capped(&mut r, &mut buf, 100).unwrap().0,
            Line::Eof
        ));
    }

    #[test]
    fn zstd_frames_are_all_read() {
        use ruzstd::encoding::{compress_to_vec, CompressionLevel};
        let mut data = compress_to_vec(&b"first\n"[..], CompressionLevel::Fastest);
        data.extend(compress_to_vec(&b"second\n"[..], CompressionLevel::Fastest));
        let mut r = decompress(Box::new(io::Cursor::new(data.clone())), Codec::Zstd).unwrap();
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, "first\nsecond\n");

        // Truncated: an error, never a panic.
        data.truncate(data.len() - 3);
        let mut r = decompress(Box::new(io::Cursor::new(data)), Codec::Zstd).unwrap();
        let mut out = Vec::new();
        let e = r.read_to_end(&mut out).unwrap_err();
        assert!(matches!(
            io_kind(e, None),
            ErrorKind::Truncated { .. } | ErrorKind::Corrupt { .. }
        ));
    }

    #[test]
    fn codec_names() {
        assert_eq!(strip_codec_ext("a.warc.gz"), "a.warc");
        assert_eq!(strip_codec_ext("a.JSONL.ZST"), "a.JSONL");
        assert_eq!(strip_codec_ext(".gz"), ".gz");
        assert_eq!(Codec::from_magic(&[0x1f, 0x8b, 8]), Some(Codec::Gzip));
    }
}
