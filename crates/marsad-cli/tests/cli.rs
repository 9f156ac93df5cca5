//! End-to-end tests of the `marsad` binary: exit codes, outputs and errors
//! on bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn marsad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
}

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

fn run(args: &[&str]) -> Output {
    marsad().args(args).output().expect("marsad runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn text_of(doc: &serde_json::Value, span: &serde_json::Value) -> String {
    let text = doc["text"].as_str().unwrap();
    let s = span["start"].as_u64().unwrap() as usize;
    let e = span["end"].as_u64().unwrap() as usize;
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn scraped_text_article_gives_meta_body_and_sentences() {
    let path = examples().join("aleppo-shelling.txt");
    let out = run(&["analyze", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json(&out);
    let meta = &doc["meta"];
    assert_eq!(
        meta["title"],
        "قصف مدفعي يستهدف قرى في ريف حلب الجنوبي ونزوح عشرات العائلات"
    );
    assert_eq!(meta["author"], "سامر الحلبي");
    assert_eq!(meta["published"], "2019-03-03");
    assert_eq!(meta["views"], 812);
    assert_eq!(meta["sources"].as_array().map(Vec::len), Some(2));
    let text = doc["text"].as_str().unwrap();
    assert!(text.starts_with("تعرضت قرى في ريف حلب الجنوبي"));
    for header in ["الكاتب", "المشاهدات", "التاريخ :", "المصادر:"] {
        assert!(
            !text.contains(header),
            "header {header} leaked into the body"
        );
    }
    let sentences: Vec<String> = doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| text_of(&doc, s))
        .collect();
    // No space after the full stop still ends the sentence.
    assert!(sentences.iter().any(|s| s.ends_with("من تحت الأنقاض.")));
    assert!(sentences.iter().any(|s| s.starts_with("وأضاف أن «القصف")));
    // List lines are sentences of their own.
    assert!(sentences.iter().any(|s| s == "- الخيام والأغطية"));
    assert!(doc.get("tokens").is_none(), "tokens only with --tokens");
    for key in [
        "entities",
        "actors",
        "places",
        "dates",
        "quantities",
        "events",
        "claims",
    ] {
        assert!(doc[key].is_array(), "{key} is always present");
    }
}

#[test]
fn html_page_gives_body_without_boilerplate_and_meta() {
    let path = examples().join("basra-protests.html");
    let out = run(&["analyze", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(
        doc["meta"]["title"],
        "محتجون يغلقون طريقاً رئيسياً في البصرة للمطالبة بالكهرباء"
    );
    assert_eq!(doc["meta"]["author"], "ليلى الموسوي");
    assert_eq!(doc["meta"]["published"], "2023-07-16T18:40:00+03:00");
    let text = doc["text"].as_str().unwrap();
    // The byline under the headline is metadata, not body.
    assert!(text.starts_with("أغلق مئات المحتجين"), "{text}");
    assert!(text.contains("خلال عامين."));
    for junk in [
        "الرئيسية",
        "إعلان",
        "جميع الحقوق",
        "dataLayer",
        "أخبار ذات صلة",
        "display:flex",
    ] {
        assert!(!text.contains(junk), "{junk} leaked into the body");
    }
}

#[test]
fn folder_gives_an_array_in_order_and_tokens_on_request() {
    let out = run(&["analyze", examples().to_str().unwrap(), "--tokens", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = json(&out);
    let docs = docs.as_array().expect("several documents make an array");
    // 1 text + 1 html + 2 feed items + 2 JSON Lines records
    assert_eq!(docs.len(), 6);
    for doc in docs {
        let n = doc["text"].as_str().unwrap().chars().count() as u64;
        let tokens = doc["tokens"].as_array().expect("tokens requested");
        assert!(!tokens.is_empty());
        for t in tokens {
            assert!(t["start"].as_u64().unwrap() < t["end"].as_u64().unwrap());
            assert!(t["end"].as_u64().unwrap() <= n);
        }
    }
    // Same order whatever the thread count.
    let one = run(&[
        "analyze",
        examples().to_str().unwrap(),
        "--threads",
        "1",
        "--format",
        "jsonl",
    ]);
    let two = run(&[
        "analyze",
        examples().to_str().unwrap(),
        "--threads",
        "2",
        "--format",
        "jsonl",
    ]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(String::from_utf8_lossy(&one.stdout).lines().count(), 6);
}

#[test]
fn stdin_and_format_in() {
    let mut child = marsad()
        .args(["analyze", "-", "--format-in", "text", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("وصل الوفد إلى بغداد صباح اليوم. وعقد اجتماعاً مع المسؤولين.".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["source"]["location"], "-");
    assert_eq!(doc["sentences"].as_array().map(Vec::len), Some(2));
}

#[test]
fn text_summary_shows_title_and_sentences() {
    let path = examples().join("aleppo-shelling.txt");
    let out = run(&["analyze", path.to_str().unwrap(), "--format", "text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("قصف مدفعي يستهدف قرى"));
    assert!(s.contains("author: سامر الحلبي"));
    assert!(s.contains("  1 تعرضت قرى"));
}

fn tmpdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

/// One bad input: exit 1, one line naming the input and the reason, no panic.
fn assert_clean_failure(path: &str, args: &[&str], reason: &str) {
    let mut all = vec!["analyze", path];
    all.extend_from_slice(args);
    let out = run(&all);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{path}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let line = err.lines().next().unwrap_or_default();
    assert!(line.contains(path), "error names the input: {line}");
    assert!(
        line.to_lowercase().contains(reason),
        "error gives the reason ({reason}): {line}"
    );
}

#[test]
fn bad_inputs_get_one_line_errors() {
    let dir = tmpdir();
    let d = dir.path();
    assert_clean_failure(&write(d, "empty.txt", b""), &[], "empty");
    assert_clean_failure(&write(d, "blank.txt", b"  \n\n \t"), &[], "empty");
    let mut bad = "نص عربي صحيح ثم".as_bytes().to_vec();
    bad.extend_from_slice(&[0xff, 0xfe, b'x']);
    assert_clean_failure(&write(d, "bad-utf8.txt", &bad), &[], "utf-8");
    assert_clean_failure(
        &write(d, "blob.txt", &[0u8, 1, 2, 3, 0, 159, 146, 150, 0, 0]),
        &[],
        "binary",
    );
    assert_clean_failure(
        &write(d, "nav.html", b"<html><head><title>x</title></head><body><nav><a href='/'>home</a></nav></body></html>"),
        &[],
        "body",
    );
    // A feed that makes feed-rs panic (an author e-mail followed by an
    // Arabic comma): the reader's error, not the panic message.
    assert_clean_failure(
        &write(
            d,
            "author.xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>خبر</title><author>desk@news.example، قسم الأخبار</author><description>نص الخبر.</description></item></channel></rss>".as_bytes(),
        ),
        &[],
        "feed",
    );
    // A gzip stream cut in half.
    let mut gz = Vec::new();
    {
        use std::io::Write as _;
        let mut enc = flate2_encoder(&mut gz);
        enc.write_all(
            "خبر عاجل من دمشق عن اجتماع الوزراء. "
                .repeat(200)
                .as_bytes(),
        )
        .unwrap();
        enc.finish().unwrap();
    }
    gz.truncate(gz.len() / 2);
    assert_clean_failure(&write(d, "cut.txt.gz", &gz), &[], "gzip");
    // An oversized single-line file under a small --max-bytes.
    assert_clean_failure(
        &write(d, "long.txt", "كلمة ".repeat(50_000).as_bytes()),
        &["--max-bytes", "64K"],
        "max-bytes",
    );
}

fn flate2_encoder(buf: &mut Vec<u8>) -> flate2::write::GzEncoder<&mut Vec<u8>> {
    flate2::write::GzEncoder::new(buf, flate2::Compression::default())
}

#[test]
fn lossy_replaces_invalid_utf8() {
    let dir = tmpdir();
    let mut bad = "خبر قصير عن الطقس في عمان".as_bytes().to_vec();
    bad.push(0xff);
    let p = write(dir.path(), "bad.txt", &bad);
    let out = run(&["analyze", &p, "--lossy"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(json(&out)["text"].as_str().unwrap().contains('\u{fffd}'));
}

#[test]
fn one_bad_input_does_not_stop_the_others() {
    let dir = tmpdir();
    let good = write(
        dir.path(),
        "good.txt",
        "انتهت الجولة الأولى من المفاوضات في جنيف.".as_bytes(),
    );
    let bad = write(dir.path(), "empty.txt", b"");
    let out = run(&["analyze", &bad, &good, "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // A JSON Lines file with a broken line keeps its other records.
    let jl = write(
        dir.path(),
        "mixed.jsonl",
        "{\"title\":\"أ\",\"text\":\"الخبر الأول عن حمص.\"}\n{broken\n{\"text\":\"الخبر الثاني عن حماة.\"}\n".as_bytes(),
    );
    let out = run(&["analyze", &jl, "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    assert!(stderr(&out).contains("mixed.jsonl"));
}

#[test]
fn out_file_is_written_whole() {
    let dir = tmpdir();
    let out_path = dir.path().join("out.json");
    let out = run(&[
        "analyze",
        examples().join("aleppo-shelling.txt").to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(v["meta"]["views"], 812);
    assert!(!dir.path().join("out.json.partial").exists());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["analyze", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(
        run(&["analyze", "--max-bytes", "lots"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let out = run(&["analyze", "--stages", "nope", "-"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown stage"));
}

#[test]
fn missing_path_is_reported() {
    let out = run(&["analyze", "/no/such/article.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/no/such/article.txt"));
}

#[test]
fn schema_command_prints_the_schema() {
    let out = run(&["schema"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["properties"]["entities"].is_object());
}

/// `-o` onto a pipe (or a device such as /dev/null) writes into it: a
/// rename would replace the pipe with a regular file.
#[cfg(unix)]
#[test]
fn out_onto_a_pipe_writes_into_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tmpdir();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available; skipped");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).expect("read the pipe"))
    };
    let out = run(&[
        "analyze",
        examples().join("aleppo-shelling.txt").to_str().unwrap(),
        "-o",
        fifo.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Checked first: were the pipe replaced, the reader would wait forever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
    let got = reader.join().expect("reader thread");
    let v: serde_json::Value = serde_json::from_slice(&got).expect("JSON through the pipe");
    assert_eq!(v["meta"]["views"], 812);
}

/// `marsad ARGS` with stdout and stderr as given; stdin empty.
fn run_with(args: &[&str], stdout: Stdio, stderr: Stdio) -> std::process::ExitStatus {
    marsad()
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .status()
        .expect("marsad runs")
}

#[cfg(unix)]
fn full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

/// A pipe whose reading end is closed before marsad writes.
fn closed_pipe(args: &[&str], stdout: bool) -> (std::process::ExitStatus, String) {
    let mut cmd = marsad();
    cmd.args(args).stdin(Stdio::null());
    if stdout {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    } else {
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("marsad runs");
    let mut captured = String::new();
    if stdout {
        drop(child.stdout.take());
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut captured);
        }
    } else {
        drop(child.stderr.take());
    }
    (child.wait().expect("marsad ends"), captured)
}

/// A full or closed stderr or stdout ends marsad with a status, never a
/// panic (101): 1 when something could not be written or failed, 0 for a
/// closed stdout pipe (`marsad ... | head`).
#[cfg(unix)]
#[test]
fn full_or_closed_streams_never_panic() {
    let dir = tmpdir();
    let empty = write(dir.path(), "empty.txt", b"");
    let good = write(
        dir.path(),
        "good.txt",
        "وصل وزير الخارجية إلى عمّان صباح اليوم في زيارة رسمية.".as_bytes(),
    );
    let missing = dir.path().join("missing.conll").display().to_string();

    // Errors onto a full stderr.
    assert_eq!(
        run_with(&["analyze", &empty], Stdio::null(), full()).code(),
        Some(1)
    );
    assert_eq!(
        run_with(&["eval", "ner", &missing], Stdio::null(), full()).code(),
        Some(1)
    );
    // Output onto a full stdout: exit 1, one error line, no panic.
    for args in [
        vec!["schema"],
        vec!["actors", "stats"],
        vec!["analyze", good.as_str(), "--format", "text"],
        vec!["--help"],
    ] {
        let out = marsad()
            .args(&args)
            .stdout(full())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // Both full.
    assert_eq!(
        run_with(&["analyze", &good, "--format", "text"], full(), full()).code(),
        Some(1)
    );
    // A closed stdout pipe is the reader's choice: quiet success.
    for args in [vec!["schema"], vec!["actors", "stats"]] {
        let (status, err) = closed_pipe(&args, true);
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // A closed stderr pipe (`2>&1 >/dev/null | head -1`).
    let (status, _) = closed_pipe(&["eval", "ner", &missing], false);
    assert_eq!(status.code(), Some(1));
    let (status, _) = closed_pipe(&["analyze", &empty], false);
    assert_eq!(status.code(), Some(1));
}

/// `marsad analyze a.txt > a.json; marsad analyze a.json` gives the same
/// document back (meta and source kept), in every output format marsad
/// reads; its GeoJSON output in a folder is one error line, not hundreds.
#[test]
fn marsad_reads_its_own_output() {
    let dir = tmpdir();
    let d = dir.path();
    let article = examples().join("aleppo-shelling.txt");
    let first = run(&["analyze", article.to_str().unwrap(), "-q"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let a = write(d, "a.json", &first.stdout);
    let again = run(&["analyze", &a, "-q"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let (x, y) = (json(&first), json(&again));
    for key in [
        "id",
        "text",
        "meta",
        "source",
        "sentences",
        "entities",
        "places",
    ] {
        assert_eq!(x[key], y[key], "{key}");
    }
    // An array, and JSON Lines.
    let all = run(&["analyze", examples().to_str().unwrap(), "-q"]);
    let arr = write(d, "all.json", &all.stdout);
    let back = run(&["analyze", &arr, "-q", "--format", "jsonl"]);
    assert!(back.status.success(), "{}", stderr(&back));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&back.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let before = json(&all);
    let before = before.as_array().unwrap();
    assert_eq!(lines.len(), before.len());
    for (b, l) in before.iter().zip(&lines) {
        assert_eq!(b["meta"], l["meta"]);
        assert_eq!(b["source"], l["source"]);
    }
    let jl = write(d, "all.jsonl", &back.stdout);
    let again = run(&["analyze", &jl, "-q", "--format", "jsonl"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(again.stdout, back.stdout);

    // A folder holding a GeoJSON file: one line for it.
    let geo = run(&["analyze", article.to_str().unwrap(), "--format", "geojson"]);
    assert!(geo.status.success(), "{}", stderr(&geo));
    let folder = d.join("mixed");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "places.geojson", &geo.stdout);
    write(&folder, "a.json", &first.stdout);
    let out = run(&[
        "analyze",
        folder.to_str().unwrap(),
        "-q",
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("places.geojson"))
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("not articles or marsad documents: a GeoJSON FeatureCollection"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

/// Each error says the file and the reason once.
#[test]
fn errors_say_the_file_and_reason_once() {
    let dir = tmpdir();
    let missing = dir.path().join("missing.conll").display().to_string();
    for args in [
        vec!["eval", "ner", missing.as_str()],
        vec!["tag", "--conll", missing.as_str()],
        vec!["eval", "places", missing.as_str()],
    ] {
        let out = run(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(err.matches(missing.as_str()).count(), 1, "{err}");
        assert_eq!(err.matches("No such file").count(), 1, "{err}");
    }
}

/// `marsad eval places` without a file finds the project's gold file from
/// any folder.
#[test]
fn eval_places_default_gold_outside_the_repository() {
    let dir = tmpdir();
    let out = marsad()
        .args(["eval", "places", "--json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(json(&out)["gazetteer_places"].as_u64().unwrap() > 0);
}

/// A WARC page without a date of its own takes the record's `WARC-Date`,
/// so that `أمس` resolves to a day.
#[test]
fn warc_date_anchors_relative_dates() {
    let page = "<html><head><title>مستشفى جديد</title></head><body><article><p>استقبل المستشفى الجديد أول المرضى أمس بعد افتتاحه رسمياً.</p></article></body></html>";
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    let record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/h\r\nWARC-Date: 2022-06-15T08:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let dir = tmpdir();
    let p = write(dir.path(), "crawl.warc", record.as_bytes());
    let out = run(&["analyze", &p, "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["meta"]["published"], "2022-06-15T08:00:00+00:00");
    assert_eq!(doc["source"]["record"], 1);
    let yesterday = doc["dates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["text"] == "أمس")
        .expect("أمس is a date");
    assert_eq!(yesterday["value"], "2022-06-14", "{yesterday}");
}

/// Each bench subcommand's help describes its own options.
#[test]
fn bench_help_describes_each_benchmark() {
    let help = |which: &str| {
        let out = run(&["bench", which, "--help"]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let pipeline = help("pipeline");
    assert!(pipeline.contains("whole default pipeline"), "{pipeline}");
    assert!(pipeline.contains("bench-pipeline"), "{pipeline}");
    assert!(pipeline.contains("--stages"), "{pipeline}");
    assert!(!pipeline.contains("text layer"), "{pipeline}");
    assert!(!pipeline.contains("bench-text"), "{pipeline}");
    let text = help("text");
    assert!(text.contains("text layer"), "{text}");
    assert!(text.contains("bench-text"), "{text}");
    assert!(!text.contains("--stages"), "{text}");
}

/// `marsad analyze` with no path on a terminal says it reads stdin (run
/// on a pseudo-terminal through util-linux `script` where there is one).
#[cfg(unix)]
#[test]
fn analyze_on_a_terminal_says_it_reads_stdin() {
    let bin = env!("CARGO_BIN_EXE_marsad");
    let out = Command::new("script")
        .args(["-qec", &format!("'{bin}' analyze -q"), "/dev/null"])
        .stdin(Stdio::null())
        .output();
    let Ok(out) = out else {
        eprintln!("script not available; skipped");
        return;
    };
    let all = String::from_utf8_lossy(&out.stdout);
    assert!(
        all.contains("reading standard input (end with Ctrl-D); pass files or folders"),
        "{all}"
    );
    // Not a terminal: nothing said.
    let mut child = marsad()
        .args(["analyze", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("هبت رياح قوية على الساحل.".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("standard input"));
}

/// The README says how to install the binary; its two first commands stay.
#[test]
fn readme_says_how_to_install() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let using = readme
        .split("## Using it")
        .nth(1)
        .expect("a Using it section");
    let using = using.split("\n## ").next().unwrap_or_default();
    assert!(using.contains("cargo install --path crates/marsad-cli"));
    let commands: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("cargo "))
        .take(2)
        .collect();
    assert_eq!(
        commands,
        [
            "cargo run --release --bin marsad -- analyze examples/articles --format text",
            "cargo test --workspace"
        ]
    );
}

/// An article on a scraped page whose header is flattened on one line, with
/// a truce and an evacuation: every view of it, from the binary.
#[test]
fn events_in_plover_acled_and_text_views() {
    let dir = tmpdir();
    let path = write(
        dir.path(),
        "deal.txt",
        "خروج مقاتلين من بلدة مضايا الكاتب : مكتب التحرير التاريخ : 14 نيسان 2017 م المشاهدات : 530\n\
         قالت مصادر محلية إن نحو 800 مقاتل خرجوا من بلدة مضايا إلى إدلب بموجب اتفاق مع الحكومة السورية (12 نيسان).\n"
            .as_bytes(),
    );
    let out = run(&["analyze", &path, "-q"]);
    let doc = json(&out);
    assert_eq!(doc["meta"]["title"], "خروج مقاتلين من بلدة مضايا");
    assert_eq!(doc["meta"]["published"], "2017-04-14");
    assert_eq!(doc["meta"]["views"], 530);
    assert!(!doc["text"].as_str().unwrap_or("").contains("المشاهدات"));
    let types: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(
        types.contains(&"RETREAT") && types.contains(&"AGREE"),
        "{types:?}"
    );

    let out = run(&["analyze", &path, "-q", "-f", "plover"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let retreat = lines
        .iter()
        .find(|r| r["event"] == "RETREAT")
        .expect("RETREAT record");
    assert_eq!(retreat["mode"], "withdraw");
    // The sentence's own date, its year from the publication date.
    assert_eq!(retreat["date"], "2017-04-12");
    assert!(retreat["event_loc"]["lat"].is_f64());

    let out = run(&["analyze", &path, "-q", "-f", "acled"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    let header = csv.lines().next().unwrap_or("");
    assert_eq!(header.split(',').count(), 25, "{header}");
    assert!(header.starts_with("event_date,disorder_type,event_type,sub_event_type,actor1"));
    assert!(csv.contains("Non-violent transfer of territory"), "{csv}");

    let out = run(&["analyze", &path, "-q", "-f", "text"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("RETREAT/withdraw"), "{text}");
    assert!(text.contains("claims"), "{text}");
}

/// Two articles of one run disagree on the number of fighters who left a
/// town: the later one records the contradiction, naming the earlier.
#[test]
fn contradictions_across_the_documents_of_a_run() {
    let dir = tmpdir();
    let a = write(
        dir.path(),
        "a.txt",
        "خروج مقاتلين من الزبداني\n\nقالت مصادر محلية إن نحو 1200 مقاتل خرجوا من بلدة الزبداني إلى إدلب يوم 5 آب 2017 بموجب اتفاق.\n".as_bytes(),
    );
    let b = write(
        dir.path(),
        "b.txt",
        "بيان التحالف\n\nأعلن التحالف أن 300 مقاتل غادروا بلدة الزبداني إلى إدلب يوم 5 آب 2017.\n"
            .as_bytes(),
    );
    // A third article on another town and day contradicts nothing.
    let c = write(
        dir.path(),
        "c.txt",
        "خبر\n\nقالت مصادر محلية إن 40 مقاتلاً خرجوا من بلدة مضايا إلى إدلب يوم 9 أيلول 2018.\n"
            .as_bytes(),
    );
    let out = run(&["analyze", &a, &b, &c, "-q"]);
    let docs = json(&out);
    let docs = docs.as_array().expect("an array");
    assert!(docs[0]["contradictions"].as_array().unwrap().is_empty());
    let k = &docs[1]["contradictions"][0];
    assert_eq!(k["role"], "fighters");
    assert_eq!(k["sides"][0]["value"], 300.0);
    assert_eq!(k["sides"][1]["value"], 1200.0);
    assert_eq!(k["sides"][1]["document"], docs[0]["id"]);
    assert!(docs[2]["contradictions"].as_array().unwrap().is_empty());
}
