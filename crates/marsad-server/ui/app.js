// marsad web UI: vanilla ES module, no build step.
//
// Security rules this file keeps (article text is untrusted):
// - document data only ever reaches the page through textContent, text nodes
//   and setAttribute on safe attributes; never innerHTML or HTML strings;
// - links built from data are either '#/…' routes or http(s) URLs checked
//   with the URL parser;
// - no inline styles in markup (CSP style-src 'self'); colours are set
//   through the CSSOM (el.style.x) or SVG presentation attributes.

const PLOVER_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];

const TYPE_COLOURS = {
  AGREE: '#1b9e77', CONSULT: '#66a61e', SUPPORT: '#2ca25f', CONCEDE: '#a6c94f',
  COOPERATE: '#1f78b4', AID: '#3aa6cf', RETREAT: '#8da0cb', REQUEST: '#7570b3',
  ACCUSE: '#d4a100', REJECT: '#c98b45', THREATEN: '#e7298a', PROTEST: '#f46d43',
  SANCTION: '#8c6d1f', MOBILIZE: '#b15928', COERCE: '#e31a1c', ASSAULT: '#8b0010',
};
const OTHER_COLOUR = '#777777';

// Highlight kinds, outermost (lowest priority) first. When two spans cross,
// the one with the higher priority is kept; identical ranges nest with the
// higher priority innermost.
const KINDS = ['claim', 'entity', 'quantity', 'date', 'actor', 'place', 'event'];
const PRIORITY = Object.fromEntries(KINDS.map((k, i) => [k, i + 1]));

const I18N = {
  en: {
    'nav.search': 'Search', 'nav.map': 'Map', 'nav.timeline': 'Timeline',
    'lang.other': 'العربية', 'lang.otherCode': 'ar',
    'footer.boundaries': 'Country boundaries: Natural Earth (public domain)',
    'stats': '{documents} documents · {events} events · {actors} actors · {places} places · {claims} claims · {duplicates} near-duplicates',
    'loading': 'Loading…',
    'search.title': 'Search', 'search.placeholder': 'Search the articles (Arabic words, e.g. حلب)',
    'search.submit': 'Search', 'search.filters': 'Filters',
    'f.q': 'Words', 'f.from': 'From', 'f.to': 'To', 'f.type': 'Event type', 'f.anyType': 'Any type',
    'f.actor': 'Actor id', 'f.place': 'Place id', 'f.radius': 'Radius (km)', 'f.source': 'Source',
    'f.interval': 'Interval', 'f.month': 'Month', 'f.day': 'Day', 'f.apply': 'Apply', 'f.reset': 'Clear',
    'results.count': '{n} documents', 'results.newest': 'Newest documents ({n})',
    'results.none': 'No document matches.',
    'hit.events': '{n} events', 'hit.duplicate': 'Near-duplicate of', 'hit.score': 'score {n}',
    'pager.prev': '‹ Previous', 'pager.next': 'Next ›', 'pager.info': 'Page {p} of {n}',
    'links.onMap': 'Show on the map', 'links.onTimeline': 'Show on the timeline',
    'doc.author': 'Author', 'doc.published': 'Published', 'doc.outlet': 'Outlet', 'doc.url': 'URL',
    'doc.source': 'Source', 'doc.reader': 'Reader', 'doc.views': 'Views', 'doc.sources': 'Cited sources',
    'doc.id': 'Document id', 'doc.layers': 'Highlight:', 'doc.events': 'Events', 'doc.claims': 'Claims',
    'doc.duplicates': 'Near-duplicates', 'doc.contradictions': 'Contradictions', 'doc.places': 'Places',
    'doc.untitled': '(untitled)', 'doc.showInText': 'show in text', 'doc.noEvents': 'No events.',
    'doc.noClaims': 'No claims.', 'doc.noPlaces': 'No place with coordinates.',
    'kind.entity': 'Entity', 'kind.place': 'Place', 'kind.actor': 'Actor', 'kind.date': 'Date',
    'kind.quantity': 'Quantity', 'kind.event': 'Event', 'kind.claim': 'Claim',
    'detail.title': 'Details', 'detail.empty': 'Hover over or click a highlighted span to see what marsad read there.',
    'detail.pinned': 'Pinned — release', 'detail.notFound': 'No record {id}.',
    'fld.id': 'Id', 'fld.name': 'Name', 'fld.name_en': 'English name', 'fld.latlon': 'Lat, lon',
    'fld.place_type': 'Place type', 'fld.precision': 'Precision', 'fld.country': 'Country',
    'fld.admin': 'Within', 'fld.resolved': 'Resolved', 'fld.kb': 'Knowledge-base id', 'fld.kind': 'Kind',
    'fld.category': 'Category', 'fld.wikidata': 'Wikidata', 'fld.value': 'Value', 'fld.text': 'Text',
    'fld.label': 'Label', 'fld.confidence': 'Confidence', 'fld.unit': 'Unit', 'fld.range': 'Range',
    'fld.approximate': 'Approximate', 'fld.anchor': 'Anchor', 'fld.relative': 'Relative to',
    'fld.flags': 'Flags', 'fld.type': 'Type', 'fld.mode': 'Mode', 'fld.trigger': 'Trigger',
    'fld.actors': 'Actors', 'fld.recipients': 'Recipients', 'fld.participants': 'Participants',
    'fld.location': 'Location', 'fld.origin': 'Origin', 'fld.destination': 'Destination',
    'fld.date': 'Date', 'fld.quantities': 'Quantities', 'fld.polarity': 'Polarity',
    'fld.modality': 'Modality', 'fld.claim': 'Claim', 'fld.source': 'Source',
    'fld.source_kind': 'Source kind', 'fld.certainty': 'Certainty', 'fld.speaker': 'Speaker',
    'fld.verb': 'Verb', 'fld.events': 'Events', 'fld.sentence': 'Sentence', 'fld.aliases': 'Aliases',
    'fld.documents': 'Documents', 'fld.similarity': 'Similarity', 'fld.document': 'Document',
    'fld.mention': 'Mention', 'fld.roles': 'Roles',
    'val.assumedDate': 'publication date (assumed): {d}', 'val.yes': 'yes', 'val.no': 'no',
    'val.article': 'the article itself', 'val.searchPlace': 'Documents at this place',
    'val.actorPage': 'Actor page', 'val.unresolved': 'unresolved',
    'map.title': 'Map', 'map.count': '{e} events, {p} places', 'map.open': 'Open the document',
    'map.place': 'Place', 'map.event': 'Event', 'map.documents': '{n} documents',
    'timeline.title': 'Events over time', 'timeline.empty': 'No event matches.',
    'timeline.total': '{n} events in {b} periods',
    'actor.events': 'Events', 'actor.co': 'Acts with', 'actor.timeline': 'Events over time',
    'actor.noEvents': 'No events.', 'actor.noCo': 'Nobody yet.',
    'auth.title': 'Access token required',
    'auth.help': 'This server asks for an access token. It is kept for this browser tab only.',
    'auth.label': 'Access token', 'auth.submit': 'Continue', 'auth.rejected': 'That token was rejected.',
    'auth.invalid': 'A token is printable ASCII without spaces.', 'auth.clear': 'Forget token',
    'error.generic': 'Something went wrong: {m}', 'error.notFound': 'Not found: {m}',
    'error.route': 'There is no page at this address.',
  },
  ar: {
    'nav.search': 'بحث', 'nav.map': 'الخريطة', 'nav.timeline': 'الخط الزمني',
    'lang.other': 'English', 'lang.otherCode': 'en',
    'footer.boundaries': 'حدود الدول: Natural Earth (ملكية عامة)',
    'stats': '{documents} مستند · {events} حدث · {actors} فاعل · {places} مكان · {claims} ادعاء · {duplicates} شبه مكرر',
    'loading': 'جارٍ التحميل…',
    'search.title': 'بحث', 'search.placeholder': 'ابحث في المقالات (مثلاً: حلب)',
    'search.submit': 'بحث', 'search.filters': 'عوامل التصفية',
    'f.q': 'الكلمات', 'f.from': 'من', 'f.to': 'إلى', 'f.type': 'نوع الحدث', 'f.anyType': 'أي نوع',
    'f.actor': 'معرّف الفاعل', 'f.place': 'معرّف المكان', 'f.radius': 'نصف القطر (كم)', 'f.source': 'المصدر',
    'f.interval': 'الفاصل', 'f.month': 'شهر', 'f.day': 'يوم', 'f.apply': 'تطبيق', 'f.reset': 'مسح',
    'results.count': '{n} مستند', 'results.newest': 'أحدث المستندات ({n})',
    'results.none': 'لا يوجد مستند مطابق.',
    'hit.events': '{n} أحداث', 'hit.duplicate': 'شبه مكرر لـ', 'hit.score': 'الدرجة {n}',
    'pager.prev': '› السابق', 'pager.next': 'التالي ‹', 'pager.info': 'الصفحة {p} من {n}',
    'links.onMap': 'عرض على الخريطة', 'links.onTimeline': 'عرض على الخط الزمني',
    'doc.author': 'الكاتب', 'doc.published': 'تاريخ النشر', 'doc.outlet': 'الوسيلة', 'doc.url': 'الرابط',
    'doc.source': 'المصدر', 'doc.reader': 'القارئ', 'doc.views': 'المشاهدات', 'doc.sources': 'المصادر المذكورة',
    'doc.id': 'معرّف المستند', 'doc.layers': 'التظليل:', 'doc.events': 'الأحداث', 'doc.claims': 'الادعاءات',
    'doc.duplicates': 'مستندات شبه مكررة', 'doc.contradictions': 'تناقضات', 'doc.places': 'الأماكن',
    'doc.untitled': '(بلا عنوان)', 'doc.showInText': 'إظهار في النص', 'doc.noEvents': 'لا أحداث.',
    'doc.noClaims': 'لا ادعاءات.', 'doc.noPlaces': 'لا مكان بإحداثيات.',
    'kind.entity': 'كيان', 'kind.place': 'مكان', 'kind.actor': 'فاعل', 'kind.date': 'تاريخ',
    'kind.quantity': 'كمية', 'kind.event': 'حدث', 'kind.claim': 'ادعاء',
    'detail.title': 'التفاصيل', 'detail.empty': 'مرّر المؤشر فوق جزء مظلل أو انقر عليه لترى ما استخرجه مرصد.',
    'detail.pinned': 'مثبّت — إلغاء التثبيت', 'detail.notFound': 'لا يوجد سجل {id}.',
    'fld.id': 'المعرّف', 'fld.name': 'الاسم', 'fld.name_en': 'الاسم بالإنجليزية', 'fld.latlon': 'العرض، الطول',
    'fld.place_type': 'نوع المكان', 'fld.precision': 'الدقة', 'fld.country': 'البلد',
    'fld.admin': 'ضمن', 'fld.resolved': 'محدد', 'fld.kb': 'معرّف قاعدة المعرفة', 'fld.kind': 'النوع',
    'fld.category': 'الفئة', 'fld.wikidata': 'ويكي بيانات', 'fld.value': 'القيمة', 'fld.text': 'النص',
    'fld.label': 'التصنيف', 'fld.confidence': 'الثقة', 'fld.unit': 'الوحدة', 'fld.range': 'النطاق',
    'fld.approximate': 'تقريبي', 'fld.anchor': 'المرجع', 'fld.relative': 'نسبةً إلى',
    'fld.flags': 'علامات', 'fld.type': 'النوع', 'fld.mode': 'الأسلوب', 'fld.trigger': 'الكلمة الدالة',
    'fld.actors': 'الفاعلون', 'fld.recipients': 'المستهدفون', 'fld.participants': 'المشاركون',
    'fld.location': 'الموقع', 'fld.origin': 'المنشأ', 'fld.destination': 'الوجهة',
    'fld.date': 'التاريخ', 'fld.quantities': 'الكميات', 'fld.polarity': 'القطبية',
    'fld.modality': 'الصيغة', 'fld.claim': 'الادعاء', 'fld.source': 'المصدر',
    'fld.source_kind': 'نوع المصدر', 'fld.certainty': 'درجة اليقين', 'fld.speaker': 'المتحدث',
    'fld.verb': 'الفعل', 'fld.events': 'الأحداث', 'fld.sentence': 'الجملة', 'fld.aliases': 'أسماء أخرى',
    'fld.documents': 'المستندات', 'fld.similarity': 'التشابه', 'fld.document': 'المستند',
    'fld.mention': 'الذكر', 'fld.roles': 'الأدوار',
    'val.assumedDate': 'تاريخ النشر (مفترض): {d}', 'val.yes': 'نعم', 'val.no': 'لا',
    'val.article': 'المقال نفسه', 'val.searchPlace': 'مستندات في هذا المكان',
    'val.actorPage': 'صفحة الفاعل', 'val.unresolved': 'غير محدد',
    'map.title': 'الخريطة', 'map.count': '{e} حدث، {p} مكان', 'map.open': 'فتح المستند',
    'map.place': 'مكان', 'map.event': 'حدث', 'map.documents': '{n} مستند',
    'timeline.title': 'الأحداث عبر الزمن', 'timeline.empty': 'لا حدث مطابق.',
    'timeline.total': '{n} حدث في {b} فترة',
    'actor.events': 'الأحداث', 'actor.co': 'يشارك مع', 'actor.timeline': 'الأحداث عبر الزمن',
    'actor.noEvents': 'لا أحداث.', 'actor.noCo': 'لا أحد بعد.',
    'auth.title': 'مطلوب رمز وصول',
    'auth.help': 'يطلب هذا الخادم رمز وصول. يُحفظ الرمز لهذا التبويب فقط.',
    'auth.label': 'رمز الوصول', 'auth.submit': 'متابعة', 'auth.rejected': 'رُفض هذا الرمز.',
    'auth.invalid': 'الرمز محارف ASCII مطبوعة بلا مسافات.', 'auth.clear': 'نسيان الرمز',
    'error.generic': 'حدث خطأ: {m}', 'error.notFound': 'غير موجود: {m}',
    'error.route': 'لا توجد صفحة بهذا العنوان.',
  },
};

const TYPE_NAMES = {
  en: {
    AGREE: 'Agree', CONSULT: 'Consult', SUPPORT: 'Support', CONCEDE: 'Concede', COOPERATE: 'Cooperate',
    AID: 'Aid', RETREAT: 'Retreat', REQUEST: 'Request', ACCUSE: 'Accuse', REJECT: 'Reject',
    THREATEN: 'Threaten', PROTEST: 'Protest', SANCTION: 'Sanction', MOBILIZE: 'Mobilize',
    COERCE: 'Coerce', ASSAULT: 'Assault',
  },
  ar: {
    AGREE: 'اتفاق', CONSULT: 'تشاور', SUPPORT: 'دعم', CONCEDE: 'تنازل', COOPERATE: 'تعاون',
    AID: 'مساعدة', RETREAT: 'انسحاب', REQUEST: 'طلب', ACCUSE: 'اتهام', REJECT: 'رفض',
    THREATEN: 'تهديد', PROTEST: 'احتجاج', SANCTION: 'عقوبات', MOBILIZE: 'تعبئة',
    COERCE: 'إكراه', ASSAULT: 'اعتداء',
  },
};

// ---------------------------------------------------------------- state

const LANG_KEY = 'marsad.lang';
const TOKEN_KEY = 'marsad.token';

function storageGet(store, key) {
  try { return window[store].getItem(key); } catch { return null; }
}
function storageSet(store, key, value) {
  try {
    if (value === null) window[store].removeItem(key); else window[store].setItem(key, value);
  } catch { /* storage disabled: keep going without it */ }
}

let lang = storageGet('localStorage', LANG_KEY) === 'ar' ? 'ar' : 'en';
let renderGen = 0;          // bumped on every route change; stale async work checks it
let cleanups = [];          // run before the next route renders (Leaflet maps)

// ---------------------------------------------------------------- helpers

function t(key, vars) {
  let s = I18N[lang][key] ?? I18N.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}
function typeName(type) { return TYPE_NAMES[lang][type] || type; }
function typeColour(type) { return TYPE_COLOURS[type] || OTHER_COLOUR; }

const numberFormat = () => new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en', { maximumFractionDigits: 2 });
function fmtNum(n) { return typeof n === 'number' && Number.isFinite(n) ? numberFormat().format(n) : String(n ?? ''); }

// createElement with attributes and children. Children are nodes or strings
// (strings become text nodes). Never parses HTML.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  appendAll(el, children);
  return el;
}
const SVG_NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  appendAll(el, children);
  return el;
}
function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'style' || /^on/i.test(k)) throw new Error('refusing attribute ' + k);
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}
function appendAll(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false || c === '') continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
function $(sel, root = document) { return root.querySelector(sel); }

// Arabic text from the data: always right-to-left.
function ar(tag, text, attrs = {}) { return h(tag, { dir: 'rtl', lang: 'ar', ...attrs }, text); }
// Text whose script is not known (titles, names that may be Latin).
function auto(tag, text, attrs = {}) { return h(tag, { dir: 'auto', ...attrs }, text); }

function routeHref(name, arg, params) {
  let href = '#/' + name;
  if (arg !== undefined && arg !== null) href += '/' + encodeURIComponent(arg);
  const qs = params ? toQuery(params) : '';
  return qs ? href + '?' + qs : href;
}
function toQuery(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    u.set(k, String(v));
  }
  return u.toString();
}
function pick(params, keys) {
  const out = {};
  for (const k of keys) { const v = params.get(k); if (v !== null && v.trim() !== '') out[k] = v.trim(); }
  return out;
}

function typeBadge(type) {
  const b = h('span', { class: 'type-badge', 'data-type': type, title: typeName(type) }, type || '?');
  b.style.backgroundColor = typeColour(type);
  return b;
}
function swatch(colour) {
  const sw = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  sw.style.backgroundColor = colour;
  return sw;
}

function safeHttpUrl(raw) {
  if (typeof raw !== 'string') return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch { return null; }
}

// ---------------------------------------------------------------- API

class AuthError extends Error {}
class HttpError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function authHeaders() {
  const headers = { Accept: 'application/json' };
  const token = storageGet('sessionStorage', TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  return headers;
}

async function api(path, params) {
  const qs = params ? toQuery(params) : '';
  const res = await fetch(path + (qs ? '?' + qs : ''), { headers: authHeaders(), credentials: 'same-origin' });
  if (res.status === 401) throw new AuthError('unauthorized');
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) {
    const msg = body && typeof body.error === 'string' ? body.error : res.status + ' ' + res.statusText;
    throw new HttpError(res.status, msg);
  }
  return body;
}

let worldPromise = null;
function loadWorld() {
  if (!worldPromise) {
    worldPromise = fetch('world.geojson', { headers: authHeaders(), credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
    worldPromise.then((w) => { if (!w) worldPromise = null; });
  }
  return worldPromise;
}

let optionCache = {};
function loadOptions(path) {
  if (!optionCache[path]) {
    optionCache[path] = api(path, { per_page: 100 }).then((r) => (r && r.items) || []).catch(() => {
      delete optionCache[path];
      return [];
    });
  }
  return optionCache[path];
}

// ---------------------------------------------------------------- text and spans

// Code points of a string: spans are code-point offsets, JS strings UTF-16.
function codePoints(text) { return Array.from(typeof text === 'string' ? text : ''); }

function collectSpans(doc) {
  const spans = [];
  const add = (kind, id, start, end, extra) => spans.push({ kind, id: String(id ?? ''), start, end, ...extra });
  for (const e of doc.entities || []) add('entity', e.id, e.start, e.end, { label: e.label });
  for (const a of doc.actors || []) for (const m of a.mentions || []) add('actor', a.id, m.start, m.end);
  for (const p of doc.places || []) for (const m of p.mentions || []) add('place', p.id, m.start, m.end);
  for (const d of doc.dates || []) add('date', d.id, d.start, d.end);
  for (const q of doc.quantities || []) add('quantity', q.id, q.start, q.end);
  for (const v of doc.events || []) add('event', v.id, v.start, v.end, { type: v.type });
  for (const c of doc.claims || []) add('claim', c.id, c.start, c.end);
  return spans;
}

// Keeps a laminar (properly nested) subset of the spans: a span that crosses
// a kept span of higher priority is dropped from the text (its record is
// still listed below the article). Returns a tree rooted at [0, n).
function spanTree(spans, n) {
  const seen = new Set();
  const valid = spans.filter((sp) => {
    if (!Number.isInteger(sp.start) || !Number.isInteger(sp.end)) return false;
    if (sp.start < 0 || sp.end > n || sp.start >= sp.end) return false;
    const key = sp.kind + '\u0000' + sp.id + '\u0000' + sp.start + '\u0000' + sp.end;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  valid.sort((a, b) => PRIORITY[b.kind] - PRIORITY[a.kind] || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const kept = [];
  const crosses = (a, b) => (a.start < b.start && b.start < a.end && a.end < b.end)
    || (b.start < a.start && a.start < b.end && b.end < a.end);
  for (const sp of valid) if (!kept.some((k) => crosses(k, sp))) kept.push(sp);
  kept.sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY[a.kind] - PRIORITY[b.kind]);
  const root = { start: 0, end: n, children: [] };
  const stack = [root];
  for (const sp of kept) {
    const node = { ...sp, children: [] };
    while (stack.length > 1) {
      const top = stack[stack.length - 1];
      if (top.start <= node.start && node.end <= top.end) break;
      stack.pop();
    }
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  }
  return root;
}

function renderSpanTree(node, cps, parent) {
  let pos = node.start;
  for (const child of node.children) {
    if (child.start > pos) parent.append(document.createTextNode(cps.slice(pos, child.start).join('')));
    const el = h('span', {
      class: ['hl', 'hl-' + child.kind],
      'data-kind': child.kind,
      'data-id': child.id,
      'data-type': child.type,
      'data-label': child.label,
      'data-start': child.start,
      'data-end': child.end,
      tabindex: child.kind === 'claim' ? null : '0',
    });
    if (child.kind === 'event') el.style.setProperty('--type-colour', typeColour(child.type));
    renderSpanTree(child, cps, el);
    parent.append(el);
    pos = child.end;
  }
  if (node.end > pos) parent.append(document.createTextNode(cps.slice(pos, node.end).join('')));
}

// <mark> the (code-point) ranges of a snippet.
function highlightedSnippet(snippet) {
  const p = ar('p', null, { class: 'snippet' });
  if (!snippet || typeof snippet.text !== 'string') return p;
  const cps = codePoints(snippet.text);
  const ranges = (Array.isArray(snippet.highlights) ? snippet.highlights : [])
    .filter((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]))
    .map(([a, b]) => [Math.max(0, a), Math.min(cps.length, b)])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push([r[0], r[1]]);
  }
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) p.append(document.createTextNode(cps.slice(pos, a).join('')));
    p.append(h('mark', null, cps.slice(a, b).join('')));
    pos = b;
  }
  if (pos < cps.length) p.append(document.createTextNode(cps.slice(pos).join('')));
  return p;
}

// ---------------------------------------------------------------- shared widgets

function field(labelKey, ...value) {
  const v = value.flat(Infinity).filter((x) => x !== null && x !== undefined && x !== '');
  if (!v.length) return null;
  return [h('dt', null, t(labelKey)), h('dd', null, ...v)];
}
function dl(cls, ...rows) { return h('dl', { class: ['fields', cls] }, ...rows.filter(Boolean)); }

function typeSelect(id, name, value) {
  const sel = h('select', { id, name },
    h('option', { value: '' }, t('f.anyType')),
    PLOVER_TYPES.map((ty) => h('option', { value: ty, selected: ty === value }, ty + ' — ' + typeName(ty))));
  return sel;
}

function labelled(labelKey, input) {
  return h('label', { class: 'filter' }, h('span', { class: 'filter-label' }, t(labelKey)), input);
}

function pager(total, page, perPage, hrefFor) {
  const pages = Math.max(1, Math.ceil((Number(total) || 0) / (Number(perPage) || 20)));
  if (pages <= 1) return null;
  return h('nav', { class: 'pager', 'aria-label': 'pages' },
    page > 1 ? h('a', { class: 'pager-prev', href: hrefFor(page - 1) }, t('pager.prev')) : h('span', { class: 'pager-prev disabled' }, t('pager.prev')),
    h('span', { class: 'pager-info' }, t('pager.info', { p: page, n: pages })),
    page < pages ? h('a', { class: 'pager-next', href: hrefFor(page + 1) }, t('pager.next')) : h('span', { class: 'pager-next disabled' }, t('pager.next')));
}

function actorLink(a) {
  if (!a) return null;
  const name = a.name || a.name_en || a.id;
  return a.id ? h('a', { class: 'actor-link', href: routeHref('actor', a.id), dir: 'auto' }, name) : auto('span', name);
}
function joinNodes(nodes, sep = '، ') {
  const out = [];
  nodes.filter(Boolean).forEach((n, i) => { if (i) out.push(sep); out.push(n); });
  return out;
}

// Periods between the first and last bucket, so that gaps show as gaps.
function fillPeriods(periods, interval) {
  const sorted = [...new Set(periods)].sort();
  if (sorted.length < 2) return sorted;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const out = [];
  if (interval === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(first) && /^\d{4}-\d{2}-\d{2}$/.test(last)) {
    const d = new Date(first + 'T00:00:00Z');
    const end = new Date(last + 'T00:00:00Z');
    while (d <= end && out.length <= 1000) { out.push(d.toISOString().slice(0, 10)); d.setUTCDate(d.getUTCDate() + 1); }
  } else if (/^\d{4}-\d{2}$/.test(first) && /^\d{4}-\d{2}$/.test(last)) {
    let [y, m] = first.split('-').map(Number);
    const [ly, lm] = last.split('-').map(Number);
    while ((y < ly || (y === ly && m <= lm)) && out.length <= 1000) {
      out.push(y + '-' + String(m).padStart(2, '0'));
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
  }
  if (!out.length || out.length > 1000) return sorted;
  for (const p of sorted) if (!out.includes(p)) out.push(p);
  return out.sort();
}

function periodRange(period) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return { from: period, to: period };
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return { from: period + '-01', to: period + '-' + String(last).padStart(2, '0') };
  }
  if (/^\d{4}$/.test(period)) return { from: period + '-01-01', to: period + '-12-31' };
  return {};
}

function niceStep(max, ticks) {
  const raw = Math.max(1, max / ticks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 2, 5, 10]) if (f * mag >= raw) return Math.max(1, f * mag);
  return Math.ceil(raw);
}

// Stacked bar chart, drawn by hand in SVG. buckets: [{period, counts:{TYPE:n}}].
function stackedBars(buckets, { interval = 'month', height = 280, width = 900, linkParams = {} } = {}) {
  const byPeriod = new Map(buckets.map((b) => [String(b.period), b.counts || {}]));
  const periods = fillPeriods([...byPeriod.keys()], interval);
  const present = new Set();
  for (const c of byPeriod.values()) for (const [ty, n] of Object.entries(c)) if (n > 0) present.add(ty);
  const types = [...PLOVER_TYPES.filter((x) => present.has(x)), ...[...present].filter((x) => !PLOVER_TYPES.includes(x)).sort()];
  const totals = periods.map((p) => Object.values(byPeriod.get(p) || {}).reduce((a, n) => a + (Number(n) || 0), 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max, 4);
  const top = Math.ceil(max / step) * step;
  const m = { l: 40, r: 12, t: 12, b: 34 };
  const W = Math.max(width, m.l + m.r + periods.length * 6);
  const plotW = W - m.l - m.r;
  const plotH = height - m.t - m.b;
  const band = plotW / Math.max(1, periods.length);
  const barW = Math.max(2, Math.min(48, band * 0.8));
  const y = (v) => m.t + plotH - (v / top) * plotH;

  const svgEl = s('svg', {
    class: 'chart', width: W, height, viewBox: `0 0 ${W} ${height}`, role: 'img',
    'aria-label': t('timeline.title'), direction: 'ltr',
  });
  const grid = s('g', { class: 'grid' });
  for (let v = 0; v <= top; v += step) {
    grid.append(s('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }));
    grid.append(s('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmtNum(v)));
  }
  svgEl.append(grid);

  const labelEvery = Math.max(1, Math.ceil(periods.length / Math.max(1, Math.floor(plotW / 64))));
  const bars = s('g', { class: 'bars' });
  const labels = s('g', { class: 'x-labels' });
  periods.forEach((p, i) => {
    const x = m.l + i * band + (band - barW) / 2;
    let acc = 0;
    const counts = byPeriod.get(p) || {};
    for (const ty of types) {
      const n = Number(counts[ty]) || 0;
      if (n <= 0) continue;
      const rect = s('rect', {
        class: 'bar', 'data-type': ty, 'data-period': p, 'data-count': n,
        x: x.toFixed(2), y: y(acc + n).toFixed(2), width: barW.toFixed(2),
        height: Math.max(0.5, y(acc) - y(acc + n)).toFixed(2), fill: typeColour(ty),
      }, s('title', null, `${p} · ${ty} (${typeName(ty)}): ${n}`));
      const href = routeHref('search', null, { ...linkParams, type: ty, ...periodRange(p) });
      bars.append(s('a', { href, class: 'bar-link' }, rect));
      acc += n;
    }
    if (i % labelEvery === 0) {
      labels.append(s('text', { x: (m.l + i * band + band / 2).toFixed(2), y: height - m.b + 16, 'text-anchor': 'middle' }, p));
    }
  });
  svgEl.append(bars, labels);
  svgEl.append(s('line', { class: 'axis', x1: m.l, x2: W - m.r, y1: y(0), y2: y(0) }));

  const legend = h('ul', { class: 'legend' },
    types.map((ty) => h('li', { 'data-type': ty }, swatch(typeColour(ty)), h('span', null, ty + ' — ' + typeName(ty)))));
  const total = totals.reduce((a, n) => a + n, 0);
  return { svg: svgEl, legend, total, periods: periods.length };
}

// ---------------------------------------------------------------- Leaflet

function baseMap(el, world, { zoom = 3, center = [30, 40] } = {}) {
  const L = window.L;
  const map = L.map(el, { attributionControl: false, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, worldCopyJump: false });
  if (world) {
    L.geoJSON(world, {
      interactive: false,
      style: { color: '#b4b8bd', weight: 0.7, fillColor: '#e6e7e9', fillOpacity: 1 },
    }).addTo(map);
  }
  map.setView(center, zoom, { animate: false });
  cleanups.push(() => { map.stop(); map.off(); map.remove(); });
  return map;
}

function fitTo(map, latlngs, maxZoom) {
  if (!latlngs.length) return;
  if (latlngs.length === 1) { map.setView(latlngs[0], Math.min(maxZoom, 7), { animate: false }); return; }
  map.fitBounds(window.L.latLngBounds(latlngs).pad(0.25), { maxZoom, animate: false });
}

function validLatLon(lat, lon) {
  return typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon)
    && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

function placeMarker(lat, lon) {
  return window.L.circleMarker([lat, lon], {
    className: 'marker-place', radius: 7, color: '#2b2f36', weight: 2, fillColor: '#ffffff', fillOpacity: 0.7,
  });
}
function eventMarker(lat, lon, type) {
  const c = typeColour(type);
  return window.L.circleMarker([lat, lon], {
    className: 'marker-event marker-type-' + String(type || 'other').replace(/[^A-Za-z0-9_-]/g, ''),
    radius: 6, color: '#ffffff', weight: 1, fillColor: c, fillOpacity: 0.9,
  });
}

// ---------------------------------------------------------------- rendering frame

function setView(route) {
  const view = $('#view');
  clear(view);
  view.dataset.route = route;
  view.dataset.state = 'loading';
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.route === route) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  return view;
}
function ready(view) { view.dataset.state = 'ready'; }

function showError(err) {
  const view = $('#view');
  clear(view);
  view.dataset.state = 'error';
  const msg = err instanceof HttpError && err.status === 404 ? t('error.notFound', { m: err.message })
    : t('error.generic', { m: err && err.message ? err.message : String(err) });
  view.append(h('div', { class: 'error', role: 'alert', id: 'error', 'data-status': err && err.status }, msg));
}

function showTokenForm(rejected) {
  const view = setView('auth');
  const input = h('input', { id: 'token-input', name: 'token', type: 'password', autocomplete: 'off', required: true, dir: 'ltr', spellcheck: 'false' });
  const msg = h('p', { class: 'form-error', id: 'token-error', role: 'alert' }, rejected ? t('auth.rejected') : '');
  const form = h('form', { id: 'token-form', class: 'token-form' },
    h('h1', null, t('auth.title')),
    h('p', null, t('auth.help')),
    labelled('auth.label', input),
    msg,
    h('button', { type: 'submit', id: 'token-submit' }, t('auth.submit')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const token = input.value.trim();
    if (!/^[\x21-\x7e]+$/.test(token)) { msg.textContent = t('auth.invalid'); return; }
    storageSet('sessionStorage', TOKEN_KEY, token);
    updateTokenButton();
    optionCache = {};
    loadStats();
    route();
  });
  view.append(form);
  view.dataset.state = 'auth';
  input.focus();
}

function updateTokenButton() {
  $('#token-clear').hidden = !storageGet('sessionStorage', TOKEN_KEY);
}

// ---------------------------------------------------------------- search page

const SEARCH_KEYS = ['q', 'from', 'to', 'type', 'actor', 'place', 'lat', 'lon', 'radius_km', 'source'];

function filterForm(id, params, keys, { withQuery = true, submitKey = 'f.apply', extra = [] } = {}) {
  const inputs = {};
  const mk = (k, attrs) => { inputs[k] = h('input', { name: k, value: params.get(k) || '', ...attrs }); return inputs[k]; };
  const rows = [];
  if (keys.includes('from')) rows.push(labelled('f.from', mk('from', { type: 'date', id: id + '-from' })));
  if (keys.includes('to')) rows.push(labelled('f.to', mk('to', { type: 'date', id: id + '-to' })));
  if (keys.includes('type')) { inputs.type = typeSelect(id + '-type', 'type', params.get('type') || ''); rows.push(labelled('f.type', inputs.type)); }
  if (keys.includes('actor')) rows.push(labelled('f.actor', mk('actor', { id: id + '-actor', list: 'actor-options', dir: 'ltr', autocomplete: 'off' })));
  if (keys.includes('place')) rows.push(labelled('f.place', mk('place', { id: id + '-place', list: 'place-options', dir: 'ltr', autocomplete: 'off' })));
  if (keys.includes('radius_km')) rows.push(labelled('f.radius', mk('radius_km', { type: 'number', min: '0', step: 'any', id: id + '-radius' })));
  if (keys.includes('source')) rows.push(labelled('f.source', mk('source', { id: id + '-source', dir: 'auto' })));
  for (const e of extra) { inputs[e.key] = e.input; rows.push(labelled(e.label, e.input)); }
  const form = h('form', { id, class: 'filter-form', role: 'search' });
  if (withQuery) {
    inputs.q = h('input', {
      id: id === 'search-form' ? 'search-input' : id + '-q', name: 'q', type: 'search', value: params.get('q') || '',
      placeholder: t('search.placeholder'), dir: 'auto', autocomplete: 'off', 'aria-label': t('f.q'),
    });
    form.append(h('div', { class: 'query-row' }, inputs.q, h('button', { type: 'submit', class: 'primary' }, t(submitKey))));
  }
  const hidden = ['lat', 'lon'].filter((k) => keys.includes(k) && params.get(k));
  for (const k of hidden) { inputs[k] = h('input', { type: 'hidden', name: k, value: params.get(k) }); form.append(inputs[k]); }
  const filters = h('div', { class: 'filters' }, rows,
    withQuery ? null : h('button', { type: 'submit', class: 'primary' }, t(submitKey)),
    h('a', { class: 'reset', href: '#/' + id.replace(/-form$/, '') }, t('f.reset')));
  const anySet = keys.some((k) => k !== 'q' && params.get(k));
  if (withQuery) form.append(h('details', { class: 'filter-box', open: anySet }, h('summary', null, t('search.filters')), filters));
  else form.append(filters);
  form.append(h('datalist', { id: 'actor-options' }), h('datalist', { id: 'place-options' }));
  return { form, inputs };
}

function fillDatalists(form) {
  if (form.querySelector('[list="actor-options"]')) {
    loadOptions('api/actors').then((items) => {
      const dlEl = form.querySelector('#actor-options');
      if (!dlEl) return;
      for (const a of items) dlEl.append(h('option', { value: a.id }, [a.name, a.name_en].filter(Boolean).join(' — ')));
    });
  }
  if (form.querySelector('[list="place-options"]')) {
    loadOptions('api/places').then((items) => {
      const dlEl = form.querySelector('#place-options');
      if (!dlEl) return;
      for (const p of items) dlEl.append(h('option', { value: p.id }, [p.name, p.name_en].filter(Boolean).join(' — ')));
    });
  }
}

function formToHash(routeName, form, inputs) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const params = {};
    for (const [k, el] of Object.entries(inputs)) if (el.value.trim()) params[k] = el.value.trim();
    const href = routeHref(routeName, null, params);
    if (location.hash === href) route(); else location.hash = href;
  });
}

async function renderSearch(params, gen) {
  const hadFocus = document.activeElement && document.activeElement.id === 'search-input';
  const view = setView('search');
  const { form, inputs } = filterForm('search-form', params, SEARCH_KEYS, { submitKey: 'search.submit' });
  formToHash('search', form, inputs);
  const q = (params.get('q') || '').trim();
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  const results = h('section', { id: 'results', 'data-state': 'loading', 'data-q': q, 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('loading')));
  const mapParams = pick(params, ['q', 'type', 'from', 'to', 'actor']);
  view.append(h('h1', { class: 'visually-hidden' }, t('search.title')), form,
    h('p', { class: 'cross-links' },
      h('a', { href: routeHref('map', null, mapParams), id: 'search-to-map' }, t('links.onMap')), ' · ',
      h('a', { href: routeHref('timeline', null, pick(params, ['q', 'type', 'from', 'to', 'actor', 'place'])), id: 'search-to-timeline' }, t('links.onTimeline'))),
    results);
  if (hadFocus) inputs.q.focus();
  fillDatalists(form);

  const apiParams = { ...pick(params, [...SEARCH_KEYS, 'per_page']), page };
  const res = await api('api/search', apiParams);
  if (gen !== renderGen) return;
  clear(results);
  const hits = Array.isArray(res.hits) ? res.hits : [];
  results.append(h('p', { id: 'results-total', class: 'results-total', 'data-total': res.total },
    q ? t('results.count', { n: fmtNum(res.total) }) : t('results.newest', { n: fmtNum(res.total) })));
  if (!hits.length) results.append(h('p', { class: 'empty' }, t('results.none')));
  const list = h('ol', { class: 'hits', start: ((res.page || page) - 1) * (res.per_page || 20) + 1 });
  for (const hit of hits) list.append(renderHit(hit));
  results.append(list);
  const base = pick(params, [...SEARCH_KEYS, 'per_page']);
  const pg = pager(res.total, res.page || page, res.per_page || 20, (p) => routeHref('search', null, { ...base, page: p }));
  if (pg) results.append(pg);
  results.dataset.state = 'ready';
  ready(view);
}

function renderHit(hit) {
  const id = String(hit.id ?? '');
  const title = hit.title || hit.source || id;
  const meta = h('p', { class: 'hit-meta' },
    joinNodes([
      hit.published ? h('time', { class: 'hit-date', datetime: hit.published }, hit.published) : null,
      hit.outlet ? auto('span', hit.outlet, { class: 'hit-outlet' }) : null,
      hit.source ? h('span', { class: 'hit-source', dir: 'ltr' }, hit.source) : null,
      typeof hit.events === 'number' ? h('span', { class: 'hit-events', 'data-events': hit.events }, t('hit.events', { n: fmtNum(hit.events) })) : null,
      typeof hit.score === 'number' ? h('span', { class: 'hit-score' }, t('hit.score', { n: fmtNum(hit.score) })) : null,
    ], ' · '));
  let dup = null;
  if (hit.duplicate_of) {
    const d = typeof hit.duplicate_of === 'object' ? hit.duplicate_of : { id: hit.duplicate_of };
    dup = h('p', { class: 'hit-duplicate', 'data-duplicate-of': d.id },
      t('hit.duplicate'), ' ', h('a', { href: routeHref('doc', d.id), dir: 'auto' }, d.title || String(d.id).slice(0, 12) + '…'));
  }
  return h('li', { class: 'hit', 'data-id': id },
    h('h2', { class: 'hit-heading' }, h('a', { class: 'hit-title', href: routeHref('doc', id), dir: 'auto', lang: 'ar' }, title)),
    meta, highlightedSnippet(hit.snippet), dup);
}

// ---------------------------------------------------------------- article page

function docIndex(doc) {
  const ix = {};
  for (const k of ['entities', 'actors', 'places', 'dates', 'quantities', 'events', 'claims', 'sentences']) {
    ix[k] = new Map((doc[k] || []).map((r) => [String(r.id), r]));
  }
  ix.cps = codePoints(doc.text);
  ix.slice = (a, b) => (Number.isInteger(a) && Number.isInteger(b) ? ix.cps.slice(Math.max(0, a), Math.max(0, b)).join('') : '');
  ix.doc = doc;
  return ix;
}
const KIND_TABLE = { entity: 'entities', actor: 'actors', place: 'places', date: 'dates', quantity: 'quantities', event: 'events', claim: 'claims' };

function placeName(p) { return p ? (p.name || p.name_en || p.name_latn || p.id) : null; }
function actorNode(ix, id) {
  const a = ix.actors.get(String(id));
  return a ? actorLink(a) : actorLink({ id, name: id });
}
function placeNode(ix, id) {
  if (!id) return null;
  const p = ix.places.get(String(id));
  if (!p) return auto('span', id);
  const coords = validLatLon(p.lat, p.lon) ? ` (${p.lat.toFixed(3)}, ${p.lon.toFixed(3)})` : '';
  return h('span', null, ar('span', placeName(p)), p.name_en || p.name_latn ? ' — ' + (p.name_en || p.name_latn) : '', coords);
}
function claimSourceNode(ix, c) {
  if (!c) return null;
  if (c.source && ix.actors.has(String(c.source))) return actorNode(ix, c.source);
  if (c.source) return ar('span', c.source);
  return t('val.article');
}
function yesNo(b) { return b === true ? t('val.yes') : b === false ? t('val.no') : null; }

function detailCard(kind, id, ix, mentionText) {
  const rec = ix[KIND_TABLE[kind]] && ix[KIND_TABLE[kind]].get(String(id));
  const head = h('h3', { class: 'detail-head' }, h('span', { class: 'kind-chip', 'data-kind': kind }, t('kind.' + kind)), ' ', h('code', { dir: 'ltr' }, id));
  const card = h('section', { class: 'detail-card', 'data-kind': kind, 'data-id': id }, head);
  if (!rec) { card.append(h('p', null, t('detail.notFound', { id }))); return card; }
  if (kind === 'entity') {
    card.append(dl('', field('fld.text', ar('span', rec.text || ix.slice(rec.start, rec.end))), field('fld.label', rec.label),
      field('fld.confidence', rec.confidence != null ? fmtNum(rec.confidence) : null)));
  } else if (kind === 'place') {
    const coords = validLatLon(rec.lat, rec.lon) ? `${rec.lat.toFixed(4)}, ${rec.lon.toFixed(4)}` : null;
    card.append(dl('',
      field('fld.name', ar('span', rec.name || '', { class: 'place-name' })),
      field('fld.name_en', rec.name_en || rec.name_latn),
      field('fld.mention', mentionText ? ar('span', mentionText) : null),
      field('fld.latlon', coords ? h('span', { dir: 'ltr' }, coords) : null),
      field('fld.place_type', rec.place_type),
      field('fld.precision', rec.precision),
      field('fld.country', rec.country),
      field('fld.admin', Array.isArray(rec.admin) && rec.admin.length ? joinNodes(rec.admin.map((a) => ar('span', a.name || a.id)), ' › ') : null),
      field('fld.resolved', rec.resolved === false ? t('val.unresolved') : yesNo(rec.resolved)),
      field('fld.confidence', rec.confidence != null ? fmtNum(rec.confidence) : null),
      field('fld.id', h('code', { dir: 'ltr' }, rec.id))));
    card.append(h('p', null, h('a', { href: routeHref('search', null, { place: rec.id }) }, t('val.searchPlace'))));
  } else if (kind === 'actor') {
    card.append(dl('',
      field('fld.name', ar('span', rec.name || '', { class: 'actor-name' })),
      field('fld.name_en', rec.name_en || rec.name_latn),
      field('fld.mention', mentionText ? ar('span', mentionText) : null),
      field('fld.kind', rec.kind),
      field('fld.category', rec.category),
      field('fld.country', rec.country),
      field('fld.kb', h('code', { dir: 'ltr' }, rec.id)),
      field('fld.wikidata', rec.wikidata)));
    card.append(h('p', null, h('a', { href: routeHref('actor', rec.id) }, t('val.actorPage'))));
  } else if (kind === 'date') {
    card.append(dl('',
      field('fld.text', ar('span', rec.text || ix.slice(rec.start, rec.end))),
      field('fld.value', h('span', { dir: 'ltr', class: 'date-value' }, rec.value)),
      field('fld.precision', rec.precision),
      field('fld.anchor', rec.anchor),
      field('fld.relative', rec.relative),
      field('fld.flags', Array.isArray(rec.flags) && rec.flags.length ? rec.flags.join(', ') : null)));
  } else if (kind === 'quantity') {
    const range = rec.range && (rec.range.min != null || rec.range.max != null) ? `${fmtNum(rec.range.min)}–${fmtNum(rec.range.max)}` : null;
    card.append(dl('',
      field('fld.text', ar('span', rec.text || ix.slice(rec.start, rec.end))),
      field('fld.value', h('span', { class: 'quantity-value' }, fmtNum(rec.value)), rec.unit ? ' ' + rec.unit : ''),
      field('fld.range', range),
      field('fld.unit', rec.unit),
      field('fld.approximate', rec.approximate ? t('val.yes') + (rec.qualifier ? ` (${rec.qualifier})` : '') : yesNo(rec.approximate))));
  } else if (kind === 'event') {
    card.append(eventFields(rec, ix));
  } else if (kind === 'claim') {
    card.append(claimFields(rec, ix));
  }
  return card;
}

function eventFields(ev, ix) {
  const date = ev.date ? ix.dates.get(String(ev.date)) : null;
  const dateNode = date ? h('span', null, h('span', { dir: 'ltr' }, date.value || ''), ' ', ar('span', `(${date.text || ''})`))
    : ev.date_assumed ? t('val.assumedDate', { d: (ix.doc.meta && ix.doc.meta.published) || '?' }) : null;
  const quantities = (ev.quantities || []).map((q) => {
    const rec = ix.quantities.get(String(q.id));
    return h('li', null, h('span', { class: 'role' }, q.role || ''), ': ', fmtNum(q.value ?? (rec && rec.value)), rec && rec.unit ? ' ' + rec.unit : '',
      rec ? [' ', ar('span', `(${rec.text || ''})`)] : null);
  });
  const participants = (ev.participants || []).map((p) => h('li', null, h('span', { class: 'role' }, p.role || ''), ': ', ar('span', p.text || ''),
    p.actor ? [' → ', actorNode(ix, p.actor)] : null));
  const list = (xs) => (Array.isArray(xs) ? xs : xs ? [xs] : []);
  const claim = ev.claim ? ix.claims.get(String(ev.claim)) : null;
  const claimBox = claim ? h('div', { class: 'claim-box' }, h('h4', null, t('fld.claim'), ' ', h('code', { dir: 'ltr' }, claim.id)), claimFields(claim, ix, true)) : null;
  return h('div', null,
    dl('',
      field('fld.type', typeBadge(ev.type), ' ', typeName(ev.type)),
      field('fld.mode', ev.mode),
      field('fld.trigger', ar('span', ev.text || ix.slice(ev.start, ev.end))),
      field('fld.actors', joinNodes(list(ev.actor).map((a) => actorNode(ix, a)))),
      field('fld.recipients', joinNodes(list(ev.recipient).map((a) => actorNode(ix, a)))),
      field('fld.participants', participants.length ? h('ul', { class: 'plain' }, participants) : null),
      field('fld.location', placeNode(ix, ev.location)),
      field('fld.origin', placeNode(ix, ev.origin)),
      field('fld.destination', placeNode(ix, ev.destination)),
      field('fld.date', dateNode),
      field('fld.quantities', quantities.length ? h('ul', { class: 'plain' }, quantities) : null),
      field('fld.polarity', ev.polarity),
      field('fld.modality', ev.modality),
      field('fld.confidence', ev.confidence != null ? fmtNum(ev.confidence) : null)),
    claimBox);
}

function claimFields(c, ix, compact) {
  const evs = (c.events || []).map((id) => {
    const ev = ix.events.get(String(id));
    return ev ? h('li', null, typeBadge(ev.type), ' ', ar('span', ev.text || '')) : h('li', null, id);
  });
  return dl('claim-fields',
    field('fld.source', h('span', { class: 'claim-source' }, claimSourceNode(ix, c))),
    field('fld.source_kind', c.source_kind),
    field('fld.certainty', c.certainty),
    field('fld.speaker', c.speaker && c.speaker.text ? ar('span', c.speaker.text) : null),
    field('fld.verb', c.verb && c.verb.text ? ar('span', c.verb.text) : null),
    field('fld.text', ar('q', ix.slice(c.start, c.end), { class: 'claim-text' })),
    compact ? null : field('fld.events', evs.length ? h('ul', { class: 'plain' }, evs) : null));
}

async function renderDoc(id, gen) {
  const view = setView('doc');
  view.append(h('p', { class: 'muted' }, t('loading')));
  const res = await api('api/documents/' + encodeURIComponent(id));
  if (gen !== renderGen) return;
  clear(view);
  const doc = res && res.document ? res.document : res;
  const ix = docIndex(doc);
  const meta = doc.meta || {};
  const title = meta.title || t('doc.untitled');
  document.title = title + ' — marsad';

  // metadata
  const url = safeHttpUrl(meta.url);
  const src = doc.source || {};
  const metaEl = dl('doc-meta',
    field('doc.author', meta.author ? auto('span', meta.author) : null),
    field('doc.published', meta.published ? h('time', { datetime: meta.published, dir: 'ltr' }, meta.published) : null),
    field('doc.outlet', meta.outlet ? auto('span', meta.outlet) : null),
    field('doc.url', url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', referrerpolicy: 'no-referrer', dir: 'ltr', class: 'doc-url' }, meta.url)
      : meta.url ? h('span', { dir: 'ltr', class: 'doc-url' }, String(meta.url)) : null),
    field('doc.views', meta.views != null ? fmtNum(meta.views) : null),
    field('doc.sources', Array.isArray(meta.sources) && meta.sources.length ? joinNodes(meta.sources.map((x) => ar('span', x))) : null),
    field('doc.source', src.location ? h('span', { dir: 'ltr' }, src.location + (src.record ? ` #${src.record}` : '') + (src.reader ? ` (${src.reader})` : '')) : null),
    field('doc.id', h('code', { dir: 'ltr' }, doc.id)));
  metaEl.id = 'doc-meta';

  // text with highlights
  const textEl = ar('div', null, { id: 'doc-text', class: 'doc-text' });
  renderSpanTree(spanTree(collectSpans(doc), ix.cps.length), ix.cps, textEl);

  // layer toggles
  const counts = {};
  for (const el of textEl.querySelectorAll('.hl')) counts[el.dataset.kind] = (counts[el.dataset.kind] || 0) + 1;
  const layers = h('div', { class: 'layers', id: 'doc-layers' }, h('span', { class: 'layers-label' }, t('doc.layers')),
    [...KINDS].reverse().map((k) => {
      const cb = h('input', { type: 'checkbox', checked: true, 'data-kind': k });
      cb.addEventListener('change', () => textEl.classList.toggle('hide-' + k, !cb.checked));
      return h('label', { class: ['layer-toggle', 'hl-' + k] }, cb, ' ', t('kind.' + k), ` (${counts[k] || 0})`);
    }));

  // detail panel
  const detail = h('aside', { id: 'detail', class: 'detail', 'aria-live': 'polite', 'data-kind': '' });
  let pinned = null;
  const showChain = (chain, pin) => {
    if (pin !== undefined) pinned = pin ? chain : null;
    for (const el of textEl.querySelectorAll('.hl.active')) el.classList.remove('active');
    clear(detail);
    detail.append(h('h2', { class: 'detail-title' }, t('detail.title')));
    if (!chain || !chain.length) {
      detail.dataset.kind = '';
      detail.append(h('p', { class: 'muted' }, t('detail.empty')));
      return;
    }
    if (pinned) {
      const unpin = h('button', { type: 'button', id: 'detail-unpin', class: 'linklike' }, t('detail.pinned'));
      unpin.addEventListener('click', () => showChain(null, false));
      detail.append(unpin);
    }
    detail.dataset.kind = chain[0].kind;
    detail.dataset.id = chain[0].id;
    const shownClaims = new Set(chain.filter((c) => c.kind === 'event').map((c) => {
      const ev = ix.events.get(String(c.id));
      return ev && ev.claim ? String(ev.claim) : null;
    }));
    for (const c of chain) {
      if (c.el) c.el.classList.add('active');
      if (c.kind === 'claim' && shownClaims.has(String(c.id))) continue;
      detail.append(detailCard(c.kind, c.id, ix, c.el ? c.el.textContent : null));
    }
  };
  const chainFrom = (el) => {
    const chain = [];
    for (let n = el; n && n !== textEl; n = n.parentElement) {
      if (n.classList && n.classList.contains('hl')) chain.push({ kind: n.dataset.kind, id: n.dataset.id, el: n });
    }
    return chain;
  };
  textEl.addEventListener('mouseover', (ev) => {
    if (pinned) return;
    const el = ev.target instanceof Element ? ev.target.closest('.hl') : null;
    if (el) showChain(chainFrom(el));
  });
  textEl.addEventListener('click', (ev) => {
    const el = ev.target instanceof Element ? ev.target.closest('.hl') : null;
    if (el) showChain(chainFrom(el), true); else if (pinned) showChain(null, false);
  });
  textEl.addEventListener('focusin', (ev) => {
    const el = ev.target instanceof Element ? ev.target.closest('.hl') : null;
    if (el) showChain(chainFrom(el), true);
  });
  textEl.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') showChain(null, false); });
  showChain(null);

  const focusRecord = (kind, rid) => {
    const el = textEl.querySelector(`.hl[data-kind="${kind}"][data-id="${CSS.escape(String(rid))}"]`);
    if (el) {
      showChain(chainFrom(el), true);
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    } else {
      showChain([{ kind, id: String(rid) }], true);
    }
  };

  // events and claims
  const events = doc.events || [];
  const eventsEl = h('ol', { id: 'doc-events', class: 'record-list' }, events.map((ev) => {
    const btn = h('button', { type: 'button', class: 'linklike' }, t('doc.showInText'));
    btn.addEventListener('click', () => focusRecord('event', ev.id));
    const loc = ev.location ? ix.places.get(String(ev.location)) : null;
    const date = ev.date ? ix.dates.get(String(ev.date)) : null;
    const claim = ev.claim ? ix.claims.get(String(ev.claim)) : null;
    return h('li', { class: 'event-item', 'data-id': ev.id, 'data-type': ev.type },
      typeBadge(ev.type), ev.mode ? h('span', { class: 'mode' }, ev.mode) : null, ' ', ar('strong', ev.text || ''),
      h('span', { class: 'event-bits' },
        joinNodes([
          (ev.actor || []).length ? h('span', null, joinNodes(ev.actor.map((a) => actorNode(ix, a)))) : null,
          (ev.recipient || []).length ? h('span', null, '→ ', joinNodes(ev.recipient.map((a) => actorNode(ix, a)))) : null,
          loc ? ar('span', placeName(loc)) : null,
          date && date.value ? h('span', { dir: 'ltr' }, date.value) : ev.date_assumed && meta.published ? h('span', { dir: 'ltr' }, String(meta.published).slice(0, 10) + '*') : null,
          claim ? h('span', { class: 'event-claim' }, claimSourceNode(ix, claim), claim.certainty ? ` (${claim.certainty})` : '') : null,
        ], ' · ')),
      ' ', btn);
  }));
  const claims = doc.claims || [];
  const claimsEl = h('ol', { id: 'doc-claims', class: 'record-list' }, claims.map((c) => {
    const btn = h('button', { type: 'button', class: 'linklike' }, t('doc.showInText'));
    btn.addEventListener('click', () => focusRecord('claim', c.id));
    return h('li', { class: 'claim-item', 'data-id': c.id },
      h('span', { class: 'claim-meta' }, claimSourceNode(ix, c), ` · ${c.source_kind || ''} · ${c.certainty || ''}`), ' ',
      ar('q', ix.slice(c.start, c.end)), ' ', btn);
  }));

  // near-duplicates and contradictions
  const dups = Array.isArray(res.near_duplicates) ? res.near_duplicates : [];
  const dupEl = dups.length ? h('section', { class: 'doc-section' }, h('h2', null, t('doc.duplicates')),
    h('ul', { id: 'doc-duplicates', class: 'record-list' }, dups.map((d) => h('li', { 'data-id': d.id },
      h('a', { href: routeHref('doc', d.id), dir: 'auto' }, d.title || d.id),
      typeof d.similarity === 'number' ? ` (${t('fld.similarity')} ${fmtNum(d.similarity * 100)}%)` : '')))) : null;
  const contras = Array.isArray(res.contradictions) ? res.contradictions : Array.isArray(doc.contradictions) ? doc.contradictions : [];
  const contraEl = contras.length ? h('section', { class: 'doc-section' }, h('h2', null, t('doc.contradictions')),
    h('ul', { id: 'doc-contradictions', class: 'record-list' }, contras.map((c) => renderContradiction(c, ix)))) : null;

  // places map
  const geoPlaces = (doc.places || []).filter((p) => validLatLon(p.lat, p.lon));
  const mapEl = h('div', { id: 'doc-map', class: 'small-map', dir: 'ltr', 'data-state': 'loading' });

  const article = h('article', { class: 'doc-main' },
    h('h1', { id: 'doc-title', class: 'doc-title', dir: 'auto', lang: 'ar' }, title),
    metaEl, layers, textEl,
    h('section', { class: 'doc-section' }, h('h2', null, t('doc.events'), ` (${events.length})`), events.length ? eventsEl : h('p', { class: 'muted' }, t('doc.noEvents'))),
    h('section', { class: 'doc-section' }, h('h2', null, t('doc.claims'), ` (${claims.length})`), claims.length ? claimsEl : h('p', { class: 'muted' }, t('doc.noClaims'))),
    dupEl, contraEl);
  const side = h('div', { class: 'doc-side' }, detail,
    h('section', { class: 'doc-section' }, h('h2', null, t('doc.places')), geoPlaces.length ? mapEl : h('p', { class: 'muted' }, t('doc.noPlaces'))));
  view.append(h('div', { class: 'doc-layout' }, article, side));
  ready(view);

  if (geoPlaces.length && window.L) {
    const world = await loadWorld();
    if (gen !== renderGen) return;
    const map = baseMap(mapEl, world);
    const pts = [];
    for (const p of geoPlaces) {
      const mk = placeMarker(p.lat, p.lon).addTo(map);
      mk.bindPopup(() => h('div', { class: 'popup' }, h('strong', { dir: 'rtl', lang: 'ar' }, placeName(p)),
        p.name_en || p.name_latn ? h('div', null, p.name_en || p.name_latn) : null, h('div', { class: 'muted' }, p.place_type || '')));
      mk.on('click', () => focusRecord('place', p.id));
      pts.push([p.lat, p.lon]);
    }
    fitTo(map, pts, 7);
    mapEl.dataset.state = 'ready';
  }
}

function renderContradiction(c, ix) {
  const li = h('li', { class: 'contradiction', 'data-kind': c.kind });
  li.append(h('div', null, h('strong', null, c.kind || ''), c.type ? [' ', typeBadge(c.type)] : null, c.role ? ` · ${c.role}` : ''));
  let sides = [];
  if (Array.isArray(c.sides)) sides = c.sides;
  else sides = ['this', 'other'].filter((k) => c[k] && typeof c[k] === 'object').map((k) => ({ _side: k, ...c[k] }));
  const sideList = h('ul', { class: 'plain sides' });
  for (const side of sides) {
    const bits = [];
    for (const [k, v] of Object.entries(side)) {
      if (k === '_side' || v === null || v === undefined || typeof v === 'object') continue;
      if ((k === 'doc' || k === 'document') && typeof v === 'string') {
        bits.push(h('span', null, t('fld.document'), ': ', h('a', { href: routeHref('doc', v), dir: 'ltr' }, v.slice(0, 12) + '…')));
      } else if (k === 'source' && ix.actors.has(String(v))) {
        bits.push(h('span', null, k, ': ', actorNode(ix, v)));
      } else {
        bits.push(h('span', null, k, ': ', auto('span', typeof v === 'number' ? fmtNum(v) : String(v))));
      }
    }
    sideList.append(h('li', { 'data-side': side._side || null }, side._side ? h('em', null, side._side + ': ') : null, joinNodes(bits, ' · ')));
  }
  for (const [k, v] of Object.entries(c)) {
    if (['kind', 'type', 'role', 'sides', 'this', 'other'].includes(k) || v === null || typeof v === 'object') continue;
    li.append(h('div', { class: 'muted' }, k, ': ', auto('span', String(v))));
  }
  li.append(sideList);
  return li;
}

// ---------------------------------------------------------------- map page

const MAP_KEYS = ['q', 'type', 'from', 'to', 'actor'];

async function renderMapPage(params, gen) {
  const view = setView('map');
  const { form, inputs } = filterForm('map-form', params, MAP_KEYS);
  formToHash('map', form, inputs);
  fillDatalists(form);
  const mapEl = h('div', { id: 'map', class: 'big-map', dir: 'ltr', 'data-state': 'loading' });
  const count = h('p', { id: 'map-count', class: 'muted' }, t('loading'));
  const legend = h('ul', { id: 'map-legend', class: 'legend' });
  view.append(h('h1', { class: 'visually-hidden' }, t('map.title')), form, count, mapEl, legend);

  const [world, fc] = await Promise.all([loadWorld(), api('api/map', pick(params, MAP_KEYS))]);
  if (gen !== renderGen) return;
  if (!window.L) throw new Error('Leaflet did not load');
  const map = baseMap(mapEl, world);
  const features = fc && Array.isArray(fc.features) ? fc.features : [];
  const pts = [];
  let nEvents = 0;
  let nPlaces = 0;
  const types = new Set();
  const sorted = [...features].sort((a, b) => ((a.properties || {}).kind === 'place' ? -1 : 0) - ((b.properties || {}).kind === 'place' ? -1 : 0));
  for (const f of sorted) {
    const g = f && f.geometry;
    if (!g || g.type !== 'Point' || !Array.isArray(g.coordinates)) continue;
    const [lon, lat] = g.coordinates;
    if (!validLatLon(lat, lon)) continue;
    const p = f.properties || {};
    let mk;
    if (p.kind === 'place') { mk = placeMarker(lat, lon); nPlaces += 1; } else { mk = eventMarker(lat, lon, p.type); nEvents += 1; types.add(p.type); }
    mk.bindPopup(() => mapPopup(p));
    mk.addTo(map);
    pts.push([lat, lon]);
  }
  fitTo(map, pts, 8);
  count.textContent = t('map.count', { e: fmtNum(nEvents), p: fmtNum(nPlaces) });
  legend.append(h('li', { class: 'legend-place' }, h('span', { class: 'swatch swatch-place', 'aria-hidden': 'true' }), t('map.place')));
  for (const ty of PLOVER_TYPES.filter((x) => types.has(x))) legend.append(h('li', { 'data-type': ty }, swatch(typeColour(ty)), ty + ' — ' + typeName(ty)));
  mapEl.dataset.state = 'ready';
  mapEl.dataset.markers = String(pts.length);
  ready(view);
}

function mapPopup(p) {
  if (p.kind === 'place') {
    const docs = Array.isArray(p.docs) ? p.docs : [];
    return h('div', { class: 'popup popup-place' },
      h('div', { class: 'muted' }, t('map.place')),
      h('strong', { dir: 'rtl', lang: 'ar' }, p.name || p.id || ''),
      p.name_en ? h('div', null, p.name_en) : null,
      typeof p.documents === 'number' ? h('div', null, t('map.documents', { n: fmtNum(p.documents) })) : null,
      docs.length ? h('ul', { class: 'plain' }, docs.map((d) => {
        const ref = d && typeof d === 'object' ? d : { id: d };
        return h('li', null, h('a', { href: routeHref('doc', ref.id), dir: 'auto' }, ref.title || String(ref.id).slice(0, 12) + '…'));
      })) : null,
      p.id ? h('div', null, h('a', { href: routeHref('search', null, { place: p.id }) }, t('val.searchPlace'))) : null);
  }
  return h('div', { class: 'popup popup-event' },
    h('div', null, typeBadge(p.type), ' ', typeName(p.type), p.mode ? ` · ${p.mode}` : ''),
    p.text ? ar('strong', p.text) : null,
    p.title ? auto('div', p.title, { lang: 'ar', class: 'popup-title' }) : null,
    p.date ? h('div', { dir: 'ltr', class: 'muted' }, p.date) : null,
    p.doc ? h('a', { href: routeHref('doc', p.doc), class: 'popup-open' }, t('map.open')) : null);
}

// ---------------------------------------------------------------- timeline page

const TIMELINE_KEYS = ['q', 'type', 'from', 'to', 'actor', 'place'];

async function renderTimeline(params, gen) {
  const view = setView('timeline');
  const interval = params.get('interval') === 'day' ? 'day' : 'month';
  const intervalSel = h('select', { id: 'timeline-form-interval', name: 'interval' },
    h('option', { value: 'month', selected: interval === 'month' }, t('f.month')),
    h('option', { value: 'day', selected: interval === 'day' }, t('f.day')));
  const { form, inputs } = filterForm('timeline-form', params, TIMELINE_KEYS, { extra: [{ key: 'interval', label: 'f.interval', input: intervalSel }] });
  formToHash('timeline', form, inputs);
  fillDatalists(form);
  const chartEl = h('div', { id: 'timeline', class: 'timeline', dir: 'ltr', 'data-state': 'loading' }, h('p', { class: 'muted' }, t('loading')));
  const total = h('p', { id: 'timeline-total', class: 'muted' });
  view.append(h('h1', null, t('timeline.title')), form, total, chartEl);

  const res = await api('api/timeline', { ...pick(params, TIMELINE_KEYS), interval });
  if (gen !== renderGen) return;
  clear(chartEl);
  const buckets = res && Array.isArray(res.buckets) ? res.buckets : [];
  if (!buckets.length) {
    chartEl.append(h('p', { class: 'empty' }, t('timeline.empty')));
  } else {
    const chart = stackedBars(buckets, { interval: res.interval || interval, width: Math.max(600, chartEl.clientWidth - 8), linkParams: pick(params, ['q', 'actor', 'place']) });
    chartEl.append(h('div', { class: 'chart-scroll' }, chart.svg), chart.legend);
    chart.legend.id = 'timeline-legend';
    total.textContent = t('timeline.total', { n: fmtNum(chart.total), b: fmtNum(buckets.length) });
  }
  chartEl.dataset.state = 'ready';
  ready(view);
}

// ---------------------------------------------------------------- actor page

function renderEventRow(ev) {
  const list = (xs) => (Array.isArray(xs) ? xs : []);
  const claim = ev.claim || null;
  return h('li', { class: 'event-row', 'data-doc': ev.doc, 'data-id': ev.id, 'data-type': ev.type },
    h('div', { class: 'event-row-head' },
      typeBadge(ev.type), ev.mode ? h('span', { class: 'mode' }, ev.mode) : null, ' ', ar('strong', ev.text || ''), ' ',
      ev.date ? h('span', { dir: 'ltr', class: 'muted' }, ev.date + (ev.date_assumed ? '*' : '')) : null, ' ',
      ev.location ? ar('span', ev.location.name || ev.location.id || '', { class: 'event-place' }) : null),
    ev.sentence ? ar('p', ev.sentence, { class: 'event-sentence' }) : null,
    h('div', { class: 'event-row-foot' },
      joinNodes([
        list(ev.actors).length ? h('span', null, joinNodes(list(ev.actors).map(actorLink))) : null,
        list(ev.recipients).length ? h('span', null, '→ ', joinNodes(list(ev.recipients).map(actorLink))) : null,
        claim ? h('span', { class: 'event-claim' }, claim.source ? ar('span', claim.source) : t('val.article'), ` (${[claim.source_kind, claim.certainty].filter(Boolean).join(', ')})`) : null,
        ev.doc ? h('a', { href: routeHref('doc', ev.doc), dir: 'auto', lang: 'ar' }, ev.title || String(ev.doc).slice(0, 12) + '…') : null,
      ], ' · ')));
}

async function renderActor(id, gen) {
  const view = setView('actor');
  view.append(h('p', { class: 'muted' }, t('loading')));
  const res = await api('api/actors/' + encodeURIComponent(id));
  if (gen !== renderGen) return;
  clear(view);
  const a = res.actor || {};
  document.title = (a.name || a.id || id) + ' — marsad';
  const head = h('header', { class: 'actor-head' },
    ar('h1', a.name || a.id || id, { id: 'actor-name' }),
    a.name_en ? h('p', { id: 'actor-name-en', class: 'subtitle', dir: 'auto' }, a.name_en) : null,
    dl('actor-meta',
      field('fld.kind', a.kind),
      field('fld.country', a.country),
      field('fld.kb', h('code', { dir: 'ltr' }, a.id || id)),
      field('fld.wikidata', a.wikidata),
      field('fld.aliases', Array.isArray(a.aliases) && a.aliases.length ? h('ul', { id: 'actor-aliases', class: 'inline-list' }, a.aliases.map((x) => ar('li', x))) : null)));

  const rows = Array.isArray(res.timeline) ? res.timeline : [];
  const byPeriod = new Map();
  for (const r of rows) {
    const c = byPeriod.get(r.period) || {};
    c[r.type] = (c[r.type] || 0) + (Number(r.count) || 0);
    byPeriod.set(r.period, c);
  }
  const tl = h('div', { id: 'actor-timeline', class: 'timeline', dir: 'ltr' });
  if (byPeriod.size) {
    const chart = stackedBars([...byPeriod].map(([period, counts]) => ({ period, counts })), { height: 180, width: 700, linkParams: { actor: a.id || id } });
    tl.append(h('div', { class: 'chart-scroll' }, chart.svg), chart.legend);
  } else tl.append(h('p', { class: 'muted' }, t('actor.noEvents')));

  const events = Array.isArray(res.events) ? res.events : [];
  const co = Array.isArray(res.co_actors) ? res.co_actors : [];
  view.append(h('div', { class: 'actor-layout' },
    h('div', { class: 'actor-main' }, head,
      h('section', { class: 'doc-section' }, h('h2', null, t('actor.timeline')), tl),
      h('section', { class: 'doc-section' }, h('h2', null, t('actor.events'), ` (${events.length})`),
        events.length ? h('ol', { id: 'actor-events', class: 'record-list' }, events.map(renderEventRow)) : h('p', { class: 'muted' }, t('actor.noEvents')))),
    h('aside', { class: 'actor-side' },
      h('h2', null, t('actor.co')),
      co.length ? h('ul', { id: 'actor-co', class: 'record-list' }, co.map((c) => h('li', { 'data-id': c.id }, actorLink(c), typeof c.count === 'number' ? ` (${fmtNum(c.count)})` : '')))
        : h('p', { class: 'muted' }, t('actor.noCo')))));
  ready(view);
}

// ---------------------------------------------------------------- router

function parseRoute() {
  let raw = location.hash.replace(/^#/, '');
  if (!raw.startsWith('/')) raw = '/search';
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const parts = path.split('/').filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
  return { name: parts[0] || 'search', arg: parts.slice(1).join('/'), params };
}

async function route() {
  const gen = ++renderGen;
  for (const fn of cleanups.splice(0)) { try { fn(); } catch { /* already gone */ } }
  document.title = 'marsad';
  const { name, arg, params } = parseRoute();
  try {
    if (name === 'search') await renderSearch(params, gen);
    else if (name === 'doc' && arg) await renderDoc(arg, gen);
    else if (name === 'map') await renderMapPage(params, gen);
    else if (name === 'timeline') await renderTimeline(params, gen);
    else if (name === 'actor' && arg) await renderActor(arg, gen);
    else { setView('notfound'); showError(new HttpError(404, t('error.route'))); }
  } catch (err) {
    if (gen !== renderGen) return;
    if (err instanceof AuthError) {
      const hadToken = !!storageGet('sessionStorage', TOKEN_KEY);
      if (hadToken) storageSet('sessionStorage', TOKEN_KEY, null);
      updateTokenButton();
      showTokenForm(hadToken);
    } else {
      showError(err);
    }
  }
}

async function loadStats() {
  const el = $('#stats');
  try {
    const st = await api('api/stats');
    const vars = {};
    for (const k of ['documents', 'events', 'actors', 'places', 'claims', 'duplicates']) vars[k] = fmtNum(st[k] ?? 0);
    el.textContent = t('stats', vars);
    el.dataset.documents = st.documents;
  } catch {
    el.textContent = '';
  }
}

function applyLang() {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === 'ar' ? 'rtl' : 'ltr';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const btn = $('#lang-toggle');
  btn.textContent = t('lang.other');
  btn.lang = t('lang.otherCode');
  btn.setAttribute('aria-label', lang === 'ar' ? 'Switch to English' : 'التبديل إلى العربية');
  $('#nav').setAttribute('aria-label', lang === 'ar' ? 'التنقل' : 'Main');
}

function start() {
  applyLang();
  updateTokenButton();
  $('#lang-toggle').addEventListener('click', () => {
    lang = lang === 'ar' ? 'en' : 'ar';
    storageSet('localStorage', LANG_KEY, lang);
    applyLang();
    loadStats();
    route();
  });
  $('#token-clear').addEventListener('click', () => {
    storageSet('sessionStorage', TOKEN_KEY, null);
    updateTokenButton();
    optionCache = {};
    route();
  });
  window.addEventListener('hashchange', route);
  loadStats();
  route();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
