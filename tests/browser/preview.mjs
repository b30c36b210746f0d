// The live preview (`jaarrapport serve`) in a real headless Chromium: an
// open page reloads itself after an edit, a broken edit shows the error
// overlay over the last good page, the fix takes it away again, and the
// policy the server sends blocks none of it (no CSP violation, no console
// error). Started by `cargo test --test browser`, which runs `serve` on a
// copy of the fixture and sets SERVE_URL and CONTENT_DIR. Not named
// *.test.mjs so that the site tests (`node --test tests/browser/`) do not
// pick it up without a server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const SERVE_URL = process.env.SERVE_URL;
const CONTENT_DIR = process.env.CONTENT_DIR;
if (!SERVE_URL || !CONTENT_DIR) throw new Error('SERVE_URL and CONTENT_DIR must be set (run through cargo test --test browser)');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FILE = path.join(CONTENT_DIR, 'bijdragen', 'BZK', '4.1.A.md');

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { if (browser) await browser.close(); });

function edit(from, to) {
  const text = fs.readFileSync(FILE, 'utf8');
  assert.ok(text.includes(from), `${FILE} holds ${from}`);
  fs.writeFileSync(FILE, text.replace(from, to));
}

test('an open page reloads after an edit and shows a broken edit as an overlay', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Chromium asks every site for a favicon, which the report has none of.
  await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  let loads = 0;
  page.on('load', () => { loads += 1; });

  const response = await page.goto(SERVE_URL + 'huisvesting.html');
  const csp = response.headers()['content-security-policy'] || '';
  assert.match(csp, /connect-src 'self'/, `the page's policy: ${csp}`);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  assert.match(await page.textContent('main'), /sinds maart/);
  // The reload script polls: let it see the first version.
  await page.waitForRequest((r) => r.url().endsWith('/__jaarrapport/status'), { timeout: 10000 });
  await page.waitForTimeout(700);

  edit('De normen gelden sinds maart.', 'De normen gelden sinds april.');
  await page.waitForFunction(() => document.querySelector('main')?.textContent.includes('sinds april'), null, { timeout: 30000 });
  // The new text shows before the reloaded page's `load` event fires (it
  // waits for the styles and scripts), later still on a busy machine.
  for (const end = Date.now() + 30000; loads < 2 && Date.now() < end;) await page.waitForTimeout(50);
  assert.ok(loads >= 2, `the page reloaded itself (${loads} loads)`);

  edit('status: afgerond', 'stauts: afgerond');
  const overlay = page.locator('#jaarrapport-fouten');
  await overlay.waitFor({ state: 'visible', timeout: 30000 });
  assert.match(await overlay.textContent(), /4\.1\.A\.md:2:1: error: unknown field `stauts`/);
  assert.match(await page.textContent('main'), /sinds april/, 'the last good page stays under the overlay');
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || CONTENT_DIR + '/..', 'preview-overlay.png') });

  edit('stauts: afgerond', 'status: afgerond');
  await overlay.waitFor({ state: 'detached', timeout: 30000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an SVG opened on its own runs no script under the preview', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(SERVE_URL + 'afbeeldingen/tijdlijn.svg');
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'] || '', /sandbox/);
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  await context.close();
});
