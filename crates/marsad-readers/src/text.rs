//! Plain text, including the usual scraped-page layout:
//!
//! ```text
//! عنوان المقال                 ← title (only when labels follow)
//! الكاتب : …                   ← labelled lines, any order
//! التاريخ : الأحد 3 مارس 2019 م
//! المشاهدات : 812
//!
//! الفقرة الأولى …               ← body
//!
//! المصادر:                     ← optional trailing block → meta.sources
//! - …
//! ```
//!
//! Without labels the whole file is the body, except that a first line of
//! at most 100 characters that does not end like a sentence and is
//! followed by a blank line is taken as the title.

use crate::error::ErrorKind;
use crate::input::clean_text;
use crate::labels;
use marsad_core::Meta;

/// Splits cleaned text into (body, metadata).
pub(crate) fn parse(text: &str) -> Result<(String, Meta), ErrorKind> {
    let text = clean_text(text);
    if text.is_empty() {
        return Err(ErrorKind::EmptyText);
    }
    let lines: Vec<&str> = text.lines().collect();
    let lines = labels::unflatten(&lines);
    let mut meta = Meta::default();
    let start = labels::parse_header(&lines, &mut meta, true);
    let body = lines[start.min(lines.len())..].join("\n");
    let (body, sources) = labels::split_sources(body.trim());
    meta.sources = sources;
    let body = body.trim().to_string();
    if body.is_empty() {
        return Err(ErrorKind::EmptyText);
    }
    Ok((body, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scraped_layout() {
        let text = "\u{feff}ارتفاع أسعار الخبز في المدينة\r\n\
الكاتب : منى سالم\r\n\
التاريخ : الأحد 3 مارس 2019 م - 10:15 ص\r\n\
المشاهدات : ٨١٢\r\n\
المصدر : جريدة المرصد\r\n\
الرابط : https://example.com/a/1\r\n\
\r\n\
رفعت المخابز أسعار الخبز هذا الأسبوع.\r\n\
\r\n\
وقال أحد الباعة إن «الطحين صار أغلى».\r\n\
\r\n\
المراجع:\r\n\
1. نشرة الأسعار الرسمية\r\n\
2. مقابلات ميدانية\r\n";
        let (body, meta) = parse(text).unwrap();
        assert_eq!(
            body,
            "رفعت المخابز أسعار الخبز هذا الأسبوع.\n\nوقال أحد الباعة إن «الطحين صار أغلى»."
        );
        assert_eq!(meta.title.as_deref(), Some("ارتفاع أسعار الخبز في المدينة"));
        assert_eq!(meta.author.as_deref(), Some("منى سالم"));
        assert_eq!(meta.published.as_deref(), Some("2019-03-03T10:15:00"));
        assert_eq!(meta.views, Some(812));
        assert_eq!(meta.outlet.as_deref(), Some("جريدة المرصد"));
        assert_eq!(meta.url.as_deref(), Some("https://example.com/a/1"));
        assert_eq!(meta.sources, vec!["نشرة الأسعار الرسمية", "مقابلات ميدانية"]);
    }

    #[test]
    fn labels_in_any_order_and_bad_date_kept_out() {
        let text = "خبر\nالمشاهدات: 5\nبقلم: علي\nتاريخ النشر: قبل ساعتين\n\nنص.";
        let (body, meta) = parse(text).unwrap();
        assert_eq!(body, "نص.");
        assert_eq!(meta.author.as_deref(), Some("علي"));
        assert_eq!(meta.views, Some(5));
        assert_eq!(meta.published, None);
    }

    #[test]
    fn a_header_flattened_on_one_line() {
        let text = "مقتل ثلاثة مدنيين بقصف على ريف حماة الكاتب : مكتب التحرير التاريخ : 3 مارس 2019 م المشاهدات : 812\n\
وقال ناشطون إن القصف استمر حتى (12 فبراير) الماضي.";
        let (body, meta) = parse(text).unwrap();
        assert_eq!(body, "وقال ناشطون إن القصف استمر حتى (12 فبراير) الماضي.");
        assert_eq!(
            meta.title.as_deref(),
            Some("مقتل ثلاثة مدنيين بقصف على ريف حماة")
        );
        assert_eq!(meta.author.as_deref(), Some("مكتب التحرير"));
        assert_eq!(meta.published.as_deref(), Some("2019-03-03"));
        assert_eq!(meta.views, Some(812));
        // No spaces round the colon, هـ-less era mark, body on the same line.
        let text = "انقطاع الكهرباء عن حي الوعر بقلم:سلمى داود نشر في:2020/05/04 عدد المشاهدات:1,204 مشاهدة قالت البلدية إن الإصلاح سيستغرق يومين.";
        let (body, meta) = parse(text).unwrap();
        assert_eq!(body, "قالت البلدية إن الإصلاح سيستغرق يومين.");
        assert_eq!(meta.title.as_deref(), Some("انقطاع الكهرباء عن حي الوعر"));
        assert_eq!(meta.author.as_deref(), Some("سلمى داود"));
        assert_eq!(meta.published.as_deref(), Some("2020-05-04"));
        assert_eq!(meta.views, Some(1204));
    }

    #[test]
    fn one_label_in_a_sentence_is_not_a_header() {
        let text = "قال المصدر: إن الوفد غادر المدينة صباحاً.\nوأضاف أن الطريق مفتوح.";
        let (body, meta) = parse(text).unwrap();
        assert_eq!(body, text);
        assert!(meta.is_empty());
    }

    #[test]
    fn plain_text_keeps_everything() {
        let text = "قالت الوزارة إن الأمطار ستستمر.\nوأضافت أن الطرق مغلقة.";
        let (body, meta) = parse(text).unwrap();
        assert_eq!(body, text);
        assert!(meta.is_empty());
    }

    #[test]
    fn short_first_line_and_blank_is_a_title() {
        let (body, meta) = parse("أمطار غزيرة\n\nقالت الوزارة إن الأمطار ستستمر.").unwrap();
        assert_eq!(body, "قالت الوزارة إن الأمطار ستستمر.");
        assert_eq!(meta.title.as_deref(), Some("أمطار غزيرة"));
    }

    #[test]
    fn diacritics_and_tatweel_survive() {
        let text = "قَالَ المُتَحَدِّثُ إنَّ الاجتمــــاع انتهى.";
        assert_eq!(parse(text).unwrap().0, text);
    }

    #[test]
    fn empty_and_header_only_are_errors() {
        assert!(matches!(parse(" \n\t\r\n"), Err(ErrorKind::EmptyText)));
        assert!(matches!(
            parse("عنوان\nالكاتب : علي\n"),
            Err(ErrorKind::EmptyText)
        ));
    }
}
