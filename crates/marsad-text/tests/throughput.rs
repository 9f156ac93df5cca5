//! Throughput check, ignored by default. Run with
//! `cargo test -p marsad-text --release --test throughput -- --ignored --nocapture`.

use std::time::Instant;

use marsad_core::{Document, Source, Stage};
use marsad_text::TextStage;

/// A few MB of synthetic Arabic news: our own sentences, varied with
/// numbers, diacritics, quotes, lists and paragraph breaks.
fn corpus(target_bytes: usize) -> Vec<String> {
    const SENTENCES: &[&str] = &[
        "أعلنت وزارة الصحة في بيان رسمي أن عدد المصابين ارتفع إلى {n} حالة خلال الأسبوع الماضي.",
        "وقال المتحدث باسم الحكومة للصحفيين إن المفاوضات مع الأطراف المعنية ستستأنف بعد عطلة العيد.",
        "وأفادت مصادر محلية بأن قصفا مدفعيا استهدف أحياء سكنية في مدينة حلب،وأسفر عن سقوط {n} قتلى.",
        "قال الرئيس في كلمته: «لن نسمح بتكرار ما حدث في الماضي.» وأضاف أن الأمن أولوية وطنية.",
        "ارتفع سعر صرف الدولار إلى {n}٫٥ ليرة في السوق الموازية، بحسب ما نقلته وكالة الأنباء الرسمية.",
        "وَقَدْ شَهِدَتِ الْعَاصِمَةُ مُظَاهَرَاتٍ حَاشِدَةً لِلْمُطَالَبَةِ بِالْإِصْلَاحِ.",
        "التقى د. محمد العلي بوفد من البنك الدولي لبحث خطة إعادة الإعمار في الرقة والبصرة.",
        "هل تنجح المبادرة الجديدة في إنهاء الأزمة؟ يرى محللون أن الطريق لا يزال طويلا.",
        "وذكرت صحيفة \"الشرق\" أن الاجتماع المقبل سيعقد في بيروت يوم ١٥ آذار/مارس المقبل.",
        "وشدد البيان على ضرورة احترام القانون الدولي الإنساني وحماية المدنيين في جميع الظروف.",
    ];
    let mut docs = Vec::new();
    let mut total = 0;
    let mut i = 0usize;
    while total < target_bytes {
        let mut d = String::with_capacity(4096);
        d.push_str("عاجل: تطورات جديدة\n\n");
        for k in 0..12 {
            let s = SENTENCES[(i + k * 7) % SENTENCES.len()];
            d.push_str(&s.replace("{n}", &((i * 37 + k) % 5000).to_string()));
            d.push(if k % 4 == 3 { '\n' } else { ' ' });
        }
        d.push_str("\n- البند الأول\n- البند الثاني\n1. الخلاصة");
        total += d.len();
        docs.push(d);
        i += 1;
    }
    docs
}

/// CPU time of this thread in seconds (Linux; `None` elsewhere). The
/// build machine is shared, so wall-clock figures are noisy; CPU time
/// shows what one core does.
fn thread_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

#[test]
#[ignore]
fn throughput() {
    let texts = corpus(8 << 20);
    let bytes: usize = texts.iter().map(String::len).sum();
    let stage = TextStage::new();
    let mut scratch = stage.scratch();
    // warm-up
    for t in texts.iter().take(50) {
        let mut d = Document::new(t.clone(), Source::default(), Default::default());
        stage.annotate(&mut d, &mut scratch).unwrap();
    }
    let cpu0 = thread_cpu_secs();
    let wall0 = Instant::now();
    let mut best_stage = f64::MAX;
    let mut best_all = f64::MAX;
    let mut tokens = 0;
    for _ in 0..3 {
        // document construction (copy + content hash) included
        let t0 = Instant::now();
        let mut stage_time = 0.0;
        tokens = 0;
        for t in &texts {
            let mut d = Document::new(t.clone(), Source::default(), Default::default());
            let s0 = Instant::now();
            stage.annotate(&mut d, &mut scratch).unwrap();
            stage_time += s0.elapsed().as_secs_f64();
            tokens += d.tokens.len();
        }
        best_all = best_all.min(t0.elapsed().as_secs_f64());
        best_stage = best_stage.min(stage_time);
    }
    let mb = bytes as f64 / 1e6;
    if let (Some(c0), Some(c1)) = (cpu0, thread_cpu_secs()) {
        println!(
            "3 passes: wall {:.2} s, thread CPU {:.2} s => {:.1} MB/s per core of CPU time (Document::new + stage)",
            wall0.elapsed().as_secs_f64(),
            c1 - c0,
            3.0 * mb / (c1 - c0)
        );
    }
    println!(
        "{:.1} MB, {} docs, {} tokens: text stage {:.1} MB/s, with Document::new {:.1} MB/s (1 thread)",
        mb,
        texts.len(),
        tokens,
        mb / best_stage,
        mb / best_all
    );
    // parts, on the concatenated text
    let all = texts.concat();
    let t0 = Instant::now();
    let n = marsad_text::sentences::split(&all).len();
    let sent = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let k = marsad_text::tokenize::tokenize(&all).len();
    let tok = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let key = marsad_text::search_key(&all);
    let fold = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let ns = marsad_text::NormalizedString::new(&all, &marsad_text::FoldOptions::SEARCH_KEY);
    let align = t0.elapsed().as_secs_f64();
    println!(
        "sentences {:.0} MB/s ({n}), tokens {:.0} MB/s ({k}), search_key {:.0} MB/s ({}), NormalizedString {:.0} MB/s ({})",
        mb / sent,
        mb / tok,
        mb / fold,
        key.len(),
        mb / align,
        ns.len()
    );
}
