//! Day arithmetic on the proleptic Gregorian calendar (days since
//! 1970-01-01), ISO weeks, and Hijri (Umm al-Qura) conversions.

use icu_calendar::cal::{Hijri, Iso};
use icu_calendar::Date;

use marsad_text::lexicon::Weekday;

/// Days since 1970-01-01 (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether y-m-d exists (years 1–9999).
pub fn valid(y: i64, m: u32, d: u32) -> bool {
    (1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// Monday = 0 … Sunday = 6.
pub fn weekday_index(days: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7)
}

pub fn weekday_number(w: Weekday) -> i64 {
    match w {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    }
}

/// ISO 8601 week of a day: (week-based year, week).
pub fn iso_week(days: i64) -> (i64, i64) {
    let thursday = days - weekday_index(days) + 3;
    let (y, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
    (y, week)
}

pub fn iso_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A Hijri (Umm al-Qura) date as a Gregorian day number.
pub fn hijri_to_days(y: i64, m: u32, d: u32) -> Option<i64> {
    let y = i32::try_from(y).ok()?;
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=30).contains(&d) {
        return None;
    }
    let date =
        Date::try_new_hijri_with_calendar(y, m as u8, d as u8, Hijri::new_umm_al_qura()).ok()?;
    let iso = date.to_calendar(Iso);
    let gy = i64::from(iso.year().extended_year());
    Some(days_from_civil(
        gy,
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    ))
}

/// The Hijri year of a Gregorian day number.
pub fn hijri_year_of(days: i64) -> Option<i64> {
    let (y, m, d) = civil_from_days(days);
    let y = i32::try_from(y).ok()?;
    let iso = Date::try_new_iso(y, m as u8, d as u8).ok()?;
    Some(i64::from(
        iso.to_calendar(Hijri::new_umm_al_qura())
            .year()
            .extended_year(),
    ))
}

/// First and last Gregorian day of a Hijri month.
pub fn hijri_month_span(y: i64, m: u32) -> Option<(i64, i64)> {
    let a = hijri_to_days(y, m, 1)?;
    let b = if m == 12 {
        hijri_to_days(y + 1, 1, 1)?
    } else {
        hijri_to_days(y, m + 1, 1)?
    };
    Some((a, b - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_weeks() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        for z in [-800_000, -1, 0, 1, 17_000, 18_000, 2_900_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        // 2019-10-09 was a Wednesday in ISO week 41.
        let z = days_from_civil(2019, 10, 9);
        assert_eq!(weekday_index(z), 2);
        assert_eq!(iso_week(z), (2019, 41));
        // 2021-01-01 belongs to 2020-W53.
        assert_eq!(iso_week(days_from_civil(2021, 1, 1)), (2020, 53));
    }

    #[test]
    fn hijri() {
        // 1 Ramadan 1440 = 2019-05-06.
        assert_eq!(hijri_to_days(1440, 9, 1), Some(days_from_civil(2019, 5, 6)));
        assert_eq!(hijri_year_of(days_from_civil(2019, 5, 6)), Some(1440));
        assert!(hijri_to_days(1440, 13, 1).is_none());
    }
}
