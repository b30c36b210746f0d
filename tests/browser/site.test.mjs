// The generated site in a real headless Chromium: the overview filter,
// navigation to a recommendation, full-text search (from file://, a static
// server and `jaarrapport serve`), axe-core's WCAG 2.0/2.1 A and AA rules,
// and screenshots at desktop and phone width.
//
// Run through `cargo test --test browser`, which builds the sample report
// and sets SITE_DIR; by hand:
//   npm ci --prefix tests/browser
//   SITE_DIR=/path/to/out/site SERVE_URL=http://127.0.0.1:8000/ node --test tests/browser/
// (SERVE_URL: `jaarrapport serve` on the same content; without it the
// test through serve is skipped, which `cargo test` counts as a failure).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

const SITE_DIR = process.env.SITE_DIR;
if (!SITE_DIR || !fs.existsSync(path.join(SITE_DIR, 'index.html'))) {
  throw new Error(`SITE_DIR must name a built site (with index.html); got ${JSON.stringify(SITE_DIR)}`);
}
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'jaarrapport-screens-'));
fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SERVE_URL = process.env.SERVE_URL;
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

let server;
let base;
let browser;

/** A static file server for SITE_DIR on 127.0.0.1, on a free port. */
function serve(root) {
  const rootReal = fs.realpathSync(root);
  const srv = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(rootReal, path.normalize(rel));
    if (!file.startsWith(rootReal + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

before(async () => {
  server = await serve(SITE_DIR);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await new Promise((r) => server.close(r));
});

/** Whether `url` is the site's own: the static server, `serve` or the file system. */
const ours = (url) => url.startsWith(base) || url.startsWith('file:') || (SERVE_URL && url.startsWith(SERVE_URL));

/**
 * A page in a fresh context that only reaches the site itself: every other
 * request is aborted and recorded, as are console errors (a CSP violation
 * is one) and uncaught exceptions. `problems()` lists them all.
 */
async function open(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
    ...options,
  });
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (ours(url)) return route.continue();
    problems.push(`request outside the site: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText;
    // Leaving a page cancels the preview's reload poll if one is under
    // way: the browser's doing, not a failure of the site.
    const pollCancelled = req.url().endsWith('/__jaarrapport/status') && why === 'net::ERR_ABORTED';
    if (ours(req.url()) && !pollCancelled) problems.push(`failed: ${req.url()} ${why}`);
  });
  return { context, page, problems: () => problems };
}

const visibleRows = (page) => page.$$eval('#overzicht tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null && !r.hidden).length);

/** The links of the site's main navigation, as file names. */
async function navLinks(page) {
  return page.$$eval('nav.navigatie a', (as) => as.map((a) => a.getAttribute('href')));
}

test('the home page works: filter shown by its script, counts, no errors', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + 'index.html');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  await page.locator('#filter').waitFor({ state: 'visible', timeout: 5000 });
  const total = await page.locator('#overzicht tbody tr').count();
  assert.ok(total > 10, `the sample has many recommendations, found ${total}`);
  assert.equal(await visibleRows(page), total, 'without a choice every row is shown');
  assert.equal((await page.textContent('#filter-telling')).trim(), `${total} aanbevelingen`);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('choosing a ministry shows exactly its rows and updates the count', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + 'index.html');
  await page.locator('#filter').waitFor({ state: 'visible' });
  const total = await page.locator('#overzicht tbody tr').count();
  const ministries = await page.$$eval('#f-ministerie option', (os) => os.map((o) => o.value).filter((v) => v));
  const rowsOf = await page.$$eval('#overzicht tbody tr', (rows) => rows.map((r) => r.dataset.ministerie.split(' ')));
  assert.ok(ministries.length >= 2, `ministries to choose from: ${ministries}`);
  let shrunk = 0;
  for (const code of ministries) {
    const want = rowsOf.filter((codes) => codes.includes(code)).length;
    await page.selectOption('#f-ministerie', code);
    assert.equal(await visibleRows(page), want, `rows shown for ${code}`);
    const telling = (await page.textContent('#filter-telling')).trim();
    assert.equal(telling, want === total ? `${total} aanbevelingen` : `${want} van ${total} aanbevelingen`, `count for ${code}`);
    // Every shown row names the ministry, every hidden one does not.
    const wrong = await page.$$eval('#overzicht tbody tr', (rows, c) => rows
      .filter((r) => (r.offsetParent !== null) !== r.dataset.ministerie.split(' ').includes(c))
      .map((r) => r.querySelector('a')?.textContent), code);
    assert.deepEqual(wrong, [], `rows wrongly shown or hidden for ${code}`);
    if (want < total) shrunk += 1;
  }
  assert.ok(shrunk > 0, 'at least one ministry narrows the table');
  await page.selectOption('#f-ministerie', '');
  assert.equal(await visibleRows(page), total, 'back to all rows');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('chapter and status filters narrow the table to matching rows', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + 'index.html');
  await page.locator('#filter').waitFor({ state: 'visible' });
  const total = await page.locator('#overzicht tbody tr').count();
  const chapter = await page.$eval('#f-hoofdstuk option:nth-child(2)', (o) => o.value);
  const status = await page.$eval('#overzicht tbody tr', (r) => r.dataset.status);
  const want = await page.$$eval('#overzicht tbody tr', (rows, [c, s]) => rows
    .filter((r) => r.dataset.hoofdstuk === c && r.dataset.status === s).length, [chapter, status]);
  await page.selectOption('#f-hoofdstuk', chapter);
  await page.selectOption('#f-status', status);
  assert.equal(await visibleRows(page), want, `rows of chapter ${chapter} with status ${status}`);
  assert.ok(want > 0 && want < total);
  assert.equal((await page.textContent('#filter-telling')).trim(), `${want} van ${total} aanbevelingen`);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('typing a search text narrows the rows to those containing it', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + 'index.html');
  await page.locator('#filter').waitFor({ state: 'visible' });
  const total = await page.locator('#overzicht tbody tr').count();
  // A word from the second column of the first row (its title).
  const title = await page.$eval('#overzicht tbody tr td:nth-child(2)', (td) => td.textContent);
  const word = title.split(/\s+/).filter((w) => w.length >= 6).sort((a, b) => b.length - a.length)[0];
  assert.ok(word, `a search word from ${JSON.stringify(title)}`);
  const want = await page.$$eval('#overzicht tbody tr', (rows, w) => rows
    .filter((r) => r.textContent.toLowerCase().includes(w.toLowerCase())).length, word);
  await page.locator('#f-zoek').pressSequentially(word.toUpperCase(), { delay: 5 });
  await page.waitForFunction((n) => [...document.querySelectorAll('#overzicht tbody tr')]
    .filter((r) => !r.hidden).length === n, want, { timeout: 5000 });
  const shown = await visibleRows(page);
  assert.equal(shown, want, `rows containing ${word}`);
  assert.ok(shown >= 1 && shown < total, `search ${word} narrows ${total} rows to ${shown}`);
  assert.match((await page.textContent('#filter-telling')).trim(), new RegExp(`^${shown} van ${total} aanbevelingen$`));
  await page.fill('#f-zoek', 'geen-enkele-aanbeveling-heet-zo');
  assert.equal(await visibleRows(page), 0);
  assert.equal((await page.textContent('#filter-telling')).trim(), `0 van ${total} aanbevelingen`);
  await page.fill('#f-zoek', '');
  assert.equal(await visibleRows(page), total);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a recommendation link in the table lands on its article in the chapter page', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + 'index.html');
  const link = page.locator('#overzicht tbody tr a').first();
  const href = await link.getAttribute('href');
  const linkText = (await link.textContent()).trim();
  const [file, anchor] = href.split('#');
  assert.match(anchor, /^aanbeveling-\d+-\d+-[a-z]$/);
  await Promise.all([page.waitForURL(`**/${file}#${anchor}`), link.click()]);
  const article = page.locator(`article#${anchor}`);
  await article.waitFor({ state: 'visible' });
  assert.ok(await article.isVisible());
  const box = await article.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.y >= -1 && box.y < viewport.height / 2, `article at the top of the view, y=${box.y}`);
  const heading = (await article.locator('h2').first().textContent()).replace(/\s+/g, ' ').trim();
  assert.ok(heading.startsWith(`${linkText} `), `heading ${JSON.stringify(heading)} starts with ${linkText}`);
  assert.equal(await page.evaluate(() => decodeURIComponent(location.hash.slice(1))), anchor);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the site works from the file system too (file://)', async () => {
  const { context, page, problems } = await open();
  await page.goto(pathToFileURL(path.join(SITE_DIR, 'index.html')).href);
  await page.locator('#filter').waitFor({ state: 'visible', timeout: 5000 });
  const total = await page.locator('#overzicht tbody tr').count();
  assert.equal((await page.textContent('#filter-telling')).trim(), `${total} aanbevelingen`);
  const sheet = await page.evaluate(() => getComputedStyle(document.querySelector('.kop')).backgroundColor);
  assert.equal(sheet, 'rgb(21, 66, 115)', 'style.css applies (lintblauw header)');
  const link = page.locator('#overzicht tbody tr a').first();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL(`**/${href}`), link.click()]);
  await page.locator(`article#${href.split('#')[1]}`).waitFor({ state: 'visible' });
  assert.deepEqual(problems(), []);
  await context.close();
});

test('every page has working navigation without errors', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + 'index.html');
  const links = await navLinks(page);
  assert.ok(links.includes('tijdpad.html'));
  for (const href of links) {
    const res = await page.goto(base + href);
    assert.equal(res.status(), 200, href);
    assert.equal(await page.locator('h1').count(), 1, `${href}: one h1`);
    assert.equal(await page.locator('nav.navigatie a[aria-current="page"]').getAttribute('href'), href, `${href}: current page marked`);
  }
  // The skip link is the first stop of the keyboard and moves focus to main.
  await page.goto(base + 'index.html');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skiplink');
  assert.ok(await page.locator('.skiplink').isVisible(), 'the focused skip link is visible');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'inhoud');
  assert.deepEqual(problems(), []);
  await context.close();
});

/** Runs axe-core on `url` (after `prepare(page)`, when given) and returns its violations. */
async function axe(url, viewport, prepare) {
  // axe is injected as an inline script: the site's CSP forbids that, so
  // this context bypasses the CSP (only here).
  const { context, page } = await open({ bypassCSP: true, viewport });
  await page.goto(url);
  await page.waitForLoadState('load');
  if (prepare) await prepare(page);
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
  await context.close();
  return result;
}

function describe(url, violations) {
  return violations.map((v) => `\n[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl}) on ${url}\n` +
    v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`).join('\n')).join('\n');
}

/** The first chapter page that shows key figures of the chapter and of a recommendation. */
async function figurePage() {
  const { context, page } = await open();
  await page.goto(base + 'index.html');
  const chapters = await page.$$eval('nav.navigatie a', (as) => as
    .filter((a) => /^\d+\./.test(a.textContent.trim())).map((a) => a.getAttribute('href')));
  let found;
  for (const href of chapters) {
    await page.goto(base + href);
    const own = await page.locator('section.kerncijfers figure.kerncijfer').count();
    const rec = await page.locator('article.aanbeveling figure.kerncijfer').count();
    if (own > 0 && rec > 0) { found = href; break; }
  }
  await context.close();
  assert.ok(found, `a chapter of the sample with key figures of its own and of a recommendation among ${chapters}`);
  return found;
}

test('the planning is named "Planning", scrolls in its own box on a phone and links to the tijdpad', async () => {
  for (const [width, height] of [[1280, 900], [375, 740]]) {
    const { context, page, problems } = await open({ viewport: { width, height } });
    for (const file of ['index.html', await figurePage()]) {
      await page.goto(base + file);
      const svg = page.locator('figure.planning svg');
      assert.equal(await svg.count(), 1, `${file}: one planning`);
      const name = await svg.evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby')).textContent);
      assert.match(name, /^Planning van \d+ aanbeveling/, `${file}: accessible name ${name}`);
      const region = page.locator('figure.planning .planning-scroll');
      assert.equal(await region.getAttribute('role'), 'region');
      const { scroll, client, svgWidth } = await region.evaluate((el) => ({
        scroll: el.scrollWidth, client: el.clientWidth, svgWidth: el.querySelector('svg').getBoundingClientRect().width }));
      // Drawn at its own size (never shrunk below its 12px labels).
      assert.equal(Math.round(svgWidth), Number(await svg.getAttribute('width')), `${file} at ${width}px: svg at full size`);
      if (width === 375) assert.ok(scroll > client, `${file} at 375px: the planning scrolls (${scroll} > ${client})`);
      else assert.ok(scroll <= client + 1, `${file} at 1280px: the planning fits (${scroll} <= ${client})`);
      // The keyboard reaches the region and can scroll it.
      await region.focus();
      await page.keyboard.press('ArrowRight');
      if (width === 375) {
        await page.waitForFunction(() => document.querySelector('.planning-scroll').scrollLeft > 0, null, { timeout: 2000 });
      }
      const marks = await page.locator('figure.planning g.mijlpaal').count();
      assert.ok(marks > 0, `${file}: marks drawn`);
      const states = await page.$$eval('figure.planning g.mijlpaal', (gs) => [...new Set(gs.map((g) => g.dataset.state))].sort());
      assert.ok(states.every((s) => ['gereed', 'gepland', 'verlopen', 'verschoven'].includes(s)), `${states}`);
      const tijdpad = page.locator('figure.planning figcaption a[href="tijdpad.html"]');
      assert.equal(await tijdpad.count(), 1, `${file}: the text alternative is one link away`);
    }
    assert.deepEqual(problems(), []);
    await context.close();
  }
});

test('the peildatum and its label stay in view on a phone, also when the window narrows after loading', async () => {
  // What is overdue lies before the peildatum: a box that scrolls shows
  // more of the past than of the future, and the rows keep their ids.
  const inView = (page) => page.$eval('figure.planning .planning-scroll', (box) => {
    const b = box.getBoundingClientRect();
    const label = box.querySelector('.planning-peiltekst').getBoundingClientRect();
    return { inside: label.left >= b.left - 1 && label.right <= b.right + 1, label: [label.left, label.right], box: [b.left, b.right] };
  });
  const file = await figurePage();
  // Opened on a phone.
  const { context, page, problems } = await open({ viewport: { width: 375, height: 740 } });
  await page.goto(base + file);
  let seen = await inView(page);
  assert.ok(seen.inside, `opened at 375px: the label ${seen.label} in the box ${seen.box}`);
  const placed = await page.$eval('figure.planning .planning-scroll', (box) => {
    const x = parseFloat(box.querySelector('svg').dataset.peilX) - box.scrollLeft;
    const ids = [...box.querySelectorAll('.planning-id')].map((t) => t.getBoundingClientRect());
    const b = box.getBoundingClientRect();
    return { at: x / box.clientWidth, idsIn: ids.every((r) => r.left >= b.left - 1 && r.right <= b.right) };
  });
  assert.ok(placed.at > 0.5 && placed.at < 0.95, `the peildatum stands ${placed.at} of the way in`);
  assert.ok(placed.idsIn, 'every id in view while scrolled');
  // Opened wide, then made narrow (a phone turned, a window resized).
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(base + file);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.waitForFunction(() => document.querySelector('.planning-scroll').scrollLeft > 0, null, { timeout: 2000 });
  seen = await inView(page);
  assert.ok(seen.inside, `narrowed to 375px: the label ${seen.label} in the box ${seen.box}`);
  // A phone turned to landscape and back: placed again each time.
  await page.setViewportSize({ width: 1280, height: 740 });
  await page.waitForFunction(() => document.querySelector('.planning-scroll').scrollLeft === 0, null, { timeout: 2000 });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.waitForFunction(() => document.querySelector('.planning-scroll').scrollLeft > 0, null, { timeout: 2000 });
  seen = await inView(page);
  assert.ok(seen.inside, `turned back to 375px: the label ${seen.label} in the box ${seen.box}`);
  // Once the reader scrolls, a resize leaves the box where they put it.
  const box = page.locator('figure.planning .planning-scroll');
  await box.hover();
  await page.mouse.wheel(-2000, 0);
  await page.waitForFunction(() => document.querySelector('.planning-scroll').scrollLeft === 0, null, { timeout: 2000 });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(100);
  assert.equal(await page.$eval('figure.planning .planning-scroll', (el) => el.scrollLeft), 0);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('key figures show their values in Dutch notation beside the chart', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + await figurePage());
  const cells = await page.$$eval('figure.kerncijfer td', (tds) => tds.map((td) => td.textContent.trim()));
  assert.ok(cells.length > 0);
  for (const c of cells) assert.match(c, /^(€ )?\d{1,3}(\.\d{3})*(,\d+)?( \S.*)?$/, `Dutch notation: ${c}`);
  assert.ok(cells.some((c) => /^€ \d+(,\d+)? mln$/.test(c)), `money as € … mln: ${cells}`);
  const bars = await page.locator('figure.kerncijfer rect.kerncijfer-staaf').count();
  assert.ok(bars >= cells.length - (await page.locator('tr.kerncijfer-doelrij').count()), 'a bar per value');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('axe-core finds no serious or critical WCAG 2.0/2.1 A/AA violation', async () => {
  const { context, page } = await open();
  await page.goto(base + 'index.html');
  const chapter = await page.$eval('#overzicht tbody tr a', (a) => a.getAttribute('href').split('#')[0]);
  // A free page is a menu entry that is not a chapter (those carry their
  // number), not the overview and not the roadmap.
  const freePages = await page.$$eval('nav.navigatie a', (as) => as
    .filter((a) => !/^\d+\./.test(a.textContent.trim()))
    .map((a) => a.getAttribute('href'))
    .filter((h) => h !== 'index.html' && h !== 'tijdpad.html'));
  await context.close();
  assert.ok(freePages.length > 0, 'the sample report has free pages');

  // A chapter page with the chapter's own key figures and those of a
  // recommendation, besides its planning.
  const withFigures = await figurePage();
  const targets = [
    ['index.html', { width: 1280, height: 900 }],
    [chapter, { width: 1280, height: 900 }],
    [withFigures, { width: 1280, height: 900 }],
    [withFigures, { width: 375, height: 740 }],
    ['tijdpad.html', { width: 1280, height: 900 }],
    // The annex of commitments and motions (the sample report has one).
    ['toezeggingen.html', { width: 1280, height: 900 }],
    ['toezeggingen.html', { width: 375, height: 740 }],
    [freePages[0], { width: 1280, height: 900 }],
    ['index.html', { width: 375, height: 740 }],
    [chapter, { width: 375, height: 740 }],
  ];
  const blocking = [];
  for (const [file, viewport] of targets) {
    const url = base + file;
    const violations = await axe(url, viewport);
    if (violations.length) {
      console.log(`axe on ${file} at ${viewport.width}px:${describe(url, violations)}`);
    }
    blocking.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ ...v, url: `${file} @${viewport.width}px` })));
  }
  assert.equal(blocking.length, 0,
    `serious/critical accessibility violations:${blocking.map((v) => describe(v.url, [v])).join('\n')}`);
});

/** Elements wider than the viewport outside a scroll box (at most 20). */
function overflowing(p) {
  return p.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > vw) out.push(`document is ${document.documentElement.scrollWidth}px wide`);
    const inScrollBox = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      if (inScrollBox(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5) && getComputedStyle(el).position !== 'absolute') {
        out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''}: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
      }
    }
    return out.slice(0, 20);
  });
}

test('screenshots at 1280 and 375 wide, with nothing wider than the phone', async () => {
  const { context, page } = await open();
  await page.goto(base + 'index.html');
  const chapter = await page.$eval('#overzicht tbody tr a', (a) => a.getAttribute('href').split('#')[0]);
  await context.close();
  const overflow = [];
  for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 375, 740]]) {
    const { context: ctx, page: p, problems } = await open({ viewport: { width, height }, deviceScaleFactor: 1 });
    for (const [label, file] of [['home', 'index.html'], ['hoofdstuk', chapter], ['kerncijfers', await figurePage()],
      ['tijdpad', 'tijdpad.html'], ['toegankelijkheid', 'toegankelijkheid.html']]) {
      await p.goto(base + file);
      await p.waitForLoadState('load');
      const shot = path.join(SCREENSHOT_DIR, `${label}-${name}-${width}.png`);
      await p.screenshot({ path: shot, fullPage: true });
      assert.ok(fs.statSync(shot).size > 1000, shot);
      // The page itself never scrolls sideways; wide tables and the chart
      // scroll in their own (focusable) box.
      const wide = await overflowing(p);
      if (wide.length) overflow.push(`${file} at ${width}px:\n  ${wide.join('\n  ')}`);
    }
    assert.deepEqual(problems(), []);
    await ctx.close();
  }
  console.log(`screenshots in ${SCREENSHOT_DIR}`);
  assert.deepEqual(overflow, [], 'content wider than the viewport');
});

// ------------------------------------------------------------------ search

/** The search index as the site ships it, run as the script it is. */
function loadIndex() {
  const sandbox = { window: {} };
  vm.runInNewContext(fs.readFileSync(path.join(SITE_DIR, 'static', 'zoekindex.js'), 'utf8'), sandbox);
  return sandbox.window.jaarrapportZoekindex;
}

/** Lower case without accents, worked out here independently of zoeken.js. */
const plain = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Per document URL: how many of its passages contain `word` (folded). */
function passagesWith(index, word) {
  const w = plain(word);
  const out = new Map();
  for (const d of index.documenten) {
    const n = d.p.filter((p) => plain(p[1]).includes(w)).length;
    if (n > 0 || plain(`${d.i} ${d.t}`).includes(w)) out.set(d.u, n);
  }
  return out;
}

/** Types `query` into the search box and waits for the announced count. */
async function search(page, query) {
  await page.locator('#zoekterm').fill(query);
  await page.waitForFunction((q) => document.getElementById('zoek-telling').textContent.includes(`‘${q}’`),
    query.trim(), { timeout: 10000 });
  return page.$$eval('#zoekresultaten > li', (lis) => lis.map((li) => {
    const more = [...li.querySelectorAll('p.zoek-soort')].map((p) => p.textContent).join(' ');
    return {
      url: li.querySelector('a').getAttribute('href'),
      title: li.querySelector('a').textContent,
      passages: li.querySelectorAll('p:not(.zoek-soort)').length,
      more: Number((more.match(/^En (\d+) andere passages?/) || [0, 0])[1]),
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    };
  }));
}

const announced = (page) => page.textContent('#zoek-telling').then((t) => t.trim());
const counted = (n, q) => `${n} ${n === 1 ? 'resultaat' : 'resultaten'} voor ‘${q}’.`;

/** Every search check, on the home page at `url`. */
async function searchWorksAt(url) {
  const index = loadIndex();
  const { context, page, problems } = await open();
  await page.goto(url);
  const box = page.getByLabel('Zoekterm');
  await box.waitFor({ state: 'visible', timeout: 5000 });
  assert.equal(await box.getAttribute('id'), 'zoekterm', 'the field is labelled');
  assert.equal(await page.locator('#zoek-telling').getAttribute('role'), 'status', 'the count is a live region');
  assert.equal(await page.locator('#zoeken-zonder-script').isVisible(), false, 'the no-script note is gone');

  // Accents and case: all spellings find the same documents, exactly
  // those the index holds the word in, and show the text as written.
  const accented = passagesWith(index, 'geïnformeerd');
  assert.ok(accented.size > 0, 'the sample says geïnformeerd somewhere');
  let first;
  for (const q of ['geinformeerd', 'geïnformeerd', 'GEÏNFORMEERD', 'Geinformeerd']) {
    const results = await search(page, q);
    assert.deepEqual(results.map((r) => r.url).sort(), [...accented.keys()].sort(), `documents for ${q}`);
    assert.equal(await announced(page), counted(results.length, q));
    assert.ok(results.some((r) => r.marks.some((m) => m.includes('ï') && plain(m) === 'geinformeerd')),
      `${q}: the passage is shown as written, with the match marked: ${JSON.stringify(results)}`);
    if (first) assert.deepEqual(results, first, `${q} gives what the first spelling gave`);
    first = first || results;
  }

  // Every passage about certificering is found: shown, or counted under its result.
  const cert = passagesWith(index, 'certificering');
  const results = await search(page, 'certificering');
  assert.deepEqual(results.map((r) => r.url).sort(), [...cert.keys()].sort());
  for (const r of results) {
    assert.equal(Math.min(r.passages, cert.get(r.url)) + r.more, cert.get(r.url), `passages of ${r.url}`);
  }
  assert.ok(results.every((r) => r.marks.every((m) => plain(m) === 'certificering')), 'only the word is marked');

  // Identifiers in every spelling: the recommendation itself comes first.
  const target = index.documenten.find((d) => d.i === '2.1.A');
  let byId;
  for (const q of ['2.1.A', '2.1a', '2.1 A', '2.1.a', '2.1 a', '2.1A']) {
    const found = await search(page, q);
    assert.equal(found[0]?.url, target.u, `${q} finds 2.1.A first`);
    assert.ok(found[0].title.startsWith('2.1.A '), found[0].title);
    if (byId) assert.deepEqual(found, byId, `${q} finds what 2.1.A finds`);
    byId = byId || found;
  }
  assert.ok(byId.length > 1, 'other recommendations mention 2.1.A');

  assert.deepEqual(await search(page, 'geen-enkele-aanbeveling-heet-zo'), []);
  assert.equal(await announced(page), 'Geen resultaten voor ‘geen-enkele-aanbeveling-heet-zo’.');
  await page.locator('#zoekterm').fill('');
  await page.waitForFunction(() => document.getElementById('zoek-telling').textContent === '');
  assert.equal(await page.locator('#zoekresultaten > li').count(), 0);

  // A query in the address searches at once.
  await page.goto(`${url}?zoek=certificering`);
  await page.waitForFunction(() => document.querySelectorAll('#zoekresultaten > li').length > 0, null, { timeout: 10000 });
  assert.equal(await page.locator('#zoekterm').inputValue(), 'certificering');
  assert.equal(await announced(page), counted(cert.size, 'certificering'));

  // A result leads to the recommendation.
  await search(page, '2.1a');
  const link = page.locator('#zoekresultaten > li a').first();
  await Promise.all([page.waitForURL(`**/${target.u}`), link.click()]);
  await page.locator(`article#${target.u.split('#')[1]}`).waitFor({ state: 'visible' });
  assert.deepEqual(problems(), []);
  await context.close();
}

test('search finds by word, without accents and by identifier, from file://', async () => {
  await searchWorksAt(pathToFileURL(path.join(SITE_DIR, 'index.html')).href);
});

test('search works from a web server', async () => {
  await searchWorksAt(base + 'index.html');
});

test('search works from jaarrapport serve', { skip: !SERVE_URL && 'SERVE_URL is not set' }, async () => {
  await searchWorksAt(new URL('index.html', SERVE_URL).href);
});

test('search by keyboard alone: reach the field, type, tab to a result, follow it', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + 'index.html');
  await page.locator('#zoekformulier').waitFor({ state: 'visible' });
  let tabs = 0;
  while (tabs < 60 && await page.evaluate(() => document.activeElement.id) !== 'zoekterm') {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'zoekterm', 'the field is in the tab order');
  await page.keyboard.type('certificering');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#zoekresultaten > li').length > 0);
  assert.ok(page.url().endsWith('index.html'), `Enter searches and stays on the page: ${page.url()}`);
  await page.keyboard.press('Tab');
  const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(href, await page.$eval('#zoekresultaten > li a', (a) => a.getAttribute('href')), 'Tab reaches the first result');
  await Promise.all([page.waitForURL(`**/${href}`), page.keyboard.press('Enter')]);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('without JavaScript the page says search needs it and the overview still works', async () => {
  const index = loadIndex();
  const { context, page, problems } = await open({ javaScriptEnabled: false });
  await page.goto(base + 'index.html');
  const note = page.locator('#zoeken-zonder-script');
  assert.ok(await note.isVisible());
  assert.match(await note.textContent(), /werkt alleen met JavaScript/);
  assert.equal(await page.locator('#zoekformulier').isVisible(), false, 'no field that cannot work');
  const recommendations = index.documenten.filter((d) => d.i).length;
  assert.equal(await visibleRows(page), recommendations, 'the overview lists every recommendation');
  const link = page.locator('#overzicht tbody tr a').first();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL(`**/${href}`), link.click()]);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('axe finds nothing on the search with results, nor on the accessibility statement', async () => {
  const withResults = async (page) => {
    await page.locator('#zoekterm').fill('certificering');
    await page.waitForFunction(() => document.querySelectorAll('#zoekresultaten > li').length > 0);
  };
  const found = [];
  for (const [file, viewport, prepare] of [
    ['index.html', { width: 1280, height: 900 }, withResults],
    ['index.html', { width: 375, height: 740 }, withResults],
    ['toegankelijkheid.html', { width: 1280, height: 900 }],
    ['toegankelijkheid.html', { width: 375, height: 740 }],
  ]) {
    const violations = await axe(base + file, viewport, prepare);
    found.push(...violations.map((v) => ({ ...v, url: `${file} @${viewport.width}px` })));
  }
  assert.equal(found.length, 0, `axe violations:${found.map((v) => describe(v.url, [v])).join('\n')}`);
});

test('every page links the accessibility statement from its footer', async () => {
  const { context, page, problems } = await open();
  await page.goto(base + 'index.html');
  const pages = ['index.html', ...await navLinks(page)];
  for (const href of new Set(pages)) {
    await page.goto(base + href);
    assert.equal(await page.locator('footer a[href="toegankelijkheid.html"]').count(), 1, href);
  }
  await page.locator('footer a[href="toegankelijkheid.html"]').click();
  await page.waitForURL('**/toegankelijkheid.html');
  assert.equal((await page.textContent('h1')).trim(), 'Toegankelijkheid');
  assert.equal(await page.locator('footer a[aria-current="page"]').count(), 1);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('search screenshots at 1280 and 375 wide, nothing wider than the phone', async () => {
  const overflow = [];
  for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 375, 740]]) {
    const { context, page, problems } = await open({ viewport: { width, height }, deviceScaleFactor: 1 });
    await page.goto(base + 'index.html');
    await search(page, 'certificering');
    const shot = path.join(SCREENSHOT_DIR, `zoeken-${name}-${width}.png`);
    await page.locator('section.zoeken').screenshot({ path: shot });
    assert.ok(fs.statSync(shot).size > 1000, shot);
    const wide = await overflowing(page);
    if (wide.length) overflow.push(`search at ${width}px:\n  ${wide.join('\n  ')}`);
    assert.deepEqual(problems(), []);
    await context.close();
  }
  assert.deepEqual(overflow, [], 'content wider than the viewport');
});
