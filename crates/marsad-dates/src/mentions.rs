//! Dates in running text: the `dates` stage.
//!
//! A hand-written scanner over the text stage's tokens (their search keys
//! use the same folding as [`marsad_text::lexicon::fold`]) finds, longest form
//! first at each token:
//!
//! * ranges: `بين 3 و5 آذار`, `من 3 إلى 5 مارس 2019`, `3-5 آذار`,
//!   `من 2011 إلى 2015`, `بين عامي 2011 و2015`, `من 3 مارس إلى 5 أبريل 2019`;
//! * absolute dates: `9 أكتوبر 2019`, `3 تشرين الأول`, `الأحد 3 مارس 2019`,
//!   `3 آذار/مارس 2019`, `3/10/2019`, `2019-10-09`, `1 رمضان 1440 هـ`;
//! * months and years: `مارس 2019` (month), `رمضان 1440` (converted span),
//!   `عام 2018`, `في 2018`, `2018م` (year), `1439 هـ` (year, converted to
//!   its Gregorian span);
//! * relative dates, anchored on `meta.published`: `أمس`, `أمس الأول`,
//!   `اليوم`, `غداً`, `الأسبوع الماضي`, `الشهر المقبل`, `العام الماضي`,
//!   `منذ ثلاثة أيام`, `قبل يومين`, weekday names (`مساء الأحد` → the most
//!   recent Sunday on or before publication; `الأحد الماضي` strictly
//!   before; `الأحد المقبل` strictly after), bare months (`في آذار الماضي`).
//!
//! A date with no year (`12 آب`) takes the year that makes it the most
//! recent such date on or before publication. An impossible date
//! (`31 فبراير`) is reported with no value and the `invalid` flag; a
//! relative date in a document without a usable publication date keeps
//! its offset in `relative`, with no value and `anchored: false`.

use rustc_hash::FxHashSet as HashSet;
use std::cell::Cell;
use std::sync::OnceLock;

use marsad_core::{
    DateAnchor, DateFlag, DateMention, DatePrecision, DateRange, Document, Layer, Stage,
    StageError, StageSpec, Token, TokenKind,
};

use crate::civil::{
    civil_from_days, days_from_civil, days_in_month, hijri_month_span, hijri_to_days,
    hijri_year_of, iso_day, iso_week, valid, weekday_index, weekday_number,
};
use crate::parse_date;
use marsad_text::lexicon::{
    fold, match_era, match_month, match_weekday, Calendar, MonthName, Weekday, MONTHS, WEEKDAYS,
};

/// The publication date a document's relative dates are anchored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// Days since 1970-01-01.
    pub days: i64,
}

impl Anchor {
    /// Reads `meta.published` (any form [`parse_date`] accepts).
    pub fn from_published(s: &str) -> Option<Self> {
        let p = parse_date(s).ok()?;
        Some(Self {
            days: days_from_civil(i64::from(p.year), u32::from(p.month), u32::from(p.day)),
        })
    }

    fn ymd(&self) -> (i64, u32, u32) {
        civil_from_days(self.days)
    }
}

/// Every date mention of `doc`, anchored on its publication date, from
/// the text stage's tokens (none without them).
pub fn extract_dates(doc: &Document) -> Vec<DateMention> {
    let mut out = Vec::new();
    extract_dates_into(doc, &mut out);
    out
}

/// Like [`extract_dates`], appending to `out`.
pub fn extract_dates_into(doc: &Document, out: &mut Vec<DateMention>) {
    let anchor = doc
        .meta
        .published
        .as_deref()
        .and_then(Anchor::from_published);
    let first = out.len();
    Scanner::new(doc, &doc.tokens, anchor).run(out);
    if anchor.is_none() {
        infer_years_from_text(doc, out, first);
    }
}

/// Without a publication date, a day and month without a year (`12
/// فبراير`) takes its year from the latest full date the text gives: the
/// most recent such day on or before it. Relative dates (`أمس`) stay
/// unresolved: they count from the publication, not from another date.
fn infer_years_from_text(doc: &Document, out: &mut [DateMention], first: usize) {
    let latest = out[first..]
        .iter()
        .filter(|d| {
            d.anchor == Some(DateAnchor::Absolute) && d.precision == Some(DatePrecision::Day)
        })
        .filter_map(|d| d.value.as_deref().and_then(Anchor::from_published))
        .max_by_key(|a| a.days);
    let Some(latest) = latest else {
        return;
    };
    let pending = |d: &DateMention| d.value.is_none() && d.flags.contains(&DateFlag::InferredYear);
    if !out[first..].iter().any(pending) {
        return;
    }
    let mut again = Vec::new();
    Scanner::new(doc, &doc.tokens, Some(latest)).run(&mut again);
    if again.len() != out.len() - first {
        return;
    }
    for (d, a) in out[first..].iter_mut().zip(again) {
        if pending(d)
            && a.value.is_some()
            && (a.start, a.end) == (d.start, d.end)
            && a.relative.is_none()
        {
            d.value = a.value;
            d.range = a.range;
            d.anchor = Some(DateAnchor::Text);
            d.anchored = true;
        }
    }
}

/// The `dates` stage: fills [`Document::dates`] (replacing what was
/// there) from the tokens and `meta.published`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DatesStage;

/// The `dates` stage's declaration.
pub const SPEC: StageSpec = StageSpec {
    name: "dates",
    reads: &[Layer::Tokens],
    uses: &[],
    writes: &[Layer::Dates],
};

impl DatesStage {
    pub fn new() -> Self {
        Self
    }
}

impl Stage for DatesStage {
    /// The mentions of the document in hand; keeps its capacity.
    type Scratch = Vec<DateMention>;

    fn spec(&self) -> &'static StageSpec {
        &SPEC
    }

    fn scratch(&self) -> Vec<DateMention> {
        Vec::new()
    }

    fn annotate(&self, doc: &mut Document, buf: &mut Vec<DateMention>) -> Result<(), StageError> {
        buf.clear();
        extract_dates_into(doc, buf);
        marsad_core::ids::number(buf);
        doc.dates.clear();
        doc.dates.append(buf);
        Ok(())
    }
}

/// A date as read, before anchoring.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Val {
    Day {
        y: Option<i64>,
        m: u32,
        d: u32,
        hijri: bool,
    },
    Month {
        y: Option<i64>,
        m: u32,
        hijri: bool,
    },
    Year {
        y: i64,
        hijri: bool,
    },
}

/// Which occurrence of a year-less month or weekday is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    OnOrBefore,
    Before,
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }

    fn precision(self) -> DatePrecision {
        match self {
            Unit::Day => DatePrecision::Day,
            Unit::Week => DatePrecision::Week,
            Unit::Month => DatePrecision::Month,
            Unit::Year => DatePrecision::Year,
        }
    }
}

/// The resolved fields of a mention.
#[derive(Debug, Default)]
struct Res {
    value: Option<String>,
    precision: Option<DatePrecision>,
    anchor: Option<DateAnchor>,
    relative: Option<String>,
    range: Option<DateRange>,
    flags: Vec<DateFlag>,
}

const PAST: &[&str] = &[
    "الماضي",
    "الماضيه",
    "المنصرم",
    "المنصرمه",
    "الفائت",
    "الفائته",
    "السابق",
    "السابقه",
];
const FUTURE: &[&str] = &["المقبل", "المقبله", "القادم", "القادمه"];
const CURRENT: &[&str] = &["الجاري", "الجاريه", "الحالي", "الحاليه"];
const DAY_PARTS: &[&str] = &[
    "صباح",
    "مساء",
    "ليل",
    "ليله",
    "فجر",
    "ظهر",
    "عصر",
    "ظهيره",
    "صبيحه",
    "عشيه",
];
const YEAR_WORDS: &[&str] = &[
    "عام",
    "العام",
    "لعام",
    "بعام",
    "وعام",
    "سنه",
    "السنه",
    "لسنه",
    "بسنه",
];
/// Words after which a bare four-digit number is a year.
const YEAR_PREPS: &[&str] = &[
    "في",
    "منذ",
    "حتي",
    "خلال",
    "قبل",
    "بعد",
    "مطلع",
    "اوائل",
    "منتصف",
    "اواسط",
    "اواخر",
    "نهايه",
    "بدايه",
    "مع",
    "وفي",
    "ومنذ",
];
/// Words before a bare month name that make it a date.
const MONTH_PREPS: &[&str] = &[
    "شهر",
    "في",
    "خلال",
    "منذ",
    "مطلع",
    "اوائل",
    "منتصف",
    "اواسط",
    "اواخر",
    "نهايه",
    "بدايه",
    "حتي",
    "وفي",
];
/// Words after اليوم that make it "the day", not "today".
const NOT_TODAY: &[&str] = &[
    "التالي",
    "السابق",
    "الاول",
    "الثاني",
    "الثالث",
    "الاخير",
    "نفسه",
    "ذاته",
    "الذي",
    "الوطني",
    "العالمي",
    "الدولي",
    "الموعود",
    "الواحد",
    "من",
];

fn dir_of(w: &str) -> Option<(Dir, i64)> {
    if PAST.contains(&w) {
        Some((Dir::Before, -1))
    } else if FUTURE.contains(&w) {
        Some((Dir::After, 1))
    } else if CURRENT.contains(&w) {
        Some((Dir::OnOrBefore, 0))
    } else {
        None
    }
}

struct Scanner<'a> {
    doc: &'a Document,
    toks: &'a [Token],
    anchor: Option<Anchor>,
    /// A token read without its و proclitic (`وقبل يومين`, `وبين`).
    strip: Cell<Option<usize>>,
}

impl<'a> Scanner<'a> {
    fn new(doc: &'a Document, toks: &'a [Token], anchor: Option<Anchor>) -> Self {
        Self {
            doc,
            toks,
            anchor,
            strip: Cell::new(None),
        }
    }

    fn norm(&self, i: usize) -> &'a str {
        let n = self.toks.get(i).map_or("", |t| t.norm.as_str());
        if self.strip.get() == Some(i) {
            n.strip_prefix('و').unwrap_or(n)
        } else {
            n
        }
    }

    fn is(&self, i: usize, ws: &[&str]) -> bool {
        ws.contains(&self.norm(i))
    }

    fn touching(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// A digit token: (value, digit count).
    fn digits(&self, i: usize) -> Option<(i64, usize)> {
        let t = self.toks.get(i)?;
        if t.kind != TokenKind::Number || t.norm.len() > 9 {
            return None;
        }
        if !t.norm.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some((t.norm.parse().ok()?, t.norm.len()))
    }

    fn day_num(&self, i: usize) -> Option<u32> {
        match self.digits(i)? {
            (d, 1..=2) if (1..=31).contains(&d) => Some(d as u32),
            _ => None,
        }
    }

    /// A four-digit year, with an optional era marker after it: (year,
    /// Hijri?, next).
    fn year_at(&self, i: usize) -> Option<(i64, Option<bool>, usize)> {
        let (y, n) = self.digits(i)?;
        if n != 4 && !(n == 3 && match_era(self.norm(i + 1)).is_some()) {
            return None;
        }
        match match_era(self.norm(i + 1)) {
            Some(c) => Some((y, Some(c == Calendar::Hijri), i + 2)),
            None => Some((y, None, i + 1)),
        }
    }

    /// A month name (Arabic spellings only), with a second spelling after
    /// `/` or in parentheses (`آذار/مارس`, `مارس (آذار)`).
    fn month_at(&self, i: usize) -> Option<(&'static MonthName, usize)> {
        let w = [self.norm(i), self.norm(i + 1)];
        if w[0].is_empty() || w[0].is_ascii() {
            return None;
        }
        let (m, n) = match_month(&w[..if w[1].is_empty() { 1 } else { 2 }])?;
        let mut j = i + n;
        let same = |k: usize| {
            let w2 = [self.norm(k), self.norm(k + 1)];
            match_month(&w2)
                .filter(|(m2, _)| m2.month == m.month && m2.calendar == m.calendar)
                .map(|(_, n2)| k + n2)
        };
        if self.is(j, &["/"]) {
            if let Some(e) = same(j + 1) {
                j = e;
            }
        } else if self.is(j, &["("]) {
            if let Some(e) = same(j + 1).filter(|&e| self.is(e, &[")"])) {
                j = e + 1;
            }
        }
        Some((m, j))
    }

    /// Day month [year [era]] or a numeric date at `i`.
    fn date_at(&self, i: usize) -> Option<(Val, usize)> {
        if let Some(x) = self.numeric_at(i) {
            return Some(x);
        }
        let (d, mi) = match self.day_num(i) {
            Some(d) => (d, i + 1),
            // التاسع من أكتوبر: an ordinal day, then من.
            None => {
                let (d, k) = self.ordinal_day_at(i)?;
                if !self.is(k, &["من"]) {
                    return None;
                }
                (d, k + 1)
            }
        };
        let (m, mut j) = self.month_at(mi)?;
        let mut hijri = m.calendar == Calendar::Hijri;
        let mut y = None;
        if let Some((yy, era, next)) = self.year_at(j) {
            y = Some(yy);
            if let Some(h) = era {
                hijri = h;
            }
            j = next;
        }
        Some((
            Val::Day {
                y,
                m: u32::from(m.month),
                d,
                hijri,
            },
            j,
        ))
    }

    /// An ordinal day (`الثالث`, `الحادي عشر`, `الخامس والعشرين`,
    /// `العشرين`): (day, next).
    fn ordinal_day_at(&self, i: usize) -> Option<(u32, usize)> {
        let unit = |w: &str| -> Option<u32> {
            Some(match w {
                "الاول" => 1,
                "الحادي" => 1,
                "الثاني" => 2,
                "الثالث" => 3,
                "الرابع" => 4,
                "الخامس" => 5,
                "السادس" => 6,
                "السابع" => 7,
                "الثامن" => 8,
                "التاسع" => 9,
                "العاشر" => 10,
                _ => return None,
            })
        };
        let w = self.norm(i);
        match w {
            "العشرين" => return Some((20, i + 1)),
            "الثلاثين" => return Some((30, i + 1)),
            _ => {}
        }
        let u = unit(w)?;
        match self.norm(i + 1) {
            "عشر" if (1..=9).contains(&u) => Some((u + 10, i + 2)),
            "والعشرين" if (1..=9).contains(&u) => Some((u + 20, i + 2)),
            "والثلاثين" if u == 1 => Some((31, i + 2)),
            _ if w == "الحادي" => None,
            _ => Some((u, i + 1)),
        }
    }

    /// `3/10/2019`, `2019-10-09`, `3-10-2019`, `3.10.2019`: touching
    /// tokens, read by [`parse_date`].
    fn numeric_at(&self, i: usize) -> Option<(Val, usize)> {
        let (_, alen) = self.digits(i)?;
        let sep = self.norm(i + 1);
        if !matches!(sep, "/" | "-" | ".") || self.norm(i + 3) != sep {
            return None;
        }
        let (_, blen) = self.digits(i + 2)?;
        let (_, clen) = self.digits(i + 4)?;
        if !(i..i + 4).all(|k| self.touching(k)) || blen > 2 {
            return None;
        }
        if !((alen == 4 && clen <= 2) || (alen <= 2 && clen == 4)) {
            return None;
        }
        let a = self.toks.get(i)?;
        let b = self.toks.get(i + 4)?;
        let text = self.doc.text.get(a.bytes.0..b.bytes.1)?;
        let end = i + 5;
        match parse_date(text) {
            Ok(p) => Some((
                Val::Day {
                    y: Some(i64::from(p.year)),
                    m: u32::from(p.month),
                    d: u32::from(p.day),
                    hijri: false,
                },
                end,
            )),
            // An impossible numeric date: d = 0 marks it invalid.
            Err(_) => Some((
                Val::Day {
                    y: Some(0),
                    m: 0,
                    d: 0,
                    hijri: false,
                },
                end,
            )),
        }
    }

    /// Month year [era] (month precision).
    fn month_year_at(&self, i: usize) -> Option<(Val, usize)> {
        let (m, j) = self.month_at(i)?;
        let (y, era, next) = self.year_at(j)?;
        let hijri = era.unwrap_or(m.calendar == Calendar::Hijri);
        if hijri != (m.calendar == Calendar::Hijri) {
            return None;
        }
        Some((
            Val::Month {
                y: Some(y),
                m: u32::from(m.month),
                hijri,
            },
            next,
        ))
    }

    /// `عام 2018`, `2018م`, `1439 هـ`, `في 2018`: (start, val, next).
    fn year_mention_at(&self, i: usize) -> Option<(usize, Val, usize)> {
        if self.is(i, YEAR_WORDS) {
            let (y, era, next) = self.year_at(i + 1)?;
            let hijri = era.unwrap_or(false);
            if !hijri && !(1000..=2200).contains(&y) {
                return None;
            }
            return Some((i, Val::Year { y, hijri }, next));
        }
        let (y, era, next) = self.year_at(i)?;
        match era {
            Some(hijri) => Some((i, Val::Year { y, hijri }, next)),
            None if i > 0
                && self.is(i - 1, YEAR_PREPS)
                && (1900..=2100).contains(&y)
                && !self.is(next, &["/", "-", ":", "%", "٪"]) =>
            {
                Some((i, Val::Year { y, hijri: false }, next))
            }
            None => None,
        }
    }

    /// Ranges; returns (start, first, second, next).
    fn range_at(&self, i: usize) -> Option<(usize, Val, Val, usize)> {
        let start = i;
        let mut k = i;
        if self.is(k, &["ما"]) && self.is(k + 1, &["بين"]) {
            k += 1;
        }
        let opener = self.norm(k);
        let (conns, first): (&[&str], usize) = match opener {
            "بين" => (&["و"], k + 1),
            "من" => (&["الي", "حتي", "-", "–"], k + 1),
            _ => (&["-", "–"], k),
        };
        // Years: من 2011 إلى 2015, بين عامي 2011 و2015, 2011-2015.
        let mut f = first;
        if self.is(
            f,
            &["عام", "عامي", "العامين", "العام", "سنه", "سنتي", "السنتين"],
        ) {
            f += 1;
        }
        if let (Some((y1, e1, n1)), true) = (self.year_at(f), f == first || opener != "-") {
            if self.is(n1, conns) {
                let mut g = n1 + 1;
                if self.is(g, &["عام", "العام", "سنه"]) {
                    g += 1;
                }
                if let Some((y2, e2, n2)) = self.year_at(g) {
                    let h = e1.or(e2).unwrap_or(false);
                    let plausible =
                        h || ((1000..=2200).contains(&y1) && (1000..=2200).contains(&y2));
                    let dashed = f == k && opener != "بين" && opener != "من";
                    if plausible
                        && y1 <= y2
                        && (!dashed || (self.touching(n1 - 1) || (1900..=2100).contains(&y1)))
                        && !self.is(n2, &["-", "/"])
                    {
                        return Some((
                            start,
                            Val::Year { y: y1, hijri: h },
                            Val::Year { y: y2, hijri: h },
                            n2,
                        ));
                    }
                }
            }
        }
        // Days of one month: بين 3 و5 آذار, من 3 إلى 5 مارس 2019, 3-5 آذار.
        if let Some(d1) = self.day_num(first) {
            if self.is(first + 1, conns) {
                if let Some((Val::Day { y, m, d: d2, hijri }, next)) = self.date_at(first + 2) {
                    if d1 < d2 && self.numeric_at(first + 2).is_none() {
                        return Some((
                            start,
                            Val::Day { y, m, d: d1, hijri },
                            Val::Day { y, m, d: d2, hijri },
                            next,
                        ));
                    }
                }
            }
        }
        // Two full dates: من 3 مارس إلى 5 أبريل 2019.
        if opener == "بين" || opener == "من" {
            let (a, n1) = self.date_at(first)?;
            if !self.is(n1, conns) {
                return None;
            }
            let (b, n2) = self.date_at(n1 + 1)?;
            if let (
                Val::Day {
                    y: ya,
                    m: ma,
                    d: da,
                    hijri: ha,
                },
                Val::Day {
                    y: yb, hijri: hb, ..
                },
            ) = (a, b)
            {
                let a = Val::Day {
                    y: ya.or(yb).filter(|_| ha == hb || ya.is_some()),
                    m: ma,
                    d: da,
                    hijri: ha,
                };
                return Some((start, a, b, n2));
            }
        }
        None
    }

    /// Relative expressions: (n, unit, part of day, next).
    fn relative_at(&self, i: usize) -> Option<(i64, Unit, bool, usize)> {
        let w = self.norm(i);
        let mut part = false;
        let mut k = i;
        if DAY_PARTS.contains(&w) {
            part = true;
            k += 1;
        }
        let w = self.norm(k);
        let w1 = self.norm(k + 1);
        let day = match w {
            "امس" | "بالامس" | "الامس" if w1 == "الاول" => Some((-2, k + 2)),
            "امس" | "بالامس" | "الامس" | "البارحه" => Some((-1, k + 1)),
            "اول" if w1 == "امس" => Some((-2, k + 2)),
            "اول" if w1 == "من" && self.norm(k + 2) == "امس" => Some((-2, k + 3)),
            "اليوم" if !self.is(k + 1, NOT_TODAY) => Some((0, k + 1)),
            "الليله" if !part => Some((0, k + 1)),
            "غدا" | "الغد" | "غد" => Some((1, k + 1)),
            "بعد" if matches!(w1, "غد" | "غدا") => Some((2, k + 2)),
            _ => None,
        };
        if let Some((n, next)) = day {
            // اليوم الأحد: the weekday belongs to the mention.
            let next = if n == 0 && self.weekday_word(next).is_some() {
                next + 1
            } else {
                next
            };
            return Some((n, Unit::Day, part, next));
        }
        if part {
            return None;
        }
        // الأسبوع الماضي, الشهر المقبل, العام الجاري, هذا العام.
        let unit_of = |s: &str| match s {
            "الاسبوع" => Some(Unit::Week),
            "الشهر" => Some(Unit::Month),
            "العام" | "السنه" => Some(Unit::Year),
            _ => None,
        };
        if matches!(w, "هذا" | "هذه") {
            if let Some(u) = unit_of(w1) {
                return Some((0, u, false, k + 2));
            }
        }
        if let Some(u) = unit_of(w) {
            if let Some((_, n)) = dir_of(w1) {
                return Some((n, u, false, k + 2));
            }
        }
        // منذ ثلاثة أيام, قبل يومين, بعد أسبوع.
        let sign = match w {
            "منذ" | "قبل" => -1,
            "بعد" => 1,
            _ => return None,
        };
        let (n, u, next) = self.duration_at(k + 1)?;
        // بعد يومين من الهجوم: relative to an event, not to publication.
        if self.is(next, &["من", "علي"]) {
            return None;
        }
        Some((sign * n, u, false, next))
    }

    /// A duration: `ثلاثة أيام`, `3 أيام`, `يومين`, `أسبوع`.
    fn duration_at(&self, i: usize) -> Option<(i64, Unit, usize)> {
        let unit = |s: &str| -> Option<(Unit, Option<i64>)> {
            Some(match s {
                "يوم" | "يوما" => (Unit::Day, Some(1)),
                "ايام" => (Unit::Day, None),
                "يومين" | "يومان" => (Unit::Day, Some(2)),
                "اسبوع" | "اسبوعا" => (Unit::Week, Some(1)),
                "اسابيع" => (Unit::Week, None),
                "اسبوعين" | "اسبوعان" => (Unit::Week, Some(2)),
                "شهر" | "شهرا" => (Unit::Month, Some(1)),
                "اشهر" | "شهور" => (Unit::Month, None),
                "شهرين" | "شهران" => (Unit::Month, Some(2)),
                "عام" | "عاما" | "سنه" => (Unit::Year, Some(1)),
                "اعوام" | "سنوات" | "سنين" => (Unit::Year, None),
                "عامين" | "عامان" | "سنتين" | "سنتان" => (Unit::Year, Some(2)),
                _ => return None,
            })
        };
        if let Some((u, Some(n))) = unit(self.norm(i)) {
            // منذ عام 2011 is a year, not "a year ago".
            if self.digits(i + 1).is_some() {
                return None;
            }
            return Some((n, u, i + 1));
        }
        let n = match self.digits(i) {
            Some((v, _)) if (1..=999).contains(&v) => v,
            Some(_) => return None,
            None => small_number(self.norm(i))?,
        };
        let (u, _) = unit(self.norm(i + 1))?;
        // عشرة أيام takes the plural; أحد عشر يوماً the singular: both fine.
        Some((n, u, i + 2))
    }

    /// A weekday name at `i` (article form, or any form after يوم or a
    /// part of the day).
    fn weekday_word(&self, i: usize) -> Option<Weekday> {
        let w = self.norm(i);
        if w.is_ascii() {
            return None;
        }
        let wd = match_weekday(w)?;
        let after_day = i > 0 && (self.is(i - 1, &["يوم"]) || self.is(i - 1, DAY_PARTS));
        (w.starts_with("ال") || after_day).then_some(wd)
    }

    /// [part of day | يوم] weekday [الماضي|المقبل]: (weekday, dir, part, next).
    fn weekday_at(&self, i: usize) -> Option<(Weekday, Dir, bool, usize, usize)> {
        let mut k = i;
        let mut part = false;
        if self.is(k, DAY_PARTS) {
            part = true;
            k += 1;
        } else if self.is(k, &["يوم"]) {
            k += 1;
        }
        let wd = self.weekday_word(k)?;
        let mut next = k + 1;
        let mut dir = Dir::OnOrBefore;
        if let Some((d, _)) = dir_of(self.norm(next)) {
            dir = d;
            next += 1;
        }
        Some((wd, dir, part, k, next))
    }

    /// A month name with no day or year: `في آذار`, `شهر مارس`,
    /// `آذار الماضي`.
    fn bare_month_at(&self, i: usize) -> Option<(usize, Val, Dir, usize)> {
        let mut start = i;
        if self.is(i, &["شهر"]) && self.month_at(i + 1).is_some() {
            start = i;
        } else if self.month_at(i).is_none() {
            return None;
        }
        let mi = if self.is(i, &["شهر"]) { i + 1 } else { i };
        let (m, mut next) = self.month_at(mi)?;
        let mut dir = Dir::OnOrBefore;
        let mut directed = false;
        if let Some((d, _)) = dir_of(self.norm(next)) {
            dir = d;
            directed = true;
            next += 1;
        }
        let after_shahr = mi > start || (mi > 0 && self.is(mi - 1, &["شهر"]));
        let after_prep = mi > 0 && self.is(mi - 1, MONTH_PREPS);
        // آب (August) folds like أب (father), ماي is rare: stricter.
        let ambiguous = m.words.len() == 1 && matches!(self.norm(mi), "اب" | "ماي");
        let ok = directed || after_shahr || (after_prep && !ambiguous);
        if !ok || (m.calendar == Calendar::Hijri && !(directed || after_shahr || after_prep)) {
            return None;
        }
        Some((
            start,
            Val::Month {
                y: None,
                m: u32::from(m.month),
                hijri: m.calendar == Calendar::Hijri,
            },
            dir,
            next,
        ))
    }

    fn mention(&self, a: usize, b: usize, r: Res) -> Option<DateMention> {
        let ta = self.toks.get(a)?;
        let tb = self.toks.get(b.checked_sub(1)?)?;
        let text = self.doc.text.get(ta.bytes.0..tb.bytes.1)?.to_string();
        let anchored = r.value.is_some();
        Some(DateMention {
            // Numbered by the stage once all mentions are found.
            id: Default::default(),
            start: ta.start,
            end: tb.end,
            text,
            value: r.value,
            precision: r.precision,
            anchor: if anchored { r.anchor } else { None },
            anchored,
            relative: r.relative,
            range: r.range,
            flags: r.flags,
        })
    }

    fn run(&self, out: &mut Vec<DateMention>) {
        let mut i = 0;
        while i < self.toks.len() {
            let mut found = self.at(i);
            if found.is_none() && self.conj_word(i) {
                self.strip.set(Some(i));
                found = self
                    .at(i)
                    .and_then(|(m, next)| Some((self.drop_conj(m)?, next)));
                self.strip.set(None);
            }
            match found {
                Some((m, next)) => {
                    out.push(m);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
    }

    /// A word token starting with و that is longer than و + one letter.
    fn conj_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == TokenKind::Word && t.norm.starts_with('و') && t.norm.chars().count() > 2
        })
    }

    /// The mention without the و its first token starts with.
    fn drop_conj(&self, mut m: DateMention) -> Option<DateMention> {
        let mut chars = m.text.char_indices();
        let (_, first) = chars.next()?;
        if first != 'و' {
            return Some(m);
        }
        let mut skipped = 1;
        for (b, c) in chars {
            if ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' || c == '\u{0640}' {
                skipped += 1;
                continue;
            }
            m.text = m.text[b..].to_string();
            m.start += skipped;
            return Some(m);
        }
        None
    }

    fn at(&self, i: usize) -> Option<(DateMention, usize)> {
        // Most tokens cannot start a date: skip them before any lookup.
        let t = self.toks.get(i)?;
        if t.kind != TokenKind::Number && !starters().contains(self.norm(i)) {
            return None;
        }
        if let Some((s, a, b, next)) = self.range_at(i) {
            if let Some(r) = self.resolve_range(a, b) {
                return Some((self.mention(s, next, r)?, next));
            }
        }
        // [part of day] weekday [،] date: one absolute mention.
        if let Some((wd, _, part, k, _)) = self.weekday_at(i) {
            let mut j = k + 1;
            if self.is(j, &[",", "،"]) {
                j += 1;
            }
            if let Some((v, next)) = self.date_at(j) {
                let mut r = self.resolve(v, Dir::OnOrBefore);
                if let Some(days) = r.value.as_deref().and_then(day_of_iso) {
                    if weekday_index(days) != weekday_number(wd) {
                        r.flags.push(DateFlag::WeekdayMismatch);
                    }
                }
                if part {
                    r.flags.push(DateFlag::PartOfDay);
                }
                return Some((self.mention(i, next, r)?, next));
            }
        }
        if let Some((v, next)) = self.date_at(i) {
            let r = self.resolve(v, Dir::OnOrBefore);
            return Some((self.mention(i, next, r)?, next));
        }
        if let Some((v, next)) = self.month_year_at(i) {
            let r = self.resolve(v, Dir::OnOrBefore);
            return Some((self.mention(i, next, r)?, next));
        }
        if let Some((s, v, next)) = self.year_mention_at(i) {
            let r = self.resolve(v, Dir::OnOrBefore);
            return Some((self.mention(s, next, r)?, next));
        }
        if let Some((n, unit, part, next)) = self.relative_at(i) {
            let mut r = self.resolve_relative(n, unit);
            if part {
                r.flags.push(DateFlag::PartOfDay);
            }
            // اليوم الأحد: check the weekday against the computed day.
            let wd = next.checked_sub(1).and_then(|k| self.weekday_word(k));
            if let (Some(wd), Some(days), Unit::Day) =
                (wd, r.value.as_deref().and_then(day_of_iso), unit)
            {
                if weekday_index(days) != weekday_number(wd) {
                    r.flags.push(DateFlag::WeekdayMismatch);
                }
            }
            return Some((self.mention(i, next, r)?, next));
        }
        if let Some((wd, dir, part, _, next)) = self.weekday_at(i) {
            let mut r = self.resolve_weekday(wd, dir);
            if part {
                r.flags.push(DateFlag::PartOfDay);
            }
            return Some((self.mention(i, next, r)?, next));
        }
        if let Some((s, v, dir, next)) = self.bare_month_at(i) {
            let r = self.resolve(v, dir);
            return Some((self.mention(s, next, r)?, next));
        }
        None
    }

    fn resolve_relative(&self, n: i64, unit: Unit) -> Res {
        let relative = Some(match n {
            0 => format!("0 {}", unit.name()),
            n if n > 0 => format!("+{n} {}", unit.name()),
            n => format!("{n} {}", unit.name()),
        });
        let mut r = Res {
            precision: Some(unit.precision()),
            anchor: Some(DateAnchor::Publication),
            relative,
            ..Res::default()
        };
        let Some(a) = self.anchor else {
            return r;
        };
        let (y, m, _) = a.ymd();
        r.value = Some(match unit {
            Unit::Day => iso_day(a.days + n),
            Unit::Week => {
                let (wy, w) = iso_week(a.days + 7 * n);
                format!("{wy:04}-W{w:02}")
            }
            Unit::Month => {
                let t = y * 12 + i64::from(m) - 1 + n;
                format!("{:04}-{:02}", t.div_euclid(12), t.rem_euclid(12) + 1)
            }
            Unit::Year => format!("{:04}", y + n),
        });
        r
    }

    fn resolve_weekday(&self, wd: Weekday, dir: Dir) -> Res {
        let name = weekday_name(wd);
        let mut r = Res {
            precision: Some(DatePrecision::Day),
            anchor: Some(DateAnchor::Publication),
            relative: Some(match dir {
                Dir::OnOrBefore => format!("{name} on or before"),
                Dir::Before => format!("{name} before"),
                Dir::After => format!("{name} after"),
            }),
            ..Res::default()
        };
        let Some(a) = self.anchor else {
            return r;
        };
        let back = (weekday_index(a.days) - weekday_number(wd)).rem_euclid(7);
        let days = match dir {
            Dir::OnOrBefore => a.days - back,
            Dir::Before => a.days - if back == 0 { 7 } else { back },
            Dir::After => {
                let fwd = (weekday_number(wd) - weekday_index(a.days)).rem_euclid(7);
                a.days + if fwd == 0 { 7 } else { fwd }
            }
        };
        r.value = Some(iso_day(days));
        r
    }

    /// Anchors and normalises one date.
    fn resolve(&self, v: Val, dir: Dir) -> Res {
        let mut r = Res::default();
        match v {
            Val::Day { y, m, d, hijri } => {
                r.precision = Some(DatePrecision::Day);
                let days = self.day_days(y, m, d, hijri, &mut r);
                r.value = days.map(iso_day);
            }
            Val::Month { y, m, hijri: false } => {
                r.precision = Some(DatePrecision::Month);
                let year = match y {
                    Some(y) => {
                        r.anchor = Some(DateAnchor::Absolute);
                        Some(y)
                    }
                    None => {
                        r.anchor = Some(DateAnchor::Publication);
                        r.flags.push(DateFlag::InferredYear);
                        self.anchor.map(|a| {
                            let (py, pm, _) = a.ymd();
                            match dir {
                                Dir::OnOrBefore if m <= pm => py,
                                Dir::Before if m < pm => py,
                                Dir::After if m > pm => py,
                                Dir::After => py + 1,
                                _ => py - 1,
                            }
                        })
                    }
                };
                r.value = year
                    .filter(|y| (1..=9999).contains(y) && (1..=12).contains(&m))
                    .map(|y| format!("{y:04}-{m:02}"));
            }
            Val::Month { y, m, hijri: true } => {
                r.precision = Some(DatePrecision::Month);
                r.flags.push(DateFlag::Hijri);
                let span = match y {
                    Some(y) => {
                        r.anchor = Some(DateAnchor::Absolute);
                        hijri_month_span(y, m)
                    }
                    None => {
                        r.anchor = Some(DateAnchor::Publication);
                        r.flags.push(DateFlag::InferredYear);
                        self.anchor.and_then(|a| {
                            let hy = hijri_year_of(a.days)?;
                            let s = hijri_month_span(hy, m)?;
                            if s.0 <= a.days {
                                Some(s)
                            } else {
                                hijri_month_span(hy - 1, m)
                            }
                        })
                    }
                };
                if let Some((a, b)) = span {
                    r.value = Some(format!("{}/{}", iso_day(a), iso_day(b)));
                    r.range = Some(DateRange {
                        start: iso_day(a),
                        end: iso_day(b),
                    });
                }
            }
            Val::Year { y, hijri: false } => {
                r.precision = Some(DatePrecision::Year);
                r.anchor = Some(DateAnchor::Absolute);
                r.value = (1..=9999).contains(&y).then(|| format!("{y:04}"));
            }
            Val::Year { y, hijri: true } => {
                r.precision = Some(DatePrecision::Year);
                r.anchor = Some(DateAnchor::Absolute);
                r.flags.push(DateFlag::Hijri);
                let span = hijri_to_days(y, 1, 1).zip(hijri_to_days(y + 1, 1, 1));
                if let Some((a, b)) = span {
                    let (ya, _, _) = civil_from_days(a);
                    let (yb, _, _) = civil_from_days(b - 1);
                    r.value = Some(if ya == yb {
                        format!("{ya:04}")
                    } else {
                        format!("{ya:04}/{yb:04}")
                    });
                    r.range = Some(DateRange {
                        start: iso_day(a),
                        end: iso_day(b - 1),
                    });
                } else {
                    r.flags.push(DateFlag::Invalid);
                }
            }
        }
        if r.value.is_none() && r.anchor == Some(DateAnchor::Absolute) {
            r.anchor = None;
        }
        r
    }

    /// The day number of a day-precision date, anchoring a missing year.
    fn day_days(&self, y: Option<i64>, m: u32, d: u32, hijri: bool, r: &mut Res) -> Option<i64> {
        let invalid = |r: &mut Res| {
            r.flags.push(DateFlag::Invalid);
            None
        };
        if hijri {
            r.flags.push(DateFlag::Hijri);
        }
        match (y, hijri) {
            (Some(y), false) => {
                r.anchor = Some(DateAnchor::Absolute);
                if !valid(y, m, d) {
                    return invalid(r);
                }
                Some(days_from_civil(y, m, d))
            }
            (Some(y), true) => {
                r.anchor = Some(DateAnchor::Absolute);
                hijri_to_days(y, m, d).or_else(|| invalid(r))
            }
            (None, false) => {
                r.anchor = Some(DateAnchor::Publication);
                // 31 فبراير never exists; 29 فبراير does in leap years.
                if !(1..=12).contains(&m) || d == 0 || d > days_in_month(2000, m) {
                    return invalid(r);
                }
                r.flags.push(DateFlag::InferredYear);
                let a = self.anchor?;
                let (py, _, _) = a.ymd();
                (0..8)
                    .map(|k| py - k)
                    .filter(|&yy| valid(yy, m, d))
                    .map(|yy| days_from_civil(yy, m, d))
                    .find(|&z| z <= a.days)
            }
            (None, true) => {
                r.anchor = Some(DateAnchor::Publication);
                if d > 30 {
                    return invalid(r);
                }
                r.flags.push(DateFlag::InferredYear);
                let a = self.anchor?;
                let hy = hijri_year_of(a.days)?;
                [hy, hy - 1]
                    .into_iter()
                    .filter_map(|yy| hijri_to_days(yy, m, d))
                    .find(|&z| z <= a.days)
            }
        }
    }

    fn resolve_range(&self, a: Val, b: Val) -> Option<Res> {
        match (a, b) {
            (
                Val::Year {
                    y: y1,
                    hijri: false,
                },
                Val::Year {
                    y: y2,
                    hijri: false,
                },
            ) => Some(Res {
                value: Some(format!("{y1:04}/{y2:04}")),
                precision: Some(DatePrecision::Year),
                anchor: Some(DateAnchor::Absolute),
                range: Some(DateRange {
                    start: format!("{y1:04}"),
                    end: format!("{y2:04}"),
                }),
                ..Res::default()
            }),
            (Val::Year { .. }, Val::Year { .. }) => {
                let ra = self.resolve(a, Dir::OnOrBefore);
                let rb = self.resolve(b, Dir::OnOrBefore);
                let (sa, sb) = (ra.range?.start, rb.range?.end);
                Some(Res {
                    value: Some(format!("{}/{}", &sa[..4], &sb[..4])),
                    precision: Some(DatePrecision::Year),
                    anchor: Some(DateAnchor::Absolute),
                    range: Some(DateRange { start: sa, end: sb }),
                    flags: vec![DateFlag::Hijri],
                    ..Res::default()
                })
            }
            (Val::Day { .. }, Val::Day { .. }) => {
                let rb = self.resolve(b, Dir::OnOrBefore);
                // A year-less range takes the year inferred for its end,
                // so that it does not straddle the publication date.
                let a = match (a, rb.value.as_deref().and_then(|v| v.get(0..4))) {
                    (
                        Val::Day {
                            y: None,
                            m,
                            d,
                            hijri: false,
                        },
                        Some(yb),
                    ) => {
                        let yb: i64 = yb.parse().unwrap_or(0);
                        let (_, mb, db) = match b {
                            Val::Day { m, d, .. } => (0, m, d),
                            _ => (0, 0, 0),
                        };
                        let y = if (m, d) <= (mb, db) { yb } else { yb - 1 };
                        Val::Day {
                            y: Some(y),
                            m,
                            d,
                            hijri: false,
                        }
                    }
                    _ => a,
                };
                let mut ra = self.resolve(a, Dir::OnOrBefore);
                if rb.anchor == Some(DateAnchor::Publication) && ra.anchor.is_some() {
                    ra.anchor = rb.anchor;
                }
                let mut flags = ra.flags.clone();
                for f in rb.flags {
                    if !flags.contains(&f) {
                        flags.push(f);
                    }
                }
                let mut r = Res {
                    precision: Some(DatePrecision::Day),
                    anchor: ra.anchor,
                    flags,
                    ..Res::default()
                };
                if let (Some(x), Some(y)) = (ra.value, rb.value) {
                    // A year-less range anchored on publication: when the
                    // end falls after publication, both move back a year.
                    if x <= y {
                        r.value = Some(format!("{x}/{y}"));
                        r.range = Some(DateRange { start: x, end: y });
                    }
                }
                Some(r)
            }
            _ => None,
        }
    }
}

/// Search keys of every word a date mention can start with.
fn starters() -> &'static HashSet<String> {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        let mut s: HashSet<String> = HashSet::default();
        for m in MONTHS {
            if let Some(w) = m.words.first() {
                s.insert(fold(w));
            }
        }
        for (w, _) in WEEKDAYS {
            s.insert(fold(w));
        }
        let words = [
            "ما",
            "بين",
            "من",
            "امس",
            "بالامس",
            "الامس",
            "البارحه",
            "اول",
            "اليوم",
            "الليله",
            "غدا",
            "الغد",
            "غد",
            "بعد",
            "منذ",
            "قبل",
            "هذا",
            "هذه",
            "الاسبوع",
            "الشهر",
            "العام",
            "السنه",
            "يوم",
            "شهر",
            "العشرين",
            "الثلاثين",
            "الاول",
            "الحادي",
            "الثاني",
            "الثالث",
            "الرابع",
            "الخامس",
            "السادس",
            "السابع",
            "الثامن",
            "التاسع",
            "العاشر",
        ];
        for list in [&words[..], DAY_PARTS, YEAR_WORDS] {
            s.extend(list.iter().map(|w| w.to_string()));
        }
        s
    })
}

fn day_of_iso(s: &str) -> Option<i64> {
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    (s.len() == 10).then(|| days_from_civil(y, m, d))
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "monday",
        Weekday::Tuesday => "tuesday",
        Weekday::Wednesday => "wednesday",
        Weekday::Thursday => "thursday",
        Weekday::Friday => "friday",
        Weekday::Saturday => "saturday",
        Weekday::Sunday => "sunday",
    }
}

/// Small cardinal words for durations (`ثلاثة أيام`), as search keys:
/// 3–10 (one and two are the singular and dual of the noun).
fn small_number(w: &str) -> Option<i64> {
    marsad_text::lexicon::match_number_unit(w)
        .filter(|n| (3..=10).contains(n))
        .map(i64::from)
}
