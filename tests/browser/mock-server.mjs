// A tiny stand-in for `marsad serve`, for developing the web UI without the
// Rust server. It serves ../../crates/marsad-server/ui and answers the JSON
// API from fixtures/documents.json (marsad Document JSON, as `marsad analyze`
// prints it) with simple, unoptimised JS. Not a reference implementation.
//
//   node mock-server.mjs [--port 8123] [--bind 127.0.0.1]
//   MOCK_TOKEN=secret node mock-server.mjs   # require "Authorization: Bearer secret" on /api
//
// Like the real server it prints `listening on http://HOST:PORT` on stderr.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const UI_DIR = path.resolve(here, '../../crates/marsad-server/ui');
const DOCS = JSON.parse(fs.readFileSync(path.join(here, 'fixtures/documents.json'), 'utf8'));
const TOKEN = process.env.MOCK_TOKEN || '';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.geojson': 'application/geo+json',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};

// ------------------------------------------------------------ Arabic matching

const cp = (s) => Array.from(s || '');
function norm(w) {
  return w.replace(/[\u064B-\u065F\u0670\u0640]/g, '').replace(/[أإآٱ]/g, 'ا').replace(/ى/g, 'ي').replace(/ة/g, 'ه');
}
function variants(w) {
  const out = new Set([w]);
  const queue = [w];
  while (queue.length) {
    const x = queue.pop();
    for (const pre of ['و', 'ف', 'ب', 'ك', 'ل', 'ال', 'لل']) {
      if (x.startsWith(pre) && x.length - pre.length >= 2) {
        const y = x.slice(pre.length);
        if (!out.has(y)) { out.add(y); queue.push(y); }
      }
    }
  }
  return out;
}
// Words of a text with code-point offsets.
function words(text) {
  const chars = cp(text);
  const out = [];
  let start = -1;
  for (let i = 0; i <= chars.length; i++) {
    const isWord = i < chars.length && /[\p{L}\p{N}\p{M}]/u.test(chars[i]);
    if (isWord && start < 0) start = i;
    if (!isWord && start >= 0) {
      const w = chars.slice(start, i).join('');
      out.push({ start, end: i, keys: variants(norm(w)) });
      start = -1;
    }
  }
  return out;
}
function queryKeys(q) { return words(q).map((w) => w.keys); }
function matches(wordKeys, qk) { for (const k of qk) if (wordKeys.has(k)) return true; return false; }

// ------------------------------------------------------------ derived data

const date10 = (d) => (typeof d === 'string' ? d.slice(0, 10) : null);
function published(doc) { return date10(doc.meta && doc.meta.published); }

function eventRows(doc) {
  const byId = (list) => new Map((list || []).map((r) => [r.id, r]));
  const actors = byId(doc.actors); const places = byId(doc.places); const dates = byId(doc.dates);
  const claims = byId(doc.claims); const sentences = byId(doc.sentences);
  const chars = cp(doc.text);
  const actorRef = (id) => ({ id, name: (actors.get(id) || {}).name || id });
  return (doc.events || []).map((ev) => {
    const d = ev.date && dates.get(ev.date);
    const date = d && /^\d{4}-\d{2}-\d{2}/.test(d.value || '') ? d.value.slice(0, 10) : published(doc);
    const p = ev.location && places.get(ev.location);
    const c = ev.claim && claims.get(ev.claim);
    const snt = ev.sentence && sentences.get(ev.sentence);
    return {
      doc: doc.id, id: ev.id, type: ev.type, mode: ev.mode || null, text: ev.text,
      sentence: snt ? chars.slice(snt.start, snt.end).join('') : null,
      date, date_assumed: !!ev.date_assumed,
      location: p ? { id: p.id, name: p.name, lat: p.lat, lon: p.lon } : null,
      actors: (ev.actor || []).map(actorRef), recipients: (ev.recipient || []).map(actorRef),
      polarity: ev.polarity, modality: ev.modality,
      claim: c ? { source: c.source ? ((actors.get(c.source) || {}).name || c.source) : null, source_kind: c.source_kind, certainty: c.certainty } : null,
      confidence: ev.confidence, title: (doc.meta && doc.meta.title) || null,
    };
  });
}
const ALL_EVENTS = DOCS.flatMap(eventRows);

const ACTORS = new Map();
const PLACES = new Map();
for (const doc of DOCS) {
  for (const a of doc.actors || []) {
    const e = ACTORS.get(a.id) || { id: a.id, name: a.name, name_en: a.name_en || null, kind: a.kind || null, country: a.country || null, wikidata: a.wikidata || null, aliases: new Set(), docs: new Set() };
    for (const m of a.mentions || []) if (m.text !== a.name) e.aliases.add(m.text);
    e.docs.add(doc.id);
    ACTORS.set(a.id, e);
  }
  for (const p of doc.places || []) {
    const e = PLACES.get(p.id) || { id: p.id, name: p.name, name_en: p.name_en || p.name_latn || null, lat: p.lat ?? null, lon: p.lon ?? null, place_type: p.place_type || null, country: p.country || null, docs: new Set() };
    e.docs.add(doc.id);
    PLACES.set(p.id, e);
  }
}
const actorEvents = (id) => ALL_EVENTS.filter((r) => r.actors.some((a) => a.id === id) || r.recipients.some((a) => a.id === id));

function haversineKm(lat1, lon1, lat2, lon2) {
  const r = (x) => (x * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}

// Documents passing the filters, with their query matches.
function filterDocs(p) {
  const qk = p.q ? queryKeys(p.q) : [];
  const out = [];
  for (const doc of DOCS) {
    const pub = published(doc);
    if (p.from && (!pub || pub < p.from)) continue;
    if (p.to && (!pub || pub > p.to)) continue;
    if (p.type && !(doc.events || []).some((e) => e.type === p.type)) continue;
    if (p.actor && !(doc.actors || []).some((a) => a.id === p.actor)) continue;
    if (p.source && !String((doc.source || {}).location || '').includes(p.source)) continue;
    let centre = null;
    if (p.place) {
      const pl = PLACES.get(p.place);
      if (p.radius_km && pl && pl.lat != null) centre = [pl.lat, pl.lon];
      else if (!(doc.places || []).some((x) => x.id === p.place)) continue;
    } else if (p.lat && p.lon) centre = [Number(p.lat), Number(p.lon)];
    if (centre) {
      const r = Number(p.radius_km || 25);
      if (!(doc.places || []).some((x) => x.lat != null && haversineKm(centre[0], centre[1], x.lat, x.lon) <= r)) continue;
    }
    let hits = [];
    if (qk.length) {
      const ws = words(doc.text);
      const titleWs = words((doc.meta && doc.meta.title) || '');
      const all = qk.every((k) => ws.some((w) => matches(w.keys, k)) || titleWs.some((w) => matches(w.keys, k)));
      if (!all) continue;
      hits = ws.filter((w) => qk.some((k) => matches(w.keys, k)));
    }
    out.push({ doc, hits });
  }
  return out;
}

function snippet(doc, hits) {
  const chars = cp(doc.text);
  if (!hits.length) return { text: chars.slice(0, 200).join('') + (chars.length > 200 ? '…' : ''), highlights: [] };
  const from = Math.max(0, hits[0].start - 80);
  const to = Math.min(chars.length, from + 220);
  const prefix = from > 0 ? '…' : '';
  const off = cp(prefix).length - from;
  return {
    text: prefix + chars.slice(from, to).join('') + (to < chars.length ? '…' : ''),
    highlights: hits.filter((w) => w.start >= from && w.end <= to).map((w) => [w.start + off, w.end + off]),
  };
}

const DUPLICATE_OF = new Map([['d0b1e2c3a4f5061728394a5b6c7d8e9f', '8ffbf950669760314e822958351da33f']]);

function paginate(items, p) {
  const page = Math.max(1, parseInt(p.page || '1', 10) || 1);
  const perPage = Math.min(100, Math.max(1, parseInt(p.per_page || '20', 10) || 20));
  return { total: items.length, page, per_page: perPage, slice: items.slice((page - 1) * perPage, page * perPage) };
}

function filterEvents(p) {
  const docIds = p.q ? new Set(filterDocs({ q: p.q }).map((x) => x.doc.id)) : null;
  return ALL_EVENTS.filter((r) => (!p.type || r.type === p.type)
    && (!p.actor || r.actors.some((a) => a.id === p.actor) || r.recipients.some((a) => a.id === p.actor))
    && (!p.place || (r.location && r.location.id === p.place))
    && (!p.from || (r.date && r.date >= p.from)) && (!p.to || (r.date && r.date <= p.to))
    && (!docIds || docIds.has(r.doc)));
}

// ------------------------------------------------------------ API

function apiRoute(pathname, p) {
  let m;
  if (pathname === '/api/stats') {
    return [200, {
      documents: DOCS.length, events: ALL_EVENTS.length, actors: ACTORS.size, places: PLACES.size,
      claims: DOCS.reduce((n, d) => n + (d.claims || []).length, 0), duplicates: DUPLICATE_OF.size,
    }];
  }
  if (pathname === '/api/search') {
    let found = filterDocs(p);
    if (p.q) found.sort((a, b) => b.hits.length - a.hits.length);
    else found.sort((a, b) => String(published(b.doc)).localeCompare(String(published(a.doc))));
    const pg = paginate(found, p);
    return [200, {
      total: pg.total, page: pg.page, per_page: pg.per_page,
      hits: pg.slice.map(({ doc, hits }) => ({
        id: doc.id, title: (doc.meta && doc.meta.title) || null, published: published(doc),
        outlet: (doc.meta && doc.meta.outlet) || null, url: (doc.meta && doc.meta.url) || null,
        source: (doc.source || {}).location || null, events: (doc.events || []).length,
        duplicate_of: DUPLICATE_OF.get(doc.id) || null, score: p.q ? Math.round(hits.length * 100) / 100 : null,
        snippet: snippet(doc, hits),
      })),
    }];
  }
  if ((m = /^\/api\/documents\/([^/]+)$/.exec(pathname))) {
    const id = decodeURIComponent(m[1]);
    const doc = DOCS.find((d) => d.id === id);
    if (!doc) return [404, { error: `no document ${id}` }];
    const near = [];
    for (const [a, b] of DUPLICATE_OF) {
      const other = a === id ? b : b === id ? a : null;
      const od = other && DOCS.find((d) => d.id === other);
      if (od) near.push({ id: od.id, title: od.meta.title || null, similarity: 0.97 });
    }
    const contradictions = (doc.contradictions || []).map((c) => ({
      kind: c.kind, type: c.type, role: c.role,
      this: { claim: c.sides[1].claim, event: c.sides[1].event, source_kind: c.sides[1].source_kind, value: c.sides[1].value },
      other: { doc: c.sides[0].document, claim: c.sides[0].claim, source: c.sides[0].source || null, value: c.sides[0].value },
    }));
    for (const other of DOCS) {
      for (const c of other.contradictions || []) {
        if (c.sides[0].document === id) {
          contradictions.push({ kind: c.kind, type: c.type, role: c.role,
            this: { claim: c.sides[0].claim, event: c.sides[0].event, value: c.sides[0].value },
            other: { doc: other.id, claim: c.sides[1].claim, source: null, value: c.sides[1].value } });
        }
      }
    }
    return [200, { document: doc, near_duplicates: near, contradictions }];
  }
  if (pathname === '/api/actors') {
    const qk = p.q ? queryKeys(p.q) : [];
    let items = [...ACTORS.values()].filter((a) => !p.q || a.id.includes(p.q) || (a.name_en || '').toLowerCase().includes(p.q.toLowerCase())
      || words(a.name).some((w) => qk.some((k) => matches(w.keys, k))));
    items = items.map((a) => ({ id: a.id, name: a.name, name_en: a.name_en, kind: a.kind, country: a.country, documents: a.docs.size, events: actorEvents(a.id).length }));
    items.sort((a, b) => b.events - a.events || a.id.localeCompare(b.id));
    const pg = paginate(items, p);
    return [200, { total: pg.total, page: pg.page, per_page: pg.per_page, items: pg.slice }];
  }
  if ((m = /^\/api\/actors\/([^/]+)$/.exec(pathname))) {
    const id = decodeURIComponent(m[1]);
    const a = ACTORS.get(id);
    if (!a) return [404, { error: `no actor ${id}` }];
    const evs = actorEvents(id);
    const tl = new Map();
    for (const r of evs) {
      const key = (r.date || '').slice(0, 7) + '\u0000' + r.type;
      tl.set(key, (tl.get(key) || 0) + 1);
    }
    const co = new Map();
    for (const r of evs) for (const x of [...r.actors, ...r.recipients]) if (x.id !== id) co.set(x.id, { id: x.id, name: x.name, count: ((co.get(x.id) || {}).count || 0) + 1 });
    // also actors met in the same documents
    for (const doc of DOCS) {
      if (!(doc.actors || []).some((x) => x.id === id)) continue;
      for (const x of doc.actors) if (x.id !== id && !co.has(x.id)) co.set(x.id, { id: x.id, name: x.name, count: 1 });
    }
    return [200, {
      actor: { id: a.id, name: a.name, name_en: a.name_en, kind: a.kind, country: a.country, wikidata: a.wikidata, aliases: [...a.aliases] },
      timeline: [...tl].map(([k, count]) => { const [period, type] = k.split('\u0000'); return { period, type, count }; }),
      events: evs, co_actors: [...co.values()].sort((x, y) => y.count - x.count),
    }];
  }
  if (pathname === '/api/places') {
    let items = [...PLACES.values()].filter((x) => !p.q || x.id.includes(p.q) || (x.name_en || '').toLowerCase().includes(p.q.toLowerCase()) || norm(x.name).includes(norm(p.q)));
    items = items.map((x) => ({ id: x.id, name: x.name, name_en: x.name_en, lat: x.lat, lon: x.lon, place_type: x.place_type, country: x.country, documents: x.docs.size }));
    items.sort((a, b) => b.documents - a.documents || a.id.localeCompare(b.id));
    const pg = paginate(items, p);
    return [200, { total: pg.total, page: pg.page, per_page: pg.per_page, items: pg.slice }];
  }
  if (pathname === '/api/events') {
    const pg = paginate(filterEvents(p), p);
    return [200, { total: pg.total, page: pg.page, per_page: pg.per_page, items: pg.slice }];
  }
  if (pathname === '/api/timeline') {
    const interval = p.interval === 'day' ? 'day' : 'month';
    const buckets = new Map();
    for (const r of filterEvents(p)) {
      if (!r.date) continue;
      const period = interval === 'day' ? r.date.slice(0, 10) : r.date.slice(0, 7);
      const c = buckets.get(period) || {};
      c[r.type] = (c[r.type] || 0) + 1;
      buckets.set(period, c);
    }
    return [200, { interval, buckets: [...buckets].sort(([a], [b]) => a.localeCompare(b)).map(([period, counts]) => ({ period, counts })) }];
  }
  if (pathname === '/api/map') {
    const evs = filterEvents(p);
    const features = [];
    const placeDocs = new Map();
    for (const r of evs) {
      if (r.location && r.location.lat != null) {
        features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [r.location.lon, r.location.lat] },
          properties: { kind: 'event', doc: r.doc, id: r.id, type: r.type, mode: r.mode, text: r.text, title: r.title, date: r.date } });
      }
    }
    const docIds = new Set(filterDocs({ q: p.q, from: p.from, to: p.to, type: p.type, actor: p.actor }).map((x) => x.doc.id));
    for (const doc of DOCS) {
      if (!docIds.has(doc.id)) continue;
      for (const pl of doc.places || []) {
        if (pl.lat == null) continue;
        const e = placeDocs.get(pl.id) || { pl, docs: [] };
        e.docs.push(doc.id);
        placeDocs.set(pl.id, e);
      }
    }
    for (const { pl, docs } of placeDocs.values()) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [pl.lon, pl.lat] },
        properties: { kind: 'place', id: pl.id, name: pl.name, name_en: pl.name_en || pl.name_latn || null, documents: docs.length, docs: docs.slice(0, 5) } });
    }
    return [200, { type: 'FeatureCollection', features }];
  }
  return [404, { error: `no route ${pathname}` }];
}

// ------------------------------------------------------------ HTTP

function send(res, status, headers, body) {
  res.writeHead(status, {
    'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store', ...headers,
  });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { 'Content-Type': 'application/json' }, JSON.stringify({ error: 'method not allowed' }));
  if (url.pathname.startsWith('/api/')) {
    if (TOKEN && req.headers.authorization !== 'Bearer ' + TOKEN) {
      return send(res, 401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' }, JSON.stringify({ error: 'access token required' }));
    }
    const params = Object.fromEntries(url.searchParams);
    let status; let body;
    try { [status, body] = apiRoute(url.pathname, params); } catch (e) { status = 500; body = { error: String(e && e.message) }; }
    return send(res, status, { 'Content-Type': 'application/json' }, JSON.stringify(body));
  }
  let rel;
  try { rel = decodeURIComponent(url.pathname); } catch { return send(res, 400, {}, 'bad path'); }
  if (rel === '/') rel = '/index.html';
  const file = path.resolve(UI_DIR, '.' + rel);
  if (!file.startsWith(UI_DIR + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return send(res, 404, { 'Content-Type': 'application/json' }, JSON.stringify({ error: 'not found' }));
  }
  const type = MIME[path.extname(file)] || 'application/octet-stream';
  const headers = { 'Content-Type': type };
  if (type.startsWith('text/html')) Object.assign(headers, { 'Content-Security-Policy': CSP, 'X-Frame-Options': 'DENY' });
  send(res, 200, headers, req.method === 'HEAD' ? undefined : fs.readFileSync(file));
});

const args = process.argv.slice(2);
const arg = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const bind = arg('--bind', '127.0.0.1');
const port = Number(arg('--port', process.env.PORT || '0'));
server.listen(port, bind, () => {
  process.stderr.write(`listening on http://${bind}:${server.address().port}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
