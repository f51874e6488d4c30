// bitacora: copy buttons on code blocks, the incident index's filters, and links that
// work when the site is opened from disk.
(function () {
  'use strict';
  var body = document.body;

  // Pretty URLs end in "/"; a browser reading files from disk needs the index.html spelled out.
  if (location.protocol === 'file:') {
    document.querySelectorAll('a[href]').forEach(function (a) {
      var href = a.getAttribute('href');
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.indexOf('//') === 0) return;
      var m = href.match(/^([^#?]*)(.*)$/);
      if (m[1] !== '' && m[1].slice(-1) === '/') a.setAttribute('href', m[1] + 'index.html' + m[2]);
    });
  }

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text, done); });
    } else {
      fallback(text, done);
    }
  }

  function fallback(text, done) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); done(); } catch (e) { /* nothing to copy with */ }
    document.body.removeChild(area);
  }

  document.querySelectorAll('pre.code').forEach(function (pre) {
    var code = pre.querySelector('code');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = body.dataset.copy || 'Copy';
    button.addEventListener('click', function () {
      copyText(code ? code.textContent : pre.textContent, function () {
        button.textContent = body.dataset.copied || 'Copied';
        button.classList.add('done');
        setTimeout(function () {
          button.textContent = body.dataset.copy || 'Copy';
          button.classList.remove('done');
        }, 1500);
      });
    });
    pre.appendChild(button);
  });

  // Task lists are real checkboxes: ticking is kept per page in the browser's local
  // storage (no server needed), with progress and a reset to what the page says.
  (function () {
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll('main input[type=checkbox]'));
    if (!boxes.length) return;
    var key = 'bitacora:tasks:' + location.pathname.replace(/index\.html$/, '');
    // An item is known by its text and its place among items of the same text, so
    // that ticks survive items added or moved around it.
    var seen = {};
    var names = boxes.map(function (box) {
      var text = (box.parentNode.textContent || '').replace(/\s+/g, ' ').trim();
      seen[text] = (seen[text] || 0) + 1;
      return text + '#' + seen[text];
    });
    var authored = boxes.map(function (box) { return box.checked; });
    var store = null;
    try { store = window.localStorage; } catch (e) { /* storage turned off */ }
    function load() {
      try { return JSON.parse(store.getItem(key)) || null; } catch (e) { return null; }
    }
    var bar = document.createElement('div');
    bar.className = 'tasks-bar';
    bar.setAttribute('role', 'status');
    var progress = document.createElement('span');
    progress.className = 'tasks-progress';
    var reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'tasks-reset';
    reset.textContent = body.dataset.reset || 'Reset';
    bar.appendChild(progress);
    bar.appendChild(reset);
    function show() {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      progress.textContent = done + ' / ' + boxes.length + ' ' + (body.dataset.tasks || '');
      bar.classList.toggle('all-done', done === boxes.length);
    }
    function save() {
      if (!store) return;
      var state = {};
      boxes.forEach(function (box, i) { state[names[i]] = box.checked; });
      try { store.setItem(key, JSON.stringify(state)); } catch (e) { /* full or off */ }
    }
    var saved = store && load();
    boxes.forEach(function (box, i) {
      box.disabled = false;
      if (saved && Object.prototype.hasOwnProperty.call(saved, names[i])) box.checked = !!saved[names[i]];
      box.addEventListener('change', function () { save(); show(); });
    });
    reset.addEventListener('click', function () {
      boxes.forEach(function (box, i) { box.checked = authored[i]; });
      if (store) { try { store.removeItem(key); } catch (e) { /* off */ } }
      show();
    });
    var first = boxes[0].closest('ul, ol') || boxes[0].parentNode;
    first.parentNode.insertBefore(bar, first);
    show();
  })();

  // The sidebar lists the pages around this one; the rest of its folder comes from
  // nav.js, loaded once when asked for: the rest of this folder's pages ("…"), and
  // the tree of every folder ("Sections"), folded but for the way to this page.
  (function () {
    var sidebar = document.querySelector('.sidebar[data-section]');
    if (!sidebar) return;
    var root = body.dataset.root || '';
    var here = location.pathname.replace(/index\.html$/, '');
    var section = sidebar.dataset.section;
    var nav = null;
    var waiting = [];
    function load(then) {
      if (nav) return then(nav);
      waiting.push(then);
      if (waiting.length > 1) return;
      window.bitacoraNav = function (folders, tree) {
        nav = { folders: folders, tree: tree };
        waiting.forEach(function (f) { f(nav); });
        waiting = [];
      };
      var s = document.createElement('script');
      s.src = root + 'nav.js';
      document.head.appendChild(s);
    }
    function link(url, title) {
      var a = document.createElement('a');
      var h = root + url;
      if (location.protocol === 'file:' && h.slice(-1) === '/') h += 'index.html';
      a.href = h;
      a.textContent = title;
      if (a.pathname.replace(/index\.html$/, '') === here) a.setAttribute('aria-current', 'page');
      return a;
    }
    function pageItems(list, pages) {
      pages.forEach(function (p) {
        var li = document.createElement('li');
        li.appendChild(link(p[0], p[1]));
        list.appendChild(li);
      });
    }
    sidebar.addEventListener('click', function (e) {
      if (!e.target.closest('.nav-all')) return;
      load(function (nav) {
        var list = sidebar.querySelector('.sidebar-pages');
        list.innerHTML = '';
        pageItems(list, nav.folders[section] || []);
        var current = list.querySelector('[aria-current]');
        if (current) current.scrollIntoView({ block: 'nearest' });
      });
    });
    // A folder: its name folds it; inside, a link to its own page, its folders,
    // and its pages once unfolded.
    function folder(node) {
      var url = node[0];
      var li = document.createElement('li');
      var details = document.createElement('details');
      details.className = 'tree-folder';
      details.dataset.url = url;
      var summary = document.createElement('summary');
      summary.textContent = node[1] + ' ';
      var count = document.createElement('span');
      count.className = 'count';
      count.textContent = node[2];
      summary.appendChild(count);
      details.appendChild(summary);
      var list = document.createElement('ul');
      var own = document.createElement('li');
      own.className = 'tree-index';
      own.appendChild(link(url, node[1]));
      list.appendChild(own);
      node[3].forEach(function (child) { list.appendChild(folder(child)); });
      details.appendChild(list);
      var filled = false;
      function fill() {
        if (filled || !details.open) return;
        filled = true;
        pageItems(list, nav.folders[url] || []);
      }
      details.addEventListener('toggle', fill);
      // The way to this page stays open, its folder marked.
      if (section === url || section.indexOf(url) === 0) {
        details.open = true;
        if (section === url) summary.setAttribute('aria-current', 'location');
        setTimeout(fill, 0);
      }
      li.appendChild(details);
      return li;
    }
    var sections = sidebar.querySelector('.sidebar-sections');
    if (!sections) return;
    sections.addEventListener('toggle', function () {
      if (!sections.open || sections.dataset.tree) return;
      load(function (nav) {
        var list = sections.querySelector('ul');
        list.innerHTML = '';
        list.className = 'tree';
        nav.tree.forEach(function (node) { list.appendChild(folder(node)); });
        sections.dataset.tree = 'loaded';
      });
    });
  })();

  // The table of contents follows the reader: the heading last scrolled past is
  // marked in it.
  (function () {
    var toc = document.querySelector('.toc');
    if (!toc || !('IntersectionObserver' in window)) return;
    var links = {};
    toc.querySelectorAll('a[href^="#"]').forEach(function (a) {
      links[decodeURIComponent(a.getAttribute('href').slice(1))] = a;
    });
    var headings = Array.prototype.filter.call(
      document.querySelectorAll('.body h2[id], .body h3[id], .body h4[id]'),
      function (h) { return links[h.id]; });
    if (!headings.length) return;
    function mark() {
      var current = headings[0];
      headings.forEach(function (h) { if (h.getBoundingClientRect().top < 80) current = h; });
      Object.keys(links).forEach(function (id) {
        links[id].classList.toggle('is-current', id === current.id);
        if (id === current.id) links[id].setAttribute('aria-current', 'location');
        else links[id].removeAttribute('aria-current');
      });
    }
    var observer = new IntersectionObserver(mark, { rootMargin: '0px 0px -70% 0px' });
    headings.forEach(function (h) { observer.observe(h); });
    window.addEventListener('scroll', mark, { passive: true });
    mark();
  })();

  // Search: the index is loaded on first focus, a file at a time as the query needs
  // it, by script tags (so it works from disk too). See src/search.rs.
  (function () {
    var box = document.querySelector('.search');
    var input = document.getElementById('search');
    var list = document.getElementById('search-results');
    if (!box || !input || !list) return;
    var root = body.dataset.root || '';
    var meta = null, shards = {}, chunks = {}, waiting = {};
    function load(path, ready) {
      if (ready()) return Promise.resolve();
      if (waiting[path]) return waiting[path];
      waiting[path] = new Promise(function (resolve) {
        var s = document.createElement('script');
        s.src = root + 'search/' + path;
        s.onload = s.onerror = function () { resolve(); };
        document.head.appendChild(s);
      });
      return waiting[path];
    }
    window.bitacoraSearch = {
      meta: function (m) { meta = m; },
      terms: function (name, terms) { shards[name] = terms; },
      // A section's row leaves its page's URL and title to the row above.
      docs: function (n, rows) {
        for (var i = 1; i < rows.length; i++) {
          if (rows[i][0] === '') { rows[i][0] = rows[i - 1][0]; rows[i][2] = rows[i - 1][2]; }
        }
        chunks[n] = rows;
      }
    };
    function start() { return load('meta.js', function () { return meta !== null; }); }
    input.addEventListener('focus', start);
    function fold(text) {
      return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    }
    function words(text) {
      return fold(text).split(/[^a-z0-9]+/).filter(function (w) { return w.length >= 2; });
    }
    function shardOf(word) { return word.slice(0, 2); }
    // The terms a word typed matches, with how well: the stem itself, a stem the word
    // begins with (another form of it), or a longer stem (still typing).
    function matches(word) {
      var terms = shards[shardOf(word)] || {};
      var found = [];
      Object.keys(terms).forEach(function (term) {
        var how = term === word ? 1 : (word.indexOf(term) === 0 && term.length >= 4) ? 0.9 :
          term.indexOf(word) === 0 ? 0.7 : 0;
        if (how) found.push([term, how]);
      });
      return found;
    }
    var active = -1, shown = [], generation = 0;
    function escapeHtml(s) {
      return s.replace(/[&<>"']/g, function (c) {
        return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
      });
    }
    // The snippet with the words that match marked, from a little before the first.
    function snippet(text, stems, whole) {
      var parts = text.split(/([^\p{L}\p{N}]+)/u);
      var hit = function (w) {
        var f = fold(w);
        return f.length >= 2 && stems.some(function (s) { return f.indexOf(s) === 0 || s.indexOf(f) === 0 && f.length >= 4; });
      };
      var first = parts.findIndex(hit);
      var from = 0;
      if (first > 24 && !whole) from = first - 12;
      var out = from > 0 ? '… ' : '';
      parts.slice(from).forEach(function (p) {
        out += hit(p) ? '<mark>' + escapeHtml(p) + '</mark>' : escapeHtml(p);
      });
      return out;
    }
    function href(url, anchor) {
      var h = root + url;
      if (location.protocol === 'file:' && (h === '' || h.slice(-1) === '/')) h += 'index.html';
      return (h || './') + (anchor ? '#' + anchor : '');
    }
    function select(i) {
      var items = list.querySelectorAll('li[role=option]');
      if (!items.length) return;
      active = (i + items.length) % items.length;
      items.forEach(function (li, k) { li.setAttribute('aria-selected', k === active ? 'true' : 'false'); });
      items[active].scrollIntoView({ block: 'nearest' });
    }
    function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; }
    function render(results, stems) {
      list.innerHTML = '';
      if (!results.length) {
        list.innerHTML = '<li class="search-empty">' + escapeHtml(box.dataset.none || 'No results') + '</li>';
      }
      results.forEach(function (r, i) {
        var chunk = chunks[Math.floor(r[0] / meta.chunk)];
        if (!chunk) return;
        var d = chunk[r[0] % meta.chunk];
        var li = document.createElement('li');
        li.setAttribute('role', 'option');
        li.id = 'search-result-' + i;
        li.innerHTML = '<a href="' + escapeHtml(href(d[0], d[1])) + '"><span class="result-title">' +
          escapeHtml(d[2]) + (d[3] ? ' <span class="result-heading">› ' + snippet(d[3], stems, true) + '</span>' : '') +
          '</span><span class="result-snippet">' + snippet(d[4] || '', stems) + '</span></a>';
        list.appendChild(li);
      });
      shown = results;
      list.dataset.query = input.value;
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
      if (results.length) select(0);
    }
    function search() {
      var query = words(input.value);
      var mine = ++generation;
      if (!query.length) { close(); return; }
      start().then(function () {
        if (!meta) return null;
        var wanted = query.map(shardOf).filter(function (s, i, all) {
          return all.indexOf(s) === i && meta.shards.indexOf(s) !== -1;
        });
        return Promise.all(wanted.map(function (s) {
          return load('t/' + s + '.js', function () { return shards[s] !== undefined; });
        }));
      }).then(function () {
        if (mine !== generation || !meta) return;
        // Every word must match (AND); a document scores the best match of each.
        var scores = null, stems = [];
        query.forEach(function (word) {
          var mine = {};
          matches(word).forEach(function (m) {
            stems.push(m[0]);
            // Documents come as gaps from the one before.
            var postings = shards[shardOf(word)][m[0]], doc = 0;
            for (var k = 0; k < postings.length; k += 2) {
              doc += postings[k];
              var s = postings[k + 1] * m[1];
              if (!(mine[doc] >= s)) mine[doc] = s;
            }
          });
          if (scores === null) { scores = mine; return; }
          var both = {};
          Object.keys(mine).forEach(function (d) { if (scores[d] !== undefined) both[d] = scores[d] + mine[d]; });
          scores = both;
        });
        var results = Object.keys(scores || {}).map(function (d) { return [+d, scores[d]]; });
        results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        results = results.slice(0, 10);
        var need = results.map(function (r) { return Math.floor(r[0] / meta.chunk); })
          .filter(function (c, i, all) { return all.indexOf(c) === i; });
        return Promise.all(need.map(function (c) {
          return load('d/' + c + '.js', function () { return chunks[c] !== undefined; });
        })).then(function () {
          if (mine === generation) render(results, stems.concat(query));
        });
      });
    }
    input.addEventListener('input', search);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); if (list.hidden) search(); else select(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); select(active - 1); }
      else if (e.key === 'Enter') {
        var a = list.querySelector('li[aria-selected=true] a') || list.querySelector('li a');
        if (a && !list.hidden) { e.preventDefault(); location.href = a.href; }
      } else if (e.key === 'Escape') { close(); input.blur(); }
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.focus();
      }
    });
    document.addEventListener('click', function (e) { if (!box.contains(e.target)) close(); });
  })();

  // The postmortem index: filter rows by severity and service, kept in the URL's
  // hash (#severity=high&service=redis) so a filtered list can be shared.
  document.querySelectorAll('form[data-filter="incidents"]').forEach(function (form) {
    var section = form.parentNode;
    var rows = section.querySelectorAll('table.incidents tbody tr');
    var empty = section.querySelector('.filter-empty');
    var count = form.querySelector('.filter-count');
    var selects = form.querySelectorAll('select');
    function apply() {
      var severity = form.elements.severity.value;
      var service = form.elements.service.value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!severity || row.dataset.severity === severity) &&
          (!service || (row.dataset.services || '').indexOf(' ' + service + ' ') !== -1);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (empty) empty.hidden = shown !== 0;
      if (count) count.textContent = shown + ' / ' + rows.length + ' ' + (count.dataset.shown || '');
      var params = new URLSearchParams();
      if (severity) params.set('severity', severity);
      if (service) params.set('service', service);
      var hash = params.toString();
      if (history.replaceState) {
        history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
      }
    }
    var wanted = new URLSearchParams(location.hash.slice(1));
    selects.forEach(function (select) {
      var value = wanted.get(select.name);
      if (value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) select.value = value;
      select.addEventListener('change', apply);
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  });
})();
