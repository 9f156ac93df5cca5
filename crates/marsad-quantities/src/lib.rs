//! Quantities.
#[cfg(test)]
mod tests {
    #[test]
    fn show_tokens() {
        let text = "قتل 2.5 و1,000 و1.500.000 و10-15 و3/10/2019 و30% و٣٠٫٥ و١٬٥٠٠ الساعة 12:30 و2019-10-09 و1439هـ و$5 و٣٪ ألفاً مئتي وعشرين 20,5 +963944";
        let mut d = marsad_core::Document::new(text.into(), Default::default(), Default::default());
        marsad_text::analyze(&mut d);
        for t in &d.tokens { println!("{:?} {:?} {:?} {:?}", d.slice(t.start,t.end), t.kind, t.norm, t.morphs.len()); }
    }
}
