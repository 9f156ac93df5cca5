// Shared by ui.test.mjs and mock.test.mjs: start a server that prints
// `listening on http://HOST:PORT` on stderr, drive Debian's Chromium through
// playwright-core, and record everything that should fail a test (console
// errors, CSP violations, uncaught exceptions, dialogs, off-origin requests).

import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.MARSAD_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync',
];

// Starts `cmd args…` and resolves once it prints its address.
export function startServer(cmd, args, { env = process.env, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      proc.kill('SIGKILL');
      reject(new Error(`server did not print "listening on http://…" within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      const m = /listening on (https?:\/\/[^\s]+)/.exec(output);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ proc, url: m[1].replace(/\/+$/, ''), output: () => output });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('error', (err) => { if (!done) { done = true; clearTimeout(timer); reject(err); } });
    proc.on('exit', (code, signal) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`server exited (code ${code}, signal ${signal}) before listening; output:\n${output}`));
      }
    });
  });
}

export async function stopServer(server) {
  if (!server || !server.proc || server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  const exited = new Promise((r) => server.proc.once('exit', r));
  server.proc.kill('SIGTERM');
  const timer = setTimeout(() => server.proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

// A page that records problems. `ignore` is a list of regexps for console
// errors a test expects (e.g. the 401 of a token prompt).
export async function openPage(browser, baseUrl, { ignore = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems = [];
  const dialogs = [];
  const offOrigin = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    const text = msg.text();
    const isCsp = /Content Security Policy|CSP violation/i.test(text);
    if ((msg.type() === 'error' || isCsp) && !ignore.some((re) => re.test(text))) {
      problems.push(`console ${msg.type()}: ${text}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', async (d) => { dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss().catch(() => {}); });
  const origin = new URL(baseUrl).origin;
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin + '/') && u !== origin && !u.startsWith('data:')) offOrigin.push(u);
  });
  return { context, page, problems, dialogs, offOrigin };
}

// Waits until #view shows `route` (or an error / the token form) and returns its state.
export async function waitRoute(page, route) {
  const handle = await page.waitForFunction((r) => {
    const v = document.querySelector('#view');
    if (!v) return false;
    if (v.dataset.state === 'error' || v.dataset.state === 'auth') return v.dataset.state;
    return v.dataset.route === r && v.dataset.state === 'ready' ? 'ready' : false;
  }, route);
  const state = await handle.jsonValue();
  if (state !== 'ready') {
    const text = await page.textContent('#view');
    throw new Error(`expected route ${route} to be ready, got ${state}: ${text}`);
  }
}

// Types `q` into the search box, submits, and returns the hits shown.
export async function search(page, q) {
  if (!(await page.$('#search-input'))) {
    await page.click('#nav-search');
    await waitRoute(page, 'search');
  }
  await page.fill('#search-input', q);
  await page.press('#search-input', 'Enter');
  await page.waitForFunction((query) => {
    const r = document.querySelector('#results');
    const v = document.querySelector('#view');
    return (r && r.dataset.q === query && r.dataset.state === 'ready') || (v && v.dataset.state === 'error');
  }, q);
  await waitRoute(page, 'search');
  return page.$$eval('#results .hit', (els) => els.map((e) => ({
    id: e.dataset.id,
    title: e.querySelector('.hit-title') ? e.querySelector('.hit-title').textContent : null,
  })));
}

// The first highlight of a kind that sits on one line (so that a click at
// its centre lands on it).
export async function firstSingleLineHighlight(page, kind) {
  const handles = await page.$$(`#doc-text .hl[data-kind="${kind}"]`);
  for (const hnd of handles) {
    if (await hnd.evaluate((el) => el.getClientRects().length === 1)) return hnd;
  }
  return handles[0] || null;
}
