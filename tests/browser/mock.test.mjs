// UI checks against the mock server (no Rust needed): the token prompt,
// the Arabic interface, every fixture document's text, filters, the actor
// page, timeline and map links, errors.
//
//   cd tests/browser && npm ci && node --test mock.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, stopServer, launch, openPage, waitRoute, search } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DOCS = JSON.parse(fs.readFileSync(path.join(here, 'fixtures/documents.json'), 'utf8'));
const TOKEN = 's3cret-token';
const XSS = '<script>alert(1)</script>';

let server = null;
let browser = null;
let session = null;
process.on('exit', () => { if (server && server.proc.exitCode === null) server.proc.kill('SIGKILL'); });

before(async () => {
  server = await startServer(process.execPath, [path.join(here, 'mock-server.mjs'), '--port', '0'], {
    env: { ...process.env, MOCK_TOKEN: TOKEN },
  });
  browser = await launch();
  // The token prompt's 401s are expected console errors.
  session = await openPage(browser, server.url, { ignore: [/status of 401/] });
});

after(async () => {
  try { if (browser) await browser.close(); } finally { await stopServer(server); }
});

const go = async (hash, route) => {
  await session.page.evaluate((h) => { location.hash = h; }, hash);
  if (route) await waitRoute(session.page, route);
};

test('a 401 asks for a token, a wrong one is rejected, the right one is kept for the tab', async () => {
  const { page } = session;
  await page.goto(server.url + '/');
  await page.waitForSelector('#token-form');
  await page.fill('#token-input', 'wrong');
  await page.press('#token-input', 'Enter');
  await page.waitForFunction(() => (document.querySelector('#token-error') || {}).textContent);
  await page.fill('#token-input', TOKEN);
  await page.press('#token-input', 'Enter');
  await waitRoute(page, 'search');
  assert.ok((await page.$$('#results .hit')).length >= 1);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('marsad.token')), TOKEN);
  assert.equal(await page.isVisible('#token-clear'), true);
  await page.reload();
  await waitRoute(page, 'search');
});

test('the Arabic interface is remembered across reloads', async () => {
  const { page } = session;
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await page.reload();
  await waitRoute(page, 'search');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal((await page.textContent('#nav-map')).trim(), 'الخريطة');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr');
  assert.equal(await page.evaluate(() => localStorage.getItem('marsad.lang')), 'en');
});

test('every fixture document renders its exact text, with nested highlights', async () => {
  const { page } = session;
  for (const doc of DOCS) {
    await go('#/doc/' + doc.id, 'doc');
    assert.equal(await page.textContent('#doc-text'), doc.text, `text of ${doc.id}`);
    const bad = await page.$$eval('#doc-text .hl', (els) => els.filter((e) => !e.dataset.kind || !e.dataset.id).length);
    assert.equal(bad, 0);
    assert.equal(await page.$$eval('#doc-events .event-item', (e) => e.length), doc.events.length);
    assert.equal(await page.$$eval('#doc-claims .claim-item', (e) => e.length), doc.claims.length);
  }
});

test('search results escape titles, mark words and note near-duplicates', async () => {
  const { page } = session;
  const hits = await search(page, 'تجريبي');
  assert.ok(hits[0].title.includes(XSS));
  assert.equal(await page.$$eval('#results script', (e) => e.length), 0);
  await search(page, 'حلب');
  assert.ok(await page.$('#results .hit-duplicate a[href^="#/doc/"]'), 'no near-duplicate note');
  const marked = await page.$$eval('#results .hit .snippet mark', (els) => els.map((e) => e.textContent));
  assert.ok(marked.length >= 1 && marked.every((m) => m.includes('حلب')), JSON.stringify(marked));
});

test('filters go into the hash and the API call', async () => {
  const { page } = session;
  await go('#/search?type=PROTEST', 'search');
  const ids = await page.$$eval('#results .hit', (els) => els.map((e) => e.dataset.id));
  const protest = DOCS.filter((d) => d.events.some((e) => e.type === 'PROTEST')).map((d) => d.id);
  assert.deepEqual(ids.sort(), protest.sort());
  assert.equal(await page.inputValue('#search-form-type'), 'PROTEST');
  await page.selectOption('#search-form-type', 'ASSAULT');
  await page.press('#search-input', 'Enter');
  await page.waitForFunction(() => location.hash.includes('type=ASSAULT'));
  await waitRoute(page, 'search');
  assert.ok((await page.$$('#results .hit')).length >= 1);
});

test('the layer toggles hide highlights without touching the text', async () => {
  const { page } = session;
  const doc = DOCS[0];
  await go('#/doc/' + doc.id, 'doc');
  await page.uncheck('#doc-layers input[data-kind="event"]');
  assert.ok(await page.$('#doc-text.hide-event'));
  assert.equal(await page.textContent('#doc-text'), doc.text);
});

test('an event in the list shows its details with its claim', async () => {
  const { page } = session;
  const doc = DOCS.find((d) => d.claims.some((c) => c.source_kind === 'official' && (c.events || []).length));
  const claim = doc.claims.find((c) => c.source_kind === 'official' && (c.events || []).length);
  await go('#/doc/' + doc.id, 'doc');
  await page.click(`#doc-events .event-item[data-id="${claim.events[0]}"] button`);
  await page.waitForSelector('#detail[data-kind="event"]');
  const text = await page.textContent('#detail');
  assert.ok(text.includes('official'), text);
  assert.ok(text.includes(claim.source), text);
});

test('the contradiction of the near-duplicate is listed', async () => {
  const { page } = session;
  const dup = DOCS.find((d) => d.contradictions.length);
  await go('#/doc/' + dup.id, 'doc');
  assert.ok(await page.$('#doc-contradictions .contradiction a[href^="#/doc/"]'));
  assert.ok(await page.$('#doc-duplicates a[href^="#/doc/"]'));
});

test('the actor page lists its events and co-actors', async () => {
  const { page } = session;
  const doc = DOCS.find((d) => d.events.some((e) => e.actor.length));
  const actor = doc.actors.find((a) => a.id === doc.events.find((e) => e.actor.length).actor[0]);
  await go('#/actor/' + encodeURIComponent(actor.id), 'actor');
  assert.equal(await page.textContent('#actor-name'), actor.name);
  assert.ok((await page.$$('#actor-events .event-row')).length >= 1);
  assert.ok((await page.$$('#actor-timeline rect.bar')).length >= 1);
  await page.click('#actor-events .event-row a[href^="#/doc/"]');
  await waitRoute(page, 'doc');
});

test('a timeline bar links to the search of its type and month', async () => {
  const { page } = session;
  await go('#/timeline', 'timeline');
  const bar = await page.$('#timeline rect.bar');
  const type = await bar.getAttribute('data-type');
  await page.click(`#timeline a.bar-link:has(rect.bar[data-type="${type}"])`);
  await page.waitForFunction((ty) => location.hash.startsWith('#/search') && location.hash.includes('type=' + ty), type);
  await waitRoute(page, 'search');
  assert.ok((await page.$$('#results .hit')).length >= 1);
  await go('#/timeline?interval=day', 'timeline');
  assert.ok((await page.$$('#timeline rect.bar')).length >= 1);
});

test('a map marker opens a popup linking to its document', async () => {
  const { page } = session;
  await go('#/map?type=PROTEST', 'map');
  const events = await page.$$('#map .marker-event');
  assert.ok(events.length >= 1);
  await page.locator('#map .marker-event').last().click();
  await page.waitForSelector('.leaflet-popup .popup-open[href^="#/doc/"]');
  await page.click('.leaflet-popup .popup-open');
  await waitRoute(page, 'doc');
});

test('an unknown document or route shows an error', async () => {
  const { page } = session;
  await go('#/doc/does-not-exist');
  await page.waitForSelector('#view[data-state="error"] #error[data-status="404"]');
  await go('#/nowhere');
  await page.waitForSelector('#view[data-state="error"] #error');
  // the stray 404 of the unknown document is an expected console error
  session.problems.splice(0, session.problems.length, ...session.problems.filter((p) => !/status of 404/.test(p)));
});

test('no console error, CSP violation, dialog or off-origin request', () => {
  assert.deepEqual(session.problems, []);
  assert.deepEqual(session.dialogs, []);
  assert.deepEqual(session.offOrigin, []);
});
