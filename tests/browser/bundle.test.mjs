// The offline bundle: `congkhai bundle` writes a ward's zip; unzipped into a
// fresh folder and opened from file://, its search finds a record with a
// query written without accents and opens it, and the pages ask for nothing
// but file:// addresses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, fileUrl, searched } from './browser.mjs';

const BIN = process.env.CONGKHAI_BIN;
const FIXTURE = fileURLToPath(new URL('../fixtures/mini', import.meta.url));
let browser, work, site;
const outside = [];

before(async () => {
  assert.ok(BIN && existsSync(BIN), 'CONGKHAI_BIN must name the congkhai binary: run scripts/browser-tests');
  work = mkdtempSync(join(tmpdir(), 'congkhai-bundle-'));
  // The bundle command builds the site inside the repository: a copy.
  const repo = join(work, 'repo');
  cpSync(FIXTURE, repo, { recursive: true });
  const zips = join(work, 'zips');
  execFileSync(BIN, ['bundle', '--root', repo, '--today', '2026-11-22', '--ward', 'ban-co', '--out', zips], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  site = join(work, 'unzipped');
  execFileSync('unzip', ['-q', join(zips, 'ban-co.zip'), '-d', site]);
  // Checked as a citizen would: the sums file the bundle carries.
  execFileSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: join(site, 'ban-co'), stdio: ['ignore', 'ignore', 'pipe'] });
  browser = await launch();
  // Every request of every page: anything but file:// fails the test, and is
  // not let through.
  await browser.context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  browser.context.on('request', (r) => {
    if (!r.url().startsWith('file://')) outside.push(r.url());
  });
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  assert.deepEqual(browser?.errors ?? [], [], 'no script errors on any page');
});

test('the unzipped bundle searches without accents and opens a result from file://', async () => {
  assert.ok(existsSync(join(site, 'ban-co', 'index.html')), 'the ward home is in the zip');
  const page = await browser.page();
  await page.goto(fileUrl(site, 'ban-co/index.html'));
  assert.match(await page.title(), /Bàn Cờ/);
  // The search form of the home, as a citizen uses it.
  await page.fill('input[name="q"]', 'quy che dan chu');
  await Promise.all([page.waitForURL(/search\.html\?q=/), page.press('input[name="q"]', 'Enter')]);
  const r = await searched(page);
  assert.equal(r.error, null);
  assert.ok(r.links.length >= 1, r.count);
  assert.equal(r.links[0].href, 'document/qd-125.html');
  await Promise.all([page.waitForURL(/document\/qd-125\.html$/), page.click('#search-results > li a')]);
  assert.equal((await page.textContent('h1')).trim(), r.links[0].text.trim());
  assert.ok(page.url().startsWith('file://'), page.url());
  // The page's data beside it, and its attachments' and assets' links, stay
  // inside the bundle.
  const hrefs = await page.$$eval('a[href], link[href], script[src]', (els) =>
    els.map((e) => e.getAttribute('href') ?? e.getAttribute('src')));
  for (const h of hrefs.filter((h) => !/^(https?:|mailto:|tel:|#)/.test(h))) {
    const target = new URL(h, page.url());
    assert.equal(target.protocol, 'file:', h);
  }
  await page.close();
  assert.deepEqual(outside, [], 'no request left file://');
});

test('the guard itself sees a request that leaves file://', async () => {
  const page = await browser.page();
  await page.goto(fileUrl(site, 'ban-co/index.html'));
  const seen = outside.length;
  await page.evaluate(() => fetch('http://127.0.0.1:9/ra-ngoai').catch(() => null));
  assert.ok(outside.some((u) => u.includes('/ra-ngoai')), JSON.stringify(outside));
  outside.splice(seen);
  await page.close();
});
