//! The scanner: walks the tokens once, reads number phrases, then looks
//! around each for a qualifier, a range, the counted noun, a rate.
//!
//! Numbers that are not counts are skipped (see the crate docs): years
//! (`عام 2018`, a bare `2018`), day numbers before a month (`3 مارس`),
//! clock times (`الساعة 9`, `9:30`), numeric dates (`3/10/2019`), phone
//! numbers, and numbers that are part of a name (`الفرقة 17`,
//! `القرار 2254`, `رقم 5`). Ordinals (`الثالث`) and article forms
//! (`الثلاثة`, `العشرين`) are never read as numbers.

use marsad_core::{
    Document, Mention, MorphKind, Quantity, QuantityQualifier, QuantityRange, Token, TokenKind,
};

use crate::lexicon::{currency_adjective, currency_symbol, tables, CURRENCIES};
use crate::numbers::{is_number_word, parse_at, NumParse, Tv};

/// A span of tokens `a..b` (token indices, end exclusive), with an
/// optional start inside token `a` (after a و proclitic).
#[derive(Debug, Clone, Copy)]
struct Found {
    quantity_start: usize,
    /// Code-point and byte start when the first token's و is left out.
    lead: Option<(usize, usize)>,
    end: usize,
}

struct Unit {
    name: String,
    known: bool,
    from: usize,
    to: usize,
}

pub(crate) struct Scanner<'a> {
    doc: &'a Document,
    toks: &'a [Token],
    tv: Vec<Tv<'a>>,
}

fn is_conj_token(t: &Token) -> bool {
    t.morphs
        .first()
        .is_some_and(|m| m.kind == MorphKind::Conjunction)
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(doc: &'a Document, toks: &'a [Token]) -> Self {
        let tv = toks
            .iter()
            .map(|t| Tv {
                norm: t.norm.as_str(),
                is_number: t.kind == TokenKind::Number,
                is_word: t.kind == TokenKind::Word,
            })
            .collect();
        Self { doc, toks, tv }
    }

    fn norm(&self, i: usize) -> &'a str {
        self.tv.get(i).map_or("", |t| t.norm)
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        let n = self.norm(i);
        words.contains(&n)
    }

    /// Whether tokens `i` and `i + 1` touch (no space between).
    fn touching(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    fn is_num(&self, i: usize) -> bool {
        self.tv.get(i).is_some_and(|t| t.is_number)
    }

    /// The number phrase at `i`, also when its first token carries a و
    /// proclitic (`وثلاثة`); then `lead` is set.
    fn number_at(&self, i: usize, allow_conj: bool) -> Option<(NumParse, bool)> {
        if let Some(p) = parse_at(&self.tv, i, allow_conj) {
            return Some((p, false));
        }
        let t = self.tv.get(i)?;
        let rest = t.norm.strip_prefix('و')?;
        if !t.is_word || !is_number_word(rest) {
            return None;
        }
        Some((self.parse_without_prefix(i, rest, allow_conj)?, true))
    }

    /// The number phrase at `i` read with its first token's proclitic
    /// dropped (`rest` is what remains of that token).
    fn parse_without_prefix(&self, i: usize, rest: &'a str, allow_conj: bool) -> Option<NumParse> {
        // A copy of a short window (no number phrase is longer).
        let end = (i + 24).min(self.tv.len());
        let mut window: Vec<Tv> = self.tv.get(i..end)?.to_vec();
        window[0].norm = rest;
        let mut p = parse_at(&window, 0, allow_conj)?;
        p.next += i;
        Some(p)
    }

    /// The number phrase at `i` when its first token carries a
    /// preposition, alone or after a conjunction (`بخمسة`, `بمليون`,
    /// `وبثلاثة`, `لعشرة`): the parse and the proclitic's letter count.
    fn number_after_preposition(&self, i: usize) -> Option<(NumParse, usize)> {
        const PREFIXES: &[&str] = &["وب", "فب", "ول", "فل", "وك", "ب", "ل", "ك"];
        let t = self.tv.get(i)?;
        if !t.is_word {
            return None;
        }
        // The rest must be a number word of three letters or more: `لست`
        // ("I am not") is no ل + ست.
        let (prefix, rest) = PREFIXES.iter().find_map(|p| {
            let r = t.norm.strip_prefix(p)?;
            (r.chars().count() >= 3 && is_number_word(r)).then_some((*p, r))
        })?;
        let plen = prefix.chars().count();
        let p = self.parse_without_prefix(i, rest, true)?;
        // ل and ك also begin words that read as numbers (لعشرة "for the
        // companionship of"): only with a known unit after them.
        if !prefix.ends_with('ب') {
            let u = self.norm(p.next);
            let unit = self.known_unit(u).is_some()
                || tables().currencies.contains_key(u)
                || tables().units2.keys().any(|(a, _)| a == u);
            if !unit {
                return None;
            }
        }
        Some((p, plen))
    }

    /// Code-point and byte offsets just after the و of token `i`.
    fn after_conj(&self, i: usize) -> Option<(usize, usize)> {
        let t = self.toks.get(i)?;
        let s = self.doc.text.get(t.bytes.0..t.bytes.1)?;
        if !s.starts_with('و') {
            return None;
        }
        self.after_prefix(i, 1)
    }

    /// Code-point and byte offsets after the first `letters` letters of
    /// token `i` (and their diacritics).
    fn after_prefix(&self, i: usize, letters: usize) -> Option<(usize, usize)> {
        let t = self.toks.get(i)?;
        let s = self.doc.text.get(t.bytes.0..t.bytes.1)?;
        let (mut cp, mut seen) = (0, 0);
        for (b, c) in s.char_indices() {
            let mark = ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' || c == '\u{0640}';
            if !mark {
                if seen == letters {
                    return Some((t.start + cp, t.bytes.0 + b));
                }
                seen += 1;
            }
            cp += 1;
        }
        None
    }

    /// Runs over every token and collects the quantities.
    pub(crate) fn run(&self, out: &mut Vec<Quantity>) {
        let n = self.tv.len();
        let mut floor = 0;
        let mut i = 0;
        while i < n {
            match self.at(i, floor) {
                Some(q) => {
                    i = q.1.max(i + 1);
                    floor = i;
                    out.push(q.0);
                }
                None => i += 1,
            }
        }
    }

    fn quantity(&self, f: Found) -> Option<Quantity> {
        let a = self.toks.get(f.quantity_start)?;
        let b = self.toks.get(f.end.checked_sub(1)?)?;
        let (start, b0) = f.lead.unwrap_or((a.start, a.bytes.0));
        let text = self.doc.text.get(b0..b.bytes.1)?.to_string();
        Some(Quantity {
            start,
            end: b.end,
            text,
            ..Quantity::default()
        })
    }

    fn mention(&self, from: usize, to: usize) -> Option<Mention> {
        let a = self.toks.get(from)?;
        let b = self.toks.get(to.checked_sub(1)?)?;
        Some(Mention {
            start: a.start,
            end: b.end,
            text: self.doc.text.get(a.bytes.0..b.bytes.1)?.to_string(),
        })
    }

    /// A known counted noun: as written, without the article, without the
    /// accusative alef (`قتيلاً`).
    fn known_unit(&self, norm: &str) -> Option<&'static str> {
        let t = tables();
        let bare = norm.strip_prefix("ال").filter(|r| r.chars().count() >= 2);
        let candidates = [
            Some(norm),
            bare,
            norm.strip_suffix('ا').filter(|r| r.chars().count() >= 2),
        ];
        candidates
            .into_iter()
            .flatten()
            .find_map(|c| t.units.get(c).copied())
    }

    fn currency_at(&self, u: usize) -> Option<Unit> {
        let t = tables();
        let norm = self.norm(u);
        let bare = norm.strip_prefix("ال").unwrap_or(norm);
        let c = *t.currencies.get(norm).or_else(|| t.currencies.get(bare))?;
        if let Some(code) = currency_adjective(c, self.norm(u + 1)) {
            return Some(Unit {
                name: code.to_string(),
                known: true,
                from: u,
                to: u + 2,
            });
        }
        let cur = CURRENCIES.get(c)?;
        match cur.default {
            Some(code) => Some(Unit {
                name: code.to_string(),
                known: true,
                from: u,
                to: u + 1,
            }),
            None => Some(Unit {
                name: self.mention(u, u + 1)?.text,
                known: false,
                from: u,
                to: u + 1,
            }),
        }
    }

    /// The unit after a number ending before token `u`.
    fn unit_at(&self, u: usize, article_ok: bool) -> Option<Unit> {
        let t = tables();
        let tv = self.tv.get(u)?;
        // 30% / 30 ٪ / 30 في المئة / 30 بالمئة
        if matches!(tv.norm, "%" | "٪") {
            return Some(Unit {
                name: "percent".into(),
                known: true,
                from: u,
                to: u + 1,
            });
        }
        if tv.norm == "في" && self.is(u + 1, &["المئه", "المائه", "الميه"]) {
            return Some(Unit {
                name: "percent".into(),
                known: true,
                from: u,
                to: u + 2,
            });
        }
        if let Some(sym) = currency_symbol(tv.norm) {
            return Some(Unit {
                name: sym.into(),
                known: true,
                from: u,
                to: u + 1,
            });
        }
        if !tv.is_word {
            return None;
        }
        if let Some(&canon) = t
            .units2
            .get(&(tv.norm.to_string(), self.norm(u + 1).to_string()))
        {
            return Some(Unit {
                name: canon.into(),
                known: true,
                from: u,
                to: u + 2,
            });
        }
        if let Some(c) = self.currency_at(u) {
            return Some(c);
        }
        if let Some(canon) = self.known_unit(tv.norm) {
            if article_ok || !tv.norm.starts_with("ال") || t.units.contains_key(tv.norm) {
                return Some(Unit {
                    name: canon.into(),
                    known: true,
                    from: u,
                    to: u + 1,
                });
            }
        }
        // ثلاثة من المدنيين: partitive من before a known noun.
        if tv.norm == "من" {
            if let Some(canon) = self.known_unit(self.norm(u + 1)) {
                return Some(Unit {
                    name: canon.into(),
                    known: true,
                    from: u + 1,
                    to: u + 2,
                });
            }
            if let Some(c) = self.currency_at(u + 1) {
                return Some(c);
            }
            return None;
        }
        // An unknown noun: kept as raw text.
        let tok = self.toks.get(u)?;
        let bad = t.stop.iter().any(|s| s == tv.norm)
            || is_number_word(tv.norm)
            || is_conj_token(tok)
            || (tv.norm.starts_with("ال") && !article_ok)
            || tv.norm.chars().count() < 2
            || marsad_text::lexicon::match_month(&[tv.norm]).is_some()
            || marsad_text::lexicon::match_weekday(tv.norm).is_some()
            || !tv
                .norm
                .chars()
                .all(|c| ('\u{0621}'..='\u{064A}').contains(&c));
        if bad {
            return None;
        }
        Some(Unit {
            name: self.mention(u, u + 1)?.text,
            known: false,
            from: u,
            to: u + 1,
        })
    }

    /// A rate after token `r`: (per what, tokens end).
    fn rate_at(&self, r: usize) -> Option<(&'static str, usize)> {
        let t = tables();
        let n = self.norm(r);
        if let Some(&rate) = t.rate_adverbs.get(n) {
            return Some((rate, r + 1));
        }
        let one = |k: usize| {
            if self.is(k, &["واحد", "واحده", "الواحد", "الواحده"]) {
                k + 1
            } else {
                k
            }
        };
        let noun = |s: &str| -> Option<&'static str> {
            t.rate_nouns
                .get(s)
                .or_else(|| t.rate_nouns.get(s.strip_prefix("ال").unwrap_or(s)))
                .copied()
        };
        if n == "لكل" {
            let rate = noun(self.norm(r + 1))?;
            return Some((rate, one(r + 2)));
        }
        if matches!(n, "في" | "عن") && self.norm(r + 1) == "كل" {
            let rate = noun(self.norm(r + 2))?;
            return Some((rate, one(r + 3)));
        }
        if let Some(rest) = n.strip_prefix("لل") {
            let rate = noun(rest)?;
            return Some((rate, one(r + 1)));
        }
        let time = ["day", "week", "month", "year", "hour"];
        if n == "في" {
            let rate = noun(self.norm(r + 1)).filter(|r| time.contains(r))?;
            if self.norm(r + 1).starts_with("ال") {
                return Some((rate, r + 2));
            }
        }
        if let Some(rest) = n.strip_prefix("بال") {
            let rate = noun(rest).filter(|r| time.contains(r))?;
            return Some((rate, r + 1));
        }
        None
    }

    /// The longest qualifier ending just before token `i` (not before
    /// `floor`).
    fn qualifier_before(&self, i: usize, floor: usize) -> Option<(QuantityQualifier, usize)> {
        let mut best: Option<(QuantityQualifier, usize)> = None;
        for (ws, q) in &tables().before {
            let n = ws.len();
            if n > i || i - n < floor || best.is_some_and(|(_, s)| i - s >= n) {
                continue;
            }
            if ws
                .iter()
                .enumerate()
                .all(|(k, w)| self.norm(i - n + k) == w)
            {
                best = Some((*q, i - n));
            }
        }
        best
    }

    fn qualifier_after(&self, j: usize) -> Option<(QuantityQualifier, usize)> {
        tables()
            .after
            .iter()
            .filter(|(ws, _)| ws.iter().enumerate().all(|(k, w)| self.norm(j + k) == w))
            .max_by_key(|(ws, _)| ws.len())
            .map(|(ws, q)| (*q, j + ws.len()))
    }

    fn is_month_at(&self, i: usize) -> bool {
        let ws = [self.norm(i), self.norm(i + 1)];
        let n = if i + 1 < self.tv.len() { 2 } else { 1 };
        i < self.tv.len() && marsad_text::lexicon::match_month(&ws[..n]).is_some()
    }

    fn month_ends_at(&self, i: usize) -> bool {
        // i is the index just after the month name.
        (i >= 1 && marsad_text::lexicon::match_month(&[self.norm(i - 1)]).is_some())
            || (i >= 2
                && marsad_text::lexicon::match_month(&[self.norm(i - 2), self.norm(i - 1)])
                    .is_some_and(|(_, n)| n == 2))
    }

    /// Whether the digits at `i` (a single number token, nothing else
    /// read) are a year, date, time, phone number or name part.
    fn digits_not_a_count(&self, i: usize, p: &NumParse, unit_known: bool) -> bool {
        let t = tables();
        let norm = self.norm(i);
        let prev = if i > 0 { self.norm(i - 1) } else { "" };
        let v = p.value;
        let plain = norm.bytes().all(|b| b.is_ascii_digit());
        if t.year_words.iter().any(|w| w == prev) || t.time_words.iter().any(|w| w == prev) {
            return true;
        }
        // 3/10/2019, 9:30, 2019-10-09 (either side).
        let sep = |k: usize| self.is(k, &["/", ":", "\\"]);
        if (sep(i + 1) && self.is_num(i + 2) && self.touching(i))
            || (i >= 2 && sep(i - 1) && self.is_num(i - 2) && self.touching(i - 1))
        {
            return true;
        }
        let dash = |k: usize| self.is(k, &["-", "–"]);
        if dash(i + 1) && self.is_num(i + 2) && dash(i + 3) && self.is_num(i + 4) {
            return true;
        }
        if i >= 2 && dash(i - 1) && self.is_num(i - 2) && self.touching(i - 1) {
            return true;
        }
        if v <= 31.0 && self.is_month_at(i + 1) {
            return true;
        }
        if self.month_ends_at(i) {
            return true;
        }
        if v >= 100.0 && marsad_text::lexicon::match_era(self.norm(i + 1)).is_some() {
            return true;
        }
        // Phone numbers.
        if (plain && norm.starts_with('0') && norm.len() >= 4)
            || (i >= 1 && self.is(i - 1, &["+"]) && self.touching(i - 1))
            || (plain && norm.len() >= 9 && !unit_known)
        {
            return true;
        }
        // A bare four-digit number in the range of years, with no unit.
        plain && norm.len() == 4 && (1900.0..=2100.0).contains(&v) && !unit_known
    }

    /// The quantity starting at token `i`, with the token index after it.
    fn at(&self, i: usize, floor: usize) -> Option<(Quantity, usize)> {
        let t = tables();
        let tv = self.tv.get(i)?;
        // طفلان, جنديين: a dual noun alone means two.
        if tv.is_word {
            let dual = match t.duals.get(tv.norm) {
                Some(&c) => Some((c, None)),
                None => tv
                    .norm
                    .strip_prefix('و')
                    .and_then(|r| t.duals.get(r))
                    .map(|&c| (c, self.after_conj(i))),
            };
            if let Some((canon, lead)) = dual {
                let mut end = i + 1;
                if self.is(end, &["اثنان", "اثنين", "اثنتان", "اثنتين"]) {
                    end += 1;
                }
                let mut q = self.quantity(Found {
                    quantity_start: i,
                    lead,
                    end,
                })?;
                q.value = Some(2.0);
                q.unit = Some(canon.into());
                q.unit_known = true;
                q.unit_mention = self.mention(i, i + 1);
                if let (Some(m), Some((cp, b))) = (q.unit_mention.as_mut(), lead) {
                    m.start = cp;
                    m.text = self.doc.text.get(b..self.toks[i].bytes.1)?.to_string();
                }
                return Some((q, end));
            }
            // طفل واحد: a noun then واحد.
            if self.is(i + 1, &["واحد", "واحده"]) {
                let (noun, lead) = match tv.norm.strip_prefix('و') {
                    Some(r) if self.known_unit(tv.norm).is_none() => (r, self.after_conj(i)),
                    _ => (tv.norm, None),
                };
                if let (false, Some(canon)) = (noun.starts_with("ال"), self.known_unit(noun)) {
                    let mut q = self.quantity(Found {
                        quantity_start: i,
                        lead,
                        end: i + 2,
                    })?;
                    q.value = Some(1.0);
                    q.unit = Some(canon.into());
                    q.unit_known = true;
                    q.unit_mention = self.mention(i, i + 1);
                    if let (Some(m), Some((cp, b))) = (q.unit_mention.as_mut(), lead) {
                        m.start = cp;
                        m.text = self.doc.text.get(b..self.toks[i].bytes.1)?.to_string();
                    }
                    return Some((q, i + 2));
                }
            }
            // واحد alone is a pronoun ("one of them") far more often
            // than a count.
            if matches!(tv.norm, "واحد" | "واحده" | "وواحد" | "وواحده") {
                return None;
            }
        }
        // $5, € 20
        let mut sym_unit: Option<Unit> = None;
        let mut num_i = i;
        if let Some(code) = currency_symbol(tv.norm) {
            if self.is_num(i + 1) {
                sym_unit = Some(Unit {
                    name: code.into(),
                    known: true,
                    from: i,
                    to: i + 1,
                });
                num_i = i + 1;
            } else {
                return None;
            }
        }
        let (p, lead, plen) = match self.number_at(num_i, true) {
            Some((p, lead)) => (p, lead, usize::from(lead)),
            None if sym_unit.is_none() => {
                let (p, plen) = self.number_after_preposition(num_i)?;
                (p, true, plen)
            }
            None => return None,
        };
        let single_digits = !p.words && !p.scaled && p.next == num_i + 1 && self.is_num(num_i);
        let mut start = i;
        let mut lead_at = if lead {
            self.after_prefix(i, plen)
        } else {
            None
        };
        let mut value = p.value;
        let mut range: Option<(f64, f64)> = None;
        let mut end_num = p.next;
        let mut qualifier: Option<QuantityQualifier> = None;
        let mut vague = p.vague;

        // Ranges: بين X و Y, من X إلى Y, X-Y, X أو Y.
        let before_bayn = num_i > floor && self.is(num_i - 1, &["بين"]) && !lead;
        let before_min = num_i > floor && self.is(num_i - 1, &["من"]) && !lead;
        let mut range_start = None;
        if sym_unit.is_none() {
            if before_bayn {
                let second = |p1: &NumParse| -> Option<NumParse> {
                    if self.norm(p1.next) == "و" {
                        self.number_at(p1.next + 1, true).map(|x| x.0)
                    } else {
                        self.number_at(p1.next, true).filter(|x| x.1).map(|x| x.0)
                    }
                };
                let mut p1 = p;
                let mut p2 = second(&p1);
                if p2.is_none() && p1.words {
                    // بين خمسة وعشرة was read as one phrase: split at و.
                    if let Some((q1, _)) = self.number_at(num_i, false) {
                        p1 = q1;
                        p2 = second(&p1);
                    }
                }
                if let Some(p2) = p2 {
                    value = p1.value;
                    range = Some((p1.value, p2.value));
                    end_num = p2.next;
                    vague = None;
                    range_start = Some(num_i - 1);
                    if num_i >= 2 && num_i - 2 >= floor && self.is(num_i - 2, &["ما"]) {
                        range_start = Some(num_i - 2);
                    }
                }
            } else if self.is(p.next, &["الي", "حتي"]) && (before_min || !p.words) {
                if let Some((p2, false)) = self.number_at(p.next + 1, true) {
                    range = Some((p.value, p2.value));
                    end_num = p2.next;
                    if before_min {
                        range_start = Some(num_i - 1);
                    }
                }
            } else if self.is(p.next, &["-", "–"]) && !p.words && self.is_num(p.next + 1) {
                let after = p.next + 2;
                let date_like = self.is(after, &["-", "/", "–"]) && self.is_num(after + 1);
                if !date_like {
                    if let Some((p2, false)) = self.number_at(p.next + 1, true) {
                        range = Some((p.value, p2.value));
                        end_num = p2.next;
                    }
                }
            } else if self.is(p.next, &["او"]) {
                if let Some((p2, false)) = self.number_at(p.next + 1, true) {
                    if p2.words == p.words {
                        range = Some((p.value, p2.value));
                        end_num = p2.next;
                    }
                }
            }
        }
        if let Some((lo, hi)) = range {
            // A range whose ends are out of order (`10-5`) is no range:
            // most likely a score or a reference.
            if lo > hi {
                return None;
            }
            qualifier = Some(QuantityQualifier::Range);
        }
        if let Some(rs) = range_start {
            start = rs;
            lead_at = None;
        }

        // The unit.
        let article_ok = vague.is_some() || p.scaled;
        let has_sym = sym_unit.is_some();
        let unit = match sym_unit {
            Some(u) => Some(u),
            None => self.unit_at(end_num, article_ok),
        };
        let unit_known = unit.as_ref().is_some_and(|u| u.known);

        // Not a count: years, dates, times, phone numbers, names.
        let prev = if start > 0 { self.norm(start - 1) } else { "" };
        if t.labels.iter().any(|w| w == prev) {
            return None;
        }
        if single_digits && range.is_none() && self.digits_not_a_count(num_i, &p, unit_known) {
            return None;
        }
        if range.is_some()
            && !unit_known
            && (self.is_month_at(end_num) || t.year_words.iter().any(|w| w == prev))
        {
            return None;
        }
        if range.is_some()
            && !p.words
            && !unit_known
            && [value, range.map_or(0.0, |r| r.1)]
                .iter()
                .all(|v| (1900.0..=2100.0).contains(v) && v.fract() == 0.0)
        {
            // من 2011 إلى 2015: a range of years, for the dates stage.
            return None;
        }

        // Qualifier before the number (or the range).
        if qualifier.is_none() && lead_at.is_none() {
            if let Some((q, s)) = self.qualifier_before(start, floor) {
                qualifier = Some(q);
                start = s;
            }
        }
        let mut end = unit.as_ref().map_or(end_num, |u| u.to.max(end_num));
        if has_sym {
            end = end_num;
        }
        let rate = self.rate_at(end);
        if let Some((_, e)) = rate {
            end = e;
        }
        if let Some((q, e)) = self.qualifier_after(end) {
            if qualifier.is_none() {
                qualifier = Some(q);
            }
            end = e;
        }
        if qualifier.is_none() {
            qualifier = vague.map(|(q, _, _)| q);
        }
        if range.is_none() {
            range = vague.map(|(_, lo, hi)| (lo, hi));
        }

        let mut q = self.quantity(Found {
            quantity_start: start,
            lead: lead_at,
            end,
        })?;
        q.value = Some(value);
        q.range = range.map(|(min, max)| QuantityRange { min, max });
        if let Some(u) = &unit {
            q.unit = Some(u.name.clone());
            q.unit_known = u.known;
            q.unit_mention = self.mention(u.from, u.to);
        }
        q.approximate = qualifier.is_some();
        q.qualifier = qualifier;
        q.rate = rate.map(|(r, _)| r.to_string());
        Some((q, end))
    }
}
