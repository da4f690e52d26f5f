// Accessibility check of a built site with axe-core, in Debian's headless
// Chromium: WCAG 2.1 A and AA rules on the portal, every ward home, every
// list, one record of each kind per ward (and the first with a chart), a land
// project's timeline per ward, each ward's search page showing results, and
// its supervisor's pages (compliance, commitments, the latest quarter of the
// register and the latest report). Usage: node tests/pages/axe.mjs SITE_DIR [QUERY]
// Prints each violation with the elements it names; exits 1 when there is any.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const site = process.argv[2];
const query = process.argv[3] ?? 'đất đai';
if (!site || !existsSync(join(site, 'index.html'))) {
  console.error('usage: node tests/pages/axe.mjs SITE_DIR [QUERY]  (SITE_DIR holds a built site)');
  process.exit(2);
}
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Pages a ward must have but lacks. */
const missing = [];

/** The pages to check, as [path inside the site, query string]. */
function pages() {
  const list = [['index.html', '']];
  const wards = readdirSync(site)
    .filter((d) => existsSync(join(site, d, 'index.html')) && statSync(join(site, d)).isDirectory())
    .sort();
  for (const w of wards) {
    list.push([`${w}/index.html`, '']);
    // Every section of the ward that has a list page (each kind's folder):
    // read from the site, so a new kind is checked with no change here.
    const sections = readdirSync(join(site, w))
      .filter((d) => statSync(join(site, w, d)).isDirectory())
      .sort();
    for (const k of sections) {
      const dir = join(site, w, k);
      if (!existsSync(join(dir, 'index.html'))) continue;
      list.push([`${w}/${k}/index.html`, '']);
      const records = readdirSync(dir).filter((f) => f.endsWith('.html') && f !== 'index.html').sort();
      if (records[0]) list.push([`${w}/${k}/${records[0]}`, '']);
      // And the first with a chart, when that is another one.
      const charted = records.find((f) => readFileSync(join(dir, f), 'utf8').includes('class="chart"'));
      if (charted && charted !== records[0]) list.push([`${w}/${k}/${charted}`, '']);
    }
    for (const p of ['tuan-thu.html', 'cam-ket.html']) {
      if (existsSync(join(site, w, p))) list.push([`${w}/${p}`, '']);
      else missing.push(`${w}/${p}`);
    }
    for (const folder of ['so-cong-khai', 'bao-cao']) {
      const dir = join(site, w, folder);
      const latest = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.html')).sort().at(-1) : undefined;
      if (latest) list.push([`${w}/${folder}/${latest}`, '']);
      else missing.push(`${w}/${folder}/`);
    }
    // A land project's timeline.
    const projects = join(site, w, 'du-an');
    const project = existsSync(projects) ? readdirSync(projects).filter((f) => f.endsWith('.html')).sort()[0] : undefined;
    if (project) list.push([`${w}/du-an/${project}`, '']);
    if (existsSync(join(site, w, 'search.html'))) list.push([`${w}/search.html`, `?q=${encodeURIComponent(query)}`]);
    else missing.push(`${w}/search.html`);
  }
  return list;
}

const profile = mkdtempSync(join(tmpdir(), 'congkhai-axe-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  chromiumSandbox: false,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
  ],
});
let violations = 0;
let checked = 0;
const toCheck = pages();
for (const m of missing) {
  console.error(`${m}: missing`);
  violations += 1;
}
try {
  const page = await context.newPage();
  for (const [path, search] of toCheck) {
    await page.goto(pathToFileURL(join(site, path)).href + search);
    if (path.endsWith('search.html')) {
      await page.waitForFunction(() => document.body.hasAttribute('data-search-ms'), null, { timeout: 20000 });
      const shown = await page.$$eval('#search-results > li', (lis) => lis.length);
      if (shown === 0) {
        console.error(`${path}${search}: the search showed no results; choose a query the site has`);
        violations += 1;
      }
    }
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    checked += 1;
    for (const v of result.violations) {
      violations += 1;
      console.error(`${path}${search}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
      for (const node of v.nodes.slice(0, 5)) {
        console.error(`    ${node.target.join(' ')}: ${node.failureSummary.replace(/\s+/g, ' ')}`);
      }
    }
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`axe-core ${JSON.parse(readFileSync(createRequire(import.meta.url).resolve('axe-core/package.json'), 'utf8')).version}: ${checked} pages, ${violations} violations (${TAGS.join(', ')})`);
process.exit(violations === 0 ? 0 : 1);
