// Headless-browser test of the marsad web UI against a real `marsad serve`.
//
//   cd tests/browser && npm ci && MARSAD_BIN=/abs/path/to/marsad node --test ui.test.mjs
//
// It ingests examples/articles plus one article of its own (whose title is
// an XSS probe) into a temporary database, starts `marsad serve` on a free
// port, and drives Debian's Chromium (/usr/bin/chromium, or MARSAD_CHROMIUM).
//
// MARSAD_UI_DB=postgres://… runs it on PostgreSQL instead of SQLite.
// MARSAD_UI_URL=http://127.0.0.1:PORT skips ingest and serve and tests that
// already running server instead (e.g. `node mock-server.mjs`), which must
// hold the same documents. MARSAD_SCREENSHOT overrides where the article
// screenshot goes (default ../../docs/screenshot.png; empty: none).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, stopServer, launch, openPage, waitRoute, search, firstSingleLineHighlight } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '../..');
const EXAMPLES = path.join(REPO, 'examples/articles');
const SCREENSHOT = process.env.MARSAD_SCREENSHOT ?? path.join(REPO, 'docs/screenshot.png');

const XSS = '<script>alert(1)</script>';
const TEST_ARTICLE = `${XSS} عنوان تجريبي

التقى وزير الخارجية الأردني نظيره العراقي في عمّان يوم الثلاثاء، وبحث الجانبان سبل تعزيز التعاون الاقتصادي بين البلدين. وقال متحدث باسم الوزارة إن الوزيرين اتفقا على عقد اجتماع جديد في بغداد الشهر المقبل.
`;

let tmp = null;
let server = null;
let baseUrl = null;
let browser = null;
let session = null; // { page, problems, dialogs, offOrigin }
const state = {};

function killServerNow() { if (server && server.proc.exitCode === null) server.proc.kill('SIGKILL'); }
process.on('exit', killServerNow);

before(async () => {
  if (process.env.MARSAD_UI_URL) {
    baseUrl = process.env.MARSAD_UI_URL.replace(/\/+$/, '');
  } else {
    const bin = process.env.MARSAD_BIN;
    assert.ok(bin, 'set MARSAD_BIN to the marsad binary (or MARSAD_UI_URL to a running server)');
    assert.ok(fs.existsSync(bin), `MARSAD_BIN ${bin} does not exist`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-ui-'));
    const articles = path.join(tmp, 'articles');
    fs.mkdirSync(articles);
    for (const name of fs.readdirSync(EXAMPLES)) {
      const src = path.join(EXAMPLES, name);
      if (fs.statSync(src).isFile()) fs.copyFileSync(src, path.join(articles, name));
    }
    fs.writeFileSync(path.join(articles, 'test-article.txt'), TEST_ARTICLE);
    // MARSAD_UI_DB: another store (postgres://…) instead of a fresh SQLite file.
    const db = process.env.MARSAD_UI_DB || path.join(tmp, 'marsad.db');
    const ingest = spawnSync(bin, ['ingest', '--db', db, articles], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(ingest.status, 0, `marsad ingest failed (status ${ingest.status}, signal ${ingest.signal}):\n${ingest.stdout}\n${ingest.stderr}`);
    server = await startServer(bin, ['serve', '--db', db, '--bind', '127.0.0.1:0']);
    baseUrl = server.url;
  }
  browser = await launch();
  session = await openPage(browser, baseUrl);
});

after(async () => {
  try { if (browser) await browser.close(); } finally {
    await stopServer(server);
    if (tmp && !process.env.MARSAD_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  }
});

async function apiDoc(id) {
  const res = await fetch(`${baseUrl}/api/documents/${encodeURIComponent(id)}`);
  assert.equal(res.status, 200, `GET /api/documents/${id}`);
  const body = await res.json();
  return body.document;
}

test('/ is served with a Content-Security-Policy and lists documents', async () => {
  const { page } = session;
  const resp = await page.goto(baseUrl + '/');
  assert.ok(resp, 'no response for /');
  assert.equal(resp.status(), 200);
  const headers = resp.headers();
  assert.ok(headers['content-security-policy'], 'no content-security-policy header on /');
  assert.match(headers['content-security-policy'], /default-src 'self'/);
  assert.match(headers['content-type'] || '', /text\/html/);
  await waitRoute(page, 'search');
  assert.ok((await page.$$('#results .hit')).length >= 1, 'the empty query lists no document');
});

test('searching حلب and the clitic form بحلب finds the same first document', async () => {
  const { page } = session;
  const hits = await search(page, 'حلب');
  assert.ok(hits.length >= 1, 'no hit for حلب');
  state.firstHit = hits[0];
  const marks = await page.$$('#results .hit .snippet mark');
  assert.ok(marks.length >= 1, 'the snippet has no highlighted word');
  const clitic = await search(page, 'بحلب');
  assert.ok(clitic.length >= 1, 'no hit for بحلب');
  assert.equal(clitic[0].id, state.firstHit.id, 'بحلب and حلب disagree on the first hit');
});

test('the article page shows the exact text with highlights and details', async () => {
  const { page } = session;
  assert.ok(state.firstHit, 'no hit to open');
  await search(page, 'حلب');
  await page.click(`#results .hit[data-id="${state.firstHit.id}"] .hit-title`);
  await waitRoute(page, 'doc');
  const doc = await apiDoc(state.firstHit.id);
  const title = await page.textContent('#doc-title');
  assert.ok(title && title.trim().length > 0, '#doc-title is empty');
  if (doc.meta && doc.meta.title) assert.equal(title, doc.meta.title);
  assert.equal(await page.textContent('#doc-text'), doc.text, '#doc-text differs from document.text');
  assert.equal(await page.getAttribute('#doc-text', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('#doc-text', 'lang'), 'ar');

  const placeEl = await firstSingleLineHighlight(page, 'place');
  assert.ok(placeEl, 'no .hl[data-kind=place] in the article');
  const placeId = await placeEl.getAttribute('data-id');
  const place = (doc.places || []).find((p) => p.id === placeId);
  assert.ok(place, `highlighted place ${placeId} is not in the document`);
  await placeEl.click();
  await page.waitForFunction((name) => document.querySelector('#detail').textContent.includes(name), place.name);
  assert.ok((await page.textContent('#detail')).includes(place.name));
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
});

test('the map shows markers', async () => {
  const { page } = session;
  await page.click('#nav-map');
  await waitRoute(page, 'map');
  const n = await page.$$eval('#map .marker-event, #map .marker-place', (els) => els.length);
  assert.ok(n >= 1, 'no .marker-event or .marker-place on the map');
  const countries = await page.$$eval('#map path:not(.marker-event):not(.marker-place)', (els) => els.length);
  assert.ok(countries >= 100, `expected the country layer, found ${countries} paths`);
});

test('the timeline shows bars', async () => {
  const { page } = session;
  await page.click('#nav-timeline');
  await waitRoute(page, 'timeline');
  const n = await page.$$eval('#timeline rect.bar', (els) => els.length);
  assert.ok(n >= 1, 'no rect.bar in #timeline');
});

test('a title holding <script> is shown as text and never runs', async () => {
  const { page, dialogs } = session;
  const hits = await search(page, 'تجريبي');
  const hit = hits.find((x) => x.title && x.title.includes('تجريبي')) || hits[0];
  assert.ok(hit, 'no hit for تجريبي');
  assert.ok(hit.title.includes(XSS), `hit title is ${JSON.stringify(hit.title)}`);
  await page.click(`#results .hit[data-id="${hit.id}"] .hit-title`);
  await waitRoute(page, 'doc');
  const title = await page.textContent('#doc-title');
  assert.ok(title.includes(XSS), `#doc-title is ${JSON.stringify(title)}`);
  assert.equal(await page.$$eval('#doc-title script', (els) => els.length), 0);
  assert.equal(await page.$$eval('body script', (els) => els.length), 0, 'a script element was injected into the page');
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'a dialog opened');
});

test('the Arabic interface switches the page to right-to-left', async () => {
  const { page } = session;
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await waitRoute(page, 'doc');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal((await page.textContent('#nav-search')).trim(), 'بحث');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr');
  await waitRoute(page, 'doc');
});

test('no console error, CSP violation, dialog or off-origin request', () => {
  const { problems, dialogs, offOrigin } = session;
  assert.deepEqual(problems, [], 'console errors or CSP violations');
  assert.deepEqual(dialogs, [], 'dialogs');
  assert.deepEqual(offOrigin, [], 'requests that left the origin');
});
