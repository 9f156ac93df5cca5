//! The labelled lines scraped Arabic pages carry (`الكاتب : X`,
//! `التاريخ : …`, `المشاهدات : 812`) and the trailing `المصادر:` block.
//! Shared by the text reader and by the HTML reader, so that one article
//! read from either form yields the same body and metadata.

use marsad_core::Meta;
use marsad_text::lexicon::fold;

/// What a labelled line sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Author,
    Published,
    Views,
    Outlet,
    Url,
}

/// Label spellings (matched after [`fold`] and whitespace collapsing).
const LABELS: &[(&str, Field)] = &[
    ("العنوان", Field::Title),
    ("عنوان المقال", Field::Title),
    ("عنوان الخبر", Field::Title),
    ("title", Field::Title),
    ("الكاتب", Field::Author),
    ("الكاتبة", Field::Author),
    ("كاتب المقال", Field::Author),
    ("بقلم", Field::Author),
    ("المؤلف", Field::Author),
    ("إعداد", Field::Author),
    ("كتب", Field::Author),
    ("كتبت", Field::Author),
    ("المحرر", Field::Author),
    ("author", Field::Author),
    ("by", Field::Author),
    ("التاريخ", Field::Published),
    ("تاريخ النشر", Field::Published),
    ("تاريخ", Field::Published),
    ("نشر في", Field::Published),
    ("نشر بتاريخ", Field::Published),
    ("تم النشر", Field::Published),
    ("وقت النشر", Field::Published),
    ("بتاريخ", Field::Published),
    ("date", Field::Published),
    ("published", Field::Published),
    ("المشاهدات", Field::Views),
    ("عدد المشاهدات", Field::Views),
    ("مشاهدات", Field::Views),
    ("القراءات", Field::Views),
    ("عدد القراءات", Field::Views),
    ("views", Field::Views),
    ("المصدر", Field::Outlet),
    ("الموقع", Field::Outlet),
    ("الصحيفة", Field::Outlet),
    ("الجريدة", Field::Outlet),
    ("source", Field::Outlet),
    ("الرابط", Field::Url),
    ("رابط المقال", Field::Url),
    ("رابط الخبر", Field::Url),
    ("الرابط المختصر", Field::Url),
    ("url", Field::Url),
    ("link", Field::Url),
];

/// Headings of a trailing sources block.
const SOURCE_HEADINGS: &[&str] = &[
    "المصادر",
    "المراجع",
    "مصادر",
    "مراجع",
    "المصادر والمراجع",
    "المصدر",
    "المرجع",
    "sources",
    "references",
];

/// Labels longer than this are not labels but sentences with a colon.
const MAX_LABEL_CHARS: usize = 30;

fn squash(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits `label : value` (ASCII or full-width colon, any spacing). `بقلم`
/// needs no colon (`بقلم أحمد علي`).
pub(crate) fn labelled(line: &str) -> Option<(Field, String)> {
    let line = line.trim();
    if let Some(i) = line.find([':', '：']) {
        let (label, rest) = line.split_at(i);
        if label.chars().count() <= MAX_LABEL_CHARS {
            let key = squash(label);
            let value = rest.trim_start_matches([':', '：']).trim().to_string();
            if let Some(&(_, f)) = LABELS.iter().find(|(l, _)| squash(l) == key) {
                if !value.is_empty() {
                    return Some((f, value));
                }
            }
        }
    }
    let rest = line.strip_prefix("بقلم")?;
    if rest.starts_with(char::is_whitespace) && rest.trim().chars().count() <= 60 {
        return Some((Field::Author, rest.trim().to_string()));
    }
    None
}

/// Sets `field` from `value` unless the field is already set. Returns
/// whether the value was usable (a date that does not parse or a
/// non-numeric view count is not, and is left out).
pub(crate) fn apply(meta: &mut Meta, field: Field, value: &str) -> bool {
    let value = value.trim();
    match field {
        Field::Title => set(&mut meta.title, value),
        Field::Author => set(&mut meta.author, value),
        Field::Outlet => set(&mut meta.outlet, value),
        Field::Url => set(&mut meta.url, value),
        Field::Published => match marsad_dates::parse_date(value) {
            Ok(d) => set(&mut meta.published, &d.to_iso()),
            Err(_) => false,
        },
        Field::Views => match parse_count(value) {
            Some(n) => {
                meta.views.get_or_insert(n);
                true
            }
            None => false,
        },
    }
}

fn set(slot: &mut Option<String>, value: &str) -> bool {
    if value.is_empty() {
        return false;
    }
    if slot.is_none() {
        *slot = Some(value.to_string());
    }
    true
}

/// `812`, `١٬٢٣٤`, `1,234 مشاهدة` → the number.
pub(crate) fn parse_count(s: &str) -> Option<u64> {
    let f = fold(s);
    let mut digits = String::new();
    let mut started = false;
    for c in f.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            started = true;
        } else if started && matches!(c, ',' | '٬' | '.' | '\u{2019}' | '\'' | ' ') {
            continue;
        } else if started {
            break;
        }
    }
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.parse().ok()
}

/// A line that carries several labelled fields, as scraped pages flatten
/// their header (`TITLE الكاتب : X التاريخ : 3 مارس 2019 م المشاهدات :
/// 812`), cut into the lines it stands for: the title (the text before the
/// first label), one `label : value` line per field, and whatever follows
/// a final view count (the body, when the page put it on the same line).
/// Needs two labels at least: one `قال المصدر: …` in a sentence is not a
/// header.
pub(crate) fn split_inline(line: &str) -> Option<Vec<&str>> {
    // (label start, value start, field) for every colon preceded by a label.
    let mut found: Vec<(usize, usize, Field)> = Vec::new();
    for (ci, c) in line.char_indices() {
        if c != ':' && c != '：' {
            continue;
        }
        let before = line[..ci].trim_end();
        // The label is the last one to three words before the colon.
        let starts: Vec<usize> = before
            .char_indices()
            .filter(|&(i, ch)| {
                !ch.is_whitespace() && (i == 0 || before[..i].ends_with(char::is_whitespace))
            })
            .map(|(i, _)| i)
            .collect();
        let mut hit = None;
        for &w0 in starts.iter().rev().take(3) {
            let key = squash(&before[w0..]);
            if let Some(&(_, f)) = LABELS.iter().find(|(l, _)| squash(l) == key) {
                hit = Some((w0, f));
            }
        }
        if let Some((w0, f)) = hit {
            if found.last().is_none_or(|&(_, v, _)| w0 >= v) {
                found.push((w0, ci + c.len_utf8(), f));
            }
        }
    }
    if found.len() < 2 {
        return None;
    }
    let mut out = Vec::with_capacity(found.len() + 2);
    let title = line[..found[0].0].trim();
    if !title.is_empty() {
        out.push(title);
    }
    for (k, &(w0, v0, f)) in found.iter().enumerate() {
        let v1 = found.get(k + 1).map_or(line.len(), |n| n.0);
        if k + 1 == found.len() && f == Field::Views {
            // `812`, maybe `مشاهدة`, then maybe the body.
            let value = &line[v0..v1];
            let lead = value.len() - value.trim_start().len();
            let digits = value.trim_start();
            let end = digits
                .char_indices()
                .find(|&(_, ch)| !(ch.is_numeric() || matches!(ch, ',' | '٬' | '.')))
                .map_or(digits.len(), |(i, _)| i);
            let mut rest = digits[end..].trim_start();
            if let Some(word) = rest.split_whitespace().next() {
                if fold(word).starts_with("مشاهد") || fold(word).starts_with("قراء") {
                    rest = rest[word.len()..].trim_start();
                }
            }
            out.push(line[w0..v0 + lead + end].trim());
            if !rest.is_empty() {
                out.push(rest);
            }
        } else {
            out.push(line[w0..v1].trim());
        }
    }
    Some(out)
}

/// The first lines of a page with flattened header lines cut apart (see
/// [`split_inline`]); only the first three non-blank lines are looked at.
pub(crate) fn unflatten<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(lines.len() + 4);
    let mut seen = 0;
    for (i, &l) in lines.iter().enumerate() {
        if seen >= 3 {
            out.extend_from_slice(&lines[i..]);
            break;
        }
        if is_blank(l) {
            out.push(l);
            continue;
        }
        seen += 1;
        match split_inline(l) {
            Some(parts) => out.extend(parts),
            None => out.push(l),
        }
    }
    out
}

fn is_blank(l: &str) -> bool {
    l.trim().is_empty()
}

/// Reads the header of a scraped page: an optional title line, then
/// labelled lines (blank lines between them allowed, any order). Returns
/// the index of the first body line. Without any label nothing is taken,
/// except the title of a `short line + blank line + text` layout when
/// `guess_title` is set.
pub(crate) fn parse_header(lines: &[&str], meta: &mut Meta, guess_title: bool) -> usize {
    let mut i = 0;
    while i < lines.len() && is_blank(lines[i]) {
        i += 1;
    }
    if i >= lines.len() {
        return i;
    }
    let mut title = None;
    if labelled(lines[i]).is_none() {
        // A title line counts only when labels follow it.
        let mut j = i + 1;
        while j < lines.len() && is_blank(lines[j]) {
            j += 1;
        }
        if j < lines.len() && labelled(lines[j]).is_some() {
            title = Some(lines[i].trim());
            i = j;
        }
    }
    let start = i;
    while i < lines.len() {
        if is_blank(lines[i]) {
            i += 1;
            continue;
        }
        match labelled(lines[i]) {
            Some((f, v)) => {
                apply(meta, f, &v);
                i += 1;
            }
            None => break,
        }
    }
    if let Some(t) = title {
        // An explicit `العنوان:` label wins over the first line.
        meta.title.get_or_insert_with(|| t.to_string());
    }
    if i == start && title.is_none() {
        // No labels at all.
        if guess_title {
            if let Some(body_start) = guess_title_line(lines, start, meta) {
                return body_start;
            }
        }
        return start;
    }
    i
}

/// `short line` + blank line + more text: the short line is a title when
/// it has at most 100 characters and does not end like a sentence.
fn guess_title_line(lines: &[&str], i: usize, meta: &mut Meta) -> Option<usize> {
    let first = lines.get(i)?.trim();
    if !lines.get(i + 1).is_some_and(|l| is_blank(l)) {
        return None;
    }
    if first.chars().count() > 100
        || first.ends_with(['.', '!', '?', '؟', '…', ':', '؛', '،', ',', ';', '»', '"'])
    {
        return None;
    }
    let rest = lines[i + 1..].iter().position(|l| !is_blank(l))? + i + 1;
    meta.title.get_or_insert_with(|| first.to_string());
    Some(rest)
}

/// Drops leading/trailing bullets and numbering: `- `, `• `, `1. `, `(2) `, `[3] `.
pub(crate) fn strip_bullet(line: &str) -> &str {
    let t = line.trim();
    let t = t.trim_start_matches(['-', '*', '•', '·', '–', '—', '▪', '◦', '●', '○', '■', '►']);
    let t = t.trim_start();
    // Numbering: digits (any script) followed by `.`, `)`, `-`, or wrapped.
    let mut chars = t.char_indices().peekable();
    let mut end_digits = 0;
    let open = matches!(chars.peek(), Some((_, '(' | '[')));
    if open {
        chars.next();
    }
    let mut saw_digit = false;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_numeric() {
            saw_digit = true;
            end_digits = i + c.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    if saw_digit {
        if let Some(&(i, c)) = chars.peek() {
            let closes = if open {
                matches!(c, ')' | ']')
            } else {
                matches!(c, '.' | ')' | '-' | '–' | ']')
            };
            if closes && end_digits == i {
                let rest = t[i + c.len_utf8()..].trim_start();
                if !rest.is_empty() {
                    return rest;
                }
            }
        }
    }
    t
}

/// Splits a trailing sources block off `body`: a heading line
/// (`المصادر:`, `المراجع:` …) followed only by short lines (one source
/// each, bullets stripped), or a single `المصادر: أ، ب` line. Returns the
/// body without the block and the sources.
pub(crate) fn split_sources(body: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = body.lines().collect();
    // Look only near the end: a block longer than this is not a list.
    let lo = lines.len().saturating_sub(40);
    for h in (lo..lines.len()).rev() {
        let line = lines[h].trim();
        if line.is_empty() {
            continue;
        }
        let Some((heading, inline)) = source_heading(line) else {
            continue;
        };
        let tail: Vec<&str> = lines[h + 1..]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        if tail.iter().any(|l| l.chars().count() > 300) {
            return (body.to_string(), Vec::new());
        }
        let mut sources: Vec<String> = Vec::new();
        if !inline.is_empty() {
            if heading_is_singular(heading) {
                sources.push(inline.to_string());
            } else {
                sources.extend(
                    inline
                        .split(['،', ',', '؛', ';'])
                        .map(|s| strip_bullet(s).to_string())
                        .filter(|s| !s.is_empty()),
                );
            }
        }
        sources.extend(
            tail.iter()
                .map(|l| strip_bullet(l).to_string())
                .filter(|s| !s.is_empty()),
        );
        if sources.is_empty() || lines[..h].iter().all(|l| is_blank(l)) {
            return (body.to_string(), Vec::new());
        }
        let kept = lines[..h].join("\n");
        return (kept.trim_end().to_string(), sources);
    }
    (body.to_string(), Vec::new())
}

fn heading_is_singular(h: &str) -> bool {
    matches!(squash(h).as_str(), "المصدر" | "المرجع")
}

/// `المصادر:` / `المصادر` / `المصادر: أ، ب` → (heading, inline value).
fn source_heading(line: &str) -> Option<(&str, &str)> {
    let (head, inline) = match line.find([':', '：']) {
        Some(i) => {
            let (h, r) = line.split_at(i);
            (h, r.trim_start_matches([':', '：']).trim())
        }
        None => (line, ""),
    };
    let key = squash(head);
    if SOURCE_HEADINGS.iter().any(|s| squash(s) == key) {
        Some((head, inline))
    } else {
        None
    }
}

/// Cleans extracted body text against the metadata: drops a first line that
/// repeats the title, reads labelled lines at the top (filling only empty
/// fields), and splits off a trailing sources block.
pub(crate) fn finish_body(body: &str, meta: &mut Meta) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut i = 0;
    while i < lines.len() && is_blank(lines[i]) {
        i += 1;
    }
    if let (Some(t), Some(first)) = (&meta.title, lines.get(i)) {
        if squash(first) == squash(t) {
            i += 1;
        }
    }
    // Labels right under the title (a byline block kept by readability).
    loop {
        while i < lines.len() && is_blank(lines[i]) {
            i += 1;
        }
        match lines.get(i).and_then(|l| labelled(l)) {
            Some((f, v)) => {
                apply(meta, f, &v);
                i += 1;
            }
            None => break,
        }
    }
    let rest = lines[i.min(lines.len())..].join("\n");
    let (kept, sources) = split_sources(rest.trim());
    if meta.sources.is_empty() {
        meta.sources = sources;
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_tolerate_spacing_and_colons() {
        assert_eq!(
            labelled("الكاتب : سامر يوسف"),
            Some((Field::Author, "سامر يوسف".into()))
        );
        assert_eq!(
            labelled("  الكاتب：سامر يوسف "),
            Some((Field::Author, "سامر يوسف".into()))
        );
        assert_eq!(
            labelled("تاريخ   النشر:الأحد 3 مارس 2019"),
            Some((Field::Published, "الأحد 3 مارس 2019".into()))
        );
        assert_eq!(
            labelled("عدد المشاهدات : ٨١٢"),
            Some((Field::Views, "٨١٢".into()))
        );
        assert_eq!(
            labelled("بقلم ليلى حسن"),
            Some((Field::Author, "ليلى حسن".into()))
        );
        assert_eq!(labelled("قال الوزير: إن الخطة جاهزة"), None);
        assert_eq!(labelled("الكاتب :"), None);
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("812"), Some(812));
        assert_eq!(parse_count("١٬٢٣٤"), Some(1234));
        assert_eq!(parse_count("1,234 مشاهدة"), Some(1234));
        assert_eq!(parse_count("كثيرة"), None);
    }

    #[test]
    fn bullets() {
        assert_eq!(strip_bullet("- وكالة الأنباء"), "وكالة الأنباء");
        assert_eq!(strip_bullet("• تقرير البنك"), "تقرير البنك");
        assert_eq!(strip_bullet("1. تقرير"), "تقرير");
        assert_eq!(strip_bullet("١) تقرير"), "تقرير");
        assert_eq!(strip_bullet("[2] تقرير"), "تقرير");
        assert_eq!(strip_bullet("2019 عام صعب"), "2019 عام صعب");
    }

    #[test]
    fn sources_block() {
        let body = "فقرة أولى.\n\nفقرة ثانية.\n\nالمصادر:\n- تقرير الوزارة\n* وكالة الأنباء\n";
        let (kept, src) = split_sources(body);
        assert_eq!(kept, "فقرة أولى.\n\nفقرة ثانية.");
        assert_eq!(src, vec!["تقرير الوزارة", "وكالة الأنباء"]);

        let (kept, src) = split_sources("نص الخبر.\nالمصادر: رويترز، الأناضول");
        assert_eq!(kept, "نص الخبر.");
        assert_eq!(src, vec!["رويترز", "الأناضول"]);

        let (kept, src) = split_sources("نص الخبر.\nالمصدر: وكالة الأنباء، القاهرة");
        assert_eq!(kept, "نص الخبر.");
        assert_eq!(src, vec!["وكالة الأنباء، القاهرة"]);

        // A heading alone, or a block with nothing before it, is body.
        let (kept, src) = split_sources("نص.\nالمصادر:");
        assert_eq!((kept.as_str(), src.len()), ("نص.\nالمصادر:", 0));
    }

    #[test]
    fn header_with_title_and_labels() {
        let text = "عنوان الخبر\nالكاتب : سامر\n\nالمشاهدات: 12\nنص الخبر.";
        let lines: Vec<&str> = text.lines().collect();
        let mut meta = Meta::default();
        let i = parse_header(&lines, &mut meta, true);
        assert_eq!(lines[i], "نص الخبر.");
        assert_eq!(meta.title.as_deref(), Some("عنوان الخبر"));
        assert_eq!(meta.author.as_deref(), Some("سامر"));
        assert_eq!(meta.views, Some(12));
    }

    #[test]
    fn header_guessing() {
        let text = "عنوان قصير\n\nنص الخبر الأول.";
        let lines: Vec<&str> = text.lines().collect();
        let mut meta = Meta::default();
        assert_eq!(parse_header(&lines, &mut meta, true), 2);
        assert_eq!(meta.title.as_deref(), Some("عنوان قصير"));

        let text = "جملة كاملة تنتهي بنقطة.\n\nنص.";
        let lines: Vec<&str> = text.lines().collect();
        let mut meta = Meta::default();
        assert_eq!(parse_header(&lines, &mut meta, true), 0);
        assert_eq!(meta.title, None);

        let text = "سطر أول\nسطر ثان ملاصق";
        let lines: Vec<&str> = text.lines().collect();
        let mut meta = Meta::default();
        assert_eq!(parse_header(&lines, &mut meta, true), 0);
    }
}
