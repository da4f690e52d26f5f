// The portal's ward finder: any current or former name, with or without accents.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, fileUrl, SAMPLE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser.close();
  assert.deepEqual(browser.errors, [], 'no script errors');
});

/** Types `query` into the finder; returns the names of the wards shown. */
async function find(page, query) {
  await page.fill('#finder-q', query);
  return page.$$eval('#ward-list li.ward-card', (lis) => lis.filter((li) => !li.hidden).map((li) => li.querySelector('h3').textContent.trim()));
}

test('every ward is found by each of its names, typed without accents', async () => {
  const page = await browser.page();
  await page.goto(fileUrl(SAMPLE, 'index.html'));
  assert.equal(await page.isVisible('#ward-finder'), true, 'the finder shows when JavaScript runs');
  const cards = await page.$$eval('#ward-list li.ward-card', (lis) => lis.map((li) => ({
    name: li.querySelector('h3').textContent.trim(),
    names: li.getAttribute('data-names').split('|'),
  })));
  assert.ok(cards.length >= 2, 'the sample has several wards');
  const plain = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  for (const card of cards) {
    assert.ok(card.names.length >= 2, `${card.name} lists its former units`);
    for (const name of card.names) {
      const shown = await find(page, plain(name));
      assert.ok(shown.includes(card.name), `"${plain(name)}" finds ${card.name}: ${shown}`);
      assert.ok(shown.length < cards.length, `"${plain(name)}" narrows the list: ${shown}`);
    }
  }
  assert.deepEqual(await find(page, 'khong co phuong nay'), []);
  assert.match(await page.textContent('#finder-status'), /\S/);
  assert.equal((await find(page, '')).length, cards.length, 'an empty query shows every ward');
  await page.close();
});

test('the finder folds the query the same way as search', async () => {
  const page = await browser.page();
  await page.goto(fileUrl(SAMPLE, 'index.html'));
  const [name] = await page.$$eval('#ward-list li.ward-card h3', (hs) => hs.map((h) => h.textContent.trim()));
  const upper = await find(page, name.toUpperCase());
  const nfd = await find(page, name.normalize('NFD'));
  assert.ok(upper.includes(name) && nfd.includes(name), `${upper} / ${nfd}`);
  await page.close();
});
