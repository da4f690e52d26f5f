/* The portal's ward finder: filters the list of wards as one types, by the
 * current name or any former one, with or without accents ("phuong 1 quan 3",
 * "ban co", "Nhiêu Lộc"). Folding is the same as in search.js. */
(function () {
  'use strict';

  function fold(s) {
    var d = String(s).normalize('NFD').replace(/\p{M}/gu, '');
    var out = '';
    for (var ch of d) {
      out += (ch === 'đ' || ch === 'Đ' || ch === 'Ð' || ch === 'ð') ? 'd' : ch.toLowerCase();
    }
    return out;
  }

  function words(s) {
    return fold(s).match(/[\p{Alphabetic}\p{N}]+/gu) || [];
  }

  /** True when one of the names holds the query words in a row: whole words,
   *  except the last one typed, which may be the start of a word ("phuong 1"
   *  finds "Phường 1" and "Phường 12", "phuong 1 quan 3" only the first). */
  function matches(names, query) {
    return names.some(function (name) {
      for (var i = 0; i + query.length <= name.length; i++) {
        var ok = query.every(function (q, j) {
          var w = name[i + j];
          return j === query.length - 1 ? w.indexOf(q) === 0 : w === q;
        });
        if (ok) return true;
      }
      return false;
    });
  }

  function start() {
    var box = document.getElementById('ward-finder');
    var input = document.getElementById('finder-q');
    var cards = Array.prototype.slice.call(document.querySelectorAll('#ward-list li.ward-card'));
    if (!box || !input) return;
    var status = document.getElementById('finder-status');
    var names = cards.map(function (li) {
      return (li.getAttribute('data-names') || '').split('|').map(words);
    });
    function filter() {
      var query = words(input.value), shown = 0;
      cards.forEach(function (li, i) {
        var ok = !query.length || matches(names[i], query);
        li.hidden = !ok;
        if (ok) shown++;
      });
      if (status) {
        status.textContent = !query.length ? ''
          : (shown ? status.getAttribute('data-found') : status.getAttribute('data-none')).replace('{n}', shown);
      }
    }
    input.addEventListener('input', filter);
    box.hidden = false;
    filter();
  }

  window.congkhaiFinder = { fold: fold };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
