// The site's search, measured in headless Chromium: the size of the index
// (raw and gzip -9) and, from a page opened from disk, the time from the
// first keystroke to the first results (loading, parsing and folding the
// index, then searching) and the median time of later queries.
// Figures, not tests.
//
//   npm ci --prefix tests/browser --ignore-scripts
//   node bench/search.mjs SITE_DIR...        (each an OUT/site of `jaarrapport build --format html`)
//
// CHROMIUM names the browser (default /usr/bin/chromium).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const QUERIES = ['certificering', '2.1a', 'geinformeerd', 'huisvesting arbeidsmigranten', 'inspectie', 'zzzz'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
console.log('| site | documents | passages | zoekindex.js | gzip -9 | first results | later query: median | slowest |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const site of process.argv.slice(2)) {
  const file = path.join(site, 'static', 'zoekindex.js');
  const bytes = fs.readFileSync(file);
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.join(site, 'index.html')).href);
  await page.locator('#zoekformulier').waitFor({ state: 'visible' });
  // First query: the field's first input loads the index, then searches.
  const first = await page.evaluate(() => new Promise((resolve) => {
    const input = document.getElementById('zoekterm');
    const count = document.getElementById('zoek-telling');
    const start = performance.now();
    new MutationObserver((_, obs) => {
      if (/resultaat|resultaten/.test(count.textContent)) { obs.disconnect(); resolve(performance.now() - start); }
    }).observe(count, { childList: true, characterData: true, subtree: true });
    input.focus();
    input.value = 'certificering';
    input.form.requestSubmit();
  }));
  const stats = await page.evaluate(() => {
    const idx = window.jaarrapportZoekindex;
    return { docs: idx.documenten.length, passages: idx.documenten.reduce((n, d) => n + d.p.length, 0) };
  });
  // Later queries: a submit searches at once (no typing delay).
  const later = [];
  for (let round = 0; round < 3; round += 1) {
    for (const q of QUERIES) {
      later.push(await page.evaluate((query) => {
        const input = document.getElementById('zoekterm');
        input.value = query;
        const start = performance.now();
        input.form.requestSubmit();
        return performance.now() - start;
      }, q));
    }
  }
  await page.close();
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`| ${site} | ${stats.docs} | ${stats.passages} | ${kb(bytes.length)} | ${kb(gz)} | ${first.toFixed(0)} ms | ${median(later).toFixed(0)} ms | ${Math.max(...later).toFixed(0)} ms |`);
}
await browser.close();
