// `congkhai serve` in a real browser: the open page reloads by itself after
// an edit, shows the error overlay when the file breaks (over Server-Sent
// Events, without a reload), and drops it once the file is fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch } from './browser.mjs';

const BIN = resolve('target/release/congkhai');
const RECORD = 'content/ban-co/fund/hem-45-q3.md';
const PAGE = '/ban-co/fund/hem-45-q3.html';

let browser;
let server;
let root;
let base;

/** Starts serve on a free port; resolves with its address. */
function start(dir) {
  return new Promise((ok, fail) => {
    const child = spawn(BIN, ['serve', '--port', '0', '--today', '2026-11-22', '--root', dir], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`serve did not announce its address:\n${out}`)), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/[\d.]+:\d+/);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[0] });
      }
    });
    child.on('exit', (code) => fail(new Error(`serve exited (${code}):\n${out}`)));
  });
}

function edit(from, to) {
  const path = join(root, RECORD);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `${RECORD} has no "${from}"`);
  writeFileSync(path, text.replace(from, to));
}

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is built (scripts/browser-tests builds it)`);
  root = mkdtempSync(join(tmpdir(), 'congkhai-serve-'));
  cpSync('tests/fixtures/mini', root, { recursive: true });
  const started = await start(root);
  server = started.child;
  base = started.url;
  browser = await launch();
});

after(async () => {
  await browser.close();
  server.kill('SIGINT');
  rmSync(root, { recursive: true, force: true });
  assert.deepEqual(browser.errors, [], 'no script errors');
});

test('the page follows the file: reload, error overlay, overlay gone', async () => {
  const page = await browser.page();
  await page.goto(base + PAGE);
  assert.match(await page.title(), /^Quỹ nâng cấp hẻm 45/);
  // Let the event stream connect before the first edit.
  await page.waitForTimeout(500);

  edit('title: Quỹ nâng cấp hẻm 45', 'title: Quỹ mở rộng hẻm 45');
  await page.waitForFunction(() => document.title.startsWith('Quỹ mở rộng hẻm 45'), null, { timeout: 15000 });

  await page.waitForTimeout(300);
  edit('closing_balance: 2300000', 'closing_balance: [');
  const overlay = await page.waitForSelector('#congkhai-overlay', { timeout: 15000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/ban-co\/fund\/hem-45-q3\.md:19/, 'file and line');
  assert.match(text, /YAML/, 'the message');
  assert.match(await page.title(), /^Quỹ mở rộng hẻm 45/, 'the last good page stays');

  edit('closing_balance: [', 'closing_balance: 2300000');
  await page.waitForFunction(() => !document.getElementById('congkhai-overlay'), null, { timeout: 15000 });
  assert.match(await page.title(), /^Quỹ mở rộng hẻm 45/);
  await page.close();
});

test('a page the edit does not touch is left alone', async () => {
  const other = await browser.page();
  await other.goto(base + '/ban-co/procedure/khai-sinh.html');
  await other.evaluate(() => { window.notReloaded = true; });
  const page = await browser.page();
  await page.goto(base + PAGE);
  await page.waitForTimeout(500);
  edit('title: Quỹ mở rộng hẻm 45', 'title: Quỹ làm mới hẻm 45');
  await page.waitForFunction(() => document.title.startsWith('Quỹ làm mới hẻm 45'), null, { timeout: 15000 });
  await other.waitForTimeout(300);
  assert.equal(await other.evaluate(() => window.notReloaded), true, 'the procedure page did not reload');
  await page.close();
  await other.close();
});
