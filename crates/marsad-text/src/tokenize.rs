//! Word tokens.
//!
//! The text is cut at white space into chunks; opening/closing punctuation
//! is peeled off each chunk, and a core made only of Arabic letters (or
//! only ASCII letters, or only digits) is one token without asking ICU,
//! which is the common case in Arabic news and keeps tokenisation fast.
//! Any other core goes through the UAX #29 word segmenter of
//! `icu_segmenter`, then two Arabic fixes are applied:
//! * UAX #29 keeps `القصف.وقال` (a full stop with no space after it, a
//!   frequent typo) as one word; we split at `.`/`:` between two letters
//!   when one of them is Arabic (`U.S`, `example.com` stay whole);
//! * URLs (`http://…`, `https://…`, `www.…`) and e-mail addresses stay one
//!   [`TokenKind::Symbol`] token instead of a dozen pieces.
//!
//! Every punctuation character is its own token (، ؛ ؟ « » “ ” " …).

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use marsad_core::TokenKind;

use crate::chars::{
    is_arabic_digit, is_arabic_letter, is_arabic_word_extend, is_letter, is_punct, is_space,
};

/// Built once: compiled data, no allocation.
static WORDS: WordSegmenterBorrowed<'static> =
    WordSegmenter::new_for_non_complex_scripts(WordBreakInvariantOptions::default());

/// A token as a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawToken {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl RawToken {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Tokens of `text`, in order, white space skipped.
pub fn tokenize(text: &str) -> Vec<RawToken> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    tokenize_into(text, &mut out);
    out
}

/// Like [`tokenize`], reusing `out` (cleared first).
pub fn tokenize_into(text: &str, out: &mut Vec<RawToken>) {
    out.clear();
    let mut chunk_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_space(c) {
            if let Some(s) = chunk_start.take() {
                chunk(text, s, i, out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        chunk(text, s, text.len(), out);
    }
}

/// Punctuation that opens a chunk and is always a token of its own.
#[inline]
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '«'
            | '"'
            | '\''
            | '“'
            | '‘'
            | '„'
            | '‹'
            | '﴾'
            | '-'
            | '—'
            | '–'
            | '•'
    )
}

/// Punctuation that closes a chunk and is always a token of its own.
#[inline]
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '،'
            | '؛'
            | '؟'
            | '?'
            | '!'
            | ':'
            | ';'
            | ')'
            | ']'
            | '}'
            | '»'
            | '"'
            | '\''
            | '”'
            | '’'
            | '›'
            | '﴿'
            | '…'
            | '۔'
            | '-'
            | '—'
            | '–'
    )
}

fn punct_kind(c: char) -> TokenKind {
    if is_punct(c) {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

fn push(out: &mut Vec<RawToken>, start: usize, end: usize, kind: TokenKind) {
    if start < end {
        out.push(RawToken { start, end, kind });
    }
}

/// Tokenises one white-space-free chunk `text[s..e]`.
fn chunk(text: &str, s: usize, e: usize, out: &mut Vec<RawToken>) {
    let piece = &text[s..e];
    // Peel opening punctuation.
    let mut lead = 0;
    for (i, c) in piece.char_indices() {
        if is_opening(c) {
            lead = i + c.len_utf8();
        } else {
            break;
        }
    }
    // Peel closing punctuation (not into the peeled lead).
    let mut trail = piece.len();
    for (i, c) in piece[lead..].char_indices().rev() {
        if is_closing(c) {
            trail = lead + i;
        } else {
            break;
        }
    }
    let core = &piece[lead..trail];
    let emit_puncts = |out: &mut Vec<RawToken>, from: usize, to: usize| {
        for (i, c) in piece[from..to].char_indices() {
            let at = s + from + i;
            push(out, at, at + c.len_utf8(), punct_kind(c));
        }
    };
    if !core.is_empty() && is_url_or_email(core) {
        emit_puncts(out, 0, lead);
        push(out, s + lead, s + trail, TokenKind::Symbol);
        emit_puncts(out, trail, piece.len());
        return;
    }
    emit_puncts(out, 0, lead);
    if !core.is_empty() {
        match simple_kind(core) {
            Some(kind) => push(out, s + lead, s + trail, kind),
            None => segment(text, s + lead, s + trail, out),
        }
    }
    emit_puncts(out, trail, piece.len());
}

/// The kind of a core that is certainly one token, or `None` when ICU
/// must decide.
fn simple_kind(core: &str) -> Option<TokenKind> {
    let mut chars = core.chars();
    let first = chars.next()?;
    if is_arabic_letter(first) {
        return chars
            .all(|c| is_arabic_letter(c) || is_arabic_word_extend(c))
            .then_some(TokenKind::Word);
    }
    if first.is_ascii_alphabetic() {
        return core
            .bytes()
            .all(|b| b.is_ascii_alphabetic())
            .then_some(TokenKind::Word);
    }
    if first.is_ascii_digit() {
        return core
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then_some(TokenKind::Number);
    }
    if is_arabic_digit(first) {
        return chars.all(is_arabic_digit).then_some(TokenKind::Number);
    }
    None
}

/// Runs ICU on `text[s..e]` and applies the Arabic fixes.
fn segment(text: &str, s: usize, e: usize, out: &mut Vec<RawToken>) {
    let core = &text[s..e];
    let mut it = WORDS.segment_str(core);
    let mut prev = 0;
    // The first boundary is 0.
    while let Some(b) = it.next() {
        if b == 0 {
            continue;
        }
        if it.word_type().is_word_like() {
            split_word(text, s + prev, s + b, out);
        } else {
            let kind = core[prev..b]
                .chars()
                .next()
                .map_or(TokenKind::Symbol, punct_kind);
            push(out, s + prev, s + b, kind);
        }
        prev = b;
    }
}

/// Emits the word-like ICU segment `text[s..e]`, split
/// * around each `.` or `:` that sits between two letters one of which is
///   Arabic (a sentence end missing its space: `القصف.وقال`);
/// * between an Arabic letter and a digit (`عام2019`, `2019م`), which
///   UAX #29 glues together but are separate words in Arabic.
///
/// A piece is a word if it has a letter, a number otherwise.
fn split_word(text: &str, s: usize, e: usize, out: &mut Vec<RawToken>) {
    let word = &text[s..e];
    let piece = |out: &mut Vec<RawToken>, a: usize, b: usize| {
        let kind = if word[a..b].chars().any(is_letter) {
            TokenKind::Word
        } else {
            TokenKind::Number
        };
        push(out, s + a, s + b, kind);
    };
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut chars = word.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(p) = prev {
            let arabic_p = is_arabic_letter(p) || is_arabic_word_extend(p);
            if (arabic_p && is_digit(c)) || (is_digit(p) && is_arabic_letter(c)) {
                piece(out, start, i);
                start = i;
            }
        }
        if c == '.' || c == ':' {
            let next = chars.peek().map(|&(_, n)| n);
            if let (Some(p), Some(n)) = (prev, next) {
                let arabic_p = is_arabic_letter(p) || is_arabic_word_extend(p);
                if (is_letter(p) || arabic_p) && is_letter(n) && (arabic_p || is_arabic_letter(n)) {
                    piece(out, start, i);
                    push(out, s + i, s + i + 1, TokenKind::Punct);
                    start = i + 1;
                }
            }
        }
        prev = Some(c);
    }
    piece(out, start, word.len());
}

#[inline]
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_arabic_digit(c)
}

/// `http://…`, `https://…`, `www.x…` or `local@domain.tld`.
fn is_url_or_email(core: &str) -> bool {
    let b = core.as_bytes();
    let starts = |p: &[u8]| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"http://") || starts(b"https://") {
        return true;
    }
    if starts(b"www.") {
        return b[4..].contains(&b'.') || b.len() > 5;
    }
    // e-mail: ASCII only, one @, a dot in the domain after it.
    if let Some(at) = core.find('@') {
        let (local, domain) = (&core[..at], &core[at + 1..]);
        let ok_local = !local.is_empty()
            && local
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"._%+-".contains(&c));
        let ok_domain = domain.len() >= 3
            && domain
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.');
        return ok_local && ok_domain;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s).iter().map(|t| (t.text(s), t.kind)).collect()
    }

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn basic_arabic_sentence() {
        assert_eq!(
            toks("أعلنت الحكومة، أمس، عن خطة جديدة."),
            vec![
                ("أعلنت", Word),
                ("الحكومة", Word),
                ("،", Punct),
                ("أمس", Word),
                ("،", Punct),
                ("عن", Word),
                ("خطة", Word),
                ("جديدة", Word),
                (".", Punct),
            ]
        );
    }

    #[test]
    fn diacritics_and_tatweel_stay_in_word() {
        assert_eq!(words("قَالَ الـــوزير"), vec!["قَالَ", "الـــوزير"]);
    }

    #[test]
    fn missing_space_after_full_stop() {
        assert_eq!(
            toks("انتهى القصف.وقال الشهود"),
            vec![
                ("انتهى", Word),
                ("القصف", Word),
                (".", Punct),
                ("وقال", Word),
                ("الشهود", Word),
            ]
        );
        assert_eq!(words("المدينة:وصل"), vec!["المدينة", ":", "وصل"]);
        // Latin abbreviations and domains are left to UAX #29.
        assert_eq!(words("U.S forces"), vec!["U.S", "forces"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("ارتفع بنسبة 3.5% إلى ١٢٠٠ دولار"),
            vec![
                ("ارتفع", Word),
                ("بنسبة", Word),
                ("3.5", Number),
                ("%", Punct),
                ("إلى", Word),
                ("١٢٠٠", Number),
                ("دولار", Word),
            ]
        );
        assert_eq!(toks("1,250"), vec![("1,250", Number)]);
        assert_eq!(toks("٣٫٥"), vec![("٣٫٥", Number)]);
        // Arabic letters glued to digits are separate tokens
        assert_eq!(
            toks("عام2019 و2019م ١٥آذار"),
            vec![
                ("عام", Word),
                ("2019", Number),
                ("و", Word),
                ("2019", Number),
                ("م", Word),
                ("١٥", Number),
                ("آذار", Word),
            ]
        );
        // but Latin/digit mixes stay whole, and are words
        assert_eq!(toks("F16 user_1"), vec![("F16", Word), ("user_1", Word)]);
        assert_eq!(
            toks("12:30"),
            vec![("12", Number), (":", Punct), ("30", Number)]
        );
    }

    #[test]
    fn arabic_punctuation_and_quotes() {
        assert_eq!(
            toks("قال: «لن نتراجع»؛ هل انتهى؟ \"نعم\" “ربما”"),
            vec![
                ("قال", Word),
                (":", Punct),
                ("«", Punct),
                ("لن", Word),
                ("نتراجع", Word),
                ("»", Punct),
                ("؛", Punct),
                ("هل", Word),
                ("انتهى", Word),
                ("؟", Punct),
                ("\"", Punct),
                ("نعم", Word),
                ("\"", Punct),
                ("“", Punct),
                ("ربما", Word),
                ("”", Punct),
            ]
        );
        assert_eq!(words("(سانا)..."), vec!["(", "سانا", ")", ".", ".", "."]);
        assert_eq!(words("نعم،لا"), vec!["نعم", "،", "لا"]);
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            toks("المصدر: https://www.example.com/news/1.html، وراسلونا info@example.org."),
            vec![
                ("المصدر", Word),
                (":", Punct),
                ("https://www.example.com/news/1.html", Symbol),
                ("،", Punct),
                ("وراسلونا", Word),
                ("info@example.org", Symbol),
                (".", Punct),
            ]
        );
        assert_eq!(words("(www.sana.sy)"), vec!["(", "www.sana.sy", ")"]);
        assert_eq!(words("@user"), vec!["@", "user"]);
    }

    #[test]
    fn symbols_and_mixed() {
        assert_eq!(
            toks("$ 5 + 3"),
            vec![("$", Symbol), ("5", Number), ("+", Symbol), ("3", Number)]
        );
        assert_eq!(words("كوفيد-19"), vec!["كوفيد", "-", "19"]);
        assert_eq!(words("ISIS/داعش"), vec!["ISIS", "/", "داعش"]);
    }

    #[test]
    fn whitespace_variants_skipped() {
        assert_eq!(
            words("  أ\u{00A0}ب\u{200B}ج\tد\r\nه\u{FEFF} "),
            vec!["أ", "ب", "ج", "د", "ه"]
        );
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t").is_empty());
    }

    #[test]
    fn presentation_forms_are_words() {
        assert_eq!(
            toks("\u{FEFB} \u{FDF2}"),
            vec![("\u{FEFB}", Word), ("\u{FDF2}", Word)]
        );
    }
}
