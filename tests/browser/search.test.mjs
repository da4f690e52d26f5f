// Search from file://, over HTTP and from a ward folder copied alone, on the
// mini fixture (exact expectations) and the sample site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, cpSync, mkdtempSync, rmSync, readFile } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, extname } from 'node:path';
import { launch, fileUrl, searched, MINI, SAMPLE } from './browser.mjs';

const vectors = JSON.parse(readFileSync(new URL('../search-vectors.json', import.meta.url), 'utf8'));
const SEARCH = 'ban-co/search.html';
let browser;

before(async () => { browser = await launch(); });
after(async () => {
  await browser.close();
  assert.deepEqual(browser.errors, [], 'no script errors on any page');
});

async function search(root, query, path = SEARCH) {
  const page = await browser.page();
  await page.goto(fileUrl(root, path, query));
  return { page, ...(await searched(page)) };
}

test('folding and tokenising agree with the Rust vectors', async () => {
  const page = await browser.page();
  await page.goto(fileUrl(MINI, SEARCH));
  await page.waitForFunction(() => window.congkhaiSearch);
  const got = await page.evaluate((v) => {
    const s = window.congkhaiSearch;
    const syl = (t) => s.syllables(s.fold(t)).map((x) => x.text);
    return {
      fold: v.fold.map(([input]) => s.fold(input)),
      same: v.same.map(([a, b]) => s.fold(a) === s.fold(b)),
      tokens: v.tokens.map((c) => {
        const f = s.fold(c.text), x = s.syllables(f);
        return { syllables: x.map((y) => y.text), pairs: s.pairs(x), compounds: s.compounds(f, x) };
      }),
      matches: v.matches.map(([q, text]) => syl(q).every((w) => syl(text).includes(w))),
    };
  }, vectors);
  assert.deepEqual(got.fold, vectors.fold.map(([, want]) => want));
  assert.ok(got.same.every(Boolean), `pairs that fold equal: ${JSON.stringify(got.same)}`);
  assert.deepEqual(got.tokens, vectors.tokens.map(({ syllables, pairs, compounds }) => ({ syllables, pairs, compounds })));
  assert.deepEqual(got.matches, vectors.matches.map((m) => m[2]));
  await page.close();
});

test('an identifier query finds the record that cites it, first', async () => {
  for (const [q, id] of [
    ['59/2023/NĐ-CP', 'plan/ke-hoach-dan-chu-2026.html'],
    ['59/2023/nd-cp', 'plan/ke-hoach-dan-chu-2026.html'],
    ['72/KH-UBND', 'plan/ke-hoach-dan-chu-2026.html'],
    ['1.001193', 'procedure/khai-sinh.html'],
    ['thua 46', 'land/bt-hem-45.html'],
    ['125/QĐ-UBND', 'document/qd-125.html'],
  ]) {
    const r = await search(MINI, `?q=${encodeURIComponent(q)}`);
    assert.equal(r.error, null);
    assert.ok(r.links.length >= 1, `${q}: ${r.count}`);
    assert.equal(r.links[0].href, id, q);
    await r.page.close();
  }
});

test('queries without accents find accented text, and marks show the terms', async () => {
  const r = await search(MINI, '?q=dan+chu');
  assert.ok(r.links.some((l) => l.href === 'plan/ke-hoach-dan-chu-2026.html'), JSON.stringify(r.links));
  assert.equal(r.items, r.links.length, 'one <li> and one link per hit');
  assert.match(r.count, new RegExp(`^${r.items} `), r.count);
  const first = await r.page.$eval('#search-results > li', (li) => ({
    marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    text: li.textContent,
  }));
  assert.ok(first.marks.includes('dân') && first.marks.includes('chủ'), JSON.stringify(first));
  assert.match(first.text, /\d{1,2}\/\d{1,2}\/\d{4}/, 'shows the date');
  assert.equal(await r.page.inputValue('#search-q'), 'dan chu');
  await r.page.close();
});

test('a facet filters the results, with counts', async () => {
  const all = await search(MINI, '?q=hem+45');
  const kinds = await all.page.$$eval('[data-facet="kind"] a', (as) => as.map((a) => a.textContent));
  assert.ok(kinds.length >= 3, `kind facet lists the kinds: ${kinds}`);
  assert.ok(all.links.length >= 3, all.count);
  // Following the facet link in place narrows to that kind.
  await all.page.click('[data-facet="kind"] a[href*="kind=fund"]');
  const fund = await searched(all.page);
  assert.deepEqual(fund.links.map((l) => l.href), ['fund/hem-45-q3.html']);
  assert.match(await all.page.textContent('[data-facet="kind"] a[aria-current]'), /\(1\)/);
  await all.page.close();
  // The same filter from the URL; a year and a status.
  const direct = await search(MINI, '?q=hem+45&kind=fund');
  assert.deepEqual(direct.links.map((l) => l.href), ['fund/hem-45-q3.html']);
  await direct.page.close();
  const expired = await search(MINI, '?q=hem+45&status=expired');
  assert.deepEqual(expired.links.map((l) => l.href).sort(), ['dialogue/doi-thoai-hem-45.html', 'land/bt-hem-45.html']);
  await expired.page.close();
  const item = await search(MINI, '?q=dan&item=4');
  assert.ok(item.links.length >= 1);
  assert.ok(item.links.every((l) => l.href.startsWith('document/')), JSON.stringify(item.links));
  await item.page.close();
});

test('a word with no match is reported, never dropped', async () => {
  const r = await search(MINI, '?q=dan+chu+xyzzy');
  assert.equal(r.items, 0);
  assert.match(r.count, /xyzzy/);
  assert.doesNotMatch(r.count, /«dan»|«chu»/);
  // The offered search without the word finds results.
  await r.page.click('#search-count a');
  const rest = await searched(r.page);
  assert.ok(rest.items >= 1, rest.count);
  await r.page.close();
});

test('a word misspelt by one letter is corrected when a neighbour confirms it, and the page says so', async () => {
  const r = await search(MINI, '?q=dan+cuh');
  assert.ok(r.links.some((l) => l.href === 'plan/ke-hoach-dan-chu-2026.html'), JSON.stringify(r.links));
  assert.match(r.count, /«cuh» → «chu»/);
  const marks = await r.page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.includes('chủ'), JSON.stringify(marks));
  await r.page.close();
  // An amount typed without its thousands dots finds the amount written with them.
  const amount = await search(SAMPLE, '?q=35600000', 'nhieu-loc/search.html');
  assert.deepEqual(amount.links.map((l) => l.href), ['fund/dong-gop-cai-tao-cong-hem-175-tran-quang-dieu.html']);
  assert.match(amount.count, /«35600000» → «35\.600\.000»/);
  await amount.page.close();
  // Alone, the word is not corrected: it is reported as not found.
  const alone = await search(MINI, '?q=cuh');
  assert.equal(alone.items, 0);
  assert.match(alone.count, /cuh/);
  await alone.page.close();
});

test('names masked on the pages are not found', async () => {
  for (const q of ['Cường', 'Lê Văn Cường', 'Trần Thị Bình']) {
    const r = await search(MINI, `?q=${encodeURIComponent(q)}`);
    assert.equal(r.items, 0, `${q}: ${r.count}`);
    await r.page.close();
  }
});

test('result links open the right records', async () => {
  const r = await search(MINI, '?q=quy+che+dan+chu');
  assert.ok(r.links.length >= 1);
  const { text, href } = r.links[0];
  await Promise.all([r.page.waitForURL(/document\/qd-125\.html$/), r.page.click('#search-results > li a')]);
  assert.equal(href, 'document/qd-125.html');
  assert.equal((await r.page.textContent('h1')).trim(), text.trim());
  await r.page.close();
});

test('without JavaScript the page says search needs it and links to the lists', async () => {
  const noJs = await launch({ javaScriptEnabled: false });
  const page = await noJs.page();
  await page.goto(fileUrl(MINI, SEARCH, '?q=dan'));
  const text = await page.textContent('main');
  assert.match(text, /JavaScript/);
  assert.ok(await page.$('main a[href="plan/index.html"]'));
  await noJs.close();
});

test('works from a ward folder copied alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'congkhai-ward-'));
  cpSync(join(MINI, 'ban-co'), join(dir, 'copy'), { recursive: true });
  const r = await search(dir, '?q=59/2023/NĐ-CP', 'copy/search.html');
  assert.equal(r.links[0]?.href, 'plan/ke-hoach-dan-chu-2026.html', r.count);
  await r.page.close();
  rmSync(dir, { recursive: true, force: true });
});

test('works over HTTP', async () => {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    readFile(join(MINI, path), (err, body) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
      res.end(body);
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const page = await browser.page();
    await page.goto(`http://127.0.0.1:${server.address().port}/${SEARCH}?q=khai+sinh`);
    const r = await searched(page);
    assert.equal(r.links[0]?.href, 'procedure/khai-sinh.html', r.count);
    await page.close();
  } finally {
    server.close();
  }
});

test('the sample site: an identifier written without its year ranks the records that cite it first', async () => {
  // `59/NĐ-CP` is how people often write `59/2023/NĐ-CP`; other records hold
  // `59` and `NĐ-CP` apart, and must come after those that cite it.
  for (const ward of ['ban-co', 'xuan-hoa']) {
    const r = await search(SAMPLE, `?q=${encodeURIComponent('59/NĐ-CP')}`, `${ward}/search.html`);
    const cites = r.links.map((l) => readFileSync(join(SAMPLE, ward, l.href), 'utf8').includes('59/2023/NĐ-CP'));
    const first = cites.indexOf(false);
    assert.ok(cites.filter(Boolean).length >= 2, `${ward}: ${JSON.stringify(r.links)}`);
    // Every result may cite it; where some do not, they all come after.
    assert.ok(first === -1 || (first > 0 && cites.slice(first).every((c) => !c)), `${ward}: citing records first, got ${cites}`);
    await r.page.close();
  }
});

test('the sample site: identifiers from the shared documents are found in each ward', async () => {
  for (const ward of ['ban-co', 'nhieu-loc', 'xuan-hoa']) {
    const r = await search(SAMPLE, '?q=59/2023/NĐ-CP', `${ward}/search.html`);
    assert.ok(r.links.length >= 1, `${ward}: ${r.count}`);
    await Promise.all([r.page.waitForNavigation(), r.page.click('#search-results > li a')]);
    assert.match(await r.page.textContent('main'), /59\/2023\/NĐ-CP/);
    await r.page.close();
  }
});
