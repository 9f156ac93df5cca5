//! Arabic numbers: digits (ASCII, Arabic-Indic, Persian, with decimal and
//! thousands separators) and number words in all the forms news uses
//! (feminine/masculine, case endings, duals, plurals, compounds with و,
//! scale words after digits).
//!
//! The parser works on token search keys (see [`marsad_text::search_key`]:
//! ة→ه, ى→ي, أإآ→ا, digits ASCII), so the tables below are written in
//! ordinary spelling and folded once on first use.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use marsad_core::QuantityQualifier;
use marsad_text::lexicon::{
    NUMBER_TEEN_HEADS as TEEN_HEADS, NUMBER_TENS as TENS, NUMBER_UNITS as UNITS,
};

/// One number word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumWord {
    /// 1–10, valid alone (`ثلاثة`, `ثلاث`, `اثنين`, `عشرة`).
    Unit(u8),
    /// `أحد`, `إحدى`, `اثنا`, `اثنتي`: only valid before `عشر`/`عشرة`.
    TeenHead(u8),
    /// 20–90 (`عشرون`, `عشرين`).
    Tens(u8),
    /// A complete hundred: 200–900 (`مئتان`, `ثلاثمائة`).
    Hundred(u16),
    /// `مئة`/`مائة`: 100 alone, or ×100 after a unit (`ثلاث مئة`).
    HundredWord,
    /// `ألف`, `مليون`, `مليار` and their dual and plural forms.
    Scale(f64, Count),
    /// `عشرات`, `مئات`, `بضعة`: a vague amount.
    Vague(QuantityQualifier, f64),
    /// `نصف`, `ربع`, `ثلث`: only before a scale word or after و.
    Fraction(f64),
}

/// Grammatical number of a scale word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    Single,
    Dual,
    Plural,
}

/// Hundreds written as one word; every prefix is combined with both
/// `مئة` and `مائة` at load time.
const HUNDRED_PREFIXES: &[(&str, u16)] = &[
    ("ثلاث", 3),
    ("أربع", 4),
    ("خمس", 5),
    ("ست", 6),
    ("سبع", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("تسع", 9),
];

const DUAL_HUNDREDS: &[&str] = &[
    "مئتان",
    "مئتين",
    "مئتا",
    "مئتي",
    "مائتان",
    "مائتين",
    "مائتا",
    "مائتي",
];

const SCALES: &[(&str, f64, Count)] = &[
    ("ألف", 1e3, Count::Single),
    // ألفاً: accusative after a number, dual construct alone (see parse_at).
    ("ألفا", 1e3, Count::Single),
    ("ألفان", 1e3, Count::Dual),
    ("ألفين", 1e3, Count::Dual),
    ("ألفي", 1e3, Count::Dual),
    ("آلاف", 1e3, Count::Plural),
    ("ألوف", 1e3, Count::Plural),
    ("مليون", 1e6, Count::Single),
    ("مليونا", 1e6, Count::Single),
    ("مليونان", 1e6, Count::Dual),
    ("مليونين", 1e6, Count::Dual),
    ("مليوني", 1e6, Count::Dual),
    ("ملايين", 1e6, Count::Plural),
    ("مليار", 1e9, Count::Single),
    ("مليارا", 1e9, Count::Single),
    ("بليون", 1e9, Count::Single),
    ("ملياران", 1e9, Count::Dual),
    ("مليارين", 1e9, Count::Dual),
    ("ملياري", 1e9, Count::Dual),
    ("مليارات", 1e9, Count::Plural),
    ("تريليون", 1e12, Count::Single),
    ("ترليون", 1e12, Count::Single),
];

const VAGUE: &[(&str, QuantityQualifier, f64)] = &[
    ("عشرات", QuantityQualifier::Tens, 10.0),
    ("مئات", QuantityQualifier::Hundreds, 100.0),
    ("مئات", QuantityQualifier::Hundreds, 100.0),
    ("بضع", QuantityQualifier::Few, 3.0),
    ("بضعة", QuantityQualifier::Few, 3.0),
];

const FRACTIONS: &[(&str, f64)] = &[
    ("نصف", 0.5),
    ("ربع", 0.25),
    ("ثلث", 1.0 / 3.0),
    ("ثلثي", 2.0 / 3.0),
    ("ثلثا", 2.0 / 3.0),
];

fn table() -> &'static HashMap<String, NumWord> {
    static T: OnceLock<HashMap<String, NumWord>> = OnceLock::new();
    T.get_or_init(|| {
        let key = marsad_text::search_key;
        let mut m = HashMap::default();
        for &(w, v) in UNITS {
            m.insert(key(w), NumWord::Unit(v));
        }
        for &(w, v) in TEEN_HEADS {
            m.insert(key(w), NumWord::TeenHead(v));
        }
        for &(w, v) in TENS {
            m.insert(key(w), NumWord::Tens(v));
        }
        for &(p, v) in HUNDRED_PREFIXES {
            for h in ["مئة", "مائة"] {
                m.insert(key(&format!("{p}{h}")), NumWord::Hundred(v * 100));
            }
        }
        for w in DUAL_HUNDREDS {
            m.insert(key(w), NumWord::Hundred(200));
        }
        for w in ["مئة", "مائة", "مئه", "مائه"] {
            m.insert(key(w), NumWord::HundredWord);
        }
        for &(w, v, c) in SCALES {
            m.insert(key(w), NumWord::Scale(v, c));
        }
        for &(w, q, v) in VAGUE {
            m.insert(key(w), NumWord::Vague(q, v));
        }
        for &(w, v) in FRACTIONS {
            m.insert(key(w), NumWord::Fraction(v));
        }
        m
    })
}

/// The number word a search key names, if any.
pub(crate) fn lookup(norm: &str) -> Option<NumWord> {
    table().get(norm).copied()
}

/// A number word written with the article (`الآلاف`, `العشرات`): only the
/// vague plurals are read this way; `الثلاثة`, `العشرين` are ordinals or
/// adjectives, not counts.
pub(crate) fn lookup_with_article(norm: &str) -> Option<NumWord> {
    let rest = norm.strip_prefix("ال")?;
    match lookup(rest)? {
        w @ (NumWord::Vague(..) | NumWord::Scale(_, Count::Plural)) => Some(w),
        _ => None,
    }
}

/// Whether a search key is a number word (for و-prefix splitting).
pub(crate) fn is_number_word(norm: &str) -> bool {
    lookup(norm).is_some()
}

/// Reads a digit token's search key (`1,500`, `2.5`, `1.500.000`, `20,5`).
///
/// Separators: a comma followed by groups of exactly three digits is a
/// thousands separator (`1,500`), otherwise a decimal comma (`20,5`); one
/// dot is a decimal point, several dots with three-digit groups are
/// thousands separators (`1.500.000`). With both, the last one is the
/// decimal mark.
pub fn parse_digits(s: &str) -> Option<f64> {
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    if !s.as_bytes()[0].is_ascii_digit() || !s.as_bytes()[s.len() - 1].is_ascii_digit() {
        return None;
    }
    let dots = s.bytes().filter(|&b| b == b'.').count();
    let commas = s.bytes().filter(|&b| b == b',').count();
    let grouped = |sep: char| {
        let mut parts = s.split(sep);
        let first = parts.next().unwrap_or("");
        (1..=3).contains(&first.len()) && parts.all(|p| p.len() == 3)
    };
    let (int_part, frac_part): (String, &str) = match (dots, commas) {
        (0, 0) => (s.to_string(), ""),
        (0, _) if grouped(',') => (s.replace(',', ""), ""),
        (0, 1) => {
            let (a, b) = s.split_once(',')?;
            (a.to_string(), b)
        }
        (1, 0) => {
            let (a, b) = s.split_once('.')?;
            (a.to_string(), b)
        }
        (_, 0) if grouped('.') => (s.replace('.', ""), ""),
        (_, _) if dots > 0 && commas > 0 => {
            let last_dot = s.rfind('.')?;
            let last_comma = s.rfind(',')?;
            let (thou, dec) = if last_dot > last_comma {
                (',', last_dot)
            } else {
                ('.', last_comma)
            };
            let int = &s[..dec];
            if int.contains(if thou == ',' { '.' } else { ',' }) {
                return None;
            }
            (int.replace(thou, ""), &s[dec + 1..])
        }
        _ => return None,
    };
    if int_part.is_empty() || int_part.len() > 18 || frac_part.len() > 9 {
        return None;
    }
    let mut v: f64 = int_part.parse::<u64>().ok()? as f64;
    if !frac_part.is_empty() {
        let f: u64 = frac_part.parse().ok()?;
        v += f as f64 / 10f64.powi(frac_part.len() as i32);
    }
    Some(v)
}

/// One token as the parser sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tv<'a> {
    pub norm: &'a str,
    pub is_number: bool,
    pub is_word: bool,
}

/// What the last element of a number phrase was, for the composition
/// rules (`خمسة وعشرون` is valid, `عشرون وخمسة` is not).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    Digits,
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale,
    Vague,
    Fraction,
    /// `ونصف` closes a phrase.
    Closed,
}

/// A parsed number phrase over tokens `start..next`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumParse {
    pub value: f64,
    pub next: usize,
    /// A vague amount (`عشرات الآلاف`): qualifier and bounds.
    pub vague: Option<(QuantityQualifier, f64, f64)>,
    /// At least one word (not only digits).
    pub words: bool,
    /// A scale word was used (`3 ملايين`).
    pub scaled: bool,
}

/// Reads the number word at `j` as (joined by و, word, tokens used).
fn read_word(toks: &[Tv], j: usize, first: bool) -> Option<(bool, NumWord, usize)> {
    let t = toks.get(j)?;
    if !t.is_word {
        return None;
    }
    if t.norm == "و" {
        let n = toks.get(j + 1)?;
        let w = lookup(n.norm)?;
        return Some((true, w, 2));
    }
    if let Some(w) = lookup(t.norm) {
        return Some((false, w, 1));
    }
    if let Some(rest) = t.norm.strip_prefix('و') {
        if let Some(w) = lookup(rest) {
            return Some((true, w, 1));
        }
    }
    // `الآلاف` after `عشرات`; `الآلاف` alone (`نزح الآلاف`).
    let w = lookup_with_article(t.norm)?;
    let _ = first;
    Some((false, w, 1))
}

/// Parses the number phrase starting at token `i`. With `allow_conj`
/// false, elements joined by و are not combined (used to split ranges
/// such as `بين خمسة وعشرة`).
pub(crate) fn parse_at(toks: &[Tv], i: usize, allow_conj: bool) -> Option<NumParse> {
    let mut total = 0.0f64;
    let mut cur = 0.0f64;
    let mut last: Option<Last> = None;
    let mut last_scale = f64::INFINITY;
    let mut vague: Option<(QuantityQualifier, f64, f64)> = None;
    let mut words = false;
    let mut scaled = false;
    let mut j = i;
    // Digits come first or not at all.
    if let Some(t) = toks.get(i) {
        if t.is_number {
            let v = parse_digits(t.norm)?;
            cur = v;
            last = Some(Last::Digits);
            j = i + 1;
        }
    }
    loop {
        let first = last.is_none();
        // 3 آلاف و500: digits after a scale word, joined by و.
        if allow_conj && last == Some(Last::Scale) && cur == 0.0 {
            let digits = toks
                .get(j)
                .filter(|t| t.norm == "و")
                .and_then(|_| toks.get(j + 1))
                .filter(|t| t.is_number)
                .and_then(|t| parse_digits(t.norm))
                .filter(|&v| v < last_scale);
            if let Some(v) = digits {
                cur = v;
                last = Some(Last::Digits);
                j += 2;
                continue;
            }
        }
        let Some((conj, w, used)) = read_word(toks, j, first) else {
            break;
        };
        if conj && (first || !allow_conj) {
            break;
        }
        // Article forms only start a phrase or follow a vague plural.
        if !first
            && toks[j].norm.starts_with("ال")
            && lookup(toks[j].norm).is_none()
            && last != Some(Last::Vague)
        {
            break;
        }
        let group = cur % 1000.0;
        let ok = match (w, conj, last) {
            (NumWord::Unit(u), false, None) => {
                cur = f64::from(u);
                last = Some(Last::Unit);
                true
            }
            // Teens: a unit (or أحد/اثنا) then عشر/عشرة.
            (NumWord::Unit(10), false, Some(Last::Unit)) if (1.0..10.0).contains(&group) => {
                cur += 10.0;
                last = Some(Last::Teen);
                true
            }
            (NumWord::Unit(u), true, Some(Last::Hundred | Last::Scale)) if cur % 100.0 == 0.0 => {
                cur += f64::from(u);
                last = Some(Last::Unit);
                true
            }
            (NumWord::TeenHead(u), c, l) => {
                let tail = toks.get(j + used).map(|t| t.norm);
                let valid_pos = match (c, l) {
                    (false, None) => true,
                    (true, Some(Last::Hundred | Last::Scale)) => cur % 100.0 == 0.0,
                    _ => false,
                };
                if valid_pos && matches!(tail, Some("عشر" | "عشره")) {
                    cur += f64::from(u) + 10.0;
                    last = Some(Last::Teen);
                    j += 1; // the عشر token
                    true
                } else {
                    false
                }
            }
            (NumWord::Tens(t), false, None) => {
                cur = f64::from(t);
                last = Some(Last::Tens);
                true
            }
            (NumWord::Tens(t), true, Some(Last::Unit)) if (1.0..10.0).contains(&(cur % 100.0)) => {
                cur += f64::from(t);
                last = Some(Last::Tens);
                true
            }
            (NumWord::Tens(t), true, Some(Last::Hundred | Last::Scale)) if cur % 100.0 == 0.0 => {
                cur += f64::from(t);
                last = Some(Last::Tens);
                true
            }
            (NumWord::Hundred(h), false, None) => {
                cur = f64::from(h);
                last = Some(Last::Hundred);
                true
            }
            (NumWord::Hundred(h), true, Some(Last::Scale)) if cur == 0.0 => {
                cur = f64::from(h);
                last = Some(Last::Hundred);
                true
            }
            (NumWord::HundredWord, false, None) => {
                cur = 100.0;
                last = Some(Last::Hundred);
                true
            }
            (NumWord::HundredWord, false, Some(Last::Unit | Last::Digits))
                if (3.0..10.0).contains(&cur) =>
            {
                cur *= 100.0;
                last = Some(Last::Hundred);
                true
            }
            (NumWord::HundredWord, true, Some(Last::Scale)) if cur == 0.0 => {
                cur = 100.0;
                last = Some(Last::Hundred);
                true
            }
            (NumWord::Scale(m, count), conj, l) if m < last_scale => {
                let applied = match (count, conj, l) {
                    // ألف, مليون alone or after a complete group.
                    // مليونا دولار, ألفا شخص: a dual construct when
                    // nothing precedes (after a number, ألفاً is the
                    // accusative singular: عشرون ألفاً).
                    (Count::Single, false, None) if toks[j].norm.ends_with('ا') => Some(2.0),
                    (Count::Single, false, None) => Some(1.0),
                    (Count::Single, true, Some(Last::Scale)) if cur == 0.0 => Some(1.0),
                    (Count::Dual, false, None) => Some(2.0),
                    (Count::Dual, true, Some(Last::Scale)) if cur == 0.0 => Some(2.0),
                    // آلاف المدنيين: thousands, vague; a plural is more
                    // than two (two is the dual ألفان).
                    (Count::Plural, false, None) => {
                        let q = if m >= 1e6 {
                            QuantityQualifier::Millions
                        } else {
                            QuantityQualifier::Thousands
                        };
                        vague = Some((q, 2.0 * m, m * 10.0 - 1.0));
                        Some(2.0)
                    }
                    (Count::Single | Count::Plural, false, Some(l))
                        if l != Last::Scale && l != Last::Fraction && cur > 0.0 =>
                    {
                        if let Some((q, lo, hi)) = vague {
                            vague = Some((q, lo * m, (hi + 1.0) * m - 1.0));
                        }
                        Some(cur)
                    }
                    (Count::Single, false, Some(Last::Fraction)) => Some(cur),
                    _ => None,
                };
                match applied {
                    Some(k) => {
                        total += k * m;
                        cur = 0.0;
                        last_scale = m;
                        last = Some(Last::Scale);
                        scaled = true;
                        true
                    }
                    None => false,
                }
            }
            (NumWord::Vague(q, v), false, None) => {
                // عشرات, مئات: a plural of tens or hundreds, so at least
                // two of them (20–99, 200–999); بضعة: 3–9.
                let (lo, hi) = if q == QuantityQualifier::Few {
                    (v, 9.0)
                } else {
                    (2.0 * v, v * 10.0 - 1.0)
                };
                vague = Some((q, lo, hi));
                cur = lo;
                last = Some(Last::Vague);
                true
            }
            (NumWord::Fraction(f), false, None) => {
                cur = f;
                last = Some(Last::Fraction);
                true
            }
            (NumWord::Fraction(f), true, Some(Last::Scale)) if cur == 0.0 => {
                total += f * last_scale;
                last = Some(Last::Closed);
                true
            }
            (NumWord::Fraction(f), true, Some(Last::Unit | Last::Digits | Last::Teen)) => {
                cur += f;
                last = Some(Last::Closed);
                true
            }
            _ => false,
        };
        if !ok {
            break;
        }
        words = true;
        j += used;
        if last == Some(Last::Closed) {
            break;
        }
    }
    match last {
        None | Some(Last::Fraction) => None,
        // `بضعة` alone has bounds; its value is the lower one.
        _ => Some(NumParse {
            value: total + cur,
            next: j,
            vague,
            words,
            scaled,
        }),
    }
}

/// Parses a whole string as one number phrase (`خمسة وعشرون`,
/// `2.5 مليون`, `اثنتي عشرة`). `None` when the string is not exactly one
/// number.
pub fn parse_number(s: &str) -> Option<f64> {
    let keys: Vec<(String, marsad_core::TokenKind)> = marsad_text::tokenize::tokenize(s)
        .iter()
        .map(|t| (marsad_text::search_key(t.text(s)), t.kind))
        .collect();
    let toks: Vec<Tv> = keys
        .iter()
        .map(|(k, kind)| Tv {
            norm: k,
            is_number: *kind == marsad_core::TokenKind::Number,
            is_word: *kind == marsad_core::TokenKind::Word,
        })
        .collect();
    let p = parse_at(&toks, 0, true)?;
    (p.next == toks.len()).then_some(p.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<f64> {
        parse_number(s)
    }

    #[test]
    fn digits_and_separators() {
        assert_eq!(parse_digits("1,500"), Some(1500.0));
        assert_eq!(parse_digits("1,500,000"), Some(1_500_000.0));
        assert_eq!(parse_digits("2.5"), Some(2.5));
        assert_eq!(parse_digits("20,5"), Some(20.5));
        assert_eq!(parse_digits("1.500.000"), Some(1_500_000.0));
        assert_eq!(parse_digits("1,500.25"), Some(1500.25));
        assert_eq!(parse_digits("1.500,25"), Some(1500.25));
        assert_eq!(parse_digits("1,2,3"), None);
        assert_eq!(parse_digits("99999999999999999999999"), None);
        assert_eq!(parse_digits(""), None);
        assert_eq!(parse_digits("."), None);
        assert_eq!(n("٣٠٫٥"), Some(30.5));
        assert_eq!(n("١٬٥٠٠"), Some(1500.0));
        assert_eq!(n("۱۲"), Some(12.0));
    }

    #[test]
    fn number_words() {
        let cases: &[(&str, f64)] = &[
            ("ثلاثة", 3.0),
            ("ثلاث", 3.0),
            ("ثمانية", 8.0),
            ("ثماني", 8.0),
            ("عشرة", 10.0),
            ("أحد عشر", 11.0),
            ("إحدى عشرة", 11.0),
            ("اثنا عشر", 12.0),
            ("اثني عشر", 12.0),
            ("اثنتي عشرة", 12.0),
            ("اثنتى عشرة", 12.0),
            ("ثلاثة عشر", 13.0),
            ("خمس عشرة", 15.0),
            ("عشرون", 20.0),
            ("عشرين", 20.0),
            ("خمسة وعشرون", 25.0),
            ("خمسة و عشرين", 25.0),
            ("مئة", 100.0),
            ("مائة", 100.0),
            ("مئتان", 200.0),
            ("مائتي", 200.0),
            ("ثلاثمائة", 300.0),
            ("ثلاثمئة", 300.0),
            ("ثلاث مئة", 300.0),
            ("ثلاث مائة", 300.0),
            ("خمسمئة", 500.0),
            ("مئة وخمسون", 150.0),
            ("مئة وخمسة وعشرون", 125.0),
            ("ثلاثمائة واثنا عشر", 312.0),
            ("ألف", 1000.0),
            ("ألفان", 2000.0),
            ("ألفين", 2000.0),
            ("ألفي", 2000.0),
            ("ثلاثة آلاف", 3000.0),
            ("عشرة آلاف", 10000.0),
            ("عشرون ألفاً", 20000.0),
            ("مئة وخمسون ألفاً", 150_000.0),
            ("خمسمئة ألف", 500_000.0),
            ("ألف ومئتان", 1200.0),
            ("ثلاثة آلاف وخمسمئة", 3500.0),
            ("مليون", 1e6),
            ("مليونان", 2e6),
            ("مليونين", 2e6),
            ("ثلاثة ملايين", 3e6),
            ("مليار", 1e9),
            ("مليون ومئتا ألف", 1_200_000.0),
            ("مليون ونصف", 1_500_000.0),
            ("نصف مليون", 500_000.0),
            ("3 ملايين", 3e6),
            ("مليونا", 2e6),
            ("ألفا", 2000.0),
            ("3 آلاف و500", 3500.0),
            ("ثلاثة آلاف و 500", 3500.0),
            ("2.5 مليار", 2.5e9),
            ("150 ألف", 150_000.0),
            ("ثلاثة ونصف", 3.5),
        ];
        for &(s, want) in cases {
            assert_eq!(n(s), Some(want), "{s}");
        }
    }

    #[test]
    fn invalid_compositions_stop() {
        // A ten before a unit is not Arabic order: only عشرون is read.
        assert_eq!(n("عشرون وخمسة"), None);
        assert_eq!(n("خمسة وعشرة"), None);
        assert_eq!(n("أحد"), None);
        assert_eq!(n("نصف"), None);
        assert_eq!(n("الثلاثة"), None);
        assert_eq!(n("ألف مليون"), None);
    }

    #[test]
    fn vague_amounts() {
        let toks = |s: &'static str| -> Vec<String> {
            s.split_whitespace().map(marsad_text::search_key).collect()
        };
        let check = |s: &'static str, q: QuantityQualifier, v: f64, hi: f64| {
            let keys = toks(s);
            let tv: Vec<Tv> = keys
                .iter()
                .map(|k| Tv {
                    norm: k,
                    is_number: false,
                    is_word: true,
                })
                .collect();
            let p = parse_at(&tv, 0, true).unwrap();
            assert_eq!(p.value, v, "{s}");
            assert_eq!(p.vague, Some((q, v, hi)), "{s}");
        };
        check("عشرات", QuantityQualifier::Tens, 20.0, 99.0);
        check("مئات", QuantityQualifier::Hundreds, 200.0, 999.0);
        check("آلاف", QuantityQualifier::Thousands, 2000.0, 9999.0);
        check("الآلاف", QuantityQualifier::Thousands, 2000.0, 9999.0);
        check("عشرات الآلاف", QuantityQualifier::Tens, 20_000.0, 99_999.0);
        check(
            "مئات الآلاف",
            QuantityQualifier::Hundreds,
            200_000.0,
            999_999.0,
        );
        check("بضعة آلاف", QuantityQualifier::Few, 3000.0, 9999.0);
        check("ملايين", QuantityQualifier::Millions, 2e6, 1e7 - 1.0);
    }
}
