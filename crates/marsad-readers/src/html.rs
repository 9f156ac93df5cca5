//! HTML pages: main content through `dom_smoothie` (a Readability port),
//! metadata from JSON-LD, OpenGraph, `<meta>` tags and `<title>`, and the
//! labelled lines scraped pages show (`المشاهدات : 812`).
//!
//! Metadata priority: JSON-LD `NewsArticle`/`Article` first (it is the most
//! deliberate), then OpenGraph / `article:*`, then plain `<meta>`, then the
//! page's labelled lines, then `<title>`.

use crate::error::ErrorKind;
use crate::htmltext::{self, TextBuilder};
use crate::labels::{self, Field};
use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability};
use marsad_core::Meta;
use serde_json::Value;

/// Extracts (body, metadata) from an HTML page. `url` is where the page
/// was fetched from (a WARC target), if known.
pub(crate) fn parse(html: &str, url: Option<&str>) -> Result<(String, Meta), ErrorKind> {
    // Parsing and readability scoring cost grows with the square of the
    // nesting depth: refuse pathological pages before parsing them.
    if htmltext::nesting_estimate(html) > htmltext::MAX_NESTING {
        return Err(ErrorKind::TooDeep(htmltext::MAX_NESTING));
    }
    let dom = Dom::from(html);
    let mut meta = metadata(&dom);
    let page_lines = page_label_lines(&dom);
    strip_bylines(&dom);

    let base = url
        .or(meta.url.as_deref())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut body = readability_text(dom, base).unwrap_or_default();
    if !has_paragraphs(&body) {
        // Readability gave up (short pages): take the paragraphs of the
        // page's <article> or <main>.
        if let Some(fallback) = fallback_text(html) {
            body = fallback;
        }
    }
    // Labelled lines anywhere on the page fill what the tags did not.
    for line in &page_lines {
        if let Some((f, v)) = labels::labelled(line) {
            if matches!(f, Field::Author | Field::Published | Field::Views) {
                labels::apply(&mut meta, f, &v);
            }
        }
    }
    let body = labels::finish_body(&body, &mut meta);
    let body = body.trim().to_string();
    if body.is_empty() {
        return Err(ErrorKind::NoArticleBody);
    }
    Ok((body, meta))
}

/// Byline and dateline blocks ("name - date" under the headline) are
/// metadata, not body text; readability keeps them when the page's meta
/// tags already named the author.
fn strip_bylines(dom: &Dom) {
    const SEL: &str = "[class*=byline], [class*=author], [rel=author], [itemprop=author], \
                       [class*=dateline], [class*=post-date], [class*=publish-date], [class*=article-date]";
    for node in dom.select(SEL).nodes() {
        if node.text().chars().count() <= 120 {
            node.remove_from_parent();
        }
    }
}

fn has_paragraphs(s: &str) -> bool {
    !s.trim().is_empty()
}

fn readability_text(dom: Dom, url: Option<&str>) -> Option<String> {
    let cfg = Config {
        // Arabic news paragraphs are often short; the default 500-char
        // threshold makes readability retry with looser rules, which is
        // fine, but never drop below real content.
        char_threshold: 250,
        ..Config::default()
    };
    let mut r = Readability::with_document(dom, url, Some(cfg)).ok()?;
    let article = r.parse().ok()?;
    let text = htmltext::fragment_text(&article.content);
    (!text.trim().is_empty()).then_some(text)
}

/// Text of `<article>` or `<main>` (or `[role=main]`), when it has `<p>`s.
fn fallback_text(html: &str) -> Option<String> {
    let dom = Dom::from(html);
    for sel in ["article", "main", "[role=main]"] {
        for node in dom.select(sel).nodes() {
            let has_p = node
                .descendants_it()
                .any(|d| d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("p")));
            if !has_p {
                continue;
            }
            let mut b = TextBuilder::default();
            htmltext::walk(node, &mut b);
            let t = b.finish();
            if !t.is_empty() {
                return Some(t);
            }
        }
    }
    None
}

/// Short lines of the whole page's text, where labelled lines live.
fn page_label_lines(dom: &Dom) -> Vec<String> {
    let mut out = Vec::new();
    // Walk the body without dropping header/footer/aside: the view count
    // is usually in a sidebar or header strip.
    let Some(body) = dom.body() else {
        return out;
    };
    let mut b = TextBuilder::default();
    htmltext::walk_with_chrome(&body, &mut b);
    for line in b.finish().lines() {
        let l = line.trim();
        if !l.is_empty() && l.chars().count() <= 120 && labels::labelled(l).is_some() {
            out.push(l.to_string());
        }
    }
    out
}

fn attr(dom: &Dom, sel: &str, name: &str) -> Option<String> {
    dom.select(sel)
        .nodes()
        .iter()
        .filter_map(|n| n.attr(name))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

fn meta_content(dom: &Dom, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        attr(dom, &format!("meta[property=\"{k}\"]"), "content")
            .or_else(|| attr(dom, &format!("meta[name=\"{k}\"]"), "content"))
            .or_else(|| attr(dom, &format!("meta[itemprop=\"{k}\"]"), "content"))
    })
}

fn non_empty(s: String) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

fn metadata(dom: &Dom) -> Meta {
    let ld = json_ld(dom);
    let mut meta = Meta {
        title: ld.title.clone(),
        author: ld.author.clone(),
        url: ld.url.clone(),
        outlet: ld.publisher.clone(),
        ..Meta::default()
    };
    meta.published = ld
        .published
        .as_deref()
        .and_then(|d| marsad_dates::parse_date(d).ok())
        .map(|d| d.to_iso());

    if meta.title.is_none() {
        meta.title = meta_content(dom, &["og:title", "twitter:title"]).and_then(non_empty);
    }
    if meta.author.is_none() {
        meta.author = meta_content(dom, &["author", "article:author", "byl", "dc.creator"])
            .filter(|a| !a.starts_with("http"))
            .and_then(non_empty);
    }
    if meta.published.is_none() {
        meta.published = meta_content(
            dom,
            &[
                "article:published_time",
                "datePublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "date",
                "dc.date.issued",
                "dc.date",
            ],
        )
        .or_else(|| {
            attr(
                dom,
                "time[pubdate][datetime], time[itemprop=datePublished]",
                "datetime",
            )
        })
        .and_then(|d| marsad_dates::parse_date(&d).ok())
        .map(|d| d.to_iso());
    }
    if meta.url.is_none() {
        meta.url = meta_content(dom, &["og:url"])
            .or_else(|| attr(dom, "link[rel=canonical]", "href"))
            .filter(|u| !u.is_empty());
    }
    if meta.outlet.is_none() {
        meta.outlet = meta_content(dom, &["og:site_name", "application-name"]).and_then(non_empty);
    }
    if meta.title.is_none() {
        meta.title = dom
            .select("title")
            .nodes()
            .first()
            .map(|n| n.text().to_string())
            .and_then(non_empty)
            .map(|t| trim_title(t, dom, meta.outlet.as_deref()));
    }
    meta
}

/// `<title>` usually carries the site name too (`خبر | الموقع`): prefer
/// the page's single `<h1>` when the title contains it, else cut a
/// trailing ` | outlet`.
fn trim_title(title: String, dom: &Dom, outlet: Option<&str>) -> String {
    let h1s = dom.select("h1");
    if h1s.length() == 1 {
        if let Some(h1) = non_empty(h1s.text().to_string()) {
            if title.contains(&h1) {
                return h1;
            }
        }
    }
    if let Some(o) = outlet {
        if let Some(rest) = title.strip_suffix(o) {
            let cut = rest
                .trim_end()
                .trim_end_matches(['|', '-', '–', '—', ':', '»']);
            if !cut.trim().is_empty() {
                return cut.trim().to_string();
            }
        }
    }
    title
}

#[derive(Debug, Default)]
struct LdMeta {
    title: Option<String>,
    author: Option<String>,
    published: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
}

/// The first JSON-LD object typed as an article (`NewsArticle`,
/// `Article`, `ReportageNewsArticle`, `BlogPosting` …), top level, in an
/// array, or in an `@graph`.
fn json_ld(dom: &Dom) -> LdMeta {
    for node in dom.select("script[type=\"application/ld+json\"]").nodes() {
        let text = node.text();
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        if let Some(a) = find_article(&v, 0) {
            return LdMeta {
                title: str_field(a, "headline").or_else(|| str_field(a, "name")),
                author: a.get("author").and_then(person_names),
                published: str_field(a, "datePublished"),
                url: str_field(a, "url").or_else(|| {
                    a.get("mainEntityOfPage")
                        .and_then(|m| str_field(m, "@id").or_else(|| m.as_str().map(String::from)))
                }),
                publisher: a.get("publisher").and_then(person_names),
            };
        }
    }
    LdMeta::default()
}

fn is_article_type(t: &Value) -> bool {
    match t {
        Value::String(s) => s.ends_with("Article") || s == "BlogPosting" || s == "Report",
        Value::Array(a) => a.iter().any(is_article_type),
        _ => false,
    }
}

fn find_article(v: &Value, depth: usize) -> Option<&Value> {
    if depth > 4 {
        return None;
    }
    match v {
        Value::Object(o) => {
            if o.get("@type").is_some_and(is_article_type) {
                return Some(v);
            }
            o.get("@graph").and_then(|g| find_article(g, depth + 1))
        }
        Value::Array(a) => a.iter().find_map(|x| find_article(x, depth + 1)),
        _ => None,
    }
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(|s| s.to_string())
        .and_then(non_empty)
}

/// `"X"`, `{"name": "X"}`, or an array of either → `X, Y`.
fn person_names(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(_) => str_field(v, "name").into_iter().collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Object(_) => str_field(x, "name"),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter_map(non_empty).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// The charset an HTML page declares in its first bytes, if any.
pub(crate) fn declared_charset(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &lower[pos + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    let cs = String::from_utf8_lossy(&rest[..end]).into_owned();
    (!cs.is_empty()).then_some(cs)
}

pub(crate) fn is_utf8_label(cs: &str) -> bool {
    matches!(
        cs,
        "utf-8" | "utf8" | "us-ascii" | "ascii" | "unicode-1-1-utf-8"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="ar" dir="rtl"><head>
<meta charset="utf-8"><title>تجربة - موقع</title>
<meta property="og:title" content="افتتاح مكتبة في الحي">
<meta property="og:site_name" content="موقع الحي">
<meta property="article:published_time" content="2019-03-03T10:15:00+03:00">
<meta name="author" content="هدى كمال">
<script>window.ads = [];</script><style>p{color:red}</style>
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/x">أخبار</a></nav>
<article><h1>افتتاح مكتبة في الحي</h1>
<p>افتتحت البلدية مكتبة عامة جديدة في الحي الشمالي، تضم آلاف الكتب للأطفال والكبار وقاعة للمطالعة.</p>
<p>وقالت مديرة المكتبة إن «القراءة حق للجميع»، مضيفة أن المكتبة ستفتح أبوابها يوميا من التاسعة صباحا.</p>
<div class="ad">إعلان ممول</div>
</article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"#;

    #[test]
    fn article_and_meta() {
        let (body, meta) = parse(PAGE, None).unwrap();
        assert!(body.starts_with("افتتحت البلدية"), "{body}");
        assert!(body.contains("\n\nوقالت مديرة"), "{body}");
        for junk in ["الرئيسية", "window.ads", "color:red", "جميع الحقوق"] {
            assert!(!body.contains(junk), "{junk} in {body}");
        }
        assert_eq!(meta.title.as_deref(), Some("افتتاح مكتبة في الحي"));
        assert_eq!(meta.author.as_deref(), Some("هدى كمال"));
        assert_eq!(meta.published.as_deref(), Some("2019-03-03T10:15:00+03:00"));
        assert_eq!(meta.outlet.as_deref(), Some("موقع الحي"));
    }

    #[test]
    fn json_ld_wins() {
        let page = r#"<html><head><title>ع</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"س"},
{"@type":"NewsArticle","headline":"عنوان من البيانات","datePublished":"2019-03-04T08:00:00Z",
"author":[{"@type":"Person","name":"أ"},"ب"],"publisher":{"@type":"Organization","name":"الناشر"},"url":"https://example.com/n"}]}</script>
</head><body><main><p>فقرة قصيرة.</p></main></body></html>"#;
        let (body, meta) = parse(page, None).unwrap();
        assert_eq!(body, "فقرة قصيرة.");
        assert_eq!(meta.title.as_deref(), Some("عنوان من البيانات"));
        assert_eq!(meta.author.as_deref(), Some("أ, ب"));
        assert_eq!(meta.published.as_deref(), Some("2019-03-04T08:00:00+00:00"));
        assert_eq!(meta.outlet.as_deref(), Some("الناشر"));
        assert_eq!(meta.url.as_deref(), Some("https://example.com/n"));
    }

    #[test]
    fn title_tag_is_trimmed() {
        let page = "<html><head><title>خبر عاجل | موقع</title><meta property=\"og:site_name\" content=\"موقع\"></head><body><article><p>نص.</p></article></body></html>";
        assert_eq!(
            parse(page, None).unwrap().1.title.as_deref(),
            Some("خبر عاجل")
        );
        let page = "<html><head><title>موقع - خبر عاجل</title></head><body><article><h1>خبر عاجل</h1><p>نص الخبر.</p></article></body></html>";
        let (body, meta) = parse(page, None).unwrap();
        assert_eq!(meta.title.as_deref(), Some("خبر عاجل"));
        assert_eq!(body, "نص الخبر.");
    }

    #[test]
    fn fallback_reads_article_paragraphs() {
        let page = "<html><body><nav>قائمة</nav><article><p>فقرة</p><aside>جانبي</aside><p>ثانية</p></article></body></html>";
        assert_eq!(fallback_text(page).as_deref(), Some("فقرة\n\nثانية"));
        assert_eq!(
            fallback_text("<html><body><div>x</div></body></html>"),
            None
        );
    }

    #[test]
    fn pathological_nesting_is_refused_quickly() {
        assert_eq!(
            htmltext::nesting_estimate("<html><body><div><p>a<p>b<br><img/></div></body></html>"),
            3
        );
        let deep = format!("{}نص{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let t = std::time::Instant::now();
        assert!(matches!(parse(&deep, None), Err(ErrorKind::TooDeep(_))));
        assert!(t.elapsed().as_secs() < 2);
    }

    #[test]
    fn nothing_readable_is_an_error() {
        let page = "<html><body><nav>قائمة</nav><script>x()</script></body></html>";
        assert!(matches!(parse(page, None), Err(ErrorKind::NoArticleBody)));
        assert!(matches!(parse("", None), Err(ErrorKind::NoArticleBody)));
    }

    #[test]
    fn charset_sniffing() {
        assert_eq!(
            declared_charset(b"<meta charset=\"windows-1256\">").as_deref(),
            Some("windows-1256")
        );
        assert_eq!(
            declared_charset(b"<meta http-equiv=Content-Type content='text/html; charset=UTF-8'>")
                .as_deref(),
            Some("utf-8")
        );
        assert_eq!(declared_charset(b"<p>"), None);
    }
}
