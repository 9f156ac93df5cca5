#![no_main]
//! The date parser must never panic; what it accepts must print as ISO 8601.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    if let Ok(d) = marsad_dates::parse_date(s) {
        let iso = d.to_iso();
        assert!(iso.len() >= 10 && iso.as_bytes()[4] == b'-', "{iso}");
    }
});
