/* Search of one ward's disclosures, offline.
 *
 * The index is a set of classic scripts in ../search/ (see src/search/mod.rs):
 * each calls congkhaiIndex(type, number, data). They are injected on demand,
 * so search works from file:// (where fetch, XHR, modules and workers fail)
 * and over HTTP alike. Folding and tokenising follow src/text.rs and
 * src/search/tokens.rs rule for rule; tests/search-vectors.json checks both.
 */
(function () {
  'use strict';

  var HALF = 45;            // letters below it: "more digits follow"
  var K1 = 1.2;             // BM25, as in src/search/mod.rs
  var LEVELS = 15;          // quantised BM25 term part
  var TITLE_FLAG = 16;      // added to the level when the syllable is in the title
  var TITLE_BONUS = 0.5;    // × idf, per query syllable found in the title
  var PAIR_BONUS = 0.7;     // × idf of the pair, per adjacent pair matched
  var COMPOUND_BONUS = 1.5; // × idf, per identifier matched whole
  var ALL_TITLE_BONUS = 0.5; // × the query's idf, when every syllable is in the title
  var PAGE = 10;            // results shown at a time
  var CONNECTORS = '/-._';
  var FACETS = ['kind', 'year', 'item', 'status'];

  // ---- Folding and tokenising -------------------------------------------

  /** NFD, drop combining marks, đ Đ Ð ð → d, lowercase (one character at a
   *  time, as Rust's char::to_lowercase). */
  function fold(s) {
    var d = String(s).normalize('NFD').replace(/\p{M}/gu, '');
    if (/^[\x00-\x7f]*$/.test(d)) return d.toLowerCase();
    var out = '';
    for (var ch of d) {
      out += (ch === 'đ' || ch === 'Đ' || ch === 'Ð' || ch === 'ð') ? 'd' : ch.toLowerCase();
    }
    return out;
  }

  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  /** Syllables of folded text: {text, start, link}; link is 'break',
   *  'space' (forms a pair) or 'connector' (a pair, and part of a compound). */
  function syllables(f) {
    var out = [], m, end = 0;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(f))) {
      var link = 'break';
      if (out.length) {
        var sep = f.slice(end, m.index);
        if (/^\s+$/u.test(sep)) link = 'space';
        else if (sep.length === 1 && CONNECTORS.indexOf(sep) >= 0) link = 'connector';
      }
      out.push({ text: m[0], start: m.index, link: link });
      end = m.index + m[0].length;
    }
    return out;
  }

  /** Adjacent syllables, as "dan chu". */
  function pairs(syl) {
    var out = [];
    for (var i = 1; i < syl.length; i++) {
      if (syl[i].link !== 'break') out.push(syl[i - 1].text + ' ' + syl[i].text);
    }
    return out;
  }

  /** Runs of syllables joined by connectors that contain a digit: 59/2023/nd-cp. */
  function compounds(f, syl) {
    var out = [];
    for (var i = 0; i < syl.length;) {
      var j = i + 1;
      while (j < syl.length && syl[j].link === 'connector') j++;
      if (j - i >= 2 && syl.slice(i, j).some(function (s) { return /[0-9]/.test(s.text); })) {
        out.push(f.slice(syl[i].start, syl[j - 1].start + syl[j - 1].text.length));
      }
      i = j;
    }
    return out;
  }

  /** FNV-1a over UTF-16 code units: which shard holds a term. */
  function hash(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  function letter(c) { return c - 35 - (c > 92 ? 1 : 0); }

  /** Decodes increasing numbers written as gaps, and for syllables the
   *  score letter after each. */
  function decode(s, scored) {
    var ids = [], scores = scored ? [] : null, prev = -1, v = 0;
    for (var i = 0; i < s.length; i++) {
      var c = letter(s.charCodeAt(i));
      if (c < HALF) { v = v * HALF + c; continue; }
      prev += 1 + v * HALF + c - HALF;
      v = 0;
      ids.push(prev);
      if (scored) scores.push(letter(s.charCodeAt(++i)));
    }
    return { ids: ids, scores: scores };
  }

  // ---- Loading the index --------------------------------------------------

  var data = {};      // 'manifest', 'terms-3', 'meta-0' → what the file gave
  var pending = {};   // same keys → Promise
  var loadedFiles = [];
  var base = 'search/';

  window.congkhaiIndex = function (type, n, value) {
    data[type === 'manifest' || type === 'words' ? type : type + '-' + n] = value;
  };

  function load(name) {
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.charset = 'utf-8';
        s.src = base + name + '.js';
        s.onload = function () {
          if (name in data) { loadedFiles.push(name + '.js'); resolve(data[name]); }
          else reject(new Error(name + '.js'));
        };
        s.onerror = function () { delete pending[name]; reject(new Error(name + '.js')); };
        document.head.appendChild(s);
      });
    }
    return pending[name];
  }

  var manifest = null, facetOf = null;

  /** Expands [[value, count], …] runs into one value per record. */
  function expand(runs, into) {
    var d = 0;
    runs.forEach(function (r) { into.fill(r[0], d, d + r[1]); d += r[1]; });
    return into;
  }

  function loadManifest() {
    return load('manifest').then(function (m) {
      if (!manifest) {
        manifest = m;
        var item = new Uint8Array(m.docs), status = new Uint8Array(m.docs);
        for (var d = 0; d < m.docs; d++) {
          var v = letter(m.item_status.charCodeAt(d));
          item[d] = v >> 2;
          status[d] = v & 3;
        }
        facetOf = [expand(m.kind_runs, new Uint8Array(m.docs)), expand(m.year_runs, new Uint8Array(m.docs)), item, status];
      }
      return m;
    });
  }

  var postingCache = new Map();

  /** The shard that holds a term: by hash, unless the manifest places it. */
  function shardOf(term) {
    var placed = manifest.placed;
    return 'terms-' + (Object.prototype.hasOwnProperty.call(placed, term) ? placed[term] : hash(term) % manifest.shards);
  }

  function raw(term) {
    var shard = data[shardOf(term)];
    return shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : '';
  }

  /** A syllable's records and score letters, or a compound's records. */
  function postings(term, scored) {
    var key = (scored ? 's:' : 'c:') + term;
    if (!postingCache.has(key)) postingCache.set(key, decode(raw(term), scored));
    return postingCache.get(key);
  }

  /** The records holding a pair "a b". The index lists positions among the
   *  records that hold both syllables, or after "!" those without the pair. */
  function pairIds(term) {
    var key = 'p:' + term;
    if (!postingCache.has(key)) {
      var s = raw(term), ids = [];
      if (s) {
        var sp = term.split(' '), a = postings(sp[0], true).ids, b = postings(sp[1], true).ids, both = [];
        for (var i = 0, j = 0; i < a.length && j < b.length;) {
          if (a[i] < b[j]) i++; else if (a[i] > b[j]) j++; else { both.push(a[i]); i++; j++; }
        }
        if (s.charAt(0) === '!') {
          var skip = decode(s.slice(1), false).ids, k = 0;
          ids = both.filter(function (d, pos) {
            if (k < skip.length && skip[k] === pos) { k++; return false; }
            return true;
          });
        } else {
          ids = decode(s, false).ids.map(function (pos) { return both[pos]; });
        }
      }
      postingCache.set(key, { ids: ids });
    }
    return postingCache.get(key);
  }

  function idf(df) {
    var n = manifest.docs;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  // ---- Querying -----------------------------------------------------------

  /** Parses a query: the words as typed, their syllables, pairs, compounds. */
  function parse(q) {
    var words = String(q).trim().split(/\s+/).filter(Boolean).map(function (w) {
      return { text: w, terms: syllables(fold(w)).map(function (s) { return s.text; }) };
    }).filter(function (w) { return w.terms.length; });
    var f = fold(q), syl = syllables(f);
    var terms = [];
    syl.forEach(function (s) { if (terms.indexOf(s.text) < 0) terms.push(s.text); });
    // An identifier with its year is indexed also without it (59/nd-cp):
    // a query with the year matches a text that leaves it out.
    var comp = compounds(f, syl);
    comp.slice().forEach(function (c) {
      var m = /^([0-9]+)\/[0-9]{4}\/([a-z].*)$/.exec(c);
      if (m && comp.indexOf(m[1] + '/' + m[2]) < 0) comp.push(m[1] + '/' + m[2]);
    });
    return { words: words, terms: terms, pairs: pairs(syl), compounds: comp, folded: f, syllables: syl };
  }

  /** Runs a query with facet filters ({kind: 'plan', year: '2026', …}).
   *  Resolves to {query, missing, hits, total, counts}. */
  function run(q, filters) {
    var query = parse(q);
    if (!query.terms.length) return Promise.resolve({ query: query, empty: true });
    return loadManifest().then(function () { return loadTerms(query); })
      .then(function () { return correct(query); })
      .then(function (c) {
        var r = rank(c.query, filters || {});
        r.corrected = c.corrected;
        return r;
      });
  }

  /** Loads the shards that hold a query's terms. */
  function loadTerms(query) {
    var shards = {};
    query.terms.concat(query.pairs, query.compounds).forEach(function (t) {
      shards[shardOf(t)] = true;
    });
    return Promise.all(Object.keys(shards).map(load));
  }

  // ---- Correcting a word that matches nothing -----------------------------

  var CANDIDATES = 8;     // words one letter away tried, most frequent first
  var IN_CONTEXT = 4;     // of those that match with the rest, tried in pairs
  var vocabulary = null;

  /** Whether a and b differ by one letter: one left out, added, replaced,
   *  or two neighbours swapped. */
  function oneApart(a, b) {
    var la = a.length, lb = b.length;
    if (a === b || Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
    if (la > lb) return a.slice(i + 1) === b.slice(i);
    if (la < lb) return a.slice(i) === b.slice(i + 1);
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2));
  }

  // A Vietnamese syllable, folded: onset, then an open rhyme or a vowel and
  // a final consonant. `k`, `gh` and `ngh` stand only before e, i, y.
  var SYLLABLE = new RegExp('^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:' +
    '(?:a|ai|ao|au|ay|e|eo|eu|i|ia|iu|ieu|o|oa|oai|oay|oe|oeo|oi|u|ua|uay|ue|ui|uo|uoi|uou|uu|uy|uya|uyu|y|yeu)|' +
    '(?:(?:[ou]?(?:a|e|i|o|u|ie|ye|uo|oo)|uy|uye)(?:ch|ng|nh|[cmnpt])))$');

  /** Whether a folded word is spelt as a Vietnamese syllable: one that is
   *  ("cam", "nguu") is taken as meant, even where the ward never wrote it. */
  function syllableLike(t) {
    return SYLLABLE.test(t) && !/^(?:ngh|gh|k(?!h))[^eiy]/.test(t);
  }

  /** What a word that matches nothing may have meant: an amount written
   *  without its thousands dots (2310000 → 2.310.000), or, for a word no
   *  Vietnamese syllable is spelt as, a word one letter away, the most
   *  frequent first. */
  function alternatives(term) {
    if (/^[1-9][0-9]{3,}$/.test(term)) {
      return Promise.resolve([term.replace(/\B(?=(\d{3})+$)/g, '.')]);
    }
    if (term.length < 2 || /[0-9]/.test(term) || syllableLike(term)) return Promise.resolve([]);
    return load('words').then(function (text) {
      if (!vocabulary) vocabulary = text ? text.split(' ') : [];
      var out = [];
      for (var i = 0; i < vocabulary.length && out.length < CANDIDATES; i++) {
        if (oneApart(term, vocabulary[i])) out.push(vocabulary[i]);
      }
      return out;
    }, function () { return []; });
  }

  /** The query with syllable `k` of its folded text replaced by `by`. */
  function replaced(query, k, by) {
    var s = query.syllables[k];
    return parse(query.folded.slice(0, s.start) + by + query.folded.slice(s.start + s.text.length));
  }

  /** The records holding every term of a query that has postings. */
  function matching(query) {
    var lists = query.terms.map(function (t) { return postings(t, true).ids; })
      .filter(function (ids) { return ids.length; })
      .sort(function (a, b) { return a.length - b.length; });
    var out = lists.length ? lists[0] : [];
    lists.slice(1).forEach(function (ids) {
      var has = new Set(ids);
      out = out.filter(function (d) { return has.has(d); });
    });
    return out;
  }

  /** Replaces, left to right, each syllable that matches nothing by the
   *  alternative that matches with the rest of the query: an amount with its
   *  dots, or a word one letter away that forms a pair with a neighbouring
   *  word of the query in those records, a pair that is not in half the
   *  ward's records or more (a word alone, or one whose
   *  neighbours do not confirm it, is left as typed and reported as not
   *  found: a masked name is never turned into another one). Resolves to
   *  {query, corrected: [[from, to], …]}. */
  function correct(query) {
    var corrected = [];
    var step = function (k) {
      if (k >= query.syllables.length) return Promise.resolve();
      var term = query.syllables[k].text;
      if (postings(term, true).ids.length) return step(k + 1);
      return alternatives(term).then(function (alts) {
        var tries = alts.map(function (a) { return { to: a, query: replaced(query, k, a) }; });
        var wanted = {};
        tries.forEach(function (c) {
          wanted[shardOf(c.to)] = true;
          syllables(c.to).forEach(function (s) { wanted[shardOf(s.text)] = true; });
        });
        return Promise.all(Object.keys(wanted).map(load))
          .then(function () {
            tries = tries.filter(function (c) {
              var own = syllables(c.to).every(function (s) { return postings(s.text, true).ids.length; });
              c.docs = own ? matching(c.query) : [];
              return c.docs.length;
            }).slice(0, IN_CONTEXT);
            return Promise.all(tries.map(function (c) { return loadTerms(c.query); }));
          }).then(function () {
            var best = null;
            tries.forEach(function (c) {
              var docs = new Set(c.docs), near = c.to.split(/[^a-z0-9\u0080-\uffff]+/)[0];
              // A pair in half the records or more ("cac ket") confirms nothing.
              c.pairs = c.query.pairs.filter(function (p) {
                var ids = pairIds(p).ids;
                return p.split(' ').indexOf(near) >= 0 && ids.length < manifest.docs / 2 &&
                  ids.some(function (d) { return docs.has(d); });
              }).length;
              var confirmed = /^[0-9.]+$/.test(c.to) || c.pairs > 0;
              if (confirmed && (!best || c.pairs > best.pairs)) best = c;
            });
            if (best) {
              corrected.push([term, best.to]);
              query = best.query;
            }
            return step(k + 1);
          });
      });
    };
    return step(0).then(function () { return { query: query, corrected: corrected }; });
  }

  function rank(query, filters) {
    var lists = query.terms.map(function (t) { return { term: t, p: postings(t, true) }; });
    var missing = query.words.filter(function (w) {
      return w.terms.some(function (t) { return !postings(t, true).ids.length; });
    }).map(function (w) { return w.text; });
    var result = { query: query, missing: missing, hits: [], total: 0, counts: null };
    if (missing.length) return result;

    var n = manifest.docs, need = lists.length;
    var seen = new Uint8Array(n), inTitle = new Uint8Array(n), score = new Float64Array(n), all = 0;
    lists.sort(function (a, b) { return a.p.ids.length - b.p.ids.length; });
    lists.forEach(function (l, k) {
      var w = idf(l.p.ids.length), ids = l.p.ids, sc = l.p.scores;
      all += w;
      for (var i = 0; i < ids.length; i++) {
        var d = ids[i];
        if (seen[d] < k) continue; // it lacks a rarer term already
        var s = sc[i], title = s >= TITLE_FLAG;
        seen[d]++;
        if (title) inTitle[d]++;
        score[d] += w * ((s % TITLE_FLAG) / LEVELS * (K1 + 1) + (title ? TITLE_BONUS : 0));
      }
    });
    var matched = lists[0].p.ids.filter(function (d) { return seen[d] === need; });
    if (need > 1) {
      matched.forEach(function (d) { if (inTitle[d] === need) score[d] += ALL_TITLE_BONUS * all; });
    }
    [[query.pairs, pairIds, PAIR_BONUS], [query.compounds, postings, COMPOUND_BONUS]].forEach(function (group) {
      group[0].forEach(function (t) {
        var ids = group[1](t, false).ids, w = group[2] * idf(ids.length || 1);
        for (var i = 0; i < ids.length; i++) if (seen[ids[i]] === need) score[ids[i]] += w;
      });
    });

    // Facets: each counts the matches that pass the other facets' filters.
    var want = FACETS.map(function (f) { return wanted(f, filters[f]); });
    var counts = FACETS.map(function () { return {}; });
    matched.forEach(function (d) {
      var fails = 0, which = -1;
      for (var f = 0; f < 4; f++) {
        if (want[f] !== null && facetOf[f][d] !== want[f]) { fails++; which = f; }
      }
      if (fails > 1) return;
      for (f = 0; f < 4; f++) {
        if (fails === 0 || which === f) counts[f][facetOf[f][d]] = (counts[f][facetOf[f][d]] || 0) + 1;
      }
      if (fails === 0) result.hits.push(d);
    });
    result.hits.sort(function (a, b) { return score[b] - score[a] || a - b; });
    result.total = matched.length;
    result.counts = counts;
    return result;
  }

  /** The facet code a filter value asks for, or null. */
  function wanted(facet, value) {
    if (value === undefined || value === null || value === '') return null;
    var i;
    if (facet === 'kind') i = manifest.kinds.indexOf(value);
    else if (facet === 'year') i = manifest.years.indexOf(Number(value));
    else if (facet === 'status') i = manifest.statuses.indexOf(value);
    else i = /^\d+$/.test(value) ? Number(value) : -1;
    return i < 0 ? 255 : i;
  }

  /** The facet's value as written in a URL, from its code. */
  function facetValue(facet, code) {
    if (facet === 'kind') return manifest.kinds[code];
    if (facet === 'year') return String(manifest.years[code]);
    if (facet === 'status') return manifest.statuses[code];
    return String(code);
  }

  /** What result `d` shows: [id, title, date, excerpt], loading its chunk. */
  function meta(d) {
    var c = Math.floor(d / manifest.chunk);
    return load('meta-' + c).then(function (chunk) { return chunk[d - c * manifest.chunk]; });
  }

  // ---- The page -----------------------------------------------------------

  var strings = {};
  var els = {};
  var current = null; // {q, filters, result, shown}

  function t(key, vars) {
    var s = strings[key] || key;
    return s.replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? vars[k] : m; });
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  var MARKABLE = /[\p{Alphabetic}\p{N}][\p{Alphabetic}\p{N}\p{M}]*/gu;

  /** Text with the words whose folded form is a query syllable in <mark>. */
  function marked(text, terms) {
    var frag = document.createDocumentFragment(), last = 0, m;
    MARKABLE.lastIndex = 0;
    while ((m = MARKABLE.exec(text))) {
      if (terms.indexOf(fold(m[0])) < 0) continue;
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el('mark', { text: m[0] }));
      last = m.index + m[0].length;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  function shortDate(iso) {
    var p = iso.split('-');
    return Number(p[2]) + '/' + Number(p[1]) + '/' + p[0];
  }

  function href(q, filters) {
    var p = new URLSearchParams();
    p.set('q', q);
    FACETS.forEach(function (f) { if (filters[f]) p.set(f, filters[f]); });
    return 'search.html?' + p.toString();
  }

  function readLocation() {
    var p = new URLSearchParams(location.search), filters = {};
    FACETS.forEach(function (f) { if (p.get(f)) filters[f] = p.get(f); });
    return { q: p.get('q') || '', filters: filters };
  }

  function go(q, filters, push) {
    if (push) {
      try { history.pushState(null, '', href(q, filters)); } catch (e) { /* some file:// browsers refuse */ }
    }
    els.input.value = q;
    var started = performance.now();
    document.body.removeAttribute('data-search-ms');
    document.body.removeAttribute('data-search-error');
    els.count.textContent = q.trim() ? t('search.loading') : '';
    return run(q, filters).then(function (r) {
      current = { q: q, filters: filters, result: r, shown: 0 };
      els.results.textContent = '';
      els.facets.textContent = '';
      showCount(r);
      if (r.hits && r.hits.length) showFacets(r);
      return showMore();
    }).then(function () {
      document.body.setAttribute('data-search-ms', String(Math.round(performance.now() - started)));
    }, function (err) {
      var file = err && err.message ? err.message : '';
      els.count.textContent = t('search.load_error', { file: file });
      document.body.setAttribute('data-search-error', file);
      document.body.setAttribute('data-search-ms', String(Math.round(performance.now() - started)));
    });
  }

  function showCount(r) {
    var c = els.count;
    c.textContent = '';
    c.removeAttribute('data-total');
    if (r.empty) { c.textContent = t('search.empty_query'); return; }
    if (r.missing.length) {
      c.setAttribute('data-total', '0');
      r.missing.forEach(function (w, i) {
        if (i) c.appendChild(document.createTextNode(' '));
        c.appendChild(el('span', { 'class': 'search-missing', text: t('search.no_match', { word: w }) }));
      });
      var rest = r.query.words.filter(function (w) { return r.missing.indexOf(w.text) < 0; });
      if (rest.length) {
        var q = rest.map(function (w) { return w.text; }).join(' ');
        c.appendChild(document.createTextNode(' '));
        c.appendChild(el('a', { href: href(q, {}), 'data-q': q, text: t('search.without', { q: q }) }));
      }
      return;
    }
    c.setAttribute('data-total', String(r.hits.length));
    c.textContent = r.hits.length
      ? t('search.results', { n: r.hits.length.toLocaleString('vi-VN'), q: current ? current.q : '' })
      : t('search.none', { q: r.query.words.map(function (w) { return w.text; }).join(' ') });
    if (r.corrected && r.corrected.length) {
      c.appendChild(document.createTextNode(' '));
      c.appendChild(el('span', {
        'class': 'search-corrected',
        text: t('search.corrected', {
          words: r.corrected.map(function (x) { return '«' + x[0] + '» → «' + x[1] + '»'; }).join(', ')
        })
      }));
    }
  }

  function showMore() {
    var r = current.result;
    if (!r.hits || !r.hits.length) return Promise.resolve();
    var page = r.hits.slice(current.shown, current.shown + PAGE);
    current.shown += page.length;
    return Promise.all(page.map(meta)).then(function (metas) {
      var terms = r.query.terms;
      metas.forEach(function (m, i) {
        var d = page[i], kind = manifest.kinds[facetOf[0][d]];
        var status = manifest.statuses[facetOf[3][d]];
        var link = el('a', { href: kind + '/' + m[0] + '.html' }, [marked(m[1], terms)]);
        els.results.appendChild(el('li', { 'class': 'search-hit' }, [
          el('h2', { 'class': 'search-hit-title' }, [link]),
          el('p', { 'class': 'search-hit-meta' }, [
            t('kind.' + kind) + ' · ' + shortDate(m[2]) + ' · ' + t('status.' + status)
          ]),
          el('p', { 'class': 'search-hit-snippet' }, [marked(m[3], terms)])
        ]));
      });
      els.more.hidden = current.shown >= r.hits.length;
    });
  }

  function showFacets(r) {
    FACETS.forEach(function (facet, f) {
      var codes = Object.keys(r.counts[f]).map(Number).sort(function (a, b) { return a - b; });
      var active = current.filters[facet];
      if (!active && codes.length < 2) return;
      var list = el('ul');
      var clear = Object.assign({}, current.filters);
      delete clear[facet];
      list.appendChild(facetLink(t('search.all'), clear, !active));
      codes.forEach(function (code) {
        var value = facetValue(facet, code);
        var chosen = Object.assign({}, current.filters);
        chosen[facet] = value;
        var label = facet === 'year' ? value : facet === 'item' ? t('search.item_short', { n: value }) : t(facet + '.' + value);
        var a = facetLink(label + ' (' + r.counts[f][code] + ')', chosen, active === value);
        if (facet === 'item') a.firstChild.title = t('item.' + value);
        list.appendChild(a);
      });
      els.facets.appendChild(el('section', { 'class': 'search-facet', 'data-facet': facet }, [
        el('h2', { text: t('search.facet_' + facet) }), list
      ]));
    });
  }

  function facetLink(label, filters, active) {
    var a = el('a', { href: href(current.q, filters), text: label });
    if (active) a.setAttribute('aria-current', 'true');
    a.addEventListener('click', function (e) {
      e.preventDefault();
      go(current.q, filters, true);
    });
    return el('li', {}, [a]);
  }

  function start() {
    var app = document.getElementById('search-app');
    if (!app) return;
    base = app.getAttribute('data-index') || base;
    document.querySelectorAll('#search-strings [data-k]').forEach(function (e) {
      strings[e.getAttribute('data-k')] = e.textContent;
    });
    els = {
      form: document.getElementById('search-form'),
      input: document.getElementById('search-q'),
      count: document.getElementById('search-count'),
      results: document.getElementById('search-results'),
      facets: document.getElementById('search-facets'),
      more: document.getElementById('search-more')
    };
    app.hidden = false;
    els.form.addEventListener('submit', function (e) {
      e.preventDefault();
      go(els.input.value, {}, true);
    });
    els.more.addEventListener('click', function () { showMore(); });
    els.count.addEventListener('click', function (e) {
      var q = e.target.getAttribute && e.target.getAttribute('data-q');
      if (q) { e.preventDefault(); go(q, {}, true); }
    });
    window.addEventListener('popstate', function () {
      var l = readLocation();
      go(l.q, l.filters, false);
    });
    var l = readLocation();
    if (l.q) go(l.q, l.filters, false);
  }

  window.congkhaiSearch = {
    fold: fold,
    syllables: syllables,
    pairs: pairs,
    compounds: compounds,
    hash: hash,
    run: run,
    go: function (q, filters) { return go(q, filters || {}, false); },
    loadedFiles: function () { return loadedFiles.slice(); }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
