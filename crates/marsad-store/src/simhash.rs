//! Near-duplicate detection: a 64-bit SimHash over shingles of three
//! folded search terms, so that the same wire story republished with
//! other diacritics, punctuation or a changed line still lands within a
//! few bits. Candidates are found through four 16-bit bands: two hashes
//! within [`MAX_DISTANCE`] bits share at least one band exactly.

use marsad_core::hash::hash_bytes;

/// Bits two near-duplicates may differ by.
pub const MAX_DISTANCE: u32 = 3;

/// Shingles a text needs before its hash is trusted.
pub const MIN_SHINGLES: usize = 8;

/// The SimHash of `text` and its number of shingles.
pub fn simhash(text: &str) -> (u64, usize) {
    of_terms(&marsad_text::search::index_text(text))
}

/// The SimHash of space-separated search terms (what
/// [`marsad_text::search::index_text`] gives) and its number of shingles.
pub fn of_terms(index_text: &str) -> (u64, usize) {
    let terms: Vec<&str> = index_text.split(' ').filter(|t| !t.is_empty()).collect();
    let mut counts = [0i32; 64];
    let mut n = 0;
    let mut buf = String::new();
    for win in terms.windows(3) {
        buf.clear();
        for t in win {
            buf.push_str(t);
            buf.push(' ');
        }
        let h = hash_bytes(0x5eed, buf.as_bytes());
        for (bit, c) in counts.iter_mut().enumerate() {
            *c += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
        n += 1;
    }
    let mut h = 0u64;
    for (bit, c) in counts.iter().enumerate() {
        if *c > 0 {
            h |= 1 << bit;
        }
    }
    (h, n)
}

/// The four 16-bit bands of a hash.
pub fn bands(h: u64) -> [i64; 4] {
    [0, 1, 2, 3].map(|i| ((h >> (16 * i)) & 0xffff) as i64)
}

pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// How alike two hashes say their texts are, 0 to 1.
pub fn similarity(a: u64, b: u64) -> f64 {
    1.0 - f64::from(distance(a, b)) / 64.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "أعلنت وزارة الصحة في غزة أن حصيلة القصف على مخيم جباليا ارتفعت إلى اثني عشر قتيلا بينهم أطفال ونساء، فيما أصيب أكثر من ثلاثين آخرين بجروح متفاوتة نقلوا إلى مستشفى كمال عدوان شمالي القطاع. وقال مسؤول محلي إن فرق الدفاع المدني ما زالت تبحث عن مفقودين تحت الأنقاض في ظل نقص حاد في المعدات والوقود.";

    #[test]
    fn a_republished_story_is_near_and_another_is_far() {
        let (a, n) = simhash(STORY);
        assert!(n >= MIN_SHINGLES);
        // Another site: harakat, other punctuation, a credit line.
        let copy = format!(
            "{} (المصدر: وكالات)",
            STORY.replace("،", " -").replace("قتيلا", "قتيلاً")
        );
        let (b, _) = simhash(&copy);
        assert!(
            distance(a, b) <= MAX_DISTANCE,
            "distance {}",
            distance(a, b)
        );
        let shared = bands(a).iter().zip(bands(b)).any(|(x, y)| *x == y);
        assert!(shared);
        let other = "افتتح وزير الاقتصاد معرضا للصناعات المحلية في عمان بمشاركة أكثر من مئتي شركة من الأردن والدول المجاورة، وقال إن الصادرات نمت خلال العام الماضي بنسبة عشرة في المئة مع توقعات بمزيد من النمو في قطاعي الدواء والغذاء.";
        let (c, _) = simhash(other);
        assert!(distance(a, c) > 10, "distance {}", distance(a, c));
        assert!(similarity(a, a) == 1.0);
    }
}
