//! RSS and Atom feeds through `feed-rs`: each entry becomes a document
//! from its `content` (else its `summary`), HTML reduced to text with
//! paragraphs kept. `published` (else `updated`) comes out in UTC: feed-rs
//! normalises the offset away.

use crate::error::{At, ErrorKind, ReadError};
use crate::htmltext;
use crate::input::clean_text;
use crate::labels;
use marsad_core::{Document, Meta, Source};

/// feed-rs 3.0.0 panics on some malformed input (it slices an author
/// field at a byte that is not a character boundary when a multi-byte
/// character follows an e-mail address); such input is an error here, not
/// a crash.
fn parse(bytes: &[u8]) -> Result<feed_rs::model::Feed, ErrorKind> {
    match std::panic::catch_unwind(|| feed_rs::parser::parse(bytes)) {
        Ok(parsed) => parsed.map_err(|e| ErrorKind::Feed(e.to_string())),
        Err(payload) => {
            let why = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("no message");
            Err(ErrorKind::Feed(format!("the feed parser failed: {why}")))
        }
    }
}

/// Installs, once, a panic hook that stays silent for panics raised inside
/// feed-rs (the reader turns them into errors) and hands every other panic
/// to the hook that was there before.
pub fn quiet_feed_parser_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_feed_rs = info
                .location()
                .is_some_and(|l| l.file().contains("/feed-rs-"));
            if !in_feed_rs {
                previous(info);
            }
        }));
    });
}

/// Parses a whole feed; one result per entry.
pub(crate) fn read(
    name: &str,
    bytes: &[u8],
) -> Result<Vec<Result<Document, ReadError>>, ErrorKind> {
    let feed = parse(bytes)?;
    let outlet = feed
        .title
        .as_ref()
        .map(|t| text_of(&t.content, t.content_type.as_ref()))
        .filter(|t| !t.is_empty());
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, e) in feed.entries.into_iter().enumerate() {
        // Entries count from 1, as every record does.
        let n = i as u64 + 1;
        let source = Source {
            location: name.to_string(),
            reader: "feed".into(),
            record: Some(n),
        };
        let body = e
            .content
            .as_ref()
            .and_then(|c| {
                c.body
                    .as_deref()
                    .map(|b| text_of(b, c.content_type.as_ref()))
            })
            .filter(|t| !t.is_empty())
            .or_else(|| {
                e.summary
                    .as_ref()
                    .map(|s| text_of(&s.content, s.content_type.as_ref()))
                    .filter(|t| !t.is_empty())
            });
        let Some(body) = body else {
            out.push(Err(ReadError::at(
                name,
                At::Entry(n),
                ErrorKind::EmptyEntry,
            )));
            continue;
        };
        let authors: Vec<String> = e
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref())
            // RSS `<author>` is `email (Name)`; feed-rs keeps the parentheses.
            .map(|n| {
                let n = n.trim();
                n.strip_prefix('(')
                    .and_then(|x| x.strip_suffix(')'))
                    .unwrap_or(n)
                    .trim()
            })
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect();
        let mut meta = Meta {
            title: e
                .title
                .as_ref()
                .map(|t| text_of(&t.content, t.content_type.as_ref()))
                .filter(|t| !t.is_empty()),
            author: (!authors.is_empty()).then(|| authors.join(", ")),
            published: e
                .published
                .or(e.updated)
                .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()),
            url: e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(e.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|u| !u.is_empty()),
            outlet: outlet.clone(),
            ..Meta::default()
        };
        let body = labels::finish_body(&body, &mut meta);
        if body.trim().is_empty() {
            out.push(Err(ReadError::at(
                name,
                At::Entry(n),
                ErrorKind::EmptyEntry,
            )));
            continue;
        }
        out.push(Ok(Document::new(body, source, meta)));
    }
    Ok(out)
}

/// Feed text fields may hold HTML (RSS `description` always may; Atom says
/// so in `type`): anything that looks like markup goes through the HTML
/// text walker.
fn text_of(s: &str, content_type: &str) -> String {
    let looks_html = content_type.contains("html") || (s.contains('<') && s.contains('>'));
    if looks_html {
        htmltext::fragment_text(s)
    } else {
        clean_text(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>أخبار المرصد</title><link>https://example.com/</link><description>تجربة</description>
<item><title>افتتاح جسر جديد</title><link>https://example.com/1</link>
<pubDate>Sun, 03 Mar 2019 10:15:00 +0300</pubDate><dc:creator>سعاد نبيل</dc:creator>
<description><![CDATA[<p>افتتحت الحكومة جسرا جديدا.</p><p>وقال الوزير إن «العمل انتهى».</p>]]></description></item>
<item><title>بلا نص</title><link>https://example.com/2</link></item>
<item><title>خبر ثالث</title><description>نص عادي بلا وسوم.</description></item>
</channel></rss>"#;

    #[test]
    fn a_panic_in_feed_rs_is_an_error() {
        // feed-rs slices after the e-mail address by one byte; the Arabic
        // comma that follows it here is two.
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>خبر</title><author>desk@news.example، قسم الأخبار</author>
<description>نص الخبر.</description></item></channel></rss>"#;
        match read("bad.xml", rss.as_bytes()) {
            Err(ErrorKind::Feed(why)) => assert!(why.contains("feed parser failed"), "{why}"),
            other => panic!("expected a feed error, got {other:?}"),
        }
    }

    #[test]
    fn rss_entries() {
        let docs = read("feed.xml", RSS.as_bytes()).unwrap();
        assert_eq!(docs.len(), 3);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(
            d.text,
            "افتتحت الحكومة جسرا جديدا.\n\nوقال الوزير إن «العمل انتهى»."
        );
        assert_eq!(d.meta.title.as_deref(), Some("افتتاح جسر جديد"));
        assert_eq!(d.meta.url.as_deref(), Some("https://example.com/1"));
        assert_eq!(
            d.meta.published.as_deref(),
            Some("2019-03-03T07:15:00+00:00")
        );
        assert_eq!(d.meta.author.as_deref(), Some("سعاد نبيل"));
        assert_eq!(d.meta.outlet.as_deref(), Some("أخبار المرصد"));
        assert_eq!(
            (d.source.reader.as_str(), d.source.record),
            ("feed", Some(1))
        );
        assert_eq!(
            docs[1].as_ref().unwrap_err().to_string(),
            "feed.xml: entry 2: no text (neither content nor summary)"
        );
        assert_eq!(docs[2].as_ref().unwrap().text, "نص عادي بلا وسوم.");
    }

    #[test]
    fn rss_author_email_and_name() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>ن</title>
<item><title>خبر</title><author>desk@example.com (قسم الأخبار)</author>
<description>وصل الوفد إلى عمّان مساء الخميس.</description></item></channel></rss>"#;
        let docs = read("feed.xml", rss.as_bytes()).unwrap();
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.meta.author.as_deref(), Some("قسم الأخبار"));
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>مدونة</title><id>urn:x</id><updated>2019-03-03T10:15:00Z</updated>
<entry><title>تدوينة</title><id>urn:1</id><updated>2019-03-04T10:15:00+02:00</updated>
<author><name>رامي</name></author><link href="https://example.com/p"/>
<content type="html">&lt;p&gt;سطر أول&lt;/p&gt;&lt;ul&gt;&lt;li&gt;بند&lt;/li&gt;&lt;/ul&gt;</content></entry>
</feed>"#;
        let docs = read("a.atom", atom.as_bytes()).unwrap();
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.text, "سطر أول\n\nبند");
        assert_eq!(
            d.meta.published.as_deref(),
            Some("2019-03-04T08:15:00+00:00")
        );
        assert_eq!(d.meta.author.as_deref(), Some("رامي"));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(matches!(
            read("x.xml", b"<not a feed"),
            Err(ErrorKind::Feed(_))
        ));
    }
}
