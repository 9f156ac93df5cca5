//! Character classes shared by the normaliser, tokenizer, clitic analyser
//! and sentence splitter. Kept in one place so the modules agree on what a
//! letter, a mark and a space are (the span invariants depend on it).

/// Whitespace for tokens and sentence trimming: Unicode white space plus
/// the invisible separators news sites leave around (ZWSP, BOM).
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// Line or paragraph separators: a sentence never spans one.
#[inline]
pub(crate) fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

/// Harakat, Quranic annotation marks and other Arabic combining marks
/// (but not tatweel, which is a letter-like spacing character).
#[inline]
pub(crate) fn is_haraka(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}')
}

/// `char::is_alphabetic`, with Arabic letters and ASCII answered before
/// the Unicode tables (a slow lookup for every Arabic word otherwise).
#[inline]
pub fn is_letter(c: char) -> bool {
    if ('\u{0621}'..='\u{064A}').contains(&c) || c.is_ascii_alphabetic() {
        return true;
    }
    !c.is_ascii() && c.is_alphabetic()
}

pub(crate) const TATWEEL: char = '\u{0640}';

/// Arabic-script letters (base letters, not marks, not digits).
#[inline]
pub(crate) fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}')
}

/// A character that continues an Arabic word: a mark or tatweel.
#[inline]
pub(crate) fn is_arabic_word_extend(c: char) -> bool {
    c == TATWEEL || is_haraka(c)
}

/// Arabic-Indic or Persian digit.
#[inline]
pub(crate) fn is_arabic_digit(c: char) -> bool {
    matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// Punctuation (Unicode P* categories, approximated by the blocks news
/// text uses); everything else that is neither letter, digit nor space is
/// a symbol.
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '!' | '"'
                | '#'
                | '%'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '?'
                | '@'
                | '['
                | '\\'
                | ']'
                | '_'
                | '{'
                | '}'
        );
    }
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{060C}' | '\u{060D}' | '\u{061B}' | '\u{061D}'..='\u{061F}'
        | '\u{066A}'..='\u{066D}' | '\u{06D4}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205E}' | '\u{2E00}'..='\u{2E7F}' | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '\u{FD3E}' | '\u{FD3F}' | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FE50}'..='\u{FE61}' | '\u{FE63}' | '\u{FE68}' | '\u{FE6A}' | '\u{FE6B}'
        | '\u{FF01}'..='\u{FF03}' | '\u{FF05}'..='\u{FF0A}' | '\u{FF0C}'..='\u{FF0F}'
        | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF20}' | '\u{FF3B}'..='\u{FF3D}'
        | '\u{FF3F}' | '\u{FF5B}' | '\u{FF5D}' | '\u{FF5F}'..='\u{FF65}')
}
