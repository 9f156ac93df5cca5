//! Sentence spans.
//!
//! Candidate boundaries come from the UAX #29 sentence segmenter of
//! `icu_segmenter`, which already handles what Arabic news needs most:
//! ؟ ! . ۔ end sentences, a full stop directly followed by an Arabic
//! letter (`انتهى.وقال`, a missing space) is a boundary because Arabic
//! letters are "OLetter", closing quotes after a full stop stay in the
//! sentence (`«…انتهى.» وقال` breaks after »), and every line break ends a
//! sentence (so do blank lines, list lines and headlines).
//!
//! Boundaries are then removed where they are not sentence ends:
//! * after a single-letter abbreviation or initial: `د.` `م.` `أ.` `J.`
//!   (but `2019 م.` or `10 ص.` may end a sentence: م/هـ/ص after a number
//!   is an era or a time of day);
//! * after common Latin abbreviations (`Dr.`, `Mr.`, `vs.` …);
//! * after a list number alone (`1.` at the start of a list line).
//!
//! Spans are trimmed of white space and never empty.

use std::ops::Range;
use std::sync::LazyLock;

use icu_segmenter::{SentenceSegmenter, SentenceSegmenterBorrowed};

use crate::chars::{is_arabic_digit, is_arabic_word_extend, is_letter, is_newline, is_space};

static SENTENCES: LazyLock<SentenceSegmenterBorrowed<'static>> =
    LazyLock::new(|| SentenceSegmenter::new(Default::default()));

/// Latin abbreviations that do not end a sentence.
const LATIN_ABBREV: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Capt", "Gov",
    "Sen", "Rep", "vs", "No", "Nos", "Vol", "pp", "Fig", "approx", "Mt", "Ft",
];

/// Sentence byte ranges of `text`, in order.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_into(text, &mut out);
    out
}

/// Like [`split`], reusing `out` (cleared first).
pub fn split_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    if text.is_empty() {
        return;
    }
    let mut start = 0;
    for b in SENTENCES.segment_str(text) {
        if b <= start {
            continue;
        }
        if b < text.len() && !is_sentence_end(text, start, b) {
            continue;
        }
        push_trimmed(text, start, b, out);
        start = b;
    }
    if start < text.len() {
        push_trimmed(text, start, text.len(), out);
    }
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[s..e];
    let t = piece.trim_start_matches(is_space);
    let s2 = s + (piece.len() - t.len());
    let t = t.trim_end_matches(is_space);
    if !t.is_empty() {
        out.push(s2..s2 + t.len());
    }
}

/// Whether ICU's boundary at `b` (segment `text[start..b]`) is kept.
fn is_sentence_end(text: &str, start: usize, b: usize) -> bool {
    let seg = &text[start..b];
    let body = seg.trim_end_matches(is_space);
    if seg[body.len()..].contains(is_newline) {
        return true;
    }
    let Some(before) = body.strip_suffix('.') else {
        return true;
    };
    // The word right before the full stop.
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_letter(c) || is_arabic_word_extend(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[word_start..];
    let letters = word.chars().filter(|&c| is_letter(c)).count();
    if letters == 1 {
        // م. / هـ. after a year is the era, ص. / م. after an hour is a.m. /
        // p.m.: those may end a sentence.
        let era = matches!(word.chars().next(), Some('م' | 'ه' | 'ص'));
        let prev = before[..word_start]
            .trim_end_matches(is_space)
            .chars()
            .last();
        let after_number = prev.is_some_and(|c| c.is_ascii_digit() || is_arabic_digit(c));
        return era && after_number;
    }
    if LATIN_ABBREV.contains(&word) {
        return false;
    }
    // A list number alone: "1." / "١." (possibly after an opening paren).
    let lead = body.trim_start_matches(is_space).trim_start_matches('(');
    if let Some(num) = lead.strip_suffix('.') {
        let n = num.chars().count();
        if (1..=3).contains(&n)
            && num
                .chars()
                .all(|c| c.is_ascii_digit() || is_arabic_digit(c))
        {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<&str> {
        split(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn basic_terminators() {
        assert_eq!(
            sents("وصل الوفد إلى الرياض. وبدأت المحادثات فورا! هل تنجح؟ لا أحد يعرف."),
            vec![
                "وصل الوفد إلى الرياض.",
                "وبدأت المحادثات فورا!",
                "هل تنجح؟",
                "لا أحد يعرف.",
            ]
        );
    }

    #[test]
    fn no_space_after_full_stop() {
        assert_eq!(
            sents("توقف القصف مساء أمس.وقال سكان إن الهدوء عاد."),
            vec!["توقف القصف مساء أمس.", "وقال سكان إن الهدوء عاد."]
        );
        // but decimals stay
        assert_eq!(
            sents("بلغ النمو 3.5 بالمئة."),
            vec!["بلغ النمو 3.5 بالمئة."]
        );
        assert_eq!(
            sents("بلغ النمو ٣.٥ بالمئة."),
            vec!["بلغ النمو ٣.٥ بالمئة."]
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(
            sents("قال المتحدث: «انتهت العملية.» وأضاف أن القوات انسحبت."),
            vec!["قال المتحدث: «انتهت العملية.»", "وأضاف أن القوات انسحبت."]
        );
        assert_eq!(
            sents("وصرح قائلا: \"لن نتراجع.\" ثم غادر."),
            vec!["وصرح قائلا: \"لن نتراجع.\"", "ثم غادر."]
        );
        assert_eq!(
            sents("قال: «هل انتهى الأمر؟»وغادر."),
            vec!["قال: «هل انتهى الأمر؟»", "وغادر."]
        );
    }

    #[test]
    fn line_breaks_end_sentences() {
        assert_eq!(
            sents("عاجل\nانفجار في الميناء\n\nوقالت مصادر إن الحريق امتد\r\nإلى المخازن"),
            vec![
                "عاجل",
                "انفجار في الميناء",
                "وقالت مصادر إن الحريق امتد",
                "إلى المخازن",
            ]
        );
    }

    #[test]
    fn list_lines() {
        let text = "وتشمل الخطة:\n- إعادة الإعمار\n• عودة النازحين\n* فتح المعابر\n1. وقف إطلاق النار\n2) تبادل الأسرى\n١. الإفراج عن المعتقلين\nأولا: الأمن\nثانيا: الاقتصاد";
        assert_eq!(
            sents(text),
            vec![
                "وتشمل الخطة:",
                "- إعادة الإعمار",
                "• عودة النازحين",
                "* فتح المعابر",
                "1. وقف إطلاق النار",
                "2) تبادل الأسرى",
                "١. الإفراج عن المعتقلين",
                "أولا: الأمن",
                "ثانيا: الاقتصاد",
            ]
        );
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            sents("التقى د. محمد العلي بالمهندس م. سامر. وناقشا المشروع."),
            vec!["التقى د. محمد العلي بالمهندس م. سامر.", "وناقشا المشروع."]
        );
        assert_eq!(
            sents("ألقى أ. خالد كلمة. ثم تحدث J. K. Rowling and Dr. Smith. وانتهى اللقاء."),
            vec![
                "ألقى أ. خالد كلمة.",
                "ثم تحدث J. K. Rowling and Dr. Smith.",
                "وانتهى اللقاء.",
            ]
        );
        // the era marker after a year may end a sentence
        assert_eq!(
            sents("تأسست الشركة عام 1990 م. وتوسعت لاحقا."),
            vec!["تأسست الشركة عام 1990 م.", "وتوسعت لاحقا."]
        );
        assert_eq!(
            sents("انتهى الاجتماع الساعة 10 ص. وقال المشاركون."),
            vec!["انتهى الاجتماع الساعة 10 ص.", "وقال المشاركون."]
        );
        // an abbreviation at a line end still ends the line
        assert_eq!(sents("د.\nمحمد"), vec!["د.", "محمد"]);
    }

    #[test]
    fn trimmed_and_never_empty() {
        assert!(split("").is_empty());
        assert!(split("  \n\n \t").is_empty());
        let text = "  \u{200B}مرحبا.  \n\n  وداعا  ";
        let spans = split(text);
        assert_eq!(
            spans.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            vec!["مرحبا.", "وداعا"]
        );
        for r in spans {
            assert!(r.start < r.end);
        }
    }
}
