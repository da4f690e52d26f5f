// Measures a built site's search in Debian's headless Chromium, from file://:
// index size, file count and sizes, bytes a cold query loads, latencies.
// Used by bench/search.sh:  node bench/search.mjs SITE_DIR
// Prints one JSON object on stdout.
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Queries as citizens type them: without accents, common and rare words,
// phrases, identifiers, one with accents and one word with no match.
const QUERIES = [
  'dat dai', 'boi thuong', 'dan chu', 'ke hoach', 'quy khuyen hoc', 'hem', 'thu tuc hanh chinh',
  'dang ky khai sinh', 'thua dat', 'nang cap hem', 'QĐ-UBND', 'khu pho 3', 'an ninh trat tu',
  'moi truong', 'giai phong mat bang', 'tai dinh cu', 'cong khai', 'ngan sach', 'doi thoai',
  'cam ket', 'tiep cong dan', 'chieu sang cong cong', 'truong mam non', 'UBND phuong',
  '10/2022/QH15', 'quy vi nguoi ngheo', 'nha van hoa', 'xây dựng', 'y te', 'dan chu xyzzy',
];
const WARM_RUNS = 5;

const site = process.argv[2];
const ward = readdirSync(site).find((d) => statSync(join(site, d)).isDirectory() && d !== 'assets');
const dir = join(site, ward, 'search');
const files = readdirSync(dir).sort();
const size = (f) => statSync(join(dir, f)).size;
const sizes = files.map(size).sort((a, b) => a - b);
const raw = sizes.reduce((a, b) => a + b, 0);
const gzip = files.reduce((a, f) => a + gzipSync(readFileSync(join(dir, f)), { level: 6 }).length, 0);
const manifestText = readFileSync(join(dir, 'manifest.js'), 'utf8');
const docs = Number(/"docs":(\d+)/.exec(manifestText)[1]);
const pageBytes = ['search.html', 'assets/search.js', 'assets/style.css']
  .reduce((a, f) => a + statSync(join(site, ward, f)).size, 0);

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

const profile = mkdtempSync(join(tmpdir(), 'congkhai-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  chromiumSandbox: false,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const url = pathToFileURL(join(site, ward, 'search.html')).href;
const cold = [], warm = [], coldBytes = [], hits = {};
for (const q of QUERIES) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(url);
  await page.waitForFunction(() => window.congkhaiSearch);
  const run = () => page.evaluate(async (query) => {
    const t = performance.now();
    await window.congkhaiSearch.go(query);
    // Wait for the results to be laid out, as a reader would see them.
    await new Promise((r) => requestAnimationFrame(() => r()));
    return {
      ms: performance.now() - t,
      files: window.congkhaiSearch.loadedFiles(),
      count: document.getElementById('search-count').getAttribute('data-total'),
    };
  }, q);
  const first = await run();
  cold.push(first.ms);
  coldBytes.push(first.files.reduce((a, f) => a + size(f), 0));
  hits[q] = Number(first.count);
  for (let i = 0; i < WARM_RUNS; i++) warm.push((await run()).ms);
  await page.close();
}
await context.close();
rmSync(profile, { recursive: true, force: true });

const kb = (b) => Math.round(b / 102.4) / 10;
console.log(JSON.stringify({
  records: docs,
  index_raw_kb_per_record: Math.round((raw / docs / 1024) * 1000) / 1000,
  index_gzip_kb_per_record: Math.round((gzip / docs / 1024) * 1000) / 1000,
  index_raw_mb: Math.round(raw / 1048576 * 10) / 10,
  files: files.length,
  file_p95_kb: kb(quantile(sizes, 0.95)),
  file_max_kb: kb(sizes[sizes.length - 1]),
  cold_query_index_kb_median: kb(quantile(coldBytes, 0.5)),
  cold_query_index_kb_max: kb(Math.max(...coldBytes)),
  page_and_script_kb: kb(pageBytes),
  warm_ms_median: Math.round(quantile(warm, 0.5) * 10) / 10,
  warm_ms_p95: Math.round(quantile(warm, 0.95) * 10) / 10,
  cold_ms_median: Math.round(quantile(cold, 0.5) * 10) / 10,
  cold_ms_p95: Math.round(quantile(cold, 0.95) * 10) / 10,
  hits,
}));
