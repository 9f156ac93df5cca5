//! Publication-date parsing for Arabic and Western news.
//!
//! [`parse_date`] reads one date field (a page's `التاريخ :` line, a feed's
//! `pubDate`, a JSON `date`), in any of the forms Arabic outlets print:
//!
//! * Arabic month names of every series (`3 مارس 2019`, `3 آذار 2019`,
//!   `3 جانفي 2019`), with optional weekday (`الأحد`) and era (`م`, `هـ`);
//! * Hijri dates (`26 جمادى الآخرة 1440 هـ`), converted to Gregorian with
//!   the Umm al-Qura calendar;
//! * numeric dates, day first unless the year leads (`3/3/2019`,
//!   `2019/03/03`, `03-03-2019`);
//! * ISO 8601 and RFC 2822 date-times, English month names;
//! * a clock time anywhere in the field (`10:15 ص`, `10:15:00 +0300`).
//!
//! Arabic-Indic and Persian digits are accepted everywhere. When a field
//! gives both a Hijri and a Gregorian date (`… 1440 هـ الموافق 3 مارس 2019 م`)
//! the Gregorian one wins, since it needs no conversion.
//!
//! The name tables live in [`marsad_text::lexicon`], shared with quantities and the readers.

pub mod civil;
pub mod mentions;

pub use mentions::{extract_dates, DatesStage, SPEC};

use icu_calendar::cal::{Hijri, Iso};
use icu_calendar::Date;
use marsad_text::lexicon::{
    fold, match_day_period, match_era, match_month, match_weekday, Calendar,
};
use std::fmt;

/// A parsed publication date, always Gregorian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParsedDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// Clock time (hour, minute, second), when the field gives one.
    pub time: Option<(u8, u8, u8)>,
    /// Offset from UTC in minutes, when the field gives one (and a time).
    pub offset_minutes: Option<i32>,
}

impl ParsedDate {
    /// ISO 8601: `2019-03-03`, `2019-03-03T10:15:00`, or
    /// `2019-03-03T10:15:00+03:00`. An offset without a time is dropped.
    pub fn to_iso(&self) -> String {
        let mut s = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if let Some((h, m, sec)) = self.time {
            s.push_str(&format!("T{h:02}:{m:02}:{sec:02}"));
            if let Some(off) = self.offset_minutes {
                let sign = if off < 0 { '-' } else { '+' };
                let a = off.unsigned_abs();
                s.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
            }
        }
        s
    }
}

impl fmt::Display for ParsedDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

/// Why a date field could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("empty date")]
    Empty,
    #[error("no date found in {0:?}")]
    NoDate(String),
    #[error("incomplete date in {0:?} (day, month and year are needed)")]
    Incomplete(String),
    #[error("invalid date {year:04}-{month:02}-{day:02}")]
    InvalidDate { year: i64, month: u32, day: u32 },
    #[error("invalid Hijri date {year}-{month:02}-{day:02} AH")]
    InvalidHijri { year: i64, month: u32, day: u32 },
    #[error("invalid time {0:02}:{1:02}:{2:02}")]
    InvalidTime(u32, u32, u32),
    #[error("invalid UTC offset {0} minutes")]
    InvalidOffset(i64),
}

/// Longest input looked at; publication-date fields are short, and this
/// keeps the parser's work bounded on hostile input.
const MAX_INPUT_CHARS: usize = 512;

/// Parses one publication-date field. See the crate docs for the forms.
pub fn parse_date(s: &str) -> Result<ParsedDate, DateError> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Err(DateError::Empty);
    }
    let folded: String = fold(trimmed).chars().take(MAX_INPUT_CHARS).collect();
    let mut toks = tokenize(&folded);
    let time = take_time(&mut toks)?;
    let items = classify(&toks);
    let cands = candidates(&items);
    let Some(c) = cands
        .iter()
        .find(|c| c.calendar == Calendar::Gregorian)
        .or_else(|| cands.first())
    else {
        let has_month = items.iter().any(|i| matches!(i, Item::Month(..)));
        let has_num = items.iter().any(|i| matches!(i, Item::Num { .. }));
        return Err(if has_month && has_num {
            DateError::Incomplete(trimmed.to_string())
        } else {
            DateError::NoDate(trimmed.to_string())
        });
    };
    let (year, month, day) = c.to_gregorian()?;
    let (time, offset_minutes) = match time {
        Some(t) => (Some((t.h, t.m, t.s)), t.offset),
        None => (None, None),
    };
    Ok(ParsedDate {
        year,
        month,
        day,
        time,
        offset_minutes,
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A run of ASCII digits: value (saturated) and digit count.
    Num(u64, usize),
    Word(String),
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    /// Whitespace precedes the token (tells `+0300` from `- 2019`).
    space_before: bool,
}

fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    let mut space = false;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            space = true;
            chars.next();
            continue;
        }
        let tok = if c.is_ascii_digit() {
            let (mut v, mut n) = (0u64, 0usize);
            while let Some(&d) = chars.peek() {
                let Some(dv) = d.to_digit(10).filter(|_| d.is_ascii_digit()) else {
                    break;
                };
                v = v.saturating_mul(10).saturating_add(u64::from(dv));
                n += 1;
                chars.next();
            }
            Tok::Num(v, n)
        } else if c.is_alphabetic() {
            let mut w = String::new();
            while let Some(&d) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                w.push(d);
                chars.next();
            }
            Tok::Word(w)
        } else {
            chars.next();
            Tok::Punct(c)
        };
        out.push(Token {
            tok,
            space_before: space,
        });
        space = false;
    }
    out
}

#[derive(Debug, Clone, Copy)]
struct Time {
    h: u8,
    m: u8,
    s: u8,
    offset: Option<i32>,
}

fn num(toks: &[Token], i: usize) -> Option<(u64, usize)> {
    match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Num(v, n)) => Some((*v, *n)),
        _ => None,
    }
}

fn punct(toks: &[Token], i: usize) -> Option<char> {
    match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Punct(c)) => Some(*c),
        _ => None,
    }
}

fn word(toks: &[Token], i: usize) -> Option<&str> {
    match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Word(w)) => Some(w.as_str()),
        _ => None,
    }
}

/// Finds the first clock time (`hh:mm[:ss[.frac]]`, an optional am/pm
/// marker, an optional UTC offset), removes it from `toks` and returns it.
fn take_time(toks: &mut Vec<Token>) -> Result<Option<Time>, DateError> {
    let Some(start) = (0..toks.len()).find(|&i| {
        matches!(num(toks, i), Some((_, 1..=2)))
            && punct(toks, i + 1) == Some(':')
            && matches!(num(toks, i + 2), Some((_, 2)))
    }) else {
        return Ok(None);
    };
    let (h, _) = num(toks, start).unwrap_or_default();
    let (m, _) = num(toks, start + 2).unwrap_or_default();
    let mut s = 0;
    let mut j = start + 3;
    if punct(toks, j) == Some(':') {
        if let Some((v, 2)) = num(toks, j + 1) {
            s = v;
            j += 2;
            // Fractional seconds are dropped.
            if matches!(punct(toks, j), Some('.' | ',')) && num(toks, j + 1).is_some() {
                j += 2;
            }
        }
    }
    let mut h = h;
    if let Some(pm) = word(toks, j).and_then(match_day_period) {
        if pm && (1..12).contains(&h) {
            h += 12;
        } else if !pm && h == 12 {
            h = 0;
        }
        j += 1;
    }
    if h > 23 || m > 59 || s > 60 {
        return Err(DateError::InvalidTime(
            h.min(999) as u32,
            m.min(999) as u32,
            s.min(999) as u32,
        ));
    }
    let (offset, end) = take_offset(toks, j)?;
    toks.drain(start..end);
    Ok(Some(Time {
        h: h as u8,
        m: m as u8,
        s: s as u8,
        offset,
    }))
}

/// Reads a UTC offset at `j`: `Z`, `GMT`/`UTC`/`UT` optionally followed by
/// `+3`/`+03:00`, `+0300`, `+03:00`, or an RFC 2822 US zone name.
fn take_offset(toks: &[Token], j: usize) -> Result<(Option<i32>, usize), DateError> {
    let mut j = j;
    // `(GMT+3)` and similar: skip an opening parenthesis.
    let paren = punct(toks, j) == Some('(');
    if paren {
        j += 1;
    }
    let mut named = None;
    if let Some(w) = word(toks, j) {
        named = match w {
            "z" | "gmt" | "utc" | "ut" | "غرينتش" | "جرينتش" => Some(0),
            "est" => Some(-300),
            "edt" => Some(-240),
            "cst" => Some(-360),
            "cdt" => Some(-300),
            "mst" => Some(-420),
            "mdt" => Some(-360),
            "pst" => Some(-480),
            "pdt" => Some(-420),
            _ => None,
        };
        if named.is_some() {
            j += 1;
        }
    }
    let mut off = named;
    if let Some(sign @ ('+' | '-' | '−')) = punct(toks, j) {
        let neg = sign != '+';
        let tight = toks.get(j + 1).is_some_and(|t| !t.space_before);
        let after_name = named.is_some();
        let parsed = match (num(toks, j + 1), punct(toks, j + 2), num(toks, j + 3)) {
            (Some((hh, 1..=2)), Some(':'), Some((mm, 2))) if tight => Some((hh, mm, j + 4)),
            (Some((v, 4)), _, _) if tight => Some((v / 100, v % 100, j + 2)),
            (Some((hh, 1..=2)), _, _) if tight && after_name => Some((hh, 0, j + 2)),
            _ => None,
        };
        if let Some((hh, mm, end)) = parsed {
            let mins = (hh * 60 + mm) as i64;
            if hh > 18 || mm > 59 {
                return Err(DateError::InvalidOffset(if neg { -mins } else { mins }));
            }
            let mins = mins as i32;
            off = Some(off.unwrap_or(0) + if neg { -mins } else { mins });
            j = end;
        }
    }
    if off.is_none() {
        // Nothing read: leave a lone parenthesis alone.
        return Ok((None, if paren { j - 1 } else { j }));
    }
    if paren && punct(toks, j) == Some(')') {
        j += 1;
    }
    Ok((off, j))
}

#[derive(Debug, Clone, Copy)]
enum Item {
    Num {
        v: u64,
        len: usize,
    },
    Month(&'static marsad_text::lexicon::MonthName),
    Era(Calendar),
    Sep(char),
    /// Anything else; breaks a date pattern.
    Other,
}

fn classify(toks: &[Token]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].tok {
            Tok::Num(v, n) => out.push(Item::Num { v: *v, len: *n }),
            Tok::Punct(c @ ('/' | '-' | '.' | ',' | '\\' | '–')) => out.push(Item::Sep(*c)),
            Tok::Punct('(' | ')') => out.push(Item::Sep('(')),
            Tok::Punct(_) => out.push(Item::Other),
            Tok::Word(w) => {
                // Consecutive words, for two-word month names.
                let words: Vec<&str> = toks[i..]
                    .iter()
                    .take(2)
                    .map_while(|t| match &t.tok {
                        Tok::Word(w) => Some(w.as_str()),
                        _ => None,
                    })
                    .collect();
                if let Some((m, n)) = match_month(&words) {
                    out.push(Item::Month(m));
                    i += n;
                    continue;
                }
                if let Some(c) = match_era(w) {
                    out.push(Item::Era(c));
                } else if match_weekday(w).is_some() || is_filler(w) {
                    // Weekdays are not checked against the date: scraped
                    // pages get them wrong often enough.
                } else {
                    out.push(Item::Other);
                }
            }
        }
        i += 1;
    }
    out
}

/// Words that may sit inside a date field without breaking it.
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "يوم" | "الموافق" | "موافق" | "شهر" | "سنه" | "عام" | "t" | "من"
    )
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    year: u64,
    month: u64,
    day: u64,
    calendar: Calendar,
}

impl Candidate {
    fn to_gregorian(self) -> Result<(i32, u8, u8), DateError> {
        let bad = || DateError::InvalidDate {
            year: self.year.min(i64::MAX as u64) as i64,
            month: self.month.min(u32::MAX as u64) as u32,
            day: self.day.min(u32::MAX as u64) as u32,
        };
        if !(1..=12).contains(&self.month) || self.day == 0 || self.year > 9999 {
            return Err(match self.calendar {
                Calendar::Gregorian => bad(),
                Calendar::Hijri => DateError::InvalidHijri {
                    year: self.year.min(i64::MAX as u64) as i64,
                    month: self.month.min(99) as u32,
                    day: self.day.min(99) as u32,
                },
            });
        }
        let (y, m, d) = (self.year as i32, self.month as u8, self.day.min(99) as u8);
        match self.calendar {
            Calendar::Gregorian => {
                if y < 1 || d > days_in_month(y, m) {
                    return Err(bad());
                }
                Ok((y, m, d))
            }
            Calendar::Hijri => {
                let err = || DateError::InvalidHijri {
                    year: y.into(),
                    month: m.into(),
                    day: d.into(),
                };
                if d > 30 {
                    return Err(err());
                }
                let date = Date::try_new_hijri_with_calendar(y, m, d, Hijri::new_umm_al_qura())
                    .map_err(|_| err())?;
                let iso = date.to_calendar(Iso);
                let gy = iso.year().extended_year();
                if !(1..=9999).contains(&gy) {
                    return Err(err());
                }
                Ok((gy, iso.month().ordinal, iso.day_of_month().0))
            }
        }
    }
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A two-digit year in a numeric Gregorian date: 00–69 → 20xx, else 19xx.
fn expand_year(v: u64, len: usize) -> Option<u64> {
    match len {
        4 => Some(v),
        2 if v < 70 => Some(2000 + v),
        2 => Some(1900 + v),
        _ => None,
    }
}

/// Numeric years 1300–1500 are taken as Hijri even without `هـ`: no news
/// item is dated in those Gregorian years.
fn calendar_of_year(y: u64) -> Calendar {
    if (1300..=1500).contains(&y) {
        Calendar::Hijri
    } else {
        Calendar::Gregorian
    }
}

fn candidates(items: &[Item]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if let Some((c, end)) = numeric_at(items, i)
            .or_else(|| day_month_year_at(items, i))
            .or_else(|| month_day_year_at(items, i))
        {
            out.push(c);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn n_at(items: &[Item], i: usize) -> Option<(u64, usize)> {
    match items.get(i) {
        Some(Item::Num { v, len }) => Some((*v, *len)),
        _ => None,
    }
}

fn sep_at(items: &[Item], i: usize) -> Option<char> {
    match items.get(i) {
        Some(Item::Sep(c)) => Some(*c),
        _ => None,
    }
}

/// An era marker at `i` (after optional separators), with the index after it.
fn era_at(items: &[Item], mut i: usize) -> (Option<Calendar>, usize) {
    let start = i;
    while sep_at(items, i).is_some_and(|c| c == '(' || c == '-') {
        i += 1;
    }
    match items.get(i) {
        Some(Item::Era(c)) => (Some(*c), i + 1),
        _ => (None, start),
    }
}

/// `d/m/y`, `y/m/d`, `d-m-y`, `d.m.y` (one separator kind throughout).
fn numeric_at(items: &[Item], i: usize) -> Option<(Candidate, usize)> {
    let (a, alen) = n_at(items, i)?;
    let s1 = sep_at(items, i + 1).filter(|c| matches!(c, '/' | '-' | '.' | '\\'))?;
    let (b, blen) = n_at(items, i + 2)?;
    if sep_at(items, i + 3)? != s1 {
        return None;
    }
    let (c, clen) = n_at(items, i + 4)?;
    if blen > 2 {
        return None;
    }
    let (era, end) = era_at(items, i + 5);
    let (year, mut month, mut day) = if alen == 4 && clen <= 2 {
        (a, b, c)
    } else if alen <= 2 && (clen == 4 || clen == 2) {
        let y = if clen == 4 {
            c
        } else if era == Some(Calendar::Hijri) {
            return None;
        } else {
            expand_year(c, clen)?
        };
        (y, b, a)
    } else {
        return None;
    };
    // Day first by default; a month over 12 with a day that fits is the
    // month-first (US) order.
    if month > 12 && day <= 12 && alen <= 2 {
        std::mem::swap(&mut month, &mut day);
    }
    let calendar = era.unwrap_or_else(|| calendar_of_year(year));
    Some((
        Candidate {
            year,
            month,
            day,
            calendar,
        },
        end,
    ))
}

/// Month names at `i`, allowing a second spelling after `/` or in
/// parentheses (`آذار/مارس`, `مارس (آذار)`). All must agree.
fn months_at(
    items: &[Item],
    i: usize,
) -> Option<(&'static marsad_text::lexicon::MonthName, usize)> {
    let Some(Item::Month(m)) = items.get(i) else {
        return None;
    };
    let mut j = i + 1;
    loop {
        let mut k = j;
        while matches!(sep_at(items, k), Some('/' | '(' | '-')) {
            k += 1;
        }
        match items.get(k) {
            Some(Item::Month(m2)) if k > j && m2.month == m.month && m2.calendar == m.calendar => {
                j = k + 1;
                while sep_at(items, j) == Some('(') {
                    j += 1;
                }
            }
            _ => break,
        }
    }
    Some((m, j))
}

fn skip_seps(items: &[Item], mut i: usize) -> usize {
    while matches!(sep_at(items, i), Some(',' | '-' | '/' | '.' | '–')) {
        i += 1;
    }
    i
}

/// `3 مارس 2019`, `03 Mar 2019`, `26 جمادى الآخرة 1440 هـ`.
fn day_month_year_at(items: &[Item], i: usize) -> Option<(Candidate, usize)> {
    let (day, dlen) = n_at(items, i)?;
    if dlen > 2 {
        return None;
    }
    let (m, j) = months_at(items, skip_seps(items, i + 1))?;
    let k = skip_seps(items, j);
    let (year, ylen) = n_at(items, k)?;
    if ylen != 4 {
        return None;
    }
    let (era, end) = era_at(items, k + 1);
    Some((
        Candidate {
            year,
            month: u64::from(m.month),
            day,
            calendar: month_calendar(m, era),
        },
        end,
    ))
}

/// `March 3, 2019`, `مارس 3، 2019`.
fn month_day_year_at(items: &[Item], i: usize) -> Option<(Candidate, usize)> {
    let (m, j) = months_at(items, i)?;
    let j = skip_seps(items, j);
    let (day, dlen) = n_at(items, j)?;
    if dlen > 2 {
        return None;
    }
    let k = skip_seps(items, j + 1);
    let (year, ylen) = n_at(items, k)?;
    if ylen != 4 {
        return None;
    }
    let (era, end) = era_at(items, k + 1);
    Some((
        Candidate {
            year,
            month: u64::from(m.month),
            day,
            calendar: month_calendar(m, era),
        },
        end,
    ))
}

/// A month name fixes the calendar; the era marker only confirms it.
fn month_calendar(m: &marsad_text::lexicon::MonthName, _era: Option<Calendar>) -> Calendar {
    m.calendar
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        match parse_date(s) {
            Ok(d) => d.to_iso(),
            Err(e) => panic!("{s:?}: {e}"),
        }
    }

    #[test]
    fn egyptian_series() {
        let cases = [
            ("3 يناير 2019", "2019-01-03"),
            ("3 فبراير 2019", "2019-02-03"),
            ("3 مارس 2019", "2019-03-03"),
            ("3 أبريل 2019", "2019-04-03"),
            ("3 ابريل 2019", "2019-04-03"),
            ("3 إبريل 2019", "2019-04-03"),
            ("3 مايو 2019", "2019-05-03"),
            ("3 يونيو 2019", "2019-06-03"),
            ("3 يونيه 2019", "2019-06-03"),
            ("3 يوليو 2019", "2019-07-03"),
            ("3 يوليه 2019", "2019-07-03"),
            ("3 أغسطس 2019", "2019-08-03"),
            ("3 اغسطس 2019", "2019-08-03"),
            ("3 سبتمبر 2019", "2019-09-03"),
            ("3 أكتوبر 2019", "2019-10-03"),
            ("3 اكتوبر 2019", "2019-10-03"),
            ("3 نوفمبر 2019", "2019-11-03"),
            ("31 ديسمبر 2019", "2019-12-31"),
        ];
        for (s, want) in cases {
            assert_eq!(iso(s), want, "{s}");
        }
    }

    #[test]
    fn levantine_series() {
        let cases = [
            ("3 كانون الثاني 2019", "2019-01-03"),
            ("3 شباط 2019", "2019-02-03"),
            ("3 آذار 2019", "2019-03-03"),
            ("3 اذار 2019", "2019-03-03"),
            ("3 نيسان 2019", "2019-04-03"),
            ("3 أيار 2019", "2019-05-03"),
            ("3 ايار 2019", "2019-05-03"),
            ("3 حزيران 2019", "2019-06-03"),
            ("3 تموز 2019", "2019-07-03"),
            ("3 آب 2019", "2019-08-03"),
            ("3 اب 2019", "2019-08-03"),
            ("3 أيلول 2019", "2019-09-03"),
            ("3 تشرين الأول 2019", "2019-10-03"),
            ("3 تشرين الاول 2019", "2019-10-03"),
            ("3 تشرين الثاني 2019", "2019-11-03"),
            ("3 كانون الأول 2019", "2019-12-03"),
            ("3 آذار/مارس 2019", "2019-03-03"),
            ("3 مارس (آذار) 2019", "2019-03-03"),
        ];
        for (s, want) in cases {
            assert_eq!(iso(s), want, "{s}");
        }
    }

    #[test]
    fn maghrebi_series() {
        assert_eq!(iso("3 ماي 2019"), "2019-05-03");
        assert_eq!(iso("3 شتنبر 2019"), "2019-09-03");
        assert_eq!(iso("3 جانفي 2019"), "2019-01-03");
        assert_eq!(iso("3 جويلية 2019"), "2019-07-03");
    }

    #[test]
    fn weekdays_eras_and_spelling_variants() {
        let cases = [
            ("الأحد 3 مارس 2019", "2019-03-03"),
            ("الاحد 3 مارس 2019 م", "2019-03-03"),
            ("يوم الإثنين 4 مارس 2019م", "2019-03-04"),
            ("الجمعة، 1 مارس 2019", "2019-03-01"),
            ("الجمعه 1 مارس 2019", "2019-03-01"),
            ("الثلاثاء ٥ مارس ٢٠١٩", "2019-03-05"),
            ("۵ مارس ۲۰۱۹", "2019-03-05"),
            ("٣ مَارِس ٢٠١٩ م", "2019-03-03"),
            ("3 مــارس 2019", "2019-03-03"),
            ("3-مارس-2019", "2019-03-03"),
            ("نشر في: 3 مارس 2019", "2019-03-03"),
            ("مارس 3، 2019", "2019-03-03"),
        ];
        for (s, want) in cases {
            assert_eq!(iso(s), want, "{s}");
        }
    }

    #[test]
    fn hijri_dates() {
        let cases = [
            // 1 Ramadan 1440 AH began on 6 May 2019 (Umm al-Qura).
            ("1 رمضان 1440 هـ", "2019-05-06"),
            ("1 رمضان 1440ه", "2019-05-06"),
            ("1 محرم 1441 هـ", "2019-08-31"),
            ("26 جمادى الآخرة 1440 هـ", "2019-03-03"),
            ("26 جمادى الاخره 1440", "2019-03-03"),
            ("26 جمادي الثانية 1440 هجرية", "2019-03-03"),
            ("1 شوال 1440 هـ", "2019-06-04"),
            ("10 ذو الحجة 1440 هـ", "2019-08-11"),
            ("10 ذي الحجة 1440 هـ", "2019-08-11"),
            ("1440/06/26 هـ", "2019-03-03"),
            ("26/6/1440 هـ", "2019-03-03"),
            ("26/6/1440", "2019-03-03"),
        ];
        for (s, want) in cases {
            assert_eq!(iso(s), want, "{s}");
        }
    }

    #[test]
    fn gregorian_preferred_over_hijri() {
        assert_eq!(
            iso("الأحد 26 جمادى الآخرة 1440 هـ الموافق 3 مارس 2019 م"),
            "2019-03-03"
        );
        assert_eq!(iso("3 مارس 2019 م - 26 جمادى الآخرة 1440 هـ"), "2019-03-03");
    }

    #[test]
    fn numeric_dates() {
        let cases = [
            ("3/3/2019", "2019-03-03"),
            ("4/3/2019", "2019-03-04"),
            ("2019/03/04", "2019-03-04"),
            ("04-03-2019", "2019-03-04"),
            ("04.03.2019", "2019-03-04"),
            ("٤/٣/٢٠١٩", "2019-03-04"),
            ("3/25/2019", "2019-03-25"),
            ("04/03/19", "2019-03-04"),
            ("2019-03-04", "2019-03-04"),
        ];
        for (s, want) in cases {
            assert_eq!(iso(s), want, "{s}");
        }
    }

    #[test]
    fn iso_and_rfc2822() {
        let cases = [
            ("2019-03-03T10:15:00+03:00", "2019-03-03T10:15:00+03:00"),
            ("2019-03-03T10:15:00Z", "2019-03-03T10:15:00+00:00"),
            ("2019-03-03T10:15:00.123+0300", "2019-03-03T10:15:00+03:00"),
            ("2019-03-03 10:15", "2019-03-03T10:15:00"),
            ("2019-03-03T10:15:00-05:30", "2019-03-03T10:15:00-05:30"),
            (
                "Sun, 03 Mar 2019 10:15:00 +0300",
                "2019-03-03T10:15:00+03:00",
            ),
            ("Sun, 3 Mar 2019 10:15:00 GMT", "2019-03-03T10:15:00+00:00"),
            ("Sun, 03 Mar 2019 10:15 EST", "2019-03-03T10:15:00-05:00"),
            ("March 3, 2019", "2019-03-03"),
            ("3 March 2019", "2019-03-03"),
            ("Sunday, March 3, 2019 10:15 PM", "2019-03-03T22:15:00"),
            ("03 MAR 2019 10:15 GMT+3", "2019-03-03T10:15:00+03:00"),
        ];
        for (s, want) in cases {
            assert_eq!(iso(s), want, "{s}");
        }
    }

    #[test]
    fn times_with_day_periods() {
        let cases = [
            ("الأحد 3 مارس 2019 م - 10:15 ص", "2019-03-03T10:15:00"),
            ("الأحد 3 مارس 2019 م - 10:15 م", "2019-03-03T22:15:00"),
            ("3 مارس 2019 - 12:05 ص", "2019-03-03T00:05:00"),
            ("3 مارس 2019 - 12:05 م", "2019-03-03T12:05:00"),
            ("3 مارس 2019 الساعة 03:40 مساءً", "2019-03-03T15:40:00"),
            ("10:15 ص الأحد 3 مارس 2019", "2019-03-03T10:15:00"),
            ("٣ مارس ٢٠١٩ - ١٠:١٥ ص", "2019-03-03T10:15:00"),
            ("3 مارس 2019 - 16:20", "2019-03-03T16:20:00"),
            ("3/3/2019 10:15:30", "2019-03-03T10:15:30"),
        ];
        for (s, want) in cases {
            assert_eq!(iso(s), want, "{s}");
        }
    }

    #[test]
    fn invalid_dates_are_errors() {
        for s in [
            "31 فبراير 2019",
            "29 فبراير 2019",
            "13/13/2019",
            "2019-13-01",
            "2019-02-30",
            "0000-00-00",
            "0 مارس 2019",
            "31 نيسان 2019",
            "3 مارس 2019 25:00",
            "3 مارس 2019 10:61",
            "2019-03-03T10:15:00+25:00",
            "30 رمضان 1440 هـ",
        ] {
            assert!(
                parse_date(s).is_err(),
                "{s} should fail: {:?}",
                parse_date(s)
            );
        }
        assert_eq!(iso("29 فبراير 2020"), "2020-02-29");
        assert!(matches!(
            parse_date("31 فبراير 2019"),
            Err(DateError::InvalidDate { .. })
        ));
    }

    #[test]
    fn non_dates_are_errors() {
        assert_eq!(parse_date("  "), Err(DateError::Empty));
        assert!(matches!(parse_date("غدا"), Err(DateError::NoDate(_))));
        assert!(matches!(
            parse_date("مارس 2019"),
            Err(DateError::Incomplete(_))
        ));
        assert!(parse_date("12345").is_err());
        assert!(parse_date("10:15").is_err());
        assert!(parse_date("::::///---").is_err());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "99999999999999999999999/9/9",
            "9/9/99999999999999999999999",
            "3 مارس 99999999999999999999",
            "99:99:99",
            "+",
            "1:00 +",
            "2019-03-03T10:15:00+",
            "2019-03-03T10:15:00+99999",
            "(",
            "1 رمضان 9999 هـ",
            "1 رمضان 0 هـ",
            "\u{0}\u{feff}",
            "ـــ",
        ];
        for s in odd {
            let _ = parse_date(s);
        }
        let long = "3 مارس 2019 ".repeat(10_000);
        assert_eq!(iso(&long), "2019-03-03");
    }

    #[test]
    fn more_real_world_forms() {
        let cases = [
            ("الأحد، 03 مارس 2019 10:15 ص", "2019-03-03T10:15:00"),
            ("3 مارس، 2019", "2019-03-03"),
            ("2019-3-3", "2019-03-03"),
            ("2019-03-03 10:15:00 +0300", "2019-03-03T10:15:00+03:00"),
            ("03/03/2019 - 10:15", "2019-03-03T10:15:00"),
            ("آخر تحديث: 03 مارس 2019 - 10:15 م", "2019-03-03T22:15:00"),
            (
                "السبت 02 آذار 2019 - 22:15 (GMT+3)",
                "2019-03-02T22:15:00+03:00",
            ),
            ("الخميس 1 رمضان 1440هـ", "2019-05-06"),
            ("ذوالحجة 10، 1440", "2019-08-11"),
            ("Mar 3, 2019 10:15 am", "2019-03-03T10:15:00"),
            ("MONDAY 4 MARCH 2019", "2019-03-04"),
            ("٣ كانون الثاني ٢٠٢٠ م", "2020-01-03"),
        ];
        for (s, want) in cases {
            assert_eq!(iso(s), want, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_date_never_panics(s in "\\PC{0,60}") {
            let _ = parse_date(&s);
        }

        #[test]
        fn parse_date_never_panics_on_datelike(
            s in "[0-9٠-٩:/.+\\- ]{0,12}(مارس|رمضان|كانون الثاني|Mar|هـ|م|ص|GMT|T|Z)?[0-9٠-٩:/.+\\- ]{0,16}"
        ) {
            let _ = parse_date(&s);
        }

        #[test]
        fn numeric_dates_round_trip(y in 1900i32..2100, m in 1u8..=12, d in 1u8..=28) {
            let p = parse_date(&format!("{d}/{m}/{y}")).unwrap();
            proptest::prop_assert_eq!((p.year, p.month, p.day), (y, m, d));
            let p = parse_date(&format!("{y:04}-{m:02}-{d:02}")).unwrap();
            proptest::prop_assert_eq!((p.year, p.month, p.day), (y, m, d));
        }
    }

    #[test]
    fn iso_output_forms() {
        let d = ParsedDate {
            year: 2019,
            month: 3,
            day: 3,
            time: Some((10, 15, 0)),
            offset_minutes: Some(-90),
        };
        assert_eq!(d.to_iso(), "2019-03-03T10:15:00-01:30");
        let d = ParsedDate { time: None, ..d };
        assert_eq!(d.to_string(), "2019-03-03");
    }
}
