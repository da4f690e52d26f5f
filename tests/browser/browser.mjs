// Shared by the browser tests: Debian's Chromium, headless, with a fresh
// profile, and the sites that scripts/browser-tests built.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

/** The built sites: tests/fixtures/mini and the sample repository. */
export const MINI = process.env.CONGKHAI_MINI;
export const SAMPLE = process.env.CONGKHAI_SAMPLE;
if (!MINI || !SAMPLE) {
  throw new Error('CONGKHAI_MINI and CONGKHAI_SAMPLE must name built sites: run scripts/browser-tests');
}

/** Starts Chromium; `options` go to the browser context (e.g. javaScriptEnabled). */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'congkhai-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
    ...options,
  });
  const errors = [];
  context.on('weberror', (e) => errors.push(String(e.error())));
  return {
    context,
    errors,
    async page() {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A file:// URL for a path inside a built site, with an optional query. */
export function fileUrl(root, path, query = '') {
  return pathToFileURL(join(root, path)).href + query;
}

/** Waits until the search page has shown the outcome of its query. */
export async function searched(page) {
  await page.waitForFunction(() => document.body.hasAttribute('data-search-ms'));
  return {
    error: await page.getAttribute('body', 'data-search-error'),
    count: (await page.textContent('#search-count')).trim(),
    links: await page.$$eval('#search-results > li a', (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute('href') }))),
    items: await page.$$eval('#search-results > li', (lis) => lis.length),
  };
}
