//! End-to-end tests through the public API: files on disk, compression,
//! format detection, error messages, and the text/HTML equivalence of one
//! article.

use marsad_core::Document;
use marsad_readers::{
    detect_format, read_bytes, read_path, read_reader, Format, ReadError, ReadOptions,
};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn one(path: &Path) -> Document {
    let mut docs: Vec<_> = read_path(path, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .collect();
    assert_eq!(docs.len(), 1);
    docs.remove(0).unwrap_or_else(|e| panic!("{e}"))
}

/// A scratch folder per test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("marsad-readers-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn err_of(path: &Path, opts: &ReadOptions) -> String {
    match read_path(path, opts) {
        Err(e) => e.to_string(),
        Ok(docs) => {
            let errs: Vec<String> = docs
                .filter_map(|d| d.err())
                .map(|e| e.to_string())
                .collect();
            errs.join("\n")
        }
    }
}

#[test]
fn same_article_as_text_and_html() {
    let t = one(&fixture("article.txt"));
    let h = one(&fixture("article.html"));
    assert_eq!(t.source.reader, "text");
    assert_eq!(h.source.reader, "html");
    assert_eq!(
        t.text, h.text,
        "\n--- text ---\n{}\n--- html ---\n{}",
        t.text, h.text
    );
    assert_eq!(t.id, h.id);
    assert_eq!(t.meta, h.meta);

    let m = &t.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("مجلس المدينة يقر خطة لتوسيع شبكة الحافلات")
    );
    assert_eq!(m.author.as_deref(), Some("ريم عبد الله"));
    assert_eq!(m.published.as_deref(), Some("2019-03-03T10:15:00"));
    assert_eq!(m.views, Some(812));
    assert_eq!(m.outlet.as_deref(), Some("صحيفة المرصد اليومية"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://news.example.org/city/buses-2019")
    );
    assert_eq!(m.sources, vec!["محضر جلسة مجلس المدينة", "بيان لجنة النقل"]);

    // Paragraphs, the quote and the list survive; page chrome does not.
    assert!(t.text.starts_with("أقر مجلس المدينة"));
    assert!(t
        .text
        .contains("«الهدف هو تقليص زمن الرحلة إلى النصف خلال عامين»"));
    assert!(t.text.contains(
        "ثلاث مراحل:\n\nشراء أربعين حافلة تعمل بالكهرباء\nإنشاء مواقف مظللة على الخطوط الجديدة\n"
    ));
    assert!(t.text.ends_with("إجراءات المناقصة."));
    for junk in [
        "الرئيسية",
        "_tracker",
        "font-family",
        "أخبار ذات صلة",
        "إعلان",
        "جميع الحقوق",
        "المصادر",
        "المشاهدات",
        "الكاتب",
    ] {
        assert!(!h.text.contains(junk), "{junk:?} leaked into the body");
    }
}

#[test]
fn compressed_inputs() {
    let s = Scratch::new("compressed");
    let text = std::fs::read(fixture("article.txt")).unwrap();
    let plain = one(&fixture("article.txt"));

    let gz = s.file("article.txt.gz", &gzip(&text));
    assert_eq!(one(&gz).text, plain.text);

    let zst =
        ruzstd::encoding::compress_to_vec(&text[..], ruzstd::encoding::CompressionLevel::Fastest);
    let zst = s.file("article.txt.zst", &zst);
    assert_eq!(one(&zst).text, plain.text);

    // Compression is detected from magic bytes even without the suffix.
    let jsonl = "{\"text\":\"نص أول\"}\n{\"text\":\"نص ثان\"}\n";
    let p = s.file("news.jsonl", &gzip(jsonl.as_bytes()));
    let docs: Vec<_> = read_path(&p, &ReadOptions::default()).unwrap().collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].as_ref().unwrap().text, "نص ثان");
}

#[test]
fn truncated_gzip_warc_yields_records_then_one_error() {
    let s = Scratch::new("warcgz");
    let page = std::fs::read_to_string(fixture("article.html")).unwrap();
    let mut warc = Vec::new();
    for i in 0..4 {
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
        warc.extend(
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/{i}\r\nWARC-Date: 2019-03-05T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
                http.len()
            )
            .bytes(),
        );
        warc.extend(http.bytes());
        warc.extend(b"\r\n\r\n");
    }
    let gz = gzip(&warc);
    let full = s.file("dump.warc.gz", &gz);
    let docs: Vec<_> = read_path(&full, &ReadOptions::default()).unwrap().collect();
    assert_eq!(docs.len(), 4);
    let d = docs[3].as_ref().unwrap();
    assert_eq!(d.meta.url.as_deref(), Some("https://news.example.org/3"));
    assert_eq!(d.source.record, Some(4));
    assert_eq!(d.text, one(&fixture("article.txt")).text);

    // Cut the compressed stream inside the last record.
    let cut = s.file("cut.warc.gz", &gz[..gz.len() * 9 / 10]);
    let docs: Vec<_> = read_path(&cut, &ReadOptions::default()).unwrap().collect();
    let (ok, bad): (Vec<_>, Vec<_>) = docs.iter().partition(|d| d.is_ok());
    assert!(!ok.is_empty());
    assert_eq!(bad.len(), 1);
    let msg = bad[0].as_ref().unwrap_err().to_string();
    assert!(
        msg.starts_with(&format!("{}: truncated gzip stream after", cut.display())),
        "{msg}"
    );
}

#[test]
fn error_messages_name_input_and_reason() {
    let s = Scratch::new("errors");
    let opts = ReadOptions::default();

    let mut bad = "نص عربي صحيح ".as_bytes().to_vec();
    let at = bad.len();
    bad.extend([0xd8, b' ', b'x']);
    let p = s.file("news.txt", &bad);
    assert_eq!(
        err_of(&p, &opts),
        format!(
            "{}: invalid UTF-8 at byte {at} (use --lossy to replace)",
            p.display()
        )
    );
    let lossy = ReadOptions {
        lossy: true,
        ..ReadOptions::default()
    };
    let d = read_path(&p, &lossy).unwrap().next().unwrap().unwrap();
    assert!(d.text.contains('\u{fffd}'));

    let p = s.file("feed.xml", b"");
    assert_eq!(err_of(&p, &opts), format!("{}: empty file", p.display()));
    let p = s.file("blank.txt", b"  \r\n\t\n");
    assert_eq!(err_of(&p, &opts), format!("{}: empty file", p.display()));

    let p = s.file("x.bin", b"\x7fELF\x02\x01\x01\0\0\0");
    assert_eq!(
        err_of(&p, &opts),
        format!("{}: binary file (NUL bytes)", p.display())
    );

    let small = ReadOptions {
        max_bytes: 100,
        ..ReadOptions::default()
    };
    let p = s.file("big.txt", &[b'a'; 300]);
    assert_eq!(
        err_of(&p, &small),
        format!("{}: 300 bytes exceeds --max-bytes 100", p.display())
    );
    let p = s.file("big.txt.gz", &gzip(&[b'a'; 300]));
    assert_eq!(
        err_of(&p, &small),
        format!(
            "{}: more than 100 bytes (exceeds --max-bytes 100)",
            p.display()
        )
    );

    let p = s.file("page.html", b"<html><body><nav>menu</nav></body></html>");
    assert_eq!(
        err_of(&p, &opts),
        format!("{}: no article body found", p.display())
    );

    let p = s.file(
        "a.jsonl",
        "{\"text\":\"أ\"}\n{\"title\":\"ب\"}\n".as_bytes(),
    );
    assert_eq!(
        err_of(&p, &opts),
        format!(
            "{}: line 2: missing \"text\"/\"content\" field",
            p.display()
        )
    );

    let e = read_path(&s.0, &opts).err().unwrap();
    assert!(e
        .to_string()
        .ends_with("is a directory (read_path takes one file)"));
    let e = read_path(&s.0.join("missing.txt"), &opts).err().unwrap();
    assert!(e
        .to_string()
        .starts_with(&format!("{}: ", s.0.join("missing.txt").display())));

    let p = s.file(
        "odd.html",
        b"<html><head><meta charset=\"x-made-up\"></head><body><p>\xc7\xe1</p></body></html>",
    );
    assert_eq!(
        err_of(&p, &opts),
        format!(
            "{}: unsupported charset \"x-made-up\" (convert it to UTF-8, or use --lossy)",
            p.display()
        )
    );
}

#[test]
fn windows_1256_pages_are_decoded() {
    let s = Scratch::new("cp1256");
    // "السلام عليكم" in windows-1256.
    let p = s.file(
        "old.html",
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"></head><body><article><p>\xc7\xe1\xd3\xe1\xc7\xe3 \xda\xe1\xed\xdf\xe3</p></article></body></html>",
    );
    assert_eq!(one(&p).text, "السلام عليكم");
}

#[test]
fn huge_single_line_jsonl_is_rejected_without_buffering() {
    // A 200 MB line read through a stream, never held in memory.
    struct Endless(u64);
    impl std::io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Ok(0);
            }
            let n = (buf.len() as u64).min(self.0) as usize;
            buf[..n].fill(b'a');
            if self.0 == 200 << 20 {
                buf[0] = b'{';
            }
            self.0 -= n as u64;
            Ok(n)
        }
    }
    let opts = ReadOptions {
        format: Some(Format::Jsonl),
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    let docs: Vec<Result<Document, ReadError>> = read_reader("-", Endless(200 << 20), &opts)
        .unwrap()
        .collect();
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0].as_ref().unwrap_err().to_string(),
        "-: line 1: line longer than 1048576 bytes (exceeds --max-bytes 1048576)"
    );
}

#[test]
fn stdin_like_streams_are_sniffed() {
    let html = std::fs::read(fixture("article.html")).unwrap();
    let docs: Vec<_> = read_reader("-", std::io::Cursor::new(html), &ReadOptions::default())
        .unwrap()
        .collect();
    assert_eq!(docs[0].as_ref().unwrap().source.reader, "html");
    assert_eq!(docs[0].as_ref().unwrap().source.location, "-");
}

#[test]
fn format_detection() {
    let cases: &[(&str, &[u8], Format)] = &[
        ("a.txt", b"<html>", Format::Text),
        ("a.md", b"", Format::Text),
        ("a.HTML", b"", Format::Html),
        ("a.htm", b"", Format::Html),
        ("a.xhtml", b"", Format::Html),
        ("a.jsonl", b"", Format::Jsonl),
        ("a.ndjson.gz", b"", Format::Jsonl),
        ("a.json", b"", Format::Jsonl),
        ("a.xml", b"", Format::Feed),
        ("a.rss", b"", Format::Feed),
        ("a.atom", b"", Format::Feed),
        ("a.warc.gz", b"", Format::Warc),
        ("a.warc.zst", b"", Format::Warc),
        ("-", b"WARC/1.0\r\n", Format::Warc),
        ("-", b"\xef\xbb\xbf  <!DOCTYPE html><html>", Format::Html),
        ("-", b"<?xml version=\"1.0\"?><rss>", Format::Feed),
        (
            "-",
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            Format::Feed,
        ),
        ("-", b"{\"text\": \"x\"}\n", Format::Jsonl),
        ("noext", "نص عادي".as_bytes(), Format::Text),
        ("dir.d/file", b"<html><body>", Format::Html),
    ];
    for (name, head, want) in cases {
        assert_eq!(detect_format(name, head), *want, "{name}");
    }
    for f in Format::ALL {
        assert_eq!(f.to_string().parse::<Format>().unwrap(), f);
    }
    assert!("pdf".parse::<Format>().is_err());
}

#[test]
fn read_bytes_never_panics_on_junk() {
    let junk: &[&[u8]] = &[
        b"",
        b"\0\0\0",
        b"\x1f\x8b\x08\0\0\0\0\0",
        b"\x28\xb5\x2f\xfd\0\0",
        b"WARC/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/",
        b"<rss><channel><item>",
        b"{\"text\":",
        b"<html><body><article><p>",
        "التاريخ : 31 فبراير 2019\n\nنص".as_bytes(),
    ];
    for bytes in junk {
        for f in Format::ALL {
            let _ = read_bytes("fuzz", bytes, f, &ReadOptions::default());
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    #[test]
    fn read_bytes_never_panics_on_random_bytes(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1500),
        f in 0usize..5,
    ) {
        let _ = read_bytes("fuzz", &bytes, Format::ALL[f], &ReadOptions::default());
    }

    #[test]
    fn read_bytes_never_panics_on_markup_like_text(
        s in "([<>/=\":{}\\[\\],\r\n ]|p|li|html|article|WARC/1.0|Content-Length: 9|text|المصادر|الكاتب|التاريخ|مارس|2019|\\PC){0,120}",
        f in 0usize..5,
    ) {
        let _ = read_bytes("fuzz", s.as_bytes(), Format::ALL[f], &ReadOptions::default());
    }
}

fn read_all(path: &Path) -> Vec<Result<Document, ReadError>> {
    read_path(path, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .collect()
}

/// A document as marsad writes it: annotations included.
fn marsad_document(body: &str, title: &str, record: Option<u64>) -> Document {
    let meta = marsad_core::Meta {
        title: Some(title.into()),
        author: Some("ريم الخطيب".into()),
        published: Some("2021-11-02".into()),
        views: Some(41),
        sources: vec!["وكالة محلية".into()],
        ..Default::default()
    };
    let source = marsad_core::Source {
        location: "articles/first.txt".into(),
        reader: "text".into(),
        record,
    };
    let mut d = Document::new(body.into(), source, meta);
    d.sentences.push(marsad_core::Sentence {
        start: 0,
        end: 5,
        ..Default::default()
    });
    d
}

#[test]
fn marsad_reads_its_own_output() {
    let s = Scratch::new("own");
    let a = marsad_document(
        "افتتحت البلدية حديقة عامة جديدة في حي الميدان يوم أمس.",
        "حديقة جديدة في الميدان",
        None,
    );
    let b = marsad_document(
        "أعلنت المدرسة عن مسابقة للقراءة تبدأ الأسبوع المقبل.",
        "مسابقة للقراءة",
        Some(4),
    );
    let check = |got: &Document, want: &Document| {
        assert_eq!(got.text, want.text);
        assert_eq!(got.id, want.id);
        assert_eq!(got.meta, want.meta, "meta kept");
        assert_eq!(got.source, want.source, "source kept");
        assert!(got.sentences.is_empty(), "annotations are made again");
    };
    // One pretty-printed object (`--format json`, one document).
    let p = s.file("one.json", &serde_json::to_vec_pretty(&a).unwrap());
    let docs = read_all(&p);
    assert_eq!(docs.len(), 1, "{docs:?}");
    check(docs[0].as_ref().unwrap(), &a);
    // An array of them (`--format json`, several).
    let arr = serde_json::to_vec_pretty(&vec![a.clone(), b.clone()]).unwrap();
    let p = s.file("two.json", &arr);
    let docs = read_all(&p);
    assert_eq!(docs.len(), 2, "{docs:?}");
    check(docs[0].as_ref().unwrap(), &a);
    check(docs[1].as_ref().unwrap(), &b);
    // The same array sniffed from a stream, and with no extension.
    let docs: Vec<_> = read_reader("-", std::io::Cursor::new(arr.clone()), &Default::default())
        .unwrap()
        .collect();
    assert_eq!(docs.len(), 2);
    check(docs[1].as_ref().unwrap(), &b);
    // JSON Lines (`--format jsonl`).
    let mut jl = serde_json::to_vec(&a).unwrap();
    jl.push(b'\n');
    jl.extend(serde_json::to_vec(&b).unwrap());
    let p = s.file("docs.jsonl", &jl);
    let docs = read_all(&p);
    assert_eq!(docs.len(), 2);
    check(docs[0].as_ref().unwrap(), &a);
    check(docs[1].as_ref().unwrap(), &b);
    // Pretty objects one after another (`jq .`), gzip-compressed.
    let mut cat = serde_json::to_vec_pretty(&a).unwrap();
    cat.push(b'\n');
    cat.extend(serde_json::to_vec_pretty(&b).unwrap());
    let p = s.file("cat.json.gz", &gzip(&cat));
    let docs = read_all(&p);
    assert_eq!(docs.len(), 2);
    check(docs[1].as_ref().unwrap(), &b);
}

#[test]
fn other_json_is_one_error_for_the_file() {
    let s = Scratch::new("otherjson");
    let one_error = |name: &str, bytes: &[u8], reason: &str| {
        let p = s.file(name, bytes);
        let docs = read_all(&p);
        assert_eq!(docs.len(), 1, "{name}: {docs:?}");
        let e = docs[0].as_ref().unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}: not articles or marsad documents: {reason}",
                p.display()
            )
        );
    };
    let fc = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.2, 33.5]},
         "properties": {"name": "دمشق"}}]});
    one_error(
        "places.geojson",
        &serde_json::to_vec_pretty(&fc).unwrap(),
        "a GeoJSON FeatureCollection",
    );
    one_error(
        "places-line.geojson",
        &serde_json::to_vec(&fc).unwrap(),
        "line 1 is a GeoJSON FeatureCollection",
    );
    one_error(
        "config.json",
        b"{\n  \"name\": \"x\",\n  \"items\": [1, 2]\n}\n",
        "a JSON object without a \"text\", \"content\" or \"body\" field",
    );
    one_error(
        "rows.jsonl",
        b"{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n",
        "line 1 is a JSON object without a \"text\", \"content\" or \"body\" field",
    );
    one_error(
        "numbers.json",
        b"[1, 2, 3]",
        "record 1 is not a JSON object",
    );
    // One odd record among articles is that record's error only.
    let p = s.file(
        "mixed.jsonl",
        "{\"a\":1}\n{\"text\":\"خبر قصير عن المطر.\"}\n".as_bytes(),
    );
    let docs = read_all(&p);
    assert_eq!(docs.len(), 2);
    assert!(docs[0].is_err() && docs[1].is_ok());
}

#[test]
fn json_arrays_stream_record_by_record() {
    let s = Scratch::new("arrays");
    let data = "[\n {\"title\": \"[أ] {ب}\", \"text\": \"نص فيه \\\"اقتباس\\\" و ] و }.\"},\n 3,\n {\"text\": \"LONG\"},\n {broken},\n {\"body\": \"الخبر الأخير.\"}\n]\n"
        .replace("LONG", &"ا".repeat(200));
    let p = s.file("a.json", data.as_bytes());
    let opts = ReadOptions {
        max_bytes: 300,
        ..ReadOptions::default()
    };
    let docs: Vec<_> = read_path(&p, &opts).unwrap().collect();
    assert_eq!(docs.len(), 5, "{docs:?}");
    let d = docs[0].as_ref().unwrap();
    assert_eq!(d.meta.title.as_deref(), Some("[أ] {ب}"));
    assert_eq!(d.text, "نص فيه \"اقتباس\" و ] و }.");
    let name = p.display();
    assert_eq!(
        docs[1].as_ref().unwrap_err().to_string(),
        format!("{name}: record 2: expected a JSON object")
    );
    assert_eq!(
        docs[2].as_ref().unwrap_err().to_string(),
        format!("{name}: record 3: record longer than 300 bytes (exceeds --max-bytes 300)")
    );
    assert!(docs[3]
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with(&format!("{name}: record 4: invalid JSON")));
    assert_eq!(docs[4].as_ref().unwrap().text, "الخبر الأخير.");
    // A cut array: its records, then one error.
    let p = s.file("cut.json", "[{\"text\": \"أ\"}, {\"text\": \"ب".as_bytes());
    let docs = read_all(&p);
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[1].as_ref().unwrap_err().to_string(),
        format!("{}: truncated JSON after 1 record", p.display())
    );
}

/// One convention: records count from 1 (JSON Lines: the line number).
#[test]
fn records_count_from_one_everywhere() {
    let opts = ReadOptions::default();
    let records = |name: &str, bytes: &[u8], format: Format| -> Vec<String> {
        read_bytes(name, bytes, format, &opts)
            .into_iter()
            .map(|d| match d {
                Ok(d) => format!("ok {:?}", d.source.record),
                Err(e) => e.to_string(),
            })
            .collect()
    };
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>ن</title>\
<item><title>أ</title><description>هطلت أمطار غزيرة على المدينة.</description></item>\
<item><title>بلا نص</title></item>\
<item><title>ج</title><description>عاد التيار الكهربائي إلى الأحياء.</description></item>\
</channel></rss>";
    assert_eq!(
        records("f.xml", rss.as_bytes(), Format::Feed),
        [
            "ok Some(1)",
            "f.xml: entry 2: no text (neither content nor summary)",
            "ok Some(3)"
        ]
    );
    let page = "<html><head><title>خبر</title></head><body><article><p>افتتح المعرض السنوي للكتاب أبوابه للزوار.</p></article></body></html>";
    let warc = |uri: &str, body: &str| {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{body}");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
    };
    let data = warc("https://e.com/a", page)
        + &warc("https://e.com/b", "<html><body><nav>x</nav></body></html>");
    assert_eq!(
        records("d.warc", data.as_bytes(), Format::Warc),
        ["ok Some(1)", "d.warc: record 2: no article body found"]
    );
    let arr = "[{\"text\": \"نص أول.\"}, 7, {\"text\": \"نص ثالث.\"}]";
    assert_eq!(
        records("a.json", arr.as_bytes(), Format::Jsonl),
        [
            "ok Some(1)",
            "a.json: record 2: expected a JSON object",
            "ok Some(3)"
        ]
    );
    let lines = "{\"text\": \"نص أول.\"}\n\n{\"text\": \"نص ثالث.\"}\n";
    assert_eq!(
        records("a.jsonl", lines.as_bytes(), Format::Jsonl),
        ["ok Some(1)", "ok Some(3)"]
    );
}
