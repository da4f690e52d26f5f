// The relevance set (tests/search/queries.toml) run through the search the
// browser runs: the theme's search.js, loaded in a Node `vm` context with the
// little of a DOM it needs to inject the index scripts, queried through
// `congkhaiSearch.run` on a built site. Prints the share of queries whose
// expected records all come in the first three results, lists the misses,
// and fails under the set's `min_share`.
//
//   node tests/search/relevance.mjs
//
// Sites: CONGKHAI_SAMPLE (the sample, built) if set; the generated ward,
// CONGKHAI_GENERATED if set, else built here (bench/gen.py with the set's
// seed and size, one ward) with CONGKHAI_BIN (default target/debug), as is
// the sample when CONGKHAI_SAMPLE is not set. VERBOSE=1 prints the
// first three results of every query.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const TOP = 3;

// ---- The set: a small TOML subset ([[query]] tables of strings, string
// arrays and numbers, comments), read strictly. --------------------------

function parseSet(text) {
  const set = { top: {}, queries: [] };
  let table = set.top;
  text.split('\n').forEach((line, i) => {
    const s = line.replace(/^\s+|\s+$/g, '');
    if (!s || s.startsWith('#')) return;
    if (s === '[[query]]') { table = {}; set.queries.push(table); return; }
    const m = /^([a-z_0-9]+)\s*=\s*(.+)$/.exec(s);
    if (!m) throw new Error(`queries.toml:${i + 1}: not understood: ${s}`);
    let value;
    try { value = JSON.parse(m[2]); } catch (e) {
      throw new Error(`queries.toml:${i + 1}: a JSON-compatible string, number or array: ${m[2]}`);
    }
    if (m[1] in table) throw new Error(`queries.toml:${i + 1}: ${m[1]} given twice`);
    table[m[1]] = value;
  });
  set.queries.forEach((q, i) => {
    for (const k of ['q', 'site', 'ward', 'note']) {
      if (typeof q[k] !== 'string' || !q[k]) throw new Error(`query ${i + 1}: ${k} missing`);
    }
    if (!Array.isArray(q.top3) || !q.top3.length || q.top3.length > TOP) {
      throw new Error(`query ${i + 1} (${q.q}): top3 lists 1 to ${TOP} records`);
    }
  });
  return set;
}

// ---- search.js in a vm context -------------------------------------------

/** A search of one ward of a built site, through the theme's search.js. */
function wardSearch(site, ward) {
  const dir = join(site, ward);
  const context = {
    console,
    setTimeout,
    URLSearchParams,
    performance,
    location: { search: '' },
    history: { pushState() {} },
    addEventListener() {},
  };
  context.window = context;
  context.document = {
    readyState: 'complete',
    getElementById: () => null,
    querySelectorAll: () => [],
    createElement: () => ({}),
    createDocumentFragment: () => ({}),
    createTextNode: () => ({}),
    addEventListener() {},
    head: {
      appendChild(s) {
        // As the browser does: run the script, then call onload or onerror.
        setImmediate(() => {
          let text;
          try { text = readFileSync(join(dir, s.src), 'utf8'); } catch (e) { s.onerror(); return; }
          vm.runInContext(text, context, { filename: s.src });
          s.onload();
        });
      },
    },
  };
  vm.createContext(context);
  const script = readFileSync(join(dir, 'assets', 'search.js'), 'utf8');
  vm.runInContext(script, context, { filename: 'search.js' });
  const api = context.congkhaiSearch;

  // What a result links to (kind/id), read from the index as search.js does.
  const index = {};
  const read = (name) => {
    if (!(name in index)) {
      const box = {};
      vm.runInNewContext(readFileSync(join(dir, 'search', name + '.js'), 'utf8'), {
        congkhaiIndex: (type, n, value) => { box.value = value; },
      });
      index[name] = box.value;
    }
    return index[name];
  };
  const manifest = read('manifest');
  const kinds = [];
  manifest.kind_runs.forEach(([k, count]) => { for (let i = 0; i < count; i++) kinds.push(manifest.kinds[k]); });
  const name = (d) => {
    const c = Math.floor(d / manifest.chunk);
    return `${kinds[d]}/${read('meta-' + c)[d - c * manifest.chunk][0]}`;
  };
  return async (q) => {
    const r = await api.run(q, {});
    return { hits: (r.hits || []).slice(0, 10).map(name), total: r.hits ? r.hits.length : 0, result: r };
  };
}

// ---- Sites ---------------------------------------------------------------

const set = parseSet(readFileSync(join(here, 'queries.toml'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'congkhai-relevance-'));
const bin = process.env.CONGKHAI_BIN || join(root, 'target', 'debug', 'congkhai');
const today = set.top.today || '2026-11-22';
function build(repo, out) {
  execFileSync(bin, ['build', '--root', repo, '--out', out, '--today', today, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}
let sites;
try {
  const generate = () => {
    const repo = join(work, 'generated');
    execFileSync('python3', [join(root, 'bench', 'gen.py'), '--seed', String(set.top.seed), '--wards', '1',
      '--records', String(set.top.records), '--out', repo], { stdio: ['ignore', 'ignore', 'inherit'] });
    return build(repo, join(work, 'generated-site'));
  };
  sites = {
    sample: process.env.CONGKHAI_SAMPLE || build(root, join(work, 'sample-site')),
    generated: process.env.CONGKHAI_GENERATED || generate(),
  };

  const searches = {};
  const misses = [];
  for (const q of set.queries) {
    const key = `${q.site}/${q.ward}`;
    if (!sites[q.site]) throw new Error(`${q.q}: site ${q.site} is neither sample nor generated`);
    searches[key] ||= wardSearch(sites[q.site], q.ward);
    const { hits, total } = await searches[key](q.q);
    const top = hits.slice(0, TOP);
    const absent = q.top3.filter((id) => !top.includes(id));
    if (process.env.VERBOSE) console.log(`${absent.length ? 'MISS' : 'ok  '} ${q.q} [${total}] ${top.join(' ')}`);
    if (absent.length) misses.push({ q, top, total, absent });
  }
  const n = set.queries.length, passed = n - misses.length;
  const share = passed / n;
  console.log(`search relevance: ${passed} of ${n} queries (${(100 * share).toFixed(1)} %) have their records in the first ${TOP} results`);
  for (const m of misses) {
    console.log(`  miss: «${m.q.q}» (${m.q.site}/${m.q.ward}; ${m.q.note}): wanted ${m.absent.join(', ')}; ` +
      `got ${m.top.length ? m.top.join(', ') : 'nothing'} of ${m.total}`);
  }
  if (n < set.top.min_queries) throw new Error(`the set has ${n} queries, fewer than ${set.top.min_queries}`);
  if (share < set.top.min_share) {
    console.error(`search relevance under ${(100 * set.top.min_share).toFixed(0)} %`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
