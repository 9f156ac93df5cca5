//! Arabic normalisation ("folding") with an optional alignment map back
//! to the original text.
//!
//! Folding is defined character by character: every original character
//! yields zero or more output characters, independently of its neighbours.
//! That keeps [`fold_into`] branch-light and allocation-free and makes the
//! alignment of [`NormalizedString`] exact. NFKC is therefore applied per
//! character too (decomposition and recomposition within the character):
//! this covers what Arabic news needs (presentation forms, ligatures such
//! as ﻻ and ﷲ, full-width and other compatibility characters); canonical
//! composition *across* characters (Latin `e` + U+0301) is not performed.

use std::ops::Range;

use icu_normalizer::{ComposingNormalizer, ComposingNormalizerBorrowed};

use crate::chars::{is_haraka, TATWEEL};

/// Which folds to apply. See the module docs for the per-character model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FoldOptions {
    /// NFKC per character: presentation forms and ligatures
    /// (U+FB50–U+FDFF, U+FE70–U+FEFF) become plain letters, full-width
    /// and other compatibility characters their plain forms.
    pub nfkc: bool,
    /// Drop harakat (U+064B–U+065F), superscript alef (U+0670), honorific
    /// signs (U+0610–U+061A) and Quranic marks (U+06D6–U+06ED, except the
    /// symbols U+06DD, U+06DE, U+06E9 and the small letters U+06E5/6).
    pub strip_harakat: bool,
    /// Drop tatweel (U+0640).
    pub strip_tatweel: bool,
    /// أ إ آ ٱ (and the rarer wavy-hamza alefs U+0672/3) → ا.
    pub fold_alef: bool,
    /// ى → ي, and the Persian letter variants ی → ي, ک → ك.
    pub fold_yeh: bool,
    /// ة → ه. Only for search keys: the distinction matters to models.
    pub fold_teh_marbuta: bool,
    /// Arabic-Indic (U+0660–9) and Persian (U+06F0–9) digits → ASCII,
    /// Arabic decimal separator ٫ → `.`, thousands separator ٬ → `,`.
    pub ascii_digits: bool,
    /// Lowercase (Latin and other cased scripts; Arabic has no case).
    pub lowercase: bool,
}

impl FoldOptions {
    /// Everything on: the key used for lexicon/gazetteer lookup.
    pub const SEARCH_KEY: FoldOptions = FoldOptions {
        nfkc: true,
        strip_harakat: true,
        strip_tatweel: true,
        fold_alef: true,
        fold_yeh: true,
        fold_teh_marbuta: true,
        ascii_digits: true,
        lowercase: true,
    };

    /// Model features: like [`Self::SEARCH_KEY`] but ة is kept (it marks
    /// feminine nouns and adjectives, a useful signal).
    pub const MODEL_FEATURE: FoldOptions = FoldOptions {
        fold_teh_marbuta: false,
        ..Self::SEARCH_KEY
    };

    /// Nothing on: the identity.
    pub const NONE: FoldOptions = FoldOptions {
        nfkc: false,
        strip_harakat: false,
        strip_tatweel: false,
        fold_alef: false,
        fold_yeh: false,
        fold_teh_marbuta: false,
        ascii_digits: false,
        lowercase: false,
    };
}

impl Default for FoldOptions {
    fn default() -> Self {
        Self::SEARCH_KEY
    }
}

const NFKC: ComposingNormalizerBorrowed<'static> = ComposingNormalizer::new_nfkc();

/// Characters NFKC leaves alone for sure, so the ICU normaliser is not
/// called for them: ASCII, the basic Arabic block (whose few
/// compatibility characters, U+0675–U+0678, are handled in [`fold_basic`])
/// and the guillemets common in Arabic news.
#[inline]
fn nfkc_stable(c: char) -> bool {
    c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c) || c == '«' || c == '»'
}

/// Folds one character that is already NFKC (or NFKC is off).
#[inline]
fn fold_basic(c: char, o: &FoldOptions, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(if o.lowercase {
            c.to_ascii_lowercase()
        } else {
            c
        });
        return;
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        let out = match c {
            _ if o.strip_harakat && is_haraka(c) => return,
            TATWEEL if o.strip_tatweel => return,
            '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}'
                if o.fold_alef =>
            {
                'ا'
            }
            '\u{0649}' | '\u{06CC}' if o.fold_yeh => 'ي',
            '\u{06A9}' if o.fold_yeh => 'ك',
            '\u{0629}' if o.fold_teh_marbuta => 'ه',
            '\u{0660}'..='\u{0669}' if o.ascii_digits => {
                char::from(b'0' + (c as u32 - 0x0660) as u8)
            }
            '\u{06F0}'..='\u{06F9}' if o.ascii_digits => {
                char::from(b'0' + (c as u32 - 0x06F0) as u8)
            }
            '\u{066B}' if o.ascii_digits => '.',
            '\u{066C}' if o.ascii_digits => ',',
            // The only compatibility characters of the block: high-hamza
            // letters, NFKC = letter + U+0674 high hamza.
            '\u{0675}'..='\u{0678}' if o.nfkc => {
                let base = match c {
                    '\u{0675}' => 'ا',
                    '\u{0676}' => 'و',
                    '\u{0677}' => 'ۇ',
                    _ => 'ي',
                };
                fold_basic(base, o, emit);
                emit('\u{0674}');
                return;
            }
            _ => c,
        };
        emit(out);
        return;
    }
    if is_haraka(c) && o.strip_harakat {
        return;
    }
    if o.lowercase && c.is_uppercase() {
        for l in c.to_lowercase() {
            emit(l);
        }
    } else {
        emit(c);
    }
}

/// Folds one original character, emitting its output characters.
#[inline]
fn fold_char(c: char, o: &FoldOptions, emit: &mut impl FnMut(char)) {
    if !o.nfkc || nfkc_stable(c) {
        fold_basic(c, o, emit);
    } else {
        for n in NFKC.normalize_iter(core::iter::once(c)) {
            fold_basic(n, o, emit);
        }
    }
}

/// Appends the fold of `s` to `out` (no alignment kept).
pub fn fold_into(s: &str, opts: &FoldOptions, out: &mut String) {
    out.reserve(s.len());
    if *opts == FoldOptions::SEARCH_KEY {
        // The common case (lexicon and gazetteer keys) through a table.
        let table = &*SEARCH_ARABIC;
        for c in s.chars() {
            search_fold_char(c, table, &mut |n| out.push(n));
        }
        return;
    }
    for c in s.chars() {
        fold_char(c, opts, &mut |n| out.push(n));
    }
}

/// [`fold_char`] with [`FoldOptions::SEARCH_KEY`], the Arabic block
/// read from `table` ([`SEARCH_ARABIC`]).
#[inline]
fn search_fold_char(c: char, table: &[Folded; 256], emit: &mut impl FnMut(char)) {
    match c {
        _ if c.is_ascii() => emit(c.to_ascii_lowercase()),
        '\u{0600}'..='\u{06FF}' => match table[c as usize - 0x600] {
            Folded::Drop => {}
            Folded::One(n) => emit(n),
            Folded::More => fold_char(c, &FoldOptions::SEARCH_KEY, emit),
        },
        _ => fold_char(c, &FoldOptions::SEARCH_KEY, emit),
    }
}

/// What [`FoldOptions::SEARCH_KEY`] makes of one character.
#[derive(Clone, Copy)]
enum Folded {
    Drop,
    One(char),
    More,
}

/// [`FoldOptions::SEARCH_KEY`]'s fold of each character of the Arabic
/// block (U+0600–U+06FF), from [`fold_char`] itself.
static SEARCH_ARABIC: std::sync::LazyLock<[Folded; 256]> = std::sync::LazyLock::new(|| {
    let mut t = [Folded::Drop; 256];
    for (i, slot) in t.iter_mut().enumerate() {
        let Some(c) = char::from_u32(0x600 + i as u32) else {
            continue;
        };
        let mut got: smallvec::SmallVec<[char; 2]> = smallvec::SmallVec::new();
        fold_char(c, &FoldOptions::SEARCH_KEY, &mut |n| got.push(n));
        *slot = match got.as_slice() {
            [] => Folded::Drop,
            [n] => Folded::One(*n),
            _ => Folded::More,
        };
    }
    t
});

/// The fold of `s` as a new string.
pub fn fold(s: &str, opts: &FoldOptions) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, opts, &mut out);
    out
}

/// The search key of `s` ([`FoldOptions::SEARCH_KEY`]).
pub fn search_key(s: &str) -> String {
    fold(s, &FoldOptions::SEARCH_KEY)
}

/// Appends the search key of `s` to `out`.
pub fn search_key_into(s: &str, out: &mut String) {
    fold_into(s, &FoldOptions::SEARCH_KEY, out);
}

/// Length in bytes of the search key of `s`. Characters fold one by one,
/// so the key of `a + b` is the key of `a` followed by the key of `b`:
/// the key of a word's stem is the rest of the word's key after this
/// many bytes of its prefix.
pub fn search_key_len(s: &str) -> usize {
    let table = &*SEARCH_ARABIC;
    let mut n = 0;
    for c in s.chars() {
        search_fold_char(c, table, &mut |x| n += x.len_utf8());
    }
    n
}

/// The search key of `s`, stored inline when short (most words): no
/// allocation per word.
pub fn search_key_compact(s: &str) -> compact_str::CompactString {
    // Folded into a stack buffer, then copied once: pushing char by char
    // into the compact string costs more than the fold itself.
    let table = &*SEARCH_ARABIC;
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut fits = true;
    for c in s.chars() {
        search_fold_char(c, table, &mut |x| {
            let end = n + x.len_utf8();
            match buf.get_mut(n..end) {
                Some(slot) => {
                    x.encode_utf8(slot);
                    n = end;
                }
                None => fits = false,
            }
        });
        if !fits {
            // Longer than the buffer (rare): fold into a string.
            return compact_str::CompactString::new(search_key(s));
        }
    }
    match std::str::from_utf8(&buf[..n]) {
        Ok(k) => compact_str::CompactString::new(k),
        Err(_) => compact_str::CompactString::new(search_key(s)),
    }
}

/// A normalised string that remembers where each of its bytes came from.
///
/// Every normalised byte is aligned to a byte range of the original:
/// * a character produced by an original character (possibly one of
///   several, as with ﷲ → الله) maps to that whole original character;
/// * an original character removed by folding (a haraka, tatweel) is
///   attached to the preceding kept character, or to the following one at
///   the start of the text, so that mapping a word back covers its marks.
///
/// The alignment is monotone: mapping a normalised range back yields the
/// span from the first byte's original start to the last byte's end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NormalizedString {
    normalized: String,
    /// Per normalised byte: the original byte range it comes from.
    align: Vec<(u32, u32)>,
    original_len: usize,
}

impl NormalizedString {
    pub fn new(original: &str, opts: &FoldOptions) -> Self {
        let mut normalized = String::with_capacity(original.len());
        let mut align: Vec<(u32, u32)> = Vec::with_capacity(original.len());
        // Start of the bytes produced by the last kept original char.
        let mut last_group: Option<usize> = None;
        // Start of removed chars seen before any kept char.
        let mut pending: Option<u32> = None;
        for (ob, c) in original.char_indices() {
            let ob = ob as u32;
            let oe = ob + c.len_utf8() as u32;
            let before = normalized.len();
            fold_char(c, opts, &mut |n| normalized.push(n));
            let after = normalized.len();
            if after > before {
                let start = pending.take().unwrap_or(ob);
                align.resize(after, (start, oe));
                last_group = Some(before);
            } else if let Some(g) = last_group {
                for a in &mut align[g..] {
                    a.1 = oe;
                }
            } else {
                pending.get_or_insert(ob);
            }
        }
        Self {
            normalized,
            align,
            original_len: original.len(),
        }
    }

    /// The normalised text.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    pub fn len(&self) -> usize {
        self.normalized.len()
    }

    pub fn is_empty(&self) -> bool {
        self.normalized.is_empty()
    }

    /// Byte length of the original text.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// The original byte range of a normalised byte range, or `None` when
    /// the range is out of bounds or not on char boundaries of the
    /// normalised text. An empty range maps to an empty range at the
    /// corresponding original position.
    pub fn original_range(&self, r: Range<usize>) -> Option<Range<usize>> {
        if r.start > r.end
            || !self.normalized.is_char_boundary(r.start)
            || !self.normalized.is_char_boundary(r.end)
        {
            return None;
        }
        if r.start == r.end {
            let p = if let Some(a) = self.align.get(r.start) {
                a.0
            } else if let Some(a) = self.align.last() {
                a.1
            } else {
                return Some(0..0);
            };
            return Some(p as usize..p as usize);
        }
        let a = self.align.get(r.start)?;
        let b = self.align.get(r.end - 1)?;
        Some(a.0 as usize..b.1 as usize)
    }

    /// The alignment groups: each normalised byte range with the original
    /// byte range it was produced from, in order. Groups tile the
    /// normalised text.
    pub fn groups(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        let mut i = 0;
        std::iter::from_fn(move || {
            let first = *self.align.get(i)?;
            let start = i;
            while self.align.get(i) == Some(&first) {
                i += 1;
            }
            Some((start..i, first.0 as usize..first.1 as usize))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_key_table_covers_the_arabic_block() {
        for c in ('\u{0600}'..='\u{06FF}').chain(['a', 'Z', '7', 'ﻻ', 'É']) {
            let mut slow = String::new();
            fold_char(c, &FoldOptions::SEARCH_KEY, &mut |n| slow.push(n));
            assert_eq!(search_key(&c.to_string()), slow, "{c:?}");
        }
    }

    proptest::proptest! {
        /// The search key's table gives what folding each character does.
        #[test]
        fn search_key_table_agrees_with_folding(s in "[\\u{0600}-\\u{06FF}a-zA-Z0-9 \\u{FB50}-\\u{FDFF}\\u{FE70}-\\u{FEFF}ÀÉİ«»]{0,24}") {
            let mut slow = String::new();
            for c in s.chars() {
                fold_char(c, &FoldOptions::SEARCH_KEY, &mut |n| slow.push(n));
            }
            proptest::prop_assert_eq!(search_key(&s), slow);
        }

        /// The compact key (a stack buffer up to 64 bytes) is the key, on
        /// both sides of that length.
        #[test]
        fn compact_key_is_the_key(s in "[\\u{0620}-\\u{0655}a-zA-Z ﻻ]{0,48}") {
            let compact = search_key_compact(&s);
            proptest::prop_assert_eq!(compact.as_str(), search_key(&s));
        }
    }

    fn key(s: &str) -> String {
        search_key(s)
    }

    #[test]
    fn strips_harakat_and_tatweel() {
        assert_eq!(key("مُحَمَّدٌ"), "محمد");
        assert_eq!(key("الـــقـاهرة"), "القاهره");
        // superscript alef and a Quranic stop mark
        assert_eq!(key("هٰذا\u{06D6}"), "هذا");
    }

    #[test]
    fn folds_letters_and_digits() {
        assert_eq!(key("أحمد إبراهيم آمال ٱلله"), "احمد ابراهيم امال الله");
        assert_eq!(key("مصطفى"), "مصطفي");
        assert_eq!(key("مدينة"), "مدينه");
        assert_eq!(key("٢٠١٩ و۱۳۹۸"), "2019 و1398");
        assert_eq!(key("٣٫٥"), "3.5");
        assert_eq!(key("کتاب یک"), "كتاب يك");
        assert_eq!(key("Reuters AFP"), "reuters afp");
        assert_eq!(key("ÉCOLE"), "école");
    }

    #[test]
    fn model_feature_keeps_teh_marbuta() {
        assert_eq!(fold("مدينةٌ", &FoldOptions::MODEL_FEATURE), "مدينة");
        assert_eq!(fold("مدينةٌ", &FoldOptions::NONE), "مدينةٌ");
    }

    #[test]
    fn nfkc_presentation_forms() {
        // lam-alef ligatures, with and without hamza
        assert_eq!(key("\u{FEFB}"), "لا");
        assert_eq!(key("\u{FEF7}"), "لا");
        // the word "Allah" ligature
        assert_eq!(key("\u{FDF2}"), "الله");
        // isolated/final/initial forms of letters
        assert_eq!(key("\u{FE91}\u{FEE8}\u{FEEA}"), "بنه");
        // full-width Latin and digits
        assert_eq!(key("ＡＢＣ１２"), "abc12");
        // without nfkc the ligature stays
        let mut o = FoldOptions::SEARCH_KEY;
        o.nfkc = false;
        assert_eq!(fold("\u{FEFB}", &o), "\u{FEFB}");
    }

    #[test]
    fn fold_into_appends() {
        let mut s = String::from("x:");
        fold_into("عَرَبيّ", &FoldOptions::SEARCH_KEY, &mut s);
        assert_eq!(s, "x:عربي");
    }

    fn back<'a>(orig: &'a str, ns: &NormalizedString, norm_piece: &str) -> &'a str {
        let i = ns.normalized().find(norm_piece).expect("piece");
        let r = ns.original_range(i..i + norm_piece.len()).expect("aligned");
        &orig[r]
    }

    #[test]
    fn alignment_covers_diacritics() {
        let orig = "قَالَ الرَّئِيسُ";
        let ns = NormalizedString::new(orig, &FoldOptions::SEARCH_KEY);
        assert_eq!(ns.normalized(), "قال الرئيس");
        assert_eq!(back(orig, &ns, "قال"), "قَالَ");
        assert_eq!(back(orig, &ns, "الرئيس"), "الرَّئِيسُ");
        assert_eq!(back(orig, &ns, "ر"), "رَّ");
        assert_eq!(ns.original_range(0..ns.len()), Some(0..orig.len()));
    }

    #[test]
    fn alignment_tatweel_and_leading_marks() {
        let orig = "\u{064E}بـــيـروت";
        let ns = NormalizedString::new(orig, &FoldOptions::SEARCH_KEY);
        assert_eq!(ns.normalized(), "بيروت");
        // the leading stray fatha goes to the first kept char
        assert_eq!(back(orig, &ns, "ب"), "\u{064E}بـــ");
        assert_eq!(back(orig, &ns, "ي"), "يـ");
        assert_eq!(back(orig, &ns, "روت"), "روت");
    }

    #[test]
    fn alignment_ligature_expansion() {
        let orig = "و\u{FDF2} \u{FEFB}بد";
        let ns = NormalizedString::new(orig, &FoldOptions::SEARCH_KEY);
        assert_eq!(ns.normalized(), "والله لابد");
        // any piece of the expansion maps to the whole ligature
        assert_eq!(back(orig, &ns, "له"), "\u{FDF2}");
        assert_eq!(back(orig, &ns, "والله"), "و\u{FDF2}");
        assert_eq!(back(orig, &ns, "لا"), "\u{FEFB}");
        assert_eq!(back(orig, &ns, "لابد"), "\u{FEFB}بد");
        // not on a normalised char boundary
        assert_eq!(ns.original_range(1..2), None);
        assert_eq!(ns.original_range(0..100), None);
    }

    #[test]
    fn alignment_digits() {
        let orig = "عام ٢٠١٩م";
        let ns = NormalizedString::new(orig, &FoldOptions::SEARCH_KEY);
        assert_eq!(ns.normalized(), "عام 2019م");
        assert_eq!(back(orig, &ns, "2019"), "٢٠١٩");
        assert_eq!(back(orig, &ns, "0"), "٠");
    }

    #[test]
    fn alignment_empty_and_removed_only() {
        let ns = NormalizedString::new("", &FoldOptions::SEARCH_KEY);
        assert_eq!(ns.original_range(0..0), Some(0..0));
        let ns = NormalizedString::new("\u{064E}\u{0640}", &FoldOptions::SEARCH_KEY);
        assert!(ns.is_empty());
        assert_eq!(ns.groups().count(), 0);
        let ns = NormalizedString::new("ab", &FoldOptions::SEARCH_KEY);
        assert_eq!(ns.original_range(2..2), Some(2..2));
        assert_eq!(ns.original_range(1..1), Some(1..1));
    }

    #[test]
    fn groups_tile() {
        let orig = "Aَ\u{FDF2}ـ٣";
        let ns = NormalizedString::new(orig, &FoldOptions::SEARCH_KEY);
        let g: Vec<_> = ns.groups().collect();
        assert_eq!(g.len(), 3);
        assert_eq!(&ns.normalized()[g[0].0.clone()], "a");
        assert_eq!(&orig[g[0].1.clone()], "Aَ");
        assert_eq!(&ns.normalized()[g[1].0.clone()], "الله");
        assert_eq!(&orig[g[1].1.clone()], "\u{FDF2}ـ");
        assert_eq!(&orig[g[2].1.clone()], "٣");
    }
}
