// The bad news on a phone: the overview of a report with overdue, moved
// and dropped milestones (the fixture of tests/bad_news.rs), opened from
// the file system in headless Chromium at 375, 768 and 1280 px wide.
// Nothing a reader needs lies outside the screen unless it is in a box
// that visibly scrolls; the planning opens at the peildatum; the menu
// folds away and opens without JavaScript; a search from the address bar
// shows its first result on the first screen.
//
// Run through `cargo test --test browser the_bad_news`, which builds the
// fixture and sets SITE_DIR.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const SITE_DIR = process.env.SITE_DIR;
if (!SITE_DIR || !fs.existsSync(path.join(SITE_DIR, 'index.html'))) {
  throw new Error(`SITE_DIR must name a built site (with index.html); got ${JSON.stringify(SITE_DIR)}`);
}
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'jaarrapport-bad-news-'));
fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 375, height: 740 };
const SERVE_URL = process.env.SERVE_URL;
const url = (file) => pathToFileURL(path.join(SITE_DIR, file)).href;

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
});
after(async () => { if (browser) await browser.close(); });

/** A page at `viewport`; `problems()` lists console errors and page errors. */
async function open(viewport, options = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems: () => problems };
}

/**
 * Elements matching `selector` whose box is not inside the viewport's
 * width, unless an ancestor scrolls sideways and shows that it does
 * (its content is wider than its box and it has a scroll bar or is
 * focusable to scroll by keyboard).
 */
function offScreen(page, selector) {
  return page.$$eval(selector, (els) => {
    const vw = document.documentElement.clientWidth;
    const scroller = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (['auto', 'scroll'].includes(s.overflowX) && a.scrollWidth > a.clientWidth) return a;
      }
      return null;
    };
    return els.flatMap((el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return [`${el.outerHTML.slice(0, 80)} is not shown`];
      if (r.left >= -0.5 && r.right <= vw + 0.5) return [];
      const box = scroller(el);
      const b = box && box.getBoundingClientRect();
      // In a scrolling box that fits the screen, shows a scroll bar (its
      // offset height exceeds its client height) and takes the keyboard.
      if (box && b.right <= vw + 0.5 && b.left >= -0.5 && box.tabIndex >= 0 &&
        box.offsetHeight - box.clientHeight > 0) return [];
      return [`${el.tagName.toLowerCase()}[${el.getAttribute('data-kop') || el.textContent.trim().slice(0, 30)}]: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`];
    });
  });
}

test('at 375 px every status segment and every date and reason cell is on the screen', async () => {
  const { context, page, problems } = await open(PHONE);
  await page.goto(url('index.html'));
  const segments = await page.locator('.grafiek svg rect').count();
  assert.ok(segments >= 3, `status segments drawn (${segments})`);
  assert.deepEqual(await offScreen(page, '.grafiek svg rect'), []);
  const cells = 'table.over-tijd td, table.verschoven td, table.vervallen-tabel td';
  const kinds = await page.$$eval(cells, (tds) => [...new Set(tds.map((td) => td.getAttribute('data-kop')))].sort());
  for (const kop of ['Gepland', 'Naar', 'Over tijd', 'Toelichting', 'Van']) assert.ok(kinds.includes(kop), `${kop} in ${kinds}`);
  assert.deepEqual(await offScreen(page, cells), []);
  // The count table and the overview table too.
  assert.deepEqual(await offScreen(page, 'table.telling td, #overzicht td'), []);
  // Each cell says what it is, now that the table head is hidden.
  const label = await page.$eval('table.over-tijd td[data-kop="Over tijd"]', (td) => getComputedStyle(td, '::before').content);
  assert.equal(label, '"Over tijd: "');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the overview says first what is late, moved and dropped, and why', async () => {
  const { context, page } = await open(PHONE);
  await page.goto(url('index.html'));
  // "In het kort" and its first line (what is late) are on the first
  // screen, before the search; "Over tijd" follows.
  const first = await page.locator('.kern-lijst li').first().boundingBox();
  assert.ok(first.y + first.height <= PHONE.height, `the first line of "In het kort" ends at ${first.y + first.height}`);
  const kern = await page.locator('#kern').boundingBox();
  const search = await page.locator('#zoeken').boundingBox();
  assert.ok(kern.y < search.y, `"In het kort" at ${kern.y}, the search at ${search.y}`);
  const order = await page.$$eval('main h2', (hs) => hs.map((h) => h.id));
  assert.ok(order.indexOf('over-tijd') < order.indexOf('verschoven'), order.join(' '));
  assert.ok(order.indexOf('verschoven') < order.indexOf('stand'), order.join(' '));
  await context.close();
});

test('the planning opens at the peildatum on a phone, at the start on a wide screen', async () => {
  for (const file of ['index.html', 'werk.html']) {
    const { context, page, problems } = await open(PHONE);
    await page.goto(url(file));
    await page.waitForLoadState('load');
    const s = await page.$eval('.planning-scroll', (box) => {
      const svg = box.querySelector('svg');
      return { left: box.scrollLeft, width: box.clientWidth, scrollWidth: box.scrollWidth, peil: Number(svg.getAttribute('data-peil-x')) };
    });
    assert.ok(s.scrollWidth > s.width, `${file}: wider than the phone`);
    assert.ok(s.left > 0, `${file}: scrolled (${s.left})`);
    assert.ok(s.peil - s.left >= 0 && s.peil - s.left <= s.width, `${file}: peildatum at ${s.peil - s.left} of ${s.width}`);
    // The peildatum's line itself is on the screen.
    const line = await page.locator('.planning-scroll line.planning-peil').boundingBox();
    assert.ok(line.x >= 0 && line.x <= PHONE.width, `${file}: the line at ${line.x}`);
    // Its label and every row's recommendation id are inside the box too.
    const box = await page.locator('.planning-scroll').boundingBox();
    const inside = (b) => b.x >= box.x - 1 && b.x + b.width <= box.x + box.width + 1;
    const label = await page.locator('.planning-scroll text.planning-peiltekst').boundingBox();
    assert.ok(inside(label), `${file}: the peildatum's label at ${label.x}..${label.x + label.width} of ${box.x}..${box.x + box.width}`);
    for (const id of await page.locator('.planning-scroll text.planning-id').all()) {
      const b = await id.boundingBox();
      assert.ok(inside(b), `${file}: ${await id.textContent()} at ${b.x} of ${box.x}..${box.x + box.width}`);
    }
    assert.deepEqual(problems(), []);
    await context.close();
  }
  // At every width, no id runs over a status label that is shown.
  for (const width of [375, 768, 1280]) {
    const { context, page } = await open({ width, height: 900 });
    await page.goto(url('werk.html'));
    await page.waitForLoadState('load');
    // As it opens, and swiped a little way (where the status labels are
    // still half on the screen).
    for (const swipe of [null, 30]) {
      if (swipe !== null) {
        await page.$eval('.planning-scroll', (b, left) => { b.scrollLeft = left; }, swipe);
        await page.waitForFunction(() => document.querySelector('.planning-scroll').scrollLeft === 0
          || document.querySelector('.planning-scroll').classList.contains('planning-verschoven'));
      }
      const clashes = await page.$$eval('.planning-scroll svg', (svgs) => svgs.flatMap((svg) => {
        const shown = [...svg.querySelectorAll('.planning-status')].filter((t) => getComputedStyle(t).visibility !== 'hidden').map((t) => t.getBoundingClientRect());
        return [...svg.querySelectorAll('.planning-id')].map((t) => [t.textContent, t.getBoundingClientRect()])
          .filter(([, a]) => shown.some((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom))
          .map(([id]) => id);
      }));
      assert.deepEqual(clashes, [], `werk.html at ${width} px, scrolled ${swipe}: ids over status labels`);
    }
    await context.close();
  }
  const { context, page } = await open({ width: 1280, height: 900 });
  await page.goto(url('index.html'));
  await page.waitForLoadState('load');
  assert.equal(await page.$eval('.planning-scroll', (b) => b.scrollLeft), 0, 'nothing to scroll at 1280 px');
  await context.close();
});

test('the menu folds behind one button on a phone and opens without JavaScript', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const { context, page } = await open(PHONE, { javaScriptEnabled });
    await page.goto(url('index.html'));
    const links = page.locator('nav.navigatie ul a');
    assert.equal(await links.first().isVisible(), false, 'folded');
    const nav = await page.locator('nav.navigatie').boundingBox();
    assert.ok(nav.height < 60, `one row high (${nav.height})`);
    await page.locator('label.menu-knop').click();
    assert.equal(await links.first().isVisible(), true, `opened (JavaScript ${javaScriptEnabled})`);
    await links.filter({ hasText: 'Tijdpad' }).click();
    assert.match(page.url(), /tijdpad\.html$/);
    await context.close();
  }
  const { context, page } = await open({ width: 1280, height: 900 });
  await page.goto(url('index.html'));
  assert.equal(await page.locator('label.menu-knop').isVisible(), false, 'no button on a wide screen');
  assert.equal(await page.locator('nav.navigatie ul a').first().isVisible(), true);
  await context.close();
});

test('a search from the address bar shows its first result, with its status, on the first screen', async () => {
  const { context, page, problems } = await open(PHONE);
  await page.goto(`${url('index.html')}?zoek=certificering`);
  const first = page.locator('#zoekresultaten li').first();
  await first.waitFor();
  await page.waitForFunction(() => document.querySelector('#zoekresultaten li').getBoundingClientRect().top < window.innerHeight);
  const box = await first.boundingBox();
  assert.ok(box.y >= 0 && box.y < PHONE.height, `first result at ${box.y}`);
  // A recommendation's result carries its status, as its page does.
  assert.match(await first.locator('a').textContent(), /^2\.1\.A /);
  assert.equal((await first.locator('.status').textContent()).trim(), 'In uitvoering');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the filter shows only what changed, moved, is late or was dropped', async () => {
  const { context, page } = await open({ width: 1280, height: 900 });
  await page.goto(url('index.html'));
  await page.selectOption('#f-let', 'aandacht');
  const shown = await page.$$eval('#overzicht tbody tr', (rows) => rows.filter((r) => !r.hidden).map((r) => r.querySelector('td').textContent.trim()));
  assert.deepEqual(shown, ['2.1.A', '4.2.C']);
  await page.selectOption('#f-let', 'over-tijd');
  const late = await page.$$eval('#overzicht tbody tr', (rows) => rows.filter((r) => !r.hidden).length);
  assert.equal(late, 1);
  assert.match(await page.locator('#filter-telling').textContent(), /^1 van 4 aanbevelingen$/);
  await context.close();
});

test('axe finds nothing serious at 375, 768 and 1280 px; screenshots of each', async () => {
  const blocking = [];
  for (const width of [375, 768, 1280]) {
    for (const file of ['index.html', 'werk.html', 'tijdpad.html']) {
      const { context, page } = await open({ width, height: 900 }, { bypassCSP: true });
      await page.goto(url(file));
      await page.waitForLoadState('load');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${file.replace('.html', '')}-${width}.png`), fullPage: true });
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html.slice(0, 120)) }));
      }, WCAG_TAGS);
      blocking.push(...violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => ({ file, width, ...v })));
      await context.close();
    }
  }
  console.log(`screenshots in ${SCREENSHOT_DIR}`);
  assert.deepEqual(blocking, []);
});

test('the downloads in every footer resolve from file:// and from jaarrapport serve', async () => {
  const { context, page } = await open({ width: 1280, height: 900 });
  for (const file of ['index.html', 'werk.html', 'tijdpad.html', 'toegankelijkheid.html']) {
    await page.goto(url(file));
    const links = await page.$$eval('footer .downloads a', (as) => as.map((a) => ({ href: a.href, text: a.textContent, size: a.nextSibling.textContent })));
    assert.deepEqual(links.map((l) => l.text),
      ['Open data (JSON)', 'Tabel (CSV)', 'Kerncijfers (CSV)', 'Toezeggingen en moties (CSV)', 'Beschrijving van de open data (DCAT)'], file);
    for (const l of links) {
      assert.ok(l.href.startsWith('file:'), l.href);
      const local = new URL(l.href).pathname;
      assert.ok(fs.existsSync(local), `${file}: ${l.href} resolves`);
      assert.match(l.size, /^ \(\d+(,\d)? (bytes|kB|MB)\)/, `${file}: size of ${l.text}`);
    }
  }
  await context.close();
  assert.ok(SERVE_URL, 'SERVE_URL is set');
  const served = await fetch(new URL('index.html', SERVE_URL));
  // Tera writes the slash of an address in an attribute as a character reference.
  const html = (await served.text()).replace(/&#x2F;/g, '/');
  const hrefs = [...html.matchAll(/<footer[\s\S]*?<\/footer>/g)][0][0].match(/href="downloads\/[^"]+"/g).map((h) => h.slice(6, -1));
  assert.ok(hrefs.length >= 3, `${hrefs}`);
  for (const href of hrefs) {
    const res = await fetch(new URL(href, SERVE_URL));
    assert.equal(res.status, 200, href);
    assert.ok((await res.arrayBuffer()).byteLength > 0, href);
  }
});
