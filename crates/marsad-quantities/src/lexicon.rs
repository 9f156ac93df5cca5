//! Counted nouns, currencies, rates, qualifiers and the context words that
//! mark a number as something other than a count.
//!
//! Entries are written in ordinary spelling (singular, plural, accusative
//! with tanwin alef) and folded with [`marsad_text::search_key`] once, on
//! first use.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use marsad_core::QuantityQualifier;

/// Canonical unit → the nouns that name it.
pub const UNITS: &[(&str, &[&str])] = &[
    (
        "fighters",
        &[
            "مقاتل",
            "مقاتلين",
            "مقاتلون",
            "عنصر",
            "عناصر",
            "مسلح",
            "مسلحين",
            "مسلحون",
            "مسلحا",
            "مرتزق",
            "مرتزقة",
            "إرهابي",
            "إرهابيين",
            "إرهابيون",
            "إرهابيا",
            "جهادي",
            "جهاديين",
            "متشدد",
            "متشددين",
        ],
    ),
    ("civilians", &["مدني", "مدنيين", "مدنيون", "مدنيا"]),
    (
        "killed",
        &[
            "قتيل",
            "قتيلا",
            "قتلى",
            "ضحية",
            "ضحايا",
            "شهيد",
            "شهيدا",
            "شهداء",
            "وفاة",
            "وفيات",
            "جثة",
            "جثث",
        ],
    ),
    (
        "injured",
        &[
            "جريح",
            "جريحا",
            "جرحى",
            "مصاب",
            "مصابا",
            "مصابين",
            "مصابون",
            "إصابة",
            "إصابات",
        ],
    ),
    (
        "families",
        &["عائلة", "عائلات", "عوائل", "أسرة", "أسر", "أسرا"],
    ),
    ("family members", &["فرد", "فردا", "أفراد"]),
    (
        "people",
        &[
            "شخص",
            "شخصا",
            "أشخاص",
            "نسمة",
            "مواطن",
            "مواطنا",
            "مواطنين",
            "مواطنون",
            "إنسان",
            "ساكن",
            "سكان",
            "فلسطيني",
            "فلسطينيا",
            "فلسطينيين",
            "فلسطينيون",
            "سوري",
            "سوريا",
            "سوريين",
            "سوريون",
        ],
    ),
    (
        "children",
        &["طفل", "طفلا", "أطفال", "طفلة", "قاصر", "قاصرين"],
    ),
    ("women", &["امرأة", "نساء", "سيدة", "سيدات"]),
    (
        "soldiers",
        &[
            "جندي",
            "جنديا",
            "جنود",
            "عسكري",
            "عسكريا",
            "عسكريين",
            "عسكريون",
            "ضابط",
            "ضباط",
        ],
    ),
    ("police", &["شرطي", "شرطيا", "شرطيين", "رجال أمن"]),
    (
        "detainees",
        &[
            "معتقل",
            "معتقلا",
            "معتقلين",
            "معتقلون",
            "أسير",
            "أسيرا",
            "أسرى",
            "محتجز",
            "محتجزين",
            "سجين",
            "سجينا",
            "سجناء",
            "مخطوف",
            "مختطف",
            "مختطفين",
            "رهينة",
            "رهائن",
        ],
    ),
    (
        "displaced",
        &["نازح", "نازحا", "نازحين", "نازحون", "مهجر", "مهجرين"],
    ),
    ("refugees", &["لاجئ", "لاجئا", "لاجئين", "لاجئون"]),
    (
        "protesters",
        &[
            "متظاهر",
            "متظاهرا",
            "متظاهرين",
            "متظاهرون",
            "محتج",
            "محتجين",
        ],
    ),
    (
        "vehicles",
        &[
            "سيارة",
            "سيارات",
            "آلية",
            "آليات",
            "مركبة",
            "مركبات",
            "عربة",
            "عربات",
            "شاحنة",
            "شاحنات",
            "دبابة",
            "دبابات",
            "مدرعة",
            "مدرعات",
            "حافلة",
            "حافلات",
            "باص",
            "باصات",
        ],
    ),
    (
        "houses",
        &[
            "منزل",
            "منزلا",
            "منازل",
            "بيت",
            "بيتا",
            "بيوت",
            "مسكن",
            "مساكن",
            "وحدة سكنية",
        ],
    ),
    (
        "buildings",
        &["مبنى", "مباني", "مبان", "بناية", "بنايات", "مبنيين"],
    ),
    ("villages", &["قرية", "قرى", "بلدة", "بلدات"]),
    (
        "accused",
        &[
            "متهم",
            "متهما",
            "متهمين",
            "متهمون",
            "مشتبه",
            "مشتبها",
            "مشتبهين",
        ],
    ),
    ("schools", &["مدرسة", "مدارس"]),
    (
        "hospitals",
        &["مستشفى", "مستشفيات", "مشفى", "مشافي", "مشاف"],
    ),
    (
        "medical_centres",
        &["مركز صحي", "مراكز صحية", "مستوصف", "مستوصفات"],
    ),
    ("mosques", &["مسجد", "مساجد", "جامع", "جوامع"]),
    ("churches", &["كنيسة", "كنائس"]),
    ("camps", &["مخيم", "مخيمات"]),
    ("checkpoints", &["حاجز", "حواجز"]),
    ("bridges", &["جسر", "جسور"]),
    (
        "journalists",
        &[
            "صحفي",
            "صحفيا",
            "صحفيين",
            "صحافي",
            "صحافيين",
            "إعلامي",
            "إعلاميين",
        ],
    ),
    (
        "students",
        &["طالب", "طالبا", "طلاب", "طالبة", "طالبات", "تلميذ", "تلاميذ"],
    ),
    (
        "workers",
        &["عامل", "عاملا", "عمال", "موظف", "موظفا", "موظفين"],
    ),
    ("patients", &["مريض", "مريضا", "مرضى"]),
    ("doctors", &["طبيب", "طبيبا", "أطباء", "مسعف", "مسعفين"]),
    ("aircraft", &["طائرة", "طائرات", "مروحية", "مروحيات"]),
    ("food_baskets", &["سلة غذائية", "سلال غذائية", "سلة", "سلال"]),
    ("tents", &["خيمة", "خيام", "خيمات"]),
    ("missiles", &["صاروخ", "صاروخا", "صواريخ"]),
    ("shells", &["قذيفة", "قذائف"]),
    ("airstrikes", &["غارة", "غارات", "ضربة", "ضربات"]),
    (
        "drones",
        &["مسيرة", "مسيرات", "طائرة مسيرة", "طائرات مسيرة"],
    ),
    ("attacks", &["هجوم", "هجوما", "هجمات", "اعتداء", "اعتداءات"]),
    ("explosions", &["انفجار", "انفجارات", "تفجير", "تفجيرات"]),
    ("percent", &["بالمئة", "بالمائة", "بالمية", "%", "٪"]),
    ("km", &["كيلومتر", "كيلومترا", "كيلومترات", "كلم", "كم"]),
    ("m", &["متر", "مترا", "أمتار"]),
    (
        "km2",
        &[
            "كيلومتر مربع",
            "كيلومترا مربعا",
            "كيلومترات مربعة",
            "كلم مربع",
            "كم مربع",
        ],
    ),
    (
        "m3",
        &[
            "متر مكعب",
            "مترا مكعبا",
            "أمتار مكعبة",
            "م مكعب",
            "م3",
            "م³",
        ],
    ),
    ("m2", &["متر مربع", "مترا مربعا", "أمتار مربعة", "م2", "م²"]),
    (
        "degrees_celsius",
        &["درجة مئوية", "درجات مئوية", "درجة مئويه"],
    ),
    ("hectares", &["هكتار", "هكتارا", "هكتارات"]),
    ("dunams", &["دونم", "دونما", "دونمات"]),
    ("tons", &["طن", "طنا", "أطنان"]),
    (
        "kg",
        &["كيلوغرام", "كيلوغراما", "كيلوغرامات", "كغ", "كلغ", "كيلو"],
    ),
    ("liters", &["لتر", "لترا", "لترات", "ليتر", "ليترات"]),
    ("barrels", &["برميل", "برميلا", "براميل"]),
    ("days", &["يوم", "يوما", "أيام"]),
    ("weeks", &["أسبوع", "أسبوعا", "أسابيع"]),
    ("months", &["شهر", "شهرا", "أشهر", "شهور"]),
    ("years", &["عام", "عاما", "أعوام", "سنة", "سنوات", "سنين"]),
    ("hours", &["ساعة", "ساعات"]),
    ("minutes", &["دقيقة", "دقائق"]),
];

/// Dual nouns: the noun alone means two (`طفلان` = 2 children). Only forms
/// that cannot be a plural are listed (`مقاتلين`, `مدنيين` are plurals more
/// often than duals, so only `مقاتلان`, `مدنيان`).
pub const DUALS: &[(&str, &[&str])] = &[
    ("children", &["طفلان", "طفلين", "طفلتان", "طفلتين"]),
    ("soldiers", &["جنديان", "جنديين", "ضابطان", "ضابطين"]),
    ("people", &["شخصان", "شخصين", "مواطنان", "شابان", "شابين"]),
    ("killed", &["قتيلان", "قتيلين", "شهيدان", "شهيدين"]),
    ("injured", &["جريحان", "جريحين", "مصابان"]),
    ("civilians", &["مدنيان"]),
    ("fighters", &["عنصران", "عنصرين", "مقاتلان", "مسلحان"]),
    ("families", &["عائلتان", "عائلتين", "أسرتان", "أسرتين"]),
    ("women", &["امرأتان", "امرأتين", "سيدتان", "سيدتين"]),
    ("houses", &["منزلان", "منزلين", "بيتان", "بيتين"]),
    ("vehicles", &["سيارتان", "سيارتين", "آليتان", "آليتين"]),
    ("missiles", &["صاروخان", "صاروخين"]),
    ("shells", &["قذيفتان", "قذيفتين"]),
    ("airstrikes", &["غارتان", "غارتين"]),
    ("days", &["يومان", "يومين"]),
    ("weeks", &["أسبوعان", "أسبوعين"]),
    ("months", &["شهران", "شهرين"]),
    ("years", &["عامان", "عامين", "سنتان", "سنتين"]),
    ("hours", &["ساعتان", "ساعتين"]),
];

/// A currency noun: its spellings, the code when no adjective follows
/// (`None`: too ambiguous, the raw text is kept) and the adjectives that
/// name a country's currency.
pub struct Currency {
    pub nouns: &'static [&'static str],
    pub default: Option<&'static str>,
    pub adjectives: &'static [(&'static str, &'static str)],
}

pub const CURRENCIES: &[Currency] = &[
    Currency {
        nouns: &["دولار", "دولارا", "دولارات", "دولاران", "دولارين"],
        default: Some("USD"),
        adjectives: &[
            ("أمريكي", "USD"),
            ("أميركي", "USD"),
            ("كندي", "CAD"),
            ("أسترالي", "AUD"),
        ],
    },
    Currency {
        nouns: &["ليرة", "ليرات", "ليرتين"],
        default: None,
        adjectives: &[("سوري", "SYP"), ("تركي", "TRY"), ("لبناني", "LBP")],
    },
    Currency {
        nouns: &["دينار", "دينارا", "دنانير", "دينارات"],
        default: None,
        adjectives: &[
            ("عراقي", "IQD"),
            ("أردني", "JOD"),
            ("ليبي", "LYD"),
            ("كويتي", "KWD"),
            ("بحريني", "BHD"),
            ("تونسي", "TND"),
            ("جزائري", "DZD"),
        ],
    },
    Currency {
        nouns: &["ريال", "ريالا", "ريالات"],
        default: None,
        adjectives: &[
            ("سعودي", "SAR"),
            ("يمني", "YER"),
            ("قطري", "QAR"),
            ("عماني", "OMR"),
            ("إيراني", "IRR"),
        ],
    },
    Currency {
        nouns: &["جنيه", "جنيها", "جنيهات"],
        default: None,
        adjectives: &[
            ("مصري", "EGP"),
            ("سوداني", "SDG"),
            ("إسترليني", "GBP"),
            ("استرليني", "GBP"),
        ],
    },
    Currency {
        nouns: &["درهم", "درهما", "دراهم"],
        default: None,
        adjectives: &[("إماراتي", "AED"), ("مغربي", "MAD")],
    },
    Currency {
        // `مليون إسترليني`: the adjective alone names the pound.
        nouns: &["إسترليني", "استرليني"],
        default: Some("GBP"),
        adjectives: &[],
    },
    Currency {
        nouns: &["يورو"],
        default: Some("EUR"),
        adjectives: &[],
    },
    Currency {
        nouns: &["شيكل", "شيقل", "شيكلا", "شيقلا", "شواكل", "شيكلات"],
        default: Some("ILS"),
        adjectives: &[],
    },
    Currency {
        nouns: &["روبل", "روبلا", "روبلات"],
        default: Some("RUB"),
        adjectives: &[],
    },
    Currency {
        nouns: &["يوان"],
        default: Some("CNY"),
        adjectives: &[],
    },
    Currency {
        nouns: &["ين"],
        default: Some("JPY"),
        adjectives: &[],
    },
];

/// Currency symbols written next to digits.
pub fn currency_symbol(s: &str) -> Option<&'static str> {
    match s {
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "₪" => Some("ILS"),
        _ => None,
    }
}

/// What a rate is per: the noun after `لكل`/`لل…`/`في …`.
pub const RATE_NOUNS: &[(&str, &[&str])] = &[
    ("family", &["عائلة", "أسرة"]),
    ("person", &["شخص", "فرد", "مواطن", "نسمة"]),
    ("child", &["طفل"]),
    ("household", &["منزل", "بيت"]),
    ("day", &["يوم"]),
    ("week", &["أسبوع"]),
    ("month", &["شهر"]),
    ("year", &["عام", "سنة"]),
    ("hour", &["ساعة"]),
];

/// One-word rates.
pub const RATE_ADVERBS: &[(&str, &str)] = &[
    ("يوميا", "day"),
    ("أسبوعيا", "week"),
    ("شهريا", "month"),
    ("سنويا", "year"),
    ("ساعيا", "hour"),
];

/// Qualifiers written before the number, as word sequences.
pub const QUALIFIERS_BEFORE: &[(&[&str], QuantityQualifier)] = &[
    (&["نحو"], QuantityQualifier::About),
    (&["بنحو"], QuantityQualifier::About),
    (&["لنحو"], QuantityQualifier::About),
    (&["حوالي"], QuantityQualifier::About),
    (&["بحوالي"], QuantityQualifier::About),
    (&["قرابة"], QuantityQualifier::About),
    (&["بقرابة"], QuantityQualifier::About),
    (&["زهاء"], QuantityQualifier::About),
    (&["تقريبا"], QuantityQualifier::About),
    (&["ما", "يقارب"], QuantityQualifier::About),
    (&["يقارب"], QuantityQualifier::About),
    (&["بما", "يقارب"], QuantityQualifier::About),
    (&["ما", "يقرب", "من"], QuantityQualifier::About),
    (&["يقرب", "من"], QuantityQualifier::About),
    (&["ما", "يناهز"], QuantityQualifier::About),
    (&["يناهز"], QuantityQualifier::About),
    (&["أكثر", "من"], QuantityQualifier::MoreThan),
    (&["لأكثر", "من"], QuantityQualifier::MoreThan),
    (&["بأكثر", "من"], QuantityQualifier::MoreThan),
    (&["أزيد", "من"], QuantityQualifier::MoreThan),
    (&["ما", "يزيد", "عن"], QuantityQualifier::MoreThan),
    (&["ما", "يزيد", "على"], QuantityQualifier::MoreThan),
    (&["يزيد", "عن"], QuantityQualifier::MoreThan),
    (&["يزيد", "على"], QuantityQualifier::MoreThan),
    (&["ما", "يربو", "على"], QuantityQualifier::MoreThan),
    (&["يربو", "على"], QuantityQualifier::MoreThan),
    (&["ما", "لا", "يقل", "عن"], QuantityQualifier::AtLeast),
    (&["لا", "يقل", "عن"], QuantityQualifier::AtLeast),
    (&["على", "الأقل"], QuantityQualifier::AtLeast),
    (&["أقل", "من"], QuantityQualifier::LessThan),
    (&["ما", "يقل", "عن"], QuantityQualifier::LessThan),
    (&["ما", "لا", "يزيد", "عن"], QuantityQualifier::AtMost),
    (&["ما", "لا", "يزيد", "على"], QuantityQualifier::AtMost),
    (&["لا", "يزيد", "عن"], QuantityQualifier::AtMost),
    (&["لا", "يزيد", "على"], QuantityQualifier::AtMost),
    (&["حتى"], QuantityQualifier::AtMost),
];

/// Qualifiers written after the quantity.
pub const QUALIFIERS_AFTER: &[(&[&str], QuantityQualifier)] = &[
    (&["تقريبا"], QuantityQualifier::About),
    (&["على", "الأقل"], QuantityQualifier::AtLeast),
    (&["على", "أقل", "تقدير"], QuantityQualifier::AtLeast),
    (&["فأكثر"], QuantityQualifier::AtLeast),
    (&["أو", "أكثر"], QuantityQualifier::AtLeast),
];

/// Words before a number that make it a year (`عام 2018`): left to the
/// dates stage.
pub const YEAR_WORDS: &[&str] = &[
    "عام",
    "العام",
    "لعام",
    "بعام",
    "وعام",
    "عامي",
    "سنة",
    "السنة",
    "لسنة",
    "بسنة",
    "وسنة",
    "موسم",
    "الموسم",
];

/// Words before a number that make it a clock time (`الساعة 9`).
pub const TIME_WORDS: &[&str] = &["الساعة", "ساعة", "بالساعة", "حوالى الساعة", "الدقيقة"];

/// Words before a number that make it part of a name or a reference
/// (`الفرقة 17`, `القرار 2254`, `رقم 5`): not a count, skipped.
pub const LABEL_WORDS: &[&str] = &[
    "الفرقة",
    "فرقة",
    "الفوج",
    "فوج",
    "اللواء",
    "لواء",
    "الكتيبة",
    "كتيبة",
    "الفيلق",
    "فيلق",
    "القرار",
    "قرار",
    "رقم",
    "الرقم",
    "برقم",
    "المرسوم",
    "مرسوم",
    "القانون",
    "قانون",
    "المادة",
    "مادة",
    "الفقرة",
    "البند",
    "الفصل",
    "الطريق",
    "طريق",
    "الصفحة",
    "صفحة",
    "الدورة",
    "الحاجز",
    "حاجز",
    "مخرج",
    "المخرج",
    "الطابق",
    "العدد",
    "الإصدار",
    "النسخة",
    "طراز",
    "الطراز",
    "الحلقة",
    "الجزء",
    "الشارع",
    "شارع",
    "القطاع",
    "النقطة",
    "المربع",
    "البوابة",
    "الكيلو",
    "القاعدة",
    "المنطقة",
    "المحور",
    "الجولة",
    "المرحلة",
    "الدائرة",
    "القائمة",
    "ال",
    "هاتف",
    "الهاتف",
    "جوال",
    "الجوال",
    "واتساب",
    "المبنى",
    "السجن",
    "مستشفى",
    "المستشفى",
    "المدرسة",
    "مدرسة",
    "الحي",
    "حي",
    "المخيم",
    "مخيم",
    "المحطة",
    "فئة",
    "الفئة",
];

/// Function words that are never a counted noun.
pub const STOPWORDS: &[&str] = &[
    "في",
    "من",
    "على",
    "إلى",
    "عن",
    "مع",
    "و",
    "أو",
    "ثم",
    "قد",
    "لا",
    "ما",
    "أن",
    "إن",
    "التي",
    "الذي",
    "الذين",
    "هو",
    "هي",
    "هم",
    "منذ",
    "خلال",
    "بعد",
    "قبل",
    "حتى",
    "كما",
    "وفق",
    "بين",
    "عند",
    "لدى",
    "ضد",
    "حسب",
    "أي",
    "كل",
    "كان",
    "كانت",
    "لم",
    "لن",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "فقط",
    "آخر",
    "أخرى",
    "آخرين",
    "آخرون",
    "أيضا",
    "بينهم",
    "منهم",
    "بينما",
    "إذ",
    "حيث",
    "عبر",
    "نحو",
    "حول",
    "أمام",
    "وراء",
    "تحت",
    "فوق",
    "دون",
    "غير",
    "بل",
    "لكن",
    "أما",
    "إما",
    "قال",
    "وقال",
    "تقريبا",
    "فأكثر",
    "على",
    "أكثر",
    "أقل",
    "مقابل",
    "بنسبة",
    "نسبة",
    "بمعدل",
    "بواقع",
    "بقيمة",
    "بلغ",
    "بلغت",
    "يبلغ",
    "تبلغ",
    "ب",
];

pub(crate) struct Tables {
    pub units: HashMap<String, &'static str>,
    /// Two-word unit names (`كيلومتر مربع`, `رجال أمن`).
    pub units2: HashMap<(String, String), &'static str>,
    pub duals: HashMap<String, &'static str>,
    /// noun → index into [`CURRENCIES`].
    pub currencies: HashMap<String, usize>,
    pub rate_nouns: HashMap<String, &'static str>,
    pub rate_adverbs: HashMap<String, &'static str>,
    pub before: Vec<(Vec<String>, QuantityQualifier)>,
    pub after: Vec<(Vec<String>, QuantityQualifier)>,
    pub year_words: Vec<String>,
    pub time_words: Vec<String>,
    pub labels: Vec<String>,
    pub stop: Vec<String>,
}

fn key(s: &str) -> String {
    marsad_text::search_key(s)
}

fn keys(ws: &[&str]) -> Vec<String> {
    ws.iter().map(|w| key(w)).collect()
}

pub(crate) fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut units = HashMap::default();
        let mut units2 = HashMap::default();
        for &(canon, forms) in UNITS {
            for f in forms {
                let ws: Vec<&str> = f.split_whitespace().collect();
                match ws.as_slice() {
                    [a] => {
                        units.insert(key(a), canon);
                    }
                    [a, b] => {
                        units2.insert((key(a), key(b)), canon);
                    }
                    _ => {}
                }
            }
        }
        let mut duals = HashMap::default();
        for &(canon, forms) in DUALS {
            for f in forms {
                duals.insert(key(f), canon);
            }
        }
        let mut currencies = HashMap::default();
        for (i, c) in CURRENCIES.iter().enumerate() {
            for n in c.nouns {
                currencies.insert(key(n), i);
            }
        }
        let mut rate_nouns = HashMap::default();
        for &(canon, forms) in RATE_NOUNS {
            for f in forms {
                rate_nouns.insert(key(f), canon);
            }
        }
        Tables {
            units,
            units2,
            duals,
            currencies,
            rate_nouns,
            rate_adverbs: RATE_ADVERBS.iter().map(|&(w, r)| (key(w), r)).collect(),
            before: QUALIFIERS_BEFORE
                .iter()
                .map(|&(ws, q)| (keys(ws), q))
                .collect(),
            after: QUALIFIERS_AFTER
                .iter()
                .map(|&(ws, q)| (keys(ws), q))
                .collect(),
            year_words: keys(YEAR_WORDS),
            time_words: keys(TIME_WORDS),
            labels: keys(LABEL_WORDS),
            stop: keys(STOPWORDS),
        }
    })
}

/// The currency code an adjective (any gender, with or without article)
/// names for currency `c`.
pub(crate) fn currency_adjective(c: usize, norm: &str) -> Option<&'static str> {
    let cur = CURRENCIES.get(c)?;
    let bare = norm.strip_prefix("ال").unwrap_or(norm);
    // سورية/سوريه: the feminine adjective (after a plural noun).
    let bare = bare.strip_suffix('ه').unwrap_or(bare);
    cur.adjectives
        .iter()
        .find(|(a, _)| key(a) == bare)
        .map(|&(_, code)| code)
}
