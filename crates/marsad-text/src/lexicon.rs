//! The lexical tables several crates read: month and weekday names, era
//! markers, parts of the day, cardinal number words, and the fold they are
//! matched through. Dates, quantities and the readers all take them from
//! here.
//!
//! Entries are written in their usual spelling; matching always goes
//! through [`fold`], which erases the spelling variation that Arabic news
//! sites show (hamza on alef, alef maqsura, teh marbuta, diacritics,
//! tatweel, Arabic-Indic digits).

use std::sync::OnceLock;

/// The calendar a month name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    Gregorian,
    Hijri,
}

/// Which family of names a month name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Series {
    /// Egypt, the Gulf, Sudan, Libya: يناير فبراير مارس …
    Egyptian,
    /// Syria, Lebanon, Jordan, Palestine, Iraq: كانون الثاني شباط آذار …
    Levantine,
    /// Morocco, Mauritania: ماي يوليوز غشت شتنبر نونبر دجنبر …
    Maghrebi,
    /// Algeria, Tunisia: جانفي فيفري أفريل جوان جويلية أوت …
    Algerian,
    English,
    Hijri,
}

/// One spelling of a month name, as a sequence of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthName {
    pub words: &'static [&'static str],
    /// 1-based month number in its calendar.
    pub month: u8,
    pub calendar: Calendar,
    pub series: Series,
}

const fn g(words: &'static [&'static str], month: u8, series: Series) -> MonthName {
    MonthName {
        words,
        month,
        calendar: Calendar::Gregorian,
        series,
    }
}

const fn h(words: &'static [&'static str], month: u8) -> MonthName {
    MonthName {
        words,
        month,
        calendar: Calendar::Hijri,
        series: Series::Hijri,
    }
}

use Series::{Algerian, Egyptian, English, Levantine, Maghrebi};

/// Every month name known. Names shared between series (مارس, سبتمبر …)
/// are listed once, under the series that uses them most.
pub const MONTHS: &[MonthName] = &[
    // Egyptian / Gulf series.
    g(&["يناير"], 1, Egyptian),
    g(&["فبراير"], 2, Egyptian),
    g(&["مارس"], 3, Egyptian),
    g(&["أبريل"], 4, Egyptian),
    g(&["إبريل"], 4, Egyptian),
    g(&["مايو"], 5, Egyptian),
    g(&["يونيو"], 6, Egyptian),
    g(&["يونيه"], 6, Egyptian),
    g(&["يوليو"], 7, Egyptian),
    g(&["يوليه"], 7, Egyptian),
    g(&["أغسطس"], 8, Egyptian),
    g(&["سبتمبر"], 9, Egyptian),
    g(&["أكتوبر"], 10, Egyptian),
    g(&["نوفمبر"], 11, Egyptian),
    g(&["ديسمبر"], 12, Egyptian),
    // Levantine / Iraqi series.
    g(&["كانون", "الثاني"], 1, Levantine),
    g(&["شباط"], 2, Levantine),
    g(&["آذار"], 3, Levantine),
    g(&["نيسان"], 4, Levantine),
    g(&["أيار"], 5, Levantine),
    g(&["حزيران"], 6, Levantine),
    g(&["تموز"], 7, Levantine),
    g(&["آب"], 8, Levantine),
    g(&["أيلول"], 9, Levantine),
    g(&["تشرين", "الأول"], 10, Levantine),
    g(&["تشرين", "أول"], 10, Levantine),
    g(&["تشرين", "الثاني"], 11, Levantine),
    g(&["تشرين", "ثاني"], 11, Levantine),
    g(&["كانون", "الأول"], 12, Levantine),
    g(&["كانون", "أول"], 12, Levantine),
    g(&["كانون", "ثاني"], 1, Levantine),
    // Moroccan series.
    g(&["ماي"], 5, Maghrebi),
    g(&["يوليوز"], 7, Maghrebi),
    g(&["غشت"], 8, Maghrebi),
    g(&["شتنبر"], 9, Maghrebi),
    g(&["نونبر"], 11, Maghrebi),
    g(&["دجنبر"], 12, Maghrebi),
    // Algerian / Tunisian series.
    g(&["جانفي"], 1, Algerian),
    g(&["فيفري"], 2, Algerian),
    g(&["أفريل"], 4, Algerian),
    g(&["جوان"], 6, Algerian),
    g(&["جويلية"], 7, Algerian),
    g(&["جويليه"], 7, Algerian),
    g(&["أوت"], 8, Algerian),
    // English, full and abbreviated (RFC 2822 uses the abbreviations).
    g(&["january"], 1, English),
    g(&["jan"], 1, English),
    g(&["february"], 2, English),
    g(&["feb"], 2, English),
    g(&["march"], 3, English),
    g(&["mar"], 3, English),
    g(&["april"], 4, English),
    g(&["apr"], 4, English),
    g(&["may"], 5, English),
    g(&["june"], 6, English),
    g(&["jun"], 6, English),
    g(&["july"], 7, English),
    g(&["jul"], 7, English),
    g(&["august"], 8, English),
    g(&["aug"], 8, English),
    g(&["september"], 9, English),
    g(&["sept"], 9, English),
    g(&["sep"], 9, English),
    g(&["october"], 10, English),
    g(&["oct"], 10, English),
    g(&["november"], 11, English),
    g(&["nov"], 11, English),
    g(&["december"], 12, English),
    g(&["dec"], 12, English),
    // Hijri months.
    h(&["محرم"], 1),
    h(&["المحرم"], 1),
    h(&["صفر"], 2),
    h(&["ربيع", "الأول"], 3),
    h(&["ربيع", "أول"], 3),
    h(&["ربيع", "الآخر"], 4),
    h(&["ربيع", "الثاني"], 4),
    h(&["ربيع", "آخر"], 4),
    h(&["ربيع", "ثاني"], 4),
    h(&["جمادى", "الأولى"], 5),
    h(&["جمادى", "الأول"], 5),
    h(&["جمادى", "أولى"], 5),
    h(&["جمادى", "الآخرة"], 6),
    h(&["جمادى", "الثانية"], 6),
    h(&["جمادى", "الآخر"], 6),
    h(&["جمادى", "الثاني"], 6),
    h(&["جمادى", "آخرة"], 6),
    h(&["رجب"], 7),
    h(&["شعبان"], 8),
    h(&["رمضان"], 9),
    h(&["شوال"], 10),
    h(&["ذو", "القعدة"], 11),
    h(&["ذي", "القعدة"], 11),
    h(&["ذوالقعدة"], 11),
    h(&["ذو", "الحجة"], 12),
    h(&["ذي", "الحجة"], 12),
    h(&["ذوالحجة"], 12),
];

/// Day of the week, Monday first (ISO 8601 numbering is `as u8 + 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// Weekday names, Arabic with and without the article, and English.
pub const WEEKDAYS: &[(&str, Weekday)] = &[
    ("الاثنين", Weekday::Monday),
    ("الإثنين", Weekday::Monday),
    ("اثنين", Weekday::Monday),
    ("الثلاثاء", Weekday::Tuesday),
    ("ثلاثاء", Weekday::Tuesday),
    ("الأربعاء", Weekday::Wednesday),
    ("أربعاء", Weekday::Wednesday),
    ("الخميس", Weekday::Thursday),
    ("خميس", Weekday::Thursday),
    ("الجمعة", Weekday::Friday),
    ("جمعة", Weekday::Friday),
    ("السبت", Weekday::Saturday),
    ("سبت", Weekday::Saturday),
    ("الأحد", Weekday::Sunday),
    ("أحد", Weekday::Sunday),
    ("monday", Weekday::Monday),
    ("mon", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("tue", Weekday::Tuesday),
    ("tues", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("wed", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("thu", Weekday::Thursday),
    ("thurs", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("fri", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sat", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
    ("sun", Weekday::Sunday),
];

/// Era markers written after a year: `م`/`ميلادي` (Gregorian) and
/// `هـ`/`ه`/`هجري` (Hijri).
pub const ERA_MARKERS: &[(&str, Calendar)] = &[
    ("م", Calendar::Gregorian),
    ("ميلادي", Calendar::Gregorian),
    ("ميلادية", Calendar::Gregorian),
    ("للميلاد", Calendar::Gregorian),
    ("ad", Calendar::Gregorian),
    ("هـ", Calendar::Hijri),
    ("ه", Calendar::Hijri),
    ("هجري", Calendar::Hijri),
    ("هجرية", Calendar::Hijri),
    ("للهجرة", Calendar::Hijri),
    ("ah", Calendar::Hijri),
];

/// Half-day markers after a clock time. `م` here means مساءً (pm), not the
/// Gregorian era: the parser tells them apart by position.
pub const DAY_PERIODS: &[(&str, bool)] = &[
    ("ص", false),
    ("صباحا", false),
    ("صباحاً", false),
    ("صباح", false),
    ("am", false),
    ("م", true),
    ("مساء", true),
    ("مساءً", true),
    ("مساءا", true),
    ("ظهرا", true),
    ("ظهراً", true),
    ("عصرا", true),
    ("عصراً", true),
    ("ليلا", true),
    ("ليلاً", true),
    ("pm", true),
];

/// Folds a string for lexicon matching: strips diacritics and tatweel,
/// unifies alef forms, ى→ي, ة→ه, Arabic-Indic and Persian digits → ASCII,
/// ASCII letters → lower case, Arabic comma → `,`. Other characters are
/// kept, so the result can be tokenised like the original.
pub fn fold(s: &str) -> String {
    // The text layer's search key (harakat and tatweel stripped, alef, yeh
    // and teh marbuta folded, digits ASCII, lowercase), plus the Arabic
    // comma and full-width colon that date fields use as separators.
    let out = crate::search_key(s);
    if out.contains(['،', '：']) {
        out.replace('،', ",").replace('：', ":")
    } else {
        out
    }
}

/// The tables with every spelling folded once, on first use.
struct Folded {
    months: Vec<(Vec<String>, &'static MonthName)>,
    weekdays: Vec<(String, Weekday)>,
    eras: Vec<(String, Calendar)>,
    periods: Vec<(String, bool)>,
}

fn folded() -> &'static Folded {
    static F: OnceLock<Folded> = OnceLock::new();
    F.get_or_init(|| Folded {
        months: MONTHS
            .iter()
            .map(|m| (m.words.iter().map(|w| fold(w)).collect(), m))
            .collect(),
        weekdays: WEEKDAYS.iter().map(|&(w, d)| (fold(w), d)).collect(),
        eras: ERA_MARKERS.iter().map(|&(w, c)| (fold(w), c)).collect(),
        periods: DAY_PERIODS.iter().map(|&(w, p)| (fold(w), p)).collect(),
    })
}

/// The longest month name at the start of `words` (already folded), with the
/// number of words it covers.
pub fn match_month<S: AsRef<str>>(words: &[S]) -> Option<(&'static MonthName, usize)> {
    let mut best: Option<(&'static MonthName, usize)> = None;
    for (fw, m) in &folded().months {
        let n = fw.len();
        if n > words.len() || best.is_some_and(|(_, b)| b >= n) {
            continue;
        }
        if fw.iter().zip(words).all(|(a, b)| a == b.as_ref()) {
            best = Some((m, n));
        }
    }
    best
}

/// The weekday a (folded) word names, if any.
pub fn match_weekday(word: &str) -> Option<Weekday> {
    folded()
        .weekdays
        .iter()
        .find(|(w, _)| w == word)
        .map(|&(_, d)| d)
}

/// The calendar an era marker (folded) names, if any.
pub fn match_era(word: &str) -> Option<Calendar> {
    folded()
        .eras
        .iter()
        .find(|(w, _)| w == word)
        .map(|&(_, c)| c)
}

/// Whether a (folded) day-period marker means afternoon, if it is one.
pub fn match_day_period(word: &str) -> Option<bool> {
    folded()
        .periods
        .iter()
        .find(|(w, _)| w == word)
        .map(|&(_, pm)| pm)
}

/// Cardinal units 1–10 as written alone (`ثلاثة`, `ثلاث`, `اثنين`, `عشرة`).
pub const NUMBER_UNITS: &[(&str, u8)] = &[
    ("واحد", 1),
    ("واحدة", 1),
    ("اثنان", 2),
    ("اثنين", 2),
    ("اثنتان", 2),
    ("اثنتين", 2),
    ("ثلاث", 3),
    ("ثلاثة", 3),
    ("أربع", 4),
    ("أربعة", 4),
    ("خمس", 5),
    ("خمسة", 5),
    ("ست", 6),
    ("ستة", 6),
    ("سبع", 7),
    ("سبعة", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("ثمانية", 8),
    ("تسع", 9),
    ("تسعة", 9),
    ("عشر", 10),
    ("عشرة", 10),
];

/// The heads of 11 and 12 (`أحد`, `إحدى`, `اثنا`, `اثنتي`), valid only
/// before `عشر`/`عشرة`.
pub const NUMBER_TEEN_HEADS: &[(&str, u8)] = &[
    ("أحد", 1),
    ("إحدى", 1),
    ("اثنا", 2),
    ("اثني", 2),
    ("اثنتا", 2),
    ("اثنتي", 2),
];

/// Tens 20–90 in both cases (`عشرون`, `عشرين`).
pub const NUMBER_TENS: &[(&str, u8)] = &[
    ("عشرون", 20),
    ("عشرين", 20),
    ("ثلاثون", 30),
    ("ثلاثين", 30),
    ("أربعون", 40),
    ("أربعين", 40),
    ("خمسون", 50),
    ("خمسين", 50),
    ("ستون", 60),
    ("ستين", 60),
    ("سبعون", 70),
    ("سبعين", 70),
    ("ثمانون", 80),
    ("ثمانين", 80),
    ("تسعون", 90),
    ("تسعين", 90),
];

/// The unit a (folded) cardinal word names, 1–10.
pub fn match_number_unit(word: &str) -> Option<u8> {
    static F: OnceLock<Vec<(String, u8)>> = OnceLock::new();
    F.get_or_init(|| NUMBER_UNITS.iter().map(|&(w, n)| (fold(w), n)).collect())
        .iter()
        .find(|(w, _)| w == word)
        .map(|&(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_unifies_spellings() {
        assert_eq!(fold("أبريل"), fold("ابريل"));
        assert_eq!(fold("إبريل"), "ابريل");
        assert_eq!(fold("جمادى الآخرة"), "جمادي الاخره");
        assert_eq!(fold("هـ"), "ه");
        assert_eq!(fold("٢٠١٩"), "2019");
        assert_eq!(fold("۲۰۱۹"), "2019");
        assert_eq!(fold("مَارِس"), "مارس");
        assert_eq!(fold("MARCH"), "march");
    }

    #[test]
    fn month_tables_are_consistent() {
        // A folded spelling must never name two different months.
        for a in MONTHS {
            for b in MONTHS {
                let fa: Vec<String> = a.words.iter().map(|w| fold(w)).collect();
                let fb: Vec<String> = b.words.iter().map(|w| fold(w)).collect();
                if fa == fb {
                    assert_eq!((a.month, a.calendar), (b.month, b.calendar), "{fa:?}");
                }
            }
            assert!((1..=12).contains(&a.month));
        }
        // Every month of both calendars has at least one name.
        for cal in [Calendar::Gregorian, Calendar::Hijri] {
            for m in 1..=12 {
                assert!(MONTHS.iter().any(|n| n.calendar == cal && n.month == m));
            }
        }
    }

    #[test]
    fn longest_match_wins() {
        let w = ["كانون", "الاول", "2019"];
        let (m, n) = match_month(&w).unwrap();
        assert_eq!((m.month, n), (12, 2));
        let w = ["ربيع", "الاخر"];
        assert_eq!(match_month(&w).unwrap().0.month, 4);
        assert!(match_month(&["كانون"]).is_none());
        assert_eq!(match_weekday("الاحد"), Some(Weekday::Sunday));
        assert_eq!(match_era("ه"), Some(Calendar::Hijri));
        assert_eq!(match_day_period("ص"), Some(false));
    }
}
