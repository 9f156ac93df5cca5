//! The trigger lexicon (`data/triggers.txt`), the reporting verbs of
//! claims, the frames that make a trigger an event of news (or veto it:
//! sport, weather, markets, court rulings), the generic nouns that name
//! participants, and the cue words of quantities. Every word is folded with
//! [`marsad_text::search_key`] once, on first use, into hash tables keyed
//! by the folded word.

use std::sync::OnceLock;

use marsad_core::{EventType, QuantityRole, SourceKind};
use rustc_hash::{FxHashMap, FxHashSet};

/// The trigger lexicon, one sense group a line.
pub const TRIGGERS_SOURCE: &str = include_str!("../data/triggers.txt");

/// What a trigger word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    Verb,
    Noun,
    Passive,
}

/// A frame: a set of words whose presence in a sentence tells what it is
/// about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Frame {
    Protest = 0,
    Military = 1,
    Aid = 2,
    Sport = 3,
    Weather = 4,
    Markets = 5,
    Court = 6,
}

impl Frame {
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
    fn from_name(s: &str) -> Option<Frame> {
        Some(match s {
            "protest" => Frame::Protest,
            "military" => Frame::Military,
            "aid" => Frame::Aid,
            _ => return None,
        })
    }
}

/// One sense of a trigger word.
#[derive(Debug, Clone)]
pub struct Sense {
    pub kind: EventType,
    pub mode: Option<&'static str>,
    pub trigger: TriggerKind,
    /// Words that must follow the first word, in order (multi-word triggers).
    pub follow: Vec<String>,
    /// One of these must occur within the next four words.
    pub next: Vec<String>,
    /// The frame the sentence must show.
    pub needs: Option<Frame>,
    pub objgen: bool,
    pub casualty: bool,
    pub swap: bool,
}

/// Every lookup table, built once.
pub struct Tables {
    /// Folded first word → senses, in lexicon order.
    pub triggers: FxHashMap<String, Vec<Sense>>,
    /// Folded reporting verb → its class.
    pub reporting: FxHashMap<String, Report>,
    /// Folded word → the frames it signals.
    pub frames: FxHashMap<String, u8>,
    /// Folded generic participant nouns.
    pub generic: FxHashSet<String>,
    /// Folded participant heads (lemmas; see `is_participant_head`).
    pub heads: FxHashSet<String>,
    /// `generic` and `heads` together: one probe per form in
    /// `is_participant_head`, which runs on every word.
    participants: FxHashSet<String>,
    /// Folded speaker nouns → what kind of source they are.
    pub speakers: FxHashMap<String, SourceKind>,
    /// Folded words that follow a generic noun and belong to it.
    pub adjectives: FxHashSet<String>,
    /// Folded hedge words.
    pub hedges: FxHashSet<String>,
    /// Folded quantity cue words → the role they give.
    pub cues: FxHashMap<String, QuantityRole>,
}

/// How a reporting verb reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// `أكد`, `أعلن`, `اعترف`, `كشف`, `أظهر`.
    Assert,
    /// `قال`, `أفاد`, `ذكر`, `نقل`, `أشار`, `أوضح`, `صرح`, `أضاف`.
    Say,
    /// `زعم`, `ادعى`.
    Hedge,
    /// `نفى`.
    Deny,
    /// A participle continuing the last speaker (`مشيرا`, `مضيفا`).
    Continue,
    /// `بحسب`, `وفق`, `حسبما`: the content comes before.
    According,
}

pub fn key(s: &str) -> String {
    marsad_text::search_key(s)
}

pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(build)
}

/// Inflections of a verb: perfect with subject and object suffixes,
/// imperfect with prefixes and suffixes.
fn inflect(perfect: &str, imperfect: &str, out: &mut Vec<String>) {
    const OBJ: [&str; 6] = ["", "ه", "ها", "هم", "هما", "هن"];
    if !perfect.is_empty() {
        for subj in ["", "ت", "تا", "ن", "نا", "تم"] {
            for obj in OBJ {
                out.push(format!("{perfect}{subj}{obj}"));
            }
        }
        out.push(format!("{perfect}وا"));
        for obj in &OBJ[1..] {
            out.push(format!("{perfect}و{obj}"));
        }
    }
    if !imperfect.is_empty() {
        for pre in ["ي", "ت", "ن", "أ"] {
            for suf in ["", "ون", "ان", "ن", "وا", "ا", "ين"] {
                out.push(format!("{pre}{imperfect}{suf}"));
            }
            for obj in &OBJ[1..] {
                out.push(format!("{pre}{imperfect}{obj}"));
                out.push(format!("{pre}{imperfect}ون{obj}"));
            }
        }
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(key)
        .collect()
}

fn parse_triggers(t: &mut FxHashMap<String, Vec<Sense>>) {
    for line in TRIGGERS_SOURCE.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split('|').map(str::trim);
        let (Some(head), Some(kind), Some(forms)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let flags = parts.next().unwrap_or("");
        let (ty, mode) = match head.split_once('/') {
            Some((t, m)) => (t, Some(m)),
            None => (head, None),
        };
        let Some(kind_t) = EventType::from_name(ty) else {
            continue;
        };
        let mode: Option<&'static str> = mode.map(|m| &*Box::leak(m.to_string().into_boxed_str()));
        let trigger = match kind {
            "V" => TriggerKind::Verb,
            "P" => TriggerKind::Passive,
            _ => TriggerKind::Noun,
        };
        let mut sense = Sense {
            kind: kind_t,
            mode,
            trigger,
            follow: Vec::new(),
            next: Vec::new(),
            needs: None,
            objgen: false,
            casualty: false,
            swap: false,
        };
        for f in flags.split_whitespace() {
            if let Some(n) = f.strip_prefix("next=") {
                sense.next = words(n);
            } else if let Some(c) = f.strip_prefix("ctx=") {
                sense.needs = Frame::from_name(c);
            } else if f == "objgen" {
                sense.objgen = true;
            } else if f == "casualty" {
                sense.casualty = true;
            } else if f == "swap" {
                sense.swap = true;
            }
        }
        for form in forms.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            let mut ws = form.split_whitespace();
            let Some(first) = ws.next() else { continue };
            let follow: Vec<String> = ws.map(key).collect();
            let mut firsts = Vec::new();
            match (trigger, first.split_once('/')) {
                (TriggerKind::Verb, Some((p, i))) => inflect(p, i, &mut firsts),
                _ => firsts.push(first.to_string()),
            }
            let mut s = sense.clone();
            s.follow = follow;
            let mut seen = FxHashSet::default();
            for w in firsts {
                let k = key(&w);
                if k.chars().count() < 2 || !seen.insert(k.clone()) {
                    continue;
                }
                t.entry(k).or_default().push(s.clone());
            }
        }
    }
}

const REPORTING: &[(Report, &[(&str, &str)])] = &[
    (
        Report::Say,
        &[
            ("قال", "قول"),
            ("أفاد", "فيد"),
            ("ذكر", "ذكر"),
            ("نقل", "نقل"),
            ("أشار", "شير"),
            ("أوضح", "وضح"),
            ("صرح", "صرح"),
            ("أضاف", "ضيف"),
            ("روى", ""),
            ("أبلغ", "بلغ"),
            ("لفت", "لفت"),
            ("تابع", ""),
        ],
    ),
    (
        Report::Assert,
        &[
            ("أكد", "ؤكد"),
            ("أعلن", "علن"),
            ("اعترف", "عترف"),
            ("أقر", "قر"),
            ("كشف", "كشف"),
            ("أظهر", "ظهر"),
            ("وثق", "وثق"),
            ("أثبت", "ثبت"),
        ],
    ),
    (Report::Hedge, &[("زعم", "زعم"), ("ادعى", "دعي")]),
    (
        Report::Deny,
        &[("نفى", "نفي"), ("نفت", ""), ("نفوا", ""), ("كذب", "كذب")],
    ),
];

const CONTINUE: &[&str] = &[
    "مشيرا",
    "مشيرة",
    "مؤكدا",
    "مؤكدة",
    "موضحا",
    "موضحة",
    "مضيفا",
    "مضيفة",
    "لافتا",
    "لافتة",
    "معتبرا",
    "معتبرة",
    "منوها",
];
const ACCORDING: &[&str] = &["بحسب", "حسب", "حسبما", "وفق", "وفقا", "طبقا", "نقلا"];

const FRAMES: &[(Frame, &[&str])] = &[
    (
        Frame::Protest,
        &[
            "متظاهر",
            "متظاهرون",
            "متظاهرين",
            "متظاهرا",
            "متظاهرات",
            "محتج",
            "محتجون",
            "محتجين",
            "مظاهرة",
            "مظاهرات",
            "تظاهرة",
            "تظاهرات",
            "تظاهر",
            "تظاهروا",
            "احتجاج",
            "احتجاجات",
            "احتجاجا",
            "احتجاجية",
            "اعتصام",
            "معتصمين",
            "معتصمون",
            "هتافات",
            "لافتات",
            "شعارات",
            "الغاضبين",
            "غاضبين",
            "مسيرة احتجاجية",
            "منددين",
            "مطالبين",
            "رافعين",
            "هاتفين",
            "يهتفون",
            "مرددين",
        ],
    ),
    (
        Frame::Military,
        &[
            "قوات",
            "مقاتل",
            "مقاتلين",
            "مقاتلي",
            "مقاتلا",
            "مقاتلون",
            "عناصر",
            "عنصر",
            "تعزيزات",
            "عسكري",
            "عسكرية",
            "عسكريين",
            "آليات",
            "جيش",
            "فصائل",
            "فصيل",
            "مسلح",
            "مسلحين",
            "مسلحون",
            "مسلحة",
            "ميليشيا",
            "ميليشيات",
            "مليشيات",
            "دبابات",
            "جنود",
            "كتائب",
            "الجبهة",
            "جبهات",
            "المعارضة",
            "اتفاق",
            "بموجب",
            "تسوية",
            "هدنة",
            "القتال",
            "المعارك",
        ],
    ),
    (
        Frame::Aid,
        &[
            "مساعدات",
            "إغاثة",
            "إنسانية",
            "المتضررين",
            "النازحين",
            "اللاجئين",
        ],
    ),
    (
        Frame::Sport,
        &[
            "لاعب",
            "لاعبا",
            "لاعبي",
            "لاعبو",
            "لاعبين",
            "مباراة",
            "مباريات",
            "منتخب",
            "الدوري",
            "مرمى",
            "ملعب",
            "الشوط",
            "مدرب",
            "نادي",
            "بطولة",
            "كأس",
            "هدفا",
            "هدفين",
            "التعادل",
            "بالتعادل",
            "المهاجم",
            "مهاجم",
            "حارس",
            "ركلة",
            "ركلات",
            "الملاكم",
            "الجولة الأولى",
            "دوري",
            "الفيفا",
            "أولمبي",
            "الأولمبية",
        ],
    ),
    (
        Frame::Weather,
        &[
            "طقس",
            "الأرصاد",
            "أمطار",
            "الأمطار",
            "رياح",
            "عاصفة",
            "ثلوج",
            "الحرارة",
            "منخفض",
            "زلزال",
            "هزة",
            "فيضانات",
            "سيول",
            "موجة حر",
            "إعصار",
            "غبار",
        ],
    ),
    (
        Frame::Markets,
        &[
            "البورصة",
            "بورصة",
            "الأسهم",
            "أسهم",
            "مؤشر",
            "التضخم",
            "الصادرات",
            "الواردات",
            "برميل",
            "الفائدة",
            "أرباح",
            "المستثمرين",
            "تداولات",
            "النفط",
            "الذهب",
            "الاقتصاد",
            "اقتصادية",
            "الإنتاج",
            "سعر",
            "أسعار",
            "الأسعار",
        ],
    ),
    (
        Frame::Court,
        &[
            "قضت",
            "حكمت",
            "حكما",
            "بالسجن",
            "بالإعدام",
            "ببراءة",
            "براءة",
            "القاضي",
            "الاستئناف",
            "الجنايات",
            "النيابة",
            "دعوى",
            "يقضي",
            "تقضي",
            "بالحبس",
            "غرامة",
        ],
    ),
];

const GENERIC: &[&str] = &[
    "مسلح",
    "مسلحون",
    "مسلحين",
    "مسلحا",
    "مسلحان",
    "متظاهر",
    "متظاهرون",
    "متظاهرين",
    "متظاهرا",
    "متظاهرات",
    "محتج",
    "محتجون",
    "محتجين",
    "انتحاري",
    "انتحاريا",
    "انتحاريون",
    "انتحاريين",
    "مفجر",
    "مفجرون",
    "مفجرين",
    "مهاجم",
    "مهاجمون",
    "مهاجمين",
    "جندي",
    "جنود",
    "جنديا",
    "جنديين",
    "قوات",
    "قوة",
    "شرطة",
    "جيش",
    "عناصر",
    "عنصر",
    "متمرد",
    "متمردون",
    "متمردين",
    "إرهابيون",
    "إرهابيين",
    "إرهابي",
    "إرهابيا",
    "مقاتل",
    "مقاتلون",
    "مقاتلين",
    "مقاتلي",
    "طائرات",
    "طائرة",
    "سكان",
    "أهالي",
    "مواطن",
    "مواطنين",
    "مواطنون",
    "مواطنا",
    "ناشط",
    "ناشطين",
    "ناشطون",
    "مدني",
    "مدنيين",
    "مدنيون",
    "مدنيا",
    "شخص",
    "شخصا",
    "أشخاص",
    "شخصين",
    "شخصان",
    "رجال",
    "مجهولون",
    "مجهولين",
    "عمال",
    "العمال",
    "طلاب",
    "شبان",
    "الشبان",
    "مصلين",
    "المصلين",
    "سياح",
    "رهائن",
    "رهينة",
    "صحفي",
    "صحفيين",
    "صحفيا",
    "مسؤول",
    "مسؤولين",
    "مسؤولا",
    "ضابط",
    "ضباط",
    "لاجئين",
    "نازحين",
    "فصائل",
    "فصيل",
    "ميليشيا",
    "ميليشيات",
    "مليشيات",
    "كتائب",
    "حكومة",
    "وزارة",
    "نظام",
    "تحالف",
    "التحالف",
    "مجموعة",
    "جماعة",
    "حركة",
    "تنظيم",
    "معارضة",
    "المعارضة",
    "متشددين",
    "متشددون",
    "حراس",
    "عسكريين",
    "عسكريون",
    "دورية",
    "موكب",
    "قافلة",
    "أطفال",
    "نساء",
    "امرأة",
    "طفل",
    "فتاة",
    "مسلحو",
    "عناصره",
    "مستوطنين",
    "مستوطنون",
    "الأمن",
    "الشرطة",
    "فدائيين",
    "فدائيون",
    "نشطاء",
    "أبناء",
    "معتصمون",
    "معتصمين",
    "مستوطني",
    "مسلحي",
    "جنودا",
    "مسافرون",
    "مسافرين",
    "ركاب",
    "سائقين",
    "مخربين",
    "عصابة",
    "قناصة",
    "شبيحة",
    "مجندا",
    "مجندين",
    "عسكريا",
];

/// More participant heads: groups, units and people named by what they
/// are or do. Matched with their sound-plural, dual, accusative and
/// feminine endings (`متظاهر` → `متظاهرون`, `متظاهرين`, `متظاهرا`,
/// `متظاهرات`), see [`Tables::is_participant_head`].
const HEADS: &[&str] = &[
    "وحدة",
    "خلية",
    "كتيبة",
    "لواء",
    "فرقة",
    "سرية",
    "مفرزة",
    "عصابات",
    "شاب",
    "شبان",
    "شباب",
    "أعضاء",
    "أنصار",
    "مناصر",
    "ثوار",
    "ثائر",
    "راهب",
    "رهبان",
    "عشائر",
    "عشيرة",
    "قبائل",
    "قبيلة",
    "سائق",
    "مصور",
    "طفلة",
    "رجل",
    "محتجز",
    "معتقل",
    "سجين",
    "سجناء",
    "نزلاء",
    "قوى",
    "حرس",
    "شرطي",
    "طلبة",
    "تلاميذ",
    "موظف",
    "نقابات",
    "نقابة",
    "أحزاب",
    "حزب",
    "مجهول",
    "ملثم",
    "مقنع",
    "قناص",
    "مليشيا",
    "مسلم",
    "مسيحي",
    "مستوطن",
    "مهاجر",
    "منظمة",
    "قيادي",
    "قادة",
    "زعماء",
    "شيوخ",
    "انتحاري",
    "مخرب",
    "متشدد",
    "مدافع",
    "عسكري",
    "مدني",
    "مواطن",
    "ناشط",
    "متظاهر",
    "محتج",
    "معتصم",
    "مسلح",
    "مقاتل",
    "مهاجم",
    "متمرد",
    "جندي",
    "مجند",
    "إرهابي",
    "فدائي",
    "صحفي",
    "صحافي",
    "شخص",
    "لاجئ",
    "نازح",
];

const ADJECTIVES: &[&str] = &[
    "مجهولين",
    "مجهولون",
    "مجهولان",
    "مقنعين",
    "مقنعون",
    "ملثمين",
    "ملثمون",
    "انتحاريون",
    "انتحاري",
    "انتحاريين",
    "مسلحين",
    "مسلحون",
    "غاضبين",
    "الغاضبين",
    "الغاضبون",
];

const SPEAKERS: &[(SourceKind, &[&str])] = &[
    (
        SourceKind::Official,
        &[
            "متحدث",
            "المتحدث",
            "الناطق",
            "ناطق",
            "مسؤول",
            "مسؤولون",
            "مسؤولين",
            "وزير",
            "الوزير",
            "قائد",
            "القائد",
            "مدير",
            "رئيس",
            "الرئيس",
            "محافظ",
            "المحافظ",
            "ضابط",
            "عضو",
            "نائب",
            "سفير",
            "مستشار",
            "قيادي",
            "القيادي",
        ],
    ),
    (
        SourceKind::Government,
        &[
            "وزارة",
            "الحكومة",
            "حكومة",
            "الجيش",
            "الشرطة",
            "القيادة",
            "قيادة",
            "التحالف",
            "الداخلية",
            "الدفاع",
            "مجلس",
            "بلدية",
            "البلدية",
            "السلطات",
            "الأمن",
            "القوات",
            "هيئة",
            "الهيئة",
            "الإدارة",
            "إدارة",
            "الخارجية",
            "المكتب",
            "مكتب",
            "غرفة",
            "بيان",
            "البيان",
        ],
    ),
    (
        SourceKind::Media,
        &[
            "وكالة",
            "صحيفة",
            "قناة",
            "موقع",
            "تلفزيون",
            "التلفزيون",
            "إذاعة",
            "وسائل",
            "الإعلام",
            "مراسل",
            "شبكة",
            "جريدة",
            "مجلة",
        ],
    ),
    (SourceKind::Anonymous, &["مصدر", "مصادر", "مصدرا"]),
    (
        SourceKind::Witness,
        &[
            "شهود",
            "شاهد",
            "سكان",
            "أهالي",
            "ناشطون",
            "ناشطين",
            "ناشط",
            "مواطنون",
            "أحد",
            "عيان",
        ],
    ),
    (
        SourceKind::Reports,
        &["تقارير", "تقرير", "أنباء", "معلومات", "التقرير", "روايات"],
    ),
    (
        SourceKind::Evidence,
        &[
            "فيديو",
            "الفيديو",
            "تسجيل",
            "تسجيلا",
            "تسجيلات",
            "صور",
            "الصور",
            "وثيقة",
            "وثائق",
            "مقطع",
            "مقاطع",
            "شريط",
            "لقطات",
            "صورا",
            "مشاهد",
        ],
    ),
    (
        SourceKind::Organisation,
        &[
            "المرصد",
            "منظمة",
            "المنظمة",
            "الأمم",
            "لجنة",
            "اللجنة",
            "الشبكة",
            "الدفاع المدني",
        ],
    ),
];

const HEDGES: &[&str] = &[
    "يعتقد",
    "يرجح",
    "يتداول",
    "يشتبه",
    "ربما",
    "مزاعم",
    "مزعوم",
    "مزعومة",
    "يزعم",
    "يسمى",
    "أنباء",
    "يحتمل",
    "محتمل",
    "رجحت",
    "يرجح",
    "تداول",
    "تداولت",
    "يتردد",
];

const CUES: &[(QuantityRole, &[&str])] = &[
    (
        QuantityRole::Killed,
        &[
            "مقتل",
            "قتل",
            "قتلت",
            "قتلوا",
            "قتلا",
            "قتلى",
            "مصرع",
            "إعدام",
            "استشهاد",
            "سقوط",
            "حياة",
            "وفاة",
        ],
    ),
    (
        QuantityRole::Injured,
        &[
            "إصابة",
            "أصيب",
            "أصيبوا",
            "جرح",
            "إصابات",
            "بجروح",
            "جرحى",
            "وأصيب",
        ],
    ),
    (
        QuantityRole::Arrested,
        &[
            "اعتقال",
            "اعتقل",
            "اعتقلت",
            "احتجاز",
            "توقيف",
            "أسر",
            "احتجزت",
            "اعتقلوا",
        ],
    ),
    (
        QuantityRole::Displaced,
        &["نزوح", "تهجير", "تشريد", "نزح", "هجر", "نازح"],
    ),
];

fn build() -> Tables {
    let mut triggers = FxHashMap::default();
    parse_triggers(&mut triggers);
    let mut reporting = FxHashMap::default();
    for (r, verbs) in REPORTING {
        for (p, i) in *verbs {
            let mut forms = Vec::new();
            inflect(p, i, &mut forms);
            for f in forms {
                reporting.entry(key(&f)).or_insert(*r);
            }
        }
    }
    for w in CONTINUE {
        reporting.insert(key(w), Report::Continue);
    }
    for w in ACCORDING {
        reporting.insert(key(w), Report::According);
    }
    // Words that inflection makes of reporting verbs but mean something
    // else (تابع "follower", ذكرى "memory" folds differently, أحد).
    for w in ["تابع", "تابعة", "نقلا", "ذكرت"] {
        if w == "نقلا" {
            reporting.insert(key(w), Report::According);
        } else if w == "تابع" || w == "تابعة" {
            reporting.remove(&key(w));
        }
    }
    let mut frames: FxHashMap<String, u8> = FxHashMap::default();
    for (f, ws) in FRAMES {
        for w in *ws {
            *frames.entry(key(w)).or_default() |= f.bit();
        }
    }
    let set = |ws: &[&str]| ws.iter().map(|w| key(w)).collect::<FxHashSet<String>>();
    let mut speakers = FxHashMap::default();
    for (k, ws) in SPEAKERS {
        for w in *ws {
            speakers.entry(key(w)).or_insert(*k);
        }
    }
    let mut cues = FxHashMap::default();
    for (r, ws) in CUES {
        for w in *ws {
            cues.entry(key(w)).or_insert(*r);
        }
    }
    let (generic, heads) = (set(GENERIC), set(HEADS));
    let participants = generic.union(&heads).cloned().collect();
    Tables {
        triggers,
        reporting,
        frames,
        generic,
        heads,
        participants,
        speakers,
        adjectives: set(ADJECTIVES),
        hedges: set(HEDGES),
        cues,
    }
}

impl Tables {
    /// Whether a folded stem heads a participant noun phrase: a generic
    /// noun, or a participant head with a sound-plural, dual, accusative or
    /// feminine ending (`مسلحون`, `انتحاريين`, `ناشطا`, `انتحاريه`).
    pub fn is_participant_head(&self, stem: &str) -> bool {
        if self.participants.contains(stem) {
            return true;
        }
        // The ending plus a 3-letter lemma: shorter stems need no probes.
        let n = stem.chars().count();
        if n < 4 {
            return false;
        }
        for suf in ["ون", "ين", "ات", "ان", "تان", "تين", "ا", "ه", "و", "ي"] {
            if let Some(r) = stem.strip_suffix(suf) {
                if n - suf.chars().count() >= 3 && self.participants.contains(r) {
                    return true;
                }
            }
        }
        false
    }
}

/// Whether a folded word is the conjunction/complementiser that opens a
/// claim's content (`أن`, `إن`, `ان`).
pub fn is_complementiser(k: &str) -> bool {
    matches!(
        k,
        "ان" | "بان" | "وان" | "انه" | "انها" | "انهم" | "بانه" | "بانها"
    )
}

/// Negation particles before a trigger.
pub fn is_negation(k: &str) -> bool {
    matches!(
        k,
        "لم" | "لن"
            | "لا"
            | "ليس"
            | "عدم"
            | "دون"
            | "بدون"
            | "ولم"
            | "ولن"
            | "ولا"
            | "فلم"
    )
}

/// Particles of the future before a trigger.
pub fn is_future(k: &str) -> bool {
    matches!(k, "سوف" | "وسوف" | "لن" | "ولن")
}

/// Particles of a condition before a trigger.
pub fn is_conditional(k: &str) -> bool {
    matches!(k, "اذا" | "واذا" | "لو" | "ولو" | "حال" | "لولا" | "ان لم")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participant_heads_take_their_endings() {
        let t = tables();
        for w in [
            "مسلحون",
            "انتحاريين",
            "ناشطاً",
            "انتحارية",
            "متظاهرات",
            "شرطيين",
            "عشائر",
        ] {
            assert!(t.is_participant_head(&key(w)), "{w}");
        }
        for w in ["طالب", "مدينة", "هجوم"] {
            assert!(!t.is_participant_head(&key(w)), "{w}");
        }
    }
}
